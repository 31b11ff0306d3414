/*
 * app_clock.c — statutory clocks between core and the store: starting,
 * stopping and rebuilding them, and the derivation document kept with
 * each one so staff can see how its due date was worked out (day 0, the
 * days skipped and why, the result).
 *
 * A clock keeps the terms it started under (clock.h), so they travel in
 * the derivation document too ("amount", "unit", "inclusive",
 * "extendable", "base_due", "n_extensions") and a clock is rebuilt from
 * its row without asking today's policy.
 */
#include <string.h>

#include "app/app_internal.h"

static const char *skip_kind_name(enum cal_day_kind k)
{
	switch (k) {
	case CAL_WEEKEND: return "weekend";
	case CAL_BANK_HOLIDAY: return "bank_holiday";
	case CAL_CLOSURE: return "closure";
	default: return "working";
	}
}

char *app_clock_derivation_json(const struct app_ctx *ctx,
                                const struct clock *c,
                                const struct cal_derivation *dv,
                                struct arena *ar)
{
	const struct policy_timescale *t = &ctx->policy->timescales[c->ts];
	json_t *o = json_object();
	json_t *skipped = json_array();
	if (o == NULL || skipped == NULL) {
		json_decref(o);
		json_decref(skipped);
		return NULL;
	}
	json_object_set_new(o, "timescale", json_string(ts_id_name(c->ts)));
	json_object_set_new(o, "label_en", app_json_str(t->label.en));
	json_object_set_new(o, "label_cy", app_json_str(t->label.cy));
	json_object_set_new(o, "source", app_json_str(t->source));
	json_object_set_new(o, "amount", json_integer(c->amount));
	json_object_set_new(o, "unit", json_string(cal_unit_name(c->unit)));
	json_object_set_new(o, "inclusive", json_boolean(c->inclusive));
	json_object_set_new(o, "extendable", json_boolean(c->extendable));
	json_object_set_new(o, "start", app_json_day(c->started));
	json_object_set_new(o, "base_due", app_json_day(c->base_due));
	json_object_set_new(o, "paused_total", json_integer(c->paused_total));
	json_object_set_new(o, "extension_total",
	                    json_integer(c->extension_total));
	json_object_set_new(o, "n_extensions", json_integer(c->n_extensions));
	if (dv != NULL) {
		json_object_set_new(o, "counted", json_integer(dv->amount));
		json_object_set_new(o, "due", app_json_day(dv->result));
		for (size_t i = 0; i < dv->n_skipped; i++) {
			const struct cal_skip *s = &dv->skipped[i];
			json_t *so = json_object();
			if (so == NULL)
				continue;
			json_object_set_new(so, "date", app_json_day(s->day));
			json_object_set_new(so, "kind",
			                    json_string(skip_kind_name(s->kind)));
			json_object_set_new(so, "why", app_json_str(s->why_en));
			json_object_set_new(so, "why_cy", app_json_str(s->why_cy));
			json_array_append_new(skipped, so);
		}
		json_object_set_new(o, "skipped", skipped);
		json_object_set_new(o, "explanation",
		                    app_json_str(calendar_explain(dv, ar)));
	} else {
		json_object_set_new(o, "due", app_json_day(c->due));
		json_object_set_new(o, "skipped", skipped);
	}
	return app_json_dump(o, ar);
}

void app_clock_to_row(const struct clock *c, struct store_clock *row)
{
	row->timescale = ts_id_name(c->ts);
	row->state = clock_state_name(c->state);
	row->started_on = c->started;
	row->due_on = c->due;
	row->paused_on = c->paused_on;
	row->paused_wd_total = c->paused_total;
	row->extension_wd = c->extension_total;
	row->stopped_on = c->stopped_on;
	row->breached = c->breached;
}

/* A date member of the derivation document, or `dflt`. */
static cwyn_day doc_day(const json_t *o, const char *key, cwyn_day dflt)
{
	const char *s = json_string_value(json_object_get(o, key));
	cwyn_day d;
	if (s && date_parse(s, &d, key, NULL) == CWYN_OK)
		return d;
	return dflt;
}

