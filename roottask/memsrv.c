/* memsrv.c - the memory allocator and dataspace server: one thread of the root task. */
#include "memsrv.h"
#include "page_alloc.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/util/fpage.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <string.h>

/* The server thread: the root task's UTCB 126 (the loader's pager has 127). */
#define SERVER_UTCB (0xbff00000UL + 126 * L4_UTCB_OFFSET)
#define STACK_WORDS 2048
/* Slots: the thread, a receive slot for foreign capabilities, then one per dataspace. */
#define SERVER_CAP  (MEMSRV_FIRST_SLOT << L4_CAP_SHIFT)
#define SCRATCH_CAP ((MEMSRV_FIRST_SLOT + 1) << L4_CAP_SHIFT)
#define DS_SLOT0    (MEMSRV_FIRST_SLOT + 2)
_Static_assert(DS_SLOT0 + MEMSRV_MAX_DS - 1 <= MEMSRV_LAST_SLOT, "gate slots");

/*
 * Gate labels: a tag | index << 4 | kind << 2; the kernel adds the caller's W and S
 * rights. The tag tells the server's gates from other gates of the root task (such as
 * the loader's), whose labels a capability item received with L4_RCV_ITEM_LOCAL_ID
 * shows just as well.
 */
#define LABEL_TAG      0x6d000000UL
#define LABEL_TAG_MASK 0xff000000UL
#define LABEL_RIGHTS   0x3UL
#define LABEL_KIND(l)  (((l) >> 2) & 0x3)
#define LABEL_INDEX(l) (((l) & ~LABEL_TAG_MASK) >> 4)
enum label_kind {
	KIND_DS = 1,
	KIND_CLIENT = 2,
};

/* Requests of root-task threads (memsrv_client_*), so the tables have one writer. */
#define PROTO_CONTROL 0x4f4d
enum control_ops {
	CTL_CREATE = 0, /* mr1 limit, mr2 devices, mr3 cap; reply mr0 client index */
	CTL_DESTROY = 1,
	CTL_USAGE = 2, /* reply mr0 used, mr1 limit, mr2 count */
};

/* Module and MMIO dataspaces are mapped on from a window of the root's address space. */
#define SHADOW_START 0x80000000UL
#define SHADOW_END   0xb0000000UL
#define SHADOW_SHIFT 16 /* allocated in 64 KiB units */
#define SHADOW_UNITS ((SHADOW_END - SHADOW_START) >> SHADOW_SHIFT)

#define MB	    (1UL << 20)
#define MAX_ALIGN   28
#define NAME_WORDS  12 /* OPEN_MODULE: 48 bytes of name */
#define ALLOC_FLAGS (L4RE_MA_CONTINUOUS | L4RE_MA_PINNED | L4RE_MA_SUPER_PAGES | L4RE_MA_MMIO)
#define UMWORD_ARG  (L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16))

enum ds_kind {
	DS_FREE = 0,
	DS_ANON,   /* zero-filled pages, allocated at first use */
	DS_CONT,   /* physically contiguous, allocated at creation */
	DS_MMIO,   /* device registers */
	DS_MODULE, /* a boot module, copy on write */
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
};

struct memsrv_client {
	bool used;
	bool devices;
	unsigned long limit;
	unsigned long used_bytes;
	unsigned long count;
	l4_cap_idx_t gate;
};

/* The message being served, copied out of the UTCB (system calls overwrite it). */
static struct {
	long proto;
	unsigned words;
	unsigned items;
	l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];
} req;

static struct ds dss[MEMSRV_MAX_DS];
static int ds_free_head = -1;
static struct memsrv_client clients[MEMSRV_MAX_CLIENTS];
static const struct keel_bootinfo *bootinfo;
static bool started;
/* Pages promised to anonymous dataspaces and not yet taken from the page allocator. */
static unsigned long reserved;
static struct {
	l4_addr_t base;
	unsigned long units;
	uint32_t used[SHADOW_UNITS / 32];
} shadow;
static uint64_t server_stack[STACK_WORDS];

static l4_msgtag_t reply_err(long err)
{
	return l4_msgtag(err, 0, 0, 0);
}

static unsigned long ds_size(const struct ds *d)
{
	return d->pages << L4_PAGESHIFT;
}

static l4_cap_idx_t ds_cap(const struct ds *d)
{
	return (DS_SLOT0 + (unsigned long)(d - dss)) << L4_CAP_SHIFT;
}

/* ---- memory helpers ---- */

/* Pages free for new commitments (what anonymous dataspaces were promised is not). */
static unsigned long available(void)
{
	unsigned long free = page_free_count();
	return free > reserved ? free - reserved : 0;
}

