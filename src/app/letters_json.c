/*
 * letters_json.c — a letter's data kept with the letter, as the JSON of
 * docs/letters.md, so the PDF drawn later says what the HTML said, and
 * an operator can hand the same file to `cwyn letter render --data`.
 *
 * Only cwyn writes this JSON (letters.c); reading it back is still
 * careful about types, because a stored document outlives the code that
 * wrote it.
 */
#include <string.h>

#include "app/letters_internal.h"

/* ---- Writing ------------------------------------------------------------- */

static void put_str(json_t *o, const char *key, const char *s)
{
	if (s != NULL)
		json_object_set_new(o, key, json_string(s));
}

static void put_day(json_t *o, const char *key, cwyn_day d)
{
	if (d != CWYN_DAY_NONE)
		json_object_set_new(o, key, app_json_day(d));
}

static json_t *ptext(const struct policy_text *t)
{
	json_t *o = json_object();
	put_str(o, "en", t->en);
	put_str(o, "cy", t->cy);
	return o;
}

json_t *letters_data_to_json(const struct letter_data *d,
                             enum letter_lang lang)
{
	json_t *root = json_object();
	if (root == NULL)
		return NULL;
	json_object_set_new(root, "language",
	                    json_string(lang == LETTER_LANG_CY   ? "cy"
	                                : lang == LETTER_LANG_EN ? "en"
	                                                         : "unknown"));
	json_t *a = json_object();
	put_str(a, "code", d->authority_code);
	json_object_set_new(a, "name", ptext(&d->authority_name));
	json_object_set_new(a, "address", ptext(&d->authority_address));
	json_object_set_new(root, "authority", a);
	json_t *p = json_object();
	put_str(p, "name", d->complainant_name);
	put_str(p, "address", d->complainant_address);
	json_object_set_new(root, "complainant", p);
	put_str(root, "reference", d->reference);
	json_t *o = json_object();
	put_str(o, "name", d->officer_name);
	json_object_set_new(o, "title", ptext(&d->officer_title));
	json_object_set_new(root, "officer", o);
	put_str(root, "chair_name", d->chair_name);
	json_t *dt = json_object();
	put_day(dt, "letter", d->letter_date);
	put_day(dt, "received", d->received);
	put_day(dt, "acknowledged", d->acknowledged);
	put_day(dt, "discussion_due", d->discussion_due);
	put_day(dt, "resolved", d->resolved);
	put_day(dt, "stage2_requested", d->stage2_requested);
	put_day(dt, "response_due", d->response_due);
	put_day(dt, "conference_held", d->conference_held);
	put_day(dt, "minutes_sent", d->minutes_sent);
	json_object_set_new(root, "dates", dt);
	json_t *ms = json_array();
	for (size_t i = 0; i < d->n_matters; i++) {
		const struct letter_matter *m = &d->matters[i];
		json_t *j = json_object();
		put_str(j, "summary", m->summary);
		put_str(j, "route", route_name(m->route));
		put_str(j, "agency_name", m->agency_name);
		put_str(j, "outcome", letter_outcome_name(m->outcome));
		put_str(j, "finding", m->finding);
		put_day(j, "due", m->due);
		json_array_append_new(ms, j);
	}
	json_object_set_new(root, "matters", ms);
	put_str(root, "outcome", letter_outcome_name(d->outcome));
	put_str(root, "outcome_detail", d->outcome_detail);
	put_str(root, "resolution_terms", d->resolution_terms);
	if (d->agency_name || d->agency_address) {
		json_t *ag = json_object();
		put_str(ag, "name", d->agency_name);
		put_str(ag, "address", d->agency_address);
		json_object_set_new(root, "agency", ag);
	}
	put_str(root, "exclusion_reason", d->exclusion_reason);
	const struct letter_extension *x = &d->extension;
	if (x->step || x->agreed_with || x->reason ||
	    x->new_due != CWYN_DAY_NONE) {
		json_t *e = json_object();
		put_str(e, "step", x->step);
		put_str(e, "agreed_with", x->agreed_with);
		put_day(e, "agreed_on", x->agreed_on);
		put_str(e, "reason", x->reason);
		put_day(e, "old_due", x->old_due);
		put_day(e, "new_due", x->new_due);
		json_object_set_new(root, "extension", e);
	}
	return root;
}

/* ---- Reading ------------------------------------------------------------- */

static const char *get_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void get_ptext(json_t *o, const char *key, struct policy_text *t)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v)) {
		t->en = t->cy = json_string_value(v);
		return;
	}
	t->en = get_str(v, "en");
	t->cy = get_str(v, "cy");
}

