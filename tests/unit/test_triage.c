/*
 * test_triage.c — the triage engine against procedure.md: at least one
 * decision per rule ID (route, verdicts, reasons and due dates the rule
 * implies), the mixed complaint that must be split and not rejected, the
 * safeguarding alert on every route, the deadline edges worked out by hand
 * from the bank-holiday list (procedure.md §5.3), refusal of impossible
 * facts with the field named, and the rule catalogue itself (sources, Welsh
 * summaries, docs/rules.md).
 *
 * Facts are built in C; the policy is the real policy/wales-2014.policy,
 * so a change to the shipped timescales shows here as well.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/file_io.h"
#include "app/policy_file.h"
#include "core/rules.h"
#include "core/triage.h"
#include "i18n/i18n.h"

#define N_MATTERS 10
#define N_CHILDREN 6

static struct policy *P;
static struct calendar *CAL;
static struct facts F;
static struct facts_matter M[N_MATTERS];
static struct facts_child CH[N_CHILDREN];
/* Which catalogue rules some decision in this file has applied; the last
 * test checks that every rule is reachable. */
static bool seen[256];

static cwyn_day ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static const char *source_root(void)
{
	const char *root = getenv("CWYN_SOURCE_ROOT");
	return root != NULL ? root : CWYN_SOURCE_ROOT;
}

static int load_policy(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	if (policy_load_with_calendar(NULL, &P, &CAL, &err) != CWYN_OK) {
		fprintf(stderr, "cannot load the policy: %s: %s\n", err.field,
		        err.message);
		return -1;
	}
	return 0;
}

static int free_policy(void **state)
{
	(void)state;
	policy_free(P);
	calendar_free(CAL);
	return 0;
}

/*
 * The base case every test starts from: a parent, personally affected,
 * complains in writing on Mon 2 Mar 2026 about the council failing to act
 * on 2 Feb 2026; today is the day of receipt.
 */
static void reset(void)
{
	facts_init(&F);
	for (size_t i = 0; i < N_MATTERS; i++)
		facts_matter_init(&M[i]);
	for (size_t i = 0; i < N_CHILDREN; i++)
		facts_child_init(&CH[i]);
	F.matters = M;
	F.n_matters = 1;
	F.children = CH;
	F.n_children = 0;
	F.as_of = ymd(2026, 3, 2);
	F.received = ymd(2026, 3, 2);
	M[0].id = "m1";
	M[0].subject = SUBJ_FAILURE_TO_ACT;
	M[0].event = ymd(2026, 2, 2);
}

static void mark(const char *id)
{
	for (size_t i = 0; i < rules_count(); i++)
		if (strcmp(rule_at(i)->id, id) == 0)
			seen[i] = true;
}

static void check_rule(const char *id)
{
	if (rule_find(id) == NULL)
		fail_msg("rule %s is not in the catalogue", id);
	mark(id);
}

static bool same_signpost(const struct signpost *a, const struct signpost *b)
{
	if (a->other_agency != b->other_agency)
		return false;
	if (!a->other_agency)
		return a->contact == b->contact;
	return a->agency == b->agency &&
	       ((a->agency_name == NULL && b->agency_name == NULL) ||
	        (a->agency_name && b->agency_name &&
	         strcmp(a->agency_name, b->agency_name) == 0));
}

/* Decide, and check what must hold for every decision: each matter has a
 * route with at least one reason, every rule ID is in the catalogue, and
 * the complaint's signposts have no repeats. */
static struct decision *decide(void)
{
	struct cwyn_error err = {0};
	struct decision *d = NULL;
	enum cwyn_code rc = triage_decide(&F, P, CAL, &d, &err);
	if (rc != CWYN_OK)
		fail_msg("triage_decide: %s: %s", err.field, err.message);
	assert_non_null(d);
	assert_int_equal(d->n_matters, F.n_matters);
	assert_int_equal(d->as_of, F.as_of);
	for (size_t k = 0; k < d->n_reasons; k++)
		check_rule(d->reasons[k]);
	for (size_t k = 0; k < d->n_alert_reasons; k++)
		check_rule(d->alert_reasons[k]);
	for (size_t k = 0; k < d->n_deadlines; k++)
		check_rule(d->deadlines[k].rule_id);
	for (size_t k = 0; k < d->n_signposts; k++) {
		check_rule(d->signposts[k].rule_id);
		for (size_t j = 0; j < k; j++)
			assert_false(same_signpost(&d->signposts[j],
			                           &d->signposts[k]));
	}
	for (size_t i = 0; i < d->n_matters; i++) {
		const struct matter_decision *md = &d->matters[i];
		assert_true(md->route < ROUTE_SPLIT);
		assert_true(md->n_reasons > 0);
		for (size_t k = 0; k < md->n_reasons; k++)
			check_rule(md->reasons[k]);
		for (size_t k = 0; k < md->n_deadlines; k++) {
			check_rule(md->deadlines[k].rule_id);
			assert_true(md->deadlines[k].derivation.result >=
			            md->deadlines[k].derivation.start);
		}
		for (size_t k = 0; k < md->n_signposts; k++)
			check_rule(md->signposts[k].rule_id);
	}
	return d;
}

static bool has(const struct matter_decision *md, const char *id)
{
	for (size_t k = 0; k < md->n_reasons; k++)
		if (strcmp(md->reasons[k], id) == 0)
			return true;
	return false;
}

static bool c_has(const struct decision *d, const char *id)
{
	for (size_t k = 0; k < d->n_reasons; k++)
		if (strcmp(d->reasons[k], id) == 0)
			return true;
	return false;
}

static const struct deadline *dl_of(const struct matter_decision *md,
                                    enum ts_id ts)
{
	for (size_t k = 0; k < md->n_deadlines; k++)
		if (md->deadlines[k].ts == ts)
			return &md->deadlines[k];
	return NULL;
}

static const struct deadline *c_dl_of(const struct decision *d, enum ts_id ts)
{
	for (size_t k = 0; k < d->n_deadlines; k++)
		if (d->deadlines[k].ts == ts)
			return &d->deadlines[k];
	return NULL;
}

/* The signpost to a contact (not another agency), or NULL. */
static const struct signpost *sp_of(const struct signpost *s, size_t n,
                                    enum contact_id c)
{
	for (size_t k = 0; k < n; k++)
		if (!s[k].other_agency && s[k].contact == c)
			return &s[k];
	return NULL;
}

static const struct signpost *msp(const struct matter_decision *md,
                                  enum contact_id c)
{
	return sp_of(md->signposts, md->n_signposts, c);
}

#define assert_reasons(md, ...)                                              \
	do {                                                                 \
		static const char *const want_[] = {__VA_ARGS__};            \
		size_t n_ = sizeof want_ / sizeof want_[0];                  \
		if ((md)->n_reasons != n_) {                                 \
			for (size_t k_ = 0; k_ < (md)->n_reasons; k_++)      \
				fprintf(stderr, "  got %s\n",                \
				        (md)->reasons[k_]);                  \
			fail_msg("%zu reasons, want %zu", (md)->n_reasons,   \
			         n_);                                        \
		}                                                            \
		for (size_t k_ = 0; k_ < n_; k_++)                           \
			assert_string_equal((md)->reasons[k_], want_[k_]);   \
	} while (0)

#define assert_day(d, y, m, dd) assert_int_equal((d), ymd((y), (m), (dd)))

/* Expect refusal; returns the error for the caller to inspect. */
static struct cwyn_error refused(enum cwyn_code want)
{
	static struct decision dummy;
	struct cwyn_error err = {0};
	struct decision *d = &dummy; /* must be reset to NULL */
	enum cwyn_code rc = triage_decide(&F, P, CAL, &d, &err);
	assert_int_equal(rc, want);
	assert_null(d);
	/* facts_validate agrees with triage_decide for validation errors */
	if (want == CWYN_EINVAL) {
		struct cwyn_error e2 = {0};
		assert_int_equal(facts_validate(&F, &e2), want);
		assert_string_equal(e2.field, err.field);
	}
	return err;
}

/* ---- The council's own procedure ---------------------------------------- */

/* COUNCIL-SCOPE, COUNCIL-STAGE1, COUNCIL-TIME-12M, CLOCK-ACK-2WD,
 * CLOCK-S1-DISCUSSION-10WD (assumed start), CLOCK-S1-RESOLUTION-5WD,
 * OMB-PREMATURE, OMB-TIME-1Y, WHO-PERSONAL, CAL-WORKING-DAY, SIGN-FRG. */
