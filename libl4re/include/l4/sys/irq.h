/* irq.h - IRQ objects: software-triggered or hardware interrupts received as messages. */
#ifndef L4_SYS_IRQ_H
#define L4_SYS_IRQ_H

#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/abi/irq.h>

/* Deliver to thread with label from now on (the same as l4_rcv_ep_bind_thread). */
L4_INLINE l4_msgtag_t l4_irq_attach_u(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread,
				      l4_utcb_t *utcb)
{
	return l4_rcv_ep_bind_thread_u(irq, thread, label, utcb);
}

L4_INLINE l4_msgtag_t l4_irq_attach(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread)
{
	return l4_irq_attach_u(irq, label, thread, l4_utcb());
}

/* No longer deliver to the bound thread. */
L4_INLINE l4_msgtag_t l4_irq_detach_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_SENDER_OP_DETACH;
	return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ_SENDER, 1, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_irq_detach(l4_cap_idx_t irq)
{
	return l4_irq_detach_u(irq, l4_utcb());
}

/* Raise the interrupt in software. */
L4_INLINE l4_msgtag_t l4_irq_trigger_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_TRIGGER;
	return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
}

L4_INLINE l4_msgtag_t l4_irq_trigger(l4_cap_idx_t irq)
{
	return l4_irq_trigger_u(irq, l4_utcb());
}

/* Acknowledge (unmask a hardware line), then wait for the next interrupt. */
L4_INLINE l4_msgtag_t l4_irq_receive_u(l4_cap_idx_t irq, l4_timeout_t to, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
	return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), to);
}

L4_INLINE l4_msgtag_t l4_irq_receive(l4_cap_idx_t irq, l4_timeout_t to)
{
	return l4_irq_receive_u(irq, to, l4_utcb());
}

/* Acknowledge, then wait for any message; its label arrives in *label. */
L4_INLINE l4_msgtag_t l4_irq_wait_u(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to,
				    l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
	return l4_ipc_send_and_wait(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), label, to);
}

L4_INLINE l4_msgtag_t l4_irq_wait(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to)
{
	return l4_irq_wait_u(irq, label, to, l4_utcb());
}

/* Acknowledge only: unmask the hardware line. */
L4_INLINE l4_msgtag_t l4_irq_unmask_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
	return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_irq_unmask(l4_cap_idx_t irq)
{
	return l4_irq_unmask_u(irq, l4_utcb());
}

#endif
