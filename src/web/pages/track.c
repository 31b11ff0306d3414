/*
 * track.c — the complainant's pages after sending: the confirmation page
 * (reference and the secret link, shown once) and the tracking page behind
 * that link.
 *
 * The tracking page is in the complainant's language (the case's; an
 * explicit ?lang= switch is honoured) and shows only what is theirs to
 * know: the case's status, each concern's route in plain words, the next
 * step with its due date from the clocks, the letters sent (titles and
 * dates) and who can help. Never the timeline, staff notes, names or any
 * other person's details.
 *
 * A wrong or malformed secret and an unknown reference get the same 404
 * page (app_public_track cannot tell them apart either), and lookups are
 * limited per address. Every answer carries Cache-Control: no-store and
 * Referrer-Policy: no-referrer (response.c), so the secret in the address
 * stays out of caches and other sites' logs.
 */
#include <stdio.h>
#include <string.h>

#include "app/public.h"
#include "i18n/i18n.h"
#include "web/pages/complain.h"
#include "web/pages/complain_internal.h"
#include "web/pages/layout.h"
#include "web/rate_limit.h"
#include "web/response.h"

/* Lookups per address: a person refreshing now and then never meets it;
 * a script trying links does, quickly. */
#define TRACK_MAX_LOOKUPS 30
#define TRACK_WINDOW 600
static struct rate_limit lookups = RATE_LIMIT_INIT(TRACK_MAX_LOOKUPS,
                                                   TRACK_WINDOW);

/* What is happening now, by route, as the tracking page says it. */
static const char *const route_now[ROUTE__MAX] = {
	N_("The council's complaints officer is looking at this part of your complaint (Stage 1, local resolution)."), /* ROUTE_COUNCIL_STAGE1 */
	N_("This part of your complaint is being looked at in a formal investigation (Stage 2)."), /* ROUTE_COUNCIL_STAGE2 */
	N_("The chair of the child protection conference is looking at this part of your complaint."), /* ROUTE_CONFERENCE_CHAIR */
	N_("This part of your complaint is going to the Safeguarding Board's panel."), /* ROUTE_SAFEGUARDING_PANEL */
	N_("This part of your complaint is for %s. The council will tell you how to complain to them."), /* ROUTE_OTHER_AGENCY */
	N_("The complaints procedure cannot look at this, because it is a matter for the court. Get legal advice."), /* ROUTE_EXCLUDED_COURT */
	N_("You can ask the Public Services Ombudsman for Wales to look at this."), /* ROUTE_OMBUDSMAN */
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

static int route_of(const char *name)
{
	for (int r = 0; name != NULL && r < ROUTE__MAX; r++)
		if (strcmp(route_name((enum route)r), name) == 0)
			return r;
	return -1;
}

static void not_found(struct web_request *req)
{
	respond_error_page(req, 404, N_("there is nothing at this address"));
}

/*
 * Shared by both pages: the limit, the database and the case behind the
 * link. False after answering (429, 404, 503, 500).
 */
static bool lookup(struct cf_ctx *c, struct app_ctx *ctx,
                   struct app_case_view *v)
{
	struct web_request *req = c->req;
	int64_t now = web_app_now(c->app);
	if (!rate_limit_allow(&lookups, req->remote_addr, now)) {
		char secs[24];
		snprintf(secs, sizeof secs, "%lld",
		         (long long)rate_limit_retry_after(&lookups,
		                                           req->remote_addr, now));
		respond_error_page(req, 429, N_("too many requests from your "
		                                "connection; wait a few minutes and "
		                                "try again"));
		respond_add_header(req, "Retry-After", secs);
		return false;
	}
	if (!cf_db(c))
		return false;
	struct cwyn_error err = {0};
	memset(ctx, 0, sizeof *ctx);
	ctx->db = c->db;
	ctx->policy = cf_policy(c->app);
	ctx->cal = cf_calendar(c->app);
	ctx->today = cf_today(c->app);
	enum cwyn_code rc = app_public_actor(c->db, c->app->default_authority,
	                                     &ctx->actor, &err);
	if (rc == CWYN_OK)
		rc = app_public_track(ctx, web_request_param(req, "ref"),
		                      web_request_param(req, "secret"), req->arena,
		                      v, &err);
	if (rc == CWYN_ENOTFOUND) {
		not_found(req);
		return false;
	}
	if (rc != CWYN_OK) {
		if (rc == CWYN_EDB || rc == CWYN_EIO)
			c->db_broken = true;
		fprintf(stderr, "cwyn: tracking: %s\n", err.message);
		respond_error_page(req, 500, N_("the server could not complete the "
		                                "request; nothing was changed"));
		return false;
	}
	return true;
}

static void contact(struct html *h, const struct policy *p, enum contact_id id)
{
	if (p != NULL)
		gv_contact(h, &p->contacts[id]);
}

static bool young_case(const struct app_case_view *v)
{
	for (size_t i = 0; i < v->n_complainants; i++)
		if (v->complainants[i].relationship != NULL &&
		    strcmp(v->complainants[i].relationship, "child") == 0)
			return true;
	return false;
}

static void who_can_help(struct html *h, const struct policy *p,
                         const struct app_case_view *v)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Who can help"));
	if (young_case(v)) {
		contact(h, p, CONTACT_ADVOCACY);
		contact(h, p, CONTACT_CRO);
		contact(h, p, CONTACT_CCFW);
	}
	contact(h, p, CONTACT_COMPLAINTS_OFFICER);
	if (!young_case(v))
		contact(h, p, CONTACT_ADVOCACY);
	contact(h, p, CONTACT_PSOW);
}

