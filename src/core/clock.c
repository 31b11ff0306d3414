/*
 * clock.c — statutory clocks: start, pause, resume, extend, stop, status.
 *
 * The due date is always recomputed from the start day with the total of
 * paused and extended counting units, never shifted step by step, so the
 * derivation handed back explains the whole date at once. clock.h has the
 * rules and their sources.
 */
#include "clock.h"

#include <ctype.h>
#include <string.h>

#ifndef N_
#define N_(s) (s)
#endif

static const char *const state_names[CLOCK_STATE__MAX] = {
	"running", /* CLOCK_RUNNING */
	"paused",  /* CLOCK_PAUSED */
	"stopped", /* CLOCK_STOPPED */
};
_Static_assert(sizeof state_names / sizeof *state_names == CLOCK_STATE__MAX,
               "state_names must name every clock_state");

const char *clock_state_name(enum clock_state s)
{
	if ((unsigned)s >= CLOCK_STATE__MAX)
		return NULL;
	return state_names[s];
}

bool clock_state_from_name(const char *s, enum clock_state *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < CLOCK_STATE__MAX; i++) {
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum clock_state)i;
			return true;
		}
	}
	return false;
}

void extension_init(struct extension *ext)
{
	memset(ext, 0, sizeof *ext);
	ext->agreed_on = CWYN_DAY_NONE;
	ext->new_due = CWYN_DAY_NONE;
}

/* A recorded text must say something: NULL, "" and blanks are missing. */
static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* Counting units in (a, b]: working days for a working-day clock, else
 * calendar days (b >= a). */
static int units_between(const struct clock *c, const struct calendar *cal,
                         cwyn_day a, cwyn_day b)
{
	if (c->unit == CAL_UNIT_WORKING_DAYS)
		return calendar_working_days_between(cal, a, b);
	return (int)(b - a);
}

/*
 * The due date for `extra` counting units on top of the timescale. A
 * working-day or calendar-day clock is one derivation from the start day;
 * a month clock counts its months first and the extra calendar days from
 * that date. With dv NULL a scratch arena holds the skipped days.
 */
static enum cwyn_code recompute(const struct clock *c,
                                const struct calendar *cal, int extra,
                                struct arena *arena,
                                struct cal_derivation *dv, cwyn_day *due,
                                struct cwyn_error *err)
{
	struct arena scratch;
	struct cal_derivation local, base;
	enum cwyn_code rc;
	bool own = (dv == NULL || arena == NULL);

	if (own) {
		arena_init(&scratch, 0);
		arena = &scratch;
	}
	struct cal_derivation *out = dv ? dv : &local;
	if (extra < 0 || extra > 100 * CLOCK_MAX_EXTRA) {
		rc = cwyn_fail(err, CWYN_ERANGE, "due",
		               "the clock has been paused or extended by more "
		               "than cwyn can count");
		goto out;
	}
	if (c->unit == CAL_UNIT_MONTHS && extra > 0) {
		rc = calendar_derive(cal, c->started, c->amount, c->unit,
		                     c->inclusive, arena, &base, err);
		if (rc != CWYN_OK)
			goto out;
		rc = calendar_derive(cal, base.result, extra,
		                     CAL_UNIT_CALENDAR_DAYS, false, arena, out,
		                     err);
	} else {
		rc = calendar_derive(cal, c->started, c->amount + extra,
		                     c->unit, c->inclusive, arena, out, err);
	}
	if (rc == CWYN_OK)
		*due = out->result;
out:
	if (own) {
		/* The caller's derivation must not point into the scratch. */
		if (dv != NULL) {
			dv->skipped = NULL;
			dv->n_skipped = 0;
		}
		arena_free(&scratch);
	}
	return rc;
}

