/*
 * test_l4re_names.c - L4Re's names as L4Re's programs use them (issue 17, "Names and
 * headers"): each test runs the calls for what they do on Keel. Built in L4Re's
 * dialect: GNU C (gnu11) with ARCH_arm defined, as L4Re's build compiles programs.
 *
 * Threads are made as L4Re's low-level code makes them (l4util_create_thread() and
 * L4UTIL_THREAD_STATIC_FUNC); they use no C library (they have no TLS pointer).
 */
#include "ktest_util.h"
#include "l4re_names.h"
#include "loader.h"
#include <l4/re/consts.h>
#include <l4/re/env.h>
#include <l4/sys/cache.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/linkage.h>
#include <l4/sys/syscall_defs.h>
#include <l4/sys/thread.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcon.h>
#include <l4/util/atomic.h>
#include <l4/util/bitops.h>
#include <l4/util/kip.h>
#include <l4/util/lock.h>
#include <l4/util/splitlog2.h>
#include <l4/util/stack.h>
#include <l4/util/thread.h>
#include <l4/util/util.h>
#include <stdio.h>
#include <string.h>

/* Built as L4Re builds programs (CMakeLists.txt): GNU C, ARCH_arm defined. */
#if defined(ARCH_arm) && !defined(__STRICT_ANSI__)
#define BUILT_AS_L4RE 1
#else
#define BUILT_AS_L4RE 0
#endif

#define HANDLER_PRIO (KT_MAIN_PRIO + 2)
#define WORKER_PRIO  (KT_MAIN_PRIO + 1)
#define CHILD_PRIO   90
/* Nothing is mapped here in the root task (below the RAM of both boards' maps). */
#define BAD_ADDR 0x2ff00010UL
/* Free in a task of kt_task_create() (the program image lies far below). */
#define TOUCH_REGION 0x20000000UL

#define STACK_WORDS 1024
/* A thread stack: the top, aligned as a function's entry wants it. */
#define STACK_TOP(s) l4_align_stack_for_direct_fncall((unsigned long)&(s)[STACK_WORDS])

static l4_umword_t handler_stack[STACK_WORDS], worker_stack[STACK_WORDS];

/* A root thread made by l4util_create_thread() in a fresh slot (deleted by KT_SCOPE). */
static long create_thread(l4_cap_idx_t *cap, void (*fn)(void), l4_umword_t *stack_top,
			  l4_cap_idx_t pager, l4_cap_idx_t task, l4_utcb_t *utcb,
			  l4_cap_idx_t scheduler, unsigned prio)
{
	*cap = kt_cap_alloc();
	if (!utcb || l4_is_invalid_cap(*cap))
		return -L4_ENOMEM;
	long err = l4util_create_thread(*cap, utcb, l4re_env()->factory, (l4_umword_t)fn,
					(l4_umword_t)stack_top, pager, task, scheduler,
					l4_sched_param(prio, 0));
	kt_own(*cap);
	return err;
}

/* ---- l4/re/consts.h, l4/re/env.h ---- */

KTEST(built_in_l4re_dialect)
{
	KT_EQ(BUILT_AS_L4RE, 1);
	KT_EQ(__STDC_VERSION__, 201112L);
}

KTEST(this_task_cap_and_kip)
{
	KT_EQ(L4RE_THIS_TASK_CAP, L4_BASE_TASK_CAP);
	KT_EQ(L4RE_MAIN_THREAD_PRIO, 2);
	/* It names this task: the task knows its own log capability through it. */
	KT_EQ(l4_msgtag_label(l4_task_cap_valid(L4RE_THIS_TASK_CAP, L4_BASE_LOG_CAP)), 1);
	KT_EQ(l4_msgtag_label(
		  l4_task_cap_equal(L4RE_THIS_TASK_CAP, L4RE_THIS_TASK_CAP, L4_BASE_TASK_CAP)),
	      1);
	/* l4re_kip() is not a const pointer (L4Re's signature); the page is the KIP. */
	l4_kernel_info_t *kip = l4re_kip();
	KT_EQ(kip->magic, L4_KERNEL_INFO_MAGIC);
	/* The root task's environment has no names. */
	KT_ASSERT(l4_is_invalid_cap(l4re_env_get_cap_e("anything", l4re_env())));
}

/* ---- l4/sys/consts.h, l4/sys/types.h ---- */

/* The tests of a capability index have L4Re's types (unsigned), and answer 0 or not. */
#define SAME_TYPE(f, t) __builtin_types_compatible_p(__typeof__(&(f)), t)
static_assert(SAME_TYPE(l4_is_valid_cap, unsigned (*)(l4_cap_idx_t)), "l4_is_valid_cap");
static_assert(SAME_TYPE(l4_is_invalid_cap, unsigned (*)(l4_cap_idx_t)), "l4_is_invalid_cap");
static_assert(SAME_TYPE(l4_capability_equal, unsigned (*)(l4_cap_idx_t, l4_cap_idx_t)), "equal");

KTEST(capability_tests_answer_unsigned)
{
	KT_ASSERT(l4_is_valid_cap(L4_BASE_TASK_CAP) != 0);
	KT_EQ(l4_is_valid_cap(L4_INVALID_CAP), 0);
	KT_ASSERT(l4_is_invalid_cap(L4_INVALID_CAP) != 0);
	KT_EQ(l4_is_invalid_cap(L4_BASE_LOG_CAP), 0);
	/* The same slot whatever the low (operation) bits; the next slot differs. */
	KT_ASSERT(l4_capability_equal(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP | 1) != 0);
	KT_EQ(l4_capability_equal(L4_BASE_TASK_CAP, l4_capability_next(L4_BASE_TASK_CAP)), 0);
}

KTEST(page_and_size_rounding_at_the_edges)
{
	KT_EQ(l4_trunc_page(0), 0);
	KT_EQ(l4_trunc_page(0xfff), 0);
	KT_EQ(l4_trunc_page(0x1000), 0x1000);
	KT_EQ(l4_trunc_page(0xffffffffUL), 0xfffff000UL);
	KT_EQ(l4_round_page(0), 0);
	KT_EQ(l4_round_page(1), 0x1000);
	KT_EQ(l4_round_page(0x1000), 0x1000);
	KT_EQ(l4_round_page(0x1001), 0x2000);
	KT_EQ(l4_round_page(0xfffff000UL), 0xfffff000UL);
	KT_EQ(l4_round_page(0xfffff001UL), 0); /* wraps, as L4Re's */
	KT_EQ(l4_trunc_size(0x12345678, 16), 0x12340000);
	KT_EQ(l4_trunc_size(0x12345678, 0), 0x12345678);
	KT_EQ(l4_trunc_size(0xffffffffUL, 31), 0x80000000UL);
	KT_EQ(l4_round_size(0x12345678, 16), 0x12350000);
	KT_EQ(l4_round_size(0x12340000, 16), 0x12340000);
	KT_EQ(l4_round_size(1, 31), 0x80000000UL);
	KT_EQ(l4_round_size(7, 0), 7);
	KT_EQ(l4_bytes_to_mwords(0), 0);
	KT_EQ(l4_bytes_to_mwords(1), 1);
	KT_EQ(l4_bytes_to_mwords(4), 1);
	KT_EQ(l4_bytes_to_mwords(5), 2);
	KT_EQ(l4_bytes_to_mwords(L4_VCON_WRITE_SIZE), L4_UTCB_GENERIC_DATA_SIZE - 2);
	KT_ASSERT(L4_INVALID_ADDR == ~0UL);
	KT_ASSERT(L4_INVALID_PTR == (void *)~0UL);
	KT_EQ(L4_WHOLE_ADDRESS_SPACE, 63);
	KT_EQ(l4_fpage_size(l4_fpage_all()), L4_WHOLE_ADDRESS_SPACE);
	KT_EQ(l4_capability_next(L4_BASE_TASK_CAP), L4_BASE_FACTORY_CAP);
}

