/* abort_regs.h - ARMv5: what a user-mode abort was (cpu_v5.c decodes what FSR does not say). */
#ifndef ABORT_REGS_H
#define ABORT_REGS_H

#include "arch.h"

void arch_read_abort(const struct arch_context *ctx, struct arch_vspace *vs, bool data,
		     uint32_t *fsr, uint32_t *far, bool *write);

#endif
