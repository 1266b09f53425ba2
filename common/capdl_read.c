/* capdl_read.c - check a compiled capDL spec before the root task trusts any byte of it. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "capdl_read.h"

#define PAGE_SIZE    4096u
#define RIGHTS_KNOWN 0xefu /* RWSD and the object rights 0x20, 0x40, 0x80; not 0x10 */
#define RIGHT_SERVER 0x20u
#define RIGHT_R	     0x4u

/* Fail with a reason: every check below is one `if (...) return fail(why, "...")`. */
static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -1;
}

/* The string at @off: inside the table and NUL-terminated inside it; its length. */
static bool string_ok(const struct capdl_view *v, uint32_t off, size_t *len)
{
	const char *end;

	if (off >= v->strings_size)
		return false;
	end = memchr(v->strings + off, '\0', v->strings_size - off);
	if (!end)
		return false;
	if (len)
		*len = (size_t)(end - (v->strings + off));
	return true;
}

static bool string_or_none_ok(const struct capdl_view *v, uint32_t off)
{
	return off == CAPDL_NONE || string_ok(v, off, NULL);
}

/* An array of @count records of @elem bytes at @off: aligned, between header and strings. */
static bool array_ok(const struct capdl_header *h, uint32_t off, uint32_t count, size_t elem)
{
	uint64_t end = (uint64_t)off + (uint64_t)count * elem;

	return off % 4 == 0 && off >= sizeof(*h) && end <= h->string_off;
}

static int check_header(struct capdl_view *v, const void *data, size_t size, const char **why)
{
	const struct capdl_header *h = data;

	if (!data || (uintptr_t)data % 4)
		return fail(why, "data is not 4-byte aligned");
	if (size < sizeof(*h))
		return fail(why, "shorter than the header");
	if (h->magic != CAPDL_MAGIC)
		return fail(why, "bad magic");
	if (h->version != CAPDL_FORMAT_VERSION)
		return fail(why, "unknown format version");
	if (h->size < sizeof(*h) || h->size > size)
		return fail(why, "header size is not the data's size");
	if (h->string_off < sizeof(*h) || h->string_off > h->size)
		return fail(why, "string table outside the file");
	if (h->object_count > CAPDL_MAX_OBJECTS)
		return fail(why, "too many objects");
	if (h->component_count > CAPDL_MAX_COMPONENTS)
		return fail(why, "too many components");
	if (h->cap_count > CAPDL_MAX_COMPONENTS * CAPDL_MAX_CAPS)
		return fail(why, "too many caps");
	if (h->partition_count > CAPDL_MAX_COMPONENTS)
		return fail(why, "too many partitions");
	if (!array_ok(h, h->object_off, h->object_count, sizeof(struct capdl_object)))
		return fail(why, "object array outside the file");
	if (!array_ok(h, h->component_off, h->component_count, sizeof(struct capdl_component)))
		return fail(why, "component array outside the file");
	if (!array_ok(h, h->cap_off, h->cap_count, sizeof(struct capdl_cap)))
		return fail(why, "cap array outside the file");
	if (!array_ok(h, h->partition_off, h->partition_count, sizeof(uint32_t)))
		return fail(why, "partition array outside the file");
	v->h = h;
	v->objects = (const void *)((const char *)data + h->object_off);
	v->components = (const void *)((const char *)data + h->component_off);
	v->caps = (const void *)((const char *)data + h->cap_off);
	v->partitions = (const void *)((const char *)data + h->partition_off);
	v->strings = (const char *)data + h->string_off;
	v->strings_size = h->size - h->string_off;
	if (!string_or_none_ok(v, h->name))
		return fail(why, "system name not a string");
	return 0;
}

static int check_memory(const struct capdl_view *v, const struct capdl_object *o, const char **why)
{
	size_t len;

	switch (o->a) {
	case CAPDL_MEM_ANON:
	case CAPDL_MEM_DEVICE:
		if (o->b == 0 || o->b % PAGE_SIZE)
			return fail(why, "memory: size not a nonzero page multiple");
		if (o->a == CAPDL_MEM_DEVICE && o->c % PAGE_SIZE)
			return fail(why, "memory: device base not page aligned");
		if (o->a == CAPDL_MEM_DEVICE && (uint64_t)o->c + o->b > (1ull << 32))
			return fail(why, "memory: device range wraps");
		return 0;
	case CAPDL_MEM_CONSOLE:
		return 0;
	case CAPDL_MEM_MODULE:
		if (!string_ok(v, o->d, &len) || len == 0 || len >= CAPDL_MODULE_MAX)
			return fail(why, "memory: bad module name");
		return 0;
	default:
		return fail(why, "memory: unknown kind");
	}
}

static int check_irq(const struct capdl_object *o, const char **why)
{
	if (o->a > CAPDL_IRQ_CONSOLE)
		return fail(why, "irq: unknown source");
	if (o->c > CAPDL_TRIGGER_EDGE_RISING)
		return fail(why, "irq: unknown trigger");
	return 0;
}

