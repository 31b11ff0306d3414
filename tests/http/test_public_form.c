/*
 * test_public_form.c — the public complaint form over real loopback HTTP,
 * driven by libcurl as a browser without JavaScript would drive it: the
 * product's routes run in-process on port 0 against a temporary SQLite
 * database, with a settable clock (expiry is tested by moving time).
 *
 * What is checked, as a complainant or an attacker would notice it:
 *   - a full submission makes exactly one case, channel "web", with the
 *     complainant's agreement and signature recorded, and a tracking link;
 *   - a missing agreement or signature is refused with a field error and
 *     nothing is stored; impossible and future dates are refused; an
 *     over-long name is refused;
 *   - a forged token, an expired token and a post from another site are
 *     refused; sending the same form again makes nothing new, and
 *     refreshing the confirmation page makes nothing new;
 *   - script in the name is stored as typed and shown escaped;
 *   - the tracking link works (no-store, no-referrer), a wrong secret and
 *     an unknown reference get the same 404, lookups are rate-limited;
 *   - "a child at risk now" shows 999 and the duty team on the very next
 *     page and the case carries the safeguarding alert;
 *   - a complaint in Welsh is recorded with language cy and its tracking
 *     page is in Welsh;
 *   - several children (brothers and sisters): each has its own page and
 *     its own part of "Check your answers", all of them are stored with the
 *     case and reach the triage (the Children's Commissioner signpost
 *     follows the care-experienced older child); a seventh child is
 *     refused; a child can be changed and removed; bad answers about a
 *     child (impossible ages, unknown values, an unknown button, invalid
 *     UTF-8) are refused and change nothing; the young people's form stays
 *     about one child; the checker asks about several children too.
 *
 * The tracking page as the case moves on:
 * A complaint is sent through /complain; staff then move its matter on
 * with the app use cases (app_advance, as the staff pages do), and the
 * complainant's secret link is read after each step, in English and in
 * Welsh. What is checked, as a complainant would notice it:
 *   - a conference complaint: right after the chair records the chair's
 *     resolution (before any officer closes the case) the page says the
 *     chair resolved it and on which day, the status is no longer "open:
 *     we are dealing with it", no "the chair is looking at it" is left,
 *     no time limit is shown, and the next step is the Safeguarding
 *     Board's panel (the Ombudsman cannot look at conference decisions);
 *   - a council complaint: waiting for the acknowledgement with its date,
 *     then resolved at Stage 1 (the written terms still due, Stage 2
 *     offered), then Stage 2 answered (the Ombudsman offered, with its
 *     contact) and closed with its outcome;
 *   - the young people's form gets the same facts in plainer words;
 *   - Welsh dates inside sentences: "ar ddydd Mercher ..." after "ar",
 *     "erbyn dydd ..." after "erbyn", never "ar Dydd" / "erbyn Dydd", on
 *     the tracking page and the checker's answers page (and the helpers
 *     themselves; English unchanged);
 *   - never staff-only things: no staff names, usernames or notes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <curl/curl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "web/db_pool.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/pages/components.h"
#include "web/web_app.h"

/* ---- The server under test ------------------------------------------------ */

struct env {
	char path[128];
	char url[160];
	struct db *db;
	struct policy *policy;
	struct calendar *cal;
	struct web_app app;
	struct web_server *srv;
	char base[64];
	char origin[64];
	_Atomic int64_t clock_offset;
	int64_t authority_id;
};

static struct env E;

static int64_t test_now(void *ctx)
{
	(void)ctx;
	return (int64_t)time(NULL) + atomic_load(&E.clock_offset);
}

static cwyn_day test_today(void *ctx)
{
	(void)ctx;
	return date_from_ymd(2027, 1, 13);
}

static int setup(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	snprintf(E.path, sizeof E.path, "/tmp/cwyn-test-public-XXXXXX");
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
	struct store_authority a = {.code = "north", .name_en = "North Council",
	                            .name_cy = "Cyngor y Gogledd",
	                            .policy_id = "wales-2014", .policy_version = 1};
	if (store_authority_create(E.db, &a, &err) != CWYN_OK)
		return -1;
	E.authority_id = a.id;
	E.app.policy = E.policy;
	E.app.cal = E.cal;
	E.app.now = test_now;
	E.app.today = test_today;
	struct web_server_config cfg = {
	    .listen = "127.0.0.1:0",
	    .threads = 4,
	    .quiet = true,
	    .routes = web_routes,
	    .nroutes = web_nroutes,
	    .app = &E.app,
	};
	if (web_server_start(&cfg, &E.srv, &err) != CWYN_OK) {
		fprintf(stderr, "server: %s\n", err.message);
		return -1;
	}
	snprintf(E.base, sizeof E.base, "http://127.0.0.1:%u",
	         web_server_port(E.srv));
	snprintf(E.origin, sizeof E.origin, "%s", E.base);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	web_server_stop(E.srv, 2000);
	db_pool_free(E.app.pool);
	db_close(E.db);
	char p[160];
	unlink(E.path);
	snprintf(p, sizeof p, "%s-wal", E.path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", E.path);
	unlink(p);
	policy_free(E.policy);
	calendar_free(E.cal);
	return 0;
}

/* ---- HTTP client ---------------------------------------------------------- */

struct resp {
	long status;
	char body[262144];
	size_t len;
	char headers[8192];
	size_t hlen;
};

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
	struct resp *r = ud;
	size_t k = sz * n, room = sizeof r->body - 1 - r->len;
	size_t c = k < room ? k : room;
	memcpy(r->body + r->len, p, c);
	r->len += c;
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

static const char *header(const struct resp *r, const char *name)
{
	static _Thread_local char out[2048];
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
			snprintf(out, sizeof out, "%.*s", (int)(e - v), v);
			return out;
		}
		l = e + 2;
	}
	return NULL;
}

static struct resp *http(const char *method, const char *path,
                         const char *body, const char *origin)
{
	static struct resp slots[4];
	static int next;
	struct resp *r = &slots[next++ % 4];
	memset(r, 0, sizeof *r);
	CURL *c = curl_easy_init();
	char url[4096], h[256];
	struct curl_slist *hdrs = NULL;
	snprintf(url, sizeof url, "%s%s", E.base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (origin != NULL) {
		snprintf(h, sizeof h, "Origin: %s", origin);
		hdrs = curl_slist_append(hdrs, h);
	}
	if (body != NULL) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/x-www-form-urlencoded");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	return r;
}

static struct resp *get(const char *path)
{
	return http("GET", path, NULL, NULL);
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(E.db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

/* URL-encode s into out (form values). */
static void enc(char *out, size_t size, const char *s)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && o + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, size - o, "%%%02X", *p);
	}
	out[o] = '\0';
}

/* ---- A form ------------------------------------------------------------------ */

struct form {
	char token[128];
};

