/*
 * test_app.c — the use cases (src/app) end to end, on SQLite (a temporary
 * file per test) and on PostgreSQL (a fresh schema per test in the server
 * named by CWYN_TEST_PG_URL), the same tests on both. Without that
 * variable the PostgreSQL half is skipped with a notice, except under CI,
 * where a missing server is a failure.
 *
 * Dates in the tests are worked out by hand in the comments from the
 * working-day rules (reg 2: weekends, Christmas Day, Boxing Day, Good
 * Friday and bank holidays do not count; day 0 is never counted).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "core/arena.h"
#include "core/date.h"
#include "store/audit.h"
#include "store/store.h"

struct fixture {
	struct db *db;
	enum db_kind kind;
	char path[128];  /* SQLite file */
	char schema[64]; /* PostgreSQL schema */
	struct arena ar;
	struct policy *policy;
	struct calendar *cal;
	int64_t auth_a, auth_b;
	/* Users of authority A, one per role, and one of authority B. */
	struct app_actor officer, chair, manager, panel, investigator,
	    investigator2, auditor, admin, other_officer, b_officer;
};

static const char *pg_url;
static unsigned test_counter;

static cwyn_day day(const char *s)
{
	cwyn_day d = CWYN_DAY_NONE;
	assert_int_equal(date_parse(s, &d, "test", NULL), CWYN_OK);
	return d;
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(f->db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

static int64_t audit_entries(struct fixture *f)
{
	return count(f, "SELECT COUNT(*) FROM audit_log");
}

/* Rows in every table a use case may write (except the audit log). */
static int64_t all_rows(struct fixture *f)
{
	return count(f, "SELECT (SELECT COUNT(*) FROM cases)"
	                " + (SELECT COUNT(*) FROM complainants)"
	                " + (SELECT COUNT(*) FROM children)"
	                " + (SELECT COUNT(*) FROM matters)"
	                " + (SELECT COUNT(*) FROM stages)"
	                " + (SELECT COUNT(*) FROM clocks)"
	                " + (SELECT COUNT(*) FROM extensions)"
	                " + (SELECT COUNT(*) FROM events)"
	                " + (SELECT COUNT(*) FROM letters)"
	                " + (SELECT COUNT(*) FROM case_access)");
}

static void audit_ok(struct fixture *f)
{
	struct audit_report r;
	struct cwyn_error err = {0};
	assert_int_equal(audit_verify(f->db, &r, &err), CWYN_OK);
	assert_int_equal(r.kind, AUDIT_OK);
}

static int64_t make_authority(struct fixture *f, const char *code)
{
	struct store_authority a = {
	    .code = code,
	    .name_en = "Test Council",
	    .name_cy = "Cyngor Prawf",
	    .policy_id = "wales-2014",
	    .policy_version = 1,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_authority_create(f->db, &a, &err), CWYN_OK);
	return a.id;
}

static void make_user(struct fixture *f, int64_t authority,
                      const char *username, const char *role,
                      struct app_actor *out)
{
	struct store_user u = {
	    .authority_id = authority,
	    .username = username,
	    .display_name = username,
	    .role = role,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_user_create(f->db, &u, &err), CWYN_OK);
	assert_int_equal(app_actor_for_user(f->db, authority, username, out,
	                                    &err),
	                 CWYN_OK);
}

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	if (store_migrate(f->db, &err) != CWYN_OK) {
		fprintf(stderr, "migrate: %s: %s\n", err.field, err.message);
		return -1;
	}
	if (policy_load_with_calendar(NULL, &f->policy, &f->cal, &err) !=
	    CWYN_OK) {
		fprintf(stderr, "policy: %s: %s\n", err.field, err.message);
		return -1;
	}
	arena_init(&f->ar, 0);
	f->auth_a = make_authority(f, "aaa");
	f->auth_b = make_authority(f, "bbb");
	make_user(f, f->auth_a, "olwen", "complaints_officer", &f->officer);
	make_user(f, f->auth_a, "carys", "conference_chair", &f->chair);
	make_user(f, f->auth_a, "siân", "senior_manager", &f->manager);
	make_user(f, f->auth_a, "pedr", "panel_member", &f->panel);
	make_user(f, f->auth_a, "ifan", "investigator", &f->investigator);
	make_user(f, f->auth_a, "iola", "investigator", &f->investigator2);
	make_user(f, f->auth_a, "aled", "auditor", &f->auditor);
	make_user(f, f->auth_a, "admin", "administrator", &f->admin);
	make_user(f, f->auth_a, "owain", "complaints_officer",
	          &f->other_officer);
	make_user(f, f->auth_b, "bethan", "complaints_officer", &f->b_officer);
	return 0;
}

static int setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "/tmp/cwyn-test-app-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	char url[160];
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	struct cwyn_error err = {0};
	if (db_open(url, &f->db, &err) != CWYN_OK) {
		fprintf(stderr, "open %s: %s\n", url, err.message);
		return -1;
	}
	f->kind = DB_SQLITE;
	*state = f;
	return setup_common(f);
}

