/*
 * test_caps.c - capabilities: information, delegation with reduced rights, grant,
 * recursive revocation, release and re-parenting, deletion, slot and flexpage errors.
 */
#include "ktest_util.h"
#include <l4/sys/icu.h>
#include <stdbool.h>
#include <string.h>

#define TASK L4_BASE_TASK_CAP

/* A fresh gate (unbound) in a fresh root slot. */
static l4_cap_idx_t new_gate(void)
{
	l4_cap_idx_t g;
	if (kt_gate_create(&g, L4_INVALID_CAP, 0x100) != 0)
		return L4_INVALID_CAP;
	return g;
}

KTEST(cap_valid_initial_caps)
{
	KT_EQ(kt_valid(TASK, L4_BASE_TASK_CAP), 1);
	KT_EQ(kt_valid(TASK, L4_BASE_FACTORY_CAP), 1);
	KT_EQ(kt_valid(TASK, L4_BASE_THREAD_CAP), 1);
	KT_EQ(kt_valid(TASK, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_valid(TASK, L4_BASE_ICU_CAP), 1);
	KT_EQ(kt_valid(TASK, L4_BASE_SCHEDULER_CAP), 1);
}

KTEST(cap_valid_empty_slots)
{
	KT_EQ(kt_valid(TASK, 0), 0);
	KT_EQ(kt_valid(TASK, L4_BASE_PAGER_CAP), 0);
	KT_EQ(kt_valid(TASK, kt_cap_alloc()), 0);
}

/* Only test kernels can make an interrupt pending on demand. */
KTEST(icu_test_pend_absent_from_normal_kernels)
{
	unsigned line = kt_irq_lines()->spare; /* a line users may bind: only the op is missing */
	KT_ASSERT(line != 0);
	l4_utcb_mr()->mr[0] = L4_ICU_OP_KEEL_TEST_PEND;
	l4_utcb_mr()->mr[1] = line;
	l4_msgtag_t tag =
	    l4_ipc_call(L4_BASE_ICU_CAP, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 2, 0, 0), L4_IPC_NEVER);
	KT_EQ(l4_error(tag), -L4_ENOSYS);
}

/* Assumption: a slot beyond the table is reported as empty, not as an error. */
KTEST(cap_valid_slot_beyond_table)
{
	KT_EQ(kt_valid(TASK, (l4_cap_idx_t)(KT_MAX_SLOT + 1) << L4_CAP_SHIFT), 0);
}

KTEST(cap_info_needs_no_right)
{
	KT_SCOPE();
	l4_cap_idx_t t = kt_copy(L4_BASE_TASK_CAP, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(t));
	KT_EQ(kt_valid(t, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_equal(t, L4_BASE_LOG_CAP, L4_BASE_LOG_CAP), 1);
}

KTEST(cap_equal_same_and_different_objects)
{
	KT_SCOPE();
	l4_cap_idx_t copy = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
	KT_ASSERT(l4_is_valid_cap(copy));
	KT_EQ(kt_equal(TASK, copy, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_equal(TASK, L4_BASE_LOG_CAP, copy), 1);
	KT_EQ(kt_equal(TASK, copy, L4_BASE_FACTORY_CAP), 0);
	KT_EQ(kt_equal(TASK, L4_BASE_TASK_CAP, L4_BASE_THREAD_CAP), 0);
}

KTEST(cap_has_child_after_map)
{
	KT_SCOPE();
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	KT_EQ(kt_has_child(TASK, g), 0);
	l4_cap_idx_t copy = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, g, copy, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(kt_has_child(TASK, g), 1);
	KT_EQ(kt_has_child(TASK, copy), 0);
	KT_EQ(kt_valid(TASK, copy), 1);
}

KTEST(map_log_without_w_write_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t ro = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RO);
	l4_cap_idx_t rw = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
	KT_ASSERT(l4_is_valid_cap(ro) && l4_is_valid_cap(rw));
	KT_EQ(l4_vcon_write(ro, "x", 0), -L4_EPERM);
	KT_EQ(l4_vcon_write(rw, "", 0), 0);
}

KTEST(map_factory_without_s_create_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t f = kt_copy(L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RW | L4_CAP_FPAGE_D);
	KT_ASSERT(l4_is_valid_cap(f));
	l4_cap_idx_t slot = kt_cap_alloc();
	KT_EQ(l4_error(l4_factory_create_thread(f, slot)), -L4_EPERM);
	KT_EQ(kt_valid(TASK, slot), 0);
	/* With S the same factory works. */
	l4_cap_idx_t fs = kt_copy(L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RS);
	KT_EQ(l4_error(l4_factory_create_gate(fs, slot, L4_INVALID_CAP, 0)), 0);
	kt_own(slot);
	KT_EQ(kt_valid(TASK, slot), 1);
}

/* New rights = source rights & flexpage rights: a copy cannot regain a right. */
KTEST(map_cannot_raise_rights)
{
	KT_SCOPE();
	l4_cap_idx_t ro = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RO);
	KT_ASSERT(l4_is_valid_cap(ro));
	l4_cap_idx_t again = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, ro, again, L4_CAP_FPAGE_RWSD), 0);
	KT_EQ(kt_equal(TASK, again, L4_BASE_LOG_CAP), 1);
	KT_EQ(l4_vcon_write(again, "", 0), -L4_EPERM);
}

