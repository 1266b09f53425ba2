/*
 * test_sched.c - the scheduler object and scheduling: info, run_thread arguments and
 * rights, preemption by priority, FIFO and round robin among equals, priority donation
 * on call, idle time.
 */
#include "ktest_util.h"
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <stdbool.h>
#include <string.h>

#define TASK  L4_BASE_TASK_CAP
#define SCHED L4_BASE_SCHEDULER_CAP

static volatile int flag;

static void set_flag(void *arg)
{
	*(volatile int *)arg = 1;
}

static long run_with(l4_cap_idx_t sched, l4_cap_idx_t thread, unsigned prio)
{
	l4_sched_param_t sp = l4_sched_param(prio, 0);
	return l4_error(l4_scheduler_run_thread(sched, thread, &sp));
}

static l4_msgtag_t sched_call(long label, unsigned words, l4_umword_t op)
{
	l4_utcb_mr()->mr[0] = op;
	return l4_ipc_call(SCHED, l4_utcb(), l4_msgtag(label, words, 0, 0), kt_safety_timeout());
}

KTEST(info_one_cpu)
{
	l4_umword_t cpu_max = 0;
	l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
	KT_EQ(l4_error(l4_scheduler_info(SCHED, &cpu_max, &cpus)), 0);
	KT_EQ(cpu_max, 1);
	KT_EQ(cpus.map & 1, 1);
}

KTEST(sched_wrong_protocol_ebadproto)
{
	KT_EQ(l4_error(sched_call(L4_PROTO_LOG, 2, L4_SCHEDULER_INFO_OP)), -L4_EBADPROTO);
}

KTEST(sched_unknown_opcode_enosys)
{
	KT_EQ(l4_error(sched_call(L4_PROTO_SCHEDULER, 2, 0x55)), -L4_ENOSYS);
}

KTEST(run_thread_too_short_emsgtooshort)
{
	KT_EQ(l4_error(sched_call(L4_PROTO_SCHEDULER, 2, L4_SCHEDULER_RUN_THREAD_OP)),
	      -L4_EMSGTOOSHORT);
}

KTEST(run_thread_priority_zero_einval)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	KT_EQ(run_with(SCHED, t, 0), -L4_EINVAL);
	kt_sleep_us(2000);
	KT_EQ(flag, 0);
}

KTEST(run_thread_priority_256_einval)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	KT_EQ(run_with(SCHED, t, 256), -L4_EINVAL);
	kt_sleep_us(2000);
	KT_EQ(flag, 0);
}

/* A quantum the slice counter cannot hold is refused (it stopped the timer: found by
 * target.fuzz as bad-quantum); the longest one that fits is taken. */
KTEST(run_thread_quantum_too_long_einval)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	static volatile int done;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&done), 0);
	l4_sched_param_t sp = l4_sched_param(KT_MAIN_PRIO - 1, (1UL << 30) + 1);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, t, &sp)), -L4_EINVAL);
	sp = l4_sched_param(KT_MAIN_PRIO - 1, 0x80000000UL);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, t, &sp)), -L4_EINVAL);
	sp = l4_sched_param(KT_MAIN_PRIO - 1, 1UL << 30);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, t, &sp)), 0);
}

KTEST(run_thread_priority_255_ok)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	KT_EQ(run_with(SCHED, t, 255), 0);
	KT_EQ(flag, 1);
}

KTEST(run_thread_priority_1_runs_when_idle)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	KT_EQ(run_with(SCHED, t, 1), 0);
	KT_EQ(flag, 0);
	KT_ASSERT(kt_wait_ge(&flag, 1, KT_SAFETY_US));
}

KTEST(run_thread_without_w_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t t;
	KT_EQ(kt_thread_create(&t, TASK, set_flag, (void *)&flag), 0);
	l4_cap_idx_t rs = kt_copy(SCHED, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(rs));
	KT_EQ(run_with(rs, t, 50), -L4_EPERM);
}

