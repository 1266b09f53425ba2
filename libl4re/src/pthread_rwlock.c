/* pthread_rwlock.c - read-write locks (writers first), barriers and spin locks for pthreads. */
#define _POSIX_C_SOURCE 200809L
#include "lock.h"
#include "pthread_impl.h"
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

/* Each object's guard is a lock.c lock word of its own. */
static l4re_lock_t *guard(volatile uint32_t *word)
{
	return (l4re_lock_t *)(uintptr_t)word;
}

/* ---- read-write locks ---- */

int pthread_rwlockattr_init(pthread_rwlockattr_t *attr)
{
	attr->unused = 0;
	return 0;
}

int pthread_rwlockattr_destroy(pthread_rwlockattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_rwlockattr_setpshared(pthread_rwlockattr_t *attr, int pshared)
{
	(void)attr;
	return l4re_pshared_check(pshared);
}

int pthread_rwlockattr_getpshared(const pthread_rwlockattr_t *attr, int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
	(void)attr;
	memset(rw, 0, sizeof(*rw));
	return 0;
}

int pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
	return rw->readers || rw->writer || rw->writers_waiting ? EBUSY : 0;
}

/* With @rw's guard held: release it, sleep until *@seq moves on (or @deadline_us),
 * take it again. Return: 0 or ETIMEDOUT. */
static int wait_on(pthread_rwlock_t *rw, volatile uint32_t *seq, const uint64_t *deadline_us)
{
	uint32_t s = *seq;
	l4re_unlock(guard(&rw->lock));
	int err = 0;
	while (*seq == s && !err)
		err = l4re_wait(seq, s, deadline_us);
	l4re_lock(guard(&rw->lock));
	return err;
}

/* Writers first, except for a thread that holds a read lock already: taking another
 * must not wait for a writer that waits for the first. */
static int reader_must_wait(const pthread_rwlock_t *rw, const struct __pthread *me)
{
	return rw->writer || (rw->writers_waiting && !me->rdlocks);
}

/* Take @rw to read; @try: EBUSY instead of waiting; @deadline_us: NULL or when to give
 * up (ETIMEDOUT). */
static int rdlock(pthread_rwlock_t *rw, int try, const uint64_t *deadline_us)
{
	struct __pthread *me = pthread_self();
	l4re_lock(guard(&rw->lock));
	int err = rw->writer == me ? EDEADLK : 0, timed_out = 0;
	while (!err && reader_must_wait(rw, me)) {
		if (try || timed_out)
			err = try ? EBUSY : ETIMEDOUT;
		else
			timed_out = wait_on(rw, &rw->rseq, deadline_us) == ETIMEDOUT;
	}
	if (!err) {
		rw->readers++;
		me->rdlocks++;
	}
	l4re_unlock(guard(&rw->lock));
	return err;
}

/* Readers held back only by waiting writers may go if none waits any more (guard held).
 * Return: the word to wake all of, or NULL. */
static volatile uint32_t *readers_free(pthread_rwlock_t *rw)
{
	if (rw->writer || rw->writers_waiting)
		return NULL;
	rw->rseq++;
	return &rw->rseq;
}

static int wrlock(pthread_rwlock_t *rw, int try, const uint64_t *deadline_us)
{
	struct __pthread *me = pthread_self();
	l4re_lock(guard(&rw->lock));
	int err = rw->writer == me ? EDEADLK : 0, timed_out = 0;
	rw->writers_waiting++;
	while (!err && (rw->writer || rw->readers)) {
		if (try || timed_out)
			err = try ? EBUSY : ETIMEDOUT;
		else
			timed_out = wait_on(rw, &rw->wseq, deadline_us) == ETIMEDOUT;
	}
	rw->writers_waiting--;
	volatile uint32_t *wake = NULL;
	if (!err)
		rw->writer = me;
	else
		wake = readers_free(rw);
	l4re_unlock(guard(&rw->lock));
	if (wake)
		l4re_wake(wake, ~0u);
	return err;
}

int pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
	return rdlock(rw, 0, NULL);
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
	return rdlock(rw, 1, NULL);
}

int pthread_rwlock_timedrdlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	uint64_t deadline;
	int err = l4re_deadline_us(abstime, &deadline);
	return err ? err : rdlock(rw, 0, &deadline);
}

int pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
	return wrlock(rw, 0, NULL);
}

int pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
	return wrlock(rw, 1, NULL);
}

int pthread_rwlock_timedwrlock(pthread_rwlock_t *rw, const struct timespec *abstime)
{
	uint64_t deadline;
	int err = l4re_deadline_us(abstime, &deadline);
	return err ? err : wrlock(rw, 0, &deadline);
}

/* Who may go after a release (guard held): a waiting writer once no reader holds it,
 * else every reader. Return: the word to wake, with *@n how many. */
