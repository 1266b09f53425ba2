/* test_cmdline.c - host tests of the kernel command line parser (kernel/cmdline.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/cmdline.h"

/* The command line in a heap buffer of exactly its size, so ASan sees any over-read. */
static bool has(const char *cmdline, const char *word)
{
	char *copy = malloc(strlen(cmdline) + 1);
	assert_non_null(copy);
	strcpy(copy, cmdline);
	bool r = cmdline_has(copy, word);
	free(copy);
	return r;
}

/* cmdline_value() into a buffer of exactly size bytes; the result or NULL. */
static const char *value(const char *cmdline, const char *key, size_t size)
{
	static char result[256];
	char *copy = malloc(strlen(cmdline) + 1);
	char *buf = malloc(size ? size : 1);
	assert_non_null(copy);
	assert_non_null(buf);
	strcpy(copy, cmdline);
	memset(buf, '#', size ? size : 1);
	bool r = cmdline_value(copy, key, buf, size);
	if (r) {
		assert_true(size > 0);
		assert_non_null(memchr(buf, 0, size));
		strcpy(result, buf);
	} else if (size) {
		/* Nothing is written on failure. */
		for (size_t i = 0; i < size; i++)
			assert_int_equal(buf[i], '#');
	}
	free(buf);
	free(copy);
	return r ? result : NULL;
}

static const char line[] = "console=ttyAMA0 semihosting  idle=exit test=kernel_fault quiet";

static void test_has_words(void **state)
{
	(void)state;
	assert_true(has(line, "semihosting"));
	assert_true(has(line, "quiet"));
	assert_true(has("quiet", "quiet"));
	assert_true(has("  quiet  ", "quiet"));
	/* A key=value option counts as one word, as a whole. */
	assert_true(has(line, "idle=exit"));
	assert_true(has(line, "console=ttyAMA0"));
	assert_true(has(line, "test=kernel_fault"));
	assert_false(has(line, "idle"));
	assert_false(has(line, "console"));
	assert_false(has(line, "test=kernel"));
	assert_false(has(line, "idle=exi"));
	assert_false(has(line, "idle=exit2"));
}

static void test_has_prefixes(void **state)
{
	(void)state;
	/* Prefixes and suffixes of words do not match. */
	assert_false(has(line, "semi"));
	assert_false(has(line, "hosting"));
	assert_false(has(line, "semihostingx"));
	assert_false(has(line, "qui"));
	assert_false(has(line, "quiet2"));
	assert_false(has("semihostingx", "semihosting"));
	assert_false(has("xsemihosting", "semihosting"));
	/* Only spaces separate words. */
	assert_false(has("a\tquiet", "quiet"));
	assert_false(has("semihosting,quiet", "quiet"));
	/* Words spanning two words do not match. */
	assert_false(has(line, "semihosting idle=exit"));
	/* Empty and missing command lines. */
	assert_false(has("", "quiet"));
	assert_false(has("   ", "quiet"));
	assert_false(cmdline_has(NULL, "quiet"));
}

static void test_value(void **state)
{
	(void)state;
	const char *v;
	v = value(line, "console", 64);
	assert_non_null(v);
	assert_string_equal(v, "ttyAMA0");
	v = value(line, "idle", 64);
	assert_non_null(v);
	assert_string_equal(v, "exit");
	v = value(line, "test", 64);
	assert_non_null(v);
	assert_string_equal(v, "kernel_fault");
	/* Empty values; values containing '='. */
	v = value("a= b=1", "a", 8);
	assert_non_null(v);
	assert_string_equal(v, "");
	v = value("a=", "a", 1);
	assert_non_null(v);
	assert_string_equal(v, "");
	v = value("opt=x=y", "opt", 8);
	assert_non_null(v);
	assert_string_equal(v, "x=y");
	/* The first occurrence wins; plain words of the same name are skipped. */
	v = value("debug x=1 debug=3 x=2", "x", 8);
	assert_non_null(v);
	assert_string_equal(v, "1");
	v = value("debug x=1 debug=3 x=2", "debug", 8);
	assert_non_null(v);
	assert_string_equal(v, "3");
}

static void test_value_non_matches(void **state)
{
	(void)state;
	/* A word without '=' has no value. */
	assert_null(value(line, "semihosting", 64));
	assert_null(value(line, "quiet", 64));
	/* Keys must match whole. */
	assert_null(value(line, "consol", 64));
	assert_null(value(line, "console=tty", 64));
	assert_null(value(line, "onsole", 64));
	assert_null(value(line, "idle=", 64));
	const char *v = value("xx=1 x=2", "x", 8);
	assert_non_null(v);
	assert_string_equal(v, "2");
	v = value("x2=1 x=2", "x", 8);
	assert_non_null(v);
	assert_string_equal(v, "2");
	assert_null(value("xx=1", "x", 8));
	assert_null(value("", "x", 8));
	assert_null(value("   ", "x", 8));
	char buf[8];
	assert_false(cmdline_value(NULL, "x", buf, sizeof(buf)));
}

static void test_value_too_long(void **state)
{
	(void)state;
	/* "ttyAMA0" needs 8 bytes with its NUL. */
	assert_null(value(line, "console", 0));
	assert_null(value(line, "console", 1));
	assert_null(value(line, "console", 7));
	const char *v = value(line, "console", 8);
	assert_non_null(v);
	assert_string_equal(v, "ttyAMA0");
	/* The value ends at the next space, also when cut short by the buffer. */
	assert_null(value("k=abcdef rest", "k", 6));
	v = value("k=abcdef rest", "k", 7);
	assert_non_null(v);
	assert_string_equal(v, "abcdef");
	/* An empty value fits in one byte but not in none. */
	assert_null(value("k=", "k", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_has_words),	   cmocka_unit_test(test_has_prefixes),
	    cmocka_unit_test(test_value),	   cmocka_unit_test(test_value_non_matches),
	    cmocka_unit_test(test_value_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