enum cwyn_code clock_start(const struct calendar *cal, const struct policy *p,
                           enum ts_id ts, cwyn_day start_day,
                           struct arena *arena, struct clock *out,
                           struct cal_derivation *dv, struct cwyn_error *err)
{
	if (cal == NULL || p == NULL || out == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "clock",
		                 "a calendar, a policy and a clock are needed");
	if ((unsigned)ts >= TS_ID__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "ts", "unknown timescale");
	const struct policy_timescale *t = &p->timescales[ts];
	if (!t->defined)
		return cwyn_fail(err, CWYN_EINVAL, ts_id_name(ts),
		                 "the policy does not define this timescale");
	if (start_day == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "start",
		                 "a clock needs the day its event happened");

	struct clock c = {
		.ts = ts,
		.state = CLOCK_RUNNING,
		.amount = t->amount,
		.unit = t->unit,
		.inclusive = t->inclusive,
		.extendable = t->extendable,
		.started = start_day,
		.paused_on = CWYN_DAY_NONE,
		.stopped_on = CWYN_DAY_NONE,
	};
	enum cwyn_code rc = recompute(&c, cal, 0, arena, dv, &c.due, err);
	if (rc != CWYN_OK)
		return rc;
	c.base_due = c.due;
	*out = c;
	return CWYN_OK;
}

enum cwyn_code clock_pause(struct clock *c, cwyn_day day, const char *reason,
                           struct cwyn_error *err)
{
	if (c->state == CLOCK_PAUSED)
		return cwyn_fail(err, CWYN_ESTATE, "state",
		                 N_("the clock is already paused"));
	if (c->state != CLOCK_RUNNING)
		return cwyn_fail(err, CWYN_ESTATE, "state",
		                 N_("a stopped clock cannot be paused"));
	if (blank(reason))
		return cwyn_fail(err, CWYN_EINVAL, "reason",
		                 N_("a pause needs a reason, e.g. a police "
		                    "investigation"));
	if (day == CWYN_DAY_NONE || day < c->started)
		return cwyn_fail(err, CWYN_EINVAL, "day",
		                 N_("the pause must start on or after the day "
		                    "the clock started"));
	if (day > c->due) {
		char buf[CWYN_DATE_STRLEN];
		return cwyn_fail(err, CWYN_ESTATE, "day",
		                 "the clock was already overdue on %s; a pause "
		                 "cannot undo a missed deadline",
		                 date_format(c->due, buf));
	}
	c->paused_on = day;
	c->state = CLOCK_PAUSED;
	return CWYN_OK;
}

enum cwyn_code clock_resume(struct clock *c, cwyn_day day,
                            const struct calendar *cal, struct arena *arena,
                            struct cal_derivation *dv,
                            struct cwyn_error *err)
{
	if (c->state != CLOCK_PAUSED)
		return cwyn_fail(err, CWYN_ESTATE, "state",
		                 N_("only a paused clock can be resumed"));
	if (day == CWYN_DAY_NONE || day < c->paused_on)
		return cwyn_fail(err, CWYN_EINVAL, "day",
		                 N_("the clock cannot resume before it was "
		                    "paused"));
	int paused = c->paused_total + units_between(c, cal, c->paused_on, day);
	cwyn_day due = CWYN_DAY_NONE;
	enum cwyn_code rc = recompute(c, cal, paused + c->extension_total,
	                              arena, dv, &due, err);
	if (rc != CWYN_OK)
		return rc;
	c->paused_total = paused;
	c->due = due;
	c->paused_on = CWYN_DAY_NONE;
	c->state = CLOCK_RUNNING;
	return CWYN_OK;
}

/* The agreement itself: who, when, why — and, for the Stage 1 discussion,
 * exceptional circumstances. Checked before any arithmetic. */
