/* memory.c - memory flexpages: map, grant, unmap via the mapping database and page tables. */
#include "space/memory.h"
#include "arch.h"
#include "mem/kmem.h"
#include "space/mapdb.h"
#include "object/task.h"
#include "boot/kip.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>

static int op_lookup(struct task *t, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	if (task_in_utcb_area(t, va) || !arch_vspace_valid(&t->vspace))
		return -1;
	return arch_vspace_lookup(&t->vspace, va, pa, rights);
}

static int op_map(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	if (task_in_utcb_area(t, va))
		return -1;
	return arch_vspace_map_page(&t->vspace, va, pa, rights, t->obj.payer);
}

static void op_unmap(struct task *t, vaddr_t va)
{
	arch_vspace_unmap_page(&t->vspace, va, t->obj.payer);
}

static void op_protect(struct task *t, vaddr_t va, unsigned rights)
{
	paddr_t pa;
	unsigned have;
	if (arch_vspace_lookup(&t->vspace, va, &pa, &have) == 0)
		arch_vspace_map_page(&t->vspace, va, pa, rights, t->obj.payer);
}

static struct mapping *op_alloc(struct task *t)
{
	return kmem_alloc(t->obj.payer, sizeof(struct mapping));
}

static void op_free(struct task *t, struct mapping *m)
{
	kmem_free(t->obj.payer, m, sizeof(*m));
}

static const struct mapdb_ops kernel_mapdb_ops = {
    op_lookup, op_map, op_unmap, op_protect, op_alloc, op_free,
};

void memory_init(void)
{
	mapdb_init(&kernel_mapdb_ops);
}

/* The user range a memory flexpage names (base aligned down to its size). */
static bool fpage_range(l4_fpage_t fp, vaddr_t *base, size_t *size)
{
	unsigned order = l4_fpage_size(fp);
	if (order < PAGE_SHIFT || order > 31)
		return false;
	*size = (size_t)1 << order;
	*base = l4_fpage_memaddr(fp) & ~(*size - 1);
	return *base < USER_SPACE_END && *size <= USER_SPACE_END - *base;
}

/* How much address space one split before a change covers at most. */
#define SPLIT_SPAN (8u << 20)

/*
 * @t's first mapped page in [va, end), with one bounded look at its page tables (its
 * cost is about COST_SCAN): they say where nothing is mapped, so that walks cost what
 * is mapped, not the size of the range. Return: that page, or the end of what was
 * looked at (*looked, <= end).
 */
static vaddr_t next_page(struct task *t, vaddr_t va, vaddr_t end, vaddr_t *looked)
{
	return arch_vspace_next_mapped(&t->vspace, va, end, looked);
}

/*
 * Before @t's pages in [va, end) change: split now what would need a new page
 * table to change one page later (the root task's superpages), so that an operation
 * fails before it begins and never halfway (the mapping database cannot undo). The
 * larger pages of other mappings can always be split: they kept their tables. Goes
 * on from *next (0: from the start); a stop at a preemption point keeps it there.
 * Return: 0, -L4_ENOMEM, or PREEMPTED.
 */
static long prepare_change(struct task *t, vaddr_t va, vaddr_t end, uintptr_t *next,
			   bool preemptible)
{
	if (!arch_vspace_valid(&t->vspace))
		return 0;
	for (va = *next > va ? *next : va; va < end;) {
		vaddr_t to = end - va > SPLIT_SPAN ? va + SPLIT_SPAN : end;
		int split = arch_vspace_split(&t->vspace, va, to - va, t->obj.payer);
		if (split < 0)
			return -L4_ENOMEM;
		/* A look at each MiB's first-level entry, and the splits made. */
		unsigned cost = COST_SLOT * (unsigned)((to - va + (1u << 20) - 1) >> 20) +
				COST_SPLIT * (unsigned)split;
		va = to;
		*next = va;
		if (preemptible && preempt_point(cost) && va < end)
			return PREEMPTED;
	}
	*next = 0;
	return 0;
}

/* Where the map below stands (struct resume's phase). */
enum { MAP_SPLIT_DST, MAP_SPLIT_SRC, MAP_PAGES };

