/* process.c - a Linux process as a Keel task: its ELF image, regions, pages, stack and alien
 * thread. */
#include "process.h"
#include "syscall.h"
#include "elf.h"
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <string.h>
#include <stdio.h>

/*
 * The server is the process's pager: every page the process has is a page of the
 * server's arena (an anonymous dataspace), mapped into the process. So the server
 * reads and writes the process's memory in its own address space (system-call
 * arguments), and taking a page back is an unmap of the server's page.
 */

#define EFAULT 14
#define ENOMEM 12
#define EINVAL 22

/* ---- the page arena ---- */

static uint8_t *arena;
static size_t arena_pages, arena_next;
static void *free_list; /* freed pages, linked through their first word */
/* How many process pages each arena page is (fork shares them): 0 when free. */
#define ARENA_MAX_PAGES (64u << 20) / LX_PAGE
static uint16_t page_refs[ARENA_MAX_PAGES];

static uint16_t *refs_of(const void *pg)
{
	return &page_refs[((const uint8_t *)pg - arena) / LX_PAGE];
}

int lx_pages_init(size_t bytes)
{
	l4re_ds_t ds = l4re_util_cap_alloc();
	void *at = NULL;
	if (l4re_ma_alloc(bytes, ds, 0) < 0 ||
	    l4re_rm_attach(&at, bytes, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RWX, ds, 0, 12) < 0)
		return -ENOMEM;
	arena = at;
	arena_pages = bytes / LX_PAGE;
	if (arena_pages > ARENA_MAX_PAGES)
		arena_pages = ARENA_MAX_PAGES;
	return 0;
}

/* A zeroed page of the arena (touched: mapped in the server), or NULL. */
static void *page_alloc(void)
{
	void *pg = free_list;
	if (pg)
		free_list = *(void **)pg;
	else if (arena_next < arena_pages)
		pg = arena + LX_PAGE * arena_next++;
	if (pg) {
		memset(pg, 0, LX_PAGE);
		*refs_of(pg) = 1;
	}
	return pg;
}

/* Drop one use of @pg; the last frees it. */
static void page_put(void *pg)
{
	if (--*refs_of(pg))
		return;
	*(void **)pg = free_list;
	free_list = pg;
}

/* Drop the page of @e: an arena page's use, or nothing for a page of the program's
 * image, which the process's hold on the image keeps. */
static void page_drop(const struct lx_page *e)
{
	if (!e->image)
		page_put(e->page);
}

/* ---- the process's pages ---- */

#define PAGE_SLOTS (LX_MAX_PAGES * 2)

static unsigned slot_of(uint32_t vaddr)
{
	return (vaddr / LX_PAGE * 2654435761u) % PAGE_SLOTS;
}

static struct lx_page *page_find(struct lx_process *p, uint32_t vaddr)
{
	if (!vaddr) /* 0 marks a free entry: page 0 is never a process's */
		return NULL;
	for (unsigned i = slot_of(vaddr), n = 0; n < PAGE_SLOTS; i = (i + 1) % PAGE_SLOTS, n++) {
		if (p->pages[i].vaddr == vaddr)
			return &p->pages[i];
		if (!p->pages[i].vaddr)
			return NULL;
	}
	return NULL;
}

/* Put @e (a page not in the table yet) into @p's table and list. */
static struct lx_page *page_insert(struct lx_process *p, struct lx_page e)
{
	unsigned i = slot_of(e.vaddr);
	while (p->pages[i].vaddr)
		i = (i + 1) % PAGE_SLOTS;
	e.list_idx = (uint16_t)p->page_count;
	p->page_list[p->page_count++] = e.vaddr;
	p->pages[i] = e;
	return &p->pages[i];
}

/* Remove @e, keeping the probe sequences of the others intact, and the list dense. */
static void page_remove(struct lx_process *p, struct lx_page *e)
{
	unsigned i = (unsigned)(e - p->pages), idx = e->list_idx;
	uint32_t last = p->page_list[--p->page_count];
	e->vaddr = 0;
	for (unsigned j = (i + 1) % PAGE_SLOTS; p->pages[j].vaddr; j = (j + 1) % PAGE_SLOTS) {
		struct lx_page moved = p->pages[j];
		p->pages[j].vaddr = 0;
		for (unsigned k = slot_of(moved.vaddr);; k = (k + 1) % PAGE_SLOTS)
			if (!p->pages[k].vaddr) {
				p->pages[k] = moved;
				break;
			}
	}
	if (idx != p->page_count) { /* the list's last takes its place */
		p->page_list[idx] = last;
		page_find(p, last)->list_idx = (uint16_t)idx;
	}
}

static struct lx_region *region_at(struct lx_process *p, uint32_t addr)
{
	for (unsigned i = 0; i < p->region_count; i++)
		if (addr >= p->region[i].start && addr < p->region[i].end)
			return &p->region[i];
	return NULL;
}

/* The page of @p at @vaddr (page aligned), made from its region if it has none yet.
 * Return: it, or NULL (no region there, or out of pages). */
