/* test_printk.c - host tests of the kernel's formatted output (kernel/printk.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/printk.h"

/* Format into a buffer, check the text and the returned length. */
#define EXPECT(want, ...)                                                                          \
	do {                                                                                       \
		char buf_[256];                                                                    \
		memset(buf_, 'X', sizeof(buf_));                                                   \
		int n_ = ksnprintf(buf_, sizeof(buf_), __VA_ARGS__);                               \
		assert_string_equal(buf_, want);                                                   \
		assert_int_equal(n_, strlen(want));                                                \
	} while (0)

/* kvsnprintf without the compiler's format checking, for formats it would reject. */
static int raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_plain(void **state)
{
	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello, world", "hello, world");
	EXPECT("100%", "100%%");
	EXPECT("a%b", "a%cb", '%');
	EXPECT("x", "%c", 'x');
	EXPECT("one two", "%s %s", "one", "two");
	/* NULL strings print as "(null)" (through raw(): the compiler rejects it). */
	char buf[32];
	assert_int_equal(raw(buf, sizeof(buf), "[%s]", (const char *)NULL), 8);
	assert_string_equal(buf, "[(null)]");
	assert_int_equal(raw(buf, sizeof(buf), "%8s|%-7s|", (const char *)NULL, (char *)NULL), 17);
	assert_string_equal(buf, "  (null)|(null) |");
}

static void test_integers(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%d", -42);
	EXPECT("-7", "%i", -7);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("0", "%u", 0u);
	EXPECT("0", "%x", 0u);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("ffffffff", "%x", -1);
	EXPECT("4294967254", "%u", -42);
	EXPECT("1234", "%p", (void *)0x1234);
	EXPECT("0", "%p", NULL);
}

