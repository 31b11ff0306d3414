/*
 * close.c — closing a case with its outcome, and reopening it.
 *
 * The outcome is what procedure.md 1.10 asks every case to record: upheld,
 * partly upheld, not upheld, resolved or withdrawn. A case closes when
 * every matter's stage is over; the exception is withdrawal, the
 * complainant's choice, which withdraws each open stage as the lifecycle
 * allows (a stage whose substantive answer has been given cannot be
 * withdrawn, and then the case cannot be closed as withdrawn either).
 * Whatever clocks still run stop on the day of closing, so a closed case
 * never shows as overdue. Reopening needs a reason, which is recorded.
 */
#include <string.h>

#include "app/app_internal.h"
#include "i18n/i18n.h"

#define REASON_MAX 4000
#define LESSONS_MAX 8000

static bool closing_outcome(enum outcome o)
{
	return o == OUTCOME_UPHELD || o == OUTCOME_PARTLY_UPHELD ||
	       o == OUTCOME_NOT_UPHELD || o == OUTCOME_RESOLVED ||
	       o == OUTCOME_WITHDRAWN;
}

/* Withdraw (for "withdrawn") or check (otherwise) every matter's stage. */
static enum cwyn_code settle_stages(const struct app_ctx *ctx,
                                    const struct store_case *c,
                                    enum outcome outcome, struct arena *ar,
                                    struct cwyn_error *err)
{
	struct store_matter *ms;
	size_t n;
	enum cwyn_code rc = store_matter_list(ctx->db, ctx->actor.authority_id,
	                                      c->id, ar, &ms, &n, err);
	for (size_t i = 0; rc == CWYN_OK && i < n; i++) {
		struct store_stage s;
		bool found;
		enum stage_kind kind;
		enum stage_state state;
		rc = app_stage_current(ctx, &ms[i], ar, &s, &found, err);
		if (rc != CWYN_OK || !found ||
		    !stage_kind_from_name(s.kind, &kind) ||
		    !stage_state_from_name(s.state, &state) ||
		    stage_state_is_final(state))
			continue;
		if (outcome != OUTCOME_WITHDRAWN)
			return cwyn_fail(err, CWYN_ESTATE, "matters",
			                 "matter %d is still open (%s: %s); finish "
			                 "its stage first, or close the case as "
			                 "withdrawn",
			                 ms[i].seq, stage_kind_label(kind),
			                 stage_state_label(state));
		struct lifecycle_ctx lc = {.policy = ctx->policy};
		struct lifecycle_result res;
		rc = lifecycle_apply(kind, state, ACT_WITHDRAW, &lc, &res, err);
		if (rc != CWYN_OK)
			return rc;
		s.state = stage_state_name(res.state);
		s.closed_on = ctx->today;
		s.outcome = outcome_name(res.outcome);
		rc = store_stage_update(ctx->db, &s, err);
		if (rc == CWYN_OK)
			rc = app_stage_clocks(ctx, &s, &res, ctx->today, ar, err);
		if (rc == CWYN_OK) {
			json_t *d = json_object();
			json_object_set_new(d, "matter", json_integer(ms[i].seq));
			json_object_set_new(d, "action", json_string("withdraw"));
			json_object_set_new(d, "to", json_string(s.state));
			json_object_set_new(d, "rule", app_json_str(res.rule_id));
			rc = app_event(ctx, c->id, "stage.advanced", d, err);
		}
	}
	return rc;
}

enum cwyn_code app_close(const struct app_ctx *ctx, const char *reference,
                         int64_t version, enum outcome outcome,
                         const char *reason, struct app_case_ref *out,
                         struct cwyn_error *err)
{
	return app_close_lessons(ctx, reference, version, outcome, reason,
	                         NULL, out, err);
}

enum cwyn_code app_close_lessons(const struct app_ctx *ctx,
                                 const char *reference, int64_t version,
                                 enum outcome outcome, const char *reason,
                                 const char *lessons,
                                 struct app_case_ref *out,
                                 struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_CLOSE, &ar, &c, err)) ||
	    (rc = app_check_version(&c, version, err)) ||
	    (rc = app_check_open(&c, err)))
		goto out;
	if (!closing_outcome(outcome)) {
		rc = cwyn_fail(err, CWYN_EINVAL, "outcome",
		               "the outcome must be one of upheld, "
		               "partly_upheld, not_upheld, resolved, withdrawn");
		goto out;
	}
	if (reason && strlen(reason) > REASON_MAX) {
		rc = cwyn_fail(err, CWYN_EINVAL, "reason", N_("the reason is too long"));
		goto out;
	}
	if (lessons && strlen(lessons) > LESSONS_MAX) {
		rc = cwyn_fail(err, CWYN_EINVAL, "lessons_learned",
		               N_("the lessons learned are too long"));
		goto out;
	}
	if ((rc = settle_stages(ctx, &c, outcome, &ar, err)) ||
	    (rc = app_clock_stop_all(ctx, c.id, ctx->today, &ar, err)))
		goto out;
	c.status = "closed";
	c.outcome = outcome_name(outcome);
	if (!app_blank(lessons))
		c.lessons_learned = lessons;
	app_now(c.closed_at);
	json_t *d = json_object();
	json_object_set_new(d, "outcome", json_string(c.outcome));
	json_object_set_new(d, "on", app_json_day(ctx->today));
	if (!app_blank(reason))
		json_object_set_new(d, "reason", json_string(reason));
	if ((rc = app_event(ctx, c.id, "case.closed", d, err)) ||
	    (rc = app_save_case(ctx, &c, out, err)))
		goto out;
	d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "outcome", json_string(c.outcome));
	rc = app_audit(ctx, "case.close", c.id, d, err);
out:
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}

enum cwyn_code app_reopen(const struct app_ctx *ctx, const char *reference,
                          int64_t version, const char *reason,
                          struct app_case_ref *out, struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_CLOSE, &ar, &c, err)) ||
	    (rc = app_check_version(&c, version, err)))
		goto out;
	if (strcmp(c.status, "closed") != 0) {
		rc = cwyn_fail(err, CWYN_ESTATE, "status", N_("the case is open"));
		goto out;
	}
	if (app_blank(reason)) {
		rc = cwyn_fail(err, CWYN_EINVAL, "reason",
		               N_("say why the case is reopened"));
		goto out;
	}
	if (strlen(reason) > REASON_MAX) {
		rc = cwyn_fail(err, CWYN_EINVAL, "reason", N_("the reason is too long"));
		goto out;
	}
	json_t *d = json_object();
	json_object_set_new(d, "reason", json_string(reason));
	json_object_set_new(d, "previous_outcome", app_json_str(c.outcome));
	json_object_set_new(d, "on", app_json_day(ctx->today));
	c.status = "open";
	c.outcome = NULL;
	c.closed_at[0] = '\0';
	if ((rc = app_event(ctx, c.id, "case.reopened", d, err)) ||
	    (rc = app_save_case(ctx, &c, out, err)))
		goto out;
	d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "reason", json_string(reason));
	rc = app_audit(ctx, "case.reopen", c.id, d, err);
out:
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}
