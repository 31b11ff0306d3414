/*
 * test_policy.c — the policy file parser and the shipped Welsh default.
 *
 * The shipped policy/wales-2014.policy must say what procedure.md says
 * (each deadline's amount, unit and starting event); every kind of bad file
 * must be refused whole with the right line and a reason a person can act
 * on; and no input — every truncation of the real file, a buffer with no
 * NUL after it, NUL bytes, oversized files — may crash or read out of
 * bounds (run under ASan in `make check`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/file_io.h"
#include "app/policy_file.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/policy.h"

static char *shipped;      /* policy/wales-2014.policy, NUL-terminated */
static size_t shipped_len;
static char shipped_path[4096];

static int load_shipped(void **state)
{
	(void)state;
	const char *root = getenv("CWYN_SOURCE_ROOT");
	if (root == NULL)
		root = CWYN_SOURCE_ROOT;
	snprintf(shipped_path, sizeof shipped_path, "%s/policy/%s", root,
	         POLICY_DEFAULT_NAME);
	struct cwyn_error err = {0};
	if (file_read_all(shipped_path, 1u << 22, &shipped, &shipped_len,
	                  &err) != CWYN_OK) {
		fprintf(stderr, "cannot read %s: %s\n", shipped_path,
		        err.message);
		return -1;
	}
	return 0;
}

static int free_shipped(void **state)
{
	(void)state;
	free(shipped);
	return 0;
}

static cwyn_day ymd(int y, int m, int d) { return date_from_ymd(y, m, d); }

/* Parse a NUL-terminated text; on failure print why (helps when a case
 * fails for the wrong reason). */
static enum cwyn_code parse_str(const char *text, struct policy **p,
                                struct cwyn_error *err)
{
	return policy_parse(text, strlen(text), p, err);
}

/* ---- the shipped file ------------------------------------------------- */

static void expect_ts(const struct policy *p, enum ts_id id, int amount,
                      enum cal_unit unit, enum policy_event from,
                      bool inclusive)
{
	const struct policy_timescale *t = &p->timescales[id];
	assert_true(t->defined);
	assert_int_equal(t->id, id);
	assert_int_equal(t->amount, amount);
	assert_int_equal(t->unit, unit);
	assert_int_equal(t->from, from);
	assert_int_equal(t->inclusive, inclusive);
	assert_non_null(t->source);
	assert_non_null(t->label.en);
	assert_non_null(t->label.cy);
	assert_true(strlen(t->label.cy) > 0);
}

