/*
 * test_api.c — the JSON API over real loopback HTTP, driven by libcurl.
 *
 * The product's routes run in-process on port 0 against a temporary
 * SQLite database, and again against PostgreSQL when CWYN_TEST_PG_URL is
 * set (a fresh schema, reached through the pool's own connections; under
 * CI a missing URL is a failure). The server gets a settable clock, so
 * session expiry is tested by moving time, not by sleeping.
 *
 * What is checked, as a client would notice it:
 *   - the authorisation matrix: every role (and anonymous, and an API
 *     token) against every endpoint, allowed (2xx) or refused
 *     (401/403/404) per the table below, which mirrors the roles of
 *     architecture.md and the x-roles notes in docs/openapi.yaml;
 *   - bad input to the case endpoints is refused with a 4xx body naming
 *     the field, and nothing is stored (rows and audit chain counted);
 *     injected SQL and script text are stored and returned as inert text;
 *   - sessions: fixation, rotation on login, idle and absolute expiry,
 *     logout, CSRF refusal;
 *   - optimistic concurrency (409), audited reads, a triage preview that
 *     stores nothing;
 *   - lessons learned given at closing (lessons_learned) are listed by
 *     the annual report; a wrong type, too long a text or invalid UTF-8
 *     is refused naming the field and stores nothing.
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

#include <jansson.h>

#include "app/accounts.h"
#include "app/policy_file.h"
#include "i18n/i18n.h"
#include "store/audit.h"
#include "store/store.h"
#include "web/api.h"
#include "web/db_pool.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/web_app.h"

#define PASSWORD "correct horse battery staple"
#define TODAY_Y 2026
#define TODAY_M 11
#define TODAY_D 27

/* ---- The server under test ------------------------------------------------ */

static const char *pg_url;
static unsigned pg_counter;

struct env {
	bool pg;
	char url[1024];
	char path[128];    /* SQLite file */
	char schema[64];   /* PostgreSQL schema */
	struct db *db;     /* the test's own connection, for counting */
	struct policy *policy;
	struct calendar *cal;
	struct web_app app;
	struct web_server *srv;
	char base[64];
	_Atomic int64_t clock_offset; /* seconds added to the real time */
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
	return date_from_ymd(TODAY_Y, TODAY_M, TODAY_D);
}

/* ---- HTTP client ---------------------------------------------------------- */

struct resp {
	CURLcode rc;
	long status;
	char body[262144];
	size_t len;
	char headers[8192];
	size_t hlen;
	json_t *json;
};

