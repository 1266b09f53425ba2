/* console.c - the console server: PL011 output and input, vcon sessions with attributes. */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define UART_PHYS 0x09000000UL
#define UART_LINE (32 + 1) /* SPI 1 */

#define UART_DR	     0x00
#define UART_FR	     0x18
#define UART_IMSC    0x38
#define UART_ICR     0x44
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_RXIM    (1u << 4)
#define UART_RTIM    (1u << 6)

/* Receive labels (multiples of 4: a gate adds the sender's rights in bits 0-1): the
 * UART's IRQ, the factory gate, and one per session. */
#define LABEL_IRQ      4
#define LABEL_FACTORY  8
#define LABEL_SESSION0 16
#define MAX_SESSIONS   8
#define TAG_MAX	       16
#define LINE_MAX       128
#define OUT_MAX	       160
#define IN_MAX	       512
#define READ_MAX_BYTES ((L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t))

/* What the console did before it had attributes: line editing with echo, CR ends a
 * line as NL, NL goes out as CR NL. */
static const l4_vcon_attr_t default_attr = {
    .i_flags = L4_VCON_ICRNL, .o_flags = L4_VCON_ONLCR, .l_flags = L4_VCON_ICANON | L4_VCON_ECHO};

struct session {
	bool used;
	char tag[TAG_MAX + 1];
	char out[OUT_MAX]; /* the line being written, printed when complete */
	unsigned out_len;
	char in[IN_MAX]; /* typed input for this session, readable */
	unsigned in_len;
	l4_vcon_attr_t attr;
	unsigned long focus_stamp; /* when created or last bound: orders the focus */
	l4_cap_idx_t gate;
	l4_cap_idx_t notify; /* IRQ bound to line 0 of the session, or invalid */
};

static volatile uint32_t *uart;
static struct session sessions[MAX_SESSIONS];
static unsigned long focus_clock; /* counts creates and binds, for focus_stamp */
static char line[LINE_MAX];	  /* the line being edited, for the focused session */
static unsigned line_len;
static bool last_was_cr;
static char early[IN_MAX]; /* typed before any session existed, for the first one */
static unsigned early_len;
static l4_cap_idx_t rcv_slot; /* where the next received capability goes */

/* Send @c as it is. */
static void uart_raw(char c)
{
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (uint8_t)c;
}

/* Send @c for the terminal (echo, tags): NL as CR NL. */
static void uart_putc(char c)
{
	if (c == '\n')
		uart_raw('\r');
	uart_raw(c);
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

/* Send one output byte of session @s, translated by its output flags. */
static void session_putc(const struct session *s, char c)
{
	l4_umword_t o = s->attr.o_flags;
	if (c == '\n' && (o & L4_VCON_ONLCR))
		uart_raw('\r');
	if (c == '\r' && (o & L4_VCON_OCRNL))
		c = '\n';
	if (c == '\r' && (o & L4_VCON_ONLRET))
		return;
	uart_raw(c);
}

/* Print session @s's buffered line, with "[tag] " in front. */
static void session_flush(struct session *s)
{
	if (s->tag[0]) {
		uart_putc('[');
		uart_puts(s->tag);
		uart_puts("] ");
	}
	for (unsigned i = 0; i < s->out_len; i++)
		session_putc(s, s->out[i]);
	s->out_len = 0;
}

/*
 * Write @size bytes of session @s. Output is kept per session until a line is
 * complete (or the buffer full), so clients' lines never mix on the UART.
 */
static void session_write(struct session *s, const char *bytes, unsigned long size)
{
	for (unsigned long i = 0; i < size; i++) {
		s->out[s->out_len++] = bytes[i];
		if (bytes[i] == '\n' || s->out_len == OUT_MAX)
			session_flush(s);
	}
}

/* Forget session @s's IRQ (the capability goes, and the focus with it). */
static void session_unbind(struct session *s)
{
	if (l4_is_valid_cap(s->notify))
		l4re_util_cap_free_um(s->notify);
	s->notify = L4_INVALID_CAP;
}

/* Free session @s: its gate (and so the client's copies) and its IRQ go. */
static void session_free(struct session *s)
{
	session_unbind(s);
	l4_task_delete_obj(L4_BASE_TASK_CAP, s->gate);
	l4re_util_cap_free(s->gate);
	s->used = false;
}

/*
 * Free the sessions nobody can reach any more: the server is not told when a client
 * drops its capability, but the kernel knows whether our gate capability still has
 * copies derived from it (the ones mapped to clients).
 */
static void reclaim_sessions(void)
{
	for (unsigned i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].used &&
		    l4_error(l4_task_cap_has_child(L4_BASE_TASK_CAP, sessions[i].gate)) == 0)
			session_free(&sessions[i]);
}