KTEST(info_without_w_allowed)
{
	KT_SCOPE();
	l4_cap_idx_t ro = kt_copy(SCHED, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	l4_umword_t cpu_max = 0;
	l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
	KT_EQ(l4_error(l4_scheduler_info(ro, &cpu_max, &cpus)), 0);
	KT_EQ(cpu_max, 1);
}

KTEST(run_thread_non_thread_einval)
{
	KT_EQ(run_with(SCHED, L4_BASE_LOG_CAP, 50), -L4_EINVAL);
	KT_EQ(run_with(SCHED, L4_BASE_FACTORY_CAP, 50), -L4_EINVAL);
}

/* Assumption: an item naming an empty slot is "not a thread" as well. */
KTEST(run_thread_empty_slot_einval)
{
	KT_EQ(run_with(SCHED, kt_cap_alloc(), 50), -L4_EINVAL);
}

/* ---- preemption ---- */

KTEST(higher_priority_runs_at_once)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, set_flag, (void *)&flag, KT_MAIN_PRIO + 1), 0);
	KT_EQ(flag, 1);
}

KTEST(lower_priority_waits_until_main_blocks)
{
	KT_SCOPE();
	flag = 0;
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, set_flag, (void *)&flag, KT_MAIN_PRIO - 1), 0);
	KT_EQ(flag, 0);
	kt_spin_us(2000);
	KT_EQ(flag, 0);
	/* Sleeping in 1 ms steps (timeouts are exact: one step may pass before it runs). */
	KT_ASSERT(kt_wait_ge(&flag, 1, KT_SAFETY_US));
}

/* Main gets a fresh 1 s slice first, so that only a preemption (not the end of its
 * slice, which a host that stops QEMU for a while could bring early) runs the thread. */
KTEST(equal_priority_does_not_preempt)
{
	KT_SCOPE();
	flag = 0;
	l4_sched_param_t long_slice = l4_sched_param(KT_MAIN_PRIO, 1000000);
	l4_sched_param_t normal = l4_sched_param(KT_MAIN_PRIO, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, L4_BASE_THREAD_CAP, &long_slice)), 0);
	l4_cap_idx_t t;
	KT_EQ(kt_thread_start(&t, set_flag, (void *)&flag, KT_MAIN_PRIO), 0);
	KT_EQ(flag, 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, L4_BASE_THREAD_CAP, &normal)), 0);
	KT_ASSERT(kt_wait_ge(&flag, 1, KT_SAFETY_US));
}

static int order[8];
static volatile int order_len;

struct ordered {
	int id;
};

static struct ordered ords[3];

static void record_order(void *arg)
{
	const struct ordered *o = arg;
	if (order_len < 8)
		order[order_len++] = o->id;
}

/* Start threads at prio[i] with id[i] and let them all run once. */
static void run_ordered(const unsigned *prio, int n)
{
	order_len = 0;
	memset(order, 0, sizeof(order));
	l4_cap_idx_t t;
	for (int i = 0; i < n; i++) {
		ords[i].id = i + 1;
		KT_EQ(kt_thread_start(&t, record_order, &ords[i], prio[i]), 0);
	}
	KT_EQ(order_len, 0);
	KT_ASSERT(kt_wait_ge(&order_len, n, KT_SAFETY_US));
}

KTEST(ready_threads_run_by_priority)
{
	KT_SCOPE();
	static const unsigned prio[3] = {60, 80, 70};
	run_ordered(prio, 3);
	KT_EQ(order[0], 2);
	KT_EQ(order[1], 3);
	KT_EQ(order[2], 1);
}

KTEST(equal_priority_ready_threads_fifo)
{
	KT_SCOPE();
	static const unsigned prio[3] = {99, 99, 99};
	run_ordered(prio, 3);
	KT_EQ(order[0], 1);
	KT_EQ(order[1], 2);
	KT_EQ(order[2], 3);
}

static void spinner(void *arg)
{
	volatile int *count = arg;
	for (;;)
		(*count)++;
}

/*
 * Wait until @done(@arg) holds, in 5 ms sleeps, for at most 2 s of guest time. The
 * tests below judge by what the threads did and by the kernel's clock, never by how
 * long a sleep took: a loaded host may stop QEMU for any time, and the guest clock
 * jumps when it does.
 */
static bool wait_until(bool (*done)(void *), void *arg)
{
	for (int i = 0; i < 400; i++) {
		if (done(arg))
			return true;
		kt_sleep_us(5000);
	}
	return done(arg);
}

/* A spinner that notes when it first ran (KIP clock) and then counts. */
struct timed_spin {
	volatile l4_kernel_clock_t first;
	volatile int count;
};

