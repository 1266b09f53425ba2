/*
 * test_time.c - time: the kernel info page (present in every task, read-only, the
 * clock), timeouts accurate to the timer's resolution, absolute timeouts, l4_sleep,
 * time slices.
 *
 * Lower bounds of waits are asserted exactly, every time; upper bounds only as sanity
 * checks (< 500 ms), of the best of up to TRIES measurements: a loaded host may stop
 * QEMU for a while at any point, which makes the guest clock jump and a measurement
 * long. The measured times are printed.
 */
#include "ktest_util.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include <l4/sys/memdesc.h>
#include <l4/sys/scheduler.h>
#include <l4/util/util.h>
#include <stdio.h>
#include <string.h>

#define TASK	  L4_BASE_TASK_CAP
#define SANITY_US 500000u
#define TRIES	  3
/* The buffer register pair the tests put absolute timeouts in. */
#define ABS_BR 2

static l4_kernel_info_t const *kip(void)
{
	return l4re_kip();
}

static uint64_t now(void)
{
	return l4_kip_clock(kip());
}

static long ipc_err(l4_msgtag_t tag)
{
	return l4_ipc_error(tag, l4_utcb());
}

/* ---- the KIP ---- */

KTEST(kip_identifies_the_kernel)
{
	l4_kernel_info_t const *k = kip();
	KT_EQ((l4_addr_t)k, L4_KIP_ADDR);
	KT_EQ(k->magic, L4_KERNEL_INFO_MAGIC);
	KT_EQ(k->version, L4_KIP_VERSION_KEEL);
	KT_ASSERT(strncmp(l4_kip_version_string(k), "Keel microkernel ", 17) == 0);
	KT_ASSERT(k->frequency_counter != 0);
#if __ARM_ARCH >= 7
	/* The counter is the generic timer's: its frequency register says the same. */
	uint32_t cntfrq;
	__asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(cntfrq));
	KT_EQ(k->frequency_counter, cntfrq);
#else
	/* ARMv5 has no generic timer (no CNTFRQ): the clock user mode reads is the
	 * kernel's, in microseconds (l4/sys/kip-arch.h), so the counter runs at 1 MHz. */
	KT_EQ(k->frequency_counter, 1000000);
#endif
}

/* The RAM descriptors cover the root task's RAM and the kernel's part is reserved. */
KTEST(kip_memory_descriptors)
{
	l4_kernel_info_t *k = (l4_kernel_info_t *)kip();
	const struct keel_bootinfo *bi = l4re_bootinfo();
	KT_ASSERT(bi != NULL);
	unsigned n = l4_kernel_info_get_num_mem_descs(k);
	KT_ASSERT(n >= 1);
	l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(k);
	int ram = 0, reserved = 0;
	for (unsigned i = 0; i < n; i++) {
		l4_umword_t s = l4_kernel_info_get_mem_desc_start(&md[i]);
		l4_umword_t e = l4_kernel_info_get_mem_desc_end(&md[i]);
		KT_ASSERT(s < e);
		KT_ASSERT(!l4_kernel_info_get_mem_desc_is_virtual(&md[i]));
		if (l4_kernel_info_get_mem_desc_type(&md[i]) == l4_mem_type_conventional &&
		    s <= bi->ram_base && e >= bi->ram_base + bi->ram_size - 1)
			ram++;
		if (l4_kernel_info_get_mem_desc_type(&md[i]) == l4_mem_type_reserved) {
			KT_ASSERT(e < bi->ram_base);
			reserved++;
		}
	}
	KT_EQ(ram, 1);
	KT_EQ(reserved, 1);
}

KTEST(kip_clock_monotonic_and_same_as_counter)
{
	uint64_t prev = now();
	for (int i = 0; i < 10000; i++) {
		uint64_t t = now();
		KT_ASSERT(t >= prev);
		prev = t;
	}
	uint64_t a = now(), b = kt_now_us(), c = now();
	KT_ASSERT(a <= b && b <= c);
	KT_ASSERT(l4_kip_clock_ns(kip()) / 1000 >= c);
	KT_ASSERT(now() > 0);
}

