/*
 * test_cli_calendar.c — `cwyn holidays` and `cwyn workdays` as a user runs
 * them: the built binary (path in $CWYN_BIN, set by meson) is started with
 * popen and its output and exit code are checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "support/cli_run.h"

static void run_cwyn(struct cli_run *r, const char *env, const char *args)
{
	cli_run(r, NULL, env, args);
}

/*
 * A policy file: the shipped Welsh default with a Christmas Eve closure
 * and a proclaimed bank holiday added (the syntax its comments show).
 * Returns the path, to be removed by the caller.
 */
static void write_policy(char path[64])
{
	const char *root = getenv("CWYN_SOURCE_ROOT");
	if (root == NULL)
		fail_msg("CWYN_SOURCE_ROOT is not set");
	char src[1024];
	snprintf(src, sizeof src, "%s/policy/wales-2014.policy", root);
	FILE *in = fopen(src, "r");
	assert_non_null(in);
	snprintf(path, 64, "/tmp/cwyn-test-policy-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *out = fdopen(fd, "w");
	assert_non_null(out);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fputs("\n[[closure]]\n"
	      "date = 2026-12-24\n"
	      "reason.en = \"Council offices closed (Christmas Eve)\"\n"
	      "reason.cy = \"Swyddfeydd y cyngor ar gau (Noswyl Nadolig)\"\n"
	      "\n[[bank_holiday]]\n"
	      "date = 2026-06-15\n"
	      "name.en = \"Proclaimed bank holiday\"\n"
	      "name.cy = \"Gwyl y banc a gyhoeddwyd\"\n",
	      out);
	assert_int_equal(fclose(out), 0);
}

static int count_lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void holidays_2026(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, "CWYN_LANG=en", "holidays 2026");
	assert_int_equal(r.status, 0);
	assert_int_equal(count_lines(r.out), 8);
	assert_non_null(strstr(r.out, "2026-01-01"));
	assert_non_null(strstr(r.out, "2026-04-03"));
	assert_non_null(
	    strstr(r.out, "2026-12-28  Mon  Boxing Day (substitute day)"));
	/* 26 Dec 2026 is a Saturday: not a bank holiday itself. */
	assert_null(strstr(r.out, "2026-12-26"));
}

static void holidays_welsh(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, "CWYN_LANG=cy", "holidays 2026");
	assert_int_equal(r.status, 0);
	assert_int_equal(count_lines(r.out), 8);
	assert_non_null(strstr(r.out, "Dydd San Steffan (diwrnod yn lle)"));
	assert_non_null(strstr(r.out, "Dydd Gwener y Groglith"));
	assert_null(strstr(r.out, "Boxing Day"));
}

static void holidays_json(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, "", "holidays 2022 --json");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"year\": 2022"));
	assert_non_null(strstr(r.out, "\"date\": \"2022-09-19\""));
	assert_non_null(strstr(r.out, "Platinum Jubilee"));
}

static void holidays_bad_input(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, "", "holidays 1994");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "YEAR"));
	assert_non_null(strstr(r.out, "1995-2100"));
	run_cwyn(&r, "", "holidays 2101");
	assert_int_equal(r.status, 1);
	run_cwyn(&r, "", "holidays abc");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "YEAR"));
	run_cwyn(&r, "", "holidays 2026x");
	assert_int_equal(r.status, 1);
	run_cwyn(&r, "", "holidays");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.out, "Usage"));
	run_cwyn(&r, "", "holidays 2026 --frobnicate");
	assert_int_equal(r.status, 2);
}

static void workdays_add(void **state)
{
	(void)state;
	struct cli_run r;
	/* Worked by hand in test_calendar.c: day 14 is Tue 12 Jan 2027. */
	run_cwyn(&r, "CWYN_LANG=en", "workdays add 2026-12-18 14");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "2027-01-12\n");

	run_cwyn(&r, "CWYN_LANG=en", "workdays add 2026-12-18 14 --explain");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Fri 2026-12-25 (bank holiday: "
	                              "Christmas Day)"));
	assert_non_null(strstr(r.out, "The 14th working day is Tue "
	                              "2027-01-12."));

	run_cwyn(&r, "CWYN_LANG=cy", "workdays add 2026-12-18 14 --explain");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Dydd Nadolig"));
	assert_non_null(strstr(r.out, "2027-01-12"));

	run_cwyn(&r, "", "workdays add 2026-12-18 14 --json");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"result\": \"2027-01-12\""));
	assert_non_null(strstr(r.out, "\"kind\": \"bank_holiday\""));
	assert_non_null(strstr(r.out, "\"kind\": \"weekend\""));
	assert_non_null(strstr(r.out, "\"why\": \"Boxing Day (substitute "
	                              "day)\""));
}

