/*
 * clock.h — the statutory clocks of a complaint: start, pause, extend, stop.
 *
 * A clock measures one timescale of the policy (enum ts_id) from the day
 * its starting event happened. It copies the timescale's terms (amount,
 * unit, inclusive, extendable) when it starts, so a clock keeps the rules
 * it started under even if the authority later edits its policy, and every
 * later step needs only the calendar.
 *
 * The due date is always recomputed from the start day, never nudged, and
 * every recomputation hands back its struct cal_derivation (day 0, the days
 * skipped and why, the result), so staff can see how the date was reached:
 *
 *     due = start + (amount + paused_total + extension_total)
 *
 * counted in the clock's "counting unit": working days for a working-day
 * timescale (regulation 2's definition, via core/calendar), otherwise
 * calendar days. For a timescale in months the months are counted first
 * and the paused/extended calendar days are added to that date.
 *
 * Rules, with their sources (docs/lifecycle.md has the long form):
 * - A pause (e.g. while the police investigate: procedure.md 1.4.5 and
 *   1.11) needs a reason; the days from the pause to the resumption,
 *   (paused_on, resumed_on], push the due date by as many working days.
 *   An overdue clock cannot be paused: a pause does not undo a miss.
 * - An extension needs a recorded agreement: the day it was agreed, who it
 *   was agreed with and why (regulation 16(4) of SI 2014/1794: "only in
 *   exceptional circumstances and by agreement with the complainant").
 *   A timescale the policy marks not extendable (the acknowledgement,
 *   reg 15(2)) is never extended, and the Stage 1 discussion (reg 16(3))
 *   is extended only when the circumstances are recorded as exceptional.
 *   An extension must be agreed on or before the due date: agreeing one
 *   afterwards would hide a deadline already missed (cwyn decision; the
 *   Ombudsman treats a missed deadline without an agreed extension as the
 *   council delaying, procedure.md decision 2).
 * - Stopping records the day and whether the deadline was met: a step done
 *   on the due day is in time, any later day is a breach.
 *
 * Pure: no I/O, no globals; "today" is always a parameter.
 */
#ifndef CWYN_CORE_CLOCK_H
#define CWYN_CORE_CLOCK_H

#include <stdbool.h>

#include "arena.h"
#include "calendar.h"
#include "date.h"
#include "error.h"
#include "policy.h"

enum clock_state {
	CLOCK_RUNNING = 0,
	CLOCK_PAUSED,
	CLOCK_STOPPED,
	CLOCK_STATE__MAX
};

/* The longest pause or extension accepted in one step, in counting units:
 * five years of working days. Anything longer is a typing mistake. */
#define CLOCK_MAX_EXTRA 1300

struct clock {
	enum ts_id ts;
	enum clock_state state;
	/* The timescale's terms, copied from the policy at the start. */
	int amount;
	enum cal_unit unit;
	bool inclusive;
	bool extendable;
	cwyn_day started;       /* day 0: the day of the starting event */
	cwyn_day base_due;      /* from the timescale alone */
	cwyn_day due;           /* with every pause and extension */
	int paused_total;       /* counting units added by finished pauses */
	int extension_total;    /* counting units added by extensions */
	int n_extensions;
	cwyn_day paused_on;     /* CWYN_DAY_NONE unless paused */
	cwyn_day stopped_on;    /* CWYN_DAY_NONE unless stopped */
	bool breached;          /* set when stopped after the due date */
};

/* An extension as agreed with the complainant. Give either extra_amount
 * (in the clock's counting unit) or new_due, not both. */
struct extension {
	cwyn_day agreed_on;      /* CWYN_DAY_NONE = not recorded */
	const char *agreed_with; /* "the complainant, Ms A (phone call)" */
	const char *reason;
	int extra_amount;        /* 0 when new_due is given */
	cwyn_day new_due;        /* CWYN_DAY_NONE unless a date was agreed */
	bool exceptional;        /* circumstances recorded as exceptional */
};