static void council_new_complaint_goes_to_stage1(void **state)
{
	(void)state;
	reset();
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];

	assert_int_equal(d->overall, ROUTE_COUNCIL_STAGE1);
	assert_false(d->safeguarding_alert);
	assert_int_equal(d->n_alert_reasons, 0);
	assert_string_equal(md->matter_id, "m1");
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_int_equal(md->council, VERDICT_YES);
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	assert_false(md->late);
	assert_reasons(md, "COUNCIL-SCOPE", "COUNCIL-TIME-12M", "COUNCIL-STAGE1",
	               "CLOCK-S1-DISCUSSION-10WD", "CLOCK-S1-RESOLUTION-5WD",
	               "OMB-PREMATURE", "OMB-TIME-1Y");
	assert_true(c_has(d, "WHO-PERSONAL"));
	assert_true(c_has(d, "CLOCK-ACK-2WD"));
	assert_true(c_has(d, "CAL-WORKING-DAY"));
	assert_false(c_has(d, "SPLIT-MIXED"));
	assert_false(c_has(d, "COUNCIL-ORAL-RECORD"));

	/* Acknowledgement: 2 working days after Mon 2 Mar = Wed 4 Mar. */
	const struct deadline *ack = c_dl_of(d, TS_ACK);
	assert_non_null(ack);
	assert_string_equal(ack->rule_id, "CLOCK-ACK-2WD");
	assert_int_equal(ack->from, EV_COMPLAINT_RECEIVED);
	assert_day(ack->derivation.start, 2026, 3, 2);
	assert_day(ack->derivation.result, 2026, 3, 4);
	assert_int_equal(ack->status, DL_OPEN);

	/* 12 months from the event: 2 Feb 2027; received in time. */
	const struct deadline *tl = dl_of(md, TS_COMPLAINT_TIME_LIMIT);
	assert_non_null(tl);
	assert_day(tl->derivation.result, 2027, 2, 2);
	assert_int_equal(tl->status, DL_IN_TIME);
	assert_day(tl->compared_with, 2026, 3, 2);

	/* Discussion: 10 working days after the acknowledgement, which is
	 * not sent yet, so assumed on its due day (Wed 4 Mar) -> Wed 18 Mar. */
	const struct deadline *s1 = dl_of(md, TS_S1_DISCUSSION);
	assert_non_null(s1);
	assert_true(s1->assumed_start);
	assert_int_equal(s1->from, EV_ACKNOWLEDGED);
	assert_day(s1->derivation.start, 2026, 3, 4);
	assert_day(s1->derivation.result, 2026, 3, 18);
	assert_int_equal(s1->status, DL_OPEN);
	/* The resolution letter runs from a resolution not yet reached. */
	assert_null(dl_of(md, TS_S1_RESOLUTION_LETTER));

	/* The Ombudsman's year starts on the day of first notice and
	 * includes it: 2 Feb 2026 .. 1 Feb 2027. */
	const struct deadline *ps = dl_of(md, TS_PSOW_TIME_LIMIT);
	assert_non_null(ps);
	assert_day(ps->derivation.result, 2027, 2, 1);
	assert_int_equal(ps->status, DL_IN_TIME);

	/* A parent: Family Rights Group; the Ombudsman may not look yet. */
	assert_non_null(msp(md, CONTACT_FRG));
	assert_null(msp(md, CONTACT_PSOW));
	assert_null(msp(md, CONTACT_CCFW));
	assert_int_equal(d->n_signposts, 1);
	decision_free(d);
}

/* CLOCK-S1-DISCUSSION-10WD from a real acknowledgement; a missed discussion
 * is council delay (OMB-COUNCIL-DELAY) unless an extension was agreed
 * (COUNCIL-EXTENSION-AGREED). */
static void stage1_discussion_clock_and_delay(void **state)
{
	(void)state;
	reset();
	M[0].council_stage = CSTAGE_1_OPEN;
	M[0].acknowledged = ymd(2026, 3, 3);
	/* Tue 3 Mar + 10 working days: 4,5,6, 9..13, 16,17 -> Tue 17 Mar. */
	F.as_of = ymd(2026, 3, 17);
	struct decision *d = decide();
	const struct deadline *s1 = dl_of(&d->matters[0], TS_S1_DISCUSSION);
	assert_non_null(s1);
	assert_false(s1->assumed_start);
	assert_day(s1->derivation.result, 2026, 3, 17);
	assert_int_equal(s1->status, DL_OPEN);
	assert_int_equal(d->matters[0].ombudsman, VERDICT_NOT_YET);
	/* The acknowledgement itself was on time. */
	assert_int_equal(c_dl_of(d, TS_ACK)->status, DL_MET);
	decision_free(d);

	/* A day later with no Stage 1 answer: missed, the council is
	 * delaying, and the Ombudsman may be approached now. */
	F.as_of = ymd(2026, 3, 18);
	d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(dl_of(md, TS_S1_DISCUSSION)->status, DL_MISSED);
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_int_equal(md->ombudsman, VERDICT_YES);
	assert_true(has(md, "OMB-COUNCIL-DELAY"));
	assert_false(has(md, "OMB-PREMATURE"));
	assert_non_null(msp(md, CONTACT_PSOW));
	decision_free(d);

	/* The same with a recorded extension: not delay, still premature. */
	M[0].extension_agreed = true;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	assert_true(has(md, "COUNCIL-EXTENSION-AGREED"));
	assert_true(has(md, "OMB-PREMATURE"));
	assert_false(has(md, "OMB-COUNCIL-DELAY"));
	assert_null(msp(md, CONTACT_PSOW));
	decision_free(d);
}

/*
 * CLOCK-ACK-2WD over Easter 2026. Received Thu 2 Apr 2026. Day 0 is the
 * day of receipt. Fri 3 Apr is Good Friday, Sat 4 and Sun 5 are the weekend,
 * Mon 6 Apr is Easter Monday (procedure.md §5.3: 2026-04-03, 2026-04-06).
 * Working day 1 is Tue 7 Apr, working day 2 is Wed 8 Apr: due Wed 8 Apr.
 */
static void ack_deadline_over_easter_2026(void **state)
{
	(void)state;
	reset();
	M[0].event = ymd(2026, 3, 20);
	F.received = ymd(2026, 4, 2);
	F.as_of = ymd(2026, 4, 2);
	struct decision *d = decide();
	const struct deadline *ack = c_dl_of(d, TS_ACK);
	assert_non_null(ack);
	assert_day(ack->derivation.result, 2026, 4, 8);
	assert_int_equal(ack->derivation.n_skipped, 4);
	assert_day(ack->derivation.skipped[0].day, 2026, 4, 3);
	assert_int_equal(ack->derivation.skipped[0].kind, CAL_BANK_HOLIDAY);
	assert_int_equal(ack->derivation.skipped[1].kind, CAL_WEEKEND);
	assert_day(ack->derivation.skipped[3].day, 2026, 4, 6);
	assert_int_equal(ack->derivation.skipped[3].kind, CAL_BANK_HOLIDAY);
	assert_int_equal(ack->status, DL_OPEN);
	decision_free(d);

	/* Acknowledged on the due day: met. */
	F.as_of = ymd(2026, 4, 8);
	M[0].acknowledged = ymd(2026, 4, 8);
	d = decide();
	assert_int_equal(c_dl_of(d, TS_ACK)->status, DL_MET);
	assert_day(c_dl_of(d, TS_ACK)->compared_with, 2026, 4, 8);
	assert_int_equal(d->matters[0].ombudsman, VERDICT_NOT_YET);
	decision_free(d);

	/* A day late: missed, and that is council delay. */
	F.as_of = ymd(2026, 4, 9);
	M[0].acknowledged = ymd(2026, 4, 9);
	d = decide();
	assert_int_equal(c_dl_of(d, TS_ACK)->status, DL_MISSED);
	assert_int_equal(d->matters[0].ombudsman, VERDICT_YES);
	assert_true(has(&d->matters[0], "OMB-COUNCIL-DELAY"));
	decision_free(d);
}

/* OMB-PREMATURE vs OMB-COUNCIL-DELAY derived from a missing
 * acknowledgement, and from the council_delaying fact. */
static void council_delay_from_missed_ack(void **state)
{
	(void)state;
	reset();
	/* Wed 4 Mar: the acknowledgement is due today; not late yet. */
	F.as_of = ymd(2026, 3, 4);
	struct decision *d = decide();
	assert_int_equal(c_dl_of(d, TS_ACK)->status, DL_OPEN);
	assert_int_equal(d->matters[0].ombudsman, VERDICT_NOT_YET);
	assert_true(has(&d->matters[0], "OMB-PREMATURE"));
	decision_free(d);

	/* Thu 5 Mar, still none sent: missed. The route stays with the
	 * council (it must still answer) but the Ombudsman may look now. */
	F.as_of = ymd(2026, 3, 5);
	d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(c_dl_of(d, TS_ACK)->status, DL_MISSED);
	assert_day(c_dl_of(d, TS_ACK)->compared_with, 2026, 3, 5);
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_int_equal(md->council, VERDICT_YES);
	assert_int_equal(md->ombudsman, VERDICT_YES);
	assert_true(has(md, "OMB-COUNCIL-DELAY"));
	assert_non_null(msp(md, CONTACT_PSOW));
	assert_non_null(sp_of(d->signposts, d->n_signposts, CONTACT_PSOW));
	decision_free(d);

	/* Reported delay counts too, with nothing missed on the dates. */
	reset();
	M[0].council_delaying = true;
	d = decide();
	assert_int_equal(d->matters[0].ombudsman, VERDICT_YES);
	assert_true(has(&d->matters[0], "OMB-COUNCIL-DELAY"));
	decision_free(d);
}

/* COUNCIL-STAGE1-RESOLVED: answered at Stage 1, complainant satisfied. */
static void stage1_answered_and_resolved(void **state)
{
	(void)state;
	reset();
	M[0].council_stage = CSTAGE_1_ANSWERED;
	M[0].acknowledged = ymd(2026, 3, 3);
	M[0].stage1_answered = ymd(2026, 3, 10);
	F.as_of = ymd(2026, 3, 20);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_true(has(md, "COUNCIL-STAGE1-RESOLVED"));
	assert_true(has(md, "CLOCK-S1-RESOLUTION-5WD"));
	assert_false(has(md, "COUNCIL-STAGE2-RIGHT"));
	const struct deadline *s1 = dl_of(md, TS_S1_DISCUSSION);
	assert_non_null(s1);
	assert_int_equal(s1->status, DL_MET);
	assert_day(s1->compared_with, 2026, 3, 10);
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	assert_null(dl_of(md, TS_S2_RESPONSE));
	decision_free(d);
}

/* COUNCIL-STAGE2-RIGHT + CLOCK-S2-RESPONSE-25WD, the request assumed today.
 * Fri 20 Mar 2026 + 25 working days, Easter skipped: 23-27 Mar (5),
 * 30, 31 Mar, 1, 2 Apr (9), 7-10 Apr (13), 13-17 (18), 20-24 (23),
 * 27 (24), 28 Apr (25) -> Tue 28 Apr 2026. */
