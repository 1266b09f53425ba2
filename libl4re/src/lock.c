/* lock.c - sleeping locks for libl4re's threads: a futex in user space over per-thread IRQs. */
#include "lock.h"
#include <errno.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/util/atomic.h>
#include <l4/util/util.h>

/*
 * Every thread that may block has a waiter: an IRQ object bound to it, and the address
 * it waits on. A waiter publishes the address, then checks the word; a waker changes
 * the word, then claims the waiters of that address (exchanging their address with 0)
 * and triggers their IRQs. Either the waiter sees the new value or the waker sees the
 * waiter, so no wake-up is lost; a trigger that comes when the waiter has already left
 * stays pending and makes a later wait return early once, which every caller's loop
 * absorbs. Nothing spins: a waiter sleeps in the kernel until its IRQ comes.
 * Only exchange is used (SWP on ARMv5, which has no compare-and-swap).
 *
 * Whom a waker claims first: the highest priority, and among equals the one that began
 * to wait first (its ticket, taken as in Lamport's bakery: one more than every ticket
 * there is, from loads and a store of its own, as ARMv5 has no atomic add).
 */
#define LABEL_TAG 0x70740000UL /* "pt": the receive label of a waiter's IRQ */

struct waiter {
	volatile uint32_t addr; /* the address waited on, 0 when not waiting */
	volatile uint32_t used;
	l4_cap_idx_t irq;
	volatile unsigned prio;	  /* its thread's priority */
	volatile uint64_t ticket; /* when its latest wait began */
};

_Static_assert(L4RE_WAITERS <= 64, "a waker keeps the waiters it may claim in 64 bits");

static struct waiter waiters[L4RE_WAITERS];
static int main_waiter = -1;
static __thread int self_waiter; /* its index + 1, 0 if none */

static void fence(void)
{
#if __ARM_ARCH >= 7
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#else
	__asm__ volatile("" ::: "memory"); /* one CPU */
#endif
}

uint64_t l4re_now_us(void)
{
	return l4_kip_clock(l4re_kip());
}

/**
 * l4re_waiter_alloc() - a waiter for @thread: an IRQ object bound to it.
 * Return: its index, or -1 (no free waiter, capability slot or kernel memory).
 */
int l4re_waiter_alloc(l4_cap_idx_t thread)
{
	int w = -1;
	for (int i = 0; i < L4RE_WAITERS && w < 0; i++)
		if (l4util_xchg32(&waiters[i].used, 1) == 0)
			w = i;
	if (w < 0)
		return -1;
	l4_cap_idx_t irq = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(irq) ||
	    l4_error(l4_factory_create_irq(l4re_env()->factory, irq)) != 0 ||
	    l4_error(l4_rcv_ep_bind_thread(irq, thread, LABEL_TAG | (unsigned)w)) != 0) {
		if (l4_is_valid_cap(irq)) {
			l4_task_delete_obj(L4_BASE_TASK_CAP, irq);
			l4re_util_cap_free(irq);
		}
		waiters[w].used = 0;
		return -1;
	}
	waiters[w].irq = irq;
	waiters[w].addr = 0;
	waiters[w].prio = 0;
	return w;
}

/* l4re_waiter_free() - delete waiter @w's IRQ (its thread must be gone or done). */
void l4re_waiter_free(int w)
{
	if (w < 0 || w >= L4RE_WAITERS)
		return;
	l4_task_delete_obj(L4_BASE_TASK_CAP, waiters[w].irq);
	l4re_util_cap_free(waiters[w].irq);
	waiters[w].irq = L4_INVALID_CAP;
	waiters[w].addr = 0;
	fence();
	waiters[w].used = 0;
}

/* l4re_waiter_set_self() - the calling thread sleeps on waiter @w from now on. */
void l4re_waiter_set_self(int w)
{
	self_waiter = w + 1;
}

/**
 * l4re_waiter_main() - give the main thread its waiter (before other threads start).
 * Return: its index, or -1 if there is none.
 */
