/* test_page_alloc.c - host tests of the root task's page allocator (roottask/page_alloc.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* The allocator only keeps books (it never touches the pages): any addresses do. */
#include "../../roottask/page_alloc.c"

#define PG   4096UL
#define BASE 0x40003000UL /* deliberately not 64 KiB aligned */

static struct keel_bootinfo bi;

/* A fresh allocator over @pages pages at @base. */
static void setup_ram(l4_addr_t base, unsigned long pages)
{
	memset(&ram, 0, sizeof(ram));
	memset(&bi, 0, sizeof(bi));
	bi.magic = KEEL_BOOTINFO_MAGIC;
	bi.ram_base = (uint32_t)base;
	bi.ram_size = (uint32_t)(pages * PG);
	assert_int_equal(page_alloc_init(&bi), 0);
}

static void bad_ram_is_refused(void **state)
{
	(void)state;
	memset(&ram, 0, sizeof(ram));
	assert_int_equal(page_alloc_init(NULL), -L4_EINVAL);
	struct keel_bootinfo b = {.ram_base = 0x40000100, .ram_size = 16 * PG};
	assert_int_equal(page_alloc_init(&b), -L4_EINVAL);
	b.ram_base = 0x40000000;
	b.ram_size = 100;
	assert_int_equal(page_alloc_init(&b), -L4_EINVAL);
	b.ram_size = 0;
	assert_int_equal(page_alloc_init(&b), -L4_EINVAL);
	b.ram_base = 0xfffff000; /* past 4 GiB */
	b.ram_size = 2 * PG;
	assert_int_equal(page_alloc_init(&b), -L4_EINVAL);
	b.ram_base = 0; /* one page at 0: nothing left once page 0 goes */
	b.ram_size = PG;
	assert_int_equal(page_alloc_init(&b), -L4_EINVAL);
	assert_int_equal(page_alloc(1, 12), 0);
	assert_int_equal(page_free_count(), 0);
}

/* RAM at address 0: page 0 is never handed out (0 means "none"). */
static void ram_at_zero_skips_page_zero(void **state)
{
	(void)state;
	memset(&ram, 0, sizeof(ram));
	struct keel_bootinfo b = {.ram_base = 0, .ram_size = 4 * PG};
	assert_int_equal(page_alloc_init(&b), 0);
	assert_int_equal(page_free_count(), 3);
	for (int i = 1; i <= 3; i++)
		assert_int_equal(page_alloc(1, 12), (l4_addr_t)i * PG);
	assert_int_equal(page_alloc(1, 12), 0);
}

static void init_happens_once(void **state)
{
	(void)state;
	setup_ram(BASE, 64);
	assert_int_equal(page_free_count(), 64);
	l4_addr_t a = page_alloc(3, 12);
	assert_int_equal(a, BASE);
	struct keel_bootinfo other = {.ram_base = 0x50000000, .ram_size = 8 * PG};
	assert_int_equal(page_alloc_init(&other), 0);
	assert_int_equal(page_free_count(), 61);
	assert_int_equal(page_alloc(1, 12), BASE + 3 * PG);
}

static void first_fit_and_reuse(void **state)
{
	(void)state;
	setup_ram(BASE, 16);
	l4_addr_t a = page_alloc(1, 12), b = page_alloc(2, 0), c = page_alloc(1, 12);
	assert_int_equal(a, BASE);
	assert_int_equal(b, BASE + PG);
	assert_int_equal(c, BASE + 3 * PG);
	assert_int_equal(page_free_count(), 12);
	page_free(b, 2);
	assert_int_equal(page_free_count(), 14);
	assert_int_equal(page_alloc(1, 12), BASE + PG);
	assert_int_equal(page_alloc(2, 12), BASE + 4 * PG); /* the hole left is one page */
	assert_int_equal(page_alloc(1, 12), BASE + 2 * PG);
}

static void alignment_is_of_the_address(void **state)
{
	(void)state;
	setup_ram(BASE, 64);
	l4_addr_t a = page_alloc(1, 16);
	assert_int_equal(a & 0xffff, 0);
	assert_int_equal(a, 0x40010000);
	/* The pages skipped for alignment stay free and are found next. */
	assert_int_equal(page_alloc(1, 12), BASE);
	l4_addr_t b = page_alloc(4, 14);
	assert_int_equal(b & 0x3fff, 0);
	assert_int_equal(b, 0x40004000);
	assert_int_equal(page_alloc(1, 20), 0); /* no 1 MiB boundary in the range */
	assert_int_equal(page_alloc(1, 32), 0);
	assert_int_equal(page_free_count(), 64 - 6);
}

static void exhaustion_and_bad_counts(void **state)
{
	(void)state;
	setup_ram(BASE, 8);
	assert_int_equal(page_alloc(0, 12), 0);
	assert_int_equal(page_alloc(9, 12), 0);
	assert_int_equal(page_alloc(~0UL, 12), 0);
	assert_int_equal(page_alloc(8, 12), BASE);
	assert_int_equal(page_alloc(1, 12), 0);
	assert_int_equal(page_free_count(), 0);
	page_free(BASE + 7 * PG, 1);
	assert_int_equal(page_alloc(1, 12), BASE + 7 * PG);
}

static void bad_frees_are_ignored(void **state)
{
	(void)state;
	setup_ram(BASE, 8);
	l4_addr_t a = page_alloc(2, 12);
	page_free(a, 1);
	page_free(a, 1); /* twice */
	assert_int_equal(page_free_count(), 7);
	page_free(BASE - PG, 1);
	page_free(BASE + 8 * PG, 1);
	page_free(BASE + 100, 1);
	page_free(BASE + PG, 1000); /* clipped to the RAM */
	assert_int_equal(page_free_count(), 8);
}

