/*
 * advance.c — one step of the procedure on one matter: acknowledge,
 * record the discussion, request Stage 2, appoint the investigator,
 * notify the senior manager, escalate to the panel, refer, resolve, send
 * the response, close with an outcome, withdraw, reopen ...
 *
 * core/lifecycle decides whether the step is allowed where the matter
 * stands; a refusal (CWYN_ESTATE with the reason and what is allowed now)
 * changes nothing. An allowed step moves the stage, stops and starts the
 * clocks lifecycle names, and — when the step changes the kind of stage
 * (Stage 1 to Stage 2, conference to panel) — closes the old stage and
 * opens the new one, so a Stage 2 request brings its 25-working-day clock.
 */
#include <string.h>

#include "app/app_internal.h"
#include "app/letters_internal.h"
#include "i18n/i18n.h"

static enum cwyn_code find_matter(const struct app_ctx *ctx,
                                  const struct store_case *c, int seq,
                                  struct arena *ar, struct store_matter *out,
                                  struct cwyn_error *err)
{
	struct store_matter *ms;
	size_t n;
	enum cwyn_code rc = store_matter_list(ctx->db, ctx->actor.authority_id,
	                                      c->id, ar, &ms, &n, err);
	if (rc != CWYN_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (ms[i].seq == seq) {
			*out = ms[i];
			return CWYN_OK;
		}
	}
	return cwyn_fail(err, CWYN_EINVAL, "matter",
	                 "the case has no matter %d (it has %zu)", seq, n);
}

/* The appointed investigator must be a user of the authority. */
static enum cwyn_code check_investigator(const struct app_ctx *ctx,
                                         int64_t user_id, struct arena *ar,
                                         struct cwyn_error *err)
{
	struct store_user u;
	enum cwyn_code rc = store_user_get(ctx->db, ctx->actor.authority_id,
	                                   user_id, ar, &u, NULL);
	if (rc == CWYN_ENOTFOUND)
		return cwyn_fail(err, CWYN_EINVAL, "investigator",
		                 N_("no such user in this authority"));
	return rc == CWYN_OK ? CWYN_OK
	                     : cwyn_fail(err, rc, "investigator",
	                                 "cannot check the investigator");
}

/* Move the matter's stage and write the row(s). */
static enum cwyn_code move(const struct app_ctx *ctx,
                           const struct app_advance *in,
                           struct store_matter *m, struct store_stage *s,
                           const struct lifecycle_result *res, cwyn_day on,
                           struct arena *ar, struct cwyn_error *err)
{
	enum cwyn_code rc;
	enum stage_kind old_kind;
	stage_kind_from_name(s->kind, &old_kind);
	if (res->kind == old_kind) {
		s->state = stage_state_name(res->state);
		if (res->closed) {
			s->closed_on = on;
			s->outcome = outcome_name(res->outcome);
		} else {
			/* Reopened after a withdrawal. */
			s->closed_on = CWYN_DAY_NONE;
			s->outcome = NULL;
		}
		if (in->action == ACT_APPOINT_INVESTIGATOR &&
		    in->investigator_user_id > 0)
			s->investigator_user_id = in->investigator_user_id;
		rc = store_stage_update(ctx->db, s, err);
		if (rc == CWYN_OK)
			rc = app_stage_clocks(ctx, s, res, on, ar, err);
		return rc;
	}
	/* A new kind of stage: the old one ends where it stands (its state
	 * says how far it got), the new one opens today. */
	if (s->closed_on == CWYN_DAY_NONE) {
		s->closed_on = on;
		if ((rc = store_stage_update(ctx->db, s, err)) != CWYN_OK)
			return rc;
	}
	struct store_stage n = {
	    .matter_id = m->id,
	    .case_id = m->case_id,
	    .authority_id = m->authority_id,
	    .kind = stage_kind_name(res->kind),
	    .state = stage_state_name(res->state),
	    .opened_on = on,
	    .closed_on = CWYN_DAY_NONE,
	};
	if ((rc = store_stage_insert(ctx->db, &n, err)) != CWYN_OK)
		return rc;
	json_t *d = json_object();
	json_object_set_new(d, "matter", json_integer(m->seq));
	json_object_set_new(d, "stage", json_integer(n.id));
	json_object_set_new(d, "kind", json_string(n.kind));
	json_object_set_new(d, "state", json_string(n.state));
	json_object_set_new(d, "opened", app_json_day(on));
	json_object_set_new(d, "previous", json_string(s->kind));
	if ((rc = app_event(ctx, m->case_id, "stage.opened", d, err)))
		return rc;
	if ((rc = app_stage_clocks(ctx, &n, res, on, ar, err)) != CWYN_OK)
		return rc;
	/* The matter now follows the route of its new stage. */
	enum route cur = ROUTE__MAX;
	for (int r = 0; r < ROUTE__MAX; r++)
		if (m->route && strcmp(route_name((enum route)r), m->route) == 0)
			cur = (enum route)r;
	enum route now = app_route_for_kind(res->kind, cur);
	if (now != ROUTE__MAX && now != cur) {
		d = json_object();
		json_object_set_new(d, "matter", json_integer(m->seq));
		json_object_set_new(d, "from", app_json_str(m->route));
		json_object_set_new(d, "to", json_string(route_name(now)));
		m->route = route_name(now);
		if ((rc = store_matter_update(ctx->db, m, err)) ||
		    (rc = app_event(ctx, m->case_id, "matter.rerouted", d, err)))
			return rc;
	}
	return CWYN_OK;
}