KTEST(kip_clock_advances_with_sleep)
{
	uint64_t best = ~0ULL;
	for (int i = 0; i < TRIES && best >= SANITY_US; i++) {
		uint64_t t0 = now();
		kt_sleep_us(20000);
		uint64_t took = now() - t0;
		KT_ASSERT(took >= 20000);
		best = took < best ? took : best;
	}
	KT_ASSERT(best < SANITY_US);
}

/* The root task cannot remove its KIP, map over it or grant it away. */
KTEST(kip_stays_in_the_root_task)
{
	KT_SCOPE();
	KT_EQ(l4_error(
		  l4_task_unmap(TASK, l4_fpage(L4_KIP_ADDR, 12, L4_FPAGE_RWX), L4_FP_ALL_SPACES)),
	      0);
	KT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
	/* A larger flexpage around it: the rest goes, the KIP stays. */
	KT_EQ(l4_error(l4_task_unmap(TASK, l4_fpage(L4_KIP_ADDR & ~0xffffUL, 16, L4_FPAGE_RWX),
				     L4_FP_ALL_SPACES)),
	      0);
	KT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
	static char page[L4_PAGESIZE] __attribute__((aligned(L4_PAGESIZE)));
	page[0] = 1;
	KT_EQ(l4_error(l4_task_map(TASK, TASK, l4_fpage((l4_addr_t)page, 12, L4_FPAGE_RW),
				   l4_map_control(L4_KIP_ADDR, 0, 0))),
	      -L4_EINVAL);
	KT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
	l4_cap_idx_t other;
	KT_EQ(kt_task_create_empty(&other), 0);
	KT_EQ(l4_error(l4_task_map(other, TASK, l4_fpage(L4_KIP_ADDR, 12, L4_FPAGE_RO),
				   l4_map_control(0x10000000, 0, L4_MAP_ITEM_GRANT))),
	      -L4_EINVAL);
	KT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
}

/* Mapped on elsewhere it is still read-only: the copy reads the same page. */
KTEST(kip_can_be_mapped_read_only_elsewhere)
{
	const l4_addr_t copy = 0x30000000;
	KT_EQ(l4_error(l4_task_map(TASK, TASK, l4_fpage(L4_KIP_ADDR, 12, L4_FPAGE_RWX),
				   l4_map_control(copy, 0, 0))),
	      0);
	KT_EQ(((l4_kernel_info_t const *)copy)->magic, L4_KERNEL_INFO_MAGIC);
	KT_EQ(l4_error(l4_task_unmap(TASK, l4_fpage(copy, 12, L4_FPAGE_RWX), L4_FP_ALL_SPACES)), 0);
	KT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
}

KTEST(task_utcb_area_over_kip_einval)
{
	KT_SCOPE();
	l4_cap_idx_t slot = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, slot,
					      l4_fpage(L4_KIP_ADDR & ~0xffffUL, 16, L4_FPAGE_RW))),
	      -L4_EINVAL);
	KT_EQ(l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, slot,
					      l4_fpage(L4_KIP_ADDR, 12, L4_FPAGE_RW))),
	      -L4_EINVAL);
}

/* ---- the KIP in another task: present, read-only ---- */

static volatile int pf_count;
static volatile l4_umword_t pf_addr, pf_pc;
static volatile l4_umword_t child_magic, child_clock_ok;
static volatile int child_step;

