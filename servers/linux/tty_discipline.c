/* tty_discipline.c - the Linux terminal task's line discipline on a console session: editing, echo,
 * signals, termios. */
#include "tty_discipline.h"
#include "tty_proto.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/vcon.h>
#include <string.h>

/*
 * One terminal, the console (the Linux terminal task, tty_server.c, runs this): the
 * console server's session is set raw (no editing, no
 * echo, no CR/NL translation on its side), and this file is the line discipline Linux
 * has in its tty layer: the termios flags and control characters a program sets with
 * TCSETS, canonical mode (lines, erase, kill, ^D), echo, ^C and ^\ as signals to the
 * foreground process group, and the output's NL -> CR NL. busybox's line editing
 * switches canonical mode and echo off and does its own.
 */

enum {
	EINVAL = 22,
	ENOTTY = 25,
	EAGAIN = 11,
	EPERM = 1,
};

/* termios bits (asm-generic/termbits.h) and the c_cc indexes. */
enum {
	T_INLCR = 0100,
	T_IGNCR = 0200,
	T_ICRNL = 0400,
	T_IXON = 02000,
	T_OPOST = 1,
	T_ONLCR = 4,
	T_ISIG = 1,
	T_ICANON = 2,
	T_ECHO = 010,
	T_ECHOE = 020,
	T_ECHOK = 040,
	T_ECHONL = 0100,
	T_ECHOCTL = 01000,
	T_ECHOKE = 04000,
	T_IEXTEN = 0100000,
	V_INTR = 0,
	V_QUIT = 1,
	V_ERASE = 2,
	V_KILL = 3,
	V_EOF = 4,
	V_SUSP = 10,
	V_EOL = 11,
	V_WERASE = 14,
	NCCS = 19,
};

/* struct termios as TCGETS copies it: 36 bytes on ARM. */
struct ktermios {
	uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
	uint8_t c_line;
	uint8_t c_cc[NCCS];
};
_Static_assert(sizeof(struct ktermios) == LX_TTY_TERMIOS_BYTES, "termios as the protocol has it");

#define INPUT_MAX 4096 /* readable bytes waiting */
#define LINE_MAX  256  /* the line being edited (canonical mode) */
#define LINES_MAX 64   /* finished lines waiting; a length 0 one is an end of file */

static struct {
	l4_cap_idx_t vcon;
	struct ktermios t;
	uint16_t rows, cols;
	uint32_t sid, pgrp;
	uint8_t in[INPUT_MAX]; /* readable */
	unsigned in_len;
	uint16_t lines[LINES_MAX]; /* canonical mode: the readable bytes by lines */
	unsigned nlines;
	uint8_t edit[LINE_MAX];
	unsigned edit_len;
} tty;

static void termios_default(struct ktermios *t)
{
	static const uint8_t cc[NCCS] = {3,    0x1c, 0x7f, 0x15, 4,    0,    1,	   0, 0x11,
					 0x13, 0x1a, 0,	   0x12, 0x0f, 0x17, 0x16, 0};
	memset(t, 0, sizeof(*t));
	t->c_iflag = T_ICRNL | T_IXON;
	t->c_oflag = T_OPOST | T_ONLCR;
	t->c_cflag = 0277; /* B38400 CS8 CREAD */
	t->c_lflag =
	    T_ISIG | T_ICANON | T_ECHO | T_ECHOE | T_ECHOK | T_ECHOCTL | T_ECHOKE | T_IEXTEN;
	memcpy(t->c_cc, cc, NCCS);
}

int tty_init(l4_cap_idx_t vcon, l4_cap_idx_t thread, l4_umword_t label)
{
	l4_vcon_attr_t raw = {0, 0, 0};
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	if (l4_error(l4_vcon_set_attr(vcon, &raw)) < 0 ||
	    l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) < 0 ||
	    l4_error(l4_rcv_ep_bind_thread(irq, thread, label)) < 0 ||
	    l4_error(l4_icu_bind(vcon, 0, irq)) < 0)
		return -1;
	tty.vcon = vcon;
	tty.rows = 24;
	tty.cols = 80;
	termios_default(&tty.t);
	return 0;
}

void tty_set_session(uint32_t sid, uint32_t pgrp)
{
	tty.sid = sid;
	tty.pgrp = pgrp;
}

uint32_t tty_session(void)
{
	return tty.sid;
}

uint32_t tty_foreground(void)
{
	return tty.pgrp;
}