/* Withdraw every mapping derived from the root's [addr, +size) (@mask: and its own). */
static void unmap_range(l4_addr_t addr, unsigned long size, l4_umword_t mask)
{
	while (size) {
		unsigned order = l4re_util_fpage_fit_order(addr, size);
		l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(addr, order, L4_FPAGE_RWX), mask);
		addr += 1UL << order;
		size -= 1UL << order;
	}
}

/* Map the root's [src, +size) to its own @dst with @rights. */
static long map_range(l4_addr_t src, l4_addr_t dst, unsigned long size, unsigned rights)
{
	while (size) {
		unsigned order = l4re_util_fpage_fit_order(src | dst, size);
		long err = l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
						l4_fpage(src, order, (unsigned char)rights),
						l4_map_control(dst, 0, 0)));
		if (err)
			return err;
		src += 1UL << order;
		dst += 1UL << order;
		size -= 1UL << order;
	}
	return 0;
}

/* ---- the shadow window ---- */

/* The end of [base, +size) if it overlaps [lo, hi), else 0. */
static uint64_t overlap_end(uint64_t lo, uint64_t hi, uint64_t base, uint64_t size)
{
	return base < hi && lo < base + size ? base + size : 0;
}

/* The end of a boot-info region (RAM, modules, device tree, devices) overlapping
 * [lo, hi), or 0. */
static uint64_t region_overlap(uint64_t lo, uint64_t hi)
{
	const struct keel_bootinfo *bi = bootinfo;
	uint64_t end = overlap_end(lo, hi, bi->ram_base, bi->ram_size);
	if (!end)
		end = overlap_end(lo, hi, bi->modules, bi->modules_size);
	if (!end)
		end = overlap_end(lo, hi, bi->dtb, bi->dtb_size);
	for (unsigned i = 0; !end && i < bi->device_count && i < KEEL_BOOTINFO_MAX_DEVICES; i++)
		end = overlap_end(lo, hi, bi->devices[i].base, bi->devices[i].size);
	return end;
}

/* Start the window above whatever the boot info says is in its way. */
static int shadow_init(void)
{
	uint64_t base = SHADOW_START, end;
	while ((end = region_overlap(base, SHADOW_END)) != 0)
		base = (end + MB - 1) & ~(uint64_t)(MB - 1);
	if (base >= SHADOW_END)
		return -L4_ENOMEM;
	shadow.base = (l4_addr_t)base;
	shadow.units = (SHADOW_END - shadow.base) >> SHADOW_SHIFT;
	return 0;
}

static bool shadow_used(unsigned long i)
{
	return (shadow.used[i / 32] >> (i % 32)) & 1;
}

static void shadow_mark(unsigned long first, unsigned long n, bool used)
{
	for (unsigned long i = first; i < first + n; i++)
		if (shadow_used(i) != used)
			shadow.used[i / 32] ^= 1u << (i % 32);
}

static unsigned long shadow_units(unsigned long bytes)
{
	return (bytes + (1UL << SHADOW_SHIFT) - 1) >> SHADOW_SHIFT;
}

/* A free range of the window for @bytes (1 MiB aligned from 1 MiB on), or 0. */
static l4_addr_t shadow_alloc(unsigned long bytes)
{
	unsigned long n = shadow_units(bytes), run = 0;
	unsigned long align = bytes >= MB ? MB >> SHADOW_SHIFT : 1;
	for (unsigned long i = 0; i < shadow.units; i++) {
		if ((run == 0 && i % align) || shadow_used(i)) {
			run = 0;
			continue;
		}
		if (++run == n) {
			shadow_mark(i + 1 - n, n, true);
			return shadow.base + ((i + 1 - n) << SHADOW_SHIFT);
		}
	}
	return 0;
}

/* Unmap the range (from the root and everything derived) and free it. */
static void shadow_free(l4_addr_t addr, unsigned long bytes)
{
	unmap_range(addr, shadow_units(bytes) << SHADOW_SHIFT, L4_FP_ALL_SPACES);
	shadow_mark((addr - shadow.base) >> SHADOW_SHIFT, shadow_units(bytes), false);
}

/* ---- accounting ---- */

static bool charge(struct ds *d, unsigned long bytes)
{
	struct memsrv_client *c = d->owner;
	if (bytes > c->limit - c->used_bytes)
		return false;
	c->used_bytes += bytes;
	d->charged += bytes;
	return true;
}