static void shipped_policy_matches_procedure(void **state)
{
	(void)state;
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	enum cwyn_code rc = policy_parse(shipped, shipped_len, &p, &err);
	if (rc != CWYN_OK)
		fail_msg("line %d: %s", err.line, err.message);
	assert_string_equal(p->id, "wales-2014");
	assert_true(p->version >= 1);
	assert_int_equal(p->effective_from, ymd(2014, 8, 1));

	/* D1: 12 months from the later of event and awareness. */
	expect_ts(p, TS_COMPLAINT_TIME_LIMIT, 12, CAL_UNIT_MONTHS,
	          EV_EVENT_OR_AWARENESS, false);
	assert_false(p->timescales[TS_COMPLAINT_TIME_LIMIT].extendable);
	/* D2: acknowledge 2 working days after receipt (reg 15). */
	expect_ts(p, TS_ACK, 2, CAL_UNIT_WORKING_DAYS, EV_COMPLAINT_RECEIVED,
	          false);
	assert_false(p->timescales[TS_ACK].extendable);
	assert_int_equal(p->timescales[TS_ACK].remind_before_wd, 1);
	assert_non_null(strstr(p->timescales[TS_ACK].source, "reg 15"));
	/* D3: 10 WD from acknowledgement, extendable by agreement (reg 16). */
	expect_ts(p, TS_S1_DISCUSSION, 10, CAL_UNIT_WORKING_DAYS,
	          EV_ACKNOWLEDGED, false);
	assert_true(p->timescales[TS_S1_DISCUSSION].extendable);
	assert_non_null(strstr(p->timescales[TS_S1_DISCUSSION].source, "reg 16"));
	/* D4: 5 WD from resolution. */
	expect_ts(p, TS_S1_RESOLUTION_LETTER, 5, CAL_UNIT_WORKING_DAYS,
	          EV_RESOLVED, false);
	/* D6: 25 WD from the Stage 2 request (default anchor). */
	expect_ts(p, TS_S2_RESPONSE, 25, CAL_UNIT_WORKING_DAYS,
	          EV_STAGE2_REQUESTED, false);
	/* D7: 14 WD after the conference minutes were sent. */
	expect_ts(p, TS_CONF_COMPLAINT, 14, CAL_UNIT_WORKING_DAYS,
	          EV_MINUTES_SENT, false);
	assert_false(p->timescales[TS_CONF_COMPLAINT].extendable);
	/* D9: chair's 7 days, calendar days by default (decision 10). */
	expect_ts(p, TS_CONF_CHAIR_RESOLVE, 7, CAL_UNIT_CALENDAR_DAYS,
	          EV_CHAIR_RECEIVED, false);
	/* D8: minutes summary 5 WD, full record 20 WD after the conference. */
	expect_ts(p, TS_MINUTES_SUMMARY, 5, CAL_UNIT_WORKING_DAYS,
	          EV_CONFERENCE_HELD, false);
	expect_ts(p, TS_MINUTES_FULL, 20, CAL_UNIT_WORKING_DAYS,
	          EV_CONFERENCE_HELD, false);
	/* D11: one year starting on the day of first notice (inclusive). */
	expect_ts(p, TS_PSOW_TIME_LIMIT, 12, CAL_UNIT_MONTHS, EV_FIRST_NOTICE,
	          true);
	assert_non_null(strstr(p->timescales[TS_PSOW_TIME_LIMIT].source, "s.8"));
	/* D14: review request 20 WD from the Ombudsman's decision. */
	expect_ts(p, TS_PSOW_REVIEW, 20, CAL_UNIT_WORKING_DAYS,
	          EV_PSOW_DECISION, false);
	/* D10: no source; 10 WD from the request (older Ceredigion example). */
	expect_ts(p, TS_PANEL_CONVENE, 10, CAL_UNIT_WORKING_DAYS,
	          EV_PANEL_REQUESTED, false);
	assert_non_null(strstr(p->timescales[TS_PANEL_CONVENE].source,
	                       "Ceredigion"));

	/* Contacts: every one defined; the numbers the factsheets print. */
	for (int i = 0; i < CONTACT_ID__MAX; i++) {
		assert_true(p->contacts[i].defined);
		assert_non_null(p->contacts[i].name.cy);
		assert_non_null(p->contacts[i].description.cy);
	}
	assert_string_equal(p->contacts[CONTACT_FRG].phone, "0808 801 0366");
	assert_string_equal(p->contacts[CONTACT_CCFW].phone, "01792 765600");
	assert_string_equal(p->contacts[CONTACT_CCFW].email,
	                    "post@childcomwales.org.uk");
	assert_string_equal(p->contacts[CONTACT_CCFW].name.cy,
	                    "Comisiynydd Plant Cymru");
	assert_string_equal(p->contacts[CONTACT_PSOW].phone, "0300 790 0203");
	assert_string_equal(p->contacts[CONTACT_PSOW].name.cy,
	                    "Ombwdsmon Gwasanaethau Cyhoeddus Cymru");
	assert_non_null(strstr(p->contacts[CONTACT_PSOW].address.en, "CF35 5LJ"));
	assert_string_equal(p->contacts[CONTACT_CRO].phone, "01554 745150");
	assert_string_equal(p->contacts[CONTACT_EMERGENCY].phone, "999");
	assert_true(p->contacts[CONTACT_EMERGENCY].configured);
	/* The authority's own contacts are placeholders until it sets them. */
	assert_false(p->contacts[CONTACT_COMPLAINTS_OFFICER].configured);
	assert_false(p->contacts[CONTACT_DUTY_TEAM].configured);
	assert_false(p->contacts[CONTACT_SAFEGUARDING_BOARD].configured);

	/* Categories with their Welsh labels. */
	assert_string_equal(p->categories[CAT_PHYSICAL].label.cy,
	                    "Cam-drin corfforol");
	assert_string_equal(p->categories[CAT_NEGLECT].label.cy, "Esgeulustod");
	assert_string_equal(p->categories[CAT_FINANCIAL].label.cy,
	                    "Cam-drin ariannol");
	for (int i = 0; i < CAT__MAX; i++)
		assert_true(p->categories[i].defined);

	/* Settings: decision 9 and 7, and the 2014 scheme start. */
	assert_int_equal(p->settings.late_conference, LATE_CHAIR_DECIDES);
	assert_int_equal(p->settings.ccfw_age_child, 18);
	assert_int_equal(p->settings.ccfw_age_care_leaver, 21);
	assert_int_equal(p->settings.ccfw_age_care_leaver_education, 25);
	assert_int_equal(p->settings.scheme_start, ymd(2014, 8, 1));
	assert_int_equal(p->n_closures, 0);
	assert_int_equal(p->n_extra_holidays, 0);
	policy_free(p);
}

