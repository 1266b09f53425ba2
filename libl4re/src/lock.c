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
 */
#define LABEL_TAG 0x70740000UL /* "pt": the receive label of a waiter's IRQ */

struct waiter {
	volatile uint32_t addr; /* the address waited on, 0 when not waiting */
	volatile uint32_t used;
	l4_cap_idx_t irq;
};

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

/* l4re_waiter_main() - give the main thread its waiter (before other threads start). */
void l4re_waiter_main(void)
{
	if (main_waiter >= 0)
		return;
	main_waiter = l4re_waiter_alloc(l4re_env()->main_thread);
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

/* Sleep on @w's IRQ until it comes or @deadline_us (NULL: never) has passed. */
static void sleep_on(struct waiter *w, const uint64_t *deadline_us)
{
	l4_timeout_t to = L4_IPC_NEVER;
	if (deadline_us) {
		uint64_t now = l4re_now_us();
		if (now >= *deadline_us)
			return;
		uint64_t left = *deadline_us - now;
		to = l4_timeout(
		    L4_IPC_TIMEOUT_NEVER,
		    l4util_micros2l4to(left > 0x7fffffffu ? 0x7fffffffu : (unsigned)left));
	}
	l4_umword_t label = 0;
	l4_irq_wait(w->irq, &label, to);
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

/**
 * l4re_wait() - sleep while *@addr is @val, until woken or @deadline_us (KIP clock,
 * NULL: none).
 * Return: 0 (woken, or the word changed, or early: callers check again) or ETIMEDOUT.
 */
int l4re_wait(volatile uint32_t *addr, uint32_t val, const uint64_t *deadline_us)
{
	int i = self();
	if (i < 0)
		return wait_polling(addr, val, deadline_us);
	struct waiter *w = &waiters[i];
	uint32_t a = (uint32_t)(uintptr_t)addr;
	l4util_xchg32(&w->addr, a);
	fence();
	int timed_out = 0;
	while (w->addr == a && *addr == val && !timed_out) {
		sleep_on(w, deadline_us);
		timed_out = deadline_us && l4re_now_us() >= *deadline_us;
	}
	/* Not claimed yet: leave; claimed meanwhile: a wake-up is ours. */
	if (l4util_xchg32(&w->addr, 0) != a)
		return 0;
	return timed_out && *addr == val ? ETIMEDOUT : 0;
}

/**
 * l4re_wake() - wake up to @n threads waiting on @addr (after changing *@addr).
 */
void l4re_wake(volatile uint32_t *addr, unsigned n)
{
	uint32_t a = (uint32_t)(uintptr_t)addr;
	fence();
	unsigned woken = 0;
	for (unsigned i = 0; i < L4RE_WAITERS && woken < n; i++) {
		struct waiter *w = &waiters[i];
		if (w->addr != a)
			continue;
		uint32_t old = l4util_xchg32(&w->addr, 0);
		if (old == 0)
			continue; /* it left */
		l4_irq_trigger(w->irq);
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
