/* pthread_sync.c - pthread mutexes and condition variables over libl4re's sleeping locks. */
#define _POSIX_C_SOURCE 200809L
#include "lock.h"
#include "pthread_impl.h"
#include <errno.h>
#include <l4/util/atomic.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/**
 * l4re_deadline_us() - @abstime (a clock_gettime() time: the KIP clock) in microseconds,
 * rounded up.
 * Return: 0, or EINVAL if it is not a time.
 */
int l4re_deadline_us(const struct timespec *abstime, uint64_t *deadline_us)
{
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L || abstime->tv_sec < 0)
		return EINVAL;
	*deadline_us =
	    (uint64_t)abstime->tv_sec * 1000000u + (uint64_t)(abstime->tv_nsec + 999) / 1000;
	return 0;
}

/* The objects are private to the program: a waiter in another task could not be woken. */
int l4re_pshared_check(int pshared)
{
	if (pshared == PTHREAD_PROCESS_PRIVATE)
		return 0;
	return pshared == PTHREAD_PROCESS_SHARED ? ENOTSUP : EINVAL;
}

/* ---- mutexes: lock.c's lock word, plus an owner for recursive ones ---- */

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
	attr->type = PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
	if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE &&
	    type != PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	attr->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *attr, int *type)
{
	*type = attr->type;
	return 0;
}

int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared)
{
	(void)attr;
	return l4re_pshared_check(pshared);
}

int pthread_mutexattr_getpshared(const pthread_mutexattr_t *attr, int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
	memset(m, 0, sizeof(*m));
	m->type = attr ? attr->type : PTHREAD_MUTEX_DEFAULT;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
	return m->state ? EBUSY : 0;
}

/* Already the caller's: 0 (recursive: counted), EDEADLK, or -1 if not its own. */
static int mutex_again(pthread_mutex_t *m)
{
	if (m->type == PTHREAD_MUTEX_NORMAL || m->owner != pthread_self())
		return -1;
	if (m->type == PTHREAD_MUTEX_ERRORCHECK)
		return EDEADLK;
	m->count++;
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	int again = mutex_again(m);
	if (again >= 0)
		return again;
	l4re_lock((l4re_lock_t *)&m->state);
	m->owner = pthread_self();
	m->count = 1;
	return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int again = mutex_again(m);
	if (again >= 0)
		return again == EDEADLK ? EBUSY : again;
	if (!l4re_trylock((l4re_lock_t *)&m->state))
		return EBUSY;
	m->owner = pthread_self();
	m->count = 1;
	return 0;
}

/* Take the lock word @state (found held, and marked held only) by @abstime: 0,
 * ETIMEDOUT, or EINVAL for a bad @abstime. The exchange with 2 comes first: it puts
 * back the mark of waiters that the first exchange may have taken off. */
static int lock_until(volatile uint32_t *state, const struct timespec *abstime)
{
	uint64_t deadline = 0;
	int bad = l4re_deadline_us(abstime, &deadline), timed_out = 0;
	while (l4util_xchg32(state, 2) != 0) {
		if (bad || timed_out)
			return bad ? EINVAL : ETIMEDOUT;
		timed_out = l4re_wait(state, 2, &deadline) == ETIMEDOUT;
	}
	return 0;
}

/**
 * pthread_mutex_timedlock() - pthread_mutex_lock() that gives up at @abstime (on the
 * clock clock_gettime() reads: libl4re's clocks are all the KIP clock).
 * Return: 0, ETIMEDOUT, EDEADLK (error-checking, the caller's), EINVAL (a bad @abstime
 * when it would have to wait).
 */
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
	int again = mutex_again(m);
	if (again >= 0)
		return again;
	if (l4re_xchg(&m->state, 1, 1) != 0) {
		int err = lock_until(&m->state, abstime);
		if (err)
			return err;
	}
	m->owner = pthread_self();
	m->count = 1;
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (m->type != PTHREAD_MUTEX_NORMAL && m->owner != pthread_self())
		return EPERM;
	if (m->type == PTHREAD_MUTEX_RECURSIVE && --m->count)
		return 0;
	m->owner = NULL;
	l4re_unlock((l4re_lock_t *)&m->state);
	return 0;
}

/* ---- condition variables: a signal counter to wait on ---- */

int pthread_condattr_init(pthread_condattr_t *attr)
{
	attr->clock = CLOCK_REALTIME;
	return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
	(void)attr;
	return 0;
}

/* Both clocks are the KIP clock (the time since boot, which never goes back), so the
 * choice changes nothing but what pthread_condattr_getclock() answers. */
int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
		return EINVAL;
	attr->clock = clock;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *attr, clockid_t *clock)
{
	*clock = attr->clock;
	return 0;
}

int pthread_condattr_setpshared(pthread_condattr_t *attr, int pshared)
{
	(void)attr;
	return l4re_pshared_check(pshared);
}

int pthread_condattr_getpshared(const pthread_condattr_t *attr, int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
	memset(c, 0, sizeof(*c));
	c->clock = attr ? attr->clock : CLOCK_REALTIME;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
	(void)c;
	return 0;
}

/*
 * Wait for a signal after the current one, until *@deadline_us (NULL: none): 0 or
 * ETIMEDOUT. A cancellation point: a cancelled waiter takes @m again before its cleanup
 * handlers run (as POSIX says), and a signal that woke it is not lost: it returns
 * normally then, and the cancel waits for the next cancellation point.
 */
static int cond_wait(pthread_cond_t *c, pthread_mutex_t *m, const uint64_t *deadline_us)
{
	if (m->type != PTHREAD_MUTEX_NORMAL && m->owner != pthread_self())
		return EPERM;
	const volatile uint32_t *stop = l4re_cancel_point();
	uint32_t seq = c->seq;
	unsigned count = m->count;
	m->count = 1;
	pthread_mutex_unlock(m);
	int err = 0;
	while (c->seq == seq && !err)
		err = l4re_wait_stop(&c->seq, seq, deadline_us, stop);
	pthread_mutex_lock(m);
	m->count = count;
	if (err == ECANCELED)
		l4re_cancel_act();
	return c->seq != seq ? 0 : err;
}

/**
 * pthread_cond_wait() - release @m, wait for a signal on @c, take @m again. Signals wake
 * the waiter of the highest priority first, the earliest among equals.
 * Return: 0 (also on a spurious wake-up, as POSIX allows), EPERM (@m is an
 * error-checking or recursive mutex the caller does not hold).
 */
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	return cond_wait(c, m, NULL);
}

/**
 * pthread_cond_timedwait() - pthread_cond_wait() until @abstime, on @c's clock
 * (CLOCK_REALTIME or CLOCK_MONOTONIC: in libl4re both are the KIP clock, time since
 * boot, which clock_gettime() reads for either).
 * Return: 0, ETIMEDOUT, EINVAL or EPERM.
 */
int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	uint64_t deadline;
	int err = l4re_deadline_us(abstime, &deadline);
	return err ? err : cond_wait(c, m, &deadline);
}

/* Count a signal and wake up to @n waiters. */
static int cond_wake(pthread_cond_t *c, unsigned n)
{
	l4re_lock((l4re_lock_t *)&c->lock.state);
	c->seq++;
	l4re_unlock((l4re_lock_t *)&c->lock.state);
	l4re_wake(&c->seq, n);
	return 0;
}

int pthread_cond_signal(pthread_cond_t *c)
{
	return cond_wake(c, 1);
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	return cond_wake(c, ~0u);
}
