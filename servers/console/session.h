/* session.h - the console's vcon sessions: tags, output by lines, input, focus, reclaim. */
#ifndef CONSOLE_SESSION_H
#define CONSOLE_SESSION_H

#include "line.h"
#include <l4/sys/types.h>
#include <stdbool.h>

#define SESSION_MAX	8
#define SESSION_TAG_MAX 16
#define SESSION_OUT_MAX 160
#define SESSION_IN_MAX	512

/* One client's session. The protocol code reads it and sets its attributes; the
 * functions below do everything else. */
struct session {
	bool used;
	char tag[SESSION_TAG_MAX + 1];
	char out[SESSION_OUT_MAX]; /* the line being written, printed when complete */
	unsigned out_len;
	char in[SESSION_IN_MAX]; /* typed input for this session, readable */
	unsigned in_len;
	l4_vcon_attr_t attr;
	unsigned long focus_stamp; /* when created or last bound: orders the focus */
	l4_cap_idx_t gate;
	l4_cap_idx_t notify; /* IRQ bound to line 0 of the session, or invalid */
};

/**
 * session_init() - sessions print to the terminal @term; session @i's gate gets the
 * label @label0 + 4 * @i (the low two bits carry the sender's rights).
 */
void session_init(line_put_fn *term, l4_umword_t label0);

/**
 * session_open() - a new session tagged @tag (up to SESSION_TAG_MAX characters) in a
 * free slot, abandoned sessions reclaimed if need be; its gate in ->gate, bound to
 * this thread. The newest session takes the focus, and what was typed before any
 * session existed is its input.
 * Return: the session, or NULL (no slot, or no kernel memory for the gate).
 */
struct session *session_open(const char *tag);

/**
 * session_of_label() - the session whose gate has @label (rights bits cleared), or
 * NULL.
 */
struct session *session_of_label(l4_umword_t label);

/**
 * session_write() - write @size bytes of @s. Output is kept per session until a
 * line is complete (or the buffer full), then printed with "[tag] " in front and
 * translated by the session's output flags, so clients' lines never mix.
 */
void session_write(struct session *s, const char *bytes, unsigned long size);

/**
 * session_read() - take up to @max bytes of @s's input into @buf.
 * Return: how many bytes were taken (->in_len says what is left).
 */
unsigned long session_read(struct session *s, char *buf, unsigned long max);

/**
 * session_bind() - @irq (a capability the session now owns) is @s's line 0: it is
 * triggered when input becomes readable, and @s takes the focus. Input already
 * waiting triggers it at once.
 */
void session_bind(struct session *s, l4_cap_idx_t irq);

/**
 * session_unbind() - forget @s's IRQ (the capability goes, and the focus with it).
 */
void session_unbind(struct session *s);

/**
 * session_reclaim() - free the sessions nobody can reach any more: the server is
 * not told when a client drops its capability, but the kernel knows whether our
 * gate capability still has copies derived from it (the ones mapped to clients).
 */
void session_reclaim(void);

/**
 * session_focused() - the session typed input goes to: a bound session before an
 * unbound one, then the latest create or bind. NULL if there is none.
 */
struct session *session_focused(void);

/**
 * session_type() - character @c was typed for @s (the focused session, or NULL if
 * there is none). While @s (or no session) has an IRQ bound, nobody listens: it is
 * kept for the first session that binds one or reads, so that what is typed while the
 * system starts reaches the program that reads it, not a session that only writes.
 * Return: whether @s has new input to read.
 */
bool session_type(struct session *s, char c);

/**
 * session_notify() - tell @s that it has new input, through its IRQ if bound.
 */
void session_notify(const struct session *s);

#endif
