/*
 * db.c — the driver-independent half of db.h: choose a driver from the URL,
 * dispatch each call to it, and the helpers both drivers share (the `?` to
 * `$n` rewrite PostgreSQL needs, db_query_int).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_impl.h"

static const char *const blob_types[DB_KIND__MAX] = {
	[DB_SQLITE] = "BLOB",
	[DB_POSTGRES] = "BYTEA",
};

static int has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

enum cwyn_code db_open(const char *url, struct db **out,
                       struct cwyn_error *err)
{
	*out = NULL;
	if (!url || !*url)
		return cwyn_fail(err, CWYN_EINVAL, "database", "no database given");
	if (has_prefix(url, "postgresql://") || has_prefix(url, "postgres://"))
		return db_pg_open(url, out, err);
	if (has_prefix(url, "sqlite:")) {
		const char *path = url + strlen("sqlite:");
		/* Accept sqlite:///abs/path too, as other tools write it. */
		if (has_prefix(path, "//"))
			path += 2;
		if (!*path)
			return cwyn_fail(err, CWYN_EINVAL, "database",
			                 "the sqlite: URL has no file path");
		return db_sqlite_open(path, out, err);
	}
	/* Anything else with a scheme is a typo, not a file name to create. */
	const char *colon = strstr(url, "://");
	if (colon)
		return cwyn_fail(err, CWYN_EINVAL, "database",
		                 "unknown database URL scheme; use sqlite:PATH or "
		                 "postgresql://...");
	return db_sqlite_open(url, out, err);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

const char *db_blob_type(const struct db *db)
{
	return blob_types[db->kind];
}

enum cwyn_code db_set_sync(struct db *db, enum db_sync sync,
                           struct cwyn_error *err)
{
	return db->ops->set_sync(db, sync, err);
}

enum cwyn_code db_begin(struct db *db, struct cwyn_error *err)
{
	return db->ops->begin(db, err);
}

enum cwyn_code db_commit(struct db *db, struct cwyn_error *err)
{
	return db->ops->commit(db, err);
}

enum cwyn_code db_begin_relaxed(struct db *db, struct cwyn_error *err)
{
	return db->ops->begin_relaxed(db, err);
}

void db_rollback(struct db *db)
{
	db->ops->rollback(db);
}

enum cwyn_code db_exec(struct db *db, const char *sql,
                       const struct db_value *params, size_t n_params,
                       int64_t *changes, struct cwyn_error *err)
{
	if (changes)
		*changes = 0;
	return db->ops->exec(db, sql, params, n_params, changes, err);
}

enum cwyn_code db_query(struct db *db, const char *sql,
                        const struct db_value *params, size_t n_params,
                        db_row_fn row, void *ctx, struct cwyn_error *err)
{
	return db->ops->query(db, sql, params, n_params, row, ctx, err);
}

enum cwyn_code db_exec_script(struct db *db, const char *sql,
                              struct cwyn_error *err)
{
	return db->ops->exec_script(db, sql, err);
}

/* --- db_query_int ------------------------------------------------------ */

struct first_int {
	int found;   /* a row arrived */
	int is_null; /* its first column was NULL */
	int bad;     /* its first column was not an integer */
	int64_t value;
};

static int parse_int64(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return -1;
	*out = v;
	return 0;
}

static int take_first_int(void *ctx, const struct db_value *cols,
                          size_t n_cols)
{
	struct first_int *f = ctx;
	f->found = 1;
	if (n_cols == 0 || cols[0].type == DB_NULL)
		f->is_null = 1;
	else if (cols[0].type == DB_INT)
		f->value = cols[0].i;
	/* PostgreSQL numeric (sum(), etc.) arrives as text. */
	else if (cols[0].type != DB_TEXT || parse_int64(cols[0].s, &f->value))
		f->bad = 1;
	return 1; /* only the first row matters */
}

