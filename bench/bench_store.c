/*
 * bench_store.c — how the case store holds up: durable case creates per
 * second through the intake use case (SQLite synchronous=FULL and NORMAL,
 * PostgreSQL when CWYN_BENCH_PG_URL is set), then, on a database of N
 * generated cases, the reads staff wait for: the overdue report, the
 * first and a deep page of the case list (keyset), get-by-reference, and
 * the bytes each case takes on disk.
 *
 * Environment:
 *   CWYN_BENCH_CASES     N generated cases (default 100000; 1000000 for
 *                        the full-size run, a few minutes more)
 *   CWYN_BENCH_PG_URL    a PostgreSQL database to measure too (a fresh
 *                        schema is made and dropped)
 *   CWYN_BENCH_PG_CASES  generated cases for PostgreSQL (default
 *                        min(N, 5000): generation there is round-trip
 *                        bound)
 *   CWYN_BENCH_SECONDS   how long each create loop runs (default 2)
 *   TMPDIR               where the SQLite files go (removed at the end)
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
#include "core/arena.h"
#include "gen.h"
#include "store/store.h"

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
	fprintf(stderr, "bench_store: %s: %s: %s\n", what, err->field,
	        err->message);
	exit(1);
}

/* ---- One database under test ------------------------------------------------ */

