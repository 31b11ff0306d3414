/*
 * store_retention.c — anonymising and deleting a case's personal data,
 * and finding a person's cases (store_retention.h).
 *
 * Every statement is constant SQL with the case and authority bound, in
 * the common subset of both backends. Anonymising overwrites in place
 * (UPDATE) rather than deleting so that every count a report makes from
 * the case stays the same.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/store_retention.h"

struct due_rows {
	struct arena *ar;
	struct store_retention_due *items;
	size_t n, cap;
	bool oom;
};

static int due_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct due_rows *r = ctx;
	if (n_cols < 3)
		return 1;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct store_retention_due *p =
		    arena_alloc(r->ar, cap * sizeof *p);
		if (p == NULL) {
			r->oom = true;
			return 1;
		}
		if (r->n)
			memcpy(p, r->items, r->n * sizeof *p);
		r->items = p;
		r->cap = cap;
	}
	struct store_retention_due *it = &r->items[r->n++];
	memset(it, 0, sizeof *it);
	it->case_id = sval_int(&cols[0]);
	snprintf(it->reference, sizeof it->reference, "%s",
	         cols[1].type == DB_NULL ? "" : cols[1].s);
	char d[CWYN_DATE_STRLEN] = "";
	if (cols[2].type != DB_NULL && cols[2].s && strlen(cols[2].s) >= 10)
		memcpy(d, cols[2].s, 10);
	if (date_parse(d, &it->closed, "closed_at", NULL) != CWYN_OK)
		it->closed = CWYN_DAY_NONE;
	return 0;
}

enum cwyn_code store_retention_due(struct db *db, int64_t authority_id,
                                   cwyn_day closed_by, size_t limit,
                                   struct arena *ar,
                                   struct store_retention_due **out,
                                   size_t *n, struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	char b[CWYN_DATE_STRLEN];
	/* closed_at is a timestamp: "on or before the day" is "before the
	 * next day". */
	const char *pb = date_format(closed_by + 1, b);
	struct db_value p[] = {DBV_INT(authority_id), DBV_TEXT(pb),
	                       DBV_INT((int64_t)(limit ? limit : 1000))};
	struct due_rows r = {.ar = ar};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT id, reference, closed_at FROM cases WHERE authority_id = ?"
	    " AND closed_at < ? AND status = 'closed' AND anonymised_at IS NULL"
	    " ORDER BY closed_at, id LIMIT ?",
	    p, 3, due_row, &r, err);
	if (rc == CWYN_OK && r.oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "retention", "out of memory");
	if (rc == CWYN_OK) {
		*out = r.items;
		*n = r.n;
	}
	return rc;
}

/* Run each statement with (case_id, authority_id), then take the case
 * out of the search index. */
static enum cwyn_code run_all(struct db *db, const char *const *sql,
                              size_t n, int64_t authority_id,
                              int64_t case_id, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	enum cwyn_code rc = CWYN_OK;
	for (size_t i = 0; rc == CWYN_OK && i < n; i++)
		rc = db_exec(db, sql[i], p, 2, NULL, err);
	/* The case's words leave the search index. On SQLite case_search
	 * is an FTS5 table whose rowid is the case id (case_id is an
	 * unindexed column there: matching on it reads the whole index). */
	if (rc == CWYN_OK)
		rc = db_exec(db,
		             db_kind(db) == DB_POSTGRES
		                 ? "DELETE FROM case_search"
		                   " WHERE case_id = ? AND authority_id = ?"
		                 : "DELETE FROM case_search"
		                   " WHERE rowid = ? AND authority_id = ?",
		             p, 2, NULL, err);
	return rc;
}

static const char *const anonymise_sql[] = {
	"UPDATE complainants SET name = '" STORE_REMOVED "', represents = NULL,"
	" email = NULL, phone = NULL, address = NULL,"
	" accessibility_needs = NULL WHERE " STORE_PER_CASE,
	"UPDATE children SET label = '" STORE_REMOVED "', date_of_birth = NULL"
	" WHERE " STORE_PER_CASE,
	"UPDATE matters SET summary = '" STORE_REMOVED "', decision_json = NULL"
	" WHERE " STORE_PER_CASE,
	"UPDATE extensions SET agreed_with = '" STORE_REMOVED "',"
	" reason = '" STORE_REMOVED "' WHERE " STORE_PER_CASE,
	"UPDATE events SET detail_json = '{}'"
	" WHERE " STORE_PER_CASE,
	"UPDATE letters SET subject = '" STORE_REMOVED "',"
	" body_html = '" STORE_REMOVED "', data_json = NULL"
	" WHERE " STORE_PER_CASE,
	/* outbox has no index on case_id: its authority index is the best
	 * way in, so this one keeps a plain authority_id. */
	"UPDATE outbox SET to_address = '" STORE_REMOVED "',"
	" subject = '" STORE_REMOVED "', body_text = '" STORE_REMOVED "',"
	" body_html = NULL WHERE case_id = ? AND authority_id = ?",
};

