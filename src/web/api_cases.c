/*
 * api_cases.c — the case resource.
 *
 *   POST /api/v1/cases                     intake: a complaint becomes a case
 *   GET  /api/v1/cases                     list (filters, keyset pages)
 *   GET  /api/v1/cases/{ref}               the whole case (audited read)
 *   POST /api/v1/cases/{ref}/agreement     the complainant agreed the record
 *   PUT  /api/v1/cases/{ref}/facts         new facts: triage again (re-route)
 *   POST /api/v1/cases/{ref}/close         close with an outcome (and lessons learned)
 *   POST /api/v1/cases/{ref}/reopen        reopen with a reason
 *
 * Every change names the `version` of the case the client saw; if the
 * case changed since, the answer is 409 and nothing changes (optimistic
 * concurrency, app.h). Version 0 ("whatever it is now") is for the command
 * line only, so the API requires 1 or more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/case_json.h"
#include "core/lifecycle.h"
#include "i18n/i18n.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

#define MAX_TEXT 2000      /* names, addresses, reasons */
#define MAX_NOTE 20000     /* free text for the timeline */
#define MAX_LESSONS 8000   /* lessons learned at closing (app_close_lessons) */
#define MAX_LIST 50        /* child labels, named users */

json_t *api_ref_json(const struct app_case_ref *r)
{
	return json_pack("{s:s,s:I}", "reference", r->reference, "version",
	                 (json_int_t)r->version);
}