static void stage2_is_a_right_after_stage1(void **state)
{
	(void)state;
	reset();
	M[0].council_stage = CSTAGE_1_ANSWERED;
	M[0].acknowledged = ymd(2026, 3, 3);
	M[0].stage1_answered = ymd(2026, 3, 10);
	M[0].still_dissatisfied = true;
	F.as_of = ymd(2026, 3, 20);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE2);
	assert_int_equal(md->council, VERDICT_YES);
	assert_true(has(md, "COUNCIL-STAGE2-RIGHT"));
	assert_true(has(md, "CLOCK-S2-RESPONSE-25WD"));
	assert_true(has(md, "OMB-PREMATURE"));
	const struct deadline *s2 = dl_of(md, TS_S2_RESPONSE);
	assert_non_null(s2);
	assert_true(s2->assumed_start);
	assert_int_equal(s2->from, EV_STAGE2_REQUESTED);
	assert_day(s2->derivation.start, 2026, 3, 20);
	assert_day(s2->derivation.result, 2026, 4, 28);
	assert_int_equal(s2->status, DL_OPEN);
	decision_free(d);

	/* Asking without being dissatisfied "yet" is the same right. */
	M[0].still_dissatisfied = false;
	M[0].wants_stage2 = true;
	d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_COUNCIL_STAGE2);
	assert_true(has(&d->matters[0], "COUNCIL-STAGE2-RIGHT"));
	decision_free(d);
}

/* COUNCIL-STAGE2-ON-REQUEST: Stage 1 may be skipped. Requested Mon 2 Mar:
 * 3-6 Mar (4), 9-13 (9), 16-20 (14), 23-27 (19), 30, 31 (21), 1, 2 Apr
 * (23), Good Friday and Easter Monday skipped, 7 Apr (24), 8 Apr (25). */
static void stage2_on_request_at_any_time(void **state)
{
	(void)state;
	reset();
	M[0].wants_stage2 = true;
	M[0].stage2_requested = ymd(2026, 3, 2);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE2);
	assert_true(has(md, "COUNCIL-STAGE2-ON-REQUEST"));
	assert_false(has(md, "COUNCIL-STAGE1"));
	assert_null(dl_of(md, TS_S1_DISCUSSION));
	const struct deadline *s2 = dl_of(md, TS_S2_RESPONSE);
	assert_non_null(s2);
	assert_false(s2->assumed_start);
	assert_day(s2->derivation.result, 2026, 4, 8);
	decision_free(d);
}

/* COUNCIL-STAGE2-UNDER-WAY; a missed Stage 2 response is delay;
 * CLOCK-START-UNKNOWN without a request date. */
static void stage2_under_way(void **state)
{
	(void)state;
	reset();
	M[0].council_stage = CSTAGE_2_OPEN;
	M[0].acknowledged = ymd(2026, 3, 3);
	M[0].stage2_requested = ymd(2026, 3, 2);
	F.as_of = ymd(2026, 4, 8);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE2);
	assert_true(has(md, "COUNCIL-STAGE2-UNDER-WAY"));
	assert_int_equal(dl_of(md, TS_S2_RESPONSE)->status, DL_OPEN);
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	decision_free(d);

	F.as_of = ymd(2026, 4, 9);
	d = decide();
	md = &d->matters[0];
	assert_int_equal(dl_of(md, TS_S2_RESPONSE)->status, DL_MISSED);
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE2);
	assert_int_equal(md->ombudsman, VERDICT_YES);
	assert_true(has(md, "OMB-COUNCIL-DELAY"));
	decision_free(d);

	M[0].stage2_requested = CWYN_DAY_NONE;
	d = decide();
	md = &d->matters[0];
	assert_null(dl_of(md, TS_S2_RESPONSE));
	assert_true(has(md, "CLOCK-START-UNKNOWN"));
	decision_free(d);
}

/* COUNCIL-STAGE2-CLOSED and OMB-AFTER-COUNCIL (+ SIGN-PSOW). */
static void after_stage2_the_ombudsman_may_look(void **state)
{
	(void)state;
	reset();
	M[0].council_stage = CSTAGE_2_ANSWERED;
	M[0].stage2_requested = ymd(2026, 3, 2);
	M[0].stage2_answered = ymd(2026, 4, 1);
	F.as_of = ymd(2026, 4, 10);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE2);
	assert_true(has(md, "COUNCIL-STAGE2-CLOSED"));
	assert_true(has(md, "OMB-AFTER-COUNCIL"));
	assert_int_equal(md->ombudsman, VERDICT_YES);
	assert_int_equal(dl_of(md, TS_S2_RESPONSE)->status, DL_MET);
	decision_free(d);

	M[0].still_dissatisfied = true;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(d->overall, ROUTE_OMBUDSMAN);
	assert_int_equal(md->route, ROUTE_OMBUDSMAN);
	assert_int_equal(md->ombudsman, VERDICT_YES);
	assert_true(has(md, "OMB-AFTER-COUNCIL"));
	assert_false(has(md, "COUNCIL-STAGE2-CLOSED"));
	const struct signpost *ps = msp(md, CONTACT_PSOW);
	assert_non_null(ps);
	assert_string_equal(ps->rule_id, "SIGN-PSOW");
	decision_free(d);
}

/* OMB-TIME-1Y lapsed: OMB-TIME-LATE-DISCRETION makes "yes" "possible". */
static void ombudsman_year_lapsed(void **state)
{
	(void)state;
	reset();
	M[0].event = ymd(2024, 1, 10);
	F.received = ymd(2024, 6, 3);
	M[0].council_stage = CSTAGE_2_ANSWERED;
	M[0].stage2_requested = ymd(2024, 9, 2);
	M[0].stage2_answered = ymd(2024, 10, 1);
	M[0].still_dissatisfied = true;
	F.as_of = ymd(2026, 3, 2);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	const struct deadline *ps = dl_of(md, TS_PSOW_TIME_LIMIT);
	assert_non_null(ps);
	/* One year starting on 10 Jan 2024 ends on 9 Jan 2025. */
	assert_day(ps->derivation.result, 2025, 1, 9);
	assert_true(ps->derivation.inclusive);
	assert_int_equal(ps->status, DL_LATE);
	assert_int_equal(md->route, ROUTE_OMBUDSMAN);
	assert_int_equal(md->ombudsman, VERDICT_POSSIBLE);
	assert_true(has(md, "OMB-TIME-LATE-DISCRETION"));
	assert_non_null(msp(md, CONTACT_PSOW));
	/* The complaint itself reached the council in time. */
	assert_int_equal(dl_of(md, TS_COMPLAINT_TIME_LIMIT)->status,
	                 DL_IN_TIME);
	decision_free(d);
}

/* COUNCIL-TIME-12M edges and COUNCIL-TIME-LATE-DISCRETION. */
static void twelve_month_time_limit(void **state)
{
	(void)state;
	reset();
	/* Event 2 Mar 2025: in time up to and including 2 Mar 2026. */
	M[0].event = ymd(2025, 3, 2);
	struct decision *d = decide();
	const struct deadline *tl = dl_of(&d->matters[0],
	                                  TS_COMPLAINT_TIME_LIMIT);
	assert_day(tl->derivation.result, 2026, 3, 2);
	assert_int_equal(tl->status, DL_IN_TIME);
	assert_false(d->matters[0].late);
	decision_free(d);

	/* A day later: late, but the council may still consider it. */
	F.received = F.as_of = ymd(2026, 3, 3);
	d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(dl_of(md, TS_COMPLAINT_TIME_LIMIT)->status, DL_LATE);
	assert_true(md->late);
	assert_int_equal(md->council, VERDICT_POSSIBLE);
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_true(has(md, "COUNCIL-TIME-12M"));
	assert_true(has(md, "COUNCIL-TIME-LATE-DISCRETION"));
	decision_free(d);

	/* Long ago, but the parent only became aware last year: the later
	 * date counts, so it is in time. */
	reset();
	M[0].event = ymd(2024, 1, 10);
	M[0].awareness = ymd(2025, 6, 1);
	d = decide();
	md = &d->matters[0];
	assert_day(dl_of(md, TS_COMPLAINT_TIME_LIMIT)->derivation.start,
	           2025, 6, 1);
	assert_int_equal(dl_of(md, TS_COMPLAINT_TIME_LIMIT)->status,
	                 DL_IN_TIME);
	assert_false(md->late);
	assert_int_equal(md->council, VERDICT_YES);
	decision_free(d);
}

/* COUNCIL-TIME-UNKNOWN: no dates, no limit worked out. */
static void time_limit_unknown(void **state)
{
	(void)state;
	reset();
	M[0].event = CWYN_DAY_NONE;
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_true(has(md, "COUNCIL-TIME-UNKNOWN"));
	assert_false(has(md, "COUNCIL-TIME-12M"));
	assert_null(dl_of(md, TS_COMPLAINT_TIME_LIMIT));
	assert_null(dl_of(md, TS_PSOW_TIME_LIMIT));
	assert_int_equal(md->council, VERDICT_YES);
	decision_free(d);
}

/* CLOCK-START-UNKNOWN at complaint level: receipt date unknown. */
static void receipt_unknown(void **state)
{
	(void)state;
	reset();
	F.received = CWYN_DAY_NONE;
	struct decision *d = decide();
	assert_null(c_dl_of(d, TS_ACK));
	assert_true(c_has(d, "CLOCK-START-UNKNOWN"));
	assert_true(has(&d->matters[0], "CLOCK-START-UNKNOWN"));
	/* The time limit is then judged on today. */
	assert_day(dl_of(&d->matters[0], TS_COMPLAINT_TIME_LIMIT)->compared_with,
	           2026, 3, 2);
	decision_free(d);
}

/* COUNCIL-ORAL-RECORD. */
static void oral_complaint_needs_a_written_record(void **state)
{
	(void)state;
	reset();
	F.channel = CHANNEL_ORAL;
	struct decision *d = decide();
	assert_true(c_has(d, "COUNCIL-ORAL-RECORD"));
	decision_free(d);
}

