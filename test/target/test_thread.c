/*
 * test_thread.c - thread objects: ex_regs, control/bind errors, rights, start conditions,
 * run time, yield and switch, per-thread TPIDRURO, TLS and VFP state, deletion.
 */
#include "ktest_util.h"
#include <string.h>

#define TASK L4_BASE_TASK_CAP

static volatile int flag;

static void set_flag(void *arg)
{
	*(volatile int *)arg = 1;
}

static void spinner(void *arg)
{
	volatile int *count = arg;
	for (;;)
		(*count)++;
}

/* A thread object in a fresh slot, not bound (deleted at the end of the test). */
static l4_cap_idx_t raw_thread(void)
{
	l4_cap_idx_t cap = kt_cap_alloc();
	if (l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, cap)) != 0)
		return L4_INVALID_CAP;
	kt_own(cap);
	return cap;
}

static long bind(l4_cap_idx_t thread, l4_addr_t utcb, l4_cap_idx_t task)
{
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)utcb, task);
	return l4_error(l4_thread_control_commit(thread));
}

/* ---- ex_regs ---- */

static char parking[2][256] __attribute__((aligned(8)));

static void never_called(void)
{
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(ex_regs_returns_old_ip_and_sp)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_new(&t, TASK), 0);
	l4_addr_t ip1 = (l4_addr_t)never_called, sp1 = (l4_addr_t)(parking[0] + 256);
	l4_addr_t ip2 = (l4_addr_t)kt_trampoline, sp2 = (l4_addr_t)(parking[1] + 256);
	KT_EQ(l4_error(l4_thread_ex_regs(t, ip1, sp1, 0)), 0);
	l4_umword_t ip = ip2, sp = sp2, flags = 0;
	KT_EQ(l4_error(l4_thread_ex_regs_ret(t, &ip, &sp, &flags)), 0);
	KT_EQ(ip & ~1UL, ip1 & ~1UL);
	KT_EQ(sp, sp1);
	/* The old flags are the thread's CPSR: user mode, Thumb from bit 0 of the ip (set for
	 * Thumb code on ARMv7; clear for the ARM code of ARMv5 programs). */
	KT_EQ(flags & 0x1f, 0x10);
	KT_EQ(flags & 0x20, (ip1 & 1) ? 0x20 : 0);
	ip = ~0UL;
	sp = ~0UL;
	flags = 0;
	KT_EQ(l4_error(l4_thread_ex_regs_ret(t, &ip, &sp, &flags)), 0);
	KT_EQ(ip & ~1UL, ip2 & ~1UL);
	KT_EQ(sp, sp2);
}

KTEST(ex_regs_minus_one_keeps_values)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_new(&t, TASK), 0);
	l4_addr_t ip1 = (l4_addr_t)never_called, sp1 = (l4_addr_t)(parking[0] + 256);
	KT_EQ(l4_error(l4_thread_ex_regs(t, ip1, sp1, 0)), 0);
	KT_EQ(l4_error(l4_thread_ex_regs(t, ~0UL, ~0UL, 0)), 0);
	l4_umword_t ip = ~0UL, sp = ~0UL, flags = 0;
	KT_EQ(l4_error(l4_thread_ex_regs_ret(t, &ip, &sp, &flags)), 0);
	KT_EQ(ip & ~1UL, ip1 & ~1UL);
	KT_EQ(sp, sp1);
}

static volatile int redirected_flag;
static char redirect_stack[1024] __attribute__((aligned(8)));

static void redirected(void)
{
	redirected_flag = 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(ex_regs_redirects_running_thread)
{
	KT_SCOPE();
	static volatile int count;
	count = 0;
	redirected_flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, spinner, (void *)&count, 90), 0);
	KT_ASSERT(kt_wait_ge(&count, 1, KT_SAFETY_US));
	KT_EQ(l4_error(l4_thread_ex_regs(t, (l4_addr_t)redirected,
					 (l4_addr_t)(redirect_stack + sizeof(redirect_stack)), 0)),
	      0);
	KT_ASSERT(kt_wait_ge(&redirected_flag, 1, KT_SAFETY_US));
	int c = count;
	kt_sleep_us(5000);
	KT_EQ(count, c);
}

/* ---- rights ---- */