/* ---- dataspace pages ---- */

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
		err = map_range(copy, at, L4_PAGESIZE, L4_FPAGE_RWX);
	}
	if (err) {
		if (copy) {
			page_free(copy, 1);
			map_range(orig, at, L4_PAGESIZE, L4_FPAGE_RX);
		}
		d->owner->used_bytes -= L4_PAGESIZE;
		d->charged -= L4_PAGESIZE;
		return err;
	}
	d->table[i] = copy;
	d->filled++;
	return 0;
}

/* Page @i for writing (allocated or copied first): its root address in *@addr. */
static long page_for_write(struct ds *d, unsigned long i, l4_addr_t *addr)
{
	long err = 0;
	switch (d->kind) {
	case DS_ANON:
		err = anon_fill(d, i);
		*addr = d->table[i];
		return err;
	case DS_MODULE:
		err = module_copy(d, i);
		*addr = d->table[i];
		return err;
	case DS_CONT:
		*addr = d->base + (i << L4_PAGESHIFT);
		return 0;
	default:
		return -L4_EINVAL;
	}
}

/* Page @i for reading: its root address, or 0 for a page that reads as zero. */
static l4_addr_t page_for_read(const struct ds *d, unsigned long i)
{
	if (d->kind == DS_ANON)
		return d->table[i];
	if (d->kind == DS_MODULE && d->table[i])
		return d->table[i];
	return d->base + (i << L4_PAGESHIFT);
}

/* Where clients get the page at @off from (a root address). */
static l4_addr_t map_source(const struct ds *d, unsigned long off)
{
	switch (d->kind) {
	case DS_ANON:
		return d->table[off >> L4_PAGESHIFT];
	case DS_CONT:
		return d->base + off;
	default:
		return d->shadow + off;
	}
}

/* ---- creating and releasing dataspaces ---- */

static struct ds *ds_get(struct memsrv_client *c)
{
	if (ds_free_head < 0 || c->count >= MEMSRV_CLIENT_MAX_DS)
		return NULL;
	struct ds *d = &dss[ds_free_head];
	ds_free_head = d->next_free;
	memset(d, 0, sizeof(*d));
	d->owner = c;
	c->count++;
	return d;
}

static void ds_put(struct ds *d)
{
	int i = (int)(d - dss);
	d->owner->used_bytes -= d->charged;
	d->owner->count--;
	memset(d, 0, sizeof(*d));
	d->next_free = ds_free_head;
	ds_free_head = i;
}

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

static long anon_create(struct ds *d)
{
	if (!charge(d, ds_size(d)) || available() < d->pages + table_size(d))
		return -L4_ENOMEM;
	long err = table_alloc(d);
	if (!err)
		reserved += d->pages;
	return err;
}

static long cont_create(struct ds *d, unsigned align)
{
	if (!charge(d, ds_size(d)) || available() < d->pages)
		return -L4_ENOMEM;
	d->base = page_alloc(d->pages, align);
	if (!d->base)
		return -L4_ENOMEM;
	memset((void *)d->base, 0, ds_size(d));
	return 0;
}

/* Map [base, +size) of the root task into a fresh shadow range with @rights. */
static long shadow_create(struct ds *d, unsigned rights)
{
	d->shadow = shadow_alloc(ds_size(d));
	if (!d->shadow)
		return -L4_ENOMEM;
	return map_range(d->base, d->shadow, ds_size(d), rights);
}

/* Everything a dataspace holds goes: mappings revoked, pages and ranges freed. */
static void ds_release(struct ds *d)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, ds_cap(d));
	if (d->shadow)
		shadow_free(d->shadow, ds_size(d));
	if (d->kind == DS_CONT && d->base) {
		unmap_range(d->base, ds_size(d), L4_FP_OTHER_SPACES);
		page_free(d->base, d->pages);
	}
	for (unsigned long i = 0; d->table && i < d->pages; i++) {
		if (d->kind == DS_ANON)
			anon_drop(d, i);
		else if (d->table[i])
			page_free(d->table[i], 1);
	}
	if (d->kind == DS_ANON && d->table)
		reserved -= d->pages;
	if (d->table)
		page_free((l4_addr_t)d->table, d->table_pages);
	ds_put(d);
}

/* Give a dataspace whose setup ended with @err its gate; on failure undo it all. */
static long ds_finish(struct ds *d, long err)
{
	l4_umword_t label = LABEL_TAG | (unsigned long)(d - dss) << 4 | KIND_DS << 2;
	if (!err)
		err = l4_error(
		    l4_factory_create_gate(L4_BASE_FACTORY_CAP, ds_cap(d), SERVER_CAP, label));
	if (err) {
		ds_release(d);
		return err;
	}
	return 0;
}

