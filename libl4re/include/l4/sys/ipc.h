/* ipc.h - the invoke system call and the IPC operations built on it. */
#ifndef L4_SYS_IPC_H
#define L4_SYS_IPC_H

#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>

/*
 * The one system call: svc #0 with r5 = 0. r0 = tag, r2 = cap | flags,
 * r3 = timeouts, r4 = label; returns the tag in r0 and the label in r4.
 */
L4_INLINE l4_msgtag_t l4_ipc_invoke(l4_cap_idx_t cap_flags, l4_msgtag_t tag, l4_timeout_t to,
				    l4_umword_t *label)
{
	register l4_umword_t r0 __asm__("r0") = (l4_umword_t)tag.raw;
	register l4_umword_t r2 __asm__("r2") = cap_flags;
	register l4_umword_t r3 __asm__("r3") = to.raw;
	register l4_umword_t r4 __asm__("r4") = 0; /* the label is only an output */
	register l4_umword_t r5 __asm__("r5") = L4_SYSCALL_INVOKE;
	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
			 :
			 : "memory", "r1", "r12", "lr", "cc");
	if (label)
		*label = r4;
	l4_msgtag_t res;
	res.raw = (l4_mword_t)r0;
	return res;
}

L4_INLINE l4_msgtag_t l4_ipc_call(l4_cap_idx_t object, l4_utcb_t *utcb, l4_msgtag_t tag,
				  l4_timeout_t timeout)
{
	(void)utcb;
	return l4_ipc_invoke(object | L4_SYSF_CALL, tag, timeout, 0);
}

L4_INLINE l4_msgtag_t l4_ipc_send(l4_cap_idx_t object, l4_utcb_t *utcb, l4_msgtag_t tag,
				  l4_timeout_t timeout)
{
	(void)utcb;
	return l4_ipc_invoke(object | L4_SYSF_SEND, tag, timeout, 0);
}

L4_INLINE l4_msgtag_t l4_ipc_receive(l4_cap_idx_t object, l4_utcb_t *utcb, l4_timeout_t timeout)
{
	(void)utcb;
	return l4_ipc_invoke(object | L4_SYSF_RECV, l4_msgtag(0, 0, 0, 0), timeout, 0);
}

/* Open wait: receive from any gate bound to this thread (or a direct sender). */
L4_INLINE l4_msgtag_t l4_ipc_wait(l4_utcb_t *utcb, l4_umword_t *label, l4_timeout_t timeout)
{
	(void)utcb;
	return l4_ipc_invoke(L4_INVALID_CAP | L4_SYSF_WAIT, l4_msgtag(0, 0, 0, 0), timeout, label);
}

/* Reply to the last caller (the implicit reply capability), then wait openly. */
L4_INLINE l4_msgtag_t l4_ipc_reply_and_wait(l4_utcb_t *utcb, l4_msgtag_t tag, l4_umword_t *label,
					    l4_timeout_t timeout)
{
	(void)utcb;
	return l4_ipc_invoke(L4_INVALID_CAP | L4_SYSF_REPLY_AND_WAIT, tag, timeout, label);
}

L4_INLINE l4_msgtag_t l4_ipc_send_and_wait(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
					   l4_umword_t *label, l4_timeout_t timeout)
{
	(void)utcb;
	return l4_ipc_invoke(dest | L4_SYSF_SEND_AND_WAIT, tag, timeout, label);
}

L4_INLINE l4_msgtag_t l4_ipc_sleep(l4_timeout_t timeout)
{
	return l4_ipc_receive(L4_INVALID_CAP, 0, timeout);
}

/* The error code of the last IPC (L4_IPC_*, l4_ipc_tcr_error_t), after
 * l4_msgtag_has_error(): int, as L4Re's. */
L4_INLINE int l4_ipc_error_code(l4_utcb_t *utcb)
{
	return (int)(l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK);
}

/* 0, or the IPC's error code (L4_IPC_*): an l4_umword_t, as L4Re's. */
L4_INLINE l4_umword_t l4_ipc_error(l4_msgtag_t tag, l4_utcb_t *utcb)
{
	if (!l4_msgtag_has_error(tag))
		return 0;
	return (l4_umword_t)l4_ipc_error_code(utcb);
}

L4_INLINE long l4_ipc_to_errno(unsigned long ipc_error_code)
{
	return -(long)(L4_EIPC_LO + ipc_error_code);
}

L4_INLINE long l4_error_u(l4_msgtag_t tag, l4_utcb_t *u)
{
	if (l4_msgtag_has_error(tag))
		return l4_ipc_to_errno((unsigned long)l4_ipc_error_code(u));
	return l4_msgtag_label(tag);
}

L4_INLINE long l4_error(l4_msgtag_t tag)
{
	return l4_error_u(tag, l4_utcb());
}

/* After an IPC error (l4_msgtag_has_error()): did the send phase fail (error code bit 0
 * clear) or the receive phase (bit 0 set)? */
L4_INLINE int l4_ipc_is_snd_error(l4_utcb_t *utcb)
{
	return (l4_utcb_tcr_u(utcb)->error & L4_IPC_SND_ERR_MASK) == 0;
}

L4_INLINE int l4_ipc_is_rcv_error(l4_utcb_t *utcb)
{
	return (int)(l4_utcb_tcr_u(utcb)->error & L4_IPC_SND_ERR_MASK);
}

/*
 * Append a map item (@snd_fpage, sent at @snd_base, the hot spot) to the message of
 * @tag in @utcb's message registers, after its words and items, and count it in *@tag.
 * The item word carries L4_ITEM_CONT, as L4Re's does; Keel's kernel gives every item a
 * receive buffer register of its own (docs/ipc.md), so one item lands as on Fiasco,
 * several need as many receive windows. Return: 0, or -L4_ENOMEM if it does not fit.
 */
L4_INLINE int l4_sndfpage_add_u(l4_fpage_t const snd_fpage, unsigned long snd_base,
				l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	unsigned i = l4_msgtag_words(*tag) + 2 * l4_msgtag_items(*tag);
	if (i + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return -L4_ENOMEM;
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[i] = snd_base | L4_ITEM_MAP | L4_ITEM_CONT;
	v->mr[i + 1] = snd_fpage.raw;
	*tag = l4_msgtag(l4_msgtag_label(*tag), l4_msgtag_words(*tag), l4_msgtag_items(*tag) + 1,
			 l4_msgtag_flags(*tag));
	return 0;
}

L4_INLINE int l4_sndfpage_add(l4_fpage_t const snd_fpage, unsigned long snd_base, l4_msgtag_t *tag)
{
	return l4_sndfpage_add_u(snd_fpage, snd_base, tag, l4_utcb());
}

#endif
