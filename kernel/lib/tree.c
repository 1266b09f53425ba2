/* tree.c - linked trees: replacing a node, and walks that need no recursion. */
#include "lib/tree.h"

/**
 * tree_replace() - @to takes @from's place: its parent, its siblings and its
 * children (a grant moves a node to new memory). @to's links are overwritten;
 * @from is left a root with no children.
 */
void tree_replace(struct tree_node *from, struct tree_node *to)
{
	*to = *from;
	if (to->prev_sibling)
		to->prev_sibling->next_sibling = to;
	else if (to->parent)
		to->parent->first_child = to;
	if (to->next_sibling)
		to->next_sibling->prev_sibling = to;
	for (struct tree_node *c = to->first_child; c; c = c->next_sibling)
		c->parent = to;
	tree_node_init(from);
}

/**
 * tree_walk_next() - the node after @n in a pre-order walk of the subtree below
 * @top (@top itself excluded), or NULL at its end. Start with @top's first child.
 * Constant stack, and linear in the subtree's size over the whole walk.
 */
struct tree_node *tree_walk_next(const struct tree_node *top, struct tree_node *n)
{
	if (n->first_child)
		return n->first_child;
	return tree_walk_skip(top, n);
}

/**
 * tree_walk_skip() - like tree_walk_next(), but past what is below @n: the next node
 * of the walk below @top that is not in n's subtree, or NULL at the end.
 */
struct tree_node *tree_walk_skip(const struct tree_node *top, struct tree_node *n)
{
	while (n != top && !n->next_sibling)
		n = n->parent;
	return n == top ? NULL : n->next_sibling;
}

/**
 * tree_remove_below() - take every node below @top out, leaves first, calling
 * @remove for each: it gets a leaf and must unlink it (tree_unlink()), and may free
 * it. @top stays. Without recursion: after a leaf the walk goes on from its parent,
 * so the whole is linear in the subtree's size, however deep it is.
 */
void tree_remove_below(struct tree_node *top, void (*remove)(struct tree_node *leaf))
{
	struct tree_node *n = top;
	while (top->first_child) {
		while (n->first_child)
			n = n->first_child;
		struct tree_node *parent = n->parent;
		remove(n);
		n = parent;
	}
}
