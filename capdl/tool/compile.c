/* compile.c - write a checked spec in the compiled form the root task reads (capdl_format.h). */
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* A growing byte buffer: the string table, then the whole file. */
struct buf {
	char *data;
	size_t len, cap;
	bool oom;
};

static void buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *d;
		while (cap < b->len + n)
			cap *= 2;
		d = realloc(b->data, cap);
		if (!d) {
			b->oom = true;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

/* Append a little-endian uint32_t. */
static void buf_u32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};

	buf_add(b, le, 4);
}

/* Add @s to the string table (once: an equal string already there is reused). */
static uint32_t str_add(struct buf *t, const char *s)
{
	size_t n = strlen(s) + 1;

	for (size_t off = 0; off < t->len; off += strlen(t->data + off) + 1)
		if (strcmp(t->data + off, s) == 0)
			return (uint32_t)off;
	buf_add(t, s, n);
	return (uint32_t)(t->len - n);
}

static uint32_t str_or_none(struct buf *t, const char *s)
{
	return s ? str_add(t, s) : CAPDL_NONE;
}

/* Arguments: consecutive strings, never shared, so each follows the previous one. */
static uint32_t args_add(struct buf *t, const struct spec_component *c)
{
	uint32_t first = (uint32_t)t->len;

	if (c->arg_count == 0)
		return CAPDL_NONE;
	for (size_t i = 0; i < c->arg_count; i++)
		buf_add(t, c->args[i], strlen(c->args[i]) + 1);
	return first;
}

/*
 * The objects' order in the file: the spec's, except that a factory's ancestors not
 * yet placed are placed just before it (root-most first). order[k] is the spec index
 * of the k-th object, place[i] where spec object i goes.
 */
static void order_objects(const struct spec *s, int *order, int *place)
{
	size_t k = 0;

	for (size_t i = 0; i < s->object_count; i++)
		place[i] = SPEC_NONE;
	for (size_t i = 0; i < s->object_count; i++) {
		size_t depth = 0;
		int x;
		/* Count the unplaced chain i, parent, grandparent, ...; place it top down. */
		for (x = (int)i; x != SPEC_NONE && place[x] == SPEC_NONE; x = s->objects[x].parent)
			depth++;
		while (depth > 0) {
			size_t d = 1;
			for (x = (int)i; d < depth; x = s->objects[x].parent)
				d++;
			place[x] = (int)k;
			order[k++] = x;
			depth--;
		}
	}
}

static void put_object(struct buf *f, struct buf *t, const struct spec_object *o, const int *place)
{
	uint32_t a = 0, b = 0, c = 0, d = CAPDL_NONE;

	switch (o->type) {
	case SPEC_OBJ_GATE:
		a = o->label;
		break;
	case SPEC_OBJ_IRQ:
		a = o->irq_source, b = o->irq_line, c = o->irq_trigger;
		break;
	case SPEC_OBJ_MEMORY:
		a = o->mem_kind, b = o->mem_size, c = o->mem_phys;
		d = str_or_none(t, o->mem_module);
		break;
	case SPEC_OBJ_FACTORY:
		a = o->quota;
		b = o->parent == SPEC_NONE ? CAPDL_NONE : (uint32_t)place[o->parent];
		break;
	case SPEC_OBJ_SCHEDULER:
		a = o->sched_max;
		break;
	default:
		break;
	}
	buf_u32(f, o->type);
	buf_u32(f, str_add(t, o->name));
	buf_u32(f, a);
	buf_u32(f, b);
	buf_u32(f, c);
	buf_u32(f, d);
}

static void put_component(struct buf *f, struct buf *t, const struct spec_component *c,
			  const int *place, uint32_t cap_first)
{
	uint32_t flags = (c->devices ? CAPDL_COMP_DEVICES : 0) |
			 (c->pager == SPEC_PAGER_RM ? CAPDL_COMP_PAGER_RM : 0) |
			 (c->eager_map ? CAPDL_COMP_EAGER_MAP : 0);
	bool session = c->log == SPEC_LOG_GATE;

	buf_u32(f, str_add(t, c->name));
	buf_u32(f, str_add(t, c->program));
	buf_u32(f, (uint32_t)c->arg_count);
	buf_u32(f, args_add(t, c));
	buf_u32(f, c->priority);
	buf_u32(f, c->prio_max);
	buf_u32(f, c->kmem);
	buf_u32(f, c->memory);
	buf_u32(f, c->pages);
	buf_u32(f, flags);
	buf_u32(f, c->restart);
	buf_u32(f, session ? CAPDL_LOG_SESSION : CAPDL_LOG_KERNEL);
	buf_u32(f, session ? (uint32_t)place[c->log_gate] : CAPDL_NONE);
	buf_u32(f, session ? str_or_none(t, c->log_tag) : CAPDL_NONE);
	buf_u32(f, str_or_none(t, c->banner));
	buf_u32(f, c->partition == SPEC_NONE ? CAPDL_NONE : (uint32_t)c->partition);
	buf_u32(f, cap_first);
	buf_u32(f, (uint32_t)c->cap_count);
}

