/*
 * db_impl.h — private contract between the dispatcher (db.c) and the two
 * drivers (db_sqlite.c, db_pg.c). Nothing outside src/store/db*.c includes
 * this; store modules see only db.h.
 *
 * Each driver embeds struct db as the first member of its own connection
 * struct, so db.c can call through db->ops without knowing the driver.
 */
#ifndef CWYN_STORE_DB_IMPL_H
#define CWYN_STORE_DB_IMPL_H

#include "store/db.h"

struct db_ops {
	void (*close)(struct db *db);
	enum cwyn_code (*set_sync)(struct db *db, enum db_sync sync,
	                           struct cwyn_error *err);
	enum cwyn_code (*begin)(struct db *db, struct cwyn_error *err);
	enum cwyn_code (*commit)(struct db *db, struct cwyn_error *err);
	enum cwyn_code (*begin_relaxed)(struct db *db,
	                                struct cwyn_error *err);
	void (*rollback)(struct db *db);
	enum cwyn_code (*exec)(struct db *db, const char *sql,
	                       const struct db_value *params, size_t n_params,
	                       int64_t *changes, struct cwyn_error *err);
	enum cwyn_code (*query)(struct db *db, const char *sql,
	                        const struct db_value *params, size_t n_params,
	                        db_row_fn row, void *ctx, struct cwyn_error *err);
	enum cwyn_code (*exec_script)(struct db *db, const char *sql,
	                              struct cwyn_error *err);
};

struct db {
	const struct db_ops *ops;
	enum db_kind kind;
};

/* Driver entry points: target is the URL with any "sqlite:" prefix removed
 * (SQLite) or the whole URI (PostgreSQL). */
enum cwyn_code db_sqlite_open(const char *path, struct db **out,
                              struct cwyn_error *err);
enum cwyn_code db_pg_open(const char *uri, struct db **out,
                          struct cwyn_error *err);

/*
 * Rewrite `?` placeholders to $1, $2 ... for PostgreSQL, leaving alone any
 * `?` inside '...' and E'...' strings, "quoted identifiers", $tag$ dollar
 * quotes, -- line comments and (nested) block comments. Returns a malloc'd
 * string and the number of placeholders, or NULL when out of memory.
 */
char *db_rewrite_placeholders(const char *sql, size_t *n_placeholders);

#endif
