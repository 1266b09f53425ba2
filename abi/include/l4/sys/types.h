/* types.h - ABI types: capability index, message tag, timeouts, and their pure helpers. */
#ifndef L4_SYS_TYPES_H
#define L4_SYS_TYPES_H

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/l4int.h>

typedef unsigned long l4_cap_idx_t;

#define L4_INVALID_CAP (~0UL << 11)

/* The tests of a capability index answer unsigned (0 or 1), as L4Re's. */
L4_INLINE unsigned l4_is_invalid_cap(l4_cap_idx_t c)
{
	return (c & L4_INVALID_CAP_BIT) != 0;
}

L4_INLINE unsigned l4_is_valid_cap(l4_cap_idx_t c)
{
	return (c & L4_INVALID_CAP_BIT) == 0;
}

L4_INLINE unsigned l4_capability_equal(l4_cap_idx_t a, l4_cap_idx_t b)
{
	return (a >> L4_CAP_SHIFT) == (b >> L4_CAP_SHIFT);
}

/* The capability index after @c. */
L4_INLINE l4_cap_idx_t l4_capability_next(l4_cap_idx_t c)
{
	return c + L4_CAP_OFFSET;
}

/* Message tag: words 0-5, items 6-11, flags 12-15, label 16-31 (signed). */
typedef struct l4_msgtag_t {
	l4_mword_t raw;
} l4_msgtag_t;

L4_INLINE l4_msgtag_t l4_msgtag(long label, unsigned words, unsigned items, unsigned flags)
{
	l4_msgtag_t t;
	t.raw = (l4_mword_t)(((unsigned long)label << L4_MSGTAG_LABEL_SHIFT) |
			     (words & L4_MSGTAG_WORDS_MASK) |
			     ((items & L4_MSGTAG_ITEMS_MASK) << L4_MSGTAG_ITEMS_SHIFT) |
			     (flags & L4_MSGTAG_FLAGS_MASK));
	return t;
}

L4_INLINE long l4_msgtag_label(l4_msgtag_t t)
{
	return t.raw >> L4_MSGTAG_LABEL_SHIFT;
}

L4_INLINE unsigned l4_msgtag_words(l4_msgtag_t t)
{
	return (unsigned)t.raw & L4_MSGTAG_WORDS_MASK;
}

L4_INLINE unsigned l4_msgtag_items(l4_msgtag_t t)
{
	return ((unsigned)t.raw >> L4_MSGTAG_ITEMS_SHIFT) & L4_MSGTAG_ITEMS_MASK;
}

L4_INLINE unsigned l4_msgtag_flags(l4_msgtag_t t)
{
	return (unsigned)t.raw & L4_MSGTAG_FLAGS_MASK;
}

L4_INLINE unsigned l4_msgtag_has_error(l4_msgtag_t t)
{
	return (unsigned)t.raw & L4_MSGTAG_ERROR;
}

L4_INLINE unsigned l4_msgtag_is_page_fault(l4_msgtag_t t)
{
	return l4_msgtag_label(t) == L4_PROTO_PAGE_FAULT;
}

L4_INLINE unsigned l4_msgtag_is_exception(l4_msgtag_t t)
{
	return l4_msgtag_label(t) == L4_PROTO_EXCEPTION;
}

/* The other kernel protocols' tests (L4Re's; Keel's kernel sends none of these). */
L4_INLINE unsigned l4_msgtag_is_preemption(l4_msgtag_t t)
{
	return l4_msgtag_label(t) == L4_PROTO_PREEMPTION;
}

L4_INLINE unsigned l4_msgtag_is_sys_exception(l4_msgtag_t t)
{
	return l4_msgtag_label(t) == L4_PROTO_SYS_EXCEPTION;
}

L4_INLINE unsigned l4_msgtag_is_sigma0(l4_msgtag_t t)
{
	return l4_msgtag_label(t) == L4_PROTO_SIGMA0;
}

L4_INLINE unsigned l4_msgtag_is_io_page_fault(l4_msgtag_t t)
{
	return l4_msgtag_label(t) == L4_PROTO_IO_PAGE_FAULT;
}

/* Timeouts: 16 bits each, mantissa 0-9, exponent 10-14 (m << e us), bit 15 absolute. */
typedef struct l4_timeout_s {
	l4_uint16_t t;
} l4_timeout_s;

/* A pair: send << 16 | receive (L4Re's layout: p.rcv and p.snd are l4_timeout_s). */
typedef union l4_timeout_t {
	l4_uint32_t raw;
	struct {
		l4_timeout_s rcv;
		l4_timeout_s snd;
	} p;
} l4_timeout_t;

#define L4_IPC_TIMEOUT_0     ((l4_timeout_s){0x0400})
#define L4_IPC_TIMEOUT_NEVER ((l4_timeout_s){0})
#define L4_IPC_NEVER_INITIALIZER                                                                   \
	{                                                                                          \
		0                                                                                  \
	}
#define L4_IPC_NEVER	      ((l4_timeout_t){0})
#define L4_IPC_RECV_TIMEOUT_0 ((l4_timeout_t){0x00000400})
#define L4_IPC_SEND_TIMEOUT_0 ((l4_timeout_t){0x04000000})
#define L4_IPC_BOTH_TIMEOUT_0 ((l4_timeout_t){0x04000400})

