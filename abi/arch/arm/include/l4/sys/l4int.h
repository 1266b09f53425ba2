/* l4int.h - fixed-size integer types of the L4 ABI (32-bit ARM). */
#ifndef L4_SYS_L4INT_H
#define L4_SYS_L4INT_H

#include <stdint.h>

typedef int8_t l4_int8_t;
typedef uint8_t l4_uint8_t;
typedef int16_t l4_int16_t;
typedef uint16_t l4_uint16_t;
typedef int32_t l4_int32_t;
typedef uint32_t l4_uint32_t;
typedef int64_t l4_int64_t;
typedef uint64_t l4_uint64_t;

/* Machine words: 32 bits on ARMv7-A (and ARMv5). */
#define L4_MWORD_BITS 32
typedef unsigned long l4_umword_t;
typedef long l4_mword_t;
typedef unsigned long l4_addr_t;
/* As L4Re's ARM has them: the type of size_t, so that a size_t * is an l4_size_t *. */
typedef unsigned int l4_size_t;
typedef int l4_ssize_t;
typedef l4_uint64_t l4_cpu_time_t;
typedef l4_uint64_t l4_kernel_clock_t;

#endif