/* Pager: record the first fault and never answer it (the thread stays blocked). */
static void pager_fn(void *arg)
{
	(void)arg;
	l4_umword_t label = 0;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	if (!l4_ipc_error(tag, l4_utcb()) && l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT) {
		pf_addr = l4_utcb_mr()->mr[0];
		pf_pc = l4_utcb_mr()->mr[1];
		pf_count = pf_count + 1;
	}
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* In the other task (same program pages, so the variables are shared): read the
 * KIP, then try to write it. */
static void child_fn(void *arg)
{
	(void)arg;
	l4_kernel_info_t const *k = (l4_kernel_info_t const *)L4_KIP_ADDR;
	child_magic = k->magic;
	uint64_t a = l4_kip_clock(k), b = kt_now_us();
	child_clock_ok = a <= b;
	child_step = 1;
	*(volatile l4_uint32_t *)&k->magic = 0x0bad0bad;
	child_step = 2;
}

/* A thread of @task (a kt_task_create task) running fn with pager (a root cap). */
static int start_paged(l4_cap_idx_t task, l4_cap_idx_t pager, void (*fn)(void *))
{
	l4_cap_idx_t slot = kt_cap_alloc(), th;
	if (kt_map(task, TASK, pager, slot, L4_CAP_FPAGE_RWS) != 0)
		return -1;
	int err = kt_thread_create(&th, task, fn, NULL);
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(slot);
	err = (int)l4_error(l4_thread_control_commit(th));
	return err ? err : (int)kt_thread_run(th, KT_MAIN_PRIO + 1);
}

KTEST(kip_in_new_task_present_and_read_only)
{
	KT_SCOPE();
	pf_count = 0;
	child_step = 0;
	child_magic = 0;
	l4_cap_idx_t pager, task;
	KT_EQ(kt_thread_start(&pager, pager_fn, NULL, KT_MAIN_PRIO + 2), 0);
	KT_EQ(kt_task_create(&task), 0);
	KT_EQ(start_paged(task, pager, child_fn), 0);
	KT_ASSERT(kt_wait_ge(&pf_count, 1, KT_SAFETY_US));
	KT_EQ(child_step, 1);
	KT_EQ(child_magic, L4_KERNEL_INFO_MAGIC);
	KT_EQ(child_clock_ok, 1);
	KT_EQ(pf_addr & ~7UL, L4_KIP_ADDR);
	KT_EQ(pf_addr & 2, 2); /* a write */
	KT_EQ(kip()->magic, L4_KERNEL_INFO_MAGIC);
}

/* Unmapping the top GiB of a task (KIP, UTCB area, environment) leaves its KIP. */
KTEST(kip_survives_unmap_of_its_region)
{
	KT_SCOPE();
	pf_count = 0;
	child_step = 0;
	child_magic = 0;
	l4_cap_idx_t pager, task;
	KT_EQ(kt_thread_start(&pager, pager_fn, NULL, KT_MAIN_PRIO + 2), 0);
	KT_EQ(kt_task_create(&task), 0);
	KT_EQ(l4_error(
		  l4_task_unmap(task, l4_fpage(0x80000000UL, 30, L4_FPAGE_RWX), L4_FP_ALL_SPACES)),
	      0);
	KT_EQ(start_paged(task, pager, child_fn), 0);
	KT_ASSERT(kt_wait_ge(&pf_count, 1, KT_SAFETY_US));
	KT_EQ(child_step, 1);
	KT_EQ(child_magic, L4_KERNEL_INFO_MAGIC);
	KT_EQ(pf_addr & ~7UL, L4_KIP_ADDR);
}

/* ---- relative timeouts: microseconds, not timer ticks ---- */

KTEST(receive_timeout_3ms)
{
	uint64_t best = ~0ULL;
	for (int i = 0; i < 5; i++) {
		l4_umword_t label = 0;
		uint64_t t0 = now();
		l4_msgtag_t tag = l4_ipc_wait(
		    l4_utcb(), &label, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(750, 2)));
		uint64_t took = now() - t0;
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
		KT_ASSERT(took >= 3000);
		best = took < best ? took : best;
		printf("time: 3 ms receive timeout took %lu us\n", (unsigned long)took);
	}
	KT_ASSERT(best < SANITY_US);
}

KTEST(receive_timeout_100us)
{
	uint64_t best = ~0ULL;
	for (int i = 0; i < TRIES && best >= SANITY_US; i++) {
		uint64_t t0 = now();
		l4_msgtag_t tag =
		    l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(100, 0)));
		uint64_t took = now() - t0;
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
		KT_ASSERT(took >= 100);
		best = took < best ? took : best;
		printf("time: 100 us sleep took %lu us\n", (unsigned long)took);
	}
	KT_ASSERT(best < SANITY_US);
}

