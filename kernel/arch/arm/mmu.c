/* mmu.c - ARMv7 short-descriptor page tables: the kernel's direct map, devices, task spaces. */
#include "arch.h"
#include "cp15.h"
#include "plat_config.h"
#include "kmem.h"
#include "pmem.h"
#include "printk.h"
#include "string.h"

/* First-level descriptors. */
#define L1_TYPE_TABLE	0x1
#define L1_TYPE_SECTION 0x2
#define L1_TYPE_MASK	0x3
/* Section, normal memory WBWA, shareable, kernel RW, global. */
#define L1_SECT_KERNEL 0x1140e
/* Section, shareable device memory, execute never, kernel RW, global. */
#define L1_SECT_DEVICE 0x416
#define SECTION_SHIFT  20
#define SECTION_SIZE   (1u << SECTION_SHIFT)

/* Second-level small-page descriptor bits. */
#define L2_SMALL   0x2
#define L2_XN	   0x1
#define L2_B	   (1u << 2)
#define L2_C	   (1u << 3)
#define L2_AP_RW   (3u << 4)	       /* AP[1:0] = 11: full access */
#define L2_AP_RO   (3u << 4 | 1u << 9) /* AP[2:0] = 111: read-only everywhere */
#define L2_TEX1	   (1u << 6)
#define L2_S	   (1u << 10)
#define L2_NG	   (1u << 11)
#define L2_ENTRIES 256
#define L2_SIZE	   (L2_ENTRIES * 4)

/* The direct map ends where the device window starts. */
#define DIRECT_MAP_END	  0xf0000000u
#define DEVICE_WINDOW	  0xf0000000u
#define DEVICE_WINDOW_END 0xff000000u
#define L1_KERNEL_FIRST	  (ARCH_USER_SPACE_END >> SECTION_SHIFT)

extern uint32_t boot_l1[4096];
extern char __image_end[], __modules_start[], __modules_end[];

static vaddr_t next_device_va = DEVICE_WINDOW;
static paddr_t ram_end_mapped;
/*
 * ASIDs 1-255 are handed to address spaces when they are activated; 0 is the
 * kernel's (global mappings only). When they run out, a new generation starts: the
 * whole TLB is flushed and every space gets a fresh ASID at its next activation.
 */
static uint32_t asid_used[256 / 32] = {1};
static uint32_t asid_generation = 1;

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

/**
 * arch_map_ram() - extend the kernel's direct map over a RAM bank.
 * Also removes the identity map the boot code needed, which nothing uses any more.
 * Return: 0, or -1 if the bank lies outside what the direct map can cover.
 */
int arch_map_ram(paddr_t base, size_t size)
{
	for (unsigned i = 0; i < L1_KERNEL_FIRST; i++)
		boot_l1[i] = 0;
	if (base < PLAT_RAM_BASE)
		return -1;
	paddr_t end = base + size;
	paddr_t limit = DIRECT_MAP_END - KERNEL_VIRT_OFFSET;
	if (end > limit || end < base)
		end = limit;
	for (paddr_t pa = align_down(base, SECTION_SIZE); pa < end; pa += SECTION_SIZE)
		boot_l1[(pa + KERNEL_VIRT_OFFSET) >> SECTION_SHIFT] = pa | L1_SECT_KERNEL;
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

/* Does vs hold an ASID of the current generation (possibly with TLB entries)? */
static bool asid_valid(const struct arch_vspace *vs)
{
	return vs->asid && vs->asid_generation == asid_generation;
}

static void asid_assign(struct arch_vspace *vs)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned a = 1; a < 256; a++) {
			if (!(asid_used[a / 32] & (1u << (a % 32)))) {
				asid_used[a / 32] |= 1u << (a % 32);
				vs->asid = a;
				vs->asid_generation = asid_generation;
				return;
			}
		}
		/* Run on the reserved ASID while the TLB is flushed and numbers are reused. */
		write_contextidr(0);
		isb();
		asid_generation++;
		for (unsigned i = 0; i < ARRAY_SIZE(asid_used); i++)
			asid_used[i] = 0;
		asid_used[0] = 1;
		tlb_invalidate_all();
	}
}

/* Drop vs's TLB entries (if it has any: only with an ASID of this generation). */
static void flush_space(const struct arch_vspace *vs)
{
	if (asid_valid(vs))
		tlb_invalidate_asid(vs->asid);
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
	vs->asid = 0;
	vs->asid_generation = 0;
	memcpy(&vs->l1[L1_KERNEL_FIRST], &boot_l1[L1_KERNEL_FIRST], (4096 - L1_KERNEL_FIRST) * 4);
	dsb();
	return 0;
}

static uint32_t *demote_section(struct arch_vspace *vs, vaddr_t va, struct factory *payer);

