/*
 * triage.c — from the facts of a complaint to a routed decision.
 *
 * Each matter is decided on its own (procedure.md decision 6), in this
 * order, because an earlier question settles the later ones:
 *   1. safeguarding — a child at risk now raises an alert, and routing goes
 *      on regardless (decision 1);
 *   2. court — decisions to start proceedings, matters the court dealt with
 *      and reports for court are excluded (decision 5);
 *   3. conference functioning — the conference chair, then the Safeguarding
 *      Board panel (decision 3);
 *   4. another agency's worker or body — that agency's procedure (decision 4);
 *   5. everything else is the council's own work: Stage 1, Stage 2, the
 *      Ombudsman (decision 2), after checking when it arose relative to any
 *      court proceedings.
 * Every step records the rule IDs it applied (rules.c) and every due date
 * comes from the policy's timescale through calendar_derive, so the numbers
 * (2, 10, 14, 25 working days...) live in the policy file, never here.
 *
 * Everything the decision points to lives in its arena; the facts are the
 * caller's and are copied where the decision keeps them.
 */
#include "triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Capacities per matter; the logic adds far fewer than these. Running out
 * is a bug (CWYN_EINTERNAL), not something input can cause. */
#define MAX_REASONS 32
#define MAX_DEADLINES 8
#define MAX_SIGNPOSTS 12
#define MAX_C_REASONS 12
#define MAX_C_DEADLINES 2

struct ctx {
	const struct facts *f;
	const struct policy *p;
	const struct calendar *cal;
	struct decision *d;
	struct cwyn_error *err;
	bool risk_all;        /* complaint-level risk: every matter alerts */
	bool ack_done;        /* the acknowledgement clock has been worked out */
	bool ack_known;       /* ... and it could be (received is known) */
	struct deadline ack;  /* complaint-level, TS_ACK from receipt */
	bool any_working_days;
	bool any_council_matter;
	bool start_unknown;   /* a complaint-level clock could not start */
};

/* The matter being decided. */
struct mctx {
	struct ctx *c;
	size_t i;
	const struct facts_matter *fm;
	struct matter_decision *md;
	enum verdict omb_cap; /* court before/after/agreed: at most possible */
};

/* ---- Small helpers ------------------------------------------------------ */

static bool is_conference_subject(enum matter_subject s)
{
	return s >= SUBJ_CONFERENCE_PROCESS && s <= SUBJ_DEREGISTRATION;
}

static bool is_family(enum relationship r)
{
	return r == REL_PARENT || r == REL_CARER || r == REL_KINSHIP_CARER ||
	       r == REL_RELATIVE || r == REL_PARENTAL_RESPONSIBILITY;
}

static cwyn_day later_of(cwyn_day a, cwyn_day b)
{
	if (a == CWYN_DAY_NONE)
		return b;
	if (b == CWYN_DAY_NONE)
		return a;
	return a > b ? a : b;
}

static cwyn_day earlier_of(cwyn_day a, cwyn_day b)
{
	if (a == CWYN_DAY_NONE)
		return b;
	if (b == CWYN_DAY_NONE)
		return a;
	return a < b ? a : b;
}

static enum verdict min_verdict(enum verdict a, enum verdict b)
{
	return a < b ? a : b;
}

static bool may_look(enum verdict v)
{
	return v == VERDICT_YES || v == VERDICT_POSSIBLE;
}

static enum cwyn_code add_reason(struct mctx *m, const char *rule)
{
	struct matter_decision *md = m->md;
	for (size_t k = 0; k < md->n_reasons; k++)
		if (strcmp(md->reasons[k], rule) == 0)
			return CWYN_OK;
	if (md->n_reasons >= MAX_REASONS)
		return cwyn_fail(m->c->err, CWYN_EINTERNAL, "",
		                 "too many reasons for one matter");
	md->reasons[md->n_reasons++] = rule;
	return CWYN_OK;
}

static enum cwyn_code add_c_reason(struct ctx *c, const char *rule)
{
	struct decision *d = c->d;
	for (size_t k = 0; k < d->n_reasons; k++)
		if (strcmp(d->reasons[k], rule) == 0)
			return CWYN_OK;
	if (d->n_reasons >= MAX_C_REASONS)
		return cwyn_fail(c->err, CWYN_EINTERNAL, "",
		                 "too many complaint-level reasons");
	d->reasons[d->n_reasons++] = rule;
	return CWYN_OK;
}

/*
 * Work out one due date from the policy's timescale. `field` names the fact
 * the clock starts from, so a calendar range error points at it.
 */
static enum cwyn_code derive(struct ctx *c, enum ts_id ts, const char *rule,
                             cwyn_day start, bool assumed, const char *field,
                             struct deadline *out)
{
	const struct policy_timescale *t = &c->p->timescales[ts];
	memset(out, 0, sizeof *out);
	out->ts = ts;
	out->rule_id = rule;
	out->from = t->from;
	out->assumed_start = assumed;
	out->status = DL_OPEN;
	out->compared_with = CWYN_DAY_NONE;
	if (!t->defined)
		return cwyn_fail(c->err, CWYN_EINVAL, field,
		                 "the policy does not define the %s timescale",
		                 ts_id_name(ts));
	enum cwyn_code rc =
	    calendar_derive(c->cal, start, t->amount, t->unit, t->inclusive,
	                    &c->d->arena, &out->derivation, c->err);
	if (rc != CWYN_OK) {
		if (c->err != NULL)
			snprintf(c->err->field, sizeof c->err->field, "%s",
			         field);
		return rc;
	}
	if (t->unit == CAL_UNIT_WORKING_DAYS)
		c->any_working_days = true;
	return CWYN_OK;
}

