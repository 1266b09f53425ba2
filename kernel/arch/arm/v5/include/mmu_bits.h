/* mmu_bits.h - ARMv5 short descriptors: AP rights and C/B memory types of each kind (mmu.c). */
#ifndef MMU_BITS_H
#define MMU_BITS_H

#include "arch.h"

/*
 * ARMv5 (without ARMv6's extended formats): first-level entries have bit 4 set, all
 * memory is in domain 0 (a client domain: the AP bits are checked), and rights are
 * AP bits alone (SCTLR.S and .R are 0): 01 kernel only, 10 kernel read-write and user
 * read-only, 11 read-write for both. A small or large page has four AP fields, one per
 * quarter; Keel sets all four alike. There is no execute-never: what user code may
 * read it may execute, so a readable page reports X too (docs/porting.md). C and B
 * select cached, write-back memory; neither is device memory. No descriptor is
 * global or not: without ASIDs the TLB holds one address space at a time.
 */
#define V5_L1_BIT4     (1u << 4)
#define V5_C	       (1u << 3)
#define V5_B	       (1u << 2)
#define V5_SECT_AP(ap) ((uint32_t)(ap) << 10)
#define V5_PAGE_AP(ap) ((uint32_t)(ap)*0x55u << 4) /* AP0-AP3 alike */
#define V5_AP_KERNEL   1u
#define V5_AP_USER_RO  2u
#define V5_AP_USER_RW  3u
#define V5_SMALL       0x2
#define V5_LARGE       0x1

/* Section, cached, kernel read-write. */
#define L1_SECT_KERNEL (0x2 | V5_L1_BIT4 | V5_C | V5_B | V5_SECT_AP(V5_AP_KERNEL))
/* Section of device registers, uncached and unbuffered, kernel read-write. */
#define L1_SECT_DEVICE (0x2 | V5_L1_BIT4 | V5_SECT_AP(V5_AP_KERNEL))
/* Small page, cached, kernel read-write: what L1_SECT_KERNEL is for a section. */
#define L2_KERNEL (V5_SMALL | V5_C | V5_B | V5_PAGE_AP(V5_AP_KERNEL))

/* A first-level entry pointing at the coarse second-level table at @pa (domain 0). */
static inline uint32_t table_desc(paddr_t pa)
{
	return pa | 0x1 | V5_L1_BIT4;
}

/* L4 rights (R and X always, W with AP 11) and memory type (C clear: device). */
static inline unsigned ap_rights(uint32_t ap, uint32_t d)
{
	return 5u | (ap == V5_AP_USER_RW ? 2u : 0) | ((d & V5_C) ? 0 : ARCH_MAP_DEVICE);
}

static inline unsigned small_rights(uint32_t d)
{
	return ap_rights((d >> 4) & 3, d);
}

static inline unsigned large_rights(uint32_t d)
{
	return ap_rights((d >> 4) & 3, d);
}

static inline unsigned section_rights(uint32_t d)
{
	return ap_rights((d >> 10) & 3, d);
}

/* Is second-level entry @e a small page (type 10)? */
static inline bool is_small_page(uint32_t e)
{
	return (e & 3) == V5_SMALL;
}

static inline uint32_t user_ap(unsigned rights)
{
	return (rights & 2) ? V5_AP_USER_RW : V5_AP_USER_RO;
}

/* A small page: cached normal memory, or uncached device memory. */
static inline uint32_t small_desc(paddr_t pa, unsigned rights)
{
	uint32_t d = (pa & ~(PAGE_SIZE - 1)) | V5_SMALL | V5_PAGE_AP(user_ap(rights));
	if (!(rights & ARCH_MAP_DEVICE))
		d |= V5_C | V5_B;
	return d;
}

/* A large page (pa 64 KiB aligned) with the attributes of small_desc(). */
static inline uint32_t large_desc(paddr_t pa, unsigned rights)
{
	return pa | V5_LARGE | (small_desc(0, rights) & ~3u);
}

/* A section (pa 1 MiB aligned) with the attributes of small_desc(). */
static inline uint32_t section_desc(paddr_t pa, unsigned rights)
{
	uint32_t d = pa | 0x2 | V5_L1_BIT4 | V5_SECT_AP(user_ap(rights));
	if (!(rights & ARCH_MAP_DEVICE))
		d |= V5_C | V5_B;
	return d;
}

#endif
