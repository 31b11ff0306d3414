/*
 * test_staff_intake.c — /staff/intake with many children and concerns,
 * over real loopback HTTP, driven by libcurl as a browser without
 * JavaScript would drive it (session cookie, urlencoded forms with the
 * hidden CSRF token, the button pressed posted as "action").
 *
 * The product's routes run in-process on port 0 against a temporary
 * SQLite database, with a fixed "today". What is checked, as staff would
 * notice it:
 *   - five children and five concerns are recorded and all shown on the
 *     case page;
 *   - "Add another concern" / "Remove concern 2" give the form back with
 *     one group more or less and everything typed kept, and store nothing;
 *   - a 21st concern or child is refused with an error linked to the
 *     button, and a hand-made form with a 21st group stores nothing;
 *   - a concern at "Stage 2 final response given" goes to the Ombudsman;
 *     one at "Stage 1 under way" with the council delaying may go to the
 *     Ombudsman now, while staying with the council;
 *   - an unknown choice, an over-long text, invalid UTF-8 or an unknown
 *     button is refused with an error, and no case is stored.
 *
 * The set-up is the minimum of tests/http/test_staff_pages.c.
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
#include "i18n/i18n.h"
#include "store/store.h"
#include "web/api.h"
#include "web/db_pool.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/web_app.h"

#define PASSWORD "correct horse battery staple"
#define FORM_CAP (256 * 1024)

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
	int64_t auth;
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
	char cookie[128];
	char csrf[128];
};

static void resp_clear(struct resp *r)
{
	free(r->body);
	memset(r, 0, sizeof *r);
}

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
	if (b->cookie[0]) {
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
	if (header(r, "Set-Cookie", v, sizeof v) != NULL) {
		const char *p = strstr(v, WEB_SESSION_COOKIE "=");
		if (p != NULL) {
			p += strlen(WEB_SESSION_COOKIE) + 1;
			snprintf(b->cookie, sizeof b->cookie, "%.*s",
			         (int)strcspn(p, ";"), p);
		}
	}
}

#define EXPECT(r, want) expect_status((r), (want), __LINE__)
static void expect_status(const struct resp *r, long want, int line)
{
	if (r->status != want)
		fprintf(stderr, "line %d: status %ld, body %.4000s\n", line,
		        r->status, r->body);
	assert_int_equal(r->status, want);
}

#define HAS(r, text) expect_text((r)->body, (text), __LINE__)
#define LACKS(r, text) expect_no_text((r)->body, (text), __LINE__)
static void expect_text(const char *body, const char *text, int line)
{
	if (strstr(body, text) == NULL)
		fail_msg("line %d: page lacks \"%s\"", line, text);
}

static void expect_no_text(const char *body, const char *text, int line)
{
	if (strstr(body, text) != NULL)
		fail_msg("line %d: page has \"%s\"", line, text);
}

static void csrf_of(const struct resp *r, char *out, size_t size)
{
	const char *k = "name=\"csrf_token\" value=\"";
	const char *p = strstr(r->body, k);
	assert_non_null(p);
	p += strlen(k);
	snprintf(out, size, "%.*s", (int)strcspn(p, "\""), p);
	assert_true(out[0] != '\0');
}

/* Signed in as the complaints officer, with the intake form's token. */
static void sign_in(struct browser *b)
{
	struct resp r = {0};
	memset(b, 0, sizeof *b);
	req(b, "POST", "/staff/login", "username=olwen&password=correct+horse+"
	    "battery+staple&next=%2Fstaff", &r);
	EXPECT(&r, 303);
	assert_true(b->cookie[0] != '\0');
	req(b, "GET", "/staff/intake", NULL, &r);
	EXPECT(&r, 200);
	csrf_of(&r, b->csrf, sizeof b->csrf);
	resp_clear(&r);
}

/* ---- Building forms ---------------------------------------------------------- */