enum cwyn_code db_query_int(struct db *db, const char *sql,
                            const struct db_value *params, size_t n_params,
                            int64_t *out, struct cwyn_error *err)
{
	struct first_int f = {0};
	enum cwyn_code rc = db_query(db, sql, params, n_params, take_first_int,
	                             &f, err);
	if (rc != CWYN_OK)
		return rc;
	if (!f.found || f.is_null)
		return cwyn_fail(err, CWYN_ENOTFOUND, "", "no value found");
	if (f.bad)
		return cwyn_fail(err, CWYN_EINTERNAL, "",
		                 "the query did not return an integer");
	*out = f.value;
	return CWYN_OK;
}

/* --- placeholder rewrite ----------------------------------------------- */

static int is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$' ||
	       (unsigned char)c >= 0x80;
}

/* Length of a dollar-quote opener "$tag$" at p, or 0 if p is not one. A
 * `$` straight after an identifier character belongs to the identifier,
 * and `$1` is a parameter, not a quote. */
static size_t dollar_tag_len(const char *sql, const char *p)
{
	if (p > sql && is_ident_char(p[-1]))
		return 0;
	const char *q = p + 1;
	if (*q >= '0' && *q <= '9')
		return 0;
	while (*q && *q != '$' && is_ident_char(*q))
		q++;
	return *q == '$' ? (size_t)(q - p + 1) : 0;
}

/* Return the end of the quoted or commented span that starts at p, or p
 * itself when nothing starts there. The span end is one past its last
 * character (or the terminating NUL when it is unterminated, which the
 * server then reports). */
static const char *skip_span(const char *sql, const char *p)
{
	if (p[0] == '-' && p[1] == '-') {
		while (*p && *p != '\n')
			p++;
		return p;
	}
	if (p[0] == '/' && p[1] == '*') {
		int depth = 0;
		while (*p) {
			if (p[0] == '/' && p[1] == '*')
				depth++, p += 2;
			else if (p[0] == '*' && p[1] == '/') {
				p += 2;
				if (--depth == 0)
					return p;
			} else
				p++;
		}
		return p;
	}
	if (*p == '\'' || *p == '"') {
		char quote = *p;
		/* E'...' strings take backslash escapes. */
		int backslash = quote == '\'' && p > sql &&
		                (p[-1] == 'E' || p[-1] == 'e') &&
		                (p - 1 == sql || !is_ident_char(p[-2]));
		p++;
		while (*p) {
			if (backslash && *p == '\\' && p[1])
				p += 2;
			else if (*p == quote && p[1] == quote)
				p += 2;
			else if (*p == quote)
				return p + 1;
			else
				p++;
		}
		return p;
	}
	if (*p == '$') {
		size_t n = dollar_tag_len(sql, p);
		if (!n)
			return p;
		const char *body = p + n;
		for (const char *q = body; *q; q++)
			if (*q == '$' && strncmp(q, p, n) == 0)
				return q + n;
		return body + strlen(body);
	}
	return p;
}

char *db_rewrite_placeholders(const char *sql, size_t *n_placeholders)
{
	size_t n = 0;
	for (const char *p = sql; *p;) {
		const char *e = skip_span(sql, p);
		if (e != p) {
			p = e;
			continue;
		}
		if (*p == '?')
			n++;
		p++;
	}
	/* Each `?` grows into at most "$" plus 20 digits. */
	size_t cap = strlen(sql) + n * 21 + 1;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	char *w = out;
	size_t k = 0;
	for (const char *p = sql; *p;) {
		const char *e = skip_span(sql, p);
		if (e != p) {
			memcpy(w, p, (size_t)(e - p));
			w += e - p;
			p = e;
			continue;
		}
		if (*p == '?') {
			int len = snprintf(w, cap - (size_t)(w - out), "$%zu", ++k);
			w += len;
		} else
			*w++ = *p;
		p++;
	}
	*w = '\0';
	*n_placeholders = n;
	return out;
}
