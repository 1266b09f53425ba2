/*
 * cache.h - L4Re's cache-consistency calls for [start, end) (end exclusive). Each returns
 * 0 (L4Re's calls return -EFAULT only for an unresolved page fault in the range).
 *
 * On Fiasco/ARM they are the kernel's mem_op system call, which cleans and invalidates
 * by address in the kernel. Keel has no such call, and user mode cannot do it itself:
 * ARMv7's cache maintenance operations (CP15 c7: DCCMVAC, DCCIMVAC, DCIMVAC, ICIMVAU,
 * ...) are PL1 only and undefined in user mode; ARMv8's SCTLR_EL1.UCI, which lets EL0
 * clean by address, exists only for AArch64 (an AArch32 SCTLR has no such bit); ARMv5's
 * cache operations are privileged too. So on Keel they are barriers only: dsb, and for
 * l4_cache_coherent dsb and isb (ARMv5: a compiler barrier).
 *
 * That is correct where Keel runs: QEMU models no caches, so memory and the
 * instruction fetch always agree, and Keel drives no device that masters DMA. On ARMv5
 * the data cache is off and the kernel invalidates the instruction cache at each
 * address-space switch. On ARMv7 hardware, a program that writes code and runs it, or
 * shares memory with a DMA master that does not snoop, needs cache maintenance by
 * address in the kernel (as the loaders writing program images would), which Keel does
 * not have yet (docs/abi.md, "L4Re's C API").
 */
#ifndef L4_SYS_CACHE_H
#define L4_SYS_CACHE_H

#include <l4/sys/compiler.h>

/* Keel: complete earlier memory accesses (and with @isb refetch the instructions). */
L4_INLINE void l4_cache_keel_barrier(int isb)
{
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
	__asm__ __volatile__("dsb" : : : "memory");
	if (isb)
		__asm__ __volatile__("isb" : : : "memory");
#else
	(void)isb;
	__asm__ __volatile__("" : : : "memory");
#endif
}

/* Write back dirty lines of the range to the point of coherency. */
L4_INLINE int l4_cache_clean_data(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	l4_cache_keel_barrier(0);
	return 0;
}

/* Write back and invalidate the range. */
L4_INLINE int l4_cache_flush_data(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	l4_cache_keel_barrier(0);
	return 0;
}

/* Invalidate the range (may write back). */
L4_INLINE int l4_cache_inv_data(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	l4_cache_keel_barrier(0);
	return 0;
}

/* Make the instruction side see what was written to the range (point of unification). */
L4_INLINE int l4_cache_coherent(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	l4_cache_keel_barrier(1);
	return 0;
}

/* Make the range coherent for a DMA master (point of coherency). */
L4_INLINE int l4_cache_dma_coherent(unsigned long start, unsigned long end)
{
	(void)start;
	(void)end;
	l4_cache_keel_barrier(0);
	return 0;
}

/* The same for all memory. */
L4_INLINE int l4_cache_dma_coherent_full(void)
{
	l4_cache_keel_barrier(0);
	return 0;
}

#endif
