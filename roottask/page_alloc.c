/* page_alloc.c - first-fit bitmap allocator of the root task's user RAM pages. */
#include "page_alloc.h"
#include <l4/sys/err.h>
#include <l4/util/atomic.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __arm__
#include <l4/sys/ipc.h>
#endif

#define BITS 32

static struct {
	bool ready;
	l4_addr_t base;	     /* address of page 0 */
	unsigned long pages; /* pages managed */
	unsigned long free;
} ram;

/* One bit per page, set = taken. */
static uint32_t used_map[PAGE_ALLOC_MAX_PAGES / BITS];
/* Every page below this one is taken: first fit starts here, not at page 0 (a memory
 * server handing out pages one at a time scanned all it had handed out before). */
static unsigned long low_free;
static volatile l4_uint32_t lock; /* 1: taken (l4util_xchg32: atomic on ARMv5 too) */

/*
 * The root task's threads run at different priorities: a waiter must not spin
 * (a lower-priority holder would never run again), so it sleeps a tick.
 */
static void lock_take(void)
{
	while (l4util_xchg32(&lock, 1)) {
#ifdef __arm__
		l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_rel(1000, 0)));
#endif
	}
}

static void lock_give(void)
{
	l4util_xchg32(&lock, 0);
}

static bool is_used(unsigned long i)
{
	return (used_map[i / BITS] >> (i % BITS)) & 1;
}

static void mark(unsigned long first, unsigned long count, bool used)
{
	if (!used && first < low_free)
		low_free = first;
	for (unsigned long i = first; i < first + count; i++) {
		if (is_used(i) == used)
			continue;
		used_map[i / BITS] ^= 1u << (i % BITS);
		if (used)
			ram.free--;
		else
			ram.free++;
	}
}

int page_alloc_init(const struct keel_bootinfo *bi)
{
	if (ram.ready)
		return 0;
	if (!bi || (bi->ram_base & (L4_PAGESIZE - 1)) ||
	    (uint64_t)bi->ram_base + bi->ram_size > (1ull << 32))
		return -L4_EINVAL;
	/* RAM at address 0 loses its first page: page 0 would come back as 0, which
	 * means "none". */
	l4_addr_t base = bi->ram_base ? bi->ram_base : L4_PAGESIZE;
	unsigned long size = bi->ram_base		  ? bi->ram_size
			     : bi->ram_size > L4_PAGESIZE ? bi->ram_size - L4_PAGESIZE
							  : 0;
	if (size < L4_PAGESIZE)
		return -L4_EINVAL;
	lock_take();
	if (!ram.ready) {
		ram.base = base;
		ram.pages = size >> L4_PAGESHIFT;
		if (ram.pages > PAGE_ALLOC_MAX_PAGES)
			ram.pages = PAGE_ALLOC_MAX_PAGES;
		ram.free = ram.pages;
		for (unsigned long i = 0; i < PAGE_ALLOC_MAX_PAGES / BITS; i++)
			used_map[i] = 0;
		low_free = 0;
		ram.ready = true;
	}
	lock_give();
	return 0;
}

/* The first page index >= @i whose address is aligned to @align pages. */
static unsigned long align_index(unsigned long i, unsigned long align)
{
	unsigned long pfn = (ram.base >> L4_PAGESHIFT) + i;
	return ((pfn + align - 1) & ~(align - 1)) - (ram.base >> L4_PAGESHIFT);
}

/* The first free page at or after low_free (a word of the map at a time), or -1. */
static long find_page(void)
{
	for (unsigned long w = low_free / BITS; w * BITS < ram.pages; w++) {
		uint32_t free_bits = ~used_map[w];
		if (w == low_free / BITS)
			free_bits &= ~0u << (low_free % BITS);
		if (free_bits) {
			unsigned long i = w * BITS + (unsigned)__builtin_ctz(free_bits);
			return i < ram.pages ? (long)i : -1;
		}
	}
	return -1;
}

/* First fit: the index of @count free pages aligned to @align pages, or -1. */
static long find_run(unsigned long count, unsigned long align)
{
	if (count == 1 && align == 1) {
		long i = find_page();
		if (i >= 0)
			low_free = (unsigned long)i + 1; /* the pages before it are taken */
		return i;
	}
	unsigned long i = align_index(low_free, align);
	while (i < ram.pages && count <= ram.pages - i) {
		if (i % BITS == 0 && used_map[i / BITS] == UINT32_MAX) {
			i = align_index(i + BITS, align);
			continue;
		}
		/* Scan the candidate run from its end: the last taken page bounds the next try. */
		unsigned long end = i + count;
		while (end > i && !is_used(end - 1))
			end--;
		if (end == i)
			return (long)i;
		i = align_index(end, align);
	}
	return -1;
}

l4_addr_t page_alloc(unsigned long count, unsigned align_log2)
{
	if (align_log2 < L4_PAGESHIFT)
		align_log2 = L4_PAGESHIFT;
	if (!ram.ready || count == 0 || align_log2 > 31)
		return 0;
	lock_take();
	long i = count <= ram.free ? find_run(count, 1UL << (align_log2 - L4_PAGESHIFT)) : -1;
	if (i >= 0)
		mark((unsigned long)i, count, true);
	lock_give();
	return i < 0 ? 0 : ram.base + ((l4_addr_t)i << L4_PAGESHIFT);
}

void page_free(l4_addr_t addr, unsigned long count)
{
	if (!ram.ready || addr < ram.base || (addr & (L4_PAGESIZE - 1)))
		return;
	unsigned long first = (addr - ram.base) >> L4_PAGESHIFT;
	if (first >= ram.pages)
		return;
	if (count > ram.pages - first)
		count = ram.pages - first;
	lock_take();
	mark(first, count, false);
	lock_give();
}

unsigned long page_free_count(void)
{
	return ram.free;
}
