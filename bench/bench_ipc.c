/* bench_ipc.c - kernel cost of IPC and of a null system call, counted in instructions. */
#include "ktest_util.h"
#include <l4/sys/irq.h>
#include <l4/sys/kip.h>
#include <stdio.h>

/*
 * Run under QEMU with -icount shift=0 (scripts/bench): the cycle counter then counts
 * guest instructions. As in sel4bench, the client reads the counter right before its
 * svc and the server right after its receive returns (and the other way round for
 * the reply); the cost of reading the counter is subtracted.
 */
#define ROUNDS 2000

static volatile uint32_t server_received, server_replying;

/*
 * The cycle counter (PMCCNTR, which "pmu_user" lets user mode read); under QEMU's
 * -icount shift=0 it counts guest instructions. ARMv5 has none: there the clock stands
 * in, in nanoseconds, which -icount shift=0 makes one per instruction. It is the
 * kernel's microsecond clock as of the thread's last return from the kernel
 * (l4_kip_clock_counter()), so each reading is a multiple of 1,000; the sums over many
 * rounds are what count (scripts/bench --platform versatilepb, docs/performance.md).
 */
static inline uint32_t cycles(void)
{
#if __ARM_ARCH >= 7
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
	return v;
#else
	return (uint32_t)(l4_kip_clock_counter() * 1000u);
#endif
}

static void server(void *arg)
{
	(void)arg;
	l4_umword_t label = 0;
	l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		server_received = cycles();
		server_replying = cycles();
		l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label, L4_IPC_NEVER);
	}
}

static uint32_t read_cost(void)
{
	uint32_t best = ~0u;
	for (int i = 0; i < 100; i++) {
		uint32_t a = cycles();
		uint32_t b = cycles();
		if (b - a < best)
			best = b - a;
	}
	return best;
}

static void report(const char *what, uint64_t sum, unsigned n, uint32_t overhead)
{
	printf("bench: %-40s %6lu instructions\n", what, (unsigned long)(sum / n - overhead));
}

/* Calls of @words message words (the server replies with none): the call's line, and
 * for 0 words the reply's too. */
static void bench_call(const char *name, l4_cap_idx_t gate, unsigned words, uint32_t overhead)
{
	uint64_t call = 0, reply = 0;
	for (unsigned w = 0; w < words; w++)
		l4_utcb_mr()->mr[w] = w;
	for (int i = 0; i < ROUNDS + 10; i++) {
		uint32_t t0 = cycles();
		l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, words, 0, 0), L4_IPC_NEVER);
		uint32_t t3 = cycles();
		if (i < 10)
			continue; /* warm up */
		call += server_received - t0;
		reply += t3 - server_replying;
	}
	char what[64];
	snprintf(what, sizeof(what), "call, %u words, %s", words, name);
	report(what, call, ROUNDS, overhead);
	if (words)
		return;
	snprintf(what, sizeof(what), "reply_and_wait, 0 words, %s", name);
	report(what, reply, ROUNDS, overhead);
}

/* Task creation and deletion with nothing in the task (its UTCB area only; deletion
 * counted until the slot is empty), and mapping one 4 KiB page into another task. */
static void bench_objects(uint32_t overhead)
{
	enum { N = 50 };
	l4_cap_idx_t task = kt_cap_alloc();
	uint64_t create = 0, destroy = 0, map = 0;
	static char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
	page[0] = 1; /* mapped in this task */
	for (int i = 0; i < N; i++) {
		uint32_t t0 = cycles();
		long err = l4_error(l4_factory_create_task(
		    L4_BASE_FACTORY_CAP, task,
		    l4_fpage(KT_UTCB_AREA, KT_UTCB_AREA_ORDER, L4_FPAGE_RW)));
		uint32_t t1 = cycles();
		if (err) {
			printf("bench: cannot create a task (%ld)\n", err);
			return;
		}
		err = l4_error(l4_task_map(task, L4_BASE_TASK_CAP,
					   l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RW),
					   l4_map_control(0x100000, 0, 0)));
		uint32_t t2 = cycles();
		l4_task_delete_obj(L4_BASE_TASK_CAP, task);
		while (kt_valid(L4_BASE_TASK_CAP, task) == 1)
			;
		uint32_t t3 = cycles();
		if (err) {
			printf("bench: cannot map a page (%ld)\n", err);
			return;
		}
		create += t1 - t0;
		map += t2 - t1;
		destroy += t3 - t2;
	}
	report("task create, empty", create, N, overhead);
	report("task delete, one page", destroy, N, overhead);
	report("map 4 KiB page to another task", map, N, overhead);
}

