/*
 * sched_child.c - a loaded program that tries to take the CPU (issue 12 finding 6,
 * h12-quota). argv[1] "spin": run its own main thread at priority 255 with the
 * scheduler it was given, then spin for ever. "probe": try to get a scheduler with a
 * wider range or a priority outside its own; the exit status is 0 if every attempt
 * was refused, otherwise the number of the step that was not (a line says which).
 * It is started with the range [0, 60].
 */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <stdio.h>
#include <string.h>

#define MAX 60 /* the test's prio_max */

#define CHECK(step, cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("sched_child: step %d failed: %s\n", step, #cond);                  \
			return step;                                                               \
		}                                                                                  \
	} while (0)

static volatile unsigned long spins;

static long run(l4_cap_idx_t sched, l4_cap_idx_t thread, l4_umword_t prio)
{
	l4_sched_param_t sp = l4_sched_param((unsigned)prio, 0);
	sp.prio = prio;
	return l4_error(l4_scheduler_run_thread(sched, thread, &sp));
}

static int spin(void)
{
	long err = run(l4re_env()->scheduler, L4_BASE_THREAD_CAP, 255);
	printf("sched_child: run_thread at 255: %ld, spinning\n", err);
	for (;;)
		spins++;
	return 0;
}

/* A new scheduler [base, limit] made from @parent, or the error. */
static long sub(l4_cap_idx_t parent, l4_umword_t limit, l4_umword_t base, l4_cap_idx_t *out)
{
	*out = l4re_util_cap_alloc();
	return l4_error(
	    l4_factory_create_scheduler(l4re_env()->factory, *out, parent, limit, base));
}

static int probe(void)
{
	l4_cap_idx_t own = l4re_env()->scheduler, s, s10, me = L4_BASE_THREAD_CAP;
	/* Nothing wider than its own range, in either direction. */
	CHECK(1, sub(own, MAX + 1, 0, &s) == -L4_ERANGE);
	CHECK(2, sub(own, 255, 0, &s) == -L4_ERANGE);
	CHECK(3, sub(own, 255, MAX + 1, &s) == -L4_ERANGE);
	CHECK(4, sub(own, ~0UL, 0, &s) == -L4_ERANGE);
	CHECK(5, sub(own, MAX, MAX, &s) == -L4_EINVAL);
	/* A narrower one, and from it nothing wider than it. */
	CHECK(6, sub(own, MAX, 10, &s10) == 0);
	CHECK(7, sub(s10, MAX, 5, &s) == -L4_ERANGE);
	CHECK(8, sub(s10, MAX + 1, 10, &s) == -L4_ERANGE);
	CHECK(9, sub(s10, 40, 20, &s) == 0);
	/* No priority beyond 255, none at 0 (the idle level). */
	CHECK(10, run(own, me, 256) == -L4_EINVAL);
	CHECK(11, run(own, me, ~0UL) == -L4_EINVAL);
	CHECK(12, run(own, me, 0) == -L4_EINVAL);
	/* Above its range: run at its top (MAX), as L4Re's proxy does. */
	CHECK(13, run(own, me, 255) == 0);
	CHECK(14, run(s10, me, 255) == 0);
	CHECK(15, run(s10, me, 0) == 0); /* 10 + 0 */
	CHECK(16, run(own, me, MAX) == 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "spin") == 0)
		return spin();
	if (argc > 1 && strcmp(argv[1], "probe") == 0)
		return probe();
	printf("sched_child: unknown mode\n");
	return 99;
}
