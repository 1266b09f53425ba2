/* vspace_v5.c - ARMv5 address-space switches: TTBR0, and the TLB and caches flushed whole. */
#include "arch.h"
#include "arch_internal.h"
#include "cp15.h"
#include "vspace_tlb.h"

extern uint32_t boot_l1[4096];

/*
 * Without ASIDs the TLB holds the active address space's entries only: a switch
 * flushes it whole, and so does the instruction cache, which is virtually tagged
 * (ARM926EJ-S): another task's code at the same addresses must miss. The data cache
 * stays off on ARMv5 (v5/boot.S): with virtual tags, the kernel's direct map and a
 * task's mapping of the same page would be two unsynchronised copies (the kernel
 * writes UTCBs and message items through the direct map), so there is nothing in it
 * to flush. A change to a space that is not active needs no TLB work at all.
 */
const struct arch_vspace *arch_active_vspace;

/**
 * vspace_tlb_release() - @vs goes away (it is not active: arch_vspace_destroy()).
 */
void vspace_tlb_release(struct arch_vspace *vs)
{
	if (vs == arch_active_vspace)
		arch_active_vspace = NULL;
}

static void switch_to(uint32_t l1_pa)
{
	dsb();
	write_ttbr0(l1_pa);
	tlb_invalidate_all();
	icache_invalidate_all();
}

/**
 * arch_vspace_activate_kernel() - run on the boot page table (kernel half only).
 */
void arch_vspace_activate_kernel(void)
{
	switch_to(arch_virt_to_phys(boot_l1));
	arch_active_vspace = NULL;
}

/**
 * arch_vspace_activate() - switch the MMU to an address space (nothing to do if it is
 * the active one already).
 */
void arch_vspace_activate(struct arch_vspace *vs)
{
	if (vs == arch_active_vspace)
		return;
	switch_to(vs->l1_pa);
	arch_active_vspace = vs;
}
