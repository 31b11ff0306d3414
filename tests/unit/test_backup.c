/*
 * test_backup.c — `cwyn backup` / `cwyn restore` underneath: app_backup,
 * app_backup_check and app_restore on SQLite (online, while another
 * process writes; refusing damaged, tampered, newer or foreign backups;
 * restoring under an open connection) and on PostgreSQL through pg_dump
 * and pg_restore (a fresh database per test in the server named by
 * CWYN_TEST_PG_URL; skipped with a notice when unset, a failure under CI).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/backup.h"
#include "core/date.h"
#include "store/audit.h"
#include "store/store.h"

struct fixture {
	char dir[128];     /* a private temp dir for every file */
	char url[512];     /* the live database */
	char pg_db[64];    /* PostgreSQL: the database made for the test */
	struct db *db;     /* an open connection to the live database */
	int64_t authority;
};

static const char *pg_url;
static unsigned pg_counter;

static void path_in(const struct fixture *f, const char *name, char *out,
                    size_t size)
{
	snprintf(out, size, "%s/%s", f->dir, name);
}

static int64_t count(struct db *db, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

/* A case and its audit entry, committed together (as the app does). */
static enum cwyn_code add_case(struct db *db, int64_t authority,
                               struct cwyn_error *err)
{
	struct store_case c = {
	    .authority_id = authority,
	    .language = "cy",
	    .channel = "written",
	    .received = date_from_ymd(2026, 3, 2),
	    .written_record_agreed_on = CWYN_DAY_NONE,
	};
	enum cwyn_code rc = db_begin(db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = store_case_create(db, &c, err);
	if (rc == CWYN_OK)
		rc = audit_append(db, authority, "tester", "case.create", c.id,
		                  c.reference, err);
	if (rc == CWYN_OK)
		return db_commit(db, err);
	db_rollback(db);
	return rc;
}

static void add_cases(struct fixture *f, int n)
{
	struct cwyn_error err = {0};
	for (int i = 0; i < n; i++)
		assert_int_equal(add_case(f->db, f->authority, &err), CWYN_OK);
}

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	if (store_open(f->url, &f->db, &err) != CWYN_OK) {
		fprintf(stderr, "open %s: %s\n", f->url, err.message);
		return -1;
	}
	struct store_authority a = {.code = "bk", .name_en = "Backup Council",
	                            .name_cy = "Cyngor Copi",
	                            .policy_id = "wales-2014",
	                            .policy_version = 1};
	if (store_authority_create(f->db, &a, &err) != CWYN_OK)
		return -1;
	f->authority = a.id;
	return 0;
}

static int make_dir(struct fixture *f)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/cwyn-test-backup-XXXXXX");
	return mkdtemp(f->dir) ? 0 : -1;
}

static int setup_sqlite(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || make_dir(f))
		return -1;
	snprintf(f->url, sizeof f->url, "sqlite:%s/live.db", f->dir);
	*state = f;
	return setup_common(f);
}

/* The test server's URL with its database name replaced. */
static void pg_url_for(const char *dbname, char *out, size_t size)
{
	const char *slash = strrchr(pg_url, '/');
	const char *query = strchr(slash, '?');
	snprintf(out, size, "%.*s/%s%s", (int)(slash - pg_url), pg_url, dbname,
	         query ? query : "");
}

static int pg_admin(const char *sql)
{
	struct db *admin = NULL;
	struct cwyn_error err = {0};
	if (db_open(pg_url, &admin, &err) != CWYN_OK)
		return -1;
	enum cwyn_code rc = db_exec_script(admin, sql, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "%s: %s\n", sql, err.message);
	db_close(admin);
	return rc == CWYN_OK ? 0 : -1;
}

static int setup_pg(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || make_dir(f))
		return -1;
	/* A whole database per test: pg_dump and pg_restore work on
	 * databases, not schemas. */
	snprintf(f->pg_db, sizeof f->pg_db, "cwyn_bk_%ld_%d_%u",
	         (long)time(NULL), (int)getpid(), pg_counter++);
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", f->pg_db);
	if (pg_admin(sql))
		return -1;
	pg_url_for(f->pg_db, f->url, sizeof f->url);
	*state = f;
	return setup_common(f);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	db_close(f->db);
	if (f->pg_db[0]) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)",
		         f->pg_db);
		pg_admin(sql);
	}
	if (f->dir[0]) {
		char cmd[256];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", f->dir);
	}
	free(f);
	return 0;
}