static void test_long(void **state)
{
	(void)state;
	char want[64];
	EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT("9223372036854775807", "%lli", LLONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("123456789abcdef0", "%llx", 0x123456789abcdef0ull);
	EXPECT("123456789ABCDEF0", "%llX", 0x123456789abcdef0ull);
	EXPECT("100000000", "%llx", 0x100000000ull);
	EXPECT("4294967296", "%llu", 0x100000000ull);
	EXPECT("0000000000000abc", "%016llx", 0xabcull);
	EXPECT("-1", "%lld", -1ll);
	/* long is whatever the host has: compare against the C library. */
	snprintf(want, sizeof(want), "%ld", LONG_MIN);
	EXPECT(want, "%ld", LONG_MIN);
	snprintf(want, sizeof(want), "%lu", ULONG_MAX);
	EXPECT(want, "%lu", ULONG_MAX);
	snprintf(want, sizeof(want), "%lx", ULONG_MAX);
	EXPECT(want, "%lx", ULONG_MAX);
	/* size_t likewise. */
	snprintf(want, sizeof(want), "%zu", SIZE_MAX);
	EXPECT(want, "%zu", SIZE_MAX);
	snprintf(want, sizeof(want), "%zx", SIZE_MAX);
	EXPECT(want, "%zx", SIZE_MAX);
	EXPECT("12", "%zu", (size_t)12);
	/* A 64-bit argument followed by others stays in step. */
	EXPECT("1 fedcba9876543210 2", "%d %llx %d", 1, 0xfedcba9876543210ull, 2);
	EXPECT("a 18446744073709551615 b", "%c %llu %s", 'a', ULLONG_MAX, "b");
}

static void test_width_and_padding(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("-42  |", "%-5d|", -42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("-42", "%03d", -42);
	EXPECT("-42", "%02d", -42);
	EXPECT("12345", "%3d", 12345);
	EXPECT("0000002a", "%08x", 42u);
	EXPECT("      2A", "%8X", 42u);
	EXPECT("2a      |", "%-8x|", 42u);
	EXPECT("     abc", "%8s", "abc");
	EXPECT("abc     |", "%-8s|", "abc");
	EXPECT("abcdefghij", "%4s", "abcdefghij");
	EXPECT("  x", "%3c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
	/* '-' wins over '0': the fill on the right is spaces. */
	char buf[32];
	assert_int_equal(raw(buf, sizeof(buf), "%-05d|", 42), 6);
	assert_string_equal(buf, "42   |");
	assert_int_equal(raw(buf, sizeof(buf), "%0-5d|", -4), 6);
	assert_string_equal(buf, "-4   |");
	assert_int_equal(raw(buf, sizeof(buf), "%08p", (void *)0x1234), 8);
	assert_string_equal(buf, "00001234");
	/* Strings are padded with spaces even with '0'. */
	assert_int_equal(raw(buf, sizeof(buf), "%05s", "ab"), 5);
	assert_string_equal(buf, "   ab");
	/* Long fills. */
	char big[256];
	assert_int_equal(ksnprintf(big, sizeof(big), "%200d", 7), 200);
	assert_int_equal(strlen(big), 200);
	assert_int_equal(big[198], ' ');
	assert_int_equal(big[199], '7');
	assert_int_equal(ksnprintf(big, sizeof(big), "%-30llu|", ULLONG_MAX), 31);
	assert_string_equal(big, "18446744073709551615          |");
	assert_int_equal(ksnprintf(big, sizeof(big), "%025lld", LLONG_MIN), 25);
	assert_string_equal(big, "-000009223372036854775808");
}

static void test_odd_formats(void **state)
{
	(void)state;
	char buf[32];
	/* An unknown conversion is printed as it stands. */
	assert_int_equal(raw(buf, sizeof(buf), "a%qb"), 4);
	assert_string_equal(buf, "a%qb");
	/* A lone '%' at the end ends the output. */
	assert_int_equal(raw(buf, sizeof(buf), "abc%"), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(raw(buf, sizeof(buf), "abc%-05"), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(raw(buf, sizeof(buf), "abc%ll"), 3);
	assert_string_equal(buf, "abc");
	/* "%%" takes no width. */
	assert_int_equal(raw(buf, sizeof(buf), "%5%"), 1);
	assert_string_equal(buf, "%");
	assert_int_equal(raw(buf, sizeof(buf), ""), 0);
	assert_string_equal(buf, "");
}

/* A small buffer gets a NUL-terminated prefix; the return value is the full length. */
static void test_truncation(void **state)
{
	(void)state;
	static const char full[] = "hello world -1234 ffff";
	const int len = (int)strlen(full);
	for (size_t size = 1; size <= sizeof(full) + 2; size++) {
		char *buf = malloc(size); /* exactly size bytes: ASan catches overruns */
		assert_non_null(buf);
		memset(buf, 'X', size);
		int n = ksnprintf(buf, size, "hello %s %d %x", "world", -1234, 0xffffu);
		assert_int_equal(n, len);
		size_t kept = size - 1 < (size_t)len ? size - 1 : (size_t)len;
		assert_int_equal(strlen(buf), kept);
		assert_memory_equal(buf, full, kept);
		free(buf);
	}
	/* Size 0 writes nothing, not even the NUL; a NULL buffer is fine then. */
	char canary[4] = {'X', 'X', 'X', 'X'};
	assert_int_equal(ksnprintf(canary, 0, "%s", "abc"), 3);
	assert_memory_equal(canary, "XXXX", 4);
	assert_int_equal(ksnprintf(NULL, 0, "%llu", ULLONG_MAX), 20);
	/* Bytes after size are left alone. */
	char buf[16];
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 4, "%08d", 5), 8);
	assert_string_equal(buf, "000");
	for (size_t i = 4; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 'X');
	/* Truncation inside padding and inside a number. */
	assert_int_equal(ksnprintf(buf, 3, "%-10s|", "ab"), 11);
	assert_string_equal(buf, "ab");
	assert_int_equal(ksnprintf(buf, 6, "%llu", ULLONG_MAX), 20);
	assert_string_equal(buf, "18446");
}

/* kprintf goes to the output set by printk_set_output(), character by character. */
static char out[512];
static size_t out_len;

static void collect(char c)
{
	if (out_len < sizeof(out) - 1)
		out[out_len++] = c;
	out[out_len] = 0;
}

static void test_kprintf(void **state)
{
	(void)state;
	out_len = 0;
	out[0] = 0;
	/* Without an output nothing happens. */
	printk_set_output(NULL);
	kprintf("lost %d\n", 1);
	assert_int_equal(out_len, 0);

	printk_set_output(collect);
	kprintf("boot: %s %08x %-4d|%llu\n", "keel", 0xc0ffeeu, -3, 1ull << 40);
	assert_string_equal(out, "boot: keel 00c0ffee -3  |1099511627776\n");
	/* No buffer limit: long output arrives whole. */
	out_len = 0;
	kprintf("%300s", "end");
	assert_int_equal(out_len, 300);
	assert_string_equal(out + 297, "end");
	out_len = 0;
	kprintf("%s", "");
	assert_int_equal(out_len, 0);
	printk_set_output(NULL);
	kprintf("also lost\n");
	assert_int_equal(out_len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plain),	cmocka_unit_test(test_integers),
	    cmocka_unit_test(test_long),	cmocka_unit_test(test_width_and_padding),
	    cmocka_unit_test(test_odd_formats), cmocka_unit_test(test_truncation),
	    cmocka_unit_test(test_kprintf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