/* CLOCK-S2-FROM-SUMMARY: the Denbighshire anchor as a policy setting. */
static void stage2_clock_from_agreed_summary(void **state)
{
	(void)state;
	reset();
	M[0].wants_stage2 = true;
	M[0].stage2_requested = ymd(2026, 3, 2);
	enum policy_event saved = P->timescales[TS_S2_RESPONSE].from;
	P->timescales[TS_S2_RESPONSE].from = EV_STAGE2_SUMMARY_AGREED;
	struct decision *d = decide();
	P->timescales[TS_S2_RESPONSE].from = saved;
	const struct deadline *s2 = dl_of(&d->matters[0], TS_S2_RESPONSE);
	assert_non_null(s2);
	assert_true(s2->assumed_start);
	assert_int_equal(s2->from, EV_STAGE2_SUMMARY_AGREED);
	assert_true(has(&d->matters[0], "CLOCK-S2-FROM-SUMMARY"));
	decision_free(d);
}

/* ---- Who may complain --------------------------------------------------- */

/* WHO-CHILD-OWN-RIGHT, SIGN-ADVOCACY-CHILD, SIGN-CRO, SIGN-CCFW-U18. */
static void child_complains_in_own_right(void **state)
{
	(void)state;
	reset();
	F.complainant.relationship = REL_CHILD;
	F.complainant.age = 15;
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_true(c_has(d, "WHO-CHILD-OWN-RIGHT"));
	assert_true(c_has(d, "WHO-PERSONAL"));
	assert_int_equal(md->council, VERDICT_YES);
	assert_string_equal(msp(md, CONTACT_ADVOCACY)->rule_id,
	                    "SIGN-ADVOCACY-CHILD");
	assert_string_equal(msp(md, CONTACT_CRO)->rule_id, "SIGN-CRO");
	assert_string_equal(msp(md, CONTACT_CCFW)->rule_id, "SIGN-CCFW-U18");
	assert_null(msp(md, CONTACT_FRG));
	decision_free(d);

	/* A 20-year-old complainant with no children listed is outside the
	 * Commissioner's limits (nothing says they were looked after). */
	F.complainant.age = 20;
	d = decide();
	assert_null(msp(&d->matters[0], CONTACT_CCFW));
	assert_non_null(msp(&d->matters[0], CONTACT_ADVOCACY));
	decision_free(d);
}

/* WHO-REPRESENTATIVE (advocate; a parent acting for the child) and
 * WHO-NOT-AFFECTED (council verdict only "possible"). */
static void representatives_and_others(void **state)
{
	(void)state;
	reset();
	F.complainant.relationship = REL_ADVOCATE;
	struct decision *d = decide();
	assert_true(c_has(d, "WHO-REPRESENTATIVE"));
	assert_null(msp(&d->matters[0], CONTACT_FRG));
	assert_int_equal(d->matters[0].council, VERDICT_YES);
	decision_free(d);

	reset();
	F.complainant.personally_affected = false;
	d = decide();
	assert_true(c_has(d, "WHO-REPRESENTATIVE"));
	assert_false(c_has(d, "WHO-PERSONAL"));
	decision_free(d);

	reset();
	F.complainant.relationship = REL_OTHER;
	F.complainant.personally_affected = false;
	d = decide();
	assert_true(c_has(d, "WHO-NOT-AFFECTED"));
	assert_true(has(&d->matters[0], "WHO-NOT-AFFECTED"));
	assert_int_equal(d->matters[0].council, VERDICT_POSSIBLE);
	assert_int_equal(d->matters[0].route, ROUTE_COUNCIL_STAGE1);
	decision_free(d);
}

/* ---- Conferences -------------------------------------------------------- */

static void conference_base(void)
{
	reset();
	M[0].subject = SUBJ_REGISTRATION_CATEGORY;
	M[0].categories = 1u << CAT_NEGLECT;
	M[0].event = CWYN_DAY_NONE;
	F.received = CWYN_DAY_NONE;
}

/*
 * CONF-DEADLINE-14WD at its edge, worked out by hand. Minutes sent Fri
 * 18 Dec 2026 = day 0. Bank holidays (procedure.md §5.3): Fri 25 Dec 2026
 * Christmas Day, Mon 28 Dec 2026 Boxing Day (substitute), Fri 1 Jan 2027
 * New Year's Day. Working days after day 0:
 *   Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24 (4)   [Christmas Eve works]
 *   Fri 25 Christmas, Sat 26, Sun 27, Mon 28 Boxing Day (sub) skipped
 *   Tue 29 (5), Wed 30 (6), Thu 31 (7)               [New Year's Eve works]
 *   Fri 1 Jan New Year's Day, Sat 2, Sun 3 skipped
 *   Mon 4 (8), Tue 5 (9), Wed 6 (10), Thu 7 (11), Fri 8 (12)
 *   Sat 9, Sun 10 skipped
 *   Mon 11 (13), Tue 12 Jan 2027 (14), Wed 13 Jan (15).
 * So received Tue 12 Jan 2027 is in time; Wed 13 Jan is late. 11 days are
 * skipped (19, 20, 25, 26, 27, 28 Dec; 1, 2, 3, 9, 10 Jan).
 */
static void conference_window_edges(void **state)
{
	(void)state;
	conference_base();
	M[0].conference_held = ymd(2026, 12, 14);
	M[0].minutes_sent = ymd(2026, 12, 18);
	M[0].conference_stage = CONFSTAGE_WITH_CHAIR;
	M[0].chair_received = ymd(2027, 1, 12);
	F.as_of = ymd(2027, 1, 12);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(d->overall, ROUTE_CONFERENCE_CHAIR);
	assert_int_equal(md->route, ROUTE_CONFERENCE_CHAIR);
	assert_int_equal(md->council, VERDICT_NO);
	assert_int_equal(md->ombudsman, VERDICT_NO);
	assert_reasons(md, "CONF-SCOPE", "CONF-NOT-COUNCIL-PROCEDURE",
	               "CONF-NOT-OMBUDSMAN", "CONF-DEADLINE-14WD",
	               "CONF-AGREE-SIGN", "CONF-SENIOR-MANAGER",
	               "CONF-CHAIR-7D", "CONF-MINUTES-TIMING");
	const struct deadline *w = dl_of(md, TS_CONF_COMPLAINT);
	assert_non_null(w);
	assert_string_equal(w->rule_id, "CONF-DEADLINE-14WD");
	assert_int_equal(w->from, EV_MINUTES_SENT);
	assert_int_equal(w->derivation.amount,
	                 P->timescales[TS_CONF_COMPLAINT].amount);
	assert_day(w->derivation.start, 2026, 12, 18);
	assert_day(w->derivation.result, 2027, 1, 12);
	assert_int_equal(w->derivation.n_skipped, 11);
	assert_day(w->derivation.skipped[2].day, 2026, 12, 25);
	assert_int_equal(w->derivation.skipped[2].kind, CAL_BANK_HOLIDAY);
	assert_day(w->derivation.skipped[5].day, 2026, 12, 28);
	assert_int_equal(w->derivation.skipped[5].kind, CAL_BANK_HOLIDAY);
	assert_day(w->derivation.skipped[6].day, 2027, 1, 1);
	assert_int_equal(w->status, DL_IN_TIME);
	assert_false(md->late);
	/* No council matter: no acknowledgement clock, no Ombudsman. */
	assert_null(c_dl_of(d, TS_ACK));
	assert_null(msp(md, CONTACT_PSOW));
	assert_non_null(msp(md, CONTACT_FRG));
	decision_free(d);

	/* The 15th working day is late; the chair decides (default). */
	M[0].chair_received = ymd(2027, 1, 13);
	F.as_of = ymd(2027, 1, 13);
	d = decide();
	md = &d->matters[0];
	assert_int_equal(dl_of(md, TS_CONF_COMPLAINT)->status, DL_LATE);
	assert_true(md->late);
	assert_int_equal(md->route, ROUTE_CONFERENCE_CHAIR);
	assert_true(has(md, "CONF-LATE-CHAIR-DISCRETION"));
	decision_free(d);
}

/* CONF-RECEIPT-BY-COUNCIL: the council had it in time, the chair later. */
static void receipt_by_council_counts(void **state)
{
	(void)state;
	conference_base();
	M[0].minutes_sent = ymd(2026, 12, 18);
	F.received = ymd(2027, 1, 12);
	M[0].chair_received = ymd(2027, 1, 14);
	F.as_of = ymd(2027, 1, 14);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	const struct deadline *w = dl_of(md, TS_CONF_COMPLAINT);
	assert_int_equal(w->status, DL_IN_TIME);
	assert_day(w->compared_with, 2027, 1, 12);
	assert_true(has(md, "CONF-RECEIPT-BY-COUNCIL"));
	assert_false(md->late);
	decision_free(d);

	/* Only the chair's date known, and it is late. */
	F.received = CWYN_DAY_NONE;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(dl_of(md, TS_CONF_COMPLAINT)->status, DL_LATE);
	assert_false(has(md, "CONF-RECEIPT-BY-COUNCIL"));
	decision_free(d);
}

/* CONF-LATE-REFUSED / CONF-LATE-ACCEPTED follow the policy setting. */
static void late_conference_settings(void **state)
{
	(void)state;
	conference_base();
	M[0].minutes_sent = ymd(2026, 12, 18);
	M[0].chair_received = ymd(2027, 1, 13);
	F.as_of = ymd(2027, 1, 13);
	enum late_conference_policy saved = P->settings.late_conference;

	P->settings.late_conference = LATE_REFUSE;
	struct decision *d = decide();
	assert_true(has(&d->matters[0], "CONF-LATE-REFUSED"));
	assert_false(has(&d->matters[0], "CONF-LATE-CHAIR-DISCRETION"));
	assert_int_equal(d->matters[0].route, ROUTE_CONFERENCE_CHAIR);
	assert_true(d->matters[0].late);
	decision_free(d);

	P->settings.late_conference = LATE_ACCEPT;
	d = decide();
	assert_true(has(&d->matters[0], "CONF-LATE-ACCEPTED"));
	assert_true(d->matters[0].late);
	decision_free(d);
	P->settings.late_conference = saved;
}

