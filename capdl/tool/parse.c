/* parse.c - the capDL parser: tokens to struct spec, with error recovery and no recursion. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <stdlib.h>
#include <string.h>

#include "lex.h"

struct parser {
	struct lexer lx;
	struct token tok; /* the current token */
	struct spec *s;
	struct diag *d;
	bool oom;
};

static const char *const top_keywords[] = {"system",   "component", "gate",	"irq", "memory",
					   "factory",  "scheduler", "icu",	"log", "semaphore",
					   "debugger", "pfc",	    "partition"};

static const char *const attr_keywords[SPEC_ATTR_COUNT] = {
    [SPEC_ATTR_PROGRAM] = "program",
    [SPEC_ATTR_PRIORITY] = "priority",
    [SPEC_ATTR_KMEM] = "kmem",
    [SPEC_ATTR_MEMORY] = "memory",
    [SPEC_ATTR_PAGES] = "pages",
    [SPEC_ATTR_PAGER] = "pager",
    [SPEC_ATTR_DEVICES] = "devices",
    [SPEC_ATTR_RESTART] = "restart",
    [SPEC_ATTR_LOG] = "log",
    [SPEC_ATTR_BANNER] = "banner",
    [SPEC_ATTR_PARTITION] = "partition",
    [SPEC_ATTR_TRUSTED] = "trusted",
    [SPEC_ATTR_EAGER_MAP] = "eager_map",
};

static void next(struct parser *p)
{
	lex_next(&p->lx, &p->tok);
}

static bool is_top_keyword(const struct token *t)
{
	for (size_t i = 0; i < sizeof(top_keywords) / sizeof(top_keywords[0]); i++)
		if (tok_is(t, top_keywords[i]))
			return true;
	return false;
}

/* The attribute the token names, or SPEC_ATTR_COUNT; `cap` is SPEC_ATTR_COUNT + 1. */
static int attr_of(const struct token *t)
{
	for (int i = 0; i < SPEC_ATTR_COUNT; i++)
		if (tok_is(t, attr_keywords[i]))
			return i;
	return tok_is(t, "cap") ? SPEC_ATTR_COUNT + 1 : SPEC_ATTR_COUNT;
}

/* A top-level keyword that cannot start an attribute: a component's missing '}'. */
static bool ends_component(const struct token *t)
{
	return is_top_keyword(t) && attr_of(t) == SPEC_ATTR_COUNT;
}

/* Report "expected WHAT, found TOKEN" (a malformed token was reported already). */
static void unexpected(struct parser *p, const char *what)
{
	char buf[64];

	if (p->tok.kind == TOK_ERROR)
		return;
	diag_error(p->d, p->tok.loc, "expected %s, found %s", what,
		   tok_describe(&p->tok, buf, sizeof(buf)));
}

static char *dup_token(struct parser *p)
{
	char *s = malloc(p->tok.len + 1);

	if (!s) {
		p->oom = true;
		return NULL;
	}
	memcpy(s, p->tok.start, p->tok.len);
	s[p->tok.len] = '\0';
	return s;
}

static void set_string(char **dst, char *value)
{
	free(*dst);
	*dst = value;
}

static bool expect_name(struct parser *p, const char *what, char **out, struct src_loc *loc)
{
	if (p->tok.kind != TOK_NAME) {
		unexpected(p, what);
		return false;
	}
	if (loc)
		*loc = p->tok.loc;
	set_string(out, dup_token(p));
	next(p);
	return *out != NULL;
}

static bool expect_number(struct parser *p, const char *what, uint32_t *out)
{
	if (p->tok.kind != TOK_NUMBER) {
		unexpected(p, what);
		return false;
	}
	*out = p->tok.value;
	next(p);
	return true;
}

static bool expect_string(struct parser *p, const char *what, char **out)
{
	if (p->tok.kind != TOK_STRING) {
		unexpected(p, what);
		return false;
	}
	set_string(out, dup_token(p));
	next(p);
	return *out != NULL;
}

static bool expect_kind(struct parser *p, enum tok_kind kind, const char *what)
{
	if (p->tok.kind != kind) {
		unexpected(p, what);
		return false;
	}
	next(p);
	return true;
}