static enum cwyn_code get_day(json_t *o, const char *key, cwyn_day *out,
                              struct cwyn_error *err)
{
	const char *s = get_str(o, key);
	if (s == NULL)
		return CWYN_OK;
	return date_parse(s, out, key, err);
}

enum cwyn_code letters_data_from_json(json_t *root, struct arena *ar,
                                      struct letter_data *d,
                                      struct cwyn_error *err)
{
	letter_data_init(d);
	if (!json_is_object(root))
		return cwyn_fail(err, CWYN_EINVAL, "data_json",
		                 "the letter's data is not a JSON object");
	json_t *a = json_object_get(root, "authority");
	d->authority_code = get_str(a, "code");
	get_ptext(a, "name", &d->authority_name);
	get_ptext(a, "address", &d->authority_address);
	json_t *p = json_object_get(root, "complainant");
	d->complainant_name = get_str(p, "name");
	d->complainant_address = get_str(p, "address");
	d->reference = get_str(root, "reference");
	json_t *o = json_object_get(root, "officer");
	d->officer_name = get_str(o, "name");
	get_ptext(o, "title", &d->officer_title);
	d->chair_name = get_str(root, "chair_name");
	json_t *dt = json_object_get(root, "dates");
	enum cwyn_code rc;
	if ((rc = get_day(dt, "letter", &d->letter_date, err)) ||
	    (rc = get_day(dt, "received", &d->received, err)) ||
	    (rc = get_day(dt, "acknowledged", &d->acknowledged, err)) ||
	    (rc = get_day(dt, "discussion_due", &d->discussion_due, err)) ||
	    (rc = get_day(dt, "resolved", &d->resolved, err)) ||
	    (rc = get_day(dt, "stage2_requested", &d->stage2_requested, err)) ||
	    (rc = get_day(dt, "response_due", &d->response_due, err)) ||
	    (rc = get_day(dt, "conference_held", &d->conference_held, err)) ||
	    (rc = get_day(dt, "minutes_sent", &d->minutes_sent, err)))
		return rc;
	json_t *ms = json_object_get(root, "matters");
	size_t n = json_array_size(ms);
	struct letter_matter *m = arena_calloc(ar, n + 1, sizeof *m);
	if (m == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "letter", "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_t *j = json_array_get(ms, i);
		m[i].summary = get_str(j, "summary");
		const char *r = get_str(j, "route");
		m[i].route = ROUTE__MAX;
		for (int k = 0; r && k < ROUTE__MAX; k++)
			if (strcmp(route_name((enum route)k), r) == 0)
				m[i].route = (enum route)k;
		if (m[i].route == ROUTE__MAX)
			return cwyn_fail(err, CWYN_EINVAL, "matters.route",
			                 "unknown route in the letter's data");
		m[i].agency_name = get_str(j, "agency_name");
		const char *oc = get_str(j, "outcome");
		if (oc && !letter_outcome_from_name(oc, &m[i].outcome))
			return cwyn_fail(err, CWYN_EINVAL, "matters.outcome",
			                 "unknown outcome in the letter's data");
		m[i].finding = get_str(j, "finding");
		m[i].due = CWYN_DAY_NONE;
		if ((rc = get_day(j, "due", &m[i].due, err)) != CWYN_OK)
			return rc;
	}
	d->matters = m;
	d->n_matters = n;
	const char *oc = get_str(root, "outcome");
	if (oc && !letter_outcome_from_name(oc, &d->outcome))
		return cwyn_fail(err, CWYN_EINVAL, "outcome",
		                 "unknown outcome in the letter's data");
	d->outcome_detail = get_str(root, "outcome_detail");
	d->resolution_terms = get_str(root, "resolution_terms");
	json_t *ag = json_object_get(root, "agency");
	d->agency_name = get_str(ag, "name");
	d->agency_address = get_str(ag, "address");
	d->exclusion_reason = get_str(root, "exclusion_reason");
	json_t *e = json_object_get(root, "extension");
	d->extension.step = get_str(e, "step");
	d->extension.agreed_with = get_str(e, "agreed_with");
	d->extension.reason = get_str(e, "reason");
	if ((rc = get_day(e, "agreed_on", &d->extension.agreed_on, err)) ||
	    (rc = get_day(e, "old_due", &d->extension.old_due, err)) ||
	    (rc = get_day(e, "new_due", &d->extension.new_due, err)))
		return rc;
	return CWYN_OK;
}