KTEST(ex_regs_without_w_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_new(&t, TASK), 0);
	l4_cap_idx_t rs = kt_copy(t, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(rs));
	KT_EQ(l4_error(
		  l4_thread_ex_regs(rs, (l4_addr_t)never_called, (l4_addr_t)(parking[0] + 256), 0)),
	      -L4_EPERM);
}

KTEST(tpidruro_without_w_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_new(&t, TASK), 0);
	l4_cap_idx_t rs = kt_copy(t, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(rs));
	KT_EQ(l4_error(l4_thread_arm_set_tpidruro(rs, 0x1000)), -L4_EPERM);
}

KTEST(control_without_w_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	l4_cap_idx_t rs = kt_copy(t, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(rs));
	l4_addr_t utcb = kt_utcb_reserve();
	KT_ASSERT(utcb != 0);
	KT_EQ(bind(rs, utcb, TASK), -L4_EPERM);
	KT_EQ(bind(t, utcb, TASK), 0);
}

KTEST(stats_without_w_allowed)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_new(&t, TASK), 0);
	l4_cap_idx_t ro = kt_copy(t, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	l4_kernel_clock_t us = 123;
	KT_EQ(l4_error(l4_thread_stats_time(ro, &us)), 0);
	KT_EQ(us, 0);
}

/* ---- control / bind ---- */

KTEST(bind_utcb_beyond_area_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	KT_EQ(bind(t, KT_UTCB_AREA + (1UL << KT_UTCB_AREA_ORDER), TASK), -L4_EINVAL);
}

KTEST(bind_utcb_below_area_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	KT_EQ(bind(t, KT_UTCB_AREA - L4_UTCB_OFFSET, TASK), -L4_EINVAL);
	KT_EQ(bind(t, 0x20000, TASK), -L4_EINVAL);
}

KTEST(bind_utcb_unaligned_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	KT_EQ(bind(t, KT_UTCB_AREA + 120 * L4_UTCB_OFFSET + 8, TASK), -L4_EINVAL);
}

KTEST(bind_to_non_task_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	l4_addr_t utcb = kt_utcb_reserve();
	KT_ASSERT(utcb != 0);
	KT_EQ(bind(t, utcb, L4_BASE_LOG_CAP), -L4_EINVAL);
	KT_EQ(bind(t, utcb, L4_BASE_FACTORY_CAP), -L4_EINVAL);
}

KTEST(bind_twice_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	l4_addr_t utcb = kt_utcb_reserve(), other = kt_utcb_reserve();
	KT_ASSERT(utcb != 0 && other != 0);
	KT_EQ(bind(t, utcb, TASK), 0);
	KT_EQ(bind(t, other, TASK), -L4_EINVAL);
}

KTEST(ex_regs_unbound_thread_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	KT_EQ(l4_error(
		  l4_thread_ex_regs(t, (l4_addr_t)never_called, (l4_addr_t)(parking[0] + 256), 0)),
	      -L4_EINVAL);
}

KTEST(control_too_short_emsgtooshort)
{
	KT_SCOPE();
	l4_cap_idx_t t = raw_thread();
	KT_ASSERT(l4_is_valid_cap(t));
	l4_utcb_mr()->mr[0] = L4_THREAD_CONTROL_OP | L4_THREAD_CONTROL_BIND_TASK;
	l4_msgtag_t tag =
	    l4_ipc_call(t, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, 3, 0, 0), kt_safety_timeout());
	KT_EQ(l4_error(tag), -L4_EMSGTOOSHORT);
}

/* ---- start conditions ---- */

KTEST(runs_only_after_ex_regs_too)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_new(&t, TASK), 0);
	KT_EQ(kt_thread_run(t, KT_MAIN_PRIO + 1), 0);
	kt_sleep_us(2000);
	KT_EQ(flag, 0);
	KT_EQ(kt_thread_set_entry(t, set_flag, (void *)&flag), 0);
	KT_ASSERT(kt_wait_ge(&flag, 1, KT_SAFETY_US));
}

KTEST(runs_only_after_run_thread_too)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	kt_sleep_us(2000);
	KT_EQ(flag, 0);
	KT_EQ(kt_thread_run(t, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&flag, 1, KT_SAFETY_US));
}

