/*
 * staff_frame.c — the frame of every staff request and page: session,
 * CSRF, database, use-case context, errors, and the GOV.UK page frame
 * with the staff navigation (see staff_frame.h).
 */
#include "web/pages/staff_frame.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "web/cookie.h"
#include "web/form.h"
#include "web/pages/site.h"
#include "web/response.h"

#define STAFF_SERVICE_MSGID N_("Complaints case work")
#define LANG_COOKIE_MAX_AGE (365L * 24 * 3600)

/* ---- Requests -------------------------------------------------------------- */

/* Only plain paths come back after signing in: /staff... made of letters,
 * digits, '/', '-' and '_' (no "//", no query), so ?next= can never send
 * anyone off the site. */
static bool next_ok(const char *p)
{
	if (p == NULL || strncmp(p, "/staff", 6) != 0 || strstr(p, "//"))
		return false;
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '/' || *c == '-' ||
		      *c == '_'))
			return false;
	return strlen(p) < 200;
}

static void to_login(struct web_request *req)
{
	const char *url = "/staff/login";
	if (req->method == WEB_GET && next_ok(req->path) &&
	    strcmp(req->path, "/staff") != 0)
		url = arena_printf(req->arena, "/staff/login?next=%s", req->path);
	page_redirect(req, url ? url : "/staff/login");
}

static bool unavailable(struct web_request *req)
{
	staff_message_page(req, NULL, 503, N_("Sorry, the service is unavailable"),
	                   N_("The database is not available. Nothing was "
	                      "changed. Try again later."));
	return false;
}

bool staff_begin(struct web_request *req, unsigned flags, struct staff *s)
{
	struct cwyn_error err = {0};
	memset(s, 0, sizeof *s);
	s->req = req;
	s->app = req->app;
	if (s->app == NULL || s->app->pool == NULL)
		return unavailable(req);
	s->now = web_app_now(s->app);
	s->token = web_request_cookie(req, WEB_SESSION_COOKIE);
	if (s->token == NULL) {
		to_login(req);
		return false;
	}
	if (db_pool_acquire(s->app->pool, &s->db, &err) != CWYN_OK)
		return unavailable(req);
	accounts_init(&s->acc, s->db);
	s->acc.cfg = s->app->accounts;
	enum cwyn_code rc = session_lookup(&s->acc, s->token, s->now,
	                                   &s->session, &err);
	if (rc != CWYN_OK) {
		bool db_fault = rc == CWYN_EDB || rc == CWYN_EIO ||
		                rc == CWYN_ENOMEM || rc == CWYN_EINTERNAL;
		s->broken = db_fault;
		staff_end(s);
		if (db_fault)
			return unavailable(req);
		to_login(req);
		return false;
	}
	if (flags & STAFF_FORM) {
		/* Every other limit (sizes, UTF-8) stays the body's. */
		struct form_limits lim = form_limits_body;
		if ((flags & STAFF_FORM_LONG) == STAFF_FORM_LONG)
			lim.max_pairs = STAFF_LONG_FORM_PAIRS;
		if (web_request_form_limits(req, &lim, &s->form, &s->nform) != CWYN_OK) {
			staff_end(s);
			return false;
		}
		/* A browser sends the cookie with a form posted from any site;
		 * only our own pages know the token. */
		if (csrf_check(&s->session, staff_form(s, STAFF_CSRF_FIELD),
		               &err) != CWYN_OK) {
			staff_message_page(req, s, 403,
			                   N_("This form could not be accepted"),
			                   N_("The form did not come from this "
			                      "service, or your session has changed "
			                      "since it was opened. Nothing was "
			                      "changed. Go back, reload the page and "
			                      "try again."));
			staff_end(s);
			return false;
		}
	}
	enum app_role role;
	if (!app_role_from_name(s->session.user.role, &role) ||
	    role == APP_ROLE_OPERATOR) {
		staff_message_page(req, NULL, 403, N_("You cannot use this service"),
		                   N_("Your account has no role this service "
		                      "knows. Ask an administrator."));
		staff_end(s);
		return false;
	}
	s->ctx.db = s->db;
	s->ctx.policy = s->app->policy;
	s->ctx.cal = s->app->cal;
	s->ctx.today = web_app_today(s->app);
	s->ctx.actor.user_id = s->session.user.user_id;
	s->ctx.actor.username = s->session.user.username;
	s->ctx.actor.role = role;
	s->ctx.actor.authority_id = s->session.user.authority_id;
	return true;
}

