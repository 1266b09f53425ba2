/* pmem.h - the physical page allocator: one bit per 4 KiB frame of a RAM range. */
#ifndef KEEL_PMEM_H
#define KEEL_PMEM_H

#include "types.h"

/*
 * Single frames are taken from the top down, runs of frames from the bottom up, so
 * that scattered single pages (slabs, page tables) do not break up the space where
 * the runs (first-level tables, UTCB areas) are found.
 */
struct pmem {
	paddr_t base;
	size_t pages;
	size_t free_pages;
	size_t low;	  /* every frame below it is in use */
	size_t high;	  /* every frame from it up is in use */
	uint32_t *bitmap; /* 1 = in use */
};

extern struct pmem kernel_pmem;

/* All frames start out in use; pmem_release() makes the usable ones available. */
void pmem_init(struct pmem *pm, paddr_t base, size_t pages, uint32_t *bitmap);
void pmem_release(struct pmem *pm, paddr_t start, size_t size);
void pmem_reserve(struct pmem *pm, paddr_t start, size_t size);
int pmem_alloc(struct pmem *pm, size_t pages, size_t align_pages, paddr_t *out);
void pmem_free(struct pmem *pm, paddr_t pa, size_t pages);
bool pmem_is_free(const struct pmem *pm, paddr_t pa);
bool pmem_range_free(const struct pmem *pm, paddr_t start, size_t size);

#endif
