/* fastpath.c - the IPC fast paths: a call and a reply-and-wait straight into the other thread. */
#include "ipc/fastpath.h"
#include "ipc/fault.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"
#include "object/ipc_gate.h"
#include "object/task.h"
#include "sched/runqueue.h"
#include "sched/to_user.h"
#include "string.h"
#include <l4/sys/types.h>

/*
 * Most IPC is a client's call to a server waiting in its reply-and-wait, and the
 * server's next reply-and-wait back to that client. Both are done here, from the
 * system call to the other thread's user mode, when nothing but the message and the
 * switch is to be done:
 * - an invoke by a thread that is not an alien, words only (no items: at most 63
 *   words, so the message always fits), receive timeout never;
 * - the other thread waits for exactly this: an open receive (call) or this reply,
 *   with no kernel-made call of its own to finish first;
 * - nothing else donates to the thread that runs next, and the scheduler would pick
 *   it now (sched_hand_over(), which makes the switch without run-queue work).
 * The results, IPC state and ready queues are those the general path (ipc.c) leaves,
 * except that the thread that gets the message runs at once, ahead of others of its
 * priority (docs/scheduling.md, "Direct switches"). Anything else, with nothing
 * changed, goes the general way: syscall_entry(), then schedule_and_return().
 *
 * Built without the frame pointer (cmake/target.cmake): these are the instructions
 * every IPC pays, and nothing here can panic, so no backtrace is lost.
 */

/* The fast paths' message: words only, no more than @room of them written (a thread in
 * a kernel-made call: fault_saved_words()). Return: the tag the receiver sees. */
static ALWAYS_INLINE uint32_t deliver_words(struct thread *from, struct thread *to, l4_msgtag_t tag,
					    uint32_t label, unsigned room)
{
	unsigned words = l4_msgtag_words(tag);
	if (words)
		memcpy(to->utcb->mr, from->utcb->mr,
		       (words < room ? words : room) * sizeof(l4_umword_t));
	to->utcb->tcr.error = 0;
	uint32_t rtag = (uint32_t)l4_msgtag(l4_msgtag_label(tag), words, 0, 0).raw;
	arch_ctx_set_syscall_result(&to->ctx, rtag, label);
	return rtag;
}

/*
 * @to's receive ended (its result is set) and it runs now; @self waits in a receive,
 * closed from @partner or open (NULL), without a timeout. As ipc.c's block() and
 * ipc_wake(), minus the scheduler's part, which sched_hand_over() did. @kernel_call:
 * @self makes a kernel-made call (a constant at each use).
 */
static ALWAYS_INLINE void switch_ipc_state(struct thread *self, struct thread *to,
					   struct thread *partner, bool kernel_call)
{
	to->rcv_seq++; /* its receive is over: a transfer into it that stopped cannot go on */
	to->ipc_state = IPC_IDLE;
	to->partner = NULL;
	if (timeout_pending(&to->timeout))
		sched_clear_timeout(to);
	self->ipc_state = IPC_RECEIVING;
	self->partner = partner;
	self->recv_open = !partner;
	self->alien_syscall_allowed = false;
	/* The result if nothing arrives (a canceled or deleted partner sets its own). A
	 * fast kernel-made call leaves the UTCB alone: its result is the tag (as in
	 * ipc_fail()). */
	if (!kernel_call || !self->kipc_unsaved)
		self->utcb->tcr.error = L4_IPC_RETIMEOUT;
	arch_ctx_set_syscall_result(&self->ctx, L4_MSGTAG_ERROR, 0);
}

/*
 * Can a call of @self go straight into @dest, waiting in an open receive, which will
 * hold self's reply capability and nothing else? Return: true with the priority it
 * would run at in *@prio (its own, or the higher one self donates).
 */
static inline bool call_switch_prio(const struct thread *self, const struct thread *dest,
				    unsigned *prio)
{
	if (!ipc_fastpath_receiver(dest) || dest->kipc_unsaved || dest->senders || dest->reply_to ||
	    dest->wait_pprev)
		return false;
	*prio = dest->prio > self->queued_prio ? dest->prio : self->queued_prio;
	return true;
}

/* After sched_hand_over() and the message: @dest has self's reply capability and runs,
 * @self waits for the reply (@kernel_call: a kernel-made call's). */