/* Who is asking: nothing, a session (cookie + CSRF token) or a token. */
struct who {
	char cookie[128];
	char csrf[128];
	char bearer[128];
	bool no_csrf;         /* leave the CSRF header off */
	const char *bad_csrf; /* send this instead */
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

static void resp_free(struct resp *r)
{
	json_decref(r->json);
	r->json = NULL;
}

static struct resp *call_raw(const char *method, const char *path,
                             const struct who *w, const char *body,
                             size_t blen, const char *ctype)
{
	static _Thread_local struct resp slots[4];
	static _Thread_local int next;
	struct resp *r = &slots[next++ % 4];
	resp_free(r);
	memset(r, 0, sizeof *r);
	CURL *c = curl_easy_init();
	char url[4096], h[512];
	struct curl_slist *hdrs = NULL;
	snprintf(url, sizeof url, "%s%s", E.base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (ctype != NULL) {
		snprintf(h, sizeof h, "Content-Type: %s", ctype);
		hdrs = curl_slist_append(hdrs, h);
	}
	bool unsafe = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
	if (w != NULL && w->cookie[0]) {
		snprintf(h, sizeof h, "Cookie: %s=%s", WEB_SESSION_COOKIE,
		         w->cookie);
		hdrs = curl_slist_append(hdrs, h);
		if (unsafe && !w->no_csrf) {
			snprintf(h, sizeof h, "X-CSRF-Token: %s",
			         w->bad_csrf ? w->bad_csrf : w->csrf);
			hdrs = curl_slist_append(hdrs, h);
		}
	}
	if (w != NULL && w->bearer[0]) {
		snprintf(h, sizeof h, "Authorization: Bearer %s", w->bearer);
		hdrs = curl_slist_append(hdrs, h);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
	}
	r->rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hdrs);
	r->json = json_loadb(r->body, r->len, 0, NULL);
	return r;
}

static struct resp *call(const char *method, const char *path,
                         const struct who *w, const char *body)
{
	return call_raw(method, path, w, body, body ? strlen(body) : 0,
	                body ? "application/json" : NULL);
}

static struct resp *callf(const char *method, const struct who *w,
                          const char *body, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static struct resp *callf(const char *method, const struct who *w,
                          const char *body, const char *fmt, ...)
{
	char path[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return call(method, path, w, body);
}

static const char *err_code(const struct resp *r)
{
	const char *s = json_string_value(json_object_get(
	    json_object_get(r->json, "error"), "code"));
	return s ? s : "";
}

static const char *err_field(const struct resp *r)
{
	const char *s = json_string_value(json_object_get(
	    json_object_get(r->json, "error"), "field"));
	return s ? s : "";
}

static json_int_t jint(const struct resp *r, const char *key)
{
	return json_integer_value(json_object_get(r->json, key));
}

static const char *jstr(const struct resp *r, const char *key)
{
	const char *s = json_string_value(json_object_get(r->json, key));
	return s ? s : "";
}

/* The response must have this status (r is evaluated once). */
#define EXPECT_STATUS(r, want) expect_status((r), (want), __LINE__)

static void expect_status(const struct resp *r, long want, int line)
{
	if (r->status != want)
		fprintf(stderr, "line %d: status %ld, body %s\n", line, r->status,
		        r->body);
	assert_int_equal(r->status, want);
}

/* ---- Counting what is stored ------------------------------------------------ */

static int64_t count(const char *table)
{
	char sql[128];
	int64_t n = -1;
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	assert_int_equal(db_query_int(E.db, sql, NULL, 0, &n, NULL), CWYN_OK);
	return n;
}

struct snapshot {
	int64_t cases, complainants, children, matters, stages, clocks,
	    extensions, events, audit;
};

static struct snapshot snap(void)
{
	return (struct snapshot){
	    count("cases"),  count("complainants"), count("children"),
	    count("matters"), count("stages"),      count("clocks"),
	    count("extensions"), count("events"), count("audit_log"),
	};
}

static void assert_same(const struct snapshot *a, const struct snapshot *b)
{
	assert_int_equal(a->cases, b->cases);
	assert_int_equal(a->complainants, b->complainants);
	assert_int_equal(a->children, b->children);
	assert_int_equal(a->matters, b->matters);
	assert_int_equal(a->stages, b->stages);
	assert_int_equal(a->clocks, b->clocks);
	assert_int_equal(a->extensions, b->extensions);
	assert_int_equal(a->events, b->events);
	assert_int_equal(a->audit, b->audit);
}

/* ---- People ---------------------------------------------------------------- */

enum role {
	R_OFFICER = 0,
	R_CHAIR,
	R_SENIOR,
	R_PANEL,
	R_INV_ASSIGNED, /* the investigator the test cases are assigned to */
	R_INV_OTHER,    /* an investigator with no case */
	R_AUDITOR,
	R_ADMIN,
	R_ANON,
	R_TOKEN,        /* the complaints officer's API token */
	R__MAX
};

static const char *const role_label[R__MAX] = {
	"complaints_officer", "conference_chair", "senior_manager",
	"panel_member", "investigator(assigned)", "investigator(other)",
	"auditor", "administrator", "anonymous", "api_token",
};

static const char *const usernames[R__MAX] = {
	"olwen", "carys", "sian", "pedr", "ifan", "iola", "aled", "admin",
	NULL, NULL,
};

static const char *const stored_role[R__MAX] = {
	"complaints_officer", "conference_chair", "senior_manager",
	"panel_member", "investigator", "investigator", "auditor",
	"administrator", NULL, NULL,
};

static struct who who[R__MAX];
static int64_t uid[R__MAX];
static int64_t auth_a, auth_b;
static struct who b_officer; /* another authority's complaints officer */

static int64_t make_authority(const char *code)
{
	struct store_authority a = {.code = code, .name_en = code,
	                            .name_cy = code, .policy_id = "wales-2014",
	                            .policy_version = 1};
	struct cwyn_error err = {0};
	assert_int_equal(store_authority_create(E.db, &a, &err), CWYN_OK);
	return a.id;
}

static int64_t make_user(struct accounts *acc, int64_t authority,
                         const char *name, const char *role)
{
	struct account_new in = {.authority_id = authority, .username = name,
	                         .role = role, .password = PASSWORD};
	struct cwyn_error err = {0};
	int64_t id = 0;
	if (account_create(acc, "test", &in, &id, &err) != CWYN_OK)
		fail_msg("account_create %s: %s: %s", name, err.field,
		         err.message);
	return id;
}

/* The session cookie a response set, or "" when none. */
static void set_cookie_value(const struct resp *r, char *out, size_t size)
{
	char v[512];
	out[0] = '\0';
	if (header(r, "Set-Cookie", v, sizeof v) == NULL)
		return;
	const char *p = strstr(v, WEB_SESSION_COOKIE "=");
	if (p == NULL)
		return;
	p += strlen(WEB_SESSION_COOKIE) + 1;
	snprintf(out, size, "%.*s", (int)strcspn(p, ";"), p);
}

/* Sign in over the API; a previous cookie (fixation tests) may be sent. */
static struct resp *login_as(const char *authority, const char *user,
                             const char *password, const char *previous,
                             struct who *w)
{
	char body[512];
	struct who pre = {0};
	if (previous)
		snprintf(pre.cookie, sizeof pre.cookie, "%s", previous);
	snprintf(body, sizeof body,
	         "{\"username\":\"%s\",\"password\":\"%s\",\"authority\":\"%s\"}",
	         user, password, authority);
	struct resp *r = call("POST", "/api/v1/session", previous ? &pre : NULL,
	                      body);
	if (w != NULL && r->status == 200) {
		memset(w, 0, sizeof *w);
		set_cookie_value(r, w->cookie, sizeof w->cookie);
		snprintf(w->csrf, sizeof w->csrf, "%s", jstr(r, "csrf_token"));
	}
	return r;
}

/* ---- Facts for new cases ------------------------------------------------------ */

static const char *facts_stage1 =
    "{\"as_of\":\"2026-11-20\",\"received\":\"2026-11-20\","
    "\"channel\":\"written\",\"at_risk_now\":false,"
    "\"complainant\":{\"relationship\":\"parent\",\"age\":null,"
    "\"personally_affected\":true,\"language\":\"en\"},"
    "\"children\":[{\"label\":\"A\",\"age\":7,\"looked_after\":false,"
    "\"in_education\":true,\"at_risk_now\":false}],"
    "\"matters\":[{\"id\":\"m1\",\"summary\":\"Letters were not answered.\","
    "\"subject\":\"poor_communication\",\"agency\":\"council\","
    "\"dates\":{\"event\":\"2026-10-15\",\"awareness\":null},"
    "\"council\":{\"stage\":\"none\"}}]}";

static const char *facts_stage2 =
    "{\"as_of\":\"2026-11-20\",\"received\":\"2026-11-20\","
    "\"channel\":\"written\",\"at_risk_now\":false,"
    "\"complainant\":{\"relationship\":\"parent\",\"age\":null,"
    "\"personally_affected\":true,\"language\":\"en\"},"
    "\"children\":[{\"label\":\"A\",\"age\":7,\"looked_after\":false,"
    "\"in_education\":true,\"at_risk_now\":false}],"
    "\"matters\":[{\"id\":\"m1\",\"summary\":\"No action was taken.\","
    "\"subject\":\"failure_to_act\",\"agency\":\"council\","
    "\"dates\":{\"event\":\"2026-10-15\",\"awareness\":null},"
    "\"council\":{\"stage\":\"none\",\"stage2_requested\":\"2026-11-20\","
    "\"wants_stage2\":true}}]}";

struct made {
	char ref[32];
	int64_t version;
};

/* Intake through the API as `w`, with extra top-level members. */
static struct made make_case_as(const struct who *w, const char *facts,
                                const char *extra)
{
	char body[8192];
	snprintf(body, sizeof body,
	         "{\"facts\":%s,\"complainant\":{\"name\":\"Ms A\"}%s%s}", facts,
	         extra ? "," : "", extra ? extra : "");
	struct resp *r = call("POST", "/api/v1/cases", w, body);
	EXPECT_STATUS(r, 201);
	struct made m;
	snprintf(m.ref, sizeof m.ref, "%s", jstr(r, "reference"));
	m.version = jint(r, "version");
	assert_true(m.ref[0] != '\0');
	return m;
}

/* A case assigned to the investigator (owner), made by the token. */
static struct made make_case(const char *facts, const char *extra)
{
	char more[512];
	snprintf(more, sizeof more, "\"owner_user_id\":%lld%s%s",
	         (long long)uid[R_INV_ASSIGNED], extra ? "," : "",
	         extra ? extra : "");
	return make_case_as(&who[R_TOKEN], facts, more);
}

static int64_t case_version(const char *ref)
{
	struct resp *r = callf("GET", &who[R_TOKEN], NULL, "/api/v1/cases/%s", ref);
	EXPECT_STATUS(r, 200);
	return jint(r, "version");
}

/* ---- Set-up and tear-down ------------------------------------------------------ */

static int start_env(bool pg)
{
	struct cwyn_error err = {0};
	memset(&E, 0, sizeof E);
	E.pg = pg;
	if (pg) {
		snprintf(E.schema, sizeof E.schema, "api_%ld_%d_%u",
		         (long)time(NULL), (int)getpid(), pg_counter++);
		struct db *admin;
		if (db_open(pg_url, &admin, &err) != CWYN_OK) {
			fprintf(stderr, "PostgreSQL: %s\n", err.message);
			return -1;
		}
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s", E.schema);
		enum cwyn_code rc = db_exec_script(admin, sql, &err);
		db_close(admin);
		if (rc != CWYN_OK)
			return -1;
		/* Every pooled connection must land in the test's schema. */
		snprintf(E.url, sizeof E.url, "%s%soptions=-csearch_path%%3D%s",
		         pg_url, strchr(pg_url, '?') ? "&" : "?", E.schema);
	} else {
		snprintf(E.path, sizeof E.path, "/tmp/cwyn-test-api-XXXXXX");
		int fd = mkstemp(E.path);
		if (fd < 0)
			return -1;
		close(fd);
		snprintf(E.url, sizeof E.url, "sqlite:%s", E.path);
	}
	if (store_open(E.url, &E.db, &err) != CWYN_OK ||
	    policy_load_with_calendar(NULL, &E.policy, &E.cal, &err) !=
	        CWYN_OK ||
	    db_pool_new(E.url, 0, &E.app.pool, &err) != CWYN_OK) {
		fprintf(stderr, "set-up: %s: %s\n", err.field, err.message);
		return -1;
	}
	E.app.policy = E.policy;
	E.app.cal = E.cal;
	account_settings_default(&E.app.accounts);
	E.app.accounts.pwhash = ACCOUNT_PWHASH_INTERACTIVE;
	/* Second factors are tested in the accounts suite; here every
	 * role signs in with a password so the matrix stays readable. */
	E.app.accounts.require_totp_for_staff = false;
	E.app.accounts.idle_timeout = 600;
	E.app.accounts.absolute_timeout = 3600;
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
	    .max_body = 256 * 1024,
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
	auth_a = make_authority("north");
	auth_b = make_authority("south");
	for (int r = 0; r < R__MAX; r++)
		if (usernames[r] != NULL)
			uid[r] = make_user(&acc, auth_a, usernames[r],
			                   stored_role[r]);
	make_user(&acc, auth_b, "bethan", "complaints_officer");
	memset(who, 0, sizeof who);
	for (int r = 0; r < R__MAX; r++) {
		if (usernames[r] == NULL)
			continue;
		struct resp *x = login_as("north", usernames[r], PASSWORD, NULL,
		                          &who[r]);
		if (x->status != 200 || who[r].cookie[0] == '\0') {
			fprintf(stderr, "login %s: %ld %s\n", usernames[r],
			        x->status, x->body);
			return -1;
		}
	}
	if (login_as("south", "bethan", PASSWORD, NULL, &b_officer)->status !=
	    200)
		return -1;
	char token[ACCOUNT_API_TOKEN_SIZE];
	if (api_token_create(&acc, "test", auth_a, "olwen", "tests", 0,
	                     test_now(NULL), token, NULL, &err) != CWYN_OK) {
		fprintf(stderr, "token: %s\n", err.message);
		return -1;
	}
	snprintf(who[R_TOKEN].bearer, sizeof who[R_TOKEN].bearer, "%s", token);
	return 0;
}

static int setup_sqlite(void **state)
{
	(void)state;
	return start_env(false);
}

static int setup_pg(void **state)
{
	(void)state;
	return start_env(true);
}

static int teardown(void **state)
{
	(void)state;
	web_server_stop(E.srv, 2000);
	db_pool_free(E.app.pool);
	if (E.pg && E.db) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", E.schema);
		db_exec_script(E.db, sql, NULL);
	}
	db_close(E.db);
	if (!E.pg) {
		char p[160];
		unlink(E.path);
		snprintf(p, sizeof p, "%s-wal", E.path);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", E.path);
		unlink(p);
	}
	policy_free(E.policy);
	calendar_free(E.cal);
	return 0;
}

/* ---- The authorisation matrix ------------------------------------------------ */

enum ep {
	EP_ME = 0,
	EP_TRIAGE,
	EP_CREATE,
	EP_LIST,
	EP_READ,
	EP_AGREE,
	EP_FACTS,
	EP_CLOSE,
	EP_REOPEN,
	EP_MATTERS,
	EP_ACTIONS,
	EP_ADVANCE,
	EP_CLOCKS,
	EP_EXTEND,
	EP_TIMELINE,
	EP_OVERDUE,
	EP_AUDIT,
	EP_REPORT,
	EP__MAX
};

/*
 * Y: allowed (2xx). F: 403. N: 404 (the case does not exist for them).
 * U: 401. Columns are the roles in enum role order:
 *   officer chair senior panel inv(assigned) inv(other) auditor admin
 *   anonymous token
 * From architecture.md: the complaints officer runs the procedure end to
 * end and the senior manager oversees everything; the conference chair
 * receives conference complaints, helps put them in writing and tries to
 * resolve them (create, agree, move conference stages, agree more time)
 * but does not close, reopen or re-route cases; panel members and
 * investigators read and move only their own kind of stage (investigators
 * only on cases assigned to them: other cases do not exist for them);
 * auditors read everything and change nothing, and may check the audit
 * chain; administrators see no case content at all (403) but may check
 * the audit chain; anonymous callers only get the triage preview; an API
 * token acts as its user (a complaints officer) without a CSRF token.
 * The case for stage moves and extensions is a Stage 2 case.
 */
static const char *const matrix[EP__MAX] = {
	/*              OCSPIiAa-T */
	[EP_ME]       = "YYYYYYYYUY",
	[EP_TRIAGE]   = "YYYYYYYYYY",
	[EP_CREATE]   = "YYYFFFFFUY",
	[EP_LIST]     = "YYYYYYYFUY",
	[EP_READ]     = "YYYYYNYFUY",
	[EP_AGREE]    = "YYYFFNFFUY",
	[EP_FACTS]    = "YFYFFNFFUY",
	[EP_CLOSE]    = "YFYFFNFFUY",
	[EP_REOPEN]   = "YFYFFNFFUY",
	[EP_MATTERS]  = "YYYYYNYFUY",
	[EP_ACTIONS]  = "YYYYYNYFUY",
	[EP_ADVANCE]  = "YFYFYNFFUY",
	[EP_CLOCKS]   = "YYYYYNYFUY",
	[EP_EXTEND]   = "YYYFFNFFUY",
	[EP_TIMELINE] = "YYYYYNYFUY",
	[EP_OVERDUE]  = "YYYYYYYFUY",
	[EP_AUDIT]    = "FFFFFFYYUF",
	[EP_REPORT]   = "YFYFFFYFUY",
};

static const char *const ep_label[EP__MAX] = {
	"GET /me", "POST /triage", "POST /cases", "GET /cases",
	"GET /cases/{ref}", "POST /cases/{ref}/agreement",
	"PUT /cases/{ref}/facts", "POST /cases/{ref}/close",
	"POST /cases/{ref}/reopen", "GET /cases/{ref}/matters",
	"GET /cases/{ref}/matters/1/actions",
	"POST /cases/{ref}/matters/1/transitions", "GET /cases/{ref}/clocks",
	"POST /cases/{ref}/clocks/{id}/extensions", "GET /cases/{ref}/timeline",
	"GET /overdue", "POST /audit/verify", "GET /reports/annual",
};

/* The first action of matter 1 that needs no outcome. */
static void pick_action(const char *ref, char *out, size_t size)
{
	struct resp *r = callf("GET", &who[R_TOKEN], NULL,
	                       "/api/v1/cases/%s/matters/1/actions", ref);
	EXPECT_STATUS(r, 200);
	size_t i;
	json_t *a;
	out[0] = '\0';
	json_array_foreach(json_object_get(r->json, "actions"), i, a) {
		const char *name = json_string_value(json_object_get(a, "action"));
		if (json_array_size(json_object_get(a, "outcomes")) == 0 &&
		    strcmp(name, "withdraw") != 0 &&
		    strcmp(name, "appoint_investigator") != 0) {
			snprintf(out, size, "%s", name);
			return;
		}
	}
	fail_msg("no simple action on %s: %s", ref, r->body);
}

/* The id of the running Stage 2 response clock. */
static int64_t s2_clock(const char *ref)
{
	struct resp *r = callf("GET", &who[R_TOKEN], NULL,
	                       "/api/v1/cases/%s/clocks", ref);
	EXPECT_STATUS(r, 200);
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(r->json, "clocks"), i, k) {
		if (strcmp(json_string_value(json_object_get(k, "timescale")) ?: "",
		           "s2_response") == 0)
			return json_integer_value(json_object_get(k, "id"));
	}
	fail_msg("no s2_response clock on %s: %s", ref, r->body);
	return 0;
}

/* Run endpoint ep as role r; the cases it needs are made fresh. */
static struct resp *run_endpoint(enum ep ep, enum role r, const struct made *read)
{
	const struct who *w = &who[r];
	char body[8192], action[64];
	struct made m;
	switch (ep) {
	case EP_ME:
		return call("GET", "/api/v1/me", w, NULL);
	case EP_TRIAGE:
		return call("POST", "/api/v1/triage", w, facts_stage1);
	case EP_CREATE:
		snprintf(body, sizeof body, "{\"facts\":%s}", facts_stage1);
		return call("POST", "/api/v1/cases", w, body);
	case EP_LIST:
		return call("GET", "/api/v1/cases", w, NULL);
	case EP_READ:
		return callf("GET", w, NULL, "/api/v1/cases/%s", read->ref);
	case EP_AGREE:
		m = make_case(facts_stage1, "\"channel\":\"oral\"");
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"signature\":\"Ms A\"}",
		         (long long)m.version);
		return callf("POST", w, body, "/api/v1/cases/%s/agreement", m.ref);
	case EP_FACTS:
		m = make_case(facts_stage1, NULL);
		snprintf(body, sizeof body, "{\"version\":%lld,\"facts\":%s}",
		         (long long)m.version, facts_stage2);
		return callf("PUT", w, body, "/api/v1/cases/%s/facts", m.ref);
	case EP_CLOSE:
		m = make_case(facts_stage1, NULL);
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"outcome\":\"withdrawn\","
		         "\"reason\":\"The complainant withdrew.\"}",
		         (long long)m.version);
		return callf("POST", w, body, "/api/v1/cases/%s/close", m.ref);
	case EP_REOPEN: {
		m = make_case(facts_stage1, NULL);
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"outcome\":\"withdrawn\","
		         "\"reason\":\"withdrawn\"}",
		         (long long)m.version);
		struct resp *x = callf("POST", &who[R_TOKEN], body,
		                       "/api/v1/cases/%s/close", m.ref);
		EXPECT_STATUS(x, 200);
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"reason\":\"New information.\"}",
		         (long long)jint(x, "version"));
		return callf("POST", w, body, "/api/v1/cases/%s/reopen", m.ref);
	}
	case EP_MATTERS:
		return callf("GET", w, NULL, "/api/v1/cases/%s/matters", read->ref);
	case EP_ACTIONS:
		return callf("GET", w, NULL, "/api/v1/cases/%s/matters/1/actions",
		             read->ref);
	case EP_ADVANCE:
		m = make_case(facts_stage2, NULL);
		pick_action(m.ref, action, sizeof action);
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"action\":\"%s\",\"note\":\"done\"}",
		         (long long)m.version, action);
		return callf("POST", w, body,
		             "/api/v1/cases/%s/matters/1/transitions", m.ref);
	case EP_CLOCKS:
		return callf("GET", w, NULL, "/api/v1/cases/%s/clocks", read->ref);
	case EP_EXTEND: {
		m = make_case(facts_stage2, NULL);
		int64_t k = s2_clock(m.ref);
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"agreed_with\":\"the complainant\","
		         "\"agreed_on\":\"2026-11-26\",\"reason\":\"A witness is "
		         "away.\",\"extra_days\":10}",
		         (long long)m.version);
		return callf("POST", w, body,
		             "/api/v1/cases/%s/clocks/%lld/extensions", m.ref,
		             (long long)k);
	}
	case EP_TIMELINE:
		return callf("GET", w, NULL, "/api/v1/cases/%s/timeline", read->ref);
	case EP_OVERDUE:
		return call("GET", "/api/v1/overdue?within=5", w, NULL);
	case EP_AUDIT:
		return call("POST", "/api/v1/audit/verify", w, NULL);
	case EP_REPORT:
		return call("GET", "/api/v1/reports/annual?from=2026-04-01&to=2027-03-31",
		            w, NULL);
	case EP__MAX:
		break;
	}
	return NULL;
}

