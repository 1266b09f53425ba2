/* analysis.c - who can obtain authority over, or pass information to, whom (reach, isolation). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "spec.h"

/*
 * The model (docs/capdl.md "The analysis"). The objects are the spec's top-level
 * objects, K_PER_COMP objects of each component (its task, thread, ...) and the
 * kernel log when the spec names none. A fact is "component C holds object O with
 * rights M". The spec's capability tables are the first facts; flow edges X => D
 * ("everything X holds, D may come to hold") appear as facts are found:
 *
 *   call     X untrusted holds gate G, D serves G
 *   reply    X untrusted serves gate G, D holds G
 *   put      X untrusted holds D.task with W
 *   take     D holds X.task with S
 *   control  D holds X.thread with W or S (D acts as X)
 *
 * Two closures compute the same facts. The fast one (the answers of reach and
 * isolation) merges the untrusted holders and servers of a gate (they flow both
 * ways), condenses the rest of the component graph into strongly connected parts and
 * ORs one row of rights per part, repeating while new edges appear: near-linear in
 * the spec. The slow one derives fact by fact in breadth-first order and remembers
 * how each was found, so that a path can be printed; it runs only when a path is
 * to be printed, and only for the triggers and the objects the paths print.
 *
 * Information moves over what the closure says components hold: gates, writable
 * memory, IRQs, semaphores, the debugger (struct medium), tasks and threads. Platform
 * control with W is power over the whole machine: isolation lists who has it.
 */

#define NONE UINT32_MAX

#define R_W   SPEC_RIGHT_W
#define R_S   SPEC_RIGHT_S
#define R_SVR SPEC_RIGHT_SERVER

/* A component's own objects, in the order of its object numbers. */
enum {
	K_TASK,
	K_THREAD,
	K_FACTORY,
	K_SCHEDULER,
	K_PAGER,
	K_PARENT,
	K_MEM_ALLOC,
	K_LOG,
	K_PER_COMP
};

static const char *const kind_suffix[K_PER_COMP] = {
    "task", "thread", "factory", "scheduler", "pager", "parent", "mem_alloc", "log",
};

enum otype {
	T_GATE,
	T_MEMORY,
	T_IRQ,
	T_TASK,
	T_THREAD,
	T_FACTORY,
	T_SCHED,
	T_ICU,
	T_LOG,
	T_SEM,
	T_DEBUGGER,
	T_PFC
};

static const char *const otype_name[] = {
    "gate",	 "memory", "irq", "task",      "thread",   "factory",
    "scheduler", "icu",	   "log", "semaphore", "debugger", "pfc",
};

/* A capability the spec gives (named or implicit). */
struct held {
	uint32_t obj;
	uint8_t rights;
	uint32_t slot;
	const char *cap; /* its name, or NULL for an implicit one */
};

struct model {
	const struct spec *s;
	uint32_t nc, no, nspec;
	uint32_t *held_first; /* nc + 1: component c's caps are held[first[c] .. first[c+1]) */
	struct held *held;
	uint32_t *held_comp; /* per held: the component */
	uint32_t *by_obj_first,
	    *by_obj;	  /* held indexes by object: by_obj[first[o] .. first[o+1]) */
	uint8_t *otype;	  /* per object */
	uint32_t *owner;  /* per object: the component of a component's object, or NONE */
	uint8_t *trusted; /* per component */
	uint32_t *part;	  /* per component: partition index or NONE */
};

struct vec {
	uint32_t *v;
	size_t n, cap;
};

static void out_of_memory(void)
{
	fprintf(stderr, "capdl: out of memory\n");
	exit(2);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

static void *xrealloc(void *p, size_t n, size_t size)
{
	p = realloc(p, (n ? n : 1) * size);
	if (!p)
		out_of_memory();
	return p;
}

static void vec_push(struct vec *v, uint32_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->v = xrealloc(v->v, v->cap, sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

static void vec_free(struct vec *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].v);
	free(v);
}

static bool bit_test(const uint8_t *b, size_t i)
{
	return b[i / 8] & (1u << (i % 8));
}

/* Set bit @i; return whether it was clear. */
static bool bit_set(uint8_t *b, size_t i)
{
	if (bit_test(b, i))
		return false;
	b[i / 8] |= (uint8_t)(1u << (i % 8));
	return true;
}

/* ---- the model ---- */

static uint32_t comp_obj(const struct model *m, uint32_t c, unsigned kind)
{
	return m->nspec + c * K_PER_COMP + kind;
}

static uint32_t slot_object(const struct model *m, const struct spec_slot *e)
{
	uint32_t c = (uint32_t)e->target;

	switch (e->target_kind) {
	case SPEC_TARGET_OBJECT:
		return (uint32_t)e->target;
	case SPEC_TARGET_TASK:
		return comp_obj(m, c, K_TASK);
	case SPEC_TARGET_THREAD:
		return comp_obj(m, c, K_THREAD);
	case SPEC_TARGET_FACTORY:
		return comp_obj(m, c, K_FACTORY);
	case SPEC_TARGET_SCHEDULER:
		return comp_obj(m, c, K_SCHEDULER);
	case SPEC_TARGET_PAGER:
		return comp_obj(m, c, K_PAGER);
	case SPEC_TARGET_PARENT:
		return comp_obj(m, c, K_PARENT);
	case SPEC_TARGET_MEM_ALLOC:
		return comp_obj(m, c, K_MEM_ALLOC);
	case SPEC_TARGET_LOG_SESSION:
		return comp_obj(m, c, K_LOG);
	case SPEC_TARGET_KERNEL_LOG:
		return e->target >= 0 ? (uint32_t)e->target : m->no - 1;
	}
	return m->no - 1;
}

static uint8_t spec_otype(enum spec_obj_type t)
{
	switch (t) {
	case SPEC_OBJ_GATE:
		return T_GATE;
	case SPEC_OBJ_IRQ:
		return T_IRQ;
	case SPEC_OBJ_MEMORY:
		return T_MEMORY;
	case SPEC_OBJ_FACTORY:
		return T_FACTORY;
	case SPEC_OBJ_SCHEDULER:
		return T_SCHED;
	case SPEC_OBJ_ICU:
		return T_ICU;
	case SPEC_OBJ_LOG:
		return T_LOG;
	case SPEC_OBJ_SEMAPHORE:
		return T_SEM;
	case SPEC_OBJ_DEBUGGER:
		return T_DEBUGGER;
	case SPEC_OBJ_PFC:
		return T_PFC;
	}
	return T_LOG;
}

static void model_objects(struct model *m)
{
	static const uint8_t kind_type[K_PER_COMP] = {T_TASK, T_THREAD, T_FACTORY, T_SCHED,
						      T_GATE, T_GATE,	T_GATE,	   T_GATE};

	m->otype = xcalloc(m->no, 1);
	m->owner = xcalloc(m->no, sizeof(*m->owner));
	for (uint32_t o = 0; o < m->no; o++)
		m->owner[o] = NONE;
	for (uint32_t o = 0; o < m->nspec; o++)
		m->otype[o] = spec_otype(m->s->objects[o].type);
	for (uint32_t c = 0; c < m->nc; c++)
		for (unsigned k = 0; k < K_PER_COMP; k++) {
			m->otype[comp_obj(m, c, k)] = kind_type[k];
			m->owner[comp_obj(m, c, k)] = c;
		}
	m->otype[m->no - 1] = T_LOG;
}

/* Who the spec gives each object to, in component order. */
static void model_index(struct model *m, size_t n)
{
	uint32_t *pos;

	m->held_comp = xcalloc(n, sizeof(*m->held_comp));
	m->by_obj_first = xcalloc(m->no + 1, sizeof(*m->by_obj_first));
	m->by_obj = xcalloc(n, sizeof(*m->by_obj));
	for (uint32_t c = 0; c < m->nc; c++)
		for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++) {
			m->held_comp[i] = c;
			m->by_obj_first[m->held[i].obj + 1]++;
		}
	for (uint32_t o = 0; o < m->no; o++)
		m->by_obj_first[o + 1] += m->by_obj_first[o];
	pos = xcalloc(m->no, sizeof(*pos));
	memcpy(pos, m->by_obj_first, m->no * sizeof(*pos));
	for (uint32_t i = 0; i < n; i++)
		m->by_obj[pos[m->held[i].obj]++] = i;
	free(pos);
}

/* Does component @c hold spec object @o with the server right (in its named caps)? */
static bool spec_serves(const struct spec *s, uint32_t c, int o)
{
	const struct spec_component *sc = &s->components[c];
	for (size_t i = 0; i < sc->cap_count; i++)
		if (sc->caps[i].target_kind == SPEC_TARGET_OBJECT && sc->caps[i].target == o &&
		    (sc->caps[i].rights & SPEC_RIGHT_SERVER))
			return true;
	return false;
}

/* Room for one more held fact in m->held. */
static struct held *new_held(struct model *m, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		m->held = xrealloc(m->held, *cap, sizeof(*m->held));
	}
	return &m->held[(*n)++];
}

static void model_caps(struct model *m)
{
	size_t cap = 0, n = 0;

	m->held_first = xcalloc(m->nc + 1, sizeof(*m->held_first));
	m->held = NULL;
	for (uint32_t c = 0; c < m->nc; c++) {
		size_t k;
		struct spec_slot *t = spec_component_table(m->s, c, &k);

		if (!t)
			out_of_memory();
		m->held_first[c] = (uint32_t)n;
		for (size_t i = 0; i < k; i++) {
			if (t[i].alias)
				continue; /* the same authority as the cap it copies */
			*new_held(m, &n, &cap) = (struct held){
			    .obj = slot_object(m, &t[i]),
			    .rights = (uint8_t)t[i].rights,
			    .slot = t[i].slot,
			    .cap = t[i].cap ? t[i].cap->name : NULL,
			};
		}
		free(t);
		/* The log sessions it serves: a log server makes one per client, a gate
		 * it serves (the client holds it as C.log). */
		for (uint32_t d = 0; d < m->nc; d++) {
			const struct spec_component *sd = &m->s->components[d];
			if (sd->log == SPEC_LOG_GATE && sd->log_gate != SPEC_NONE &&
			    spec_serves(m->s, c, sd->log_gate))
				*new_held(m, &n, &cap) = (struct held){
				    .obj = comp_obj(m, d, K_LOG),
				    .rights = (uint8_t)(SPEC_RIGHTS_RWS | R_SVR),
				    .slot = 0,
				    .cap = NULL,
				};
		}
	}
	m->held_first[m->nc] = (uint32_t)n;
	model_index(m, n);
}