static void runs_span_bitmap_words(void **state)
{
	(void)state;
	setup_ram(0x40000000, 200);
	/* Take 100 pages, give back 30..44 and 46..99: a run of 20 is first found at 46. */
	assert_int_equal(page_alloc(100, 12), 0x40000000);
	page_free(0x40000000 + 30 * PG, 15);
	page_free(0x40000000 + 46 * PG, 54);
	assert_int_equal(page_alloc(20, 12), 0x40000000 + 46 * PG);
	assert_int_equal(page_alloc(15, 12), 0x40000000 + 30 * PG);
	assert_int_equal(page_alloc(64, 12), 0x40000000 + 66 * PG); /* across the end */
	assert_int_equal(page_free_count(), 200 - 100 + 15 + 54 - 20 - 15 - 64);
}

static void size_is_capped_at_the_bitmap(void **state)
{
	(void)state;
	memset(&ram, 0, sizeof(ram));
	struct keel_bootinfo b = {.ram_base = 0x40000000, .ram_size = 0xc0000000};
	assert_int_equal(page_alloc_init(&b), 0);
	assert_int_equal(page_free_count(), PAGE_ALLOC_MAX_PAGES);
	l4_addr_t last = 0x40000000 + (PAGE_ALLOC_MAX_PAGES - 1) * PG;
	assert_int_equal(page_alloc(PAGE_ALLOC_MAX_PAGES, 12), 0x40000000);
	page_free(last, 1);
	assert_int_equal(page_alloc(1, 12), last);
}

/* Random allocations and frees against a model of which pages are taken. */
static void random_against_a_model(void **state)
{
	(void)state;
	enum { PAGES = 1000, ROUNDS = 20000, MAXRUN = 40 };
	static bool taken[PAGES];
	static l4_addr_t addr[ROUNDS];
	static unsigned long len[ROUNDS];
	unsigned live = 0;
	memset(taken, 0, sizeof(taken));
	setup_ram(BASE, PAGES);
	srand(7);
	for (unsigned r = 0; r < ROUNDS; r++) {
		if (live && rand() % 2) {
			unsigned k = (unsigned)rand() % live;
			page_free(addr[k], len[k]);
			for (unsigned long i = 0; i < len[k]; i++)
				taken[(addr[k] - BASE) / PG + i] = false;
			addr[k] = addr[--live];
			len[k] = len[live];
		} else {
			unsigned long n = 1 + (unsigned long)rand() % MAXRUN;
			unsigned align = 12 + (unsigned)rand() % 4;
			l4_addr_t a = page_alloc(n, align);
			if (!a)
				continue;
			assert_int_equal(a & ((1UL << align) - 1), 0);
			for (unsigned long i = 0; i < n; i++) {
				assert_false(taken[(a - BASE) / PG + i]);
				taken[(a - BASE) / PG + i] = true;
			}
			addr[live] = a;
			len[live++] = n;
		}
		unsigned long free = 0;
		for (unsigned i = 0; i < PAGES; i++)
			free += !taken[i];
		assert_int_equal(page_free_count(), free);
	}
}

/* The first fit a model finds: the lowest run of @n free pages aligned to @align. */
static long model_first_fit(const bool *taken, unsigned pages, unsigned long n, unsigned align)
{
	for (unsigned long i = 0; i + n <= pages; i++) {
		if (((BASE + i * PG) & ((1UL << align) - 1)) != 0)
			continue;
		unsigned long k = 0;
		while (k < n && !taken[i + k])
			k++;
		if (k == n)
			return (long)i;
	}
	return -1;
}

/* Single pages (the memory server's case, which starts at the lowest page that may
 * be free instead of page 0) and runs, freed anywhere: every allocation is exactly
 * the model's first fit. */
static void single_pages_and_runs_are_first_fit(void **state)
{
	(void)state;
	enum { PAGES = 300, ROUNDS = 20000 };
	static bool taken[PAGES];
	memset(taken, 0, sizeof(taken));
	setup_ram(BASE, PAGES);
	srand(11);
	for (unsigned r = 0; r < ROUNDS; r++) {
		unsigned i = (unsigned)rand() % PAGES;
		if (rand() % 3 == 0 && taken[i]) {
			page_free(BASE + i * PG, 1);
			taken[i] = false;
			continue;
		}
		unsigned long n = rand() % 4 ? 1 : 1 + (unsigned long)rand() % 5;
		unsigned align = rand() % 4 ? 12 : 13;
		long want = model_first_fit(taken, PAGES, n, align);
		l4_addr_t a = page_alloc(n, align);
		if (want < 0) {
			assert_int_equal(a, 0);
			continue;
		}
		assert_int_equal(a, BASE + (unsigned long)want * PG);
		for (unsigned long k = 0; k < n; k++)
			taken[want + k] = true;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bad_ram_is_refused),
	    cmocka_unit_test(ram_at_zero_skips_page_zero),
	    cmocka_unit_test(init_happens_once),
	    cmocka_unit_test(first_fit_and_reuse),
	    cmocka_unit_test(alignment_is_of_the_address),
	    cmocka_unit_test(exhaustion_and_bad_counts),
	    cmocka_unit_test(bad_frees_are_ignored),
	    cmocka_unit_test(runs_span_bitmap_words),
	    cmocka_unit_test(size_is_capped_at_the_bitmap),
	    cmocka_unit_test(random_against_a_model),
	    cmocka_unit_test(single_pages_and_runs_are_first_fit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
