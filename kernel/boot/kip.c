/* kip.c - the kernel info page: version, clock frequency, memory descriptors. */
#include "boot/kip.h"
#include "arch.h"
#include "mem/kmem.h"
#include "string.h"
#include "object/task.h"
#include <l4/sys/kip.h>
#include <l4/sys/memdesc.h>
#include <l4/sys/types.h>

#ifndef KEEL_VERSION
#define KEEL_VERSION "unknown"
#endif

/* Where the parts go in the page (offsets in bytes). */
#define KIP_MEMDESC_OFFSET 0x100
#define KIP_VERSION_OFFSET 0x200

_Static_assert(sizeof(l4_kernel_info_t) <= KIP_MEMDESC_OFFSET, "KIP header fits");

static paddr_t kip_pa;

/**
 * kip_init() - fill the kernel info page (before the first task is created).
 * @ram_base, @ram_size: the RAM the kernel uses; [@user_ram_base, +@user_ram_size) of
 * it is the root task's, the rest below and above it the kernel's (reserved).
 * Return: 0, or -1 when out of memory.
 */
int kip_init(paddr_t ram_base, size_t ram_size, paddr_t user_ram_base, size_t user_ram_size)
{
	if (kmem_pages_alloc(NULL, 1, 1, &kip_pa) != 0)
		return -1;
	l4_kernel_info_t *kip = arch_phys_to_virt(kip_pa);
	kip->magic = L4_KERNEL_INFO_MAGIC;
	kip->version = L4_KIP_VERSION_KEEL;
	kip->offset_version_strings = KIP_VERSION_OFFSET >> 4;
	kip->frequency_counter = arch_timer_frequency();
	kip->scheduler_granularity = 1;
	const char version[] = "Keel microkernel " KEEL_VERSION;
	memcpy((char *)kip + KIP_VERSION_OFFSET, version, sizeof(version));
	l4_kernel_info_mem_desc_t *md =
	    (l4_kernel_info_mem_desc_t *)((char *)kip + KIP_MEMDESC_OFFSET);
	unsigned n = 0;
	l4_kernel_info_set_mem_desc(&md[n++], ram_base, ram_base + ram_size - 1,
				    l4_mem_type_conventional, 0, 0);
	if (user_ram_base > ram_base)
		l4_kernel_info_set_mem_desc(&md[n++], ram_base, user_ram_base - 1,
					    l4_mem_type_reserved, 0, 0);
	if (user_ram_base + user_ram_size < ram_base + ram_size)
		l4_kernel_info_set_mem_desc(&md[n++], user_ram_base + user_ram_size,
					    ram_base + ram_size - 1, l4_mem_type_reserved, 0, 0);
	kip->mem_info = (l4_umword_t)KIP_MEMDESC_OFFSET << 16 | n;
	return 0;
}

/**
 * kip_map() - map the kernel info page read-only into @t at L4_KIP_ADDR (page
 * tables charged to the task's payer). Return: 0, or -1 when out of memory.
 */
int kip_map(struct task *t)
{
	return arch_vspace_map_page(&t->vspace, L4_KIP_ADDR, kip_pa, L4_FPAGE_RO, t->obj.payer);
}

/**
 * kip_overlaps() - does [@va, @va + @size) touch the KIP's page?
 */
bool kip_overlaps(vaddr_t va, size_t size)
{
	return va <= L4_KIP_ADDR && L4_KIP_ADDR - va < size;
}
