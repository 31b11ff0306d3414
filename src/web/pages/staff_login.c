/*
 * staff_login.c — signing in and out of the staff pages.
 *
 *   GET  /staff/login         username and password
 *   POST /staff/login         check them (accounts.h: Argon2id, throttling)
 *   GET  /staff/login/code    the second step, for users with TOTP
 *   POST /staff/login/code
 *   POST /staff/logout        (CSRF token required)
 *
 * The same message answers an unknown username and a wrong password, so
 * the page does not tell which usernames exist; a locked or throttled
 * sign-in says how long to wait. A successful sign-in makes a new session
 * and drops the one the browser had (no fixation); the cookie is HttpOnly,
 * SameSite=Strict, Path=/ and Secure over TLS (cookie.h). The sign-in
 * forms carry no CSRF token (there is no session yet); SameSite=Strict
 * keeps other sites' forms from riding on the half-session of the code
 * step.
 */
#include <stdio.h>
#include <string.h>

#include "i18n/i18n.h"
#include "store/store.h"
#include "web/cookie.h"
#include "web/pages/components.h"
#include "web/pages/staff.h"
#include "web/pages/staff_frame.h"
#include "web/response.h"

/* Where to go after signing in: a plain /staff path, else the dashboard. */
static const char *next_url(const char *p)
{
	if (p == NULL || strncmp(p, "/staff", 6) != 0 || strstr(p, "//") ||
	    strlen(p) > 200 || strncmp(p, "/staff/log", 10) == 0)
		return "/staff";
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '/' || *c == '-' ||
		      *c == '_'))
			return "/staff";
	return p;
}

static bool set_session_cookie(struct web_request *req, const char *value,
                               long max_age)
{
	struct cookie_attrs at = {.max_age = max_age, .secure = req->secure};
	char *hdr;
	if (cookie_build(req->arena, WEB_SESSION_COOKIE, value, &at, &hdr,
	                 NULL) != CWYN_OK)
		return false;
	return respond_add_header(req, "Set-Cookie", hdr);
}

/* The form's own fields, for showing them again. */
struct login_form {
	const char *username;
	const char *next;
	const char *authority;
	struct gv_error errors[3];
	size_t nerrors;
	const char *banner; /* msgid shown above the form, or NULL */
	char wait[512];     /* the lockout message, already translated */
};

