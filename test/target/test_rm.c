/* test_rm.c - programs with their own region mapper, heap and environment over dataspaces. */
#include "ktest_util.h"
#include "loader.h"
#include "memsrv.h"
#include "page_alloc.h"
#include <l4/re/parent.h>
#include <l4/sys/vcon.h>
#include <stdio.h>
#include <string.h>

#define CHILD_PRIO 90
#define KMEM_LIMIT (256 * 1024)
#define MEM_LIMIT  (16UL << 20)

/* How long run_child waits: ~5 s for checks that exit, ~1 s for those that must not. */
#define WAIT_EXIT l4_timeout_rel(625, 13)

/*
 * Run rm_child with argv[1] = @what (and @extra) and a memory limit; return its exit
 * status, or -1 if it did not exit within @wait. *pages_left tells how many pages
 * of RAM did not come back after it was killed (its reclaim).
 */
static int run_child_wait(const char *what, const char *extra, unsigned long mem_limit,
			  long *pages_left, l4_timeout_s wait)
{
	const char *argv[] = {what, extra, NULL};
	struct loader_cap caps[] = {{"out", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW, 0}};
	struct loader_opts o = {.prio = CHILD_PRIO,
				.kmem_limit = KMEM_LIMIT,
				.mem_limit = mem_limit,
				.argv = argv,
				.caps = caps,
				.cap_count = 1};
	const char *why = NULL;
	if (loader_init() != 0)
		return -2;
	unsigned long free_before = page_free_count();
	struct loader_program *p = loader_start_opts("rm_child", &o, &why);
	if (!p) {
		printf("rm: cannot start rm_child: %s\n", why);
		return -3;
	}
	int status = -1;
	l4_timeout_t t = l4_timeout(L4_IPC_TIMEOUT_NEVER, wait);
	long err = loader_wait(p, &status, t);
	if (err != 0) {
		printf("rm: rm_child %s: no exit (%ld)\n", what, err);
		status = -1;
	}
	loader_kill(p);
	if (pages_left)
		*pages_left = (long)free_before - (long)page_free_count();
	return status;
}

static int run_child(const char *what, const char *extra, unsigned long mem_limit, long *pages_left)
{
	return run_child_wait(what, extra, mem_limit, pages_left, WAIT_EXIT);
}

KTEST(env_has_argv_and_named_capabilities)
{
	KT_EQ(run_child("env", "two words", MEM_LIMIT, NULL), 0);
}

KTEST(attach_detach_find_and_areas)
{
	KT_EQ(run_child("attach", NULL, MEM_LIMIT, NULL), 0);
}

KTEST(malloc_8mib_touch_free_accounting_returns)
{
	long left = -1;
	KT_EQ(run_child("malloc", NULL, MEM_LIMIT, &left), 0);
	KT_EQ(left, 0);
}

KTEST(boot_module_copy_on_write)
{
	KT_EQ(run_child("cow", NULL, MEM_LIMIT, NULL), 0);
}

KTEST(out_of_memory_is_an_error_for_the_allocating_program)
{
	KT_EQ(run_child("oom", NULL, 1UL << 20, NULL), 0);
}

KTEST(write_to_read_only_region_stops_the_thread)
{
	/* The region mapper refuses: an exception, which goes to the loader (the last
	 * exception handler of every program): the program is stopped and reported. */
	KT_EQ(run_child("ro_fault", NULL, MEM_LIMIT, NULL), LOADER_FAULTED);
}

KTEST(second_level_pager_loses_pages_revoked_at_the_root)
{
	KT_EQ(run_child("pager2", NULL, MEM_LIMIT, NULL), 0);
}

KTEST(finished_program_memory_is_reclaimed)
{
	long left = -1;
	KT_EQ(run_child("attach", NULL, MEM_LIMIT, &left), 0);
	KT_EQ(left, 0);
	KT_EQ(run_child("ro_fault", NULL, MEM_LIMIT, &left), LOADER_FAULTED);
	KT_EQ(left, 0);
}

KTEST(program_without_allocator_still_runs)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	struct loader_program *p = loader_start("hello_child", CHILD_PRIO, KMEM_LIMIT, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	KT_EQ(loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(500, 12))),
	      0);
	KT_EQ(status, 42);
	loader_kill(p);
}
