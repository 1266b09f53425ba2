/* tree.c - linked trees: replacing a node, walks without recursion, the one suspendable walk. */
#include "lib/tree.h"

struct tree_walk tree_walk_now;
static unsigned walk_seq;

/**
 * tree_replace() - @to takes @from's place: its parent, its siblings and its
 * children (a grant moves a node to new memory). @to's links are overwritten;
 * @from is left a node of its own. Constant time.
 */
void tree_replace(struct tree_node *from, struct tree_node *to)
{
	if (tree_walk_now.top)
		tree_walk_fix_replace(from, to);
	*to = *from;
	tree_link_after(to->prev, to);
	tree_link_before(to->next, to);
	if (to->first_child) {
		to->first_child->prev = TREE_UP(to);
		to->last_child->next = TREE_UP(to);
	}
	tree_node_init(from);
}

/**
 * tree_remove_below() - take every node below @top out, calling @remove for each: it
 * gets the first child of @top and must take it out (tree_unlink(), which moves its
 * children up into its place), and may free it. @top stays. Without recursion and in
 * constant time per node, however deep or wide the tree; the progress is the tree
 * itself, so that a call that @stop (asked after each node) ended is simply repeated.
 * Return: true when nothing is left below @top, false if @stop ended it.
 */
bool tree_remove_below(struct tree_node *top, void (*remove)(struct tree_node *n),
		       bool (*stop)(void))
{
	while (top->first_child) {
		remove(top->first_child);
		if (top->first_child && stop && stop())
			return false;
	}
	return true;
}

/**
 * tree_walk_start() - begin the walk (tree_walk_now) that calls @visit(n, @arg) for
 * every node n below @top, in pre-order, once each; run it with tree_walk_run().
 * There is one such walk at a time: the caller first finishes one in progress.
 * Return: the walk's number, for tree_walk_going().
 */
unsigned tree_walk_start(struct tree_node *top, void (*visit)(struct tree_node *n, uint32_t arg),
			 uint32_t arg)
{
	struct tree_walk *w = &tree_walk_now;
	w->seq = ++walk_seq;
	w->top = top->first_child ? top : NULL;
	w->at = top->first_child;
	w->done_at = false;
	w->visit = visit;
	w->arg = arg;
	return w->seq;
}

/* One step of the walk: visit a node, or move on. False when it is over. */
static bool walk_step(struct tree_walk *w)
{
	struct tree_node *n = w->at;
	if (!w->done_at) {
		w->visit(n, w->arg);
		if (n->first_child)
			w->at = n->first_child;
		else
			w->done_at = true;
	} else if (n == w->top) {
		w->top = NULL;
		return false;
	} else if (!tree_is_up(n->next)) {
		w->at = n->next;
		w->done_at = false;
	} else if (!(w->at = tree_up(n->next))) {
		w->top = NULL; /* cannot be: the walk stays below its top */
		return false;
	}
	return true;
}

/**
 * tree_walk_run() - go on with the walk in progress until it is over, or until @stop
 * (asked after each step; NULL: never) says to stop; it then stays suspended where
 * it is.
 * Return: true when no walk is in progress any more.
 */
bool tree_walk_run(bool (*stop)(void))
{
	while (tree_walk_now.top) {
		if (!walk_step(&tree_walk_now))
			return true;
		if (stop && stop())
			return false;
	}
	return true;
}

/**
 * tree_walk_going() - is walk @seq (tree_walk_start()) still in progress?
 */
bool tree_walk_going(unsigned seq)
{
	return tree_walk_now.top && tree_walk_now.seq == seq;
}

/* The walk's position @n goes away without its subtree: on after it. */
static void walk_past(struct tree_walk *w, struct tree_node *n)
{
	w->done_at = tree_is_up(n->next);
	w->at = w->done_at ? tree_up(n->next) : n->next;
}

/**
 * tree_walk_fix_unlink() - @n is about to be taken out (tree_unlink()): keep the walk
 * in progress valid. Its children take its place: the walk goes on with them if it was
 * to visit n next, or after them if it had visited n's subtree. Taking out the node
 * the walk is below ends the walk.
 */
void tree_walk_fix_unlink(struct tree_node *n)
{
	struct tree_walk *w = &tree_walk_now;
	if (n == w->top)
		w->top = NULL;
	else if (n == w->at && !w->done_at && n->first_child)
		w->at = n->first_child;
	else if (n == w->at && w->done_at && n->last_child)
		w->at = n->last_child;
	else if (n == w->at)
		walk_past(w, n);
}

/**
 * tree_walk_fix_replace() - @to takes @from's place (tree_replace()): so in the walk.
 */
void tree_walk_fix_replace(struct tree_node *from, struct tree_node *to)
{
	if (tree_walk_now.top == from)
		tree_walk_now.top = to;
	if (tree_walk_now.at == from)
		tree_walk_now.at = to;
}
