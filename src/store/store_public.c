/*
 * store_public.c — rows of web_secrets, complaint_drafts and case_tracking
 * (store_public.h). Plain SQL in the common dialect, every value bound.
 */
#include "store/store_public.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_internal.h"

/* A text parameter that is never NULL (an array, which DBV_TEXT's NULL
 * test would warn about). */
static struct db_value text_of(const char *s)
{
	return (struct db_value){.type = DB_TEXT, .s = s};
}

static int secret_row(void *vctx, const struct db_value *c, size_t n)
{
	char *out = vctx;
	if (n > 0 && c[0].type == DB_TEXT && c[0].s != NULL)
		snprintf(out, STORE_SECRET_HEX_SIZE, "%s", c[0].s);
	return 1;
}

enum cwyn_code store_web_secret(struct db *db, const char *name,
                                const char *fresh_hex,
                                char out[STORE_SECRET_HEX_SIZE],
                                struct cwyn_error *err)
{
	char now[32];
	store_now(now);
	out[0] = '\0';
	struct db_value p[] = {DBV_TEXT(name), DBV_TEXT(fresh_hex),
	                       text_of(now)};
	const char *sel = "SELECT secret_hex FROM web_secrets WHERE name = ?";
	enum cwyn_code rc = db_query(db, sel, p, 1, secret_row, out, err);
	if (rc != CWYN_OK || out[0] != '\0')
		goto check;
	/* First use: store ours unless another server got there first. */
	rc = db_exec(db,
	             "INSERT INTO web_secrets (name, secret_hex, created_at)"
	             " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
	             p, 3, NULL, err);
	if (rc == CWYN_OK)
		rc = db_query(db, sel, p, 1, secret_row, out, err);
check:
	if (rc == CWYN_OK && strlen(out) != 64)
		rc = cwyn_fail(err, CWYN_EINTERNAL, "web_secrets",
		               "the stored secret is malformed");
	return rc;
}

struct draft_ctx {
	struct store_draft *d;
	struct arena *ar;
	bool found;
	bool nomem;
};

static int64_t as_int(const struct db_value *v)
{
	if (v->type == DB_INT)
		return v->i;
	if (v->type == DB_TEXT && v->s)
		return strtoll(v->s, NULL, 10);
	return 0;
}

static int draft_row(void *vctx, const struct db_value *c, size_t n)
{
	struct draft_ctx *x = vctx;
	if (n < 7)
		return 1;
	struct store_draft *d = x->d;
	d->authority_id = as_int(&c[0]);
	d->data = arena_strdup(x->ar, c[1].type == DB_TEXT && c[1].s ? c[1].s : "");
	d->created_at = as_int(&c[2]);
	d->updated_at = as_int(&c[3]);
	d->claimed = as_int(&c[4]) != 0;
	d->case_id = as_int(&c[5]);
	snprintf(d->reference, sizeof d->reference, "%s",
	         c[6].type == DB_TEXT && c[6].s ? c[6].s : "");
	x->nomem = d->data == NULL;
	x->found = true;
	return 1;
}

enum cwyn_code store_draft_get(struct db *db, const char *id_hash,
                               struct arena *ar, struct store_draft *out,
                               struct cwyn_error *err)
{
	memset(out, 0, sizeof *out);
	snprintf(out->id_hash, sizeof out->id_hash, "%s", id_hash);
	struct draft_ctx x = {out, ar, false, false};
	struct db_value p[] = {DBV_TEXT(id_hash)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT authority_id, data, created_at, updated_at, claimed,"
	    " case_id, reference FROM complaint_drafts WHERE id_hash = ?",
	    p, 1, draft_row, &x, err);
	if (rc != CWYN_OK)
		return rc;
	if (x.nomem)
		return cwyn_fail(err, CWYN_ENOMEM, "draft", "out of memory");
	if (!x.found)
		return cwyn_fail(err, CWYN_ENOTFOUND, "draft", "no such draft");
	return CWYN_OK;
}

