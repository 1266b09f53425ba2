/* test_asid.c - more address spaces than ASIDs: each must still see only its own pages. */
#include "ktest_util.h"

/*
 * 270 tasks (more than the 255 ASIDs) each map a different physical page at the same
 * address and have a thread read it, twice: once when the task is new and again
 * after the ASIDs have been recycled. A stale TLB entry would show another task's
 * page. The pages come from the root task's RAM (mapped 1:1 at boot): 8 MiB into the
 * part the tests may take (kt_spare_ram()). (ARMv5 has no ASIDs: there each switch of
 * address space flushes the TLB, and the test checks that instead.)
 */
#define TASKS	    270
#define PRIVATE_VA  0x30000000UL
#define STACK_WORDS 128

static uint32_t stacks[TASKS][STACK_WORDS] __attribute__((aligned(8)));
static volatile unsigned seen[TASKS][2];
static volatile unsigned round_no;
static l4_addr_t ram_chunk;

static void asid_thread(void)
{
	for (unsigned r = 1; r <= 2; r++) {
		while (round_no < r)
			l4_thread_yield();
		unsigned v = *(volatile unsigned *)PRIVATE_VA;
		if (v < TASKS)
			seen[v][r - 1]++;
	}
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

static int start_task(unsigned i)
{
	l4_cap_idx_t task, thread = kt_cap_alloc();
	volatile unsigned *page = (volatile unsigned *)(ram_chunk + i * L4_PAGESIZE);
	*page = i;
	if (kt_task_create(&task))
		return -1;
	if (l4_error(l4_task_map(task, L4_BASE_TASK_CAP, l4_fpage((l4_addr_t)page, 12, L4_FPAGE_RW),
				 l4_map_control(PRIVATE_VA, 0, 0))))
		return -2;
	if (l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, thread)))
		return -3;
	kt_own(thread);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)KT_UTCB_AREA, task);
	if (l4_error(l4_thread_control_commit(thread)))
		return -4;
	if (l4_error(l4_thread_ex_regs(thread, (l4_addr_t)asid_thread,
				       (l4_addr_t)&stacks[i][STACK_WORDS], 0)))
		return -5;
	return (int)kt_thread_run(thread, KT_MAIN_PRIO - 1);
}

static unsigned count_seen(unsigned r)
{
	unsigned ok = 0;
	for (unsigned i = 0; i < TASKS; i++)
		ok += seen[i][r] == 1;
	return ok;
}

KTEST(more_spaces_than_asids_stay_apart)
{
	KT_SCOPE();
	l4_addr_t start, end;
	kt_spare_ram(&start, &end);
	ram_chunk = start + (8UL << 20);
	KT_ASSERT(start != 0 && ram_chunk + TASKS * L4_PAGESIZE <= end);
	round_no = 1;
	for (unsigned i = 0; i < TASKS; i++)
		KT_EQ(start_task(i), 0);
	for (int wait = 0; wait < 100 && count_seen(0) < TASKS; wait++)
		kt_sleep_us(10000);
	KT_EQ(count_seen(0), TASKS);
	round_no = 2;
	for (int wait = 0; wait < 100 && count_seen(1) < TASKS; wait++)
		kt_sleep_us(10000);
	KT_EQ(count_seen(1), TASKS);
}
