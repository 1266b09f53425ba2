/* test_console_line.c - host tests of the console's line discipline (servers/console/line.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "line.h"

/* What went to the terminal, as it went on the wire. */
static char wire[1024];
static unsigned wire_len;

static void put(char c)
{
	assert_true(wire_len < sizeof(wire));
	wire[wire_len++] = c;
}

/* A session's side: what became readable, in order. */
struct reader {
	struct line line;
	l4_vcon_attr_t attr;
	char in[1024];
	unsigned in_len;
	unsigned deliveries; /* how many times input became readable */
};

static void reader_init(struct reader *r, l4_umword_t i, l4_umword_t o, l4_umword_t l)
{
	memset(r, 0, sizeof(*r));
	r->attr.i_flags = i;
	r->attr.o_flags = o;
	r->attr.l_flags = l;
	wire_len = 0;
}

/* Type @n bytes of @keys. */
static void type_n(struct reader *r, const char *keys, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		char ready[LINE_EDIT_MAX];
		unsigned got = line_input(&r->line, &r->attr, keys[k], put, ready);
		assert_true(got <= LINE_EDIT_MAX);
		assert_true(r->in_len + got <= sizeof(r->in));
		memcpy(r->in + r->in_len, ready, got);
		r->in_len += got;
		r->deliveries += got != 0;
	}
}

static void type(struct reader *r, const char *keys)
{
	type_n(r, keys, strlen(keys));
}

static void assert_input(const struct reader *r, const char *want)
{
	assert_int_equal(r->in_len, strlen(want));
	assert_memory_equal(r->in, want, r->in_len);
}

static void assert_wire(const char *want)
{
	assert_int_equal(wire_len, strlen(want));
	assert_memory_equal(wire, want, wire_len);
}

static const l4_umword_t canon_echo = L4_VCON_ICANON | L4_VCON_ECHO;

static void default_attributes_are_the_historic_ones(void **state)
{
	(void)state;
	assert_int_equal(line_default_attr.i_flags, L4_VCON_ICRNL);
	assert_int_equal(line_default_attr.o_flags, L4_VCON_ONLCR);
	assert_int_equal(line_default_attr.l_flags, L4_VCON_ICANON | L4_VCON_ECHO);
}

static void canonical_line_is_readable_at_enter(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, L4_VCON_ICRNL, 0, canon_echo);
	type(&r, "hi");
	assert_int_equal(r.in_len, 0);
	type(&r, "\r");
	assert_input(&r, "hi\n");
	assert_int_equal(r.deliveries, 1);
	assert_wire("hi\r\n"); /* the Enter echoes as CR NL */
}

static void backspace_and_del_erase(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, canon_echo);
	type(&r, "hellx\x7fo kx\beep\bl\r");
	assert_input(&r, "hello keel\n");
	assert_wire("hellx\b \bo kx\b \beep\b \bl\r\n");
}

static void erase_at_line_start_does_nothing(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, canon_echo);
	type(&r, "\b\x7f"
		 "a\r");
	assert_input(&r, "a\n");
	assert_wire("a\r\n");
}

static void cr_lf_counts_once(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, canon_echo);
	type(&r, "one\r\ntwo\nthree\r\r\n");
	/* CR LF and LF end one line each; CR CR ends two (the second empty). */
	assert_input(&r, "one\ntwo\nthree\n\n");
	assert_int_equal(r.deliveries, 4);
}

static void lf_after_other_input_ends_a_line(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, canon_echo);
	type(&r, "a\rb\n\n");
	assert_input(&r, "a\nb\n\n");
}

static void canonical_drops_control_characters_keeps_high_bytes(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, canon_echo);
	type(&r, "a\x01\x1b"
		 "b\xc3\xa9\r");
	assert_input(&r, "ab\xc3\xa9\n");
}

static void canonical_without_echo_is_silent(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, L4_VCON_ICANON);
	type(&r, "ab\x7f"
		 "c\r");
	assert_input(&r, "ac\n");
	assert_wire("");
}

static void line_length_is_limited(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, canon_echo);
	char keys[LINE_EDIT_MAX + 20];
	memset(keys, 'x', sizeof(keys));
	type_n(&r, keys, sizeof(keys));
	/* Room for LINE_EDIT_MAX - 1 characters and the NL; the rest is not echoed. */
	assert_int_equal(wire_len, LINE_EDIT_MAX - 1);
	type(&r, "\b"
		 "y\r");
	assert_int_equal(r.in_len, LINE_EDIT_MAX);
	assert_int_equal(r.in[LINE_EDIT_MAX - 2], 'y');
	assert_int_equal(r.in[LINE_EDIT_MAX - 1], '\n');
	/* The next line starts empty. */
	r.in_len = 0;
	type(&r, "z\r");
	assert_input(&r, "z\n");
}

