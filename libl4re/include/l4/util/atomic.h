/* atomic.h - L4Re's l4util atomics: exchange, compare-and-exchange and arithmetic on 8-, 16- and
 * 32-bit words. */
#ifndef L4_UTIL_ATOMIC_H
#define L4_UTIL_ATOMIC_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/*
 * ARMv7 has load/store-exclusive: the compiler's __atomic builtins. ARMv5 has only SWP
 * and SWPB (the compiler's builtins call a library there): the exchanges of words and
 * bytes are SWP/SWPB, atomic on its one CPU; every other operation takes one lock of
 * libl4re (l4util_atomic_v5_lock(), itself taken with SWP), so they are atomic with
 * respect to each other and to preemption, but not to an exchange of the same word at
 * the same moment. The destination is read before the lock is taken, so that a page
 * fault on it is not taken with the lock held.
 */
#if !defined(__ARM_ARCH) || __ARM_ARCH >= 7 /* (and host builds of its users) */
#define __L4UTIL_ATOMIC_BUILTINS 1
#else
#define __L4UTIL_ATOMIC_BUILTINS 0
#endif

EXTERN_C_BEGIN

#if !__L4UTIL_ATOMIC_BUILTINS
/* Keel, ARMv5: the lock of the operations without an instruction of their own. */
L4_CV void l4util_atomic_v5_lock(void);
L4_CV void l4util_atomic_v5_unlock(void);
#endif

enum { __L4UTIL_ADD, __L4UTIL_SUB, __L4UTIL_AND, __L4UTIL_OR, __L4UTIL_XOR, __L4UTIL_XCHG };

/*
 * __l4util_rmwN(): apply @op with @val to *@dest as one step; return the new value if
 * @ret_new, else the old one. __l4util_casN(): store @new_val if *@dest is @cmp_val;
 * 1 if it did, else 0. (@op and @ret_new are constants at every call.)
 */
#if __L4UTIL_ATOMIC_BUILTINS
#define __L4UTIL_ATOMIC_PRIMITIVES(sfx, type)                                                      \
	L4_INLINE type __l4util_rmw##sfx(volatile type *dest, type val, int op, int ret_new)       \
	{                                                                                          \
		switch (op) {                                                                      \
		case __L4UTIL_ADD:                                                                 \
			return ret_new ? __atomic_add_fetch(dest, val, __ATOMIC_SEQ_CST)           \
				       : __atomic_fetch_add(dest, val, __ATOMIC_SEQ_CST);          \
		case __L4UTIL_SUB:                                                                 \
			return ret_new ? __atomic_sub_fetch(dest, val, __ATOMIC_SEQ_CST)           \
				       : __atomic_fetch_sub(dest, val, __ATOMIC_SEQ_CST);          \
		case __L4UTIL_AND:                                                                 \
			return ret_new ? __atomic_and_fetch(dest, val, __ATOMIC_SEQ_CST)           \
				       : __atomic_fetch_and(dest, val, __ATOMIC_SEQ_CST);          \
		case __L4UTIL_OR:                                                                  \
			return ret_new ? __atomic_or_fetch(dest, val, __ATOMIC_SEQ_CST)            \
				       : __atomic_fetch_or(dest, val, __ATOMIC_SEQ_CST);           \
		case __L4UTIL_XOR:                                                                 \
			return ret_new ? __atomic_xor_fetch(dest, val, __ATOMIC_SEQ_CST)           \
				       : __atomic_fetch_xor(dest, val, __ATOMIC_SEQ_CST);          \
		default:                                                                           \
			return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);                   \
		}                                                                                  \
	}                                                                                          \
	L4_INLINE int __l4util_cas##sfx(volatile type *dest, type cmp_val, type new_val)           \
	{                                                                                          \
		return __atomic_compare_exchange_n(dest, &cmp_val, new_val, 0, __ATOMIC_SEQ_CST,   \
						   __ATOMIC_SEQ_CST);                              \
	}
#else
#define __L4UTIL_ATOMIC_PRIMITIVES(sfx, type)                                                      \
	L4_INLINE type __l4util_rmw##sfx(volatile type *dest, type val, int op, int ret_new)       \
	{                                                                                          \
		(void)*dest;                                                                       \
		l4util_atomic_v5_lock();                                                           \
		type old = *dest, new_val = val;                                                   \
		if (op == __L4UTIL_ADD)                                                            \
			new_val = (type)(old + val);                                               \
		else if (op == __L4UTIL_SUB)                                                       \
			new_val = (type)(old - val);                                               \
		else if (op == __L4UTIL_AND)                                                       \
			new_val = old & val;                                                       \
		else if (op == __L4UTIL_OR)                                                        \
			new_val = old | val;                                                       \
		else if (op == __L4UTIL_XOR)                                                       \
			new_val = old ^ val;                                                       \
		*dest = new_val;                                                                   \
		l4util_atomic_v5_unlock();                                                         \
		return ret_new ? new_val : old;                                                    \
	}                                                                                          \
	L4_INLINE int __l4util_cas##sfx(volatile type *dest, type cmp_val, type new_val)           \
	{                                                                                          \
		(void)*dest;                                                                       \
		l4util_atomic_v5_lock();                                                           \
		int same = *dest == cmp_val;                                                       \
		if (same)                                                                          \
			*dest = new_val;                                                           \
		l4util_atomic_v5_unlock();                                                         \
		return same;                                                                       \
	}
