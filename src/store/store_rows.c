/*
 * store_rows.c — the generic row machinery of the store (see
 * store_internal.h): validate a struct against its column table, then
 * INSERT, UPDATE or SELECT it with every value bound as a parameter.
 *
 * Also the allowed-name lists for enum-valued columns. They repeat the
 * CHECK constraints of migration 1 on purpose: the database is the last
 * line of defence, the store gives the clear message naming the field.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "store/store_internal.h"

const char *const store_roles[] = {
	"complaints_officer", "conference_chair", "senior_manager",
	"panel_member", "investigator", "auditor", "administrator", NULL,
};
const char *const store_languages[] = {"en", "cy", NULL};
const char *const store_channels[] = {"written", "oral", "web", NULL};
const char *const store_case_statuses[] = {"open", "closed", NULL};
const char *const store_routes[] = {
	"council_stage1", "council_stage2", "conference_chair",
	"safeguarding_panel", "other_agency", "excluded_court", "ombudsman",
	"split", NULL,
};
const char *const store_matter_routes[] = {
	"council_stage1", "council_stage2", "conference_chair",
	"safeguarding_panel", "other_agency", "excluded_court", "ombudsman",
	NULL,
};
const char *const store_verdicts[] = {"no", "not_yet", "possible", "yes",
                                      NULL};
const char *const store_agencies[] = {
	"council", "police", "health", "education", "other_council",
	"probation", "other", NULL,
};
const char *const store_subjects[] = {
	"failure_to_act", "inadequate_investigation", "poor_communication",
	"inaccurate_report", "recommendations_not_implemented",
	"no_adequate_plan", "staff_conduct", "other_service",
	"conference_process", "registration_decision",
	"registration_category", "decision_not_to_register", "deregistration",
	"decision_to_start_proceedings", "court_decision", NULL,
};
const char *const store_relationships[] = {
	"parent", "carer", "kinship_carer", "relative", "child",
	"parental_responsibility", "advocate", "other", NULL,
};
const char *const store_contact_prefs[] = {"email", "phone", "post",
                                           "in_person", NULL};
const char *const store_clock_states[] = {"running", "paused", "stopped",
                                          NULL};

bool store_name_in(const char *const *list, const char *s)
{
	if (s == NULL)
		return false;
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

bool store_role_valid(const char *role)
{
	return store_name_in(store_roles, role);
}

void store_now(char buf[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(buf, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 32 - n, ".%03uZ",
	         (unsigned)(ts.tv_nsec / 1000000L) % 1000u);
}

int64_t sval_int(const struct db_value *v)
{
	if (v->type == DB_INT)
		return v->i;
	if (v->type == DB_TEXT && v->s)
		return strtoll(v->s, NULL, 10);
	return 0;
}

/* ---- Field access ------------------------------------------------------- */

#define FIELD(row, col, type) ((type *)((char *)(row) + (col)->offset))
#define CFIELD(row, col, type)                                               \
	((const type *)((const char *)(row) + (col)->offset))

static size_t fixed_size(enum scol_type t)
{
	return t == SCOL_TS ? STORE_TS_SIZE : STORE_REF_SIZE;
}

/* The text a column holds, for validation (NULL when none/not text). */
static const char *col_text(const void *row, const struct scol *c)
{
	switch (c->type) {
	case SCOL_TEXT:
		return *CFIELD(row, c, char *);
	case SCOL_TS:
	case SCOL_FIXED: {
		const char *s = CFIELD(row, c, char);
		return s[0] ? s : NULL;
	}
	default:
		return NULL;
	}
}

static bool col_is_null(const void *row, const struct scol *c)
{
	switch (c->type) {
	case SCOL_REF:
		return *CFIELD(row, c, int64_t) == 0;
	case SCOL_INT_OPT:
		return *CFIELD(row, c, int) < 0;
	case SCOL_DAY:
		return *CFIELD(row, c, cwyn_day) == CWYN_DAY_NONE;
	case SCOL_TEXT:
	case SCOL_TS:
	case SCOL_FIXED:
		return col_text(row, c) == NULL;
	default:
		return false;
	}
}

