/*
 * test_cli_case.c — `cwyn case` and `cwyn overdue` as a user runs them:
 * the built binary (path in $CWYN_BIN, set by meson) against a temporary
 * SQLite database; output and exit codes are checked, in English and
 * Welsh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/cli_run.h"

struct fx {
	char dir[64];   /* temporary working directory */
	char db[128];   /* sqlite:<dir>/t.db */
	char facts[128];
};

/* Run `cwyn ARGS` in the fixture's directory, stderr folded in. */
static void run_cwyn(struct fx *f, struct cli_run *r, const char *env,
                     const char *args)
{
	cli_run(r, f->dir, env, args);
}

/* Run with the fixture's database; fail loudly on an unexpected code. */
static void cwyn(struct fx *f, struct cli_run *r, int want, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cwyn(struct fx *f, struct cli_run *r, int want, const char *fmt, ...)
{
	char args[1024], all[1400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(all, sizeof all, "%s --db '%s'", args, f->db);
	run_cwyn(f, r, "CWYN_LANG=en", all);
	if (r->status != want)
		fprintf(stderr, "cwyn %s -> %d:\n%s\n", all, r->status, r->out);
	assert_int_equal(r->status, want);
}

static void write_file(const char *path, const char *text)
{
	FILE *o = fopen(path, "w");
	assert_non_null(o);
	fputs(text, o);
	assert_int_equal(fclose(o), 0);
}

/* Received Wed 2026-12-23 (so the acknowledgement is due Tue 29th, over
 * Christmas); a conference matter and a council matter; a child at risk. */
static const char facts[] =
    "{\"received\": \"2026-12-23\", \"at_risk_now\": true,"
    " \"complainant\": {\"relationship\": \"parent\"},"
    " \"children\": [{\"label\": \"A\", \"age\": 7}],"
    " \"matters\": ["
    "  {\"id\": \"category\", \"subject\": \"registration_category\","
    "   \"dates\": {\"conference_held\": \"2026-12-01\","
    "              \"minutes_sent\": \"2026-12-04\"}},"
    "  {\"id\": \"failure\", \"subject\": \"failure_to_act\","
    "   \"dates\": {\"event\": \"2026-11-20\"}}]}";

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/cwyn-test-cli-case-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "sqlite:%s/t.db", f->dir);
	snprintf(f->facts, sizeof f->facts, "%s/facts.json", f->dir);
	write_file(f->facts, facts);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void new_show_and_the_full_path(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	cwyn(f, &r, 0,
	     "case new '%s' --name 'Ms A' --email a@example.org --child A "
	     "--today 2026-12-23",
	     f->facts);
	assert_non_null(strstr(r.out, "Case CP-2026-00001 created."));
	assert_non_null(strstr(r.out, "SAFEGUARDING ALERT"));
	assert_non_null(strstr(r.out, "Split: the matters go different ways"));

	cwyn(f, &r, 0, "case show CP-2026-00001 --today 2026-12-24");
	assert_non_null(strstr(r.out, "Complainant: Ms A (parent"));
	assert_non_null(strstr(r.out, "Child: A (age 7)"));
	assert_non_null(strstr(r.out, "The child protection conference chair"));
	assert_non_null(strstr(r.out, "[CONF-SCOPE]"));
	/* The acknowledgement and how its date was worked out. */
	assert_non_null(strstr(r.out, "Acknowledge the complaint: due Tue "
	                              "2026-12-29, running"));
	assert_non_null(strstr(r.out, "Fri 2026-12-25 (Christmas Day)"));
	assert_non_null(strstr(r.out, "The 2nd working day is Tue 2026-12-29."));
	assert_non_null(strstr(r.out, "--action acknowledge"));
	assert_non_null(strstr(r.out, "Safeguarding alert raised"));
	/* The alert is the first line of the timeline. */
	const char *tl = strstr(r.out, "Timeline\n");
	assert_non_null(tl);
	const char *first = strchr(tl, '\n') + 1;
	assert_non_null(strstr(first, "Safeguarding alert raised"));
	assert_true(strstr(first, "Safeguarding alert raised") <
	            strstr(first, "Case created"));

	/* Stage 1 of matter 2: acknowledge, discuss, Stage 2, ... */
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "acknowledge --today 2026-12-24");
	assert_non_null(strstr(r.out, "saved (version 2)"));
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "record_discussion --today 2027-01-05 --version 2");
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "request_stage2 --today 2027-01-06");
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "acknowledge --today 2027-01-06");
	cwyn(f, &r, 1, "case advance CP-2026-00001 --matter 2 --action "
	               "appoint_investigator --today 2027-01-07");
	assert_non_null(strstr(r.out, "cwyn case: investigator_independent: "));
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "appoint_investigator --independent --today 2027-01-07");
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "receive_report --today 2027-02-01");
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "send_response --today 2027-02-02");
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action close "
	               "--outcome not_upheld --today 2027-02-02");
	/* The conference matter: the chair notifies and resolves it. */
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 1 --action "
	               "notify_senior_manager --today 2026-12-24");
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 1 --action "
	               "chair_resolve --today 2026-12-29");
	cwyn(f, &r, 0, "case close CP-2026-00001 --outcome partly_upheld "
	               "--today 2027-02-03");
	cwyn(f, &r, 0, "case show CP-2026-00001 --json --today 2027-02-03");
	assert_non_null(strstr(r.out, "\"status\": \"closed\""));
	assert_non_null(strstr(r.out, "\"outcome\": \"partly_upheld\""));
	assert_non_null(strstr(r.out, "\"kind\": \"stage2\""));
	/* Stage 2 response: 25 WD after Wed 2027-01-06 is Wed 2027-02-10:
	 * 7-8 Jan (2), 11-15 (7), 18-22 (12), 25-29 (17), 1-5 Feb (22),
	 * 8-10 (25). */
	assert_non_null(strstr(r.out, "\"due_on\": \"2027-02-10\""));
	cwyn(f, &r, 0, "case list --status closed");
	assert_non_null(strstr(r.out, "CP-2026-00001"));
	cwyn(f, &r, 0, "case list --status open");
	assert_non_null(strstr(r.out, "No cases."));
	cwyn(f, &r, 0, "audit verify");
}

