/* ipc.c - the IPC engine: rendezvous, sender queues, the reply capability, items. */
#include "ipc/ipc.h"
#include "ipc/fault.h"
#include "space/cap.h"
#include "object/ipc_gate.h"
#include "space/memory.h"
#include "object/irq.h"
#include "sched/sched.h"
#include "string.h"
#include "object/task.h"
#include "sched/timeout.h"
#include "ipc/fastpath.h"
#include <l4/sys/types.h>

/* ---- results ---- */

static void set_result(struct thread *t, uint32_t tag, uint32_t label)
{
	arch_ctx_set_syscall_result(&t->ctx, tag, label);
}

/**
 * ipc_fail() - end t's system call with an IPC error (tag error flag, UTCB error).
 */
void ipc_fail(struct thread *t, unsigned error)
{
	/* A kernel-made call the fast path made has not saved the thread's UTCB: its error
	 * register stays the thread's (the call's result is the tag, resume_call()). */
	if (!t->kipc_unsaved)
		t->utcb->tcr.error = error;
	set_result(t, L4_MSGTAG_ERROR, 0);
}

static void succeed(struct thread *t)
{
	set_result(t, 0, 0);
}

/* ---- sender queues: by effective priority, FIFO among equals ---- */

/*
 * A queue is a list of threads in runs of equal priority, highest first. Why runs:
 * a sorted insert that walks threads costs the number of waiting senders, which a
 * task chooses (moving N senders of a gate to its new thread cost N^2 / 2 steps with
 * interrupts off); walking runs costs at most one step per priority level.
 */
/* Link @t into the list after @before (NULL: at the head). */
static void link_after(struct thread **head, struct thread *before, struct thread *t)
{
	t->send_prev = before;
	t->send_next = before ? before->send_next : *head;
	if (t->send_next)
		t->send_next->send_prev = t;
	if (before)
		before->send_next = t;
	else
		*head = t;
}

static void queue_insert(struct thread **head, struct thread *t)
{
	unsigned p = sched_effective_prio(t);
	struct thread *run = *head, *prev_run = NULL;
	while (run && run->send_prio > p) {
		prev_run = run;
		run = run->run_next;
	}
	t->send_prio = p;
	t->run_next = t->run_last = NULL;
	if (run && run->send_prio == p) {
		link_after(head, run->run_last, t); /* last in its run */
		run->run_last = t;
		return;
	}
	/* A run of its own, between prev_run's and run. */
	link_after(head, prev_run ? prev_run->run_last : NULL, t);
	t->run_last = t;
	t->run_next = run;
	if (prev_run)
		prev_run->run_next = t;
}

static void queue_remove(struct thread **head, struct thread *t)
{
	struct thread *run = *head, *prev_run = NULL;
	while (run && run->send_prio > t->send_prio) {
		prev_run = run;
		run = run->run_next;
	}
	if (run == t) {
		/* The run's next thread leads it now, or the run is gone. */
		struct thread *next = t->run_last != t ? t->send_next : NULL;
		if (next) {
			next->run_last = t->run_last;
			next->run_next = t->run_next;
		}
		if (prev_run)
			prev_run->run_next = next ? next : t->run_next;
	} else if (run && run->run_last == t) {
		run->run_last = t->send_prev;
	}
	if (t->send_prev)
		t->send_prev->send_next = t->send_next;
	else
		*head = t->send_next;
	if (t->send_next)
		t->send_next->send_prev = t->send_prev;
	t->send_next = t->send_prev = NULL;
	t->run_next = t->run_last = NULL;
}

/* Take a queued sender out of whatever queue it is in. */
static void dequeue_sender(struct thread *t)
{
	if (t->send_gate) {
		queue_remove(&t->send_gate->waiting, t);
		t->send_gate = NULL;
	} else if (t->partner) {
		struct thread *receiver = t->partner;
		queue_remove(&receiver->senders, t);
		sched_requeue(receiver);
	}
}

/* ---- waiters: who else a thread's deletion must wake ---- */

/* @t waits for @partner without being found through partner's sender queue or reply
 * capability: in a closed receive, or as a caller whose reply capability a newer
 * caller took. Partner's deletion wakes it (ipc_thread_dying()). */
static void waiter_add(struct thread *t, struct thread *partner)
{
	t->wait_next = partner->waiters;
	if (partner->waiters)
		partner->waiters->wait_pprev = &t->wait_next;
	partner->waiters = t;
	t->wait_pprev = &partner->waiters;
}

static void waiter_remove(struct thread *t)
{
	*t->wait_pprev = t->wait_next;
	if (t->wait_next)
		t->wait_next->wait_pprev = t->wait_pprev;
	t->wait_next = NULL;
	t->wait_pprev = NULL;
}