/* Does @a come before @b for the focus? A bound session before an unbound one, then
 * the later create or bind. */
static bool focus_before(const struct session *a, const struct session *b)
{
	bool a_bound = l4_is_valid_cap(a->notify), b_bound = l4_is_valid_cap(b->notify);
	if (a_bound != b_bound)
		return a_bound;
	return a->focus_stamp > b->focus_stamp;
}

/* The session typed input goes to, or NULL if there is none. */
static struct session *focused(void)
{
	struct session *best = NULL;
	for (unsigned i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].used && (!best || focus_before(&sessions[i], best)))
			best = &sessions[i];
	return best;
}

/* Make @n bytes readable on session @s (what does not fit is lost). */
static void session_input(struct session *s, const char *bytes, unsigned n)
{
	if (s->in_len + n > IN_MAX)
		return;
	memcpy(s->in + s->in_len, bytes, n);
	s->in_len += n;
}

static void echo(const struct session *s, char c)
{
	if (s->attr.l_flags & L4_VCON_ECHO)
		uart_putc(c);
}

/* Raw mode: @c is readable at once, after the input flags' CR/NL translation.
 * Return whether there is new input. */
static bool raw_input(struct session *s, char c)
{
	l4_umword_t i = s->attr.i_flags;
	if (c == '\r' && (i & L4_VCON_IGNCR))
		return false;
	if (c == '\r' && (i & L4_VCON_ICRNL))
		c = '\n';
	else if (c == '\n' && (i & L4_VCON_INLCR))
		c = '\r';
	echo(s, c);
	session_input(s, &c, 1);
	return true;
}

/* Canonical mode: line editing of @c (erase, Enter; CR LF counts once). Return
 * whether a line became readable. */
static bool canonical_input(struct session *s, char c)
{
	bool cr = c == '\r';
	if (c == '\n' && last_was_cr) {
		last_was_cr = false;
		return false;
	}
	last_was_cr = cr;
	if (cr || c == '\n') {
		echo(s, '\n');
		line[line_len++] = '\n'; /* LINE_MAX leaves room for it */
		session_input(s, line, line_len);
		line_len = 0;
		return true;
	}
	if (c == 0x7f || c == '\b') {
		if (line_len) {
			line_len--;
			if (s->attr.l_flags & L4_VCON_ECHO)
				uart_puts("\b \b");
		}
	} else if (c >= 0x20 && line_len < LINE_MAX - 1) {
		line[line_len++] = c;
		echo(s, c);
	}
	return false;
}

/* Typed character @c for session @s, through its line discipline. Return whether
 * there is new input to read. */
static bool take_input(struct session *s, char c)
{
	if (s->attr.l_flags & L4_VCON_ICANON)
		return canonical_input(s, c);
	return raw_input(s, c);
}

/* The UART interrupted: take all received characters, clear, acknowledge. The input
 * goes to the focused session, which hears of it through its IRQ. */
static void uart_irq(l4_cap_idx_t irq)
{
	reclaim_sessions(); /* so that the focus never stays with a session nobody holds */
	struct session *s = focused();
	bool readable = false;
	/* Clear first: a character arriving while we drain raises the line again. */
	uart[UART_ICR / 4] = UART_RXIM | UART_RTIM;
	while (!(uart[UART_FR / 4] & UART_FR_RXFE)) {
		char c = (char)(uart[UART_DR / 4] & 0xff);
		if (!s) {
			/* Nobody to type to yet: keep it for the first session, so that
			 * what is typed while the system starts is not lost. */
			if (early_len < IN_MAX)
				early[early_len++] = c;
			continue;
		}
		readable |= take_input(s, c);
	}
	if (readable && l4_is_valid_cap(s->notify))
		l4_irq_trigger(s->notify);
	l4_irq_unmask(irq);
}

/* Give what was typed before any session existed to @s, its first one. */
static void take_early_input(struct session *s)
{
	for (unsigned i = 0; i < early_len; i++)
		take_input(s, early[i]);
	early_len = 0;
}

/* WRITE: mr1 size, bytes from mr2. */
static long vcon_write(struct session *s, l4_msg_regs_t *mr, unsigned words)
{
	if (words < 2)
		return -L4_EMSGTOOSHORT;
	unsigned long size = mr->mr[1];
	if (size > L4_VCON_WRITE_SIZE)
		return -L4_EINVAL;
	if (size > (words - 2) * sizeof(l4_umword_t))
		return -L4_EMSGTOOSHORT;
	session_write(s, (const char *)&mr->mr[2], size);
	return 0;
}

