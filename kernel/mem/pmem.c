/* pmem.c - physical page allocator: a bitmap, first fit from a moving hint, any alignment. */
#include "mem/pmem.h"

struct pmem kernel_pmem;

static bool frame_used(const struct pmem *pm, size_t i)
{
	return (pm->bitmap[i / 32] >> (i % 32)) & 1;
}

static void set_frame(struct pmem *pm, size_t i, bool used)
{
	if (used)
		pm->bitmap[i / 32] |= 1u << (i % 32);
	else
		pm->bitmap[i / 32] &= ~(1u << (i % 32));
}

/**
 * pmem_init() - manage @pages frames from @base; @bitmap holds (pages + 31) / 32 words.
 */
void pmem_init(struct pmem *pm, paddr_t base, size_t pages, uint32_t *bitmap)
{
	pm->base = base;
	pm->pages = pages;
	pm->free_pages = 0;
	pm->hint = 0;
	pm->bitmap = bitmap;
	for (size_t i = 0; i < (pages + 31) / 32; i++)
		bitmap[i] = 0xffffffffu;
}

/* Clip [start, start + size) to the managed frames, as frame indices. */
static bool frame_range(const struct pmem *pm, paddr_t start, size_t size, size_t *first,
			size_t *end)
{
	paddr_t lo = start < pm->base ? pm->base : start;
	paddr_t limit = pm->base + pm->pages * PAGE_SIZE;
	paddr_t hi = start + size < start ? limit : start + size;
	if (hi > limit)
		hi = limit;
	if (lo >= hi)
		return false;
	*first = (lo - pm->base) >> PAGE_SHIFT;
	*end = (hi - pm->base + PAGE_SIZE - 1) >> PAGE_SHIFT;
	return true;
}

/**
 * pmem_release() - make the whole frames inside [start, start + size) allocatable.
 */
void pmem_release(struct pmem *pm, paddr_t start, size_t size)
{
	paddr_t s = align_up(start, PAGE_SIZE);
	if (s < start || size < s - start)
		return;
	size = align_down(size - (s - start), PAGE_SIZE);
	size_t first, end;
	if (!frame_range(pm, s, size, &first, &end))
		return;
	for (size_t i = first; i < end; i++) {
		if (frame_used(pm, i)) {
			set_frame(pm, i, false);
			pm->free_pages++;
		}
	}
}

/**
 * pmem_reserve() - take every frame touching [start, start + size) out of use.
 */
void pmem_reserve(struct pmem *pm, paddr_t start, size_t size)
{
	size_t first, end, offset = start & (PAGE_SIZE - 1);
	if (size == 0)
		return;
	size = size > SIZE_MAX - offset ? SIZE_MAX : size + offset; /* frame_range() clips */
	if (!frame_range(pm, align_down(start, PAGE_SIZE), size, &first, &end))
		return;
	for (size_t i = first; i < end; i++) {
		if (!frame_used(pm, i)) {
			set_frame(pm, i, true);
			pm->free_pages--;
		}
	}
}

static bool run_is_free(const struct pmem *pm, size_t first, size_t pages)
{
	for (size_t i = first; i < first + pages; i++)
		if (frame_used(pm, i))
			return false;
	return true;
}

/**
 * pmem_alloc() - allocate @pages contiguous frames whose physical address is a
 * multiple of @align_pages frames (a power of two).
 * Return: 0 with the address in *out, or -1 if no such run is free.
 */
int pmem_alloc(struct pmem *pm, size_t pages, size_t align_pages, paddr_t *out)
{
	if (pages == 0 || pages > pm->free_pages || align_pages == 0 ||
	    (align_pages & (align_pages - 1)))
		return -1;
	size_t align_mask = align_pages - 1;
	size_t base_frame = pm->base >> PAGE_SHIFT;
	for (int pass = 0; pass < 2; pass++) {
		size_t start = pass == 0 ? pm->hint : 0;
		size_t stop = pass == 0 ? pm->pages : pm->hint + pages;
		if (stop > pm->pages)
			stop = pm->pages;
		size_t i = ((base_frame + start + align_mask) & ~align_mask) - base_frame;
		for (; i + pages <= stop; i += align_pages) {
			if (!run_is_free(pm, i, pages))
				continue;
			for (size_t j = i; j < i + pages; j++)
				set_frame(pm, j, true);
			pm->free_pages -= pages;
			pm->hint = i + pages;
			*out = pm->base + i * PAGE_SIZE;
			return 0;
		}
	}
	return -1;
}

/**
 * pmem_free() - return frames from pmem_alloc(); frames outside the range or
 * already free are ignored.
 */
void pmem_free(struct pmem *pm, paddr_t pa, size_t pages)
{
	size_t first, end;
	if (pages == 0 || (pa & (PAGE_SIZE - 1)) ||
	    !frame_range(pm, pa, pages * PAGE_SIZE, &first, &end))
		return;
	for (size_t i = first; i < end; i++) {
		if (frame_used(pm, i)) {
			set_frame(pm, i, false);
			pm->free_pages++;
		}
	}
}

bool pmem_is_free(const struct pmem *pm, paddr_t pa)
{
	if (pa < pm->base || pa - pm->base >= pm->pages * PAGE_SIZE)
		return false;
	return !frame_used(pm, (pa - pm->base) >> PAGE_SHIFT);
}
