/* check.c - the capDL checker: names resolved, every rule of docs/capdl.md, slots assigned. */
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#define PAGE_SIZE 4096u

enum name_kind { NAME_COMPONENT, NAME_OBJECT, NAME_PARTITION };

/* A top-level name; the table is sorted by name, then by position in the file. */
struct name_entry {
	const char *name;
	enum name_kind kind;
	int index;
	struct src_loc loc;
};

struct checker {
	struct spec *s;
	const struct check_opts *o;
	struct diag *d;
	struct name_entry *names;
	size_t name_count;
	bool *reached; /* per object: a component holds a cap to it (or it is used) */
};

static bool loc_before(struct src_loc a, struct src_loc b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* ---- names ---- */

static int compare_names(const void *a, const void *b)
{
	const struct name_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return loc_before(x->loc, y->loc) ? -1 : loc_before(y->loc, x->loc);
}

static void add_name(struct checker *k, const char *name, enum name_kind kind, size_t i,
		     struct src_loc loc)
{
	k->names[k->name_count++] = (struct name_entry){name, kind, (int)i, loc};
}

/* Build the sorted name table; report names defined twice. */
static bool index_names(struct checker *k)
{
	struct spec *s = k->s;
	size_t n = s->component_count + s->object_count + s->partition_count;

	k->names = malloc((n ? n : 1) * sizeof(*k->names));
	if (!k->names)
		return false;
	for (size_t i = 0; i < s->component_count; i++)
		add_name(k, s->components[i].name, NAME_COMPONENT, i, s->components[i].loc);
	for (size_t i = 0; i < s->object_count; i++)
		add_name(k, s->objects[i].name, NAME_OBJECT, i, s->objects[i].loc);
	for (size_t i = 0; i < s->partition_count; i++)
		add_name(k, s->partitions[i].name, NAME_PARTITION, i, s->partitions[i].loc);
	qsort(k->names, n, sizeof(*k->names), compare_names);
	for (size_t i = 1; i < n; i++) {
		const struct name_entry *a = &k->names[i - 1], *b = &k->names[i];
		size_t first = i - 1;
		if (strcmp(a->name, b->name) != 0)
			continue;
		while (first > 0 && strcmp(k->names[first - 1].name, b->name) == 0)
			first--;
		diag_error(k->d, b->loc, "name '%s' is defined twice (first at %u:%u)", b->name,
			   k->names[first].loc.line, k->names[first].loc.col);
	}
	return true;
}

/* The first definition of @name, or NULL. */
static const struct name_entry *lookup(const struct checker *k, const char *name)
{
	size_t lo = 0, hi = k->name_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(k->names[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < k->name_count && strcmp(k->names[lo].name, name) == 0)
		return &k->names[lo];
	return NULL;
}

/* ---- limits of the root task ---- */

static void check_limits(struct checker *k)
{
	struct spec *s = k->s;

	if (k->o->no_limits)
		return;
	if (s->component_count > CAPDL_MAX_COMPONENTS)
		diag_error(k->d, s->components[CAPDL_MAX_COMPONENTS].loc,
			   "more than %d components (the root task's limit)", CAPDL_MAX_COMPONENTS);
	if (s->object_count > CAPDL_MAX_OBJECTS)
		diag_error(k->d, s->objects[CAPDL_MAX_OBJECTS].loc,
			   "more than %d objects (the root task's limit)", CAPDL_MAX_OBJECTS);
	if (s->partition_count > CAPDL_MAX_COMPONENTS)
		diag_error(k->d, s->partitions[CAPDL_MAX_COMPONENTS].loc,
			   "more than %d partitions (the root task's limit)", CAPDL_MAX_COMPONENTS);
	for (size_t i = 0; i < s->component_count; i++) {
		const struct spec_component *c = &s->components[i];
		if (c->cap_count > CAPDL_MAX_CAPS)
			diag_error(k->d, c->caps[CAPDL_MAX_CAPS].loc,
				   "component %s has more than %d caps (the root task's limit)",
				   c->name, CAPDL_MAX_CAPS);
		if (c->arg_count > CAPDL_MAX_ARGS)
			diag_error(k->d, c->attr_loc[SPEC_ATTR_PROGRAM],
				   "component %s has more than %d args (the root task's limit)",
				   c->name, CAPDL_MAX_ARGS);
	}
}

/* ---- boot modules ---- */

static bool module_in_image(const struct check_opts *o, const char *module)
{
	const char *p = o->modules;
	size_t len = strlen(module);

	if (!p)
		return true;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == len && memcmp(p, module, n) == 0)
			return true;
		p += n;
		if (*p == ',')
			p++;
	}
	return false;
}

