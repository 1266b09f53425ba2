/* spec.h - the capDL spec in memory (the parser's AST), its checker and its diagnostics. */
#ifndef CAPDL_SPEC_H
#define CAPDL_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "capdl_format.h"

#define SPEC_NONE (-1) /* an unresolved or absent index */

/* Rights bits: L4_CAP_FPAGE_* and the object rights (docs/capdl.md). */
#define SPEC_RIGHT_W	  0x01u
#define SPEC_RIGHT_S	  0x02u
#define SPEC_RIGHT_R	  0x04u
#define SPEC_RIGHT_D	  0x08u
#define SPEC_RIGHT_SERVER 0x20u /* L4_FPAGE_C_IPCGATE_SVR */
#define SPEC_RIGHT_OBJ2	  0x40u
#define SPEC_RIGHT_OBJ3	  0x80u
#define SPEC_RIGHTS_RW	  (SPEC_RIGHT_R | SPEC_RIGHT_W)
#define SPEC_RIGHTS_RWS	  (SPEC_RIGHT_R | SPEC_RIGHT_W | SPEC_RIGHT_S)

/* Defaults of a component's attributes (docs/capdl.md "Components"). */
#define SPEC_DEFAULT_KMEM  (256u * 1024u)
#define SPEC_DEFAULT_PAGES 1024u
#define SPEC_DEFAULT_RAM   (128u * 1024u * 1024u)
#define SPEC_DEFAULT_MKMEM (16u * 1024u * 1024u)

/* Where something is in the spec's text: line and column count from 1. */
struct src_loc {
	const char *file; /* the spec's path (owned by struct spec) */
	uint32_t line;
	uint32_t col;
};

/* ---- diagnostics ---- */

#define DIAG_MAX_ERRORS 50 /* the parser and checker stop after this many errors */

enum diag_kind { DIAG_ERROR, DIAG_WARNING };

struct diag_msg {
	enum diag_kind kind;
	struct src_loc loc;
	char *text; /* the message, without location or "error: " */
};

/* Messages in the order they were reported. Zero-initialise, or diag_init(). */
struct diag {
	struct diag_msg *msgs;
	size_t count, cap;
	unsigned errors, warnings;
};