/* @receiver's reply capability goes to a newer caller: the caller that held it, if it
 * still waits for the reply, keeps waiting (until its timeout, a cancel or the
 * receiver's deletion), now as one of receiver's waiters. */
static void reply_to_taken(struct thread *receiver, struct thread *caller)
{
	struct thread *old = receiver->reply_to;
	if (old != caller && old->ipc_state == IPC_RECEIVING && old->partner == receiver &&
	    !old->wait_pprev)
		waiter_add(old, receiver);
}

/* @caller now waits for @receiver's reply, through its one reply capability. Inline:
 * on the call fast path, where there is mostly no earlier caller. */
static inline void set_reply_to(struct thread *receiver, struct thread *caller)
{
	if (receiver->reply_to)
		reply_to_taken(receiver, caller);
	receiver->reply_to = caller;
}

/* ---- blocking and waking ---- */

/*
 * When a blocking phase of @t with @timeout starting now ends: *at = the deadline,
 * or 0 for never. Return: false if it must not block at all (a zero timeout, or an
 * absolute one already due). An absolute timeout's time is in t's buffer registers.
 */
static bool deadline(const struct thread *t, uint16_t timeout, time_us_t *at)
{
	*at = 0;
	if (timeout == 0)
		return true; /* never: no need to read the clock */
	int kind = timeout_deadline(timeout, t->utcb->buf.br, L4_UTCB_GENERIC_BUFFERS_SIZE,
				    arch_timer_now_us(), at);
	return kind != TIMEOUT_ZERO;
}

/* @t waits (@at: its deadline, 0 = none). */
static void block(struct thread *t, enum ipc_state state, struct thread *partner, time_us_t at)
{
	t->ipc_state = state;
	t->partner = partner;
	sched_block(t);
	if (at)
		sched_set_timeout(t, at);
}

/* End @t's IPC state and make it ready if it was blocked (its result registers are
 * the caller's business). */
static void unblock(struct thread *t)
{
	t->ipc_state = IPC_IDLE;
	t->partner = NULL;
	t->recv_irq = NULL;
	if (timeout_pending(&t->timeout))
		sched_clear_timeout(t);
	if (t->state == THREAD_BLOCKED) {
		t->state = THREAD_INACTIVE;
		sched_make_ready(t);
	}
}

/**
 * ipc_wake() - a blocked thread's IPC is over (its result is set): it may run.
 */
void ipc_wake(struct thread *t)
{
	if (t->wait_pprev)
		waiter_remove(t);
	t->rcv_seq++; /* a transfer into its receive that stopped cannot go on any more */
	unblock(t);
}

static bool accepts(const struct thread *receiver, const struct thread *sender)
{
	return receiver->ipc_state == IPC_RECEIVING &&
	       (receiver->recv_open || receiver->partner == sender);
}

/* ---- message transfer ---- */

/*
 * A receiver that asked for ids (L4_RCV_ITEM_LOCAL_ID) gets no mapping for a
 * capability it can name already: for a gate bound to one of its own threads the
 * gate's label with the sender's W/S rights (a server recognising its own object),
 * and from a sender in its own task the sender's capability index.
 * Return: true if such an id was written as the return item at @ret.
 */
static bool receive_local_id(struct thread *sender, struct thread *receiver, l4_fpage_t fp,
			     l4_umword_t *ret)
{
	struct cap *src = cap_lookup(sender->task, l4_fpage_obj(fp) >> L4_CAP_SHIFT);
	if (!src)
		return false;
	uint32_t rights = src->rights & l4_fpage_rights(fp);
	if (src->obj->type == KOBJ_GATE) {
		struct ipc_gate *g = (struct ipc_gate *)src->obj;
		if (g->ep.thread && g->ep.thread->task == receiver->task) {
			ret[0] = L4_RCV_ITEM_ID_RECEIVED;
			ret[1] = ipc_gate_label(g, rights);
			return true;
		}
	}
	if (sender->task != receiver->task)
		return false;
	ret[0] = L4_RCV_ITEM_LOCAL_ID_RECEIVED;
	ret[1] = l4_obj_fpage(l4_fpage_obj(fp), 0, (unsigned char)(rights & 0xf)).raw;
	return true;
}

/*
 * Move one capability item; writes its 2-word return item to @ret.
 * Return: false if the item could not be delivered.
 */