static int expected_status(char e)
{
	switch (e) {
	case 'F': return 403;
	case 'N': return 404;
	case 'U': return 401;
	default: return 200;
	}
}

static void authorisation_matrix(void **state)
{
	(void)state;
	struct made read = make_case(facts_stage1, NULL);
	int failures = 0;
	for (int e = 0; e < EP__MAX; e++) {
		for (int r = 0; r < R__MAX; r++) {
			char want = matrix[e][r];
			struct resp *x = run_endpoint((enum ep)e, (enum role)r, &read);
			bool ok = want == 'Y'
			              ? x->status >= 200 && x->status < 300
			              : x->status == expected_status(want);
			/* A refusal is always the one error shape. */
			if (ok && want != 'Y')
				ok = err_code(x)[0] != '\0';
			if (!ok) {
				fprintf(stderr, "matrix: %-45s as %-22s: want %c, got "
				        "%ld %s\n", ep_label[e], role_label[r], want,
				        x->status, x->body);
				failures++;
			}
		}
	}
	assert_int_equal(failures, 0);
}

/* ---- Restricted cases and other authorities ------------------------------------ */

static void restricted_and_foreign_cases_do_not_exist(void **state)
{
	(void)state;
	char extra[128];
	snprintf(extra, sizeof extra, "\"restricted\":true,\"named_users\":[%lld]",
	         (long long)uid[R_OFFICER]);
	struct made rc = make_case_as(&who[R_OFFICER], facts_stage1, extra);
	/* References count per authority: the third south case has a
	 * reference north never issued. */
	make_case_as(&b_officer, facts_stage1, NULL);
	make_case_as(&b_officer, facts_stage1, NULL);
	struct made foreign = make_case_as(&b_officer, facts_stage1, NULL);
	EXPECT_STATUS(callf("GET", &who[R_OFFICER], NULL, "/api/v1/cases/%s",
	                    rc.ref), 200);
	EXPECT_STATUS(callf("GET", &who[R_TOKEN], NULL, "/api/v1/cases/%s",
	                    rc.ref), 200);
	/* Not named: the case does not exist for them, whatever the role. */
	const enum role others[] = {R_CHAIR, R_SENIOR, R_PANEL, R_INV_ASSIGNED,
	                            R_AUDITOR, R_ADMIN};
	for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
		struct resp *x = callf("GET", &who[others[i]], NULL,
		                       "/api/v1/cases/%s", rc.ref);
		if (x->status != 404)
			fprintf(stderr, "restricted as %s: %ld %s\n",
			        role_label[others[i]], x->status, x->body);
		assert_int_equal(x->status, 404);
		assert_string_equal(err_code(x), "not_found");
	}
	/* Another authority's case: 404 for every role here, for reads and
	 * for changes, and the same answer as a reference never issued. */
	char body[256];
	snprintf(body, sizeof body,
	         "{\"version\":%lld,\"outcome\":\"withdrawn\",\"reason\":\"x\"}",
	         (long long)foreign.version);
	for (int r = 0; r < R__MAX; r++) {
		if (r == R_ANON)
			continue;
		struct resp *x = callf("GET", &who[r], NULL, "/api/v1/cases/%s",
		                       foreign.ref);
		assert_int_equal(x->status, 404);
		x = callf("POST", &who[r], body, "/api/v1/cases/%s/close",
		          foreign.ref);
		assert_int_equal(x->status, 404);
	}
	struct resp *x = call("GET", "/api/v1/cases/CP-2026-99999", &who[R_OFFICER],
	                      NULL);
	assert_int_equal(x->status, 404);
	/* The other authority's officer sees theirs and not ours. */
	EXPECT_STATUS(callf("GET", &b_officer, NULL, "/api/v1/cases/%s",
	                    foreign.ref), 200);
	/* A list leaves out what the user may not see. */
	x = call("GET", "/api/v1/cases?limit=500", &who[R_CHAIR], NULL);
	EXPECT_STATUS(x, 200);
	assert_null(strstr(x->body, rc.ref));
}

