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
#include "sched/preempt.h"
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/abi/task.h>

static unsigned next_task_id = 1;

/**
 * task_create() - a task with an empty address space and capability table, a UTCB
 * area at @utcb_area (2^@utcb_order bytes, not over the KIP) and the KIP. The UTCB
 * area's pages come with their first use (task_utcb_page()), so that a task costs
 * what it holds. Everything is charged to @payer.
 * Return: the task, or NULL when out of memory.
 */
struct task *task_create(struct factory *payer, vaddr_t utcb_area, unsigned utcb_order)
{
	struct task *t = kmem_alloc(payer, sizeof(*t));
	if (!t)
		return NULL;
	kobj_init(&t->obj, KOBJ_TASK, payer, sizeof(*t));
	t->id = next_task_id++;
	memcpy(t->obj.name, "task", 5);
	t->ku[0].base = utcb_area;
	t->ku[0].size = (size_t)1 << utcb_order;
	t->ku_lo = ku_area_pages_start(&t->ku[0]);
	t->ku_hi = ku_area_pages_end(&t->ku[0]);
	if (arch_vspace_init(&t->vspace, payer) != 0 || kip_map(t) != 0) {
		/* Not yet visible anywhere: delete it through the normal path. */
		kobj_delete(&t->obj);
		return NULL;
	}
	return t;
}

/**
 * task_ku_fpage_ok() - may 2^@order bytes at @base be kernel-user memory (a UTCB
 * area, given at creation or added)? Order 9-16, aligned, in user space, not at 0,
 * not over the KIP.
 */
bool task_ku_fpage_ok(vaddr_t base, unsigned order)
{
	return order >= UTCB_AREA_MIN_ORDER && order <= UTCB_AREA_MAX_ORDER &&
	       !(base & ((1ul << order) - 1)) && base != 0 && base < USER_SPACE_END &&
	       (1ul << order) <= USER_SPACE_END - base && !kip_overlaps(base, 1ul << order);
}

/* Where the frame of the page of area @a holding @va (in the area) is kept. */
static paddr_t *ku_page_of(struct ku_area *a, vaddr_t va)
{
	return &a->pages[(align_down(va, PAGE_SIZE) - ku_area_pages_start(a)) >> PAGE_SHIFT];
}

/**
 * task_utcb_page() - the kernel address of the page of @t's area @a that holds @va;
 * a page not used yet is allocated (zeroed, charged to the task's payer) and mapped
 * read-write into the task. Called when a thread is bound to a UTCB there and when
 * the task touches the page first.
 * Return: that page, or NULL if out of memory (or the task is being deleted).
 */
static void *task_utcb_page(struct task *t, struct ku_area *a, vaddr_t va)
{
	if (t->obj.deleted)
		return NULL;
	vaddr_t page = align_down(va, PAGE_SIZE);
	paddr_t *pa = ku_page_of(a, va);
	if (*pa)
		return arch_phys_to_virt(*pa);
	paddr_t fresh;
	if (kmem_pages_alloc(t->obj.payer, 1, 1, &fresh) != 0)
		return NULL;
	if (arch_vspace_map_page(&t->vspace, page, fresh, L4_FPAGE_RW, t->obj.payer) != 0) {
		kmem_pages_free(t->obj.payer, fresh, 1);
		return NULL;
	}
	*pa = fresh;
	return arch_phys_to_virt(fresh);
}

/**
 * task_destroy() - deleting a task deletes its threads and frees its capability
 * table, page tables and UTCB area, in phases (t->destroy.phase) that may each stop
 * at a preemption point: its threads are queued for deletion (and stopped at once),
 * and the task waits behind them in the deletion queue, so that no thread of it is
 * left in an IPC when its memory goes; then its capabilities, then its memory.
 * Return: KOBJ_DONE, KOBJ_AGAIN (stopped: call again) or KOBJ_LATER (call again once
 * the objects queued now are deleted).
 */