KTEST(fpage_set_rights_and_contains)
{
	l4_fpage_t f = l4_fpage(0x40000000UL, 20, L4_FPAGE_RO);
	l4_fpage_t g = l4_fpage_set_rights(f, L4_FPAGE_RWX);
	KT_EQ(l4_fpage_rights(g), L4_FPAGE_RWX);
	KT_EQ(l4_fpage_memaddr(g), 0x40000000UL);
	KT_EQ(l4_fpage_size(g), 20);
	KT_EQ(l4_fpage_type(g), L4_FPAGE_MEMORY);
	KT_EQ(l4_fpage_rights(l4_fpage_set_rights(g, 0)), 0);
	l4_fpage_t o = l4_fpage_set_rights(l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWS),
					   L4_CAP_FPAGE_RO);
	KT_EQ(l4_fpage_obj(o), L4_BASE_LOG_CAP);
	KT_EQ(l4_fpage_type(o), L4_FPAGE_OBJ);
	KT_EQ(l4_fpage_rights(o), L4_CAP_FPAGE_RO);

	KT_EQ(l4_fpage_contains(f, 0x40000000UL, 12), 1);
	KT_EQ(l4_fpage_contains(f, 0x400ff000UL, 12), 1);
	KT_EQ(l4_fpage_contains(f, 0x400ff000UL, 13), 0); /* runs over the end */
	KT_EQ(l4_fpage_contains(f, 0x3ffff000UL, 12), 0); /* starts before it */
	KT_EQ(l4_fpage_contains(f, 0x40100000UL, 12), 0);
	KT_EQ(l4_fpage_contains(f, 0x40000000UL, 20), 1);
	KT_EQ(l4_fpage_contains(f, 0x40000000UL, 21), 0);
	/* The last page of the address space, and flexpages as large as it. */
	l4_fpage_t top = l4_fpage(0xfffff000UL, 12, L4_FPAGE_RW);
	KT_EQ(l4_fpage_contains(top, 0xfffff000UL, 12), 1);
	KT_EQ(l4_fpage_contains(top, 0xfffff800UL, 11), 1);
	KT_EQ(l4_fpage_contains(top, 0xfffff800UL, 12), 0);
	l4_fpage_t whole = l4_fpage(0, 32, L4_FPAGE_RW);
	KT_EQ(l4_fpage_contains(whole, 0xfffff000UL, 12), 1);
	KT_EQ(l4_fpage_contains(whole, 0, 31), 1);
	KT_EQ(l4_fpage_contains(whole, 0x80000000UL, 31), 1);
	KT_EQ(l4_fpage_contains(whole, 0x80001000UL, 31), 0);
}

KTEST(msgtag_protocol_tests)
{
	KT_ASSERT(l4_msgtag_is_sigma0(l4_msgtag(L4_PROTO_SIGMA0, 0, 0, 0)));
	KT_ASSERT(!l4_msgtag_is_sigma0(l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0)));
	KT_ASSERT(l4_msgtag_is_preemption(l4_msgtag(L4_PROTO_PREEMPTION, 0, 0, 0)));
	KT_ASSERT(l4_msgtag_is_sys_exception(l4_msgtag(L4_PROTO_SYS_EXCEPTION, 0, 0, 0)));
	KT_ASSERT(l4_msgtag_is_io_page_fault(l4_msgtag(L4_PROTO_IO_PAGE_FAULT, 0, 0, 0)));
	KT_ASSERT(!l4_msgtag_is_exception(l4_msgtag(L4_PROTO_SIGMA0, 0, 0, 0)));
}

/* The halves of a timeout pair, set one by one, are what the kernel uses. */
KTEST(timeout_halves_and_absolute)
{
	l4_timeout_t to = L4_IPC_NEVER;
	l4_rcv_timeout(L4_IPC_TIMEOUT_0, &to);
	KT_EQ(to.raw, L4_IPC_RECV_TIMEOUT_0.raw);
	/* A zero receive timeout: a receive from nobody ends at once. */
	l4_msgtag_t tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), to);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
	l4_snd_timeout(L4_IPC_TIMEOUT_0, &to);
	KT_EQ(to.raw, L4_IPC_BOTH_TIMEOUT_0.raw);
	KT_EQ(to.p.snd.t, L4_IPC_TIMEOUT_0.t);
	l4_snd_timeout(L4_IPC_TIMEOUT_NEVER, &to);
	KT_EQ(to.raw, L4_IPC_RECV_TIMEOUT_0.raw);
	/* About 2 ms: the receive waits that long. */
	l4_rcv_timeout(l4_timeout_rel(500, 2), &to);
	uint64_t t0 = kt_now_us();
	tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), to);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
	KT_ASSERT(kt_now_us() - t0 >= 1900);
	KT_EQ(l4_timeout_is_absolute(to.p.rcv), 0);
	KT_EQ(l4_timeout_is_absolute(L4_IPC_TIMEOUT_NEVER), 0);
	l4_timeout_s abs = l4_timeout_abs(l4_kip_clock(l4re_kip()) + 1000, 4);
	KT_ASSERT(l4_timeout_is_absolute(abs) != 0);
}

/* ---- l4/sys/ipc.h ---- */

KTEST(ipc_error_phase)
{
	/* A send to the invalid capability: its send phase fails (ENOT_EXISTENT). */
	l4_msgtag_t tag =
	    l4_ipc_send(L4_INVALID_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
	KT_EQ(l4_ipc_is_snd_error(l4_utcb()), 1);
	KT_EQ(l4_ipc_is_rcv_error(l4_utcb()), 0);
	/* A receive that times out: the receive phase. */
	tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), L4_IPC_RECV_TIMEOUT_0);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_RETIMEOUT);
	KT_EQ(l4_ipc_error_code(l4_utcb()), L4_IPC_RETIMEOUT);
	KT_EQ(l4_ipc_is_snd_error(l4_utcb()), 0);
	KT_ASSERT(l4_ipc_is_rcv_error(l4_utcb()) != 0);
	/* No error: 0 whatever the UTCB's error word says. */
	KT_EQ(l4_ipc_error(l4_msgtag(0, 0, 0, 0), l4_utcb()), 0);
}

