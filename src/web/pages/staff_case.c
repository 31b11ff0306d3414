/*
 * staff_case.c — GET /staff/cases/{ref}: one case, whole.
 *
 * Reading the page is the audited use case app_case_read (another
 * authority's case, a restricted case or an unassigned investigator's
 * case is simply "not found"). The page shows, in the page's language:
 * the safeguarding alert first; the written record waiting for the
 * complainant's agreement; the complainant(s) and children; each matter
 * with its route, the reasons (rule IDs with their summaries and
 * sources) and the stage it is at, with links to the actions that are
 * allowed at that stage AND for the user's role; every clock with its due
 * date and a "How this date was worked out" details element (day 0, the
 * days skipped and why, the result, the source); and the timeline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/rules.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "web/pages/staff.h"
#include "web/pages/staff_case.h"
#include "web/pages/staff_words.h"

/* ---- Shared with the action pages ------------------------------------------ */

bool staff_may(const struct staff *s, enum authz_action a,
               const struct store_case *c)
{
	return authz_check(&s->ctx, a, c, NULL) == CWYN_OK;
}

const struct store_matter *staff_view_matter(const struct app_case_view *v,
                                             int seq)
{
	for (size_t i = 0; i < v->n_matters; i++)
		if (v->matters[i].seq == seq)
			return &v->matters[i];
	return NULL;
}

size_t staff_offered_actions(const struct staff *s,
                             const struct app_case_view *v,
                             const struct store_matter *m,
                             enum stage_action out[ACT__MAX],
                             enum stage_kind *kind, enum stage_state *state)
{
	const struct store_stage *st = app_view_current_stage(v, m->id);
	enum stage_kind k;
	enum stage_state ss;
	if (st == NULL || !stage_kind_from_name(st->kind, &k) ||
	    !stage_state_from_name(st->state, &ss))
		return 0;
	if (kind)
		*kind = k;
	if (state)
		*state = ss;
	if (v->c.status == NULL || strcmp(v->c.status, "open") != 0)
		return 0;
	/* A stage left behind by a move to another kind is over. */
	if (st->closed_on != CWYN_DAY_NONE && !stage_state_is_final(ss))
		return 0;
	if (!staff_may(s, AZ_CASE_ADVANCE, &v->c) ||
	    authz_check_stage(&s->ctx, k, NULL) != CWYN_OK)
		return 0;
	return lifecycle_allowed_actions(k, ss, s->ctx.policy, out);
}

const char *staff_clock_label(const struct policy *p, enum language lang,
                              const char *timescale)
{
	enum ts_id ts;
	if (p == NULL || timescale == NULL || !ts_id_from_name(timescale, &ts) ||
	    !p->timescales[ts].defined)
		return timescale ? timescale : "-";
	const struct policy_text *t = &p->timescales[ts].label;
	if (lang == LANG_CY && t->cy && t->cy[0])
		return t->cy;
	return t->en ? t->en : timescale;
}

/* ---- Pieces of the page --------------------------------------------------- */

static void row(struct html *h, const char *key_msgid, const char *value)
{
	html_fmt(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%T</dt>"
	         "<dd class=\"govuk-summary-list__value\">%t</dd></div>",
	         key_msgid, value && value[0] ? value : "-");
}

static void done_banner(struct html *h, struct web_request *req)
{
	const char *done = web_request_query(req, "done");
	const char *msg = NULL;
	enum stage_action a;
	if (done == NULL)
		return;
	if (stage_action_from_name(done, &a))
		msg = stage_action_label(a);
	else if (strcmp(done, "created") == 0)
		msg = N_("The complaint has been recorded");
	else if (strcmp(done, "extended") == 0)
		msg = N_("The time limit has been extended");
	else if (strcmp(done, "closed") == 0)
		msg = N_("The case has been closed");
	else if (strcmp(done, "reopened") == 0)
		msg = N_("The case has been reopened");
	else if (strcmp(done, "agreed") == 0)
		msg = N_("The complainant's agreement has been recorded");
	if (msg == NULL)
		return;
	html_fmt(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" "
	         "role=\"alert\" aria-labelledby=\"done-title\" data-module=\"govuk-notification-banner\">"
	         "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
	         "id=\"done-title\">%T</h2></div><div class=\"govuk-notification-banner__content\">"
	         "<p class=\"govuk-notification-banner__heading\">%t</p></div></div>",
	         N_("Success"), staff_cap(h->arena, i18n_tr(h->lang, msg)));
}

