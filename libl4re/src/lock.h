/* lock.h - libl4re's sleeping locks and address waits, under malloc, stdio and pthreads. */
#ifndef LIBL4RE_LOCK_H
#define LIBL4RE_LOCK_H

#include <l4/sys/types.h>
#include <stdint.h>

/* Threads that can sleep in l4re_wait() at the same time (each has a waiter). */
#define L4RE_WAITERS 64

/* A lock: 0 free, 1 held, 2 held and maybe waited for. Zero is unlocked. */
typedef struct l4re_lock {
	volatile uint32_t state;
} l4re_lock_t;

#define L4RE_LOCK_INIT                                                                             \
	{                                                                                          \
		0                                                                                  \
	}

void l4re_lock_slow(l4re_lock_t *l);
void l4re_unlock_slow(l4re_lock_t *l);
int l4re_trylock(l4re_lock_t *l);

/* Exchange with acquire (@acquire 1) or release order: SWP on ARMv5 (one CPU). */
static inline uint32_t l4re_xchg(volatile uint32_t *p, uint32_t v, int acquire)
{
#if __ARM_ARCH >= 6
	if (acquire)
		return __atomic_exchange_n(p, v, __ATOMIC_ACQUIRE);
	return __atomic_exchange_n(p, v, __ATOMIC_RELEASE);
#else
	(void)acquire;
	uint32_t old;
	__asm__ volatile("swp %0, %2, [%1]" : "=&r"(old) : "r"(p), "r"(v) : "memory");
	return old;
#endif
}

/* Take @l, sleeping while another thread holds it. */
static inline void l4re_lock(l4re_lock_t *l)
{
	if (l4re_xchg(&l->state, 1, 1) != 0)
		l4re_lock_slow(l);
}

/* Release @l and wake a thread waiting for it. */
static inline void l4re_unlock(l4re_lock_t *l)
{
	if (l4re_xchg(&l->state, 0, 0) == 2)
		l4re_unlock_slow(l);
}

/*
 * Address waits (a futex in user space): a thread sleeps on its waiter's IRQ while
 * *addr is val; l4re_wake() claims waiters of addr, the highest priority first (the
 * earliest among equals), and triggers their IRQs.
 * l4re_wait_stop() also ends when *stop (if not NULL) becomes nonzero: ECANCELED, unless
 * a wake-up claimed it first (then 0: the wake-up is not lost).
 */
int l4re_wait_stop(volatile uint32_t *addr, uint32_t val, const uint64_t *deadline_us,
		   const volatile uint32_t *stop);
void l4re_wake(volatile uint32_t *addr, unsigned n);

static inline int l4re_wait(volatile uint32_t *addr, uint32_t val, const uint64_t *deadline_us)
{
	return l4re_wait_stop(addr, val, deadline_us, 0);
}

/* Sleep on the caller's waiter until @deadline_us: 0, ECANCELED (*@stop set), EINTR
 * (its receive was cancelled by ex_regs) or ENOENT (the caller has no waiter). */
int l4re_sleep_until(uint64_t deadline_us, const volatile uint32_t *stop);

int l4re_waiter_alloc(l4_cap_idx_t thread);
void l4re_waiter_free(int w);
void l4re_waiter_set_self(int w);
int l4re_waiter_main(void);
void l4re_waiter_set_prio(int w, unsigned prio);
void l4re_waiter_kick(int w);

/*
 * Cancellation of pthreads (pthread_cancel.c), for the cancellation points outside
 * pthreads (posix_time.c refers to them weakly: a program without pthreads does not
 * link them). l4re_cancel_word(): the word a cancel request sets, if the calling thread
 * is a pthread that can be cancelled now, else NULL. l4re_cancel_act(): act on it.
 */
const volatile uint32_t *l4re_cancel_word(void);
_Noreturn void l4re_cancel_act(void);

/* The kernel's clock in microseconds (the KIP clock). */
uint64_t l4re_now_us(void);

#endif
