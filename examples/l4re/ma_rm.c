/* ma_rm.c - allocate, attach, touch, detach and free memory; L4Re's libs/l4re/c/ma+rm.c. */
/*
 * Keel's own program, written the way L4Re's example uses the calls: a capability
 * slot from the allocator (l4re_util_cap_alloc), a dataspace from the memory
 * allocator (l4re_ma_alloc), attached at an address the region mapper picks
 * (l4re_rm_attach with L4RE_RM_F_SEARCH_ADDR, page or superpage alignment), written,
 * then detached (l4re_rm_detach_ds gives the dataspace back), freed (l4re_ma_free)
 * and the slot returned. As L4Re's, 16 KiB; then the same with L4RE_MA_SUPER_PAGES
 * (a MiB, attached at a MiB boundary), and the memory of the first is checked.
 */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>

#include <stdio.h>
#include <string.h>

/* Allocate @size_in_bytes (whole pages) with @flags (L4RE_MA_*); its address in
 * *@virt_addr. Return: 0 or an error. */
static int allocate_mem(unsigned long size_in_bytes, unsigned long flags, void **virt_addr)
{
	int r;
	l4re_ds_t ds;

	ds = l4re_util_cap_alloc();
	if (l4_is_invalid_cap(ds))
		return -L4_ENOMEM;

	size_in_bytes = l4_trunc_page(size_in_bytes);

	if ((r = l4re_ma_alloc(size_in_bytes, ds, flags)))
		return r;

	*virt_addr = 0;
	if ((r = l4re_rm_attach(virt_addr, size_in_bytes, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds,
				0, flags & L4RE_MA_SUPER_PAGES ? L4_SUPERPAGESHIFT : L4_PAGESHIFT)))
		return r;

	return 0;
}

/* Detach the memory at @virt_addr and free it. Return: 0 or an error. */
static int free_mem(void *virt_addr)
{
	int r;
	l4re_ds_t ds;

	if ((r = l4re_rm_detach_ds(virt_addr, &ds)))
		return r;

	if ((r = l4re_ma_free(ds)))
		return r;

	l4re_util_cap_free(ds);
	return 0;
}

/* Is each of the @size bytes at @p @value? */
static int all_are(const unsigned char *p, unsigned long size, unsigned char value)
{
	for (unsigned long i = 0; i < size; i++)
		if (p[i] != value)
			return 0;
	return 1;
}

int main(void)
{
	void *virt;
	int r;

	if ((r = allocate_mem(4 * L4_PAGESIZE, 0, &virt))) {
		printf("ma+rm: allocate_mem: %d\n", r);
		return 1;
	}
	printf("Allocated memory.\n");

	memset(virt, 0x12, 4 * L4_PAGESIZE);
	printf("Touched memory.\n");
	if (!all_are(virt, 4 * L4_PAGESIZE, 0x12))
		return 2;

	if ((r = free_mem(virt))) {
		printf("ma+rm: free_mem: %d\n", r);
		return 3;
	}
	printf("Freed and done.\n");

	/* The same with superpages: a MiB, attached at a MiB boundary. */
	if ((r = allocate_mem(L4_SUPERPAGESIZE, L4RE_MA_SUPER_PAGES, &virt))) {
		printf("ma+rm: allocate_mem with superpages: %d\n", r);
		return 4;
	}
	memset(virt, 0x34, L4_SUPERPAGESIZE);
	printf("ma+rm: a superpage-aligned MiB at %s, touched: %s\n",
	       ((l4_addr_t)virt & (L4_SUPERPAGESIZE - 1)) == 0 ? "a MiB boundary" : "elsewhere",
	       all_are(virt, L4_SUPERPAGESIZE, 0x34) ? "right" : "wrong");
	if ((r = free_mem(virt)))
		return 5;
	printf("Freed and done. Bye.\n");
	return 0;
}
