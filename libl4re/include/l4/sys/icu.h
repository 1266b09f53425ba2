/* icu.h - the interrupt controller (ICU): binding hardware interrupts to IRQ objects. */
#ifndef L4_SYS_ICU_H
#define L4_SYS_ICU_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/irq.h>

/* What l4_icu_info() reports. */
typedef struct l4_icu_info_t {
	unsigned features; /* L4_ICU_FLAG_MSI if MSIs are supported */
	unsigned nr_irqs;  /* interrupt numbers 0 .. nr_irqs - 1 */
	unsigned nr_msis;
} l4_icu_info_t;

/* Deliver interrupt irqnum through the IRQ object irq (needs W). */
L4_INLINE l4_msgtag_t l4_icu_bind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
				    l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_BIND;
	m->mr[1] = irqnum;
	m->mr[2] = l4_map_obj_control(0, 0);
	m->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_icu_bind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
	return l4_icu_bind_u(icu, irqnum, irq, l4_utcb());
}

/* Release interrupt irqnum from the IRQ object irq (needs W). */
L4_INLINE l4_msgtag_t l4_icu_unbind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
				      l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_UNBIND;
	m->mr[1] = irqnum;
	m->mr[2] = l4_map_obj_control(0, 0);
	m->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_icu_unbind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
	return l4_icu_unbind_u(icu, irqnum, irq, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_info_u(l4_cap_idx_t icu, l4_icu_info_t *info, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_INFO;
	l4_msgtag_t res = l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
	if (!l4_error_u(res, utcb) && l4_msgtag_words(res) >= 3) {
		info->features = m->mr[0];
		info->nr_irqs = m->mr[1];
		info->nr_msis = m->mr[2];
	}
	return res;
}

L4_INLINE l4_msgtag_t l4_icu_info(l4_cap_idx_t icu, l4_icu_info_t *info)
{
	return l4_icu_info_u(icu, info, l4_utcb());
}

/*
 * Mask or unmask (op: L4_ICU_CTL_MASK / L4_ICU_CTL_UNMASK) a bound interrupt. With a
 * label pointer, wait for the next message afterwards (it arrives in *label);
 * without, it is a send.
 */
L4_INLINE l4_msgtag_t l4_icu_control_u(l4_cap_idx_t icu, unsigned irqnum, unsigned op,
				       l4_umword_t *label, l4_timeout_t to, l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_UNMASK + op;
	m->mr[1] = irqnum;
	if (label)
		return l4_ipc_send_and_wait(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), label, to);
	return l4_ipc_send(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), to);
}

L4_INLINE l4_msgtag_t l4_icu_mask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				    l4_timeout_t to, l4_utcb_t *utcb)
{
	return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_MASK, label, to, utcb);
}

L4_INLINE l4_msgtag_t l4_icu_mask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				  l4_timeout_t to)
{
	return l4_icu_mask_u(icu, irqnum, label, to, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_unmask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				      l4_timeout_t to, l4_utcb_t *utcb)
{
	return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_UNMASK, label, to, utcb);
}

L4_INLINE l4_msgtag_t l4_icu_unmask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
				    l4_timeout_t to)
{
	return l4_icu_unmask_u(icu, irqnum, label, to, l4_utcb());
}

/* The trigger mode of an interrupt (L4_IRQ_F_*: level or edge). */
L4_INLINE l4_msgtag_t l4_icu_set_mode_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode,
					l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_ICU_OP_SET_MODE;
	m->mr[1] = irqnum;
	m->mr[2] = mode;
	return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_icu_set_mode(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode)
{
	return l4_icu_set_mode_u(icu, irqnum, mode, l4_utcb());
}

#endif