/* Join the pages of @t's MiB at @mib, inside [lo, hi), into larger pages. */
static void coalesce_mib(struct task *t, vaddr_t mib, vaddr_t lo, vaddr_t hi)
{
	vaddr_t a = mib > lo ? mib : lo,
		b = mib + ARCH_SUPERPAGE_SIZE < hi ? mib + ARCH_SUPERPAGE_SIZE : hi;
	arch_vspace_coalesce(&t->vspace, a, b - a);
}

/* Map the pages @src has in [from, from + size) to @dst from @to, going on at r->next;
 * each MiB of dst gets larger pages once the walk has left it (r->mark: that MiB + 1,
 * or 0). Return: 0, -L4_ENOMEM, or PREEMPTED. */
static long map_pages(struct task *src, vaddr_t from, size_t size, struct task *dst, vaddr_t to,
		      unsigned rights, bool grant, struct resume *r, bool preemptible)
{
	vaddr_t end = from + size, looked;
	for (vaddr_t va = r->next > from ? r->next : from; va < end;) {
		vaddr_t p = next_page(src, va, end, &looked);
		vaddr_t mib = align_down(to + (p - from), ARCH_SUPERPAGE_SIZE);
		if (r->mark && (p >= looked || mib + 1 != r->mark)) {
			coalesce_mib(dst, r->mark - 1, to, to + size);
			r->mark = 0;
			if (preemptible && preempt_point(COST_COALESCE)) {
				r->next = va;
				return PREEMPTED;
			}
		}
		long err = p < looked ? mapdb_map(src, p, dst, to + (p - from), rights, grant) : 0;
		if (err)
			return err;
		if (p < looked)
			r->mark = mib + 1;
		va = p < looked ? p + PAGE_SIZE : looked;
		if (preemptible && preempt_point(p < looked ? COST_PAGE : COST_SCAN) && va < end) {
			r->next = va;
			return PREEMPTED;
		}
	}
	if (r->mark) {
		coalesce_mib(dst, r->mark - 1, to, to + size);
		/* Counted, not a stop: the map is done. The work of every unit is counted,
		 * so that a message of many items stops in the next one. */
		if (preemptible)
			preempt_point(COST_COALESCE);
	}
	return 0;
}

/* @t's page at @va is about to change: split what would need a new table to change it
 * (prepare_change() for one page). Return: how many were split, or -1 (memory). */
static int split_for_page(struct task *t, vaddr_t va)
{
	if (!arch_vspace_valid(&t->vspace))
		return 0;
	return arch_vspace_split(&t->vspace, va, PAGE_SIZE, t->obj.payer);
}

/* A map of one page: nothing to walk, join or stop in (mapdb_map() skips a page the
 * source does not have); its work is counted as map_pages() and prepare_change() count
 * it. Return: 0 or -L4_ENOMEM. */
static long map_one_page(struct task *src, vaddr_t from, struct task *dst, vaddr_t to,
			 unsigned rights, bool grant, bool preemptible)
{
	int split_dst = split_for_page(dst, to);
	int split_src = grant && split_dst >= 0 ? split_for_page(src, from) : 0;
	if (split_dst < 0 || split_src < 0)
		return -L4_ENOMEM;
	long err = mapdb_map(src, from, dst, to, rights, grant);
	if (preemptible)
		preempt_point(COST_PAGE + COST_SPLIT * (unsigned)(split_dst + split_src));
	return err;
}

/**
 * memory_map_fpage() - map (or grant) the pages of a memory flexpage of @src to
 * @dst at @dst_base (aligned down to the flexpage's size), each with the source's
 * rights AND the flexpage's. Pages the source does not have are skipped, and cost
 * nothing. Where the pages that arrive allow it, @dst gets larger hardware pages.
 * With @r it may stop at preemption points (the system call runs again and goes on
 * from r); without (in IPC) it runs to the end. A deleted task takes no mappings.
 * Return: 0, -L4_EINVAL for a bad flexpage, -L4_ENOMEM, or PREEMPTED.
 */
