/*
 * accounts.c — the accounts themselves: settings, creating a user with a
 * password, changing the password, disabling, and the helpers the other
 * accounts files share (user lookup, audit entries).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/accounts_internal.h"
#include "i18n/i18n.h"
#include "store/audit.h"

void account_settings_default(struct account_settings *s)
{
	memset(s, 0, sizeof *s);
	s->pwhash = ACCOUNT_PWHASH_INTERACTIVE;
	s->idle_timeout = 30 * 60;
	s->absolute_timeout = 12 * 60 * 60;
	s->second_factor_timeout = 5 * 60;
	s->lockout_failures = 10;
	s->lockout_window = 15 * 60;
	s->lockout_duration = 15 * 60;
	s->backoff_after = 3;
	s->backoff_base = 1;
	s->backoff_max = 60;
	s->addr_failures = 50;
	s->addr_window = 15 * 60;
	s->require_totp_for_staff = true;
	s->totp_issuer = "cwyn";
}

void accounts_init(struct accounts *acc, struct db *db)
{
	acc->db = db;
	account_settings_default(&acc->cfg);
}

enum cwyn_code account_username_check(const char *username,
                                      struct cwyn_error *err)
{
	size_t n = username ? strlen(username) : 0;
	if (n == 0 || n > 64)
		return cwyn_fail(err, CWYN_EINVAL, "username",
		                 N_("a username must be 1 to 64 characters long"));
	/* Printable ASCII without spaces: usernames go into audit details
	 * ("username=...") and URIs, and must read the same everywhere. */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)username[i];
		if (c <= ' ' || c >= 0x7f || c == '=')
			return cwyn_fail(err, CWYN_EINVAL, "username",
			                 N_("a username may use letters, digits "
			                 "and punctuation, without spaces"));
	}
	return CWYN_OK;
}

enum cwyn_code account_get_user(struct db *db, int64_t authority_id,
                                const char *username, struct arena *ar,
                                struct store_user *u, struct cwyn_error *err)
{
	enum cwyn_code rc = store_user_get_by_username(db, authority_id,
	                                               username, ar, u, err);
	if (rc == CWYN_ENOTFOUND)
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "username",
		               N_("there is no user with this username"));
	return rc;
}

void account_user_from(struct account_user *out, const struct store_user *u)
{
	memset(out, 0, sizeof *out);
	out->user_id = u->id;
	out->authority_id = u->authority_id;
	snprintf(out->username, sizeof out->username, "%s", u->username);
	snprintf(out->role, sizeof out->role, "%s", u->role);
}

enum cwyn_code account_audit(struct db *db, int64_t authority_id,
                             const char *actor, const char *action,
                             struct cwyn_error *err, const char *fmt, ...)
{
	char detail[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	return audit_append(db, authority_id, actor && actor[0] ? actor : "system",
	                    action, 0, detail, err);
}

enum cwyn_code account_create(struct accounts *acc, const char *actor,
                              const struct account_new *in, int64_t *user_id,
                              struct cwyn_error *err)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	struct store_user u;
	enum cwyn_code rc = account_username_check(in->username, err);
	if (rc != CWYN_OK)
		return rc;
	if (!store_role_valid(in->role))
		return cwyn_fail(err, CWYN_EINVAL, "role",
		                 N_("the role must be one of complaints_officer, "
		                 "conference_chair, senior_manager, panel_member, "
		                 "investigator, auditor, administrator"));
	if (in->password) {
		rc = account_password_rules(in->username, in->password, err);
		if (rc == CWYN_OK)
			rc = password_hash(acc->cfg.pwhash, in->password, hash,
			                   sizeof hash, err);
		if (rc != CWYN_OK)
			return rc;
	}
	memset(&u, 0, sizeof u);
	u.authority_id = in->authority_id;
	u.username = in->username;
	u.display_name = in->display_name && in->display_name[0]
	                     ? in->display_name
	                     : in->username;
	u.role = in->role;
	u.password_hash = in->password ? hash : NULL;
	rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = store_user_create(acc->db, &u, err);
	if (rc == CWYN_ECONFLICT)
		rc = cwyn_fail(err, CWYN_ECONFLICT, "username",
		               N_("a user with this username already exists"));
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, in->authority_id, actor,
		                   "user.create", err,
		                   "username=%s role=%s password=%s",
		                   in->username, in->role,
		                   in->password ? "set" : "none");
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(acc->db, err);
	if (rc == CWYN_OK && user_id)
		*user_id = u.id;
	sodium_memzero(hash, sizeof hash);
	return rc;
err:
	db_rollback(acc->db);
	sodium_memzero(hash, sizeof hash);
	return rc;
}

enum cwyn_code account_set_password(struct accounts *acc, const char *actor,
                                    int64_t authority_id, const char *username,
                                    const char *password,
                                    struct cwyn_error *err)
{
	char hash[crypto_pwhash_STRBYTES] = "";
	struct store_user u;
	struct arena ar;
	int64_t ended = 0;
	enum cwyn_code rc = account_password_rules(username, password, err);
	if (rc == CWYN_OK)
		rc = password_hash(acc->cfg.pwhash, password, hash, sizeof hash,
		                   err);
	if (rc != CWYN_OK)
		return rc;
	arena_init(&ar, 0);
	rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	rc = account_get_user(acc->db, authority_id, username, &ar, &u, err);
	if (rc != CWYN_OK)
		goto err;
	u.password_hash = hash;
	rc = store_user_update(acc->db, &u, err);
	/* Whoever held a session on the old password holds nothing now. */
	if (rc == CWYN_OK)
		rc = store_session_delete_user(acc->db, u.id, &ended, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, authority_id, actor, "user.password",
		                   err, "username=%s sessions_ended=%lld",
		                   username, (long long)ended);
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(acc->db, err);
	goto out;
err:
	db_rollback(acc->db);
out:
	sodium_memzero(hash, sizeof hash);
	arena_free(&ar);
	return rc;
}

enum cwyn_code account_disable(struct accounts *acc, const char *actor,
                               int64_t authority_id, const char *username,
                               int64_t now, struct cwyn_error *err)
{
	struct store_user u;
	struct arena ar;
	int64_t ended = 0;
	arena_init(&ar, 0);
	enum cwyn_code rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	rc = account_get_user(acc->db, authority_id, username, &ar, &u, err);
	if (rc != CWYN_OK)
		goto err;
	u.disabled = true;
	rc = store_user_update(acc->db, &u, err);
	if (rc == CWYN_OK)
		rc = store_session_delete_user(acc->db, u.id, &ended, err);
	if (rc == CWYN_OK)
		rc = store_api_token_revoke_user(acc->db, u.id, now, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, authority_id, actor, "user.disable",
		                   err, "username=%s sessions_ended=%lld",
		                   username, (long long)ended);
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(acc->db, err);
	goto out;
err:
	db_rollback(acc->db);
out:
	arena_free(&ar);
	return rc;
}