/* CONF-MINUTES-DATE-UNKNOWN. */
static void conference_minutes_date_unknown(void **state)
{
	(void)state;
	conference_base();
	M[0].subject = SUBJ_CONFERENCE_PROCESS;
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_true(has(md, "CONF-MINUTES-DATE-UNKNOWN"));
	assert_null(dl_of(md, TS_CONF_COMPLAINT));
	assert_false(md->late);
	assert_int_equal(md->route, ROUTE_CONFERENCE_CHAIR);
	decision_free(d);
}

/* CONF-MINUTES-TIMING: summary 5 and full record 20 working days after a
 * conference on Mon 2 Mar 2026: due Mon 9 Mar and Mon 30 Mar. */
static void conference_minutes_timing(void **state)
{
	(void)state;
	conference_base();
	M[0].subject = SUBJ_DEREGISTRATION;
	M[0].conference_held = ymd(2026, 3, 2);
	M[0].minutes_sent = ymd(2026, 3, 10);
	F.as_of = ymd(2026, 3, 10);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	const struct deadline *sum = dl_of(md, TS_MINUTES_SUMMARY);
	const struct deadline *full = dl_of(md, TS_MINUTES_FULL);
	assert_day(sum->derivation.result, 2026, 3, 9);
	assert_day(full->derivation.result, 2026, 3, 30);
	assert_int_equal(sum->status, DL_MISSED);
	assert_int_equal(full->status, DL_MET);
	decision_free(d);

	M[0].minutes_sent = CWYN_DAY_NONE;
	F.as_of = ymd(2026, 3, 20);
	d = decide();
	md = &d->matters[0];
	assert_int_equal(dl_of(md, TS_MINUTES_SUMMARY)->status, DL_OPEN);
	assert_int_equal(dl_of(md, TS_MINUTES_FULL)->status, DL_OPEN);
	decision_free(d);
}

/* CONF-CHAIR-7D: calendar days by default, the unit is the policy's. */
static void chair_seven_days(void **state)
{
	(void)state;
	conference_base();
	M[0].subject = SUBJ_DECISION_NOT_TO_REGISTER;
	M[0].conference_held = ymd(2026, 3, 2);
	M[0].minutes_sent = ymd(2026, 3, 6);
	M[0].chair_received = ymd(2026, 3, 16);
	M[0].conference_stage = CONFSTAGE_WITH_CHAIR;
	F.as_of = ymd(2026, 3, 20);
	struct decision *d = decide();
	const struct deadline *c7 = dl_of(&d->matters[0], TS_CONF_CHAIR_RESOLVE);
	assert_non_null(c7);
	assert_string_equal(c7->rule_id, "CONF-CHAIR-7D");
	assert_int_equal(c7->derivation.unit, CAL_UNIT_CALENDAR_DAYS);
	assert_day(c7->derivation.result, 2026, 3, 23);
	assert_int_equal(c7->status, DL_OPEN);
	decision_free(d);

	F.as_of = ymd(2026, 3, 24);
	d = decide();
	assert_int_equal(dl_of(&d->matters[0], TS_CONF_CHAIR_RESOLVE)->status,
	                 DL_MISSED);
	decision_free(d);

	/* Setting: working days -> 17..20, 23..25 Mar: Wed 25 Mar. */
	enum cal_unit saved = P->timescales[TS_CONF_CHAIR_RESOLVE].unit;
	P->timescales[TS_CONF_CHAIR_RESOLVE].unit = CAL_UNIT_WORKING_DAYS;
	d = decide();
	P->timescales[TS_CONF_CHAIR_RESOLVE].unit = saved;
	assert_day(dl_of(&d->matters[0], TS_CONF_CHAIR_RESOLVE)
	               ->derivation.result,
	           2026, 3, 25);
	decision_free(d);
}

/* CONF-PANEL + OMB-NO-CONFERENCE; CONF-PANEL-OFFER. */
static void unresolved_conference_goes_to_panel(void **state)
{
	(void)state;
	conference_base();
	M[0].subject = SUBJ_REGISTRATION_DECISION;
	M[0].minutes_sent = ymd(2026, 3, 6);
	M[0].chair_received = ymd(2026, 3, 16);
	M[0].conference_stage = CONFSTAGE_CHAIR_UNRESOLVED;
	M[0].wants_panel = true;
	F.as_of = ymd(2026, 3, 30);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_SAFEGUARDING_PANEL);
	assert_int_equal(md->council, VERDICT_NO);
	assert_int_equal(md->ombudsman, VERDICT_NO);
	assert_true(has(md, "CONF-PANEL"));
	assert_true(has(md, "OMB-NO-CONFERENCE"));
	assert_true(has(md, "CONF-SCOPE"));
	assert_null(dl_of(md, TS_CONF_CHAIR_RESOLVE));
	decision_free(d);

	M[0].wants_panel = false;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_CONFERENCE_CHAIR);
	assert_true(has(md, "CONF-PANEL-OFFER"));
	assert_false(has(md, "CONF-PANEL"));
	decision_free(d);
}

/* ---- Other agencies ----------------------------------------------------- */

/* AGENCY-WORKER + SIGN-OTHER-AGENCY; AGENCY-OWN-STAFF. */
static void worker_at_conference(void **state)
{
	(void)state;
	reset();
	M[0].subject = SUBJ_STAFF_CONDUCT;
	M[0].agency = AGENCY_POLICE;
	M[0].agency_name = "Dyfed-Powys Police";
	M[0].worker_attended_conference = true;
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_OTHER_AGENCY);
	assert_int_equal(md->agency, AGENCY_POLICE);
	assert_string_equal(md->agency_name, "Dyfed-Powys Police");
	assert_ptr_not_equal(md->agency_name, M[0].agency_name); /* copied */
	assert_int_equal(md->council, VERDICT_NO);
	assert_int_equal(md->ombudsman, VERDICT_NO);
	assert_reasons(md, "AGENCY-WORKER");
	bool found = false;
	for (size_t k = 0; k < md->n_signposts; k++) {
		if (md->signposts[k].other_agency) {
			found = true;
			assert_int_equal(md->signposts[k].agency, AGENCY_POLICE);
			assert_string_equal(md->signposts[k].agency_name,
			                    "Dyfed-Powys Police");
			assert_string_equal(md->signposts[k].rule_id,
			                    "SIGN-OTHER-AGENCY");
		}
	}
	assert_true(found);
	assert_null(msp(md, CONTACT_PSOW));
	/* Not a council matter: no acknowledgement clock. */
	assert_null(c_dl_of(d, TS_ACK));
	decision_free(d);

	/* The council's own social worker at the same conference. */
	M[0].agency = AGENCY_COUNCIL;
	M[0].agency_name = NULL;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_int_equal(md->council, VERDICT_YES);
	assert_true(has(md, "AGENCY-OWN-STAFF"));
	assert_true(has(md, "COUNCIL-SCOPE"));
	decision_free(d);
}

/* AGENCY-HEALTH-OMBUDSMAN, AGENCY-OTHER-COUNCIL, and no Ombudsman for the
 * rest. */
static void other_agencies_and_the_ombudsman(void **state)
{
	(void)state;
	reset();
	M[0].subject = SUBJ_POOR_COMMUNICATION;
	M[0].agency = AGENCY_HEALTH;
	M[0].agency_name = "Hywel Dda University Health Board";
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_OTHER_AGENCY);
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	assert_true(has(md, "AGENCY-HEALTH-OMBUDSMAN"));
	assert_null(msp(md, CONTACT_PSOW));
	decision_free(d);

	M[0].agency_procedure_done = true;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->ombudsman, VERDICT_YES);
	assert_non_null(msp(md, CONTACT_PSOW));
	assert_non_null(dl_of(md, TS_PSOW_TIME_LIMIT));
	decision_free(d);

	M[0].agency = AGENCY_OTHER_COUNCIL;
	M[0].agency_name = "Ceredigion County Council";
	M[0].agency_procedure_done = false;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_OTHER_AGENCY);
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	assert_true(has(md, "AGENCY-OTHER-COUNCIL"));
	decision_free(d);

	const enum agency none[] = {AGENCY_POLICE, AGENCY_EDUCATION,
	                            AGENCY_PROBATION, AGENCY_OTHER};
	for (size_t k = 0; k < 4; k++) {
		M[0].agency = none[k];
		M[0].agency_procedure_done = true;
		d = decide();
		assert_int_equal(d->matters[0].route, ROUTE_OTHER_AGENCY);
		assert_int_equal(d->matters[0].ombudsman, VERDICT_NO);
		decision_free(d);
	}
}

/* ---- Court -------------------------------------------------------------- */

/* COURT-DECISION-TO-START + SIGN-LEGAL-ADVICE (and FRG, no CCFW). */
static void decision_to_start_proceedings(void **state)
{
	(void)state;
	reset();
	M[0].subject = SUBJ_DECISION_TO_START_PROCEEDINGS;
	F.n_children = 1;
	CH[0].age = 5;
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_EXCLUDED_COURT);
	assert_int_equal(md->council, VERDICT_NO);
	assert_int_equal(md->ombudsman, VERDICT_NO);
	assert_reasons(md, "COURT-DECISION-TO-START");
	assert_string_equal(msp(md, CONTACT_LEGAL_ADVICE)->rule_id,
	                    "SIGN-LEGAL-ADVICE");
	assert_non_null(msp(md, CONTACT_FRG));
	assert_null(msp(md, CONTACT_CCFW));
	assert_null(msp(md, CONTACT_PSOW));
	assert_null(c_dl_of(d, TS_ACK));
	decision_free(d);
}

/* COURT-DEALT-WITH: by subject and by the dealt_with fact. */
static void court_has_dealt_with_it(void **state)
{
	(void)state;
	reset();
	M[0].subject = SUBJ_COURT_DECISION;
	struct decision *d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_EXCLUDED_COURT);
	assert_reasons(&d->matters[0], "COURT-DEALT-WITH");
	decision_free(d);

	reset();
	M[0].court.dealt_with = true;
	d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_EXCLUDED_COURT);
	assert_true(has(&d->matters[0], "COURT-DEALT-WITH"));
	assert_non_null(msp(&d->matters[0], CONTACT_LEGAL_ADVICE));
	decision_free(d);
}