static struct lx_page *page_get(struct lx_process *p, uint32_t vaddr)
{
	struct lx_page *e = page_find(p, vaddr);
	if (e)
		return e;
	struct lx_region *r = region_at(p, vaddr);
	if (!r || p->page_count >= LX_MAX_PAGES)
		return NULL;
	/* The ELF file's bytes that fall into this page. */
	uint32_t lo = vaddr > r->file_start ? vaddr : r->file_start;
	uint32_t hi = vaddr + LX_PAGE < r->file_end ? vaddr + LX_PAGE : r->file_end;
	const uint8_t *bytes = lo < hi ? p->image + r->file_offset + (lo - r->file_start) : NULL;
	/* A page of code or read-only data all from the image, when that is a file's copy
	 * (which the process holds, executable in the server; a boot module's pages are
	 * not executable there): that page itself, shared by every process that runs the
	 * program, copied only if it is ever written (after an mprotect). */
	if (!(r->prot & LX_PROT_WRITE) && !r->file && p->image_ds && lo == vaddr &&
	    hi == vaddr + LX_PAGE && ((uintptr_t)bytes & (LX_PAGE - 1)) == 0)
		return page_insert(
		    p, (struct lx_page){vaddr, (void *)(uintptr_t)bytes, r->prot, true, true, 0});
	void *pg = page_alloc();
	if (!pg)
		return NULL;
	if (r->file) /* a mapped file: its bytes, zeros after its end */
		vfs_pread(r->file, pg, LX_PAGE, r->foff + (vaddr - r->start), 0);
	if (lo < hi)
		memcpy((uint8_t *)pg + (lo - vaddr), bytes, hi - lo);
	return page_insert(p, (struct lx_page){vaddr, pg, r->prot, false, false, 0});
}

/* Give @e a page of its own (it was shared since a fork), with the same bytes; the
 * process's mapping of the shared one goes, so that it faults to the new one. */
static bool cow_break(struct lx_process *p, struct lx_page *e)
{
	if (e->image || *refs_of(e->page) > 1) {
		void *copy = page_alloc();
		if (!copy)
			return false;
		memcpy(copy, e->page, LX_PAGE);
		page_drop(e);
		e->page = copy;
		e->image = false;
		l4_task_unmap(p->task, l4_fpage(e->vaddr, L4_PAGESHIFT, L4_FPAGE_RWX),
			      L4_FP_ALL_SPACES);
	}
	e->cow = false;
	return true;
}

bool lx_mapped(struct lx_process *p, uint32_t addr)
{
	p = p->group; /* a thread's memory is its process's */
	return region_at(p, addr & ~(LX_PAGE - 1)) != NULL;
}

bool lx_page_fault(struct lx_process *p, l4_umword_t pfa, l4_umword_t *mr, l4_msgtag_t *reply)
{
	p = p->group; /* a thread's memory is its process's */
	uint32_t page = (uint32_t)pfa & ~(LX_PAGE - 1);
	bool write = pfa & 2;
	struct lx_page *e = page_get(p, page);
	struct lx_region *r = region_at(p, page);
	bool allowed = r && r->prot && (!write || (r->prot & LX_PROT_WRITE));
	/* A page it may have but that there is no memory for: the process is out of
	 * memory (it gets SIGKILL, as from Linux's OOM killer), not at fault. */
	if (allowed && (!e || (write && e->cow && !cow_break(p, e)))) {
		p->out_of_memory = true;
		return false;
	}
	if (!e || !allowed)
		return false;
	/* A shared page is mapped read-only: the first write faults and copies it. */
	bool writable = (r->prot & LX_PROT_WRITE) && !e->cow;
	unsigned rights =
	    L4_FPAGE_RO | (writable ? L4_FPAGE_W : 0) | ((r->prot & LX_PROT_EXEC) ? L4_FPAGE_X : 0);
	mr[0] = l4_map_control(page, 0, 0);
	mr[1] = l4_fpage((l4_addr_t)e->page, L4_PAGESHIFT, (unsigned char)rights).raw;
	*reply = l4_msgtag(0, 0, 1, 0);
	return true;
}

/* Copy between the server and [addr, addr + n) of @p, page by page. */
static long copy(struct lx_process *p, uint32_t addr, uint8_t *buf, size_t n, bool to_process)
{
	if (n && (uint64_t)addr + n > LX_STACK_TOP)
		return -EFAULT;
	while (n) {
		uint32_t page = addr & ~(LX_PAGE - 1), off = addr - page;
		size_t chunk = LX_PAGE - off < n ? LX_PAGE - off : n;
		struct lx_region *r = region_at(p, page);
		struct lx_page *e = page_get(p, page);
		if (!r || !e || !(r->prot & (to_process ? LX_PROT_WRITE : LX_PROT_READ)))
			return -EFAULT;
		if (to_process && e->cow && !cow_break(p, e))
			return -EFAULT;
		if (to_process)
			memcpy((uint8_t *)e->page + off, buf, chunk);
		else
			memcpy(buf, (uint8_t *)e->page + off, chunk);
		addr += (uint32_t)chunk;
		buf += chunk;
		n -= chunk;
	}
	return 0;
}

long lx_copy_from(struct lx_process *p, void *dst, uint32_t addr, size_t n)
{
	p = p->group; /* a thread's memory is its process's */
	return copy(p, addr, dst, n, false);
}

long lx_copy_to(struct lx_process *p, uint32_t addr, const void *src, size_t n)
{
	p = p->group; /* a thread's memory is its process's */
	return copy(p, addr, (uint8_t *)(uintptr_t)src, n, true);
}

/* Take @rights away from [start, end) (page aligned) in @p's task: the largest
 * aligned flexpages that tile it. */
static void unmap_range(struct lx_process *p, uint32_t start, uint32_t end, unsigned rights)
{
	for (uint32_t at = start; at < end;) {
		unsigned order = 31;
		while (order > L4_PAGESHIFT && (at % (1u << order) || at + (1ull << order) > end))
			order--;
		l4_task_unmap(p->task, l4_fpage(at, order, rights), L4_FP_ALL_SPACES);
		at += 1u << order;
	}
}

/* Take @rights away from every region of @p (only the writable ones if @writable):
 * where its pages can be. Cheaper than the whole address space, which the kernel
 * would have to look through. */
static void unmap_all(struct lx_process *p, unsigned rights, bool writable)
{
	for (unsigned i = 0; i < p->region_count; i++)
		if (!writable || (p->region[i].prot & LX_PROT_WRITE))
			unmap_range(p, p->region[i].start, p->region[i].end, rights);
}

/* Take back every page of @p (its task is gone or is unmapped by the caller): through
 * the list, first finding each (the list keeps its slot then), then emptying the slots,
 * which would cut the others' probe sequences if done while finding. */