static bool transfer_cap_item(struct thread *sender, struct thread *receiver, l4_umword_t *ret,
			      unsigned *buf, l4_umword_t w0, l4_umword_t w1)
{
	l4_fpage_t fp = {w1};
	if (*buf >= L4_UTCB_GENERIC_BUFFERS_SIZE)
		return false;
	l4_umword_t br = receiver->utcb->buf.br[(*buf)++];
	if ((br & L4_RCV_ITEM_SINGLE_CAP) != L4_RCV_ITEM_SINGLE_CAP || l4_fpage_size(fp) != 0)
		return false;
	unsigned long dst_slot = br >> L4_CAP_SHIFT;
	uint32_t rights = (l4_fpage_rights(fp) & CAP_RIGHTS_BASIC) | (w0 & CAP_RIGHTS_OBJ);
	if ((br & L4_RCV_ITEM_LOCAL_ID) && receive_local_id(sender, receiver, fp, ret))
		return true;
	if (cap_map(sender->task, l4_fpage_obj(fp) >> L4_CAP_SHIFT, receiver->task, dst_slot,
		    rights, (w0 & L4_MAP_ITEM_GRANT) != 0) != 0)
		return false;
	struct cap *got = cap_lookup(receiver->task, dst_slot);
	ret[0] = L4_RCV_ITEM_CAP_RECEIVED;
	ret[1] = got ? l4_obj_fpage(dst_slot << L4_CAP_SHIFT, 0, got->rights & 0xf).raw : 0;
	return true;
}

/* How a transfer went (transfer()). */
enum { XFER_DONE, XFER_FAILED, XFER_STOPPED };

/*
 * Map one memory item into the receiver's next receive window (a memory flexpage,
 * or the whole address space): at the window's base plus the send base's offset
 * within it. The window must be at least as large as the flexpage sent. The map may
 * stop at a preemption point (XFER_STOPPED) and goes on from @r next time; @done: an
 * earlier attempt mapped it, only its return item is written (to @ret).
 */
/*
 * Where a memory item (send base in @w0, a flexpage of @order) lands in the receive
 * window @br (a buffer register): at the window's base plus the send base's offset
 * within it; the whole-space window takes the send base as it is. The window must be
 * a map window at least as large as the flexpage. Return: false if it is not.
 */
static bool map_destination(l4_umword_t br, l4_umword_t w0, unsigned order, vaddr_t *dst)
{
	l4_fpage_t win = {br & ~0xful};
	if (!(br & L4_ITEM_MAP) || order < PAGE_SHIFT || order > 31)
		return false;
	if (l4_fpage_type(win) == L4_FPAGE_SPECIAL && l4_fpage_size(win) == 63) {
		*dst = w0 & L4_FPAGE_CONTROL_MASK;
	} else if (l4_fpage_type(win) == L4_FPAGE_MEMORY && l4_fpage_size(win) >= order &&
		   l4_fpage_size(win) <= 31) {
		size_t wsize = (size_t)1 << l4_fpage_size(win);
		*dst = (l4_fpage_memaddr(win) & ~(wsize - 1)) +
		       ((w0 & L4_FPAGE_CONTROL_MASK) & (wsize - 1));
	} else {
		return false;
	}
	return true;
}

/**
 * ipc_map_page_item() - the fast paths' memory item: @w0, @w1 map (or grant) one
 * 4 KiB page of @sender into @receiver's receive window @br, with the checks and the
 * map of the general path (transfer_mem_item()), in one go (a page never stops at a
 * preemption point); the return item goes to @ret.
 * Return: false if it is not such an item or the map fails: nothing changed that the
 * general path would not do again.
 */
bool ipc_map_page_item(struct thread *sender, struct thread *receiver, l4_umword_t br,
		       l4_umword_t w0, l4_umword_t w1, l4_umword_t *ret)
{
	l4_fpage_t fp = {w1};
	vaddr_t dst;
	bool grant = (w0 & L4_MAP_ITEM_GRANT) != 0;
	if (!(w0 & L4_ITEM_MAP) || l4_fpage_type(fp) != L4_FPAGE_MEMORY ||
	    l4_fpage_size(fp) != PAGE_SHIFT || !map_destination(br, w0, PAGE_SHIFT, &dst) ||
	    !task_may_map(w1, dst, grant) ||
	    memory_map_fpage(sender->task, w1, receiver->task, dst, grant, NULL) != 0)
		return false;
	ret[0] = w0;
	ret[1] = l4_fpage(dst, PAGE_SHIFT, l4_fpage_rights(fp)).raw;
	return true;
}

