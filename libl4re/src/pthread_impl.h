/* pthread_impl.h - what libl4re's pthread files share: a thread's record and cancellation. */
#ifndef LIBL4RE_PTHREAD_IMPL_H
#define LIBL4RE_PTHREAD_IMPL_H

#include <l4/sys/types.h>
#include <pthread.h>
#include <stdint.h>

struct __pthread {
	l4_cap_idx_t cap;
	int waiter; /* lock.c's waiter: its IRQ wakes the thread (-1: none yet) */
	int utcb_slot;
	void *(*fn)(void *);
	void *arg;
	void *ret;
	volatile uint32_t exited; /* 1: done with everything but its last sleep */
	int detached;
	int exit_begun; /* it has looked at detached for the last time */
	void *stack;	/* malloc'd, or NULL for the attribute's */
	void *tls;
	void *stack_base; /* where its stack is (NULL: not known) */
	size_t stack_size;
	int prio; /* the Keel priority it was given */
	int policy;
	int inheritsched;
	struct __pthread *next_zombie;
	const void *specific[PTHREAD_KEYS_MAX];
	unsigned specific_gen[PTHREAD_KEYS_MAX]; /* the key's generation when set */

	/* Cancellation (pthread_cancel.c). Only the thread itself changes the state and
	 * type; others set cancel_pending and take async_armed. */
	volatile uint32_t cancel_pending; /* pthread_cancel() was called */
	volatile uint32_t async_armed;	  /* 1: asynchronous and enabled, not taken */
	int cancel_disabled;
	int cancel_async;
	unsigned rdlocks; /* read locks it holds (writers do not hold it off from more) */
	struct __pthread_cleanup *cleanup;
	char name[16]; /* pthread_setname_np(); the kernel gets it too, if it can */
};

/* The calling thread's record, or NULL in a thread libl4re's pthreads do not know (no
 * TLS, or made otherwise; pthread_self() there answers the main thread's). */
struct __pthread *l4re_pthread_current(void);

/* Cancellation points: the calling thread's stop word for a wait, or NULL if it cannot
 * be cancelled now; acting on it if it is set already. */
const volatile uint32_t *l4re_cancel_point(void);

/* @abstime in KIP-clock microseconds: 0 or EINVAL. */
int l4re_deadline_us(const struct timespec *abstime, uint64_t *deadline_us);
/* 0 for PTHREAD_PROCESS_PRIVATE, ENOTSUP for PTHREAD_PROCESS_SHARED, else EINVAL. */
int l4re_pshared_check(int pshared);

/* pthread_exit()'s part for cancellation: no more of it, cleanup handlers run. */
void l4re_cancel_exit(struct __pthread *t);

#endif
