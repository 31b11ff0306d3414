/*
 * calendar.c — the working-day calendar: which days count, counting N
 * working days on, and the written derivation of a due date.
 *
 * calendar_new lays the years 1995..2100 out as one array of day kinds (a
 * byte a day) plus a prefix count of working days, so that "is this a
 * working day" is one load, "working days between" is two, and "the N-th
 * working day after" is a binary search over the prefix counts. Names of
 * non-working days sit in a small side table indexed per day. Everything
 * the calendar owns lives in one arena, freed in one go.
 */
#include "calendar.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Static fallbacks for entries given without a name. */
#define EXTRA_NAME_EN "Bank holiday (from the authority's policy)"
#define EXTRA_NAME_CY "Gŵyl y banc (o bolisi'r awdurdod)"
#define CLOSURE_NAME_EN "Authority closure day"
#define CLOSURE_NAME_CY "Diwrnod cau'r awdurdod"

#define OUT_OF_RANGE_MSG "is outside the years the calendar knows (1995-2100)"

struct calendar {
	struct arena arena;     /* owns everything below */
	cwyn_day first;         /* 1995-01-01 */
	int32_t n_days;         /* days in 1995-01-01..2100-12-31 */
	uint8_t *kind;          /* enum cal_day_kind per day */
	uint16_t *label;        /* index into labels[], 0 = none */
	int32_t *wcount;        /* working days in [first, first + i), n+1 */
	struct cal_holiday *labels; /* [0] unused */
	size_t n_labels;
};

/* Weekend names, Monday-first like enum cwyn_weekday. */
static const char *const weekend_en[2] = {"Saturday", "Sunday"};
static const char *const weekend_cy[2] = {"Dydd Sadwrn", "Dydd Sul"};

static const char *const unit_names[CAL_UNIT__MAX] = {
	"working_days",  /* CAL_UNIT_WORKING_DAYS */
	"calendar_days", /* CAL_UNIT_CALENDAR_DAYS */
	"months",        /* CAL_UNIT_MONTHS */
};

const char *cal_unit_name(enum cal_unit u)
{
	return (unsigned)u < CAL_UNIT__MAX ? unit_names[u] : "unknown";
}

static cwyn_day range_first(void)
{
	return date_from_ymd(CAL_FIRST_YEAR, 1, 1);
}

static cwyn_day range_last(void)
{
	return date_from_ymd(CAL_LAST_YEAR, 12, 31);
}

bool calendar_in_range(cwyn_day d)
{
	return d >= range_first() && d <= range_last();
}

/* Index of day d, which the caller has checked is in range. */
static int32_t idx(const struct calendar *cal, cwyn_day d)
{
	return d - cal->first;
}

/*
 * Record a named non-working day, unless the day already has a kind: a
 * weekend stays a weekend, a bank holiday is not overwritten by an extra
 * one or by a closure, and the first closure name wins.
 */
static enum cwyn_code mark(struct calendar *cal, cwyn_day d,
                           enum cal_day_kind kind, const char *en,
                           const char *cy, bool copy)
{
	int32_t i = idx(cal, d);
	if (cal->kind[i] != CAL_WORKING)
		return CWYN_OK;
	if (copy) {
		en = arena_strdup(&cal->arena, en);
		cy = arena_strdup(&cal->arena, cy);
		if (en == NULL || cy == NULL)
			return CWYN_ENOMEM;
	}
	size_t li = ++cal->n_labels;
	cal->labels[li].day = d;
	cal->labels[li].name_en = en;
	cal->labels[li].name_cy = cy;
	cal->kind[i] = (uint8_t)kind;
	cal->label[i] = (uint16_t)li;
	return CWYN_OK;
}