static volatile uint32_t *after_release(pthread_rwlock_t *rw, unsigned *n)
{
	if (!rw->writers_waiting) {
		*n = ~0u;
		return readers_free(rw);
	}
	if (rw->readers)
		return NULL;
	rw->wseq++;
	*n = 1;
	return &rw->wseq;
}

/**
 * pthread_rwlock_unlock() - release the caller's write lock or one read lock.
 * Return: 0, or EPERM (another thread's write lock, or nobody holds it).
 */
int pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
	struct __pthread *me = pthread_self();
	l4re_lock(guard(&rw->lock));
	int err = 0;
	volatile uint32_t *wake = NULL;
	unsigned n = 0;
	if (rw->writer && rw->writer != me) {
		err = EPERM;
	} else if (rw->writer) {
		rw->writer = NULL;
		wake = after_release(rw, &n);
	} else if (rw->readers) {
		rw->readers--;
		if (me->rdlocks)
			me->rdlocks--;
		wake = after_release(rw, &n);
	} else {
		err = EPERM;
	}
	l4re_unlock(guard(&rw->lock));
	if (wake)
		l4re_wake(wake, n);
	return err;
}

/* ---- barriers ---- */

int pthread_barrierattr_init(pthread_barrierattr_t *attr)
{
	attr->unused = 0;
	return 0;
}

int pthread_barrierattr_destroy(pthread_barrierattr_t *attr)
{
	(void)attr;
	return 0;
}

int pthread_barrierattr_setpshared(pthread_barrierattr_t *attr, int pshared)
{
	(void)attr;
	return l4re_pshared_check(pshared);
}

int pthread_barrierattr_getpshared(const pthread_barrierattr_t *attr, int *pshared)
{
	(void)attr;
	*pshared = PTHREAD_PROCESS_PRIVATE;
	return 0;
}

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count)
{
	(void)attr;
	if (!count)
		return EINVAL;
	memset(b, 0, sizeof(*b));
	b->count = count;
	return 0;
}

/**
 * pthread_barrier_destroy() - once the threads of the last round have left the
 * barrier (it waits for them: they touch it after they are woken), so that its memory
 * may be used again.
 * Return: 0, or EBUSY if threads wait in it.
 */
int pthread_barrier_destroy(pthread_barrier_t *b)
{
	l4re_lock(guard(&b->lock));
	int busy = b->waiting != 0;
	for (uint32_t in = b->inside; !busy && in; in = b->inside) {
		l4re_unlock(guard(&b->lock));
		l4re_wait(&b->inside, in, NULL);
		l4re_lock(guard(&b->lock));
	}
	l4re_unlock(guard(&b->lock));
	return busy ? EBUSY : 0;
}

/* A thread leaves pthread_barrier_wait: the last one lets a destroy go on. */
static void barrier_leave(pthread_barrier_t *b)
{
	l4re_lock(guard(&b->lock));
	int last = --b->inside == 0;
	l4re_unlock(guard(&b->lock));
	if (last)
		l4re_wake(&b->inside, ~0u); /* the address only: b may be gone already */
}

/**
 * pthread_barrier_wait() - wait until count threads have come (not a cancellation
 * point, as POSIX says).
 * Return: PTHREAD_BARRIER_SERIAL_THREAD in the thread that came last, 0 in the others.
 */
int pthread_barrier_wait(pthread_barrier_t *b)
{
	l4re_lock(guard(&b->lock));
	uint32_t gen = b->gen;
	b->inside++;
	int serial = ++b->waiting == b->count;
	if (serial) {
		b->waiting = 0;
		b->gen = gen + 1;
	}
	l4re_unlock(guard(&b->lock));
	if (serial)
		l4re_wake(&b->gen, ~0u);
	while (b->gen == gen)
		l4re_wait(&b->gen, gen, NULL);
	barrier_leave(b);
	return serial ? PTHREAD_BARRIER_SERIAL_THREAD : 0;
}

/* ---- spin locks: sleeping locks (pthread.h says why) ---- */

static l4re_lock_t *spin_word(pthread_spinlock_t *lock)
{
	return (l4re_lock_t *)(uintptr_t)lock;
}

int pthread_spin_init(pthread_spinlock_t *lock, int pshared)
{
	int err = l4re_pshared_check(pshared);
	if (!err)
		*lock = 0;
	return err;
}

int pthread_spin_destroy(pthread_spinlock_t *lock)
{
	return *lock ? EBUSY : 0;
}

int pthread_spin_lock(pthread_spinlock_t *lock)
{
	l4re_lock(spin_word(lock));
	return 0;
}

int pthread_spin_trylock(pthread_spinlock_t *lock)
{
	return l4re_trylock(spin_word(lock)) ? 0 : EBUSY;
}

int pthread_spin_unlock(pthread_spinlock_t *lock)
{
	l4re_unlock(spin_word(lock));
	return 0;
}