enum cwyn_code srow_validate(const struct stable *t, const void *row,
                             struct cwyn_error *err)
{
	for (size_t i = 0; i < t->n_cols; i++) {
		const struct scol *c = &t->cols[i];
		if (col_is_null(row, c)) {
			if (c->flags & SCOL_REQUIRED)
				return cwyn_fail(err, CWYN_EINVAL, c->name,
				                 "%s is required", c->name);
			continue;
		}
		if (c->type == SCOL_DAY) {
			cwyn_day d = *CFIELD(row, c, cwyn_day);
			int y = 0, m = 0, dd = 0;
			if (d >= date_from_ymd(CWYN_DATE_MIN_YEAR, 1, 1) &&
			    d <= date_from_ymd(CWYN_DATE_MAX_YEAR, 12, 31))
				date_to_ymd(d, &y, &m, &dd);
			if (!date_valid_ymd(y, m, dd))
				return cwyn_fail(err, CWYN_ERANGE, c->name,
				                 "%s is not a date between %d and %d",
				                 c->name, CWYN_DATE_MIN_YEAR,
				                 CWYN_DATE_MAX_YEAR);
		}
		if (c->type == SCOL_ID && *CFIELD(row, c, int64_t) <= 0)
			return cwyn_fail(err, CWYN_EINVAL, c->name,
			                 "%s is required", c->name);
		if (c->type == SCOL_REF && *CFIELD(row, c, int64_t) < 0)
			return cwyn_fail(err, CWYN_EINVAL, c->name,
			                 "%s is not a valid id", c->name);
		const char *s = col_text(row, c);
		if (s == NULL)
			continue;
		if (c->allowed && !store_name_in(c->allowed, s)) {
			char list[256] = "";
			size_t used = 0;
			for (const char *const *a = c->allowed; *a; a++) {
				int w = snprintf(list + used, sizeof list - used,
				                 "%s%s", used ? ", " : "", *a);
				if (w < 0 || (size_t)w >= sizeof list - used)
					break;
				used += (size_t)w;
			}
			/* The bad value is not echoed: it may be anything. */
			return cwyn_fail(err, CWYN_EINVAL, c->name,
			                 "%s must be one of: %s", c->name, list);
		}
		if (c->max_len && strlen(s) > c->max_len)
			return cwyn_fail(err, CWYN_ERANGE, c->name,
			                 "%s is longer than %zu characters",
			                 c->name, c->max_len);
		if (c->flags & SCOL_REQUIRED && s[0] == '\0')
			return cwyn_fail(err, CWYN_EINVAL, c->name,
			                 "%s is required", c->name);
	}
	return CWYN_OK;
}

/* Bind one column. Dates are formatted into `day_buf` (CWYN_DATE_STRLEN). */
static struct db_value col_value(const void *row, const struct scol *c,
                                 char *day_buf)
{
	if (col_is_null(row, c))
		return DBV_NULL;
	switch (c->type) {
	case SCOL_ID:
	case SCOL_REF:
	case SCOL_I64:
		return DBV_INT(*CFIELD(row, c, int64_t));
	case SCOL_INT:
	case SCOL_INT_OPT:
		return DBV_INT(*CFIELD(row, c, int));
	case SCOL_BOOL:
		return DBV_INT(*CFIELD(row, c, bool) ? 1 : 0);
	case SCOL_DAY:
		return DBV_TEXT(date_format(*CFIELD(row, c, cwyn_day), day_buf));
	case SCOL_TEXT:
	case SCOL_TS:
	case SCOL_FIXED:
		return DBV_TEXT(col_text(row, c));
	default:
		return DBV_NULL;
	}
}

/* A growing SQL text built only from constant names. */
struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

enum cwyn_code srow_insert(struct db *db, const struct stable *t, void *row,
                           struct cwyn_error *err)
{
	enum cwyn_code rc = srow_validate(t, row, err);
	if (rc != CWYN_OK)
		return rc;
	struct sbuf sql = {0}, marks = {0};
	struct db_value *params = calloc(t->n_cols, sizeof *params);
	char(*days)[CWYN_DATE_STRLEN] = calloc(t->n_cols, sizeof *days);
	if (params == NULL || days == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto out;
	}
	sb_add(&sql, "INSERT INTO ");
	sb_add(&sql, t->name);
	sb_add(&sql, " (");
	for (size_t i = 0; i < t->n_cols; i++) {
		sb_add(&sql, i ? ", " : "");
		sb_add(&sql, t->cols[i].name);
		sb_add(&marks, i ? ", ?" : "?");
		params[i] = col_value(row, &t->cols[i], days[i]);
	}
	sb_add(&sql, ") VALUES (");
	sb_add(&sql, marks.p ? marks.p : "");
	sb_add(&sql, ") RETURNING id");
	if (sql.oom || marks.oom) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto out;
	}
	int64_t id = 0;
	rc = db_query_int(db, sql.p, params, t->n_cols, &id, err);
	if (rc == CWYN_OK)
		*(int64_t *)((char *)row + t->id_offset) = id;
