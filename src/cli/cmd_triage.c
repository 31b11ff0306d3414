/*
 * cmd_triage.c — `cwyn triage`: read the facts of a complaint (JSON, from a
 * file or stdin), decide its route with the authority's policy, and print
 * the decision as JSON or, with --explain, as a report a complaints officer
 * can read, in English or Welsh.
 *
 * Nothing is printed on stdout unless the whole decision succeeded, so a
 * script reading stdout never sees half a result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/facts_json.h"
#include "app/file_io.h"
#include "app/policy_file.h"
#include "cli/commands.h"
#include "core/calendar.h"
#include "core/rules.h"
#include "core/triage.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"

/* ---- Words for the report (enum-indexed, translated where shown) -------- */

static const char *const route_words[ROUTE__MAX] = {
	N_("The council's complaints procedure, Stage 1 (local resolution)"), /* ROUTE_COUNCIL_STAGE1 */
	N_("The council's complaints procedure, Stage 2 (formal investigation)"), /* ROUTE_COUNCIL_STAGE2 */
	N_("The child protection conference chair"), /* ROUTE_CONFERENCE_CHAIR */
	N_("The Safeguarding Children Board panel"), /* ROUTE_SAFEGUARDING_PANEL */
	N_("The other agency's own complaints procedure"), /* ROUTE_OTHER_AGENCY */
	N_("Excluded: a court matter (take legal advice)"), /* ROUTE_EXCLUDED_COURT */
	N_("The Public Services Ombudsman for Wales"), /* ROUTE_OMBUDSMAN */
	N_("Split: the matters go different ways"), /* ROUTE_SPLIT */
};

static const char *const verdict_words[VERDICT__MAX] = {
	N_("cannot look at it"), /* VERDICT_NO */
	N_("not yet: another body must deal with it first"), /* VERDICT_NOT_YET */
	N_("possibly, at its discretion"), /* VERDICT_POSSIBLE */
	N_("can look at it"), /* VERDICT_YES */
};

static const char *const status_words[DL_STATUS__MAX] = {
	N_("still running"), /* DL_OPEN */
	N_("met"),           /* DL_MET */
	N_("missed"),        /* DL_MISSED */
	N_("in time"),       /* DL_IN_TIME */
	N_("late"),          /* DL_LATE */
};

static const char *const agency_words[AGENCY__MAX] = {
	N_("this council's social services"), /* AGENCY_COUNCIL */
	N_("the police"),                     /* AGENCY_POLICE */
	N_("a health body"),                  /* AGENCY_HEALTH */
	N_("education"),                      /* AGENCY_EDUCATION */
	N_("another council"),                /* AGENCY_OTHER_COUNCIL */
	N_("the probation service"),          /* AGENCY_PROBATION */
	N_("another agency"),                 /* AGENCY_OTHER */
};

static const char *const weekday_words[7] = {
	N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
	N_("Sun"),
};

#define WORD(table, i, max) \
	((unsigned)(i) < (max) ? _((table)[(i)]) : "?")

/*
 * _() for a printf format: the attribute lets the compiler check the
 * arguments against the English format (the Welsh one must take the same).
 */
static const char *tr_fmt(const char *msgid) __attribute__((format_arg(1)));
static const char *tr_fmt(const char *msgid)
{
	return _(msgid);
}

static enum language lang_now(void)
{
	return i18n_thread_language();
}

static const char *pick(const char *en, const char *cy)
{
	if (lang_now() == LANG_CY && cy != NULL && cy[0] != '\0')
		return cy;
	return en;
}

/* "Mon 2026-12-14" in the report's language. */
static const char *day_text(cwyn_day d, char *buf, size_t n)
{
	if (d == CWYN_DAY_NONE) {
		snprintf(buf, n, "-");
		return buf;
	}
	char iso[CWYN_DATE_STRLEN];
	snprintf(buf, n, "%s %s", _(weekday_words[date_weekday(d)]),
	         date_format(d, iso));
	return buf;
}

/* "14th" in English; Welsh ordinals change with the number and the noun,
 * so the Welsh phrase says "diwrnod gwaith rhif 14" and takes the bare
 * number. */
static const char *ordinal(int n, char *buf, size_t len)
{
	if (lang_now() == LANG_CY) {
		snprintf(buf, len, "%d", n);
		return buf;
	}
	const char *suf = "th";
	if (n % 100 < 11 || n % 100 > 13) {
		if (n % 10 == 1)
			suf = "st";
		else if (n % 10 == 2)
			suf = "nd";
		else if (n % 10 == 3)
			suf = "rd";
	}
	snprintf(buf, len, "%d%s", n, suf);
	return buf;
}

