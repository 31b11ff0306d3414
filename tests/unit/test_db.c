/*
 * test_db.c — the portable database interface, with the SAME tests run
 * against both drivers: SQLite in a temporary file, and PostgreSQL at
 * CWYN_TEST_PG_URL (make test starts a throwaway server with tests/pg/pg.sh).
 * Without that variable the PostgreSQL half is skipped with a notice, or
 * fails when CI is set. Each PostgreSQL test works in its own schema, so
 * several suites can share the one test database at the same time.
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

#include "store/db.h"
#include "support/test_db.h"
#include "store/db_impl.h"

struct fixture {
	struct db *db;
	struct test_db t; /* the database, on either backend */
};

static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "db", true) != 0) {
		free(f);
		return -1;
	}
	f->db = f->t.db;
	*state = f;
	return 0;
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
	test_db_destroy(&f->t);
	free(f);
	return 0;
}

/* --- helpers ------------------------------------------------------------ */

#define MAX_ROWS 8
#define MAX_COLS 6

struct rows {
	int n;
	size_t n_cols;
	struct {
		enum db_type type;
		int64_t i;
		char s[160];
		size_t len;
	} c[MAX_ROWS][MAX_COLS];
};

static int collect(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct rows *r = ctx;
	if (r->n == MAX_ROWS)
		return 1;
	r->n_cols = n_cols;
	for (size_t i = 0; i < n_cols && i < MAX_COLS; i++) {
		r->c[r->n][i].type = cols[i].type;
		r->c[r->n][i].i = cols[i].i;
		r->c[r->n][i].len = cols[i].len;
		if (cols[i].type == DB_TEXT || cols[i].type == DB_BLOB) {
			assert_true(cols[i].len < sizeof r->c[0][0].s);
			memcpy(r->c[r->n][i].s, cols[i].s, cols[i].len);
		}
	}
	r->n++;
	return 0;
}

static void create_t(struct db *db)
{
	char sql[200];
	snprintf(sql, sizeof sql,
	         "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, data %s, "
	         "n BIGINT)",
	         db_blob_type(db));
	assert_int_equal(db_exec(db, sql, NULL, 0, NULL, NULL), CWYN_OK);
}

static int64_t count_t(struct db *db)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM t", NULL, 0, &n,
	                              NULL),
	                 CWYN_OK);
	return n;
}

static void insert_t(struct db *db, int64_t id, const char *name)
{
	struct db_value p[] = {DBV_INT(id), DBV_TEXT(name)};
	struct cwyn_error err = {0};
	assert_int_equal(db_exec(db, "INSERT INTO t (id, name) VALUES (?, ?)", p,
	                         2, NULL, &err),
	                 CWYN_OK);
}

/* --- tests run on both drivers ----------------------------------------- */

static const char *const quoted = "O'Brien said \"hi\"; DROP TABLE t; -- ? '?'";
static const char *const welsh = "Gŵyl y banc: ŵ ŷ â — swyddog cwynion";
static const unsigned char blob[] = {0, 1, 0, 255, 0, '?', 0};

