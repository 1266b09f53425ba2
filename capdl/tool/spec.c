/* spec.c - diagnostics, lookups, freeing, and a component's expected capability table. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->msgs[i].text);
	free(d->msgs);
	diag_init(d);
}

bool diag_full(const struct diag *d)
{
	return d->errors >= DIAG_MAX_ERRORS;
}

static void diag_add(struct diag *d, enum diag_kind kind, struct src_loc loc, const char *fmt,
		     va_list ap)
{
	char text[512];

	if (d->count == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct diag_msg *m = realloc(d->msgs, cap * sizeof(*m));
		if (!m)
			return;
		d->msgs = m;
		d->cap = cap;
	}
	vsnprintf(text, sizeof(text), fmt, ap);
	d->msgs[d->count].text = strdup(text);
	if (!d->msgs[d->count].text)
		return;
	d->msgs[d->count].kind = kind;
	d->msgs[d->count].loc = loc;
	d->count++;
}

void diag_error(struct diag *d, struct src_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (diag_full(d))
		return;
	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, loc, fmt, ap);
	va_end(ap);
	d->errors++;
}

void diag_warning(struct diag *d, struct src_loc loc, const char *fmt, ...)
{
	va_list ap;

	if (d->warnings >= DIAG_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, loc, fmt, ap);
	va_end(ap);
	d->warnings++;
}

void diag_print(const struct diag *d, FILE *out)
{
	for (size_t i = 0; i < d->count; i++) {
		const struct diag_msg *m = &d->msgs[i];
		fprintf(out, "%s:%u:%u: %s: %s\n", m->loc.file ? m->loc.file : "?", m->loc.line,
			m->loc.col, m->kind == DIAG_ERROR ? "error" : "warning", m->text);
	}
}

static void free_component(struct spec_component *c)
{
	free(c->name);
	free(c->program);
	for (size_t i = 0; i < c->arg_count; i++)
		free(c->args[i]);
	free(c->args);
	free(c->log_gate_name);
	free(c->log_tag);
	free(c->banner);
	free(c->partition_name);
	for (size_t i = 0; i < c->cap_count; i++) {
		free(c->caps[i].name);
		free(c->caps[i].target_name);
	}
	free(c->caps);
}

static void free_partition(struct spec_partition *p)
{
	free(p->name);
	for (size_t i = 0; i < p->member_count; i++)
		free(p->members[i]);
	free(p->members);
	free(p->member_locs);
	free(p->member_index);
}

void spec_free(struct spec *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->component_count; i++)
		free_component(&s->components[i]);
	for (size_t i = 0; i < s->object_count; i++) {
		free(s->objects[i].name);
		free(s->objects[i].mem_module);
		free(s->objects[i].parent_name);
	}
	for (size_t i = 0; i < s->partition_count; i++)
		free_partition(&s->partitions[i]);
	free(s->components);
	free(s->objects);
	free(s->partitions);
	free(s->system_name);
	free(s->file);
	free(s);
}

int spec_find_component(const struct spec *s, const char *name)
{
	for (size_t i = 0; i < s->component_count; i++)
		if (strcmp(s->components[i].name, name) == 0)
			return (int)i;
	return SPEC_NONE;
}

int spec_find_object(const struct spec *s, const char *name)
{
	for (size_t i = 0; i < s->object_count; i++)
		if (strcmp(s->objects[i].name, name) == 0)
			return (int)i;
	return SPEC_NONE;
}

int spec_find_partition(const struct spec *s, const char *name)
{
	for (size_t i = 0; i < s->partition_count; i++)
		if (strcmp(s->partitions[i].name, name) == 0)
			return (int)i;
	return SPEC_NONE;
}

const char *spec_rights_str(unsigned rights, char buf[32])
{
	static const struct {
		unsigned bit;
		const char *text;
	} parts[] = {
	    {SPEC_RIGHT_R, "R"},
	    {SPEC_RIGHT_W, "W"},
	    {SPEC_RIGHT_S, "S"},
	    {SPEC_RIGHT_D, "D"},
	    {SPEC_RIGHT_SERVER, " server"},
	    {SPEC_RIGHT_OBJ2, " obj2"},
	    {SPEC_RIGHT_OBJ3, " obj3"},
	};

	buf[0] = '\0';
	if (!(rights & 0xfu))
		strcat(buf, "-");
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (rights & parts[i].bit)
			strcat(buf, parts[i].text);
	return buf;
}

const char *spec_obj_type_name(enum spec_obj_type t)
{
	static const char *const names[] = {
	    [SPEC_OBJ_GATE] = "gate",
	    [SPEC_OBJ_IRQ] = "irq",
	    [SPEC_OBJ_MEMORY] = "memory",
	    [SPEC_OBJ_FACTORY] = "factory",
	    [SPEC_OBJ_SCHEDULER] = "scheduler",
	    [SPEC_OBJ_ICU] = "icu",
	    [SPEC_OBJ_LOG] = "log",
	    [SPEC_OBJ_SEMAPHORE] = "semaphore",
	    [SPEC_OBJ_DEBUGGER] = "debugger",
	    [SPEC_OBJ_PFC] = "pfc",
	};

	if ((unsigned)t >= sizeof(names) / sizeof(names[0]) || !names[t])
		return "?";
	return names[t];
}

bool spec_obj_is_kernel(enum spec_obj_type t)
{
	return t == SPEC_OBJ_ICU || t == SPEC_OBJ_LOG || t == SPEC_OBJ_DEBUGGER ||
	       t == SPEC_OBJ_PFC;
}

const char *spec_size_str(uint64_t v, char buf[32])
{
	if (v && v % (1u << 20) == 0)
		snprintf(buf, 32, "%lluM", (unsigned long long)(v >> 20));
	else if (v && v % 1024 == 0)
		snprintf(buf, 32, "%lluK", (unsigned long long)(v >> 10));
	else
		snprintf(buf, 32, "%llu", (unsigned long long)v);
	return buf;
}

const char *spec_kobj_name(enum spec_kobj t)
{
	static const char *const names[] = {
	    [SPEC_KOBJ_TASK] = "task",
	    [SPEC_KOBJ_THREAD] = "thread",
	    [SPEC_KOBJ_GATE] = "gate",
	    [SPEC_KOBJ_FACTORY] = "factory",
	    [SPEC_KOBJ_IRQ] = "irq",
	    [SPEC_KOBJ_SCHEDULER] = "scheduler",
	    [SPEC_KOBJ_LOG] = "log",
	    [SPEC_KOBJ_ICU] = "icu",
	    [SPEC_KOBJ_SEMAPHORE] = "semaphore",
	    [SPEC_KOBJ_DEBUGGER] = "debugger",
	    [SPEC_KOBJ_PFC] = "pfc",
	};

	if ((unsigned)t >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[t];
}

static enum spec_kobj object_kobj(enum spec_obj_type t)
{
	switch (t) {
	case SPEC_OBJ_IRQ:
		return SPEC_KOBJ_IRQ;
	case SPEC_OBJ_FACTORY:
		return SPEC_KOBJ_FACTORY;
	case SPEC_OBJ_SCHEDULER:
		return SPEC_KOBJ_SCHEDULER;
	case SPEC_OBJ_ICU:
		return SPEC_KOBJ_ICU;
	case SPEC_OBJ_LOG:
		return SPEC_KOBJ_LOG;
	case SPEC_OBJ_SEMAPHORE:
		return SPEC_KOBJ_SEMAPHORE;
	case SPEC_OBJ_DEBUGGER:
		return SPEC_KOBJ_DEBUGGER;
	case SPEC_OBJ_PFC:
		return SPEC_KOBJ_PFC;
	default: /* gates, and memory: a dataspace is a gate to its server */
		return SPEC_KOBJ_GATE;
	}
}