static void model_init(struct model *m, const struct spec *s)
{
	memset(m, 0, sizeof(*m));
	m->s = s;
	m->nc = (uint32_t)s->component_count;
	m->nspec = (uint32_t)s->object_count;
	m->no = m->nspec + m->nc * K_PER_COMP + 1;
	model_objects(m);
	model_caps(m);
	m->trusted = xcalloc(m->nc, 1);
	m->part = xcalloc(m->nc, sizeof(*m->part));
	for (uint32_t c = 0; c < m->nc; c++) {
		m->trusted[c] = s->components[c].trusted;
		m->part[c] =
		    s->components[c].partition >= 0 ? (uint32_t)s->components[c].partition : NONE;
	}
}

static void model_free(struct model *m)
{
	free(m->held_first);
	free(m->held);
	free(m->held_comp);
	free(m->by_obj_first);
	free(m->by_obj);
	free(m->otype);
	free(m->owner);
	free(m->trusted);
	free(m->part);
}

static const char *obj_name(const struct model *m, uint32_t o, char *buf, size_t size)
{
	if (o < m->nspec)
		snprintf(buf, size, "%s", m->s->objects[o].name);
	else if (m->owner[o] != NONE)
		snprintf(buf, size, "%s.%s", m->s->components[m->owner[o]].name,
			 kind_suffix[(o - m->nspec) % K_PER_COMP]);
	else
		snprintf(buf, size, "kernel.log");
	return buf;
}

static const char *comp_name(const struct model *m, uint32_t c)
{
	return m->s->components[c].name;
}

/* The component whose task or thread @o is (authority over it), or NONE. */
static uint32_t controlled(const struct model *m, uint32_t o)
{
	if (m->otype[o] == T_TASK || m->otype[o] == T_THREAD)
		return m->owner[o];
	return NONE;
}

/* A gate a component may serve: a spec gate, or a log session through one (the root
 * task serves the components' other gates). */
static bool servable_gate(const struct model *m, uint32_t o)
{
	if (o < m->nspec)
		return m->otype[o] == T_GATE;
	uint32_t c = m->owner[o];
	return c != NONE && (o - m->nspec) % K_PER_COMP == K_LOG &&
	       m->s->components[c].log == SPEC_LOG_GATE;
}

/* ---- the fast closure ---- */

struct gate_state {
	struct vec untrusted, trusted, trusted_servers;
	uint32_t group; /* an untrusted server: every untrusted holder is merged with it */
};

struct fast {
	const struct model *m;
	uint32_t *uf;		  /* union-find over components */
	uint8_t *edge_seen;	  /* nc * nc bits */
	struct vec ea, eb;	  /* edges ea[i] => eb[i] */
	uint8_t *holder, *server; /* nspec * nc bits */
	struct gate_state *g;	  /* per spec object */
	bool changed;
	uint32_t nscc;
	uint32_t *scc_of; /* per component */
	size_t stride;	  /* bytes of a row (no, rounded up to 8) */
	uint8_t *rows;	  /* nscc rows: the rights each part holds on each object */
};

static uint32_t uf_find(struct fast *f, uint32_t x)
{
	while (f->uf[x] != x) {
		f->uf[x] = f->uf[f->uf[x]];
		x = f->uf[x];
	}
	return x;
}

static void uf_union(struct fast *f, uint32_t a, uint32_t b)
{
	a = uf_find(f, a);
	b = uf_find(f, b);
	if (a == b)
		return;
	if (a < b)
		f->uf[b] = a;
	else
		f->uf[a] = b;
	f->changed = true;
}

static void fast_edge(struct fast *f, uint32_t a, uint32_t b)
{
	if (a == b || !bit_set(f->edge_seen, (size_t)a * f->m->nc + b))
		return;
	vec_push(&f->ea, a);
	vec_push(&f->eb, b);
	f->changed = true;
}

static void fast_gate_holder(struct fast *f, uint32_t o, uint32_t c)
{
	struct gate_state *g = &f->g[o];

	if (!f->m->trusted[c]) {
		vec_push(&g->untrusted, c);
		if (g->group != NONE)
			uf_union(f, c, g->group);
		for (size_t i = 0; i < g->trusted_servers.n; i++)
			fast_edge(f, c, g->trusted_servers.v[i]);
	} else {
		vec_push(&g->trusted, c);
		if (g->group != NONE)
			fast_edge(f, g->group, c);
	}
}

static void fast_gate_server(struct fast *f, uint32_t o, uint32_t c)
{
	struct gate_state *g = &f->g[o];

	if (f->m->trusted[c]) {
		vec_push(&g->trusted_servers, c);
		for (size_t i = 0; i < g->untrusted.n; i++)
			fast_edge(f, g->untrusted.v[i], c);
	} else if (g->group == NONE) {
		g->group = c;
		for (size_t i = 0; i < g->untrusted.n; i++)
			uf_union(f, g->untrusted.v[i], c);
		for (size_t i = 0; i < g->trusted.n; i++)
			fast_edge(f, c, g->trusted.v[i]);
	} else {
		uf_union(f, c, g->group);
	}
}

/* Component @c holds object @o with rights @r: the edges that makes. */
static void fast_fact(struct fast *f, uint32_t c, uint32_t o, uint8_t r)
{
	const struct model *m = f->m;
	uint32_t x = controlled(m, o);

	if (x != NONE && x != c) {
		if (m->otype[o] == T_THREAD && (r & (R_W | R_S)))
			fast_edge(f, x, c);
		if (m->otype[o] == T_TASK && (r & R_S))
			fast_edge(f, x, c);
		if (m->otype[o] == T_TASK && (r & R_W) && !m->trusted[c])
			fast_edge(f, c, x);
	} else if (servable_gate(m, o)) {
		size_t b = (size_t)o * m->nc + c;
		if (bit_set(f->holder, b))
			fast_gate_holder(f, o, c);
		if ((r & R_SVR) && bit_set(f->server, b))
			fast_gate_server(f, o, c);
	}
}

/* The condensed graph: nodes are union-find roots, adjacency in CSR form. */
struct csr {
	uint32_t *first; /* nc + 1 */
	uint32_t *to;
};

static void csr_build(struct fast *f, struct csr *g)
{
	uint32_t nc = f->m->nc;

	g->first = xcalloc(nc + 1, sizeof(*g->first));
	g->to = xcalloc(f->ea.n, sizeof(*g->to));
	for (size_t i = 0; i < f->ea.n; i++) {
		uint32_t a = uf_find(f, f->ea.v[i]), b = uf_find(f, f->eb.v[i]);
		if (a != b)
			g->first[a + 1]++;
	}
	for (uint32_t c = 0; c < nc; c++)
		g->first[c + 1] += g->first[c];
	uint32_t *pos = xcalloc(nc, sizeof(*pos));
	memcpy(pos, g->first, nc * sizeof(*pos));
	for (size_t i = 0; i < f->ea.n; i++) {
		uint32_t a = uf_find(f, f->ea.v[i]), b = uf_find(f, f->eb.v[i]);
		if (a != b)
			g->to[pos[a]++] = b;
	}
	free(pos);
}

/* Tarjan's strongly connected parts, without recursion. Parts are numbered in
 * reverse topological order: every edge goes from a higher number to a lower or the
 * same one. */
