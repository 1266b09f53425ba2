/* test_bad_modules.c - malformed boot modules are refused with their reason; the rest runs. */
#include "ktest_util.h"
#include "loader.h"
#include "supervisor.h"
#include <stdio.h>
#include <string.h>

/*
 * The image holds four malformed programs (bad_elf.py: a truncated file, overlapping
 * segments, a segment of nearly 4 GiB, an entry point outside the code) and
 * hello_child. A system table starts all five: the supervisor reports each bad one
 * by name with what is wrong with it (the harness checks the lines) and starts the
 * good one, which runs to its end.
 */

#define PRIO	   90
#define KMEM_LIMIT (256 * 1024)

static const struct {
	const char *module;
	const char *why; /* common/elf.c's reason */
} bad[] = {
    {"bad_truncated", "segment data outside the file"},
    {"bad_overlapping", "segments overlap"},
    {"bad_huge", "segment outside user space"},
    {"bad_entry", "entry point not in an executable segment"},
};

#define BAD_COUNT (sizeof(bad) / sizeof(bad[0]))

KTEST(the_loader_refuses_each_with_its_reason)
{
	KT_EQ(loader_init(), 0);
	for (unsigned i = 0; i < BAD_COUNT; i++) {
		const char *why = NULL;
		KT_ASSERT(loader_start(bad[i].module, PRIO, KMEM_LIMIT, &why) == NULL);
		KT_ASSERT(why != NULL);
		printf("loader: %s refused: %s\n", bad[i].module, why);
		KT_EQ(strcmp(why, bad[i].why), 0);
	}
}

KTEST(a_system_with_bad_modules_runs_the_good_ones)
{
	static struct system_component sys[BAD_COUNT + 1];
	for (unsigned i = 0; i < BAD_COUNT; i++)
		sys[i] = (struct system_component){
		    .name = bad[i].module, .prio = PRIO, .kmem_limit = KMEM_LIMIT};
	sys[BAD_COUNT] = (struct system_component){
	    .name = "hello_child", .prio = PRIO, .kmem_limit = KMEM_LIMIT, .mem_limit = 1 << 20};
	KT_EQ(supervisor_start(sys, BAD_COUNT + 1), 0);
	for (unsigned i = 0; i < BAD_COUNT; i++)
		KT_ASSERT(supervisor_program(bad[i].module) == NULL);
	KT_ASSERT(supervisor_program("hello_child") != NULL);
	/* It ends (status 42): the supervisor removes it. */
	KT_EQ(supervisor_step(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 10))), 0);
	KT_ASSERT(supervisor_program("hello_child") == NULL);
}