static struct spec_slot implicit_slot(const struct spec_component *c, size_t comp, uint32_t slot,
				      enum spec_kobj type, enum spec_target_kind kind,
				      const char *suffix, unsigned rights)
{
	return (struct spec_slot){
	    .slot = slot,
	    .type = type,
	    .base = c->name,
	    .suffix = suffix,
	    .rights = rights,
	    .target_kind = kind,
	    .target = (int)comp,
	    .cap = NULL,
	};
}

/* The log at slot 5: the kernel log, or the session opened through the log gate. */
static struct spec_slot log_slot(const struct spec *s, const struct spec_component *c, size_t comp)
{
	struct spec_slot e;
	int log_object = SPEC_NONE;

	if (c->log == SPEC_LOG_GATE)
		return implicit_slot(c, comp, 5, SPEC_KOBJ_GATE, SPEC_TARGET_LOG_SESSION, "log",
				     SPEC_RIGHTS_RW);
	for (size_t i = 0; i < s->object_count && log_object == SPEC_NONE; i++)
		if (s->objects[i].type == SPEC_OBJ_LOG)
			log_object = (int)i;
	e = implicit_slot(c, comp, 5, SPEC_KOBJ_LOG, SPEC_TARGET_KERNEL_LOG, "log", SPEC_RIGHTS_RW);
	e.base = "kernel";
	e.target = log_object;
	return e;
}