struct whoami {
	volatile l4_addr_t utcb;
	volatile uint32_t cpsr;
	volatile int done;
};

static struct whoami who;

static void whoami_fn(void *arg)
{
	struct whoami *w = arg;
	w->utcb = (l4_addr_t)l4_utcb();
	w->cpsr = kt_read_cpsr();
	w->done = 1;
}

KTEST(new_thread_utcb_and_user_mode)
{
	KT_SCOPE();
	memset((void *)&who, 0, sizeof(who));
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, whoami_fn, &who, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&who.done, 1, KT_SAFETY_US));
	KT_ASSERT(kt_thread_utcb(t) != 0);
	KT_EQ(who.utcb, kt_thread_utcb(t));
	KT_EQ(who.cpsr & 0x1f, 0x10);
}

/* ---- run time ---- */

KTEST(stats_time_zero_before_running)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	l4_kernel_clock_t us = 123;
	KT_EQ(l4_error(l4_thread_stats_time(t, &us)), 0);
	KT_EQ(us, 0);
}

KTEST(stats_time_grows_while_running)
{
	KT_SCOPE();
	static volatile int count;
	count = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, spinner, (void *)&count, 90), 0);
	l4_kernel_clock_t t0 = 0, t1 = 0;
	KT_EQ(l4_error(l4_thread_stats_time(t, &t0)), 0);
	uint64_t w0 = kt_now_us();
	/* Main sleeps until the spinner has used 5 ms (judged by its CPU time, not by how
	 * long a sleep took: a host that stops QEMU makes the guest clock jump). */
	t1 = t0;
	for (int i = 0; i < 200 && t1 - t0 < 5000; i++) {
		kt_sleep_us(5000);
		KT_EQ(l4_error(l4_thread_stats_time(t, &t1)), 0);
	}
	uint64_t wall = kt_now_us() - w0;
	KT_ASSERT(count > 0);
	KT_ASSERT(t1 > t0);
	KT_ASSERT(t1 - t0 >= 5000);
	KT_ASSERT(t1 - t0 <= wall + 1000);
}

KTEST(stats_time_of_main_thread)
{
	l4_kernel_clock_t t0 = 0, t1 = 0;
	KT_EQ(l4_error(l4_thread_stats_time(L4_BASE_THREAD_CAP, &t0)), 0);
	kt_spin_us(3000);
	KT_EQ(l4_error(l4_thread_stats_time(L4_BASE_THREAD_CAP, &t1)), 0);
	KT_ASSERT(t0 > 0);
	KT_ASSERT(t1 >= t0 + 2000);
}

/* ---- yield and switch ---- */

/*
 * Run @t (L4_BASE_THREAD_CAP: this thread) at @prio with a time slice of @us (0: the
 * default) that starts now. A test that must not be time-sliced gives its threads a
 * long slice: a host that stops QEMU for a while can end a short one at any point.
 */
static long run_with_slice(l4_cap_idx_t t, unsigned prio, unsigned us)
{
	l4_sched_param_t sp = l4_sched_param(prio, us);
	return l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, t, &sp));
}

static char ylog[64];
static volatile int ylen;

struct yielder {
	char id;
	volatile int done;
};

static struct yielder yielders[2];

static void yielder_fn(void *arg)
{
	struct yielder *y = arg;
	for (int i = 0; i < 20; i++) {
		if (ylen < (int)sizeof(ylog))
			ylog[ylen++] = y->id;
		l4_thread_yield();
	}
	y->done = 1;
}

KTEST(yield_lets_equal_priority_run)
{
	KT_SCOPE();
	memset(ylog, 0, sizeof(ylog));
	ylen = 0;
	memset(yielders, 0, sizeof(yielders));
	yielders[0].id = 'x';
	yielders[1].id = 'y';
	l4_cap_idx_t a, b;
	/* 1 s slices: only their yields (not a slice end) switch between them. */
	KT_EQ(kt_thread_create(&a, TASK, yielder_fn, &yielders[0]), 0);
	KT_EQ(kt_thread_create(&b, TASK, yielder_fn, &yielders[1]), 0);
	KT_EQ(run_with_slice(a, 90, 1000000), 0);
	KT_EQ(run_with_slice(b, 90, 1000000), 0);
	KT_ASSERT(kt_wait_ge(&yielders[0].done, 1, KT_SAFETY_US));
	KT_ASSERT(kt_wait_ge(&yielders[1].done, 1, KT_SAFETY_US));
	KT_EQ(ylen, 40);
	KT_EQ(ylog[0], 'x');
	int repeats = 0;
	for (int i = 1; i < ylen; i++)
		if (ylog[i] == ylog[i - 1])
			repeats++;
	KT_EQ(repeats, 0); /* strict alternation */
}