static void default_path_loads_shipped_file(void **state)
{
	(void)state;
	struct policy *p = NULL;
	struct calendar *cal = NULL;
	struct cwyn_error err = {0};
	unsetenv("CWYN_POLICY");
	assert_int_equal(policy_load_with_calendar(NULL, &p, &cal, &err),
	                 CWYN_OK);
	assert_string_equal(p->id, "wales-2014");
	/* Christmas Eve 2026 (a Thursday) is a working day by default. */
	assert_true(calendar_is_working_day(cal, ymd(2026, 12, 24)));
	calendar_free(cal);
	policy_free(p);
}

static void file_errors_name_the_file_and_line(void **state)
{
	(void)state;
	char path[] = "/tmp/cwyn-policy-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	fputs("[policy]\nid = \"x\"\nversion = 0\n", f);
	fclose(f);
	struct policy *p = (struct policy *)1;
	struct calendar *cal = (struct calendar *)1;
	struct cwyn_error err = {0};
	assert_int_not_equal(policy_load_with_calendar(path, &p, &cal, &err),
	                     CWYN_OK);
	assert_null(p);
	assert_null(cal);
	assert_string_equal(err.field, path);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "positive integer"));
	remove(path);

	cwyn_error_clear(&err);
	assert_int_equal(policy_load_file("/nonexistent/x.policy", &p, &err),
	                 CWYN_ENOTFOUND);
	assert_null(p);
	assert_non_null(strstr(err.field, "/nonexistent/x.policy"));
}

/* ---- closures and extra bank holidays --------------------------------- */

/* The shipped file plus extra text at the end. */
static char *with_suffix(const char *suffix)
{
	size_t n = strlen(suffix);
	char *s = malloc(shipped_len + n + 1);
	assert_non_null(s);
	memcpy(s, shipped, shipped_len);
	memcpy(s + shipped_len, suffix, n + 1);
	return s;
}

static void closures_reach_the_calendar(void **state)
{
	(void)state;
	char *text = with_suffix(
	    "[[closure]]\n"
	    "date = 2026-12-31\n"
	    "reason.en = \"Council offices closed\"\n"
	    "reason.cy = \"Swyddfeydd y cyngor ar gau\"\n"
	    "[[closure]]\n"
	    "date = 2026-12-24   # listed out of order on purpose\n"
	    "reason.en = \"Christmas Eve closure\"\n"
	    "reason.cy = \"Cau Noswyl Nadolig\"\n"
	    "[[bank_holiday]]\n"
	    "date = 2027-06-07\n"
	    "name.en = \"An \\\"extra\\\" bank holiday\"\n"
	    "name.cy = \"G\xc5\xb5yl y banc ychwanegol\"\n");
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	if (parse_str(text, &p, &err) != CWYN_OK)
		fail_msg("line %d: %s", err.line, err.message);
	assert_int_equal(p->n_closures, 2);
	/* Sorted by date, whatever the file order. */
	assert_int_equal(p->closures[0].day, ymd(2026, 12, 24));
	assert_int_equal(p->closures[1].day, ymd(2026, 12, 31));
	assert_string_equal(p->closures[0].name_cy, "Cau Noswyl Nadolig");
	assert_int_equal(p->n_extra_holidays, 1);
	assert_string_equal(p->extra_holidays[0].name_en,
	                    "An \"extra\" bank holiday");

	struct calendar *cal = NULL;
	assert_int_equal(policy_calendar(p, &cal, &err), CWYN_OK);
	assert_false(calendar_is_working_day(cal, ymd(2026, 12, 24)));
	assert_false(calendar_is_working_day(cal, ymd(2026, 12, 31)));
	assert_true(calendar_is_working_day(cal, ymd(2026, 12, 23)));
	assert_false(calendar_is_working_day(cal, ymd(2027, 6, 7)));
	calendar_free(cal);
	policy_free(p);
	free(text);
}

/* ---- bad files -------------------------------------------------------- */

enum mutation { REPLACE, CUT, APPEND, PREPEND };

struct bad_case {
	const char *name;
	enum mutation op;
	/* REPLACE: the first `a` becomes `b`. CUT: remove from `a` up to
	 * (not including) `b`. APPEND / PREPEND: add `a`. */
	const char *a, *b;
	/* The line the error must name: the first line of the mutated text
	 * containing `at`; NULL = the line where the change was made;
	 * "$EOF" = the last line; "$0" = no line. */
	const char *at;
	const char *words[3]; /* all must appear in the message */
};

