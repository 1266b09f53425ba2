/* rcv_endpoint.h - binding a receive endpoint (IPC gate, IRQ) to a thread with a label. */
#ifndef L4_SYS_RCV_ENDPOINT_H
#define L4_SYS_RCV_ENDPOINT_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/kobject.h>

L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread_u(l4_cap_idx_t ep, l4_cap_idx_t thread,
					      l4_umword_t label, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_RCV_EP_BIND_OP;
	m->mr[1] = label;
	m->mr[2] = l4_map_obj_control(0, 0);
	m->mr[3] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(ep, utcb, l4_msgtag(L4_PROTO_KOBJECT, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread(l4_cap_idx_t ep, l4_cap_idx_t thread, l4_umword_t label)
{
	return l4_rcv_ep_bind_thread_u(ep, thread, label, l4_utcb());
}

#endif