/* A step the council (or chair) must take by the due date. */
static void status_step(struct deadline *dl, cwyn_day done, cwyn_day as_of)
{
	cwyn_day due = dl->derivation.result;
	if (done != CWYN_DAY_NONE) {
		dl->compared_with = done;
		dl->status = done <= due ? DL_MET : DL_MISSED;
	} else {
		dl->compared_with = as_of;
		dl->status = as_of > due ? DL_MISSED : DL_OPEN;
	}
}

/* A limit on the complainant: in time when `when` is on or before it. */
static void status_limit(struct deadline *dl, cwyn_day when)
{
	dl->compared_with = when;
	dl->status = when <= dl->derivation.result ? DL_IN_TIME : DL_LATE;
}

static void matter_field(struct mctx *m, const char *name, char *buf,
                         size_t size)
{
	snprintf(buf, size, "matters[%zu].%s", m->i, name);
}

/* Derive a matter-level deadline and append it to the matter. */
static enum cwyn_code add_deadline(struct mctx *m, enum ts_id ts,
                                   const char *rule, cwyn_day start,
                                   bool assumed, const char *start_field,
                                   struct deadline **out)
{
	struct matter_decision *md = m->md;
	char field[96];
	if (md->n_deadlines >= MAX_DEADLINES)
		return cwyn_fail(m->c->err, CWYN_EINTERNAL, "",
		                 "too many deadlines for one matter");
	matter_field(m, start_field, field, sizeof field);
	struct deadline *dl = &md->deadlines[md->n_deadlines];
	enum cwyn_code rc = derive(m->c, ts, rule, start, assumed, field, dl);
	if (rc != CWYN_OK)
		return rc;
	md->n_deadlines++;
	*out = dl;
	return CWYN_OK;
}

/* ---- Signposts ---------------------------------------------------------- */

static bool same_signpost(const struct signpost *a, const struct signpost *b)
{
	if (a->other_agency != b->other_agency)
		return false;
	if (!a->other_agency)
		return a->contact == b->contact;
	if (a->agency != b->agency)
		return false;
	if (a->agency_name == NULL || b->agency_name == NULL)
		return a->agency_name == b->agency_name;
	return strcmp(a->agency_name, b->agency_name) == 0;
}

static enum cwyn_code push_signpost(struct mctx *m, const struct signpost *s)
{
	struct matter_decision *md = m->md;
	for (size_t k = 0; k < md->n_signposts; k++)
		if (same_signpost(&md->signposts[k], s))
			return CWYN_OK;
	if (md->n_signposts >= MAX_SIGNPOSTS)
		return cwyn_fail(m->c->err, CWYN_EINTERNAL, "",
		                 "too many signposts for one matter");
	md->signposts[md->n_signposts++] = *s;
	return CWYN_OK;
}

static enum cwyn_code sign_contact(struct mctx *m, enum contact_id contact,
                                   const char *rule)
{
	struct signpost s = {
		.contact = contact,
		.other_agency = false,
		.agency = AGENCY_COUNCIL,
		.agency_name = NULL,
		.rule_id = rule,
	};
	return push_signpost(m, &s);
}

/*
 * The Children's Commissioner rule (decision 7) for one person: which
 * variant applies, or NULL when the Commissioner's limits leave them out.
 */
static const char *ccfw_rule(const struct policy_settings *st, int age,
                             bool looked_after, bool in_education)
{
	if (age < 0)
		return "SIGN-CCFW-AGE-UNKNOWN";
	if (age < st->ccfw_age_child)
		return "SIGN-CCFW-U18";
	if (looked_after && age < st->ccfw_age_care_leaver)
		return "SIGN-CCFW-U21-LOOKED-AFTER";
	if (looked_after && in_education &&
	    age < st->ccfw_age_care_leaver_education)
		return "SIGN-CCFW-U25-EDUCATION";
	return NULL;
}

/* Signposting for one matter (decisions 7 and 8), once its route and
 * verdicts are known. */
static enum cwyn_code signpost_matter(struct mctx *m)
{
	const struct facts *f = m->c->f;
	const struct policy_settings *st = &m->c->p->settings;
	struct matter_decision *md = m->md;
	enum cwyn_code rc = CWYN_OK;

