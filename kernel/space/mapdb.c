/* mapdb.c - mapping database: map, grant and recursive unmap of user pages. */
#include "space/mapdb.h"
#include <l4/sys/err.h>

#define MAPDB_BUCKETS 4096

static struct mapping *buckets[MAPDB_BUCKETS];
static const struct mapdb_ops *ops;
/* Mappings replaced by a map whose derived mappings mapdb_reap() still removes,
 * linked through hash_next (they are out of the hash). */
static struct mapping *doomed;

void mapdb_init(const struct mapdb_ops *o)
{
	ops = o;
	doomed = NULL;
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

/* A root node nothing was derived from is only bookkeeping (a doomed one is
 * mapdb_reap()'s to free). */
static void drop_if_lonely(struct mapping *m)
{
	if (tree_alone(&m->tree) && !m->doomed) {
		hash_remove(m);
		ops->free(m->task, m);
	}
}

/* Drop a node with nothing derived from it; a parent left a childless root goes too. */
static void free_node(struct mapping *m)
{
	struct tree_node *parent = tree_only_child_of(&m->tree);
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
	to->doomed = false;
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
	m->doomed = false;
	tree_node_init(&m->tree);
	hash_insert(m);
	return m;
}

/* Remove the mapping of node @tn (for tree_remove_below(): its children move up into
 * its place). A doomed node is unmapped already and mapdb_reap()'s to free. */
static void remove_node(struct tree_node *tn)
{
	struct mapping *n = mapping_of_node(tn);
	tree_unlink(tn);
	if (n->doomed)
		return;
	ops->unmap(n->task, n->va);
	hash_remove(n);
	ops->free(n->task, n);
}

/* For the walk that takes rights @arg from everything below a node. */
static void protect_node(struct tree_node *tn, uint32_t rights)
{
	struct mapping *n = mapping_of_node(tn);
	paddr_t pa;
	unsigned have;
	if (!n->doomed && ops->lookup(n->task, n->va, &pa, &have) == 0 && (have & rights))
		ops->protect(n->task, n->va, have & ~rights);
}

/*
 * W or X goes from everything derived from @m: the one walk that may stop between
 * kernel entries (tree_walk_now). *@walk is the walk this operation started, 0 if none
 * yet; a walk of another operation in progress is finished first.
 */
static int protect_below(struct mapping *m, unsigned rights, bool (*stop)(void), unsigned *walk)
{
	if (*walk && !tree_walk_going(*walk))
		return 0; /* finished (by whoever came along), or its top went */
	if (!*walk) {
		if (!tree_walk_run(stop))
			return PREEMPTED; /* another operation's walk, finished first */
		*walk = tree_walk_start(&m->tree, protect_node, rights);
	}
	return tree_walk_run(stop) ? 0 : PREEMPTED;
}

/**
 * mapdb_unmap_steps() - take @rights (L4 memory bits) away from every mapping derived
 * from @t's page at @va, and from that mapping itself if @self. Taking R removes
 * the mappings; W or X alone are withdrawn. Whatever the trees look like, the work is
 * done in constant-time steps, between which @stop (NULL: never) may end it; a call
 * with the same arguments then goes on (for W or X, with *@walk, 0 at first).
 * Return: 0 when done, PREEMPTED when @stop ended it.
 */
int mapdb_unmap_steps(struct task *t, vaddr_t va, unsigned rights, bool self, bool (*stop)(void),
		      unsigned *walk)
{
	paddr_t pa;
	unsigned have;
	struct mapping *m = mapdb_find(t, va);
	if (rights & 4) {
		/* Everything derived from m, top down; m stays, even if it is left a lonely
		 * root: dealt with below. Most nodes have nothing derived. */
		if (m && m->tree.first_child && !tree_remove_below(&m->tree, remove_node, stop))
			return PREEMPTED;
		if (self && ops->lookup(t, va, &pa, &have) == 0) {
			if (m)
				free_node(m);
			ops->unmap(t, va);
		} else if (m) {
			drop_if_lonely(m);
		}
		return 0;
	}
	rights &= 7;
	if (self && ops->lookup(t, va, &pa, &have) == 0 && (have & rights))
		ops->protect(t, va, have & ~rights);
	if (!m || !m->tree.first_child)
		return 0;
	return protect_below(m, rights, stop, walk);
}

/**
 * mapdb_forget() - @t's page at @va goes away with everything derived from it
 * (the task is being deleted), in steps @stop may end (PREEMPTED; call again).
 */
int mapdb_forget(struct task *t, vaddr_t va, bool (*stop)(void))
{
	unsigned walk = 0;
	return mapdb_unmap_steps(t, va, 4 | 2 | 1, true, stop, &walk);
}

/*
 * @t's mapping at @va goes now; what was derived from it goes soon. A map runs where
 * it cannot stop (IPC), and what derives from the mapping it replaces may be any
 * number of mappings: the mapping is unmapped and leaves the hash at once, but its
 * node stays in its tree, doomed, until mapdb_reap() has removed what is below it.
 */
static void replace_mapping(struct task *t, vaddr_t va)
{
	struct mapping *m = mapdb_find(t, va);
	ops->unmap(t, va);
	if (!m)
		return;
	if (!m->tree.first_child) {
		free_node(m);
		return;
	}
	hash_remove(m);
	m->doomed = true;
	m->hash_next = doomed;
	doomed = m;
}

/**
 * mapdb_doomed() - is there work for mapdb_reap()?
 */
bool mapdb_doomed(void)
{
	return doomed != NULL;
}

/**
 * mapdb_reap() - remove what derives from the mappings maps replaced (and their
 * nodes), in steps that @stop may end (the next call goes on).
 * Return: true when nothing is left to do.
 */
bool mapdb_reap(bool (*stop)(void))
{
	while (doomed) {
		struct mapping *m = doomed;
		if (!tree_remove_below(&m->tree, remove_node, stop))
			return false;
		doomed = m->hash_next;
		free_node(m);
		if (doomed && stop && stop())
			return false;
	}
	return true;
}

/* The grant of @src's page (@pa) at @src_va to @dst at @dst_va with @rights. */
static int grant(struct task *src, vaddr_t src_va, paddr_t pa, struct task *dst, vaddr_t dst_va,
		 unsigned rights)
{
	/* The destination takes the source's place, children included, in a node charged
	 * to it (nodes are freed on their task's account). */
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

/**
 * mapdb_map() - map (or with @grant, move) @src's page at @src_va to @dst at
 * @dst_va with the source's rights AND @rights. A mapping already at the
 * destination is replaced (what derives from it goes too, soon: replace_mapping();
 * if the source's page derives from it, nothing is left mapped in the end). Mapping
 * a page onto itself with fewer rights takes them from that page only (as a grant
 * with fewer rights leaves what derives from the page as it is). Constant time.
 * Return: 0 (also when the source has no page there), or -L4_ENOMEM.
 */
int mapdb_map(struct task *src, vaddr_t src_va, struct task *dst, vaddr_t dst_va, unsigned rights,
	      bool grant_it)
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
		if (!grant_it && (have & 7 & ~rights))
			ops->protect(src, src_va, rights);
		return 0;
	}
	if (ops->lookup(dst, dst_va, &old_pa, &old_rights) == 0)
		replace_mapping(dst, dst_va);
	if (grant_it)
		return grant(src, src_va, pa, dst, dst_va, rights);
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
	to->doomed = false;
	tree_node_init(&to->tree);
	tree_add_child(&from->tree, &to->tree);
	hash_insert(to);
	return 0;
}