static const struct bad_case bad_cases[] = {
	{"unknown section", REPLACE, "[settings]", "[setings]", NULL,
	 {"unknown section", "[setings]"}},
	{"unknown timescale", REPLACE, "[timescale.ack]",
	 "[timescale.acknowledge]", NULL,
	 {"unknown timescale", "s1_discussion", "panel_convene"}},
	{"unknown contact", REPLACE, "[contact.frg]", "[contact.frgg]", NULL,
	 {"unknown contact", "safeguarding_board"}},
	{"unknown category", REPLACE, "[category.neglect]",
	 "[category.negligence]", NULL, {"unknown category", "financial"}},
	{"unknown key", REPLACE, "remind_before_wd = 1\n",
	 "remind_before = 1\n", NULL, {"unknown key", "remind_before_wd"}},
	{"duplicate key", REPLACE, "amount = 2\n",
	 "amount = 2\namount = 3 # again\n", "# again",
	 {"duplicate key amount", "first set at line"}},
	{"duplicate section", APPEND,
	 "[category.sexual] # again\nlabel.en = \"x\"\nlabel.cy = \"y\"\n",
	 NULL, "# again", {"duplicate section", "[category.sexual]"}},
	{"missing timescale", CUT, "[timescale.psow_review]",
	 "# D10 [U]", "$EOF", {"[timescale.psow_review] is missing"}},
	{"missing contact", CUT, "[contact.legal_advice]", "# Decision 1:",
	 "$EOF", {"[contact.legal_advice] is missing"}},
	{"missing category", CUT, "[category.neglect]", "[category.financial]",
	 "$EOF", {"[category.neglect] is missing"}},
	{"missing settings", CUT, "[settings]", "# Authority closure days",
	 "$EOF", {"[settings] section is missing"}},
	{"missing policy", CUT, "[policy]", "# Timescales. Every one",
	 "$EOF", {"[policy] section is missing"}},
	{"missing required key", REPLACE, "source = \"SI 2014/1794 reg 15;",
	 "# source = \"SI 2014/1794 reg 15;", "[timescale.ack]",
	 {"missing the required key source"}},
	{"wrong type: string for integer", REPLACE, "amount = 2\n",
	 "amount = \"2\"\n", NULL, {"amount must be an integer"}},
	{"wrong type: bare word", REPLACE, "extendable = true ",
	 "extendable = yes ", NULL, {"value must be", "true or false"}},
	{"wrong type: integer for boolean", REPLACE, "inclusive = true",
	 "inclusive = 1", NULL, {"inclusive must be true or false"}},
	{"wrong type: quoted date", REPLACE, "scheme_start = 2014-08-01",
	 "scheme_start = \"2014-08-01\"", NULL,
	 {"scheme_start must be a date", "YYYY-MM-DD"}},
	{"unknown unit", REPLACE, "unit = \"calendar_days\"",
	 "unit = \"calendar_dayz\"", NULL,
	 {"unit must be one of", "working_days, calendar_days, months"}},
	{"unknown starting event", REPLACE, "from = \"minutes_sent\"",
	 "from = \"minute_sent\"", NULL,
	 {"from must be one of", "minutes_sent", "panel_requested"}},
	{"unknown late_conference", REPLACE, "\"chair_decides\"",
	 "\"chair\"", NULL, {"chair_decides, refuse, accept"}},
	{"enum value unquoted", REPLACE, "unit = \"months\"",
	 "unit = months", NULL, {"value must be"}},
	{"impossible date", REPLACE, "scheme_start = 2014-08-01",
	 "scheme_start = 2014-02-30", NULL, {"impossible date", "2014-02-30"}},
	{"malformed date", REPLACE, "effective_from = 2014-08-01",
	 "effective_from = 2014-8-01", NULL, {"not a date", "YYYY-MM-DD"}},
	{"negative amount", REPLACE, "amount = 25\n", "amount = -25\n", NULL,
	 {"between 1 and 400", "working_days"}},
	{"zero amount", REPLACE, "amount = 14\n", "amount = 0\n", NULL,
	 {"between 1 and 400"}},
	{"absurd working days", REPLACE, "amount = 20\nunit = \"working_days\"\nfrom = \"psow_decision\"",
	 "amount = 401\nunit = \"working_days\"\nfrom = \"psow_decision\"", NULL,
	 {"between 1 and 400 working_days"}},
	{"absurd months", REPLACE, "amount = 12\nunit = \"months\"\nfrom = \"first_notice\"",
	 "amount = 600\nunit = \"months\"\nfrom = \"first_notice\"", NULL,
	 {"between 1 and 60 months"}},
	{"absurd calendar days", REPLACE, "amount = 7\n", "amount = 7000\n",
	 NULL, {"between 1 and 730 calendar_days"}},
	{"integer overflow", REPLACE, "amount = 10\n",
	 "amount = 99999999999999999999\n", NULL, {"out of range"}},
	{"leading zero", REPLACE, "amount = 5\n", "amount = 05\n", NULL,
	 {"leading zeros"}},
	{"reminder longer than timescale", REPLACE, "remind_before_wd = 1\n",
	 "remind_before_wd = 2\n", NULL, {"shorter than the timescale"}},
	{"unterminated string", REPLACE,
	 "label.en = \"Acknowledge the complaint\"",
	 "label.en = \"Acknowledge the complaint", NULL,
	 {"unterminated string"}},
	{"unknown escape", REPLACE, "label.en = \"Acknowledge the complaint\"",
	 "label.en = \"Acknowledge\\tthe complaint\"", NULL,
	 {"unknown escape"}},
	{"single-quoted string", REPLACE,
	 "label.en = \"Acknowledge the complaint\"",
	 "label.en = 'Acknowledge the complaint'", NULL, {"single-quoted"}},
	{"empty string", REPLACE, "label.en = \"Neglect\"", "label.en = \"\"",
	 NULL, {"must not be empty"}},
	{"invalid UTF-8 byte", REPLACE, "Cydnabod y g\xc5\xb5yn",
	 "Cydnabod y g\xffyn", NULL, {"invalid UTF-8"}},
	{"overlong UTF-8", REPLACE, "Cam-drin rhywiol",
	 "Cam-drin rhyw\xc0\xaf", NULL, {"invalid UTF-8"}},
	{"UTF-16 surrogate", REPLACE, "Esgeulustod", "Esgeulus\xed\xa0\x80",
	 NULL, {"invalid UTF-8"}},
	{"truncated UTF-8 at end of line", REPLACE, "label.cy = \"Esgeulustod\"",
	 "label.cy = \"Esgeulustod\" # \xe2\x82", NULL, {"invalid UTF-8"}},
	{"control character", REPLACE, "# D2 [C]", "# D2 \x01[C]", NULL,
	 {"control character", "0x01"}},
	{"trailing garbage after integer", REPLACE, "amount = 2\n",
	 "amount = 2 days\n", NULL, {"unexpected text after the value"}},
	{"trailing garbage after string", REPLACE, "label.en = \"Neglect\"",
	 "label.en = \"Neglect\" \"again\"", NULL,
	 {"unexpected text after the value"}},
	{"trailing garbage after header", REPLACE, "[settings]",
	 "[settings] x", NULL, {"unexpected text after the section header"}},
	{"missing equals", REPLACE, "amount = 2\n", "amount 2\n", NULL,
	 {"expected '='"}},
	{"version zero", REPLACE, "version = 1", "version = 0", NULL,
	 {"version must be a positive integer"}},
	{"version negative", REPLACE, "version = 1", "version = -3", NULL,
	 {"version must be a positive integer"}},
	{"version as string", REPLACE, "version = 1", "version = \"1\"", NULL,
	 {"version must be an integer"}},
	{"bad policy id", REPLACE, "id = \"wales-2014\"",
	 "id = \"Wales 2014\"", NULL, {"id must be lowercase"}},
	{"key outside any section", PREPEND, "stray = 1\n", NULL, NULL,
	 {"outside any section"}},
	{"no way to contact", REPLACE, "phone = \"999\"", "# phone = \"999\"",
	 "[contact.emergency]", {"no way to make contact", "configured = false"}},
	{"bad phone", REPLACE, "phone = \"999\"", "phone = \"nine nine nine\"",
	 NULL, {"telephone number"}},
	{"bad email", REPLACE, "post@childcomwales.org.uk",
	 "post.childcomwales.org.uk", NULL, {"email must be an address"}},
	{"bad web address", REPLACE, "web = \"https://www.frg.org.uk/\"",
	 "web = \"www.frg.org.uk\"", NULL, {"https://"}},
	{"address in one language only", REPLACE,
	 "phone = \"01554 745150\"",
	 "phone = \"01554 745150\"\naddress.en = \"County Hall\"", "County Hall",
	 {"address.en and address.cy"}},
	{"ccfw ages out of order", REPLACE, "ccfw_age_care_leaver = 21",
	 "ccfw_age_care_leaver = 17", NULL, {"must not be lower"}},
	{"ccfw age absurd", REPLACE, "ccfw_age_child = 18",
	 "ccfw_age_child = 99", NULL, {"between 1 and 30"}},
	{"closure outside the calendar", APPEND,
	 "[[closure]]\ndate = 2150-01-01\nreason.en = \"a\"\nreason.cy = \"b\"\n",
	 NULL, "date = 2150", {"1995..2100"}},
	{"closure listed twice", APPEND,
	 "[[closure]]\ndate = 2026-12-24\nreason.en = \"a\"\nreason.cy = \"b\"\n"
	 "[[closure]] # second\ndate = 2026-12-24\nreason.en = \"c\"\n"
	 "reason.cy = \"d\"\n",
	 NULL, "# second", {"2026-12-24 is listed twice"}},
	{"closure without reason", APPEND,
	 "[[closure]] # no reason\ndate = 2026-12-24\n", NULL, "# no reason",
	 {"missing the required key reason.en"}},
	{"unknown repeated table", APPEND, "[[closures]]\n", NULL, NULL,
	 {"unknown repeated table"}},
	{"repeated table written as a section", APPEND, "[closure]\n", NULL,
	 NULL, {"repeated table", "[[closure]]"}},
	{"space inside brackets", REPLACE, "[policy]", "[ policy ]", NULL,
	 {"needs a name"}},
	{"unclosed header", REPLACE, "[settings]", "[settings", NULL,
	 {"must end with ]"}},
	{"garbage line", REPLACE, "# D2 [C]", "= 5", NULL,
	 {"expected a key = value line"}},
};

