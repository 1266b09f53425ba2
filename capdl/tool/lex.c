/* lex.c - the capDL lexer: bytes to tokens, with line:col, never reading past the text. */
#include <string.h>

#include "lex.h"

void lex_init(struct lexer *lx, const char *file, const char *text, size_t len, struct diag *d)
{
	lx->text = text;
	lx->len = len;
	lx->pos = 0;
	lx->line = 1;
	lx->col = 1;
	lx->file = file;
	lx->d = d;
}

static int peek(const struct lexer *lx, size_t ahead)
{
	if (lx->pos + ahead >= lx->len)
		return -1;
	return (unsigned char)lx->text[lx->pos + ahead];
}

static void advance(struct lexer *lx)
{
	if (lx->text[lx->pos] == '\n') {
		lx->line++;
		lx->col = 1;
	} else {
		lx->col++;
	}
	lx->pos++;
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void skip_space_and_comments(struct lexer *lx)
{
	for (;;) {
		int c = peek(lx, 0);
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			advance(lx);
		} else if (c == '#') {
			while (peek(lx, 0) != -1 && peek(lx, 0) != '\n')
				advance(lx);
		} else {
			return;
		}
	}
}

/* Skip the rest of a malformed token (letters and digits). */
static void skip_word(struct lexer *lx)
{
	while (is_alpha(peek(lx, 0)) || is_digit(peek(lx, 0)))
		advance(lx);
}

static void lex_number(struct lexer *lx, struct token *t)
{
	uint64_t v = 0;
	bool hex = peek(lx, 0) == '0' && (peek(lx, 1) == 'x' || peek(lx, 1) == 'X');
	unsigned base = hex ? 16 : 10, digits = 0;
	bool too_big = false;

	if (hex) {
		advance(lx);
		advance(lx);
	}
	for (;;) {
		int d =
		    hex ? hex_value(peek(lx, 0)) : (is_digit(peek(lx, 0)) ? peek(lx, 0) - '0' : -1);
		if (d < 0)
			break;
		v = v * base + (unsigned)d;
		if (v > UINT32_MAX) {
			too_big = true;
			v = UINT32_MAX;
		}
		digits++;
		advance(lx);
	}
	switch (peek(lx, 0)) {
	case 'K':
		v <<= 10;
		advance(lx);
		break;
	case 'M':
		v <<= 20;
		advance(lx);
		break;
	case 'G':
		v <<= 30;
		advance(lx);
		break;
	}
	if (digits == 0 || is_alpha(peek(lx, 0)) || is_digit(peek(lx, 0))) {
		skip_word(lx);
		diag_error(lx->d, t->loc, "malformed number");
		t->kind = TOK_ERROR;
		return;
	}
	if (too_big || v > UINT32_MAX) {
		diag_error(lx->d, t->loc, "number too large (more than 32 bits)");
		t->kind = TOK_ERROR;
		return;
	}
	t->kind = TOK_NUMBER;
	t->value = (uint32_t)v;
}

static void lex_string(struct lexer *lx, struct token *t)
{
	advance(lx); /* the opening quote */
	t->start = lx->text + lx->pos;
	for (;;) {
		int c = peek(lx, 0);
		if (c == '"')
			break;
		if (c == -1 || c == '\n' || c == '\0') {
			diag_error(lx->d, t->loc, "unterminated string");
			t->kind = TOK_ERROR;
			return;
		}
		advance(lx);
	}
	t->len = (size_t)(lx->text + lx->pos - t->start);
	advance(lx); /* the closing quote */
	t->kind = TOK_STRING;
}

static enum tok_kind punctuation(int c)
{
	switch (c) {
	case '{':
		return TOK_LBRACE;
	case '}':
		return TOK_RBRACE;
	case '=':
		return TOK_EQUALS;
	case '.':
		return TOK_DOT;
	default:
		return TOK_ERROR;
	}
}

void lex_next(struct lexer *lx, struct token *t)
{
	int c;

	skip_space_and_comments(lx);
	t->loc = (struct src_loc){lx->file, lx->line, lx->col};
	t->start = lx->text + lx->pos;
	t->len = 0;
	t->value = 0;
	c = peek(lx, 0);
	if (c == -1) {
		t->kind = TOK_EOF;
	} else if (is_alpha(c)) {
		while (is_alpha(peek(lx, 0)) || is_digit(peek(lx, 0)))
			advance(lx);
		t->kind = TOK_NAME;
		t->len = (size_t)(lx->text + lx->pos - t->start);
	} else if (is_digit(c)) {
		lex_number(lx, t);
	} else if (c == '"') {
		lex_string(lx, t);
	} else {
		advance(lx);
		t->kind = punctuation(c);
		t->len = 1;
		if (t->kind == TOK_ERROR) {
			if (c >= 0x21 && c < 0x7f)
				diag_error(lx->d, t->loc, "unexpected character '%c'", c);
			else
				diag_error(lx->d, t->loc, "unexpected byte 0x%02x", c);
		}
	}
}

bool tok_is(const struct token *t, const char *word)
{
	return t->kind == TOK_NAME && strlen(word) == t->len && memcmp(t->start, word, t->len) == 0;
}

const char *tok_describe(const struct token *t, char *buf, size_t size)
{
	switch (t->kind) {
	case TOK_EOF:
		return "end of file";
	case TOK_NAME:
		snprintf(buf, size, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->start);
		return buf;
	case TOK_NUMBER:
		return "a number";
	case TOK_STRING:
		return "a string";
	case TOK_LBRACE:
		return "'{'";
	case TOK_RBRACE:
		return "'}'";
	case TOK_EQUALS:
		return "'='";
	case TOK_DOT:
		return "'.'";
	default:
		return "a malformed token";
	}
}
