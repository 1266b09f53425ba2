/*
 * compiler.h - the compiler annotations and barriers of L4Re's l4/sys/compiler.h (L4Re's
 * names; the l4sys headers, the kernel and user programs use them).
 */
#ifndef L4_SYS_COMPILER_H
#define L4_SYS_COMPILER_H

#if !defined(__ASSEMBLY__) && !defined(__ASSEMBLER__)

#define L4_INLINE	 static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
/* L4Re's two kinds of inline function (its L4_INLINE is one of them); Keel's is static. */
#define L4_INLINE_STATIC static __inline__
#define L4_INLINE_EXTERN extern __inline__
#define L4_NOTHROW
/* The attribute form of L4_NOTHROW (C functions do not throw). */
#define L4_NOTHROW__A __attribute__((nothrow))
/* constexpr for C++14 functions; nothing in C. */
#define L4_CONSTEXPR
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
/* A call through a register, which reaches any address (BL: +-32 MiB); none needed in PIC. */
#ifdef __PIC__
#define L4_LONG_CALL
#else
#define L4_LONG_CALL __attribute__((long_call))
#endif
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
/* C11's static_assert, as <assert.h> defines it (the same definition, so both may come). */
#if !defined(static_assert) && !defined(__cplusplus)
#define static_assert _Static_assert
#endif

/* Whether the compiler knows the builtin (0 where it cannot say). */
#ifdef __has_builtin
#define L4_HAS_BUILTIN(def) __has_builtin(def)
#else
#define L4_HAS_BUILTIN(def) 0
#endif

/* aliasname: another name of the function or variable name, defined where name is. */
#define L4_STRONG_ALIAS(name, aliasname) L4__STRONG_ALIAS(name, aliasname)
#define L4__STRONG_ALIAS(name, aliasname)                                                          \
	extern __typeof(name) aliasname __attribute__((alias(#name)));

/* Run func() before main(), among the constructors of priority prio (101 and up). */
#define L4_DECLARE_CONSTRUCTOR(func, prio)                                                         \
	static inline __attribute__((constructor(prio))) void func##_ctor_func(void)               \
	{                                                                                          \
		func();                                                                            \
	}

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

/* Spin for ever (l4_sleep_forever() of l4/util/util.h waits without using the CPU). */
L4_INLINE L4_NORETURN void l4_infinite_loop(void)
{
	for (;;)
		l4_barrier();
}
#endif /* !__ASSEMBLY__ */

#endif
