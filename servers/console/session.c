/* session.c - the console's vcon sessions: tags, output by lines, input, focus, reclaim. */
#include "session.h"
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <string.h>

static struct session sessions[SESSION_MAX];
static line_put_fn *term;
static l4_umword_t first_label;
static unsigned long focus_clock; /* counts creates and binds, for focus_stamp */
/* The line being edited, for the focused session (it goes wherever the focus goes). */
static struct line line;
static char early[SESSION_IN_MAX]; /* typed while no session listened: for the first that does */
static unsigned early_len;

void session_init(line_put_fn *put, l4_umword_t label0)
{
	term = put;
	first_label = label0;
}

/* Print session @s's buffered line, with "[tag] " in front. */
static void flush(struct session *s)
{
	if (s->tag[0]) {
		line_put_term(term, '[');
		for (const char *t = s->tag; *t; t++)
			line_put_term(term, *t);
		line_put_term(term, ']');
		line_put_term(term, ' ');
	}
	for (unsigned i = 0; i < s->out_len; i++)
		line_put_output(term, &s->attr, s->out[i]);
	s->out_len = 0;
}

void session_write(struct session *s, const char *bytes, unsigned long size)
{
	for (unsigned long i = 0; i < size; i++) {
		s->out[s->out_len++] = bytes[i];
		if (bytes[i] == '\n' || s->out_len == SESSION_OUT_MAX)
			flush(s);
	}
	/* Without a tag to put in front of lines, nothing waits for the end of one: a
	 * prompt shows at once. */
	if (!s->tag[0] && s->out_len)
		flush(s);
}

void session_unbind(struct session *s)
{
	if (l4_is_valid_cap(s->notify))
		l4re_util_cap_free_um(s->notify);
	s->notify = L4_INVALID_CAP;
}

/* Free session @s: its gate (and so the client's copies) and its IRQ go. */
static void session_free(struct session *s)
{
	session_unbind(s);
	l4_task_delete_obj(L4_BASE_TASK_CAP, s->gate);
	l4re_util_cap_free(s->gate);
	s->used = false;
}

void session_reclaim(void)
{
	for (unsigned i = 0; i < SESSION_MAX; i++)
		if (sessions[i].used &&
		    l4_error(l4_task_cap_has_child(L4_BASE_TASK_CAP, sessions[i].gate)) == 0)
			session_free(&sessions[i]);
}

/* Does @a come before @b for the focus? A bound session before an unbound one, then
 * the later create or bind. */
static bool focus_before(const struct session *a, const struct session *b)
{
	bool a_bound = l4_is_valid_cap(a->notify), b_bound = l4_is_valid_cap(b->notify);
	if (a_bound != b_bound)
		return a_bound;
	return a->focus_stamp > b->focus_stamp;
}

struct session *session_focused(void)
{
	struct session *best = NULL;
	for (unsigned i = 0; i < SESSION_MAX; i++)
		if (sessions[i].used && (!best || focus_before(&sessions[i], best)))
			best = &sessions[i];
	return best;
}

/* Make @n bytes readable on session @s (what does not fit is lost). */
static void add_input(struct session *s, const char *bytes, unsigned n)
{
	if (s->in_len + n > SESSION_IN_MAX)
		return;
	memcpy(s->in + s->in_len, bytes, n);
	s->in_len += n;
}

/* Edit and echo @c by @s's attributes; what is ready becomes its input. */
static bool type_into(struct session *s, char c)
{
	char ready[LINE_EDIT_MAX];
	unsigned n = line_input(&line, &s->attr, c, term, ready);
	add_input(s, ready, n);
	return n != 0;
}

bool session_type(struct session *s, char c)
{
	if (!s || l4_is_invalid_cap(s->notify)) { /* nobody listens yet: kept aside */
		if (early_len < SESSION_IN_MAX)
			early[early_len++] = c;
		return false;
	}
	return type_into(s, c);
}

void session_notify(const struct session *s)
{
	if (l4_is_valid_cap(s->notify))
		l4_irq_trigger(s->notify);
}

static void take_early_input(struct session *s);

unsigned long session_read(struct session *s, char *buf, unsigned long max)
{
	if (l4_is_invalid_cap(s->notify))
		take_early_input(s); /* a reader that polls: it listens too */
	unsigned long n = max < s->in_len ? max : s->in_len;
	memcpy(buf, s->in, n);
	s->in_len -= (unsigned)n;
	memmove(s->in, s->in + n, s->in_len);
	return n;
}

void session_bind(struct session *s, l4_cap_idx_t irq)
{
	session_unbind(s);
	s->notify = irq;
	s->focus_stamp = ++focus_clock;
	take_early_input(s);
	if (s->in_len)
		l4_irq_trigger(s->notify);
}

/* A free session slot (reclaiming abandoned sessions if need be), or NULL. */
static struct session *free_slot(void)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < SESSION_MAX; i++)
			if (!sessions[i].used)
				return &sessions[i];
		session_reclaim();
	}
	return NULL;
}

/* Give what was typed while no session listened to @s, the first that does (it binds
 * its IRQ, or reads). */
static void take_early_input(struct session *s)
{
	for (unsigned i = 0; i < early_len; i++)
		type_into(s, early[i]);
	early_len = 0;
}

struct session *session_open(const char *tag)
{
	struct session *s = free_slot();
	if (!s)
		return NULL;
	l4_umword_t label = first_label + 4 * (l4_umword_t)(s - sessions);
	s->gate = l4re_util_cap_alloc();
	if (l4_error(l4_factory_create_gate(l4re_env()->factory, s->gate, l4re_env()->main_thread,
					    label)) < 0) {
		l4re_util_cap_free(s->gate);
		return NULL;
	}
	s->used = true;
	s->out_len = 0;
	s->in_len = 0;
	s->attr = line_default_attr;
	s->notify = L4_INVALID_CAP;
	s->focus_stamp = ++focus_clock;
	strncpy(s->tag, tag, SESSION_TAG_MAX);
	s->tag[SESSION_TAG_MAX] = 0;
	return s;
}

struct session *session_of_label(l4_umword_t label)
{
	if (label < first_label)
		return NULL;
	l4_umword_t i = (label - first_label) / 4;
	return i < SESSION_MAX && sessions[i].used ? &sessions[i] : NULL;
}