static void drop_all_pages(struct lx_process *p)
{
	for (unsigned i = 0; i < p->page_count; i++) {
		struct lx_page *e = page_find(p, p->page_list[i]);
		page_drop(e);
		p->page_list[i] = (uint32_t)(e - p->pages);
	}
	for (unsigned i = 0; i < p->page_count; i++)
		p->pages[p->page_list[i]].vaddr = 0;
	p->page_count = 0;
}

/* ---- regions ---- */

static uint32_t page_round(uint32_t x)
{
	return (x + LX_PAGE - 1) & ~(LX_PAGE - 1);
}

/* Take back the pages of [start, end) from the process and the server. */
static void drop_pages(struct lx_process *p, uint32_t start, uint32_t end)
{
	if ((end - start) / LX_PAGE > PAGE_SLOTS) { /* a large range: through the list */
		static uint32_t found[LX_MAX_PAGES];
		unsigned n = 0;
		for (unsigned i = 0; i < p->page_count; i++) {
			uint32_t a = p->page_list[i];
			if (a >= start && a < end)
				found[n++] = a;
		}
		for (unsigned i = 0; i < n; i++) { /* removing moves entries: find each */
			struct lx_page *e = page_find(p, found[i]);
			l4_task_unmap(p->task, l4_fpage(found[i], L4_PAGESHIFT, L4_FPAGE_RWX),
				      L4_FP_ALL_SPACES);
			page_drop(e);
			page_remove(p, e);
		}
		return;
	}
	for (uint32_t a = start; a < end; a += LX_PAGE) {
		struct lx_page *e = page_find(p, a);
		if (!e)
			continue;
		l4_task_unmap(p->task, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
		page_drop(e);
		page_remove(p, e);
	}
}

static bool overlaps(struct lx_process *p, uint32_t start, uint32_t end)
{
	for (unsigned i = 0; i < p->region_count; i++)
		if (start < p->region[i].end && p->region[i].start < end)
			return true;
	return false;
}

static struct lx_region *region_add(struct lx_process *p, uint32_t start, uint32_t end,
				    unsigned prot)
{
	if (p->region_count == LX_MAX_REGIONS || start >= end)
		return NULL;
	struct lx_region *r = &p->region[p->region_count++];
	*r = (struct lx_region){start, end, prot, 0, 0, 0, false, NULL, 0};
	return r;
}

/* Split the region holding @at so that a region boundary is at @at. */
static bool split_at(struct lx_process *p, uint32_t at)
{
	struct lx_region *r = region_at(p, at);
	if (!r || r->start == at)
		return true;
	if (p->region_count == LX_MAX_REGIONS)
		return false;
	struct lx_region *n = &p->region[p->region_count++];
	*n = *r;
	n->start = at;
	r->end = at;
	if (n->file) {
		vfs_file_get(n->file);
		n->foff = r->foff + (at - r->start);
	}
	return true;
}

/*
 * The lowest address from LX_MMAP_BASE up where @len bytes fit below LX_MMAP_LIMIT, or
 * 0. A free range starts at LX_MMAP_BASE or where a region ends, so only those are
 * tried: at most LX_MAX_REGIONS + 1 of them, however the space is cut up.
 */
static uint32_t free_range(struct lx_process *p, uint32_t len)
{
	uint32_t best = 0;
	for (unsigned i = 0; i <= p->region_count; i++) {
		uint32_t at = i == p->region_count ? LX_MMAP_BASE : p->region[i].end;
		if (at < LX_MMAP_BASE || (best && at >= best) || at + len > LX_MMAP_LIMIT ||
		    at + len < at || overlaps(p, at, at + len))
			continue;
		best = at;
	}
	return best;
}

uint32_t lx_map_anon(struct lx_process *p, uint32_t hint, uint32_t len, unsigned prot, bool fixed)
{
	p = p->group; /* a thread's memory is its process's */
	len = page_round(len);
	if (!len || len > LX_MMAP_LIMIT)
		return 0;
	if (fixed) {
		if (hint % LX_PAGE || hint < LX_PAGE || (uint64_t)hint + len > LX_STACK_TOP)
			return 0;
		lx_unmap(p, hint, len);
	} else if (!hint || hint % LX_PAGE || (uint64_t)hint + len > LX_MMAP_LIMIT ||
		   overlaps(p, hint, hint + len)) {
		/* Linux searches down from below the stack; here, up from LX_MMAP_BASE. */
		hint = free_range(p, len);
		if (!hint)
			return 0;
	}
	return region_add(p, hint, hint + len, prot) ? hint : 0;
}

void lx_region_share(struct lx_process *p, uint32_t addr)
{
	struct lx_region *r = region_at(p->group, addr);
	if (r)
		r->shared = true;
}

void lx_region_map_file(struct lx_process *p, uint32_t addr, struct lx_file *file, uint64_t off)
{
	struct lx_region *r = region_at(p->group, addr);
	if (!r)
		return;
	vfs_file_get(file);
	r->file = file;
	r->foff = off;
}

/* Write the pages @p has of region @r within [start, end) back to its file, if it is
 * a shared, writable mapping of one; not beyond the file's end. */
static void write_back(struct lx_process *p, const struct lx_region *r, uint32_t start,
		       uint32_t end)
{
	if (!r->file || !r->shared || !(r->prot & LX_PROT_WRITE))
		return;
	struct fs_stat st;
	if (vfs_fstat(r->file, &st) != 0)
		return;
	uint64_t size = st.size;
	for (uint32_t a = start > r->start ? start : r->start; a < end && a < r->end;
	     a += LX_PAGE) {
		struct lx_page *e = page_find(p, a);
		uint64_t off = r->foff + (a - r->start);
		if (!e || off >= size)
			continue;
		uint64_t n = size - off < LX_PAGE ? size - off : LX_PAGE;
		vfs_pwrite(r->file, e->page, (size_t)n, off, lx_wall_ns());
	}
}

void lx_msync(struct lx_process *p, uint32_t addr, uint32_t len)
{
	p = p->group;
	for (unsigned i = 0; i < p->region_count; i++)
		write_back(p, &p->region[i], addr, addr + len);
}

/* Let go of every region's file (written back first): execve and the end. */
static void regions_release(struct lx_process *p)
{
	for (unsigned i = 0; i < p->region_count; i++) {
		struct lx_region *r = &p->region[i];
		if (!r->file)
			continue;
		write_back(p, r, r->start, r->end);
		vfs_file_put(r->file);
		r->file = NULL;
	}
}

/* Move region @r, which is [addr, old_end), to @to with @new_len bytes: its pages keep
 * their contents at their new addresses (found through the list: the cost is the
 * pages', not the range's). */
static void move_region(struct lx_process *p, struct lx_region *r, uint32_t addr, uint32_t old_end,
			uint32_t to, uint32_t new_len)
{
	static uint32_t found[LX_MAX_PAGES];
	unsigned n = 0;
	for (unsigned i = 0; i < p->page_count; i++)
		if (p->page_list[i] >= addr && p->page_list[i] < old_end)
			found[n++] = p->page_list[i];
	for (unsigned i = 0; i < n; i++) {
		struct lx_page *e = page_find(p, found[i]);
		struct lx_page moved = *e;
		l4_task_unmap(p->task, l4_fpage(found[i], L4_PAGESHIFT, L4_FPAGE_RWX),
			      L4_FP_ALL_SPACES);
		page_remove(p, e);
		moved.vaddr = to + (found[i] - addr);
		page_insert(p, moved);
	}
	if (r->file_start || r->file_end) { /* an ELF segment's bytes move along */
		r->file_start = r->file_start - addr + to;
		r->file_end = r->file_end - addr + to;
	}
	r->start = to;
	r->end = to + new_len;
}

uint32_t lx_remap(struct lx_process *p, uint32_t addr, uint32_t old_len, uint32_t new_len,
		  bool may_move, uint32_t fixed, long *err)
{
	p = p->group; /* a thread's memory is its process's */
	old_len = page_round(old_len);
	new_len = page_round(new_len);
	uint32_t old_end = addr + old_len;
	struct lx_region *r = region_at(p, addr);
	*err = 0;
	if (addr % LX_PAGE || !new_len || old_end < addr ||
	    (fixed &&
	     (fixed % LX_PAGE || fixed < LX_PAGE || (uint64_t)fixed + new_len > LX_STACK_TOP ||
	      (fixed < old_end && addr < fixed + new_len)))) {
		*err = -EINVAL;
		return 0;
	}
	if (!r || old_end > r->end) { /* all of it must be one mapping */
		*err = -EFAULT;
		return 0;
	}
	if (fixed) { /* MREMAP_FIXED: to @fixed, whatever was there goes */
		if (new_len < old_len) {
			lx_unmap(p, addr + new_len, old_len - new_len);
			old_end = addr + new_len;
		}
		lx_unmap(p, fixed, new_len);
		if (!split_at(p, addr) || !split_at(p, old_end)) {
			*err = -ENOMEM;
			return 0;
		}
		move_region(p, region_at(p, addr), addr, old_end, fixed, new_len);
		return fixed;
	}
	if (new_len <= old_len) { /* shrink in place */
		if (new_len < old_len)
			lx_unmap(p, addr + new_len, old_len - new_len);
		return addr;
	}
	if (!split_at(p, addr) || !split_at(p, old_end)) {
		*err = -ENOMEM;
		return 0;
	}
	r = region_at(p, addr);
	uint32_t grow = new_len - old_len;
	if ((uint64_t)old_end + grow <= LX_MMAP_LIMIT && !overlaps(p, old_end, old_end + grow)) {
		r->end = old_end + grow; /* room right after it: it grows there */
		return addr;
	}
	uint32_t to = may_move ? free_range(p, new_len) : 0;
	if (!to) {
		*err = -ENOMEM;
		return 0;
	}
	move_region(p, r, addr, old_end, to, new_len);
	return to;
}

long lx_unmap(struct lx_process *p, uint32_t addr, uint32_t len)
{
	p = p->group; /* a thread's memory is its process's */
	uint32_t end = addr + page_round(len);
	if (addr % LX_PAGE || !len || end < addr)
		return -EINVAL;
	if (!split_at(p, addr) || !split_at(p, end))
		return -ENOMEM;
	for (unsigned i = 0; i < p->region_count; i++)
		write_back(p, &p->region[i], addr, end);
	drop_pages(p, addr, end);
	for (unsigned i = 0; i < p->region_count;) {
		struct lx_region *r = &p->region[i];
		if (r->start >= addr && r->end <= end) {
			if (r->file)
				vfs_file_put(r->file);
			*r = p->region[--p->region_count];
		} else {
			i++;
		}
	}
	return 0;
}

long lx_protect(struct lx_process *p, uint32_t addr, uint32_t len, unsigned prot)
{
	p = p->group; /* a thread's memory is its process's */
	uint32_t end = addr + page_round(len);
	if (addr % LX_PAGE || end < addr)
		return -EINVAL;
	for (uint32_t a = addr; a < end;) { /* all of it mapped: region after region */
		const struct lx_region *r = region_at(p, a);
		if (!r)
			return -ENOMEM;
		a = r->end;
	}
	if (!split_at(p, addr) || !split_at(p, end))
		return -ENOMEM;
	for (unsigned i = 0; i < p->region_count; i++)
		if (p->region[i].start >= addr && p->region[i].end <= end)
			p->region[i].prot = prot;
	/* The pages stay (their contents), but the process maps them again with the new
	 * rights at its next access. A large range: through the list, not page by page. */
	if ((end - addr) / LX_PAGE > PAGE_SLOTS) {
		for (unsigned i = 0; i < p->page_count; i++) {
			uint32_t a = p->page_list[i];
			if (a >= addr && a < end)
				l4_task_unmap(p->task, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX),
					      L4_FP_ALL_SPACES);
		}
		return 0;
	}
	for (uint32_t a = addr; a < end; a += LX_PAGE)
		if (page_find(p, a))
			l4_task_unmap(p->task, l4_fpage(a, L4_PAGESHIFT, L4_FPAGE_RWX),
				      L4_FP_ALL_SPACES);
	return 0;
}

