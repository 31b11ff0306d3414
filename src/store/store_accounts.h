/*
 * store_accounts.h — the rows behind signing in: server-side sessions,
 * the log of login attempts that throttling counts, API tokens for
 * integrations and the last TOTP step each user has spent.
 *
 * These are rows only; the rules (how long a session lives, when an
 * account locks, how tokens are made and hashed) live in src/app
 * (accounts.h). Secrets never reach these tables in the clear: sessions
 * and API tokens are found by the BLAKE2b hash of the token, as 64 hex
 * digits, so a copy of the database does not let anyone sign in.
 *
 * Times in these tables are Unix seconds (BIGINT), not ISO text: the app
 * layer injects "now" and does arithmetic on it (idle and absolute
 * timeouts, lockout windows), and integers compare the same way in both
 * dialects. Like the rest of the store, functions never begin or commit.
 */
#ifndef CWYN_STORE_STORE_ACCOUNTS_H
#define CWYN_STORE_STORE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

#define STORE_HASH_HEX_SIZE 65    /* 64 hex digits + NUL */
#define STORE_USERNAME_SIZE 72    /* usernames are at most 64 bytes */
#define STORE_ROLE_SIZE 32
#define STORE_CSRF_SIZE 48        /* base64url of 32 bytes + NUL */
#define STORE_ADDR_SIZE 64        /* an IPv6 address with zone fits */
#define STORE_TOKEN_NAME_SIZE 72  /* API token names: at most 64 bytes */

/* ---- Sessions ------------------------------------------------------------ */

struct store_session {
	char id_hash[STORE_HASH_HEX_SIZE];
	int64_t user_id;
	int64_t authority_id;
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at;        /* absolute end, whatever the activity */
	char csrf_token[STORE_CSRF_SIZE];
	bool second_factor_done;
	bool awaiting_second_factor; /* password right, code still due */
	char user_agent_hash[STORE_HASH_HEX_SIZE]; /* "" when unknown */
	char remote_addr[STORE_ADDR_SIZE];         /* "" when unknown */
	/* From the user's row (filled by get, ignored by insert). */
	char username[STORE_USERNAME_SIZE];
	char role[STORE_ROLE_SIZE];
	bool user_disabled;
};

enum cwyn_code store_session_insert(struct db *db,
                                    const struct store_session *s,
                                    struct cwyn_error *err);
/* The session with this id hash joined to its user: CWYN_ENOTFOUND when
 * there is none. Expiry is the caller's business. */
enum cwyn_code store_session_get(struct db *db, const char *id_hash,
                                 struct store_session *out,
                                 struct cwyn_error *err);
enum cwyn_code store_session_touch(struct db *db, const char *id_hash,
                                   int64_t last_seen_at,
                                   struct cwyn_error *err);
/* *n (may be NULL) receives how many rows went. */
enum cwyn_code store_session_delete(struct db *db, const char *id_hash,
                                    int64_t *n, struct cwyn_error *err);
enum cwyn_code store_session_delete_user(struct db *db, int64_t user_id,
                                         int64_t *n, struct cwyn_error *err);
/* Remove sessions whose absolute end is at or before `now`, and those
 * idle since before `idle_before`. */
enum cwyn_code store_session_purge(struct db *db, int64_t now,
                                   int64_t idle_before, int64_t *n,
                                   struct cwyn_error *err);

/* ---- Login attempts ------------------------------------------------------ */

/* Outcomes of a login attempt, as stored. A "lockout" row marks the moment
 * an account locked; "refused" is an attempt turned away unchecked while
 * locked or throttled (logged, never counted). */
enum store_login_outcome {
	STORE_LOGIN_SUCCESS = 0,
	STORE_LOGIN_FAILURE,
	STORE_LOGIN_LOCKOUT,
	STORE_LOGIN_REFUSED,
	STORE_LOGIN__MAX
};

const char *store_login_outcome_name(enum store_login_outcome o);

