/*
 * staff_dashboard.c — GET /staff: what needs doing, most urgent first.
 *
 *   1. Safeguarding alerts on open cases, first of all, in a GOV.UK
 *      notification banner: a child may be at risk now, whatever happens
 *      to the complaint.
 *   2. Overdue clocks, with how many working days over.
 *   3. Clocks due within N working days (?within=N, 1 to 20; default 5).
 *   4. The open cases the user owns.
 *
 * Every list comes from a use case (app_case_list, app_overdue), so it
 * holds only cases the user may see (authority, restricted cases,
 * an investigator's assigned cases) and each read is audited.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "web/pages/staff.h"
#include "web/pages/staff_frame.h"
#include "web/pages/staff_words.h"

#define DUE_SOON_DEFAULT 5
#define DUE_SOON_MAX 20

static int within_days(struct web_request *req)
{
	const char *w = web_request_query(req, "within");
	if (w == NULL || w[0] == '\0' || strlen(w) > 2)
		return DUE_SOON_DEFAULT;
	char *end;
	long n = strtol(w, &end, 10);
	if (*end != '\0' || n < 1 || n > DUE_SOON_MAX)
		return DUE_SOON_DEFAULT;
	return (int)n;
}

static const char *clock_label(const struct staff *s, enum ts_id ts)
{
	const struct policy *p = s->ctx.policy;
	if (p == NULL || (unsigned)ts >= TS_ID__MAX || !p->timescales[ts].defined)
		return ts_id_name(ts);
	const struct policy_text *t = &p->timescales[ts].label;
	if (s->req->lang == LANG_CY && t->cy && t->cy[0])
		return t->cy;
	return t->en ? t->en : ts_id_name(ts);
}

static void alerts(struct html *h, const struct store_case *rows, size_t n)
{
	if (n == 0)
		return;
	html_fmt(h, "<div class=\"govuk-notification-banner\" role=\"region\" "
	         "aria-labelledby=\"alerts-title\" data-module=\"govuk-notification-banner\">"
	         "<div class=\"govuk-notification-banner__header\">"
	         "<h2 class=\"govuk-notification-banner__title\" id=\"alerts-title\">%T</h2></div>"
	         "<div class=\"govuk-notification-banner__content\">"
	         "<p class=\"govuk-notification-banner__heading\">%T</p>"
	         "<p class=\"govuk-body\">%T</p><ul class=\"govuk-list\">",
	         N_("Safeguarding alerts"),
	         N_("A child may be at risk now in these cases."),
	         N_("Make sure a safeguarding referral has been made today. "
	            "The complaint carries on as well."));
	for (size_t i = 0; i < n; i++) {
		char *href = arena_printf(h->arena, "/staff/cases/%s", rows[i].reference);
		html_fmt(h, "<li><a class=\"govuk-notification-banner__link\" href=\"%u\">%t</a> – %t</li>",
		         href ? href : "#", rows[i].reference,
		         staff_route_text(h->lang, rows[i].overall_route));
	}
	html_raw(h, "</ul></div></div>");
}

static void clock_table(struct staff *s, struct html *h, bool overdue,
                        const struct app_overdue_item *items, size_t n,
                        int within)
{
	size_t shown = 0;
	for (size_t i = 0; i < n; i++)
		if (items[i].breached == overdue)
			shown++;
	if (overdue)
		html_fmt(h, "<h2 class=\"govuk-heading-m\" id=\"overdue\">%T</h2>",
		         N_("Overdue"));
	else {
		html_raw(h, "<h2 class=\"govuk-heading-m\" id=\"due-soon\">");
		html_trf(h, N_("Due in the next %d working days"), within);
		html_raw(h, "</h2>");
	}
	if (shown == 0) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         overdue ? N_("Nothing is overdue.")
		                 : N_("Nothing is due in these days."));
		return;
	}
	html_fmt(h, "<table class=\"govuk-table\"><thead class=\"govuk-table__head\">"
	         "<tr class=\"govuk-table__row\">"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th></tr></thead>"
	         "<tbody class=\"govuk-table__body\">",
	         N_("Case reference"), N_("Time limit"), N_("Due"),
	         overdue ? N_("Working days over") : N_("Working days left"));
	for (size_t i = 0; i < n; i++) {
		const struct app_overdue_item *it = &items[i];
		if (it->breached != overdue)
			continue;
		char *href = arena_printf(h->arena, "/staff/cases/%s", it->reference);
		html_fmt(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
		         "<a class=\"govuk-link\" href=\"%u\">%t</a></th>"
		         "<td class=\"govuk-table__cell\">%t",
		         href ? href : "#", it->reference, clock_label(s, it->ts));
		if (it->matter_seq > 0) {
			html_raw(h, " (");
			html_trf(h, N_("matter %d"), it->matter_seq);
			html_raw(h, ")");
		}
		html_fmt(h, "</td><td class=\"govuk-table__cell\">%t</td>"
		         "<td class=\"govuk-table__cell\">",
		         staff_date(h, it->due_on));
		if (overdue)
			html_fmt(h, "<strong class=\"govuk-tag govuk-tag--red\">%d</strong>",
			         it->days_overdue);
		else
			html_fmt(h, "%d", it->due_in_wd);
		html_raw(h, "</td></tr>");
	}
	html_raw(h, "</tbody></table>");
}

/* A use case refused the list: say why in place of it. */
static void refused(struct html *h, const struct cwyn_error *err)
{
	if (err->code == CWYN_EFORBIDDEN)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("Your role does not show case content. Administrators "
		            "manage users and policy."));
	else
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("This list could not be loaded. Try again later."));
}

