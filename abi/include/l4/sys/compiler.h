/* compiler.h - the few compiler annotations the l4sys headers use. */
#ifndef L4_SYS_COMPILER_H
#define L4_SYS_COMPILER_H

#define L4_INLINE	 static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
#define L4_NOTHROW
#define L4_NORETURN    __attribute__((noreturn))
#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L4_LIKELY(x)   __builtin_expect(!!(x), 1)
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#define L4_EXPORT

#endif