/* READ: mr1 the most bytes wanted; reply mr0 size | DONE, bytes from mr1. */
static l4_msgtag_t vcon_read(struct session *s, l4_msg_regs_t *mr, unsigned words)
{
	if (words < 2)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	unsigned long n = mr->mr[1];
	if (n > s->in_len)
		n = s->in_len;
	if (n > READ_MAX_BYTES)
		n = READ_MAX_BYTES;
	memcpy(&mr->mr[1], s->in, n);
	s->in_len -= (unsigned)n;
	memmove(s->in, s->in + n, s->in_len);
	mr->mr[0] = n | (s->in_len ? 0 : L4_VCON_READ_STAT_DONE);
	return l4_msgtag(0, 1 + (n + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t), 0, 0);
}

/* SET_ATTR: mr1..mr3 the new i_flags, o_flags, l_flags (kept as they are). */
static long vcon_set_attr(struct session *s, const l4_msg_regs_t *mr, unsigned words)
{
	if (words < 4)
		return -L4_EMSGTOOSHORT;
	s->attr.i_flags = mr->mr[1];
	s->attr.o_flags = mr->mr[2];
	s->attr.l_flags = mr->mr[3];
	return 0;
}

/* GET_ATTR: reply mr1..mr3 i_flags, o_flags, l_flags. */
static l4_msgtag_t vcon_get_attr(const struct session *s, l4_msg_regs_t *mr)
{
	mr->mr[0] = 0;
	mr->mr[1] = s->attr.i_flags;
	mr->mr[2] = s->attr.o_flags;
	mr->mr[3] = s->attr.l_flags;
	return l4_msgtag(0, 4, 0, 0);
}

/* The session as an ICU with one line: BIND/UNBIND line 0 to the client's IRQ. A
 * bind also takes the input focus. */
static long session_icu(struct session *s, l4_msg_regs_t *mr, l4_msgtag_t tag)
{
	if (l4_msgtag_words(tag) < 2)
		return -L4_EMSGTOOSHORT;
	if (mr->mr[0] != L4_ICU_OP_BIND && mr->mr[0] != L4_ICU_OP_UNBIND)
		return -L4_ENOSYS;
	if (mr->mr[1] != 0)
		return -L4_EINVAL;
	if (mr->mr[0] == L4_ICU_OP_UNBIND) {
		session_unbind(s);
		return 0;
	}
	if (l4_msgtag_items(tag) < 1)
		return -L4_EINVAL;
	session_unbind(s);
	s->notify = rcv_slot;
	s->focus_stamp = ++focus_clock;
	rcv_slot = l4re_util_cap_alloc();
	if (s->in_len)
		l4_irq_trigger(s->notify);
	return 0;
}

static l4_msgtag_t session_request(struct session *s, l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned words = l4_msgtag_words(tag);
	if (l4_msgtag_label(tag) == L4_PROTO_IRQ)
		return l4_msgtag(session_icu(s, mr, tag), 0, 0, 0);
	if (l4_msgtag_label(tag) != L4_PROTO_LOG)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	if (words < 1)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	switch (mr->mr[0]) {
	case L4_VCON_WRITE_OP:
		return l4_msgtag(vcon_write(s, mr, words), 0, 0, 0);
	case L4_VCON_READ_OP:
		return vcon_read(s, mr, words);
	case L4_VCON_SET_ATTR_OP:
		return l4_msgtag(vcon_set_attr(s, mr, words), 0, 0, 0);
	case L4_VCON_GET_ATTR_OP:
		return vcon_get_attr(s, mr);
	default:
		return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
	}
}

/* The optional string argument of a create message: the session's tag. */
static long create_tag(const l4_msg_regs_t *mr, unsigned words, char *tag)
{
	tag[0] = 0;
	if (words < 2)
		return 0;
	unsigned type = mr->mr[1] & 0xff, len = mr->mr[1] >> 16;
	if (type != L4_VARG_TYPE_STRING || len > TAG_MAX + 1 ||
	    words < 2 + (len + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t))
		return -L4_EINVAL;
	memcpy(tag, &mr->mr[2], len);
	tag[len < TAG_MAX ? len : TAG_MAX] = 0;
	return 0;
}

/* A free session slot (reclaiming abandoned sessions if need be), or NULL. */
static struct session *session_slot(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < MAX_SESSIONS; i++)
			if (!sessions[i].used)
				return &sessions[i];
		reclaim_sessions();
	}
	return NULL;
}