NORETURN static ALWAYS_INLINE void finish_call_switch(struct thread *self, struct thread *dest,
						      bool kernel_call)
{
	dest->reply_to = self;
	if (self->reply_to == dest)
		self->reply_to = NULL; /* the call answers dest's own call: that reply is gone */
	switch_ipc_state(self, dest, dest, kernel_call);
	to_user_switch(dest);
}

/**
 * fastpath_call_switch() - a kernel-made call (ipc_fastpath_kernel_call()) whose
 * message @dest has: straight into @dest, as a call from the fast path, if it can.
 * Return: only if it cannot (nothing changed).
 */
void fastpath_call_switch(struct thread *self, struct thread *dest)
{
	unsigned prio;
	if (call_switch_prio(self, dest, &prio) && sched_hand_over(self, dest, prio))
		finish_call_switch(self, dest, true);
}

/* The call: to a thread or through a gate bound to one, which waits openly. */
static inline void fast_call(struct thread *self, l4_msgtag_t tag, struct cap *cap)
{
	struct kobj *obj = cap->obj;
	struct thread *dest;
	uint32_t label;
	/* IPC to a thread or a gate; their own protocols are operations (slow path). */
	if (obj->type == KOBJ_THREAD) {
		if (l4_msgtag_label(tag) == L4_PROTO_THREAD)
			return;
		dest = (struct thread *)obj;
		label = cap->rights & CAP_RIGHTS_LABEL;
	} else if (obj->type == KOBJ_GATE) {
		if (l4_msgtag_label(tag) == L4_PROTO_KOBJECT)
			return;
		struct ipc_gate *gate = (struct ipc_gate *)obj;
		dest = gate->ep.thread;
		if (!dest)
			return;
		label = ipc_gate_label(gate, cap->rights);
	} else {
		return;
	}
	unsigned prio;
	if (!call_switch_prio(self, dest, &prio))
		return;
	self->alien_syscall_allowed = false;
	self->send_tag = tag.raw;
	deliver_words(self, dest, tag, label, L4_UTCB_GENERIC_DATA_SIZE);
	if (!sched_hand_over(self, dest, prio)) {
		ipc_fastpath_call_queued(self, dest);
		schedule_and_return();
	}
	finish_call_switch(self, dest, false);
}

/* @self's caller, if it waits for the reply as the fast paths need: blocked in its
 * call's receive from @self, not in a sender queue; nobody else wants @self. */
static ALWAYS_INLINE struct thread *waiting_caller(struct thread *self)
{
	struct thread *caller = self->reply_to;
	if (!caller || caller->state != THREAD_BLOCKED || caller->ipc_state != IPC_RECEIVING ||
	    caller->partner != self || caller->wait_pprev || self->senders || self->irqs_pending)
		return NULL;
	return caller;
}

/* The reply is in @caller: it runs (@direct: straight from here, if it can), @self
 * waits openly. */
NORETURN static ALWAYS_INLINE void reply_then_wait(struct thread *self, struct thread *caller,
						   l4_msgtag_t tag, bool direct)
{
	unsigned prio =
	    caller->senders || caller->reply_to ? sched_effective_prio(caller) : caller->prio;
	self->alien_syscall_allowed = false;
	self->reply_to = NULL;
	self->send_tag = tag.raw;
	if (!direct || !sched_hand_over(self, caller, prio)) {
		ipc_fastpath_reply_queued(self, caller);
		schedule_and_return();
	}
	switch_ipc_state(self, caller, NULL, false);
	to_user_switch(caller);
}

/* The reply (words only) to the caller that waits for it, then an open wait. */
static inline void fast_reply_wait(struct thread *self, l4_msgtag_t tag)
{
	struct thread *caller = waiting_caller(self);
	if (!caller)
		return;
	/* The reply to a kernel-made call ends it here if it is an ordinary one (a page
	 * fault's retry, an exception's registers: fault_reply_direct()); any other, the
	 * scheduler's exit acts on it. */
	bool direct = true;
	if (caller->kipc == KIPC_NONE) {
		deliver_words(self, caller, tag, 0, L4_UTCB_GENERIC_DATA_SIZE);
	} else if (fault_reply_direct_fits(caller, tag)) {
		fault_reply_direct(caller, self->utcb->mr);
	} else {
		if (caller->kipc_unsaved)
			fault_save_unsaved(caller); /* its UTCB is about to be written */
		deliver_words(self, caller, tag, 0, fault_saved_words(caller));
		direct = false;
	}
	reply_then_wait(self, caller, tag, direct);
}