enum cwyn_code store_login_attempt_insert(struct db *db, int64_t authority_id,
                                          const char *username,
                                          const char *remote_addr, int64_t at,
                                          enum store_login_outcome outcome,
                                          struct cwyn_error *err);

/* What throttling needs to know about one account name. */
struct store_login_tally {
	/* The last success or lockout row (mark_id 0: none). Failures
	 * before it no longer count. */
	int64_t mark_id;
	int64_t mark_at;
	bool mark_is_lockout;
	/* Failures after the mark and after window_start. */
	int64_t failures;
	int64_t last_failure_at;
};

enum cwyn_code store_login_tally(struct db *db, int64_t authority_id,
                                 const char *username, int64_t window_start,
                                 struct store_login_tally *out,
                                 struct cwyn_error *err);

/* Failures from one remote address after `since`, and the oldest. */
enum cwyn_code store_login_addr_failures(struct db *db, const char *addr,
                                         int64_t since, int64_t *count,
                                         int64_t *oldest_at,
                                         struct cwyn_error *err);

/* Forget attempts made before `before`. */
enum cwyn_code store_login_attempts_prune(struct db *db, int64_t before,
                                          struct cwyn_error *err);

/* ---- API tokens ---------------------------------------------------------- */

struct store_api_token {
	int64_t id;
	int64_t user_id;
	int64_t authority_id;
	char name[STORE_TOKEN_NAME_SIZE];
	char token_hash[STORE_HASH_HEX_SIZE];
	int64_t created_at;
	int64_t last_used_at; /* 0: never */
	int64_t expires_at;   /* 0: no end */
	int64_t revoked_at;   /* 0: live */
	/* From the user's row (filled by reads). */
	char username[STORE_USERNAME_SIZE];
	char role[STORE_ROLE_SIZE];
	bool user_disabled;
};

/* Insert; sets t->id. */
enum cwyn_code store_api_token_insert(struct db *db, struct store_api_token *t,
                                      struct cwyn_error *err);
enum cwyn_code store_api_token_get_by_hash(struct db *db,
                                           const char *token_hash,
                                           struct store_api_token *out,
                                           struct cwyn_error *err);
enum cwyn_code store_api_token_get(struct db *db, int64_t authority_id,
                                   int64_t id, struct store_api_token *out,
                                   struct cwyn_error *err);
/* Tokens of the authority (user_id 0: every user's), by id. */
enum cwyn_code store_api_token_list(struct db *db, int64_t authority_id,
                                    int64_t user_id, struct arena *ar,
                                    struct store_api_token **out, size_t *n,
                                    struct cwyn_error *err);
/* Set revoked_at of a live token: CWYN_ENOTFOUND for no such token in the
 * authority, CWYN_ESTATE when it was already revoked. */
enum cwyn_code store_api_token_revoke(struct db *db, int64_t authority_id,
                                      int64_t id, int64_t at,
                                      struct cwyn_error *err);
enum cwyn_code store_api_token_touch(struct db *db, int64_t id, int64_t at,
                                     struct cwyn_error *err);
/* Revoke every live token of a user (when the user is disabled). */
enum cwyn_code store_api_token_revoke_user(struct db *db, int64_t user_id,
                                           int64_t at,
                                           struct cwyn_error *err);

/* ---- TOTP replay guard --------------------------------------------------- */

/* The last 30-second step accepted for the user (0 when none). */
enum cwyn_code store_totp_last_step(struct db *db, int64_t user_id,
                                    int64_t *step, struct cwyn_error *err);
/* Record `step` as used if it is later than the last one: *advanced says
 * whether it was. Atomic, so two sign-ins racing with the same code
 * cannot both advance (the loser sees false). */
enum cwyn_code store_totp_advance(struct db *db, int64_t user_id,
                                  int64_t step, bool *advanced,
                                  struct cwyn_error *err);
/* Forget the last step (a new secret was enrolled). */
enum cwyn_code store_totp_reset(struct db *db, int64_t user_id,
                                struct cwyn_error *err);

#endif
