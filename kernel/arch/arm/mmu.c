/* mmu.c - ARMv7 short-descriptor page tables: the kernel's direct map, devices, task spaces. */
#include "arch.h"
#include "cp15.h"
#include "mmu_bits.h"
#include "vspace_tlb.h"
#include "arch_internal.h"
#include "plat_config.h"
#include "mem/kmem.h"
#include "mem/pmem.h"
#include "lib/printk.h"
#include "string.h"

/* The short-descriptor table formats ARMv5 and ARMv7 share: first-level sections and
 * coarse tables, second-level small (4 KiB) and large (64 KiB) pages. The bits of each
 * descriptor (memory type, rights) are the version's: mmu_bits.h. */
#define L1_TYPE_TABLE	0x1
#define L1_TYPE_SECTION 0x2
#define L1_TYPE_MASK	0x3
#define SECTION_SHIFT	20
#define SECTION_SIZE	(1u << SECTION_SHIFT)
#define L2_TYPE_MASK	0x3
#define L2_LARGE	0x1
#define L2_ENTRIES	256
#define L2_SIZE		(L2_ENTRIES * 4)
#define LARGE_SHIFT	16
#define LARGE_SIZE	(1u << LARGE_SHIFT)
#define LARGE_ENTRIES	(LARGE_SIZE / PAGE_SIZE)

/* The direct map ends where the device window starts. */
#define DIRECT_MAP_END	  0xf0000000u
#define DEVICE_WINDOW	  0xf0000000u
#define DEVICE_WINDOW_END 0xff000000u
#define L1_KERNEL_FIRST	  (ARCH_USER_SPACE_END >> SECTION_SHIFT)

extern uint32_t boot_l1[4096];
extern char __image_end[], __modules_start[], __modules_end[], kernel_stack_guard[];

/* The second-level table of the section that holds the kernel stack's guard page. */
static uint32_t guard_l2[L2_ENTRIES] __attribute__((aligned(L2_SIZE)));

static vaddr_t next_device_va = DEVICE_WINDOW;
static paddr_t ram_end_mapped;
void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)(pa + KERNEL_VIRT_OFFSET);
}

paddr_t arch_virt_to_phys(const void *va)
{
	return (paddr_t)va - KERNEL_VIRT_OFFSET;
}

void arch_image_range(paddr_t *start, paddr_t *end)
{
	*start = KERNEL_PHYS_BASE;
	*end = arch_virt_to_phys(__image_end);
}

const void *arch_modules_blob(size_t *size)
{
	*size = (uintptr_t)__modules_end - (uintptr_t)__modules_start;
	return __modules_start;
}

/*
 * Map the section that holds the kernel stack's guard page (entry.S) with small pages,
 * all but the guard, so that running off the stack faults at once instead of
 * overwriting what lies below it (arch_kernel_exception() names the overflow). The
 * rest of the section (kernel image, memory) is mapped as before.
 */
static void unmap_stack_guard(void)
{
	vaddr_t guard = (vaddr_t)kernel_stack_guard;
	vaddr_t section = align_down(guard, SECTION_SIZE);
	paddr_t pa = arch_virt_to_phys((void *)section);
	for (unsigned i = 0; i < L2_ENTRIES; i++)
		guard_l2[i] =
		    section + i * PAGE_SIZE == guard ? 0 : (pa + i * PAGE_SIZE) | L2_KERNEL;
	dsb();
	boot_l1[section >> SECTION_SHIFT] = table_desc(arch_virt_to_phys(guard_l2));
}

/**
 * arch_map_ram() - extend the kernel's direct map over a RAM bank.
 * Also removes the identity map the boot code needed, which nothing uses any more,
 * and the kernel stack's guard page.
 * Return: 0, or -1 if the bank lies outside what the direct map can cover.
 */
