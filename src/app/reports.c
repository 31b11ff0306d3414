/*
 * reports.c — the reporting use cases of reports.h.
 *
 * The figures are read outside any write transaction (a report over a
 * year of a large council must not hold SQLite's write lock while it
 * counts); then one short transaction records the audit entry. A report
 * is therefore a set of consistent-enough counts: a case closed while the
 * report runs may or may not be in it, as with any report run a moment
 * earlier or later.
 */
#include <string.h>

#include "app/app_internal.h"
#include "app/reports.h"
#include "i18n/i18n.h"
#include "store/store_reports.h"

/* May the actor read reports, for one authority or all? */
static enum cwyn_code check(const struct app_ctx *ctx, bool all,
                            struct cwyn_error *err)
{
	if (ctx == NULL || ctx->db == NULL || ctx->cal == NULL)
		return cwyn_fail(err, CWYN_EINTERNAL, "ctx",
		                 "the application context is incomplete");
	enum cwyn_code rc = authz_check(ctx, AZ_REPORT_READ, NULL, err);
	if (rc == CWYN_OK && all && ctx->actor.role != APP_ROLE_OPERATOR)
		rc = cwyn_fail(err, CWYN_EFORBIDDEN, "authority",
		               N_("only the operator may report across every "
		                  "authority"));
	return rc;
}

/* The authorities a report covers. */
static enum cwyn_code scope(const struct app_ctx *ctx, bool all,
                            struct arena *ar, struct store_authority **out,
                            size_t *n, struct cwyn_error *err)
{
	if (all)
		return store_authority_list(ctx->db, ar, out, n, err);
	*out = arena_calloc(ar, 1, sizeof **out);
	if (*out == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "report", "out of memory");
	*n = 1;
	return store_authority_get(ctx->db, ctx->actor.authority_id, ar, *out,
	                           err);
}

/* Add one authority's figures for [from, to]; lessons only when asked. */
static enum cwyn_code add_authority(const struct app_ctx *ctx, int64_t id,
                                    cwyn_day from, cwyn_day to,
                                    bool lessons, struct arena *ar,
                                    struct report_figures *r,
                                    struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	for (int q = 0; rc == CWYN_OK && q < SRQ__MAX; q++) {
		struct store_rcount *rows;
		size_t n;
		rc = store_report_counts(ctx->db, id, (enum store_rq)q, from, to,
		                         ar, &rows, &n, err);
		if (rc == CWYN_OK)
			report_add_counts(r, (enum store_rq)q, rows, n);
	}
	struct store_rclosure *cl;
	struct store_rext *ex;
	struct store_rlesson *ls;
	size_t n;
	if (rc == CWYN_OK &&
	    (rc = store_report_closures(ctx->db, id, from, to, ar, &cl, &n,
	                                err)) == CWYN_OK)
		report_add_closures(r, ctx->cal, cl, n);
	if (rc == CWYN_OK &&
	    (rc = store_report_extensions(ctx->db, id, from, to, ar, &ex, &n,
	                                  err)) == CWYN_OK)
		report_add_extensions(r, ctx->cal, ex, n);
	if (rc == CWYN_OK && lessons &&
	    (rc = store_report_lessons(ctx->db, id, from, to,
	                               REPORT_LESSONS_MAX + 1, ar, &ls, &n,
	                               err)) == CWYN_OK)
		rc = report_add_lessons(r, ar, ls, n, err);
	r->n_authorities++;
	return rc;
}

static enum cwyn_code audit_report(const struct app_ctx *ctx,
                                   const char *kind, bool all,
                                   cwyn_day from, cwyn_day to,
                                   struct cwyn_error *err)
{
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	json_t *d = json_object();
	json_object_set_new(d, "report", json_string(kind));
	json_object_set_new(d, "from", app_json_day(from));
	json_object_set_new(d, "to", app_json_day(to));
	json_object_set_new(d, "all_authorities", json_boolean(all));
	rc = app_audit(ctx, "report.read", 0, d, err);
	return app_end(ctx, rc, err);
}

