/*
 * store_people.c — the people of the store: staff users (with their role),
 * and on each case the complainants and the children concerned.
 */
#include <stddef.h>

#include "store/store.h"
#include "store/store_internal.h"

/* ---- Users ---------------------------------------------------------------- */

#define UCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_user, f), fl, al, len}

static const struct scol user_cols[] = {
	UCOL(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	UCOL(username, SCOL_TEXT, SCOL_REQUIRED | SCOL_NO_UPDATE, NULL, 64),
	UCOL(display_name, SCOL_TEXT, SCOL_REQUIRED, NULL, 200),
	UCOL(role, SCOL_TEXT, SCOL_REQUIRED, store_roles, 0),
	UCOL(password_hash, SCOL_TEXT, 0, NULL, 512),
	UCOL(totp_secret, SCOL_TEXT, 0, NULL, 256),
	UCOL(disabled, SCOL_BOOL, 0, NULL, 0),
	UCOL(created_at, SCOL_TS, SCOL_REQUIRED | SCOL_NO_UPDATE, NULL, 0),
};

static const struct stable user_table = {
	"users", sizeof(struct store_user), offsetof(struct store_user, id),
	user_cols, SCOL_N(user_cols),
};

enum cwyn_code store_user_create(struct db *db, struct store_user *u,
                                 struct cwyn_error *err)
{
	store_now(u->created_at);
	return srow_insert(db, &user_table, u, err);
}

enum cwyn_code store_user_get(struct db *db, int64_t authority_id, int64_t id,
                              struct arena *ar, struct store_user *out,
                              struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(id), DBV_INT(authority_id)};
	return srow_get(db, &user_table, "WHERE id = ? AND authority_id = ?", p,
	                2, ar, out, "user", err);
}

enum cwyn_code store_user_get_by_username(struct db *db, int64_t authority_id,
                                          const char *username,
                                          struct arena *ar,
                                          struct store_user *out,
                                          struct cwyn_error *err)
{
	struct db_value p[] = {DBV_TEXT(username), DBV_INT(authority_id)};
	return srow_get(db, &user_table,
	                "WHERE username = ? AND authority_id = ?", p, 2, ar, out,
	                "user", err);
}

enum cwyn_code store_user_list(struct db *db, int64_t authority_id,
                               struct arena *ar, struct store_user **out,
                               size_t *n, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(authority_id)};
	return srow_select(db, &user_table, false,
	                   "WHERE authority_id = ? ORDER BY username, id", p, 1,
	                   ar, (void **)out, n, err);
}

enum cwyn_code store_user_update(struct db *db, const struct store_user *u,
                                 struct cwyn_error *err)
{
	int64_t changes = 0;
	/* created_at is not updated, but validation wants it present. */
	struct store_user tmp = *u;
	if (tmp.created_at[0] == '\0')
		store_now(tmp.created_at);
	enum cwyn_code rc = srow_update(db, &user_table, &tmp, NULL, NULL, NULL,
	                                0, &changes, err);
	return srow_one(rc, changes, "user", err);
}

/* ---- Complainants ----------------------------------------------------------- */

#define PCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_complainant, f), fl, al, len}

static const struct scol complainant_cols[] = {
	PCOL(case_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	PCOL(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	PCOL(name, SCOL_TEXT, SCOL_REQUIRED, NULL, 300),
	PCOL(relationship, SCOL_TEXT, SCOL_REQUIRED, store_relationships, 0),
	PCOL(is_representative, SCOL_BOOL, 0, NULL, 0),
	PCOL(represents, SCOL_TEXT, 0, NULL, 300),
	PCOL(email, SCOL_TEXT, 0, NULL, 320),
	PCOL(phone, SCOL_TEXT, 0, NULL, 64),
	PCOL(address, SCOL_TEXT, 0, NULL, 1000),
	PCOL(language, SCOL_TEXT, SCOL_REQUIRED, store_languages, 0),
	PCOL(contact_preference, SCOL_TEXT, 0, store_contact_prefs, 0),
	PCOL(accessibility_needs, SCOL_TEXT, 0, NULL, 4000),
};

static const struct stable complainant_table = {
	"complainants", sizeof(struct store_complainant),
	offsetof(struct store_complainant, id), complainant_cols,
	SCOL_N(complainant_cols),
};

enum cwyn_code store_complainant_insert(struct db *db,
                                       struct store_complainant *c,
                                       struct cwyn_error *err)
{
	return srow_insert(db, &complainant_table, c, err);
}

enum cwyn_code store_complainant_update(struct db *db,
                                       const struct store_complainant *c,
                                       struct cwyn_error *err)
{
	int64_t changes = 0;
	enum cwyn_code rc = srow_update(db, &complainant_table, c, NULL, NULL,
	                                NULL, 0, &changes, err);
	return srow_one(rc, changes, "complainant", err);
}

enum cwyn_code store_complainant_list(struct db *db, int64_t authority_id,
                                     int64_t case_id, struct arena *ar,
                                     struct store_complainant **out,
                                     size_t *n, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &complainant_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY id",
	                   p, 2, ar, (void **)out, n, err);
}

/* ---- Children ---------------------------------------------------------------- */

#define KCOL(f, t, fl, al, len)                                              \
	{#f, t, offsetof(struct store_child, f), fl, al, len}

static const struct scol child_cols[] = {
	KCOL(case_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	KCOL(authority_id, SCOL_ID, SCOL_NO_UPDATE, NULL, 0),
	KCOL(label, SCOL_TEXT, SCOL_REQUIRED, NULL, 200),
	KCOL(date_of_birth, SCOL_DAY, 0, NULL, 0),
	KCOL(age, SCOL_INT_OPT, 0, NULL, 0),
	KCOL(looked_after, SCOL_BOOL, 0, NULL, 0),
	KCOL(in_education, SCOL_BOOL, 0, NULL, 0),
};

static const struct stable child_table = {
	"children", sizeof(struct store_child), offsetof(struct store_child, id),
	child_cols, SCOL_N(child_cols),
};

static enum cwyn_code check_age(const struct store_child *c,
                                struct cwyn_error *err)
{
	if (c->age > 30)
		return cwyn_fail(err, CWYN_ERANGE, "age",
		                 "age must be between 0 and 30");
	return CWYN_OK;
}

enum cwyn_code store_child_insert(struct db *db, struct store_child *c,
                                  struct cwyn_error *err)
{
	enum cwyn_code rc = check_age(c, err);
	return rc ? rc : srow_insert(db, &child_table, c, err);
}

enum cwyn_code store_child_update(struct db *db, const struct store_child *c,
                                  struct cwyn_error *err)
{
	int64_t changes = 0;
	enum cwyn_code rc = check_age(c, err);
	if (rc == CWYN_OK)
		rc = srow_update(db, &child_table, c, NULL, NULL, NULL, 0,
		                 &changes, err);
	return rc ? rc : srow_one(rc, changes, "child", err);
}

enum cwyn_code store_child_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_child **out, size_t *n,
                                struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	return srow_select(db, &child_table, false,
	                   "WHERE " STORE_PER_CASE " ORDER BY id",
	                   p, 2, ar, (void **)out, n, err);
}
