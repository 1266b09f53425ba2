/* fuzz_cap.c - libFuzzer harness: capability tables and the derivation tree
 * (kernel/space/cap.c) driven by a sequence of install, map, grant, remove, revoke,
 * reduce and destroy operations; after each, every object's capability list, count and
 * the tree must be sound, and teardown must give back all memory. */
#include "mem/kmem.h"
#include "object/task.h"
#include "space/cap.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TASKS  4
#define OBJS   6
#define SLOTS  8   /* slots the operations use: a few, so that they meet */
#define SPREAD 300 /* ... spread over more than two table pages */

/* ---- what cap.c calls: memory from the C library, counted; deletion recorded ---- */

static long live_allocs, live_pages;

void *kmem_alloc(struct factory *p, size_t size)
{
	(void)p;
	void *m = calloc(1, size);
	assert(m != NULL);
	live_allocs++;
	return m;
}

void kmem_free(struct factory *p, void *m, size_t size)
{
	(void)p;
	(void)size;
	assert(live_allocs > 0);
	live_allocs--;
	free(m);
}

int kmem_pages_alloc(struct factory *p, size_t pages, size_t align_pages, paddr_t *out)
{
	(void)p;
	void *m = aligned_alloc(PAGE_SIZE * align_pages, PAGE_SIZE * pages);
	assert(m != NULL);
	memset(m, 0, PAGE_SIZE * pages);
	*out = (paddr_t)m;
	live_pages += (long)pages;
	return 0;
}

void kmem_pages_free(struct factory *p, paddr_t pa, size_t pages)
{
	(void)p;
	assert(live_pages >= (long)pages);
	live_pages -= (long)pages;
	free((void *)pa);
}

void *arch_phys_to_virt(paddr_t pa)
{
	return (void *)pa;
}

paddr_t arch_virt_to_phys(const void *va)
{
	return (paddr_t)va;
}

/* The preemption points of long operations: stopped now and then (input bits), then
 * called again until done, as the kernel does. */
static unsigned stop_every, steps;

bool preempt_point(unsigned cost)
{
	(void)cost;
	return stop_every && ++steps % stop_every == 0;
}

/* cap.c deletes an object when its last capability goes: only recorded here. */
void kobj_delete(struct kobj *o)
{
	o->deleted = true;
}

static struct task tasks[TASKS];
static struct kobj objs[OBJS];

/* Every capability to @o goes (as when it is deleted). */
static void remove_all(struct kobj *o)
{
	while (o->caps)
		cap_remove(o->caps);
}

static unsigned long slot_of(uint8_t v)
{
	return (unsigned long)(v % SLOTS) * SPREAD / SLOTS * (v & 0x80 ? 7 : 1) % CAP_SLOTS_MAX;
}

/* Count the capabilities in every table naming @o; check each slot's tree links. */
static unsigned count_and_check(const struct kobj *o)
{
	unsigned n = 0;
	for (unsigned t = 0; t < TASKS; t++) {
		struct cap_table *ct = &tasks[t].caps;
		if (!ct->dir)
			continue;
		for (unsigned p = 0; p < CAP_DIR_ENTRIES; p++) {
			struct cap *page = ct->dir[p];
			for (unsigned i = 0; page && i < CAP_SLOTS_PER_PAGE; i++) {
				struct cap *c = &page[i];
				if (!c->obj) {
					/* An empty slot is in no tree (zeroed or unlinked). */
					assert(!c->tree.first_child && !c->tree.last_child);
					assert(!tree_up(c->tree.prev) && !tree_up(c->tree.next));
					continue;
				}
				struct tree_node *nd = &c->tree, *parent = tree_parent(nd);
				if (parent) {
					/* A copy names the same object as what it came from,
					 * with no more rights. */
					struct cap *pc = cap_of_node(parent);
					assert(pc->obj == c->obj);
					assert((c->rights & ~pc->rights) == 0);
				}
				struct tree_node *prev = tree_prev_sibling(nd);
				struct tree_node *next = tree_next_sibling(nd);
				assert(!prev || tree_next_sibling(prev) == nd);
				assert(!next || tree_prev_sibling(next) == nd);
				if (parent && !prev)
					assert(parent->first_child == nd);
				if (parent && !next)
					assert(parent->last_child == nd);
				for (struct tree_node *k = nd->first_child; k;
				     k = tree_next_sibling(k))
					assert(tree_parent(k) == nd);
				if (c->obj == o)
					n++;
			}
		}
	}
	return n;
}

static void check(void)
{
	for (unsigned i = 0; i < OBJS; i++) {
		struct kobj *o = &objs[i];
		unsigned listed = 0;
		const struct cap *prev = NULL;
		for (const struct cap *c = o->caps; c; c = c->obj_next) {
			assert(c->obj == o && c->obj_prev == prev);
			prev = c;
			assert(++listed <= TASKS * CAP_SLOTS_MAX);
		}
		assert(listed == o->caps_count);
		assert(count_and_check(o) == listed);
		/* Deleted exactly when its last capability went. */
		assert(o->deleted == (o->caps_count == 0));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memset(tasks, 0, sizeof(tasks));
	memset(objs, 0, sizeof(objs));
	for (unsigned t = 0; t < TASKS; t++)
		tasks[t].obj.type = KOBJ_TASK;
	/* Every object starts with one original capability in task 0. */
	for (unsigned i = 0; i < OBJS; i++) {
		objs[i].type = KOBJ_THREAD;
		cap_install(cap_slot(&tasks[0], 10 + i, true), &objs[i], CAP_RIGHTS_ALL, NULL);
	}
	check();
	for (size_t i = 0; i + 3 <= size; i += 3) {
		uint8_t op = data[i], a = data[i + 1], b = data[i + 2];
		struct task *t1 = &tasks[a % TASKS], *t2 = &tasks[(a >> 2) % TASKS];
		unsigned long s1 = slot_of(b), s2 = slot_of((uint8_t)(b >> 3 | a << 5));
		uint32_t rights = (uint32_t)(op >> 2) & CAP_RIGHTS_ALL;
		struct cap *c = cap_lookup(t1, s1);
		stop_every = (b & 0x60) >> 5;
		switch (op % 6) {
		case 0:
			cap_map(t1, s1, t2, s2, rights, false);
			break;
		case 1:
			cap_map(t1, s1, t2, s2, rights, true);
			break;
		case 2:
			if (c)
				cap_remove(c);
			break;
		case 3:
			while (c && !cap_revoke_children(c))
				;
			break;
		case 4:
			if (c)
				cap_reduce_rights(c, rights, op & 0x80, NULL);
			break;
		default:
			if ((a & 0xf0) == 0xf0) /* rarely: a whole task goes */
				cap_table_destroy(t1, NULL);
			else if (c && !c->obj->deleted)
				remove_all(c->obj);
			break;
		}
		check();
	}
	stop_every = 0;
	for (unsigned t = 0; t < TASKS; t++)
		cap_table_destroy(&tasks[t], NULL);
	for (unsigned i = 0; i < OBJS; i++)
		assert(objs[i].caps_count == 0 && objs[i].caps == NULL);
	assert(live_allocs == 0 && live_pages == 0);
	return 0;
}
