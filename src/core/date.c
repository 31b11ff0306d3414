/*
 * date.c — day-number arithmetic (days-from-civil) and strict ISO parsing.
 */
#include "date.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	return y >= CWYN_DATE_MIN_YEAR && y <= CWYN_DATE_MAX_YEAR && m >= 1 &&
	       m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
}

/*
 * The era-based algorithm counts March-based years so the leap day is the
 * last day of the year, which makes month lengths a simple formula.
 */
cwyn_day date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(cwyn_day z, int *year, int *month, int *day)
{
	z += 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int y = yoe + era * 400;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int d = doy - (153 * mp + 2) / 5 + 1;
	int m = mp + (mp < 10 ? 3 : -9);
	*year = y + (m <= 2);
	*month = m;
	*day = d;
}

enum cwyn_weekday date_weekday(cwyn_day d)
{
	/* 1970-01-01 was a Thursday. */
	int w = (int)((d % 7 + 7 + 3) % 7);
	return (enum cwyn_weekday)w;
}

int date_year(cwyn_day d)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	return y;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum cwyn_code date_parse(const char *s, cwyn_day *out, const char *field,
                          struct cwyn_error *err)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return cwyn_fail(err, CWYN_EINVAL, field,
		                 "must be a date written YYYY-MM-DD");
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return cwyn_fail(err, CWYN_EINVAL, field,
		                 "must be a date written YYYY-MM-DD");
	if (y < CWYN_DATE_MIN_YEAR || y > CWYN_DATE_MAX_YEAR)
		return cwyn_fail(err, CWYN_ERANGE, field,
		                 "year %d is outside %d-%d", y,
		                 CWYN_DATE_MIN_YEAR, CWYN_DATE_MAX_YEAR);
	if (!date_valid_ymd(y, m, d))
		return cwyn_fail(err, CWYN_ERANGE, field,
		                 "%.10s is not a real calendar date", s);
	*out = date_from_ymd(y, m, d);
	return CWYN_OK;
}

char *date_format(cwyn_day d, char buf[CWYN_DATE_STRLEN])
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	/* Written digit by digit: the ranges are known, and snprintf's
	 * truncation warning cannot see that. */
	unsigned uy = (unsigned)y % 10000u;
	buf[0] = (char)('0' + uy / 1000);
	buf[1] = (char)('0' + uy / 100 % 10);
	buf[2] = (char)('0' + uy / 10 % 10);
	buf[3] = (char)('0' + uy % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
	return buf;
}

const char *date_weekday_name(enum cwyn_weekday wd)
{
	static const char *const names[7] = {"Mon", "Tue", "Wed", "Thu",
	                                     "Fri", "Sat", "Sun"};
	return (unsigned)wd < 7 ? names[wd] : "?";
}

cwyn_day date_add_months(cwyn_day d, int months)
{
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	int idx = y * 12 + (m - 1) + months;
	y = idx / 12;
	m = idx % 12 + 1;
	int last = date_days_in_month(y, m);
	if (dd > last)
		dd = last;
	return date_from_ymd(y, m, dd);
}
