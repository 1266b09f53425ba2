/* task.h - task object operations: map, unmap, capability information. */
#ifndef L4_SYS_TASK_H
#define L4_SYS_TASK_H

#include <l4/sys/ipc.h>
#include <l4/sys/abi/task.h>

/*
 * Map (or grant, with L4_MAP_ITEM_GRANT in snd_base) the capabilities or pages of
 * snd_fpage in src_task to dst_task at snd_base's address/slot.
 */
L4_INLINE l4_msgtag_t l4_task_map_u(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
				    l4_fpage_t snd_fpage, l4_umword_t snd_base, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_MAP_OP;
	v->mr[1] = snd_base;
	v->mr[2] = snd_fpage.raw;
	v->mr[3] = l4_map_obj_control(0, 0);
	v->mr[4] = l4_obj_fpage(src_task, 0, L4_CAP_FPAGE_RWS).raw;
	return l4_ipc_call(dst_task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_map(l4_cap_idx_t dst_task, l4_cap_idx_t src_task,
				  l4_fpage_t snd_fpage, l4_umword_t snd_base)
{
	return l4_task_map_u(dst_task, src_task, snd_fpage, snd_base, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_unmap_u(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask,
				      l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_UNMAP_OP;
	v->mr[1] = map_mask;
	v->mr[2] = fpage.raw;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_unmap(l4_cap_idx_t task, l4_fpage_t fpage, l4_umword_t map_mask)
{
	return l4_task_unmap_u(task, fpage, map_mask, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_task_unmap_batch_u(l4_cap_idx_t task, l4_fpage_t const *fpages,
					    unsigned num_fpages, l4_umword_t map_mask,
					    l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_UNMAP_OP;
	v->mr[1] = map_mask;
	for (unsigned i = 0; i < num_fpages && i < L4_UTCB_GENERIC_DATA_SIZE - 2; i++)
		v->mr[2 + i] = fpages[i].raw;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2 + num_fpages, 0, 0),
			   L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_unmap_batch(l4_cap_idx_t task, l4_fpage_t const *fpages,
					  unsigned num_fpages, l4_umword_t map_mask)
{
	return l4_task_unmap_batch_u(task, fpages, num_fpages, map_mask, l4_utcb());
}

/* Delete the object behind cap (needs the D right): every capability to it goes. */
L4_INLINE l4_msgtag_t l4_task_delete_obj_u(l4_cap_idx_t task, l4_cap_idx_t obj, l4_utcb_t *utcb)
{
	return l4_task_unmap_u(task, l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWSD), L4_FP_DELETE_OBJ,
			       utcb);
}

L4_INLINE l4_msgtag_t l4_task_delete_obj(l4_cap_idx_t task, l4_cap_idx_t obj)
{
	return l4_task_delete_obj_u(task, obj, l4_utcb());
}

/* Drop this task's capability; copies delegated from it stay. */
L4_INLINE l4_msgtag_t l4_task_release_cap_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	return l4_task_unmap_u(task, l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES,
			       utcb);
}

L4_INLINE l4_msgtag_t l4_task_release_cap(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_release_cap_u(task, cap, l4_utcb());
}

/* Label 1 if the slot holds a capability, else 0. */
L4_INLINE l4_msgtag_t l4_task_cap_valid_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_CAP_INFO_OP;
	v->mr[1] = cap & ~1UL;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_cap_valid_u(task, cap, l4_utcb());
}

/* Label 1 if the slot holds a capability from which others were delegated. */
L4_INLINE l4_msgtag_t l4_task_cap_has_child_u(l4_cap_idx_t task, l4_cap_idx_t cap, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_CAP_INFO_OP;
	v->mr[1] = cap | 1;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_cap_has_child(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_cap_has_child_u(task, cap, l4_utcb());
}

/* Label 1 if both slots name the same object, else 0. */
L4_INLINE l4_msgtag_t l4_task_cap_equal_u(l4_cap_idx_t task, l4_cap_idx_t cap_a, l4_cap_idx_t cap_b,
					  l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_CAP_INFO_OP;
	v->mr[1] = cap_a;
	v->mr[2] = cap_b;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_cap_equal(l4_cap_idx_t task, l4_cap_idx_t cap_a, l4_cap_idx_t cap_b)
{
	return l4_task_cap_equal_u(task, cap_a, cap_b, l4_utcb());
}

/*
 * Add kernel-user memory to @task: the memory flexpage @ku_mem (order 9-16, aligned,
 * nothing mapped there yet) becomes one more UTCB area its threads may bind to; a
 * task has at most four (-L4_ENOMEM beyond). Needs W on @task (docs/abi.md).
 */
L4_INLINE l4_msgtag_t l4_task_add_ku_mem_u(l4_cap_idx_t task, l4_fpage_t ku_mem, l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_ADD_KU_MEM_OP;
	v->mr[1] = ku_mem.raw;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_add_ku_mem(l4_cap_idx_t task, l4_fpage_t ku_mem)
{
	return l4_task_add_ku_mem_u(task, ku_mem, l4_utcb());
}

/*
 * Keel: list @task's capabilities from slot @first on (needs S on @task; docs/abi.md,
 * "Listing a task's capabilities"). The label is the number of entries (or an error);
 * mr0 is the slot to go on from, L4_TASK_CAP_LIST_END at the end; the entries follow
 * (l4/sys/abi/task.h).
 */
L4_INLINE l4_msgtag_t l4_task_keel_cap_list_u(l4_cap_idx_t task, unsigned long first,
					      l4_utcb_t *utcb)
{
	l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
	v->mr[0] = L4_TASK_KEEL_CAP_LIST_OP;
	v->mr[1] = first;
	return l4_ipc_call(task, utcb, l4_msgtag(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_task_keel_cap_list(l4_cap_idx_t task, unsigned long first)
{
	return l4_task_keel_cap_list_u(task, first, l4_utcb());
}

#endif
