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

struct factory;
struct thread;

struct task {
	struct kobj obj;
	struct arch_vspace vspace;
	struct cap_table caps;
	struct thread *threads; /* bound threads, through thread->task_next */
	vaddr_t utcb_area;
	size_t utcb_area_size;
	paddr_t utcb_area_pa;
	unsigned id;
	char name[16];	       /* for messages: the root task's module name */
	struct resume destroy; /* how far its deletion got (task_destroy()) */
};

struct task *task_create(struct factory *payer, vaddr_t utcb_area, unsigned utcb_order);
enum kobj_progress task_destroy(struct task *t);
void *task_utcb_kernel_address(struct task *t, vaddr_t uaddr);
int task_map_new_page(struct task *t, vaddr_t va, unsigned rights, void **kva);
bool task_may_map(uint32_t fpage, vaddr_t dst_base, bool grant);
void task_invoke(struct thread *caller, struct cap *cap);

#endif
