/* irq.c - IRQ objects: bind to a thread, trigger (software or ICU), delivery as a message.
 */
#include "object/irq.h"
#include "object/icu.h"
#include "ipc/ipc.h"
#include "object/ipc_gate.h"
#include "mem/kmem.h"
#include "ipc/syscall.h"
#include "object/thread.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/irq.h>
#include <l4/sys/abi/kobject.h>

struct irq_object *irq_object_create(struct factory *payer)
{
	struct irq_object *irq = kmem_alloc(payer, sizeof(*irq));
	if (!irq)
		return NULL;
	kobj_init(&irq->ep.obj, KOBJ_IRQ, payer, sizeof(*irq));
	return irq;
}

static void unbind(struct irq_object *irq)
{
	rcv_ep_unbind(&irq->ep);
	irq->pending = false;
}

/**
 * irq_object_destroy() - the IRQ is deleted: its hardware line (if any) is masked
 * and released, and it no longer delivers to its thread.
 */
void irq_object_destroy(struct irq_object *irq)
{
	icu_release(irq);
	unbind(irq);
}

/* The message an interrupt arrives as: protocol IRQ, no words, the IRQ's label. */
static void deliver(struct irq_object *irq, struct thread *t)
{
	t->utcb->tcr.error = 0;
	arch_ctx_set_syscall_result(&t->ctx, (uint32_t)l4_msgtag(L4_PROTO_IRQ, 0, 0, 0).raw,
				    irq->ep.label);
}

/**
 * irq_object_pending() - whether an IRQ bound to @receiver has an event pending
 * (its next open receive takes it).
 */
bool irq_object_pending(const struct thread *receiver)
{
	for (const struct rcv_ep *ep = receiver->endpoints; ep; ep = ep->bound_next)
		if (ep->obj.type == KOBJ_IRQ && ((const struct irq_object *)ep)->pending)
			return true;
	return false;
}

/**
 * irq_object_deliver_pending() - an open receive first takes a pending interrupt
 * of an IRQ bound to the receiver. Return: true if one was delivered.
 */
bool irq_object_deliver_pending(struct thread *receiver)
{
	for (struct rcv_ep *ep = receiver->endpoints; ep; ep = ep->bound_next) {
		struct irq_object *irq = (struct irq_object *)ep;
		if (ep->obj.type == KOBJ_IRQ && irq->pending) {
			irq->pending = false;
			deliver(irq, receiver);
			return true;
		}
	}
	return false;
}

/**
 * irq_object_trigger() - the interrupt happened (software trigger or its hardware
 * line): deliver it now if the bound thread waits openly, else keep one pending
 * event (further ones coalesce) for its next open receive.
 */
void irq_object_trigger(struct irq_object *irq)
{
	struct thread *t = irq->ep.thread;
	if (!t) {
		/* Unbound: a hardware event waits (its line stays masked). */
		if (irq->hw_irq)
			irq->pending = true;
		return;
	}
	if (t->ipc_state == IPC_RECEIVING && t->recv_open) {
		deliver(irq, t);
		ipc_wake(t);
	} else {
		irq->pending = true;
	}
}

/**
 * irq_object_invoke() - KOBJECT bind (needs W), IRQ trigger/detach/EOI.
 */
void irq_object_invoke(struct thread *caller, struct cap *cap)
{
	struct irq_object *irq = (struct irq_object *)cap->obj;
	long label = syscall_label(caller);
	long result;
	if (syscall_words(caller) < 1) {
		result = -L4_EMSGTOOSHORT;
	} else if (label == L4_PROTO_KOBJECT) {
		struct thread *t;
		uint32_t bind_label;
		result = caller->utcb->mr[0] == L4_RCV_EP_BIND_OP ? 0 : -L4_ENOSYS;
		if (result == 0 && !(cap->rights & CAP_RIGHT_W))
			result = -L4_EPERM;
		if (result == 0)
			result = rcv_ep_bind_args(caller, &t, &bind_label);
		if (result == 0) {
			/* A hardware event that arrived while unbound goes to the new thread. */
			irq->pending = irq->pending && irq->hw_irq;
			rcv_ep_bind(&irq->ep, t, bind_label);
		}
	} else if (label == L4_PROTO_IRQ || label == L4_PROTO_IRQ_SENDER) {
		switch (caller->utcb->mr[0]) {
		case L4_IRQ_OP_TRIGGER:
			irq_object_trigger(irq);
			result = 0;
			break;
		case L4_IRQ_SENDER_OP_DETACH:
			unbind(irq);
			result = 0;
			break;
		case L4_IRQ_OP_EOI:
			icu_unmask(irq);
			result = 0;
			if (syscall_flags(caller) & L4_SYSF_RECV) {
				ipc_invoke(caller, NULL, NULL, 0, L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
					   arch_ctx_syscall_timeout(&caller->ctx));
				return;
			}
			break;
		default:
			result = -L4_ENOSYS;
			break;
		}
	} else {
		result = -L4_EBADPROTO;
	}
	syscall_reply(caller, result);
}
