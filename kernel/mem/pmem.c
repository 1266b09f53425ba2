/* pmem.c - physical page allocator: a bitmap, single frames from the top, runs from the bottom. */
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
	pm->low = 0;
	pm->high = pages;
	pm->bitmap = bitmap;
	for (size_t i = 0; i < (pages + 31) / 32; i++)
		bitmap[i] = 0xffffffffu;
}

/* Frames [first, end) have become free: the searches must look at them again. */
static void widen_hints(struct pmem *pm, size_t first, size_t end)
{
	if (first < pm->low)
		pm->low = first;
	if (end > pm->high)
		pm->high = end;
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

/* Mark frames [@first, @end) free (those not free yet), and let the search find them. */
static void free_frames(struct pmem *pm, size_t first, size_t end)
{
	for (size_t i = first; i < end; i++) {
		if (frame_used(pm, i)) {
			set_frame(pm, i, false);
			pm->free_pages++;
		}
	}
	widen_hints(pm, first, end);
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
	free_frames(pm, first, end);
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

/* Is [first, first + pages) free? If not, *used is the last frame in use in it. */
static bool run_is_free(const struct pmem *pm, size_t first, size_t pages, size_t *used)
{
	for (size_t i = first + pages; i-- > first;) {
		if (frame_used(pm, i)) {
			*used = i;
			return false;
		}
	}
	return true;
}

static bool word_full(const struct pmem *pm, size_t i)
{
	return pm->bitmap[i / 32] == 0xffffffffu;
}

/* The highest free frame, searched down from pm->high (whole used words at once). */
static bool highest_free(struct pmem *pm, size_t *out)
{
	size_t i = pm->high;
	while (i > 0) {
		if (i % 32 == 0 && word_full(pm, i - 1)) {
			i -= 32;
			continue;
		}
		i--;
		if (!frame_used(pm, i)) {
			*out = i;
			return true;
		}
	}
	pm->high = 0;
	return false;
}

/* The first frame index from @i on whose physical address is a multiple of @align
 * frames (or pm->pages if there is none). */
static size_t aligned_from(const struct pmem *pm, size_t i, size_t align)
{
	size_t base_frame = pm->base >> PAGE_SHIFT, mask = align - 1;
	size_t frame = base_frame + i;
	if (frame > SIZE_MAX - mask)
		return pm->pages;
	size_t a = ((frame + mask) & ~mask) - base_frame;
	return a < pm->pages ? a : pm->pages;
}

/* The lowest run of @pages free frames aligned to @align frames, searched up from
 * pm->low; after a used frame the search goes on behind it, whole used words at once. */
static bool lowest_run(struct pmem *pm, size_t pages, size_t align, size_t *out)
{
	while (pm->low < pm->pages && frame_used(pm, pm->low))
		pm->low += pm->low % 32 == 0 && word_full(pm, pm->low) ? 32 : 1;
	size_t i = aligned_from(pm, pm->low, align), used;
	while (i < pm->pages && pages <= pm->pages - i) {
		if (i % 32 == 0 && word_full(pm, i)) { /* 32 frames in use at once */
			i = aligned_from(pm, i + 32, align);
			continue;
		}
		if (run_is_free(pm, i, pages, &used)) {
			*out = i;
			return true;
		}
		i = aligned_from(pm, used + 1, align);
	}
	return false;
}

/**
 * pmem_alloc() - allocate @pages contiguous frames whose physical address is a
 * multiple of @align_pages frames (a power of two): a single frame is the highest
 * free one, a run the lowest that fits.
 * Return: 0 with the address in *out, or -1 if no such run is free.
 */
int pmem_alloc(struct pmem *pm, size_t pages, size_t align_pages, paddr_t *out)
{
	if (pages == 0 || pages > pm->free_pages || align_pages == 0 ||
	    (align_pages & (align_pages - 1)))
		return -1;
	size_t first;
	bool single = pages == 1 && align_pages == 1;
	if (single ? !highest_free(pm, &first) : !lowest_run(pm, pages, align_pages, &first))
		return -1;
	for (size_t j = first; j < first + pages; j++)
		set_frame(pm, j, true);
	pm->free_pages -= pages;
	if (single)
		pm->high = first;
	*out = pm->base + first * PAGE_SIZE;
	return 0;
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
	free_frames(pm, first, end);
}

bool pmem_is_free(const struct pmem *pm, paddr_t pa)
{
	if (pa < pm->base || pa - pm->base >= pm->pages * PAGE_SIZE)
		return false;
	return !frame_used(pm, (pa - pm->base) >> PAGE_SHIFT);
}

/**
 * pmem_range_free() - is every frame of [@start, @start + @size) (page-aligned, inside
 * the range pmem covers) free?
 */
bool pmem_range_free(const struct pmem *pm, paddr_t start, size_t size)
{
	size_t used;
	if (start < pm->base || (start & (PAGE_SIZE - 1)) || (size & (PAGE_SIZE - 1)) ||
	    (start - pm->base) / PAGE_SIZE > pm->pages ||
	    size / PAGE_SIZE > pm->pages - (start - pm->base) / PAGE_SIZE)
		return false;
	return run_is_free(pm, (start - pm->base) / PAGE_SIZE, size / PAGE_SIZE, &used);
}
