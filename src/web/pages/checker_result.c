/*
 * checker_result.c — the checker's answer: the answers become facts, the
 * triage engine decides with the server's policy and calendar (today as
 * as_of), and the decision is told in plain language: for each concern
 * where it goes, by when, what cannot look at it, and who can help — with
 * "How we worked this out" for every deadline (each skipped day and why).
 */
#include "web/pages/checker_result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/triage.h"
#include "i18n/i18n.h"
#include "web/pages/checker_state.h"
#include "web/pages/components.h"
#include "web/pages/layout.h"
#include "web/pages/pages.h"
#include "web/pages/site.h"
#include "web/response.h"

/* Where each route sends the concern, for adults and for young people. */
static const char *const route_adult[ROUTE__MAX] = {
	N_("Complain to the council's social services. The council will first try to sort it out with you (Stage 1, local resolution)."), /* ROUTE_COUNCIL_STAGE1 */
	N_("Ask the council for a formal investigation (Stage 2). The council cannot refuse."), /* ROUTE_COUNCIL_STAGE2 */
	N_("Complain to the chair of the child protection conference."), /* ROUTE_CONFERENCE_CHAIR */
	N_("Ask for your complaint to go to the Safeguarding Board's panel, because the conference chair could not sort it out."), /* ROUTE_SAFEGUARDING_PANEL */
	N_("Complain to %s, using its own complaints procedure."), /* ROUTE_OTHER_AGENCY */
	N_("The complaints procedure cannot look at this, because it is a matter for the court. Get legal advice."), /* ROUTE_EXCLUDED_COURT */
	N_("You can ask the Public Services Ombudsman for Wales to look at this."), /* ROUTE_OMBUDSMAN */
	N_("Your concerns go to different places."), /* ROUTE_SPLIT */
};

static const char *const route_young[ROUTE__MAX] = {
	N_("Tell the council's social services you want to complain. They will try to sort it out with you first."), /* ROUTE_COUNCIL_STAGE1 */
	N_("Ask the council to look into it properly. This is called Stage 2, and they have to say yes."), /* ROUTE_COUNCIL_STAGE2 */
	N_("Complain to the person in charge of the conference (the conference chair)."), /* ROUTE_CONFERENCE_CHAIR */
	N_("Ask for a group of people from the Safeguarding Board to look at it."), /* ROUTE_SAFEGUARDING_PANEL */
	N_("Complain to %s. They have their own way of dealing with complaints."), /* ROUTE_OTHER_AGENCY */
	N_("A complaint cannot look at this, because it is for the court. A lawyer can help you."), /* ROUTE_EXCLUDED_COURT */
	N_("You can ask the Public Services Ombudsman for Wales to look at it."), /* ROUTE_OMBUDSMAN */
	N_("Your concerns go to different places."), /* ROUTE_SPLIT */
};

static const char *const agency_words[AGENCY__MAX] = {
	N_("the council's social services"), /* AGENCY_COUNCIL */
	N_("the police"),                    /* AGENCY_POLICE */
	N_("the health service (for example the health board or NHS trust)"), /* AGENCY_HEALTH */
	N_("the school or education service"), /* AGENCY_EDUCATION */
	N_("the other council"),             /* AGENCY_OTHER_COUNCIL */
	N_("the probation service"),         /* AGENCY_PROBATION */
	N_("the other organisation"),        /* AGENCY_OTHER */
};

static const char *const council_verdict[VERDICT__MAX] = {
	N_("The council's complaints procedure cannot look at this."), /* VERDICT_NO */
	N_("The council's complaints procedure cannot look at this yet."), /* VERDICT_NOT_YET */
	N_("The council's complaints procedure may be able to look at this."), /* VERDICT_POSSIBLE */
	N_("The council's complaints procedure can look at this."), /* VERDICT_YES */
};

static const char *const ombudsman_verdict[VERDICT__MAX] = {
	N_("The Public Services Ombudsman for Wales cannot look at this."), /* VERDICT_NO */
	N_("The Public Services Ombudsman for Wales can look at this only after the complaints procedure has finished, or sooner if the council is delaying."), /* VERDICT_NOT_YET */
	N_("The Public Services Ombudsman for Wales may be able to look at this."), /* VERDICT_POSSIBLE */
	N_("The Public Services Ombudsman for Wales can look at this now."), /* VERDICT_YES */
};

static const char *tr(struct html *h, const char *msgid)
{
	return i18n_tr(h->lang, msgid);
}

static const char *pick(struct html *h, const char *en, const char *cy)
{
	return h->lang == LANG_CY && cy != NULL && cy[0] != '\0' ? cy : en;
}

/* "18 December 2026" (no weekday), for dates inside a sentence. */
static const char *const month_long[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
	N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
	N_("November"), N_("December"),
};