static void values_round_trip(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	struct db_value rows[][4] = {
	    {DBV_INT(1), DBV_TEXT(quoted), DBV_BLOB(blob, sizeof blob),
	     DBV_INT(INT64_MAX)},
	    {DBV_INT(2), DBV_TEXT(welsh), DBV_BLOB("", 0), DBV_INT(INT64_MIN)},
	    {DBV_INT(3), DBV_TEXT(NULL), DBV_NULL, DBV_NULL},
	};
	for (size_t i = 0; i < 3; i++) {
		int64_t changes = -1;
		assert_int_equal(db_exec(db, "INSERT INTO t VALUES (?, ?, ?, ?)",
		                         rows[i], 4, &changes, &err),
		                 CWYN_OK);
		assert_int_equal(changes, 1);
	}
	struct rows r = {0};
	assert_int_equal(db_query(db, "SELECT id, name, data, n FROM t ORDER BY id",
	                          NULL, 0, collect, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.n_cols, 4);

	assert_int_equal(r.c[0][0].type, DB_INT);
	assert_int_equal(r.c[0][0].i, 1);
	assert_int_equal(r.c[0][1].type, DB_TEXT);
	assert_string_equal(r.c[0][1].s, quoted);
	assert_int_equal(r.c[0][1].len, strlen(quoted));
	assert_int_equal(r.c[0][2].type, DB_BLOB);
	assert_int_equal(r.c[0][2].len, sizeof blob);
	assert_memory_equal(r.c[0][2].s, blob, sizeof blob);
	assert_int_equal(r.c[0][3].type, DB_INT);
	assert_true(r.c[0][3].i == INT64_MAX);

	assert_string_equal(r.c[1][1].s, welsh);
	assert_int_equal(r.c[1][1].len, strlen(welsh));
	assert_int_equal(r.c[1][2].type, DB_BLOB); /* empty, not NULL */
	assert_int_equal(r.c[1][2].len, 0);
	assert_true(r.c[1][3].i == INT64_MIN);

	assert_int_equal(r.c[2][1].type, DB_NULL);
	assert_int_equal(r.c[2][2].type, DB_NULL);
	assert_int_equal(r.c[2][3].type, DB_NULL);

	/* Parameters select too: the Welsh text matches itself exactly. */
	int64_t id = 0;
	struct db_value p = DBV_TEXT(welsh);
	assert_int_equal(db_query_int(db, "SELECT id FROM t WHERE name = ?", &p, 1,
	                              &id, &err),
	                 CWYN_OK);
	assert_int_equal(id, 2);
}

static void placeholders_in_literals_are_kept(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	struct db_value p[] = {DBV_INT(7), DBV_TEXT("x")};
	assert_int_equal(
	    db_exec(db,
	            "INSERT INTO t (id, name) /* a ? here */ VALUES "
	            "(?, '?''?' || ? || '?') -- and ? here\n",
	            p, 2, NULL, &err),
	    CWYN_OK);
	struct rows r = {0};
	struct db_value q = DBV_INT(7);
	assert_int_equal(db_query(db, "SELECT name, '?' FROM t WHERE id = ?", &q,
	                          1, collect, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.c[0][0].s, "?'?x?");
	assert_string_equal(r.c[0][1].s, "?");
}

static void unique_violation_is_conflict(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	insert_t(db, 1, "first");
	struct db_value p[] = {DBV_INT(1), DBV_TEXT("second")};
	int64_t changes = -1;
	assert_int_equal(db_exec(db, "INSERT INTO t (id, name) VALUES (?, ?)", p,
	                         2, &changes, &err),
	                 CWYN_ECONFLICT);
	assert_int_equal(err.code, CWYN_ECONFLICT);
	assert_true(err.field[0] != '\0'); /* the constraint is named */
	assert_int_equal(changes, 0);
	assert_int_equal(count_t(db), 1);
	struct rows r = {0};
	assert_int_equal(db_query(db, "SELECT name FROM t", NULL, 0, collect, &r,
	                          NULL),
	                 CWYN_OK);
	assert_string_equal(r.c[0][0].s, "first");
}

static void other_constraints_are_invalid_input(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	assert_int_equal(
	    db_exec_script(db,
	                   "CREATE TABLE parent (id BIGINT PRIMARY KEY);"
	                   "CREATE TABLE child (id BIGINT PRIMARY KEY,"
	                   " parent_id BIGINT NOT NULL REFERENCES parent(id),"
	                   " age BIGINT CHECK (age >= 0));"
	                   "INSERT INTO parent VALUES (1);",
	                   &err),
	    CWYN_OK);
	static const char ins[] = "INSERT INTO child VALUES (?, ?, ?)";
	struct db_value no_parent[] = {DBV_INT(1), DBV_INT(99), DBV_INT(3)};
	struct db_value null_parent[] = {DBV_INT(1), DBV_NULL, DBV_INT(3)};
	struct db_value bad_age[] = {DBV_INT(1), DBV_INT(1), DBV_INT(-1)};
	struct db_value good[] = {DBV_INT(1), DBV_INT(1), DBV_INT(3)};
	assert_int_equal(db_exec(db, ins, no_parent, 3, NULL, &err), CWYN_EINVAL);
	assert_int_equal(db_exec(db, ins, null_parent, 3, NULL, &err),
	                 CWYN_EINVAL);
	assert_int_equal(db_exec(db, ins, bad_age, 3, NULL, &err), CWYN_EINVAL);
	assert_true(err.field[0] != '\0');
	int64_t n = -1;
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM child", NULL, 0,
	                              &n, NULL),
	                 CWYN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(db_exec(db, ins, good, 3, NULL, &err), CWYN_OK);
}

/* 2 when commits wait for the disk (SQLite FULL, PostgreSQL
 * synchronous_commit on), 1 when they do not. */
static int64_t sync_level(struct db *db)
{
	int64_t v = -1;
	assert_int_equal(
	    db_query_int(db,
	                 db_kind(db) == DB_SQLITE
	                     ? "PRAGMA synchronous"
	                     : "SELECT CASE current_setting('synchronous_commit')"
	                       " WHEN 'off' THEN 1 ELSE 2 END",
	                 NULL, 0, &v, NULL),
	    CWYN_OK);
	return v;
}

/* A relaxed transaction (the audit entry of a read) commits without
 * waiting for the disk, keeps its rows, and every transaction after it
 * is durable again, whether it committed or rolled back. */
static void relaxed_then_durable_again(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	assert_int_equal(sync_level(db), 2);
	assert_int_equal(db_begin_relaxed(db, &err), CWYN_OK);
	insert_t(db, 1, "read");
	assert_int_equal(sync_level(db), 1);
	assert_int_equal(db_commit(db, &err), CWYN_OK);
	assert_int_equal(sync_level(db), 2);
	assert_int_equal(count_t(db), 1);

	assert_int_equal(db_begin_relaxed(db, &err), CWYN_OK);
	insert_t(db, 2, "gone");
	db_rollback(db);
	assert_int_equal(sync_level(db), 2);
	assert_int_equal(count_t(db), 1);

	assert_int_equal(db_begin(db, &err), CWYN_OK);
	assert_int_equal(sync_level(db), 2);
	insert_t(db, 3, "write");
	assert_int_equal(db_commit(db, &err), CWYN_OK);
	assert_int_equal(count_t(db), 2);

	/* A connection set to NORMAL on purpose (bulk loads) stays so. */
	if (db_kind(db) == DB_SQLITE) {
		assert_int_equal(db_set_sync(db, DB_SYNC_NORMAL, NULL), CWYN_OK);
		assert_int_equal(db_begin_relaxed(db, &err), CWYN_OK);
		assert_int_equal(db_commit(db, &err), CWYN_OK);
		assert_int_equal(sync_level(db), 1);
	}
}

static void rollback_discards(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	assert_int_equal(db_begin(db, &err), CWYN_OK);
	insert_t(db, 1, "a");
	insert_t(db, 2, "b");
	assert_int_equal(count_t(db), 2); /* visible inside the transaction */
	db_rollback(db);
	assert_int_equal(count_t(db), 0);
	db_rollback(db); /* harmless outside a transaction */

	/* A transaction inside a transaction is refused on both drivers. */
	assert_int_equal(db_begin(db, &err), CWYN_OK);
	insert_t(db, 1, "a");
	assert_int_equal(db_begin(db, &err), CWYN_EDB);
	db_rollback(db);
	assert_int_equal(count_t(db), 0);

	assert_int_equal(db_begin(db, &err), CWYN_OK);
	insert_t(db, 3, "c");
	assert_int_equal(db_commit(db, &err), CWYN_OK);
	assert_int_equal(count_t(db), 1);
}

static void failed_statement_then_rollback_leaves_no_trace(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	insert_t(db, 1, "kept");
	assert_int_equal(db_begin(db, &err), CWYN_OK);
	insert_t(db, 2, "doomed");
	struct db_value dup[] = {DBV_INT(1), DBV_TEXT("clash")};
	assert_int_equal(db_exec(db, "INSERT INTO t (id, name) VALUES (?, ?)",
	                         dup, 2, NULL, &err),
	                 CWYN_ECONFLICT);
	db_rollback(db);
	assert_int_equal(count_t(db), 1);
	/* The connection is usable afterwards. */
	assert_int_equal(db_begin(db, &err), CWYN_OK);
	insert_t(db, 2, "again");
	assert_int_equal(db_commit(db, &err), CWYN_OK);
	assert_int_equal(count_t(db), 2);

	/* PostgreSQL: committing a transaction with a failed statement must
	 * say so, not pretend its earlier writes were kept. */
	if (db_kind(db) == DB_POSTGRES) {
		assert_int_equal(db_begin(db, &err), CWYN_OK);
		insert_t(db, 3, "doomed");
		assert_int_equal(db_exec(db, "INSERT INTO t (id, name) VALUES (?, ?)",
		                         dup, 2, NULL, &err),
		                 CWYN_ECONFLICT);
		assert_int_not_equal(db_commit(db, &err), CWYN_OK);
		assert_int_equal(count_t(db), 2);
	}
}

static void scripts_run_several_statements(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	assert_int_equal(db_exec_script(db,
	                                "CREATE TABLE s (id BIGINT PRIMARY KEY, "
	                                "v TEXT);\n"
	                                "-- a comment with a ? in it\n"
	                                "INSERT INTO s VALUES (1, 'un?');\n"
	                                "INSERT INTO s VALUES (2, 'dau');\n",
	                                &err),
	                 CWYN_OK);
	int64_t n = 0;
	assert_int_equal(db_query_int(db, "SELECT count(*) FROM s", NULL, 0, &n,
	                              &err),
	                 CWYN_OK);
	assert_int_equal(n, 2);
	/* A failing script is reported. */
	assert_int_not_equal(db_exec_script(db, "INSERT INTO s VALUES (1, 'x');",
	                                    &err),
	                     CWYN_OK);
	assert_int_not_equal(db_exec_script(db, "THIS IS NOT SQL", &err), CWYN_OK);
	assert_int_equal(err.code, CWYN_EDB);
}

static void misuse_is_refused(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	struct db_value one = DBV_INT(1);
	/* Wrong number of values. */
	assert_int_equal(db_exec(db, "INSERT INTO t (id, name) VALUES (?, ?)",
	                         &one, 1, NULL, &err),
	                 CWYN_EINTERNAL);
	/* Two statements where one is allowed: nothing runs. */
	assert_int_not_equal(db_exec(db,
	                             "INSERT INTO t (id) VALUES (5); "
	                             "DELETE FROM t",
	                             NULL, 0, NULL, &err),
	                     CWYN_OK);
	assert_int_equal(count_t(db), 0);
	/* Bad SQL names the database as the cause. */
	assert_int_equal(db_exec(db, "SELEC 1", NULL, 0, NULL, &err), CWYN_EDB);
	/* No row, and a NULL value, are "not found". */
	int64_t v = 42;
	assert_int_equal(db_query_int(db, "SELECT id FROM t", NULL, 0, &v, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(db_query_int(db, "SELECT max(id) FROM t", NULL, 0, &v,
	                              &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(v, 42);
}

struct nest_ctx {
	struct db *db;
	int calls;
};

/* Runs the outer query again from inside its own row callback. */
static int nested_row(void *ctx, const struct db_value *cols, size_t n)
{
	struct nest_ctx *c = ctx;
	int64_t first = 0;
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(c->db, "SELECT id FROM t ORDER BY id", NULL,
	                              0, &first, NULL),
	                 CWYN_OK);
	assert_int_equal(first, 1);
	assert_int_equal(cols[0].i, c->calls + 1); /* the outer row is intact */
	return ++c->calls == 3;                    /* stop early after three */
}

static void updates_count_and_statements_are_reused(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	struct cwyn_error err = {0};
	create_t(db);
	/* Far more distinct statements than the cache holds, and each hot one
	 * many times: results stay right through reuse and eviction. */
	for (int i = 1; i <= 150; i++) {
		char sql[100];
		struct db_value p[] = {DBV_INT(i), DBV_INT(i * 10)};
		snprintf(sql, sizeof sql,
		         "INSERT INTO t (id, n) VALUES (?, ?) /* variant %d */",
		         i % 90);
		assert_int_equal(db_exec(db, sql, p, 2, NULL, &err), CWYN_OK);
		int64_t got = 0;
		assert_int_equal(db_query_int(db, "SELECT n FROM t WHERE id = ?", p,
		                              1, &got, &err),
		                 CWYN_OK);
		assert_int_equal(got, i * 10);
	}
	int64_t changes = 0;
	struct db_value lim = DBV_INT(100);
	assert_int_equal(db_exec(db, "UPDATE t SET name = 'big' WHERE n > ?",
	                         &lim, 1, &changes, &err),
	                 CWYN_OK);
	assert_int_equal(changes, 140);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE id > 5", NULL, 0,
	                         &changes, &err),
	                 CWYN_OK);
	assert_int_equal(changes, 145);

	struct nest_ctx c = {db, 0};
	assert_int_equal(db_query(db, "SELECT id FROM t ORDER BY id", NULL, 0,
	                          nested_row, &c, &err),
	                 CWYN_OK);
	assert_int_equal(c.calls, 3);
}

/* --- SQLite only ------------------------------------------------------- */

static void sqlite_is_durable_by_default(void **state)
{
	struct db *db = ((struct fixture *)*state)->db;
	int64_t v = -1;
	struct rows r = {0};
	assert_int_equal(db_kind(db), DB_SQLITE);
	assert_string_equal(db_blob_type(db), "BLOB");
	assert_int_equal(db_query_int(db, "PRAGMA synchronous", NULL, 0, &v, NULL),
	                 CWYN_OK);
	assert_int_equal(v, 2); /* FULL */
	assert_int_equal(db_query(db, "PRAGMA journal_mode", NULL, 0, collect, &r,
	                          NULL),
	                 CWYN_OK);
	assert_string_equal(r.c[0][0].s, "wal");
	assert_int_equal(db_query_int(db, "PRAGMA foreign_keys", NULL, 0, &v,
	                              NULL),
	                 CWYN_OK);
	assert_int_equal(v, 1);

	assert_int_equal(db_set_sync(db, DB_SYNC_NORMAL, NULL), CWYN_OK);
	assert_int_equal(db_query_int(db, "PRAGMA synchronous", NULL, 0, &v, NULL),
	                 CWYN_OK);
	assert_int_equal(v, 1); /* NORMAL */
	assert_int_equal(db_set_sync(db, DB_SYNC_FULL, NULL), CWYN_OK);
	assert_int_equal(db_query_int(db, "PRAGMA synchronous", NULL, 0, &v, NULL),
	                 CWYN_OK);
	assert_int_equal(v, 2);
}

struct writer {
	const char *path;
	enum cwyn_code begin_rc, commit_rc;
	char message[416];
};

/* A second connection that wants to write while the first holds the lock. */
static void *second_writer(void *arg)
{
	struct writer *w = arg;
	struct db *db;
	struct cwyn_error err = {0};
	if (db_open(w->path, &db, &err) != CWYN_OK) {
		w->begin_rc = err.code;
		return NULL;
	}
	w->begin_rc = db_begin(db, &err);
	snprintf(w->message, sizeof w->message, "%s", err.message);
	if (w->begin_rc == CWYN_OK) {
		struct db_value p[] = {DBV_INT(2), DBV_TEXT("second")};
		w->commit_rc = db_exec(db, "INSERT INTO t (id, name) VALUES (?, ?)", p,
		                       2, NULL, &err);
		if (w->commit_rc == CWYN_OK)
			w->commit_rc = db_commit(db, &err);
	}
	db_close(db);
	return NULL;
}

static void sqlite_second_writer_waits(void **state)
{
	struct fixture *f = *state;
	create_t(f->db);
	assert_int_equal(db_begin(f->db, NULL), CWYN_OK);
	insert_t(f->db, 1, "first");
	struct writer w = {.path = f->t.url, .begin_rc = -1, .commit_rc = -1};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, second_writer, &w), 0);
	struct timespec pause = {0, 300 * 1000 * 1000};
	nanosleep(&pause, NULL);
	assert_int_equal(db_commit(f->db, NULL), CWYN_OK);
	pthread_join(t, NULL);
	assert_int_equal(w.begin_rc, CWYN_OK);
	assert_int_equal(w.commit_rc, CWYN_OK);
	assert_int_equal(count_t(f->db), 2);
}

