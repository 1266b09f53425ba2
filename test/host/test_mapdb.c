/* test_mapdb.c - host tests of the mapping database (kernel/mapdb.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <l4/sys/err.h>

#include "space/mapdb.h"

#define R   4u
#define W   2u
#define X   1u
#define RWX (R | W | X)

#define VA(i) ((vaddr_t)0x10000 + (vaddr_t)(i)*PAGE_SIZE)
#define PA(i) ((paddr_t)0x80000000u + (paddr_t)(i)*PAGE_SIZE)

/*
 * mapdb.c only passes task pointers on to its ops, so the test has tasks of its own:
 * a page-table model (va -> pa, rights; unordered) and the number of mapping nodes
 * allocated for (charged to) the task and not freed yet.
 */
struct pte {
	vaddr_t va;
	paddr_t pa;
	unsigned rights;
};

struct task {
	struct pte *pt;
	unsigned n, cap;
	long nodes;
};

/* ---- the page-table model and node memory: what mapdb.c calls through its ops ---- */

static long live_nodes, alloc_calls, free_calls;
static unsigned lookup_calls, map_calls, unmap_calls, protect_calls;
static long allocs_left = -1; /* allocations that still succeed; -1: all */
static bool fail_map;
static uintptr_t stack_low; /* lowest frame address seen in an op */

static void note_stack(void)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	if (sp < stack_low)
		stack_low = sp;
}

static struct pte *pte_find(struct task *t, vaddr_t va)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->pt[i].va == va)
			return &t->pt[i];
	return NULL;
}

static void pte_set(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	struct pte *e = pte_find(t, va);
	if (!e) {
		if (t->n == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 4;
			t->pt = realloc(t->pt, t->cap * sizeof(*t->pt));
			assert_non_null(t->pt);
		}
		e = &t->pt[t->n++];
	}
	*e = (struct pte){va, pa, rights};
}

static void pte_clear(struct task *t, vaddr_t va)
{
	struct pte *e = pte_find(t, va);
	if (e)
		*e = t->pt[--t->n];
}

static int op_lookup(struct task *t, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	assert_non_null(t);
	lookup_calls++;
	struct pte *e = pte_find(t, va);
	if (!e)
		return -1;
	*pa = e->pa;
	*rights = e->rights;
	return 0;
}

static int op_map(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	note_stack();
	assert_non_null(t);
	map_calls++;
	assert_int_equal(va % PAGE_SIZE, 0);
	assert_int_equal(pa % PAGE_SIZE, 0);
	/* Only rights ARM has: R, and W or X only with R. */
	assert_int_equal(rights & ~RWX, 0);
	assert_true(rights & R);
	if (fail_map)
		return -1;
	pte_set(t, va, pa, rights);
	return 0;
}

static void op_unmap(struct task *t, vaddr_t va)
{
	note_stack();
	assert_non_null(t);
	unmap_calls++;
	pte_clear(t, va);
}

static void op_protect(struct task *t, vaddr_t va, unsigned rights)
{
	note_stack();
	assert_non_null(t);
	protect_calls++;
	struct pte *e = pte_find(t, va);
	if (!e)
		return;
	/* Unmapping only ever takes rights away. */
	assert_int_equal(rights & ~e->rights, 0);
	e->rights = rights;
}

static struct mapping *op_alloc(struct task *t)
{
	assert_non_null(t);
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	struct mapping *m = calloc(1, sizeof(*m));
	assert_non_null(m);
	alloc_calls++;
	live_nodes++;
	t->nodes++;
	return m;
}

static void op_free(struct task *t, struct mapping *m)
{
	note_stack();
	assert_non_null(t);
	assert_non_null(m);
	/* A node is freed on the account of the task it was charged to. */
	assert_true(t->nodes > 0);
	assert_true(live_nodes > 0);
	free(m);
	free_calls++;
	live_nodes--;
	t->nodes--;
}

static const struct mapdb_ops test_ops = {
    op_lookup, op_map, op_unmap, op_protect, op_alloc, op_free,
};

/* ---- fixtures and helpers ---- */

/* An unmap run to its end (the kernel's stops at preemption points). */
static void mapdb_unmap(struct task *t, vaddr_t va, unsigned rights, bool self)
{
	unsigned walk = 0;
	mapdb_unmap_steps(t, va, rights, self, NULL, &walk);
}

#define NTASKS 6
static struct task tasks[NTASKS];
static struct task *const T0 = &tasks[0], *const T1 = &tasks[1], *const T2 = &tasks[2],
			  *const T3 = &tasks[3], *const T4 = &tasks[4], *const T5 = &tasks[5];

static int setup(void **state)
{
	(void)state;
	mapdb_init(&test_ops);
	live_nodes = alloc_calls = free_calls = 0;
	lookup_calls = map_calls = unmap_calls = protect_calls = 0;
	allocs_left = -1;
	fail_map = false;
	memset(tasks, 0, sizeof(tasks));
	return 0;
}

/* Whatever a task still has goes (as when it is deleted); its page table is freed. */
static void task_clear(struct task *t)
{
	allocs_left = -1;
	fail_map = false;
	while (t->n) {
		unsigned before = t->n;
		mapdb_forget(t, t->pt[t->n - 1].va, NULL);
		if (t->n >= before) /* not removed: do not loop forever */
			t->n--;
	}
	free(t->pt);
	t->pt = NULL;
	t->cap = 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned i = 0; i < NTASKS; i++)
		task_clear(&tasks[i]);
	return live_nodes == 0 ? 0 : -1;
}

/* A task's own page, not mapped from anywhere (like the root task's RAM). */
static void give(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	assert_null(pte_find(t, va));
	pte_set(t, va, pa, rights);
}

static void assert_page(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	struct pte *e = pte_find(t, va);
	assert_non_null(e);
	assert_int_equal(e->pa, pa);
	assert_int_equal(e->rights, rights);
}

static void assert_no_page(struct task *t, vaddr_t va)
{
	assert_null(pte_find(t, va));
	assert_null(mapdb_find(t, va));
}

/* A map that replaces a mapping leaves what derived from it to mapdb_reap(), which the
 * kernel's reaper runs before the mapping thread returns to user mode: so here. */
static void map_ok(struct task *src, vaddr_t src_va, struct task *dst, vaddr_t dst_va,
		   unsigned rights)
{
	assert_int_equal(mapdb_map(src, src_va, dst, dst_va, rights, false), 0);
	assert_true(mapdb_reap(NULL));
}

static void grant_ok(struct task *src, vaddr_t src_va, struct task *dst, vaddr_t dst_va,
		     unsigned rights)
{
	assert_int_equal(mapdb_map(src, src_va, dst, dst_va, rights, true), 0);
	assert_true(mapdb_reap(NULL));
}

/* The node of a mapping, which must have one. */
static struct mapping *node(struct task *t, vaddr_t va)
{
	struct mapping *m = mapdb_find(t, va);
	assert_non_null(m);
	assert_ptr_equal(m->task, t);
	assert_int_equal(m->va, va);
	return m;
}

