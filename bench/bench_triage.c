/*
 * bench_triage.c — how many triage decisions per second: a typical
 * 3-matter complaint (a conference category, a council failure to act and
 * another agency's worker at the conference) and a 10-matter one that goes
 * every way, each decided from scratch with the shipped policy and freed.
 * Prints decisions per second; runs in a few seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/policy_file.h"
#include "core/triage.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cwyn_day ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static struct facts_matter matters[10];
static struct facts_child children[2];

static void typical(struct facts *f)
{
	facts_init(f);
	for (size_t i = 0; i < 10; i++)
		facts_matter_init(&matters[i]);
	facts_child_init(&children[0]);
	children[0].age = 7;
	f->as_of = ymd(2027, 1, 11);
	f->received = ymd(2027, 1, 11);
	f->children = children;
	f->n_children = 1;
	f->matters = matters;
	f->n_matters = 3;
	matters[0].subject = SUBJ_REGISTRATION_CATEGORY;
	matters[0].conference_held = ymd(2026, 12, 14);
	matters[0].minutes_sent = ymd(2026, 12, 18);
	matters[1].subject = SUBJ_FAILURE_TO_ACT;
	matters[1].event = ymd(2026, 11, 20);
	matters[2].subject = SUBJ_STAFF_CONDUCT;
	matters[2].agency = AGENCY_POLICE;
	matters[2].agency_name = "Dyfed-Powys Police";
	matters[2].worker_attended_conference = true;
}

/* Ten matters covering every route, with clocks at several stages. */
static void large(struct facts *f)
{
	typical(f);
	f->n_matters = 10;
	matters[3].subject = SUBJ_DECISION_TO_START_PROCEEDINGS;
	matters[4].subject = SUBJ_NO_ADEQUATE_PLAN;
	matters[4].event = ymd(2026, 10, 1);
	matters[4].council_stage = CSTAGE_1_ANSWERED;
	matters[4].acknowledged = ymd(2027, 1, 11);
	matters[4].stage1_answered = ymd(2027, 1, 11);
	matters[4].still_dissatisfied = true;
	matters[5].subject = SUBJ_INADEQUATE_INVESTIGATION;
	matters[5].event = ymd(2026, 6, 1);
	matters[5].court.status = COURT_ONGOING;
	matters[5].court.started = ymd(2026, 9, 1);
	matters[6].subject = SUBJ_CONFERENCE_PROCESS;
	matters[6].minutes_sent = ymd(2026, 12, 18);
	matters[6].conference_stage = CONFSTAGE_CHAIR_UNRESOLVED;
	matters[6].wants_panel = true;
	matters[7].subject = SUBJ_POOR_COMMUNICATION;
	matters[7].agency = AGENCY_HEALTH;
	matters[7].agency_procedure_done = true;
	matters[7].awareness = ymd(2026, 8, 1);
	matters[8].subject = SUBJ_RECOMMENDATIONS_NOT_IMPLEMENTED;
	matters[8].event = ymd(2026, 3, 2);
	matters[9].subject = SUBJ_INACCURATE_REPORT;
	matters[9].court.report_for_court = true;
}

static int run(const char *what, const struct facts *f,
               const struct policy *p, const struct calendar *cal, long n)
{
	struct cwyn_error err = {0};
	long sink = 0;
	double t = now();
	for (long i = 0; i < n; i++) {
		struct decision *d = NULL;
		if (triage_decide(f, p, cal, &d, &err) != CWYN_OK) {
			fprintf(stderr, "%s: %s: %s\n", what, err.field,
			        err.message);
			return 1;
		}
		sink += (long)d->overall + (long)d->n_signposts;
		decision_free(d);
	}
	double secs = now() - t;
	printf("%-34s %12.0f decisions/s   (%ld in %.3f s, check %ld)\n",
	       what, (double)n / secs, n, secs, sink % 1000);
	return 0;
}

int main(void)
{
	struct policy *p = NULL;
	struct calendar *cal = NULL;
	struct cwyn_error err = {0};
	if (policy_load_with_calendar(NULL, &p, &cal, &err) != CWYN_OK) {
		fprintf(stderr, "policy: %s: %s\n", err.field, err.message);
		return 1;
	}
	struct facts f;
	int rc = 0;
	typical(&f);
	rc |= run("triage, 3-matter complaint", &f, p, cal, 300000);
	large(&f);
	rc |= run("triage, 10-matter complaint", &f, p, cal, 100000);
	policy_free(p);
	calendar_free(cal);
	return rc;
}
