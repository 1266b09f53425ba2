/* test_pmem.c - host tests of the bitmap physical page allocator (kernel/pmem.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mem/pmem.h"

#define BASE 0x40000000u

/* An allocator over @pages frames with a bitmap of exactly the documented size. */
struct fixture {
	struct pmem pm;
	uint32_t *bitmap;
	size_t words;
};

static void setup(struct fixture *f, paddr_t base, size_t pages)
{
	f->words = (pages + 31) / 32;
	f->bitmap = malloc(f->words ? f->words * sizeof(uint32_t) : 1);
	assert_non_null(f->bitmap);
	memset(f->bitmap, 0x5a, f->words * sizeof(uint32_t));
	pmem_init(&f->pm, base, pages, f->bitmap);
}

static void teardown(struct fixture *f)
{
	free(f->bitmap);
}

static paddr_t frame(const struct fixture *f, size_t i)
{
	return f->pm.base + i * PAGE_SIZE;
}

/* free_pages must equal the number of free frames the bitmap shows. */
static void check_count(const struct fixture *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->pm.pages; i++)
		n += pmem_is_free(&f->pm, frame(f, i));
	assert_int_equal(n, f->pm.free_pages);
}

static void test_init(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 45);
	assert_int_equal(f.pm.base, BASE);
	assert_int_equal(f.pm.pages, 45);
	assert_int_equal(f.pm.free_pages, 0);
	assert_int_equal(f.bitmap[0], 0xffffffffu);
	assert_int_equal(f.bitmap[1], 0xffffffffu);
	for (size_t i = 0; i < 45; i++)
		assert_false(pmem_is_free(&f.pm, frame(&f, i)));
	paddr_t pa = 0;
	assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), -1);
	teardown(&f);
}

static void test_release_and_is_free(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 45);
	pmem_release(&f.pm, BASE, 45 * PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 45);
	check_count(&f);
	/* Releasing again does not count twice. */
	pmem_release(&f.pm, BASE, 45 * PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 45);
	/* Any address inside a frame; nothing outside the range. */
	assert_true(pmem_is_free(&f.pm, BASE));
	assert_true(pmem_is_free(&f.pm, BASE + 0x1234));
	assert_true(pmem_is_free(&f.pm, BASE + 45 * PAGE_SIZE - 1));
	assert_false(pmem_is_free(&f.pm, BASE + 45 * PAGE_SIZE));
	assert_false(pmem_is_free(&f.pm, BASE - 1));
	assert_false(pmem_is_free(&f.pm, 0));
	assert_false(pmem_is_free(&f.pm, UINTPTR_MAX));
	teardown(&f);
}

/* Only whole frames inside the range are released. */
static void test_release_partial(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 16);
	/* [BASE + 0x800, BASE + 0x3800) holds frames 1 and 2 whole. */
	pmem_release(&f.pm, BASE + 0x800, 3 * PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 2);
	assert_false(pmem_is_free(&f.pm, frame(&f, 0)));
	assert_true(pmem_is_free(&f.pm, frame(&f, 1)));
	assert_true(pmem_is_free(&f.pm, frame(&f, 2)));
	assert_false(pmem_is_free(&f.pm, frame(&f, 3)));
	/* Less than a frame, or no frame whole. */
	pmem_release(&f.pm, frame(&f, 5), PAGE_SIZE - 1);
	pmem_release(&f.pm, frame(&f, 5) + 1, PAGE_SIZE);
	pmem_release(&f.pm, frame(&f, 5) + 0xfff, 2);
	pmem_release(&f.pm, frame(&f, 5), 0);
	assert_int_equal(f.pm.free_pages, 2);
	assert_false(pmem_is_free(&f.pm, frame(&f, 5)));
	/* Exactly one frame, unaligned start. */
	pmem_release(&f.pm, frame(&f, 5) + 1, 2 * PAGE_SIZE - 1);
	assert_true(pmem_is_free(&f.pm, frame(&f, 6)));
	assert_false(pmem_is_free(&f.pm, frame(&f, 5)));
	assert_false(pmem_is_free(&f.pm, frame(&f, 7)));
	assert_int_equal(f.pm.free_pages, 3);
	check_count(&f);
	teardown(&f);
}

