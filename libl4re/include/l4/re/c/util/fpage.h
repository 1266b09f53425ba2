/* fpage.h - splitting address ranges into flexpages (Keel helpers, not L4Re API). */
#ifndef L4_RE_C_UTIL_FPAGE_H
#define L4_RE_C_UTIL_FPAGE_H

#include <l4/sys/consts.h>
#include <l4/sys/types.h>

/*
 * The order of the largest naturally aligned flexpage at @addr (page aligned) that
 * fits into @size bytes (at least a page). Walking a range with it covers the range
 * in the fewest flexpages.
 */
L4_INLINE unsigned l4re_util_fpage_fit_order(l4_addr_t addr, unsigned long size)
{
	unsigned order = L4_PAGESHIFT;
	while (order < 31 && !(addr & ((2UL << order) - 1)) && (2UL << order) <= size)
		order++;
	return order;
}

/*
 * The order of the largest naturally aligned flexpage around @addr that stays within
 * [@min, @max] (inclusive). The receive window of a dataspace MAP: the client opens
 * it, and the server sends no more than it (l4/re/c/dataspace.h).
 */
L4_INLINE unsigned l4re_util_fpage_window_order(l4_addr_t addr, l4_addr_t min, l4_addr_t max)
{
	unsigned order = L4_PAGESHIFT;
	while (order < 31) {
		l4_addr_t size = 1UL << (order + 1);
		l4_addr_t base = addr & ~(size - 1);
		if (base < min || base + (size - 1) > max)
			break;
		order++;
	}
	return order;
}

#endif
