/* arch_internal.h - functions shared between ARM arch files, not seen by the portable core. */
#ifndef ARCH_INTERNAL_H
#define ARCH_INTERNAL_H

#include <stdbool.h>

/* PSCI, as the device tree describes it: available, and through SMC (else HVC). */
void arch_set_psci(bool available, bool smc);

#endif
