/* malloc.c - the C heap: small blocks from a growing heap, large ones in own dataspaces. */
#include "lock.h"
#include <errno.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Small blocks come from one contiguous heap: a reserved area of the address space
 * that grows by attaching anonymous dataspaces at its end (memory is taken from the
 * allocator only when needed and populated on first touch). Blocks of LARGE_BLOCK
 * bytes and more get a dataspace of their own, so that free() gives their memory
 * back to the allocator at once. Programs without a region mapper (the root task)
 * use the static heap of the link map instead.
 *
 * Thread safe: one lock (lock.h, a sleeping lock) around every entry point.
 */
/* Not declared in strict C11 mode. */
size_t malloc_usable_size(void *ptr);
void *memalign(size_t align, size_t size);
int posix_memalign(void **out, size_t align, size_t size);

#define LARGE_BLOCK (128UL << 10)
#define HEAP_AREA   (256UL << 20)
#define HEAP_CHUNK  (256UL << 10)
#define ALIGN	    16UL

enum block_kind { BLOCK_SMALL = 0x5a11, BLOCK_LARGE = 0x1a26, BLOCK_ALIGNED = 0xa119 };

/* The header in front of every block (16 bytes, so blocks stay 16-byte aligned). */
struct block {
	size_t size;	    /* bytes, header included */
	unsigned kind;	    /* enum block_kind */
	l4re_ds_t ds;	    /* LARGE: its dataspace; ALIGNED: bytes back to the real block */
	struct block *next; /* free list (SMALL blocks that are free) */
};

extern char __heap_start[], __heap_end[];

static struct block *free_list; /* address-ordered */
static l4_addr_t heap_top, heap_end;
static int heap_ready;
static l4re_lock_t heap_lock = L4RE_LOCK_INIT;

/* Take the heap's address space: an area to grow in, or the static heap. */
static void heap_init(void)
{
	heap_ready = 1;
	l4_addr_t area = 0;
	if (l4_is_valid_cap(l4re_env()->rm) && l4_is_valid_cap(l4re_env()->mem_alloc) &&
	    l4re_rm_reserve_area(&area, HEAP_AREA, L4RE_RM_F_SEARCH_ADDR, 20) == 0) {
		heap_top = area;
		heap_end = area + HEAP_AREA;
		return;
	}
	heap_top = (l4_addr_t)__heap_start;
	heap_end = (l4_addr_t)__heap_end;
}

/*
 * A new anonymous dataspace of @size bytes attached at *@start with @flags and
 * @align; its capability in *@ds. Return: 1, or 0 with nothing left allocated.
 */
static int attach_new_ds(void **start, size_t size, unsigned long flags, unsigned char align,
			 l4re_ds_t *ds)
{
	*ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(*ds))
		return 0;
	if (l4re_ma_alloc(size, *ds, 0) != 0) {
		l4re_util_cap_free(*ds);
		return 0;
	}
	if (l4re_rm_attach(start, size, flags, *ds, 0, align) != 0) {
		l4re_ma_free(*ds);
		l4re_util_cap_free_um(*ds);
		return 0;
	}
	return 1;
}

/* More heap: at least @bytes more at its end. Return: the new memory or NULL. */
static void *heap_grow(size_t bytes)
{
	size_t size = (bytes + HEAP_CHUNK - 1) & ~(HEAP_CHUNK - 1);
	if (size < bytes || size > heap_end - heap_top)
		return NULL;
	void *start = (void *)heap_top;
	l4re_ds_t ds;
	if (heap_end != (l4_addr_t)__heap_end &&
	    !attach_new_ds(&start, size, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA, 0, &ds))
		return NULL;
	heap_top += size;
	struct block *b = start;
	b->size = size;
	return b;
}

