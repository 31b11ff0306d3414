/*
 * api_timeline.c — GET /api/v1/cases/{ref}/timeline: everything that
 * happened to a case, in time order (an audited read like any other).
 */
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

void api_timeline(struct web_request *req)
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
		                                 "timeline",
		                                 json_object_get(j, "timeline")));
		json_decref(j);
	}
	api_end(&c);
}