static enum cwyn_code check_agreement(const struct clock *c,
                                      const struct extension *ext,
                                      struct cwyn_error *err)
{
	if (c->state == CLOCK_STOPPED)
		return cwyn_fail(err, CWYN_ESTATE, "state",
		                 N_("a stopped clock cannot be extended"));
	if (!c->extendable)
		return cwyn_fail(err, CWYN_ESTATE, "ts",
		                 "the %s timescale cannot be extended: the "
		                 "policy marks it not extendable",
		                 ts_id_name(c->ts));
	if (ext->agreed_on == CWYN_DAY_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "agreed_on",
		                 N_("an extension needs the day it was agreed"));
	if (blank(ext->agreed_with))
		return cwyn_fail(err, CWYN_EINVAL, "agreed_with",
		                 N_("an extension needs the person it was "
		                    "agreed with"));
	if (blank(ext->reason))
		return cwyn_fail(err, CWYN_EINVAL, "reason",
		                 N_("an extension needs the reason for it"));
	if (c->ts == TS_S1_DISCUSSION && !ext->exceptional)
		return cwyn_fail(err, CWYN_ESTATE, "exceptional",
		                 N_("the Stage 1 discussion may be extended only "
		                    "in exceptional circumstances and by "
		                    "agreement with the complainant (regulation "
		                    "16(4)); record the circumstances as "
		                    "exceptional"));
	if (ext->agreed_on < c->started)
		return cwyn_fail(err, CWYN_EINVAL, "agreed_on",
		                 N_("the extension cannot be agreed before the "
		                    "clock started"));
	if (c->state == CLOCK_RUNNING && ext->agreed_on > c->due) {
		char buf[CWYN_DATE_STRLEN];
		return cwyn_fail(err, CWYN_ESTATE, "agreed_on",
		                 "the deadline was already missed on %s; an "
		                 "extension agreed afterwards cannot undo that",
		                 date_format(c->due, buf));
	}
	return CWYN_OK;
}

/* How many counting units the extension adds. */
static enum cwyn_code extension_units(const struct clock *c,
                                      const struct extension *ext,
                                      const struct calendar *cal, int *out,
                                      struct cwyn_error *err)
{
	char buf[CWYN_DATE_STRLEN];
	bool has_amount = ext->extra_amount != 0;
	bool has_date = ext->new_due != CWYN_DAY_NONE;

	if (has_amount && has_date)
		return cwyn_fail(err, CWYN_EINVAL, "new_due",
		                 N_("give either extra_amount or new_due, not "
		                    "both"));
	if (!has_amount && !has_date)
		return cwyn_fail(err, CWYN_EINVAL, "extra_amount",
		                 N_("say how long the extension is: "
		                    "extra_amount or new_due"));
	if (has_amount) {
		if (ext->extra_amount < 0 ||
		    ext->extra_amount > CLOCK_MAX_EXTRA)
			return cwyn_fail(err, CWYN_EINVAL, "extra_amount",
			                 "must be between 1 and %d",
			                 CLOCK_MAX_EXTRA);
		*out = ext->extra_amount;
		return CWYN_OK;
	}
	if (c->state == CLOCK_PAUSED)
		return cwyn_fail(err, CWYN_ESTATE, "new_due",
		                 N_("a paused clock has no settled due date: "
		                    "resume it first, or give extra_amount"));
	if (ext->new_due <= c->due)
		return cwyn_fail(err, CWYN_EINVAL, "new_due",
		                 "must be after the current due date %s",
		                 date_format(c->due, buf));
	if (c->unit == CAL_UNIT_WORKING_DAYS &&
	    !calendar_is_working_day(cal, ext->new_due))
		return cwyn_fail(err, CWYN_EINVAL, "new_due",
		                 "%s is not a working day; agree a working day",
		                 date_format(ext->new_due, buf));
	int n = units_between(c, cal, c->due, ext->new_due);
	if (n < 1 || n > CLOCK_MAX_EXTRA)
		return cwyn_fail(err, CWYN_EINVAL, "new_due",
		                 "must be between 1 and %d days after the "
		                 "current due date", CLOCK_MAX_EXTRA);
	*out = n;
	return CWYN_OK;
}

