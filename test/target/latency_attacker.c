/* latency_attacker.c - a loaded program that asks the kernel for the longest unmaps it can
 * (target.attack_latency): 61 fpages of 2 GiB in one invocation, over its own space and
 * over a task of its own. */
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

#define UTCB_AREA 0xb0000000UL

static char page[4096] __attribute__((aligned(4096)));

int main(void)
{
	l4_fpage_t fp[61];
	for (unsigned i = 0; i < 61; i++)
		fp[i] = l4_fpage(0, 31, L4_FPAGE_RWX);
	page[0] = 1;
	long own = l4_error(l4_task_unmap_batch(L4_BASE_TASK_CAP, fp, 61, L4_FP_OTHER_SPACES));
	l4_cap_idx_t t = l4re_util_cap_alloc();
	long made = l4_error(
	    l4_factory_create_task(L4_BASE_FACTORY_CAP, t, l4_fpage(UTCB_AREA, 12, L4_FPAGE_RW)));
	for (unsigned i = 0; i < 16 && !made; i++)
		made = l4_error(l4_task_map(t, L4_BASE_TASK_CAP,
					    l4_fpage((l4_addr_t)page, 12, L4_FPAGE_RW),
					    l4_map_control(0x10000000UL + i * (1UL << 24), 0, 0)));
	long other = made ? made : l4_error(l4_task_unmap_batch(t, fp, 61, L4_FP_ALL_SPACES));
	long del = made ? 0 : l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, t));
	printf("latency_attacker: own space %ld, other task %ld (%ld), delete %ld\n", own, other,
	       made, del);
	return own || other || del;
}
