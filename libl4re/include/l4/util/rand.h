/* rand.h - L4Re's l4util pseudo-random numbers (not for anything that needs secrecy). */
#ifndef L4_UTIL_RAND_H
#define L4_UTIL_RAND_H

#include <l4/sys/compiler.h>
#include <l4/sys/l4int.h>

/* The largest number l4util_rand() returns. */
#define L4_RAND_MAX 65535

EXTERN_C_BEGIN

/* The next number of the sequence, 0..L4_RAND_MAX (one sequence per program). */
L4_CV l4_uint32_t l4util_rand(void);

/* Start the sequence anew from @seed: the same seed gives the same numbers. */
L4_CV void l4util_srand(l4_uint32_t seed);

EXTERN_C_END

#endif
