/* consts.h - L4Re's runtime constants (l4/re/consts.h). */
#ifndef L4_RE_CONSTS_H
#define L4_RE_CONSTS_H

#include <l4/sys/consts.h>

/* This task's own capability (the loader's and the kernel's slot 1). */
enum {
	L4RE_THIS_TASK_CAP = L4_BASE_TASK_CAP,
};

/*
 * L4Re's default priority of a program's main thread, local to the program's scheduler
 * (the priority it runs at is the scheduler's base plus this). Keel's loader starts the
 * main thread at the priority the system's spec gives (l4re_env()->main_prio) on a
 * scheduler of base 0; this is L4Re's value, for code that starts threads with it.
 */
enum {
	L4RE_MAIN_THREAD_PRIO = 2,
};

#endif
