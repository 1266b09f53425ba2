/* loader.h - the root task's program loader: ELF boot modules as tasks, paged by the root. */
#ifndef ROOTTASK_LOADER_H
#define ROOTTASK_LOADER_H

#include <l4/sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LOADER_MAX_PROGRAMS 16
/* What a program's restart keeps of its options (loader_restart()). */
#define LOADER_MAX_CAPS	 8
#define LOADER_MAX_ARGS	 8
#define LOADER_ARGS_SIZE 256
/* The status of a program stopped by a fault (or exception) nobody handled; an exit
 * status is its low 8 bits, as on POSIX. */
#define LOADER_FAULTED 0x100
/* The status of a program whose task was deleted (loader_delete()). */
#define LOADER_DELETED 0x200

struct loader_program;
struct memsrv_client;

/* A capability the loader gives a program under a name (l4re_env_get_cap()). */
struct loader_cap {
	const char *name; /* up to 16 characters */
	l4_cap_idx_t cap; /* in the root task */
	unsigned rights;  /* L4_CAP_FPAGE_* the program gets, | L4_FPAGE_C_OBJ_RIGHT*;
			     | LOADER_CAP_ROM: a boot module's dataspace, the file
			     "rom/NAME" of the program (the bit is not a right) */
	unsigned slot;	  /* the program's slot for it, in [LOADER_NAMED_SLOT,
			     LOADER_FIRST_FREE_SLOT); 0: LOADER_NAMED_SLOT + its index */
};

/* A named capability's rights bit: its environment entry says it is a file of the
 * program's rom/ (L4RE_ENV_CAP_F_ROM). */
#define LOADER_CAP_ROM 0x10000u

/* Where a program's named capabilities go: slots [0x20, 0x100); it allocates its
 * own capabilities above. */
#define LOADER_NAMED_SLOT      0x20u
#define LOADER_FIRST_FREE_SLOT 0x100u

/* A dataspace among a program's named capabilities that its region mapper attaches
 * before main() (l4re_env_t.attach; capDL `at`). */
struct loader_attach {
	unsigned cap;	    /* index of the named capability (a dataspace) */
	l4_addr_t addr;	    /* page aligned, in the program's range, apart from its ELF
			       segments and other attachments */
	unsigned long size; /* bytes, a multiple of the page size */
};

/* How to start a program. */
struct loader_opts {
	unsigned prio;		       /* of its main thread (and region mapper) */
	unsigned prio_max;	       /* the highest priority any of its threads may have
					  (its scheduler's limit); 0: prio */
	unsigned long kmem_limit;      /* bytes of kernel memory its factory may use */
	unsigned long mem_limit;       /* bytes its memory allocator grants; 0: none */
	unsigned long page_limit;      /* pages the pager gives it; 0: the default */
	bool devices;		       /* its allocator may hand out MMIO dataspaces */
	bool no_rm;		       /* no region mapper: the root task pages it directly
					  (its environment's rm is invalid) */
	bool eager_map;		       /* map its whole image (every page of its segments,
					  bss, static heap and stack) and its environment
					  page before it starts: no page faults for them */
	const char *const *argv;       /* arguments after argv[0] (the module name), NULL-ended */
	const struct loader_cap *caps; /* up to LOADER_MAX_CAPS */
	unsigned cap_count;
	const struct loader_attach *attach; /* up to cap_count; needs its region mapper
					       (not no_rm) */
	unsigned attach_count;
	l4_cap_idx_t log; /* what its L4_BASE_LOG_CAP (stdout) is, such as a console
			     session; 0: the kernel log */
};

/* How a program stopped: by a fault (LOADER_FAULTED) at @pc touching @pfa. */
struct loader_fault {
	l4_umword_t pfa, err, pc;
};

/* Start the pager thread and find the boot modules. Return: 0 or a negative error. */
int loader_init(void);
/*
 * Start boot module @name as a new task with a thread at @prio. Its memory is paged
 * by the root task from the module (read-only segments in place, writable ones
 * copied, bss zeroed); it gets its task, thread, a factory with @kmem_limit bytes,
 * the log, a scheduler that runs its threads at priorities up to @prio and no
 * higher, and a parent capability. A module that is not a valid
 * ELF program is rejected: *why says why.
 * Return: the program, or NULL.
 */