/* Second-level tables come four to a page: 4 MiB of neighbouring address space. */
static uint32_t *l2_table_for(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	unsigned idx = va >> SECTION_SHIFT;
	uint32_t desc = vs->l1[idx];
	if ((desc & L1_TYPE_MASK) == L1_TYPE_TABLE)
		return arch_phys_to_virt(desc & ~0x3ffu);
	if (desc != 0 || !payer)
		return NULL;
	unsigned group = idx & ~3u;
	paddr_t page = 0;
	for (unsigned i = group; i < group + 4; i++) {
		if ((vs->l1[i] & L1_TYPE_MASK) == L1_TYPE_TABLE) {
			page = align_down(vs->l1[i] & ~0x3ffu, PAGE_SIZE);
			break;
		}
	}
	if (page == 0 && kmem_pages_alloc(payer, 1, 1, &page) != 0)
		return NULL;
	paddr_t table = page + (idx - group) * L2_SIZE;
	vs->l1[idx] = table | L1_TYPE_TABLE;
	dsb();
	return arch_phys_to_virt(table);
}

/**
 * arch_vspace_map_page() - map one 4 KiB user page (normal memory).
 * Return: 0, -1 for an address outside user space or when out of memory.
 */
int arch_vspace_map_page(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights,
			 struct factory *payer)
{
	if (va >= ARCH_USER_SPACE_END || va < PAGE_SIZE || (va & (PAGE_SIZE - 1)))
		return -1;
	if ((vs->l1[va >> SECTION_SHIFT] & L1_TYPE_MASK) == L1_TYPE_SECTION &&
	    !demote_section(vs, va, payer))
		return -1;
	uint32_t *l2 = l2_table_for(vs, va, payer);
	if (!l2)
		return -1;
	uint32_t desc = (pa & ~(PAGE_SIZE - 1)) | L2_SMALL | L2_NG;
	/* Normal memory: write-back write-allocate, shareable; device: shareable device. */
	desc |= (rights & ARCH_MAP_DEVICE) ? L2_B | L2_XN : L2_B | L2_C | L2_TEX1 | L2_S;
	desc |= (rights & 2) ? L2_AP_RW : L2_AP_RO;
	if (!(rights & 1))
		desc |= L2_XN;
	unsigned slot = (va >> PAGE_SHIFT) & (L2_ENTRIES - 1);
	bool replace = l2[slot] != 0;
	l2[slot] = desc;
	dsb();
	if (replace)
		flush_space(vs);
	return 0;
}

/* Section descriptor bits for user mappings (normal memory, WBWA, shareable, nG). */
#define L1_SECT_XN    (1u << 4)
#define L1_SECT_AP_RW (3u << 10)
#define L1_SECT_AP_RO (3u << 10 | 1u << 15)
#define L1_SECT_USER                                                                               \
	(L1_TYPE_SECTION | (1u << 2) | (1u << 3) | (1u << 12) | (1u << 16) | (1u << 17))

/* Section of shareable device memory for user space: uncached, never executable. */
#define L1_SECT_USER_DEVICE (L1_TYPE_SECTION | (1u << 2) | L1_SECT_XN | (1u << 17))

static uint32_t small_from_section(uint32_t sect, paddr_t pa)
{
	uint32_t d = pa | L2_SMALL | L2_NG;
	d |= (sect & (1u << 3)) ? L2_B | L2_C | L2_TEX1 | L2_S : L2_B;
	d |= (sect & (1u << 15)) ? L2_AP_RO : L2_AP_RW;
	if (sect & L1_SECT_XN)
		d |= L2_XN;
	return d;
}

/* Replace a user section by a second-level table of the same 256 pages. */
static uint32_t *demote_section(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	unsigned idx = va >> SECTION_SHIFT;
	uint32_t sect = vs->l1[idx];
	vs->l1[idx] = 0;
	uint32_t *l2 = l2_table_for(vs, va, payer);
	if (!l2) {
		vs->l1[idx] = sect;
		return NULL;
	}
	paddr_t base = sect & ~(SECTION_SIZE - 1);
	for (unsigned i = 0; i < L2_ENTRIES; i++)
		l2[i] = small_from_section(sect, base + i * PAGE_SIZE);
	dsb();
	flush_space(vs);
	return l2;
}

/* The second-level entry for va, or NULL if there is no second-level table. */
static uint32_t *l2_entry(struct arch_vspace *vs, vaddr_t va)
{
	if (va >= ARCH_USER_SPACE_END)
		return NULL;
	uint32_t desc = vs->l1[va >> SECTION_SHIFT];
	if ((desc & L1_TYPE_MASK) != L1_TYPE_TABLE)
		return NULL;
	uint32_t *l2 = arch_phys_to_virt(desc & ~0x3ffu);
	return &l2[(va >> PAGE_SHIFT) & (L2_ENTRIES - 1)];
}