static void check_module(struct checker *k, const char *module, struct src_loc loc)
{
	size_t len = strlen(module);

	if (len == 0 || len >= CAPDL_MODULE_MAX)
		diag_error(k->d, loc,
			   "boot module name '%.60s' is empty or longer than %d characters", module,
			   CAPDL_MODULE_MAX - 1);
	else if (!module_in_image(k->o, module))
		diag_error(k->d, loc, "boot module '%s' is not in the image", module);
}

/* ---- objects ---- */

/* A memory's size: non-zero, a page multiple. */
static void check_mem_size(struct checker *k, const struct spec_object *o)
{
	char buf[32];

	if (o->mem_size == 0)
		diag_error(k->d, o->loc, "size of memory %s is zero", o->name);
	else if (o->mem_size % PAGE_SIZE)
		diag_error(k->d, o->loc, "size %s of memory %s is not a multiple of 4K",
			   spec_size_str(o->mem_size, buf), o->name);
}

static void check_memory(struct checker *k, const struct spec_object *o)
{
	switch (o->mem_kind) {
	case CAPDL_MEM_ANON:
		check_mem_size(k, o);
		break;
	case CAPDL_MEM_DEVICE:
		check_mem_size(k, o);
		if (o->mem_phys % PAGE_SIZE)
			diag_error(k->d, o->loc,
				   "physical address 0x%x of memory %s is not page aligned",
				   o->mem_phys, o->name);
		if ((uint64_t)o->mem_phys + o->mem_size > (1ull << 32))
			diag_error(k->d, o->loc, "device range of memory %s goes past 4 GiB",
				   o->name);
		break;
	case CAPDL_MEM_MODULE:
		check_module(k, o->mem_module, o->loc);
		break;
	}
}

static void check_factory_parent(struct checker *k, struct spec_object *o)
{
	const struct name_entry *e;

	if (!o->parent_name)
		return;
	e = lookup(k, o->parent_name);
	if (!e)
		diag_error(k->d, o->parent_loc, "parent '%s' of factory %s is not defined",
			   o->parent_name, o->name);
	else if (e->kind != NAME_OBJECT || k->s->objects[e->index].type != SPEC_OBJ_FACTORY)
		diag_error(k->d, o->parent_loc, "parent %s of factory %s is not a factory",
			   o->parent_name, o->name);
	else
		o->parent = e->index;
}

static void check_object(struct checker *k, struct spec_object *o)
{
	switch (o->type) {
	case SPEC_OBJ_GATE:
		if (o->label & 3)
			diag_error(k->d, o->loc, "label 0x%x of gate %s has its low two bits set",
				   o->label, o->name);
		break;
	case SPEC_OBJ_SCHEDULER:
		if (o->sched_max < 1 || o->sched_max > 255)
			diag_error(k->d, o->loc, "max %u of scheduler %s is out of range (1..255)",
				   o->sched_max, o->name);
		break;
	case SPEC_OBJ_MEMORY:
		check_memory(k, o);
		break;
	case SPEC_OBJ_FACTORY:
		check_factory_parent(k, o);
		break;
	default:
		break;
	}
}

static int compare_irq_lines(const void *a, const void *b)
{
	const struct spec_object *x = *(struct spec_object *const *)a;
	const struct spec_object *y = *(struct spec_object *const *)b;

	if (x->irq_line != y->irq_line)
		return x->irq_line < y->irq_line ? -1 : 1;
	return loc_before(x->loc, y->loc) ? -1 : loc_before(y->loc, x->loc);
}

