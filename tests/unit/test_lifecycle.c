/*
 * test_lifecycle.c — the stage machines and the statutory clocks, against
 * the real Wales 2014 policy and the real working-day calendar.
 *
 * The transition test does not trust the table it tests: it carries its
 * own hand-written list of legal moves (from the procedure, see
 * docs/lifecycle.md) and checks the whole cross product of kinds, states
 * and actions against it. Dates are worked by hand in the comments, from
 * the bank holidays in procedure.md 5.3.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/policy_file.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/lifecycle.h"
#include "core/policy.h"
#include "i18n/i18n.h"

struct fixture {
	struct policy *policy;
	struct calendar *cal;
	struct arena arena;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct cwyn_error err = {0};
	if (policy_load_with_calendar(NULL, &fx.policy, &fx.cal, &err) !=
	    CWYN_OK) {
		print_error("policy: %s: %s\n", err.field, err.message);
		return -1;
	}
	arena_init(&fx.arena, 0);
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	arena_free(&fx->arena);
	calendar_free(fx->cal);
	policy_free(fx->policy);
	return 0;
}

static cwyn_day D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void assert_day(cwyn_day got, int y, int m, int d)
{
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	if (got != D(y, m, d))
		fail_msg("got %s, want %s", date_format(got, a),
		         date_format(D(y, m, d), b));
}

static bool has_ts(const enum ts_id *list, size_t n, enum ts_id ts)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == ts)
			return true;
	return false;
}

/* ---- Names ---------------------------------------------------------------- */

static void names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < STAGE_KIND__MAX; i++) {
		enum stage_kind k;
		assert_true(stage_kind_from_name(stage_kind_name(i), &k));
		assert_int_equal(k, i);
		assert_non_null(stage_kind_label(i));
		assert_int_equal(stage_state_kind(stage_initial_state(i)), i);
	}
	for (int i = 0; i < ST__MAX; i++) {
		enum stage_state s;
		assert_true(stage_state_from_name(stage_state_name(i), &s));
		assert_int_equal(s, i);
		assert_non_null(stage_state_label(i));
		assert_true(stage_state_kind(i) < STAGE_KIND__MAX);
	}
	for (int i = 0; i < ACT__MAX; i++) {
		enum stage_action a;
		assert_true(stage_action_from_name(stage_action_name(i), &a));
		assert_int_equal(a, i);
		assert_non_null(stage_action_label(i));
	}
	for (int i = 0; i < OUTCOME__MAX; i++) {
		enum outcome o;
		assert_true(outcome_from_name(outcome_name(i), &o));
		assert_int_equal(o, i);
		assert_non_null(outcome_label(i));
	}
	for (int i = 0; i < CLOCK_STATE__MAX; i++) {
		enum clock_state c;
		assert_true(clock_state_from_name(clock_state_name(i), &c));
		assert_int_equal(c, i);
	}
	enum stage_state s;
	enum stage_action a;
	enum outcome o;
	assert_false(stage_state_from_name("S1_RECEIVED", &s));
	assert_false(stage_state_from_name(NULL, &s));
	assert_false(stage_action_from_name("approve", &a));
	assert_false(outcome_from_name("", &o));
	assert_string_equal(stage_state_name(ST_S2_INVESTIGATING),
	                    "s2_investigator_appointed");
	assert_string_equal(outcome_name(OUTCOME_PARTLY_UPHELD),
	                    "partly_upheld");
	assert_null(stage_state_name(ST__MAX));
}

static void routes_open_the_right_stage(void **state)
{
	(void)state;
	assert_int_equal(stage_for_route(ROUTE_COUNCIL_STAGE1),
	                 STAGE_KIND_STAGE1);
	assert_int_equal(stage_for_route(ROUTE_COUNCIL_STAGE2),
	                 STAGE_KIND_STAGE2);
	assert_int_equal(stage_for_route(ROUTE_CONFERENCE_CHAIR),
	                 STAGE_KIND_CONFERENCE);
	assert_int_equal(stage_for_route(ROUTE_SAFEGUARDING_PANEL),
	                 STAGE_KIND_PANEL);
	assert_int_equal(stage_for_route(ROUTE_OTHER_AGENCY),
	                 STAGE_KIND_REFERRAL);
	assert_int_equal(stage_for_route(ROUTE_OMBUDSMAN), STAGE_KIND_REFERRAL);
	assert_int_equal(stage_for_route(ROUTE_EXCLUDED_COURT),
	                 STAGE_KIND_EXCLUDED);
	/* A split complaint is opened matter by matter. */
	assert_int_equal(stage_for_route(ROUTE_SPLIT), STAGE_KIND__MAX);
	assert_int_equal(stage_for_route(ROUTE__MAX), STAGE_KIND__MAX);
}

/* ---- The whole table ---------------------------------------------------- */

struct legal {
	enum stage_state from;
	enum stage_action action;
	enum stage_state to;
	enum outcome give; /* an outcome the action accepts */
};

