/*
 * test_attack_sched.c - issue 12 finding 6 (h12-quota): a loaded program cannot raise
 * any of its threads above the priority range of the scheduler it was given, so it
 * cannot spin above the root task and its servers; scheduler objects and their ranges.
 */
#include "ktest_util.h"
#include "loader.h"
#include "supervisor.h"
#include <l4/util/util.h>
#include <stdio.h>

#define SCHED	     L4_BASE_SCHEDULER_CAP
#define CHILD_PRIO   50
#define CHILD_MAX    60 /* sched_child.c knows it too */
#define CHILD_KMEM   (64 * 1024)
#define WAIT_EXIT_MS 2000

/* Start sched_child with argv[1] = @mode, at CHILD_PRIO with the range [0, CHILD_MAX]. */
static struct loader_program *start_child(const char *mode)
{
	const char *argv[] = {mode, NULL};
	struct loader_opts o = {
	    .prio = CHILD_PRIO, .prio_max = CHILD_MAX, .kmem_limit = CHILD_KMEM, .argv = argv};
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

static volatile int count_below, count_equal, count_spinner;

static void count_forever(void *arg)
{
	volatile int *c = arg;
	for (;;)
		(*c)++;
}

/*
 * @spinner, which spins for ever, runs at exactly @prio: while it spins, a thread at
 * @prio - 1 gets no CPU at all and one at @prio gets its turns. (This thread, at 100,
 * sleeps meanwhile and must wake up: above it nothing spins.) Return: 0 or the step
 * that failed.
 */
static int runs_at(l4_cap_idx_t spinner, unsigned prio)
{
	l4_cap_idx_t below, equal;
	count_below = count_equal = 0;
	if (!wait_cpu(spinner, 5000)) /* it spins, its pages are there */
		return 1;
	if (kt_thread_start(&below, count_forever, (void *)&count_below, prio - 1))
		return 2;
	if (!wait_cpu(spinner, 20000))
		return 3;
	if (count_below != 0)
		return 4;
	if (kt_thread_start(&equal, count_forever, (void *)&count_equal, prio))
		return 5;
	if (!kt_wait_ge(&count_equal, 1000, KT_SAFETY_US))
		return 6;
	return 0;
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

/* It got the top of its range, 60, and no more. */
KTEST(program_runs_at_the_top_of_its_range_not_above)
{
	KT_SCOPE();
	struct loader_program *p = start_child("spin");
	KT_ASSERT(p);
	KT_EQ(runs_at(loader_main_thread(p), CHILD_MAX), 0);
	loader_kill(p);
}

/* Every other way to a wider range or a higher priority is refused. */
KTEST(program_cannot_widen_its_range)
{
	struct loader_program *p = start_child("probe");
	KT_ASSERT(p);
	int status = -1;
	KT_EQ(
	    loader_wait(p, &status,
			l4_timeout(L4_IPC_TIMEOUT_NEVER, l4util_micros2l4to(WAIT_EXIT_MS * 1000))),
	    0);
	KT_EQ(status, 0);
	loader_kill(p);
}

/* The loader refuses a priority above the maximum, and a maximum above 255. */
KTEST(loader_refuses_priority_above_maximum)
{
	struct loader_opts o = {.prio = 70, .prio_max = 60, .kmem_limit = CHILD_KMEM};
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	KT_ASSERT(loader_start_opts("sched_child", &o, &why) == NULL);
	KT_ASSERT(why != NULL);
	o.prio = 50;
	o.prio_max = 256;
	KT_ASSERT(loader_start_opts("sched_child", &o, &why) == NULL);
}

/* So does the supervisor, for a system table that says so. */
KTEST(supervisor_refuses_priority_above_maximum)
{
	static const struct system_component sys[] = {
	    {.name = "sched_child", .prio = 70, .prio_max = 60, .kmem_limit = CHILD_KMEM}};
	KT_EQ(loader_init(), 0);
	KT_EQ(supervisor_start(sys, 1), -L4_EINVAL);
}

/* ---- scheduler objects, made by the root task ---- */

static long make(l4_cap_idx_t factory, l4_cap_idx_t parent, l4_umword_t limit, l4_umword_t base,
		 l4_cap_idx_t *out)
{
	*out = kt_cap_alloc();
	kt_own(*out);
	return l4_error(l4_factory_create_scheduler(factory, *out, parent, limit, base));
}

KTEST(scheduler_ranges_nest)
{
	KT_SCOPE();
	l4_cap_idx_t s, s90, f = L4_BASE_FACTORY_CAP;
	KT_EQ(make(f, SCHED, 256, 0, &s), -L4_ERANGE);
	KT_EQ(make(f, SCHED, 90, 90, &s), -L4_EINVAL);
	KT_EQ(make(f, SCHED, 90, 91, &s), -L4_EINVAL);
	KT_EQ(make(f, SCHED, 90, 256, &s), -L4_ERANGE);
	KT_EQ(make(f, SCHED, 90, 10, &s90), 0);
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, s90), 1);
	KT_EQ(make(f, s90, 91, 10, &s), -L4_ERANGE);
	KT_EQ(make(f, s90, 90, 9, &s), -L4_ERANGE);
	KT_EQ(make(f, s90, 90, 10, &s), 0);
	KT_EQ(make(f, s90, 50, 20, &s), 0);
	/* Info and idle time work through any of them. */
	l4_umword_t cpus = 0;
	l4_sched_cpu_set_t set = l4_sched_cpu_set(0, 0, 1);
	KT_EQ(l4_error(l4_scheduler_info(s, &cpus, &set)), 0);
	KT_EQ(cpus, 1);
}