/* An IRQ line (or the console's) bound by two irq objects. */
static void check_irq_lines(struct checker *k, struct spec_object **tmp)
{
	struct spec *s = k->s;
	const struct spec_object *console = NULL;
	size_t n = 0;

	for (size_t i = 0; i < s->object_count; i++) {
		struct spec_object *o = &s->objects[i];
		if (o->type != SPEC_OBJ_IRQ)
			continue;
		if (o->irq_source == CAPDL_IRQ_LINE)
			tmp[n++] = o;
		if (o->irq_source != CAPDL_IRQ_CONSOLE)
			continue;
		if (console)
			diag_error(k->d, o->loc,
				   "the console's irq line is bound twice (first at %u:%u)",
				   console->loc.line, console->loc.col);
		else
			console = o;
	}
	qsort(tmp, n, sizeof(*tmp), compare_irq_lines);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (tmp[i]->irq_line != tmp[first]->irq_line) {
			first = i;
			continue;
		}
		diag_error(k->d, tmp[i]->loc, "irq line %u is bound twice (first at %u:%u)",
			   tmp[i]->irq_line, tmp[first]->loc.line, tmp[first]->loc.col);
	}
}

/*
 * The kernel has one debugger object and one platform control; a second name for one
 * would be a second object to the analysis, which would then miss what passes between
 * the holders of the two names (names set and read through the debugger).
 */
static void check_kernel_singletons(struct checker *k)
{
	static const enum spec_obj_type once[] = {SPEC_OBJ_DEBUGGER, SPEC_OBJ_PFC};
	const struct spec *s = k->s;

	for (size_t t = 0; t < sizeof(once) / sizeof(once[0]); t++) {
		const struct spec_object *first = NULL;
		for (size_t i = 0; i < s->object_count; i++) {
			const struct spec_object *o = &s->objects[i];
			if (o->type != once[t])
				continue;
			if (first)
				diag_error(k->d, o->loc,
					   "%s %s: the kernel has one, declared at %u:%u already "
					   "(as %s)",
					   spec_obj_type_name(o->type), o->name, first->loc.line,
					   first->loc.col, first->name);
			else
				first = o;
		}
	}
}

static int compare_phys(const void *a, const void *b)
{
	const struct spec_object *x = *(struct spec_object *const *)a;
	const struct spec_object *y = *(struct spec_object *const *)b;

	if (x->mem_phys != y->mem_phys)
		return x->mem_phys < y->mem_phys ? -1 : 1;
	return loc_before(x->loc, y->loc) ? -1 : loc_before(y->loc, x->loc);
}

/* Two device memories overlapping, unless both are shared. */
static void check_device_overlap(struct checker *k, struct spec_object **tmp)
{
	struct spec *s = k->s;
	size_t n = 0;

	for (size_t i = 0; i < s->object_count; i++)
		if (s->objects[i].type == SPEC_OBJ_MEMORY &&
		    s->objects[i].mem_kind == CAPDL_MEM_DEVICE)
			tmp[n++] = &s->objects[i];
	qsort(tmp, n, sizeof(*tmp), compare_phys);
	for (size_t i = 0; i < n && !diag_full(k->d); i++) {
		uint64_t end = (uint64_t)tmp[i]->mem_phys + tmp[i]->mem_size;
		for (size_t j = i + 1; j < n && tmp[j]->mem_phys < end; j++) {
			const struct spec_object *a = tmp[i], *b = tmp[j];
			if (a->mem_shared && b->mem_shared)
				continue;
			if (loc_before(b->loc, a->loc)) {
				a = tmp[j];
				b = tmp[i];
			}
			diag_error(k->d, b->loc,
				   "memory %s overlaps memory %s (declared at %u:%u) and they are "
				   "not both shared",
				   b->name, a->name, a->loc.line, a->loc.col);
		}
	}
}