static int transfer_mem_item(struct thread *sender, struct thread *receiver, l4_umword_t *ret,
			     unsigned *buf, l4_umword_t w0, l4_umword_t w1, bool done,
			     struct resume *r)
{
	l4_fpage_t fp = {w1};
	if (*buf >= L4_UTCB_GENERIC_BUFFERS_SIZE)
		return XFER_FAILED;
	l4_umword_t br = receiver->utcb->buf.br[(*buf)++];
	unsigned order = l4_fpage_size(fp);
	vaddr_t dst;
	if (!map_destination(br, w0, order, &dst))
		return XFER_FAILED;
	bool grant = (w0 & L4_MAP_ITEM_GRANT) != 0;
	if (!done) {
		if (!task_may_map(w1, dst, grant))
			return XFER_FAILED;
		long err = memory_map_fpage(sender->task, w1, receiver->task, dst, grant, r);
		if (err == PREEMPTED)
			return XFER_STOPPED;
		if (err)
			return XFER_FAILED;
	}
	ret[0] = w0;
	ret[1] = l4_fpage(dst, order, l4_fpage_rights(fp)).raw;
	return XFER_DONE;
}

/*
 * Copy sender's message (words, then items, as its send_tag says) into receiver's
 * UTCB and give the receiver its result: the tag's label, and @label as the label.
 * A memory item may stop at a preemption point (every caller can have its system call
 * run again; the kernel's own calls carry no items): sender->xfer keeps where, and
 * the next transfer of this message into the same receive (receiver's id and
 * rcv_seq) goes on from there: the items done before only get their return items
 * again (a capability item is mapped again, which changes nothing, in constant time).
 * A thread in a kernel-made call gets no more words than the kernel keeps of its UTCB
 * (fault_saved_words()): the rest of its UTCB stays its own.
 * Return: XFER_DONE; XFER_FAILED if an item failed (receiver then has REMAPFAILED);
 * XFER_STOPPED (the receiver's result is not set: nothing happened to act on).
 */
static int transfer(struct thread *sender, struct thread *receiver, uint32_t label)
{
	l4_msgtag_t tag = {(l4_mword_t)sender->send_tag};
	unsigned words = l4_msgtag_words(tag), items = l4_msgtag_items(tag);
	l4_umword_t *smr = sender->utcb->mr, *rmr = receiver->utcb->mr;
	if (items &&
	    (sender->xfer.to_id != receiver->id || sender->xfer.to_seq != receiver->rcv_seq)) {
		sender->xfer.to_id = receiver->id;
		sender->xfer.to_seq = receiver->rcv_seq;
		sender->xfer.item = 0;
		resume_clear(&sender->xfer.at);
	}
	if (receiver->kipc_unsaved)
		fault_save_unsaved(receiver);
	unsigned room = fault_saved_words(receiver);
	memcpy(rmr, smr, (words < room ? words : room) * sizeof(l4_umword_t));
	int result = XFER_DONE;
	unsigned buf = 0;
	for (unsigned i = 0; i < items && result == XFER_DONE; i++) {
		unsigned idx = words + 2 * i;
		l4_umword_t w0 = smr[idx], w1 = smr[idx + 1], ret[2] = {0, 0};
		if (w0 & L4_ITEM_MAP) {
			l4_fpage_t fp = {w1};
			result = XFER_FAILED;
			if (l4_fpage_type(fp) == L4_FPAGE_OBJ &&
			    transfer_cap_item(sender, receiver, ret, &buf, w0, w1))
				result = XFER_DONE;
			else if (l4_fpage_type(fp) == L4_FPAGE_MEMORY)
				result = transfer_mem_item(sender, receiver, ret, &buf, w0, w1,
							   i < sender->xfer.item, &sender->xfer.at);
		}
		if (result == XFER_STOPPED)
			return XFER_STOPPED;
		if (idx + 1 < room) {
			rmr[idx] = ret[0];
			rmr[idx + 1] = ret[1];
		}
		if (i >= sender->xfer.item) {
			sender->xfer.item = i + 1;
			resume_clear(&sender->xfer.at);
		}
	}
	if (items)
		sender->xfer.to_id = 0; /* used up */
	receiver->utcb->tcr.error = 0;
	uint32_t rtag = (uint32_t)l4_msgtag(l4_msgtag_label(tag), words, items, 0).raw;
	if (result == XFER_FAILED) {
		receiver->utcb->tcr.error = L4_IPC_REMAPFAILED;
		rtag |= L4_MSGTAG_ERROR;
	}
	set_result(receiver, rtag, label);
	return result;
}

/*
 * Is @t's system call one that syscall_restart() made run again (so that a transfer
 * of its message may go on where it stopped)?
 */
static bool running_again(const struct thread *t)
{
	return t->restart.ip == arch_ctx_ip(&t->ctx) &&
	       t->restart.capword == arch_ctx_syscall_cap(&t->ctx);
}

/*
 * @t waits openly in a system call whose other part (a send, an operation) is done,
 * and its receive stopped at a preemption point: it runs that receive again, as an
 * open wait of its own, when it next runs. If its ip was moved meanwhile (ex_regs), its
 * receive ends canceled instead.
 */
