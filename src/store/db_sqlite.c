/*
 * db_sqlite.c — the SQLite driver behind db.h.
 *
 * One connection per struct db, opened without SQLite's own mutexes (a
 * connection is never shared between threads). WAL mode with
 * synchronous=FULL makes every returned commit durable; foreign keys are
 * enforced; writers that find the database locked wait up to the busy
 * timeout and then get CWYN_ECONFLICT. Prepared statements are kept in a
 * small LRU cache keyed by their SQL text, so the hot statements of the
 * store modules are compiled once per connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/db_impl.h"

#define BUSY_TIMEOUT_MS 5000
#define STMT_CACHE_SIZE 64
#define COLS_ON_STACK 16

struct cached_stmt {
	char *sql;        /* NULL when the slot is empty */
	uint64_t hash;
	sqlite3_stmt *st;
	uint64_t used;    /* LRU clock value of the last use */
	int busy;         /* being stepped now (a row callback may nest) */
};

struct db_sqlite {
	struct db base;
	sqlite3 *h;
	uint64_t clock;
	enum db_sync sync; /* as last set by db_set_sync (FULL at open) */
	int relaxed;       /* NORMAL for this transaction, FULL owed after */
	struct cached_stmt cache[STMT_CACHE_SIZE];
};

/* A statement borrowed for one call: from the cache (slot) or, when every
 * slot is busy, prepared just for this call (slot NULL). */
struct borrowed {
	sqlite3_stmt *st;
	struct cached_stmt *slot;
};

static struct db_sqlite *as_sqlite(struct db *db)
{
	return (struct db_sqlite *)db;
}

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* The part of SQLite's message after "... constraint failed: ", which
 * names the column(s) or the CHECK expression; "" when there is none. */
static const char *constraint_text(const char *msg)
{
	const char *p = strstr(msg, "failed: ");
	return p ? p + strlen("failed: ") : "";
}

/* Map an (extended) SQLite result code to a cwyn error. */
static enum cwyn_code fail_sqlite(struct db_sqlite *d, int rc,
                                  struct cwyn_error *err)
{
	const char *msg = sqlite3_errmsg(d->h);
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return cwyn_fail(err, CWYN_ECONFLICT, constraint_text(msg), "%s",
		                 msg);
	case SQLITE_CONSTRAINT_FOREIGNKEY:
	case SQLITE_CONSTRAINT_CHECK:
	case SQLITE_CONSTRAINT_NOTNULL:
		return cwyn_fail(err, CWYN_EINVAL, constraint_text(msg), "%s", msg);
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return cwyn_fail(err, CWYN_ECONFLICT, "",
		                 "the database is busy; try again");
	case SQLITE_CONSTRAINT:
		return cwyn_fail(err, CWYN_EINVAL, constraint_text(msg), "%s", msg);
	case SQLITE_NOMEM:
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	default:
		return cwyn_fail(err, CWYN_EDB, "", "SQLite: %s", msg);
	}
}

static void release(struct borrowed *b)
{
	if (!b->st)
		return;
	sqlite3_reset(b->st);
	sqlite3_clear_bindings(b->st);
	if (b->slot)
		b->slot->busy = 0;
	else
		sqlite3_finalize(b->st);
	b->st = NULL;
}

static void evict(struct cached_stmt *c)
{
	sqlite3_finalize(c->st);
	free(c->sql);
	*c = (struct cached_stmt){0};
}

/* Compile sql, refusing a second statement after the first: db_exec and
 * db_query run exactly one, db_exec_script is for several. */
static enum cwyn_code prepare_one(struct db_sqlite *d, const char *sql,
                                  sqlite3_stmt **out, struct cwyn_error *err)
{
	const char *tail;
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                            &st, &tail);
	if (rc != SQLITE_OK)
		return fail_sqlite(d, rc, err);
	if (!st)
		return cwyn_fail(err, CWYN_EINVAL, "sql", "empty SQL statement");
	while (tail && *tail) {
		sqlite3_stmt *extra = NULL;
		const char *next;
		rc = sqlite3_prepare_v2(d->h, tail, -1, &extra, &next);
		if (rc != SQLITE_OK || extra) {
			sqlite3_finalize(extra);
			sqlite3_finalize(st);
			if (rc != SQLITE_OK)
				return fail_sqlite(d, rc, err);
			return cwyn_fail(err, CWYN_EINVAL, "sql",
			                 "more than one SQL statement; use "
			                 "db_exec_script for scripts");
		}
		if (next == tail)
			break;
		tail = next;
	}
	*out = st;
	return CWYN_OK;
}

