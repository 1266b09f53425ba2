/* task.c - tasks: address space, UTCB area, KIP, capability table; map, unmap, cap_info. */
#include "object/task.h"
#include "object/factory.h"
#include "boot/kip.h"
#include "mem/kmem.h"
#include "space/memory.h"
#include "sched/to_user.h"
#include "string.h"
#include "ipc/syscall.h"
#include "object/thread.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/task.h>

static unsigned next_task_id = 1;

/**
 * task_create() - a task with an empty address space and capability table, kernel
 * memory for its UTCBs mapped at @utcb_area (2^@utcb_order bytes, not over the
 * KIP) and the KIP. Everything is charged to @payer.
 * Return: the task, or NULL when out of memory.
 */
struct task *task_create(struct factory *payer, vaddr_t utcb_area, unsigned utcb_order)
{
	struct task *t = kmem_alloc(payer, sizeof(*t));
	if (!t)
		return NULL;
	kobj_init(&t->obj, KOBJ_TASK, payer, sizeof(*t));
	t->id = next_task_id++;
	memcpy(t->name, "task", 5);
	size_t size = (size_t)1 << utcb_order;
	size_t pages = align_up(size, PAGE_SIZE) / PAGE_SIZE;
	if (arch_vspace_init(&t->vspace, payer) != 0)
		goto fail;
	if (kmem_pages_alloc(payer, pages, 1, &t->utcb_area_pa) != 0)
		goto fail;
	t->utcb_area = utcb_area;
	t->utcb_area_size = size;
	for (size_t i = 0; i < pages; i++) {
		if (arch_vspace_map_page(&t->vspace,
					 align_down(utcb_area, PAGE_SIZE) + i * PAGE_SIZE,
					 t->utcb_area_pa + i * PAGE_SIZE, L4_FPAGE_RW, payer) != 0)
			goto fail;
	}
	if (kip_map(t) != 0)
		goto fail;
	return t;
fail:
	/* Not yet visible anywhere: delete it through the normal path. */
	kobj_delete(&t->obj);
	return NULL;
}

/**
 * task_destroy() - deleting a task deletes its threads and frees its capability
 * table, page tables and UTCB area.
 */
void task_destroy(struct task *t)
{
	for (struct thread *th = t->threads; th; th = th->task_next)
		kobj_delete(&th->obj);
	cap_table_destroy(t);
	memory_task_gone(t);
	to_user_forget_space(t);
	if (arch_vspace_valid(&t->vspace))
		arch_vspace_destroy(&t->vspace, t->obj.payer);
	if (t->utcb_area_size)
		kmem_pages_free(t->obj.payer, t->utcb_area_pa,
				align_up(t->utcb_area_size, PAGE_SIZE) / PAGE_SIZE);
	t->utcb_area_size = 0;
}

/**
 * task_utcb_kernel_address() - the kernel address of the UTCB at @uaddr, or NULL
 * if it is not a 512-byte aligned slot of the task's UTCB area.
 */
void *task_utcb_kernel_address(struct task *t, vaddr_t uaddr)
{
	if (uaddr < t->utcb_area || uaddr - t->utcb_area >= t->utcb_area_size ||
	    (uaddr & (L4_UTCB_OFFSET - 1)))
		return NULL;
	return (char *)arch_phys_to_virt(t->utcb_area_pa) + (uaddr - t->utcb_area);
}

/**
 * task_map_new_page() - back a user page with a fresh zeroed frame (boot only:
 * the root task's program image).
 */
int task_map_new_page(struct task *t, vaddr_t va, unsigned rights, void **kva)
{
	paddr_t pa;
	if (kmem_pages_alloc(NULL, 1, 1, &pa) != 0)
		return -1;
	if (arch_vspace_map_page(&t->vspace, va, pa, rights, t->obj.payer) != 0) {
		kmem_pages_free(NULL, pa, 1);
		return -1;
	}
	if (kva)
		*kva = arch_phys_to_virt(pa);
	return 0;
}

