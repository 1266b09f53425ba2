/* line.h - the console's line discipline: editing, echo, CR/NL translation (vcon attributes). */
#ifndef CONSOLE_LINE_H
#define CONSOLE_LINE_H

#include <l4/sys/abi/vcon.h>
#include <stdbool.h>

/* The longest line being edited, its ending NL included. */
#define LINE_EDIT_MAX 128

/* Sends one byte to the terminal as it is (the UART's transmitter). */
typedef void line_put_fn(char c);

/* The line being edited: typed input waits here until Enter in canonical mode. */
struct line {
	char buf[LINE_EDIT_MAX];
	unsigned len;
	bool last_was_cr; /* so that the LF of a CR LF does not end a second line */
};

/* What a session has before it sets attributes: line editing with echo, CR ends a
 * line as NL, NL goes out as CR NL (what the console did before it had attributes). */
extern const l4_vcon_attr_t line_default_attr;

/**
 * line_put_term() - send @c for the terminal (echo, tags): NL as CR NL.
 * @put: the terminal.
 */
void line_put_term(line_put_fn *put, char c);

/**
 * line_put_output() - send output byte @c of a session whose attributes are @attr,
 * translated by its output flags (ONLCR, OCRNL, ONLRET).
 * @put: the terminal.
 */
void line_put_output(line_put_fn *put, const l4_vcon_attr_t *attr, char c);

/**
 * line_input() - typed character @c for a session with attributes @attr, through
 * the line discipline: in canonical mode (ICANON) it edits @l (backspace and DEL
 * erase, CR or NL ends the line, CR LF counts once, a full line takes no more
 * characters); in raw mode it is readable at once after the input flags' CR/NL
 * translation (IGNCR, ICRNL, INLCR). With ECHO it is echoed to @put.
 * @ready: gets the bytes that became readable (room for LINE_EDIT_MAX).
 * Return: how many bytes became readable (0: none yet).
 */
unsigned line_input(struct line *l, const l4_vcon_attr_t *attr, char c, line_put_fn *put,
		    char *ready);

#endif
