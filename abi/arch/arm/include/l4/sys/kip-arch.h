/* kip-arch.h - the ARM part of the KIP clock: the counter user code reads. */
#ifndef L4_SYS_KIP_ARCH_H
#define L4_SYS_KIP_ARCH_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/* The counter the clock is made of: the generic timer's virtual count (CNTVCT),
 * readable in user mode. */
L4_INLINE l4_uint64_t l4_kip_clock_counter(void)
{
	l4_uint32_t lo, hi;
	__asm__ volatile("isb; mrrc p15, 1, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((l4_uint64_t)hi << 32) | lo;
}

#endif
