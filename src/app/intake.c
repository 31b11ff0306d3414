/*
 * intake.c — a complaint arrives and becomes a case.
 *
 * In one transaction: the facts are triaged; the case is created with its
 * reference (CP-YYYY-NNNNN), complainant and children; each matter of the
 * facts becomes a matter row with its decision (route, verdicts, reasons);
 * each matter's first stage opens as its route says (lifecycle) with the
 * clocks that opening starts — the acknowledgement (reg 15(2)) once per
 * complaint, the Stage 2 response for a complaint that goes straight to
 * Stage 2, the chair's clock for a conference complaint — and a
 * conference complaint's 14-working-day window is checked and kept as a
 * stopped clock (in time or late). A safeguarding alert is the first
 * thing on the timeline (procedure.md decision 1). An oral complaint
 * waits for the complainant to agree the written record (reg 15(3)).
 */
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"
#include "app/letters_internal.h"
#include "store/store_search.h"
#include "i18n/i18n.h"
#include "app/facts_json.h"

enum cwyn_code app_triage(const struct app_ctx *ctx, const char *json,
                          size_t len, const char *channel, struct arena *ar,
                          struct facts *f, struct decision **d,
                          struct cwyn_error *err)
{
	if (json == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "facts",
		                 N_("the facts of the complaint are required"));
	facts_init(f);
	f->as_of = ctx->today;
	enum cwyn_code rc = facts_from_json(json, len, ar, f, err);
	if (rc != CWYN_OK)
		return rc;
	if (channel != NULL) {
		if (strcmp(channel, "oral") == 0)
			f->channel = CHANNEL_ORAL;
		else if (strcmp(channel, "written") == 0 ||
		         strcmp(channel, "web") == 0)
			f->channel = CHANNEL_WRITTEN;
		else
			return cwyn_fail(err, CWYN_EINVAL, "channel",
			                 N_("channel must be written, oral or web"));
	}
	return triage_decide(f, ctx->policy, ctx->cal, d, err);
}

void app_matter_fill(const struct facts_matter *fm,
                     const struct matter_decision *md, json_t *md_json,
                     struct arena *ar, struct store_matter *m)
{
	m->subject = matter_subject_name(fm->subject);
	m->summary = fm->summary ? fm->summary : "";
	m->route = route_name(md->route);
	m->council_verdict = verdict_name(md->council);
	m->ombudsman_verdict = verdict_name(md->ombudsman);
	m->agency = agency_name(fm->agency);
	m->agency_name = fm->agency_name;
	m->late = md->late;
	m->alert = md->alert;
	m->decision_json = md_json ? app_json_dump(json_incref(md_json), ar)
	                           : NULL;
}

void app_open_days_for(const struct facts *f, const struct facts_matter *fm,
                       struct app_open_days *out)
{
	out->received = f->received;
	out->stage2_requested = fm && fm->stage2_requested != CWYN_DAY_NONE
	                            ? fm->stage2_requested
	                            : f->received;
	out->chair_received = fm && fm->chair_received != CWYN_DAY_NONE
	                          ? fm->chair_received
	                          : f->received;
	out->panel_requested = f->received;
}