static int setup_pg(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	struct cwyn_error err = {0};
	if (db_open(pg_url, &f->db, &err) != CWYN_OK) {
		fprintf(stderr, "open PostgreSQL: %s\n", err.message);
		free(f);
		return -1;
	}
	f->kind = DB_POSTGRES;
	/* A fresh schema per test: parallel runs never see each other. */
	snprintf(f->schema, sizeof f->schema, "app_%ld_%d_%u",
	         (long)time(NULL), (int)getpid(), test_counter++);
	char sql[256];
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s; SET search_path TO %s",
	         f->schema, f->schema);
	if (db_exec_script(f->db, sql, &err) != CWYN_OK) {
		fprintf(stderr, "schema: %s\n", err.message);
		return -1;
	}
	*state = f;
	return setup_common(f);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	if (f->kind == DB_POSTGRES && f->db) {
		char sql[128];
		struct cwyn_error err = {0};
		db_rollback(f->db);
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", f->schema);
		db_exec_script(f->db, sql, &err);
	}
	if (f->db)
		db_close(f->db);
	if (f->kind == DB_SQLITE && f->path[0]) {
		char extra[160];
		unlink(f->path);
		snprintf(extra, sizeof extra, "%s-wal", f->path);
		unlink(extra);
		snprintf(extra, sizeof extra, "%s-shm", f->path);
		unlink(extra);
	}
	policy_free(f->policy);
	calendar_free(f->cal);
	arena_free(&f->ar);
	free(f);
	return 0;
}

static struct app_ctx ctx_as(struct fixture *f, const struct app_actor *a,
                             const char *today)
{
	struct app_ctx c = {
	    .db = f->db,
	    .policy = f->policy,
	    .cal = f->cal,
	    .actor = *a,
	    .today = day(today),
	};
	return c;
}

/* ---- Facts used by the tests ---------------------------------------------- */

/*
 * A mixed complaint received on Wed 2026-12-23, a child at risk now:
 *  1. the registration category (a conference matter; minutes sent Fri
 *     2026-12-04) -> the conference chair;
 *  2. the council failed to act on a report -> Stage 1;
 *  3. a police officer at the conference -> the police's own procedure;
 *  4. the decision to start proceedings -> excluded (court).
 */
