/* memsrv_internal.h - what the memory server's files share; not for the rest of the root task. */
#ifndef ROOTTASK_MEMSRV_INTERNAL_H
#define ROOTTASK_MEMSRV_INTERNAL_H

#include "memsrv.h"
#include <l4/keel/bootinfo.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The server's capability slots (MEMSRV_FIRST_SLOT..MEMSRV_LAST_SLOT): its thread, a
 * receive slot for capabilities clients send, then one gate per dataspace.
 */
#define MEMSRV_THREAD_CAP  (MEMSRV_FIRST_SLOT << L4_CAP_SHIFT)
#define MEMSRV_SCRATCH_CAP ((MEMSRV_FIRST_SLOT + 1) << L4_CAP_SHIFT)
#define MEMSRV_DS_SLOT0	   (MEMSRV_FIRST_SLOT + 2)
_Static_assert(MEMSRV_DS_SLOT0 + MEMSRV_MAX_DS - 1 <= MEMSRV_LAST_SLOT, "gate slots");

/*
 * Gate labels: a tag | index << 4 | kind << 2; the kernel adds the caller's W and S
 * rights. The tag tells the server's gates from other gates of the root task (such as
 * the loader's), whose labels a capability item received with L4_RCV_ITEM_LOCAL_ID
 * shows just as well. The server thread's own capability (label 0) is how the root
 * task's other threads reach it (memsrv.c).
 */
#define LABEL_TAG      0x6d000000UL
#define LABEL_TAG_MASK 0xff000000UL
#define LABEL_RIGHTS   0x3UL
#define LABEL_KIND(l)  (((l) >> 2) & 0x3)
#define LABEL_INDEX(l) (((l) & ~LABEL_TAG_MASK) >> 4)
enum label_kind {
	KIND_DS = 1,	 /* a dataspace gate: the dataspace protocol (ds_proto.c) */
	KIND_CLIENT = 2, /* a client's allocator gate: the allocator protocols (alloc_proto.c) */
};

/* The label of the gate to entry @index of the table of @kind. */
static inline l4_umword_t memsrv_label(enum label_kind kind, unsigned long index)
{
	return LABEL_TAG | index << 4 | (l4_umword_t)kind << 2;
}

/* The message being served, copied out of the UTCB (system calls overwrite it). */
struct memsrv_request {
	long proto;	/* the message tag's label */
	unsigned words; /* untyped words in mr[] */
	unsigned items; /* typed items after them (two words each) */
	l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
};

/* A reply of just an error code (0: success). */
static inline l4_msgtag_t reply_err(long err)
{
	return l4_msgtag(err, 0, 0, 0);
}

/* ---- clients and their accounts (client.c) ---- */

/* A holder of an allocator gate: programs get one each (loader.c). */
struct memsrv_client {
	bool used;
	bool devices;		  /* may create MMIO dataspaces of boot-info device regions */
	unsigned long limit;	  /* bytes it may be charged */
	unsigned long used_bytes; /* bytes charged to it now */
	unsigned long count;	  /* its dataspaces */
	l4_cap_idx_t gate;	  /* its allocator gate, in the root task */
};

/**
 * client_create() - a new client with a @limit of bytes, device access if @devices,
 * and its allocator gate created in the root task's slot @cap (not one of the
 * server's). Return: 0 with its index in *@index, -L4_ENOMEM (no free client),
 * -L4_EINVAL (a bad @cap), or the gate's creation error.
 */
long client_create(unsigned long limit, bool devices, l4_cap_idx_t cap, unsigned *index);
/**
 * client_destroy() - release every dataspace of @c, delete its gate, free its entry.
 */
void client_destroy(struct memsrv_client *c);
/** client_by_index() - the client with table index @idx, or NULL if there is none. */
struct memsrv_client *client_by_index(unsigned long idx);
/** client_by_label() - the client whose allocator gate has @label, or NULL. */
struct memsrv_client *client_by_label(l4_umword_t label);
/** client_index() - @c's table index (what the control protocol names it by). */
unsigned long client_index(const struct memsrv_client *c);
/**
 * client_charge() - charge @bytes to @c if its limit allows.
 * Return: true if charged, false if that would exceed its limit.
 */
bool client_charge(struct memsrv_client *c, unsigned long bytes);
/** client_uncharge() - give back @bytes charged to @c before. */
void client_uncharge(struct memsrv_client *c, unsigned long bytes);
/**
 * client_add_ds() - count one more dataspace of @c.
 * Return: false if @c has MEMSRV_CLIENT_MAX_DS already.
 */
