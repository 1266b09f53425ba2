/* vspace_tlb.h - ARMv7: an address space's TLB entries by its ASID, inline for mmu.c's loops. */
#ifndef VSPACE_TLB_H
#define VSPACE_TLB_H

#include "arch.h"
#include "cp15.h"

/* Bumped when the ASIDs run out (vspace_v7.c; entry.S reads it too). */
extern uint32_t arch_asid_generation;

/* Does vs hold an ASID of the current generation (possibly with TLB entries)? */
static inline bool asid_valid(const struct arch_vspace *vs)
{
	return vs->asid && vs->asid_generation == arch_asid_generation;
}

/**
 * vspace_tlb_flush() - drop @vs's TLB entries (if it has any: only with an ASID of
 * this generation).
 */
static inline void vspace_tlb_flush(const struct arch_vspace *vs)
{
	if (asid_valid(vs))
		tlb_invalidate_asid(vs->asid);
}

/**
 * vspace_tlb_flush_page() - drop the TLB entry of @vs's page at @va.
 */
static inline void vspace_tlb_flush_page(const struct arch_vspace *vs, vaddr_t va)
{
	if (asid_valid(vs))
		tlb_invalidate_page(va | vs->asid);
}

/**
 * vspace_tlb_fresh() - a new address space: no ASID until its first activation.
 */
static inline void vspace_tlb_fresh(struct arch_vspace *vs)
{
	vs->asid = 0;
	vs->asid_generation = 0;
}

void vspace_tlb_release(struct arch_vspace *vs);

#endif