/**
 * task_may_map() - may memory flexpage @fpage be mapped (or with @grant, moved) to
 * @dst_base? Not onto the KIP, and the KIP is never granted away: every task keeps
 * it where the ABI says. Mapping it on (read-only) elsewhere is fine.
 */
bool task_may_map(uint32_t fpage, vaddr_t dst_base, bool grant)
{
	l4_fpage_t fp = {fpage};
	unsigned order = l4_fpage_size(fp);
	if (order < PAGE_SHIFT || order > 31)
		return true; /* memory_map_fpage() rejects it */
	size_t size = (size_t)1 << order;
	if (kip_overlaps(dst_base & ~(size - 1), size))
		return false;
	return !grant || !kip_overlaps(l4_fpage_memaddr(fp) & ~(size - 1), size);
}

/*
 * Unmap the memory flexpage [base, base + 2^order) but for the KIP's page: halves
 * that contain it are split until only the KIP's page is left out.
 */
static long unmap_memory(struct task *t, vaddr_t base, unsigned order, unsigned rights, bool self)
{
	size_t size = (size_t)1 << order;
	if (!self || !kip_overlaps(base, size))
		return memory_unmap_fpage(t, l4_fpage(base, order, rights).raw, self);
	if (order == PAGE_SHIFT)
		return 0;
	long a = unmap_memory(t, base, order - 1, rights, self);
	long b = unmap_memory(t, base + size / 2, order - 1, rights, self);
	return a ? a : b;
}

static long map_objects(struct task *src, struct task *dst, l4_fpage_t fp, l4_umword_t base)
{
	unsigned order = l4_fpage_size(fp);
	if (order > 16)
		return -L4_EINVAL;
	unsigned long n = 1ul << order;
	unsigned long from = (l4_fpage_obj(fp) >> L4_CAP_SHIFT) & ~(n - 1);
	unsigned long to = (base >> L4_CAP_SHIFT) & ~(n - 1);
	uint32_t rights = (l4_fpage_rights(fp) & CAP_RIGHTS_BASIC) | (base & CAP_RIGHTS_OBJ);
	bool grant = base & L4_MAP_ITEM_GRANT;
	if (to + n > CAP_SLOTS_MAX)
		return -L4_ERANGE;
	for (unsigned long i = 0; i < n; i++) {
		long err = cap_map(src, from + i, dst, to + i, rights, grant);
		if (err)
			return err;
	}
	return 0;
}

/* MAP: mr1 send base, mr2 flexpage, item: the source task (in the caller's space),
 * with S: what it gives away are that task's capabilities and memory. */
static long task_map(struct thread *caller, struct task *dst)
{
	if (syscall_words(caller) < 3)
		return -L4_EMSGTOOSHORT;
	struct kobj *o;
	long err = syscall_arg(caller, 0, KOBJ_TASK, CAP_ARG_TASK, &o);
	if (err)
		return err;
	struct task *src = (struct task *)o;
	l4_fpage_t fp = {caller->utcb->mr[2]};
	l4_umword_t base = caller->utcb->mr[1];
	switch (l4_fpage_type(fp)) {
	case L4_FPAGE_OBJ:
		return map_objects(src, dst, fp, base);
	case L4_FPAGE_MEMORY:
		if (!task_may_map(fp.raw, base, base & L4_MAP_ITEM_GRANT))
			return -L4_EINVAL;
		return memory_map_fpage(src, fp.raw, dst, base & L4_FPAGE_CONTROL_MASK,
					base & L4_MAP_ITEM_GRANT);
	case L4_FPAGE_SPECIAL:
		return 0;
	default:
		return -L4_EINVAL;
	}
}

/* Unmap one object capability per the mask (see docs/objects.md). */
static long unmap_object_cap(struct cap *c, uint32_t rights, l4_umword_t mask)
{
	if ((mask & L4_FP_DELETE_OBJ) == L4_FP_DELETE_OBJ) {
		if (!(c->rights & CAP_RIGHT_D))
			return -L4_EPERM;
		kobj_delete(c->obj);
		return 0;
	}
	bool self = mask & L4_FP_ALL_SPACES;
	if (rights & CAP_RIGHT_R) {
		if (self)
			cap_remove(c);
		else
			cap_revoke_children(c);
	} else {
		cap_reduce_rights(c, rights & (CAP_RIGHT_W | CAP_RIGHT_S | CAP_RIGHT_D), !self);
	}
	return 0;
}