/* L4Re's types: l4_ipc_error() is an l4_umword_t, l4_ipc_error_code() an int. */
static_assert(SAME_TYPE(l4_ipc_error, l4_umword_t (*)(l4_msgtag_t, l4_utcb_t *)), "l4_ipc_error");
static_assert(SAME_TYPE(l4_ipc_error_code, int (*)(l4_utcb_t *)), "l4_ipc_error_code");

/* A capability item made with l4_sndfpage_add() arrives in the receiver's buffer. */
KTEST(sndfpage_add_sends_a_capability)
{
	KT_SCOPE();
	struct kt_server s;
	kt_server_init(&s);
	s.rcv_cap = kt_cap_alloc();
	l4_cap_idx_t th, gate;
	KT_EQ(kt_server_start(&s, &th, &gate, 0x40, WORKER_PRIO), 0);
	l4_utcb_mr()->mr[0] = 0x5eed;
	l4_msgtag_t tag = l4_msgtag(0, 1, 0, 0);
	KT_EQ(l4_sndfpage_add(l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RW), 0, &tag), 0);
	KT_EQ(l4_msgtag_words(tag), 1);
	KT_EQ(l4_msgtag_items(tag), 1);
	KT_EQ(l4_utcb_mr()->mr[1], L4_ITEM_MAP | L4_ITEM_CONT);
	tag = l4_ipc_call(gate, l4_utcb(), tag, kt_safety_timeout());
	KT_EQ(l4_error(tag), 0);
	KT_EQ(s.count, 1);
	KT_EQ(s.items, 1);
	KT_EQ(s.mr[0], 0x5eed);
	KT_EQ(kt_equal(L4_BASE_TASK_CAP, s.rcv_cap, L4_BASE_LOG_CAP), 1);
	/* A message that leaves no room for another item. */
	tag = l4_msgtag(0, L4_UTCB_GENERIC_DATA_SIZE - 1, 0, 0);
	KT_EQ(l4_sndfpage_add(l4_fpage_all(), 0, &tag), -L4_ENOMEM);
	KT_EQ(l4_msgtag_items(tag), 0);
}

/* ---- l4/sys/thread.h, l4/util/thread.h ---- */

KTEST(thread_yield_returns_a_tag)
{
	l4_msgtag_t tag = l4_thread_yield();
	KT_EQ(l4_msgtag_has_error(tag), 0);
	KT_EQ(l4_msgtag_label(tag), 0);
	KT_EQ(l4_msgtag_words(tag), 0);
}

static struct {
	volatile int ran;
	volatile l4_addr_t local; /* where a local variable of the thread was */
	volatile l4_utcb_t *utcb;
} created;

L4UTIL_THREAD_STATIC_FUNC(created_fn)
{
	volatile int here = 1;
	created.local = (l4_addr_t)&here;
	created.utcb = l4_utcb();
	created.ran = here;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(create_thread_runs_the_function_on_its_stack)
{
	KT_SCOPE();
	memset((void *)&created, 0, sizeof(created));
	l4_cap_idx_t th;
	l4_utcb_t *u = (l4_utcb_t *)kt_utcb_reserve();
	/* Without a scheduler it is made and set up, but does not run. */
	KT_EQ(create_thread(&th, created_fn, (l4_umword_t *)STACK_TOP(worker_stack), L4_INVALID_CAP,
			    L4RE_THIS_TASK_CAP, u, L4_INVALID_CAP, WORKER_PRIO),
	      0);
	kt_sleep_us(2000);
	KT_EQ(created.ran, 0);
	l4_sched_param_t sp = l4_sched_param(WORKER_PRIO, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, th, &sp)), 0);
	KT_ASSERT(kt_wait_ge(&created.ran, 1, KT_SAFETY_US));
	KT_ASSERT(created.local >= (l4_addr_t)worker_stack);
	KT_ASSERT(created.local < (l4_addr_t)&worker_stack[STACK_WORDS]);
	KT_EQ((l4_addr_t)created.utcb, (l4_addr_t)u);
	/* A UTCB outside the task's UTCB area: the bind fails, and says so. */
	l4_cap_idx_t bad;
	KT_EQ(create_thread(&bad, created_fn, (l4_umword_t *)STACK_TOP(handler_stack),
			    L4_INVALID_CAP, L4RE_THIS_TASK_CAP, (l4_utcb_t *)0x30000000UL,
			    l4re_env()->scheduler, WORKER_PRIO),
	      -L4_EINVAL);
}

/* ---- l4/sys/utcb.h: exception messages ---- */

/* What the exception handler saw, and where the faulting thread went on. */
static struct {
	volatile int count;
	volatile l4_umword_t typeval, pc, pfa, raw_pfa;
	volatile int is_pf, ex_regs, words;
} seen;
static volatile int landed; /* the token landing() was started with */

/* Where a handled thread goes on: r0 = the token the handler put there. */
static void __attribute__((noreturn, used)) landing(l4_umword_t token)
{
	landed = (int)token;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/*
 * The exception handler: records the message, and resumes the thread in landing()
 * with r0 = the number of exceptions so far (a reply of all the registers).
 */
L4UTIL_THREAD_STATIC_FUNC(exc_handler_fn)
{
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, l4_utcb()) || !l4_msgtag_is_exception(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_exc_regs_t *e = l4_utcb_exc_u(l4_utcb());
		seen.words = (int)l4_msgtag_words(tag);
		seen.typeval = l4_utcb_exc_typeval(e);
		seen.pc = l4_utcb_exc_pc(e);
		seen.pfa = l4_utcb_exc_pfa(e);
		seen.raw_pfa = e->pfa;
		seen.is_pf = l4_utcb_exc_is_pf(e);
		seen.ex_regs = l4_utcb_exc_is_ex_regs_exception(e);
		seen.count++;
		l4_utcb_exc_pc_set(e, (l4_addr_t)landing);
		e->r[0] = (l4_umword_t)seen.count;
		e->sp = l4_align_stack_for_direct_fncall(e->sp);
		tag = l4_ipc_reply_and_wait(l4_utcb(),
					    l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0), &label,
					    L4_IPC_NEVER);
	}
}

L4UTIL_THREAD_STATIC_FUNC(undef_fn)
{
	__builtin_trap();
}

