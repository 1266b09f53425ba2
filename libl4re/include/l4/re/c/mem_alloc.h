/* mem_alloc.h - the memory allocator: creates dataspaces within a per-client limit. */
#ifndef L4_RE_C_MEM_ALLOC_H
#define L4_RE_C_MEM_ALLOC_H

#include <l4/re/c/dataspace.h>

/* Allocation flags (L4Re values, then Keel's). */
enum l4re_ma_flags {
	L4RE_MA_CONTINUOUS = 0x01,  /* physically contiguous, populated at once */
	L4RE_MA_PINNED = 0x02,	    /* never paged out (all Keel memory is) */
	L4RE_MA_SUPER_PAGES = 0x04, /* map in 1 MiB sections where possible */
	/* Keel: a dataspace of device registers; one more argument, the physical
	 * address. Only allocators created with device access may do this, and only
	 * for device regions the kernel gave the root task. */
	L4RE_MA_MMIO = 0x100,
};

/*
 * Allocation is the factory protocol (as in L4Re): label L4_PROTO_FACTORY, mr0 =
 * L4RE_PROTO_DATASPACE, then typed arguments (UMWORD) size, flags, alignment (log2,
 * at least 12), and for L4RE_MA_MMIO the physical address; br0 receives the new
 * dataspace capability (RWS). Sizes are rounded up to pages. The whole size is
 * charged against the client's limit at once (so a later fault never runs out):
 * -L4_ENOMEM when the limit or the free memory does not suffice, -L4_EINVAL for a
 * zero or absurd size or bad flags, -L4_EPERM for MMIO without device access.
 *
 * Keel's allocator queries: label L4RE_PROTO_MEM_ALLOC, mr0 = opcode.
 *  USAGE        reply mr0 bytes charged, mr1 limit, mr2 dataspaces alive.
 *  OPEN_MODULE  mr1.. = the boot module's name (NUL-terminated, up to 48 bytes);
 *               br0 receives a new dataspace of the module (RWS capability). It
 *               reads as the module; a writable mapping (asked for with W) first
 *               copies the page (copy on write), charged to the client; other
 *               openers keep seeing the module. -L4_ENOENT: no such module.
 */
enum l4re_ma_ops {
	L4RE_MA_OP_USAGE = 0,
	L4RE_MA_OP_OPEN_MODULE = 1,
};

/* Allocate @size bytes as a dataspace into the capability slot @mem (L4Re's
 * signatures: a size of 0 or less is -L4_EINVAL). */
long l4re_ma_alloc(long size, l4re_ds_t const mem, unsigned long flags);
long l4re_ma_alloc_align(long size, l4re_ds_t const mem, unsigned long flags, unsigned long align);
long l4re_ma_alloc_srv(l4_cap_idx_t srv, unsigned long size, l4re_ds_t mem, unsigned long flags,
		       unsigned long align);
/* L4Re's: @size bytes from the allocator @srv, aligned to 2^@align (at least a page; 0:
 * a page), as a dataspace into the slot @mem. Return: 0 or a negative error. */
long l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem, unsigned long flags,
			     unsigned long align);
/* Keel: a dataspace of device registers at @phys (L4RE_MA_MMIO). */
long l4re_ma_alloc_mmio_srv(l4_cap_idx_t srv, l4_addr_t phys, unsigned long size, l4re_ds_t mem);
/* Give a dataspace's memory back (its release operation). */
long l4re_ma_free(l4re_ds_t mem);
/* The same, L4Re's call naming the allocator @srv. Keel's dataspaces release themselves
 * (the operation needs the S right the allocator gave with the dataspace), so @srv is
 * not asked: the memory goes back to the allocator that made it. */
long l4re_ma_free_srv(l4_cap_idx_t srv, l4re_ds_t const mem);
/* Keel: what the allocator has charged to this client, and its limit. */
long l4re_ma_usage_srv(l4_cap_idx_t srv, unsigned long *used, unsigned long *limit,
		       unsigned long *count);
/* Keel: open boot module @name as a read-only, copy-on-write dataspace. */
long l4re_ma_open_module_srv(l4_cap_idx_t srv, const char *name, l4re_ds_t mem);

#endif
