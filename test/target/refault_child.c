/*
 * refault_child.c - a loaded program whose pages reach the loader's pager a second
 * time, after it wrote to them: they must come back with what it wrote.
 *
 * argv[1] names the check; the exit status is 0 when it passed, otherwise the number
 * of the step that failed (and a line says which).
 */
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define CHECK(step, cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("refault_child: step %d failed: %s\n", step, #cond);                \
			return step;                                                               \
		}                                                                                  \
	} while (0)

/* A page of .data and one of .bss that nothing else shares. */
static volatile l4_umword_t data_page[L4_PAGESIZE / sizeof(l4_umword_t)]
    __attribute__((aligned(L4_PAGESIZE))) = {7};
static volatile l4_umword_t bss_page[L4_PAGESIZE / sizeof(l4_umword_t)]
    __attribute__((aligned(L4_PAGESIZE)));

/*
 * Send the loader's pager a page fault at @addr, as this program's region mapper
 * forwards one (rm.c, forward_fault(): the same message and receive window).
 */
static long forward(volatile void *addr, bool write)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = ((l4_addr_t)addr & ~7UL) | (write ? 2 : 0);
	mr->mr[1] = 0;
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = (l4_fpage_all().raw & ~0xfUL) | L4_ITEM_MAP;
	return l4_error(l4_ipc_call(L4_BASE_PAGER_CAP, l4_utcb(),
				    l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0), L4_IPC_NEVER));
}

static void unmap_page(volatile void *addr)
{
	l4_task_unmap(L4_BASE_TASK_CAP,
		      l4_fpage((l4_addr_t)addr & L4_PAGEMASK, L4_PAGESHIFT, L4_FPAGE_RWX),
		      L4_FP_ALL_SPACES);
}

/*
 * The pages written, then (@again) faulted once more: the pager maps the same
 * pages, and no new ones (the parent compares the pages used with and without).
 */
static int check_forward(bool again)
{
	volatile l4_umword_t on_stack[4] = {0};
	data_page[1] = 0x1111;
	bss_page[1] = 0x2222;
	on_stack[1] = 0x3333;
	for (int i = 0; again && i < 3; i++) {
		CHECK(1, forward(data_page, true) >= 0);
		CHECK(2, forward(bss_page, i & 1) >= 0);
		CHECK(3, forward(on_stack, true) >= 0);
	}
	CHECK(4, data_page[0] == 7 && data_page[1] == 0x1111);
	CHECK(5, bss_page[1] == 0x2222);
	CHECK(6, on_stack[1] == 0x3333);
	return 0;
}

/* Pages this program unmapped from itself come back from the pager as they were. */
static int check_unmap(void)
{
	data_page[1] = 0x4444;
	bss_page[1] = 0x5555;
	unmap_page(data_page);
	unmap_page(bss_page);
	CHECK(1, data_page[0] == 7 && data_page[1] == 0x4444);
	CHECK(2, bss_page[1] == 0x5555);
	return 0;
}

/* A request to the region mapper: -L4_ENOENT from a region mapper that still serves. */
static long rm_alive(void)
{
	l4_addr_t addr = 0x1000;
	unsigned long size;
	l4re_rm_offset_t offs;
	l4re_rm_flags_t flags;
	l4re_ds_t ds;
	return l4re_rm_find(&addr, &size, &offs, &flags, &ds);
}

/*
 * The region mapper's stack page (its stack is in .bss) taken away (@unmap), then
 * touched by this thread: the region mapper faults on its own stack while it serves
 * the fault, and then forwards this thread's fault on the same page. A Debug build did
 * that by chance (hello_child: malloc's first fault was on the page where the region
 * mapper's stack begins, before the region mapper had run). Both faults must get the
 * page it is running on: the parent compares the pages used with and without @unmap.
 */
static int check_rm_stack(bool unmap)
{
	l4re_env_t *e = l4re_env();
	l4_umword_t ip = ~0UL, sp = ~0UL, flags = 0;
	CHECK(1, l4_is_valid_cap(e->rm));
	/* It has run, and waits for the next request: sp is where it waits. */
	CHECK(2, rm_alive() == -L4_ENOENT);
	CHECK(3, l4_error(l4_thread_ex_regs_ret(e->rm, &ip, &sp, &flags)) == 0);
	volatile l4_umword_t *top = (volatile l4_umword_t *)sp;
	if (unmap)
		unmap_page(top);
	(void)*top;
	CHECK(4, rm_alive() == -L4_ENOENT);
	return 0;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	int r = 100;
	if (strcmp(what, "touch") == 0)
		r = check_forward(false);
	else if (strcmp(what, "forward") == 0)
		r = check_forward(true);
	else if (strcmp(what, "unmap") == 0)
		r = check_unmap();
	else if (strcmp(what, "rm_stack") == 0)
		r = check_rm_stack(true);
	else if (strcmp(what, "rm_stack_mapped") == 0)
		r = check_rm_stack(false);
	printf("refault_child: %s: %s\n", what, r ? "failed" : "passed");
	return r;
}