L4UTIL_THREAD_STATIC_FUNC(read_bad_fn)
{
	(void)*(volatile l4_umword_t *)BAD_ADDR;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

L4UTIL_THREAD_STATIC_FUNC(write_bad_fn)
{
	*(volatile l4_umword_t *)(BAD_ADDR + 0x14) = 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

L4UTIL_THREAD_STATIC_FUNC(sleeper_fn)
{
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* The handler (running, waiting) in *handler; then @fn in a thread handled by it, made
 * without running and started once its exception handler is set. */
static long run_handled(l4_cap_idx_t *handler, l4_cap_idx_t *th, void (*fn)(void))
{
	memset((void *)&seen, 0, sizeof(seen));
	landed = 0;
	long err = create_thread(handler, exc_handler_fn, (l4_umword_t *)STACK_TOP(handler_stack),
				 L4_INVALID_CAP, L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(),
				 l4re_env()->scheduler, HANDLER_PRIO);
	if (err)
		return err;
	/* No pager: a fault goes to the exception handler. */
	err = create_thread(th, fn, (l4_umword_t *)STACK_TOP(worker_stack), L4_INVALID_CAP,
			    L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(), L4_INVALID_CAP, 0);
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_exc_handler(*handler);
	err = l4_error(l4_thread_control_commit(*th));
	if (err)
		return err;
	l4_sched_param_t sp = l4_sched_param(WORKER_PRIO, 0);
	return l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, *th, &sp));
}

/* The handler moves the thread's pc: it goes on where the handler says. */
KTEST(exception_pc_set_moves_the_thread)
{
	KT_SCOPE();
	l4_cap_idx_t handler, th;
	KT_EQ(run_handled(&handler, &th, undef_fn), 0);
	KT_ASSERT(kt_wait_ge(&landed, 1, KT_SAFETY_US));
	KT_EQ(landed, 1);
	KT_EQ(seen.count, 1);
	KT_EQ(seen.words, L4_UTCB_EXCEPTION_REGS_SIZE);
	KT_EQ(L4_UTCB_EXCEPTION_REGS_SIZE, 22);
	KT_EQ(seen.typeval, L4_EXC_CLASS_UNKNOWN);
	KT_EQ(seen.is_pf, 0);
	KT_EQ(seen.ex_regs, 0);
	/* The pc was the trapping instruction: undef_fn's first. */
	l4_addr_t fn = (l4_addr_t)undef_fn & ~1UL;
	KT_EQ(seen.pc, fn);
}

KTEST(exception_abort_is_a_page_fault_with_its_address)
{
	KT_SCOPE();
	l4_cap_idx_t handler, th;
	KT_EQ(run_handled(&handler, &th, read_bad_fn), 0);
	KT_ASSERT(kt_wait_ge(&landed, 1, KT_SAFETY_US));
	KT_EQ(seen.typeval, L4_EXC_CLASS_DATA_ABORT);
	KT_EQ(seen.is_pf, 1);
	KT_EQ(seen.raw_pfa, BAD_ADDR);
	KT_EQ(seen.pfa, BAD_ADDR & ~7UL); /* a read */
	KT_EQ(seen.ex_regs, 0);
}

KTEST(exception_write_abort_has_the_write_bit)
{
	KT_SCOPE();
	l4_cap_idx_t handler, th;
	KT_EQ(run_handled(&handler, &th, write_bad_fn), 0);
	KT_ASSERT(kt_wait_ge(&landed, 1, KT_SAFETY_US));
	KT_EQ(seen.typeval, L4_EXC_CLASS_DATA_ABORT);
	KT_EQ(seen.is_pf, 1);
	KT_EQ(seen.raw_pfa, BAD_ADDR + 0x14);
	KT_EQ(seen.pfa, ((BAD_ADDR + 0x14) & ~7UL) | 2);
}

KTEST(exception_from_ex_regs_is_recognised)
{
	KT_SCOPE();
	l4_cap_idx_t handler, th;
	KT_EQ(run_handled(&handler, &th, sleeper_fn), 0);
	kt_sleep_us(1000);
	KT_EQ(seen.count, 0);
	KT_EQ(l4_error(l4_thread_ex_regs(
		  th, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL | L4_THREAD_EX_REGS_TRIGGER_EXCEPTION)),
	      0);
	KT_ASSERT(kt_wait_ge(&landed, 1, KT_SAFETY_US));
	KT_EQ(seen.ex_regs, 1);
	KT_EQ(seen.is_pf, 0);
	KT_EQ(seen.typeval, L4_EXC_CLASS_TRIGGERED);
}

KTEST(utcb_inherit_fpu_flag)
{
	l4_buf_regs_t *br = l4_utcb_br();
	l4_umword_t old = br->bdr;
	br->bdr = 0;
	l4_utcb_inherit_fpu(1);
	KT_EQ(br->bdr, L4_UTCB_INHERIT_FPU);
	l4_utcb_inherit_fpu_u(l4_utcb(), 0);
	KT_EQ(br->bdr, 0);
	KT_EQ((l4_addr_t)l4_utcb_exc_u(l4_utcb()), (l4_addr_t)l4_utcb_mr());
	KT_EQ((l4_addr_t)l4_utcb_exc(), (l4_addr_t)l4_utcb());
	br->bdr = old;
}

/* ---- l4/util/util.h: l4_touch_ro / l4_touch_rw ---- */

#define TOUCH_PAGES 8
static char backing[TOUCH_PAGES][L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));

/* The pager's log of faults (mr0 of each page-fault message). */
static struct {
	volatile int count;
	volatile l4_umword_t pf[16];
} pg;

/* What the toucher did, and the pager's fault count after each step. */
static struct {
	volatile int done;
	volatile int after_rw, after_writes, after_ro, after_reads, after_empty;
} job;

/* A pager in the root task: maps backing page i at TOUCH_REGION + i pages, read-only for
 * a read fault, read-write for a write fault, with l4_sndfpage_add(). */
