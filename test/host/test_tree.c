/* test_tree.c - host tests of the linked tree under capabilities and mappings (lib/tree.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/tree.h"

/* Pre-order walks below @top, as the kernel's walk goes (the kernel has them no more:
 * its walks are tree_walk_start() and tree_remove_below()). */
static struct tree_node *tree_walk_skip(const struct tree_node *top, struct tree_node *n)
{
	while (n && n != top && tree_is_up(n->next))
		n = tree_up(n->next);
	return !n || n == top ? NULL : n->next;
}

static struct tree_node *tree_walk_next(const struct tree_node *top, struct tree_node *n)
{
	return n->first_child ? n->first_child : tree_walk_skip(top, n);
}

/* The node is not the first member, as in struct cap and struct mapping. */
struct item {
	int id;
	struct tree_node node;
};

enum { NITEMS = 64 };
static struct item items[NITEMS];

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < NITEMS; i++) {
		items[i].id = i;
		tree_node_init(&items[i].node);
	}
	return 0;
}

static struct tree_node *N(int i)
{
	return &items[i].node;
}

static int id_of(const struct tree_node *n)
{
	return n ? ((const struct item *)((const char *)n - offsetof(struct item, node)))->id : -1;
}

/* @n's children, first to last, as ids, checking their links; -1 ends the list. */
static void assert_children(int n, const int *expect)
{
	const struct tree_node *prev = NULL;
	const struct tree_node *c = N(n)->first_child;
	for (; *expect >= 0; expect++) {
		assert_non_null(c);
		assert_int_equal(id_of(c), *expect);
		assert_ptr_equal(tree_parent(c), N(n));
		assert_ptr_equal(tree_prev_sibling(c), prev);
		prev = c;
		c = tree_next_sibling(c);
	}
	assert_null(c);
	assert_ptr_equal(N(n)->last_child, prev);
}

/* A node of its own: no parent, no siblings (children allowed). */
static void assert_root(int n)
{
	assert_null(tree_parent(N(n)));
	assert_null(tree_next_sibling(N(n)));
	assert_null(tree_prev_sibling(N(n)));
}

static void add(int parent, int child)
{
	tree_add_child(parent < 0 ? NULL : N(parent), N(child));
}

/*
 * The tree of several tests (children listed first to last; a new child goes first):
 *   0 -> 1 -> 4 -> 7
 *          -> 5
 *     -> 2
 *     -> 3 -> 6
 */
static void build(void)
{
	add(0, 3);
	add(0, 2);
	add(0, 1);
	add(1, 5);
	add(1, 4);
	add(3, 6);
	add(4, 7);
}

/* The pre-order walk below @top, as ids, ending with -1. */
static void assert_walk(int top, const int *expect)
{
	struct tree_node *n = N(top)->first_child;
	for (; *expect >= 0; expect++) {
		assert_non_null(n);
		assert_int_equal(id_of(n), *expect);
		n = tree_walk_next(N(top), n);
	}
	assert_null(n);
}

/* ---- insert ---- */

static void test_add_child(void **state)
{
	(void)state;
	assert_root(0);
	assert_null(N(0)->first_child);
	build();
	assert_root(0);
	assert_children(0, (const int[]){1, 2, 3, -1});
	assert_children(1, (const int[]){4, 5, -1});
	assert_children(3, (const int[]){6, -1});
	assert_children(4, (const int[]){7, -1});
	assert_children(2, (const int[]){-1});

	/* A node with a subtree goes in with it. */
	add(8, 9);
	add(2, 8);
	assert_children(2, (const int[]){8, -1});
	assert_children(8, (const int[]){9, -1});

	/* No parent: a root, without siblings. */
	add(-1, 10);
	assert_root(10);
}

/* ---- unlink ---- */

