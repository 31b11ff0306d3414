/*
 * store_reports.c — the grouped rows of store_reports.h.
 *
 * Each query is constant SQL in the common subset of SQLite and
 * PostgreSQL: dates are 'YYYY-MM-DD' text, so a period is a BETWEEN on
 * text (which orders like the dates), and a timestamp's day is
 * substr(closed_at, 1, 10). Every WHERE starts with the authority and a
 * range on the column an index of migration 5 leads with, so the work is
 * proportional to the rows in the period, not to the whole store; since
 * migration 10 those indexes also hold the columns the queries read, so
 * the grouped counts read the index alone, never the (large, scattered)
 * rows. A query that reads another column needs it added there, or it
 * goes back to reading a row per case (EXPLAIN QUERY PLAN says COVERING
 * INDEX when it does not).
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/store_reports.h"

/* ---- Grouped counts ------------------------------------------------------ */

/* Each takes (authority_id, from, to) and returns key, key2, n, n2, n3. */
static const char *const rq_sql[SRQ__MAX] = {
	/* SRQ_RECEIVED */
	"SELECT CAST(NULL AS TEXT), CAST(NULL AS TEXT), COUNT(*), 0, 0"
	" FROM cases WHERE authority_id = ? AND received BETWEEN ? AND ?",
	/* SRQ_STAGES_OPENED: a complaint counts once per kind of stage,
	 * however many of its matters reached it. */
	"SELECT kind, CAST(NULL AS TEXT), COUNT(DISTINCT case_id), 0, 0"
	" FROM stages WHERE authority_id = ? AND opened_on BETWEEN ? AND ?"
	" GROUP BY kind",
	/* SRQ_SUBJECTS */
	"SELECT m.subject, CAST(NULL AS TEXT), COUNT(*), 0, 0"
	" FROM cases c JOIN matters m ON m.case_id = c.id"
	" WHERE c.authority_id = ? AND c.received BETWEEN ? AND ?"
	" GROUP BY m.subject",
	/* SRQ_TIMELINESS: due_on is the agreed due day (app_extend moves
	 * it), so "on or before due" counts agreed extensions. */
	"SELECT timescale, CAST(NULL AS TEXT), COUNT(*),"
	" SUM(CASE WHEN stopped_on <= due_on THEN 1 ELSE 0 END),"
	" SUM(CASE WHEN stopped_on <= due_on AND extension_wd > 0"
	" THEN 1 ELSE 0 END)"
	" FROM clocks WHERE authority_id = ? AND stopped_on BETWEEN ? AND ?"
	" GROUP BY timescale",
	/* SRQ_OUTCOMES: closed_at is a timestamp; its first ten characters
	 * are the day. The range is on the timestamp itself (index). */
	"SELECT outcome, CAST(NULL AS TEXT), COUNT(*), 0, 0"
	" FROM cases WHERE authority_id = ? AND closed_at >= ?"
	" AND closed_at < ? AND status = 'closed' GROUP BY outcome",
	/* SRQ_REFERRALS */
	"SELECT m.route, m.agency, COUNT(DISTINCT s.case_id), 0, 0"
	" FROM stages s JOIN matters m ON m.id = s.matter_id"
	" WHERE s.authority_id = ? AND s.opened_on BETWEEN ? AND ?"
	" AND s.kind = 'referral' GROUP BY m.route, m.agency",
};

struct rows {
	struct arena *ar;
	void *items;
	size_t n, cap, size;
	bool oom;
};

static void *rows_push(struct rows *r)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		void *p = arena_alloc(r->ar, cap * r->size);
		if (p == NULL) {
			r->oom = true;
			return NULL;
		}
		if (r->n)
			memcpy(p, r->items, r->n * r->size);
		r->items = p;
		r->cap = cap;
	}
	void *it = (char *)r->items + r->n * r->size;
	memset(it, 0, r->size);
	r->n++;
	return it;
}

static const char *text_or_null(struct arena *ar, const struct db_value *v)
{
	return v->type == DB_NULL ? NULL : arena_strdup(ar, v->s ? v->s : "");
}

static int count_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct rows *r = ctx;
	struct store_rcount *it;
	if (n_cols < 5 || (it = rows_push(r)) == NULL)
		return 1;
	it->key = text_or_null(r->ar, &cols[0]);
	it->key2 = text_or_null(r->ar, &cols[1]);
	it->n = cols[2].type == DB_NULL ? 0 : sval_int(&cols[2]);
	it->n2 = cols[3].type == DB_NULL ? 0 : sval_int(&cols[3]);
	it->n3 = cols[4].type == DB_NULL ? 0 : sval_int(&cols[4]);
	return 0;
}