	if (md->route == ROUTE_EXCLUDED_COURT) {
		rc = sign_contact(m, CONTACT_LEGAL_ADVICE, "SIGN-LEGAL-ADVICE");
		if (rc != CWYN_OK)
			return rc;
	}
	if (md->route == ROUTE_OTHER_AGENCY) {
		struct signpost s = {
			.contact = CONTACT_COMPLAINTS_OFFICER,
			.other_agency = true,
			.agency = md->agency,
			.agency_name = md->agency_name,
			.rule_id = "SIGN-OTHER-AGENCY",
		};
		rc = push_signpost(m, &s);
		if (rc != CWYN_OK)
			return rc;
	}
	if (may_look(md->ombudsman)) {
		rc = sign_contact(m, CONTACT_PSOW, "SIGN-PSOW");
		if (rc != CWYN_OK)
			return rc;
	}
	if (is_family(f->complainant.relationship)) {
		rc = sign_contact(m, CONTACT_FRG, "SIGN-FRG");
		if (rc != CWYN_OK)
			return rc;
	}
	/* The Commissioner cannot take part in legal proceedings (§4.1), so
	 * a matter excluded for the court is not sent there. */
	if (md->route != ROUTE_EXCLUDED_COURT) {
		const char *rule = NULL;
		for (size_t k = 0; k < f->n_children && rule == NULL; k++) {
			const struct facts_child *ch = &f->children[k];
			rule = ccfw_rule(st, ch->age, ch->looked_after,
			                 ch->in_education);
		}
		if (f->n_children == 0 &&
		    f->complainant.relationship == REL_CHILD)
			rule = ccfw_rule(st, f->complainant.age, false, false);
		if (rule != NULL) {
			rc = sign_contact(m, CONTACT_CCFW, rule);
			if (rc != CWYN_OK)
				return rc;
		}
	}
	if (f->complainant.relationship == REL_CHILD) {
		rc = sign_contact(m, CONTACT_ADVOCACY, "SIGN-ADVOCACY-CHILD");
		if (rc == CWYN_OK)
			rc = sign_contact(m, CONTACT_CRO, "SIGN-CRO");
	}
	return rc;
}

/* ---- Court (decision 5) ------------------------------------------------- */

static enum cwyn_code exclude_for_court(struct mctx *m, const char *rule,
                                        enum verdict council,
                                        enum verdict ombudsman)
{
	m->md->route = ROUTE_EXCLUDED_COURT;
	m->md->council = council;
	m->md->ombudsman = ombudsman;
	return add_reason(m, rule);
}

/* The court exclusions that follow from the subject alone. Sets *done
 * when the matter has been routed. */
static enum cwyn_code court_by_subject(struct mctx *m, bool *done)
{
	const struct facts_matter *fm = m->fm;
	*done = true;
	if (fm->subject == SUBJ_DECISION_TO_START_PROCEEDINGS)
		return exclude_for_court(m, "COURT-DECISION-TO-START",
		                         VERDICT_NO, VERDICT_NO);
	if (fm->subject == SUBJ_COURT_DECISION || fm->court.dealt_with)
		return exclude_for_court(m, "COURT-DEALT-WITH", VERDICT_NO,
		                         VERDICT_NO);
	if (fm->subject == SUBJ_INACCURATE_REPORT && fm->court.report_for_court)
		return exclude_for_court(m, "COURT-REPORT-FOR-COURT",
		                         VERDICT_NO, VERDICT_NO);
	*done = false;
	return CWYN_OK;
}

enum court_position { POS_BEFORE, POS_DURING, POS_AFTER, POS_UNKNOWN };

static enum court_position court_position(const struct facts_matter *fm)
{
	cwyn_day ev = fm->event, st = fm->court.started, en = fm->court.ended;
	if (ev == CWYN_DAY_NONE || st == CWYN_DAY_NONE)
		return POS_UNKNOWN;
	if (ev < st)
		return POS_BEFORE;
	if (fm->court.status == COURT_ONGOING)
		return POS_DURING;
	if (en == CWYN_DAY_NONE)
		return POS_UNKNOWN;
	return ev <= en ? POS_DURING : POS_AFTER;
}

/*
 * A council matter while there are (or were) proceedings: before and after
 * go on as council matters with the Ombudsman at most "possible"; during is
 * excluded unless the court agreed. An unknown position is treated as
 * during — the safe reading — and said so.
 */
static enum cwyn_code court_by_timing(struct mctx *m, bool *done)
{
	const struct facts_matter *fm = m->fm;
	enum cwyn_code rc;
	*done = false;
	if (fm->court.status == COURT_NONE)
		return CWYN_OK;
	enum court_position pos = court_position(fm);
	if (pos == POS_BEFORE) {
		m->omb_cap = VERDICT_POSSIBLE;
		return add_reason(m, "COURT-BEFORE");
	}
	if (pos == POS_AFTER) {
		m->omb_cap = VERDICT_POSSIBLE;
		return add_reason(m, "COURT-AFTER");
	}
	if (pos == POS_UNKNOWN) {
		rc = add_reason(m, "COURT-DATES-UNKNOWN");
		if (rc != CWYN_OK)
			return rc;
	}
	if (fm->court.court_agreed) {
		m->omb_cap = VERDICT_POSSIBLE;
		return add_reason(m, "COURT-DURING-AGREED");
	}
	*done = true;
	/* While proceedings go on, the council (and then the Ombudsman) may
	 * look later or with the court's agreement; once they are over, what
	 * arose during them stays with the court. */
	enum verdict v = fm->court.status == COURT_ONGOING ? VERDICT_NOT_YET
	                                                   : VERDICT_NO;
	return exclude_for_court(m, "COURT-DURING", v, v);
}

/* ---- Conference functioning (decision 3, 9, 10) ------------------------- */

