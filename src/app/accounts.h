/*
 * accounts.h — staff accounts and how they sign in: passwords (Argon2id),
 * login throttling and lockout, server-side sessions with CSRF tokens, the
 * TOTP second factor, and API tokens for integrations.
 *
 * What the web layer calls. Every function takes a `struct accounts`
 * (the database and the settings) and an injected `now` (Unix seconds),
 * never the system clock, so tests can walk through timeouts. Every
 * mutating call is ONE transaction that writes its audit entry
 * (audit_append) next to the change; no audit entry ever holds a password,
 * a session token, an API token or a TOTP secret or code.
 *
 * Secrets handed out (session tokens, API tokens) are 256-bit random
 * values in base64url; the database holds only their BLAKE2b-256 hash, so
 * a copy of it lets nobody sign in. A token is shown once, when made.
 *
 * Errors: a wrong username, password or second-factor code is
 * CWYN_EFORBIDDEN with one message for all three (ACCOUNT_MSG_BAD_LOGIN),
 * so the answer does not tell whether a username exists; for the same
 * reason an unknown username costs the same Argon2id work as a known one
 * and is throttled the same way. A locked or throttled login is
 * CWYN_ESTATE with retry_after set. A missing, expired or logged-out
 * session is CWYN_ENOTFOUND ("sign in again").
 */
#ifndef CWYN_APP_ACCOUNTS_H
#define CWYN_APP_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"
#include "store/store_accounts.h"

/* The one answer to a wrong username, password or code. */
#define ACCOUNT_MSG_BAD_LOGIN "the username, password or code is not right"

#define ACCOUNT_TOKEN_SIZE 48     /* session token: 43 base64url chars + NUL */
#define ACCOUNT_API_TOKEN_SIZE 56 /* "cwyn_" + 43 base64url chars + NUL */
#define ACCOUNT_PASSWORD_MIN 12   /* characters (code points) */
#define ACCOUNT_PASSWORD_MAX 1024 /* bytes */

/* ---- Settings ------------------------------------------------------------ */

enum account_pwhash {
	ACCOUNT_PWHASH_INTERACTIVE = 0, /* libsodium INTERACTIVE: 64 MiB, 2 passes */
	ACCOUNT_PWHASH_MODERATE,        /* 256 MiB, 3 passes: ~0.7 s a login */
	ACCOUNT_PWHASH__MAX
};

struct account_settings {
	enum account_pwhash pwhash;  /* new hashes; older ones are upgraded
	                              * at the next successful login */
	int64_t idle_timeout;        /* s without a request: 1800 */
	int64_t absolute_timeout;    /* s after sign-in, whatever happens: 43200 */
	int64_t second_factor_timeout; /* s to type the code: 300 */
	int lockout_failures;        /* failures in the window that lock: 10 */
	int64_t lockout_window;      /* s: 900 */
	int64_t lockout_duration;    /* s locked: 900 */
	int backoff_after;           /* failures before waits start: 3 */
	int64_t backoff_base;        /* s, doubled per further failure: 1 */
	int64_t backoff_max;         /* s: 60 */
	int addr_failures;           /* failures from one address that
	                              * throttle it, any username: 50 */
	int64_t addr_window;         /* s: 900 */
	bool require_totp_for_staff; /* staff without a second factor cannot
	                              * sign in: true */
	const char *totp_issuer;     /* shown by authenticator apps: "cwyn" */
};

void account_settings_default(struct account_settings *s);
/* "interactive" | "moderate" */
const char *account_pwhash_name(enum account_pwhash p);
bool account_pwhash_from_name(const char *s, enum account_pwhash *out);

struct accounts {
	struct db *db;
	struct account_settings cfg;
};

/* db with the default settings; change acc->cfg afterwards as needed. */
void accounts_init(struct accounts *acc, struct db *db);

/* ---- Who is signed in ---------------------------------------------------- */

struct account_user {
	int64_t user_id;
	int64_t authority_id;
	char username[STORE_USERNAME_SIZE];
	char role[STORE_ROLE_SIZE]; /* a stored role name (store.h) */
};

struct account_session {
	struct account_user user;
	char csrf_token[STORE_CSRF_SIZE]; /* put it in every form */
	bool second_factor_done;
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at;               /* the absolute end */
};

/* ---- Accounts and passwords ---------------------------------------------- */

/*
 * Check a new password against the rules: at least 12 characters, at most
 * 1024 bytes, valid UTF-8, not the username. CWYN_EINVAL, field
 * "password", with the rule in the message.
 */
enum cwyn_code account_password_rules(const char *username,
                                      const char *password,
                                      struct cwyn_error *err);

/* A random 20-character password (letters and digits without look-alikes,
 * ~115 bits) for the CLI to print. size must be at least 21. */
void account_password_generate(char *out, size_t size);

struct account_new {
	int64_t authority_id;
	const char *username;     /* 1..64 bytes */
	const char *display_name; /* NULL: the username */
	const char *role;         /* a stored role name */
	const char *password;     /* NULL: no password (cannot sign in yet) */
};

/* Create the user; `actor` (a username or "cli") goes in the audit log. */
enum cwyn_code account_create(struct accounts *acc, const char *actor,
                              const struct account_new *in, int64_t *user_id,
                              struct cwyn_error *err);

/* Set a new password; every session of the user ends. */
enum cwyn_code account_set_password(struct accounts *acc, const char *actor,
                                    int64_t authority_id, const char *username,
                                    const char *password,
                                    struct cwyn_error *err);

