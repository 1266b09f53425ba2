/* sched.c - ready queues by priority, time slices, timeouts, the timer, the idle loop. */
#include "sched/sched.h"
#include "sched/runqueue.h"
#include "lib/conbuf.h"
#include "arch.h"
#include "ipc/ipc.h"
#include "sched/interrupt.h"
#include "lib/printk.h"

/*
 * One FIFO queue per priority and a bitmap of non-empty queues, with a second level
 * (as seL4's): bit w of rq_words says rq_bitmap[w] is not 0, so finding the highest
 * takes two count-leading-zeros, not a scan of the words. The running thread stays
 * at the head of its queue; sched_pick() picks the first thread of the highest
 * non-empty queue (to_user.c leaves the kernel into it).
 */
struct thread *rq_head[SCHED_PRIO_MAX + 1], *rq_tail[SCHED_PRIO_MAX + 1];
uint32_t rq_bitmap[(SCHED_PRIO_MAX + 1) / 32];
uint32_t rq_words;
_Static_assert((SCHED_PRIO_MAX + 1) / 32 <= 32, "rq_words has a bit per rq_bitmap word");
struct thread *sched_current;
uint32_t sched_queue_changes;
/*
 * Whose time slice the CPU runs on, charged for the time (account()): the thread
 * sched_set_current() last switched to. The IPC fast paths' direct switches leave it:
 * a thread that runs by one, a server called or a caller replied to, runs on the slice
 * of the thread that started the chain of direct switches (time-slice donation, as on
 * Fiasco), until the scheduler next switches. NULL while idle.
 */
static struct thread *slice_owner;
static struct timeout_list timeouts;
static bool exit_when_idle;
static time_us_t last_switch_us, idle_us;
/*
 * The timer's programmed deadline: never later than the next event (the running
 * thread's slice end, the first timeout), perhaps earlier: then the interrupt finds
 * nothing to do and programs the next. Kept so by the few events that can make the
 * next event earlier: a new timeout, a thread switch, the timer interrupt.
 */
static time_us_t timer_deadline = TIME_NEVER;

/* Donation: a server runs at least at the priority of the caller it works for
 * and of the best queued sender, a few levels deep. */
#define DONATION_DEPTH 8

/* Timeouts one timer interrupt expires at most (sched_tick()). */
#define TIMEOUTS_PER_TICK 16

void sched_set_exit_when_idle(bool enable)
{
	exit_when_idle = enable;
}

time_us_t sched_idle_time(void)
{
	return idle_us;
}

/* Out of line: inlined into itself level by level, it grew to 20 KiB of code. */
__attribute__((noinline)) static unsigned effective_prio(const struct thread *t, int depth)
{
	unsigned p = t->prio;
	if (depth >= DONATION_DEPTH)
		return p;
	if (t->reply_to) {
		unsigned d = effective_prio(t->reply_to, depth + 1);
		p = d > p ? d : p;
	}
	if (t->senders) {
		unsigned d = effective_prio(t->senders, depth + 1);
		p = d > p ? d : p;
	}
	return p;
}

/**
 * sched_effective_prio() - the priority a thread runs at, donations included.
 */
unsigned sched_effective_prio(const struct thread *t)
{
	if (!t->reply_to && !t->senders)
		return t->prio; /* nothing donates: the common case, without the walk */
	return effective_prio(t, 0);
}

static void rq_insert(struct thread *t, bool at_head)
{
	unsigned p = sched_effective_prio(t);
	sched_queue_changes++;
	t->queued_prio = p;
	t->rq_prev = t->rq_next = NULL;
	if (!rq_head[p]) {
		rq_head[p] = rq_tail[p] = t;
	} else if (at_head) {
		t->rq_next = rq_head[p];
		rq_head[p]->rq_prev = t;
		rq_head[p] = t;
	} else {
		t->rq_prev = rq_tail[p];
		rq_tail[p]->rq_next = t;
		rq_tail[p] = t;
	}
	rq_mark(p);
}

static void rq_remove(struct thread *t)
{
	unsigned p = t->queued_prio;
	sched_queue_changes++;
	if (t->rq_prev)
		t->rq_prev->rq_next = t->rq_next;
	else
		rq_head[p] = t->rq_next;
	if (t->rq_next)
		t->rq_next->rq_prev = t->rq_prev;
	else
		rq_tail[p] = t->rq_prev;
	if (!rq_head[p]) {
		rq_bitmap[p / 32] &= ~(1u << (p % 32));
		if (!rq_bitmap[p / 32])
			rq_words &= ~(1u << (p / 32));
	}
	t->rq_next = t->rq_prev = NULL;
}

