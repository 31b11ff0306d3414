/*
 * facts.c — neutral defaults for the facts of a complaint, and the checks
 * that need no policy: sizes, enum ranges, ages, dates inside the calendar
 * years, impossible orders of dates and inconsistent combinations.
 *
 * Validation refuses rather than repairs: the first problem found is
 * reported with the path of the field ("matters[1].minutes_sent"), so the
 * caller can show the person entering the facts exactly what to correct.
 */
#include "triage.h"

#include <stdio.h>
#include <string.h>

/* Messages are fixed strings so the presentation layer can translate them
 * with _(); the N_ marks let xgettext find them (po/POTFILES lists this
 * file) without core depending on src/i18n. */
#ifndef N_
#define N_(s) (s)
#endif

/* The limits also appear in the messages below, which must stay fixed
 * strings for translation. */
#define FACTS_MAX_MATTERS 50
#define FACTS_MAX_CHILDREN 20
#define FACTS_MAX_AGE 120

void facts_init(struct facts *f)
{
	memset(f, 0, sizeof *f);
	f->as_of = CWYN_DAY_NONE;
	f->received = CWYN_DAY_NONE;
	f->channel = CHANNEL_WRITTEN;
	f->complainant.relationship = REL_PARENT;
	f->complainant.age = -1;
	f->complainant.personally_affected = true;
	f->complainant.language = LANG_EN;
}

void facts_matter_init(struct facts_matter *m)
{
	memset(m, 0, sizeof *m);
	m->subject = SUBJ_OTHER_SERVICE;
	m->agency = AGENCY_COUNCIL;
	m->event = CWYN_DAY_NONE;
	m->awareness = CWYN_DAY_NONE;
	m->conference_held = CWYN_DAY_NONE;
	m->minutes_sent = CWYN_DAY_NONE;
	m->chair_received = CWYN_DAY_NONE;
	m->court.status = COURT_NONE;
	m->court.started = CWYN_DAY_NONE;
	m->court.ended = CWYN_DAY_NONE;
	m->council_stage = CSTAGE_NONE;
	m->acknowledged = CWYN_DAY_NONE;
	m->stage1_answered = CWYN_DAY_NONE;
	m->stage2_requested = CWYN_DAY_NONE;
	m->stage2_answered = CWYN_DAY_NONE;
	m->conference_stage = CONFSTAGE_NONE;
}

void facts_child_init(struct facts_child *c)
{
	memset(c, 0, sizeof *c);
	c->age = -1;
}

static bool is_conference_subject(enum matter_subject s)
{
	return s >= SUBJ_CONFERENCE_PROCESS && s <= SUBJ_DEREGISTRATION;
}

static bool is_court_subject(enum matter_subject s)
{
	return s == SUBJ_DECISION_TO_START_PROCEEDINGS ||
	       s == SUBJ_COURT_DECISION;
}

/* Field paths are built into a small buffer; 96 bytes is the size of
 * cwyn_error.field, and "matters[49].court.started" fits easily. */
struct path {
	char buf[96];
};

static const char *mpath(struct path *p, size_t i, const char *field)
{
	snprintf(p->buf, sizeof p->buf, "matters[%zu].%s", i, field);
	return p->buf;
}

static const char *cpath(struct path *p, size_t i, const char *field)
{
	snprintf(p->buf, sizeof p->buf, "children[%zu].%s", i, field);
	return p->buf;
}

/* A date is either unknown or inside the years the calendar can count. */
static enum cwyn_code check_day(cwyn_day d, const char *field,
                                struct cwyn_error *err)
{
	if (d == CWYN_DAY_NONE)
		return CWYN_OK;
	/* Compared as day numbers so that a wild value cannot overflow the
	 * civil-date conversion. */
	if (d < date_from_ymd(CAL_FIRST_YEAR, 1, 1) ||
	    d > date_from_ymd(CAL_LAST_YEAR, 12, 31))
		return cwyn_fail(err, CWYN_ERANGE, field, "%s",
		                 N_("is outside the years the calendar knows "
		                    "(1995-2100)"));
	return CWYN_OK;
}

/* later must not be before earlier, when both are known. */
static enum cwyn_code check_order(cwyn_day earlier, cwyn_day later,
                                  const char *later_field, const char *msg,
                                  struct cwyn_error *err)
{
	if (earlier == CWYN_DAY_NONE || later == CWYN_DAY_NONE)
		return CWYN_OK;
	if (later < earlier)
		return cwyn_fail(err, CWYN_EINVAL, later_field, "%s", msg);
	return CWYN_OK;
}