static long unmap_fpage(struct task *t, l4_fpage_t fp, l4_umword_t mask)
{
	unsigned order = l4_fpage_size(fp);
	if (l4_fpage_type(fp) == L4_FPAGE_OBJ) {
		if (order > 16)
			return -L4_EINVAL;
		unsigned long n = 1ul << order;
		unsigned long first = (l4_fpage_obj(fp) >> L4_CAP_SHIFT) & ~(n - 1);
		long result = 0;
		for (unsigned long i = first; i < first + n && i < CAP_SLOTS_MAX; i++) {
			struct cap *c = cap_lookup(t, i);
			long err = c ? unmap_object_cap(c, l4_fpage_rights(fp), mask) : 0;
			if (err)
				result = err;
		}
		return result;
	}
	if (l4_fpage_type(fp) == L4_FPAGE_MEMORY) {
		if (order < PAGE_SHIFT || order > 31)
			return memory_unmap_fpage(t, fp.raw, false); /* -L4_EINVAL */
		return unmap_memory(t, l4_fpage_memaddr(fp) & ~(((vaddr_t)1 << order) - 1), order,
				    l4_fpage_rights(fp), (mask & L4_FP_ALL_SPACES) != 0);
	}
	return 0;
}

/* UNMAP: mr1 mask, mr2.. flexpages. */
static long task_unmap(struct thread *caller, struct task *t)
{
	unsigned words = syscall_words(caller);
	if (words < 3)
		return -L4_EMSGTOOSHORT;
	l4_umword_t mask = caller->utcb->mr[1];
	long result = 0;
	for (unsigned i = 2; i < words; i++) {
		l4_fpage_t fp = {caller->utcb->mr[i]};
		long err = unmap_fpage(t, fp, mask);
		if (err)
			result = err;
	}
	return result;
}

/* CAP_INFO: mr1 = cap (bit 0: has-child query) [, mr2 = second cap: equal?]. */
static long task_cap_info(struct thread *caller, struct task *t)
{
	unsigned words = syscall_words(caller);
	l4_umword_t a = caller->utcb->mr[1];
	if (words < 2)
		return -L4_EMSGTOOSHORT;
	struct cap *ca = (a & L4_INVALID_CAP_BIT) ? NULL : cap_lookup(t, a >> L4_CAP_SHIFT);
	if (words >= 3) {
		l4_umword_t b = caller->utcb->mr[2];
		struct cap *cb = (b & L4_INVALID_CAP_BIT) ? NULL : cap_lookup(t, b >> L4_CAP_SHIFT);
		return ca && cb && ca->obj == cb->obj;
	}
	if (a & 1)
		return ca && ca->tree.first_child;
	return ca != NULL;
}

/**
 * task_invoke() - protocol TASK: MAP and UNMAP need W (MAP's source task also S),
 * CAP_INFO needs nothing.
 */
void task_invoke(struct thread *caller, struct cap *cap)
{
	struct task *t = (struct task *)cap->obj;
	long result;
	if (syscall_label(caller) != L4_PROTO_TASK)
		result = -L4_EBADPROTO;
	else if (syscall_words(caller) < 1)
		result = -L4_EMSGTOOSHORT;
	else if (caller->utcb->mr[0] == L4_TASK_CAP_INFO_OP)
		result = task_cap_info(caller, t);
	else if (caller->utcb->mr[0] != L4_TASK_MAP_OP && caller->utcb->mr[0] != L4_TASK_UNMAP_OP)
		result = -L4_ENOSYS;
	else if (!(cap->rights & CAP_RIGHT_W))
		result = -L4_EPERM;
	else if (caller->utcb->mr[0] == L4_TASK_MAP_OP)
		result = task_map(caller, t);
	else
		result = task_unmap(caller, t);
	syscall_reply(caller, result);
}