static void timed_spinner(void *arg)
{
	struct timed_spin *s = arg;
	s->first = l4_kip_clock(l4re_kip());
	for (;;)
		s->count++;
}

static l4_cap_idx_t rr_a, rr_b;

static bool both_ran_5ms(void *arg)
{
	(void)arg;
	l4_kernel_clock_t ua = 0, ub = 0;
	l4_thread_stats_time(rr_a, &ua);
	l4_thread_stats_time(rr_b, &ub);
	return ua >= 5000 && ub >= 5000;
}

/* Two spinning equals share the CPU (10 ms default quantum) while main sleeps: each
 * gets CPU time although neither ever blocks. */
KTEST(round_robin_among_equals)
{
	KT_SCOPE();
	static volatile int a, b;
	a = b = 0;
	KT_EQ(kt_thread_start(&rr_a, spinner, (void *)&a, 90), 0);
	KT_EQ(kt_thread_start(&rr_b, spinner, (void *)&b, 90), 0);
	KT_ASSERT(wait_until(both_ran_5ms, NULL));
	KT_ASSERT(a > 0);
	KT_ASSERT(b > 0);
}

static bool spin_ran(void *arg)
{
	return ((struct timed_spin *)arg)->count > 0;
}

/*
 * A custom quantum: with 60 ms slices the second of two equal spinners first runs a
 * whole slice after the first (with the default quantum it would be 10 ms).
 */
KTEST(custom_quantum)
{
	KT_SCOPE();
	static struct timed_spin a, b;
	a.count = b.count = 0;
	l4_cap_idx_t ta, tb;
	KT_EQ(kt_thread_create(&ta, TASK, timed_spinner, (void *)&a), 0);
	KT_EQ(kt_thread_create(&tb, TASK, timed_spinner, (void *)&b), 0);
	l4_sched_param_t sp = l4_sched_param(90, 60000);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, ta, &sp)), 0);
	KT_EQ(l4_error(l4_scheduler_run_thread(SCHED, tb, &sp)), 0);
	KT_ASSERT(wait_until(spin_ran, &b));
	KT_ASSERT(a.count > 0);
	/* The slice ends at the first timer interrupt at or after 60 ms of a's time. */
	KT_ASSERT(b.first - a.first >= 60000);
}

/* ---- priority donation ---- */

static struct kt_server srv;
static volatile int spin_done;

static void spin_30ms(void *arg)
{
	(void)arg;
	kt_spin_us(30000);
	spin_done = 1;
}

/*
 * Main (100) calls a server at 50 while a thread at 70 would spin for 30 ms: the call
 * donates 100 to the server, so the reply comes before the spinner gets the CPU.
 */
KTEST(call_donates_priority)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, sp;
	kt_server_init(&srv);
	srv.work_us = 2000;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, 50), 0);
	spin_done = 0;
	KT_EQ(kt_thread_start(&sp, spin_30ms, NULL, 70), 0);
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_safety_timeout());
	KT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KT_EQ(srv.count, 1);
	KT_EQ(spin_done, 0);
}

/* Without a call the server at 50 gets the CPU only after the spinner at 70. */
KTEST(no_donation_without_call)
{
	KT_SCOPE();
	l4_cap_idx_t th, sp;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, 50), 0);
	spin_done = 0;
	KT_EQ(kt_thread_start(&sp, spin_30ms, NULL, 70), 0);
	l4_msgtag_t tag = l4_ipc_send(th, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_SEND_TIMEOUT_0);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KT_ASSERT(kt_wait_ge(&srv.count, 1, KT_SAFETY_US));
	KT_EQ(spin_done, 1);
}

/* ---- direct switches (the IPC fast paths): who runs stays the scheduler's choice ---- */

static volatile int seen_order[4];
static volatile int seen_len;

static void note(int id)
{
	if (seen_len < 4)
		seen_order[seen_len++] = id;
}

static void note_thread(void *arg)
{
	note((int)(l4_umword_t)arg);
}

static void note_server(struct kt_server *s)
{
	(void)s;
	note(2);
}

/*
 * Main (100) calls, with the fast path's conditions (timeout never, words only), a
 * server at 100 while another thread at 100 is ready: that thread was queued first and
 * runs first; the server, woken by the call, queues behind it (no direct switch past it).
 */