static void rerun_as_wait(struct thread *t)
{
	if (arch_ctx_ip(&t->ctx) != t->syscall_ip) {
		ipc_fail(t, L4_IPC_RECANCELED);
		ipc_wake(t);
		return;
	}
	arch_ctx_set_syscall_cap(&t->ctx, L4_INVALID_CAP | L4_SYSF_WAIT);
	syscall_restart(t);
	/* Ready to run it, but not ipc_wake(): that would end the receive in which a
	 * transfer is to go on (rcv_seq). */
	unblock(t);
}

/* ---- phases ---- */

/*
 * The send phase of @sender delivered to @receiver; now its receive phase, if any.
 * Return: true if that is an open receive (send-and-wait), which the caller then runs
 * with receive(): never from here, as a queued sender's receive may take a queued
 * sender of its own, and so on, as long a chain as user space builds.
 */
static bool after_send(struct thread *sender, struct thread *receiver, uint32_t flags,
		       uint16_t rcv_timeout)
{
	if (!(flags & L4_SYSF_RECV)) {
		succeed(sender);
		ipc_wake(sender);
		return false;
	}
	if (flags & L4_SYSF_OPEN_WAIT)
		return true;
	/* A call: the receiver holds the one-shot reply capability. */
	time_us_t at;
	ipc_fail(sender, L4_IPC_RETIMEOUT); /* the result if no reply comes in time */
	if (!deadline(sender, rcv_timeout, &at)) {
		ipc_wake(sender); /* no time to wait for the reply: it will be dropped */
		return false;
	}
	set_reply_to(receiver, sender);
	sender->recv_open = false;
	block(sender, IPC_RECEIVING, receiver, at);
	sched_requeue(receiver);
	return false;
}

/* Nobody to receive from: wait, if the timeout allows (see receive()). */
static void wait_for_sender(struct thread *self, bool open, struct thread *from, uint16_t timeout)
{
	time_us_t at;
	if (!deadline(self, timeout, &at)) {
		ipc_fail(self, L4_IPC_RETIMEOUT);
		if (self->state == THREAD_BLOCKED)
			ipc_wake(self);
		return;
	}
	self->recv_open = open;
	ipc_fail(self, L4_IPC_RETIMEOUT); /* the result if nothing arrives in time */
	block(self, IPC_RECEIVING, open ? NULL : from, at);
	if (!open && from)
		waiter_add(self, from);
}

/*
 * One round of receive(): a pending IRQ or the first acceptable queued sender, else
 * wait_for_sender(). The sender leaves its queue only once its message is through:
 * if the transfer stopped at a preemption point (*stopped), everything stays as it
 * was, and the receive runs again.
 * Return: the sender taken if it goes on to an open receive of its own, else NULL.
 */
static struct thread *receive_one(struct thread *self, bool open, struct thread *from,
				  uint16_t timeout, bool *stopped)
{
	if (open && irq_object_deliver_pending(self)) {
		self->rcv_seq++; /* this receive is over */
		if (self->state == THREAD_BLOCKED)
			ipc_wake(self);
		return NULL;
	}
	/* A closed receive takes its partner if that one is queued here (not by walking
	 * the queue: that costs the number of senders). */
	struct thread *s = self->senders;
	if (!open)
		s = from && from->partner == self && !from->send_gate &&
			    (from->send_prev || self->senders == from)
			? from
			: NULL;
	if (!s) {
		wait_for_sender(self, open, from, timeout);
		return NULL;
	}
	int xr = transfer(s, self, s->send_label);
	if (xr == XFER_STOPPED) {
		*stopped = true;
		return NULL;
	}
	self->rcv_seq++; /* this receive is over */
	queue_remove(&self->senders, s);
	sched_clear_timeout(s);
	s->ipc_state = IPC_IDLE;
	s->partner = NULL;
	bool goes_on = false;
	if (xr == XFER_DONE) {
		goes_on = after_send(s, self, s->send_flags, (uint16_t)s->recv_timeout);
	} else {
		ipc_fail(s, L4_IPC_SEMAPFAILED);
		ipc_wake(s);
	}
	sched_requeue(self);
	if (self->state == THREAD_BLOCKED)
		ipc_wake(self);
	return goes_on ? s : NULL;
}

/*
 * Receive: from the first acceptable queued sender, else wait (if the timeout
 * allows). @open: from anyone; else only from @from (NULL: from nobody, a sleep).
 * A sender taken that goes on to an open receive (send-and-wait) does so in the next
 * round, with its own receive timeout: a loop, not recursion, so that a chain of
 * threads queued to send-and-wait to each other costs no kernel stack. A preemption
 * point between rounds (or in one) leaves the rest of the chain to the sender taken:
 * it runs its receive again as a system call of its own (rerun_as_wait()).
 * Return: true if @self's own receive stopped at a preemption point (the caller makes
 * it run again), else false.
 */
