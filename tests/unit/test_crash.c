/*
 * test_crash.c — a committed complaint survives kill -9.
 *
 * A child process takes in complaints as fast as it can through the intake
 * use case and, only after app_intake returned OK (db_commit done), writes
 * the case reference to a pipe: that is the acknowledgement a complainant
 * would be given. The parent reads some references, then kills the child
 * with SIGKILL in the middle of the burst, reopens the database and checks
 * that every acknowledged case is there, whole (its complainant, matters,
 * stages, clocks, timeline and audit entry), that no case is half-written,
 * and that the audit chain verifies. Several rounds, killed at different
 * moments, on SQLite (synchronous=FULL, the default) and on PostgreSQL
 * (a fresh schema in CWYN_TEST_PG_URL; skipped with a notice when unset,
 * a failure under CI).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"

#define MAX_ACKED 20000
#define REF_LINE 32

struct fixture {
	struct test_db t; /* unconnected: the child and the checks connect */
	struct policy *policy;
	struct calendar *cal;
	int64_t authority;
	char acked[MAX_ACKED][REF_LINE];
	size_t n_acked;
	int64_t kills;    /* rounds so far */
};

static const char facts[] =
    "{\"received\": \"2026-03-02\","
    " \"complainant\": {\"relationship\": \"parent\"},"
    " \"children\": [{\"label\": \"A\", \"age\": 7}],"
    " \"matters\": ["
    "  {\"id\": \"failure\", \"subject\": \"failure_to_act\","
    "   \"summary\": \"No visit after the referral.\","
    "   \"dates\": {\"event\": \"2026-02-10\"}},"
    "  {\"id\": \"category\", \"subject\": \"registration_category\","
    "   \"dates\": {\"conference_held\": \"2026-02-16\","
    "              \"minutes_sent\": \"2026-02-20\"}}]}";

/* A connection to the test database (the fixture's schema on PG). */
static struct db *connect_db(const struct fixture *f)
{
	struct db *db = NULL;
	return test_db_connect(&f->t, &db) == 0 ? db : NULL;
}

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	struct db *db = connect_db(f);
	if (db == NULL || store_migrate(db, &err) != CWYN_OK)
		return -1;
	if (policy_load_with_calendar(NULL, &f->policy, &f->cal, &err))
		return -1;
	struct store_authority a = {.code = "crash", .name_en = "Crash Council",
	                            .name_cy = "Cyngor Chwalu",
	                            .policy_id = f->policy->id,
	                            .policy_version = f->policy->version};
	struct store_user u = {.username = "olwen", .display_name = "Olwen",
	                       .role = "complaints_officer"};
	if (store_authority_create(db, &a, &err) != CWYN_OK)
		return -1;
	u.authority_id = a.id;
	if (store_user_create(db, &u, &err) != CWYN_OK)
		return -1;
	f->authority = a.id;
	db_close(db);
	return 0;
}

static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "crash", false) != 0) {
		free(f);
		return -1;
	}
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
	free(f);
	return 0;
}

/* The child: intake after intake; each committed reference goes to fd. */
static void burst(const struct fixture *f, int fd)
{
	struct cwyn_error err = {0};
	struct db *db = connect_db(f);
	if (db == NULL)
		_exit(3);
	struct app_ctx ctx = {.db = db, .policy = f->policy, .cal = f->cal,
	                      .today = date_from_ymd(2026, 3, 2)};
	if (app_actor_for_user(db, f->authority, "olwen", &ctx.actor, &err))
		_exit(4);
	struct app_intake in = {
	    .facts_json = facts,
	    .facts_len = sizeof facts - 1,
	    .complainant = {.name = "Ms Crash", .email = "c@example.org"},
	};
	for (int i = 0; i < 100000; i++) {
		struct app_intake_result r;
		if (app_intake(&ctx, &in, &r, &err) != CWYN_OK)
			_exit(5);
		/* Only now is the case acknowledged to anyone. */
		char line[REF_LINE];
		int n = snprintf(line, sizeof line, "%s\n", r.ref.reference);
		if (write(fd, line, (size_t)n) != n)
			_exit(6);
	}
	_exit(0);
}

/* Read whole lines from the pipe into f->acked until `want` more have
 * arrived (or EOF when want < 0). */
