/* test_loader.c - the root task loads programs from boot modules and pages them. */
#include "ktest_util.h"
#include "loader.h"
#include <l4/re/parent.h>
#include <stdio.h>
#include <string.h>

#define CHILD_PRIO 90
#define KMEM_LIMIT (256 * 1024)

static l4_timeout_t wait_timeout(void)
{
	return l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 10)); /* ~1 s */
}

KTEST(loader_init_finds_the_boot_modules)
{
	KT_EQ(loader_init(), 0);
}

KTEST(loaded_program_runs_and_exits_with_its_status)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	unsigned before = loader_faults_served();
	struct loader_program *p = loader_start("hello_child", CHILD_PRIO, KMEM_LIMIT, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	KT_EQ(loader_wait(p, &status, wait_timeout()), 0);
	KT_EQ(status, 42);
	/* Text, data, bss, heap and stack pages all came from the pager. */
	KT_ASSERT(loader_faults_served() - before >= 5);
	loader_kill(p);
}

KTEST(two_programs_at_once)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	struct loader_program *a = loader_start("hello_child", CHILD_PRIO, KMEM_LIMIT, &why);
	struct loader_program *b = loader_start("hello_child", CHILD_PRIO, KMEM_LIMIT, &why);
	KT_ASSERT(a && b);
	int sa = -1, sb = -1;
	KT_EQ(loader_wait(b, &sb, wait_timeout()), 0);
	KT_EQ(loader_wait(a, &sa, wait_timeout()), 0);
	KT_EQ(sa, 42);
	KT_EQ(sb, 42);
	loader_kill(a);
	loader_kill(b);
}

KTEST(unknown_module_is_rejected)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	KT_ASSERT(loader_start("no_such_module", CHILD_PRIO, KMEM_LIMIT, &why) == NULL);
	KT_ASSERT(why != NULL && strcmp(why, "no such boot module") == 0);
}

/* The environment page, the KIP and the UTCBs sit at the top of a program's space:
 * an ELF segment there would be hidden by them, so it is refused. */
KTEST(elf_segment_on_the_environment_page_is_rejected)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	KT_ASSERT(loader_start("env_clash_child", CHILD_PRIO, KMEM_LIMIT, &why) == NULL);
	KT_ASSERT(why != NULL);
}

KTEST(corrupt_elf_is_rejected_with_a_reason)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	KT_ASSERT(loader_start("corrupt_child", CHILD_PRIO, KMEM_LIMIT, &why) == NULL);
	KT_ASSERT(why != NULL);
	printf("loader: corrupt_child rejected: %s\n", why);
	/* And programs still load afterwards. */
	struct loader_program *p = loader_start("hello_child", CHILD_PRIO, KMEM_LIMIT, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	KT_EQ(loader_wait(p, &status, wait_timeout()), 0);
	KT_EQ(status, 42);
	loader_kill(p);
}

KTEST(program_touching_unbacked_memory_is_stopped)
{
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	struct loader_program *p = loader_start("wild_child", CHILD_PRIO, KMEM_LIMIT, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	/* It faults outside its segments: the pager refuses, the exception comes back to
	 * the loader, which stops the program and tells the parent (this test). */
	KT_EQ(loader_wait(p, &status, wait_timeout()), 0);
	KT_EQ(status, LOADER_FAULTED);
	struct loader_fault f = loader_fault_info(p);
	KT_EQ(f.pfa, 0x30000000);
	KT_EQ(f.err >> 26, L4_EXC_CLASS_DATA_ABORT);
	KT_EQ(loader_starts(p), 1);
	KT_EQ(strcmp(loader_name(p), "wild_child"), 0);
	loader_kill(p);
}

/*
 * Run refault_child with argv[1] = @what; return its exit status (-1: none in time)
 * and in *pages how many pages the pager gave it.
 */
static int run_refault(const char *what, unsigned long *pages)
{
	const char *argv[] = {what, NULL};
	struct loader_opts o = {.prio = CHILD_PRIO, .kmem_limit = KMEM_LIMIT, .argv = argv};
	const char *why = NULL;
	struct loader_program *p = loader_start_opts("refault_child", &o, &why);
	if (!p)
		return -2;
	int status = -1;
	if (loader_wait(p, &status, wait_timeout()) != 0)
		status = -1;
	if (pages)
		*pages = loader_pages_used(p);
	loader_kill(p);
	return status;
}

/* A fault on a page the pager gave already, as a region mapper forwards one after
 * another thread (or it itself) got the page: the same page again, content and all,
 * and no new page. */
KTEST(page_faulted_again_keeps_its_content)
{
	unsigned long touched = 0, again = 0;
	KT_EQ(loader_init(), 0);
	KT_EQ(run_refault("touch", &touched), 0);
	KT_EQ(run_refault("forward", &again), 0);
	KT_EQ(again, touched);
}

KTEST(page_unmapped_by_the_program_comes_back_as_it_was)
{
	KT_EQ(loader_init(), 0);
	KT_EQ(run_refault("unmap", NULL), 0);
}

/* What a Debug build hit by chance in hello_child: the region mapper faults on its own
 * stack page while it serves (and then forwards) a fault on that same page. */
KTEST(region_mapper_survives_a_fault_on_its_own_stack_page)
{
	unsigned long mapped = 0, refaulted = 0;
	KT_EQ(loader_init(), 0);
	KT_EQ(run_refault("rm_stack_mapped", &mapped), 0);
	KT_EQ(run_refault("rm_stack", &refaulted), 0);
	KT_EQ(refaulted, mapped);
}