static void workdays_between_and_is(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, "", "workdays between 2026-12-18 2027-01-12");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "14\n");
	run_cwyn(&r, "", "workdays between 2027-01-12 2026-12-18");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "-14\n");

	run_cwyn(&r, "CWYN_LANG=en", "workdays is 2026-12-25");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "not a working day"));
	assert_non_null(strstr(r.out, "Christmas Day"));
	run_cwyn(&r, "CWYN_LANG=en", "workdays is 2026-12-24");
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "not a working day"));
	run_cwyn(&r, "CWYN_LANG=en", "workdays is 2026-12-26");
	assert_non_null(strstr(r.out, "weekend"));
}

static void workdays_bad_input(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, "", "workdays add 2026-02-30 3");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "DATE"));
	run_cwyn(&r, "", "workdays add abc 3");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "DATE"));
	run_cwyn(&r, "", "workdays add 2026-02-03 -3");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "N:"));
	run_cwyn(&r, "", "workdays add 2026-02-03 10001");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "N:"));
	run_cwyn(&r, "", "workdays add 2026-02-03 abc");
	assert_int_equal(r.status, 1);
	run_cwyn(&r, "", "workdays add 1994-12-30 3");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "1995-2100"));
	run_cwyn(&r, "", "workdays between 2026-01-01 2026-13-01");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "DATE2"));
	run_cwyn(&r, "", "workdays is 2026-02-29");
	assert_int_equal(r.status, 1);

	run_cwyn(&r, "", "workdays");
	assert_int_equal(r.status, 2);
	run_cwyn(&r, "", "workdays add 2026-02-03");
	assert_int_equal(r.status, 2);
	run_cwyn(&r, "", "workdays subtract 2026-02-03 3");
	assert_int_equal(r.status, 2);
}

static void with_policy(void **state)
{
	(void)state;
	char path[64], args[256];
	struct cli_run r;
	write_policy(path);

	snprintf(args, sizeof args, "holidays 2026 --policy '%s'", path);
	run_cwyn(&r, "CWYN_LANG=en", args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "2026-06-15  Mon  Proclaimed bank "
	                              "holiday"));
	assert_non_null(strstr(r.out, "2026-12-24  Thu  Council offices "
	                              "closed (Christmas Eve)"));

	/* Thu 24 Dec closed: the hand count of test_calendar.c moves on a
	 * day, and the derivation names the closure. */
	snprintf(args, sizeof args,
	         "workdays add 2026-12-18 14 --explain --policy '%s'", path);
	run_cwyn(&r, "CWYN_LANG=en", args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "2027-01-13\n"));
	assert_non_null(strstr(r.out, "Thu 2026-12-24 (closure: Council "
	                              "offices closed (Christmas Eve))"));

	snprintf(args, sizeof args, "workdays is 2026-12-24 --policy '%s'",
	         path);
	run_cwyn(&r, "CWYN_LANG=en", args);
	assert_non_null(strstr(r.out, "not a working day"));
	remove(path);

	run_cwyn(&r, "", "holidays 2026 --policy /nonexistent/x.policy");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "/nonexistent/x.policy"));
	run_cwyn(&r, "", "workdays is 2026-12-24 --policy");
	assert_int_equal(r.status, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(holidays_2026),
	    cmocka_unit_test(holidays_welsh),
	    cmocka_unit_test(holidays_json),
	    cmocka_unit_test(holidays_bad_input),
	    cmocka_unit_test(workdays_add),
	    cmocka_unit_test(workdays_between_and_is),
	    cmocka_unit_test(workdays_bad_input),
	    cmocka_unit_test(with_policy),
	};
	return cmocka_run_group_tests_name("cli_calendar", tests, NULL, NULL);
}
