/*
 * db_pg.c — the PostgreSQL driver behind db.h, over libpq.
 *
 * Statements go through PQexecParams (extended protocol: one statement,
 * parameters never spliced into SQL). Integers and text travel as text
 * parameters whose type the server infers from context; blobs travel as
 * binary bytea parameters, so zero bytes survive. Results come back in text
 * format and are converted: int2/int4/int8 and bool become DB_INT, bytea
 * (hex output) becomes DB_BLOB, everything else DB_TEXT. SQLSTATEs map onto
 * the cwyn codes as db.h promises.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/db_impl.h"

/* Type OIDs from pg_type.h, which is not part of libpq's public headers. */
enum {
	PG_OID_BOOL = 16,
	PG_OID_BYTEA = 17,
	PG_OID_INT8 = 20,
	PG_OID_INT2 = 21,
	PG_OID_INT4 = 23,
};

#define COLS_ON_STACK 16
#define INT_TEXT_LEN 24 /* "-9223372036854775808" and a NUL */

struct db_pg {
	struct db base;
	PGconn *conn;
};

static struct db_pg *as_pg(struct db *db)
{
	return (struct db_pg *)db;
}

/* libpq's messages end in a newline; cwyn_error messages do not. */
static const char *trimmed(const char *msg, char *buf, size_t size)
{
	snprintf(buf, size, "%s", msg ? msg : "");
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

static enum cwyn_code fail_pg(struct db_pg *d, const PGresult *res,
                              struct cwyn_error *err)
{
	char buf[400];
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
	                      : NULL;
	const char *constraint =
	    res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME)
	                         : NULL;
	const char *field = constraint ? constraint : column ? column : "";

	if (!msg)
		msg = trimmed(PQerrorMessage(d->conn), buf, sizeof buf);
	if (PQstatus(d->conn) != CONNECTION_OK)
		return cwyn_fail(err, CWYN_EDB, "",
		                 "the connection to PostgreSQL was lost: %s", msg);
	if (!state)
		return cwyn_fail(err, CWYN_EDB, "", "PostgreSQL: %s", msg);
	if (!strcmp(state, "23505") || !strcmp(state, "23P01"))
		return cwyn_fail(err, CWYN_ECONFLICT, field, "%s", msg);
	if (!strcmp(state, "23503") || !strcmp(state, "23514") ||
	    !strcmp(state, "23502"))
		return cwyn_fail(err, CWYN_EINVAL, field, "%s", msg);
	if (!strcmp(state, "40001") || !strcmp(state, "40P01") ||
	    !strcmp(state, "55P03"))
		return cwyn_fail(err, CWYN_ECONFLICT, "",
		                 "the database is busy; try again");
	/* Class 22: a value the column cannot hold (bad number, too long). */
	if (!strncmp(state, "22", 2))
		return cwyn_fail(err, CWYN_EINVAL, field, "%s", msg);
	return cwyn_fail(err, CWYN_EDB, "", "PostgreSQL: %s (SQLSTATE %s)", msg,
	                 state);
}

/* Check a result; on failure map it, clear it and return the code. */
static enum cwyn_code check(struct db_pg *d, PGresult **res,
                            struct cwyn_error *err)
{
	if (!*res)
		return fail_pg(d, NULL, err);
	ExecStatusType st = PQresultStatus(*res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return CWYN_OK;
	enum cwyn_code rc = fail_pg(d, *res, err);
	PQclear(*res);
	*res = NULL;
	return rc;
}

/* Run one statement with `?` placeholders; *res is the successful result
 * for the caller to PQclear. */
static enum cwyn_code run(struct db_pg *d, const char *sql,
                          const struct db_value *params, size_t n_params,
                          PGresult **res, struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	size_t n_q;
	char *q = db_rewrite_placeholders(sql, &n_q);
	const char **values = NULL;
	int *lengths = NULL, *formats = NULL;
	Oid *types = NULL;
	char (*ints)[INT_TEXT_LEN] = NULL;

	*res = NULL;
	if (!q)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	if (n_q != n_params) {
		rc = cwyn_fail(err, CWYN_EINTERNAL, "sql",
		               "the statement takes %zu values but %zu were given",
		               n_q, n_params);
		goto out;
	}
	if (n_params > 65535) {
		rc = cwyn_fail(err, CWYN_EINTERNAL, "sql", "too many values");
		goto out;
	}
	size_t n = n_params ? n_params : 1;
	values = calloc(n, sizeof *values);
	lengths = calloc(n, sizeof *lengths);
	formats = calloc(n, sizeof *formats);
	types = calloc(n, sizeof *types);
	ints = calloc(n, sizeof *ints);
	if (!values || !lengths || !formats || !types || !ints) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_params; i++) {
		const struct db_value *v = &params[i];
		switch (v->type) {
		case DB_INT:
			snprintf(ints[i], sizeof ints[i], "%lld", (long long)v->i);
			values[i] = ints[i];
			break;
		case DB_TEXT:
			values[i] = v->s; /* NULL → SQL NULL */
			break;
		case DB_BLOB:
			if (v->len > INT32_MAX) {
				rc = cwyn_fail(err, CWYN_ERANGE, "sql", "blob too large");
				goto out;
			}
			/* A NULL pointer would mean SQL NULL; an empty blob is not. */
			values[i] = v->s ? v->s : "";
			lengths[i] = (int)v->len;
			formats[i] = 1;
			types[i] = PG_OID_BYTEA;
			break;
		default:
			values[i] = NULL;
			break;
		}
	}
	*res = PQexecParams(d->conn, q, (int)n_params, types, values, lengths,
	                    formats, 0);
	rc = check(d, res, err);
out:
	free(q);
	free(values);
	free(lengths);
	free(formats);
	free(types);
	free(ints);
	return rc;
}

