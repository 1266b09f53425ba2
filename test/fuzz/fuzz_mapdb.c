/* fuzz_mapdb.c - libFuzzer harness: the mapping database (kernel/space/mapdb.c) driven by a
 * sequence of map, grant, unmap and forget operations over a page-table model; after each,
 * the database must agree with the page tables and its trees must be sound. */
#include "space/mapdb.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TASKS  4
#define PAGES  8 /* virtual pages per task the operations use */
#define FRAMES 4 /* physical frames the tasks start with */
#define R      4u

/* The page-table model: per task and page, a frame (or none) and rights. */
struct task {
	int frame[PAGES]; /* -1: unmapped */
	unsigned rights[PAGES];
	long nodes; /* mapping nodes charged to this task */
};

static struct task tasks[TASKS];
static long allocs_left;
static unsigned stop_every; /* stop a long operation every this many steps (0: never) */
static unsigned steps;

/* The preemption points of the kernel's long operations: stopped now and then, then
 * called again until done, as the kernel does. */
static bool stop_now(void)
{
	return stop_every && ++steps % stop_every == 0;
}

static void unmap(struct task *t, vaddr_t va, unsigned rights, bool self)
{
	unsigned walk = 0, rounds = 0;
	while (mapdb_unmap_steps(t, va, rights, self, stop_now, &walk) != 0)
		assert(++rounds < 100000);
}

static void forget(struct task *t, vaddr_t va)
{
	unsigned rounds = 0;
	while (mapdb_forget(t, va, stop_now) != 0)
		assert(++rounds < 100000);
}

/* What a map left doomed goes (the kernel reaps on its way out). */
static void reap(void)
{
	unsigned rounds = 0;
	while (!mapdb_reap(stop_now))
		assert(++rounds < 100000);
	assert(!mapdb_doomed());
}

static int page_of(vaddr_t va)
{
	return (int)(va / PAGE_SIZE);
}

static int op_lookup(struct task *t, vaddr_t va, paddr_t *pa, unsigned *rights)
{
	int p = page_of(va);
	assert(p >= 0 && p < PAGES);
	if (t->frame[p] < 0)
		return -1;
	*pa = (paddr_t)t->frame[p] * PAGE_SIZE;
	*rights = t->rights[p];
	return 0;
}

static int op_map(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	int p = page_of(va);
	assert(p >= 0 && p < PAGES && pa % PAGE_SIZE == 0 && (rights & R) && rights <= 7);
	t->frame[p] = (int)(pa / PAGE_SIZE);
	t->rights[p] = rights;
	return 0;
}

static void op_unmap(struct task *t, vaddr_t va)
{
	t->frame[page_of(va)] = -1;
}

static void op_protect(struct task *t, vaddr_t va, unsigned rights)
{
	int p = page_of(va);
	assert(t->frame[p] >= 0 && (rights & ~t->rights[p]) == 0); /* only ever fewer */
	t->rights[p] = rights;
}

static struct mapping *op_alloc(struct task *t)
{
	if (allocs_left == 0)
		return NULL;
	allocs_left--;
	struct mapping *m = calloc(1, sizeof(*m));
	assert(m != NULL);
	t->nodes++;
	return m;
}

static void op_free(struct task *t, struct mapping *m)
{
	assert(t->nodes > 0);
	t->nodes--;
	free(m);
}

static const struct mapdb_ops ops = {op_lookup, op_map, op_unmap, op_protect, op_alloc, op_free};

/*
 * The invariants: every node is its task's mapping at its address, mapped in the page
 * table, of the same frame as its parent; rights only ever shrink (op_protect()); the
 * tree links agree
 * both ways; every node found by mapdb_find is counted against the task it is
 * charged to.
 */
static void check(void)
{
	long found[TASKS] = {0};
	for (unsigned i = 0; i < TASKS; i++) {
		struct task *t = &tasks[i];
		for (int p = 0; p < PAGES; p++) {
			struct mapping *m = mapdb_find(t, (vaddr_t)p * PAGE_SIZE);
			if (!m)
				continue;
			found[i]++;
			assert(m->task == t && m->va == (vaddr_t)p * PAGE_SIZE);
			struct tree_node *n = &m->tree;
			struct tree_node *parent = tree_parent(n);
			assert(!m->doomed);
			/* A node of a page nothing derives from and that derives from nothing
			 * would be bookkeeping only: it must have been dropped. */
			assert(parent || n->first_child);
			assert(t->frame[p] >= 0);
			if (parent) {
				struct mapping *pm = mapping_of_node(parent);
				int pp = page_of(pm->va);
				/* The same frame. (Not always fewer rights: a grant with
				 * fewer rights leaves what was derived from it as it was.) */
				assert(pm->task->frame[pp] == t->frame[p]);
			}
			struct tree_node *prev = tree_prev_sibling(n), *next = tree_next_sibling(n);
			assert(!prev || tree_next_sibling(prev) == n);
			assert(!next || tree_prev_sibling(next) == n);
			if (parent && !prev)
				assert(parent->first_child == n);
			if (parent && !next)
				assert(parent->last_child == n);
			for (struct tree_node *c = n->first_child; c; c = tree_next_sibling(c))
				assert(tree_parent(c) == n);
		}
	}
	for (unsigned i = 0; i < TASKS; i++)
		assert(found[i] == tasks[i].nodes); /* no node lost, none leaked */
}

static void reset(void)
{
	mapdb_init(&ops);
	memset(tasks, 0, sizeof(tasks));
	for (unsigned i = 0; i < TASKS; i++)
		for (int p = 0; p < PAGES; p++)
			tasks[i].frame[p] = -1;
	/* Task 0 owns the frames (the root task: sigma0's RAM), task 1 one more. */
	for (int f = 0; f < FRAMES; f++) {
		tasks[0].frame[f] = f;
		tasks[0].rights[f] = 7;
	}
	tasks[1].frame[PAGES - 1] = FRAMES;
	tasks[1].rights[PAGES - 1] = 5;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	reset();
	allocs_left = -1;
	for (size_t i = 0; i + 3 <= size; i += 3) {
		uint8_t op = data[i], a = data[i + 1], b = data[i + 2];
		struct task *src = &tasks[a % TASKS], *dst = &tasks[(a >> 2) % TASKS];
		vaddr_t sva = (vaddr_t)((a >> 4) % PAGES) * PAGE_SIZE;
		vaddr_t dva = (vaddr_t)(b % PAGES) * PAGE_SIZE;
		unsigned rights = (b >> 3) & 7;
		allocs_left = (op & 0x80) ? (b >> 6) : -1; /* sometimes out of memory */
		stop_every = (op >> 4) & 3; /* sometimes stopped at preemption points */
		switch (op % 4) {
		case 0:
			mapdb_map(src, sva, dst, dva, rights, false);
			break;
		case 1:
			mapdb_map(src, sva, dst, dva, rights, true);
			break;
		case 2:
			unmap(src, sva, rights, (op >> 2) & 1);
			break;
		default:
			forget(src, sva);
			break;
		}
		allocs_left = -1;
		reap();
		check();
	}
	/* Teardown: every task's pages go; no node may remain. */
	for (unsigned i = 0; i < TASKS; i++)
		for (int p = 0; p < PAGES; p++)
			if (tasks[i].frame[p] >= 0)
				forget(&tasks[i], (vaddr_t)p * PAGE_SIZE);
	reap();
	for (unsigned i = 0; i < TASKS; i++)
		assert(tasks[i].nodes == 0);
	return 0;
}
