/* root_task.h - building the first task from its boot module. */
#ifndef KEEL_ROOT_TASK_H
#define KEEL_ROOT_TASK_H

#include "bootmod.h"

/* Where the root task finds its UTCB (TPIDRURW holds it too). */
#define ROOT_TASK_UTCB_ADDR 0xbff00000u

int root_task_start(const struct bootmod *mod);

#endif