struct target {
	char label[64];
	char url[512];
	char schema[64]; /* PostgreSQL: made and dropped here */
	char path[480];  /* SQLite file */
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
	struct store_user u = {.username = "olwen",
	                       .display_name = "Olwen Bench",
	                       .role = "complaints_officer"};
	if (store_authority_create(t->db, &a, &err))
		die("authority", &err);
	u.authority_id = a.id;
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
	t->db = NULL;
	if (t->path[0]) {
		char side[600];
		unlink(t->path);
		snprintf(side, sizeof side, "%s-wal", t->path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", t->path);
		unlink(side);
	}
}

static void sqlite_target(struct target *t, const char *dir, const char *name)
{
	memset(t, 0, sizeof *t);
	snprintf(t->label, sizeof t->label, "SQLite");
	snprintf(t->path, sizeof t->path, "%s/%s.db", dir, name);
	snprintf(t->url, sizeof t->url, "sqlite:%s", t->path);
	open_target(t);
}

static void pg_target(struct target *t, const char *url, const char *tag)
{
	memset(t, 0, sizeof *t);
	snprintf(t->label, sizeof t->label, "PostgreSQL");
	snprintf(t->url, sizeof t->url, "%s", url);
	snprintf(t->schema, sizeof t->schema, "bench_%s_%d", tag, (int)getpid());
	open_target(t);
}

static struct app_ctx ctx_for(struct target *t)
{
	return (struct app_ctx){.db = t->db, .policy = policy, .cal = cal,
	                        .actor = t->officer, .today = today};
}

/* ---- Durable creates --------------------------------------------------------- */

/* A typical complaint: a conference category matter and a council one. */
static char facts[1024];

static void make_facts(void)
{
	char rcv[CWYN_DATE_STRLEN], held[CWYN_DATE_STRLEN];
	char sent[CWYN_DATE_STRLEN];
	date_format(today, rcv);
	date_format(today - 20, held);
	date_format(today - 14, sent);
	snprintf(facts, sizeof facts,
	         "{\"received\": \"%s\", \"complainant\": {\"relationship\":"
	         " \"parent\"}, \"children\": [{\"label\": \"A\", \"age\": 7}],"
	         " \"matters\": [{\"id\": \"category\", \"subject\":"
	         " \"registration_category\", \"summary\": \"The category is"
	         " wrong.\", \"dates\": {\"conference_held\": \"%s\","
	         " \"minutes_sent\": \"%s\"}}, {\"id\": \"visits\", \"subject\":"
	         " \"failure_to_act\", \"summary\": \"No visits for weeks.\","
	         " \"dates\": {\"event\": \"%s\"}}]}",
	         rcv, held, sent, held);
}

static void creates(struct target *t, const char *what, double seconds)
{
	struct app_ctx ctx = ctx_for(t);
	struct app_intake in = {
	    .facts_json = facts,
	    .facts_len = strlen(facts),
	    .complainant = {.name = "Bench Example", .email = "b@example.org"},
	};
	struct cwyn_error err = {0};
	long n = 0;
	double t0 = now(), t1;
	do {
		struct app_intake_result r;
		if (app_intake(&ctx, &in, &r, &err))
			die("intake", &err);
		n++;
		t1 = now();
	} while (t1 - t0 < seconds);
	printf("%-52s %10.0f cases/s  (%ld in %.2f s, %.2f ms each)\n", what,
	       (double)n / (t1 - t0), n, t1 - t0, 1000.0 * (t1 - t0) / (double)n);
}

/* ---- Reads on N cases ---------------------------------------------------------- */

/* Time fn over `reps` calls; prints the mean in milliseconds. */
#define TIME_MS(label, reps, extra, body)                                      \
	do {                                                                   \
		double t0_ = now();                                            \
		for (int rep_ = 0; rep_ < (reps); rep_++) {                    \
			body;                                                  \
		}                                                              \
		double ms_ = 1000.0 * (now() - t0_) / (reps);                  \
		printf("%-52s %10.3f ms      %s\n", label, ms_, extra);        \
	} while (0)

struct refs {
	char (*ref)[STORE_REF_SIZE];
	size_t n, cap;
};

static int take_ref(void *ctx, const struct db_value *cols, size_t n)
{
	struct refs *r = ctx;
	if (n > 0 && cols[0].type == DB_TEXT && r->n < r->cap)
		snprintf(r->ref[r->n++], STORE_REF_SIZE, "%s", cols[0].s);
	return 0;
}

static int print_plan(void *ctx, const struct db_value *cols, size_t n)
{
	(void)ctx;
	if (n > 0 && cols[n - 1].type == DB_TEXT)
		printf("      plan: %s\n", cols[n - 1].s);
	return 0;
}

static void explain(struct target *t, const char *sql)
{
	char buf[1024];
	if (db_kind(t->db) == DB_SQLITE)
		snprintf(buf, sizeof buf, "EXPLAIN QUERY PLAN %s", sql);
	else
		snprintf(buf, sizeof buf, "EXPLAIN %s", sql);
	struct db_value p[] = {DBV_INT(t->authority), DBV_TEXT("2026-01-01"),
	                       DBV_INT(0), DBV_INT(51)};
	size_t np = 0;
	for (const char *q = sql; *q; q++)
		np += *q == '?';
	db_query(t->db, buf, p, np, print_plan, NULL, NULL);
}

/* EXPLAIN of a per-case query (case id, authority id). */
static void explain_case(struct target *t, const char *sql)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s %s",
	         db_kind(t->db) == DB_SQLITE ? "EXPLAIN QUERY PLAN" : "EXPLAIN",
	         sql);
	struct db_value p[] = {DBV_INT(1), DBV_INT(t->authority)};
	printf("    %s\n", sql);
	db_query(t->db, buf, p, 2, print_plan, NULL, NULL);
}

/*
 * Everything a case read loads besides the case row: the eight per-case
 * lists of app_case_read (no audit entry, no transaction), for `reps`
 * case ids spread over the table. This is what migration 5's indexes
 * made slow on a database without statistics.
 */