/* ---- thread create + start ---- */

static volatile uint32_t thread_ran;
static char new_stack[1024] __attribute__((aligned(8)));

static void first_instructions(void)
{
	thread_ran = cycles();
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* The kernel's part of a new thread: create it, bind it to this task with a UTCB, give
 * it ip and sp, run it above this thread: until its first instruction reads the counter. */
static void bench_thread_create(uint32_t overhead)
{
	enum { N = 50 };
	l4_cap_idx_t th = kt_cap_alloc();
	l4_addr_t utcb = kt_utcb_reserve();
	uint64_t sum = 0;
	if (l4_is_invalid_cap(th) || !utcb) {
		printf("bench: no slot or UTCB for a thread\n");
		return;
	}
	for (int i = 0; i < N; i++) {
		l4_sched_param_t sp = l4_sched_param(KT_MAIN_PRIO + 10, 0);
		thread_ran = 0;
		uint32_t t0 = cycles();
		long err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th));
		if (!err) {
			l4_thread_control_start();
			l4_thread_control_bind((l4_utcb_t *)utcb, L4_BASE_TASK_CAP);
			err = l4_error(l4_thread_control_commit(th));
		}
		if (!err)
			err = l4_error(l4_thread_ex_regs(th, (l4_addr_t)first_instructions,
							 (l4_addr_t)(new_stack + sizeof(new_stack)),
							 0));
		if (!err)
			err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, th, &sp));
		if (err || !thread_ran) {
			printf("bench: cannot start a thread (%ld)\n", err);
			return;
		}
		sum += thread_ran - t0;
		l4_task_delete_obj(L4_BASE_TASK_CAP, th);
		while (kt_valid(L4_BASE_TASK_CAP, th) == 1)
			;
	}
	report("thread create + start", sum, N, overhead);
}

/* ---- page fault: the kernel's part ---- */

#define FAULT_VA 0x30000000UL /* nothing of this task there */

static char fault_src[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
static volatile uint32_t pf_t0, pf_t1, pf_t2, pf_t3;
static volatile int pf_rounds;
static l4_cap_idx_t faulter_cap;

static void fault_pager(void *arg)
{
	(void)arg;
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		pf_t1 = cycles();
		l4_umword_t page = l4_utcb_mr()->mr[0] & L4_PAGEMASK;
		(void)tag;
		l4_utcb_mr()->mr[0] = l4_map_control(page, 0, 0);
		l4_utcb_mr()->mr[1] = l4_fpage((l4_addr_t)fault_src, L4_PAGESHIFT, L4_FPAGE_RW).raw;
		pf_t2 = cycles();
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 1, 0), &label, L4_IPC_NEVER);
	}
}

static void faulter(void *arg)
{
	(void)arg;
	l4_umword_t label;
	for (;;) {
		l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		uint32_t t0 = cycles();
		*(volatile uint32_t *)FAULT_VA = 1;
		pf_t3 = cycles();
		pf_t0 = t0;
		pf_rounds++;
	}
}

/*
 * A write fault on an unmapped page of this task, whose pager (a thread of this task,
 * above the faulting one) maps a page there: the kernel's part is from the access to
 * the pager's receive, and from the pager's reply to the access done.
 */
