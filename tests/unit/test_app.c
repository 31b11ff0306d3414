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
#include "app/case_json.h"
#include "app/policy_file.h"
#include "core/arena.h"
#include "core/date.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"
#include "support/test_people.h"

struct fixture {
	struct db *db;
	enum db_kind kind;
	struct test_db t; /* the database, on either backend */
	struct arena ar;
	struct policy *policy;
	struct calendar *cal;
	int64_t auth_a, auth_b;
	/* Users of authority A, one per role, and one of authority B. */
	struct app_actor officer, chair, manager, panel, investigator,
	    investigator2, auditor, admin, other_officer, b_officer;
};


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
	return test_authority(f->db, code);
}

static void make_user(struct fixture *f, int64_t authority,
                      const char *username, const char *role,
                      struct app_actor *out)
{
	test_staff(f->db, authority, username, NULL, role, out);
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

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "app", true) != 0) {
		free(f);
		return -1;
	}
	f->db = f->t.db;
	f->kind = kind;
	*state = f;
	return setup_common(f);
}

static int setup_sqlite(void **state)
{
	return setup_backend(state, DB_SQLITE);
}

static int setup_pg(void **state)
{
	return setup_backend(state, DB_POSTGRES);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	test_db_destroy(&f->t);
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

/* ---- Advancing -------------------------------------------------------------- */

static enum cwyn_code advance(struct fixture *f, const struct app_actor *who,
                              const char *today, const char *ref,
                              int64_t version, int seq,
                              enum stage_action action, enum outcome o,
                              int64_t *new_version, struct cwyn_error *err)
{
	struct app_ctx ctx = ctx_as(f, who, today);
	struct app_advance in = {
	    .reference = ref,
	    .version = version,
	    .matter_seq = seq,
	    .action = action,
	    .outcome = o,
	    .investigator_independent = true,
	    .investigator_user_id =
	        action == ACT_APPOINT_INVESTIGATOR ? f->investigator.user_id : 0,
	    .on = CWYN_DAY_NONE,
	};
	struct app_case_ref out;
	memset(err, 0, sizeof *err);
	enum cwyn_code rc = app_advance(&ctx, &in, &out, err);
	if (rc == CWYN_OK && new_version)
		*new_version = out.version;
	return rc;
}

static void ok_advance(struct fixture *f, const char *today, const char *ref,
                       int64_t *version, int seq, enum stage_action action,
                       enum outcome o)
{
	struct cwyn_error err;
	int64_t audits = audit_entries(f);
	enum cwyn_code rc = advance(f, &f->officer, today, ref, *version, seq,
	                            action, o, version, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "advance %s: %s: %s\n", stage_action_name(action),
		        err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	assert_int_equal(audit_entries(f), audits + 1);
}

static void illegal_advance_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	int64_t rows = all_rows(f), audits = audit_entries(f);
	struct cwyn_error err;
	/* Received, not acknowledged: the response cannot be sent. */
	assert_int_equal(advance(f, &f->officer, "2027-01-05", r.reference,
	                         r.version, 1, ACT_SEND_RESPONSE, OUTCOME_NONE,
	                         NULL, &err),
	                 CWYN_ESTATE);
	assert_string_equal(err.field, "action");
	assert_non_null(strstr(err.message, "Allowed now"));
	/* No such matter; an outcome the step does not record. */
	assert_int_equal(advance(f, &f->officer, "2027-01-05", r.reference,
	                         r.version, 7, ACT_ACKNOWLEDGE, OUTCOME_NONE,
	                         NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "matter");
	assert_int_equal(advance(f, &f->officer, "2027-01-05", r.reference,
	                         r.version, 1, ACT_ACKNOWLEDGE, OUTCOME_UPHELD,
	                         NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "outcome");
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(audit_entries(f), audits);
	struct app_case_view v = read_case(f, &f->officer, "2027-01-05",
	                                   r.reference);
	assert_int_equal(v.c.version, r.version);
	assert_string_equal(app_view_current_stage(&v, v.matters[0].id)->state,
	                    "s1_received");
	audit_ok(f);
}

static void stage1_to_stage2_to_closed(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	int64_t v = r.version;
	const char *ref = r.reference;
	/* Acknowledged on Tue 2027-01-05, in time (due Wed 6th). The
	 * discussion is then due 10 WD after Tue 5th: 6-8 Jan (3), 11-15
	 * (8), 18-19 (10): Tue 2027-01-19. */
	ok_advance(f, "2027-01-05", ref, &v, 1, ACT_ACKNOWLEDGE, OUTCOME_NONE);
	struct app_case_view cv = read_case(f, &f->officer, "2027-01-05", ref);
	const struct store_clock *k = clock_of(&cv, "ack", 0);
	assert_string_equal(k->state, "stopped");
	assert_false(k->breached);
	k = clock_of(&cv, "s1_discussion", 1);
	assert_non_null(k);
	assert_int_equal(k->due_on, day("2027-01-19"));
	assert_int_equal(cv.c.version, v);

	ok_advance(f, "2027-01-12", ref, &v, 1, ACT_RECORD_DISCUSSION,
	           OUTCOME_NONE);
	/* Still dissatisfied: Stage 2 on Thu 2027-01-14. The response is due
	 * 25 WD later: 15 Jan (1), 18-22 (6), 25-29 (11), 1-5 Feb (16), 8-12
	 * (21), 15-18 (25): Thu 2027-02-18. */
	ok_advance(f, "2027-01-14", ref, &v, 1, ACT_REQUEST_STAGE2,
	           OUTCOME_NONE);
	cv = read_case(f, &f->officer, "2027-01-14", ref);
	assert_int_equal(cv.n_stages, 2);
	assert_string_equal(cv.stages[0].kind, "stage1");
	assert_int_equal(cv.stages[0].closed_on, day("2027-01-14"));
	assert_string_equal(cv.stages[1].kind, "stage2");
	assert_string_equal(cv.stages[1].state, "s2_requested");
	assert_string_equal(cv.matters[0].route, "council_stage2");
	assert_string_equal(cv.c.overall_route, "council_stage2");
	k = clock_of(&cv, "s2_response", 1);
	assert_non_null(k);
	assert_int_equal(k->due_on, day("2027-02-18"));
	assert_int_equal(k->stage_id, cv.stages[1].id);

	ok_advance(f, "2027-01-15", ref, &v, 1, ACT_ACKNOWLEDGE, OUTCOME_NONE);
	ok_advance(f, "2027-01-18", ref, &v, 1, ACT_APPOINT_INVESTIGATOR,
	           OUTCOME_NONE);
	ok_advance(f, "2027-02-10", ref, &v, 1, ACT_RECEIVE_REPORT,
	           OUTCOME_NONE);
	ok_advance(f, "2027-02-17", ref, &v, 1, ACT_SEND_RESPONSE,
	           OUTCOME_NONE);
	ok_advance(f, "2027-02-17", ref, &v, 1, ACT_CLOSE,
	           OUTCOME_PARTLY_UPHELD);

	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-02-17");
	struct app_case_ref out;
	struct cwyn_error err = {0};
	int64_t audits = audit_entries(f);
	assert_int_equal(app_close(&ctx, ref, v, OUTCOME_PARTLY_UPHELD,
	                           "response sent", &out, &err),
	                 CWYN_OK);
	assert_int_equal(audit_entries(f), audits + 1);
	cv = read_case(f, &f->officer, "2027-02-17", ref);
	assert_string_equal(cv.c.status, "closed");
	assert_string_equal(cv.c.outcome, "partly_upheld");
	assert_string_equal(cv.stages[1].state, "s2_closed");
	assert_string_equal(cv.stages[1].outcome, "partly_upheld");
	assert_int_equal(cv.stages[1].investigator_user_id,
	                 f->investigator.user_id);
	k = clock_of(&cv, "s2_response", 1);
	assert_string_equal(k->state, "stopped");
	assert_false(k->breached);
	for (size_t i = 0; i < cv.n_clocks; i++)
		assert_string_equal(cv.clocks[i].state, "stopped");
	/* Closed: no more steps until reopened, with a reason. */
	assert_int_equal(advance(f, &f->officer, "2027-02-18", ref, out.version,
	                         1, ACT_REOPEN, OUTCOME_NONE, NULL, &err),
	                 CWYN_ESTATE);
	assert_int_equal(app_reopen(&ctx, ref, out.version, "", &out, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(app_reopen(&ctx, ref, out.version,
	                            "new evidence from the family", &out,
	                            &err),
	                 CWYN_OK);
	cv = read_case(f, &f->officer, "2027-02-18", ref);
	assert_string_equal(cv.c.status, "open");
	assert_string_equal(cv.events[cv.n_events - 1].kind, "case.reopened");
	assert_non_null(strstr(cv.events[cv.n_events - 1].detail_json,
	                       "new evidence"));
	audit_ok(f);
}

static void close_needs_stages_over_unless_withdrawn(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-05");
	struct app_case_ref out;
	struct cwyn_error err = {0};
	int64_t rows = all_rows(f);
	assert_int_equal(app_close(&ctx, r.reference, r.version,
	                           OUTCOME_UPHELD, NULL, &out, &err),
	                 CWYN_ESTATE);
	assert_string_equal(err.field, "matters");
	assert_int_equal(app_close(&ctx, r.reference, r.version,
	                           OUTCOME_REFERRED, NULL, &out, &err),
	                 CWYN_EINVAL);
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(app_close(&ctx, r.reference, r.version,
	                           OUTCOME_WITHDRAWN, "complainant phoned",
	                           &out, &err),
	                 CWYN_OK);
	struct app_case_view v = read_case(f, &f->officer, "2027-01-05",
	                                   r.reference);
	assert_string_equal(v.c.status, "closed");
	assert_string_equal(v.c.outcome, "withdrawn");
	assert_string_equal(v.stages[0].state, "s1_withdrawn");
	assert_string_equal(clock_of(&v, "ack", 0)->state, "stopped");
}

/* ---- Extensions and concurrency -------------------------------------------- */

static void extension_needs_agreement(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	int64_t v = r.version;
	ok_advance(f, "2027-01-05", r.reference, &v, 1, ACT_ACKNOWLEDGE,
	           OUTCOME_NONE);
	struct app_case_view cv = read_case(f, &f->officer, "2027-01-05",
	                                    r.reference);
	const struct store_clock *disc = clock_of(&cv, "s1_discussion", 1);
	const struct store_clock *ack = clock_of(&cv, "ack", 0);
	int64_t rows = all_rows(f), audits = audit_entries(f);
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-08");
	struct app_case_ref out;
	struct cwyn_error err = {0};
	struct app_extend in = {
	    .reference = r.reference,
	    .version = v,
	    .clock_id = disc->id,
	    .agreed_on = CWYN_DAY_NONE,
	    .new_due = CWYN_DAY_NONE,
	    .extra_days = 5,
	    .reason = "the complainant is in hospital",
	    .exceptional = true,
	};
	/* No agreement recorded: refused, nothing changed. */
	assert_int_equal(app_extend(&ctx, &in, &out, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "agreed_on");
	in.agreed_on = day("2027-01-08");
	assert_int_equal(app_extend(&ctx, &in, &out, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "agreed_with");
	/* Stage 1 needs exceptional circumstances (reg 16(4)). */
	in.agreed_with = "the complainant, Ms A (phone call)";
	in.exceptional = false;
	assert_int_equal(app_extend(&ctx, &in, &out, &err), CWYN_ESTATE);
	assert_string_equal(err.field, "exceptional");
	/* The acknowledgement is never extended. */
	in.exceptional = true;
	in.clock_id = ack->id;
	assert_int_equal(app_extend(&ctx, &in, &out, &err), CWYN_ESTATE);
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(audit_entries(f), audits);

	/* Agreed: due Tue 2027-01-19 + 5 WD (20, 21, 22, 25, 26) = Tue
	 * 2027-01-26. */
	in.clock_id = disc->id;
	assert_int_equal(app_extend(&ctx, &in, &out, &err), CWYN_OK);
	assert_int_equal(audit_entries(f), audits + 1);
	assert_int_equal(out.version, v + 1);
	cv = read_case(f, &f->officer, "2027-01-08", r.reference);
	disc = clock_of(&cv, "s1_discussion", 1);
	assert_int_equal(disc->due_on, day("2027-01-26"));
	assert_int_equal(disc->extension_wd, 5);
	assert_int_equal(cv.n_extensions, 1);
	assert_int_equal(cv.extensions[0].old_due, day("2027-01-19"));
	assert_int_equal(cv.extensions[0].new_due, day("2027-01-26"));
	assert_int_equal(cv.extensions[0].recorded_by, f->officer.user_id);
	assert_non_null(strstr(disc->derivation_json, "\"n_extensions\":1"));
	audit_ok(f);
}

static void stale_version_is_a_conflict(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, "oral", false, NULL, 0);
	struct cwyn_error err;
	int64_t v2;
	/* Two people saw version 1; the first one acts. */
	assert_int_equal(advance(f, &f->officer, "2027-01-05", r.reference,
	                         r.version, 1, ACT_ACKNOWLEDGE, OUTCOME_NONE,
	                         &v2, &err),
	                 CWYN_OK);
	assert_int_equal(v2, r.version + 1);
	int64_t rows = all_rows(f), audits = audit_entries(f);
	assert_int_equal(advance(f, &f->other_officer, "2027-01-05",
	                         r.reference, r.version, 1,
	                         ACT_RECORD_DISCUSSION, OUTCOME_NONE, NULL,
	                         &err),
	                 CWYN_ECONFLICT);
	assert_string_equal(err.field, "version");
	assert_non_null(strstr(err.message, "changed by someone else"));
	struct app_ctx ctx = ctx_as(f, &f->other_officer, "2027-01-05");
	struct app_case_ref out;
	assert_int_equal(app_agree(&ctx, r.reference, r.version, "Ann", &out,
	                           &err),
	                 CWYN_ECONFLICT);
	assert_int_equal(app_close(&ctx, r.reference, r.version,
	                           OUTCOME_WITHDRAWN, NULL, &out, &err),
	                 CWYN_ECONFLICT);
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(audit_entries(f), audits);
	/* With the version they now see, it goes through. */
	assert_int_equal(app_agree(&ctx, r.reference, v2, "Ann", &out, &err),
	                 CWYN_OK);
}

/* ---- Audit ------------------------------------------------------------------- */

static void every_use_case_writes_one_audit_entry(void **state)
{
	struct fixture *f = *state;
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-04");
	struct cwyn_error err = {0};
	struct app_case_ref out;
	int64_t a = audit_entries(f);

	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, "oral", false, NULL, 0);
	assert_int_equal(audit_entries(f), ++a);
	struct app_case_view v = read_case(f, &f->officer, "2027-01-04",
	                                   r.reference);
	assert_int_equal(audit_entries(f), ++a);
	struct app_case_list_in li = {0};
	struct store_case *rows;
	size_t n;
	bool more;
	assert_int_equal(app_case_list(&ctx, &li, &f->ar, &rows, &n, &more,
	                               &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(audit_entries(f), ++a);
	assert_int_equal(app_agree(&ctx, r.reference, 0, "Ann", &out, &err),
	                 CWYN_OK);
	assert_int_equal(audit_entries(f), ++a);
	int64_t ver = out.version;
	ok_advance(f, "2027-01-04", r.reference, &ver, 1, ACT_ACKNOWLEDGE,
	           OUTCOME_NONE);
	a++;
	v = read_case(f, &f->officer, "2027-01-04", r.reference);
	a++;
	struct app_extend ex = {
	    .reference = r.reference,
	    .clock_id = clock_of(&v, "s1_discussion", 1)->id,
	    .agreed_on = day("2027-01-04"),
	    .agreed_with = "complainant",
	    .reason = "illness",
	    .extra_days = 2,
	    .new_due = CWYN_DAY_NONE,
	    .exceptional = true,
	};
	assert_int_equal(app_extend(&ctx, &ex, &out, &err), CWYN_OK);
	assert_int_equal(audit_entries(f), ++a);
	assert_int_equal(app_route(&ctx, r.reference, 0, stage1_facts,
	                           strlen(stage1_facts), &out, &err),
	                 CWYN_OK);
	assert_int_equal(audit_entries(f), ++a);
	struct app_overdue_item *items;
	assert_int_equal(app_overdue(&ctx, 5, &f->ar, &items, &n, &err),
	                 CWYN_OK);
	assert_int_equal(audit_entries(f), ++a);
	assert_int_equal(app_close(&ctx, r.reference, 0, OUTCOME_WITHDRAWN,
	                           NULL, &out, &err),
	                 CWYN_OK);
	assert_int_equal(audit_entries(f), ++a);
	assert_int_equal(app_reopen(&ctx, r.reference, 0, "asked again", &out,
	                            &err),
	                 CWYN_OK);
	assert_int_equal(audit_entries(f), ++a);
	audit_ok(f);
}

static void case_read_is_audited(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	read_case(f, &f->auditor, "2027-01-05", r.reference);
	char sql[256];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM audit_log WHERE action = 'case.read'"
	         " AND actor = 'aled' AND case_id = %lld",
	         (long long)r.case_id);
	assert_int_equal(count(f, sql), 1);
	read_case(f, &f->officer, "2027-01-05", r.reference);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'case.read'"),
	                 2);
	audit_ok(f);
}

/* ---- Route -------------------------------------------------------------------- */

static void route_again_after_facts_change(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	/* Stage 1 was answered and the complainant wants Stage 2. */
	const char *facts2 =
	    "{\"received\": \"2027-01-04\","
	    " \"complainant\": {\"relationship\": \"parent\"},"
	    " \"matters\": [{\"id\": \"m1\", \"subject\": \"failure_to_act\","
	    "   \"dates\": {\"event\": \"2026-12-10\"},"
	    "   \"council\": {\"stage\": \"stage1_answered\","
	    "     \"acknowledged\": \"2027-01-05\","
	    "     \"stage1_answered\": \"2027-01-11\","
	    "     \"still_dissatisfied\": true, \"wants_stage2\": true}},"
	    "  {\"id\": \"m2\", \"subject\": \"staff_conduct\","
	    "   \"agency\": \"health\", \"agency_name\": \"Hywel Dda\"}]}";
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-12");
	struct app_case_ref out;
	struct cwyn_error err = {0};
	assert_int_equal(app_route(&ctx, r.reference, r.version + 5, facts2,
	                           strlen(facts2), &out, &err),
	                 CWYN_ECONFLICT);
	assert_int_equal(app_route(&ctx, r.reference, r.version, facts2,
	                           strlen(facts2), &out, &err),
	                 CWYN_OK);
	assert_int_equal(out.version, r.version + 1);
	struct app_case_view v = read_case(f, &f->officer, "2027-01-12",
	                                   r.reference);
	assert_int_equal(v.n_matters, 2);
	assert_string_equal(v.matters[0].route, "council_stage2");
	assert_string_equal(v.matters[1].route, "other_agency");
	assert_string_equal(v.c.overall_route, "split");
	const struct store_stage *s = app_view_current_stage(&v,
	                                                     v.matters[0].id);
	assert_string_equal(s->kind, "stage2");
	/* The new Stage 2 clock runs from the re-triage day, Tue
	 * 2027-01-12: 25 WD later is Tue 2027-02-16. */
	assert_int_equal(clock_of(&v, "s2_response", 1)->due_on,
	                 day("2027-02-16"));
	bool rerouted = false;
	for (size_t i = 0; i < v.n_events; i++)
		rerouted |= strcmp(v.events[i].kind, "matter.rerouted") == 0;
	assert_true(rerouted);
	/* Matters are never removed. */
	int64_t rows = all_rows(f);
	assert_int_equal(app_route(&ctx, r.reference, out.version,
	                           stage1_facts, strlen(stage1_facts), &out,
	                           &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "matters");
	assert_int_equal(all_rows(f), rows);
}

/* ---- Overdue -------------------------------------------------------------------- */

static const struct app_overdue_item *
item_of(const struct app_overdue_item *it, size_t n, const char *ref,
        enum ts_id ts)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(it[i].reference, ref) == 0 && it[i].ts == ts)
			return &it[i];
	return NULL;
}

static void overdue_lists_breaches_and_near_misses(void **state)
{
	struct fixture *f = *state;
	/* B: received Wed 2026-12-23, ack due Tue 2026-12-29. */
	struct app_case_ref b = intake(f, &f->officer, "2026-12-23",
	                               mixed_facts, NULL, false, NULL, 0);
	/* A: received Mon 2027-01-04, ack due Wed 2027-01-06. */
	struct app_case_ref a = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-04");
	struct app_overdue_item *it;
	size_t n;
	struct cwyn_error err = {0};
	assert_int_equal(app_overdue(&ctx, 2, &f->ar, &it, &n, &err), CWYN_OK);
	/* B's acknowledgement: past due by the working days in (Tue 29 Dec,
	 * Mon 4 Jan]: Wed 30, Thu 31, Mon 4 (1 Jan is a bank holiday) = 3. */
	const struct app_overdue_item *x = item_of(it, n, b.reference, TS_ACK);
	assert_non_null(x);
	assert_true(x->breached);
	assert_int_equal(x->due_on, day("2026-12-29"));
	assert_int_equal(x->days_overdue, 3);
	/* B's chair clock, 7 calendar days to Wed 30 Dec: Thu 31, Mon 4 =
	 * 2 working days over. */
	x = item_of(it, n, b.reference, TS_CONF_CHAIR_RESOLVE);
	assert_non_null(x);
	assert_int_equal(x->days_overdue, 2);
	assert_int_equal(x->matter_seq, 1);
	/* A's acknowledgement is due within 2 WD (Tue 5, Wed 6). */
	x = item_of(it, n, a.reference, TS_ACK);
	assert_non_null(x);
	assert_false(x->breached);
	assert_int_equal(x->due_in_wd, 2);
	assert_int_equal(n, 3);
	/* Earliest first. */
	assert_string_equal(it[0].reference, b.reference);
	/* Within 1 WD, A's is not due yet. */
	assert_int_equal(app_overdue(&ctx, 1, &f->ar, &it, &n, &err), CWYN_OK);
	assert_null(item_of(it, n, a.reference, TS_ACK));
	assert_int_equal(n, 2);
	assert_int_equal(app_overdue(&ctx, -1, &f->ar, &it, &n, &err),
	                 CWYN_ERANGE);
	/* The overdue filter of the case list agrees. */
	struct app_case_list_in li = {.overdue_only = true};
	struct store_case *rows;
	bool more;
	assert_int_equal(app_case_list(&ctx, &li, &f->ar, &rows, &n, &more,
	                               &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].reference, b.reference);
}

/* ---- Authorisation ---------------------------------------------------------------- */

static enum cwyn_code try_read(struct fixture *f, const struct app_actor *who,
                               const char *ref)
{
	struct app_ctx ctx = ctx_as(f, who, "2027-01-05");
	struct app_case_view v;
	struct cwyn_error err = {0};
	return app_case_read(&ctx, ref, &f->ar, &v, &err);
}

static size_t visible_cases(struct fixture *f, const struct app_actor *who)
{
	struct app_ctx ctx = ctx_as(f, who, "2027-01-05");
	struct app_case_list_in li = {0};
	struct store_case *rows;
	size_t n = 0;
	bool more;
	struct cwyn_error err = {0};
	assert_int_equal(app_case_list(&ctx, &li, &f->ar, &rows, &n, &more,
	                               &err),
	                 CWYN_OK);
	return n;
}

static void investigator_sees_only_assigned_cases(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	intake(f, &f->officer, "2027-01-04", stage1_facts, NULL, false, NULL,
	       0);
	assert_int_equal(try_read(f, &f->investigator, r.reference),
	                 CWYN_ENOTFOUND);
	assert_int_equal(visible_cases(f, &f->investigator), 0);
	int64_t v = r.version;
	ok_advance(f, "2027-01-05", r.reference, &v, 1, ACT_REQUEST_STAGE2,
	           OUTCOME_NONE);
	ok_advance(f, "2027-01-05", r.reference, &v, 1, ACT_ACKNOWLEDGE,
	           OUTCOME_NONE);
	ok_advance(f, "2027-01-05", r.reference, &v, 1,
	           ACT_APPOINT_INVESTIGATOR, OUTCOME_NONE);
	assert_int_equal(try_read(f, &f->investigator, r.reference), CWYN_OK);
	assert_int_equal(visible_cases(f, &f->investigator), 1);
	assert_int_equal(try_read(f, &f->investigator2, r.reference),
	                 CWYN_ENOTFOUND);
	/* The assigned investigator may move their Stage 2. */
	struct cwyn_error err;
	assert_int_equal(advance(f, &f->investigator, "2027-01-05",
	                         r.reference, v, 1, ACT_RECEIVE_REPORT,
	                         OUTCOME_NONE, &v, &err),
	                 CWYN_OK);
	/* ...but cannot close the case. */
	struct app_ctx ctx = ctx_as(f, &f->investigator, "2027-01-05");
	struct app_case_ref out;
	assert_int_equal(app_close(&ctx, r.reference, v, OUTCOME_WITHDRAWN,
	                           NULL, &out, &err),
	                 CWYN_EFORBIDDEN);
}

static void auditor_reads_but_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, "oral", false, NULL, 0);
	assert_int_equal(try_read(f, &f->auditor, r.reference), CWYN_OK);
	int64_t rows = all_rows(f), audits = audit_entries(f);
	struct cwyn_error err;
	assert_int_equal(advance(f, &f->auditor, "2027-01-05", r.reference,
	                         r.version, 1, ACT_ACKNOWLEDGE, OUTCOME_NONE,
	                         NULL, &err),
	                 CWYN_EFORBIDDEN);
	struct app_ctx ctx = ctx_as(f, &f->auditor, "2027-01-05");
	struct app_case_ref out;
	assert_int_equal(app_close(&ctx, r.reference, r.version,
	                           OUTCOME_WITHDRAWN, NULL, &out, &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(app_agree(&ctx, r.reference, r.version, "Ann", &out,
	                           &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(app_route(&ctx, r.reference, r.version, stage1_facts,
	                           strlen(stage1_facts), &out, &err),
	                 CWYN_EFORBIDDEN);
	struct app_extend ex = {.reference = r.reference, .clock_id = 1,
	                        .agreed_on = CWYN_DAY_NONE,
	                        .new_due = CWYN_DAY_NONE};
	assert_int_equal(app_extend(&ctx, &ex, &out, &err), CWYN_EFORBIDDEN);
	assert_int_equal(all_rows(f), rows);
	assert_int_equal(audit_entries(f), audits);
}

static void administrator_sees_no_case_content(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	assert_int_equal(try_read(f, &f->admin, r.reference), CWYN_EFORBIDDEN);
	struct app_ctx ctx = ctx_as(f, &f->admin, "2027-01-05");
	struct app_case_list_in li = {0};
	struct store_case *rows;
	size_t n;
	bool more;
	struct cwyn_error err;
	assert_int_equal(app_case_list(&ctx, &li, &f->ar, &rows, &n, &more,
	                               &err),
	                 CWYN_EFORBIDDEN);
	struct app_overdue_item *it;
	assert_int_equal(app_overdue(&ctx, 2, &f->ar, &it, &n, &err),
	                 CWYN_EFORBIDDEN);
}

static void restricted_case_only_for_named_users(void **state)
{
	struct fixture *f = *state;
	int64_t named[] = {f->chair.user_id};
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, true, named, 1);
	intake(f, &f->officer, "2027-01-04", stage1_facts, NULL, false, NULL,
	       0);
	assert_int_equal(try_read(f, &f->officer, r.reference), CWYN_OK);
	assert_int_equal(try_read(f, &f->chair, r.reference), CWYN_OK);
	/* Not named: as if it did not exist, for every role. */
	assert_int_equal(try_read(f, &f->other_officer, r.reference),
	                 CWYN_ENOTFOUND);
	assert_int_equal(try_read(f, &f->manager, r.reference), CWYN_ENOTFOUND);
	assert_int_equal(try_read(f, &f->auditor, r.reference), CWYN_ENOTFOUND);
	assert_int_equal(visible_cases(f, &f->other_officer), 1);
	assert_int_equal(visible_cases(f, &f->officer), 2);
	/* Pages fill up past hidden cases: one per page, the restricted
	 * (first) case skipped, and nothing after the visible one. */
	struct app_ctx lc = ctx_as(f, &f->other_officer, "2027-01-05");
	struct app_case_list_in li = {.limit = 1};
	struct store_case *rows;
	size_t n;
	bool more = true;
	struct cwyn_error lerr = {0};
	assert_int_equal(app_case_list(&lc, &li, &f->ar, &rows, &n, &more,
	                               &lerr),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_true(rows[0].id != r.case_id);
	assert_false(more);
	lc = ctx_as(f, &f->officer, "2027-01-05");
	int64_t next = -1;
	li.next_after = &next;
	assert_int_equal(app_case_list(&lc, &li, &f->ar, &rows, &n, &more,
	                               &lerr),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, r.case_id);
	assert_true(more);
	assert_int_equal(next, r.case_id);
	li.after_id = next;
	assert_int_equal(app_case_list(&lc, &li, &f->ar, &rows, &n, &more,
	                               &lerr),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_true(rows[0].id > r.case_id);
	assert_false(more);
	/* Filters: no case here has an alert. */
	struct app_case_list_in alerts = {.alert_only = true};
	assert_int_equal(app_case_list(&lc, &alerts, &f->ar, &rows, &n, &more,
	                               &lerr),
	                 CWYN_OK);
	assert_int_equal(n, 0);
	struct cwyn_error err;
	assert_int_equal(advance(f, &f->other_officer, "2027-01-05",
	                         r.reference, r.version, 1, ACT_ACKNOWLEDGE,
	                         OUTCOME_NONE, NULL, &err),
	                 CWYN_ENOTFOUND);
	/* Named users must exist in the authority. */
	int64_t bad[] = {f->b_officer.user_id};
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-04");
	struct app_intake in = {.facts_json = stage1_facts,
	                        .facts_len = strlen(stage1_facts),
	                        .restricted = true,
	                        .named_users = bad,
	                        .n_named_users = 1};
	struct app_intake_result res;
	assert_int_equal(app_intake(&ctx, &in, &res, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "named_users[0]");
}

static void other_authority_case_is_not_found(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2027-01-04",
	                               stage1_facts, NULL, false, NULL, 0);
	assert_int_equal(try_read(f, &f->b_officer, r.reference),
	                 CWYN_ENOTFOUND);
	assert_int_equal(visible_cases(f, &f->b_officer), 0);
	struct cwyn_error err;
	assert_int_equal(advance(f, &f->b_officer, "2027-01-05", r.reference,
	                         0, 1, ACT_ACKNOWLEDGE, OUTCOME_NONE, NULL,
	                         &err),
	                 CWYN_ENOTFOUND);
	/* B's own numbering starts at 1 too; the same reference is B's own
	 * case, never A's. */
	struct app_case_ref rb = intake(f, &f->b_officer, "2027-01-04",
	                                stage1_facts, NULL, false, NULL, 0);
	assert_string_equal(rb.reference, r.reference);
	struct app_case_view v = read_case(f, &f->b_officer, "2027-01-05",
	                                   rb.reference);
	assert_int_equal(v.c.id, rb.case_id);
	assert_true(v.c.id != r.case_id);
}

static void case_json_has_everything(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, &f->officer, "2026-12-23",
	                               mixed_facts, "oral", false, NULL, 0);
	struct app_case_view v = read_case(f, &f->officer, "2026-12-23",
	                                   r.reference);
	json_t *j = case_view_to_json(&v, f->policy, LANG_EN);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "reference")),
	                    r.reference);
	json_t *ms = json_object_get(j, "matters");
	assert_int_equal(json_array_size(ms), 4);
	json_t *m1 = json_array_get(ms, 0);
	assert_true(json_array_size(json_object_get(m1, "reasons")) > 0);
	assert_true(json_array_size(json_object_get(m1, "allowed_actions")) > 0);
	json_t *clocks = json_object_get(j, "clocks");
	assert_int_equal(json_array_size(clocks), 3);
	json_t *dv = json_object_get(json_array_get(clocks, 0), "derivation");
	assert_true(json_is_array(json_object_get(dv, "skipped")));
	assert_true(json_is_true(json_object_get(
	    json_object_get(j, "written_record"), "awaiting")));
	json_t *tl = json_object_get(j, "timeline");
	assert_string_equal(json_string_value(json_object_get(
	                        json_array_get(tl, 0), "kind")),
	                    "safeguarding_alert");
	json_decref(j);
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
	    cmocka_unit_test_setup_teardown(illegal_advance_changes_nothing, setup, teardown), \
	    cmocka_unit_test_setup_teardown(stage1_to_stage2_to_closed, setup, teardown), \
	    cmocka_unit_test_setup_teardown(close_needs_stages_over_unless_withdrawn, setup, teardown), \
	    cmocka_unit_test_setup_teardown(extension_needs_agreement, setup, teardown), \
	    cmocka_unit_test_setup_teardown(stale_version_is_a_conflict, setup, teardown), \
	    cmocka_unit_test_setup_teardown(every_use_case_writes_one_audit_entry, setup, teardown), \
	    cmocka_unit_test_setup_teardown(case_read_is_audited, setup, teardown), \
	    cmocka_unit_test_setup_teardown(route_again_after_facts_change, setup, teardown), \
	    cmocka_unit_test_setup_teardown(overdue_lists_breaches_and_near_misses, setup, teardown), \
	    cmocka_unit_test_setup_teardown(investigator_sees_only_assigned_cases, setup, teardown), \
	    cmocka_unit_test_setup_teardown(auditor_reads_but_changes_nothing, setup, teardown), \
	    cmocka_unit_test_setup_teardown(administrator_sees_no_case_content, setup, teardown), \
	    cmocka_unit_test_setup_teardown(restricted_case_only_for_named_users, setup, teardown), \
	    cmocka_unit_test_setup_teardown(other_authority_case_is_not_found, setup, teardown), \
	    cmocka_unit_test_setup_teardown(case_json_has_everything, setup, teardown), \
	}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = APP_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = APP_TESTS(setup_pg);
	return TEST_DB_RUN_BOTH("app", sqlite_tests, pg_tests);
}
