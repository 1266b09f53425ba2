/* l4util.c - L4Re's l4util thread creation, KIP helpers, random numbers, l4_kprintf(), ARMv5
 * atomics. */
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include <l4/util/atomic.h>
#include <l4/util/kip.h>
#include <l4/util/kprintf.h>
#include <l4/util/rand.h>
#include <l4/util/thread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long l4util_create_thread(l4_cap_idx_t id, l4_utcb_t *thread_utcb, l4_cap_idx_t factory,
			  l4_umword_t pc, l4_umword_t sp, l4_cap_idx_t pager, l4_cap_idx_t task,
			  l4_cap_idx_t scheduler, l4_sched_param_t scp)
{
	long err = l4_error(l4_factory_create_thread(factory, id));
	if (err < 0)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(pager);
	l4_thread_control_bind(thread_utcb, task);
	err = l4_error(l4_thread_control_commit(id));
	if (err < 0)
		return err;
	err = l4_error(l4_thread_ex_regs(id, pc, sp, 0));
	if (err < 0)
		return err;
	if (l4_is_valid_cap(scheduler)) {
		err = l4_error(l4_scheduler_run_thread(scheduler, id, &scp));
		if (err < 0)
			return err;
	}
	return 0;
}

int l4util_kip_kernel_has_feature(l4_kernel_info_t const *k, char const *str)
{
	return l4_kip_kernel_has_feature(k, str);
}

unsigned long l4util_kip_kernel_abi_version(l4_kernel_info_t const *k)
{
	const char *s = l4_kip_version_string(k);
	l4util_kip_for_each_feature(s)
	{
		if (strncmp(s, "abiver:", 7) == 0)
			return strtoul(s + 7, NULL, 0);
	}
	return 0;
}

/* The generator's state: a linear congruential generator, as simple as L4Re's is meant to be. */
static l4_uint32_t rand_state = 1;

void l4util_srand(l4_uint32_t seed)
{
	rand_state = seed;
}

l4_uint32_t l4util_rand(void)
{
	rand_state = rand_state * 1103515245u + 12345u;
	return (rand_state >> 16) & L4_RAND_MAX;
}

int l4_kprintf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return n;
	if ((unsigned)n < sizeof(buf)) {
		outnstring(buf, (unsigned)n);
		return n;
	}
	/* Longer than the buffer: format it again into one as large as it needs. */
	char *big = malloc((size_t)n + 1);
	if (!big) {
		outnstring(buf, sizeof(buf) - 1);
		return n;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	outnstring(big, (unsigned)n);
	free(big);
	return n;
}

#if !__L4UTIL_ATOMIC_BUILTINS
/*
 * ARMv5: the lock of l4util's atomic operations (l4/util/atomic.h), taken with SWP. A
 * thread that finds it taken sleeps a millisecond: the holder, preempted within a few
 * instructions of its operation, then runs and lets it go, whatever its priority.
 */
static volatile l4_uint32_t atomic_v5_lock;

void l4util_atomic_v5_lock(void)
{
	while (l4util_xchg32(&atomic_v5_lock, 1))
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1, 10)));
}

void l4util_atomic_v5_unlock(void)
{
	l4util_xchg32(&atomic_v5_lock, 0);
}
#endif
