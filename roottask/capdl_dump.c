/* capdl_dump.c - write the running system's capability tables in the capDL language
 * (docs/capdl.md). */
#include "capdl_dump.h"
#include "capdl_format.h"
#include "capdl_read.h"
#include "capdl_system.h"
#include "dt.h"
#include "loader.h"
#include "supervisor.h"
#include <l4/keel/bootinfo.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>
#include <l4/sys/utcb.h>
#include <stdio.h>
#include <string.h>

/*
 * The kernel tells identities (task CAP_LIST, docs/abi.md); the root task knows what
 * it made each object for. So the dump names an object by what the root task made it
 * as (a spec object, or C.task, C.log, ...), and by its identity (#ID) otherwise.
 */

#define NAME_LEN  48
#define MAX_NAMES (CAPDL_MAX_OBJECTS + CAPDL_MAX_COMPONENTS * 9 + 4)

struct known {
	uint32_t id;
	char name[NAME_LEN];
};

static struct known names[MAX_NAMES];
static unsigned name_count;

/* The identity of the object in the root task's slot @cap, or 0 if it is empty. */
static uint32_t identity(l4_cap_idx_t cap)
{
	unsigned long slot = cap >> L4_CAP_SHIFT;
	if (l4_is_invalid_cap(cap))
		return 0;
	l4_msgtag_t tag = l4_task_keel_cap_list(L4_BASE_TASK_CAP, slot);
	const l4_umword_t *mr = l4_utcb_mr()->mr;
	return l4_msgtag_label(tag) > 0 && mr[1] == slot ? (uint32_t)mr[2] : 0;
}

static void know(uint32_t id, const char *a, const char *b)
{
	if (!id || name_count == MAX_NAMES)
		return;
	snprintf(names[name_count].name, NAME_LEN, "%s%s%s", a, b ? "." : "", b ? b : "");
	names[name_count++].id = id;
}

static const char *known_name(uint32_t id)
{
	for (unsigned i = 0; i < name_count; i++)
		if (names[i].id == id)
			return names[i].name;
	return NULL;
}

/* What the root task made for component @c, running as @p. */
static void know_component(const char *c, const struct loader_program *p)
{
	struct loader_objects o = loader_objects(p);
	know(identity(loader_task(p)), c, "task");
	know(identity(loader_main_thread(p)), c, "thread");
	know(identity(o.factory), c, "factory");
	know(identity(o.sched), c, "scheduler");
	know(identity(o.pager_gate), c, "pager");
	know(identity(o.parent_gate), c, "parent");
	know(identity(o.mem_alloc), c, "mem_alloc");
	if (o.log)
		know(identity(o.log), c, "log");
}

static void learn_names(const struct capdl_view *v)
{
	name_count = 0;
	know(L4_KEEL_OBJ_ID_LOG, "kernel", "log");
	know(L4_KEEL_OBJ_ID_ICU, "kernel", "icu");
	know(L4_KEEL_OBJ_ID_SCHEDULER, "kernel", "scheduler");
	know(L4_KEEL_OBJ_ID_FACTORY, "kernel", "factory");
	know(L4_KEEL_OBJ_ID_DEBUGGER, "kernel", "debugger");
	know(L4_KEEL_OBJ_ID_PLATFORM_CTL, "kernel", "pfc");
	/* The root's own objects (icu, log, debugger, pfc) keep their kernel names above,
	 * whatever the spec calls them; the objects it made have the spec's names. */
	for (uint32_t i = 0; i < v->h->object_count; i++) {
		uint32_t type = v->objects[i].type;
		if (type != CAPDL_OBJ_ICU && type != CAPDL_OBJ_LOG && type != CAPDL_OBJ_DEBUGGER &&
		    type != CAPDL_OBJ_PFC)
			know(identity(capdl_system_object(i)),
			     capdl_view_string(v, v->objects[i].name), NULL);
	}
	for (uint32_t i = 0; i < v->h->component_count; i++) {
		const char *c = capdl_view_string(v, v->components[i].name);
		const struct loader_program *p = supervisor_program(c);
		if (p)
			know_component(c, p);
	}
}

