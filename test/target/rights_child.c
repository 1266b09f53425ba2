/* rights_child.c - a loaded program that uses read-only capabilities as arguments. */
#include "attack_rights.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <stdio.h>

/* Attacks that were not refused with -L4_EPERM (the exit status). */
static int succeeded;

static void expect_eperm(const char *what, long err)
{
	if (err == -L4_EPERM)
		return;
	printf("rights_child: %s: %ld instead of -L4_EPERM\n", what, err);
	succeeded++;
}

/* The slot must have stayed empty. */
static void expect_empty(const char *what, l4_cap_idx_t slot)
{
	if (l4_error(l4_task_cap_valid(L4_BASE_TASK_CAP, slot)) == 0)
		return;
	printf("rights_child: %s: a capability appeared\n", what);
	succeeded++;
}

/* The victim task's capability and page, through its read-only capability. */
static void take_from_task(l4_cap_idx_t task)
{
	l4_cap_idx_t slot = l4re_util_cap_alloc();
	l4_fpage_t victim = l4_obj_fpage(ATTACK_VICTIM_SLOT << L4_CAP_SHIFT, 0, L4_CAP_FPAGE_RWSD);
	expect_eperm(
	    "map a capability from the task",
	    l4_error(l4_task_map(L4_BASE_TASK_CAP, task, victim, l4_map_obj_control(slot, 0))));
	expect_empty("map a capability from the task", slot);
	expect_eperm("grant a capability from the task",
		     l4_error(l4_task_map(L4_BASE_TASK_CAP, task, victim,
					  l4_map_obj_control(slot, L4_MAP_ITEM_GRANT))));
	expect_empty("grant a capability from the task", slot);
	expect_eperm("map memory from the task",
		     l4_error(l4_task_map(L4_BASE_TASK_CAP, task,
					  l4_fpage(ATTACK_VICTIM_VA, 12, L4_FPAGE_RWX),
					  l4_map_control(ATTACK_CHILD_VA, 0, 0))));
	expect_eperm("grant memory from the task",
		     l4_error(l4_task_map(L4_BASE_TASK_CAP, task,
					  l4_fpage(ATTACK_VICTIM_VA, 12, L4_FPAGE_RWX),
					  l4_map_control(ATTACK_CHILD_VA, 0, L4_MAP_ITEM_GRANT))));
	/* A thread of its own, bound into the victim task, would run there. */
	l4_cap_idx_t mine = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, mine)) != 0) {
		printf("rights_child: cannot create a thread\n");
		succeeded++;
		return;
	}
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)ATTACK_VICTIM_UTCB, task);
	expect_eperm("bind a thread into the task", l4_error(l4_thread_control_commit(mine)));
}

/* The read-only thread as the receiver of a gate and an IRQ, and scheduled. */
static void use_thread(l4_cap_idx_t thread, l4_cap_idx_t gate, l4_cap_idx_t irq)
{
	expect_eperm("bind the thread to the gate",
		     l4_error(l4_rcv_ep_bind_thread(gate, thread, ATTACK_FORGED_LABEL)));
	expect_eperm("bind the thread to the IRQ",
		     l4_error(l4_rcv_ep_bind_thread(irq, thread, ATTACK_FORGED_LABEL)));
	l4_cap_idx_t slot = l4re_util_cap_alloc();
	expect_eperm("create a gate bound to the thread",
		     l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, slot, thread,
						     ATTACK_FORGED_LABEL)));
	expect_empty("create a gate bound to the thread", slot);
	/* At its own priority: a priority it may use, so only the thread's rights count. */
	l4_sched_param_t sp = l4_sched_param((unsigned)l4re_env()->main_prio, 0);
	expect_eperm("run the thread",
		     l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, thread, &sp)));
}

int main(void)
{
	l4_cap_idx_t task = l4re_env_get_cap("task"), thread = l4re_env_get_cap("thread");
	l4_cap_idx_t gate = l4re_env_get_cap("gate"), irq = l4re_env_get_cap("irq");
	if (l4_is_invalid_cap(task) || l4_is_invalid_cap(thread) || l4_is_invalid_cap(gate) ||
	    l4_is_invalid_cap(irq)) {
		printf("rights_child: a named capability is missing\n");
		return 100;
	}
	take_from_task(task);
	use_thread(thread, gate, irq);
	printf("rights_child: %d of the attacks succeeded\n", succeeded);
	return succeeded;
}