static enum cwyn_code decide_conference(struct mctx *m)
{
	const struct facts *f = m->c->f;
	const struct facts_matter *fm = m->fm;
	const struct policy_settings *st = &m->c->p->settings;
	struct matter_decision *md = m->md;
	struct deadline *dl;
	enum cwyn_code rc;

	md->route = ROUTE_CONFERENCE_CHAIR;
	md->council = VERDICT_NO;
	md->ombudsman = VERDICT_NO;
	const char *const base[] = {"CONF-SCOPE", "CONF-NOT-COUNCIL-PROCEDURE",
	                            "CONF-NOT-OMBUDSMAN"};
	for (size_t k = 0; k < sizeof base / sizeof base[0]; k++) {
		rc = add_reason(m, base[k]);
		if (rc != CWYN_OK)
			return rc;
	}

	/* Receipt by the council counts as much as receipt by the chair, so
	 * the earlier of the two is what the window is checked against. */
	cwyn_day receipt = earlier_of(fm->chair_received, f->received);
	bool by_council = f->received != CWYN_DAY_NONE &&
	                  (fm->chair_received == CWYN_DAY_NONE ||
	                   f->received < fm->chair_received);

	if (fm->minutes_sent != CWYN_DAY_NONE) {
		rc = add_deadline(m, TS_CONF_COMPLAINT, "CONF-DEADLINE-14WD",
		                  fm->minutes_sent, false, "minutes_sent", &dl);
		if (rc == CWYN_OK)
			rc = add_reason(m, "CONF-DEADLINE-14WD");
		if (rc != CWYN_OK)
			return rc;
		if (receipt != CWYN_DAY_NONE) {
			status_limit(dl, receipt);
			if (by_council) {
				rc = add_reason(m, "CONF-RECEIPT-BY-COUNCIL");
				if (rc != CWYN_OK)
					return rc;
			}
		} else {
			/* Not received yet: still open, or already too late. */
			dl->compared_with = f->as_of;
			dl->status = f->as_of > dl->derivation.result ? DL_LATE
			                                              : DL_OPEN;
		}
		if (dl->status == DL_LATE) {
			md->late = true;
			const char *rule = "CONF-LATE-CHAIR-DISCRETION";
			if (st->late_conference == LATE_REFUSE)
				rule = "CONF-LATE-REFUSED";
			else if (st->late_conference == LATE_ACCEPT)
				rule = "CONF-LATE-ACCEPTED";
			rc = add_reason(m, rule);
			if (rc != CWYN_OK)
				return rc;
		}
	} else {
		rc = add_reason(m, "CONF-MINUTES-DATE-UNKNOWN");
		if (rc != CWYN_OK)
			return rc;
	}

	rc = add_reason(m, "CONF-AGREE-SIGN");
	if (rc == CWYN_OK)
		rc = add_reason(m, "CONF-SENIOR-MANAGER");
	if (rc != CWYN_OK)
		return rc;

	/* The chair's attempt to resolve runs from receipt until the chair
	 * reports it unresolved. */
	if (fm->conference_stage != CONFSTAGE_CHAIR_UNRESOLVED) {
		rc = add_reason(m, "CONF-CHAIR-7D");
		if (rc != CWYN_OK)
			return rc;
		if (receipt != CWYN_DAY_NONE) {
			rc = add_deadline(m, TS_CONF_CHAIR_RESOLVE,
			                  "CONF-CHAIR-7D", receipt, false,
			                  fm->chair_received != CWYN_DAY_NONE &&
			                          !by_council
			                      ? "chair_received"
			                      : "received",
			                  &dl);
			if (rc != CWYN_OK)
				return rc;
			status_step(dl, CWYN_DAY_NONE, f->as_of);
		}
	}

	/* Minutes: informational, and the start of the complainant's window. */
	if (fm->conference_held != CWYN_DAY_NONE) {
		const enum ts_id mts[] = {TS_MINUTES_SUMMARY, TS_MINUTES_FULL};
		for (size_t k = 0; k < 2; k++) {
			rc = add_deadline(m, mts[k], "CONF-MINUTES-TIMING",
			                  fm->conference_held, false,
			                  "conference_held", &dl);
			if (rc != CWYN_OK)
				return rc;
			if (fm->minutes_sent != CWYN_DAY_NONE) {
				status_step(dl, fm->minutes_sent, f->as_of);
			} else {
				dl->status = DL_OPEN;
				dl->compared_with = f->as_of;
			}
		}
		rc = add_reason(m, "CONF-MINUTES-TIMING");
		if (rc != CWYN_OK)
			return rc;
	}

	if (fm->conference_stage == CONFSTAGE_CHAIR_UNRESOLVED) {
		if (fm->wants_panel) {
			md->route = ROUTE_SAFEGUARDING_PANEL;
			rc = add_reason(m, "CONF-PANEL");
			if (rc == CWYN_OK)
				rc = add_reason(m, "OMB-NO-CONFERENCE");
		} else {
			rc = add_reason(m, "CONF-PANEL-OFFER");
		}
	}
	return rc;
}

/* ---- Ombudsman time limit (D11) ---------------------------------------- */

/* The Ombudsman's one year, from first notice (awareness, else the event),
 * as information; a lapsed limit turns "yes" into "possible". */