/* The reply that hands out a new dataspace's capability. */
static l4_msgtag_t reply_ds(const struct ds *d)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(ds_cap(d), 0, L4_CAP_FPAGE_RWS).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* ---- the dataspace protocol ---- */

/* The largest block (1 MiB, 64 KiB, else a page) the dataspace can send at @off. */
static unsigned block_order(const struct ds *d, unsigned long off, l4_addr_t local, unsigned win)
{
	static const unsigned orders[] = {20, 16};
	for (unsigned i = 0; i < 2; i++) {
		unsigned long bs = 1UL << orders[i], start = off & ~(bs - 1);
		if (orders[i] <= win && (local & (bs - 1)) == (off & (bs - 1)) &&
		    start + bs <= ds_size(d) && !(map_source(d, start) & (bs - 1)))
			return orders[i];
	}
	return L4_PAGESHIFT;
}

static l4_msgtag_t ds_map(struct ds *d, unsigned caller)
{
	if (req.words < 6)
		return reply_err(-L4_EMSGTOOSHORT);
	unsigned long off = req.mr[1], flags = req.mr[2];
	l4_addr_t local = req.mr[3] & L4_PAGEMASK, min = req.mr[4] & L4_PAGEMASK, max = req.mr[5];
	unsigned rights = (flags & L4RE_DS_F_RIGHTS_MASK) | L4_FPAGE_R;
	if (off >= ds_size(d))
		return reply_err(-L4_ERANGE);
	if ((flags & ~(l4_umword_t)(L4RE_DS_F_RIGHTS_MASK | L4RE_DS_F_CACHING_MASK)) ||
	    (rights & ~L4_FPAGE_RWX) || local < min || local > max)
		return reply_err(-L4_EINVAL);
	bool write = rights & L4_FPAGE_W;
	if ((write && !(caller & L4_CAP_FPAGE_W)) || ((rights & L4_FPAGE_X) && d->kind == DS_MMIO))
		return reply_err(-L4_EPERM);
	unsigned order = L4_PAGESHIFT;
	l4_addr_t page;
	long err = 0;
	if (d->kind == DS_ANON || (d->kind == DS_MODULE && write))
		err = page_for_write(d, off >> L4_PAGESHIFT, &page);
	else
		order = block_order(d, off, local, l4re_util_fpage_window_order(local, min, max));
	if (err)
		return reply_err(err);
	unsigned long mask = (1UL << order) - 1;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_control(local & ~mask, 0, 0);
	mr->mr[1] = l4_fpage(map_source(d, off & ~mask), order, (unsigned char)rights).raw;
	return l4_msgtag(0, 0, 1, 0);
}

/* [off, +size) lies within the dataspace. */
static bool in_range(const struct ds *d, unsigned long off, unsigned long size)
{
	return off <= ds_size(d) && size <= ds_size(d) - off;
}

/* Zero [off, +size): whole anonymous pages are given back, the rest written. */
static long ds_zero(struct ds *d, unsigned long off, unsigned long size)
{
	while (size) {
		unsigned long in = off & (L4_PAGESIZE - 1);
		unsigned long n = L4_PAGESIZE - in < size ? L4_PAGESIZE - in : size;
		l4_addr_t page;
		if (d->kind == DS_ANON && (n == L4_PAGESIZE || !d->table[off >> L4_PAGESHIFT])) {
			anon_drop(d, off >> L4_PAGESHIFT); /* (a page not there reads as zero) */
		} else {
			long err = page_for_write(d, off >> L4_PAGESHIFT, &page);
			if (err)
				return err;
			memset((void *)(page + in), 0, n);
		}
		off += n;
		size -= n;
	}
	return 0;
}

static l4_msgtag_t ds_clear(struct ds *d, unsigned caller)
{
	if (req.words < 3)
		return reply_err(-L4_EMSGTOOSHORT);
	if (!(caller & L4_CAP_FPAGE_W))
		return reply_err(-L4_EPERM);
	if (!in_range(d, req.mr[1], req.mr[2]))
		return reply_err(-L4_ERANGE);
	if (d->kind == DS_MMIO)
		return reply_err(-L4_EINVAL);
	return reply_err(ds_zero(d, req.mr[1], req.mr[2]));
}

static l4_msgtag_t ds_allocate(struct ds *d, unsigned caller)
{
	if (req.words < 3)
		return reply_err(-L4_EMSGTOOSHORT);
	if (!(caller & L4_CAP_FPAGE_W))
		return reply_err(-L4_EPERM);
	unsigned long off = req.mr[1], size = req.mr[2];
	if (!in_range(d, off, size))
		return reply_err(-L4_ERANGE);
	if (d->kind != DS_ANON || size == 0)
		return reply_err(0);
	unsigned long last = (off + size - 1) >> L4_PAGESHIFT;
	for (unsigned long i = off >> L4_PAGESHIFT; i <= last; i++) {
		long err = anon_fill(d, i);
		if (err)
			return reply_err(err);
	}
	return reply_err(0);
}