static void sqlite_busy_writer_gets_conflict(void **state)
{
	struct fixture *f = *state;
	create_t(f->db);
	assert_int_equal(db_begin(f->db, NULL), CWYN_OK);
	insert_t(f->db, 1, "first");
	/* Hold the lock past the busy timeout (5 s). */
	struct writer w = {.path = f->t.url, .begin_rc = -1, .commit_rc = -1};
	time_t start = time(NULL);
	second_writer(&w);
	assert_true(time(NULL) - start >= 4);
	assert_int_equal(w.begin_rc, CWYN_ECONFLICT);
	assert_non_null(strstr(w.message, "busy"));
	assert_int_equal(db_commit(f->db, NULL), CWYN_OK);
	assert_int_equal(count_t(f->db), 1);
}

/* --- not tied to a connection ------------------------------------------ */

static void urls_are_checked(void **state)
{
	(void)state;
	struct db *db = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(db_open("", &db, &err), CWYN_EINVAL);
	assert_int_equal(db_open("mysql://x/y", &db, &err), CWYN_EINVAL);
	assert_int_equal(db_open("sqlite:", &db, &err), CWYN_EINVAL);
	assert_null(db);
	/* Nothing listens on port 1: a clear database error, no hang. */
	assert_int_equal(db_open("postgresql://nobody@127.0.0.1:1/none", &db,
	                         &err),
	                 CWYN_EDB);
	assert_non_null(strstr(err.message, "PostgreSQL"));
	assert_int_equal(db_open("postgres://nobody@127.0.0.1:1/none", &db, &err),
	                 CWYN_EDB);
	assert_int_equal(db_open("sqlite:/nonexistent-dir/x.db", &db, &err),
	                 CWYN_EIO);
	assert_int_equal(db_open("sqlite::memory:", &db, &err), CWYN_OK);
	assert_int_equal(db_kind(db), DB_SQLITE);
	db_close(db);
}