/* Like l2_entry, but a section there is first split into pages. */
static uint32_t *l2_entry_split(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	if (va < ARCH_USER_SPACE_END &&
	    (vs->l1[va >> SECTION_SHIFT] & L1_TYPE_MASK) == L1_TYPE_SECTION &&
	    !demote_section(vs, va, payer))
		return NULL;
	return l2_entry(vs, va);
}

/**
 * arch_vspace_map_section() - map 1 MiB of normal memory with one section
 * descriptor (the root task's memory). Return: 0, or -1 for bad alignment.
 */
int arch_vspace_map_section(struct arch_vspace *vs, vaddr_t va, paddr_t pa, unsigned rights)
{
	if (((va | pa) & (SECTION_SIZE - 1)) || va >= ARCH_USER_SPACE_END || va == 0 ||
	    vs->l1[va >> SECTION_SHIFT])
		return -1;
	uint32_t d = pa | ((rights & ARCH_MAP_DEVICE) ? L1_SECT_USER_DEVICE : L1_SECT_USER);
	d |= (rights & 2) ? L1_SECT_AP_RW : L1_SECT_AP_RO;
	if (!(rights & 1))
		d |= L1_SECT_XN;
	vs->l1[va >> SECTION_SHIFT] = d;
	dsb();
	return 0;
}

/**
 * arch_vspace_has_table() - is anything mapped in the 1 MiB around va?
 */
bool arch_vspace_has_table(struct arch_vspace *vs, vaddr_t va)
{
	return va < ARCH_USER_SPACE_END && vs->l1[va >> SECTION_SHIFT] != 0;
}

/**
 * arch_vspace_lookup() - the frame and L4 rights of a mapped user page.
 * Return: 0, or -1 if nothing is mapped there.
 */
int arch_vspace_lookup(struct arch_vspace *vs, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	uint32_t sect = va < ARCH_USER_SPACE_END ? vs->l1[va >> SECTION_SHIFT] : 0;
	if ((sect & L1_TYPE_MASK) == L1_TYPE_SECTION) {
		*pa = (sect & ~(SECTION_SIZE - 1)) + (va & (SECTION_SIZE - 1) & ~(PAGE_SIZE - 1));
		*rights = 4u | ((sect & (1u << 15)) ? 0 : 2u) | ((sect & L1_SECT_XN) ? 0 : 1u) |
			  ((sect & (1u << 3)) ? 0 : ARCH_MAP_DEVICE);
		return 0;
	}
	uint32_t *e = l2_entry(vs, va);
	if (!e || !(*e & L2_SMALL))
		return -1;
	*pa = *e & ~(PAGE_SIZE - 1);
	*rights = 4u | ((*e & (1u << 9)) ? 0 : 2u) | ((*e & L2_XN) ? 0 : 1u) |
		  ((*e & L2_C) ? 0 : ARCH_MAP_DEVICE);
	return 0;
}

/**
 * arch_vspace_unmap_page() - remove a user page mapping (and its TLB entry).
 */
void arch_vspace_unmap_page(struct arch_vspace *vs, vaddr_t va, struct factory *payer)
{
	uint32_t *e = l2_entry_split(vs, va, payer);
	if (!e || !*e)
		return;
	*e = 0;
	dsb();
	if (asid_valid(vs))
		tlb_invalidate_page(va | vs->asid);
}

/**
 * arch_vspace_destroy() - free the page tables of an address space and its ASID.
 * The caller made sure it is not active (arch_vspace_activate_kernel()).
 */
void arch_vspace_destroy(struct arch_vspace *vs, struct factory *payer)
{
	for (unsigned group = 0; group < L1_KERNEL_FIRST; group += 4) {
		for (unsigned i = group; i < group + 4; i++) {
			if ((vs->l1[i] & L1_TYPE_MASK) == L1_TYPE_TABLE) {
				kmem_pages_free(payer, align_down(vs->l1[i] & ~0x3ffu, PAGE_SIZE),
						1);
				break;
			}
		}
	}
	if (asid_valid(vs)) {
		tlb_invalidate_asid(vs->asid);
		asid_used[vs->asid / 32] &= ~(1u << (vs->asid % 32));
	}
	kmem_pages_free(payer, vs->l1_pa, 4);
	vs->l1 = NULL;
}

/**
 * arch_vspace_activate_kernel() - run on the boot page table (kernel half only).
 */
void arch_vspace_activate_kernel(void)
{
	write_contextidr(0);
	isb();
	write_ttbr0(arch_virt_to_phys(boot_l1) | 0x6a);
	isb();
}

/**
 * arch_vspace_activate() - switch the MMU to an address space.
 * ASID 0 (never a task's) is set while TTBR0 changes so no walk mixes old and new.
 */
void arch_vspace_activate(struct arch_vspace *vs)
{
	if (!asid_valid(vs))
		asid_assign(vs);
	write_contextidr(0);
	isb();
	write_ttbr0(vs->l1_pa | 0x6a);
	isb();
	write_contextidr(vs->asid);
	isb();
}