/* ---- Bad input --------------------------------------------------------------- */

struct bad {
	const char *what;
	const char *method;
	const char *path;   /* %s: a real case reference */
	const char *body;   /* NULL: none */
	const char *ctype;  /* NULL: application/json */
	int status;
	const char *field;  /* expected in error.field (substring); NULL: any */
};

#define F1 "{\"as_of\":\"2026-11-20\",\"received\":\"2026-11-20\",\"channel\":\"written\",\"at_risk_now\":false,\"complainant\":{\"relationship\":"
#define F2 ",\"age\":null,\"personally_affected\":true,\"language\":\"en\"},\"children\":[{\"label\":\"A\",\"age\":7,\"looked_after\":false,\"in_education\":true,\"at_risk_now\":false}],\"matters\":[{\"id\":\"m1\",\"summary\":\"x\",\"subject\":\"poor_communication\",\"agency\":\"council\",\"dates\":{\"event\":\"2026-10-15\",\"awareness\":null},\"council\":{\"stage\":\"none\"}}]}"

static const struct bad bad_inputs[] = {
	{"malformed JSON", "POST", "/api/v1/cases", "{\"facts\": {", NULL, 400, "body"},
	{"not an object", "POST", "/api/v1/cases", "[1,2,3]", NULL, 400, "body"},
	{"empty body", "POST", "/api/v1/cases", "", NULL, 400, "body"},
	{"duplicate key", "POST", "/api/v1/cases", "{\"facts\":{},\"facts\":{}}", NULL, 400, "body"},
	{"invalid UTF-8", "POST", "/api/v1/cases", "{\"facts\":{\"as_of\":\"\xff\xfe\"}}", NULL, 400, "body"},
	{"wrong media type", "POST", "/api/v1/cases", "{}", "text/plain", 415, "Content-Type"},
	{"facts missing", "POST", "/api/v1/cases", "{\"complainant\":{}}", NULL, 400, "facts"},
	{"facts a string", "POST", "/api/v1/cases", "{\"facts\":\"x\"}", NULL, 400, "facts"},
	{"unknown member", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"evil\":1}", NULL, 400, "evil"},
	{"restricted not a boolean", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"restricted\":\"yes\"}", NULL, 400, "restricted"},
	{"owner a string", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"owner_user_id\":\"1\"}", NULL, 400, "owner_user_id"},
	{"named users not ids", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"named_users\":[\"olwen\"]}", NULL, 400, "named_users"},
	{"complainant language", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"complainant\":{\"language\":\"fr\"}}", NULL, 400, "complainant.language"},
	{"complainant unknown member", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"complainant\":{\"ssn\":\"1\"}}", NULL, 400, "complainant.ssn"},
	{"complainant name a number", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"complainant\":{\"name\":42}}", NULL, 400, "complainant.name"},
	{"unknown enum value", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"alien\"" F2 "}", NULL, 400, "relationship"},
	{"wrong type in facts", "POST", "/api/v1/cases", "{\"facts\":" F1 "7" F2 "}", NULL, 400, "relationship"},
	{"unknown channel", "POST", "/api/v1/cases", "{\"facts\":" F1 "\"parent\"" F2 ",\"channel\":\"pigeon\"}", NULL, 400, "channel"},
	{"impossible date", "POST", "/api/v1/cases", "{\"facts\":{\"as_of\":\"2026-02-30\",\"received\":\"2026-02-30\",\"matters\":[]}}", NULL, 400, "as_of"},
	{"SQL in a query filter", "GET", "/api/v1/cases?status=open'%20OR%201=1--", NULL, NULL, 400, "status"},
	{"unknown route filter", "GET", "/api/v1/cases?route=nowhere", NULL, NULL, 400, "route"},
	{"limit out of range", "GET", "/api/v1/cases?limit=100000", NULL, NULL, 400, "limit"},
	{"limit not a number", "GET", "/api/v1/cases?limit=ten", NULL, NULL, 400, "limit"},
	{"overdue within too far", "GET", "/api/v1/overdue?within=-1", NULL, NULL, 400, "within"},
	{"traversal in ref", "GET", "/api/v1/cases/..%2F..%2Fetc%2Fpasswd", NULL, NULL, 400, "path"},
	{"dot-dot ref", "GET", "/api/v1/cases/%2e%2e", NULL, NULL, 400, "path"},
	{"NUL in ref", "GET", "/api/v1/cases/CP%00x", NULL, NULL, 400, "path"},
	{"SQL in ref", "GET", "/api/v1/cases/x'%20OR%20'1'='1", NULL, NULL, 400, "reference"},
	{"script in ref", "GET", "/api/v1/cases/%3Cscript%3E", NULL, NULL, 400, "reference"},
	{"long ref", "GET", "/api/v1/cases/CP-2026-000000000000000000000000001", NULL, NULL, 400, "reference"},
	{"version missing", "PUT", "/api/v1/cases/%s/facts", "{\"facts\":{}}", NULL, 400, "version"},
	{"version a string", "PUT", "/api/v1/cases/%s/facts", "{\"version\":\"1\",\"facts\":{}}", NULL, 400, "version"},
	{"version zero", "POST", "/api/v1/cases/%s/reopen", "{\"version\":0,\"reason\":\"x\"}", NULL, 400, "version"},
	{"bad facts on re-route", "PUT", "/api/v1/cases/%s/facts", "{\"version\":1,\"facts\":" F1 "\"alien\"" F2 "}", NULL, 400, "relationship"},
	{"unknown outcome", "POST", "/api/v1/cases/%s/close", "{\"version\":1,\"outcome\":\"banana\"}", NULL, 400, "outcome"},
	{"unknown action", "POST", "/api/v1/cases/%s/matters/1/transitions", "{\"version\":1,\"action\":\"fly\"}", NULL, 400, "action"},
	{"matter zero", "POST", "/api/v1/cases/%s/matters/0/transitions", "{\"version\":1,\"action\":\"acknowledge\"}", NULL, 400, "n"},
	{"impossible date on a step", "POST", "/api/v1/cases/%s/matters/1/transitions", "{\"version\":1,\"action\":\"acknowledge\",\"on\":\"2026-13-01\"}", NULL, 400, "on"},
	{"extension both ways", "POST", "/api/v1/cases/%s/clocks/1/extensions", "{\"version\":1,\"agreed_with\":\"x\",\"reason\":\"y\",\"extra_days\":3,\"new_due\":\"2027-01-05\"}", NULL, 400, "extra_days"},
	{"extension days a string", "POST", "/api/v1/cases/%s/clocks/1/extensions", "{\"version\":1,\"agreed_with\":\"x\",\"reason\":\"y\",\"extra_days\":\"3\"}", NULL, 400, "extra_days"},
	{"clock id not a number", "POST", "/api/v1/cases/%s/clocks/abc/extensions", "{\"version\":1}", NULL, 400, "id"},
	{"signature missing", "POST", "/api/v1/cases/%s/agreement", "{\"version\":1}", NULL, 400, "signature"},
};

