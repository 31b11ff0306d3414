/*
 * login.c — signing in: throttle, password, second factor, new session,
 * and an audit entry for every outcome.
 *
 * Order of work, and why:
 * 1. The throttle is asked first (reads only): a locked or throttled name
 *    or address is turned away before any password work, the same way
 *    whether or not the user exists.
 * 2. The password is checked outside any transaction: Argon2id takes tens
 *    of milliseconds and must not hold the database's write lock. An
 *    unknown user, a user without a password and a disabled user are
 *    checked against a dummy hash (passwords.c) and get the same answer
 *    as a wrong password, after the same work.
 * 3. Everything written — attempt rows, a hash upgraded to the current
 *    settings, the TOTP step, the new session, the audit entries — is
 *    then one transaction.
 * A new session always gets a new token; a token the browser had before
 * (previous_token) is deleted, never promoted (session fixation).
 * Concurrent guesses can each slip past the throttle's read before the
 * others' failures are written, so a burst may exceed the lockout count
 * by the number of requests in flight; the lock still follows.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/accounts_internal.h"
#include "i18n/i18n.h"

struct attempt {
	struct accounts *acc;
	int64_t authority_id;  /* as asked */
	int64_t audit_authority; /* 0 when the authority does not exist */
	const char *username;
	const char *addr;
	int64_t now;
};

static const char *const refusal_messages[THROTTLE__MAX] = {
	"", /* THROTTLE_ALLOW */
	N_("too many failed sign-in attempts; wait a little and try again"),
	/* THROTTLE_BACKOFF */
	N_("too many failed sign-in attempts: signing in with this username "
	   "is locked for a while; try again later"), /* THROTTLE_LOCKED */
	N_("too many failed sign-in attempts from this address; try again "
	   "later"), /* THROTTLE_ADDRESS */
};

/* Turned away by the throttle: log it (not counted) and say why. */
static enum cwyn_code refuse(const struct attempt *a,
                             const struct throttle_state *th,
                             struct account_login_result *out,
                             struct cwyn_error *err)
{
	struct db *db = a->acc->db;
	enum cwyn_code rc = db_begin(db, err);
	if (rc == CWYN_OK)
		rc = throttle_record(db, &a->acc->cfg, a->authority_id,
		                     a->username, a->addr, a->now,
		                     STORE_LOGIN_REFUSED, err);
	if (rc == CWYN_OK)
		rc = account_audit(db, a->audit_authority, a->username,
		                   "login.refused", err,
		                   "username=%s addr=%s reason=%s retry_after=%lld",
		                   a->username, a->addr,
		                   throttle_verdict_name(th->verdict),
		                   (long long)th->retry_after);
	if (rc == CWYN_OK)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	if (rc != CWYN_OK)
		return rc;
	out->retry_after = th->retry_after;
	return cwyn_fail(err, CWYN_ESTATE, "login", "%s",
	                 refusal_messages[th->verdict]);
}

/* A wrong username, password or code: count it, maybe lock, audit. */
static enum cwyn_code fail(const struct attempt *a, const char *reason,
                           struct account_login_result *out,
                           struct cwyn_error *err)
{
	struct db *db = a->acc->db;
	const struct account_settings *c = &a->acc->cfg;
	bool locked = false;
	enum cwyn_code rc = db_begin(db, err);
	if (rc == CWYN_OK)
		rc = throttle_failure(db, c, a->authority_id, a->username,
		                      a->addr, a->now, &locked, err);
	if (rc == CWYN_OK)
		rc = account_audit(db, a->audit_authority, a->username,
		                   "login.failure", err,
		                   "username=%s addr=%s reason=%s", a->username,
		                   a->addr, reason);
	if (rc == CWYN_OK && locked)
		rc = account_audit(db, a->audit_authority, a->username,
		                   "login.lockout", err,
		                   "username=%s addr=%s failures=%d "
		                   "locked_for=%lld",
		                   a->username, a->addr, c->lockout_failures,
		                   (long long)c->lockout_duration);
	if (rc == CWYN_OK)
		rc = db_commit(db, err);
	else
		db_rollback(db);
	if (rc != CWYN_OK)
		return rc;
	if (locked) {
		out->retry_after = c->lockout_duration;
		return cwyn_fail(err, CWYN_ESTATE, "login", "%s",
		                 refusal_messages[THROTTLE_LOCKED]);
	}
	/* The same text as ACCOUNT_MSG_BAD_LOGIN, written out for xgettext. */
	return cwyn_fail(err, CWYN_EFORBIDDEN, "login",
	                 N_("the username, password or code is not right"));
}