static void addf(char *form, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void addf(char *form, const char *fmt, ...)
{
	size_t n = strlen(form);
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(form + n, FORM_CAP - n, fmt, ap);
	va_end(ap);
	assert_true(k >= 0 && (size_t)k < FORM_CAP - n);
}

/* The complainant's part, every answer valid; the caller adds groups. */
static char *base_form(const struct browser *b, const char *action,
                       int children, int concerns)
{
	char *form = calloc(1, FORM_CAP);
	assert_non_null(form);
	addf(form, "csrf_token=%s&action=%s&children=%d&concerns=%d"
	     "&risk=no&channel=phone&received-day=&received-month=&received-year="
	     "&name=Alex+Example&rel=parent&age=&represents=&email=&phone="
	     "&address=&lang=en&contact=post&access=&court=none",
	     b->csrf, action, children, concerns);
	return form;
}

static void add_child(char *form, int i, const char *label, int age)
{
	addf(form, "&k%dl=%s&k%dg=%d&k%dd=yes", i, label, i, age, i);
}

/* A concern about the council's own work, with its stage (or NULL). */
static void add_concern(char *form, int i, const char *kind,
                        const char *summary, const char *stage, bool delaying)
{
	addf(form, "&c%dk=%s&c%da=council&c%dn=&c%ds=%s"
	     "&c%de-day=15&c%de-month=10&c%de-year=2026"
	     "&c%dw-day=&c%dw-month=&c%dw-year="
	     "&c%dh-day=&c%dh-month=&c%dh-year="
	     "&c%dm-day=&c%dm-month=&c%dm-year=",
	     i, kind, i, i, i, summary, i, i, i, i, i, i, i, i, i, i, i, i);
	if (stage != NULL)
		addf(form, "&c%dt=%s", i, stage);
	if (delaying)
		addf(form, "&c%dy=yes", i);
}

static size_t case_count(void)
{
	struct arena ar;
	arena_init(&ar, 0);
	struct store_case_filter flt = {.authority_id = E.auth, .limit = 500};
	struct store_case *cs;
	size_t n = 0;
	bool more = false;
	assert_int_equal(store_case_list(E.db, &flt, &ar, &cs, &n, &more, NULL),
	                 CWYN_OK);
	arena_free(&ar);
	return n;
}

/* Post a recording form; on success the case page's path. */
static void record(struct browser *b, const char *form, char *page, size_t size)
{
	struct resp r = {0};
	req(b, "POST", "/staff/intake", form, &r);
	EXPECT(&r, 303);
	char loc[256];
	assert_non_null(header(&r, "Location", loc, sizeof loc));
	assert_int_equal(strncmp(loc, "/staff/cases/", 13), 0);
	snprintf(page, size, "%s", loc);
	resp_clear(&r);
}

/* A refused form: status 400, the message and its link, and no case. */
static void refused(struct browser *b, const char *form, const char *field,
                    const char *message, int line)
{
	struct resp r = {0};
	size_t before = case_count();
	req(b, "POST", "/staff/intake", form, &r);
	expect_status(&r, 400, line);
	expect_text(r.body, "There is a problem", line);
	if (field != NULL) {
		char link[64];
		snprintf(link, sizeof link, "href=\"#%s\"", field);
		expect_text(r.body, link, line);
	}
	expect_text(r.body, message, line);
	assert_int_equal(case_count(), before);
	resp_clear(&r);
}

/* ---- Set-up ---------------------------------------------------------------- */

static int setup(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	memset(&E, 0, sizeof E);
	i18n_init(NULL, NULL);
	snprintf(E.path, sizeof E.path, "/tmp/cwyn-test-intake-XXXXXX");
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
	struct store_authority a = {.code = "north", .name_en = "north",
	                            .name_cy = "north", .policy_id = "wales-2014",
	                            .policy_version = 1};
	if (store_authority_create(E.db, &a, NULL) != CWYN_OK)
		return -1;
	E.auth = a.id;
	struct account_new in = {.authority_id = E.auth, .username = "olwen",
	                         .role = "complaints_officer", .password = PASSWORD};
	if (account_create(&acc, "test", &in, NULL, &err) != CWYN_OK) {
		fprintf(stderr, "user: %s\n", err.message);
		return -1;
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

static void five_children_five_concerns_recorded(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char page[256];
	sign_in(&b);
	size_t before = case_count();
	char *form = base_form(&b, "record", 5, 5);
	static const char *const kinds[5] = {"communication", "no_action",
	                                     "investigation", "plan", "worker"};
	for (int i = 1; i <= 5; i++) {
		char label[16], summary[64];
		snprintf(label, sizeof label, "Kid%c", 'A' + i - 1);
		add_child(form, i, label, 3 + i);
		snprintf(summary, sizeof summary, "Concern+number+%d+in+words", i);
		add_concern(form, i, kinds[i - 1], summary, NULL, false);
	}
	record(&b, form, page, sizeof page);
	free(form);
	assert_int_equal(case_count(), before + 1);
	req(&b, "GET", page, NULL, &r);
	EXPECT(&r, 200);
	HAS(&r, "The complaint has been recorded");
	for (int i = 1; i <= 5; i++) {
		char text[64];
		snprintf(text, sizeof text, ">Kid%c<", 'A' + i - 1);
		HAS(&r, text);
		snprintf(text, sizeof text, "Concern number %d in words", i);
		HAS(&r, text);
		snprintf(text, sizeof text, "Matter %d:", i);
		HAS(&r, text);
	}
	LACKS(&r, "Matter 6:");
	resp_clear(&r);
}

static void add_and_remove_keep_what_was_typed(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	sign_in(&b);
	size_t before = case_count();
	/* A fresh form: three of each, with the buttons to add more. */
	req(&b, "GET", "/staff/intake", NULL, &r);
	EXPECT(&r, 200);
	HAS(&r, "id=\"c3k\"");
	LACKS(&r, "id=\"c4k\"");
	HAS(&r, "value=\"add-concern\"");
	HAS(&r, "Add another concern");
	HAS(&r, "Add another child");
	HAS(&r, "Remove concern 2");
	HAS(&r, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">"
	        "<h3 class=\"govuk-fieldset__heading\">Concern 3</h3></legend>");
	/* Enter in a text field records; it never removes a group. */
	const char *intake = strstr(r.body, "action=\"/staff/intake\"");
	assert_non_null(intake);
	const char *first = strstr(intake, "type=\"submit\"");
	const char *want = "type=\"submit\" name=\"action\" value=\"record\"";
	assert_non_null(first);
	assert_true(strncmp(first, want, strlen(want)) == 0);

	/* Add a concern: four, everything typed still there. */
	char *form = base_form(&b, "add-concern", 2, 3);
	add_child(form, 1, "KidA", 7);
	add_child(form, 2, "KidB", 9);
	add_concern(form, 1, "communication", "First+concern", "stage1_open", true);
	add_concern(form, 2, "no_action", "Second+concern", NULL, false);
	add_concern(form, 3, "plan", "Third+concern", "stage2_answered", false);
	req(&b, "POST", "/staff/intake", form, &r);
	free(form);
	EXPECT(&r, 200);
	HAS(&r, "name=\"concerns\" value=\"4\"");
	HAS(&r, "<h3 class=\"govuk-fieldset__heading\">Concern 4</h3>");
	HAS(&r, "id=\"c4k\" name=\"c4k\" autofocus");
	HAS(&r, ">First concern</textarea>");
	HAS(&r, ">Third concern</textarea>");
	HAS(&r, "value=\"Alex Example\"");
	HAS(&r, "id=\"k2l\" name=\"k2l\" type=\"text\" spellcheck=\"false\" value=\"KidB\"");
	HAS(&r, "id=\"c1t-2\" name=\"c1t\" type=\"radio\" value=\"stage1_open\" checked");
	HAS(&r, "id=\"c1y\" name=\"c1y\" type=\"checkbox\" value=\"yes\" checked");
	HAS(&r, "value=\"communication\" selected");
	LACKS(&r, "There is a problem");
	assert_int_equal(case_count(), before);

	/* Remove concern 2: the third becomes the second, nothing is lost. */
	form = base_form(&b, "remove-concern-2", 2, 4);
	add_child(form, 1, "KidA", 7);
	add_child(form, 2, "KidB", 9);
	add_concern(form, 1, "communication", "First+concern", "stage1_open", true);
	add_concern(form, 2, "no_action", "Second+concern", NULL, false);
	add_concern(form, 3, "plan", "Third+concern", "stage2_answered", false);
	add_concern(form, 4, "worker", "Fourth+concern", NULL, false);
	req(&b, "POST", "/staff/intake", form, &r);
	free(form);
	EXPECT(&r, 200);
	HAS(&r, "name=\"concerns\" value=\"3\"");
	LACKS(&r, "id=\"c4k\"");
	LACKS(&r, "Second concern");
	HAS(&r, "name=\"c2s\" rows=\"3\">Third concern</textarea>");
	HAS(&r, "name=\"c3s\" rows=\"3\">Fourth concern</textarea>");
	HAS(&r, "id=\"c2t-5\" name=\"c2t\" type=\"radio\" value=\"stage2_answered\" checked");
	HAS(&r, "id=\"concerns-heading\" tabindex=\"-1\" autofocus");
	assert_int_equal(case_count(), before);

	/* Remove child 1: child 2 moves up. */
	form = base_form(&b, "remove-child-1", 2, 1);
	add_child(form, 1, "KidA", 7);
	add_child(form, 2, "KidB", 9);
	add_concern(form, 1, "communication", "First+concern", NULL, false);
	req(&b, "POST", "/staff/intake", form, &r);
	free(form);
	EXPECT(&r, 200);
	HAS(&r, "name=\"children\" value=\"1\"");
	HAS(&r, "id=\"k1l\" name=\"k1l\" type=\"text\" spellcheck=\"false\" value=\"KidB\"");
	LACKS(&r, "KidA");
	LACKS(&r, "Remove child 1"); /* the last group stays */
	assert_int_equal(case_count(), before);

	/* The same buttons in Welsh. */
	req(&b, "GET", "/staff/intake?lang=cy", NULL, &r);
	EXPECT(&r, 200);
	HAS(&r, "Ychwanegu pryder arall");
	HAS(&r, "Tynnu plentyn 2");
	HAS(&r, "Cam 1 (datrys yn lleol) ar y gweill");
	req(&b, "GET", "/staff?lang=en", NULL, &r);
	resp_clear(&r);
}

static void twenty_first_group_refused(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	sign_in(&b);
	size_t before = case_count();
	/* Twenty concerns shown: "Add another concern" is refused. */
	char *form = base_form(&b, "add-concern", 1, 20);
	add_concern(form, 1, "communication", "First", NULL, false);
	add_concern(form, 20, "plan", "Twentieth", NULL, false);
	req(&b, "POST", "/staff/intake", form, &r);
	free(form);
	EXPECT(&r, 400);
	HAS(&r, "href=\"#add-concern\"");
	HAS(&r, "You can record up to 20 concerns on one complaint");
	HAS(&r, "id=\"add-concern-error\"");
	HAS(&r, "id=\"c20k\"");
	LACKS(&r, "id=\"c21k\"");
	HAS(&r, ">Twentieth</textarea>");
	/* Twenty children likewise. */
	form = base_form(&b, "add-child", 20, 1);
	req(&b, "POST", "/staff/intake", form, &r);
	free(form);
	EXPECT(&r, 400);
	HAS(&r, "href=\"#add-child\"");
	HAS(&r, "You can record up to 20 children on one complaint");
	LACKS(&r, "id=\"k21l\"");
	resp_clear(&r);

	/* Twenty of each can be recorded... */
	char page[256];
	form = base_form(&b, "record", 20, 20);
	for (int i = 1; i <= 20; i++) {
		char label[16];
		snprintf(label, sizeof label, "K%d", i);
		add_child(form, i, label, 5);
		add_concern(form, i, "communication", "Letters", NULL, false);
	}
	record(&b, form, page, sizeof page);
	free(form);
	assert_int_equal(case_count(), before + 1);
	req(&b, "GET", page, NULL, &r);
	EXPECT(&r, 200);
	HAS(&r, "Matter 20:");
	HAS(&r, ">K20<");
	resp_clear(&r);

	/* ...but a hand-made form with a 21st group stores nothing. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "First", NULL, false);
	add_concern(form, 21, "plan", "Twenty-first", NULL, false);
	refused(&b, form, "add-concern", "You can record up to 20 concerns on one complaint",
	        __LINE__);
	free(form);
	form = base_form(&b, "record", 21, 1);
	add_concern(form, 1, "communication", "First", NULL, false);
	refused(&b, form, "add-child", "You can record up to 20 children on one complaint",
	        __LINE__);
	free(form);
	form = base_form(&b, "record", 1, 1);
	add_child(form, 21, "K21", 5);
	add_concern(form, 1, "communication", "First", NULL, false);
	refused(&b, form, "add-child", "You can record up to 20 children on one complaint",
	        __LINE__);
	free(form);
}

/* The text of matter n's part of the case page (up to the next matter). */
static char *matter_part(const char *body, int n)
{
	char h[32];
	snprintf(h, sizeof h, "Matter %d:", n);
	const char *p = strstr(body, h);
	assert_non_null(p);
	snprintf(h, sizeof h, "Matter %d:", n + 1);
	const char *e = strstr(p, h);
	size_t len = e ? (size_t)(e - p) : strlen(p);
	char *out = malloc(len + 1);
	assert_non_null(out);
	memcpy(out, p, len);
	out[len] = '\0';
	return out;
}

static void stage_and_delay_change_the_route(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	char page[256];
	sign_in(&b);
	char *form = base_form(&b, "record", 1, 3);
	add_child(form, 1, "KidA", 7);
	add_concern(form, 1, "communication", "After+Stage+2", "stage2_answered", false);
	add_concern(form, 2, "no_action", "Council+delaying", "stage1_open", true);
	add_concern(form, 3, "plan", "Stage+1+waiting", "stage1_open", false);
	record(&b, form, page, sizeof page);
	free(form);
	req(&b, "GET", page, NULL, &r);
	EXPECT(&r, 200);
	HAS(&r, "Split: the matters go different ways");
	/* Stage 2 answered: the Ombudsman may look at it now. */
	char *m1 = matter_part(r.body, 1);
	expect_text(m1, "After Stage 2", __LINE__);
	expect_text(m1, "The Public Services Ombudsman for Wales", __LINE__);
	expect_text(m1, "OMB-AFTER-COUNCIL", __LINE__);
	expect_no_text(m1, "OMB-PREMATURE", __LINE__);
	/* Stage 1 under way, council delaying: still the council's, and
	 * the Ombudsman may be approached now. */
	char *m2 = matter_part(r.body, 2);
	expect_text(m2, "Council delaying", __LINE__);
	expect_text(m2, "Stage 1 (local resolution)", __LINE__);
	expect_text(m2, "OMB-COUNCIL-DELAY", __LINE__);
	expect_no_text(m2, "OMB-PREMATURE", __LINE__);
	/* The same without the delay: going to the Ombudsman is premature. */
	char *m3 = matter_part(r.body, 3);
	expect_text(m3, "OMB-PREMATURE", __LINE__);
	expect_no_text(m3, "OMB-COUNCIL-DELAY", __LINE__);
	free(m1);
	free(m2);
	free(m3);
	resp_clear(&r);
}

static void bad_input_refused_and_nothing_stored(void **state)
{
	(void)state;
	struct browser b;
	struct resp r = {0};
	sign_in(&b);
	size_t before = case_count();
	char *form;
	/* An unknown stage. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", "stage3_open", false);
	refused(&b, form, "c1t", "Select how far the council&#39;s own complaints "
	        "procedure has got", __LINE__);
	free(form);
	/* An unknown delay answer. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&c1y=maybe");
	refused(&b, form, "c1y", "This answer is not one of the choices", __LINE__);
	free(form);
	/* An unknown organisation, subject and court answer. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&c1a=martians");
	refused(&b, form, "c1a", "Select which organisation", __LINE__);
	free(form);
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "teleportation", "x", NULL, false);
	refused(&b, form, "c1k", "Select what the concern is about", __LINE__);
	free(form);
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&court=perhaps");
	refused(&b, form, "court", "Select whether there are court proceedings", __LINE__);
	free(form);
	/* A second concern with answers but no subject: not silently lost. */
	form = base_form(&b, "record", 1, 2);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&c2k=&c2s=Something+typed");
	refused(&b, form, "c2k", "Select what the concern is about", __LINE__);
	free(form);
	/* Over-long text: the summary and a child's label. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&c1s=");
	for (int i = 0; i < 20001; i++)
		addf(form, "a");
	refused(&b, form, "c1s", "This must be 20000 characters or fewer", __LINE__);
	free(form);
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&k1l=");
	for (int i = 0; i < 201; i++)
		addf(form, "b");
	refused(&b, form, "k1l", "This must be 200 characters or fewer", __LINE__);
	free(form);
	/* A button the form does not have. */
	form = base_form(&b, "delete-everything", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	refused(&b, form, NULL, "The form could not be understood. Nothing was recorded.",
	        __LINE__);
	free(form);
	/* A count that is not a number. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "x", NULL, false);
	addf(form, "&concerns=lots");
	refused(&b, form, "add-concern", "You can record up to 20 concerns", __LINE__);
	free(form);
	/* Invalid UTF-8 is refused before the form is read, naming the field. */
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "caf%C3", NULL, false);
	req(&b, "POST", "/staff/intake", form, &r);
	free(form);
	EXPECT(&r, 400);
	HAS(&r, "invalid UTF-8");
	HAS(&r, "c1s");
	/* A page for a person, not the API's JSON. */
	HAS(&r, "<h1>This form could not be read</h1>");
	HAS(&r, "Nothing was changed.");
	assert_int_equal(case_count(), before);
	/* And each of them, put right, is recorded. */
	char page[256];
	form = base_form(&b, "record", 1, 1);
	add_concern(form, 1, "communication", "caf%C3%A9", "stage1_open", true);
	record(&b, form, page, sizeof page);
	free(form);
	assert_int_equal(case_count(), before + 1);
	resp_clear(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(five_children_five_concerns_recorded),
		cmocka_unit_test(add_and_remove_keep_what_was_typed),
		cmocka_unit_test(twenty_first_group_refused),
		cmocka_unit_test(stage_and_delay_change_the_route),
		cmocka_unit_test(bad_input_refused_and_nothing_stored),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests_name("staff_intake", tests, setup, teardown);
	curl_global_cleanup();
	return rc;
}
