/*
 * store_authority.c — the councils (authorities) that own every row, each
 * with the policy file it runs under.
 */
#include <stddef.h>

#include "store/store.h"
#include "store/store_internal.h"

#define COL(f, t, fl, al, len)                                               \
	{#f, t, offsetof(struct store_authority, f), fl, al, len}

static const struct scol authority_cols[] = {
	COL(code, SCOL_TEXT, SCOL_REQUIRED, NULL, 32),
	COL(name_en, SCOL_TEXT, SCOL_REQUIRED, NULL, 200),
	COL(name_cy, SCOL_TEXT, SCOL_REQUIRED, NULL, 200),
	COL(policy_id, SCOL_TEXT, SCOL_REQUIRED, NULL, 64),
	COL(policy_version, SCOL_INT, 0, NULL, 0),
};

static const struct stable authority_table = {
	"authorities", sizeof(struct store_authority),
	offsetof(struct store_authority, id), authority_cols,
	SCOL_N(authority_cols),
};

enum cwyn_code store_authority_create(struct db *db, struct store_authority *a,
                                      struct cwyn_error *err)
{
	if (a->policy_version < 1)
		return cwyn_fail(err, CWYN_EINVAL, "policy_version",
		                 "policy_version must be 1 or more");
	return srow_insert(db, &authority_table, a, err);
}

enum cwyn_code store_authority_get_by_code(struct db *db, const char *code,
                                           struct arena *ar,
                                           struct store_authority *out,
                                           struct cwyn_error *err)
{
	struct db_value p[] = {DBV_TEXT(code)};
	return srow_get(db, &authority_table, "WHERE code = ?", p, 1, ar, out,
	                "authority", err);
}

enum cwyn_code store_authority_get(struct db *db, int64_t id, struct arena *ar,
                                   struct store_authority *out,
                                   struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(id)};
	return srow_get(db, &authority_table, "WHERE id = ?", p, 1, ar, out,
	                "authority", err);
}
