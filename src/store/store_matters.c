/*
 * store_matters.c — the matters a complaint is split into (each with its
 * own route and verdicts) and the stages each matter goes through.
 */
#include <stddef.h>

#include "store/store.h"
#include "store/store_internal.h"

#define MCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_matter, f), fl, al, len}

static const struct scol matter_cols[] = {
	MCOL(case_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	MCOL(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	MCOL(seq, SCOL_INT, SCOL_NO_UPDATE, NULL, 0),
	MCOL(subject, SCOL_TEXT, SCOL_REQUIRED, store_subjects, 0),
	MCOL(summary, SCOL_TEXT, 0, NULL, 20000),
	MCOL(route, SCOL_TEXT, 0, store_matter_routes, 0),
	MCOL(council_verdict, SCOL_TEXT, 0, store_verdicts, 0),
	MCOL(ombudsman_verdict, SCOL_TEXT, 0, store_verdicts, 0),
	MCOL(agency, SCOL_TEXT, SCOL_REQUIRED, store_agencies, 0),
	MCOL(agency_name, SCOL_TEXT, 0, NULL, 300),
	MCOL(late, SCOL_BOOL, 0, NULL, 0),
	MCOL(alert, SCOL_BOOL, 0, NULL, 0),
	MCOL(decision_json, SCOL_TEXT, 0, NULL, 0),
};

static const struct stable matter_table = {
	"matters", sizeof(struct store_matter), offsetof(struct store_matter, id),
	matter_cols, SCOL_N(matter_cols),
};

enum cwyn_code store_matter_insert(struct db *db, struct store_matter *m,
                                   struct cwyn_error *err)
{
	struct store_matter row = *m;
	if (row.summary == NULL)
		row.summary = "";
	if (row.agency == NULL)
		row.agency = "council";
	if (row.seq < 1)
		return cwyn_fail(err, CWYN_EINVAL, "seq",
		                 "seq must be 1 or more");
	enum cwyn_code rc = srow_insert(db, &matter_table, &row, err);
	if (rc == CWYN_OK)
		m->id = row.id;
	return rc;
}

enum cwyn_code store_matter_update(struct db *db, const struct store_matter *m,
                                   struct cwyn_error *err)
{
	struct store_matter row = *m;
	if (row.summary == NULL)
		row.summary = "";
	if (row.agency == NULL)
		row.agency = "council";
	int64_t changes = 0;
	enum cwyn_code rc = srow_update(db, &matter_table, &row, NULL, NULL,
	                                NULL, 0, &changes, err);
	return srow_one(rc, changes, "matter", err);
}

enum cwyn_code store_matter_list(struct db *db, int64_t authority_id,
                                 int64_t case_id, struct arena *ar,
                                 struct store_matter **out, size_t *n,
                                 struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &matter_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY seq",
	                   p, 2, ar, (void **)out, n, err);
}

#define SCOLS(f, t, fl, al, len)                                             \
	{#f, t, offsetof(struct store_stage, f), fl, al, len}

static const struct scol stage_cols[] = {
	SCOLS(matter_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	SCOLS(case_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	SCOLS(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	SCOLS(kind, SCOL_TEXT, SCOL_REQUIRED, NULL, 64),
	SCOLS(state, SCOL_TEXT, SCOL_REQUIRED, NULL, 64),
	SCOLS(opened_on, SCOL_DAY, SCOL_REQUIRED, NULL, 0),
	SCOLS(closed_on, SCOL_DAY, 0, NULL, 0),
	SCOLS(outcome, SCOL_TEXT, 0, NULL, 4000),
	SCOLS(investigator_user_id, SCOL_REF, 0, NULL, 0),
};

static const struct stable stage_table = {
	"stages", sizeof(struct store_stage), offsetof(struct store_stage, id),
	stage_cols, SCOL_N(stage_cols),
};

enum cwyn_code store_stage_insert(struct db *db, struct store_stage *s,
                                  struct cwyn_error *err)
{
	return srow_insert(db, &stage_table, s, err);
}

enum cwyn_code store_stage_update(struct db *db, const struct store_stage *s,
                                  struct cwyn_error *err)
{
	int64_t changes = 0;
	enum cwyn_code rc = srow_update(db, &stage_table, s, NULL, NULL, NULL, 0,
	                                &changes, err);
	return srow_one(rc, changes, "stage", err);
}

enum cwyn_code store_stage_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_stage **out, size_t *n,
                                struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &stage_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY id",
	                   p, 2, ar, (void **)out, n, err);
}
