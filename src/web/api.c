/*
 * api.c — the frame of an API call (connection, authentication, CSRF,
 * the app context) and the strict input readers; see api.h.
 */
#include "web/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "web/response.h"

int64_t web_app_now(const struct web_app *app)
{
	if (app != NULL && app->now != NULL)
		return app->now(app->clock_ctx);
	return (int64_t)time(NULL);
}

cwyn_day web_app_today(const struct web_app *app)
{
	if (app != NULL && app->today != NULL)
		return app->today(app->clock_ctx);
	return uk_today(web_app_now(app)); /* Wales, whatever the server's zone */
}

static bool unsafe_method(enum web_method m)
{
	return m == WEB_POST || m == WEB_PUT || m == WEB_PATCH ||
	       m == WEB_DELETE;
}

bool api_has_credentials(struct web_request *req)
{
	return web_request_header(req, "Authorization") != NULL ||
	       web_request_cookie(req, WEB_SESSION_COOKIE) != NULL;
}

static void unauthenticated(struct api_call *c, const char *message,
                            const char *field)
{
	respond_error(c->req, 401, "unauthenticated", message, field);
	respond_add_header(c->req, "WWW-Authenticate", "Bearer realm=\"cwyn\"");
}

/* A lookup failed: the database's fault is 500, anything else 401. */
static void lookup_failed(struct api_call *c, const struct cwyn_error *err,
                          const char *message, const char *field)
{
	if (err->code == CWYN_EDB || err->code == CWYN_EIO ||
	    err->code == CWYN_ENOMEM || err->code == CWYN_EINTERNAL)
		api_fail(c, err);
	else
		unauthenticated(c, message, field);
}

static bool authenticate(struct api_call *c)
{
	struct web_request *req = c->req;
	struct cwyn_error err = {0};
	const char *authz = web_request_header(req, "Authorization");
	if (authz != NULL) {
		const char *token = api_token_from_header(authz);
		if (token == NULL) {
			unauthenticated(c, N_("the Authorization header must be "
			                      "\"Bearer\" and an API token"),
			                "Authorization");
			return false;
		}
		if (api_token_lookup(&c->acc, token, c->now, &c->user, &err) !=
		    CWYN_OK) {
			lookup_failed(c, &err, N_("the API token is not valid"),
			              "Authorization");
			return false;
		}
		c->auth = API_AUTH_TOKEN;
	} else {
		const char *cookie = web_request_cookie(req, WEB_SESSION_COOKIE);
		if (cookie == NULL) {
			unauthenticated(c, N_("please sign in first"), NULL);
			return false;
		}
		if (session_lookup(&c->acc, cookie, c->now, &c->session, &err) !=
		    CWYN_OK) {
			lookup_failed(c, &err,
			              N_("your session has ended; please sign in "
			                 "again"),
			              NULL);
			return false;
		}
		/* A browser sends the cookie with any request a page makes,
		 * even one from another site; only our own pages know the
		 * CSRF token. */
		if (unsafe_method(req->method) &&
		    csrf_check(&c->session,
		               web_request_header(req, API_CSRF_HEADER),
		               &err) != CWYN_OK) {
			respond_error(req, 403, "forbidden",
			              N_("the X-CSRF-Token header is missing or "
			                 "wrong; nothing was changed"),
			              API_CSRF_HEADER);
			return false;
		}
		c->auth = API_AUTH_SESSION;
		c->session_token = cookie;
		c->user = c->session.user;
	}
	enum app_role role;
	if (!app_role_from_name(c->user.role, &role) ||
	    role == APP_ROLE_OPERATOR) {
		respond_error(req, 403, "forbidden",
		              N_("this account has no role cwyn knows"), "role");
		return false;
	}
	c->ctx.actor.user_id = c->user.user_id;
	c->ctx.actor.username = c->user.username;
	c->ctx.actor.role = role;
	c->ctx.actor.authority_id = c->user.authority_id;
	return true;
}

bool api_begin(struct web_request *req, unsigned flags, struct api_call *c)
{
	memset(c, 0, sizeof *c);
	c->req = req;
	c->app = req->app;
	c->now = web_app_now(c->app);
	if (c->app == NULL) {
		respond_error(req, 503, "unavailable",
		              N_("the service is not configured"), NULL);
		return false;
	}
	if (!(flags & API_NO_DB)) {
		struct cwyn_error err = {0};
		if (c->app->pool == NULL ||
		    db_pool_acquire(c->app->pool, &c->db, &err) != CWYN_OK) {
			respond_error(req, 503, "unavailable",
			              N_("the database is not available; "
			                 "nothing was changed"),
			              NULL);
			return false;
		}
	}
	accounts_init(&c->acc, c->db);
	c->acc.cfg = c->app->accounts;
	c->ctx.db = c->db;
	c->ctx.policy = c->app->policy;
	c->ctx.cal = c->app->cal;
	c->ctx.today = web_app_today(c->app);
	if ((flags & API_SIGNED_IN) && !authenticate(c)) {
		api_end(c);
		return false;
	}
	return true;
}

void api_end(struct api_call *c)
{
	if (c->db != NULL && c->app != NULL && c->app->pool != NULL)
		db_pool_release(c->app->pool, c->db, c->broken);
	c->db = NULL;
}

