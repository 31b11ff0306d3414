/*
 * test_calendar.c — bank holidays and working days (reg 2 of SI 2014/1794).
 *
 * The expected bank-holiday tables are transcribed from procedure.md 5.3
 * and 5.4 (the specification), not produced by the code under test; Easter
 * is checked against a second, independent computus (Gauss's, with its two
 * exceptions). Working-day answers that matter to users are worked out by
 * hand in the comments next to them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/date.h"

/* procedure.md 5.4: every bank holiday 1995-2027 (date, weekday, name). */
struct expected_bh {
	const char *iso;
	const char *weekday;
	const char *name;
};

static const struct expected_bh table_5_4[] = {
	{"1995-01-02", "Mon", "New Year's Day (substitute day)"},
	{"1995-04-14", "Fri", "Good Friday"},
	{"1995-04-17", "Mon", "Easter Monday"},
	{"1995-05-08", "Mon", "Early May bank holiday (VE Day 50th anniversary; moved from 1 May)"},
	{"1995-05-29", "Mon", "Spring bank holiday"},
	{"1995-08-28", "Mon", "Summer bank holiday"},
	{"1995-12-25", "Mon", "Christmas Day"},
	{"1995-12-26", "Tue", "Boxing Day"},
	{"1996-01-01", "Mon", "New Year's Day"},
	{"1996-04-05", "Fri", "Good Friday"},
	{"1996-04-08", "Mon", "Easter Monday"},
	{"1996-05-06", "Mon", "Early May bank holiday"},
	{"1996-05-27", "Mon", "Spring bank holiday"},
	{"1996-08-26", "Mon", "Summer bank holiday"},
	{"1996-12-25", "Wed", "Christmas Day"},
	{"1996-12-26", "Thu", "Boxing Day"},
	{"1997-01-01", "Wed", "New Year's Day"},
	{"1997-03-28", "Fri", "Good Friday"},
	{"1997-03-31", "Mon", "Easter Monday"},
	{"1997-05-05", "Mon", "Early May bank holiday"},
	{"1997-05-26", "Mon", "Spring bank holiday"},
	{"1997-08-25", "Mon", "Summer bank holiday"},
	{"1997-12-25", "Thu", "Christmas Day"},
	{"1997-12-26", "Fri", "Boxing Day"},
	{"1998-01-01", "Thu", "New Year's Day"},
	{"1998-04-10", "Fri", "Good Friday"},
	{"1998-04-13", "Mon", "Easter Monday"},
	{"1998-05-04", "Mon", "Early May bank holiday"},
	{"1998-05-25", "Mon", "Spring bank holiday"},
	{"1998-08-31", "Mon", "Summer bank holiday"},
	{"1998-12-25", "Fri", "Christmas Day"},
	{"1998-12-28", "Mon", "Boxing Day (substitute day)"},
	{"1999-01-01", "Fri", "New Year's Day"},
	{"1999-04-02", "Fri", "Good Friday"},
	{"1999-04-05", "Mon", "Easter Monday"},
	{"1999-05-03", "Mon", "Early May bank holiday"},
	{"1999-05-31", "Mon", "Spring bank holiday"},
	{"1999-08-30", "Mon", "Summer bank holiday"},
	{"1999-12-27", "Mon", "Christmas Day (substitute day)"},
	{"1999-12-28", "Tue", "Boxing Day (substitute day)"},
	{"1999-12-31", "Fri", "Millennium bank holiday (one-off)"},
	{"2000-01-03", "Mon", "New Year's Day (substitute day)"},
	{"2000-04-21", "Fri", "Good Friday"},
	{"2000-04-24", "Mon", "Easter Monday"},
	{"2000-05-01", "Mon", "Early May bank holiday"},
	{"2000-05-29", "Mon", "Spring bank holiday"},
	{"2000-08-28", "Mon", "Summer bank holiday"},
	{"2000-12-25", "Mon", "Christmas Day"},
	{"2000-12-26", "Tue", "Boxing Day"},
	{"2001-01-01", "Mon", "New Year's Day"},
	{"2001-04-13", "Fri", "Good Friday"},
	{"2001-04-16", "Mon", "Easter Monday"},
	{"2001-05-07", "Mon", "Early May bank holiday"},
	{"2001-05-28", "Mon", "Spring bank holiday"},
	{"2001-08-27", "Mon", "Summer bank holiday"},
	{"2001-12-25", "Tue", "Christmas Day"},
	{"2001-12-26", "Wed", "Boxing Day"},
	{"2002-01-01", "Tue", "New Year's Day"},
	{"2002-03-29", "Fri", "Good Friday"},
	{"2002-04-01", "Mon", "Easter Monday"},
	{"2002-05-06", "Mon", "Early May bank holiday"},
	{"2002-06-03", "Mon", "Golden Jubilee bank holiday (one-off)"},
	{"2002-06-04", "Tue", "Spring bank holiday (moved from 27 May)"},
	{"2002-08-26", "Mon", "Summer bank holiday"},
	{"2002-12-25", "Wed", "Christmas Day"},
	{"2002-12-26", "Thu", "Boxing Day"},
	{"2003-01-01", "Wed", "New Year's Day"},
	{"2003-04-18", "Fri", "Good Friday"},
	{"2003-04-21", "Mon", "Easter Monday"},
	{"2003-05-05", "Mon", "Early May bank holiday"},
	{"2003-05-26", "Mon", "Spring bank holiday"},
	{"2003-08-25", "Mon", "Summer bank holiday"},
	{"2003-12-25", "Thu", "Christmas Day"},
	{"2003-12-26", "Fri", "Boxing Day"},
	{"2004-01-01", "Thu", "New Year's Day"},
	{"2004-04-09", "Fri", "Good Friday"},
	{"2004-04-12", "Mon", "Easter Monday"},
	{"2004-05-03", "Mon", "Early May bank holiday"},
	{"2004-05-31", "Mon", "Spring bank holiday"},
	{"2004-08-30", "Mon", "Summer bank holiday"},
	{"2004-12-27", "Mon", "Christmas Day (substitute day)"},
	{"2004-12-28", "Tue", "Boxing Day (substitute day)"},
	{"2005-01-03", "Mon", "New Year's Day (substitute day)"},
	{"2005-03-25", "Fri", "Good Friday"},
	{"2005-03-28", "Mon", "Easter Monday"},
	{"2005-05-02", "Mon", "Early May bank holiday"},
	{"2005-05-30", "Mon", "Spring bank holiday"},
	{"2005-08-29", "Mon", "Summer bank holiday"},
	{"2005-12-26", "Mon", "Boxing Day"},
	{"2005-12-27", "Tue", "Christmas Day (substitute day)"},
	{"2006-01-02", "Mon", "New Year's Day (substitute day)"},
	{"2006-04-14", "Fri", "Good Friday"},
	{"2006-04-17", "Mon", "Easter Monday"},
	{"2006-05-01", "Mon", "Early May bank holiday"},
	{"2006-05-29", "Mon", "Spring bank holiday"},
	{"2006-08-28", "Mon", "Summer bank holiday"},
	{"2006-12-25", "Mon", "Christmas Day"},
	{"2006-12-26", "Tue", "Boxing Day"},
	{"2007-01-01", "Mon", "New Year's Day"},
	{"2007-04-06", "Fri", "Good Friday"},
	{"2007-04-09", "Mon", "Easter Monday"},
	{"2007-05-07", "Mon", "Early May bank holiday"},
	{"2007-05-28", "Mon", "Spring bank holiday"},
	{"2007-08-27", "Mon", "Summer bank holiday"},
	{"2007-12-25", "Tue", "Christmas Day"},
	{"2007-12-26", "Wed", "Boxing Day"},
	{"2008-01-01", "Tue", "New Year's Day"},
	{"2008-03-21", "Fri", "Good Friday"},
	{"2008-03-24", "Mon", "Easter Monday"},
	{"2008-05-05", "Mon", "Early May bank holiday"},
	{"2008-05-26", "Mon", "Spring bank holiday"},
	{"2008-08-25", "Mon", "Summer bank holiday"},
	{"2008-12-25", "Thu", "Christmas Day"},
	{"2008-12-26", "Fri", "Boxing Day"},
	{"2009-01-01", "Thu", "New Year's Day"},
	{"2009-04-10", "Fri", "Good Friday"},
	{"2009-04-13", "Mon", "Easter Monday"},
	{"2009-05-04", "Mon", "Early May bank holiday"},
	{"2009-05-25", "Mon", "Spring bank holiday"},
	{"2009-08-31", "Mon", "Summer bank holiday"},
	{"2009-12-25", "Fri", "Christmas Day"},
	{"2009-12-28", "Mon", "Boxing Day (substitute day)"},
	{"2010-01-01", "Fri", "New Year's Day"},
	{"2010-04-02", "Fri", "Good Friday"},
	{"2010-04-05", "Mon", "Easter Monday"},
	{"2010-05-03", "Mon", "Early May bank holiday"},
	{"2010-05-31", "Mon", "Spring bank holiday"},
	{"2010-08-30", "Mon", "Summer bank holiday"},
	{"2010-12-27", "Mon", "Christmas Day (substitute day)"},
	{"2010-12-28", "Tue", "Boxing Day (substitute day)"},
	{"2011-01-03", "Mon", "New Year's Day (substitute day)"},
	{"2011-04-22", "Fri", "Good Friday"},
	{"2011-04-25", "Mon", "Easter Monday"},
	{"2011-04-29", "Fri", "Royal wedding bank holiday (one-off)"},
	{"2011-05-02", "Mon", "Early May bank holiday"},
	{"2011-05-30", "Mon", "Spring bank holiday"},
	{"2011-08-29", "Mon", "Summer bank holiday"},
	{"2011-12-26", "Mon", "Boxing Day"},
	{"2011-12-27", "Tue", "Christmas Day (substitute day)"},
	{"2012-01-02", "Mon", "New Year's Day (substitute day)"},
	{"2012-04-06", "Fri", "Good Friday"},
	{"2012-04-09", "Mon", "Easter Monday"},
	{"2012-05-07", "Mon", "Early May bank holiday"},
	{"2012-06-04", "Mon", "Spring bank holiday (moved from 28 May)"},
	{"2012-06-05", "Tue", "Diamond Jubilee bank holiday (one-off)"},
	{"2012-08-27", "Mon", "Summer bank holiday"},
	{"2012-12-25", "Tue", "Christmas Day"},
	{"2012-12-26", "Wed", "Boxing Day"},
	{"2013-01-01", "Tue", "New Year's Day"},
	{"2013-03-29", "Fri", "Good Friday"},
	{"2013-04-01", "Mon", "Easter Monday"},
	{"2013-05-06", "Mon", "Early May bank holiday"},
	{"2013-05-27", "Mon", "Spring bank holiday"},
	{"2013-08-26", "Mon", "Summer bank holiday"},
	{"2013-12-25", "Wed", "Christmas Day"},
	{"2013-12-26", "Thu", "Boxing Day"},
	{"2014-01-01", "Wed", "New Year's Day"},
	{"2014-04-18", "Fri", "Good Friday"},
	{"2014-04-21", "Mon", "Easter Monday"},
	{"2014-05-05", "Mon", "Early May bank holiday"},
	{"2014-05-26", "Mon", "Spring bank holiday"},
	{"2014-08-25", "Mon", "Summer bank holiday"},
	{"2014-12-25", "Thu", "Christmas Day"},
	{"2014-12-26", "Fri", "Boxing Day"},
	{"2015-01-01", "Thu", "New Year's Day"},
	{"2015-04-03", "Fri", "Good Friday"},
	{"2015-04-06", "Mon", "Easter Monday"},
	{"2015-05-04", "Mon", "Early May bank holiday"},
	{"2015-05-25", "Mon", "Spring bank holiday"},
	{"2015-08-31", "Mon", "Summer bank holiday"},
	{"2015-12-25", "Fri", "Christmas Day"},
	{"2015-12-28", "Mon", "Boxing Day (substitute day)"},
	{"2016-01-01", "Fri", "New Year's Day"},
	{"2016-03-25", "Fri", "Good Friday"},
	{"2016-03-28", "Mon", "Easter Monday"},
	{"2016-05-02", "Mon", "Early May bank holiday"},
	{"2016-05-30", "Mon", "Spring bank holiday"},
	{"2016-08-29", "Mon", "Summer bank holiday"},
	{"2016-12-26", "Mon", "Boxing Day"},
	{"2016-12-27", "Tue", "Christmas Day (substitute day)"},
	{"2017-01-02", "Mon", "New Year's Day (substitute day)"},
	{"2017-04-14", "Fri", "Good Friday"},
	{"2017-04-17", "Mon", "Easter Monday"},
	{"2017-05-01", "Mon", "Early May bank holiday"},
	{"2017-05-29", "Mon", "Spring bank holiday"},
	{"2017-08-28", "Mon", "Summer bank holiday"},
	{"2017-12-25", "Mon", "Christmas Day"},
	{"2017-12-26", "Tue", "Boxing Day"},
	{"2018-01-01", "Mon", "New Year's Day"},
	{"2018-03-30", "Fri", "Good Friday"},
	{"2018-04-02", "Mon", "Easter Monday"},
	{"2018-05-07", "Mon", "Early May bank holiday"},
	{"2018-05-28", "Mon", "Spring bank holiday"},
	{"2018-08-27", "Mon", "Summer bank holiday"},
	{"2018-12-25", "Tue", "Christmas Day"},
	{"2018-12-26", "Wed", "Boxing Day"},
	{"2019-01-01", "Tue", "New Year's Day"},
	{"2019-04-19", "Fri", "Good Friday"},
	{"2019-04-22", "Mon", "Easter Monday"},
	{"2019-05-06", "Mon", "Early May bank holiday"},
	{"2019-05-27", "Mon", "Spring bank holiday"},
	{"2019-08-26", "Mon", "Summer bank holiday"},
	{"2019-12-25", "Wed", "Christmas Day"},
	{"2019-12-26", "Thu", "Boxing Day"},
	{"2020-01-01", "Wed", "New Year's Day"},
	{"2020-04-10", "Fri", "Good Friday"},
	{"2020-04-13", "Mon", "Easter Monday"},
	{"2020-05-08", "Fri", "Early May bank holiday (VE Day 75th anniversary; moved from 4 May)"},
	{"2020-05-25", "Mon", "Spring bank holiday"},
	{"2020-08-31", "Mon", "Summer bank holiday"},
	{"2020-12-25", "Fri", "Christmas Day"},
	{"2020-12-28", "Mon", "Boxing Day (substitute day)"},
	{"2021-01-01", "Fri", "New Year's Day"},
	{"2021-04-02", "Fri", "Good Friday"},
	{"2021-04-05", "Mon", "Easter Monday"},
	{"2021-05-03", "Mon", "Early May bank holiday"},
	{"2021-05-31", "Mon", "Spring bank holiday"},
	{"2021-08-30", "Mon", "Summer bank holiday"},
	{"2021-12-27", "Mon", "Christmas Day (substitute day)"},
	{"2021-12-28", "Tue", "Boxing Day (substitute day)"},
	{"2022-01-03", "Mon", "New Year's Day (substitute day)"},
	{"2022-04-15", "Fri", "Good Friday"},
	{"2022-04-18", "Mon", "Easter Monday"},
	{"2022-05-02", "Mon", "Early May bank holiday"},
	{"2022-06-02", "Thu", "Spring bank holiday (moved from 30 May)"},
	{"2022-06-03", "Fri", "Platinum Jubilee bank holiday (one-off)"},
	{"2022-08-29", "Mon", "Summer bank holiday"},
	{"2022-09-19", "Mon", "Bank holiday for the State Funeral of Queen Elizabeth II (one-off)"},
	{"2022-12-26", "Mon", "Boxing Day"},
	{"2022-12-27", "Tue", "Christmas Day (substitute day)"},
	{"2023-01-02", "Mon", "New Year's Day (substitute day)"},
	{"2023-04-07", "Fri", "Good Friday"},
	{"2023-04-10", "Mon", "Easter Monday"},
	{"2023-05-01", "Mon", "Early May bank holiday"},
	{"2023-05-08", "Mon", "Bank holiday for the Coronation of King Charles III (one-off)"},
	{"2023-05-29", "Mon", "Spring bank holiday"},
	{"2023-08-28", "Mon", "Summer bank holiday"},
	{"2023-12-25", "Mon", "Christmas Day"},
	{"2023-12-26", "Tue", "Boxing Day"},
	{"2024-01-01", "Mon", "New Year's Day"},
	{"2024-03-29", "Fri", "Good Friday"},
	{"2024-04-01", "Mon", "Easter Monday"},
	{"2024-05-06", "Mon", "Early May bank holiday"},
	{"2024-05-27", "Mon", "Spring bank holiday"},
	{"2024-08-26", "Mon", "Summer bank holiday"},
	{"2024-12-25", "Wed", "Christmas Day"},
	{"2024-12-26", "Thu", "Boxing Day"},
	{"2025-01-01", "Wed", "New Year's Day"},
	{"2025-04-18", "Fri", "Good Friday"},
	{"2025-04-21", "Mon", "Easter Monday"},
	{"2025-05-05", "Mon", "Early May bank holiday"},
	{"2025-05-26", "Mon", "Spring bank holiday"},
	{"2025-08-25", "Mon", "Summer bank holiday"},
	{"2025-12-25", "Thu", "Christmas Day"},
	{"2025-12-26", "Fri", "Boxing Day"},
	{"2026-01-01", "Thu", "New Year's Day"},
	{"2026-04-03", "Fri", "Good Friday"},
	{"2026-04-06", "Mon", "Easter Monday"},
	{"2026-05-04", "Mon", "Early May bank holiday"},
	{"2026-05-25", "Mon", "Spring bank holiday"},
	{"2026-08-31", "Mon", "Summer bank holiday"},
	{"2026-12-25", "Fri", "Christmas Day"},
	{"2026-12-28", "Mon", "Boxing Day (substitute day)"},
	{"2027-01-01", "Fri", "New Year's Day"},
	{"2027-03-26", "Fri", "Good Friday"},
	{"2027-03-29", "Mon", "Easter Monday"},
	{"2027-05-03", "Mon", "Early May bank holiday"},
	{"2027-05-31", "Mon", "Spring bank holiday"},
	{"2027-08-30", "Mon", "Summer bank holiday"},
	{"2027-12-27", "Mon", "Christmas Day (substitute day)"},
	{"2027-12-28", "Tue", "Boxing Day (substitute day)"},
};

