/*
 * request.h — one HTTP request as handlers see it, independent of the
 * HTTP library underneath.
 *
 * Everything hanging off a request (strings, arrays, the response being
 * built) lives in req->arena, which the server frees when the request
 * completes; handlers never free anything. Text reaching a handler has
 * been through our own capped parsers: the path is percent-decoded and
 * checked, query and cookies are parsed, the body is raw bytes (capped)
 * until the handler asks for it as JSON or as a form.
 */
#ifndef CWYN_WEB_REQUEST_H
#define CWYN_WEB_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/language.h"
#include "web/pair.h"

enum web_method {
	WEB_GET = 0,
	WEB_HEAD,
	WEB_POST,
	WEB_PUT,
	WEB_PATCH,
	WEB_DELETE,
	WEB_OPTIONS,
	WEB_METHOD_OTHER, /* anything else: never routed, never logged raw */
	WEB_METHOD__MAX
};

/* "GET", ... "OTHER". */
const char *web_method_name(enum web_method m);
enum web_method web_method_parse(const char *s);

#define WEB_MAX_PARAMS 8
#define WEB_MAX_RESPONSE_HEADERS 8

struct web_response {
	bool set;             /* a respond_*() call has filled this in */
	int status;
	const char *content_type;
	const char *body;     /* arena */
	size_t len;
	struct web_pair headers[WEB_MAX_RESPONSE_HEADERS]; /* Allow, Set-Cookie */
	size_t nheaders;
};

struct web_route;
struct web_metrics;

struct web_request {
	struct arena *arena;
	enum web_method method;
	const char *path;               /* decoded and validated */
	const struct web_route *route;  /* NULL until matched */
	struct web_pair params[WEB_MAX_PARAMS]; /* from {name} in the pattern */
	size_t nparams;
	struct web_pair *query;
	size_t nquery;
	struct web_pair *headers;       /* as received; names case-insensitive */
	size_t nheaders;
	struct web_pair *cookies;
	size_t ncookies;
	const char *body;               /* raw bytes, not NUL-terminated */
	size_t body_len;
	size_t max_body;
	char remote_addr[64];
	enum language lang;
	bool tls;      /* this connection is TLS */
	bool secure;   /* TLS, or a trusted proxy said X-Forwarded-Proto: https */
	json_t *json;  /* the parsed body, released with the request */
	void *app;     /* the application context given to the server */
	const struct web_metrics *metrics;
	struct web_response response;
};

const char *web_request_header(const struct web_request *req,
                               const char *name);
const char *web_request_param(const struct web_request *req, const char *name);
const char *web_request_query(const struct web_request *req, const char *name);
const char *web_request_cookie(const struct web_request *req,
                               const char *name);

/*
 * The language to answer in: ?lang=cy|en, else the "lang" cookie, else
 * whichever of cy and en Accept-Language prefers (ties go to the earlier
 * one), else English.
 */
enum language web_request_choose_language(const struct web_request *req);

/* Parse an Accept-Language value; exposed for tests. */
enum language web_accept_language(const char *value);

/*
 * The body as a JSON object (see json_body.h), kept in req->json. On
 * failure the error response (400, 413 or 415) has already been set and
 * the handler should simply return.
 */
enum cwyn_code web_request_json(struct web_request *req, json_t **out);

/*
 * The body as an urlencoded form. On failure the 400 response has been set.
 */
enum cwyn_code web_request_form(struct web_request *req,
                                struct web_pair **pairs, size_t *n);

/* The same with other limits (form.h), for the few long forms. */
struct form_limits;
enum cwyn_code web_request_form_limits(struct web_request *req,
                                       const struct form_limits *lim,
                                       struct web_pair **pairs, size_t *n);

#endif
