/*
 * test_attack_latency.c - issue 12 finding 3: no operation a task can ask for keeps
 * interrupts masked for long. The test kernel (test=preempt_irq=LINE) makes LINE pending
 * at every preemption point of a long operation; a monitor thread above everything else
 * handles it. It must run while each long operation is still in progress (it sees
 * storm_in_op set), and the operation must then finish with the right result and give
 * back exactly the kernel memory it took. Nothing here depends on timing.
 */
#include "dt.h"
#include "latency_storms.h"
#include "ktest_util.h"
#include "loader.h"
#include <l4/re/env.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICU	      L4_BASE_ICU_CAP
#define LINE	      preempt_line() /* as in the image's kernel command line */
#define MONITOR_PRIO  200
#define FACTORY_LIMIT (8UL << 20)
#define ATTACKER_PRIO 90

/* The monitor: started once, kept for the whole image (no test's scope deletes it). */
static struct {
	l4_cap_idx_t irq, thread;
	volatile int ready;
	volatile unsigned events;    /* interrupts handled */
	volatile unsigned during_op; /* ... while a storm's operation was in progress */
} mon;
static char monitor_stack[4096] __attribute__((aligned(8)));

/*
 * The line of test=preempt_irq=N on the kernel's command line (the device tree's
 * /chosen bootargs): a line no device drives, which differs by board (virt: SPI 100,
 * 132; versatilepb: VIC line 20, cmake/host_tests.cmake). 0 if it is not there.
 */
static unsigned preempt_line(void)
{
	static const char key[] = "test=preempt_irq=";
	static unsigned line;
	const struct keel_bootinfo *bi = l4re_bootinfo();
	struct dt dt;
	if (line || !bi || !bi->dtb || dt_open(&dt, (const void *)bi->dtb, bi->dtb_size) != 0)
		return line;
	int node = dt_find_path(&dt, "/chosen");
	uint32_t len = 0;
	const char *args = node >= 0 ? dt_prop(&dt, node, "bootargs", &len) : NULL;
	if (!args || !len || args[len - 1] != 0)
		return line;
	for (const char *p = args; (p = strstr(p, key)) != NULL; p++)
		if (p == args || p[-1] == ' ') {
			line = (unsigned)strtoul(p + sizeof(key) - 1, NULL, 10);
			break;
		}
	return line;
}

static void monitor_fn(void *arg)
{
	(void)arg;
	mon.ready = 1;
	for (;;) {
		l4_umword_t label;
		l4_msgtag_t tag = l4_irq_wait(mon.irq, &label, L4_IPC_NEVER);
		if (l4_ipc_error(tag, l4_utcb()))
			continue;
		mon.events++;
		if (storm_in_op)
			mon.during_op++;
	}
}

static long monitor_start(void)
{
	if (mon.ready)
		return 0;
	mon.irq = kt_cap_alloc();
	mon.thread = kt_cap_alloc();
	l4_addr_t utcb = kt_utcb_reserve();
	long err = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, mon.irq));
	if (!err)
		err = l4_error(l4_icu_bind(ICU, LINE, mon.irq));
	if (!err)
		err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, mon.thread));
	if (!err) {
		l4_thread_control_start();
		l4_thread_control_bind((l4_utcb_t *)utcb, L4_BASE_TASK_CAP);
		err = l4_error(l4_thread_control_commit(mon.thread));
	}
	if (!err)
		err = l4_error(l4_rcv_ep_bind_thread(mon.irq, mon.thread, 0));
	struct kt_start *s = (struct kt_start *)(monitor_stack + sizeof(monitor_stack) - 8);
	s->fn = monitor_fn;
	s->arg = NULL;
	if (!err)
		err = l4_error(
		    l4_thread_ex_regs(mon.thread, (l4_addr_t)kt_trampoline, (l4_addr_t)s, 0));
	if (!err)
		err = kt_thread_run(mon.thread, MONITOR_PRIO);
	if (!err && !mon.ready)
		err = -L4_EIO; /* it has the higher priority: it ran before this returned */
	return err;
}

/* The bytes of kernel memory factory @f has charged (its objects, their tables and
 * nodes), or -1. */
static long used_by(l4_cap_idx_t f)
{
	l4_umword_t used;
	if (l4_error(l4_factory_keel_info(f, NULL, &used, NULL)) < 0)
		return -1;
	return (long)used;
}

/*
 * Run storm @name through a fresh factory. Return: 0, or an error after a message:
 * the storm failed, the monitor did not run while it was in progress (unless
 * @short_ops: many short operations), or kernel memory was not given back exactly.
 */
static long attack(const char *name, int short_ops)
{
	const struct storm *s = storms;
	while (s->name && strcmp(s->name, name) != 0)
		s++;
	l4_cap_idx_t f;
	long err = s->name ? monitor_start() : -L4_ENOENT;
	if (!err)
		err = kt_factory_create(&f, FACTORY_LIMIT);
	if (err)
		return err;
	long before = used_by(f);
	unsigned during = mon.during_op;
	err = storm_run(s, f);
	if (err) {
		printf("attack_latency: %s failed: %s (%ld)\n", name, storm_failed_step, err);
		return err;
	}
	if (!short_ops && mon.during_op == during) {
		printf("attack_latency: %s: the monitor never ran while it was in progress\n",
		       name);
		return -L4_EIO;
	}
	long after = used_by(f);
	if (after != before || before < 0) {
		printf("attack_latency: %s: the factory had %ld bytes charged before, %ld after\n",
		       name, before, after);
		return -L4_ENOMEM;
	}
	return 0;
}

