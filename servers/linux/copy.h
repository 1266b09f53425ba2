/* copy.h - the Linux server's byte copy: a word at a time where it can (picolibc's memcpy goes byte
 * by byte). */
#ifndef LINUX_COPY_H
#define LINUX_COPY_H

#include <stddef.h>
#include <stdint.h>

/*
 * Copy @n bytes from @src to @dst (not overlapping): words while both are word
 * aligned, bytes for the rest. The server's hot copies (messages, pages, file data,
 * pipes) go through here; a page is some 3,000 instructions instead of 16,000. The
 * attribute keeps the compiler from making the loops a memcpy call again.
 */
/* GCC's attribute (the server's compiler); clang (the host tests') has none and may
 * call its own memcpy, which is fast there. */
#if defined(__GNUC__) && !defined(__clang__)
#define LX_NOT_A_MEMCPY_CALL __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define LX_NOT_A_MEMCPY_CALL
#endif

LX_NOT_A_MEMCPY_CALL static inline void lx_copy_bytes(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if ((((uintptr_t)d | (uintptr_t)s) & 3) == 0)
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
	for (; n; n--)
		*d++ = *s++;
}

#endif