/* A factory that is its own ancestor: reported once, at the cycle's first member met. */
static void check_factory_cycles(struct checker *k, int *walk)
{
	struct spec *s = k->s;

	for (size_t i = 0; i < s->object_count; i++)
		walk[i] = SPEC_NONE;
	for (size_t i = 0; i < s->object_count; i++) {
		int x = (int)i;
		if (s->objects[i].type != SPEC_OBJ_FACTORY)
			continue;
		while (x != SPEC_NONE && walk[x] == SPEC_NONE) {
			walk[x] = (int)i;
			x = s->objects[x].parent;
		}
		if (x != SPEC_NONE && walk[x] == (int)i) {
			diag_error(k->d, s->objects[x].loc,
				   "factory %s is its own ancestor (a cycle)", s->objects[x].name);
			s->objects[x].parent = SPEC_NONE; /* cut the cycle for later passes */
		}
	}
}

/* ---- components ---- */

static void check_priority(struct checker *k, struct spec_component *c)
{
	struct src_loc loc = c->attr_loc[SPEC_ATTR_PRIORITY];

	if (!c->prio_max_given)
		c->prio_max = c->priority;
	if (c->priority < 1 || c->priority > 255)
		diag_error(k->d, loc, "priority %u of component %s is out of range (1..255)",
			   c->priority, c->name);
	else if (c->prio_max < c->priority || c->prio_max > 255)
		diag_error(k->d, loc, "max %u of component %s is out of range (%u..255)",
			   c->prio_max, c->name, c->priority);
}

static void check_log(struct checker *k, struct spec_component *c)
{
	const struct name_entry *e;
	struct src_loc loc = c->attr_loc[SPEC_ATTR_LOG];

	if (c->log != SPEC_LOG_GATE)
		return;
	e = lookup(k, c->log_gate_name);
	if (!e)
		diag_error(k->d, loc, "log of component %s goes through '%s', which is not defined",
			   c->name, c->log_gate_name);
	else if (e->kind != NAME_OBJECT || k->s->objects[e->index].type != SPEC_OBJ_GATE)
		diag_error(k->d, loc, "log of component %s goes through %s, which is not a gate",
			   c->name, c->log_gate_name);
	else
		c->log_gate = e->index, k->reached[e->index] = true;
}

static void check_component_attrs(struct checker *k, struct spec_component *c)
{
	char buf[32];

	if (!c->program)
		diag_error(k->d, c->loc, "component %s has no program", c->name);
	else
		check_module(k, c->program, c->attr_loc[SPEC_ATTR_PROGRAM]);
	check_priority(k, c);
	if (c->memory % PAGE_SIZE)
		diag_error(k->d, c->attr_loc[SPEC_ATTR_MEMORY],
			   "memory %s of component %s is not a multiple of 4K",
			   spec_size_str(c->memory, buf), c->name);
	if (c->pager == SPEC_PAGER_DEFAULT)
		c->pager = c->memory ? SPEC_PAGER_RM : SPEC_PAGER_ROOT;
	else if (c->pager == SPEC_PAGER_RM && !c->memory)
		diag_error(k->d, c->attr_loc[SPEC_ATTR_PAGER],
			   "pager rm of component %s needs memory", c->name);
	check_log(k, c);
}

/* Resolve a cap's target; report names undefined, of the wrong kind, or declared later. */
static bool resolve_target(struct checker *k, size_t comp, struct spec_cap *cap)
{
	const struct spec_component *c = &k->s->components[comp];
	const struct name_entry *e = lookup(k, cap->target_name);

	if (!e) {
		diag_error(k->d, cap->target_loc,
			   "cap %s of component %s names '%s', which is not defined", cap->name,
			   c->name, cap->target_name);
		return false;
	}
	if (cap->target_kind == SPEC_TARGET_OBJECT) {
		if (e->kind == NAME_OBJECT)
			return cap->target = e->index, true;
		diag_error(k->d, cap->target_loc,
			   e->kind == NAME_COMPONENT
			       ? "cap %s of component %s names component %s: say %s.task, "
				 "%s.thread or %s.factory"
			       : "cap %s of component %s names partition %s, which is not an "
				 "object%.0s%.0s%.0s",
			   cap->name, c->name, cap->target_name, cap->target_name, cap->target_name,
			   cap->target_name);
		return false;
	}
	if (e->kind != NAME_COMPONENT) {
		diag_error(k->d, cap->target_loc,
			   "cap %s of component %s names an object of %s, which is not a component",
			   cap->name, c->name, cap->target_name);
		return false;
	}
	if ((size_t)e->index >= comp) {
		diag_error(k->d, cap->target_loc,
			   "cap %s of component %s names an object of component %s, which is not "
			   "declared before %s",
			   cap->name, c->name, cap->target_name, c->name);
		return false;
	}
	cap->target = e->index;
	return true;
}