static void read_acks(struct fixture *f, FILE *in, long want)
{
	char line[REF_LINE];
	while ((want < 0 || want-- > 0) && fgets(line, sizeof line, in)) {
		line[strcspn(line, "\n")] = '\0';
		assert_true(f->n_acked < MAX_ACKED);
		snprintf(f->acked[f->n_acked++], REF_LINE, "%s", line);
	}
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

/* Every acknowledged case is there and whole; nothing is half-written. */
static void check_after_crash(struct fixture *f)
{
	struct cwyn_error err = {0};
	struct db *db = connect_db(f);
	assert_non_null(db);
	struct arena ar;
	arena_init(&ar, 0);
	for (size_t i = 0; i < f->n_acked; i++) {
		struct store_case c;
		struct store_matter *ms;
		struct store_clock *ks;
		struct store_complainant *ps;
		size_t nm = 0, nk = 0, np = 0;
		enum cwyn_code rc = store_case_get_by_reference(
		    db, f->authority, f->acked[i], &ar, &c, &err);
		if (rc != CWYN_OK)
			fail_msg("acknowledged case %s is missing after kill -9",
			         f->acked[i]);
		assert_int_equal(store_matter_list(db, f->authority, c.id, &ar,
		                                   &ms, &nm, &err),
		                 CWYN_OK);
		assert_int_equal(nm, 2);
		assert_int_equal(store_clock_list(db, f->authority, c.id, &ar,
		                                  &ks, &nk, &err),
		                 CWYN_OK);
		assert_true(nk >= 2); /* the acknowledgement and the chair's */
		assert_int_equal(store_complainant_list(db, f->authority, c.id,
		                                        &ar, &ps, &np, &err),
		                 CWYN_OK);
		assert_int_equal(np, 1);
		arena_free(&ar);
		arena_init(&ar, 0);
	}
	/* No case without its parts, whether acknowledged or not. */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases c WHERE"
	                           " (SELECT COUNT(*) FROM matters m"
	                           "  WHERE m.case_id = c.id) <> 2"),
	                 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases c WHERE NOT"
	                           " EXISTS (SELECT 1 FROM clocks k"
	                           "  WHERE k.case_id = c.id)"),
	                 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases c WHERE NOT"
	                           " EXISTS (SELECT 1 FROM stages s"
	                           "  WHERE s.case_id = c.id)"),
	                 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases c WHERE"
	                           " (SELECT COUNT(*) FROM audit_log a WHERE"
	                           "  a.case_id = c.id AND a.action ="
	                           "  'case.create') <> 1"),
	                 0);
	/* At most one case per kill (committed while its acknowledgement
	 * was on its way) is there unacknowledged. */
	int64_t n = count(db, "SELECT COUNT(*) FROM cases");
	assert_true(n >= (int64_t)f->n_acked);
	assert_true(n <= (int64_t)f->n_acked + f->kills);
	struct audit_report r;
	assert_int_equal(audit_verify(db, &r, &err), CWYN_OK);
	if (r.kind != AUDIT_OK)
		fail_msg("audit chain broken after kill -9: %s", r.message);
	arena_free(&ar);
	db_close(db);
}

/* One round: start a burst, let `after` acknowledgements arrive, wait a
 * little more (so the kill lands at different points of a commit), kill
 * -9, collect what was acknowledged before the kill, check. */
static void round_once(struct fixture *f, long after, useconds_t extra_us)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		burst(f, fds[1]);
	}
	close(fds[1]);
	FILE *in = fdopen(fds[0], "r");
	assert_non_null(in);
	size_t before = f->n_acked;
	read_acks(f, in, after);
	if (extra_us)
		usleep(extra_us);
	assert_int_equal(kill(pid, SIGKILL), 0);
	f->kills++;
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Killed, not finished or failed: the crash was mid-burst. */
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	read_acks(f, in, -1);
	fclose(in);
	assert_true(f->n_acked >= before + (size_t)after);
	check_after_crash(f);
}

static void acknowledged_cases_survive_kill_9(void **state)
{
	struct fixture *f = *state;
	/* Killed at once, after a few, after many; and with extra delays
	 * of a fraction of a commit. */
	static const struct {
		long after;
		useconds_t extra_us;
	} rounds[] = {{1, 0}, {5, 700}, {20, 1300}, {60, 0}, {3, 2500}};
	for (size_t i = 0; i < sizeof rounds / sizeof *rounds; i++)
		round_once(f, rounds[i].after, rounds[i].extra_us);
	fprintf(stderr, "crash: %zu acknowledged cases checked after %zu "
	                "kills\n",
	        f->n_acked, sizeof rounds / sizeof *rounds);
}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
	    cmocka_unit_test_setup_teardown(acknowledged_cases_survive_kill_9,
	                                    setup_sqlite, teardown),
	};
	const struct CMUnitTest pg_tests[] = {
	    cmocka_unit_test_setup_teardown(acknowledged_cases_survive_kill_9,
	                                    setup_pg, teardown),
	};
	/* A dead reader must not kill the writer with SIGPIPE unnoticed. */
	signal(SIGPIPE, SIG_IGN);
	return TEST_DB_RUN_BOTH("crash", sqlite_tests, pg_tests);
}