/* Object @i: its name, type and the fields of its type. */
static int check_object(const struct capdl_view *v, uint32_t i, const char **why)
{
	const struct capdl_object *o = &v->objects[i];

	if (!string_ok(v, o->name, NULL))
		return fail(why, "object: name not a string");
	switch (o->type) {
	case CAPDL_OBJ_GATE:
		return o->a & 3 ? fail(why, "gate: label has low bits set") : 0;
	case CAPDL_OBJ_IRQ:
		return check_irq(o, why);
	case CAPDL_OBJ_MEMORY:
		return check_memory(v, o, why);
	case CAPDL_OBJ_FACTORY:
		if (o->b != CAPDL_NONE && (o->b >= i || v->objects[o->b].type != CAPDL_OBJ_FACTORY))
			return fail(why, "factory: parent not an earlier factory");
		return 0;
	case CAPDL_OBJ_SCHEDULER:
		return o->a < 1 || o->a > 255 ? fail(why, "scheduler: max not in 1..255") : 0;
	case CAPDL_OBJ_ICU:
	case CAPDL_OBJ_LOG:
	case CAPDL_OBJ_SEMAPHORE:
	case CAPDL_OBJ_DEBUGGER:
	case CAPDL_OBJ_PFC:
		return 0; /* no fields */
	default:
		return fail(why, "object: unknown type");
	}
}

/* The bytes @cap attaches (an anonymous or device memory object's size), or 0. */
static uint32_t attach_size(const struct capdl_view *v, const struct capdl_cap *cap)
{
	const struct capdl_object *o = &v->objects[cap->target];
	if (cap->target_kind != CAPDL_TARGET_OBJECT || cap->target >= v->h->object_count ||
	    o->type != CAPDL_OBJ_MEMORY || (o->a != CAPDL_MEM_ANON && o->a != CAPDL_MEM_DEVICE))
		return 0;
	return o->b;
}

/* An attached cap (`at`): see struct capdl_cap.attach. Overlaps are checked with the
 * component's earlier caps (check_caps_of()). */
static int check_attach(const struct capdl_view *v, uint32_t comp, const struct capdl_cap *cap,
			const char **why)
{
	uint32_t size = attach_size(v, cap);
	if (!size)
		return fail(why, "cap: attached, but not anonymous or device memory");
	if (!(v->components[comp].flags & CAPDL_COMP_PAGER_RM))
		return fail(why, "cap: attached, but the component has no region mapper");
	if (!(cap->rights & RIGHT_R))
		return fail(why, "cap: attached without the right R");
	if (cap->attach % 4096u || cap->attach < CAPDL_ATTACH_MIN ||
	    cap->attach >= CAPDL_ATTACH_LIMIT || size > CAPDL_ATTACH_LIMIT - cap->attach)
		return fail(why, "cap: attached outside the program's range or unaligned");
	return 0;
}

/* Do attached caps @a and @b overlap? */
static bool attach_overlaps(const struct capdl_view *v, const struct capdl_cap *a,
			    const struct capdl_cap *b)
{
	if (!a->attach || !b->attach)
		return false;
	return a->attach < b->attach + (uint64_t)attach_size(v, b) &&
	       b->attach < a->attach + (uint64_t)attach_size(v, a);
}

/* Cap @i of component @comp: name, slot, rights, target. */
static int check_cap(const struct capdl_view *v, uint32_t comp, uint32_t i, const char **why)
{
	const struct capdl_cap *cap = &v->caps[i];
	size_t len;

	if (!string_ok(v, cap->name, &len) || len == 0 || len > CAPDL_NAME_MAX)
		return fail(why, "cap: bad name");
	if (cap->slot < CAPDL_FIRST_SLOT || cap->slot >= CAPDL_LIMIT_SLOT)
		return fail(why, "cap: slot outside [0x20, 0x100)");
	if (cap->rights & ~RIGHTS_KNOWN)
		return fail(why, "cap: unknown rights");
	switch (cap->target_kind) {
	case CAPDL_TARGET_OBJECT:
		if (cap->target >= v->h->object_count)
			return fail(why, "cap: object index out of range");
		if ((cap->rights & RIGHT_SERVER) && v->objects[cap->target].type != CAPDL_OBJ_GATE)
			return fail(why, "cap: server right on a non-gate");
		return cap->attach ? check_attach(v, comp, cap, why) : 0;
	case CAPDL_TARGET_COMPONENT_TASK:
	case CAPDL_TARGET_COMPONENT_THREAD:
	case CAPDL_TARGET_COMPONENT_FACTORY:
		if (cap->target >= comp)
			return fail(why, "cap: component target not an earlier component");
		if (cap->rights & RIGHT_SERVER)
			return fail(why, "cap: server right on a non-gate");
		if (cap->attach)
			return fail(why, "cap: attached, but not memory");
		return 0;
	default:
		return fail(why, "cap: unknown target kind");
	}
}

