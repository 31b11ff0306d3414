/*
 * test_checker.c — the public checker without a browser: answers survive
 * the trip through the URL, anything malformed in it is simply "not
 * answered" (and never reaches a page), the questions come in the right
 * order, and the answers become facts the triage engine decides on —
 * e.g. the late conference complaint of 18 December 2026.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/policy_file.h"
#include "web/pages/checker_flow.h"
#include "web/pages/checker_state.h"

static struct chk_state from_query(struct arena *a, const char *q)
{
	struct web_pair p[64];
	size_t n = 0;
	char *copy = arena_strdup(a, q);
	for (char *tok = strtok(copy, "&"); tok && n < 64; tok = strtok(NULL, "&")) {
		char *eq = strchr(tok, '=');
		if (eq == NULL)
			continue;
		*eq = '\0';
		p[n++] = (struct web_pair){tok, eq + 1};
	}
	struct chk_state s;
	chk_state_init(&s);
	chk_state_read(&s, p, n);
	return s;
}

static void answers_survive_the_url(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	const char *q = "yp=1&risk=no&rel=child&age=15&la=yes&edu=not_sure&n=2&i=1"
	                "&c1k=conf_category&c1h=2026-12-11&c1m=2026-12-18"
	                "&c2k=worker&c2a=police&c2e=2026-11-02&c2w=2026-11-03"
	                "&court=ongoing&cagree=no&cst=stage1_open&delay=yes&conf=with_chair";
	struct chk_state s = from_query(&a, q);
	assert_true(s.young);
	assert_int_equal(s.rel, REL_CHILD);
	assert_int_equal(s.age, 15);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.cur, 1);
	assert_int_equal(s.c[1].agency, AGENCY_POLICE);
	assert_string_equal(chk_state_query(&s, &a), q);
	arena_free(&a);
}

static void malformed_answers_are_unanswered(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct chk_state s = from_query(&a,
	    "risk=maybe&rel=<script>&age=999&la=1&n=9&c1k=\"onmouseover&c1a=x"
	    "&c1e=2026-02-30&c1w=26-01-01&c9k=worker&c0k=worker&court=sometimes");
	assert_int_equal(s.risk, YN_UNSET);
	assert_int_equal(s.rel, -1);
	assert_int_equal(s.age, -1);
	assert_int_equal(s.looked_after, YN_UNSET);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.c[0].kind, -1);
	assert_int_equal(s.c[0].agency, -1);
	assert_int_equal(s.c[0].event, CWYN_DAY_NONE);
	assert_int_equal(s.c[0].aware, CWYN_DAY_NONE);
	assert_int_equal(s.court, -1);
	/* Only our own vocabulary ever goes back into a URL. */
	const char *q = chk_state_query(&s, &a);
	assert_non_null(q);
	for (const char *p = q; *p; p++)
		assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz0123456789_-=&", *p));
	arena_free(&a);
}

static void questions_come_in_order(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct chk_state s = from_query(&a, "risk=yes");
	struct chk_pos p = chk_next(&s, (struct chk_pos){STEP_RISK, 0});
	assert_int_equal(p.step, STEP_HELP_NOW); /* emergency contacts first */
	s = from_query(&a, "yp=1&risk=no");
	p = chk_next(&s, (struct chk_pos){STEP_RISK, 0});
	assert_int_equal(p.step, STEP_CHILD); /* a young person is not asked who */
	s = from_query(&a, "risk=no&n=2&c1k=worker&c2k=conf_process&court=none");
	p = chk_next(&s, (struct chk_pos){STEP_CONCERN, 0});
	assert_int_equal(p.step, STEP_AGENCY);
	p = chk_next(&s, (struct chk_pos){STEP_ANOTHER, 0});
	assert_int_equal(p.step, STEP_CONCERN);
	assert_int_equal(p.concern, 1);
	p = chk_next(&s, (struct chk_pos){STEP_CONCERN, 1});
	assert_int_equal(p.step, STEP_DATES); /* a conference: no agency */
	p = chk_next(&s, (struct chk_pos){STEP_COURT, 0});
	assert_int_equal(p.step, STEP_PROGRESS);
	struct chk_pos prev;
	assert_true(chk_prev(&s, (struct chk_pos){STEP_CONCERN, 1}, &prev));
	assert_int_equal(prev.step, STEP_ANOTHER);
	assert_int_equal(prev.concern, 0);
	assert_false(chk_prev(&s, (struct chk_pos){STEP_RISK, 0}, &prev));
	arena_free(&a);
}

static void late_conference_complaint_is_decided(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct policy *p;
	struct calendar *cal;
	assert_int_equal(policy_load_with_calendar(NULL, &p, &cal, NULL), CWYN_OK);
	struct chk_state s = from_query(&a,
	    "risk=no&rel=parent&age=7&la=no&edu=yes&n=2&c1k=conf_category"
	    "&c1h=2026-12-11&c1m=2026-12-18&c2k=court_report&court=none&conf=none");
	struct facts f;
	cwyn_day today = date_from_ymd(2027, 1, 13);
	assert_int_equal(chk_state_facts(&s, today, LANG_EN, &a, &f, NULL), CWYN_OK);
	assert_int_equal(f.n_matters, 2);
	assert_true(f.matters[1].court.report_for_court);
	struct decision *d;
	assert_int_equal(triage_decide(&f, p, cal, &d, NULL), CWYN_OK);
	assert_int_equal(d->matters[0].route, ROUTE_CONFERENCE_CHAIR);
	assert_true(d->matters[0].late);
	bool found = false;
	for (size_t i = 0; i < d->matters[0].n_deadlines; i++) {
		const struct deadline *dl = &d->matters[0].deadlines[i];
		if (dl->ts == TS_CONF_COMPLAINT) {
			assert_int_equal(dl->derivation.result, date_from_ymd(2027, 1, 12));
			assert_int_equal(dl->status, DL_LATE);
			found = true;
		}
	}
	assert_true(found);
	decision_free(d);
	/* No concern chosen: refused, nothing decided. */
	s = from_query(&a, "risk=no&rel=parent");
	assert_int_not_equal(chk_state_facts(&s, today, LANG_EN, &a, &f, NULL), CWYN_OK);
	calendar_free(cal);
	policy_free(p);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(answers_survive_the_url),
	    cmocka_unit_test(malformed_answers_are_unanswered),
	    cmocka_unit_test(questions_come_in_order),
	    cmocka_unit_test(late_conference_complaint_is_decided),
	};
	return cmocka_run_group_tests_name("checker", tests, NULL, NULL);
}