static enum cwyn_code borrow(struct db_sqlite *d, const char *sql,
                             struct borrowed *b, struct cwyn_error *err)
{
	uint64_t hash = fnv1a(sql);
	struct cached_stmt *victim = NULL;
	*b = (struct borrowed){0};
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++) {
		struct cached_stmt *c = &d->cache[i];
		if (c->sql && !c->busy && c->hash == hash && !strcmp(c->sql, sql)) {
			c->busy = 1;
			c->used = ++d->clock;
			b->st = c->st;
			b->slot = c;
			return CWYN_OK;
		}
		if (c->busy)
			continue;
		if (!victim || !c->sql || (victim->sql && c->used < victim->used))
			victim = c;
	}
	enum cwyn_code rc = prepare_one(d, sql, &b->st, err);
	if (rc != CWYN_OK)
		return rc;
	if (!victim)
		return CWYN_OK; /* every slot is in use: run uncached */
	char *copy = strdup(sql);
	if (!copy)
		return CWYN_OK; /* caching is an optimisation only */
	if (victim->sql)
		evict(victim);
	*victim = (struct cached_stmt){.sql = copy, .hash = hash, .st = b->st,
	                               .used = ++d->clock, .busy = 1};
	b->slot = victim;
	return CWYN_OK;
}

static enum cwyn_code bind_params(struct db_sqlite *d, sqlite3_stmt *st,
                                  const struct db_value *params,
                                  size_t n_params, struct cwyn_error *err)
{
	int want = sqlite3_bind_parameter_count(st);
	if ((size_t)want != n_params)
		return cwyn_fail(err, CWYN_EINTERNAL, "sql",
		                 "the statement takes %d values but %zu were given",
		                 want, n_params);
	for (size_t i = 0; i < n_params; i++) {
		const struct db_value *v = &params[i];
		int idx = (int)i + 1, rc;
		switch (v->type) {
		case DB_INT:
			rc = sqlite3_bind_int64(st, idx, v->i);
			break;
		case DB_TEXT:
			/* Values outlive the step; nothing needs copying. */
			rc = v->s ? sqlite3_bind_text(st, idx, v->s, -1, SQLITE_STATIC)
			          : sqlite3_bind_null(st, idx);
			break;
		case DB_BLOB:
			/* A NULL pointer would bind SQL NULL; an empty blob is not. */
			rc = sqlite3_bind_blob64(st, idx, v->s ? v->s : "", v->len,
			                         SQLITE_STATIC);
			break;
		default:
			rc = sqlite3_bind_null(st, idx);
			break;
		}
		if (rc != SQLITE_OK)
			return fail_sqlite(d, rc, err);
	}
	return CWYN_OK;
}

static enum cwyn_code run_exec(struct db_sqlite *d, const char *sql,
                               const struct db_value *params, size_t n_params,
                               int64_t *changes, struct cwyn_error *err)
{
	struct borrowed b;
	enum cwyn_code rc = borrow(d, sql, &b, err);
	if (rc != CWYN_OK)
		return rc;
	rc = bind_params(d, b.st, params, n_params, err);
	if (rc != CWYN_OK)
		goto out;
	int src;
	/* Rows (RETURNING, some PRAGMAs) are stepped through and dropped. */
	while ((src = sqlite3_step(b.st)) == SQLITE_ROW)
		;
	if (src != SQLITE_DONE) {
		rc = fail_sqlite(d, src, err);
		goto out;
	}
	if (changes)
		*changes = sqlite3_changes64(d->h);
out:
	release(&b);
	return rc;
}

static enum cwyn_code sqlite_exec(struct db *db, const char *sql,
                                  const struct db_value *params,
                                  size_t n_params, int64_t *changes,
                                  struct cwyn_error *err)
{
	return run_exec(as_sqlite(db), sql, params, n_params, changes, err);
}

