/* attack_ipc_child.c - a loaded program replies to its own thread with tags that overflow its UTCB.
 */
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

#define CALLER_CAP ((l4_cap_idx_t)0x200 << L4_CAP_SHIFT)

static volatile char caller_stack[1024] __attribute__((aligned(8)));
static volatile int replies;

/* Calls the main thread for ever; no TLS, so it needs none set up. */
static void caller(void)
{
	for (;;) {
		l4_msgtag_t tag =
		    l4_ipc_call(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
		if (!l4_msgtag_has_error(tag))
			replies++;
	}
}

/* The caller on the last UTCB of this task's area: after it comes kernel memory. */
static int start_caller(void)
{
	l4re_env_t *env = l4re_env();
	l4_addr_t area = l4_fpage_memaddr(env->utcb_area);
	l4_addr_t last = area + (1UL << l4_fpage_size(env->utcb_area)) - L4_UTCB_OFFSET;
	l4_sched_param_t sp = l4_sched_param(env->main_prio + 1, 0);
	if (l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, CALLER_CAP)))
		return -1;
	for (unsigned i = 0; i < sizeof(caller_stack); i += 256)
		caller_stack[i] = 0; /* paged in now */
	l4_thread_control_start();
	l4_thread_control_pager(L4_BASE_PAGER_CAP);
	l4_thread_control_bind((l4_utcb_t *)last, L4_BASE_TASK_CAP);
	if (l4_error(l4_thread_control_commit(CALLER_CAP)) ||
	    l4_error(l4_thread_ex_regs(CALLER_CAP, (l4_addr_t)caller,
				       (l4_addr_t)caller_stack + sizeof(caller_stack), 0)) ||
	    l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, CALLER_CAP, &sp)))
		return -1;
	return 0;
}

int main(void)
{
	static const unsigned flags[] = {L4_SYSF_REPLY, L4_SYSF_REPLY | L4_SYSF_RECV,
					 L4_SYSF_REPLY | L4_SYSF_WAIT};
	int through = 0, failures = 0;
	l4_umword_t label;
	if (start_caller() ||
	    l4_ipc_error(l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER), l4_utcb())) {
		printf("attack_ipc_child: no caller\n");
		return 100;
	}
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		l4_msgtag_t tag = l4_ipc_invoke(L4_INVALID_CAP | flags[i], l4_msgtag(0, 63, 63, 0),
						L4_IPC_BOTH_TIMEOUT_0, NULL);
		if (l4_ipc_error(tag, l4_utcb()) != L4_IPC_SEMSGCUT || replies != 0) {
			printf("attack_ipc_child: reply with flags %x not refused\n", flags[i]);
			through++;
		}
	}
	/* The reply capability is still there, and a proper reply works. */
	l4_msgtag_t tag = l4_ipc_invoke(L4_INVALID_CAP | L4_SYSF_REPLY | L4_SYSF_SEND,
					l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0, NULL);
	if (l4_ipc_error(tag, l4_utcb()) || replies != 1) {
		printf("attack_ipc_child: the proper reply failed\n");
		failures++;
	}
	l4_task_delete_obj(L4_BASE_TASK_CAP, CALLER_CAP);
	printf("attack_ipc_child: %d of %u overlong replies got through\n", through,
	       (unsigned)(sizeof(flags) / sizeof(flags[0])));
	return through + failures;
}