int arch_map_ram(paddr_t base, size_t size)
{
	for (unsigned i = 0; i < L1_KERNEL_FIRST; i++)
		boot_l1[i] = 0;
	if (base - PLAT_RAM_BASE > base) /* below RAM's start (a base of 0 cannot be) */
		return -1;
	paddr_t end = base + size;
	paddr_t limit = DIRECT_MAP_END - KERNEL_VIRT_OFFSET;
	if (end > limit || end < base)
		end = limit;
	for (paddr_t pa = align_down(base, SECTION_SIZE); pa < end; pa += SECTION_SIZE)
		boot_l1[(pa + KERNEL_VIRT_OFFSET) >> SECTION_SHIFT] = pa | L1_SECT_KERNEL;
	/* Above the bank: nothing (boot.S's window for a device tree near its end may
	 * reach past it). */
	for (paddr_t pa = align_up(end, SECTION_SIZE); pa < limit; pa += SECTION_SIZE)
		boot_l1[(pa + KERNEL_VIRT_OFFSET) >> SECTION_SHIFT] = 0;
	unmap_stack_guard();
	ram_end_mapped = end;
	tlb_invalidate_all();
	return end == base + size ? 0 : -1;
}

/**
 * arch_map_device() - map device registers into the kernel's device window.
 * Whole 1 MiB sections are mapped; a second request in the same section reuses it.
 * Return: the kernel virtual address of pa, or NULL if the window is full.
 */
void *arch_map_device(paddr_t pa, size_t size)
{
	paddr_t first = align_down(pa, SECTION_SIZE);
	paddr_t last = align_down(pa + size - 1, SECTION_SIZE);
	for (vaddr_t va = DEVICE_WINDOW; va < next_device_va; va += SECTION_SIZE) {
		if ((boot_l1[va >> SECTION_SHIFT] & ~0xfffffu) == first && first == last)
			return (void *)(va + (pa - first));
	}
	vaddr_t base = next_device_va;
	for (paddr_t p = first; p <= last; p += SECTION_SIZE) {
		if (next_device_va >= DEVICE_WINDOW_END)
			return NULL;
		boot_l1[next_device_va >> SECTION_SHIFT] = p | L1_SECT_DEVICE;
		next_device_va += SECTION_SIZE;
	}
	dsb();
	return (void *)(base + (pa - first));
}

/**
 * arch_vspace_init() - create an empty user address space (its ASID comes with its
 * first activation). The kernel half of the first-level table is shared with every
 * task. Return: 0 or -1 when out of memory.
 */
int arch_vspace_init(struct arch_vspace *vs, struct factory *payer)
{
	paddr_t pa;
	if (kmem_pages_alloc(payer, 4, 4, &pa) != 0)
		return -1;
	vs->l1 = arch_phys_to_virt(pa);
	vs->l1_pa = pa;
	vspace_tlb_fresh(vs);
	memset(vs->used, 0, sizeof(vs->used));
	memset(vs->mapped, 0, sizeof(vs->mapped));
	memset(vs->pages, 0, sizeof(vs->pages));
	memcpy(&vs->l1[L1_KERNEL_FIRST], &boot_l1[L1_KERNEL_FIRST], (4096 - L1_KERNEL_FIRST) * 4);
	dsb();
	return 0;
}

/* ---- user mappings ---- */

/* The page at user address va as a small-page descriptor, whether it is mapped by a
 * small page, a large page or a section; 0 if nothing is mapped there. */
static uint32_t page_at(const struct arch_vspace *vs, vaddr_t va)
{
	if (va >= ARCH_USER_SPACE_END)
		return 0;
	uint32_t desc = vs->l1[va >> SECTION_SHIFT];
	if ((desc & L1_TYPE_MASK) == L1_TYPE_SECTION)
		return small_desc((desc & ~(SECTION_SIZE - 1)) | (va & (SECTION_SIZE - 1)),
				  section_rights(desc));
	if ((desc & L1_TYPE_MASK) != L1_TYPE_TABLE)
		return 0;
	const uint32_t *l2 = arch_phys_to_virt(desc & ~0x3ffu);
	uint32_t e = l2[(va >> PAGE_SHIFT) & (L2_ENTRIES - 1)];
	if ((e & L2_TYPE_MASK) == L2_LARGE)
		return small_desc((e & ~(LARGE_SIZE - 1)) | (va & (LARGE_SIZE - 1)),
				  large_rights(e));
	return e;
}

