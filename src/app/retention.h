/*
 * retention.h — keeping personal data no longer than the policy says
 * (policy [settings] retention_years, default 6 years after closure;
 * retention_action anonymise | delete; docs/policy-format.md).
 *
 * A case is due when it was closed on or before today minus
 * retention_years and its personal data are still held. Each due case is
 * one transaction with one audit entry ("retention.anonymise" or
 * "retention.delete"): the audit log itself is never changed, so its hash
 * chain still verifies afterwards. A dry run lists what would happen and
 * changes nothing (not even the audit log).
 */
#ifndef CWYN_APP_RETENTION_H
#define CWYN_APP_RETENTION_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"

struct app_retention_item {
	int64_t case_id;
	char reference[STORE_REF_SIZE];
	cwyn_day closed;
};

struct app_retention_result {
	enum retention_action action;
	cwyn_day closed_by;            /* cases closed on or before this */
	struct app_retention_item *items; /* due (dry run) or done */
	size_t n;
};

/* Only the operator may run retention (AZ_RETENTION_RUN). */
enum cwyn_code app_retention_run(const struct app_ctx *ctx, bool dry_run,
                                 struct arena *ar,
                                 struct app_retention_result *out,
                                 struct cwyn_error *err);

#endif
