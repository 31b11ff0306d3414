/*
 * test_db.h — a fresh, empty database for one test, on either backend: a
 * temporary SQLite file, or a new schema on the PostgreSQL server that
 * `make test` started (tests/pg/pg.sh exports CWYN_TEST_PG_URL). Every
 * suite that runs its tests twice, once per backend, opens and removes its
 * databases through here, and runs its two groups with test_db_run_both(),
 * which makes the PostgreSQL half compulsory under CI.
 */
#ifndef CWYN_TESTS_TEST_DB_H
#define CWYN_TESTS_TEST_DB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include <cmocka.h>

#include "store/db.h"

struct test_db {
	enum db_kind kind;
	struct db *db;     /* open; on PostgreSQL its search_path is the schema */
	char path[256];    /* the SQLite file, or "" */
	char schema[64];   /* the PostgreSQL schema, or "" */
	char url[1024];    /* sqlite:<path>, or the server's URL (schema apart) */
};

/*
 * Make a fresh database named after prefix (letters, digits and '_').
 * With open_db false nothing stays connected (t->db is NULL): for tests
 * whose own processes open t->url, setting the schema themselves.
 * Returns 0, or -1 after printing why.
 */
int test_db_create(struct test_db *t, enum db_kind kind, const char *prefix,
                   bool open_db);

/* Another connection to the same database (on PostgreSQL, to its schema),
 * for tests of concurrent writers. Returns 0, or -1 after printing why. */
int test_db_connect(const struct test_db *t, struct db **out);

/* Close the connection, drop the schema or remove the file and its WAL. */
void test_db_destroy(struct test_db *t);

/* The PostgreSQL server's URL, or NULL when the run has none. */
const char *test_db_pg_url(void);

/*
 * Run the SQLite group, then the PostgreSQL group when a server is there.
 * Without one the PostgreSQL half is skipped with a notice, except under
 * CI, where that is a failure. Returns the number of failed tests.
 */
int test_db_run_both(const char *suite, const struct CMUnitTest *sqlite,
                     size_t n_sqlite, const struct CMUnitTest *pg,
                     size_t n_pg);

#define TEST_DB_RUN_BOTH(suite, sqlite, pg)                                  \
	test_db_run_both((suite), (sqlite), sizeof(sqlite) / sizeof((sqlite)[0]), \
	                 (pg), sizeof(pg) / sizeof((pg)[0]))

#endif
