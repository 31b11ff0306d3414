/*
 * test_staff_pages.c — the staff pages over real loopback HTTP, driven by
 * libcurl as a browser without JavaScript would drive them: cookies, 303
 * redirects, urlencoded forms with the hidden CSRF token.
 *
 * The product's routes run in-process on port 0 against a temporary
 * SQLite database, with a fixed "today". What is checked, as staff would
 * notice it:
 *   - signing in: the same message for an unknown user and a wrong
 *     password; the cookie's attributes; the TOTP step; the lockout
 *     message; signing out (POST with the token) ends the session;
 *   - a complaint recorded at /staff/intake lands on its case page, where
 *     a lifecycle step is taken through its form and then shows on the
 *     timeline; a stale version is refused with "changed by someone else";
 *     a step the lifecycle does not allow is refused with its reason;
 *   - a form without the CSRF token is refused (403) and changes nothing;
 *   - another authority's case, and a case not assigned to an
 *     investigator, are "not found" (404);
 *   - a complainant called <script>alert(1)</script> appears escaped;
 *   - closing with lessons learned: they show on the case and in the
 *     annual report (app_report_annual); too long is refused;
 *   - reopening a closed case: only roles that may close see the action
 *     (an auditor's POST is refused, 403); an empty, blank or too long
 *     reason, a stale version and a missing token are refused and change
 *     nothing; the reopening and its reason show on the timeline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app/accounts.h"
#include "app/app.h"
#include "app/policy_file.h"
#include "app/reports.h"
#include "app/totp.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "web/api.h"
#include "web/db_pool.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/web_app.h"

#define PASSWORD "correct horse battery staple"
#define SCRIPT_NAME "<script>alert(1)</script>"

/* ---- The server under test ------------------------------------------------ */

static struct {
	char path[128];
	char url[160];
	struct db *db;
	struct policy *policy;
	struct calendar *cal;
	struct web_app app;
	struct web_server *srv;
	char base[64];
	int64_t auth_a, auth_b;
	char totp_secret[40];
	char case_a[32];  /* recorded by olwen through the intake page */
	char case_b[32];  /* another authority's case */
} E;

static int64_t test_now(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL);
}

static cwyn_day test_today(void *ctx)
{
	(void)ctx;
	return date_from_ymd(2026, 11, 27);
}

/* ---- A small browser ------------------------------------------------------ */

struct resp {
	long status;
	char *body;
	size_t len;
	char headers[8192];
	size_t hlen;
};

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct resp *r = ud;
	size_t k = sz * n;
	char *b = realloc(r->body, r->len + k + 1);
	if (b == NULL)
		return 0;
	memcpy(b + r->len, p, k);
	r->body = b;
	r->len += k;
	r->body[r->len] = '\0';
	return k;
}

static size_t on_header(char *p, size_t sz, size_t n, void *ud)
{
	struct resp *r = ud;
	size_t k = sz * n, room = sizeof r->headers - 1 - r->hlen;
	size_t c = k < room ? k : room;
	memcpy(r->headers + r->hlen, p, c);
	r->hlen += c;
	r->headers[r->hlen] = '\0';
	return k;
}

static const char *header(const struct resp *r, const char *name, char *out,
                          size_t size)
{
	size_t nl = strlen(name);
	for (const char *l = r->headers; *l;) {
		const char *e = strstr(l, "\r\n");
		if (e == NULL)
			break;
		if ((size_t)(e - l) > nl && strncasecmp(l, name, nl) == 0 &&
		    l[nl] == ':') {
			const char *v = l + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(out, size, "%.*s", (int)(e - v), v);
			return out;
		}
		l = e + 2;
	}
	return NULL;
}

struct browser {
	char cookie[128]; /* the session cookie value, "" when none */
};