/* A new session tagged @name: its gate in @s->gate; newest, so it may get the focus. */
static long session_create(struct session *s, const char *name)
{
	unsigned long label = LABEL_SESSION0 + 4 * (unsigned long)(s - sessions);
	s->gate = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_gate(l4re_env()->factory, s->gate, l4re_env()->main_thread,
					    label)) < 0) {
		l4re_util_cap_free(s->gate);
		return -L4_ENOMEM;
	}
	s->used = true;
	s->out_len = 0;
	s->in_len = 0;
	s->attr = default_attr;
	s->notify = L4_INVALID_CAP;
	s->focus_stamp = ++focus_clock;
	strcpy(s->tag, name);
	take_early_input(s);
	return 0;
}

/* FACTORY create (protocol LOG, optional tag): a session gate, mapped in the reply. */
static l4_msgtag_t factory_request(l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	unsigned words = l4_msgtag_words(tag);
	if (l4_msgtag_label(tag) != L4_PROTO_FACTORY)
		return l4_msgtag(-L4_EBADPROTO, 0, 0, 0);
	if (words < 1)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	if ((long)mr->mr[0] != L4_PROTO_LOG)
		return l4_msgtag(-L4_ENODEV, 0, 0, 0);
	char name[TAG_MAX + 1];
	if (create_tag(mr, words, name))
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	struct session *s = session_slot();
	if (!s || session_create(s, name) < 0)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(s->gate, 0, L4_CAP_FPAGE_RW).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* Map the UART, bind its receive interrupt to @irq and this thread. */
static int uart_setup(l4_cap_idx_t icu, l4_cap_idx_t irq)
{
	l4re_env_t *e = l4re_env();
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *regs = 0;
	if (l4re_ma_alloc_mmio_srv(e->mem_alloc, UART_PHYS, L4_PAGESIZE, ds) != 0 ||
	    l4re_rm_attach(&regs, L4_PAGESIZE, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0,
			   L4_PAGESHIFT) != 0)
		return 1;
	uart = regs;
	if (l4_error(l4_factory_create_irq(e->factory, irq)) < 0 ||
	    l4_error(l4_icu_set_mode(icu, UART_LINE, L4_IRQ_F_LEVEL_HIGH)) < 0 ||
	    l4_error(l4_icu_bind(icu, UART_LINE, irq)) < 0 ||
	    l4_error(l4_rcv_ep_bind_thread(irq, e->main_thread, LABEL_IRQ)) < 0)
		return 2;
	uart[UART_ICR / 4] = 0x7ff;
	uart[UART_IMSC / 4] |= UART_RXIM | UART_RTIM;
	/* What is already in the receive FIFO was typed for us (clearing the interrupt
	 * above does not raise it again): take it now, which also unmasks the IRQ. */
	uart_irq(irq);
	return 0;
}

static l4_msgtag_t dispatch(l4_umword_t label, l4_msgtag_t tag)
{
	if (label == LABEL_FACTORY)
		return factory_request(tag);
	unsigned i = (unsigned)(label - LABEL_SESSION0) / 4;
	if (label < LABEL_SESSION0 || i >= MAX_SESSIONS || !sessions[i].used)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	return session_request(&sessions[i], tag);
}

/* Serve: the UART's interrupts and requests on the factory and session gates. */
static void serve(l4_cap_idx_t irq)
{
	l4_utcb_t *u = l4_utcb();
	l4_umword_t label;
	l4_msgtag_t reply = l4_msgtag(0, 0, 0, 0);
	bool have_reply = false;
	for (;;) {
		l4_buf_regs_t *br = l4_utcb_br_u(u);
		br->bdr = 0;
		br->br[0] = rcv_slot | L4_RCV_ITEM_SINGLE_CAP;
		l4_msgtag_t tag = have_reply ? l4_ipc_reply_and_wait(u, reply, &label, L4_IPC_NEVER)
					     : l4_ipc_wait(u, &label, L4_IPC_NEVER);
		have_reply = false;
		if (l4_ipc_error(tag, u))
			continue;
		label &= ~3UL; /* the sender's W and S rights on a gate */
		if (label == LABEL_IRQ) {
			uart_irq(irq);
			continue;
		}
		reply = dispatch(label, tag);
		have_reply = true;
	}
}

int main(void)
{
	l4_cap_idx_t icu = l4re_env_get_cap("icu");
	l4_cap_idx_t gate = l4re_env_get_cap("srv");
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	rcv_slot = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(icu) || l4_is_invalid_cap(gate)) {
		printf("console: needs the capabilities 'icu' and 'srv'\n");
		return 1;
	}
	int err = uart_setup(icu, irq);
	if (err) {
		printf("console: cannot drive the UART (%d)\n", err);
		return 2;
	}
	if (l4_error(l4_rcv_ep_bind_thread(gate, l4re_env()->main_thread, LABEL_FACTORY)) < 0) {
		printf("console: cannot serve its gate\n");
		return 3;
	}
	serve(irq);
	return 0;
}