static enum cwyn_code psow_time_limit(struct mctx *m)
{
	const struct facts_matter *fm = m->fm;
	struct deadline *dl = NULL; /* set by add_deadline; gcc -O3 cannot see that */
	cwyn_day start = fm->awareness;
	const char *field = "awareness";
	if (start == CWYN_DAY_NONE) {
		start = fm->event;
		field = "event";
	}
	if (start == CWYN_DAY_NONE)
		return CWYN_OK;
	enum cwyn_code rc = add_deadline(m, TS_PSOW_TIME_LIMIT, "OMB-TIME-1Y",
	                                 start, false, field, &dl);
	if (rc != CWYN_OK)
		return rc;
	status_limit(dl, m->c->f->as_of);
	rc = add_reason(m, "OMB-TIME-1Y");
	if (rc != CWYN_OK)
		return rc;
	if (dl->status == DL_LATE && m->md->ombudsman == VERDICT_YES) {
		m->md->ombudsman = VERDICT_POSSIBLE;
		rc = add_reason(m, "OMB-TIME-LATE-DISCRETION");
	}
	return rc;
}

/* ---- Another agency (decision 4) --------------------------------------- */

static enum cwyn_code decide_other_agency(struct mctx *m)
{
	const struct facts_matter *fm = m->fm;
	struct matter_decision *md = m->md;
	enum cwyn_code rc;

	md->route = ROUTE_OTHER_AGENCY;
	md->council = VERDICT_NO;
	md->ombudsman = VERDICT_NO;
	rc = add_reason(m, "AGENCY-WORKER");
	if (rc != CWYN_OK)
		return rc;
	if (fm->agency == AGENCY_HEALTH || fm->agency == AGENCY_OTHER_COUNCIL) {
		md->ombudsman = fm->agency_procedure_done ? VERDICT_YES
		                                          : VERDICT_NOT_YET;
		rc = add_reason(m, fm->agency == AGENCY_HEALTH
		                       ? "AGENCY-HEALTH-OMBUDSMAN"
		                       : "AGENCY-OTHER-COUNCIL");
		if (rc == CWYN_OK)
			rc = psow_time_limit(m);
	}
	return rc;
}

/* ---- The council's own procedure (decision 2) -------------------------- */

/* The complaint-level acknowledgement clock, worked out once. */
static enum cwyn_code ack_clock(struct ctx *c)
{
	if (c->ack_done)
		return CWYN_OK;
	c->ack_done = true;
	if (c->f->received == CWYN_DAY_NONE) {
		c->start_unknown = true;
		return CWYN_OK;
	}
	enum cwyn_code rc = derive(c, TS_ACK, "CLOCK-ACK-2WD", c->f->received,
	                           false, "received", &c->ack);
	if (rc != CWYN_OK)
		return rc;
	c->ack_known = true;
	return CWYN_OK;
}

static enum cwyn_code council_time_limit(struct mctx *m)
{
	const struct facts *f = m->c->f;
	const struct facts_matter *fm = m->fm;
	struct deadline *dl;
	enum cwyn_code rc;

	cwyn_day start = later_of(fm->event, fm->awareness);
	if (start == CWYN_DAY_NONE)
		return add_reason(m, "COUNCIL-TIME-UNKNOWN");
	rc = add_deadline(m, TS_COMPLAINT_TIME_LIMIT, "COUNCIL-TIME-12M", start,
	                  false, start == fm->awareness ? "awareness" : "event",
	                  &dl);
	if (rc != CWYN_OK)
		return rc;
	status_limit(dl, f->received != CWYN_DAY_NONE ? f->received : f->as_of);
	rc = add_reason(m, "COUNCIL-TIME-12M");
	if (rc != CWYN_OK)
		return rc;
	if (dl->status == DL_LATE) {
		m->md->late = true;
		m->md->council = min_verdict(m->md->council, VERDICT_POSSIBLE);
		rc = add_reason(m, "COUNCIL-TIME-LATE-DISCRETION");
	}
	return rc;
}

/* Stage 2's clock: from the request (or, by policy, the agreed summary,
 * which is not a fact we hold: the request stands in for it). */
static enum cwyn_code stage2_clock(struct mctx *m, bool requesting_now,
                                   bool *missed)
{
	const struct facts *f = m->c->f;
	const struct facts_matter *fm = m->fm;
	const struct policy_timescale *t = &m->c->p->timescales[TS_S2_RESPONSE];
	struct deadline *dl;
	enum cwyn_code rc;

	rc = add_reason(m, "CLOCK-S2-RESPONSE-25WD");
	if (rc != CWYN_OK)
		return rc;
	cwyn_day start = fm->stage2_requested;
	bool assumed = false;
	if (start == CWYN_DAY_NONE && requesting_now) {
		start = f->as_of;
		assumed = true;
	}
	if (start == CWYN_DAY_NONE ||
	    (fm->council_stage == CSTAGE_2_ANSWERED &&
	     fm->stage2_answered == CWYN_DAY_NONE))
		return add_reason(m, "CLOCK-START-UNKNOWN");
	if (t->from == EV_STAGE2_SUMMARY_AGREED) {
		assumed = true;
		rc = add_reason(m, "CLOCK-S2-FROM-SUMMARY");
		if (rc != CWYN_OK)
			return rc;
	}
	rc = add_deadline(m, TS_S2_RESPONSE, "CLOCK-S2-RESPONSE-25WD", start,
	                  assumed, assumed && fm->stage2_requested == CWYN_DAY_NONE
	                               ? "as_of"
	                               : "stage2_requested",
	                  &dl);
	if (rc != CWYN_OK)
		return rc;
	status_step(dl, fm->stage2_answered, f->as_of);
	*missed = dl->status == DL_MISSED;
	return CWYN_OK;
}