out:
	free(sql.p);
	free(marks.p);
	free(params);
	free(days);
	return rc;
}

/* Find the column named `name` (authority_id is in every table). */
static const struct scol *find_col(const struct stable *t, const char *name)
{
	for (size_t i = 0; i < t->n_cols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return &t->cols[i];
	return NULL;
}

enum cwyn_code srow_update(struct db *db, const struct stable *t,
                           const void *row, const char *extra_set,
                           const char *extra_where,
                           const struct db_value *extra_params,
                           size_t n_extra, int64_t *changes,
                           struct cwyn_error *err)
{
	enum cwyn_code rc = srow_validate(t, row, err);
	if (rc != CWYN_OK)
		return rc;
	const struct scol *auth = find_col(t, "authority_id");
	size_t cap = t->n_cols + 2 + n_extra;
	struct sbuf sql = {0};
	struct db_value *params = calloc(cap, sizeof *params);
	char(*days)[CWYN_DATE_STRLEN] = calloc(t->n_cols, sizeof *days);
	size_t np = 0;
	if (params == NULL || days == NULL || auth == NULL) {
		rc = cwyn_fail(err, params && days ? CWYN_EINTERNAL : CWYN_ENOMEM,
		               "", "cannot build the update of %s", t->name);
		goto out;
	}
	sb_add(&sql, "UPDATE ");
	sb_add(&sql, t->name);
	sb_add(&sql, " SET ");
	for (size_t i = 0; i < t->n_cols; i++) {
		const struct scol *c = &t->cols[i];
		if (c->flags & SCOL_NO_UPDATE)
			continue;
		sb_add(&sql, np ? ", " : "");
		sb_add(&sql, c->name);
		sb_add(&sql, " = ?");
		params[np++] = col_value(row, c, days[i]);
	}
	if (extra_set)
		sb_add(&sql, extra_set);
	sb_add(&sql, " WHERE id = ? AND authority_id = ?");
	params[np++] = DBV_INT(*(const int64_t *)((const char *)row +
	                                           t->id_offset));
	params[np++] = DBV_INT(*CFIELD(row, auth, int64_t));
	if (extra_where)
		sb_add(&sql, extra_where);
	for (size_t i = 0; i < n_extra; i++)
		params[np++] = extra_params[i];
	if (sql.oom) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto out;
	}
	rc = db_exec(db, sql.p, params, np, changes, err);
out:
	free(sql.p);
	free(params);
	free(days);
	return rc;
}

enum cwyn_code srow_one(enum cwyn_code rc, int64_t changes, const char *what,
                        struct cwyn_error *err)
{
	if (rc == CWYN_OK && changes == 0)
		return cwyn_fail(err, CWYN_ENOTFOUND, what, "no such %s", what);
	return rc;
}

/* ---- Reading rows back -------------------------------------------------- */

struct select_ctx {
	const struct stable *t;
	bool listing;
	struct arena *ar;
	char *rows;          /* arena array of t->size each */
	size_t n, cap;
	enum cwyn_code rc;
	struct cwyn_error *err;
};