/* Check the caller's extra days and closures before anything is built. */
static enum cwyn_code check_days(const struct cal_holiday *days, size_t n,
                                 const char *what, struct cwyn_error *err)
{
	if (n > 0 && days == NULL)
		return cwyn_fail(err, CWYN_EINVAL, what, "is missing");
	for (size_t i = 0; i < n; i++) {
		if (!calendar_in_range(days[i].day)) {
			char field[64];
			snprintf(field, sizeof field, "%s[%zu].day", what, i);
			return cwyn_fail(err, CWYN_ERANGE, field,
			                 OUT_OF_RANGE_MSG);
		}
	}
	return CWYN_OK;
}

enum cwyn_code calendar_new(const struct cal_holiday *extra, size_t n_extra,
                            const struct cal_holiday *closures,
                            size_t n_closures, struct calendar **out,
                            struct cwyn_error *err)
{
	enum cwyn_code rc;
	struct calendar *cal = NULL;

	if (out == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "calendar", "no place for it");
	*out = NULL;
	rc = check_days(extra, n_extra, "extra_bank_holidays", err);
	if (rc != CWYN_OK)
		return rc;
	rc = check_days(closures, n_closures, "closures", err);
	if (rc != CWYN_OK)
		return rc;

	cal = calloc(1, sizeof *cal);
	if (cal == NULL)
		goto nomem;
	arena_init(&cal->arena, 0);
	cal->first = range_first();
	cal->n_days = range_last() - cal->first + 1;
	size_t nd = (size_t)cal->n_days;
	/* Labels are only made for a day that had none: at most one a day,
	 * and the day index must fit the 16-bit label slot. */
	_Static_assert((CAL_LAST_YEAR - CAL_FIRST_YEAR + 1) * 366 < UINT16_MAX,
	               "label index must fit 16 bits");
	cal->kind = arena_calloc(&cal->arena, nd, sizeof *cal->kind);
	cal->label = arena_calloc(&cal->arena, nd, sizeof *cal->label);
	cal->wcount = arena_calloc(&cal->arena, nd + 1, sizeof *cal->wcount);
	cal->labels = arena_calloc(&cal->arena, nd + 1, sizeof *cal->labels);
	if (!cal->kind || !cal->label || !cal->wcount || !cal->labels)
		goto nomem;

	/* Weekends first: a Saturday is a Saturday whatever else it is. */
	enum cwyn_weekday w = date_weekday(cal->first);
	for (size_t i = 0; i < nd; i++) {
		if (w >= WD_SAT)
			cal->kind[i] = CAL_WEEKEND;
		w = w == WD_SUN ? WD_MON : w + 1;
	}

	for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		struct cal_holiday bh[16];
		size_t n = cal_bank_holidays(y, bh, sizeof bh / sizeof *bh,
		                             err);
		if (n > sizeof bh / sizeof *bh) {
			cwyn_fail(err, CWYN_EINTERNAL, "calendar",
			          "too many bank holidays in %d", y);
			rc = CWYN_EINTERNAL;
			goto fail;
		}
		for (size_t i = 0; i < n; i++)
			if (mark(cal, bh[i].day, CAL_BANK_HOLIDAY,
			         bh[i].name_en, bh[i].name_cy,
			         false) != CWYN_OK)
				goto nomem;
	}
	for (size_t i = 0; i < n_extra; i++)
		if (mark(cal, extra[i].day, CAL_BANK_HOLIDAY,
		         extra[i].name_en ? extra[i].name_en : EXTRA_NAME_EN,
		         extra[i].name_cy ? extra[i].name_cy : EXTRA_NAME_CY,
		         true) != CWYN_OK)
			goto nomem;
	for (size_t i = 0; i < n_closures; i++)
		if (mark(cal, closures[i].day, CAL_CLOSURE,
		         closures[i].name_en ? closures[i].name_en
		                             : CLOSURE_NAME_EN,
		         closures[i].name_cy ? closures[i].name_cy
		                             : CLOSURE_NAME_CY,
		         true) != CWYN_OK)
			goto nomem;

	cal->wcount[0] = 0;
	for (size_t i = 0; i < nd; i++)
		cal->wcount[i + 1] =
		    cal->wcount[i] + (cal->kind[i] == CAL_WORKING);

	*out = cal;
	return CWYN_OK;