/* "memory m", or "b.task" for a component's object: what a cap names, for messages. */
static const char *target_str(const struct checker *k, const struct spec_cap *cap, char *buf,
			      size_t size)
{
	static const char *const suffix[] = {[SPEC_TARGET_TASK] = "task",
					     [SPEC_TARGET_THREAD] = "thread",
					     [SPEC_TARGET_FACTORY] = "factory"};

	if (cap->target_kind == SPEC_TARGET_OBJECT)
		snprintf(buf, size, "%s %s", spec_obj_type_name(k->s->objects[cap->target].type),
			 cap->target_name);
	else
		snprintf(buf, size, "%s.%s", cap->target_name, suffix[cap->target_kind]);
	return buf;
}

/* Objects without an operation that needs S (a semaphore's down does; the root's
 * debugger and platform control need W, or nothing). */
static bool no_special_op(enum spec_obj_type t)
{
	return t == SPEC_OBJ_MEMORY || t == SPEC_OBJ_IRQ || spec_obj_is_kernel(t);
}

/* Rights that make no sense for the target: server off gates, S, W and D where unused. */
static void check_rights(struct checker *k, const struct spec_component *c,
			 const struct spec_cap *cap)
{
	enum spec_obj_type t = 0;
	char what[160];

	if (cap->target_kind == SPEC_TARGET_OBJECT)
		t = k->s->objects[cap->target].type;
	target_str(k, cap, what, sizeof(what));
	if ((cap->rights & SPEC_RIGHT_SERVER) && t != SPEC_OBJ_GATE)
		diag_error(k->d, cap->loc,
			   "cap %s of component %s: 'server' on %s (only gates are served)",
			   cap->name, c->name, what);
	if ((cap->rights & SPEC_RIGHT_S) && no_special_op(t))
		diag_error(k->d, cap->loc,
			   "cap %s of component %s: right S on %s (it has no special operation)",
			   cap->name, c->name, what);
	if ((cap->rights & SPEC_RIGHT_W) && t == SPEC_OBJ_SEMAPHORE)
		diag_error(
		    k->d, cap->loc,
		    "cap %s of component %s: right W on %s (up needs no right, down needs S)",
		    cap->name, c->name, what);
	if ((cap->rights & SPEC_RIGHT_D) && spec_obj_is_kernel(t))
		diag_error(k->d, cap->loc,
			   "cap %s of component %s: right D on %s (it is never deleted)", cap->name,
			   c->name, what);
}

/* Names and given slots: unique in the component, slots inside [0x20, 0x100). */
static void check_cap_names_slots(struct checker *k, const struct spec_component *c)
{
	for (size_t i = 0; i < c->cap_count; i++) {
		const struct spec_cap *cap = &c->caps[i];
		if (strlen(cap->name) > CAPDL_NAME_MAX)
			diag_error(k->d, cap->loc, "cap name '%s' is longer than %d characters",
				   cap->name, CAPDL_NAME_MAX);
		if (cap->slot_given &&
		    (cap->slot < CAPDL_FIRST_SLOT || cap->slot >= CAPDL_LIMIT_SLOT))
			diag_error(k->d, cap->loc,
				   "slot 0x%x of cap %s of component %s is outside [0x20, 0x100)",
				   cap->slot, cap->name, c->name);
		for (size_t j = 0; j < i; j++) {
			const struct spec_cap *first = &c->caps[j];
			if (strcmp(first->name, cap->name) == 0)
				diag_error(k->d, cap->loc,
					   "cap name '%s' of component %s is given twice (first at "
					   "%u:%u)",
					   cap->name, c->name, first->loc.line, first->loc.col);
			if (cap->slot_given && first->slot_given && first->slot == cap->slot)
				diag_error(k->d, cap->loc,
					   "slot 0x%x of component %s is given twice (first at "
					   "%u:%u)",
					   cap->slot, c->name, first->loc.line, first->loc.col);
		}
	}
}

