/*
 * posix_time.c - sleep(), usleep() and nanosleep() as picolibc's <unistd.h> and
 * <time.h> declare them, over IPC timeouts measured against the KIP clock (as
 * l4_usleep() in util.c). A sleep ends early only when its IPC is cancelled
 * (l4_thread_ex_regs() with L4_THREAD_EX_REGS_CANCEL): then EINTR, and nanosleep()
 * says how much time was left.
 */
/* picolibc declares usleep(), nanosleep() and the POSIX calls for POSIX programs. */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/util/util.h>
#include <time.h>
#include <unistd.h>

/* Sleep @us microseconds. Return: 0, or the microseconds left when cancelled. */
static l4_uint64_t sleep_for(l4_uint64_t us)
{
	l4_kernel_info_t const *kip = l4re_kip();
	l4_uint64_t now = l4_kip_clock(kip);
	l4_uint64_t end = us > ~(l4_uint64_t)0 - now ? ~(l4_uint64_t)0 : now + us;
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
