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

static void link_child(struct mapping *parent, struct mapping *m)
{
	m->parent = parent;
	m->prev_sibling = NULL;
	m->next_sibling = parent ? parent->first_child : NULL;
	if (m->next_sibling)
		m->next_sibling->prev_sibling = m;
	if (parent)
		parent->first_child = m;
}

static void unlink_node(struct mapping *m)
{
	if (m->prev_sibling)
		m->prev_sibling->next_sibling = m->next_sibling;
	else if (m->parent)
		m->parent->first_child = m->next_sibling;
	if (m->next_sibling)
		m->next_sibling->prev_sibling = m->prev_sibling;
	m->parent = m->next_sibling = m->prev_sibling = NULL;
}

/* A root node nothing was derived from is only bookkeeping. */
static void drop_if_lonely(struct mapping *m)
{
	if (!m->parent && !m->first_child) {
		hash_remove(m);
		ops->free(m->task, m);
	}
}

/* Drop a node; a childless root node is only bookkeeping and goes too. */
static void free_node(struct mapping *m)
{
	struct mapping *parent = m->parent;
	unlink_node(m);
	hash_remove(m);
	ops->free(m->task, m);
	if (parent)
		drop_if_lonely(parent);
}

/* @to (new) takes @from's place in its tree, as @t's mapping at @va; @from is freed. */
static void replace_node(struct mapping *from, struct mapping *to, struct task *t, vaddr_t va)
{
	*to = *from;
	to->task = t;
	to->va = va;
	if (to->prev_sibling)
		to->prev_sibling->next_sibling = to;
	else if (to->parent)
		to->parent->first_child = to;
	if (to->next_sibling)
		to->next_sibling->prev_sibling = to;
	for (struct mapping *c = to->first_child; c; c = c->next_sibling)
		c->parent = to;
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
	m->parent = m->first_child = m->next_sibling = m->prev_sibling = NULL;
	hash_insert(m);
	return m;
}

/* Remove a mapping and everything derived from it, leaves first (no recursion). The
 * parent of @top stays, even if it is left a lonely root: the caller decides. */
static void remove_subtree(struct mapping *top)
{
	struct mapping *n = top;
	for (;;) {
		while (n->first_child)
			n = n->first_child;
		/* n is a leaf: remove it and go on from its parent (linear in the size). */
		struct mapping *parent = n->parent;
		bool done = n == top;
		ops->unmap(n->task, n->va);
		unlink_node(n);
		hash_remove(n);
		ops->free(n->task, n);
		if (done)
			return;
		n = parent;
	}
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
		if (m) {
			while (m->first_child)
				remove_subtree(m->first_child);
		}
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
	/* Pre-order walk of the subtree below m. */
	struct mapping *n = m->first_child;
	while (n) {
		if (ops->lookup(n->task, n->va, &pa, &have) == 0)
			ops->protect(n->task, n->va, have & ~rights);
		if (n->first_child) {
			n = n->first_child;
			continue;
		}
		while (n != m && !n->next_sibling)
			n = n->parent;
		if (n == m)
			break;
		n = n->next_sibling;
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
	to->first_child = NULL;
	link_child(from, to);
	hash_insert(to);
	return 0;
}
