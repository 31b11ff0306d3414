/*
 * date.h — civil dates as day numbers.
 *
 * A cwyn_day counts days from 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar, so "the day after" is d + 1 and weekdays are arithmetic. Only
 * dates in years 1900..2200 are accepted from outside; anything else is an
 * impossible date for this domain and is refused.
 */
#ifndef CWYN_CORE_DATE_H
#define CWYN_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

typedef int32_t cwyn_day;

#define CWYN_DAY_NONE INT32_MIN /* "no date given" */
#define CWYN_DATE_MIN_YEAR 1900
#define CWYN_DATE_MAX_YEAR 2200
#define CWYN_DATE_STRLEN 11 /* "YYYY-MM-DD" + NUL */

enum cwyn_weekday { WD_MON = 0, WD_TUE, WD_WED, WD_THU, WD_FRI, WD_SAT, WD_SUN };

bool date_is_leap(int year);
int date_days_in_month(int year, int month);
/* Is y-m-d a real calendar date inside the accepted range? */
bool date_valid_ymd(int year, int month, int day);
/* Caller guarantees validity (assert in debug builds). */
cwyn_day date_from_ymd(int year, int month, int day);
void date_to_ymd(cwyn_day d, int *year, int *month, int *day);
enum cwyn_weekday date_weekday(cwyn_day d);
int date_year(cwyn_day d);

/*
 * Parse exactly "YYYY-MM-DD". Anything else — other separators, extra
 * characters, 2026-02-30, year 0042 — is CWYN_EINVAL/CWYN_ERANGE with a
 * message naming `field`.
 */
enum cwyn_code date_parse(const char *s, cwyn_day *out, const char *field,
                          struct cwyn_error *err);

/* Write "YYYY-MM-DD" into buf (at least CWYN_DATE_STRLEN bytes); returns buf. */
char *date_format(cwyn_day d, char buf[CWYN_DATE_STRLEN]);

/* English short weekday name, "Mon".."Sun" (for derivations and logs). */
const char *date_weekday_name(enum cwyn_weekday wd);

/*
 * Add calendar months, clamping to the month's last day (31 Jan + 1 month
 * = 28/29 Feb). Used for "12 months from the event".
 */
cwyn_day date_add_months(cwyn_day d, int months);

#endif
