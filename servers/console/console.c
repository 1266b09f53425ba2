/* console.c - the console server: PL011 output and line-edited input, vcon sessions. */
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
#define READY_MAX      512
#define READ_MAX_BYTES ((L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t))

struct session {
	bool used;
	char tag[TAG_MAX + 1];
	char out[OUT_MAX]; /* the line being written, printed when complete */
	unsigned out_len;
	l4_cap_idx_t gate;
	l4_cap_idx_t notify; /* IRQ bound to line 0 of the session, or invalid */
};

static volatile uint32_t *uart;
static struct session sessions[MAX_SESSIONS];
static char line[LINE_MAX]; /* the line being edited */
static unsigned line_len;
static char ready[READY_MAX]; /* completed lines, readable */
static unsigned ready_len;
static bool last_was_cr;
static l4_cap_idx_t rcv_slot; /* where the next received capability goes */

static void uart_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	while (uart[UART_FR / 4] & UART_FR_TXFF)
		;
	uart[UART_DR / 4] = (uint8_t)c;
}

static void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
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
		uart_putc(s->out[i]);
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

/* Tell every session with a bound IRQ that input is ready. */
static void notify_all(void)
{
	for (unsigned i = 0; i < MAX_SESSIONS; i++)
		if (sessions[i].used && l4_is_valid_cap(sessions[i].notify))
			l4_irq_trigger(sessions[i].notify);
}

/* Enter: the edited line (and a newline) becomes readable. */
static void line_complete(void)
{
	uart_putc('\n');
	if (ready_len + line_len + 1 <= READY_MAX) {
		memcpy(ready + ready_len, line, line_len);
		ready_len += line_len;
		ready[ready_len++] = '\n';
	}
	line_len = 0;
	notify_all();
}

/* Line editing of one received character: echo, backspace, Enter. */
static void input_char(char c)
{
	bool cr = c == '\r';
	if (c == '\n' && last_was_cr) {
		last_was_cr = false;
		return;
	}
	last_was_cr = cr;
	if (cr || c == '\n') {
		line_complete();
	} else if (c == 0x7f || c == '\b') {
		if (line_len) {
			line_len--;
			uart_puts("\b \b");
		}
	} else if (c >= 0x20 && line_len < LINE_MAX) {
		line[line_len++] = c;
		uart_putc(c);
	}
}

/* The UART interrupted: take all received characters, clear, acknowledge. */
static void uart_irq(l4_cap_idx_t irq)
{
	/* Clear first: a character arriving while we drain raises the line again. */
	uart[UART_ICR / 4] = UART_RXIM | UART_RTIM;
	while (!(uart[UART_FR / 4] & UART_FR_RXFE))
		input_char((char)(uart[UART_DR / 4] & 0xff));
	l4_irq_unmask(irq);
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
static l4_msgtag_t vcon_read(l4_msg_regs_t *mr, unsigned words)
{
	if (words < 2)
		return l4_msgtag(-L4_EMSGTOOSHORT, 0, 0, 0);
	unsigned long n = mr->mr[1];
	if (n > ready_len)
		n = ready_len;
	if (n > READ_MAX_BYTES)
		n = READ_MAX_BYTES;
	memcpy(&mr->mr[1], ready, n);
	ready_len -= (unsigned)n;
	memmove(ready, ready + n, ready_len);
	mr->mr[0] = n | (ready_len ? 0 : L4_VCON_READ_STAT_DONE);
	return l4_msgtag(0, 1 + (n + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t), 0, 0);
}

/* The session as an ICU with one line: BIND/UNBIND line 0 to the client's IRQ. */
static long session_icu(struct session *s, l4_msg_regs_t *mr, l4_msgtag_t tag)
{
	if (l4_msgtag_words(tag) < 2)
		return -L4_EMSGTOOSHORT;
	if (mr->mr[0] != L4_ICU_OP_BIND && mr->mr[0] != L4_ICU_OP_UNBIND)
		return -L4_ENOSYS;
	if (mr->mr[1] != 0)
		return -L4_EINVAL;
	if (mr->mr[0] == L4_ICU_OP_UNBIND) {
		s->notify = L4_INVALID_CAP;
		return 0;
	}
	if (l4_msgtag_items(tag) < 1)
		return -L4_EINVAL;
	s->notify = rcv_slot;
	rcv_slot = l4re_util_cap_alloc();
	if (ready_len)
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
	if (mr->mr[0] == L4_VCON_WRITE_OP)
		return l4_msgtag(vcon_write(s, mr, words), 0, 0, 0);
	if (mr->mr[0] == L4_VCON_READ_OP)
		return vcon_read(mr, words);
	return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
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
	unsigned i = 0;
	while (i < MAX_SESSIONS && sessions[i].used)
		i++;
	if (i == MAX_SESSIONS)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	struct session *s = &sessions[i];
	s->gate = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_gate(l4re_env()->factory, s->gate, l4re_env()->main_thread,
					    LABEL_SESSION0 + 4 * i)) < 0)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	s->used = true;
	s->out_len = 0;
	s->notify = L4_INVALID_CAP;
	strcpy(s->tag, name);
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
	while (!(uart[UART_FR / 4] & UART_FR_RXFE))
		(void)uart[UART_DR / 4];
	uart[UART_ICR / 4] = 0x7ff;
	uart[UART_IMSC / 4] |= UART_RXIM | UART_RTIM;
	l4_irq_unmask(irq);
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
