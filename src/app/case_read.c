/*
 * case_read.c — reading cases: one case with everything about it, and a
 * page of the cases the actor may see. Reads are use cases too: each is a
 * transaction that writes its audit entry (who read which case), because
 * the people in these files are children and their families.
 */
#include <string.h>

#include "app/app_internal.h"
#include "store/audit.h"

static enum cwyn_code load_parts(const struct app_ctx *ctx,
                                 struct arena *ar, struct app_case_view *v,
                                 struct cwyn_error *err)
{
	struct db *db = ctx->db;
	int64_t a = v->c.authority_id, id = v->c.id;
	enum cwyn_code rc;
	if ((rc = store_complainant_list(db, a, id, ar, &v->complainants,
	                                 &v->n_complainants, err)) ||
	    (rc = store_child_list(db, a, id, ar, &v->children, &v->n_children,
	                           err)) ||
	    (rc = store_matter_list(db, a, id, ar, &v->matters, &v->n_matters,
	                            err)) ||
	    (rc = store_stage_list(db, a, id, ar, &v->stages, &v->n_stages,
	                           err)) ||
	    (rc = store_clock_list(db, a, id, ar, &v->clocks, &v->n_clocks,
	                           err)) ||
	    (rc = store_extension_list(db, a, id, ar, &v->extensions,
	                               &v->n_extensions, err)) ||
	    (rc = store_event_list(db, a, id, ar, &v->events, &v->n_events,
	                           err)) ||
	    (rc = store_letter_list(db, a, id, ar, &v->letters, &v->n_letters,
	                            err)))
		return rc;
	v->status = arena_calloc(ar, v->n_clocks ? v->n_clocks : 1,
	                         sizeof *v->status);
	if (v->status == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
	for (size_t i = 0; i < v->n_clocks; i++) {
		struct clock c;
		rc = app_clock_from_row(ctx, &v->clocks[i], &c, err);
		if (rc != CWYN_OK)
			return rc;
		v->status[i] = clock_status(&c, ctx->cal, ctx->today);
	}
	return CWYN_OK;
}

/*
 * A read's transaction writes nothing but the audit entry of the read, so
 * it commits without waiting for the disk (app_begin_read, then app_end):
 * reads no longer queue one fsync each behind each other. The entry is
 * in the log before the answer leaves and survives the process being
 * killed; a power cut can lose the last such entries, back to the last
 * durable commit (any change to a case) or checkpoint, and `cwyn audit
 * verify` then still finds the chain whole, because the chain head goes
 * back with them (docs/operations.md, "Audit entries of reads"). Every
 * change stays a synchronous=FULL commit.
 */
enum cwyn_code app_case_read(const struct app_ctx *ctx, const char *reference,
                             struct arena *ar, struct app_case_view *out,
                             struct cwyn_error *err)
{
	struct app_case_view v;
	memset(&v, 0, sizeof v);
	v.today = ctx->today;
	enum cwyn_code rc = app_begin_read(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	rc = app_load_case(ctx, reference, AZ_CASE_READ, ar, &v.c, err);
	if (rc == CWYN_OK)
		rc = load_parts(ctx, ar, &v, err);
	if (rc == CWYN_OK)
		rc = audit_read_case(ctx->db, ctx->actor.authority_id,
		                     ctx->actor.username, v.c.id, err);
	rc = app_end(ctx, rc, err);
	if (rc == CWYN_OK)
		*out = v;
	return rc;
}

const struct store_stage *app_view_current_stage(const struct app_case_view *v,
                                                 int64_t matter_id)
{
	for (size_t i = v->n_stages; i-- > 0;)
		if (v->stages[i].matter_id == matter_id)
			return &v->stages[i];
	return NULL;
}

enum cwyn_code app_case_list(const struct app_ctx *ctx,
                             const struct app_case_list_in *in,
                             struct arena *ar, struct store_case **out,
                             size_t *n, bool *more, struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	if (more)
		*more = false;
	size_t limit = in->limit ? in->limit : 50;
	struct store_case_filter flt = {
	    .authority_id = ctx->actor.authority_id,
	    .status = in->status,
	    .route = in->route,
	    .overdue_only = in->overdue_only,
	    .owner_user_id = in->owner_user_id,
	    .alert_only = in->alert_only,
	    .today = ctx->today,
	    .limit = in->limit,
	    .after_id = in->after_id,
	};
	struct store_case *rows = NULL;
	size_t kept = 0;
	bool has_more = true;
	enum cwyn_code rc = app_begin_read(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	rc = authz_check(ctx, AZ_CASE_LIST, NULL, err);
	if (rc == CWYN_OK && limit > 500)
		rc = cwyn_fail(err, CWYN_ERANGE, "limit",
		               "limit must be between 1 and 500");
	if (rc == CWYN_OK && (rows = arena_calloc(ar, limit, sizeof *rows)) ==
	                         NULL)
		rc = cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
	/*
	 * Cases the actor may not see are left out, as if they did not exist
	 * (restricted cases, investigators' unassigned cases). Pages are
	 * read until this one is full, so a page is short only at the end
	 * and the last row shown is always the place to go on from.
	 */
	while (rc == CWYN_OK && has_more && kept < limit) {
		struct store_case *page;
		size_t got = 0;
		rc = store_case_list(ctx->db, &flt, ar, &page, &got, &has_more,
		                     err);
		for (size_t i = 0; rc == CWYN_OK && i < got; i++) {
			if (!authz_can_see(ctx, &page[i])) {
				flt.after_id = page[i].id;
				continue;
			}
			if (kept == limit) {
				has_more = true;
				break;
			}
			rows[kept++] = page[i];
			flt.after_id = page[i].id;
		}
		if (got == 0)
			has_more = false;
	}
	if (rc == CWYN_OK) {
		json_t *d = json_object();
		json_object_set_new(d, "status", app_json_str(in->status));
		json_object_set_new(d, "route", app_json_str(in->route));
		json_object_set_new(d, "overdue", json_boolean(in->overdue_only));
		json_object_set_new(d, "after", json_integer(in->after_id));
		json_object_set_new(d, "shown", json_integer((json_int_t)kept));
		rc = app_audit(ctx, "case.list", 0, d, err);
	}
	rc = app_end(ctx, rc, err);
	if (rc == CWYN_OK) {
		*out = rows;
		*n = kept;
		if (more)
			*more = has_more;
		/* The last case looked at, shown or skipped: where the next
		 * page starts. */
		if (in->next_after != NULL)
			*in->next_after = flt.after_id;
	}
	return rc;
}