static struct thread *rq_highest(void)
{
	if (!rq_words)
		return NULL;
	unsigned w = 31 - (unsigned)__builtin_clz(rq_words);
	return rq_head[w * 32 + 31 - (unsigned)__builtin_clz(rq_bitmap[w])];
}

/**
 * sched_highest_ready() - the priority of the first thread sched_pick() would pick,
 * or -1 if none is ready.
 */
int sched_highest_ready(void)
{
	struct thread *t = rq_highest();
	return t ? (int)t->queued_prio : -1;
}

/**
 * sched_make_ready() - a thread can run: queue it at the tail of its priority.
 */
void sched_make_ready(struct thread *t)
{
	if (t->state == THREAD_READY || t->state == THREAD_DEAD)
		return;
	t->state = THREAD_READY;
	rq_insert(t, false);
}

/**
 * sched_block() - the thread stops running (IPC, sleep, fault, deletion).
 */
void sched_block(struct thread *t)
{
	if (t->state == THREAD_READY)
		rq_remove(t);
	if (t->state != THREAD_DEAD)
		t->state = THREAD_BLOCKED;
}

/**
 * sched_requeue() - its effective priority may have changed: queue it anew,
 * keeping its place at the head if it was running.
 */
void sched_requeue(struct thread *t)
{
	if (t->state != THREAD_READY || t->queued_prio == sched_effective_prio(t))
		return;
	rq_remove(t);
	rq_insert(t, t == sched_current);
}

static void account(time_us_t now);
static void timer_at(time_us_t at);

/* @t's slice is the one running from now on (charged by account()): a new one if it
 * used up its last. */
static void own_slice(struct thread *t)
{
	slice_owner = t;
	if (t->remaining_us <= 0)
		t->remaining_us = (int32_t)t->quantum_us;
}

void sched_yield(struct thread *t)
{
	if (t->state != THREAD_READY)
		return;
	if (t == sched_current) {
		account(arch_timer_now_us()); /* its new slice starts now */
		slice_owner = t;
	}
	rq_remove(t);
	rq_insert(t, false);
	t->remaining_us = (int32_t)t->quantum_us;
}

/**
 * sched_switch_to() - @from gives the CPU to @to if that can run (thread switch).
 */
void sched_switch_to(struct thread *from, struct thread *to)
{
	sched_yield(from);
	if (to->state == THREAD_READY) {
		rq_remove(to);
		rq_insert(to, true);
	}
}

/**
 * sched_forget() - a thread is being freed: drop every scheduler reference.
 */
void sched_forget(struct thread *t)
{
	if (t->state == THREAD_READY)
		rq_remove(t);
	sched_clear_timeout(t);
	if (slice_owner == t) {
		account(arch_timer_now_us()); /* the rest goes to the running thread */
		slice_owner = sched_current == t ? NULL : sched_current;
	}
	if (sched_current == t)
		sched_current = NULL;
}

/**
 * sched_consumed_time() - the CPU time charged to @t, including the time since the
 * last charge if its slice is the one running.
 */
time_us_t sched_consumed_time(const struct thread *t)
{
	time_us_t us = t->consumed_us;
	if (t == slice_owner)
		us += arch_timer_now_us() - last_switch_us;
	return us;
}

/**
 * sched_set_timeout() - @t's blocked IPC ends at @at (microseconds since boot) unless
 * it ends earlier; the timer is programmed for it if it is the next event.
 */
void sched_set_timeout(struct thread *t, time_us_t at)
{
	timeout_add(&timeouts, &t->timeout, at);
	timer_at(at);
}

void sched_clear_timeout(struct thread *t)
{
	timeout_remove(&timeouts, &t->timeout);
}

/* Charge the time since the last call to the running thread (its consumed time and
 * its slice) or to the idle time. last_switch_us + remaining_us, the end of the
 * running thread's slice, stays the same. */
static void account(time_us_t now)
{
	time_us_t ran = now - last_switch_us;
	if (slice_owner) {
		slice_owner->consumed_us += ran;
		slice_owner->remaining_us -= (int32_t)ran;
	} else {
		idle_us += ran;
	}
	last_switch_us = now;
}