static void refusals_name_the_field(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	cwyn(f, &r, 0, "case new '%s' --today 2026-12-23", f->facts);
	/* Illegal step: refused with the reason, nothing changes. */
	cwyn(f, &r, 1, "case advance CP-2026-00001 --matter 2 --action "
	               "send_response --today 2026-12-24");
	assert_non_null(strstr(r.out, "cwyn case: action: Cannot send the "
	                              "response now"));
	assert_non_null(strstr(r.out, "Allowed now: acknowledge"));
	cwyn(f, &r, 0, "case show CP-2026-00001 --json --today 2026-12-24");
	assert_non_null(strstr(r.out, "\"version\": 1,"));
	/* Stale version. */
	cwyn(f, &r, 0, "case advance CP-2026-00001 --matter 2 --action "
	               "acknowledge --today 2026-12-24 --version 1");
	cwyn(f, &r, 1, "case advance CP-2026-00001 --matter 2 --action "
	               "record_discussion --today 2026-12-24 --version 1");
	assert_non_null(strstr(r.out, "cwyn case: version: the case was "
	                              "changed by someone else"));
	/* An extension without an agreement. */
	cwyn(f, &r, 0, "case show CP-2026-00001 --json --today 2026-12-24");
	const char *p = strstr(r.out, "\"timescale\": \"s1_discussion\"");
	assert_non_null(p);
	cwyn(f, &r, 1, "case extend CP-2026-00001 --clock 4 --days 5 "
	               "--exceptional --today 2026-12-24");
	assert_non_null(strstr(r.out, "cwyn case: agreed_on: "));
	cwyn(f, &r, 0, "case extend CP-2026-00001 --clock 4 --days 5 "
	               "--exceptional --agreed-with 'Ms A' --agreed-on "
	               "2026-12-24 --reason 'in hospital' --today 2026-12-24");
	cwyn(f, &r, 0, "case show CP-2026-00001 --today 2026-12-24");
	assert_non_null(strstr(r.out, "extended by 5"));
	/* Bad input and bad usage. */
	write_file(f->facts, "{\"matters\": [{\"subject\": \"nope\"}]}");
	cwyn(f, &r, 1, "case new '%s'", f->facts);
	assert_non_null(strstr(r.out, "cwyn case: matters[0].subject: "));
	cwyn(f, &r, 1, "case new '%s' --channel fax", f->facts);
	cwyn(f, &r, 1, "case new '%s' --restricted --named nobody", f->facts);
	assert_non_null(strstr(r.out, "cwyn case: named: "));
	cwyn(f, &r, 1, "case show CP-2026-09999");
	assert_non_null(strstr(r.out, "cwyn case: reference: no such case"));
	cwyn(f, &r, 2, "case advance CP-2026-00001");
	cwyn(f, &r, 2, "case frobnicate");
	cwyn(f, &r, 1, "case close CP-2026-00001 --outcome sideways");
	assert_non_null(strstr(r.out, "cwyn case: outcome: "));
	cwyn(f, &r, 1, "case show CP-2026-00001 --today 2026-02-30");
	assert_non_null(strstr(r.out, "cwyn case: today: "));
	cwyn(f, &r, 0, "audit verify");
}