static const char *type_word(unsigned type)
{
	static const char *const words[] = {"?",       "task",	    "thread",	 "gate",
					    "factory", "irq",	    "scheduler", "log",
					    "icu",     "semaphore", "debugger",	 "pfc"};
	return type < sizeof(words) / sizeof(words[0]) ? words[type] : "?";
}

/* @rights as the language writes them: "RWS server", "-". */
static void rights_words(unsigned rights, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		const char *s;
	} bits[] = {{L4_CAP_FPAGE_R, "R"}, {L4_CAP_FPAGE_W, "W"}, {L4_CAP_FPAGE_S, "S"},
		    {L4_CAP_FPAGE_D, "D"}, {0x20, " server"},	  {0x40, " obj2"},
		    {0x80, " obj3"}};
	buf[0] = 0;
	if (!(rights & L4_CAP_FPAGE_RWSD))
		strncat(buf, "-", size - 1);
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (rights & bits[i].bit)
			strncat(buf, bits[i].s, size - strlen(buf) - 1);
}

static void dump_entry(const l4_umword_t *e)
{
	char rights[40];
	const char *name = known_name((uint32_t)e[1]);
	rights_words(e[2] & 0xff, rights, sizeof(rights));
	if (name)
		printf("    slot %#lx %s %s %s\n", (unsigned long)e[0], type_word(e[2] >> 8), name,
		       rights);
	else
		printf("    slot %#lx %s #%lu %s\n", (unsigned long)e[0], type_word(e[2] >> 8),
		       (unsigned long)e[1], rights);
}

/* One live block: every occupied slot of @task, walked in CAP_LIST's bounded steps. */
static void dump_task(const char *c, l4_cap_idx_t task)
{
	l4_umword_t e[L4_TASK_CAP_LIST_MAX * L4_TASK_CAP_LIST_WORDS];
	unsigned long next = 0;
	printf("live %s {\n", c);
	while (next < L4_TASK_CAP_LIST_END) {
		l4_msgtag_t tag = l4_task_keel_cap_list(task, next);
		long n = l4_msgtag_label(tag);
		const l4_umword_t *mr = l4_utcb_mr()->mr;
		if (n < 0 || n > (long)L4_TASK_CAP_LIST_MAX || mr[0] <= next)
			break;
		next = mr[0];
		memcpy(e, &mr[1], (size_t)n * L4_TASK_CAP_LIST_WORDS * sizeof(e[0]));
		for (long i = 0; i < n; i++)
			dump_entry(&e[i * L4_TASK_CAP_LIST_WORDS]);
	}
	printf("}\n");
}

void capdl_dump(void)
{
	const struct capdl_view *v = capdl_system_view();
	if (!v)
		return;
	learn_names(v);
	printf("--- capdl dump begin ---\n");
	for (uint32_t i = 0; i < v->h->component_count; i++) {
		const char *c = capdl_view_string(v, v->components[i].name);
		const struct loader_program *p = supervisor_program(c);
		if (p)
			dump_task(c, loader_task(p));
	}
	printf("--- capdl dump end ---\n");
}

bool capdl_dump_enabled(void)
{
	const struct keel_bootinfo *bi = l4re_bootinfo();
	struct dt dt;
	if (!bi || !bi->dtb || bi->dtb_size > KEEL_BOOTINFO_MAX_DTB ||
	    dt_open(&dt, (const void *)(l4_addr_t)bi->dtb, bi->dtb_size) != 0)
		return false;
	int node = dt_find_path(&dt, "/chosen");
	uint32_t len = 0;
	const char *args = node >= 0 ? dt_prop(&dt, node, "bootargs", &len) : NULL;
	if (!args || !len || args[len - 1] != 0)
		return false;
	for (const char *p = args; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n == strlen("capdl.dump") && strncmp(p, "capdl.dump", n) == 0)
			return true;
		p += n;
	}
	return false;
}