static const char mixed_facts[] =
    "{\"received\": \"2026-12-23\", \"at_risk_now\": true,"
    " \"complainant\": {\"relationship\": \"parent\"},"
    " \"children\": [{\"label\": \"A\", \"age\": 7}],"
    " \"matters\": ["
    "  {\"id\": \"category\", \"subject\": \"registration_category\","
    "   \"summary\": \"Wrong category\","
    "   \"dates\": {\"conference_held\": \"2026-12-01\","
    "              \"minutes_sent\": \"2026-12-04\"}},"
    "  {\"id\": \"failure\", \"subject\": \"failure_to_act\","
    "   \"dates\": {\"event\": \"2026-11-20\"}},"
    "  {\"id\": \"officer\", \"subject\": \"staff_conduct\","
    "   \"agency\": \"police\", \"agency_name\": \"Dyfed-Powys Police\","
    "   \"worker_attended_conference\": true},"
    "  {\"id\": \"proceedings\","
    "   \"subject\": \"decision_to_start_proceedings\"}]}";

/* A council matter only, received on Mon 2027-01-04. */
static const char stage1_facts[] =
    "{\"received\": \"2027-01-04\","
    " \"complainant\": {\"relationship\": \"parent\"},"
    " \"matters\": [{\"id\": \"m1\", \"subject\": \"failure_to_act\","
    "   \"summary\": \"No visit after the referral\","
    "   \"dates\": {\"event\": \"2026-12-10\"}}]}";