/* The body's "facts" member, as the text the use cases read. */
static char *facts_text(struct api_call *c, json_t *o, size_t *len)
{
	json_t *f = json_object_get(o, "facts");
	if (f == NULL) {
		api_bad(c, "facts", N_("this member is required"));
		return NULL;
	}
	if (!json_is_object(f)) {
		api_bad(c, "facts", N_("expected an object"));
		return NULL;
	}
	char *s = json_dumps(f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *copy = s ? arena_strdup(c->req->arena, s) : NULL;
	free(s);
	if (copy == NULL) {
		respond_error(c->req, 503, "out_of_memory",
		              N_("the server is busy"), NULL);
		return NULL;
	}
	*len = strlen(copy);
	return copy;
}

static bool read_complainant(struct api_call *c, json_t *o,
                             struct app_complainant_in *in)
{
	static const char *const allowed[] = {
	    "name", "is_representative", "represents", "email", "phone",
	    "address", "language", "contact_preference", "accessibility_needs",
	    NULL};
	json_t *p = json_object_get(o, "complainant");
	if (p == NULL || json_is_null(p))
		return true;
	if (!json_is_object(p)) {
		api_bad(c, "complainant", N_("expected an object"));
		return false;
	}
	const char *lang = NULL;
	c->prefix = "complainant";
	bool ok = api_only(c, p, "complainant", allowed) &&
	          api_str(c, p, "name", false, MAX_TEXT, &in->name) &&
	          api_bool(c, p, "is_representative", &in->is_representative) &&
	          api_str(c, p, "represents", false, MAX_TEXT, &in->represents) &&
	          api_str(c, p, "email", false, 320, &in->email) &&
	          api_str(c, p, "phone", false, 64, &in->phone) &&
	          api_str(c, p, "address", false, MAX_TEXT, &in->address) &&
	          api_str(c, p, "language", false, 8, &lang) &&
	          api_str(c, p, "contact_preference", false, 32,
	                  &in->contact_preference) &&
	          api_str(c, p, "accessibility_needs", false, MAX_TEXT,
	                  &in->accessibility_needs);
	if (ok && lang != NULL) {
		if (!language_from_name(lang, &in->language)) {
			api_bad(c, "complainant.language", N_("expected cy or en"));
			ok = false;
		}
		in->language_set = true;
	}
	c->prefix = NULL;
	return ok;
}

/* An array of strings (child labels). */
static bool read_labels(struct api_call *c, json_t *o, const char *key,
                        const char *const **out, size_t *n)
{
	json_t *a = json_object_get(o, key);
	if (a == NULL || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > MAX_LIST) {
		api_bad(c, key, N_("expected a list of at most 50 texts"));
		return false;
	}
	size_t k = json_array_size(a);
	const char **v = arena_calloc(c->req->arena, k ? k : 1, sizeof *v);
	if (v == NULL)
		return false;
	for (size_t i = 0; i < k; i++) {
		json_t *s = json_array_get(a, i);
		if (!json_is_string(s) || json_string_length(s) == 0 ||
		    json_string_length(s) > 200) {
			api_bad(c, key, N_("expected a list of short texts"));
			return false;
		}
		v[i] = json_string_value(s);
	}
	*out = v;
	*n = k;
	return true;
}

/* An array of user ids (people named on a restricted case). */
static bool read_ids(struct api_call *c, json_t *o, const char *key,
                     const int64_t **out, size_t *n)
{
	json_t *a = json_object_get(o, key);
	if (a == NULL || json_is_null(a))
		return true;
	if (!json_is_array(a) || json_array_size(a) > MAX_LIST) {
		api_bad(c, key, N_("expected a list of at most 50 user ids"));
		return false;
	}
	size_t k = json_array_size(a);
	int64_t *v = arena_calloc(c->req->arena, k ? k : 1, sizeof *v);
	if (v == NULL)
		return false;
	for (size_t i = 0; i < k; i++) {
		json_t *x = json_array_get(a, i);
		if (!json_is_integer(x) || json_integer_value(x) < 1) {
			api_bad(c, key, N_("expected a list of user ids"));
			return false;
		}
		v[i] = (int64_t)json_integer_value(x);
	}
	*out = v;
	*n = k;
	return true;
}

void api_cases_create(struct web_request *req)
{
	static const char *const allowed[] = {
	    "facts", "complainant", "child_labels", "channel", "restricted",
	    "named_users", "owner_user_id", NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_intake in;
	memset(&in, 0, sizeof in);
	json_t *o = api_body(&c);
	if (o == NULL || !api_only(&c, o, NULL, allowed) ||
	    (in.facts_json = facts_text(&c, o, &in.facts_len)) == NULL ||
	    !read_complainant(&c, o, &in.complainant) ||
	    !read_labels(&c, o, "child_labels", &in.child_labels,
	                 &in.n_child_labels) ||
	    !api_str(&c, o, "channel", false, 16, &in.channel) ||
	    !api_bool(&c, o, "restricted", &in.restricted) ||
	    !read_ids(&c, o, "named_users", &in.named_users,
	              &in.n_named_users) ||
	    !api_int(&c, o, "owner_user_id", false, 0, INT64_MAX,
	             &in.owner_user_id))
		goto out;
	struct app_intake_result res;
	memset(&res, 0, sizeof res);
	if (app_intake(&c.ctx, &in, &res, &err) != CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	json_t *body = api_ref_json(&res.ref);
	json_object_set_new(body, "overall_route",
	                    json_string(route_name(res.overall)));
	json_object_set_new(body, "safeguarding_alert",
	                    json_boolean(res.safeguarding_alert));
	json_object_set_new(body, "matters", json_integer((json_int_t)res.n_matters));
	json_object_set_new(body, "clocks", json_integer((json_int_t)res.n_clocks));
	api_created(&c, arena_printf(req->arena, "/api/v1/cases/%s",
	                             res.ref.reference),
	            body);
out:
	api_end(&c);
}

void api_cases_list(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_list_in in = {.limit = 50};
	int64_t limit = 50, after = 0, owner = 0;
	bool overdue = false, alert = false;
	in.status = web_request_query(req, "status");
	in.route = web_request_query(req, "route");
	if (in.status != NULL && strcmp(in.status, "open") != 0 &&
	    strcmp(in.status, "closed") != 0) {
		api_bad(&c, "status", N_("expected open or closed"));
		goto out;
	}
	bool known = in.route == NULL;
	for (int r = 0; !known && r < ROUTE__MAX; r++)
		known = strcmp(route_name((enum route)r), in.route) == 0;
	if (!known) {
		api_bad(&c, "route", N_("not a route cwyn knows"));
		goto out;
	}
	if (!api_query_int(&c, "limit", 1, 500, &limit) ||
	    !api_query_int(&c, "after", 0, INT64_MAX, &after) ||
	    !api_query_int(&c, "owner", 1, INT64_MAX, &owner) ||
	    !api_query_bool(&c, "overdue", &overdue) ||
	    !api_query_bool(&c, "alert", &alert))
		goto out;
	in.limit = (size_t)limit;
	in.after_id = after;
	in.overdue_only = overdue;
	in.owner_user_id = owner;
	in.alert_only = alert;
	int64_t next_after = 0;
	in.next_after = &next_after;
	struct store_case *rows = NULL;
	size_t n = 0;
	bool more = false;
	if (app_case_list(&c.ctx, &in, req->arena, &rows, &n, &more, &err) !=
	    CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, case_row_to_json(&rows[i]));
	/* The cursor is the last case looked at, shown or not, so a page
	 * whose cases were all hidden from this user still moves on. */
	json_t *next = more && next_after > 0 ? json_integer(next_after)
	                                      : json_null();
	respond_json(req, 200, json_pack("{s:o,s:o}", "cases", list, "next",
	                                 next));
out:
	api_end(&c);
}

/* Read the case (an audited use case) and hand its JSON to `pick`. */
json_t *api_case_view(struct api_call *c, const char *ref,
                      struct app_case_view *v)
{
	struct cwyn_error err = {0};
	if (app_case_read(&c->ctx, ref, c->req->arena, v, &err) != CWYN_OK) {
		api_fail(c, &err);
		return NULL;
	}
	json_t *j = case_view_to_json(v, c->app->policy, c->req->lang);
	if (j == NULL)
		respond_error(c->req, 503, "out_of_memory", N_("the server is busy"),
		              NULL);
	return j;
}

void api_cases_get(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct app_case_view v;
	const char *ref = api_ref(&c);
	json_t *j = ref ? api_case_view(&c, ref, &v) : NULL;
	if (j != NULL)
		respond_json(req, 200, j);
	api_end(&c);
}

/* The body of a change: an object whose "version" is 1 or more. */
json_t *api_change_body(struct api_call *c, const char *const *allowed,
                        int64_t *version)
{
	json_t *o = api_body(c);
	if (o == NULL || !api_only(c, o, NULL, allowed) ||
	    !api_int(c, o, "version", true, 1, INT64_MAX, version))
		return NULL;
	return o;
}

void api_changed(struct api_call *c, enum cwyn_code rc,
                 const struct app_case_ref *ref, const struct cwyn_error *err)
{
	if (rc != CWYN_OK)
		api_fail(c, err);
	else
		respond_json(c->req, 200, api_ref_json(ref));
}

void api_cases_agree(struct web_request *req)
{
	static const char *const allowed[] = {"version", "signature", NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_ref out = {0};
	int64_t version = 0;
	const char *signature = NULL, *ref = api_ref(&c);
	json_t *o = ref ? api_change_body(&c, allowed, &version) : NULL;
	if (o != NULL && api_str(&c, o, "signature", true, 200, &signature))
		api_changed(&c, app_agree(&c.ctx, ref, version, signature, &out,
		                          &err),
		            &out, &err);
	api_end(&c);
}

void api_cases_facts(struct web_request *req)
{
	static const char *const allowed[] = {"version", "facts", NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_ref out = {0};
	int64_t version = 0;
	size_t len = 0;
	const char *ref = api_ref(&c), *facts;
	json_t *o = ref ? api_change_body(&c, allowed, &version) : NULL;
	if (o != NULL && (facts = facts_text(&c, o, &len)) != NULL)
		api_changed(&c, app_route(&c.ctx, ref, version, facts, len, &out,
		                          &err),
		            &out, &err);
	api_end(&c);
}

void api_cases_close(struct web_request *req)
{
	static const char *const allowed[] = {"version", "outcome", "reason",
	                                      "lessons_learned", NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_ref out = {0};
	int64_t version = 0;
	const char *ref = api_ref(&c), *outcome = NULL, *reason = NULL;
	const char *lessons = NULL;
	enum outcome oc;
	json_t *o = ref ? api_change_body(&c, allowed, &version) : NULL;
	/* The body is valid UTF-8 by now (json_body.h); lessons_learned is
	 * checked for type and size here, before anything is stored. */
	if (o == NULL || !api_str(&c, o, "outcome", true, 32, &outcome) ||
	    !api_str(&c, o, "reason", false, MAX_NOTE, &reason) ||
	    !api_str(&c, o, "lessons_learned", false, MAX_LESSONS, &lessons))
		goto out;
	if (!outcome_from_name(outcome, &oc)) {
		api_bad(&c, "outcome", N_("not an outcome cwyn knows"));
		goto out;
	}
	api_changed(&c, app_close_lessons(&c.ctx, ref, version, oc, reason,
	                                  lessons, &out, &err),
	            &out, &err);
out:
	api_end(&c);
}

void api_cases_reopen(struct web_request *req)
{
	static const char *const allowed[] = {"version", "reason", NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_ref out = {0};
	int64_t version = 0;
	const char *ref = api_ref(&c), *reason = NULL;
	json_t *o = ref ? api_change_body(&c, allowed, &version) : NULL;
	if (o != NULL && api_str(&c, o, "reason", true, MAX_NOTE, &reason))
		api_changed(&c, app_reopen(&c.ctx, ref, version, reason, &out,
		                           &err),
		            &out, &err);
	api_end(&c);
}