/* The caps of component @comp: its range, then each cap, slots unique. */
static int check_caps_of(const struct capdl_view *v, uint32_t comp, uint32_t first,
			 const char **why)
{
	const struct capdl_component *c = &v->components[comp];

	if (c->cap_first != first || c->cap_count > CAPDL_MAX_CAPS ||
	    c->cap_count > v->h->cap_count - first)
		return fail(why, "component: cap range not its own");
	for (uint32_t i = first; i < first + c->cap_count; i++) {
		if (check_cap(v, comp, i, why))
			return -1;
		for (uint32_t j = first; j < i; j++) {
			if (v->caps[j].slot == v->caps[i].slot)
				return fail(why, "cap: slot given twice in a component");
			if (attach_overlaps(v, &v->caps[j], &v->caps[i]))
				return fail(why, "cap: attached over another attachment");
		}
	}
	return 0;
}

static int check_args(const struct capdl_view *v, const struct capdl_component *c, const char **why)
{
	uint32_t off = c->args;
	size_t len;

	if (c->arg_count > CAPDL_MAX_ARGS)
		return fail(why, "component: too many args");
	for (uint32_t i = 0; i < c->arg_count; i++) {
		if (!string_ok(v, off, &len))
			return fail(why, "component: args outside the string table");
		off += (uint32_t)len + 1;
	}
	return 0;
}

static int check_log(const struct capdl_view *v, const struct capdl_component *c, const char **why)
{
	if (c->log_kind == CAPDL_LOG_KERNEL)
		return 0;
	if (c->log_kind != CAPDL_LOG_SESSION)
		return fail(why, "component: unknown log kind");
	if (c->log_gate >= v->h->object_count || v->objects[c->log_gate].type != CAPDL_OBJ_GATE)
		return fail(why, "component: log gate not a gate");
	if (!string_or_none_ok(v, c->log_tag))
		return fail(why, "component: log tag not a string");
	return 0;
}

/* Component @i: strings, priorities, flags, log, partition. */
static int check_component(const struct capdl_view *v, uint32_t i, const char **why)
{
	const struct capdl_component *c = &v->components[i];
	size_t len;

	if (!string_ok(v, c->name, NULL))
		return fail(why, "component: name not a string");
	if (!string_ok(v, c->module, &len) || len == 0 || len >= CAPDL_MODULE_MAX)
		return fail(why, "component: bad module name");
	if (check_args(v, c, why))
		return -1;
	if (c->prio < 1 || c->prio > c->prio_max || c->prio_max > 255)
		return fail(why, "component: priority not in 1..prio_max..255");
	if (c->flags & ~(CAPDL_COMP_DEVICES | CAPDL_COMP_PAGER_RM | CAPDL_COMP_EAGER_MAP))
		return fail(why, "component: unknown flags");
	if ((c->flags & CAPDL_COMP_PAGER_RM) && c->mem_limit == 0)
		return fail(why, "component: pager rm without memory");
	if (check_log(v, c, why))
		return -1;
	if (!string_or_none_ok(v, c->banner))
		return fail(why, "component: banner not a string");
	if (c->partition != CAPDL_NONE && c->partition >= v->h->partition_count)
		return fail(why, "component: partition out of range");
	return 0;
}

int capdl_view_open(struct capdl_view *v, const void *data, size_t size, const char **why)
{
	uint32_t next_cap = 0;

	memset(v, 0, sizeof(*v));
	if (check_header(v, data, size, why))
		return -1;
	for (uint32_t i = 0; i < v->h->partition_count; i++)
		if (!string_ok(v, v->partitions[i], NULL))
			return fail(why, "partition: name not a string");
	for (uint32_t i = 0; i < v->h->object_count; i++)
		if (check_object(v, i, why))
			return -1;
	for (uint32_t i = 0; i < v->h->component_count; i++) {
		if (check_component(v, i, why) || check_caps_of(v, i, next_cap, why))
			return -1;
		next_cap += v->components[i].cap_count;
	}
	if (next_cap != v->h->cap_count)
		return fail(why, "cap: not every cap belongs to a component");
	return 0;
}

const char *capdl_view_string(const struct capdl_view *v, uint32_t off)
{
	if (off == CAPDL_NONE || off >= v->strings_size)
		return NULL;
	return v->strings + off;
}

const char *capdl_view_arg(const struct capdl_view *v, const struct capdl_component *c, unsigned i)
{
	uint32_t off = c->args;

	if (i >= c->arg_count)
		return NULL;
	while (i--) {
		const char *s = capdl_view_string(v, off);
		if (!s)
			return NULL;
		off += (uint32_t)strlen(s) + 1;
	}
	return capdl_view_string(v, off);
}
