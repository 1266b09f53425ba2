/* ds.c - dataspaces: their table, the four kinds and their pages, creation and release. */
#include "memsrv_internal.h"
#include "page_alloc.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <string.h>

struct ds ds_table[MEMSRV_MAX_DS];
static int ds_free_head = -1;
/* Pages promised to anonymous dataspaces and not yet taken from the page allocator. */
static unsigned long reserved;

/* ---- accounting ---- */

/* Pages free for new commitments (what anonymous dataspaces were promised is not). */
static unsigned long available(void)
{
	unsigned long free = page_free_count();
	return free > reserved ? free - reserved : 0;
}

static bool charge(struct ds *d, unsigned long bytes)
{
	if (!client_charge(d->owner, bytes))
		return false;
	d->charged += bytes;
	return true;
}

static void uncharge(struct ds *d, unsigned long bytes)
{
	client_uncharge(d->owner, bytes);
	d->charged -= bytes;
}

/* ---- anonymous memory ---- */

/* Make anonymous page @i exist (zeroed). */
static long anon_fill(struct ds *d, unsigned long i)
{
	if (d->table[i])
		return 0;
	l4_addr_t page = page_alloc(1, L4_PAGESHIFT);
	if (!page)
		return -L4_ENOMEM;
	memset((void *)page, 0, L4_PAGESIZE);
	d->table[i] = page;
	d->filled++;
	reserved--;
	return 0;
}

/* Give anonymous page @i back: unmapped from everyone, it reads as zero next time. */
static void anon_drop(struct ds *d, unsigned long i)
{
	l4_addr_t page = d->table[i];
	if (!page)
		return;
	l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(page, L4_PAGESHIFT, L4_FPAGE_RWX),
		      L4_FP_OTHER_SPACES);
	page_free(page, 1);
	d->table[i] = 0;
	d->filled--;
	reserved++;
}

static long anon_page_for_write(struct ds *d, unsigned long i, l4_addr_t *addr)
{
	long err = anon_fill(d, i);
	*addr = d->table[i];
	return err;
}

static l4_addr_t anon_page_for_read(const struct ds *d, unsigned long i)
{
	return d->table[i];
}

static l4_addr_t anon_map_source(const struct ds *d, unsigned long off)
{
	return d->table[off >> L4_PAGESHIFT];
}

/* Every page goes back, and so does the promise of the pages never made. */
static void anon_release(struct ds *d)
{
	if (!d->table)
		return;
	for (unsigned long i = 0; i < d->pages; i++)
		anon_drop(d, i);
	reserved -= d->pages;
}

/* ---- contiguous memory and device registers: pages at base ---- */

static long cont_page_for_write(struct ds *d, unsigned long i, l4_addr_t *addr)
{
	*addr = d->base + (i << L4_PAGESHIFT);
	return 0;
}

static l4_addr_t base_page_for_read(const struct ds *d, unsigned long i)
{
	return d->base + (i << L4_PAGESHIFT);
}

static l4_addr_t cont_map_source(const struct ds *d, unsigned long off)
{
	return d->base + off;
}

static void cont_release(struct ds *d)
{
	if (!d->base)
		return;
	root_unmap_range(d->base, ds_size(d), L4_FP_OTHER_SPACES);
	page_free(d->base, d->pages);
}

/* The server never writes device registers (nor reads them: see ds_copy_bytes()). */
static long mmio_page_for_write(struct ds *d, unsigned long i, l4_addr_t *addr)
{
	(void)d;
	(void)i;
	(void)addr;
	return -L4_EINVAL;
}

static l4_addr_t shadow_map_source(const struct ds *d, unsigned long off)
{
	return d->shadow + off;
}

static void mmio_release(struct ds *d)
{
	(void)d; /* the registers stay; their shadow range goes in ds_release() */
}

/* ---- boot modules, copy on write ---- */

/* Copy on write of module page @i: revoke the original's mappings, install a copy. */
static long module_copy(struct ds *d, unsigned long i)
{
	if (d->table[i])
		return 0;
	if (available() < 1 || !charge(d, L4_PAGESIZE))
		return -L4_ENOMEM;
	l4_addr_t copy = page_alloc(1, L4_PAGESHIFT);
	l4_addr_t orig = d->base + (i << L4_PAGESHIFT), at = d->shadow + (i << L4_PAGESHIFT);
	long err = copy ? 0 : -L4_ENOMEM;
	if (!err) {
		memcpy((void *)copy, (const void *)orig, L4_PAGESIZE);
		l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(at, L4_PAGESHIFT, L4_FPAGE_RWX),
			      L4_FP_ALL_SPACES);
		err = root_map_range(copy, at, L4_PAGESIZE, L4_FPAGE_RWX);
	}
	if (err) {
		if (copy) {
			page_free(copy, 1);
			root_map_range(orig, at, L4_PAGESIZE, L4_FPAGE_RX);
		}
		uncharge(d, L4_PAGESIZE);
		return err;
	}
	d->table[i] = copy;
	d->filled++;
	return 0;
}

