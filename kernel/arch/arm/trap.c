/* trap.c - C side of kernel entries from user mode: syscalls, faults, interrupts. */
#include "arch.h"
#include "arch_internal.h"
#include "arch_regs.h"
#include "cp15.h"
#include "ipc/fault.h"
#include "sched/interrupt.h"
#include "sched/sched.h"
#include "sched/to_user.h"
#include "ipc/syscall.h"
#include "object/thread.h"

NORETURN void handle_undef_user(void);
NORETURN void handle_pabt_user(void);
NORETURN void handle_dabt_user(void);
NORETURN void handle_irq_user(void);
NORETURN void arch_user_fiq(void);

/* The undefined instruction's address: LR is 4 past it in ARM state and 2 in Thumb. */
NORETURN void handle_undef_user(void)
{
	struct thread *t = current_thread();
	t->ctx.pc -= (t->ctx.cpsr & PSR_T) ? 2 : 4;
	/* With the FPU off, an FPU instruction is the lazy switch asking for it. */
	if (!arch_vfp_trap(&t->fpu))
		fault_exception(t, EXC_CLASS_UNKNOWN, 0, 0);
	schedule_and_return();
}

/* Fault status (DFSR/IFSR FS bits): which aborts a pager can resolve. */
static bool is_translation(uint32_t fsr)
{
	unsigned fs = (fsr & 0xf) | ((fsr >> 6) & 0x10);
	return fs == 0x05 || fs == 0x07;
}

static bool is_page_fault(uint32_t fsr)
{
	unsigned fs = (fsr & 0xf) | ((fsr >> 6) & 0x10);
	return is_translation(fsr) || fs == 0x0d || fs == 0x0f || fs == 0x03 || fs == 0x06;
}

NORETURN void handle_pabt_user(void)
{
	struct thread *t = current_thread();
	uint32_t ifsr = read_ifsr(), ifar = read_ifar();
	if (is_page_fault(ifsr))
		fault_page(t, ifar, ifsr, false, true, is_translation(ifsr));
	else
		fault_exception(t, EXC_CLASS_PREFETCH_ABORT, ifsr, ifar);
	schedule_and_return();
}

NORETURN void handle_dabt_user(void)
{
	struct thread *t = current_thread();
	uint32_t dfsr = read_dfsr(), dfar = read_dfar();
	if (is_page_fault(dfsr))
		fault_page(t, dfar, dfsr, (dfsr >> 11) & 1, false, is_translation(dfsr));
	else
		fault_exception(t, EXC_CLASS_DATA_ABORT, dfsr, dfar);
	schedule_and_return();
}

NORETURN void handle_irq_user(void)
{
	struct thread *interrupted = current_thread();
	irq_handle_one();
	interrupt_return(interrupted);
}

/* FIQs are never enabled; one arriving from user mode is reported and ignored. */
NORETURN void arch_user_fiq(void)
{
	fault_user(current_thread(), FAULT_UNEXPECTED, current_thread()->ctx.pc, 0);
	schedule_and_return();
}