/* Fill with "nothing recorded": both days NONE, no strings, not exceptional. */
void extension_init(struct extension *ext);

/*
 * Start the clock for timescale ts on start_day (the day of the event,
 * day 0). The due date comes from calendar_derive with the policy's
 * amount, unit and inclusive flag; *dv (when not NULL) receives that
 * derivation, its skipped days allocated from arena. CWYN_EINVAL for an
 * unknown ts, an undefined timescale or no start day; CWYN_ERANGE for days
 * the calendar does not cover.
 */
enum cwyn_code clock_start(const struct calendar *cal, const struct policy *p,
                           enum ts_id ts, cwyn_day start_day,
                           struct arena *arena, struct clock *out,
                           struct cal_derivation *dv, struct cwyn_error *err);

/*
 * Pause a running clock on `day` (on or after its start, not after its due
 * date) for a reason (required; the caller records it in the case). The
 * due date is settled when the clock resumes or stops.
 */
enum cwyn_code clock_pause(struct clock *c, cwyn_day day, const char *reason,
                           struct cwyn_error *err);

/*
 * Resume a paused clock on `day` (not before the pause). The working days
 * in (paused_on, day] — calendar days for a clock not counted in working
 * days — are added to the clock and the due date is recomputed; *dv (when
 * not NULL) receives the new derivation.
 */
enum cwyn_code clock_resume(struct clock *c, cwyn_day day,
                            const struct calendar *cal, struct arena *arena,
                            struct cal_derivation *dv,
                            struct cwyn_error *err);

/*
 * Extend a running or paused clock by agreement (see the rules above).
 * Refusals: CWYN_EINVAL naming the missing or bad field ("agreed_on",
 * "agreed_with", "reason", "extra_amount", "new_due"); CWYN_ESTATE for a
 * stopped clock, a timescale that is not extendable, the Stage 1
 * discussion without exceptional circumstances, or an agreement made after
 * the due date. On success the new due date is in c->due and its
 * derivation in *dv (when not NULL). A refused extension changes nothing.
 */
enum cwyn_code clock_extend(struct clock *c, const struct extension *ext,
                            const struct calendar *cal, struct arena *arena,
                            struct cal_derivation *dv,
                            struct cwyn_error *err);

/*
 * Stop the clock on `day`, the day the step was done (on or after the
 * start). A paused clock's pause ends that day first. Records stopped_on
 * and breached (day after due).
 */
enum cwyn_code clock_stop(struct clock *c, cwyn_day day,
                          const struct calendar *cal, struct cwyn_error *err);

/*
 * How the clock's current due date is reached, as one derivation: e.g. to
 * explain a clock loaded from the store, or one stopped while paused. For
 * a paused clock it is the due date as it stood when the pause began.
 * Skipped days are allocated from arena.
 */
enum cwyn_code clock_derivation(const struct clock *c,
                                const struct calendar *cal,
                                struct arena *arena, struct cal_derivation *dv,
                                struct cwyn_error *err);

/*
 * Where a clock stands on `today`. For a stopped clock the comparison is
 * with the day it stopped; for a paused one the due date is the one it
 * would have if it resumed today.
 */
struct clock_status {
	enum clock_state state;
	cwyn_day due;
	int due_in_working_days; /* (today, due]; negative when overdue */
	bool breached;           /* past due (or stopped late) */
	int days_overdue;        /* working days past due, 0 when in time */
};

struct clock_status clock_status(const struct clock *c,
                                 const struct calendar *cal, cwyn_day today);

/*
 * "What breaches within n working days": a running clock, not yet overdue
 * on `today`, whose due date is at most n working days away. Paused,
 * stopped and already overdue clocks are not included (clock_status
 * reports those).
 */
bool clock_is_due_within(const struct clock *c, const struct calendar *cal,
                         cwyn_day today, int n_wd);

const char *clock_state_name(enum clock_state s); /* "running" ... */
bool clock_state_from_name(const char *s, enum clock_state *out);

#endif