static char *dmy(struct html *h, cwyn_day d)
{
	int y, m, day;
	date_to_ymd(d, &y, &m, &day);
	return arena_printf(h->arena, "%d %s %d", day, tr(h, month_long[m - 1]), y);
}

static char *long_date(struct html *h, cwyn_day d)
{
	return gv_long_date(h->arena, h->lang, d);
}

/* Inside a sentence (components.h): "erbyn dydd Mawrth ...", and after
 * "on" / "ar" the mutated "ar ddydd Mawrth ...". */
static char *date_inline(struct html *h, cwyn_day d)
{
	return gv_long_date_inline(h->arena, h->lang, d);
}

static char *date_on(struct html *h, cwyn_day d)
{
	return gv_long_date_on(h->arena, h->lang, d);
}

/* "14th" in English; Welsh takes the bare number ("diwrnod gwaith rhif 14"). */
static char *ordinal(struct html *h, int n)
{
	if (h->lang == LANG_CY)
		return arena_printf(h->arena, "%d", n);
	const char *suf = "th";
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	return arena_printf(h->arena, "%d%s", n, suf);
}

static void how_worked_out(struct html *h, const struct deadline *dl)
{
	const struct cal_derivation *dv = &dl->derivation;
	html_fmt(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
	         "<span class=\"govuk-details__summary-text\">%T</span></summary>"
	         "<div class=\"govuk-details__text\"><p class=\"govuk-body\">",
	         N_("How we worked this out"));
	html_trf(h, N_("Day 0 is %s."), date_inline(h, dv->start));
	html_raw(h, "</p>");
	switch (dv->unit) {
	case CAL_UNIT_WORKING_DAYS:
		html_raw(h, "<p class=\"govuk-body\">");
		if (dv->n_skipped == 0) {
			html_trf(h, N_("Counting %d working days after it, no days were skipped."),
			         dv->amount);
			html_raw(h, "</p>");
		} else {
			html_trf(h, N_("Counting %d working days after it, these days were skipped:"),
			         dv->amount);
			html_raw(h, "</p><ul class=\"govuk-list govuk-list--bullet\">");
			for (size_t i = 0; i < dv->n_skipped; i++) {
				const struct cal_skip *s = &dv->skipped[i];
				const char *why = s->kind == CAL_WEEKEND
				    ? tr(h, N_("weekend")) : pick(h, s->why_en, s->why_cy);
				html_fmt(h, "<li>%t: %t</li>", long_date(h, s->day),
				         why ? why : "");
			}
			html_raw(h, "</ul>");
		}
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("The %s working day is %s."), ordinal(h, dv->amount),
		         date_inline(h, dv->result));
		html_raw(h, "</p>");
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("Working days leave out weekends, Christmas Day, Boxing "
		         "Day, Good Friday, bank holidays and the days the council "
		         "is closed."));
		break;
	case CAL_UNIT_CALENDAR_DAYS:
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("%d calendar days after it is %s."), dv->amount,
		         date_inline(h, dv->result));
		html_raw(h, "</p>");
		break;
	case CAL_UNIT_MONTHS:
	default:
		html_raw(h, "<p class=\"govuk-body\">");
		if (dv->inclusive)
			html_trf(h, N_("The period of %d months starts on that day, so its last day is %s."),
			         dv->amount, date_inline(h, dv->result));
		else
			html_trf(h, N_("%d months after it is %s."), dv->amount,
			         date_inline(h, dv->result));
		html_raw(h, "</p>");
		break;
	}
	html_raw(h, "</div></details>");
}

/* The complainant's own time limits, in a sentence each. */
static bool complainant_deadline(struct html *h, const struct deadline *dl)
{
	const struct cal_derivation *dv = &dl->derivation;
	bool late = dl->status == DL_LATE || dl->status == DL_MISSED;
	if (dl->ts != TS_CONF_COMPLAINT && dl->ts != TS_COMPLAINT_TIME_LIMIT &&
	    dl->ts != TS_PSOW_TIME_LIMIT)
		return false;
	/* "ended on %s" is "i ben ar %s" (mutated); "by %s" is "erbyn %s". */
	char *due = late ? date_on(h, dv->result) : date_inline(h, dv->result);
	char *start = dmy(h, dv->start);
	html_raw(h, "<div class=\"cwyn-deadline\"><p class=\"govuk-body\">");
	switch (dl->ts) {
	case TS_CONF_COMPLAINT:
		if (late)
			html_trf(h, N_("The time to complain to the conference chair ended on %s "
			         "— %d working days after the minutes were sent on %s. You can "
			         "still complain: the chair decides whether to look at a late "
			         "complaint, so say why it is late."), due, dv->amount, start);
		else
			html_trf(h, N_("You need to complain to the conference chair by %s — that "
			         "is %d working days after the minutes were sent on %s."),
			         due, dv->amount, start);
		break;
	case TS_COMPLAINT_TIME_LIMIT:
		if (late)
			html_trf(h, N_("The usual time limit to complain to the council ended on "
			         "%s (%d months after %s). The council can still look at a "
			         "later complaint if there was a good reason for the delay, so "
			         "say why it is late."), due, dv->amount, start);
		else
			html_trf(h, N_("Complain to the council by %s — that is %d months after "
			         "%s, when it happened or when you found out about it."),
			         due, dv->amount, start);
		break;
	case TS_PSOW_TIME_LIMIT:
		if (late)
			html_trf(h, N_("The Ombudsman's usual time limit of one year ended on %s. "
			         "The Ombudsman can still decide to look at it, so say why it "
			         "is late."), due);
		else
			html_trf(h, N_("If you go to the Ombudsman, the Ombudsman normally needs "
			         "your complaint by %s — one year after you first knew about it."),
			         due);
		break;
	default:
		break;
	}
	html_raw(h, "</p></div>");
	how_worked_out(h, dl);
	return true;
}

