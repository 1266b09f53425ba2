/* thread.h - thread object operations: control, ex_regs, switch/yield, stats, TPIDRURO. */
#ifndef L4_SYS_THREAD_H
#define L4_SYS_THREAD_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/thread.h>
/* Starting a thread takes the scheduler (l4_scheduler_run_thread()); L4Re's programs get
 * l4/sys/scheduler.h along with their thread headers. */
#include <l4/sys/scheduler.h>

/* ---- control: start, add settings, commit ---- */

L4_INLINE void l4_thread_control_start_u(l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] = L4_THREAD_CONTROL_OP;
	l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] = 0;
}

L4_INLINE void l4_thread_control_start(void)
{
	l4_thread_control_start_u(l4_utcb());
}

L4_INLINE void l4_thread_control_pager_u(l4_cap_idx_t pager, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_PAGER;
	v->mr[L4_THREAD_CONTROL_MR_IDX_PAGER] = pager;
}

L4_INLINE void l4_thread_control_pager(l4_cap_idx_t pager)
{
	l4_thread_control_pager_u(pager, l4_utcb());
}

L4_INLINE void l4_thread_control_exc_handler_u(l4_cap_idx_t exc_handler, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_SET_EXC_HANDLER;
	v->mr[L4_THREAD_CONTROL_MR_IDX_EXC_HANDLER] = exc_handler;
}

L4_INLINE void l4_thread_control_exc_handler(l4_cap_idx_t exc_handler)
{
	l4_thread_control_exc_handler_u(exc_handler, l4_utcb());
}

L4_INLINE void l4_thread_control_bind_u(l4_utcb_t *thread_utcb, l4_cap_idx_t task, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_BIND_TASK;
	v->mr[L4_THREAD_CONTROL_MR_IDX_BIND_UTCB] = (l4_addr_t)thread_utcb;
	v->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK] = l4_map_obj_control(0, 0);
	v->mr[L4_THREAD_CONTROL_MR_IDX_BIND_TASK + 1] = l4_obj_fpage(task, 0, L4_CAP_FPAGE_RWS).raw;
}

L4_INLINE void l4_thread_control_bind(l4_utcb_t *thread_utcb, l4_cap_idx_t task)
{
	l4_thread_control_bind_u(thread_utcb, task, l4_utcb());
}

L4_INLINE void l4_thread_control_alien_u(l4_utcb_t *utcb, int on)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] |= L4_THREAD_CONTROL_ALIEN;
	if (on)
		v->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] |= L4_THREAD_CONTROL_ALIEN;
	else
		v->mr[L4_THREAD_CONTROL_MR_IDX_FLAG_VALS] &= ~(l4_umword_t)L4_THREAD_CONTROL_ALIEN;
}

L4_INLINE void l4_thread_control_alien(int on)
{
	l4_thread_control_alien_u(l4_utcb(), on);
}

L4_INLINE l4_msgtag_t l4_thread_control_commit_u(l4_cap_idx_t thread, l4_utcb_t *utcb)
{
	int items =
	    (l4_utcb_mr_u(utcb)->mr[L4_THREAD_CONTROL_MR_IDX_FLAGS] & L4_THREAD_CONTROL_BIND_TASK)
		? 1
		: 0;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 6, items, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_control_commit(l4_cap_idx_t thread)
{
	return l4_thread_control_commit_u(thread, l4_utcb());
}

/* ---- ex_regs: set ip/sp (~0UL keeps a value), flags; returns the old values ---- */

L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret_u(l4_cap_idx_t thread, l4_umword_t *ip, l4_umword_t *sp,
					      l4_umword_t *flags, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_THREAD_EX_REGS_OP | (flags ? *flags : 0);
	v->mr[1] = ip ? *ip : ~0UL;
	v->mr[2] = sp ? *sp : ~0UL;
	l4_msgtag_t tag =
	    l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 3, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(tag, utcb))
		return tag;
	if (flags)
		*flags = v->mr[0];
	if (ip)
		*ip = v->mr[1];
	if (sp)
		*sp = v->mr[2];
	return tag;
}

L4_INLINE l4_msgtag_t l4_thread_ex_regs_ret(l4_cap_idx_t thread, l4_umword_t *ip, l4_umword_t *sp,
					    l4_umword_t *flags)
{
	return l4_thread_ex_regs_ret_u(thread, ip, sp, flags, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_thread_ex_regs_u(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
					  l4_umword_t flags, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_THREAD_EX_REGS_OP | flags;
	v->mr[1] = ip;
	v->mr[2] = sp;
	return l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_ex_regs(l4_cap_idx_t thread, l4_addr_t ip, l4_addr_t sp,
					l4_umword_t flags)
{
	return l4_thread_ex_regs_u(thread, ip, sp, flags, l4_utcb());
}

/* ---- switch, yield, stats ---- */

L4_INLINE l4_msgtag_t l4_thread_switch_u(l4_cap_idx_t to_thread, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = L4_THREAD_SWITCH_OP;
	return l4_ipc_call(to_thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_thread_switch(l4_cap_idx_t to_thread)
{
	return l4_thread_switch_u(to_thread, l4_utcb());
}

/* Give up the rest of the time slice: a receive from nothing with a zero timeout.
 * Return: an empty tag (as L4Re's: the receive's timeout is no error of the yield). */
L4_INLINE l4_msgtag_t l4_thread_yield(void)
{
	l4_ipc_receive(L4_INVALID_CAP, 0, L4_IPC_BOTH_TIMEOUT_0);
	return l4_msgtag(0, 0, 0, 0);
}

L4_INLINE l4_msgtag_t l4_thread_stats_time_u(l4_cap_idx_t thread, l4_kernel_clock_t *us,
					     l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_THREAD_STATS_OP;
	l4_msgtag_t tag =
	    l4_ipc_call(thread, utcb, l4_msgtag(L4_PROTO_THREAD, 1, 0, 0), L4_IPC_NEVER);
	if (!l4_error_u(tag, utcb) && us)
		*us = v->mr64[l4_utcb_mr64_idx(0)];
	return tag;
}

L4_INLINE l4_msgtag_t l4_thread_stats_time(l4_cap_idx_t thread, l4_kernel_clock_t *us)
{
	return l4_thread_stats_time_u(thread, us, l4_utcb());
}

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
