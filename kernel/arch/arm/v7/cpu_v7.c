/* cpu_v7.c - what differs on ARMv7-A: CPU set-up, VFP, the thread registers, abort registers. */
#include "arch.h"
#include "arch_internal.h"
#include "arch_regs.h"
#include "cp15.h"
#include "lib/printk.h"

/**
 * arch_cpu_init() - CPU features the kernel enables for user mode.
 * VFP/NEON: user threads may use it; it starts disabled and is switched lazily.
 * The virtual counter is readable from user mode (as Linux's vDSO relies on).
 */
void arch_cpu_init(void)
{
	write_cntkctl(read_cntkctl() | CNTKCTL_PL0VCTEN);
	write_cpacr(read_cpacr() | (0xfu << 20));
	isb();
	write_fpexc(0);
}

const char *arch_cpu_name(void)
{
	uint32_t midr = read_midr();
	switch ((midr >> 4) & 0xfff) {
	case 0xc0f:
		return "Cortex-A15";
	case 0xc07:
		return "Cortex-A7";
	case 0xc09:
		return "Cortex-A9";
	case 0xc08:
		return "Cortex-A8";
	default:
		return "ARMv7 CPU";
	}
}

/**
 * arch_set_user_cycle_counter() - let user mode read the cycle counter (PMCCNTR),
 * for benchmarks ("pmu_user" on the command line). Off by default: a fine-grained
 * clock helps timing side channels.
 */
void arch_set_user_cycle_counter(bool enabled)
{
	if (!enabled)
		return;
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 0" ::"r"(5));	/* PMCR: E, reset C */
	__asm__ volatile("mcr p15, 0, %0, c9, c12, 1" ::"r"(1u << 31)); /* PMCNTENSET: C */
	__asm__ volatile("mcr p15, 0, %0, c9, c14, 0" ::"r"(1));	/* PMUSERENR: EN */
	isb();
}

/**
 * arch_wait_for_interrupt() - sleep until an interrupt is pending.
 */
void arch_wait_for_interrupt(void)
{
	__asm__ volatile("dsb; wfi" ::: "memory");
}

/**
 * arch_stop_cpu() - interrupts off for good, and sleep (the end of arch_halt()).
 */
NORETURN void arch_stop_cpu(void)
{
	for (;;)
		__asm__ volatile("cpsid aif; wfi");
}

/**
 * arch_psci_call() - call PSCI @function (no arguments) through SMC (@smc) or HVC.
 */
void arch_psci_call(uint32_t function, bool smc)
{
	register uint32_t r0 __asm__("r0") = function;
	if (smc)
		__asm__ volatile(".arch_extension sec\n\tsmc #0" : "+r"(r0)::"memory");
	else
		__asm__ volatile(".arch_extension virt\n\thvc #0" : "+r"(r0)::"memory");
}

/**
 * arch_set_tls_now() - the running thread's TLS pointer changed (TPIDRURO): load it.
 */
void arch_set_tls_now(uint32_t tls)
{
	write_tpidruro(tls);
}

/**
 * arch_dabt_address() - the address of the last data abort (DFAR).
 */
uint32_t arch_dabt_address(void)
{
	return read_dfar();
}

/**
 * arch_report_abort_regs() - print the fault address and status of the last data
 * (@data) or prefetch abort, for a kernel fault report.
 */
void arch_report_abort_regs(bool data)
{
	if (data)
		kprintf("  fault address %08lx, DFSR %08lx\n", read_dfar(), read_dfsr());
	else
		kprintf("  fault address %08lx, IFSR %08lx\n", read_ifar(), read_ifsr());
}

/* Whose registers the FPU holds (NULL: nobody's). */
struct arch_fpu_state *arch_vfp_owner; /* entry.S reads it too */

/* vfp.S */
void arch_vfp_save(struct arch_fpu_state *s);
void arch_vfp_load(const struct arch_fpu_state *s);

/**
 * arch_vfp_trap() - an FPU instruction trapped: give the FPU to @vfp.
 * Return: false if the FPU was already enabled (a genuine undefined instruction).
 */
bool arch_vfp_trap(struct arch_fpu_state *vfp)
{
	if (read_fpexc() & FPEXC_EN)
		return false;
	write_fpexc(FPEXC_EN);
	if (arch_vfp_owner)
		arch_vfp_save(arch_vfp_owner);
	arch_vfp_load(vfp);
	arch_vfp_owner = vfp;
	return true;
}

/**
 * arch_fpu_release() - a thread goes away: the FPU registers it may hold are nobody's
 * now, so the next owner's trap does not save them into freed memory.
 */
void arch_fpu_release(struct arch_fpu_state *fpu)
{
	if (arch_vfp_owner == fpu)
		arch_vfp_owner = NULL;
}
