/* test_kmem.c - host tests of the kernel-memory allocator (kernel/mem/kmem.c over pmem.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mem/kmem.h"
#include "mem/pmem.h"
#include "object/factory.h"

/* ---- what kmem.c needs from the rest of the kernel ---- */

/* Physical addresses are the arena's host addresses. */
void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)pa;
}

paddr_t arch_virt_to_phys(const void *va)
{
	return (paddr_t)va;
}

/* As factory.c's. */
int factory_charge(struct factory *f, size_t bytes)
{
	if (bytes > f->limit - f->used)
		return -1;
	f->used += bytes;
	return 0;
}

void factory_uncharge(struct factory *f, size_t bytes)
{
	f->used -= bytes < f->used ? bytes : f->used;
}

/* ---- fixture: kernel_pmem over an arena of ARENA_PAGES pages ---- */

#define ARENA_PAGES 256

static uint8_t *arena;
static uint32_t bitmap[(ARENA_PAGES + 31) / 32];

static int setup(void **state)
{
	(void)state;
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	assert_non_null(arena);
	memset(arena, 0xa5, ARENA_PAGES * PAGE_SIZE);
	pmem_init(&kernel_pmem, (paddr_t)arena, ARENA_PAGES, bitmap);
	pmem_release(&kernel_pmem, (paddr_t)arena, ARENA_PAGES * PAGE_SIZE);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(arena);
	return 0;
}

static struct factory factory(size_t limit)
{
	struct factory f;
	memset(&f, 0, sizeof(f));
	f.limit = limit;
	return f;
}

static bool in_arena(const void *p, size_t size)
{
	return (const uint8_t *)p >= arena &&
	       (const uint8_t *)p + size <= arena + ARENA_PAGES * PAGE_SIZE;
}

static uintptr_t page_of(const void *p)
{
	return (uintptr_t)p & ~(uintptr_t)(PAGE_SIZE - 1);
}

/* The object sizes the kernel allocates, and some in between. */
static const size_t sizes[] = {1,   28,	 32,  33,  40,	52,  56,   64,	 92,   128,  200,      256,
			       257, 272, 273, 632, 680, 681, 1000, 1360, 1361, 2048, PAGE_SIZE};
#define SIZES (sizeof(sizes) / sizeof(sizes[0]))

/* ---- tests ---- */

/* Each object is zeroed, aligned, inside the arena; the payer pays whole pages. */
static void test_alloc_zeroed_and_charged_by_page(void **state)
{
	(void)state;
	for (size_t k = 0; k < SIZES; k++) {
		struct factory f = factory(SIZE_MAX);
		size_t size = sizes[k];
		unsigned n = kmem_per_page(size);
		assert_true(n >= 1);
		assert_true(n * size <= PAGE_SIZE);
		uint8_t *p[130];
		assert_true(n + 1 <= 130);
		for (unsigned i = 0; i <= n; i++) {
			p[i] = kmem_alloc(&f, size);
			assert_non_null(p[i]);
			assert_true(in_arena(p[i], size));
			assert_int_equal((uintptr_t)p[i] % 8, 0);
			for (size_t b = 0; b < size; b++)
				assert_int_equal(p[i][b], 0);
			memset(p[i], 0x5a, size);
		}
		/* n objects share the first page; the next one needed a second. */
		assert_int_equal(f.used, 2 * PAGE_SIZE);
		for (unsigned i = 1; i < n; i++)
			assert_int_equal(page_of(p[i]), page_of(p[0]));
		assert_true(page_of(p[n]) != page_of(p[0]));
		assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES - 2);
		for (unsigned i = 0; i <= n; i++)
			kmem_free(&f, p[i], size);
		assert_int_equal(f.used, 0);
		assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
	}
}

/* Six threads (632 bytes) to a page, not four. */
static void test_thread_sized_objects_six_to_a_page(void **state)
{
	(void)state;
	assert_int_equal(kmem_per_page(632), sizeof(void *) == 4 ? 6 : 5);
	assert_int_equal(kmem_per_page(28), 127);
	assert_int_equal(kmem_per_page(2048), 1);
}