static enum cwyn_code pg_exec(struct db *db, const char *sql,
                              const struct db_value *params, size_t n_params,
                              int64_t *changes, struct cwyn_error *err)
{
	PGresult *res;
	enum cwyn_code rc = run(as_pg(db), sql, params, n_params, &res, err);
	if (rc != CWYN_OK)
		return rc;
	if (changes)
		*changes = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return CWYN_OK;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode bytea hex output ("\x0001ff") into out; returns the byte count or
 * -1 when the text is not in hex format. */
static long decode_bytea(const char *s, size_t len, unsigned char *out)
{
	if (len < 2 || s[0] != '\\' || s[1] != 'x' || (len - 2) % 2)
		return -1;
	size_t n = (len - 2) / 2;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_digit(s[2 + 2 * i]), lo = hex_digit(s[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (long)n;
}

static enum cwyn_code pg_query(struct db *db, const char *sql,
                               const struct db_value *params, size_t n_params,
                               db_row_fn row, void *ctx,
                               struct cwyn_error *err)
{
	struct db_pg *d = as_pg(db);
	struct db_value stack_cols[COLS_ON_STACK], *cols = stack_cols;
	unsigned char *scratch = NULL; /* decoded bytea of the current row */
	size_t scratch_cap = 0;
	PGresult *res;
	enum cwyn_code rc = run(d, sql, params, n_params, &res, err);
	if (rc != CWYN_OK)
		return rc;
	int n_cols = PQnfields(res), n_rows = PQntuples(res);
	if (n_cols > COLS_ON_STACK &&
	    !(cols = calloc((size_t)n_cols, sizeof *cols))) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto out;
	}
	for (int r = 0; r < n_rows; r++) {
		/* Hex halves in size, so the text lengths bound the bytes. */
		size_t need = 1;
		for (int c = 0; c < n_cols; c++)
			if (PQftype(res, c) == PG_OID_BYTEA)
				need += (size_t)PQgetlength(res, r, c) / 2;
		if (need > scratch_cap) {
			unsigned char *p = realloc(scratch, need);
			if (!p) {
				rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
				goto out;
			}
			scratch = p, scratch_cap = need;
		}
		size_t used = 0;
		for (int c = 0; c < n_cols; c++) {
			struct db_value *v = &cols[c];
			const char *text = PQgetvalue(res, r, c);
			size_t len = (size_t)PQgetlength(res, r, c);
			*v = (struct db_value){0};
			if (PQgetisnull(res, r, c)) {
				v->type = DB_NULL;
				continue;
			}
			switch (PQftype(res, c)) {
			case PG_OID_INT2:
			case PG_OID_INT4:
			case PG_OID_INT8:
				v->type = DB_INT;
				v->i = strtoll(text, NULL, 10);
				break;
			case PG_OID_BOOL:
				v->type = DB_INT;
				v->i = text[0] == 't';
				break;
			case PG_OID_BYTEA: {
				long got = decode_bytea(text, len, scratch + used);
				if (got < 0) {
					rc = cwyn_fail(err, CWYN_EDB, "",
					               "PostgreSQL sent bytea in an unexpected "
					               "format");
					goto out;
				}
				v->type = DB_BLOB;
				v->s = (const char *)scratch + used;
				v->len = (size_t)got;
				used += (size_t)got;
				break;
			}
			default:
				v->type = DB_TEXT;
				v->s = text;
				v->len = len;
				break;
			}
		}
		if (row(ctx, cols, (size_t)n_cols))
			break;
	}
out:
	if (cols != stack_cols)
		free(cols);
	free(scratch);
	PQclear(res);
	return rc;
}

/* Several statements through the simple query protocol. Without an explicit
 * BEGIN/COMMIT inside, PostgreSQL runs them as one implicit transaction, so
 * a failing migration leaves nothing behind. */
static enum cwyn_code pg_exec_script(struct db *db, const char *sql,
                                     struct cwyn_error *err)
{
	struct db_pg *d = as_pg(db);
	PGresult *res = PQexec(d->conn, sql);
	enum cwyn_code rc = check(d, &res, err);
	PQclear(res);
	return rc;
}

static enum cwyn_code pg_set_sync(struct db *db, enum db_sync sync,
                                  struct cwyn_error *err)
{
	/* PostgreSQL commits stay durable; the setting is SQLite's alone. */
	(void)db, (void)sync, (void)err;
	return CWYN_OK;
}

static enum cwyn_code pg_begin(struct db *db, struct cwyn_error *err)
{
	/* PostgreSQL only warns about a nested BEGIN; refuse it as SQLite
	 * does, so both drivers treat the same mistake the same way. */
	if (PQtransactionStatus(as_pg(db)->conn) != PQTRANS_IDLE)
		return cwyn_fail(err, CWYN_EDB, "",
		                 "PostgreSQL: a transaction is already open");
	return pg_exec_script(db, "BEGIN", err);
}

static void pg_rollback(struct db *db)
{
	struct db_pg *d = as_pg(db);
	if (PQtransactionStatus(d->conn) == PQTRANS_IDLE)
		return;
	PQclear(PQexec(d->conn, "ROLLBACK"));
}

static enum cwyn_code pg_commit(struct db *db, struct cwyn_error *err)
{
	struct db_pg *d = as_pg(db);
	PGresult *res = PQexec(d->conn, "COMMIT");
	enum cwyn_code rc = check(d, &res, err);
	/* COMMIT of a transaction in which a statement failed "succeeds" by
	 * rolling back; the caller must not believe its writes were kept. */
	if (rc == CWYN_OK && !strcmp(PQcmdStatus(res), "ROLLBACK"))
		rc = cwyn_fail(err, CWYN_EDB, "",
		               "the transaction was rolled back because a "
		               "statement in it failed");
	PQclear(res);
	if (rc != CWYN_OK)
		pg_rollback(db);
	return rc;
}

static enum cwyn_code pg_begin_relaxed(struct db *db,
                                       struct cwyn_error *err)
{
	enum cwyn_code rc = pg_begin(db, err);
	if (rc != CWYN_OK)
		return rc;
	/* This transaction only: a later synchronous commit flushes the WAL
	 * up to and including it. */
	PGresult *res = PQexec(as_pg(db)->conn,
	                       "SET LOCAL synchronous_commit = off");
	rc = check(as_pg(db), &res, err);
	PQclear(res);
	if (rc != CWYN_OK)
		pg_rollback(db);
	return rc;
}

static void pg_close(struct db *db)
{
	struct db_pg *d = as_pg(db);
	PQfinish(d->conn);
	free(d);
}

static const struct db_ops pg_ops = {
	.close = pg_close,
	.set_sync = pg_set_sync,
	.begin = pg_begin,
	.commit = pg_commit,
	.begin_relaxed = pg_begin_relaxed,
	.rollback = pg_rollback,
	.exec = pg_exec,
	.query = pg_query,
	.exec_script = pg_exec_script,
};

/* Server notices ("table does not exist, skipping") are not errors and must
 * not reach the terminal of a CLI user. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg, (void)message;
}

enum cwyn_code db_pg_open(const char *uri, struct db **out,
                          struct cwyn_error *err)
{
	char buf[400];
	enum cwyn_code rc;
	struct db_pg *d = calloc(1, sizeof *d);
	if (!d)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	d->base.ops = &pg_ops;
	d->base.kind = DB_POSTGRES;

	/* Keywords after dbname override the URI; those before are defaults
	 * the URI may override. Text is always exchanged as UTF-8. */
	static const char *const keys[] = {"connect_timeout", "dbname",
	                                   "client_encoding",
	                                   "fallback_application_name", NULL};
	const char *const vals[] = {"10", uri, "UTF8", "cwyn", NULL};
	d->conn = PQconnectdbParams(keys, vals, 1);
	if (!d->conn) {
		free(d);
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	}
	if (PQstatus(d->conn) != CONNECTION_OK) {
		rc = cwyn_fail(err, CWYN_EDB, "database",
		               "cannot connect to PostgreSQL: %s",
		               trimmed(PQerrorMessage(d->conn), buf, sizeof buf));
		goto err;
	}
	PQsetNoticeProcessor(d->conn, ignore_notice, NULL);
	/* decode_bytea reads the hex format only. */
	rc = pg_exec_script(&d->base, "SET bytea_output = 'hex'", err);
	if (rc != CWYN_OK)
		goto err;
	*out = &d->base;
	return CWYN_OK;
err:
	pg_close(&d->base);
	return rc;
}