enum kobj_progress task_destroy(struct task *t)
{
	struct resume *r = &t->destroy;
	if (r->phase == 0) {
		while (t->threads) {
			struct thread *th = t->threads;
			thread_unlist(th);
			kobj_delete(&th->obj);
			if (preempt_point(COST_THREAD))
				return KOBJ_AGAIN;
		}
		r->phase = 1;
		return KOBJ_LATER;
	}
	if (r->phase == 1) {
		if (!cap_table_destroy(t, r))
			return KOBJ_AGAIN;
		*r = (struct resume){.phase = 2};
	}
	if (!memory_task_gone(t, r))
		return KOBJ_AGAIN;
	to_user_forget_space(t);
	if (arch_vspace_valid(&t->vspace))
		arch_vspace_destroy(&t->vspace, t->obj.payer);
	for (unsigned k = 0; k < TASK_KU_AREAS; k++) {
		struct ku_area *a = &t->ku[k];
		if (!a->size)
			continue;
		size_t pages = (ku_area_pages_end(a) - ku_area_pages_start(a)) >> PAGE_SHIFT;
		for (size_t i = 0; i < pages; i++)
			if (a->pages[i])
				kmem_pages_free(t->obj.payer, a->pages[i], 1);
		a->size = 0;
	}
	t->ku_lo = t->ku_hi = 0;
	return KOBJ_DONE;
}

/**
 * task_utcb_fault() - @t touched @va: if it is a page of its UTCB area not used
 * before, the page comes now. Return: true if the access can be retried.
 */
bool task_utcb_fault(struct task *t, vaddr_t va)
{
	struct ku_area *a = task_ku_area_of(t, va);
	if (!a || *ku_page_of(a, va))
		return false;
	return task_utcb_page(t, a, va) != NULL;
}

/* The area of @t whose 512-byte aligned UTCB slot @uaddr is, or NULL. */
static struct ku_area *utcb_slot(struct task *t, vaddr_t uaddr)
{
	if (uaddr & (L4_UTCB_OFFSET - 1))
		return NULL;
	for (unsigned i = 0; i < TASK_KU_AREAS; i++) {
		struct ku_area *a = &t->ku[i];
		if (a->size && uaddr >= a->base && uaddr - a->base < a->size)
			return a;
	}
	return NULL;
}

/**
 * task_utcb_kernel_address() - the kernel address of the UTCB at @uaddr, or NULL
 * if it is not a slot of the task's UTCB areas or its page is not there yet.
 */
void *task_utcb_kernel_address(struct task *t, vaddr_t uaddr)
{
	struct ku_area *a = utcb_slot(t, uaddr);
	if (!a)
		return NULL;
	paddr_t pa = *ku_page_of(a, uaddr);
	return pa ? (char *)arch_phys_to_virt(pa) + (uaddr & (PAGE_SIZE - 1)) : NULL;
}

/**
 * task_utcb_slot() - the kernel address of the UTCB at @uaddr for a thread to be
 * bound to: its page is allocated if need be (task_utcb_page()).
 * Return: 0, -L4_EINVAL if @uaddr is not a slot of the area, -L4_ENOMEM.
 */
long task_utcb_slot(struct task *t, vaddr_t uaddr, void **utcb)
{
	struct ku_area *a = utcb_slot(t, uaddr);
	if (!a)
		return -L4_EINVAL;
	char *page = task_utcb_page(t, a, uaddr);
	if (!page)
		return -L4_ENOMEM;
	*utcb = page + (uaddr & (PAGE_SIZE - 1));
	return 0;
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

/* A long operation of @caller's call stopped (@result PREEMPTED): the call runs again. */
static long restart_if_preempted(struct thread *caller, long result)
{
	if (result == PREEMPTED)
		syscall_restart(caller);
	return result;
}

/* Map (or grant) the object flexpage @fp of @src to @dst at @base, going on from
 * r->next (slots done). Return: 0, an error, or PREEMPTED. */
static long map_objects(struct task *src, struct task *dst, l4_fpage_t fp, l4_umword_t base,
			struct resume *r)
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
	for (unsigned long i = r->next; i < n;
	     i = cap_next_slot(src, from + i + 1, from + n) - from) {
		long err = cap_map(src, from + i, dst, to + i, rights, grant);
		if (err)
			return err;
		if (preempt_point(COST_CAP)) {
			r->next = i + 1;
			return PREEMPTED;
		}
	}
	return 0;
}

