/* bench_ipc.c - kernel cost of IPC and of a null system call, counted in instructions. */
#include "ktest_util.h"
#include <stdio.h>

/*
 * Run under QEMU with -icount shift=0 (scripts/bench): the cycle counter then counts
 * guest instructions. As in sel4bench, the client reads the counter right before its
 * svc and the server right after its receive returns (and the other way round for
 * the reply); the cost of reading the counter is subtracted.
 */
#define ROUNDS 2000

static volatile uint32_t server_received, server_replying;

static inline uint32_t cycles(void)
{
	uint32_t v;
	__asm__ volatile("mrc p15, 0, %0, c9, c13, 0" : "=r"(v));
	return v;
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
	kt_cleanup();
	bench_objects(overhead);
	printf("bench: done\n");
	return 0;
}
