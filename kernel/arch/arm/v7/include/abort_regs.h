/* abort_regs.h - ARMv7: what a user-mode abort was, from DFSR/DFAR and IFSR/IFAR (trap.c). */
#ifndef ABORT_REGS_H
#define ABORT_REGS_H

#include "arch.h"
#include "cp15.h"

/**
 * arch_read_abort() - what a user-mode abort was: fault status (short-descriptor
 * format: FS in bits 10 and 3:0), address, and for a data abort whether it was a
 * write (DFSR.WnR). @ctx, @vs: the thread's registers and address space (ARMv5
 * decodes the instruction).
 */
static inline void arch_read_abort(const struct arch_context *ctx, struct arch_vspace *vs,
				   bool data, uint32_t *fsr, uint32_t *far, bool *write)
{
	(void)ctx;
	(void)vs;
	if (data) {
		*fsr = read_dfsr();
		*far = read_dfar();
		*write = (*fsr >> 11) & 1;
	} else {
		*fsr = read_ifsr();
		*far = read_ifar();
		*write = false;
	}
}

#endif
