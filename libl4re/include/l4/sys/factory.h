/* factory.h - creating kernel objects, charged to the factory's kernel-memory quota. */
#ifndef L4_SYS_FACTORY_H
#define L4_SYS_FACTORY_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/factory.h>

/* Start a create message: mr0 = protocol of the new object, br0 = where its cap goes. */
L4_INLINE l4_msgtag_t l4_factory_create_start_u(long protocol, l4_cap_idx_t target, l4_utcb_t *utcb)
{
	l4_utcb_mr_u(utcb)->mr[0] = (l4_umword_t)protocol;
	l4_buf_regs_t *b = l4_utcb_br_u(utcb);
	b->bdr = 0;
	b->br[0] = target | L4_RCV_ITEM_SINGLE_CAP;
	return l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0);
}

L4_INLINE int l4_factory_create_add_uint_u(l4_umword_t value, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	unsigned w = l4_msgtag_words(*tag);
	if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[w] = L4_VARG_TYPE_UMWORD | (sizeof(l4_umword_t) << 16);
	v->mr[w + 1] = value;
	*tag =
	    l4_msgtag(l4_msgtag_label(*tag), w + 2, l4_msgtag_items(*tag), l4_msgtag_flags(*tag));
	return 1;
}

L4_INLINE int l4_factory_create_add_fpage_u(l4_fpage_t d, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	unsigned w = l4_msgtag_words(*tag);
	if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[w] = L4_VARG_TYPE_FPAGE | (sizeof(l4_fpage_t) << 16);
	v->mr[w + 1] = d.raw;
	*tag =
	    l4_msgtag(l4_msgtag_label(*tag), w + 2, l4_msgtag_items(*tag), l4_msgtag_flags(*tag));
	return 1;
}

/* A string argument (with its terminating zero) for the object's creator. */
L4_INLINE int l4_factory_create_add_str_u(char const *s, l4_msgtag_t *tag, l4_utcb_t *utcb)
{
	unsigned w = l4_msgtag_words(*tag);
	unsigned len = (unsigned)__builtin_strlen(s) + 1;
	unsigned need = 1 + (len + sizeof(l4_umword_t) - 1) / sizeof(l4_umword_t);
	if (w + need > L4_UTCB_GENERIC_DATA_SIZE)
		return 0;
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[w] = L4_VARG_TYPE_STRING | (len << 16);
	__builtin_memcpy(&v->mr[w + 1], s, len);
	*tag = l4_msgtag(l4_msgtag_label(*tag), w + need, l4_msgtag_items(*tag),
			 l4_msgtag_flags(*tag));
	return 1;
}