/* Ranges partly or wholly outside the managed frames are clipped. */
static void test_release_clipped(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 8);
	pmem_release(&f.pm, 0, BASE);
	pmem_release(&f.pm, BASE + 8 * PAGE_SIZE, 100 * PAGE_SIZE);
	pmem_release(&f.pm, UINTPTR_MAX - 10, 100);
	pmem_release(&f.pm, UINTPTR_MAX & ~(uintptr_t)(PAGE_SIZE - 1), SIZE_MAX);
	assert_int_equal(f.pm.free_pages, 0);
	/* Across the start: frames 0 and 1. */
	pmem_release(&f.pm, BASE - 4 * PAGE_SIZE, 6 * PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 2);
	assert_true(pmem_is_free(&f.pm, frame(&f, 1)));
	assert_false(pmem_is_free(&f.pm, frame(&f, 2)));
	/* Across the end, and a size that wraps around: everything up to the end. */
	pmem_release(&f.pm, frame(&f, 6), 10 * PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 4);
	pmem_release(&f.pm, frame(&f, 3), SIZE_MAX);
	assert_int_equal(f.pm.free_pages, 7);
	assert_false(pmem_is_free(&f.pm, frame(&f, 2)));
	check_count(&f);
	teardown(&f);
}

/* Every frame a range touches is reserved, partial ones included. */
static void test_reserve(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 16);
	pmem_release(&f.pm, BASE, 16 * PAGE_SIZE);
	pmem_reserve(&f.pm, frame(&f, 1) + 0x800, PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 14);
	assert_true(pmem_is_free(&f.pm, frame(&f, 0)));
	assert_false(pmem_is_free(&f.pm, frame(&f, 1)));
	assert_false(pmem_is_free(&f.pm, frame(&f, 2)));
	assert_true(pmem_is_free(&f.pm, frame(&f, 3)));
	/* One byte reserves its frame; reserving again changes nothing. */
	pmem_reserve(&f.pm, frame(&f, 5) + 0xfff, 1);
	pmem_reserve(&f.pm, frame(&f, 5), 1);
	assert_int_equal(f.pm.free_pages, 13);
	assert_false(pmem_is_free(&f.pm, frame(&f, 5)));
	assert_true(pmem_is_free(&f.pm, frame(&f, 6)));
	/* Size 0 and ranges outside reserve nothing. */
	pmem_reserve(&f.pm, frame(&f, 7), 0);
	pmem_reserve(&f.pm, BASE - PAGE_SIZE, PAGE_SIZE);
	pmem_reserve(&f.pm, BASE + 16 * PAGE_SIZE, PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 13);
	/* Across the start and across the end. */
	pmem_reserve(&f.pm, BASE - 0x10, 0x20);
	assert_false(pmem_is_free(&f.pm, frame(&f, 0)));
	pmem_reserve(&f.pm, frame(&f, 15) + 0x10, 100 * PAGE_SIZE);
	assert_false(pmem_is_free(&f.pm, frame(&f, 15)));
	assert_int_equal(f.pm.free_pages, 11);
	check_count(&f);
	/* A size reaching past the end of the address space takes everything after start. */
	pmem_reserve(&f.pm, frame(&f, 9) + 0x800, SIZE_MAX);
	assert_int_equal(f.pm.free_pages, 5);
	assert_true(pmem_is_free(&f.pm, frame(&f, 8)));
	for (size_t i = 9; i < 16; i++)
		assert_false(pmem_is_free(&f.pm, frame(&f, i)));
	check_count(&f);
	/* Release gives the reserved frames back. */
	pmem_release(&f.pm, BASE, 16 * PAGE_SIZE);
	assert_int_equal(f.pm.free_pages, 16);
	teardown(&f);
}

/* pmem_range_free(): every frame of a page-aligned range inside pmem free. */
static void test_range_free(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 16);
	assert_false(pmem_range_free(&f.pm, BASE, PAGE_SIZE)); /* all in use at first */
	pmem_release(&f.pm, BASE, 16 * PAGE_SIZE);
	assert_true(pmem_range_free(&f.pm, BASE, 16 * PAGE_SIZE));
	assert_true(pmem_range_free(&f.pm, frame(&f, 15), PAGE_SIZE));
	assert_true(pmem_range_free(&f.pm, frame(&f, 3), 0));
	pmem_reserve(&f.pm, frame(&f, 9), 1);
	assert_false(pmem_range_free(&f.pm, BASE, 16 * PAGE_SIZE));
	assert_false(pmem_range_free(&f.pm, frame(&f, 9), PAGE_SIZE));
	assert_true(pmem_range_free(&f.pm, BASE, 9 * PAGE_SIZE));
	assert_true(pmem_range_free(&f.pm, frame(&f, 10), 6 * PAGE_SIZE));
	/* Outside pmem, past its end, wrapping, unaligned: not free. */
	assert_false(pmem_range_free(&f.pm, BASE - PAGE_SIZE, PAGE_SIZE));
	assert_false(pmem_range_free(&f.pm, frame(&f, 10), 7 * PAGE_SIZE));
	assert_false(pmem_range_free(&f.pm, frame(&f, 16), PAGE_SIZE));
	assert_false(pmem_range_free(&f.pm, frame(&f, 10), SIZE_MAX & ~(size_t)(PAGE_SIZE - 1)));
	assert_false(pmem_range_free(&f.pm, frame(&f, 10) + 8, PAGE_SIZE));
	assert_false(pmem_range_free(&f.pm, frame(&f, 10), PAGE_SIZE + 8));
	teardown(&f);
}