enum cwyn_code app_report_annual(const struct app_ctx *ctx, bool all,
                                 cwyn_day from, cwyn_day to,
                                 struct arena *ar, struct report_figures *out,
                                 struct cwyn_error *err)
{
	report_figures_init(out, from, to);
	enum cwyn_code rc = check(ctx, all, err);
	if (rc != CWYN_OK)
		return rc;
	if (from == CWYN_DAY_NONE || to == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, from == CWYN_DAY_NONE ? "from"
		                                                         : "to",
		                 N_("give the period: from and to"));
	if (to < from)
		return cwyn_fail(err, CWYN_EINVAL, "to",
		                 N_("the period ends before it starts"));
	struct store_authority *as;
	size_t na;
	if ((rc = scope(ctx, all, ar, &as, &na, err)) != CWYN_OK)
		return rc;
	for (size_t i = 0; rc == CWYN_OK && i < na; i++)
		rc = add_authority(ctx, as[i].id, from, to, true, ar, out, err);
	if (rc == CWYN_OK)
		rc = audit_report(ctx, "annual", all, from, to, err);
	return rc;
}

enum cwyn_code app_report_csa(const struct app_ctx *ctx, bool all, int year,
                              int quarter, struct arena *ar,
                              struct report_csa_row **out, size_t *n,
                              struct cwyn_error *err)
{
	*out = NULL;
	*n = 0;
	cwyn_day from, to;
	enum cwyn_code rc = check(ctx, all, err);
	if (rc == CWYN_OK)
		rc = report_quarter(year, quarter, &from, &to, err);
	struct store_authority *as = NULL;
	size_t na = 0;
	if (rc == CWYN_OK)
		rc = scope(ctx, all, ar, &as, &na, err);
	if (rc != CWYN_OK)
		return rc;
	struct report_csa_row *rows = arena_calloc(ar, na ? na : 1, sizeof *rows);
	if (rows == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "report", "out of memory");
	for (size_t i = 0; rc == CWYN_OK && i < na; i++) {
		rows[i].authority_code = as[i].code;
		rows[i].authority_name = as[i].name_en;
		rows[i].year = year;
		rows[i].quarter = quarter;
		report_figures_init(&rows[i].f, from, to);
		rc = add_authority(ctx, as[i].id, from, to, false, ar,
		                   &rows[i].f, err);
	}
	if (rc == CWYN_OK)
		rc = audit_report(ctx, "csa", all, from, to, err);
	if (rc == CWYN_OK) {
		*out = rows;
		*n = na;
	}
	return rc;
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *pct(int64_t num, int64_t den)
{
	if (den <= 0)
		return json_null();
	return json_real((double)((num * 1000 + den / 2) / den) / 10.0);
}

json_t *app_report_json(const struct report_figures *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "from", app_json_day(r->from));
	json_object_set_new(o, "to", app_json_day(r->to));
	json_object_set_new(o, "authorities",
	                    json_integer((json_int_t)r->n_authorities));
	json_object_set_new(o, "received", json_integer(r->received));

	json_t *st = json_object();
	for (int k = 0; k < STAGE_KIND__MAX; k++)
		json_object_set_new(st, stage_kind_name((enum stage_kind)k),
		                    json_integer(r->by_stage[k]));
	json_object_set_new(o, "received_by_stage", st);

	json_t *su = json_object();
	for (int s = 0; s < SUBJ__MAX; s++)
		if (r->by_subject[s])
			json_object_set_new(
			    su, matter_subject_name((enum matter_subject)s),
			    json_integer(r->by_subject[s]));
	json_object_set_new(o, "received_by_subject", su);

	json_t *tl = json_object();
	for (int i = 0; i < REPORT_N_TIMELY; i++) {
		enum ts_id ts = report_timely_ts[i];
		const struct report_timely *t = &r->timely[ts];
		json_object_set_new(
		    tl, ts_id_name(ts),
		    json_pack("{s:I,s:I,s:I,s:o}", "responded",
		              (json_int_t)t->responded, "within_timescale",
		              (json_int_t)t->within, "within_by_extension",
		              (json_int_t)t->within_extended, "percent_within",
		              pct(t->within, t->responded)));
	}
	json_object_set_new(o, "timeliness", tl);