/* Caps without a slot get the next free one from CAPDL_FIRST_SLOT, in file order. */
static void assign_slots(struct checker *k, struct spec_component *c)
{
	bool used[CAPDL_LIMIT_SLOT] = {false};
	uint32_t next = CAPDL_FIRST_SLOT;

	for (size_t i = 0; i < c->cap_count; i++)
		if (c->caps[i].slot_given && c->caps[i].slot < CAPDL_LIMIT_SLOT)
			used[c->caps[i].slot] = true;
	for (size_t i = 0; i < c->cap_count; i++) {
		struct spec_cap *cap = &c->caps[i];
		if (cap->slot_given)
			continue;
		while (next < CAPDL_LIMIT_SLOT && used[next])
			next++;
		if (next == CAPDL_LIMIT_SLOT) {
			diag_error(k->d, cap->loc, "no free slot left for cap %s of component %s",
				   cap->name, c->name);
			return;
		}
		cap->slot = next;
		used[next] = true;
	}
}

/* The size of the memory @cap names if it can be attached (`at`), else 0. */
static uint32_t attachable_size(const struct spec *s, const struct spec_cap *cap)
{
	const struct spec_object *o;
	if (cap->target_kind != SPEC_TARGET_OBJECT || cap->target == SPEC_NONE)
		return 0;
	o = &s->objects[cap->target];
	if (o->type != SPEC_OBJ_MEMORY ||
	    (o->mem_kind != CAPDL_MEM_ANON && o->mem_kind != CAPDL_MEM_DEVICE))
		return 0;
	return o->mem_size;
}

/* `at ADDR`: anonymous or device memory, readable, page aligned, inside the program's
 * range, apart from the component's other attachments, and a region mapper to do it. */
static void check_attach(struct checker *k, const struct spec_component *c, size_t i)
{
	const struct spec_cap *cap = &c->caps[i];
	uint32_t size = attachable_size(k->s, cap);
	uint64_t end = (uint64_t)cap->attach + size;

	if (!cap->attach_loc.line || cap->target == SPEC_NONE)
		return;
	if (!size)
		diag_error(k->d, cap->attach_loc,
			   "cap %s of component %s: only anonymous or device memory can be "
			   "attached",
			   cap->name, c->name);
	else if (c->pager != SPEC_PAGER_RM)
		diag_error(k->d, cap->attach_loc,
			   "cap %s of component %s: attaching needs pager rm (its region mapper "
			   "attaches it)",
			   cap->name, c->name);
	else if (!(cap->rights & SPEC_RIGHT_R))
		diag_error(k->d, cap->attach_loc,
			   "cap %s of component %s: attaching needs the right R", cap->name,
			   c->name);
	else if (cap->attach % PAGE_SIZE || cap->attach < CAPDL_ATTACH_MIN ||
		 end > CAPDL_ATTACH_LIMIT)
		diag_error(k->d, cap->attach_loc,
			   "cap %s of component %s: at 0x%x is not page aligned or not inside "
			   "[0x%x, 0x%x)",
			   cap->name, c->name, cap->attach, CAPDL_ATTACH_MIN, CAPDL_ATTACH_LIMIT);
	else
		for (size_t j = 0; j < i; j++) {
			const struct spec_cap *o = &c->caps[j];
			uint32_t osize = attachable_size(k->s, o);
			if (o->attach_loc.line && osize &&
			    cap->attach < o->attach + (uint64_t)osize && o->attach < end) {
				diag_error(k->d, cap->attach_loc,
					   "cap %s of component %s: memory at 0x%x overlaps cap %s "
					   "(at %u:%u)",
					   cap->name, c->name, cap->attach, o->name,
					   o->attach_loc.line, o->attach_loc.col);
				break;
			}
		}
}