static void alert_banner(struct html *h, const struct app_case_view *v)
{
	if (!v->c.safeguarding_alert)
		return;
	html_fmt(h, "<div class=\"govuk-notification-banner\" role=\"region\" "
	         "aria-labelledby=\"alert-title\" data-module=\"govuk-notification-banner\">"
	         "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
	         "id=\"alert-title\">%T</h2></div><div class=\"govuk-notification-banner__content\">"
	         "<p class=\"govuk-notification-banner__heading\">%T</p><p class=\"govuk-body\">%T</p></div></div>",
	         N_("Safeguarding alert"),
	         N_("A child may be at risk now."),
	         N_("Make sure a safeguarding referral has been made today. "
	            "The complaint carries on as well."));
}

static void written_record(struct html *h, const struct staff *s,
                           const struct app_case_view *v)
{
	bool oral = v->c.channel && strcmp(v->c.channel, "oral") == 0;
	if (!oral)
		return;
	if (v->c.written_record_agreed_on != CWYN_DAY_NONE) {
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("The complainant agreed the written record on %s, "
		               "signed \"%s\"."),
		         staff_date_mutated(h, v->c.written_record_agreed_on),
		         v->c.signature ? v->c.signature : "");
		html_raw(h, "</p>");
		return;
	}
	html_fmt(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
	         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
	         "<span class=\"govuk-visually-hidden\">%T</span>%T</strong></div>",
	         N_("Warning"),
	         N_("This complaint was made by phone or in person. The written "
	            "record waits for the complainant's agreement and signature."));
	if (staff_may(s, AZ_CASE_AGREE, &v->c) && strcmp(v->c.status, "open") == 0) {
		char *href = arena_printf(h->arena, "/staff/cases/%s/agreement?version=%lld",
		                          v->c.reference, (long long)v->c.version);
		html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T</a></p>",
		         href ? href : "#", N_("Record the complainant's agreement"));
	}
}

static void about(struct html *h, const struct app_case_view *v)
{
	const struct store_case *c = &v->c;
	html_raw(h, "<dl class=\"govuk-summary-list\">");
	row(h, N_("Received"), staff_date(h, c->received));
	row(h, N_("How it was made"), staff_channel_text(h->lang, c->channel));
	row(h, N_("Language of the complaint"),
	    c->language && strcmp(c->language, "cy") == 0 ? "Cymraeg" : "English");
	row(h, N_("Route"), staff_route_text(h->lang, c->overall_route));
	if (c->outcome)
		row(h, N_("Outcome of the complaint"), c->outcome);
	if (c->lessons_learned && c->lessons_learned[0])
		row(h, N_("Lessons learned"), c->lessons_learned);
	if (c->restricted)
		row(h, N_("Restricted"), i18n_tr(h->lang, N_("Only the people named "
		                                             "on this case can see it")));
	html_raw(h, "</dl>");
}

