/* tty_proto.h - the protocol between the Linux server and its terminal task (IPC through the gate
 * "tty"). */
#ifndef LINUX_TTY_PROTO_H
#define LINUX_TTY_PROTO_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Messages have the label LX_TTY_PROTO; mr0 is the operation, the reply's label its
 * result (a byte count, 0, or a negative Linux errno). Bytes go in the MRs after the
 * words of an operation, at most LX_TTY_MSG_BYTES in one message. An ICU BIND
 * (L4_PROTO_IRQ, line 0, an IRQ capability) makes the task trigger that IRQ whenever
 * input arrived; LX_TTY_EVENT then says which signal, if any, the input raised.
 */
#define LX_TTY_PROTO	 0x7474
#define LX_TTY_MSG_BYTES 192

enum lx_tty_op {
	LX_TTY_READ,  /* mr1 most bytes; reply: the bytes from mr0 */
	LX_TTY_WRITE, /* mr1 size, bytes from mr2 */
	LX_TTY_POLL,  /* reply label: poll bits */
	LX_TTY_IOCTL, /* mr1 cmd, mr2 arg, mr3 caller's session, data from mr4; reply: data from mr0
		       */
	LX_TTY_SESSION, /* mr1 session, mr2 foreground group */
	LX_TTY_EVENT,	/* reply: mr0 signal (0: none), mr1 the group to send it to */
};

/* struct termios as TCGETS copies it on ARM: 4 flag words, c_line, 19 c_cc. */
#define LX_TTY_TERMIOS_BYTES 36

/* How many bytes of data the terminal ioctl @cmd carries (0: none), and whether the
 * caller gives them (*@in) or gets them. */
static inline unsigned lx_tty_ioctl_size(uint32_t cmd, bool *in)
{
	*in = cmd == 0x5402 || cmd == 0x5403 || cmd == 0x5404 || cmd == 0x5414 || cmd == 0x5410;
	switch (cmd) {
	case 0x5401: /* TCGETS, TCSETS(W, F): struct termios */
	case 0x5402:
	case 0x5403:
	case 0x5404:
		return LX_TTY_TERMIOS_BYTES;
	case 0x5413: /* TIOCGWINSZ, TIOCSWINSZ: struct winsize */
	case 0x5414:
		return 8;
	case 0x540f: /* TIOCGPGRP, TIOCSPGRP, TIOCGSID, FIONREAD */
	case 0x5410:
	case 0x5429:
	case 0x541b:
		return 4;
	default:
		return 0;
	}
}

#endif
