/* arch_internal.h - functions shared between ARM arch files, not seen by the portable core. */
#ifndef ARCH_INTERNAL_H
#define ARCH_INTERNAL_H

#include "arch.h"

/* PSCI, as the device tree describes it: available, and through SMC (else HVC). */
void arch_set_psci(bool available, bool smc);
/* PSCI SYSTEM_RESET; returns only if there is no PSCI or the call failed. */
void arch_psci_system_reset(void);

/* An FPU instruction trapped (context.c): give the FPU to @vfp. Return: false if the
 * FPU was already enabled (then it is a genuine undefined instruction). */
bool arch_vfp_trap(struct arch_fpu_state *vfp);

/* The architecture version's own (v7/cpu_v7.c, v5/cpu_v5.c). */
NORETURN void arch_stop_cpu(void);
void arch_psci_call(uint32_t function, bool smc);
void arch_set_tls_now(uint32_t tls);
uint32_t arch_dabt_address(void);
void arch_report_abort_regs(bool data);

#endif
