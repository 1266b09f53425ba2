/* line.c - the console's line discipline: pure logic over one typed byte at a time. */
#include "line.h"
#include <string.h>

#define CHAR_DEL 0x7f

const l4_vcon_attr_t line_default_attr = {
    .i_flags = L4_VCON_ICRNL, .o_flags = L4_VCON_ONLCR, .l_flags = L4_VCON_ICANON | L4_VCON_ECHO};

void line_put_term(line_put_fn *put, char c)
{
	if (c == '\n')
		put('\r');
	put(c);
}

void line_put_output(line_put_fn *put, const l4_vcon_attr_t *attr, char c)
{
	l4_umword_t o = attr->o_flags;
	if (c == '\n' && (o & L4_VCON_ONLCR))
		put('\r');
	if (c == '\r' && (o & L4_VCON_OCRNL))
		c = '\n';
	if (c == '\r' && (o & L4_VCON_ONLRET))
		return;
	put(c);
}

static void echo(line_put_fn *put, const l4_vcon_attr_t *attr, char c)
{
	if (attr->l_flags & L4_VCON_ECHO)
		line_put_term(put, c);
}

/* Raw mode: @c is readable at once, after the input flags' CR/NL translation. */
static unsigned raw_input(const l4_vcon_attr_t *attr, char c, line_put_fn *put, char *ready)
{
	l4_umword_t i = attr->i_flags;
	if (c == '\r' && (i & L4_VCON_IGNCR))
		return 0;
	if (c == '\r' && (i & L4_VCON_ICRNL))
		c = '\n';
	else if (c == '\n' && (i & L4_VCON_INLCR))
		c = '\r';
	echo(put, attr, c);
	ready[0] = c;
	return 1;
}

/* Erase the last character of @l, on the terminal too (back, blank, back). */
static void erase(struct line *l, const l4_vcon_attr_t *attr, line_put_fn *put)
{
	if (!l->len)
		return;
	l->len--;
	if (attr->l_flags & L4_VCON_ECHO) {
		put('\b');
		put(' ');
		put('\b');
	}
}

/* Canonical mode: line editing of @c. Terminals send CR, CR LF or LF for Enter: the
 * LF right after a CR ends no second (empty) line. */
static unsigned canonical_input(struct line *l, const l4_vcon_attr_t *attr, char c,
				line_put_fn *put, char *ready)
{
	bool cr = c == '\r';
	if (c == '\n' && l->last_was_cr) {
		l->last_was_cr = false;
		return 0;
	}
	l->last_was_cr = cr;
	if (cr || c == '\n') {
		echo(put, attr, '\n');
		l->buf[l->len++] = '\n'; /* LINE_EDIT_MAX leaves room for it */
		unsigned n = l->len;
		memcpy(ready, l->buf, n);
		l->len = 0;
		return n;
	}
	if (c == CHAR_DEL || c == '\b') {
		erase(l, attr, put);
	} else if ((unsigned char)c >= 0x20 && l->len < LINE_EDIT_MAX - 1) {
		/* Other control characters are dropped; bytes from 0x80 (UTF-8) are kept,
		 * whether char is signed (hosts) or not (ARM). */
		l->buf[l->len++] = c;
		echo(put, attr, c);
	}
	return 0;
}

unsigned line_input(struct line *l, const l4_vcon_attr_t *attr, char c, line_put_fn *put,
		    char *ready)
{
	if (attr->l_flags & L4_VCON_ICANON)
		return canonical_input(l, attr, c, put, ready);
	return raw_input(attr, c, put, ready);
}