static l4_msgtag_t ds_info(const struct ds *d, unsigned caller)
{
	l4_umword_t rights = L4RE_DS_F_R | (caller & L4_CAP_FPAGE_W ? L4RE_DS_F_W : 0);
	if (d->kind == DS_MMIO)
		rights |= L4RE_DS_F_UNCACHEABLE;
	else
		rights |= L4RE_DS_F_X;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = ds_size(d);
	mr->mr[1] = rights;
	mr->mr[2] = d->flags;
	return l4_msgtag(0, 3, 0, 0);
}

/* The dataspace named by the COPY request's capability item, or NULL. */
static struct ds *item_ds(void)
{
	if (req.items < 1 || req.words + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return NULL;
	l4_umword_t w0 = req.mr[req.words], w1 = req.mr[req.words + 1];
	unsigned long idx = LABEL_INDEX(w1);
	if ((w0 & 0x3e) != L4_RCV_ITEM_ID_RECEIVED || (w1 & LABEL_TAG_MASK) != LABEL_TAG ||
	    LABEL_KIND(w1) != KIND_DS || idx >= MEMSRV_MAX_DS || dss[idx].kind == DS_FREE)
		return NULL;
	return &dss[idx];
}

/* Copy @size bytes from @s at @soff to @d at @doff, page piece by page piece. */
static long ds_copy_bytes(struct ds *d, unsigned long doff, const struct ds *s, unsigned long soff,
			  unsigned long size)
{
	while (size) {
		unsigned long din = doff & (L4_PAGESIZE - 1), sin = soff & (L4_PAGESIZE - 1);
		unsigned long n = L4_PAGESIZE - (din > sin ? din : sin);
		if (n > size)
			n = size;
		l4_addr_t dst;
		long err = page_for_write(d, doff >> L4_PAGESHIFT, &dst);
		if (err)
			return err;
		l4_addr_t src = page_for_read(s, soff >> L4_PAGESHIFT);
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

static l4_msgtag_t ds_copy(struct ds *d, unsigned caller)
{
	if (req.words < 4)
		return reply_err(-L4_EMSGTOOSHORT);
	if (!(caller & L4_CAP_FPAGE_W))
		return reply_err(-L4_EPERM);
	unsigned long doff = req.mr[1], soff = req.mr[2], size = req.mr[3];
	struct ds *s = item_ds();
	if (!s || s->kind == DS_MMIO || d->kind == DS_MMIO)
		return reply_err(-L4_EINVAL);
	if (!in_range(d, doff, size) || !in_range(s, soff, size))
		return reply_err(-L4_ERANGE);
	if (s == d && doff < soff + size && soff < doff + size)
		return reply_err(-L4_EINVAL); /* overlapping */
	return reply_err(ds_copy_bytes(d, doff, s, soff, size));
}

static l4_msgtag_t ds_phys(const struct ds *d)
{
	if (req.words < 2)
		return reply_err(-L4_EMSGTOOSHORT);
	unsigned long off = req.mr[1];
	if (off >= ds_size(d))
		return reply_err(-L4_ERANGE);
	if (d->kind != DS_CONT && d->kind != DS_MMIO)
		return reply_err(-L4_EINVAL);
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = d->base + off;
	mr->mr[1] = ds_size(d) - off;
	return l4_msgtag(0, 2, 0, 0);
}

static l4_msgtag_t ds_request(struct ds *d, unsigned caller)
{
	if (req.proto != L4RE_PROTO_DATASPACE)
		return reply_err(-L4_EBADPROTO);
	if (req.words < 1)
		return reply_err(-L4_EMSGTOOSHORT);
	switch (req.mr[0]) {
	case L4RE_DS_OP_MAP:
		return ds_map(d, caller);
	case L4RE_DS_OP_CLEAR:
		return ds_clear(d, caller);
	case L4RE_DS_OP_INFO:
		return ds_info(d, caller);
	case L4RE_DS_OP_COPY:
		return ds_copy(d, caller);
	case L4RE_DS_OP_RELEASE:
		if (!(caller & L4_CAP_FPAGE_S))
			return reply_err(-L4_EPERM);
		ds_release(d);
		return reply_err(0);
	case L4RE_DS_OP_ALLOCATE:
		return ds_allocate(d, caller);
	case L4RE_DS_OP_PHYS:
		return ds_phys(d);
	default:
		return reply_err(-L4_ENOSYS);
	}
}

/* ---- the allocator protocol ---- */

/* [phys, +size) lies within one device region of the boot info. */
static bool is_device(l4_addr_t phys, unsigned long size)
{
	for (unsigned i = 0; i < bootinfo->device_count && i < KEEL_BOOTINFO_MAX_DEVICES; i++) {
		uint64_t b = bootinfo->devices[i].base, e = b + bootinfo->devices[i].size;
		if (phys >= b && (uint64_t)phys + size <= e)
			return true;
	}
	return false;
}

static long alloc_mmio(struct memsrv_client *c, unsigned long pages, l4_addr_t phys,
		       struct ds **out)
{
	if (!c->devices)
		return -L4_EPERM;
	if ((phys & (L4_PAGESIZE - 1)) || !is_device(phys, pages << L4_PAGESHIFT))
		return -L4_EINVAL;
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->kind = DS_MMIO;
	d->pages = pages;
	d->flags = L4RE_MA_MMIO;
	d->base = phys;
	*out = d;
	return ds_finish(d, shadow_create(d, L4_FPAGE_RW));
}

/* The typed argument @i of a create message (its value in *@val). */
static long umword_arg(unsigned i, l4_umword_t *val)
{
	if (req.words < 3 + 2 * i)
		return -L4_EMSGTOOSHORT;
	if (req.mr[1 + 2 * i] != UMWORD_ARG)
		return -L4_EINVAL;
	*val = req.mr[2 + 2 * i];
	return 0;
}

static long alloc_ds(struct memsrv_client *c, struct ds **out)
{
	l4_umword_t size = 0, flags = 0, align = 0, phys = 0;
	long err = umword_arg(0, &size);
	if (!err)
		err = umword_arg(1, &flags);
	if (!err)
		err = umword_arg(2, &align);
	if (!err && (flags & L4RE_MA_MMIO))
		err = umword_arg(3, &phys);
	if (err)
		return err;
	if (size == 0 || size > ~0UL - L4_PAGESIZE || (flags & ~(l4_umword_t)ALLOC_FLAGS) ||
	    align > MAX_ALIGN)
		return -L4_EINVAL;
	unsigned long pages = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
	if (flags & L4RE_MA_MMIO)
		return alloc_mmio(c, pages, phys, out);
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->pages = pages;
	d->flags = flags;
	*out = d;
	if (flags & L4RE_MA_CONTINUOUS) {
		d->kind = DS_CONT;
		return ds_finish(d, cont_create(d, align < L4_PAGESHIFT ? L4_PAGESHIFT : align));
	}
	d->kind = DS_ANON;
	return ds_finish(d, anon_create(d));
}

static bool find_module(const char *name, l4_addr_t *data, unsigned long *size)
{
	if (!bootinfo->modules || bootinfo->modules_size < sizeof(struct keel_bootmod_header))
		return false;
	const struct keel_bootmod_header *h = (const void *)bootinfo->modules;
	const struct keel_bootmod_entry *e = (const void *)(h + 1);
	if (h->magic != KEEL_BOOTMOD_MAGIC || h->count > KEEL_BOOTMOD_MAX)
		return false;
	for (unsigned i = 0; i < h->count; i++) {
		if (strncmp(e[i].name, name, KEEL_BOOTMOD_NAME_LEN) == 0 && e[i].size &&
		    e[i].offset <= bootinfo->modules_size &&
		    e[i].size <= bootinfo->modules_size - e[i].offset && !(e[i].offset & 0xfff)) {
			*data = (l4_addr_t)h + e[i].offset;
			*size = e[i].size;
			return true;
		}
	}
	return false;
}

static long open_module(struct memsrv_client *c, struct ds **out)
{
	char name[NAME_WORDS * sizeof(l4_umword_t) + 1];
	if (req.words < 2)
		return -L4_EMSGTOOSHORT;
	unsigned words = req.words - 1 < NAME_WORDS ? req.words - 1 : NAME_WORDS;
	memcpy(name, &req.mr[1], words * sizeof(l4_umword_t));
	name[words * sizeof(l4_umword_t)] = 0;
	if (strlen(name) >= words * sizeof(l4_umword_t))
		return -L4_EINVAL; /* not terminated */
	l4_addr_t data;
	unsigned long size;
	if (!find_module(name, &data, &size))
		return -L4_ENOENT;
	struct ds *d = ds_get(c);
	if (!d)
		return -L4_ENOMEM;
	d->kind = DS_MODULE;
	d->pages = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
	d->base = data;
	*out = d;
	long err = table_alloc(d);
	if (!err)
		err = shadow_create(d, L4_FPAGE_RX);
	return ds_finish(d, err);
}

static l4_msgtag_t client_request(struct memsrv_client *c)
{
	struct ds *d = NULL;
	long err;
	if (req.proto == L4_PROTO_FACTORY) {
		if (req.words < 1)
			return reply_err(-L4_EMSGTOOSHORT);
		if ((long)req.mr[0] != L4RE_PROTO_DATASPACE)
			return reply_err(-L4_ENODEV);
		err = alloc_ds(c, &d);
	} else if (req.proto == L4RE_PROTO_MEM_ALLOC) {
		if (req.words < 1)
			return reply_err(-L4_EMSGTOOSHORT);
		if (req.mr[0] == L4RE_MA_OP_USAGE) {
			l4_msg_regs_t *mr = l4_utcb_mr();
			mr->mr[0] = c->used_bytes;
			mr->mr[1] = c->limit;
			mr->mr[2] = c->count;
			return l4_msgtag(0, 3, 0, 0);
		}
		if (req.mr[0] != L4RE_MA_OP_OPEN_MODULE)
			return reply_err(-L4_ENOSYS);
		err = open_module(c, &d);
	} else {
		return reply_err(-L4_EBADPROTO);
	}
	return err ? reply_err(err) : reply_ds(d);
}

/* ---- clients ---- */

static void client_destroy(struct memsrv_client *c)
{
	for (unsigned i = 0; i < MEMSRV_MAX_DS; i++)
		if (dss[i].kind != DS_FREE && dss[i].owner == c)
			ds_release(&dss[i]);
	l4_task_delete_obj(L4_BASE_TASK_CAP, c->gate);
	memset(c, 0, sizeof(*c));
}

static l4_msgtag_t ctl_create(unsigned long limit, bool devices, l4_cap_idx_t cap)
{
	unsigned long slot = cap >> L4_CAP_SHIFT;
	unsigned i = 0;
	while (i < MEMSRV_MAX_CLIENTS && clients[i].used)
		i++;
	if (i == MEMSRV_MAX_CLIENTS)
		return reply_err(-L4_ENOMEM);
	if (l4_is_invalid_cap(cap) || (slot >= MEMSRV_FIRST_SLOT && slot <= MEMSRV_LAST_SLOT))
		return reply_err(-L4_EINVAL);
	l4_umword_t label = LABEL_TAG | (l4_umword_t)i << 4 | KIND_CLIENT << 2;
	long err = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, cap, SERVER_CAP, label));
	if (err)
		return reply_err(err);
	struct memsrv_client *c = &clients[i];
	memset(c, 0, sizeof(*c));
	c->used = true;
	c->devices = devices;
	c->limit = limit;
	c->gate = cap & L4_CAP_MASK;
	l4_utcb_mr()->mr[0] = i;
	return l4_msgtag(0, 1, 0, 0);
}

static l4_msgtag_t control_request(void)
{
	if (req.proto != PROTO_CONTROL)
		return reply_err(-L4_EBADPROTO);
	if (req.words < 4)
		return reply_err(-L4_EMSGTOOSHORT);
	unsigned long idx = req.mr[1];
	if (req.mr[0] == CTL_CREATE)
		return ctl_create(req.mr[1], req.mr[2] != 0, req.mr[3]);
	if (idx >= MEMSRV_MAX_CLIENTS || !clients[idx].used)
		return reply_err(-L4_EINVAL);
	if (req.mr[0] == CTL_DESTROY) {
		client_destroy(&clients[idx]);
		return reply_err(0);
	}
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = clients[idx].used_bytes;
	mr->mr[1] = clients[idx].limit;
	mr->mr[2] = clients[idx].count;
	return l4_msgtag(0, 3, 0, 0);
}

/* ---- the server thread ---- */

/* Requests through the thread capability (label 0) come from the root task itself. */
static l4_msgtag_t dispatch(l4_umword_t label)
{
	unsigned long idx = LABEL_INDEX(label);
	if ((label & ~LABEL_RIGHTS) == 0)
		return control_request();
	if ((label & LABEL_TAG_MASK) != LABEL_TAG)
		return reply_err(-L4_EINVAL);
	if (LABEL_KIND(label) == KIND_DS && idx < MEMSRV_MAX_DS && dss[idx].kind != DS_FREE)
		return ds_request(&dss[idx], label & LABEL_RIGHTS);
	if (LABEL_KIND(label) == KIND_CLIENT && idx < MEMSRV_MAX_CLIENTS && clients[idx].used)
		return client_request(&clients[idx]);
	return reply_err(-L4_EINVAL);
}

/* Take the message out of the UTCB; drop a foreign capability it brought. */
static void take_request(l4_msgtag_t tag)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	req.proto = l4_msgtag_label(tag);
	req.words = l4_msgtag_words(tag);
	req.items = l4_msgtag_items(tag);
	unsigned n = req.words + 2 * req.items;
	if (n > L4_UTCB_GENERIC_DATA_SIZE)
		n = L4_UTCB_GENERIC_DATA_SIZE;
	memcpy(req.mr, mr->mr, n * sizeof(l4_umword_t));
	if (req.items)
		l4_task_release_cap(L4_BASE_TASK_CAP, SCRATCH_CAP);
}