static void test_alloc_basic(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 64);
	pmem_release(&f.pm, BASE, 64 * PAGE_SIZE);
	paddr_t a, b, c;
	/* Single frames from the top down, runs from the bottom up. */
	assert_int_equal(pmem_alloc(&f.pm, 1, 1, &a), 0);
	assert_int_equal(a, frame(&f, 63));
	assert_false(pmem_is_free(&f.pm, a));
	assert_int_equal(pmem_alloc(&f.pm, 3, 1, &b), 0);
	assert_int_equal(b, BASE);
	assert_int_equal(pmem_alloc(&f.pm, 1, 1, &c), 0);
	assert_int_equal(c, frame(&f, 62));
	assert_int_equal(f.pm.free_pages, 59);
	check_count(&f);

	/* Bad requests leave *out and the allocator alone. */
	paddr_t out = 0x1234;
	assert_int_equal(pmem_alloc(&f.pm, 0, 1, &out), -1);
	assert_int_equal(pmem_alloc(&f.pm, 1, 0, &out), -1);
	assert_int_equal(pmem_alloc(&f.pm, 1, 3, &out), -1);
	assert_int_equal(pmem_alloc(&f.pm, 1, 6, &out), -1);
	assert_int_equal(pmem_alloc(&f.pm, 60, 1, &out), -1);
	assert_int_equal(pmem_alloc(&f.pm, SIZE_MAX, 1, &out), -1);
	assert_int_equal(out, 0x1234);
	assert_int_equal(f.pm.free_pages, 59);

	pmem_free(&f.pm, b, 3);
	pmem_free(&f.pm, a, 1);
	pmem_free(&f.pm, c, 1);
	assert_int_equal(f.pm.free_pages, 64);
	check_count(&f);
	teardown(&f);
}

/* Alignment is of the physical address, not of the frame index. */
static void test_alloc_alignment(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE + PAGE_SIZE, 64); /* frame 0 is at an odd frame number */
	pmem_release(&f.pm, 0, SIZE_MAX);
	assert_int_equal(f.pm.free_pages, 64);
	paddr_t pa;
	assert_int_equal(pmem_alloc(&f.pm, 1, 2, &pa), 0);
	assert_int_equal(pa, BASE + 2 * PAGE_SIZE);
	/* 16 KiB aligned: the lowest such address is BASE + 16 KiB. */
	assert_int_equal(pmem_alloc(&f.pm, 4, 4, &pa), 0);
	assert_int_equal(pa, BASE + 4 * PAGE_SIZE);
	assert_int_equal(pmem_alloc(&f.pm, 1, 16, &pa), 0);
	assert_int_equal(pa, BASE + 16 * PAGE_SIZE);
	assert_int_equal(pmem_alloc(&f.pm, 2, 8, &pa), 0);
	assert_int_equal(pa, BASE + 8 * PAGE_SIZE);
	for (unsigned shift = 0; shift < 5; shift++) {
		size_t align = (size_t)1 << shift;
		assert_int_equal(pmem_alloc(&f.pm, 1, align, &pa), 0);
		assert_int_equal(pa % (align * PAGE_SIZE), 0);
		assert_true(pa >= BASE + PAGE_SIZE && pa < BASE + 65 * PAGE_SIZE);
		/* A single frame is the highest, whatever the start of the range. */
		if (shift == 0)
			assert_int_equal(pa, BASE + 64 * PAGE_SIZE);
	}
	/* 1 GiB alignment: BASE itself is not managed, the next one is beyond. */
	assert_int_equal(pmem_alloc(&f.pm, 1, 0x40000, &pa), -1);
	/* Huge alignments neither overflow nor find anything. */
	assert_int_equal(pmem_alloc(&f.pm, 1, (size_t)1 << (sizeof(size_t) * 8 - 1), &pa), -1);
	check_count(&f);
	teardown(&f);

	setup(&f, BASE, 8);
	pmem_release(&f.pm, BASE, 8 * PAGE_SIZE);
	assert_int_equal(pmem_alloc(&f.pm, 1, 0x40000, &pa), 0);
	assert_int_equal(pa, BASE);
	assert_int_equal(pmem_alloc(&f.pm, 1, 0x40000, &pa), -1);
	teardown(&f);
}