#define N_TABLE_5_4 (sizeof table_5_4 / sizeof *table_5_4)

/* procedure.md 5.3: the official gov.uk lists, 2018-2027. */
static const char *const official_5_3[][11] = {
    {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28",
     "2018-08-27", "2018-12-25", "2018-12-26", NULL},
    {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27",
     "2019-08-26", "2019-12-25", "2019-12-26", NULL},
    {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25",
     "2020-08-31", "2020-12-25", "2020-12-28", NULL},
    {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31",
     "2021-08-30", "2021-12-27", "2021-12-28", NULL},
    {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02",
     "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27",
     NULL},
    {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08",
     "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26", NULL},
    {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27",
     "2024-08-26", "2024-12-25", "2024-12-26", NULL},
    {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26",
     "2025-08-25", "2025-12-25", "2025-12-26", NULL},
    {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25",
     "2026-08-31", "2026-12-25", "2026-12-28", NULL},
    {"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31",
     "2027-08-30", "2027-12-27", "2027-12-28", NULL},
};

static cwyn_day D(const char *iso)
{
	cwyn_day d = 0;
	if (date_parse(iso, &d, "test", NULL) != CWYN_OK)
		fail_msg("bad date in test: %s", iso);
	return d;
}

static const char *iso(cwyn_day d, char buf[CWYN_DATE_STRLEN])
{
	return date_format(d, buf);
}

