/*
 * form_token.h — signed, time-limited tokens for the public complaint
 * form, which has no session and so no session CSRF token.
 *
 * A token is base64url(nonce[16] || issued[8] || mac[32]) where issued is
 * the Unix second it was made (big-endian) and mac is HMAC-SHA256 under a
 * key the server makes on first start and keeps in the database
 * (web_secrets "form_token", store_public.h), so every server of a
 * deployment shares it and a restart keeps forms valid. A token that does
 * not verify is forged or damaged; one older than FORM_TOKEN_TTL (or from
 * the future) has expired. The form's answers are kept under the SHA-256
 * of the nonce (complaint_drafts), so the token is also the only way to
 * reach them, and a draft sent once is never sent again.
 */
#ifndef CWYN_WEB_FORM_TOKEN_H
#define CWYN_WEB_FORM_TOKEN_H

#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

#define FORM_TOKEN_TTL (6 * 3600) /* long enough for a slow, careful form */
#define FORM_TOKEN_SKEW 300       /* clocks of two servers may differ */
#define FORM_TOKEN_SIZE 80        /* 75 characters + NUL */
#define FORM_TOKEN_KEY_BYTES 32
#define FORM_TOKEN_ID_SIZE 65     /* SHA-256 of the nonce, hex + NUL */

enum form_token_check {
	FORM_TOKEN_OK = 0,
	FORM_TOKEN_MALFORMED,
	FORM_TOKEN_FORGED,
	FORM_TOKEN_EXPIRED,
	FORM_TOKEN__MAX
};

/* The server's key, made and stored on first use. */
enum cwyn_code form_token_key(struct db *db,
                              unsigned char key[FORM_TOKEN_KEY_BYTES],
                              struct cwyn_error *err);

/* A new token issued at now; id receives the draft id of its nonce. */
void form_token_issue(const unsigned char key[FORM_TOKEN_KEY_BYTES],
                      int64_t now, char out[FORM_TOKEN_SIZE],
                      char id[FORM_TOKEN_ID_SIZE]);

/* Check a token; on FORM_TOKEN_OK id receives its draft id. */
enum form_token_check form_token_verify(
    const unsigned char key[FORM_TOKEN_KEY_BYTES], const char *token,
    int64_t now, char id[FORM_TOKEN_ID_SIZE]);

#endif