/* Stage 1's discussion clock, from the acknowledgement (assumed on time
 * when none has been sent yet). */
static enum cwyn_code stage1_clock(struct mctx *m, bool *missed)
{
	struct ctx *c = m->c;
	const struct facts_matter *fm = m->fm;
	struct deadline *dl;
	enum cwyn_code rc;

	rc = add_reason(m, "CLOCK-S1-DISCUSSION-10WD");
	if (rc != CWYN_OK)
		return rc;
	cwyn_day start = fm->acknowledged;
	bool assumed = false;
	if (start == CWYN_DAY_NONE && c->ack_known) {
		start = c->ack.derivation.result;
		assumed = true;
	}
	/* Answered, but we do not know when: nothing to compare. */
	if (fm->council_stage == CSTAGE_1_ANSWERED &&
	    fm->stage1_answered == CWYN_DAY_NONE)
		return CWYN_OK;
	if (start == CWYN_DAY_NONE)
		return add_reason(m, "CLOCK-START-UNKNOWN");
	rc = add_deadline(m, TS_S1_DISCUSSION, "CLOCK-S1-DISCUSSION-10WD",
	                  start, assumed, assumed ? "received" : "acknowledged",
	                  &dl);
	if (rc != CWYN_OK)
		return rc;
	status_step(dl, fm->stage1_answered, c->f->as_of);
	*missed = dl->status == DL_MISSED;
	return CWYN_OK;
}

/* Was the acknowledgement (reg 15) late or is it overdue for this matter?
 * Beyond Stage 1 an unrecorded acknowledgement is unknown, not missing. */
static bool ack_missed(struct mctx *m)
{
	struct ctx *c = m->c;
	const struct facts_matter *fm = m->fm;
	if (!c->ack_known)
		return false;
	cwyn_day due = c->ack.derivation.result;
	if (fm->acknowledged != CWYN_DAY_NONE)
		return fm->acknowledged > due;
	return fm->council_stage < CSTAGE_1_ANSWERED && c->f->as_of > due;
}

static enum cwyn_code decide_council(struct mctx *m)
{
	const struct facts *f = m->c->f;
	const struct facts_matter *fm = m->fm;
	struct matter_decision *md = m->md;
	enum cwyn_code rc;
	bool missed = false, s_missed = false;
	bool resolved = false; /* nothing further owed by the council */

	m->c->any_council_matter = true;
	md->council = VERDICT_YES;
	rc = add_reason(m, "COUNCIL-SCOPE");
	if (rc == CWYN_OK && fm->subject == SUBJ_STAFF_CONDUCT &&
	    fm->worker_attended_conference)
		rc = add_reason(m, "AGENCY-OWN-STAFF");
	if (rc != CWYN_OK)
		return rc;
	/* Someone neither affected nor acting for the child: the council
	 * decides whether it can consider the complaint (reg 9). */
	if (!f->complainant.personally_affected &&
	    f->complainant.relationship == REL_OTHER) {
		md->council = VERDICT_POSSIBLE;
		rc = add_reason(m, "WHO-NOT-AFFECTED");
		if (rc != CWYN_OK)
			return rc;
	}
	rc = council_time_limit(m);
	if (rc != CWYN_OK)
		return rc;
	rc = ack_clock(m->c);
	if (rc != CWYN_OK)
		return rc;

	switch (fm->council_stage) {
	case CSTAGE_NONE:
	case CSTAGE_1_OPEN:
		if (fm->wants_stage2) {
			md->route = ROUTE_COUNCIL_STAGE2;
			rc = add_reason(m, "COUNCIL-STAGE2-ON-REQUEST");
			if (rc == CWYN_OK)
				rc = stage2_clock(m, true, &s_missed);
		} else {
			md->route = ROUTE_COUNCIL_STAGE1;
			rc = add_reason(m, "COUNCIL-STAGE1");
			if (rc == CWYN_OK)
				rc = stage1_clock(m, &s_missed);
			if (rc == CWYN_OK)
				rc = add_reason(m, "CLOCK-S1-RESOLUTION-5WD");
		}
		break;
	case CSTAGE_1_ANSWERED:
		rc = stage1_clock(m, &s_missed);
		if (rc != CWYN_OK)
			break;
		if (fm->still_dissatisfied || fm->wants_stage2) {
			md->route = ROUTE_COUNCIL_STAGE2;
			/* Stage 1 lies behind: only Stage 2 is owed now. */
			s_missed = false;
			rc = add_reason(m, "COUNCIL-STAGE2-RIGHT");
			if (rc == CWYN_OK)
				rc = stage2_clock(m, true, &s_missed);
		} else {
			md->route = ROUTE_COUNCIL_STAGE1;
			resolved = true;
			rc = add_reason(m, "COUNCIL-STAGE1-RESOLVED");
			if (rc == CWYN_OK)
				rc = add_reason(m, "CLOCK-S1-RESOLUTION-5WD");
		}
		break;
	case CSTAGE_2_OPEN:
		md->route = ROUTE_COUNCIL_STAGE2;
		rc = add_reason(m, "COUNCIL-STAGE2-UNDER-WAY");
		if (rc == CWYN_OK)
			rc = stage2_clock(m, false, &s_missed);
		break;
	case CSTAGE_2_ANSWERED:
	default:
		resolved = true;
		rc = stage2_clock(m, false, &s_missed);
		if (rc != CWYN_OK)
			break;
		if (fm->still_dissatisfied) {
			md->route = ROUTE_OMBUDSMAN;
		} else {
			md->route = ROUTE_COUNCIL_STAGE2;
			rc = add_reason(m, "COUNCIL-STAGE2-CLOSED");
		}
		break;
	}
	if (rc != CWYN_OK)
		return rc;