static void bad_input_is_refused_and_stores_nothing(void **state)
{
	(void)state;
	struct made m = make_case(facts_stage1, NULL);
	struct snapshot before = snap();
	for (size_t i = 0; i < sizeof bad_inputs / sizeof bad_inputs[0]; i++) {
		const struct bad *b = &bad_inputs[i];
		/* "%s" in a path stands for the case reference. */
		char path[1024];
		const char *hole = strstr(b->path, "%s");
		if (hole != NULL)
			snprintf(path, sizeof path, "%.*s%s%s",
			         (int)(hole - b->path), b->path, m.ref, hole + 2);
		else
			snprintf(path, sizeof path, "%s", b->path);
		struct resp *x = call_raw(b->method, path, &who[R_TOKEN], b->body,
		                          b->body ? strlen(b->body) : 0,
		                          b->body ? (b->ctype ? b->ctype
		                                              : "application/json")
		                                  : NULL);
		bool ok = x->status == b->status && err_code(x)[0] != '\0' &&
		          json_string_value(json_object_get(
		              json_object_get(x->json, "error"), "message")) &&
		          (b->field == NULL || strstr(err_field(x), b->field));
		if (!ok)
			fprintf(stderr, "bad input \"%s\": want %d field %s, got %ld "
			        "%s\n", b->what, b->status, b->field ? b->field : "-",
			        x->status, x->body);
		assert_true(ok);
	}
	/* The same refusal in Welsh; the code and field never change. */
	struct resp *cy = call("GET", "/api/v1/cases?limit=ten&lang=cy",
	                       &who[R_TOKEN], NULL);
	assert_int_equal(cy->status, 400);
	assert_string_equal(err_code(cy), "invalid_input");
	assert_string_equal(err_field(cy), "limit");
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(cy->json, "error"), "message")),
	                    "disgwylid rhif cyfan o fewn yr ystod");
	/* Too large: refused before it is read. */
	size_t big = 300 * 1024;
	char *huge = malloc(big + 1);
	assert_non_null(huge);
	memset(huge, ' ', big);
	memcpy(huge, "{\"facts\":", 9);
	huge[big - 1] = '}';
	huge[big] = '\0';
	struct resp *x = call_raw("POST", "/api/v1/cases", &who[R_TOKEN], huge,
	                          big, "application/json");
	free(huge);
	assert_int_equal(x->status, 413);
	assert_string_equal(err_field(x), "body");

	struct snapshot after = snap();
	assert_same(&before, &after);
	assert_int_equal(case_version(m.ref), m.version);
}