static long module_page_for_write(struct ds *d, unsigned long i, l4_addr_t *addr)
{
	long err = module_copy(d, i);
	*addr = d->table[i];
	return err;
}

static l4_addr_t module_page_for_read(const struct ds *d, unsigned long i)
{
	if (d->table[i])
		return d->table[i];
	return d->base + (i << L4_PAGESHIFT);
}

/* The private copies go (the module's own pages stay: they are the boot image). */
static void module_release(struct ds *d)
{
	for (unsigned long i = 0; d->table && i < d->pages; i++)
		if (d->table[i])
			page_free(d->table[i], 1);
}

/*
 * The kinds (struct ds_kind_ops). Anonymous memory: zero pages allocated at first use,
 * in a table of one word per page. Contiguous memory: one run of RAM, allocated (and
 * zeroed) at creation. MMIO: device registers, mapped from the shadow window (never
 * read or written by the server). Boot module: its pages mapped read-only from the
 * shadow window until a client writes, when the written page gets a private copy.
 */
const struct ds_kind_ops ds_kinds[DS_KINDS] = {
    [DS_ANON] = {.on_demand = true,
		 .page_for_write = anon_page_for_write,
		 .page_for_read = anon_page_for_read,
		 .map_source = anon_map_source,
		 .release = anon_release},
    [DS_CONT] = {.physical = true,
		 .page_for_write = cont_page_for_write,
		 .page_for_read = base_page_for_read,
		 .map_source = cont_map_source,
		 .release = cont_release},
    [DS_MMIO] = {.device = true,
		 .physical = true,
		 .page_for_write = mmio_page_for_write,
		 .page_for_read = base_page_for_read,
		 .map_source = shadow_map_source,
		 .release = mmio_release},
    [DS_MODULE] = {.copy_on_write = true,
		   .page_for_write = module_page_for_write,
		   .page_for_read = module_page_for_read,
		   .map_source = shadow_map_source,
		   .release = module_release},
};

/* ---- the table ---- */

void ds_table_init(void)
{
	ds_free_head = -1;
	for (int i = MEMSRV_MAX_DS - 1; i >= 0; i--) {
		ds_table[i].next_free = ds_free_head;
		ds_free_head = i;
	}
}

l4_cap_idx_t ds_cap(const struct ds *d)
{
	return (MEMSRV_DS_SLOT0 + (unsigned long)(d - ds_table)) << L4_CAP_SHIFT;
}

/* A free entry for a new dataspace of @c (of kind DS_FREE still), or NULL. */
static struct ds *ds_get(struct memsrv_client *c)
{
	if (ds_free_head < 0 || !client_add_ds(c))
		return NULL;
	struct ds *d = &ds_table[ds_free_head];
	ds_free_head = d->next_free;
	memset(d, 0, sizeof(*d));
	d->owner = c;
	return d;
}

static void ds_put(struct ds *d)
{
	int i = (int)(d - ds_table);
	client_uncharge(d->owner, d->charged);
	client_remove_ds(d->owner);
	memset(d, 0, sizeof(*d));
	d->next_free = ds_free_head;
	ds_free_head = i;
}

/* ---- creating and releasing ---- */

