/*
 * form_token.c — signing and checking the public form's tokens
 * (form_token.h) with libsodium's HMAC-SHA256.
 */
#include "web/form_token.h"

#include <string.h>

#include <sodium.h>

#include "store/store_public.h"

#define NONCE_BYTES 16
#define ISSUED_BYTES 8
#define MAC_BYTES crypto_auth_hmacsha256_BYTES
#define RAW_BYTES (NONCE_BYTES + ISSUED_BYTES + MAC_BYTES)
#define SECRET_NAME "form_token"
#define TOKEN_CHARS 75 /* base64url of RAW_BYTES, no padding */

enum cwyn_code form_token_key(struct db *db,
                              unsigned char key[FORM_TOKEN_KEY_BYTES],
                              struct cwyn_error *err)
{
	unsigned char fresh[FORM_TOKEN_KEY_BYTES];
	char fresh_hex[STORE_SECRET_HEX_SIZE], hex[STORE_SECRET_HEX_SIZE];
	if (sodium_init() < 0)
		return cwyn_fail(err, CWYN_EINTERNAL, "sodium",
		                 "libsodium could not start");
	randombytes_buf(fresh, sizeof fresh);
	sodium_bin2hex(fresh_hex, sizeof fresh_hex, fresh, sizeof fresh);
	sodium_memzero(fresh, sizeof fresh);
	enum cwyn_code rc = store_web_secret(db, SECRET_NAME, fresh_hex, hex,
	                                     err);
	sodium_memzero(fresh_hex, sizeof fresh_hex);
	if (rc != CWYN_OK)
		return rc;
	size_t n = 0;
	if (sodium_hex2bin(key, FORM_TOKEN_KEY_BYTES, hex, strlen(hex), NULL,
	                   &n, NULL) != 0 || n != FORM_TOKEN_KEY_BYTES)
		rc = cwyn_fail(err, CWYN_EINTERNAL, "web_secrets",
		               "the stored key is malformed");
	sodium_memzero(hex, sizeof hex);
	return rc;
}

static void draft_id(const unsigned char nonce[NONCE_BYTES],
                     char id[FORM_TOKEN_ID_SIZE])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, nonce, NONCE_BYTES);
	sodium_bin2hex(id, FORM_TOKEN_ID_SIZE, h, sizeof h);
}

static void put_issued(unsigned char *p, int64_t t)
{
	uint64_t u = (uint64_t)t;
	for (int i = ISSUED_BYTES - 1; i >= 0; i--) {
		p[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
}

static int64_t get_issued(const unsigned char *p)
{
	uint64_t u = 0;
	for (int i = 0; i < ISSUED_BYTES; i++)
		u = (u << 8) | p[i];
	return (int64_t)u;
}

void form_token_issue(const unsigned char key[FORM_TOKEN_KEY_BYTES],
                      int64_t now, char out[FORM_TOKEN_SIZE],
                      char id[FORM_TOKEN_ID_SIZE])
{
	unsigned char raw[RAW_BYTES];
	randombytes_buf(raw, NONCE_BYTES);
	put_issued(raw + NONCE_BYTES, now);
	crypto_auth_hmacsha256(raw + NONCE_BYTES + ISSUED_BYTES, raw,
	                       NONCE_BYTES + ISSUED_BYTES, key);
	sodium_bin2base64(out, FORM_TOKEN_SIZE, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	draft_id(raw, id);
}

enum form_token_check form_token_verify(
    const unsigned char key[FORM_TOKEN_KEY_BYTES], const char *token,
    int64_t now, char id[FORM_TOKEN_ID_SIZE])
{
	unsigned char raw[RAW_BYTES];
	size_t n = 0;
	id[0] = '\0';
	if (token == NULL || strlen(token) != TOKEN_CHARS)
		return FORM_TOKEN_MALFORMED;
	if (sodium_base642bin(raw, sizeof raw, token, strlen(token), NULL, &n,
	                      NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != RAW_BYTES)
		return FORM_TOKEN_MALFORMED;
	/* The MAC first, in constant time: nothing else about a forged
	 * token is looked at. */
	if (crypto_auth_hmacsha256_verify(raw + NONCE_BYTES + ISSUED_BYTES, raw,
	                                  NONCE_BYTES + ISSUED_BYTES, key) != 0)
		return FORM_TOKEN_FORGED;
	int64_t issued = get_issued(raw + NONCE_BYTES);
	if (issued > now + FORM_TOKEN_SKEW || now - issued > FORM_TOKEN_TTL)
		return FORM_TOKEN_EXPIRED;
	draft_id(raw, id);
	return FORM_TOKEN_OK;
}
