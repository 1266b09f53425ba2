/* kmem.c - kernel memory for objects: per-factory slabs over pmem, charged by the page. */
#include "mem/kmem.h"
#include "arch.h"
#include "object/factory.h"
#include "mem/pmem.h"
#include "string.h"

/*
 * A slab is one page of objects of one size class, owned by one payer. Its header is
 * at the start of the page; the objects follow.
 */
struct slab {
	struct slab *next, *prev; /* the payer's slabs of this class with free chunks */
	struct free_chunk *free;  /* chunks given back, to be handed out again */
	uint16_t used;		  /* chunks handed out */
	uint8_t cls;		  /* size class */
	uint8_t fresh;		  /* chunks ever handed out: those after it never were */
};

struct free_chunk {
	struct free_chunk *next;
};

#define SLAB_HEADER align_up(sizeof(struct slab), 8)

/*
 * The class sizes are the largest multiples of 8 of which 127, 63, 31, 15, 6 and 3
 * fit a page after the header: a thread (632 bytes) takes one of six 680-byte slots
 * instead of one of four 1024-byte ones.
 */
static const uint16_t class_size[KMEM_CLASSES] = {32, 64, 128, 272, 680, 1360};
/* fresh counts chunks in 8 bits; on the target the header stays 16 bytes, so that 15
 * chunks of 272 bytes fit a page (host tests build this with 64-bit pointers). */
_Static_assert((PAGE_SIZE - sizeof(struct slab)) / 32 <= 255, "slab.fresh");
_Static_assert(sizeof(void *) != 4 || sizeof(struct slab) <= 16, "slab header");

/* What the kernel itself allocates (payer NULL, uncharged: at boot only). */
static struct kmem_pool kernel_pool;

static unsigned size_class(size_t size)
{
	unsigned c = 0;
	while (c < KMEM_CLASSES - 1 && class_size[c] < size)
		c++;
	return c;
}

static unsigned slots(unsigned c)
{
	return (unsigned)((PAGE_SIZE - SLAB_HEADER) / class_size[c]);
}

/* Larger than any class: a page of its own. */
static bool page_sized(size_t size)
{
	return size > class_size[KMEM_CLASSES - 1];
}

/**
 * kmem_per_page() - how many objects of @size bytes share a page (1: a page each).
 */
unsigned kmem_per_page(size_t size)
{
	return page_sized(size) ? 1 : slots(size_class(size));
}

static struct kmem_pool *pool_of(struct factory *payer)
{
	return payer ? &payer->pool : &kernel_pool;
}

static void slab_push(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void slab_unlink(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

/* Charge @payer for @pages frames and take them from pmem (not zeroed). */
static int take_pages(struct factory *payer, size_t pages, size_t align_pages, paddr_t *out)
{
	size_t charge = pages * PAGE_SIZE;
	if (payer && factory_charge(payer, charge) != 0)
		return -1;
	if (pmem_alloc(&kernel_pmem, pages, align_pages, out) != 0) {
		if (payer)
			factory_uncharge(payer, charge);
		return -1;
	}
	return 0;
}

/* A fresh page of class @c for @payer. Its chunks are handed out in address order
 * as they are needed (fresh), not cut into a free list first: a page's first object
 * costs the same as its others (a mapping made and removed again, which takes and
 * gives back a page each time, cost some 700 instructions more per map). */
static struct slab *slab_new(struct factory *payer, unsigned c)
{
	paddr_t pa;
	if (take_pages(payer, 1, 1, &pa) != 0)
		return NULL;
	struct slab *s = arch_phys_to_virt(pa);
	s->next = s->prev = NULL;
	s->free = NULL;
	s->used = 0;
	s->cls = (uint8_t)c;
	s->fresh = 0;
	return s;
}

/* Does @s have no chunk left to hand out? */
static bool slab_full(const struct slab *s)
{
	return !s->free && s->fresh == slots(s->cls);
}

/**
 * kmem_alloc() - zeroed kernel memory for an object of @size bytes (up to a page),
 * charged to @payer (NULL: the kernel itself, uncharged) by the page: a slab page
 * of its own, or a page for objects larger than the largest class.
 * Return: the memory, or NULL if the quota or physical memory is exhausted.
 */
void *kmem_alloc(struct factory *payer, size_t size)
{
	if (size == 0 || size > KMEM_MAX_SIZE)
		return NULL;
	if (page_sized(size)) {
		paddr_t pa;
		return kmem_pages_alloc(payer, 1, 1, &pa) == 0 ? arch_phys_to_virt(pa) : NULL;
	}
	unsigned c = size_class(size);
	struct slab **partial = &pool_of(payer)->partial[c];
	if (!*partial) {
		struct slab *s = slab_new(payer, c);
		if (!s)
			return NULL;
		slab_push(partial, s);
	}
	struct slab *s = *partial;
	struct free_chunk *f = s->free;
	if (f)
		s->free = f->next;
	else
		f = (struct free_chunk *)((uint8_t *)s + SLAB_HEADER +
					  (size_t)s->fresh++ * class_size[c]);
	s->used++;
	if (slab_full(s))
		slab_unlink(partial, s);
	if (class_size[c] <= 64) /* a mapping node: a few stores, not a memset call */
		for (uint32_t *w = (uint32_t *)f; w < (uint32_t *)((uint8_t *)f + class_size[c]);
		     w++)
			*w = 0;
	else
		memset(f, 0, class_size[c]);
	return f;
}

/**
 * kmem_free() - give back an object from kmem_alloc() with the same @payer and
 * @size; a slab page whose objects are all free goes back to pmem and its charge to
 * @payer at once.
 */
void kmem_free(struct factory *payer, void *p, size_t size)
{
	if (!p)
		return;
	if (page_sized(size)) {
		kmem_pages_free(payer, arch_virt_to_phys(p), 1);
		return;
	}
	struct slab *s = (struct slab *)align_down((uintptr_t)p, PAGE_SIZE);
	struct slab **partial = &pool_of(payer)->partial[s->cls];
	struct free_chunk *f = p;
	if (slab_full(s))
		slab_push(partial, s); /* it was full */
	f->next = s->free;
	s->free = f;
	if (--s->used == 0) {
		slab_unlink(partial, s);
		kmem_pages_free(payer, arch_virt_to_phys(s), 1);
	}
}

/**
 * kmem_pages_alloc() - zeroed, physically contiguous pages (page tables, capability
 * table pages, UTCB areas), charged to @payer. A run whose length is a power of two
 * is aligned to it, so that freed runs leave holes that fit runs again.
 * Return: 0, or -1 if the quota or physical memory is exhausted.
 */
int kmem_pages_alloc(struct factory *payer, size_t pages, size_t align_pages, paddr_t *out)
{
	if (pages && !(pages & (pages - 1)) && align_pages < pages)
		align_pages = pages;
	if (take_pages(payer, pages, align_pages, out) != 0)
		return -1;
	memset(arch_phys_to_virt(*out), 0, pages * PAGE_SIZE);
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