uint32_t lx_set_brk(struct lx_process *p, uint32_t brk)
{
	p = p->group; /* a thread's memory is its process's */
	uint32_t old_end = page_round(p->brk), new_end = page_round(brk);
	if (brk < p->brk_start || brk >= LX_MMAP_BASE)
		return p->brk;
	if (new_end > old_end) {
		if (overlaps(p, old_end, new_end) || !region_add(p, old_end, new_end, 3))
			return p->brk;
	} else if (new_end < old_end) {
		lx_unmap(p, new_end, old_end - new_end);
	}
	p->brk = brk;
	return brk;
}

/* ---- the image ---- */

static int load_image(struct lx_process *p, const char **why)
{
	struct elf_image img;
	if (elf_check(p->image, p->image_size, LX_PAGE, LX_MMAP_BASE, &img, why))
		return -EINVAL;
	uint32_t top = 0;
	for (unsigned i = 0; i < img.count; i++) {
		const struct elf_segment *s = &img.segs[i];
		uint32_t start = (uint32_t)s->vaddr & ~(LX_PAGE - 1);
		uint32_t end = page_round((uint32_t)(s->vaddr + s->memsz));
		unsigned prot = ((s->rights & 4) ? LX_PROT_READ : 0) |
				((s->rights & 2) ? LX_PROT_WRITE : 0) |
				((s->rights & 1) ? LX_PROT_EXEC : 0);
		if (overlaps(p, start, end)) {
			*why = "segments share a page";
			return -EINVAL;
		}
		struct lx_region *r = region_add(p, start, end, prot);
		if (!r) {
			*why = "too many segments";
			return -EINVAL;
		}
		r->file_start = (uint32_t)s->vaddr;
		r->file_end = (uint32_t)(s->vaddr + s->filesz);
		r->file_offset = (uint32_t)s->offset;
		if (end > top)
			top = end;
	}
	p->entry = (uint32_t)img.entry;
	p->brk_start = p->brk = top;
	return 0;
}

