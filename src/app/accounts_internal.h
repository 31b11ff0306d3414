/*
 * accounts_internal.h — what the accounts files (passwords.c, throttle.c,
 * sessions.c, totp.c, api_tokens.c, login.c, accounts.c, tokens.c) share
 * and nobody else needs: random tokens and their hashes, the password
 * primitives, throttling and TOTP arithmetic.
 */
#ifndef CWYN_APP_ACCOUNTS_INTERNAL_H
#define CWYN_APP_ACCOUNTS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/accounts.h"
#include "app/totp.h"
#include "store/store.h"
#include "store/store_accounts.h"

/* ---- tokens.c ------------------------------------------------------------ */

#define TOKEN_RANDOM_BYTES 32 /* 256 bits */
#define TOKEN_CHARS 43        /* their base64url length, unpadded */

/* Initialise libsodium once; CWYN_EINTERNAL if it cannot start. */
enum cwyn_code accounts_crypto_init(struct cwyn_error *err);

/* 32 random bytes as base64url without padding (43 chars + NUL). */
void token_random(char out[ACCOUNT_TOKEN_SIZE]);

/* BLAKE2b-256 of s as 64 lowercase hex digits (+ NUL). */
void token_hash_hex(const char *s, char out[STORE_HASH_HEX_SIZE]);

/* Does s look like one of our base64url tokens (length and alphabet)?
 * Checked before hashing so junk never reaches the database. */
bool token_well_formed(const char *s, size_t len);

/* ---- passwords.c ----------------------------------------------------------- */

/* Argon2id hash string of password at the strength; CWYN_ENOMEM when the
 * memory for the hash cannot be had. out must hold crypto_pwhash_STRBYTES. */
enum cwyn_code password_hash(enum account_pwhash strength,
                             const char *password, char *out, size_t size,
                             struct cwyn_error *err);

/* Is `password` the one hashed in `hash`? A NULL or malformed hash is
 * checked against a dummy hash of the same strength first, so the time
 * taken does not tell a missing account from a wrong password. */
bool password_verify(enum account_pwhash strength, const char *hash,
                     const char *password);

/* Was the hash made with weaker (or other) settings than `strength`? */
bool password_needs_rehash(enum account_pwhash strength, const char *hash);

/* ---- throttle.c ------------------------------------------------------------ */

enum throttle_verdict {
	THROTTLE_ALLOW = 0,
	THROTTLE_BACKOFF,   /* too soon after the last failure */
	THROTTLE_LOCKED,    /* the account name is locked */
	THROTTLE_ADDRESS,   /* the remote address made too many failures */
	THROTTLE__MAX
};

const char *throttle_verdict_name(enum throttle_verdict v);

struct throttle_state {
	enum throttle_verdict verdict;
	int64_t retry_after; /* s, when not ALLOW */
	int64_t failures;    /* counted failures of the account name */
};

/* Read-only: may this attempt be checked at all? */
enum cwyn_code throttle_check(struct db *db, const struct account_settings *c,
                              int64_t authority_id, const char *username,
                              const char *remote_addr, int64_t now,
                              struct throttle_state *out,
                              struct cwyn_error *err);

/* Inside the caller's transaction: record a failure; *locked_now says
 * whether this failure locked the account name (a lockout row is added). */
enum cwyn_code throttle_failure(struct db *db, const struct account_settings *c,
                                int64_t authority_id, const char *username,
                                const char *remote_addr, int64_t now,
                                bool *locked_now, struct cwyn_error *err);

/* Inside the caller's transaction: a success (counting starts afresh) or
 * an attempt refused unchecked. Old attempts are pruned on success. */
enum cwyn_code throttle_record(struct db *db, const struct account_settings *c,
                               int64_t authority_id, const char *username,
                               const char *remote_addr, int64_t now,
                               enum store_login_outcome outcome,
                               struct cwyn_error *err);

/* ---- sessions.c ------------------------------------------------------------ */

/* Inside the caller's transaction: make a session for the user (new
 * token and CSRF token) and fill *out. */
enum cwyn_code session_create(struct db *db, const struct account_settings *c,
                              const struct account_user *u, bool awaiting_totp,
                              bool second_factor_done,
                              const char *remote_addr, const char *user_agent,
                              int64_t now, int64_t expires_at,
                              char token[ACCOUNT_TOKEN_SIZE],
                              struct account_session *out,
                              struct cwyn_error *err);

/* Read a session by token without the liveness rules (login.c needs the
 * half-sessions session_lookup refuses). ENOTFOUND for junk. */
enum cwyn_code session_load(struct db *db, const char *token,
                            struct store_session *out,
                            struct cwyn_error *err);

/* ---- totp.c ---------------------------------------------------------------- */

/*
 * Check a typed code against the user's secret at `now` (±1 step) and
 * against replay: the step must be later than the last one used. On
 * success *step is the matched step, for store_totp_advance.
 */
bool totp_check_user(const char *secret_b32, const char *code, int64_t now,
                     int64_t last_step, int64_t *step);

/* ---- accounts.c ------------------------------------------------------------ */

/* A username as stored: 1..64 bytes, printable, no spaces. */
enum cwyn_code account_username_check(const char *username,
                                      struct cwyn_error *err);

/* Load the user by name into *u (strings from ar). */
enum cwyn_code account_get_user(struct db *db, int64_t authority_id,
                                const char *username, struct arena *ar,
                                struct store_user *u, struct cwyn_error *err);

/* Fill an account_user from a stored user. */
void account_user_from(struct account_user *out, const struct store_user *u);

/* Append an audit entry "key=value ..." built with printf; values are ours
 * (usernames, addresses, reasons), never secrets. */
enum cwyn_code account_audit(struct db *db, int64_t authority_id,
                             const char *actor, const char *action,
                             struct cwyn_error *err, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#endif
