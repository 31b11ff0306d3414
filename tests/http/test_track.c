/*
 * test_track.c — the complainant's tracking page as the case moves on,
 * over real loopback HTTP (libcurl as a browser without JavaScript; the
 * product's routes in-process on port 0, a temporary SQLite database).
 *
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
	snprintf(E.path, sizeof E.path, "/tmp/cwyn-test-track-XXXXXX");
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
	    cmocka_unit_test(welsh_dates_inside_sentences),
	    cmocka_unit_test(chair_resolution_shown_before_the_case_is_closed),
	    cmocka_unit_test(council_complaint_through_stage1_and_stage2),
	    cmocka_unit_test(young_person_gets_plainer_words),
	    cmocka_unit_test(checker_welsh_dates_inside_sentences),
	};
	int failed = cmocka_run_group_tests_name("track", tests, setup, teardown);
	curl_global_cleanup();
	i18n_shutdown();
	return failed ? 1 : 0;
}
