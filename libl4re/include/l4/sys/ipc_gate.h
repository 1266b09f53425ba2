/* ipc_gate.h - IPC gates: a labelled entry to a thread, the way clients reach servers. */
#ifndef L4_SYS_IPC_GATE_H
#define L4_SYS_IPC_GATE_H

#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/abi/kobject.h>

L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread_u(l4_cap_idx_t gate, l4_cap_idx_t thread,
						l4_umword_t label, l4_utcb_t *utcb)
{
	return l4_rcv_ep_bind_thread_u(gate, thread, label, utcb);
}

L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread(l4_cap_idx_t gate, l4_cap_idx_t thread,
					      l4_umword_t label)
{
	return l4_ipc_gate_bind_thread_u(gate, thread, label, l4_utcb());
}

/* The gate's label (needs the server right). */
L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos_u(l4_cap_idx_t gate, l4_umword_t *label,
					      l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_IPC_GATE_GET_INFO_OP;
	l4_msgtag_t tag =
	    l4_ipc_call(gate, utcb, l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0), L4_IPC_NEVER);
	if (!l4_error_u(tag, utcb) && label)
		*label = m->mr[0];
	return tag;
}

L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos(l4_cap_idx_t gate, l4_umword_t *label)
{
	return l4_ipc_gate_get_infos_u(gate, label, l4_utcb());
}

#endif
