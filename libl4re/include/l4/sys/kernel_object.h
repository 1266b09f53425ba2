/* kernel_object.h - operations every kernel object takes (protocol L4_PROTO_KOBJECT). */
#ifndef L4_SYS_KERNEL_OBJECT_H
#define L4_SYS_KERNEL_OBJECT_H

#include <l4/sys/compiler.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/abi/kobject.h>

/*
 * Drop @diff references to the object behind @obj (L4Re's message: mr0
 * L4_KOBJECT_OP_DEC_REFCNT, mr1 @diff). On Fiasco it balances capabilities mapped
 * without a reference (L4_FPAGE_C_NO_REF_CNT). Keel counts every capability and has no
 * uncounted ones, so its kernel has no such operation and no object performs it: IPC
 * gates and IRQs answer -L4_ENOSYS (a gate capability without the server right
 * -L4_EPERM), a thread takes the message as IPC (every protocol but L4_PROTO_THREAD is),
 * other objects answer -L4_EBADPROTO (docs/abi.md, "L4Re's C API").
 */
L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt_u(l4_cap_idx_t obj, l4_mword_t diff, l4_utcb_t *u)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(u);
	m->mr[0] = L4_KOBJECT_OP_DEC_REFCNT;
	m->mr[1] = (l4_umword_t)diff;
	return l4_ipc_call(obj, u, l4_msgtag(L4_PROTO_KOBJECT, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt(l4_cap_idx_t obj, l4_mword_t diff)
{
	return l4_kobject_dec_refcnt_u(obj, diff, l4_utcb());
}

#endif
