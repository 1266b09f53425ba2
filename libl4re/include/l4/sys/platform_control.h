/* platform_control.h - L4Re's platform-control calls: shut down or reboot the machine. */
#ifndef L4_SYS_PLATFORM_CONTROL_H
#define L4_SYS_PLATFORM_CONTROL_H

#include <l4/sys/ipc.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/abi/platform_control.h>

/*
 * The kernel's platform-control object is the root task's L4_KEEL_PLATFORM_CTL_CAP;
 * programs get it from the root, by name ("pfc", as L4Re's configurations call it).
 * Shutdown and reboot need the W right. Keel has no suspend to RAM and one CPU: those
 * calls answer -L4_ENOSYS (docs/abi.md, "The platform-control object").
 */

/* Send operation @op with @n words (mr0 = @op, then @a, @b). */
L4_INLINE l4_msgtag_t l4_platform_ctl_op_u(l4_cap_idx_t pfc, l4_umword_t op, unsigned n,
					   l4_umword_t a, l4_umword_t b, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = op;
	m->mr[1] = a;
	m->mr[2] = b;
	return l4_ipc_call(pfc, utcb, l4_msgtag(L4_PROTO_PLATFORM_CTL, n, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend_u(l4_cap_idx_t pfc, l4_umword_t extras,
						       l4_utcb_t *utcb)
{
	return l4_platform_ctl_op_u(pfc, L4_PLATFORM_CTL_SYS_SUSPEND_OP, 2, extras, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_suspend(l4_cap_idx_t pfc, l4_umword_t extras)
{
	return l4_platform_ctl_system_suspend_u(pfc, extras, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown_u(l4_cap_idx_t pfc, l4_umword_t reboot,
							l4_utcb_t *utcb)
{
	return l4_platform_ctl_op_u(pfc, L4_PLATFORM_CTL_SYS_SHUTDOWN_OP, 2, reboot, 0, utcb);
}

/* Power off (@reboot 0) or reboot (1); returns only on an error. */
L4_INLINE l4_msgtag_t l4_platform_ctl_system_shutdown(l4_cap_idx_t pfc, l4_umword_t reboot)
{
	return l4_platform_ctl_system_shutdown_u(pfc, reboot, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
							   l4_umword_t enable, l4_utcb_t *utcb)
{
	return l4_platform_ctl_op_u(pfc, L4_PLATFORM_CTL_CPU_ALLOW_SHUTDOWN_OP, 3, phys_id, enable,
				    utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_allow_shutdown(l4_cap_idx_t pfc, l4_umword_t phys_id,
							 l4_umword_t enable)
{
	return l4_platform_ctl_cpu_allow_shutdown_u(pfc, phys_id, enable, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
						   l4_utcb_t *utcb)
{
	return l4_platform_ctl_op_u(pfc, L4_PLATFORM_CTL_CPU_ENABLE_OP, 2, phys_id, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_enable(l4_cap_idx_t pfc, l4_umword_t phys_id)
{
	return l4_platform_ctl_cpu_enable_u(pfc, phys_id, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable_u(l4_cap_idx_t pfc, l4_umword_t phys_id,
						    l4_utcb_t *utcb)
{
	return l4_platform_ctl_op_u(pfc, L4_PLATFORM_CTL_CPU_DISABLE_OP, 2, phys_id, 0, utcb);
}

L4_INLINE l4_msgtag_t l4_platform_ctl_cpu_disable(l4_cap_idx_t pfc, l4_umword_t phys_id)
{
	return l4_platform_ctl_cpu_disable_u(pfc, phys_id, l4_utcb());
}

#endif