/* MAP: mr1 send base, mr2 flexpage, item: the source task (in the caller's space),
 * with S: what it gives away are that task's capabilities and memory. A large
 * flexpage may stop at a preemption point and go on when the call runs again. */
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
	struct syscall_restart *rs = syscall_resume(caller);
	if (rs->item != 2 || rs->fpage != fp.raw) {
		resume_clear(&rs->at);
		rs->item = 2;
		rs->fpage = fp.raw;
	}
	switch (l4_fpage_type(fp)) {
	case L4_FPAGE_OBJ:
		return restart_if_preempted(caller, map_objects(src, dst, fp, base, &rs->at));
	case L4_FPAGE_MEMORY:
		if (!task_may_map(fp.raw, base, base & L4_MAP_ITEM_GRANT))
			return -L4_EINVAL;
		return restart_if_preempted(
		    caller, memory_map_fpage(src, fp.raw, dst, base & L4_FPAGE_CONTROL_MASK,
					     base & L4_MAP_ITEM_GRANT, &rs->at));
	case L4_FPAGE_SPECIAL:
		return 0;
	default:
		return -L4_EINVAL;
	}
}

/* Unmap one object capability per the mask (see docs/objects.md).
 * Return: 0, an error, or PREEMPTED (a revocation or rights walk to go on with). */
static long unmap_object_cap(struct cap *c, uint32_t rights, l4_umword_t mask, struct resume *r)
{
	if ((mask & L4_FP_DELETE_OBJ) == L4_FP_DELETE_OBJ) {
		if (!(c->rights & CAP_RIGHT_D))
			return -L4_EPERM;
		kobj_delete(c->obj);
		return 0;
	}
	bool self = mask & L4_FP_ALL_SPACES;
	if (!(rights & CAP_RIGHT_R))
		return cap_reduce_rights(c, rights & (CAP_RIGHT_W | CAP_RIGHT_S | CAP_RIGHT_D),
					 !self, &r->walk);
	if (self)
		cap_remove(c);
	else if (!cap_revoke_children(c))
		return PREEMPTED;
	return 0;
}

/* Unmap the object flexpage @fp of @t, going on from slot r->next of it. Errors of
 * single capabilities go to r->error. Return: 0, an error, or PREEMPTED. */
static long unmap_objects(struct task *t, l4_fpage_t fp, l4_umword_t mask, struct resume *r)
{
	unsigned order = l4_fpage_size(fp);
	if (order > 16)
		return -L4_EINVAL;
	unsigned long n = 1ul << order;
	unsigned long first = (l4_fpage_obj(fp) >> L4_CAP_SHIFT) & ~(n - 1);
	for (unsigned long i = r->next; i < n && first + i < CAP_SLOTS_MAX;) {
		struct cap *c = cap_lookup(t, first + i);
		long err = c ? unmap_object_cap(c, l4_fpage_rights(fp), mask, r) : 0;
		r->next = i;
		if (err == PREEMPTED)
			return PREEMPTED;
		if (err)
			r->error = err;
		r->walk = 0;
		/* Skipping empty table pages is work too: 61 flexpages over empty
		 * tables kept interrupts off for 47,000 instructions uncounted. */
		unsigned long next = cap_next_slot(t, first + i + 1, first + n) - first;
		unsigned skipped = (unsigned)((next - i) / CAP_SLOTS_PER_PAGE);
		if (preempt_point((c ? COST_CAP : COST_SLOT) + skipped * COST_SLOT)) {
			r->next = next;
			return PREEMPTED;
		}
		i = next;
	}
	return 0;
}