/* Written from the procedure, not copied from the code's table. */
static const struct legal legal[] = {
	/* Stage 1: Stage 2 may be asked for from every state (reg 15(4)). */
	{ST_S1_RECEIVED, ACT_ACKNOWLEDGE, ST_S1_ACKNOWLEDGED, OUTCOME_NONE},
	{ST_S1_RECEIVED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED, OUTCOME_NONE},
	{ST_S1_RECEIVED, ACT_WITHDRAW, ST_S1_WITHDRAWN, OUTCOME_NONE},
	{ST_S1_ACKNOWLEDGED, ACT_RECORD_DISCUSSION, ST_S1_DISCUSSED,
	 OUTCOME_NONE},
	{ST_S1_ACKNOWLEDGED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 OUTCOME_NONE},
	{ST_S1_ACKNOWLEDGED, ACT_WITHDRAW, ST_S1_WITHDRAWN, OUTCOME_NONE},
	{ST_S1_DISCUSSED, ACT_RESOLVE, ST_S1_RESOLVED, OUTCOME_NONE},
	{ST_S1_DISCUSSED, ACT_CLOSE, ST_S1_CLOSED, OUTCOME_NOT_UPHELD},
	{ST_S1_DISCUSSED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED, OUTCOME_NONE},
	{ST_S1_DISCUSSED, ACT_WITHDRAW, ST_S1_WITHDRAWN, OUTCOME_NONE},
	{ST_S1_RESOLVED, ACT_RESOLVE_IN_WRITING, ST_S1_CLOSED,
	 OUTCOME_RESOLVED},
	{ST_S1_RESOLVED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED, OUTCOME_NONE},
	{ST_S1_CLOSED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED, OUTCOME_NONE},
	{ST_S1_WITHDRAWN, ACT_REQUEST_STAGE2, ST_S2_REQUESTED, OUTCOME_NONE},
	{ST_S1_WITHDRAWN, ACT_REOPEN, ST_S1_RECEIVED, OUTCOME_NONE},
	/* Stage 2 */
	{ST_S2_REQUESTED, ACT_ACKNOWLEDGE, ST_S2_ACKNOWLEDGED, OUTCOME_NONE},
	{ST_S2_REQUESTED, ACT_WITHDRAW, ST_S2_WITHDRAWN, OUTCOME_NONE},
	{ST_S2_ACKNOWLEDGED, ACT_AGREE_SUMMARY, ST_S2_SUMMARY_AGREED,
	 OUTCOME_NONE},
	{ST_S2_ACKNOWLEDGED, ACT_APPOINT_INVESTIGATOR, ST_S2_INVESTIGATING,
	 OUTCOME_NONE},
	{ST_S2_ACKNOWLEDGED, ACT_WITHDRAW, ST_S2_WITHDRAWN, OUTCOME_NONE},
	{ST_S2_SUMMARY_AGREED, ACT_APPOINT_INVESTIGATOR, ST_S2_INVESTIGATING,
	 OUTCOME_NONE},
	{ST_S2_SUMMARY_AGREED, ACT_WITHDRAW, ST_S2_WITHDRAWN, OUTCOME_NONE},
	{ST_S2_INVESTIGATING, ACT_RECEIVE_REPORT, ST_S2_REPORT_RECEIVED,
	 OUTCOME_NONE},
	{ST_S2_INVESTIGATING, ACT_APPOINT_INVESTIGATOR, ST_S2_INVESTIGATING,
	 OUTCOME_NONE},
	{ST_S2_INVESTIGATING, ACT_WITHDRAW, ST_S2_WITHDRAWN, OUTCOME_NONE},
	{ST_S2_REPORT_RECEIVED, ACT_SEND_RESPONSE, ST_S2_RESPONDED,
	 OUTCOME_NONE},
	{ST_S2_REPORT_RECEIVED, ACT_WITHDRAW, ST_S2_WITHDRAWN, OUTCOME_NONE},
	{ST_S2_RESPONDED, ACT_CLOSE, ST_S2_CLOSED, OUTCOME_UPHELD},
	{ST_S2_WITHDRAWN, ACT_REOPEN, ST_S2_REQUESTED, OUTCOME_NONE},
	/* Conference */
	{ST_CONF_RECEIVED, ACT_NOTIFY_SENIOR_MANAGER, ST_CONF_SM_NOTIFIED,
	 OUTCOME_NONE},
	{ST_CONF_RECEIVED, ACT_WITHDRAW, ST_CONF_WITHDRAWN, OUTCOME_NONE},
	{ST_CONF_SM_NOTIFIED, ACT_CHAIR_RESOLVE, ST_CONF_CLOSED,
	 OUTCOME_RESOLVED},
	{ST_CONF_SM_NOTIFIED, ACT_ESCALATE_TO_PANEL, ST_PANEL_REQUESTED,
	 OUTCOME_NONE},
	{ST_CONF_SM_NOTIFIED, ACT_CLOSE, ST_CONF_CLOSED, OUTCOME_PARTLY_UPHELD},
	{ST_CONF_SM_NOTIFIED, ACT_WITHDRAW, ST_CONF_WITHDRAWN, OUTCOME_NONE},
	{ST_CONF_WITHDRAWN, ACT_REOPEN, ST_CONF_RECEIVED, OUTCOME_NONE},
	/* Panel */
	{ST_PANEL_REQUESTED, ACT_CONVENE_PANEL, ST_PANEL_CONVENED,
	 OUTCOME_NONE},
	{ST_PANEL_REQUESTED, ACT_WITHDRAW, ST_PANEL_WITHDRAWN, OUTCOME_NONE},
	{ST_PANEL_CONVENED, ACT_PANEL_DECIDE, ST_PANEL_CLOSED,
	 OUTCOME_NOT_UPHELD},
	{ST_PANEL_CONVENED, ACT_WITHDRAW, ST_PANEL_WITHDRAWN, OUTCOME_NONE},
	{ST_PANEL_WITHDRAWN, ACT_REOPEN, ST_PANEL_REQUESTED, OUTCOME_NONE},
	/* Referral */
	{ST_REF_RECEIVED, ACT_REFER_TO_AGENCY, ST_REF_CLOSED,
	 OUTCOME_REFERRED},
	{ST_REF_RECEIVED, ACT_WITHDRAW, ST_REF_WITHDRAWN, OUTCOME_NONE},
	{ST_REF_WITHDRAWN, ACT_REOPEN, ST_REF_RECEIVED, OUTCOME_NONE},
	/* Excluded */
	{ST_EXC_RECEIVED, ACT_SEND_EXCLUSION_LETTER, ST_EXC_CLOSED,
	 OUTCOME_EXCLUDED},
	{ST_EXC_RECEIVED, ACT_WITHDRAW, ST_EXC_WITHDRAWN, OUTCOME_NONE},
	{ST_EXC_WITHDRAWN, ACT_REOPEN, ST_EXC_RECEIVED, OUTCOME_NONE},
};

static const struct legal *find_legal(enum stage_state s, enum stage_action a)
{
	for (size_t i = 0; i < sizeof legal / sizeof *legal; i++)
		if (legal[i].from == s && legal[i].action == a)
			return &legal[i];
	return NULL;
}

