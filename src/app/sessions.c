/*
 * sessions.c — server-side sessions: made at sign-in, found by the hash
 * of the cookie's token, ended by idleness, by their absolute end, by
 * logout, by a password change or by the user being disabled.
 *
 * A session never outlives `absolute_timeout` after sign-in, however
 * busy, and ends after `idle_timeout` without a request. Seeing a session
 * is written back at most once a minute (so a page of many requests does
 * not write many times); the idle limit is therefore exact to within a
 * minute, on the safe side. Rotation gives the session a new token and
 * CSRF token and deletes the old row, so a token seen before a change of
 * privilege (or before sign-in) is worth nothing after it.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/accounts_internal.h"
#include "i18n/i18n.h"

#define TOUCH_EVERY 60 /* s between last_seen_at writes */

static void session_out(struct account_session *out,
                        const struct store_session *s)
{
	memset(out, 0, sizeof *out);
	out->user.user_id = s->user_id;
	out->user.authority_id = s->authority_id;
	snprintf(out->user.username, sizeof out->user.username, "%s",
	         s->username);
	snprintf(out->user.role, sizeof out->user.role, "%s", s->role);
	snprintf(out->csrf_token, sizeof out->csrf_token, "%s", s->csrf_token);
	out->second_factor_done = s->second_factor_done;
	out->created_at = s->created_at;
	out->last_seen_at = s->last_seen_at;
	out->expires_at = s->expires_at;
}

enum cwyn_code session_create(struct db *db, const struct account_settings *c,
                              const struct account_user *u, bool awaiting_totp,
                              bool second_factor_done,
                              const char *remote_addr, const char *user_agent,
                              int64_t now, int64_t expires_at,
                              char token[ACCOUNT_TOKEN_SIZE],
                              struct account_session *out,
                              struct cwyn_error *err)
{
	struct store_session s;
	(void)c;
	memset(&s, 0, sizeof s);
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		return rc;
	token_random(token);
	token_hash_hex(token, s.id_hash);
	token_random(s.csrf_token);
	s.user_id = u->user_id;
	s.authority_id = u->authority_id;
	s.created_at = now;
	s.last_seen_at = now;
	s.expires_at = expires_at;
	s.second_factor_done = second_factor_done;
	s.awaiting_second_factor = awaiting_totp;
	if (user_agent && user_agent[0])
		token_hash_hex(user_agent, s.user_agent_hash);
	if (remote_addr)
		snprintf(s.remote_addr, sizeof s.remote_addr, "%s", remote_addr);
	snprintf(s.username, sizeof s.username, "%s", u->username);
	snprintf(s.role, sizeof s.role, "%s", u->role);
	rc = store_session_insert(db, &s, err);
	if (rc == CWYN_OK && out)
		session_out(out, &s);
	return rc;
}

static enum cwyn_code gone(struct cwyn_error *err)
{
	return cwyn_fail(err, CWYN_ENOTFOUND, "session",
	                 N_("the session has ended; sign in again"));
}

enum cwyn_code session_load(struct db *db, const char *token,
                            struct store_session *out,
                            struct cwyn_error *err)
{
	char h[STORE_HASH_HEX_SIZE];
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		return rc;
	if (!token_well_formed(token, TOKEN_CHARS))
		return gone(err);
	token_hash_hex(token, h);
	rc = store_session_get(db, h, out, err);
	if (rc == CWYN_ENOTFOUND)
		return gone(err);
	return rc;
}

/* Is the session usable at `now`? (Half-sessions are judged apart.) */
static bool alive(const struct account_settings *c,
                  const struct store_session *s, int64_t now)
{
	if (s->user_disabled || now >= s->expires_at)
		return false;
	if (!s->awaiting_second_factor && now - s->last_seen_at >= c->idle_timeout)
		return false;
	return true;
}

