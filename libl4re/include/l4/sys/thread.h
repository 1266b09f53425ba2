/* thread.h - thread object operations (more arrive with the object model). */
#ifndef L4_SYS_THREAD_H
#define L4_SYS_THREAD_H

#include <l4/sys/ipc.h>

L4_INLINE l4_msgtag_t l4_thread_arm_set_tpidruro_u(l4_cap_idx_t thread, l4_addr_t tpidruro,
						   l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_THREAD_ARM_TPIDRURO_OP;
	v->mr[1] = tpidruro;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_arm_set_tpidruro(l4_cap_idx_t thread, l4_addr_t tpidruro)
{
	return l4_thread_arm_set_tpidruro_u(thread, tpidruro, l4_utcb());
}

#endif