enum cwyn_code app_clock_from_row(const struct app_ctx *ctx,
                                  const struct store_clock *row,
                                  struct clock *out, struct cwyn_error *err)
{
	struct clock c;
	memset(&c, 0, sizeof c);
	if (!ts_id_from_name(row->timescale, &c.ts))
		return cwyn_fail(err, CWYN_EINTERNAL, "timescale",
		                 "a stored clock has an unknown timescale");
	if (!clock_state_from_name(row->state, &c.state))
		return cwyn_fail(err, CWYN_EINTERNAL, "state",
		                 "a stored clock has an unknown state");
	/* The terms it started under; today's policy only as a fallback
	 * for a row written without them. */
	const struct policy_timescale *t = &ctx->policy->timescales[c.ts];
	c.amount = t->amount;
	c.unit = t->unit;
	c.inclusive = t->inclusive;
	c.extendable = t->extendable;
	c.started = row->started_on;
	c.due = row->due_on;
	c.base_due = row->due_on;
	c.paused_total = row->paused_wd_total;
	c.extension_total = row->extension_wd;
	c.paused_on = row->paused_on;
	c.stopped_on = row->stopped_on;
	c.breached = row->breached;
	json_t *doc = row->derivation_json
	                  ? json_loads(row->derivation_json, 0, NULL)
	                  : NULL;
	if (json_is_object(doc)) {
		json_t *v;
		enum cal_unit u;
		if (json_is_integer(v = json_object_get(doc, "amount")))
			c.amount = (int)json_integer_value(v);
		const char *un = json_string_value(json_object_get(doc, "unit"));
		for (int i = 0; un && i < CAL_UNIT__MAX; i++) {
			u = (enum cal_unit)i;
			if (strcmp(cal_unit_name(u), un) == 0)
				c.unit = u;
		}
		if (json_is_boolean(v = json_object_get(doc, "inclusive")))
			c.inclusive = json_is_true(v);
		if (json_is_boolean(v = json_object_get(doc, "extendable")))
			c.extendable = json_is_true(v);
		if (json_is_integer(v = json_object_get(doc, "n_extensions")))
			c.n_extensions = (int)json_integer_value(v);
		c.base_due = doc_day(doc, "base_due", c.base_due);
	}
	json_decref(doc);
	*out = c;
	return CWYN_OK;
}

/* The case's running (or paused) clocks of one timescale and matter. */
static enum cwyn_code open_clocks(const struct app_ctx *ctx, int64_t case_id,
                                  int64_t matter_id, enum ts_id ts,
                                  struct arena *ar, struct store_clock **out,
                                  size_t *n, struct cwyn_error *err)
{
	struct store_clock *all;
	size_t n_all, k = 0;
	enum cwyn_code rc = store_clock_list(ctx->db, ctx->actor.authority_id,
	                                     case_id, ar, &all, &n_all, err);
	if (rc != CWYN_OK)
		return rc;
	for (size_t i = 0; i < n_all; i++) {
		if (strcmp(all[i].state, "stopped") == 0 ||
		    strcmp(all[i].timescale, ts_id_name(ts)) != 0 ||
		    all[i].matter_id != matter_id)
			continue;
		all[k++] = all[i];
	}
	*out = all;
	*n = k;
	return CWYN_OK;
}