/*
 * A reply of one map item of one 4 KiB page and no words, then an open wait: a
 * pager's answer to a page fault (fault_reply_page()), or a server's to a call that
 * waits for a page (a dataspace's map: the mapping lands in the caller's receive
 * window, and the caller gets the return item, as from transfer()). Anything else
 * takes the general path.
 */
static inline void fast_reply_page(struct thread *self, l4_msgtag_t tag)
{
	struct thread *caller = waiting_caller(self);
	const l4_umword_t *mr = self->utcb->mr;
	if (!caller || l4_msgtag_words(tag) != 0)
		return;
	if (caller->kipc == KIPC_NONE) {
		l4_umword_t ret[2];
		if (!ipc_map_page_item(self, caller, caller->utcb->buf.br[0], mr[0], mr[1], ret))
			return;
		self->xfer.to_id = 0; /* no transfer of this message to go on with */
		caller->utcb->mr[0] = ret[0];
		caller->utcb->mr[1] = ret[1];
		caller->utcb->tcr.error = 0;
		arch_ctx_set_syscall_result(
		    &caller->ctx, (uint32_t)l4_msgtag(l4_msgtag_label(tag), 0, 1, 0).raw, 0);
	} else if (!fault_reply_page_fits(caller, tag) || !fault_reply_page(self, caller, mr)) {
		return;
	}
	reply_then_wait(self, caller, tag, true);
}

/**
 * syscall_fastpath() - every system call enters here (entry.S): an invoke of an empty
 * slot fails at once, the IPC fast paths run straight into the other thread, and
 * anything else takes the general path (syscall_entry()), which returns straight into
 * the caller if that changed nothing the scheduler looks at. Does not return.
 */
NORETURN void syscall_fastpath(void)
{
	struct thread *self = current_thread();
	l4_msgtag_t tag = {(l4_mword_t)arch_ctx_msg_info(&self->ctx)};
	uint32_t capword = arch_ctx_syscall_cap(&self->ctx);
	if (arch_ctx_syscall_nr(&self->ctx) == L4_SYSCALL_INVOKE && !self->alien) {
		bool fast = l4_msgtag_items(tag) == 0 &&
			    (uint16_t)arch_ctx_syscall_timeout(&self->ctx) == 0;
		uint32_t flags = capword & L4_SYSF_FLAGS_MASK;
		if (!(capword & L4_INVALID_CAP_BIT)) {
			struct cap *cap =
			    cap_table_lookup(&self->task->caps, capword >> L4_CAP_SHIFT);
			/* Not on the call's fast path: what syscall_entry() does first. */
			if (!cap) {
				/* An empty slot fails at once, and nothing else changes: what
				 * ipc_fail() does (a running thread makes no kernel call). */
				self->alien_syscall_allowed = false;
				self->syscall_ip = arch_ctx_ip(&self->ctx);
				self->utcb->tcr.error = L4_IPC_ENOT_EXISTENT;
				arch_ctx_set_syscall_result(&self->ctx, L4_MSGTAG_ERROR, 0);
				arch_return_to_user(&self->ctx);
			}
			if (fast && flags == L4_SYSF_CALL)
				fast_call(self, tag, cap);
			/* No fast path: the general one, without looking the index up again. */
			self->alien_syscall_allowed = false;
			self->syscall_ip = arch_ctx_ip(&self->ctx);
			uint32_t queue_changes = sched_queue_changes;
			syscall_invoke(self, cap);
			return_or_schedule(self, queue_changes);
		} else if (fast && flags == L4_SYSF_REPLY_AND_WAIT) {
			fast_reply_wait(self, tag);
		} else if (flags == L4_SYSF_REPLY_AND_WAIT && l4_msgtag_items(tag) == 1 &&
			   (uint16_t)arch_ctx_syscall_timeout(&self->ctx) == 0) {
			fast_reply_page(self, tag);
		}
	}
	uint32_t queue_changes = sched_queue_changes;
	syscall_entry(self);
	return_or_schedule(self, queue_changes);
}
