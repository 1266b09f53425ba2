/* console.c - the console server: the vcon and factory protocols, the UART's interrupt, main. */
#include "line.h"
#include "pl011.h"
#include "session.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/vcon.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Receive labels (multiples of 4: a gate adds the sender's rights in bits 0-1): the
 * UART's IRQ, the factory gate, and one per session from LABEL_SESSION0. */
#define LABEL_IRQ      4
#define LABEL_FACTORY  8
#define LABEL_SESSION0 16

static struct pl011 uart;
static l4_cap_idx_t rcv_slot; /* where the next received capability goes */

/* The terminal: the UART's transmitter. */
static void uart_put(char c)
{
	pl011_putc(&uart, c);
}

/* The UART interrupted: take all received characters, clear, acknowledge. The input
 * goes to the focused session, which hears of it through its IRQ. */
static void uart_irq(l4_cap_idx_t irq)
{
	session_reclaim(); /* so that the focus never stays with a session nobody holds */
	struct session *s = session_focused();
	bool readable = false;
	char c;
	pl011_clear_rx_irq(&uart);
	while (pl011_getc(&uart, &c))
		readable |= session_type(s, c);
	if (readable)
		session_notify(s);
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

/* READ: mr0 = the most bytes wanted << 16 | op; reply mr0 size | DONE (nothing left),
 * the bytes from mr1. */
static l4_msgtag_t vcon_read(struct session *s, l4_msg_regs_t *mr)
{
	unsigned long n = mr->mr[0] >> L4_VCON_READ_SHIFT;
	if (n > L4_VCON_READ_SIZE)
		n = L4_VCON_READ_SIZE;
	n = session_read(s, (char *)&mr->mr[1], n);
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
static long session_icu(struct session *s, const l4_msg_regs_t *mr, l4_msgtag_t tag)
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
	l4_cap_idx_t irq = rcv_slot;
	rcv_slot = l4re_util_cap_alloc();
	session_bind(s, irq);
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
	switch (mr->mr[0] & L4_VCON_OP_MASK) {
	case L4_VCON_WRITE_OP:
		return l4_msgtag(vcon_write(s, mr, words), 0, 0, 0);
	case L4_VCON_READ_OP:
		return vcon_read(s, mr);
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
	if (type != L4_VARG_TYPE_STRING || len > SESSION_TAG_MAX + 1 ||
	    words < 2 + (len + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t))
		return -L4_EINVAL;
	memcpy(tag, &mr->mr[2], len);
	tag[len < SESSION_TAG_MAX ? len : SESSION_TAG_MAX] = 0;
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
	char name[SESSION_TAG_MAX + 1];
	if (create_tag(mr, words, name))
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	struct session *s = session_open(name);
	if (!s)
		return l4_msgtag(-L4_ENOMEM, 0, 0, 0);
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(s->gate, 0, L4_CAP_FPAGE_RW).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/*
 * Drive the UART whose registers are the dataspace @regs_ds and whose receive
 * interrupt is @irq (bound to its line by whoever gave it to us): map the registers,
 * take the interrupt on this thread. Return: 0, or which step failed.
 */
static int uart_setup(l4re_ds_t regs_ds, l4_cap_idx_t irq)
{
	l4re_env_t *e = l4re_env();
	void *regs = 0;
	unsigned long size = l4re_ds_size(regs_ds);
	if (size == 0 || l4re_rm_attach(&regs, size, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, regs_ds,
					0, L4_PAGESHIFT) != 0)
		return 1;
	/* A restarted console binds the same IRQ again: this thread replaces the last. */
	if (l4_error(l4_rcv_ep_bind_thread(irq, e->main_thread, LABEL_IRQ)) < 0)
		return 2;
	pl011_init(&uart, regs);
	/* What is already in the receive FIFO was typed for us (clearing the interrupt
	 * above does not raise it again): take it now, which also unmasks the IRQ. */
	uart_irq(irq);
	return 0;
}

static l4_msgtag_t dispatch(l4_umword_t label, l4_msgtag_t tag)
{
	if (label == LABEL_FACTORY)
		return factory_request(tag);
	struct session *s = session_of_label(label);
	if (!s)
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	return session_request(s, tag);
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

/*
 * The console's capabilities, least privilege: "uart" the UART's registers (a
 * dataspace of exactly its page), "uart_irq" its receive interrupt (an IRQ already
 * bound to its line), "srv" the factory gate clients open sessions on.
 */
int main(void)
{
	l4re_ds_t regs = l4re_env_get_cap("uart");
	l4_cap_idx_t irq = l4re_env_get_cap("uart_irq");
	l4_cap_idx_t gate = l4re_env_get_cap("srv");
	rcv_slot = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(regs) || l4_is_invalid_cap(irq) || l4_is_invalid_cap(gate)) {
		printf("console: needs the capabilities 'uart', 'uart_irq' and 'srv'\n");
		return 1;
	}
	session_init(uart_put, LABEL_SESSION0);
	int err = uart_setup(regs, irq);
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