	/* The Ombudsman: after Stage 2, or now if the council is delaying. */
	if (fm->council_stage == CSTAGE_2_ANSWERED) {
		md->ombudsman = VERDICT_YES;
		rc = add_reason(m, "OMB-AFTER-COUNCIL");
	} else {
		missed = !resolved && (ack_missed(m) || s_missed);
		bool delaying = !resolved && (fm->council_delaying || missed);
		if (delaying && fm->extension_agreed) {
			delaying = false;
			rc = add_reason(m, "COUNCIL-EXTENSION-AGREED");
			if (rc != CWYN_OK)
				return rc;
		}
		if (delaying) {
			md->ombudsman = VERDICT_YES;
			rc = add_reason(m, "OMB-COUNCIL-DELAY");
		} else {
			md->ombudsman = VERDICT_NOT_YET;
			rc = add_reason(m, "OMB-PREMATURE");
		}
	}
	if (rc != CWYN_OK)
		return rc;
	md->ombudsman = min_verdict(md->ombudsman, m->omb_cap);
	return psow_time_limit(m);
}

/* ---- One matter --------------------------------------------------------- */

static enum cwyn_code decide_matter(struct ctx *c, size_t i)
{
	const struct facts_matter *fm = &c->f->matters[i];
	struct matter_decision *md = &c->d->matters[i];
	struct arena *a = &c->d->arena;
	struct mctx m = {
		.c = c, .i = i, .fm = fm, .md = md, .omb_cap = VERDICT_YES,
	};
	enum cwyn_code rc;
	bool done = false;

	md->matter_id = fm->id != NULL ? arena_strdup(a, fm->id)
	                               : arena_printf(a, "m%zu", i + 1);
	md->agency = fm->agency;
	md->agency_name =
	    fm->agency_name != NULL ? arena_strdup(a, fm->agency_name) : NULL;
	md->reasons = arena_calloc(a, MAX_REASONS, sizeof *md->reasons);
	md->deadlines = arena_calloc(a, MAX_DEADLINES, sizeof *md->deadlines);
	md->signposts = arena_calloc(a, MAX_SIGNPOSTS, sizeof *md->signposts);
	if (md->matter_id == NULL || md->reasons == NULL ||
	    md->deadlines == NULL || md->signposts == NULL ||
	    (fm->agency_name != NULL && md->agency_name == NULL))
		return cwyn_fail(c->err, CWYN_ENOMEM, "", "out of memory");

	/* 1. Safeguarding first; the route is still decided. */
	md->alert = c->risk_all || fm->at_risk_now;
	if (md->alert) {
		rc = add_reason(&m, "SAFE-RISK-NOW");
		if (rc != CWYN_OK)
			return rc;
	}

	/* 2. Court exclusions that follow from the subject. */
	rc = court_by_subject(&m, &done);
	if (rc != CWYN_OK || done)
		goto signposts;

	/* 3. How a conference worked: whoever's worker, it is the chair's. */
	if (is_conference_subject(fm->subject)) {
		rc = decide_conference(&m);
		goto signposts;
	}

	/* 4. Another agency's worker or service. */
	if (fm->agency != AGENCY_COUNCIL) {
		rc = decide_other_agency(&m);
		goto signposts;
	}

	/* 5. The council's own work, after placing it against any court
	 * proceedings. */
	rc = court_by_timing(&m, &done);
	if (rc != CWYN_OK || done)
		goto signposts;
	rc = decide_council(&m);

signposts:
	if (rc != CWYN_OK)
		return rc;
	return signpost_matter(&m);
}

/* ---- The whole complaint ------------------------------------------------ */

static enum cwyn_code who_reasons(struct ctx *c)
{
	const struct facts_complainant *cp = &c->f->complainant;
	enum cwyn_code rc = CWYN_OK;
	if (cp->relationship == REL_CHILD)
		rc = add_c_reason(c, "WHO-CHILD-OWN-RIGHT");
	if (rc != CWYN_OK)
		return rc;
	if (cp->relationship == REL_ADVOCATE ||
	    (!cp->personally_affected && is_family(cp->relationship)))
		return add_c_reason(c, "WHO-REPRESENTATIVE");
	if (cp->personally_affected)
		return add_c_reason(c, "WHO-PERSONAL");
	if (cp->relationship == REL_OTHER)
		return add_c_reason(c, "WHO-NOT-AFFECTED");
	return CWYN_OK;
}

