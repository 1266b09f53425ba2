/* latency_storms.h - the longest kernel operations a task can ask for (issue 12 finding 3),
 * shared by target.attack_latency and bench_latency. */
#ifndef LATENCY_STORMS_H
#define LATENCY_STORMS_H

#include <l4/sys/types.h>

/*
 * Each storm builds what its operation needs through a factory (so that the factory's
 * quota shows what the kernel took), runs the long system call with storm_in_op set,
 * and checks what it did; storm_run() then deletes everything it built.
 */
struct storm {
	const char *name;
	long (*fn)(l4_cap_idx_t factory);
};

/* The storms, in the order the test and the bench run them; a NULL name ends the list. */
extern const struct storm storms[];

long storm_run(const struct storm *s, l4_cap_idx_t factory);

/* Set around each long system call; the monitors of the test and the bench read it. */
extern volatile int storm_in_op;
/* The step of the last storm that failed (for messages). */
extern const char *storm_failed_step;
/* Priority of the threads the storms start (above the root's main thread, below the
 * monitors). */
#define STORM_RUNNER_PRIO 101

#endif
