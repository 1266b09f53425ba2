/* trap.c - C side of kernel entries from user mode: syscalls, faults, interrupts. */
#include "arch.h"
#include "arch_regs.h"
#include "cp15.h"
#include "fault.h"
#include "irq.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"

NORETURN void handle_syscall(void);
NORETURN void handle_undef_user(void);
NORETURN void handle_pabt_user(void);
NORETURN void handle_dabt_user(void);
NORETURN void handle_irq_user(void);
NORETURN void arch_user_fiq(void);

NORETURN void handle_syscall(void)
{
	syscall_entry(current_thread());
	schedule_and_return();
}

/* The undefined instruction's address: LR is 4 past it in ARM state and 2 in Thumb. */
NORETURN void handle_undef_user(void)
{
	struct thread *t = current_thread();
	t->ctx.pc -= (t->ctx.cpsr & PSR_T) ? 2 : 4;
	/* With the FPU off, an FPU instruction is the lazy switch asking for it. */
	if (!arch_vfp_trap(&t->vfp))
		fault_user(t, FAULT_UNDEFINED, t->ctx.pc, 0);
	schedule_and_return();
}

NORETURN void handle_pabt_user(void)
{
	struct thread *t = current_thread();
	fault_user(t, FAULT_PREFETCH_ABORT, read_ifar(), read_ifsr());
	schedule_and_return();
}

NORETURN void handle_dabt_user(void)
{
	struct thread *t = current_thread();
	fault_user(t, FAULT_DATA_ABORT, read_dfar(), read_dfsr());
	schedule_and_return();
}

NORETURN void handle_irq_user(void)
{
	irq_handle_pending();
	schedule_and_return();
}

/* FIQs are never enabled; one arriving from user mode is reported and ignored. */
NORETURN void arch_user_fiq(void)
{
	fault_user(current_thread(), FAULT_UNEXPECTED, current_thread()->ctx.pc, 0);
	schedule_and_return();
}