/* The ELF header fields the auxiliary vector gives (the loader checked the header). */
static void program_headers(struct lx_process *p)
{
	const uint8_t *h = p->image;
	uint32_t phoff = (uint32_t)(h[28] | h[29] << 8 | h[30] << 16 | (uint32_t)h[31] << 24);
	p->phnum = (uint32_t)(h[44] | h[45] << 8);
	p->phdr = 0;
	/* AT_PHDR: where the program headers are in memory: inside the segment that
	 * holds file offset phoff. */
	for (unsigned i = 0; i < p->region_count; i++) {
		const struct lx_region *r = &p->region[i];
		uint32_t len = r->file_end - r->file_start;
		if (phoff >= r->file_offset && phoff < r->file_offset + len)
			p->phdr = r->file_start + (phoff - r->file_offset);
	}
}

/* ---- the stack: argc, argv, envp, auxv, as Linux's exec builds it ---- */

enum {
	AT_NULL = 0,
	AT_PHDR = 3,
	AT_PHENT = 4,
	AT_PHNUM = 5,
	AT_PAGESZ = 6,
	AT_BASE = 7,
	AT_FLAGS = 8,
	AT_ENTRY = 9,
	AT_UID = 11,
	AT_EUID = 12,
	AT_GID = 13,
	AT_EGID = 14,
	AT_PLATFORM = 15,
	AT_HWCAP = 16,
	AT_CLKTCK = 17,
	AT_SECURE = 23,
	AT_RANDOM = 25,
	AT_HWCAP2 = 26,
	AT_EXECFN = 31,
};

/* Linux's HWCAP bits for a Cortex-A15: swp half thumb fastmult vfp edsp neon vfpv3 tls
 * vfpv4 idiva idivt vfpd32 lpae (arch/arm/include/uapi/asm/hwcap.h). */
#define LX_HWCAP 0x1fb0d7u

/* Push @n bytes at *@sp (moving it down). */
static int push(struct lx_process *p, uint32_t *sp, const void *data, size_t n)
{
	*sp -= (uint32_t)n;
	return (int)lx_copy_to(p, *sp, data, n);
}

#define STACK_ARGS 64 /* argv and envp entries a program starts with, each */

/* The stack of a new program: @argv, @envp (NULL: empty, as `env -i` gives and
 * linux_diff.py runs the oracle with), @execfn (NULL: argv[0]). */