/* ---- The report --------------------------------------------------------- */

static void print_derivation(FILE *o, const struct deadline *dl)
{
	const struct cal_derivation *dv = &dl->derivation;
	char a[32], b[32];
	fprintf(o, "      ");
	fprintf(o, tr_fmt(N_("Day 0 is %s.")), day_text(dv->start, a, sizeof a));
	if (dl->assumed_start)
		fprintf(o, " %s",
		        _("(The start is assumed: that step has not happened "
		          "yet.)"));
	fputc(' ', o);
	switch (dv->unit) {
	case CAL_UNIT_WORKING_DAYS:
		if (dv->n_skipped == 0) {
			fprintf(o, tr_fmt(N_("Counting %d working days after it, no "
			             "days were skipped.")),
			        dv->amount);
		} else {
			fprintf(o, tr_fmt(N_("Counting %d working days after it, these "
			             "days were skipped:")),
			        dv->amount);
			for (size_t i = 0; i < dv->n_skipped; i++) {
				const struct cal_skip *s = &dv->skipped[i];
				fprintf(o, "%s %s (%s)", i ? ";" : "",
				        day_text(s->day, a, sizeof a),
				        pick(s->why_en, s->why_cy));
			}
			fputc('.', o);
		}
		fputc(' ', o);
		fprintf(o, tr_fmt(N_("The %s working day is %s.")),
		        ordinal(dv->amount, b, sizeof b),
		        day_text(dv->result, a, sizeof a));
		break;
	case CAL_UNIT_CALENDAR_DAYS:
		fprintf(o, tr_fmt(N_("%d calendar days after it is %s.")), dv->amount,
		        day_text(dv->result, a, sizeof a));
		break;
	case CAL_UNIT_MONTHS:
	default:
		if (dv->inclusive)
			fprintf(o, tr_fmt(N_("The period of %d months starts on that "
			             "day, so its last day is %s.")),
			        dv->amount, day_text(dv->result, a, sizeof a));
		else
			fprintf(o, tr_fmt(N_("%d months after it is %s.")), dv->amount,
			        day_text(dv->result, a, sizeof a));
		break;
	}
	fputc('\n', o);
}

static void print_deadlines(FILE *o, size_t n, const struct deadline *dls,
                            const struct policy *p)
{
	for (size_t i = 0; i < n; i++) {
		const struct deadline *dl = &dls[i];
		char a[32], b[32];
		const char *label = ts_id_name(dl->ts);
		if ((unsigned)dl->ts < TS_ID__MAX)
			label = pick(p->timescales[dl->ts].label.en,
			             p->timescales[dl->ts].label.cy);
		fprintf(o, "    - ");
		fprintf(o, tr_fmt(N_("%s: due %s (%s)")), label ? label : "?",
		        day_text(dl->derivation.result, a, sizeof a),
		        WORD(status_words, dl->status, DL_STATUS__MAX));
		if (dl->compared_with != CWYN_DAY_NONE) {
			fputs("; ", o);
			fprintf(o, tr_fmt(N_("checked against %s")),
			        day_text(dl->compared_with, b, sizeof b));
		}
		if (dl->rule_id)
			fprintf(o, " [%s]", dl->rule_id);
		fputc('\n', o);
		print_derivation(o, dl);
	}
}

static void print_reasons(FILE *o, const char *indent, size_t n,
                          const char *const *ids)
{
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = rule_find(ids[i]);
		if (r == NULL) {
			fprintf(o, "%s- [%s]\n", indent, ids[i]);
			continue;
		}
		fprintf(o, "%s- %s\n%s  [%s; %s: %s]\n", indent, _(r->summary),
		        indent, r->id, _("source"), r->source);
	}
}

