/*
 * app_internal.h — what the use-case files of src/app share and nobody
 * else sees: the transaction frame, loading a case with its authorisation
 * check, timeline events and audit entries, and the clock and stage
 * helpers every use case that moves a complaint needs.
 */
#ifndef CWYN_APP_INTERNAL_H
#define CWYN_APP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app.h"
#include "app/authz.h"
#include "core/clock.h"
#include "core/lifecycle.h"
#include "core/triage.h"

/* ---- Frame (app_context.c) ---------------------------------------------- */

/* Check the context is usable, then db_begin. */
enum cwyn_code app_begin(const struct app_ctx *ctx, struct cwyn_error *err);

/* The same for a read whose only write is its audit entry: its commit
 * does not wait for the disk (db_begin_relaxed; case_read.c says why). */
enum cwyn_code app_begin_read(const struct app_ctx *ctx,
                              struct cwyn_error *err);

/* Commit when rc is CWYN_OK, otherwise roll back; returns the outcome. */
enum cwyn_code app_end(const struct app_ctx *ctx, enum cwyn_code rc,
                       struct cwyn_error *err);

/* Find a case by reference and check the actor may do `action` to it. */
enum cwyn_code app_load_case(const struct app_ctx *ctx, const char *reference,
                             enum authz_action action, struct arena *ar,
                             struct store_case *out, struct cwyn_error *err);

/* The version the user saw (0: any) against the stored one. */
enum cwyn_code app_check_version(const struct store_case *c, int64_t version,
                                 struct cwyn_error *err);

/* The case is open (changes other than reopen need that). */
enum cwyn_code app_check_open(const struct store_case *c,
                              struct cwyn_error *err);

/* Add a timeline event; takes ownership of detail (may be NULL). */
enum cwyn_code app_event(const struct app_ctx *ctx, int64_t case_id,
                         const char *kind, json_t *detail,
                         struct cwyn_error *err);

/* The one audit entry of a use case; takes ownership of detail. */
enum cwyn_code app_audit(const struct app_ctx *ctx, const char *action,
                         int64_t case_id, json_t *detail,
                         struct cwyn_error *err);

/* Save the case row (bumps its version) and fill out. */
enum cwyn_code app_save_case(const struct app_ctx *ctx, struct store_case *c,
                             struct app_case_ref *out,
                             struct cwyn_error *err);

/* Copy the case's identity into out. */
void app_case_ref_fill(struct app_case_ref *out, const struct store_case *c);

/* A date as JSON ("YYYY-MM-DD", or null). */
json_t *app_json_day(cwyn_day d);
/* A string as JSON (null for NULL). */
json_t *app_json_str(const char *s);
/* Serialise and release; NULL when out of memory. Arena copy. */
char *app_json_dump(json_t *j, struct arena *ar);

/* "Blank" text: NULL, empty or only spaces. */
bool app_blank(const char *s);

/* A UTC timestamp "YYYY-MM-DDTHH:MM:SS.000Z" of now (record keeping). */
void app_now(char buf[STORE_TS_SIZE]);

/* ---- Clocks (app_clock.c) ---------------------------------------------- */

/* Rebuild the core clock from its row (terms come from derivation_json). */
enum cwyn_code app_clock_from_row(const struct app_ctx *ctx,
                                  const struct store_clock *row,
                                  struct clock *out, struct cwyn_error *err);

/* The derivation document stored with a clock. */
char *app_clock_derivation_json(const struct app_ctx *ctx,
                                const struct clock *c,
                                const struct cal_derivation *dv,
                                struct arena *ar);

/* Copy the clock's state into its row (state, dates, totals). */
void app_clock_to_row(const struct clock *c, struct store_clock *row);

/*
 * Start the clock ts on `day` and store it with a "clock.started" event.
 * The acknowledgement is one clock per case (matter 0, no stage): when
 * one is already running, nothing is started and *id is that clock's.
 * id may be NULL.
 */