static bool receive(struct thread *self, bool open, struct thread *from, uint16_t timeout)
{
	for (bool first = true;; first = false) {
		bool stopped = false;
		struct thread *next = receive_one(self, open, from, timeout, &stopped);
		if (stopped && first)
			return true;
		if (stopped) {
			rerun_as_wait(self);
			return false;
		}
		if (!next)
			return false;
		if (preempt_point(COST_THREAD)) {
			rerun_as_wait(next);
			return false;
		}
		timeout = (uint16_t)next->recv_timeout;
		self = next;
		open = true;
		from = NULL;
	}
}

/* Reply through the one-shot reply capability; nothing happens if there is none. The
 * capability stays until the reply is through: if its transfer stopped at a preemption
 * point, the system call runs again and goes on. Return: true if it stopped. */
static bool reply(struct thread *self)
{
	struct thread *caller = self->reply_to;
	if (!caller)
		return false;
	self->send_tag = arch_ctx_msg_info(&self->ctx);
	if (!running_again(self))
		self->xfer.to_id = 0;
	if (caller->ipc_state == IPC_RECEIVING && caller->partner == self) {
		if (transfer(self, caller, 0) == XFER_STOPPED) {
			syscall_restart(self);
			return true;
		}
		ipc_wake(caller);
	}
	self->reply_to = NULL;
	sched_requeue(self);
	return false;
}

static void send(struct thread *self, struct thread *dest, struct ipc_gate *gate, uint32_t label,
		 uint32_t flags, uint32_t timeouts)
{
	uint16_t snd_to = (uint16_t)(timeouts >> 16), rcv_to = (uint16_t)timeouts;
	/* Kept apart from the message-info register, which holds the result while the
	 * sender waits. */
	self->send_tag = arch_ctx_msg_info(&self->ctx);
	if (!running_again(self))
		self->xfer.to_id = 0; /* a new message: no transfer of it to go on with */
	if ((dest && dest->state == THREAD_DEAD) || (!dest && gate->ep.orphaned)) {
		ipc_fail(self, L4_IPC_ENOT_EXISTENT);
		return;
	}
	if (dest && accepts(dest, self)) {
		int xr = transfer(self, dest, label);
		if (xr == XFER_STOPPED) {
			syscall_restart(self); /* dest still waits: the send runs again */
			return;
		}
		if (xr == XFER_FAILED) {
			ipc_fail(self, L4_IPC_SEMAPFAILED);
			ipc_wake(dest);
			return;
		}
		ipc_wake(dest);
		if (self->reply_to == dest)
			self->reply_to = NULL; /* a plain send answered the caller */
		if (after_send(self, dest, flags, rcv_to) && receive(self, true, NULL, rcv_to))
			rerun_as_wait(self);
		return;
	}
	time_us_t at;
	if (!deadline(self, snd_to, &at)) {
		ipc_fail(self, L4_IPC_SETIMEOUT);
		return;
	}
	self->send_label = label;
	self->send_flags = flags;
	self->recv_timeout = rcv_to;
	ipc_fail(self, L4_IPC_SETIMEOUT); /* the result if nobody takes it in time */
	if (dest) {
		queue_insert(&dest->senders, self);
		block(self, IPC_SENDING, dest, at);
		sched_requeue(dest);
	} else {
		self->send_gate = gate;
		queue_insert(&gate->waiting, self);
		block(self, IPC_SENDING, NULL, at);
	}
}

/**
 * ipc_invoke() - IPC system call of @self. Its message tag fits the UTCB: the
 * system call checked it (syscall_entry()), the kernel's own calls make tags that do.
 * @dest: the receiving thread (a thread cap, or a gate's bound thread), or NULL.
 * @gate: the gate invoked, if any (senders wait there while it is unbound).
 * @label: what the receiver will see as the label.
 * @flags: operation flags (send, receive, open wait, reply).
 * @timeouts: send << 16 | receive.
 */
void ipc_invoke(struct thread *self, struct thread *dest, struct ipc_gate *gate, uint32_t label,
		uint32_t flags, uint32_t timeouts)
{
	self->utcb->tcr.error = 0;
	if (flags & L4_SYSF_REPLY) {
		if (reply(self))
			return; /* runs again */
		if (!(flags & L4_SYSF_RECV))
			succeed(self);
		else if (receive(self, true, NULL, (uint16_t)timeouts))
			syscall_restart(self); /* the reply is through: it does nothing again */
		return;
	}
	if (flags & L4_SYSF_SEND) {
		send(self, dest, gate, label, flags, timeouts);
		return;
	}
	if (flags & L4_SYSF_RECV) {
		bool open = (flags & L4_SYSF_OPEN_WAIT) || gate;
		time_us_t at;
		if (!open && !dest && !deadline(self, (uint16_t)timeouts, &at)) {
			/* A zero-timeout receive from nobody: yield the CPU. */
			sched_yield(self);
		}
		if (receive(self, open, dest, (uint16_t)timeouts))
			syscall_restart(self);
		return;
	}
	succeed(self);
}

