/* memory.h - user memory: flexpage map/unmap through the mapping database. */
#ifndef KEEL_MEMORY_H
#define KEEL_MEMORY_H

#include "types.h"
#include "sched/preempt.h"

struct task;

void memory_init(void);
long memory_map_fpage(struct task *src, uint32_t fpage, struct task *dst, vaddr_t dst_base,
		      bool grant, struct resume *r);
long memory_unmap_fpage(struct task *t, uint32_t fpage, bool self, struct resume *r);
bool memory_task_gone(struct task *t, struct resume *r);

#endif