/* Line number (1-based) of byte offset off in s. */
static int line_at(const char *s, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++)
		line += s[i] == '\n';
	return line;
}

static int last_line(const char *s, size_t n)
{
	int lines = 0;
	for (size_t i = 0; i < n; i++)
		lines += s[i] == '\n';
	if (n > 0 && s[n - 1] != '\n')
		lines++;
	return lines;
}

/* Apply a case to the shipped file; *changed receives the offset of the
 * change in the result. */
static char *mutate(const struct bad_case *c, size_t *changed)
{
	size_t la = strlen(c->a);
	char *out = NULL;
	if (c->op == APPEND || c->op == PREPEND) {
		out = malloc(shipped_len + la + 1);
		assert_non_null(out);
		if (c->op == APPEND) {
			memcpy(out, shipped, shipped_len);
			memcpy(out + shipped_len, c->a, la + 1);
			*changed = shipped_len;
		} else {
			memcpy(out, c->a, la);
			memcpy(out + la, shipped, shipped_len + 1);
			*changed = 0;
		}
		return out;
	}
	const char *at = strstr(shipped, c->a);
	if (at == NULL)
		fail_msg("case '%s': text to change not found in the shipped "
		         "file",
		         c->name);
	size_t off = (size_t)(at - shipped), cut_to = off + la;
	const char *insert = c->b;
	if (c->op == CUT) {
		const char *end = strstr(at, c->b);
		if (end == NULL)
			fail_msg("case '%s': end of cut not found", c->name);
		cut_to = (size_t)(end - shipped);
		insert = "";
	}
	size_t li = strlen(insert);
	out = malloc(shipped_len + li + 1);
	assert_non_null(out);
	memcpy(out, shipped, off);
	memcpy(out + off, insert, li);
	memcpy(out + off + li, shipped + cut_to, shipped_len - cut_to + 1);
	*changed = off;
	return out;
}

