/*
 * bench_search.c — searches per second over a realistic case load.
 *
 * Generates CWYN_BENCH_CASES cases (default 100000) with bench/gen.c,
 * builds the search index for all of them (store_search_reindex, timed:
 * cases indexed per second), then runs each kind of query for about
 * BENCH_SECONDS and prints queries per second:
 *   - the index alone (store_search: one page of 20 ids);
 *   - the whole use case (app_search: the page, authz on each case, and
 *     the audited commit of "case.search").
 * On SQLite (file in CWYN_BENCH_DIR, default /var/tmp) and, when
 * CWYN_BENCH_PG_URL is set, on PostgreSQL (a schema made and dropped
 * here). Data generation runs with synchronous=NORMAL on SQLite (bench
 * data is disposable); the searches run at the default FULL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "app/search.h"
#include "gen.h"
#include "store/store.h"
#include "store/store_search.h"

#define BENCH_SECONDS 1.0

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

static void die(const char *what, const struct cwyn_error *err)
{
	fprintf(stderr, "bench_search: %s: %s: %s\n", what, err->field,
	        err->message);
	exit(1);
}

struct target {
	char label[32];
	char url[512];
	char schema[64];
	char path[480];
	struct db *db;
	int64_t authority;
	struct app_actor officer;
};

static void open_target(struct target *t)
{
	struct cwyn_error err = {0};
	if (db_open(t->url, &t->db, &err))
		die(t->label, &err);
	if (t->schema[0]) {
		char sql[256];
		snprintf(sql, sizeof sql, "CREATE SCHEMA %s; SET search_path TO %s",
		         t->schema, t->schema);
		if (db_exec_script(t->db, sql, &err))
			die("schema", &err);
	}
	if (store_migrate(t->db, &err))
		die("migrate", &err);
	struct store_authority a = {.code = "bench",
	                            .name_en = "Benchmark Council",
	                            .name_cy = "Cyngor Meincnodi",
	                            .policy_id = policy->id,
	                            .policy_version = policy->version};
	if (store_authority_create(t->db, &a, &err))
		die("authority", &err);
	struct store_user u = {.authority_id = a.id,
	                       .username = "olwen",
	                       .display_name = "Olwen Bench",
	                       .role = "complaints_officer"};
	if (store_user_create(t->db, &u, &err))
		die("user", &err);
	t->authority = a.id;
	if (app_actor_for_user(t->db, a.id, "olwen", &t->officer, &err))
		die("actor", &err);
}

static void close_target(struct target *t)
{
	if (t->schema[0] && t->db) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", t->schema);
		db_exec_script(t->db, sql, NULL);
	}
	db_close(t->db);
	if (t->path[0]) {
		char side[600];
		unlink(t->path);
		snprintf(side, sizeof side, "%s-wal", t->path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", t->path);
		unlink(side);
	}
}

static void load(struct target *t, int64_t n)
{
	struct cwyn_error err = {0};
	struct gen_opts o = {.authority_id = t->authority, .n_cases = n,
	                     .today = today, .policy = policy, .cal = cal};
	struct gen_stats st;
	if (db_kind(t->db) == DB_SQLITE &&
	    db_set_sync(t->db, DB_SYNC_NORMAL, &err))
		die("sync", &err);
	double t0 = now();
	if (gen_cases(t->db, &o, &st, &err))
		die("generate", &err);
	double t1 = now();
	/* gen writes through the store, not the use cases, so the index is
	 * built here in one go, as `cwyn search --reindex` would. */
	size_t done = 0;
	if (db_begin(t->db, &err) ||
	    store_search_reindex(t->db, t->authority, &done, &err) ||
	    db_commit(t->db, &err))
		die("reindex", &err);
	double t2 = now();
	if (db_kind(t->db) == DB_SQLITE &&
	    db_set_sync(t->db, DB_SYNC_FULL, &err))
		die("sync", &err);
	printf("%s: %lld cases generated in %.1f s; indexed %zu in %.1f s "
	       "(%.0f cases/s)\n",
	       t->label, (long long)st.cases, t1 - t0, done, t2 - t1,
	       (double)done / (t2 - t1));
}

static const char *const queries[] = {
    "complainant 4242",    /* a name: two words, one in every case */
    "evidence",            /* a common word: first page of many */
    "\"health visitor\"",  /* a phrase */
    "dyfed*",              /* a prefix */
    "Dŵr",                 /* no match (folded to "dwr") */
    "cp-2026-00077",       /* a reference, as a phrase */
};

static void run_queries(struct target *t)
{
	struct cwyn_error err = {0};
	struct app_ctx ctx = {.db = t->db, .policy = policy, .cal = cal,
	                      .actor = t->officer, .today = today};
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		struct store_search_results r;
		long n = 0;
		double t0 = now(), t1;
		do {
			if (store_search(t->db, t->authority, queries[q], 20, 0,
			                 &r, &err))
				die(queries[q], &err);
			n++;
			t1 = now();
		} while (t1 - t0 < BENCH_SECONDS);
		double index_qps = (double)n / (t1 - t0);
		size_t hits = r.n;
		bool more = r.more;

		long m = 0;
		t0 = now();
		do {
			struct arena ar;
			struct app_search_page page;
			arena_init(&ar, 0);
			if (app_search(&ctx, queries[q], 20, 0, &ar, &page, &err))
				die(queries[q], &err);
			arena_free(&ar);
			m++;
			t1 = now();
		} while (t1 - t0 < BENCH_SECONDS);
		printf("  %-12s %-22s %3zu%s hits  index %8.0f q/s   "
		       "app_search (audited) %7.0f q/s\n",
		       t->label, queries[q], hits, more ? "+" : " ", index_qps,
		       (double)m / (t1 - t0));
	}
}

int main(void)
{
	struct cwyn_error err = {0};
	if (policy_load_with_calendar(NULL, &policy, &cal, &err))
		die("policy", &err);
	if (date_parse("2026-11-26", &today, "today", &err))
		die("today", &err);
	int64_t n = env_long("CWYN_BENCH_CASES", 100000);
	const char *dir = getenv("CWYN_BENCH_DIR");
	if (dir == NULL || dir[0] == '\0')
		dir = "/var/tmp";

	struct target t;
	memset(&t, 0, sizeof t);
	snprintf(t.label, sizeof t.label, "SQLite");
	snprintf(t.path, sizeof t.path, "%s/cwyn-bench-search-%d.db", dir,
	         (int)getpid());
	snprintf(t.url, sizeof t.url, "sqlite:%s", t.path);
	open_target(&t);
	load(&t, n);
	run_queries(&t);
	close_target(&t);

	const char *pg = getenv("CWYN_BENCH_PG_URL");
	if (pg && pg[0]) {
		memset(&t, 0, sizeof t);
		snprintf(t.label, sizeof t.label, "PostgreSQL");
		snprintf(t.url, sizeof t.url, "%s", pg);
		snprintf(t.schema, sizeof t.schema, "bench_search_%d",
		         (int)getpid());
		open_target(&t);
		load(&t, n);
		run_queries(&t);
		close_target(&t);
	} else {
		printf("PostgreSQL: skipped (set CWYN_BENCH_PG_URL)\n");
	}
	policy_free(policy);
	calendar_free(cal);
	return 0;
}