static void injected_text_is_stored_as_inert_text(void **state)
{
	(void)state;
	static const char sql[] = "'); DROP TABLE cases;--";
	static const char script[] = "<script>alert(1)</script>";
	char extra[512];
	snprintf(extra, sizeof extra,
	         "\"child_labels\":[\"%s\"]", script);
	char body[8192];
	snprintf(body, sizeof body,
	         "{\"facts\":%s,\"complainant\":{\"name\":\"%s\","
	         "\"address\":\"%s\"},%s}",
	         facts_stage1, sql, script, extra);
	int64_t cases = count("cases");
	struct resp *x = call("POST", "/api/v1/cases", &who[R_TOKEN], body);
	EXPECT_STATUS(x, 201);
	char ref[32];
	snprintf(ref, sizeof ref, "%s", jstr(x, "reference"));
	assert_int_equal(count("cases"), cases + 1);
	x = callf("GET", &who[R_TOKEN], NULL, "/api/v1/cases/%s", ref);
	EXPECT_STATUS(x, 200);
	char v[256];
	assert_non_null(header(x, "Content-Type", v, sizeof v));
	assert_non_null(strstr(v, "application/json"));
	assert_non_null(header(x, "X-Content-Type-Options", v, sizeof v));
	assert_string_equal(v, "nosniff");
	json_t *p = json_array_get(json_object_get(x->json, "complainants"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), sql);
	assert_string_equal(json_string_value(json_object_get(p, "address")),
	                    script);
	/* Text exactly as given: neither executed as SQL nor mangled. */
	assert_non_null(strstr(x->body, "DROP TABLE cases"));
}

/* ---- Sessions ------------------------------------------------------------------ */

static void session_fixation_and_rotation(void **state)
{
	(void)state;
	/* An id planted before login (well formed, unknown to the server)
	 * is never adopted: login makes its own. */
	const char *planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	struct who w;
	struct resp *x = login_as("north", "olwen", PASSWORD, planted, &w);
	EXPECT_STATUS(x, 200);
	assert_string_not_equal(w.cookie, planted);
	struct who p = {0};
	snprintf(p.cookie, sizeof p.cookie, "%s", planted);
	assert_int_equal(call("GET", "/api/v1/me", &p, NULL)->status, 401);
	EXPECT_STATUS(call("GET", "/api/v1/me", &w, NULL), 200);
	/* The cookie is HttpOnly, SameSite=Strict, whole-site. */
	x = login_as("north", "olwen", PASSWORD, NULL, NULL);
	EXPECT_STATUS(x, 200);
	char v[512];
	assert_non_null(header(x, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "HttpOnly"));
	assert_non_null(strstr(v, "SameSite=Strict"));
	assert_non_null(strstr(v, "Path=/"));
	assert_null(strstr(v, "Secure")); /* plain HTTP, no trusted proxy */
	/* Signing in again with a live session rotates it: the old one ends. */
	struct who w2;
	EXPECT_STATUS(login_as("north", "olwen", PASSWORD, w.cookie, &w2), 200);
	assert_string_not_equal(w2.cookie, w.cookie);
	assert_string_not_equal(w2.csrf, w.csrf);
	assert_int_equal(call("GET", "/api/v1/me", &w, NULL)->status, 401);
	EXPECT_STATUS(call("GET", "/api/v1/me", &w2, NULL), 200);
	/* A wrong password says nothing about which part was wrong. */
	x = login_as("north", "olwen", "not the password at all", NULL, NULL);
	assert_int_equal(x->status, 401);
	char m1[256];
	snprintf(m1, sizeof m1, "%.200s", x->body);
	x = login_as("north", "nobody-here", "not the password at all", NULL, NULL);
	assert_int_equal(x->status, 401);
	char m2[256];
	snprintf(m2, sizeof m2, "%.200s", x->body);
	assert_string_equal(m1, m2);
}

static void sessions_expire_idle_and_absolute(void **state)
{
	(void)state;
	struct who w;
	EXPECT_STATUS(login_as("north", "carys", PASSWORD, NULL, &w), 200);
	atomic_store(&E.clock_offset, 601); /* idle timeout is 600 s */
	assert_int_equal(call("GET", "/api/v1/me", &w, NULL)->status, 401);
	atomic_store(&E.clock_offset, 0);
	assert_int_equal(call("GET", "/api/v1/me", &w, NULL)->status, 401);

	/* Busy all along, the session still ends at its absolute limit. */
	EXPECT_STATUS(login_as("north", "carys", PASSWORD, NULL, &w), 200);
	int64_t t = 0;
	for (; t < 3600 - 500; t += 500) {
		atomic_store(&E.clock_offset, t);
		EXPECT_STATUS(call("GET", "/api/v1/me", &w, NULL), 200);
	}
	atomic_store(&E.clock_offset, 3601);
	assert_int_equal(call("GET", "/api/v1/me", &w, NULL)->status, 401);
	atomic_store(&E.clock_offset, 0);
}

static void logout_ends_the_session(void **state)
{
	(void)state;
	struct who w;
	EXPECT_STATUS(login_as("north", "sian", PASSWORD, NULL, &w), 200);
	/* Logging out is a change: without the CSRF token it is refused. */
	struct who nocsrf = w;
	nocsrf.no_csrf = true;
	assert_int_equal(call("DELETE", "/api/v1/session", &nocsrf, NULL)->status,
	                 403);
	EXPECT_STATUS(call("GET", "/api/v1/me", &w, NULL), 200);
	struct resp *x = call("DELETE", "/api/v1/session", &w, NULL);
	EXPECT_STATUS(x, 200);
	char v[512];
	assert_non_null(header(x, "Set-Cookie", v, sizeof v));
	assert_non_null(strstr(v, "Max-Age=0"));
	assert_int_equal(call("GET", "/api/v1/me", &w, NULL)->status, 401);
	assert_int_equal(call("GET", "/api/v1/cases", &w, NULL)->status, 401);
}

