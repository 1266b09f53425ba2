/* siphash.h - SipHash-2-4, a keyed 64-bit MAC for short messages (Aumasson, Bernstein 2012). */
#ifndef EXAMPLES_FIRMWARE_SIPHASH_H
#define EXAMPLES_FIRMWARE_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define SIPHASH_KEY_BYTES 16

/* The SipHash-2-4 of the @len bytes at @msg under the 16-byte @key. */
uint64_t siphash24(const uint8_t key[SIPHASH_KEY_BYTES], const void *msg, size_t len);

#endif
