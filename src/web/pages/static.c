/*
 * static.c — GET /static/...: only files on the allow-list built from
 * web/static at start-up (site.h), by exact path, with their own content
 * type and a long cache lifetime (the stylesheet URL carries a version).
 * The router has already refused "..", encoded slashes and the like; the
 * exact-match lookup means nothing else can be reached anyway.
 */
#include "i18n/i18n.h"
#include "web/pages/pages.h"
#include "web/pages/site.h"
#include "web/response.h"

void handle_static(struct web_request *req)
{
	const struct site *s = site_get();
	const struct site_file *f = site_static_file(s, req->path);
	if (f == NULL) {
		respond_error_page(req, 404, N_("there is nothing at this address"));
		return;
	}
	respond_text(req, 200, f->content_type, f->data, f->len);
	respond_add_header(req, "Cache-Control", "public, max-age=31536000");
}