static int column_value(sqlite3_stmt *st, int i, struct db_value *v)
{
	*v = (struct db_value){0};
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		v->type = DB_NULL;
		return 0;
	case SQLITE_INTEGER:
		v->type = DB_INT;
		v->i = sqlite3_column_int64(st, i);
		return 0;
	case SQLITE_BLOB:
		v->type = DB_BLOB;
		v->s = sqlite3_column_blob(st, i);
		v->len = (size_t)sqlite3_column_bytes(st, i);
		if (!v->s)
			v->s = ""; /* an empty blob */
		return 0;
	default:
		/* TEXT, and REAL as its text form: db.h has no float type. */
		v->type = DB_TEXT;
		v->s = (const char *)sqlite3_column_text(st, i);
		v->len = (size_t)sqlite3_column_bytes(st, i);
		return v->s ? 0 : -1;
	}
}

static enum cwyn_code sqlite_query(struct db *db, const char *sql,
                                   const struct db_value *params,
                                   size_t n_params, db_row_fn row, void *ctx,
                                   struct cwyn_error *err)
{
	struct db_sqlite *d = as_sqlite(db);
	struct db_value stack_cols[COLS_ON_STACK], *cols = stack_cols;
	struct borrowed b;
	enum cwyn_code rc = borrow(d, sql, &b, err);
	if (rc != CWYN_OK)
		return rc;
	rc = bind_params(d, b.st, params, n_params, err);
	if (rc != CWYN_OK)
		goto out;
	int n = sqlite3_column_count(b.st);
	if (n > COLS_ON_STACK && !(cols = calloc((size_t)n, sizeof *cols))) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto out;
	}
	int src;
	while ((src = sqlite3_step(b.st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			if (column_value(b.st, i, &cols[i])) {
				rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
				goto out;
			}
		if (row(ctx, cols, (size_t)n))
			goto out;
	}
	if (src != SQLITE_DONE)
		rc = fail_sqlite(d, src, err);
out:
	if (cols != stack_cols)
		free(cols);
	release(&b);
	return rc;
}

static enum cwyn_code sqlite_exec_script(struct db *db, const char *sql,
                                         struct cwyn_error *err)
{
	struct db_sqlite *d = as_sqlite(db);
	int rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? CWYN_OK : fail_sqlite(d, rc, err);
}

static enum cwyn_code sqlite_set_sync(struct db *db, enum db_sync sync,
                                      struct cwyn_error *err)
{
	enum cwyn_code rc = sqlite_exec_script(db, sync == DB_SYNC_NORMAL
	                                               ? "PRAGMA synchronous=NORMAL"
	                                               : "PRAGMA synchronous=FULL",
	                                       err);
	if (rc == CWYN_OK)
		as_sqlite(db)->sync = sync;
	return rc;
}

/*
 * After a relaxed transaction: synchronous=FULL again. Until that works
 * the connection stays marked, and begin refuses (a write must never
 * commit without a sync by accident).
 */
static enum cwyn_code restore_full(struct db_sqlite *d,
                                   struct cwyn_error *err)
{
	if (!d->relaxed)
		return CWYN_OK;
	if (sqlite3_exec(d->h, "PRAGMA synchronous=FULL", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return cwyn_fail(err, CWYN_EDB, "database",
		                 "synchronous=FULL could not be restored");
	d->relaxed = 0;
	return CWYN_OK;
}

static enum cwyn_code sqlite_begin(struct db *db, struct cwyn_error *err)
{
	struct db_sqlite *d = as_sqlite(db);
	enum cwyn_code rc = restore_full(d, err);
	return rc ? rc : run_exec(d, "BEGIN IMMEDIATE", NULL, 0, NULL, err);
}

/*
 * In WAL mode, synchronous=NORMAL appends the transaction to the WAL
 * without fsync; the WAL is synced by the next FULL commit (an fsync of
 * the whole file, so of every frame before it too) and before each
 * checkpoint. SQLite reads the level when a transaction starts and
 * refuses to change it inside one, so it is set here and put back by
 * commit or rollback.
 */
static enum cwyn_code sqlite_begin_relaxed(struct db *db,
                                           struct cwyn_error *err)
{
	struct db_sqlite *d = as_sqlite(db);
	enum cwyn_code rc = restore_full(d, err);
	if (rc != CWYN_OK || d->sync != DB_SYNC_FULL)
		return rc ? rc : sqlite_begin(db, err);
	rc = sqlite_exec_script(db, "PRAGMA synchronous=NORMAL", err);
	if (rc != CWYN_OK)
		return rc;
	d->relaxed = 1;
	rc = run_exec(d, "BEGIN IMMEDIATE", NULL, 0, NULL, err);
	if (rc != CWYN_OK)
		restore_full(d, NULL);
	return rc;
}

static void sqlite_rollback(struct db *db)
{
	struct db_sqlite *d = as_sqlite(db);
	/* Outside a transaction ROLLBACK is an error; there is nothing to do. */
	if (!sqlite3_get_autocommit(d->h))
		run_exec(d, "ROLLBACK", NULL, 0, NULL, NULL);
	restore_full(d, NULL);
}

static enum cwyn_code sqlite_commit(struct db *db, struct cwyn_error *err)
{
	struct db_sqlite *d = as_sqlite(db);
	enum cwyn_code rc = run_exec(d, "COMMIT", NULL, 0, NULL, err);
	/* A commit that failed leaves nothing half-done behind it. */
	if (rc != CWYN_OK)
		sqlite_rollback(db);
	else
		rc = restore_full(d, err);
	return rc;
}

static void sqlite_close(struct db *db)
{
	struct db_sqlite *d = as_sqlite(db);
	for (size_t i = 0; i < STMT_CACHE_SIZE; i++)
		if (d->cache[i].sql)
			evict(&d->cache[i]);
	/* SQLite's advice for its versions before 3.46: refresh the
	 * statistics of tables this connection used and that grew a lot
	 * (sampled under store.c's analysis_limit; usually nothing to do). */
	if (d->h && sqlite3_get_autocommit(d->h))
		sqlite3_exec(d->h, "PRAGMA optimize", NULL, NULL, NULL);
	sqlite3_close(d->h);
	free(d);
}

static const struct db_ops sqlite_ops = {
	.close = sqlite_close,
	.set_sync = sqlite_set_sync,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.begin_relaxed = sqlite_begin_relaxed,
	.rollback = sqlite_rollback,
	.exec = sqlite_exec,
	.query = sqlite_query,
	.exec_script = sqlite_exec_script,
};

static int is_memory_db(const char *path)
{
	return !strcmp(path, ":memory:") || !strncmp(path, "file:", 5);
}

struct text_ctx {
	char buf[16];
};

static int take_text(void *ctx, const struct db_value *cols, size_t n)
{
	struct text_ctx *t = ctx;
	if (n && cols[0].type == DB_TEXT)
		snprintf(t->buf, sizeof t->buf, "%s", cols[0].s);
	return 1;
}

enum cwyn_code db_sqlite_open(const char *path, struct db **out,
                              struct cwyn_error *err)
{
	enum cwyn_code rc;
	struct db_sqlite *d = calloc(1, sizeof *d);
	if (!d)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	d->base.ops = &sqlite_ops;
	d->base.kind = DB_SQLITE;

	/* Complaint records are confidential: create the file owner-only.
	 * SQLite gives the -wal and -shm files the same mode. */
	if (!is_memory_db(path)) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0) {
			rc = cwyn_fail(err, CWYN_EIO, "database",
			               "cannot open the database file: %s",
			               strerror(errno));
			free(d);
			return rc;
		}
		close(fd);
	}
	int src = sqlite3_open_v2(path, &d->h,
	                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                              SQLITE_OPEN_NOMUTEX,
	                          NULL);
	if (src != SQLITE_OK) {
		rc = cwyn_fail(err, CWYN_EDB, "database",
		               "cannot open the SQLite database: %s",
		               d->h ? sqlite3_errmsg(d->h) : "out of memory");
		goto err;
	}
	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, BUSY_TIMEOUT_MS);

	struct text_ctx mode = {{0}};
	rc = sqlite_query(&d->base, "PRAGMA journal_mode=WAL", NULL, 0,
	                  take_text, &mode, err);
	if (rc != CWYN_OK)
		goto err;
	if (!is_memory_db(path) && strcmp(mode.buf, "wal") != 0) {
		rc = cwyn_fail(err, CWYN_EDB, "database",
		               "the database could not be switched to WAL mode");
		goto err;
	}
	rc = sqlite_exec_script(&d->base,
	                        "PRAGMA synchronous=FULL;"
	                        "PRAGMA foreign_keys=ON;",
	                        err);
	if (rc != CWYN_OK)
		goto err;
	d->sync = DB_SYNC_FULL;
	*out = &d->base;
	return CWYN_OK;
err:
	sqlite_close(&d->base);
	return rc;
}

