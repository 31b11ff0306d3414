/*
 * test_db.c — fresh databases for tests on both backends (test_db.h).
 *
 * Names carry the process id and a counter, so suites running side by side
 * under `meson test` (and two checkouts on one server) never meet.
 */
#include "test_db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned counter;

const char *test_db_pg_url(void)
{
	const char *url = getenv("CWYN_TEST_PG_URL");
	return url != NULL && url[0] != '\0' ? url : NULL;
}

static int create_sqlite(struct test_db *t, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(t->path, sizeof t->path, "%s/cwyn-test-%s-XXXXXX",
	         tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp", prefix);
	int fd = mkstemp(t->path);
	if (fd < 0) {
		perror("test_db: mkstemp");
		t->path[0] = '\0';
		return -1;
	}
	close(fd);
	snprintf(t->url, sizeof t->url, "sqlite:%s", t->path);
	return 0;
}

static int create_pg(struct test_db *t, const char *prefix)
{
	const char *url = test_db_pg_url();
	if (url == NULL) {
		fprintf(stderr, "test_db: CWYN_TEST_PG_URL is not set\n");
		return -1;
	}
	snprintf(t->url, sizeof t->url, "%s", url);
	snprintf(t->schema, sizeof t->schema, "%s_%ld_%d_%u", prefix,
	         (long)time(NULL), (int)getpid(), counter++);
	struct db *db = NULL;
	struct cwyn_error err = {0};
	char sql[200];
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s", t->schema);
	if (db_open(url, &db, &err) != CWYN_OK ||
	    db_exec_script(db, sql, &err) != CWYN_OK) {
		fprintf(stderr, "test_db: schema %s: %s\n", t->schema,
		        err.message);
		db_close(db);
		t->schema[0] = '\0';
		return -1;
	}
	db_close(db);
	return 0;
}

int test_db_connect(const struct test_db *t, struct db **out)
{
	struct cwyn_error err = {0};
	*out = NULL;
	if (db_open(t->url, out, &err) != CWYN_OK) {
		fprintf(stderr, "test_db: open %s: %s\n",
		        t->kind == DB_SQLITE ? t->url : "PostgreSQL", err.message);
		return -1;
	}
	if (t->kind == DB_POSTGRES) {
		char sql[120];
		snprintf(sql, sizeof sql, "SET search_path TO %s", t->schema);
		if (db_exec_script(*out, sql, &err) != CWYN_OK) {
			fprintf(stderr, "test_db: search_path: %s\n", err.message);
			db_close(*out);
			*out = NULL;
			return -1;
		}
	}
	return 0;
}

int test_db_create(struct test_db *t, enum db_kind kind, const char *prefix,
                   bool open_db)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	int rc = kind == DB_SQLITE ? create_sqlite(t, prefix)
	                           : create_pg(t, prefix);
	if (rc == 0 && open_db)
		rc = test_db_connect(t, &t->db);
	if (rc != 0)
		test_db_destroy(t);
	return rc;
}

void test_db_destroy(struct test_db *t)
{
	if (t->schema[0] != '\0') {
		/* The test's connection when it has one (rolled back: a test that
		 * failed mid-transaction), else a connection of its own. */
		struct db *db = t->db;
		if (db != NULL)
			db_rollback(db);
		else if (db_open(t->url, &db, NULL) != CWYN_OK)
			db = NULL;
		char sql[120];
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", t->schema);
		if (db != NULL)
			db_exec_script(db, sql, NULL);
		if (db != t->db)
			db_close(db);
		t->schema[0] = '\0';
	}
	db_close(t->db);
	t->db = NULL;
	if (t->path[0] != '\0') {
		static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
		for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++) {
			char file[300];
			snprintf(file, sizeof file, "%s%s", t->path, sides[i]);
			unlink(file);
		}
		t->path[0] = '\0';
	}
}

int test_db_run_both(const char *suite, const struct CMUnitTest *sqlite,
                     size_t n_sqlite, const struct CMUnitTest *pg,
                     size_t n_pg)
{
	char name[128];
	snprintf(name, sizeof name, "%s_sqlite", suite);
	int failed = _cmocka_run_group_tests(name, sqlite, n_sqlite, NULL, NULL);
	if (test_db_pg_url() == NULL) {
		if (getenv("CI") != NULL) {
			fprintf(stderr, "%s: CWYN_TEST_PG_URL is not set under CI: "
			                "the PostgreSQL half must run\n", suite);
			return failed + 1;
		}
		fprintf(stderr, "%s: CWYN_TEST_PG_URL not set; skipping the "
		                "PostgreSQL half (make test starts a server)\n",
		        suite);
		return failed;
	}
	snprintf(name, sizeof name, "%s_postgresql", suite);
	return failed + _cmocka_run_group_tests(name, pg, n_pg, NULL, NULL);
}