L4UTIL_THREAD_STATIC_FUNC(pager_fn)
{
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, l4_utcb()) || !l4_msgtag_is_page_fault(tag)) {
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		l4_umword_t pfa = l4_utcb_mr()->mr[0];
		l4_addr_t page = l4_trunc_page(pfa);
		if (pg.count < 16)
			pg.pf[pg.count] = pfa;
		pg.count++;
		l4_msgtag_t reply = l4_msgtag(-L4_EFAULT, 0, 0, 0);
		unsigned i = (unsigned)((page - TOUCH_REGION) >> L4_PAGESHIFT);
		if (page >= TOUCH_REGION && i < TOUCH_PAGES) {
			reply = l4_msgtag(0, 0, 0, 0);
			l4_sndfpage_add(l4_fpage((l4_addr_t)backing[i], L4_PAGESHIFT,
						 (pfa & 2) ? L4_FPAGE_RW : L4_FPAGE_RO),
					page, &reply);
		}
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

/* In another task, paged by pager_fn: pages 0-2 touched read-write, written; pages 4-5
 * touched read-only, read; an empty range at page 7. */
L4UTIL_THREAD_STATIC_FUNC(toucher_fn)
{
	char *r = (char *)TOUCH_REGION;
	l4_touch_rw(r + 100, 3 * L4_PAGESIZE - 200);
	job.after_rw = pg.count;
	for (unsigned i = 0; i < 3; i++)
		*(volatile char *)(r + i * L4_PAGESIZE + 8) = (char)('a' + i);
	job.after_writes = pg.count;
	l4_touch_ro(r + 4 * L4_PAGESIZE, 2 * L4_PAGESIZE);
	job.after_ro = pg.count;
	for (unsigned i = 4; i < 6; i++)
		(void)*(volatile char *)(r + i * L4_PAGESIZE + 8);
	job.after_reads = pg.count;
	l4_touch_rw(r + 7 * L4_PAGESIZE, 0);
	l4_touch_ro(r + 7 * L4_PAGESIZE, 0);
	job.after_empty = pg.count;
	job.done = 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(touch_faults_the_pages_in)
{
	KT_SCOPE();
	memset((void *)&pg, 0, sizeof(pg));
	memset((void *)&job, 0, sizeof(job));
	memset(backing, 0, sizeof(backing));
	l4_cap_idx_t child, pager, child_pager, toucher;
	KT_EQ(kt_task_create(&child), 0);
	KT_EQ(create_thread(&pager, pager_fn, (l4_umword_t *)STACK_TOP(handler_stack),
			    L4_INVALID_CAP, L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(),
			    l4re_env()->scheduler, HANDLER_PRIO),
	      0);
	child_pager = kt_cap_alloc();
	KT_EQ(kt_map(child, L4_BASE_TASK_CAP, pager, child_pager, L4_CAP_FPAGE_RWS), 0);
	/* The child's first UTCB; its pager named in the child's own table. */
	KT_EQ(create_thread(&toucher, toucher_fn, (l4_umword_t *)STACK_TOP(worker_stack),
			    child_pager, child, (l4_utcb_t *)KT_UTCB_AREA, l4re_env()->scheduler,
			    WORKER_PRIO),
	      0);
	KT_ASSERT(kt_wait_ge(&job.done, 1, KT_SAFETY_US));
	/* l4_touch_rw: each page read (a translation fault), then written (a write
	 * fault on the read-only page). */
	KT_EQ(job.after_rw, 6);
	for (unsigned i = 0; i < 3; i++) {
		l4_addr_t page = TOUCH_REGION + i * L4_PAGESIZE;
		KT_EQ(pg.pf[2 * i], page | 1);
		KT_EQ(pg.pf[2 * i + 1], page | 2);
	}
	/* Then they are there, writable: writing them faults no more. */
	KT_EQ(job.after_writes, 6);
	for (unsigned i = 0; i < 3; i++)
		KT_EQ(backing[i][8], 'a' + i);
	/* l4_touch_ro: read faults only, and the pages are there for reading. */
	KT_EQ(job.after_ro, 8);
	KT_EQ(pg.pf[6], (TOUCH_REGION + 4 * L4_PAGESIZE) | 1);
	KT_EQ(pg.pf[7], (TOUCH_REGION + 5 * L4_PAGESIZE) | 1);
	KT_EQ(job.after_reads, 8);
	/* An empty range at a page boundary touches nothing. */
	KT_EQ(job.after_empty, 8);
	KT_EQ(backing[3][8], 0);
}

/* ---- l4/sys/kdebug.h ---- */

KTEST(kdebug_output_and_enter_kdebug_go_on)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	for (unsigned i = 0; i < L4_UTCB_GENERIC_DATA_SIZE; i++)
		mr->mr[i] = 0x3e000000UL + i;
	/* One line, in pieces (the harness looks for it). */
	outstring("kdebug: ");
	outhex32(0x1234abcd);
	outchar(' ');
	outhex20(0xfedcba98);
	outchar(' ');
	outhex16(0xbeef);
	outchar(' ');
	outhex12(0xabc);
	outchar(' ');
	outhex8(0x5a);
	outchar(' ');
	outdec(-1234567);
	outchar(' ');
	outdec(0);
	outchar(' ');
	outumword(0xdeadbeef);
	outchar(' ');
	outhex64(0x0123456789abcdefULL);
	outchar(' ');
	outnstring("xyz!", 3);
	outstring("\n");
	/* The debugger's entry reports and returns. */
	enter_kdebug("l4re_names: going on");
	int went_on = 1;
	KT_EQ(went_on, 1);
	/* The message registers are as they were. */
	for (unsigned i = 0; i < L4_UTCB_GENERIC_DATA_SIZE; i++)
		KT_EQ(mr->mr[i], 0x3e000000UL + i);
	/* Longer than one log write. */
	char longline[400];
	memset(longline, 'k', sizeof(longline));
	memcpy(longline, "kdebug long: ", 13);
	longline[sizeof(longline) - 1] = 0;
	outstring(longline);
	outchar('\n');
}

/* ---- l4/util/kip.h, l4/sys/kip.h ---- */

KTEST(kip_features)
{
	l4_kernel_info_t *kip = l4re_kip();
	const char *s = l4_kip_version_string(kip);
	KT_EQ(strncmp(s, "Keel microkernel", 16), 0);
	int n = 0;
	l4util_kip_for_each_feature(s) n++;
	KT_EQ(n, 0); /* Keel's kernel names no features yet */
	KT_EQ(l4util_kip_kernel_has_feature(kip, "multi_irq"), 0);
	KT_EQ(l4_kip_kernel_has_feature(kip, "Keel microkernel"), 0); /* not a feature */
	KT_EQ(l4util_kip_kernel_abi_version(kip), 0);
}

/* ---- l4/sys/compiler.h ---- */

#define NAMES_SEVEN 7
L4_STICKY(static const char sticky[]) = "l4re_names: kept";
static int counter;

static int L4_PURE pure_twice(int x)
{
	return 2 * x;
}

L4_DEPRECATED("for the test") static inline int old_fn(void)
{
	return 7;
}

EXTERN_C_BEGIN
int l4re_names_hidden_fn(void) L4_HIDDEN;
int L4_CV l4re_names_hidden_fn(void)
{
	return 5;
}
EXTERN_C_END

KTEST(compiler_annotations_and_barriers)
{
	KT_EQ(strcmp(sticky, "l4re_names: kept"), 0);
	KT_EQ(pure_twice(21), 42);
	KT_EQ(l4re_names_hidden_fn(), 5);
	/* The macro's value, and (one level less) its name. */
	static const char seven[] = L4_stringify(NAMES_SEVEN);
	static const char name[] = L4_stringify_helper(NAMES_SEVEN);
	KT_EQ(sizeof(seven), 2);
	KT_EQ(seven[0], '7');
	KT_EQ(sizeof(name), sizeof("NAMES_SEVEN"));
	KT_EQ(name[0], 'N');
	KT_EQ(L4_LIKELY(1), 1);
	KT_EQ(L4_UNLIKELY(0), 0);
	KT_EQ(l4_align_stack_for_direct_fncall(0x1007), 0x1000);
	KT_EQ(L4_STACK_ALIGN, 8);
	volatile int *c = &counter;
	*c = 1;
	l4_barrier();
	*c = 2;
	l4_wmb();
	*c = 3;
	l4_mb();
	KT_EQ(*c, 3);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	KT_EQ(old_fn(), 7);
#pragma GCC diagnostic pop
}

/* The rest of compiler.h's names, and linkage.h's. */
int l4re_names_external(int x);
L4_INLINE_EXTERN int l4re_names_external(int x)
{
	return x + 3;
}

L4_INLINE_STATIC int names_static(int x)
{
	return x + 2;
}

static int names_nothrow(int x) L4_NOTHROW__A;
static int names_nothrow(int x)
{
	return x * 3;
}

int l4re_names_far(int x) L4_LONG_CALL;
int l4re_names_far(int x)
{
	return x - 1;
}

int l4re_names_aliased(int x);
int l4re_names_aliased(int x)
{
	return x * 5;
}
L4_STRONG_ALIAS(l4re_names_aliased, l4re_names_alias)
L4__STRONG_ALIAS(l4re_names_aliased, l4re_names_alias2)

static L4_CONSTEXPR const int names_eleven = 11;
static_assert(sizeof(l4_umword_t) == 4, "32-bit machine words");
/* L4Re's ARM types: a size_t * goes where an l4_size_t * is wanted (l4re_ds_phys()). */
static_assert(__builtin_types_compatible_p(l4_size_t, size_t), "l4_size_t is size_t's type");
static_assert(__builtin_types_compatible_p(l4_ssize_t, int), "l4_ssize_t is int");

KTEST(compiler_inline_alias_and_linkage_names)
{
	KT_EQ(l4re_names_external(1), 4);
	KT_EQ(names_static(1), 3);
	KT_EQ(names_nothrow(2), 6);
	KT_EQ(l4re_names_far(8), 7);
	KT_EQ(l4re_names_alias(2), 10);
	KT_EQ(l4re_names_alias2(3), 15);
	KT_EQ((l4_addr_t)&l4re_names_alias, (l4_addr_t)&l4re_names_aliased);
	KT_EQ(names_eleven, 11);
	KT_EQ(L4_HAS_BUILTIN(__builtin_expect), 1);
	KT_EQ(L4_HAS_BUILTIN(__builtin_no_such_builtin), 0);
	static_assert(L4_STACK_ALIGN == 8, "AAPCS: 8-byte stack alignment");
	/* l4/sys/syscall_defs.h: the number in r5 that invokes a capability. */
	KT_EQ(L4_SYSCALL_INVOKE, 0);
	KT_EQ(L4_SYSCALL_MEM_OP, 1);
}

/* A thread below the main thread's priority: it says it is there, then spins. */
static volatile int spinning;
static void spinner_fn(void)
{
	spinning = 1;
	l4_infinite_loop();
}

KTEST(infinite_loop_spins_on_the_cpu)
{
	KT_SCOPE();
	spinning = 0;
	l4_cap_idx_t th;
	KT_EQ(create_thread(&th, spinner_fn, (l4_umword_t *)STACK_TOP(worker_stack), L4_INVALID_CAP,
			    L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(),
			    l4re_env()->scheduler, KT_MAIN_PRIO - 1),
	      0);
	KT_ASSERT(kt_wait_ge(&spinning, 1, KT_SAFETY_US));
	/* It keeps running whenever the main thread sleeps: its CPU time grows. */
	l4_kernel_clock_t t1 = 0, t2 = 0;
	KT_EQ(l4_error(l4_thread_stats_time(th, &t1)), 0);
	kt_sleep_us(5000);
	KT_EQ(l4_error(l4_thread_stats_time(th, &t2)), 0);
	KT_ASSERT(t2 > t1);
}

/* ---- l4/sys/cache.h ---- */

KTEST(cache_calls_succeed_and_keep_the_data)
{
	static char buf[256];
	memset(buf, 0x5a, sizeof(buf));
	unsigned long s = (unsigned long)buf, e = s + sizeof(buf);
	KT_EQ(l4_cache_clean_data(s, e), 0);
	KT_EQ(l4_cache_flush_data(s, e), 0);
	KT_EQ(l4_cache_inv_data(s, e), 0);
	KT_EQ(l4_cache_coherent(s, e), 0);
	KT_EQ(l4_cache_dma_coherent(s, e), 0);
	KT_EQ(l4_cache_dma_coherent_full(), 0);
	for (unsigned i = 0; i < sizeof(buf); i++)
		KT_EQ(buf[i], 0x5a);
}

/* ---- l4/sys/kernel_object.h, l4/sys/vcon.h ---- */

KTEST(kobject_dec_refcnt_is_not_an_operation_of_keel)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, 0x10), 0);
	KT_EQ(l4_error(l4_kobject_dec_refcnt(gate, 1)), -L4_ENOSYS);
	KT_EQ(l4_error(l4_kobject_dec_refcnt(L4_BASE_FACTORY_CAP, 1)), -L4_EBADPROTO);
	/* The gate is still there. */
	KT_EQ(kt_valid(L4_BASE_TASK_CAP, gate), 1);
}