static void every_transition_against_the_list(void **state)
{
	(void)state;
	size_t n_ok = 0, n_refused = 0;
	for (int k = 0; k < STAGE_KIND__MAX; k++) {
		for (int s = 0; s < ST__MAX; s++) {
			if (stage_state_kind(s) != (enum stage_kind)k)
				continue;
			unsigned want_allowed = 0, got_allowed = 0;
			enum stage_action acts[ACT__MAX];
			size_t n = lifecycle_allowed_actions(k, s, NULL, acts);
			for (size_t i = 0; i < n; i++)
				got_allowed |= 1u << acts[i];
			for (int a = 0; a < ACT__MAX; a++) {
				const struct legal *l = find_legal(s, a);
				struct lifecycle_ctx ctx = {
				    .investigator_independent = true,
				    .complainant_wishes_panel = true,
				    .outcome = l ? l->give : OUTCOME_NONE,
				};
				struct lifecycle_result r;
				struct cwyn_error err = {0};
				enum cwyn_code rc =
				    lifecycle_apply(k, s, a, &ctx, &r, &err);
				if (l != NULL) {
					want_allowed |= 1u << a;
					if (rc != CWYN_OK)
						fail_msg("%s + %s refused: %s",
						         stage_state_name(s),
						         stage_action_name(a),
						         err.message);
					assert_int_equal(r.state, l->to);
					assert_int_equal(r.kind,
					                 stage_state_kind(l->to));
					assert_int_equal(
					    r.closed,
					    stage_state_is_final(l->to));
					assert_non_null(r.rule_id);
					assert_non_null(r.source);
					if (a == ACT_WITHDRAW)
						assert_int_equal(
						    r.outcome,
						    OUTCOME_WITHDRAWN);
					else
						assert_int_equal(r.outcome,
						                 l->give);
					n_ok++;
					continue;
				}
				if (rc != CWYN_ESTATE)
					fail_msg("%s + %s: want refusal, got %s",
					         stage_state_name(s),
					         stage_action_name(a),
					         cwyn_code_name(rc));
				/* The message names the state, the action
				 * and what may be done instead. */
				assert_string_equal(err.field, "action");
				assert_non_null(strstr(err.message,
				                       stage_state_label(s)));
				assert_non_null(strstr(err.message,
				                       stage_action_label(a)));
				assert_non_null(
				    strstr(err.message, "Allowed now: "));
				n_refused++;
			}
			assert_int_equal(got_allowed, want_allowed);
		}
	}
	/* Every row of the list was reached, and the refusals are the rest
	 * of the cross product. */
	assert_int_equal(n_ok, sizeof legal / sizeof *legal);
	assert_int_equal(n_ok + n_refused, (size_t)ST__MAX * ACT__MAX);
}

static void state_of_another_kind_is_bad_input(void **state)
{
	(void)state;
	struct lifecycle_result r;
	struct cwyn_error err = {0};
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S2_REQUESTED,
	                                 ACT_ACKNOWLEDGE, NULL, &r, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "state");
	assert_int_equal(lifecycle_apply(STAGE_KIND__MAX, ST_S1_RECEIVED,
	                                 ACT_ACKNOWLEDGE, NULL, &r, &err),
	                 CWYN_EINVAL);
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RECEIVED,
	                                 ACT__MAX, NULL, &r, &err),
	                 CWYN_EINVAL);
	enum stage_action acts[ACT__MAX];
	assert_int_equal(lifecycle_allowed_actions(STAGE_KIND_PANEL,
	                                           ST_S1_RECEIVED, NULL, acts),
	                 0);
}

static void refusals_say_what_is_allowed(void **state)
{
	(void)state;
	struct lifecycle_result r;
	struct cwyn_error err = {0};
	/* Closing Stage 2 before the response is sent. */
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2,
	                                 ST_S2_INVESTIGATING, ACT_CLOSE, NULL,
	                                 &r, &err),
	                 CWYN_ESTATE);
	assert_string_equal(
	    err.message,
	    "Cannot close now (Stage 2: \"investigator appointed\"): that is "
	    "possible only at \"response sent\". Allowed now: receive the "
	    "investigator's report, appoint an independent investigator, "
	    "withdraw.");
	/* An action that is no part of the stage. */
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RECEIVED,
	                                 ACT_ESCALATE_TO_PANEL, NULL, &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "it is not a step of Stage 1"));
	assert_non_null(strstr(err.message, "Allowed now: acknowledge, "
	                                    "request Stage 2, withdraw."));
	/* A closed Stage 2 has nothing left: the Ombudsman is next. */
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_CLOSED,
	                                 ACT_REOPEN, NULL, &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "nothing; this stage is over"));
}

static void closing_needs_a_fitting_outcome(void **state)
{
	(void)state;
	struct lifecycle_result r;
	struct cwyn_error err = {0};
	struct lifecycle_ctx ctx = {0};
	/* No outcome for a Stage 2 closure. */
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_RESPONDED,
	                                 ACT_CLOSE, &ctx, &r, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "outcome");
	assert_non_null(strstr(err.message, "upheld, partly_upheld, "
	                                    "not_upheld, resolved"));
	/* "withdrawn" is not a finding. */
	ctx.outcome = OUTCOME_WITHDRAWN;
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_RESPONDED,
	                                 ACT_CLOSE, &ctx, &r, &err),
	                 CWYN_EINVAL);
	/* An outcome on a step that records none is a mistake. */
	ctx.outcome = OUTCOME_UPHELD;
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RECEIVED,
	                                 ACT_ACKNOWLEDGE, &ctx, &r, &err),
	                 CWYN_EINVAL);
	/* Defaults: written terms -> resolved, withdraw -> withdrawn. */
	ctx.outcome = OUTCOME_NONE;
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RESOLVED,
	                                 ACT_RESOLVE_IN_WRITING, &ctx, &r,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(r.outcome, OUTCOME_RESOLVED);
	assert_true(r.closed);
	assert_int_equal(lifecycle_action_outcomes(STAGE_KIND_STAGE1,
	                                           ST_S1_RECEIVED,
	                                           ACT_WITHDRAW),
	                 1u << OUTCOME_WITHDRAWN);
	/* An unanswered Stage 1 closes with a finding, never "resolved". */
	ctx.outcome = OUTCOME_RESOLVED;
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_DISCUSSED,
	                                 ACT_CLOSE, &ctx, &r, &err),
	                 CWYN_EINVAL);
}

static void investigator_must_be_independent(void **state)
{
	(void)state;
	struct lifecycle_result r;
	struct cwyn_error err = {0};
	struct lifecycle_ctx ctx = {.investigator_independent = false};
	/* Wherever an investigator may be appointed (or replaced). */
	static const enum stage_state where[] = {
	    ST_S2_ACKNOWLEDGED, ST_S2_SUMMARY_AGREED, ST_S2_INVESTIGATING};
	for (size_t i = 0; i < sizeof where / sizeof *where; i++) {
		assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, where[i],
		                                 ACT_APPOINT_INVESTIGATOR, &ctx,
		                                 &r, &err),
		                 CWYN_EINVAL);
		assert_string_equal(err.field, "investigator_independent");
		assert_non_null(strstr(err.message, "regulation 2"));
		assert_non_null(strstr(err.message, "spouse"));
	}
	ctx.investigator_independent = true;
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_ACKNOWLEDGED,
	                                 ACT_APPOINT_INVESTIGATOR, &ctx, &r,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(r.state, ST_S2_INVESTIGATING);
}