static void bad_files_are_refused_with_line_and_reason(void **state)
{
	(void)state;
	size_t n = sizeof bad_cases / sizeof *bad_cases;
	assert_true(n >= 25);
	for (size_t i = 0; i < n; i++) {
		const struct bad_case *c = &bad_cases[i];
		size_t changed = 0;
		char *text = mutate(c, &changed);
		size_t len = strlen(text);
		int want;
		if (c->at == NULL)
			want = line_at(text, changed);
		else if (strcmp(c->at, "$EOF") == 0)
			want = last_line(text, len);
		else {
			const char *hit = strstr(text, c->at);
			if (hit == NULL)
				fail_msg("case '%s': marker not found", c->name);
			want = line_at(text, (size_t)(hit - text));
		}
		struct policy *p = (struct policy *)1;
		struct cwyn_error err = {0};
		enum cwyn_code rc = policy_parse(text, len, &p, &err);
		if (rc == CWYN_OK)
			fail_msg("case '%s' was accepted", c->name);
		assert_null(p);
		if (err.line != want)
			fail_msg("case '%s': line %d, expected %d (%s)", c->name,
			         err.line, want, err.message);
		for (int w = 0; w < 3 && c->words[w]; w++)
			if (strstr(err.message, c->words[w]) == NULL)
				fail_msg("case '%s': message \"%s\" lacks \"%s\"",
				         c->name, err.message, c->words[w]);
		free(text);
	}
}

/* ---- robustness ------------------------------------------------------- */

/* Every prefix of the real file, each in a buffer of exactly that size so
 * ASan sees any read past the end. Most are refused; none may crash. */
static void every_truncation_is_safe(void **state)
{
	(void)state;
	size_t accepted = 0;
	for (size_t n = 0; n <= shipped_len; n++) {
		char *buf = malloc(n ? n : 1);
		assert_non_null(buf);
		memcpy(buf, shipped, n);
		struct policy *p = NULL;
		struct cwyn_error err = {0};
		if (policy_parse(buf, n, &p, &err) == CWYN_OK) {
			accepted++;
			policy_free(p);
		} else {
			assert_null(p);
			assert_true(err.message[0] != '\0');
		}
		free(buf);
	}
	/* The whole file parses; a prefix only does once every section is
	 * complete, i.e. somewhere in the closing comment block. */
	assert_true(accepted >= 1);
	assert_true(accepted < shipped_len / 10);
}