static bool expect_word(struct parser *p, const char *word, const char *what)
{
	if (!tok_is(&p->tok, word)) {
		unexpected(p, what);
		return false;
	}
	next(p);
	return true;
}

/* Make room for one more element of an array of @size-byte elements. */
static bool grow(struct parser *p, void **array, size_t *cap, size_t count, size_t size)
{
	void *a;
	size_t n;

	if (count < *cap)
		return true;
	n = *cap ? *cap * 2 : 8;
	a = realloc(*array, n * size);
	if (!a) {
		p->oom = true;
		return false;
	}
	memset((char *)a + *cap * size, 0, (n - *cap) * size);
	*array = a;
	*cap = n;
	return true;
}

/* ---- top-level objects ---- */

static struct spec_object *new_object(struct parser *p, enum spec_obj_type type, struct src_loc loc)
{
	struct spec *s = p->s;
	struct spec_object *o;

	if (!grow(p, (void **)&s->objects, &s->object_cap, s->object_count, sizeof(*o)))
		return NULL;
	o = &s->objects[s->object_count++];
	memset(o, 0, sizeof(*o));
	o->type = type;
	o->loc = loc;
	o->parent = SPEC_NONE;
	return o;
}

/* `gate NAME [label N]` */
static bool parse_gate(struct parser *p, struct spec_object *o)
{
	if (tok_is(&p->tok, "label")) {
		next(p);
		return expect_number(p, "a label", &o->label);
	}
	return true;
}

/* `irq NAME software | line N [level|edge] | console` */
static bool parse_irq(struct parser *p, struct spec_object *o)
{
	if (tok_is(&p->tok, "software")) {
		o->irq_source = CAPDL_IRQ_SOFTWARE;
		next(p);
	} else if (tok_is(&p->tok, "console")) {
		o->irq_source = CAPDL_IRQ_CONSOLE;
		next(p);
	} else if (tok_is(&p->tok, "line")) {
		o->irq_source = CAPDL_IRQ_LINE;
		next(p);
		if (!expect_number(p, "an irq line number", &o->irq_line))
			return false;
		if (tok_is(&p->tok, "level")) {
			o->irq_trigger = CAPDL_TRIGGER_LEVEL_HIGH;
			next(p);
		} else if (tok_is(&p->tok, "edge")) {
			o->irq_trigger = CAPDL_TRIGGER_EDGE_RISING;
			next(p);
		}
	} else {
		unexpected(p, "'software', 'line' or 'console'");
		return false;
	}
	return true;
}

/* `memory NAME anon SIZE | device PHYS SIZE [shared] | console | module "M"` */
static bool parse_memory(struct parser *p, struct spec_object *o)
{
	if (tok_is(&p->tok, "anon")) {
		o->mem_kind = CAPDL_MEM_ANON;
		next(p);
		return expect_number(p, "a size", &o->mem_size);
	}
	if (tok_is(&p->tok, "device")) {
		o->mem_kind = CAPDL_MEM_DEVICE;
		next(p);
		if (!expect_number(p, "a physical address", &o->mem_phys) ||
		    !expect_number(p, "a size", &o->mem_size))
			return false;
		if (tok_is(&p->tok, "shared")) {
			o->mem_shared = true;
			next(p);
		}
		return true;
	}
	if (tok_is(&p->tok, "console")) {
		o->mem_kind = CAPDL_MEM_CONSOLE;
		next(p);
		return true;
	}
	if (tok_is(&p->tok, "module")) {
		o->mem_kind = CAPDL_MEM_MODULE;
		next(p);
		return expect_string(p, "a boot module's name", &o->mem_module);
	}
	unexpected(p, "'anon', 'device', 'console' or 'module'");
	return false;
}

/* `factory NAME quota SIZE [parent NAME]` */
static bool parse_factory(struct parser *p, struct spec_object *o)
{
	if (!expect_word(p, "quota", "'quota'") || !expect_number(p, "a quota", &o->quota))
		return false;
	if (tok_is(&p->tok, "parent")) {
		next(p);
		return expect_name(p, "a factory's name", &o->parent_name, &o->parent_loc);
	}
	return true;
}

