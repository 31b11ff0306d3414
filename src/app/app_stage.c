/*
 * app_stage.c — stages of a matter between core/lifecycle and the store:
 * opening the first stage of a route with the clocks it starts, applying
 * a transition's clock stops and starts, finding a matter's current stage
 * and keeping the matter's and the case's routes in step with them.
 */
#include <string.h>

#include "app/app_internal.h"

/* The day an event happened when a stage opens. */
static cwyn_day open_day(const struct app_open_days *d, enum policy_event e)
{
	switch (e) {
	case EV_STAGE2_REQUESTED:
	case EV_STAGE2_SUMMARY_AGREED:
		return d->stage2_requested;
	case EV_CHAIR_RECEIVED:
		return d->chair_received;
	case EV_PANEL_REQUESTED:
		return d->panel_requested;
	default:
		return d->received;
	}
}

static cwyn_day stage_open_day(const struct app_open_days *d,
                               enum stage_kind k)
{
	switch (k) {
	case STAGE_KIND_STAGE2: return d->stage2_requested;
	case STAGE_KIND_CONFERENCE: return d->chair_received;
	case STAGE_KIND_PANEL: return d->panel_requested;
	default: return d->received;
	}
}

enum cwyn_code app_stage_open(const struct app_ctx *ctx,
                              const struct store_matter *m,
                              enum stage_kind kind,
                              const struct app_open_days *days,
                              struct arena *ar, struct store_stage *out,
                              struct cwyn_error *err)
{
	struct lifecycle_ctx lc = {.policy = ctx->policy};
	struct lifecycle_result res;
	enum cwyn_code rc = lifecycle_open(kind, &lc, &res, err);
	if (rc != CWYN_OK)
		return rc;
	struct store_stage s = {
	    .matter_id = m->id,
	    .case_id = m->case_id,
	    .authority_id = m->authority_id,
	    .kind = stage_kind_name(res.kind),
	    .state = stage_state_name(res.state),
	    .opened_on = stage_open_day(days, kind),
	    .closed_on = CWYN_DAY_NONE,
	};
	rc = store_stage_insert(ctx->db, &s, err);
	if (rc != CWYN_OK)
		return rc;
	json_t *d = json_object();
	json_object_set_new(d, "matter", json_integer(m->seq));
	json_object_set_new(d, "stage", json_integer(s.id));
	json_object_set_new(d, "kind", json_string(s.kind));
	json_object_set_new(d, "state", json_string(s.state));
	json_object_set_new(d, "opened", app_json_day(s.opened_on));
	json_object_set_new(d, "rule", app_json_str(res.rule_id));
	json_object_set_new(d, "source", app_json_str(res.source));
	rc = app_event(ctx, m->case_id, "stage.opened", d, err);
	/* Each clock runs from the day of its own starting event. */
	for (size_t i = 0; rc == CWYN_OK && i < res.n_start; i++) {
		enum ts_id ts = res.start[i];
		cwyn_day day = open_day(days, ctx->policy->timescales[ts].from);
		rc = app_clock_start(ctx, m->case_id, m->id, s.id, ts, day, ar,
		                     NULL, err);
	}
	if (rc == CWYN_OK && out)
		*out = s;
	return rc;
}

enum cwyn_code app_stage_clocks(const struct app_ctx *ctx,
                                const struct store_stage *s,
                                const struct lifecycle_result *res,
                                cwyn_day day, struct arena *ar,
                                struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	for (size_t i = 0; rc == CWYN_OK && i < res->n_stop; i++)
		rc = app_clock_stop_ts(ctx, s->case_id, s->matter_id,
		                       res->stop[i], day, ar, err);
	for (size_t i = 0; rc == CWYN_OK && i < res->n_start; i++)
		rc = app_clock_start(ctx, s->case_id, s->matter_id, s->id,
		                     res->start[i], day, ar, NULL, err);
	return rc;
}

enum cwyn_code app_stage_current(const struct app_ctx *ctx,
                                 const struct store_matter *m,
                                 struct arena *ar, struct store_stage *out,
                                 bool *found, struct cwyn_error *err)
{
	struct store_stage *all;
	size_t n;
	*found = false;
	enum cwyn_code rc = store_stage_list(ctx->db, ctx->actor.authority_id,
	                                     m->case_id, ar, &all, &n, err);
	if (rc != CWYN_OK)
		return rc;
	/* Stages come in opening order: the last one of the matter is where
	 * it stands now. */
	for (size_t i = n; i-- > 0;) {
		if (all[i].matter_id == m->id) {
			*out = all[i];
			*found = true;
			break;
		}
	}
	return CWYN_OK;
}

enum route app_route_for_kind(enum stage_kind k, enum route current)
{
	switch (k) {
	case STAGE_KIND_STAGE1: return ROUTE_COUNCIL_STAGE1;
	case STAGE_KIND_STAGE2: return ROUTE_COUNCIL_STAGE2;
	case STAGE_KIND_CONFERENCE: return ROUTE_CONFERENCE_CHAIR;
	case STAGE_KIND_PANEL: return ROUTE_SAFEGUARDING_PANEL;
	case STAGE_KIND_EXCLUDED: return ROUTE_EXCLUDED_COURT;
	default: return current; /* a referral: other agency or Ombudsman */
	}
}

enum cwyn_code app_overall_route(const struct app_ctx *ctx,
                                 const struct store_case *c,
                                 struct arena *ar, const char **out,
                                 struct cwyn_error *err)
{
	struct store_matter *ms;
	size_t n;
	enum cwyn_code rc = store_matter_list(ctx->db, ctx->actor.authority_id,
	                                      c->id, ar, &ms, &n, err);
	if (rc != CWYN_OK)
		return rc;
	const char *route = NULL;
	for (size_t i = 0; i < n; i++) {
		if (ms[i].route == NULL)
			continue;
		if (route == NULL) {
			route = ms[i].route;
		} else if (strcmp(route, ms[i].route) != 0) {
			route = route_name(ROUTE_SPLIT);
			break;
		}
	}
	*out = route ? arena_strdup(ar, route) : NULL;
	return CWYN_OK;
}
