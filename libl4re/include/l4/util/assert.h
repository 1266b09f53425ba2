/*
 * assert.h - L4Re's l4util assertion macros: a value checked against another, printed
 * (ASSERT_PRINTF, printf) when the check fails, then ASSERT_ASSERT (assert()). Define
 * either before including to change it; with NDEBUG the checks are left out.
 */
#ifndef L4_UTIL_ASSERT_H
#define L4_UTIL_ASSERT_H

/* A statement that does nothing. */
#define DO_NOTHING                                                                                 \
	do {                                                                                       \
	} while (0)

#ifdef NDEBUG

#define ASSERT_ASSERT(x)	DO_NOTHING
#define ASSERT_VALID(c)		DO_NOTHING
#define ASSERT_EQUAL(a, b)	DO_NOTHING
#define ASSERT_NOT_EQUAL(a, b)	DO_NOTHING
#define ASSERT_LOWER_EQ(a, b)	DO_NOTHING
#define ASSERT_GREATER_EQ(a, b) DO_NOTHING
#define ASSERT_BETWEEN(a, b, c) DO_NOTHING
#define ASSERT_IPC_OK(i)	DO_NOTHING
/* The expression is still evaluated (once). */
#define ASSERT_OK(e)                                                                               \
	do {                                                                                       \
		(void)(e);                                                                         \
	} while (0)
#define ASSERT_NOT_NULL(p) DO_NOTHING
#ifndef assert
#define assert(cond) DO_NOTHING
#endif

#else

#ifndef ASSERT_PRINTF
#include <stdio.h>
#define ASSERT_PRINTF printf
#endif
#ifndef ASSERT_ASSERT
#include <assert.h>
#define ASSERT_ASSERT(x) assert(x)
#endif

/* The capability @cap is valid. */
#define ASSERT_VALID(cap)                                                                          \
	do {                                                                                       \
		__typeof__(cap) __l4u_cap = (cap);                                                 \
		if (l4_is_invalid_cap(__l4u_cap)) {                                                \
			ASSERT_PRINTF("%s: capability " #cap " invalid\n", __func__);              \
			ASSERT_ASSERT(!l4_is_invalid_cap(__l4u_cap));                              \
		}                                                                                  \
	} while (0)

/* @a and @b (each evaluated once) compare as @op says; else both are printed in hex. */
#define __L4UTIL_ASSERT_CMP(a, op, b)                                                              \
	do {                                                                                       \
		__typeof__(a) __l4u_a = (a);                                                       \
		__typeof__(b) __l4u_b = (b);                                                       \
		if (!(__l4u_a op __l4u_b)) {                                                       \
			ASSERT_PRINTF("%s: not " #a " " #op " " #b ": %lx, %lx\n", __func__,       \
				      (unsigned long)__l4u_a, (unsigned long)__l4u_b);             \
			ASSERT_ASSERT(__l4u_a op __l4u_b);                                         \
		}                                                                                  \
	} while (0)

#define ASSERT_EQUAL(a, b)	    __L4UTIL_ASSERT_CMP(a, ==, b)
#define ASSERT_NOT_EQUAL(a, b)	    __L4UTIL_ASSERT_CMP(a, !=, b)
#define ASSERT_LOWER_EQ(val, max)   __L4UTIL_ASSERT_CMP(val, <=, max)
#define ASSERT_GREATER_EQ(val, min) __L4UTIL_ASSERT_CMP(val, >=, min)
/* @min <= @val <= @max (two statements, as L4Re's). */
#define ASSERT_BETWEEN(val, min, max)                                                              \
	ASSERT_LOWER_EQ((val), (max));                                                             \
	ASSERT_GREATER_EQ((val), (min));

/* The IPC that returned @msgtag succeeded (l4_ipc_error() of this thread's UTCB). */
#define ASSERT_IPC_OK(msgtag)                                                                      \
	do {                                                                                       \
		long __l4u_err = (long)l4_ipc_error((msgtag), l4_utcb());                          \
		if (__l4u_err) {                                                                   \
			ASSERT_PRINTF("%s: IPC error %lx\n", __func__, (unsigned long)__l4u_err);  \
			ASSERT_ASSERT(__l4u_err == 0);                                             \
		}                                                                                  \
	} while (0)

#define ASSERT_OK(val)	     ASSERT_EQUAL((val), 0)
#define ASSERT_NOT_NULL(ptr) ASSERT_NOT_EQUAL((ptr), (void *)0)

#endif

#endif
