/* timeout.h - L4 timeouts (16 bits: mantissa 0-9, exponent 10-14, absolute 15) and deadlines. */
#ifndef KEEL_TIMEOUT_H
#define KEEL_TIMEOUT_H

#include "types.h"

enum timeout_kind {
	TIMEOUT_NEVER,
	TIMEOUT_ZERO,	  /* do not block: a zero timeout, or an absolute one already due */
	TIMEOUT_RELATIVE, /* timeout_decode_relative(): *us from now */
	TIMEOUT_INVALID,  /* timeout_decode_relative(): an absolute timeout */
	TIMEOUT_AT,	  /* timeout_deadline(): block until *at */
};

/* Absolute timeouts: bits 0-5 name the buffer register holding the 64-bit time. */
#define TIMEOUT_ABSOLUTE  0x8000u
#define TIMEOUT_ABS_BR(t) ((t)&0x3fu)

int timeout_decode_relative(uint16_t t, time_us_t *us);
int timeout_deadline(uint16_t t, const uint32_t *br, unsigned nbr, time_us_t now, time_us_t *at);

/*
 * Pending deadlines, in a balanced binary tree (AVL) ordered by deadline, equal ones
 * in the order they came; the first (leftmost) is kept at hand. Why a tree: a sorted
 * list costs the number of sleeping threads per insert, which a task chooses; the
 * tree costs their logarithm. A node's @at is 0 while it is in no tree (a deadline is
 * never 0: it is later than some "now").
 */
struct timeout {
	time_us_t at;
	struct timeout *left, *right, *parent;
	int height; /* of its subtree: 1 for a leaf */
};

struct timeout_list {
	struct timeout *root;
	struct timeout *first;
};

void timeout_add(struct timeout_list *l, struct timeout *t, time_us_t at);
void timeout_remove(struct timeout_list *l, struct timeout *t);
struct timeout *timeout_expired(struct timeout_list *l, time_us_t now);

static inline bool timeout_pending(const struct timeout *t)
{
	return t->at != 0;
}

/* The earliest deadline, or TIME_NEVER. */
#define TIME_NEVER (~(time_us_t)0)
static inline time_us_t timeout_next_deadline(const struct timeout_list *l)
{
	return l->first ? l->first->at : TIME_NEVER;
}

#endif