void api_fail(struct api_call *c, const struct cwyn_error *err)
{
	if (err->code == CWYN_EDB || err->code == CWYN_EIO)
		c->broken = true;
	respond_cwyn_error(c->req, err);
}

void api_bad(struct api_call *c, const char *field, const char *message)
{
	respond_error(c->req, 400, "invalid_input", message, field);
}

/* ---- Input -------------------------------------------------------------- */

const char *api_ref(struct api_call *c)
{
	const char *ref = web_request_param(c->req, "ref");
	size_t n = ref ? strlen(ref) : 0;
	bool ok = n > 0 && n < STORE_REF_SIZE;
	for (size_t i = 0; ok && i < n; i++) {
		char ch = ref[i];
		ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		     (ch >= '0' && ch <= '9') || ch == '-';
	}
	if (!ok) {
		api_bad(c, "reference",
		        N_("a case reference is letters, digits and '-', "
		           "like CP-2026-00042"));
		return NULL;
	}
	return ref;
}

json_t *api_body(struct api_call *c)
{
	json_t *o = NULL;
	if (web_request_json(c->req, &o) != CWYN_OK)
		return NULL;
	return o;
}

static char *field_name(struct api_call *c, const char *prefix,
                        const char *key)
{
	if (prefix == NULL || prefix[0] == '\0')
		return (char *)key;
	char *f = arena_printf(c->req->arena, "%s.%s", prefix, key);
	return f ? f : (char *)key;
}

bool api_only(struct api_call *c, json_t *o, const char *prefix,
              const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, key) == 0;
		if (!known) {
			/* Member names are user text: only a safe, short one
			 * is echoed back as the field. */
			size_t n = strlen(key);
			bool plain = n > 0 && n <= 64;
			for (size_t i = 0; plain && i < n; i++)
				plain = (key[i] >= 'a' && key[i] <= 'z') ||
				        (key[i] >= 'A' && key[i] <= 'Z') ||
				        (key[i] >= '0' && key[i] <= '9') ||
				        key[i] == '_';
			api_bad(c, plain ? field_name(c, prefix, key)
			                 : (prefix && *prefix ? prefix : "body"),
			        N_("this member is not part of the request"));
			return false;
		}
	}
	return true;
}

static bool missing(struct api_call *c, const char *key)
{
	api_bad(c, field_name(c, c->prefix, key), N_("this member is required"));
	return false;
}

bool api_str(struct api_call *c, json_t *o, const char *key, bool required,
             size_t max, const char **out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return required ? missing(c, key) : true;
	if (!json_is_string(v)) {
		api_bad(c, field_name(c, c->prefix, key), N_("expected a string"));
		return false;
	}
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (max > 0 && n > max) {
		api_bad(c, field_name(c, c->prefix, key), N_("this text is too long"));
		return false;
	}
	if (memchr(s, '\0', n) != NULL) {
		api_bad(c, field_name(c, c->prefix, key), N_("text may not contain NUL characters"));
		return false;
	}
	*out = s;
	return true;
}

bool api_int(struct api_call *c, json_t *o, const char *key, bool required,
             int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return required ? missing(c, key) : true;
	if (!json_is_integer(v)) {
		api_bad(c, field_name(c, c->prefix, key), N_("expected a whole number"));
		return false;
	}
	json_int_t i = json_integer_value(v);
	if (i < min || i > max) {
		api_bad(c, field_name(c, c->prefix, key), N_("this number is out of range"));
		return false;
	}
	*out = (int64_t)i;
	return true;
}

bool api_bool(struct api_call *c, json_t *o, const char *key, bool *out)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_boolean(v)) {
		api_bad(c, field_name(c, c->prefix, key), N_("expected true or false"));
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool api_date(struct api_call *c, json_t *o, const char *key, bool required,
              cwyn_day *out)
{
	const char *s = NULL;
	if (!api_str(c, o, key, required, 16, &s))
		return false;
	if (s == NULL)
		return true;
	struct cwyn_error err = {0};
	if (date_parse(s, out, key, &err) != CWYN_OK) {
		api_bad(c, field_name(c, c->prefix, key), N_("expected a real date written YYYY-MM-DD"));
		return false;
	}
	return true;
}

bool api_query_int(struct api_call *c, const char *name, int64_t min,
                   int64_t max, int64_t *out)
{
	const char *s = web_request_query(c->req, name);
	if (s == NULL)
		return true;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || (*s < '0' || *s > '9') ||
	    v < min || v > max) {
		api_bad(c, name, N_("expected a whole number in range"));
		return false;
	}
	*out = (int64_t)v;
	return true;
}

bool api_query_bool(struct api_call *c, const char *name, bool *out)
{
	const char *s = web_request_query(c->req, name);
	if (s == NULL)
		return true;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0) {
		*out = true;
	} else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0) {
		*out = false;
	} else {
		api_bad(c, name, N_("expected true or false"));
		return false;
	}
	return true;
}

void api_created(struct api_call *c, const char *location, json_t *body)
{
	respond_json(c->req, 201, body);
	if (location != NULL)
		respond_add_header(c->req, "Location", location);
}