static const char *route_sentence(struct html *h, const char *const *table,
                                  const struct store_matter *m)
{
	int r = route_of(m->route);
	if (r < 0)
		return NULL;
	if (r != ROUTE_OTHER_AGENCY)
		return i18n_tr(h->lang, table[r]);
	enum agency a = AGENCY_OTHER;
	agency_from_name(m->agency, &a);
	const char *who = m->agency_name && m->agency_name[0]
	                      ? m->agency_name
	                      : i18n_tr(h->lang, agency_words[a]);
	/* The format is the translated msgid: its only conversion is %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return arena_printf(h->arena, i18n_tr(h->lang, table[r]), who);
#pragma GCC diagnostic pop
}

/* The next thing due: the earliest running clock, with its label. */
static void next_step(struct html *h, const struct policy *p,
                      const struct app_case_view *v)
{
	const struct store_clock *next = NULL;
	const struct clock_status *ns = NULL;
	for (size_t i = 0; i < v->n_clocks; i++) {
		const struct store_clock *k = &v->clocks[i];
		if (k->state == NULL || strcmp(k->state, "running") != 0 ||
		    v->status[i].due == CWYN_DAY_NONE)
			continue;
		if (next == NULL || v->status[i].due < ns->due) {
			next = k;
			ns = &v->status[i];
		}
	}
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("What happens next"));
	if (next == NULL) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("There is nothing for you to do now. We will write to "
		            "you when something happens."));
		return;
	}
	enum ts_id ts;
	const char *label = NULL;
	if (p != NULL && ts_id_from_name(next->timescale, &ts) &&
	    p->timescales[ts].defined) {
		const struct policy_text *t = &p->timescales[ts].label;
		label = h->lang == LANG_CY && t->cy && t->cy[0] ? t->cy : t->en;
	}
	html_raw(h, "<p class=\"govuk-body\">");
	if (label != NULL) {
		html_text(h, label);
		html_raw(h, ": ");
	}
	html_trf(h, N_("by %s."), gv_long_date(h->arena, h->lang, ns->due));
	html_raw(h, "</p>");
}

static void letters(struct html *h, const struct app_case_view *v)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Letters we have sent you"));
	size_t shown = 0;
	for (size_t i = 0; i < v->n_letters; i++) {
		const struct store_letter *l = &v->letters[i];
		if (l->sent_at[0] == '\0')
			continue;
		if (shown++ == 0)
			html_raw(h, "<ul class=\"govuk-list\">");
		cwyn_day d = CWYN_DAY_NONE;
		char day[CWYN_DATE_STRLEN];
		snprintf(day, sizeof day, "%.10s", l->sent_at);
		date_parse(day, &d, "sent_at", NULL);
		html_fmt(h, "<li><strong>%t</strong> – %t</li>",
		         l->subject ? l->subject : "",
		         gv_long_date(h->arena, h->lang, d));
	}
	if (shown == 0)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>", N_("None yet."));
	else
		html_raw(h, "</ul>");
}

static const char *subject_words(const struct store_matter *m, bool young)
{
	enum matter_subject s;
	if (!matter_subject_from_name(m->subject, &s))
		return NULL;
	for (int k = 0; k < KIND__MAX; k++)
		if (chk_kinds[k].subject == s)
			return young ? chk_kinds[k].label_young : chk_kinds[k].label;
	return NULL;
}