static void test_bad_sizes(void **state)
{
	(void)state;
	struct factory f = factory(SIZE_MAX);
	assert_null(kmem_alloc(&f, 0));
	assert_null(kmem_alloc(&f, PAGE_SIZE + 1));
	assert_null(kmem_alloc(&f, SIZE_MAX));
	assert_int_equal(f.used, 0);
	kmem_free(&f, NULL, 64);
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
}

/* Two payers never share a page, however their allocations interleave. */
static void test_payers_never_share_a_page(void **state)
{
	(void)state;
	struct factory a = factory(SIZE_MAX), b = factory(SIZE_MAX);
	void *pa[40], *pb[40];
	for (int i = 0; i < 40; i++) {
		pa[i] = kmem_alloc(&a, 64);
		pb[i] = kmem_alloc(&b, 64);
		assert_non_null(pa[i]);
		assert_non_null(pb[i]);
	}
	for (int i = 0; i < 40; i++)
		for (int j = 0; j < 40; j++)
			assert_true(page_of(pa[i]) != page_of(pb[j]));
	assert_int_equal(a.used, PAGE_SIZE);
	assert_int_equal(b.used, PAGE_SIZE);
	for (int i = 0; i < 40; i++) {
		kmem_free(&a, pa[i], 64);
		kmem_free(&b, pb[i], 64);
	}
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
}

/* The kernel's own allocations (no payer) are not charged and come back too. */
static void test_kernel_allocations_uncharged(void **state)
{
	(void)state;
	void *p = kmem_alloc(NULL, 100);
	void *q = kmem_alloc(NULL, 3000);
	assert_non_null(p);
	assert_non_null(q);
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES - 2);
	kmem_free(NULL, p, 100);
	kmem_free(NULL, q, 3000);
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
}

/* Fill @f with objects of @size until the quota stops it; return how many. */
static unsigned fill(struct factory *f, size_t size, void **p, unsigned max)
{
	unsigned n = 0;
	while (n < max && (p[n] = kmem_alloc(f, size)) != NULL)
		n++;
	return n;
}

/*
 * The attack of issue 12 (finding 4): one factory fills its quota with one size,
 * frees it all, then the next size, and so on. Every page comes back each time, so
 * the memory it holds never exceeds its quota, and the arena is whole at the end.
 */
static void test_churn_of_alternating_sizes(void **state)
{
	(void)state;
	enum { MAX = 64 * 127 };
	static void *p[MAX];
	struct factory f = factory(64 * PAGE_SIZE);
	for (int round = 0; round < 3; round++) {
		for (size_t k = 0; k < SIZES; k++) {
			unsigned n = fill(&f, sizes[k], p, MAX);
			assert_int_equal(n, 64 * kmem_per_page(sizes[k]));
			assert_int_equal(f.used, f.limit);
			assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES - 64);
			for (unsigned i = 0; i < n; i++)
				kmem_free(&f, p[i], sizes[k]);
			assert_int_equal(f.used, 0);
			assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
		}
	}
}

/*
 * Fragmentation is its maker's cost: a factory that keeps one object per page still
 * pays for every page, so another factory promised the rest of memory gets all of it.
 */
static void test_fragmentation_costs_its_maker(void **state)
{
	(void)state;
	enum { MAX = 128 * 127 };
	static void *p[MAX], *q[MAX];
	struct factory a = factory(128 * PAGE_SIZE), b = factory(128 * PAGE_SIZE);
	unsigned n = fill(&a, 32, p, MAX);
	unsigned per = kmem_per_page(32);
	assert_int_equal(n, 128 * per);
	for (unsigned i = 0; i < n; i++)
		if (i % per != 0)
			kmem_free(&a, p[i], 32);
	/* a keeps 128 objects of 32 bytes, and pays for the 128 pages they hold. */
	assert_int_equal(a.used, 128 * PAGE_SIZE);
	/* b gets its whole quota, in any size. */
	unsigned m = fill(&b, 680, q, MAX);
	assert_int_equal(m, 128 * kmem_per_page(680));
	assert_int_equal(b.used, b.limit);
	assert_int_equal(kernel_pmem.free_pages, 0);
	/* a's free slots are its own: it refills them without a new page. */
	for (unsigned i = 0; i < n; i++)
		if (i % per != 0)
			assert_non_null(p[i] = kmem_alloc(&a, 32));
	assert_null(kmem_alloc(&a, 32));
	for (unsigned i = 0; i < n; i++)
		kmem_free(&a, p[i], 32);
	for (unsigned i = 0; i < m; i++)
		kmem_free(&b, q[i], 680);
	assert_int_equal(a.used + b.used, 0);
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
}

