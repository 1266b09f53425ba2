/* start_with_exc.c - a thread started by an exception reply; L4Re's sys/start-with-exc. */
/*
 * Keel's own program, written the way L4Re's example uses the calls: the main thread
 * makes a thread whose pager and exception handler it is itself, starts it with
 * L4_THREAD_EX_REGS_TRIGGER_EXCEPTION, receives that exception and answers it with a
 * full register set (pc, sp, r0-r7), which the thread starts with. The thread's entry
 * (assembly for ARCH_arm, as L4Re's) pushes r0-r7 and hands their address to a C
 * function that prints them. The program has to be loaded with eager_map (L4Re's
 * ldr-flags=eager_map): nobody serves the thread's page faults. L4Re's thread prints
 * for ever; this one prints once and tells the main thread, and the program ends.
 */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/thread.h>
#include <l4/sys/utcb.h>
#include <l4/util/util.h>

#include <stdio.h>
#include <stdlib.h>

static char thread_stack[8 << 10];

/* The thread: the registers its entry pushed, r0 at d[0] up to r7 at d[7]. */
static void L4_STICKY(thread_func(l4_umword_t *d))
{
	printf("hey, I'm a thread\n");
	printf("got register values: %lu %lu %lu %lu %lu %lu %lu\n", d[7], d[6], d[5], d[4], d[2],
	       d[1], d[0]);
	/* Keel's addition: tell the main thread, which the thread may call (it is in the
	 * thread's task), and wait for ever. */
	l4_ipc_send(l4re_env()->main_thread, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER);
	l4_sleep_forever();
}

/* The entry: every register the reply set, on the stack, for thread_func. */
asm(".global thread      \n\t"
    "thread:             \n\t"
#ifdef ARCH_arm
    "  push {r0-r7}      \n\t"
    "  mov r0, sp        \n\t"
    "  bl thread_func    \n\t"
#endif
);
extern void thread(void);

int main(void)
{
	l4_cap_idx_t t1 = l4re_util_cap_alloc();
	l4_utcb_t *u = l4_utcb();
	l4_exc_regs_t *e = l4_utcb_exc_u(u);
	l4_msgtag_t tag;
	int err;

	printf("Example showing how to start a thread with an exception.\n");

	if (l4_is_invalid_cap(t1))
		return 1;

	tag = l4_factory_create_thread(l4re_env()->factory, t1);
	if (l4_error(tag))
		return 1;

	l4_thread_control_start();
	l4_thread_control_pager(l4re_env()->main_thread);
	l4_thread_control_exc_handler(l4re_env()->main_thread);
	l4_thread_control_bind((l4_utcb_t *)l4re_env()->first_free_utcb, L4RE_THIS_TASK_CAP);
	tag = l4_thread_control_commit(t1);
	if (l4_error(tag))
		return 2;

	tag = l4_thread_ex_regs(t1, (l4_umword_t)thread,
				(l4_umword_t)thread_stack + sizeof(thread_stack),
				L4_THREAD_EX_REGS_TRIGGER_EXCEPTION);
	if (l4_error(tag))
		return 3;

	l4_sched_param_t sp = l4_sched_param(1, 0);
	tag = l4_scheduler_run_thread(l4re_env()->scheduler, t1, &sp);
	if (l4_error(tag))
		return 4;

	/* The thread's first exception, before it runs an instruction. */
	tag = l4_ipc_receive(t1, u, L4_IPC_NEVER);
	if ((err = l4_ipc_error(tag, u))) {
		printf("Umm, ipc error: %x\n", err);
		return 1;
	}
	if (!l4_msgtag_is_exception(tag)) {
		printf("PF?: %lx %lx (not prepared to handle this) %ld\n", l4_utcb_mr_u(u)->mr[0],
		       l4_utcb_mr_u(u)->mr[1], l4_msgtag_label(tag));
		return 1;
	}
	/* Keel's addition: what the exception says (printed after the reply: printf's
	 * writes to the log are IPC, which would overwrite the registers in the UTCB). */
	int from_ex_regs = l4_utcb_exc_is_ex_regs_exception(e);
	int at_thread = l4_utcb_exc_pc(e) == (l4_umword_t)thread;

	/* The thread's whole register set. */
	e->sp = (l4_umword_t)(thread_stack + sizeof(thread_stack));
#ifdef ARCH_arm
	e->pc = (l4_umword_t)thread;
	e->r[0] = 0;
	e->r[1] = 1;
	e->r[2] = 2;
	e->r[3] = 3;
	e->r[4] = 4;
	e->r[5] = 5;
	e->r[6] = 6;
	e->r[7] = 7;
#endif
	tag = l4_msgtag(0, L4_UTCB_EXCEPTION_REGS_SIZE, 0, 0);

	/* The reply starts the thread with those registers. */
	tag = l4_ipc_send(t1, u, tag, L4_IPC_NEVER);
	if ((err = l4_ipc_error(tag, u)))
		printf("Error sending IPC: %x\n", err);
	printf("start-with-exc: exception from ex_regs: %s, pc %s\n", from_ex_regs ? "yes" : "no",
	       at_thread ? "at thread" : "elsewhere");

	/* Keel's addition: wait until the thread has printed, then end. */
	tag = l4_ipc_receive(t1, u, L4_IPC_NEVER);
	if ((err = l4_ipc_error(tag, u)) || l4_msgtag_is_exception(tag)) {
		printf("start-with-exc: the thread did not come back (%x)\n", err);
		return 5;
	}
	printf("start-with-exc: the thread ran with the registers of the reply\n");
	return 0;
}