	json_object_set_new(o, "closed", json_integer(r->closed));
	json_t *oc = json_object();
	for (int k = OUTCOME_UPHELD; k < OUTCOME__MAX; k++)
		json_object_set_new(oc, outcome_name((enum outcome)k),
		                    json_integer(r->by_outcome[k]));
	json_object_set_new(o, "outcomes", oc);
	json_object_set_new(o, "upheld_whole_or_part",
	                    json_integer(r->upheld_whole_or_part));
	json_object_set_new(o, "percent_upheld_whole_or_part",
	                    pct(r->upheld_whole_or_part, r->closed));
	json_t *bd = json_object();
	for (int b = 0; b < RB__MAX; b++)
		json_object_set_new(bd, report_band_name((enum report_band)b),
		                    json_integer(r->by_band[b]));
	json_object_set_new(o, "closed_by_time_taken", bd);

	json_t *ag = json_object();
	for (int a = 0; a < AGENCY__MAX; a++)
		if (r->by_agency[a])
			json_object_set_new(ag, agency_name((enum agency)a),
			                    json_integer(r->by_agency[a]));
	json_object_set_new(o, "referrals_to_other_agencies",
	                    json_pack("{s:I,s:o}", "total",
	                              (json_int_t)r->referrals, "by_agency",
	                              ag));
	json_object_set_new(o, "ombudsman_referrals",
	                    json_integer(r->psow_referrals));
	int64_t avg = report_extension_avg_tenths(r);
	json_object_set_new(
	    o, "extensions",
	    json_pack("{s:I,s:I,s:o}", "count", (json_int_t)r->extensions,
	              "working_days_added", (json_int_t)r->extension_wd,
	              "average_working_days",
	              r->extensions ? json_real((double)avg / 10.0)
	                            : json_null()));
	json_t *ll = json_array();
	for (size_t i = 0; i < r->n_lessons; i++)
		json_array_append_new(
		    ll, json_pack("{s:o,s:o,s:s}", "closed",
		                  app_json_day(r->lessons[i].closed), "outcome",
		                  app_json_str(r->lessons[i].outcome), "lesson",
		                  r->lessons[i].text));
	json_object_set_new(o, "lessons_learned", ll);
	json_object_set_new(o, "lessons_truncated",
	                    json_boolean(r->lessons_truncated));
	return o;
}

/* ---- Exports ---------------------------------------------------------------- */

enum cwyn_code app_export_cases(const struct app_ctx *ctx,
                                const struct app_export_filter *f,
                                app_export_fn fn, void *fn_ctx,
                                size_t *n_out, struct cwyn_error *err)
{
	size_t count = 0;
	if (n_out)
		*n_out = 0;
	enum cwyn_code rc = authz_check(ctx, AZ_CASE_LIST, NULL, err);
	if (rc != CWYN_OK)
		return rc;
	struct store_export_filter sf = {
	    .authority_id = ctx->actor.authority_id,
	    .status = f->status,
	    .from = f->from,
	    .to = f->to,
	};
	bool more = true, stop = false;
	while (rc == CWYN_OK && more && !stop) {
		struct arena ar;
		struct store_export_case *cs;
		size_t n;
		arena_init(&ar, 0);
		rc = store_export_cases(ctx->db, &sf, &ar, &cs, &n, &more, err);
		for (size_t i = 0; rc == CWYN_OK && i < n && !stop; i++) {
			sf.after_id = cs[i].c.id;
			if (!authz_can_see(ctx, &cs[i].c))
				continue;
			struct app_export_case e = {.c = &cs[i].c,
			                            .subjects = cs[i].subjects};
			stop = fn(fn_ctx, &e) != 0;
			count++;
		}
		arena_free(&ar);
	}
	if (rc != CWYN_OK)
		return rc;
	if ((rc = app_begin(ctx, err)) != CWYN_OK)
		return rc;
	json_t *d = json_object();
	json_object_set_new(d, "status", app_json_str(f->status));
	json_object_set_new(d, "from", app_json_day(f->from));
	json_object_set_new(d, "to", app_json_day(f->to));
	json_object_set_new(d, "cases", json_integer((json_int_t)count));
	rc = app_end(ctx, app_audit(ctx, "case.export", 0, d, err), err);
	if (rc == CWYN_OK && n_out)
		*n_out = count;
	return rc;
}