static void csrf_is_required_with_a_cookie(void **state)
{
	(void)state;
	struct made m = make_case(facts_stage1, NULL);
	char body[8192];
	snprintf(body, sizeof body, "{\"facts\":%s}", facts_stage1);
	char close[256];
	snprintf(close, sizeof close,
	         "{\"version\":%lld,\"outcome\":\"withdrawn\",\"reason\":\"x\"}",
	         (long long)m.version);
	struct snapshot before = snap();
	struct who missing = who[R_OFFICER], wrong = who[R_OFFICER];
	missing.no_csrf = true;
	wrong.bad_csrf = "x3Qm0Jm2nmlqB3oN6Dk2m3ZP0b7p8YpU2tQb7LZJx0Q";
	const struct who *ws[] = {&missing, &wrong};
	for (int i = 0; i < 2; i++) {
		struct resp *x = call("POST", "/api/v1/cases", ws[i], body);
		assert_int_equal(x->status, 403);
		assert_string_equal(err_field(x), "X-CSRF-Token");
		x = callf("POST", ws[i], close, "/api/v1/cases/%s/close", m.ref);
		assert_int_equal(x->status, 403);
		x = callf("PUT", ws[i], body, "/api/v1/cases/%s/facts", m.ref);
		assert_int_equal(x->status, 403);
	}
	struct snapshot after = snap();
	assert_same(&before, &after);
	assert_int_equal(case_version(m.ref), m.version);
	/* Reads need no token; the right token works; a bearer needs none. */
	EXPECT_STATUS(call("GET", "/api/v1/cases", &missing, NULL), 200);
	EXPECT_STATUS(call("POST", "/api/v1/cases", &who[R_OFFICER], body), 201);
	EXPECT_STATUS(call("POST", "/api/v1/cases", &who[R_TOKEN], body), 201);
}

/* ---- Concurrency, audit, triage, lists ------------------------------------------ */

static void a_stale_version_is_a_conflict(void **state)
{
	(void)state;
	struct made m = make_case(facts_stage1, NULL);
	char body[8192];
	snprintf(body, sizeof body, "{\"version\":%lld,\"facts\":%s}",
	         (long long)m.version, facts_stage2);
	struct resp *x = callf("PUT", &who[R_TOKEN], body,
	                       "/api/v1/cases/%s/facts", m.ref);
	EXPECT_STATUS(x, 200);
	int64_t v2 = jint(x, "version");
	assert_true(v2 > m.version);
	/* A second client that read the same version loses, and nothing
	 * changes. */
	struct snapshot before = snap();
	x = callf("PUT", &who[R_SENIOR], body, "/api/v1/cases/%s/facts", m.ref);
	assert_int_equal(x->status, 409);
	assert_string_equal(err_code(x), "conflict");
	assert_string_equal(err_field(x), "version");
	snprintf(body, sizeof body,
	         "{\"version\":%lld,\"outcome\":\"withdrawn\",\"reason\":\"x\"}",
	         (long long)m.version);
	x = callf("POST", &who[R_SENIOR], body, "/api/v1/cases/%s/close", m.ref);
	assert_int_equal(x->status, 409);
	struct snapshot after = snap();
	assert_same(&before, &after);
	assert_int_equal(case_version(m.ref), v2);
}

static int64_t reads_by(const char *actor)
{
	struct db_value p[] = {DBV_TEXT(actor)};
	int64_t n = -1;
	assert_int_equal(db_query_int(E.db,
	                              "SELECT COUNT(*) FROM audit_log WHERE "
	                              "action = 'case.read' AND actor = ?",
	                              p, 1, &n, NULL),
	                 CWYN_OK);
	return n;
}

static void every_case_read_is_audited(void **state)
{
	(void)state;
	struct made m = make_case(facts_stage1, NULL);
	static const char *const paths[] = {"", "/matters", "/matters/1/actions",
	                                    "/clocks", "/timeline"};
	const enum role readers[] = {R_OFFICER, R_AUDITOR, R_TOKEN};
	for (size_t r = 0; r < 3; r++) {
		const char *actor = readers[r] == R_AUDITOR ? "aled" : "olwen";
		for (size_t i = 0; i < 5; i++) {
			int64_t before = reads_by(actor);
			EXPECT_STATUS(callf("GET", &who[readers[r]], NULL,
			                    "/api/v1/cases/%s%s", m.ref, paths[i]),
			              200);
			if (reads_by(actor) != before + 1)
				fprintf(stderr, "reads of %s%s as %s: %lld -> %lld\n",
				        m.ref, paths[i], actor, (long long)before,
				        (long long)reads_by(actor));
			assert_int_equal(reads_by(actor), before + 1);
		}
	}
	/* A refused read is not a read: nothing was shown. */
	int64_t before = reads_by("iola");
	assert_int_equal(callf("GET", &who[R_INV_OTHER], NULL, "/api/v1/cases/%s",
	                       m.ref)->status, 404);
	assert_int_equal(reads_by("iola"), before);
	/* The chain still holds. */
	struct resp *x = call("POST", "/api/v1/audit/verify", &who[R_AUDITOR], NULL);
	EXPECT_STATUS(x, 200);
	assert_true(json_is_true(json_object_get(x->json, "intact")));
	assert_int_equal(jint(x, "entries"), count("audit_log"));
}

static void triage_preview_stores_nothing(void **state)
{
	(void)state;
	struct snapshot before = snap();
	struct resp *x = call("POST", "/api/v1/triage", NULL, facts_stage2);
	EXPECT_STATUS(x, 200);
	assert_string_equal(jstr(x, "overall_route"), "council_stage2");
	static char en[sizeof x->body];
	memcpy(en, x->body, sizeof en);
	x = call("POST", "/api/v1/triage?lang=cy", NULL, facts_stage2);
	EXPECT_STATUS(x, 200);
	assert_string_equal(jstr(x, "overall_route"), "council_stage2");
	assert_string_not_equal(en, x->body); /* texts in Welsh */
	x = call("POST", "/api/v1/triage", NULL, "{\"facts\":1}");
	assert_int_equal(x->status, 400);
	assert_true(err_field(x)[0] != '\0');
	struct snapshot after = snap();
	assert_same(&before, &after);
	assert_int_equal(count("sessions") >= 0, 1);
}

static void lists_page_with_a_cursor(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++)
		make_case(facts_stage1, NULL);
	char path[128] = "/api/v1/cases?limit=2";
	size_t seen = 0;
	for (int pages = 0; pages < 100; pages++) {
		struct resp *x = call("GET", path, &who[R_TOKEN], NULL);
		EXPECT_STATUS(x, 200);
		size_t n = json_array_size(json_object_get(x->json, "cases"));
		assert_true(n <= 2);
		seen += n;
		json_t *next = json_object_get(x->json, "next");
		if (json_is_null(next))
			break;
		snprintf(path, sizeof path, "/api/v1/cases?limit=2&after=%lld",
		         (long long)json_integer_value(next));
	}
	assert_int_equal((int64_t)seen, count("cases"));
	/* The assigned investigator lists only what is assigned to them. */
	struct resp *x = call("GET", "/api/v1/cases?limit=500", &who[R_INV_OTHER],
	                      NULL);
	EXPECT_STATUS(x, 200);
	assert_int_equal(json_array_size(json_object_get(x->json, "cases")), 0);
	x = call("GET", "/api/v1/cases?status=closed&limit=500", &who[R_TOKEN], NULL);
	EXPECT_STATUS(x, 200);
	assert_int_equal(json_array_size(json_object_get(x->json, "cases")), 0);
}