enum cwyn_code app_clock_start(const struct app_ctx *ctx, int64_t case_id,
                               int64_t matter_id, int64_t stage_id,
                               enum ts_id ts, cwyn_day day, struct arena *ar,
                               int64_t *id, struct cwyn_error *err);

/* Stop every running or paused clock ts of the matter (the case-level
 * clock for the acknowledgement) on `day`, with "clock.stopped" events. */
enum cwyn_code app_clock_stop_ts(const struct app_ctx *ctx, int64_t case_id,
                                 int64_t matter_id, enum ts_id ts,
                                 cwyn_day day, struct arena *ar,
                                 struct cwyn_error *err);

/* Stop every clock of the case that still runs (closing the case). */
enum cwyn_code app_clock_stop_all(const struct app_ctx *ctx, int64_t case_id,
                                  cwyn_day day, struct arena *ar,
                                  struct cwyn_error *err);

/* ---- Stages (app_stage.c) ----------------------------------------------- */

/* The days of the events a stage opens with, from the facts (or NULL). */
struct app_open_days {
	cwyn_day received;
	cwyn_day stage2_requested;
	cwyn_day chair_received;
	cwyn_day panel_requested;
};

/*
 * Open the first stage of `kind` for a matter: lifecycle_open, the stage
 * row, a "stage.opened" event and the clocks the opening starts.
 */
enum cwyn_code app_stage_open(const struct app_ctx *ctx,
                              const struct store_matter *m,
                              enum stage_kind kind,
                              const struct app_open_days *days,
                              struct arena *ar, struct store_stage *out,
                              struct cwyn_error *err);

/* Apply a lifecycle result's clock stops, then its starts, on `day`. */
enum cwyn_code app_stage_clocks(const struct app_ctx *ctx,
                                const struct store_stage *s,
                                const struct lifecycle_result *res,
                                cwyn_day day, struct arena *ar,
                                struct cwyn_error *err);

/* The latest stage of a matter (loaded from the store). */
enum cwyn_code app_stage_current(const struct app_ctx *ctx,
                                 const struct store_matter *m,
                                 struct arena *ar, struct store_stage *out,
                                 bool *found, struct cwyn_error *err);

/* The route a stage kind belongs to (for the matter's route column). */
enum route app_route_for_kind(enum stage_kind k, enum route current);

/* The overall route of the case from its matters' routes. */
enum cwyn_code app_overall_route(const struct app_ctx *ctx,
                                 const struct store_case *c,
                                 struct arena *ar, const char **out,
                                 struct cwyn_error *err);

/* ---- Triage (intake.c) -------------------------------------------------- */

/*
 * Parse facts and decide (shared by intake and route). channel (may be
 * NULL) overrides the document's: "oral", or "written"/"web" (written).
 * On success *f and *d are set (d owned by the caller: decision_free).
 */
enum cwyn_code app_triage(const struct app_ctx *ctx, const char *json,
                          size_t len, const char *channel, struct arena *ar,
                          struct facts *f, struct decision **d,
                          struct cwyn_error *err);

/* Fill a matter row from its facts, its decision and that decision as
 * JSON (not ids or seq). */
void app_matter_fill(const struct facts_matter *fm,
                     const struct matter_decision *md, json_t *md_json,
                     struct arena *ar, struct store_matter *m);

/* Open days for one matter of the facts. */
void app_open_days_for(const struct facts *f, const struct facts_matter *fm,
                       struct app_open_days *out);

/* The conference window clock (14 WD after the minutes were sent),
 * stopped on the day the complaint arrived: shows whether it was late. */
enum cwyn_code app_conference_window(const struct app_ctx *ctx,
                                     const struct store_matter *m,
                                     const struct facts_matter *fm,
                                     cwyn_day arrived, struct arena *ar,
                                     struct cwyn_error *err);

#endif