/* POST /complain/start and keep the token from the redirect. */
static void start(struct form *f, bool young)
{
	struct resp *r = http("POST", "/complain/start", young ? "yp=1" : "go=1",
	                      E.origin);
	assert_int_equal(r->status, 303);
	const char *loc = header(r, "Location");
	assert_non_null(loc);
	assert_non_null(strstr(loc, "/complain/risk?t="));
	snprintf(f->token, sizeof f->token, "%s", strstr(loc, "t=") + 2);
}

/* Post one page's answers (urlencoded, without t) and return the answer. */
static struct resp *answer(struct form *f, const char *step, const char *fields)
{
	char path[64], body[16384];
	snprintf(path, sizeof path, "/complain/%s", step);
	snprintf(body, sizeof body, "t=%s%s%s", f->token, fields[0] ? "&" : "",
	         fields);
	return http("POST", path, body, E.origin);
}

/* The page must move on (303) to `next`. */
static void expect_next(struct resp *r, const char *next)
{
	if (r->status != 303)
		fprintf(stderr, "expected 303 to %s, got %ld: %.400s\n", next,
		        r->status, r->body);
	assert_int_equal(r->status, 303);
	const char *loc = header(r, "Location");
	assert_non_null(loc);
	char want[64];
	snprintf(want, sizeof want, "/complain/%s?", next);
	if (strncmp(loc, want, strlen(want)) != 0)
		fprintf(stderr, "expected %s, went to %s\n", want, loc);
	assert_true(strncmp(loc, want, strlen(want)) == 0);
}

struct answers {
	bool at_risk;
	bool welsh;
	const char *name; /* urlencoded */
};

/* From the concern question of a parent's conference complaint to
 * "Check your answers". */
static void fill_from_concern(struct form *f, const struct answers *a)
{
	expect_next(answer(f, "concern", "c1k=conf_category"), "dates");
	expect_next(answer(f, "dates", "c1d=The+category+is+wrong.&c1h-day=11&c1h-month=12"
	                              "&c1h-year=2026&c1m-day=18&c1m-month=12&c1m-year=2026"),
	            "another");
	expect_next(answer(f, "another", "more=no"), "court");
	expect_next(answer(f, "court", "court=none"), "conference");
	expect_next(answer(f, "conference", "conf=none"), "someone-else");
	expect_next(answer(f, "someone-else", "rep=no"), "your-name");
	char body[1024];
	snprintf(body, sizeof body, "name=%s", a->name ? a->name : "Jo+Bloggs");
	expect_next(answer(f, "your-name", body), "contact");
	expect_next(answer(f, "contact", "email=jo%40example.com&pref=email&avoid=Not+Mondays"),
	            "language");
	expect_next(answer(f, "language", a->welsh ? "corr=cy" : "corr=en"), "access");
	expect_next(answer(f, "access", "need=large_print&need=bsl&acc=Mornings+are+best"),
	            "check");
}

/* A parent's conference complaint, all the way to "Check your answers". */
static void fill(struct form *f, const struct answers *a)
{
	start(f, false);
	expect_next(answer(f, "risk", a->at_risk ? "risk=yes" : "risk=no"),
	            a->at_risk ? "help-now" : "who");
	if (a->at_risk)
		expect_next(answer(f, "help-now", ""), "who");
	expect_next(answer(f, "who", "rel=parent"), "child");
	expect_next(answer(f, "child", "cn=Sam&age=7&la=no&edu=yes"), "concern");
	fill_from_concern(f, a);
}

/* Send it; returns the confirmation path. */
static const char *send_ok(struct form *f)
{
	struct resp *r = answer(f, "check", "agree=yes&sign=Jo+Bloggs");
	assert_int_equal(r->status, 303);
	const char *loc = header(r, "Location");
	assert_non_null(loc);
	assert_non_null(strstr(loc, "/complain/sent/CP-2027-"));
	static char out[256];
	snprintf(out, sizeof out, "%s", loc);
	return out;
}

/* "/track/REF/SECRET" from the confirmation page. */
static void tracking_path(const char *sent, char *out, size_t size)
{
	snprintf(out, size, "/track/%s", sent + strlen("/complain/sent/"));
}

/* ---- Tests ------------------------------------------------------------------ */

static void full_submission_makes_one_agreed_case(void **state)
{
	(void)state;
	int64_t before = count("SELECT COUNT(*) FROM cases");
	struct form f;
	fill(&f, &(struct answers){0});
	struct resp *r = get("/complain/check?t=x");
	assert_int_equal(r->status, 403); /* a damaged token is refused */
	char path[256];
	snprintf(path, sizeof path, "/complain/check?t=%s", f.token);
	r = get(path);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "I agree this is an accurate record of my complaint"));
	assert_non_null(strstr(r->body, "The category is wrong."));
	assert_non_null(strstr(r->body, "ret=check")); /* change links */
	const char *sent = send_ok(&f);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), before + 1);
	assert_int_equal(count("SELECT COUNT(*) FROM cases WHERE channel = 'web'"
	                       " AND signature = 'Jo Bloggs'"
	                       " AND written_record_agreed_on = '2027-01-13'"
	                       " AND language = 'en' AND safeguarding_alert = 0"
	                       " AND id = (SELECT MAX(id) FROM cases)"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM complainants WHERE name = 'Jo Bloggs'"
	                       " AND email = 'jo@example.com' AND contact_preference = 'email'"
	                       " AND accessibility_needs LIKE 'Large print; British Sign%'"
	                       " AND case_id = (SELECT MAX(id) FROM cases)"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM events WHERE kind = 'written_record.agreed'"
	                       " AND case_id = (SELECT MAX(id) FROM cases)"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM case_tracking"
	                       " WHERE case_id = (SELECT MAX(id) FROM cases)"), 1);
	/* The secret is not stored in the clear anywhere. */
	const char *secret = strrchr(sent, '/') + 1;
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM case_tracking WHERE secret_hash = '%s'",
	         secret);
	assert_int_equal(count(sql), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM complaint_drafts WHERE data <> ''"
	                       " AND case_id IS NOT NULL"), 0);
	r = get(sent);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Complaint sent"));
	assert_non_null(strstr(r->body, "CP-2027-"));
}

static void missing_agreement_or_signature_stores_nothing(void **state)
{
	(void)state;
	struct form f;
	fill(&f, &(struct answers){0});
	int64_t cases = count("SELECT COUNT(*) FROM cases");
	struct resp *r = answer(&f, "check", "sign=Jo+Bloggs");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "govuk-error-summary"));
	assert_non_null(strstr(r->body, "href=\"#agree\""));
	r = answer(&f, "check", "agree=yes&sign=+++");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#sign\""));
	assert_non_null(strstr(r->body, "Type your full name to sign your complaint"));
	r = answer(&f, "check", "");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#agree\""));
	assert_non_null(strstr(r->body, "href=\"#sign\""));
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases);
	/* Fixed, it goes. */
	send_ok(&f);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases + 1);
}

