/* scheduler.h - scheduler objects: run_thread within a priority range, info, idle time. */
#ifndef KEEL_SCHEDULER_H
#define KEEL_SCHEDULER_H

#include "space/cap.h"
#include <l4/sys/l4int.h>

struct thread;
struct factory;

/*
 * A scheduler starts threads at priorities base + p, never above limit (L4Re's
 * scheduler proxy: prio_offset, prio_limit). The kernel's scheduler has [0, 255];
 * a factory makes others with a range inside that of a scheduler one holds.
 */
struct scheduler {
	struct kobj obj;
	unsigned base;
	unsigned limit;
};

extern struct scheduler kernel_scheduler;

long scheduler_create(struct factory *payer, struct kobj *parent, l4_umword_t limit,
		      l4_umword_t base, struct kobj **out);
void scheduler_invoke(struct thread *caller, struct cap *cap);

#endif