static size_t year_list(int year, struct cal_holiday *out, size_t max)
{
	struct cwyn_error err = {0};
	size_t n = cal_bank_holidays(year, out, max, &err);
	assert_true(n > 0);
	assert_true(n <= max);
	return n;
}

static struct calendar *plain_calendar(void)
{
	struct calendar *cal = NULL;
	assert_int_equal(calendar_new(NULL, 0, NULL, 0, &cal, NULL), CWYN_OK);
	assert_non_null(cal);
	return cal;
}

/* ---- bank holidays --------------------------------------------------- */

static void full_table_1995_to_2027(void **state)
{
	(void)state;
	size_t t = 0;
	for (int y = 1995; y <= 2027; y++) {
		struct cal_holiday h[32];
		size_t n = year_list(y, h, 32);
		for (size_t i = 0; i < n; i++, t++) {
			char buf[CWYN_DATE_STRLEN];
			assert_true(t < N_TABLE_5_4);
			assert_string_equal(iso(h[i].day, buf), table_5_4[t].iso);
			assert_string_equal(
			    date_weekday_name(date_weekday(h[i].day)),
			    table_5_4[t].weekday);
			assert_string_equal(h[i].name_en, table_5_4[t].name);
			assert_non_null(h[i].name_cy);
			assert_true(strlen(h[i].name_cy) > 0);
		}
		/* The table moves on to the next year exactly here. */
		if (t < N_TABLE_5_4)
			assert_int_equal(atoi(table_5_4[t].iso), y + 1);
	}
	assert_int_equal(t, N_TABLE_5_4);
}

