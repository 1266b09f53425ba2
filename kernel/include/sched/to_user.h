/* to_user.h - leaving the kernel: into the thread the scheduler picks, in its address space. */
#ifndef KEEL_SCHED_TO_USER_H
#define KEEL_SCHED_TO_USER_H

#include "object/task.h"
#include "object/thread.h"
#include "lib/conbuf.h"
#include "sched/sched.h"

NORETURN void schedule_and_return(void);
NORETURN void interrupt_return(struct thread *interrupted);
void to_user_forget_space(struct task *t);

/* The task whose address space the MMU holds (NULL: the kernel's own); to_user.c's. */
extern struct task *to_user_active_space;

/**
 * to_user_switch() - leave the kernel into @next, the current thread now but not the
 * one whose registers the CPU holds: its address space (if another task's), its
 * per-thread registers, its user registers. The IPC fast paths end here after
 * sched_hand_over(), skipping schedule_and_return(): what that does first (interrupts a
 * preemption point stopped for, the reaper, replies to kernel-made calls, console
 * output) waits for the next entry that does not take a fast path.
 */
NORETURN static ALWAYS_INLINE void to_user_switch(struct thread *next)
{
	struct arch_vspace *vs = NULL;
	if (next->task != to_user_active_space) {
		vs = &next->task->vspace;
		to_user_active_space = next->task;
	}
	arch_switch_to_user(&next->ctx, &next->fpu, vs);
}
/* Does anything wait for schedule_and_return() beyond picking a thread: an interrupt a
 * preemption point stopped for, something to reap or console output to print? The
 * ways out that skip it (return_or_schedule(), interrupt_return()) ask first. */
static ALWAYS_INLINE bool exit_work_pending(void)
{
	return preempt_pending() || kobj_reap_queued || conbuf_pending();
}

/**
 * return_or_schedule() - the end of a system call of @self that did not block: back
 * into @self at once if nothing that schedule_and_return() looks at changed since its
 * entry, when the ready queues had changed @queue_changes times (sched_queue_changes):
 * no thread made ready or blocked, no interrupt left for a preemption point, nothing
 * to reap or print, @self still running in the address space the MMU holds with no
 * kernel-made call to act on. Else schedule_and_return().
 */
NORETURN static ALWAYS_INLINE void return_or_schedule(struct thread *self, uint32_t queue_changes)
{
	if (sched_queue_changes == queue_changes && self == current_thread() &&
	    self->state == THREAD_READY && self->kipc == KIPC_NONE &&
	    self->task == to_user_active_space && !exit_work_pending())
		arch_return_to_user(&self->ctx);
	schedule_and_return();
}

#endif