nomem:
	rc = cwyn_fail(err, CWYN_ENOMEM, "calendar", "out of memory");
fail:
	calendar_free(cal);
	return rc;
}

void calendar_free(struct calendar *cal)
{
	if (cal == NULL)
		return;
	arena_free(&cal->arena);
	free(cal);
}

bool calendar_is_working_day(const struct calendar *cal, cwyn_day d)
{
	int64_t i = (int64_t)d - cal->first;
	if (i < 0 || i >= cal->n_days)
		return false;
	return cal->kind[i] == CAL_WORKING;
}

/*
 * Outside 1995..2100 the calendar does not know what a day is, so it says
 * so: CAL_DAY_KIND__MAX with an explanation, never a guess.
 */
enum cal_day_kind calendar_day_kind(const struct calendar *cal, cwyn_day d,
                                    const char **why, const char **why_cy)
{
	const char *en = NULL, *cy = NULL;
	enum cal_day_kind k;
	int64_t i = (int64_t)d - cal->first;

	if (i < 0 || i >= cal->n_days) {
		k = CAL_DAY_KIND__MAX;
		en = "outside the years the calendar knows (1995-2100)";
		cy = "y tu allan i'r blynyddoedd y mae'r calendr yn eu "
		     "gwybod (1995-2100)";
	} else {
		k = (enum cal_day_kind)cal->kind[i];
		if (k == CAL_WEEKEND) {
			int we = date_weekday(d) == WD_SAT ? 0 : 1;
			en = weekend_en[we];
			cy = weekend_cy[we];
		} else if (k != CAL_WORKING) {
			const struct cal_holiday *h =
			    &cal->labels[cal->label[i]];
			en = h->name_en;
			cy = h->name_cy;
		}
	}
	if (why)
		*why = en;
	if (why_cy)
		*why_cy = cy;
	return k;
}

/* Working days in [first, d], for any d (clamped to the range). */
static int32_t worked_through(const struct calendar *cal, cwyn_day d)
{
	int64_t i = (int64_t)d - cal->first + 1;
	if (i <= 0)
		return 0;
	if (i > cal->n_days)
		i = cal->n_days;
	return cal->wcount[i];
}

int calendar_working_days_between(const struct calendar *cal, cwyn_day a,
                                  cwyn_day b)
{
	if (b >= a)
		return worked_through(cal, b) - worked_through(cal, a);
	return -(worked_through(cal, a) - worked_through(cal, b));
}

/*
 * The day (when known) goes in the field, "start 1994-12-31", so the
 * message itself stays one fixed sentence that can be translated.
 */
static enum cwyn_code out_of_range(struct cwyn_error *err, const char *field,
                                   cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	char f[64];
	if (d != CWYN_DAY_NONE &&
	    d >= date_from_ymd(CWYN_DATE_MIN_YEAR, 1, 1) &&
	    d <= date_from_ymd(CWYN_DATE_MAX_YEAR, 12, 31))
		snprintf(f, sizeof f, "%s %s", field, date_format(d, buf));
	else
		snprintf(f, sizeof f, "%s", field);
	return cwyn_fail(err, CWYN_ERANGE, f, OUT_OF_RANGE_MSG);
}

enum cwyn_code calendar_add_working_days(const struct calendar *cal,
                                         cwyn_day from, int n, cwyn_day *out,
                                         struct cwyn_error *err)
{
	if (n < 0)
		return cwyn_fail(err, CWYN_EINVAL, "amount",
		                 "must not be negative");
	int64_t i = (int64_t)from - cal->first;
	if (i < 0 || i >= cal->n_days)
		return out_of_range(err, "start", from);
	if (n == 0) {
		*out = from;
		return CWYN_OK;
	}
	/* The answer is the day at index j with wcount[j + 1] == target and
	 * wcount[j] == target - 1: the first j + 1 whose count reaches it. */
	int64_t target = (int64_t)cal->wcount[i + 1] + n;
	if (target > cal->wcount[cal->n_days])
		return out_of_range(err, "result", CWYN_DAY_NONE);
	/* Usually each week holds a working day, so the answer is within 7 n
	 * days and that window keeps the search short; a long closure can
	 * break that, and then the whole range is searched. */
	int64_t lo = i + 1, hi = i + 1 + 7 * (int64_t)n;
	if (hi > cal->n_days || cal->wcount[hi] < target)
		hi = cal->n_days;
	while (lo < hi) { /* smallest k in (i, n_days] with wcount[k] >= t */
		int64_t mid = lo + (hi - lo) / 2;
		if (cal->wcount[mid] >= target)
			hi = mid;
		else
			lo = mid + 1;
	}
	*out = cal->first + (cwyn_day)(lo - 1);
	return CWYN_OK;
}