static void tarjan(struct fast *f, const struct csr *g)
{
	uint32_t nc = f->m->nc, next = 0, sp = 0, cp = 0;
	uint32_t *index = xcalloc(nc, sizeof(*index)), *low = xcalloc(nc, sizeof(*low));
	uint32_t *stack = xcalloc(nc, sizeof(*stack)), *call = xcalloc(nc, sizeof(*call));
	uint32_t *pos = xcalloc(nc, sizeof(*pos));
	uint8_t *on = xcalloc(nc, 1);

	f->nscc = 0;
	for (uint32_t c = 0; c < nc; c++)
		index[c] = NONE;
	for (uint32_t root = 0; root < nc; root++) {
		if (uf_find(f, root) != root || index[root] != NONE)
			continue;
		call[cp++] = root;
		index[root] = low[root] = next++;
		pos[root] = g->first[root];
		stack[sp++] = root;
		on[root] = 1;
		while (cp) {
			uint32_t v = call[cp - 1];
			if (pos[v] < g->first[v + 1]) {
				uint32_t w = g->to[pos[v]++];
				if (index[w] == NONE) {
					index[w] = low[w] = next++;
					pos[w] = g->first[w];
					stack[sp++] = w;
					on[w] = 1;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cp--;
			if (cp && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
			if (low[v] == index[v]) {
				uint32_t w;
				do {
					w = stack[--sp];
					on[w] = 0;
					f->scc_of[w] = f->nscc;
				} while (w != v);
				f->nscc++;
			}
		}
	}
	for (uint32_t c = 0; c < nc; c++)
		f->scc_of[c] = f->scc_of[uf_find(f, c)];
	free(index);
	free(low);
	free(stack);
	free(call);
	free(pos);
	free(on);
}

static void row_or(uint8_t *dst, const uint8_t *src, size_t stride)
{
	uint64_t *d = (uint64_t *)(void *)dst;
	const uint64_t *s = (const uint64_t *)(const void *)src;

	for (size_t i = 0; i < stride / 8; i++)
		d[i] |= s[i];
}

/* Each part's row: its members' caps, then ORed into the parts it flows to. */
static void fast_rows(struct fast *f, const struct csr *g)
{
	const struct model *m = f->m;

	free(f->rows);
	f->rows = xcalloc((size_t)f->nscc, f->stride);
	for (uint32_t c = 0; c < m->nc; c++) {
		uint8_t *row = f->rows + (size_t)f->scc_of[c] * f->stride;
		for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++)
			row[m->held[i].obj] |= m->held[i].rights;
	}
	/* Members by part, parts from the highest number (sources first). */
	uint32_t *first = xcalloc(f->nscc + 1, sizeof(*first));
	uint32_t *member = xcalloc(m->nc, sizeof(*member));
	for (uint32_t c = 0; c < m->nc; c++)
		first[f->scc_of[c] + 1]++;
	for (uint32_t k = 0; k < f->nscc; k++)
		first[k + 1] += first[k];
	for (uint32_t c = 0; c < m->nc; c++)
		member[first[f->scc_of[c]]++] = c;
	for (uint32_t k = f->nscc; k-- > 0;) {
		uint32_t lo = k ? first[k - 1] : 0;
		for (uint32_t i = lo; i < first[k]; i++) {
			uint32_t c = member[i];
			if (uf_find(f, c) != c)
				continue;
			for (uint32_t e = g->first[c]; e < g->first[c + 1]; e++) {
				uint32_t to = f->scc_of[g->to[e]];
				if (to != k)
					row_or(f->rows + (size_t)to * f->stride,
					       f->rows + (size_t)k * f->stride, f->stride);
			}
		}
	}
	free(first);
	free(member);
}

/* The facts the rows say about tasks, threads and gates: new edges, if any. */
static void fast_triggers(struct fast *f)
{
	const struct model *m = f->m;

	for (uint32_t c = 0; c < m->nc; c++) {
		const uint8_t *row = f->rows + (size_t)f->scc_of[c] * f->stride;
		if (m->trusted[c]) { /* it uses only what the spec gives it */
			for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++)
				fast_fact(f, c, m->held[i].obj, m->held[i].rights);
			continue;
		}
		/* Whole zero words at a time: a row is mostly empty. */
		for (size_t w = 0; w < f->stride / 8; w++) {
			uint64_t word;
			memcpy(&word, row + w * 8, 8);
			for (uint32_t o = (uint32_t)w * 8; word && o < m->no; o++, word >>= 8)
				if ((word & 0xff) &&
				    (controlled(m, o) != NONE || servable_gate(m, o)))
					fast_fact(f, c, o, row[o]);
		}
	}
}

static void fast_run(struct fast *f, const struct model *m)
{
	memset(f, 0, sizeof(*f));
	f->m = m;
	f->uf = xcalloc(m->nc, sizeof(*f->uf));
	for (uint32_t c = 0; c < m->nc; c++)
		f->uf[c] = c;
	f->edge_seen = xcalloc(((size_t)m->nc * m->nc + 7) / 8, 1);
	f->holder = xcalloc(((size_t)m->no * m->nc + 7) / 8, 1);
	f->server = xcalloc(((size_t)m->no * m->nc + 7) / 8, 1);
	f->g = xcalloc(m->no, sizeof(*f->g));
	for (uint32_t o = 0; o < m->no; o++)
		f->g[o].group = NONE;
	f->scc_of = xcalloc(m->nc, sizeof(*f->scc_of));
	f->stride = (m->no + 7) & ~(size_t)7;
	do {
		struct csr g;
		f->changed = false;
		csr_build(f, &g);
		tarjan(f, &g);
		fast_rows(f, &g);
		free(g.first);
		free(g.to);
		fast_triggers(f);
	} while (f->changed);
}

static void fast_free(struct fast *f)
{
	for (uint32_t o = 0; o < f->m->no; o++) {
		free(f->g[o].untrusted.v);
		free(f->g[o].trusted.v);
		free(f->g[o].trusted_servers.v);
	}
	free(f->g);
	free(f->uf);
	free(f->edge_seen);
	free(f->ea.v);
	free(f->eb.v);
	free(f->holder);
	free(f->server);
	free(f->scc_of);
	free(f->rows);
}

static uint8_t fast_holds(const struct fast *f, uint32_t c, uint32_t o)
{
	return f->rows[(size_t)f->scc_of[c] * f->stride + o];
}

/* ---- the slow closure, with paths ---- */

enum rule { RULE_SPEC, RULE_FLOW };
enum edge_kind { E_CALL, E_REPLY, E_PUT, E_TAKE, E_CONTROL };

/* A fact, or a widening of one: @comp holds @obj with @r (more than before). */
struct rec {
	uint32_t comp, obj;
	uint8_t r, rule;
	bool wide;	/* the first record of a pair that has more */
	uint32_t level; /* SPEC: 0; FLOW: one more than the record it was found from */
	uint32_t prev;	/* the earlier record of the same pair, or NONE */
	uint32_t a;	/* SPEC: index into held; FLOW: the edge */
	uint32_t b;	/* FLOW: the record of the source's fact */
};

/* A flow edge from => to, found from the facts p0 and p1 (see the kinds above). */
struct edge {
	uint32_t from, to;
	uint8_t kind;
	uint32_t gate;
	uint32_t p0, p1;
};

struct slow {
	const struct model *m;
	struct rec *r;
	size_t nr, rcap;
	struct edge *e;
	size_t ne, ecap;
	uint32_t *idx;	    /* per object: its index among the objects kept, or NONE */
	uint32_t ns;	    /* how many objects are kept */
	uint32_t *cur;	    /* ns * nc: the latest record of the pair, or NONE */
	uint8_t *mask;	    /* ns * nc: the rights held */
	struct vec *objs;   /* per component: the first record of each object it holds */
	struct vec *out;    /* per component: its out edges */
	struct vec *out_to; /* per component: where its out edges go */
	uint8_t *edge_bit;  /* nc * nc bits: an edge between two components */
	uint8_t *hbit, *sbit;
	struct vec *gh, *gs; /* per spec object: holding it, serving it (record, component) */
	uint32_t now;	     /* the level of the record being handled */
};

/* The index of the pair (@c, @o) in cur and mask; @o must be kept. */
static size_t slow_pair(const struct slow *sl, uint32_t c, uint32_t o)
{
	return (size_t)sl->idx[o] * sl->m->nc + c;
}

/* The rights @c holds on @o (0 for an object not kept). */
static uint8_t slow_mask(const struct slow *sl, uint32_t c, uint32_t o)
{
	return sl->idx[o] == NONE ? 0 : sl->mask[slow_pair(sl, c, o)];
}

/* The latest record of @c holding @o, or NONE. */
static uint32_t slow_cur(const struct slow *sl, uint32_t c, uint32_t o)
{
	return sl->idx[o] == NONE ? NONE : sl->cur[slow_pair(sl, c, o)];
}

static void slow_derive(struct slow *sl, uint32_t c, uint32_t o, uint8_t r, uint8_t rule,
			uint32_t a, uint32_t b)
{
	if (sl->idx[o] == NONE)
		return;
	size_t i = slow_pair(sl, c, o);
	uint8_t old = sl->mask[i];

	if ((old | r) == old)
		return;
	if (sl->nr == sl->rcap) {
		sl->rcap = sl->rcap ? sl->rcap * 2 : 256;
		sl->r = xrealloc(sl->r, sl->rcap, sizeof(*sl->r));
	}
	uint32_t prev = sl->cur[i], level = rule == RULE_SPEC ? 0 : sl->now + 1;
	sl->r[sl->nr] = (struct rec){c, o, r, rule, false, level, prev, a, b};
	sl->cur[i] = (uint32_t)sl->nr++;
	sl->mask[i] = old | r;
	if (!old) {
		vec_push(&sl->objs[c], sl->cur[i]);
		return;
	}
	while (sl->r[prev].prev != NONE)
		prev = sl->r[prev].prev;
	sl->r[prev].wide = true;
}

/* The first record of @c holding @o with any of @need (any rights if 0), or NONE. */
static uint32_t slow_first(const struct slow *sl, uint32_t c, uint32_t o, uint8_t need)
{
	uint32_t k = slow_cur(sl, c, o), best = NONE;

	for (; k != NONE; k = sl->r[k].prev)
		if (!need || (sl->r[k].r & need))
			best = k;
	return best;
}

/* Whether the edge @from => @to is still to be made (most that the gates offer are
 * made already). */
static bool edge_new(const struct slow *sl, uint32_t from, uint32_t to)
{
	return from != to && !bit_test(sl->edge_bit, (size_t)from * sl->m->nc + to);
}

/* What @from held of @o by this level flows over the new edge @id to @to now, oldest
 * record first; records of the next level flow when they are handled, so that levels
 * stay breadth first. */
static void slow_edge_chain(struct slow *sl, uint32_t from, uint32_t to, uint32_t id, uint32_t o)
{
	uint32_t chain[8], n = 0;

	for (uint32_t k = sl->cur[slow_pair(sl, from, o)]; k != NONE && n < 8; k = sl->r[k].prev)
		if (sl->r[k].level <= sl->now)
			chain[n++] = k;
	while (n--)
		slow_derive(sl, to, o, sl->r[chain[n]].r, RULE_FLOW, id, chain[n]);
}

/* A new flow edge: what @from holds flows to @to, object by object in the order found
 * (the records of a pair with only one at hand, the others by slow_edge_chain()). */
static void slow_edge(struct slow *sl, uint32_t from, uint32_t to, uint8_t kind, uint32_t gate,
		      uint32_t p0, uint32_t p1)
{
	uint32_t id = (uint32_t)sl->ne;

	if (!edge_new(sl, from, to))
		return;
	bit_set(sl->edge_bit, (size_t)from * sl->m->nc + to);
	if (sl->ne == sl->ecap) {
		sl->ecap = sl->ecap ? sl->ecap * 2 : 64;
		sl->e = xrealloc(sl->e, sl->ecap, sizeof(*sl->e));
	}
	sl->e[sl->ne++] = (struct edge){from, to, kind, gate, p0, p1};
	vec_push(&sl->out[from], id);
	vec_push(&sl->out_to[from], to);
	for (size_t j = 0; j < sl->objs[from].n; j++) {
		uint32_t k = sl->objs[from].v[j];
		const struct rec f = sl->r[k];
		uint8_t had = sl->mask[slow_pair(sl, to, f.obj)];
		if (f.level > sl->now)
			break; /* records are found level by level */
		if (f.wide)
			slow_edge_chain(sl, from, to, id, f.obj);
		else if ((had | f.r) != had)
			slow_derive(sl, to, f.obj, f.r, RULE_FLOW, id, k);
	}
}

/* Record @k makes its holder @c a holder of gate @o: calls to each server, replies
 * from it. gh and gs hold pairs (record, component). */
static void slow_gate_holder(struct slow *sl, uint32_t k, uint32_t c, uint32_t o)
{
	const struct model *m = sl->m;

	vec_push(&sl->gh[o], k);
	vec_push(&sl->gh[o], c);
	for (size_t i = 0; i < sl->gs[o].n; i += 2) {
		uint32_t sr = sl->gs[o].v[i], s = sl->gs[o].v[i + 1];
		if (!m->trusted[c] && edge_new(sl, c, s))
			slow_edge(sl, c, s, E_CALL, o, k, sr);
		if (!m->trusted[s] && edge_new(sl, s, c))
			slow_edge(sl, s, c, E_REPLY, o, sr, k);
	}
}

static void slow_gate_server(struct slow *sl, uint32_t k, uint32_t c, uint32_t o)
{
	const struct model *m = sl->m;

	vec_push(&sl->gs[o], k);
	vec_push(&sl->gs[o], c);
	for (size_t i = 0; i < sl->gh[o].n; i += 2) {
		uint32_t hr = sl->gh[o].v[i], h = sl->gh[o].v[i + 1];
		if (!m->trusted[h] && edge_new(sl, h, c))
			slow_edge(sl, h, c, E_CALL, o, hr, k);
		if (!m->trusted[c] && edge_new(sl, c, h))
			slow_edge(sl, c, h, E_REPLY, o, k, hr);
	}
}

static void slow_gate(struct slow *sl, uint32_t k)
{
	const struct model *m = sl->m;
	uint32_t c = sl->r[k].comp, o = sl->r[k].obj;
	size_t b = (size_t)o * m->nc + c;

	if (bit_set(sl->hbit, b))
		slow_gate_holder(sl, k, c, o);
	if ((sl->r[k].r & R_SVR) && bit_set(sl->sbit, b))
		slow_gate_server(sl, k, c, o);
}

static void slow_triggers(struct slow *sl, uint32_t k)
{
	const struct model *m = sl->m;
	uint32_t c = sl->r[k].comp, o = sl->r[k].obj, x = controlled(m, o);
	uint8_t r = sl->r[k].r;

	if (m->trusted[c] && sl->r[k].rule != RULE_SPEC)
		return; /* a trusted component uses only what the spec gives it */
	if (x != NONE && x != c) {
		if (m->otype[o] == T_THREAD && (r & (R_W | R_S)))
			slow_edge(sl, x, c, E_CONTROL, NONE, k, NONE);
		if (m->otype[o] == T_TASK && (r & R_S))
			slow_edge(sl, x, c, E_TAKE, NONE, k, NONE);
		if (m->otype[o] == T_TASK && (r & R_W) && !m->trusted[c])
			slow_edge(sl, c, x, E_PUT, NONE, k, NONE);
	} else if (servable_gate(m, o)) {
		slow_gate(sl, k);
	}
}

/* Record @k flows along the out edges of its holder: a new fact where the rights
 * are new (checked here first, as most are not). */
static void slow_flow(struct slow *sl, uint32_t k)
{
	uint32_t c = sl->r[k].comp, o = sl->r[k].obj;
	uint8_t r = sl->r[k].r;
	const uint8_t *row = sl->mask + (size_t)sl->idx[o] * sl->m->nc;
	const uint32_t *to = sl->out_to[c].v, *id = sl->out[c].v;

	for (size_t i = 0; i < sl->out[c].n; i++)
		if ((row[to[i]] | r) != row[to[i]])
			slow_derive(sl, to[i], o, r, RULE_FLOW, id[i], k);
}

/* An object whose facts make flows: a task, a thread, a gate a component serves. */
static bool trigger(const struct model *m, uint32_t o)
{
	return controlled(m, o) != NONE || servable_gate(m, o);
}

/* Keep the triggers and the objects @want marks (every object if @want is NULL). */
static void slow_keep(struct slow *sl, const uint8_t *want)
{
	const struct model *m = sl->m;

	sl->idx = xcalloc(m->no, sizeof(*sl->idx));
	sl->ns = 0;
	for (uint32_t o = 0; o < m->no; o++)
		sl->idx[o] = !want || want[o] || trigger(m, o) ? sl->ns++ : NONE;
}

/*
 * The closure with paths, over the objects slow_keep() keeps. Only the facts of
 * triggers make flows, and a fact of an object comes only from facts of the same
 * object, so leaving other objects out leaves the records of the kept ones as they
 * are, in the same order: each is the first way the full closure finds it.
 */
static void slow_run(struct slow *sl, const struct model *m, const uint8_t *want)
{
	memset(sl, 0, sizeof(*sl));
	sl->m = m;
	slow_keep(sl, want);
	size_t pairs = (size_t)m->nc * sl->ns;
	sl->cur = xcalloc(pairs, sizeof(*sl->cur));
	memset(sl->cur, 0xff, pairs * sizeof(*sl->cur));
	sl->mask = xcalloc(pairs, 1);
	sl->objs = xcalloc(m->nc, sizeof(*sl->objs));
	sl->out = xcalloc(m->nc, sizeof(*sl->out));
	sl->out_to = xcalloc(m->nc, sizeof(*sl->out_to));
	sl->edge_bit = xcalloc(((size_t)m->nc * m->nc + 7) / 8, 1);
	sl->hbit = xcalloc(((size_t)m->no * m->nc + 7) / 8, 1);
	sl->sbit = xcalloc(((size_t)m->no * m->nc + 7) / 8, 1);
	sl->gh = xcalloc(m->no, sizeof(*sl->gh));
	sl->gs = xcalloc(m->no, sizeof(*sl->gs));
	for (uint32_t c = 0; c < m->nc; c++)
		for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++)
			slow_derive(sl, c, m->held[i].obj, m->held[i].rights, RULE_SPEC, i, NONE);
	/* Breadth first: records are handled in the order they were found, which is
	 * the order of their levels. */
	for (uint32_t k = 0; k < sl->nr; k++) {
		sl->now = sl->r[k].level;
		slow_triggers(sl, k);
		slow_flow(sl, k);
	}
}

