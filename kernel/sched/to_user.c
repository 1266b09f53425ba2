/* to_user.c - the way out of the kernel: reaping, fault resume, address-space switch. */
#include "sched/to_user.h"
#include "arch.h"
#include "ipc/fault.h"
#include "object/kobj.h"
#include "object/task.h"
#include "sched/interrupt.h"
#include "sched/preempt.h"
#include "sched/sched.h"
#include "lib/conbuf.h"

/*
 * The task whose address space the MMU holds (NULL: the kernel's own). Switching
 * costs a TLB context change, so it happens only when the next thread's task differs.
 */
struct task *to_user_active_space;

/**
 * to_user_forget_space() - a task's address space is going away: stop using it.
 */
void to_user_forget_space(struct task *t)
{
	if (to_user_active_space == t) {
		arch_vspace_activate_kernel();
		to_user_active_space = NULL;
	}
}

/**
 * interrupt_return() - the end of an interrupt that came in user mode while
 * @interrupted ran: a thread it made ready that runs before @interrupted runs now, on
 * its time slice, as the IPC fast paths' direct switch (sched_interrupt_switch()), when
 * nothing else waits for the scheduler's exit (the reaper, console output, an
 * interrupt for a preemption point); else that exit.
 */
NORETURN void interrupt_return(struct thread *interrupted)
{
	if (!exit_work_pending()) {
		struct thread *next = sched_interrupt_switch(interrupted);
		if (next)
			to_user_switch(next);
	}
	schedule_and_return();
}

/**
 * schedule_and_return() - the end of every kernel entry: handle the interrupts a
 * long operation stopped for, let the reaper delete what waits for deletion when its
 * priority's turn has come, act on the replies to kernel-made calls (page faults,
 * exceptions) of the thread picked, then leave the kernel into it, switching the
 * address space and the per-thread registers only if it is another thread than the
 * one that ran.
 */
NORETURN void schedule_and_return(void)
{
	struct thread *next;
	for (;;) {
		if (preempt_pending())
			irq_handle_pending();
		if (kobj_reap_queued && kobj_reap_now()) {
			kobj_reap();
			continue;
		}
		next = sched_pick();
		if (next->kipc != KIPC_NONE && next->ipc_state == IPC_IDLE) {
			/* An exception ex_regs asked for: the thread calls its handler. */
			if (next->kipc == KIPC_TRIGGER) {
				next->kipc = KIPC_NONE;
				if (fault_trigger(next))
					continue;
				break;
			}
			/* An alien's allowed system call is done: the handler hears. */
			if (next->kipc == KIPC_ALIEN_AFTER) {
				next->kipc = KIPC_NONE;
				if (fault_alien_after(next))
					continue;
				break;
			}
			/* Its page-fault or exception call ended: act on the reply first.
			 * A refused one is reported on the console (some 30,000
			 * instructions), and several threads may have one: the interrupts
			 * go first. */
			if (preempt_check_now())
				continue;
			fault_resume(next);
			if (next->state != THREAD_READY || next->kipc != KIPC_NONE)
				continue;
		}
		break;
	}
	if (conbuf_pending())
		conbuf_drain(CONBUF_EXIT_BUDGET);
	if (next != current_thread()) {
		sched_set_current(next);
		to_user_switch(next);
	}
	arch_return_to_user(&next->ctx);
}