bool client_add_ds(struct memsrv_client *c);
/** client_remove_ds() - count one dataspace of @c less. */
void client_remove_ds(struct memsrv_client *c);

/* ---- dataspaces (ds.c) ---- */

enum ds_kind {
	DS_FREE = 0, /* an unused table entry */
	DS_ANON,     /* zero-filled pages, allocated at first use */
	DS_CONT,     /* physically contiguous, allocated at creation */
	DS_MMIO,     /* device registers */
	DS_MODULE,   /* a boot module, copy on write */
	DS_KINDS
};

struct ds {
	enum ds_kind kind;
	struct memsrv_client *owner;
	unsigned long pages;
	unsigned long flags; /* L4RE_MA_* of the allocation */
	l4_addr_t base;	     /* contiguous: its RAM; MMIO: physical; module: its data */
	l4_addr_t shadow;    /* MMIO, module: the root's view that clients get pages from */
	l4_addr_t *table;    /* anonymous: page or 0; module: private copy or 0 */
	unsigned long table_pages;
	unsigned long filled;  /* pages in table */
	unsigned long charged; /* bytes charged to the owner */
	int next_free;
	unsigned long bytes; /* module: the module's size (INFO's fourth word) */
};

/*
 * What sets the kinds apart: ds_kinds[], indexed by enum ds_kind (ds.c, which says
 * more). The protocols use the inline functions below, not the table; they are inline
 * as they are on every page fault's path (scripts/bench, "anon page fault").
 */
struct ds_kind_ops {
	bool device;	    /* uncached, never executable, not cleared or copied */
	bool physical;	    /* physically contiguous: PHYS tells its address */
	bool on_demand;	    /* pages made at first use: mapped page by page */
	bool copy_on_write; /* a written page is copied first: mapped page by page then */
	/* Page @i made writable by the server; its root address in *@addr. */
	long (*page_for_write)(struct ds *d, unsigned long i, l4_addr_t *addr);
	/* Page @i for reading: its root address, or 0 for a page that reads as zero. */
	l4_addr_t (*page_for_read)(const struct ds *d, unsigned long i);
	/* Where clients get the page at @off from (a root address). */
	l4_addr_t (*map_source)(const struct ds *d, unsigned long off);
	/* Give back the pages the kind holds (the shadow range and table go after). */
	void (*release)(struct ds *d);
};

extern const struct ds_kind_ops ds_kinds[DS_KINDS];
/* All dataspaces, by gate label index (entries of kind DS_FREE are unused). */
extern struct ds ds_table[MEMSRV_MAX_DS];

/** ds_table_init() - make every dataspace entry free (once, before serving). */
void ds_table_init(void);

/** ds_by_label() - the dataspace whose gate has @label, or NULL. */
static inline struct ds *ds_by_label(l4_umword_t label)
{
	unsigned long idx = LABEL_INDEX(label);
	if ((label & LABEL_TAG_MASK) != LABEL_TAG || LABEL_KIND(label) != KIND_DS ||
	    idx >= MEMSRV_MAX_DS || ds_table[idx].kind == DS_FREE)
		return NULL;
	return &ds_table[idx];
}

/** ds_cap() - @d's gate in the root task: what clients get a capability to. */
l4_cap_idx_t ds_cap(const struct ds *d);

/** ds_size() - @d's size in bytes (whole pages). */
static inline unsigned long ds_size(const struct ds *d)
{
	return d->pages << L4_PAGESHIFT;
}

/*
 * Creating a dataspace of @pages pages for client @c: on success it has its gate and
 * is in *@out; on failure everything taken for it is given back. Return: 0,
 * -L4_ENOMEM (no free dataspace, over @c's limit or out of memory or shadow window),
 * or the error of a mapping or of the gate's creation.
 */
/** ds_create_anon() - anonymous memory (zero pages made at first use), @flags kept. */
long ds_create_anon(struct memsrv_client *c, unsigned long pages, unsigned long flags,
		    struct ds **out);
/** ds_create_contiguous() - zeroed contiguous RAM aligned to 1 << @align bytes. */
long ds_create_contiguous(struct memsrv_client *c, unsigned long pages, unsigned long flags,
			  unsigned align, struct ds **out);
/** ds_create_mmio() - the device registers at @phys (checked by the caller). */
long ds_create_mmio(struct memsrv_client *c, unsigned long pages, l4_addr_t phys, struct ds **out);
/** ds_create_module() - the @size bytes of boot module data at @data, copy on write. */
long ds_create_module(struct memsrv_client *c, l4_addr_t data, unsigned long size, struct ds **out);
/**
 * ds_release() - everything @d holds goes: its gate deleted, mappings revoked, pages
 * and shadow range freed, its charge given back to its owner; its entry is free.
 */
