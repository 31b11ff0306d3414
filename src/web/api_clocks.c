/*
 * api_clocks.c — the statutory clocks of a case and their extensions.
 *
 *   GET  /api/v1/cases/{ref}/clocks                     (audited read)
 *   POST /api/v1/cases/{ref}/clocks/{id}/extensions     agree more time
 *
 * An extension is either extra_days (in the clock's own unit) or an agreed
 * new_due date, with who agreed it, when and why; whether the timescale
 * may be extended at all is the policy's and the lifecycle's call.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

#define MAX_TEXT 2000

void api_clocks_list(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct app_case_view v;
	const char *ref = api_ref(&c);
	json_t *j = ref ? api_case_view(&c, ref, &v) : NULL;
	if (j != NULL) {
		respond_json(req, 200, json_pack("{s:O,s:O,s:O,s:O}", "reference",
		                                 json_object_get(j, "reference"),
		                                 "version",
		                                 json_object_get(j, "version"),
		                                 "clocks",
		                                 json_object_get(j, "clocks"),
		                                 "extensions",
		                                 json_object_get(j, "extensions")));
		json_decref(j);
	}
	api_end(&c);
}

void api_clocks_extend(struct web_request *req)
{
	static const char *const allowed[] = {
	    "version", "agreed_with", "agreed_on", "reason", "extra_days",
	    "new_due", "exceptional", NULL};
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct app_case_ref out = {0};
	struct app_extend in;
	memset(&in, 0, sizeof in);
	in.agreed_on = CWYN_DAY_NONE;
	in.new_due = CWYN_DAY_NONE;
	int64_t extra = 0;
	in.reference = api_ref(&c);
	const char *id = in.reference ? web_request_param(req, "id") : NULL;
	char *end = NULL;
	if (in.reference != NULL) {
		long long v = id ? strtoll(id, &end, 10) : 0;
		if (id == NULL || *id < '1' || *id > '9' || *end != '\0' ||
		    v < 1) {
			api_bad(&c, "id", N_("a clock is named by its number"));
			goto out;
		}
		in.clock_id = (int64_t)v;
	}
	json_t *o = in.reference ? api_change_body(&c, allowed, &in.version)
	                         : NULL;
	if (o == NULL ||
	    !api_str(&c, o, "agreed_with", true, MAX_TEXT, &in.agreed_with) ||
	    !api_date(&c, o, "agreed_on", false, &in.agreed_on) ||
	    !api_str(&c, o, "reason", true, MAX_TEXT, &in.reason) ||
	    !api_int(&c, o, "extra_days", false, 1, 365, &extra) ||
	    !api_date(&c, o, "new_due", false, &in.new_due) ||
	    !api_bool(&c, o, "exceptional", &in.exceptional))
		goto out;
	if ((extra > 0) == (in.new_due != CWYN_DAY_NONE)) {
		api_bad(&c, "extra_days",
		        N_("give either extra_days or new_due, not both"));
		goto out;
	}
	in.extra_days = (int)extra;
	api_changed(&c, app_extend(&c.ctx, &in, &out, &err), &out, &err);
out:
	api_end(&c);
}