static void slow_free(struct slow *sl)
{
	free(sl->idx);
	free(sl->r);
	free(sl->e);
	free(sl->cur);
	free(sl->mask);
	vec_free(sl->objs, sl->m->nc);
	vec_free(sl->out, sl->m->nc);
	vec_free(sl->out_to, sl->m->nc);
	free(sl->edge_bit);
	free(sl->hbit);
	free(sl->sbit);
	vec_free(sl->gh, sl->m->no);
	vec_free(sl->gs, sl->m->no);
}

/* ---- printing paths ---- */

struct printer {
	FILE *out;
	const struct slow *sl;
	int step;
	uint8_t *rec_done, *edge_done; /* printed in this path already */
};

static void printer_start(struct printer *p, const struct slow *sl, FILE *out)
{
	p->out = out;
	p->sl = sl;
	p->step = 0;
	p->rec_done = xcalloc(sl->nr / 8 + 1, 1);
	p->edge_done = xcalloc(sl->ne / 8 + 1, 1);
}

static void printer_end(struct printer *p)
{
	free(p->rec_done);
	free(p->edge_done);
}

/* "keymem (memory) RW" */
static const char *what(const struct model *m, uint32_t o, uint8_t r, char *buf, size_t size)
{
	char name[128], rights[32];

	snprintf(buf, size, "%s (%s) %s", obj_name(m, o, name, sizeof(name)),
		 otype_name[m->otype[o]], spec_rights_str(r, rights));
	return buf;
}

static void print_line(struct printer *p, const char *text)
{
	fprintf(p->out, "  %d. %s\n", ++p->step, text);
}

static void print_rec(struct printer *p, uint32_t k);

static void print_spec_fact(struct printer *p, const struct rec *r)
{
	const struct model *m = p->sl->m;
	const struct held *h = &m->held[r->a];
	char buf[640], w[256], name[128];

	if (h->cap)
		snprintf(name, sizeof(name), "cap %s, slot 0x%x", h->cap, h->slot);
	else if (!h->slot)
		snprintf(name, sizeof(name), "a log session it made, through a gate it serves");
	else
		snprintf(name, sizeof(name), "implicit, slot 0x%x", h->slot);
	snprintf(buf, sizeof(buf), "%s %s %s (%s)", comp_name(m, r->comp),
		 (h->rights & R_SVR) ? "serves" : "holds", what(m, r->obj, r->r, w, sizeof(w)),
		 name);
	print_line(p, buf);
}

static void print_edge(struct printer *p, uint32_t id)
{
	const struct edge *e = &p->sl->e[id];

	if (!bit_set(p->edge_done, id))
		return;
	if (e->kind == E_REPLY) /* the holder, then the server (as for a call) */
		print_rec(p, e->p1);
	if (e->p0 != NONE)
		print_rec(p, e->p0);
	if (e->p1 != NONE && e->kind != E_REPLY)
		print_rec(p, e->p1);
}

/* The step "@o with rights @r flows from component @from to @to" over an edge of
 * @kind (through @gate). */