static void login_page(struct web_request *req, struct login_form *f,
                       int status)
{
	struct page pg;
	staff_page_begin(&pg, req, NULL, i18n_tr(req->lang, N_("Sign in")),
	                 f->nerrors > 0 || f->wait[0], "/staff/login", NULL);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	if (f->wait[0]) {
		html_fmt(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
		         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%T</h2>"
		         "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">%t</p>"
		         "</div></div></div>", N_("There is a problem"), f->wait);
	}
	gv_error_summary(h, f->errors, f->nerrors);
	if (f->banner != NULL)
		html_fmt(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
		         "role=\"alert\" aria-labelledby=\"banner-title\" data-module=\"govuk-notification-banner\">"
		         "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
		         "id=\"banner-title\">%T</h2></div><div class=\"govuk-notification-banner__content\">"
		         "<p class=\"govuk-notification-banner__heading\">%T</p></div></div>",
		         N_("Success"), f->banner);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>", N_("Sign in"));
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("Sign in with the username and password your council "
	            "gave you."));
	html_raw(h, "<form method=\"post\" action=\"/staff/login\" novalidate>");
	gv_hidden(h, "next", next_url(f->next));
	if (f->authority != NULL)
		gv_hidden(h, "authority", f->authority);
	const char *uerr = NULL, *perr = NULL;
	for (size_t i = 0; i < f->nerrors; i++) {
		if (strcmp(f->errors[i].field_id, "username") == 0)
			uerr = f->errors[i].msgid;
		else
			perr = f->errors[i].msgid;
	}
	html_fmt(h, "<div class=\"govuk-form-group%a\">"
	         "<label class=\"govuk-label govuk-label--s\" for=\"username\">%T</label>",
	         uerr ? " govuk-form-group--error" : "", N_("Username"));
	if (uerr)
		html_fmt(h, "<p id=\"username-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), uerr);
	html_fmt(h, "<input class=\"govuk-input govuk-!-width-one-half%a\" id=\"username\" "
	         "name=\"username\" type=\"text\" autocomplete=\"username\" "
	         "spellcheck=\"false\" value=\"%a\"",
	         uerr ? " govuk-input--error" : "", f->username ? f->username : "");
	if (uerr)
		html_raw(h, " aria-describedby=\"username-error\"");
	html_raw(h, "></div>");
	html_fmt(h, "<div class=\"govuk-form-group%a\">"
	         "<label class=\"govuk-label govuk-label--s\" for=\"password\">%T</label>",
	         perr ? " govuk-form-group--error" : "", N_("Password"));
	if (perr)
		html_fmt(h, "<p id=\"password-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), perr);
	html_fmt(h, "<input class=\"govuk-input govuk-!-width-one-half%a\" id=\"password\" "
	         "name=\"password\" type=\"password\" autocomplete=\"current-password\" "
	         "spellcheck=\"false\"", perr ? " govuk-input--error" : "");
	if (perr)
		html_raw(h, " aria-describedby=\"password-error\"");
	html_raw(h, "></div>");
	gv_button(h, N_("Sign in"));
	html_raw(h, "</form></div></div>");
	staff_page_end(&pg, status);
}

void handle_staff_login(struct web_request *req)
{
	struct login_form f;
	memset(&f, 0, sizeof f);
	f.next = web_request_query(req, "next");
	f.authority = web_request_query(req, "authority");
	if (web_request_query(req, "signed_out") != NULL)
		f.banner = N_("You have signed out.");
	login_page(req, &f, 200);
}

/* The authority a sign-in is for: named, the configured default, or the
 * first (one-council deployments). */
static enum cwyn_code authority_for(struct db *db, const struct web_app *app,
                                    struct arena *ar, const char *code,
                                    int64_t *id, struct cwyn_error *err)
{
	if (code == NULL || code[0] == '\0')
		code = app->default_authority;
	if (code != NULL) {
		struct store_authority a;
		enum cwyn_code rc = store_authority_get_by_code(db, code, ar, &a,
		                                                err);
		if (rc == CWYN_OK)
			*id = a.id;
		return rc;
	}
	return db_query_int(db, "SELECT id FROM authorities ORDER BY id LIMIT 1",
	                    NULL, 0, id, err);
}

/* A refused sign-in: one message for who and what; the wait if locked. */
static void refused(struct web_request *req, struct login_form *f,
                    const struct cwyn_error *err, int64_t retry_after,
                    int status_other)
{
	if (err->code == CWYN_ESTATE && retry_after > 0) {
		long mins = (long)((retry_after + 59) / 60);
		if (retry_after < 60)
			snprintf(f->wait, sizeof f->wait, "%s",
			         i18n_tr(req->lang, N_("Too many failed sign-ins. "
			                               "Wait a minute and try again.")));
		else
			snprintf(f->wait, sizeof f->wait,
			         i18n_tr(req->lang, N_("Too many failed sign-ins. "
			                               "Wait %ld minutes and try again.")),
			         mins);
		char secs[32];
		snprintf(secs, sizeof secs, "%lld", (long long)retry_after);
		respond_add_header(req, "Retry-After", secs);
		login_page(req, f, 429);
		return;
	}
	if (err->code == CWYN_EFORBIDDEN || err->code == CWYN_ENOTFOUND) {
		f->errors[f->nerrors++] = (struct gv_error){
		    "username", N_("The username or password is not right")};
		login_page(req, f, 401);
		return;
	}
	if (err->code == CWYN_ESTATE) {
		snprintf(f->wait, sizeof f->wait, "%s",
		         i18n_tr(req->lang, N_("You cannot sign in yet. Ask an "
		                               "administrator.")));
		login_page(req, f, 403);
		return;
	}
	(void)status_other;
	staff_message_page(req, NULL, 500,
	                   N_("Sorry, there is a problem with the service"),
	                   N_("The server could not complete the request. "
	                      "Nothing was changed. Try again later."));
}

static void signed_in(struct web_request *req,
                      const struct account_login_result *res, const char *next)
{
	if (!set_session_cookie(req, res->token, -1)) {
		staff_message_page(req, NULL, 500,
		                   N_("Sorry, there is a problem with the service"),
		                   N_("The server could not complete the request. "
		                      "Nothing was changed. Try again later."));
		return;
	}
	if (res->status == ACCOUNT_LOGIN_NEED_TOTP) {
		const char *n = next_url(next);
		char *url = strcmp(n, "/staff") == 0
		                ? arena_strdup(req->arena, "/staff/login/code")
		                : arena_printf(req->arena, "/staff/login/code?next=%s", n);
		page_redirect(req, url ? url : "/staff/login/code");
		return;
	}
	page_redirect(req, next_url(next));
}

void handle_staff_login_post(struct web_request *req)
{
	struct web_pair *p;
	size_t n;
	if (web_request_form(req, &p, &n) != CWYN_OK)
		return;
	struct web_app *app = req->app;
	struct login_form f;
	memset(&f, 0, sizeof f);
	f.username = web_pair_get(p, n, "username");
	f.next = web_pair_get(p, n, "next");
	f.authority = web_pair_get(p, n, "authority");
	const char *password = web_pair_get(p, n, "password");
	if (f.username == NULL || f.username[0] == '\0')
		f.errors[f.nerrors++] = (struct gv_error){"username",
		                                          N_("Enter your username")};
	if (password == NULL || password[0] == '\0')
		f.errors[f.nerrors++] = (struct gv_error){"password",
		                                          N_("Enter your password")};
	if (f.nerrors > 0) {
		login_page(req, &f, 400);
		return;
	}
	if (strlen(f.username) > 64 || strlen(password) > ACCOUNT_PASSWORD_MAX) {
		struct cwyn_error e = {.code = CWYN_EFORBIDDEN};
		refused(req, &f, &e, 0, 401);
		return;
	}
	struct db *db = NULL;
	struct cwyn_error err = {0};
	if (app == NULL || app->pool == NULL ||
	    db_pool_acquire(app->pool, &db, &err) != CWYN_OK) {
		staff_message_page(req, NULL, 503, N_("Sorry, the service is unavailable"),
		                   N_("The database is not available. Nothing was "
		                      "changed. Try again later."));
		return;
	}
	struct accounts acc;
	accounts_init(&acc, db);
	acc.cfg = app->accounts;
	struct account_login in = {
	    .username = f.username,
	    .password = password,
	    .remote_addr = req->remote_addr,
	    .user_agent = web_request_header(req, "User-Agent"),
	    .previous_token = web_request_cookie(req, WEB_SESSION_COOKIE),
	    .now = web_app_now(app),
	};
	struct account_login_result res;
	memset(&res, 0, sizeof res);
	enum cwyn_code rc = authority_for(db, app, req->arena, f.authority,
	                                  &in.authority_id, &err);
	if (rc == CWYN_ENOTFOUND) {
		/* No such council: the same answer as a wrong password. */
		err.code = CWYN_EFORBIDDEN;
	} else if (rc == CWYN_OK) {
		rc = account_login(&acc, &in, &res, &err);
	}
	bool broken = err.code == CWYN_EDB || err.code == CWYN_EIO;
	db_pool_release(app->pool, db, broken);
	if (rc != CWYN_OK) {
		refused(req, &f, &err, res.retry_after, 500);
		return;
	}
	signed_in(req, &res, f.next);
}

/* ---- The second step ---------------------------------------------------------- */

static void code_page(struct web_request *req, const char *next,
                      const char *error, const char *wait, int status)
{
	struct page pg;
	staff_page_begin(&pg, req, NULL,
	                 i18n_tr(req->lang, N_("Enter the code from your "
	                                       "authenticator app")),
	                 error != NULL || wait != NULL, "/staff/login/code", NULL);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	if (wait != NULL)
		html_fmt(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
		         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%T</h2>"
		         "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">%t</p>"
		         "</div></div></div>", N_("There is a problem"), wait);
	if (error != NULL) {
		struct gv_error e = {"code", error};
		gv_error_summary(h, &e, 1);
	}
	html_raw(h, "<form method=\"post\" action=\"/staff/login/code\" novalidate>");
	gv_hidden(h, "next", next_url(next));
	html_fmt(h, "<div class=\"govuk-form-group%a\"><h1 class=\"govuk-label-wrapper\">"
	         "<label class=\"govuk-label govuk-label--l\" for=\"code\">%T</label></h1>"
	         "<div id=\"code-hint\" class=\"govuk-hint\">%T</div>",
	         error ? " govuk-form-group--error" : "",
	         N_("Enter the code from your authenticator app"),
	         N_("The code is 6 digits and changes every 30 seconds."));
	if (error)
		html_fmt(h, "<p id=\"code-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), error);
	html_fmt(h, "<input class=\"govuk-input govuk-input--width-5%a\" id=\"code\" name=\"code\" "
	         "type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" "
	         "spellcheck=\"false\" aria-describedby=\"code-hint%a\"></div>",
	         error ? " govuk-input--error" : "", error ? " code-error" : "");
	gv_button(h, N_("Continue"));
	html_raw(h, "</form>");
	html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/staff/login\">%T</a></p>",
	         N_("Start again"));
	html_raw(h, "</div></div>");
	staff_page_end(&pg, status);
}

void handle_staff_login_code(struct web_request *req)
{
	if (web_request_cookie(req, WEB_SESSION_COOKIE) == NULL) {
		page_redirect(req, "/staff/login");
		return;
	}
	code_page(req, web_request_query(req, "next"), NULL, NULL, 200);
}

void handle_staff_login_code_post(struct web_request *req)
{
	struct web_pair *p;
	size_t n;
	if (web_request_form(req, &p, &n) != CWYN_OK)
		return;
	struct web_app *app = req->app;
	const char *next = web_pair_get(p, n, "next");
	const char *code = web_pair_get(p, n, "code");
	const char *pending = web_request_cookie(req, WEB_SESSION_COOKIE);
	if (pending == NULL) {
		page_redirect(req, "/staff/login");
		return;
	}
	if (code == NULL || code[0] == '\0') {
		code_page(req, next, N_("Enter the code from your authenticator app"),
		          NULL, 400);
		return;
	}
	if (strlen(code) > 16) {
		code_page(req, next, N_("The code is not right. Enter the code "
		                        "your app shows now"), NULL, 401);
		return;
	}
	struct db *db = NULL;
	struct cwyn_error err = {0};
	if (app == NULL || app->pool == NULL ||
	    db_pool_acquire(app->pool, &db, &err) != CWYN_OK) {
		staff_message_page(req, NULL, 503, N_("Sorry, the service is unavailable"),
		                   N_("The database is not available. Nothing was "
		                      "changed. Try again later."));
		return;
	}
	struct accounts acc;
	accounts_init(&acc, db);
	acc.cfg = app->accounts;
	struct account_login_result res;
	memset(&res, 0, sizeof res);
	enum cwyn_code rc = account_login_totp(&acc, pending, code,
	                                       req->remote_addr,
	                                       web_app_now(app), &res, &err);
	db_pool_release(app->pool, db, err.code == CWYN_EDB || err.code == CWYN_EIO);
	if (rc == CWYN_OK) {
		signed_in(req, &res, next);
		return;
	}
	if (err.code == CWYN_ESTATE && res.retry_after > 0) {
		code_page(req, next, NULL,
		          i18n_tr(req->lang, N_("Too many failed sign-ins. Wait a "
		                                "few minutes, then start again.")),
		          429);
		return;
	}
	if (err.code == CWYN_EFORBIDDEN) {
		code_page(req, next, N_("The code is not right. Enter the code "
		                        "your app shows now"), NULL, 401);
		return;
	}
	/* The half-session has ended (too slow, or never made): start again. */
	page_redirect(req, "/staff/login");
}

/* ---- Signing out ------------------------------------------------------------- */

void handle_staff_logout(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM, &s))
		return;
	struct cwyn_error err = {0};
	if (session_logout(&s.acc, s.token, s.now, &err) != CWYN_OK) {
		staff_fail(&s, &err);
		staff_end(&s);
		return;
	}
	staff_end(&s);
	set_session_cookie(req, "", 0);
	page_redirect(req, "/staff/login?signed_out=1");
}
