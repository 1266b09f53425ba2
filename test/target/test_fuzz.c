/* test_fuzz.c - random invocations from a sandboxed task must never break the kernel. */
#include "ktest_util.h"
#include <stdio.h>
#include <string.h>

/*
 * A fuzzer thread in a child task (with its own small factory) makes random
 * invocations: random slots and flags, tags, message words, flexpages and buffer
 * registers, short timeouts. It may well destroy itself, its task or its memory;
 * the root task then starts a new one with the next seed. The kernel must stay
 * alive throughout and the root's own objects must be untouched.
 */
#define FUZZ_CALLS    100000
#define FUZZ_STALL_US 30000

static volatile unsigned calls_done;
static volatile unsigned fuzzer_seed;

static uint32_t next_random(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static const long protocols[] = {
    0,
    L4_PROTO_TASK,
    L4_PROTO_THREAD,
    L4_PROTO_LOG,
    L4_PROTO_SCHEDULER,
    L4_PROTO_FACTORY,
    L4_PROTO_KOBJECT,
    L4_PROTO_IRQ,
    L4_PROTO_IRQ_SENDER,
    L4_PROTO_PAGE_FAULT,
    L4_PROTO_EXCEPTION,
    12345,
};

/* A word that is often meaningful: a small number, a flexpage, a slot, anything. */
static l4_umword_t random_word(uint32_t *s)
{
	static const l4_umword_t special[] = {
	    L4_FP_ALL_SPACES,
	    L4_FP_DELETE_OBJ,
	    ~0UL,
	    L4_THREAD_EX_REGS_CANCEL | L4_THREAD_EX_REGS_OP,
	    L4_THREAD_CONTROL_BIND_TASK | L4_THREAD_CONTROL_ALIEN,
	    L4_INVALID_CAP,
	};
	uint32_t r = next_random(s);
	if (r % 7 == 6)
		return special[next_random(s) % (sizeof(special) / sizeof(special[0]))];
	switch (r % 6) {
	case 0:
		return r % 8;
	case 1:
		return l4_obj_fpage((next_random(s) % 20) << L4_CAP_SHIFT, next_random(s) % 3,
				    next_random(s) & 0xf)
		    .raw;
	case 2:
		return l4_fpage(next_random(s) & ~0xfffu, 12 + next_random(s) % 10,
				next_random(s) & 7)
		    .raw;
	case 3:
		return ((next_random(s) % 20) << L4_CAP_SHIFT) | (next_random(s) & 0xff);
	case 4:
		return L4_ITEM_MAP | (next_random(s) & 0xf0);
	default:
		return next_random(s);
	}
}

static void fuzzer(void *arg)
{
	(void)arg;
	uint32_t s = fuzzer_seed;
	for (;;) {
		l4_msg_regs_t *mr = l4_utcb_mr();
		l4_buf_regs_t *br = l4_utcb_br();
		for (int i = 0; i < 12; i++)
			mr->mr[i] = random_word(&s);
		br->bdr = 0;
		for (int i = 0; i < 3; i++)
			br->br[i] = random_word(&s);
		l4_msgtag_t tag =
		    l4_msgtag(protocols[next_random(&s) % (sizeof(protocols) / sizeof(long))],
			      next_random(&s) % 64, next_random(&s) % 4, 0);
		l4_cap_idx_t cap = (next_random(&s) % 20) << L4_CAP_SHIFT;
		if (next_random(&s) % 10 == 0)
			cap = L4_INVALID_CAP;
		unsigned flags = next_random(&s) & 0xf;
		/* Mostly zero timeouts, some short ones: never blocked for ever. */
		l4_timeout_t to = L4_IPC_BOTH_TIMEOUT_0;
		if (next_random(&s) % 32 == 0)
			to = l4_timeout(l4_timeout_rel(next_random(&s) % 4, 8),
					l4_timeout_rel(next_random(&s) % 4, 8));
		l4_ipc_invoke(cap | flags, tag, to, 0);
		calls_done++;
	}
}

/* A sandbox: a task sharing our image, with its own factory, gate and thread caps. */
static int start_fuzzer(uint32_t seed)
{
	l4_cap_idx_t task, thread, factory, gate;
	fuzzer_seed = seed;
	if (kt_task_create(&task) || kt_factory_create(&factory, 256 * 1024))
		return -1;
	/* No log: random bytes on the console help nobody. */
	l4_task_unmap(task, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
	if (kt_thread_create(&thread, task, fuzzer, NULL))
		return -1;
	if (kt_gate_create(&gate, thread, 0x100))
		return -1;
	kt_map(task, L4_BASE_TASK_CAP, task, L4_BASE_TASK_CAP, L4_CAP_FPAGE_RWSD);
	kt_map(task, L4_BASE_TASK_CAP, factory, L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RWSD);
	kt_map(task, L4_BASE_TASK_CAP, thread, L4_BASE_THREAD_CAP, L4_CAP_FPAGE_RWSD);
	kt_map(task, L4_BASE_TASK_CAP, gate, 4UL << L4_CAP_SHIFT, L4_CAP_FPAGE_RWSD);
	kt_map(task, L4_BASE_TASK_CAP, L4_BASE_SCHEDULER_CAP, L4_BASE_SCHEDULER_CAP,
	       L4_CAP_FPAGE_RWS);
	return (int)kt_thread_run(thread, KT_MAIN_PRIO - 1);
}

KTEST(random_invocations_do_not_break_the_kernel)
{
	uint32_t seed = 0x2545f491;
	unsigned rounds = 0;
	while (calls_done < FUZZ_CALLS && rounds < 200) {
		KT_SCOPE();
		KT_EQ(start_fuzzer(seed + rounds * 7919), 0);
		rounds++;
		unsigned last = calls_done;
		for (;;) {
			kt_sleep_us(FUZZ_STALL_US);
			if (calls_done == last || calls_done >= FUZZ_CALLS)
				break;
			last = calls_done;
		}
	}
	printf("fuzz: %u invocations by %u fuzzer tasks\n", calls_done, rounds);
	KT_ASSERT(calls_done >= FUZZ_CALLS);
	/* The root task's own capabilities are intact and work. */
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, L4_BASE_FACTORY_CAP), 1);
	KT_EQ(l4_vcon_write(L4_BASE_LOG_CAP, "fuzz: done\n", 11), 11);
}

KTEST(root_factory_still_creates_after_fuzzing)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0), 0);
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, gate), 1);
}
