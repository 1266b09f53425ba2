/* mapdb.h - the mapping database: where every user page mapping came from. */
#ifndef KEEL_MAPDB_H
#define KEEL_MAPDB_H

#include "types.h"
#include "lib/tree.h"
#include "sched/preempt.h"

struct task;
struct factory;

/*
 * One node per mapped 4 KiB page of a task that was mapped from (or to) another
 * task. A page's nodes form a tree: the root is the mapping of the task the page
 * first belonged to (the root task, for all free RAM); a child was mapped from its
 * parent. Nodes are found by (task, virtual address) through a hash table.
 */
struct mapping {
	struct task *task;
	vaddr_t va;
	struct tree_node tree;
	struct mapping *hash_next; /* in the hash; for a doomed node, the doomed list */
	bool doomed; /* replaced by a map: unmapped, out of the hash, its tree still there */
};

/**
 * mapping_of_node() - the mapping whose tree node @n is.
 */
static inline struct mapping *mapping_of_node(struct tree_node *n)
{
	return (struct mapping *)((char *)n - offsetof(struct mapping, tree));
}

/* Page-table access the database needs; the kernel uses the arch layer, host tests
 * a model. */
struct mapdb_ops {
	int (*lookup)(struct task *t, vaddr_t va, paddr_t *pa, unsigned *rights);
	int (*map)(struct task *t, vaddr_t va, paddr_t pa, unsigned rights);
	void (*unmap)(struct task *t, vaddr_t va);
	void (*protect)(struct task *t, vaddr_t va, unsigned rights);
	struct mapping *(*alloc)(struct task *t);
	void (*free)(struct task *t, struct mapping *m);
};

void mapdb_init(const struct mapdb_ops *ops);
int mapdb_map(struct task *src, vaddr_t src_va, struct task *dst, vaddr_t dst_va, unsigned rights,
	      bool grant);
int mapdb_unmap_steps(struct task *t, vaddr_t va, unsigned rights, bool self, bool (*stop)(void),
		      unsigned *walk);
int mapdb_forget(struct task *t, vaddr_t va, bool (*stop)(void));
bool mapdb_doomed(void);
bool mapdb_reap(bool (*stop)(void));
struct mapping *mapdb_find(struct task *t, vaddr_t va);

#endif
