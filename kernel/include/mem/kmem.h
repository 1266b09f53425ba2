/* kmem.h - kernel memory for objects: per-factory slabs over pmem, charged by the page. */
#ifndef KEEL_KMEM_H
#define KEEL_KMEM_H

#include "types.h"

struct factory;
struct slab;

/* Object size classes (kmem.c); larger objects, up to a page, take a page each. */
#define KMEM_CLASSES  6
#define KMEM_MAX_SIZE PAGE_SIZE

/*
 * The slab pages of one payer (a factory, or the kernel itself) that have free
 * chunks, per class. Pages are never shared between payers: the payer is charged
 * for each page it holds, so fragmentation costs its own quota and no one else's.
 */
struct kmem_pool {
	struct slab *partial[KMEM_CLASSES];
};

void *kmem_alloc(struct factory *payer, size_t size);
void kmem_free(struct factory *payer, void *p, size_t size);
int kmem_pages_alloc(struct factory *payer, size_t pages, size_t align_pages, paddr_t *out);
void kmem_pages_free(struct factory *payer, paddr_t pa, size_t pages);
size_t kmem_free_bytes(void);
unsigned kmem_per_page(size_t size);

#endif
