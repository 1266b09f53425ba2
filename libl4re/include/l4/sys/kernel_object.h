/* kernel_object.h - operations every kernel object takes (protocol L4_PROTO_KOBJECT). */
#ifndef L4_SYS_KERNEL_OBJECT_H
#define L4_SYS_KERNEL_OBJECT_H

#include <l4/sys/compiler.h>
#include <l4/sys/ipc.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/abi/kobject.h>
#include <l4/sys/abi/debugger.h>
#include <l4/sys/err.h>

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

/*
 * Invoke the debugger about @obj: L4Re's message to the debugger object. mr0 (the
 * operation) gets L4_KEEL_DEBUGGER_OP_BASE added and @obj goes along as a map item,
 * so the kernel knows which object is meant; @tag's words are the operation's.
 * Return: -L4_EINVAL for an invalid @obj, -L4_EMSGTOOLONG if the item does not fit.
 */
L4_INLINE l4_msgtag_t l4_invoke_debugger(l4_cap_idx_t obj, l4_msgtag_t tag, l4_utcb_t *utcb)
{
	unsigned words = l4_msgtag_words(tag);
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	if (l4_is_invalid_cap(obj))
		return l4_msgtag(-L4_EINVAL, 0, 0, 0);
	if (words + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
	m->mr[0] += L4_KEEL_DEBUGGER_OP_BASE;
	m->mr[words] = L4_ITEM_MAP;
	m->mr[words + 1] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(L4_BASE_DEBUGGER_CAP, utcb,
			   l4_msgtag(L4_PROTO_DEBUGGER, words, 1, l4_msgtag_flags(tag)),
			   L4_IPC_NEVER);
}

#endif
