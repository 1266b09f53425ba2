/* mapdb.c - mapping database: map, grant and recursive unmap of user pages. */
#include "space/mapdb.h"
#include <l4/sys/err.h>

#define MAPDB_BUCKETS 4096

static struct mapping *buckets[MAPDB_BUCKETS];
static const struct mapdb_ops *ops;

void mapdb_init(const struct mapdb_ops *o)
{
	ops = o;
	for (unsigned i = 0; i < MAPDB_BUCKETS; i++)
		buckets[i] = NULL;
}

static unsigned bucket_of(const struct task *t, vaddr_t va)
{
	uintptr_t h = ((uintptr_t)t >> 4) ^ (va >> PAGE_SHIFT) * 2654435761u;
	return (unsigned)(h ^ (h >> 16)) % MAPDB_BUCKETS;
}

/**
 * mapdb_find() - the node of @t's mapping at @va, or NULL if it has none.
 */
struct mapping *mapdb_find(struct task *t, vaddr_t va)
{
	for (struct mapping *m = buckets[bucket_of(t, va)]; m; m = m->hash_next)
		if (m->task == t && m->va == va)
			return m;
	return NULL;
}

static void hash_insert(struct mapping *m)
{
	unsigned b = bucket_of(m->task, m->va);
	m->hash_next = buckets[b];
	buckets[b] = m;
}

static void hash_remove(struct mapping *m)
{
	for (struct mapping **p = &buckets[bucket_of(m->task, m->va)]; *p; p = &(*p)->hash_next) {
		if (*p == m) {
			*p = m->hash_next;
			return;
		}
	}
}

/* A root node nothing was derived from is only bookkeeping. */
static void drop_if_lonely(struct mapping *m)
{
	if (!m->tree.parent && !m->tree.first_child) {
		hash_remove(m);
		ops->free(m->task, m);
	}
}

/* Drop a node; a childless root node is only bookkeeping and goes too. */
static void free_node(struct mapping *m)
{
	struct tree_node *parent = m->tree.parent;
	tree_unlink(&m->tree);
	hash_remove(m);
	ops->free(m->task, m);
	if (parent)
		drop_if_lonely(mapping_of_node(parent));
}

/* @to (new) takes @from's place in its tree, as @t's mapping at @va; @from is freed. */
static void replace_node(struct mapping *from, struct mapping *to, struct task *t, vaddr_t va)
{
	to->task = t;
	to->va = va;
	tree_replace(&from->tree, &to->tree);
	hash_remove(from);
	ops->free(from->task, from);
	hash_insert(to);
}

/* The node of a mapping that exists in the page table, created as a root if new. */
static struct mapping *node_for(struct task *t, vaddr_t va)
{
	struct mapping *m = mapdb_find(t, va);
	if (m)
		return m;
	m = ops->alloc(t);
	if (!m)
		return NULL;
	m->task = t;
	m->va = va;
	tree_node_init(&m->tree);
	hash_insert(m);
	return m;
}

/* Remove a mapping with nothing derived from it (for tree_remove_below()). */
static void remove_leaf(struct tree_node *leaf)
{
	struct mapping *n = mapping_of_node(leaf);
	ops->unmap(n->task, n->va);
	tree_unlink(leaf);
	hash_remove(n);
	ops->free(n->task, n);
}

/**
 * mapdb_unmap() - take @rights (L4 memory bits) away from every mapping derived
 * from @t's page at @va, and from that mapping itself if @self. Taking R removes
 * the mappings; W or X alone are withdrawn.
 */
void mapdb_unmap(struct task *t, vaddr_t va, unsigned rights, bool self)
{
	paddr_t pa;
	unsigned have;
	struct mapping *m = mapdb_find(t, va);
	if (rights & 4) {
		/* Everything derived from m, leaves first (no recursion); m stays, even
		 * if it is left a lonely root: dealt with below. Most nodes have nothing
		 * derived: no call then (this is on the path of every page unmapped). */
		if (m && m->tree.first_child)
			tree_remove_below(&m->tree, remove_leaf);
		if (self && ops->lookup(t, va, &pa, &have) == 0) {
			if (m)
				free_node(m);
			ops->unmap(t, va);
		} else if (m) {
			drop_if_lonely(m);
		}
		return;
	}
	rights &= 7;
	if (self && ops->lookup(t, va, &pa, &have) == 0)
		ops->protect(t, va, have & ~rights);
	if (!m)
		return;
	/* W or X goes from everything derived from m too (pre-order, no recursion). */
	for (struct tree_node *tn = m->tree.first_child; tn; tn = tree_walk_next(&m->tree, tn)) {
		struct mapping *n = mapping_of_node(tn);
		if (ops->lookup(n->task, n->va, &pa, &have) == 0)
			ops->protect(n->task, n->va, have & ~rights);
	}
}

/**
 * mapdb_forget() - @t's page at @va goes away with everything derived from it
 * (the task is being deleted).
 */
void mapdb_forget(struct task *t, vaddr_t va)
{
	mapdb_unmap(t, va, 4 | 2 | 1, true);
}

/**
 * mapdb_map() - map (or with @grant, move) @src's page at @src_va to @dst at
 * @dst_va with the source's rights AND @rights. A mapping already at the
 * destination is unmapped first (with what derives from it; if the source's page
 * derives from it, nothing is left to map).
 * Return: 0 (also when the source has no page there), or -L4_ENOMEM.
 */
int mapdb_map(struct task *src, vaddr_t src_va, struct task *dst, vaddr_t dst_va, unsigned rights,
	      bool grant)
{
	paddr_t pa, old_pa;
	unsigned have, old_rights;
	if (ops->lookup(src, src_va, &pa, &have) != 0)
		return 0;
	rights &= have & 7;
	if (!(rights & 4) && rights)
		rights |= 4; /* W or X without R does not exist on ARM */
	if (!rights)
		return 0;
	rights |= have & ~7u; /* the memory type (normal or device) goes along */
	if (src == dst && src_va == dst_va) {
		if (!grant)
			mapdb_unmap(src, src_va, have & 7 & ~rights, true);
		return 0;
	}
	/* The destination's old mapping goes first: it may be the source's node's only
	 * child (which frees that node) or what the source's page derives from. */
	if (ops->lookup(dst, dst_va, &old_pa, &old_rights) == 0) {
		mapdb_unmap(dst, dst_va, 4 | 2 | 1, true);
		if (ops->lookup(src, src_va, &pa, &have) != 0)
			return 0;
	}
	if (grant) {
		/* The destination takes the source's place, children included, in a node
		 * charged to it (nodes are freed on their task's account). */
		struct mapping *from = mapdb_find(src, src_va), *to = NULL;
		if (from && !(to = ops->alloc(dst)))
			return -L4_ENOMEM;
		if (ops->map(dst, dst_va, pa, rights) != 0) {
			if (to)
				ops->free(dst, to);
			return -L4_ENOMEM;
		}
		ops->unmap(src, src_va);
		if (from)
			replace_node(from, to, dst, dst_va);
		return 0;
	}
	struct mapping *from = node_for(src, src_va);
	if (!from)
		return -L4_ENOMEM;
	struct mapping *to = ops->alloc(dst);
	if (!to || ops->map(dst, dst_va, pa, rights) != 0) {
		if (to)
			ops->free(dst, to);
		drop_if_lonely(from);
		return -L4_ENOMEM;
	}
	to->task = dst;
	to->va = dst_va;
	to->tree.first_child = NULL;
	tree_add_child(&from->tree, &to->tree);
	hash_insert(to);
	return 0;
}
