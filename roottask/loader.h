/* loader.h - the root task's program loader: ELF boot modules as tasks, paged by the root. */
#ifndef ROOTTASK_LOADER_H
#define ROOTTASK_LOADER_H

#include <l4/sys/types.h>

#define LOADER_MAX_PROGRAMS 16

struct loader_program;

/* Start the pager thread and find the boot modules. Return: 0 or a negative error. */
int loader_init(void);
/*
 * Start boot module @name as a new task with a thread at @prio. Its memory is paged
 * by the root task from the module (read-only segments in place, writable ones
 * copied, bss zeroed); it gets its task, thread, a factory with @kmem_limit bytes,
 * the log, the scheduler, and a parent capability. A module that is not a valid
 * ELF program is rejected: *why says why.
 * Return: the program, or NULL.
 */
struct loader_program *loader_start(const char *name, unsigned prio, unsigned long kmem_limit,
				    const char **why);
/* Wait for @p's exit message; its status in *status. Return: 0 or an IPC error. */
long loader_wait(struct loader_program *p, int *status, l4_timeout_t timeout);
/* Delete the program's task (and so its threads); its slot can be reused. */
void loader_kill(struct loader_program *p);
/* How many page faults the pager has resolved so far. */
unsigned loader_faults_served(void);

#endif