KTEST(vcon_read_u_on_the_kernel_log)
{
	char buf[8];
	/* The kernel log can only be written. */
	KT_EQ(l4_vcon_read_u(L4_BASE_LOG_CAP, buf, sizeof(buf), l4_utcb()), -L4_ENOSYS);
}

/* ---- l4/util/atomic.h, bitops.h, splitlog2.h, lock.h, stack.h ---- */

KTEST(atomic_operations_give_old_and_new_values)
{
	volatile l4_uint32_t w32 = 5;
	volatile l4_uint16_t w16 = 0xfff0;
	volatile l4_uint8_t w8 = 0xfe;
	volatile l4_umword_t w = 7;
	volatile long l = -3;
	KT_EQ(l4util_cmpxchg32(&w32, 4, 9), 0);
	KT_EQ(w32, 5);
	KT_EQ(l4util_cmpxchg32(&w32, 5, 9), 1);
	KT_EQ(w32, 9);
	KT_EQ(l4util_cmpxchg16(&w16, 0xfff0, 0x1234), 1);
	KT_EQ(l4util_cmpxchg16(&w16, 0xfff0, 0x4321), 0);
	KT_EQ(w16, 0x1234);
	KT_EQ(l4util_cmpxchg8(&w8, 0xfe, 0x80), 1);
	KT_EQ(l4util_cmpxchg8(&w8, 0x7f, 0x81), 0);
	KT_EQ(w8, 0x80);
	KT_EQ(l4util_cmpxchg(&w, 7, ~0UL), 1);
	KT_EQ(l4util_cmpxchg(&w, 7, 1), 0);
	KT_EQ(w, ~0UL);
	KT_EQ(l4util_xchg32(&w32, 0xdeadbeef), 9);
	KT_EQ(w32, 0xdeadbeef);
	KT_EQ(l4util_xchg16(&w16, 0xbeef), 0x1234);
	KT_EQ(w16, 0xbeef);
	KT_EQ(l4util_xchg8(&w8, 0x5a), 0x80);
	KT_EQ(w8, 0x5a);
	KT_EQ(l4util_xchg(&w, 3), ~0UL);
	KT_EQ(w, 3);
	w32 = 10, w16 = 0xffff, w8 = 0xfe;
	l4util_add32(&w32, 5);
	KT_EQ(w32, 15);
	l4util_add16(&w16, 2); /* wraps, as the type does */
	KT_EQ(w16, 1);
	l4util_add8(&w8, 3);
	KT_EQ(w8, 1);
	l4util_sub32(&w32, 16);
	KT_EQ(w32, 0xffffffffUL);
	l4util_sub16(&w16, 1);
	KT_EQ(w16, 0);
	l4util_sub8(&w8, 2);
	KT_EQ(w8, 0xff);
	l4util_and32(&w32, 0xf0f0);
	KT_EQ(w32, 0xf0f0);
	l4util_and16(&w16, 0xffff);
	KT_EQ(w16, 0);
	l4util_and8(&w8, 0x3c);
	KT_EQ(w8, 0x3c);
	l4util_or32(&w32, 0x0f00);
	KT_EQ(w32, 0xfff0);
	l4util_or16(&w16, 0x8001);
	KT_EQ(w16, 0x8001);
	l4util_or8(&w8, 0x81);
	KT_EQ(w8, 0xbd);
	KT_EQ(l4util_add32_res(&w32, 0x10), 0x10000);
	KT_EQ(l4util_add16_res(&w16, 0x7fff), 0);
	KT_EQ(l4util_add8_res(&w8, 0x43), 0);
	KT_EQ(l4util_sub32_res(&w32, 1), 0xffff);
	KT_EQ(l4util_sub16_res(&w16, 1), 0xffff);
	KT_EQ(l4util_sub8_res(&w8, 1), 0xff);
	KT_EQ(l4util_and32_res(&w32, 0xff00), 0xff00);
	KT_EQ(l4util_and16_res(&w16, 0x0ff0), 0x0ff0);
	KT_EQ(l4util_and8_res(&w8, 0x0f), 0x0f);
	KT_EQ(l4util_or32_res(&w32, 0xf), 0xff0f);
	KT_EQ(l4util_or16_res(&w16, 0xf000), 0xfff0);
	KT_EQ(l4util_or8_res(&w8, 0xf0), 0xff);
	l4util_inc32(&w32);
	KT_EQ(w32, 0xff10);
	l4util_inc16(&w16);
	KT_EQ(w16, 0xfff1);
	l4util_inc8(&w8);
	KT_EQ(w8, 0);
	l4util_dec32(&w32);
	KT_EQ(w32, 0xff0f);
	l4util_dec16(&w16);
	KT_EQ(w16, 0xfff0);
	l4util_dec8(&w8);
	KT_EQ(w8, 0xff);
	KT_EQ(l4util_inc32_res(&w32), 0xff10);
	KT_EQ(l4util_inc16_res(&w16), 0xfff1);
	KT_EQ(l4util_inc8_res(&w8), 0);
	KT_EQ(l4util_dec32_res(&w32), 0xff0f);
	KT_EQ(l4util_dec16_res(&w16), 0xfff0);
	KT_EQ(l4util_dec8_res(&w8), 0xff);
	KT_EQ(l4util_dec_res(&w), 2);
	l4util_atomic_add(&l, -4);
	KT_EQ(l, -7);
	l4util_atomic_inc(&l);
	KT_EQ(l, -6);
}

