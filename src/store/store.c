/*
 * store.c — opening the case store: connect, then bring the schema up to
 * date, so every caller sees a database at the version the code expects,
 * with query-planner statistics (SQLite).
 */
#include <stddef.h>

#include "store/store.h"

/*
 * SQLite plans from the statistics ANALYZE keeps in sqlite_stat1; with
 * none it guesses, and with several indexes starting with authority_id
 * (migration 5) a guess can walk a whole authority's rows. The per-case
 * queries do not depend on this (STORE_PER_CASE, store_internal.h), but
 * the lists and reports plan better with statistics. A database that
 * holds cases and was never analysed (filled by a bulk load, or made
 * before this) is analysed once, here; analysis_limit keeps that to a
 * sample of each index (well under a second at 100,000 cases). Otherwise
 * PRAGMA optimize: on SQLite 3.46 and later (0x10000) it re-analyses
 * tables that changed a lot; older versions only act when a connection
 * closes (db_sqlite.c runs it there too). Failures, e.g. a busy
 * database, are ignored: statistics change plans, never results.
 */
static void sqlite_statistics(struct db *db)
{
	int64_t cases = 0, stats = 0;
	if (db_kind(db) != DB_SQLITE ||
	    db_exec_script(db, "PRAGMA analysis_limit=1000", NULL) != CWYN_OK)
		return;
	if (db_query_int(db, "SELECT EXISTS (SELECT 1 FROM cases)", NULL, 0,
	                 &cases, NULL) != CWYN_OK)
		cases = 0;
	if (cases &&
	    db_query_int(db,
	                 "SELECT COUNT(*) FROM sqlite_master"
	                 " WHERE type = 'table' AND name = 'sqlite_stat1'",
	                 NULL, 0, &stats, NULL) == CWYN_OK &&
	    stats)
		db_query_int(db,
		             "SELECT COUNT(*) FROM sqlite_stat1"
		             " WHERE tbl = 'cases'",
		             NULL, 0, &stats, NULL);
	db_exec_script(db, cases && !stats ? "ANALYZE" : "PRAGMA optimize=0x10002",
	               NULL);
}

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
	sqlite_statistics(db);
	*out = db;
	return CWYN_OK;
}