/* --- online backup and restore ----------------------------------------- */

/* How long backup and restore wait for other writers before giving up. */
#define COPY_RETRY_MS 10000
#define COPY_RETRY_STEP_MS 25

/*
 * Copy every page of src's main database into dst's, as one step: a
 * single step (-1) reads the whole source inside one read transaction,
 * so the copy is one consistent snapshot. Stepping in small chunks would
 * let another connection's commit restart the copy between chunks, and a
 * busy server could starve it. In WAL mode the snapshot does not block
 * the server's writers. BUSY/LOCKED (a writer holds the destination)
 * are retried until COPY_RETRY_MS.
 */
static int copy_pages(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return sqlite3_extended_errcode(dst);
	int rc, waited = 0;
	for (;;) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    waited >= COPY_RETRY_MS)
			break;
		sqlite3_sleep(COPY_RETRY_STEP_MS);
		waited += COPY_RETRY_STEP_MS;
	}
	int frc = sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = frc;
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static enum cwyn_code copy_failed(sqlite3 *h, int rc, const char *what,
                                  struct cwyn_error *err)
{
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return cwyn_fail(err, CWYN_ECONFLICT, "database",
		                 "the database stayed busy; %s did not run; "
		                 "try again", what);
	if ((rc & 0xff) == SQLITE_NOMEM)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	return cwyn_fail(err, CWYN_EDB, "database", "SQLite %s failed: %s",
	                 what, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
}

static enum cwyn_code check_copy_state(struct db *db, const char *what,
                                       struct cwyn_error *err)
{
	if (db->kind != DB_SQLITE)
		return cwyn_fail(err, CWYN_ESTATE, "database",
		                 "%s through the SQLite backup API needs an SQLite "
		                 "database; PostgreSQL uses pg_dump/pg_restore",
		                 what);
	if (!sqlite3_get_autocommit(as_sqlite(db)->h))
		return cwyn_fail(err, CWYN_ESTATE, "database",
		                 "%s cannot run inside a transaction", what);
	return CWYN_OK;
}

enum cwyn_code db_sqlite_backup(struct db *db, const char *dest_path,
                                struct cwyn_error *err)
{
	enum cwyn_code rc = check_copy_state(db, "backup", err);
	if (rc != CWYN_OK)
		return rc;
	struct db_sqlite *d = as_sqlite(db);
	sqlite3 *dst = NULL;
	int src = sqlite3_open_v2(dest_path, &dst,
	                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                              SQLITE_OPEN_NOMUTEX,
	                          NULL);
	if (src != SQLITE_OK) {
		rc = cwyn_fail(err, CWYN_EIO, "output",
		               "cannot create the backup file: %s",
		               dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_extended_result_codes(dst, 1);
	/* The copy commits with a full sync of the backup file. */
	src = sqlite3_exec(dst, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	if (src == SQLITE_OK)
		src = copy_pages(dst, d->h);
	if (src != SQLITE_OK)
		rc = copy_failed(dst, src, "backup", err);
out:
	sqlite3_close(dst);
	return rc;
}

enum cwyn_code db_sqlite_restore(struct db *db, const char *src_path,
                                 struct cwyn_error *err)
{
	enum cwyn_code rc = check_copy_state(db, "restore", err);
	if (rc != CWYN_OK)
		return rc;
	struct db_sqlite *d = as_sqlite(db);
	sqlite3 *in = NULL;
	int src = sqlite3_open_v2(src_path, &in,
	                          SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
	                          NULL);
	if (src != SQLITE_OK) {
		rc = cwyn_fail(err, CWYN_EIO, "input",
		               "cannot open the backup file: %s",
		               in ? sqlite3_errmsg(in) : "out of memory");
		goto out;
	}
	/* Cached statements are idle (reset after every call); SQLite
	 * recompiles them against the restored schema on their next use. */
	src = copy_pages(d->h, in);
	if (src != SQLITE_OK)
		rc = copy_failed(d->h, src, "restore", err);
out:
	sqlite3_close(in);
	return rc;
}