static void raw_mode_delivers_each_character(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, L4_VCON_ECHO);
	type(&r, "a\x7f\x01");
	assert_input(&r, "a\x7f\x01");
	assert_int_equal(r.deliveries, 3);
	assert_wire("a\x7f\x01");
}

static void raw_mode_without_echo_is_silent(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, 0);
	type(&r, "ab\r\n");
	assert_input(&r, "ab\r\n");
	assert_wire("");
}

static void raw_icrnl_makes_cr_nl(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, L4_VCON_ICRNL, 0, L4_VCON_ECHO);
	type(&r, "a\r\n");
	assert_input(&r, "a\n\n");
	assert_wire("a\r\n\r\n"); /* the echo of NL is CR NL */
}

static void raw_igncr_drops_cr_before_icrnl(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, L4_VCON_IGNCR | L4_VCON_ICRNL, 0, L4_VCON_ECHO);
	type(&r, "a\r\n");
	assert_input(&r, "a\n");
	assert_int_equal(r.deliveries, 2);
}

static void raw_inlcr_makes_nl_cr(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, L4_VCON_INLCR, 0, L4_VCON_ECHO);
	type(&r, "a\n");
	assert_input(&r, "a\r");
	assert_wire("a\r");
}

static void raw_icrnl_and_inlcr_swap(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, L4_VCON_ICRNL | L4_VCON_INLCR, 0, 0);
	type(&r, "\r\n");
	assert_input(&r, "\n\r");
}

static void canonical_ignores_input_translation(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, L4_VCON_IGNCR | L4_VCON_INLCR, 0, L4_VCON_ICANON);
	type(&r, "a\rb\n");
	assert_input(&r, "a\nb\n");
}

static void switching_to_raw_keeps_nothing_pending(void **state)
{
	(void)state;
	struct reader r;
	reader_init(&r, 0, 0, L4_VCON_ICANON);
	type(&r, "ab\r");
	r.attr.l_flags = 0;
	type(&r, "c");
	assert_input(&r, "ab\nc");
}

static void output_translation_follows_o_flags(void **state)
{
	(void)state;
	const char out[] = "a\nb\rc";
	struct {
		l4_umword_t o_flags;
		const char *wire;
	} cases[] = {
	    {0, "a\nb\rc"},
	    {L4_VCON_ONLCR, "a\r\nb\rc"},
	    {L4_VCON_OCRNL, "a\nb\nc"},
	    {L4_VCON_ONLRET, "a\nbc"},
	    {L4_VCON_ONLCR | L4_VCON_OCRNL, "a\r\nb\nc"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		l4_vcon_attr_t attr = {0, cases[i].o_flags, 0};
		wire_len = 0;
		for (size_t k = 0; k < sizeof(out) - 1; k++)
			line_put_output(put, &attr, out[k]);
		assert_wire(cases[i].wire);
	}
}

static void terminal_output_is_cr_nl(void **state)
{
	(void)state;
	wire_len = 0;
	line_put_term(put, 'a');
	line_put_term(put, '\n');
	line_put_term(put, '\r');
	assert_wire("a\r\n\r");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(default_attributes_are_the_historic_ones),
	    cmocka_unit_test(canonical_line_is_readable_at_enter),
	    cmocka_unit_test(backspace_and_del_erase),
	    cmocka_unit_test(erase_at_line_start_does_nothing),
	    cmocka_unit_test(cr_lf_counts_once),
	    cmocka_unit_test(lf_after_other_input_ends_a_line),
	    cmocka_unit_test(canonical_drops_control_characters_keeps_high_bytes),
	    cmocka_unit_test(canonical_without_echo_is_silent),
	    cmocka_unit_test(line_length_is_limited),
	    cmocka_unit_test(raw_mode_delivers_each_character),
	    cmocka_unit_test(raw_mode_without_echo_is_silent),
	    cmocka_unit_test(raw_icrnl_makes_cr_nl),
	    cmocka_unit_test(raw_igncr_drops_cr_before_icrnl),
	    cmocka_unit_test(raw_inlcr_makes_nl_cr),
	    cmocka_unit_test(raw_icrnl_and_inlcr_swap),
	    cmocka_unit_test(canonical_ignores_input_translation),
	    cmocka_unit_test(switching_to_raw_keeps_nothing_pending),
	    cmocka_unit_test(output_translation_follows_o_flags),
	    cmocka_unit_test(terminal_output_is_cr_nl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