static void transitions_start_and_stop_clocks(void **state)
{
	struct fixture *fx = *state;
	struct lifecycle_result r;
	struct lifecycle_ctx ctx = {.policy = fx->policy};

	assert_int_equal(lifecycle_open(STAGE_KIND_STAGE1, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.state, ST_S1_RECEIVED);
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_ACK);

	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RECEIVED,
	                                 ACT_ACKNOWLEDGE, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_true(has_ts(r.stop, r.n_stop, TS_ACK));
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_S1_DISCUSSION);

	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_DISCUSSED,
	                                 ACT_RESOLVE, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_S1_RESOLUTION_LETTER);
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RESOLVED,
	                                 ACT_RESOLVE_IN_WRITING, &ctx, &r,
	                                 NULL),
	                 CWYN_OK);
	assert_true(has_ts(r.stop, r.n_stop, TS_S1_RESOLUTION_LETTER));

	/* Stage 2 asked for before the acknowledgement: the 25 WD start, the
	 * acknowledgement is still owed (TS_ACK not stopped). */
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_RECEIVED,
	                                 ACT_REQUEST_STAGE2, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.kind, STAGE_KIND_STAGE2);
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_S2_RESPONSE);
	assert_false(has_ts(r.stop, r.n_stop, TS_ACK));
	assert_string_equal(r.rule_id, "LC-S2-REQUEST");
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_REQUESTED,
	                                 ACT_ACKNOWLEDGE, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_true(has_ts(r.stop, r.n_stop, TS_ACK));
	assert_int_equal(r.n_start, 0);

	/* Straight to Stage 2: both the ack and the response clocks. */
	assert_int_equal(lifecycle_open(STAGE_KIND_STAGE2, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 2);
	assert_true(has_ts(r.start, r.n_start, TS_ACK));
	assert_true(has_ts(r.start, r.n_start, TS_S2_RESPONSE));
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2,
	                                 ST_S2_REPORT_RECEIVED,
	                                 ACT_SEND_RESPONSE, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_true(has_ts(r.stop, r.n_stop, TS_S2_RESPONSE));

	/* The conference chair's clock; no reg 15 ack there. */
	assert_int_equal(lifecycle_open(STAGE_KIND_CONFERENCE, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_CONF_CHAIR_RESOLVE);
	/* Referral and exclusion letters are due as acknowledgements. */
	assert_int_equal(lifecycle_open(STAGE_KIND_EXCLUDED, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.start[0], TS_ACK);
	assert_int_equal(lifecycle_apply(STAGE_KIND_EXCLUDED, ST_EXC_RECEIVED,
	                                 ACT_SEND_EXCLUSION_LETTER, &ctx, &r,
	                                 NULL),
	                 CWYN_OK);
	assert_int_equal(r.outcome, OUTCOME_EXCLUDED);
	assert_true(has_ts(r.stop, r.n_stop, TS_ACK));
}

static void summary_anchored_policy(void **state)
{
	struct fixture *fx = *state;
	/* A council that counts the 25 WD from the agreed summary
	 * (Denbighshire practice, procedure.md 1.8.5). A shallow copy: the
	 * strings stay owned by the loaded policy. */
	struct policy alt = *fx->policy;
	alt.timescales[TS_S2_RESPONSE].from = EV_STAGE2_SUMMARY_AGREED;
	struct lifecycle_ctx ctx = {.policy = &alt,
	                            .investigator_independent = true};
	struct lifecycle_result r;
	struct cwyn_error err = {0};

	/* The request starts nothing but the acknowledgement. */
	assert_int_equal(lifecycle_open(STAGE_KIND_STAGE2, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_ACK);
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE1, ST_S1_DISCUSSED,
	                                 ACT_REQUEST_STAGE2, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 0);

	/* The investigator cannot come before the summary. */
	enum stage_action acts[ACT__MAX];
	size_t n = lifecycle_allowed_actions(STAGE_KIND_STAGE2,
	                                     ST_S2_ACKNOWLEDGED, &alt, acts);
	assert_int_equal(n, 2);
	assert_int_equal(acts[0], ACT_AGREE_SUMMARY);
	assert_int_equal(acts[1], ACT_WITHDRAW);
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_ACKNOWLEDGED,
	                                 ACT_APPOINT_INVESTIGATOR, &ctx, &r,
	                                 &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "summary"));

	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_ACKNOWLEDGED,
	                                 ACT_AGREE_SUMMARY, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 1);
	assert_int_equal(r.start[0], TS_S2_RESPONSE);
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2,
	                                 ST_S2_SUMMARY_AGREED,
	                                 ACT_APPOINT_INVESTIGATOR, &ctx, &r,
	                                 NULL),
	                 CWYN_OK);

	/* With the default policy the summary starts nothing, and the
	 * investigator may be appointed straight after the acknowledgement. */
	ctx.policy = fx->policy;
	assert_int_equal(lifecycle_apply(STAGE_KIND_STAGE2, ST_S2_ACKNOWLEDGED,
	                                 ACT_AGREE_SUMMARY, &ctx, &r, NULL),
	                 CWYN_OK);
	assert_int_equal(r.n_start, 0);
	n = lifecycle_allowed_actions(STAGE_KIND_STAGE2, ST_S2_ACKNOWLEDGED,
	                              fx->policy, acts);
	assert_int_equal(n, 3);
}

/* ---- A whole case, with its clocks ---------------------------------------- */

struct tracker {
	struct clock c[TS_ID__MAX];
	bool have[TS_ID__MAX];
};

/* What the app layer will do with a result: stop the running clocks it
 * names, start the ones it names, all on the day of the action. */
