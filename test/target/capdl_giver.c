/* capdl_giver.c - delegates its capability "extra" to the server of "svc", with a capDL dump before
 * and after. */
#include <l4/re/env.h>
#include <l4/re/parent.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

#define SHM_ADDR 0x30000000UL /* specs/live.cdl: cap shm ... at 0x30000000 */

int main(void)
{
	l4_cap_idx_t svc = l4re_env_get_cap("svc");
	l4_cap_idx_t extra = l4re_env_get_cap("extra");
	if (l4_is_invalid_cap(svc) || l4_is_invalid_cap(extra)) {
		printf("capdl_giver: svc or extra missing\n");
		return 1;
	}
	/* The spec attached shm here, and the receiver's at the same address. */
	*(volatile unsigned *)SHM_ADDR = 0x4b45454c;
	/* The root task runs above us: each dump is written before we go on. */
	l4re_parent_keel_dump();
	l4_msg_regs_t *mr = l4_utcb_mr();
	mr->mr[0] = l4_map_obj_control(0, 0);
	mr->mr[1] = l4_obj_fpage(extra, 0, L4_CAP_FPAGE_RW).raw;
	long err = l4_error(l4_ipc_call(svc, l4_utcb(), l4_msgtag(0, 0, 1, 0), L4_IPC_NEVER));
	printf("capdl_giver: delegated extra (%ld)\n", err);
	l4re_parent_keel_dump();
	printf("capdl_giver: done\n");
	l4_ipc_sleep(L4_IPC_NEVER);
}
