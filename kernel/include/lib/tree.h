/* tree.h - the linked tree the capability derivation tree and the mapping database share. */
#ifndef KEEL_TREE_H
#define KEEL_TREE_H

#include "types.h"

/*
 * A node links to its parent, its first child and its siblings (both ways), so that
 * it can be taken out without searching, and a subtree can be walked without
 * recursion or a stack: the walks climb back up through the parent links, which
 * matters because users build these trees, as deep as they like. A root has no
 * parent and no siblings. The node is embedded in what the tree orders (struct cap,
 * struct mapping), which gets back to itself by subtracting the member's offset.
 * Linking in and taking out are inline: they are on the path of every page mapped
 * and unmapped, where a call costs more than they do.
 */
struct tree_node {
	struct tree_node *parent;
	struct tree_node *first_child;
	struct tree_node *next_sibling;
	struct tree_node *prev_sibling;
};

/**
 * tree_node_init() - make @n a root with no children.
 */
static inline void tree_node_init(struct tree_node *n)
{
	n->parent = n->first_child = n->next_sibling = n->prev_sibling = NULL;
}

/**
 * tree_add_child() - link @n, with whatever is below it, in as @parent's first
 * child; with @parent NULL, @n becomes a root (roots have no siblings).
 * @n must not be in a tree (its parent and sibling links are overwritten).
 */
static inline void tree_add_child(struct tree_node *parent, struct tree_node *n)
{
	n->parent = parent;
	n->prev_sibling = NULL;
	n->next_sibling = parent ? parent->first_child : NULL;
	if (n->next_sibling)
		n->next_sibling->prev_sibling = n;
	if (parent)
		parent->first_child = n;
}

/**
 * tree_unlink() - take @n out of its tree. Its children (with their subtrees) move
 * up to n's parent, or become roots, so that removing a node never loses what
 * hangs below it; @n is left a root with no children.
 */
static inline void tree_unlink(struct tree_node *n)
{
	struct tree_node *child = n->first_child;
	while (child) {
		struct tree_node *next = child->next_sibling;
		tree_add_child(n->parent, child);
		child = next;
	}
	n->first_child = NULL;
	if (n->prev_sibling)
		n->prev_sibling->next_sibling = n->next_sibling;
	else if (n->parent)
		n->parent->first_child = n->next_sibling;
	if (n->next_sibling)
		n->next_sibling->prev_sibling = n->prev_sibling;
	n->parent = n->next_sibling = n->prev_sibling = NULL;
}

void tree_replace(struct tree_node *from, struct tree_node *to);
struct tree_node *tree_walk_next(const struct tree_node *top, struct tree_node *n);
struct tree_node *tree_walk_skip(const struct tree_node *top, struct tree_node *n);
void tree_remove_below(struct tree_node *top, void (*remove)(struct tree_node *leaf));

#endif