void handle_staff_dashboard(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct cwyn_error err = {0};
	int within = within_days(req);
	struct store_case *alert_rows = NULL, *mine = NULL;
	size_t n_alert = 0, n_mine = 0;
	bool more_alert = false, more_mine = false;
	struct app_overdue_item *items = NULL;
	size_t n_items = 0;

	struct app_case_list_in al = {.status = "open", .alert_only = true,
	                              .limit = 100};
	enum cwyn_code rc_alert = app_case_list(&s.ctx, &al, req->arena,
	                                        &alert_rows, &n_alert,
	                                        &more_alert, &err);
	struct cwyn_error err_alert = err;
	struct app_case_list_in ml = {.status = "open",
	                              .owner_user_id = s.ctx.actor.user_id,
	                              .limit = 100};
	enum cwyn_code rc_mine = app_case_list(&s.ctx, &ml, req->arena, &mine,
	                                       &n_mine, &more_mine, &err);
	struct cwyn_error err_mine = err;
	enum cwyn_code rc_due = app_overdue(&s.ctx, within, req->arena, &items,
	                                    &n_items, &err);
	struct cwyn_error err_due = err;

	struct page pg;
	staff_page_begin(&pg, req, &s, i18n_tr(req->lang, N_("Your cases")),
	                 false, "/staff", NULL);
	struct html *h = &pg.h;
	if (rc_alert == CWYN_OK)
		alerts(h, alert_rows, n_alert);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>", N_("Your cases"));
	if (rc_due == CWYN_OK) {
		clock_table(&s, h, true, items, n_items, within);
		clock_table(&s, h, false, items, n_items, within);
	} else {
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Overdue"));
		refused(h, &err_due);
	}
	if (rc_mine == CWYN_OK) {
		if (n_mine > 0)
			staff_case_table(h, N_("Open cases you own"), mine, n_mine);
		else
			html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>"
			         "<p class=\"govuk-body\">%T</p>",
			         N_("Open cases you own"),
			         N_("You do not own any open cases."));
	} else {
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>",
		         N_("Open cases you own"));
		refused(h, &err_mine);
	}
	if (rc_alert != CWYN_OK && rc_alert != CWYN_EFORBIDDEN)
		refused(h, &err_alert);
	if (rc_mine == CWYN_OK || rc_due == CWYN_OK)
		html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
		         "href=\"/staff/search\">%T</a></p>",
		         N_("Find any case you can see"));
	staff_page_end(&pg, 200);
	if (rc_alert == CWYN_EDB || rc_mine == CWYN_EDB || rc_due == CWYN_EDB)
		s.broken = true;
	staff_end(&s);
}