static void case_parts(struct target *t, int64_t n_cases, int reps,
                       const char *label)
{
	struct cwyn_error err = {0};
	struct arena ar;
	arena_init(&ar, 0);
	int64_t a = t->authority, step = n_cases / reps > 1 ? n_cases / reps : 1;
	double t0 = now();
	for (int i = 0; i < reps; i++) {
		int64_t id = 1 + (int64_t)i * step % n_cases;
		struct store_complainant *cp;
		struct store_child *ch;
		struct store_matter *m;
		struct store_stage *s;
		struct store_clock *k;
		struct store_extension *x;
		struct store_event *e;
		struct store_letter *l;
		size_t n;
		if (store_complainant_list(t->db, a, id, &ar, &cp, &n, &err) ||
		    store_child_list(t->db, a, id, &ar, &ch, &n, &err) ||
		    store_matter_list(t->db, a, id, &ar, &m, &n, &err) ||
		    store_stage_list(t->db, a, id, &ar, &s, &n, &err) ||
		    store_clock_list(t->db, a, id, &ar, &k, &n, &err) ||
		    store_extension_list(t->db, a, id, &ar, &x, &n, &err) ||
		    store_event_list(t->db, a, id, &ar, &e, &n, &err) ||
		    store_letter_list(t->db, a, id, &ar, &l, &n, &err))
			die("case parts", &err);
		arena_free(&ar);
		arena_init(&ar, 0);
	}
	double ms = 1000.0 * (now() - t0) / reps;
	printf("%-52s %10.3f ms      (%d cases spread over the table)\n",
	       label, ms, reps);
	arena_free(&ar);
}

static void per_case_plans(struct target *t)
{
	static const char *const sql[] = {
	    "SELECT id FROM clocks WHERE case_id = ? AND +authority_id = ?"
	    " ORDER BY id",
	    "SELECT id FROM stages WHERE case_id = ? AND +authority_id = ?"
	    " ORDER BY id",
	    "SELECT id FROM extensions WHERE case_id = ? AND +authority_id = ?"
	    " ORDER BY id",
	    "SELECT id FROM events WHERE case_id = ? AND +authority_id = ?"
	    " ORDER BY at, id",
	    "SELECT id FROM cases WHERE authority_id = ? AND id > ?"
	    " ORDER BY id LIMIT 51",
	};
	printf("  plans before ANALYZE:\n");
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
		explain_case(t, sql[i]);
}