/*
 * Rewrite n table entries as d, d + step, d + 2 * step, ..., break before make: they
 * are cleared and vs's TLB entries dropped first, so the TLB never holds an old and a
 * new entry for one address (a large page or section is found by any address in it).
 */
static void rewrite(struct arch_vspace *vs, uint32_t *e, unsigned n, uint32_t d, uint32_t step)
{
	for (unsigned i = 0; i < n; i++)
		e[i] = 0;
	dsb();
	vspace_tlb_flush(vs);
	for (unsigned i = 0; i < n; i++)
		e[i] = d + i * step;
	dsb();
}

/*
 * Second-level tables come four to a page: one page for each group of four
 * first-level entries (4 MiB), found through the group's table entries. A MiB that
 * became a section keeps its table there, so splitting it again needs no memory;
 * group_keeps_table() makes sure the page stays reachable. The table of an empty
 * entry is all zero.
 */
static paddr_t group_page(const struct arch_vspace *vs, unsigned idx)
{
	unsigned group = idx & ~3u;
	for (unsigned i = group; i < group + 4; i++)
		if ((vs->l1[i] & L1_TYPE_MASK) == L1_TYPE_TABLE)
			return align_down(vs->l1[i] & ~0x3ffu, PAGE_SIZE);
	return 0;
}

/* The second-level table of first-level entry idx (not a table now); the group's page
 * is allocated (charged to payer) if it has none. NULL when out of memory. */
static uint32_t *table_of(struct arch_vspace *vs, unsigned idx, struct factory *payer,
			  paddr_t *table)
{
	paddr_t page = group_page(vs, idx);
	if (page == 0 && (!payer || kmem_pages_alloc(payer, 1, 1, &page) != 0))
		return NULL;
	*table = page + (idx & 3) * L2_SIZE;
	return arch_phys_to_virt(*table);
}

/* First-level entry @idx is about to be made: its region is in use (arch_vspace.used). */
static void mark_used(struct arch_vspace *vs, unsigned idx)
{
	unsigned region = idx >> (ARCH_VSPACE_REGION_SHIFT - SECTION_SHIFT);
	vs->used[region / 32] |= 1u << (region % 32);
}

/* First-level entries in a region. */
#define REGION_ENTRIES (1u << (ARCH_VSPACE_REGION_SHIFT - SECTION_SHIFT))

/* Region bits: which 32 MiB regions ever had a first-level entry (vs->used) or map
 * pages now (vs->mapped). */
static bool region_bit(const uint32_t *bits, vaddr_t va)
{
	unsigned region = va >> ARCH_VSPACE_REGION_SHIFT;
	return bits[region / 32] & (1u << (region % 32));
}

/*
 * The first address at or after @va in a region whose bit is set, or
 * ARCH_USER_SPACE_END: a word of the bits at a time where it is 0 (1 GiB).
 */
static vaddr_t next_region(const uint32_t *bits, vaddr_t va)
{
	while (va < ARCH_USER_SPACE_END) {
		unsigned region = va >> ARCH_VSPACE_REGION_SHIFT;
		uint32_t b = bits[region / 32] >> (region % 32);
		if (b & 1)
			return va; /* its own region */
		if (b)
			return (vaddr_t)(region + (unsigned)__builtin_ctz(b))
			       << ARCH_VSPACE_REGION_SHIFT;
		va = (vaddr_t)(region / 32 + 1) * 32 << ARCH_VSPACE_REGION_SHIFT;
	}
	return ARCH_USER_SPACE_END;
}