static void track(struct fixture *fx, struct tracker *t,
                  const struct lifecycle_result *r, cwyn_day day)
{
	for (size_t i = 0; i < r->n_stop; i++) {
		struct clock *c = &t->c[r->stop[i]];
		if (t->have[r->stop[i]] && c->state != CLOCK_STOPPED)
			assert_int_equal(clock_stop(c, day, fx->cal, NULL),
			                 CWYN_OK);
	}
	for (size_t i = 0; i < r->n_start; i++) {
		struct cal_derivation dv;
		assert_int_equal(clock_start(fx->cal, fx->policy, r->start[i],
		                             day, &fx->arena,
		                             &t->c[r->start[i]], &dv, NULL),
		                 CWYN_OK);
		assert_int_equal(dv.result, t->c[r->start[i]].due);
		t->have[r->start[i]] = true;
	}
}

static void step(struct fixture *fx, struct tracker *t, enum stage_kind *k,
                 enum stage_state *s, enum stage_action a,
                 const struct lifecycle_ctx *ctx, cwyn_day day)
{
	struct lifecycle_result r;
	struct cwyn_error err = {0};
	if (lifecycle_apply(*k, *s, a, ctx, &r, &err) != CWYN_OK)
		fail_msg("%s + %s: %s", stage_state_name(*s),
		         stage_action_name(a), err.message);
	track(fx, t, &r, day);
	*k = r.kind;
	*s = r.state;
}

static void stage1_to_stage2_to_closed(void **state)
{
	struct fixture *fx = *state;
	struct tracker t = {0};
	struct lifecycle_ctx ctx = {.policy = fx->policy};
	struct lifecycle_result r;
	struct cwyn_error err = {0};

	/* Received Thu 2026-12-24 (day 0). Ack within 2 WD: Fri 25 Dec is
	 * Christmas Day, Sat 26 and Sun 27 the weekend, Mon 28 Dec the Boxing
	 * Day substitute (procedure.md 5.3: 2026-12-25, 2026-12-28); so WD 1
	 * is Tue 29 and WD 2, the due date, Wed 2026-12-30. */
	assert_int_equal(lifecycle_open(STAGE_KIND_STAGE1, &ctx, &r, NULL),
	                 CWYN_OK);
	enum stage_kind k = r.kind;
	enum stage_state s = r.state;
	track(fx, &t, &r, D(2026, 12, 24));
	assert_true(t.have[TS_ACK]);
	assert_day(t.c[TS_ACK].due, 2026, 12, 30);
	struct cal_derivation dv;
	struct clock tmp;
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             D(2026, 12, 24), &fx->arena, &tmp, &dv,
	                             NULL),
	                 CWYN_OK);
	assert_int_equal(dv.amount, 2);
	assert_int_equal(dv.n_skipped, 4); /* 25, 26, 27, 28 Dec */
	assert_day(dv.skipped[0].day, 2026, 12, 25);
	assert_int_equal(dv.skipped[0].kind, CAL_BANK_HOLIDAY);
	assert_day(dv.skipped[3].day, 2026, 12, 28);
	assert_int_equal(dv.skipped[3].kind, CAL_BANK_HOLIDAY);

	/* Acknowledged on the due day: in time. The discussion is due 10 WD
	 * after Wed 30 Dec: Thu 31 (1), Fri 1 Jan is New Year's Day, Mon 4
	 * (2) ... Fri 8 (6), Mon 11 (7) ... Thu 2027-01-14 (10). */
	step(fx, &t, &k, &s, ACT_ACKNOWLEDGE, &ctx, D(2026, 12, 30));
	assert_int_equal(t.c[TS_ACK].state, CLOCK_STOPPED);
	assert_false(t.c[TS_ACK].breached);
	assert_day(t.c[TS_S1_DISCUSSION].due, 2027, 1, 14);

	/* Discussion held Mon 11 Jan; the complainant stays unhappy and asks
	 * for Stage 2 on Tue 12 Jan. 25 WD after Tue 12 Jan, no holidays on
	 * the way: Jan 13-15 (3), 18-22 (8), 25-29 (13), Feb 1-5 (18), 8-12
	 * (23), Mon 15 (24), Tue 2027-02-16 (25). */
	step(fx, &t, &k, &s, ACT_RECORD_DISCUSSION, &ctx, D(2027, 1, 11));
	assert_false(t.c[TS_S1_DISCUSSION].breached);
	assert_int_equal(s, ST_S1_DISCUSSED);
	step(fx, &t, &k, &s, ACT_REQUEST_STAGE2, &ctx, D(2027, 1, 12));
	assert_int_equal(k, STAGE_KIND_STAGE2);
	assert_int_equal(s, ST_S2_REQUESTED);
	assert_day(t.c[TS_S2_RESPONSE].due, 2027, 2, 16);

	/* Closing now is refused and says what comes first. */
	ctx.outcome = OUTCOME_UPHELD;
	assert_int_equal(lifecycle_apply(k, s, ACT_CLOSE, &ctx, &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "Allowed now: acknowledge"));
	ctx.outcome = OUTCOME_NONE;

	step(fx, &t, &k, &s, ACT_ACKNOWLEDGE, &ctx, D(2027, 1, 14));
	/* A council officer is not independent (reg 2). */
	assert_int_equal(lifecycle_apply(k, s, ACT_APPOINT_INVESTIGATOR, &ctx,
	                                 &r, &err),
	                 CWYN_EINVAL);
	assert_int_equal(s, ST_S2_ACKNOWLEDGED);
	ctx.investigator_independent = true;
	step(fx, &t, &k, &s, ACT_APPOINT_INVESTIGATOR, &ctx, D(2027, 1, 18));

	/* The investigator falls ill: 10 more WD agreed on Fri 12 Feb with
	 * the complainant. 35 WD after Tue 12 Jan: Tue 16 Feb (25), 17-19
	 * (28), 22-26 (33), Mon 1 Mar (34), Tue 2027-03-02 (35). */
	struct extension ext;
	extension_init(&ext);
	ext.agreed_on = D(2027, 2, 12);
	ext.agreed_with = "the complainant, Mr B, by phone";
	ext.reason = "the investigator is ill";
	ext.extra_amount = 10;
	assert_int_equal(clock_extend(&t.c[TS_S2_RESPONSE], &ext, fx->cal,
	                              &fx->arena, &dv, NULL),
	                 CWYN_OK);
	assert_day(t.c[TS_S2_RESPONSE].due, 2027, 3, 2);
	assert_day(dv.start, 2027, 1, 12);
	assert_int_equal(dv.amount, 35);
	assert_day(dv.result, 2027, 3, 2);
	assert_int_equal(t.c[TS_S2_RESPONSE].n_extensions, 1);
	assert_day(t.c[TS_S2_RESPONSE].base_due, 2027, 2, 16);

	step(fx, &t, &k, &s, ACT_RECEIVE_REPORT, &ctx, D(2027, 2, 26));
	step(fx, &t, &k, &s, ACT_SEND_RESPONSE, &ctx, D(2027, 3, 1));
	assert_int_equal(t.c[TS_S2_RESPONSE].state, CLOCK_STOPPED);
	assert_false(t.c[TS_S2_RESPONSE].breached);
	struct clock_status st =
	    clock_status(&t.c[TS_S2_RESPONSE], fx->cal, D(2027, 3, 20));
	assert_false(st.breached);
	assert_int_equal(st.due_in_working_days, 1); /* a day to spare */

	/* Closing needs the outcome. */
	assert_int_equal(lifecycle_apply(k, s, ACT_CLOSE, &ctx, &r, &err),
	                 CWYN_EINVAL);
	ctx.outcome = OUTCOME_PARTLY_UPHELD;
	assert_int_equal(lifecycle_apply(k, s, ACT_CLOSE, &ctx, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.state, ST_S2_CLOSED);
	assert_true(r.closed);
	assert_int_equal(r.outcome, OUTCOME_PARTLY_UPHELD);
	enum stage_action acts[ACT__MAX];
	assert_int_equal(lifecycle_allowed_actions(r.kind, r.state, fx->policy,
	                                           acts),
	                 0);
}

