/*
 * route.c — the facts changed: triage the case again.
 *
 * The new facts replace the old ones; each matter keeps its number and
 * gets its new decision. A matter whose route changed is recorded on the
 * timeline with its new reasons, and when the new route needs a different
 * kind of stage the old stage ends where it stands and the new one opens
 * with its clocks. New matters are added as at intake. Matters are never
 * deleted — the record of a case is kept whole — so facts with fewer
 * matters are refused (withdraw a matter instead). A safeguarding alert
 * raised by the new facts goes on the timeline at once.
 */
#include <string.h>

#include "app/app_internal.h"
#include "store/store_search.h"
#include "app/facts_json.h"

static json_t *rule_list(size_t n, const char **ids)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, app_json_str(ids[i]));
	return a;
}

/* The stage kind of a matter's latest stage (STAGE_KIND__MAX: none). */
static enum stage_kind current_kind(const struct app_ctx *ctx,
                                    const struct store_matter *m,
                                    struct arena *ar, struct store_stage *s,
                                    bool *found, enum cwyn_code *rc,
                                    struct cwyn_error *err)
{
	enum stage_kind k = STAGE_KIND__MAX;
	*rc = app_stage_current(ctx, m, ar, s, found, err);
	if (*rc == CWYN_OK && *found && !stage_kind_from_name(s->kind, &k))
		k = STAGE_KIND__MAX;
	return k;
}

/* End the matter's stage (if open) and open one of the new kind. */
static enum cwyn_code restage(const struct app_ctx *ctx,
                              struct store_matter *m, struct store_stage *s,
                              bool had, enum stage_kind kind,
                              const struct facts *f,
                              const struct facts_matter *fm, struct arena *ar,
                              struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	if (had && s->closed_on == CWYN_DAY_NONE) {
		s->closed_on = ctx->today;
		rc = store_stage_update(ctx->db, s, err);
		/* Its own clocks stop: the matter no longer goes that way. */
		struct store_clock *all;
		size_t n = 0;
		if (rc == CWYN_OK)
			rc = store_clock_list(ctx->db, ctx->actor.authority_id,
			                      m->case_id, ar, &all, &n, err);
		for (size_t i = 0; rc == CWYN_OK && i < n; i++) {
			enum ts_id ts;
			if (all[i].stage_id == s->id &&
			    strcmp(all[i].state, "stopped") != 0 &&
			    ts_id_from_name(all[i].timescale, &ts))
				rc = app_clock_stop_ts(ctx, m->case_id, m->id, ts,
				                       ctx->today, ar, err);
		}
	}
	if (rc != CWYN_OK || kind == STAGE_KIND__MAX)
		return rc;
	struct app_open_days days;
	app_open_days_for(f, fm, &days);
	/* The new stage opens now: its clocks run from today, not from
	 * events that happened before anyone knew it went this way. */
	days.received = days.stage2_requested = days.chair_received =
	    days.panel_requested = ctx->today;
	rc = app_stage_open(ctx, m, kind, &days, ar, NULL, err);
	if (rc == CWYN_OK && kind == STAGE_KIND_CONFERENCE)
		rc = app_conference_window(ctx, m, fm,
		                           fm->chair_received != CWYN_DAY_NONE
		                               ? fm->chair_received
		                               : f->received,
		                           ar, err);
	return rc;
}

