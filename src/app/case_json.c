/*
 * case_json.c — the case view as JSON (see case_json.h).
 */
#include <string.h>

#include "app/case_json.h"
#include "core/lifecycle.h"
#include "i18n/i18n.h"

static json_t *jday(cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	return d == CWYN_DAY_NONE ? json_null()
	                          : json_string(date_format(d, buf));
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jts(const char *s)
{
	return s && s[0] ? json_string(s) : json_null();
}

static json_t *jid(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}

/* Stored JSON embedded as JSON (a string if it does not parse). */
static json_t *jparse(const char *s)
{
	if (s == NULL)
		return json_null();
	json_t *j = json_loads(s, 0, NULL);
	return j ? j : json_string(s);
}

static json_t *tr(enum language lang, const char *msgid)
{
	return msgid ? json_string(i18n_tr(lang, msgid)) : json_null();
}

static int seq_of(const struct app_case_view *v, int64_t matter_id)
{
	for (size_t i = 0; i < v->n_matters; i++)
		if (v->matters[i].id == matter_id)
			return v->matters[i].seq;
	return 0;
}

static json_t *stage_json(const struct store_stage *s, enum language lang)
{
	enum stage_kind k;
	enum stage_state st;
	enum outcome o;
	bool hk = stage_kind_from_name(s->kind, &k);
	bool hs = stage_state_from_name(s->state, &st);
	json_t *o_ = json_object();
	json_object_set_new(o_, "id", json_integer(s->id));
	json_object_set_new(o_, "kind", jstr(s->kind));
	json_object_set_new(o_, "kind_label",
	                    hk ? tr(lang, stage_kind_label(k)) : json_null());
	json_object_set_new(o_, "state", jstr(s->state));
	json_object_set_new(o_, "state_label",
	                    hs ? tr(lang, stage_state_label(st)) : json_null());
	json_object_set_new(o_, "opened_on", jday(s->opened_on));
	json_object_set_new(o_, "closed_on", jday(s->closed_on));
	json_object_set_new(o_, "outcome", jstr(s->outcome));
	json_object_set_new(o_, "outcome_label",
	                    s->outcome && outcome_from_name(s->outcome, &o)
	                        ? tr(lang, outcome_label(o))
	                        : json_null());
	json_object_set_new(o_, "investigator_user_id",
	                    jid(s->investigator_user_id));
	return o_;
}

static json_t *allowed_json(const struct store_stage *s,
                            const struct policy *p, enum language lang)
{
	json_t *a = json_array();
	enum stage_kind k;
	enum stage_state st;
	if (s == NULL || !stage_kind_from_name(s->kind, &k) ||
	    !stage_state_from_name(s->state, &st))
		return a;
	/* A stage left behind by a move to another kind is over. */
	if (s->closed_on != CWYN_DAY_NONE && !stage_state_is_final(st))
		return a;
	enum stage_action acts[ACT__MAX];
	size_t n = lifecycle_allowed_actions(k, st, p, acts);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "action",
		                    json_string(stage_action_name(acts[i])));
		json_object_set_new(o, "label",
		                    tr(lang, stage_action_label(acts[i])));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *matters_json(const struct app_case_view *v,
                            const struct policy *p, enum language lang)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n_matters; i++) {
		const struct store_matter *m = &v->matters[i];
		const struct store_stage *cur = app_view_current_stage(v, m->id);
		json_t *o = json_object();
		json_t *dec = jparse(m->decision_json);
		json_t *reasons = json_object_get(dec, "reasons");
		json_object_set_new(o, "seq", json_integer(m->seq));
		json_object_set_new(o, "subject", jstr(m->subject));
		json_object_set_new(o, "summary", jstr(m->summary));
		json_object_set_new(o, "route", jstr(m->route));
		json_object_set_new(o, "council", jstr(m->council_verdict));
		json_object_set_new(o, "ombudsman", jstr(m->ombudsman_verdict));
		json_object_set_new(o, "agency", jstr(m->agency));
		json_object_set_new(o, "agency_name", jstr(m->agency_name));
		json_object_set_new(o, "late", json_boolean(m->late));
		json_object_set_new(o, "alert", json_boolean(m->alert));
		json_object_set_new(o, "reasons",
		                    reasons ? json_incref(reasons) : json_array());
		json_object_set_new(o, "stage",
		                    cur ? stage_json(cur, lang) : json_null());
		json_object_set_new(o, "allowed_actions",
		                    allowed_json(cur, p, lang));
		json_t *stages = json_array();
		for (size_t k = 0; k < v->n_stages; k++)
			if (v->stages[k].matter_id == m->id)
				json_array_append_new(
				    stages, stage_json(&v->stages[k], lang));
		json_object_set_new(o, "stages", stages);
		json_object_set_new(o, "decision", dec);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *clocks_json(const struct app_case_view *v,
                           const struct policy *p, enum language lang)
{
	json_t *a = json_array();
	for (size_t i = 0; i < v->n_clocks; i++) {
		const struct store_clock *k = &v->clocks[i];
		const struct clock_status *st = &v->status[i];
		enum ts_id ts;
		const char *label = NULL;
		if (ts_id_from_name(k->timescale, &ts) && p &&
		    p->timescales[ts].defined)
			label = lang == LANG_CY && p->timescales[ts].label.cy
			            ? p->timescales[ts].label.cy
			            : p->timescales[ts].label.en;
		int seq = seq_of(v, k->matter_id);
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(k->id));
		json_object_set_new(o, "matter",
		                    seq ? json_integer(seq) : json_null());
		json_object_set_new(o, "stage", jid(k->stage_id));
		json_object_set_new(o, "timescale", jstr(k->timescale));
		json_object_set_new(o, "label", jstr(label));
		json_object_set_new(o, "state", jstr(k->state));
		json_object_set_new(o, "started_on", jday(k->started_on));
		json_object_set_new(o, "due_on", jday(k->due_on));
		json_object_set_new(o, "paused_on", jday(k->paused_on));
		json_object_set_new(o, "stopped_on", jday(k->stopped_on));
		json_object_set_new(o, "breached", json_boolean(st->breached));
		json_object_set_new(o, "days_overdue",
		                    json_integer(st->days_overdue));
		json_object_set_new(o, "due_in_working_days",
		                    json_integer(st->due_in_working_days));
		json_object_set_new(o, "paused_total",
		                    json_integer(k->paused_wd_total));
		json_object_set_new(o, "extension_total",
		                    json_integer(k->extension_wd));
		json_object_set_new(o, "derivation", jparse(k->derivation_json));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *case_row_to_json(const struct store_case *c)
{
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "reference", json_string(c->reference));
	json_object_set_new(o, "version", json_integer(c->version));
	json_object_set_new(o, "status", jstr(c->status));
	json_object_set_new(o, "outcome", jstr(c->outcome));
	json_object_set_new(o, "language", jstr(c->language));
	json_object_set_new(o, "channel", jstr(c->channel));
	json_object_set_new(o, "received", jday(c->received));
	json_object_set_new(o, "overall_route", jstr(c->overall_route));
	json_object_set_new(o, "safeguarding_alert",
	                    json_boolean(c->safeguarding_alert));
	json_object_set_new(o, "restricted", json_boolean(c->restricted));
	json_object_set_new(o, "owner_user_id", jid(c->owner_user_id));
	json_object_set_new(o, "created_at", jts(c->created_at));
	json_object_set_new(o, "updated_at", jts(c->updated_at));
	json_object_set_new(o, "closed_at", jts(c->closed_at));
	return o;
}

json_t *case_view_to_json(const struct app_case_view *v,
                          const struct policy *p, enum language lang)
{
	json_t *o = case_row_to_json(&v->c);
	if (o == NULL)
		return NULL;
	json_t *wr = json_object();
	bool oral = v->c.channel && strcmp(v->c.channel, "oral") == 0;
	json_object_set_new(wr, "needed", json_boolean(oral));
	json_object_set_new(wr, "agreed_on", jday(v->c.written_record_agreed_on));
	json_object_set_new(wr, "signature", jstr(v->c.signature));
	json_object_set_new(wr, "awaiting",
	                    json_boolean(oral && v->c.written_record_agreed_on ==
	                                             CWYN_DAY_NONE));
	json_object_set_new(o, "written_record", wr);
	json_object_set_new(o, "as_of", jday(v->today));

	json_t *a = json_array();
	for (size_t i = 0; i < v->n_complainants; i++) {
		const struct store_complainant *c = &v->complainants[i];
		json_t *x = json_object();
		json_object_set_new(x, "name", jstr(c->name));
		json_object_set_new(x, "relationship", jstr(c->relationship));
		json_object_set_new(x, "is_representative",
		                    json_boolean(c->is_representative));
		json_object_set_new(x, "represents", jstr(c->represents));
		json_object_set_new(x, "email", jstr(c->email));
		json_object_set_new(x, "phone", jstr(c->phone));
		json_object_set_new(x, "address", jstr(c->address));
		json_object_set_new(x, "language", jstr(c->language));
		json_object_set_new(x, "contact_preference",
		                    jstr(c->contact_preference));
		json_object_set_new(x, "accessibility_needs",
		                    jstr(c->accessibility_needs));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "complainants", a);

	a = json_array();
	for (size_t i = 0; i < v->n_children; i++) {
		const struct store_child *c = &v->children[i];
		json_t *x = json_object();
		json_object_set_new(x, "label", jstr(c->label));
		json_object_set_new(x, "age",
		                    c->age >= 0 ? json_integer(c->age)
		                                : json_null());
		json_object_set_new(x, "looked_after",
		                    json_boolean(c->looked_after));
		json_object_set_new(x, "in_education",
		                    json_boolean(c->in_education));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "children", a);
	json_object_set_new(o, "matters", matters_json(v, p, lang));
	json_object_set_new(o, "clocks", clocks_json(v, p, lang));

	a = json_array();
	for (size_t i = 0; i < v->n_extensions; i++) {
		const struct store_extension *e = &v->extensions[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(e->id));
		json_object_set_new(x, "clock", json_integer(e->clock_id));
		json_object_set_new(x, "agreed_on", jday(e->agreed_on));
		json_object_set_new(x, "agreed_with", jstr(e->agreed_with));
		json_object_set_new(x, "reason", jstr(e->reason));
		json_object_set_new(x, "exceptional",
		                    json_boolean(e->exceptional));
		json_object_set_new(x, "extra", json_integer(e->extra_amount));
		json_object_set_new(x, "old_due", jday(e->old_due));
		json_object_set_new(x, "new_due", jday(e->new_due));
		json_object_set_new(x, "recorded_by", jid(e->recorded_by));
		json_object_set_new(x, "recorded_at", jts(e->recorded_at));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "extensions", a);

	a = json_array();
	for (size_t i = 0; i < v->n_events; i++) {
		const struct store_event *e = &v->events[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(e->id));
		json_object_set_new(x, "at", jts(e->at));
		json_object_set_new(x, "kind", jstr(e->kind));
		json_object_set_new(x, "actor_user_id", jid(e->actor_user_id));
		json_object_set_new(x, "detail", jparse(e->detail_json));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "timeline", a);

	a = json_array();
	for (size_t i = 0; i < v->n_letters; i++) {
		const struct store_letter *l = &v->letters[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(l->id));
		json_object_set_new(x, "kind", jstr(l->kind));
		json_object_set_new(x, "language", jstr(l->language));
		json_object_set_new(x, "subject", jstr(l->subject));
		json_object_set_new(x, "created_at", jts(l->created_at));
		json_object_set_new(x, "sent_at", jts(l->sent_at));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "letters", a);
	return o;
}
