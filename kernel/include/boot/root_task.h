/* root_task.h - building the first task from its boot module. */
#ifndef KEEL_ROOT_TASK_H
#define KEEL_ROOT_TASK_H

#include "boot/bootmod.h"

/* The root task's UTCB area (below it: the boot-info page, l4/keel/bootinfo.h) (64 KiB, 128 UTCBs);
 * its first thread uses the first. */
#define ROOT_TASK_UTCB_AREA  0xbff00000u
#define ROOT_TASK_UTCB_ORDER 16

struct dt;

int root_task_start(const struct bootmod *mod, paddr_t ram_base, size_t ram_size,
		    const struct dt *dt);

#endif
