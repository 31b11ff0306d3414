/*
 * test_facts_json.c — the facts document in, the decision JSON out.
 *
 * A good document becomes exactly the facts it says; every class of bad
 * input is refused with the path of the field and nothing returned; the
 * decision JSON has its keys in the documented order and speaks Welsh when
 * asked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/facts_json.h"
#include "app/policy_file.h"
#include "core/rules.h"
#include "i18n/i18n.h"

static const char full_doc[] =
    "{ \"as_of\": \"2026-11-26\", \"received\": \"2026-11-20\",\n"
    "  \"channel\": \"oral\", \"at_risk_now\": false,\n"
    "  \"complainant\": {\"relationship\": \"relative\", \"age\": null,\n"
    "                  \"personally_affected\": true, \"language\": \"cy\"},\n"
    "  \"children\": [{\"label\": \"A\", \"age\": 7, \"looked_after\": true,\n"
    "                \"in_education\": true, \"at_risk_now\": true}],\n"
    "  \"matters\": [{ \"id\": \"m1\", \"summary\": \"Line one\\nline two\",\n"
    "     \"subject\": \"registration_category\",\n"
    "     \"categories\": [\"neglect\", \"physical\"],\n"
    "     \"agency\": \"council\", \"agency_name\": null,\n"
    "     \"worker_attended_conference\": false,\n"
    "     \"dates\": {\"event\": null, \"awareness\": null,\n"
    "       \"conference_held\": \"2026-11-02\",\n"
    "       \"minutes_sent\": \"2026-11-09\",\n"
    "       \"chair_received\": \"2026-11-20\"},\n"
    "     \"court\": {\"status\": \"none\", \"started\": null, \"ended\": null,\n"
    "       \"court_agreed\": false, \"dealt_with\": false,\n"
    "       \"report_for_court\": false},\n"
    "     \"council\": {\"stage\": \"none\", \"acknowledged\": null,\n"
    "       \"stage1_answered\": null, \"stage2_requested\": null,\n"
    "       \"stage2_answered\": null, \"still_dissatisfied\": false,\n"
    "       \"wants_stage2\": false, \"delaying\": false,\n"
    "       \"extension_agreed\": false},\n"
    "     \"conference\": {\"stage\": \"with_chair\", \"wants_panel\": true},\n"
    "     \"agency_procedure_done\": false, \"at_risk_now\": false },\n"
    "   { \"id\": \"police-1\", \"subject\": \"staff_conduct\",\n"
    "     \"agency\": \"police\", \"agency_name\": \"Dyfed-Powys Police\",\n"
    "     \"worker_attended_conference\": true,\n"
    "     \"dates\": {\"event\": \"2026-11-02\", \"awareness\": \"2026-11-03\"},\n"
    "     \"court\": {\"status\": \"ongoing\", \"started\": \"2026-10-01\",\n"
    "       \"court_agreed\": true},\n"
    "     \"council\": {\"stage\": \"stage1_answered\",\n"
    "       \"acknowledged\": \"2026-11-23\", \"stage1_answered\": \"2026-11-25\",\n"
    "       \"stage2_requested\": \"2026-11-26\", \"still_dissatisfied\": true,\n"
    "       \"wants_stage2\": true, \"delaying\": true,\n"
    "       \"extension_agreed\": true},\n"
    "     \"agency_procedure_done\": true, \"at_risk_now\": true }] }\n";

static cwyn_day day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void good_document_round_trips(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct facts f;
	facts_init(&f);
	struct cwyn_error err = {0};
	assert_int_equal(facts_from_json(full_doc, strlen(full_doc), &a, &f,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(f.as_of, day(2026, 11, 26));
	assert_int_equal(f.received, day(2026, 11, 20));
	assert_int_equal(f.channel, CHANNEL_ORAL);
	assert_false(f.at_risk_now);
	assert_int_equal(f.complainant.relationship, REL_RELATIVE);
	assert_int_equal(f.complainant.age, -1);
	assert_true(f.complainant.personally_affected);
	assert_int_equal(f.complainant.language, LANG_CY);
	assert_int_equal(f.n_children, 1);
	assert_string_equal(f.children[0].label, "A");
	assert_int_equal(f.children[0].age, 7);
	assert_true(f.children[0].looked_after);
	assert_true(f.children[0].in_education);
	assert_true(f.children[0].at_risk_now);

	assert_int_equal(f.n_matters, 2);
	const struct facts_matter *m = &f.matters[0];
	assert_string_equal(m->id, "m1");
	assert_string_equal(m->summary, "Line one\nline two");
	assert_int_equal(m->subject, SUBJ_REGISTRATION_CATEGORY);
	assert_int_equal(m->categories,
	                 (1u << CAT_NEGLECT) | (1u << CAT_PHYSICAL));
	assert_int_equal(m->agency, AGENCY_COUNCIL);
	assert_null(m->agency_name);
	assert_int_equal(m->event, CWYN_DAY_NONE);
	assert_int_equal(m->conference_held, day(2026, 11, 2));
	assert_int_equal(m->minutes_sent, day(2026, 11, 9));
	assert_int_equal(m->chair_received, day(2026, 11, 20));
	assert_int_equal(m->court.status, COURT_NONE);
	assert_int_equal(m->council_stage, CSTAGE_NONE);
	assert_int_equal(m->conference_stage, CONFSTAGE_WITH_CHAIR);
	assert_true(m->wants_panel);

	m = &f.matters[1];
	assert_string_equal(m->id, "police-1");
	assert_null(m->summary);
	assert_int_equal(m->subject, SUBJ_STAFF_CONDUCT);
	assert_int_equal(m->agency, AGENCY_POLICE);
	assert_string_equal(m->agency_name, "Dyfed-Powys Police");
	assert_true(m->worker_attended_conference);
	assert_int_equal(m->event, day(2026, 11, 2));
	assert_int_equal(m->awareness, day(2026, 11, 3));
	assert_int_equal(m->court.status, COURT_ONGOING);
	assert_int_equal(m->court.started, day(2026, 10, 1));
	assert_int_equal(m->court.ended, CWYN_DAY_NONE);
	assert_true(m->court.court_agreed);
	assert_int_equal(m->council_stage, CSTAGE_1_ANSWERED);
	assert_int_equal(m->acknowledged, day(2026, 11, 23));
	assert_int_equal(m->stage1_answered, day(2026, 11, 25));
	assert_int_equal(m->stage2_requested, day(2026, 11, 26));
	assert_int_equal(m->stage2_answered, CWYN_DAY_NONE);
	assert_true(m->still_dissatisfied);
	assert_true(m->wants_stage2);
	assert_true(m->council_delaying);
	assert_true(m->extension_agreed);
	assert_true(m->agency_procedure_done);
	assert_true(m->at_risk_now);
	arena_free(&a);
}

/* Omitted members take the facts_init defaults; as_of falls back to the
 * caller's date and received to as_of; ids are numbered. */
