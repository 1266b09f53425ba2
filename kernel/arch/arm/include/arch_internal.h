/* arch_internal.h - functions shared between ARM arch files, not seen by the portable core. */
#ifndef ARCH_INTERNAL_H
#define ARCH_INTERNAL_H

#include "arch.h"

/* PSCI, as the device tree describes it: available, and through SMC (else HVC). */
void arch_set_psci(bool available, bool smc);

/* An FPU instruction trapped (context.c): give the FPU to @vfp. Return: false if the
 * FPU was already enabled (then it is a genuine undefined instruction). */
bool arch_vfp_trap(struct arch_fpu_state *vfp);

#endif