static void conference_to_panel(void **state)
{
	struct fixture *fx = *state;
	struct tracker t = {0};
	struct lifecycle_ctx ctx = {.policy = fx->policy};
	struct lifecycle_result r;
	struct cwyn_error err = {0};

	/* Received by the chair Mon 2027-03-22. The chair's 7 days are
	 * calendar days in the default policy (decision 10): due Mon
	 * 2027-03-29 — Easter Monday, but calendar-day dates are not moved. */
	assert_int_equal(lifecycle_open(STAGE_KIND_CONFERENCE, &ctx, &r, NULL),
	                 CWYN_OK);
	enum stage_kind k = r.kind;
	enum stage_state s = r.state;
	track(fx, &t, &r, D(2027, 3, 22));
	assert_day(t.c[TS_CONF_CHAIR_RESOLVE].due, 2027, 3, 29);

	/* The panel cannot be asked for before the senior manager is told. */
	ctx.complainant_wishes_panel = true;
	assert_int_equal(lifecycle_apply(k, s, ACT_ESCALATE_TO_PANEL, &ctx, &r,
	                                 &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "received by the chair"));
	assert_non_null(strstr(err.message, "Allowed now: notify the senior "
	                                    "manager for child protection"));
	step(fx, &t, &k, &s, ACT_NOTIFY_SENIOR_MANAGER, &ctx, D(2027, 3, 23));

	/* Only if the complainant wishes to go on. */
	ctx.complainant_wishes_panel = false;
	assert_int_equal(lifecycle_apply(k, s, ACT_ESCALATE_TO_PANEL, &ctx, &r,
	                                 &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "complainant_wishes_panel");
	ctx.complainant_wishes_panel = true;

	/* Unresolved on Mon 29 Mar; escalated the same day: the chair's clock
	 * stops in time, the panel's 10 WD start. Day 0 is Easter Monday;
	 * Tue 30 (1) ... Fri 2 Apr (4), Mon 5 (5) ... Fri 9 (9), Mon
	 * 2027-04-12 (10). */
	step(fx, &t, &k, &s, ACT_ESCALATE_TO_PANEL, &ctx, D(2027, 3, 29));
	assert_int_equal(k, STAGE_KIND_PANEL);
	assert_int_equal(s, ST_PANEL_REQUESTED);
	assert_int_equal(t.c[TS_CONF_CHAIR_RESOLVE].state, CLOCK_STOPPED);
	assert_false(t.c[TS_CONF_CHAIR_RESOLVE].breached);
	assert_day(t.c[TS_PANEL_CONVENE].due, 2027, 4, 12);

	/* Convened a day late, Tue 13 Apr: a breach, one working day over. */
	step(fx, &t, &k, &s, ACT_CONVENE_PANEL, &ctx, D(2027, 4, 13));
	assert_true(t.c[TS_PANEL_CONVENE].breached);
	struct clock_status st =
	    clock_status(&t.c[TS_PANEL_CONVENE], fx->cal, D(2027, 5, 1));
	assert_true(st.breached);
	assert_int_equal(st.days_overdue, 1);

	ctx.outcome = OUTCOME_NOT_UPHELD;
	step(fx, &t, &k, &s, ACT_PANEL_DECIDE, &ctx, D(2027, 4, 20));
	assert_int_equal(s, ST_PANEL_CLOSED);
}

/* ---- Clocks on their own ------------------------------------------------ */

static void extensions(void **state)
{
	struct fixture *fx = *state;
	struct clock ack, disc, before;
	struct cal_derivation dv;
	struct cwyn_error err = {0};
	struct extension ext;

	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             D(2026, 12, 24), &fx->arena, &ack, &dv,
	                             NULL),
	                 CWYN_OK);
	/* Acknowledged 30 Dec 2026; discussion due Thu 2027-01-14. */
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_S1_DISCUSSION,
	                             D(2026, 12, 30), &fx->arena, &disc, &dv,
	                             NULL),
	                 CWYN_OK);
	assert_day(disc.due, 2027, 1, 14);
	before = disc;

	extension_init(&ext);
	ext.agreed_on = D(2027, 1, 8);
	ext.agreed_with = "the complainant";
	ext.reason = "the complainant is in hospital";
	ext.extra_amount = 5;
	ext.exceptional = true;

	/* The acknowledgement is never extended, however well agreed. */
	assert_int_equal(clock_extend(&ack, &ext, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "not extendable"));

	/* Each part of the agreement is required, and named. */
	struct extension e = ext;
	e.agreed_with = "  ";
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "agreed_with");
	e = ext;
	e.reason = NULL;
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "reason");
	e = ext;
	e.agreed_on = CWYN_DAY_NONE;
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "agreed_on");
	/* Reg 16(4): the discussion only in exceptional circumstances. */
	e = ext;
	e.exceptional = false;
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_ESTATE);
	assert_string_equal(err.field, "exceptional");
	assert_non_null(strstr(err.message, "16(4)"));
	/* Agreed after the deadline was missed: too late. */
	e = ext;
	e.agreed_on = D(2027, 1, 15);
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_ESTATE);
	/* Both a length and a date; neither; a Saturday; an earlier date. */
	e = ext;
	e.new_due = D(2027, 1, 20);
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "new_due");
	e.extra_amount = 0;
	e.new_due = CWYN_DAY_NONE;
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "extra_amount");
	e.new_due = D(2027, 1, 16);
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "not a working day"));
	e.new_due = D(2027, 1, 13);
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_EINVAL);
	/* None of that changed the clock. */
	assert_memory_equal(&disc, &before, sizeof disc);

	/* Accepted: 5 WD more. Thu 14 Jan (10), Fri 15 (11), Mon 18 (12) ...
	 * Thu 2027-01-21 (15), from the same day 0. */
	assert_int_equal(clock_extend(&disc, &ext, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_OK);
	assert_day(disc.due, 2027, 1, 21);
	assert_day(dv.start, 2026, 12, 30);
	assert_int_equal(dv.amount, 15);
	assert_day(dv.result, 2027, 1, 21);
	assert_int_equal(disc.extension_total, 5);

	/* A second extension to an agreed date: Tue 2027-01-26, 3 WD on. */
	e = ext;
	e.extra_amount = 0;
	e.agreed_on = D(2027, 1, 20);
	e.new_due = D(2027, 1, 26);
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_OK);
	assert_day(disc.due, 2027, 1, 26);
	assert_int_equal(disc.extension_total, 8);
	assert_int_equal(disc.n_extensions, 2);
	assert_day(disc.base_due, 2027, 1, 14);

	/* A stopped clock is not extended. */
	assert_int_equal(clock_stop(&disc, D(2027, 1, 25), fx->cal, NULL),
	                 CWYN_OK);
	assert_false(disc.breached);
	e.agreed_on = D(2027, 1, 25);
	e.new_due = D(2027, 1, 29);
	assert_int_equal(clock_extend(&disc, &e, fx->cal, &fx->arena, &dv,
	                              &err),
	                 CWYN_ESTATE);
}

