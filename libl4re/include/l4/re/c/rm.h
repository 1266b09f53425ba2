/* rm.h - the region mapper: which dataspace backs which part of this task's address space. */
#ifndef L4_RE_C_RM_H
#define L4_RE_C_RM_H

#include <l4/re/c/dataspace.h>

/* Region and attach flags (L4Re values). */
enum l4re_rm_flags_values {
	L4RE_RM_F_R = L4RE_DS_F_R,
	L4RE_RM_F_W = L4RE_DS_F_W,
	L4RE_RM_F_X = L4RE_DS_F_X,
	L4RE_RM_F_RX = L4RE_DS_F_RX,
	L4RE_RM_F_RW = L4RE_DS_F_RW,
	L4RE_RM_F_RWX = L4RE_DS_F_RWX,
	/* The region's memory is mapped nowhere else. Keel's region mapper keeps the flag
	 * with the region (find reports it) and changes nothing for it. */
	L4RE_RM_F_NO_ALIAS = 0x200,
	L4RE_RM_F_RESERVED = 0x800, /* an area, reserved (find reports it) */
	L4RE_RM_CACHING_SHIFT = 4,
	L4RE_RM_F_CACHING = L4RE_DS_F_CACHING_MASK,
	/*
	 * The memory type wanted for the region's pages; it goes with each map request to
	 * the dataspace. Keel's memory server maps RAM as normal cacheable memory and
	 * device dataspaces as device memory whatever is asked (docs/abi.md, "L4Re's C API").
	 */
	L4RE_RM_F_CACHE_NORMAL = L4RE_DS_F_NORMAL,
	L4RE_RM_F_CACHE_BUFFERED = L4RE_DS_F_BUFFERABLE,
	L4RE_RM_F_CACHE_UNCACHED = L4RE_DS_F_UNCACHEABLE,
	L4RE_RM_REGION_FLAGS = 0xffff,
	L4RE_RM_F_SEARCH_ADDR = 0x020000,  /* pick a free address */
	L4RE_RM_F_IN_AREA = 0x040000,	   /* must lie in (and search within) an area */
	L4RE_RM_F_EAGER_MAP = 0x080000,	   /* map everything at attach time */
	L4RE_RM_F_NO_EAGER_MAP = 0x100000, /* map on faults only (Keel's default anyway) */
	L4RE_RM_F_ATTACH_FLAGS = 0x1f0000,
};

typedef unsigned long l4re_rm_flags_t;
typedef unsigned long l4re_rm_offset_t;

/*
 * The region-mapper protocol: label L4RE_PROTO_RM, mr0 = opcode, to the region
 * mapper thread of the task (l4re_env()->rm). It is also that task's pager: page
 * faults in a region are resolved by the region's dataspace (L4RE_DS_OP_MAP);
 * faults outside every region go on to the task's own pager (L4_BASE_PAGER_CAP,
 * the parent's); a fault the dataspace refuses, or one in an area without a
 * region, becomes an exception.
 *
 *  ATTACH       mr1 start, mr2 size, mr3 flags, mr4 dataspace cap, mr5 offset,
 *               mr6 align (log2); reply mr0 start.
 *  DETACH       mr1 address; reply mr0 dataspace, mr1 start, mr2 size. The pages
 *               stay mapped: the client unmaps them in the task it names (L4Re's
 *               detach does the same, l4re_rm_detach_srv()).
 *  RESERVE_AREA mr1 start, mr2 size, mr3 flags, mr4 align; reply mr0 start.
 *  FREE_AREA    mr1 start.
 *  FIND         mr1 address; reply mr0 start, mr1 size, mr2 offset, mr3 flags,
 *               mr4 dataspace.
 * Errors: -L4_EADDRNOTAVAIL (overlap, or nothing free), -L4_ENOENT (no region),
 * -L4_EINVAL (unaligned, empty, or wrapping), -L4_ENOMEM (table full).
 */
enum l4re_rm_ops {
	L4RE_RM_OP_ATTACH = 0,
	L4RE_RM_OP_DETACH = 1,
	L4RE_RM_OP_RESERVE_AREA = 2,
	L4RE_RM_OP_FREE_AREA = 3,
	L4RE_RM_OP_FIND = 4,
};

int l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size, l4re_rm_flags_t flags,
		       l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align);
/* Detach the region at @addr; *@ds (if not NULL) gets its dataspace, and its pages are
 * unmapped from @task (L4_INVALID_CAP: they stay mapped). */
int l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task);
int l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
			     l4re_rm_flags_t flags, unsigned char align);
int l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr);
int l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
		     l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m);

/* The same through this task's region mapper. */
int l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags, l4re_ds_t mem,
		   l4re_rm_offset_t offs, unsigned char align);
int l4re_rm_detach(void *addr);
int l4re_rm_detach_ds(void *addr, l4re_ds_t *ds);
/* Detach and unmap the pages from @task (L4_INVALID_CAP: leave them mapped). */
int l4re_rm_detach_unmap(l4_addr_t addr, l4_cap_idx_t task);
int l4re_rm_detach_ds_unmap(void *addr, l4re_ds_t *ds, l4_cap_idx_t task);
int l4re_rm_reserve_area(l4_addr_t *start, unsigned long size, l4re_rm_flags_t flags,
			 unsigned char align);
int l4re_rm_free_area(l4_addr_t addr);
int l4re_rm_find(l4_addr_t *addr, unsigned long *size, l4re_rm_offset_t *offset,
		 l4re_rm_flags_t *flags, l4re_ds_t *m);

#endif
