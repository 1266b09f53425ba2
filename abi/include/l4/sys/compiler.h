/*
 * compiler.h - the compiler annotations and barriers of L4Re's l4/sys/compiler.h (L4Re's
 * names; the l4sys headers, the kernel and user programs use them).
 */
#ifndef L4_SYS_COMPILER_H
#define L4_SYS_COMPILER_H

#if !defined(__ASSEMBLY__) && !defined(__ASSEMBLER__)

#define L4_INLINE	 static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
#define L4_NOTHROW
#define L4_NORETURN	__attribute__((noreturn))
#define L4_PURE		__attribute__((pure))
#define L4_NOINSTRUMENT __attribute__((no_instrument_function))
#define L4_HIDDEN	__attribute__((visibility("hidden")))
#define L4_EXPORT
#define L4_EXPORT_TYPE
/* The calling convention of library functions: the platform's own on ARM. */
#define L4_CV
#define L4_FASTCALL(x) x
#define l4_fastcall
#define L4_DEFAULT_PARAM(x)

/* C declarations (L4Re's; C++ would wrap them in extern "C"). */
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#define EXTERN_C_BEGIN
#define EXTERN_C_END
#define EXTERN_C
#ifndef __BEGIN_DECLS
#define __BEGIN_DECLS
#endif
#ifndef __END_DECLS
#define __END_DECLS
#endif

/*
 * The stack alignment the ABI wants at a function call (AAPCS: 8 bytes), and a stack
 * pointer made fit for entering a function directly (a thread's first one).
 */
#define L4_STACK_ALIGN __BIGGEST_ALIGNMENT__

L4_INLINE unsigned long l4_align_stack_for_direct_fncall(unsigned long stack)
{
	return stack & ~(unsigned long)(L4_STACK_ALIGN - 1);
}

#endif /* !__ASSEMBLY__ */

#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L4_LIKELY(x)   __builtin_expect(!!(x), 1)

/* Keep a symbol even if nothing refers to it. */
#define L4_STICKY(x)	 __attribute__((used)) x
#define L4_DEPRECATED(s) __attribute__((deprecated(s)))

#define L4_stringify_helper(x) #x
#define L4_stringify(x)	       L4_stringify_helper(x)

#if !defined(__ASSEMBLY__) && !defined(__ASSEMBLER__)
/* A compiler barrier: memory accesses are not moved across it. */
L4_INLINE void l4_barrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

/*
 * Memory barriers: all earlier memory accesses (l4_wmb: stores) are observed before
 * any later one. ARMv7: dmb (user mode may execute it). ARMv5 has no barrier user mode
 * may execute; Keel runs there on one CPU with the data cache off, where program order
 * is what every observer sees: a compiler barrier suffices.
 */
L4_INLINE void l4_mb(void)
{
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
	__asm__ __volatile__("dmb" : : : "memory");
#else
	__asm__ __volatile__("" : : : "memory");
#endif
}

L4_INLINE void l4_wmb(void)
{
#if defined(__ARM_ARCH) && __ARM_ARCH >= 7
	__asm__ __volatile__("dmb st" : : : "memory");
#else
	__asm__ __volatile__("" : : : "memory");
#endif
}
#endif /* !__ASSEMBLY__ */

#endif