/* A node's neighbours in the tree, as mappings (NULL for none). */
static struct mapping *mapping_or_null(struct tree_node *n)
{
	return n ? mapping_of_node(n) : NULL;
}

static struct mapping *parent_of(const struct mapping *x)
{
	return mapping_or_null(tree_parent(&x->tree));
}

static struct mapping *first_child_of(const struct mapping *x)
{
	return mapping_or_null(x->tree.first_child);
}

static struct mapping *next_sibling_of(const struct mapping *x)
{
	return mapping_or_null(tree_next_sibling(&x->tree));
}

static struct mapping *prev_sibling_of(const struct mapping *x)
{
	return mapping_or_null(tree_prev_sibling(&x->tree));
}

/* Children of @m, checking their links. */
static unsigned child_count(const struct mapping *m)
{
	unsigned n = 0;
	const struct mapping *prev = NULL;
	for (const struct mapping *c = first_child_of(m); c; c = next_sibling_of(c)) {
		assert_ptr_equal(parent_of(c), m);
		assert_ptr_equal(prev_sibling_of(c), prev);
		prev = c;
		n++;
		assert_true(n <= 100000);
	}
	return n;
}

static bool is_child(const struct mapping *parent, const struct mapping *c)
{
	for (const struct mapping *ch = first_child_of(parent); ch; ch = next_sibling_of(ch))
		if (ch == c)
			return true;
	return false;
}

static void assert_root(const struct mapping *m)
{
	assert_null(parent_of(m));
	assert_null(prev_sibling_of(m));
	assert_null(next_sibling_of(m));
}

static void assert_no_nodes(void)
{
	assert_int_equal(live_nodes, 0);
	assert_int_equal(alloc_calls, free_calls);
	for (unsigned i = 0; i < NTASKS; i++)
		assert_int_equal(tasks[i].nodes, 0);
}

/*
 * The tree of most tests, all of one page PA(1) with @rights:
 * A = T0:VA(0) -> B = T1:VA(1) -> C = T2:VA(2), and A -> D = T3:VA(3).
 */
static void build_tree(unsigned rights)
{
	give(T0, VA(0), PA(1), rights);
	map_ok(T0, VA(0), T1, VA(1), RWX);
	map_ok(T1, VA(1), T2, VA(2), RWX);
	map_ok(T0, VA(0), T3, VA(3), RWX);
	assert_int_equal(live_nodes, 4);
}

/* ---- map ---- */

static void test_map_creates_child(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), R | W);
	/* A page of its own that was never passed on has no node. */
	assert_null(mapdb_find(T0, VA(0)));

	map_ok(T0, VA(0), T1, VA(5), RWX);
	assert_page(T1, VA(5), PA(1), R | W); /* the source's rights AND the requested */
	assert_page(T0, VA(0), PA(1), R | W); /* the source keeps its page */
	struct mapping *a = node(T0, VA(0)), *b = node(T1, VA(5));
	assert_root(a);
	assert_ptr_equal(parent_of(b), a);
	assert_ptr_equal(first_child_of(a), b);
	assert_null(first_child_of(b));
	assert_null(next_sibling_of(b));
	assert_null(prev_sibling_of(b));
	assert_int_equal(child_count(a), 1);
	/* Each node is charged to its own task. */
	assert_int_equal(live_nodes, 2);
	assert_int_equal(T0->nodes, 1);
	assert_int_equal(T1->nodes, 1);
	assert_int_equal(map_calls, 1);

	/* A second child of the same root: no second root node. */
	map_ok(T0, VA(0), T2, VA(1), R);
	assert_page(T2, VA(1), PA(1), R);
	struct mapping *c = node(T2, VA(1));
	assert_ptr_equal(node(T0, VA(0)), a);
	assert_ptr_equal(parent_of(c), a);
	assert_int_equal(child_count(a), 2);
	assert_true(is_child(a, b) && is_child(a, c));
	assert_int_equal(alloc_calls, 3);

	/* A grandchild: never more than its parent has. */
	map_ok(T1, VA(5), T3, VA(2), RWX);
	assert_page(T3, VA(2), PA(1), R | W);
	struct mapping *d = node(T3, VA(2));
	assert_ptr_equal(parent_of(d), b);
	assert_int_equal(child_count(b), 1);
	assert_int_equal(child_count(a), 2);
	assert_int_equal(live_nodes, 4);

	/* Nothing at other places. */
	assert_null(mapdb_find(T0, VA(1)));
	assert_null(mapdb_find(T1, VA(0)));
	assert_null(mapdb_find(T4, VA(5)));
	/* Same address in another task: its own node. */
	map_ok(T0, VA(0), T4, VA(5), R);
	assert_ptr_equal(node(T1, VA(5)), b);
	assert_ptr_not_equal(node(T4, VA(5)), b);
	assert_int_equal(child_count(a), 3);
}

static void test_map_rights(void **state)
{
	(void)state;
	static const struct {
		unsigned have, want, got;
	} cases[] = {
	    {RWX, RWX, RWX},   {RWX, R, R},	  {RWX, W, R | W},	 {RWX, X, R | X},
	    {RWX, W | X, RWX}, {R | W, X, 0},	  {R | W, W | X, R | W}, {R, W, 0},
	    {R, RWX, R},       {R | X, W, 0},	  {RWX, 0, 0},		 {R | W, R | X, R},
	    {R, X, 0},	       {R | X, X, R | X}, {R | W, 0, 0},	 {R | W, R | W, R | W},
	};
	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		long allocs = alloc_calls;
		unsigned maps = map_calls;
		give(T0, VA(i), PA(i), cases[i].have);
		map_ok(T0, VA(i), T1, VA(i), cases[i].want);
		assert_page(T0, VA(i), PA(i), cases[i].have);
		if (cases[i].got) {
			assert_page(T1, VA(i), PA(i), cases[i].got);
			assert_ptr_equal(parent_of(node(T1, VA(i))), node(T0, VA(i)));
			assert_int_equal(map_calls, maps + 1);
		} else {
			/* Rights 0: nothing is mapped, no node is made. */
			assert_no_page(T1, VA(i));
			assert_null(mapdb_find(T0, VA(i)));
			assert_int_equal(alloc_calls, allocs);
			assert_int_equal(map_calls, maps);
		}
	}
}