/* @n pages were mapped (n > 0) or unmapped (n < 0) in the region of @va. */
static void count_pages(struct arch_vspace *vs, vaddr_t va, int n)
{
	unsigned region = va >> ARCH_VSPACE_REGION_SHIFT;
	vs->pages[region] = (uint16_t)(vs->pages[region] + n);
	if (vs->pages[region])
		vs->mapped[region / 32] |= 1u << (region % 32);
	else
		vs->mapped[region / 32] &= ~(1u << (region % 32));
}

/* Entry idx, a table, is to become a section: another entry of the group must still
 * point into the group's page; an empty one becomes an (empty) table if need be.
 * False if the other three are sections. */
static bool group_keeps_table(struct arch_vspace *vs, unsigned idx)
{
	unsigned group = idx & ~3u, empty = group + 4;
	for (unsigned i = group; i < group + 4; i++) {
		if (i != idx && (vs->l1[i] & L1_TYPE_MASK) == L1_TYPE_TABLE)
			return true;
		if (vs->l1[i] == 0)
			empty = i;
	}
	if (empty == group + 4)
		return false;
	paddr_t page = align_down(vs->l1[idx] & ~0x3ffu, PAGE_SIZE);
	mark_used(vs, empty);
	vs->l1[empty] = table_desc(page + (empty - group) * L2_SIZE);
	dsb();
	return true;
}

/* Replace the section of first-level entry idx by a table of the same 256 pages (the
 * table it had before, if any). NULL when out of memory. */
static uint32_t *demote_section(struct arch_vspace *vs, unsigned idx, struct factory *payer)
{
	paddr_t table;
	uint32_t *l2 = table_of(vs, idx, payer, &table);
	if (!l2)
		return NULL;
	uint32_t first = page_at(vs, (vaddr_t)idx << SECTION_SHIFT);
	for (unsigned i = 0; i < L2_ENTRIES; i++)
		l2[i] = first + i * PAGE_SIZE;
	rewrite(vs, &vs->l1[idx], 1, table_desc(table), 0);
	return l2;
}

/* The second-level table for va: a section there is split, an empty MiB gets one.
 * NULL when out of memory. */
static uint32_t *l2_table_for(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	unsigned idx = va >> SECTION_SHIFT;
	uint32_t desc = vs->l1[idx];
	if ((desc & L1_TYPE_MASK) == L1_TYPE_TABLE)
		return arch_phys_to_virt(desc & ~0x3ffu);
	if ((desc & L1_TYPE_MASK) == L1_TYPE_SECTION)
		return demote_section(vs, idx, payer);
	paddr_t table;
	uint32_t *l2 = table_of(vs, idx, payer, &table);
	if (l2) {
		mark_used(vs, idx);
		vs->l1[idx] = table_desc(table);
		dsb();
	}
	return l2;
}

/* The entry of the page at va, on its own: a section or large page around it is split
 * first (only a section can need memory). NULL when out of memory. */
static uint32_t *page_entry(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	uint32_t *l2 = l2_table_for(vs, va, payer);
	if (!l2)
		return NULL;
	unsigned slot = (va >> PAGE_SHIFT) & (L2_ENTRIES - 1);
	uint32_t *large = &l2[slot & ~(LARGE_ENTRIES - 1)];
	if ((*large & L2_TYPE_MASK) == L2_LARGE)
		rewrite(vs, large, LARGE_ENTRIES, page_at(vs, va & ~(LARGE_SIZE - 1)), PAGE_SIZE);
	return &l2[slot];
}

/**
 * arch_vspace_map_page() - map one 4 KiB user page; a section or 64 KiB page around
 * it is split first.
 * Return: 0, -1 for an address outside user space or when out of memory.
 */
