/*
 * api_reports.c — GET /api/v1/reports/annual?from=YYYY-MM-DD&to=YYYY-MM-DD:
 * the annual report figures of the signed-in user's authority as JSON
 * (app_report_json; docs/reports.md). Who may read reports is authz's
 * (AZ_REPORT_READ); the read is audited as "report.read".
 */
#include <string.h>

#include "app/reports.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

/* A required date query parameter; false with 400 set. */
static bool query_day(struct api_call *c, const char *name, cwyn_day *out)
{
	const char *s = web_request_query(c->req, name);
	if (s == NULL || s[0] == '\0') {
		api_bad(c, name, "give the period: from and to (YYYY-MM-DD)");
		return false;
	}
	if (strlen(s) != 10 || date_parse(s, out, name, NULL) != CWYN_OK) {
		api_bad(c, name, "must be a date YYYY-MM-DD");
		return false;
	}
	return true;
}

void api_reports_annual(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	cwyn_day from, to;
	struct report_figures r;
	if (!query_day(&c, "from", &from) || !query_day(&c, "to", &to))
		goto out;
	if (app_report_annual(&c.ctx, false, from, to, req->arena, &r, &err) !=
	    CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	respond_json(req, 200, app_report_json(&r));
out:
	api_end(&c);
}