/* Two threads of one priority, and this one, count together: no update is lost. */
#define COUNT_ROUNDS 100000
static volatile l4_uint32_t count32;
static volatile l4_uint16_t count16;
static volatile long count_long;
static volatile l4_umword_t count_bits[2];
static volatile int counters_done;

static void count_round(unsigned i)
{
	l4util_inc32(&count32);
	l4util_add16(&count16, 3);
	l4util_atomic_inc(&count_long);
	l4util_complement_bit((int)(i & 63), count_bits);
}

L4UTIL_THREAD_STATIC_FUNC(counter_fn)
{
	for (unsigned i = 0; i < COUNT_ROUNDS; i++)
		count_round(i);
	l4util_inc32((volatile l4_uint32_t *)&counters_done);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(atomic_operations_from_three_threads_lose_nothing)
{
	KT_SCOPE();
	count32 = count16 = 0, count_long = 0, counters_done = 0;
	count_bits[0] = count_bits[1] = 0;
	l4_cap_idx_t a, b;
	KT_EQ(create_thread(&a, counter_fn, (l4_umword_t *)STACK_TOP(worker_stack), L4_INVALID_CAP,
			    L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(),
			    l4re_env()->scheduler, KT_MAIN_PRIO),
	      0);
	KT_EQ(create_thread(&b, counter_fn, (l4_umword_t *)STACK_TOP(handler_stack), L4_INVALID_CAP,
			    L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(),
			    l4re_env()->scheduler, KT_MAIN_PRIO),
	      0);
	for (unsigned i = 0; i < COUNT_ROUNDS; i++)
		count_round(i);
	KT_ASSERT(kt_wait_ge(&counters_done, 2, 10 * KT_SAFETY_US));
	KT_EQ(count32, 3 * COUNT_ROUNDS);
	KT_EQ(count16, (3 * 3 * COUNT_ROUNDS) & 0xffff);
	KT_EQ(count_long, 3 * COUNT_ROUNDS);
	/* Each bit complemented 3 * (COUNT_ROUNDS / 64 or one more) times. */
	for (int bit = 0; bit < 64; bit++)
		KT_EQ(l4util_test_bit(bit, count_bits),
		      (3 * (COUNT_ROUNDS / 64 + (bit < COUNT_ROUNDS % 64))) & 1);
}

KTEST(bit_operations_and_scans)
{
	l4_umword_t bits[3] = {0, 0, 0};
	l4util_set_bit(0, bits);
	l4util_set_bit(33, bits);
	KT_EQ(bits[0], 1);
	KT_EQ(bits[1], 2);
	KT_EQ(l4util_test_bit(33, bits), 1);
	KT_EQ(l4util_test_bit(32, bits), 0);
	KT_EQ(l4util_bts(5, bits), 0);
	KT_EQ(l4util_bts(5, bits), 1);
	KT_EQ(l4util_test_and_set_bit(5, bits), 1);
	KT_EQ(bits[0], 0x21);
	KT_EQ(l4util_btr(5, bits), 1);
	KT_EQ(l4util_test_and_clear_bit(5, bits), 0);
	KT_EQ(bits[0], 1);
	KT_EQ(l4util_btc(70, bits), 0);
	KT_EQ(bits[2], 1UL << 6);
	KT_EQ(l4util_test_and_change_bit(70, bits), 1);
	KT_EQ(bits[2], 0);
	l4util_complement_bit(31, bits);
	KT_EQ(bits[0], 0x80000001UL);
	l4util_clear_bit(0, bits);
	KT_EQ(bits[0], 0x80000000UL);
	KT_EQ(l4util_bsr(0), -1);
	KT_EQ(l4util_bsr(1), 0);
	KT_EQ(l4util_bsr(0x80000001UL), 31);
	KT_EQ(l4util_log2(4096), 12);
	KT_EQ(l4util_bsf(0), -1);
	KT_EQ(l4util_bsf(12), 2);
	KT_EQ(l4util_bsf(0x80000000UL), 31);
	KT_EQ(l4util_find_first_set_bit(bits, 96), 31);
	KT_EQ(l4util_find_first_set_bit(bits, 31), 31); /* none within the first 31 */
	l4_umword_t none[2] = {0, 0};
	KT_EQ(l4util_find_first_set_bit(none, 64), 64);
	l4_umword_t ones[2] = {~0UL, ~0UL ^ (1UL << 9)};
	KT_EQ(l4util_find_first_zero_bit(ones, 64), 41);
	KT_EQ(l4util_find_first_zero_bit(ones, 40), 40);
	KT_EQ(l4util_find_first_zero_bit(none, 64), 0);
	KT_EQ(l4util_next_power2(0), 1);
	KT_EQ(l4util_next_power2(1), 1);
	KT_EQ(l4util_next_power2(3), 4);
	KT_EQ(l4util_next_power2(4096), 4096);
	KT_EQ(l4util_next_power2(4097), 8192);
}

/* The blocks l4util_splitlog2_hdl() hands over. */
static struct {
	int count;
	l4_addr_t s[4], e[4];
	int bits[4];
	int stop_at; /* the block whose handler returns 7 (0: none) */
} split;

static long split_block(l4_addr_t s, l4_addr_t e, int log2size)
{
	if (split.count < 4) {
		split.s[split.count] = s;
		split.e[split.count] = e;
		split.bits[split.count] = log2size;
	}
	return ++split.count == split.stop_at ? 7 : 0;
}

KTEST(splitlog2_splits_into_aligned_blocks)
{
	KT_EQ(l4util_splitlog2_size(0x1000, 0x4fff), 12);
	KT_EQ(l4util_splitlog2_size(0x4000, 0x7fff), 14);
	KT_EQ(l4util_splitlog2_size(0, 0xffffffffUL), 31);
	memset(&split, 0, sizeof(split));
	KT_EQ(l4util_splitlog2_hdl(0x1000, 0x4fff, split_block), 0);
	KT_EQ(split.count, 3);
	KT_EQ(split.s[0], 0x1000);
	KT_EQ(split.e[0], 0x1fff);
	KT_EQ(split.bits[0], 12);
	KT_EQ(split.s[1], 0x2000);
	KT_EQ(split.e[1], 0x3fff);
	KT_EQ(split.bits[1], 13);
	KT_EQ(split.s[2], 0x4000);
	KT_EQ(split.e[2], 0x4fff);
	KT_EQ(split.bits[2], 12);
	/* The whole address space: two halves, and the walk ends. */
	memset(&split, 0, sizeof(split));
	KT_EQ(l4util_splitlog2_hdl(0, 0xffffffffUL, split_block), 0);
	KT_EQ(split.count, 2);
	KT_EQ(split.e[1], 0xffffffffUL);
	KT_EQ(split.bits[1], 31);
	/* A handler's error stops the walk. */
	memset(&split, 0, sizeof(split));
	split.stop_at = 2;
	KT_EQ(l4util_splitlog2_hdl(0x1000, 0x4fff, split_block), 7);
	KT_EQ(split.count, 2);
	KT_EQ(l4util_splitlog2_hdl(5, 4, split_block), -L4_EINVAL);
}

static l4util_simple_lock_t simple;
static volatile int simple_got;

L4UTIL_THREAD_STATIC_FUNC(simple_locker_fn)
{
	l4_simple_lock(&simple);
	simple_got = 1;
	l4_simple_unlock(&simple);
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(simple_lock_waits_for_the_holder)
{
	KT_SCOPE();
	simple = 0, simple_got = 0;
	KT_EQ(l4_simple_try_lock(&simple), 1);
	KT_EQ(l4_simple_lock_locked(&simple), 1);
	KT_EQ(l4_simple_try_lock(&simple), 0);
	/* A thread of this priority waits for it, switching away while it is taken. */
	l4_cap_idx_t th;
	KT_EQ(create_thread(&th, simple_locker_fn, (l4_umword_t *)STACK_TOP(worker_stack),
			    L4_INVALID_CAP, L4RE_THIS_TASK_CAP, (l4_utcb_t *)kt_utcb_reserve(),
			    l4re_env()->scheduler, KT_MAIN_PRIO),
	      0);
	kt_sleep_us(3000);
	KT_EQ(simple_got, 0);
	l4_simple_unlock(&simple);
	KT_ASSERT(kt_wait_ge(&simple_got, 1, KT_SAFETY_US));
	KT_EQ(l4_simple_lock_locked(&simple), 0);
	l4_simple_lock(&simple);
	KT_EQ(l4_simple_lock_locked(&simple), 1);
	l4_simple_unlock(&simple);
}

KTEST(stack_push_and_stack_pointer)
{
	l4_umword_t st[4] = {0, 0, 0, 0};
	l4_addr_t top = (l4_addr_t)&st[4];
	l4util_stack_push_mword(&top, 0x11);
	l4util_stack_push_mword(&top, -2);
	KT_EQ(top, (l4_addr_t)&st[2]);
	KT_EQ(st[3], 0x11);
	KT_EQ(st[2], (l4_umword_t)-2);
	volatile int here = 0;
	l4_addr_t sp = l4util_stack_get_sp();
	KT_ASSERT(sp <= (l4_addr_t)&here && (l4_addr_t)&here - sp < 1024);
}

/* ---- a loaded program: names, the region mapper and allocator, the log ---- */

KTEST(loaded_program_uses_names_rm_allocator_and_log)
{
	KT_SCOPE();
	l4_cap_idx_t gate;
	KT_EQ(kt_gate_create(&gate, L4_INVALID_CAP, L4RE_NAMES_GATE_LABEL), 0);
	struct loader_cap caps[] = {
	    {"logcap", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW, 0},
	    {"gate", gate, L4_CAP_FPAGE_RWS | L4_FPAGE_C_IPCGATE_SVR, 0},
	};
	struct loader_opts o = {.prio = CHILD_PRIO,
				.kmem_limit = 256 * 1024,
				.mem_limit = 4UL << 20,
				.caps = caps,
				.cap_count = 2};
	const char *why = NULL;
	KT_EQ(loader_init(), 0);
	struct loader_program *p = loader_start_opts("l4re_names_child", &o, &why);
	if (!p)
		printf("l4re_names: cannot start l4re_names_child: %s\n", why);
	KT_ASSERT(p != NULL);
	int status = -1;
	long err =
	    loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(625, 13)));
	loader_kill(p);
	KT_EQ(err, 0);
	KT_EQ(status, 0);
}