/* One receive buffer: a capability, or the label if it is one of the server's gates. */
static void set_buffers(void)
{
	l4_buf_regs_t *br = l4_utcb_br();
	br->bdr = 0;
	br->br[0] = SCRATCH_CAP | L4_RCV_ITEM_SINGLE_CAP | L4_RCV_ITEM_LOCAL_ID;
}

static void server_loop(void)
{
	l4_umword_t label = 0;
	set_buffers();
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (l4_ipc_error(tag, l4_utcb())) {
			/* A message that could not be delivered: nobody waits for a reply. */
			l4_task_release_cap(L4_BASE_TASK_CAP, SCRATCH_CAP);
			set_buffers();
			tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
			continue;
		}
		take_request(tag);
		l4_msgtag_t reply = dispatch(label);
		set_buffers();
		tag = l4_ipc_reply_and_wait(l4_utcb(), reply, &label, L4_IPC_NEVER);
	}
}

static long start_thread(void)
{
	long err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, SERVER_CAP));
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_bind((l4_utcb_t *)SERVER_UTCB, L4_BASE_TASK_CAP);
	err = l4_error(l4_thread_control_commit(SERVER_CAP));
	if (!err)
		err = l4_error(l4_thread_ex_regs(SERVER_CAP, (l4_addr_t)server_loop,
						 (l4_addr_t)&server_stack[STACK_WORDS], 0));
	l4_sched_param_t sp = l4_sched_param(MEMSRV_PRIO, 0);
	if (!err)
		err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, SERVER_CAP, &sp));
	if (err)
		l4_task_delete_obj(L4_BASE_TASK_CAP, SERVER_CAP);
	return err;
}