static void test_unlink_leaf(void **state)
{
	(void)state;
	build();
	tree_unlink(N(2)); /* a middle sibling */
	assert_root(2);
	assert_null(N(2)->first_child);
	assert_children(0, (const int[]){1, 3, -1});
	tree_unlink(N(5)); /* the last */
	assert_children(1, (const int[]){4, -1});
	tree_unlink(N(7)); /* the only one */
	assert_children(4, (const int[]){-1});
	tree_unlink(N(4)); /* the first */
	assert_children(1, (const int[]){-1});
	assert_children(0, (const int[]){1, 3, -1});
	tree_unlink(N(10)); /* a lonely root */
	assert_root(10);
}

static void test_unlink_reparents(void **state)
{
	(void)state;
	build();
	/* 1's children move up to 0, in their order, into 1's place among its siblings. */
	tree_unlink(N(1));
	assert_root(1);
	assert_null(N(1)->first_child);
	assert_children(0, (const int[]){4, 5, 2, 3, -1});
	assert_children(4, (const int[]){7, -1});
	/* The last child, with children: they become the last ones. */
	tree_unlink(N(3));
	assert_children(0, (const int[]){4, 5, 2, 6, -1});

	/* A root's children get no parent, keeping what is below them (and each other as
	 * siblings at the top: constant time, however many). */
	tree_unlink(N(0));
	assert_root(0);
	assert_null(N(0)->first_child);
	for (int i = 2; i <= 6; i++)
		if (i != 3)
			assert_null(tree_parent(N(i)));
	assert_ptr_equal(tree_next_sibling(N(4)), N(5));
	assert_ptr_equal(tree_next_sibling(N(2)), N(6));
	assert_children(4, (const int[]){7, -1});
}

/* ---- replace ---- */

static void test_replace(void **state)
{
	(void)state;
	build();
	/* A middle sibling with children. */
	tree_replace(N(1), N(11));
	assert_root(1);
	assert_null(N(1)->first_child);
	assert_children(0, (const int[]){11, 2, 3, -1});
	assert_children(11, (const int[]){4, 5, -1});
	/* The last sibling; then the first one without children. */
	tree_replace(N(3), N(13));
	assert_children(0, (const int[]){11, 2, 13, -1});
	assert_children(13, (const int[]){6, -1});
	tree_replace(N(7), N(17));
	assert_children(4, (const int[]){17, -1});
	/* A root with children. */
	tree_replace(N(0), N(10));
	assert_root(0);
	assert_null(N(0)->first_child);
	assert_root(10);
	assert_children(10, (const int[]){11, 2, 13, -1});
	assert_walk(10, (const int[]){11, 4, 17, 5, 2, 13, 6, -1});
}

/* ---- walks ---- */

static void test_walk(void **state)
{
	(void)state;
	build();
	assert_walk(0, (const int[]){1, 4, 7, 5, 2, 3, 6, -1});
	/* Below an inner node: the walk ends there, not at its siblings. */
	assert_walk(1, (const int[]){4, 7, 5, -1});
	assert_walk(4, (const int[]){7, -1});
	assert_walk(7, (const int[]){-1});
	/* The walk below a node with a parent and siblings ends with its last descendant. */
	assert_ptr_equal(tree_walk_next(N(1), N(7)), N(5));
	assert_null(tree_walk_next(N(1), N(5)));

	/* Skipping a subtree: from 1, the walk below 0 goes on at 2. */
	assert_ptr_equal(tree_walk_skip(N(0), N(1)), N(2));
	assert_ptr_equal(tree_walk_skip(N(0), N(4)), N(5));
	assert_ptr_equal(tree_walk_skip(N(0), N(7)), N(5));
	assert_ptr_equal(tree_walk_skip(N(0), N(5)), N(2));
	assert_null(tree_walk_skip(N(0), N(3)));
	assert_null(tree_walk_skip(N(0), N(6)));
	assert_null(tree_walk_skip(N(1), N(5)));
	/* Skipping the top itself: nothing is left. */
	assert_null(tree_walk_skip(N(0), N(0)));
	assert_null(tree_walk_skip(N(4), N(4)));

	/* A walk that skips every subtree sees the children only. */
	int seen[NITEMS], n = 0;
	for (struct tree_node *x = N(0)->first_child; x; x = tree_walk_skip(N(0), x))
		seen[n++] = id_of(x);
	assert_int_equal(n, 3);
	assert_int_equal(seen[0], 1);
	assert_int_equal(seen[1], 2);
	assert_int_equal(seen[2], 3);
}

