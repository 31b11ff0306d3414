/*
 * test_reports.c — what leaves the system: the annual report and the CSA
 * return over a small hand-built data set whose figures were counted by
 * hand (below), CSV escaping and formula neutralisation, accessible SVG
 * charts, retention (a dry run changes nothing; a run anonymises and the
 * figures stay the same) and the subject-access export (the person's
 * data, never a third party's name).
 *
 * Run twice: on SQLite (a temporary file per test) and on PostgreSQL (a
 * fresh schema per test in the server named by CWYN_TEST_PG_URL). When
 * that variable is unset the PostgreSQL half is skipped with a notice,
 * except under CI, where a missing server is a failure.
 *
 * The data set (authority "aaa"; the period is the financial year
 * 2025-04-01 .. 2026-03-31):
 *   C1 received 2025-05-01, closed 2025-05-20 upheld (12 WD): matters
 *      failure_to_act + staff_conduct at Stage 1; acknowledgement in
 *      time, Stage 1 discussion in time; a lesson naming the complainant
 *      "Ann Jones", her phone and e-mail.
 *   C2 received 2025-06-02, closed 2025-08-15 partly upheld (between 20
 *      WD and 3 months): poor_communication at Stage 1 then Stage 2; the
 *      Stage 2 response due 2025-08-05 was extended by agreement to
 *      2025-08-19 (10 WD) and made on 2025-08-15: in time only thanks to
 *      the extension.
 *   C3 received 2025-07-01, closed 2025-11-20 not upheld (3-6 months):
 *      staff_conduct referred to the police; acknowledgement late.
 *   C4 received 2025-09-01, closed 2026-03-10 withdrawn (over 6 months):
 *      inadequate_investigation at Stage 1 and other_service referred to
 *      the Ombudsman.
 *   C5 received 2026-02-01, open: failure_to_act with the conference
 *      chair, whose resolution came late.
 *   C6 received 2025-03-31 (before the period), closed 2025-04-10
 *      resolved (within 20 WD).
 *   C7 received 2026-04-01 (after the period).
 *   B1 another authority's case received 2025-05-01, closed 2025-05-02.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "app/reports.h"
#include "app/retention.h"
#include "app/sar.h"
#include "core/arena.h"
#include "core/date.h"
#include "out/csv.h"
#include "out/pdf_text.h"
#include "out/report.h"
#include "out/svg_chart.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"
#include "support/test_people.h"
#include "store/store_reports.h"

struct fixture {
	struct db *db;
	enum db_kind kind;
	struct test_db t; /* the database, on either backend */
	struct arena ar;
	struct policy *policy;
	struct calendar *cal;
	int64_t auth_a, auth_b;
	struct app_actor officer, auditor, admin, investigator, operator;
	int64_t c1, c2, c3, c4, c5, c6, c7, b1;
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

static int64_t make_authority(struct fixture *f, const char *code)
{
	return test_authority(f->db, code);
}

static void make_user(struct fixture *f, int64_t authority,
                      const char *username, const char *display,
                      const char *role, struct app_actor *out)
{
	test_staff(f->db, authority, username, display, role, out);
}

/* ---- The data set ---------------------------------------------------------- */

static int64_t add_case(struct fixture *f, int64_t auth, const char *received,
                        const char *closed, const char *outcome,
                        const char *lessons)
{
	struct store_case c = {
	    .authority_id = auth,
	    .status = closed ? "closed" : "open",
	    .language = "en",
	    .channel = "written",
	    .received = day(received),
	    .written_record_agreed_on = CWYN_DAY_NONE,
	    .outcome = outcome,
	    .lessons_learned = lessons,
	};
	if (closed)
		snprintf(c.closed_at, sizeof c.closed_at, "%sT16:30:00.000Z",
		         closed);
	struct cwyn_error err = {0};
	assert_int_equal(store_case_create(f->db, &c, &err), CWYN_OK);
	return c.id;
}

static void add_person(struct fixture *f, int64_t auth, int64_t case_id,
                       const char *name, const char *email,
                       const char *phone, const char *child)
{
	struct store_complainant p = {
	    .case_id = case_id,
	    .authority_id = auth,
	    .name = name,
	    .relationship = "parent",
	    .email = email,
	    .phone = phone,
	    .address = "1 High Street, Caerfyrddin",
	    .language = "en",
	    .contact_preference = "email",
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_complainant_insert(f->db, &p, &err), CWYN_OK);
	if (child) {
		struct store_child k = {
		    .case_id = case_id,
		    .authority_id = auth,
		    .label = child,
		    .date_of_birth = CWYN_DAY_NONE,
		    .age = 9,
		};
		assert_int_equal(store_child_insert(f->db, &k, &err), CWYN_OK);
	}
}

static int64_t add_matter(struct fixture *f, int64_t auth, int64_t case_id,
                          int seq, const char *subject, const char *route,
                          const char *agency, const char *summary)
{
	struct store_matter m = {
	    .case_id = case_id,
	    .authority_id = auth,
	    .seq = seq,
	    .subject = subject,
	    .summary = summary ? summary : "",
	    .route = route,
	    .agency = agency ? agency : "council",
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_matter_insert(f->db, &m, &err), CWYN_OK);
	return m.id;
}