/* `scheduler NAME max PRIO` */
static bool parse_scheduler(struct parser *p, struct spec_object *o)
{
	return expect_word(p, "max", "'max'") && expect_number(p, "a priority", &o->sched_max);
}

static bool parse_object(struct parser *p, enum spec_obj_type type)
{
	struct src_loc loc = p->tok.loc;
	char *name = NULL;
	struct spec_object *o;

	next(p);
	if (!expect_name(p, "a name", &name, NULL))
		return false;
	o = new_object(p, type, loc);
	if (!o) {
		free(name);
		return false;
	}
	o->name = name;
	switch (type) {
	case SPEC_OBJ_GATE:
		return parse_gate(p, o);
	case SPEC_OBJ_IRQ:
		return parse_irq(p, o);
	case SPEC_OBJ_MEMORY:
		return parse_memory(p, o);
	case SPEC_OBJ_FACTORY:
		return parse_factory(p, o);
	case SPEC_OBJ_SCHEDULER:
		return parse_scheduler(p, o);
	default: /* icu, log, semaphore, debugger, pfc: nothing more */
		return true;
	}
}

/* `system NAME { ram SIZE kmem SIZE }` */
static bool parse_system(struct parser *p)
{
	struct spec *s = p->s;
	struct src_loc loc = p->tok.loc, ram_loc = {0}, kmem_loc = {0};

	if (s->has_system)
		diag_error(p->d, loc, "system is declared twice (first at %u:%u)",
			   s->system_loc.line, s->system_loc.col);
	s->has_system = true;
	s->system_loc = loc;
	next(p);
	if (!expect_name(p, "the system's name", &s->system_name, NULL) ||
	    !expect_kind(p, TOK_LBRACE, "'{'"))
		return false;
	while (p->tok.kind != TOK_RBRACE) {
		bool ram = tok_is(&p->tok, "ram");
		struct src_loc *seen = ram ? &ram_loc : &kmem_loc;
		if (!ram && !tok_is(&p->tok, "kmem")) {
			unexpected(p, "'ram', 'kmem' or '}'");
			return false;
		}
		if (seen->line)
			diag_error(p->d, p->tok.loc,
				   "'%s' of the system is given twice (first at %u:%u)",
				   ram ? "ram" : "kmem", seen->line, seen->col);
		*seen = p->tok.loc;
		next(p);
		if (!expect_number(p, "a size", ram ? &s->ram : &s->kmem))
			return false;
	}
	next(p);
	return true;
}

/* `partition NAME { COMPONENT ... }` */
static bool parse_partition(struct parser *p)
{
	struct spec *s = p->s;
	struct spec_partition *pt;
	struct src_loc loc = p->tok.loc;
	char *name = NULL;

	next(p);
	if (!expect_name(p, "a name", &name, NULL))
		return false;
	if (!grow(p, (void **)&s->partitions, &s->partition_cap, s->partition_count, sizeof(*pt))) {
		free(name);
		return false;
	}
	pt = &s->partitions[s->partition_count++];
	pt->name = name;
	pt->loc = loc;
	if (!expect_kind(p, TOK_LBRACE, "'{'"))
		return false;
	while (p->tok.kind == TOK_NAME) {
		size_t n = pt->member_count, cap = pt->member_cap;
		if (!grow(p, (void **)&pt->members, &cap, n, sizeof(char *)) ||
		    !grow(p, (void **)&pt->member_locs, &pt->member_cap, n, sizeof(struct src_loc)))
			return false;
		pt->member_locs[n] = p->tok.loc;
		pt->members[n] = dup_token(p);
		if (!pt->members[n])
			return false;
		pt->member_count++;
		next(p);
	}
	return expect_kind(p, TOK_RBRACE, "a component's name or '}'");
}

/* ---- components ---- */

/* `program "M" [args "A" ...]` */
static bool parse_program(struct parser *p, struct spec_component *c)
{
	if (!expect_string(p, "a boot module's name", &c->program))
		return false;
	for (size_t i = 0; i < c->arg_count; i++)
		free(c->args[i]);
	c->arg_count = 0;
	if (!tok_is(&p->tok, "args"))
		return true;
	next(p);
	while (p->tok.kind == TOK_STRING) {
		char **a = realloc(c->args, (c->arg_count + 1) * sizeof(char *));
		if (!a) {
			p->oom = true;
			return false;
		}
		c->args = a;
		c->args[c->arg_count] = dup_token(p);
		if (!c->args[c->arg_count])
			return false;
		c->arg_count++;
		next(p);
	}
	return true;
}