static void print_flow(struct printer *p, uint8_t kind, uint32_t from, uint32_t to, uint32_t gate,
		       uint32_t o, uint8_t r)
{
	const struct model *m = p->sl->m;
	const char *x = comp_name(m, from), *d = comp_name(m, to);
	char buf[1024], w[256], g[128] = "";

	what(m, o, r, w, sizeof(w));
	if (gate != NONE)
		obj_name(m, gate, g, sizeof(g));
	switch (kind) {
	case E_CALL:
		snprintf(buf, sizeof(buf), "%s is not trusted and may send %s to %s through %s", x,
			 w, d, g);
		break;
	case E_REPLY:
		snprintf(buf, sizeof(buf),
			 "%s is not trusted and may reply to %s through %s with %s", x, d, g, w);
		break;
	case E_PUT:
		snprintf(buf, sizeof(buf),
			 "%s is not trusted and may map %s into %s (W on %s.task)", x, w, d, d);
		break;
	case E_TAKE:
		snprintf(buf, sizeof(buf), "%s may take %s from %s (S on %s.task)", d, w, x, x);
		break;
	default:
		snprintf(buf, sizeof(buf), "%s controls %s.thread, acts as %s and so holds %s", d,
			 x, x, w);
		break;
	}
	print_line(p, buf);
}

/* Print how record @k was found, each fact it needs first, each fact once. */
static void print_rec(struct printer *p, uint32_t k)
{
	const struct rec *r = &p->sl->r[k];

	if (!bit_set(p->rec_done, k))
		return;
	if (r->rule == RULE_SPEC) {
		print_spec_fact(p, r);
		return;
	}
	const struct edge *e = &p->sl->e[r->a];
	print_edge(p, r->a);
	print_rec(p, r->b);
	print_flow(p, e->kind, e->from, e->to, e->gate, r->obj, r->r);
}

/* ---- information ---- */

enum info_kind { I_CALL, I_REPLY, I_WRITE, I_TRIGGER, I_AUTHORITY, I_READ, I_SIGNAL, I_NAME };

/* How an object that is not a gate carries information from one holder to another:
 * the rights the sender needs and the receiver needs (0: any), and the step's kind. */
struct medium {
	uint8_t kind, send, recv;
};

/* Whether object @o carries information that way (*@md says how). */
static bool info_medium(const struct model *m, uint32_t o, struct medium *md)
{
	switch (m->otype[o]) {
	case T_MEMORY: /* written with W, read by every holder */
		*md = (struct medium){I_WRITE, R_W, 0};
		return true;
	case T_IRQ: /* triggered with W, received by every holder */
		*md = (struct medium){I_TRIGGER, R_W, 0};
		return true;
	case T_SEM: /* up needs no right; whoever may down (S) sees the count */
		*md = (struct medium){I_SIGNAL, 0, R_S};
		return true;
	case T_DEBUGGER: /* names set with W; every holder reads any name by identity */
		*md = (struct medium){I_NAME, R_W, 0};
		return true;
	default:
		return false;
	}
}

/* Does holding an object with @mine let one send through medium @md? */
static bool medium_sends(const struct medium *md, uint8_t mine)
{
	return md->send ? (mine & md->send) != 0 : mine != 0;
}

/* A step of the search: facts about @obj it needs are "@c0 holds it with any of @n0"
 * and the same for @c1 (NONE: no fact), found in the closure with paths later. */
struct info_step {
	uint32_t prev; /* the component before, NONE at the start */
	uint8_t kind;
	uint8_t n0, n1;
	uint32_t obj;
	uint32_t c0, c1;
};

/* Holders of each object (in component order), from the fast closure. */
struct holders {
	uint32_t *first, *comp;
};

static const uint8_t *fast_row(const struct fast *f, uint32_t c)
{
	return f->rows + (size_t)f->scc_of[c] * f->stride;
}

/* Call @fn(@arg, o) for each object @row holds, in object order. */
static void row_each(const struct fast *f, const uint8_t *row, void (*fn)(void *, uint32_t),
		     void *arg)
{
	for (size_t w = 0; w < f->stride / 8; w++) {
		uint64_t word;
		memcpy(&word, row + w * 8, 8);
		for (uint32_t o = (uint32_t)w * 8; word; o++, word >>= 8)
			if (word & 0xff)
				fn(arg, o);
	}
}

static void count_holder(void *arg, uint32_t o)
{
	((struct holders *)arg)->first[o + 1]++;
}

struct holder_fill {
	struct holders *h;
	uint32_t *pos, c;
};

static void fill_holder(void *arg, uint32_t o)
{
	struct holder_fill *hf = arg;

	hf->h->comp[hf->pos[o]++] = hf->c;
}

static void holders_build(struct holders *h, const struct fast *f)
{
	const struct model *m = f->m;
	struct holder_fill hf = {.h = h};

	h->first = xcalloc(m->no + 1, sizeof(*h->first));
	for (uint32_t c = 0; c < m->nc; c++)
		row_each(f, fast_row(f, c), count_holder, h);
	for (uint32_t o = 0; o < m->no; o++)
		h->first[o + 1] += h->first[o];
	h->comp = xcalloc(h->first[m->no], sizeof(*h->comp));
	hf.pos = xcalloc(m->no, sizeof(*hf.pos));
	memcpy(hf.pos, h->first, m->no * sizeof(*hf.pos));
	for (hf.c = 0; hf.c < m->nc; hf.c++)
		row_each(f, fast_row(f, hf.c), fill_holder, &hf);
	free(hf.pos);
}

struct info_bfs {
	const struct fast *f;
	const struct holders *h;
	struct info_step *st;
	uint32_t *queue;
	uint32_t qn;
	uint8_t *done_all, *done_servers; /* objects whose holders, servers were visited */
	uint32_t *looked;		  /* per object: the component last looking at it */
	uint32_t c;			  /* the component being looked at */
};

static void info_visit(struct info_bfs *b, uint32_t to, struct info_step st)
{
	if (to == st.prev || b->st[to].kind != 0xff)
		return;
	b->st[to] = st;
	b->queue[b->qn++] = to;
}

static bool info_seen(const struct info_bfs *b, uint32_t c, uint32_t d)
{
	return d == c || b->st[d].kind != 0xff;
}

/* The step from @c through @o that needs the facts "@c0 holds @o with any of @n0"
 * and "@c1 holds it with any of @n1". */
static struct info_step info_make(uint8_t kind, uint32_t c, uint32_t o, uint32_t c0, uint8_t n0,
				  uint32_t c1, uint8_t n1)
{
	return (struct info_step){c, kind, n0, n1, o, c0, c1};
}

/* The steps to the holders of @o, which @c holds with @mine. */
static void info_holders(struct info_bfs *b, uint32_t c, uint32_t o, uint8_t mine)
{
	const struct model *m = b->f->m;
	bool serves = mine & R_SVR, gate = servable_gate(m, o);
	struct medium md = {0};

	if (!gate)
		info_medium(m, o, &md);
	for (uint32_t i = b->h->first[o]; i < b->h->first[o + 1]; i++) {
		uint32_t d = b->h->comp[i];
		if (info_seen(b, c, d))
			continue;
		if (serves)
			info_visit(b, d, info_make(I_REPLY, c, o, c, R_SVR, d, 0));
		else if (gate && (fast_holds(b->f, d, o) & R_SVR))
			info_visit(b, d, info_make(I_CALL, c, o, c, 0, d, R_SVR));
		else if (!gate && (fast_holds(b->f, d, o) & md.recv) == md.recv)
			info_visit(b, d, info_make(md.kind, c, o, c, md.send, d, md.recv));
	}
}

/* The steps out of @c through object @o it holds. Each object's holders (or servers)
 * are visited once: whoever comes later reaches no one new through it. */
static void info_object(struct info_bfs *b, uint32_t c, uint32_t o)
{
	const struct model *m = b->f->m;
	uint8_t mine = fast_holds(b->f, c, o);
	uint32_t x = controlled(m, o);
	bool gate = servable_gate(m, o), serves = gate && (mine & R_SVR);
	struct medium md;
	bool writes = !gate && info_medium(m, o, &md) && medium_sends(&md, mine);
	uint8_t *done = serves || writes ? b->done_all : b->done_servers;

	if (b->looked[o] == c)
		return;
	b->looked[o] = c;
	if (x != NONE) {
		if (!info_seen(b, c, x))
			info_visit(b, x, info_make(I_AUTHORITY, c, o, c, 0, NONE, 0));
		return;
	}
	if ((!gate && !writes) || done[o])
		return;
	done[o] = 1;
	info_holders(b, c, o, mine);
}

static void info_row_object(void *arg, uint32_t o)
{
	struct info_bfs *b = arg;

	info_object(b, b->c, o);
}

/* The steps out of @c: through what it holds (the caps the spec gives it in their
 * order, then the rest in object order), then to whoever holds its task or thread. */
static void info_component(struct info_bfs *b, uint32_t c)
{
	const struct model *m = b->f->m;

	for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++)
		info_object(b, c, m->held[i].obj);
	b->c = c;
	row_each(b->f, fast_row(b->f, c), info_row_object, b);
	for (unsigned k = K_TASK; k <= K_THREAD; k++) {
		uint32_t o = comp_obj(m, c, k);
		for (uint32_t i = b->h->first[o]; i < b->h->first[o + 1]; i++) {
			uint32_t d = b->h->comp[i];
			if (!info_seen(b, c, d))
				info_visit(b, d, info_make(I_READ, c, o, d, 0, NONE, 0));
		}
	}
}