static enum cwyn_code check_not_future(cwyn_day d, cwyn_day as_of,
                                       const char *field,
                                       struct cwyn_error *err)
{
	if (d != CWYN_DAY_NONE && d > as_of)
		return cwyn_fail(err, CWYN_EINVAL, field, "%s",
		                 N_("cannot be after the date of the decision "
		                    "(as_of)"));
	return CWYN_OK;
}

static enum cwyn_code check_age(int age, const char *field,
                                struct cwyn_error *err)
{
	if (age < -1 || age > FACTS_MAX_AGE)
		return cwyn_fail(err, CWYN_ERANGE, field, "%s",
		                 N_("must be -1 (unknown) or an age from 0 to "
		                    "120"));
	return CWYN_OK;
}

static enum cwyn_code validate_child(const struct facts_child *c, size_t i,
                                     struct cwyn_error *err)
{
	struct path p;
	return check_age(c->age, cpath(&p, i, "age"), err);
}

/* Every date of a matter, with its field name, for the range and
 * "not after as_of" checks. */
struct named_day {
	const char *field;
	cwyn_day day;
};

static enum cwyn_code validate_matter(const struct facts *f, size_t i,
                                      struct cwyn_error *err)
{
	const struct facts_matter *m = &f->matters[i];
	struct path p;
	enum cwyn_code rc;

	if ((unsigned)m->subject >= SUBJ__MAX)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "subject"),
		                 "%s", N_("unknown subject"));
	if ((unsigned)m->agency >= AGENCY__MAX)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "agency"),
		                 "%s", N_("unknown agency"));
	if ((unsigned)m->court.status >= COURT__MAX)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "court.status"),
		                 "%s", N_("unknown court status"));
	if ((unsigned)m->council_stage >= CSTAGE__MAX)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "council_stage"),
		                 "%s", N_("unknown council stage"));
	if ((unsigned)m->conference_stage >= CONFSTAGE__MAX)
		return cwyn_fail(err, CWYN_EINVAL,
		                 mpath(&p, i, "conference_stage"),
		                 "%s", N_("unknown conference stage"));
	if (m->categories >= (1u << CAT__MAX))
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "categories"),
		                 "%s", N_("unknown registration category"));

	/* Two matters with one label would make the decision ambiguous. */
	if (m->id != NULL) {
		for (size_t j = 0; j < i; j++) {
			if (f->matters[j].id != NULL &&
			    strcmp(f->matters[j].id, m->id) == 0)
				return cwyn_fail(err, CWYN_EINVAL,
				                 mpath(&p, i, "id"),
				                 "%s",
				                 N_("repeats the id of an earlier "
				                    "matter"));
		}
	}

	const struct named_day days[] = {
		{"event", m->event},
		{"awareness", m->awareness},
		{"conference_held", m->conference_held},
		{"minutes_sent", m->minutes_sent},
		{"chair_received", m->chair_received},
		{"court.started", m->court.started},
		{"court.ended", m->court.ended},
		{"acknowledged", m->acknowledged},
		{"stage1_answered", m->stage1_answered},
		{"stage2_requested", m->stage2_requested},
		{"stage2_answered", m->stage2_answered},
	};
	for (size_t k = 0; k < sizeof days / sizeof days[0]; k++) {
		rc = check_day(days[k].day, mpath(&p, i, days[k].field), err);
		if (rc != CWYN_OK)
			return rc;
		rc = check_not_future(days[k].day, f->as_of,
		                      mpath(&p, i, days[k].field), err);
		if (rc != CWYN_OK)
			return rc;
	}

	/* Impossible orders. Stage 2 may be asked for at any time (reg 15(4)),
	 * so its request is only checked against receipt. */
	struct order {
		cwyn_day earlier, later;
		const char *later_field, *msg;
	} orders[] = {
		{m->event, m->awareness, "awareness",
		 N_("cannot be before the event")},
		{m->conference_held, m->minutes_sent, "minutes_sent",
		 N_("cannot be before the conference was held")},
		{m->conference_held, m->chair_received, "chair_received",
		 N_("cannot be before the conference was held")},
		{f->received, m->acknowledged, "acknowledged",
		 N_("cannot be before the complaint was received")},
		{f->received, m->stage1_answered, "stage1_answered",
		 N_("cannot be before the complaint was received")},
		{m->acknowledged, m->stage1_answered, "stage1_answered",
		 N_("cannot be before the acknowledgement")},
		{f->received, m->stage2_requested, "stage2_requested",
		 N_("cannot be before the complaint was received")},
		{m->stage2_requested, m->stage2_answered, "stage2_answered",
		 N_("cannot be before Stage 2 was requested")},
		{f->received, m->stage2_answered, "stage2_answered",
		 N_("cannot be before the complaint was received")},
		{m->court.started, m->court.ended, "court.ended",
		 N_("cannot be before the proceedings started")},
	};
	for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
		rc = check_order(orders[k].earlier, orders[k].later,
		                 mpath(&p, i, orders[k].later_field),
		                 orders[k].msg, err);
		if (rc != CWYN_OK)
			return rc;
	}

	/* Inconsistent combinations. */
	if (m->conference_stage != CONFSTAGE_NONE &&
	    !is_conference_subject(m->subject))
		return cwyn_fail(err, CWYN_EINVAL,
		                 mpath(&p, i, "conference_stage"),
		                 "%s",
		                 N_("only a complaint about a conference has a "
		                    "conference stage"));
	if (is_court_subject(m->subject) && m->agency != AGENCY_COUNCIL)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "agency"),
		                 "%s",
		                 N_("a court matter is about the council's own "
		                    "decision or the court's, so the agency must "
		                    "be council"));
	if (m->court.status == COURT_NONE && m->court.started != CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "court.started"),
		                 "%s",
		                 N_("given although there are no court "
		                    "proceedings"));
	if (m->court.status != COURT_CONCLUDED &&
	    m->court.ended != CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, mpath(&p, i, "court.ended"),
		                 "%s",
		                 N_("given although the proceedings have not "
		                    "concluded"));
	if (m->stage1_answered != CWYN_DAY_NONE &&
	    m->council_stage < CSTAGE_1_ANSWERED)
		return cwyn_fail(err, CWYN_EINVAL,
		                 mpath(&p, i, "stage1_answered"),
		                 "%s",
		                 N_("given although Stage 1 has not been "
		                    "answered"));
	if (m->stage2_answered != CWYN_DAY_NONE &&
	    m->council_stage != CSTAGE_2_ANSWERED)
		return cwyn_fail(err, CWYN_EINVAL,
		                 mpath(&p, i, "stage2_answered"),
		                 "%s",
		                 N_("given although Stage 2 has not been "
		                    "answered"));
	return CWYN_OK;
}