KTEST(unmap_61_huge_fpages_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("unmap_61_huge_fpages", 0), 0);
}

KTEST(map_2gib_from_root_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("map_2gib_from_root", 0), 0);
}

KTEST(unmap_2gib_other_spaces_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("unmap_2gib_other_spaces", 0), 0);
}

KTEST(delete_task_with_2gib_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("delete_task_with_2gib", 0), 0);
}

KTEST(ipc_send_2gib_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("ipc_send_2gib", 0), 0);
}

KTEST(ipc_queued_2gib_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("ipc_queued_2gib", 0), 0);
}

KTEST(ipc_reply_2gib_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("ipc_reply_2gib", 0), 0);
}

KTEST(ipc_send_and_wait_2gib_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("ipc_send_and_wait_2gib", 0), 0);
}

KTEST(unmap_wide_mapping_tree_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("unmap_wide_mapping_tree", 0), 0);
}

KTEST(protect_wide_mapping_tree_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("protect_wide_mapping_tree", 0), 0);
}

KTEST(unmap_deep_mapping_tree_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("unmap_deep_mapping_tree", 0), 0);
}

KTEST(revoke_wide_cap_tree_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("revoke_wide_cap_tree", 0), 0);
}

KTEST(reduce_rights_wide_cap_tree_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("reduce_rights_wide_cap_tree", 0), 0);
}

KTEST(revoke_deep_cap_tree_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("revoke_deep_cap_tree", 0), 0);
}

KTEST(delete_big_task_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("delete_big_task", 0), 0);
}

KTEST(delete_thread_with_waiters_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("delete_thread_with_waiters", 0), 0);
}

KTEST(delete_gates_of_one_thread_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("delete_gates_of_one_thread", 0), 0);
}

KTEST(delete_many_threads_gives_back_everything)
{
	KT_SCOPE();
	KT_EQ(attack("delete_many_threads", 1), 0);
}

KTEST(bind_gate_with_many_senders_is_preemptible)
{
	KT_SCOPE();
	KT_EQ(attack("bind_gate_with_many_senders", 0), 0);
}

/* ---- the threads a deleted thread must wake, without a walk over all threads ---- */

struct waiter {
	l4_cap_idx_t partner; /* gate to call, or thread to receive from */
	int receive;
	volatile int ready;
	volatile long err;
};

static struct waiter waiters[3];
static volatile int server_got;

static void waiter_fn(void *arg)
{
	struct waiter *w = arg;
	w->ready = 1;
	l4_msgtag_t tag =
	    w->receive ? l4_ipc_receive(w->partner, l4_utcb(), L4_IPC_NEVER)
		       : l4_ipc_call(w->partner, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	w->err = l4_ipc_error(tag, l4_utcb());
}

/* Takes two calls without answering: the second takes the reply capability from the
 * first caller, which keeps waiting. */
static void two_calls_server(void *arg)
{
	(void)arg;
	l4_umword_t label;
	for (int i = 0; i < 2; i++) {
		l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
		server_got++;
	}
	l4_ipc_sleep(L4_IPC_NEVER);
}

KTEST(deleted_thread_wakes_callers_and_closed_receivers)
{
	KT_SCOPE();
	l4_cap_idx_t srv, gate, th[3];
	server_got = 0;
	KT_EQ(kt_thread_start(&srv, two_calls_server, NULL, KT_MAIN_PRIO + 2), 0);
	KT_EQ(kt_gate_create(&gate, srv, 0x10), 0);
	for (int i = 0; i < 3; i++) {
		waiters[i] = (struct waiter){i < 2 ? gate : srv, i == 2, 0, 1};
		KT_EQ(kt_thread_start(&th[i], waiter_fn, &waiters[i], KT_MAIN_PRIO + 1), 0);
	}
	/* Each ran (higher priority) until it blocked: two calls taken, one receive. */
	KT_EQ(server_got, 2);
	for (int i = 0; i < 3; i++)
		KT_EQ(waiters[i].err, 1);
	KT_EQ(kt_thread_kill(srv), 0);
	/* Woken by the deletion, they ran before this thread (their priority is higher). */
	for (int i = 0; i < 3; i++)
		KT_EQ(waiters[i].err, L4_IPC_REABORTED);
}

/* The original attack, from a loaded program holding only what such a program holds
 * (its task, factory, log, scheduler, parent): 61 fpages of 2 GiB over its own space
 * and over a task it makes. */
KTEST(loaded_program_huge_unmaps_are_preemptible)
{
	KT_SCOPE();
	KT_EQ(monitor_start(), 0);
	KT_EQ(loader_init(), 0);
	unsigned events = mon.events;
	const char *why = NULL;
	struct loader_program *p =
	    loader_start("latency_attacker", ATTACKER_PRIO, 256 * 1024, &why);
	KT_ASSERT(p != NULL);
	int status = -1;
	KT_EQ(loader_wait(p, &status, l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 14))),
	      0);
	loader_kill(p);
	KT_EQ(status, 0);
	KT_ASSERT(mon.events > events);
}

/* Last: without the monitor's interrupt nothing can wake any more, and the image ends. */
KTEST(monitor_stops)
{
	KT_EQ(monitor_start(), 0);
	KT_EQ(l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, mon.thread)), 0);
	KT_EQ(l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, mon.irq)), 0);
}
