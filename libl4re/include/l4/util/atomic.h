/* atomic.h - L4Re's l4util atomics: exchanging a word, on every ARM Keel runs on. */
#ifndef L4_UTIL_ATOMIC_H
#define L4_UTIL_ATOMIC_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/*
 * Store @val at @dest and return what was there, as one indivisible step. ARMv7 has
 * load/store-exclusive (the compiler's __atomic builtins); ARMv5 has SWP, which is
 * atomic on its one CPU (the compiler's own C11 atomics there are not: it has no
 * ARMv5 sequence for them without a library).
 */
L4_INLINE l4_uint32_t l4util_xchg32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
#if !defined(__ARM_ARCH) || __ARM_ARCH >= 6 /* (and host builds of its users) */
	return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
#else
	l4_uint32_t old;
	__asm__ volatile("swp %0, %2, [%1]" : "=&r"(old) : "r"(dest), "r"(val) : "memory");
	return old;
#endif
}

#endif