static void reads(struct target *t, int64_t n_cases)
{
	struct cwyn_error err = {0};
	struct arena ar;
	char extra[160];
	arena_init(&ar, 0);

	/* The overdue report: running clocks due by today, earliest first. */
	struct store_clock *clocks;
	size_t n_clocks = 0;
	if (store_clocks_due(t->db, t->authority, today, &ar, &clocks, &n_clocks,
	                     &err))
		die("clocks_due", &err);
	snprintf(extra, sizeof extra, "(%zu clocks due by today)", n_clocks);
	TIME_MS("overdue: store_clocks_due(today)", 20, extra, {
		arena_free(&ar);
		arena_init(&ar, 0);
		if (store_clocks_due(t->db, t->authority, today, &ar, &clocks,
		                     &n_clocks, &err))
			die("clocks_due", &err);
	});
	explain(t, "SELECT id FROM clocks WHERE authority_id = ? AND state ="
	           " 'running' AND due_on <= ? ORDER BY due_on, id");
	struct app_ctx ctx = ctx_for(t);
	struct app_overdue_item *items;
	size_t n_items = 0;
	if (app_overdue(&ctx, 5, &ar, &items, &n_items, &err))
		die("app_overdue", &err);
	snprintf(extra, sizeof extra, "(%zu items; one audited read)", n_items);
	TIME_MS("overdue: app_overdue(within 5 working days)", 5, extra, {
		arena_free(&ar);
		arena_init(&ar, 0);
		if (app_overdue(&ctx, 5, &ar, &items, &n_items, &err))
			die("app_overdue", &err);
	});

	/* Case list pages (keyset). */
	struct store_case *rows;
	size_t n_rows;
	bool more;
	struct store_case_filter f = {.authority_id = t->authority, .limit = 50};
	TIME_MS("case list: first page (50)", 200, "", {
		arena_free(&ar);
		arena_init(&ar, 0);
		if (store_case_list(t->db, &f, &ar, &rows, &n_rows, &more, &err))
			die("list", &err);
	});
	int64_t max_id = 0;
	db_query_int(t->db, "SELECT MAX(id) FROM cases", NULL, 0, &max_id,
	             &err);
	f.after_id = max_id - max_id / 10;
	snprintf(extra, sizeof extra, "(after id %" PRId64 ")", f.after_id);
	TIME_MS("case list: deep page (50) by keyset, 90% in", 200, extra, {
		arena_free(&ar);
		arena_init(&ar, 0);
		if (store_case_list(t->db, &f, &ar, &rows, &n_rows, &more, &err))
			die("list", &err);
	});
	explain(t, "SELECT id FROM cases WHERE authority_id = ? AND id > ?"
	           " ORDER BY id LIMIT ?");
	f = (struct store_case_filter){.authority_id = t->authority,
	                               .status = "open", .limit = 50};
	TIME_MS("case list: open cases, first page", 200, "", {
		arena_free(&ar);
		arena_init(&ar, 0);
		if (store_case_list(t->db, &f, &ar, &rows, &n_rows, &more, &err))
			die("list", &err);
	});
	f = (struct store_case_filter){.authority_id = t->authority,
	                               .overdue_only = true, .today = today,
	                               .limit = 50};
	TIME_MS("case list: overdue only, first page", 20, "", {
		arena_free(&ar);
		arena_init(&ar, 0);
		if (store_case_list(t->db, &f, &ar, &rows, &n_rows, &more, &err))
			die("list", &err);
	});

	/* Get by reference, spread over the whole table. */
	struct refs r = {.cap = 1000};
	r.ref = calloc(r.cap, STORE_REF_SIZE);
	struct db_value p[] = {DBV_INT(n_cases / 1000 > 1 ? n_cases / 1000 : 1)};
	if (r.ref == NULL || db_query(t->db,
	                              "SELECT reference FROM cases"
	                              " WHERE id % ? = 0 LIMIT 1000",
	                              p, 1, take_ref, &r, &err))
		die("refs", &err);
	long gets = 0;
	double t0 = now();
	for (int rep = 0; rep < 10 && r.n; rep++) {
		for (size_t i = 0; i < r.n; i++) {
			struct store_case c;
			arena_free(&ar);
			arena_init(&ar, 0);
			if (store_case_get_by_reference(t->db, t->authority,
			                                r.ref[i], &ar, &c, &err))
				die("get", &err);
			gets++;
		}
	}
	double secs = now() - t0;
	printf("%-52s %10.0f gets/s  (%.3f ms each)\n", "get by reference",
	       (double)gets / secs, 1000.0 * secs / (double)(gets ? gets : 1));
	free(r.ref);
	arena_free(&ar);
}