static enum cwyn_code check_period(cwyn_day from, cwyn_day to,
                                   struct cwyn_error *err)
{
	if (from == CWYN_DAY_NONE || to == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "from",
		                 "a report needs a period: from and to");
	if (to < from)
		return cwyn_fail(err, CWYN_EINVAL, "to",
		                 "the period ends before it starts");
	return CWYN_OK;
}

static enum cwyn_code finish(struct rows *r, enum cwyn_code rc, void **out,
                             size_t *n, struct cwyn_error *err)
{
	if (rc == CWYN_OK && r->oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "report", "out of memory");
	if (rc == CWYN_OK) {
		*out = r->items;
		*n = r->n;
	}
	return rc;
}

enum cwyn_code store_report_counts(struct db *db, int64_t authority_id,
                                   enum store_rq q, cwyn_day from,
                                   cwyn_day to, struct arena *ar,
                                   struct store_rcount **out, size_t *n,
                                   struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	if ((unsigned)q >= SRQ__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "query", "unknown report query");
	enum cwyn_code rc = check_period(from, to, err);
	if (rc != CWYN_OK)
		return rc;
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	date_format(from, a);
	/* Timestamps compare below the next day. */
	date_format(q == SRQ_OUTCOMES ? to + 1 : to, b);
	const char *pa = a, *pb = b;
	struct db_value p[] = {DBV_INT(authority_id), DBV_TEXT(pa), DBV_TEXT(pb)};
	struct rows r = {.ar = ar, .size = sizeof(struct store_rcount)};
	rc = db_query(db, rq_sql[q], p, 3, count_row, &r, err);
	return finish(&r, rc, (void **)out, n, err);
}

/* ---- Closures ------------------------------------------------------------ */

static bool day_of(const struct db_value *v, cwyn_day *out)
{
	char buf[CWYN_DATE_STRLEN];
	if (v->type == DB_NULL || v->s == NULL || strlen(v->s) < 10)
		return false;
	memcpy(buf, v->s, 10);
	buf[10] = '\0';
	return date_parse(buf, out, "date", NULL) == CWYN_OK;
}

static int closure_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct rows *r = ctx;
	struct store_rclosure *it;
	if (n_cols < 4 || (it = rows_push(r)) == NULL)
		return 1;
	if (!day_of(&cols[0], &it->received) || !day_of(&cols[1], &it->closed)) {
		r->n--; /* unreadable dates cannot be bucketed: skip */
		return 0;
	}
	it->upheld = sval_int(&cols[2]) != 0;
	it->n = sval_int(&cols[3]);
	return 0;
}

enum cwyn_code store_report_closures(struct db *db, int64_t authority_id,
                                     cwyn_day from, cwyn_day to,
                                     struct arena *ar,
                                     struct store_rclosure **out, size_t *n,
                                     struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	enum cwyn_code rc = check_period(from, to, err);
	if (rc != CWYN_OK)
		return rc;
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	struct db_value p[] = {DBV_INT(authority_id),
	                       DBV_TEXT(date_format(from, a)),
	                       DBV_TEXT(date_format(to + 1, b))};
	struct rows r = {.ar = ar, .size = sizeof(struct store_rclosure)};
	rc = db_query(
	    db,
	    "SELECT received, substr(closed_at, 1, 10),"
	    " CASE WHEN outcome IN ('upheld', 'partly_upheld') THEN 1 ELSE 0 END,"
	    " COUNT(*)"
	    " FROM cases WHERE authority_id = ? AND closed_at >= ?"
	    " AND closed_at < ? AND status = 'closed'"
	    " GROUP BY received, substr(closed_at, 1, 10),"
	    " CASE WHEN outcome IN ('upheld', 'partly_upheld') THEN 1 ELSE 0 END",
	    p, 3, closure_row, &r, err);
	return finish(&r, rc, (void **)out, n, err);
}

/* ---- Extensions ---------------------------------------------------------- */

static int ext_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct rows *r = ctx;
	struct store_rext *it;
	if (n_cols < 3 || (it = rows_push(r)) == NULL)
		return 1;
	if (!day_of(&cols[0], &it->old_due) || !day_of(&cols[1], &it->new_due)) {
		r->n--;
		return 0;
	}
	it->n = sval_int(&cols[2]);
	return 0;
}

enum cwyn_code store_report_extensions(struct db *db, int64_t authority_id,
                                       cwyn_day from, cwyn_day to,
                                       struct arena *ar,
                                       struct store_rext **out, size_t *n,
                                       struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	enum cwyn_code rc = check_period(from, to, err);
	if (rc != CWYN_OK)
		return rc;
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	struct db_value p[] = {DBV_INT(authority_id),
	                       DBV_TEXT(date_format(from, a)),
	                       DBV_TEXT(date_format(to, b))};
	struct rows r = {.ar = ar, .size = sizeof(struct store_rext)};
	rc = db_query(db,
	              "SELECT old_due, new_due, COUNT(*) FROM extensions"
	              " WHERE authority_id = ? AND agreed_on BETWEEN ? AND ?"
	              " GROUP BY old_due, new_due",
	              p, 3, ext_row, &r, err);
	return finish(&r, rc, (void **)out, n, err);
}

