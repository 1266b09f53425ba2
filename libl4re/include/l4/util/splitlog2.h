/* splitlog2.h - L4Re's l4util range splitting: a range as naturally aligned blocks of a
 * power-of-two size. */
#ifndef L4_UTIL_SPLITLOG2_H
#define L4_UTIL_SPLITLOG2_H

#include <l4/sys/compiler.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/util/bitops.h>

EXTERN_C_BEGIN

/*
 * The log2 size of the first block of [@start, @end] (both inclusive): the largest
 * power of two that @start is aligned to and that fits into the range.
 */
L4_INLINE l4_addr_t l4util_splitlog2_size(l4_addr_t start, l4_addr_t end)
{
	l4_addr_t len = end - start + 1; /* 0: the whole address space */
	int bits = len ? l4util_bsr(len) : __L4UTIL_BITS - 1;
	int align = l4util_bsf(start);
	if (align >= 0 && align < bits)
		bits = align;
	return (l4_addr_t)bits;
}

/*
 * Call @handler for each block of [@start, @end] (both inclusive) in turn, from the
 * lowest, with the block's first and last address and its log2 size.
 * Return: 0; the first value other than 0 that @handler returns (which stops the walk);
 * -L4_EINVAL if @end is below @start.
 */
L4_INLINE long l4util_splitlog2_hdl(l4_addr_t start, l4_addr_t end,
				    long (*handler)(l4_addr_t s, l4_addr_t e, int log2size))
{
	if (end < start)
		return -L4_EINVAL;
	for (;;) {
		int bits = (int)l4util_splitlog2_size(start, end);
		l4_addr_t last = start + ((1UL << bits) - 1);
		long r = handler(start, last, bits);
		if (r)
			return r;
		if (last == end)
			return 0;
		start = last + 1;
	}
}

EXTERN_C_END

#endif
