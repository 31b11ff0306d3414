/*
 * uk_time.c — UTC instants to civil time in Wales (uk_time.h).
 */
#include "uk_time.h"

#include <stddef.h>
#include <stdio.h>

#define SECONDS_PER_DAY 86400

/* The last Sunday of a month (1..12) of year. */
static cwyn_day last_sunday(int year, int month)
{
	cwyn_day last = date_from_ymd(year, month,
	                              date_days_in_month(year, month));
	/* Monday is 0 and Sunday 6: a Sunday steps back 0 days, a Monday 1. */
	return last - (cwyn_day)(((int)date_weekday(last) + 1) % 7);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Is the instant inside British Summer Time? Both edges are 01:00 UTC. */
static bool in_summer_time(int64_t unix_seconds)
{
	cwyn_day utc_day = (cwyn_day)floor_div(unix_seconds, SECONDS_PER_DAY);
	int year = date_year(utc_day);
	if (year < CWYN_DATE_MIN_YEAR || year > CWYN_DATE_MAX_YEAR)
		return false;
	int64_t start = (int64_t)last_sunday(year, 3) * SECONDS_PER_DAY + 3600;
	int64_t end = (int64_t)last_sunday(year, 10) * SECONDS_PER_DAY + 3600;
	return unix_seconds >= start && unix_seconds < end;
}

struct uk_time uk_time_from_unix(int64_t unix_seconds)
{
	struct uk_time t = {.summer = in_summer_time(unix_seconds)};
	int64_t local = unix_seconds + (t.summer ? 3600 : 0);
	int64_t day = floor_div(local, SECONDS_PER_DAY);
	t.day = (cwyn_day)day;
	t.minute = (int)((local - day * SECONDS_PER_DAY) / 60);
	return t;
}

cwyn_day uk_today(int64_t unix_seconds)
{
	return uk_time_from_unix(unix_seconds).day;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool uk_time_from_iso(const char *iso, struct uk_time *out)
{
	int y, mo, d, h, mi, s;
	if (iso == NULL || !digits(iso, 4, &y) || iso[4] != '-' ||
	    !digits(iso + 5, 2, &mo) || iso[7] != '-' ||
	    !digits(iso + 8, 2, &d) || (iso[10] != 'T' && iso[10] != ' ') ||
	    !digits(iso + 11, 2, &h) || iso[13] != ':' ||
	    !digits(iso + 14, 2, &mi) || iso[16] != ':' ||
	    !digits(iso + 17, 2, &s))
		return false;
	if (!date_valid_ymd(y, mo, d) || h > 23 || mi > 59 || s > 60)
		return false;
	int64_t unix_seconds = (int64_t)date_from_ymd(y, mo, d) * SECONDS_PER_DAY +
	                       h * 3600 + mi * 60 + s;
	*out = uk_time_from_unix(unix_seconds);
	return true;
}

char *uk_time_text(const char *iso, char buf[UK_TIME_STRLEN])
{
	struct uk_time t;
	if (!uk_time_from_iso(iso, &t)) {
		snprintf(buf, UK_TIME_STRLEN, "-");
		return buf;
	}
	char day[CWYN_DATE_STRLEN];
	snprintf(buf, UK_TIME_STRLEN, "%s %02d:%02d", date_format(t.day, day),
	         t.minute / 60, t.minute % 60);
	return buf;
}

cwyn_day uk_day_of_iso(const char *iso)
{
	struct uk_time t;
	return uk_time_from_iso(iso, &t) ? t.day : CWYN_DAY_NONE;
}
