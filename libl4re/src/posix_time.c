/*
 * posix_time.c - sleep(), usleep() and nanosleep() as picolibc's <unistd.h> and
 * <time.h> declare them, over IPC timeouts measured against the KIP clock (as
 * l4_usleep() in util.c). A sleep ends early only when its IPC is cancelled
 * (l4_thread_ex_regs() with L4_THREAD_EX_REGS_CANCEL): then EINTR, and nanosleep()
 * says how much time was left. In a pthread that can be cancelled, they are
 * cancellation points: such a thread sleeps on its waiter's IRQ (lock.c), which
 * pthread_cancel() triggers.
 */
/* picolibc declares usleep(), nanosleep() and the POSIX calls for POSIX programs. */
#define _DEFAULT_SOURCE 1
#include "lock.h"
#include <errno.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/util/util.h>
#include <time.h>
#include <unistd.h>

/* Weak: only a program with pthreads has them (lock.h). */
#pragma weak l4re_cancel_word
#pragma weak l4re_cancel_act

/* The caller's cancellation word if it is a pthread that can be cancelled now (after
 * acting on a request that is there already), else NULL. */
static const volatile uint32_t *cancel_point(void)
{
	const volatile uint32_t *stop = l4re_cancel_word ? l4re_cancel_word() : NULL;
	if (stop && *stop)
		l4re_cancel_act();
	return stop;
}

/* Sleep on the caller's waiter until @end, unless cancelled: 0, the microseconds left
 * (ex_regs cancelled it), or ~0 if the caller has no waiter. */
static l4_uint64_t sleep_cancellable(l4_uint64_t end, const volatile uint32_t *stop)
{
	int err = l4re_sleep_until(end, stop);
	if (err == ECANCELED)
		l4re_cancel_act();
	if (err == ENOENT)
		return ~(l4_uint64_t)0;
	l4_uint64_t now = l4_kip_clock(l4re_kip());
	return err == EINTR && now < end ? end - now : 0;
}

/* Sleep @us microseconds. Return: 0, or the microseconds left when cancelled. */
static l4_uint64_t sleep_for(l4_uint64_t us)
{
	const volatile uint32_t *stop = cancel_point();
	l4_kernel_info_t const *kip = l4re_kip();
	l4_uint64_t now = l4_kip_clock(kip);
	l4_uint64_t end = us > ~(l4_uint64_t)0 - now ? ~(l4_uint64_t)0 : now + us;
	if (stop) {
		l4_uint64_t left = sleep_cancellable(end, stop);
		if (left != ~(l4_uint64_t)0)
			return left;
	}
	for (; now < end; now = l4_kip_clock(kip)) {
		l4_uint64_t left = end - now;
		unsigned step = left > 0x7fffffffu ? 0x7fffffffu : (unsigned)left;
		l4_msgtag_t tag =
		    l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4util_micros2l4to(step)));
		if (l4_ipc_error(tag, l4_utcb()) == L4_IPC_RECANCELED) {
			now = l4_kip_clock(kip);
			return now < end ? end - now : 0;
		}
	}
	return 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (!req || req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec > 999999999L) {
		errno = EINVAL;
		return -1;
	}
	/* Rounded up to whole microseconds, the KIP clock's unit. */
	l4_uint64_t us = (l4_uint64_t)(req->tv_nsec + 999) / 1000;
	if ((l4_uint64_t)req->tv_sec > (~(l4_uint64_t)0 - us) / 1000000u)
		us = ~(l4_uint64_t)0;
	else
		us += (l4_uint64_t)req->tv_sec * 1000000u;
	l4_uint64_t left = sleep_for(us);
	if (!left)
		return 0;
	if (rem) {
		rem->tv_sec = (time_t)(left / 1000000u);
		rem->tv_nsec = (long)(left % 1000000u) * 1000;
	}
	errno = EINTR;
	return -1;
}

unsigned sleep(unsigned seconds)
{
	struct timespec t = {.tv_sec = seconds, .tv_nsec = 0}, left = {0, 0};
	if (nanosleep(&t, &left) == 0)
		return 0;
	return (unsigned)left.tv_sec + (left.tv_nsec ? 1 : 0);
}

int usleep(useconds_t us)
{
	if (sleep_for(us)) {
		errno = EINTR;
		return -1;
	}
	return 0;
}