/* ---- fast paths: the common call and reply-and-wait, straight from the syscall ---- */

/**
 * ipc_fastpath_call_queued() - a fast-path call whose message is in @dest, when the
 * direct switch into @dest cannot be made: @dest holds the reply capability and is
 * made ready, @self waits for the reply (as after_send() leaves a call); the
 * scheduler picks who runs.
 */
void ipc_fastpath_call_queued(struct thread *self, struct thread *dest)
{
	if (self->reply_to == dest)
		self->reply_to = NULL;
	/*
	 * The reply capability is set before the receiver is queued, so that it is
	 * queued once at its donated priority (the slow path queues it, then requeues).
	 */
	set_reply_to(dest, self);
	ipc_wake(dest);
	ipc_fail(self, L4_IPC_RETIMEOUT); /* the result if the reply never comes */
	self->recv_open = false;
	block(self, IPC_RECEIVING, dest, 0);
}

void ipc_fastpath_kernel_call(struct thread *self, struct thread *dest, uint32_t label,
			      l4_msgtag_t tag)
{
	self->send_tag = tag.raw;
	dest->utcb->tcr.error = 0;
	set_result(dest, (uint32_t)tag.raw, label);
	fastpath_call_switch(self, dest); /* straight into dest, if it can */
	ipc_fastpath_call_queued(self, dest);
}

/**
 * ipc_fastpath_reply_queued() - a fast-path reply is in @caller, and the direct
 * switch into it cannot be made: @caller is made ready, @self waits openly (as
 * ipc_invoke() leaves a reply-and-wait that finds no sender); the scheduler picks who
 * runs.
 */
void ipc_fastpath_reply_queued(struct thread *self, struct thread *caller)
{
	ipc_wake(caller);
	self->recv_open = true;
	ipc_fail(self, L4_IPC_RETIMEOUT); /* the result if nothing arrives */
	block(self, IPC_RECEIVING, NULL, 0);
}

/* Take t out of its blocked IPC: out of a sender queue, or, waiting for a reply,
 * away from the server's one-shot reply capability (ending the donation). */
static void leave_ipc(struct thread *t)
{
	if (t->wait_pprev)
		waiter_remove(t);
	ipc_leave_wait_queue(t);
	if (t->ipc_state == IPC_SENDING) {
		dequeue_sender(t);
	} else if (t->ipc_state == IPC_RECEIVING && t->partner && t->partner->reply_to == t) {
		t->partner->reply_to = NULL;
		sched_requeue(t->partner);
	}
}

/* End a blocked IPC with an error, whatever phase it is in. */
static void abort_ipc(struct thread *t, unsigned send_error, unsigned recv_error)
{
	if (t->ipc_state == IPC_IDLE && t->state != THREAD_BLOCKED)
		return;
	if (t->ipc_state != IPC_IDLE)
		ipc_fail(t, t->ipc_state == IPC_SENDING ? send_error : recv_error);
	leave_ipc(t);
	ipc_wake(t);
}

/**
 * ipc_wait_in_queue() - @t waits in @queue (a semaphore's: semaphore.c), by priority,
 * FIFO among equals, as in the receive phase of a call with @timeout: a timeout ends
 * it with RETIMEOUT, a cancel with RECANCELED, like any receive.
 * Return: false if @timeout does not let it wait (its result is RETIMEOUT then).
 */
bool ipc_wait_in_queue(struct thread *t, struct thread **queue, uint16_t timeout)
{
	if (!ipc_wait_alone(t, timeout))
		return false;
	queue_insert(queue, t);
	t->sem_queue = queue;
	return true;
}

/**
 * ipc_wait_alone() - @t waits in a closed receive that no sender can end (an IRQ's:
 * irq.c), with @timeout; a timeout ends it with RETIMEOUT, a cancel with RECANCELED.
 * Return: false if @timeout does not let it wait (its result is RETIMEOUT then).
 */
bool ipc_wait_alone(struct thread *t, uint16_t timeout)
{
	time_us_t at;
	ipc_fail(t, L4_IPC_RETIMEOUT);
	if (!deadline(t, timeout, &at))
		return false;
	t->recv_open = false;
	block(t, IPC_RECEIVING, NULL, at);
	return true;
}

