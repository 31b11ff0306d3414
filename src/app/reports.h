/*
 * reports.h — the reporting use cases: the annual report and the CSA
 * quarterly return (figures from out/report.h over store/store_reports.h),
 * and exports of cases and of one case's timeline.
 *
 * Reports are counts and anonymised lessons: the roles that run or
 * oversee the procedure and auditors may read them (AZ_REPORT_READ).
 * A report covers the actor's own authority; only the command-line
 * operator may ask for every authority at once (a deployment holding
 * several councils). Every report and export is one audit entry saying
 * what was asked for — never the figures themselves.
 */
#ifndef CWYN_APP_REPORTS_H
#define CWYN_APP_REPORTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "app/app.h"
#include "out/report.h"

/* The annual report for [from, to]; all: every authority added up. */
enum cwyn_code app_report_annual(const struct app_ctx *ctx, bool all,
                                 cwyn_day from, cwyn_day to,
                                 struct arena *ar, struct report_figures *out,
                                 struct cwyn_error *err);

/* The CSA return for a quarter of financial year `year` (report_quarter):
 * one row for the actor's authority, or one per authority with all. */
enum cwyn_code app_report_csa(const struct app_ctx *ctx, bool all, int year,
                              int quarter, struct arena *ar,
                              struct report_csa_row **out, size_t *n,
                              struct cwyn_error *err);

/* The figures as JSON (stable names; docs/reports.md). */
json_t *app_report_json(const struct report_figures *r);

/* ---- Exports ------------------------------------------------------------ */

struct app_export_filter {
	const char *status;   /* "open" | "closed" | NULL */
	cwyn_day from, to;    /* received in [from, to]; NONE: open-ended */
};

/* One exported case: list fields and its matters' subjects. No names or
 * contact details: an export is for counting and following up, and
 * leaves the building more easily than the database. */
struct app_export_case {
	const struct store_case *c;
	const char *subjects; /* "failure_to_act;staff_conduct" */
};

/* Called for each case the actor may see, in id order; non-zero stops. */
typedef int (*app_export_fn)(void *ctx, const struct app_export_case *e);

/* Page through the cases (audited once as "case.export"). */
enum cwyn_code app_export_cases(const struct app_ctx *ctx,
                                const struct app_export_filter *f,
                                app_export_fn fn, void *fn_ctx,
                                size_t *n_out, struct cwyn_error *err);

#endif
