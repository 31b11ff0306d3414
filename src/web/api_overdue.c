/*
 * api_overdue.c — GET /api/v1/overdue?within=N: the clocks that have
 * breached, and those due within N working days (default 0: breached
 * only), earliest due first, for the cases the user may see. One audited
 * read ("overdue.read").
 */
#include "core/policy.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

static json_t *day(cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	return d == CWYN_DAY_NONE ? json_null() : json_string(date_format(d, buf));
}

void api_overdue(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	int64_t within = 0;
	struct app_overdue_item *items = NULL;
	size_t n = 0;
	if (!api_query_int(&c, "within", 0, 250, &within))
		goto out;
	if (app_overdue(&c.ctx, (int)within, req->arena, &items, &n, &err) !=
	    CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct app_overdue_item *it = &items[i];
		json_t *o = json_object();
		json_object_set_new(o, "reference", json_string(it->reference));
		json_object_set_new(o, "clock_id", json_integer(it->clock_id));
		json_object_set_new(o, "matter", it->matter_seq > 0
		                                     ? json_integer(it->matter_seq)
		                                     : json_null());
		json_object_set_new(o, "timescale", json_string(ts_id_name(it->ts)));
		json_object_set_new(o, "started_on", day(it->started_on));
		json_object_set_new(o, "due_on", day(it->due_on));
		json_object_set_new(o, "breached", json_boolean(it->breached));
		json_object_set_new(o, "days_overdue", json_integer(it->days_overdue));
		json_object_set_new(o, "due_in_working_days",
		                    json_integer(it->due_in_wd));
		json_array_append_new(list, o);
	}
	respond_json(req, 200, json_pack("{s:o,s:I,s:o}", "as_of",
	                                 day(c.ctx.today), "within",
	                                 (json_int_t)within, "items", list));
out:
	api_end(&c);
}
