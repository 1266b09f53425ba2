/* capdl_format.h - the compiled capDL spec: the binary form `capdl compile` writes and the root
 * task reads. */
#ifndef KEEL_CAPDL_FORMAT_H
#define KEEL_CAPDL_FORMAT_H

#include <stdint.h>

/*
 * One definition, shared by the host tool (capdl/tool/compile.c) and the root task
 * (roottask/capdl_system.c). Everything is little-endian uint32_t, records are
 * fixed-size arrays, names are offsets into one string table of NUL-terminated
 * strings. The root task checks every field before use (an image may carry any
 * bytes): offsets and counts inside the file, indexes inside their arrays, strings
 * terminated inside the table, enums known.
 *
 * Layout: header, then the arrays at the offsets the header gives (each 4-byte
 * aligned), then the string table. A change of layout or meaning bumps
 * CAPDL_FORMAT_VERSION; the root task refuses any other version. A new value of an
 * enum or a new flag (an object type, CAPDL_COMP_EAGER_MAP) is neither: a reader that
 * does not know it refuses the file as it refuses any unknown value.
 */

#define CAPDL_MAGIC	     0x4c44434bu /* "KCDL" */
#define CAPDL_FORMAT_VERSION 2u
#define CAPDL_NONE	     0xffffffffu /* no index / no string */

/* Limits the root task accepts (the checker enforces them too). */
#define CAPDL_MAX_OBJECTS    256
#define CAPDL_MAX_COMPONENTS 16	  /* LOADER_MAX_PROGRAMS */
#define CAPDL_MAX_CAPS	     8	  /* named capabilities per component (LOADER_MAX_CAPS) */
#define CAPDL_MAX_ARGS	     8	  /* arguments after argv[0] (LOADER_MAX_ARGS) */
#define CAPDL_NAME_MAX	     16	  /* characters of a capability's name (l4re_env_get_cap) */
#define CAPDL_MODULE_MAX     52	  /* characters of a boot module's name, with the NUL */
#define CAPDL_FIRST_SLOT     0x20 /* named capabilities go to slots [0x20, 0x100) */
#define CAPDL_LIMIT_SLOT     0x100
/* Where a memory object may be attached in a component (`at ADDR`): above the first
 * 64 KiB, below the environment page (the loader's PROGRAM_LOWEST/HIGHEST_ADDR). */
#define CAPDL_ATTACH_MIN   0x10000u
#define CAPDL_ATTACH_LIMIT 0xbfe00000u

struct capdl_header {
	uint32_t magic;	       /* CAPDL_MAGIC */
	uint32_t version;      /* CAPDL_FORMAT_VERSION */
	uint32_t size;	       /* bytes of the whole file */
	uint32_t name;	       /* string: the system's name */
	uint32_t object_count; /* struct capdl_object[] */
	uint32_t object_off;
	uint32_t component_count; /* struct capdl_component[] */
	uint32_t component_off;
	uint32_t cap_count; /* struct capdl_cap[]: every component's named caps */
	uint32_t cap_off;
	uint32_t partition_count; /* uint32_t[]: string offsets of partition names */
	uint32_t partition_off;
	uint32_t string_off; /* the string table: from here to size */
};

/* Objects declared at the top level of a spec, created by the root task before any
 * component starts, in array order. */
enum capdl_object_type {
	CAPDL_OBJ_GATE = 1,	 /* a: label (low 2 bits clear) */
	CAPDL_OBJ_IRQ = 2,	 /* a: enum capdl_irq_source, b: the line (HW), c: trigger */
	CAPDL_OBJ_MEMORY = 3,	 /* a: enum capdl_memory_kind, b: size in bytes (page multiple),
				    c: physical base (DEVICE), d: string: module (MODULE) */
	CAPDL_OBJ_FACTORY = 4,	 /* a: quota in bytes, b: parent factory object or NONE (root's) */
	CAPDL_OBJ_SCHEDULER = 5, /* a: the highest priority it grants (1..255) */
	CAPDL_OBJ_ICU = 6,	 /* the kernel's ICU (the root task's) */
	CAPDL_OBJ_LOG = 7,	 /* the kernel log */
	CAPDL_OBJ_SEMAPHORE = 8, /* a semaphore (count 0) from the root factory */
	CAPDL_OBJ_DEBUGGER = 9,	 /* the kernel's debugger object (the root task's) */
	CAPDL_OBJ_PFC = 10,	 /* the kernel's platform control (the root task's) */
};

