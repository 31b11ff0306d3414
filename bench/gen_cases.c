/*
 * gen_cases.c — fill a database with N realistic generated cases, for
 * benchmarks and for trying cwyn at scale:
 *
 *     gen_cases URL N [--authority CODE] [--seed S] [--today YYYY-MM-DD]
 *
 * The schema is created or migrated first; the authority (default
 * "bench") is created when missing. SQLite runs without a journal and
 * without syncs during generation (gen_bulk_mode): the data is
 * disposable, and a run that fails half-way leaves a broken file to
 * delete. Do not point it at a database that holds anything else. At
 * the end the file is back in WAL mode, as cwyn runs it. Prints the rate
 * and what was written.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/policy_file.h"
#include "core/arena.h"
#include "gen.h"
#include "store/store.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress(int64_t done, int64_t total, void *ctx)
{
	double *t0 = ctx;
	if (done % 100000 == 0 || done == total)
		fprintf(stderr, "  %" PRId64 " / %" PRId64 " cases (%.0f/s)\n",
		        done, total, (double)done / (now() - *t0));
}

static cwyn_day today_utc(void)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int usage(void)
{
	fprintf(stderr, "usage: gen_cases URL N [--authority CODE] [--seed S]"
	                " [--today YYYY-MM-DD]\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	const char *url = argv[1], *code = "bench";
	char *end;
	long long n = strtoll(argv[2], &end, 10);
	if (*end || n < 1)
		return usage();
	struct gen_opts o = {.n_cases = n, .today = today_utc()};
	struct cwyn_error err = {0};
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--authority") == 0 && i + 1 < argc)
			code = argv[++i];
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			o.seed = strtoull(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
			if (date_parse(argv[++i], &o.today, "--today", &err))
				return usage();
		} else
			return usage();
	}
	struct policy *policy = NULL;
	struct calendar *cal = NULL;
	struct db *db = NULL;
	struct arena ar;
	arena_init(&ar, 0);
	int rc = 1;
	if (policy_load_with_calendar(NULL, &policy, &cal, &err) ||
	    store_open(url, &db, &err))
		goto fail;
	struct store_authority a;
	enum cwyn_code got = store_authority_get_by_code(db, code, &ar, &a,
	                                                 &err);
	if (got == CWYN_ENOTFOUND) {
		a = (struct store_authority){.code = code,
		                             .name_en = "Benchmark Council",
		                             .name_cy = "Cyngor Meincnodi",
		                             .policy_id = policy->id,
		                             .policy_version = policy->version};
		if (store_authority_create(db, &a, &err))
			goto fail;
	} else if (got != CWYN_OK) {
		goto fail;
	}
	if (gen_bulk_mode(db, true, &err))
		goto fail;
	o.authority_id = a.id;
	o.policy = policy;
	o.cal = cal;
	double t0 = now();
	o.progress = progress;
	o.progress_ctx = &t0;
	struct gen_stats st;
	if (gen_cases(db, &o, &st, &err) || gen_bulk_mode(db, false, &err))
		goto fail;
	double secs = now() - t0;
	printf("generated %" PRId64 " cases in %.1f s (%.0f cases/s): %" PRId64
	       " open, %" PRId64 " matters, %" PRId64 " clocks (%" PRId64
	       " running), %" PRId64 " events\n",
	       st.cases, secs, (double)st.cases / secs, st.open_cases,
	       st.matters, st.clocks, st.running_clocks, st.events);
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "gen_cases: %s: %s\n", err.field, err.message);
out:
	db_close(db);
	policy_free(policy);
	calendar_free(cal);
	arena_free(&ar);
	return rc;
}
