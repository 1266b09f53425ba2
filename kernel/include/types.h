/* types.h - basic kernel types. */
#ifndef KEEL_TYPES_H
#define KEEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t paddr_t;
typedef uintptr_t vaddr_t;
typedef uint64_t time_us_t;

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1u << PAGE_SHIFT)

#define NORETURN __attribute__((noreturn))
/* The IPC fast path's pieces: inlined even where GCC would call them (fastpath.c). */
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline uintptr_t align_up(uintptr_t v, uintptr_t align)
{
	return (v + align - 1) & ~(align - 1);
}

static inline uintptr_t align_down(uintptr_t v, uintptr_t align)
{
	return v & ~(align - 1);
}

#endif
