/* trap.c - C side of kernel entries from user mode: syscalls, faults, interrupts. */
#include "arch.h"
#include "arch_internal.h"
#include "arch_regs.h"
#include "abort_regs.h"
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

/* Fault status (DFSR/IFSR FS bits, five of them) as a bit, and the sets of them a
 * pager can resolve: translation faults (section, page), and access flag, domain and
 * permission faults. */
#define FS_TRANSLATION ((1u << 0x05) | (1u << 0x07))
#define FS_PAGE_FAULT  (FS_TRANSLATION | (1u << 0x03) | (1u << 0x06) | (1u << 0x0d) | (1u << 0x0f))

static ALWAYS_INLINE uint32_t fault_status_bit(uint32_t fsr)
{
	return 1u << ((fsr & 0xf) | ((fsr >> 6) & 0x10));
}

static ALWAYS_INLINE bool is_translation(uint32_t fsr)
{
	return (fault_status_bit(fsr) & FS_TRANSLATION) != 0;
}

static ALWAYS_INLINE bool is_page_fault(uint32_t fsr)
{
	return (fault_status_bit(fsr) & FS_PAGE_FAULT) != 0;
}

NORETURN void handle_pabt_user(void)
{
	struct thread *t = current_thread();
	uint32_t ifsr, ifar;
	bool write;
	arch_read_abort(&t->ctx, &t->task->vspace, false, &ifsr, &ifar, &write);
	if (is_page_fault(ifsr))
		fault_page(t, ifar, ifsr, false, true, is_translation(ifsr));
	else
		fault_exception(t, EXC_CLASS_PREFETCH_ABORT, ifsr, ifar);
	schedule_and_return();
}

NORETURN void handle_dabt_user(void)
{
	struct thread *t = current_thread();
	uint32_t dfsr, dfar;
	bool write;
	arch_read_abort(&t->ctx, &t->task->vspace, true, &dfsr, &dfar, &write);
	if (is_page_fault(dfsr))
		fault_page(t, dfar, dfsr, write, false, is_translation(dfsr));
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