/* ---- remove_below ---- */

static int removed[NITEMS], nremoved;

static void remove_recorded(struct tree_node *n)
{
	removed[nremoved++] = id_of(n);
	tree_unlink(n);
}

static void test_remove_below(void **state)
{
	(void)state;
	build();
	add(-1, 20); /* another tree, untouched */
	add(20, 21);
	nremoved = 0;
	assert_true(tree_remove_below(N(1), remove_recorded, NULL));
	/* Top down: 4 (7 takes its place), 7, then 5. 1 stays where it is. */
	assert_int_equal(nremoved, 3);
	assert_int_equal(removed[0], 4);
	assert_int_equal(removed[1], 7);
	assert_int_equal(removed[2], 5);
	assert_null(N(1)->first_child);
	assert_children(0, (const int[]){1, 2, 3, -1});
	for (int i = 4; i <= 7; i++)
		if (i != 6)
			assert_root(i);

	nremoved = 0;
	assert_true(tree_remove_below(N(0), remove_recorded, NULL));
	assert_int_equal(nremoved, 4);
	assert_int_equal(removed[0], 1);
	assert_int_equal(removed[1], 2);
	assert_int_equal(removed[2], 3);
	assert_int_equal(removed[3], 6);
	assert_root(0);
	assert_null(N(0)->first_child);
	assert_children(20, (const int[]){21, -1});

	/* Nothing below: no call. */
	nremoved = 0;
	tree_remove_below(N(0), remove_recorded, NULL);
	tree_remove_below(N(21), remove_recorded, NULL);
	assert_int_equal(nremoved, 0);
}

static int stop_countdown;

static bool stop_after_count(void)
{
	return --stop_countdown <= 0;
}

/* Stopped after each node, called again: it goes on where it stopped. */
static void test_remove_below_stops(void **state)
{
	(void)state;
	build();
	nremoved = 0;
	int calls = 0;
	do {
		stop_countdown = 1;
		calls++;
	} while (!tree_remove_below(N(0), remove_recorded, stop_after_count));
	assert_int_equal(nremoved, 7);
	assert_int_equal(calls, 7); /* the last node ends it without a stop */
	assert_null(N(0)->first_child);
}

/* ---- the walk that may be suspended (tree_walk_now) ---- */