int l4re_waiter_main(void)
{
	if (main_waiter < 0)
		main_waiter = l4re_waiter_alloc(l4re_env()->main_thread);
	return main_waiter;
}

/* l4re_waiter_set_prio() - waiter @w's thread now runs at @prio (whom wakers prefer). */
void l4re_waiter_set_prio(int w, unsigned prio)
{
	if (w >= 0 && w < L4RE_WAITERS)
		waiters[w].prio = prio;
}

/**
 * l4re_waiter_kick() - wake waiter @w's thread from whatever it waits for, or end its
 * next wait early (the trigger stays pending): it checks its stop word.
 */
void l4re_waiter_kick(int w)
{
	if (w >= 0 && w < L4RE_WAITERS && waiters[w].used)
		l4_irq_trigger(waiters[w].irq);
}

/* The caller's waiter, or -1 for a thread without one (no TLS, or not known). */
static int self(void)
{
	if (!__builtin_thread_pointer())
		return -1;
	if (!self_waiter && main_waiter >= 0 &&
	    (l4_addr_t)l4_utcb() == l4_fpage_memaddr(l4re_env()->utcb_area))
		self_waiter = main_waiter + 1;
	return self_waiter - 1;
}

/* The IPC timeout of what is left until @deadline_us (at least 1 us), NULL: never. */
static l4_timeout_t timeout_until(const uint64_t *deadline_us, uint64_t now)
{
	if (!deadline_us)
		return L4_IPC_NEVER;
	uint64_t left = *deadline_us > now ? *deadline_us - now : 1;
	return l4_timeout(L4_IPC_TIMEOUT_NEVER,
			  l4util_micros2l4to(left > 0x7fffffffu ? 0x7fffffffu : (unsigned)left));
}

/* Sleep on @w's IRQ until it comes or @deadline_us (NULL: never) has passed.
 * Return: the receive's IPC error (0, L4_IPC_RETIMEOUT, L4_IPC_RECANCELED...). */
static long sleep_on(const struct waiter *w, const uint64_t *deadline_us)
{
	uint64_t now = deadline_us ? l4re_now_us() : 0;
	if (deadline_us && now >= *deadline_us)
		return L4_IPC_RETIMEOUT;
	/* A closed receive: only this IRQ ends it, so a message for the thread meanwhile
	 * stays queued for its own receive. */
	l4_msgtag_t tag = l4_irq_receive(w->irq, timeout_until(deadline_us, now));
	return l4_ipc_error(tag, l4_utcb());
}

/* Without a waiter: sleep a millisecond, so lower priorities run (no spinning). */
static int wait_polling(volatile uint32_t *addr, uint32_t val, const uint64_t *deadline_us)
{
	if (*addr != val)
		return 0;
	if (deadline_us && l4re_now_us() >= *deadline_us)
		return ETIMEDOUT;
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4util_micros2l4to(1000)));
	return 0;
}

/* A ticket later than that of every wait that has begun before. */
static uint64_t next_ticket(void)
{
	uint64_t newest = 0;
	for (int i = 0; i < L4RE_WAITERS; i++)
		if (waiters[i].ticket > newest)
			newest = waiters[i].ticket;
	return newest + 1;
}

/**
 * l4re_wait_stop() - sleep while *@addr is @val, until woken, @deadline_us (KIP clock,
 * NULL: none) or *@stop (NULL: none) is nonzero.
 * Return: 0 (woken, or the word changed, or early: callers check again), ETIMEDOUT or
 * ECANCELED (not woken, *@stop set).
 */
