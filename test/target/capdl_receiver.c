/* capdl_receiver.c - serves gate "svc" and keeps the capability a client sends (test of capDL
 * dumps). */
#include <l4/re/env.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/utcb.h>
#include <stdio.h>

/* Where a received capability goes: in the program's own range (above the named ones). */
#define RECV_SLOT 0x120UL
#define LABEL	  0x10
#define SHM_ADDR  0x30000000UL /* specs/live.cdl: cap shm ... at 0x30000000 */

int main(void)
{
	l4_cap_idx_t svc = l4re_env_get_cap("svc");
	if (l4_is_invalid_cap(svc) ||
	    l4_error(l4_ipc_gate_bind_thread(svc, L4_BASE_THREAD_CAP, LABEL)) != 0) {
		printf("capdl_receiver: cannot serve svc\n");
		return 1;
	}
	l4_umword_t label;
	l4_utcb_br()->br[0] = (RECV_SLOT << L4_CAP_SHIFT) | L4_RCV_ITEM_SINGLE_CAP;
	l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
	for (;;) {
		if (!l4_ipc_error(tag, l4_utcb()))
			printf("capdl_receiver: got %u item(s), shared word %#x\n",
			       l4_msgtag_items(tag), *(volatile unsigned *)SHM_ADDR);
		l4_utcb_br()->br[0] = (RECV_SLOT << L4_CAP_SHIFT) | L4_RCV_ITEM_SINGLE_CAP;
		tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 0, 0, 0), &label, L4_IPC_NEVER);
	}
}
