/*
 * hmac_sha1.h — SHA-1 and HMAC-SHA1 (FIPS 180-4, RFC 2104), for TOTP only.
 *
 * Authenticator apps compute RFC 6238 codes with HMAC-SHA1 by default and
 * many offer nothing else; libsodium has no SHA-1. HMAC-SHA1 remains sound
 * as a MAC (the collision attacks on SHA-1 do not carry over to HMAC), so
 * this small implementation exists for that one use. Do not use it for
 * anything else: password hashing is Argon2id, token hashing BLAKE2b.
 */
#ifndef CWYN_APP_HMAC_SHA1_H
#define CWYN_APP_HMAC_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_DIGEST_BYTES 20
#define SHA1_BLOCK_BYTES 64

struct sha1_ctx {
	uint32_t h[5];
	uint64_t length;                  /* bytes hashed so far */
	unsigned char block[SHA1_BLOCK_BYTES];
	size_t used;                      /* bytes waiting in block */
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t len);
void sha1_final(struct sha1_ctx *c, unsigned char out[SHA1_DIGEST_BYTES]);

/* HMAC-SHA1 of msg under key (any length; long keys are hashed first). */
void hmac_sha1(const void *key, size_t key_len, const void *msg,
               size_t msg_len, unsigned char out[SHA1_DIGEST_BYTES]);

#endif