static void people(struct html *h, const struct app_case_view *v)
{
	for (size_t i = 0; i < v->n_complainants; i++) {
		const struct store_complainant *p = &v->complainants[i];
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Complainant"));
		html_raw(h, "<dl class=\"govuk-summary-list\">");
		row(h, N_("Name"), p->name);
		row(h, N_("Relationship to the child"),
		    staff_relationship_text(h->lang, p->relationship));
		if (p->is_representative)
			row(h, N_("Represents"), p->represents);
		row(h, N_("Email"), p->email);
		row(h, N_("Phone"), p->phone);
		row(h, N_("Address"), p->address);
		row(h, N_("Language"), p->language && strcmp(p->language, "cy") == 0
		                            ? "Cymraeg" : "English");
		row(h, N_("How they want to be contacted"),
		    staff_contact_text(h->lang, p->contact_preference));
		row(h, N_("Accessibility needs"), p->accessibility_needs);
		html_raw(h, "</dl>");
	}
	if (v->n_children == 0)
		return;
	html_fmt(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
	         "govuk-table__caption--m\">%T</caption><thead class=\"govuk-table__head\">"
	         "<tr class=\"govuk-table__row\">"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th></tr></thead>"
	         "<tbody class=\"govuk-table__body\">",
	         N_("Children"), N_("Child"), N_("Age"), N_("Looked after"),
	         N_("In education"));
	for (size_t i = 0; i < v->n_children; i++) {
		const struct store_child *c = &v->children[i];
		char *age = c->age >= 0 ? arena_printf(h->arena, "%d", c->age)
		                        : (char *)i18n_tr(h->lang, N_("not known"));
		html_fmt(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%t</th>"
		         "<td class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell\">%t</td>"
		         "<td class=\"govuk-table__cell\">%t</td></tr>",
		         c->label ? c->label : "-", age ? age : "-",
		         staff_yes_no(h->lang, c->looked_after),
		         staff_yes_no(h->lang, c->in_education));
	}
	html_raw(h, "</tbody></table>");
}

static void reasons(struct html *h, const char *decision_json)
{
	json_t *d = decision_json ? json_loads(decision_json, 0, NULL) : NULL;
	json_t *rs = json_object_get(d, "reasons");
	if (json_array_size(rs) == 0) {
		json_decref(d);
		return;
	}
	html_fmt(h, "<h4 class=\"govuk-heading-s\">%T</h4><ul class=\"govuk-list govuk-list--bullet\">",
	         N_("Reasons"));
	size_t i;
	json_t *x;
	json_array_foreach(rs, i, x) {
		const char *id = json_string_value(json_object_get(x, "rule"));
		if (id == NULL)
			id = json_string_value(x);
		const struct rule *r = id ? rule_find(id) : NULL;
		if (r != NULL)
			html_fmt(h, "<li><strong>%t</strong>: %T <span class=\"govuk-hint\">(%t)</span></li>",
			         r->id, r->summary, r->source);
		else if (id != NULL)
			html_fmt(h, "<li><strong>%t</strong></li>", id);
	}
	html_raw(h, "</ul>");
	json_decref(d);
}

static void matter(struct html *h, const struct staff *s,
                   const struct app_case_view *v, const struct store_matter *m)
{
	html_raw(h, "<div class=\"govuk-!-margin-bottom-6\">");
	html_raw(h, "<h3 class=\"govuk-heading-m\">");
	html_trf(h, N_("Matter %d: %s"), m->seq,
	         staff_subject_text(h->lang, m->subject));
	html_raw(h, "</h3>");
	if (m->summary && m->summary[0])
		html_fmt(h, "<p class=\"govuk-body\">%t</p>", m->summary);
	html_raw(h, "<dl class=\"govuk-summary-list\">");
	row(h, N_("Route"), staff_route_text(h->lang, m->route));
	row(h, N_("Agency"), m->agency_name && m->agency_name[0]
	                         ? m->agency_name
	                         : staff_agency_text(h->lang, m->agency));
	row(h, N_("Council"), staff_verdict_text(h->lang, m->council_verdict));
	row(h, N_("Ombudsman"), staff_verdict_text(h->lang, m->ombudsman_verdict));
	if (m->late)
		row(h, N_("Time limit"), i18n_tr(h->lang, N_("Outside a time limit "
		                                             "for complaining.")));
	const struct store_stage *st = app_view_current_stage(v, m->id);
	enum stage_kind k;
	enum stage_state ss;
	if (st != NULL && stage_kind_from_name(st->kind, &k) &&
	    stage_state_from_name(st->state, &ss)) {
		char *pos = arena_printf(h->arena, "%s — %s",
		                         i18n_tr(h->lang, stage_kind_label(k)),
		                         i18n_tr(h->lang, stage_state_label(ss)));
		row(h, N_("Stage"), pos);
		char *opened = arena_printf(h->arena, "%s", staff_date(h, st->opened_on));
		row(h, N_("Stage opened"), opened);
		enum outcome oc;
		if (st->outcome && outcome_from_name(st->outcome, &oc))
			row(h, N_("Outcome of the complaint"), i18n_tr(h->lang, outcome_label(oc)));
	}
	html_raw(h, "</dl>");
	reasons(h, m->decision_json);
	enum stage_action acts[ACT__MAX];
	size_t n = staff_offered_actions(s, v, m, acts, NULL, NULL);
	if (n > 0) {
		html_fmt(h, "<h4 class=\"govuk-heading-s\">%T</h4><ul class=\"govuk-list\">",
		         N_("Next steps"));
		for (size_t i = 0; i < n; i++) {
			char *href = arena_printf(h->arena,
			    "/staff/cases/%s/matters/%d/%s?version=%lld",
			    v->c.reference, m->seq, stage_action_name(acts[i]),
			    (long long)v->c.version);
			html_fmt(h, "<li><a class=\"govuk-link\" href=\"%u\">%t", href ? href : "#",
			         staff_cap(h->arena, i18n_tr(h->lang, stage_action_label(acts[i]))));
			html_raw(h, "<span class=\"govuk-visually-hidden\"> (");
			html_trf(h, N_("matter %d"), m->seq);
			html_raw(h, ")</span></a></li>");
		}
		html_raw(h, "</ul>");
	}
	html_raw(h, "</div>");
}

