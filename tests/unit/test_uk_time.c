/*
 * test_uk_time.c — civil time in Wales from UTC instants: the British
 * Summer Time edges (last Sundays of March and October at 01:00 UTC), the
 * day a complaint sent just after midnight BST is received, and stored
 * timestamps read back. Expected values are from the published GOV.UK
 * clock-change dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/uk_time.h"

static int64_t utc(int y, int mo, int d, int h, int mi)
{
	return (int64_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60;
}

static void assert_local(int64_t t, int y, int mo, int d, int h, int mi,
                         bool summer)
{
	struct uk_time u = uk_time_from_unix(t);
	assert_int_equal(u.day, date_from_ymd(y, mo, d));
	assert_int_equal(u.minute, h * 60 + mi);
	assert_int_equal(u.summer, summer);
}

/* Clocks went forward on 29 Mar 2026 and go back on 25 Oct 2026;
 * in 2027 on 28 Mar and 31 Oct. */
static void clock_change_edges(void **state)
{
	(void)state;
	assert_local(utc(2026, 3, 29, 0, 59), 2026, 3, 29, 0, 59, false);
	assert_local(utc(2026, 3, 29, 1, 0), 2026, 3, 29, 2, 0, true);
	assert_local(utc(2026, 10, 25, 0, 59), 2026, 10, 25, 1, 59, true);
	assert_local(utc(2026, 10, 25, 1, 0), 2026, 10, 25, 1, 0, false);
	assert_local(utc(2027, 3, 28, 1, 0), 2027, 3, 28, 2, 0, true);
	assert_local(utc(2027, 10, 31, 0, 30), 2027, 10, 31, 1, 30, true);
	assert_local(utc(2027, 10, 31, 1, 30), 2027, 10, 31, 1, 30, false);
	/* A month whose last day is a Sunday: 31 Mar 2024 and 27 Oct 2024. */
	assert_local(utc(2024, 3, 31, 1, 0), 2024, 3, 31, 2, 0, true);
	assert_local(utc(2024, 3, 30, 12, 0), 2024, 3, 30, 12, 0, false);
}

/* 23:30 UTC on a Sunday in June is 00:30 on Monday in Wales: a complaint
 * sent then is received on the Monday, and its clocks count from there. */
static void just_after_midnight_in_summer_is_the_next_day(void **state)
{
	(void)state;
	assert_int_equal(uk_today(utc(2026, 6, 14, 23, 30)),
	                 date_from_ymd(2026, 6, 15));
	/* In winter UTC and Wales agree. */
	assert_int_equal(uk_today(utc(2026, 12, 13, 23, 30)),
	                 date_from_ymd(2026, 12, 13));
	/* New Year's Eve to New Year's Day: no summer time. */
	assert_int_equal(uk_today(utc(2026, 12, 31, 23, 59)),
	                 date_from_ymd(2026, 12, 31));
}

static void stored_timestamps(void **state)
{
	(void)state;
	struct uk_time u;
	assert_true(uk_time_from_iso("2026-07-01T23:15:09.123Z", &u));
	assert_int_equal(u.day, date_from_ymd(2026, 7, 2));
	assert_int_equal(u.minute, 0 * 60 + 15);
	assert_true(uk_time_from_iso("2026-11-26 06:11:00", &u));
	assert_int_equal(u.day, date_from_ymd(2026, 11, 26));
	assert_int_equal(u.minute, 6 * 60 + 11);
	assert_false(uk_time_from_iso("2026-02-30T10:00:00Z", &u));
	assert_false(uk_time_from_iso("2026-07-01", &u));
	assert_false(uk_time_from_iso("2026-07-01T25:00:00Z", &u));
	assert_false(uk_time_from_iso("yesterday", &u));
	assert_false(uk_time_from_iso(NULL, &u));
	char text[UK_TIME_STRLEN];
	assert_string_equal(uk_time_text("2026-07-01T23:15:09.123Z", text),
	                    "2026-07-02 00:15");
	assert_string_equal(uk_time_text("2026-12-01T09:05:00Z", text),
	                    "2026-12-01 09:05");
	assert_string_equal(uk_time_text("", text), "-");
	assert_int_equal(uk_day_of_iso("2026-08-31T23:30:00Z"),
	                 date_from_ymd(2026, 9, 1));
	assert_int_equal(uk_day_of_iso("soon"), CWYN_DAY_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(clock_change_edges),
	    cmocka_unit_test(just_after_midnight_in_summer_is_the_next_day),
	    cmocka_unit_test(stored_timestamps),
	};
	return cmocka_run_group_tests_name("uk_time", tests, NULL, NULL);
}
