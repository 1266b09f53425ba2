/* kip-arch.h - the ARM part of the KIP clock: the counter user code reads. */
#ifndef L4_SYS_KIP_ARCH_H
#define L4_SYS_KIP_ARCH_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

#include <l4/sys/utcb-arch.h>

/* The counter the clock is made of: the generic timer's virtual count (CNTVCT),
 * readable in user mode. ARMv5 has no such counter: the kernel writes its clock (in
 * microseconds, the KIP's counter frequency there) into the thread words each time it
 * returns to user mode, words 2 and 3: exact when read, behind by at most the time
 * since the thread last entered the kernel (docs/abi.md). */
L4_INLINE l4_uint64_t l4_kip_clock_counter(void)
{
	l4_uint32_t lo, hi;
#if __ARM_ARCH >= 7
	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
#else
	const volatile l4_uint32_t *w = (const volatile l4_uint32_t *)L4_ARMV5_THREAD_WORDS;
	lo = w[2];
	hi = w[3];
#endif
	return ((l4_uint64_t)hi << 32) | lo;
}

#endif
