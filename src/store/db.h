/*
 * db.h — one small, portable database interface with two drivers:
 * SQLite (embedded default) and PostgreSQL (multi-authority deployments).
 *
 * The store modules (store_*.c) write their SQL once, in the common subset
 * of both dialects, with `?` placeholders; the PostgreSQL driver rewrites
 * them to $1, $2 ... Every value goes through a bound parameter — user text
 * never reaches SQL any other way.
 *
 * Dialect: write shared SQL in the common subset. Use BIGINT for 64-bit
 * integers (INTEGER is 32-bit on PostgreSQL), TEXT for text, INTEGER 0/1
 * for flags, `INSERT ... RETURNING id` (both support it) instead of a
 * last-insert-id call, and ON CONFLICT ... DO NOTHING/UPDATE for upserts.
 * Blob columns are BLOB on SQLite and BYTEA on PostgreSQL: db_blob_type()
 * gives the name for SQL built at run time. Anything else that differs
 * (auto-increment keys: INTEGER PRIMARY KEY vs BIGINT GENERATED ALWAYS AS
 * IDENTITY; date functions) belongs in per-dialect migration files, chosen
 * with db_kind(). `?` is the only placeholder style; PostgreSQL's `?`
 * jsonb operators cannot be used. PostgreSQL infers each parameter's type
 * from its context; where there is none (`? IS NULL`, `SELECT ?`) write
 * CAST(? AS BIGINT) or CAST(? AS TEXT).
 *
 * Transactions: after any failed statement inside a transaction, call
 * db_rollback (PostgreSQL refuses further statements until then, and a
 * commit of such a transaction reports CWYN_EDB and keeps nothing).
 *
 * Durability: SQLite runs in WAL mode with synchronous=FULL by default, so a
 * commit that returned CWYN_OK survives kill -9 and power loss; PostgreSQL
 * commits are durable by its defaults (synchronous_commit=on, fsync=on).
 */
#ifndef CWYN_STORE_DB_H
#define CWYN_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum db_kind { DB_SQLITE = 0, DB_POSTGRES, DB_KIND__MAX };

enum db_sync { DB_SYNC_FULL = 0, DB_SYNC_NORMAL }; /* SQLite only */

enum db_type { DB_NULL = 0, DB_INT, DB_TEXT, DB_BLOB };

/* One bound parameter or one result column. Text is UTF-8, NUL-terminated;
 * blobs carry their length. */
struct db_value {
	enum db_type type;
	int64_t i;
	const char *s;
	size_t len;
};

#define DBV_NULL ((struct db_value){.type = DB_NULL})
#define DBV_INT(v) ((struct db_value){.type = DB_INT, .i = (int64_t)(v)})
#define DBV_TEXT(v) ((struct db_value){.type = (v) ? DB_TEXT : DB_NULL, .s = (v)})
#define DBV_BLOB(p, n) ((struct db_value){.type = DB_BLOB, .s = (const char *)(p), .len = (n)})

struct db; /* one connection; not shared between threads */

/*
 * Open "sqlite:PATH", a plain path (SQLite), or "postgresql://..." /
 * "postgres://..." (libpq conninfo URI). Creates the SQLite file if needed.
 */
enum cwyn_code db_open(const char *url, struct db **out, struct cwyn_error *err);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);
/* "BLOB" or "BYTEA": the blob column type of this connection's dialect. */
const char *db_blob_type(const struct db *db);
enum cwyn_code db_set_sync(struct db *db, enum db_sync sync,
                           struct cwyn_error *err);

/* Transactions. begin is "BEGIN IMMEDIATE" on SQLite so writers queue
 * instead of failing late; a busy database waits (busy timeout) and then
 * reports CWYN_ECONFLICT. Serialization failures on PostgreSQL are
 * CWYN_ECONFLICT too. */
enum cwyn_code db_begin(struct db *db, struct cwyn_error *err);
enum cwyn_code db_commit(struct db *db, struct cwyn_error *err);
void db_rollback(struct db *db);

/*
 * Begin a transaction whose commit does not wait for the disk, for
 * transactions that only record a read (the "case.read" audit entry):
 * SQLite runs this one transaction with synchronous=NORMAL (FULL comes
 * back at its commit or rollback; SQLite refuses to change it inside a
 * transaction), PostgreSQL with SET LOCAL synchronous_commit = off. The
 * commit is atomic and survives the process being killed; only a power
 * cut or OS crash before the next sync can lose it, and then it loses a
 * tail of such commits, never a durable commit made after them: the
 * next durable commit (any write) or SQLite checkpoint syncs the log
 * with everything before it, in order. Never use it for a transaction
 * that changes a case. If FULL cannot be put back, the commit reports
 * CWYN_EDB and the connection refuses to begin anything until it can.
 */
enum cwyn_code db_begin_relaxed(struct db *db, struct cwyn_error *err);

/* Run a statement that returns no rows. *changes (may be NULL) receives
 * the number of rows affected. Unique/foreign-key/check violations are
 * CWYN_ECONFLICT or CWYN_EINVAL with the constraint named. */
enum cwyn_code db_exec(struct db *db, const char *sql,
                       const struct db_value *params, size_t n_params,
                       int64_t *changes, struct cwyn_error *err);

/* Run a query and call row() for each result row with its columns (valid
 * only during the call). row() returns non-zero to stop early. */
typedef int (*db_row_fn)(void *ctx, const struct db_value *cols,
                         size_t n_cols);
enum cwyn_code db_query(struct db *db, const char *sql,
                        const struct db_value *params, size_t n_params,
                        db_row_fn row, void *ctx, struct cwyn_error *err);

/* Convenience: first column of the first row as an integer (CWYN_ENOTFOUND
 * when there is no row or the value is NULL). */
enum cwyn_code db_query_int(struct db *db, const char *sql,
                            const struct db_value *params, size_t n_params,
                            int64_t *out, struct cwyn_error *err);

/* Run a script of several statements with no parameters (migrations). On
 * PostgreSQL a script without its own BEGIN/COMMIT runs as one implicit
 * transaction; on SQLite wrap it in BEGIN/COMMIT to get the same. */
enum cwyn_code db_exec_script(struct db *db, const char *sql,
                              struct cwyn_error *err);

/*
 * SQLite only: copy the open database, page by page, into the file
 * dest_path with SQLite's online backup API. The copy is taken from one
 * read snapshot (WAL readers never block writers), so it is consistent
 * even while other connections keep committing; it is synced to disk
 * before this returns. dest_path is overwritten; create it owner-only
 * first. Must not be called inside a transaction. On a PostgreSQL
 * connection: CWYN_ESTATE (use pg_dump).
 */
enum cwyn_code db_sqlite_backup(struct db *db, const char *dest_path,
                                struct cwyn_error *err);

/*
 * SQLite only: replace the whole content of the open database with the
 * SQLite file src_path (opened read-only), through the same backup API,
 * as one write transaction: other connections see either the old or the
 * new database, never a mix. Waits for other writers up to the busy
 * timeout. The caller verifies src_path first. On PostgreSQL: CWYN_ESTATE
 * (use pg_restore).
 */
enum cwyn_code db_sqlite_restore(struct db *db, const char *src_path,
                                 struct cwyn_error *err);

#endif