static int order[4];
static volatile int order_len;

static void record_order(void *arg)
{
	if (order_len < 4)
		order[order_len++] = *(const int *)arg;
}

/* Two ready threads at the main thread's priority: switch runs the named one first. */
KTEST(switch_runs_named_thread)
{
	KT_SCOPE();
	static const int ids[2] = {1, 2};
	order_len = 0;
	memset(order, 0, sizeof(order));
	l4_cap_idx_t a, b;
	/* Main gets a fresh 1 s slice: only the switch (not the end of main's slice) may
	 * run them. */
	KT_EQ(run_with_slice(L4_BASE_THREAD_CAP, KT_MAIN_PRIO, 1000000), 0);
	KT_EQ(kt_thread_start(&a, record_order, (void *)&ids[0], KT_MAIN_PRIO), 0);
	KT_EQ(kt_thread_start(&b, record_order, (void *)&ids[1], KT_MAIN_PRIO), 0);
	KT_EQ(order_len, 0);
	KT_EQ(l4_error(l4_thread_switch(b)), 0);
	KT_EQ(run_with_slice(L4_BASE_THREAD_CAP, KT_MAIN_PRIO, 0), 0);
	KT_ASSERT(order_len >= 1);
	KT_EQ(order[0], 2);
	KT_ASSERT(kt_wait_ge(&order_len, 2, KT_SAFETY_US));
	KT_EQ(order[1], 1);
}

KTEST(switch_without_w_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	l4_cap_idx_t rs = kt_copy(t, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(rs));
	KT_EQ(l4_error(l4_thread_switch(rs)), -L4_EPERM);
}

/* ---- per-thread state ---- */

struct tp_rec {
	l4_cap_idx_t self;
	uint32_t value;
	volatile long err;
	volatile uint32_t seen;
	volatile int done;
};

static struct tp_rec tps[2];

static void tp_fn(void *arg)
{
	struct tp_rec *r = arg;
	r->err = l4_error(l4_thread_arm_set_tpidruro(r->self, r->value));
	for (int i = 0; i < 5; i++)
		l4_thread_yield();
	r->seen = kt_read_tpidruro();
	r->done = 1;
}

KTEST(tpidruro_per_thread)
{
	KT_SCOPE();
	uint32_t mine = kt_read_tpidruro();
	memset(tps, 0, sizeof(tps));
	for (int i = 0; i < 2; i++) {
		tps[i].value = 0x11110000u * (unsigned)(i + 1);
		KT_EQ(kt_thread_create(&tps[i].self, TASK, tp_fn, &tps[i]), 0);
	}
	for (int i = 0; i < 2; i++)
		KT_EQ(kt_thread_run(tps[i].self, 90), 0);
	for (int i = 0; i < 2; i++) {
		KT_ASSERT(kt_wait_ge(&tps[i].done, 1, KT_SAFETY_US));
		KT_EQ(tps[i].err, 0);
		KT_EQ(tps[i].seen, tps[i].value);
	}
	KT_EQ(kt_read_tpidruro(), mine);
}

static __thread int tls_var;

struct tls_rec {
	int id;
	volatile int initial;
	volatile int seen;
	volatile int done;
};

static struct tls_rec tlss[2];

static void tls_fn(void *arg)
{
	struct tls_rec *r = arg;
	r->initial = tls_var;
	tls_var = r->id;
	for (int i = 0; i < 5; i++)
		l4_thread_yield();
	r->seen = tls_var;
	r->done = 1;
}

