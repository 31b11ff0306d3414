/*
 * api_auth.c — signing in and out over the API, and "who am I".
 *
 *   POST   /api/v1/session       {username, password, authority?, totp_code?}
 *   POST   /api/v1/session/totp  {totp_code}   (second step, half-session)
 *   DELETE /api/v1/session       (logout; cookie + X-CSRF-Token)
 *   GET    /api/v1/me
 *
 * A successful sign-in sets the session cookie (HttpOnly, SameSite=Strict,
 * Path=/, Secure over TLS or behind a trusted proxy that says https) and
 * returns the CSRF token in the body: scripts put it in X-CSRF-Token on
 * every state-changing request. Every sign-in makes a new session and
 * deletes the one the browser already had (no session fixation). The
 * rules themselves (throttling, lockout, timeouts) are in app/accounts.
 */
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "store/store.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/cookie.h"
#include "web/response.h"

static bool set_cookie(struct api_call *c, const char *value, long max_age)
{
	struct cwyn_error err = {0};
	struct cookie_attrs at = {.max_age = max_age, .secure = c->req->secure};
	char *hdr;
	if (cookie_build(c->req->arena, WEB_SESSION_COOKIE, value, &at, &hdr,
	                 &err) != CWYN_OK) {
		api_fail(c, &err);
		return false;
	}
	return respond_add_header(c->req, "Set-Cookie", hdr);
}

static json_t *user_json(const struct account_user *u)
{
	return json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)u->user_id,
	                 "username", u->username, "role", u->role,
	                 "authority_id", (json_int_t)u->authority_id);
}

/* The authority a sign-in is for: named by code, the configured default,
 * or the first one (one-council deployments). */
static enum cwyn_code authority_for(struct api_call *c, const char *code,
                                    int64_t *id, struct cwyn_error *err)
{
	if (code == NULL)
		code = c->app->default_authority;
	if (code != NULL) {
		struct store_authority a;
		enum cwyn_code rc = store_authority_get_by_code(
		    c->db, code, c->req->arena, &a, err);
		if (rc == CWYN_OK)
			*id = a.id;
		return rc;
	}
	return db_query_int(c->db,
	                    "SELECT id FROM authorities ORDER BY id LIMIT 1",
	                    NULL, 0, id, err);
}

/* Answer a refused sign-in without saying which part was wrong. */
static void login_refused(struct api_call *c, const struct cwyn_error *err,
                          int64_t retry_after)
{
	if (err->code == CWYN_EFORBIDDEN || err->code == CWYN_ENOTFOUND) {
		respond_error(c->req, 401, "unauthenticated",
		              N_(ACCOUNT_MSG_BAD_LOGIN), NULL);
		return;
	}
	if (err->code == CWYN_ESTATE && retry_after > 0) {
		respond_error(c->req, 429, "too_many_attempts",
		              N_("too many failed sign-ins; wait and try again"),
		              NULL);
		char secs[32];
		snprintf(secs, sizeof secs, "%lld", (long long)retry_after);
		respond_add_header(c->req, "Retry-After", secs);
		return;
	}
	api_fail(c, err);
}

static void signed_in(struct api_call *c,
                      const struct account_login_result *res)
{
	json_t *body;
	if (res->status == ACCOUNT_LOGIN_NEED_TOTP)
		body = json_pack("{s:s}", "status", "second_factor_required");
	else
		body = json_pack("{s:s,s:s,s:o,s:I}", "status", "signed_in",
		                 "csrf_token", res->session.csrf_token, "user",
		                 user_json(&res->session.user), "expires_at",
		                 (json_int_t)res->session.expires_at);
	respond_json(c->req, 200, body);
	set_cookie(c, res->token, -1);
}

void api_session_create(struct web_request *req)
{
	static const char *const allowed[] = {"username", "password",
	                                      "authority", "totp_code", NULL};
	struct api_call c;
	if (!api_begin(req, API_PUBLIC, &c))
		return;
	struct cwyn_error err = {0};
	const char *username = NULL, *password = NULL, *authority = NULL,
	           *code = NULL;
	json_t *o = api_body(&c);
	if (o == NULL || !api_only(&c, o, NULL, allowed) ||
	    !api_str(&c, o, "username", true, 64, &username) ||
	    !api_str(&c, o, "password", true, ACCOUNT_PASSWORD_MAX, &password) ||
	    !api_str(&c, o, "authority", false, 64, &authority) ||
	    !api_str(&c, o, "totp_code", false, 16, &code))
		goto out;
	struct account_login in = {
	    .username = username,
	    .password = password,
	    .totp_code = code,
	    .remote_addr = req->remote_addr,
	    .user_agent = web_request_header(req, "User-Agent"),
	    .previous_token = web_request_cookie(req, WEB_SESSION_COOKIE),
	    .now = c.now,
	};
	enum cwyn_code rc = authority_for(&c, authority, &in.authority_id, &err);
	if (rc == CWYN_ENOTFOUND) {
		/* No such authority: the same answer as a wrong password. */
		login_refused(&c, &err, 0);
		goto out;
	}
	if (rc != CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	struct account_login_result res;
	memset(&res, 0, sizeof res);
	if (account_login(&c.acc, &in, &res, &err) != CWYN_OK) {
		login_refused(&c, &err, res.retry_after);
		goto out;
	}
	signed_in(&c, &res);
out:
	api_end(&c);
}

void api_session_totp(struct web_request *req)
{
	static const char *const allowed[] = {"totp_code", NULL};
	struct api_call c;
	if (!api_begin(req, API_PUBLIC, &c))
		return;
	struct cwyn_error err = {0};
	const char *code = NULL;
	const char *pending = web_request_cookie(req, WEB_SESSION_COOKIE);
	json_t *o = api_body(&c);
	if (o == NULL || !api_only(&c, o, NULL, allowed) ||
	    !api_str(&c, o, "totp_code", true, 16, &code))
		goto out;
	if (pending == NULL) {
		respond_error(req, 401, "unauthenticated",
		              N_("sign in with your password first"), NULL);
		goto out;
	}
	struct account_login_result res;
	memset(&res, 0, sizeof res);
	if (account_login_totp(&c.acc, pending, code, req->remote_addr, c.now,
	                       &res, &err) != CWYN_OK) {
		login_refused(&c, &err, res.retry_after);
		goto out;
	}
	signed_in(&c, &res);
out:
	api_end(&c);
}

void api_session_delete(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	if (c.auth != API_AUTH_SESSION) {
		respond_error(req, 409, "invalid_state",
		              N_("an API token has no session to end; ask an "
		                 "administrator to revoke the token"),
		              "Authorization");
		goto out;
	}
	if (session_logout(&c.acc, c.session_token, c.now, &err) != CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	respond_json(req, 200, json_pack("{s:s}", "status", "signed_out"));
	set_cookie(&c, "", 0);
out:
	api_end(&c);
}

void api_me(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	json_t *body = json_pack("{s:o,s:s}", "user", user_json(&c.user), "auth",
	                         c.auth == API_AUTH_TOKEN ? "token" : "session");
	if (body != NULL && c.auth == API_AUTH_SESSION) {
		json_object_set_new(body, "csrf_token",
		                    json_string(c.session.csrf_token));
		json_object_set_new(body, "expires_at",
		                    json_integer(c.session.expires_at));
	}
	respond_json(req, 200, body);
	api_end(&c);
}