/* "14th" in English; plain numbers in Welsh (the CLI's rule). */
static const char *ordinal(struct html *h, int n)
{
	if (h->lang == LANG_CY)
		return arena_printf(h->arena, "%d", n);
	const char *sfx = (n % 100 >= 11 && n % 100 <= 13) ? "th"
	                  : n % 10 == 1                   ? "st"
	                  : n % 10 == 2                   ? "nd"
	                  : n % 10 == 3                   ? "rd"
	                                                  : "th";
	return arena_printf(h->arena, "%d%s", n, sfx);
}

static cwyn_day jday(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	cwyn_day d;
	if (s == NULL || date_parse(s, &d, key, NULL) != CWYN_OK)
		return CWYN_DAY_NONE;
	return d;
}

/* The derivation, from the document stored with the clock. */
static void derivation(struct html *h, const char *json)
{
	json_t *dv = json ? json_loads(json, 0, NULL) : NULL;
	cwyn_day start = jday(dv, "start"), due = jday(dv, "due");
	const char *unit = json_string_value(json_object_get(dv, "unit"));
	json_t *counted = json_object_get(dv, "counted");
	int n = (int)json_integer_value(counted ? counted
	                                        : json_object_get(dv, "amount"));
	if (dv == NULL || start == CWYN_DAY_NONE || due == CWYN_DAY_NONE ||
	    unit == NULL) {
		json_decref(dv);
		return;
	}
	html_fmt(h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\">"
	         "<span class=\"govuk-details__summary-text\">%T</span></summary>"
	         "<div class=\"govuk-details__text\"><p class=\"govuk-body\">",
	         N_("How this date was worked out"));
	html_trf(h, N_("Day 0 is %s."), staff_date_inline(h, start));
	html_raw(h, "</p>");
	if (strcmp(unit, "working_days") == 0) {
		json_t *sk = json_object_get(dv, "skipped");
		html_raw(h, "<p class=\"govuk-body\">");
		if (json_array_size(sk) == 0)
			html_trf(h, N_("Counting %d working days after it, no days "
			               "were skipped."), n);
		else
			html_trf(h, N_("Counting %d working days after it, these "
			               "days were skipped:"), n);
		html_raw(h, "</p>");
		if (json_array_size(sk) > 0) {
			html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\">");
			size_t i;
			json_t *x;
			json_array_foreach(sk, i, x) {
				cwyn_day d = jday(x, "date");
				const char *why = json_string_value(json_object_get(x, "why"));
				const char *why_cy = json_string_value(json_object_get(x, "why_cy"));
				if (h->lang == LANG_CY && why_cy && why_cy[0])
					why = why_cy;
				html_fmt(h, "<li>%t: %t</li>", staff_date(h, d), why ? why : "");
			}
			html_raw(h, "</ul>");
		}
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("The %s working day is %s."), ordinal(h, n),
		         staff_date_inline(h, due));
		html_raw(h, "</p>");
	} else if (strcmp(unit, "calendar_days") == 0) {
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("%d calendar days after it is %s."), n,
		         staff_date_inline(h, due));
		html_raw(h, "</p>");
	} else {
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("%d months after it is %s."), n,
		         staff_date_inline(h, due));
		html_raw(h, "</p>");
	}
	const char *src = json_string_value(json_object_get(dv, "source"));
	if (src)
		html_fmt(h, "<p class=\"govuk-body-s\">%T %t</p>", N_("Source:"), src);
	html_raw(h, "</div></details>");
	json_decref(dv);
}