KTEST(tls_per_thread)
{
	KT_SCOPE();
	tls_var = 7;
	memset(tlss, 0, sizeof(tlss));
	l4_cap_idx_t t;
	for (int i = 0; i < 2; i++) {
		tlss[i].id = 100 + i;
		KT_EQ(kt_thread_start(&t, tls_fn, &tlss[i], 90), 0);
	}
	for (int i = 0; i < 2; i++) {
		KT_ASSERT(kt_wait_ge(&tlss[i].done, 1, KT_SAFETY_US));
		KT_EQ(tlss[i].initial, 0);
		KT_EQ(tlss[i].seen, 100 + i);
	}
	KT_EQ(tls_var, 7);
}

/* The VFP registers (ARMv7: ARMv5 Keel has no FPU; floating point there is soft). */
#if __ARM_ARCH >= 7
/* Load d0-d15, enter the kernel (a receive from nothing with timeout to), store d0-d15. */
static void vfp_fill_wait_dump(const uint64_t *in, uint64_t *out, l4_uint32_t to)
{
	__asm__ volatile("vldmia %[in], {d0-d15}\n\t"
			 "movs r0, #0\n\t"
			 "mvn r2, #0\n\t"
			 "lsl r2, r2, #11\n\t"
			 "orr r2, r2, #2\n\t"
			 "mov r3, %[to]\n\t"
			 "movs r4, #0\n\t"
			 "movs r5, #0\n\t"
			 "svc #0\n\t"
			 "vstmia %[out], {d0-d15}\n\t"
			 :
			 : [in] "r"(in), [out] "r"(out), [to] "r"(to)
			 : "r0", "r1", "r2", "r3", "r4", "r5", "r12", "lr", "memory", "cc", "d0",
			   "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "d11",
			   "d12", "d13", "d14", "d15");
}

/* Rounds of: fill the VFP registers with a pattern, enter the kernel, compare. */
static int vfp_rounds(uint64_t pattern, int rounds, l4_uint32_t to)
{
	uint64_t in[16], out[16];
	int mismatches = 0;
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < 16; i++)
			in[i] = pattern ^ ((uint64_t)r << 40) ^ ((uint64_t)i * 0x0101010101ULL);
		vfp_fill_wait_dump(in, out, to);
		for (int i = 0; i < 16; i++)
			if (out[i] != in[i])
				mismatches++;
	}
	return mismatches;
}

struct vfp_rec {
	uint64_t pattern;
	volatile int mismatches;
	volatile int done;
};

static struct vfp_rec vfps[2];

static void vfp_fn(void *arg)
{
	struct vfp_rec *v = arg;
	v->mismatches = vfp_rounds(v->pattern, 30, L4_IPC_BOTH_TIMEOUT_0.raw);
	v->done = 1;
}

KTEST(vfp_registers_per_thread)
{
	KT_SCOPE();
	memset(vfps, 0, sizeof(vfps));
	vfps[0].pattern = 0x1111222233334444ULL;
	vfps[1].pattern = 0x9999aaaabbbbccccULL;
	l4_cap_idx_t t;
	for (int i = 0; i < 2; i++)
		KT_EQ(kt_thread_start(&t, vfp_fn, &vfps[i], 90), 0);
	/* The main thread's registers survive its sleeps while the others run. */
	int mine = vfp_rounds(0x5555666677778888ULL, 5,
			      l4_timeout(L4_IPC_TIMEOUT_NEVER, kt_timeout_us(1000)).raw);
	for (int i = 0; i < 2; i++) {
		KT_ASSERT(kt_wait_ge(&vfps[i].done, 1, KT_SAFETY_US));
		KT_EQ(vfps[i].mismatches, 0);
	}
	KT_EQ(mine, 0);
}
#endif

static double accumulate(double seed, int yield)
{
	double acc = seed;
	for (int i = 0; i < 200; i++) {
		acc = acc * 1.0009765625 + (double)i * 0.25;
		if (yield && (i % 8) == 0)
			l4_thread_yield();
	}
	return acc;
}

struct acc_rec {
	double seed;
	volatile double result;
	volatile int done;
};

static struct acc_rec accs[2];

static void acc_fn(void *arg)
{
	struct acc_rec *a = arg;
	a->result = accumulate(a->seed, 1);
	a->done = 1;
}