struct text {
	char buf[128];
};

static int take_text(void *ctx, const struct db_value *cols, size_t n)
{
	struct text *t = ctx;
	if (n > 0 && cols[0].type == DB_TEXT)
		snprintf(t->buf, sizeof t->buf, "%s", cols[0].s);
	return 1;
}

static void last_audit_action(struct db *db, char *out, size_t size)
{
	struct text t = {""};
	struct cwyn_error err = {0};
	assert_int_equal(db_query(db,
	                          "SELECT action FROM audit_log"
	                          " ORDER BY seq DESC LIMIT 1",
	                          NULL, 0, take_text, &t, &err),
	                 CWYN_OK);
	snprintf(out, size, "%s", t.buf);
}

static void chain_ok(struct db *db)
{
	struct audit_report r;
	struct cwyn_error err = {0};
	assert_int_equal(audit_verify(db, &r, &err), CWYN_OK);
	if (r.kind != AUDIT_OK)
		fail_msg("audit chain broken: %s", r.message);
}

/* ---- Both backends ---------------------------------------------------------- */

/* Back up, change the live database, restore: the changes are gone, the
 * chain still verifies and ends with the restore itself. */
static void restore_brings_back_the_backup(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256], action[64];
	add_cases(f, 5);
	path_in(f, "backup.cwyn", out, sizeof out);
	struct backup_info info;
	assert_int_equal(app_backup(f->url, out, false, "tester", &info, &err),
	                 CWYN_OK);
	assert_int_equal(info.schema_version, store_schema_version());
	assert_true(info.audit_entries >= 5);
	assert_true(info.bytes > 0);
	if (info.kind == DB_SQLITE)
		assert_int_equal(info.cases, 5);
	/* Owner-only: it holds every complaint. */
	struct stat st;
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
	/* The backup itself is audited in the live database. */
	last_audit_action(f->db, action, sizeof action);
	assert_string_equal(action, "db.backup");

	add_cases(f, 3);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 8);

	memset(&info, 0, sizeof info);
	assert_int_equal(app_backup_check(out, &info, &err), CWYN_OK);
	assert_int_equal(info.schema_version, store_schema_version());

	assert_int_equal(app_restore(f->url, out, "tester", &info, &err),
	                 CWYN_OK);
	/* The open connection sees the restored database. */
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 5);
	assert_int_equal(info.cases, 5);
	chain_ok(f->db);
	last_audit_action(f->db, action, sizeof action);
	assert_string_equal(action, "db.restore");
	/* And it keeps working: new cases continue the references. */
	add_cases(f, 1);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 6);
	chain_ok(f->db);
}

static void an_existing_file_needs_force(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256];
	add_cases(f, 1);
	path_in(f, "keep.cwyn", out, sizeof out);
	FILE *fp = fopen(out, "w");
	assert_non_null(fp);
	fputs("precious\n", fp);
	fclose(fp);
	assert_int_equal(app_backup(f->url, out, false, "tester", NULL, &err),
	                 CWYN_ECONFLICT);
	assert_string_equal(err.field, "output");
	assert_non_null(strstr(err.message, "--force"));
	/* Untouched. */
	char buf[32] = "";
	fp = fopen(out, "r");
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "precious\n");
	/* With force it is replaced by a verified backup. */
	assert_int_equal(app_backup(f->url, out, true, "tester", NULL, &err),
	                 CWYN_OK);
	assert_int_equal(app_backup_check(out, NULL, &err), CWYN_OK);
	/* A directory is never a backup file. */
	assert_int_equal(app_backup(f->url, f->dir, true, "tester", NULL, &err),
	                 CWYN_EINVAL);
}