static struct spec_slot named_slot(const struct spec *s, const struct spec_cap *cap)
{
	struct spec_slot e = {.slot = cap->slot,
			      .rights = cap->rights,
			      .target_kind = cap->target_kind,
			      .target = cap->target,
			      .cap = cap};
	static const char *const suffix[] = {[SPEC_TARGET_TASK] = "task",
					     [SPEC_TARGET_THREAD] = "thread",
					     [SPEC_TARGET_FACTORY] = "factory"};

	if (cap->target_kind == SPEC_TARGET_OBJECT) {
		const struct spec_object *o = &s->objects[cap->target];
		e.type = object_kobj(o->type);
		e.base = o->name;
		/* The root task's own objects: a dump knows them by the kernel's names,
		 * whatever the spec calls them. */
		if (spec_obj_is_kernel(o->type)) {
			e.base = "kernel";
			e.suffix = spec_obj_type_name(o->type);
		}
		return e;
	}
	e.type = cap->target_kind == SPEC_TARGET_TASK	  ? SPEC_KOBJ_TASK
		 : cap->target_kind == SPEC_TARGET_THREAD ? SPEC_KOBJ_THREAD
							  : SPEC_KOBJ_FACTORY;
	e.base = s->components[cap->target].name;
	e.suffix = suffix[cap->target_kind];
	return e;
}

static int compare_slots(const void *a, const void *b)
{
	const struct spec_slot *x = a, *y = b;
	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

struct spec_slot *spec_component_table(const struct spec *s, size_t comp, size_t *n)
{
	const struct spec_component *c = &s->components[comp];
	struct spec_slot *t = malloc((9 + c->cap_count) * sizeof(*t));
	size_t k = 0;
	bool debugger_slot = false;

	*n = 0;
	if (!t)
		return NULL;
	t[k++] =
	    implicit_slot(c, comp, 1, SPEC_KOBJ_TASK, SPEC_TARGET_TASK, "task", SPEC_RIGHTS_RWS);
	t[k++] = implicit_slot(c, comp, 2, SPEC_KOBJ_FACTORY, SPEC_TARGET_FACTORY, "factory",
			       SPEC_RIGHTS_RWS);
	t[k++] = implicit_slot(c, comp, 3, SPEC_KOBJ_THREAD, SPEC_TARGET_THREAD, "thread",
			       SPEC_RIGHTS_RWS);
	t[k++] =
	    implicit_slot(c, comp, 4, SPEC_KOBJ_GATE, SPEC_TARGET_PAGER, "pager", SPEC_RIGHTS_RWS);
	t[k++] = log_slot(s, c, comp);
	t[k++] = implicit_slot(c, comp, 7, SPEC_KOBJ_SCHEDULER, SPEC_TARGET_SCHEDULER, "scheduler",
			       SPEC_RIGHTS_RWS);
	if (c->memory > 0)
		t[k++] = implicit_slot(c, comp, 0x11, SPEC_KOBJ_GATE, SPEC_TARGET_MEM_ALLOC,
				       "mem_alloc", SPEC_RIGHTS_RWS);
	t[k++] = implicit_slot(c, comp, 0x13, SPEC_KOBJ_GATE, SPEC_TARGET_PARENT, "parent",
			       SPEC_RIGHTS_RWS);
	for (size_t i = 0; i < c->cap_count; i++) {
		t[k++] = named_slot(s, &c->caps[i]);
		/* The loader puts the first debugger capability at L4Re's slot 10 too, where
		 * l4/sys/debugger.h's calls send (roottask/loader.c). */
		if (t[k - 1].type == SPEC_KOBJ_DEBUGGER && !debugger_slot) {
			t[k] = t[k - 1];
			t[k].alias = true;
			t[k++].slot = 10;
			debugger_slot = true;
		}
	}
	qsort(t, k, sizeof(*t), compare_slots);
	*n = k;
	return t;
}

const char *spec_slot_name(const struct spec_slot *e, char *buf, size_t size)
{
	if (e->suffix)
		snprintf(buf, size, "%s.%s", e->base, e->suffix);
	else
		snprintf(buf, size, "%s", e->base);
	return buf;
}