/* The acknowledgement deadline belongs to the complaint; it is met by the
 * first acknowledgement sent for any of its council matters. */
static void finish_ack(struct ctx *c)
{
	cwyn_day first = CWYN_DAY_NONE;
	for (size_t i = 0; i < c->f->n_matters; i++)
		first = earlier_of(first, c->f->matters[i].acknowledged);
	status_step(&c->ack, first, c->f->as_of);
	c->d->deadlines[c->d->n_deadlines++] = c->ack;
}

static enum cwyn_code union_signposts(struct ctx *c)
{
	struct decision *d = c->d;
	size_t cap = 0;
	for (size_t i = 0; i < d->n_matters; i++)
		cap += d->matters[i].n_signposts;
	if (cap == 0)
		return CWYN_OK;
	d->signposts = arena_calloc(&d->arena, cap, sizeof *d->signposts);
	if (d->signposts == NULL)
		return cwyn_fail(c->err, CWYN_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < d->n_matters; i++) {
		const struct matter_decision *md = &d->matters[i];
		for (size_t k = 0; k < md->n_signposts; k++) {
			bool seen = false;
			for (size_t j = 0; j < d->n_signposts && !seen; j++)
				seen = same_signpost(&d->signposts[j],
				                     &md->signposts[k]);
			if (!seen)
				d->signposts[d->n_signposts++] = md->signposts[k];
		}
	}
	return CWYN_OK;
}

enum cwyn_code triage_decide(const struct facts *f, const struct policy *p,
                             const struct calendar *cal, struct decision **out,
                             struct cwyn_error *err)
{
	enum cwyn_code rc;
	struct decision *d = NULL;

	if (out == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "", "no place for the decision");
	*out = NULL;
	if (p == NULL || cal == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "",
		                 "a policy and a calendar are required");
	rc = facts_validate(f, err);
	if (rc != CWYN_OK)
		return rc;

	d = calloc(1, sizeof *d);
	if (d == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	arena_init(&d->arena, 0);
	d->as_of = f->as_of;

	struct ctx c = {.f = f, .p = p, .cal = cal, .d = d, .err = err};
	c.risk_all = f->at_risk_now;
	for (size_t k = 0; k < f->n_children; k++)
		c.risk_all = c.risk_all || f->children[k].at_risk_now;

	d->n_matters = f->n_matters;
	d->matters = arena_calloc(&d->arena, f->n_matters, sizeof *d->matters);
	d->reasons = arena_calloc(&d->arena, MAX_C_REASONS, sizeof *d->reasons);
	d->deadlines =
	    arena_calloc(&d->arena, MAX_C_DEADLINES, sizeof *d->deadlines);
	d->alert_reasons = arena_calloc(&d->arena, 1, sizeof *d->alert_reasons);
	if (d->matters == NULL || d->reasons == NULL || d->deadlines == NULL ||
	    d->alert_reasons == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
		goto err;
	}

	rc = who_reasons(&c);
	if (rc != CWYN_OK)
		goto err;

	bool council_takes_some = false;
	for (size_t i = 0; i < f->n_matters; i++) {
		rc = decide_matter(&c, i);
		if (rc != CWYN_OK)
			goto err;
		if (d->matters[i].alert)
			d->safeguarding_alert = true;
		if (d->matters[i].council != VERDICT_NO)
			council_takes_some = true;
	}
	/* Reg 15(3)'s written record belongs to the council's procedure; a
	 * conference-only oral complaint is covered by CONF-AGREE-SIGN. */
	if (f->channel == CHANNEL_ORAL && council_takes_some) {
		rc = add_c_reason(&c, "COUNCIL-ORAL-RECORD");
		if (rc != CWYN_OK)
			goto err;
	}
	if (d->safeguarding_alert)
		d->alert_reasons[d->n_alert_reasons++] = "SAFE-RISK-NOW";

	if (c.any_council_matter && c.ack_known) {
		finish_ack(&c);
		rc = add_c_reason(&c, "CLOCK-ACK-2WD");
	} else if (c.any_council_matter && c.start_unknown) {
		rc = add_c_reason(&c, "CLOCK-START-UNKNOWN");
	}
	if (rc == CWYN_OK && c.any_working_days)
		rc = add_c_reason(&c, "CAL-WORKING-DAY");
	if (rc != CWYN_OK)
		goto err;

	/* A mixed complaint is split, never rejected whole (decision 6). */
	d->overall = d->matters[0].route;
	for (size_t i = 1; i < d->n_matters; i++)
		if (d->matters[i].route != d->overall)
			d->overall = ROUTE_SPLIT;
	if (d->overall == ROUTE_SPLIT) {
		rc = add_c_reason(&c, "SPLIT-MIXED");
		if (rc != CWYN_OK)
			goto err;
	}

	rc = union_signposts(&c);
	if (rc != CWYN_OK)
		goto err;
	*out = d;
	return CWYN_OK;

err:
	decision_free(d);
	return rc;
}

void decision_free(struct decision *d)
{
	if (d == NULL)
		return;
	arena_free(&d->arena);
	free(d);
}
