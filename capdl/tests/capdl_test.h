/* capdl_test.h - helpers of the capdl host tests: parse and check text, compare diagnostics. */
#ifndef CAPDL_TEST_H
#define CAPDL_TEST_H

#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "spec.h"
#include "tool.h"

/* Diagnostic @i formatted as the tool prints it ("t.cdl:1:2: error: ..."), into @buf. */
static inline const char *diag_line(const struct diag *d, size_t i, char *buf, size_t size)
{
	const struct diag_msg *m = &d->msgs[i];

	snprintf(buf, size, "%s:%u:%u: %s: %s", m->loc.file, m->loc.line, m->loc.col,
		 m->kind == DIAG_ERROR ? "error" : "warning", m->text);
	return buf;
}

/* Parse (and, without syntax errors, check) @text as "t.cdl"; the spec, diagnostics in @d. */
static inline struct spec *load_text(const char *text, const struct check_opts *o, struct diag *d)
{
	struct spec *s;

	diag_init(d);
	s = spec_parse("t.cdl", text, strlen(text), d);
	assert_non_null(s);
	if (d->errors == 0)
		spec_check(s, o, d);
	return s;
}

/* @text gives exactly one diagnostic, @want (printed on a mismatch with all of them). */
static inline void expect_one_diag(const char *text, const struct check_opts *o, const char *want)
{
	struct diag d;
	struct spec *s = load_text(text, o, &d);
	char buf[600];

	if (d.count != 1 || strcmp(diag_line(&d, 0, buf, sizeof(buf)), want) != 0) {
		print_error("spec:\n%s\nwant: %s\ngot %zu:\n", text, want, d.count);
		for (size_t i = 0; i < d.count; i++)
			print_error("  %s\n", diag_line(&d, i, buf, sizeof(buf)));
		fail();
	}
	spec_free(s);
	diag_free(&d);
}

/* @text parses and checks without any diagnostic; the spec (caller frees). */
static inline struct spec *expect_clean(const char *text, const struct check_opts *o)
{
	struct diag d;
	struct spec *s = load_text(text, o, &d);
	char buf[600];

	if (d.count != 0) {
		print_error("spec:\n%s\n", text);
		for (size_t i = 0; i < d.count; i++)
			print_error("  %s\n", diag_line(&d, i, buf, sizeof(buf)));
		fail();
	}
	diag_free(&d);
	return s;
}

/* A file's bytes (malloc'd, NUL-terminated), or a failed test. */
static inline char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

#endif