/* Does the annual report (read as the complaints officer) list it? */
static bool report_lists(const char *lesson)
{
	/* Cases are closed at the real time: a wide period. */
	struct resp *x = call("GET", "/api/v1/reports/annual?from=2000-01-01"
	                      "&to=2099-12-31", &who[R_OFFICER], NULL);
	EXPECT_STATUS(x, 200);
	json_t *ll = json_object_get(x->json, "lessons_learned");
	assert_true(json_is_array(ll));
	assert_true(json_is_boolean(json_object_get(x->json, "lessons_truncated")));
	size_t i;
	json_t *l;
	json_array_foreach(ll, i, l) {
		const char *t = json_string_value(json_object_get(l, "lesson"));
		if (t != NULL && strcmp(t, lesson) == 0) {
			/* No reference goes with a lesson. */
			assert_null(json_object_get(l, "reference"));
			assert_string_equal(json_string_value(json_object_get(l, "outcome")),
			                    "withdrawn");
			return true;
		}
	}
	return false;
}

static void close_with_lessons_learned(void **state)
{
	(void)state;
	static const char lesson[] = "Acknowledge every letter within two working "
	                             "days — and say who will answer.";
	struct made m = make_case(facts_stage1, NULL);
	assert_false(report_lists(lesson));
	/* Refused, naming the field, storing nothing: another type, too long,
	 * bytes that are not UTF-8. */
	struct snapshot before = snap();
	static const char *const wrong[] = {"42", "[\"a\"]", "{\"x\":1}", "true"};
	char body[16384];
	for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
		snprintf(body, sizeof body,
		         "{\"version\":%lld,\"outcome\":\"withdrawn\","
		         "\"lessons_learned\":%s}", (long long)m.version, wrong[i]);
		struct resp *x = callf("POST", &who[R_TOKEN], body,
		                       "/api/v1/cases/%s/close", m.ref);
		EXPECT_STATUS(x, 400);
		assert_string_equal(err_code(x), "invalid_input");
		assert_string_equal(err_field(x), "lessons_learned");
	}
	int k = snprintf(body, sizeof body,
	                 "{\"version\":%lld,\"outcome\":\"withdrawn\","
	                 "\"lessons_learned\":\"", (long long)m.version);
	memset(body + k, 'x', 8001);
	snprintf(body + k + 8001, sizeof body - (size_t)k - 8001, "\"}");
	struct resp *x = callf("POST", &who[R_TOKEN], body,
	                       "/api/v1/cases/%s/close", m.ref);
	EXPECT_STATUS(x, 400);
	assert_string_equal(err_field(x), "lessons_learned");
	snprintf(body, sizeof body,
	         "{\"version\":%lld,\"outcome\":\"withdrawn\","
	         "\"lessons_learned\":\"bad \xc3\x28 bytes\"}", (long long)m.version);
	x = callf("POST", &who[R_TOKEN], body, "/api/v1/cases/%s/close", m.ref);
	EXPECT_STATUS(x, 400);
	assert_string_equal(err_field(x), "body");
	struct snapshot after = snap();
	assert_same(&before, &after);
	x = callf("GET", &who[R_TOKEN], NULL, "/api/v1/cases/%s", m.ref);
	EXPECT_STATUS(x, 200);
	assert_string_equal(jstr(x, "status"), "open");
	assert_false(report_lists(lesson));

	/* Closed with its lesson: the annual report lists it. */
	snprintf(body, sizeof body,
	         "{\"version\":%lld,\"outcome\":\"withdrawn\",\"reason\":\"The "
	         "complainant withdrew.\",\"lessons_learned\":\"%s\"}",
	         (long long)m.version, lesson);
	x = callf("POST", &who[R_TOKEN], body, "/api/v1/cases/%s/close", m.ref);
	EXPECT_STATUS(x, 200);
	assert_true(report_lists(lesson));

	/* Without lessons_learned (or null) a close stores none. */
	struct made m2 = make_case(facts_stage1, NULL);
	snprintf(body, sizeof body,
	         "{\"version\":%lld,\"outcome\":\"withdrawn\","
	         "\"lessons_learned\":null}", (long long)m2.version);
	x = callf("POST", &who[R_TOKEN], body, "/api/v1/cases/%s/close", m2.ref);
	EXPECT_STATUS(x, 200);
	/* 8000 bytes exactly is accepted. */
	struct made m3 = make_case(facts_stage1, NULL);
	k = snprintf(body, sizeof body,
	             "{\"version\":%lld,\"outcome\":\"withdrawn\","
	             "\"lessons_learned\":\"", (long long)m3.version);
	memset(body + k, 'y', 8000);
	snprintf(body + k + 8000, sizeof body - (size_t)k - 8000, "\"}");
	x = callf("POST", &who[R_TOKEN], body, "/api/v1/cases/%s/close", m3.ref);
	EXPECT_STATUS(x, 200);
}

static void health_checks_the_database(void **state)
{
	(void)state;
	struct resp *x = call("GET", "/healthz", NULL, NULL);
	EXPECT_STATUS(x, 200);
	assert_string_equal(jstr(x, "database"), "ok");
}

#define API_TESTS(setup)                                                       \
	{                                                                      \
	    cmocka_unit_test_setup_teardown(health_checks_the_database, setup,  \
	                                    teardown),                         \
	    cmocka_unit_test_setup_teardown(authorisation_matrix, setup,        \
	                                    teardown),                         \
	    cmocka_unit_test_setup_teardown(                                   \
	        restricted_and_foreign_cases_do_not_exist, setup, teardown),   \
	    cmocka_unit_test_setup_teardown(                                   \
	        bad_input_is_refused_and_stores_nothing, setup, teardown),     \
	    cmocka_unit_test_setup_teardown(                                   \
	        injected_text_is_stored_as_inert_text, setup, teardown),       \
	    cmocka_unit_test_setup_teardown(session_fixation_and_rotation,      \
	                                    setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(sessions_expire_idle_and_absolute,  \
	                                    setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(logout_ends_the_session, setup,     \
	                                    teardown),                         \
	    cmocka_unit_test_setup_teardown(csrf_is_required_with_a_cookie,     \
	                                    setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(a_stale_version_is_a_conflict,      \
	                                    setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(every_case_read_is_audited, setup,  \
	                                    teardown),                         \
	    cmocka_unit_test_setup_teardown(triage_preview_stores_nothing,      \
	                                    setup, teardown),                  \
	    cmocka_unit_test_setup_teardown(lists_page_with_a_cursor, setup,    \
	                                    teardown),                         \
	    cmocka_unit_test_setup_teardown(close_with_lessons_learned, setup,  \
	                                    teardown),                         \
	}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (i18n_init(NULL, NULL) != CWYN_OK)
		fprintf(stderr, "warning: no Welsh catalogue\n");
	const struct CMUnitTest sqlite_tests[] = API_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = API_TESTS(setup_pg);
	int failed = cmocka_run_group_tests_name("api_sqlite", sqlite_tests,
	                                         NULL, NULL);
	pg_url = getenv("CWYN_TEST_PG_URL");
	if (pg_url == NULL || pg_url[0] == '\0') {
		if (getenv("CI")) {
			fprintf(stderr, "api: CWYN_TEST_PG_URL is not set under CI: "
			                "the PostgreSQL half must run\n");
			failed++;
		} else {
			fprintf(stderr, "api: CWYN_TEST_PG_URL not set; skipping "
			                "the PostgreSQL half\n");
		}
	} else {
		failed += cmocka_run_group_tests_name("api_postgresql", pg_tests,
		                                      NULL, NULL);
	}
	curl_global_cleanup();
	return failed;
}
