/*
 * store_reports.h — the rows reports are computed from: aggregate SQL over
 * one authority and one period, written once for both backends.
 *
 * Every query here is a GROUP BY over a period on an indexed column of
 * migration 5 (cases received / closed, stages opened, clocks stopped,
 * extensions agreed), restricted to one authority, so the database hands
 * back a few dozen grouped rows however many cases there are; the
 * arithmetic (percentages, working days, quarters) is done by the pure
 * functions of out/report.h. Reports across authorities run the same
 * queries once per authority and add the results up (each query then
 * stays on its index).
 *
 * Periods are inclusive [from, to] days. Cases "closed in a period" are
 * those whose closed_at timestamp falls on one of those days.
 */
#ifndef CWYN_STORE_STORE_REPORTS_H
#define CWYN_STORE_STORE_REPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "store/db.h"
#include "store/store.h"

/* The grouped counts a report needs (one query each). */
enum store_rq {
	SRQ_RECEIVED = 0,  /* cases received: key NULL, n */
	SRQ_STAGES_OPENED, /* key stage kind, n distinct cases */
	SRQ_SUBJECTS,      /* key matter subject of cases received, n */
	SRQ_TIMELINESS,    /* key timescale of clocks stopped: n stopped,
	                    * n2 on or before due, n3 of those extended */
	SRQ_OUTCOMES,      /* key outcome of cases closed, n */
	SRQ_REFERRALS,     /* key matter route, key2 agency of referral
	                    * stages opened: n distinct cases */
	SRQ__MAX
};

struct store_rcount {
	const char *key;   /* a stable name (arena), or NULL */
	const char *key2;
	int64_t n, n2, n3;
};

/* Cases closed in the period, grouped by (received, closed day, upheld in
 * whole or part): enough to bucket closures by time taken. */
struct store_rclosure {
	cwyn_day received;
	cwyn_day closed;
	bool upheld;
	int64_t n;
};

/* Extensions agreed in the period, grouped by (old due, new due). */
struct store_rext {
	cwyn_day old_due;
	cwyn_day new_due;
	int64_t n;
};

/* A lesson learned from a case closed in the period, with the names the
 * case holds (complainants, children) so a report can remove them. */
struct store_rlesson {
	int64_t case_id;
	cwyn_day closed;
	const char *outcome;
	const char *text;
	const char **names;  /* complainant names, child labels */
	size_t n_names;
};

enum cwyn_code store_report_counts(struct db *db, int64_t authority_id,
                                   enum store_rq q, cwyn_day from,
                                   cwyn_day to, struct arena *ar,
                                   struct store_rcount **out, size_t *n,
                                   struct cwyn_error *err);

enum cwyn_code store_report_closures(struct db *db, int64_t authority_id,
                                     cwyn_day from, cwyn_day to,
                                     struct arena *ar,
                                     struct store_rclosure **out, size_t *n,
                                     struct cwyn_error *err);

enum cwyn_code store_report_extensions(struct db *db, int64_t authority_id,
                                       cwyn_day from, cwyn_day to,
                                       struct arena *ar,
                                       struct store_rext **out, size_t *n,
                                       struct cwyn_error *err);

/* At most `max` lessons, earliest closed first. */
enum cwyn_code store_report_lessons(struct db *db, int64_t authority_id,
                                    cwyn_day from, cwyn_day to, size_t max,
                                    struct arena *ar,
                                    struct store_rlesson **out, size_t *n,
                                    struct cwyn_error *err);

/* Every authority, in id order (for reports across authorities). */
enum cwyn_code store_authority_list(struct db *db, struct arena *ar,
                                    struct store_authority **out, size_t *n,
                                    struct cwyn_error *err);

/* ---- Exports ------------------------------------------------------------ */

struct store_export_filter {
	int64_t authority_id;  /* required */
	const char *status;    /* NULL: any */
	cwyn_day from, to;     /* received in [from, to]; NONE: open-ended */
	int64_t after_id;      /* keyset */
	size_t limit;          /* 1..1000; 0: 500 */
};

/* A case as exported: the list columns and its matters' subjects. */
struct store_export_case {
	struct store_case c;
	const char *subjects;  /* in seq order, joined by ';'; "" for none */
};

/* One page of cases in id order, subjects read in the same query (not one
 * query per case); *more when another page follows (pass the last id as
 * after_id). */
enum cwyn_code store_export_cases(struct db *db,
                                  const struct store_export_filter *f,
                                  struct arena *ar,
                                  struct store_export_case **out, size_t *n,
                                  bool *more, struct cwyn_error *err);

#endif