/* `priority P [max M]` */
static bool parse_priority(struct parser *p, struct spec_component *c)
{
	if (!expect_number(p, "a priority", &c->priority))
		return false;
	if (tok_is(&p->tok, "max")) {
		next(p);
		c->prio_max_given = true;
		return expect_number(p, "a priority", &c->prio_max);
	}
	return true;
}

/* `log kernel | log GATE [tag "T"]` */
static bool parse_log(struct parser *p, struct spec_component *c)
{
	if (tok_is(&p->tok, "kernel")) {
		c->log = SPEC_LOG_KERNEL;
		next(p);
		return true;
	}
	c->log = SPEC_LOG_GATE;
	if (!expect_name(p, "'kernel' or a gate's name", &c->log_gate_name, NULL))
		return false;
	if (tok_is(&p->tok, "tag")) {
		next(p);
		return expect_string(p, "a tag", &c->log_tag);
	}
	return true;
}

/* RIGHTS: a non-empty word of R, W, S, D, each at most once. */
static bool parse_rights(struct parser *p, unsigned *rights)
{
	static const char letters[] = "WSRD"; /* bit i: letters[i] */
	char buf[64];

	*rights = 0;
	if (p->tok.kind != TOK_NAME) {
		unexpected(p, "rights (a word of R, W, S, D)");
		return false;
	}
	for (size_t i = 0; i < p->tok.len; i++) {
		const char *l = memchr(letters, p->tok.start[i], 4);
		unsigned bit = l ? 1u << (l - letters) : 0;
		if (!bit || (*rights & bit)) {
			diag_error(p->d, p->tok.loc,
				   "rights %s are not a word of the letters R, W, S, D (each at "
				   "most once)",
				   tok_describe(&p->tok, buf, sizeof(buf)));
			return false;
		}
		*rights |= bit;
	}
	next(p);
	return true;
}

/* TARGET: NAME or COMPONENT.task|thread|factory */
static bool parse_target(struct parser *p, struct spec_cap *cap)
{
	static const char *const suffixes[] = {"task", "thread", "factory"};
	static const enum spec_target_kind kinds[] = {SPEC_TARGET_TASK, SPEC_TARGET_THREAD,
						      SPEC_TARGET_FACTORY};

	cap->target_kind = SPEC_TARGET_OBJECT;
	if (!expect_name(p, "a capability's target", &cap->target_name, &cap->target_loc))
		return false;
	if (p->tok.kind != TOK_DOT)
		return true;
	next(p);
	for (size_t i = 0; i < 3; i++) {
		if (tok_is(&p->tok, suffixes[i])) {
			cap->target_kind = kinds[i];
			next(p);
			return true;
		}
	}
	unexpected(p, "'task', 'thread' or 'factory' after '.'");
	return false;
}

/* `cap NAME = TARGET RIGHTS [server] [slot N] [at ADDR]`, the last three in any order. */
static bool parse_cap(struct parser *p, struct spec_component *c, struct src_loc loc)
{
	static const char *const words[] = {"server", "slot", "at"};
	struct spec_cap *cap;
	struct src_loc seen[3] = {{0}};

	if (!grow(p, (void **)&c->caps, &c->cap_cap, c->cap_count, sizeof(*cap)))
		return false;
	cap = &c->caps[c->cap_count++];
	memset(cap, 0, sizeof(*cap));
	cap->loc = loc;
	cap->target = SPEC_NONE;
	if (!expect_name(p, "a capability's name", &cap->name, NULL) ||
	    !expect_kind(p, TOK_EQUALS, "'='") || !parse_target(p, cap) ||
	    !parse_rights(p, &cap->rights))
		return false;
	for (;;) {
		unsigned w = 0;
		while (w < 3 && !tok_is(&p->tok, words[w]))
			w++;
		if (w == 3)
			return true;
		if (seen[w].line)
			diag_error(p->d, p->tok.loc, "'%s' of cap %s is given twice", words[w],
				   cap->name);
		seen[w] = p->tok.loc;
		next(p);
		if (w == 0) {
			cap->rights |= SPEC_RIGHT_SERVER;
		} else if (w == 1) {
			cap->slot_given = true;
			if (!expect_number(p, "a slot number", &cap->slot))
				return false;
		} else {
			cap->attach_loc = seen[2];
			if (!expect_number(p, "an address", &cap->attach))
				return false;
		}
	}
}