/**
 * ipc_leave_wait_queue() - @t leaves the semaphore queue it waits in, if any: when
 * its IPC ends (leave_ipc()), and at once when it is queued for deletion
 * (thread_stop()), so that no up goes to it before the reaper gets to it.
 */
void ipc_leave_wait_queue(struct thread *t)
{
	if (!t->sem_queue)
		return;
	queue_remove(t->sem_queue, t);
	t->sem_queue = NULL;
}

/**
 * ipc_queue_take() - the first thread of a queue ipc_wait_in_queue() filled, out of
 * it, or NULL if none waits. The caller sets its result and wakes it (ipc_wake(),
 * which ends its IPC).
 */
struct thread *ipc_queue_take(struct thread **queue)
{
	struct thread *t = *queue;
	if (!t)
		return NULL;
	queue_remove(queue, t);
	t->sem_queue = NULL;
	return t;
}

/**
 * ipc_timeout() - a blocked IPC's time is up. Its result (SETIMEOUT/RETIMEOUT)
 * was set when it blocked.
 */
void ipc_timeout(struct thread *t)
{
	leave_ipc(t);
	ipc_wake(t);
}

/**
 * ipc_cancel() - ex_regs cancel: a blocked IPC ends with SECANCELED/RECANCELED.
 */
void ipc_cancel(struct thread *t)
{
	if (t->ipc_state != IPC_IDLE)
		abort_ipc(t, L4_IPC_SECANCELED, L4_IPC_RECANCELED);
}

/* Fail @s's IPC with @error and let it run. */
static void abort_waiter(struct thread *s, unsigned error)
{
	ipc_fail(s, error);
	s->ipc_state = IPC_IDLE;
	s->partner = NULL;
	ipc_wake(s);
}

/**
 * ipc_thread_dying() - detach a thread being deleted from every IPC: its own, its
 * queued senders (SEABORTED), its caller and the threads in a closed receive from it
 * (REABORTED), and the gates bound to it (orphaned: calls fail until one is bound
 * again). It touches only those threads, found through its sender queue, its reply
 * capability and its waiters list, not every thread there is.
 * Return: true when done; false if it stopped at a preemption point (call again: it
 * goes on with those left).
 */
bool ipc_thread_dying(struct thread *t)
{
	leave_ipc(t);
	t->ipc_state = IPC_IDLE;
	t->partner = NULL;
	struct thread *caller = t->reply_to;
	t->reply_to = NULL;
	if (caller && caller->ipc_state == IPC_RECEIVING && caller->partner == t)
		abort_waiter(caller, L4_IPC_REABORTED);
	while (t->senders) {
		struct thread *s = t->senders;
		queue_remove(&t->senders, s);
		abort_waiter(s, L4_IPC_SEABORTED);
		if (preempt_point(COST_THREAD))
			return false;
	}
	while (t->waiters) {
		abort_waiter(t->waiters, L4_IPC_REABORTED);
		if (preempt_point(COST_THREAD))
			return false;
	}
	irq_object_thread_gone(t);
	while (t->endpoints) {
		t->endpoints->orphaned = true;
		rcv_ep_unbind(t->endpoints);
		if (preempt_point(COST_THREAD))
			return false;
	}
	return true;
}

/**
 * ipc_gate_bound() - a gate got a thread: its waiting senders queue there now.
 * Return: true if the thread's receive of the first of them stopped at a preemption
 * point: the caller's system call (the bind) runs again, and that goes on.
 */
bool ipc_gate_bound(struct ipc_gate *g)
{
	struct thread *t = g->ep.thread;
	while (g->waiting) {
		struct thread *s = g->waiting;
		queue_remove(&g->waiting, s);
		s->send_gate = NULL;
		s->partner = t;
		s->send_label = ipc_gate_label(g, s->send_label); /* the rights stay */
		queue_insert(&t->senders, s);
		/* Many may wait: the bind runs again and moves the rest. */
		if (g->waiting && preempt_point(COST_THREAD)) {
			sched_requeue(t);
			return true;
		}
	}
	sched_requeue(t);
	/* A thread already waiting openly takes the first of them now. */
	if (t->senders && t->ipc_state == IPC_RECEIVING && t->recv_open)
		return receive(t, true, NULL, 0);
	return false;
}

/**
 * ipc_gate_dying() - senders waiting at a deleted gate fail with SEABORTED.
 * Return: true when done; false if it stopped at a preemption point (call again).
 */
bool ipc_gate_dying(struct ipc_gate *g)
{
	while (g->waiting) {
		struct thread *s = g->waiting;
		queue_remove(&g->waiting, s);
		s->send_gate = NULL;
		ipc_fail(s, L4_IPC_SEABORTED);
		ipc_wake(s);
		if (preempt_point(COST_THREAD))
			return false;
	}
	return true;
}