static enum cwyn_code set_col(struct select_ctx *s, void *row,
                              const struct scol *c, const struct db_value *v)
{
	bool null = v->type == DB_NULL;
	switch (c->type) {
	case SCOL_ID:
	case SCOL_REF:
	case SCOL_I64:
		*FIELD(row, c, int64_t) = null ? 0 : sval_int(v);
		break;
	case SCOL_INT:
		*FIELD(row, c, int) = null ? 0 : (int)sval_int(v);
		break;
	case SCOL_INT_OPT:
		*FIELD(row, c, int) = null ? -1 : (int)sval_int(v);
		break;
	case SCOL_BOOL:
		*FIELD(row, c, bool) = null ? false : sval_int(v) != 0;
		break;
	case SCOL_DAY:
		*FIELD(row, c, cwyn_day) = CWYN_DAY_NONE;
		if (!null && date_parse(v->s, FIELD(row, c, cwyn_day), c->name,
		                        s->err) != CWYN_OK)
			return cwyn_fail(s->err, CWYN_EDB, c->name,
			                 "the database holds a malformed date in "
			                 "%s.%s", s->t->name, c->name);
		break;
	case SCOL_TEXT:
		*FIELD(row, c, char *) = NULL;
		if (!null) {
			char *p = arena_strdup(s->ar, v->s ? v->s : "");
			if (p == NULL)
				return cwyn_fail(s->err, CWYN_ENOMEM, "",
				                 "out of memory");
			*FIELD(row, c, char *) = p;
		}
		break;
	case SCOL_TS:
	case SCOL_FIXED: {
		char *dst = FIELD(row, c, char);
		size_t size = fixed_size(c->type);
		dst[0] = '\0';
		if (!null && v->s) {
			if (strlen(v->s) >= size)
				return cwyn_fail(s->err, CWYN_EDB, c->name,
				                 "%s.%s is longer than expected",
				                 s->t->name, c->name);
			memcpy(dst, v->s, strlen(v->s) + 1);
		}
		break;
	}
	default:
		break;
	}
	return CWYN_OK;
}

static int select_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct select_ctx *s = ctx;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		char *rows = arena_calloc(s->ar, cap, s->t->size);
		if (rows == NULL) {
			s->rc = cwyn_fail(s->err, CWYN_ENOMEM, "", "out of memory");
			return 1;
		}
		if (s->n)
			memcpy(rows, s->rows, s->n * s->t->size);
		s->rows = rows;
		s->cap = cap;
	}
	void *row = s->rows + s->n * s->t->size;
	size_t k = 0;
	if (n_cols < 1) {
		s->rc = cwyn_fail(s->err, CWYN_EINTERNAL, "", "no id column");
		return 1;
	}
	*(int64_t *)((char *)row + s->t->id_offset) = sval_int(&cols[k++]);
	for (size_t i = 0; i < s->t->n_cols; i++) {
		const struct scol *c = &s->t->cols[i];
		if (s->listing && (c->flags & SCOL_NO_LIST)) {
			if (c->type == SCOL_TEXT)
				*FIELD(row, c, char *) = NULL;
			continue;
		}
		if (k >= n_cols) {
			s->rc = cwyn_fail(s->err, CWYN_EINTERNAL, "",
			                  "too few columns from %s", s->t->name);
			return 1;
		}
		s->rc = set_col(s, row, c, &cols[k++]);
		if (s->rc != CWYN_OK)
			return 1;
	}
	s->n++;
	return 0;
}

enum cwyn_code srow_select(struct db *db, const struct stable *t,
                           bool listing, const char *tail,
                           const struct db_value *params, size_t n_params,
                           struct arena *ar, void **out, size_t *n,
                           struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	struct sbuf sql = {0};
	sb_add(&sql, "SELECT id");
	for (size_t i = 0; i < t->n_cols; i++) {
		if (listing && (t->cols[i].flags & SCOL_NO_LIST))
			continue;
		sb_add(&sql, ", ");
		sb_add(&sql, t->cols[i].name);
	}
	sb_add(&sql, " FROM ");
	sb_add(&sql, t->name);
	sb_add(&sql, " ");
	sb_add(&sql, tail);
	if (sql.oom) {
		free(sql.p);
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	}
	struct select_ctx s = {.t = t, .listing = listing, .ar = ar,
	                       .err = err};
	enum cwyn_code rc =
	    db_query(db, sql.p, params, n_params, select_row, &s, err);
	free(sql.p);
	if (rc == CWYN_OK)
		rc = s.rc;
	if (rc != CWYN_OK)
		return rc;
	*out = s.rows;
	*n = s.n;
	return CWYN_OK;
}

enum cwyn_code srow_get(struct db *db, const struct stable *t,
                        const char *tail, const struct db_value *params,
                        size_t n_params, struct arena *ar, void *out,
                        const char *what, struct cwyn_error *err)
{
	void *rows;
	size_t n;
	enum cwyn_code rc =
	    srow_select(db, t, false, tail, params, n_params, ar, &rows, &n, err);
	if (rc != CWYN_OK)
		return rc;
	if (n == 0)
		return cwyn_fail(err, CWYN_ENOTFOUND, what, "no such %s", what);
	memcpy(out, rows, t->size);
	return CWYN_OK;
}