static void check_component(struct checker *k, size_t comp)
{
	struct spec_component *c = &k->s->components[comp];

	check_component_attrs(k, c);
	for (size_t i = 0; i < c->cap_count && !diag_full(k->d); i++) {
		struct spec_cap *cap = &c->caps[i];
		if (!resolve_target(k, comp, cap))
			continue;
		if (cap->target_kind == SPEC_TARGET_OBJECT)
			k->reached[cap->target] = true;
		check_rights(k, c, cap);
	}
	check_cap_names_slots(k, c);
	for (size_t i = 0; i < c->cap_count; i++)
		check_attach(k, c, i);
	assign_slots(k, c);
}

/* ---- partitions ---- */

static void put_in_partition(struct checker *k, int comp, int part, struct src_loc loc)
{
	struct spec_component *c = &k->s->components[comp];

	if (c->partition == SPEC_NONE)
		c->partition = part;
	else if (c->partition == part)
		diag_error(k->d, loc, "component %s is put in partition %s twice", c->name,
			   k->s->partitions[part].name);
	else
		diag_error(k->d, loc, "component %s is in two partitions, %s and %s", c->name,
			   k->s->partitions[c->partition].name, k->s->partitions[part].name);
}

static void check_partitions(struct checker *k)
{
	struct spec *s = k->s;

	for (size_t i = 0; i < s->partition_count; i++) {
		struct spec_partition *p = &s->partitions[i];
		p->member_index = calloc(p->member_count ? p->member_count : 1, sizeof(int));
		if (!p->member_index)
			return;
		for (size_t m = 0; m < p->member_count; m++) {
			const struct name_entry *e = lookup(k, p->members[m]);
			p->member_index[m] = SPEC_NONE;
			if (!e || e->kind != NAME_COMPONENT) {
				diag_error(k->d, p->member_locs[m],
					   "member '%s' of partition %s is not a component",
					   p->members[m], p->name);
				continue;
			}
			p->member_index[m] = e->index;
			put_in_partition(k, e->index, (int)i, p->member_locs[m]);
		}
	}
	for (size_t i = 0; i < s->component_count; i++) {
		struct spec_component *c = &s->components[i];
		struct src_loc loc = c->attr_loc[SPEC_ATTR_PARTITION];
		const struct name_entry *e;
		if (!c->partition_name)
			continue;
		e = lookup(k, c->partition_name);
		if (!e || e->kind != NAME_PARTITION)
			diag_error(k->d, loc, "partition '%s' of component %s is not a partition",
				   c->partition_name, c->name);
		else
			put_in_partition(k, (int)i, e->index, loc);
	}
}

/* ---- sums: quotas and memory against parents and the machine ---- */

static struct src_loc system_loc(const struct spec *s)
{
	if (s->has_system)
		return s->system_loc;
	return (struct src_loc){s->file, 1, 1};
}

static void check_quotas(struct checker *k, uint64_t *children)
{
	struct spec *s = k->s;
	uint64_t root = 0;
	char a[32], b[32];

	for (size_t i = 0; i < s->object_count; i++)
		children[i] = 0;
	for (size_t i = 0; i < s->object_count; i++) {
		const struct spec_object *o = &s->objects[i];
		if (o->type != SPEC_OBJ_FACTORY)
			continue;
		if (o->parent == SPEC_NONE)
			root += o->quota;
		else
			children[o->parent] += o->quota;
	}
	for (size_t i = 0; i < s->object_count; i++) {
		const struct spec_object *o = &s->objects[i];
		if (o->type == SPEC_OBJ_FACTORY && children[i] > o->quota)
			diag_error(k->d, o->loc,
				   "factories made from factory %s ask %s together, more than its "
				   "quota %s",
				   o->name, spec_size_str(children[i], a),
				   spec_size_str(o->quota, b));
	}
	for (size_t i = 0; i < s->component_count; i++)
		root += s->components[i].kmem;
	if (root > s->kmem)
		diag_error(k->d, system_loc(s),
			   "factories and components ask %s of kernel memory together, more than "
			   "the machine's kmem %s",
			   spec_size_str(root, a), spec_size_str(s->kmem, b));
}

