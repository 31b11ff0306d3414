/*
 * request.c — accessors over a parsed request, language choice, and the
 * body decoders handlers call (JSON and form), which set the error
 * response themselves so every handler refuses bad bodies the same way.
 */
#include "i18n/i18n.h"
#include "web/request.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "web/form.h"
#include "web/json_body.h"
#include "web/response.h"

static const char *const method_names[WEB_METHOD__MAX] = {
	"GET",     /* WEB_GET */
	"HEAD",    /* WEB_HEAD */
	"POST",    /* WEB_POST */
	"PUT",     /* WEB_PUT */
	"PATCH",   /* WEB_PATCH */
	"DELETE",  /* WEB_DELETE */
	"OPTIONS", /* WEB_OPTIONS */
	"OTHER",   /* WEB_METHOD_OTHER */
};

const char *web_method_name(enum web_method m)
{
	if ((unsigned)m >= WEB_METHOD__MAX)
		return "OTHER";
	return method_names[m];
}

enum web_method web_method_parse(const char *s)
{
	for (int m = 0; m < WEB_METHOD_OTHER; m++)
		if (strcmp(s, method_names[m]) == 0)
			return (enum web_method)m;
	return WEB_METHOD_OTHER;
}

const char *web_request_header(const struct web_request *req, const char *name)
{
	return web_pair_get_ci(req->headers, req->nheaders, name);
}

const char *web_request_param(const struct web_request *req, const char *name)
{
	return web_pair_get(req->params, req->nparams, name);
}

const char *web_request_query(const struct web_request *req, const char *name)
{
	return web_pair_get(req->query, req->nquery, name);
}

const char *web_request_cookie(const struct web_request *req, const char *name)
{
	return web_pair_get(req->cookies, req->ncookies, name);
}

static int lang_code(const char *s, size_t n)
{
	if (n == 2 && strncasecmp(s, "cy", 2) == 0)
		return LANG_CY;
	if (n == 2 && strncasecmp(s, "en", 2) == 0)
		return LANG_EN;
	return -1;
}

/* q-value in thousandths, or -1 when malformed (RFC 9110 §12.4.2). */
static int parse_q(const char *s, size_t n)
{
	if (n == 0 || n > 5 || (s[0] != '0' && s[0] != '1'))
		return -1;
	int q = (s[0] - '0') * 1000;
	if (n == 1)
		return q;
	if (s[1] != '.')
		return -1;
	int scale = 100;
	for (size_t i = 2; i < n; i++, scale /= 10) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		q += (s[i] - '0') * scale;
	}
	return q > 1000 ? -1 : q;
}

enum language web_accept_language(const char *v)
{
	int best = -1, best_q = 0;
	size_t len = strlen(v);
	if (len > 1024)
		return LANG_EN;
	for (size_t i = 0; i < len;) {
		const char *comma = memchr(v + i, ',', len - i);
		size_t end = comma ? (size_t)(comma - v) : len;
		size_t s = i;
		i = end + 1;
		while (s < end && (v[s] == ' ' || v[s] == '\t'))
			s++;
		const char *semi = memchr(v + s, ';', end - s);
		size_t tag_end = semi ? (size_t)(semi - v) : end;
		while (tag_end > s && (v[tag_end - 1] == ' ' || v[tag_end - 1] == '\t'))
			tag_end--;
		const char *dash = memchr(v + s, '-', tag_end - s);
		size_t primary = dash ? (size_t)(dash - v) - s : tag_end - s;
		int lang = lang_code(v + s, primary);
		if (lang < 0)
			continue;
		int q = 1000;
		if (semi != NULL) {
			size_t p = (size_t)(semi - v) + 1;
			while (p < end && (v[p] == ' ' || v[p] == '\t'))
				p++;
			if (end - p < 2 || (v[p] != 'q' && v[p] != 'Q') || v[p + 1] != '=')
				continue;
			size_t qe = end;
			while (qe > p + 2 && (v[qe - 1] == ' ' || v[qe - 1] == '\t'))
				qe--;
			q = parse_q(v + p + 2, qe - p - 2);
			if (q < 0)
				continue;
		}
		if (q > best_q) {
			best = lang;
			best_q = q;
		}
	}
	return best < 0 ? LANG_EN : (enum language)best;
}

enum language web_request_choose_language(const struct web_request *req)
{
	const char *q = web_request_query(req, "lang");
	if (q != NULL && lang_code(q, strlen(q)) >= 0)
		return (enum language)lang_code(q, strlen(q));
	const char *c = web_request_cookie(req, "lang");
	if (c != NULL && lang_code(c, strlen(c)) >= 0)
		return (enum language)lang_code(c, strlen(c));
	const char *al = web_request_header(req, "Accept-Language");
	if (al != NULL)
		return web_accept_language(al);
	return LANG_EN;
}

/* "application/json" or "application/json; charset=utf-8", any case. */
static bool media_type_is(const char *ctype, const char *want)
{
	if (ctype == NULL)
		return false;
	size_t n = strlen(want);
	if (strncasecmp(ctype, want, n) != 0)
		return false;
	return ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ';
}

enum cwyn_code web_request_json(struct web_request *req, json_t **out)
{
	*out = NULL;
	if (req->json != NULL) {
		*out = req->json;
		return CWYN_OK;
	}
	/*
	 * Requiring the JSON media type also means a cross-site HTML form
	 * cannot post to the API without a CORS preflight.
	 */
	if (!media_type_is(web_request_header(req, "Content-Type"),
	                   "application/json")) {
		respond_error(req, 415, "unsupported_media_type",
		              N_("the body must be sent as application/json"),
		              "Content-Type");
		return CWYN_EINVAL;
	}
	struct cwyn_error err = {0};
	struct json_body_limits lim = json_body_limits_default;
	if (req->max_body != 0)
		lim.max_size = req->max_body;
	enum cwyn_code rc = json_body_parse(req->body, req->body_len, &lim,
	                                    &req->json, &err);
	if (rc != CWYN_OK) {
		respond_cwyn_error(req, &err);
		return rc;
	}
	*out = req->json;
	return CWYN_OK;
}

enum cwyn_code web_request_form(struct web_request *req,
                                struct web_pair **pairs, size_t *n)
{
	return web_request_form_limits(req, &form_limits_body, pairs, n);
}

enum cwyn_code web_request_form_limits(struct web_request *req,
                                       const struct form_limits *lim,
                                       struct web_pair **pairs, size_t *n)
{
	/* The API answers in JSON; a person's page in a page. */
	bool api = req->path != NULL && strncmp(req->path, "/api/", 5) == 0;
	if (!media_type_is(web_request_header(req, "Content-Type"),
	                   "application/x-www-form-urlencoded")) {
		if (api) {
			respond_error(req, 415, "unsupported_media_type",
			              N_("the body must be a urlencoded form"),
			              "Content-Type");
		} else {
			struct cwyn_error e = {0};
			cwyn_fail(&e, CWYN_EINVAL, "Content-Type",
			          N_("the body must be a urlencoded form"));
			respond_form_error_page(req, 415, &e);
		}
		return CWYN_EINVAL;
	}
	struct cwyn_error err = {0};
	enum cwyn_code rc = form_parse(req->arena, req->body, req->body_len,
	                               lim, "form", pairs, n, &err);
	if (rc != CWYN_OK) {
		if (api)
			respond_cwyn_error(req, &err);
		else
			respond_form_error_page(req, 0, &err);
	}
	return rc;
}