static void put_cap(struct buf *f, struct buf *t, const struct spec_cap *cap, const int *place)
{
	uint32_t target = (uint32_t)cap->target;

	if (cap->target_kind == SPEC_TARGET_OBJECT)
		target = (uint32_t)place[cap->target];
	buf_u32(f, str_add(t, cap->name));
	buf_u32(f, cap->slot);
	buf_u32(f, cap->rights);
	buf_u32(f, cap->target_kind);
	buf_u32(f, target);
	buf_u32(f, cap->attach_loc.line ? cap->attach : 0);
}

static void put_header(struct buf *f, const struct spec *s, uint32_t name, uint32_t strings_len)
{
	uint32_t off = sizeof(struct capdl_header);
	uint32_t objects = off, components, caps, partitions, strings;
	size_t cap_count = 0;

	for (size_t i = 0; i < s->component_count; i++)
		cap_count += s->components[i].cap_count;
	components = objects + (uint32_t)(s->object_count * sizeof(struct capdl_object));
	caps = components + (uint32_t)(s->component_count * sizeof(struct capdl_component));
	partitions = caps + (uint32_t)(cap_count * sizeof(struct capdl_cap));
	strings = partitions + (uint32_t)(s->partition_count * sizeof(uint32_t));
	buf_u32(f, CAPDL_MAGIC);
	buf_u32(f, CAPDL_FORMAT_VERSION);
	buf_u32(f, strings + strings_len);
	buf_u32(f, name);
	buf_u32(f, (uint32_t)s->object_count);
	buf_u32(f, objects);
	buf_u32(f, (uint32_t)s->component_count);
	buf_u32(f, components);
	buf_u32(f, (uint32_t)cap_count);
	buf_u32(f, caps);
	buf_u32(f, (uint32_t)s->partition_count);
	buf_u32(f, partitions);
	buf_u32(f, strings);
}

/* Everything after the header into @body, the strings into @t. */
static void put_body(struct buf *body, struct buf *t, const struct spec *s, const int *order,
		     const int *place)
{
	uint32_t cap_first = 0;

	for (size_t k = 0; k < s->object_count; k++)
		put_object(body, t, &s->objects[order[k]], place);
	for (size_t i = 0; i < s->component_count; i++) {
		put_component(body, t, &s->components[i], place, cap_first);
		cap_first += (uint32_t)s->components[i].cap_count;
	}
	for (size_t i = 0; i < s->component_count; i++)
		for (size_t j = 0; j < s->components[i].cap_count; j++)
			put_cap(body, t, &s->components[i].caps[j], place);
	for (size_t i = 0; i < s->partition_count; i++)
		buf_u32(body, str_add(t, s->partitions[i].name));
}

int capdl_compile(const struct spec *s, const char *name, void **out, size_t *size)
{
	struct buf file = {0}, body = {0}, strings = {0};
	size_t n = s->object_count ? s->object_count : 1;
	int *order = malloc(n * sizeof(int)), *place = malloc(n * sizeof(int));
	uint32_t name_off;
	int ret = -1;

	if (order && place) {
		name_off = str_add(&strings, s->system_name ? s->system_name : name);
		order_objects(s, order, place);
		put_body(&body, &strings, s, order, place);
		put_header(&file, s, name_off, (uint32_t)strings.len);
		buf_add(&file, body.data, body.len);
		buf_add(&file, strings.data, strings.len);
		if (!file.oom && !body.oom && !strings.oom) {
			*out = file.data;
			*size = file.len;
			file.data = NULL;
			ret = 0;
		}
	}
	free(file.data);
	free(body.data);
	free(strings.data);
	free(order);
	free(place);
	return ret;
}