/* Breadth first from @from over "may pass information to"; st[c].kind 0xff: not reached. */
static void info_run(struct info_bfs *b, uint32_t from)
{
	const struct model *m = b->f->m;

	b->st = xcalloc(m->nc, sizeof(*b->st));
	b->queue = xcalloc(m->nc, sizeof(*b->queue));
	b->done_all = xcalloc(m->no, 1);
	b->done_servers = xcalloc(m->no, 1);
	b->looked = xcalloc(m->no, sizeof(*b->looked));
	memset(b->looked, 0xff, m->no * sizeof(*b->looked));
	for (uint32_t c = 0; c < m->nc; c++)
		b->st[c].kind = 0xff;
	b->st[from] = info_make(I_AUTHORITY, NONE, NONE, NONE, 0, NONE, 0);
	b->qn = 0;
	b->queue[b->qn++] = from;
	for (uint32_t qi = 0; qi < b->qn; qi++)
		info_component(b, b->queue[qi]);
}

static void info_free(struct info_bfs *b)
{
	free(b->st);
	free(b->queue);
	free(b->done_all);
	free(b->done_servers);
	free(b->looked);
}

/* Print the record of "@c holds @o with any of @need", how it was found first. */
static void print_fact(struct printer *p, uint32_t c, uint32_t o, uint8_t need)
{
	if (c != NONE)
		print_rec(p, slow_first(p->sl, c, o, need));
}

static void print_info_step(struct printer *p, uint32_t to, const struct info_step *st)
{
	const struct model *m = p->sl->m;
	const char *c = comp_name(m, st->prev), *d = comp_name(m, to);
	char buf[640], o[128];

	print_fact(p, st->c0, st->obj, st->n0);
	print_fact(p, st->c1, st->obj, st->n1);
	obj_name(m, st->obj, o, sizeof(o));
	switch (st->kind) {
	case I_CALL:
		snprintf(buf, sizeof(buf), "%s may pass information to %s by calling %s", c, d, o);
		break;
	case I_REPLY:
		snprintf(buf, sizeof(buf), "%s may pass information to %s by replying through %s",
			 c, d, o);
		break;
	case I_WRITE:
		snprintf(buf, sizeof(buf), "%s may write %s (memory), which %s also holds", c, o,
			 d);
		break;
	case I_TRIGGER:
		snprintf(buf, sizeof(buf), "%s may trigger %s (irq), which %s also holds", c, o, d);
		break;
	case I_SIGNAL:
		snprintf(buf, sizeof(buf), "%s may up %s (semaphore), which %s may down (S)", c, o,
			 d);
		break;
	case I_NAME:
		snprintf(buf, sizeof(buf),
			 "%s may name objects through %s (debugger), whose names %s may read", c, o,
			 d);
		break;
	case I_AUTHORITY:
		snprintf(buf, sizeof(buf), "%s has authority over %s through %s", c, d, o);
		break;
	default:
		snprintf(buf, sizeof(buf), "%s holds %s and may read %s's state", d, o, c);
		break;
	}
	print_line(p, buf);
}

static void print_info_path(struct printer *p, const struct info_bfs *b, uint32_t to)
{
	uint32_t n = 0, *chain = xcalloc(p->sl->m->nc, sizeof(*chain));

	for (uint32_t c = to; b->st[c].prev != NONE; c = b->st[c].prev)
		chain[n++] = c;
	while (n--)
		print_info_step(p, chain[n], &b->st[chain[n]]);
	free(chain);
}

/* ---- reach ---- */

static uint32_t earliest(uint32_t a, uint32_t b)
{
	return a == NONE ? b : b == NONE ? a : a < b ? a : b;
}

/* What reach asks, answered by the fast closure; the paths come later. */
struct reach_q {
	uint32_t fc, tc, to_obj;
	const char *to;
	bool authority, info;
	struct info_bfs b;
};

static void reach_decide(const struct fast *f, const struct holders *h, struct reach_q *q)
{
	const struct model *m = f->m;

	if (q->tc != NONE)
		q->authority = fast_holds(f, q->fc, comp_obj(m, q->tc, K_TASK)) ||
			       fast_holds(f, q->fc, comp_obj(m, q->tc, K_THREAD));
	else
		q->authority = fast_holds(f, q->fc, q->to_obj);
	q->b = (struct info_bfs){.f = f, .h = h};
	q->info = false;
	if (q->tc == NONE)
		return;
	info_run(&q->b, q->fc);
	q->info = q->b.st[q->tc].kind != 0xff && q->tc != q->fc;
}

/* The objects whose facts the paths print, besides the triggers. */
static uint8_t *reach_want(const struct model *m, const struct reach_q *q)
{
	uint8_t *want = xcalloc(m->no, 1);

	if (q->to_obj != NONE && q->tc == NONE)
		want[q->to_obj] = 1;
	if (q->info)
		for (uint32_t c = q->tc; q->b.st[c].prev != NONE; c = q->b.st[c].prev)
			want[q->b.st[c].obj] = 1;
	return want;
}

static void print_obtained(const struct model *m, const struct slow *sl, uint32_t c, uint32_t o,
			   uint8_t need, FILE *out);
static uint32_t slow_obtains(const struct slow *sl, uint32_t c, uint32_t o, uint8_t need,
			     const struct held **via);

/* With platform control as TO: whether FROM may use it (W), as isolation's "machine:"
 * lines count it. */
static bool reach_power(const struct slow *sl, const struct reach_q *q)
{
	const struct held *via;

	return q->tc == NONE && sl->m->otype[q->to_obj] == T_PFC &&
	       slow_obtains(sl, q->fc, q->to_obj, R_W, &via) != NONE;
}

static void reach_authority(const struct slow *sl, const struct reach_q *q, FILE *out)
{
	const struct model *m = sl->m;
	const char *from = comp_name(m, q->fc);
	struct printer p;
	uint32_t k;

	if (!q->authority) {
		fprintf(out, "authority: no path: %s can never obtain %s %s\n", from,
			q->tc != NONE ? "authority over" : "a capability to", q->to);
		return;
	}
	if (q->tc != NONE)
		k = earliest(slow_first(sl, q->fc, comp_obj(m, q->tc, K_TASK), 0),
			     slow_first(sl, q->fc, comp_obj(m, q->tc, K_THREAD), 0));
	else
		k = slow_first(sl, q->fc, q->to_obj, 0);
	fprintf(out, "authority: %s can obtain %s:\n", from,
		q->tc != NONE ? "authority over it" : "a capability to it");
	if (reach_power(sl, q)) { /* the path to W, which is what counts */
		print_obtained(m, sl, q->fc, q->to_obj, R_W, out);
		fprintf(out, "power: %s can power off or reboot the machine through %s\n", from,
			q->to);
		return;
	}
	printer_start(&p, sl, out);
	print_rec(&p, k);
	printer_end(&p);
	if (q->tc == NONE && m->otype[q->to_obj] == T_PFC)
		fprintf(out, "power: %s cannot power off or reboot the machine through %s (no W)\n",
			from, q->to);
}

static void reach_information(const struct slow *sl, const struct reach_q *q, FILE *out)
{
	const char *from = comp_name(sl->m, q->fc);
	struct printer p;

	if (!q->info) {
		fprintf(out, "information: no path: %s can never pass information to %s\n", from,
			q->to);
		return;
	}
	fprintf(out, "information: %s can pass information to %s:\n", from, q->to);
	printer_start(&p, sl, out);
	print_info_path(&p, &q->b, q->tc);
	printer_end(&p);
}

/* Decide with the fast closure (then freed: the paths need only the steps found). */
static void reach_fast(const struct model *m, struct reach_q *q)
{
	struct fast f;
	struct holders h = {0};

	fast_run(&f, m);
	if (q->tc != NONE)
		holders_build(&h, &f);
	reach_decide(&f, &h, q);
	q->b.f = NULL; /* the steps found stay; what they were found in goes */
	q->b.h = NULL;
	free(h.first);
	free(h.comp);
	fast_free(&f);
}

/* Decide with the fast closure; derive paths only for the objects they print. */
static int reach_report(const struct model *m, struct reach_q *q, FILE *out)
{
	bool found;
	struct slow sl = {.m = m};

	reach_fast(m, q);
	found = q->authority || q->info;
	if (found) {
		uint8_t *want = reach_want(m, q);
		slow_run(&sl, m, want);
		free(want);
	}
	reach_authority(&sl, q, out);
	if (q->tc != NONE) {
		reach_information(&sl, q, out);
		info_free(&q->b);
	}
	if (found)
		slow_free(&sl);
	return found;
}

int capdl_cmd_reach(const struct spec *s, const char *from, const char *to, FILE *out)
{
	int fc = spec_find_component(s, from), tc = spec_find_component(s, to);
	int to_obj = spec_find_object(s, to);
	struct model m;
	int found;

	if (fc < 0) {
		fprintf(stderr, "capdl: reach: %s is not a component of the spec\n", from);
		return 2;
	}
	if (tc < 0 && to_obj < 0) {
		fprintf(stderr,
			"capdl: reach: %s is neither a component nor an object of the spec\n", to);
		return 2;
	}
	model_init(&m, s);
	fprintf(out, "reach %s -> %s (%s)\n", from, to, tc >= 0 ? "component" : "object");
	struct reach_q q = {
	    .fc = (uint32_t)fc,
	    .tc = tc >= 0 ? (uint32_t)tc : NONE,
	    .to_obj = to_obj >= 0 ? (uint32_t)to_obj : NONE,
	    .to = to,
	};
	found = reach_report(&m, &q, out);
	if (!found)
		fprintf(out,
			"no path: %s can neither obtain authority over nor pass information "
			"to %s\n",
			from, to);
	model_free(&m);
	return found ? 0 : 1;
}

/* ---- isolation ---- */

/* given[p * no + o]: the spec gives object o to a component of partition p. */
static uint8_t *partition_objects(const struct model *m)
{
	size_t np = m->s->partition_count;
	uint8_t *given = xcalloc(np * m->no, 1);

	for (uint32_t c = 0; c < m->nc; c++) {
		if (m->part[c] == NONE)
			continue;
		for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++)
			given[(size_t)m->part[c] * m->no + m->held[i].obj] = 1;
	}
	return given;
}

static const char *part_name(const struct model *m, uint32_t c)
{
	return m->s->partitions[m->part[c]].name;
}