/* Only some time limits may be extended (the policy says which); the
 * clock keeps the terms it started under in its derivation document. */
static bool extendable(const char *json)
{
	json_t *dv = json ? json_loads(json, 0, NULL) : NULL;
	bool yes = json_is_true(json_object_get(dv, "extendable"));
	json_decref(dv);
	return yes;
}

static int matter_seq(const struct app_case_view *v, int64_t matter_id)
{
	for (size_t i = 0; i < v->n_matters; i++)
		if (v->matters[i].id == matter_id)
			return v->matters[i].seq;
	return 0;
}

static void clocks(struct html *h, const struct staff *s,
                   const struct app_case_view *v)
{
	html_fmt(h, "<h2 class=\"govuk-heading-l\" id=\"clocks\">%T</h2>", N_("Time limits"));
	if (v->n_clocks == 0) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>", N_("No time limits are running."));
		return;
	}
	bool may_extend = staff_may(s, AZ_CLOCK_EXTEND, &v->c) &&
	                  strcmp(v->c.status, "open") == 0;
	for (size_t i = 0; i < v->n_clocks; i++) {
		const struct store_clock *k = &v->clocks[i];
		const struct clock_status *st = &v->status[i];
		int seq = matter_seq(v, k->matter_id);
		html_raw(h, "<div class=\"govuk-!-margin-bottom-6\"><h3 class=\"govuk-heading-s\">");
		html_text(h, staff_clock_label(s->ctx.policy, h->lang, k->timescale));
		if (seq > 0) {
			html_raw(h, " (");
			html_trf(h, N_("matter %d"), seq);
			html_raw(h, ")");
		}
		html_raw(h, "</h3><dl class=\"govuk-summary-list\">");
		row(h, N_("Started"), staff_date(h, k->started_on));
		row(h, N_("Due"), staff_date(h, st->due));
		char *state;
		if (k->stopped_on != CWYN_DAY_NONE)
			state = arena_printf(h->arena, "%s, %s — %s",
			                     staff_clock_state_text(h->lang, k->state),
			                     staff_date(h, k->stopped_on),
			                     i18n_tr(h->lang, st->breached ? N_("late")
			                                                   : N_("in time")));
		else if (st->breached)
			state = arena_printf(h->arena,
			                     i18n_tr(h->lang, N_("OVERDUE by %d working day(s)")),
			                     st->days_overdue);
		else if (strcmp(k->state, "running") == 0)
			state = arena_printf(h->arena,
			                     i18n_tr(h->lang, N_("%d working day(s) left")),
			                     st->due_in_working_days);
		else
			state = arena_strdup(h->arena, staff_clock_state_text(h->lang, k->state));
		row(h, N_("Status"), state);
		html_raw(h, "</dl>");
		derivation(h, k->derivation_json);
		for (size_t e = 0; e < v->n_extensions; e++) {
			const struct store_extension *x = &v->extensions[e];
			if (x->clock_id != k->id)
				continue;
			html_raw(h, "<p class=\"govuk-body\">");
			html_trf(h, N_("Extended by agreement with %s on %s: due date "
			               "moved from %s to %s. Reason: %s"),
			         x->agreed_with ? x->agreed_with : "",
			         staff_date_mutated(h, x->agreed_on),
			         staff_date_mutated(h, x->old_due),
			         staff_date_mutated(h, x->new_due),
			         x->reason ? x->reason : "");
			if (x->exceptional) {
				html_raw(h, " ");
				html_tr(h, N_("(exceptional circumstances)"));
			}
			html_raw(h, "</p>");
		}
		if (may_extend && strcmp(k->state, "running") == 0 &&
		    extendable(k->derivation_json)) {
			char *href = arena_printf(h->arena,
			    "/staff/cases/%s/clocks/%lld/extend?version=%lld",
			    v->c.reference, (long long)k->id, (long long)v->c.version);
			html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T"
			         "<span class=\"govuk-visually-hidden\"> – %t</span></a></p>",
			         href ? href : "#", N_("Extend with agreement"),
			         staff_clock_label(s->ctx.policy, h->lang, k->timescale));
		}
		html_raw(h, "</div>");
	}
}