/* ---- Lessons learned ----------------------------------------------------- */

static int lesson_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct rows *r = ctx;
	struct store_rlesson *it;
	if (n_cols < 4 || (it = rows_push(r)) == NULL)
		return 1;
	it->case_id = sval_int(&cols[0]);
	if (!day_of(&cols[1], &it->closed))
		it->closed = CWYN_DAY_NONE;
	it->outcome = text_or_null(r->ar, &cols[2]);
	it->text = text_or_null(r->ar, &cols[3]);
	return 0;
}

struct name_ctx {
	struct arena *ar;
	struct store_rlesson *lessons;
	size_t n;
	bool oom;
};

/* Names arrive ordered by case id, as the lessons are looked up by it. */
static int name_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct name_ctx *c = ctx;
	if (n_cols < 2 || cols[1].type == DB_NULL)
		return 0;
	int64_t id = sval_int(&cols[0]);
	for (size_t i = 0; i < c->n; i++) {
		struct store_rlesson *l = &c->lessons[i];
		if (l->case_id != id)
			continue;
		const char **names =
		    arena_alloc(c->ar, (l->n_names + 1) * sizeof *names);
		const char *s = arena_strdup(c->ar, cols[1].s);
		if (names == NULL || s == NULL) {
			c->oom = true;
			return 1;
		}
		if (l->n_names)
			memcpy(names, l->names, l->n_names * sizeof *names);
		names[l->n_names++] = s;
		l->names = names;
	}
	return 0;
}

enum cwyn_code store_report_lessons(struct db *db, int64_t authority_id,
                                    cwyn_day from, cwyn_day to, size_t max,
                                    struct arena *ar,
                                    struct store_rlesson **out, size_t *n,
                                    struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	enum cwyn_code rc = check_period(from, to, err);
	if (rc != CWYN_OK)
		return rc;
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	struct db_value p[] = {DBV_INT(authority_id),
	                       DBV_TEXT(date_format(from, a)),
	                       DBV_TEXT(date_format(to + 1, b)),
	                       DBV_INT((int64_t)(max ? max : 1000))};
	struct rows r = {.ar = ar, .size = sizeof(struct store_rlesson)};
	rc = db_query(db,
	              "SELECT id, closed_at, outcome, lessons_learned FROM cases"
	              " WHERE authority_id = ? AND closed_at >= ?"
	              " AND closed_at < ? AND status = 'closed'"
	              " AND lessons_learned IS NOT NULL"
	              " AND lessons_learned <> ''"
	              " ORDER BY closed_at, id LIMIT ?",
	              p, 4, lesson_row, &r, err);
	if ((rc = finish(&r, rc, (void **)out, n, err)) != CWYN_OK || *n == 0)
		return rc;
	/* The names each case holds, one case at a time (the lessons are
	 * few; each lookup is on the by-case indexes). */
	struct name_ctx nc = {.ar = ar, .lessons = *out, .n = *n};
	for (size_t i = 0; rc == CWYN_OK && i < *n; i++) {
		struct db_value q[] = {DBV_INT((*out)[i].case_id),
		                       DBV_INT(authority_id)};
		rc = db_query(db,
		              "SELECT case_id, name FROM complainants"
		              " WHERE " STORE_PER_CASE
		              " UNION ALL SELECT case_id, label FROM children"
		              " WHERE " STORE_PER_CASE,
		              (struct db_value[]){q[0], q[1], q[0], q[1]}, 4,
		              name_row, &nc, err);
	}
	if (rc == CWYN_OK && nc.oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "report", "out of memory");
	return rc;
}

/* ---- Authorities --------------------------------------------------------- */

static int authority_row(void *ctx, const struct db_value *cols,
                         size_t n_cols)
{
	struct rows *r = ctx;
	struct store_authority *it;
	if (n_cols < 6 || (it = rows_push(r)) == NULL)
		return 1;
	it->id = sval_int(&cols[0]);
	it->code = text_or_null(r->ar, &cols[1]);
	it->name_en = text_or_null(r->ar, &cols[2]);
	it->name_cy = text_or_null(r->ar, &cols[3]);
	it->policy_id = text_or_null(r->ar, &cols[4]);
	it->policy_version = (int)sval_int(&cols[5]);
	return 0;
}

enum cwyn_code store_authority_list(struct db *db, struct arena *ar,
                                    struct store_authority **out, size_t *n,
                                    struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	struct rows r = {.ar = ar, .size = sizeof(struct store_authority)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT id, code, name_en, name_cy, policy_id, policy_version"
	    " FROM authorities ORDER BY id",
	    NULL, 0, authority_row, &r, err);
	return finish(&r, rc, (void **)out, n, err);
}