static void bad_dates_and_long_text_refused(void **state)
{
	(void)state;
	struct form f;
	start(&f, false);
	expect_next(answer(&f, "risk", "risk=no"), "who");
	expect_next(answer(&f, "who", "rel=parent"), "child");
	expect_next(answer(&f, "child", "la=no&edu=no"), "concern");
	expect_next(answer(&f, "concern", "c1k=conf_process"), "dates");
	static const char *const bad[][2] = {
	    {"c1h-day=30&c1h-month=2&c1h-year=2026", "The date must be a real date"},
	    {"c1h-day=1&c1h-month=13&c1h-year=2026", "The date must be a real date"},
	    {"c1h-day=1&c1h-month=2&c1h-year=2031", "The date must be today or in the past"},
	    {"c1h-day=1&c1h-month=2&c1h-year=26", "4-digit year"},
	    {"c1h-day=1&c1h-month=&c1h-year=2026", "The date must include a month"},
	    {"c1h-day=x&c1h-month=2&c1h-year=2026", "as numbers"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char body[512];
		snprintf(body, sizeof body, "c1d=Something&%s", bad[i][0]);
		struct resp *r = answer(&f, "dates", body);
		assert_int_equal(r->status, 400);
		assert_non_null(strstr(r->body, "href=\"#c1h\""));
		if (strstr(r->body, bad[i][1]) == NULL)
			fprintf(stderr, "missing %s\n", bad[i][1]);
		assert_non_null(strstr(r->body, bad[i][1]));
	}
	/* The minutes cannot come before the conference. */
	struct resp *r = answer(&f, "dates", "c1d=x&c1h-day=10&c1h-month=1&c1h-year=2027"
	                                     "&c1m-day=9&c1m-month=1&c1m-year=2027");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#c1m\""));
	/* What happened is required and capped. */
	r = answer(&f, "dates", "c1d=");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#c1d\""));
	static char longtext[6000 * 3 + 64];
	strcpy(longtext, "c1d=");
	for (int i = 0; i < 5001; i++)
		strcat(longtext, "a");
	r = answer(&f, "dates", longtext);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "5,000 characters or fewer"));
	/* A name over 200 characters is refused too. */
	expect_next(answer(&f, "dates", "c1d=ok"), "another");
	expect_next(answer(&f, "another", "more=no"), "court");
	expect_next(answer(&f, "court", "court=none"), "conference");
	expect_next(answer(&f, "conference", "conf=none"), "someone-else");
	expect_next(answer(&f, "someone-else", "rep=yes&repfor=My+sister"), "your-name");
	char name[300] = "name=";
	for (int i = 0; i < 201; i++)
		strcat(name, "n");
	r = answer(&f, "your-name", name);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "200 characters or fewer"));
	r = answer(&f, "contact", "email=not-an-email&pref=email");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#email\""));
	r = answer(&f, "contact", "pref=post");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#addr\""));
}

static void forged_expired_and_cross_site_refused(void **state)
{
	(void)state;
	struct form f;
	fill(&f, &(struct answers){0});
	int64_t cases = count("SELECT COUNT(*) FROM cases");
	/* Forged: one character of the signature changed. */
	struct form forged = f;
	size_t n = strlen(forged.token);
	forged.token[n - 2] = forged.token[n - 2] == 'A' ? 'B' : 'A';
	struct resp *r = answer(&forged, "check", "agree=yes&sign=Jo");
	assert_int_equal(r->status, 403);
	/* Made up from nothing. */
	struct form made = {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	assert_int_equal(answer(&made, "check", "agree=yes&sign=Jo")->status, 403);
	/* From another site, even with a good token. */
	char body[256];
	snprintf(body, sizeof body, "t=%s&agree=yes&sign=Jo", f.token);
	r = http("POST", "/complain/check", body, "https://evil.example");
	assert_int_equal(r->status, 403);
	assert_int_equal(http("POST", "/complain/start", "go=1",
	                      "https://evil.example")->status, 403);
	/* Seven hours later the form has expired. */
	atomic_store(&E.clock_offset, 7 * 3600);
	r = answer(&f, "check", "agree=yes&sign=Jo");
	atomic_store(&E.clock_offset, 0);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "Your form has timed out"));
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases);
	/* Still within its time it goes, once. */
	send_ok(&f);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases + 1);
}

static void same_token_twice_makes_nothing_new(void **state)
{
	(void)state;
	struct form f;
	fill(&f, &(struct answers){0});
	int64_t cases = count("SELECT COUNT(*) FROM cases");
	const char *sent = send_ok(&f);
	char sent_copy[256];
	snprintf(sent_copy, sizeof sent_copy, "%s", sent);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases + 1);
	/* Sent again (Back, then the button again): nothing new. */
	struct resp *r = answer(&f, "check", "agree=yes&sign=Jo+Bloggs");
	assert_int_equal(r->status, 409);
	assert_non_null(strstr(r->body, "This complaint has already been sent"));
	assert_non_null(strstr(r->body, "CP-2027-"));
	/* Changing an answer after sending changes nothing either. */
	assert_int_equal(answer(&f, "your-name", "name=Someone+Else")->status, 409);
	/* Refreshing the confirmation page shows it again, nothing new. */
	assert_int_equal(get(sent_copy)->status, 200);
	assert_int_equal(get(sent_copy)->status, 200);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases + 1);
	assert_int_equal(count("SELECT COUNT(*) FROM complainants WHERE name = 'Someone Else'"), 0);
}