int l4re_wait_stop(volatile uint32_t *addr, uint32_t val, const uint64_t *deadline_us,
		   const volatile uint32_t *stop)
{
	int i = self();
	if (i < 0)
		return wait_polling(addr, val, deadline_us);
	struct waiter *w = &waiters[i];
	uint32_t a = (uint32_t)(uintptr_t)addr;
	w->ticket = next_ticket();
	l4util_xchg32(&w->addr, a);
	fence();
	int timed_out = 0;
	while (w->addr == a && *addr == val && !(stop && *stop) && !timed_out) {
		sleep_on(w, deadline_us);
		timed_out = deadline_us && l4re_now_us() >= *deadline_us;
	}
	/* Not claimed yet: leave; claimed meanwhile: a wake-up is ours. */
	if (l4util_xchg32(&w->addr, 0) != a)
		return 0;
	if (stop && *stop)
		return ECANCELED;
	return timed_out && *addr == val ? ETIMEDOUT : 0;
}

/**
 * l4re_sleep_until() - sleep on the caller's waiter until @deadline_us (KIP clock), or
 * until *@stop (NULL: none) is nonzero. A trigger that comes early is absorbed.
 * Return: 0, ECANCELED, EINTR (ex_regs cancelled the receive), ENOENT (no waiter).
 */
int l4re_sleep_until(uint64_t deadline_us, const volatile uint32_t *stop)
{
	int i = self();
	if (i < 0)
		return ENOENT;
	while (!(stop && *stop)) {
		long err = sleep_on(&waiters[i], &deadline_us);
		if (err == L4_IPC_RECANCELED)
			return EINTR;
		if (l4re_now_us() >= deadline_us)
			return 0;
	}
	return ECANCELED;
}

/* Should @a be woken before @b? The higher priority, then the earlier ticket. */
static int before(const struct waiter *a, const struct waiter *b)
{
	if (a->prio != b->prio)
		return a->prio > b->prio;
	return a->ticket < b->ticket;
}

/* The waiters that wait on @a now, a bit each. */
static uint64_t waiting_on(uint32_t a)
{
	uint64_t set = 0;
	for (unsigned i = 0; i < L4RE_WAITERS; i++)
		if (waiters[i].addr == a)
			set |= 1ull << i;
	return set;
}

/* The one of @set to wake first (@set is not empty). */
static unsigned first_of(uint64_t set)
{
	unsigned best = (unsigned)__builtin_ctzll(set);
	for (unsigned i = best + 1; i < L4RE_WAITERS; i++)
		if ((set >> i & 1) && before(&waiters[i], &waiters[best]))
			best = i;
	return best;
}

/**
 * l4re_wake() - wake up to @n threads waiting on @addr (after changing *@addr), those
 * of the highest priority first. Each waiter is looked at once: one that comes later
 * sees the new value itself, so a waiter that waits again at once is not woken twice.
 */
void l4re_wake(volatile uint32_t *addr, unsigned n)
{
	uint32_t a = (uint32_t)(uintptr_t)addr;
	fence();
	unsigned woken = 0;
	for (uint64_t set = waiting_on(a); set && woken < n;) {
		unsigned i = first_of(set);
		set &= ~(1ull << i);
		uint32_t old = l4util_xchg32(&waiters[i].addr, 0);
		if (old == 0)
			continue; /* it left */
		l4_irq_trigger(waiters[i].irq);
		if (old == a)
			woken++; /* else it waited on another word now: it checks again */
	}
}

/**
 * l4re_lock_slow() - l4re_lock() after finding @l held: mark it waited for, and sleep
 * until it is free.
 */
void l4re_lock_slow(l4re_lock_t *l)
{
	while (l4util_xchg32(&l->state, 2) != 0)
		l4re_wait(&l->state, 2, 0);
}

/**
 * l4re_trylock() - take @l if it is free.
 * Return: 1 if taken, 0 if another thread holds it.
 */
int l4re_trylock(l4re_lock_t *l)
{
	if (l->state != 0)
		return 0;
	if (l4util_xchg32(&l->state, 1) == 0)
		return 1;
	/* It was held, maybe with waiters: put their mark back (or take it if freed). */
	return l4util_xchg32(&l->state, 2) == 0;
}

/**
 * l4re_unlock_slow() - l4re_unlock() after finding @l waited for: wake a waiter.
 */
void l4re_unlock_slow(l4re_lock_t *l)
{
	l4re_wake(&l->state, 1);
}