void diag_init(struct diag *d);
void diag_free(struct diag *d);
/* Record "file:line:col: error: fmt..." (dropped past DIAG_MAX_ERRORS errors). */
void diag_error(struct diag *d, struct src_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct src_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* True once DIAG_MAX_ERRORS errors were reported: stop looking for more. */
bool diag_full(const struct diag *d);
/* Print every message, one line each: "file:line:col: error: text". */
void diag_print(const struct diag *d, FILE *out);

/* ---- objects ---- */

/* The same values as enum capdl_object_type. */
enum spec_obj_type {
	SPEC_OBJ_GATE = CAPDL_OBJ_GATE,
	SPEC_OBJ_IRQ = CAPDL_OBJ_IRQ,
	SPEC_OBJ_MEMORY = CAPDL_OBJ_MEMORY,
	SPEC_OBJ_FACTORY = CAPDL_OBJ_FACTORY,
	SPEC_OBJ_SCHEDULER = CAPDL_OBJ_SCHEDULER,
	SPEC_OBJ_ICU = CAPDL_OBJ_ICU,
	SPEC_OBJ_LOG = CAPDL_OBJ_LOG,
	SPEC_OBJ_SEMAPHORE = CAPDL_OBJ_SEMAPHORE,
	SPEC_OBJ_DEBUGGER = CAPDL_OBJ_DEBUGGER,
	SPEC_OBJ_PFC = CAPDL_OBJ_PFC,
};

/* A top-level object declaration. Only the fields of its type are meaningful. */
struct spec_object {
	char *name;
	struct src_loc loc; /* of the declaration's keyword */
	enum spec_obj_type type;
	/* gate */
	uint32_t label;
	/* irq: enum capdl_irq_source, line (CAPDL_IRQ_LINE), enum capdl_irq_trigger */
	uint32_t irq_source;
	uint32_t irq_line;
	uint32_t irq_trigger;
	/* memory: enum capdl_memory_kind; size (ANON, DEVICE), phys (DEVICE), module */
	uint32_t mem_kind;
	uint32_t mem_size;
	uint32_t mem_phys;
	bool mem_shared;
	char *mem_module;
	/* factory: quota; parent by name (NULL: the root factory), resolved by spec_check */
	uint32_t quota;
	char *parent_name;
	struct src_loc parent_loc;
	int parent; /* object index or SPEC_NONE */
	/* scheduler */
	uint32_t sched_max;
};

/* ---- components ---- */

/* What a capability names. */
enum spec_target_kind {
	SPEC_TARGET_OBJECT = CAPDL_TARGET_OBJECT,	      /* index: an object */
	SPEC_TARGET_TASK = CAPDL_TARGET_COMPONENT_TASK,	      /* index: a component */
	SPEC_TARGET_THREAD = CAPDL_TARGET_COMPONENT_THREAD,   /* its main thread */
	SPEC_TARGET_FACTORY = CAPDL_TARGET_COMPONENT_FACTORY, /* its factory */
	/* Only in the implicit caps (spec_component_table); index: the component. */
	SPEC_TARGET_SCHEDULER = 16, /* C.scheduler */
	SPEC_TARGET_PAGER,	    /* C.pager: its pager gate (served by the root task) */
	SPEC_TARGET_PARENT,	    /* C.parent: its parent gate (served by the root task) */
	SPEC_TARGET_MEM_ALLOC,	    /* C.mem_alloc: its allocator (the root's memory server) */
	SPEC_TARGET_LOG_SESSION,    /* C.log: its log session through its log gate */
	SPEC_TARGET_KERNEL_LOG,	    /* kernel.log (index: SPEC_NONE, or the spec's log object) */
};

/* A named capability: `cap NAME = TARGET RIGHTS [server] [slot N]`. */
struct spec_cap {
	char *name;
	struct src_loc loc; /* of the `cap` keyword */
	char *target_name;  /* the object or component name before any ".task" */
	struct src_loc target_loc;
	enum spec_target_kind target_kind; /* OBJECT, TASK, THREAD or FACTORY (from the suffix) */
	int target;			   /* resolved index (spec_check), or SPEC_NONE */
	unsigned rights;		   /* SPEC_RIGHT_* */
	uint32_t slot;			   /* given, or assigned by spec_check */
	bool slot_given;
	uint32_t attach;	   /* `at ADDR`: where its region mapper attaches it; 0 */
	struct src_loc attach_loc; /* line 0: no `at` */
};

/* The attributes of a component: where each was given (line 0: not given). */
enum spec_attr {
	SPEC_ATTR_PROGRAM,
	SPEC_ATTR_PRIORITY,
	SPEC_ATTR_KMEM,
	SPEC_ATTR_MEMORY,
	SPEC_ATTR_PAGES,
	SPEC_ATTR_PAGER,
	SPEC_ATTR_DEVICES,
	SPEC_ATTR_RESTART,
	SPEC_ATTR_LOG,
	SPEC_ATTR_BANNER,
	SPEC_ATTR_PARTITION,
	SPEC_ATTR_TRUSTED,
	SPEC_ATTR_EAGER_MAP,
	SPEC_ATTR_COUNT
};

enum spec_pager { SPEC_PAGER_DEFAULT, SPEC_PAGER_ROOT, SPEC_PAGER_RM };
enum spec_log { SPEC_LOG_KERNEL, SPEC_LOG_GATE };

struct spec_component {
	char *name;
	struct src_loc loc; /* of the `component` keyword */
	struct src_loc attr_loc[SPEC_ATTR_COUNT];
	char *program; /* NULL if not given (an error) */
	char **args;
	size_t arg_count;
	uint32_t priority; /* default 1 */
	uint32_t prio_max; /* default: priority */
	bool prio_max_given;
	uint32_t kmem;	       /* default SPEC_DEFAULT_KMEM */
	uint32_t memory;       /* default 0: no allocator */
	uint32_t pages;	       /* default SPEC_DEFAULT_PAGES */
	enum spec_pager pager; /* spec_check turns DEFAULT into ROOT or RM */
	bool devices;
	bool eager_map; /* the loader maps its image before it starts */
	uint32_t restart;
	enum spec_log log;
	char *log_gate_name;  /* SPEC_LOG_GATE: the gate's name */
	int log_gate;	      /* resolved object index, or SPEC_NONE */
	char *log_tag;	      /* NULL: the component's name */
	char *banner;	      /* NULL: none */
	char *partition_name; /* `partition P` inside the component, or NULL */
	int partition;	      /* resolved (attribute or partition block), or SPEC_NONE */
	bool trusted;
	struct spec_cap *caps;
	size_t cap_count, cap_cap;
};

/* `partition NAME { COMPONENT ... }` */
struct spec_partition {
	char *name;
	struct src_loc loc;
	char **members; /* component names as written */
	struct src_loc *member_locs;
	int *member_index; /* resolved component indexes (spec_check) */
	size_t member_count, member_cap;
};

/* A whole spec. Arrays grow with realloc; indexes stay valid, pointers may not while
 * parsing. */
struct spec {
	char *file; /* the path given to spec_parse */
	bool has_system;
	char *system_name; /* NULL without `system` */
	struct src_loc system_loc;
	uint32_t ram;  /* default SPEC_DEFAULT_RAM */
	uint32_t kmem; /* default SPEC_DEFAULT_MKMEM */
	struct spec_component *components;
	size_t component_count, component_cap;
	struct spec_object *objects;
	size_t object_count, object_cap;
	struct spec_partition *partitions;
	size_t partition_count, partition_cap;
};

/**
 * spec_parse() - parse a spec's text.
 * @path: the file name used in locations (copied).
 * @text, @len: the text (need not be NUL-terminated; may contain any bytes).
 * @d: where syntax errors go.
 *
 * Return: the spec (also when there were syntax errors: what could be parsed), or
 * NULL only when memory ran out. The caller checks d->errors and calls spec_free().
 */
struct spec *spec_parse(const char *path, const char *text, size_t len, struct diag *d);

/* What the checker is told about the image. */
struct check_opts {
	const char *modules; /* comma-separated boot modules of the image, or NULL: any */
	bool no_limits;	     /* do not enforce the root task's CAPDL_MAX_* limits */
};

/**
 * spec_check() - check a parsed spec (docs/capdl.md "What the checker refuses").
 *
 * Resolves every name (cap targets, log gates, factory parents, partitions), fills
 * the indexes, turns defaults into values (pager, prio_max) and assigns the slots of
 * caps without one (the next free from CAPDL_FIRST_SLOT, in file order). Reports
 * errors and warnings (unreachable objects) into @d.
 *
 * Return: the number of errors found by the check (0: the spec is good).
 */
int spec_check(struct spec *s, const struct check_opts *o, struct diag *d);

void spec_free(struct spec *s);

/* Index of the component / object / partition named @name, or SPEC_NONE. */
int spec_find_component(const struct spec *s, const char *name);
int spec_find_object(const struct spec *s, const char *name);
int spec_find_partition(const struct spec *s, const char *name);

/**
 * spec_rights_str() - the rights as a dump writes them: the letters of R W S D in
 * that order ("-" for none), then " server", " obj2", " obj3" for 0x20, 0x40, 0x80.
 * Return: @buf.
 */
const char *spec_rights_str(unsigned rights, char buf[32]);

/* ---- a component's expected capability table ---- */

/* The kernel object types a dump names (docs/capdl.md). */
enum spec_kobj {
	SPEC_KOBJ_TASK,
	SPEC_KOBJ_THREAD,
	SPEC_KOBJ_GATE,
	SPEC_KOBJ_FACTORY,
	SPEC_KOBJ_IRQ,
	SPEC_KOBJ_SCHEDULER,
	SPEC_KOBJ_LOG,
	SPEC_KOBJ_ICU,
	SPEC_KOBJ_SEMAPHORE,
	SPEC_KOBJ_DEBUGGER,
	SPEC_KOBJ_PFC,
	SPEC_KOBJ_COUNT
};

/* "task", "thread", "gate", ... */
const char *spec_kobj_name(enum spec_kobj t);
/* Is @t one of the root task's own kernel objects a spec only names (icu, log,
 * debugger, pfc), which a dump calls kernel.icu, kernel.log, ...? */
bool spec_obj_is_kernel(enum spec_obj_type t);
/* The word a spec declares an object of type @t with: "gate", "memory", ... */
const char *spec_obj_type_name(enum spec_obj_type t);
/* A size as a spec writes it, in @buf: "4K", "16M", or bytes. */
const char *spec_size_str(uint64_t v, char buf[32]);

/* One capability a component holds once the root task has built it. */
struct spec_slot {
	uint32_t slot;
	enum spec_kobj type; /* as a dump writes it (memory: gate) */
	/* The object's name in a dump: base, or base "." suffix ("hello.task",
	 * "kernel.log", "keys"). Point into the spec or static strings. */
	const char *base;
	const char *suffix; /* NULL: the name is base alone */
	unsigned rights;
	enum spec_target_kind target_kind;
	int target;		    /* object or component index (SPEC_NONE for kernel.log) */
	const struct spec_cap *cap; /* the named cap, or NULL for an implicit one */
	bool alias; /* a second slot the loader gives the same cap (the debugger's slot 10) */
};

/**
 * spec_component_table() - everything component @comp holds: the implicit caps
 * (slot 1 task RWS, 2 factory RWS, 3 thread RWS, 4 pager gate RWS, 5 log RW (kernel.log,
 * or the session C.log with `log GATE`), 7 scheduler RWS, 0x13 parent gate RWS, 0x11
 * mem_alloc RWS when memory > 0) and its named caps, sorted by slot.
 *
 * Call after spec_check() returned 0 (targets resolved, slots assigned).
 * Return: a malloc'd array the caller frees, *@n entries; NULL only without memory.
 */
struct spec_slot *spec_component_table(const struct spec *s, size_t comp, size_t *n);

/* Write a slot's object name ("hello.task") into @buf; return @buf. */
const char *spec_slot_name(const struct spec_slot *e, char *buf, size_t size);

#endif