static void script_in_name_stored_and_shown_escaped(void **state)
{
	(void)state;
	struct form f;
	char name[256];
	enc(name, sizeof name, "<script>alert(\"x\")</script> O'Neil");
	fill(&f, &(struct answers){.name = name});
	char path[256];
	snprintf(path, sizeof path, "/complain/check?t=%s", f.token);
	struct resp *r = get(path);
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "<script>alert"));
	assert_non_null(strstr(r->body, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Neil"));
	struct resp *s = answer(&f, "check", "agree=yes&sign=%3Cb%3EJo%3C%2Fb%3E");
	assert_int_equal(s->status, 303);
	assert_int_equal(count("SELECT COUNT(*) FROM complainants"
	                       " WHERE name = '<script>alert(\"x\")</script> O''Neil'"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM cases WHERE signature = '<b>Jo</b>'"), 1);
}

static void tracking_link_works_and_wrong_secret_is_404(void **state)
{
	(void)state;
	struct form f;
	fill(&f, &(struct answers){0});
	const char *sent = send_ok(&f);
	char track[256];
	tracking_path(sent, track, sizeof track);
	struct resp *r = get(track);
	assert_int_equal(r->status, 200);
	assert_string_equal(header(r, "Cache-Control"), "no-store");
	assert_string_equal(header(r, "Referrer-Policy"), "no-referrer");
	assert_non_null(strstr(r->body, "Follow your complaint"));
	assert_non_null(strstr(r->body, "The chair of the child protection conference is looking at this part"));
	assert_non_null(strstr(r->body, "What happens next"));
	assert_non_null(strstr(r->body, "January 2027"));
	/* Never the complainant's details, the timeline or staff notes. */
	assert_null(strstr(r->body, "jo@example.com"));
	assert_null(strstr(r->body, "Jo Bloggs"));
	assert_null(strstr(r->body, "The category is wrong."));
	/* A wrong secret and an unknown reference look the same. */
	char wrong[256];
	snprintf(wrong, sizeof wrong, "%s", track);
	size_t n = strlen(wrong);
	wrong[n - 1] = wrong[n - 1] == 'A' ? 'B' : 'A';
	struct resp *w = get(wrong);
	assert_int_equal(w->status, 404);
	static char wbody[sizeof w->body];
	memcpy(wbody, w->body, sizeof wbody);
	char unknown[256];
	snprintf(unknown, sizeof unknown, "/track/CP-2027-99999/%s", strrchr(track, '/') + 1);
	struct resp *u = get(unknown);
	assert_int_equal(u->status, 404);
	assert_string_equal(u->body, wbody);
	assert_int_equal(get("/track/CP-2027-00001/short")->status, 404);
	assert_int_equal(get("/complain/sent/CP-2027-00001/short")->status, 404);
}

static void at_risk_shows_help_at_once_and_raises_alert(void **state)
{
	(void)state;
	struct form f;
	start(&f, false);
	struct resp *r = answer(&f, "risk", "risk=yes");
	expect_next(r, "help-now");
	char path[256];
	snprintf(path, sizeof path, "%s", header(r, "Location"));
	r = get(path);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "href=\"tel:999\""));
	assert_non_null(strstr(r->body, "Children&#39;s services duty team"));
	/* The 999 line comes before any question. */
	assert_true(strstr(r->body, "999") < strstr(r->body, "govuk-button"));
	struct form g;
	fill(&g, &(struct answers){.at_risk = true});
	send_ok(&g);
	assert_int_equal(count("SELECT safeguarding_alert FROM cases"
	                       " WHERE id = (SELECT MAX(id) FROM cases)"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM events WHERE kind = 'safeguarding_alert'"
	                       " AND case_id = (SELECT MAX(id) FROM cases)"), 1);
}

static void welsh_complaint_tracked_in_welsh(void **state)
{
	(void)state;
	struct form f;
	fill(&f, &(struct answers){.welsh = true});
	const char *sent = send_ok(&f);
	assert_int_equal(count("SELECT COUNT(*) FROM cases WHERE language = 'cy'"
	                       " AND id = (SELECT MAX(id) FROM cases)"), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM complainants WHERE language = 'cy'"
	                       " AND case_id = (SELECT MAX(id) FROM cases)"), 1);
	char track[256];
	tracking_path(sent, track, sizeof track);
	struct resp *r = get(track);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "<html lang=\"cy\""));
	assert_non_null(strstr(r->body, "Dilyn eich cwyn"));
	assert_non_null(strstr(r->body, "Cadeirydd y Gynhadledd"));
}

static void young_people_form_offers_advocacy(void **state)
{
	(void)state;
	struct resp *r = get("/young-people/complain");
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Advocacy for children and young people"));
	assert_non_null(strstr(r->body, "Children&#39;s Rights Officer"));
	struct form f;
	start(&f, true);
	/* No "who are you" for a young person: it is their own complaint. */
	expect_next(answer(&f, "risk", "risk=no"), "child");
}

/* The Location of a 303, copied (the response slots are reused). */
static const char *location(struct resp *r)
{
	static char out[1024];
	const char *loc = header(r, "Location");
	assert_non_null(loc);
	snprintf(out, sizeof out, "%s", loc);
	return out;
}

/* "Check your answers" of form f, as it is now. */
static struct resp *check_page(struct form *f)
{
	char path[256];
	snprintf(path, sizeof path, "/complain/check?t=%s", f->token);
	struct resp *r = get(path);
	assert_int_equal(r->status, 200);
	return r;
}

static void three_children_reach_the_case_and_the_triage(void **state)
{
	(void)state;
	int64_t cases = count("SELECT COUNT(*) FROM cases");
	struct form f;
	start(&f, false);
	expect_next(answer(&f, "risk", "risk=no"), "who");
	expect_next(answer(&f, "who", "rel=parent"), "child");
	/* One child page has a single child: no caption, no remove button. */
	char path[512];
	snprintf(path, sizeof path, "/complain/child?t=%s", f.token);
	struct resp *r = get(path);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "id=\"add-child\""));
	assert_null(strstr(r->body, "Remove child"));
	/* Continue comes first, so Enter in a field means Continue. */
	assert_true(strstr(r->body, ">Continue</button>") <
	            strstr(r->body, "Add another child"));
	/* Only Continue is a <button>: the others are named submit inputs. */
	assert_non_null(strstr(r->body, "<input type=\"submit\" name=\"add-child\""));
	/* An older brother, never in care, out of education. */
	r = answer(&f, "child", "cn=Alex&age=23&la=no&edu=no&add-child=Add+another+child");
	expect_next(r, "child");
	const char *loc = location(r);
	assert_non_null(strstr(loc, "&i=1"));
	r = get(loc);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Child 2"));
	assert_non_null(strstr(r->body, "id=\"age2\""));
	assert_non_null(strstr(r->body, "name=\"la2\""));
	assert_non_null(strstr(r->body, "name=\"cn2\""));
	assert_non_null(strstr(r->body, "Remove child 2"));
	/* Child 2 is over every age limit; child 3 is 20 and has been in care. */
	r = answer(&f, "child", "i=1&cn2=Bea&age2=27&la2=no&edu2=yes&add-child=Add+another+child");
	expect_next(r, "child");
	assert_non_null(strstr(location(r), "&i=2"));
	expect_next(answer(&f, "child", "i=2&cn3=Cai&age3=20&la3=yes&edu3=no"), "concern");
	fill_from_concern(&f, &(struct answers){0});
	r = check_page(&f);
	assert_non_null(strstr(r->body, "The children"));
	assert_non_null(strstr(r->body, "Child 1"));
	assert_non_null(strstr(r->body, "Child 3"));
	assert_null(strstr(r->body, "Child 4"));
	assert_non_null(strstr(r->body, "Alex"));
	assert_non_null(strstr(r->body, "Bea"));
	assert_non_null(strstr(r->body, "Cai"));
	assert_non_null(strstr(r->body, "&amp;i=2&amp;ret=check")); /* child 3's Change */
	assert_non_null(strstr(r->body, "Change<span class=\"govuk-visually-hidden\"> The child&#39;s age, Child 3"));
	send_ok(&f);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases + 1);
	assert_int_equal(count("SELECT COUNT(*) FROM children"
	                       " WHERE case_id = (SELECT MAX(id) FROM cases)"), 3);
	assert_int_equal(count("SELECT COUNT(*) FROM children"
	                       " WHERE case_id = (SELECT MAX(id) FROM cases)"
	                       " AND ((label = 'Alex' AND age = 23 AND looked_after = 0)"
	                       " OR (label = 'Bea' AND age = 27 AND in_education = 1)"
	                       " OR (label = 'Cai' AND age = 20 AND looked_after = 1))"), 3);
	/* Only the third child brings the Commissioner in: under 21 and in care. */
	assert_int_equal(count("SELECT COUNT(*) FROM cases WHERE id = (SELECT MAX(id) FROM cases)"
	                       " AND decision_json LIKE '%SIGN-CCFW-U21-LOOKED-AFTER%'"
	                       " AND facts_json LIKE '%\"label\":\"Cai\"%'"), 1);
}

