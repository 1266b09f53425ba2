/* test_conbuf.c - host tests of the kernel console's output buffer (kernel/lib/conbuf.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/conbuf.h"

/* A UART model: a FIFO of FIFO_SIZE bytes that the test empties into "wire". */
#define FIFO_SIZE 16
static char wire[4 * CONBUF_SIZE];
static unsigned wire_len, fifo_used, waits;

static void fifo_empty(void)
{
	fifo_used = 0;
}

/* The blocking output: the model's line moves on while it waits. */
void plat_console_putc(char c)
{
	if (fifo_used == FIFO_SIZE) {
		waits++;
		fifo_empty();
	}
	fifo_used++;
	wire[wire_len++] = c;
}

bool plat_console_try_putc(char c)
{
	if (fifo_used == FIFO_SIZE)
		return false;
	fifo_used++;
	wire[wire_len++] = c;
	return true;
}

static int setup(void **state)
{
	(void)state;
	conbuf_flush();
	wire_len = fifo_used = waits = 0;
	memset(wire, 0, sizeof(wire));
	return 0;
}

static void put(const char *s)
{
	while (*s)
		conbuf_putc(*s++);
}

/* Newlines become CR LF; nothing reaches the UART until a drain. */
static void test_crlf_and_nothing_before_drain(void **state)
{
	(void)state;
	put("a\nb");
	assert_int_equal(wire_len, 0);
	assert_true(conbuf_pending());
	assert_true(conbuf_drain(100));
	assert_false(conbuf_pending());
	assert_int_equal(wire_len, 4);
	assert_memory_equal(wire, "a\r\nb", 4);
}

/* A drain never waits: it stops when the FIFO is full, and at its budget. */
static void test_drain_stops_at_full_fifo_and_budget(void **state)
{
	(void)state;
	for (int i = 0; i < 40; i++)
		conbuf_putc((char)('A' + i % 26));
	assert_false(conbuf_drain(100));
	assert_int_equal(wire_len, FIFO_SIZE);
	assert_int_equal(waits, 0);
	fifo_empty();
	assert_false(conbuf_drain(5));
	assert_int_equal(wire_len, FIFO_SIZE + 5);
	fifo_empty();
	assert_false(conbuf_drain(100));
	fifo_empty();
	assert_true(conbuf_drain(100));
	assert_int_equal(wire_len, 40);
	for (int i = 0; i < 40; i++)
		assert_int_equal(wire[i], 'A' + i % 26);
}

/* A full ring waits for the UART a byte at a time; no byte is lost or reordered. */
static void test_full_ring_waits_and_keeps_order(void **state)
{
	(void)state;
	unsigned n = CONBUF_SIZE + 100;
	for (unsigned i = 0; i < n; i++)
		conbuf_putc((char)('a' + i % 26));
	assert_true(waits > 0 || wire_len > 0);
	assert_int_equal(wire_len, n - CONBUF_SIZE);
	assert_int_equal(conbuf_space(), 0);
	conbuf_flush();
	assert_int_equal(wire_len, n);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(wire[i], 'a' + i % 26);
	assert_int_equal(conbuf_space(), CONBUF_SIZE);
}

/* drain_one gives the oldest byte (waiting if it must); on an empty ring nothing. */
static void test_drain_one(void **state)
{
	(void)state;
	conbuf_drain_one();
	assert_int_equal(wire_len, 0);
	put("xy");
	conbuf_drain_one();
	assert_int_equal(wire_len, 1);
	assert_int_equal(wire[0], 'x');
	assert_int_equal(conbuf_space(), CONBUF_SIZE - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_crlf_and_nothing_before_drain, setup),
	    cmocka_unit_test_setup(test_drain_stops_at_full_fifo_and_budget, setup),
	    cmocka_unit_test_setup(test_full_ring_waits_and_keeps_order, setup),
	    cmocka_unit_test_setup(test_drain_one, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