/* Send @n bytes to the console as they are. */
static void put_raw(const uint8_t *buf, size_t n)
{
	while (n) {
		unsigned chunk = n > L4_VCON_WRITE_SIZE ? L4_VCON_WRITE_SIZE : (unsigned)n;
		l4_vcon_write(tty.vcon, (const char *)buf, chunk);
		buf += chunk;
		n -= chunk;
	}
}

long tty_write(const uint8_t *buf, size_t n)
{
	uint8_t out[256];
	size_t k = 0;
	bool crnl = (tty.t.c_oflag & T_OPOST) && (tty.t.c_oflag & T_ONLCR);
	for (size_t i = 0; i < n; i++) {
		if (k + 2 > sizeof(out)) {
			put_raw(out, k);
			k = 0;
		}
		if (buf[i] == '\n' && crnl)
			out[k++] = '\r';
		out[k++] = buf[i];
	}
	put_raw(out, k);
	return (long)n;
}

/* Echo typed @c: a control character as ^X with ECHOCTL. */
static void echo(uint8_t c)
{
	if (!(tty.t.c_lflag & T_ECHO))
		return;
	if ((tty.t.c_lflag & T_ECHOCTL) && c < 32 && c != '\n' && c != '\t') {
		uint8_t s[2] = {'^', (uint8_t)(c + 64)};
		tty_write(s, 2);
		return;
	}
	tty_write(&c, 1);
}

/* Erase the last character of the line being edited, on the screen too. */
static void erase_one(void)
{
	if (!tty.edit_len)
		return;
	tty.edit_len--;
	if ((tty.t.c_lflag & T_ECHO) && (tty.t.c_lflag & T_ECHOE))
		tty_write((const uint8_t *)"\b \b", 3);
}

/* Make @n bytes readable (what does not fit is lost, as a full tty drops input). */
static void make_readable(const uint8_t *b, unsigned n, bool line)
{
	if (tty.in_len + n > INPUT_MAX || (line && tty.nlines == LINES_MAX))
		return;
	memcpy(tty.in + tty.in_len, b, n);
	tty.in_len += n;
	if (line)
		tty.lines[tty.nlines++] = (uint16_t)n;
}

/* One typed byte through the discipline. Return: a signal it raises, or 0. */
static int input_byte(uint8_t c)
{
	const struct ktermios *t = &tty.t;
	if (c == '\r' && (t->c_iflag & T_IGNCR))
		return 0;
	if (c == '\r' && (t->c_iflag & T_ICRNL))
		c = '\n';
	else if (c == '\n' && (t->c_iflag & T_INLCR))
		c = '\r';
	if ((t->c_lflag & T_ISIG) && c &&
	    (c == t->c_cc[V_INTR] || c == t->c_cc[V_QUIT] || c == t->c_cc[V_SUSP])) {
		echo(c);
		tty.edit_len = 0; /* the signal flushes what was typed */
		tty.in_len = 0;
		tty.nlines = 0;
		return c == t->c_cc[V_INTR]   ? 2   /* SIGINT */
		       : c == t->c_cc[V_QUIT] ? 3   /* SIGQUIT */
					      : 20; /* SIGTSTP */
	}
	if (!(t->c_lflag & T_ICANON)) {
		make_readable(&c, 1, false);
		echo(c);
		return 0;
	}
	if (c == t->c_cc[V_ERASE] || c == '\b') {
		erase_one();
	} else if (c == t->c_cc[V_KILL]) {
		while (tty.edit_len)
			erase_one();
	} else if (c == t->c_cc[V_WERASE] && (t->c_lflag & T_IEXTEN)) {
		while (tty.edit_len && tty.edit[tty.edit_len - 1] == ' ')
			erase_one();
		while (tty.edit_len && tty.edit[tty.edit_len - 1] != ' ')
			erase_one();
	} else if (c == t->c_cc[V_EOF]) {
		make_readable(tty.edit, tty.edit_len, true); /* empty: an end of file */
		tty.edit_len = 0;
	} else if (c == '\n' || (c && c == t->c_cc[V_EOL])) {
		if (tty.edit_len < LINE_MAX)
			tty.edit[tty.edit_len++] = c;
		if ((t->c_lflag & T_ECHO) || (t->c_lflag & T_ECHONL))
			tty_write(&c, 1);
		make_readable(tty.edit, tty.edit_len, true);
		tty.edit_len = 0;
	} else if (tty.edit_len < LINE_MAX - 1) {
		tty.edit[tty.edit_len++] = c;
		echo(c);
	}
	return 0;
}