KTEST(task_map_needs_w)
{
	KT_SCOPE();
	l4_cap_idx_t t = kt_copy(L4_BASE_TASK_CAP, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_is_valid_cap(t));
	l4_cap_idx_t dst = kt_cap_alloc();
	KT_EQ(kt_map(t, TASK, L4_BASE_LOG_CAP, dst, L4_CAP_FPAGE_RW), -L4_EPERM);
	KT_EQ(kt_valid(TASK, dst), 0);
	KT_EQ(l4_error(l4_task_unmap(t, l4_obj_fpage(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_RWSD),
				     L4_FP_OTHER_SPACES)),
	      -L4_EPERM);
}

KTEST(grant_empties_source)
{
	KT_SCOPE();
	l4_cap_idx_t a = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RWS);
	KT_ASSERT(l4_is_valid_cap(a));
	l4_cap_idx_t b = kt_cap_alloc();
	KT_EQ(l4_error(l4_task_map(TASK, TASK, l4_obj_fpage(a, 0, L4_CAP_FPAGE_RWSD),
				   l4_map_obj_control(b, L4_MAP_ITEM_GRANT))),
	      0);
	KT_EQ(kt_valid(TASK, a), 0);
	KT_EQ(kt_valid(TASK, b), 1);
	KT_EQ(kt_equal(TASK, b, L4_BASE_LOG_CAP), 1);
	KT_EQ(l4_vcon_write(b, "", 0), 0);
}

KTEST(grant_to_other_task)
{
	KT_SCOPE();
	l4_cap_idx_t child;
	KT_EQ(kt_task_create_empty(&child), 0);
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t in_child = kt_cap_alloc();
	KT_EQ(l4_error(l4_task_map(child, TASK, l4_obj_fpage(g, 0, L4_CAP_FPAGE_RWSD),
				   l4_map_obj_control(in_child, L4_MAP_ITEM_GRANT))),
	      0);
	KT_EQ(kt_valid(TASK, g), 0);
	KT_EQ(kt_valid(child, in_child), 1);
}