#endif

__L4UTIL_ATOMIC_PRIMITIVES(8, l4_uint8_t)
__L4UTIL_ATOMIC_PRIMITIVES(16, l4_uint16_t)
__L4UTIL_ATOMIC_PRIMITIVES(32, l4_uint32_t)
__L4UTIL_ATOMIC_PRIMITIVES(w, l4_umword_t)
__L4UTIL_ATOMIC_PRIMITIVES(l, long)

/* Store @new_val at @dest if it holds @cmp_val, as one step. Return: 1 if it did, else 0. */
L4_INLINE int l4util_cmpxchg32(volatile l4_uint32_t *dest, l4_uint32_t cmp_val, l4_uint32_t new_val)
{
	return __l4util_cas32(dest, cmp_val, new_val);
}

L4_INLINE int l4util_cmpxchg16(volatile l4_uint16_t *dest, l4_uint16_t cmp_val, l4_uint16_t new_val)
{
	return __l4util_cas16(dest, cmp_val, new_val);
}

L4_INLINE int l4util_cmpxchg8(volatile l4_uint8_t *dest, l4_uint8_t cmp_val, l4_uint8_t new_val)
{
	return __l4util_cas8(dest, cmp_val, new_val);
}

L4_INLINE int l4util_cmpxchg(volatile l4_umword_t *dest, l4_umword_t cmp_val, l4_umword_t new_val)
{
	return __l4util_casw(dest, cmp_val, new_val);
}

/* Store @val at @dest and return what was there, as one step. */
L4_INLINE l4_uint32_t l4util_xchg32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
#if __L4UTIL_ATOMIC_BUILTINS
	return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
#else
	l4_uint32_t old;
	__asm__ volatile("swp %0, %2, [%1]" : "=&r"(old) : "r"(dest), "r"(val) : "memory");
	return old;
#endif
}

L4_INLINE l4_uint16_t l4util_xchg16(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	return __l4util_rmw16(dest, val, __L4UTIL_XCHG, 0);
}

L4_INLINE l4_uint8_t l4util_xchg8(volatile l4_uint8_t *dest, l4_uint8_t val)
{
#if __L4UTIL_ATOMIC_BUILTINS
	return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
#else
	l4_uint32_t old;
	__asm__ volatile("swpb %0, %2, [%1]"
			 : "=&r"(old)
			 : "r"(dest), "r"((l4_uint32_t)val)
			 : "memory");
	return (l4_uint8_t)old;
#endif
}

L4_INLINE l4_umword_t l4util_xchg(volatile l4_umword_t *dest, l4_umword_t val)
{
#if __L4UTIL_ATOMIC_BUILTINS
	return __atomic_exchange_n(dest, val, __ATOMIC_SEQ_CST);
#else
	return l4util_xchg32((volatile l4_uint32_t *)dest, val);
#endif
}

