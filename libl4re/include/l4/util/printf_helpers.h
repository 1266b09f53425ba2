/* printf_helpers.h - L4Re's l4util formatting helper: a byte count in KiB, MiB, GiB or TiB. */
#ifndef L4_UTIL_PRINTF_HELPERS_H
#define L4_UTIL_PRINTF_HELPERS_H

#include <l4/sys/compiler.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Write @bytes into @outstr (@outsize bytes, snprintf()'s rules) as "W.F UiB": the
 * largest of the units K, M, G, T not above @bytes (K for less than a KiB), the whole
 * units W and the tenths F (cut, not rounded), e.g. "1.5 KiB", "123.4 MiB".
 * Return: snprintf()'s.
 */
L4_INLINE int l4util_human_readable_size(char *outstr, size_t outsize, unsigned long long bytes)
{
	static const char units[] = "KMGT";
	unsigned u = 0;
	while (u < sizeof(units) - 2 && bytes >= 1ULL << (10 * (u + 2)))
		u++;
	unsigned shift = 10 * (u + 1);
	unsigned long long whole = bytes >> shift;
	unsigned long long tenths = ((bytes & ((1ULL << shift) - 1)) * 10) >> shift;
	return snprintf(outstr, outsize, "%llu.%llu %ciB", whole, tenths, units[u]);
}

#endif
