/*
 * store.c — opening the case store: connect, then bring the schema up to
 * date, so every caller sees a database at the version the code expects.
 */
#include <stddef.h>

#include "store/store.h"

enum cwyn_code store_open(const char *url, struct db **out,
                          struct cwyn_error *err)
{
	struct db *db = NULL;
	*out = NULL;
	enum cwyn_code rc = db_open(url, &db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = store_migrate(db, err);
	if (rc != CWYN_OK) {
		db_close(db);
		return rc;
	}
	*out = db;
	return CWYN_OK;
}