/* COURT-REPORT-FOR-COURT: only for a report prepared for court. */
static void report_prepared_for_court(void **state)
{
	(void)state;
	reset();
	M[0].subject = SUBJ_INACCURATE_REPORT;
	M[0].court.report_for_court = true;
	struct decision *d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_EXCLUDED_COURT);
	assert_int_equal(d->matters[0].council, VERDICT_NO);
	assert_reasons(&d->matters[0], "COURT-REPORT-FOR-COURT");
	assert_non_null(msp(&d->matters[0], CONTACT_LEGAL_ADVICE));
	decision_free(d);

	M[0].court.report_for_court = false;
	d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_COUNCIL_STAGE1);
	decision_free(d);
}

/* COURT-DURING (ongoing: not yet; concluded: no), COURT-DATES-UNKNOWN,
 * COURT-DURING-AGREED. */
static void during_proceedings(void **state)
{
	(void)state;
	reset();
	M[0].event = ymd(2025, 9, 1);
	M[0].court.status = COURT_ONGOING;
	M[0].court.started = ymd(2025, 6, 2);
	F.received = ymd(2025, 10, 1);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_EXCLUDED_COURT);
	assert_int_equal(md->council, VERDICT_NOT_YET);
	assert_int_equal(md->ombudsman, VERDICT_NOT_YET);
	assert_reasons(md, "COURT-DURING");
	assert_non_null(msp(md, CONTACT_LEGAL_ADVICE));
	decision_free(d);

	/* Concluded, and the event fell inside the proceedings. */
	M[0].court.status = COURT_CONCLUDED;
	M[0].court.ended = ymd(2025, 12, 1);
	d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_EXCLUDED_COURT);
	assert_int_equal(d->matters[0].council, VERDICT_NO);
	assert_int_equal(d->matters[0].ombudsman, VERDICT_NO);
	decision_free(d);

	/* Unknown event date while proceedings go on: treated as during. */
	M[0].court.status = COURT_ONGOING;
	M[0].court.ended = CWYN_DAY_NONE;
	M[0].event = CWYN_DAY_NONE;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_EXCLUDED_COURT);
	assert_reasons(md, "COURT-DATES-UNKNOWN", "COURT-DURING");
	decision_free(d);

	/* The court agreed: a council matter, the Ombudsman at most
	 * "possible" even after Stage 2. */
	M[0].event = ymd(2025, 9, 1);
	M[0].court.court_agreed = true;
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_int_equal(md->council, VERDICT_YES);
	assert_true(has(md, "COURT-DURING-AGREED"));
	assert_false(has(md, "COURT-DURING"));
	decision_free(d);

	M[0].council_stage = CSTAGE_2_ANSWERED;
	M[0].stage2_requested = ymd(2025, 10, 1);
	M[0].stage2_answered = ymd(2025, 11, 3);
	M[0].still_dissatisfied = true;
	d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_OMBUDSMAN);
	assert_int_equal(d->matters[0].ombudsman, VERDICT_POSSIBLE);
	decision_free(d);
}

/* COURT-BEFORE and COURT-AFTER: council matters, the Ombudsman possible. */
static void before_and_after_proceedings(void **state)
{
	(void)state;
	reset();
	M[0].event = ymd(2025, 11, 3);
	M[0].court.status = COURT_ONGOING;
	M[0].court.started = ymd(2026, 1, 15);
	struct decision *d = decide();
	const struct matter_decision *md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_int_equal(md->council, VERDICT_YES);
	assert_true(has(md, "COURT-BEFORE"));
	assert_true(has(md, "COUNCIL-STAGE1"));
	decision_free(d);

	M[0].council_stage = CSTAGE_2_ANSWERED;
	M[0].stage2_requested = ymd(2026, 3, 2);
	M[0].stage2_answered = ymd(2026, 4, 1);
	M[0].still_dissatisfied = true;
	F.as_of = ymd(2026, 4, 10);
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_OMBUDSMAN);
	assert_int_equal(md->ombudsman, VERDICT_POSSIBLE);
	assert_non_null(msp(md, CONTACT_PSOW));
	decision_free(d);

	reset();
	M[0].event = ymd(2025, 11, 3);
	M[0].court.status = COURT_CONCLUDED;
	M[0].court.started = ymd(2025, 1, 6);
	M[0].court.ended = ymd(2025, 6, 30);
	d = decide();
	md = &d->matters[0];
	assert_int_equal(md->route, ROUTE_COUNCIL_STAGE1);
	assert_true(has(md, "COURT-AFTER"));
	assert_int_equal(md->council, VERDICT_YES);
	decision_free(d);

	/* The last day of the proceedings is still during them. */
	M[0].event = ymd(2025, 6, 30);
	F.received = ymd(2026, 2, 2);
	d = decide();
	assert_int_equal(d->matters[0].route, ROUTE_EXCLUDED_COURT);
	decision_free(d);
}

/* ---- Signposting -------------------------------------------------------- */

/* SIGN-FRG for parents and family members, not for others. */
static void family_rights_group(void **state)
{
	(void)state;
	const enum relationship yes[] = {REL_PARENT, REL_CARER,
	                                 REL_KINSHIP_CARER, REL_RELATIVE,
	                                 REL_PARENTAL_RESPONSIBILITY};
	const enum relationship no[] = {REL_CHILD, REL_ADVOCATE, REL_OTHER};
	for (size_t k = 0; k < 5; k++) {
		reset();
		F.complainant.relationship = yes[k];
		struct decision *d = decide();
		const struct signpost *s = msp(&d->matters[0], CONTACT_FRG);
		assert_non_null(s);
		assert_string_equal(s->rule_id, "SIGN-FRG");
		decision_free(d);
	}
	for (size_t k = 0; k < 3; k++) {
		reset();
		F.complainant.relationship = no[k];
		struct decision *d = decide();
		assert_null(msp(&d->matters[0], CONTACT_FRG));
		decision_free(d);
	}
}

/* SIGN-CCFW and its variants (decision 7). */
static void childrens_commissioner_limits(void **state)
{
	(void)state;
	struct {
		int age;
		bool looked_after, in_education;
		const char *rule; /* NULL: not signposted */
	} cases[] = {
		{-1, false, false, "SIGN-CCFW-AGE-UNKNOWN"},
		{0, false, false, "SIGN-CCFW-U18"},
		{17, false, false, "SIGN-CCFW-U18"},
		{18, false, false, NULL},
		{18, true, false, "SIGN-CCFW-U21-LOOKED-AFTER"},
		{20, true, false, "SIGN-CCFW-U21-LOOKED-AFTER"},
		{21, true, false, NULL},
		{21, true, true, "SIGN-CCFW-U25-EDUCATION"},
		{24, true, true, "SIGN-CCFW-U25-EDUCATION"},
		{25, true, true, NULL},
		{23, false, true, NULL},
		{30, false, false, NULL},
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		reset();
		F.n_children = 1;
		CH[0].age = cases[k].age;
		CH[0].looked_after = cases[k].looked_after;
		CH[0].in_education = cases[k].in_education;
		struct decision *d = decide();
		const struct signpost *s = msp(&d->matters[0], CONTACT_CCFW);
		if (cases[k].rule == NULL) {
			if (s != NULL)
				fail_msg("age %d: unexpected %s", cases[k].age,
				         s->rule_id);
		} else {
			if (s == NULL)
				fail_msg("age %d: no Commissioner",
				         cases[k].age);
			assert_string_equal(s->rule_id, cases[k].rule);
			/* The umbrella rule names every variant. */
			assert_memory_equal(s->rule_id, "SIGN-CCFW", 9);
			mark("SIGN-CCFW");
		}
		decision_free(d);
	}

	/* Two children: one signpost, from the first child that qualifies. */
	reset();
	F.n_children = 2;
	CH[0].age = 30;
	CH[1].age = 9;
	struct decision *d = decide();
	size_t n = 0;
	for (size_t k = 0; k < d->matters[0].n_signposts; k++)
		n += d->matters[0].signposts[k].contact == CONTACT_CCFW;
	assert_int_equal(n, 1);
	assert_string_equal(msp(&d->matters[0], CONTACT_CCFW)->rule_id,
	                    "SIGN-CCFW-U18");
	decision_free(d);
}

/* ---- Whole complaints --------------------------------------------------- */

/* SPLIT-MIXED: four matters, four routes, none rejected. */
static void mixed_complaint_is_split(void **state)
{
	(void)state;
	reset();
	F.n_matters = 4;
	F.received = ymd(2027, 1, 11);
	F.as_of = ymd(2027, 1, 11);
	F.n_children = 1;
	CH[0].age = 7;
	M[0].id = "category";
	M[0].subject = SUBJ_REGISTRATION_CATEGORY;
	M[0].event = CWYN_DAY_NONE;
	M[0].conference_held = ymd(2026, 12, 14);
	M[0].minutes_sent = ymd(2026, 12, 18);
	M[1].id = "failure";
	M[1].subject = SUBJ_FAILURE_TO_ACT;
	M[1].event = ymd(2026, 11, 20);
	M[2].id = "officer";
	M[2].subject = SUBJ_STAFF_CONDUCT;
	M[2].agency = AGENCY_POLICE;
	M[2].agency_name = "Dyfed-Powys Police";
	M[2].worker_attended_conference = true;
	M[3].id = "proceedings";
	M[3].subject = SUBJ_DECISION_TO_START_PROCEEDINGS;
	struct decision *d = decide();

	assert_int_equal(d->overall, ROUTE_SPLIT);
	assert_true(c_has(d, "SPLIT-MIXED"));
	const enum route want[] = {ROUTE_CONFERENCE_CHAIR, ROUTE_COUNCIL_STAGE1,
	                           ROUTE_OTHER_AGENCY, ROUTE_EXCLUDED_COURT};
	const char *ids[] = {"category", "failure", "officer", "proceedings"};
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(d->matters[i].matter_id, ids[i]);
		assert_int_equal(d->matters[i].route, want[i]);
	}
	/* The council's own matter is not dragged down by the others. */
	assert_int_equal(d->matters[1].council, VERDICT_YES);
	assert_int_equal(d->matters[0].council, VERDICT_NO);
	assert_int_equal(dl_of(&d->matters[0], TS_CONF_COMPLAINT)->status,
	                 DL_IN_TIME);
	/* The council matter brings the acknowledgement clock. */
	assert_non_null(c_dl_of(d, TS_ACK));
	/* Union of signposts, each once: FRG (all four), CCFW (not for the
	 * court matter), other agency, legal advice. */
	size_t frg = 0;
	for (size_t k = 0; k < d->n_signposts; k++)
		frg += !d->signposts[k].other_agency &&
		       d->signposts[k].contact == CONTACT_FRG;
	assert_int_equal(frg, 1);
	assert_non_null(sp_of(d->signposts, d->n_signposts, CONTACT_CCFW));
	assert_non_null(
	    sp_of(d->signposts, d->n_signposts, CONTACT_LEGAL_ADVICE));
	assert_int_equal(d->n_signposts, 4);
	decision_free(d);

	/* All matters the same way: that route, no split. */
	F.n_matters = 1;
	d = decide();
	assert_int_equal(d->overall, ROUTE_CONFERENCE_CHAIR);
	assert_false(c_has(d, "SPLIT-MIXED"));
	decision_free(d);
}