static void garbage_is_not_restored(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char in[256];
	add_cases(f, 2);
	path_in(f, "junk.txt", in, sizeof in);
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fputs("this is not a database\n", fp);
	fclose(fp);
	assert_int_equal(app_restore(f->url, in, "tester", NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "input");
	assert_non_null(strstr(err.message, "not a cwyn backup"));
	path_in(f, "missing.cwyn", in, sizeof in);
	assert_int_equal(app_restore(f->url, in, "tester", NULL, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 2);
	chain_ok(f->db);
}

/* ---- SQLite only ----------------------------------------------------------- */

static void the_wrong_kind_is_refused(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char in[256];
	path_in(f, "fake.dump", in, sizeof in);
	FILE *fp = fopen(in, "w");
	assert_non_null(fp);
	fputs("PGDMP\x01\x0f\x00 pretend archive", fp);
	fclose(fp);
	assert_int_equal(app_restore(f->url, in, "tester", NULL, &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "PostgreSQL archive"));
	/* The SQLite driver's hooks refuse to run inside a transaction. */
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	path_in(f, "x.db", in, sizeof in);
	assert_int_equal(db_sqlite_backup(f->db, in, &err), CWYN_ESTATE);
	db_rollback(f->db);
	/* Nor onto the database itself. */
	const char *live = f->url + strlen("sqlite:");
	assert_int_equal(app_backup(f->url, live, true, "tester", NULL, &err),
	                 CWYN_EINVAL);
	assert_int_equal(app_restore(f->url, live, "tester", NULL, &err),
	                 CWYN_EINVAL);
	assert_int_equal(app_backup("mysql://x/y", in, true, "t", NULL, &err),
	                 CWYN_EINVAL);
	path_in(f, "none.db", in, sizeof in);
	char url[300], out[256];
	snprintf(url, sizeof url, "sqlite:%s", in);
	path_in(f, "none.cwyn", out, sizeof out);
	assert_int_equal(app_backup(url, out, false, "t", NULL, &err),
	                 CWYN_ENOTFOUND);
	/* ... and did not create it. */
	assert_int_equal(access(in, F_OK), -1);
}

/* Open a backup file directly, as an attacker with the file would. */
static struct db *open_file(const char *path)
{
	char url[300];
	struct db *db = NULL;
	struct cwyn_error err = {0};
	snprintf(url, sizeof url, "sqlite:%s", path);
	assert_int_equal(db_open(url, &db, &err), CWYN_OK);
	return db;
}

static void a_tampered_backup_is_refused(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256];
	add_cases(f, 4);
	path_in(f, "t.cwyn", out, sizeof out);
	assert_int_equal(app_backup(f->url, out, false, "tester", NULL, &err),
	                 CWYN_OK);
	/* Rewrite history in the copy: the triggers are schema, so someone
	 * with the file can drop them — but not fix the hashes. */
	struct db *bk = open_file(out);
	assert_int_equal(db_exec_script(bk,
	                                 "DROP TRIGGER audit_log_no_update;"
	                                 "UPDATE audit_log SET actor = 'nobody'"
	                                 " WHERE seq = 2;"
	                                 "PRAGMA journal_mode=DELETE;",
	                                 &err),
	                 CWYN_OK);
	db_close(bk);
	add_cases(f, 1);
	assert_int_equal(app_backup_check(out, NULL, &err), CWYN_ESTATE);
	assert_non_null(strstr(err.message, "audit chain is broken at entry 2"));
	assert_int_equal(app_restore(f->url, out, "tester", NULL, &err),
	                 CWYN_ESTATE);
	/* The live database is untouched. */
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 5);
	chain_ok(f->db);
}

static void a_newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256];
	add_cases(f, 2);
	path_in(f, "new.cwyn", out, sizeof out);
	assert_int_equal(app_backup(f->url, out, false, "tester", NULL, &err),
	                 CWYN_OK);
	struct db *bk = open_file(out);
	assert_int_equal(db_exec_script(bk,
	                                "INSERT INTO schema_migrations VALUES"
	                                " (999, '2030-01-01T00:00:00Z');"
	                                "PRAGMA journal_mode=DELETE;",
	                                &err),
	                 CWYN_OK);
	db_close(bk);
	add_cases(f, 1);
	assert_int_equal(app_restore(f->url, out, "tester", NULL, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "newer cwyn"));
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 3);
}

