/* runqueue.h - sched.c's ready queues, for the one other user: the IPC fast path's direct switch. */
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

/**
 * sched_hand_over() - the IPC fast paths' direct switch: @from, the running thread,
 * blocks, and @to, blocked so far, runs now at effective priority @prio, if that is
 * what the scheduler would pick: nothing else ready above @prio. @to goes to the head
 * of its queue (ahead of threads of its priority, where sched_make_ready() queues at
 * the tail: the CPU passes along the IPC); at @from's own priority it just takes
 * @from's place. No clock read either: the time since the last switch is charged to
 * whichever thread runs when the scheduler next looks at the clock (a timer
 * interrupt, a switch through sched_set_current()), and the timer stays due at
 * @from's slice end (docs/scheduling.md, "Direct switches").
 * Return: false if another thread must run first (nothing changed).
 */
static inline __attribute__((always_inline)) bool sched_hand_over(struct thread *from, struct thread *to, unsigned prio)
{
	unsigned p = from->queued_prio;
	struct thread *next = from->rq_next;
	if (from != sched_current || from->rq_prev || sched_slice_ended)
		return false; /* not as the fast paths find it: the general way */
	if (prio != p) {
		/* The queues without from: is anything in them above prio? */
		uint32_t bits_p = rq_bitmap[p / 32], words = rq_words;
		if (!next) {
			bits_p &= ~(1u << (p % 32));
			if (!bits_p)
				words &= ~(1u << (p / 32));
		}
		if (words) {
			unsigned w = 31 - (unsigned)__builtin_clz(words);
			uint32_t bits = w == p / 32 ? bits_p : rq_bitmap[w];
			if (w * 32 + 31 - (unsigned)__builtin_clz(bits) > prio)
				return false;
		}
		rq_bitmap[p / 32] = bits_p;
		rq_words = words;
		rq_head[p] = next;
		if (next)
			next->rq_prev = NULL;
		else
			rq_tail[p] = NULL;
		next = rq_head[prio];
		rq_bitmap[prio / 32] |= 1u << (prio % 32);
		rq_words |= 1u << (prio / 32);
		if (!next)
			rq_tail[prio] = to;
	} else if (!next) {
		rq_tail[p] = to;
	}
	rq_head[prio] = to;
	to->rq_next = next;
	to->rq_prev = NULL;
	if (next)
		next->rq_prev = to;
	to->queued_prio = prio;
	from->rq_next = NULL;
	from->state = THREAD_BLOCKED;
	to->state = THREAD_READY;
	sched_current = to;
	return true;
}

#endif