static int build_stack(struct lx_process *p, const char *const *argv, const char *const *envp,
		       const char *execfn, uint32_t *sp_out)
{
	static const char *const no_env[] = {NULL};
	static uint32_t argv_at[STACK_ARGS], envp_at[STACK_ARGS];
	uint32_t sp = LX_STACK_TOP, random_at, platform_at, execfn_at;
	unsigned argc = 0, envc = 0;
	int err = 0;
	if (!envp)
		envp = no_env;
	if (!region_add(p, LX_STACK_TOP - LX_STACK_MAX, LX_STACK_TOP, 3))
		return -ENOMEM;
	execfn = execfn ? execfn : argv[0] ? argv[0] : "";
	err |= push(p, &sp, execfn, strlen(execfn) + 1);
	execfn_at = sp;
	for (; argc < STACK_ARGS - 1 && argv[argc]; argc++) {
		err |= push(p, &sp, argv[argc], strlen(argv[argc]) + 1);
		argv_at[argc] = sp;
	}
	for (; envc < STACK_ARGS - 1 && envp[envc]; envc++) {
		err |= push(p, &sp, envp[envc], strlen(envp[envc]) + 1);
		envp_at[envc] = sp;
	}
	err |= push(p, &sp, "v7l", 4);
	platform_at = sp;
	uint8_t random[16];
	for (unsigned i = 0; i < sizeof(random); i++) /* a real kernel uses its entropy */
		random[i] = (uint8_t)(0x9e + i * 0x3b + (uint8_t)l4_kip_clock(l4re_kip()));
	err |= push(p, &sp, random, sizeof(random));
	random_at = sp;
	const uint32_t aux[][2] = {
	    {AT_HWCAP, LX_HWCAP}, {AT_PAGESZ, LX_PAGE},	  {AT_CLKTCK, 100},
	    {AT_PHDR, p->phdr},	  {AT_PHENT, 32},	  {AT_PHNUM, p->phnum},
	    {AT_BASE, 0},	  {AT_FLAGS, 0},	  {AT_ENTRY, p->entry},
	    {AT_UID, 0},	  {AT_EUID, 0},		  {AT_GID, 0},
	    {AT_EGID, 0},	  {AT_SECURE, 0},	  {AT_RANDOM, random_at},
	    {AT_HWCAP2, 0},	  {AT_EXECFN, execfn_at}, {AT_PLATFORM, platform_at},
	    {AT_NULL, 0},
	};
	unsigned words = 1 + argc + 1 + envc + 1 + 2 * (unsigned)(sizeof(aux) / sizeof(aux[0]));
	sp = (sp - words * 4) & ~7u; /* the ABI's 8-byte stack alignment at entry */
	uint32_t at = sp, zero = 0;
	err |= (int)lx_copy_to(p, at, &argc, 4);
	at += 4;
	err |= (int)lx_copy_to(p, at, argv_at, argc * 4);
	at += argc * 4;
	err |= (int)lx_copy_to(p, at, &zero, 4);
	at += 4;
	err |= (int)lx_copy_to(p, at, envp_at, envc * 4);
	at += envc * 4;
	err |= (int)lx_copy_to(p, at, &zero, 4);
	at += 4;
	err |= (int)lx_copy_to(p, at, aux, sizeof(aux));
	*sp_out = sp;
	return err ? -EFAULT : 0;
}

/* ---- the task and its thread ---- */

/* The address of the svc instruction whose exception @r reports (pc is after it). */
static uint32_t svc_address(const l4_exc_regs_t *r)
{
	return (uint32_t)r->pc - ((r->cpsr & 0x20) ? 2 : 4);
}

/* Give @p's task the gate at @slot, for its thread's faults and system calls. */
static long give_gate(struct lx_process *p, unsigned slot)
{
	return l4_error(l4_task_map(p->task, L4_BASE_TASK_CAP,
				    l4_obj_fpage(p->gate, 0, L4_CAP_FPAGE_RWS),
				    l4_map_obj_control(slot << L4_CAP_SHIFT, 0)));
}

/* The task, the gate and the alien thread, not yet running. */
static long make_thread(struct lx_process *p)
{
	enum { GATE_SLOT = 4 };
	long err = l4_error(l4_factory_create_task(
	    L4_BASE_FACTORY_CAP, p->task, l4_fpage(LX_UTCB_AREA, LX_UTCB_ORDER, L4_FPAGE_RW)));
	if (!err)
		err = l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, p->gate,
						      L4_BASE_THREAD_CAP, p->label));
	if (!err)
		err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, p->thread));
	if (!err)
		err = give_gate(p, GATE_SLOT);
	if (err)
		return err;
	l4_thread_control_start();
	l4_thread_control_pager(GATE_SLOT << L4_CAP_SHIFT);
	l4_thread_control_exc_handler(GATE_SLOT << L4_CAP_SHIFT);
	l4_thread_control_bind((l4_utcb_t *)LX_UTCB_AREA, p->task);
	l4_thread_control_alien(1);
	return l4_error(l4_thread_control_commit(p->thread));
}

/* Start the thread at the entry point with stack pointer @sp, at @prio. */
static long start_thread(struct lx_process *p, uint32_t sp, unsigned prio)
{
	long err = l4_error(l4_thread_ex_regs(p->thread, p->entry, sp, 0));
	if (!err) {
		l4_sched_param_t sched = l4_sched_param(prio, 0);
		err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, p->thread, &sched));
	}
	return err;
}

static uint32_t next_pid = 100;

void lx_process_size(const struct lx_process *p, uint32_t *vsize, uint32_t *rss)
{
	*vsize = 0;
	for (unsigned i = 0; i < p->region_count; i++)
		*vsize += p->region[i].end - p->region[i].start;
	*rss = p->page_count;
}

/* Keep @argv for /proc/PID/cmdline and the name of @path (or argv[0]) as the comm. */
static void keep_names(struct lx_process *p, const char *const *argv, const char *path)
{
	p->cmdline_len = 0;
	for (unsigned i = 0; argv && argv[i]; i++) {
		size_t len = strlen(argv[i]) + 1;
		if (p->cmdline_len + len > sizeof(p->cmdline))
			break;
		memcpy(p->cmdline + p->cmdline_len, argv[i], len);
		p->cmdline_len += (uint32_t)len;
	}
	const char *name = path ? path : argv && argv[0] ? argv[0] : "";
	const char *slash = strrchr(name, '/');
	snprintf(p->comm, sizeof(p->comm), "%s", slash ? slash + 1 : name);
}

void lx_process_clear(struct lx_process *p)
{
	/* Not pages[] (256 KiB): it is empty already, as lx_process_end leaves it. */
	memset(p, 0, offsetof(struct lx_process, pages));
	memset(&p->page_count, 0, sizeof(*p) - offsetof(struct lx_process, page_count));
}

