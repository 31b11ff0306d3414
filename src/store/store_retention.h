/*
 * store_retention.h — the rows retention and subject access work on:
 * which closed cases are past their time, anonymising or deleting one
 * case's personal data, and finding the cases a person is named on.
 *
 * The audit log is never touched: audit_log rows reference cases(id), so
 * even "delete" keeps the case row as a tombstone (reference, authority,
 * dates, route and outcome: no personal data) for the chain to point at.
 * Like every store function these run inside the caller's transaction.
 */
#ifndef CWYN_STORE_STORE_RETENTION_H
#define CWYN_STORE_STORE_RETENTION_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "store/db.h"
#include "store/store.h"

#define STORE_REMOVED "[removed]"

struct store_retention_due {
	int64_t case_id;
	char reference[STORE_REF_SIZE];
	cwyn_day closed;
};

/* Closed cases of the authority closed on or before `closed_by` whose
 * personal data are still held, oldest first, at most `limit`. */
enum cwyn_code store_retention_due(struct db *db, int64_t authority_id,
                                   cwyn_day closed_by, size_t limit,
                                   struct arena *ar,
                                   struct store_retention_due **out,
                                   size_t *n, struct cwyn_error *err);

/* Replace every personal detail and free text of the case with
 * "[removed]" (lessons_learned becomes `lessons`, already stripped of
 * names by the caller; NULL: removed) and set anonymised_at. Dates,
 * routes, stages, clocks and outcomes stay, so reports do not change. */
enum cwyn_code store_case_anonymise(struct db *db, int64_t authority_id,
                                    int64_t case_id, const char *lessons,
                                    struct cwyn_error *err);

/* Remove the case's rows (people, matters, stages, clocks, extensions,
 * timeline, letters, outbox, search index) and reduce the case row to
 * its tombstone. */
enum cwyn_code store_case_delete(struct db *db, int64_t authority_id,
                                 int64_t case_id, struct cwyn_error *err);

/* The ids of the authority's cases naming a complainant or
 * representative whose name or e-mail (either may be NULL) equals the
 * given one, ignoring case, in id order. */
enum cwyn_code store_sar_cases(struct db *db, int64_t authority_id,
                               const char *name, const char *email,
                               struct arena *ar, int64_t **out, size_t *n,
                               struct cwyn_error *err);

#endif