KTEST(floating_point_per_thread)
{
	KT_SCOPE();
	memset(accs, 0, sizeof(accs));
	accs[0].seed = 1.5;
	accs[1].seed = -12345.125;
	l4_cap_idx_t t;
	for (int i = 0; i < 2; i++)
		KT_EQ(kt_thread_start(&t, acc_fn, &accs[i], 90), 0);
	for (int i = 0; i < 2; i++)
		KT_ASSERT(kt_wait_ge(&accs[i].done, 1, KT_SAFETY_US));
	KT_ASSERT(accs[0].result == accumulate(1.5, 0));
	KT_ASSERT(accs[1].result == accumulate(-12345.125, 0));
}

/* ---- deletion ---- */

static char churn_stack[1024] __attribute__((aligned(8)));
static volatile int churn_count;

static void churn_fn(void *arg)
{
	(void)arg;
	churn_count++;
}

/* 1,000 threads created, run and deleted through a small factory: nothing leaks. */
KTEST(create_and_delete_1000_threads)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 65536), 0);
	long stop;
	unsigned before = kt_count_creatable(f, KT_OBJ_THREAD, &stop);
	KT_ASSERT(before > 0 && before < KT_FILL_MAX);
	KT_EQ(stop, -L4_ENOMEM);
	l4_addr_t utcb = kt_utcb_reserve();
	KT_ASSERT(utcb != 0);
	l4_cap_idx_t slot = kt_cap_alloc();
	kt_own(slot);
	churn_count = 0;
	struct kt_start *s = (struct kt_start *)(churn_stack + sizeof(churn_stack) - 8);
	for (int i = 0; i < 1000; i++) {
		long err = l4_error(l4_factory_create_thread(f, slot));
		if (!err)
			err = bind(slot, utcb, TASK);
		if (!err) {
			s->fn = churn_fn;
			s->arg = NULL;
			err = l4_error(
			    l4_thread_ex_regs(slot, (l4_addr_t)kt_trampoline, (l4_addr_t)s, 0));
		}
		if (!err)
			err = kt_thread_run(slot, KT_MAIN_PRIO + 1);
		long del = l4_error(l4_task_delete_obj(TASK, slot));
		KT_EQ(err, 0);
		KT_EQ(del, 0);
	}
	KT_EQ(churn_count, 1000);
	KT_EQ(kt_count_creatable(f, KT_OBJ_THREAD, &stop), before);
}

struct self_del {
	l4_cap_idx_t self;
	volatile int before, after;
	volatile long err;
};

static struct self_del sd;

static void self_delete_fn(void *arg)
{
	struct self_del *d = arg;
	d->before = 1;
	d->err = l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, d->self));
	d->after = 1;
}

KTEST(thread_deletes_itself)
{
	KT_SCOPE();
	memset((void *)&sd, 0, sizeof(sd));
	KT_EQ(kt_thread_create(&sd.self, TASK, self_delete_fn, &sd), 0);
	KT_EQ(kt_thread_run(sd.self, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&sd.before, 1, KT_SAFETY_US));
	kt_sleep_us(2000);
	KT_EQ(sd.after, 0);
	KT_EQ(kt_valid(TASK, sd.self), 0);
	/* The rest keeps running. */
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, set_flag, (void *)&flag, KT_MAIN_PRIO + 1), 0);
	KT_ASSERT(kt_wait_ge(&flag, 1, KT_SAFETY_US));
}

KTEST(delete_stops_running_thread)
{
	KT_SCOPE();
	static volatile int count;
	count = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, spinner, (void *)&count, 90), 0);
	KT_ASSERT(kt_wait_ge(&count, 1, KT_SAFETY_US));
	KT_EQ(l4_error(l4_task_delete_obj(TASK, t)), 0);
	KT_EQ(kt_valid(TASK, t), 0);
	int c = count;
	kt_sleep_us(10000);
	KT_EQ(count, c);
}

/* A thread with no capability left is deleted, even if it is running. */
KTEST(releasing_last_cap_deletes_running_thread)
{
	KT_SCOPE();
	static volatile int count;
	count = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, spinner, (void *)&count, 90), 0);
	KT_ASSERT(kt_wait_ge(&count, 1, KT_SAFETY_US));
	KT_EQ(l4_error(l4_task_release_cap(TASK, t)), 0);
	KT_EQ(kt_valid(TASK, t), 0);
	int c = count;
	kt_sleep_us(10000);
	KT_EQ(count, c);
}