int arch_vspace_map_page(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights,
			 struct factory *payer)
{
	if (va >= ARCH_USER_SPACE_END || va < PAGE_SIZE || (va & (PAGE_SIZE - 1)))
		return -1;
	uint32_t *e = page_entry(vs, va, payer);
	if (!e)
		return -1;
	bool replace = *e != 0;
	*e = small_desc(pa, rights);
	dsb();
	if (replace)
		vspace_tlb_flush(vs);
	else
		count_pages(vs, va, 1);
	return 0;
}

/**
 * arch_vspace_split() - make sure that no page in [va, va + size) needs memory to
 * change later: a section there whose group has no page of tables (the root task's
 * sections) is split into a new table now, charged to @payer. Other sections keep
 * their table for that, and large pages need none.
 * Return: how many sections were split, or -1 when out of memory or for a range outside
 * user space.
 */
int arch_vspace_split(struct arch_vspace *vs, vaddr_t va, size_t size, struct factory *payer)
{
	int split = 0;
	if (va >= ARCH_USER_SPACE_END || size > ARCH_USER_SPACE_END - va)
		return -1;
	for (vaddr_t mib = align_down(va, SECTION_SIZE); mib < va + size; mib += SECTION_SIZE) {
		unsigned idx = mib >> SECTION_SHIFT;
		if ((vs->l1[idx] & L1_TYPE_MASK) != L1_TYPE_SECTION || group_page(vs, idx) != 0)
			continue;
		if (!demote_section(vs, idx, payer))
			return -1;
		split++;
	}
	return split;
}

/* Do the n pages from va (n a power of two) form one block: all mapped, the first
 * physically aligned to n pages, the others after it, with the same rights and memory
 * type? Return: the first page's descriptor, or 0. */
static uint32_t block_at(const struct arch_vspace *vs, vaddr_t va, unsigned n)
{
	uint32_t first = page_at(vs, va);
	if (!first || ((first >> PAGE_SHIFT) & (n - 1)))
		return 0;
	for (unsigned i = 1; i < n; i++)
		if (page_at(vs, va + i * PAGE_SIZE) != first + i * PAGE_SIZE)
			return 0;
	return first;
}

/* The MiB at va (a table) becomes one section if its pages allow it. */
static bool coalesce_section(struct arch_vspace *vs, vaddr_t va)
{
	unsigned idx = va >> SECTION_SHIFT;
	uint32_t d = block_at(vs, va, L2_ENTRIES);
	if (!d || !group_keeps_table(vs, idx))
		return false;
	d = section_desc(d & ~(PAGE_SIZE - 1), small_rights(d));
	rewrite(vs, &vs->l1[idx], 1, d, 0);
	return true;
}

/* The 64 KiB at va (in table l2) become one large page if their pages allow it. */
static void coalesce_large(struct arch_vspace *vs, uint32_t *l2, vaddr_t va)
{
	uint32_t *e = &l2[(va >> PAGE_SHIFT) & (L2_ENTRIES - 1)];
	uint32_t d = is_small_page(*e) ? block_at(vs, va, LARGE_ENTRIES) : 0;
	if (d)
		rewrite(vs, e, LARGE_ENTRIES, large_desc(d & ~(PAGE_SIZE - 1), small_rights(d)), 0);
}

/**
 * arch_vspace_coalesce() - map each naturally aligned 1 MiB or 64 KiB block inside
 * [va, va + size) with one section or large page where its 4 KiB pages allow it
 * (physically contiguous and aligned alike, the same rights and memory type). What is
 * mapped does not change; a section keeps its second-level table.
 */