static void check_ram(struct checker *k)
{
	struct spec *s = k->s;
	uint64_t ram = 0;
	char a[32], b[32];

	for (size_t i = 0; i < s->component_count; i++)
		ram += s->components[i].memory;
	for (size_t i = 0; i < s->object_count; i++)
		if (s->objects[i].type == SPEC_OBJ_MEMORY &&
		    s->objects[i].mem_kind == CAPDL_MEM_ANON)
			ram += s->objects[i].mem_size;
	if (ram > s->ram)
		diag_error(k->d, system_loc(s),
			   "components' memory and anonymous memory take %s together, more than "
			   "the machine's ram %s",
			   spec_size_str(ram, a), spec_size_str(s->ram, b));
}

/* Objects no component holds a cap to (a log gate and a factory's parent count). */
static void warn_unreached(struct checker *k)
{
	struct spec *s = k->s;

	for (size_t i = 0; i < s->object_count; i++)
		if (s->objects[i].type == SPEC_OBJ_FACTORY && s->objects[i].parent != SPEC_NONE)
			k->reached[s->objects[i].parent] = true;
	for (size_t i = 0; i < s->object_count; i++) {
		const struct spec_object *o = &s->objects[i];
		if (!k->reached[i])
			diag_warning(
			    k->d, o->loc,
			    "%s %s is not reachable: no component holds a capability to it",
			    spec_obj_type_name(o->type), o->name);
	}
}

/*
 * A log through a gate is a session the root task opens through it before the
 * component starts: if no component serves the gate (holds it with the server right),
 * the open waits for nobody and the component logs untagged to the kernel log. A
 * warning: the system still runs. (The server must also come earlier in the file,
 * docs/capdl.md says; a later one is not started yet when the session is opened.)
 */
static void check_log_servers(struct checker *k)
{
	const struct spec *s = k->s;
	for (size_t i = 0; i < s->component_count; i++) {
		const struct spec_component *c = &s->components[i];
		if (c->log != SPEC_LOG_GATE || c->log_gate == SPEC_NONE)
			continue;
		bool served = false;
		for (size_t j = 0; j < s->component_count && !served; j++)
			for (size_t n = 0; n < s->components[j].cap_count; n++) {
				const struct spec_cap *cap = &s->components[j].caps[n];
				served |= cap->target_kind == SPEC_TARGET_OBJECT &&
					  cap->target == c->log_gate &&
					  (cap->rights & SPEC_RIGHT_SERVER);
			}
		if (!served)
			diag_warning(k->d, c->attr_loc[SPEC_ATTR_LOG],
				     "log of component %s goes through %s, which no component "
				     "serves: it will log to the kernel log",
				     c->name, c->log_gate_name);
	}
}

static void check_all(struct checker *k, void *scratch)
{
	struct spec *s = k->s;

	check_limits(k);
	for (size_t i = 0; i < s->object_count && !diag_full(k->d); i++)
		check_object(k, &s->objects[i]);
	check_irq_lines(k, scratch);
	check_kernel_singletons(k);
	check_device_overlap(k, scratch);
	check_factory_cycles(k, scratch);
	for (size_t i = 0; i < s->component_count && !diag_full(k->d); i++)
		check_component(k, i);
	check_log_servers(k);
	check_partitions(k);
	check_quotas(k, scratch);
	check_ram(k);
}

int spec_check(struct spec *s, const struct check_opts *o, struct diag *d)
{
	static const struct check_opts defaults = {NULL, false};
	struct checker k = {.s = s, .o = o ? o : &defaults, .d = d};
	unsigned before = d->errors;
	size_t n = s->object_count ? s->object_count : 1;
	/* Scratch for the passes over objects: pointers, indexes or sums, one per object. */
	void *scratch = malloc(n * sizeof(uint64_t));

	k.reached = calloc(n, sizeof(bool));
	if (!scratch || !k.reached || !index_names(&k)) {
		diag_error(d, system_loc(s), "out of memory");
	} else {
		check_all(&k, scratch);
		if (d->errors == before)
			warn_unreached(&k);
	}
	free(scratch);
	free(k.reached);
	free(k.names);
	return (int)(d->errors - before);
}
