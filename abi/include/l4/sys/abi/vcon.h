/* vcon.h - ABI of the log / vcon protocol: opcodes, the write size, attributes. */
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
	L4_VCON_READ_SIZE = (L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t),
};

/* The opcode's bits of mr0; READ carries the most bytes wanted above them (L4Re's
 * message: mr0 = size << 16 | L4_VCON_READ_OP, one word). */
#define L4_VCON_OP_MASK	   0xffffUL
#define L4_VCON_READ_SHIFT 16

/* The first reply word of READ: the bytes returned, a break before them, and whether
 * that was all the input there was (L4Re's bits). */
#define L4_VCON_READ_SIZE_MASK	0x3fffffffUL
#define L4_VCON_READ_STAT_BREAK (1UL << 30)
#define L4_VCON_READ_STAT_DONE	(1UL << 31)

/*
 * Attributes of a vcon (L4Re's l4_vcon_attr_t, termios-like). SET_ATTR sends them in
 * mr1..mr3 (4 words with the op), GET_ATTR (1 word) gets them back in mr1..mr3.
 */
typedef struct l4_vcon_attr_t {
	l4_umword_t i_flags; /* input: L4_VCON_INLCR, L4_VCON_IGNCR, L4_VCON_ICRNL */
	l4_umword_t o_flags; /* output: L4_VCON_ONLCR, L4_VCON_OCRNL, L4_VCON_ONLRET */
	l4_umword_t l_flags; /* local: L4_VCON_ICANON, L4_VCON_ECHO */
} l4_vcon_attr_t;

/* The values are L4Re's, which are those of POSIX termios (octal). */
enum L4_vcon_i_flags {
	L4_VCON_INLCR = 0100, /* NL becomes CR */
	L4_VCON_IGNCR = 0200, /* CR is dropped */
	L4_VCON_ICRNL = 0400, /* CR becomes NL (unless IGNCR) */
};

enum L4_vcon_o_flags {
	L4_VCON_ONLCR = 0004,  /* NL goes out as CR NL */
	L4_VCON_OCRNL = 0010,  /* CR goes out as NL */
	L4_VCON_ONLRET = 0040, /* CR is not sent */
};

enum L4_vcon_l_flags {
	L4_VCON_ICANON = 0002, /* canonical mode: input is line edited, read by lines */
	L4_VCON_ECHO = 0010,   /* typed input is echoed */
};

#endif