KTEST(direct_switch_call_keeps_fifo)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, t;
	kt_server_init(&srv);
	srv.on_msg = note_server;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO), 0);
	seen_len = 0;
	KT_EQ(kt_thread_start(&t, note_thread, (void *)1, KT_MAIN_PRIO), 0);
	KT_EQ(seen_len, 0);
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KT_EQ(seen_len, 2);
	KT_EQ(seen_order[0], 1);
	KT_EQ(seen_order[1], 2);
}

/* Nothing else ready: the call goes straight to the server at 100 and the reply straight
 * back, many times, with the right words each way (the fast path both ways). */
KTEST(direct_switch_round_trips)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO), 0);
	for (int i = 0; i < 1000; i++) {
		l4_utcb_mr()->mr[0] = (l4_umword_t)i;
		l4_utcb_mr()->mr[1] = (l4_umword_t)i * 3;
		l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 2, 0, 0), L4_IPC_NEVER);
		KT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
		KT_EQ(l4_msgtag_words(tag), 2);
		KT_EQ(l4_utcb_mr()->mr[0], ~(l4_umword_t)i);
		KT_EQ(l4_utcb_mr()->mr[1], ~((l4_umword_t)i * 3));
	}
	KT_EQ(srv.count, 1000);
	KT_EQ(srv.label, 0x10 | 3);
}

static l4_cap_idx_t late_thread;

/* The server makes a thread at 100 ready while it serves, then replies: main, the
 * caller, queues behind that thread (no direct switch past it). */
static void start_late(struct kt_server *s)
{
	(void)s;
	kt_thread_start(&late_thread, note_thread, (void *)1, KT_MAIN_PRIO);
}

KTEST(direct_switch_reply_keeps_fifo)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate;
	kt_server_init(&srv);
	srv.on_msg = start_late;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO), 0);
	seen_len = 0;
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	note(2);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KT_EQ(seen_len, 2);
	KT_EQ(seen_order[0], 1);
	KT_EQ(seen_order[1], 2);
}

/* A higher-priority server called by the fast path runs at once, ahead of a ready
 * thread at the caller's priority; the reply then goes behind that thread. */
KTEST(direct_switch_to_higher_server)
{
	KT_SCOPE();
	l4_cap_idx_t th, gate, t;
	kt_server_init(&srv);
	srv.on_msg = note_server;
	KT_EQ(kt_server_start(&srv, &th, &gate, 0x10, KT_MAIN_PRIO + 5), 0);
	seen_len = 0;
	KT_EQ(kt_thread_start(&t, note_thread, (void *)1, KT_MAIN_PRIO), 0);
	l4_msgtag_t tag = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	note(3);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), 0);
	KT_EQ(seen_len, 3);
	KT_EQ(seen_order[0], 2);
	KT_EQ(seen_order[1], 1);
	KT_EQ(seen_order[2], 3);
}

/* ---- idle time ---- */

KTEST(idle_time_works)
{
	l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);
	l4_kernel_clock_t us = 0;
	KT_EQ(l4_error(l4_scheduler_idle_time(SCHED, &cpus, &us)), 0);
}

/* Main sleeps until 2 ms of idle time have passed (in 5 ms sleeps: a host that stops
 * QEMU may take any one sleep's time away from the idle loop); the idle time is never
 * more than the time that passed. */
KTEST(idle_time_grows_while_all_sleep)
{
	KT_SCOPE();
	l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);
	l4_kernel_clock_t t0 = 0, t1 = 0;
	l4_kernel_clock_t c0 = l4_kip_clock(l4re_kip());
	KT_EQ(l4_error(l4_scheduler_idle_time(SCHED, &cpus, &t0)), 0);
	t1 = t0;
	for (int i = 0; i < 200 && t1 - t0 < 2000; i++) {
		kt_sleep_us(5000);
		KT_EQ(l4_error(l4_scheduler_idle_time(SCHED, &cpus, &t1)), 0);
	}
	l4_kernel_clock_t c1 = l4_kip_clock(l4re_kip());
	KT_ASSERT(t1 > t0);
	KT_ASSERT(t1 - t0 >= 2000);
	KT_ASSERT(t1 - t0 <= c1 - c0);
}
