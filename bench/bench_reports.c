/*
 * bench_reports.c — how long reports take on a council-sized store: N
 * generated cases (bench/gen.c: ten years of history, most closed), then
 * the annual report for the last financial year, the CSA return for one
 * quarter, and the case export, each timed over several runs.
 *
 * Environment:
 *   CWYN_BENCH_CASES      N generated cases (default 100000; 1000000 for
 *                         the full-size run)
 *   CWYN_BENCH_REPORTS_DB an SQLite file to keep between runs: when it
 *                         is missing the N cases are generated into it;
 *                         when it is there and holds N cases of the
 *                         authority "bench" it is used as it is (no
 *                         generation), so a 1,000,000-case database is
 *                         made once. `gen_cases sqlite:FILE N --authority
 *                         bench` makes the same file (as for
 *                         http_bench.sh's CWYN_BENCH_DB). Unlike
 *                         http_bench.sh the file is used in place, not
 *                         copied (a copy of 17 GB costs more than the
 *                         reports): each report adds its audit entry.
 *                         Never point it at a database that holds anything
 *                         else: generation runs without a journal.
 *   CWYN_BENCH_RUNS       timed runs of each report (default 5)
 *   CWYN_BENCH_PG_URL     a PostgreSQL database to measure too (a fresh
 *                         schema is made and dropped)
 *   CWYN_BENCH_PG_CASES   generated cases for PostgreSQL (default
 *                         min(N, 20000): generation there is round-trip
 *                         bound)
 *   TMPDIR                where the SQLite file goes without
 *                         CWYN_BENCH_REPORTS_DB (removed at the end)
 *
 * SQLite is generated without a journal or syncs (gen_bulk_mode), then
 * opened again the way cwyn opens it (store_open: a database that was
 * never analysed gets its planner statistics then), so the reports run
 * with the plans a server would use. PostgreSQL gets an ANALYZE after
 * generation, as autovacuum would give it shortly after a bulk load.
 * The financial year and quarter are the last whole ones before today:
 * reuse a file on a later day and the data (generated relative to its
 * own day) is the same but the period may move.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "app/reports.h"
#include "core/arena.h"
#include "gen.h"
#include "store/store.h"

#define MAX_RUNS 100

static struct policy *policy;
static struct calendar *cal;
static cwyn_day today;
static int runs = 5;

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

static void progress(int64_t done, int64_t total, void *ctx)
{
	double *t0 = ctx;
	if (done % 100000 == 0 || done == total)
		fprintf(stderr, "  %" PRId64 " / %" PRId64 " cases (%.0f/s)\n",
		        done, total, (double)done / (now() - *t0));
}

/* The "bench" authority and its senior manager, made when missing. */
static int bench_authority(struct db *db, int64_t *id)
{
	struct cwyn_error err = {0};
	struct arena ar;
	struct store_authority a;
	struct store_user u;
	int rc = 1;
	arena_init(&ar, 0);
	enum cwyn_code got = store_authority_get_by_code(db, "bench", &ar, &a,
	                                                 &err);
	if (got == CWYN_ENOTFOUND) {
		a = (struct store_authority){.code = "bench",
		                             .name_en = "Bench Council",
		                             .name_cy = "Cyngor Mainc",
		                             .policy_id = policy->id,
		                             .policy_version = policy->version};
		got = store_authority_create(db, &a, &err);
	}
	if (got != CWYN_OK) {
		die("authority", &err);
		goto out;
	}
	got = store_user_get_by_username(db, a.id, "bench", &ar, &u, &err);
	if (got == CWYN_ENOTFOUND) {
		u = (struct store_user){.authority_id = a.id,
		                        .username = "bench",
		                        .display_name = "Bench",
		                        .role = "senior_manager"};
		got = store_user_create(db, &u, &err);
	}
	if (got != CWYN_OK) {
		die("user", &err);
		goto out;
	}
	*id = a.id;
	rc = 0;
out:
	arena_free(&ar);
	return rc;
}

static int64_t count_cases(struct db *db, int64_t authority_id)
{
	struct cwyn_error err = {0};
	int64_t n = -1;
	struct db_value p[] = {DBV_INT(authority_id)};
	if (db_query_int(db, "SELECT COUNT(*) FROM cases WHERE authority_id = ?",
	                 p, 1, &n, &err) != CWYN_OK)
		die("count", &err);
	return n;
}

