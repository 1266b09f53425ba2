/* page_alloc.h - the root task's physical page allocator over its user RAM. */
#ifndef ROOTTASK_PAGE_ALLOC_H
#define ROOTTASK_PAGE_ALLOC_H

#include <l4/keel/bootinfo.h>
#include <l4/sys/types.h>

/* The most user RAM managed (the kernel's direct map of RAM is 768 MiB). */
#define PAGE_ALLOC_MAX_PAGES (768UL << (20 - L4_PAGESHIFT))

/**
 * page_alloc_init() - manage the root task's user RAM [@bi->ram_base, +@bi->ram_size),
 * all of it free. The RAM is identity-mapped into the root task, so a page's address
 * is both its physical address and its address in the root task. Only the first
 * call does anything; later calls (by every user of the allocator) return 0.
 * RAM at address 0 loses its first page (page_alloc() returns 0 for "none").
 * Return: 0, or -L4_EINVAL for a missing or unusable RAM range (unaligned, smaller
 * than a page, or past 4 GiB).
 */
int page_alloc_init(const struct keel_bootinfo *bi);

/**
 * page_alloc() - take @count contiguous pages, the first aligned to 2^@align_log2
 * bytes (values below 12 mean page alignment), first fit. The pages are not
 * cleared. Safe to call from any thread of the root task.
 * Return: the address of the first page, or 0 if no such run is free.
 */
l4_addr_t page_alloc(unsigned long count, unsigned align_log2);

/**
 * page_free() - give back @count pages from @addr (taken with page_alloc). Pages
 * outside the RAM or not taken are ignored.
 */
void page_free(l4_addr_t addr, unsigned long count);

/* page_free_count() - how many pages are free now. */
unsigned long page_free_count(void);

#endif
