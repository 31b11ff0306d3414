/*
 * retention.c — the retention run of retention.h.
 *
 * Anonymising keeps a case's lessons learned, stripped of the names the
 * case held (the same redaction the annual report applies), so what the
 * authority learned outlives the personal data; everything else personal
 * becomes "[removed]" (store_case_anonymise).
 */
#include <string.h>

#include "app/app_internal.h"
#include "app/retention.h"
#include "i18n/i18n.h"
#include "out/report.h"
#include "store/store_retention.h"

#define RETENTION_BATCH 1000

/* The lesson of a case with its people's names removed (NULL: none). */
static enum cwyn_code redacted_lessons(const struct app_ctx *ctx,
                                       int64_t case_id, struct arena *ar,
                                       const char **out,
                                       struct cwyn_error *err)
{
	struct store_case c;
	struct store_complainant *ps;
	struct store_child *ks;
	size_t np, nk;
	*out = NULL;
	enum cwyn_code rc = store_case_get(ctx->db, ctx->actor.authority_id,
	                                   case_id, ar, &c, err);
	if (rc != CWYN_OK || c.lessons_learned == NULL)
		return rc;
	if ((rc = store_complainant_list(ctx->db, ctx->actor.authority_id,
	                                 case_id, ar, &ps, &np, err)) ||
	    (rc = store_child_list(ctx->db, ctx->actor.authority_id, case_id, ar,
	                           &ks, &nk, err)))
		return rc;
	const char **names = arena_calloc(ar, np + nk + 1, sizeof *names);
	if (names == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "retention", "out of memory");
	for (size_t i = 0; i < np; i++)
		names[i] = ps[i].name;
	for (size_t i = 0; i < nk; i++)
		names[np + i] = ks[i].label;
	*out = report_redact(ar, c.lessons_learned, names, np + nk);
	if (*out == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "retention", "out of memory");
	return CWYN_OK;
}

static enum cwyn_code one_case(const struct app_ctx *ctx,
                               enum retention_action action,
                               const struct store_retention_due *d,
                               struct arena *ar, struct cwyn_error *err)
{
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	const char *lessons = NULL;
	if (action == RETENTION_DELETE)
		rc = store_case_delete(ctx->db, ctx->actor.authority_id,
		                       d->case_id, err);
	else if ((rc = redacted_lessons(ctx, d->case_id, ar, &lessons, err)) ==
	         CWYN_OK)
		rc = store_case_anonymise(ctx->db, ctx->actor.authority_id,
		                          d->case_id, lessons, err);
	if (rc == CWYN_OK) {
		json_t *j = json_object();
		json_object_set_new(j, "reference", json_string(d->reference));
		json_object_set_new(j, "closed", app_json_day(d->closed));
		json_object_set_new(j, "retention_years",
		                    json_integer(ctx->policy->settings
		                                     .retention_years));
		rc = app_audit(ctx,
		               action == RETENTION_DELETE ? "retention.delete"
		                                          : "retention.anonymise",
		               d->case_id, j, err);
	}
	return app_end(ctx, rc, err);
}

enum cwyn_code app_retention_run(const struct app_ctx *ctx, bool dry_run,
                                 struct arena *ar,
                                 struct app_retention_result *out,
                                 struct cwyn_error *err)
{
	memset(out, 0, sizeof *out);
	enum cwyn_code rc = authz_check(ctx, AZ_RETENTION_RUN, NULL, err);
	if (rc != CWYN_OK)
		return rc;
	if (ctx->policy == NULL || ctx->today == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINTERNAL, "ctx",
		                 "the application context is incomplete");
	int years = ctx->policy->settings.retention_years > 0
	                ? ctx->policy->settings.retention_years
	                : POLICY_RETENTION_YEARS_DEFAULT;
	out->action = ctx->policy->settings.retention_action;
	out->closed_by = date_add_months(ctx->today, -12 * years);
	/* Batches, each case its own transaction; cases done drop out of
	 * the query (anonymised_at set), so the next batch starts afresh. */
	for (;;) {
		struct store_retention_due *due;
		size_t n;
		rc = store_retention_due(ctx->db, ctx->actor.authority_id,
		                         out->closed_by,
		                         dry_run ? 0 : RETENTION_BATCH, ar, &due,
		                         &n, err);
		if (rc != CWYN_OK)
			return rc;
		struct app_retention_item *items =
		    arena_alloc(ar, (out->n + n + 1) * sizeof *items);
		if (items == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "retention",
			                 "out of memory");
		if (out->n)
			memcpy(items, out->items, out->n * sizeof *items);
		for (size_t i = 0; i < n; i++) {
			if (!dry_run &&
			    (rc = one_case(ctx, out->action, &due[i], ar, err)) !=
			        CWYN_OK)
				return rc;
			struct app_retention_item *it = &items[out->n++];
			it->case_id = due[i].case_id;
			memcpy(it->reference, due[i].reference,
			       sizeof it->reference);
			it->closed = due[i].closed;
		}
		out->items = items;
		if (dry_run || n < RETENTION_BATCH)
			break;
	}
	return CWYN_OK;
}
