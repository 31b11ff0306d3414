/*
 * bench_db.c — what a durable commit costs: single-row inserts per second,
 * each in its own transaction (BEGIN, INSERT, COMMIT), on SQLite with
 * synchronous=FULL (the default), on SQLite with NORMAL, and on PostgreSQL
 * when CWYN_BENCH_PG_URL is set. The SQLite file goes in CWYN_BENCH_DIR
 * (default /var/tmp, which is usually on disk; /tmp may be memory and would
 * hide the cost of fsync). Each run lasts about BENCH_SECONDS.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"

#define BENCH_SECONDS 2.0
#define MAX_OPS 1000000

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A row like a small audit entry: an id, a timestamp, some text. */
static int run(const char *what, struct db *db)
{
	struct cwyn_error err = {0};
	char create[200];
	snprintf(create, sizeof create,
	         "CREATE TABLE bench_db (id BIGINT PRIMARY KEY, at BIGINT, "
	         "what TEXT, hash %s)",
	         db_blob_type(db));
	if (db_exec(db, "DROP TABLE IF EXISTS bench_db", NULL, 0, NULL, &err) ||
	    db_exec(db, create, NULL, 0, NULL, &err)) {
		fprintf(stderr, "%s: %s\n", what, err.message);
		return 1;
	}
	static const unsigned char hash[32] = {1, 2, 3, 0, 5};
	long ops = 0;
	double start = now(), t = start;
	while (t - start < BENCH_SECONDS && ops < MAX_OPS) {
		struct db_value p[] = {
		    DBV_INT(ops), DBV_INT((int64_t)time(NULL)),
		    DBV_TEXT("case.stage.advanced: Cam 1 → Cam 2"),
		    DBV_BLOB(hash, sizeof hash)};
		if (db_begin(db, &err) ||
		    db_exec(db, "INSERT INTO bench_db VALUES (?, ?, ?, ?)", p, 4,
		            NULL, &err) ||
		    db_commit(db, &err)) {
			fprintf(stderr, "%s: %s\n", what, err.message);
			db_rollback(db);
			return 1;
		}
		ops++;
		if ((ops & 15) == 0 || ops < 16)
			t = now();
	}
	t = now() - start;
	printf("%-44s %10.0f commits/s   (%ld in %.2f s)\n", what,
	       (double)ops / t, ops, t);
	db_exec(db, "DROP TABLE bench_db", NULL, 0, NULL, NULL);
	return 0;
}

static int bench_sqlite(const char *dir, enum db_sync sync, const char *what)
{
	char path[512], side[540];
	struct cwyn_error err = {0};
	struct db *db;
	snprintf(path, sizeof path, "%s/cwyn-bench-db-%ld.sqlite", dir,
	         (long)getpid());
	if (db_open(path, &db, &err) != CWYN_OK) {
		fprintf(stderr, "%s: %s\n", what, err.message);
		return 1;
	}
	int rc = db_set_sync(db, sync, &err) != CWYN_OK || run(what, db);
	db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return rc;
}

int main(void)
{
	const char *dir = getenv("CWYN_BENCH_DIR");
	if (!dir || !*dir)
		dir = "/var/tmp";
	printf("single-row inserts, one transaction each (SQLite file in %s)\n",
	       dir);
	int rc = bench_sqlite(dir, DB_SYNC_FULL, "SQLite WAL synchronous=FULL");
	rc |= bench_sqlite(dir, DB_SYNC_NORMAL, "SQLite WAL synchronous=NORMAL");

	const char *url = getenv("CWYN_BENCH_PG_URL");
	if (!url || !*url) {
		printf("%-44s skipped: set CWYN_BENCH_PG_URL\n", "PostgreSQL");
		return rc;
	}
	struct db *db;
	struct cwyn_error err = {0};
	if (db_open(url, &db, &err) != CWYN_OK) {
		fprintf(stderr, "PostgreSQL: %s\n", err.message);
		return 1;
	}
	rc |= run("PostgreSQL (synchronous_commit=on)", db);
	db_close(db);
	return rc;
}
