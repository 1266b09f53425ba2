/* bench_latency.c - the worst interrupt latency while tasks ask for the longest kernel
 * operations (test/target/latency_storms.c), counted in instructions. */
#include "ktest_util.h"
#include "latency_storms.h"
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <stdio.h>

/*
 * Run under QEMU with -icount shift=0 (scripts/bench): a guest instruction takes one
 * nanosecond of virtual time. A thread above everything else sleeps until absolute
 * deadlines PERIOD_US apart and notes how late it woke: from the counter tick at which
 * the timer fired to its first instruction after the sleep. That includes taking the
 * interrupt, the scheduler and the switch; the rest is the time the kernel kept
 * interrupts masked. Each storm's figure covers its set-up (many short operations) and
 * its long operation.
 */
#define MONITOR_PRIO 250
#define PERIOD_US    37 /* prime: the deadlines fall at ever other points of the storms */
#define ABS_BR	     2

static volatile uint64_t worst_ns;
static volatile int stop;
static uint32_t freq;

static uint64_t counter(void)
{
	return l4_kip_clock_counter();
}

/* The counter value at which the kernel's timer fires for deadline @us (as the kernel
 * computes it: the first tick at or after it). */
static uint64_t ticks_at(uint64_t us)
{
	return us / 1000000u * freq + ((us % 1000000u) * freq + 999999u) / 1000000u;
}

static void monitor(void *arg)
{
	(void)arg;
	while (!stop) {
		uint64_t due = kt_now_us() + PERIOD_US;
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(due, ABS_BR)));
		uint64_t now = counter(), at = ticks_at(due);
		uint64_t ns = now > at ? (now - at) * 1000000000u / freq : 0;
		if (ns > worst_ns)
			worst_ns = ns;
	}
}

int main(void)
{
	freq = (uint32_t)l4re_kip()->frequency_counter;
	l4_cap_idx_t mon, factory;
	if (kt_thread_start(&mon, monitor, NULL, MONITOR_PRIO) ||
	    kt_factory_create(&factory, 8UL << 20)) {
		printf("bench: cannot start the monitor\n");
		return 1;
	}
	uint64_t all = 0;
	for (const struct storm *s = storms; s->name; s++) {
		worst_ns = 0;
		long err = storm_run(s, factory);
		if (err)
			printf("bench: storm %s failed: %s (%ld)\n", s->name, storm_failed_step,
			       err);
		printf("latency: %-28s %8lu instructions\n", s->name, (unsigned long)worst_ns);
		if (worst_ns > all)
			all = worst_ns;
	}
	stop = 1;
	kt_cleanup();
	printf("bench: worst interrupt latency (unmap/revoke/delete storm) %lu instructions\n",
	       (unsigned long)all);
	return 0;
}
