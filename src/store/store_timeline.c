/*
 * store_timeline.c — what happened on a case and when (events), and the
 * letters written for it, in either language.
 */
#include <stddef.h>
#include <string.h>

#include "store/store.h"
#include "store/store_internal.h"

#define VCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_event, f), fl, al, len}

static const struct scol event_cols[] = {
	VCOL(case_id, SCOL_ID, 0, NULL, 0),
	VCOL(authority_id, SCOL_ID, 0, NULL, 0),
	VCOL(at, SCOL_TS, SCOL_REQUIRED, NULL, 0),
	VCOL(actor_user_id, SCOL_REF, 0, NULL, 0),
	VCOL(kind, SCOL_TEXT, SCOL_REQUIRED, NULL, 64),
	VCOL(detail_json, SCOL_TEXT, SCOL_REQUIRED, NULL, 0),
};

static const struct stable event_table = {
	"events", sizeof(struct store_event), offsetof(struct store_event, id),
	event_cols, SCOL_N(event_cols),
};

enum cwyn_code store_event_insert(struct db *db, struct store_event *e,
                                  struct cwyn_error *err)
{
	struct store_event row = *e;
	if (row.at[0] == '\0')
		store_now(row.at);
	if (row.detail_json == NULL)
		row.detail_json = "{}";
	enum cwyn_code rc = srow_insert(db, &event_table, &row, err);
	if (rc == CWYN_OK) {
		e->id = row.id;
		memcpy(e->at, row.at, sizeof e->at);
	}
	return rc;
}

enum cwyn_code store_event_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_event **out, size_t *n,
                                struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &event_table, false,
	                   "WHERE " STORE_PER_CASE
	                   " ORDER BY at, id",
	                   p, 2, ar, (void **)out, n, err);
}

#define LCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_letter, f), fl, al, len}

static const struct scol letter_cols[] = {
	LCOL(case_id, SCOL_ID, 0, NULL, 0),
	LCOL(authority_id, SCOL_ID, 0, NULL, 0),
	LCOL(kind, SCOL_TEXT, SCOL_REQUIRED, NULL, 64),
	LCOL(language, SCOL_TEXT, SCOL_REQUIRED, store_languages, 0),
	LCOL(subject, SCOL_TEXT, SCOL_REQUIRED, NULL, 500),
	LCOL(body_html, SCOL_TEXT, SCOL_REQUIRED, NULL, 0),
	LCOL(created_at, SCOL_TS, SCOL_REQUIRED, NULL, 0),
	LCOL(sent_at, SCOL_TS, 0, NULL, 0),
};

static const struct stable letter_table = {
	"letters", sizeof(struct store_letter), offsetof(struct store_letter, id),
	letter_cols, SCOL_N(letter_cols),
};

enum cwyn_code store_letter_insert(struct db *db, struct store_letter *l,
                                   struct cwyn_error *err)
{
	store_now(l->created_at);
	return srow_insert(db, &letter_table, l, err);
}

enum cwyn_code store_letter_mark_sent(struct db *db, int64_t authority_id,
                                      int64_t letter_id,
                                      struct cwyn_error *err)
{
	char now[STORE_TS_SIZE];
	const char *at = now;
	store_now(now);
	struct db_value p[] = {DBV_TEXT(at), DBV_INT(letter_id),
	                       DBV_INT(authority_id)};
	int64_t changes = 0;
	enum cwyn_code rc = db_exec(db,
	                            "UPDATE letters SET sent_at = ?"
	                            " WHERE id = ? AND authority_id = ?"
	                            " AND sent_at IS NULL",
	                            p, 3, &changes, err);
	if (rc != CWYN_OK || changes > 0)
		return rc;
	int64_t n = 0;
	rc = db_query_int(db,
	                  "SELECT COUNT(*) FROM letters"
	                  " WHERE id = ? AND authority_id = ?",
	                  p + 1, 2, &n, err);
	if (rc != CWYN_OK)
		return rc;
	return n ? cwyn_fail(err, CWYN_ESTATE, "letter",
	                     "the letter has already been sent")
	         : cwyn_fail(err, CWYN_ENOTFOUND, "letter", "no such letter");
}

enum cwyn_code store_letter_list(struct db *db, int64_t authority_id,
                                 int64_t case_id, struct arena *ar,
                                 struct store_letter **out, size_t *n,
                                 struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &letter_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY id",
	                   p, 2, ar, (void **)out, n, err);
}