L4_INLINE l4_timeout_t l4_timeout(l4_timeout_s snd, l4_timeout_s rcv)
{
	l4_timeout_t t;
	t.p.snd = snd;
	t.p.rcv = rcv;
	return t;
}

/* Set the send (l4_snd_timeout) or receive (l4_rcv_timeout) half of *@to. */
L4_INLINE void l4_snd_timeout(l4_timeout_s snd, l4_timeout_t *to)
{
	to->p.snd = snd;
}

L4_INLINE void l4_rcv_timeout(l4_timeout_s rcv, l4_timeout_t *to)
{
	to->p.rcv = rcv;
}

/* Non-zero if @to is absolute (bit 15: a deadline in buffer registers, l4/sys/utcb.h). */
L4_INLINE unsigned l4_timeout_is_absolute(l4_timeout_s to)
{
	return to.t & 0x8000;
}

L4_INLINE l4_timeout_s l4_timeout_rel(unsigned man, unsigned exp)
{
	l4_timeout_s t;
	t.t = (l4_uint16_t)((man & 0x3ff) | ((exp << 10) & 0x7c00));
	return t;
}

/* Flexpage: rights 0-3, type 4-5, order 6-11 (log2 size), address or cap index 12+. */
typedef union l4_fpage_t {
	l4_umword_t raw;
	l4_umword_t fpage;
} l4_fpage_t;

L4_INLINE l4_fpage_t l4_fpage(l4_addr_t address, unsigned int order, unsigned char rights)
{
	l4_fpage_t f;
	f.raw = (address & L4_FPAGE_CONTROL_MASK) | ((l4_umword_t)order << L4_FPAGE_SIZE_SHIFT) |
		((l4_umword_t)L4_FPAGE_MEMORY << L4_FPAGE_TYPE_SHIFT) | (rights & 0xf);
	return f;
}

L4_INLINE l4_fpage_t l4_obj_fpage(l4_cap_idx_t obj, unsigned int order, unsigned char rights)
{
	l4_fpage_t f;
	f.raw = (obj & L4_FPAGE_CONTROL_MASK) | ((l4_umword_t)order << L4_FPAGE_SIZE_SHIFT) |
		((l4_umword_t)L4_FPAGE_OBJ << L4_FPAGE_TYPE_SHIFT) | (rights & 0xf);
	return f;
}

L4_INLINE l4_fpage_t l4_fpage_all(void)
{
	l4_fpage_t f;
	f.raw = 63UL << L4_FPAGE_SIZE_SHIFT;
	return f;
}

L4_INLINE l4_fpage_t l4_fpage_invalid(void)
{
	l4_fpage_t f;
	f.raw = 0;
	return f;
}

L4_INLINE unsigned l4_fpage_rights(l4_fpage_t f)
{
	return f.raw & 0xf;
}

L4_INLINE unsigned l4_fpage_type(l4_fpage_t f)
{
	return (f.raw >> L4_FPAGE_TYPE_SHIFT) & 3;
}

L4_INLINE unsigned l4_fpage_size(l4_fpage_t f)
{
	return (f.raw >> L4_FPAGE_SIZE_SHIFT) & 0x3f;
}

L4_INLINE l4_addr_t l4_fpage_memaddr(l4_fpage_t f)
{
	return f.raw & L4_FPAGE_CONTROL_MASK;
}

L4_INLINE l4_cap_idx_t l4_fpage_obj(l4_fpage_t f)
{
	return f.raw & L4_FPAGE_CONTROL_MASK;
}

/* @src with its rights replaced by @new_rights (type, order and address kept). */
L4_INLINE l4_fpage_t l4_fpage_set_rights(l4_fpage_t src, unsigned char new_rights)
{
	l4_fpage_t f;
	f.raw = (src.raw & ~(l4_umword_t)L4_FPAGE_RIGHTS_MASK) |
		((l4_umword_t)new_rights & L4_FPAGE_RIGHTS_MASK);
	return f;
}

/*
 * Non-zero if the 2^@log2size bytes at @addr lie wholly in the flexpage @fpage (its
 * address and order). Orders of the word's width or more cover everything from the
 * flexpage's address on.
 */
L4_INLINE int l4_fpage_contains(l4_fpage_t fpage, l4_addr_t addr, unsigned log2size)
{
	l4_addr_t base = l4_fpage_memaddr(fpage);
	unsigned order = l4_fpage_size(fpage);
	if (addr < base)
		return 0;
	if (order >= L4_MWORD_BITS)
		return log2size < L4_MWORD_BITS &&
		       (l4_addr_t)(~0UL - addr) >= (1UL << log2size) - 1;
	if (log2size > order)
		return 0;
	/* Both ends, with the last byte's address (no overflow at the top). */
	l4_addr_t last = addr + ((1UL << log2size) - 1);
	return last >= addr && last - base <= (1UL << order) - 1;
}

/* Word 0 of a map item: send base (hot spot) | attributes | map | grant. */
L4_INLINE l4_umword_t l4_map_control(l4_umword_t snd_base, unsigned char cache, unsigned grant)
{
	return (snd_base & L4_FPAGE_CONTROL_MASK) | ((l4_umword_t)cache << 4) | L4_ITEM_MAP | grant;
}

L4_INLINE l4_umword_t l4_map_obj_control(l4_umword_t snd_base, unsigned grant)
{
	return l4_map_control(snd_base, 0, grant);
}

#endif
