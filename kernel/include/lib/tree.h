/* tree.h - the linked tree the capability derivation tree and the mapping database share. */
#ifndef KEEL_TREE_H
#define KEEL_TREE_H

#include "types.h"

/*
 * A node links to its first and last child and to its siblings both ways. The first
 * child's prev and the last child's next lead up to the parent instead, tagged with
 * bit 0 (TREE_UP; the parent may be NULL, for nodes at the top of a tree), so that
 * only those two children know their parent. That makes every change constant time,
 * however many children a node has: taking a node out splices its children into its
 * place, and a node that takes another's place (a grant) takes over its children by
 * relinking the first and the last. A subtree is walked without recursion or a stack,
 * climbing back up from last children; users build these trees as deep and as wide as
 * their memory allows. The node is embedded in what the tree orders (struct cap,
 * struct mapping), which gets back to itself by subtracting the member's offset.
 */
struct tree_node {
	struct tree_node *first_child;
	struct tree_node *last_child;
	struct tree_node *next; /* next sibling, or TREE_UP(parent) for the last child */
	struct tree_node *prev; /* previous sibling, or TREE_UP(parent) for the first */
};

/*
 * The one walk of a tree that may be suspended between kernel entries (rights taken
 * from everything below a node, a walk that removes nothing). Taking a node out or
 * replacing it moves the walk along (tree_unlink(), tree_replace()), so that it stays
 * valid whatever happens to the tree meanwhile; taking out the node below which it
 * walks ends it.
 */
struct tree_walk {
	struct tree_node *top; /* NULL: no walk */
	struct tree_node *at;  /* where it is ... */
	bool done_at;	       /* ... at's subtree visited (else at is visited next) */
	void (*visit)(struct tree_node *n, uint32_t arg);
	uint32_t arg;
	unsigned seq; /* which walk this is (tree_walk_start()) */
};

extern struct tree_walk tree_walk_now;

static inline struct tree_node *TREE_UP(struct tree_node *parent)
{
	return (struct tree_node *)((uintptr_t)parent | 1);
}

/**
 * tree_is_up() - does link @l (a next or prev) lead up to the parent (not a sibling)?
 */
static inline bool tree_is_up(const struct tree_node *l)
{
	return ((uintptr_t)l & 1) != 0;
}

/**
 * tree_up() - the parent an up link (tree_is_up()) leads to; NULL at the top level.
 */
static inline struct tree_node *tree_up(const struct tree_node *l)
{
	return (struct tree_node *)((uintptr_t)l & ~(uintptr_t)1);
}

/**
 * tree_node_init() - make @n a node of its own: no parent, siblings or children.
 */
static inline void tree_node_init(struct tree_node *n)
{
	n->first_child = n->last_child = NULL;
	n->next = n->prev = TREE_UP(NULL);
}

/* Point the link in front of a position (@before: the previous sibling's next, or the
 * parent's first_child) at @n; a parent gets NULL for an up link (no children left). */
static inline void tree_link_after(struct tree_node *before, struct tree_node *n)
{
	if (!tree_is_up(before))
		before->next = n;
	else if (tree_up(before))
		tree_up(before)->first_child = tree_is_up(n) ? NULL : n;
}

/* The same behind a position (@after: the next sibling's prev, or the parent's
 * last_child). */
static inline void tree_link_before(struct tree_node *after, struct tree_node *n)
{
	if (!tree_is_up(after))
		after->prev = n;
	else if (tree_up(after))
		tree_up(after)->last_child = tree_is_up(n) ? NULL : n;
}

/**
 * tree_add_child() - link @n, with whatever is below it, in as @parent's first
 * child; with @parent NULL, @n is a node of its own at the top level. @n must not be
 * in a tree (its sibling links are overwritten).
 */
static inline void tree_add_child(struct tree_node *parent, struct tree_node *n)
{
	n->prev = TREE_UP(parent);
	n->next = parent && parent->first_child ? parent->first_child : TREE_UP(parent);
	tree_link_before(n->next, n);
	tree_link_after(n->prev, n);
}

void tree_walk_fix_unlink(struct tree_node *n);
void tree_walk_fix_replace(struct tree_node *from, struct tree_node *to);

/**
 * tree_unlink() - take @n out of its tree. Its children (with their subtrees) take its
 * place among its siblings, in their order, so that removing a node never loses what
 * hangs below it; @n is left a node of its own. Constant time.
 */
static inline void tree_unlink(struct tree_node *n)
{
	if (tree_walk_now.top)
		tree_walk_fix_unlink(n);
	struct tree_node *first = n->first_child ? n->first_child : n->next;
	struct tree_node *last = n->first_child ? n->last_child : n->prev;
	if (n->first_child) {
		first->prev = n->prev;
		last->next = n->next;
	}
	tree_link_after(n->prev, first);
	tree_link_before(n->next, last);
	tree_node_init(n);
}

/**
 * tree_parent() - @n's parent, or NULL at the top level. Linear in the number of
 * siblings after n (for checks and tests; the kernel's paths do not need it).
 */
static inline struct tree_node *tree_parent(const struct tree_node *n)
{
	while (!tree_is_up(n->next))
		n = n->next;
	return tree_up(n->next);
}

/**
 * tree_next_sibling() - the sibling after @n, or NULL.
 */
static inline struct tree_node *tree_next_sibling(const struct tree_node *n)
{
	return tree_is_up(n->next) ? NULL : n->next;
}

/**
 * tree_prev_sibling() - the sibling before @n, or NULL.
 */
static inline struct tree_node *tree_prev_sibling(const struct tree_node *n)
{
	return tree_is_up(n->prev) ? NULL : n->prev;
}

/**
 * tree_only_child_of() - the parent of @n if n is its only child, else NULL.
 */
static inline struct tree_node *tree_only_child_of(const struct tree_node *n)
{
	return tree_is_up(n->prev) && tree_is_up(n->next) ? tree_up(n->prev) : NULL;
}

/**
 * tree_alone() - is @n in no tree: no parent, no siblings, no children?
 */
static inline bool tree_alone(const struct tree_node *n)
{
	return !n->first_child && n->prev == TREE_UP(NULL) && n->next == TREE_UP(NULL);
}

void tree_replace(struct tree_node *from, struct tree_node *to);
bool tree_remove_below(struct tree_node *top, void (*remove)(struct tree_node *n),
		       bool (*stop)(void));
unsigned tree_walk_start(struct tree_node *top, void (*visit)(struct tree_node *n, uint32_t arg),
			 uint32_t arg);
bool tree_walk_run(bool (*stop)(void));
bool tree_walk_going(unsigned seq);

#endif