static long unmap_fpage(struct task *t, l4_fpage_t fp, l4_umword_t mask, struct resume *r)
{
	if (l4_fpage_type(fp) == L4_FPAGE_OBJ)
		return unmap_objects(t, fp, mask, r);
	if (l4_fpage_type(fp) == L4_FPAGE_MEMORY)
		return memory_unmap_fpage(t, fp.raw, (mask & L4_FP_ALL_SPACES) != 0, r);
	return 0;
}

/* UNMAP: mr1 mask, mr2.. flexpages. It may stop at a preemption point: it then runs
 * again and goes on with the flexpage it was at; the error it reports is the last one
 * of any flexpage (or capability). */
static long task_unmap(struct thread *caller, struct task *t)
{
	unsigned words = syscall_words(caller);
	if (words < 3)
		return -L4_EMSGTOOSHORT;
	l4_umword_t mask = caller->utcb->mr[1];
	struct syscall_restart *rs = syscall_resume(caller);
	unsigned first = rs->item > 2 ? rs->item : 2;
	for (unsigned i = first; i < words; i++) {
		uint32_t fpage = caller->utcb->mr[i];
		if (i != rs->item || fpage != rs->fpage) {
			long error = rs->at.error;
			rs->ip = 0;
			rs->capword = 0;
			rs->item = i;
			rs->fpage = fpage;
			resume_clear(&rs->at);
			rs->at.error = error;
		}
		/* 61 flexpages of a page each: their work adds up; a preemption point
		 * that stopped in the last one stops here. */
		if (i > first && preempt_pending())
			return restart_if_preempted(caller, PREEMPTED);
		long err = unmap_fpage(t, (l4_fpage_t){fpage}, mask, &rs->at);
		if (err == PREEMPTED)
			return restart_if_preempted(caller, err);
		if (err)
			rs->at.error = err;
	}
	return rs->at.error;
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

_Static_assert(L4_TASK_CAP_LIST_END == CAP_SLOTS_MAX, "CAP_LIST ends past the last slot");
_Static_assert(1 + L4_TASK_CAP_LIST_MAX * L4_TASK_CAP_LIST_WORDS <= L4_UTCB_GENERIC_DATA_SIZE,
	       "a CAP_LIST reply fits the message registers");

/* Slots CAP_LIST looks at in one call: its time is bounded without a preemption
 * point (one table page each at most, or one directory entry per empty page). */
#define CAP_LIST_SLOTS 256u

/*
 * CAP_LIST: the occupied slots of @t from mr1 on (docs/abi.md). It writes at most
 * L4_TASK_CAP_LIST_MAX entries and looks at at most CAP_LIST_SLOTS slots, then says
 * where to go on. Return: the number of entries, or -L4_EMSGTOOSHORT.
 */
static long task_cap_list(struct thread *caller, struct task *t)
{
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	l4_umword_t *mr = caller->utcb->mr;
	unsigned long slot = mr[1] < CAP_SLOTS_MAX ? mr[1] : CAP_SLOTS_MAX;
	unsigned long limit =
	    slot + CAP_LIST_SLOTS < CAP_SLOTS_MAX ? slot + CAP_LIST_SLOTS : CAP_SLOTS_MAX;
	unsigned n = 0;
	for (slot = cap_next_slot(t, slot, limit); slot < limit && n < L4_TASK_CAP_LIST_MAX;
	     slot = cap_next_slot(t, slot + 1, limit)) {
		struct cap *c = cap_lookup(t, slot);
		if (!c)
			continue;
		l4_umword_t *e = &mr[1 + n * L4_TASK_CAP_LIST_WORDS];
		e[0] = slot;
		e[1] = c->obj->id;
		e[2] = (l4_umword_t)c->obj->type << 8 | (c->rights & CAP_RIGHTS_ALL);
		n++;
	}
	mr[0] = slot < CAP_SLOTS_MAX ? slot : CAP_SLOTS_MAX;
	syscall_reply_words(caller, (long)n, 1 + n * L4_TASK_CAP_LIST_WORDS);
	return (long)n;
}

/*
 * ADD_KU_MEM: the memory flexpage in mr1 (as a UTCB area at creation: order 9-16,
 * aligned, in user space, not over the KIP) becomes one more UTCB area of @t, whose
 * threads may bind to UTCBs there (L4Re's kernel-user memory). None of its pages may
 * be mapped in @t or belong to another area. Its pages come with their first use,
 * charged to @t's payer, as the first area's do; they go with the task.
 * Return: 0, -L4_EINVAL (a bad flexpage), -L4_EEXIST (something is there already),
 * -L4_ENOMEM (the task has TASK_KU_AREAS areas already).
 */
static long task_add_ku_mem(struct thread *caller, struct task *t)
{
	if (syscall_words(caller) < 2)
		return -L4_EMSGTOOSHORT;
	l4_fpage_t fp = {caller->utcb->mr[1]};
	vaddr_t base = l4_fpage_memaddr(fp);
	unsigned order = l4_fpage_size(fp);
	if (l4_fpage_type(fp) != L4_FPAGE_MEMORY || !task_ku_fpage_ok(base, order) ||
	    !arch_vspace_valid(&t->vspace))
		return -L4_EINVAL;
	size_t size = (size_t)1 << order;
	if (task_ku_overlaps(t, base, size))
		return -L4_EEXIST;
	for (vaddr_t va = align_down(base, PAGE_SIZE); va < base + size; va += PAGE_SIZE) {
		paddr_t pa;
		unsigned rights;
		if (arch_vspace_lookup(&t->vspace, va, &pa, &rights) == 0)
			return -L4_EEXIST;
	}
	for (unsigned i = 0; i < TASK_KU_AREAS; i++) {
		struct ku_area *a = &t->ku[i];
		if (!a->size) {
			a->base = base;
			a->size = size;
			if (ku_area_pages_start(a) < t->ku_lo)
				t->ku_lo = ku_area_pages_start(a);
			if (ku_area_pages_end(a) > t->ku_hi)
				t->ku_hi = ku_area_pages_end(a);
			return 0;
		}
	}
	return -L4_ENOMEM;
}

/**
 * task_invoke() - protocol TASK: MAP, UNMAP and ADD_KU_MEM need W (MAP's source task
 * also S), CAP_LIST needs S (it shows everything the task holds), CAP_INFO needs
 * nothing.
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
		result = task_cap_info(caller, t); /* 0 or 1: never PREEMPTED */
	else if (caller->utcb->mr[0] == L4_TASK_KEEL_CAP_LIST_OP && !(cap->rights & CAP_RIGHT_S))
		result = -L4_EPERM;
	else if (caller->utcb->mr[0] == L4_TASK_KEEL_CAP_LIST_OP) {
		if (task_cap_list(caller, t) < 0)
			syscall_reply(caller, -L4_EMSGTOOSHORT);
		return; /* replied with its words */
	} else if (caller->utcb->mr[0] != L4_TASK_MAP_OP &&
		   caller->utcb->mr[0] != L4_TASK_UNMAP_OP &&
		   caller->utcb->mr[0] != L4_TASK_ADD_KU_MEM_OP)
		result = -L4_ENOSYS;
	else if (!(cap->rights & CAP_RIGHT_W))
		result = -L4_EPERM;
	else if (caller->utcb->mr[0] == L4_TASK_ADD_KU_MEM_OP)
		result = task_add_ku_mem(caller, t);
	else if (caller->utcb->mr[0] == L4_TASK_MAP_OP)
		result = task_map(caller, t);
	else
		result = task_unmap(caller, t);
	if (result == PREEMPTED && caller->utcb->mr[0] != L4_TASK_CAP_INFO_OP)
		return; /* it runs again: no reply yet */
	syscall_reply(caller, result);
}
