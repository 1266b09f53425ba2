/* system.h - a system description: which programs the root task starts, with what, how kept. */
#ifndef ROOTTASK_SYSTEM_H
#define ROOTTASK_SYSTEM_H

#include <l4/sys/types.h>
#include <stdbool.h>

/*
 * A system is a table of components, each a boot module the root task runs as a
 * program. The table is data only: roottask/supervisor.c starts the components in
 * table order and keeps them running as it says; it knows no component by name.
 * Components refer to each other by name (struct system_component.name), and only
 * to components earlier in the table (started before them).
 *
 * A component that serves others (such as the console) gets a service gate: an IPC
 * gate the root task creates for it before it starts, whose server end it receives
 * as a named capability (SYSTEM_CAP_SERVICE). The root task opens sessions through
 * that gate for the component's clients (struct system_log), and opens them anew
 * when the server has been restarted.
 */

/* What a named capability of a component refers to. */
enum system_cap_kind {
	SYSTEM_CAP_ICU,		     /* the kernel's interrupt controller (the root's ICU) */
	SYSTEM_CAP_SERVICE,	     /* the server end of the component's own service gate */
	SYSTEM_CAP_CLIENT,	     /* the client end of an earlier component's service gate
					(struct system_cap.server): to call that server */
	SYSTEM_CAP_CONSOLE_UART,     /* the console UART's registers, an MMIO dataspace
					(device_caps.h: found in the device tree) */
	SYSTEM_CAP_CONSOLE_UART_IRQ, /* an IRQ the root task has bound to its interrupt */
	SYSTEM_CAP_OBJECT,	     /* an object the root task made (struct system_cap.cap),
					such as one a capDL spec declares */
	SYSTEM_CAP_TASK_OF,	     /* the task of an earlier component (.server) */
	SYSTEM_CAP_THREAD_OF,	     /* its main thread */
	SYSTEM_CAP_FACTORY_OF,	     /* its factory */
};

/* A capability a component gets under a name (l4re_env_get_cap()). */
struct system_cap {
	const char *name;	   /* up to 16 characters */
	enum system_cap_kind kind; /* what it is */
	unsigned rights;    /* L4_CAP_FPAGE_* the component gets, | L4_FPAGE_C_* object rights
			       (such as L4_FPAGE_C_IPCGATE_SVR for a service gate; never for
			       SYSTEM_CAP_CLIENT: a client must not serve the gate);
			       | LOADER_CAP_ROM: a boot module's memory, a file of its rom/ */
	const char *server; /* SYSTEM_CAP_CLIENT: the component whose gate it is;
			       SYSTEM_CAP_*_OF: the component whose object it is */
	l4_cap_idx_t cap;   /* SYSTEM_CAP_OBJECT: the object, in the root task */
	unsigned slot;	    /* the component's slot for it (loader.h); 0: the next */
	l4_addr_t attach;   /* a dataspace its region mapper attaches here before main()
			       (struct loader_attach); 0: none */
	unsigned long attach_size; /* with attach: bytes */
};

/*
 * Where a component's log goes: its L4_BASE_LOG_CAP, which the C library writes
 * stdout to.
 */
struct system_log {
	const char *server; /* NULL: the kernel log; else the name of an earlier component
			       with a service gate, of which the log is a session
			       (L4_PROTO_LOG), opened before the component starts */
	const char *tag;    /* the session's tag (the console prefixes each line with
			       "[tag] "); NULL: the component's name */
	l4_cap_idx_t gate;  /* with server NULL: a gate (in the root task) to open the
			       session through, served by a component that holds it
			       with the server right; 0: none */
};

/* One program of the system: how it is started, what it gets, how it is kept. */
struct system_component {
	const char *name;	  /* how other components name it (unique in the table) */
	const char *module;	  /* the boot module it runs; NULL: the one called @name */
	const char *const *argv;  /* arguments after argv[0] (the module), NULL-ended; or NULL */
	unsigned prio;		  /* of its main thread */
	unsigned prio_max;	  /* the highest priority any of its threads may run at (the
				     limit of its scheduler); 0: prio. Keep it below the
				     priorities of the servers it must not starve (the root
				     task's 100, the console's 150) */
	unsigned long kmem_limit; /* bytes of kernel memory its factory may use */
	unsigned long mem_limit;  /* bytes of RAM its memory allocator grants; 0: none */
	unsigned long page_limit; /* pages the loader's pager gives it; 0: the default */
	bool devices;		  /* its allocator hands out MMIO dataspaces of devices */
	bool no_rm;		  /* it runs no region mapper: the root task pages it */
	bool eager_map;		  /* the loader maps its image before it starts */
	const struct system_cap *caps; /* its named capabilities (up to LOADER_MAX_CAPS) */
	unsigned cap_count;
	struct system_log log;
	const char *banner;    /* printed as "roottask: <banner>" once it has started; or NULL */
	unsigned max_restarts; /* when it ends: 0: it is reported and removed; else it is
				  started again, up to this many times, then removed */
};

#endif
