/* timeout.c - the L4 timeout encoding. */
#include "timeout.h"

/**
 * timeout_decode_relative() - classify a 16-bit timeout; for a relative one store
 * mantissa << exponent microseconds in *us.
 */
int timeout_decode_relative(uint16_t t, time_us_t *us)
{
	if (t == 0)
		return TIMEOUT_NEVER;
	if (t & 0x8000)
		return TIMEOUT_INVALID;
	uint64_t mantissa = t & 0x3ff;
	unsigned exponent = (t >> 10) & 0x1f;
	if (mantissa == 0)
		return TIMEOUT_ZERO;
	*us = mantissa << exponent;
	return TIMEOUT_RELATIVE;
}