static void seventh_child_refused_children_changed_and_removed(void **state)
{
	(void)state;
	struct form f;
	start(&f, false);
	expect_next(answer(&f, "risk", "risk=no"), "who");
	expect_next(answer(&f, "who", "rel=parent"), "child");
	char body[512];
	for (int k = 1; k <= 5; k++) {
		if (k == 1)
			snprintf(body, sizeof body, "cn=Kid1&age=1&la=no&edu=no&add-child=Add+another+child");
		else
			snprintf(body, sizeof body, "i=%d&cn%d=Kid%d&age%d=%d&la%d=no&edu%d=no"
			         "&add-child=Add+another+child", k - 1, k, k, k, k, k, k);
		struct resp *r = answer(&f, "child", body);
		expect_next(r, "child");
		char want[16];
		snprintf(want, sizeof want, "&i=%d", k);
		assert_non_null(strstr(location(r), want));
	}
	/* The sixth child is the last one: a seventh is refused, clearly. */
	struct resp *r = answer(&f, "child", "i=5&cn6=Kid6&age6=6&la6=no&edu6=no&add-child=Add+another+child");
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#add-child\""));
	assert_non_null(strstr(r->body, "You can tell us about up to 6 children"));
	assert_non_null(strstr(r->body, "Child 6"));
	/* An address asking for a seventh child gets the sixth. */
	char path[512];
	snprintf(path, sizeof path, "/complain/child?t=%s&i=6", f.token);
	r = get(path);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Child 6"));
	assert_null(strstr(r->body, "Child 7"));
	snprintf(path, sizeof path, "/complain/child?t=%s&i=007", f.token);
	assert_int_equal(get(path)->status, 200);
	expect_next(answer(&f, "child", "i=5&cn6=Kid6&age6=6&la6=no&edu6=no"), "concern");
	fill_from_concern(&f, &(struct answers){0});
	r = check_page(&f);
	assert_non_null(strstr(r->body, "Kid6"));
	assert_null(strstr(r->body, "Child 7"));

	/* Removing child 2 (from its Change link): the others move up. */
	r = answer(&f, "child", "i=1&ret=check&remove-child=Remove");
	expect_next(r, "child");
	assert_non_null(strstr(location(r), "ret=check"));
	r = check_page(&f);
	assert_null(strstr(r->body, "Kid2"));
	assert_non_null(strstr(r->body, "Child 5"));
	assert_null(strstr(r->body, "Child 6"));
	/* Changing the new child 2 (was Kid3) goes back to the summary. */
	expect_next(answer(&f, "child", "i=1&ret=check&cn2=Kid3b&age2=9&la2=yes&edu2=yes"),
	            "check");
	/* Bad answers about a child are refused, each naming its field, and
	 * change nothing. */
	static const char *const bad[][2] = {
	    {"i=1&cn2=X&age2=45&la2=no&edu2=no", "href=\"#age2\""},
	    {"i=1&cn2=X&age2=-1&la2=no&edu2=no", "href=\"#age2\""},
	    {"i=1&cn2=X&age2=7x&la2=no&edu2=no", "href=\"#age2\""},
	    {"i=1&cn2=X&age2=7&la2=maybe&edu2=no", "href=\"#la2\""},
	    {"i=1&cn2=X&age2=7&la2=no", "href=\"#edu2\""},
	    {"i=1&cn2=X&age2=7&la2=no&edu2=no&add-child=1&remove-child=1",
	     "The form could not be understood"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = answer(&f, "child", bad[i][0]);
		assert_int_equal(r->status, 400);
		if (strstr(r->body, bad[i][1]) == NULL)
			fprintf(stderr, "missing %s for %s\n", bad[i][1], bad[i][0]);
		assert_non_null(strstr(r->body, bad[i][1]));
	}
	/* Invalid UTF-8 in a name is refused before anything is read. */
	r = answer(&f, "child", "i=1&cn2=%FF%FE&age2=7&la2=no&edu2=no");
	assert_int_equal(r->status, 400);
	r = check_page(&f);
	assert_non_null(strstr(r->body, "Kid3b"));
	assert_null(strstr(r->body, ">X<"));
	int64_t cases = count("SELECT COUNT(*) FROM cases");
	send_ok(&f);
	assert_int_equal(count("SELECT COUNT(*) FROM cases"), cases + 1);
	assert_int_equal(count("SELECT COUNT(*) FROM children"
	                       " WHERE case_id = (SELECT MAX(id) FROM cases)"), 5);
	assert_int_equal(count("SELECT COUNT(*) FROM children"
	                       " WHERE case_id = (SELECT MAX(id) FROM cases)"
	                       " AND label IN ('Kid1', 'Kid3b', 'Kid4', 'Kid5', 'Kid6')"), 5);
	assert_int_equal(count("SELECT COUNT(*) FROM children"
	                       " WHERE case_id = (SELECT MAX(id) FROM cases)"
	                       " AND label = 'Kid3b' AND age = 9 AND looked_after = 1"), 1);
}

static void young_person_form_is_about_one_child(void **state)
{
	(void)state;
	struct form f;
	start(&f, true);
	expect_next(answer(&f, "risk", "risk=no"), "child");
	char path[256];
	snprintf(path, sizeof path, "/complain/child?t=%s", f.token);
	struct resp *r = get(path);
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "add-child"));
	r = answer(&f, "child", "age=14&la=no&edu=yes&add-child=Add+another+child");
	assert_int_equal(r->status, 400);
	expect_next(answer(&f, "child", "age=14&la=no&edu=yes"), "concern");
}

