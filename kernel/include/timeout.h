/* timeout.h - decoding L4 timeouts (16 bits: mantissa 0-9, exponent 10-14, absolute 15). */
#ifndef KEEL_TIMEOUT_H
#define KEEL_TIMEOUT_H

#include "types.h"

enum timeout_kind {
	TIMEOUT_NEVER,
	TIMEOUT_ZERO,
	TIMEOUT_RELATIVE,
	TIMEOUT_INVALID, /* absolute timeouts: not supported yet */
};

int timeout_decode_relative(uint16_t t, time_us_t *us);

#endif