/* Root -> B -> C: revoking the root's cap from other spaces removes both copies. */
KTEST(revoke_other_spaces_is_recursive)
{
	KT_SCOPE();
	l4_cap_idx_t b, c;
	KT_EQ(kt_task_create_empty(&b), 0);
	KT_EQ(kt_task_create_empty(&c), 0);
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t in_b = kt_cap_alloc(), in_c = kt_cap_alloc();
	KT_EQ(kt_map(b, TASK, g, in_b, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(kt_map(c, b, in_b, in_c, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(kt_valid(b, in_b), 1);
	KT_EQ(kt_valid(c, in_c), 1);
	KT_EQ(kt_has_child(b, in_b), 1);
	KT_EQ(l4_error(
		  l4_task_unmap(TASK, l4_obj_fpage(g, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES)),
	      0);
	KT_EQ(kt_valid(b, in_b), 0);
	KT_EQ(kt_valid(c, in_c), 0);
	KT_EQ(kt_valid(TASK, g), 1);
	KT_EQ(kt_has_child(TASK, g), 0);
}

/* OTHER_SPACES then ALL_SPACES revokes everything, the own copy included. */
KTEST(revoke_everything_with_two_unmaps)
{
	KT_SCOPE();
	l4_cap_idx_t b;
	KT_EQ(kt_task_create_empty(&b), 0);
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t in_b = kt_cap_alloc();
	KT_EQ(kt_map(b, TASK, g, in_b, L4_CAP_FPAGE_RWS), 0);
	l4_fpage_t fp = l4_obj_fpage(g, 0, L4_CAP_FPAGE_RWSD);
	KT_EQ(l4_error(l4_task_unmap(TASK, fp, L4_FP_OTHER_SPACES)), 0);
	KT_EQ(l4_error(l4_task_unmap(TASK, fp, L4_FP_ALL_SPACES)), 0);
	KT_EQ(kt_valid(TASK, g), 0);
	KT_EQ(kt_valid(b, in_b), 0);
}

/* Releasing the root's copy re-parents B's copy (and C's below it): both survive. */
KTEST(release_cap_keeps_delegated_copies)
{
	KT_SCOPE();
	l4_cap_idx_t b, c;
	KT_EQ(kt_task_create_empty(&b), 0);
	KT_EQ(kt_task_create_empty(&c), 0);
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t in_b = kt_cap_alloc(), in_c = kt_cap_alloc();
	KT_EQ(kt_map(b, TASK, g, in_b, L4_CAP_FPAGE_RWSD), 0);
	KT_EQ(kt_map(c, b, in_b, in_c, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(l4_error(l4_task_release_cap(TASK, g)), 0);
	KT_EQ(kt_valid(TASK, g), 0);
	KT_EQ(kt_valid(b, in_b), 1);
	KT_EQ(kt_valid(c, in_c), 1);
	/* The tree below B is intact: B can still revoke C's copy. */
	KT_EQ(kt_has_child(b, in_b), 1);
	KT_EQ(l4_error(
		  l4_task_unmap(b, l4_obj_fpage(in_b, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES)),
	      0);
	KT_EQ(kt_valid(c, in_c), 0);
	KT_EQ(kt_valid(b, in_b), 1);
}

KTEST(release_cap_same_task_copy_survives)
{
	KT_SCOPE();
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t copy = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, g, copy, L4_CAP_FPAGE_RWSD), 0);
	KT_EQ(l4_error(l4_task_release_cap(TASK, g)), 0);
	KT_EQ(kt_valid(TASK, g), 0);
	KT_EQ(kt_valid(TASK, copy), 1);
	kt_own(copy);
}

KTEST(delete_obj_invalidates_every_copy)
{
	KT_SCOPE();
	l4_cap_idx_t b;
	KT_EQ(kt_task_create_empty(&b), 0);
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t copy = kt_cap_alloc(), in_b = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, g, copy, L4_CAP_FPAGE_RWSD), 0);
	KT_EQ(kt_map(b, TASK, g, in_b, L4_CAP_FPAGE_RWS), 0);
	/* Through the copy (it has D): the object goes, every capability with it. */
	KT_EQ(l4_error(l4_task_delete_obj(TASK, copy)), 0);
	KT_EQ(kt_valid(TASK, g), 0);
	KT_EQ(kt_valid(TASK, copy), 0);
	KT_EQ(kt_valid(b, in_b), 0);
}

KTEST(delete_obj_without_d_eperm)
{
	KT_SCOPE();
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	l4_cap_idx_t copy = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, g, copy, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(l4_error(l4_task_delete_obj(TASK, copy)), -L4_EPERM);
	KT_EQ(kt_valid(TASK, copy), 1);
	KT_EQ(kt_valid(TASK, g), 1);
}

KTEST(invoke_deleted_object_not_existent)
{
	KT_SCOPE();
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	KT_EQ(l4_error(l4_task_delete_obj(TASK, g)), 0);
	l4_msgtag_t tag = l4_ipc_call(g, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
	KT_EQ(l4_ipc_error(tag, l4_utcb()), L4_IPC_ENOT_EXISTENT);
}

/* Unmap with a flexpage without R: only the given rights go from the derived copies. */
KTEST(unmap_without_r_removes_rights_only)
{
	KT_SCOPE();
	l4_cap_idx_t a = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RWS);
	KT_ASSERT(l4_is_valid_cap(a));
	l4_cap_idx_t b = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, a, b, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(l4_vcon_write(b, "", 0), 0);
	KT_EQ(l4_error(l4_task_unmap(TASK, l4_obj_fpage(a, 0, L4_CAP_FPAGE_W), L4_FP_OTHER_SPACES)),
	      0);
	KT_EQ(kt_valid(TASK, b), 1);
	KT_EQ(l4_vcon_write(b, "", 0), -L4_EPERM);
	KT_EQ(l4_vcon_write(a, "", 0), 0);
}

/* The last capability going away deletes the object: its quota comes back. */
KTEST(last_cap_release_frees_object)
{
	KT_SCOPE();
	l4_cap_idx_t f;
	KT_EQ(kt_factory_create(&f, 8192), 0);
	long stop;
	unsigned n = kt_fill(f, KT_OBJ_GATE, &stop);
	KT_ASSERT(n > 0 && n < KT_FILL_MAX);
	KT_EQ(stop, -L4_ENOMEM);
	KT_EQ(l4_error(l4_task_release_cap(TASK, kt_fill_slot(0))), 0);
	KT_EQ(kt_valid(TASK, kt_fill_slot(0)), 0);
	/* Exactly one more fits now. */
	long again = l4_error(l4_factory_create_gate(f, kt_fill_slot(0), L4_INVALID_CAP, 0));
	long more = l4_error(l4_factory_create_gate(f, kt_fill_slot(n), L4_INVALID_CAP, 0));
	kt_unfill(n + 1);
	KT_EQ(again, 0);
	KT_EQ(more, -L4_ENOMEM);
}

KTEST(map_onto_occupied_slot_replaces)
{
	KT_SCOPE();
	l4_cap_idx_t a = kt_copy(L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
	KT_ASSERT(l4_is_valid_cap(a));
	KT_EQ(kt_map(TASK, TASK, L4_BASE_FACTORY_CAP, a, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(kt_equal(TASK, a, L4_BASE_FACTORY_CAP), 1);
	KT_EQ(kt_equal(TASK, a, L4_BASE_LOG_CAP), 0);
}

KTEST(map_order_one_maps_two_slots)
{
	KT_SCOPE();
	l4_cap_idx_t src = kt_cap_alloc_aligned(1), dst = kt_cap_alloc_aligned(1);
	KT_ASSERT(l4_is_valid_cap(src) && l4_is_valid_cap(dst));
	l4_cap_idx_t src1 = src + L4_CAP_SIZE, dst1 = dst + L4_CAP_SIZE;
	KT_EQ(kt_map(TASK, TASK, L4_BASE_LOG_CAP, src, L4_CAP_FPAGE_RW), 0);
	KT_EQ(kt_map(TASK, TASK, L4_BASE_FACTORY_CAP, src1, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(l4_error(l4_task_map(TASK, TASK, l4_obj_fpage(src, 1, L4_CAP_FPAGE_RWS),
				   l4_map_obj_control(dst, 0))),
	      0);
	KT_EQ(kt_equal(TASK, dst, L4_BASE_LOG_CAP), 1);
	KT_EQ(kt_equal(TASK, dst1, L4_BASE_FACTORY_CAP), 1);
	KT_EQ(kt_valid(TASK, dst1 + L4_CAP_SIZE), 0);
}

KTEST(map_order_too_large_einval)
{
	KT_SCOPE();
	l4_cap_idx_t dst = kt_cap_alloc();
	KT_EQ(l4_error(l4_task_map(TASK, TASK, l4_obj_fpage(0, 17, L4_CAP_FPAGE_RWS),
				   l4_map_obj_control(dst, 0))),
	      -L4_EINVAL);
	KT_EQ(kt_valid(TASK, dst), 0);
}

KTEST(map_to_slot_beyond_table_erange)
{
	l4_cap_idx_t beyond = (l4_cap_idx_t)(KT_MAX_SLOT + 1) << L4_CAP_SHIFT;
	KT_EQ(kt_map(TASK, TASK, L4_BASE_LOG_CAP, beyond, L4_CAP_FPAGE_RW), -L4_ERANGE);
}

/* Assumption (not spelled out): ARM has no I/O space, so an I/O flexpage is a bad argument. */
KTEST(map_io_fpage_einval)
{
	l4_fpage_t fp;
	fp.raw = ((l4_umword_t)L4_FPAGE_IO << L4_FPAGE_TYPE_SHIFT) | (0UL << L4_FPAGE_SIZE_SHIFT) |
		 L4_FPAGE_RW;
	KT_EQ(l4_error(l4_task_map(TASK, TASK, fp, l4_map_control(0, 0, 0))), -L4_EINVAL);
}

KTEST(unmap_empty_slot_is_noop)
{
	l4_cap_idx_t empty = kt_cap_alloc();
	l4_fpage_t fp = l4_obj_fpage(empty, 0, L4_CAP_FPAGE_RWSD);
	KT_EQ(l4_error(l4_task_unmap(TASK, fp, L4_FP_OTHER_SPACES)), 0);
	KT_EQ(l4_error(l4_task_unmap(TASK, fp, L4_FP_ALL_SPACES)), 0);
	KT_EQ(kt_valid(TASK, empty), 0);
}

/* Mapping an empty source slot maps nothing (as an IPC item naming an empty slot). */
KTEST(map_from_empty_slot_maps_nothing)
{
	l4_cap_idx_t empty = kt_cap_alloc(), dst = kt_cap_alloc();
	KT_EQ(kt_map(TASK, TASK, empty, dst, L4_CAP_FPAGE_RWS), 0);
	KT_EQ(kt_valid(TASK, dst), 0);
}

/* ---- CAP_LIST (Keel: the live capability state, for capDL dumps) ---- */

/* The entry CAP_LIST shows for @slot of @task, looked up by walking from @slot. */
static bool list_entry(l4_cap_idx_t task, unsigned long slot, l4_umword_t *id, unsigned *type,
		       unsigned *rights)
{
	l4_msgtag_t tag = l4_task_keel_cap_list(task, slot);
	l4_umword_t *mr = l4_utcb_mr()->mr;
	if (l4_msgtag_label(tag) <= 0 || mr[1] != slot)
		return false;
	*id = mr[2];
	*type = (unsigned)(mr[3] >> 8);
	*rights = (unsigned)(mr[3] & 0xff);
	return true;
}

KTEST(cap_list_shows_the_kernel_objects)
{
	l4_umword_t id;
	unsigned type, rights;
	KT_ASSERT(list_entry(TASK, L4_BASE_LOG_CAP >> L4_CAP_SHIFT, &id, &type, &rights));
	KT_EQ(id, L4_KEEL_OBJ_ID_LOG);
	KT_EQ(type, L4_KEEL_OBJ_LOG);
	KT_ASSERT(list_entry(TASK, L4_BASE_ICU_CAP >> L4_CAP_SHIFT, &id, &type, &rights));
	KT_EQ(id, L4_KEEL_OBJ_ID_ICU);
	KT_EQ(type, L4_KEEL_OBJ_ICU);
	KT_ASSERT(list_entry(TASK, L4_BASE_FACTORY_CAP >> L4_CAP_SHIFT, &id, &type, &rights));
	KT_EQ(id, L4_KEEL_OBJ_ID_FACTORY);
	KT_EQ(type, L4_KEEL_OBJ_FACTORY);
	KT_ASSERT(list_entry(TASK, L4_BASE_TASK_CAP >> L4_CAP_SHIFT, &id, &type, &rights));
	KT_ASSERT(id >= L4_KEEL_OBJ_ID_FIRST);
	KT_EQ(type, L4_KEEL_OBJ_TASK);
	KT_EQ(rights & L4_CAP_FPAGE_RWS, L4_CAP_FPAGE_RWS);
}

/* A copy shows the same identity with its own rights; another object another one. */
KTEST(cap_list_identity_is_the_objects_rights_the_caps)
{
	KT_SCOPE();
	l4_cap_idx_t g = new_gate();
	KT_ASSERT(l4_is_valid_cap(g));
	kt_own(g);
	l4_cap_idx_t ro = kt_copy(g, L4_CAP_FPAGE_RO);
	l4_cap_idx_t other = new_gate();
	KT_ASSERT(l4_is_valid_cap(ro) && l4_is_valid_cap(other));
	kt_own(other);
	l4_umword_t id_g, id_ro, id_other;
	unsigned type, rights;
	KT_ASSERT(list_entry(TASK, g >> L4_CAP_SHIFT, &id_g, &type, &rights));
	KT_EQ(type, L4_KEEL_OBJ_GATE);
	KT_EQ(rights & (L4_CAP_FPAGE_RWSD | L4_FPAGE_C_IPCGATE_SVR),
	      L4_CAP_FPAGE_RWSD | L4_FPAGE_C_IPCGATE_SVR);
	KT_ASSERT(list_entry(TASK, ro >> L4_CAP_SHIFT, &id_ro, &type, &rights));
	KT_EQ(id_ro, id_g);
	KT_EQ(rights, L4_CAP_FPAGE_RO);
	KT_ASSERT(list_entry(TASK, other >> L4_CAP_SHIFT, &id_other, &type, &rights));
	KT_ASSERT(id_other != id_g);
}

KTEST(cap_list_needs_s)
{
	KT_SCOPE();
	l4_cap_idx_t t = kt_copy(L4_BASE_TASK_CAP, L4_CAP_FPAGE_RW | L4_CAP_FPAGE_D);
	KT_ASSERT(l4_is_valid_cap(t));
	KT_EQ(l4_error(l4_task_keel_cap_list(t, 0)), -L4_EPERM);
	l4_cap_idx_t ts = kt_copy(L4_BASE_TASK_CAP, L4_CAP_FPAGE_RS);
	KT_ASSERT(l4_msgtag_label(l4_task_keel_cap_list(ts, 0)) > 0);
}

KTEST(cap_list_short_message_and_slots_past_the_end)
{
	l4_utcb_mr()->mr[0] = L4_TASK_KEEL_CAP_LIST_OP;
	KT_EQ(
	    l4_error(l4_ipc_call(TASK, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER)),
	    -L4_EMSGTOOSHORT);
	l4_msgtag_t tag = l4_task_keel_cap_list(TASK, ~0UL);
	KT_EQ(l4_msgtag_label(tag), 0);
	KT_EQ(l4_utcb_mr()->mr[0], L4_TASK_CAP_LIST_END);
}

/* Walking the table call by call (each bounded) shows every occupied slot once. */
KTEST(cap_list_walk_finds_every_slot_once)
{
	enum { RANGE = 0x400 };
	unsigned listed = 0, calls = 0;
	unsigned long next = 0, last = 0;
	bool first = true;
	while (next < L4_TASK_CAP_LIST_END && calls < 2000) {
		l4_msgtag_t tag = l4_task_keel_cap_list(TASK, next);
		long n = l4_msgtag_label(tag);
		KT_ASSERT(n >= 0 && n <= (long)L4_TASK_CAP_LIST_MAX);
		l4_umword_t mr[1 + L4_TASK_CAP_LIST_MAX * L4_TASK_CAP_LIST_WORDS];
		memcpy(mr, l4_utcb_mr()->mr, sizeof(mr)); /* kt_valid() uses the UTCB */
		for (long i = 0; i < n; i++) {
			l4_umword_t slot = mr[1 + i * L4_TASK_CAP_LIST_WORDS];
			KT_ASSERT(first || slot > last); /* ascending, never twice */
			KT_EQ(kt_valid(TASK, slot << L4_CAP_SHIFT), 1);
			first = false;
			last = slot;
			if (slot < RANGE)
				listed++;
		}
		KT_ASSERT(mr[0] > next);
		next = mr[0];
		calls++;
	}
	KT_EQ(next, L4_TASK_CAP_LIST_END);
	unsigned valid = 0;
	for (unsigned long s = 0; s < RANGE; s++)
		valid += kt_valid(TASK, s << L4_CAP_SHIFT) == 1;
	KT_EQ(listed, valid);
}