static void buffer_without_nul_is_read_to_len_only(void **state)
{
	(void)state;
	/* Exactly len bytes, no terminator. */
	char *exact = malloc(shipped_len);
	assert_non_null(exact);
	memcpy(exact, shipped, shipped_len);
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(policy_parse(exact, shipped_len, &p, &err), CWYN_OK);
	policy_free(p);
	free(exact);

	/* Garbage after len must be ignored: the file ends where len says. */
	const char *junk = "[nonsense\xff\x01 = = =";
	char *text = with_suffix(junk);
	assert_int_equal(policy_parse(text, shipped_len, &p, &err), CWYN_OK);
	assert_string_equal(p->timescales[TS_ACK].label.en,
	                    "Acknowledge the complaint");
	policy_free(p);
	/* ... and refused when included. */
	assert_int_not_equal(policy_parse(text, strlen(text), &p, &err),
	                     CWYN_OK);
	free(text);

	/* A string running into the end of a non-terminated buffer. */
	char tail[] = {'[', 'p', 'o', 'l', 'i', 'c', 'y', ']', '\n',
	               'i', 'd', ' ', '=', ' ', '"', 'w', 'a'};
	assert_int_equal(policy_parse(tail, sizeof tail, &p, &err),
	                 CWYN_EINVAL);
	assert_null(p);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, "unterminated string"));
}

static void nul_byte_is_refused(void **state)
{
	(void)state;
	char *text = malloc(shipped_len);
	assert_non_null(text);
	memcpy(text, shipped, shipped_len);
	const char *hit = strstr(shipped, "amount = 2\n");
	assert_non_null(hit);
	size_t off = (size_t)(hit - shipped);
	text[off + 9] = '\0'; /* "amount = \0" */
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(policy_parse(text, shipped_len, &p, &err),
	                 CWYN_EINVAL);
	assert_null(p);
	assert_int_equal(err.line, line_at(shipped, off));
	assert_non_null(strstr(err.message, "control character"));
	free(text);
}

static void oversized_file_is_refused(void **state)
{
	(void)state;
	size_t n = (1u << 20) + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, '#', n);
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(policy_parse(big, n, &p, &err), CWYN_ERANGE);
	assert_null(p);
	assert_non_null(strstr(err.message, "larger than 1 MiB"));
	free(big);
	/* Empty input: refused, with a line to point at. */
	assert_int_equal(policy_parse("", 0, &p, &err), CWYN_EINVAL);
	assert_int_equal(err.line, 1);
	assert_int_equal(policy_parse(NULL, 0, &p, &err), CWYN_EINVAL);
}

static void crlf_and_bom_are_accepted(void **state)
{
	(void)state;
	/* The same file with a byte-order mark and Windows line ends. */
	char *crlf = malloc(3 + shipped_len * 2);
	assert_non_null(crlf);
	size_t n = 0;
	memcpy(crlf, "\xEF\xBB\xBF", 3);
	n = 3;
	for (size_t i = 0; i < shipped_len; i++) {
		if (shipped[i] == '\n')
			crlf[n++] = '\r';
		crlf[n++] = shipped[i];
	}
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	if (policy_parse(crlf, n, &p, &err) != CWYN_OK)
		fail_msg("line %d: %s", err.line, err.message);
	assert_int_equal(p->timescales[TS_CONF_COMPLAINT].amount, 14);
	assert_string_equal(p->timescales[TS_ACK].label.en,
	                    "Acknowledge the complaint");
	policy_free(p);
	free(crlf);
}

static void escapes_and_comments(void **state)
{
	(void)state;
	char *text = with_suffix(
	    "[[bank_holiday]]   # trailing comment after a header\n"
	    "date = 2030-06-03#no space before the comment\n"
	    "name.en = \"Line one\\nline \\\"two\\\" \\\\ end\"  # c\n"
	    "\tname.cy = \"Llinell\"\n");
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	if (parse_str(text, &p, &err) != CWYN_OK)
		fail_msg("line %d: %s", err.line, err.message);
	assert_string_equal(p->extra_holidays[0].name_en,
	                    "Line one\nline \"two\" \\ end");
	assert_int_equal(p->extra_holidays[0].day, ymd(2030, 6, 3));
	policy_free(p);
	free(text);
}

