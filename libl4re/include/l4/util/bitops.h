/* bitops.h - L4Re's l4util bit operations: atomic set/clear/change of a bit in a bit string, bit
 * scans. */
#ifndef L4_UTIL_BITOPS_H
#define L4_UTIL_BITOPS_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>
#include <l4/util/atomic.h>

/* L4Re's other names of the test-and-change operations, and of the bit scan. */
#define l4util_test_and_clear_bit(b, dest)  l4util_btr(b, dest)
#define l4util_test_and_set_bit(b, dest)    l4util_bts(b, dest)
#define l4util_test_and_change_bit(b, dest) l4util_btc(b, dest)
#define l4util_log2(word)		    l4util_bsr(word)

EXTERN_C_BEGIN

/* Bit @b of the bit string @dest: bit b % 32 of word b / 32. */
#define __L4UTIL_BITS		(8 * (int)sizeof(l4_umword_t))
#define __L4UTIL_BIT_WORD(b, d) ((d) + (unsigned)(b) / __L4UTIL_BITS)
#define __L4UTIL_BIT_MASK(b)	(1UL << ((unsigned)(b) % __L4UTIL_BITS))

/* Set, clear, complement bit @b of @dest, as one step. */
L4_INLINE void l4util_set_bit(int b, volatile l4_umword_t *dest)
{
	__l4util_rmww(__L4UTIL_BIT_WORD(b, dest), __L4UTIL_BIT_MASK(b), __L4UTIL_OR, 0);
}

L4_INLINE void l4util_clear_bit(int b, volatile l4_umword_t *dest)
{
	__l4util_rmww(__L4UTIL_BIT_WORD(b, dest), ~__L4UTIL_BIT_MASK(b), __L4UTIL_AND, 0);
}

L4_INLINE void l4util_complement_bit(int b, volatile l4_umword_t *dest)
{
	__l4util_rmww(__L4UTIL_BIT_WORD(b, dest), __L4UTIL_BIT_MASK(b), __L4UTIL_XOR, 0);
}

/* Bit @b of @dest: 0 or 1. */
L4_INLINE int l4util_test_bit(int b, const volatile l4_umword_t *dest)
{
	return (*__L4UTIL_BIT_WORD(b, dest) & __L4UTIL_BIT_MASK(b)) != 0;
}

/* Set, clear, complement bit @b of @dest, as one step. Return: its old value, 0 or 1. */
L4_INLINE int l4util_bts(int b, volatile l4_umword_t *dest)
{
	l4_umword_t m = __L4UTIL_BIT_MASK(b);
	return (__l4util_rmww(__L4UTIL_BIT_WORD(b, dest), m, __L4UTIL_OR, 0) & m) != 0;
}

L4_INLINE int l4util_btr(int b, volatile l4_umword_t *dest)
{
	l4_umword_t m = __L4UTIL_BIT_MASK(b);
	return (__l4util_rmww(__L4UTIL_BIT_WORD(b, dest), ~m, __L4UTIL_AND, 0) & m) != 0;
}

L4_INLINE int l4util_btc(int b, volatile l4_umword_t *dest)
{
	l4_umword_t m = __L4UTIL_BIT_MASK(b);
	return (__l4util_rmww(__L4UTIL_BIT_WORD(b, dest), m, __L4UTIL_XOR, 0) & m) != 0;
}

/* The number of the most significant set bit of @word (its log2), or -1 if it is 0. */
L4_INLINE int l4util_bsr(l4_umword_t word)
{
	return word ? __L4UTIL_BITS - 1 - __builtin_clzl(word) : -1;
}

/* The number of the least significant set bit of @word, or -1 if it is 0. */
L4_INLINE int l4util_bsf(l4_umword_t word)
{
	return word ? __builtin_ctzl(word) : -1;
}

/* The first bit of the @size bits at @dest that is @value; @size if there is none. */
L4_INLINE int __l4util_find_bit(const void *dest, l4_size_t size, int value)
{
	const l4_umword_t *w = (const l4_umword_t *)dest;
	for (l4_size_t i = 0; i * __L4UTIL_BITS < size; i++) {
		l4_umword_t bits = value ? w[i] : ~w[i];
		if (size - i * __L4UTIL_BITS < (l4_size_t)__L4UTIL_BITS)
			bits &= (1UL << (size - i * __L4UTIL_BITS)) - 1;
		if (bits)
			return (int)(i * __L4UTIL_BITS) + __builtin_ctzl(bits);
	}
	return (int)size;
}

/* The number of the first set (zero) bit of the @size bits at @dest; @size if none is. */
L4_INLINE int l4util_find_first_set_bit(const void *dest, l4_size_t size)
{
	return __l4util_find_bit(dest, size, 1);
}

L4_INLINE int l4util_find_first_zero_bit(const void *dest, l4_size_t size)
{
	return __l4util_find_bit(dest, size, 0);
}

/* The smallest power of two not below @val (1 for 0; 0 if it does not fit a word). */
L4_INLINE int l4util_next_power2(unsigned long val)
{
	if (val <= 1)
		return 1;
	if (val > (1UL << (__L4UTIL_BITS - 1)))
		return 0;
	return (int)(1UL << (__L4UTIL_BITS - __builtin_clzl(val - 1)));
}

EXTERN_C_END

#endif