enum cwyn_code calendar_derive(const struct calendar *cal, cwyn_day start,
                               int amount, enum cal_unit unit, bool inclusive,
                               struct arena *arena, struct cal_derivation *out,
                               struct cwyn_error *err)
{
	enum cwyn_code rc;
	cwyn_day result;

	if ((unsigned)unit >= CAL_UNIT__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "unit",
		                 "must be working_days, calendar_days or months");
	if (amount < 0)
		return cwyn_fail(err, CWYN_EINVAL, "amount",
		                 "must not be negative");
	if (!calendar_in_range(start))
		return out_of_range(err, "start", start);

	switch (unit) {
	case CAL_UNIT_WORKING_DAYS:
		rc = calendar_add_working_days(cal, start, amount, &result,
		                               err);
		if (rc != CWYN_OK)
			return rc;
		break;
	case CAL_UNIT_CALENDAR_DAYS:
		if ((int64_t)start + amount > range_last())
			return out_of_range(err, "result", CWYN_DAY_NONE);
		result = start + amount;
		break;
	case CAL_UNIT_MONTHS:
		/* A month amount that would run past 2100 is refused before
		 * date_add_months is asked about years it does not take. */
		if (amount > (CAL_LAST_YEAR - date_year(start) + 1) * 12)
			return out_of_range(err, "result", CWYN_DAY_NONE);
		result = date_add_months(start, amount);
		/* "n months starting on the day": the period ends the day
		 * before the same date n months on. Zero months is no period
		 * at all, so it stays on the start day. */
		if (inclusive && amount > 0)
			result -= 1;
		if (!calendar_in_range(result))
			return out_of_range(err, "result", result);
		break;
	default:
		return cwyn_fail(err, CWYN_EINVAL, "unit", "unknown unit");
	}

	memset(out, 0, sizeof *out);
	out->start = start;
	out->amount = amount;
	out->unit = unit;
	out->inclusive = inclusive;
	out->result = result;
	if (unit != CAL_UNIT_WORKING_DAYS || amount == 0)
		return CWYN_OK;

	/* Every day in (start, result] that is not a working day. */
	size_t n_skip = (size_t)(result - start) - (size_t)amount;
	if (n_skip == 0)
		return CWYN_OK;
	out->skipped = arena_calloc(arena, n_skip, sizeof *out->skipped);
	if (out->skipped == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "derivation",
		                 "out of memory");
	size_t k = 0;
	for (cwyn_day d = start + 1; d < result && k < n_skip; d++) {
		if (cal->kind[idx(cal, d)] == CAL_WORKING)
			continue;
		struct cal_skip *s = &out->skipped[k++];
		s->day = d;
		s->kind = calendar_day_kind(cal, d, &s->why_en, &s->why_cy);
	}
	out->n_skipped = k;
	return CWYN_OK;
}

/* "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"... */
static const char *ordinal_suffix(int n)
{
	int h = n % 100;
	if (h >= 11 && h <= 13)
		return "th";
	switch (n % 10) {
	case 1:
		return "st";
	case 2:
		return "nd";
	case 3:
		return "rd";
	default:
		return "th";
	}
}

