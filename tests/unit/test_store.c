/*
 * test_store.c — the case store and the audit chain, run twice: on SQLite
 * (a temporary file per test) and on PostgreSQL (a fresh schema per test
 * in the server named by CWYN_TEST_PG_URL). When that variable is unset
 * the PostgreSQL half is skipped with a notice, except under CI, where a
 * missing server is a failure: both backends must pass the same tests.
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

#include <pthread.h>

#include <cmocka.h>

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
	int64_t auth_a, auth_b;
};


static cwyn_day day(const char *s)
{
	cwyn_day d = CWYN_DAY_NONE;
	assert_int_equal(date_parse(s, &d, "test", NULL), CWYN_OK);
	return d;
}

/* Run raw SQL as an attacker (or a test) would. */
static enum cwyn_code raw(struct fixture *f, const char *sql)
{
	struct cwyn_error err = {0};
	return db_exec_script(f->db, sql, &err);
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

/* Open a second connection to the same database (same PG schema). */
static struct db *open_again(struct fixture *f)
{
	struct db *db = NULL;
	assert_int_equal(test_db_connect(&f->t, &db), 0);
	return db;
}

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	if (store_migrate(f->db, &err) != CWYN_OK) {
		fprintf(stderr, "migrate: %s: %s\n", err.field, err.message);
		return -1;
	}
	arena_init(&f->ar, 0);
	f->auth_a = make_authority(f, "aaa");
	f->auth_b = make_authority(f, "bbb");
	return 0;
}

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "store", true) != 0) {
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
	arena_free(&f->ar);
	free(f);
	return 0;
}

static struct store_case new_case(int64_t authority_id, const char *received)
{
	struct store_case c = {
	    .authority_id = authority_id,
	    .language = "en",
	    .channel = "written",
	    .received = day(received),
	    .written_record_agreed_on = CWYN_DAY_NONE,
	};
	return c;
}

static int64_t create_case(struct fixture *f, int64_t auth, const char *rcv,
                           char *ref_out)
{
	struct store_case c = new_case(auth, rcv);
	struct cwyn_error err = {0};
	assert_int_equal(store_case_create(f->db, &c, &err), CWYN_OK);
	if (ref_out)
		strcpy(ref_out, c.reference);
	return c.id;
}

/* ---- Schema ----------------------------------------------------------------- */

static void migrations_are_idempotent(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	int v = -1;
	assert_int_equal(store_db_version(f->db, &v, &err), CWYN_OK);
	assert_int_equal(v, store_schema_version());
	/* Opening again applies nothing and keeps the data. */
	assert_int_equal(store_migrate(f->db, &err), CWYN_OK);
	assert_int_equal(store_migrate(f->db, &err), CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM schema_migrations"),
	                 store_schema_version());
	assert_int_equal(count(f, "SELECT COUNT(*) FROM authorities"), 2);
	/* A database from a newer cwyn is refused, clearly. */
	assert_int_equal(raw(f, "INSERT INTO schema_migrations"
	                        " VALUES (999, '2030-01-01T00:00:00Z')"),
	                 CWYN_OK);
	assert_int_equal(store_migrate(f->db, &err), CWYN_ESTATE);
	assert_non_null(strstr(err.message, "999"));
	assert_non_null(strstr(err.message, "upgrade cwyn"));
}

/* ---- Cases --------------------------------------------------------------------- */