/* Pages of a table of one word per page of @d. */
static unsigned long table_size(const struct ds *d)
{
	return (d->pages * sizeof(l4_addr_t) + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
}

/* A zeroed table for @d (its pages are the server's, not charged to the client). */
static long table_alloc(struct ds *d)
{
	d->table_pages = table_size(d);
	if (available() < d->table_pages)
		return -L4_ENOMEM;
	d->table = (l4_addr_t *)page_alloc(d->table_pages, L4_PAGESHIFT);
	if (!d->table)
		return -L4_ENOMEM;
	memset(d->table, 0, d->table_pages << L4_PAGESHIFT);
	return 0;
}

/* Map @d's [base, +size) of the root task into a fresh shadow range with @rights. */
static long map_into_shadow(struct ds *d, unsigned rights)
{
	d->shadow = shadow_alloc(ds_size(d));
	if (!d->shadow)
		return -L4_ENOMEM;
	return root_map_range(d->base, d->shadow, ds_size(d), rights);
}

/* Give a dataspace whose setup ended with @err its gate; on failure undo it all. */
static long ds_finish(struct ds *d, long err, struct ds **out)
{
	if (!err)
		err = l4_error(
		    l4_factory_create_gate(L4_BASE_FACTORY_CAP, ds_cap(d), MEMSRV_THREAD_CAP,
					   memsrv_label(KIND_DS, (unsigned long)(d - ds_table))));
	if (err) {
		ds_release(d);
		return err;
	}
	*out = d;
	return 0;
}

/* All of it is charged now (and promised, not taken: pages come at first use). */
long ds_create_anon(struct memsrv_client *c, unsigned long pages, unsigned long flags,
		    struct ds **out)
{
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->kind = DS_ANON;
	d->pages = pages;
	d->flags = flags;
	long err = -L4_ENOMEM;
	if (charge(d, ds_size(d)) && available() >= d->pages + table_size(d))
		err = table_alloc(d);
	if (!err)
		reserved += d->pages;
	return ds_finish(d, err, out);
}

long ds_create_contiguous(struct memsrv_client *c, unsigned long pages, unsigned long flags,
			  unsigned align, struct ds **out)
{
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->kind = DS_CONT;
	d->pages = pages;
	d->flags = flags;
	long err = -L4_ENOMEM;
	if (charge(d, ds_size(d)) && available() >= d->pages) {
		d->base = page_alloc(d->pages, align);
		if (d->base) {
			memset((void *)d->base, 0, ds_size(d));
			err = 0;
		}
	}
	return ds_finish(d, err, out);
}

/* Registers are not RAM: nothing is charged. */
long ds_create_mmio(struct memsrv_client *c, unsigned long pages, l4_addr_t phys, struct ds **out)
{
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->kind = DS_MMIO;
	d->pages = pages;
	d->flags = L4RE_MA_MMIO;
	d->base = phys;
	return ds_finish(d, map_into_shadow(d, L4_FPAGE_RW), out);
}

/* Only the private copies are charged, when they are made. */
long ds_create_module(struct memsrv_client *c, l4_addr_t data, unsigned long size, struct ds **out)
{
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->kind = DS_MODULE;
	d->pages = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
	d->bytes = size;
	d->base = data;
	long err = table_alloc(d);
	if (!err)
		err = map_into_shadow(d, L4_FPAGE_RX);
	return ds_finish(d, err, out);
}

void ds_release(struct ds *d)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, ds_cap(d));
	if (d->shadow)
		shadow_free(d->shadow, ds_size(d));
	ds_kinds[d->kind].release(d);
	if (d->table)
		page_free((l4_addr_t)d->table, d->table_pages);
	ds_put(d);
}

void ds_release_all_of(const struct memsrv_client *c)
{
	for (unsigned i = 0; i < MEMSRV_MAX_DS; i++)
		if (ds_table[i].kind != DS_FREE && ds_table[i].owner == c)
			ds_release(&ds_table[i]);
}

/* ---- contents ---- */

long ds_zero(struct ds *d, unsigned long off, unsigned long size)
{
	while (size) {
		unsigned long in = off & (L4_PAGESIZE - 1);
		unsigned long n = L4_PAGESIZE - in < size ? L4_PAGESIZE - in : size;
		l4_addr_t page;
		if (d->kind == DS_ANON && (n == L4_PAGESIZE || !d->table[off >> L4_PAGESHIFT])) {
			anon_drop(d, off >> L4_PAGESHIFT); /* (a page not there reads as zero) */
		} else {
			long err = ds_page_for_write(d, off >> L4_PAGESHIFT, &page);
			if (err)
				return err;
			memset((void *)(page + in), 0, n);
		}
		off += n;
		size -= n;
	}
	return 0;
}

/* Other kinds have all their pages from the start. */
long ds_fill(struct ds *d, unsigned long off, unsigned long size)
{
	if (d->kind != DS_ANON || size == 0)
		return 0;
	unsigned long last = (off + size - 1) >> L4_PAGESHIFT;
	for (unsigned long i = off >> L4_PAGESHIFT; i <= last; i++) {
		long err = anon_fill(d, i);
		if (err)
			return err;
	}
	return 0;
}

/* Page piece by page piece: the pages of either need not be contiguous. */
long ds_copy_bytes(struct ds *d, unsigned long doff, const struct ds *s, unsigned long soff,
		   unsigned long size)
{
	while (size) {
		unsigned long din = doff & (L4_PAGESIZE - 1), sin = soff & (L4_PAGESIZE - 1);
		unsigned long n = L4_PAGESIZE - (din > sin ? din : sin);
		if (n > size)
			n = size;
		l4_addr_t dst;
		long err = ds_page_for_write(d, doff >> L4_PAGESHIFT, &dst);
		if (err)
			return err;
		l4_addr_t src = ds_kinds[s->kind].page_for_read(s, soff >> L4_PAGESHIFT);
		if (src)
			memcpy((void *)(dst + din), (const void *)(src + sin), n);
		else
			memset((void *)(dst + din), 0, n);
		doff += n;
		soff += n;
		size -= n;
	}
	return 0;
}
