/* timeout.c - the L4 timeout encoding and the balanced tree of pending deadlines. */
#include "sched/timeout.h"

/**
 * timeout_decode_relative() - classify a 16-bit timeout; for a relative one store
 * mantissa << exponent microseconds in *us.
 */
int timeout_decode_relative(uint16_t t, time_us_t *us)
{
	if (t == 0)
		return TIMEOUT_NEVER;
	if (t & TIMEOUT_ABSOLUTE)
		return TIMEOUT_INVALID;
	uint64_t mantissa = t & 0x3ff;
	unsigned exponent = (t >> 10) & 0x1f;
	if (mantissa == 0)
		return TIMEOUT_ZERO;
	*us = mantissa << exponent;
	return TIMEOUT_RELATIVE;
}

/**
 * timeout_deadline() - when a blocking operation with timeout @t, starting at @now,
 * ends. An absolute timeout takes the time (microseconds since boot, 64 bits, low
 * word first) from buffer registers i and i + 1 of @br (@nbr of them), i = bits 0-5
 * of @t; registers beyond @nbr read as 0 (a time long past).
 * Return: TIMEOUT_NEVER, TIMEOUT_ZERO (do not block: zero, or already due), or
 * TIMEOUT_AT with the deadline in *at.
 */
int timeout_deadline(uint16_t t, const uint32_t *br, unsigned nbr, time_us_t now, time_us_t *at)
{
	time_us_t us;
	if (t & TIMEOUT_ABSOLUTE) {
		unsigned i = TIMEOUT_ABS_BR(t);
		us = i + 1 < nbr ? (uint64_t)br[i + 1] << 32 | br[i] : 0;
		if (us <= now)
			return TIMEOUT_ZERO;
		*at = us;
		return TIMEOUT_AT;
	}
	int kind = timeout_decode_relative(t, &us);
	if (kind != TIMEOUT_RELATIVE)
		return kind;
	*at = now + us;
	return TIMEOUT_AT;
}

static int height(const struct timeout *n)
{
	return n ? n->height : 0;
}

static void update_height(struct timeout *n)
{
	int l = height(n->left), r = height(n->right);
	n->height = 1 + (l > r ? l : r);
}

/* @parent's link to @old (the root's, without a parent) leads to @new now. */
static void replace_child(struct timeout_list *l, struct timeout *parent, struct timeout *old,
			  struct timeout *new)
{
	if (!parent)
		l->root = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
	if (new)
		new->parent = parent;
}

/* Rotations keep the in-order sequence, so equal deadlines keep their order. */
static struct timeout *rotate_left(struct timeout_list *l, struct timeout *x)
{
	struct timeout *y = x->right;
	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	replace_child(l, x->parent, x, y);
	y->left = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

static struct timeout *rotate_right(struct timeout_list *l, struct timeout *x)
{
	struct timeout *y = x->left;
	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	replace_child(l, x->parent, x, y);
	y->right = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

/* Restore the balance from @n up to the root: a loop, never recursion. */
static void rebalance(struct timeout_list *l, struct timeout *n)
{
	for (; n; n = n->parent) {
		update_height(n);
		int balance = height(n->left) - height(n->right);
		if (balance > 1) {
			if (height(n->left->left) < height(n->left->right))
				rotate_left(l, n->left);
			n = rotate_right(l, n);
		} else if (balance < -1) {
			if (height(n->right->right) < height(n->right->left))
				rotate_right(l, n->right);
			n = rotate_left(l, n);
		}
	}
}

/* The node after @n in deadline order, or NULL. */
static struct timeout *successor(struct timeout *n)
{
	if (n->right) {
		n = n->right;
		while (n->left)
			n = n->left;
		return n;
	}
	while (n->parent && n->parent->right == n)
		n = n->parent;
	return n->parent;
}

/**
 * timeout_add() - queue @t to expire at @at (> 0), behind those due at the same time.
 * A node already queued is moved. Logarithmic in the number queued.
 */
void timeout_add(struct timeout_list *l, struct timeout *t, time_us_t at)
{
	timeout_remove(l, t);
	struct timeout *parent = NULL, **link = &l->root;
	while (*link) {
		parent = *link;
		link = at < parent->at ? &parent->left : &parent->right;
	}
	t->at = at;
	t->left = t->right = NULL;
	t->height = 1;
	t->parent = parent;
	*link = t;
	if (!l->first || at < l->first->at)
		l->first = t;
	rebalance(l, parent);
}

/**
 * timeout_remove() - take @t out (nothing happens if it is not queued).
 */
void timeout_remove(struct timeout_list *l, struct timeout *t)
{
	if (!timeout_pending(t))
		return;
	if (l->first == t)
		l->first = successor(t);
	struct timeout *start;
	if (t->left && t->right) {
		/* Its successor, which has no left child, takes its place. */
		struct timeout *s = t->right;
		while (s->left)
			s = s->left;
		if (s->parent == t) {
			start = s;
		} else {
			start = s->parent;
			s->parent->left = s->right;
			if (s->right)
				s->right->parent = s->parent;
			s->right = t->right;
			t->right->parent = s;
		}
		s->left = t->left;
		t->left->parent = s;
		replace_child(l, t->parent, t, s);
	} else {
		start = t->parent;
		replace_child(l, t->parent, t, t->left ? t->left : t->right);
	}
	rebalance(l, start);
	t->at = 0;
	t->left = t->right = t->parent = NULL;
	t->height = 0;
}

/**
 * timeout_expired() - take the first node due at @now or earlier out.
 * Return: the node, or NULL if none is due.
 */
struct timeout *timeout_expired(struct timeout_list *l, time_us_t now)
{
	struct timeout *t = l->first;
	if (!t || t->at > now)
		return NULL;
	timeout_remove(l, t);
	return t;
}