/* Allocate everything one frame at a time, fail, free everything, do it again. */
static void test_exhaustion_and_recovery(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 45);
	pmem_release(&f.pm, BASE, 45 * PAGE_SIZE);
	size_t start = f.pm.free_pages;
	paddr_t got[45];
	for (int round = 0; round < 2; round++) {
		bool seen[45] = {false};
		for (size_t i = 0; i < 45; i++) {
			assert_int_equal(pmem_alloc(&f.pm, 1, 1, &got[i]), 0);
			assert_true(got[i] >= BASE && got[i] < BASE + 45 * PAGE_SIZE);
			assert_int_equal(got[i] % PAGE_SIZE, 0);
			size_t idx = (got[i] - BASE) / PAGE_SIZE;
			assert_false(seen[idx]);
			seen[idx] = true;
		}
		assert_int_equal(f.pm.free_pages, 0);
		paddr_t pa = 0;
		assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), -1);
		for (size_t i = 0; i < 45; i++)
			pmem_free(&f.pm, got[i], 1);
		assert_int_equal(f.pm.free_pages, start);
		check_count(&f);
	}
	/* The whole range as one run. */
	paddr_t all;
	assert_int_equal(pmem_alloc(&f.pm, 45, 1, &all), 0);
	assert_int_equal(all, BASE);
	assert_int_equal(f.pm.free_pages, 0);
	pmem_free(&f.pm, all, 45);
	assert_int_equal(f.pm.free_pages, start);
	teardown(&f);
}

/* Enough free frames, but no contiguous run: allocation fails, single frames work. */
static void test_fragmentation(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 16);
	pmem_release(&f.pm, BASE, 16 * PAGE_SIZE);
	paddr_t pa;
	assert_int_equal(pmem_alloc(&f.pm, 16, 1, &pa), 0);
	for (size_t i = 0; i < 16; i += 2)
		pmem_free(&f.pm, frame(&f, i), 1);
	assert_int_equal(f.pm.free_pages, 8);
	assert_int_equal(pmem_alloc(&f.pm, 2, 1, &pa), -1);
	assert_int_equal(f.pm.free_pages, 8);
	assert_int_equal(pmem_alloc(&f.pm, 1, 2, &pa), 0);
	assert_int_equal((pa - BASE) / PAGE_SIZE % 2, 0);
	/* Freeing a neighbour makes a run of two. */
	pmem_free(&f.pm, frame(&f, 5), 1);
	assert_int_equal(pmem_alloc(&f.pm, 2, 1, &pa), 0);
	assert_true(pa == frame(&f, 4) || pa == frame(&f, 5));
	check_count(&f);
	teardown(&f);
}

/* Runs freed below earlier allocations are found again. */
static void test_hint_wraps(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 8);
	pmem_release(&f.pm, BASE, 8 * PAGE_SIZE);
	paddr_t a, b, c;
	assert_int_equal(pmem_alloc(&f.pm, 2, 1, &a), 0);
	assert_int_equal(pmem_alloc(&f.pm, 6, 1, &b), 0);
	assert_int_equal(b, frame(&f, 2));
	pmem_free(&f.pm, a, 2);
	/* The hint is at the end now; the run before it must still be found. */
	assert_int_equal(pmem_alloc(&f.pm, 2, 1, &c), 0);
	assert_int_equal(c, BASE);
	pmem_free(&f.pm, frame(&f, 2), 3);
	assert_int_equal(pmem_alloc(&f.pm, 3, 1, &c), 0);
	assert_int_equal(c, frame(&f, 2));
	teardown(&f);
}

