/* runqueue.h - sched.c's ready queues, shared with the IPC fast path's direct switch. */
#ifndef KEEL_RUNQUEUE_H
#define KEEL_RUNQUEUE_H

#include "sched/sched.h"

/*
 * One FIFO queue per priority and a two-level bitmap of the non-empty ones (sched.c
 * explains them). Only sched.c changes them, and sched_hand_over() below, which is
 * here, inline, because every fast-path IPC makes it.
 */
extern struct thread *rq_head[SCHED_PRIO_MAX + 1], *rq_tail[SCHED_PRIO_MAX + 1];
extern uint32_t rq_bitmap[(SCHED_PRIO_MAX + 1) / 32];
extern uint32_t rq_words;

/* Queue @p is not empty: its bit in both levels of the bitmap. */
static inline void rq_mark(unsigned p)
{
	rq_bitmap[p / 32] |= 1u << (p % 32);
	rq_words |= 1u << (p / 32);
}

/**
 * sched_hand_over() - the IPC fast paths' direct switch: @from, the running thread,
 * blocks, and @to, blocked so far, becomes ready at effective priority @prio and runs
 * now, if it is the thread the scheduler would pick after the general path (@from's
 * sched_block(), @to's sched_make_ready() at the tail of its queue): no other thread
 * ready at @prio or above. So a direct switch never changes who runs, only how
 * cheaply: no run-queue walk, no clock read, no scheduler exit. What it does change is
 * whose time slice runs: @to runs on the slice that was running, which stays charged
 * (sched.c's slice_owner; docs/scheduling.md, "Direct switches").
 * Return: false if another thread must run first (then nothing changed).
 */
static ALWAYS_INLINE bool sched_hand_over(struct thread *from, struct thread *to, unsigned prio)
{
	unsigned p = from->queued_prio;
	struct thread *next = from->rq_next;
	if (from != sched_current || from->rq_prev)
		return false; /* not as the fast paths find it: the general way */
	if (prio == p) {
		/* from runs, so nothing is ready above p: to takes from's place, if from is
		 * alone in its queue (else the next one there runs first). */
		if (next)
			return false;
		rq_head[p] = rq_tail[p] = to;
	} else {
		/* The queues without from: is anything in them at prio or above? */
		uint32_t bits_p = rq_bitmap[p / 32], words = rq_words;
		if (!next) {
			bits_p &= ~(1u << (p % 32));
			if (!bits_p)
				words &= ~(1u << (p / 32));
		}
		if (words) {
			unsigned w = 31 - (unsigned)__builtin_clz(words);
			uint32_t bits = w == p / 32 ? bits_p : rq_bitmap[w];
			if (w * 32 + 31 - (unsigned)__builtin_clz(bits) >= prio)
				return false;
		}
		/* from leaves the head of its queue; to is alone in its own. */
		rq_bitmap[p / 32] = bits_p;
		rq_words = words;
		rq_head[p] = next;
		if (next)
			next->rq_prev = NULL;
		else
			rq_tail[p] = NULL;
		rq_head[prio] = rq_tail[prio] = to;
		rq_mark(prio);
	}
	to->rq_next = to->rq_prev = NULL;
	to->queued_prio = prio;
	from->rq_next = NULL;
	from->state = THREAD_BLOCKED;
	to->state = THREAD_READY;
	sched_current = to;
	return true;
}

#endif