enum cwyn_code facts_validate(const struct facts *f, struct cwyn_error *err)
{
	enum cwyn_code rc;

	if (f == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "", "%s", N_("no facts given"));
	if (f->as_of == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "as_of",
		                 "%s",
		                 N_("the date of the decision is required"));
	rc = check_day(f->as_of, "as_of", err);
	if (rc != CWYN_OK)
		return rc;
	rc = check_day(f->received, "received", err);
	if (rc != CWYN_OK)
		return rc;
	rc = check_not_future(f->received, f->as_of, "received", err);
	if (rc != CWYN_OK)
		return rc;
	if ((unsigned)f->channel >= CHANNEL__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "channel", "%s", N_("unknown channel"));
	if ((unsigned)f->complainant.relationship >= REL__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "complainant.relationship",
		                 "%s", N_("unknown relationship"));
	if ((unsigned)f->complainant.language >= LANG__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "complainant.language",
		                 "%s", N_("unknown language"));
	rc = check_age(f->complainant.age, "complainant.age", err);
	if (rc != CWYN_OK)
		return rc;

	if (f->n_children > FACTS_MAX_CHILDREN)
		return cwyn_fail(err, CWYN_ERANGE, "children",
		                 "%s", N_("at most 20 children"));
	if (f->n_children > 0 && f->children == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "children", "%s",
		                 N_("the list of children is missing"));
	for (size_t i = 0; i < f->n_children; i++) {
		rc = validate_child(&f->children[i], i, err);
		if (rc != CWYN_OK)
			return rc;
	}

	if (f->n_matters == 0 || f->matters == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "matters",
		                 "%s",
		                 N_("a complaint needs at least one matter"));
	if (f->n_matters > FACTS_MAX_MATTERS)
		return cwyn_fail(err, CWYN_ERANGE, "matters",
		                 "%s", N_("at most 50 matters"));
	for (size_t i = 0; i < f->n_matters; i++) {
		rc = validate_matter(f, i, err);
		if (rc != CWYN_OK)
			return rc;
	}
	return CWYN_OK;
}