enum cwyn_code session_lookup(struct accounts *acc, const char *token,
                              int64_t now, struct account_session *out,
                              struct cwyn_error *err)
{
	struct store_session s;
	enum cwyn_code rc = session_load(acc->db, token, &s, err);
	if (rc != CWYN_OK)
		return rc;
	if (!alive(&acc->cfg, &s, now)) {
		/* Dead rows go now; session_purge sweeps the ones never
		 * presented again. A failed delete changes nothing. */
		store_session_delete(acc->db, s.id_hash, NULL, NULL);
		return gone(err);
	}
	if (s.awaiting_second_factor)
		return cwyn_fail(err, CWYN_ESTATE, "totp_code",
		                 N_("the code from the authenticator app is needed "
		                 "to finish signing in"));
	if (now - s.last_seen_at >= TOUCH_EVERY) {
		rc = store_session_touch(acc->db, s.id_hash, now, err);
		if (rc != CWYN_OK)
			return rc;
		s.last_seen_at = now;
	}
	session_out(out, &s);
	return CWYN_OK;
}

enum cwyn_code session_logout(struct accounts *acc, const char *token,
                              int64_t now, struct cwyn_error *err)
{
	struct store_session s;
	(void)now;
	enum cwyn_code rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = session_load(acc->db, token, &s, err);
	if (rc == CWYN_ENOTFOUND) {
		/* Logging out twice is not an error: the session is gone. */
		db_rollback(acc->db);
		if (err)
			cwyn_error_clear(err);
		return CWYN_OK;
	}
	if (rc == CWYN_OK)
		rc = store_session_delete(acc->db, s.id_hash, NULL, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, s.authority_id, s.username,
		                   "session.logout", err, "username=%s",
		                   s.username);
	if (rc != CWYN_OK)
		goto err;
	return db_commit(acc->db, err);
err:
	db_rollback(acc->db);
	return rc;
}

enum cwyn_code session_rotate(struct accounts *acc, const char *token,
                              int64_t now,
                              char new_token[ACCOUNT_TOKEN_SIZE],
                              struct account_session *out,
                              struct cwyn_error *err)
{
	struct store_session s;
	struct account_user u;
	enum cwyn_code rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = session_load(acc->db, token, &s, err);
	if (rc != CWYN_OK)
		goto err;
	if (!alive(&acc->cfg, &s, now) || s.awaiting_second_factor) {
		rc = gone(err);
		goto err;
	}
	rc = store_session_delete(acc->db, s.id_hash, NULL, err);
	if (rc != CWYN_OK)
		goto err;
	memset(&u, 0, sizeof u);
	u.user_id = s.user_id;
	u.authority_id = s.authority_id;
	snprintf(u.username, sizeof u.username, "%s", s.username);
	snprintf(u.role, sizeof u.role, "%s", s.role);
	rc = session_create(acc->db, &acc->cfg, &u, false, s.second_factor_done,
	                    s.remote_addr, NULL, now, s.expires_at, new_token,
	                    out, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, s.authority_id, s.username,
		                   "session.rotate", err, "username=%s",
		                   s.username);
	if (rc != CWYN_OK)
		goto err;
	return db_commit(acc->db, err);
err:
	db_rollback(acc->db);
	return rc;
}

enum cwyn_code session_purge(struct accounts *acc, int64_t now, int64_t *n,
                             struct cwyn_error *err)
{
	return store_session_purge(acc->db, now, now - acc->cfg.idle_timeout, n,
	                           err);
}

enum cwyn_code csrf_check(const struct account_session *s,
                          const char *submitted, struct cwyn_error *err)
{
	size_t want = strlen(s->csrf_token);
	if (want == 0 || submitted == NULL || strlen(submitted) != want ||
	    sodium_memcmp(s->csrf_token, submitted, want) != 0)
		return cwyn_fail(err, CWYN_EFORBIDDEN, "csrf_token",
		                 N_("the form is out of date or was not sent by "
		                 "cwyn; reload the page and try again"));
	return CWYN_OK;
}
