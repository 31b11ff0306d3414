/*
 * staff_reports.c — GET /staff/reports?from=YYYY-MM-DD&to=YYYY-MM-DD: the
 * annual report figures on screen, for a period chosen in a form (a GET
 * form: choosing a period changes nothing, so it needs no CSRF token).
 * Without a period the page shows the financial year so far.
 *
 * The figures come from the use case (app_report_annual), which decides
 * who may see them (senior managers, complaints officers and auditors:
 * AZ_REPORT_READ) and audits each reading; charts and tables are drawn by
 * report_view.c, the same as `cwyn report annual --html`.
 */
#include <string.h>

#include "app/reports.h"
#include "i18n/i18n.h"
#include "web/pages/report_view.h"
#include "web/pages/staff.h"
#include "web/pages/staff_frame.h"

/* A YYYY-MM-DD query parameter: NONE when absent, false when malformed. */
static bool query_day(struct web_request *req, const char *name,
                      cwyn_day *out)
{
	const char *s = web_request_query(req, name);
	*out = CWYN_DAY_NONE;
	if (s == NULL || s[0] == '\0')
		return true;
	return strlen(s) == 10 && date_parse(s, out, name, NULL) == CWYN_OK;
}

/* The first day of the financial year (1 April) that `d` falls in. */
static cwyn_day year_start(cwyn_day d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return date_from_ymd(m >= 4 ? y : y - 1, 4, 1);
}

static void period_form(struct html *h, cwyn_day from, cwyn_day to,
                        const char *error)
{
	char a[CWYN_DATE_STRLEN] = "", b[CWYN_DATE_STRLEN] = "";
	if (from != CWYN_DAY_NONE)
		date_format(from, a);
	if (to != CWYN_DAY_NONE)
		date_format(to, b);
	html_fmt(h, "<form method=\"get\" action=\"/staff/reports\" novalidate>"
	         "<fieldset class=\"govuk-fieldset\"><legend class=\"govuk-fieldset__legend "
	         "govuk-fieldset__legend--m\">%T</legend>",
	         N_("Period"));
	if (error)
		html_fmt(h, "<p id=\"period-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), error);
	html_fmt(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"from\">%T</label>"
	         "<div id=\"from-hint\" class=\"govuk-hint\">%T</div>"
	         "<input class=\"govuk-input govuk-input--width-10%a\" id=\"from\" name=\"from\" "
	         "type=\"text\" inputmode=\"numeric\" value=\"%a\" aria-describedby=\"from-hint\"></div>",
	         N_("From"), N_("For example, 2025-04-01"),
	         error ? " govuk-input--error" : "", a);
	html_fmt(h, "<div class=\"govuk-form-group\"><label class=\"govuk-label\" for=\"to\">%T</label>"
	         "<div id=\"to-hint\" class=\"govuk-hint\">%T</div>"
	         "<input class=\"govuk-input govuk-input--width-10%a\" id=\"to\" name=\"to\" "
	         "type=\"text\" inputmode=\"numeric\" value=\"%a\" aria-describedby=\"to-hint\"></div>",
	         N_("To"), N_("For example, 2026-03-31"),
	         error ? " govuk-input--error" : "", b);
	html_fmt(h, "</fieldset><button type=\"submit\" class=\"govuk-button\" "
	         "data-module=\"govuk-button\">%T</button></form>",
	         N_("Show the figures"));
}

void handle_staff_reports(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct cwyn_error err = {0};
	const char *error = NULL;
	cwyn_day from, to;
	if (!query_day(req, "from", &from) || !query_day(req, "to", &to)) {
		error = N_("Enter the dates as year-month-day, like 2025-04-01");
	} else {
		if (from == CWYN_DAY_NONE)
			from = year_start(s.ctx.today);
		if (to == CWYN_DAY_NONE)
			to = s.ctx.today;
		if (to < from)
			error = N_("The end of the period must be on or after its start");
	}
	struct report_figures r;
	if (error == NULL &&
	    app_report_annual(&s.ctx, false, from, to, req->arena, &r, &err) !=
	        CWYN_OK) {
		staff_fail(&s, &err);
		staff_end(&s);
		return;
	}
	struct page pg;
	staff_page_begin(&pg, req, &s, i18n_tr(req->lang, N_("Reports")),
	                 error != NULL, "/staff/reports", "/staff");
	struct html *h = &pg.h;
	if (error)
		html_fmt(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
		         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%T</h2>"
		         "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
		         "<li><a href=\"#from\">%T</a></li></ul></div></div></div>",
		         N_("There is a problem"), error);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>", N_("Reports"));
	period_form(h, error ? CWYN_DAY_NONE : from, error ? CWYN_DAY_NONE : to,
	            error);
	if (error == NULL) {
		char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
		html_fmt(h, "<p class=\"govuk-body-l\">%t</p><p class=\"govuk-body\">%T</p>",
		         arena_printf(req->arena, "%s – %s", date_format(from, a),
		                      date_format(to, b)),
		         N_("Figures only: reports do not identify complainants. "
		            "docs/reports.md says what each figure means."));
		report_view_body(h, &r);
	}
	staff_page_end(&pg, error ? 400 : 200);
	staff_end(&s);
}