static void test_free_ignored(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 8);
	pmem_release(&f.pm, BASE, 8 * PAGE_SIZE);
	paddr_t pa;
	assert_int_equal(pmem_alloc(&f.pm, 8, 1, &pa), 0);
	assert_int_equal(f.pm.free_pages, 0);
	/* Outside the range, unaligned, or nothing to free. */
	pmem_free(&f.pm, BASE + 8 * PAGE_SIZE, 1);
	pmem_free(&f.pm, BASE + 100 * PAGE_SIZE, 4);
	pmem_free(&f.pm, BASE - PAGE_SIZE, 1);
	pmem_free(&f.pm, 0, 1);
	pmem_free(&f.pm, UINTPTR_MAX & ~(uintptr_t)(PAGE_SIZE - 1), 1);
	pmem_free(&f.pm, BASE + 0x800, 1);
	pmem_free(&f.pm, BASE + 1, 1);
	pmem_free(&f.pm, BASE, 0);
	assert_int_equal(f.pm.free_pages, 0);
	check_count(&f);
	/* Partly outside: only the frames inside are freed. */
	pmem_free(&f.pm, BASE - 2 * PAGE_SIZE, 3);
	assert_int_equal(f.pm.free_pages, 1);
	assert_true(pmem_is_free(&f.pm, frame(&f, 0)));
	pmem_free(&f.pm, frame(&f, 7), 10);
	assert_int_equal(f.pm.free_pages, 2);
	pmem_free(&f.pm, frame(&f, 4), 3);
	assert_int_equal(f.pm.free_pages, 5);
	assert_false(pmem_is_free(&f.pm, frame(&f, 3)));
	/* Double free is not counted twice. */
	pmem_free(&f.pm, frame(&f, 0), 1);
	pmem_free(&f.pm, frame(&f, 4), 4);
	assert_int_equal(f.pm.free_pages, 5);
	check_count(&f);
	teardown(&f);
}

/*
 * One user that takes single frames and frees most of them again cannot scatter them
 * over the range: the next single frames fill its own holes at the top first, so the
 * runs below stay whole (a first fit from a moving hint spread them over every 16 KiB).
 */
static void test_singles_do_not_scatter(void **state)
{
	(void)state;
	enum { PAGES = 256 };
	struct fixture f;
	setup(&f, BASE, PAGES);
	pmem_release(&f.pm, BASE, PAGES * PAGE_SIZE);
	paddr_t got[4];
	for (int round = 0; round < 100; round++) {
		for (int i = 0; i < 4; i++)
			assert_int_equal(pmem_alloc(&f.pm, 1, 1, &got[i]), 0);
		for (int i = 0; i < 3; i++)
			pmem_free(&f.pm, got[i], 1);
	}
	/* 100 frames kept, side by side below the top three: the 153 below are one run. */
	assert_int_equal(f.pm.free_pages, PAGES - 100);
	for (size_t i = 0; i < PAGES; i++)
		assert_int_equal(pmem_is_free(&f.pm, frame(&f, i)),
				 i < PAGES - 103 || i >= PAGES - 3);
	paddr_t run;
	assert_int_equal(pmem_alloc(&f.pm, 153, 1, &run), 0);
	assert_int_equal(run, BASE);
	check_count(&f);
	teardown(&f);
}

/* Singles and runs meet in the middle: every frame can still be allocated. */
static void test_singles_and_runs_fill_everything(void **state)
{
	(void)state;
	enum { PAGES = 64 };
	struct fixture f;
	setup(&f, BASE, PAGES);
	pmem_release(&f.pm, BASE, PAGES * PAGE_SIZE);
	paddr_t pa;
	for (int i = 0; i < 7; i++) {
		assert_int_equal(pmem_alloc(&f.pm, 4, 4, &pa), 0);
		assert_int_equal(pa, frame(&f, 4 * (size_t)i));
		assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), 0);
		assert_int_equal(pa, frame(&f, PAGES - 1 - (size_t)i));
	}
	/* 28 + 7 taken; the 29 frames between are singles now, down to the last. */
	for (size_t i = 0; i < 29; i++) {
		assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), 0);
		assert_int_equal(pa, frame(&f, PAGES - 8 - i));
	}
	assert_int_equal(f.pm.free_pages, 0);
	assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), -1);
	/* Freed frames anywhere are found again, by both kinds of search. */
	pmem_free(&f.pm, frame(&f, 8), 4);
	pmem_free(&f.pm, frame(&f, 40), 1);
	assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), 0);
	assert_int_equal(pa, frame(&f, 40));
	assert_int_equal(pmem_alloc(&f.pm, 4, 4, &pa), 0);
	assert_int_equal(pa, frame(&f, 8));
	check_count(&f);
	teardown(&f);
}