struct loader_program *loader_start(const char *name, unsigned prio, unsigned long kmem_limit,
				    const char **why);
/*
 * Start boot module @name as loader_start() does, with the options @o: its
 * environment page (L4RE_ENV_ADDR) holds argv and the named capabilities; with a
 * memory limit it gets a memory allocator (L4RE_MEM_ALLOC_CAP). Unless @o->no_rm, it
 * runs its own region mapper as the pager of its threads (libl4re's start-up does,
 * when the environment names one). Its scheduler (L4_BASE_SCHEDULER_CAP)
 * has the range [0, prio_max]: a priority p asked for is p, at most prio_max. A
 * prio or prio_max above 255, or a prio above prio_max, is refused.
 */
struct loader_program *loader_start_opts(const char *name, const struct loader_opts *o,
					 const char **why);
/*
 * Wait until @p ends: it exits (*status: its exit status & 0xff) or it stops on a
 * fault nobody handled (*status: LOADER_FAULTED; the loader prints what happened).
 * Either way the program stays until loader_kill() or loader_restart().
 * Return: 0 or an IPC error (-(L4_EIPC_LO + L4_IPC_RETIMEOUT) on timeout).
 */
long loader_wait(struct loader_program *p, int *status, l4_timeout_t timeout);
/*
 * Wait until any program ends that has not been reported yet; it in *p, how in
 * *status (as loader_wait()). This is the parent's main loop.
 */
long loader_wait_any(struct loader_program **p, int *status, l4_timeout_t timeout);
/*
 * Start @p again from its boot module with the options it was started with (the
 * same capabilities, log and limits) after deleting it and taking back its memory,
 * as loader_kill() does. Used when a server has crashed or was deleted.
 * Return: 0, or a negative error (*why says what); @p is then gone.
 */
int loader_restart(struct loader_program *p, const char **why);
/* Delete @p's task (and so its threads), as an operator would, keeping its memory
 * and options: the parent is told (status LOADER_DELETED) like of any other end. */
void loader_delete(struct loader_program *p);
/* Make @cap @p's L4_BASE_LOG_CAP from now on (and after restarts): a new console
 * session when the old one's server has gone. Return: 0 or a negative error. */
long loader_set_log(struct loader_program *p, l4_cap_idx_t cap);
/* @p's main thread, in the root task's capability table (for debuggers, and tests
 * that make a program crash from outside). */
l4_cap_idx_t loader_main_thread(const struct loader_program *p);
/* The boot module @p runs. */
const char *loader_name(const struct loader_program *p);
/* How many times @p has been started (1 at first). */
unsigned loader_starts(const struct loader_program *p);
/* Where @p stopped, if its status was LOADER_FAULTED. */
struct loader_fault loader_fault_info(const struct loader_program *p);
/* Delete the program's task (and so its threads) and give back all its memory: the
 * pager's pages and its dataspaces. Its slot can be reused. */
void loader_kill(struct loader_program *p);
/* Pages the pager has given @p so far (its image, bss, stack and environment). */
unsigned long loader_pages_used(const struct loader_program *p);
/* @p's memory-allocator client, or NULL if it has none. */
struct memsrv_client *loader_memory(const struct loader_program *p);
/* Boot module @name's bytes in *@data, *@size. Return: whether there is one. */
bool loader_find_module(const char *name, const uint8_t **data, size_t *size);
/* @p's task, in the root task's capability table. */
l4_cap_idx_t loader_task(const struct loader_program *p);
/* @p's factory, scheduler, pager gate, parent gate, memory allocator (invalid if it
 * has none) and log (0: the kernel log), in the root task's capability table. */
struct loader_objects {
	l4_cap_idx_t factory, sched, pager_gate, parent_gate, mem_alloc, log;
};
struct loader_objects loader_objects(const struct loader_program *p);
/* @p's factory (in the root task). */
l4_cap_idx_t loader_factory(const struct loader_program *p);
/* A parent request other than EXIT from program @p (opcode @op, l4/re/parent.h). */
typedef void loader_request_fn(struct loader_program *p, l4_umword_t op);
/* Let @fn handle such requests while loader_wait*() waits (NULL: ignore them). */
void loader_on_request(loader_request_fn *fn);
/* How many page faults the pager has resolved so far. */
unsigned loader_faults_served(void);

#endif