static void test_map_no_source(void **state)
{
	(void)state;
	give(T1, VA(3), PA(2), R | W);
	give(T0, VA(1), PA(1), RWX);
	/* The source has no page there (only elsewhere): nothing happens, also not at the
	 * destination. */
	assert_int_equal(mapdb_map(T0, VA(0), T1, VA(3), RWX, false), 0);
	assert_int_equal(mapdb_map(T0, VA(0), T1, VA(3), RWX, true), 0);
	assert_int_equal(mapdb_map(T0, VA(0), T2, VA(0), RWX, false), 0);
	assert_int_equal(mapdb_map(T0, VA(0), T0, VA(0), R, false), 0);
	assert_page(T1, VA(3), PA(2), R | W);
	assert_page(T0, VA(1), PA(1), RWX);
	assert_no_page(T0, VA(0));
	assert_no_page(T2, VA(0));
	assert_null(mapdb_find(T1, VA(3)));
	assert_int_equal(alloc_calls, 0);
	assert_int_equal(map_calls + unmap_calls + protect_calls, 0);

	/* A page the source had and lost. */
	map_ok(T0, VA(1), T2, VA(1), R);
	mapdb_unmap(T2, VA(1), R, true);
	assert_no_page(T2, VA(1));
	unsigned maps = map_calls;
	assert_int_equal(mapdb_map(T2, VA(1), T3, VA(1), RWX, false), 0);
	assert_int_equal(mapdb_map(T2, VA(1), T3, VA(1), RWX, true), 0);
	assert_no_page(T3, VA(1));
	assert_int_equal(map_calls, maps);
	assert_no_nodes();
}

static void test_map_replaces(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), RWX);
	give(T5, VA(0), PA(2), R | W);
	map_ok(T0, VA(0), T1, VA(1), RWX);
	map_ok(T1, VA(1), T2, VA(2), RWX);
	map_ok(T0, VA(0), T4, VA(4), RWX);
	assert_int_equal(live_nodes, 4);

	/* Onto B = T1:VA(1): B and what was derived from it (C) go first. */
	map_ok(T5, VA(0), T1, VA(1), RWX);
	assert_page(T1, VA(1), PA(2), R | W);
	assert_no_page(T2, VA(2));
	struct mapping *e = node(T5, VA(0));
	assert_root(e);
	assert_ptr_equal(parent_of(node(T1, VA(1))), e);
	assert_int_equal(child_count(e), 1);
	assert_int_equal(child_count(node(T1, VA(1))), 0);
	assert_int_equal(child_count(node(T0, VA(0))), 1); /* T4 is left */
	assert_page(T4, VA(4), PA(1), RWX);
	assert_int_equal(live_nodes, 4);
	assert_int_equal(T2->nodes, 0);

	/* Onto T4, T0's last child: T0's root node goes, T0 keeps its page. */
	map_ok(T5, VA(0), T4, VA(4), R);
	assert_page(T4, VA(4), PA(2), R);
	assert_ptr_equal(parent_of(node(T4, VA(4))), e);
	assert_null(mapdb_find(T0, VA(0)));
	assert_page(T0, VA(0), PA(1), RWX);
	assert_int_equal(child_count(e), 2);
	assert_int_equal(live_nodes, 3);
	assert_int_equal(T0->nodes, 0);

	/* Onto a page of the destination's own (no node). */
	give(T2, VA(7), PA(0), RWX);
	map_ok(T5, VA(0), T2, VA(7), RWX);
	assert_page(T2, VA(7), PA(2), R | W);
	assert_ptr_equal(parent_of(node(T2, VA(7))), e);
	assert_int_equal(live_nodes, 4);
}

/* Mapping again to a destination already derived from the source (as a pager does to
 * give write access after a write fault): the old mapping is replaced. */
static void test_map_remap_derived(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), R | W);
	map_ok(T0, VA(0), T1, VA(1), R);
	assert_page(T1, VA(1), PA(1), R);

	map_ok(T0, VA(0), T1, VA(1), R | W);
	assert_page(T1, VA(1), PA(1), R | W);
	struct mapping *a = node(T0, VA(0));
	assert_root(a);
	assert_ptr_equal(parent_of(node(T1, VA(1))), a);
	assert_int_equal(child_count(a), 1);
	assert_int_equal(live_nodes, 2);

	/* Onto a grandchild: it becomes a child of the source. */
	map_ok(T1, VA(1), T2, VA(2), R);
	map_ok(T0, VA(0), T2, VA(2), R | W);
	assert_page(T2, VA(2), PA(1), R | W);
	assert_ptr_equal(parent_of(node(T2, VA(2))), a);
	assert_int_equal(child_count(a), 2);
	assert_int_equal(child_count(node(T1, VA(1))), 0);
	assert_int_equal(live_nodes, 3);

	/* Granted onto the source's only child: no nodes are left. */
	mapdb_unmap(T2, VA(2), R, true);
	assert_int_equal(child_count(a), 1);
	grant_ok(T0, VA(0), T1, VA(1), R | W);
	assert_no_page(T0, VA(0));
	assert_page(T1, VA(1), PA(1), R | W);
	assert_null(mapdb_find(T1, VA(1)));
	assert_no_nodes();

	/* The same within one task. */
	give(T3, VA(0), PA(2), RWX);
	map_ok(T3, VA(0), T3, VA(1), R);
	map_ok(T3, VA(0), T3, VA(1), RWX);
	assert_page(T3, VA(1), PA(2), RWX);
	assert_ptr_equal(parent_of(node(T3, VA(1))), node(T3, VA(0)));
	assert_int_equal(live_nodes, 2);
}

/* Mapping onto what the source's page was derived from: that goes first with all it
 * gave on, the source included, so nothing is left to map. */
static void test_map_onto_ancestor(void **state)
{
	(void)state;
	for (int grant = 0; grant < 2; grant++) {
		give(T0, VA(0), PA(1), RWX);
		map_ok(T0, VA(0), T1, VA(1), RWX);
		map_ok(T1, VA(1), T2, VA(2), RWX);
		map_ok(T0, VA(0), T3, VA(3), RWX);
		assert_int_equal(mapdb_map(T2, VA(2), T0, VA(0), R, grant), 0);
		/* The new mapping derives from what the replaced one left: it goes with it. */
		assert_true(mapdb_doomed());
		assert_true(mapdb_reap(NULL));
		assert_no_page(T0, VA(0));
		assert_no_page(T1, VA(1));
		assert_no_page(T2, VA(2));
		assert_no_page(T3, VA(3));
		assert_no_nodes();
	}
	/* From the direct child onto the root. */
	give(T0, VA(0), PA(1), RWX);
	map_ok(T0, VA(0), T1, VA(1), RWX);
	assert_int_equal(mapdb_map(T1, VA(1), T0, VA(0), RWX, false), 0);
	assert_true(mapdb_reap(NULL));
	assert_no_page(T0, VA(0));
	assert_no_page(T1, VA(1));
	assert_no_nodes();
}

/* Mapping a page onto itself only takes rights away, from that page only (as a grant
 * with fewer rights: what it gave on keeps its rights; unmap takes them from it). */