/* Throttle check; CWYN_OK and *stop false when the attempt may go on. */
static enum cwyn_code gate(const struct attempt *a, bool *stop,
                           struct account_login_result *out,
                           struct cwyn_error *err)
{
	struct throttle_state th;
	*stop = false;
	enum cwyn_code rc = throttle_check(a->acc->db, &a->acc->cfg,
	                                   a->authority_id, a->username, a->addr,
	                                   a->now, &th, err);
	if (rc != CWYN_OK || th.verdict == THROTTLE_ALLOW)
		return rc;
	*stop = true;
	return refuse(a, &th, out, err);
}

/* The second factor of a user, if one is enrolled. */
static bool has_totp(const struct store_user *u)
{
	return u->totp_secret != NULL && u->totp_secret[0] != '\0';
}

/* Inside the transaction: check the code and spend its step. */
static enum cwyn_code spend_code(struct db *db, const struct store_user *u,
                                 const char *code, int64_t now, bool *ok,
                                 struct cwyn_error *err)
{
	int64_t last = 0, step = 0;
	*ok = false;
	enum cwyn_code rc = store_totp_last_step(db, u->id, &last, err);
	if (rc != CWYN_OK)
		return rc;
	if (!totp_check_user(u->totp_secret, code, now, last, &step))
		return CWYN_OK;
	return store_totp_advance(db, u->id, step, ok, err);
}

enum cwyn_code account_login(struct accounts *acc,
                             const struct account_login *in,
                             struct account_login_result *out,
                             struct cwyn_error *err)
{
	struct store_user u;
	struct store_authority auth;
	struct account_user who;
	struct arena ar;
	char rehashed[crypto_pwhash_STRBYTES] = "";
	bool stop = false, found = false;
	const char *reason = NULL;
	memset(out, 0, sizeof *out);
	arena_init(&ar, 0);
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		goto out;
	rc = account_username_check(in->username, err);
	if (rc != CWYN_OK)
		goto out;
	struct attempt a = {
	    .acc = acc,
	    .authority_id = in->authority_id,
	    .username = in->username,
	    .addr = in->remote_addr ? in->remote_addr : "",
	    .now = in->now,
	};
	rc = store_authority_get(acc->db, in->authority_id, &ar, &auth, err);
	if (rc == CWYN_OK)
		a.audit_authority = in->authority_id;
	else if (rc != CWYN_ENOTFOUND)
		goto out;
	rc = gate(&a, &stop, out, err);
	if (rc != CWYN_OK || stop)
		goto out;

	if (a.audit_authority) {
		rc = store_user_get_by_username(acc->db, in->authority_id,
		                                in->username, &ar, &u, err);
		if (rc != CWYN_OK && rc != CWYN_ENOTFOUND)
			goto out;
		found = rc == CWYN_OK;
	}
	bool pw_ok = password_verify(acc->cfg.pwhash,
	                             found ? u.password_hash : NULL,
	                             in->password ? in->password : "");
	if (!found)
		reason = "unknown_user";
	else if (u.password_hash == NULL)
		reason = "no_password";
	else if (!pw_ok)
		reason = "wrong_password";
	else if (u.disabled)
		reason = "disabled";
	if (reason) {
		rc = fail(&a, reason, out, err);
		goto out;
	}
	bool enrolled = has_totp(&u);
	if (!enrolled && acc->cfg.require_totp_for_staff) {
		/* The password was right: not a failure to count, but the
		 * user cannot go further until someone enrols a factor. */
		rc = db_begin(acc->db, err);
		if (rc == CWYN_OK)
			rc = account_audit(acc->db, in->authority_id, in->username,
			                   "login.refused", err,
			                   "username=%s addr=%s "
			                   "reason=no_second_factor",
			                   in->username, a.addr);
		if (rc == CWYN_OK)
			rc = db_commit(acc->db, err);
		else
			db_rollback(acc->db);
		if (rc == CWYN_OK)
			rc = cwyn_fail(err, CWYN_ESTATE, "totp_code",
			               N_("staff must sign in with a second factor, "
			               "and this account has none; ask an "
			               "administrator to enrol one"));
		goto out;
	}
	bool rehash = password_needs_rehash(acc->cfg.pwhash, u.password_hash) &&
	              password_hash(acc->cfg.pwhash, in->password, rehashed,
	                            sizeof rehashed, NULL) == CWYN_OK;
	bool with_code = enrolled && in->totp_code && in->totp_code[0];

	rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	if (with_code) {
		bool ok = false;
		rc = spend_code(acc->db, &u, in->totp_code, in->now, &ok, err);
		if (rc != CWYN_OK)
			goto err;
		if (!ok) {
			db_rollback(acc->db);
			rc = fail(&a, "wrong_code", out, err);
			goto out;
		}
	}
	if (rehash) {
		u.password_hash = rehashed;
		rc = store_user_update(acc->db, &u, err);
		if (rc != CWYN_OK)
			goto err;
	}
	if (in->previous_token && in->previous_token[0]) {
		struct store_session old;
		if (session_load(acc->db, in->previous_token, &old, NULL) ==
		    CWYN_OK) {
			rc = store_session_delete(acc->db, old.id_hash, NULL, err);
			if (rc != CWYN_OK)
				goto err;
		}
	}
	account_user_from(&who, &u);
	if (enrolled && !with_code) {
		out->status = ACCOUNT_LOGIN_NEED_TOTP;
		rc = session_create(acc->db, &acc->cfg, &who, true, false, a.addr,
		                    in->user_agent, in->now,
		                    in->now + acc->cfg.second_factor_timeout,
		                    out->token, &out->session, err);
		if (rc == CWYN_OK)
			rc = account_audit(acc->db, in->authority_id, in->username,
			                   "login.password_ok", err,
			                   "username=%s addr=%s "
			                   "second_factor=awaited",
			                   in->username, a.addr);
	} else {
		out->status = ACCOUNT_LOGIN_OK;
		rc = throttle_record(acc->db, &acc->cfg, in->authority_id,
		                     in->username, a.addr, in->now,
		                     STORE_LOGIN_SUCCESS, err);
		if (rc == CWYN_OK)
			rc = session_create(
			    acc->db, &acc->cfg, &who, false, with_code, a.addr,
			    in->user_agent, in->now,
			    in->now + acc->cfg.absolute_timeout, out->token,
			    &out->session, err);
		if (rc == CWYN_OK)
			rc = account_audit(acc->db, in->authority_id, in->username,
			                   "login.success", err,
			                   "username=%s addr=%s second_factor=%s%s",
			                   in->username, a.addr,
			                   with_code ? "totp" : "none",
			                   rehash ? " password_rehashed=yes" : "");
	}
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(acc->db, err);
	goto out;
err:
	db_rollback(acc->db);
out:
	if (rc != CWYN_OK) {
		sodium_memzero(out->token, sizeof out->token);
		memset(&out->session, 0, sizeof out->session);
	}
	sodium_memzero(rehashed, sizeof rehashed);
	arena_free(&ar);
	return rc;
}

enum cwyn_code account_login_totp(struct accounts *acc,
                                  const char *pending_token,
                                  const char *code, const char *remote_addr,
                                  int64_t now,
                                  struct account_login_result *out,
                                  struct cwyn_error *err)
{
	struct store_session s;
	struct store_user u;
	struct account_user who;
	struct arena ar;
	bool stop = false, ok = false;
	memset(out, 0, sizeof *out);
	arena_init(&ar, 0);
	enum cwyn_code rc = session_load(acc->db, pending_token, &s, err);
	if (rc != CWYN_OK)
		goto out;
	if (!s.awaiting_second_factor || s.user_disabled || now >= s.expires_at) {
		if (s.awaiting_second_factor)
			store_session_delete(acc->db, s.id_hash, NULL, NULL);
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "session",
		               N_("the sign-in has expired; start again"));
		goto out;
	}
	struct attempt a = {
	    .acc = acc,
	    .authority_id = s.authority_id,
	    .audit_authority = s.authority_id,
	    .username = s.username,
	    .addr = remote_addr ? remote_addr : "",
	    .now = now,
	};
	rc = gate(&a, &stop, out, err);
	if (rc != CWYN_OK || stop)
		goto out;
	rc = store_user_get(acc->db, s.authority_id, s.user_id, &ar, &u, err);
	if (rc != CWYN_OK)
		goto out;
	rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	if (has_totp(&u))
		rc = spend_code(acc->db, &u, code, now, &ok, err);
	if (rc != CWYN_OK)
		goto err;
	if (!ok) {
		db_rollback(acc->db);
		rc = fail(&a, "wrong_code", out, err);
		goto out;
	}
	/* The half-session goes; the full one has a new token (rotation). */
	rc = store_session_delete(acc->db, s.id_hash, NULL, err);
	if (rc == CWYN_OK)
		rc = throttle_record(acc->db, &acc->cfg, s.authority_id,
		                     s.username, a.addr, now, STORE_LOGIN_SUCCESS,
		                     err);
	account_user_from(&who, &u);
	if (rc == CWYN_OK)
		rc = session_create(acc->db, &acc->cfg, &who, false, true, a.addr,
		                    NULL, now, now + acc->cfg.absolute_timeout,
		                    out->token, &out->session, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, s.authority_id, s.username,
		                   "login.success", err,
		                   "username=%s addr=%s second_factor=totp",
		                   s.username, a.addr);
	if (rc != CWYN_OK)
		goto err;
	out->status = ACCOUNT_LOGIN_OK;
	rc = db_commit(acc->db, err);
	goto out;
err:
	db_rollback(acc->db);
out:
	if (rc != CWYN_OK) {
		sodium_memzero(out->token, sizeof out->token);
		memset(&out->session, 0, sizeof out->session);
	}
	arena_free(&ar);
	return rc;
}