static bool parse_pager(struct parser *p, struct spec_component *c)
{
	if (tok_is(&p->tok, "root"))
		c->pager = SPEC_PAGER_ROOT;
	else if (tok_is(&p->tok, "rm"))
		c->pager = SPEC_PAGER_RM;
	else
		return unexpected(p, "'root' or 'rm'"), false;
	next(p);
	return true;
}

/* One attribute after its keyword. */
static bool parse_attr(struct parser *p, struct spec_component *c, int attr)
{
	switch (attr) {
	case SPEC_ATTR_PROGRAM:
		return parse_program(p, c);
	case SPEC_ATTR_PRIORITY:
		return parse_priority(p, c);
	case SPEC_ATTR_KMEM:
		return expect_number(p, "a size", &c->kmem);
	case SPEC_ATTR_MEMORY:
		return expect_number(p, "a size", &c->memory);
	case SPEC_ATTR_PAGES:
		return expect_number(p, "a number of pages", &c->pages);
	case SPEC_ATTR_PAGER:
		return parse_pager(p, c);
	case SPEC_ATTR_DEVICES:
		c->devices = true;
		return true;
	case SPEC_ATTR_RESTART:
		return expect_number(p, "a number of restarts", &c->restart);
	case SPEC_ATTR_LOG:
		return parse_log(p, c);
	case SPEC_ATTR_BANNER:
		return expect_string(p, "a banner", &c->banner);
	case SPEC_ATTR_PARTITION:
		return expect_name(p, "a partition's name", &c->partition_name, NULL);
	case SPEC_ATTR_EAGER_MAP:
		c->eager_map = true;
		return true;
	default: /* SPEC_ATTR_TRUSTED */
		c->trusted = true;
		return true;
	}
}

/* After an error in a component: skip to the next attribute, '}' or declaration. */
static void skip_in_component(struct parser *p)
{
	if (p->tok.kind != TOK_EOF)
		next(p);
	while (p->tok.kind != TOK_EOF && p->tok.kind != TOK_RBRACE && !is_top_keyword(&p->tok) &&
	       attr_of(&p->tok) == SPEC_ATTR_COUNT)
		next(p);
}

static struct spec_component *new_component(struct parser *p, struct src_loc loc, char *name)
{
	struct spec *s = p->s;
	struct spec_component *c;

	if (!grow(p, (void **)&s->components, &s->component_cap, s->component_count, sizeof(*c))) {
		free(name);
		return NULL;
	}
	c = &s->components[s->component_count++];
	memset(c, 0, sizeof(*c));
	c->name = name;
	c->loc = loc;
	c->priority = 1;
	c->kmem = SPEC_DEFAULT_KMEM;
	c->pages = SPEC_DEFAULT_PAGES;
	c->log_gate = SPEC_NONE;
	c->partition = SPEC_NONE;
	return c;
}

/* One attribute or cap at the current token; false if the component's block ended. */
static bool parse_component_item(struct parser *p, struct spec_component *c)
{
	struct src_loc loc = p->tok.loc;
	int attr = attr_of(&p->tok);
	char buf[64];

	if (p->tok.kind == TOK_EOF || ends_component(&p->tok)) {
		diag_error(p->d, c->loc, "component %s has no closing '}'", c->name);
		return false;
	}
	if (p->tok.kind != TOK_NAME) {
		unexpected(p, "an attribute or '}'");
		skip_in_component(p);
		return true;
	}
	if (attr == SPEC_ATTR_COUNT) {
		diag_error(p->d, loc, "unknown attribute %s of component %s",
			   tok_describe(&p->tok, buf, sizeof(buf)), c->name);
		skip_in_component(p);
		return true;
	}
	next(p);
	if (attr < SPEC_ATTR_COUNT) {
		struct src_loc *first = &c->attr_loc[attr];
		if (first->line)
			diag_error(p->d, loc,
				   "attribute '%s' of component %s is given twice (first at %u:%u)",
				   attr_keywords[attr], c->name, first->line, first->col);
		else
			*first = loc;
		if (!parse_attr(p, c, attr))
			skip_in_component(p);
	} else if (!parse_cap(p, c, loc)) {
		skip_in_component(p);
	}
	return true;
}

