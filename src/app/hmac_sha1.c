/*
 * hmac_sha1.c — SHA-1 (FIPS 180-4 §6.1) and HMAC (RFC 2104) over it, for
 * the TOTP second factor (totp.c). Tested against the FIPS 180 examples,
 * RFC 2202 and RFC 6238 vectors in tests/unit/test_accounts.c.
 */
#include <string.h>

#include <sodium.h>

#include "app/hmac_sha1.h"

static uint32_t rol(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One 64-byte block into the state (the compression function). */
static void sha1_block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[80];
	for (int t = 0; t < 16; t++)
		w[t] = load_be32(p + 4 * t);
	for (int t = 16; t < 80; t++)
		w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
	uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (int t = 0; t < 80; t++) {
		uint32_t f, k;
		if (t < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999u;
		} else if (t < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1u;
		} else if (t < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdcu;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6u;
		}
		uint32_t tmp = rol(a, 5) + f + e + k + w[t];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void sha1_init(struct sha1_ctx *c)
{
	static const uint32_t iv[5] = {0x67452301u, 0xefcdab89u, 0x98badcfeu,
	                               0x10325476u, 0xc3d2e1f0u};
	memcpy(c->h, iv, sizeof iv);
	c->length = 0;
	c->used = 0;
}

void sha1_update(struct sha1_ctx *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	c->length += len;
	while (len > 0) {
		size_t take = SHA1_BLOCK_BYTES - c->used;
		if (take > len)
			take = len;
		memcpy(c->block + c->used, p, take);
		c->used += take;
		p += take;
		len -= take;
		if (c->used == SHA1_BLOCK_BYTES) {
			sha1_block(c->h, c->block);
			c->used = 0;
		}
	}
}

void sha1_final(struct sha1_ctx *c, unsigned char out[SHA1_DIGEST_BYTES])
{
	uint64_t bits = c->length * 8;
	unsigned char pad = 0x80;
	sha1_update(c, &pad, 1);
	pad = 0;
	while (c->used != SHA1_BLOCK_BYTES - 8)
		sha1_update(c, &pad, 1);
	unsigned char len_be[8];
	for (int i = 7; i >= 0; i--, bits >>= 8)
		len_be[i] = (unsigned char)bits;
	sha1_update(c, len_be, 8);
	for (int i = 0; i < 5; i++)
		store_be32(out + 4 * i, c->h[i]);
	sodium_memzero(c, sizeof *c);
}

void hmac_sha1(const void *key, size_t key_len, const void *msg,
               size_t msg_len, unsigned char out[SHA1_DIGEST_BYTES])
{
	unsigned char k[SHA1_BLOCK_BYTES] = {0};
	unsigned char pad[SHA1_BLOCK_BYTES];
	unsigned char inner[SHA1_DIGEST_BYTES];
	struct sha1_ctx c;
	if (key_len > SHA1_BLOCK_BYTES) {
		sha1_init(&c);
		sha1_update(&c, key, key_len);
		sha1_final(&c, k);
	} else if (key_len > 0) {
		memcpy(k, key, key_len);
	}
	for (size_t i = 0; i < SHA1_BLOCK_BYTES; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof pad);
	sha1_update(&c, msg, msg_len);
	sha1_final(&c, inner);
	for (size_t i = 0; i < SHA1_BLOCK_BYTES; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&c);
	sha1_update(&c, pad, sizeof pad);
	sha1_update(&c, inner, sizeof inner);
	sha1_final(&c, out);
	/* The padded key is the TOTP secret: do not leave it on the stack. */
	sodium_memzero(k, sizeof k);
	sodium_memzero(pad, sizeof pad);
	sodium_memzero(inner, sizeof inner);
}
