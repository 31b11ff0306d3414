/*
 * api_matters.c — the matters of a case and moving their stages.
 *
 *   GET  /api/v1/cases/{ref}/matters                    (audited read)
 *   GET  /api/v1/cases/{ref}/matters/{n}/actions        what may happen next
 *   POST /api/v1/cases/{ref}/matters/{n}/transitions    do it
 *
 * A transition is a lifecycle action (acknowledge, agree_summary,
 * appoint_investigator, send_response, ...) on the current stage of
 * matter n, with its outcome where the action records one. The stage
 * machines (core/lifecycle) decide what is allowed; authz decides who.
 */
#include <stdlib.h>
#include <string.h>

#include "app/authz.h"
#include "core/lifecycle.h"
#include "i18n/i18n.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

#define MAX_NOTE 20000

/* {n} from the path: a matter number 1..999. 0 when refused. */
static int matter_seq(struct api_call *c)
{
	const char *s = web_request_param(c->req, "n");
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || *s < '1' || *s > '9' || *end != '\0' || n > 999) {
		api_bad(c, "n", N_("a matter is numbered 1, 2, 3 ..."));
		return 0;
	}
	return (int)n;
}

void api_matters_list(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct app_case_view v;
	const char *ref = api_ref(&c);
	json_t *j = ref ? api_case_view(&c, ref, &v) : NULL;
	if (j != NULL) {
		respond_json(req, 200, json_pack("{s:O,s:O,s:O}", "reference",
		                                 json_object_get(j, "reference"),
		                                 "version",
		                                 json_object_get(j, "version"),
		                                 "matters",
		                                 json_object_get(j, "matters")));
		json_decref(j);
	}
	api_end(&c);
}

/* The matter with this seq in the case JSON, or NULL. */
static json_t *find_matter(json_t *view, int seq)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(view, "matters"), i, m)
		if (json_integer_value(json_object_get(m, "seq")) == seq)
			return m;
	return NULL;
}

void api_matters_actions(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct app_case_view v;
	const char *ref = api_ref(&c);
	int seq = ref ? matter_seq(&c) : 0;
	json_t *j = seq ? api_case_view(&c, ref, &v) : NULL;
	if (j == NULL)
		goto out;
	json_t *m = find_matter(j, seq);
	if (m == NULL) {
		respond_error(req, 404, "not_found", N_("the case has no such matter"),
		              "n");
		goto out;
	}
	json_t *stage = json_object_get(m, "stage");
	enum stage_kind kind = STAGE_KIND__MAX;
	enum stage_state state = ST__MAX;
	stage_kind_from_name(json_string_value(json_object_get(stage, "kind")),
	                     &kind);
	stage_state_from_name(json_string_value(json_object_get(stage, "state")),
	                      &state);
	/* Whether this user may move this kind of stage is authz's call. */
	bool permitted = kind != STAGE_KIND__MAX &&
	                 authz_check_stage(&c.ctx, kind, NULL) == CWYN_OK;
	json_t *out = json_array();
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(m, "allowed_actions"), i, a) {
		enum stage_action act;
		json_t *e = json_deep_copy(a);
		json_t *oc = json_array();
		if (stage_action_from_name(
		        json_string_value(json_object_get(a, "action")), &act)) {
			unsigned bits = lifecycle_action_outcomes(kind, state, act);
			for (int o = 0; o < OUTCOME__MAX; o++)
				if (bits & (1u << o))
					json_array_append_new(
					    oc, json_string(outcome_name((enum outcome)o)));
		}
		json_object_set_new(e, "outcomes", oc);
		json_object_set_new(e, "permitted", json_boolean(permitted));
		json_array_append_new(out, e);
	}
	respond_json(req, 200, json_pack("{s:O,s:O,s:i,s:O,s:o}", "reference",
	                                 json_object_get(j, "reference"),
	                                 "version", json_object_get(j, "version"),
	                                 "matter", seq, "stage", stage,
	                                 "actions", out));
out:
	json_decref(j);
	api_end(&c);
}

void api_matters_advance(struct web_request *req)
{
	static const char *const allowed[] = {
	    "version", "action", "outcome", "investigator_independent",
	    "complainant_wishes_panel", "investigator_user_id", "on", "note",
	    NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_ref out = {0};
	struct app_advance in;
	memset(&in, 0, sizeof in);
	in.outcome = OUTCOME_NONE;
	in.on = CWYN_DAY_NONE;
	const char *action = NULL, *outcome = NULL;
	in.reference = api_ref(&c);
	in.matter_seq = in.reference ? matter_seq(&c) : 0;
	json_t *o = in.matter_seq
	                ? api_change_body(&c, allowed, &in.version)
	                : NULL;
	if (o == NULL || !api_str(&c, o, "action", true, 64, &action) ||
	    !api_str(&c, o, "outcome", false, 32, &outcome) ||
	    !api_bool(&c, o, "investigator_independent",
	              &in.investigator_independent) ||
	    !api_bool(&c, o, "complainant_wishes_panel",
	              &in.complainant_wishes_panel) ||
	    !api_int(&c, o, "investigator_user_id", false, 1, INT64_MAX,
	             &in.investigator_user_id) ||
	    !api_date(&c, o, "on", false, &in.on) ||
	    !api_str(&c, o, "note", false, MAX_NOTE, &in.note))
		goto out;
	if (!stage_action_from_name(action, &in.action)) {
		api_bad(&c, "action", N_("not an action cwyn knows"));
		goto out;
	}
	if (outcome != NULL && !outcome_from_name(outcome, &in.outcome)) {
		api_bad(&c, "outcome", N_("not an outcome cwyn knows"));
		goto out;
	}
	api_changed(&c, app_advance(&c.ctx, &in, &out, &err), &out, &err);
out:
	api_end(&c);
}
