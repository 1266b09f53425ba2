/* loader.h - the root task's program loader: ELF boot modules as tasks, paged by the root. */
#ifndef ROOTTASK_LOADER_H
#define ROOTTASK_LOADER_H

#include <l4/sys/types.h>
#include <stdbool.h>

#define LOADER_MAX_PROGRAMS 16

struct loader_program;
struct memsrv_client;

/* A capability the loader gives a program under a name (l4re_env_get_cap()). */
struct loader_cap {
	const char *name; /* up to 16 characters */
	l4_cap_idx_t cap; /* in the root task */
	unsigned rights;  /* L4_CAP_FPAGE_* the program gets, | L4_FPAGE_C_OBJ_RIGHT* */
};

/* How to start a program. */
struct loader_opts {
	unsigned prio;		  /* of its main thread (and region mapper) */
	unsigned long kmem_limit; /* bytes of kernel memory its factory may use */
	unsigned long mem_limit;  /* bytes its memory allocator grants; 0: none */
	unsigned long page_limit; /* pages the pager gives it; 0: the default */
	bool devices;		  /* its allocator may hand out MMIO dataspaces */
	const char *const *argv;  /* arguments after argv[0] (the module name), NULL-ended */
	const struct loader_cap *caps;
	unsigned cap_count;
};

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
/*
 * Start boot module @name as loader_start() does, with the options @o: its
 * environment page (L4RE_ENV_ADDR) holds argv and the named capabilities; with a
 * memory limit it gets a memory allocator (L4RE_MEM_ALLOC_CAP) and runs its own
 * region mapper as the pager of its threads.
 */
struct loader_program *loader_start_opts(const char *name, const struct loader_opts *o,
					 const char **why);
/* Wait for @p's exit message; its status in *status. Return: 0 or an IPC error. */
long loader_wait(struct loader_program *p, int *status, l4_timeout_t timeout);
/* Delete the program's task (and so its threads) and give back all its memory: the
 * pager's pages and its dataspaces. Its slot can be reused. */
void loader_kill(struct loader_program *p);
/* Pages the pager has given @p so far (its image, bss, stack and environment). */
unsigned long loader_pages_used(const struct loader_program *p);
/* @p's memory-allocator client, or NULL if it has none. */
struct memsrv_client *loader_memory(const struct loader_program *p);
/* How many page faults the pager has resolved so far. */
unsigned loader_faults_served(void);

#endif
