/* diff.c - compare a dump of the running system's capability tables with its spec. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

#define DUMP_BEGIN "--- capdl dump begin ---"
#define DUMP_END   "--- capdl dump end ---"
#define MAX_WORDS  10

/* One `slot N TYPE OBJECT RIGHTS ...` line. */
struct dump_slot {
	uint32_t slot;
	enum spec_kobj type;
	char *object;
	unsigned rights;
};

/* One `live NAME { ... }` block. */
struct dump_live {
	char *name;
	struct dump_slot *slots;
	size_t count, cap;
};

struct dump {
	struct dump_live *lives;
	size_t count, cap;
};

/* One line of output, sorted by component, slot, then the order it was made. */
struct diff_line {
	const char *component;
	long slot; /* -1: about the whole component */
	size_t seq;
	char *text;
};

struct diff_out {
	struct diff_line *lines;
	size_t count, cap;
	bool oom;
};

static bool grow(void **a, size_t *cap, size_t count, size_t size)
{
	void *p;
	size_t n;

	if (count < *cap)
		return true;
	n = *cap ? *cap * 2 : 8;
	p = realloc(*a, n * size);
	if (!p)
		return false;
	*a = p;
	*cap = n;
	return true;
}

static void dump_free(struct dump *dm)
{
	for (size_t i = 0; i < dm->count; i++) {
		for (size_t j = 0; j < dm->lives[i].count; j++)
			free(dm->lives[i].slots[j].object);
		free(dm->lives[i].slots);
		free(dm->lives[i].name);
	}
	free(dm->lives);
}

/* ---- reading the dump ---- */

/* Split @line (modified) into at most MAX_WORDS words; the count, or -1 if more. */
static int split_words(char *line, char **words)
{
	int n = 0;

	for (char *p = strtok(line, " \t"); p; p = strtok(NULL, " \t")) {
		if (n == MAX_WORDS)
			return -1;
		words[n++] = p;
	}
	return n;
}

static bool parse_type(const char *w, enum spec_kobj *t)
{
	for (int i = SPEC_KOBJ_TASK; i < SPEC_KOBJ_COUNT; i++) {
		if (strcmp(w, spec_kobj_name(i)) == 0) {
			*t = i;
			return true;
		}
	}
	return false;
}

/* RIGHTS [server] [obj2] [obj3]: letters of RWSD (or "-"), then the object rights. */
static bool parse_rights(char **words, int n, unsigned *rights)
{
	static const char letters[] = "WSRD";

	*rights = 0;
	if (strcmp(words[0], "-") != 0) {
		for (const char *p = words[0]; *p; p++) {
			const char *l = memchr(letters, *p, 4);
			unsigned bit = l ? 1u << (l - letters) : 0;
			if (!bit || (*rights & bit))
				return false;
			*rights |= bit;
		}
	}
	for (int i = 1; i < n; i++) {
		unsigned bit = strcmp(words[i], "server") == 0 ? SPEC_RIGHT_SERVER
			       : strcmp(words[i], "obj2") == 0 ? SPEC_RIGHT_OBJ2
			       : strcmp(words[i], "obj3") == 0 ? SPEC_RIGHT_OBJ3
							       : 0;
		if (!bit || (*rights & bit))
			return false;
		*rights |= bit;
	}
	return true;
}

static bool parse_slot_number(const char *w, uint32_t *slot)
{
	char *end;
	unsigned long v;

	if (w[0] < '0' || w[0] > '9')
		return false;
	v = strtoul(w, &end, 0);
	if (*end || v > UINT32_MAX)
		return false;
	*slot = (uint32_t)v;
	return true;
}

/* `slot N TYPE OBJECT RIGHTS ...` into @live; NULL, or what is wrong. */
static const char *parse_slot_line(struct dump_live *live, char **w, int n)
{
	struct dump_slot ds;

	if (n < 5 || !parse_slot_number(w[1], &ds.slot))
		return "malformed slot line";
	if (!parse_type(w[2], &ds.type))
		return "unknown object type";
	if (!parse_rights(w + 4, n - 4, &ds.rights))
		return "malformed rights";
	for (size_t i = 0; i < live->count; i++)
		if (live->slots[i].slot == ds.slot)
			return "slot given twice";
	if (!grow((void **)&live->slots, &live->cap, live->count, sizeof(ds)))
		return "out of memory";
	ds.object = strdup(w[3]);
	if (!ds.object)
		return "out of memory";
	live->slots[live->count++] = ds;
	return NULL;
}

