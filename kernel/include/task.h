/* task.h - a task: an address space and a capability table. */
#ifndef KEEL_TASK_H
#define KEEL_TASK_H

#include "arch.h"
#include "kobj.h"

/* Slots up to here exist in every task; the table grows with the object model. */
#define TASK_CAP_SLOTS 16

/* User space: the first page stays unmapped to catch NULL pointers. */
#define USER_SPACE_START 0x00001000u
#define USER_SPACE_END	 ARCH_USER_SPACE_END

struct task {
	struct kobj obj;
	struct arch_vspace vspace;
	struct cap caps[TASK_CAP_SLOTS];
	unsigned id;
	char name[16];
};

int task_init(struct task *t, const char *name);
struct cap *task_cap_lookup(struct task *t, unsigned long slot);
void task_cap_install(struct task *t, unsigned long slot, struct kobj *obj, unsigned rights);
int task_map_new_page(struct task *t, vaddr_t va, unsigned rights, void **kva);

#endif