static void add_stage(struct fixture *f, int64_t auth, int64_t case_id,
                      int64_t matter_id, const char *kind, const char *opened)
{
	struct store_stage s = {
	    .matter_id = matter_id,
	    .case_id = case_id,
	    .authority_id = auth,
	    .kind = kind,
	    .state = "received",
	    .opened_on = day(opened),
	    .closed_on = CWYN_DAY_NONE,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_stage_insert(f->db, &s, &err), CWYN_OK);
}

static int64_t add_clock(struct fixture *f, int64_t auth, int64_t case_id,
                         int64_t matter_id, const char *ts,
                         const char *started, const char *due,
                         const char *stopped, int extension_wd)
{
	struct store_clock k = {
	    .case_id = case_id,
	    .matter_id = matter_id,
	    .authority_id = auth,
	    .timescale = ts,
	    .state = stopped ? "stopped" : "running",
	    .started_on = day(started),
	    .due_on = day(due),
	    .paused_on = CWYN_DAY_NONE,
	    .extension_wd = extension_wd,
	    .stopped_on = stopped ? day(stopped) : CWYN_DAY_NONE,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_clock_insert(f->db, &k, &err), CWYN_OK);
	return k.id;
}

static void build_data(struct fixture *f)
{
	int64_t a = f->auth_a, m;
	struct cwyn_error err = {0};
	f->c1 = add_case(f, a, "2025-05-01", "2025-05-20", "upheld",
	                 "Ann Jones told us (07700 900123, ann.jones@example.org)"
	                 " that nobody came; we now visit within 24 hours.");
	add_person(f, a, f->c1, "Ann Jones", "ann.jones@example.org",
	           "07700 900123", "Child A");
	m = add_matter(f, a, f->c1, 1, "failure_to_act", "council_stage1", NULL,
	               "Nobody visited after the referral.");
	add_stage(f, a, f->c1, m, "stage1", "2025-05-01");
	add_matter(f, a, f->c1, 2, "staff_conduct", "council_stage1", NULL,
	           "The social worker was rude.");
	add_clock(f, a, f->c1, 0, "ack", "2025-05-01", "2025-05-06",
	          "2025-05-02", 0);
	add_clock(f, a, f->c1, m, "s1_discussion", "2025-05-02", "2025-05-16",
	          "2025-05-16", 0);

	f->c2 = add_case(f, a, "2025-06-02", "2025-08-15", "partly_upheld",
	                 NULL);
	add_person(f, a, f->c2, "Bryn Evans", "bryn@example.org", NULL,
	           "Child B");
	add_person(f, a, f->c2, "Ceri Evans", "ceri@example.org",
	           "01267 234567", NULL);
	m = add_matter(f, a, f->c2, 1, "poor_communication", "council_stage2",
	               NULL, "Ceri Evans was never told of the meeting.");
	add_stage(f, a, f->c2, m, "stage1", "2025-06-02");
	add_stage(f, a, f->c2, m, "stage2", "2025-07-01");
	int64_t k = add_clock(f, a, f->c2, m, "s2_response", "2025-07-01",
	                      "2025-08-19", "2025-08-15", 10);
	struct store_extension e = {
	    .clock_id = k,
	    .case_id = f->c2,
	    .authority_id = a,
	    .agreed_on = day("2025-07-20"),
	    .agreed_with = "complainant",
	    .reason = "the investigator was ill",
	    .extra_amount = 10,
	    .old_due = day("2025-08-05"),
	    .new_due = day("2025-08-19"),
	    .recorded_by = f->officer.user_id,
	};
	assert_int_equal(store_extension_insert(f->db, &e, &err), CWYN_OK);
	struct store_event ev = {
	    .case_id = f->c2,
	    .authority_id = a,
	    .actor_user_id = f->officer.user_id,
	    .kind = "clock.extended",
	    .detail_json = "{\"agreed_with\":\"Ceri Evans\"}",
	};
	assert_int_equal(store_event_insert(f->db, &ev, &err), CWYN_OK);
	struct store_letter l = {
	    .case_id = f->c2,
	    .authority_id = a,
	    .kind = "acknowledgement",
	    .language = "en",
	    .subject = "Your complaint",
	    .body_html = "<p>Dear Bryn Evans and Ceri Evans,</p><p>Signed: "
	                 "Olwen Officer</p>",
	};
	assert_int_equal(store_letter_insert(f->db, &l, &err), CWYN_OK);

	f->c3 = add_case(f, a, "2025-07-01", "2025-11-20", "not_upheld", NULL);
	add_person(f, a, f->c3, "Dafydd Owen", "dafydd@example.org", NULL,
	           NULL);
	m = add_matter(f, a, f->c3, 1, "staff_conduct", "other_agency",
	               "police", NULL);
	add_stage(f, a, f->c3, m, "referral", "2025-07-01");
	add_clock(f, a, f->c3, 0, "ack", "2025-07-01", "2025-07-03",
	          "2025-07-08", 0);

	f->c4 = add_case(f, a, "2025-09-01", "2026-03-10", "withdrawn", NULL);
	add_person(f, a, f->c4, "Eirlys Hughes", NULL, NULL, NULL);
	m = add_matter(f, a, f->c4, 1, "inadequate_investigation",
	               "council_stage1", NULL, NULL);
	add_stage(f, a, f->c4, m, "stage1", "2025-09-01");
	m = add_matter(f, a, f->c4, 2, "other_service", "ombudsman", NULL,
	               NULL);
	add_stage(f, a, f->c4, m, "referral", "2025-10-01");

	f->c5 = add_case(f, a, "2026-02-01", NULL, NULL, NULL);
	add_person(f, a, f->c5, "Ffion Lloyd", NULL, NULL, NULL);
	m = add_matter(f, a, f->c5, 1, "failure_to_act", "conference_chair",
	               NULL, NULL);
	add_stage(f, a, f->c5, m, "conference", "2026-02-02");
	add_clock(f, a, f->c5, m, "conf_chair_resolve", "2026-02-02",
	          "2026-02-11", "2026-02-20", 0);

	f->c6 = add_case(f, a, "2025-03-31", "2025-04-10", "resolved", NULL);
	add_person(f, a, f->c6, "Gareth Price", NULL, NULL, NULL);
	add_matter(f, a, f->c6, 1, "other_service", "council_stage1", NULL,
	           NULL);

	f->c7 = add_case(f, a, "2026-04-01", NULL, NULL, NULL);
	add_person(f, a, f->c7, "Heledd Rees", NULL, NULL, NULL);

	f->b1 = add_case(f, f->auth_b, "2025-05-01", "2025-05-02", "upheld",
	                 NULL);
	add_person(f, f->auth_b, f->b1, "Ann Jones", "other@example.org", NULL,
	           NULL);
}