static void print_signpost(FILE *o, const char *indent,
                           const struct signpost *s, const struct policy *p)
{
	if (s->other_agency) {
		fprintf(o, "%s- ", indent);
		fprintf(o, tr_fmt(N_("The complaints procedure of %s")),
		        s->agency_name ? s->agency_name
		                       : WORD(agency_words, s->agency,
		                              AGENCY__MAX));
		fputc('\n', o);
		return;
	}
	if ((unsigned)s->contact >= CONTACT_ID__MAX)
		return;
	const struct policy_contact *c = &p->contacts[s->contact];
	fprintf(o, "%s- %s\n", indent, pick(c->name.en, c->name.cy));
	const char *desc = pick(c->description.en, c->description.cy);
	if (desc && desc[0])
		fprintf(o, "%s  %s\n", indent, desc);
	if (!c->configured) {
		fprintf(o, "%s  %s\n", indent,
		        _("(The authority has still to add these contact "
		          "details.)"));
		return;
	}
	if (c->phone) {
		fprintf(o, "%s  ", indent);
		fprintf(o, tr_fmt(N_("Phone: %s")), c->phone);
		fputc('\n', o);
	}
	if (c->phone_free) {
		fprintf(o, "%s  ", indent);
		fprintf(o, tr_fmt(N_("Freephone: %s")), c->phone_free);
		fputc('\n', o);
	}
	if (c->email) {
		fprintf(o, "%s  ", indent);
		fprintf(o, tr_fmt(N_("Email: %s")), c->email);
		fputc('\n', o);
	}
	if (c->web) {
		fprintf(o, "%s  ", indent);
		fprintf(o, tr_fmt(N_("Web: %s")), c->web);
		fputc('\n', o);
	}
	const char *addr = pick(c->address.en, c->address.cy);
	if (addr && addr[0]) {
		fprintf(o, "%s  ", indent);
		fprintf(o, tr_fmt(N_("Address: %s")), addr);
		fputc('\n', o);
	}
}

static void print_alert(FILE *o, const struct decision *d,
                        const struct policy *p)
{
	fprintf(o, "*** %s ***\n", _("SAFEGUARDING ALERT"));
	fprintf(o, "%s\n",
	        _("A child may be at risk of harm now. Make a safeguarding "
	          "referral today under the Wales Safeguarding Procedures, "
	          "whatever the complaint route. The complaint still goes "
	          "on."));
	print_reasons(o, "  ", d->n_alert_reasons, d->alert_reasons);
	fprintf(o, "%s\n", _("Contact now:"));
	static const enum contact_id urgent[] = {CONTACT_EMERGENCY,
	                                         CONTACT_DUTY_TEAM};
	for (size_t i = 0; i < sizeof urgent / sizeof urgent[0]; i++) {
		struct signpost s = {.contact = urgent[i]};
		if (p->contacts[urgent[i]].defined)
			print_signpost(o, "  ", &s, p);
	}
	fputc('\n', o);
}

static void print_matter(FILE *o, const struct matter_decision *m,
                         const struct policy *p)
{
	fprintf(o, tr_fmt(N_("Matter %s")), m->matter_id ? m->matter_id : "?");
	fputc('\n', o);
	fprintf(o, "  ");
	fprintf(o, tr_fmt(N_("Route: %s")), WORD(route_words, m->route, ROUTE__MAX));
	fputc('\n', o);
	if (m->route == ROUTE_OTHER_AGENCY) {
		fprintf(o, "  ");
		fprintf(o, tr_fmt(N_("Agency: %s")),
		        m->agency_name ? m->agency_name
		                       : WORD(agency_words, m->agency,
		                              AGENCY__MAX));
		fputc('\n', o);
	}
	fprintf(o, "  ");
	fprintf(o, tr_fmt(N_("The council's complaints procedure: %s")),
	        WORD(verdict_words, m->council, VERDICT__MAX));
	fputc('\n', o);
	fprintf(o, "  ");
	fprintf(o, tr_fmt(N_("The Ombudsman: %s")),
	        WORD(verdict_words, m->ombudsman, VERDICT__MAX));
	fputc('\n', o);
	if (m->late)
		fprintf(o, "  %s\n",
		        _("LATE: outside the time limit for complaining."));
	if (m->alert)
		fprintf(o, "  %s\n",
		        _("A child is at risk now: see the safeguarding "
		          "alert."));
	if (m->n_reasons) {
		fprintf(o, "  %s\n", _("Why:"));
		print_reasons(o, "    ", m->n_reasons, m->reasons);
	}
	if (m->n_deadlines) {
		fprintf(o, "  %s\n", _("Deadlines:"));
		print_deadlines(o, m->n_deadlines, m->deadlines, p);
	}
	if (m->n_signposts) {
		fprintf(o, "  %s\n", _("Signposts for this matter:"));
		for (size_t i = 0; i < m->n_signposts; i++) {
			const struct signpost *s = &m->signposts[i];
			if (s->other_agency) {
				print_signpost(o, "    ", s, p);
				continue;
			}
			const struct policy_contact *c =
			    &p->contacts[s->contact];
			fprintf(o, "    - %s\n", pick(c->name.en, c->name.cy));
		}
	}
	fputc('\n', o);
}