static void test_map_self(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), RWX);
	map_ok(T0, VA(0), T1, VA(1), RWX);
	map_ok(T1, VA(1), T2, VA(2), R | W);
	struct mapping *a = node(T0, VA(0)), *b = node(T1, VA(1)), *c = node(T2, VA(2));

	map_ok(T0, VA(0), T0, VA(0), R | W);
	assert_page(T0, VA(0), PA(1), R | W);
	assert_page(T1, VA(1), PA(1), RWX);
	assert_page(T2, VA(2), PA(1), R | W);
	assert_ptr_equal(node(T0, VA(0)), a);
	assert_ptr_equal(node(T1, VA(1)), b);
	assert_ptr_equal(node(T2, VA(2)), c);
	assert_int_equal(live_nodes, 3);

	/* Grant onto itself: nothing at all. */
	unsigned calls = map_calls + unmap_calls + protect_calls;
	grant_ok(T0, VA(0), T0, VA(0), R);
	grant_ok(T1, VA(1), T1, VA(1), 0);
	assert_int_equal(map_calls + unmap_calls + protect_calls, calls);
	assert_page(T0, VA(0), PA(1), R | W);
	assert_page(T1, VA(1), PA(1), RWX);

	/* W alone means R | W: nothing to take away; X is not there: nothing at all. */
	map_ok(T0, VA(0), T0, VA(0), W);
	map_ok(T0, VA(0), T0, VA(0), X);
	assert_page(T0, VA(0), PA(1), R | W);
	assert_page(T2, VA(2), PA(1), R | W);

	/* From the middle: that page only. */
	map_ok(T1, VA(1), T1, VA(1), R);
	assert_page(T0, VA(0), PA(1), R | W);
	assert_page(T1, VA(1), PA(1), R);
	assert_page(T2, VA(2), PA(1), R | W);
	assert_int_equal(live_nodes, 3);
	assert_int_equal(alloc_calls, 3);

	/* A page without a node: it stays without one. */
	give(T3, VA(3), PA(2), RWX);
	map_ok(T3, VA(3), T3, VA(3), R | X);
	assert_page(T3, VA(3), PA(2), R | X);
	assert_null(mapdb_find(T3, VA(3)));
	assert_int_equal(alloc_calls, 3);
}

/* ---- grant ---- */

static void test_grant(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), RWX);
	map_ok(T0, VA(0), T1, VA(1), RWX);
	map_ok(T1, VA(1), T2, VA(2), R | W);
	map_ok(T1, VA(1), T3, VA(3), R);
	struct mapping *a = node(T0, VA(0)), *c = node(T2, VA(2)), *d = node(T3, VA(3));

	/* B = T1:VA(1) to T4:VA(4): T4 takes B's place. */
	grant_ok(T1, VA(1), T4, VA(4), R | X);
	assert_no_page(T1, VA(1));
	assert_page(T4, VA(4), PA(1), R | X);
	struct mapping *g = node(T4, VA(4));
	assert_ptr_equal(parent_of(g), a);
	assert_ptr_equal(first_child_of(a), g);
	assert_int_equal(child_count(a), 1);
	assert_int_equal(child_count(g), 2);
	assert_ptr_equal(node(T2, VA(2)), c);
	assert_ptr_equal(node(T3, VA(3)), d);
	assert_ptr_equal(parent_of(c), g);
	assert_ptr_equal(parent_of(d), g);
	/* What was derived keeps its pages and rights. */
	assert_page(T2, VA(2), PA(1), R | W);
	assert_page(T3, VA(3), PA(1), R);
	assert_int_equal(live_nodes, 4);
	assert_int_equal(T1->nodes, 0);
	assert_int_equal(T4->nodes, 1);

	/* The root, to T5:VA(5). */
	grant_ok(T0, VA(0), T5, VA(5), RWX);
	assert_no_page(T0, VA(0));
	assert_page(T5, VA(5), PA(1), RWX);
	struct mapping *r = node(T5, VA(5));
	assert_root(r);
	assert_ptr_equal(parent_of(node(T4, VA(4))), r);
	assert_int_equal(child_count(r), 1);
	assert_int_equal(T0->nodes, 0);
	assert_int_equal(T5->nodes, 1);
	assert_int_equal(live_nodes, 4);

	/* A leaf, onto a page of the destination's own. */
	give(T0, VA(9), PA(3), R);
	grant_ok(T2, VA(2), T0, VA(9), RWX);
	assert_no_page(T2, VA(2));
	assert_page(T0, VA(9), PA(1), R | W);
	assert_ptr_equal(parent_of(node(T0, VA(9))), node(T4, VA(4)));
	assert_int_equal(child_count(node(T4, VA(4))), 2);
	assert_int_equal(live_nodes, 4);

	/* A page without a node: moves without one, no memory needed. */
	long allocs = alloc_calls;
	give(T1, VA(6), PA(3), R | W);
	grant_ok(T1, VA(6), T2, VA(6), R);
	assert_no_page(T1, VA(6));
	assert_page(T2, VA(6), PA(3), R);
	assert_null(mapdb_find(T2, VA(6)));
	assert_int_equal(alloc_calls, allocs);
	assert_int_equal(live_nodes, 4);

	/* Rights 0: nothing moves. */
	grant_ok(T2, VA(6), T3, VA(6), X);
	assert_page(T2, VA(6), PA(3), R);
	assert_no_page(T3, VA(6));

	/* All of it goes with the root. */
	mapdb_unmap(T5, VA(5), R, true);
	assert_no_page(T5, VA(5));
	assert_no_page(T4, VA(4));
	assert_no_page(T3, VA(3));
	assert_no_page(T0, VA(9));
	assert_no_nodes();
}

/* ---- unmap ---- */

static void test_unmap_removes(void **state)
{
	(void)state;
	/* Everything derived from A, not A. */
	build_tree(RWX);
	unsigned unmaps = unmap_calls;
	mapdb_unmap(T0, VA(0), RWX, false);
	assert_page(T0, VA(0), PA(1), RWX);
	assert_no_page(T1, VA(1));
	assert_no_page(T2, VA(2));
	assert_no_page(T3, VA(3));
	assert_int_equal(unmap_calls, unmaps + 3);
	assert_no_nodes();

	/* With A: R alone is enough. */
	map_ok(T0, VA(0), T1, VA(1), RWX);
	map_ok(T1, VA(1), T2, VA(2), RWX);
	map_ok(T0, VA(0), T3, VA(3), RWX);
	mapdb_unmap(T0, VA(0), R, true);
	assert_no_page(T0, VA(0));
	assert_no_page(T1, VA(1));
	assert_no_page(T2, VA(2));
	assert_no_page(T3, VA(3));
	assert_no_nodes();

	/* From the middle: B keeps its page and (having a parent) its node. */
	build_tree(RWX);
	mapdb_unmap(T1, VA(1), R | W, false);
	assert_no_page(T2, VA(2));
	assert_page(T1, VA(1), PA(1), RWX);
	struct mapping *a = node(T0, VA(0)), *b = node(T1, VA(1));
	assert_ptr_equal(parent_of(b), a);
	assert_int_equal(child_count(b), 0);
	assert_int_equal(child_count(a), 2);
	assert_int_equal(live_nodes, 3);

	mapdb_unmap(T1, VA(1), R, true);
	assert_no_page(T1, VA(1));
	assert_int_equal(child_count(a), 1);
	assert_ptr_equal(parent_of(node(T3, VA(3))), a);
	assert_int_equal(live_nodes, 2);

	/* The last one derived from A: A's node goes, its page stays. */
	mapdb_unmap(T3, VA(3), RWX, true);
	assert_no_page(T3, VA(3));
	assert_null(mapdb_find(T0, VA(0)));
	assert_page(T0, VA(0), PA(1), RWX);
	assert_no_nodes();

	/* A page without a node: only with self. */
	mapdb_unmap(T0, VA(0), RWX, false);
	assert_page(T0, VA(0), PA(1), RWX);
	mapdb_unmap(T0, VA(0), R, true);
	assert_no_page(T0, VA(0));
	/* Nothing there at all. */
	mapdb_unmap(T4, VA(4), RWX, true);
	mapdb_unmap(T4, VA(4), W, true);
	assert_no_page(T4, VA(4));
	assert_no_nodes();
}