uint32_t lx_new_pid(void)
{
	return next_pid++;
}

int lx_thread_new(struct lx_process *t, const l4_exc_regs_t *r, uint32_t sp, uint32_t tls,
		  unsigned index, unsigned prio)
{
	struct lx_process *g = t->group;
	t->thread = l4re_util_cap_alloc();
	t->gate = l4re_util_cap_alloc();
	unsigned gate_slot = 4 + index;
	l4_addr_t utcb = LX_UTCB_AREA + L4_UTCB_OFFSET * index;
	if (index >= LX_MAX_THREADS)
		return -EINVAL;
	long err = l4_error(
	    l4_factory_create_gate(L4_BASE_FACTORY_CAP, t->gate, L4_BASE_THREAD_CAP, t->label));
	if (!err)
		err = l4_error(l4_factory_create_thread(L4_BASE_FACTORY_CAP, t->thread));
	if (!err)
		err = l4_error(l4_task_map(g->task, L4_BASE_TASK_CAP,
					   l4_obj_fpage(t->gate, 0, L4_CAP_FPAGE_RWS),
					   l4_map_obj_control(gate_slot << L4_CAP_SHIFT, 0)));
	if (err)
		return -ENOMEM;
	l4_thread_control_start();
	l4_thread_control_pager(gate_slot << L4_CAP_SHIFT);
	l4_thread_control_exc_handler(gate_slot << L4_CAP_SHIFT);
	l4_thread_control_bind((l4_utcb_t *)utcb, g->task);
	l4_thread_control_alien(1);
	if (l4_error(l4_thread_control_commit(t->thread)))
		return -ENOMEM;
	/* It starts at the clone's svc: its first message lets the server give it @r with
	 * r0 = 0, its own stack and TLS. */
	t->fork_start = true;
	t->fork_regs = *r;
	t->fork_regs.r[0] = 0;
	if (sp)
		t->fork_regs.sp = sp;
	t->fork_regs.tpidruro = tls;
	uint32_t ip = svc_address(r) | ((r->cpsr & 0x20) ? 1 : 0);
	err = l4_error(l4_thread_ex_regs(t->thread, ip, t->fork_regs.sp, 0));
	if (!err) {
		l4_sched_param_t sched = l4_sched_param(prio, 0);
		err = l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, t->thread, &sched));
	}
	return err ? -ENOMEM : 0;
}

void lx_thread_end(struct lx_process *t)
{
	l4_task_delete_obj(L4_BASE_TASK_CAP, t->thread);
	l4_task_delete_obj(L4_BASE_TASK_CAP, t->gate);
	t->exited = true;
}

int lx_process_start(struct lx_process *p, const uint8_t *image, size_t size,
		     const char *const *argv, const char *const *envp, unsigned prio,
		     uint32_t label, const char **why)
{
	uint32_t sp;
	memset(p, 0, sizeof(*p));
	p->group = p;
	p->pid = p->tid = next_pid++;
	p->ppid = 1;
	p->label = label;
	lx_process_files_init(p);
	p->image = image;
	p->image_size = size;
	p->task = l4re_util_cap_alloc();
	p->thread = l4re_util_cap_alloc();
	p->gate = l4re_util_cap_alloc();
	int err = load_image(p, why);
	if (err)
		return err;
	program_headers(p);
	if (make_thread(p) != 0) { /* the task first: the stack's pages go into it */
		*why = "cannot make its task and thread";
		return -ENOMEM;
	}
	err = build_stack(p, argv, envp, NULL, &sp);
	keep_names(p, argv, NULL);
	if (err) {
		*why = "its arguments do not fit on its stack";
		return err;
	}
	if (start_thread(p, sp, prio) != 0) {
		*why = "cannot start its thread";
		return -ENOMEM;
	}
	return 0;
}

/*
 * The images of programs executed from files, with how many processes use each (a
 * forked child reads its pages from its parent's image until it has them all). An
 * image nobody uses stays (up to KEPT_IMAGES of them), so that the next execve of the
 * same, unchanged file (inode, mtime and size tell) does not read it again.
 */
#define MAX_IMAGES  64
#define KEPT_IMAGES 4
static struct {
	l4_addr_t addr; /* 0: a free entry */
	unsigned users;
	uint32_t ino;
	uint64_t mtime, size;
} images[MAX_IMAGES];

static void image_detach(l4_addr_t addr)
{
	l4re_ds_t ds;
	if (l4re_rm_detach_ds((void *)addr, &ds) == 0) {
		l4re_ma_free(ds);
		l4re_util_cap_free(ds);
	}
}

l4_addr_t lx_image_lookup(uint32_t ino, uint64_t mtime, uint64_t size)
{
	for (unsigned i = 0; i < MAX_IMAGES; i++)
		if (images[i].addr && images[i].ino == ino && images[i].mtime == mtime &&
		    images[i].size == size) {
			images[i].users++;
			return images[i].addr;
		}
	return 0;
}

bool lx_image_add(l4_addr_t addr, uint32_t ino, uint64_t mtime, uint64_t size)
{
	unsigned unused = 0, slot = MAX_IMAGES;
	for (unsigned i = 0; i < MAX_IMAGES; i++) {
		if (!images[i].addr && slot == MAX_IMAGES)
			slot = i;
		unused += images[i].addr && !images[i].users;
	}
	/* Make room: drop unused images beyond what is kept, or one for a full table. */
	for (unsigned i = 0; i < MAX_IMAGES && (unused >= KEPT_IMAGES || slot == MAX_IMAGES); i++)
		if (images[i].addr && !images[i].users) {
			image_detach(images[i].addr);
			images[i].addr = 0;
			unused--;
			if (slot == MAX_IMAGES)
				slot = i;
		}
	if (slot == MAX_IMAGES)
		return false;
	images[slot].addr = addr;
	images[slot].users = 1;
	images[slot].ino = ino;
	images[slot].mtime = mtime;
	images[slot].size = size;
	return true;
}