long memory_map_fpage(struct task *src, uint32_t fpage, struct task *dst, vaddr_t dst_base,
		      bool grant, struct resume *r)
{
	l4_fpage_t fp = {fpage};
	vaddr_t from;
	size_t size;
	struct resume once = {0};
	bool preemptible = r != NULL;
	if (!r)
		r = &once;
	if (!fpage_range(fp, &from, &size) || src->obj.deleted || dst->obj.deleted)
		return -L4_EINVAL;
	vaddr_t to = dst_base & ~(size - 1);
	if (to >= USER_SPACE_END || size > USER_SPACE_END - to)
		return -L4_EINVAL;
	if (task_ku_overlaps(dst, to, size))
		return -L4_EINVAL; /* nothing may be mapped over kernel-user memory */
	long err = 0;
	if (size == PAGE_SIZE) {
		err = map_one_page(src, from, dst, to, l4_fpage_rights(fp), grant, preemptible);
	} else {
		if (r->phase == MAP_SPLIT_DST &&
		    !(err = prepare_change(dst, to, to + size, &r->next, preemptible)))
			r->phase = grant ? MAP_SPLIT_SRC : MAP_PAGES;
		if (!err && r->phase == MAP_SPLIT_SRC &&
		    !(err = prepare_change(src, from, from + size, &r->next, preemptible)))
			r->phase = MAP_PAGES;
		if (!err)
			err = map_pages(src, from, size, dst, to, l4_fpage_rights(fp), grant, r,
					preemptible);
	}
	if (mapdb_doomed())
		kobj_reap_raise();
	return err;
}

/* Withdraw @rights from what @t mapped on from its page at @p (and from that page if
 * @self), unless the page is kernel memory (UTCB area) or the KIP, which stays. */
static int unmap_page(struct task *t, vaddr_t p, unsigned rights, bool self, struct resume *r)
{
	if (task_in_utcb_area(t, p) || (self && kip_overlaps(p, PAGE_SIZE)))
		return 0;
	return mapdb_unmap_steps(t, p, rights, self, preempt_stop_page, &r->walk);
}

/**
 * memory_unmap_fpage() - withdraw the flexpage's rights from what @t mapped on
 * (and from @t's own pages if @self; not from its UTCB area and KIP). It walks only
 * what is mapped, and may stop at preemption points: the system call runs again and
 * goes on from @r.
 * Return: 0, -L4_EINVAL for a bad flexpage, -L4_ENOMEM (nothing changed), PREEMPTED.
 */
long memory_unmap_fpage(struct task *t, uint32_t fpage, bool self, struct resume *r)
{
	l4_fpage_t fp = {fpage};
	vaddr_t from, looked;
	size_t size;
	if (!fpage_range(fp, &from, &size))
		return -L4_EINVAL;
	if (!arch_vspace_valid(&t->vspace))
		return 0;
	vaddr_t end = from + size;
	if (r->phase == 0) {
		long err = self ? prepare_change(t, from, end, &r->next, true) : 0;
		if (err)
			return err;
		r->phase = 1;
	}
	for (vaddr_t va = r->next > from ? r->next : from; va < end;) {
		vaddr_t p = next_page(t, va, end, &looked);
		r->next = p;
		if (p < looked && unmap_page(t, p, l4_fpage_rights(fp), self, r) == PREEMPTED)
			return PREEMPTED;
		r->walk = 0;
		va = p < looked ? p + PAGE_SIZE : looked;
		/* The last page's work counts too: the caller may go on with more. */
		if (preempt_point(p < looked ? COST_PAGE : COST_SCAN) && va < end) {
			r->next = va;
			return PREEMPTED;
		}
	}
	return 0;
}

/**
 * memory_task_gone() - a task is deleted: its mappings and everything mapped on
 * from them go. It walks only what is mapped, from r->next, and may stop at a
 * preemption point. Return: true when done, false to be called again.
 */
bool memory_task_gone(struct task *t, struct resume *r)
{
	vaddr_t looked;
	if (!arch_vspace_valid(&t->vspace))
		return true; /* its creation failed before it had a page table */
	for (vaddr_t va = r->next; va < USER_SPACE_END;) {
		vaddr_t p = next_page(t, va, USER_SPACE_END, &looked);
		r->next = p;
		struct ku_area *ku = p < looked ? task_ku_area_of(t, p) : NULL;
		if (ku) { /* task_destroy() frees those pages */
			va = ku_area_pages_end(ku);
			continue;
		}
		if (p < looked && mapdb_forget(t, p, preempt_stop_page) == PREEMPTED)
			return false;
		va = p < looked ? p + PAGE_SIZE : looked;
		if (preempt_point(p < looked ? COST_PAGE : COST_SCAN)) {
			r->next = va;
			return false;
		}
	}
	return true;
}