static void test_unmap_protects(void **state)
{
	(void)state;
	build_tree(RWX);
	struct mapping *a = node(T0, VA(0)), *b = node(T1, VA(1)), *c = node(T2, VA(2)),
		       *d = node(T3, VA(3));

	/* W alone: everything derived becomes read-only, nothing goes. */
	unsigned protects = protect_calls, unmaps = unmap_calls;
	mapdb_unmap(T0, VA(0), W, false);
	assert_int_equal(protect_calls, protects + 3);
	assert_int_equal(unmap_calls, unmaps);
	assert_page(T0, VA(0), PA(1), RWX);
	assert_page(T1, VA(1), PA(1), R | X);
	assert_page(T2, VA(2), PA(1), R | X);
	assert_page(T3, VA(3), PA(1), R | X);
	assert_ptr_equal(node(T0, VA(0)), a);
	assert_ptr_equal(node(T1, VA(1)), b);
	assert_ptr_equal(node(T2, VA(2)), c);
	assert_ptr_equal(node(T3, VA(3)), d);
	assert_int_equal(live_nodes, 4);

	/* With self: A too. */
	mapdb_unmap(T0, VA(0), W, true);
	assert_page(T0, VA(0), PA(1), R | X);
	assert_page(T1, VA(1), PA(1), R | X);

	/* X from the middle: B's subtree only. */
	mapdb_unmap(T1, VA(1), X, false);
	assert_page(T0, VA(0), PA(1), R | X);
	assert_page(T1, VA(1), PA(1), R | X);
	assert_page(T2, VA(2), PA(1), R);
	assert_page(T3, VA(3), PA(1), R | X);
	mapdb_unmap(T0, VA(0), W | X, true);
	assert_page(T0, VA(0), PA(1), R);
	assert_page(T1, VA(1), PA(1), R);
	assert_page(T3, VA(3), PA(1), R);

	/* No rights: nothing changes. */
	mapdb_unmap(T0, VA(0), 0, true);
	assert_page(T0, VA(0), PA(1), R);
	assert_page(T2, VA(2), PA(1), R);
	assert_int_equal(live_nodes, 4);
	assert_int_equal(child_count(a), 2);
	assert_int_equal(child_count(b), 1);

	/* A page without a node. */
	give(T4, VA(4), PA(2), RWX);
	mapdb_unmap(T4, VA(4), W, false);
	assert_page(T4, VA(4), PA(2), RWX);
	mapdb_unmap(T4, VA(4), W, true);
	assert_page(T4, VA(4), PA(2), R | X);
	assert_null(mapdb_find(T4, VA(4)));
}

static void test_forget(void **state)
{
	(void)state;
	build_tree(R | W);
	mapdb_forget(T1, VA(1), NULL);
	assert_no_page(T1, VA(1));
	assert_no_page(T2, VA(2));
	assert_page(T0, VA(0), PA(1), R | W);
	assert_page(T3, VA(3), PA(1), R | W);
	assert_int_equal(child_count(node(T0, VA(0))), 1);
	assert_int_equal(live_nodes, 2);
	assert_int_equal(T1->nodes + T2->nodes, 0);

	mapdb_forget(T0, VA(0), NULL);
	assert_no_page(T0, VA(0));
	assert_no_page(T3, VA(3));
	assert_no_nodes();

	/* A page without a node; and nothing. */
	give(T4, VA(4), PA(2), R);
	mapdb_forget(T4, VA(4), NULL);
	assert_no_page(T4, VA(4));
	mapdb_forget(T4, VA(4), NULL);
	assert_no_nodes();
}

/* ---- running out of memory ---- */

static void test_alloc_failure(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), R | W);

	/* No memory for the source's root node. */
	allocs_left = 0;
	assert_int_equal(mapdb_map(T0, VA(0), T1, VA(1), RWX, false), -L4_ENOMEM);
	assert_no_page(T1, VA(1));
	assert_null(mapdb_find(T0, VA(0)));
	assert_int_equal(alloc_calls, 0);
	assert_int_equal(map_calls, 0);

	/* Root node, but none for the child: the root goes again. */
	allocs_left = 1;
	assert_int_equal(mapdb_map(T0, VA(0), T1, VA(1), RWX, false), -L4_ENOMEM);
	assert_no_page(T1, VA(1));
	assert_null(mapdb_find(T0, VA(0)));
	assert_int_equal(alloc_calls, 1);
	assert_no_nodes();

	/* The page table cannot take it. */
	allocs_left = -1;
	fail_map = true;
	assert_int_equal(mapdb_map(T0, VA(0), T1, VA(1), RWX, false), -L4_ENOMEM);
	assert_no_page(T1, VA(1));
	assert_null(mapdb_find(T0, VA(0)));
	assert_no_nodes();
	assert_page(T0, VA(0), PA(1), R | W);
	fail_map = false;

	/* With a tree: it stays as it was. */
	map_ok(T0, VA(0), T1, VA(1), RWX);
	struct mapping *a = node(T0, VA(0)), *b = node(T1, VA(1));
	allocs_left = 0;
	assert_int_equal(mapdb_map(T0, VA(0), T2, VA(2), R, false), -L4_ENOMEM);
	assert_int_equal(mapdb_map(T1, VA(1), T2, VA(2), R, false), -L4_ENOMEM);
	allocs_left = -1;
	fail_map = true;
	assert_int_equal(mapdb_map(T0, VA(0), T2, VA(2), R, false), -L4_ENOMEM);
	assert_int_equal(mapdb_map(T1, VA(1), T2, VA(2), R, false), -L4_ENOMEM);
	/* Grant: the source keeps its page and its place. */
	assert_int_equal(mapdb_map(T1, VA(1), T2, VA(2), R, true), -L4_ENOMEM);
	fail_map = false;
	allocs_left = 0;
	assert_int_equal(mapdb_map(T1, VA(1), T2, VA(2), R, true), -L4_ENOMEM);
	allocs_left = -1;
	assert_no_page(T2, VA(2));
	assert_page(T0, VA(0), PA(1), R | W);
	assert_page(T1, VA(1), PA(1), R | W);
	assert_ptr_equal(node(T0, VA(0)), a);
	assert_ptr_equal(node(T1, VA(1)), b);
	assert_root(a);
	assert_ptr_equal(parent_of(b), a);
	assert_int_equal(child_count(a), 1);
	assert_int_equal(child_count(b), 0);
	assert_int_equal(live_nodes, 2);
	assert_int_equal(T2->nodes, 0);
	assert_int_equal(alloc_calls - free_calls, 2);

	/* A grant of a page without a node needs no memory. */
	give(T3, VA(3), PA(2), R);
	allocs_left = 0;
	grant_ok(T3, VA(3), T4, VA(3), R);
	allocs_left = -1;
	assert_no_page(T3, VA(3));
	assert_page(T4, VA(3), PA(2), R);

	/* Onto an existing mapping: that is removed first (as when the map succeeds);
	 * nothing leaks. */
	give(T5, VA(5), PA(3), RWX);
	map_ok(T5, VA(5), T2, VA(5), RWX);
	allocs_left = 0;
	assert_int_equal(mapdb_map(T0, VA(0), T5, VA(5), R, false), -L4_ENOMEM);
	allocs_left = -1;
	assert_true(mapdb_reap(NULL));
	assert_no_page(T5, VA(5));
	assert_no_page(T2, VA(5));
	assert_int_equal(live_nodes, 2);
	assert_int_equal(T5->nodes + T2->nodes, 0);

	/* And with memory again, it works. */
	map_ok(T0, VA(0), T2, VA(2), R);
	assert_page(T2, VA(2), PA(1), R);
	assert_ptr_equal(parent_of(node(T2, VA(2))), a);
	assert_int_equal(live_nodes, 3);
}