void lx_image_hold(l4_addr_t addr)
{
	for (unsigned i = 0; i < MAX_IMAGES; i++)
		if (images[i].addr == addr)
			images[i].users++;
}

void lx_image_release(l4_addr_t addr)
{
	for (unsigned i = 0; i < MAX_IMAGES; i++)
		if (images[i].addr == addr) {
			if (images[i].users)
				images[i].users--;
			return; /* kept for the next execve of its file */
		}
	image_detach(addr); /* never added: a failed load */
}

void lx_process_end(struct lx_process *p)
{
	lx_process_files_end(p);
	if (p->image_ds)
		lx_image_release(p->image_ds);
	p->image_ds = 0;
	l4_task_delete_obj(L4_BASE_TASK_CAP, p->thread);
	l4_task_delete_obj(L4_BASE_TASK_CAP, p->task);
	regions_release(p);
	drop_all_pages(p);
	p->exited = true;
}

/* ---- fork and exec ---- */

/* Share every page of @parent with @child, copy-on-write in both. */
static int share_pages(struct lx_process *parent, struct lx_process *child)
{
	/* A shared region's pages must all be there to be shared: made now. */
	for (unsigned i = 0; i < parent->region_count; i++) {
		const struct lx_region *r = &parent->region[i];
		for (uint32_t a = r->start; r->shared && a < r->end; a += LX_PAGE)
			if (!page_get(parent, a))
				return -ENOMEM;
	}
	for (unsigned i = 0; i < parent->page_count; i++) {
		struct lx_page *e = page_find(parent, parent->page_list[i]);
		if (!e->image && *refs_of(e->page) == UINT16_MAX)
			return -ENOMEM;
		if (!e->image)
			(*refs_of(e->page))++;
		const struct lx_region *r = region_at(parent, e->vaddr);
		e->cow = e->image || !r || !r->shared;
		child->pages[e - parent->pages] = *e; /* the same slot: the same table */
	}
	memcpy(child->page_list, parent->page_list, parent->page_count * sizeof(uint32_t));
	child->page_count = parent->page_count;
	/* The parent keeps reading its pages; its next write to one faults and copies. */
	unmap_all(parent, L4_FPAGE_W, true);
	return 0;
}

int lx_process_fork(struct lx_process *parent, struct lx_process *child, const l4_exc_regs_t *r,
		    uint32_t label, unsigned prio)
{
	struct lx_process *thread = parent;
	parent = parent->group; /* memory, files and signal actions are the process's */
	lx_process_clear(child);
	child->group = child;
	child->pid = child->tid = next_pid++;
	child->ppid = parent->pid;
	child->label = label;
	child->image = parent->image;
	child->image_size = parent->image_size;
	child->image_ds = parent->image_ds;
	if (child->image_ds)
		lx_image_hold(child->image_ds);
	memcpy(child->region, parent->region, sizeof(parent->region));
	child->region_count = parent->region_count;
	for (unsigned i = 0; i < child->region_count; i++)
		if (child->region[i].file)
			vfs_file_get(child->region[i].file);
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->entry = parent->entry;
	memcpy(child->exe, parent->exe, sizeof(child->exe));
	memcpy(child->cmdline, parent->cmdline, sizeof(child->cmdline));
	child->cmdline_len = parent->cmdline_len;
	memcpy(child->comm, parent->comm, sizeof(child->comm));
	child->sig = parent->sig;
	child->sig.blocked = thread->sig.blocked;
	child->sig.pending = 0;
	child->sig.mask_saved = false;
	lx_process_files_copy(parent, child);
	child->task = l4re_util_cap_alloc();
	child->thread = l4re_util_cap_alloc();
	child->gate = l4re_util_cap_alloc();
	if (make_thread(child) != 0 || share_pages(parent, child) != 0)
		return -ENOMEM;
	child->fork_start = true;
	child->fork_regs = *r;
	child->fork_regs.r[0] = 0;
	/* It starts at the fork's svc: its first message asks for fork_regs. */
	uint32_t ip = svc_address(r) | ((r->cpsr & 0x20) ? 1 : 0);
	long err = 0;
	err = l4_error(l4_thread_ex_regs(child->thread, ip, (l4_addr_t)r->sp, 0));
	if (!err) {
		l4_sched_param_t sched = l4_sched_param(prio, 0);
		err =
		    l4_error(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, child->thread, &sched));
	}
	return err ? -ENOMEM : 0;
}

int lx_process_exec(struct lx_process *p, const uint8_t *image, size_t size, l4_addr_t image_ds,
		    const char *const *argv, const char *const *envp, const char *execfn,
		    l4_exc_regs_t *r, const char **why)
{
	uint32_t sp;
	struct elf_image img;
	if (elf_check(image, size, LX_PAGE, LX_MMAP_BASE, &img, why))
		return -8; /* ENOEXEC: the shell then runs it as a script */
	/* The point of no return: the old program goes. */
	unmap_all(p, L4_FPAGE_RWX, false);
	regions_release(p);
	drop_all_pages(p);
	p->region_count = 0;
	if (p->image_ds)
		lx_image_release(p->image_ds);
	p->image = image;
	p->image_size = size;
	p->image_ds = image_ds;
	int err = load_image(p, why);
	if (!err) {
		program_headers(p);
		err = build_stack(p, argv, envp, execfn, &sp);
	}
	keep_names(p, argv, execfn);
	if (err)
		return -EFAULT;
	lx_signal_exec(&p->sig);
	lx_process_files_exec(p);
	memset(r->r, 0, sizeof(r->r));
	r->sp = sp;
	r->ulr = 0;
	r->pc = p->entry & ~1u;
	r->cpsr = (r->cpsr & ~0x0600fc20u) | ((p->entry & 1) ? 0x20u : 0);
	r->tpidruro = 0;
	return 0;
}