static void a_damaged_file_is_refused(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256];
	add_cases(f, 50);
	path_in(f, "d.cwyn", out, sizeof out);
	assert_int_equal(app_backup(f->url, out, false, "tester", NULL, &err),
	                 CWYN_OK);
	/* Overwrite two whole pages after the schema page with noise. */
	FILE *fp = fopen(out, "r+b");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long size = ftell(fp);
	assert_true(size > 3 * 4096);
	fseek(fp, 4096, SEEK_SET);
	for (int i = 0; i < 2 * 4096; i++)
		fputc((i * 37) & 0xff, fp);
	fclose(fp);
	assert_int_not_equal(app_backup_check(out, NULL, &err), CWYN_OK);
	assert_int_not_equal(app_restore(f->url, out, "tester", NULL, &err),
	                     CWYN_OK);
	assert_int_equal(count(f->db, "SELECT COUNT(*) FROM cases"), 50);
	chain_ok(f->db);
}

/* A "backup" that is someone's live database (it has a -wal beside it
 * holding commits a file copy would miss) is refused. */
static void a_live_database_is_not_a_backup(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char other[256], url[300];
	path_in(f, "other.db", other, sizeof other);
	snprintf(url, sizeof url, "sqlite:%s", other);
	struct db *o = NULL;
	assert_int_equal(store_open(url, &o, &err), CWYN_OK);
	struct store_authority a = {.code = "o", .name_en = "O", .name_cy = "O",
	                            .policy_id = "wales-2014",
	                            .policy_version = 1};
	assert_int_equal(store_authority_create(o, &a, &err), CWYN_OK);
	assert_int_equal(add_case(o, a.id, &err), CWYN_OK);
	/* o stays open, so its -wal is there. */
	assert_int_equal(app_restore(f->url, other, "tester", NULL, &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "live database"));
	db_close(o);
}

/* A child process commits cases one after another; backups taken
 * meanwhile are each consistent: every case in a copy has its audit
 * entry, and the chain verifies (app_backup checks that itself). */
static void backup_is_online_and_consistent(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	add_cases(f, 10);
	pid_t parent = getpid();
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db = NULL;
		if (db_open(f->url, &db, NULL) != CWYN_OK)
			_exit(3);
		db_set_sync(db, DB_SYNC_NORMAL, NULL);
		/* The writer stops when the test process is gone: a failed
		 * assertion below skips the kill, and an orphan writer kept
		 * the test's output open until meson's timeout. It lets go of
		 * the lock for a moment after each commit: SQLite's busy
		 * handler is not fair, and a writer that never pauses starved
		 * the backup's own audit entry past the busy timeout on a slow
		 * machine (under valgrind). */
		for (int i = 0; i < 200000 && getppid() == parent; i++) {
			add_case(db, f->authority, NULL);
			usleep(1000);
		}
		_exit(0);
	}
	int64_t last = 0;
	for (int i = 0; i < 4; i++) {
		char out[256];
		char name[32];
		snprintf(name, sizeof name, "online-%d.cwyn", i);
		path_in(f, name, out, sizeof out);
		usleep(100000);
		struct backup_info info;
		enum cwyn_code rc = app_backup(f->url, out, false, "tester", &info,
		                               &err);
		if (rc != CWYN_OK)
			fail_msg("backup %d: %s: %s", i, err.field, err.message);
		struct db *bk = open_file(out);
		int64_t cases = count(bk, "SELECT COUNT(*) FROM cases");
		assert_int_equal(cases, info.cases);
		assert_int_equal(count(bk, "SELECT COUNT(*) FROM audit_log"
		                           " WHERE action = 'case.create'"),
		                 cases);
		db_close(bk);
		/* Later backups see more: the writer was not held up. */
		assert_true(cases >= last);
		last = cases;
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_true(last > 10);
	chain_ok(f->db);
}