static void pause_across_easter(void **state)
{
	struct fixture *fx = *state;
	struct clock c;
	struct cal_derivation dv;
	struct cwyn_error err = {0};

	/* Stage 2 requested Mon 2027-03-01: 25 WD, crossing Easter (Good
	 * Friday 26 Mar, Easter Monday 29 Mar): Mar 2-5 (4), 8-12 (9), 15-19
	 * (14), 22-25 (18), Tue 30 (19), Wed 31 (20), Apr 1-2 (22), Mon 5
	 * (23), Tue 6 (24), Wed 2027-04-07 (25). */
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_S2_RESPONSE,
	                             D(2027, 3, 1), &fx->arena, &c, &dv, NULL),
	                 CWYN_OK);
	assert_day(c.due, 2027, 4, 7);

	assert_int_equal(clock_pause(&c, D(2027, 3, 24), "", &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "reason");
	/* Paused Wed 24 Mar while the police investigate. */
	assert_int_equal(clock_pause(&c, D(2027, 3, 24),
	                             "police investigation", &err),
	                 CWYN_OK);
	assert_int_equal(c.state, CLOCK_PAUSED);
	assert_int_equal(clock_pause(&c, D(2027, 3, 25), "again", &err),
	                 CWYN_ESTATE);
	/* Nothing runs out while paused: on Mon 29 Mar one working day (Thu
	 * 25) has passed in the pause, so it would be due Thu 8 Apr. */
	struct clock_status st = clock_status(&c, fx->cal, D(2027, 3, 29));
	assert_int_equal(st.state, CLOCK_PAUSED);
	assert_false(st.breached);
	assert_day(st.due, 2027, 4, 8);
	assert_false(clock_is_due_within(&c, fx->cal, D(2027, 3, 29), 100));

	assert_int_equal(clock_resume(&c, D(2027, 3, 23), fx->cal, &fx->arena,
	                              &dv, &err),
	                 CWYN_EINVAL);
	/* Resumed Wed 31 Mar: the pause covered 7 calendar days but only 3
	 * working days (Thu 25, Tue 30, Wed 31; Good Friday, the weekend and
	 * Easter Monday are not working days). Due 3 WD later: Thu 8, Fri 9,
	 * Mon 2027-04-12; one derivation of 28 WD from Mon 1 Mar. */
	assert_int_equal(clock_resume(&c, D(2027, 3, 31), fx->cal, &fx->arena,
	                              &dv, &err),
	                 CWYN_OK);
	assert_int_equal(c.paused_total, 3);
	assert_day(c.due, 2027, 4, 12);
	assert_day(dv.start, 2027, 3, 1);
	assert_int_equal(dv.amount, 28);
	assert_day(dv.result, 2027, 4, 12);
	bool saw_good_friday = false;
	for (size_t i = 0; i < dv.n_skipped; i++)
		if (dv.skipped[i].day == D(2027, 3, 26))
			saw_good_friday = true;
	assert_true(saw_good_friday);

	/* A clock already overdue cannot be paused. */
	struct clock late;
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             D(2027, 3, 1), &fx->arena, &late, NULL,
	                             NULL),
	                 CWYN_OK);
	assert_int_equal(clock_pause(&late, D(2027, 3, 10), "police", &err),
	                 CWYN_ESTATE);
	/* Stopping while paused settles the pause first. */
	struct clock p;
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             D(2027, 3, 1), &fx->arena, &p, NULL,
	                             NULL),
	                 CWYN_OK);
	assert_day(p.due, 2027, 3, 3);
	assert_int_equal(clock_pause(&p, D(2027, 3, 2), "police", &err),
	                 CWYN_OK);
	/* Ack from Mon 1 Mar, due Wed 3. Paused Tue 2 and stopped, still
	 * paused, on Mon 8: the pause took 4 WD (Wed 3, Thu 4, Fri 5, Mon 8),
	 * so the due date is 2 + 4 = 6 WD after Mon 1: Tue 2027-03-09, and
	 * stopping on Mon 8 is in time. */
	assert_int_equal(clock_stop(&p, D(2027, 3, 8), fx->cal, &err),
	                 CWYN_OK);
	assert_day(p.due, 2027, 3, 9);
	assert_false(p.breached);
	/* Its derivation still explains the date: 6 WD from Mon 1 Mar. */
	assert_int_equal(clock_derivation(&p, fx->cal, &fx->arena, &dv, &err),
	                 CWYN_OK);
	assert_day(dv.start, 2027, 3, 1);
	assert_int_equal(dv.amount, 6);
	assert_day(dv.result, 2027, 3, 9);
	assert_int_equal(clock_stop(&p, D(2027, 3, 9), fx->cal, &err),
	                 CWYN_ESTATE);

	/* The chair's 7 calendar days count calendar days paused too: from
	 * Mon 22 Mar, due Mon 29; paused Wed 24 to Fri 26 (2 days), so due
	 * Wed 2027-03-31 even though Good Friday is in the pause. */
	struct clock chair;
	assert_int_equal(clock_start(fx->cal, fx->policy,
	                             TS_CONF_CHAIR_RESOLVE, D(2027, 3, 22),
	                             &fx->arena, &chair, NULL, NULL),
	                 CWYN_OK);
	assert_day(chair.due, 2027, 3, 29);
	assert_int_equal(clock_pause(&chair, D(2027, 3, 24), "chair ill",
	                             &err),
	                 CWYN_OK);
	assert_int_equal(clock_resume(&chair, D(2027, 3, 26), fx->cal,
	                              &fx->arena, &dv, &err),
	                 CWYN_OK);
	assert_day(chair.due, 2027, 3, 31);
	assert_int_equal(dv.unit, CAL_UNIT_CALENDAR_DAYS);
	assert_int_equal(dv.amount, 9);
}