/* ---- Exports ------------------------------------------------------------- */

static void copy_fixed(char *dst, size_t size, const struct db_value *v)
{
	snprintf(dst, size, "%s",
	         v->type == DB_NULL || v->s == NULL ? "" : v->s);
}

static int export_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct rows *r = ctx;
	struct store_export_case *x;
	if (n_cols < 14 || (x = rows_push(r)) == NULL)
		return 1;
	struct store_case *c = &x->c;
	x->subjects = text_or_null(r->ar, &cols[13]);
	if (x->subjects == NULL)
		x->subjects = "";
	c->id = sval_int(&cols[0]);
	c->authority_id = sval_int(&cols[1]);
	copy_fixed(c->reference, sizeof c->reference, &cols[2]);
	c->status = text_or_null(r->ar, &cols[3]);
	c->language = text_or_null(r->ar, &cols[4]);
	c->channel = text_or_null(r->ar, &cols[5]);
	if (!day_of(&cols[6], &c->received))
		c->received = CWYN_DAY_NONE;
	c->overall_route = text_or_null(r->ar, &cols[7]);
	c->safeguarding_alert = sval_int(&cols[8]) != 0;
	c->restricted = sval_int(&cols[9]) != 0;
	c->owner_user_id = cols[10].type == DB_NULL ? 0 : sval_int(&cols[10]);
	copy_fixed(c->closed_at, sizeof c->closed_at, &cols[11]);
	c->outcome = text_or_null(r->ar, &cols[12]);
	c->written_record_agreed_on = CWYN_DAY_NONE;
	return 0;
}

enum cwyn_code store_export_cases(struct db *db,
                                  const struct store_export_filter *f,
                                  struct arena *ar,
                                  struct store_export_case **out, size_t *n,
                                  bool *more, struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	if (more)
		*more = false;
	size_t limit = f->limit ? f->limit : 500;
	if (limit > 1000)
		return cwyn_fail(err, CWYN_ERANGE, "limit",
		                 "limit must be between 1 and 1000");
	if (f->status && !store_name_in(store_case_statuses, f->status))
		return cwyn_fail(err, CWYN_EINVAL, "status",
		                 "status must be open or closed");
	if (f->from != CWYN_DAY_NONE && f->to != CWYN_DAY_NONE && f->to < f->from)
		return cwyn_fail(err, CWYN_EINVAL, "to",
		                 "the period ends before it starts");
	/*
	 * Constant fragments only; every value is a parameter. The subjects
	 * come from a correlated subquery on the (case_id, subject) index:
	 * one query a page instead of one a case, which on PostgreSQL was a
	 * round trip per case. SQLite 3.40 has no ORDER BY inside
	 * group_concat; it keeps the order of an ordered subquery.
	 */
	const char *subjects =
	    db_kind(db) == DB_POSTGRES
	        ? "(SELECT string_agg(m.subject, ';' ORDER BY m.seq) FROM matters m"
	          " WHERE m.case_id = cases.id AND m.authority_id = cases.authority_id)"
	        : "(SELECT group_concat(subject, ';') FROM (SELECT m.subject"
	          " FROM matters m WHERE m.case_id = cases.id"
	          " AND m.authority_id = cases.authority_id ORDER BY m.seq))";
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "SELECT id, authority_id, reference, status, language, channel,"
	         " received, overall_route, safeguarding_alert, restricted,"
	         " owner_user_id, closed_at, outcome, %s FROM cases"
	         " WHERE authority_id = ?", subjects);
	struct db_value p[8];
	size_t np = 0;
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	p[np++] = DBV_INT(f->authority_id);
	if (f->status) {
		strcat(sql, " AND status = ?");
		p[np++] = DBV_TEXT(f->status);
	}
	if (f->from != CWYN_DAY_NONE) {
		strcat(sql, " AND received >= ?");
		p[np++] = DBV_TEXT(date_format(f->from, a));
	}
	if (f->to != CWYN_DAY_NONE) {
		strcat(sql, " AND received <= ?");
		p[np++] = DBV_TEXT(date_format(f->to, b));
	}
	strcat(sql, " AND id > ? ORDER BY id LIMIT ?");
	p[np++] = DBV_INT(f->after_id);
	p[np++] = DBV_INT((int64_t)limit + 1);
	struct rows r = {.ar = ar, .size = sizeof(struct store_export_case)};
	enum cwyn_code rc = db_query(db, sql, p, np, export_row, &r, err);
	if ((rc = finish(&r, rc, (void **)out, n, err)) != CWYN_OK)
		return rc;
	if (*n > limit) {
		*n = limit;
		if (more)
			*more = true;
	}
	return CWYN_OK;
}