/* ---- Fixture ------------------------------------------------------------------ */

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
	make_user(f, f->auth_a, "olwen", "Olwen Officer", "complaints_officer",
	          &f->officer);
	make_user(f, f->auth_a, "aled", "Aled Auditor", "auditor", &f->auditor);
	make_user(f, f->auth_a, "admin", "Ada Admin", "administrator",
	          &f->admin);
	make_user(f, f->auth_a, "ifan", "Ifan Investigator", "investigator",
	          &f->investigator);
	f->operator = f->officer;
	f->operator.role = APP_ROLE_OPERATOR;
	build_data(f);
	return 0;
}

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "rep", true) != 0) {
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

static struct app_ctx ctx_as(struct fixture *f, const struct app_actor *a)
{
	struct app_ctx c = {
	    .db = f->db,
	    .policy = f->policy,
	    .cal = f->cal,
	    .actor = *a,
	    .today = day("2033-06-01"),
	};
	return c;
}

static void annual(struct fixture *f, const struct app_actor *a, bool all,
                   struct report_figures *r)
{
	struct app_ctx ctx = ctx_as(f, a);
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_report_annual(&ctx, all, day("2025-04-01"),
	                                      day("2026-03-31"), &f->ar, r,
	                                      &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "annual: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
}

/* ---- The annual report ------------------------------------------------------ */

static void figures_match_hand_count(void **state)
{
	struct fixture *f = *state;
	struct report_figures r;
	annual(f, &f->officer, false, &r);
	assert_int_equal(r.received, 5);
	assert_int_equal(r.by_stage[STAGE_KIND_STAGE1], 3);
	assert_int_equal(r.by_stage[STAGE_KIND_STAGE2], 1);
	assert_int_equal(r.by_stage[STAGE_KIND_CONFERENCE], 1);
	assert_int_equal(r.by_stage[STAGE_KIND_REFERRAL], 2);
	assert_int_equal(r.by_stage[STAGE_KIND_EXCLUDED], 0);
	assert_int_equal(r.by_subject[SUBJ_FAILURE_TO_ACT], 2);
	assert_int_equal(r.by_subject[SUBJ_STAFF_CONDUCT], 2);
	assert_int_equal(r.by_subject[SUBJ_POOR_COMMUNICATION], 1);
	assert_int_equal(r.by_subject[SUBJ_INADEQUATE_INVESTIGATION], 1);
	assert_int_equal(r.by_subject[SUBJ_OTHER_SERVICE], 1);
	assert_int_equal(r.closed, 5);
	assert_int_equal(r.by_outcome[OUTCOME_UPHELD], 1);
	assert_int_equal(r.by_outcome[OUTCOME_PARTLY_UPHELD], 1);
	assert_int_equal(r.by_outcome[OUTCOME_NOT_UPHELD], 1);
	assert_int_equal(r.by_outcome[OUTCOME_WITHDRAWN], 1);
	assert_int_equal(r.by_outcome[OUTCOME_RESOLVED], 1);
	assert_int_equal(r.upheld_whole_or_part, 2);
	assert_int_equal(r.by_band[RB_WITHIN_20WD], 2);
	assert_int_equal(r.by_band[RB_20WD_3M], 1);
	assert_int_equal(r.by_band[RB_3M_6M], 1);
	assert_int_equal(r.by_band[RB_OVER_6M], 1);
	assert_int_equal(r.referrals, 1);
	assert_int_equal(r.by_agency[AGENCY_POLICE], 1);
	assert_int_equal(r.psow_referrals, 1);
	assert_int_equal(r.extensions, 1);
	assert_int_equal(r.extension_wd, 10);
	assert_int_equal(report_extension_avg_tenths(&r), 100);
	assert_int_equal(r.n_authorities, 1);
}

static void within_timescale_counts_extensions(void **state)
{
	struct fixture *f = *state;
	struct report_figures r;
	annual(f, &f->officer, false, &r);
	/* C1 in time, C3 late. */
	assert_int_equal(r.timely[TS_ACK].responded, 2);
	assert_int_equal(r.timely[TS_ACK].within, 1);
	assert_int_equal(r.timely[TS_S1_DISCUSSION].within, 1);
	/* C2: made on 2025-08-15, after the original due day 2025-08-05
	 * but before the agreed 2025-08-19: in time, by an extension. */
	assert_int_equal(r.timely[TS_S2_RESPONSE].responded, 1);
	assert_int_equal(r.timely[TS_S2_RESPONSE].within, 1);
	assert_int_equal(r.timely[TS_S2_RESPONSE].within_extended, 1);
	/* C5: the chair's resolution was late. */
	assert_int_equal(r.timely[TS_CONF_CHAIR_RESOLVE].responded, 1);
	assert_int_equal(r.timely[TS_CONF_CHAIR_RESOLVE].within, 0);
}

static void lessons_do_not_identify_complainants(void **state)
{
	struct fixture *f = *state;
	struct report_figures r;
	annual(f, &f->officer, false, &r);
	assert_int_equal(r.n_lessons, 1);
	const char *t = r.lessons[0].text;
	assert_null(strstr(t, "Ann Jones"));
	assert_null(strstr(t, "07700"));
	assert_null(strstr(t, "example.org"));
	assert_non_null(strstr(t, "we now visit within 24 hours"));
	assert_non_null(strstr(t, "[removed]"));
	/* Nor does the JSON carry a reference. */
	json_t *j = app_report_json(&r);
	char *s = json_dumps(j, 0);
	assert_null(strstr(s, "CP-"));
	assert_null(strstr(s, "Jones"));
	free(s);
	json_decref(j);
}

static void across_authorities_adds_up(void **state)
{
	struct fixture *f = *state;
	struct report_figures r;
	annual(f, &f->operator, true, &r);
	assert_int_equal(r.n_authorities, 2);
	assert_int_equal(r.received, 6);
	assert_int_equal(r.closed, 6);
	assert_int_equal(r.by_outcome[OUTCOME_UPHELD], 2);
	/* Only the operator may ask for every authority. */
	struct app_ctx ctx = ctx_as(f, &f->officer);
	struct cwyn_error err = {0};
	assert_int_equal(app_report_annual(&ctx, true, day("2025-04-01"),
	                                   day("2026-03-31"), &f->ar, &r, &err),
	                 CWYN_EFORBIDDEN);
}

static void who_may_read_reports(void **state)
{
	struct fixture *f = *state;
	struct report_figures r;
	struct cwyn_error err = {0};
	annual(f, &f->auditor, false, &r); /* auditors read reports */
	int64_t before = count(f, "SELECT COUNT(*) FROM audit_log");
	struct app_ctx ctx = ctx_as(f, &f->admin);
	assert_int_equal(app_report_annual(&ctx, false, day("2025-04-01"),
	                                   day("2026-03-31"), &f->ar, &r, &err),
	                 CWYN_EFORBIDDEN);
	ctx = ctx_as(f, &f->investigator);
	assert_int_equal(app_report_annual(&ctx, false, day("2025-04-01"),
	                                   day("2026-03-31"), &f->ar, &r, &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), before);
	/* A bad period is refused, naming the field. */
	ctx = ctx_as(f, &f->officer);
	assert_int_equal(app_report_annual(&ctx, false, day("2026-03-31"),
	                                   day("2025-04-01"), &f->ar, &r, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "to");
	annual(f, &f->officer, false, &r);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'report.read'"),
	                 2);
}

/* ---- Case export ----------------------------------------------------------- */

struct exported {
	int64_t ids[16];
	char subjects[16][96];
	size_t n;
};

static int collect(void *ctx, const struct app_export_case *e)
{
	struct exported *x = ctx;
	if (x->n < 16) {
		x->ids[x->n] = e->c->id;
		snprintf(x->subjects[x->n], sizeof x->subjects[x->n], "%s",
		         e->subjects);
		x->n++;
	}
	return 0;
}

static struct exported export_as(struct fixture *f, const struct app_actor *a,
                                 const char *status, const char *from,
                                 const char *to, enum cwyn_code want)
{
	struct app_ctx ctx = ctx_as(f, a);
	struct app_export_filter flt = {
	    .status = status,
	    .from = from ? day(from) : CWYN_DAY_NONE,
	    .to = to ? day(to) : CWYN_DAY_NONE,
	};
	struct exported x = {.n = 0};
	size_t n = 0;
	struct cwyn_error err = {0};
	assert_int_equal(app_export_cases(&ctx, &flt, collect, &x, &n, &err),
	                 want);
	if (want == CWYN_OK)
		assert_int_equal(n, x.n);
	return x;
}

/* The year's cases in id order with their subjects in matter order; the
 * filters cut by status and by the day received; other councils' cases
 * never appear; a bad filter is refused; each export is audited. */
static void export_cases_with_filters(void **state)
{
	struct fixture *f = *state;
	struct exported x = export_as(f, &f->officer, NULL, "2025-04-01",
	                              "2026-03-31", CWYN_OK);
	int64_t year[] = {f->c1, f->c2, f->c3, f->c4, f->c5};
	assert_int_equal(x.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_int_equal(x.ids[i], year[i]);
	assert_string_equal(x.subjects[0], "failure_to_act;staff_conduct");
	assert_string_equal(x.subjects[3],
	                    "inadequate_investigation;other_service");
	x = export_as(f, &f->officer, "closed", "2025-04-01", "2026-03-31",
	              CWYN_OK);
	assert_int_equal(x.n, 4);
	assert_int_equal(x.ids[3], f->c4);
	x = export_as(f, &f->officer, "open", NULL, NULL, CWYN_OK);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM cases WHERE status = 'open'"
	         " AND authority_id = %lld", (long long)f->auth_a);
	assert_int_equal((int64_t)x.n, count(f, sql));
	for (size_t i = 0; i < x.n; i++)
		assert_true(x.ids[i] != f->b1 && x.ids[i] != f->c1);
	x = export_as(f, &f->officer, NULL, NULL, NULL, CWYN_OK);
	assert_int_equal(x.n, 7); /* C1..C7, never B1 */
	int64_t before = count(f, "SELECT COUNT(*) FROM audit_log");
	export_as(f, &f->officer, "pending", NULL, NULL, CWYN_EINVAL);
	export_as(f, &f->officer, NULL, "2026-03-31", "2025-04-01",
	          CWYN_EINVAL);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), before);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'case.export'"),
	                 4);
}

