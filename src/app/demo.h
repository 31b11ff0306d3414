/*
 * demo.h — demonstration data for `cwyn demo` and `make run`: the
 * authority "demo" (Cyngor Sir Enghreifftiol / Example County Council),
 * one user for each staff role, and realistic cases in English and Welsh
 * that cover the procedure's routes (conference chair in time and late,
 * Stage 1 in Welsh, Stage 1 answered then Stage 2 with an independent
 * investigator, a complaint split four ways, other agencies, court
 * matters, a safeguarding alert, a child and a care leaver complaining,
 * an overdue acknowledgement, an agreed extension, a restricted case).
 *
 * Every case goes through the app use cases (intake, advance, extend), so
 * each step is on the case's timeline and in the audit log. Dates are
 * counted back from `today` in working days, so there is always something
 * overdue and something due soon. People are fictional and clearly so
 * ("Rhian Demo", "Alex Example"); users have no password yet.
 *
 * Idempotent: an authority whose audit log holds "demo.loaded" is left
 * alone; a case whose demo complainant already exists is not made again
 * (so a load cut short can simply be run again).
 */
#ifndef CWYN_APP_DEMO_H
#define CWYN_APP_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"
#include "core/policy.h"
#include "store/db.h"

#define DEMO_AUTHORITY_CODE "demo"

struct demo_result {
	int64_t authority_id;
	bool already_loaded; /* nothing was done */
	int cases_created;
	int cases_skipped;   /* already there from an earlier, cut-short run */
	int users_created;
};

/* Load the demo into an open, migrated database. */
enum cwyn_code demo_load(struct db *db, const struct policy *policy,
                         const struct calendar *cal, cwyn_day today,
                         struct demo_result *out, struct cwyn_error *err);

#endif
