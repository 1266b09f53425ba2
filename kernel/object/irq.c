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

/* Off its thread's list of pending IRQs (it stays pending if it was). */
static void unlist(struct irq_object *irq)
{
	if (!irq->pend_pprev)
		return;
	*irq->pend_pprev = irq->pend_next;
	if (irq->pend_next)
		irq->pend_next->pend_pprev = irq->pend_pprev;
	irq->pend_next = NULL;
	irq->pend_pprev = NULL;
}

/* A pending IRQ goes on the list of its thread, if it has one. */
static void list_pending(struct irq_object *irq)
{
	struct thread *t = irq->ep.thread;
	if (!irq->pending || !t || irq->pend_pprev)
		return;
	irq->pend_next = t->irqs_pending;
	if (t->irqs_pending)
		t->irqs_pending->pend_pprev = &irq->pend_next;
	t->irqs_pending = irq;
	irq->pend_pprev = &t->irqs_pending;
}

/* A thread in a closed receive from @irq (l4_irq_receive()) that can no longer get
 * it, because the IRQ goes to another thread or none: its receive ends, REABORTED. */
static void abort_closed_receiver(struct irq_object *irq)
{
	struct thread *t = irq->ep.thread;
	if (t && t->recv_irq == irq && t->ipc_state == IPC_RECEIVING) {
		ipc_fail(t, L4_IPC_REABORTED);
		ipc_wake(t);
	}
}

static void unbind(struct irq_object *irq)
{
	abort_closed_receiver(irq);
	unlist(irq);
	rcv_ep_unbind(&irq->ep);
	irq->pending = false;
}

/**
 * irq_object_thread_gone() - @t is deleted: its pending IRQs leave its list (they
 * stay pending, for a hardware line's next thread).
 */
void irq_object_thread_gone(struct thread *t)
{
	while (t->irqs_pending)
		unlist(t->irqs_pending);
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

/* The message an interrupt arrives as: tag 0 (as Fiasco's: l4_error() of it is 0),
 * the IRQ's label in the label register. */
static void deliver(struct irq_object *irq, struct thread *t)
{
	t->utcb->tcr.error = 0;
	arch_ctx_set_syscall_result(&t->ctx, (uint32_t)l4_msgtag(0, 0, 0, 0).raw, irq->ep.label);
}

/* Deliver @irq's pending event to @t, which it is bound to: it is pending no more. */
static void deliver_pending(struct irq_object *irq, struct thread *t)
{
	unlist(irq);
	irq->pending = false;
	deliver(irq, t);
}

/**
 * irq_object_pending() - whether an IRQ bound to @receiver has an event pending
 * (its next open receive takes it).
 */
bool irq_object_pending(const struct thread *receiver)
{
	return receiver->irqs_pending != NULL;
}

/**
 * irq_object_deliver_pending() - an open receive first takes a pending interrupt
 * of an IRQ bound to the receiver. Return: true if one was delivered.
 */
bool irq_object_deliver_pending(struct thread *receiver)
{
	struct irq_object *irq = receiver->irqs_pending;
	if (!irq)
		return false;
	deliver_pending(irq, receiver);
	return true;
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
	if (t->ipc_state == IPC_RECEIVING && (t->recv_open || t->recv_irq == irq)) {
		deliver(irq, t);
		ipc_wake(t);
	} else {
		irq->pending = true;
		list_pending(irq);
	}
}

/*
 * EOI with a closed receive (L4Re's l4_irq_receive(), a call): this IRQ's event, at
 * once if one is pending, else the next one, as long as the receive timeout allows;
 * other senders stay queued, as on Fiasco. An IRQ bound to another thread, or to
 * none, sends the caller nothing: only the timeout or a cancel ends its wait.
 */
static void receive_closed(struct thread *caller, struct irq_object *irq)
{
	uint16_t timeout = (uint16_t)arch_ctx_syscall_timeout(&caller->ctx);
	if (irq->ep.thread != caller) {
		ipc_wait_alone(caller, timeout);
		return;
	}
	if (irq->pending) {
		deliver_pending(irq, caller);
		return;
	}
	if (ipc_wait_alone(caller, timeout))
		caller->recv_irq = irq;
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
			if (t != irq->ep.thread)
				abort_closed_receiver(irq);
			unlist(irq);
			rcv_ep_bind(&irq->ep, t, bind_label);
			list_pending(irq);
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
			if (!(syscall_flags(caller) & L4_SYSF_RECV))
				break;
			if (syscall_flags(caller) & L4_SYSF_OPEN_WAIT) /* l4_irq_wait() */
				ipc_invoke(caller, NULL, NULL, 0, L4_SYSF_RECV | L4_SYSF_OPEN_WAIT,
					   arch_ctx_syscall_timeout(&caller->ctx));
			else /* l4_irq_receive() */
				receive_closed(caller, irq);
			return;
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