static void references_run_per_authority_per_year(void **state)
{
	struct fixture *f = *state;
	char ref[STORE_REF_SIZE];
	create_case(f, f->auth_a, "2026-03-02", ref);
	assert_string_equal(ref, "CP-2026-00001");
	create_case(f, f->auth_a, "2026-03-02", ref);
	assert_string_equal(ref, "CP-2026-00002");
	create_case(f, f->auth_b, "2026-05-10", ref);
	assert_string_equal(ref, "CP-2026-00001");
	create_case(f, f->auth_a, "2027-01-04", ref);
	assert_string_equal(ref, "CP-2027-00001");
	int64_t id = create_case(f, f->auth_a, "2026-12-31", ref);
	assert_string_equal(ref, "CP-2026-00003");

	struct store_case got;
	struct cwyn_error err = {0};
	assert_int_equal(store_case_get_by_reference(f->db, f->auth_a,
	                                             "CP-2026-00003", &f->ar,
	                                             &got, &err),
	                 CWYN_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.status, "open");
	assert_int_equal(got.version, 1);
	assert_int_equal(got.received, day("2026-12-31"));
	assert_string_equal(got.facts_json, "{}");
	/* Another authority cannot reach it, by id or by reference. */
	assert_int_equal(store_case_get(f->db, f->auth_b, id, &f->ar, &got,
	                                &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(store_case_get_by_reference(f->db, f->auth_b,
	                                             "CP-2026-00003", &f->ar,
	                                             &got, &err),
	                 CWYN_ENOTFOUND);
}

static void a_rolled_back_case_gives_its_number_back(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char ref[STORE_REF_SIZE];
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	create_case(f, f->auth_a, "2026-03-02", ref);
	assert_string_equal(ref, "CP-2026-00001");
	db_rollback(f->db);
	create_case(f, f->auth_a, "2026-03-02", ref);
	assert_string_equal(ref, "CP-2026-00001");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), 1);
}

static void optimistic_concurrency_refuses_stale_saves(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	int64_t id = create_case(f, f->auth_a, "2026-03-02", NULL);
	struct store_case mine, theirs;
	assert_int_equal(store_case_get(f->db, f->auth_a, id, &f->ar, &mine,
	                                &err),
	                 CWYN_OK);
	theirs = mine;
	theirs.overall_route = "conference_chair";
	theirs.safeguarding_alert = true;
	assert_int_equal(store_case_update(f->db, &theirs, &err), CWYN_OK);
	assert_int_equal(theirs.version, 2);

	mine.overall_route = "ombudsman";
	mine.outcome = "lost update";
	assert_int_equal(store_case_update(f->db, &mine, &err), CWYN_ECONFLICT);
	assert_non_null(strstr(err.message, "reload"));
	assert_int_equal(mine.version, 1);

	struct store_case now;
	assert_int_equal(store_case_get(f->db, f->auth_a, id, &f->ar, &now,
	                                &err),
	                 CWYN_OK);
	assert_string_equal(now.overall_route, "conference_chair");
	assert_true(now.safeguarding_alert);
	assert_null(now.outcome);
	assert_int_equal(now.version, 2);

	/* Reloading and saving again works. */
	now.status = "closed";
	strcpy(now.closed_at, "2026-04-01T10:00:00.000Z");
	now.outcome = "resolved";
	assert_int_equal(store_case_update(f->db, &now, &err), CWYN_OK);
	assert_int_equal(now.version, 3);

	/* Someone else's case, or none at all, is not found. */
	now.authority_id = f->auth_b;
	assert_int_equal(store_case_update(f->db, &now, &err), CWYN_ENOTFOUND);
}