enum cwyn_code clock_extend(struct clock *c, const struct extension *ext,
                            const struct calendar *cal, struct arena *arena,
                            struct cal_derivation *dv,
                            struct cwyn_error *err)
{
	if (ext == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "extension",
		                 "no extension given");
	enum cwyn_code rc = check_agreement(c, ext, err);
	if (rc != CWYN_OK)
		return rc;
	int extra = 0;
	rc = extension_units(c, ext, cal, &extra, err);
	if (rc != CWYN_OK)
		return rc;
	cwyn_day due = CWYN_DAY_NONE;
	rc = recompute(c, cal, c->paused_total + c->extension_total + extra,
	               arena, dv, &due, err);
	if (rc != CWYN_OK)
		return rc;
	c->extension_total += extra;
	c->n_extensions++;
	c->due = due;
	return CWYN_OK;
}

enum cwyn_code clock_stop(struct clock *c, cwyn_day day,
                          const struct calendar *cal, struct cwyn_error *err)
{
	if (c->state == CLOCK_STOPPED)
		return cwyn_fail(err, CWYN_ESTATE, "state",
		                 N_("the clock has already stopped"));
	if (day == CWYN_DAY_NONE || day < c->started)
		return cwyn_fail(err, CWYN_EINVAL, "day",
		                 N_("a clock cannot stop before it started"));
	if (c->state == CLOCK_PAUSED) {
		if (day < c->paused_on)
			return cwyn_fail(err, CWYN_EINVAL, "day",
			                 N_("a paused clock cannot stop before "
			                    "the day it was paused"));
		int paused = c->paused_total +
		             units_between(c, cal, c->paused_on, day);
		cwyn_day due = CWYN_DAY_NONE;
		enum cwyn_code rc = recompute(c, cal,
		                              paused + c->extension_total, NULL,
		                              NULL, &due, err);
		if (rc != CWYN_OK)
			return rc;
		c->paused_total = paused;
		c->due = due;
		c->paused_on = CWYN_DAY_NONE;
	}
	c->stopped_on = day;
	c->breached = day > c->due;
	c->state = CLOCK_STOPPED;
	return CWYN_OK;
}

enum cwyn_code clock_derivation(const struct clock *c,
                                const struct calendar *cal,
                                struct arena *arena, struct cal_derivation *dv,
                                struct cwyn_error *err)
{
	if (dv == NULL || arena == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "derivation",
		                 "a derivation and an arena are needed");
	cwyn_day due = CWYN_DAY_NONE;
	return recompute(c, cal, c->paused_total + c->extension_total, arena,
	                 dv, &due, err);
}

struct clock_status clock_status(const struct clock *c,
                                 const struct calendar *cal, cwyn_day today)
{
	struct clock_status st = {.state = c->state, .due = c->due};
	cwyn_day ref = today;

	switch (c->state) {
	case CLOCK_STOPPED:
		ref = c->stopped_on;
		st.breached = c->breached;
		break;
	case CLOCK_PAUSED:
		/* The due date it would have if it resumed today; nothing
		 * runs out while paused. */
		if (today > c->paused_on) {
			int paused = c->paused_total +
			             units_between(c, cal, c->paused_on, today);
			cwyn_day due = CWYN_DAY_NONE;
			if (recompute(c, cal, paused + c->extension_total, NULL,
			              NULL, &due, NULL) == CWYN_OK)
				st.due = due;
		}
		st.breached = false;
		break;
	default:
		st.breached = today > c->due;
		break;
	}
	st.due_in_working_days = calendar_working_days_between(cal, ref, st.due);
	st.days_overdue = st.breached && st.due_in_working_days < 0
	                      ? -st.due_in_working_days
	                      : 0;
	return st;
}

bool clock_is_due_within(const struct clock *c, const struct calendar *cal,
                         cwyn_day today, int n_wd)
{
	if (c->state != CLOCK_RUNNING || n_wd < 0 || today > c->due)
		return false;
	return calendar_working_days_between(cal, today, c->due) <= n_wd;
}