/* `component NAME { ... }` */
static bool parse_component(struct parser *p)
{
	struct src_loc loc = p->tok.loc;
	struct spec_component *c;
	char *name = NULL;

	next(p);
	if (!expect_name(p, "a name", &name, NULL))
		return false;
	c = new_component(p, loc, name);
	if (!c || !expect_kind(p, TOK_LBRACE, "'{'"))
		return false;
	while (p->tok.kind != TOK_RBRACE && !p->oom && !diag_full(p->d)) {
		if (p->tok.kind == TOK_ERROR) {
			skip_in_component(p);
			continue;
		}
		if (!parse_component_item(p, c))
			return true; /* reported; the declaration that follows is parsed */
	}
	if (p->tok.kind == TOK_RBRACE)
		next(p);
	return true;
}

/* ---- the top level ---- */

static bool parse_declaration(struct parser *p)
{
	static const struct {
		const char *word;
		enum spec_obj_type type;
	} objects[] = {
	    {"gate", SPEC_OBJ_GATE},
	    {"irq", SPEC_OBJ_IRQ},
	    {"memory", SPEC_OBJ_MEMORY},
	    {"factory", SPEC_OBJ_FACTORY},
	    {"icu", SPEC_OBJ_ICU},
	    {"log", SPEC_OBJ_LOG},
	    {"scheduler", SPEC_OBJ_SCHEDULER},
	    {"semaphore", SPEC_OBJ_SEMAPHORE},
	    {"debugger", SPEC_OBJ_DEBUGGER},
	    {"pfc", SPEC_OBJ_PFC},
	};
	char buf[64];

	if (tok_is(&p->tok, "component"))
		return parse_component(p);
	if (tok_is(&p->tok, "system"))
		return parse_system(p);
	if (tok_is(&p->tok, "partition"))
		return parse_partition(p);
	for (size_t i = 0; i < sizeof(objects) / sizeof(objects[0]); i++)
		if (tok_is(&p->tok, objects[i].word))
			return parse_object(p, objects[i].type);
	if (p->tok.kind == TOK_NAME)
		diag_error(p->d, p->tok.loc, "unknown declaration %s",
			   tok_describe(&p->tok, buf, sizeof(buf)));
	else
		unexpected(p, "a declaration");
	next(p);
	return false;
}

/* After an error at the top level: skip to the next declaration's keyword. */
static void skip_to_declaration(struct parser *p)
{
	unsigned depth = 0;

	while (p->tok.kind != TOK_EOF) {
		if (depth == 0 && is_top_keyword(&p->tok))
			return;
		if (p->tok.kind == TOK_LBRACE)
			depth++;
		else if (p->tok.kind == TOK_RBRACE && depth > 0)
			depth--;
		next(p);
	}
}

struct spec *spec_parse(const char *path, const char *text, size_t len, struct diag *d)
{
	struct parser p = {.d = d};

	p.s = calloc(1, sizeof(*p.s));
	if (!p.s)
		return NULL;
	p.s->file = strdup(path);
	if (!p.s->file) {
		free(p.s);
		return NULL;
	}
	p.s->ram = SPEC_DEFAULT_RAM;
	p.s->kmem = SPEC_DEFAULT_MKMEM;
	lex_init(&p.lx, p.s->file, text, len, d);
	next(&p);
	while (p.tok.kind != TOK_EOF && !p.oom && !diag_full(d)) {
		if (!parse_declaration(&p))
			skip_to_declaration(&p);
	}
	if (p.oom) {
		spec_free(p.s);
		return NULL;
	}
	return p.s;
}
