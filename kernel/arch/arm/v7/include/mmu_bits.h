/* mmu_bits.h - ARMv7 short descriptors: memory types, rights, nG and XN of each kind (mmu.c). */
#ifndef MMU_BITS_H
#define MMU_BITS_H

#include "arch.h"

/* Section, normal memory WBWA, shareable, kernel RW, global. */
#define L1_SECT_KERNEL 0x1140e
/* Section, shareable device memory, execute never, kernel RW, global. */
#define L1_SECT_DEVICE 0x416

/*
 * Second-level descriptors: small pages (4 KiB) and large pages (64 KiB: the same
 * descriptor in 16 consecutive entries). B, C, AP, S and nG are in the same place in
 * both; a large page has TEX and XN higher up.
 */
#define L2_SMALL      0x2 /* bit 0 of a small page is XN */
#define L2_XN	      0x1
#define L2_B	      (1u << 2)
#define L2_C	      (1u << 3)
#define L2_AP_RW      (3u << 4)		  /* AP[1:0] = 11: full access */
#define L2_AP_RO      (3u << 4 | 1u << 9) /* AP[2:0] = 111: read-only everywhere */
#define L2_APX	      (1u << 9)		  /* AP[2]: read-only */
#define L2_TEX1	      (1u << 6)
#define L2_S	      (1u << 10)
#define L2_NG	      (1u << 11)
#define L2_LARGE_TEX1 (1u << 12)
#define L2_LARGE_XN   (1u << 15)
/* Small page, normal memory WBWA (TEX 001, C, B), shareable, kernel RW, global: what
 * L1_SECT_KERNEL is for a section. */
#define L2_KERNEL (L2_SMALL | L2_B | L2_C | (1u << 4) | L2_TEX1 | L2_S)

/* Section descriptor bits for user mappings (normal memory, WBWA, shareable, nG). */
#define L1_SECT_XN    (1u << 4)
#define L1_SECT_AP_RW (3u << 10)
#define L1_SECT_AP_RO (3u << 10 | 1u << 15)
#define L1_SECT_APX   (1u << 15)
#define L1_SECT_USER  (0x2 | (1u << 2) | (1u << 3) | (1u << 12) | (1u << 16) | (1u << 17))
/* Section of shareable device memory for user space: uncached, never executable. */
#define L1_SECT_USER_DEVICE (0x2 | (1u << 2) | L1_SECT_XN | (1u << 17))

/* A first-level entry pointing at the second-level table at @pa (domain 0). */
static inline uint32_t table_desc(paddr_t pa)
{
	return pa | 0x1;
}

/* L4 rights and memory type of a user descriptor, from its AP[2] and XN bits (their
 * place depends on the descriptor's type) and its C bit (bit 3 in all of them). */
static inline unsigned desc_rights(uint32_t d, uint32_t apx, uint32_t xn)
{
	return 4u | ((d & apx) ? 0 : 2u) | ((d & xn) ? 0 : 1u) | ((d & L2_C) ? 0 : ARCH_MAP_DEVICE);
}

static inline unsigned small_rights(uint32_t d)
{
	return desc_rights(d, L2_APX, L2_XN);
}

static inline unsigned large_rights(uint32_t d)
{
	return desc_rights(d, L2_APX, L2_LARGE_XN);
}

static inline unsigned section_rights(uint32_t d)
{
	return desc_rights(d, L1_SECT_APX, L1_SECT_XN);
}

/* Is second-level entry @e a small page (type 1x: bit 0 is its XN)? */
static inline bool is_small_page(uint32_t e)
{
	return (e & L2_SMALL) != 0;
}

/* A small page: normal memory (write-back write-allocate, shareable) or shareable
 * device memory (never executable). */
static inline uint32_t small_desc(paddr_t pa, unsigned rights)
{
	uint32_t d = (pa & ~(PAGE_SIZE - 1)) | L2_SMALL | L2_NG;
	d |= (rights & ARCH_MAP_DEVICE) ? L2_B | L2_XN : L2_B | L2_C | L2_TEX1 | L2_S;
	d |= (rights & 2) ? L2_AP_RW : L2_AP_RO;
	if (!(rights & 1))
		d |= L2_XN;
	return d;
}

/* A large page (pa 64 KiB aligned) with the attributes of small_desc(). */
static inline uint32_t large_desc(paddr_t pa, unsigned rights)
{
	uint32_t small = small_desc(0, rights);
	uint32_t d = pa | 0x1 | (small & (L2_B | L2_C | L2_AP_RO | L2_S | L2_NG));
	if (small & L2_TEX1)
		d |= L2_LARGE_TEX1;
	if (small & L2_XN)
		d |= L2_LARGE_XN;
	return d;
}

/* A section (pa 1 MiB aligned) with the attributes of small_desc(). */
static inline uint32_t section_desc(paddr_t pa, unsigned rights)
{
	uint32_t d = pa | ((rights & ARCH_MAP_DEVICE) ? L1_SECT_USER_DEVICE : L1_SECT_USER);
	d |= (rights & 2) ? L1_SECT_AP_RW : L1_SECT_AP_RO;
	if (!(rights & 1))
		d |= L1_SECT_XN;
	return d;
}

#endif