void arch_vspace_coalesce(struct arch_vspace *vs, vaddr_t va, size_t size)
{
	if (va >= ARCH_USER_SPACE_END || size > ARCH_USER_SPACE_END - va)
		return;
	vaddr_t end = va + size;
	for (vaddr_t mib = align_down(va, SECTION_SIZE); mib < end; mib += SECTION_SIZE) {
		uint32_t desc = vs->l1[mib >> SECTION_SHIFT];
		if ((desc & L1_TYPE_MASK) != L1_TYPE_TABLE)
			continue;
		if (mib >= va && mib + SECTION_SIZE <= end && coalesce_section(vs, mib))
			continue;
		uint32_t *l2 = arch_phys_to_virt(desc & ~0x3ffu);
		vaddr_t b = align_up(mib > va ? mib : va, LARGE_SIZE);
		for (; b < mib + SECTION_SIZE && b + LARGE_SIZE <= end; b += LARGE_SIZE)
			coalesce_large(vs, l2, b);
	}
}

/**
 * arch_vspace_map_superpage() - map 1 MiB with one section descriptor into an empty
 * MiB (the root task's memory and devices); a section needs no table, so nothing is
 * charged to @payer. Return: 0, or -1 for bad alignment or a MiB in use.
 */
int arch_vspace_map_superpage(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights,
			      struct factory *payer)
{
	(void)payer;
	if (((va | pa) & (SECTION_SIZE - 1)) || va >= ARCH_USER_SPACE_END || va == 0 ||
	    vs->l1[va >> SECTION_SHIFT])
		return -1;
	mark_used(vs, va >> SECTION_SHIFT);
	vs->l1[va >> SECTION_SHIFT] = section_desc(pa, rights);
	dsb();
	count_pages(vs, va, L2_ENTRIES);
	return 0;
}

/* scan.S: the index of the first non-zero word of w[0, n), or n. */
unsigned arch_first_nonzero(const uint32_t *w, unsigned n);

/* What one look for mapped pages reads at most (what COST_SCAN counts for it):
 * second-level tables and first-level entries. */
#define SCAN_TABLES  4
#define SCAN_ENTRIES 256

/**
 * arch_vspace_next_mapped() - the first page in [va, end) that is mapped (by a small
 * or large page or a section): regions that map nothing are skipped by their bits,
 * first-level entries skip empty MiBs, second-level entries empty pages. At most
 * SCAN_TABLES tables and SCAN_ENTRIES first-level entries are read; *looked is where
 * the look stopped. Return: that page, or *looked if none was found.
 */
vaddr_t arch_vspace_next_mapped(struct arch_vspace *vs, vaddr_t va, vaddr_t end, vaddr_t *looked)
{
	unsigned tables = 0, entries = 0;
	if (end > ARCH_USER_SPACE_END)
		end = ARCH_USER_SPACE_END;
	*looked = end;
	for (va = align_down(va, PAGE_SIZE); va < end;) {
		/* The bit test inline: next_region() is a call. */
		if (!region_bit(vs->mapped, va)) {
			va = next_region(vs->mapped, va);
			continue;
		}
		if (tables == SCAN_TABLES || entries >= SCAN_ENTRIES)
			break;
		unsigned idx = va >> SECTION_SHIFT;
		uint32_t desc = vs->l1[idx];
		if (!desc) { /* the empty MiBs up to the region's end, in one go */
			unsigned region_end = align_down(idx, REGION_ENTRIES) + REGION_ENTRIES;
			unsigned n = arch_first_nonzero(&vs->l1[idx], region_end - idx);
			entries += n;
			va = (vaddr_t)(idx + n) << SECTION_SHIFT;
			continue;
		}
		entries++;
		vaddr_t mib_end = align_down(va, SECTION_SIZE) + SECTION_SIZE;
		if ((desc & L1_TYPE_MASK) == L1_TYPE_SECTION)
			return va;
		if ((desc & L1_TYPE_MASK) == L1_TYPE_TABLE) {
			vaddr_t stop = mib_end < end ? mib_end : end;
			unsigned first = (va >> PAGE_SHIFT) & (L2_ENTRIES - 1);
			unsigned n = (stop - va + PAGE_SIZE - 1) >> PAGE_SHIFT;
			const uint32_t *l2 = arch_phys_to_virt(desc & ~0x3ffu);
			unsigned i = first + arch_first_nonzero(&l2[first], n);
			va += (vaddr_t)(i - first) << PAGE_SHIFT;
			if (va < stop)
				return va;
			tables++;
		}
		va = mib_end;
	}
	*looked = va < end ? va : end;
	return *looked;
}