/* Several sleepers with different deadlines wake in deadline order (the deadlines
 * are absolute and far enough ahead that starting the threads does not pass them; if
 * a host that stops QEMU made it pass the first, the threads start again). */
static volatile int wake_order[4], wake_n;
static uint64_t wake_base;

static void timed_sleeper(void *arg)
{
	unsigned us = (unsigned)(l4_addr_t)arg;
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(wake_base + us, ABS_BR)));
	int n = wake_n;
	wake_order[n] = (int)us;
	wake_n = n + 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(timeouts_expire_in_order)
{
	KT_SCOPE();
	static const unsigned us[4] = {9000, 3000, 6000, 1000};
	l4_cap_idx_t th[4];
	for (int attempt = 0;; attempt++) {
		kt_cleanup();
		wake_n = 0;
		wake_base = now() + 100000;
		/* Each runs (above main) until it sleeps before its start returns. Long
		 * slices: a stopped host, whose time is charged to a woken sleeper, must
		 * not end its slice before it has noted its turn. */
		for (int i = 0; i < 4; i++) {
			l4_sched_param_t sp = l4_sched_param(KT_MAIN_PRIO + 1, 1000000);
			KT_EQ(kt_thread_create(&th[i], L4_BASE_TASK_CAP, timed_sleeper,
					       (void *)(l4_addr_t)us[i]),
			      0);
			KT_EQ(l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, th[i], &sp)),
			      0);
		}
		if (now() < wake_base + 1000)
			break; /* all four slept before the first deadline */
		KT_ASSERT(attempt < 4);
	}
	KT_ASSERT(kt_wait_ge(&wake_n, 4, KT_SAFETY_US));
	KT_EQ(wake_order[0], 1000);
	KT_EQ(wake_order[1], 3000);
	KT_EQ(wake_order[2], 6000);
	KT_EQ(wake_order[3], 9000);
}

/* More sleepers with one deadline than one timer interrupt expires (16): all wake, in
 * the order they went to sleep, the later ones an interrupt or a few later. */
#define SAME_SLEEPERS 48
static volatile int same_order[SAME_SLEEPERS], same_n;

static void same_sleeper(void *arg)
{
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(wake_base, ABS_BR)));
	int n = same_n;
	same_order[n] = (int)(l4_addr_t)arg;
	same_n = n + 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

/* A sleeper on its own small stack (kt_thread_create()'s 16 KiB each do not fit). */
static char same_stacks[SAME_SLEEPERS][1024] __attribute__((aligned(8)));
static l4_addr_t same_utcbs[SAME_SLEEPERS];

static long start_same_sleeper(int i)
{
	l4_cap_idx_t th = kt_cap_alloc();
	if (!same_utcbs[i])
		same_utcbs[i] = kt_utcb_reserve(); /* kept for the next attempt */
	long err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, th));
	if (err)
		return err;
	kt_own(th);
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)same_utcbs[i], L4_BASE_TASK_CAP);
	err = l4_error(l4_thread_control_commit(th));
	struct kt_start *s = (struct kt_start *)(same_stacks[i + 1] - 8);
	s->fn = same_sleeper;
	s->arg = (void *)(l4_addr_t)i;
	if (!err)
		err = l4_error(l4_thread_ex_regs(th, (l4_addr_t)kt_trampoline, (l4_addr_t)s, 0));
	l4_sched_param_t sp = l4_sched_param(KT_MAIN_PRIO + 1, 1000000);
	if (!err)
		err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, th, &sp));
	return err;
}

KTEST(many_sleepers_with_one_deadline_all_wake_in_order)
{
	KT_SCOPE();
	for (int attempt = 0;; attempt++) {
		kt_cleanup();
		same_n = 0;
		wake_base = now() + 200000;
		for (int i = 0; i < SAME_SLEEPERS; i++)
			KT_EQ(start_same_sleeper(i), 0);
		if (now() < wake_base)
			break; /* all slept before the deadline */
		KT_ASSERT(attempt < 4);
	}
	KT_ASSERT(kt_wait_ge(&same_n, SAME_SLEEPERS, KT_SAFETY_US));
	for (int i = 0; i < SAME_SLEEPERS; i++)
		KT_EQ(same_order[i], i);
}