static void constraint_violations_store_nothing(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};

	struct store_user u = {.authority_id = f->auth_a, .username = "anna",
	                       .display_name = "Anna", .role = "wizard"};
	assert_int_equal(store_user_create(f->db, &u, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "role");
	assert_non_null(strstr(err.message, "complaints_officer"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM users"), 0);
	/* The database refuses it too, whoever writes the SQL. */
	assert_int_not_equal(
	    raw(f, "INSERT INTO users (authority_id, username, display_name,"
	           " role, created_at) VALUES (1, 'x', 'X', 'wizard', 'now')"),
	    CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM users"), 0);

	u.role = "complaints_officer";
	assert_int_equal(store_user_create(f->db, &u, &err), CWYN_OK);
	struct store_user dup = u;
	assert_int_equal(store_user_create(f->db, &dup, &err), CWYN_ECONFLICT);
	dup.authority_id = f->auth_b; /* same name, other council: fine */
	assert_int_equal(store_user_create(f->db, &dup, &err), CWYN_OK);

	/* Bad enum values in a case: refused before a number is taken. */
	struct store_case c = new_case(f->auth_a, "2026-03-02");
	c.overall_route = "to_the_moon";
	assert_int_equal(store_case_create(f->db, &c, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "overall_route");
	c = new_case(f->auth_a, "2026-03-02");
	c.language = "fr";
	assert_int_equal(store_case_create(f->db, &c, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "language");
	c = new_case(9999, "2026-03-02");
	assert_int_equal(store_case_create(f->db, &c, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "authority_id");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM counters"), 0);
	assert_int_not_equal(
	    raw(f, "INSERT INTO cases (authority_id, reference, language,"
	           " channel, received, created_at, updated_at) VALUES"
	           " (9999, 'CP-2026-00001', 'en', 'oral', '2026-03-02',"
	           " 'now', 'now')"),
	    CWYN_OK);
	char ref[STORE_REF_SIZE];
	int64_t id = create_case(f, f->auth_a, "2026-03-02", ref);
	assert_string_equal(ref, "CP-2026-00001");

	/* A matter cannot be routed "split" (only a whole case can). */
	struct store_matter m = {.case_id = id, .authority_id = f->auth_a,
	                         .seq = 1, .subject = "failure_to_act",
	                         .route = "split"};
	assert_int_equal(store_matter_insert(f->db, &m, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "route");
	assert_int_not_equal(
	    raw(f, "INSERT INTO matters (case_id, authority_id, seq, subject,"
	           " route) VALUES (1, 1, 1, 'failure_to_act', 'nowhere')"),
	    CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM matters"), 0);
	/* A child row must belong to its case's authority. */
	struct store_child k = {.case_id = id, .authority_id = f->auth_b,
	                        .label = "Child A",
	                        .date_of_birth = CWYN_DAY_NONE, .age = 7};
	assert_int_not_equal(store_child_insert(f->db, &k, &err), CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM children"), 0);
}

static void case_list_filters_and_pages(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	struct store_user u = {.authority_id = f->auth_a, .username = "owner",
	                       .display_name = "Owner",
	                       .role = "complaints_officer"};
	assert_int_equal(store_user_create(f->db, &u, &err), CWYN_OK);
	int64_t ids[7];
	for (int i = 0; i < 7; i++) {
		struct store_case c = new_case(f->auth_a, "2026-03-02");
		c.owner_user_id = i % 2 ? u.id : 0;
		c.safeguarding_alert = i == 3;
		c.overall_route = i < 2 ? "council_stage1" : "conference_chair";
		c.status = i == 6 ? "closed" : "open";
		assert_int_equal(store_case_create(f->db, &c, &err), CWYN_OK);
		ids[i] = c.id;
		create_case(f, f->auth_b, "2026-03-02", NULL); /* noise */
	}
	struct store_case_filter flt = {.authority_id = f->auth_a, .limit = 3};
	struct store_case *rows;
	size_t n, seen = 0;
	bool more = true;
	int pages = 0;
	while (more) {
		assert_int_equal(store_case_list(f->db, &flt, &f->ar, &rows, &n,
		                                 &more, &err),
		                 CWYN_OK);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(rows[i].id, ids[seen++]);
			assert_int_equal(rows[i].authority_id, f->auth_a);
			assert_null(rows[i].facts_json); /* lists skip JSON */
		}
		pages++;
		if (n)
			flt.after_id = rows[n - 1].id;
	}
	assert_int_equal(seen, 7);
	assert_int_equal(pages, 3);

	struct store_case_filter by = {.authority_id = f->auth_a,
	                               .status = "closed"};
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, ids[6]);
	by = (struct store_case_filter){.authority_id = f->auth_a,
	                                .route = "council_stage1"};
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 2);
	by = (struct store_case_filter){.authority_id = f->auth_a,
	                                .owner_user_id = u.id};
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 3);
	by = (struct store_case_filter){.authority_id = f->auth_a,
	                                .alert_only = true};
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, ids[3]);

	/* Overdue: a running clock due before today. */
	struct store_clock k = {.case_id = ids[4], .authority_id = f->auth_a,
	                        .timescale = "ack", .state = "running",
	                        .started_on = day("2026-03-02"),
	                        .due_on = day("2026-03-04"),
	                        .paused_on = CWYN_DAY_NONE,
	                        .stopped_on = CWYN_DAY_NONE};
	assert_int_equal(store_clock_insert(f->db, &k, &err), CWYN_OK);
	k.case_id = ids[5];
	k.state = "stopped";
	k.stopped_on = day("2026-03-03");
	assert_int_equal(store_clock_insert(f->db, &k, &err), CWYN_OK);
	by = (struct store_case_filter){.authority_id = f->auth_a,
	                                .overdue_only = true,
	                                .today = day("2026-03-05")};
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].id, ids[4]);
	by.today = day("2026-03-04"); /* due today is not yet overdue */
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 0);

	by = (struct store_case_filter){.authority_id = f->auth_a,
	                                .status = "pending"};
	assert_int_equal(store_case_list(f->db, &by, &f->ar, &rows, &n, &more,
	                                 &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "status");
}

static void clocks_due_lists_running_clocks_by_date(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	int64_t a = create_case(f, f->auth_a, "2026-03-02", NULL);
	int64_t b = create_case(f, f->auth_b, "2026-03-02", NULL);
	static const struct {
		int which;
		const char *state, *due;
	} spec[] = {
	    {0, "running", "2026-04-10"}, {0, "running", "2026-03-20"},
	    {0, "paused", "2026-03-01"},  {0, "stopped", "2026-03-01"},
	    {0, "running", "2026-05-01"}, {1, "running", "2026-03-01"},
	};
	int64_t ids[6];
	for (size_t i = 0; i < 6; i++) {
		struct store_clock k = {
		    .case_id = spec[i].which ? b : a,
		    .authority_id = spec[i].which ? f->auth_b : f->auth_a,
		    .timescale = "s2_response",
		    .state = spec[i].state,
		    .started_on = day("2026-02-01"),
		    .due_on = day(spec[i].due),
		    .paused_on = strcmp(spec[i].state, "paused") == 0
		                     ? day("2026-02-20") : CWYN_DAY_NONE,
		    .stopped_on = strcmp(spec[i].state, "stopped") == 0
		                      ? day("2026-02-21") : CWYN_DAY_NONE,
		    .derivation_json = "{\"start\":\"2026-02-01\"}",
		};
		assert_int_equal(store_clock_insert(f->db, &k, &err), CWYN_OK);
		ids[i] = k.id;
	}
	struct store_clock *rows;
	size_t n;
	assert_int_equal(store_clocks_due(f->db, f->auth_a, day("2026-04-10"),
	                                  &f->ar, &rows, &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].id, ids[1]); /* earliest first */
	assert_int_equal(rows[1].id, ids[0]); /* due on the day counts */
	assert_int_equal(rows[0].due_on, day("2026-03-20"));
	assert_string_equal(rows[0].derivation_json, "{\"start\":\"2026-02-01\"}");
	assert_int_equal(rows[0].paused_on, CWYN_DAY_NONE);

	/* Pausing through an update takes it off the report. */
	struct store_clock k = rows[0];
	k.state = "paused";
	k.paused_on = day("2026-03-10");
	assert_int_equal(store_clock_update(f->db, &k, &err), CWYN_OK);
	assert_int_equal(store_clocks_due(f->db, f->auth_a, day("2026-04-10"),
	                                  &f->ar, &rows, &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	k.state = "frozen";
	assert_int_equal(store_clock_update(f->db, &k, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "state");
}

static void case_parts_round_trip(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	int64_t id = create_case(f, f->auth_a, "2026-03-02", NULL);
	struct store_user inv = {.authority_id = f->auth_a, .username = "iv",
	                         .display_name = "Investigator",
	                         .role = "investigator"};
	assert_int_equal(store_user_create(f->db, &inv, &err), CWYN_OK);

	struct store_complainant p = {
	    .case_id = id, .authority_id = f->auth_a, .name = "Siân Jones",
	    .relationship = "parent", .language = "cy",
	    .contact_preference = "post", .address = "1 Stryd Fawr"};
	assert_int_equal(store_complainant_insert(f->db, &p, &err), CWYN_OK);
	p.email = "sian@example.org";
	assert_int_equal(store_complainant_update(f->db, &p, &err), CWYN_OK);
	struct store_complainant *ps;
	size_t n;
	assert_int_equal(store_complainant_list(f->db, f->auth_a, id, &f->ar,
	                                        &ps, &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ps[0].name, "Siân Jones");
	assert_string_equal(ps[0].email, "sian@example.org");
	assert_null(ps[0].phone);
	p.relationship = "neighbour";
	assert_int_equal(store_complainant_update(f->db, &p, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "relationship");

	struct store_child k = {.case_id = id, .authority_id = f->auth_a,
	                        .label = "Child A",
	                        .date_of_birth = day("2015-06-01"), .age = -1,
	                        .looked_after = true};
	assert_int_equal(store_child_insert(f->db, &k, &err), CWYN_OK);
	struct store_child *ks;
	assert_int_equal(store_child_list(f->db, f->auth_a, id, &f->ar, &ks, &n,
	                                  &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ks[0].date_of_birth, day("2015-06-01"));
	assert_int_equal(ks[0].age, -1);
	assert_true(ks[0].looked_after);
	assert_false(ks[0].in_education);

	struct store_matter m = {.case_id = id, .authority_id = f->auth_a,
	                         .seq = 1, .subject = "conference_process",
	                         .route = "conference_chair",
	                         .council_verdict = "no",
	                         .ombudsman_verdict = "not_yet"};
	assert_int_equal(store_matter_insert(f->db, &m, &err), CWYN_OK);
	struct store_stage s = {.matter_id = m.id, .case_id = id,
	                        .authority_id = f->auth_a, .kind = "conference",
	                        .state = "with_chair",
	                        .opened_on = day("2026-03-03"),
	                        .closed_on = CWYN_DAY_NONE,
	                        .investigator_user_id = inv.id};
	assert_int_equal(store_stage_insert(f->db, &s, &err), CWYN_OK);
	s.state = "closed";
	s.closed_on = day("2026-03-10");
	s.outcome = "resolved";
	assert_int_equal(store_stage_update(f->db, &s, &err), CWYN_OK);
	struct store_matter *ms;
	struct store_stage *ss;
	assert_int_equal(store_matter_list(f->db, f->auth_a, id, &f->ar, &ms,
	                                   &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(ms[0].agency, "council");
	assert_string_equal(ms[0].ombudsman_verdict, "not_yet");
	assert_int_equal(store_stage_list(f->db, f->auth_a, id, &f->ar, &ss, &n,
	                                  &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ss[0].closed_on, day("2026-03-10"));
	assert_int_equal(ss[0].investigator_user_id, inv.id);

	struct store_clock c = {.case_id = id, .matter_id = m.id,
	                        .stage_id = s.id, .authority_id = f->auth_a,
	                        .timescale = "conf_chair_resolve",
	                        .state = "running",
	                        .started_on = day("2026-03-03"),
	                        .due_on = day("2026-03-10"),
	                        .paused_on = CWYN_DAY_NONE,
	                        .stopped_on = CWYN_DAY_NONE};
	assert_int_equal(store_clock_insert(f->db, &c, &err), CWYN_OK);
	struct store_extension e = {.clock_id = c.id, .case_id = id,
	                            .authority_id = f->auth_a,
	                            .agreed_on = day("2026-03-09"),
	                            .agreed_with = "complainant",
	                            .reason = "police enquiry",
	                            .exceptional = true, .extra_amount = 5,
	                            .old_due = day("2026-03-10"),
	                            .new_due = day("2026-03-17"),
	                            .recorded_by = inv.id};
	assert_int_equal(store_extension_insert(f->db, &e, &err), CWYN_OK);
	struct store_extension *es;
	assert_int_equal(store_extension_list(f->db, f->auth_a, id, &f->ar, &es,
	                                      &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(es[0].new_due, day("2026-03-17"));
	assert_true(es[0].exceptional);
	assert_int_equal(strlen(es[0].recorded_at), 24);

	struct store_event ev = {.case_id = id, .authority_id = f->auth_a,
	                         .actor_user_id = inv.id,
	                         .kind = "case.created"};
	assert_int_equal(store_event_insert(f->db, &ev, &err), CWYN_OK);
	struct store_event *evs;
	assert_int_equal(store_event_list(f->db, f->auth_a, id, &f->ar, &evs,
	                                  &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(evs[0].detail_json, "{}");
	assert_string_equal(evs[0].at, ev.at);

	struct store_letter l = {.case_id = id, .authority_id = f->auth_a,
	                         .kind = "acknowledgement", .language = "cy",
	                         .subject = "Cydnabod eich cwyn",
	                         .body_html = "<p>Diolch</p>"};
	assert_int_equal(store_letter_insert(f->db, &l, &err), CWYN_OK);
	assert_int_equal(store_letter_mark_sent(f->db, f->auth_a, l.id, &err),
	                 CWYN_OK);
	assert_int_equal(store_letter_mark_sent(f->db, f->auth_a, l.id, &err),
	                 CWYN_ESTATE);
	assert_int_equal(store_letter_mark_sent(f->db, f->auth_b, l.id, &err),
	                 CWYN_ENOTFOUND);
	struct store_letter *ls;
	assert_int_equal(store_letter_list(f->db, f->auth_a, id, &f->ar, &ls,
	                                   &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_true(ls[0].sent_at[0] != '\0');

	bool may = true;
	assert_int_equal(store_case_access_has(f->db, f->auth_a, id, inv.id,
	                                       &may, &err),
	                 CWYN_OK);
	assert_false(may);
	assert_int_equal(store_case_access_grant(f->db, f->auth_a, id, inv.id,
	                                         &err),
	                 CWYN_OK);
	assert_int_equal(store_case_access_grant(f->db, f->auth_a, id, inv.id,
	                                         &err),
	                 CWYN_OK);
	assert_int_equal(store_case_access_has(f->db, f->auth_a, id, inv.id,
	                                       &may, &err),
	                 CWYN_OK);
	assert_true(may);
	/* Someone from another council cannot be named on the case. */
	struct store_user other = {.authority_id = f->auth_b, .username = "o",
	                           .display_name = "O", .role = "auditor"};
	assert_int_equal(store_user_create(f->db, &other, &err), CWYN_OK);
	assert_int_not_equal(store_case_access_grant(f->db, f->auth_a, id,
	                                             other.id, &err),
	                     CWYN_OK);

	struct store_user *us;
	assert_int_equal(store_user_list(f->db, f->auth_a, &f->ar, &us, &n,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	inv.disabled = true;
	inv.role = "auditor";
	assert_int_equal(store_user_update(f->db, &inv, &err), CWYN_OK);
	struct store_user got;
	assert_int_equal(store_user_get_by_username(f->db, f->auth_a, "iv",
	                                            &f->ar, &got, &err),
	                 CWYN_OK);
	assert_true(got.disabled);
	assert_string_equal(got.role, "auditor");
}

/* ---- Audit chain ------------------------------------------------------------ */

static void append_entries(struct fixture *f, int n)
{
	struct cwyn_error err = {0};
	int64_t id = create_case(f, f->auth_a, "2026-03-02", NULL);
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	for (int i = 1; i <= n; i++) {
		char detail[64];
		snprintf(detail, sizeof detail, "entry number %d", i);
		assert_int_equal(audit_append(f->db, i % 5 ? f->auth_a : 0,
		                              "anna", "case.update",
		                              i % 3 ? id : 0, detail, &err),
		                 CWYN_OK);
	}
	assert_int_equal(db_commit(f->db, &err), CWYN_OK);
}

static struct audit_report verify(struct fixture *f)
{
	struct audit_report r;
	struct cwyn_error err = {0};
	assert_int_equal(audit_verify(f->db, &r, &err), CWYN_OK);
	return r;
}

static void drop_triggers(struct fixture *f)
{
	if (f->kind == DB_SQLITE)
		assert_int_equal(raw(f, "DROP TRIGGER audit_log_no_update;"
		                        " DROP TRIGGER audit_log_no_delete"),
		                 CWYN_OK);
	else
		assert_int_equal(
		    raw(f, "DROP TRIGGER audit_log_no_update ON audit_log;"
		           " DROP TRIGGER audit_log_no_delete ON audit_log"),
		    CWYN_OK);
}

static void audit_chain_verifies(void **state)
{
	struct fixture *f = *state;
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_OK);
	assert_int_equal(r.entries, 0);
	append_entries(f, 50);
	r = verify(f);
	assert_int_equal(r.kind, AUDIT_OK);
	assert_int_equal(r.entries, 50);
	assert_string_equal(r.message, "audit chain OK: 50 entries");
}

static void audit_triggers_refuse_changes(void **state)
{
	struct fixture *f = *state;
	append_entries(f, 5);
	assert_int_not_equal(
	    raw(f, "UPDATE audit_log SET detail = 'nothing' WHERE seq = 3"),
	    CWYN_OK);
	assert_int_not_equal(raw(f, "DELETE FROM audit_log WHERE seq = 3"),
	                     CWYN_OK);
	if (f->kind == DB_POSTGRES)
		assert_int_not_equal(raw(f, "TRUNCATE audit_log"), CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), 5);
	assert_int_equal(verify(f).kind, AUDIT_OK);
}

static void audit_names_an_edited_entry(void **state)
{
	struct fixture *f = *state;
	append_entries(f, 50);
	drop_triggers(f);
	assert_int_equal(
	    raw(f, "UPDATE audit_log SET detail = 'nothing happened'"
	           " WHERE seq = 17"),
	    CWYN_OK);
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_EDITED);
	assert_int_equal(r.seq, 17);
	assert_int_equal(r.entries, 16);
	assert_non_null(strstr(r.message, "17"));
}

static void audit_names_a_deleted_entry(void **state)
{
	struct fixture *f = *state;
	append_entries(f, 50);
	drop_triggers(f);
	assert_int_equal(raw(f, "DELETE FROM audit_log WHERE seq = 25"),
	                 CWYN_OK);
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_DELETED);
	assert_int_equal(r.seq, 25);
	assert_non_null(strstr(r.message, "25"));
}

static void audit_names_a_cut_off_tail(void **state)
{
	struct fixture *f = *state;
	append_entries(f, 50);
	drop_triggers(f);
	assert_int_equal(raw(f, "DELETE FROM audit_log WHERE seq >= 48"),
	                 CWYN_OK);
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_DELETED);
	assert_int_equal(r.seq, 48);
}

static void audit_names_swapped_entries(void **state)
{
	struct fixture *f = *state;
	append_entries(f, 50);
	drop_triggers(f);
	/* Move entry 20 into place 10 and back: the rows trade places. */
	assert_int_equal(
	    raw(f, "UPDATE audit_log SET seq = seq + 1000000"
	           " WHERE seq IN (10, 20);"
	           " UPDATE audit_log SET seq = 20 WHERE seq = 1000010;"
	           " UPDATE audit_log SET seq = 10 WHERE seq = 1000020"),
	    CWYN_OK);
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_REORDERED);
	assert_int_equal(r.seq, 10);
	assert_non_null(strstr(r.message, "20"));
}

static void audit_names_adjacent_swap(void **state)
{
	struct fixture *f = *state;
	append_entries(f, 50);
	drop_triggers(f);
	assert_int_equal(
	    raw(f, "UPDATE audit_log SET seq = seq + 1000000"
	           " WHERE seq IN (30, 31);"
	           " UPDATE audit_log SET seq = 31 WHERE seq = 1000030;"
	           " UPDATE audit_log SET seq = 30 WHERE seq = 1000031"),
	    CWYN_OK);
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_REORDERED);
	assert_int_equal(r.seq, 30);
}

static void audit_logs_case_reads(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	int64_t id = create_case(f, f->auth_a, "2026-03-02", NULL);
	assert_int_equal(audit_read_case(f->db, f->auth_a, "auditor1", id, &err),
	                 CWYN_OK);
	assert_int_equal(audit_read_case(f->db, f->auth_a, "", id, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "actor");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'case.read'"
	                          " AND actor = 'auditor1'"),
	                 1);
	assert_int_equal(verify(f).kind, AUDIT_OK);
}

/* Two writers at once: the second waits for the first and extends its
 * tail, so the chain does not fork. */
struct writer {
	struct db *db;
	int64_t auth;
	enum cwyn_code rc;
};

static void *second_writer(void *arg)
{
	struct writer *w = arg;
	struct cwyn_error err = {0};
	w->rc = db_begin(w->db, &err);
	if (w->rc == CWYN_OK)
		w->rc = audit_append(w->db, w->auth, "bob", "case.update", 0,
		                     "second", &err);
	if (w->rc == CWYN_OK)
		w->rc = db_commit(w->db, &err);
	else
		db_rollback(w->db);
	return NULL;
}

static void audit_writers_do_not_fork(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	struct writer w = {.db = open_again(f), .auth = f->auth_a};
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	assert_int_equal(audit_append(f->db, f->auth_a, "anna", "case.update",
	                              0, "first", &err),
	                 CWYN_OK);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, second_writer, &w), 0);
	usleep(200 * 1000); /* let the second writer reach its wait */
	assert_int_equal(db_commit(f->db, &err), CWYN_OK);
	pthread_join(t, NULL);
	assert_int_equal(w.rc, CWYN_OK);
	db_close(w.db);
	struct audit_report r = verify(f);
	assert_int_equal(r.kind, AUDIT_OK);
	assert_int_equal(r.entries, 2);
}

/*
 * Every table that holds rows of a case has an index that starts with
 * case_id, so removing one case (retention) or reading its parts never
 * reads a whole table. The outbox went without one until migration 11.
 * case_search is keyed by case on both backends (the rowid on SQLite);
 * complaint drafts are found by their hash and expire within hours.
 */
static void every_per_case_table_has_a_case_index(void **state)
{
	struct fixture *f = *state;
	const char *sql =
	    f->kind == DB_SQLITE
	        ? "SELECT count(*) FROM sqlite_master m WHERE m.type = 'table'"
	          " AND m.name NOT IN ('case_search', 'complaint_drafts')"
	          " AND EXISTS (SELECT 1 FROM pragma_table_info(m.name)"
	          "  WHERE name = 'case_id')"
	          " AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) il,"
	          "  pragma_index_info(il.name) ii"
	          "  WHERE ii.seqno = 0 AND ii.name = 'case_id')"
	        : "SELECT count(*) FROM information_schema.columns c"
	          " WHERE c.table_schema = current_schema()"
	          " AND c.column_name = 'case_id'"
	          " AND c.table_name NOT IN ('case_search', 'complaint_drafts')"
	          " AND NOT EXISTS (SELECT 1 FROM pg_index i"
	          "  JOIN pg_class t ON t.oid = i.indrelid"
	          "  JOIN pg_namespace n ON n.oid = t.relnamespace"
	          "  JOIN pg_attribute a ON a.attrelid = t.oid"
	          "   AND a.attnum = i.indkey[0]"
	          "  WHERE n.nspname = current_schema()"
	          "   AND t.relname = c.table_name AND a.attname = 'case_id')";
	assert_int_equal(count(f, sql), 0);
	/* And the check sees a table without one. */
	assert_int_equal(raw(f, "CREATE TABLE stray (id BIGINT, case_id BIGINT)"),
	                 CWYN_OK);
	assert_int_equal(count(f, sql), 1);
}

#define STORE_TESTS(setup)                                                   \
	{                                                                    \
	    cmocka_unit_test_setup_teardown(migrations_are_idempotent,       \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(                                 \
	        references_run_per_authority_per_year, setup, teardown),     \
	    cmocka_unit_test_setup_teardown(                                 \
	        a_rolled_back_case_gives_its_number_back, setup, teardown),  \
	    cmocka_unit_test_setup_teardown(                                 \
	        optimistic_concurrency_refuses_stale_saves, setup, teardown),\
	    cmocka_unit_test_setup_teardown(                                 \
	        constraint_violations_store_nothing, setup, teardown),       \
	    cmocka_unit_test_setup_teardown(case_list_filters_and_pages,     \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(                                 \
	        clocks_due_lists_running_clocks_by_date, setup, teardown),   \
	    cmocka_unit_test_setup_teardown(case_parts_round_trip, setup,    \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(audit_chain_verifies, setup,     \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(audit_triggers_refuse_changes,   \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(audit_names_an_edited_entry,     \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(audit_names_a_deleted_entry,     \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(audit_names_a_cut_off_tail,      \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(audit_names_swapped_entries,     \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(audit_names_adjacent_swap,       \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(audit_logs_case_reads, setup,    \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(                                 \
	        every_per_case_table_has_a_case_index, setup, teardown),     \
	    cmocka_unit_test_setup_teardown(audit_writers_do_not_fork,       \
	                                    setup, teardown),                \
	}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = STORE_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = STORE_TESTS(setup_pg);
	return TEST_DB_RUN_BOTH("store", sqlite_tests, pg_tests);
}