/* SAFE-RISK-NOW on every route, without changing the route. */
static void safeguarding_alert_on_every_route(void **state)
{
	(void)state;
	reset();
	F.n_matters = 7;
	F.as_of = ymd(2026, 4, 10);
	F.n_children = 1;
	CH[0].age = 4;
	CH[0].at_risk_now = true;
	for (size_t i = 0; i < 7; i++)
		M[i].event = ymd(2026, 2, 2);
	M[0].id = "a";                       /* Stage 1 */
	M[1].id = "b";                       /* Stage 2 */
	M[1].wants_stage2 = true;
	M[2].id = "c";                       /* conference chair */
	M[2].subject = SUBJ_CONFERENCE_PROCESS;
	M[3].id = "d";                       /* panel */
	M[3].subject = SUBJ_CONFERENCE_PROCESS;
	M[3].conference_stage = CONFSTAGE_CHAIR_UNRESOLVED;
	M[3].wants_panel = true;
	M[4].id = "e";                       /* other agency */
	M[4].agency = AGENCY_EDUCATION;
	M[5].id = "f";                       /* excluded for the court */
	M[5].subject = SUBJ_COURT_DECISION;
	M[6].id = "g";                       /* Ombudsman */
	M[6].council_stage = CSTAGE_2_ANSWERED;
	M[6].stage2_requested = ymd(2026, 3, 2);
	M[6].stage2_answered = ymd(2026, 4, 1);
	M[6].still_dissatisfied = true;
	const enum route want[] = {
	    ROUTE_COUNCIL_STAGE1,     ROUTE_COUNCIL_STAGE2,
	    ROUTE_CONFERENCE_CHAIR,   ROUTE_SAFEGUARDING_PANEL,
	    ROUTE_OTHER_AGENCY,       ROUTE_EXCLUDED_COURT,
	    ROUTE_OMBUDSMAN};
	struct decision *d = decide();
	assert_true(d->safeguarding_alert);
	assert_int_equal(d->n_alert_reasons, 1);
	assert_string_equal(d->alert_reasons[0], "SAFE-RISK-NOW");
	for (size_t i = 0; i < 7; i++) {
		assert_true(d->matters[i].alert);
		assert_string_equal(d->matters[i].reasons[0], "SAFE-RISK-NOW");
		assert_int_equal(d->matters[i].route, want[i]);
	}
	decision_free(d);

	/* The same facts without the risk: same routes, no alert. */
	CH[0].at_risk_now = false;
	d = decide();
	assert_false(d->safeguarding_alert);
	for (size_t i = 0; i < 7; i++) {
		assert_false(d->matters[i].alert);
		assert_int_equal(d->matters[i].route, want[i]);
	}
	decision_free(d);

	/* A risk on one matter alerts that matter (and the complaint). */
	M[4].at_risk_now = true;
	d = decide();
	assert_true(d->safeguarding_alert);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(d->matters[i].alert, i == 4);
	decision_free(d);

	/* "Is a child at risk right now?" answered yes for the complaint. */
	M[4].at_risk_now = false;
	F.at_risk_now = true;
	d = decide();
	for (size_t i = 0; i < 7; i++)
		assert_true(d->matters[i].alert);
	decision_free(d);
}

/* Pure: the same facts give the same decision. */
static void same_facts_same_decision(void **state)
{
	(void)state;
	reset();
	F.n_matters = 2;
	M[1].subject = SUBJ_CONFERENCE_PROCESS;
	M[1].minutes_sent = ymd(2026, 2, 20);
	struct decision *a = decide();
	struct decision *b = decide();
	assert_int_equal(a->overall, b->overall);
	assert_int_equal(a->n_reasons, b->n_reasons);
	for (size_t i = 0; i < a->n_matters; i++) {
		const struct matter_decision *x = &a->matters[i];
		const struct matter_decision *y = &b->matters[i];
		assert_int_equal(x->route, y->route);
		assert_int_equal(x->n_reasons, y->n_reasons);
		for (size_t k = 0; k < x->n_reasons; k++)
			assert_string_equal(x->reasons[k], y->reasons[k]);
		assert_int_equal(x->n_deadlines, y->n_deadlines);
		for (size_t k = 0; k < x->n_deadlines; k++)
			assert_int_equal(x->deadlines[k].derivation.result,
			                 y->deadlines[k].derivation.result);
	}
	decision_free(a);
	decision_free(b);
	decision_free(NULL);
}

/* ---- Refused facts ------------------------------------------------------ */

static void invalid_facts_are_refused(void **state)
{
	(void)state;
	struct cwyn_error e;

	reset();
	M[0].awareness = ymd(2026, 1, 1); /* before the event (2 Feb) */
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].awareness");

	reset();
	F.n_matters = 2;
	M[1].subject = SUBJ_CONFERENCE_PROCESS;
	M[1].conference_held = ymd(2026, 2, 10);
	M[1].minutes_sent = ymd(2026, 2, 9);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[1].minutes_sent");
	assert_string_equal(e.message,
	                    "cannot be before the conference was held");

	reset();
	M[0].acknowledged = ymd(2026, 3, 1); /* received 2 Mar */
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].acknowledged");

	reset();
	F.as_of = ymd(2026, 3, 20);
	M[0].council_stage = CSTAGE_1_ANSWERED;
	M[0].acknowledged = ymd(2026, 3, 5);
	M[0].stage1_answered = ymd(2026, 3, 4);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].stage1_answered");

	/* Stage 2 may be asked for at any time — even before an
	 * acknowledgement — but not before the complaint was received. */
	reset();
	F.as_of = ymd(2026, 3, 20);
	M[0].council_stage = CSTAGE_2_OPEN;
	M[0].acknowledged = ymd(2026, 3, 5);
	M[0].stage2_requested = ymd(2026, 3, 3);
	struct decision *d = decide();
	decision_free(d);
	M[0].stage2_requested = ymd(2026, 2, 27);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].stage2_requested");

	reset();
	F.as_of = ymd(2026, 4, 20);
	M[0].council_stage = CSTAGE_2_ANSWERED;
	M[0].stage2_requested = ymd(2026, 3, 10);
	M[0].stage2_answered = ymd(2026, 3, 9);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].stage2_answered");

	reset();
	M[0].court.status = COURT_CONCLUDED;
	M[0].court.started = ymd(2025, 5, 1);
	M[0].court.ended = ymd(2025, 4, 1);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].court.ended");

	reset();
	M[0].event = ymd(2026, 3, 3); /* after as_of */
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].event");

	reset();
	F.received = ymd(2026, 3, 3);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "received");

	reset();
	F.as_of = CWYN_DAY_NONE;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "as_of");

	reset();
	M[0].subject = (enum matter_subject)99;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].subject");

	reset();
	F.complainant.relationship = REL__MAX;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "complainant.relationship");

	reset();
	F.n_matters = 3;
	M[2].council_stage = (enum council_stage)-1;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[2].council_stage");

	reset();
	F.channel = CHANNEL__MAX;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "channel");

	reset();
	F.n_children = 2;
	CH[1].age = 121;
	e = refused(CWYN_ERANGE);
	assert_string_equal(e.field, "children[1].age");

	reset();
	F.complainant.age = -2;
	e = refused(CWYN_ERANGE);
	assert_string_equal(e.field, "complainant.age");

	reset();
	M[0].event = ymd(1990, 5, 1);
	e = refused(CWYN_ERANGE);
	assert_string_equal(e.field, "matters[0].event");

	reset();
	F.n_matters = 0;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters");

	reset();
	F.n_matters = 51;
	e = refused(CWYN_ERANGE);
	assert_string_equal(e.field, "matters");

	reset();
	F.n_children = 21;
	e = refused(CWYN_ERANGE);
	assert_string_equal(e.field, "children");

	/* Inconsistent facts. */
	reset();
	M[0].conference_stage = CONFSTAGE_CHAIR_UNRESOLVED;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].conference_stage");

	reset();
	M[0].subject = SUBJ_DECISION_TO_START_PROCEEDINGS;
	M[0].agency = AGENCY_POLICE;
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].agency");

	reset();
	M[0].court.status = COURT_ONGOING;
	M[0].court.started = ymd(2025, 5, 1);
	M[0].court.ended = ymd(2025, 6, 1);
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].court.ended");

	reset();
	M[0].stage1_answered = ymd(2026, 3, 2); /* stage is none */
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[0].stage1_answered");

	reset();
	F.n_matters = 2;
	M[1].id = "m1";
	e = refused(CWYN_EINVAL);
	assert_string_equal(e.field, "matters[1].id");

	/* Stage 2 answered with no dates is fine (unknown). */
	reset();
	M[0].council_stage = CSTAGE_2_ANSWERED;
	d = decide();
	assert_true(has(&d->matters[0], "CLOCK-START-UNKNOWN"));
	decision_free(d);

	/* Unnamed matters are labelled m1, m2... */
	reset();
	M[0].id = NULL;
	d = decide();
	assert_string_equal(d->matters[0].matter_id, "m1");
	decision_free(d);
}