static uint32_t next_rand_tree(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static int visited[NITEMS], nvisited;

static void visit_recorded(struct tree_node *n, uint32_t arg)
{
	assert_int_equal(arg, 42);
	visited[nvisited++] = id_of(n);
}

static bool stop_always(void)
{
	return true;
}

/* Run the walk one step. */
static bool walk_step_once(void)
{
	return tree_walk_run(stop_always);
}

static void assert_visited(const int *expect)
{
	int i = 0;
	for (; *expect >= 0; expect++, i++) {
		assert_true(i < nvisited);
		assert_int_equal(visited[i], *expect);
	}
	assert_int_equal(nvisited, i);
}

static void test_walk_suspended(void **state)
{
	(void)state;
	/* Undisturbed, step by step: pre-order below 0, 0 itself not visited. */
	build();
	nvisited = 0;
	unsigned seq = tree_walk_start(N(0), visit_recorded, 42);
	assert_true(tree_walk_going(seq));
	while (!walk_step_once())
		;
	assert_false(tree_walk_going(seq));
	assert_visited((const int[]){1, 4, 7, 5, 2, 3, 6, -1});

	/* The node to be visited next goes: its children are visited in its place. */
	setup(NULL);
	build();
	nvisited = 0;
	tree_walk_start(N(0), visit_recorded, 42);
	walk_step_once(); /* visits 1; 4 is next */
	tree_unlink(N(4));
	tree_walk_run(NULL);
	assert_visited((const int[]){1, 7, 5, 2, 3, 6, -1});

	/* A node whose subtree was visited goes: the walk goes on after its children. */
	setup(NULL);
	build();
	nvisited = 0;
	tree_walk_start(N(0), visit_recorded, 42);
	for (int i = 0; i < 5; i++)
		walk_step_once(); /* 1, 4, 7; then climbed back to 4 */
	assert_visited((const int[]){1, 4, 7, -1});
	tree_unlink(N(4));
	tree_walk_run(NULL);
	assert_visited((const int[]){1, 4, 7, 5, 2, 3, 6, -1});

	/* Nodes above the walk's position go: it stays below the top. */
	setup(NULL);
	build();
	nvisited = 0;
	tree_walk_start(N(0), visit_recorded, 42);
	for (int i = 0; i < 3; i++)
		walk_step_once(); /* 1, 4, 7 */
	tree_unlink(N(1));
	tree_unlink(N(4));
	tree_walk_run(NULL);
	assert_visited((const int[]){1, 4, 7, 5, 2, 3, 6, -1});

	/* The position is replaced: the walk goes on from the new node. */
	setup(NULL);
	build();
	nvisited = 0;
	tree_walk_start(N(0), visit_recorded, 42);
	walk_step_once(); /* 1; 4 next */
	tree_replace(N(4), N(14));
	tree_replace(N(0), N(10)); /* the top too */
	tree_walk_run(NULL);
	assert_visited((const int[]){1, 14, 7, 5, 2, 3, 6, -1});

	/* The top goes: the walk ends. */
	setup(NULL);
	build();
	nvisited = 0;
	seq = tree_walk_start(N(1), visit_recorded, 42);
	walk_step_once();
	tree_unlink(N(1));
	assert_false(tree_walk_going(seq));
	assert_true(tree_walk_run(NULL));
	assert_visited((const int[]){4, -1});

	/* Nothing below the top: no walk at all. */
	seq = tree_walk_start(N(20), visit_recorded, 42);
	assert_false(tree_walk_going(seq));
}

/*
 * Random trees, a walk below a node run a step at a time while nodes are taken out or
 * replaced: every node still below the top at the end was visited (or took the place
 * of one that was), once, and only nodes below the top were.
 */
static bool seen_walk[NITEMS];
static int walk_top;

static void visit_checked(struct tree_node *n, uint32_t arg)
{
	(void)arg;
	int id = id_of(n);
	assert_false(seen_walk[id]);
	seen_walk[id] = true;
	struct tree_node *p = n;
	while (p && p != N(walk_top))
		p = tree_parent(p);
	assert_non_null(p);
}

static void test_walk_random_changes(void **state)
{
	(void)state;
	uint32_t rng = 777;
	for (int round = 0; round < 300; round++) {
		setup(NULL);
		memset(seen_walk, 0, sizeof(seen_walk));
		for (int i = 1; i < NITEMS / 2; i++)
			add((int)(next_rand_tree(&rng) % (unsigned)i), i);
		walk_top = (int)(next_rand_tree(&rng) % 4);
		tree_walk_start(N(walk_top), visit_checked, 0);
		int spare = NITEMS / 2;
		while (!walk_step_once()) {
			int x = (int)(next_rand_tree(&rng) % (NITEMS / 2));
			unsigned op = next_rand_tree(&rng) % 8;
			if (op == 0 && x != walk_top) {
				tree_unlink(N(x));
			} else if (op == 1 && x != walk_top && spare < NITEMS &&
				   !tree_alone(N(x))) {
				tree_replace(N(x), N(spare));
				seen_walk[spare] = seen_walk[x];
				seen_walk[x] = true; /* out of the tree: must not be visited */
				items[spare].id = spare;
				spare++;
			}
		}
		for (struct tree_node *n = N(walk_top)->first_child; n;
		     n = tree_walk_next(N(walk_top), n))
			assert_true(seen_walk[id_of(n)]);
	}
}

/* ---- deep and wide trees: constant stack, linear time ---- */

enum { BIG = 100000 };
static struct item *big;
static uintptr_t stack_low;
static long big_removed;

static struct tree_node *B(int i)
{
	return &big[i].node;
}

static void remove_counted(struct tree_node *n)
{
	uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
	if (sp < stack_low)
		stack_low = sp;
	tree_unlink(n);
	big_removed++;
}

static void big_alloc(void)
{
	big = calloc(BIG, sizeof(*big));
	assert_non_null(big);
	for (int i = 0; i < BIG; i++) {
		big[i].id = i;
		tree_node_init(B(i));
	}
}

static void test_deep_chain(void **state)
{
	(void)state;
	big_alloc();
	/* 0 -> 1 -> ... -> BIG - 1 */
	for (int i = 1; i < BIG; i++)
		tree_add_child(B(i - 1), B(i));

	long n = 0;
	for (struct tree_node *x = B(0)->first_child; x; x = tree_walk_next(B(0), x)) {
		assert_ptr_equal(x, B(n + 1));
		n++;
	}
	assert_int_equal(n, BIG - 1);
	/* From the deepest node, skip climbs all the way back up to the top. */
	assert_null(tree_walk_skip(B(0), B(BIG - 1)));
	assert_null(tree_walk_next(B(0), B(BIG - 1)));

	/* One from the middle: the chain closes. */
	tree_unlink(B(BIG / 2));
	assert_ptr_equal(tree_parent(B(BIG / 2 + 1)), B(BIG / 2 - 1));
	assert_ptr_equal(B(BIG / 2 - 1)->first_child, B(BIG / 2 + 1));

	/* Everything below the second, then below the top: no recursion. */
	uintptr_t base = (uintptr_t)__builtin_frame_address(0);
	stack_low = base;
	big_removed = 0;
	tree_remove_below(B(1), remove_counted, NULL);
	assert_int_equal(big_removed, BIG - 3);
	tree_remove_below(B(0), remove_counted, NULL);
	assert_int_equal(big_removed, BIG - 2);
	/* A recursive walk would need megabytes here. */
	assert_true(base - stack_low < 4096);
	assert_null(B(0)->first_child);
	for (int i = 1; i < BIG; i++)
		assert_true(tree_alone(B(i)));
	free(big);
}

static void test_wide_and_comb(void **state)
{
	(void)state;
	big_alloc();
	/* 0 with BIG - 1 children, the last of them added first. */
	for (int i = BIG - 1; i >= 1; i--)
		tree_add_child(B(0), B(i));
	long n = 0;
	for (struct tree_node *x = B(0)->first_child; x; x = tree_walk_skip(B(0), x))
		n++;
	assert_int_equal(n, BIG - 1);
	/* Unlinking the top leaves its children without a parent, in constant time: the
	 * first and the last child were the only ones that knew it. */
	tree_unlink(B(0));
	assert_true(tree_alone(B(0)));
	assert_null(tree_parent(B(BIG - 1)));
	assert_ptr_equal(B(1)->prev, TREE_UP(NULL));
	assert_ptr_equal(B(BIG - 1)->next, TREE_UP(NULL));

	/* A comb: a deep spine, each spine node with a leaf beside it. */
	for (int i = 0; i < BIG; i++)
		tree_node_init(B(i));
	for (int i = 2; i < BIG; i += 2) {
		tree_add_child(B(i - 2), B(i));
		tree_add_child(B(i - 2), B(i - 1));
	}
	n = 0;
	for (struct tree_node *x = B(0)->first_child; x; x = tree_walk_next(B(0), x))
		n++;
	assert_int_equal(n, BIG - 2); /* the last odd node is not in the comb */
	uintptr_t base = (uintptr_t)__builtin_frame_address(0);
	stack_low = base;
	big_removed = 0;
	tree_remove_below(B(0), remove_counted, NULL);
	assert_int_equal(big_removed, BIG - 2);
	assert_true(base - stack_low < 4096);
	assert_null(B(0)->first_child);
	free(big);
}

/* ---- random operations against a model (parent ids) ---- */

enum { RN = NITEMS };
static int model[RN]; /* parent id, -1 for a root */

static uint32_t next_rand(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

static bool model_below(int x, int top)
{
	for (int d = 0; x >= 0 && d <= RN; d++) {
		x = model[x];
		if (x == top)
			return true;
	}
	return false;
}

static void check_model(void)
{
	for (int x = 0; x < RN; x++) {
		struct tree_node *n = N(x);
		struct tree_node *parent = tree_parent(n);
		assert_int_equal(id_of(parent), model[x]);
		if (tree_prev_sibling(n))
			assert_ptr_equal(n->prev->next, n);
		else if (parent)
			assert_ptr_equal(parent->first_child, n);
		if (tree_next_sibling(n))
			assert_ptr_equal(n->next->prev, n);
		else if (parent)
			assert_ptr_equal(parent->last_child, n);
		/* The walk below x visits exactly the model's descendants, once each. */
		bool seen[RN] = {false};
		for (struct tree_node *w = n->first_child; w; w = tree_walk_next(n, w)) {
			int id = id_of(w);
			assert_true(id >= 0 && id < RN);
			assert_false(seen[id]);
			seen[id] = true;
		}
		for (int y = 0; y < RN; y++)
			assert_int_equal(seen[y], model_below(y, x));
	}
}

static void test_random_against_model(void **state)
{
	(void)state;
	uint32_t rng = 12345;
	for (int i = 0; i < RN; i++)
		model[i] = -1;
	for (int step = 0; step < 20000; step++) {
		int x = (int)(next_rand(&rng) % RN), y = (int)(next_rand(&rng) % RN);
		switch (next_rand(&rng) % 3) {
		case 0: /* x, a node of its own, under y (not below x) */
			if (model[x] >= 0 || x == y || model_below(y, x) ||
			    tree_next_sibling(N(x)) || tree_prev_sibling(N(x)))
				break;
			tree_add_child(N(y), N(x));
			model[x] = y;
			break;
		case 1: /* unlink x */
			for (int z = 0; z < RN; z++)
				if (model[z] == x)
					model[z] = model[x];
			model[x] = -1;
			tree_unlink(N(x));
			break;
		case 2: /* y, alone, takes x's place */
			if (x == y || !tree_alone(N(y)))
				break;
			model[y] = model[x];
			for (int z = 0; z < RN; z++)
				if (model[z] == x)
					model[z] = y;
			model[x] = -1;
			tree_replace(N(x), N(y));
			break;
		}
		if (step % 16 == 0)
			check_model();
	}
	check_model();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_add_child, setup),
	    cmocka_unit_test_setup(test_unlink_leaf, setup),
	    cmocka_unit_test_setup(test_unlink_reparents, setup),
	    cmocka_unit_test_setup(test_replace, setup),
	    cmocka_unit_test_setup(test_walk, setup),
	    cmocka_unit_test_setup(test_remove_below, setup),
	    cmocka_unit_test_setup(test_remove_below_stops, setup),
	    cmocka_unit_test_setup(test_walk_suspended, setup),
	    cmocka_unit_test_setup(test_walk_random_changes, setup),
	    cmocka_unit_test_setup(test_deep_chain, setup),
	    cmocka_unit_test_setup(test_wide_and_comb, setup),
	    cmocka_unit_test_setup(test_random_against_model, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
