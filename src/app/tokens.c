/*
 * tokens.c — the random tokens of the accounts module (session cookies,
 * CSRF tokens, API tokens) and the hashes they are stored under.
 *
 * A token is 256 bits from randombytes_buf in base64url without padding:
 * unguessable, safe in a cookie, a header or a URL. The database keeps
 * only its BLAKE2b-256 hash: with 256 bits of entropy no salt or slow
 * hash is needed, and a stolen copy of the table gives nothing to sign
 * in with.
 */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "app/accounts_internal.h"

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_status = -1;

static void sodium_start(void)
{
	sodium_status = sodium_init();
}

enum cwyn_code accounts_crypto_init(struct cwyn_error *err)
{
	pthread_once(&sodium_once, sodium_start);
	if (sodium_status < 0)
		return cwyn_fail(err, CWYN_EINTERNAL, "crypto",
		                 "libsodium could not be initialised");
	return CWYN_OK;
}

void token_random(char out[ACCOUNT_TOKEN_SIZE])
{
	unsigned char raw[TOKEN_RANDOM_BYTES];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, ACCOUNT_TOKEN_SIZE, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
}

void token_hash_hex(const char *s, char out[STORE_HASH_HEX_SIZE])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s),
	                   NULL, 0);
	sodium_bin2hex(out, STORE_HASH_HEX_SIZE, h, sizeof h);
}

bool token_well_formed(const char *s, size_t len)
{
	if (s == NULL || strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}