/* ---- deep chains, lonely roots ---- */

static void test_deep_chain(void **state)
{
	(void)state;
	enum { DEPTH = 10000 };
	struct task *t = calloc(DEPTH, sizeof(*t));
	assert_non_null(t);
	uintptr_t base = (uintptr_t)__builtin_frame_address(0);

	for (int round = 0; round < 3; round++) {
		/* T0 -> T1 -> ... -> T9999, at addresses that vary. */
		give(&t[0], VA(0), PA(1), RWX);
		for (unsigned i = 0; i + 1 < DEPTH; i++)
			map_ok(&t[i], VA(i % 8), &t[i + 1], VA((i + 1) % 8), RWX);
		assert_int_equal(live_nodes, DEPTH);
		struct mapping *leaf = node(&t[DEPTH - 1], VA((DEPTH - 1) % 8));
		unsigned depth = 0;
		for (struct mapping *m = leaf; parent_of(m); m = parent_of(m)) {
			assert_ptr_equal(parent_of(m),
					 node(&t[DEPTH - 2 - depth], parent_of(m)->va));
			depth++;
		}
		assert_int_equal(depth, DEPTH - 1);
		assert_page(&t[DEPTH - 1], VA((DEPTH - 1) % 8), PA(1), RWX);

		/* Read-only below the top, in a walk that needs no stack. */
		stack_low = base;
		mapdb_unmap(&t[0], VA(0), W, false);
		assert_true(base - stack_low < 16384);
		assert_page(&t[0], VA(0), PA(1), RWX);
		for (unsigned i = 1; i < DEPTH; i++)
			assert_page(&t[i], VA(i % 8), PA(1), R | X);

		stack_low = base;
		if (round == 0) {
			/* Everything below the top. */
			mapdb_unmap(&t[0], VA(0), RWX, false);
			assert_page(&t[0], VA(0), PA(1), RWX);
		} else if (round == 1) {
			/* With the top. */
			mapdb_forget(&t[0], VA(0), NULL);
			assert_no_page(&t[0], VA(0));
		} else {
			/* From the middle, then the rest. */
			mapdb_unmap(&t[DEPTH / 2], VA(DEPTH / 2 % 8), R, true);
			assert_int_equal(live_nodes, DEPTH / 2);
			assert_page(&t[DEPTH / 2 - 1], VA((DEPTH / 2 - 1) % 8), PA(1), R | X);
			assert_no_page(&t[DEPTH / 2], VA(DEPTH / 2 % 8));
			assert_no_page(&t[DEPTH - 1], VA((DEPTH - 1) % 8));
			mapdb_unmap(&t[0], VA(0), R, true);
		}
		/* A recursive walk would need far more (tens of bytes a level at least). */
		assert_true(base - stack_low < 16384);
		for (unsigned i = 1; i < DEPTH; i++)
			assert_no_page(&t[i], VA(i % 8));
		assert_int_equal(live_nodes, 0);
		assert_int_equal(alloc_calls, free_calls);
		for (unsigned i = 0; i < DEPTH; i++)
			assert_int_equal(t[i].nodes, 0);
		task_clear(&t[0]);
	}
	for (unsigned i = 0; i < DEPTH; i++)
		free(t[i].pt);
	free(t);
}

static void test_lonely_root(void **state)
{
	(void)state;
	give(T0, VA(0), PA(1), R | W);

	/* One child: its root node goes with it. */
	map_ok(T0, VA(0), T1, VA(1), R);
	assert_int_equal(alloc_calls, 2);
	mapdb_forget(T1, VA(1), NULL);
	assert_int_equal(free_calls, 2);
	assert_null(mapdb_find(T0, VA(0)));
	assert_page(T0, VA(0), PA(1), R | W);
	assert_no_nodes();

	/* Two: only after the second. */
	map_ok(T0, VA(0), T1, VA(1), R);
	map_ok(T0, VA(0), T2, VA(2), R);
	assert_int_equal(alloc_calls, 5);
	mapdb_unmap(T1, VA(1), R, true);
	assert_int_equal(live_nodes, 2);
	assert_non_null(mapdb_find(T0, VA(0)));
	mapdb_unmap(T2, VA(2), RWX, true);
	assert_no_nodes();

	/* A child with a child: a node with a parent stays. */
	map_ok(T0, VA(0), T1, VA(1), R);
	map_ok(T1, VA(1), T2, VA(2), R);
	mapdb_forget(T2, VA(2), NULL);
	assert_int_equal(live_nodes, 2);
	assert_ptr_equal(parent_of(node(T1, VA(1))), node(T0, VA(0)));
	/* W alone removes nothing, so frees nothing. */
	mapdb_unmap(T0, VA(0), W, false);
	assert_int_equal(live_nodes, 2);
	mapdb_forget(T1, VA(1), NULL);
	assert_no_nodes();

	/* Unmapping all that was derived from a root. */
	map_ok(T0, VA(0), T1, VA(1), R);
	map_ok(T0, VA(0), T2, VA(2), R);
	mapdb_unmap(T0, VA(0), R, false);
	assert_page(T0, VA(0), PA(1), R | W);
	assert_no_nodes();

	/* The only child granted away: the root keeps a child. */
	map_ok(T0, VA(0), T1, VA(1), R | W);
	grant_ok(T1, VA(1), T2, VA(2), R);
	assert_int_equal(live_nodes, 2);
	assert_ptr_equal(parent_of(node(T2, VA(2))), node(T0, VA(0)));
	mapdb_forget(T2, VA(2), NULL);
	assert_no_nodes();

	/* The only child replaced by a mapping from elsewhere. */
	give(T3, VA(3), PA(2), R);
	map_ok(T0, VA(0), T1, VA(1), R);
	map_ok(T3, VA(3), T1, VA(1), R);
	assert_null(mapdb_find(T0, VA(0)));
	assert_int_equal(live_nodes, 2);
	mapdb_unmap(T3, VA(3), RWX, false);
	assert_no_nodes();
}

