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
 * *addr is val; l4re_wake() claims waiters of addr and triggers their IRQs.
 */
int l4re_wait(volatile uint32_t *addr, uint32_t val, const uint64_t *deadline_us);
void l4re_wake(volatile uint32_t *addr, unsigned n);

int l4re_waiter_alloc(l4_cap_idx_t thread);
void l4re_waiter_free(int w);
void l4re_waiter_set_self(int w);
void l4re_waiter_main(void);

/* The kernel's clock in microseconds (the KIP clock). */
uint64_t l4re_now_us(void);

#endif