/* ---- absolute timeouts ---- */

KTEST(absolute_timeout_in_the_past_is_immediate)
{
	uint64_t best = ~0ULL;
	for (int i = 0; i < TRIES && best >= SANITY_US; i++) {
		uint64_t t0 = now();
		l4_msgtag_t tag =
		    l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(t0 - 1, ABS_BR)));
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
		tag = l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(0, ABS_BR)));
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
		l4_umword_t label = 0;
		tag = l4_ipc_wait(l4_utcb(), &label,
				  l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(t0, ABS_BR)));
		KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
		uint64_t took = now() - t0;
		best = took < best ? took : best;
		printf("time: three past absolute timeouts took %lu us\n", (unsigned long)took);
	}
	KT_ASSERT(best < SANITY_US);
}

KTEST(absolute_receive_timeout_in_the_future)
{
	for (unsigned d = 500; d <= 8000; d *= 4) {
		uint64_t best = ~0ULL;
		for (int i = 0; i < TRIES && best >= SANITY_US; i++) {
			uint64_t deadline = now() + d;
			l4_umword_t label = 0;
			l4_msgtag_t tag = l4_ipc_wait(
			    l4_utcb(), &label,
			    l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(deadline, ABS_BR)));
			uint64_t t = now();
			KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
			KT_ASSERT(t >= deadline);
			best = t - deadline < best ? t - deadline : best;
			printf("time: absolute timeout %u us ahead woke %lu us late\n", d,
			       (unsigned long)(t - deadline));
		}
		KT_ASSERT(best < SANITY_US);
	}
}

static void nothing(void *arg)
{
	(void)arg;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(absolute_send_timeout)
{
	KT_SCOPE();
	l4_cap_idx_t sl;
	KT_EQ(kt_thread_start(&sl, nothing, NULL, KT_MAIN_PRIO + 1), 0);
	uint64_t best = ~0ULL;
	for (int i = 0; i < TRIES && best >= SANITY_US; i++) {
		uint64_t deadline = now() + 4000;
		l4_msgtag_t tag =
		    l4_ipc_send(sl, l4_utcb(), l4_msgtag(0, 0, 0, 0),
				l4_timeout(l4_timeout_abs(deadline, ABS_BR), L4_IPC_TIMEOUT_NEVER));
		uint64_t t = now();
		KT_EQ(ipc_err(tag), L4_IPC_SETIMEOUT);
		KT_ASSERT(t >= deadline);
		best = t - deadline < best ? t - deadline : best;
	}
	KT_ASSERT(best < SANITY_US);
}

/* A call whose reply does not come: the receive phase ends at the absolute time. */
static struct kt_server srv;

KTEST(absolute_call_receive_timeout)
{
	KT_SCOPE();
	l4_cap_idx_t th;
	kt_server_init(&srv);
	srv.no_reply = 1;
	KT_EQ(kt_server_start(&srv, &th, NULL, 0, KT_MAIN_PRIO + 1), 0);
	uint64_t deadline = now() + 5000;
	l4_msgtag_t tag =
	    l4_ipc_call(th, l4_utcb(), l4_msgtag(0, 0, 0, 0),
			l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(deadline, ABS_BR)));
	KT_EQ(ipc_err(tag), L4_IPC_RETIMEOUT);
	KT_ASSERT(now() >= deadline);
	KT_EQ(srv.count, 1);
}

/* A deadline too far to program exactly (beyond the counter's range) never fires,
 * and does not disturb other timeouts. */
static volatile int far_woke;

