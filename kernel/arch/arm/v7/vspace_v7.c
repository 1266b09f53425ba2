/* vspace_v7.c - ARMv7 address-space switches: ASIDs, TTBR0 and the TLB (mmu.c's other half). */
#include "arch.h"
#include "arch_internal.h"
#include "cp15.h"
#include "vspace_tlb.h"

extern uint32_t boot_l1[4096];

/*
 * ASIDs 1-255 are handed to address spaces when they are activated; 0 is the
 * kernel's (global mappings only). When they run out, a new generation starts: the
 * whole TLB is flushed and every space gets a fresh ASID at its next activation.
 */
static uint32_t asid_used[256 / 32] = {1};
/* Bumped when the ASIDs run out (all are reassigned); entry.S reads it too. */
uint32_t arch_asid_generation = 1;

static void asid_assign(struct arch_vspace *vs)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned a = 1; a < 256; a++) {
			if (!(asid_used[a / 32] & (1u << (a % 32)))) {
				asid_used[a / 32] |= 1u << (a % 32);
				vs->asid = a;
				vs->asid_generation = arch_asid_generation;
				return;
			}
		}
		/* Run on the reserved ASID while the TLB is flushed and numbers are reused. */
		write_contextidr(0);
		isb();
		arch_asid_generation++;
		for (unsigned i = 0; i < ARRAY_SIZE(asid_used); i++)
			asid_used[i] = 0;
		asid_used[0] = 1;
		tlb_invalidate_all();
	}
}

/**
 * vspace_tlb_release() - @vs goes away: its TLB entries and its ASID.
 */
void vspace_tlb_release(struct arch_vspace *vs)
{
	if (asid_valid(vs)) {
		tlb_invalidate_asid(vs->asid);
		asid_used[vs->asid / 32] &= ~(1u << (vs->asid % 32));
	}
}

/**
 * arch_vspace_activate_kernel() - run on the boot page table (kernel half only).
 */
void arch_vspace_activate_kernel(void)
{
	write_contextidr(0);
	isb();
	write_ttbr0(arch_virt_to_phys(boot_l1) | 0x6a);
	isb();
}

/**
 * arch_vspace_activate() - switch the MMU to an address space.
 * ASID 0 (never a task's) is set while TTBR0 changes so no walk mixes old and new.
 */
void arch_vspace_activate(struct arch_vspace *vs)
{
	if (!asid_valid(vs))
		asid_assign(vs);
	write_contextidr(0);
	isb();
	write_ttbr0(vs->l1_pa | 0x6a);
	isb();
	write_contextidr(vs->asid);
	isb();
}