void staff_end(struct staff *s)
{
	if (s->db != NULL && s->app != NULL && s->app->pool != NULL)
		db_pool_release(s->app->pool, s->db, s->broken);
	s->db = NULL;
}

const char *staff_form(const struct staff *s, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < s->nform; i++)
		if (strcmp(s->form[i].name, name) == 0)
			v = s->form[i].value;
	return v;
}

const char *staff_form_text(const struct staff *s, const char *name)
{
	const char *v = staff_form(s, name);
	if (v == NULL)
		return NULL;
	for (const char *p = v; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
			return v;
	return NULL;
}

const char *staff_ref(struct staff *s)
{
	const char *ref = web_request_param(s->req, "ref");
	size_t n = ref ? strlen(ref) : 0;
	bool ok = n > 0 && n < STORE_REF_SIZE;
	for (size_t i = 0; ok && i < n; i++) {
		char ch = ref[i];
		ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		     (ch >= '0' && ch <= '9') || ch == '-';
	}
	if (!ok) {
		staff_message_page(s->req, s, 404, N_("Page not found"),
		                   N_("There is no case with this reference that "
		                      "you can see."));
		return NULL;
	}
	return ref;
}

void staff_fail(struct staff *s, const struct cwyn_error *err)
{
	switch (err->code) {
	case CWYN_ENOTFOUND:
		staff_message_page(s->req, s, 404, N_("Page not found"),
		                   N_("There is no case with this reference that "
		                      "you can see."));
		return;
	case CWYN_EFORBIDDEN:
		staff_message_page(s->req, s, 403, N_("You cannot do this"),
		                   N_("Your role does not allow this. Nothing was "
		                      "changed."));
		return;
	case CWYN_ECONFLICT:
		staff_message_page(s->req, s, 409,
		                   N_("The case was changed by someone else"),
		                   N_("Someone else changed this case after you "
		                      "opened it. Nothing was changed. Open the "
		                      "case again to see the latest version."));
		return;
	default:
		s->broken = err->code == CWYN_EDB || err->code == CWYN_EIO;
		staff_message_page(s->req, s, 500,
		                   N_("Sorry, there is a problem with the service"),
		                   N_("The server could not complete the request. "
		                      "Nothing was changed. Try again later."));
		return;
	}
}

void staff_message_page(struct web_request *req, const struct staff *s,
                        int status, const char *title_msgid,
                        const char *body_msgid)
{
	struct page pg;
	staff_page_begin(&pg, req, s, i18n_tr(req->lang, title_msgid), false,
	                 req->path ? req->path : "/staff", NULL);
	html_fmt(&pg.h, "<h1 class=\"govuk-heading-l\">%T</h1>"
	         "<p class=\"govuk-body\">%T</p>", title_msgid, body_msgid);
	if (s != NULL)
		html_fmt(&pg.h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
		         "href=\"/staff\">%T</a></p>", N_("Go to your cases"));
	else
		html_fmt(&pg.h, "<p class=\"govuk-body\"><a class=\"govuk-link\" "
		         "href=\"/staff/login\">%T</a></p>", N_("Sign in"));
	staff_page_end(&pg, status);
}

/* ---- Words ---------------------------------------------------------------- */

static const struct {
	const char *role;
	const char *label;
} role_words[] = {
	{"complaints_officer", N_("complaints officer")},
	{"conference_chair", N_("conference chair")},
	{"senior_manager", N_("senior manager for child protection")},
	{"panel_member", N_("safeguarding board panel member")},
	{"investigator", N_("independent investigator")},
	{"auditor", N_("auditor")},
	{"administrator", N_("administrator")},
};

const char *staff_role_label(enum language lang, const char *role)
{
	for (size_t i = 0; i < sizeof role_words / sizeof role_words[0]; i++)
		if (role != NULL && strcmp(role_words[i].role, role) == 0)
			return i18n_tr(lang, role_words[i].label);
	return role ? role : "";
}

char *staff_i64(struct arena *a, int64_t v)
{
	return arena_printf(a, "%" PRId64, v);
}

void staff_csrf_field(struct html *h, const struct staff *s)
{
	html_fmt(h, "<input type=\"hidden\" name=\"" STAFF_CSRF_FIELD
	         "\" value=\"%a\">", s ? s->session.csrf_token : "");
}

/* ---- The page frame ------------------------------------------------------- */

static void remember_language(struct web_request *req)
{
	const char *q = web_request_query(req, "lang");
	if (q == NULL || (strcmp(q, "cy") != 0 && strcmp(q, "en") != 0))
		return;
	struct cookie_attrs at = {.max_age = LANG_COOKIE_MAX_AGE,
	                          .secure = req->secure};
	char *v;
	if (cookie_build(req->arena, "lang", q, &at, &v, NULL) == CWYN_OK)
		respond_add_header(req, "Set-Cookie", v);
}

static void nav_item(struct html *h, const char *href, const char *label,
                     bool active)
{
	if (active)
		html_fmt(h, "<li class=\"govuk-service-navigation__item "
		         "govuk-service-navigation__item--active\">"
		         "<a class=\"govuk-service-navigation__link\" href=\"%u\" "
		         "aria-current=\"page\"><strong class=\"govuk-service-"
		         "navigation__active-fallback\">%T</strong></a></li>",
		         href, label);
	else
		html_fmt(h, "<li class=\"govuk-service-navigation__item\">"
		         "<a class=\"govuk-service-navigation__link\" href=\"%u\">"
		         "%T</a></li>", href, label);
}

static void navigation(struct page *pg, const struct staff *s,
                       const char *self_url)
{
	struct html *h = &pg->h;
	const char *path = pg->req->path ? pg->req->path : "";
	enum language other = pg->lang == LANG_CY ? LANG_EN : LANG_CY;
	const char *switch_url = page_url_with_lang(pg->req->arena,
	    self_url ? self_url : "/staff", other);
	html_fmt(h, "<section aria-label=\"%a\" class=\"govuk-service-navigation\">"
	         "<div class=\"govuk-width-container\">"
	         "<div class=\"govuk-service-navigation__container\">"
	         "<span class=\"govuk-service-navigation__service-name\">"
	         "<a href=\"/staff\" class=\"govuk-service-navigation__link\">%T</a>"
	         "</span>",
	         i18n_tr(pg->lang, N_("Service information")), STAFF_SERVICE_MSGID);
	html_fmt(h, "<nav aria-label=\"%a\" class=\"govuk-service-navigation__wrapper\">"
	         "<ul class=\"govuk-service-navigation__list\">",
	         i18n_tr(pg->lang, N_("Menu")));
	if (s != NULL) {
		nav_item(h, "/staff", N_("Your cases"), strcmp(path, "/staff") == 0);
		nav_item(h, "/staff/intake", N_("Record a complaint"),
		         strcmp(path, "/staff/intake") == 0);
		nav_item(h, "/staff/search", N_("Search"),
		         strcmp(path, "/staff/search") == 0);
	}
	if (other == LANG_CY)
		html_fmt(h, "<li class=\"govuk-service-navigation__item\">"
		         "<a class=\"govuk-service-navigation__link\" href=\"%u\" "
		         "lang=\"cy\" hreflang=\"cy\">Cymraeg</a></li>",
		         switch_url ? switch_url : "/staff?lang=cy");
	else
		html_fmt(h, "<li class=\"govuk-service-navigation__item\">"
		         "<a class=\"govuk-service-navigation__link\" href=\"%u\" "
		         "lang=\"en\" hreflang=\"en\">English</a></li>",
		         switch_url ? switch_url : "/staff?lang=en");
	html_raw(h, "</ul></nav></div></div></section>");
}

/* Who is signed in, and the sign-out button (a POST with the token). */
static void signed_in_bar(struct page *pg, const struct staff *s)
{
	struct html *h = &pg->h;
	html_raw(h, "<div class=\"govuk-grid-row govuk-!-margin-top-2\">"
	         "<div class=\"govuk-grid-column-two-thirds\">"
	         "<p class=\"govuk-body-s govuk-!-margin-bottom-1\">");
	html_trf(h, N_("Signed in as %s (%s)"), s->session.user.username,
	         staff_role_label(pg->lang, s->session.user.role));
	html_raw(h, "</p></div><div class=\"govuk-grid-column-one-third\">"
	         "<form method=\"post\" action=\"/staff/logout\" novalidate>");
	staff_csrf_field(h, s);
	html_fmt(h, "<button type=\"submit\" class=\"govuk-button "
	         "govuk-button--secondary govuk-!-margin-bottom-1\" "
	         "data-module=\"govuk-button\">%T</button></form></div></div>",
	         N_("Sign out"));
}

void staff_page_begin(struct page *pg, struct web_request *req,
                      const struct staff *s, const char *title,
                      bool has_error, const char *self_url,
                      const char *back_url)
{
	const struct site *site = site_get();
	pg->req = req;
	pg->lang = req->lang;
	html_init(&pg->h, req->arena, req->lang);
	struct html *h = &pg->h;
	remember_language(req);
	html_fmt(h, "<!DOCTYPE html>\n<html lang=\"%a\" class=\"govuk-template\">"
	         "<head><meta charset=\"utf-8\"><title>",
	         pg->lang == LANG_CY ? "cy" : "en");
	if (has_error) {
		html_tr(h, N_("Error:"));
		html_raw(h, " ");
	}
	html_fmt(h, "%t – %T</title>", title, STAFF_SERVICE_MSGID);
	html_fmt(h, "<meta name=\"viewport\" content=\"width=device-width, "
	         "initial-scale=1, viewport-fit=cover\">"
	         "<meta name=\"theme-color\" content=\"#0b0c0c\">"
	         "<meta name=\"robots\" content=\"noindex, nofollow\">"
	         "<link rel=\"stylesheet\" href=\"/static/cwyn.css?v=%a\">"
	         "</head><body class=\"govuk-template__body\">",
	         site->css_version);
	html_fmt(h, "<a href=\"#main-content\" class=\"govuk-skip-link\">%T</a>"
	         "<header class=\"govuk-template__header\">",
	         N_("Skip to main content"));
	navigation(pg, s, self_url);
	html_raw(h, "</header><div class=\"govuk-width-container\">");
	html_fmt(h, "<div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
	         "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">%T</strong>"
	         "<span class=\"govuk-phase-banner__text\">%T</span></p></div>",
	         N_("Beta"),
	         N_("For council staff only. Every case you open is recorded."));
	if (s != NULL)
		signed_in_bar(pg, s);
	if (back_url != NULL)
		html_fmt(h, "<a href=\"%u\" class=\"govuk-back-link\">%T</a>",
		         back_url, N_("Back"));
	html_raw(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">");
}

void staff_page_end(struct page *pg, int status)
{
	struct html *h = &pg->h;
	html_raw(h, "</main></div><footer class=\"govuk-footer\">"
	         "<div class=\"govuk-width-container\"><div class=\"govuk-footer__meta\">"
	         "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">");
	html_fmt(h, "<h2 class=\"govuk-visually-hidden\">%T</h2>"
	         "<p class=\"govuk-body-s\">%T</p><p class=\"govuk-body-s\">%T</p>",
	         N_("About this service"),
	         N_("We welcome contact in Welsh. We will answer in Welsh, and "
	         "this will not lead to a delay."),
	         N_("Case records are confidential. Sign out when you leave "
	         "your computer."));
	html_raw(h, "</div></div></div></footer></body></html>\n");
	const char *out = html_result(h);
	if (out == NULL) {
		respond_error_page(pg->req, 500,
		                   N_("the server could not complete the request; "
		                      "nothing was changed"));
		return;
	}
	respond_html(pg->req, status, out);
}

/* ---- Dates in forms ----------------------------------------------------------- */

const char *staff_form_date(const struct staff *s, const char *name,
                            cwyn_day latest, cwyn_day *out)
{
	struct arena *a = s->req->arena;
	const char *d = staff_form(s, arena_printf(a, "%s-day", name));
	const char *m = staff_form(s, arena_printf(a, "%s-month", name));
	const char *y = staff_form(s, arena_printf(a, "%s-year", name));
	d = d ? d : "";
	m = m ? m : "";
	y = y ? y : "";
	*out = CWYN_DAY_NONE;
	if (!d[0] && !m[0] && !y[0])
		return NULL;
	if (!d[0])
		return N_("The date must include a day");
	if (!m[0])
		return N_("The date must include a month");
	if (!y[0])
		return N_("The date must include a year");
	char *e1, *e2, *e3;
	long dd = strtol(d, &e1, 10), mm = strtol(m, &e2, 10),
	     yy = strtol(y, &e3, 10);
	if (*e1 || *e2 || *e3 || strlen(y) != 4 || strlen(d) > 2 || strlen(m) > 2)
		return N_("Enter the date as numbers, with a 4-digit year, like 18 12 2026");
	if (!date_valid_ymd((int)yy, (int)mm, (int)dd) ||
	    !calendar_in_range(date_from_ymd((int)yy, (int)mm, (int)dd)))
		return N_("The date must be a real date");
	cwyn_day day = date_from_ymd((int)yy, (int)mm, (int)dd);
	if (latest != CWYN_DAY_NONE && day > latest)
		return N_("The date must be today or in the past");
	*out = day;
	return NULL;
}