enum cwyn_code app_conference_window(const struct app_ctx *ctx,
                                     const struct store_matter *m,
                                     const struct facts_matter *fm,
                                     cwyn_day arrived, struct arena *ar,
                                     struct cwyn_error *err)
{
	if (fm->minutes_sent == CWYN_DAY_NONE || arrived < fm->minutes_sent)
		return CWYN_OK;
	struct clock c;
	struct cal_derivation dv;
	enum cwyn_code rc = clock_start(ctx->cal, ctx->policy,
	                                TS_CONF_COMPLAINT, fm->minutes_sent,
	                                ar, &c, &dv, err);
	if (rc == CWYN_OK)
		rc = clock_stop(&c, arrived, ctx->cal, err);
	if (rc != CWYN_OK)
		return rc;
	struct store_clock row = {
	    .case_id = m->case_id,
	    .matter_id = m->id,
	    .authority_id = m->authority_id,
	};
	app_clock_to_row(&c, &row);
	row.derivation_json = app_clock_derivation_json(ctx, &c, &dv, ar);
	if (row.derivation_json == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "clock", "out of memory");
	rc = store_clock_insert(ctx->db, &row, err);
	if (rc != CWYN_OK)
		return rc;
	json_t *d = json_object();
	json_object_set_new(d, "clock", json_integer(row.id));
	json_object_set_new(d, "matter", json_integer(m->seq));
	json_object_set_new(d, "minutes_sent", app_json_day(fm->minutes_sent));
	json_object_set_new(d, "due", app_json_day(c.due));
	json_object_set_new(d, "received", app_json_day(arrived));
	json_object_set_new(d, "in_time", json_boolean(!c.breached));
	json_object_set_new(d, "rule", json_string("CONF-DEADLINE-14WD"));
	return app_event(ctx, m->case_id, "conference.window_checked", d, err);
}

static json_t *rule_list(size_t n, const char **ids)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, app_json_str(ids[i]));
	return a;
}

static enum cwyn_code check_input(const struct app_ctx *ctx,
                                  const struct app_intake *in,
                                  struct arena *ar, struct cwyn_error *err)
{
	if (in->channel && strcmp(in->channel, "written") != 0 &&
	    strcmp(in->channel, "oral") != 0 && strcmp(in->channel, "web") != 0)
		return cwyn_fail(err, CWYN_EINVAL, "channel",
		                 N_("channel must be written, oral or web"));
	if (in->n_named_users > 0 && !in->restricted)
		return cwyn_fail(err, CWYN_EINVAL, "named_users",
		                 N_("named users are only for a restricted case"));
	for (size_t i = 0; i < in->n_named_users; i++) {
		struct store_user u;
		char field[48];
		snprintf(field, sizeof field, "named_users[%zu]", i);
		enum cwyn_code rc = store_user_get(ctx->db,
		                                   ctx->actor.authority_id,
		                                   in->named_users[i], ar, &u,
		                                   NULL);
		if (rc == CWYN_ENOTFOUND)
			return cwyn_fail(err, CWYN_EINVAL, field,
			                 N_("no such user in this authority"));
		if (rc != CWYN_OK)
			return cwyn_fail(err, rc, field, "cannot check the user");
	}
	return CWYN_OK;
}

static enum cwyn_code add_people(const struct app_ctx *ctx,
                                 const struct app_intake *in,
                                 const struct facts *f,
                                 const struct store_case *c,
                                 struct arena *ar, struct cwyn_error *err)
{
	const struct app_complainant_in *ci = &in->complainant;
	struct store_complainant p = {
	    .case_id = c->id,
	    .authority_id = c->authority_id,
	    .name = app_blank(ci->name) ? "(name not given)" : ci->name,
	    .relationship = relationship_name(f->complainant.relationship),
	    .is_representative = ci->is_representative,
	    .represents = ci->represents,
	    .email = ci->email,
	    .phone = ci->phone,
	    .address = ci->address,
	    .language = c->language,
	    .contact_preference = ci->contact_preference,
	    .accessibility_needs = ci->accessibility_needs,
	};
	enum cwyn_code rc = store_complainant_insert(ctx->db, &p, err);
	if (rc != CWYN_OK)
		return rc;
	size_t n = f->n_children > in->n_child_labels ? f->n_children
	                                               : in->n_child_labels;
	for (size_t i = 0; i < n; i++) {
		const struct facts_child *fc =
		    i < f->n_children ? &f->children[i] : NULL;
		const char *label = i < in->n_child_labels &&
		                            !app_blank(in->child_labels[i])
		                        ? in->child_labels[i]
		                    : fc && !app_blank(fc->label)
		                        ? fc->label
		                        : arena_printf(ar, "Child %zu", i + 1);
		struct store_child k = {
		    .case_id = c->id,
		    .authority_id = c->authority_id,
		    .label = label,
		    .date_of_birth = CWYN_DAY_NONE,
		    .age = fc && fc->age >= 0 && fc->age <= 30 ? fc->age : -1,
		    .looked_after = fc && fc->looked_after,
		    .in_education = fc && fc->in_education,
		};
		rc = store_child_insert(ctx->db, &k, err);
		if (rc != CWYN_OK)
			return rc;
	}
	return CWYN_OK;
}

