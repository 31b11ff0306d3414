/*
 * store_internal.h — what the store_*.c files share and nobody else sees:
 * a row description (one table per struct, built with offsetof) and the
 * generic insert/update/select that bind every field as a parameter.
 *
 * Describing each row once keeps the SQL, the validation of enum-valued
 * columns and the mapping back into structs in one place, so a column
 * cannot be bound in one function and forgotten in another. The SQL these
 * helpers build is made only from the constant names in the tables — user
 * text always travels as a bound parameter.
 */
#ifndef CWYN_STORE_INTERNAL_H
#define CWYN_STORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "store/db.h"

enum scol_type {
	SCOL_ID = 0,  /* int64_t, NOT NULL */
	SCOL_REF,     /* int64_t, 0 <-> NULL (optional foreign key) */
	SCOL_I64,     /* int64_t */
	SCOL_INT,     /* int */
	SCOL_INT_OPT, /* int, -1 <-> NULL */
	SCOL_BOOL,    /* bool <-> 0/1 */
	SCOL_TEXT,    /* const char *, NULL <-> NULL */
	SCOL_DAY,     /* cwyn_day <-> 'YYYY-MM-DD', CWYN_DAY_NONE <-> NULL */
	SCOL_TS,      /* char[STORE_TS_SIZE], "" <-> NULL */
	SCOL_FIXED,   /* char[STORE_REF_SIZE], "" <-> NULL */
	SCOL__MAX
};

/* Flags of a column. */
#define SCOL_REQUIRED 0x1u /* NULL/none refused with the field named */
#define SCOL_NO_UPDATE 0x2u /* set on insert, never changed by update */
#define SCOL_NO_LIST 0x4u  /* left out of list queries (large JSON) */

struct scol {
	const char *name;           /* SQL column = field name in errors */
	enum scol_type type;
	size_t offset;
	unsigned flags;
	const char *const *allowed; /* NULL-terminated names, or NULL */
	size_t max_len;             /* text length limit, 0 = none */
};

struct stable {
	const char *name;           /* SQL table */
	size_t size;                /* sizeof the row struct */
	size_t id_offset;           /* offsetof(..., id) */
	const struct scol *cols;    /* not including id */
	size_t n_cols;
};

#define SCOL_N(a) (sizeof(a) / sizeof *(a))

/*
 * The WHERE clause of every per-case query on a child table (matters,
 * stages, clocks, extensions, events, letters, complainants, children),
 * with the parameters (case_id, authority_id). The unary + makes
 * authority_id an expression no index can serve, so the only index the
 * planner may use is the table's one on (case_id ...): a case has a
 * handful of rows there. Without it, SQLite with no statistics (a fresh
 * or never-analysed database) took an (authority_id, ...) index of the
 * report queries (clocks_by_stopped, migration 5) for the clock list and
 * walked every clock of the authority, ~0.5-1.6 s per case read at
 * 100,000 cases. authority_id is still checked, row by row. PostgreSQL
 * accepts the same text (+ on BIGINT) and plans it the same way.
 */
#define STORE_PER_CASE "case_id = ? AND +authority_id = ?"

/* Allowed-name lists, each matching the CHECK constraint of migration 1. */
extern const char *const store_roles[];
extern const char *const store_languages[];
extern const char *const store_channels[];
extern const char *const store_case_statuses[];
extern const char *const store_routes[];        /* includes "split" */
extern const char *const store_matter_routes[]; /* without "split" */
extern const char *const store_verdicts[];
extern const char *const store_agencies[];
extern const char *const store_subjects[];
extern const char *const store_relationships[];
extern const char *const store_contact_prefs[];
extern const char *const store_clock_states[];

bool store_name_in(const char *const *list, const char *s);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
void store_now(char buf[32]);

/* Check required fields, allowed names and lengths of every column. */
enum cwyn_code srow_validate(const struct stable *t, const void *row,
                             struct cwyn_error *err);

/* INSERT all columns; sets the id from RETURNING id. Validates first. */
enum cwyn_code srow_insert(struct db *db, const struct stable *t, void *row,
                           struct cwyn_error *err);

/*
 * UPDATE every column without SCOL_NO_UPDATE, WHERE id = row's id AND
 * authority_id = row's authority_id, followed by `extra_where` (constant
 * SQL, e.g. " AND version = ?") with its params. `extra_set` (constant SQL
 * such as ", version = version + 1") is appended to the SET list.
 * *changes gets the number of rows changed. Validates first.
 */
enum cwyn_code srow_update(struct db *db, const struct stable *t,
                           const void *row, const char *extra_set,
                           const char *extra_where,
                           const struct db_value *extra_params,
                           size_t n_extra, int64_t *changes,
                           struct cwyn_error *err);

/*
 * SELECT id and the columns (without SCOL_NO_LIST ones when `listing`)
 * FROM the table, followed by `tail` (constant SQL: WHERE/ORDER/LIMIT)
 * with params; rows go into an arena array. limit_rows (0 = none) stops
 * reading after that many rows.
 */
enum cwyn_code srow_select(struct db *db, const struct stable *t,
                           bool listing, const char *tail,
                           const struct db_value *params, size_t n_params,
                           struct arena *ar, void **out, size_t *n,
                           struct cwyn_error *err);

/* Same, for exactly one row: CWYN_ENOTFOUND (field `what`) when none. */
enum cwyn_code srow_get(struct db *db, const struct stable *t,
                        const char *tail, const struct db_value *params,
                        size_t n_params, struct arena *ar, void *out,
                        const char *what, struct cwyn_error *err);

/* After an update: rc, or CWYN_ENOTFOUND ("no such <what>") when no row
 * matched (a wrong id, or another authority's row). */
enum cwyn_code srow_one(enum cwyn_code rc, int64_t changes, const char *what,
                        struct cwyn_error *err);

/* Column value helpers: the PostgreSQL driver may hand integers back as
 * text, so readers go through these. */
int64_t sval_int(const struct db_value *v);

#endif