static void restore_creates_a_missing_database(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256], fresh[256], url[300];
	add_cases(f, 3);
	path_in(f, "m.cwyn", out, sizeof out);
	assert_int_equal(app_backup(f->url, out, false, "tester", NULL, &err),
	                 CWYN_OK);
	path_in(f, "fresh.db", fresh, sizeof fresh);
	snprintf(url, sizeof url, "sqlite:%s", fresh);
	assert_int_equal(app_restore(url, out, "tester", NULL, &err), CWYN_OK);
	struct db *db = NULL;
	assert_int_equal(db_open(url, &db, &err), CWYN_OK);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM cases"), 3);
	chain_ok(db);
	db_close(db);
	struct stat st;
	assert_int_equal(stat(fresh, &st), 0);
	assert_int_equal(st.st_mode & 077, 0);
}

/* ---- PostgreSQL tools ------------------------------------------------------- */

static void missing_pg_tools_are_named(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	char *old_path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;
	char *old_bin = getenv("CWYN_PG_BIN") ? strdup(getenv("CWYN_PG_BIN"))
	                                      : NULL;
	setenv("PATH", "/nonexistent", 1);
	unsetenv("CWYN_PG_BIN");
	enum cwyn_code rc = app_backup("postgresql://nobody@127.0.0.1:1/x",
	                               "/tmp/cwyn-never-written.dump", false,
	                               "tester", NULL, &err);
	if (old_path)
		setenv("PATH", old_path, 1);
	if (old_bin)
		setenv("CWYN_PG_BIN", old_bin, 1);
	free(old_path);
	free(old_bin);
	assert_int_equal(rc, CWYN_ENOTFOUND);
	assert_string_equal(err.field, "pg_dump");
	assert_non_null(strstr(err.message, "postgresql-client"));
	assert_int_equal(access("/tmp/cwyn-never-written.dump", F_OK), -1);
}

static void the_sqlite_hooks_refuse_postgresql(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	char out[256];
	path_in(f, "x.db", out, sizeof out);
	assert_int_equal(db_sqlite_backup(f->db, out, &err), CWYN_ESTATE);
	assert_int_equal(db_sqlite_restore(f->db, out, &err), CWYN_ESTATE);
	/* An SQLite backup cannot go into PostgreSQL. */
	char sq_url[300];
	snprintf(sq_url, sizeof sq_url, "sqlite:%s/sq.db", f->dir);
	struct db *sq = NULL;
	assert_int_equal(store_open(sq_url, &sq, &err), CWYN_OK);
	db_close(sq);
	path_in(f, "sq.cwyn", out, sizeof out);
	assert_int_equal(app_backup(sq_url, out, false, "t", NULL, &err),
	                 CWYN_OK);
	assert_int_equal(app_restore(f->url, out, "t", NULL, &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "SQLite backup"));
}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = {
	    cmocka_unit_test_setup_teardown(restore_brings_back_the_backup,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(an_existing_file_needs_force,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(garbage_is_not_restored,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(the_wrong_kind_is_refused,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(a_tampered_backup_is_refused,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(a_newer_schema_is_refused,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(a_damaged_file_is_refused,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(a_live_database_is_not_a_backup,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(backup_is_online_and_consistent,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test_setup_teardown(restore_creates_a_missing_database,
	                                    setup_sqlite, teardown),
	    cmocka_unit_test(missing_pg_tools_are_named),
	};
	const struct CMUnitTest pg_tests[] = {
	    cmocka_unit_test_setup_teardown(restore_brings_back_the_backup,
	                                    setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(an_existing_file_needs_force,
	                                    setup_pg, teardown),
	    cmocka_unit_test_setup_teardown(garbage_is_not_restored, setup_pg,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(the_sqlite_hooks_refuse_postgresql,
	                                    setup_pg, teardown),
	};
	int failed = cmocka_run_group_tests_name("backup_sqlite", sqlite_tests,
	                                         NULL, NULL);
	pg_url = getenv("CWYN_TEST_PG_URL");
	if (pg_url == NULL || pg_url[0] == '\0') {
		if (getenv("CI")) {
			fprintf(stderr, "backup: CWYN_TEST_PG_URL is not set under "
			                "CI: the PostgreSQL half must run\n");
			return 1;
		}
		fprintf(stderr, "backup: CWYN_TEST_PG_URL not set; skipping the "
		                "PostgreSQL half\n");
		return failed;
	}
	failed += cmocka_run_group_tests_name("backup_postgresql", pg_tests,
	                                      NULL, NULL);
	return failed;
}
