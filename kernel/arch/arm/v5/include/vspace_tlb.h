/* vspace_tlb.h - ARMv5: the TLB holds the active address space only, inline for mmu.c. */
#ifndef VSPACE_TLB_H
#define VSPACE_TLB_H

#include "arch.h"
#include "cp15.h"

/* The address space TTBR0 points at (NULL: the kernel's boot table); vspace_v5.c. */
extern const struct arch_vspace *arch_active_vspace;

/**
 * vspace_tlb_fresh() - a new address space (nothing to set up without ASIDs).
 */
static inline void vspace_tlb_fresh(struct arch_vspace *vs)
{
	vs->asid = 0;
	vs->asid_generation = 0;
}

/**
 * vspace_tlb_flush() - drop @vs's TLB entries: all of them, if it is the active one.
 */
static inline void vspace_tlb_flush(const struct arch_vspace *vs)
{
	if (vs == arch_active_vspace)
		tlb_invalidate_all();
}

/**
 * vspace_tlb_flush_page() - drop the TLB entry of @vs's page at @va.
 */
static inline void vspace_tlb_flush_page(const struct arch_vspace *vs, vaddr_t va)
{
	if (vs == arch_active_vspace)
		tlb_invalidate_page(va);
}

void vspace_tlb_release(struct arch_vspace *vs);

#endif