enum cwyn_code app_advance(const struct app_ctx *ctx,
                           const struct app_advance *in,
                           struct app_case_ref *out, struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	struct store_matter m;
	struct store_stage s;
	struct lifecycle_result res;
	enum stage_kind kind;
	enum stage_state state;
	bool found = false;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, in->reference, AZ_CASE_ADVANCE, &ar, &c,
	                        err)) ||
	    (rc = app_check_version(&c, in->version, err)) ||
	    (rc = app_check_open(&c, err)) ||
	    (rc = find_matter(ctx, &c, in->matter_seq, &ar, &m, err)) ||
	    (rc = app_stage_current(ctx, &m, &ar, &s, &found, err)))
		goto out;
	if (!found || !stage_kind_from_name(s.kind, &kind) ||
	    !stage_state_from_name(s.state, &state)) {
		rc = cwyn_fail(err, CWYN_ESTATE, "matter",
		               "matter %d has no stage to move on", m.seq);
		goto out;
	}
	if ((rc = authz_check_stage(ctx, kind, err)) != CWYN_OK)
		goto out;
	cwyn_day on = in->on != CWYN_DAY_NONE ? in->on : ctx->today;
	if (on > ctx->today) {
		rc = cwyn_fail(err, CWYN_EINVAL, "on",
		               N_("a step cannot be recorded as done in the future"));
		goto out;
	}
	if (in->action == ACT_APPOINT_INVESTIGATOR &&
	    in->investigator_user_id > 0 &&
	    (rc = check_investigator(ctx, in->investigator_user_id, &ar, err)))
		goto out;
	struct lifecycle_ctx lc = {
	    .policy = ctx->policy,
	    .outcome = in->outcome,
	    .investigator_independent = in->investigator_independent,
	    .complainant_wishes_panel = in->complainant_wishes_panel,
	};
	/* lifecycle decides; a refusal returns before anything is written. */
	rc = lifecycle_apply(kind, state, in->action, &lc, &res, err);
	if (rc != CWYN_OK)
		goto out;
	const char *from_state = s.state;
	const char *from_kind = s.kind;
	if ((rc = move(ctx, in, &m, &s, &res, on, &ar, err)) != CWYN_OK)
		goto out;

	json_t *d = json_object();
	json_object_set_new(d, "matter", json_integer(m.seq));
	json_object_set_new(d, "action",
	                    json_string(stage_action_name(in->action)));
	json_object_set_new(d, "from_kind", json_string(from_kind));
	json_object_set_new(d, "from", json_string(from_state));
	json_object_set_new(d, "to_kind",
	                    json_string(stage_kind_name(res.kind)));
	json_object_set_new(d, "to", json_string(stage_state_name(res.state)));
	json_object_set_new(d, "on", app_json_day(on));
	if (res.outcome != OUTCOME_NONE)
		json_object_set_new(d, "outcome",
		                    json_string(outcome_name(res.outcome)));
	if (in->action == ACT_APPOINT_INVESTIGATOR)
		json_object_set_new(d, "independent",
		                    json_boolean(in->investigator_independent));
	json_object_set_new(d, "rule", app_json_str(res.rule_id));
	json_object_set_new(d, "source", app_json_str(res.source));
	if (!app_blank(in->note))
		json_object_set_new(d, "note", json_string(in->note));
	if ((rc = app_event(ctx, c.id, "stage.advanced", d, err)) != CWYN_OK)
		goto out;

	/* The case's overall route follows its matters. */
	const char *overall = NULL;
	if ((rc = app_overall_route(ctx, &c, &ar, &overall, err)) != CWYN_OK)
		goto out;
	if (overall)
		c.overall_route = overall;
	if ((rc = app_save_case(ctx, &c, out, err)) != CWYN_OK)
		goto out;
	d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "matter", json_integer(m.seq));
	json_object_set_new(d, "action",
	                    json_string(stage_action_name(in->action)));
	json_object_set_new(d, "to", json_string(stage_state_name(res.state)));
	/* The letters the step sends, in its transaction (letters.c). */
	if ((rc = app_letters_after_advance(ctx, &c, &m, from_kind, in,
	                                    res.outcome, on, d, err))) {
		json_decref(d);
		goto out;
	}
	rc = app_audit(ctx, "case.advance", c.id, d, err);
out:
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}