static void status_and_due_within(void **state)
{
	struct fixture *fx = *state;
	struct clock c;
	/* Ack for a complaint received Thu 24 Dec 2026: due Wed 30 Dec. */
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             D(2026, 12, 24), &fx->arena, &c, NULL,
	                             NULL),
	                 CWYN_OK);
	struct clock_status st = clock_status(&c, fx->cal, D(2026, 12, 24));
	assert_int_equal(st.due_in_working_days, 2);
	assert_false(st.breached);
	/* On Tue 29 one working day is left. */
	st = clock_status(&c, fx->cal, D(2026, 12, 29));
	assert_int_equal(st.due_in_working_days, 1);
	assert_true(clock_is_due_within(&c, fx->cal, D(2026, 12, 29), 1));
	assert_false(clock_is_due_within(&c, fx->cal, D(2026, 12, 29), 0));
	/* Over Christmas nothing gets nearer: Fri 25 to Mon 28 are not
	 * working days, so on Sat 26 it is still 2 away. */
	st = clock_status(&c, fx->cal, D(2026, 12, 26));
	assert_int_equal(st.due_in_working_days, 2);
	/* Due day itself: 0 left, not breached. */
	st = clock_status(&c, fx->cal, D(2026, 12, 30));
	assert_int_equal(st.due_in_working_days, 0);
	assert_false(st.breached);
	assert_true(clock_is_due_within(&c, fx->cal, D(2026, 12, 30), 0));
	/* Mon 4 Jan 2027: Thu 31 Dec and Mon 4 Jan have passed (1 Jan is New
	 * Year's Day), so 2 working days overdue. */
	st = clock_status(&c, fx->cal, D(2027, 1, 4));
	assert_true(st.breached);
	assert_int_equal(st.due_in_working_days, -2);
	assert_int_equal(st.days_overdue, 2);
	assert_false(clock_is_due_within(&c, fx->cal, D(2027, 1, 4), 5));
	/* Stopped that day: recorded as a breach, and stays so. */
	assert_int_equal(clock_stop(&c, D(2027, 1, 4), fx->cal, NULL),
	                 CWYN_OK);
	assert_true(c.breached);
	st = clock_status(&c, fx->cal, D(2027, 6, 1));
	assert_int_equal(st.state, CLOCK_STOPPED);
	assert_int_equal(st.days_overdue, 2);
	assert_false(clock_is_due_within(&c, fx->cal, D(2026, 12, 29), 5));
}

static void clock_start_refuses_bad_input(void **state)
{
	struct fixture *fx = *state;
	struct clock c;
	struct cwyn_error err = {0};
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ID__MAX,
	                             D(2027, 1, 1), &fx->arena, &c, NULL,
	                             &err),
	                 CWYN_EINVAL);
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             CWYN_DAY_NONE, &fx->arena, &c, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "start");
	/* Outside the calendar's years. */
	assert_int_equal(clock_start(fx->cal, fx->policy, TS_ACK,
	                             D(1990, 1, 1), &fx->arena, &c, NULL, &err),
	                 CWYN_ERANGE);
}

/* Every label a user sees has its Welsh in po/cy.po. */
static void labels_have_welsh(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	assert_int_equal(i18n_init(NULL, &err), CWYN_OK);
	for (int i = 0; i < STAGE_KIND__MAX; i++)
		if (!i18n_has(stage_kind_label(i)))
			fail_msg("no Welsh for \"%s\"", stage_kind_label(i));
	for (int i = 0; i < ST__MAX; i++)
		if (!i18n_has(stage_state_label(i)))
			fail_msg("no Welsh for \"%s\"", stage_state_label(i));
	for (int i = 0; i < ACT__MAX; i++)
		if (!i18n_has(stage_action_label(i)))
			fail_msg("no Welsh for \"%s\"", stage_action_label(i));
	for (int i = 0; i < OUTCOME__MAX; i++)
		if (!i18n_has(outcome_label(i)))
			fail_msg("no Welsh for \"%s\"", outcome_label(i));
	assert_string_equal(i18n_tr(LANG_CY, stage_kind_label(
	                                          STAGE_KIND_STAGE2)),
	                    "Cam 2");
	i18n_shutdown();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(names_round_trip),
	    cmocka_unit_test(routes_open_the_right_stage),
	    cmocka_unit_test(every_transition_against_the_list),
	    cmocka_unit_test(state_of_another_kind_is_bad_input),
	    cmocka_unit_test(refusals_say_what_is_allowed),
	    cmocka_unit_test(closing_needs_a_fitting_outcome),
	    cmocka_unit_test(investigator_must_be_independent),
	    cmocka_unit_test(transitions_start_and_stop_clocks),
	    cmocka_unit_test(summary_anchored_policy),
	    cmocka_unit_test(stage1_to_stage2_to_closed),
	    cmocka_unit_test(conference_to_panel),
	    cmocka_unit_test(extensions),
	    cmocka_unit_test(pause_across_easter),
	    cmocka_unit_test(status_and_due_within),
	    cmocka_unit_test(clock_start_refuses_bad_input),
	    cmocka_unit_test(labels_have_welsh),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, setup,
	                                   teardown);
}