static void official_lists_2018_to_2027(void **state)
{
	(void)state;
	for (int y = 2018; y <= 2027; y++) {
		const char *const *want = official_5_3[y - 2018];
		struct cal_holiday h[32];
		size_t n = year_list(y, h, 32);
		size_t i = 0;
		for (; want[i] != NULL; i++) {
			char buf[CWYN_DATE_STRLEN];
			assert_true(i < n);
			assert_string_equal(iso(h[i].day, buf), want[i]);
		}
		assert_int_equal(n, i);
	}
}

static const char *find_name(const struct cal_holiday *h, size_t n,
                             cwyn_day d, int welsh)
{
	for (size_t i = 0; i < n; i++)
		if (h[i].day == d)
			return welsh ? h[i].name_cy : h[i].name_en;
	return NULL;
}

static void welsh_names(void **state)
{
	(void)state;
	struct cal_holiday h[32];
	size_t n = year_list(2026, h, 32);
	assert_string_equal(find_name(h, n, D("2026-01-01"), 1), "Dydd Calan");
	assert_string_equal(find_name(h, n, D("2026-04-03"), 1),
	                    "Dydd Gwener y Groglith");
	assert_string_equal(find_name(h, n, D("2026-04-06"), 1), "Llun y Pasg");
	assert_string_equal(find_name(h, n, D("2026-05-04"), 1),
	                    "Gŵyl y Banc Calan Mai");
	assert_string_equal(find_name(h, n, D("2026-05-25"), 1),
	                    "Gŵyl y Banc y Gwanwyn");
	assert_string_equal(find_name(h, n, D("2026-08-31"), 1),
	                    "Gŵyl y Banc yr Haf");
	assert_string_equal(find_name(h, n, D("2026-12-25"), 1),
	                    "Dydd Nadolig");
	assert_string_equal(find_name(h, n, D("2026-12-28"), 1),
	                    "Dydd San Steffan (diwrnod yn lle)");
	n = year_list(2022, h, 32);
	assert_string_equal(find_name(h, n, D("2022-01-03"), 1),
	                    "Dydd Calan (diwrnod yn lle)");
	assert_string_equal(find_name(h, n, D("2022-12-27"), 1),
	                    "Dydd Nadolig (diwrnod yn lle)");
	assert_non_null(strstr(find_name(h, n, D("2022-06-03"), 1),
	                       "Jiwbilî Platinwm"));
	/* Every Welsh name of every year differs from the English one. */
	for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		n = year_list(y, h, 32);
		for (size_t i = 0; i < n; i++)
			assert_string_not_equal(h[i].name_en, h[i].name_cy);
	}
}

static void every_year_is_sane(void **state)
{
	(void)state;
	for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++) {
		struct cal_holiday h[32];
		size_t n = year_list(y, h, 32);
		assert_true(n >= 8);
		int good_friday = 0, xmas = 0, boxing = 0;
		for (size_t i = 0; i < n; i++) {
			enum cwyn_weekday w = date_weekday(h[i].day);
			assert_true(w <= WD_FRI); /* never at a weekend */
			assert_int_equal(date_year(h[i].day), y);
			if (i > 0) /* date order, no day twice */
				assert_true(h[i].day > h[i - 1].day);
			if (strcmp(h[i].name_en, "Good Friday") == 0) {
				good_friday++;
				assert_int_equal(w, WD_FRI);
				/* Easter Monday follows three days later. */
				assert_string_equal(
				    find_name(h, n, h[i].day + 3, 0),
				    "Easter Monday");
			}
			if (strncmp(h[i].name_en, "Christmas Day", 13) == 0)
				xmas++;
			if (strncmp(h[i].name_en, "Boxing Day", 10) == 0)
				boxing++;
		}
		assert_int_equal(good_friday, 1);
		assert_int_equal(xmas, 1);
		assert_int_equal(boxing, 1);
	}
}

/* Gauss's Easter algorithm: a different method from the code's. */
static cwyn_day gauss_easter(int y)
{
	int a = y % 19, b = y % 4, c = y % 7, k = y / 100;
	int p = (13 + 8 * k) / 25, q = k / 4;
	int m = (15 - p + k - q) % 30, n = (4 + k - q) % 7;
	int d = (19 * a + m) % 30, e = (2 * b + 4 * c + 6 * d + n) % 7;
	if (d == 29 && e == 6)
		return date_from_ymd(y, 4, 19);
	if (d == 28 && e == 6 && (11 * m + 11) % 30 < 19)
		return date_from_ymd(y, 4, 18);
	return date_from_ymd(y, 3, 22) + d + e;
}

static cwyn_day easter_monday_of(int y)
{
	struct cal_holiday h[32];
	size_t n = year_list(y, h, 32);
	for (size_t i = 0; i < n; i++)
		if (strcmp(h[i].name_en, "Easter Monday") == 0)
			return h[i].day;
	fail_msg("no Easter Monday in %d", y);
	return 0;
}

static void easter(void **state)
{
	(void)state;
	for (int y = CAL_FIRST_YEAR; y <= CAL_LAST_YEAR; y++)
		assert_int_equal(easter_monday_of(y) - 1, gauss_easter(y));
	/* Published Easter Sundays, including both exceptional cases of
	 * Gauss's method (2049: 18 April, 2076: 19 April). */
	assert_int_equal(easter_monday_of(2038) - 1, D("2038-04-25"));
	assert_int_equal(easter_monday_of(2095) - 1, D("2095-04-24"));
	assert_int_equal(easter_monday_of(2049) - 1, D("2049-04-18"));
	assert_int_equal(easter_monday_of(2076) - 1, D("2076-04-19"));
	assert_int_equal(easter_monday_of(2100) - 1, D("2100-03-28"));
	assert_int_equal(easter_monday_of(2008) - 1, D("2008-03-23"));
}