/* `live NAME {` */
static const char *parse_live_line(struct dump *dm, char **w, int n)
{
	struct dump_live *live;

	if (n != 3 || strcmp(w[2], "{") != 0)
		return "malformed live line";
	for (size_t i = 0; i < dm->count; i++)
		if (strcmp(dm->lives[i].name, w[1]) == 0)
			return "component given twice";
	if (!grow((void **)&dm->lives, &dm->cap, dm->count, sizeof(*live)))
		return "out of memory";
	live = &dm->lives[dm->count];
	memset(live, 0, sizeof(*live));
	live->name = strdup(w[1]);
	if (!live->name)
		return "out of memory";
	dm->count++;
	return NULL;
}

/* One line inside the markers; *in_live tracks the block. NULL, or what is wrong. */
static const char *parse_dump_line(struct dump *dm, char *line, bool *in_live)
{
	char *w[MAX_WORDS];
	int n = split_words(line, w);

	if (n < 0)
		return "too many words";
	if (n == 0 || w[0][0] == '#')
		return NULL;
	if (strcmp(w[0], "}") == 0 && n == 1) {
		if (!*in_live)
			return "'}' outside a live block";
		*in_live = false;
		return NULL;
	}
	if (strcmp(w[0], "live") == 0) {
		if (*in_live)
			return "live block inside a live block";
		*in_live = true;
		return parse_live_line(dm, w, n);
	}
	if (strcmp(w[0], "slot") == 0 && *in_live)
		return parse_slot_line(&dm->lives[dm->count - 1], w, n);
	return "not a live, slot or '}' line";
}

/* Strip trailing blanks and a CR. */
static void trim_end(char *line)
{
	size_t n = strlen(line);

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = '\0';
}

static bool is_marker(const char *line, const char *marker)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return strcmp(line, marker) == 0;
}

/* Read the dump between the markers of @text; 0, or -1 after telling @err why. */
static int read_dump(struct dump *dm, const char *text, size_t len, FILE *err)
{
	char *copy = malloc(len + 1), *line, *next;
	int state = 0, lineno = 0; /* 0: before begin, 1: inside, 2: after end */
	bool in_live = false;
	const char *why = NULL;

	if (!copy)
		return fprintf(err, "capdl diff: out of memory\n"), -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = copy; line && state < 2 && !why; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		trim_end(line);
		if (state == 0 && is_marker(line, DUMP_BEGIN))
			state = 1;
		else if (state == 1 && is_marker(line, DUMP_END) && in_live)
			why = "live block without '}'";
		else if (state == 1 && is_marker(line, DUMP_END))
			state = 2;
		else if (state == 1)
			why = parse_dump_line(dm, line, &in_live);
	}
	free(copy);
	if (why)
		fprintf(err, "capdl diff: dump line %d: %s\n", lineno, why);
	else if (state == 0)
		fprintf(err, "capdl diff: no '%s' line\n", DUMP_BEGIN);
	else if (state == 1)
		fprintf(err, "capdl diff: no '%s' line\n", DUMP_END);
	return state == 2 && !why ? 0 : -1;
}

/* ---- comparing ---- */

