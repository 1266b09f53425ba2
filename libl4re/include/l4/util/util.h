/* util.h - sleeping and timeout conversion (L4Re's l4util). */
#ifndef L4_UTIL_UTIL_H
#define L4_UTIL_UTIL_H

#include <l4/sys/compiler.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>

/* Sleep for at least @ms milliseconds (~0U, as an older caller's -1: for ever). */
void l4_sleep(l4_uint32_t ms);
/* Sleep for at least @us microseconds (~0ULL, as an older caller's -1: for ever). */
void l4_usleep(l4_uint64_t us);
/* Sleep for ever. */
L4_NORETURN void l4_sleep_forever(void);
/* A relative timeout of at least @us microseconds (0: zero, ~0U: never; beyond what a
 * timeout can say, about 25 days: the longest there is). */
l4_timeout_s l4util_micros2l4to(l4_uint64_t us);

/*
 * Touch each page from that of @addr to that of @addr + @size - 1, so that they are
 * mapped now rather than at a later fault: l4_touch_ro() reads a byte of each,
 * l4_touch_rw() reads it and writes it back (a write fault: a writable page). As L4Re's,
 * @size 0 touches nothing at a page boundary and otherwise the page of @addr.
 */
L4_INLINE void l4_touch_ro(const void *addr, unsigned size)
{
	l4_addr_t p = l4_trunc_page((l4_addr_t)addr);
	if (size == 0 && p == (l4_addr_t)addr)
		return;
	l4_addr_t last = l4_trunc_page((l4_addr_t)addr + size - 1);
	for (;; p += L4_PAGESIZE) {
		(void)*(const volatile char *)p;
		if (p == last)
			break;
	}
}

L4_INLINE void l4_touch_rw(const void *addr, unsigned size)
{
	l4_addr_t p = l4_trunc_page((l4_addr_t)addr);
	if (size == 0 && p == (l4_addr_t)addr)
		return;
	l4_addr_t last = l4_trunc_page((l4_addr_t)addr + size - 1);
	for (;; p += L4_PAGESIZE) {
		volatile char *c = (volatile char *)p;
		char x = *c;
		*c = x;
		if (p == last)
			break;
	}
}

#endif