/* ---- random operations against a reference model ---- */

enum { RT = 5, RV = 8, RF = 3, RN = RT * RV };

/* Mapping x is task x / RV at address rva(x). */
struct ref {
	bool present;
	paddr_t pa;
	unsigned rights;
	int parent; /* the mapping it was made from, or -1 */
};

static struct task *rtask(int x)
{
	return &tasks[x / RV];
}

static vaddr_t rva(int x)
{
	return VA((x % RV) * 5 + 2);
}

static int ref_index(const struct mapping *m)
{
	for (int x = 0; x < RN; x++)
		if (m->task == rtask(x) && m->va == rva(x))
			return x;
	fail_msg("node %p of an unknown mapping", (const void *)m);
	return -1;
}

/* Whether @x is derived from @anc (directly or not). */
static bool ref_below(const struct ref *n, int x, int anc)
{
	for (int depth = 0; x >= 0; depth++) {
		assert_true(depth <= RN);
		x = n[x].parent;
		if (x == anc)
			return true;
	}
	return false;
}

static bool ref_has_node(const struct ref *n, int x)
{
	if (n[x].parent >= 0)
		return true;
	for (int z = 0; z < RN; z++)
		if (n[z].present && n[z].parent == x)
			return true;
	return false;
}

/* Take @rights from everything derived from @x (and from @x if @self). */
static void ref_unmap(struct ref *n, int x, unsigned rights, bool self)
{
	bool hit[RN];
	for (int z = 0; z < RN; z++)
		hit[z] = n[z].present && ((self && z == x) || ref_below(n, z, x));
	for (int z = 0; z < RN; z++) {
		if (!hit[z])
			continue;
		if (rights & R)
			n[z] = (struct ref){false, 0, 0, -1};
		else
			n[z].rights &= ~rights;
	}
}

/* A stop function for the steps of an unmap: true after stop_after calls. */
static int stop_after;

static bool stop_soon(void)
{
	return --stop_after <= 0;
}

static bool ref_has_children(const struct ref *n, int x)
{
	for (int z = 0; z < RN; z++)
		if (n[z].present && n[z].parent == x)
			return true;
	return false;
}

/*
 * What mapdb_map, followed by mapdb_reap, should do; @no_memory: every allocation
 * fails, @map_fails: the page table cannot take a page. A page mapped onto itself
 * loses rights, itself only. A replaced mapping goes with what derives from it (if the
 * source's page is among that, the new mapping goes too); while the map runs, a
 * replaced mapping with children still holds its place below its parent (doomed).
 * Return: what mapdb_map should return.
 */
static int ref_map(struct ref *n, int s, int d, unsigned rights, bool grant, bool no_memory,
		   bool map_fails)
{
	if (!n[s].present)
		return 0;
	rights &= n[s].rights;
	if (rights && !(rights & R))
		rights |= R;
	if (!rights)
		return 0;
	if (s == d) {
		if (!grant)
			n[s].rights = rights;
		return 0;
	}
	bool s_goes = n[d].present && ref_below(n, s, d);
	bool doomed_child = n[d].present && n[d].parent == s && ref_has_children(n, d);
	bool s_node = ref_has_node(n, s);
	if (n[d].present)
		ref_unmap(n, d, R, true);
	s_node = s_goes ? s_node : ref_has_node(n, s) || doomed_child;
	/* A map needs a node for the new mapping; a grant only to move a node. */
	if (map_fails || (no_memory && (!grant || s_node)))
		return -L4_ENOMEM;
	if (s_goes)
		return 0; /* mapped, and gone with the replaced mapping's subtree */
	if (grant) {
		n[d] = (struct ref){true, n[s].pa, rights, n[s].parent};
		for (int z = 0; z < RN; z++)
			if (n[z].present && n[z].parent == s)
				n[z].parent = d;
		n[s] = (struct ref){false, 0, 0, -1};
	} else {
		n[d] = (struct ref){true, n[s].pa, rights, s};
	}
	return 0;
}

/* The page tables and the database against the model. */
static void check_world(const struct ref *n)
{
	unsigned children[RN] = {0};
	for (int x = 0; x < RN; x++) {
		if (!n[x].present) {
			assert_int_equal(n[x].parent, -1);
			continue;
		}
		if (n[x].parent >= 0) {
			assert_true(n[n[x].parent].present);
			children[n[x].parent]++;
		}
	}

	long nodes = 0, task_nodes[RT] = {0};
	unsigned pages[RT] = {0};
	for (int x = 0; x < RN; x++) {
		struct task *t = rtask(x);
		vaddr_t va = rva(x);
		paddr_t pa;
		unsigned rights;
		struct mapping *m = mapdb_find(t, va);
		if (!n[x].present) {
			assert_int_not_equal(op_lookup(t, va, &pa, &rights), 0);
			assert_null(m);
			continue;
		}
		pages[x / RV]++;
		assert_int_equal(op_lookup(t, va, &pa, &rights), 0);
		assert_int_equal(pa, n[x].pa);
		assert_int_equal(rights, n[x].rights);
		if (n[x].parent < 0 && !children[x]) {
			assert_null(m); /* no lonely root nodes */
			continue;
		}
		assert_non_null(m);
		assert_ptr_equal(m->task, t);
		assert_int_equal(m->va, va);
		nodes++;
		task_nodes[x / RV]++;
		if (n[x].parent < 0) {
			assert_root(m);
		} else {
			const struct mapping *p = mapdb_find(rtask(n[x].parent), rva(n[x].parent));
			assert_non_null(p);
			assert_ptr_equal(parent_of(m), p);
			if (prev_sibling_of(m)) {
				assert_ptr_equal(next_sibling_of(prev_sibling_of(m)), m);
				assert_ptr_equal(parent_of(prev_sibling_of(m)), p);
			} else {
				assert_ptr_equal(first_child_of(p), m);
			}
			if (next_sibling_of(m)) {
				assert_ptr_equal(prev_sibling_of(next_sibling_of(m)), m);
				assert_ptr_equal(parent_of(next_sibling_of(m)), p);
			}
		}
		/* Its children: exactly the model's. */
		unsigned k = 0;
		for (const struct mapping *c = first_child_of(m); c; c = next_sibling_of(c)) {
			int id = ref_index(c);
			assert_true(n[id].present);
			assert_int_equal(n[id].parent, x);
			assert_ptr_equal(parent_of(c), m);
			k++;
			assert_true(k <= RN);
		}
		assert_int_equal(k, children[x]);
		assert_int_equal(child_count(m), k);
	}
	/* Nothing else is mapped; node memory is exactly the live nodes, per task. */
	for (int t = 0; t < RT; t++) {
		assert_int_equal(tasks[t].n, pages[t]);
		assert_int_equal(tasks[t].nodes, task_nodes[t]);
	}
	assert_int_equal(live_nodes, nodes);
	assert_int_equal(alloc_calls - free_calls, nodes);
}

