/*
 * gen.h — a generator of realistic case data for benchmarks: N cases with
 * their complainant, children, matters, stages, clocks, timeline events
 * and one audit entry each, written straight through the store (not the
 * app use cases) in large transactions, so a million cases take minutes,
 * not hours.
 *
 * The mix follows what a council sees: most cases are old and closed;
 * about 2% are open (received in the last 120 days) with running clocks,
 * some of them past due, so the overdue report and the "open" list have
 * work to do. Clock due dates come from core (clock_start with the policy
 * and calendar), matter decisions from running triage once per kind of
 * matter, so row sizes are those of real cases. Deterministic for a seed.
 *
 * Speed versus durability: bench data is disposable, so the caller may
 * put SQLite into gen_bulk_mode while generating: no journal and no
 * syncs, each page written once straight into the file. A crash or an
 * error half-way leaves a broken file (delete it and generate again);
 * never use it on a database that holds anything else.
 */
#ifndef CWYN_BENCH_GEN_H
#define CWYN_BENCH_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"
#include "core/policy.h"
#include "store/db.h"

struct gen_opts {
	int64_t authority_id;   /* must exist */
	int64_t n_cases;
	cwyn_day today;         /* "now" for the mix of open/closed, due dates */
	uint64_t seed;          /* 0: a fixed default */
	int64_t batch;          /* cases per transaction; 0: 5000 */
	const struct policy *policy;
	const struct calendar *cal;
	/* Called after each committed batch (may be NULL). */
	void (*progress)(int64_t done, int64_t total, void *ctx);
	void *progress_ctx;
};

struct gen_stats {
	int64_t cases, open_cases, matters, clocks, running_clocks, events;
};

enum cwyn_code gen_cases(struct db *db, const struct gen_opts *o,
                         struct gen_stats *stats, struct cwyn_error *err);

/*
 * SQLite, throwaway databases only: on, journal_mode=OFF,
 * synchronous=OFF and a 256 MiB page cache (the WAL would write every
 * page twice and fsync each batch); off, back to WAL, synchronous=FULL
 * and the default cache, as cwyn runs. Needs no other connection open.
 * Nothing to do on PostgreSQL.
 */
enum cwyn_code gen_bulk_mode(struct db *db, bool on, struct cwyn_error *err);

#endif
