/* shadow.c - the shadow window: where the root task maps module and MMIO pages it serves. */
#include "memsrv_internal.h"
#include <l4/re/c/util/fpage.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>

/*
 * Clients get pages by mappings from the root task's address space, and releasing a
 * dataspace must revoke its clients' mappings and nobody else's. Pages of anonymous
 * and contiguous dataspaces belong to one dataspace each: they are mapped from where
 * the root has them. Boot modules and device registers do not: the loader maps module
 * pages too, and two dataspaces may cover the same registers. So a module or MMIO
 * dataspace gets a range of this window of its own, mapped from the original with the
 * rights clients may have; clients map from there, and freeing the range revokes just
 * what was mapped from it. A module's private copies replace its pages in its range.
 */
#define SHADOW_START 0x80000000UL
#define SHADOW_END   0xb0000000UL
#define SHADOW_SHIFT 16 /* allocated in 64 KiB units */
#define SHADOW_UNITS ((SHADOW_END - SHADOW_START) >> SHADOW_SHIFT)
#define MB	     (1UL << 20)

static struct {
	l4_addr_t base;	     /* where the window starts (SHADOW_START or above) */
	unsigned long units; /* how many units it has from there */
	uint32_t used[SHADOW_UNITS / 32];
} shadow;

void root_unmap_range(l4_addr_t addr, unsigned long size, l4_umword_t mask)
{
	while (size) {
		unsigned order = l4re_util_fpage_fit_order(addr, size);
		l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage(addr, order, L4_FPAGE_RWX), mask);
		addr += 1UL << order;
		size -= 1UL << order;
	}
}

long root_map_range(l4_addr_t src, l4_addr_t dst, unsigned long size, unsigned rights)
{
	while (size) {
		unsigned order = l4re_util_fpage_fit_order(src | dst, size);
		long err = l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
						l4_fpage(src, order, (unsigned char)rights),
						l4_map_control(dst, 0, 0)));
		if (err)
			return err;
		src += 1UL << order;
		dst += 1UL << order;
		size -= 1UL << order;
	}
	return 0;
}

/* The end of [base, +size) if it overlaps [lo, hi), else 0. */
static uint64_t overlap_end(uint64_t lo, uint64_t hi, uint64_t base, uint64_t size)
{
	return base < hi && lo < base + size ? base + size : 0;
}

/* The end of a region of @bi (RAM, modules, device tree, devices) overlapping
 * [lo, hi), or 0. */
static uint64_t region_overlap(const struct keel_bootinfo *bi, uint64_t lo, uint64_t hi)
{
	uint64_t end = overlap_end(lo, hi, bi->ram_base, bi->ram_size);
	if (!end)
		end = overlap_end(lo, hi, bi->modules, bi->modules_size);
	if (!end)
		end = overlap_end(lo, hi, bi->dtb, bi->dtb_size);
	for (unsigned i = 0; !end && i < bi->device_count && i < KEEL_BOOTINFO_MAX_DEVICES; i++)
		end = overlap_end(lo, hi, bi->devices[i].base, bi->devices[i].size);
	return end;
}

int shadow_init(const struct keel_bootinfo *bi)
{
	uint64_t base = SHADOW_START, end;
	while ((end = region_overlap(bi, base, SHADOW_END)) != 0)
		base = (end + MB - 1) & ~(uint64_t)(MB - 1);
	if (base >= SHADOW_END)
		return -L4_ENOMEM;
	shadow.base = (l4_addr_t)base;
	shadow.units = (SHADOW_END - shadow.base) >> SHADOW_SHIFT;
	return 0;
}

static bool unit_used(unsigned long i)
{
	return (shadow.used[i / 32] >> (i % 32)) & 1;
}

static void mark_units(unsigned long first, unsigned long n, bool used)
{
	for (unsigned long i = first; i < first + n; i++)
		if (unit_used(i) != used)
			shadow.used[i / 32] ^= 1u << (i % 32);
}

static unsigned long units_for(unsigned long bytes)
{
	return (bytes + (1UL << SHADOW_SHIFT) - 1) >> SHADOW_SHIFT;
}

/* 1 MiB alignment from 1 MiB on lets clients map such ranges in 1 MiB blocks. */
l4_addr_t shadow_alloc(unsigned long bytes)
{
	unsigned long n = units_for(bytes), run = 0;
	unsigned long align = bytes >= MB ? MB >> SHADOW_SHIFT : 1;
	for (unsigned long i = 0; i < shadow.units; i++) {
		if ((run == 0 && i % align) || unit_used(i)) {
			run = 0;
			continue;
		}
		if (++run == n) {
			mark_units(i + 1 - n, n, true);
			return shadow.base + ((i + 1 - n) << SHADOW_SHIFT);
		}
	}
	return 0;
}

void shadow_free(l4_addr_t addr, unsigned long bytes)
{
	root_unmap_range(addr, units_for(bytes) << SHADOW_SHIFT, L4_FP_ALL_SPACES);
	mark_units((addr - shadow.base) >> SHADOW_SHIFT, units_for(bytes), false);
}