/* Who did it: the username for an actor id (looked up once each). */
struct who_cache {
	int64_t id[16];
	const char *name[16];
	size_t n;
};

static const char *actor_name(const struct staff *s, struct who_cache *wc,
                              struct arena *a, int64_t id)
{
	if (id <= 0)
		return NULL;
	for (size_t i = 0; i < wc->n; i++)
		if (wc->id[i] == id)
			return wc->name[i];
	struct store_user u;
	const char *name = NULL;
	if (store_user_get(s->db, s->ctx.actor.authority_id, id, a, &u, NULL) ==
	    CWYN_OK)
		name = u.display_name && u.display_name[0] ? u.display_name
		                                           : u.username;
	if (wc->n < 16) {
		wc->id[wc->n] = id;
		wc->name[wc->n++] = name;
	}
	return name;
}

static void event_detail(struct html *h, const struct staff *s,
                         const struct store_event *e)
{
	json_t *d = e->detail_json ? json_loads(e->detail_json, 0, NULL) : NULL;
	if (d == NULL)
		return;
	const char *action = json_string_value(json_object_get(d, "action"));
	const char *from = json_string_value(json_object_get(d, "from"));
	const char *to = json_string_value(json_object_get(d, "to"));
	const char *ts = json_string_value(json_object_get(d, "timescale"));
	const char *note = json_string_value(json_object_get(d, "note"));
	const char *outcome = json_string_value(json_object_get(d, "outcome"));
	const char *reason = json_string_value(json_object_get(d, "reason"));
	json_t *mj = json_object_get(d, "matter");
	enum stage_action a;
	enum stage_state sf, stt;
	enum outcome oc;
	html_raw(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\">");
	const char *route = json_string_value(json_object_get(d, "route"));
	if (json_is_integer(mj) && json_integer_value(mj) > 0) {
		html_trf(h, N_("matter %d"), (int)json_integer_value(mj));
		html_raw(h, ": ");
	}
	if (action && stage_action_from_name(action, &a))
		html_fmt(h, "<strong>%t</strong>",
		         staff_cap(h->arena, i18n_tr(h->lang, stage_action_label(a))));
	if (from && to && stage_state_from_name(from, &sf) &&
	    stage_state_from_name(to, &stt))
		html_fmt(h, " (%T → %T)", stage_state_label(sf), stage_state_label(stt));
	/* A stage opening names the stage and the state it starts in. */
	const char *kind = json_string_value(json_object_get(d, "kind"));
	const char *state = json_string_value(json_object_get(d, "state"));
	enum stage_kind sk;
	if (ts)
		html_text(h, staff_clock_label(s->ctx.policy, h->lang, ts));
	else if (route && !action)
		html_text(h, staff_route_text(h->lang, route));
	else if (!action && kind && stage_kind_from_name(kind, &sk)) {
		html_tr(h, stage_kind_label(sk));
		if (state && stage_state_from_name(state, &stt))
			html_fmt(h, " — %T", stage_state_label(stt));
	}
	if (outcome && outcome_from_name(outcome, &oc)) {
		html_raw(h, " – ");
		html_tr(h, outcome_label(oc));
	}
	html_raw(h, "</p>");
	if (note && note[0])
		html_fmt(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\">%t</p>", note);
	/* Closing and reopening record why (reopening must). */
	if (reason && reason[0]) {
		html_raw(h, "<p class=\"govuk-body govuk-!-margin-bottom-1\">");
		html_trf(h, N_("Reason: %s"), reason);
		html_raw(h, "</p>");
	}
	json_decref(d);
}

