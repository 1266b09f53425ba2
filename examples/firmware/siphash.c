/* siphash.c - SipHash-2-4, written from the paper's description (little-endian words). */
#include "siphash.h"

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

/* @n little-endian bytes at @p (n <= 8) as a 64-bit word: independent of the CPU's order. */
static uint64_t load_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* One SipRound over the state v[0..3]. */
static void sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = ROTL(v[1], 13) ^ v[0];
	v[0] = ROTL(v[0], 32);
	v[2] += v[3];
	v[3] = ROTL(v[3], 16) ^ v[2];
	v[0] += v[3];
	v[3] = ROTL(v[3], 21) ^ v[0];
	v[2] += v[1];
	v[1] = ROTL(v[1], 17) ^ v[2];
	v[2] = ROTL(v[2], 32);
}

/* Mix the message word @m in: two compression rounds ("2" of 2-4). */
static void compress(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	sipround(v);
	sipround(v);
	v[0] ^= m;
}

uint64_t siphash24(const uint8_t key[SIPHASH_KEY_BYTES], const void *msg, size_t len)
{
	const uint8_t *in = msg;
	uint64_t k0 = load_le(key, 8), k1 = load_le(key + 8, 8);
	/* The initial constants spell "somepseudorandomlygeneratedbytes". */
	uint64_t v[4] = {k0 ^ 0x736f6d6570736575ULL, k1 ^ 0x646f72616e646f6dULL,
			 k0 ^ 0x6c7967656e657261ULL, k1 ^ 0x7465646279746573ULL};
	size_t whole = len - len % 8;
	for (size_t i = 0; i < whole; i += 8)
		compress(v, load_le(in + i, 8));
	/* The last word: the remaining bytes, the length's low byte on top. */
	compress(v, load_le(in + whole, (unsigned)(len % 8)) | (uint64_t)(len & 0xff) << 56);
	v[2] ^= 0xff;
	for (int i = 0; i < 4; i++) /* four finalization rounds ("4" of 2-4) */
		sipround(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}