/* A deterministic random mix checked against a model; the count returns to its start. */
static void test_random_against_model(void **state)
{
	(void)state;
	enum { PAGES = 200, SLOTS = 64 };
	struct fixture f;
	setup(&f, BASE + 3 * PAGE_SIZE, PAGES);
	pmem_release(&f.pm, f.pm.base, PAGES * PAGE_SIZE);
	pmem_reserve(&f.pm, f.pm.base + 10 * PAGE_SIZE + 5, 3 * PAGE_SIZE);
	pmem_reserve(&f.pm, f.pm.base + 150 * PAGE_SIZE, 1);
	size_t start = f.pm.free_pages;
	assert_int_equal(start, PAGES - 5);

	bool used[PAGES];
	for (size_t i = 0; i < PAGES; i++)
		used[i] = !pmem_is_free(&f.pm, frame(&f, i));
	struct {
		paddr_t pa;
		size_t pages;
	} slot[SLOTS] = {{0, 0}};
	uint32_t rng = 12345;
	for (int step = 0; step < 20000; step++) {
		rng = rng * 1103515245u + 12345u;
		unsigned s = (rng >> 16) % SLOTS;
		if (slot[s].pages) {
			pmem_free(&f.pm, slot[s].pa, slot[s].pages);
			size_t first = (slot[s].pa - f.pm.base) / PAGE_SIZE;
			for (size_t i = first; i < first + slot[s].pages; i++)
				used[i] = false;
			slot[s].pages = 0;
		} else {
			size_t pages = 1 + (rng >> 8) % 9;
			size_t align = (size_t)1 << ((rng >> 4) % 4);
			/* Is there any aligned free run? The allocator must find one if so. */
			bool possible = false;
			for (size_t i = 0; i + pages <= PAGES && !possible; i++) {
				if ((f.pm.base / PAGE_SIZE + i) % align)
					continue;
				possible = true;
				for (size_t j = i; j < i + pages; j++)
					possible = possible && !used[j];
			}
			paddr_t pa;
			int r = pmem_alloc(&f.pm, pages, align, &pa);
			assert_int_equal(r, possible ? 0 : -1);
			if (r == 0) {
				assert_int_equal(pa % (align * PAGE_SIZE), 0);
				size_t first = (pa - f.pm.base) / PAGE_SIZE;
				assert_true(first + pages <= PAGES);
				for (size_t i = first; i < first + pages; i++) {
					assert_false(used[i]);
					used[i] = true;
				}
				slot[s].pa = pa;
				slot[s].pages = pages;
			}
		}
		if (step % 512 == 0)
			check_count(&f);
	}
	for (unsigned s = 0; s < SLOTS; s++)
		if (slot[s].pages)
			pmem_free(&f.pm, slot[s].pa, slot[s].pages);
	assert_int_equal(f.pm.free_pages, start);
	for (size_t i = 0; i < PAGES; i++)
		assert_int_equal(pmem_is_free(&f.pm, frame(&f, i)),
				 !(i >= 10 && i <= 13) && i != 150);
	teardown(&f);
}

/* An empty allocator: nothing to hand out, nothing to touch. */
static void test_empty(void **state)
{
	(void)state;
	struct fixture f;
	setup(&f, BASE, 0);
	pmem_release(&f.pm, BASE, 16 * PAGE_SIZE);
	pmem_reserve(&f.pm, BASE, PAGE_SIZE);
	pmem_free(&f.pm, BASE, 1);
	assert_int_equal(f.pm.free_pages, 0);
	paddr_t pa;
	assert_int_equal(pmem_alloc(&f.pm, 1, 1, &pa), -1);
	assert_false(pmem_is_free(&f.pm, BASE));
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),
	    cmocka_unit_test(test_release_and_is_free),
	    cmocka_unit_test(test_release_partial),
	    cmocka_unit_test(test_release_clipped),
	    cmocka_unit_test(test_reserve),
	    cmocka_unit_test(test_range_free),
	    cmocka_unit_test(test_alloc_basic),
	    cmocka_unit_test(test_alloc_alignment),
	    cmocka_unit_test(test_exhaustion_and_recovery),
	    cmocka_unit_test(test_fragmentation),
	    cmocka_unit_test(test_hint_wraps),
	    cmocka_unit_test(test_free_ignored),
	    cmocka_unit_test(test_singles_do_not_scatter),
	    cmocka_unit_test(test_singles_and_runs_fill_everything),
	    cmocka_unit_test(test_random_against_model),
	    cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