static void names_round_trip(void **state)
{
	(void)state;
	for (int i = 0; i < TS_ID__MAX; i++) {
		enum ts_id id;
		assert_true(ts_id_from_name(ts_id_name(i), &id));
		assert_int_equal(id, i);
	}
	for (int i = 0; i < EV__MAX; i++) {
		enum policy_event e;
		assert_true(policy_event_from_name(policy_event_name(i), &e));
		assert_int_equal(e, i);
	}
	for (int i = 0; i < CONTACT_ID__MAX; i++) {
		enum contact_id c;
		assert_true(contact_id_from_name(contact_id_name(i), &c));
		assert_int_equal(c, i);
	}
	for (int i = 0; i < CAT__MAX; i++) {
		enum reg_category c;
		assert_true(reg_category_from_name(reg_category_name(i), &c));
		assert_int_equal(c, i);
	}
	for (int i = 0; i < LATE__MAX; i++) {
		enum late_conference_policy l;
		assert_true(late_conference_from_name(late_conference_name(i),
		                                      &l));
		assert_int_equal(l, i);
	}
	assert_string_equal(ts_id_name(TS_CONF_COMPLAINT), "conf_complaint");
	assert_string_equal(policy_event_name(EV_MINUTES_SENT), "minutes_sent");
	assert_string_equal(contact_id_name(CONTACT_FRG), "frg");
	assert_string_equal(reg_category_name(CAT_EMOTIONAL_PSYCHOLOGICAL),
	                    "emotional_psychological");
	enum ts_id id = TS_ACK;
	assert_false(ts_id_from_name("Ack", &id));
	assert_false(ts_id_from_name("", &id));
	assert_false(ts_id_from_name(NULL, &id));
	assert_int_equal(id, TS_ACK);
	assert_string_equal(ts_id_name(TS_ID__MAX), "unknown");
	policy_free(NULL);
}

/* Retention: optional settings with stated defaults (6 years after
 * closure, anonymise), each checked like every other key. */
static char *with_settings(const char *extra)
{
	const char *anchor = "scheme_start = 2014-08-01\n";
	const char *at = strstr(shipped, anchor);
	assert_non_null(at);
	size_t off = (size_t)(at - shipped) + strlen(anchor), n = strlen(extra);
	char *s = malloc(shipped_len + n + 1);
	assert_non_null(s);
	memcpy(s, shipped, off);
	memcpy(s + off, extra, n);
	memcpy(s + off + n, shipped + off, shipped_len - off + 1);
	return s;
}

static void retention_settings_and_defaults(void **state)
{
	(void)state;
	struct policy *p = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(policy_parse(shipped, shipped_len, &p, &err), CWYN_OK);
	assert_int_equal(p->settings.retention_years, 6);
	assert_int_equal(p->settings.retention_action, RETENTION_ANONYMISE);
	policy_free(p);

	char *t = with_settings("retention_years = 10\n"
	                        "retention_action = \"delete\"\n");
	assert_int_equal(parse_str(t, &p, &err), CWYN_OK);
	assert_int_equal(p->settings.retention_years, 10);
	assert_int_equal(p->settings.retention_action, RETENTION_DELETE);
	policy_free(p);
	free(t);

	t = with_settings("retention_action = \"shred\"\n");
	assert_int_equal(parse_str(t, &p, &err), CWYN_EINVAL);
	assert_null(p);
	assert_string_equal(err.field, "settings.retention_action");
	assert_non_null(strstr(err.message, "anonymise"));
	assert_true(err.line > 0);
	free(t);

	t = with_settings("retention_years = 0\n");
	assert_int_not_equal(parse_str(t, &p, &err), CWYN_OK);
	assert_null(p);
	assert_string_equal(err.field, "settings.retention_years");
	free(t);

	enum retention_action a;
	for (int i = 0; i < RETENTION__MAX; i++) {
		assert_true(retention_action_from_name(retention_action_name(i),
		                                       &a));
		assert_int_equal(a, i);
	}
	assert_false(retention_action_from_name("Delete", &a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(shipped_policy_matches_procedure),
	    cmocka_unit_test(default_path_loads_shipped_file),
	    cmocka_unit_test(file_errors_name_the_file_and_line),
	    cmocka_unit_test(closures_reach_the_calendar),
	    cmocka_unit_test(bad_files_are_refused_with_line_and_reason),
	    cmocka_unit_test(every_truncation_is_safe),
	    cmocka_unit_test(buffer_without_nul_is_read_to_len_only),
	    cmocka_unit_test(nul_byte_is_refused),
	    cmocka_unit_test(oversized_file_is_refused),
	    cmocka_unit_test(crlf_and_bom_are_accepted),
	    cmocka_unit_test(escapes_and_comments),
	    cmocka_unit_test(names_round_trip),
	    cmocka_unit_test(retention_settings_and_defaults),
	};
	return cmocka_run_group_tests_name("policy", tests, load_shipped,
	                                   free_shipped);
}