/* Pages and objects, a random mix under two quotas, checked for overlap and charge. */
static void test_random_against_model(void **state)
{
	(void)state;
	enum { SLOTS = 600 };
	static struct {
		uint8_t *p;
		size_t size;
		int payer;
		uint8_t fill;
	} obj[SLOTS];
	struct factory f[2] = {factory(100 * PAGE_SIZE), factory(100 * PAGE_SIZE)};
	memset(obj, 0, sizeof(obj));
	uint32_t rng = 4711;
	for (int step = 0; step < 40000; step++) {
		rng = rng * 1103515245u + 12345u;
		unsigned s = (rng >> 16) % SLOTS;
		if (obj[s].p) {
			for (size_t b = 0; b < obj[s].size; b++)
				assert_int_equal(obj[s].p[b], obj[s].fill);
			kmem_free(&f[obj[s].payer], obj[s].p, obj[s].size);
			obj[s].p = NULL;
			continue;
		}
		size_t size = sizes[(rng >> 4) % SIZES];
		int payer = (int)((rng >> 12) & 1);
		uint8_t *p = kmem_alloc(&f[payer], size);
		if (!p) {
			/* Only ever for lack of quota: pmem has room for both quotas. */
			assert_true(f[payer].limit - f[payer].used < PAGE_SIZE);
			continue;
		}
		obj[s].p = p;
		obj[s].size = size;
		obj[s].payer = payer;
		obj[s].fill = (uint8_t)(s | 1);
		memset(p, obj[s].fill, size);
		assert_int_equal(f[0].used + f[1].used,
				 (ARENA_PAGES - kernel_pmem.free_pages) * PAGE_SIZE);
	}
	for (unsigned s = 0; s < SLOTS; s++)
		if (obj[s].p)
			kmem_free(&f[obj[s].payer], obj[s].p, obj[s].size);
	assert_int_equal(f[0].used + f[1].used, 0);
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
}

/* Runs: zeroed, aligned to their power-of-two length, charged, given back. */
static void test_page_runs(void **state)
{
	(void)state;
	struct factory f = factory(SIZE_MAX);
	paddr_t a, b;
	assert_int_equal(kmem_pages_alloc(&f, 16, 1, &a), 0);
	assert_int_equal(a % (16 * PAGE_SIZE), 0);
	for (size_t i = 0; i < 16 * PAGE_SIZE; i++)
		assert_int_equal(((uint8_t *)a)[i], 0);
	assert_int_equal(kmem_pages_alloc(&f, 4, 4, &b), 0);
	assert_int_equal(b % (4 * PAGE_SIZE), 0);
	assert_int_equal(f.used, 20 * PAGE_SIZE);
	struct factory small = factory(3 * PAGE_SIZE);
	assert_int_equal(kmem_pages_alloc(&small, 4, 4, &b), -1);
	assert_int_equal(small.used, 0);
	kmem_pages_free(&f, a, 16);
	kmem_pages_free(&f, b, 4);
	assert_int_equal(f.used, 0);
	assert_int_equal(kernel_pmem.free_pages, ARENA_PAGES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_alloc_zeroed_and_charged_by_page, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_thread_sized_objects_six_to_a_page, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_sizes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_payers_never_share_a_page, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kernel_allocations_uncharged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_churn_of_alternating_sizes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fragmentation_costs_its_maker, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_page_runs, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