static void checker_asks_about_each_child(void **state)
{
	(void)state;
	struct resp *r = http("POST", "/check/child",
	                      "risk=no&rel=parent&age=23&la=no&edu=no&add-child=Add+another+child", NULL);
	assert_int_equal(r->status, 303);
	const char *loc = location(r);
	assert_non_null(strstr(loc, "/check/child?"));
	assert_non_null(strstr(loc, "nk=2"));
	assert_non_null(strstr(loc, "j=1"));
	r = get(loc);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Child 2"));
	assert_non_null(strstr(r->body, "name=\"age2\""));
	/* In Welsh, with the glossary's plentyn / plant. */
	char cy[1100];
	snprintf(cy, sizeof cy, "%s&lang=cy", loc);
	r = get(cy);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Plentyn 2"));
	assert_non_null(strstr(r->body, "value=\"Ychwanegu plentyn arall\""));
	assert_non_null(strstr(r->body, "value=\"Tynnu plentyn 2\""));
	assert_non_null(strstr(r->body, "hyd at 6 o blant"));
	r = http("POST", "/check/child", "risk=no&rel=parent&age=23&la=no&edu=no&nk=2&j=1"
	         "&age2=x&la2=yes&edu2=no", NULL);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "href=\"#age2\""));
	r = http("POST", "/check/child", "risk=no&rel=parent&age=23&la=no&edu=no&nk=2&j=1"
	         "&age2=20&la2=yes&edu2=no", NULL);
	assert_int_equal(r->status, 303);
	loc = location(r);
	assert_non_null(strstr(loc, "/check/concern?"));
	assert_non_null(strstr(loc, "age2=20"));
	/* The result reflects the second child; with only the first, no
	 * Commissioner (23, never in care). */
	static const char *const q = "/check/result?risk=no&rel=parent&age=23&la=no&edu=no"
	    "&n=1&c1k=plan&c1a=council&court=none&cst=none";
	char both[512];
	snprintf(both, sizeof both, "%s&nk=2&age2=20&la2=yes&edu2=no", q);
	r = get(both);
	assert_int_equal(r->status, 200);
	assert_non_null(strstr(r->body, "Commissioner for Wales"));
	r = get(q);
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "Commissioner for Wales"));
	/* A seventh child is refused in the checker too. */
	r = http("POST", "/check/child", "risk=no&rel=parent&la=no&edu=no&nk=6&j=5"
	         "&la6=no&edu6=no&add-child=Add+another+child", NULL);
	assert_int_equal(r->status, 400);
	assert_non_null(strstr(r->body, "You can tell us about up to 6 children"));
}

static void tracking_lookups_are_limited(void **state)
{
	(void)state;
	long last = 0;
	int refused_at = -1;
	for (int i = 0; i < 40 && refused_at < 0; i++) {
		last = get("/track/CP-2027-00001/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")->status;
		if (last == 429)
			refused_at = i;
	}
	assert_int_equal(last, 429);
	assert_true(refused_at > 0 && refused_at <= 30);
	/* Eleven minutes later the address may look again. */
	atomic_store(&E.clock_offset, 660);
	last = get("/track/CP-2027-00001/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")->status;
	atomic_store(&E.clock_offset, 0);
	assert_int_equal(last, 404);
}

/* ---- Staff, through the app use cases -------------------------------------- */

static void make_user(const char *username, const char *display, const char *role)
{
	struct cwyn_error err = {0};
	struct store_user u = {.authority_id = E.authority_id, .username = username,
	                       .display_name = display, .role = role};
	enum cwyn_code rc = store_user_create(E.db, &u, &err);
	assert_true(rc == CWYN_OK || rc == CWYN_ECONFLICT);
}

