/* kumem_alloc.c - l4re_util_kumem_alloc(): an area of the region mapper made kernel-user memory. */
#include <l4/re/c/rm.h>
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/sys/task.h>

int l4re_util_kumem_alloc(l4_addr_t *mem, unsigned pages_order, l4_cap_idx_t task, l4_cap_idx_t rm)
{
	if (pages_order > 16 - L4_PAGESHIFT)
		return -L4_EINVAL; /* larger than a UTCB area may be */
	unsigned shift = pages_order + L4_PAGESHIFT;
	*mem = 0;
	int err = l4re_rm_reserve_area_srv(rm, mem, 1UL << shift,
					   L4RE_RM_F_RESERVED | L4RE_RM_F_SEARCH_ADDR,
					   (unsigned char)shift);
	if (err)
		return err;
	err = (int)l4_error(l4_task_add_ku_mem(task, l4_fpage(*mem, shift, L4_FPAGE_RW)));
	if (err)
		l4re_rm_free_area_srv(rm, *mem);
	return err;
}
