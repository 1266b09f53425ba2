/* util.c - l4_sleep and friends: IPC timeouts measured against the KIP clock. */
#define _POSIX_C_SOURCE 200809L
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/util/util.h>
#include <pthread.h>
#include <time.h>

/* The largest exponent of a relative timeout (5 bits): 1023 << 31 us. */
#define TIMEOUT_EXP_MAX 31u

l4_timeout_s l4util_micros2l4to(l4_uint64_t us)
{
	if (us == 0)
		return L4_IPC_TIMEOUT_0;
	if (us == ~0u)
		return L4_IPC_TIMEOUT_NEVER;
	if (us > (1023ULL << TIMEOUT_EXP_MAX))
		return l4_timeout_rel(1023, TIMEOUT_EXP_MAX);
	unsigned e = 0;
	while (((us + (1ULL << e) - 1) >> e) > 1023)
		e++;
	return l4_timeout_rel((unsigned)((us + (1ULL << e) - 1) >> e), e);
}

/*
 * Relative timeouts rounded up, repeated until the KIP clock says the time has
 * passed (a sleep ends early only when it is cancelled). Buffer registers, where an
 * absolute timeout would go, are left alone.
 */
static void sleep_us(l4_uint64_t us)
{
	l4_kernel_info_t const *kip = l4re_kip();
	l4_uint64_t end = l4_kip_clock(kip) + us;
	for (l4_uint64_t now = l4_kip_clock(kip); now < end; now = l4_kip_clock(kip)) {
		l4_uint64_t left = end - now;
		unsigned step = left > 0x7fffffffu ? 0x7fffffffu : (unsigned)left;
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4util_micros2l4to(step)));
	}
}

void l4_sleep_forever(void)
{
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

void l4_usleep(l4_uint64_t us)
{
	if (us == ~0ULL)
		l4_sleep_forever();
	sleep_us(us);
}

void l4_sleep(l4_uint32_t ms)
{
	if (ms == ~0U)
		l4_sleep_forever();
	sleep_us((l4_uint64_t)ms * 1000);
}

/*
 * clock_gettime(): every clock is the KIP clock, the time since boot (Keel has no
 * wall clock); pthread_cond_timedwait() takes its deadlines on it.
 */
int clock_gettime(clockid_t clock_id, struct timespec *tp)
{
	(void)clock_id;
	l4_uint64_t us = l4_kip_clock(l4re_kip());
	tp->tv_sec = (time_t)(us / 1000000u);
	tp->tv_nsec = (long)(us % 1000000u) * 1000;
	return 0;
}