static void defaults_fill_omitted_members(void **state)
{
	(void)state;
	static const char doc[] =
	    "{\"matters\": [{\"subject\": \"failure_to_act\"},"
	    " {\"subject\": \"poor_communication\", \"summary\": null}]}";
	struct arena a;
	arena_init(&a, 0);
	struct facts f;
	facts_init(&f);
	f.as_of = day(2026, 11, 26);
	struct cwyn_error err = {0};
	assert_int_equal(facts_from_json(doc, strlen(doc), &a, &f, &err),
	                 CWYN_OK);
	assert_int_equal(f.as_of, day(2026, 11, 26));
	assert_int_equal(f.received, day(2026, 11, 26));
	assert_int_equal(f.channel, CHANNEL_WRITTEN);
	assert_int_equal(f.complainant.relationship, REL_PARENT);
	assert_int_equal(f.complainant.age, -1);
	assert_int_equal(f.n_children, 0);
	assert_int_equal(f.n_matters, 2);
	assert_string_equal(f.matters[0].id, "m1");
	assert_string_equal(f.matters[1].id, "m2");
	assert_int_equal(f.matters[1].agency, AGENCY_COUNCIL);
	assert_int_equal(f.matters[1].minutes_sent, CWYN_DAY_NONE);
	arena_free(&a);

	/* Without a default from the caller, as_of is required. */
	arena_init(&a, 0);
	facts_init(&f);
	assert_int_equal(facts_from_json(doc, strlen(doc), &a, &f, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "as_of");
	arena_free(&a);
}

struct bad_case {
	const char *doc;
	const char *field;
	enum cwyn_code code;
	const char *message; /* substring */
};

#define M0 "{\"as_of\":\"2026-11-26\",\"matters\":[{\"subject\":\"failure_to_act\""
#define END "}]}"

static const struct bad_case bad_cases[] = {
	/* malformed JSON, with jansson's line and column */
	{"{\"as_of\": \"2026-11-26\"\n \"matters\": []}", "", CWYN_EINVAL,
	 "malformed JSON (line 2, column"},
	{"", "", CWYN_EINVAL, "ends too early"},
	{"[1,2]", "", CWYN_EINVAL, "expected a JSON object"},
	/* invalid UTF-8 */
	{M0 ",\"summary\":\"caf\xc3\x28\"" END, "", CWYN_EINVAL,
	 "not valid UTF-8"},
	{M0 ",\"summary\":\"\\u0000\"" END, "", CWYN_EINVAL, "NUL"},
	{"{\"as_of\":\"2026-11-26\",\"as_of\":\"2026-11-25\",\"matters\":[]}",
	 "", CWYN_EINVAL, "appears twice"},
	/* unknown members at every level */
	{M0 ",\"colour\":\"red\"" END, "matters[0].colour", CWYN_EINVAL,
	 "unknown field"},
	{M0 ",\"dates\":{\"minute_sent\":null}" END,
	 "matters[0].dates.minute_sent", CWYN_EINVAL, "unknown field"},
	{"{\"as_of\":\"2026-11-26\",\"complainant\":{\"name\":\"X\"},"
	 "\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "complainant.name", CWYN_EINVAL, "unknown field"},
	{M0 ",\"council\":{\"stage\":\"none\",\"refused\":true}" END,
	 "matters[0].council.refused", CWYN_EINVAL, "unknown field"},
	/* unknown enum values list the allowed ones */
	{"{\"as_of\":\"2026-11-26\",\"complainant\":{\"relationship\":\"aunt\"},"
	 "\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "complainant.relationship", CWYN_EINVAL,
	 "expected one of: parent, carer, kinship_carer"},
	{"{\"as_of\":\"2026-11-26\",\"channel\":\"email\","
	 "\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "channel", CWYN_EINVAL, "expected one of: written, oral"},
	{M0 ",\"court\":{\"status\":\"pending\"}" END, "matters[0].court.status",
	 CWYN_EINVAL, "none, ongoing, concluded"},
	{M0 ",\"categories\":[\"neglect\",\"neglect\"]" END,
	 "matters[0].categories[1]", CWYN_EINVAL, "twice"},
	/* wrong types */
	{M0 ",\"at_risk_now\":1" END, "matters[0].at_risk_now", CWYN_EINVAL,
	 "expected true or false, got a whole number"},
	{"{\"as_of\":\"2026-11-26\",\"children\":[{\"age\":7.5}],"
	 "\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "children[0].age", CWYN_EINVAL, "got a fractional number"},
	{"{\"as_of\":\"2026-11-26\",\"children\":[{\"age\":\"7\"}],"
	 "\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "children[0].age", CWYN_EINVAL, "got a string"},
	{"{\"as_of\":20261126,\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "as_of", CWYN_EINVAL, "YYYY-MM-DD"},
	{M0 ",\"dates\":[]" END, "matters[0].dates", CWYN_EINVAL,
	 "expected an object"},
	{"{\"as_of\":\"2026-11-26\",\"matters\":{}}", "matters", CWYN_EINVAL,
	 "expected an array"},
	/* impossible dates, and impossible orders */
	{M0 ",\"dates\":{\"event\":\"2026-02-30\"}" END, "matters[0].dates.event",
	 CWYN_ERANGE, ""},
	{M0 ",\"dates\":{\"event\":\"2026-11-02\",\"awareness\":\"2026-11-01\"}" END,
	 "matters[0].dates.awareness", CWYN_EINVAL, "before"},
	{M0 ",\"dates\":{\"conference_held\":\"2026-11-09\","
	    "\"minutes_sent\":\"2026-11-02\"}" END,
	 "matters[0].dates.minutes_sent", CWYN_EINVAL, "before"},
	{M0 ",\"council\":{\"stage\":\"none\",\"stage1_answered\":\"2026-11-20\"}" END,
	 "matters[0].council.stage1_answered", CWYN_EINVAL, ""},
	/* lengths and counts */
	{"{\"as_of\":\"2026-11-26\",\"matters\":[]}", "matters", CWYN_EINVAL,
	 "must not be empty"},
	{"{\"as_of\":\"2026-11-26\"}", "matters", CWYN_EINVAL, "required"},
	{"{\"as_of\":\"2026-11-26\",\"matters\":[{}]}", "matters[0].subject",
	 CWYN_EINVAL, "required"},
	{M0 ",\"id\":\"\"" END, "matters[0].id", CWYN_EINVAL, "empty"},
	{M0 ",\"id\":\"a\\tb\"" END, "matters[0].id", CWYN_EINVAL,
	 "control character"},
	{"{\"as_of\":\"2026-11-26\",\"matters\":[{\"subject\":\"failure_to_act\"},"
	 "{\"subject\":\"failure_to_act\",\"id\":\"m1\"}]}",
	 "matters[1].id", CWYN_EINVAL, "same id"},
	{"{\"as_of\":\"2026-11-26\",\"complainant\":{\"age\":121},"
	 "\"matters\":[{\"subject\":\"failure_to_act\"}]}",
	 "complainant.age", CWYN_EINVAL, "between 0 and 120"},
};

/* Nothing is returned on failure: the output struct is left as it was. */
static void bad_input_is_refused_with_its_field(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *bc = &bad_cases[i];
		struct arena a;
		arena_init(&a, 0);
		struct facts f, before;
		memset(&f, 0x5a, sizeof f);
		f.as_of = CWYN_DAY_NONE;
		before = f;
		struct cwyn_error err = {0};
		enum cwyn_code rc =
		    facts_from_json(bc->doc, strlen(bc->doc), &a, &f, &err);
		if (rc != bc->code || strcmp(err.field, bc->field) != 0 ||
		    strstr(err.message, bc->message) == NULL)
			fail_msg("case %zu: got %s at \"%s\": %s; want %s at "
			         "\"%s\" containing \"%s\"",
			         i, cwyn_code_name(rc), err.field, err.message,
			         cwyn_code_name(bc->code), bc->field,
			         bc->message);
		assert_memory_equal(&f, &before, sizeof f);
		arena_free(&a);
	}
}

/* Strings are capped: summary 20000 bytes, labels 200; a document over
 * 1 MiB and too many matters or children are refused whole. */
static void limits_are_enforced(void **state)
{
	(void)state;
	size_t cap = 2 * FACTS_JSON_MAX_BYTES;
	char *doc = malloc(cap);
	assert_non_null(doc);
	struct cwyn_error err;
	struct arena a;
	struct facts f;

	/* summary: 20000 bytes fine, 20001 refused */
	for (int extra = 0; extra <= 1; extra++) {
		int n = snprintf(doc, cap,
		                 "{\"as_of\":\"2026-11-26\",\"matters\":[{\"subject\""
		                 ":\"failure_to_act\",\"summary\":\"");
		memset(doc + n, 's', FACTS_MAX_SUMMARY + extra);
		strcpy(doc + n + FACTS_MAX_SUMMARY + extra, "\"}]}");
		arena_init(&a, 0);
		facts_init(&f);
		memset(&err, 0, sizeof err);
		enum cwyn_code rc = facts_from_json(doc, strlen(doc), &a, &f, &err);
		if (extra == 0) {
			assert_int_equal(rc, CWYN_OK);
			assert_int_equal(strlen(f.matters[0].summary),
			                 FACTS_MAX_SUMMARY);
		} else {
			assert_int_equal(rc, CWYN_EINVAL);
			assert_string_equal(err.field, "matters[0].summary");
		}
		arena_free(&a);
	}
	/* a child label of 201 bytes */
	int n = snprintf(doc, cap, "{\"as_of\":\"2026-11-26\",\"children\":[{"
	                           "\"label\":\"");
	memset(doc + n, 'L', FACTS_MAX_LABEL + 1);
	strcpy(doc + n + FACTS_MAX_LABEL + 1,
	       "\"}],\"matters\":[{\"subject\":\"failure_to_act\"}]}");
	arena_init(&a, 0);
	facts_init(&f);
	assert_int_equal(facts_from_json(doc, strlen(doc), &a, &f, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "children[0].label");
	arena_free(&a);

	/* 51 matters, 21 children */
	size_t off = (size_t)snprintf(doc, cap,
	                              "{\"as_of\":\"2026-11-26\",\"matters\":[");
	for (int i = 0; i <= FACTS_MAX_MATTERS; i++)
		off += (size_t)snprintf(doc + off, cap - off,
		                        "%s{\"subject\":\"failure_to_act\"}",
		                        i ? "," : "");
	snprintf(doc + off, cap - off, "]}");
	arena_init(&a, 0);
	facts_init(&f);
	assert_int_equal(facts_from_json(doc, strlen(doc), &a, &f, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "matters");
	assert_non_null(strstr(err.message, "too many"));
	arena_free(&a);
	off = (size_t)snprintf(doc, cap, "{\"as_of\":\"2026-11-26\",\"children\":[");
	for (int i = 0; i <= FACTS_MAX_CHILDREN; i++)
		off += (size_t)snprintf(doc + off, cap - off, "%s{}",
		                        i ? "," : "");
	snprintf(doc + off, cap - off,
	         "],\"matters\":[{\"subject\":\"failure_to_act\"}]}");
	arena_init(&a, 0);
	facts_init(&f);
	assert_int_equal(facts_from_json(doc, strlen(doc), &a, &f, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "children");
	arena_free(&a);

	/* over 1 MiB, even if it is only white space */
	memset(doc, ' ', FACTS_JSON_MAX_BYTES + 1);
	arena_init(&a, 0);
	facts_init(&f);
	assert_int_equal(facts_from_json(doc, FACTS_JSON_MAX_BYTES + 1, &a, &f,
	                                 &err),
	                 CWYN_ERANGE);
	arena_free(&a);

	/* nested deeper than any facts document needs */
	off = (size_t)snprintf(doc, cap, "{\"as_of\":");
	for (int i = 0; i < 100000; i++)
		doc[off++] = '[';
	doc[off] = '\0';
	arena_init(&a, 0);
	facts_init(&f);
	assert_int_equal(facts_from_json(doc, off, &a, &f, &err), CWYN_EINVAL);
	assert_non_null(strstr(err.message, "nested"));
	arena_free(&a);
	free(doc);
}

/* ---- Decision JSON ------------------------------------------------------ */

static struct policy *g_policy;
static struct calendar *g_cal;

static int setup(void **state)
{
	(void)state;
	i18n_init(NULL, NULL);
	struct cwyn_error err = {0};
	if (policy_load_with_calendar(NULL, &g_policy, &g_cal, &err) !=
	    CWYN_OK) {
		fprintf(stderr, "policy: %s: %s\n", err.field, err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	calendar_free(g_cal);
	policy_free(g_policy);
	i18n_shutdown();
	return 0;
}

static json_t *decide(const char *doc, enum language lang)
{
	struct arena a;
	arena_init(&a, 0);
	struct facts f;
	facts_init(&f);
	struct cwyn_error err = {0};
	assert_int_equal(facts_from_json(doc, strlen(doc), &a, &f, &err),
	                 CWYN_OK);
	struct decision *d = NULL;
	assert_int_equal(triage_decide(&f, g_policy, g_cal, &d, &err), CWYN_OK);
	json_t *j = decision_to_json(d, g_policy, lang);
	assert_non_null(j);
	decision_free(d);
	arena_free(&a);
	return j;
}

static void assert_keys(json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;
	size_t i = 0;
	json_object_foreach(o, k, v) {
		assert_non_null(keys[i]);
		assert_string_equal(k, keys[i]);
		i++;
	}
	assert_null(keys[i]);
}

static const char conf_doc[] =
    "{\"as_of\":\"2026-04-24\",\"received\":\"2026-04-24\","
    " \"children\":[{\"age\":7}],"
    " \"matters\":[{\"id\":\"m1\",\"subject\":\"conference_process\","
    "  \"dates\":{\"conference_held\":\"2026-03-25\","
    "   \"minutes_sent\":\"2026-04-01\",\"chair_received\":\"2026-04-24\"}},"
    " {\"id\":\"m2\",\"subject\":\"failure_to_act\","
    "  \"dates\":{\"event\":\"2026-03-01\"}}]}";

static void decision_json_has_stable_keys(void **state)
{
	(void)state;
	json_t *j = decide(conf_doc, LANG_EN);
	static const char *const top[] = {
	    "as_of", "language", "policy", "policy_version", "overall_route",
	    "safeguarding_alert", "alert_reasons", "reasons", "deadlines",
	    "signposts", "matters", NULL};
	assert_keys(j, top);
	assert_string_equal(json_string_value(json_object_get(j, "as_of")),
	                    "2026-04-24");
	assert_string_equal(
	    json_string_value(json_object_get(j, "overall_route")), "split");
	json_t *m = json_array_get(json_object_get(j, "matters"), 0);
	static const char *const matter[] = {
	    "id", "route", "council", "ombudsman", "agency", "agency_name",
	    "late", "alert", "reasons", "deadlines", "signposts", NULL};
	assert_keys(m, matter);
	assert_string_equal(json_string_value(json_object_get(m, "route")),
	                    "conference_chair");
	assert_true(json_is_true(json_object_get(m, "late")));
	json_t *r = json_array_get(json_object_get(m, "reasons"), 0);
	static const char *const reason[] = {"rule", "source", "summary",
	                                     NULL};
	assert_keys(r, reason);
	const struct rule *rule =
	    rule_find(json_string_value(json_object_get(r, "rule")));
	assert_non_null(rule);
	assert_string_equal(json_string_value(json_object_get(r, "summary")),
	                    rule->summary);

	/* The conference deadline: 14 WD after Wed 1 Apr 2026 over Easter. */
	json_t *dl = NULL, *e;
	size_t i;
	json_array_foreach(json_object_get(m, "deadlines"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "timescale")),
		           "conf_complaint") == 0)
			dl = e;
	}
	assert_non_null(dl);
	static const char *const deadline[] = {
	    "timescale", "label", "rule", "from", "start", "amount", "unit",
	    "inclusive", "due", "status", "compared_with", "assumed_start",
	    "skipped", "explanation", NULL};
	assert_keys(dl, deadline);
	assert_string_equal(json_string_value(json_object_get(dl, "label")),
	                    "Complain to the conference chair");
	assert_string_equal(json_string_value(json_object_get(dl, "due")),
	                    "2026-04-23");
	assert_string_equal(json_string_value(json_object_get(dl, "status")),
	                    "late");
	assert_string_equal(json_string_value(json_object_get(dl, "unit")),
	                    "working_days");
	assert_non_null(strstr(json_string_value(json_object_get(dl,
	                                                          "explanation")),
	                       "2026-04-23"));
	json_t *sk = json_array_get(json_object_get(dl, "skipped"), 0);
	static const char *const skip[] = {"date", "kind", "why", NULL};
	assert_keys(sk, skip);

	/* Signposts carry the contact's details from the policy. */
	json_t *sp = NULL;
	json_array_foreach(json_object_get(j, "signposts"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "contact")),
		           "ccfw") == 0)
			sp = e;
	}
	assert_non_null(sp);
	assert_string_equal(json_string_value(json_object_get(sp, "phone")),
	                    "01792 765600");
	assert_string_equal(json_string_value(json_object_get(sp, "name")),
	                    "Children's Commissioner for Wales");
	json_decref(j);
}

static void decision_json_in_welsh(void **state)
{
	(void)state;
	json_t *j = decide(conf_doc, LANG_CY);
	assert_string_equal(json_string_value(json_object_get(j, "language")),
	                    "cy");
	json_t *m = json_array_get(json_object_get(j, "matters"), 0);
	json_t *dl = json_array_get(json_object_get(m, "deadlines"), 0);
	assert_string_equal(json_string_value(json_object_get(dl, "timescale")),
	                    "conf_complaint");
	assert_string_equal(json_string_value(json_object_get(dl, "label")),
	                    "Cwyno i Gadeirydd y Gynhadledd");
	/* Good Friday is skipped, and named in Welsh. */
	bool good_friday = false;
	json_t *e;
	size_t i;
	json_array_foreach(json_object_get(dl, "skipped"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "date")),
		           "2026-04-03") == 0) {
			assert_string_equal(
			    json_string_value(json_object_get(e, "why")),
			    "Dydd Gwener y Groglith");
			good_friday = true;
		}
	}
	assert_true(good_friday);
	/* Rule summaries go through the Welsh catalogue. */
	json_t *r = json_array_get(json_object_get(m, "reasons"), 0);
	const struct rule *rule =
	    rule_find(json_string_value(json_object_get(r, "rule")));
	assert_string_equal(json_string_value(json_object_get(r, "summary")),
	                    i18n_tr(LANG_CY, rule->summary));
	bool ccfw = false;
	json_array_foreach(json_object_get(j, "signposts"), i, e) {
		if (strcmp(json_string_value(json_object_get(e, "contact")),
		           "ccfw") == 0) {
			assert_string_equal(
			    json_string_value(json_object_get(e, "name")),
			    "Comisiynydd Plant Cymru");
			ccfw = true;
		}
	}
	assert_true(ccfw);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(good_document_round_trips),
	    cmocka_unit_test(defaults_fill_omitted_members),
	    cmocka_unit_test(bad_input_is_refused_with_its_field),
	    cmocka_unit_test(limits_are_enforced),
	    cmocka_unit_test(decision_json_has_stable_keys),
	    cmocka_unit_test(decision_json_in_welsh),
	};
	return cmocka_run_group_tests_name("facts_json", tests, setup,
	                                   teardown);
}