static struct app_case_ref intake(struct fixture *f,
                                  const struct app_actor *who,
                                  const char *today, const char *facts,
                                  const char *channel, bool restricted,
                                  const int64_t *named, size_t n_named)
{
	struct app_ctx ctx = ctx_as(f, who, today);
	struct app_intake in = {
	    .facts_json = facts,
	    .facts_len = strlen(facts),
	    .complainant = {.name = "Ms A", .email = "a@example.org"},
	    .channel = channel,
	    .restricted = restricted,
	    .named_users = named,
	    .n_named_users = n_named,
	};
	struct app_intake_result r;
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_intake(&ctx, &in, &r, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "intake: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	return r.ref;
}

/* A clock of the case by timescale (and matter seq; 0 = case level). */
static const struct store_clock *clock_of(const struct app_case_view *v,
                                          const char *ts, int seq)
{
	for (size_t i = 0; i < v->n_clocks; i++) {
		if (strcmp(v->clocks[i].timescale, ts) != 0)
			continue;
		int s = 0;
		for (size_t k = 0; k < v->n_matters; k++)
			if (v->matters[k].id == v->clocks[i].matter_id)
				s = v->matters[k].seq;
		if (s == seq)
			return &v->clocks[i];
	}
	return NULL;
}

static struct app_case_view read_case(struct fixture *f,
                                      const struct app_actor *who,
                                      const char *today, const char *ref)
{
	struct app_ctx ctx = ctx_as(f, who, today);
	struct app_case_view v;
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_case_read(&ctx, ref, &f->ar, &v, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "read: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	return v;
}

/* ---- Intake --------------------------------------------------------------- */

static void intake_splits_a_mixed_complaint(void **state)
{
	struct fixture *f = *state;
	int64_t audits = audit_entries(f);
	struct app_case_ref r = intake(f, &f->officer, "2026-12-23",
	                               mixed_facts, NULL, false, NULL, 0);
	assert_string_equal(r.reference, "CP-2026-00001");
	assert_int_equal(r.version, 1);
	assert_int_equal(audit_entries(f), audits + 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), 1);

	struct app_case_view v = read_case(f, &f->officer, "2026-12-23",
	                                   r.reference);
	assert_string_equal(v.c.overall_route, "split");
	assert_int_equal(v.n_matters, 4);
	const char *routes[] = {"conference_chair", "council_stage1",
	                        "other_agency", "excluded_court"};
	const char *kinds[] = {"conference", "stage1", "referral", "excluded"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(v.matters[i].seq, (int)i + 1);
		assert_string_equal(v.matters[i].route, routes[i]);
		assert_non_null(v.matters[i].decision_json);
		const struct store_stage *s =
		    app_view_current_stage(&v, v.matters[i].id);
		assert_non_null(s);
		assert_string_equal(s->kind, kinds[i]);
	}
	assert_string_equal(v.matters[2].agency_name, "Dyfed-Powys Police");
	assert_int_equal(v.n_complainants, 1);
	assert_string_equal(v.complainants[0].name, "Ms A");
	assert_int_equal(v.n_children, 1);
	assert_string_equal(v.children[0].label, "A");

	/* One acknowledgement for the whole complaint: 2 WD after Wed
	 * 2026-12-23 is Thu 24 (1; Christmas Eve is a working day), Fri 25
	 * Christmas Day, the weekend, Mon 28 Boxing Day (substitute day),
	 * Tue 29 (2). */
	const struct store_clock *ack = clock_of(&v, "ack", 0);
	assert_non_null(ack);
	assert_int_equal(ack->due_on, day("2026-12-29"));
	assert_string_equal(ack->state, "running");
	assert_non_null(strstr(ack->derivation_json, "Christmas Day"));
	assert_non_null(strstr(ack->derivation_json, "\"kind\":\"weekend\""));
	size_t acks = 0;
	for (size_t i = 0; i < v.n_clocks; i++)
		acks += strcmp(v.clocks[i].timescale, "ack") == 0;
	assert_int_equal(acks, 1);

	/* The chair's 7 calendar days from receipt: Wed 2026-12-30. */
	const struct store_clock *chair = clock_of(&v, "conf_chair_resolve", 1);
	assert_non_null(chair);
	assert_int_equal(chair->due_on, day("2026-12-30"));

	/* The conference window: 14 WD after Fri 2026-12-04 (7-11 Dec = 5,
	 * 14-18 = 10, 21-24 = 14) is Thu 2026-12-24; received on the 23rd,
	 * in time, so the window clock is stopped and not breached. */
	const struct store_clock *win = clock_of(&v, "conf_complaint", 1);
	assert_non_null(win);
	assert_int_equal(win->due_on, day("2026-12-24"));
	assert_string_equal(win->state, "stopped");
	assert_false(win->breached);
	assert_int_equal(v.n_clocks, 3);
	audit_ok(f);
}

static void safeguarding_alert_comes_first(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2026-12-23",
	                               mixed_facts, NULL, false, NULL, 0);
	struct app_case_view v = read_case(f, &f->officer, "2026-12-23",
	                                   r.reference);
	assert_true(v.c.safeguarding_alert);
	assert_true(v.n_events > 3);
	assert_string_equal(v.events[0].kind, "safeguarding_alert");
	assert_non_null(strstr(v.events[0].detail_json, "safeguarding"));

	/* Without a child at risk: no alert, and the case is created
	 * first. */
	r = intake(f, &f->officer, "2027-01-04", stage1_facts, NULL, false,
	           NULL, 0);
	v = read_case(f, &f->officer, "2027-01-04", r.reference);
	assert_false(v.c.safeguarding_alert);
	assert_string_equal(v.events[0].kind, "case.created");
	for (size_t i = 0; i < v.n_events; i++)
		assert_string_not_equal(v.events[i].kind, "safeguarding_alert");
}

static void oral_complaint_awaits_agreement(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, "oral", false, NULL, 0);
	struct app_case_view v = read_case(f, &f->officer, "2027-01-04",
	                                   r.reference);
	assert_string_equal(v.c.channel, "oral");
	assert_int_equal(v.c.written_record_agreed_on, CWYN_DAY_NONE);
	bool waiting = false;
	for (size_t i = 0; i < v.n_events; i++)
		waiting |= strcmp(v.events[i].kind,
		                  "written_record.awaiting_agreement") == 0;
	assert_true(waiting);

	/* The complainant agrees and signs; only once. */
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-05");
	struct cwyn_error err = {0};
	struct app_case_ref out;
	assert_int_equal(app_agree(&ctx, r.reference, r.version, "  ", &out,
	                           &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "signature");
	assert_int_equal(app_agree(&ctx, r.reference, r.version, "Ann Jones",
	                           &out, &err),
	                 CWYN_OK);
	assert_int_equal(out.version, r.version + 1);
	v = read_case(f, &f->officer, "2027-01-05", r.reference);
	assert_int_equal(v.c.written_record_agreed_on, day("2027-01-05"));
	assert_string_equal(v.c.signature, "Ann Jones");
	assert_int_equal(app_agree(&ctx, r.reference, out.version, "Ann Jones",
	                           &out, &err),
	                 CWYN_ESTATE);

	/* A written complaint has nothing to agree. */
	r = intake(f, &f->officer, "2027-01-04", stage1_facts, NULL, false,
	           NULL, 0);
	assert_int_equal(app_agree(&ctx, r.reference, r.version, "Ann Jones",
	                           &out, &err),
	                 CWYN_ESTATE);
}

