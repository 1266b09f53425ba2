/* pthread_cancel.c - cancelling pthreads: deferred at the cancellation points, or asynchronous. */
#define _POSIX_C_SOURCE 200809L
#include "lock.h"
#include "pthread_impl.h"
#include <errno.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/util/atomic.h>
#include <pthread-l4.h>
#include <stddef.h>

/*
 * A cancel request sets the target's cancel_pending and triggers its waiter's IRQ: a
 * target asleep in a cancellation point wakes and acts on it (lock.c's waits end on
 * the word), one asleep elsewhere checks its word and sleeps again.
 *
 * Asynchronous cancellation moves the target (ex_regs, which also ends a receive it
 * sleeps in) to code that exits it. Whether that may happen is a token, async_armed:
 * the target sets it while it is asynchronous and enabled; a canceller that takes it
 * (exchange) moves the target; the target takes it back before it leaves that mode or
 * runs its own cancellation code. If a canceller took it first, the target waits for
 * the move, which is on its way. So a thread is never moved where it does not allow it,
 * without a lock that a moved thread could leave held.
 */

const volatile uint32_t *l4re_cancel_word(void)
{
	struct __pthread *t = l4re_pthread_current();
	return t && !t->cancel_disabled ? &t->cancel_pending : NULL;
}

_Noreturn void l4re_cancel_act(void)
{
	pthread_exit(PTHREAD_CANCELED);
}

const volatile uint32_t *l4re_cancel_point(void)
{
	const volatile uint32_t *stop = l4re_cancel_word();
	if (stop && *stop)
		l4re_cancel_act();
	return stop;
}

/* pthread_testcancel() - act on a pending cancel request, if cancellation is enabled. */
void pthread_testcancel(void)
{
	l4re_cancel_point();
}

static int armable(const struct __pthread *t)
{
	return t->cancel_async && !t->cancel_disabled;
}

/* Take the token back (@t is the caller); if a canceller has it, wait to be moved. */
static void disarm(struct __pthread *t)
{
	if (!armable(t) || l4util_xchg32(&t->async_armed, 0) == 1)
		return;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER); /* the canceller's ex_regs ends it */
}

/* Set the token if @t (the caller) is asynchronous and enabled; act on a request that
 * came while it was not set. */
static void arm(struct __pthread *t)
{
	if (!armable(t))
		return;
	l4util_xchg32(&t->async_armed, 1);
	if (t->cancel_pending)
		l4re_cancel_act();
}

void l4re_cancel_async(void) __attribute__((noreturn, used));

/* Where a canceller moves an asynchronous thread: it holds no token any more. */
void l4re_cancel_async(void)
{
	struct __pthread *t = l4re_pthread_current();
	if (t)
		t->cancel_disabled = 1;
	pthread_exit(PTHREAD_CANCELED);
}

/* The stack pointer may be anywhere: C wants it 8-byte aligned. */
__attribute__((naked)) static void async_trampoline(void)
{
	__asm__ volatile("mov r0, sp\n\t"
			 "bic r0, r0, #7\n\t"
			 "mov sp, r0\n\t"
			 "b l4re_cancel_async\n\t");
}

void l4re_cancel_exit(struct __pthread *t)
{
	disarm(t);
	t->cancel_disabled = 1;
	while (t->cleanup) {
		struct __pthread_cleanup *c = t->cleanup;
		t->cleanup = c->prev;
		c->routine(c->arg);
	}
}

/**
 * pthread_cancel() - ask @thread to end as if by pthread_exit(PTHREAD_CANCELED), when
 * it allows: at its next cancellation point (deferred), or at once (asynchronous).
 * A thread asleep in a cancellation point is woken.
 * Return: 0 or ESRCH.
 */
int pthread_cancel(pthread_t thread)
{
	if (!thread)
		return ESRCH;
	struct __pthread *me = l4re_pthread_current();
	if (me)
		disarm(me); /* not moved away while it works on another's token */
	l4util_xchg32(&thread->cancel_pending, 1);
	if (thread != me && l4util_xchg32(&thread->async_armed, 0) == 1)
		l4_thread_ex_regs(pthread_l4_cap(thread), (l4_addr_t)async_trampoline, ~0UL,
				  L4_THREAD_EX_REGS_CANCEL);
	else if (thread != me)
		l4re_waiter_kick(thread->waiter);
	if (me)
		arm(me);
	return 0;
}

/**
 * pthread_setcancelstate() - PTHREAD_CANCEL_ENABLE (the default) or
 * PTHREAD_CANCEL_DISABLE: a disabled thread keeps requests pending until it enables.
 */
int pthread_setcancelstate(int state, int *oldstate)
{
	if (state != PTHREAD_CANCEL_ENABLE && state != PTHREAD_CANCEL_DISABLE)
		return EINVAL;
	struct __pthread *t = l4re_pthread_current();
	if (!t) {
		if (oldstate)
			*oldstate = PTHREAD_CANCEL_ENABLE;
		return 0;
	}
	disarm(t);
	if (oldstate)
		*oldstate = t->cancel_disabled ? PTHREAD_CANCEL_DISABLE : PTHREAD_CANCEL_ENABLE;
	t->cancel_disabled = state == PTHREAD_CANCEL_DISABLE;
	arm(t);
	return 0;
}

/**
 * pthread_setcanceltype() - PTHREAD_CANCEL_DEFERRED (the default) or
 * PTHREAD_CANCEL_ASYNCHRONOUS: cancelled at once, wherever it runs (then it should
 * call only what POSIX calls async-cancel-safe: a lock it holds stays held).
 */
int pthread_setcanceltype(int type, int *oldtype)
{
	if (type != PTHREAD_CANCEL_DEFERRED && type != PTHREAD_CANCEL_ASYNCHRONOUS)
		return EINVAL;
	struct __pthread *t = l4re_pthread_current();
	if (!t) {
		if (oldtype)
			*oldtype = PTHREAD_CANCEL_DEFERRED;
		return 0;
	}
	disarm(t);
	if (oldtype)
		*oldtype = t->cancel_async ? PTHREAD_CANCEL_ASYNCHRONOUS : PTHREAD_CANCEL_DEFERRED;
	t->cancel_async = type == PTHREAD_CANCEL_ASYNCHRONOUS;
	arm(t);
	return 0;
}

/* pthread_cleanup_push()'s half: @c (on the caller's stack) runs if it is cancelled. */
void __pthread_cleanup_push(struct __pthread_cleanup *c, void (*routine)(void *), void *arg)
{
	struct __pthread *t = pthread_self();
	c->routine = routine;
	c->arg = arg;
	c->prev = t->cleanup;
	t->cleanup = c;
}

/* pthread_cleanup_pop()'s half: @c is done; run it if @execute. */
void __pthread_cleanup_pop(struct __pthread_cleanup *c, int execute)
{
	pthread_self()->cleanup = c->prev;
	if (execute)
		c->routine(c->arg);
}