L4_INLINE l4_msgtag_t l4_factory_create_commit_u(l4_cap_idx_t factory, l4_msgtag_t tag,
						 l4_utcb_t *utcb)
{
	return l4_ipc_call(factory, utcb, tag, L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_factory_create_u(l4_cap_idx_t factory, long protocol, l4_cap_idx_t target,
					  l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(protocol, target, utcb);
	return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create(l4_cap_idx_t factory, long protocol, l4_cap_idx_t target)
{
	return l4_factory_create_u(factory, protocol, target, l4_utcb());
}

/* A task whose UTCBs live in utcb_area (a memory flexpage in the new task). */
L4_INLINE l4_msgtag_t l4_factory_create_task_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					       l4_fpage_t utcb_area, l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_TASK, target_cap, utcb);
	if (!l4_factory_create_add_fpage_u(utcb_area, &t, utcb))
		return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
	return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_task(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					     l4_fpage_t utcb_area)
{
	return l4_factory_create_task_u(factory, target_cap, utcb_area, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_thread_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						 l4_utcb_t *utcb)
{
	return l4_factory_create_u(factory, L4_PROTO_THREAD, target_cap, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_thread(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
	return l4_factory_create_thread_u(factory, target_cap, l4_utcb());
}

/* A factory with a kernel-memory limit in bytes, charged to this factory. */
L4_INLINE l4_msgtag_t l4_factory_create_factory_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						  unsigned long limit, l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_FACTORY, target_cap, utcb);
	if (!l4_factory_create_add_uint_u(limit, &t, utcb))
		return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
	return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_factory(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						unsigned long limit)
{
	return l4_factory_create_factory_u(factory, target_cap, limit, l4_utcb());
}

/* An IPC gate with a label, bound to thread_cap unless that is invalid. */
L4_INLINE l4_msgtag_t l4_factory_create_gate_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					       l4_cap_idx_t thread_cap, l4_umword_t label,
					       l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(0, target_cap, utcb);
	l4_factory_create_add_uint_u(label, &t, utcb);
	unsigned items = 0;
	if (!l4_is_invalid_cap(thread_cap)) {
		l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
		items = 1;
		v->mr[3] = l4_map_obj_control(0, 0);
		v->mr[4] = l4_obj_fpage(thread_cap, 0, L4_CAP_FPAGE_RWS).raw;
	}
	t = l4_msgtag(l4_msgtag_label(t), l4_msgtag_words(t), items, l4_msgtag_flags(t));
	return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_gate(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					     l4_cap_idx_t thread_cap, l4_umword_t label)
{
	return l4_factory_create_gate_u(factory, target_cap, thread_cap, label, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_factory_create_irq_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
					      l4_utcb_t *utcb)
{
	return l4_factory_create_u(factory, L4_PROTO_IRQ_SENDER, target_cap, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_irq(l4_cap_idx_t factory, l4_cap_idx_t target_cap)
{
	return l4_factory_create_irq_u(factory, target_cap, l4_utcb());
}

/*
 * A scheduler that runs threads at base + p, never above limit (p is what
 * l4_scheduler_run_thread() asks for: L4Re's scheduler proxy, prio_offset and
 * prio_limit). Keel: [base, limit] must lie in the range of the scheduler @parent,
 * which goes as an item (-L4_ERANGE if not; -L4_EINVAL if limit <= base).
 */
L4_INLINE l4_msgtag_t l4_factory_create_scheduler_u(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						    l4_cap_idx_t parent, l4_umword_t limit,
						    l4_umword_t base, l4_utcb_t *utcb)
{
	l4_msgtag_t t = l4_factory_create_start_u(L4_PROTO_SCHEDULER, target_cap, utcb);
	l4_factory_create_add_uint_u(limit, &t, utcb);
	l4_factory_create_add_uint_u(base, &t, utcb);
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[5] = l4_map_obj_control(0, 0);
	v->mr[6] = l4_obj_fpage(parent, 0, L4_CAP_FPAGE_RWS).raw;
	t = l4_msgtag(l4_msgtag_label(t), l4_msgtag_words(t), 1, l4_msgtag_flags(t));
	return l4_factory_create_commit_u(factory, t, utcb);
}

L4_INLINE l4_msgtag_t l4_factory_create_scheduler(l4_cap_idx_t factory, l4_cap_idx_t target_cap,
						  l4_cap_idx_t parent, l4_umword_t limit,
						  l4_umword_t base)
{
	return l4_factory_create_scheduler_u(factory, target_cap, parent, limit, base, l4_utcb());
}

/*
 * Keel only: the factory's kernel-memory limit and what it uses, in bytes; for the
 * root factory also the kernel memory that is free (0 for others). Any pointer may
 * be NULL. Needs no right.
 */
L4_INLINE l4_msgtag_t l4_factory_keel_info_u(l4_cap_idx_t factory, l4_umword_t *limit,
					     l4_umword_t *used, l4_umword_t *free_bytes,
					     l4_utcb_t *utcb)
{
	l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
	m->mr[0] = L4_FACTORY_KEEL_INFO_OP;
	l4_msgtag_t tag =
	    l4_ipc_call(factory, utcb, l4_msgtag(L4_PROTO_FACTORY, 1, 0, 0), L4_IPC_NEVER);
	if (l4_error_u(tag, utcb) < 0)
		return tag;
	if (limit)
		*limit = m->mr[0];
	if (used)
		*used = m->mr[1];
	if (free_bytes)
		*free_bytes = m->mr[2];
	return tag;
}

L4_INLINE l4_msgtag_t l4_factory_keel_info(l4_cap_idx_t factory, l4_umword_t *limit,
					   l4_umword_t *used, l4_umword_t *free_bytes)
{
	return l4_factory_keel_info_u(factory, limit, used, free_bytes, l4_utcb());
}

#endif