/* Interrupt at @at, unless the timer will interrupt at that time or earlier anyway. */
static void timer_at(time_us_t at)
{
	if (at < timer_deadline) {
		timer_deadline = at;
		arch_timer_set_deadline(at);
	}
}

/* The end of the running thread's slice (account() keeps it fixed while it runs). */
static time_us_t slice_end(const struct thread *t)
{
	return last_switch_us + (time_us_t)(int64_t)t->remaining_us;
}

/**
 * sched_tick() - timer interrupt (the timer is silent until programmed again):
 * expire the timeouts that are due, charge the running thread and rotate it behind
 * its equals when its slice is used up.
 */
void sched_tick(void)
{
	time_us_t now = arch_timer_now_us();
	struct timeout *t;
	timer_deadline = TIME_NEVER;
	/* At most TIMEOUTS_PER_TICK: a task can make hundreds of threads sleep until the
	 * same moment; the rest wait for the next interrupt, a microsecond later, so that
	 * what else is pending (and the threads just woken) runs in between. */
	unsigned n = 0;
	while (n < TIMEOUTS_PER_TICK && (t = timeout_expired(&timeouts, now))) {
		ipc_timeout((struct thread *)((char *)t - offsetof(struct thread, timeout)));
		n++;
	}
	account(now);
	struct thread *cur = sched_current;
	if (slice_owner && slice_owner->remaining_us <= 0 && cur && cur->state == THREAD_READY) {
		if (slice_owner == cur) {
			sched_yield(cur);
		} else {
			/* It ran out while cur ran on it by direct switches: cur goes on, on a
			 * slice of its own; the owner gets a new one when the scheduler next
			 * switches to it (sched_set_current()). */
			own_slice(cur);
		}
	}
	time_us_t next = timeout_next_deadline(&timeouts);
	timer_at(next <= now ? now + 1 : next);
	if (slice_owner && cur && cur->state == THREAD_READY)
		timer_at(slice_end(slice_owner));
}

static bool wakeup_possible(void)
{
	return timeouts.first != NULL || irq_wakeup_possible();
}

/*
 * Nothing is ready: wait for interrupts with interrupts masked (WFI wakes anyway),
 * handle them, and look again. If nothing could ever run and the command line says
 * idle=exit, the system is done. Out of line, so that sched_pick(), run on the way
 * out of every kernel entry, stays a small leaf function.
 */
__attribute__((noinline)) static struct thread *idle(void)
{
	struct thread *next;
	if (sched_current) {
		account(arch_timer_now_us());
		sched_current = NULL;
		slice_owner = NULL;
	}
	while (!(next = rq_highest())) {
		if (exit_when_idle && !wakeup_possible()) {
			kprintf("keel: no thread can run any more, shutting down\n");
			arch_halt(0);
		}
		/* Console output waiting: hand it to the UART instead of sleeping (its FIFO
		 * empties by itself; interrupts are looked at in between). */
		if (!conbuf_pending() || conbuf_drain(CONBUF_EXIT_BUDGET))
			arch_wait_for_interrupt();
		irq_handle_pending();
	}
	return next;
}

/**
 * sched_pick() - the thread to run next: the first of the highest non-empty queue;
 * with none ready, wait for interrupts (and handle them) until one is.
 */
struct thread *sched_pick(void)
{
	struct thread *next = rq_highest();
	return next ? next : idle();
}

/**
 * sched_interrupt_switch() - after the interrupts that came while @cur ran in user
 * mode: if they made a thread ready that runs before it (higher priority: nothing
 * else changed the queues), that thread becomes the current one on @cur's time slice,
 * as a direct switch of the IPC fast paths does: no clock read, no accounting, no new
 * deadline (docs/scheduling.md, "Direct switches").
 * Return: that thread, or NULL when the scheduler's exit has to decide.
 */
struct thread *sched_interrupt_switch(struct thread *cur)
{
	struct thread *next = rq_highest();
	if (!next || cur != sched_current || cur->state != THREAD_READY ||
	    next->queued_prio <= cur->queued_prio || next->kipc != KIPC_NONE)
		return NULL;
	sched_current = next;
	return next;
}

/**
 * sched_set_current() - @next, another thread than current_thread(), runs from now
 * on: the time so far is charged to the thread that ran (or to idling), @next gets a
 * new slice if it used up its last, and the timer is due by the slice's end at the
 * latest.
 */
void sched_set_current(struct thread *next)
{
	account(arch_timer_now_us());
	sched_current = next;
	own_slice(next);
	timer_at(slice_end(next));
}
