/*
 * report.h — the figures of the annual report and the Complaints
 * Standards Authority (CSA) quarterly return, computed from the grouped
 * rows of store/store_reports.h (docs/reports.md says what each figure
 * means and where it comes from).
 *
 * Pure: no I/O and no database. The app layer fetches rows for one
 * authority at a time and adds them into a struct report_figures (so a
 * report across authorities is the sum of the authorities'); everything
 * that needs the working-day calendar (closed within 20 working days,
 * working days added by extensions) is computed here from dates.
 *
 * Reports never identify complainants (procedure.md 1.10): figures are
 * counts, and lessons learned are listed without reference, names or
 * contact details — names the case holds, e-mail addresses and phone
 * numbers are removed from the text (report_redact).
 *
 * Labels are English msgids (N_), translated where they are shown.
 */
#ifndef CWYN_OUT_REPORT_H
#define CWYN_OUT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/error.h"
#include "core/escape.h"
#include "core/lifecycle.h"
#include "core/policy.h"
#include "core/triage.h"
#include "store/store_reports.h"

/* How long a closed complaint took, received to closed (CSA bands). */
enum report_band {
	RB_WITHIN_20WD = 0, /* 20 working days or fewer */
	RB_20WD_3M,         /* more than 20 WD, up to 3 calendar months */
	RB_3M_6M,           /* more than 3 months, up to 6 */
	RB_OVER_6M,         /* more than 6 months */
	RB__MAX
};

/* The response timescales reported on, in order (the rest — the
 * complainant's own time limits, the conference window — measure the
 * complainant, not the authority). */
#define REPORT_N_TIMELY 6
extern const enum ts_id report_timely_ts[REPORT_N_TIMELY];

struct report_timely {
	int64_t responded;       /* clocks stopped in the period */
	int64_t within;          /* ... on or before the (agreed) due day */
	int64_t within_extended; /* ... of which only thanks to an extension */
};

struct report_lesson {
	cwyn_day closed;
	const char *outcome;   /* outcome name, or NULL */
	const char *text;      /* with names and contact details removed */
};

#define REPORT_LESSONS_MAX 1000

struct report_figures {
	cwyn_day from, to;
	size_t n_authorities;
	int64_t received;                  /* complaints (cases) received */
	int64_t by_stage[STAGE_KIND__MAX]; /* complaints reaching each stage */
	int64_t by_subject[SUBJ__MAX];     /* matters of complaints received */
	struct report_timely timely[TS_ID__MAX];
	int64_t closed;                    /* complaints closed */
	int64_t by_outcome[OUTCOME__MAX];
	int64_t by_band[RB__MAX];
	int64_t upheld_whole_or_part;
	int64_t referrals;                 /* to other agencies (not PSOW) */
	int64_t by_agency[AGENCY__MAX];
	int64_t psow_referrals;            /* complaints referred to the PSOW */
	int64_t extensions;                /* agreed in the period */
	int64_t extension_wd;              /* working days they added */
	struct report_lesson *lessons;
	size_t n_lessons;
	bool lessons_truncated;            /* more than REPORT_LESSONS_MAX */
};

void report_figures_init(struct report_figures *r, cwyn_day from,
                         cwyn_day to);

/* Add one authority's rows of one query. Unknown names are ignored
 * (a newer schema's values cannot break an older report). */
void report_add_counts(struct report_figures *r, enum store_rq q,
                       const struct store_rcount *rows, size_t n);
void report_add_closures(struct report_figures *r, const struct calendar *cal,
                         const struct store_rclosure *rows, size_t n);
void report_add_extensions(struct report_figures *r,
                           const struct calendar *cal,
                           const struct store_rext *rows, size_t n);
/* Lessons are redacted into ar. CWYN_ENOMEM on failure. */
enum cwyn_code report_add_lessons(struct report_figures *r, struct arena *ar,
                                  const struct store_rlesson *rows, size_t n,
                                  struct cwyn_error *err);

/* Which band a complaint received on `received` and closed on `closed`
 * falls in. */
enum report_band report_band_for(const struct calendar *cal,
                                 cwyn_day received, cwyn_day closed);

/* Average working days per extension, in tenths (0 when none). */
int64_t report_extension_avg_tenths(const struct report_figures *r);

/*
 * text with each name (of at least 2 characters, matched without regard
 * to case), every e-mail address and every run of 7 or more digits
 * (phone numbers) replaced by "[removed]". NULL when out of memory.
 */
char *report_redact(struct arena *ar, const char *text,
                    const char *const *names, size_t n_names);

/* ---- Labels (English msgids) ---------------------------------------------- */

const char *report_stage_label(enum stage_kind k);
const char *report_subject_label(enum matter_subject s);
const char *report_outcome_label(enum outcome o);
const char *report_agency_label(enum agency a);
const char *report_band_label(enum report_band b);
const char *report_timely_label(enum ts_id ts);
/* Stable names for JSON: "within_20wd", ... */
const char *report_band_name(enum report_band b);

/* ---- The CSA quarterly return ------------------------------------------- */

/*
 * Quarters of the Welsh financial year, as the PSOW publishes them:
 * year Y is Y/Y+1; Q1 April-June Y, Q2 July-September, Q3
 * October-December, Q4 January-March Y+1. CWYN_EINVAL naming "quarter"
 * or "year" when out of range.
 */
enum cwyn_code report_quarter(int year, int quarter, cwyn_day *from,
                              cwyn_day *to, struct cwyn_error *err);

enum csa_measure {
	CSA_AUTHORITY = 0,    /* authority code */
	CSA_AUTHORITY_NAME,
	CSA_PERIOD,           /* "2025/26 Q1" */
	CSA_RECEIVED,
	CSA_CLOSED,
	CSA_PCT_WITHIN_20WD,
	CSA_PCT_20WD_3M,
	CSA_PCT_3M_6M,
	CSA_PCT_OVER_6M,
	CSA_PCT_UPHELD,       /* upheld in whole or in part, of closed */
	CSA_REFERRED_PSOW,
	CSA_SUBJECT_CHILDREN, /* subject: children's social services */
	CSA_MEASURE__MAX
};

struct csa_column {
	enum csa_measure m;
	const char *header;
};

struct report_csa_row {
	const char *authority_code;
	const char *authority_name;
	int year, quarter;
	struct report_figures f; /* received, closed, bands, upheld, PSOW */
};

/* Stable measure names ("pct_within_20wd") and default headers. */
const char *csa_measure_name(enum csa_measure m);
const char *csa_default_header(enum csa_measure m);

/* The default columns: every measure, in enum order, default headers. */
size_t csa_default_columns(struct csa_column out[CSA_MEASURE__MAX]);

/*
 * Columns from a setting: "measure[=Header],..." (e.g.
 * "authority=Council,received,pct_upheld=% upheld"). Headers may not
 * contain ',' or '='; a measure may appear once. CWYN_EINVAL naming
 * "columns" and the bad item. Strings point into ar.
 */
enum cwyn_code csa_columns_parse(const char *spec, struct arena *ar,
                                 struct csa_column out[CSA_MEASURE__MAX],
                                 size_t *n, struct cwyn_error *err);

/* Header line and one record per row, RFC 4180 (out/csv.h). */
void report_csa_csv(struct textbuf *tb, const struct csa_column *cols,
                    size_t n_cols, const struct report_csa_row *rows,
                    size_t n_rows);

#endif