/* An IRQ one partition triggers (W) and another holds; a semaphore one partition
 * holds (up needs no right) and another may down (S). */
static void print_signal_channels(const struct model *m, uint32_t o, FILE *out)
{
	struct medium md;
	const char *verb = m->otype[o] == T_IRQ ? "triggers" : "signals";

	info_medium(m, o, &md);
	for (uint32_t i = m->by_obj_first[o]; i < m->by_obj_first[o + 1]; i++) {
		uint32_t t = m->held_comp[m->by_obj[i]];
		if (!medium_sends(&md, m->held[m->by_obj[i]].rights) || m->part[t] == NONE)
			continue;
		for (uint32_t j = m->by_obj_first[o]; j < m->by_obj_first[o + 1]; j++) {
			uint32_t c = m->held_comp[m->by_obj[j]];
			if (m->part[c] != NONE && m->part[c] != m->part[t] &&
			    (m->held[m->by_obj[j]].rights & md.recv) == md.recv)
				fprintf(out,
					"channel: %s (partition %s) %s %s (partition %s) "
					"through %s\n",
					comp_name(m, t), part_name(m, t), verb, comp_name(m, c),
					part_name(m, c), m->s->objects[o].name);
		}
	}
}

/* Gates the spec gives a component of one partition and a server of another, and
 * IRQs and semaphores between partitions: the channels the spec wants. */
static void print_channels(const struct model *m, FILE *out)
{
	char name[128];
	for (uint32_t o = 0; o < m->no; o++) {
		if (m->otype[o] == T_IRQ || m->otype[o] == T_SEM)
			print_signal_channels(m, o, out);
		if (!servable_gate(m, o))
			continue;
		for (uint32_t i = m->by_obj_first[o]; i < m->by_obj_first[o + 1]; i++) {
			uint32_t sv = m->held_comp[m->by_obj[i]];
			if (!(m->held[m->by_obj[i]].rights & R_SVR) || m->part[sv] == NONE)
				continue;
			for (uint32_t j = m->by_obj_first[o]; j < m->by_obj_first[o + 1]; j++) {
				uint32_t c = m->held_comp[m->by_obj[j]];
				if (c != sv && m->part[c] != NONE && m->part[c] != m->part[sv])
					fprintf(
					    out,
					    "channel: %s (partition %s) calls %s (partition %s) "
					    "through %s\n",
					    comp_name(m, c), part_name(m, c), comp_name(m, sv),
					    part_name(m, sv), obj_name(m, o, name, sizeof(name)));
			}
		}
	}
}

static void print_given(const struct model *m, int step, uint32_t i, FILE *out)
{
	const struct held *h = &m->held[i];
	char w[256];

	fprintf(out, "  %d. %s holds %s (cap %s, slot 0x%x)\n", step, comp_name(m, m->held_comp[i]),
		what(m, h->obj, h->rights, w, sizeof(w)), h->cap ? h->cap : "-", h->slot);
}

/* (b): memory the spec gives to two partitions, writable by one; the same for the
 * debugger, whose names (set with W) every holder reads: as much a shared store. */
static int shared_memory(const struct model *m, FILE *out)
{
	int n = 0;

	for (uint32_t o = 0; o < m->nspec; o++) {
		uint32_t w = NONE, other = NONE, lo = m->by_obj_first[o],
			 hi = m->by_obj_first[o + 1];
		bool memory = m->otype[o] == T_MEMORY;
		if (!memory && m->otype[o] != T_DEBUGGER)
			continue;
		for (uint32_t i = lo; i < hi && w == NONE; i++)
			if (m->part[m->held_comp[m->by_obj[i]]] != NONE &&
			    (m->held[m->by_obj[i]].rights & R_W))
				w = m->by_obj[i];
		for (uint32_t i = lo; i < hi && w != NONE && other == NONE; i++) {
			uint32_t c = m->held_comp[m->by_obj[i]];
			if (m->part[c] != NONE && m->part[c] != m->part[m->held_comp[w]])
				other = m->by_obj[i];
		}
		if (other == NONE)
			continue;
		fprintf(out,
			"violation: %s (%s) is shared between partitions %s and %s and "
			"%s may %s:\n",
			m->s->objects[o].name, otype_name[m->otype[o]],
			part_name(m, m->held_comp[w]), part_name(m, m->held_comp[other]),
			comp_name(m, m->held_comp[w]),
			memory ? "write it" : "name objects through it");
		print_given(m, 1, w, out);
		print_given(m, 2, other, out);
		n++;
	}
	return n;
}

/* The component a trusted component's cap @h lets it act on (take from, control). */
static uint32_t used_component(const struct model *m, uint32_t c, const struct held *h)
{
	uint32_t x = controlled(m, h->obj);

	if (x == NONE || x == c)
		return NONE;
	if (m->otype[h->obj] == T_THREAD && (h->rights & (R_W | R_S)))
		return x;
	if (m->otype[h->obj] == T_TASK && (h->rights & R_S))
		return x;
	return NONE;
}

/*
 * What component @c can obtain, into @row (stride bytes). An untrusted component:
 * everything it may come to hold. A trusted one uses only what the spec gives it:
 * its caps, and what those let it take or control; what others hand it is only
 * held, for whoever takes it from there.
 */
static void fast_obtains(const struct model *m, const struct fast *f, uint32_t c, uint8_t *row)
{
	if (!m->trusted[c]) {
		memcpy(row, f->rows + (size_t)f->scc_of[c] * f->stride, f->stride);
		return;
	}
	memset(row, 0, f->stride);
	for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++) {
		uint32_t x = used_component(m, c, &m->held[i]);
		row[m->held[i].obj] |= m->held[i].rights;
		if (x != NONE)
			row_or(row, f->rows + (size_t)f->scc_of[x] * f->stride, f->stride);
	}
}

/*
 * Whether partition @p obtaining @o (@got: all it obtains) is a violation to report:
 * an object the spec gives no component of @p, or a component of another partition
 * (its task or thread). Authority over a component is reported once, through its
 * task if @p obtains that, else its thread; its other objects come with it.
 */
static bool outside(const struct model *m, const uint8_t *given, const uint8_t *got, uint32_t p,
		    uint32_t o)
{
	uint32_t x = m->owner[o];
	/* A component's log session is the way to talk to it, not authority over it. */
	bool session = o >= m->nspec && (o - m->nspec) % K_PER_COMP == K_LOG;
	bool foreign = x != NONE && !session && m->part[x] != NONE && m->part[x] != p;

	return got[o] && (!given[(size_t)p * m->no + o] || foreign);
}

static bool violation(const struct model *m, const uint8_t *given, const uint8_t *got, uint32_t p,
		      uint32_t o)
{
	uint32_t x = m->owner[o];
	bool task, thread;

	if (!outside(m, given, got, p, o))
		return false;
	if (x == NONE)
		return true;
	task = outside(m, given, got, p, comp_obj(m, x, K_TASK));
	thread = outside(m, given, got, p, comp_obj(m, x, K_THREAD));
	if (o == comp_obj(m, x, K_TASK))
		return true;
	if (o == comp_obj(m, x, K_THREAD))
		return !task;
	return !task && !thread;
}

/* What partition @p obtains, into @got (@row: scratch), both stride bytes. */
static void partition_got(const struct model *m, const struct fast *f, uint32_t p, uint8_t *got,
			  uint8_t *row)
{
	memset(got, 0, f->stride);
	for (uint32_t c = 0; c < m->nc; c++)
		if (m->part[c] == p) {
			fast_obtains(m, f, c, row);
			row_or(got, row, f->stride);
		}
}

/* (a) by the fast closure: how many violations; the objects they are about are
 * marked in @want (unless NULL). */
static long fast_violations(const struct model *m, const struct fast *f, const uint8_t *given,
			    uint8_t *want)
{
	uint8_t *got = xcalloc(f->stride, 1), *row = xcalloc(f->stride, 1);
	long n = 0;

	for (uint32_t p = 0; p < m->s->partition_count; p++) {
		partition_got(m, f, p, got, row);
		for (uint32_t o = 0; o < m->no; o++)
			if (violation(m, given, got, p, o)) {
				n++;
				if (want)
					want[o] = 1;
			}
	}
	free(row);
	free(got);
	return n;
}

/* How component @c first obtains @o with any of @need (any rights if 0) in the slow
 * closure, as fast_obtains() counts: the record of it (or of the component a trusted
 * @c takes it from, *@via: the cap of @c that lets it), or NONE. */
static uint32_t slow_obtains(const struct slow *sl, uint32_t c, uint32_t o, uint8_t need,
			     const struct held **via)
{
	const struct model *m = sl->m;
	uint32_t best = NONE;

	*via = NULL;
	if (!m->trusted[c])
		return slow_first(sl, c, o, need);
	for (uint32_t k = slow_cur(sl, c, o); k != NONE; k = sl->r[k].prev)
		if (sl->r[k].rule == RULE_SPEC && (!need || (sl->r[k].r & need)))
			best = k;
	for (uint32_t i = m->held_first[c]; i < m->held_first[c + 1]; i++) {
		uint32_t x = used_component(m, c, &m->held[i]);
		uint32_t k = x != NONE ? slow_first(sl, x, o, need) : NONE;
		if (k < best) {
			best = k;
			*via = &m->held[i];
		}
	}
	return best;
}

/* The record of the spec giving @c the cap @h. */
static uint32_t spec_record(const struct slow *sl, uint32_t c, const struct held *h)
{
	uint32_t k = slow_cur(sl, c, h->obj), found = NONE;

	for (; k != NONE; k = sl->r[k].prev)
		if (sl->r[k].rule == RULE_SPEC)
			found = k;
	return found;
}