static const char *const kind_words[CAL_DAY_KIND__MAX] = {
	"working day",  /* CAL_WORKING */
	"weekend",      /* CAL_WEEKEND */
	"bank holiday", /* CAL_BANK_HOLIDAY */
	"closure",      /* CAL_CLOSURE */
};

/*
 * A growing string on the heap, copied into the arena when done: a long
 * derivation (thousands of skipped days) then costs linear time, not the
 * quadratic copying of re-printing the whole text for every piece.
 */
struct sbuf {
	char *p;
	size_t len, cap;
	bool failed;
};

static void sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	if (b->failed)
		return;
	for (;;) {
		va_list ap;
		size_t room = b->cap - b->len;
		va_start(ap, fmt);
		int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap - b->len <= (size_t)n)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->failed = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
}

static const char *day_text(char buf[32], cwyn_day d)
{
	char iso[CWYN_DATE_STRLEN];
	snprintf(buf, 32, "%s %s", date_weekday_name(date_weekday(d)),
	         date_format(d, iso));
	return buf;
}

static const char *plural(int n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

char *calendar_explain(const struct cal_derivation *dv, struct arena *arena)
{
	char a[32], b[32];
	struct sbuf sb = {NULL, 0, 0, false};
	char *text = NULL;

	if (dv == NULL || arena == NULL || (unsigned)dv->unit >= CAL_UNIT__MAX)
		return NULL;
	sb_printf(&sb, "Day 0 is %s.", day_text(a, dv->start));

	switch (dv->unit) {
	case CAL_UNIT_WORKING_DAYS:
		if (dv->amount == 0) {
			sb_printf(&sb, " Counting 0 working days, the result is "
			               "day 0 itself: %s.",
			          day_text(b, dv->result));
			break;
		}
		sb_printf(&sb, " Counting %d working %s after it, ",
		          dv->amount, plural(dv->amount, "day", "days"));
		if (dv->n_skipped == 0)
			sb_printf(&sb, "no days were skipped.");
		else
			sb_printf(&sb, "%s were skipped: ",
			          dv->n_skipped == 1 ? "this day"
			                             : "these days");
		for (size_t i = 0; i < dv->n_skipped; i++) {
			const struct cal_skip *s = &dv->skipped[i];
			const char *kw = (unsigned)s->kind < CAL_DAY_KIND__MAX
			                     ? kind_words[s->kind]
			                     : "outside the calendar";
			const char *sep = i + 1 < dv->n_skipped ? ", " : ".";
			if (s->kind == CAL_WEEKEND || s->why_en == NULL)
				sb_printf(&sb, "%s (%s)%s", day_text(b, s->day),
				          kw, sep);
			else
				sb_printf(&sb, "%s (%s: %s)%s",
				          day_text(b, s->day), kw, s->why_en,
				          sep);
		}
		sb_printf(&sb, " The %d%s working day is %s.", dv->amount,
		          ordinal_suffix(dv->amount), day_text(b, dv->result));
		break;
	case CAL_UNIT_CALENDAR_DAYS:
		sb_printf(&sb, " Counting %d calendar %s after it gives %s; "
		               "calendar days are not moved off non-working "
		               "days.",
		          dv->amount, plural(dv->amount, "day", "days"),
		          day_text(b, dv->result));
		break;
	case CAL_UNIT_MONTHS:
		if (dv->inclusive && dv->amount > 0)
			sb_printf(&sb, " %d %s on from it is %s; the period "
			               "includes day 0 itself, so it ends the "
			               "day before, on %s.",
			          dv->amount,
			          plural(dv->amount, "month", "months"),
			          day_text(a, dv->result + 1),
			          day_text(b, dv->result));
		else
			sb_printf(&sb, " %d %s on from it is %s.", dv->amount,
			          plural(dv->amount, "month", "months"),
			          day_text(b, dv->result));
		sb_printf(&sb, " Month periods are not moved off non-working "
		               "days.");
		break;
	default:
		break;
	}
	if (!sb.failed && sb.p != NULL)
		text = arena_strndup(arena, sb.p, sb.len);
	free(sb.p);
	return text;
}