enum cwyn_code store_draft_save(struct db *db, const struct store_draft *d,
                                struct cwyn_error *err)
{
	struct db_value p[] = {text_of(d->id_hash), DBV_INT(d->authority_id),
	                       DBV_TEXT(d->data ? d->data : ""),
	                       DBV_INT(d->created_at), DBV_INT(d->updated_at)};
	int64_t changes = 0;
	enum cwyn_code rc = db_exec(
	    db,
	    "INSERT INTO complaint_drafts"
	    " (id_hash, authority_id, data, created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?)"
	    " ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data,"
	    " updated_at = excluded.updated_at"
	    " WHERE complaint_drafts.claimed = 0",
	    p, 5, &changes, err);
	if (rc == CWYN_OK && changes == 0)
		rc = cwyn_fail(err, CWYN_ESTATE, "draft",
		               "this form has already been sent");
	return rc;
}

enum cwyn_code store_draft_claim(struct db *db, const char *id_hash,
                                 bool *won, struct cwyn_error *err)
{
	int64_t changes = 0;
	struct db_value p[] = {DBV_TEXT(id_hash)};
	enum cwyn_code rc = db_exec(
	    db,
	    "UPDATE complaint_drafts SET claimed = 1"
	    " WHERE id_hash = ? AND claimed = 0",
	    p, 1, &changes, err);
	*won = rc == CWYN_OK && changes == 1;
	return rc;
}

enum cwyn_code store_draft_release(struct db *db, const char *id_hash,
                                   struct cwyn_error *err)
{
	struct db_value p[] = {DBV_TEXT(id_hash)};
	return db_exec(db,
	               "UPDATE complaint_drafts SET claimed = 0"
	               " WHERE id_hash = ? AND case_id IS NULL",
	               p, 1, NULL, err);
}

enum cwyn_code store_draft_sent(struct db *db, const char *id_hash,
                                int64_t case_id, const char *reference,
                                struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_TEXT(reference),
	                       DBV_TEXT(id_hash)};
	return db_exec(db,
	               "UPDATE complaint_drafts SET data = '', claimed = 1,"
	               " case_id = ?, reference = ? WHERE id_hash = ?",
	               p, 3, NULL, err);
}

enum cwyn_code store_draft_purge(struct db *db, int64_t before,
                                 struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(before)};
	return db_exec(db, "DELETE FROM complaint_drafts WHERE updated_at < ?",
	               p, 1, NULL, err);
}

enum cwyn_code store_tracking_insert(struct db *db, int64_t authority_id,
                                     int64_t case_id, const char *secret_hash,
                                     struct cwyn_error *err)
{
	char now[32];
	store_now(now);
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id),
	                       DBV_TEXT(secret_hash), text_of(now)};
	return db_exec(db,
	               "INSERT INTO case_tracking"
	               " (case_id, authority_id, secret_hash, created_at)"
	               " VALUES (?, ?, ?, ?)",
	               p, 4, NULL, err);
}

enum cwyn_code store_tracking_match(struct db *db, int64_t authority_id,
                                    int64_t case_id, const char *secret_hash,
                                    bool *out, struct cwyn_error *err)
{
	int64_t n = 0;
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id),
	                       DBV_TEXT(secret_hash)};
	enum cwyn_code rc = db_query_int(
	    db,
	    "SELECT COUNT(*) FROM case_tracking WHERE case_id = ?"
	    " AND authority_id = ? AND secret_hash = ? AND revoked_at IS NULL",
	    p, 3, &n, err);
	*out = rc == CWYN_OK && n > 0;
	return rc;
}

enum cwyn_code store_tracking_revoke(struct db *db, int64_t authority_id,
                                     int64_t case_id, struct cwyn_error *err)
{
	char now[32];
	store_now(now);
	struct db_value p[] = {text_of(now), DBV_INT(case_id),
	                       DBV_INT(authority_id)};
	return db_exec(db,
	               "UPDATE case_tracking SET revoked_at = ? WHERE case_id = ?"
	               " AND authority_id = ? AND revoked_at IS NULL",
	               p, 3, NULL, err);
}