/* Put @b on the address-ordered free list, merging it with its neighbours. */
static void free_small(struct block *b)
{
	struct block **p = &free_list;
	while (*p && *p < b)
		p = &(*p)->next;
	b->kind = BLOCK_SMALL;
	b->next = *p;
	if (b->next && (char *)b + b->size == (char *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
	}
	*p = b;
	if (p != &free_list) {
		struct block *prev = (struct block *)((char *)p - offsetof(struct block, next));
		if ((char *)prev + prev->size == (char *)b) {
			prev->size += b->size;
			prev->next = b->next;
		}
	}
}

/* First fit from the free list, growing the heap when nothing fits. */
static void *malloc_small(size_t size)
{
	for (int tries = 0; tries < 2; tries++) {
		for (struct block **p = &free_list; *p; p = &(*p)->next) {
			struct block *b = *p;
			if (b->size < size)
				continue;
			if (b->size - size >= 2 * sizeof(struct block)) {
				struct block *rest = (struct block *)((char *)b + size);
				rest->size = b->size - size;
				rest->kind = BLOCK_SMALL;
				rest->next = b->next;
				b->size = size;
				*p = rest;
			} else {
				*p = b->next;
			}
			b->kind = BLOCK_SMALL;
			b->next = NULL;
			return b + 1;
		}
		struct block *more = heap_grow(size);
		if (!more)
			return NULL;
		free_small(more);
	}
	return NULL;
}

/* A block in a dataspace of its own. */
static void *malloc_large(size_t size)
{
	size_t bytes = (size + L4_PAGESIZE - 1) & L4_PAGEMASK;
	if (bytes < size || !l4_is_valid_cap(l4re_env()->rm))
		return NULL;
	void *start = 0;
	l4re_ds_t ds;
	if (!attach_new_ds(&start, bytes, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, L4_PAGESHIFT, &ds))
		return NULL;
	struct block *b = start;
	b->size = bytes;
	b->kind = BLOCK_LARGE;
	b->ds = ds;
	return b + 1;
}

static void *malloc_locked(size_t size)
{
	if (!heap_ready)
		heap_init();
	size_t bytes = (size + sizeof(struct block) + ALIGN - 1) & ~(ALIGN - 1);
	void *p = NULL;
	if (bytes < size)
		p = NULL;
	else if (bytes >= LARGE_BLOCK && heap_end != (l4_addr_t)__heap_end)
		p = malloc_large(bytes);
	else
		p = malloc_small(bytes);
	if (!p)
		errno = ENOMEM;
	return p;
}

/* The header of a block malloc returned, or NULL if @ptr is not one. */
static struct block *block_of(void *ptr)
{
	struct block *b = (struct block *)ptr - 1;
	if (b->kind == BLOCK_ALIGNED)
		b = (struct block *)((char *)b - b->ds);
	if (b->kind != BLOCK_SMALL && b->kind != BLOCK_LARGE)
		abort(); /* not from malloc, or freed twice */
	return b;
}

static void free_locked(void *ptr)
{
	if (!ptr)
		return;
	struct block *b = block_of(ptr);
	if (b->kind == BLOCK_LARGE) {
		l4re_ds_t ds = b->ds;
		b->kind = 0;
		l4re_rm_detach(b);
		l4re_ma_free(ds);
		l4re_util_cap_free_um(ds);
		return;
	}
	free_small(b);
}

static size_t usable_size_locked(void *ptr)
{
	if (!ptr)
		return 0;
	struct block *b = block_of(ptr);
	return b->size - (size_t)((char *)ptr - (char *)b);
}

void *malloc(size_t size)
{
	l4re_lock(&heap_lock);
	void *p = malloc_locked(size);
	l4re_unlock(&heap_lock);
	return p;
}

void free(void *ptr)
{
	l4re_lock(&heap_lock);
	free_locked(ptr);
	l4re_unlock(&heap_lock);
}

size_t malloc_usable_size(void *ptr)
{
	l4re_lock(&heap_lock);
	size_t n = usable_size_locked(ptr);
	l4re_unlock(&heap_lock);
	return n;
}

void *calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	/* malloc_locked, not malloc: GCC makes malloc + memset a call of calloc. */
	l4re_lock(&heap_lock);
	void *p = malloc_locked(n * size);
	l4re_unlock(&heap_lock);
	if (p)
		memset(p, 0, n * size);
	return p;
}

static void *realloc_locked(void *ptr, size_t size)
{
	if (!ptr)
		return malloc_locked(size);
	size_t old = usable_size_locked(ptr);
	if (size <= old)
		return ptr;
	void *p = malloc_locked(size);
	if (p) {
		memcpy(p, ptr, old);
		free_locked(ptr);
	}
	return p;
}

void *realloc(void *ptr, size_t size)
{
	l4re_lock(&heap_lock);
	void *p = realloc_locked(ptr, size);
	l4re_unlock(&heap_lock);
	return p;
}

void *memalign(size_t align, size_t size)
{
	if (align <= ALIGN)
		return malloc(size);
	if (align & (align - 1) || size + align < size) {
		errno = EINVAL;
		return NULL;
	}
	char *raw = malloc(size + align + sizeof(struct block));
	if (!raw)
		return NULL;
	uintptr_t at = ((uintptr_t)raw + sizeof(struct block) + align - 1) & ~(align - 1);
	struct block *h = (struct block *)at - 1;
	h->kind = BLOCK_ALIGNED;
	h->ds = (l4re_ds_t)((char *)h - (char *)((struct block *)raw - 1));
	h->size = 0;
	h->next = NULL;
	// cppcheck-suppress memleak ; free() finds raw through h->ds
	return (void *)at;
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	void *p = memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}
