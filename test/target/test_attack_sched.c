/*
 * test_attack_sched.c - issue 12 finding 6 (h12-quota): a loaded program cannot raise
 * any of its threads above the priority range of the scheduler it was given, so it
 * cannot spin above the root task and its servers.
 */
#include "ktest_util.h"
#include "loader.h"
#include <stdio.h>

#define CHILD_PRIO 50
#define CHILD_KMEM (64 * 1024)

/* Start sched_child with argv[1] = @mode. */
static struct loader_program *start_child(const char *mode)
{
	const char *argv[] = {mode, NULL};
	struct loader_opts o = {.prio = CHILD_PRIO, .kmem_limit = CHILD_KMEM, .argv = argv};
	const char *why = "";
	if (loader_init() != 0)
		return NULL;
	struct loader_program *p = loader_start_opts("sched_child", &o, &why);
	if (!p)
		printf("sched: cannot start sched_child: %s\n", why);
	return p;
}

static uint64_t cpu_us(l4_cap_idx_t thread)
{
	l4_kernel_clock_t us = 0;
	l4_thread_stats_time(thread, &us);
	return us;
}

/* Sleep in 1 ms steps until @thread has used @us more CPU time (at most 2000 steps). */
static bool wait_cpu(l4_cap_idx_t thread, uint64_t us)
{
	uint64_t until = cpu_us(thread) + us;
	for (int i = 0; i < 2000 && cpu_us(thread) < until; i++)
		kt_sleep_us(1000);
	return cpu_us(thread) >= until;
}

/* The attack: the program asks for 255 for its main thread and spins. */
KTEST(program_spinning_at_255_leaves_the_root_the_cpu)
{
	struct loader_program *p = start_child("spin");
	KT_ASSERT(p);
	l4_cap_idx_t th = loader_main_thread(p);
	/* It spins (its CPU time grows), and this thread, at 100, still wakes up. */
	KT_ASSERT(wait_cpu(th, 20000));
	loader_kill(p);
}
