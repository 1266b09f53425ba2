/* task.h - a task: an address space, a capability table, its threads and UTCB area. */
#ifndef KEEL_TASK_H
#define KEEL_TASK_H

#include "arch.h"
#include "space/cap.h"
#include "sched/preempt.h"

/* User space: the first page stays unmapped to catch NULL pointers. */
#define USER_SPACE_START 0x00001000u
#define USER_SPACE_END	 ARCH_USER_SPACE_END

/* UTCB areas: 2^9 (one UTCB) to 2^16 bytes (128 UTCBs). */
#define UTCB_AREA_MIN_ORDER 9
#define UTCB_AREA_MAX_ORDER 16
#define UTCB_AREA_MAX_PAGES ((1u << UTCB_AREA_MAX_ORDER) / PAGE_SIZE)

/* Kernel-user memory areas a task may have: the UTCB area given at its creation and
 * up to three more added later (task ADD_KU_MEM, l4_task_add_ku_mem()). */
#define TASK_KU_AREAS 4

struct factory;
struct thread;

/* An area of kernel-user memory: UTCBs the task's threads bind to. Its pages are the
 * kernel's, allocated on first use (0: not yet; task_utcb_page()). */
struct ku_area {
	vaddr_t base;
	size_t size; /* 0: unused */
	paddr_t pages[UTCB_AREA_MAX_PAGES];
};

struct task {
	struct kobj obj;
	struct arch_vspace vspace;
	struct cap_table caps;
	struct thread *threads; /* bound threads, through thread->task_next */
	struct ku_area ku[TASK_KU_AREAS];
	/* Every area's pages lie in [ku_lo, ku_hi): most addresses are told apart from
	 * kernel-user memory by two comparisons, on the map and fault paths. */
	vaddr_t ku_lo, ku_hi;
	unsigned id;
	struct resume destroy; /* how far its deletion got (task_destroy()) */
};

/* The pages of an area: from its first (the area may start inside a page, order
 * 9-11) to the end of its last. */
static inline vaddr_t ku_area_pages_start(const struct ku_area *a)
{
	return align_down(a->base, PAGE_SIZE);
}

static inline vaddr_t ku_area_pages_end(const struct ku_area *a)
{
	return ku_area_pages_start(a) + align_up(a->size, PAGE_SIZE);
}

/**
 * task_ku_area_of() - the kernel-user memory area of @t with a page holding @va, or
 * NULL. Those pages are kernel memory: never mapped over, handed on or unmapped by
 * the task.
 */
static inline struct ku_area *task_ku_area_of(struct task *t, vaddr_t va)
{
	if (va < t->ku_lo || va >= t->ku_hi)
		return NULL;
	for (unsigned i = 0; i < TASK_KU_AREAS; i++) {
		struct ku_area *a = &t->ku[i];
		if (a->size && va >= ku_area_pages_start(a) && va < ku_area_pages_end(a))
			return a;
	}
	return NULL;
}

static inline bool task_in_utcb_area(struct task *t, vaddr_t va)
{
	return task_ku_area_of(t, va) != NULL;
}

/**
 * task_ku_overlaps() - does [va, va + size) touch a page of @t's kernel-user memory?
 */
static inline bool task_ku_overlaps(const struct task *t, vaddr_t va, size_t size)
{
	if (va >= t->ku_hi || (t->ku_lo > va && t->ku_lo - va >= size))
		return false;
	for (unsigned i = 0; i < TASK_KU_AREAS; i++) {
		const struct ku_area *a = &t->ku[i];
		vaddr_t start = ku_area_pages_start(a);
		if (a->size && va < ku_area_pages_end(a) && (start <= va || start - va < size))
			return true;
	}
	return false;
}

struct task *task_create(struct factory *payer, vaddr_t utcb_area, unsigned utcb_order);
enum kobj_progress task_destroy(struct task *t);
void *task_utcb_kernel_address(struct task *t, vaddr_t uaddr);
bool task_utcb_fault(struct task *t, vaddr_t va);
long task_utcb_slot(struct task *t, vaddr_t uaddr, void **utcb);
bool task_ku_fpage_ok(vaddr_t base, unsigned order);
int task_map_new_page(struct task *t, vaddr_t va, unsigned rights, void **kva);
bool task_may_map(uint32_t fpage, vaddr_t dst_base, bool grant);
void task_invoke(struct thread *caller, struct cap *cap);

#endif
