/* fault.c - user faults: report them and stop the thread; the kernel goes on. */
#include "fault.h"
#include "printk.h"
#include "sched.h"
#include "task.h"

static const char *const fault_names[] = {
    [FAULT_UNDEFINED] = "undefined instruction", [FAULT_PREFETCH_ABORT] = "prefetch abort",
    [FAULT_DATA_ABORT] = "data abort",		 [FAULT_BAD_SYSCALL] = "invalid system call",
    [FAULT_UNEXPECTED] = "unexpected exception",
};

/**
 * fault_user() - a fault nobody handles: print the task, thread, fault address,
 * status and registers, then stop the thread. (Pagers and exception handlers
 * receive these as IPC once they exist.)
 */
void fault_user(struct thread *t, enum fault_kind kind, uintptr_t addr, uint32_t status)
{
	kprintf("keel: user fault: task %u (%s) thread %u: %s at address %08lx, status %08x (%s), "
		"pc %08x\n",
		t->task->id, t->task->name, t->id, fault_names[kind], (unsigned long)addr,
		(unsigned)status, arch_fault_status_name(kind, status), (unsigned)ctx_pc(&t->ctx));
	arch_context_dump(&t->ctx);
	sched_block(t);
	t->state = THREAD_STOPPED;
	kprintf("keel: thread %u stopped\n", t->id);
}
