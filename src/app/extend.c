/*
 * extend.c — extending a clock, only by a recorded agreement.
 *
 * Regulation 16(4) of SI 2014/1794 allows the Stage 1 discussion to be
 * extended only in exceptional circumstances and by agreement with the
 * complainant; the Stage 2 response is extended with reasons and a new
 * date given to the complainant (procedure.md 1.8.5). core/clock refuses
 * an extension without who agreed, when and why, of a timescale that is
 * not extendable, or agreed after the deadline was missed; a refusal
 * changes nothing. An accepted extension is kept as its own row (old and
 * new due dates) and the clock's due date and derivation are updated.
 */
#include <string.h>

#include "app/app_internal.h"
#include "app/letters_internal.h"
#include "i18n/i18n.h"

static enum cwyn_code find_clock(const struct app_ctx *ctx,
                                 const struct store_case *c, int64_t id,
                                 struct arena *ar, struct store_clock *out,
                                 struct cwyn_error *err)
{
	struct store_clock *all;
	size_t n;
	enum cwyn_code rc = store_clock_list(ctx->db, ctx->actor.authority_id,
	                                     c->id, ar, &all, &n, err);
	if (rc != CWYN_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (all[i].id == id) {
			*out = all[i];
			return CWYN_OK;
		}
	}
	return cwyn_fail(err, CWYN_EINVAL, "clock",
	                 N_("the case has no clock with this id"));
}

enum cwyn_code app_extend(const struct app_ctx *ctx,
                          const struct app_extend *in,
                          struct app_case_ref *out, struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	struct store_clock row;
	struct clock k;
	struct cal_derivation dv;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, in->reference, AZ_CLOCK_EXTEND, &ar, &c,
	                        err)) ||
	    (rc = app_check_version(&c, in->version, err)) ||
	    (rc = app_check_open(&c, err)) ||
	    (rc = find_clock(ctx, &c, in->clock_id, &ar, &row, err)) ||
	    (rc = app_clock_from_row(ctx, &row, &k, err)))
		goto out;
	if (in->agreed_on != CWYN_DAY_NONE && in->agreed_on > ctx->today) {
		rc = cwyn_fail(err, CWYN_EINVAL, "agreed_on",
		               N_("an extension cannot be agreed in the future"));
		goto out;
	}
	struct extension ext;
	extension_init(&ext);
	ext.agreed_on = in->agreed_on;
	ext.agreed_with = in->agreed_with;
	ext.reason = in->reason;
	ext.extra_amount = in->extra_days;
	ext.new_due = in->new_due;
	ext.exceptional = in->exceptional;
	cwyn_day old_due = k.due;
	int old_total = k.extension_total;
	/* core refuses anything not agreed, and changes nothing then. */
	if ((rc = clock_extend(&k, &ext, ctx->cal, &ar, &dv, err)) != CWYN_OK)
		goto out;

	struct store_extension e = {
	    .clock_id = row.id,
	    .case_id = c.id,
	    .authority_id = c.authority_id,
	    .agreed_on = in->agreed_on,
	    .agreed_with = in->agreed_with,
	    .reason = in->reason,
	    .exceptional = in->exceptional,
	    .extra_amount = k.extension_total - old_total,
	    .old_due = old_due,
	    .new_due = k.due,
	    .recorded_by = ctx->actor.user_id,
	};
	if ((rc = store_extension_insert(ctx->db, &e, err)) != CWYN_OK)
		goto out;
	app_clock_to_row(&k, &row);
	row.derivation_json = app_clock_derivation_json(ctx, &k, &dv, &ar);
	if (row.derivation_json == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "clock", "out of memory");
		goto out;
	}
	if ((rc = store_clock_update(ctx->db, &row, err)) != CWYN_OK)
		goto out;
	json_t *d = json_object();
	json_object_set_new(d, "clock", json_integer(row.id));
	json_object_set_new(d, "timescale", json_string(row.timescale));
	json_object_set_new(d, "agreed_with", json_string(in->agreed_with));
	json_object_set_new(d, "agreed_on", app_json_day(in->agreed_on));
	json_object_set_new(d, "reason", json_string(in->reason));
	json_object_set_new(d, "exceptional", json_boolean(in->exceptional));
	json_object_set_new(d, "extra", json_integer(e.extra_amount));
	json_object_set_new(d, "old_due", app_json_day(old_due));
	json_object_set_new(d, "new_due", app_json_day(k.due));
	if ((rc = app_event(ctx, c.id, "clock.extended", d, err)) ||
	    (rc = app_save_case(ctx, &c, out, err)))
		goto out;
	d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "clock", json_integer(row.id));
	json_object_set_new(d, "new_due", app_json_day(k.due));
	/* The extension letter, in this transaction (letters.c). */
	if ((rc = app_letters_after_extend(ctx, &c, &row, &e, d, err))) {
		json_decref(d);
		goto out;
	}
	rc = app_audit(ctx, "clock.extend", c.id, d, err);
out:
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}