uint32_t tty_input(int *sig)
{
	char buf[64];
	int n;
	*sig = 0;
	while ((n = l4_vcon_read(tty.vcon, buf, sizeof(buf))) > 0) {
		if (n > (int)sizeof(buf))
			n = sizeof(buf);
		for (int i = 0; i < n; i++) {
			int s = input_byte((uint8_t)buf[i]);
			if (s)
				*sig = s;
		}
	}
	return *sig ? tty.pgrp : 0;
}

/* Take @n readable bytes into @buf (if not NULL). */
static void consume(uint8_t *buf, unsigned n)
{
	if (buf)
		memcpy(buf, tty.in, n);
	tty.in_len -= n;
	memmove(tty.in, tty.in + n, tty.in_len);
}

long tty_read(uint8_t *buf, size_t n)
{
	if (!(tty.t.c_lflag & T_ICANON)) {
		tty.nlines = 0;
		if (!tty.in_len)
			return -EAGAIN;
		unsigned k = n < tty.in_len ? (unsigned)n : tty.in_len;
		consume(buf, k);
		return (long)k;
	}
	if (!tty.nlines)
		return -EAGAIN;
	unsigned line = tty.lines[0], k = n < line ? (unsigned)n : line;
	consume(buf, k);
	if (k == line) { /* the whole line (or an end of file) is read */
		memmove(tty.lines, tty.lines + 1, (tty.nlines - 1) * sizeof(tty.lines[0]));
		tty.nlines--;
	} else {
		tty.lines[0] = (uint16_t)(line - k);
	}
	return (long)k;
}

unsigned tty_poll(void)
{
	bool ready = (tty.t.c_lflag & T_ICANON) ? tty.nlines != 0 : tty.in_len != 0;
	return (ready ? 1u : 0u) | 4u;
}

long tty_ioctl(uint32_t cmd, uint32_t arg, uint8_t *data, uint32_t sid)
{
	uint16_t ws[4];
	uint32_t v;
	switch (cmd) {
	case 0x5401: /* TCGETS */
		memcpy(data, &tty.t, sizeof(tty.t));
		return 0;
	case 0x5402: /* TCSETS */
	case 0x5403: /* TCSETSW: output is never queued here */
	case 0x5404: /* TCSETSF: and the input goes */
	{
		bool was_canon = tty.t.c_lflag & T_ICANON;
		memcpy(&tty.t, data, sizeof(tty.t));
		if (cmd == 0x5404)
			tty.in_len = tty.nlines = tty.edit_len = 0;
		/* Leaving canonical mode: what was typed of a line is readable now (as on
		 * Linux), so that nothing typed ahead of a raw read is lost. */
		if (was_canon && !(tty.t.c_lflag & T_ICANON) && tty.edit_len) {
			make_readable(tty.edit, tty.edit_len, false);
			tty.edit_len = 0;
		}
		return 0;
	}
	case 0x5413: /* TIOCGWINSZ */
		ws[0] = tty.rows, ws[1] = tty.cols, ws[2] = ws[3] = 0;
		memcpy(data, ws, sizeof(ws));
		return 0;
	case 0x5414: /* TIOCSWINSZ */
		memcpy(ws, data, sizeof(ws));
		tty.rows = ws[0], tty.cols = ws[1];
		return 0;
	case 0x540f: /* TIOCGPGRP */
		memcpy(data, &tty.pgrp, 4);
		return 0;
	case 0x5410: /* TIOCSPGRP: a group of the terminal's session */
		memcpy(&v, data, 4);
		if ((int32_t)v <= 0)
			return -EINVAL;
		if (sid != tty.sid)
			return -ENOTTY;
		tty.pgrp = v;
		return 0;
	case 0x5429: /* TIOCGSID */
		memcpy(data, &tty.sid, 4);
		return 0;
	case 0x540e: /* TIOCSCTTY: it is every session's */
		return 0;
	case 0x541b: /* FIONREAD */
		v = (tty.t.c_lflag & T_ICANON) ? (tty.nlines ? tty.lines[0] : 0) : tty.in_len;
		memcpy(data, &v, 4);
		return 0;
	case 0x540b: /* TCFLSH */
		if (arg == 0 || arg == 2)
			tty.in_len = tty.nlines = tty.edit_len = 0;
		return arg > 2 ? -EINVAL : 0;
	case 0x540a: /* TCXONC */
	case 0x5409: /* TCSBRK (tcdrain) */
		return 0;
	default:
		return -ENOTTY;
	}
}
