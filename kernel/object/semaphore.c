/* semaphore.c - semaphore objects: up (the IRQ trigger) and down with a timeout. */
#include "object/semaphore.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "mem/kmem.h"
#include "sched/preempt.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/irq.h>
#include <l4/sys/abi/semaphore.h>

struct semaphore *semaphore_create(struct factory *payer)
{
	struct semaphore *s = kmem_alloc(payer, sizeof(*s));
	if (!s)
		return NULL;
	kobj_init(&s->obj, KOBJ_SEMAPHORE, payer, sizeof(*s));
	return s;
}

/**
 * semaphore_destroy() - the semaphore is deleted: the threads in its down end with
 * REABORTED, one at a time between preemption points.
 * Return: true when done; false if stopped at a preemption point (call again).
 */
bool semaphore_destroy(struct semaphore *s)
{
	struct thread *t;
	while ((t = ipc_queue_take(&s->waiting))) {
		ipc_fail(t, L4_IPC_REABORTED);
		ipc_wake(t);
		if (preempt_point(COST_THREAD))
			return false;
	}
	return true;
}

/* Up: the first waiter (the highest priority, the longest waiting among equals) gets
 * the count at once; without one the count grows, up to its limit. */
static void up(struct semaphore *s)
{
	struct thread *t = ipc_queue_take(&s->waiting);
	if (t) {
		syscall_reply(t, 0);
		ipc_wake(t);
	} else if (s->count < L4_KEEL_SEMAPHORE_MAX) {
		s->count++;
	}
}

/* Down: take one count, or wait for an up as long as the receive timeout allows (a
 * timeout that does not let it wait: RETIMEOUT at once). */
static void down(struct thread *caller, struct semaphore *s)
{
	if (s->count) {
		s->count--;
		syscall_reply(caller, 0);
		return;
	}
	uint16_t rcv_timeout = (uint16_t)arch_ctx_syscall_timeout(&caller->ctx);
	ipc_wait_in_queue(caller, &s->waiting, rcv_timeout);
}

/**
 * semaphore_invoke() - protocol SEMAPHORE: DOWN (needs S); protocol IRQ (or
 * IRQ_SENDER): TRIGGER is up (no right needed, as for an IRQ).
 */
void semaphore_invoke(struct thread *caller, struct cap *cap)
{
	struct semaphore *s = (struct semaphore *)cap->obj;
	long label = syscall_label(caller);
	long result = 0;
	if (syscall_words(caller) < 1) {
		result = -L4_EMSGTOOSHORT;
	} else if (label == L4_PROTO_SEMAPHORE) {
		if (caller->utcb->mr[0] != L4_SEMAPHORE_OP_DOWN)
			result = -L4_ENOSYS;
		else if (!(cap->rights & CAP_RIGHT_S))
			result = -L4_EPERM;
		else {
			down(caller, s);
			return;
		}
	} else if (label == L4_PROTO_IRQ || label == L4_PROTO_IRQ_SENDER) {
		if (caller->utcb->mr[0] == L4_IRQ_OP_TRIGGER)
			up(s);
		else
			result = -L4_ENOSYS;
	} else {
		result = -L4_EBADPROTO;
	}
	syscall_reply(caller, result);
}
