/*
 * test_date.c — day numbers, weekdays, strict ISO parsing, months.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

static void epoch_and_weekdays(void **state)
{
	(void)state;
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_weekday(0), WD_THU);
	/* 26 Nov 2026 is a Thursday; 25 Dec 2026 a Friday. */
	assert_int_equal(date_weekday(date_from_ymd(2026, 11, 26)), WD_THU);
	assert_int_equal(date_weekday(date_from_ymd(2026, 12, 25)), WD_FRI);
	assert_int_equal(date_weekday(date_from_ymd(1900, 1, 1)), WD_MON);
}

static void round_trip_every_day(void **state)
{
	(void)state;
	cwyn_day first = date_from_ymd(1900, 1, 1);
	cwyn_day last = date_from_ymd(2200, 12, 31);
	int py = 1899, pm = 12, pd = 31;
	for (cwyn_day d = first; d <= last; d++) {
		int y, m, dd;
		date_to_ymd(d, &y, &m, &dd);
		assert_true(date_valid_ymd(y, m, dd));
		assert_int_equal(date_from_ymd(y, m, dd), d);
		/* Each day follows the previous one in the calendar. */
		if (dd == 1)
			assert_true(pd == date_days_in_month(py, pm));
		else
			assert_int_equal(dd, pd + 1);
		py = y, pm = m, pd = dd;
	}
}

static void parse_accepts_real_dates(void **state)
{
	(void)state;
	cwyn_day d;
	assert_int_equal(date_parse("2024-02-29", &d, "x", NULL), CWYN_OK);
	char buf[CWYN_DATE_STRLEN];
	assert_string_equal(date_format(d, buf), "2024-02-29");
}

static void parse_refuses_impossible_dates(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "2026-02-29", "2023-02-29", "2026-13-01", "2026-00-10",
	    "2026-04-31", "2026-1-01",  "26-01-01",   "2026/01/01",
	    "2026-01-01T00:00", " 2026-01-01", "", "abcd-ef-gh",
	    "1899-12-31", "2201-01-01", "2026-01-32", "2026-01-00",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct cwyn_error err = {0};
		cwyn_day d = 7;
		enum cwyn_code rc = date_parse(bad[i], &d, "dates.event", &err);
		assert_int_not_equal(rc, CWYN_OK);
		assert_int_equal(d, 7); /* untouched on failure */
		assert_string_equal(err.field, "dates.event");
		assert_true(strlen(err.message) > 0);
	}
	assert_int_not_equal(date_parse(NULL, &(cwyn_day){0}, "f", NULL),
	                     CWYN_OK);
}

static void months_clamp_to_month_end(void **state)
{
	(void)state;
	char buf[CWYN_DATE_STRLEN];
	assert_string_equal(
	    date_format(date_add_months(date_from_ymd(2026, 1, 31), 1), buf),
	    "2026-02-28");
	assert_string_equal(
	    date_format(date_add_months(date_from_ymd(2024, 2, 29), 12), buf),
	    "2025-02-28");
	assert_string_equal(
	    date_format(date_add_months(date_from_ymd(2026, 3, 10), 12), buf),
	    "2027-03-10");
	assert_string_equal(
	    date_format(date_add_months(date_from_ymd(2026, 11, 15), 2), buf),
	    "2027-01-15");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(epoch_and_weekdays),
	    cmocka_unit_test(round_trip_every_day),
	    cmocka_unit_test(parse_accepts_real_dates),
	    cmocka_unit_test(parse_refuses_impossible_dates),
	    cmocka_unit_test(months_clamp_to_month_end),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