static void timeline(struct html *h, const struct staff *s,
                     const struct app_case_view *v)
{
	struct who_cache wc = {.n = 0};
	html_fmt(h, "<h2 class=\"govuk-heading-l\" id=\"timeline\">%T</h2>", N_("Timeline"));
	html_raw(h, "<ol class=\"govuk-list\">");
	/* Newest first: what happened last is what staff look for. */
	for (size_t i = v->n_events; i-- > 0;) {
		const struct store_event *e = &v->events[i];
		/* Stored in UTC; staff read the time in Wales. */
		struct uk_time at = {.day = CWYN_DAY_NONE};
		char time[16] = "";
		if (uk_time_from_iso(e->at, &at))
			snprintf(time, sizeof time, "%02d:%02d", at.minute / 60 % 24,
			         at.minute % 60);
		html_fmt(h, "<li class=\"govuk-!-margin-bottom-4\"><h3 class=\"govuk-heading-s govuk-!-margin-bottom-1\">%t</h3>"
		         "<p class=\"govuk-body-s govuk-!-margin-bottom-1\"><time datetime=\"%a\">%t %t</time>",
		         staff_event_text(h->lang, e->kind), e->at,
		         staff_date(h, at.day), time);
		const char *who = actor_name(s, &wc, h->arena, e->actor_user_id);
		if (who != NULL) {
			html_raw(h, " – ");
			html_text(h, who);
		}
		html_raw(h, "</p>");
		event_detail(h, s, e);
		html_raw(h, "</li>");
	}
	html_raw(h, "</ol>");
}

void handle_staff_case(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	const char *ref = staff_ref(&s);
	if (ref == NULL) {
		staff_end(&s);
		return;
	}
	struct cwyn_error err = {0};
	struct app_case_view v;
	if (app_case_read(&s.ctx, ref, req->arena, &v, &err) != CWYN_OK) {
		staff_fail(&s, &err);
		staff_end(&s);
		return;
	}
	char *title = arena_printf(req->arena, i18n_tr(req->lang, N_("Case %s")),
	                           v.c.reference);
	char *self = arena_printf(req->arena, "/staff/cases/%s", v.c.reference);
	struct page pg;
	staff_page_begin(&pg, req, &s, title ? title : "", false,
	                 self ? self : "/staff", "/staff");
	struct html *h = &pg.h;
	done_banner(h, req);
	alert_banner(h, &v);
	html_raw(h, "<span class=\"govuk-caption-l\">");
	staff_status_tag(h, v.c.status);
	html_raw(h, " ");
	html_trf(h, N_("version %lld"), (long long)v.c.version);
	html_raw(h, "</span>");
	html_fmt(h, "<h1 class=\"govuk-heading-xl\">%t</h1>", title ? title : "");
	written_record(h, &s, &v);
	about(h, &v);
	people(h, &v);
	html_fmt(h, "<h2 class=\"govuk-heading-l\" id=\"matters\">%T</h2>", N_("Matters"));
	for (size_t i = 0; i < v.n_matters; i++)
		matter(h, &s, &v, &v.matters[i]);
	clocks(h, &s, &v);
	if (staff_may(&s, AZ_CASE_CLOSE, &v.c) && strcmp(v.c.status, "open") == 0) {
		char *href = arena_printf(req->arena, "/staff/cases/%s/close?version=%lld",
		                          v.c.reference, (long long)v.c.version);
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">"
		         "<a class=\"govuk-link\" href=\"%u\">%T</a></p>",
		         N_("Closing the case"), href ? href : "#",
		         N_("Close the case with its outcome"));
	}
	/* A closed case can be reopened (with a reason) by the roles that
	 * may close it: the same permission (authz.h). */
	if (staff_may(&s, AZ_CASE_CLOSE, &v.c) && strcmp(v.c.status, "closed") == 0) {
		char *href = arena_printf(req->arena, "/staff/cases/%s/reopen?version=%lld",
		                          v.c.reference, (long long)v.c.version);
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">"
		         "<a class=\"govuk-link\" href=\"%u\">%T</a></p>",
		         N_("Reopening the case"), href ? href : "#",
		         N_("Reopen the case"));
	}
	timeline(h, &s, &v);
	staff_page_end(&pg, 200);
	staff_end(&s);
}