static void size_per_case(struct target *t, int64_t n_cases)
{
	struct stat st;
	int64_t bytes = -1;
	if (db_kind(t->db) == DB_SQLITE) {
		db_exec_script(t->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
		if (stat(t->path, &st) == 0)
			bytes = (int64_t)st.st_size;
	} else {
		char sql[256];
		snprintf(sql, sizeof sql,
		         "SELECT SUM(pg_total_relation_size(c.oid))::bigint"
		         " FROM pg_class c JOIN pg_namespace n"
		         " ON n.oid = c.relnamespace WHERE n.nspname = '%s'"
		         " AND c.relkind = 'r'",
		         t->schema);
		db_query_int(t->db, sql, NULL, 0, &bytes, NULL);
	}
	if (bytes > 0)
		printf("%-52s %10.0f bytes   (%.1f MiB for %" PRId64 " cases)\n",
		       "database size per case", (double)bytes / (double)n_cases,
		       (double)bytes / 1048576.0, n_cases);
}

static void generate(struct target *t, int64_t n)
{
	struct cwyn_error err = {0};
	if (gen_bulk_mode(t->db, true, &err))
		die("pragma", &err);
	struct gen_opts o = {.authority_id = t->authority, .n_cases = n,
	                     .today = today, .policy = policy, .cal = cal};
	struct gen_stats st;
	double t0 = now();
	if (gen_cases(t->db, &o, &st, &err))
		die("generate", &err);
	double secs = now() - t0;
	printf("%-52s %10.0f cases/s  (%" PRId64 " cases in %.1f s; %" PRId64
	       " open, %" PRId64 " clocks running)\n",
	       db_kind(t->db) == DB_SQLITE
	           ? "generate (no journal, no sync, batches of 5000)"
	           : "generate (store, batches of 5000)",
	       (double)n / secs, n, secs, st.open_cases, st.running_clocks);
	/* Measure the reads as the server runs: WAL, durable commits. */
	if (gen_bulk_mode(t->db, false, &err))
		die("pragma", &err);
	/* A freshly loaded database has no statistics (SQLite: until
	 * store_open analyses it; PostgreSQL: until autovacuum does, which
	 * may have happened already). ANALYZE as store_open does it. */
	per_case_plans(t);
	case_parts(t, n, 500, "case read parts (8 lists), before ANALYZE");
	if (db_exec_script(t->db,
	                   db_kind(t->db) == DB_SQLITE
	                       ? "PRAGMA analysis_limit=1000; ANALYZE"
	                       : "ANALYZE",
	                   &err))
		die("analyze", &err);
	case_parts(t, n, 500, "case read parts (8 lists), after ANALYZE");
}

static cwyn_day today_utc(void)
{
	time_t tt = time(NULL);
	struct tm tm;
	gmtime_r(&tt, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int main(void)
{
	struct cwyn_error err = {0};
	int64_t n = env_long("CWYN_BENCH_CASES", 100000);
	double seconds = (double)env_long("CWYN_BENCH_SECONDS", 2);
	const char *pg = getenv("CWYN_BENCH_PG_URL");
	const char *tmp = getenv("TMPDIR");
	char dir[256];
	if (n < 1000)
		n = 1000;
	snprintf(dir, sizeof dir, "%s/cwyn-bench-XXXXXX", tmp && *tmp ? tmp
	                                                              : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	if (policy_load_with_calendar(NULL, &policy, &cal, &err))
		die("policy", &err);
	today = today_utc();
	make_facts();
	char d[CWYN_DATE_STRLEN];
	printf("bench_store: N = %" PRId64 " generated cases (CWYN_BENCH_CASES);"
	       " today %s; files in %s\n", n, date_format(today, d), dir);

	struct target t;
	sqlite_target(&t, dir, "full");
	creates(&t, "intake (app use case), SQLite synchronous=FULL", seconds);
	close_target(&t);
	sqlite_target(&t, dir, "normal");
	db_set_sync(t.db, DB_SYNC_NORMAL, NULL);
	creates(&t, "intake (app use case), SQLite synchronous=NORMAL",
	        seconds);
	close_target(&t);
	if (pg && *pg) {
		pg_target(&t, pg, "w");
		creates(&t, "intake (app use case), PostgreSQL", seconds);
		close_target(&t);
	} else {
		printf("(CWYN_BENCH_PG_URL not set: PostgreSQL skipped)\n");
	}

	printf("-- SQLite with %" PRId64 " cases\n", n);
	sqlite_target(&t, dir, "big");
	generate(&t, n);
	reads(&t, n);
	size_per_case(&t, n);
	close_target(&t);

	if (pg && *pg) {
		int64_t npg = env_long("CWYN_BENCH_PG_CASES", n < 5000 ? n : 5000);
		printf("-- PostgreSQL with %" PRId64 " cases\n", npg);
		pg_target(&t, pg, "r");
		generate(&t, npg);
		reads(&t, npg);
		size_per_case(&t, npg);
		close_target(&t);
	}
	rmdir(dir);
	policy_free(policy);
	calendar_free(cal);
	return 0;
}