void ds_release(struct ds *d);
/** ds_release_all_of() - ds_release() every dataspace @c owns. */
void ds_release_all_of(const struct memsrv_client *c);

/* What the kinds differ in, for the protocol's checks. */
/** ds_is_device() - @d is device registers: uncached, never executable or copied. */
static inline bool ds_is_device(const struct ds *d)
{
	return ds_kinds[d->kind].device;
}

/** ds_has_phys() - @d is physically contiguous: it has a physical address. */
static inline bool ds_has_phys(const struct ds *d)
{
	return ds_kinds[d->kind].physical;
}

/* Its contents (offsets in bytes; the caller has checked they lie within). */
/**
 * ds_maps_by_page() - whether a mapping of @d (for writing if @write) is made one page
 * at a time from ds_page_for_write() rather than in blocks from ds_map_source(): pages
 * made at first use, or copied at the first write.
 */
static inline bool ds_maps_by_page(const struct ds *d, bool write)
{
	return ds_kinds[d->kind].on_demand || (write && ds_kinds[d->kind].copy_on_write);
}

/**
 * ds_page_for_write() - page @i of @d made writable (allocated or copied first if need
 * be); its root address in *@addr. Return: 0, -L4_ENOMEM, or -L4_EINVAL for a kind the
 * server does not write (MMIO).
 */
static inline long ds_page_for_write(struct ds *d, unsigned long i, l4_addr_t *addr)
{
	return ds_kinds[d->kind].page_for_write(d, i, addr);
}

/** ds_map_source() - the root address clients get the page at @off from. */
static inline l4_addr_t ds_map_source(const struct ds *d, unsigned long off)
{
	return ds_kinds[d->kind].map_source(d, off);
}

/** ds_zero() - zero [@off, +@size): whole anonymous pages are given back. */
long ds_zero(struct ds *d, unsigned long off, unsigned long size);
/** ds_fill() - make the pages of [@off, +@size) exist now (anonymous ones: allocated). */
long ds_fill(struct ds *d, unsigned long off, unsigned long size);
/** ds_copy_bytes() - copy @size bytes from @s at @soff to @d at @doff (not MMIO). */
long ds_copy_bytes(struct ds *d, unsigned long doff, const struct ds *s, unsigned long soff,
		   unsigned long size);

/* ---- the shadow window and the root's own mappings (shadow.c) ---- */

/**
 * shadow_init() - place the shadow window (at 2 GiB, or above whatever of @bi's RAM,
 * modules, device tree and devices is in its way). Return: 0, or -L4_ENOMEM if nothing is left.
 */
int shadow_init(const struct keel_bootinfo *bi);
/** shadow_alloc() - a free range of the window for @bytes (1 MiB aligned from 1 MiB), or 0. */
l4_addr_t shadow_alloc(unsigned long bytes);
/** shadow_free() - unmap [@addr, +@bytes) from the root and everything derived, and free it. */
void shadow_free(l4_addr_t addr, unsigned long bytes);
/** root_map_range() - map the root's [@src, +@size) to its own @dst with @rights. */
long root_map_range(l4_addr_t src, l4_addr_t dst, unsigned long size, unsigned rights);
/**
 * root_unmap_range() - withdraw every mapping derived from the root's [@addr, +@size)
 * (with L4_FP_ALL_SPACES in @mask: the root's own too).
 */
void root_unmap_range(l4_addr_t addr, unsigned long size, l4_umword_t mask);

/* ---- the protocols (ds_proto.c, alloc_proto.c) ---- */

/**
 * ds_request() - serve @req, sent through @d's gate by a caller with the gate rights
 * @caller (L4_CAP_FPAGE_W, L4_CAP_FPAGE_S). Return: the reply's tag (words in the UTCB).
 */
l4_msgtag_t ds_request(struct ds *d, unsigned caller, const struct memsrv_request *req);
/**
 * alloc_request() - serve @req, sent through @c's allocator gate: the factory protocol
 * (create a dataspace) or the memory-allocator protocol (usage, open a boot module).
 * Return: the reply's tag (words or the new dataspace's capability in the UTCB).
 */
l4_msgtag_t alloc_request(struct memsrv_client *c, const struct memsrv_request *req);

/* ---- the server (memsrv.c) ---- */

/* The boot info (RAM, modules, device regions), once memsrv_init() has run. */
extern const struct keel_bootinfo *memsrv_bootinfo;

#endif