/* The path by which @c first obtains @o with any of @need (slow_obtains()). */
static void print_obtained(const struct model *m, const struct slow *sl, uint32_t c, uint32_t o,
			   uint8_t need, FILE *out)
{
	const struct held *via;
	uint32_t k = slow_obtains(sl, c, o, need, &via);
	struct printer p;

	printer_start(&p, sl, out);
	if (via) {
		uint32_t from = controlled(m, via->obj);
		print_rec(&p, spec_record(sl, c, via));
		print_rec(&p, k);
		print_flow(&p, m->otype[via->obj] == T_TASK ? E_TAKE : E_CONTROL, from, c, NONE, o,
			   sl->r[k].r);
	} else {
		print_rec(&p, k);
	}
	printer_end(&p);
}

static void print_violation(const struct model *m, const struct slow *sl, uint32_t c, uint32_t o,
			    FILE *out)
{
	char name[128];
	uint32_t x = controlled(m, o);

	obj_name(m, o, name, sizeof(name));
	if (x != NONE)
		fprintf(out,
			"violation: %s (partition %s) can obtain authority over %s (%s%s) through "
			"%s:\n",
			comp_name(m, c), part_name(m, c), comp_name(m, x),
			m->part[x] == NONE ? "no partition" : "partition ",
			m->part[x] == NONE ? "" : part_name(m, x), name);
	else
		fprintf(out,
			"violation: %s (partition %s) can obtain %s (%s), which the spec gives "
			"no component of %s:\n",
			comp_name(m, c), part_name(m, c), name, otype_name[m->otype[o]],
			part_name(m, c));
	print_obtained(m, sl, c, o, 0, out);
}

/* The component of partition @p that obtains @o first, or NONE. */
static uint32_t first_in(const struct slow *sl, uint32_t p, uint32_t o)
{
	uint32_t best = NONE, bc = NONE;
	const struct held *via;

	for (uint32_t c = 0; c < sl->m->nc; c++) {
		uint32_t k = sl->m->part[c] == p ? slow_obtains(sl, c, o, 0, &via) : NONE;
		if (k < best) {
			best = k;
			bc = c;
		}
	}
	return bc;
}

/* (a) with paths: each violation with the component of the partition that gets there
 * first. */
static long slow_violations(const struct model *m, const struct fast *f, const struct slow *sl,
			    const uint8_t *given, FILE *out)
{
	uint8_t *got = xcalloc(f->stride, 1), *row = xcalloc(f->stride, 1);
	long n = 0;

	for (uint32_t p = 0; p < m->s->partition_count; p++) {
		partition_got(m, f, p, got, row);
		for (uint32_t o = 0; o < m->no; o++) {
			uint32_t x = m->owner[o], shown = o, c;
			const struct held *via;
			if (!violation(m, given, got, p, o))
				continue;
			c = first_in(sl, p, o);
			/* Authority over a component: through its thread if that comes first. */
			if (x != NONE && o == comp_obj(m, x, K_TASK) &&
			    outside(m, given, got, p, comp_obj(m, x, K_THREAD))) {
				uint32_t th = comp_obj(m, x, K_THREAD), tc = first_in(sl, p, th);
				if (slow_obtains(sl, tc, th, 0, &via) <
				    slow_obtains(sl, c, o, 0, &via)) {
					shown = th;
					c = tc;
				}
			}
			if (c == NONE)
				continue; /* the closures disagree: isolation says so */
			print_violation(m, sl, c, shown, out);
			n++;
		}
	}
	free(row);
	free(got);
	return n;
}

/* ---- the machine: platform control ---- */

/* Does component @c obtain platform control @o with W (it may power the machine off
 * or reset it, ending every component)? @row: scratch, stride bytes. */
static bool powers(const struct model *m, const struct fast *f, uint32_t c, uint32_t o,
		   uint8_t *row)
{
	fast_obtains(m, f, c, row);
	return row[o] & R_W;
}

/* How many components obtain platform control with W (per pfc object); those
 * objects are marked in @want. */
static long fast_machine(const struct model *m, const struct fast *f, uint8_t *want)
{
	uint8_t *row = xcalloc(f->stride, 1);
	long n = 0;

	for (uint32_t o = 0; o < m->nspec; o++)
		for (uint32_t c = 0; c < m->nc && m->otype[o] == T_PFC; c++)
			if (powers(m, f, c, o, row)) {
				n++;
				want[o] = 1;
			}
	free(row);
	return n;
}

/* "machine:" lines: each component that may power off or reset the machine, with
 * the path to its W on platform control. Whatever the partitions: it ends them all. */
static void print_machine(const struct model *m, const struct fast *f, const struct slow *sl,
			  FILE *out)
{
	uint8_t *row = xcalloc(f->stride, 1);

	for (uint32_t o = 0; o < m->nspec; o++)
		for (uint32_t c = 0; c < m->nc && m->otype[o] == T_PFC; c++) {
			if (!powers(m, f, c, o, row))
				continue;
			fprintf(out,
				"machine: %s (%s%s) can power off or reboot the machine through "
				"%s:\n",
				comp_name(m, c), m->part[c] == NONE ? "no partition" : "partition ",
				m->part[c] == NONE ? "" : part_name(m, c), m->s->objects[o].name);
			print_obtained(m, sl, c, o, R_W, out);
		}
	free(row);
}

/* The closure with paths for the machine lines and the violations (@want: their
 * objects); how many violations it printed. */
static long isolation_paths(const struct model *m, const struct fast *f, const uint8_t *given,
			    const uint8_t *want, long fast_n, FILE *out)
{
	struct slow sl;
	long slow_n = 0;

	slow_run(&sl, m, want);
	print_machine(m, f, &sl, out);
	if (m->s->partition_count)
		slow_n = slow_violations(m, f, &sl, given, out);
	if (slow_n != fast_n)
		fprintf(stderr, "capdl: isolation: internal error: %ld violations, %ld paths\n",
			fast_n, slow_n);
	slow_free(&sl);
	return fast_n;
}

int capdl_cmd_isolation(const struct spec *s, FILE *out)
{
	struct model m;
	struct fast f;
	long n = 0, fast_n = 0;

	model_init(&m, s);
	uint8_t *given = partition_objects(&m), *want = xcalloc(m.no, 1);
	if (s->partition_count) {
		print_channels(&m, out);
		n = shared_memory(&m, out);
	}
	fast_run(&f, &m);
	if (s->partition_count)
		fast_n = fast_violations(&m, &f, given, want);
	if (fast_machine(&m, &f, want) || fast_n)
		n += isolation_paths(&m, &f, given, want, fast_n, out);
	if (!s->partition_count)
		fprintf(out, "isolation: the spec has no partitions\n");
	else if (n)
		fprintf(out, "isolation: %ld violation%s\n", n, n == 1 ? "" : "s");
	else
		fprintf(out, "isolation: %zu partitions are isolated\n", s->partition_count);
	free(want);
	fast_free(&f);
	free(given);
	model_free(&m);
	return n ? 1 : 0;
}

/* Whether record @a of @x and record @b of @y say the same, @map taking the
 * records of @x to those of @y. */
static bool rec_same(const struct rec *a, const struct rec *b, const uint32_t *map)
{
	uint32_t prev = a->prev == NONE ? NONE : map[a->prev];
	uint32_t from = a->rule == RULE_SPEC ? a->b : map[a->b];

	return a->comp == b->comp && a->obj == b->obj && a->r == b->r && a->rule == b->rule &&
	       a->level == b->level && a->a == b->a && prev == b->prev && from == b->b;
}

/* How many records of the closure @part keeps differ from those of the full one. */
static long slow_compare(const struct slow *full, const struct slow *part)
{
	uint32_t *map = xcalloc(full->nr, sizeof(*map)), j = 0;
	long bad = full->ne != part->ne;

	for (uint32_t k = 0; k < full->nr; k++) {
		map[k] = NONE;
		if (part->idx[full->r[k].obj] == NONE)
			continue;
		if (j >= part->nr || !rec_same(&full->r[k], &part->r[j], map))
			bad++;
		map[k] = j++;
	}
	bad += j != part->nr;
	free(map);
	return bad;
}

/* The violations with paths, as text (malloc'd), and how many in *@n. */
static char *violations_text(const struct model *m, const struct fast *f, const struct slow *sl,
			     const uint8_t *given, long *n)
{
	FILE *t = tmpfile();
	char *text;
	long size;

	if (!t)
		out_of_memory();
	*n = slow_violations(m, f, sl, given, t);
	size = ftell(t);
	rewind(t);
	text = xcalloc((size_t)size + 1, 1);
	if (fread(text, 1, (size_t)size, t) != (size_t)size)
		text[0] = 0;
	fclose(t);
	return text;
}

/* Isolation by the fast closure and with paths from the full closure and from
 * @part: the same count, the same text. */
static long isolation_compare(const struct model *m, const struct fast *f, const struct slow *full,
			      const struct slow *part, const uint8_t *given)
{
	long nf, np;
	char *a = violations_text(m, f, full, given, &nf);
	char *b = violations_text(m, f, part, given, &np);
	long bad = (nf != np) + (nf != fast_violations(m, f, given, NULL)) + (strcmp(a, b) != 0);

	free(a);
	free(b);
	return bad;
}

long analysis_selfcheck(const struct spec *s)
{
	struct model m;
	struct fast f;
	struct slow sl, part;
	long bad = 0;

	model_init(&m, s);
	fast_run(&f, &m);
	slow_run(&sl, &m, NULL);
	for (uint32_t c = 0; c < m.nc; c++)
		for (uint32_t o = 0; o < m.no; o++)
			if (fast_holds(&f, c, o) != slow_mask(&sl, c, o))
				bad++;
	uint8_t *given = partition_objects(&m), *want = xcalloc(m.no, 1);
	if (s->partition_count)
		fast_violations(&m, &f, given, want);
	slow_run(&part, &m, want);
	bad += slow_compare(&sl, &part);
	if (s->partition_count)
		bad += isolation_compare(&m, &f, &sl, &part, given);
	free(want);
	free(given);
	slow_free(&part);
	slow_free(&sl);
	fast_free(&f);
	model_free(&m);
	return bad;
}
