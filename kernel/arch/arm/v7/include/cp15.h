/* cp15.h - accessors for the ARMv7 system control registers the kernel uses. */
#ifndef CP15_H
#define CP15_H

#include "cp15_access.h"

#define CNTKCTL_PL0VCTEN (1u << 1)
#define FPEXC_EN	 (1u << 30)

CP15_READ(midr, 0, c0, c0, 0)
CP15_READ(mpidr, 0, c0, c0, 5)
CP15_READ(sctlr, 0, c1, c0, 0)
CP15_READ(cpacr, 0, c1, c0, 2)
CP15_WRITE(cpacr, 0, c1, c0, 2)
CP15_WRITE(ttbr0, 0, c2, c0, 0)
CP15_READ(ttbr0, 0, c2, c0, 0)
CP15_READ(dfsr, 0, c5, c0, 0)
CP15_READ(ifsr, 0, c5, c0, 1)
CP15_READ(dfar, 0, c6, c0, 0)
CP15_READ(ifar, 0, c6, c0, 2)
CP15_WRITE(contextidr, 0, c13, c0, 1)
CP15_WRITE(tpidrurw, 0, c13, c0, 2)
CP15_WRITE(tpidruro, 0, c13, c0, 3)
CP15_READ(cntfrq, 0, c14, c0, 0)
CP15_READ(cntkctl, 0, c14, c1, 0)
CP15_WRITE(cntkctl, 0, c14, c1, 0)
CP15_WRITE(cntv_tval, 0, c14, c3, 0)
CP15_WRITE(cntv_ctl, 0, c14, c3, 1)

static inline uint64_t read_cntvct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* CNTV_CVAL: the virtual timer fires while CNTVCT >= this value. */
static inline void write_cntv_cval(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14" ::"r"((uint32_t)v), "r"((uint32_t)(v >> 32))
			 : "memory");
}

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

static inline void tlb_invalidate_all(void)
{
	__asm__ volatile("dsb; mcr p15, 0, %0, c8, c7, 0; dsb; isb" ::"r"(0) : "memory");
}

static inline void tlb_invalidate_asid(unsigned asid)
{
	__asm__ volatile("dsb; mcr p15, 0, %0, c8, c7, 2; dsb; isb" ::"r"(asid) : "memory");
}

/* Invalidate the TLB entry of one page: va | asid. */
static inline void tlb_invalidate_page(uint32_t va_asid)
{
	__asm__ volatile("dsb; mcr p15, 0, %0, c8, c7, 1; dsb; isb" ::"r"(va_asid) : "memory");
}

static inline uint32_t read_fpexc(void)
{
	uint32_t v;
	__asm__ volatile(".fpu vfpv4\n\tvmrs %0, fpexc" : "=r"(v));
	return v;
}

static inline void write_fpexc(uint32_t v)
{
	__asm__ volatile(".fpu vfpv4\n\tvmsr fpexc, %0" ::"r"(v) : "memory");
}

#endif