enum cwyn_code app_clock_start(const struct app_ctx *ctx, int64_t case_id,
                               int64_t matter_id, int64_t stage_id,
                               enum ts_id ts, cwyn_day day, struct arena *ar,
                               int64_t *id, struct cwyn_error *err)
{
	struct clock c;
	struct cal_derivation dv;
	enum cwyn_code rc;
	char buf[CWYN_DATE_STRLEN];

	/* One acknowledgement per complaint, whatever its matters. */
	if (ts == TS_ACK) {
		struct store_clock *open;
		size_t n;
		matter_id = 0;
		stage_id = 0;
		rc = open_clocks(ctx, case_id, 0, ts, ar, &open, &n, err);
		if (rc != CWYN_OK)
			return rc;
		if (n > 0) {
			if (id)
				*id = open[0].id;
			return CWYN_OK;
		}
	}
	rc = clock_start(ctx->cal, ctx->policy, ts, day, ar, &c, &dv, err);
	if (rc != CWYN_OK)
		return rc;
	struct store_clock row = {
	    .case_id = case_id,
	    .matter_id = matter_id,
	    .stage_id = stage_id,
	    .authority_id = ctx->actor.authority_id,
	};
	app_clock_to_row(&c, &row);
	row.derivation_json = app_clock_derivation_json(ctx, &c, &dv, ar);
	if (row.derivation_json == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "clock", "out of memory");
	rc = store_clock_insert(ctx->db, &row, err);
	if (rc != CWYN_OK)
		return rc;
	if (id)
		*id = row.id;
	json_t *d = json_object();
	json_object_set_new(d, "clock", json_integer(row.id));
	json_object_set_new(d, "timescale", json_string(ts_id_name(ts)));
	json_object_set_new(d, "matter", json_integer(matter_id));
	json_object_set_new(d, "started", json_string(date_format(day, buf)));
	json_object_set_new(d, "due", app_json_day(c.due));
	return app_event(ctx, case_id, "clock.started", d, err);
}

/* Stop one stored clock on `day` and record it. */
static enum cwyn_code stop_row(const struct app_ctx *ctx,
                               struct store_clock *row, cwyn_day day,
                               struct cwyn_error *err)
{
	struct clock c;
	enum cwyn_code rc = app_clock_from_row(ctx, row, &c, err);
	if (rc != CWYN_OK)
		return rc;
	/* A step recorded as done before the clock started (a back-dated
	 * entry) counts as done on the first day. */
	if (day < c.started)
		day = c.started;
	rc = clock_stop(&c, day, ctx->cal, err);
	if (rc != CWYN_OK)
		return rc;
	app_clock_to_row(&c, row);
	rc = store_clock_update(ctx->db, row, err);
	if (rc != CWYN_OK)
		return rc;
	json_t *d = json_object();
	json_object_set_new(d, "clock", json_integer(row->id));
	json_object_set_new(d, "timescale", json_string(row->timescale));
	json_object_set_new(d, "matter", json_integer(row->matter_id));
	json_object_set_new(d, "stopped", app_json_day(day));
	json_object_set_new(d, "due", app_json_day(c.due));
	json_object_set_new(d, "met", json_boolean(!c.breached));
	return app_event(ctx, row->case_id, "clock.stopped", d, err);
}

enum cwyn_code app_clock_stop_ts(const struct app_ctx *ctx, int64_t case_id,
                                 int64_t matter_id, enum ts_id ts,
                                 cwyn_day day, struct arena *ar,
                                 struct cwyn_error *err)
{
	struct store_clock *open;
	size_t n;
	if (ts == TS_ACK)
		matter_id = 0;
	enum cwyn_code rc =
	    open_clocks(ctx, case_id, matter_id, ts, ar, &open, &n, err);
	for (size_t i = 0; rc == CWYN_OK && i < n; i++)
		rc = stop_row(ctx, &open[i], day, err);
	return rc;
}

enum cwyn_code app_clock_stop_all(const struct app_ctx *ctx, int64_t case_id,
                                  cwyn_day day, struct arena *ar,
                                  struct cwyn_error *err)
{
	struct store_clock *all;
	size_t n;
	enum cwyn_code rc = store_clock_list(ctx->db, ctx->actor.authority_id,
	                                     case_id, ar, &all, &n, err);
	for (size_t i = 0; rc == CWYN_OK && i < n; i++)
		if (strcmp(all[i].state, "stopped") != 0)
			rc = stop_row(ctx, &all[i], day, err);
	return rc;
}
