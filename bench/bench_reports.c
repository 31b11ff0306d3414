/*
 * bench_reports.c — how long reports take on a council-sized store: N
 * generated cases (bench/gen.c: ten years of history, most closed), then
 * the annual report for the last financial year, the CSA return for one
 * quarter, and the case export, each timed over several runs.
 *
 * Environment:
 *   CWYN_BENCH_CASES     N generated cases (default 100000; 1000000 for
 *                        the full-size run)
 *   CWYN_BENCH_PG_URL    a PostgreSQL database to measure too (a fresh
 *                        schema is made and dropped)
 *   CWYN_BENCH_PG_CASES  generated cases for PostgreSQL (default
 *                        min(N, 20000): generation there is round-trip
 *                        bound)
 *   TMPDIR               where the SQLite file goes (removed at the end)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "app/reports.h"
#include "core/arena.h"
#include "gen.h"
#include "store/store.h"

#define RUNS 5

static struct policy *policy;
static struct calendar *cal;
static cwyn_day today;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long env_long(const char *name, long dflt)
{
	const char *v = getenv(name);
	return v && *v ? strtol(v, NULL, 10) : dflt;
}

static int die(const char *what, const struct cwyn_error *err)
{
	fprintf(stderr, "bench_reports: %s: %s: %s\n", what, err->field,
	        err->message);
	return 1;
}

static int export_count(void *ctx, const struct app_export_case *e)
{
	(void)e;
	(*(size_t *)ctx)++;
	return 0;
}

/* Generate n cases into db and time the reports on them. */
static int run(const char *label, struct db *db, int64_t n)
{
	struct cwyn_error err = {0};
	struct store_authority a = {.code = "bench",
	                            .name_en = "Bench Council",
	                            .name_cy = "Cyngor Mainc",
	                            .policy_id = "wales-2014",
	                            .policy_version = 1};
	if (store_migrate(db, &err) || store_authority_create(db, &a, &err))
		return die("setup", &err);
	struct store_user u = {.authority_id = a.id,
	                       .username = "bench",
	                       .display_name = "Bench",
	                       .role = "senior_manager"};
	if (store_user_create(db, &u, &err))
		return die("user", &err);
	struct gen_opts o = {.authority_id = a.id, .n_cases = n,
	                     .today = today, .policy = policy, .cal = cal};
	struct gen_stats st;
	double t0 = now();
	if (db_kind(db) == DB_SQLITE)
		db_set_sync(db, DB_SYNC_NORMAL, NULL);
	if (gen_cases(db, &o, &st, &err))
		return die("generate", &err);
	printf("%s: %" PRId64 " cases generated in %.1f s\n", label,
	       st.cases, now() - t0);
	struct app_ctx ctx = {.db = db, .policy = policy, .cal = cal,
	                      .today = today};
	if (app_actor_for_user(db, a.id, "bench", &ctx.actor, &err))
		return die("actor", &err);
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int fy = (m >= 4 ? y : y - 1) - 1; /* the last whole financial year */
	cwyn_day from = date_from_ymd(fy, 4, 1), to = date_from_ymd(fy + 1, 3, 31);
	double best = 1e9, best_csa = 1e9, total = 0;
	struct report_figures r = {0};
	for (int i = 0; i < RUNS; i++) {
		struct arena ar;
		arena_init(&ar, 0);
		double s = now();
		if (app_report_annual(&ctx, false, from, to, &ar, &r, &err))
			return die("annual", &err);
		double e = now() - s;
		best = e < best ? e : best;
		total += e;
		struct report_csa_row *rows;
		size_t nr;
		s = now();
		if (app_report_csa(&ctx, false, fy, 3, &ar, &rows, &nr, &err))
			return die("csa", &err);
		e = now() - s;
		best_csa = e < best_csa ? e : best_csa;
		arena_free(&ar);
	}
	printf("%s: annual report %d/%02d (%" PRId64 " received, %" PRId64
	       " closed): best %.1f ms, mean %.1f ms (%.1f reports/s)\n",
	       label, fy, (fy + 1) % 100, r.received, r.closed, best * 1e3,
	       total / RUNS * 1e3, RUNS / total);
	printf("%s: CSA quarterly return %d/%02d Q3: best %.1f ms\n", label, fy,
	       (fy + 1) % 100, best_csa * 1e3);
	struct app_export_filter f = {.from = from, .to = to};
	size_t exported = 0, counted = 0;
	double s = now();
	if (app_export_cases(&ctx, &f, export_count, &counted, &exported, &err))
		return die("export", &err);
	double e = now() - s;
	printf("%s: export of %zu cases received in the year: %.2f s (%.0f "
	       "cases/s)\n",
	       label, exported, e, (double)exported / (e > 0 ? e : 1e-9));
	return 0;
}

int main(void)
{
	struct cwyn_error err = {0};
	int64_t n = env_long("CWYN_BENCH_CASES", 100000);
	const char *pg = getenv("CWYN_BENCH_PG_URL");
	const char *tmp = getenv("TMPDIR");
	time_t tt = time(NULL);
	struct tm tm;
	gmtime_r(&tt, &tm);
	today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (policy_load_with_calendar(NULL, &policy, &cal, &err))
		return die("policy", &err);
	printf("bench_reports: N = %" PRId64 " generated cases"
	       " (CWYN_BENCH_CASES)\n", n);
	char path[512], url[600];
	snprintf(path, sizeof path, "%s/cwyn-bench-reports-%d.db",
	         tmp && *tmp ? tmp : "/tmp", (int)getpid());
	snprintf(url, sizeof url, "sqlite:%s", path);
	struct db *db = NULL;
	int rc = 1;
	if (db_open(url, &db, &err) == CWYN_OK) {
		rc = run("SQLite", db, n);
		db_close(db);
	} else {
		die("open", &err);
	}
	char extra[600];
	unlink(path);
	snprintf(extra, sizeof extra, "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-shm", path);
	unlink(extra);
	if (rc == 0 && pg && *pg) {
		int64_t npg = env_long("CWYN_BENCH_PG_CASES",
		                       n < 20000 ? n : 20000);
		if (db_open(pg, &db, &err) != CWYN_OK)
			return die("open PostgreSQL", &err);
		char sql[256], schema[64];
		snprintf(schema, sizeof schema, "bench_rep_%d", (int)getpid());
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s; SET search_path TO %s",
		         schema, schema);
		if (db_exec_script(db, sql, &err) == CWYN_OK)
			rc = run("PostgreSQL", db, npg);
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
		db_rollback(db);
		db_exec_script(db, sql, &err);
		db_close(db);
	} else if (rc == 0) {
		printf("(CWYN_BENCH_PG_URL not set: PostgreSQL skipped)\n");
	}
	policy_free(policy);
	calendar_free(cal);
	return rc;
}