static void add_line(struct diff_out *o, const char *component, long slot, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_line(struct diff_out *o, const char *component, long slot, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	if (!grow((void **)&o->lines, &o->cap, o->count, sizeof(*o->lines))) {
		o->oom = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	o->lines[o->count] = (struct diff_line){component, slot, o->count, strdup(text)};
	if (!o->lines[o->count].text)
		o->oom = true;
	else
		o->count++;
}

static int compare_dump_slots(const void *a, const void *b)
{
	const struct dump_slot *x = a, *y = b;
	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/* Does component @server hold gate object @gate with the server right? */
static bool serves_gate(const struct spec *s, size_t server, int gate)
{
	const struct spec_component *c = &s->components[server];
	for (size_t i = 0; i < c->cap_count; i++)
		if (c->caps[i].target_kind == SPEC_TARGET_OBJECT && c->caps[i].target == gate &&
		    (c->caps[i].rights & SPEC_RIGHT_SERVER))
			return true;
	return false;
}

/*
 * Is @d, in component @server, the server's end of a log session it serves: "C.log"
 * of a component C whose log is a session through a gate @server serves? A log server
 * makes each session and keeps it; the spec implies that.
 */
static bool served_session(const struct spec *s, size_t server, const struct dump_slot *d)
{
	size_t len = strlen(d->object);
	if (d->type != SPEC_KOBJ_GATE || len < 5 || strcmp(d->object + len - 4, ".log") != 0)
		return false;
	for (size_t c = 0; c < s->component_count; c++) {
		const struct spec_component *sc = &s->components[c];
		if (strlen(sc->name) == len - 4 && strncmp(sc->name, d->object, len - 4) == 0)
			return sc->log == SPEC_LOG_GATE && serves_gate(s, server, sc->log_gate);
	}
	return false;
}

/* A slot in the dump the spec does not give: reported unless a #ID without --all, or
 * a log session the component serves. */
static void dump_only(struct diff_out *o, const struct spec *s, size_t comp,
		      const struct dump_slot *d, bool all)
{
	char r[32];

	if ((d->object[0] == '#' || served_session(s, comp, d)) && !all)
		return;
	const char *name = s->components[comp].name;
	add_line(o, name, d->slot, "%s: slot 0x%x: %s %s %s is not in the spec", name, d->slot,
		 spec_kobj_name(d->type), d->object, spec_rights_str(d->rights, r));
}

static void spec_only(struct diff_out *o, const char *comp, const struct spec_slot *e)
{
	char r[32], name[160];

	add_line(o, comp, e->slot, "%s: slot 0x%x: %s %s %s is missing", comp, e->slot,
		 spec_kobj_name(e->type), spec_slot_name(e, name, sizeof(name)),
		 spec_rights_str(e->rights, r));
}

static void compare_slot(struct diff_out *o, const char *comp, const struct dump_slot *d,
			 const struct spec_slot *e)
{
	char r1[32], r2[32], name[160];

	spec_slot_name(e, name, sizeof(name));
	if (d->type != e->type || strcmp(d->object, name) != 0)
		add_line(o, comp, d->slot, "%s: slot 0x%x: names %s %s, the spec says %s %s", comp,
			 d->slot, spec_kobj_name(d->type), d->object, spec_kobj_name(e->type),
			 name);
	if (d->rights != e->rights)
		add_line(o, comp, d->slot, "%s: slot 0x%x: rights %s, the spec says %s", comp,
			 d->slot, spec_rights_str(d->rights, r1), spec_rights_str(e->rights, r2));
}

/* Merge a live block's slots with the component's expected table. */
static void compare_component(struct diff_out *o, const struct spec *s, size_t comp,
			      struct dump_live *live, bool all)
{
	const char *name = s->components[comp].name;
	size_t n, i = 0, j = 0;
	struct spec_slot *t = spec_component_table(s, comp, &n);

	if (!t) {
		o->oom = true;
		return;
	}
	if (live->count)
		qsort(live->slots, live->count, sizeof(*live->slots), compare_dump_slots);
	while (i < live->count || j < n) {
		if (j == n || (i < live->count && live->slots[i].slot < t[j].slot))
			dump_only(o, s, comp, &live->slots[i++], all);
		else if (i == live->count || t[j].slot < live->slots[i].slot)
			spec_only(o, name, &t[j++]);
		else
			compare_slot(o, name, &live->slots[i++], &t[j++]);
	}
	free(t);
}

static int compare_lines(const void *a, const void *b)
{
	const struct diff_line *x = a, *y = b;
	int c = strcmp(x->component, y->component);

	if (c)
		return c;
	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void compare_all(struct diff_out *o, const struct spec *s, struct dump *dm, bool all)
{
	bool *running = calloc(s->component_count + 1, sizeof(bool));

	if (!running) {
		o->oom = true;
		return;
	}
	for (size_t i = 0; i < dm->count; i++) {
		int comp = spec_find_component(s, dm->lives[i].name);
		if (comp == SPEC_NONE) {
			add_line(o, dm->lives[i].name, -1, "%s: not in the spec",
				 dm->lives[i].name);
			continue;
		}
		running[comp] = true;
		compare_component(o, s, (size_t)comp, &dm->lives[i], all);
	}
	for (size_t i = 0; i < s->component_count; i++)
		if (!running[i])
			add_line(o, s->components[i].name, -1, "%s: not running",
				 s->components[i].name);
	free(running);
}

int capdl_diff(const struct spec *s, const char *dump, size_t len, bool all, FILE *out, FILE *err)
{
	struct dump dm = {0};
	struct diff_out o = {0};
	int ret = 2;

	if (read_dump(&dm, dump, len, err) == 0) {
		compare_all(&o, s, &dm, all);
		if (o.count)
			qsort(o.lines, o.count, sizeof(*o.lines), compare_lines);
		for (size_t i = 0; i < o.count; i++)
			fprintf(out, "%s\n", o.lines[i].text);
		ret = o.oom ? 2 : o.count ? 1 : 0;
		if (o.oom)
			fprintf(err, "capdl diff: out of memory\n");
	}
	for (size_t i = 0; i < o.count; i++)
		free(o.lines[i].text);
	free(o.lines);
	dump_free(&dm);
	return ret;
}
