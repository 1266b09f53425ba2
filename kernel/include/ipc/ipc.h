/* ipc.h - synchronous IPC: send, receive, call, reply, timeouts, cancel, items. */
#ifndef KEEL_IPC_H
#define KEEL_IPC_H

#include "object/thread.h"
#include "object/ipc_gate.h"

void ipc_invoke(struct thread *self, struct thread *dest, struct ipc_gate *gate, uint32_t label,
		uint32_t flags, uint32_t timeouts);

/**
 * ipc_cap_receiver() - where IPC through @cap, a thread or an IPC gate capability,
 * goes: the thread, or the thread bound to the gate.
 * @gate: set to the gate, or NULL for a thread.
 * @label: set to what the receiver will see: the capability's W and S rights for a
 * thread, ipc_gate_label() for a gate.
 * Return: the receiving thread; NULL for a gate with none bound (senders wait at the
 * gate until one is).
 */
static inline struct thread *ipc_cap_receiver(const struct cap *cap, struct ipc_gate **gate,
					      uint32_t *label)
{
	if (cap->obj->type == KOBJ_THREAD) {
		*gate = NULL;
		*label = cap->rights & CAP_RIGHTS_LABEL;
		return (struct thread *)cap->obj;
	}
	*gate = (struct ipc_gate *)cap->obj;
	*label = ipc_gate_label(*gate, cap->rights);
	return (*gate)->ep.thread;
}

/**
 * ipc_invoke_cap() - IPC system call of @self through @cap, a thread or an IPC gate
 * capability: ipc_invoke() to ipc_cap_receiver()'s thread, gate and label.
 * Inline, as the system call's slow path and the kernel-made calls use it.
 */
static inline void ipc_invoke_cap(struct thread *self, const struct cap *cap, uint32_t flags,
				  uint32_t timeouts)
{
	struct ipc_gate *gate;
	uint32_t label;
	struct thread *dest = ipc_cap_receiver(cap, &gate, &label);
	ipc_invoke(self, dest, gate, label, flags, timeouts);
}
/* Can the fast paths deliver to @dest: blocked in an open receive, not in a
 * kernel-made call of its own? */
static inline bool ipc_fastpath_receiver(const struct thread *dest)
{
	return dest && dest->state == THREAD_BLOCKED && dest->ipc_state == IPC_RECEIVING &&
	       dest->recv_open && dest->kipc == KIPC_NONE;
}
/**
 * ipc_fastpath_kernel_call() - finish a kernel-made call of @self to @dest (which
 * ipc_fastpath_receiver() accepts) whose @tag words the caller put into @dest's UTCB
 * already: @dest gets the tag and @label and the reply capability, @self waits.
 */
bool ipc_map_page_item(struct thread *sender, struct thread *receiver, l4_umword_t br,
		       l4_umword_t w0, l4_umword_t w1, l4_umword_t *ret);
void ipc_fastpath_kernel_call(struct thread *self, struct thread *dest, uint32_t label,
			      l4_msgtag_t tag);
void ipc_fastpath_call_queued(struct thread *self, struct thread *dest);
void ipc_fastpath_reply_queued(struct thread *self, struct thread *caller);
void ipc_timeout(struct thread *t);
bool ipc_wait_in_queue(struct thread *t, struct thread **queue, uint16_t timeout);
struct thread *ipc_queue_take(struct thread **queue);
bool ipc_wait_alone(struct thread *t, uint16_t timeout);
void ipc_leave_wait_queue(struct thread *t);
void ipc_cancel(struct thread *t);
bool ipc_thread_dying(struct thread *t);
bool ipc_gate_dying(struct ipc_gate *g);
bool ipc_gate_bound(struct ipc_gate *g);
void ipc_fail(struct thread *t, unsigned error);
void ipc_wake(struct thread *t);

#endif