enum cwyn_code store_case_anonymise(struct db *db, int64_t authority_id,
                                    int64_t case_id, const char *lessons,
                                    struct cwyn_error *err)
{
	enum cwyn_code rc = run_all(db, anonymise_sql,
	                            sizeof anonymise_sql / sizeof *anonymise_sql,
	                            authority_id, case_id, err);
	if (rc != CWYN_OK)
		return rc;
	char now[STORE_TS_SIZE];
	const char *pn = now;
	store_now(now);
	struct db_value p[] = {DBV_TEXT(lessons), DBV_TEXT(pn), DBV_TEXT(pn),
	                       DBV_INT(case_id), DBV_INT(authority_id)};
	int64_t changed = 0;
	rc = db_exec(db,
	             "UPDATE cases SET signature = NULL, facts_json = '{}',"
	             " decision_json = NULL,"
	             " lessons_learned = CASE WHEN lessons_learned IS NULL"
	             " THEN NULL ELSE CAST(? AS TEXT) END,"
	             " anonymised_at = ?, updated_at = ?, version = version + 1"
	             " WHERE id = ? AND authority_id = ?",
	             p, 5, &changed, err);
	return srow_one(rc, changed, "case", err);
}

static const char *const delete_sql[] = {
	"DELETE FROM extensions WHERE " STORE_PER_CASE,
	"DELETE FROM clocks WHERE " STORE_PER_CASE,
	"DELETE FROM stages WHERE " STORE_PER_CASE,
	"DELETE FROM matters WHERE " STORE_PER_CASE,
	"DELETE FROM events WHERE " STORE_PER_CASE,
	"DELETE FROM letters WHERE " STORE_PER_CASE,
	"DELETE FROM children WHERE " STORE_PER_CASE,
	"DELETE FROM complainants WHERE " STORE_PER_CASE,
	"DELETE FROM case_access WHERE " STORE_PER_CASE,
	"DELETE FROM outbox WHERE case_id = ? AND authority_id = ?",
};

enum cwyn_code store_case_delete(struct db *db, int64_t authority_id,
                                 int64_t case_id, struct cwyn_error *err)
{
	enum cwyn_code rc = run_all(db, delete_sql,
	                            sizeof delete_sql / sizeof *delete_sql,
	                            authority_id, case_id, err);
	if (rc != CWYN_OK)
		return rc;
	char now[STORE_TS_SIZE];
	const char *pn = now;
	store_now(now);
	struct db_value p[] = {DBV_TEXT(pn), DBV_TEXT(pn), DBV_INT(case_id),
	                       DBV_INT(authority_id)};
	int64_t changed = 0;
	/* The tombstone the audit chain points at: no people, no text. */
	rc = db_exec(db,
	             "UPDATE cases SET signature = NULL, facts_json = '{}',"
	             " decision_json = NULL, lessons_learned = NULL,"
	             " owner_user_id = NULL, safeguarding_alert = 0,"
	             " restricted = 0, anonymised_at = ?, updated_at = ?,"
	             " version = version + 1 WHERE id = ? AND authority_id = ?",
	             p, 4, &changed, err);
	return srow_one(rc, changed, "case", err);
}

struct id_rows {
	struct arena *ar;
	int64_t *ids;
	size_t n, cap;
	bool oom;
};

static int id_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct id_rows *r = ctx;
	if (n_cols < 1)
		return 1;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		int64_t *p = arena_alloc(r->ar, cap * sizeof *p);
		if (p == NULL) {
			r->oom = true;
			return 1;
		}
		if (r->n)
			memcpy(p, r->ids, r->n * sizeof *p);
		r->ids = p;
		r->cap = cap;
	}
	r->ids[r->n++] = sval_int(&cols[0]);
	return 0;
}

enum cwyn_code store_sar_cases(struct db *db, int64_t authority_id,
                               const char *name, const char *email,
                               struct arena *ar, int64_t **out, size_t *n,
                               struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	if ((name == NULL || *name == '\0') && (email == NULL || *email == '\0'))
		return cwyn_fail(err, CWYN_EINVAL, "name",
		                 "give the person's name or e-mail address");
	struct db_value p[] = {DBV_INT(authority_id), DBV_TEXT(name),
	                       DBV_TEXT(email)};
	struct id_rows r = {.ar = ar};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT DISTINCT case_id FROM complainants WHERE authority_id = ?"
	    " AND (lower(name) = lower(CAST(? AS TEXT))"
	    " OR lower(email) = lower(CAST(? AS TEXT))) ORDER BY case_id",
	    p, 3, id_row, &r, err);
	if (rc == CWYN_OK && r.oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "sar", "out of memory");
	if (rc == CWYN_OK) {
		*out = r.ids;
		*n = r.n;
	}
	return rc;
}
