/*
 * response.c — response helpers, the code→status table and the security
 * headers sent with every response.
 */
#include "web/response.h"

#include "core/escape.h"

#include <string.h>

#include "i18n/i18n.h"

/* enum cwyn_code → HTTP status: the one place this mapping lives. */
static const int code_status[CWYN_CODE__MAX] = {
	200, /* CWYN_OK */
	503, /* CWYN_ENOMEM: try again later, nothing was changed */
	400, /* CWYN_EINVAL */
	400, /* CWYN_ERANGE */
	404, /* CWYN_ENOTFOUND */
	409, /* CWYN_ECONFLICT */
	409, /* CWYN_ESTATE */
	403, /* CWYN_EFORBIDDEN */
	500, /* CWYN_EIO */
	500, /* CWYN_EDB */
	500, /* CWYN_EINTERNAL */
};

int web_status_for_code(enum cwyn_code code)
{
	if ((unsigned)code >= CWYN_CODE__MAX)
		return 500;
	return code_status[code];
}

/* Sent with every response; see docs/openapi.yaml for the reasons. */
static const struct web_pair security_headers[] = {
	{"Content-Security-Policy",
	 "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	 "script-src 'self'; object-src 'none'; base-uri 'none'; "
	 "form-action 'self'; frame-ancestors 'none'"},
	{"X-Frame-Options", "DENY"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"Permissions-Policy",
	 "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
	 "magnetometer=(), microphone=(), payment=(), usb=()"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
};

static void set_body(struct web_request *req, int status, const char *ctype,
                     const char *body, size_t len)
{
	struct web_response *r = &req->response;
	char *copy = arena_alloc(req->arena, len + 1);
	if (copy == NULL) {
		/* The arena cap was hit: answer with a static body instead. */
		static const char oom[] =
		    "{\"error\":{\"code\":\"out_of_memory\","
		    "\"message\":\"the response was too large\"}}";
		r->status = 503;
		r->content_type = "application/json; charset=utf-8";
		r->body = oom;
		r->len = sizeof oom - 1;
		r->set = true;
		return;
	}
	memcpy(copy, body, len);
	r->status = status;
	r->content_type = ctype;
	r->body = copy;
	r->len = len;
	r->set = true;
}

void respond_json(struct web_request *req, int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (text == NULL) {
		respond_error(req, 500, "internal_error",
		              "the response could not be encoded", NULL);
		return;
	}
	set_body(req, status, "application/json; charset=utf-8", text,
	         strlen(text));
	free(text);
}

void respond_error(struct web_request *req, int status, const char *code,
                   const char *message, const char *field)
{
	json_t *e = json_object();
	json_t *root = json_object();
	if (e == NULL || root == NULL)
		goto fail;
	const char *msg = i18n_tr(req->lang, message);
	/* json_string refuses invalid UTF-8; fall back to a fixed message. */
	json_t *m = json_string(msg);
	if (m == NULL)
		m = json_string("invalid input");
	if (json_object_set_new(e, "code", json_string(code)) != 0 ||
	    json_object_set_new(e, "message", m) != 0)
		goto fail;
	if (field != NULL && field[0] != '\0') {
		json_t *f = json_string(field);
		if (f != NULL)
			json_object_set_new(e, "field", f);
	}
	if (json_object_set_new(root, "error", e) != 0) {
		e = NULL;
		goto fail;
	}
	respond_json(req, status, root);
	return;
fail:
	json_decref(e);
	json_decref(root);
	static const char fallback[] =
	    "{\"error\":{\"code\":\"internal_error\",\"message\":\"error\"}}";
	set_body(req, 500, "application/json; charset=utf-8", fallback,
	         sizeof fallback - 1);
}

void respond_cwyn_error(struct web_request *req, const struct cwyn_error *err)
{
	int status = web_status_for_code(err->code);
	/* Server-side failures say nothing about internals to the client. */
	const char *message = status >= 500
	    ? N_("the server could not complete the request; nothing was changed")
	    : err->message;
	respond_error(req, status, cwyn_code_name(err->code), message,
	              status >= 500 ? NULL : err->field);
}

void respond_html(struct web_request *req, int status, const char *html)
{
	set_body(req, status, "text/html; charset=utf-8", html, strlen(html));
}

void respond_text(struct web_request *req, int status, const char *ctype,
                  const char *text, size_t len)
{
	set_body(req, status, ctype ? ctype : "text/plain; charset=utf-8", text,
	         len);
}

/* Through core/escape.h, the one escaping path. */
static char *html_escape(struct arena *a, const char *s)
{
	struct textbuf b;
	textbuf_init(&b, a);
	if (!textbuf_puts(&b, "") || !html_escape_puts(&b, s) || b.failed)
		return NULL;
	return b.data;
}

void respond_error_page(struct web_request *req, int status,
                        const char *message)
{
	char *msg = html_escape(req->arena, i18n_tr(req->lang, message));
	char *page = msg ? arena_printf(req->arena,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<title>%d</title></head><body><h1>%s</h1></body></html>\n",
	    req->lang == LANG_CY ? "cy" : "en", status, msg) : NULL;
	if (page == NULL) {
		respond_text(req, status, NULL, "error\n", 6);
		return;
	}
	respond_html(req, status, page);
}

void respond_form_error_page(struct web_request *req, int status,
                             const struct cwyn_error *err)
{
	if (status == 0)
		status = web_status_for_code(err->code);
	const char *reason = status >= 500 ? "" : err->message;
	char *title = html_escape(req->arena, i18n_tr(req->lang,
	                          N_("This form could not be read")));
	char *why = html_escape(req->arena, i18n_tr(req->lang, reason));
	char *field = html_escape(req->arena, status >= 500 ? "" : err->field);
	char *next = html_escape(req->arena, i18n_tr(req->lang,
	    N_("Nothing was changed. Go back, check what you typed and try "
	       "again.")));
	char *page = title && why && field && next ? arena_printf(req->arena,
	    "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<title>%s</title></head><body><h1>%s</h1><p>%s%s%s%s</p>"
	    "<p>%s</p></body></html>\n",
	    req->lang == LANG_CY ? "cy" : "en", title, title, why,
	    field[0] ? " (" : "", field, field[0] ? ")" : "", next) : NULL;
	if (page == NULL) {
		respond_text(req, status, NULL, "error\n", 6);
		return;
	}
	respond_html(req, status, page);
}

bool respond_add_header(struct web_request *req, const char *name,
                        const char *value)
{
	struct web_response *r = &req->response;
	if (r->nheaders >= WEB_MAX_RESPONSE_HEADERS)
		return false;
	char *n = arena_strdup(req->arena, name);
	char *v = arena_strdup(req->arena, value);
	if (n == NULL || v == NULL)
		return false;
	r->headers[r->nheaders].name = n;
	r->headers[r->nheaders].value = v;
	r->nheaders++;
	return true;
}

size_t web_response_headers(const struct web_request *req, bool cacheable,
                            struct web_pair *out, size_t max)
{
	size_t n = 0;
#define PUT(k, v) do { if (n < max) { out[n].name = (k); out[n].value = (v); n++; } } while (0)
	const struct web_response *r = &req->response;
	if (r->content_type != NULL)
		PUT("Content-Type", r->content_type);
	PUT("Content-Language", req->lang == LANG_CY ? "cy" : "en");
	for (size_t i = 0; i < r->nheaders; i++)
		PUT(r->headers[i].name, r->headers[i].value);
	for (size_t i = 0; i < sizeof security_headers / sizeof *security_headers; i++)
		PUT(security_headers[i].name, security_headers[i].value);
	if (!cacheable)
		PUT("Cache-Control", "no-store");
	if (req->secure)
		PUT("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
#undef PUT
	return n;
}