enum capdl_irq_source {
	CAPDL_IRQ_SOFTWARE = 0, /* not bound to a line: triggered by its holders */
	CAPDL_IRQ_LINE = 1,	/* bound to hardware line b through the ICU */
	CAPDL_IRQ_CONSOLE = 2,	/* bound to the console UART's line (from the device tree) */
};

enum capdl_irq_trigger {
	CAPDL_TRIGGER_DEFAULT = 0, /* as the device tree or the ICU says */
	CAPDL_TRIGGER_LEVEL_HIGH = 1,
	CAPDL_TRIGGER_EDGE_RISING = 2,
};

enum capdl_memory_kind {
	CAPDL_MEM_ANON = 1,    /* zeroed RAM, b bytes */
	CAPDL_MEM_DEVICE = 2,  /* device registers at physical c, b bytes */
	CAPDL_MEM_CONSOLE = 3, /* the console UART's registers (from the device tree) */
	CAPDL_MEM_MODULE = 4,  /* a boot module's bytes, copy on write */
};

struct capdl_object {
	uint32_t type; /* enum capdl_object_type */
	uint32_t name; /* string */
	uint32_t a, b, c, d;
};

/* What a capability names: a top-level object, or an object of a component. */
enum capdl_target_kind {
	CAPDL_TARGET_OBJECT = 1,	    /* index: an object */
	CAPDL_TARGET_COMPONENT_TASK = 2,    /* index: a component (started earlier) */
	CAPDL_TARGET_COMPONENT_THREAD = 3,  /* its main thread */
	CAPDL_TARGET_COMPONENT_FACTORY = 4, /* its factory */
};

struct capdl_cap {
	uint32_t name;	 /* string: the name l4re_env_get_cap() finds (<= CAPDL_NAME_MAX) */
	uint32_t slot;	 /* in [CAPDL_FIRST_SLOT, CAPDL_LIMIT_SLOT); unique in the component */
	uint32_t rights; /* L4_CAP_FPAGE_* | L4_FPAGE_C_OBJ_RIGHT* (0xef at most) */
	uint32_t target_kind;
	uint32_t target;
	uint32_t attach; /* 0, or where the component's region mapper attaches the memory
			    object (anonymous or device) before main(): page aligned, the
			    object inside [CAPDL_ATTACH_MIN, CAPDL_ATTACH_LIMIT), apart
			    from the component's other attachments; the component has
			    CAPDL_COMP_PAGER_RM, the cap R (and W for a writable mapping) */
};

/* Where a component's log (L4_BASE_LOG_CAP, stdout) goes. */
enum capdl_log_kind {
	CAPDL_LOG_KERNEL = 0,  /* the kernel log */
	CAPDL_LOG_SESSION = 1, /* a session (L4_PROTO_LOG) opened through gate log_gate */
};

#define CAPDL_COMP_DEVICES 0x1u /* its allocator hands out MMIO dataspaces */
/* Its own region mapper pages it (needs mem_limit); without the flag, the root task. */
#define CAPDL_COMP_PAGER_RM 0x2u
/* The loader maps its whole image before it starts (loader_opts.eager_map). */
#define CAPDL_COMP_EAGER_MAP 0x4u

/* A component: a task, its main thread running a boot module's ELF program. Started
 * in array order, after every object exists. */
struct capdl_component {
	uint32_t name;	       /* string */
	uint32_t module;       /* string: the boot module it runs */
	uint32_t arg_count;    /* arguments after argv[0] ... */
	uint32_t args;	       /* string: the first; the others follow it, each after
				  the previous one's NUL */
	uint32_t prio;	       /* of its main thread, 1..prio_max */
	uint32_t prio_max;     /* of its scheduler, <= 255 */
	uint32_t kmem;	       /* bytes of kernel memory its factory may use */
	uint32_t mem_limit;    /* bytes of RAM its allocator grants; 0: no allocator */
	uint32_t page_limit;   /* pages the root pager gives it; 0: the default */
	uint32_t flags;	       /* CAPDL_COMP_* */
	uint32_t max_restarts; /* 0: removed when it ends; else restarted up to this often */
	uint32_t log_kind;     /* enum capdl_log_kind */
	uint32_t log_gate;     /* CAPDL_LOG_SESSION: the gate object */
	uint32_t log_tag;      /* string or NONE: the session's tag (default: the name) */
	uint32_t banner;       /* string or NONE: printed once it has started */
	uint32_t partition;    /* index into the partition names, or NONE */
	uint32_t cap_first;    /* its named caps: cap_count records from cap_first */
	uint32_t cap_count;
};

#endif