/* Generate n cases of the authority into db (SQLite: bulk mode). */
static int generate(const char *label, struct db *db, int64_t authority_id,
                    int64_t n)
{
	struct cwyn_error err = {0};
	double t0 = now();
	struct gen_opts o = {.authority_id = authority_id, .n_cases = n,
	                     .today = today, .policy = policy, .cal = cal,
	                     .progress = progress, .progress_ctx = &t0};
	struct gen_stats st;
	if (gen_bulk_mode(db, true, &err))
		return die("bulk mode", &err);
	t0 = now();
	if (gen_cases(db, &o, &st, &err) || gen_bulk_mode(db, false, &err))
		return die("generate", &err);
	double s = now() - t0;
	printf("%s: %" PRId64 " cases generated in %.1f s (%.0f cases/s):"
	       " %" PRId64 " open, %" PRId64 " matters, %" PRId64 " clocks,"
	       " %" PRId64 " events\n",
	       label, st.cases, s, (double)st.cases / s, st.open_cases,
	       st.matters, st.clocks, st.events);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* "first (cold) ..., best ..., median ..., mean ..." of t[0..n). */
static void print_times(const char *label, const char *what, double *t,
                        int n)
{
	double first = t[0], total = 0;
	for (int i = 0; i < n; i++)
		total += t[i];
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	double median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	printf("%s: %s: first %.1f ms, best %.1f ms, median %.1f ms, mean %.1f"
	       " ms (%d runs)\n",
	       label, what, first * 1e3, t[0] * 1e3, median * 1e3,
	       total / n * 1e3, n);
}

/* Time the reports and the export on db, as the authority's manager. */
static int run(const char *label, struct db *db, int64_t authority_id)
{
	struct cwyn_error err = {0};
	struct app_ctx ctx = {.db = db, .policy = policy, .cal = cal,
	                      .today = today};
	if (app_actor_for_user(db, authority_id, "bench", &ctx.actor, &err))
		return die("actor", &err);
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	int fy = (m >= 4 ? y : y - 1) - 1; /* the last whole financial year */
	cwyn_day from = date_from_ymd(fy, 4, 1), to = date_from_ymd(fy + 1, 3, 31);
	double t_annual[MAX_RUNS], t_csa[MAX_RUNS];
	struct report_figures r = {0};
	int64_t csa_received = 0;
	for (int i = 0; i < runs; i++) {
		struct arena ar;
		arena_init(&ar, 0);
		double s = now();
		if (app_report_annual(&ctx, false, from, to, &ar, &r, &err))
			return die("annual", &err);
		t_annual[i] = now() - s;
		struct report_csa_row *rows;
		size_t nr;
		s = now();
		if (app_report_csa(&ctx, false, fy, 3, &ar, &rows, &nr, &err))
			return die("csa", &err);
		t_csa[i] = now() - s;
		csa_received = nr ? rows[0].f.received : 0;
		arena_free(&ar);
	}
	char what[160];
	snprintf(what, sizeof what,
	         "annual report %d/%02d (%" PRId64 " received, %" PRId64
	         " closed)",
	         fy, (fy + 1) % 100, r.received, r.closed);
	print_times(label, what, t_annual, runs);
	snprintf(what, sizeof what,
	         "CSA quarterly return %d/%02d Q3 (%" PRId64 " received)", fy,
	         (fy + 1) % 100, csa_received);
	print_times(label, what, t_csa, runs);
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

static void print_rss(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0 ||
		    strncmp(line, "VmRSS:", 6) == 0)
			printf("bench_reports: %s", line);
	fclose(f);
}

static void remove_sqlite(const char *path)
{
	char extra[600];
	unlink(path);
	snprintf(extra, sizeof extra, "%s-wal", path);
	unlink(extra);
	snprintf(extra, sizeof extra, "%s-shm", path);
	unlink(extra);
}

/*
 * SQLite: generate into path when it holds no cases, or reuse its n
 * cases; then open it again as cwyn does and run the reports. A failed
 * generation removes the file when this run made it (it is broken).
 */
static int run_sqlite(const char *path, int64_t n)
{
	struct cwyn_error err = {0};
	char url[600];
	struct db *db = NULL;
	int64_t id, have;
	struct stat sb;
	bool fresh = stat(path, &sb) != 0;
	snprintf(url, sizeof url, "sqlite:%s", path);
	/* Migrate first (timed: a reused file may be at an older schema). */
	double t0 = now();
	if (db_open(url, &db, &err) != CWYN_OK)
		return die("open", &err);
	if (store_migrate(db, &err) != CWYN_OK) {
		die("migrate", &err);
		goto fail;
	}
	printf("SQLite: schema up to date in %.1f s\n", now() - t0);
	if (bench_authority(db, &id) || (have = count_cases(db, id)) < 0)
		goto fail;
	if (have == 0) {
		if (generate("SQLite", db, id, n))
			goto fail;
	} else if (have != n) {
		fprintf(stderr,
		        "bench_reports: %s holds %" PRId64 " cases of the"
		        " authority bench, not %" PRId64 " (CWYN_BENCH_CASES):"
		        " set CWYN_BENCH_CASES=%" PRId64 " or delete the file\n",
		        path, have, n, have);
		db_close(db);
		return 1;
	} else {
		printf("SQLite: reusing %s (%" PRId64 " cases)\n", path, have);
	}
	db_close(db);
	db = NULL;
	if (stat(path, &sb) == 0)
		printf("SQLite: file size %lld bytes (%.0f bytes per case)\n",
		       (long long)sb.st_size, (double)sb.st_size / (double)n);
	t0 = now();
	if (store_open(url, &db, &err) != CWYN_OK)
		return die("open again", &err);
	printf("SQLite: opened as cwyn does (statistics) in %.1f s\n",
	       now() - t0);
	int rc = run("SQLite", db, id);
	db_close(db);
	return rc;
fail:
	db_close(db);
	if (fresh)
		remove_sqlite(path);
	return 1;
}

static int run_pg(const char *pg, int64_t n)
{
	struct cwyn_error err = {0};
	struct db *db;
	int64_t id;
	int rc = 1;
	if (db_open(pg, &db, &err) != CWYN_OK)
		return die("open PostgreSQL", &err);
	char sql[256], schema[64];
	snprintf(schema, sizeof schema, "bench_rep_%d", (int)getpid());
	snprintf(sql, sizeof sql, "CREATE SCHEMA %s; SET search_path TO %s",
	         schema, schema);
	if (db_exec_script(db, sql, &err) || store_migrate(db, &err))
		die("schema", &err);
	else if (bench_authority(db, &id) == 0 &&
	         generate("PostgreSQL", db, id, n) == 0) {
		double t0 = now();
		if (db_exec_script(db, "ANALYZE", &err))
			die("analyze", &err);
		else {
			printf("PostgreSQL: ANALYZE in %.1f s\n", now() - t0);
			rc = run("PostgreSQL", db, id);
		}
	}
	snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
	db_rollback(db);
	db_exec_script(db, sql, &err);
	db_close(db);
	return rc;
}

int main(void)
{
	struct cwyn_error err = {0};
	int64_t n = env_long("CWYN_BENCH_CASES", 100000);
	const char *keep = getenv("CWYN_BENCH_REPORTS_DB");
	const char *pg = getenv("CWYN_BENCH_PG_URL");
	const char *tmp = getenv("TMPDIR");
	runs = (int)env_long("CWYN_BENCH_RUNS", 5);
	if (n < 1 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "bench_reports: CWYN_BENCH_CASES must be at least"
		                " 1 and CWYN_BENCH_RUNS 1 to %d\n", MAX_RUNS);
		return 2;
	}
	time_t tt = time(NULL);
	struct tm tm;
	gmtime_r(&tt, &tm);
	today = date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (policy_load_with_calendar(NULL, &policy, &cal, &err))
		return die("policy", &err);
	printf("bench_reports: N = %" PRId64 " generated cases"
	       " (CWYN_BENCH_CASES)\n", n);
	char path[512];
	if (keep && *keep)
		snprintf(path, sizeof path, "%s", keep);
	else
		snprintf(path, sizeof path, "%s/cwyn-bench-reports-%d.db",
		         tmp && *tmp ? tmp : "/tmp", (int)getpid());
	int rc = run_sqlite(path, n);
	if (!(keep && *keep))
		remove_sqlite(path);
	print_rss();
	if (rc == 0 && pg && *pg)
		rc = run_pg(pg, env_long("CWYN_BENCH_PG_CASES",
		                         n < 20000 ? n : 20000));
	else if (rc == 0)
		printf("(CWYN_BENCH_PG_URL not set: PostgreSQL skipped)\n");
	policy_free(policy);
	calendar_free(cal);
	return rc;
}
