/* cp15.h - accessors for the ARMv5 (ARM926EJ-S) system control registers the kernel uses. */
#ifndef CP15_H
#define CP15_H

#include "cp15_access.h"

CP15_READ(midr, 0, c0, c0, 0)
CP15_READ(sctlr, 0, c1, c0, 0)
CP15_WRITE(ttbr0, 0, c2, c0, 0)
CP15_READ(fsr, 0, c5, c0, 0)
CP15_READ(far, 0, c6, c0, 0)

/* ARMv5 has no barrier instructions: draining the write buffer orders the page-table
 * writes before a walk (dsb); nothing needs the pipeline flushed (isb), but the
 * compiler must not move memory accesses across either. */
static inline void dsb(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" ::"r"(0) : "memory");
}

static inline void isb(void)
{
	__asm__ volatile("" ::: "memory");
}

static inline void tlb_invalidate_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4\n\t"
			 "mcr p15, 0, %0, c8, c7, 0" ::"r"(0)
			 : "memory");
}

/* Invalidate the TLB entry of one page (its virtual address). */
static inline void tlb_invalidate_page(uint32_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4\n\t"
			 "mcr p15, 0, %0, c8, c7, 1" ::"r"(va)
			 : "memory");
}

/* The instruction cache is virtually indexed and tagged: another address space's code
 * at the same addresses must not be found in it. */
static inline void icache_invalidate_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" ::"r"(0) : "memory");
}

#endif