/* ---- CSA ------------------------------------------------------------------------ */

static void csa_quarters_follow_the_financial_year(void **state)
{
	(void)state;
	cwyn_day from, to;
	struct cwyn_error err = {0};
	assert_int_equal(report_quarter(2025, 1, &from, &to, &err), CWYN_OK);
	assert_int_equal(from, day("2025-04-01"));
	assert_int_equal(to, day("2025-06-30"));
	assert_int_equal(report_quarter(2025, 3, &from, &to, &err), CWYN_OK);
	assert_int_equal(from, day("2025-10-01"));
	assert_int_equal(to, day("2025-12-31"));
	assert_int_equal(report_quarter(2025, 4, &from, &to, &err), CWYN_OK);
	assert_int_equal(from, day("2026-01-01"));
	assert_int_equal(to, day("2026-03-31"));
	assert_int_equal(report_quarter(2027, 4, &from, &to, &err), CWYN_OK);
	assert_int_equal(to, day("2028-03-31"));
	assert_int_equal(report_quarter(2025, 0, &from, &to, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "quarter");
	assert_int_equal(report_quarter(2025, 5, &from, &to, &err), CWYN_EINVAL);
}

static void csa_return_for_a_quarter(void **state)
{
	struct fixture *f = *state;
	struct app_ctx ctx = ctx_as(f, &f->officer);
	struct cwyn_error err = {0};
	/* A case closed in the last minute of Q1 counts in Q1; one closed
	 * at midnight after, in Q2. */
	add_case(f, f->auth_a, "2025-06-02", "2025-06-30", "not_upheld", NULL);
	int64_t late = add_case(f, f->auth_a, "2025-06-03", NULL, NULL, NULL);
	char sql[160];
	snprintf(sql, sizeof sql,
	         "UPDATE cases SET status = 'closed', outcome = 'upheld',"
	         " closed_at = '2025-07-01T00:00:00.000Z' WHERE id = %lld",
	         (long long)late);
	assert_int_equal(db_exec_script(f->db, sql, &err), CWYN_OK);
	struct report_csa_row *rows;
	size_t n;
	assert_int_equal(app_report_csa(&ctx, false, 2025, 1, &f->ar, &rows, &n,
	                                &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	/* Q1 2025/26: received C1, C2 and the two above; closed C6, C1 and
	 * the 30 June one; upheld (whole or part) C1 only. */
	assert_int_equal(rows[0].f.received, 4);
	assert_int_equal(rows[0].f.closed, 3);
	assert_int_equal(rows[0].f.upheld_whole_or_part, 1);
	assert_int_equal(rows[0].f.by_band[RB_WITHIN_20WD], 3);
	struct csa_column cols[CSA_MEASURE__MAX];
	size_t nc = csa_default_columns(cols);
	struct textbuf tb;
	textbuf_init(&tb, &f->ar);
	report_csa_csv(&tb, cols, nc, rows, n);
	assert_non_null(strstr(tb.data, "Complaints received,Complaints closed"));
	assert_non_null(strstr(tb.data,
	                       "\r\naaa,Test Council,2025/26 Q1,4,3,100.0,0.0,"
	                       "0.0,0.0,33.3,0,4\r\n"));
	assert_int_equal(app_report_csa(&ctx, false, 2025, 2, &f->ar, &rows, &n,
	                                &err),
	                 CWYN_OK);
	/* Q2: the midnight one and C2 (15 August), both upheld in part or
	 * whole. */
	assert_int_equal(rows[0].f.closed, 2);
	assert_int_equal(rows[0].f.upheld_whole_or_part, 2);
	/* Columns are a setting: renamed and reordered. */
	assert_int_equal(csa_columns_parse("period=Chwarter, received=Derbyniwyd",
	                                   &f->ar, cols, &nc, &err),
	                 CWYN_OK);
	assert_int_equal(nc, 2);
	assert_int_equal(cols[0].m, CSA_PERIOD);
	assert_string_equal(cols[1].header, "Derbyniwyd");
	assert_int_equal(csa_columns_parse("received,nonsense", &f->ar, cols, &nc,
	                                   &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "columns");
	assert_int_equal(csa_columns_parse("received,received", &f->ar, cols, &nc,
	                                   &err),
	                 CWYN_EINVAL);
}

/* ---- CSV and SVG ------------------------------------------------------------------ */

static const char *csv_one(struct arena *ar, const char *cell)
{
	struct textbuf tb;
	struct csv c;
	textbuf_init(&tb, ar);
	csv_init(&c, &tb);
	csv_text(&c, cell);
	csv_end_row(&c);
	return tb.data ? tb.data : "";
}

static void csv_escapes_and_neutralises_formulas(void **state)
{
	struct arena ar;
	(void)state;
	arena_init(&ar, 0);
	assert_string_equal(csv_one(&ar, "plain"), "plain\r\n");
	assert_string_equal(csv_one(&ar, "a,b"), "\"a,b\"\r\n");
	assert_string_equal(csv_one(&ar, "say \"hi\""),
	                    "\"say \"\"hi\"\"\"\r\n");
	assert_string_equal(csv_one(&ar, "two\nlines"), "\"two\nlines\"\r\n");
	assert_string_equal(csv_one(&ar, "=HYPERLINK(\"http://x\")"),
	                    "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
	assert_string_equal(csv_one(&ar, "=1+1"), "'=1+1\r\n");
	assert_string_equal(csv_one(&ar, "+44 1267"), "'+44 1267\r\n");
	assert_string_equal(csv_one(&ar, "-2"), "'-2\r\n");
	assert_string_equal(csv_one(&ar, "@SUM(A1)"), "'@SUM(A1)\r\n");
	assert_string_equal(csv_one(&ar, "\tx"), "'\tx\r\n");
	assert_string_equal(csv_one(&ar, "\rx"), "\"'\rx\"\r\n");
	assert_string_equal(csv_one(&ar, "a=b"), "a=b\r\n");
	struct textbuf tb;
	struct csv c;
	textbuf_init(&tb, &ar);
	csv_init(&c, &tb);
	csv_int(&c, 42);
	csv_pct(&c, 1, 3);
	csv_pct(&c, 0, 0);
	csv_text(&c, NULL);
	csv_end_row(&c);
	assert_string_equal(tb.data, "42,33.3,,\r\n");
	arena_free(&ar);
}

static void svg_is_well_formed_and_labelled(void **state)
{
	struct arena ar;
	(void)state;
	arena_init(&ar, 0);
	struct svg_bar bars[] = {
	    {"Stage 1 <script>alert(1)</script>", 12, NULL},
	    {"Cam 2 & \"mwy\"", 0, NULL},
	    {"In time", 875, "87.5%"},
	};
	struct svg_chart c = {
	    .id = "chart-x",
	    .title = "Complaints by stage",
	    .desc = "A bar for each stage <b>",
	    .bars = bars,
	    .n_bars = 3,
	};
	struct textbuf tb;
	textbuf_init(&tb, &ar);
	assert_true(svg_bar_chart(&tb, &c));
	const char *s = tb.data;
	xmlDocPtr doc = xmlReadMemory(s, (int)strlen(s), "chart.svg", NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOERROR);
	assert_non_null(doc); /* well-formed XML */
	xmlFreeDoc(doc);
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "aria-labelledby=\"chart-x-title chart-x-desc\""));
	assert_non_null(strstr(s, "<title id=\"chart-x-title\">Complaints by stage</title>"));
	assert_non_null(strstr(s, "<desc id=\"chart-x-desc\">"));
	assert_null(strstr(s, "<script>"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(s, "&lt;script&gt;"));
	assert_non_null(strstr(s, ">12<"));   /* values as text */
	assert_non_null(strstr(s, ">87.5%<"));
	/* An id that could break out of the attribute is refused. */
	c.id = "x\" onload=\"alert(1)";
	assert_false(svg_bar_chart(&tb, &c));
	arena_free(&ar);
}

static void redaction_removes_names_and_contacts(void **state)
{
	struct arena ar;
	(void)state;
	arena_init(&ar, 0);
	const char *names[] = {"Ann Jones", "Child A", "x"};
	char *t = report_redact(&ar,
	                        "ANN JONES and child a rang +44 (0)1267 234567; "
	                        "mail a.j@cyngor.cymru. Ref 2024 stays. x stays.",
	                        names, 3);
	assert_non_null(t);
	assert_null(strstr(t, "JONES"));
	assert_null(strstr(t, "child a"));
	assert_null(strstr(t, "234567"));
	assert_null(strstr(t, "cyngor.cymru"));
	assert_non_null(strstr(t, "Ref 2024 stays. x stays."));
	arena_free(&ar);
}

/* ---- Retention ------------------------------------------------------------------ */

static int64_t audit_count(struct fixture *f)
{
	return count(f, "SELECT COUNT(*) FROM audit_log");
}

static void same_figures(const struct report_figures *a,
                         const struct report_figures *b)
{
	assert_int_equal(a->received, b->received);
	assert_int_equal(a->closed, b->closed);
	assert_memory_equal(a->by_stage, b->by_stage, sizeof a->by_stage);
	assert_memory_equal(a->by_subject, b->by_subject, sizeof a->by_subject);
	assert_memory_equal(a->timely, b->timely, sizeof a->timely);
	assert_memory_equal(a->by_outcome, b->by_outcome, sizeof a->by_outcome);
	assert_memory_equal(a->by_band, b->by_band, sizeof a->by_band);
	assert_memory_equal(a->by_agency, b->by_agency, sizeof a->by_agency);
	assert_int_equal(a->psow_referrals, b->psow_referrals);
	assert_int_equal(a->extensions, b->extensions);
	assert_int_equal(a->extension_wd, b->extension_wd);
}

static void retention_dry_run_then_anonymise(void **state)
{
	struct fixture *f = *state;
	struct report_figures before, after;
	struct app_retention_result r;
	struct cwyn_error err = {0};
	annual(f, &f->officer, false, &before);
	/* Only the operator runs retention. */
	struct app_ctx ctx = ctx_as(f, &f->officer);
	assert_int_equal(app_retention_run(&ctx, true, &f->ar, &r, &err),
	                 CWYN_EFORBIDDEN);
	/* Six years (the default) before 2033-06-01: every closed case of
	 * the data set is due; the dry run changes nothing at all. */
	ctx = ctx_as(f, &f->operator);
	int64_t audits = audit_count(f);
	assert_int_equal(app_retention_run(&ctx, true, &f->ar, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 5);
	assert_int_equal(r.action, RETENTION_ANONYMISE);
	assert_int_equal(r.closed_by, day("2027-06-01"));
	assert_int_equal(audit_count(f), audits);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM complainants"
	                          " WHERE name = '[removed]'"),
	                 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"
	                          " WHERE anonymised_at IS NOT NULL"),
	                 0);
	/* The run. */
	assert_int_equal(app_retention_run(&ctx, false, &f->ar, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'retention.anonymise'"),
	                 5);
	/* C5 and C7 are open, B1 is another authority's: kept. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM complainants"
	                          " WHERE name <> '[removed]'"),
	                 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM complainants"
	                          " WHERE email IS NOT NULL AND name = '[removed]'"),
	                 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM letters"
	                          " WHERE body_html LIKE '%Evans%'"),
	                 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM matters"
	                          " WHERE summary LIKE '%rude%'"),
	                 0);
	/* The figures stay the same; the lesson stays, without names. */
	annual(f, &f->officer, false, &after);
	same_figures(&before, &after);
	assert_int_equal(after.n_lessons, 1);
	assert_non_null(strstr(after.lessons[0].text, "we now visit"));
	assert_null(strstr(after.lessons[0].text, "Jones"));
	/* Nothing left to do; the audit chain still holds. */
	assert_int_equal(app_retention_run(&ctx, false, &f->ar, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 0);
	struct audit_report ar;
	assert_int_equal(audit_verify(f->db, &ar, &err), CWYN_OK);
	assert_int_equal(ar.kind, AUDIT_OK);
}

static void retention_delete_keeps_the_audit_chain(void **state)
{
	struct fixture *f = *state;
	struct app_retention_result r;
	struct cwyn_error err = {0};
	f->policy->settings.retention_action = RETENTION_DELETE;
	f->policy->settings.retention_years = 7; /* closed by 2026-06-01 */
	struct app_ctx ctx = ctx_as(f, &f->operator);
	assert_int_equal(app_retention_run(&ctx, false, &f->ar, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM complainants"
	                          " WHERE name = 'Ann Jones'"),
	                 1); /* only B1's, another authority */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM matters m JOIN cases c"
	                          " ON c.id = m.case_id WHERE c.status = 'closed'"
	                          " AND c.authority_id = m.authority_id"
	                          " AND c.reference LIKE 'CP-%'"
	                          " AND c.anonymised_at IS NOT NULL"),
	                 0);
	/* The tombstones stay for the audit entries that name them. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"
	                          " WHERE anonymised_at IS NOT NULL"),
	                 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'retention.delete'"),
	                 5);
	struct audit_report ar;
	assert_int_equal(audit_verify(f->db, &ar, &err), CWYN_OK);
	assert_int_equal(ar.kind, AUDIT_OK);
}

/* ---- Subject access ------------------------------------------------------------ */

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

static void sar_export_redacts_third_parties(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/cwyn-test-sar-XXXXXX";
	assert_non_null(mkdtemp(dir));
	struct app_ctx ctx = ctx_as(f, &f->officer);
	struct app_sar_result r;
	struct cwyn_error err = {0};
	assert_int_equal(app_sar_export(&ctx, "bryn evans", NULL, dir, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n_cases, 1);
	const char *j = slurp(r.json_path);
	assert_non_null(strstr(j, "Bryn Evans"));
	assert_non_null(strstr(j, "bryn@example.org"));
	assert_non_null(strstr(j, "CP-"));
	assert_non_null(strstr(j, "poor_communication"));
	assert_non_null(strstr(j, "clock.extended"));
	/* The co-complainant and the officer are not named anywhere. */
	assert_null(strstr(j, "Ceri"));
	assert_null(strstr(j, "ceri@example.org"));
	assert_null(strstr(j, "234567"));
	assert_null(strstr(j, "Olwen"));
	assert_null(strstr(j, "olwen"));
	assert_non_null(strstr(j, "[third party]"));
	assert_non_null(strstr(j, "[staff: complaints officer]"));
	const char *pdf = slurp(r.pdf_path);
	assert_memory_equal(pdf, "%PDF", 4);
	struct stat st;
	assert_int_equal(stat(r.json_path, &st), 0);
	assert_int_equal(st.st_mode & 077, 0); /* owner-only */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'sar.export'"
	                          " AND detail NOT LIKE '%Bryn%'"),
	                 1);
	/* By e-mail, and only this authority's cases. */
	assert_int_equal(app_sar_export(&ctx, NULL, "ANN.JONES@example.org", dir,
	                                &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n_cases, 1);
	j = slurp(r.json_path);
	assert_null(strstr(j, "other@example.org"));
	/* Auditors may not export; nobody without a name or e-mail. */
	ctx = ctx_as(f, &f->auditor);
	assert_int_equal(app_sar_export(&ctx, "Bryn Evans", NULL, dir, &r, &err),
	                 CWYN_EFORBIDDEN);
	ctx = ctx_as(f, &f->officer);
	assert_int_equal(app_sar_export(&ctx, " ", NULL, dir, &r, &err),
	                 CWYN_EINVAL);
	char path[160];
	snprintf(path, sizeof path, "%s/subject-access.json", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/subject-access.pdf", dir);
	unlink(path);
	rmdir(dir);
}

#define REPORT_TESTS(setup)                                                  \
	{                                                                    \
	    cmocka_unit_test_setup_teardown(figures_match_hand_count, setup, \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(                                 \
	        within_timescale_counts_extensions, setup, teardown),        \
	    cmocka_unit_test_setup_teardown(                                 \
	        lessons_do_not_identify_complainants, setup, teardown),      \
	    cmocka_unit_test_setup_teardown(across_authorities_adds_up,      \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(who_may_read_reports, setup,     \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(csa_return_for_a_quarter, setup, \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(                                 \
	        retention_dry_run_then_anonymise, setup, teardown),          \
	    cmocka_unit_test_setup_teardown(                                 \
	        retention_delete_keeps_the_audit_chain, setup, teardown),    \
	    cmocka_unit_test_setup_teardown(                                 \
	        sar_export_redacts_third_parties, setup, teardown),          \
	    cmocka_unit_test_setup_teardown(export_cases_with_filters, setup, \
	                                    teardown),                       \
	}

int main(void)
{
	const struct CMUnitTest pure[] = {
	    cmocka_unit_test(csa_quarters_follow_the_financial_year),
	    cmocka_unit_test(csv_escapes_and_neutralises_formulas),
	    cmocka_unit_test(svg_is_well_formed_and_labelled),
	    cmocka_unit_test(redaction_removes_names_and_contacts),
	};
	const struct CMUnitTest sqlite_tests[] = REPORT_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = REPORT_TESTS(setup_pg);
	int failed = cmocka_run_group_tests_name("reports", pure, NULL, NULL);
	failed += TEST_DB_RUN_BOTH("reports", sqlite_tests, pg_tests);
	/* The PDF summary's font caches, freed so leak checks see a clean
	 * exit. */
	pdf_text_shutdown();
	xmlCleanupParser();
	return failed;
}