/* A due date beyond the calendar's years is a range error naming the
 * matter's field, and nothing is returned. */
static void calendar_range_errors_name_the_matter(void **state)
{
	(void)state;
	reset();
	F.n_matters = 2;
	M[1].event = ymd(2100, 6, 1);
	F.received = ymd(2100, 12, 1);
	F.as_of = ymd(2100, 12, 1);
	M[0].event = ymd(2100, 6, 1);
	struct cwyn_error e = refused(CWYN_ERANGE);
	assert_memory_equal(e.field, "matters[0].", 11);
}

/* ---- The rule catalogue ------------------------------------------------- */

static char *read_source(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", source_root(), rel);
	char *text = NULL;
	size_t len = 0;
	struct cwyn_error err = {0};
	if (file_read_all(path, 1u << 22, &text, &len, &err) != CWYN_OK)
		fail_msg("cannot read %s: %s", path, err.message);
	return text;
}

static bool is_rule_like(const char *s, size_t n)
{
	bool dash = false;
	if (n < 3 || s[0] < 'A' || s[0] > 'Z')
		return false;
	for (size_t k = 0; k < n; k++) {
		char c = s[k];
		if (c == '-')
			dash = true;
		else if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return dash && s[n - 1] != '-';
}

/* Every UPPER-KEBAB string literal in triage.c is a catalogued rule. */
static void every_rule_used_is_catalogued(void **state)
{
	(void)state;
	char *text = read_source("src/core/triage.c");
	size_t used = 0;
	for (const char *p = strchr(text, '"'); p != NULL;) {
		const char *q = strchr(p + 1, '"');
		if (q == NULL)
			break;
		size_t n = (size_t)(q - p - 1);
		if (is_rule_like(p + 1, n)) {
			char id[64];
			assert_true(n < sizeof id);
			memcpy(id, p + 1, n);
			id[n] = '\0';
			if (rule_find(id) == NULL)
				fail_msg("triage.c uses %s, not in rules.c", id);
			used++;
		}
		p = strchr(q + 1, '"');
	}
	assert_true(used >= 60);
	free(text);
}

/* Each catalogue entry: a stable UPPER-KEBAB id, unique, a source citing
 * procedure.md, a one-sentence summary with a Welsh translation, and a row
 * in docs/rules.md. */
static void catalogue_is_complete(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	assert_int_equal(i18n_init(NULL, &err), CWYN_OK);
	char *doc = read_source("docs/rules.md");
	assert_true(rules_count() >= 60);
	assert_null(rule_at(rules_count()));
	for (size_t i = 0; i < rules_count(); i++) {
		const struct rule *r = rule_at(i);
		assert_true(is_rule_like(r->id, strlen(r->id)));
		assert_ptr_equal(rule_find(r->id), r);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(rule_at(j)->id, r->id);
		if (r->source == NULL || strstr(r->source, "procedure.md") == NULL)
			fail_msg("%s: source must cite procedure.md", r->id);
		size_t n = strlen(r->summary);
		assert_true(n > 20 && r->summary[n - 1] == '.');
		if (!i18n_has(r->summary))
			fail_msg("%s: no Welsh translation of its summary", r->id);
		assert_string_not_equal(i18n_tr(LANG_CY, r->summary),
		                        r->summary);
		/* In the docs as `ID` in a table row. */
		char cell[80];
		snprintf(cell, sizeof cell, "| `%s` |", r->id);
		if (strstr(doc, cell) == NULL)
			fail_msg("%s is missing from docs/rules.md", r->id);
	}
	assert_null(rule_find("NO-SUCH-RULE"));
	assert_null(rule_find(NULL));
	free(doc);
}

/* Names round-trip, and unknown names are refused. */
static void enum_names(void **state)
{
	(void)state;
	for (int v = 0; v < SUBJ__MAX; v++) {
		enum matter_subject s;
		assert_true(matter_subject_from_name(
		    matter_subject_name((enum matter_subject)v), &s));
		assert_int_equal(s, v);
	}
	for (int v = 0; v < REL__MAX; v++) {
		enum relationship r;
		assert_true(relationship_from_name(
		    relationship_name((enum relationship)v), &r));
		assert_int_equal(r, v);
	}
	for (int v = 0; v < AGENCY__MAX; v++) {
		enum agency a;
		assert_true(agency_from_name(agency_name((enum agency)v), &a));
		assert_int_equal(a, v);
	}
	for (int v = 0; v < CSTAGE__MAX; v++) {
		enum council_stage c;
		assert_true(council_stage_from_name(
		    council_stage_name((enum council_stage)v), &c));
		assert_int_equal(c, v);
	}
	enum conference_stage cs;
	assert_true(conference_stage_from_name("chair_unresolved", &cs));
	assert_int_equal(cs, CONFSTAGE_CHAIR_UNRESOLVED);
	enum court_status ct;
	assert_true(court_status_from_name("concluded", &ct));
	assert_int_equal(ct, COURT_CONCLUDED);
	enum channel ch;
	assert_true(channel_from_name("oral", &ch));
	assert_int_equal(ch, CHANNEL_ORAL);
	enum language l;
	assert_true(language_from_name("cy", &l));
	assert_int_equal(l, LANG_CY);
	assert_string_equal(language_name(LANG_EN), "en");
	assert_string_equal(matter_subject_name(SUBJ_DECISION_NOT_TO_REGISTER),
	                    "decision_not_to_register");
	assert_string_equal(relationship_name(REL_PARENTAL_RESPONSIBILITY),
	                    "parental_responsibility");
	assert_string_equal(route_name(ROUTE_SAFEGUARDING_PANEL),
	                    "safeguarding_panel");
	assert_string_equal(route_name(ROUTE_SPLIT), "split");
	assert_string_equal(verdict_name(VERDICT_NOT_YET), "not_yet");
	assert_string_equal(deadline_status_name(DL_IN_TIME), "in_time");
	assert_string_equal(council_stage_name(CSTAGE_1_ANSWERED),
	                    "stage1_answered");
	assert_string_equal(agency_name(AGENCY_OTHER_COUNCIL), "other_council");
	assert_string_equal(route_name((enum route)99), "?");
	enum agency a = AGENCY_HEALTH;
	assert_false(agency_from_name("Police", &a));
	assert_false(agency_from_name("", &a));
	assert_false(agency_from_name(NULL, &a));
	assert_int_equal(a, AGENCY_HEALTH); /* untouched on failure */
	assert_false(matter_subject_from_name("failure to act", NULL));
}

/* Every rule in the catalogue was applied by some decision above (the
 * umbrella SIGN-CCFW through its variants). Runs last. */
static void every_rule_is_reachable(void **state)
{
	(void)state;
	bool ok = true;
	for (size_t i = 0; i < rules_count(); i++) {
		if (!seen[i]) {
			fprintf(stderr, "never applied: %s\n", rule_at(i)->id);
			ok = false;
		}
	}
	assert_true(ok);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(council_new_complaint_goes_to_stage1),
	    cmocka_unit_test(stage1_discussion_clock_and_delay),
	    cmocka_unit_test(ack_deadline_over_easter_2026),
	    cmocka_unit_test(council_delay_from_missed_ack),
	    cmocka_unit_test(stage1_answered_and_resolved),
	    cmocka_unit_test(stage2_is_a_right_after_stage1),
	    cmocka_unit_test(stage2_on_request_at_any_time),
	    cmocka_unit_test(stage2_under_way),
	    cmocka_unit_test(after_stage2_the_ombudsman_may_look),
	    cmocka_unit_test(ombudsman_year_lapsed),
	    cmocka_unit_test(twelve_month_time_limit),
	    cmocka_unit_test(time_limit_unknown),
	    cmocka_unit_test(receipt_unknown),
	    cmocka_unit_test(oral_complaint_needs_a_written_record),
	    cmocka_unit_test(stage2_clock_from_agreed_summary),
	    cmocka_unit_test(child_complains_in_own_right),
	    cmocka_unit_test(representatives_and_others),
	    cmocka_unit_test(conference_window_edges),
	    cmocka_unit_test(receipt_by_council_counts),
	    cmocka_unit_test(late_conference_settings),
	    cmocka_unit_test(conference_minutes_date_unknown),
	    cmocka_unit_test(conference_minutes_timing),
	    cmocka_unit_test(chair_seven_days),
	    cmocka_unit_test(unresolved_conference_goes_to_panel),
	    cmocka_unit_test(worker_at_conference),
	    cmocka_unit_test(other_agencies_and_the_ombudsman),
	    cmocka_unit_test(decision_to_start_proceedings),
	    cmocka_unit_test(court_has_dealt_with_it),
	    cmocka_unit_test(report_prepared_for_court),
	    cmocka_unit_test(during_proceedings),
	    cmocka_unit_test(before_and_after_proceedings),
	    cmocka_unit_test(family_rights_group),
	    cmocka_unit_test(childrens_commissioner_limits),
	    cmocka_unit_test(mixed_complaint_is_split),
	    cmocka_unit_test(safeguarding_alert_on_every_route),
	    cmocka_unit_test(same_facts_same_decision),
	    cmocka_unit_test(invalid_facts_are_refused),
	    cmocka_unit_test(calendar_range_errors_name_the_matter),
	    cmocka_unit_test(every_rule_used_is_catalogued),
	    cmocka_unit_test(catalogue_is_complete),
	    cmocka_unit_test(enum_names),
	    cmocka_unit_test(every_rule_is_reachable),
	};
	int rc = cmocka_run_group_tests_name("triage", tests, load_policy,
	                                     free_policy);
	i18n_shutdown();
	return rc;
}