KTEST(scheduler_creation_arguments_checked)
{
	KT_SCOPE();
	l4_cap_idx_t slot = kt_cap_alloc();
	kt_own(slot);
	/* No parent item, a parent that is no scheduler, no arguments. */
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_SCHEDULER, slot, l4_utcb());
	l4_factory_create_add_uint_u(90, &t, l4_utcb());
	l4_factory_create_add_uint_u(0, &t, l4_utcb());
	KT_EQ(l4_error(l4_factory_create_commit_u(L4_BASE_FACTORY_CAP, t, l4_utcb())), -L4_EINVAL);
	KT_EQ(l4_error(
		  l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, slot, L4_BASE_LOG_CAP, 90, 0)),
	      -L4_EINVAL);
	KT_EQ(
	    l4_error(l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, slot, kt_cap_alloc(), 90, 0)),
	    -L4_EINVAL);
	t = l4_factory_create_start_u(L4_PROTO_SCHEDULER, slot, l4_utcb());
	KT_EQ(l4_error(l4_factory_create_commit_u(L4_BASE_FACTORY_CAP, t, l4_utcb())), -L4_EINVAL);
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, slot), 0);
	/* A factory without quota for it. */
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 0), 0);
	KT_EQ(l4_error(l4_factory_create_scheduler(f, slot, SCHED, 90, 0)), -L4_ENOMEM);
}

/* L4Re's proxy semantics: base + p, at most the limit. */
KTEST(scheduler_priority_is_base_plus_p_at_most_limit)
{
	KT_SCOPE();
	l4_cap_idx_t s, t;
	KT_EQ(make(L4_BASE_FACTORY_CAP, SCHED, 40, 20, &s), 0);
	KT_EQ(kt_thread_create(&t, L4_BASE_TASK_CAP, count_forever, (void *)&count_spinner), 0);
	l4_sched_param_t sp = l4_sched_param(5, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(s, t, &sp)), 0);
	KT_EQ(runs_at(t, 25), 0);
	kt_cleanup();
	KT_EQ(make(L4_BASE_FACTORY_CAP, SCHED, 40, 20, &s), 0);
	KT_EQ(kt_thread_create(&t, L4_BASE_TASK_CAP, count_forever, (void *)&count_spinner), 0);
	sp = l4_sched_param(200, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(s, t, &sp)), 0);
	KT_EQ(runs_at(t, 40), 0);
}