/* What the council (or chair) must do next, while the clock runs. */
static void duty_deadlines(struct html *h, const struct policy *p,
                           const struct deadline *dls, size_t n, bool *heading)
{
	for (size_t i = 0; i < n; i++) {
		const struct deadline *dl = &dls[i];
		if (dl->status != DL_OPEN || dl->ts == TS_CONF_COMPLAINT ||
		    dl->ts == TS_COMPLAINT_TIME_LIMIT || dl->ts == TS_PSOW_TIME_LIMIT ||
		    (unsigned)dl->ts >= TS_ID__MAX)
			continue;
		if (!*heading) {
			html_fmt(h, "<h3 class=\"govuk-heading-s\">%T</h3>"
			         "<ul class=\"govuk-list govuk-list--bullet\">",
			         N_("What happens next, and by when"));
			*heading = true;
		}
		const struct policy_timescale *t = &p->timescales[dl->ts];
		html_raw(h, "<li>");
		html_trf(h, N_("%s: by %s"), pick(h, t->label.en, t->label.cy),
		         date_inline(h, dl->derivation.result));
		html_raw(h, "</li>");
	}
}

static void matter_section(struct html *h, const struct chk_state *s,
                           const struct matter_decision *m,
                           const struct policy *p)
{
	long idx = m->matter_id ? strtol(m->matter_id, NULL, 10) - 1 : -1;
	const char *label = "";
	if (idx >= 0 && idx < CHK_MAX_CONCERNS && s->c[idx].kind >= 0) {
		const struct chk_kind_info *k = &chk_kinds[s->c[idx].kind];
		label = tr(h, s->young ? k->label_young : k->label);
	}
	html_raw(h, "<h2 class=\"govuk-heading-m\">");
	html_trf(h, N_("Concern %ld: %s"), idx + 1, label);
	html_raw(h, "</h2><p class=\"govuk-body-l\">");
	/* The tables hold every route's words; the one with a %s is
	 * written out below so the compiler can check its argument. */
	const char *const *routes = s->young ? route_young : route_adult;
	if ((unsigned)m->route < ROUTE__MAX) {
		if (m->route == ROUTE_OTHER_AGENCY) {
			const char *who = m->agency_name ? m->agency_name
			    : (unsigned)m->agency < AGENCY__MAX ? tr(h, agency_words[m->agency]) : "";
			if (s->young)
				html_trf(h, N_("Complain to %s. They have their own way of "
				         "dealing with complaints."), who);
			else
				html_trf(h, N_("Complain to %s, using its own complaints "
				         "procedure."), who);
		} else {
			html_tr(h, routes[m->route]);
		}
	}
	html_raw(h, "</p>");
	if (m->late)
		html_fmt(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
		         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
		         "<span class=\"govuk-visually-hidden\">%T</span>%T</strong></div>",
		         N_("Warning"), N_("This complaint would be late. You can still make it: "
		         "explain why it is late."));
	bool any = false;
	for (size_t i = 0; i < m->n_deadlines; i++)
		any |= complainant_deadline(h, &m->deadlines[i]);
	if (!any && m->route == ROUTE_CONFERENCE_CHAIR)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("You need to complain within 14 working days after the "
		         "conference minutes were sent. Give the date the minutes "
		         "were sent to see your deadline."));
	bool heading = false;
	duty_deadlines(h, p, m->deadlines, m->n_deadlines, &heading);
	if (heading)
		html_raw(h, "</ul>");
	html_fmt(h, "<h3 class=\"govuk-heading-s\">%T</h3><ul class=\"govuk-list govuk-list--bullet\">",
	         N_("Who can look at it"));
	if ((unsigned)m->council < VERDICT__MAX)
		html_fmt(h, "<li>%T</li>", council_verdict[m->council]);
	if ((unsigned)m->ombudsman < VERDICT__MAX)
		html_fmt(h, "<li>%T</li>", ombudsman_verdict[m->ombudsman]);
	html_raw(h, "</ul>");
}

