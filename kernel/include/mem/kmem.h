/* kmem.h - kernel memory for objects, charged to a factory's quota. */
#ifndef KEEL_KMEM_H
#define KEEL_KMEM_H

#include "types.h"

struct factory;

/* Smallest and largest object sizes; larger requests take whole pages. */
#define KMEM_MIN_SIZE 32
#define KMEM_MAX_SIZE 2048

void *kmem_alloc(struct factory *payer, size_t size);
void kmem_free(struct factory *payer, void *p, size_t size);
int kmem_pages_alloc(struct factory *payer, size_t pages, size_t align_pages, paddr_t *out);
void kmem_pages_free(struct factory *payer, paddr_t pa, size_t pages);
size_t kmem_charge_of(size_t size);
size_t kmem_free_bytes(void);

#endif
