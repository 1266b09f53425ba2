/* test_timeout.c - host tests of the L4 timeout decoding (kernel/timeout.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <l4/sys/types.h>

#include "timeout.h"

#define UNTOUCHED 0x5555555555555555ull

static int decode(uint16_t t, time_us_t *us)
{
	*us = UNTOUCHED;
	return timeout_decode_relative(t, us);
}

static void test_never(void **state)
{
	(void)state;
	time_us_t us;
	assert_int_equal(decode(0, &us), TIMEOUT_NEVER);
	assert_int_equal(us, UNTOUCHED);
	assert_int_equal(decode(L4_IPC_TIMEOUT_NEVER.t, &us), TIMEOUT_NEVER);
	l4_timeout_t both = L4_IPC_NEVER;
	assert_int_equal(decode(both.p.rcv, &us), TIMEOUT_NEVER);
	assert_int_equal(decode(both.p.snd, &us), TIMEOUT_NEVER);
}

static void test_zero(void **state)
{
	(void)state;
	time_us_t us;
	assert_int_equal(decode(L4_IPC_TIMEOUT_0.t, &us), TIMEOUT_ZERO);
	assert_int_equal(us, UNTOUCHED);
	assert_int_equal(decode(0x0400, &us), TIMEOUT_ZERO);
	/* A zero mantissa is zero with any exponent. */
	for (unsigned e = 1; e < 32; e++) {
		assert_int_equal(decode((uint16_t)(e << 10), &us), TIMEOUT_ZERO);
		assert_int_equal(us, UNTOUCHED);
	}
	l4_timeout_t recv0 = L4_IPC_RECV_TIMEOUT_0;
	assert_int_equal(decode(recv0.p.rcv, &us), TIMEOUT_ZERO);
	assert_int_equal(decode(recv0.p.snd, &us), TIMEOUT_NEVER);
}

static void test_relative(void **state)
{
	(void)state;
	time_us_t us;
	assert_int_equal(decode(1, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1);
	assert_int_equal(decode(1023, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1023);
	assert_int_equal(decode(l4_timeout_rel(1000, 0).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1000);
	assert_int_equal(decode(l4_timeout_rel(1000, 10).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1024000);
	assert_int_equal(decode(l4_timeout_rel(1, 20).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1u << 20);
	/* The largest: 1023 << 31 does not fit 32 bits. */
	assert_int_equal(decode(0x7fff, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1023ull << 31);
	assert_int_equal(decode(l4_timeout_rel(1, 31).t, &us), TIMEOUT_RELATIVE);
	assert_int_equal(us, 1ull << 31);
}

/* Every encoding libl4re can produce decodes to mantissa << exponent. */
static void test_all_relative(void **state)
{
	(void)state;
	for (unsigned e = 0; e < 32; e++) {
		for (unsigned m = 0; m < 1024; m++) {
			time_us_t us;
			uint16_t t = l4_timeout_rel(m, e).t;
			int kind = decode(t, &us);
			if (m == 0 && e == 0) {
				assert_int_equal(kind, TIMEOUT_NEVER);
			} else if (m == 0) {
				assert_int_equal(kind, TIMEOUT_ZERO);
			} else {
				assert_int_equal(kind, TIMEOUT_RELATIVE);
				assert_int_equal(us, (uint64_t)m << e);
			}
		}
	}
}

/* Bit 15: an absolute timeout, which the kernel does not support yet. */
static void test_absolute(void **state)
{
	(void)state;
	time_us_t us;
	static const uint16_t abs[] = {0x8000, 0x8001, 0x83ff, 0x8400, 0xfc00, 0xffff};
	for (size_t i = 0; i < sizeof(abs) / sizeof(abs[0]); i++) {
		assert_int_equal(decode(abs[i], &us), TIMEOUT_INVALID);
		assert_int_equal(us, UNTOUCHED);
	}
	for (uint32_t t = 0x8000; t <= 0xffff; t++)
		assert_int_equal(decode((uint16_t)t, &us), TIMEOUT_INVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_never),    cmocka_unit_test(test_zero),
	    cmocka_unit_test(test_relative), cmocka_unit_test(test_all_relative),
	    cmocka_unit_test(test_absolute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
