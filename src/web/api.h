/*
 * api.h — what the /api/v1 handlers (api_*.c) share: the frame of one API
 * call (a database connection from the pool, who is signed in, the app
 * context for the use cases) and strict readers for JSON bodies and query
 * parameters that refuse bad input with the field named.
 *
 * Handlers only translate HTTP to use-case calls and back. Authorisation
 * is decided in src/app (authz.h): a handler never looks at a role. The
 * frame does authentication only:
 *   - "Authorization: Bearer <api token>" (integrations; no CSRF token,
 *     since a browser never sends this header on its own), or
 *   - the session cookie, and then every state-changing request (POST,
 *     PUT, PATCH, DELETE) must carry the session's CSRF token in the
 *     X-CSRF-Token header, or it is refused with 403 and nothing changes.
 *
 * Usage, in every handler:
 *     struct api_call call;
 *     if (!api_begin(req, API_SIGNED_IN, &call))
 *             return;               // the response is already set
 *     ... use call.ctx (struct app_ctx) ...
 *     api_end(&call);
 */
#ifndef CWYN_WEB_API_H
#define CWYN_WEB_API_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "app/accounts.h"
#include "app/app.h"
#include "web/request.h"
#include "web/web_app.h"

/* The cookie-auth CSRF header. */
#define API_CSRF_HEADER "X-CSRF-Token"

enum api_flags {
	API_PUBLIC = 0,          /* no account needed (triage preview) */
	API_SIGNED_IN = 1u << 0, /* a session or an API token */
	API_NO_DB = 1u << 1,     /* the handler needs no database */
};

enum api_auth_kind { API_AUTH_NONE = 0, API_AUTH_SESSION, API_AUTH_TOKEN };

struct api_call {
	struct web_request *req;
	struct web_app *app;
	struct db *db;              /* NULL with API_NO_DB */
	struct accounts acc;        /* db + the sign-in settings */
	enum api_auth_kind auth;
	const char *session_token;  /* the cookie value (session auth) */
	struct account_session session; /* session auth */
	struct account_user user;   /* either kind */
	struct app_ctx ctx;         /* for the use cases (signed in) */
	int64_t now;
	bool broken;                /* close the connection, do not reuse */
	const char *prefix;         /* "complainant": errors name
	                             * "complainant.email" (NULL: top level) */
};

/*
 * Start an API call. false when the request was refused (401, 403, 503)
 * and the response set; then api_end must not be called.
 */
bool api_begin(struct web_request *req, unsigned flags, struct api_call *c);

/* Give the connection back. */
void api_end(struct api_call *c);

/* Answer with err (status from its code) and remember a broken connection. */
void api_fail(struct api_call *c, const struct cwyn_error *err);

/* Refuse bad input: 400 invalid_input naming the field. */
void api_bad(struct api_call *c, const char *field, const char *message);

/* Is a credential present at all (cookie or bearer)? For the server's
 * authenticate hook: requests without one are refused before their body
 * is read. */
bool api_has_credentials(struct web_request *req);

/* ---- Reading input ---------------------------------------------------- */

/*
 * The case reference from the path: CP-YYYY-NNNNN and the like (letters,
 * digits and '-', at most STORE_REF_SIZE - 1). Anything else is refused
 * with 400 field "reference" (NULL returned).
 */
const char *api_ref(struct api_call *c);

/* The body as a JSON object (400/413/415 set on failure: NULL). */
json_t *api_body(struct api_call *c);

/*
 * Members of `o` must all be in the NULL-terminated `allowed` list; an
 * unknown member is refused with its name as the field. false: refused.
 */
bool api_only(struct api_call *c, json_t *o, const char *prefix,
              const char *const *allowed);

/* Typed members. required: absent is refused; otherwise absent (or null)
 * leaves *out as it was. Wrong types are refused. false: refused. */
bool api_str(struct api_call *c, json_t *o, const char *key, bool required,
             size_t max, const char **out);
bool api_int(struct api_call *c, json_t *o, const char *key, bool required,
             int64_t min, int64_t max, int64_t *out);
bool api_bool(struct api_call *c, json_t *o, const char *key, bool *out);
bool api_date(struct api_call *c, json_t *o, const char *key, bool required,
              cwyn_day *out);

/* Query parameters: absent leaves *out as it was. false: refused (400). */
bool api_query_int(struct api_call *c, const char *name, int64_t min,
                   int64_t max, int64_t *out);
bool api_query_bool(struct api_call *c, const char *name, bool *out);

/* 201 with a Location header. */
void api_created(struct api_call *c, const char *location, json_t *body);

/* ---- Shared by the case resources (api_cases.c) ------------------------ */

/* {"reference", "version"}: what a change answers with. */
json_t *api_ref_json(const struct app_case_ref *r);

/* Read the case (audited) into v and return its JSON (case_json.h); NULL
 * with the response set when refused. */
json_t *api_case_view(struct api_call *c, const char *ref,
                      struct app_case_view *v);

/* The body of a change: an object with only `allowed` members whose
 * "version" is 1 or more. NULL with the response set when refused. */
json_t *api_change_body(struct api_call *c, const char *const *allowed,
                        int64_t *version);

/* Answer a change: 200 with the new version, or the error. */
void api_changed(struct api_call *c, enum cwyn_code rc,
                 const struct app_case_ref *ref, const struct cwyn_error *err);

#endif