static void rewrite_case(const char *in, const char *want, size_t want_n)
{
	size_t n = 99;
	char *out = db_rewrite_placeholders(in, &n);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(n, want_n);
	free(out);
}

static void placeholder_rewrite(void **state)
{
	(void)state;
	rewrite_case("SELECT ?, ?", "SELECT $1, $2", 2);
	rewrite_case("a = '?' AND b = ?", "a = '?' AND b = $1", 1);
	rewrite_case("'it''s ?' ?", "'it''s ?' $1", 1);
	rewrite_case("E'\\' ?' ?", "E'\\' ?' $1", 1);
	rewrite_case("\"col?\" = ?", "\"col?\" = $1", 1);
	rewrite_case("? -- ?\n?", "$1 -- ?\n$2", 2);
	rewrite_case("/* ? /* ? */ ? */ ?", "/* ? /* ? */ ? */ $1", 1);
	rewrite_case("$q$ ? $q$ ?", "$q$ ? $q$ $1", 1);
	rewrite_case("$$?$$||?", "$$?$$||$1", 1);
	rewrite_case("a$b ?", "a$b $1", 1);
	rewrite_case("'unterminated ?", "'unterminated ?", 0);
	rewrite_case("", "", 0);
}

#define BOTH(f)                                                               \
	cmocka_unit_test_setup_teardown(f, SETUP, teardown)
#define SHARED_TESTS                                                          \
	BOTH(values_round_trip), BOTH(placeholders_in_literals_are_kept),     \
	    BOTH(unique_violation_is_conflict),                               \
	    BOTH(other_constraints_are_invalid_input), BOTH(rollback_discards), \
	    BOTH(failed_statement_then_rollback_leaves_no_trace),             \
	    BOTH(scripts_run_several_statements), BOTH(misuse_is_refused),    \
	    BOTH(updates_count_and_statements_are_reused),                    \
	    BOTH(relaxed_then_durable_again)

int main(void)
{
#define SETUP setup_sqlite
	const struct CMUnitTest sqlite_tests[] = {
	    SHARED_TESTS,
	    BOTH(sqlite_is_durable_by_default),
	    BOTH(sqlite_second_writer_waits),
	    BOTH(sqlite_busy_writer_gets_conflict),
	    cmocka_unit_test(urls_are_checked),
	    cmocka_unit_test(placeholder_rewrite),
	};
#undef SETUP
#define SETUP setup_pg
	const struct CMUnitTest pg_tests[] = {SHARED_TESTS};
#undef SETUP
	return TEST_DB_RUN_BOTH("db", sqlite_tests, pg_tests);
}