static void alert_box(struct html *h, const struct policy *p, bool young)
{
	html_fmt(h, "<div class=\"govuk-notification-banner\" role=\"region\" "
	         "aria-labelledby=\"alert-title\" data-module=\"govuk-notification-banner\">"
	         "<div class=\"govuk-notification-banner__header\">"
	         "<h2 class=\"govuk-notification-banner__title\" id=\"alert-title\">%T</h2></div>"
	         "<div class=\"govuk-notification-banner__content\">"
	         "<p class=\"govuk-notification-banner__heading\">%T</p>",
	         N_("Important"),
	         young ? N_("If you are in danger now, call 999.")
	               : N_("A child may be at risk of harm now. If a child is in "
	                 "immediate danger, call 999. Otherwise contact the "
	                 "council's children's services today."));
	gv_contact(h, &p->contacts[CONTACT_EMERGENCY]);
	gv_contact(h, &p->contacts[CONTACT_DUTY_TEAM]);
	html_raw(h, "</div></div>");
}

static void problem_page(struct web_request *req, const char *msgid,
                         const char *detail, int status)
{
	struct page pg;
	page_begin(&pg, req, N_("There is a problem with your answers"), false,
	           "/check", "/check");
	struct html *h = &pg.h;
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1><p class=\"govuk-body\">%T</p>",
	         N_("There is a problem with your answers"), msgid);
	if (detail != NULL)
		html_fmt(h, "<p class=\"govuk-body\">%t</p>", i18n_tr(req->lang, detail));
	html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/check\">%T</a></p>",
	         N_("Start again"));
	page_end(&pg, status);
}

void checker_result(struct web_request *req)
{
	const struct site *site = site_get();
	struct chk_state s;
	chk_state_init(&s);
	chk_state_read(&s, req->query, req->nquery);
	if (site->policy == NULL) {
		problem_page(req, N_("The checker is not available at the moment. "
		             "Please try again later."), NULL, 503);
		return;
	}
	struct facts f;
	struct cwyn_error err = {0};
	cwyn_day today = pages_today();
	if (chk_state_facts(&s, today, req->lang, req->arena, &f, &err) != CWYN_OK) {
		problem_page(req, N_("You have not told us about a concern yet."), NULL, 400);
		return;
	}
	struct decision *d = NULL;
	if (triage_decide(&f, site->policy, site->cal, &d, &err) != CWYN_OK) {
		problem_page(req, N_("Some of your answers do not fit together. "
		             "Please check them."), err.message, 400);
		return;
	}
	struct page pg;
	char *self = chk_url(&s, req->arena, "result");
	s.cur = 0;
	s.cur_child = 0;
	char *change = chk_url(&s, req->arena, "risk");
	page_begin(&pg, req, s.young ? N_("What you can do") : N_("Where your complaint can go"),
	           false, self ? self : "/check", NULL);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	html_fmt(h, "<h1 class=\"govuk-heading-xl\">%T</h1>",
	         s.young ? N_("What you can do") : N_("Where your complaint can go"));
	if (d->safeguarding_alert)
		alert_box(h, site->policy, s.young);
	html_raw(h, "<p class=\"govuk-body\">");
	html_trf(h, N_("These answers assume you complain today, %s."),
	         date_inline(h, today));
	html_raw(h, "</p>");
	if (d->overall == ROUTE_SPLIT)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("Your concerns go to different places, so you may need to "
		         "make more than one complaint."));
	for (size_t i = 0; i < d->n_matters; i++)
		matter_section(h, &s, &d->matters[i], site->policy);
	bool helpers = false;
	for (size_t i = 0; i < d->n_signposts; i++) {
		const struct signpost *sp = &d->signposts[i];
		if (!helpers) {
			html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Who can help"));
			helpers = true;
		}
		if (sp->other_agency) {
			html_raw(h, "<p class=\"govuk-body\">");
			html_trf(h, N_("The complaints procedure of %s."),
			         sp->agency_name ? sp->agency_name
			         : (unsigned)sp->agency < AGENCY__MAX ? tr(h, agency_words[sp->agency]) : "");
			html_raw(h, "</p>");
		} else if ((unsigned)sp->contact < CONTACT_ID__MAX) {
			gv_contact(h, &site->policy->contacts[sp->contact]);
		}
	}
	html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T</a></p>"
	         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T</a></p>",
	         change ? change : "/check", N_("Change your answers"),
	         s.young ? "/young-people" : "/check", N_("Start again"));
	html_raw(h, "</div></div>");
	decision_free(d);
	page_end(&pg, 200);
}