static enum cwyn_code add_matters(const struct app_ctx *ctx,
                                  const struct facts *f,
                                  const struct decision *d, json_t *djson,
                                  const struct store_case *c,
                                  struct arena *ar, struct cwyn_error *err)
{
	json_t *mjs = json_object_get(djson, "matters");
	enum cwyn_code rc = CWYN_OK;
	for (size_t i = 0; rc == CWYN_OK && i < d->n_matters; i++) {
		const struct matter_decision *md = &d->matters[i];
		const struct facts_matter *fm = &f->matters[i];
		struct store_matter m = {
		    .case_id = c->id,
		    .authority_id = c->authority_id,
		    .seq = (int)i + 1,
		};
		app_matter_fill(fm, md, json_array_get(mjs, i), ar, &m);
		rc = store_matter_insert(ctx->db, &m, err);
		if (rc != CWYN_OK)
			break;
		json_t *e = json_object();
		json_object_set_new(e, "matter", json_integer(m.seq));
		json_object_set_new(e, "label", app_json_str(fm->id));
		json_object_set_new(e, "subject", json_string(m.subject));
		json_object_set_new(e, "route", json_string(m.route));
		json_object_set_new(e, "council", json_string(m.council_verdict));
		json_object_set_new(e, "ombudsman",
		                    json_string(m.ombudsman_verdict));
		json_object_set_new(e, "reasons",
		                    rule_list(md->n_reasons, md->reasons));
		rc = app_event(ctx, c->id, "matter.routed", e, err);
		if (rc != CWYN_OK)
			break;
		enum stage_kind kind = stage_for_route(md->route);
		if (kind == STAGE_KIND__MAX)
			continue;
		struct app_open_days days;
		app_open_days_for(f, fm, &days);
		rc = app_stage_open(ctx, &m, kind, &days, ar, NULL, err);
		if (rc == CWYN_OK && kind == STAGE_KIND_CONFERENCE)
			rc = app_conference_window(ctx, &m, fm,
			                           days.chair_received, ar, err);
	}
	return rc;
}

