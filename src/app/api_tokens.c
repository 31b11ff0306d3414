/*
 * api_tokens.c — bearer tokens for integrations (a case feed, a reporting
 * tool): made for a user and named for what uses them, shown once, kept
 * only as a BLAKE2b hash, revocable, optionally expiring. A token acts as
 * its user with that user's role; a disabled user's tokens stop working
 * (and are revoked when the user is disabled).
 *
 * Tokens are "cwyn_" followed by 256 random bits in base64url: the prefix
 * lets secret scanners and people recognise one in a log or a repository.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "app/accounts_internal.h"
#include "i18n/i18n.h"

#define API_PREFIX "cwyn_"
#define API_PREFIX_LEN 5
#define TOUCH_EVERY 60 /* s between last_used_at writes */

enum cwyn_code api_token_create(struct accounts *acc, const char *actor,
                                int64_t authority_id, const char *username,
                                const char *name, int64_t expires_at,
                                int64_t now,
                                char token[ACCOUNT_API_TOKEN_SIZE],
                                int64_t *id, struct cwyn_error *err)
{
	struct store_user u;
	struct store_api_token t;
	struct arena ar;
	char raw[ACCOUNT_TOKEN_SIZE];
	arena_init(&ar, 0);
	token[0] = '\0';
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		goto out;
	if (name == NULL || name[0] == '\0' || strlen(name) > 64) {
		rc = cwyn_fail(err, CWYN_EINVAL, "name",
		               N_("a token name must be 1 to 64 bytes long"));
		goto out;
	}
	if (expires_at != 0 && expires_at <= now) {
		rc = cwyn_fail(err, CWYN_EINVAL, "expires_at",
		               N_("the expiry must be in the future"));
		goto out;
	}
	memset(&t, 0, sizeof t);
	token_random(raw);
	snprintf(token, ACCOUNT_API_TOKEN_SIZE, API_PREFIX "%s", raw);
	sodium_memzero(raw, sizeof raw);
	token_hash_hex(token, t.token_hash);
	rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		goto out;
	rc = account_get_user(acc->db, authority_id, username, &ar, &u, err);
	if (rc == CWYN_OK && u.disabled)
		rc = cwyn_fail(err, CWYN_ESTATE, "username",
		               N_("the user is disabled"));
	if (rc != CWYN_OK)
		goto err;
	t.user_id = u.id;
	t.authority_id = authority_id;
	snprintf(t.name, sizeof t.name, "%s", name);
	t.created_at = now;
	t.expires_at = expires_at;
	rc = store_api_token_insert(acc->db, &t, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, authority_id, actor, "token.create",
		                   err, "id=%lld username=%s name=%s",
		                   (long long)t.id, username, t.name);
	if (rc != CWYN_OK)
		goto err;
	rc = db_commit(acc->db, err);
	if (rc == CWYN_OK && id)
		*id = t.id;
	goto out;
err:
	db_rollback(acc->db);
out:
	if (rc != CWYN_OK)
		sodium_memzero(token, ACCOUNT_API_TOKEN_SIZE);
	arena_free(&ar);
	return rc;
}

enum cwyn_code api_token_list(struct accounts *acc, int64_t authority_id,
                              const char *username, struct arena *ar,
                              struct store_api_token **out, size_t *n,
                              struct cwyn_error *err)
{
	int64_t user_id = 0;
	*out = NULL;
	*n = 0;
	if (username) {
		struct store_user u;
		enum cwyn_code rc = account_get_user(acc->db, authority_id,
		                                     username, ar, &u, err);
		if (rc != CWYN_OK)
			return rc;
		user_id = u.id;
	}
	enum cwyn_code rc = store_api_token_list(acc->db, authority_id, user_id,
	                                         ar, out, n, err);
	/* The hash is no secret, but nobody listing tokens needs it. */
	for (size_t i = 0; rc == CWYN_OK && i < *n; i++)
		(*out)[i].token_hash[0] = '\0';
	return rc;
}

enum cwyn_code api_token_revoke(struct accounts *acc, const char *actor,
                                int64_t authority_id, int64_t id, int64_t now,
                                struct cwyn_error *err)
{
	struct store_api_token t;
	enum cwyn_code rc = db_begin(acc->db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = store_api_token_get(acc->db, authority_id, id, &t, err);
	if (rc == CWYN_OK)
		rc = store_api_token_revoke(acc->db, authority_id, id, now, err);
	if (rc == CWYN_OK)
		rc = account_audit(acc->db, authority_id, actor, "token.revoke",
		                   err, "id=%lld username=%s name=%s",
		                   (long long)id, t.username, t.name);
	if (rc != CWYN_OK)
		goto err;
	return db_commit(acc->db, err);
err:
	db_rollback(acc->db);
	return rc;
}

static enum cwyn_code no_token(struct cwyn_error *err)
{
	return cwyn_fail(err, CWYN_ENOTFOUND, "token",
	                 N_("the API token is not valid"));
}

enum cwyn_code api_token_lookup(struct accounts *acc, const char *token,
                                int64_t now, struct account_user *out,
                                struct cwyn_error *err)
{
	struct store_api_token t;
	char h[STORE_HASH_HEX_SIZE];
	enum cwyn_code rc = accounts_crypto_init(err);
	if (rc != CWYN_OK)
		return rc;
	if (token == NULL || strncmp(token, API_PREFIX, API_PREFIX_LEN) != 0 ||
	    !token_well_formed(token + API_PREFIX_LEN, TOKEN_CHARS))
		return no_token(err);
	token_hash_hex(token, h);
	rc = store_api_token_get_by_hash(acc->db, h, &t, err);
	if (rc == CWYN_ENOTFOUND)
		return no_token(err);
	if (rc != CWYN_OK)
		return rc;
	if (t.revoked_at != 0 || t.user_disabled ||
	    (t.expires_at != 0 && now >= t.expires_at))
		return no_token(err);
	if (t.last_used_at == 0 || now - t.last_used_at >= TOUCH_EVERY) {
		rc = store_api_token_touch(acc->db, t.id, now, err);
		if (rc != CWYN_OK)
			return rc;
	}
	memset(out, 0, sizeof *out);
	out->user_id = t.user_id;
	out->authority_id = t.authority_id;
	snprintf(out->username, sizeof out->username, "%s", t.username);
	snprintf(out->role, sizeof out->role, "%s", t.role);
	return CWYN_OK;
}

const char *api_token_from_header(const char *authorization)
{
	if (authorization == NULL)
		return NULL;
	while (*authorization == ' ')
		authorization++;
	/* The scheme is case-insensitive (RFC 9110 §11.1). */
	if (strncasecmp(authorization, "Bearer ", 7) != 0)
		return NULL;
	const char *t = authorization + 7;
	while (*t == ' ')
		t++;
	return *t ? t : NULL;
}
