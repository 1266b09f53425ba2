/* root_task.h - building the first task from its boot module. */
#ifndef KEEL_ROOT_TASK_H
#define KEEL_ROOT_TASK_H

#include "boot/bootmod.h"

struct dt;

int root_task_start(const struct bootmod_table *mods, paddr_t ram_base, size_t ram_size,
		    const struct dt *dt);

#endif
