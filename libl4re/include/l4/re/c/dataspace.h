/* dataspace.h - dataspaces: memory objects served by a pager (the root task's allocator). */
#ifndef L4_RE_C_DATASPACE_H
#define L4_RE_C_DATASPACE_H

#include <l4/re/protocols.h>
#include <l4/sys/types.h>

typedef l4_cap_idx_t l4re_ds_t;
typedef unsigned long l4re_ds_size_t;
typedef unsigned long l4re_ds_offset_t;
typedef unsigned long l4re_ds_map_addr_t;
typedef unsigned long l4re_ds_flags_t;

typedef struct {
	l4re_ds_size_t size;   /* bytes */
	l4re_ds_flags_t flags; /* L4RE_DS_F_* rights this capability gives, and caching */
} l4re_ds_stats_t;

/* Map request flags: rights wanted, and the memory type (as in L4Re). */
enum l4re_ds_map_flags {
	L4RE_DS_F_R = L4_FPAGE_RO,
	L4RE_DS_F_W = L4_FPAGE_W,
	L4RE_DS_F_X = L4_FPAGE_X,
	L4RE_DS_F_RW = L4_FPAGE_RW,
	L4RE_DS_F_RX = L4_FPAGE_RX,
	L4RE_DS_F_RWX = L4_FPAGE_RWX,
	L4RE_DS_F_RIGHTS_MASK = 0x0f,
	L4RE_DS_F_NORMAL = 0x00,
	L4RE_DS_F_CACHEABLE = L4RE_DS_F_NORMAL,
	L4RE_DS_F_BUFFERABLE = 0x10,
	L4RE_DS_F_UNCACHEABLE = 0x20, /* device memory (MMIO dataspaces) */
	L4RE_DS_F_CACHING_MASK = 0x30,
	L4RE_DS_F_CACHING_SHIFT = 4, /* the caching bits' value: (flags & MASK) >> SHIFT */
};

/*
 * The dataspace protocol. Call a dataspace capability with label L4RE_PROTO_DATASPACE
 * and mr0 = opcode; errors come back as a negative label. The server knows the
 * caller's W right (label bit 0) and S right (bit 1): W is needed for writable
 * mappings, clear, allocate and as copy destination; S (the owner's capability,
 * handed out by the allocator) for release.
 *
 *  MAP      mr1 offset, mr2 flags (L4RE_DS_F_*), mr3 local address (the page
 *           wanted), mr4 min address, mr5 max address (inclusive) of the region
 *           the client can take; br0 = a memory receive window (L4_ITEM_MAP |
 *           flexpage) around the local address. Reply: one map item of at least
 *           the page at offset (larger aligned blocks when the backing allows,
 *           never beyond l4re_util_fpage_window_order(local, min, max)).
 *           -L4_ERANGE offset beyond size, -L4_EPERM rights not given,
 *           -L4_ENOMEM no memory for a page.
 *  CLEAR    mr1 offset, mr2 size: zero the range (anonymous memory is given back
 *           and unmapped everywhere; it reads as zero again on the next fault).
 *  INFO     reply mr0 size, mr1 flags (rights of this capability | caching),
 *           mr2 allocation flags (L4RE_MA_*).
 *  COPY     mr1 destination offset, mr2 source offset, mr3 size; one capability
 *           item: the source dataspace (same server). Copies bytes.
 *  RELEASE  free the dataspace: its memory is unmapped from everyone and returned
 *           to the allocator, its capabilities stop working.
 *  ALLOCATE mr1 offset, mr2 size: populate the range now.
 *  PHYS     mr1 offset: reply mr0 physical address, mr1 bytes physically
 *           contiguous from there (contiguous and MMIO dataspaces, for DMA);
 *           -L4_EINVAL for others.
 */
enum l4re_ds_ops {
	L4RE_DS_OP_MAP = 0,
	L4RE_DS_OP_CLEAR = 1,
	L4RE_DS_OP_INFO = 2,
	L4RE_DS_OP_COPY = 3,
	L4RE_DS_OP_RELEASE = 5,
	L4RE_DS_OP_ALLOCATE = 6,
	L4RE_DS_OP_PHYS = 7,
};

/* Ask the server to map the page at @offset to @local_addr (within [min, max]). */
int l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
		l4re_ds_map_addr_t max_addr);
/* Map [min_addr, max_addr] from @offset on, page by page (eager mapping). */
int l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
		       l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr);
long l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size);
long l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size);
int l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
		    l4re_ds_offset_t src_offs, l4re_ds_size_t size);
/* Size in bytes, or a negative error. */
l4re_ds_size_t l4re_ds_size(l4re_ds_t ds);
/* Keel: the bytes of data in @ds: a boot module's size (its dataspace's size is that
 * rounded up to whole pages), else its size. Return: it, or a negative error. */
long l4re_ds_keel_bytes(l4re_ds_t ds);
/* Rights of this capability (L4RE_DS_F_*), or a negative error. */
l4re_ds_flags_t l4re_ds_flags(l4re_ds_t ds);
int l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats);
/* Keel: physical address and contiguous length at @offset (DMA). */
int l4re_ds_phys(l4re_ds_t ds, l4re_ds_offset_t offset, l4_addr_t *phys, l4_size_t *size);

#endif
