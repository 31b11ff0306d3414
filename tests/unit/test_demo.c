/*
 * test_demo.c — `cwyn demo` underneath (demo_load): the demonstration
 * authority, a user for every role, at least twelve cases in English and
 * Welsh covering the routes, something overdue and something due soon
 * whatever the day, every step audited with the chain intact, and a
 * second load that changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/demo.h"
#include "app/policy_file.h"
#include "store/audit.h"
#include "store/store.h"

struct fixture {
	char path[128];
	struct db *db;
	struct policy *policy;
	struct calendar *cal;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct cwyn_error err = {0};
	char url[160];
	if (f == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "/tmp/cwyn-test-demo-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	snprintf(url, sizeof url, "sqlite:%s", f->path);
	if (store_open(url, &f->db, &err) != CWYN_OK ||
	    policy_load_with_calendar(NULL, &f->policy, &f->cal, &err) !=
	        CWYN_OK) {
		fprintf(stderr, "setup: %s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char extra[160];
	db_close(f->db);
	unlink(f->path);
	snprintf(extra, sizeof extra, "%s-wal", f->path);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-shm", f->path);
	unlink(extra);
	policy_free(f->policy);
	calendar_free(f->cal);
	free(f);
	return 0;
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(f->db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

static void load(struct fixture *f, cwyn_day today, struct demo_result *r)
{
	struct cwyn_error err = {0};
	enum cwyn_code rc = demo_load(f->db, f->policy, f->cal, today, r, &err);
	if (rc != CWYN_OK)
		fail_msg("demo_load: %s: %s", err.field, err.message);
}

/* Loaded on two very different days, the demo always has work in it. */
static void check_day(struct fixture *f, cwyn_day today)
{
	struct demo_result r;
	load(f, today, &r);
	assert_false(r.already_loaded);
	assert_true(r.cases_created >= 12);
	assert_int_equal(r.users_created, 7);

	struct arena ar;
	struct store_authority a;
	struct cwyn_error err = {0};
	arena_init(&ar, 0);
	assert_int_equal(store_authority_get_by_code(f->db, "demo", &ar, &a,
	                                             &err),
	                 CWYN_OK);
	assert_string_equal(a.name_en, "Example County Council");
	assert_string_equal(a.name_cy, "Cyngor Sir Enghreifftiol");
	/* A user for each of the seven staff roles, no passwords yet. */
	assert_int_equal(count(f, "SELECT COUNT(DISTINCT role) FROM users"
	                          " WHERE password_hash IS NULL"),
	                 7);
	/* English and Welsh; the routes the procedure has. */
	assert_true(count(f, "SELECT COUNT(*) FROM cases"
	                     " WHERE language = 'cy'") >= 1);
	assert_true(count(f, "SELECT COUNT(*) FROM matters WHERE summary LIKE"
	                     " '%gweithiwr cymdeithasol%'") == 1);
	assert_int_equal(count(f, "SELECT COUNT(DISTINCT overall_route)"
	                          " FROM cases WHERE overall_route IN"
	                          " ('council_stage1', 'council_stage2',"
	                          " 'conference_chair', 'other_agency',"
	                          " 'excluded_court', 'split')"),
	                 6);
	assert_true(count(f, "SELECT COUNT(*) FROM cases"
	                     " WHERE safeguarding_alert = 1") >= 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"
	                          " WHERE restricted = 1"),
	                 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM extensions"), 1);
	assert_true(count(f, "SELECT COUNT(*) FROM stages"
	                     " WHERE investigator_user_id IS NOT NULL") >= 1);
	assert_true(count(f, "SELECT COUNT(*) FROM matters WHERE late = 1") >=
	            1);
	assert_true(count(f, "SELECT COUNT(*) FROM cases"
	                     " WHERE status = 'closed'") >= 1);
	/* Something overdue today, and something due in the next days. */
	struct store_clock *due;
	size_t n_overdue = 0, n_soon = 0;
	assert_int_equal(store_clocks_due(f->db, a.id, today - 1, &ar, &due,
	                                  &n_overdue, &err),
	                 CWYN_OK);
	assert_true(n_overdue >= 1);
	cwyn_day soon;
	assert_int_equal(calendar_add_working_days(f->cal, today, 3, &soon,
	                                           &err),
	                 CWYN_OK);
	assert_int_equal(store_clocks_due(f->db, a.id, soon, &ar, &due,
	                                  &n_soon, &err),
	                 CWYN_OK);
	assert_true(n_soon > n_overdue);
	/* Everything went through the use cases: audited, chain intact. */
	assert_true(count(f, "SELECT COUNT(*) FROM audit_log"
	                     " WHERE action = 'case.create'") ==
	            r.cases_created);
	struct audit_report rep;
	assert_int_equal(audit_verify(f->db, &rep, &err), CWYN_OK);
	assert_int_equal(rep.kind, AUDIT_OK);

	/* Again: nothing changes. */
	int64_t cases = count(f, "SELECT COUNT(*) FROM cases");
	int64_t entries = count(f, "SELECT COUNT(*) FROM audit_log");
	struct demo_result again;
	load(f, today, &again);
	assert_true(again.already_loaded);
	assert_int_equal(again.cases_created, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), cases);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), entries);
	arena_free(&ar);
}

static void demo_on_a_thursday(void **state)
{
	check_day(*state, date_from_ymd(2026, 11, 26));
}

static void demo_after_new_year(void **state)
{
	/* Bank holidays and a weekend just behind: dates still work. */
	check_day(*state, date_from_ymd(2027, 1, 4));
}

/* A load cut short (cases there, no marker) is finished, not doubled. */
static void an_interrupted_load_is_completed(void **state)
{
	struct fixture *f = *state;
	cwyn_day today = date_from_ymd(2026, 11, 26);
	struct demo_result r;
	load(f, today, &r);
	int64_t cases = count(f, "SELECT COUNT(*) FROM cases");
	/* Forget the marker by copying what matters to a fresh file is not
	 * possible (the log is append-only), so drop the trigger as an
	 * attacker would and remove the marker row. */
	struct cwyn_error err = {0};
	assert_int_equal(db_exec_script(f->db,
	                                "DROP TRIGGER audit_log_no_delete;"
	                                "DELETE FROM audit_log WHERE action ="
	                                " 'demo.loaded';"
	                                "UPDATE audit_head SET"
	                                " seq = (SELECT MAX(seq) FROM audit_log),"
	                                " hash = (SELECT hash FROM audit_log"
	                                " ORDER BY seq DESC LIMIT 1);",
	                                &err),
	                 CWYN_OK);
	struct demo_result again;
	load(f, today, &again);
	assert_false(again.already_loaded);
	assert_int_equal(again.cases_created, 0);
	assert_int_equal(again.cases_skipped, r.cases_created);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), cases);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(demo_on_a_thursday, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(demo_after_new_year, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(an_interrupted_load_is_completed,
	                                    setup, teardown),
	};
	return cmocka_run_group_tests_name("demo", tests, NULL, NULL);
}