static uint32_t rng_next(uint32_t *rng)
{
	*rng = *rng * 1103515245u + 12345u;
	return *rng >> 8;
}

enum {
	S_GIVE,
	S_MAP,
	S_GRANT,
	S_SELF,
	S_NOMEM,
	S_UNMAP_REMOVE,
	S_UNMAP_PROTECT,
	S_FORGET,
	S_REPLACE,
	S_COUNT
};

static void random_step(struct ref *n, uint32_t *rng, unsigned *stats)
{
	unsigned op = rng_next(rng) % 100;
	/* Mostly a mapping that exists as the source. */
	int x = (int)(rng_next(rng) % RN), y = (int)(rng_next(rng) % RN);
	if (rng_next(rng) % 8) {
		int present = 0;
		for (int z = 0; z < RN; z++)
			present += n[z].present;
		for (int z = 0, k = present ? (int)(rng_next(rng) % (unsigned)present) : -1; z < RN;
		     z++)
			if (n[z].present && k-- == 0)
				x = z;
	}
	if (rng_next(rng) % 5 == 0) {
		/* Sometimes the deepest one, so that chains grow. */
		for (int z = 0, best = -1; z < RN; z++) {
			int depth = 0;
			for (int p = n[z].present ? n[z].parent : -2; p >= 0; p = n[p].parent)
				depth++;
			if (n[z].present && depth > best) {
				best = depth;
				x = z;
			}
		}
	}
	unsigned rights = rng_next(rng) % 8;

	if (op < 12) {
		/* A page of a task's own. */
		if (n[y].present)
			return;
		paddr_t pa = PA(rng_next(rng) % RF);
		unsigned r = R | (rng_next(rng) & (W | X));
		give(rtask(y), rva(y), pa, r);
		n[y] = (struct ref){true, pa, r, -1};
		stats[S_GIVE]++;
	} else if (op < 62) {
		bool grant = op >= 48;
		if (rng_next(rng) % 16 == 0)
			y = x;
		unsigned f = rng_next(rng) % 16;
		bool no_memory = f == 0, map_fails = f == 1;
		bool replaces = n[y].present && x != y;
		int want = ref_map(n, x, y, rights, grant, no_memory, map_fails);
		allocs_left = no_memory ? 0 : -1;
		fail_map = map_fails;
		int got = mapdb_map(rtask(x), rva(x), rtask(y), rva(y), rights, grant);
		allocs_left = -1;
		fail_map = false;
		assert_true(mapdb_reap(NULL));
		assert_int_equal(got, want);
		if (want)
			stats[S_NOMEM]++;
		else if (x == y)
			stats[S_SELF]++;
		else if (n[y].present)
			stats[grant ? S_GRANT : S_MAP]++;
		if (replaces)
			stats[S_REPLACE]++;
	} else if (op < 94) {
		bool self = rng_next(rng) & 1;
		if (rng_next(rng) & 1) {
			mapdb_unmap(rtask(x), rva(x), rights, self);
		} else {
			/* Stopped after a few steps and called again until done: the same. */
			unsigned walk = 0;
			do
				stop_after = 1 + (int)(rng_next(rng) % 4);
			while (mapdb_unmap_steps(rtask(x), rva(x), rights, self, stop_soon,
						 &walk) == PREEMPTED);
		}
		if (n[x].present)
			stats[rights & R ? S_UNMAP_REMOVE : S_UNMAP_PROTECT]++;
		ref_unmap(n, x, rights, self);
	} else {
		mapdb_forget(rtask(x), rva(x), NULL);
		if (n[x].present)
			stats[S_FORGET]++;
		ref_unmap(n, x, RWX, true);
	}
}

static void random_run(uint32_t seed, unsigned steps)
{
	struct ref n[RN];
	for (int x = 0; x < RN; x++)
		n[x] = (struct ref){false, 0, 0, -1};
	uint32_t rng = seed;
	unsigned stats[S_COUNT] = {0}, max_nodes = 0, max_depth = 0;
	for (unsigned step = 0; step < steps; step++) {
		random_step(n, &rng, stats);
		check_world(n);
		for (int x = 0; x < RN; x++) {
			unsigned depth = 0;
			for (int z = n[x].present ? n[x].parent : -1; z >= 0; z = n[z].parent)
				depth++;
			max_depth = depth > max_depth ? depth : max_depth;
		}
		max_nodes = live_nodes > (long)max_nodes ? (unsigned)live_nodes : max_nodes;
	}
	/* The mix really exercised everything. */
	for (int i = 0; i < S_COUNT; i++)
		assert_true(stats[i] > 0);
	assert_true(stats[S_MAP] > steps / 20);
	assert_true(stats[S_UNMAP_REMOVE] > steps / 40);
	assert_true(max_nodes >= 10);
	assert_true(max_depth >= 4);

	/* The tasks go one by one; what remains stays consistent. */
	for (int t = 0; t < RT; t++) {
		for (int x = t * RV; x < (t + 1) * RV; x++) {
			mapdb_forget(rtask(x), rva(x), NULL);
			ref_unmap(n, x, RWX, true);
			check_world(n);
		}
	}
	assert_no_nodes();
}

static void test_random_against_model(void **state)
{
	(void)state;
	random_run(4242, 6000);
}

static void test_random_seeds(void **state)
{
	(void)state;
	static const uint32_t seeds[] = {1, 77, 31337, 2718281, 0xdeadbeef};
	for (unsigned i = 0; i < ARRAY_SIZE(seeds); i++)
		random_run(seeds[i], 2500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_map_creates_child, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_rights, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_no_source, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_replaces, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_remap_derived, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_onto_ancestor, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_map_self, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_grant, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unmap_removes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unmap_protects, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forget, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_alloc_failure, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deep_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_lonely_root, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_against_model, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_random_seeds, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
