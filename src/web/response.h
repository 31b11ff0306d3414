/*
 * response.h — how handlers answer, and the headers every answer carries.
 *
 * A respond_*() call fills req->response; the server turns it into HTTP
 * after the handler returns. The last call wins, so a handler may set an
 * error and then return. Every response gets the security headers from
 * web_response_headers(), whatever its status.
 *
 * API errors have one shape:
 *     {"error": {"code": "invalid_input", "message": "...", "field": "x"}}
 * where code is cwyn_code_name() of an enum cwyn_code, or one of the few
 * HTTP-level codes (not_found, method_not_allowed, payload_too_large, ...).
 */
#ifndef CWYN_WEB_RESPONSE_H
#define CWYN_WEB_RESPONSE_H

#include <jansson.h>

#include "core/error.h"
#include "web/request.h"

/* The HTTP status for an enum cwyn_code (one table, see response.c). */
int web_status_for_code(enum cwyn_code code);

/* Steals the reference to body; a NULL body becomes a 500. */
void respond_json(struct web_request *req, int status, json_t *body);

/* The consistent error body; field may be NULL or "". The message is
 * translated into req->lang when the catalogue has it. */
void respond_error(struct web_request *req, int status, const char *code,
                   const char *message, const char *field);

/* An error from the layers below, status chosen by web_status_for_code. */
void respond_cwyn_error(struct web_request *req, const struct cwyn_error *err);

/* html must already be escaped (templates do that); it is copied. */
void respond_html(struct web_request *req, int status, const char *html);
void respond_text(struct web_request *req, int status, const char *ctype,
                  const char *text, size_t len);

/* A plain page for errors outside /api (escapes the message). */
void respond_error_page(struct web_request *req, int status,
                        const char *message);

/*
 * A form posted to a page (not /api) that could not be read at all:
 * a page saying so in the page's language, with the reason and the
 * field, and that nothing was changed. status 0: web_status_for_code.
 */
void respond_form_error_page(struct web_request *req, int status,
                             const struct cwyn_error *err);

/* Add a header (Allow, Set-Cookie, Location). Returns false if full. */
bool respond_add_header(struct web_request *req, const char *name,
                        const char *value);

/*
 * The full header list for the response in req: content type, the extra
 * headers a handler added, then the security headers. cacheable drops
 * Cache-Control: no-store (static assets only). Returns the count written
 * to out (at most max).
 */
size_t web_response_headers(const struct web_request *req, bool cacheable,
                            struct web_pair *out, size_t max);

#endif