/* Add, subtract, and, or @val to/from/with *@dest, as one step. */
L4_INLINE void l4util_add8(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	__l4util_rmw8(dest, val, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_add16(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	__l4util_rmw16(dest, val, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_add32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	__l4util_rmw32(dest, val, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_sub8(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	__l4util_rmw8(dest, val, __L4UTIL_SUB, 0);
}

L4_INLINE void l4util_sub16(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	__l4util_rmw16(dest, val, __L4UTIL_SUB, 0);
}

L4_INLINE void l4util_sub32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	__l4util_rmw32(dest, val, __L4UTIL_SUB, 0);
}

L4_INLINE void l4util_and8(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	__l4util_rmw8(dest, val, __L4UTIL_AND, 0);
}

L4_INLINE void l4util_and16(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	__l4util_rmw16(dest, val, __L4UTIL_AND, 0);
}

L4_INLINE void l4util_and32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	__l4util_rmw32(dest, val, __L4UTIL_AND, 0);
}

L4_INLINE void l4util_or8(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	__l4util_rmw8(dest, val, __L4UTIL_OR, 0);
}

L4_INLINE void l4util_or16(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	__l4util_rmw16(dest, val, __L4UTIL_OR, 0);
}

L4_INLINE void l4util_or32(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	__l4util_rmw32(dest, val, __L4UTIL_OR, 0);
}

/* The same, returning the new value. */
L4_INLINE l4_uint8_t l4util_add8_res(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	return __l4util_rmw8(dest, val, __L4UTIL_ADD, 1);
}

L4_INLINE l4_uint16_t l4util_add16_res(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	return __l4util_rmw16(dest, val, __L4UTIL_ADD, 1);
}

L4_INLINE l4_uint32_t l4util_add32_res(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	return __l4util_rmw32(dest, val, __L4UTIL_ADD, 1);
}

L4_INLINE l4_uint8_t l4util_sub8_res(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	return __l4util_rmw8(dest, val, __L4UTIL_SUB, 1);
}

L4_INLINE l4_uint16_t l4util_sub16_res(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	return __l4util_rmw16(dest, val, __L4UTIL_SUB, 1);
}

L4_INLINE l4_uint32_t l4util_sub32_res(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	return __l4util_rmw32(dest, val, __L4UTIL_SUB, 1);
}

L4_INLINE l4_uint8_t l4util_and8_res(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	return __l4util_rmw8(dest, val, __L4UTIL_AND, 1);
}

L4_INLINE l4_uint16_t l4util_and16_res(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	return __l4util_rmw16(dest, val, __L4UTIL_AND, 1);
}

L4_INLINE l4_uint32_t l4util_and32_res(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	return __l4util_rmw32(dest, val, __L4UTIL_AND, 1);
}

L4_INLINE l4_uint8_t l4util_or8_res(volatile l4_uint8_t *dest, l4_uint8_t val)
{
	return __l4util_rmw8(dest, val, __L4UTIL_OR, 1);
}

L4_INLINE l4_uint16_t l4util_or16_res(volatile l4_uint16_t *dest, l4_uint16_t val)
{
	return __l4util_rmw16(dest, val, __L4UTIL_OR, 1);
}

L4_INLINE l4_uint32_t l4util_or32_res(volatile l4_uint32_t *dest, l4_uint32_t val)
{
	return __l4util_rmw32(dest, val, __L4UTIL_OR, 1);
}

/* Increment and decrement by one, as one step (_res: returning the new value). */
L4_INLINE void l4util_inc8(volatile l4_uint8_t *dest)
{
	__l4util_rmw8(dest, 1, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_inc16(volatile l4_uint16_t *dest)
{
	__l4util_rmw16(dest, 1, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_inc32(volatile l4_uint32_t *dest)
{
	__l4util_rmw32(dest, 1, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_dec8(volatile l4_uint8_t *dest)
{
	__l4util_rmw8(dest, 1, __L4UTIL_SUB, 0);
}

L4_INLINE void l4util_dec16(volatile l4_uint16_t *dest)
{
	__l4util_rmw16(dest, 1, __L4UTIL_SUB, 0);
}

L4_INLINE void l4util_dec32(volatile l4_uint32_t *dest)
{
	__l4util_rmw32(dest, 1, __L4UTIL_SUB, 0);
}

L4_INLINE l4_uint8_t l4util_inc8_res(volatile l4_uint8_t *dest)
{
	return __l4util_rmw8(dest, 1, __L4UTIL_ADD, 1);
}

L4_INLINE l4_uint16_t l4util_inc16_res(volatile l4_uint16_t *dest)
{
	return __l4util_rmw16(dest, 1, __L4UTIL_ADD, 1);
}

L4_INLINE l4_uint32_t l4util_inc32_res(volatile l4_uint32_t *dest)
{
	return __l4util_rmw32(dest, 1, __L4UTIL_ADD, 1);
}

L4_INLINE l4_uint8_t l4util_dec8_res(volatile l4_uint8_t *dest)
{
	return __l4util_rmw8(dest, 1, __L4UTIL_SUB, 1);
}

L4_INLINE l4_uint16_t l4util_dec16_res(volatile l4_uint16_t *dest)
{
	return __l4util_rmw16(dest, 1, __L4UTIL_SUB, 1);
}

L4_INLINE l4_uint32_t l4util_dec32_res(volatile l4_uint32_t *dest)
{
	return __l4util_rmw32(dest, 1, __L4UTIL_SUB, 1);
}

L4_INLINE l4_umword_t l4util_dec_res(volatile l4_umword_t *dest)
{
	return __l4util_rmww(dest, 1, __L4UTIL_SUB, 1);
}

/* Add @val to, and increment, a long, as one step. */
L4_INLINE void l4util_atomic_add(volatile long *dest, long val)
{
	__l4util_rmwl(dest, val, __L4UTIL_ADD, 0);
}

L4_INLINE void l4util_atomic_inc(volatile long *dest)
{
	__l4util_rmwl(dest, 1, __L4UTIL_ADD, 0);
}

EXTERN_C_END

#endif