enum cwyn_code app_intake(const struct app_ctx *ctx,
                          const struct app_intake *in,
                          struct app_intake_result *out,
                          struct cwyn_error *err)
{
	struct arena ar;
	struct facts f;
	struct decision *d = NULL;
	json_t *djson = NULL;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK) {
		arena_free(&ar);
		return rc;
	}
	if ((rc = authz_check(ctx, AZ_CASE_CREATE, NULL, err)) != CWYN_OK)
		goto out;
	if ((rc = check_input(ctx, in, &ar, err)) != CWYN_OK)
		goto out;
	rc = app_triage(ctx, in->facts_json, in->facts_len, in->channel, &ar,
	                &f, &d, err);
	if (rc != CWYN_OK)
		goto out;

	enum language lang = in->complainant.language_set
	                         ? in->complainant.language
	                         : f.complainant.language;
	djson = decision_to_json(d, ctx->policy, lang);
	struct store_case c = {
	    .authority_id = ctx->actor.authority_id,
	    .language = language_name(lang),
	    .channel = in->channel ? in->channel : channel_name(f.channel),
	    .received = f.received,
	    .overall_route = route_name(d->overall),
	    .safeguarding_alert = d->safeguarding_alert,
	    .restricted = in->restricted,
	    .owner_user_id = in->owner_user_id,
	    .written_record_agreed_on = CWYN_DAY_NONE,
	    .facts_json = arena_strndup(&ar, in->facts_json, in->facts_len),
	    .decision_json = djson ? app_json_dump(json_incref(djson), &ar)
	                           : NULL,
	};
	if (djson == NULL || c.facts_json == NULL || c.decision_json == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
		goto out;
	}
	if ((rc = store_case_create(ctx->db, &c, err)) != CWYN_OK)
		goto out;

	/* The alert comes first on the timeline: whoever opens the case
	 * sees it before anything else. */
	if (d->safeguarding_alert) {
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
	json_t *e = json_object();
	json_object_set_new(e, "reference", json_string(c.reference));
	json_object_set_new(e, "channel", json_string(c.channel));
	json_object_set_new(e, "received", app_json_day(c.received));
	json_object_set_new(e, "overall_route", json_string(c.overall_route));
	json_object_set_new(e, "matters", json_integer((json_int_t)d->n_matters));
	json_object_set_new(e, "restricted", json_boolean(c.restricted));
	json_object_set_new(e, "reasons", rule_list(d->n_reasons, d->reasons));
	if ((rc = app_event(ctx, c.id, "case.created", e, err)) != CWYN_OK)
		goto out;
	if (strcmp(c.channel, "oral") == 0) {
		e = json_object();
		json_object_set_new(
		    e, "note",
		    json_string("The written record of this oral complaint "
		                "awaits the complainant's agreement and "
		                "signature (reg 15(3))."));
		rc = app_event(ctx, c.id, "written_record.awaiting_agreement", e,
		               err);
		if (rc != CWYN_OK)
			goto out;
	}
	if ((rc = add_people(ctx, in, &f, &c, &ar, err)) != CWYN_OK)
		goto out;
	if (c.restricted) {
		for (size_t i = 0; rc == CWYN_OK && i < in->n_named_users; i++)
			rc = store_case_access_grant(ctx->db, c.authority_id,
			                             c.id, in->named_users[i],
			                             err);
		/* Whoever records a restricted case can still see it. */
		if (rc == CWYN_OK && ctx->actor.user_id > 0)
			rc = store_case_access_grant(ctx->db, c.authority_id,
			                             c.id, ctx->actor.user_id,
			                             err);
		if (rc != CWYN_OK)
			goto out;
	}
	if ((rc = add_matters(ctx, &f, d, djson, &c, &ar, err)) != CWYN_OK)
		goto out;
	if ((rc = store_search_index_case(ctx->db, c.authority_id, c.id, err)))
		goto out;

	struct store_clock *clocks;
	size_t n_clocks = 0;
	rc = store_clock_list(ctx->db, c.authority_id, c.id, &ar, &clocks,
	                      &n_clocks, err);
	if (rc != CWYN_OK)
		goto out;
	e = json_object();
	json_object_set_new(e, "reference", json_string(c.reference));
	json_object_set_new(e, "route", json_string(c.overall_route));
	json_object_set_new(e, "matters", json_integer((json_int_t)d->n_matters));
	json_object_set_new(e, "alert", json_boolean(c.safeguarding_alert));
	json_object_set_new(e, "restricted", json_boolean(c.restricted));
	/* The exclusion letter, in this transaction (letters.c). */
	if ((rc = app_letters_after_intake(ctx, &c,
	                                   in->complainant.language_set, e,
	                                   err))) {
		json_decref(e);
		goto out;
	}
	if ((rc = app_audit(ctx, "case.create", c.id, e, err)) != CWYN_OK)
		goto out;
	if (out) {
		app_case_ref_fill(&out->ref, &c);
		out->overall = d->overall;
		out->safeguarding_alert = d->safeguarding_alert;
		out->n_matters = d->n_matters;
		out->n_clocks = n_clocks;
	}
out:
	rc = app_end(ctx, rc, err);
	json_decref(djson);
	decision_free(d);
	arena_free(&ar);
	return rc;
}
