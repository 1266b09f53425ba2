/* kmem.c - size-class allocator for kernel objects on top of pmem, with quota charging. */
#include "mem/kmem.h"
#include "arch.h"
#include "object/factory.h"
#include "mem/pmem.h"
#include "string.h"

#define KMEM_CLASSES 7 /* 32, 64, ..., 2048 */

struct free_chunk {
	struct free_chunk *next;
};

static struct free_chunk *free_lists[KMEM_CLASSES];

static unsigned size_class(size_t size)
{
	unsigned c = 0;
	while ((size_t)(KMEM_MIN_SIZE << c) < size)
		c++;
	return c;
}

/**
 * kmem_charge_of() - what an allocation of @size bytes costs a quota.
 */
size_t kmem_charge_of(size_t size)
{
	if (size > KMEM_MAX_SIZE)
		return align_up(size, PAGE_SIZE);
	return (size_t)KMEM_MIN_SIZE << size_class(size);
}

/* Cut a fresh page into chunks of one class. */
static int refill(unsigned c)
{
	paddr_t pa;
	if (pmem_alloc(&kernel_pmem, 1, 1, &pa) != 0)
		return -1;
	uint8_t *page = arch_phys_to_virt(pa);
	size_t chunk = (size_t)KMEM_MIN_SIZE << c;
	for (size_t off = 0; off + chunk <= PAGE_SIZE; off += chunk) {
		struct free_chunk *f = (struct free_chunk *)(page + off);
		f->next = free_lists[c];
		free_lists[c] = f;
	}
	return 0;
}

/**
 * kmem_alloc() - zeroed kernel memory for an object, charged to @payer (NULL: the
 * kernel itself, uncharged).
 * Return: the memory, or NULL if the quota or physical memory is exhausted.
 */
void *kmem_alloc(struct factory *payer, size_t size)
{
	if (size == 0 || size > KMEM_MAX_SIZE)
		return NULL;
	size_t charge = kmem_charge_of(size);
	if (payer && factory_charge(payer, charge) != 0)
		return NULL;
	unsigned c = size_class(size);
	if (!free_lists[c] && refill(c) != 0) {
		if (payer)
			factory_uncharge(payer, charge);
		return NULL;
	}
	struct free_chunk *f = free_lists[c];
	free_lists[c] = f->next;
	memset(f, 0, charge);
	return f;
}

void kmem_free(struct factory *payer, void *p, size_t size)
{
	if (!p)
		return;
	unsigned c = size_class(size);
	struct free_chunk *f = p;
	f->next = free_lists[c];
	free_lists[c] = f;
	if (payer)
		factory_uncharge(payer, kmem_charge_of(size));
}

/**
 * kmem_pages_alloc() - zeroed, physically contiguous pages (page tables, capability
 * table pages, UTCB areas), charged to @payer.
 * Return: 0, or -1 if the quota or physical memory is exhausted.
 */
int kmem_pages_alloc(struct factory *payer, size_t pages, size_t align_pages, paddr_t *out)
{
	size_t charge = pages * PAGE_SIZE;
	if (payer && factory_charge(payer, charge) != 0)
		return -1;
	if (pmem_alloc(&kernel_pmem, pages, align_pages, out) != 0) {
		if (payer)
			factory_uncharge(payer, charge);
		return -1;
	}
	memset(arch_phys_to_virt(*out), 0, charge);
	return 0;
}

/**
 * kmem_free_bytes() - kernel memory not in use (whole free pages).
 */
size_t kmem_free_bytes(void)
{
	return kernel_pmem.free_pages * PAGE_SIZE;
}

void kmem_pages_free(struct factory *payer, paddr_t pa, size_t pages)
{
	pmem_free(&kernel_pmem, pa, pages);
	if (payer)
		factory_uncharge(payer, pages * PAGE_SIZE);
}
