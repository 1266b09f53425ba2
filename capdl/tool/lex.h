/* lex.h - the capDL lexer: tokens of a spec's text (names, numbers, strings, punctuation). */
#ifndef CAPDL_LEX_H
#define CAPDL_LEX_H

#include "spec.h"

enum tok_kind {
	TOK_EOF,
	TOK_NAME,   /* [A-Za-z_][A-Za-z0-9_]* */
	TOK_NUMBER, /* decimal or 0x hex, optional K/M/G: value */
	TOK_STRING, /* "...": start/len are the bytes between the quotes */
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_EQUALS,
	TOK_DOT,
	TOK_ERROR, /* a malformed token (already reported) */
};

struct token {
	enum tok_kind kind;
	struct src_loc loc;
	const char *start; /* the token's text (for names and strings) */
	size_t len;
	uint32_t value; /* TOK_NUMBER */
};

struct lexer {
	const char *text;
	size_t len, pos;
	uint32_t line, col;
	const char *file;
	struct diag *d;
};

void lex_init(struct lexer *lx, const char *file, const char *text, size_t len, struct diag *d);
/* The next token; malformed input gives TOK_ERROR after reporting it into lx->d. */
void lex_next(struct lexer *lx, struct token *t);
/* True if the token is the name @word. */
bool tok_is(const struct token *t, const char *word);
/* "name 'x'", "number", "string", "'{'", "end of file" for messages. */
const char *tok_describe(const struct token *t, char *buf, size_t size);

#endif