static void far_sleeper(void *arg)
{
	(void)arg;
	l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(~0ULL, ABS_BR)));
	far_woke = 1;
	for (;;)
		l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(absolute_timeout_far_future)
{
	KT_SCOPE();
	far_woke = 0;
	l4_cap_idx_t th;
	KT_EQ(kt_thread_start(&th, far_sleeper, NULL, KT_MAIN_PRIO + 1), 0);
	uint64_t best = ~0ULL;
	for (int i = 0; i < TRIES && best >= SANITY_US; i++) {
		uint64_t t0 = now();
		kt_sleep_us(3000);
		uint64_t took = now() - t0;
		KT_ASSERT(took >= 3000);
		best = took < best ? took : best;
	}
	KT_ASSERT(best < SANITY_US);
	KT_EQ(far_woke, 0);
}

/* ---- l4_sleep ---- */

KTEST(l4_sleep_at_least_requested)
{
	static const int ms[] = {1, 3, 12};
	for (unsigned i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		uint64_t best = ~0ULL;
		for (int k = 0; k < TRIES && best >= SANITY_US; k++) {
			uint64_t t0 = now();
			l4_sleep(ms[i]);
			uint64_t took = now() - t0;
			KT_ASSERT(took >= (uint64_t)ms[i] * 1000);
			best = took < best ? took : best;
			printf("time: l4_sleep(%d) took %lu us\n", ms[i], (unsigned long)took);
		}
		KT_ASSERT(best < SANITY_US);
	}
}

KTEST(l4_usleep_at_least_requested)
{
	static const int us[] = {0, 1, 250, 1500, 2047};
	for (unsigned i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		uint64_t best = ~0ULL;
		for (int k = 0; k < TRIES && best >= SANITY_US; k++) {
			uint64_t t0 = now();
			l4_usleep(us[i]);
			uint64_t took = now() - t0;
			KT_ASSERT(took >= (uint64_t)us[i]);
			best = took < best ? took : best;
		}
		KT_ASSERT(best < SANITY_US);
	}
}

/* The relative encoding rounds up, never down. */
KTEST(micros2l4to_rounds_up)
{
	static const unsigned us[] = {1, 1023, 1024, 1025, 3001, 99999, 1000001, 0x7fffffffu};
	for (unsigned i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		l4_timeout_s t = l4util_micros2l4to(us[i]);
		uint64_t m = t.t & 0x3ff, e = (t.t >> 10) & 0x1f;
		KT_ASSERT(m != 0);
		KT_ASSERT((m << e) >= us[i]);
		KT_ASSERT((m << e) - us[i] < (1ULL << e));
	}
	KT_EQ(l4util_micros2l4to(0).t, L4_IPC_TIMEOUT_0.t);
	KT_EQ(l4util_micros2l4to(~0u).t, L4_IPC_TIMEOUT_NEVER.t);
}

/* L4Re's 64-bit argument: values past 32 bits are encoded too (rounded up), and what
 * no relative timeout can say becomes the longest one, never a wrapped short one. */
KTEST(micros2l4to_takes_64_bit_values)
{
	static const uint64_t us[] = {0x100000000ULL, 1000000000000ULL, 1023ULL << 31};
	for (unsigned i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		l4_timeout_s t = l4util_micros2l4to(us[i]);
		uint64_t m = t.t & 0x3ff, e = (t.t >> 10) & 0x1f;
		KT_ASSERT((m << e) >= us[i]);
		KT_ASSERT((m << e) - us[i] < (1ULL << e));
	}
	l4_timeout_s longest = l4util_micros2l4to(~0ULL - 1);
	KT_EQ(longest.t, l4_timeout_rel(1023, 31).t);
}

/* ---- time slices still preempt ---- */

static volatile int spun;

static void spinner(void *arg)
{
	(void)arg;
	spun = 1;
	for (;;)
		;
}

/* An equal-priority thread gets the CPU when the spinning main thread's slice ends. */
KTEST(time_slice_preempts_equal_priority)
{
	KT_SCOPE();
	spun = 0;
	l4_cap_idx_t th;
	KT_EQ(kt_thread_start(&th, spinner, NULL, KT_MAIN_PRIO), 0);
	uint64_t t0 = now();
	while (!spun && now() - t0 < SANITY_US)
		;
	KT_EQ(spun, 1);
}