static void resp_clear(struct resp *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

/* One request; the session cookie is sent and updated from Set-Cookie. */
static void req(struct browser *b, const char *method, const char *path,
                const char *form, struct resp *r)
{
	resp_clear(r);
	CURL *c = curl_easy_init();
	char url[2048], h[256];
	struct curl_slist *hdrs = NULL;
	snprintf(url, sizeof url, "%s%s", E.base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (b != NULL && b->cookie[0]) {
		snprintf(h, sizeof h, "Cookie: %s=%s", WEB_SESSION_COOKIE, b->cookie);
		hdrs = curl_slist_append(hdrs, h);
	}
	if (form != NULL) {
		hdrs = curl_slist_append(hdrs, "Content-Type: "
		                               "application/x-www-form-urlencoded");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	if (r->body == NULL)
		r->body = calloc(1, 1);
	char v[512];
	if (b != NULL && header(r, "Set-Cookie", v, sizeof v) != NULL) {
		const char *p = strstr(v, WEB_SESSION_COOKIE "=");
		if (p != NULL) {
			p += strlen(WEB_SESSION_COOKIE) + 1;
			snprintf(b->cookie, sizeof b->cookie, "%.*s",
			         (int)strcspn(p, ";"), p);
		}
	}
}

static void get(struct browser *b, const char *path, struct resp *r)
{
	req(b, "GET", path, NULL, r);
}

static void post(struct browser *b, const char *path, const char *form,
                 struct resp *r)
{
	req(b, "POST", path, form, r);
}

#define EXPECT(r, want) expect_status((r), (want), __LINE__)
static void expect_status(const struct resp *r, long want, int line)
{
	if (r->status != want)
		fprintf(stderr, "line %d: status %ld, body %s\n", line,
		        r->status, r->body);
	assert_int_equal(r->status, want);
}

static void expect_location(const struct resp *r, const char *prefix)
{
	char v[512];
	assert_non_null(header(r, "Location", v, sizeof v));
	if (strncmp(v, prefix, strlen(prefix)) != 0)
		fail_msg("Location %s, expected %s...", v, prefix);
}

static void expect_text(const struct resp *r, const char *text)
{
	if (strstr(r->body, text) == NULL)
		fail_msg("page lacks \"%s\": %.3000s", text, r->body);
}

/* The hidden CSRF token of the page's first staff form. */
static void csrf_of(const struct resp *r, char *out, size_t size)
{
	const char *k = "name=\"csrf_token\" value=\"";
	const char *p = strstr(r->body, k);
	assert_non_null(p);
	p += strlen(k);
	snprintf(out, size, "%.*s", (int)strcspn(p, "\""), p);
	assert_true(out[0] != '\0');
}

/* Sign in with a password only (require_totp_for_staff is off). */
static void sign_in(struct browser *b, const char *user)
{
	struct resp r = {0};
	char form[256];
	memset(b, 0, sizeof *b);
	snprintf(form, sizeof form, "username=%s&password=correct+horse+battery"
	         "+staple&next=%%2Fstaff", user);
	post(b, "/staff/login", form, &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff");
	assert_true(b->cookie[0] != '\0');
	resp_clear(&r);
}

static int64_t case_version(const char *ref)
{
	struct arena ar;
	struct store_case c;
	arena_init(&ar, 0);
	enum cwyn_code rc = store_case_get_by_reference(E.db, E.auth_a, ref, &ar,
	                                                &c, NULL);
	int64_t v = rc == CWYN_OK ? c.version : -1;
	arena_free(&ar);
	return v;
}

/* ---- Set-up ---------------------------------------------------------------- */

static int64_t make_authority(const char *code)
{
	struct store_authority a = {.code = code, .name_en = code,
	                            .name_cy = code, .policy_id = "wales-2014",
	                            .policy_version = 1};
	if (store_authority_create(E.db, &a, NULL) != CWYN_OK)
		return 0;
	return a.id;
}

static int make_user(struct accounts *acc, int64_t authority, const char *name,
                     const char *role)
{
	struct account_new in = {.authority_id = authority, .username = name,
	                         .role = role, .password = PASSWORD};
	struct cwyn_error err = {0};
	if (account_create(acc, "test", &in, NULL, &err) != CWYN_OK) {
		fprintf(stderr, "user %s: %s\n", name, err.message);
		return -1;
	}
	return 0;
}

static const char *facts_b =
    "{\"as_of\":\"2026-11-27\",\"received\":\"2026-11-27\","
    "\"complainant\":{\"relationship\":\"parent\"},"
    "\"matters\":[{\"subject\":\"poor_communication\"}]}";

static int setup(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	memset(&E, 0, sizeof E);
	i18n_init(NULL, NULL);
	snprintf(E.path, sizeof E.path, "/tmp/cwyn-test-staff-XXXXXX");
	int fd = mkstemp(E.path);
	if (fd < 0)
		return -1;
	close(fd);
	snprintf(E.url, sizeof E.url, "sqlite:%s", E.path);
	if (store_open(E.url, &E.db, &err) != CWYN_OK ||
	    policy_load_with_calendar(NULL, &E.policy, &E.cal, &err) != CWYN_OK ||
	    db_pool_new(E.url, 0, &E.app.pool, &err) != CWYN_OK) {
		fprintf(stderr, "set-up: %s: %s\n", err.field, err.message);
		return -1;
	}
	E.app.policy = E.policy;
	E.app.cal = E.cal;
	account_settings_default(&E.app.accounts);
	E.app.accounts.pwhash = ACCOUNT_PWHASH_INTERACTIVE;
	/* Password-only sign-in for most users keeps the journeys short;
	 * the TOTP step has its own test (a user with a second factor is
	 * always asked for it). */
	E.app.accounts.require_totp_for_staff = false;
	E.app.now = test_now;
	E.app.today = test_today;
	struct web_server_config cfg = {
	    .listen = "127.0.0.1:0",
	    .threads = 4,
	    .quiet = true,
	    .routes = web_routes,
	    .nroutes = web_nroutes,
	    .authenticate = api_has_credentials,
	    .app = &E.app,
	};
	if (web_server_start(&cfg, &E.srv, &err) != CWYN_OK) {
		fprintf(stderr, "server: %s\n", err.message);
		return -1;
	}
	snprintf(E.base, sizeof E.base, "http://127.0.0.1:%u",
	         web_server_port(E.srv));

	struct accounts acc;
	accounts_init(&acc, E.db);
	acc.cfg = E.app.accounts;
	E.auth_a = make_authority("north");
	E.auth_b = make_authority("south");
	if (make_user(&acc, E.auth_a, "olwen", "complaints_officer") ||
	    make_user(&acc, E.auth_a, "ifan", "investigator") ||
	    make_user(&acc, E.auth_a, "tomos", "complaints_officer") ||
	    make_user(&acc, E.auth_a, "lowri", "complaints_officer") ||
	    make_user(&acc, E.auth_a, "aled", "auditor") ||
	    make_user(&acc, E.auth_b, "bethan", "complaints_officer"))
		return -1;
	struct account_totp_enrolment t;
	if (totp_enroll(&acc, "test", E.auth_a, "tomos", &t, &err) != CWYN_OK)
		return -1;
	snprintf(E.totp_secret, sizeof E.totp_secret, "%s", t.secret);

	/* Another authority's cases, made by its own officer. More of them
	 * than authority A will ever have, so the reference used is one
	 * authority A does not have. */
	struct app_ctx ctx = {.db = E.db, .policy = E.policy, .cal = E.cal,
	                      .today = test_today(NULL)};
	if (app_actor_for_user(E.db, E.auth_b, "bethan", &ctx.actor, &err) !=
	    CWYN_OK)
		return -1;
	for (int i = 0; i < 8; i++) {
		struct app_intake in = {
		    .facts_json = facts_b, .facts_len = strlen(facts_b),
		    .complainant = {.name = "Bethan's complainant"},
		};
		struct app_intake_result res;
		if (app_intake(&ctx, &in, &res, &err) != CWYN_OK) {
			fprintf(stderr, "intake b: %s: %s\n", err.field, err.message);
			return -1;
		}
		snprintf(E.case_b, sizeof E.case_b, "%s", res.ref.reference);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	web_server_stop(E.srv, 2000);
	db_pool_free(E.app.pool);
	db_close(E.db);
	char p[200];
	unlink(E.path);
	snprintf(p, sizeof p, "%s-wal", E.path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", E.path);
	unlink(p);
	policy_free(E.policy);
	calendar_free(E.cal);
	return 0;
}

/* ---- Tests ------------------------------------------------------------------ */

static void signing_in(void **state)
{
	(void)state;
	struct browser b = {0};
	struct resp r = {0};
	/* Not signed in: sent to sign in, and back afterwards. */
	get(&b, "/staff/intake", &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff/login?next=/staff/intake");
	get(&b, "/staff/login?next=/staff/intake", &r);
	EXPECT(&r, 200);
	expect_text(&r, "name=\"next\" value=\"/staff/intake\"");
	/* Nothing typed: GOV.UK errors on both fields. */
	post(&b, "/staff/login", "username=&password=", &r);
	EXPECT(&r, 400);
	expect_text(&r, "govuk-error-summary");
	expect_text(&r, "Enter your username");
	expect_text(&r, "Enter your password");
	/* Unknown user and wrong password: one and the same answer. */
	post(&b, "/staff/login", "username=nobody&password=whatever+it+is", &r);
	EXPECT(&r, 401);
	expect_text(&r, "The username or password is not right");
	char *unknown = strdup(strstr(r.body, "<main"));
	post(&b, "/staff/login", "username=olwen&password=wrong+password+here", &r);
	EXPECT(&r, 401);
	char *wrong = strdup(strstr(r.body, "<main"));
	/* The form shows the username typed again; otherwise identical. */
	char *u = strstr(unknown, "value=\"nobody\"");
	char *w = strstr(wrong, "value=\"olwen\"");
	assert_non_null(u);
	assert_non_null(w);
	memmove(u, u + strlen("value=\"nobody\""), strlen(u + strlen("value=\"nobody\"")) + 1);
	memmove(w, w + strlen("value=\"olwen\""), strlen(w + strlen("value=\"olwen\"")) + 1);
	assert_string_equal(unknown, wrong);
	free(unknown);
	free(wrong);
	assert_string_equal(b.cookie, "");
	/* Signed in: back where they were going, with a safe cookie. */
	post(&b, "/staff/login", "username=olwen&password=correct+horse+battery"
	     "+staple&next=%2Fstaff%2Fintake", &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff/intake");
	char sc[512];
	assert_non_null(header(&r, "Set-Cookie", sc, sizeof sc));
	assert_non_null(strstr(sc, "HttpOnly"));
	assert_non_null(strstr(sc, "SameSite=Strict"));
	assert_null(strstr(sc, "Secure")); /* plain HTTP on loopback */
	/* ?next= never leaves the staff pages. */
	struct browser b2 = {0};
	post(&b2, "/staff/login", "username=olwen&password=correct+horse+battery"
	     "+staple&next=https%3A%2F%2Fevil.example%2F", &r);
	EXPECT(&r, 303);
	char loc[256];
	assert_non_null(header(&r, "Location", loc, sizeof loc));
	assert_string_equal(loc, "/staff");
	get(&b, "/staff", &r);
	EXPECT(&r, 200);
	expect_text(&r, "Signed in as olwen (complaints officer)");
	expect_text(&r, "Your cases");
	resp_clear(&r);
}

static void second_factor(void **state)
{
	(void)state;
	struct browser b = {0};
	struct resp r = {0};
	post(&b, "/staff/login", "username=tomos&password=correct+horse+battery"
	     "+staple", &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff/login/code");
	/* The half-session opens no staff page. */
	get(&b, "/staff", &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff/login");
	get(&b, "/staff/login/code", &r);
	EXPECT(&r, 200);
	expect_text(&r, "Enter the code from your authenticator app");
	post(&b, "/staff/login/code", "code=000000", &r);
	/* A wrong code (or, once in a million, the right one by chance). */
	if (r.status == 401)
		expect_text(&r, "The code is not right");
	unsigned char key[TOTP_SECRET_BYTES];
	size_t klen;
	assert_true(base32_decode(E.totp_secret, key, sizeof key, &klen));
	char form[64];
	snprintf(form, sizeof form, "code=%06u",
	         (unsigned)totp_hotp(key, klen,
	                             (uint64_t)totp_step_of(test_now(NULL)), 6));
	post(&b, "/staff/login/code", form, &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff");
	get(&b, "/staff", &r);
	EXPECT(&r, 200);
	expect_text(&r, "Signed in as tomos");
	resp_clear(&r);
}

/* Record the complaint through the intake page; returns the reference. */
static void record(struct browser *b, const char *extra, char *ref, size_t size)
{
	struct resp r = {0};
	char csrf[128], form[2048];
	get(b, "/staff/intake", &r);
	EXPECT(&r, 200);
	expect_text(&r, "Record a complaint");
	csrf_of(&r, csrf, sizeof csrf);
	snprintf(form, sizeof form,
	         "csrf_token=%s&risk=no&channel=phone&received-day=&received-month="
	         "&received-year=&name=%%3Cscript%%3Ealert(1)%%3C%%2Fscript%%3E"
	         "&rel=parent&lang=en&contact=post&k1l=A&k1g=7"
	         "&c1k=communication&c1a=council&c1s=Letters+were+not+answered."
	         "&c1e-day=15&c1e-month=10&c1e-year=2026&court=none%s",
	         csrf, extra ? extra : "");
	post(b, "/staff/intake", form, &r);
	EXPECT(&r, 303);
	char loc[256];
	assert_non_null(header(&r, "Location", loc, sizeof loc));
	assert_int_equal(strncmp(loc, "/staff/cases/", 13), 0);
	snprintf(ref, size, "%.*s", (int)strcspn(loc + 13, "?"), loc + 13);
	resp_clear(&r);
}

static void intake_case_action_timeline(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char path[256], form[512], csrf[128];
	sign_in(&b, "olwen");
	/* Bad input: GOV.UK errors, nothing stored. */
	get(&b, "/staff/intake", &r);
	csrf_of(&r, csrf, sizeof csrf);
	snprintf(form, sizeof form, "csrf_token=%s&risk=&channel=phone&name=", csrf);
	post(&b, "/staff/intake", form, &r);
	EXPECT(&r, 400);
	expect_text(&r, "Select yes if a child is at risk of harm right now");
	expect_text(&r, "Enter the complainant&#39;s full name");
	expect_text(&r, "href=\"#c1k\"");

	record(&b, NULL, E.case_a, sizeof E.case_a);
	snprintf(path, sizeof path, "/staff/cases/%s?done=created", E.case_a);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "The complaint has been recorded");
	/* The name is shown as text, never as markup. */
	expect_text(&r, "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_null(strstr(r.body, SCRIPT_NAME));
	/* Route, reasons with their sources, and a clock's derivation. */
	expect_text(&r, "Stage 1 (local resolution)");
	expect_text(&r, "COUNCIL-STAGE1");
	expect_text(&r, "SI 2014/1794 reg 16");
	expect_text(&r, "How this date was worked out");
	expect_text(&r, "Day 0 is Friday 27 November 2026.");
	/* Spoken complaint: the record waits for the complainant. */
	expect_text(&r, "waits for the complainant&#39;s agreement");
	/* Only what the lifecycle allows now: acknowledge, not close. */
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/acknowledge?version=1",
	         E.case_a);
	expect_text(&r, path);
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/record_discussion",
	         E.case_a);
	assert_null(strstr(r.body, path));

	/* The step, through its form. */
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/acknowledge?version=1",
	         E.case_a);
	get(&b, path, &r);
	EXPECT(&r, 200);
	csrf_of(&r, csrf, sizeof csrf);
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/acknowledge", E.case_a);
	snprintf(form, sizeof form, "csrf_token=%s&version=1&on-day=&on-month="
	         "&on-year=&note=Acknowledged+by+phone+%%26+letter", csrf);
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	snprintf(form, sizeof form, "/staff/cases/%s?done=acknowledge", E.case_a);
	expect_location(&r, form);
	assert_int_equal(case_version(E.case_a), 2);
	get(&b, form, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Stage moved on");
	expect_text(&r, "Acknowledged by phone &amp; letter");
	expect_text(&r, "Stage 1 — acknowledged");
	/* The timeline says which stage opened, and in what state. */
	expect_text(&r, "matter 1: Stage 1 — received");
	expect_text(&r, "/matters/1/record_discussion?version=2");

	/* A form opened before the change: refused, nothing changes. */
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/record_discussion",
	         E.case_a);
	snprintf(form, sizeof form, "csrf_token=%s&version=1&note=late", csrf);
	post(&b, path, form, &r);
	EXPECT(&r, 409);
	expect_text(&r, "Someone else changed this case after you opened it");
	assert_int_equal(case_version(E.case_a), 2);
	/* A step the lifecycle does not allow now: the reason is shown. */
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/acknowledge", E.case_a);
	snprintf(form, sizeof form, "csrf_token=%s&version=2", csrf);
	post(&b, path, form, &r);
	EXPECT(&r, 400);
	expect_text(&r, "govuk-error-summary");
	expect_text(&r, "acknowledge");
	assert_int_equal(case_version(E.case_a), 2);

	/* The same page in Welsh. */
	snprintf(path, sizeof path, "/staff/cases/%s?lang=cy", E.case_a);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "<html lang=\"cy\"");
	expect_text(&r, "Llinell amser");
	expect_text(&r, "Sut y cyfrifwyd y dyddiad hwn");
	expect_text(&r, "Cam wedi symud ymlaen");
	/* Dates inside Welsh sentences: "Diwrnod 0 yw dydd ...", never
	 * a capital "Dydd" after "yw" or "ar". */
	expect_text(&r, "Diwrnod 0 yw dydd ");
	assert_null(strstr(r.body, "yw Dydd"));
	assert_null(strstr(r.body, "ar Dydd"));
	get(&b, "/staff?lang=en", &r);
	EXPECT(&r, 200);
	resp_clear(&r);
}

static void csrf_refused(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char path[256];
	sign_in(&b, "olwen");
	int64_t before = case_version(E.case_a);
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/record_discussion",
	         E.case_a);
	post(&b, path, "version=2&note=no+token", &r);
	EXPECT(&r, 403);
	expect_text(&r, "Nothing was changed");
	post(&b, path, "csrf_token=not-the-token&version=2", &r);
	EXPECT(&r, 403);
	assert_int_equal(case_version(E.case_a), before);
	/* Intake and sign-out too. */
	post(&b, "/staff/intake", "risk=no&name=x", &r);
	EXPECT(&r, 403);
	post(&b, "/staff/logout", "", &r);
	EXPECT(&r, 403);
	get(&b, "/staff", &r);
	EXPECT(&r, 200); /* still signed in */
	resp_clear(&r);
}

static void not_found_for_others(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char path[256];
	sign_in(&b, "olwen");
	/* Another authority's case does not exist for this user. */
	snprintf(path, sizeof path, "/staff/cases/%s", E.case_b);
	get(&b, path, &r);
	EXPECT(&r, 404);
	assert_null(strstr(r.body, "Bethan"));
	snprintf(path, sizeof path, "/staff/cases/%s/close", E.case_b);
	get(&b, path, &r);
	EXPECT(&r, 404);
	/* Searching does not find it either. */
	snprintf(path, sizeof path, "/staff/search?q=%s", E.case_b);
	get(&b, path, &r);
	EXPECT(&r, 200);
	assert_null(strstr(r.body, "Bethan"));
	/* An investigator sees only the cases assigned to them. */
	sign_in(&b, "ifan");
	snprintf(path, sizeof path, "/staff/cases/%s", E.case_a);
	get(&b, path, &r);
	EXPECT(&r, 404);
	assert_null(strstr(r.body, "alert(1)"));
	get(&b, "/staff", &r);
	EXPECT(&r, 200);
	assert_null(strstr(r.body, E.case_a));
	get(&b, "/staff/cases/not%20a%20ref", &r);
	assert_true(r.status == 404 || r.status == 400);
	resp_clear(&r);
}

static void dashboard_and_search(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char ref[32], path[256];
	sign_in(&b, "olwen");
	/* A child at risk: the alert comes first on the dashboard. */
	record(&b, "&risk=yes", ref, sizeof ref);
	get(&b, "/staff", &r);
	EXPECT(&r, 200);
	const char *alerts = strstr(r.body, "Safeguarding alerts");
	const char *overdue = strstr(r.body, "id=\"overdue\"");
	assert_non_null(alerts);
	assert_non_null(overdue);
	assert_true(alerts < overdue);
	expect_text(&r, ref);
	expect_text(&r, "Open cases you own");
	expect_text(&r, E.case_a);
	/* Search by reference finds the case. */
	snprintf(path, sizeof path, "/staff/search?q=%s", E.case_a);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Cases found");
	snprintf(path, sizeof path, "href=\"/staff/cases/%s\"", E.case_a);
	expect_text(&r, path);
	resp_clear(&r);
}

static void extend_close_and_agree(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char ref[32], path[256], form[512], csrf[128];
	sign_in(&b, "olwen");
	record(&b, NULL, ref, sizeof ref);
	/* The complainant's agreement to the written record. */
	snprintf(path, sizeof path, "/staff/cases/%s/agreement?version=1", ref);
	get(&b, path, &r);
	EXPECT(&r, 200);
	csrf_of(&r, csrf, sizeof csrf);
	snprintf(path, sizeof path, "/staff/cases/%s/agreement", ref);
	snprintf(form, sizeof form, "csrf_token=%s&version=1&signature=Ms+A", csrf);
	post(&b, path, form, &r);
	EXPECT(&r, 400);
	expect_text(&r, "Confirm that the complainant agrees the record");
	snprintf(form, sizeof form, "csrf_token=%s&version=1&confirm=yes&signature=Ms+A",
	         csrf);
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	snprintf(path, sizeof path, "/staff/cases/%s", ref);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Written record agreed and signed");
	/* Acknowledged: the discussion clock starts, which may be extended. */
	int64_t v = case_version(ref);
	snprintf(path, sizeof path, "/staff/cases/%s/matters/1/acknowledge", ref);
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld", csrf, (long long)v);
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	snprintf(path, sizeof path, "/staff/cases/%s", ref);
	get(&b, path, &r);
	/* Only extendable time limits offer it. */
	const char *k = strstr(r.body, "/clocks/");
	assert_non_null(k);
	long clock = strtol(k + 8, NULL, 10);
	v = case_version(ref);
	snprintf(path, sizeof path, "/staff/cases/%s/clocks/%ld/extend", ref, clock);
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&agreed_with=the+complainant"
	         "&agreed_on-day=27&agreed_on-month=11&agreed_on-year=2026"
	         "&extra_days=5&reason=Waiting+for+records", csrf, (long long)v);
	post(&b, path, form, &r);
	/* Stage 1 may be extended only in exceptional circumstances. */
	EXPECT(&r, 400);
	expect_text(&r, "exceptional");
	strcat(form, "&exceptional=yes");
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	snprintf(path, sizeof path, "/staff/cases/%s", ref);
	get(&b, path, &r);
	expect_text(&r, "Extended by agreement with the complainant");
	expect_text(&r, "Reason: Waiting for records");
	/* Closing with the stage still open is refused with the reason;
	 * withdrawn closes it. */
	v = case_version(ref);
	snprintf(path, sizeof path, "/staff/cases/%s/close", ref);
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&outcome=upheld", csrf,
	         (long long)v);
	post(&b, path, form, &r);
	EXPECT(&r, 400);
	expect_text(&r, "govuk-error-summary");
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&outcome=withdrawn"
	         "&reason=The+complainant+withdrew", csrf, (long long)v);
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	snprintf(path, sizeof path, "/staff/cases/%s", ref);
	get(&b, path, &r);
	expect_text(&r, "Case closed");
	assert_null(strstr(r.body, "/matters/1/"));
	resp_clear(&r);
}

/* The case as stored (status, outcome, lessons), in the caller's arena. */
static struct store_case stored_case(struct arena *ar, const char *ref)
{
	struct store_case c;
	assert_int_equal(store_case_get_by_reference(E.db, E.auth_a, ref, ar, &c,
	                                             NULL),
	                 CWYN_OK);
	return c;
}

/* Does authority A's annual report list this lesson? (Cases are closed
 * at the real time, so the period is wide.) */
static bool report_lists(const char *lesson)
{
	struct app_ctx ctx = {.db = E.db, .policy = E.policy, .cal = E.cal,
	                      .today = test_today(NULL)};
	struct cwyn_error err = {0};
	struct arena ar;
	struct report_figures r;
	bool found = false;
	arena_init(&ar, 0);
	assert_int_equal(app_actor_for_user(E.db, E.auth_a, "olwen", &ctx.actor,
	                                    &err),
	                 CWYN_OK);
	if (app_report_annual(&ctx, false, date_from_ymd(2000, 1, 1),
	                      date_from_ymd(2099, 12, 31), &ar, &r, &err) !=
	    CWYN_OK)
		fail_msg("annual report: %s: %s", err.field, err.message);
	for (size_t i = 0; i < r.n_lessons; i++)
		if (strcmp(r.lessons[i].text, lesson) == 0)
			found = true;
	arena_free(&ar);
	return found;
}

#define LESSON "Letters are now answered within five working days."

static void close_with_lessons_then_reopen(void **state)
{
	(void)state;
	struct browser b, aud;
	struct resp r = {0};
	char ref[32], path[256], form[512], csrf[128], csrf_aud[128];
	struct arena ar;
	arena_init(&ar, 0);
	sign_in(&b, "olwen");
	record(&b, NULL, ref, sizeof ref);

	/* The close form asks for lessons learned, and says: no names. */
	snprintf(path, sizeof path, "/staff/cases/%s/close?version=1", ref);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Lessons learned (optional)");
	expect_text(&r, "What the council will change because of this complaint");
	expect_text(&r, "Do not write anyone&#39;s name");
	expect_text(&r, "aria-describedby=\"lessons-hint\"");
	csrf_of(&r, csrf, sizeof csrf);
	/* Too long: refused on the field, nothing changes. */
	int64_t v = case_version(ref);
	size_t big = 8001;
	char *long_form = malloc(big + 256);
	assert_non_null(long_form);
	int k = snprintf(long_form, 256, "csrf_token=%s&version=%lld&outcome=withdrawn"
	                 "&lessons=", csrf, (long long)v);
	memset(long_form + k, 'x', big);
	long_form[k + (int)big] = '\0';
	snprintf(path, sizeof path, "/staff/cases/%s/close", ref);
	post(&b, path, long_form, &r);
	EXPECT(&r, 400);
	expect_text(&r, "The lessons learned must be 8000 characters or fewer");
	expect_text(&r, "href=\"#lessons\"");
	assert_int_equal(case_version(ref), v);
	/* Closed with its lessons. */
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&outcome=withdrawn"
	         "&reason=The+complainant+withdrew&lessons=Letters+are+now+answered"
	         "+within+five+working+days.", csrf, (long long)v);
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	struct store_case c = stored_case(&ar, ref);
	assert_string_equal(c.status, "closed");
	assert_non_null(c.lessons_learned);
	assert_string_equal(c.lessons_learned, LESSON);
	snprintf(path, sizeof path, "/staff/cases/%s", ref);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Lessons learned");
	expect_text(&r, LESSON);
	expect_text(&r, "Reason: The complainant withdrew");
	/* ... and in the annual report (without the case's reference). */
	assert_true(report_lists(LESSON));

	/* An auditor reads the closed case but may not reopen it. */
	sign_in(&aud, "aled");
	get(&aud, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Case closed");
	assert_null(strstr(r.body, "/reopen"));
	assert_null(strstr(r.body, "Reopen the case"));
	csrf_of(&r, csrf_aud, sizeof csrf_aud); /* the sign-out form's */
	v = case_version(ref);
	snprintf(path, sizeof path, "/staff/cases/%s/reopen?version=%lld", ref,
	         (long long)v);
	get(&aud, path, &r);
	EXPECT(&r, 403);
	snprintf(path, sizeof path, "/staff/cases/%s/reopen", ref);
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&reason=Because",
	         csrf_aud, (long long)v);
	post(&aud, path, form, &r);
	EXPECT(&r, 403);
	expect_text(&r, "Nothing was changed");
	assert_int_equal(case_version(ref), v);

	/* The complaints officer sees the action. */
	snprintf(path, sizeof path, "/staff/cases/%s", ref);
	get(&b, path, &r);
	EXPECT(&r, 200);
	snprintf(path, sizeof path, "/staff/cases/%s/reopen?version=%lld", ref,
	         (long long)v);
	expect_text(&r, path);
	expect_text(&r, "Reopen the case");
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Why is the case being reopened?");
	expect_text(&r, "The case was closed with the outcome: withdrawn.");
	csrf_of(&r, csrf, sizeof csrf);
	snprintf(path, sizeof path, "/staff/cases/%s/reopen", ref);
	/* No reason, a blank one, or one too long: refused, nothing changes. */
	static const char *const bad[] = {"", "+++%0D%0A+", NULL};
	for (size_t i = 0; bad[i] != NULL; i++) {
		snprintf(form, sizeof form, "csrf_token=%s&version=%lld&reason=%s",
		         csrf, (long long)v, bad[i]);
		post(&b, path, form, &r);
		EXPECT(&r, 400);
		expect_text(&r, "govuk-error-summary");
		expect_text(&r, "Enter why the case is being reopened");
		expect_text(&r, "href=\"#reason\"");
		assert_int_equal(case_version(ref), v);
	}
	k = snprintf(long_form, 256, "csrf_token=%s&version=%lld&reason=", csrf,
	             (long long)v);
	memset(long_form + k, 'y', 4001);
	long_form[k + 4001] = '\0';
	post(&b, path, long_form, &r);
	EXPECT(&r, 400);
	expect_text(&r, "The reason must be 4000 characters or fewer");
	free(long_form);
	/* Without the token, or from a form opened before a change. */
	snprintf(form, sizeof form, "version=%lld&reason=New+information", (long long)v);
	post(&b, path, form, &r);
	EXPECT(&r, 403);
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&reason=New+information",
	         csrf, (long long)(v - 1));
	post(&b, path, form, &r);
	EXPECT(&r, 409);
	expect_text(&r, "Someone else changed this case after you opened it");
	assert_int_equal(case_version(ref), v);
	c = stored_case(&ar, ref);
	assert_string_equal(c.status, "closed");

	/* Reopened, with its reason on the timeline. */
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&reason=New+information"
	         "+from+the+school+%%26+the+family", csrf, (long long)v);
	post(&b, path, form, &r);
	EXPECT(&r, 303);
	snprintf(path, sizeof path, "/staff/cases/%s?done=reopened", ref);
	expect_location(&r, path);
	assert_int_equal(case_version(ref), v + 1);
	c = stored_case(&ar, ref);
	assert_string_equal(c.status, "open");
	assert_null(c.outcome);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "The case has been reopened");
	const char *re = strstr(r.body, "Case reopened");
	const char *cl = strstr(r.body, "Case closed");
	assert_non_null(re);
	assert_non_null(cl);
	assert_true(re < cl); /* newest first */
	expect_text(&r, "Reason: New information from the school &amp; the family");
	expect_text(&r, "Close the case with its outcome");
	assert_null(strstr(r.body, "Reopen the case"));
	/* An open case cannot be reopened. */
	snprintf(path, sizeof path, "/staff/cases/%s/reopen", ref);
	snprintf(form, sizeof form, "csrf_token=%s&version=%lld&reason=Again", csrf,
	         (long long)(v + 1));
	post(&b, path, form, &r);
	EXPECT(&r, 404);
	assert_int_equal(case_version(ref), v + 1);
	/* A reopened case is no longer closed: its lesson waits for the next
	 * closing before it is reported again. */
	assert_false(report_lists(LESSON));
	/* In Welsh. */
	snprintf(path, sizeof path, "/staff/cases/%s?lang=cy&done=reopened", ref);
	get(&b, path, &r);
	EXPECT(&r, 200);
	expect_text(&r, "Mae&#39;r achos wedi&#39;i ailagor");
	expect_text(&r, "Achos wedi&#39;i ailagor");
	expect_text(&r, "Rheswm: New information");
	get(&b, "/staff?lang=en", &r);
	arena_free(&ar);
	resp_clear(&r);
}