enum cwyn_code app_route(const struct app_ctx *ctx, const char *reference,
                         int64_t version, const char *facts_json,
                         size_t facts_len, struct app_case_ref *out,
                         struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	struct facts f;
	struct decision *d = NULL;
	json_t *djson = NULL;
	struct store_matter *ms = NULL;
	size_t n_ms = 0;
	size_t rerouted = 0;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_ROUTE, &ar, &c, err)) ||
	    (rc = app_check_version(&c, version, err)) ||
	    (rc = app_check_open(&c, err)))
		goto out;
	/* The channel is the case's, not the new document's. */
	rc = app_triage(ctx, facts_json, facts_len,
	                strcmp(c.channel, "oral") == 0 ? "oral" : "written",
	                &ar, &f, &d, err);
	if (rc != CWYN_OK)
		goto out;
	if ((rc = store_matter_list(ctx->db, c.authority_id, c.id, &ar, &ms,
	                            &n_ms, err)))
		goto out;
	if (d->n_matters < n_ms) {
		rc = cwyn_fail(err, CWYN_EINVAL, "matters",
		               "the case has %zu matters and the new facts only "
		               "%zu: matters are never removed (withdraw one "
		               "instead)",
		               n_ms, d->n_matters);
		goto out;
	}
	enum language lang = LANG_EN;
	language_from_name(c.language, &lang);
	djson = decision_to_json(d, ctx->policy, lang);
	if (djson == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
		goto out;
	}
	json_t *mjs = json_object_get(djson, "matters");

	if (d->safeguarding_alert && !c.safeguarding_alert) {
		json_t *e = json_object();
		json_object_set_new(e, "reasons", rule_list(d->n_alert_reasons,
		                                            d->alert_reasons));
		json_object_set_new(e, "action",
		                    json_string("Raise a safeguarding referral "
		                                "today under the Wales "
		                                "Safeguarding Procedures; the "
		                                "complaint continues."));
		if ((rc = app_event(ctx, c.id, "safeguarding_alert", e, err)))
			goto out;
	}
	for (size_t i = 0; i < d->n_matters; i++) {
		const struct matter_decision *md = &d->matters[i];
		const struct facts_matter *fm = &f.matters[i];
		struct store_matter m = {
		    .case_id = c.id,
		    .authority_id = c.authority_id,
		    .seq = (int)i + 1,
		};
		const char *old_route = NULL;
		bool existing = i < n_ms;
		if (existing) {
			m = ms[i];
			old_route = m.route;
		}
		app_matter_fill(fm, md, json_array_get(mjs, i), &ar, &m);
		rc = existing ? store_matter_update(ctx->db, &m, err)
		              : store_matter_insert(ctx->db, &m, err);
		if (rc != CWYN_OK)
			goto out;
		if (existing && old_route && strcmp(old_route, m.route) == 0)
			continue;
		rerouted++;
		json_t *e = json_object();
		json_object_set_new(e, "matter", json_integer(m.seq));
		json_object_set_new(e, "from", app_json_str(old_route));
		json_object_set_new(e, "to", json_string(m.route));
		json_object_set_new(e, "reasons",
		                    rule_list(md->n_reasons, md->reasons));
		rc = app_event(ctx, c.id,
		               existing ? "matter.rerouted" : "matter.routed", e,
		               err);
		if (rc != CWYN_OK)
			goto out;
		struct store_stage s;
		bool had = false;
		enum stage_kind want = stage_for_route(md->route);
		enum stage_kind have = current_kind(ctx, &m, &ar, &s, &had, &rc,
		                                    err);
		if (rc != CWYN_OK)
			goto out;
		if (had && have == want)
			continue;
		if ((rc = restage(ctx, &m, &s, had, want, &f, fm, &ar, err)))
			goto out;
	}

	json_t *e = json_object();
	json_object_set_new(e, "overall_route",
	                    json_string(route_name(d->overall)));
	json_object_set_new(e, "previous", app_json_str(c.overall_route));
	json_object_set_new(e, "matters_rerouted",
	                    json_integer((json_int_t)rerouted));
	json_object_set_new(e, "reasons", rule_list(d->n_reasons, d->reasons));
	if ((rc = app_event(ctx, c.id, "case.retriaged", e, err)))
		goto out;
	c.facts_json = arena_strndup(&ar, facts_json, facts_len);
	c.decision_json = app_json_dump(json_incref(djson), &ar);
	c.overall_route = route_name(d->overall);
	c.safeguarding_alert = c.safeguarding_alert || d->safeguarding_alert;
	if (c.facts_json == NULL || c.decision_json == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
		goto out;
	}
	if ((rc = app_save_case(ctx, &c, out, err)))
		goto out;
	if ((rc = store_search_index_case(ctx->db, c.authority_id, c.id, err)))
		goto out;
	e = json_object();
	json_object_set_new(e, "reference", json_string(c.reference));
	json_object_set_new(e, "route", json_string(c.overall_route));
	json_object_set_new(e, "matters_rerouted",
	                    json_integer((json_int_t)rerouted));
	rc = app_audit(ctx, "case.route", c.id, e, err);
out:
	rc = app_end(ctx, rc, err);
done:
	json_decref(djson);
	decision_free(d);
	arena_free(&ar);
	return rc;
}