static void bad_facts_change_nothing(void **state)
{
	struct fixture *f = *state;
	int64_t rows = all_rows(f), audits = audit_entries(f);
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-04");
	const char *bad = "{\"matters\": [{\"subject\": \"no_such_subject\"}]}";
	struct app_intake in = {.facts_json = bad, .facts_len = strlen(bad)};
	struct app_intake_result r;
	struct cwyn_error err = {0};
	assert_int_equal(app_intake(&ctx, &in, &r, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "matters[0].subject");
	in.facts_json = stage1_facts;
	in.facts_len = strlen(stage1_facts);
	in.channel = "fax";
	assert_int_equal(app_intake(&ctx, &in, &r, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "channel");
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(audit_entries(f), audits);
	/* A refused intake does not use up a reference. */
	struct app_case_ref ok = intake(f, &f->officer, "2027-01-04",
	                                stage1_facts, NULL, false, NULL, 0);
	assert_string_equal(ok.reference, "CP-2027-00001");
}

static void only_case_workers_create_cases(void **state)
{
	struct fixture *f = *state;
	int64_t rows = all_rows(f), audits = audit_entries(f);
	const struct app_actor *refused[] = {&f->auditor, &f->admin,
	                                     &f->panel, &f->investigator};
	for (size_t i = 0; i < 4; i++) {
		struct app_ctx ctx = ctx_as(f, refused[i], "2027-01-04");
		struct app_intake in = {.facts_json = stage1_facts,
		                        .facts_len = strlen(stage1_facts)};
		struct app_intake_result r;
		struct cwyn_error err = {0};
		assert_int_equal(app_intake(&ctx, &in, &r, &err),
		                 CWYN_EFORBIDDEN);
	}
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(audit_entries(f), audits);
	intake(f, &f->chair, "2027-01-04", stage1_facts, NULL, false, NULL, 0);
	intake(f, &f->manager, "2027-01-04", stage1_facts, NULL, false, NULL,
	       0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), 2);
}

#define APP_TESTS(setup)                                                     \
	{                                                                    \
	    cmocka_unit_test_setup_teardown(intake_splits_a_mixed_complaint, \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(safeguarding_alert_comes_first,  \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(oral_complaint_awaits_agreement, \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(bad_facts_change_nothing, setup, \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(only_case_workers_create_cases,  \
	                                    setup, teardown),                \
	}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = APP_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = APP_TESTS(setup_pg);
	int failed = cmocka_run_group_tests_name("app_sqlite", sqlite_tests,
	                                         NULL, NULL);
	pg_url = getenv("CWYN_TEST_PG_URL");
	if (pg_url == NULL || pg_url[0] == '\0') {
		if (getenv("CI")) {
			fprintf(stderr, "app: CWYN_TEST_PG_URL is not set under "
			                "CI: the PostgreSQL half must run\n");
			return 1;
		}
		fprintf(stderr, "app: CWYN_TEST_PG_URL not set; skipping the "
		                "PostgreSQL half\n");
		return failed;
	}
	failed += cmocka_run_group_tests_name("app_postgresql", pg_tests, NULL,
	                                      NULL);
	return failed;
}