static void signing_out_and_lockout(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char csrf[128], form[256];
	sign_in(&b, "olwen");
	get(&b, "/staff", &r);
	csrf_of(&r, csrf, sizeof csrf);
	char old[128];
	snprintf(old, sizeof old, "%s", b.cookie);
	snprintf(form, sizeof form, "csrf_token=%s", csrf);
	post(&b, "/staff/logout", form, &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff/login?signed_out=1");
	/* The old cookie opens nothing any more. */
	snprintf(b.cookie, sizeof b.cookie, "%s", old);
	get(&b, "/staff", &r);
	EXPECT(&r, 303);
	expect_location(&r, "/staff/login");
	/* Repeated failures: the wait is shown. */
	struct browser x = {0};
	bool locked = false;
	for (int i = 0; i < 12 && !locked; i++) {
		post(&x, "/staff/login", "username=lowri&password=not+the+password", &r);
		locked = r.status == 429;
	}
	assert_true(locked);
	expect_text(&r, "Too many failed sign-ins");
	char ra[32];
	assert_non_null(header(&r, "Retry-After", ra, sizeof ra));
	resp_clear(&r);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(signing_in),
		cmocka_unit_test(second_factor),
		cmocka_unit_test(intake_case_action_timeline),
		cmocka_unit_test(csrf_refused),
		cmocka_unit_test(not_found_for_others),
		cmocka_unit_test(dashboard_and_search),
		cmocka_unit_test(extend_close_and_agree),
		cmocka_unit_test(close_with_lessons_then_reopen),
		cmocka_unit_test(signing_out_and_lockout),
	};
	int rc = cmocka_run_group_tests_name("staff_pages", tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