/* One step on matter 1, by `username`, today, with a staff note. */
static void advance(const char *username, const char *reference,
                    enum stage_action action, enum outcome outcome)
{
	struct cwyn_error err = {0};
	struct app_ctx ctx = {.db = E.db, .policy = E.policy, .cal = E.cal,
	                      .today = test_today(NULL)};
	assert_int_equal(app_actor_for_user(E.db, E.authority_id, username,
	                                    &ctx.actor, &err), CWYN_OK);
	struct app_advance in = {
	    .reference = reference,
	    .matter_seq = 1,
	    .action = action,
	    .outcome = outcome,
	    .investigator_independent = true,
	    .on = CWYN_DAY_NONE,
	    .note = "STAFF-ONLY note: spoke to the team manager",
	};
	struct app_case_ref out;
	enum cwyn_code rc = app_advance(&ctx, &in, &out, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "advance %s: %s: %s\n", stage_action_name(action),
		        err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
}

/* ---- Filling the form ---------------------------------------------------- */

/* Post one page and insist it moves on (303). */
static void step(struct form *f, const char *page, const char *fields)
{
	struct resp *r = answer(f, page, fields);
	if (r->status != 303)
		fprintf(stderr, "%s: expected 303, got %ld: %.600s\n", page,
		        r->status, r->body);
	assert_int_equal(r->status, 303);
}

static void contact_pages(struct form *f, bool welsh)
{
	step(f, "someone-else", "rep=no");
	step(f, "your-name", "name=Jo+Bloggs");
	step(f, "contact", "email=jo%40example.com&pref=email");
	step(f, "language", welsh ? "corr=cy" : "corr=en");
	step(f, "access", "");
}

/* A conference complaint (the registration category), minutes sent
 * 8 January 2027; young: through /young-people/complain. */
static void conference_complaint(struct form *f, bool young, bool welsh)
{
	start(f, young);
	step(f, "risk", "risk=no");
	if (!young) {
		step(f, "who", "rel=parent");
		step(f, "child", "cn=Sam&age=7&la=no&edu=yes");
	} else {
		step(f, "child", "age=14&la=no&edu=yes");
	}
	step(f, "concern", "c1k=conf_category");
	step(f, "dates", "c1d=The+category+is+wrong.&c1h-day=4&c1h-month=1"
	                 "&c1h-year=2027&c1m-day=8&c1m-month=1&c1m-year=2027");
	step(f, "another", "more=no");
	step(f, "court", "court=none");
	step(f, "conference", "conf=none");
	contact_pages(f, welsh);
}

/* A council complaint: nobody acted when told a child was at risk. */
static void council_complaint(struct form *f, bool welsh)
{
	start(f, false);
	step(f, "risk", "risk=no");
	step(f, "who", "rel=parent");
	step(f, "child", "cn=Sam&age=7&la=no&edu=yes");
	step(f, "concern", "c1k=no_action");
	step(f, "agency", "c1a=council");
	step(f, "dates", "c1d=Nobody+acted+when+I+reported+it.");
	step(f, "another", "more=no");
	step(f, "court", "court=none");
	step(f, "progress", "cst=none");
	contact_pages(f, welsh);
}

struct sent {
	char reference[32];
	char track[256];
};

static void send_complaint(struct form *f, struct sent *s)
{
	const char *loc = send_ok(f);
	const char *ref = loc + strlen("/complain/sent/");
	const char *slash = strchr(ref, '/');
	assert_non_null(slash);
	snprintf(s->reference, sizeof s->reference, "%.*s", (int)(slash - ref), ref);
	tracking_path(loc, s->track, sizeof s->track);
}

/* The tracking page in `lang` ("en" / "cy"), copied out (the response
 * slots are reused). */
static const char *track(const struct sent *s, const char *lang)
{
	static char pages[2][sizeof ((struct resp *)0)->body];
	static int next;
	char path[320];
	snprintf(path, sizeof path, "%s?lang=%s", s->track, lang);
	struct resp *r = get(path);
	assert_int_equal(r->status, 200);
	char *out = pages[next++ % 2];
	memcpy(out, r->body, r->len + 1);
	return out;
}

static void has(const char *page, const char *want)
{
	if (strstr(page, want) == NULL)
		fprintf(stderr, "missing \"%s\" in:\n%s\n", want, page);
	assert_non_null(strstr(page, want));
}

static void lacks(const char *page, const char *unwanted)
{
	if (strstr(page, unwanted) != NULL)
		fprintf(stderr, "unexpected \"%s\" in:\n%s\n", unwanted, page);
	assert_null(strstr(page, unwanted));
}

/* Nothing of staff's on any tracking page; Welsh dates mutated right. */
static void nothing_staff_only(const char *page)
{
	lacks(page, "STAFF-ONLY");
	lacks(page, "Cadi Secretname");
	lacks(page, "Dai Secretname");
	lacks(page, "cadi");
	lacks(page, "jo@example.com");
	lacks(page, "ar Dydd");
	lacks(page, "erbyn Dydd");
}

/* ---- Tests ------------------------------------------------------------------ */

static void welsh_dates_inside_sentences(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	cwyn_day tue = date_from_ymd(2027, 1, 12);
	assert_string_equal(gv_long_date(&a, LANG_CY, tue), "Dydd Mawrth 12 Ionawr 2027");
	assert_string_equal(gv_long_date_inline(&a, LANG_CY, tue), "dydd Mawrth 12 Ionawr 2027");
	assert_string_equal(gv_long_date_on(&a, LANG_CY, tue), "ddydd Mawrth 12 Ionawr 2027");
	assert_string_equal(gv_long_date_on(&a, LANG_CY, date_from_ymd(2027, 1, 17)),
	                    "ddydd Sul 17 Ionawr 2027");
	/* English is the same date wherever it stands. */
	assert_string_equal(gv_long_date(&a, LANG_EN, tue), "Tuesday 12 January 2027");
	assert_string_equal(gv_long_date_inline(&a, LANG_EN, tue), "Tuesday 12 January 2027");
	assert_string_equal(gv_long_date_on(&a, LANG_EN, tue), "Tuesday 12 January 2027");
	assert_string_equal(gv_long_date_on(&a, LANG_CY, CWYN_DAY_NONE), "-");
	arena_free(&a);
}

static void chair_resolution_shown_before_the_case_is_closed(void **state)
{
	(void)state;
	make_user("cadi", "Cadi Secretname", "conference_chair");
	struct form f;
	struct sent s;
	conference_complaint(&f, false, false);
	send_complaint(&f, &s);
	const char *en = track(&s, "en");
	has(en, "Open: we are dealing with it");
	has(en, "The conference chair (child protection conference)");
	has(en, "The chair of the child protection conference is looking at this part");
	has(en, "Next time limit");
	has(en, "Wait for the chair");
	const char *cy = track(&s, "cy");
	has(cy, "Cadeirydd y Gynhadledd");
	has(cy, "erbyn dydd ");
	nothing_staff_only(cy);

	advance("cadi", s.reference, ACT_NOTIFY_SENIOR_MANAGER, OUTCOME_NONE);
	en = track(&s, "en");
	has(en, "The chair of the child protection conference is looking at this part");
	advance("cadi", s.reference, ACT_CHAIR_RESOLVE, OUTCOME_RESOLVED);

	/* Right after the chair's resolution; nobody has closed the case. */
	assert_int_equal(count("SELECT COUNT(*) FROM cases WHERE status = 'open'"
	                       " AND id = (SELECT MAX(id) FROM cases)"), 1);
	en = track(&s, "en");
	has(en, "The conference chair resolved this part of your complaint on "
	        "Wednesday 13 January 2027.");
	has(en, "Finished: waiting to be closed");
	lacks(en, "Open: we are dealing with it");
	lacks(en, "is looking at this part");
	lacks(en, "Wait for the chair");
	lacks(en, "Next time limit");
	has(en, "Safeguarding Board&#39;s panel");
	has(en, "cannot look at child protection conference decisions");
	nothing_staff_only(en);
	cy = track(&s, "cy");
	has(cy, "Datrysodd Cadeirydd y Gynhadledd y rhan hon o&#39;ch cwyn ar "
	        "ddydd Mercher 13 Ionawr 2027.");
	has(cy, "Wedi gorffen");
	has(cy, "fynd at banel y Bwrdd Diogelu");
	has(cy, "Ni all Ombwdsmon Gwasanaethau Cyhoeddus Cymru");
	lacks(cy, "yn edrych ar y rhan hon");
	nothing_staff_only(cy);
}

static void council_complaint_through_stage1_and_stage2(void **state)
{
	(void)state;
	make_user("dai", "Dai Secretname", "complaints_officer");
	struct form f;
	struct sent s;
	council_complaint(&f, true);
	send_complaint(&f, &s);
	/* The complainant chose Welsh: the page is in Welsh by itself. */
	struct resp *r = get(s.track);
	assert_int_equal(r->status, 200);
	has(r->body, "<html lang=\"cy\"");
	const char *cy = track(&s, "cy");
	has(cy, "Gweithdrefn gwynion y cyngor: Cam 1 (datrys yn lleol)");
	has(cy, "Cafodd y cyngor eich cwyn ar ddydd Mercher 13 Ionawr 2027.");
	has(cy, "Cydnabod y gŵyn: erbyn dydd ");
	has(cy, "Gam 2");
	nothing_staff_only(cy);
	const char *en = track(&s, "en");
	has(en, "The council received your complaint on Wednesday 13 January 2027.");
	has(en, "Acknowledge the complaint: by Friday 15 January 2027.");

	advance("dai", s.reference, ACT_ACKNOWLEDGE, OUTCOME_NONE);
	en = track(&s, "en");
	has(en, "Acknowledged.");
	lacks(en, "waiting to be acknowledged");
	has(en, "Stage 1: hold the discussion offered: by ");
	advance("dai", s.reference, ACT_RECORD_DISCUSSION, OUTCOME_NONE);
	advance("dai", s.reference, ACT_RESOLVE, OUTCOME_NONE);
	en = track(&s, "en");
	has(en, "Resolved on Wednesday 13 January 2027.");
	has(en, "you can ask the complaints officer for Stage 2");
	/* The written terms are still owed: that time limit shows. */
	has(en, "Stage 1: send the written terms of the resolution: by ");
	has(en, "Open: we are dealing with it");
	nothing_staff_only(en);
	cy = track(&s, "cy");
	has(cy, "Datryswyd ar ddydd Mercher 13 Ionawr 2027.");
	has(cy, "gallwch ofyn i&#39;r swyddog cwynion am Gam 2");
	nothing_staff_only(cy);

	/* Not happy: Stage 2, answered. */
	advance("dai", s.reference, ACT_REQUEST_STAGE2, OUTCOME_NONE);
	en = track(&s, "en");
	has(en, "The council&#39;s complaints procedure: Stage 2 (formal investigation)");
	has(en, "You asked for Stage 2 on Wednesday 13 January 2027.");
	lacks(en, "Resolved on");
	advance("dai", s.reference, ACT_ACKNOWLEDGE, OUTCOME_NONE);
	advance("dai", s.reference, ACT_APPOINT_INVESTIGATOR, OUTCOME_NONE);
	en = track(&s, "en");
	has(en, "an independent investigator is looking into your complaint");
	has(en, "Stage 2: response to the formal investigation: by ");
	advance("dai", s.reference, ACT_RECEIVE_REPORT, OUTCOME_NONE);
	advance("dai", s.reference, ACT_SEND_RESPONSE, OUTCOME_NONE);
	en = track(&s, "en");
	has(en, "The council sent you its response on Wednesday 13 January 2027.");
	has(en, "you can ask the Public Services Ombudsman for Wales to look at your complaint");
	has(en, "0300 790 0203"); /* the policy's Ombudsman contact */
	lacks(en, "Next time limit");
	lacks(en, "Being investigated");
	nothing_staff_only(en);
	cy = track(&s, "cy");
	has(cy, "Anfonodd y cyngor ei ymateb atoch ar ddydd Mercher 13 Ionawr 2027.");
	has(cy, "Ombwdsmon Gwasanaethau Cyhoeddus Cymru");
	nothing_staff_only(cy);
	advance("dai", s.reference, ACT_CLOSE, OUTCOME_PARTLY_UPHELD);
	en = track(&s, "en");
	has(en, "Stage 2 finished on Wednesday 13 January 2027. Outcome: partly upheld.");
	has(en, "Finished: waiting to be closed");
	cy = track(&s, "cy");
	has(cy, "Daeth Cam 2 i ben ar ddydd Mercher 13 Ionawr 2027. Canlyniad: cadarnhawyd yn rhannol.");
}

static void young_person_gets_plainer_words(void **state)
{
	(void)state;
	make_user("cadi", "Cadi Secretname", "conference_chair");
	struct form f;
	struct sent s;
	conference_complaint(&f, true, false);
	send_complaint(&f, &s);
	const char *en = track(&s, "en");
	has(en, "The person who ran the child protection meeting (the conference chair) is looking at your complaint.");
	has(en, "The conference chair: the person who ran the child protection meeting");
	advance("cadi", s.reference, ACT_NOTIFY_SENIOR_MANAGER, OUTCOME_NONE);
	advance("cadi", s.reference, ACT_CHAIR_RESOLVE, OUTCOME_RESOLVED);
	en = track(&s, "en");
	has(en, "The conference chair sorted this out on Wednesday 13 January 2027.");
	has(en, "If you feel it is not sorted out, tell the complaints team or the chair.");
	lacks(en, "is looking at your complaint");
	has(en, "Advocacy for children and young people");
	nothing_staff_only(en);
	const char *cy = track(&s, "cy");
	has(cy, "Datrysodd Cadeirydd y Gynhadledd hyn ar ddydd Mercher 13 Ionawr 2027.");
	nothing_staff_only(cy);
}

/* The checker's answers page: the same dates inside its sentences. */
static void checker_welsh_dates_inside_sentences(void **state)
{
	(void)state;
	static const char late[] =
	    "/check/result?risk=no&rel=parent&age=7&la=no&edu=yes&n=1"
	    "&c1k=conf_category&c1h=2026-12-11&c1m=2026-12-18&court=none&conf=none";
	static const char in_time[] =
	    "/check/result?risk=no&rel=parent&age=7&la=no&edu=yes&n=1"
	    "&c1k=conf_category&c1h=2027-01-04&c1m=2027-01-08&court=none&conf=none";
	char path[512];
	snprintf(path, sizeof path, "%s&lang=en", late);
	struct resp *r = get(path);
	assert_int_equal(r->status, 200);
	/* English as it always was. */
	has(r->body, "ended on Tuesday 12 January 2027 — 14 working days after "
	             "the minutes were sent on 18 December 2026");
	has(r->body, "These answers assume you complain today, Wednesday 13 January 2027.");
	snprintf(path, sizeof path, "%s&lang=cy", late);
	r = get(path);
	assert_int_equal(r->status, 200);
	has(r->body, "i ben ar ddydd Mawrth 12 Ionawr 2027 —");
	has(r->body, "yn cwyno heddiw, dydd Mercher 13 Ionawr 2027.");
	has(r->body, "Diwrnod 0 yw dydd ");
	lacks(r->body, "ar Dydd");
	lacks(r->body, "yw Dydd");
	snprintf(path, sizeof path, "%s&lang=cy", in_time);
	r = get(path);
	assert_int_equal(r->status, 200);
	has(r->body, "erbyn dydd Iau 28 Ionawr 2027 —");
	lacks(r->body, "erbyn Dydd");
	lacks(r->body, "ar Dydd");
}

int main(void)
{
	/* The checker's pages read "today" from CWYN_TODAY (pages_today);
	 * the same day as the app's clock above. */
	setenv("CWYN_TODAY", "2027-01-13", 1);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (i18n_init(NULL, NULL) != CWYN_OK) {
		fprintf(stderr, "the Welsh catalogue is missing (build po/)\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_submission_makes_one_agreed_case),
	    cmocka_unit_test(missing_agreement_or_signature_stores_nothing),
	    cmocka_unit_test(bad_dates_and_long_text_refused),
	    cmocka_unit_test(forged_expired_and_cross_site_refused),
	    cmocka_unit_test(same_token_twice_makes_nothing_new),
	    cmocka_unit_test(script_in_name_stored_and_shown_escaped),
	    cmocka_unit_test(tracking_link_works_and_wrong_secret_is_404),
	    cmocka_unit_test(at_risk_shows_help_at_once_and_raises_alert),
	    cmocka_unit_test(welsh_complaint_tracked_in_welsh),
	    cmocka_unit_test(young_people_form_offers_advocacy),
	    cmocka_unit_test(three_children_reach_the_case_and_the_triage),
	    cmocka_unit_test(seventh_child_refused_children_changed_and_removed),
	    cmocka_unit_test(young_person_form_is_about_one_child),
	    cmocka_unit_test(checker_asks_about_each_child),
	    cmocka_unit_test(tracking_lookups_are_limited),
	    cmocka_unit_test(welsh_dates_inside_sentences),
	    cmocka_unit_test(chair_resolution_shown_before_the_case_is_closed),
	    cmocka_unit_test(council_complaint_through_stage1_and_stage2),
	    cmocka_unit_test(young_person_gets_plainer_words),
	    cmocka_unit_test(checker_welsh_dates_inside_sentences),
	};
	int failed = cmocka_run_group_tests_name("public_form", tests, setup,
	                                         teardown);
	curl_global_cleanup();
	i18n_shutdown();
	return failed ? 1 : 0;
}