int memsrv_init(void)
{
	if (started)
		return 0;
	bootinfo = l4re_bootinfo();
	if (!bootinfo)
		return -L4_ENODEV;
	int err = page_alloc_init(bootinfo);
	if (!err)
		err = shadow_init();
	if (err)
		return err;
	ds_free_head = -1;
	for (int i = MEMSRV_MAX_DS - 1; i >= 0; i--) {
		dss[i].next_free = ds_free_head;
		ds_free_head = i;
	}
	err = (int)start_thread();
	started = !err;
	return err;
}

/* ---- the interface for the rest of the root task ---- */

/* A control request to the server thread (words from mr0 set by the caller). */
static long control_call(unsigned words)
{
	return l4_error(l4_ipc_call(SERVER_CAP, l4_utcb(), l4_msgtag(PROTO_CONTROL, words, 0, 0),
				    L4_IPC_NEVER));
}

struct memsrv_client *memsrv_client_create(unsigned long limit_bytes, bool devices,
					   l4_cap_idx_t cap)
{
	if (memsrv_init())
		return NULL;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CTL_CREATE;
	mr->mr[1] = limit_bytes;
	mr->mr[2] = devices;
	mr->mr[3] = cap;
	if (control_call(4) || mr->mr[0] >= MEMSRV_MAX_CLIENTS)
		return NULL;
	return &clients[mr->mr[0]];
}

void memsrv_client_destroy(struct memsrv_client *c)
{
	if (!c || !started)
		return;
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CTL_DESTROY;
	mr->mr[1] = (l4_umword_t)(c - clients);
	mr->mr[2] = mr->mr[3] = 0;
	control_call(4);
}

void memsrv_client_usage(const struct memsrv_client *c, unsigned long *used, unsigned long *limit,
			 unsigned long *count)
{
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = CTL_USAGE;
	mr->mr[1] = c && started ? (l4_umword_t)(c - clients) : MEMSRV_MAX_CLIENTS;
	mr->mr[2] = mr->mr[3] = 0;
	bool ok = c && started && control_call(4) == 0;
	if (used)
		*used = ok ? mr->mr[0] : 0;
	if (limit)
		*limit = ok ? mr->mr[1] : 0;
	if (count)
		*count = ok ? mr->mr[2] : 0;
}