static void bench_fault(uint32_t overhead)
{
	enum { N = 100 };
	l4_cap_idx_t pager;
	fault_src[0] = 1;
	if (kt_thread_start(&pager, fault_pager, NULL, KT_MAIN_PRIO + 30) ||
	    kt_thread_create(&faulter_cap, L4_BASE_TASK_CAP, faulter, NULL)) {
		printf("bench: cannot start the pager\n");
		return;
	}
	l4_thread_control_start();
	l4_thread_control_pager(pager);
	if (l4_error(l4_thread_control_commit(faulter_cap)) ||
	    kt_thread_run(faulter_cap, KT_MAIN_PRIO + 20)) {
		printf("bench: cannot start the faulting thread\n");
		return;
	}
	uint64_t sum = 0;
	for (int i = 0; i < N + 10; i++) {
		l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(FAULT_VA, L4_PAGESHIFT, L4_FPAGE_RWX),
			      L4_FP_ALL_SPACES);
		int before = pf_rounds;
		l4_ipc_send(faulter_cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
		if (pf_rounds != before + 1) {
			printf("bench: the fault was not resolved\n");
			return;
		}
		if (i >= 10)
			sum += (pf_t1 - pf_t0) + (pf_t3 - pf_t2);
	}
	report("page fault, kernel part (fault, map reply, resume)", sum, N, 2 * overhead);
	kt_thread_kill(faulter_cap);
	kt_thread_kill(pager);
}

/* ---- how the call scales: many threads, many IRQs bound to the server ---- */

#define MANY_SLOT_BASE 0xe000UL /* slots far above what kt_cap_alloc() hands out */

/* The other-address-space call again with @threads threads more in the system and
 * @irqs IRQ objects bound to the server. */
static void bench_call_loaded(l4_cap_idx_t gate, l4_cap_idx_t server, unsigned threads,
			      unsigned irqs, uint32_t overhead)
{
	for (unsigned i = 0; i < threads + irqs; i++) {
		l4_cap_idx_t slot = (MANY_SLOT_BASE + i) << L4_CAP_SHIFT;
		long err = i < threads
			       ? l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, slot))
			       : l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, slot));
		if (!err && i >= threads)
			err = l4_error(l4_rcv_ep_bind_thread(slot, server, 0x100 + i));
		if (err) {
			printf("bench: cannot make object %u (%ld)\n", i, err);
			return;
		}
	}
	char name[64];
	if (threads)
		snprintf(name, sizeof(name), "other address space, %u threads more", threads);
	else
		snprintf(name, sizeof(name), "other address space, %u IRQs bound", irqs);
	bench_call(name, gate, 0, overhead);
	for (unsigned i = 0; i < threads + irqs; i++)
		l4_task_delete_obj(L4_BASE_TASK_CAP, (MANY_SLOT_BASE + i) << L4_CAP_SHIFT);
}

int main(void)
{
	uint32_t overhead = read_cost();
	printf("bench: counter read costs %lu instructions (subtracted)\n",
	       (unsigned long)overhead);

	uint64_t sum = 0;
	for (int i = 0; i < ROUNDS; i++) {
		uint32_t t0 = cycles();
		l4_ipc_send(0x7ff0UL << L4_CAP_SHIFT, l4_utcb(), l4_msgtag(0, 0, 0, 0),
			    L4_IPC_NEVER);
		sum += cycles() - t0;
	}
	report("null invoke (empty slot)", sum, ROUNDS, overhead);

	l4_cap_idx_t thread, gate, task;
	if (kt_thread_start(&thread, server, NULL, KT_MAIN_PRIO) ||
	    kt_gate_create(&gate, thread, 0x10)) {
		printf("bench: cannot start the server\n");
		return 1;
	}
	bench_call("same address space", gate, 0, overhead);
	kt_cleanup();

	if (kt_task_create(&task) ||
	    kt_task_thread_start(task, &thread, server, NULL, KT_MAIN_PRIO) ||
	    kt_gate_create(&gate, thread, 0x10)) {
		printf("bench: cannot start the server task\n");
		return 1;
	}
	bench_call("other address space", gate, 0, overhead);
	bench_call("other address space", gate, 10, overhead);
	bench_call("other address space", gate, 63, overhead);
	bench_call_loaded(gate, thread, 4096, 0, overhead);
	bench_call_loaded(gate, thread, 0, 100, overhead);
	kt_cleanup();
	bench_objects(overhead);
	bench_thread_create(overhead);
	bench_fault(overhead);
	printf("bench: done\n");
	return 0;
}
