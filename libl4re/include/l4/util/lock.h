/* lock.h - L4Re's l4util simple spin lock, which gives the CPU away while it waits (threads of one
 * priority). */
#ifndef L4_UTIL_LOCK_H
#define L4_UTIL_LOCK_H

#include <l4/sys/compiler.h>
#include <l4/sys/thread.h>
#include <l4/util/atomic.h>

EXTERN_C_BEGIN

/* 0: free, 1: taken. */
typedef l4_uint32_t l4util_simple_lock_t;

/* Take @lock if it is free. Return: 1 if this call took it, else 0. */
L4_INLINE int l4_simple_try_lock(l4util_simple_lock_t *lock)
{
	return l4util_xchg32(lock, 1) == 0;
}

/* Let @lock go. */
L4_INLINE void l4_simple_unlock(l4util_simple_lock_t *lock)
{
	l4util_xchg32(lock, 0);
}

/* 1 if @lock is taken, else 0. */
L4_INLINE int l4_simple_lock_locked(l4util_simple_lock_t *lock)
{
	return *(volatile l4util_simple_lock_t *)lock != 0;
}

/*
 * Take @p, switching to another ready thread while it is taken. As L4Re's, this waits
 * for a holder of the same priority only: one of lower priority does not get to run.
 */
L4_INLINE void l4_simple_lock_solid(l4util_simple_lock_t *p)
{
	while (l4_simple_lock_locked(p) || !l4_simple_try_lock(p))
		l4_thread_switch(L4_INVALID_CAP);
}

/* Take @lock, waiting as l4_simple_lock_solid() does. */
L4_INLINE void l4_simple_lock(l4util_simple_lock_t *lock)
{
	if (!l4_simple_try_lock(lock))
		l4_simple_lock_solid(lock);
}

EXTERN_C_END

#endif
