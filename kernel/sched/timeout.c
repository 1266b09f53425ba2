/* timeout.c - the L4 timeout encoding and the sorted list of pending deadlines. */
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

/**
 * timeout_add() - queue @t to expire at @at (> 0), behind those due at the same time.
 * A node already queued is moved.
 */
void timeout_add(struct timeout_list *l, struct timeout *t, time_us_t at)
{
	timeout_remove(l, t);
	struct timeout *prev = NULL, *cur = l->first;
	while (cur && cur->at <= at) {
		prev = cur;
		cur = cur->next;
	}
	t->at = at;
	t->prev = prev;
	t->next = cur;
	if (cur)
		cur->prev = t;
	if (prev)
		prev->next = t;
	else
		l->first = t;
}

/**
 * timeout_remove() - take @t off the list (nothing happens if it is not queued).
 */
void timeout_remove(struct timeout_list *l, struct timeout *t)
{
	if (!timeout_pending(t))
		return;
	if (t->prev)
		t->prev->next = t->next;
	else
		l->first = t->next;
	if (t->next)
		t->next->prev = t->prev;
	t->at = 0;
	t->next = t->prev = NULL;
}

/**
 * timeout_expired() - take the first node due at @now or earlier off the list.
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
