/*
 * store_cases.c — the case row: creation with its yearly reference, reads,
 * the filtered, keyset-paginated case list, saving with optimistic
 * concurrency, and the named-user list of restricted cases.
 */
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "store/store_internal.h"

#define CCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_case, f), fl, al, len}

static const struct scol case_cols[] = {
	CCOL(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	CCOL(reference, SCOL_FIXED, SCOL_REQUIRED | SCOL_NO_UPDATE, NULL, 0),
	CCOL(status, SCOL_TEXT, SCOL_REQUIRED, store_case_statuses, 0),
	CCOL(language, SCOL_TEXT, SCOL_REQUIRED, store_languages, 0),
	CCOL(channel, SCOL_TEXT, SCOL_REQUIRED, store_channels, 0),
	CCOL(received, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	CCOL(overall_route, SCOL_TEXT, 0, store_routes, 0),
	CCOL(safeguarding_alert, SCOL_BOOL, 0, NULL, 0),
	CCOL(restricted, SCOL_BOOL, 0, NULL, 0),
	CCOL(owner_user_id, SCOL_REF, 0, NULL, 0),
	CCOL(written_record_agreed_on, SCOL_DAY, 0, NULL, 0),
	CCOL(signature, SCOL_TEXT, 0, NULL, 4000),
	CCOL(facts_json, SCOL_TEXT, SCOL_REQUIRED | SCOL_NO_LIST, NULL, 0),
	CCOL(decision_json, SCOL_TEXT, SCOL_NO_LIST, NULL, 0),
	CCOL(version, SCOL_I64, SCOL_NO_UPDATE, NULL, 0),
	CCOL(created_at, SCOL_TS, SCOL_REQUIRED | SCOL_NO_UPDATE, NULL, 0),
	CCOL(updated_at, SCOL_TS, SCOL_REQUIRED, NULL, 0),
	CCOL(closed_at, SCOL_TS, 0, NULL, 0),
	CCOL(outcome, SCOL_TEXT, 0, NULL, 4000),
	CCOL(lessons_learned, SCOL_TEXT, SCOL_NO_LIST, NULL, 8000),
	CCOL(anonymised_at, SCOL_TS, 0, NULL, 0),
};

static const struct stable case_table = {
	"cases", sizeof(struct store_case), offsetof(struct store_case, id),
	case_cols, SCOL_N(case_cols),
};

/* Refuse an unknown authority with a message that says so, rather than
 * the driver's "FOREIGN KEY constraint failed". */
static enum cwyn_code authority_exists(struct db *db, int64_t authority_id,
                                       struct cwyn_error *err)
{
	int64_t n = 0;
	struct db_value p[] = {DBV_INT(authority_id)};
	enum cwyn_code rc = db_query_int(
	    db, "SELECT COUNT(*) FROM authorities WHERE id = ?", p, 1, &n, err);
	if (rc == CWYN_OK && n == 0)
		rc = cwyn_fail(err, CWYN_EINVAL, "authority_id",
		               "there is no authority with this id");
	return rc;
}

enum cwyn_code store_case_create(struct db *db, struct store_case *c,
                                 struct cwyn_error *err)
{
	struct store_case row = *c;
	if (row.status == NULL)
		row.status = "open";
	if (row.facts_json == NULL)
		row.facts_json = "{}";
	row.version = 1;
	store_now(row.created_at);
	memcpy(row.updated_at, row.created_at, sizeof row.updated_at);
	/* Validate everything before taking a number, with a stand-in
	 * reference, so a refused case never consumes one. */
	snprintf(row.reference, sizeof row.reference, "-");
	enum cwyn_code rc = srow_validate(&case_table, &row, err);
	if (rc == CWYN_OK)
		rc = authority_exists(db, row.authority_id, err);
	if (rc != CWYN_OK)
		return rc;
	/* The counter row is created or bumped in the caller's transaction:
	 * on PostgreSQL the upsert locks it, on SQLite the write transaction
	 * is already exclusive, so two cases never share a number. */
	int year = date_year(row.received);
	int64_t n = 0;
	struct db_value p[] = {DBV_INT(row.authority_id), DBV_INT(year)};
	rc = db_query_int(db,
	                  "INSERT INTO counters (authority_id, name, year, value)"
	                  " VALUES (?, 'case', ?, 1)"
	                  " ON CONFLICT (authority_id, name, year)"
	                  " DO UPDATE SET value = counters.value + 1"
	                  " RETURNING value",
	                  p, 2, &n, err);
	if (rc != CWYN_OK)
		return rc;
	snprintf(row.reference, sizeof row.reference, "CP-%04d-%05lld", year,
	         (long long)n);
	rc = srow_insert(db, &case_table, &row, err);
	if (rc == CWYN_OK)
		*c = row;
	return rc;
}

enum cwyn_code store_case_get(struct db *db, int64_t authority_id, int64_t id,
                              struct arena *ar, struct store_case *out,
                              struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(id), DBV_INT(authority_id)};
	return srow_get(db, &case_table, "WHERE id = ? AND authority_id = ?", p,
	                2, ar, out, "case", err);
}

enum cwyn_code store_case_get_by_reference(struct db *db, int64_t authority_id,
                                           const char *reference,
                                           struct arena *ar,
                                           struct store_case *out,
                                           struct cwyn_error *err)
{
	struct db_value p[] = {DBV_TEXT(reference), DBV_INT(authority_id)};
	return srow_get(db, &case_table,
	                "WHERE reference = ? AND authority_id = ?", p, 2, ar,
	                out, "case", err);
}

enum cwyn_code store_case_update(struct db *db, struct store_case *c,
                                 struct cwyn_error *err)
{
	struct store_case row = *c;
	if (row.created_at[0] == '\0') /* not updated; keeps validation happy */
		store_now(row.created_at);
	store_now(row.updated_at);
	int64_t changes = 0;
	struct db_value v[] = {DBV_INT(c->version)};
	enum cwyn_code rc =
	    srow_update(db, &case_table, &row, ", version = version + 1",
	                " AND version = ?", v, 1, &changes, err);
	if (rc != CWYN_OK)
		return rc;
	if (changes == 0) {
		int64_t n = 0;
		struct db_value p[] = {DBV_INT(c->id), DBV_INT(c->authority_id)};
		rc = db_query_int(db,
		                  "SELECT COUNT(*) FROM cases"
		                  " WHERE id = ? AND authority_id = ?",
		                  p, 2, &n, err);
		if (rc != CWYN_OK)
			return rc;
		if (n == 0)
			return cwyn_fail(err, CWYN_ENOTFOUND, "case", "no such case");
		return cwyn_fail(err, CWYN_ECONFLICT, "version",
		                 "the case was changed by someone else; reload");
	}
	c->version++;
	memcpy(c->updated_at, row.updated_at, sizeof c->updated_at);
	return CWYN_OK;
}

enum cwyn_code store_case_list(struct db *db,
                               const struct store_case_filter *f,
                               struct arena *ar, struct store_case **out,
                               size_t *n, bool *more, struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	if (more)
		*more = false;
	size_t limit = f->limit ? f->limit : 50;
	if (limit > 500)
		return cwyn_fail(err, CWYN_ERANGE, "limit",
		                 "limit must be between 1 and 500");
	if (f->status && !store_name_in(store_case_statuses, f->status))
		return cwyn_fail(err, CWYN_EINVAL, "status",
		                 "status must be open or closed");
	if (f->route && !store_name_in(store_routes, f->route))
		return cwyn_fail(err, CWYN_EINVAL, "route", "unknown route");
	if (f->overdue_only && f->today == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "today",
		                 "the overdue filter needs today's date");
	/* The query is assembled from constant fragments only. */
	char tail[768] = "WHERE authority_id = ?";
	struct db_value p[8];
	char today[CWYN_DATE_STRLEN];
	size_t np = 0;
	p[np++] = DBV_INT(f->authority_id);
	if (f->status) {
		strcat(tail, " AND status = ?");
		p[np++] = DBV_TEXT(f->status);
	}
	if (f->route) {
		strcat(tail, " AND overall_route = ?");
		p[np++] = DBV_TEXT(f->route);
	}
	if (f->owner_user_id) {
		strcat(tail, " AND owner_user_id = ?");
		p[np++] = DBV_INT(f->owner_user_id);
	}
	if (f->alert_only)
		strcat(tail, " AND safeguarding_alert = 1");
	if (f->overdue_only) {
		strcat(tail, " AND EXISTS (SELECT 1 FROM clocks k"
		             " WHERE k.case_id = cases.id"
		             " AND k.state = 'running' AND k.due_on < ?)");
		p[np++] = DBV_TEXT(date_format(f->today, today));
	}
	strcat(tail, " AND id > ? ORDER BY id LIMIT ?");
	p[np++] = DBV_INT(f->after_id);
	/* One row more than asked tells whether another page follows. */
	p[np++] = DBV_INT((int64_t)limit + 1);
	void *rows;
	size_t got;
	enum cwyn_code rc = srow_select(db, &case_table, true, tail, p, np, ar,
	                                &rows, &got, err);
	if (rc != CWYN_OK)
		return rc;
	if (got > limit) {
		got = limit;
		if (more)
			*more = true;
	}
	*out = rows;
	*n = got;
	return CWYN_OK;
}

enum cwyn_code store_case_access_grant(struct db *db, int64_t authority_id,
                                       int64_t case_id, int64_t user_id,
                                       struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(user_id),
	                       DBV_INT(authority_id)};
	return db_exec(db,
	               "INSERT INTO case_access (case_id, user_id, authority_id)"
	               " VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
	               p, 3, NULL, err);
}

enum cwyn_code store_case_access_revoke(struct db *db, int64_t authority_id,
                                        int64_t case_id, int64_t user_id,
                                        struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(user_id),
	                       DBV_INT(authority_id)};
	return db_exec(db,
	               "DELETE FROM case_access"
	               " WHERE case_id = ? AND user_id = ? AND authority_id = ?",
	               p, 3, NULL, err);
}

enum cwyn_code store_case_access_has(struct db *db, int64_t authority_id,
                                     int64_t case_id, int64_t user_id,
                                     bool *out, struct cwyn_error *err)
{
	int64_t n = 0;
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(user_id),
	                       DBV_INT(authority_id)};
	enum cwyn_code rc = db_query_int(
	    db,
	    "SELECT COUNT(*) FROM case_access"
	    " WHERE case_id = ? AND user_id = ? AND authority_id = ?",
	    p, 3, &n, err);
	if (rc == CWYN_OK)
		*out = n > 0;
	return rc;
}