static void bank_holiday_years_out_of_range(void **state)
{
	(void)state;
	struct cal_holiday h[32];
	struct cwyn_error err = {0};
	assert_int_equal(cal_bank_holidays(1994, h, 32, &err), 0);
	assert_int_equal(err.code, CWYN_ERANGE);
	assert_string_equal(err.field, "year");
	assert_non_null(strstr(err.message, "1995-2100"));
	cwyn_error_clear(&err);
	assert_int_equal(cal_bank_holidays(2101, h, 32, &err), 0);
	assert_int_equal(err.code, CWYN_ERANGE);
	assert_true(cal_bank_holidays(1995, h, 32, NULL) >= 8);
	assert_true(cal_bank_holidays(2100, h, 32, NULL) >= 8);

	/* A short buffer gets what fits; the count says how many exist. */
	struct cal_holiday two[3];
	memset(two, 0, sizeof two);
	two[2].day = 12345;
	assert_int_equal(cal_bank_holidays(2022, two, 2, NULL), 10);
	assert_int_equal(two[0].day, D("2022-01-03"));
	assert_int_equal(two[2].day, 12345);
	assert_int_equal(cal_bank_holidays(2022, NULL, 0, NULL), 10);
}

/* ---- working days ---------------------------------------------------- */

static void kinds_and_reasons(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	const char *en, *cy;

	/* Christmas Eve and New Year's Eve are working days (decision 11). */
	assert_true(calendar_is_working_day(cal, D("2026-12-24")));
	assert_true(calendar_is_working_day(cal, D("2026-12-31")));
	assert_int_equal(calendar_day_kind(cal, D("2026-12-24"), &en, &cy),
	                 CAL_WORKING);
	assert_null(en);
	assert_null(cy);

	assert_false(calendar_is_working_day(cal, D("2026-12-25")));
	assert_int_equal(calendar_day_kind(cal, D("2026-12-25"), &en, &cy),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Christmas Day");
	assert_string_equal(cy, "Dydd Nadolig");

	assert_int_equal(calendar_day_kind(cal, D("2026-12-26"), &en, &cy),
	                 CAL_WEEKEND);
	assert_string_equal(en, "Saturday");
	assert_string_equal(cy, "Dydd Sadwrn");
	assert_int_equal(calendar_day_kind(cal, D("2026-12-27"), &en, &cy),
	                 CAL_WEEKEND);
	assert_string_equal(en, "Sunday");
	assert_string_equal(cy, "Dydd Sul");

	assert_int_equal(calendar_day_kind(cal, D("2026-12-28"), &en, NULL),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Boxing Day (substitute day)");
	assert_int_equal(calendar_day_kind(cal, D("2026-04-03"), &en, NULL),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Good Friday");
	assert_true(calendar_is_working_day(cal, D("2026-12-29")));

	/* Outside the known years: not working, and said so, not guessed. */
	assert_false(calendar_is_working_day(cal, D("1994-12-30")));
	assert_false(calendar_is_working_day(cal, D("2101-01-03")));
	assert_int_equal(calendar_day_kind(cal, D("2101-01-03"), &en, NULL),
	                 CAL_DAY_KIND__MAX);
	assert_non_null(strstr(en, "1995-2100"));
	assert_true(calendar_in_range(D("1995-01-01")));
	assert_true(calendar_in_range(D("2100-12-31")));
	assert_false(calendar_in_range(D("1994-12-31")));
	assert_false(calendar_in_range(D("2101-01-01")));
	calendar_free(cal);
}

static cwyn_day add(const struct calendar *cal, const char *from, int n)
{
	cwyn_day out = 0;
	struct cwyn_error err = {0};
	assert_int_equal(calendar_add_working_days(cal, D(from), n, &out, &err),
	                 CWYN_OK);
	return out;
}

static void conference_window_over_christmas_2026(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	/*
	 * Minutes sent Fri 2026-12-18 = day 0. Bank holidays nearby
	 * (procedure.md 5.4): Fri 25 Dec Christmas Day, Mon 28 Dec Boxing
	 * Day (substitute), Fri 1 Jan 2027 New Year's Day. Counting:
	 *   Mon 21 = 1, Tue 22 = 2, Wed 23 = 3, Thu 24 = 4,
	 *   (Fri 25 BH, Sat 26, Sun 27, Mon 28 BH skipped)
	 *   Tue 29 = 5, Wed 30 = 6, Thu 31 = 7,
	 *   (Fri 1 Jan BH, Sat 2, Sun 3 skipped)
	 *   Mon 4 = 8, Tue 5 = 9, Wed 6 = 10, Thu 7 = 11, Fri 8 = 12,
	 *   (Sat 9, Sun 10 skipped)
	 *   Mon 11 = 13, Tue 12 = 14, Wed 13 = 15.
	 * So a complaint received Tue 2027-01-12 is in time (day 14) and one
	 * received Wed 2027-01-13 is late (day 15).
	 */
	char buf[CWYN_DATE_STRLEN];
	assert_string_equal(iso(add(cal, "2026-12-18", 14), buf), "2027-01-12");
	assert_string_equal(iso(add(cal, "2026-12-18", 15), buf), "2027-01-13");
	assert_string_equal(iso(add(cal, "2026-12-18", 4), buf), "2026-12-24");
	assert_string_equal(iso(add(cal, "2026-12-18", 5), buf), "2026-12-29");
	assert_string_equal(iso(add(cal, "2026-12-18", 8), buf), "2027-01-04");
	assert_int_equal(calendar_working_days_between(cal, D("2026-12-18"),
	                                               D("2027-01-12")),
	                 14);
	assert_int_equal(calendar_working_days_between(cal, D("2026-12-18"),
	                                               D("2027-01-13")),
	                 15);
	/* Received on Sun 10 Jan: the weekend adds nothing after Fri 8 Jan,
	 * day 12. */
	assert_int_equal(calendar_working_days_between(cal, D("2026-12-18"),
	                                               D("2027-01-10")),
	                 12);
	calendar_free(cal);
}

static void easter_2026(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	char buf[CWYN_DATE_STRLEN];
	/* Thu 2 Apr 2026 = day 0; Fri 3 (Good Friday), Sat, Sun, Mon 6
	 * (Easter Monday) are skipped: day 1 is Tue 7 April. */
	assert_string_equal(iso(add(cal, "2026-04-02", 1), buf), "2026-04-07");
	assert_string_equal(iso(add(cal, "2026-04-02", 2), buf), "2026-04-08");
	assert_false(calendar_is_working_day(cal, D("2026-04-03")));
	assert_false(calendar_is_working_day(cal, D("2026-04-06")));
	assert_true(calendar_is_working_day(cal, D("2026-04-02")));
	/* Reg 15: acknowledge 2 WD after receipt on Wed 1 April -> Tue 7. */
	assert_string_equal(iso(add(cal, "2026-04-01", 2), buf), "2026-04-07");
	calendar_free(cal);
}

static void event_on_a_non_working_day(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	char buf[CWYN_DATE_STRLEN];
	/* Sat 7 March 2026: day 1 is Mon 9 March. */
	assert_string_equal(iso(add(cal, "2026-03-07", 1), buf), "2026-03-09");
	/* Sun 8 March: the same Monday. */
	assert_string_equal(iso(add(cal, "2026-03-08", 1), buf), "2026-03-09");
	/* Early May bank holiday Mon 4 May 2026: day 1 is Tue 5 May. */
	assert_string_equal(iso(add(cal, "2026-05-04", 1), buf), "2026-05-05");
	/* Good Friday 3 April 2026: day 1 is Tue 7 April. */
	assert_string_equal(iso(add(cal, "2026-04-03", 1), buf), "2026-04-07");
	/* Day 0 is never counted, even when it is a working day. */
	assert_string_equal(iso(add(cal, "2026-03-09", 1), buf), "2026-03-10");
	calendar_free(cal);
}

static void zero_days_is_day_zero(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	char buf[CWYN_DATE_STRLEN];
	assert_string_equal(iso(add(cal, "2026-03-07", 0), buf), "2026-03-07");
	assert_string_equal(iso(add(cal, "2026-12-25", 0), buf), "2026-12-25");
	assert_string_equal(iso(add(cal, "2026-03-10", 0), buf), "2026-03-10");
	assert_int_equal(calendar_working_days_between(cal, D("2026-03-07"),
	                                               D("2026-03-07")),
	                 0);
	calendar_free(cal);
}

/* A small deterministic generator, so a failure can be reproduced. */
static uint64_t rng_state = 0x2014179420141795ull;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng_state >> 33) % n;
}

static void add_and_between_agree(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	cwyn_day first = D("1995-01-01"), last = D("2100-12-31");
	for (int i = 0; i < 20000; i++) {
		cwyn_day a = first + (cwyn_day)rnd((uint32_t)(last - first - 800));
		int n = (int)rnd(400);
		cwyn_day b = 0;
		assert_int_equal(calendar_add_working_days(cal, a, n, &b, NULL),
		                 CWYN_OK);
		assert_int_equal(calendar_working_days_between(cal, a, b), n);
		assert_int_equal(calendar_working_days_between(cal, b, a), -n);
		if (n > 0) {
			/* The answer is a working day, the first with that
			 * count: the day before it has one fewer. */
			assert_true(calendar_is_working_day(cal, b));
			assert_int_equal(
			    calendar_working_days_between(cal, a, b - 1),
			    n - 1);
		}
	}
	/* between against a day-by-day count, for random spans. */
	for (int i = 0; i < 2000; i++) {
		cwyn_day a = first + (cwyn_day)rnd((uint32_t)(last - first));
		cwyn_day b = a + (cwyn_day)rnd(800) - 400;
		int want = 0;
		cwyn_day lo = a < b ? a : b, hi = a < b ? b : a;
		for (cwyn_day d = lo + 1; d <= hi; d++)
			want += calendar_is_working_day(cal, d);
		if (b < a)
			want = -want;
		assert_int_equal(calendar_working_days_between(cal, a, b), want);
	}
	calendar_free(cal);
}

static void negative_between(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	assert_int_equal(calendar_working_days_between(cal, D("2027-01-12"),
	                                               D("2026-12-18")),
	                 -14);
	/* (Mon 9 Mar, Fri 13 Mar] holds Tue-Fri: 4; reversed: -4. */
	assert_int_equal(calendar_working_days_between(cal, D("2026-03-09"),
	                                               D("2026-03-13")),
	                 4);
	assert_int_equal(calendar_working_days_between(cal, D("2026-03-13"),
	                                               D("2026-03-09")),
	                 -4);
	/* Days outside the range count as not working. */
	cwyn_day last = D("2100-12-31");
	assert_int_equal(calendar_working_days_between(cal, last - 10, last + 30),
	                 calendar_working_days_between(cal, last - 10, last));
	assert_int_equal(calendar_working_days_between(cal, D("1990-01-01"),
	                                               D("1995-01-03")),
	                 1); /* 1995-01-02 is New Year's substitute; 3rd works */
	calendar_free(cal);
}

static bool skipped_contains(const struct cal_derivation *dv, cwyn_day d,
                             enum cal_day_kind kind, const char *why)
{
	for (size_t i = 0; i < dv->n_skipped; i++)
		if (dv->skipped[i].day == d && dv->skipped[i].kind == kind &&
		    strcmp(dv->skipped[i].why_en, why) == 0)
			return true;
	return false;
}

static void closure_days(void **state)
{
	(void)state;
	struct cal_holiday closures[] = {
	    {D("2026-12-24"), "Christmas Eve closure", "Cau Noswyl Nadolig"},
	    {D("2026-12-31"), NULL, NULL},
	};
	struct calendar *cal = NULL;
	assert_int_equal(calendar_new(NULL, 0, closures, 2, &cal, NULL),
	                 CWYN_OK);
	/* The arrays are copied: changing them now changes nothing. */
	closures[0].name_en = "changed";
	closures[0].day = D("2026-12-22");

	const char *en, *cy;
	assert_int_equal(calendar_day_kind(cal, D("2026-12-24"), &en, &cy),
	                 CAL_CLOSURE);
	assert_string_equal(en, "Christmas Eve closure");
	assert_string_equal(cy, "Cau Noswyl Nadolig");
	assert_true(calendar_is_working_day(cal, D("2026-12-22")));
	assert_int_equal(calendar_day_kind(cal, D("2026-12-31"), &en, &cy),
	                 CAL_CLOSURE);
	assert_non_null(en);
	assert_non_null(cy);

	/* With Thu 24 and Thu 31 Dec closed, the hand count above moves on
	 * two days: day 14 is Thu 2027-01-14. */
	char buf[CWYN_DATE_STRLEN];
	assert_string_equal(iso(add(cal, "2026-12-18", 14), buf), "2027-01-14");

	struct arena arena;
	arena_init(&arena, 0);
	struct cal_derivation dv;
	assert_int_equal(calendar_derive(cal, D("2026-12-18"), 14,
	                                 CAL_UNIT_WORKING_DAYS, false, &arena,
	                                 &dv, NULL),
	                 CWYN_OK);
	assert_int_equal(dv.result, D("2027-01-14"));
	assert_true(skipped_contains(&dv, D("2026-12-24"), CAL_CLOSURE,
	                             "Christmas Eve closure"));
	assert_true(skipped_contains(&dv, D("2026-12-25"), CAL_BANK_HOLIDAY,
	                             "Christmas Day"));
	char *text = calendar_explain(&dv, &arena);
	assert_non_null(text);
	assert_non_null(
	    strstr(text, "Thu 2026-12-24 (closure: Christmas Eve closure)"));
	arena_free(&arena);
	calendar_free(cal);
}

static void long_closure(void **state)
{
	(void)state;
	/* Closed every weekday from Mon 3 Aug to Fri 28 Aug 2026 (four
	 * weeks); Mon 31 Aug is the Summer bank holiday. */
	struct cal_holiday closed[20];
	size_t n = 0;
	for (cwyn_day d = D("2026-08-03"); d <= D("2026-08-28"); d++)
		if (date_weekday(d) <= WD_FRI)
			closed[n++] = (struct cal_holiday){d, "Summer closure",
			                                   "Cau'r haf"};
	assert_int_equal(n, 20);
	struct calendar *cal = NULL;
	assert_int_equal(calendar_new(NULL, 0, closed, n, &cal, NULL),
	                 CWYN_OK);
	char buf[CWYN_DATE_STRLEN];
	/* Fri 31 Jul = day 0: nothing works until Tue 1 Sep. */
	assert_string_equal(iso(add(cal, "2026-07-31", 1), buf), "2026-09-01");
	assert_string_equal(iso(add(cal, "2026-07-31", 2), buf), "2026-09-02");
	assert_int_equal(calendar_working_days_between(cal, D("2026-07-31"),
	                                               D("2026-09-01")),
	                 1);
	calendar_free(cal);
}

static void extra_bank_holiday_from_policy(void **state)
{
	(void)state;
	struct cal_holiday extra[] = {
	    {D("2026-06-15"), "Proclaimed bank holiday", "Gŵyl y banc"},
	    /* Already a bank holiday: the generated name is kept. */
	    {D("2026-12-25"), "Duplicate", "Dyblyg"},
	};
	struct calendar *cal = NULL;
	assert_int_equal(calendar_new(extra, 2, NULL, 0, &cal, NULL), CWYN_OK);
	const char *en;
	assert_int_equal(calendar_day_kind(cal, D("2026-06-15"), &en, NULL),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Proclaimed bank holiday");
	assert_int_equal(calendar_day_kind(cal, D("2026-12-25"), &en, NULL),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Christmas Day");
	char buf[CWYN_DATE_STRLEN];
	/* Fri 12 June = day 0; Sat, Sun, Mon 15 (proclaimed) skipped. */
	assert_string_equal(iso(add(cal, "2026-06-12", 1), buf), "2026-06-16");
	calendar_free(cal);

	cal = plain_calendar();
	assert_string_equal(iso(add(cal, "2026-06-12", 1), buf), "2026-06-15");
	calendar_free(cal);
}

static void out_of_range_is_refused(void **state)
{
	(void)state;
	struct calendar *cal = (struct calendar *)1;
	struct cwyn_error err = {0};
	struct cal_holiday bad[] = {
	    {D("2026-12-24"), "ok", "ok"},
	    {D("2101-01-01"), "too late", "rhy hwyr"},
	};
	assert_int_equal(calendar_new(NULL, 0, bad, 2, &cal, &err),
	                 CWYN_ERANGE);
	assert_null(cal);
	assert_string_equal(err.field, "closures[1].day");
	assert_non_null(strstr(err.message, "1995-2100"));
	cwyn_error_clear(&err);
	bad[1].day = D("1994-12-31");
	assert_int_equal(calendar_new(bad, 2, NULL, 0, &cal, &err),
	                 CWYN_ERANGE);
	assert_string_equal(err.field, "extra_bank_holidays[1].day");

	cal = plain_calendar();
	cwyn_day out = 42;
	cwyn_error_clear(&err);
	assert_int_equal(calendar_add_working_days(cal, D("1994-12-30"), 3,
	                                           &out, &err),
	                 CWYN_ERANGE);
	assert_int_equal(out, 42);
	assert_non_null(strstr(err.field, "1994-12-30"));
	/* The last days of 2100 are known, but 20 working days on are not. */
	assert_int_equal(calendar_add_working_days(cal, D("2100-12-20"), 20,
	                                           &out, &err),
	                 CWYN_ERANGE);
	assert_int_equal(out, 42);
	assert_int_equal(calendar_add_working_days(cal, D("2100-12-20"), 2,
	                                           &out, &err),
	                 CWYN_OK);
	assert_int_equal(calendar_add_working_days(cal, D("2026-01-05"), -1,
	                                           &out, &err),
	                 CWYN_EINVAL);

	struct arena arena;
	arena_init(&arena, 0);
	struct cal_derivation dv;
	for (int u = 0; u < CAL_UNIT__MAX; u++) {
		assert_int_equal(calendar_derive(cal, D("1994-06-01"), 1, u,
		                                 false, &arena, &dv, &err),
		                 CWYN_ERANGE);
		assert_int_equal(calendar_derive(cal, D("2100-12-01"), 400, u,
		                                 false, &arena, &dv, &err),
		                 CWYN_ERANGE);
		assert_int_equal(calendar_derive(cal, D("2026-01-05"), -1, u,
		                                 false, &arena, &dv, &err),
		                 CWYN_EINVAL);
	}
	assert_int_equal(calendar_derive(cal, D("2026-01-05"), 1, CAL_UNIT__MAX,
	                                 false, &arena, &dv, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "unit");
	arena_free(&arena);
	calendar_free(cal);
}

static void derivation_lists_every_skipped_day(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	struct arena arena;
	arena_init(&arena, 0);
	for (int i = 0; i < 500; i++) {
		cwyn_day a = D("1995-01-01") + (cwyn_day)rnd(38000);
		int n = (int)rnd(60);
		struct cal_derivation dv;
		assert_int_equal(calendar_derive(cal, a, n,
		                                 CAL_UNIT_WORKING_DAYS, false,
		                                 &arena, &dv, NULL),
		                 CWYN_OK);
		assert_int_equal(dv.start, a);
		assert_int_equal(dv.amount, n);
		cwyn_day want;
		assert_int_equal(calendar_add_working_days(cal, a, n, &want,
		                                           NULL),
		                 CWYN_OK);
		assert_int_equal(dv.result, want);
		/* Skipped = exactly the non-working days in (a, result). */
		size_t k = 0;
		for (cwyn_day d = a + 1; d < dv.result; d++) {
			if (calendar_is_working_day(cal, d))
				continue;
			assert_true(k < dv.n_skipped);
			assert_int_equal(dv.skipped[k].day, d);
			assert_int_not_equal(dv.skipped[k].kind, CAL_WORKING);
			assert_non_null(dv.skipped[k].why_en);
			assert_non_null(dv.skipped[k].why_cy);
			k++;
		}
		assert_int_equal(k, dv.n_skipped);
	}
	arena_free(&arena);
	calendar_free(cal);
}

static char *explain(const struct calendar *cal, struct arena *arena,
                     const char *start, int n, enum cal_unit unit,
                     bool inclusive, cwyn_day *result)
{
	struct cal_derivation dv;
	assert_int_equal(calendar_derive(cal, D(start), n, unit, inclusive,
	                                 arena, &dv, NULL),
	                 CWYN_OK);
	if (result)
		*result = dv.result;
	char *text = calendar_explain(&dv, arena);
	assert_non_null(text);
	return text;
}

static void explanation_text(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	struct arena arena;
	arena_init(&arena, 0);
	char *t = explain(cal, &arena, "2026-12-18", 14, CAL_UNIT_WORKING_DAYS,
	                  false, NULL);
	static const char *const want[] = {
	    "Day 0 is Fri 2026-12-18.",
	    "Counting 14 working days after it",
	    "Sat 2026-12-19 (weekend)",
	    "Sun 2026-12-20 (weekend)",
	    "Fri 2026-12-25 (bank holiday: Christmas Day)",
	    "Mon 2026-12-28 (bank holiday: Boxing Day (substitute day))",
	    "Fri 2027-01-01 (bank holiday: New Year's Day)",
	    "Sun 2027-01-10 (weekend)",
	    "The 14th working day is Tue 2027-01-12.",
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (strstr(t, want[i]) == NULL)
			fail_msg("missing \"%s\" in: %s", want[i], t);
	/* Christmas Eve is not skipped, nor day 0 nor the result. */
	assert_null(strstr(t, "2026-12-24 ("));
	assert_null(strstr(t, "2026-12-18 ("));
	assert_null(strstr(t, "2027-01-12 ("));

	/* Ordinals. */
	static const struct {
		int n;
		const char *s;
	} ord[] = {{1, "The 1st working"},     {2, "The 2nd working"},
	           {3, "The 3rd working"},     {4, "The 4th working"},
	           {11, "The 11th working"},   {12, "The 12th working"},
	           {13, "The 13th working"},   {21, "The 21st working"},
	           {22, "The 22nd working"},   {23, "The 23rd working"},
	           {101, "The 101st working"}, {111, "The 111th working"},
	           {112, "The 112th working"}};
	for (size_t i = 0; i < sizeof ord / sizeof *ord; i++) {
		t = explain(cal, &arena, "2026-03-10", ord[i].n,
		            CAL_UNIT_WORKING_DAYS, false, NULL);
		if (strstr(t, ord[i].s) == NULL)
			fail_msg("missing \"%s\" in: %s", ord[i].s, t);
	}
	t = explain(cal, &arena, "2026-03-10", 1, CAL_UNIT_WORKING_DAYS, false,
	            NULL);
	assert_non_null(strstr(t, "Counting 1 working day after it"));
	assert_non_null(strstr(t, "no days were skipped"));
	arena_free(&arena);
	calendar_free(cal);
}

static void calendar_days_and_months(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	struct arena arena;
	arena_init(&arena, 0);
	char buf[CWYN_DATE_STRLEN];
	cwyn_day r;
	struct cal_derivation dv;

	/* "One year starting on the day": 10 Mar 2026 to 9 Mar 2027. */
	char *t = explain(cal, &arena, "2026-03-10", 12, CAL_UNIT_MONTHS, true,
	                  &r);
	assert_string_equal(iso(r, buf), "2027-03-09");
	assert_non_null(strstr(t, "Tue 2027-03-09"));
	explain(cal, &arena, "2026-03-10", 12, CAL_UNIT_MONTHS, false, &r);
	assert_string_equal(iso(r, buf), "2027-03-10");
	/* Month ends clamp. */
	explain(cal, &arena, "2026-01-31", 1, CAL_UNIT_MONTHS, false, &r);
	assert_string_equal(iso(r, buf), "2026-02-28");
	explain(cal, &arena, "2026-01-31", 1, CAL_UNIT_MONTHS, true, &r);
	assert_string_equal(iso(r, buf), "2026-02-27");
	/* Months are not moved off non-working days: 2026-12-25 stays. */
	explain(cal, &arena, "2026-11-25", 1, CAL_UNIT_MONTHS, false, &r);
	assert_string_equal(iso(r, buf), "2026-12-25");

	/* Calendar days: start + n, even onto Christmas Day; none skipped. */
	assert_int_equal(calendar_derive(cal, D("2026-12-18"), 7,
	                                 CAL_UNIT_CALENDAR_DAYS, false, &arena,
	                                 &dv, NULL),
	                 CWYN_OK);
	assert_string_equal(iso(dv.result, buf), "2026-12-25");
	assert_int_equal(dv.n_skipped, 0);
	t = calendar_explain(&dv, &arena);
	assert_non_null(strstr(t, "Counting 7 calendar days after it gives "
	                          "Fri 2026-12-25"));

	assert_string_equal(cal_unit_name(CAL_UNIT_WORKING_DAYS),
	                    "working_days");
	assert_string_equal(cal_unit_name(CAL_UNIT_CALENDAR_DAYS),
	                    "calendar_days");
	assert_string_equal(cal_unit_name(CAL_UNIT_MONTHS), "months");
	arena_free(&arena);
	calendar_free(cal);
}

static void weekend_christmas_2021(void **state)
{
	(void)state;
	struct calendar *cal = plain_calendar();
	const char *en;
	/* Christmas 2021 was a Saturday: the day off moved to Mon 27. */
	assert_int_equal(calendar_day_kind(cal, D("2021-12-25"), &en, NULL),
	                 CAL_WEEKEND);
	assert_int_equal(calendar_day_kind(cal, D("2021-12-27"), &en, NULL),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Christmas Day (substitute day)");
	assert_int_equal(calendar_day_kind(cal, D("2021-12-28"), &en, NULL),
	                 CAL_BANK_HOLIDAY);
	assert_string_equal(en, "Boxing Day (substitute day)");
	char buf[CWYN_DATE_STRLEN];
	/* Fri 24 Dec 2021 day 0: Sat, Sun, Mon 27, Tue 28 skipped. */
	assert_string_equal(iso(add(cal, "2021-12-24", 1), buf), "2021-12-29");
	calendar_free(cal);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_table_1995_to_2027),
	    cmocka_unit_test(official_lists_2018_to_2027),
	    cmocka_unit_test(welsh_names),
	    cmocka_unit_test(every_year_is_sane),
	    cmocka_unit_test(easter),
	    cmocka_unit_test(bank_holiday_years_out_of_range),
	    cmocka_unit_test(kinds_and_reasons),
	    cmocka_unit_test(conference_window_over_christmas_2026),
	    cmocka_unit_test(easter_2026),
	    cmocka_unit_test(event_on_a_non_working_day),
	    cmocka_unit_test(zero_days_is_day_zero),
	    cmocka_unit_test(add_and_between_agree),
	    cmocka_unit_test(negative_between),
	    cmocka_unit_test(closure_days),
	    cmocka_unit_test(long_closure),
	    cmocka_unit_test(extra_bank_holiday_from_policy),
	    cmocka_unit_test(out_of_range_is_refused),
	    cmocka_unit_test(derivation_lists_every_skipped_day),
	    cmocka_unit_test(explanation_text),
	    cmocka_unit_test(calendar_days_and_months),
	    cmocka_unit_test(weekend_christmas_2021),
	};
	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