static void overdue_lists_days_over(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	cwyn(f, &r, 0, "case new '%s' --today 2026-12-23", f->facts);
	/* On Mon 2027-01-04 the acknowledgement (due Tue 29 Dec) is 3
	 * working days over: Wed 30, Thu 31, Mon 4 (1 Jan is a bank
	 * holiday). */
	cwyn(f, &r, 0, "overdue --today 2027-01-04");
	assert_non_null(strstr(r.out, "Acknowledge the complaint"));
	assert_non_null(strstr(r.out, "OVERDUE by 3 working day(s)"));
	cwyn(f, &r, 0, "overdue --today 2026-12-24 --within 3 --json");
	assert_non_null(strstr(r.out, "\"due_in_working_days\": 1"));
	cwyn(f, &r, 0, "overdue --today 2026-12-23 --within 0");
	assert_non_null(strstr(r.out, "none"));
	cwyn(f, &r, 1, "overdue --within -3");
	cwyn(f, &r, 2, "overdue --sideways");
}

static void welsh_output(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	char args[512];
	snprintf(args, sizeof args,
	         "case new '%s' --today 2026-12-23 --language cy --db '%s'",
	         f->facts, f->db);
	run_cwyn(f, &r, "CWYN_LANG=cy", args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "CP-2026-00001"));
	assert_null(strstr(r.out, "created"));
	snprintf(args, sizeof args,
	         "case show CP-2026-00001 --today 2027-01-04 --db '%s'", f->db);
	run_cwyn(f, &r, "CWYN_LANG=cy", args);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Cadeirydd"));
	assert_non_null(strstr(r.out, "Dydd Nadolig"));
	assert_null(strstr(r.out, "Timeline"));
	assert_null(strstr(r.out, "OVERDUE"));
	snprintf(args, sizeof args,
	         "case advance CP-2026-00001 --matter 2 --action send_response "
	         "--db '%s'",
	         f->db);
	run_cwyn(f, &r, "CWYN_LANG=cy", args);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "cwyn case: action: "));
}

static void default_database_and_demo_authority(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	char args[512];
	snprintf(args, sizeof args, "case new '%s' --today 2026-12-23",
	         f->facts);
	run_cwyn(f, &r, "env -u CWYN_DB CWYN_LANG=en", args);
	assert_int_equal(r.status, 0);
	char path[160];
	snprintf(path, sizeof path, "%s/var/cwyn.db", f->dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	run_cwyn(f, &r, "env -u CWYN_DB CWYN_LANG=en",
	         "case list --authority demo");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "CP-2026-00001"));
	run_cwyn(f, &r, "env -u CWYN_DB CWYN_LANG=en",
	         "case list --authority elsewhere");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "cwyn case: authority: "));
}

/* `cwyn export`: cases and a timeline as CSV and JSON, filters applied,
 * bad filters refused naming the field. */
static void exports_cases_and_timelines(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	cwyn(f, &r, 0, "case new '%s' --name 'Ms A' --child A --today 2026-12-23",
	     f->facts);
	cwyn(f, &r, 0, "export cases --format csv");
	assert_non_null(strstr(r.out, "reference,status,received,language,"
	                              "channel,overall_route,subjects,"));
	assert_non_null(strstr(r.out, "CP-2026-00001,open,2026-12-23,"));
	/* No names leave in an export. */
	assert_null(strstr(r.out, "Ms A"));
	cwyn(f, &r, 0, "export cases --format json --status open "
	               "--from 2026-12-01 --to 2026-12-31");
	assert_non_null(strstr(r.out, "\"reference\": \"CP-2026-00001\""));
	assert_non_null(strstr(r.out, "\"subjects\": ["));
	cwyn(f, &r, 0, "export cases --format csv --status closed");
	assert_null(strstr(r.out, "CP-2026-00001"));
	cwyn(f, &r, 0, "export cases --format csv --to 2026-12-22");
	assert_null(strstr(r.out, "CP-2026-00001"));
	cwyn(f, &r, 0, "export timeline CP-2026-00001 --format csv");
	assert_non_null(strstr(r.out, "at,kind,actor_user_id,detail"));
	assert_non_null(strstr(r.out, ",case.created,"));
	cwyn(f, &r, 0, "export timeline CP-2026-00001 --format json");
	assert_non_null(strstr(r.out, "\"kind\": \"case.created\""));
	cwyn(f, &r, 1, "export cases --format csv --status pending");
	assert_non_null(strstr(r.out, "status"));
	cwyn(f, &r, 1, "export cases --format xml");
	assert_non_null(strstr(r.out, "format"));
	cwyn(f, &r, 1, "export timeline CP-2026-99999 --format json");
	assert_non_null(strstr(r.out, "no such case"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(new_show_and_the_full_path, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(refusals_name_the_field, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(overdue_lists_days_over, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(welsh_output, setup, teardown),
	    cmocka_unit_test_setup_teardown(exports_cases_and_timelines, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        default_database_and_demo_authority, setup, teardown),
	};
	return cmocka_run_group_tests_name("cli_case", tests, NULL, NULL);
}