/* Disable the user: sessions end, API tokens are revoked, sign-in refused. */
enum cwyn_code account_disable(struct accounts *acc, const char *actor,
                               int64_t authority_id, const char *username,
                               int64_t now, struct cwyn_error *err);

/* ---- Signing in ---------------------------------------------------------- */

struct account_login {
	int64_t authority_id;
	const char *username;
	const char *password;
	const char *totp_code;      /* NULL: asked for in a second step */
	const char *remote_addr;    /* NULL: unknown (no address throttling) */
	const char *user_agent;     /* NULL: unknown; only its hash is kept */
	const char *previous_token; /* the session cookie the browser had, if
	                             * any: deleted, never reused (fixation) */
	int64_t now;
};

enum account_login_status {
	ACCOUNT_LOGIN_OK = 0,       /* token is a full session */
	ACCOUNT_LOGIN_NEED_TOTP,    /* token is a short half-session: call
	                             * account_login_totp with the code */
	ACCOUNT_LOGIN__MAX
};

struct account_login_result {
	enum account_login_status status;
	char token[ACCOUNT_TOKEN_SIZE]; /* the new session cookie value */
	struct account_session session;
	int64_t retry_after;            /* s, when locked or throttled */
};

/*
 * Sign in: throttle, check the password (and the code when given), then
 * make a new session. A user with a second factor who gave no code gets
 * ACCOUNT_LOGIN_NEED_TOTP and a half-session that session_lookup refuses.
 * Staff without a second factor are refused (CWYN_ESTATE) while
 * cfg.require_totp_for_staff is set.
 */
enum cwyn_code account_login(struct accounts *acc,
                             const struct account_login *in,
                             struct account_login_result *out,
                             struct cwyn_error *err);

/* The second step: the half-session's token and the code. On success the
 * half-session is deleted and a new full session made (rotation). */
enum cwyn_code account_login_totp(struct accounts *acc,
                                  const char *pending_token,
                                  const char *code, const char *remote_addr,
                                  int64_t now,
                                  struct account_login_result *out,
                                  struct cwyn_error *err);

/* ---- Sessions ------------------------------------------------------------ */

/*
 * The session a cookie names, if it is live: not idle for longer than
 * idle_timeout, not past its absolute end, its user not disabled, and not
 * waiting for a second factor (CWYN_ESTATE, field "totp_code"). Marks the
 * session as seen (at most once a minute, to spare the database).
 */
enum cwyn_code session_lookup(struct accounts *acc, const char *token,
                              int64_t now, struct account_session *out,
                              struct cwyn_error *err);

/* End the session (logout). An unknown token is CWYN_OK: already gone. */
enum cwyn_code session_logout(struct accounts *acc, const char *token,
                              int64_t now, struct cwyn_error *err);

/*
 * Give a live session a new token and CSRF token and delete the old one
 * (call on any change of privilege). The absolute end stays as it was.
 */
enum cwyn_code session_rotate(struct accounts *acc, const char *token,
                              int64_t now,
                              char new_token[ACCOUNT_TOKEN_SIZE],
                              struct account_session *out,
                              struct cwyn_error *err);

/* Delete expired and long-idle sessions; *n (may be NULL) gets how many. */
enum cwyn_code session_purge(struct accounts *acc, int64_t now, int64_t *n,
                             struct cwyn_error *err);

/* Compare a submitted CSRF token with the session's, in constant time.
 * CWYN_EFORBIDDEN, field "csrf_token", when missing or different. */
enum cwyn_code csrf_check(const struct account_session *s,
                          const char *submitted, struct cwyn_error *err);

/* ---- Second factor (TOTP, RFC 6238) ---------------------------------------- */

struct account_totp_enrolment {
	char secret[40];  /* base32 of 160 random bits (32 chars) */
	char uri[640];    /* otpauth://totp/... for a QR code or the app */
};

/* Give the user a new secret (replacing any old one); shown once. */
enum cwyn_code totp_enroll(struct accounts *acc, const char *actor,
                           int64_t authority_id, const char *username,
                           struct account_totp_enrolment *out,
                           struct cwyn_error *err);

/* ---- API tokens ------------------------------------------------------------ */

/*
 * Make an API token for the user, named for the integration (1..64
 * bytes); expires_at 0 for none. The token is written to `token` and is
 * never available again.
 */
enum cwyn_code api_token_create(struct accounts *acc, const char *actor,
                                int64_t authority_id, const char *username,
                                const char *name, int64_t expires_at,
                                int64_t now,
                                char token[ACCOUNT_API_TOKEN_SIZE],
                                int64_t *id, struct cwyn_error *err);

/* The authority's tokens (username NULL: everyone's); no secrets. */
enum cwyn_code api_token_list(struct accounts *acc, int64_t authority_id,
                              const char *username, struct arena *ar,
                              struct store_api_token **out, size_t *n,
                              struct cwyn_error *err);

enum cwyn_code api_token_revoke(struct accounts *acc, const char *actor,
                                int64_t authority_id, int64_t id, int64_t now,
                                struct cwyn_error *err);

/* The user behind a live token (not revoked, not expired, user enabled):
 * CWYN_ENOTFOUND otherwise. Marks it used (at most once a minute). */
enum cwyn_code api_token_lookup(struct accounts *acc, const char *token,
                                int64_t now, struct account_user *out,
                                struct cwyn_error *err);

/* The token in an "Authorization: Bearer <token>" header value, or NULL. */
const char *api_token_from_header(const char *authorization);

#endif
