/* vcon.h - ABI constants of the log / vcon protocol: opcodes and the write size. */
#ifndef L4_SYS_ABI_VCON_H
#define L4_SYS_ABI_VCON_H

#include <l4/sys/consts.h>

/* Log / vcon opcodes (mr0). */
enum l4_vcon_ops_t {
	L4_VCON_WRITE_OP = 0UL,
	L4_VCON_READ_OP = 1UL,
	L4_VCON_SET_ATTR_OP = 2UL,
	L4_VCON_GET_ATTR_OP = 3UL,
	L4_VCON_WRITE_SIZE = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t),
};

#endif