static void print_report(FILE *o, const struct decision *d,
                         const struct policy *p)
{
	char a[32];
	fprintf(o, tr_fmt(N_("Complaint triage: decision as of %s")),
	        day_text(d->as_of, a, sizeof a));
	fputc('\n', o);
	fprintf(o, tr_fmt(N_("Policy: %s, version %d")), pick(p->name.en, p->name.cy),
	        p->version);
	fputs("\n\n", o);
	if (d->safeguarding_alert)
		print_alert(o, d, p);
	fprintf(o, tr_fmt(N_("Overall route: %s")),
	        WORD(route_words, d->overall, ROUTE__MAX));
	fputc('\n', o);
	print_reasons(o, "  ", d->n_reasons, d->reasons);
	if (d->n_deadlines) {
		fprintf(o, "  %s\n", _("Deadlines for the whole complaint:"));
		print_deadlines(o, d->n_deadlines, d->deadlines, p);
	}
	fputc('\n', o);
	for (size_t i = 0; i < d->n_matters; i++)
		print_matter(o, &d->matters[i], p);
	if (d->n_signposts) {
		fprintf(o, "%s\n", _("Where to get help:"));
		for (size_t i = 0; i < d->n_signposts; i++)
			print_signpost(o, "  ", &d->signposts[i], p);
	}
}

/* ---- The command -------------------------------------------------------- */

static int usage(const char *problem)
{
	if (problem)
		fprintf(stderr, "cwyn triage: %s\n", problem);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn triage [FILE|-] [--explain] [--lang en|cy] "
	          "[--policy FILE] [--as-of DATE]"));
	return 2;
}

static cwyn_day today(void)
{
	return uk_today((int64_t)time(NULL));
}

/* "--name VALUE" or "--name=VALUE"; advances *i past a separate value. */
static const char *option_value(int argc, char **argv, int *i,
                                const char *name, bool *bad)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*bad = true;
		return NULL;
	}
	return argv[++*i];
}

int cmd_triage(int argc, char **argv)
{
	const char *path = NULL, *policy_path = NULL, *as_of_text = NULL;
	bool explain = false;
	for (int i = 1; i < argc; i++) {
		bool bad = false;
		const char *v;
		if (strcmp(argv[i], "--explain") == 0) {
			explain = true;
		} else if ((v = option_value(argc, argv, &i, "--lang", &bad))) {
			enum language l;
			if (!language_from_name(v, &l))
				return usage(_("--lang must be en or cy"));
			i18n_set_thread_language(l);
		} else if ((v = option_value(argc, argv, &i, "--policy",
		                             &bad))) {
			policy_path = v;
		} else if ((v = option_value(argc, argv, &i, "--as-of",
		                             &bad))) {
			as_of_text = v;
		} else if (bad) {
			return usage(_("an option needs a value"));
		} else if (strcmp(argv[i], "--help") == 0 ||
		           strcmp(argv[i], "-h") == 0) {
			usage(NULL);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage(_("unknown option"));
		} else if (path == NULL) {
			path = argv[i];
		} else {
			return usage(_("too many arguments"));
		}
		if (bad)
			return usage(_("an option needs a value"));
	}

	struct cwyn_error err = {0};
	cwyn_day as_of = CWYN_DAY_NONE;
	if (as_of_text != NULL &&
	    date_parse(as_of_text, &as_of, "--as-of", &err) != CWYN_OK) {
		cli_report("triage", &err);
		return 2;
	}

	int rc = 1;
	char *text = NULL;
	size_t len = 0;
	struct arena arena;
	struct policy *policy = NULL;
	struct calendar *cal = NULL;
	struct decision *d = NULL;
	arena_init(&arena, 0);

	if (file_read_all(path ? path : "-", FACTS_JSON_MAX_BYTES, &text, &len,
	                  &err) != CWYN_OK)
		goto report;
	struct facts f;
	facts_init(&f);
	f.as_of = as_of != CWYN_DAY_NONE ? as_of : today();
	if (facts_from_json(text, len, &arena, &f, &err) != CWYN_OK)
		goto report;
	/* An explicit --as-of wins over the document's own as_of. */
	if (as_of != CWYN_DAY_NONE)
		f.as_of = as_of;
	if (policy_load_with_calendar(policy_path, &policy, &cal, &err) !=
	    CWYN_OK)
		goto report;
	if (triage_decide(&f, policy, cal, &d, &err) != CWYN_OK)
		goto report;

	if (explain) {
		print_report(stdout, d, policy);
	} else {
		json_t *j = decision_to_json(d, policy, lang_now());
		if (j == NULL) {
			cwyn_fail(&err, CWYN_ENOMEM, "", "out of memory");
			goto report;
		}
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(j);
	}
	rc = fflush(stdout) == 0 ? 0 : 1;
	goto out;
report:
	rc = cli_report("triage", &err);
out:
	if (d != NULL)
		decision_free(d);
	if (cal != NULL)
		calendar_free(cal);
	if (policy != NULL)
		policy_free(policy);
	arena_free(&arena);
	free(text);
	return rc;
}
