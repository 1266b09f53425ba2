/* memory.c - memory flexpages: map, grant, unmap via the mapping database and page tables. */
#include "space/memory.h"
#include "arch.h"
#include "mem/kmem.h"
#include "space/mapdb.h"
#include "object/task.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>

/* The UTCB area is kernel memory: never handed on, never unmapped by the task. */
static bool in_utcb_area(const struct task *t, vaddr_t va)
{
	return t->utcb_area_size && va >= align_down(t->utcb_area, PAGE_SIZE) &&
	       va < align_down(t->utcb_area, PAGE_SIZE) + align_up(t->utcb_area_size, PAGE_SIZE);
}

static int op_lookup(struct task *t, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	if (in_utcb_area(t, va) || !arch_vspace_valid(&t->vspace))
		return -1;
	return arch_vspace_lookup(&t->vspace, va, pa, rights);
}

static int op_map(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	if (in_utcb_area(t, va))
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

/*
 * Before @t's pages in [va, va + size) change: split now what would need a new page
 * table to change one page later (the root task's superpages), so that an operation
 * fails before it begins and never halfway (the mapping database cannot undo). The
 * larger pages of other mappings can always be split: they kept their tables.
 */
static int prepare_change(struct task *t, vaddr_t va, size_t size)
{
	if (!arch_vspace_valid(&t->vspace))
		return 0;
	return arch_vspace_split(&t->vspace, va, size, t->obj.payer);
}

/**
 * memory_map_fpage() - map (or grant) the pages of a memory flexpage of @src to
 * @dst at @dst_base (aligned down to the flexpage's size), each with the source's
 * rights AND the flexpage's. Pages the source does not have are skipped. Where the
 * pages that arrive allow it, @dst gets larger hardware pages.
 * Return: 0, -L4_EINVAL for a bad flexpage, -L4_ENOMEM.
 */
long memory_map_fpage(struct task *src, uint32_t fpage, struct task *dst, vaddr_t dst_base,
		      bool grant)
{
	l4_fpage_t fp = {fpage};
	vaddr_t from;
	size_t size;
	if (!fpage_range(fp, &from, &size))
		return -L4_EINVAL;
	vaddr_t to = dst_base & ~(size - 1);
	if (to >= USER_SPACE_END || size > USER_SPACE_END - to)
		return -L4_EINVAL;
	if (dst->utcb_area_size && to < dst->utcb_area + dst->utcb_area_size &&
	    dst->utcb_area < to + size)
		return -L4_EINVAL; /* nothing may be mapped over the UTCB area */
	if (prepare_change(dst, to, size) || (grant && prepare_change(src, from, size)))
		return -L4_ENOMEM;
	long err = 0;
	for (size_t off = 0; off < size && !err; off += PAGE_SIZE)
		err = mapdb_map(src, from + off, dst, to + off, l4_fpage_rights(fp), grant);
	arch_vspace_coalesce(&dst->vspace, to, size);
	return err;
}

/**
 * memory_unmap_fpage() - withdraw the flexpage's rights from what @t mapped on
 * (and from @t's own pages if @self).
 * Return: 0, -L4_EINVAL for a bad flexpage, -L4_ENOMEM (nothing changed).
 */
long memory_unmap_fpage(struct task *t, uint32_t fpage, bool self)
{
	l4_fpage_t fp = {fpage};
	vaddr_t from;
	size_t size;
	if (!fpage_range(fp, &from, &size))
		return -L4_EINVAL;
	if (self && prepare_change(t, from, size))
		return -L4_ENOMEM;
	for (size_t off = 0; off < size; off += PAGE_SIZE)
		if (!in_utcb_area(t, from + off))
			mapdb_unmap(t, from + off, l4_fpage_rights(fp), self);
	return 0;
}

/**
 * memory_task_gone() - a task is deleted: its mappings and everything mapped on
 * from them go.
 */
void memory_task_gone(struct task *t)
{
	if (!arch_vspace_valid(&t->vspace))
		return; /* its creation failed before it had a page table */
	for (vaddr_t va = arch_vspace_next_mapped(&t->vspace, 0); va < USER_SPACE_END;
	     va = arch_vspace_next_mapped(&t->vspace, va + PAGE_SIZE)) {
		paddr_t pa;
		unsigned rights;
		if (!in_utcb_area(t, va) && arch_vspace_lookup(&t->vspace, va, &pa, &rights) == 0)
			mapdb_forget(t, va);
	}
}