static void track_page(struct cf_ctx *c, const struct app_case_view *v,
                       bool confirmation)
{
	struct web_request *req = c->req;
	const struct policy *p = cf_policy(c->app);
	/* The complainant's language, unless they switch on this page. */
	const char *q = web_request_query(req, "lang");
	if (q == NULL || (strcmp(q, "cy") != 0 && strcmp(q, "en") != 0))
		req->lang = v->c.language && strcmp(v->c.language, "cy") == 0
		                ? LANG_CY : LANG_EN;
	bool young = young_case(v);
	char *self = arena_printf(req->arena, "%s%s", req->path, "");
	struct page pg;
	page_begin_flags(&pg, req, confirmation ? N_("Complaint sent")
	                                        : N_("Follow your complaint"),
	                 false, self ? self : "/", NULL, PAGE_SENDS);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	if (confirmation) {
		html_fmt(h, "<div class=\"govuk-panel govuk-panel--confirmation\">"
		         "<h1 class=\"govuk-panel__title\">%T</h1><div class=\"govuk-panel__body\">%T"
		         "<br><strong>%t</strong></div></div>",
		         N_("Complaint sent"), N_("Your reference number"), v->c.reference);
		const char *host = web_request_header(req, "Host");
		char *link = arena_printf(req->arena, "%s://%s%s",
		                          req->secure ? "https" : "http",
		                          host ? host : "localhost",
		                          arena_printf(req->arena, "/track/%s/%s",
		                                       v->c.reference,
		                                       web_request_param(req, "secret")));
		char *path = arena_printf(req->arena, "/track/%s/%s", v->c.reference,
		                          web_request_param(req, "secret"));
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>"
		         "<p class=\"govuk-body\"><a class=\"govuk-link\" id=\"tracking-link\" "
		         "href=\"%u\">%t</a></p><div class=\"govuk-warning-text\">"
		         "<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		         "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">"
		         "%T</span>%T</strong></div>",
		         N_("Follow your complaint"),
		         N_("Save this private link, or bookmark it. It shows what is "
		            "happening with your complaint. We cannot show it to you "
		            "again, and anyone who has it can see this page."),
		         path ? path : "#", link ? link : "", N_("Warning"),
		         N_("Do not share this link."));
		if (v->c.safeguarding_alert) {
			html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
			         young ? N_("You told us you or another child may be in "
			                    "danger. Staff will see this first. If you are "
			                    "in danger now, call 999.")
			               : N_("You told us a child may be at risk of harm now. "
			                    "Staff will see this first and act on it today. "
			                    "If a child is in immediate danger, call 999."));
			contact(h, p, CONTACT_DUTY_TEAM);
		}
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
		         N_("What happens next"),
		         N_("We will write to you to say we have your complaint and "
		            "what will happen next. The link above shows each step "
		            "and its date."));
		if (young) {
			html_fmt(h, "<p class=\"govuk-body\">%T</p>",
			         N_("An advocate or the Children's Rights Officer can help "
			            "you with your complaint. It is free."));
			contact(h, p, CONTACT_ADVOCACY);
			contact(h, p, CONTACT_CRO);
		}
		html_raw(h, "</div></div>");
		page_end(&pg, 200);
		return;
	}
	html_fmt(h, "<span class=\"govuk-caption-l\">%t</span><h1 class=\"govuk-heading-l\">%T</h1>",
	         v->c.reference, N_("Follow your complaint"));
	bool closed = v->c.status && strcmp(v->c.status, "closed") == 0;
	html_fmt(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\">"
	         "<dt class=\"govuk-summary-list__key\">%T</dt><dd class=\"govuk-summary-list__value\">"
	         "<strong class=\"govuk-tag%a\">%T</strong></dd></div>",
	         N_("Status"), closed ? " govuk-tag--grey" : " govuk-tag--blue",
	         closed ? N_("Closed") : N_("Open: we are dealing with it"));
	html_fmt(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%T</dt>"
	         "<dd class=\"govuk-summary-list__value\">%t</dd></div></dl>",
	         N_("Received"), gv_long_date(req->arena, req->lang, v->c.received));
	if (v->c.safeguarding_alert && !closed)
		html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
		         N_("If a child is in immediate danger, call 999 now."));
	for (size_t i = 0; i < v->n_matters; i++) {
		const struct store_matter *m = &v->matters[i];
		html_raw(h, "<h2 class=\"govuk-heading-m\">");
		html_trf(h, N_("Concern %zu"), (size_t)m->seq);
		html_raw(h, "</h2>");
		const char *what = subject_words(m, young);
		if (what != NULL)
			html_fmt(h, "<p class=\"govuk-body\">%T</p>", what);
		const char *now = route_sentence(h, route_now, m);
		if (now != NULL)
			html_fmt(h, "<p class=\"govuk-body\">%t</p>", now);
	}
	next_step(h, p, v);
	letters(h, v);
	who_can_help(h, p, v);
	html_raw(h, "</div></div>");
	page_end(&pg, 200);
}

static void serve(struct web_request *req, bool confirmation)
{
	struct cf_ctx c = {.req = req, .app = req->app};
	struct app_ctx ctx;
	struct app_case_view v;
	if (lookup(&c, &ctx, &v))
		track_page(&c, &v, confirmation);
	cf_done(&c);
}

void handle_complain_sent(struct web_request *req)
{
	serve(req, true);
}

void handle_track(struct web_request *req)
{
	serve(req, false);
}