/**
 * arch_vspace_counts_ok() - count the pages each region maps, in the tables, and
 * compare with the counts and bits arch_vspace_next_mapped() skips regions by.
 */
bool arch_vspace_counts_ok(const struct arch_vspace *vs)
{
	for (unsigned region = 0; region < ARCH_VSPACE_REGIONS; region++) {
		unsigned n = 0;
		for (unsigned idx = region * REGION_ENTRIES; idx < (region + 1) * REGION_ENTRIES;
		     idx++) {
			uint32_t desc = vs->l1[idx];
			if ((desc & L1_TYPE_MASK) == L1_TYPE_SECTION)
				n += L2_ENTRIES;
			if ((desc & L1_TYPE_MASK) != L1_TYPE_TABLE)
				continue;
			const uint32_t *l2 = arch_phys_to_virt(desc & ~0x3ffu);
			for (unsigned i = 0; i < L2_ENTRIES; i++)
				n += l2[i] != 0;
		}
		bool bit = vs->mapped[region / 32] & (1u << (region % 32));
		if (n != vs->pages[region] || bit != (n != 0))
			return false;
	}
	return true;
}

/**
 * arch_vspace_lookup() - the frame and L4 rights of a mapped user page (also inside a
 * large page or section). Return: 0, or -1 if nothing is mapped there.
 */
int arch_vspace_lookup(struct arch_vspace *vs, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	uint32_t d = page_at(vs, va);
	if (!d)
		return -1;
	*pa = d & ~(PAGE_SIZE - 1);
	*rights = small_rights(d);
	return 0;
}

/**
 * arch_vspace_unmap_page() - remove a user page mapping (and its TLB entry); a section
 * or 64 KiB page around it is split first (a section's new table is charged to
 * @payer; without memory nothing changes: callers split with arch_vspace_split()).
 */
void arch_vspace_unmap_page(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	if (!page_at(vs, va))
		return;
	uint32_t *e = page_entry(vs, va, payer);
	if (!e)
		return;
	*e = 0;
	dsb();
	count_pages(vs, va, -1);
	vspace_tlb_flush_page(vs, va & ~(PAGE_SIZE - 1));
}

/**
 * arch_vspace_destroy() - free the page tables of an address space and its ASID.
 * The caller made sure it is not active (arch_vspace_activate_kernel()).
 */
void arch_vspace_destroy(struct arch_vspace *vs, struct factory *payer)
{
	/* Only the regions that ever had an entry (most of a space never did). */
	for (vaddr_t va = next_region(vs->used, 0); va < ARCH_USER_SPACE_END;
	     va = next_region(vs->used, va)) {
		unsigned first = va >> SECTION_SHIFT;
		unsigned last = first + REGION_ENTRIES;
		for (unsigned group = first; group < last; group += 4) {
			const uint32_t *g = &vs->l1[group];
			if (!(g[0] | g[1] | g[2] | g[3]))
				continue;
			for (unsigned i = group; i < group + 4; i++) {
				if ((vs->l1[i] & L1_TYPE_MASK) == L1_TYPE_TABLE) {
					kmem_pages_free(
					    payer, align_down(vs->l1[i] & ~0x3ffu, PAGE_SIZE), 1);
					break;
				}
			}
		}
		va = (vaddr_t)last << SECTION_SHIFT;
	}
	vspace_tlb_release(vs);
	kmem_pages_free(payer, vs->l1_pa, 4);
	vs->l1 = NULL;
}
