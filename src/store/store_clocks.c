/*
 * store_clocks.c — the statutory clocks of a case and the recorded
 * extensions, plus the overdue report's query (clocks due by a day).
 */
#include <stddef.h>

#include "store/store.h"
#include "store/store_internal.h"

#define KCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_clock, f), fl, al, len}

static const struct scol clock_cols[] = {
	KCOL(case_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	KCOL(matter_id, SCOL_REF, SCOL_NO_UPDATE, NULL, 0),
	KCOL(stage_id, SCOL_REF, 0, NULL, 0),
	KCOL(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	KCOL(timescale, SCOL_TEXT, SCOL_REQUIRED | SCOL_NO_UPDATE, NULL, 64),
	KCOL(state, SCOL_TEXT, SCOL_REQUIRED, store_clock_states, 0),
	KCOL(started_on, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	KCOL(due_on, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	KCOL(paused_on, SCOL_DAY, 0, NULL, 0),
	KCOL(paused_wd_total, SCOL_INT, 0, NULL, 0),
	KCOL(extension_wd, SCOL_INT, 0, NULL, 0),
	KCOL(stopped_on, SCOL_DAY, 0, NULL, 0),
	KCOL(breached, SCOL_BOOL, 0, NULL, 0),
	KCOL(derivation_json, SCOL_TEXT, 0, NULL, 0),
};

static const struct stable clock_table = {
	"clocks", sizeof(struct store_clock), offsetof(struct store_clock, id),
	clock_cols, SCOL_N(clock_cols),
};

static enum cwyn_code check_clock(const struct store_clock *k,
                                  struct cwyn_error *err)
{
	if (k->paused_wd_total < 0)
		return cwyn_fail(err, CWYN_ERANGE, "paused_wd_total",
		                 "paused_wd_total cannot be negative");
	if (k->extension_wd < 0)
		return cwyn_fail(err, CWYN_ERANGE, "extension_wd",
		                 "extension_wd cannot be negative");
	return CWYN_OK;
}

enum cwyn_code store_clock_insert(struct db *db, struct store_clock *k,
                                  struct cwyn_error *err)
{
	enum cwyn_code rc = check_clock(k, err);
	return rc ? rc : srow_insert(db, &clock_table, k, err);
}

enum cwyn_code store_clock_update(struct db *db, const struct store_clock *k,
                                  struct cwyn_error *err)
{
	int64_t changes = 0;
	enum cwyn_code rc = check_clock(k, err);
	if (rc == CWYN_OK)
		rc = srow_update(db, &clock_table, k, NULL, NULL, NULL, 0,
		                 &changes, err);
	return rc ? rc : srow_one(rc, changes, "clock", err);
}

enum cwyn_code store_clock_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_clock **out, size_t *n,
                                struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &clock_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY id",
	                   p, 2, ar, (void **)out, n, err);
}

enum cwyn_code store_clocks_due(struct db *db, int64_t authority_id,
                                cwyn_day on_or_before, struct arena *ar,
                                struct store_clock **out, size_t *n,
                                struct cwyn_error *err)
{
	char day[CWYN_DATE_STRLEN];
	if (on_or_before == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "on_or_before",
		                 "a day is required");
	struct db_value p[] = {DBV_INT(authority_id),
	                       DBV_TEXT(date_format(on_or_before, day))};
	/* Matches the index clocks_due (authority_id, state, due_on). */
	return srow_select(db, &clock_table, false,
	                   "WHERE authority_id = ? AND state = 'running'"
	                   " AND due_on <= ? ORDER BY due_on, id",
	                   p, 2, ar, (void **)out, n, err);
}

#define ECOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_extension, f), fl, al, len}

static const struct scol extension_cols[] = {
	ECOL(clock_id, SCOL_ID, 0, NULL, 0),
	ECOL(case_id, SCOL_ID, 0, NULL, 0),
	ECOL(authority_id, SCOL_ID, 0, NULL, 0),
	ECOL(agreed_on, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	ECOL(agreed_with, SCOL_TEXT, SCOL_REQUIRED, NULL, 300),
	ECOL(reason, SCOL_TEXT, SCOL_REQUIRED, NULL, 4000),
	ECOL(exceptional, SCOL_BOOL, 0, NULL, 0),
	ECOL(extra_amount, SCOL_INT, 0, NULL, 0),
	ECOL(old_due, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	ECOL(new_due, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	ECOL(recorded_by, SCOL_ID, 0, NULL, 0),
	ECOL(recorded_at, SCOL_TS, SCOL_REQUIRED, NULL, 0),
};

static const struct stable extension_table = {
	"extensions", sizeof(struct store_extension),
	offsetof(struct store_extension, id), extension_cols,
	SCOL_N(extension_cols),
};

enum cwyn_code store_extension_insert(struct db *db, struct store_extension *e,
                                      struct cwyn_error *err)
{
	if (e->extra_amount < 1)
		return cwyn_fail(err, CWYN_ERANGE, "extra_amount",
		                 "extra_amount must be 1 or more");
	if (e->new_due != CWYN_DAY_NONE && e->old_due != CWYN_DAY_NONE &&
	    e->new_due <= e->old_due)
		return cwyn_fail(err, CWYN_EINVAL, "new_due",
		                 "new_due must be after old_due");
	store_now(e->recorded_at);
	return srow_insert(db, &extension_table, e, err);
}

enum cwyn_code store_extension_list(struct db *db, int64_t authority_id,
                                    int64_t case_id, struct arena *ar,
                                    struct store_extension **out, size_t *n,
                                    struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &extension_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY id",
	                   p, 2, ar, (void **)out, n, err);
}
