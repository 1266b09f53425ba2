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

struct factory;
struct thread;

struct task {
	struct kobj obj;
	struct arch_vspace vspace;
	struct cap_table caps;
	struct thread *threads; /* bound threads, through thread->task_next */
	vaddr_t utcb_area;
	size_t utcb_area_size;
	/* The UTCB area's pages, allocated on first use (0: not yet; task_utcb_page()). */
	paddr_t utcb_pages[UTCB_AREA_MAX_PAGES];
	unsigned id;
	struct resume destroy; /* how far its deletion got (task_destroy()) */
};

/* The pages of @t's UTCB area: from its first (the area may start inside a page,
 * order 9-11) to the end of its last. */
static inline vaddr_t task_utcb_pages_start(const struct task *t)
{
	return align_down(t->utcb_area, PAGE_SIZE);
}

static inline vaddr_t task_utcb_pages_end(const struct task *t)
{
	return task_utcb_pages_start(t) + align_up(t->utcb_area_size, PAGE_SIZE);
}

/**
 * task_in_utcb_area() - is @va in a page of @t's UTCB area? Those pages are kernel
 * memory: never mapped over, handed on or unmapped by the task.
 */
static inline bool task_in_utcb_area(const struct task *t, vaddr_t va)
{
	return t->utcb_area_size && va >= task_utcb_pages_start(t) && va < task_utcb_pages_end(t);
}

struct task *task_create(struct factory *payer, vaddr_t utcb_area, unsigned utcb_order);
enum kobj_progress task_destroy(struct task *t);
void *task_utcb_kernel_address(struct task *t, vaddr_t uaddr);
bool task_utcb_fault(struct task *t, vaddr_t va);
long task_utcb_slot(struct task *t, vaddr_t uaddr, void **utcb);
int task_map_new_page(struct task *t, vaddr_t va, unsigned rights, void **kva);
bool task_may_map(uint32_t fpage, vaddr_t dst_base, bool grant);
void task_invoke(struct thread *caller, struct cap *cap);

#endif
