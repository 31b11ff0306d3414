/*
 * cmd_policy.c — `cwyn policy check [FILE]` and
 * `cwyn policy show [FILE] [--json]`: validate an authority's policy file
 * before it is used, and show what it says (timescales with their units
 * and starting events, settings, contacts, categories, closure days), in
 * Welsh when CWYN_LANG=cy. Without FILE the policy in force is used
 * ($CWYN_POLICY, else the shipped Welsh default).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/policy_file.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/policy.h"
#include "i18n/i18n.h"

/* How each starting event reads in a sentence ("... from <event>"). */
static const char *const event_text[EV__MAX] = {
	N_("the event, or awareness of it if later"), /* EV_EVENT_OR_AWARENESS */
	N_("complaint received"),                     /* EV_COMPLAINT_RECEIVED */
	N_("complaint acknowledged"),                 /* EV_ACKNOWLEDGED */
	N_("Stage 1 resolved"),                       /* EV_RESOLVED */
	N_("Stage 2 requested"),                      /* EV_STAGE2_REQUESTED */
	N_("Stage 2 complaint summary agreed"),       /* EV_STAGE2_SUMMARY_AGREED */
	N_("conference held"),                        /* EV_CONFERENCE_HELD */
	N_("conference minutes sent"),                /* EV_MINUTES_SENT */
	N_("complaint received by the chair"),        /* EV_CHAIR_RECEIVED */
	N_("first notice of the matter"),             /* EV_FIRST_NOTICE */
	N_("Ombudsman's decision"),                   /* EV_PSOW_DECISION */
	N_("panel requested"),                        /* EV_PANEL_REQUESTED */
};

static const char *const unit_text[CAL_UNIT__MAX] = {
	N_("working days"),  /* CAL_UNIT_WORKING_DAYS */
	N_("calendar days"), /* CAL_UNIT_CALENDAR_DAYS */
	N_("months"),        /* CAL_UNIT_MONTHS */
};

static const char *const late_text[LATE__MAX] = {
	N_("the chair decides, with a recorded reason"), /* LATE_CHAIR_DECIDES */
	N_("refused"),                                   /* LATE_REFUSE */
	N_("accepted"),                                  /* LATE_ACCEPT */
};

/*
 * The parser's fixed messages. Core is English-only; listing them here lets
 * xgettext extract them so report() can show them in Welsh. Messages that
 * name a key or a value stay English.
 */
static const char *const parser_messages[] = {
	N_("policy file is larger than 1 MiB"),
	N_("unexpected text after the section header"),
	N_("expected a key = value line, a [section] header or a # comment"),
	N_("a section header must end with ] (no spaces inside the brackets)"),
	N_("the [policy] section is missing"),
	N_("the [settings] section is missing"),
	N_("version must be a positive integer"),
};

static int usage(void)
{
	fprintf(stderr, "%s\n%s\n", _("Usage: cwyn policy check [FILE]"),
	        _("       cwyn policy show [FILE] [--json]"));
	return 2;
}

/* The text in the language of this thread, falling back to English. */
static const char *local(const struct policy_text *t)
{
	if (i18n_thread_language() == LANG_CY && t->cy != NULL)
		return t->cy;
	return t->en ? t->en : "";
}

static const char *yes_no(bool b) { return b ? _("yes") : _("no"); }

/* "FILE: line N: reason" on stderr; exit code 1. */
static int report(const struct cwyn_error *err)
{
	(void)parser_messages; /* translated through _(err->message) */
	const char *where = err->field[0] ? err->field : "policy";
	if (err->line > 0)
		fprintf(stderr, "%s: %s %d: %s\n", where, _("line"), err->line,
		        _(err->message));
	else
		fprintf(stderr, "%s: %s\n", where, _(err->message));
	return 1;
}

static void print_timescale_summary(const struct policy_timescale *t)
{
	printf("  %-22s %3d %-15s %s %s%s\n", ts_id_name(t->id), t->amount,
	       _(unit_text[t->unit]), _("start:"), _(event_text[t->from]),
	       t->inclusive ? _(" (start day counts as day 1)") : "");
}

static int run_check(const char *path)
{
	struct cwyn_error err = {0};
	struct policy *p = NULL;
	struct calendar *cal = NULL;
	/* Building the calendar too proves the closure days are usable. */
	if (policy_load_with_calendar(path, &p, &cal, &err) != CWYN_OK)
		return report(&err);
	printf("%s %s %s %d: %s\n", _("policy"), p->id, _("version"),
	       p->version, _("OK"));
	printf("%s\n", _("Timescales:"));
	for (int i = 0; i < TS_ID__MAX; i++)
		print_timescale_summary(&p->timescales[i]);
	size_t unset = 0;
	for (int i = 0; i < CONTACT_ID__MAX; i++)
		unset += !p->contacts[i].configured;
	printf("%s %d (%s: %zu)\n", _("Contacts:"), CONTACT_ID__MAX,
	       _("still to be set by the authority"), unset);
	printf("%s %zu; %s %zu\n", _("Closure days:"), p->n_closures,
	       _("extra bank holidays:"), p->n_extra_holidays);
	calendar_free(cal);
	policy_free(p);
	return 0;
}

static void print_listed(const char *heading, const struct cal_holiday *h,
                         size_t n)
{
	printf("\n%s\n", heading);
	if (n == 0)
		printf("  %s\n", _("none"));
	for (size_t i = 0; i < n; i++) {
		char buf[CWYN_DATE_STRLEN];
		struct policy_text t = {h[i].name_en, h[i].name_cy};
		printf("  %s  %s\n", date_format(h[i].day, buf), local(&t));
	}
}

static void show_text(const struct policy *p)
{
	char d1[CWYN_DATE_STRLEN], d2[CWYN_DATE_STRLEN];
	printf("%s\n", local(&p->name));
	printf("%s %s, %s %d, %s %s\n\n", _("policy"), p->id, _("version"),
	       p->version, _("effective from"),
	       date_format(p->effective_from, d1));

	printf("%s\n", _("Timescales:"));
	for (int i = 0; i < TS_ID__MAX; i++) {
		const struct policy_timescale *t = &p->timescales[i];
		printf("  %s [%s]\n", local(&t->label), ts_id_name(t->id));
		printf("    %d %s; %s %s%s\n", t->amount, _(unit_text[t->unit]),
		       _("start:"), _(event_text[t->from]),
		       t->inclusive ? _(" (start day counts as day 1)") : "");
		printf("    %s %s; %s %d\n", _("extendable:"),
		       yes_no(t->extendable),
		       _("reminder, working days before:"),
		       t->remind_before_wd);
		printf("    %s %s\n", _("source:"), t->source);
	}

	const struct policy_settings *s = &p->settings;
	printf("\n%s\n", _("Settings:"));
	printf("  %s %s\n", _("late conference complaint:"),
	       _(late_text[s->late_conference]));
	printf("  %s %d / %d / %d\n", _("Children's Commissioner for Wales ages:"),
	       s->ccfw_age_child, s->ccfw_age_care_leaver,
	       s->ccfw_age_care_leaver_education);
	printf("  %s %s\n",
	       _("oral complaint resolved by the next working day excluded:"),
	       yes_no(s->oral_next_day_exclusion));
	printf("  %s %s\n", _("scheme start:"), date_format(s->scheme_start, d2));

	printf("\n%s\n", _("Contacts:"));
	for (int i = 0; i < CONTACT_ID__MAX; i++) {
		const struct policy_contact *c = &p->contacts[i];
		printf("  %s [%s]%s\n", local(&c->name), contact_id_name(c->id),
		       c->configured ? ""
		                     : _(" (still to be set by the authority)"));
		if (!c->configured) /* what the authority has to set */
			printf("    %s\n", local(&c->description));
		if (c->phone)
			printf("    %s %s\n", _("phone:"), c->phone);
		if (c->phone_free)
			printf("    %s %s\n", _("freephone:"), c->phone_free);
		if (c->email)
			printf("    %s %s\n", _("email:"), c->email);
		if (c->web)
			printf("    %s %s\n", _("web:"), c->web);
		if (c->address.en)
			printf("    %s %s\n", _("address:"), local(&c->address));
	}

	printf("\n%s\n", _("Registration categories:"));
	for (int i = 0; i < CAT__MAX; i++)
		printf("  %-24s %s\n", reg_category_name(i),
		       local(&p->categories[i].label));

	print_listed(_("Closure days:"), p->closures, p->n_closures);
	print_listed(_("Extra bank holidays:"), p->extra_holidays,
	             p->n_extra_holidays);
}

/* Both languages, stable names: the JSON is for programs, not people. */
static json_t *text_json(const struct policy_text *t)
{
	return json_pack("{s:s?, s:s?}", "en", t->en, "cy", t->cy);
}

static json_t *listed_json(const struct cal_holiday *h, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		char buf[CWYN_DATE_STRLEN];
		json_array_append_new(
		    a, json_pack("{s:s, s:s?, s:s?}", "date",
		                 date_format(h[i].day, buf), "en", h[i].name_en,
		                 "cy", h[i].name_cy));
	}
	return a;
}

static int show_json(const struct policy *p)
{
	char d1[CWYN_DATE_STRLEN], d2[CWYN_DATE_STRLEN];
	json_t *ts = json_object(), *contacts = json_object(),
	       *cats = json_object();
	for (int i = 0; ts && i < TS_ID__MAX; i++) {
		const struct policy_timescale *t = &p->timescales[i];
		json_object_set_new(
		    ts, ts_id_name(t->id),
		    json_pack("{s:i, s:s, s:s, s:b, s:b, s:i, s:s, s:o}",
		              "amount", t->amount, "unit", cal_unit_name(t->unit),
		              "from", policy_event_name(t->from), "inclusive",
		              t->inclusive, "extendable", t->extendable,
		              "remind_before_wd", t->remind_before_wd, "source",
		              t->source, "label", text_json(&t->label)));
	}
	for (int i = 0; contacts && i < CONTACT_ID__MAX; i++) {
		const struct policy_contact *c = &p->contacts[i];
		json_t *o = json_pack(
		    "{s:o, s:o, s:s?, s:s?, s:s?, s:s?, s:b}", "name",
		    text_json(&c->name), "description", text_json(&c->description),
		    "phone", c->phone, "phone_free", c->phone_free, "email",
		    c->email, "web", c->web, "configured", c->configured);
		if (o && c->address.en)
			json_object_set_new(o, "address", text_json(&c->address));
		json_object_set_new(contacts, contact_id_name(c->id), o);
	}
	for (int i = 0; cats && i < CAT__MAX; i++)
		json_object_set_new(cats, reg_category_name(i),
		                    text_json(&p->categories[i].label));
	const struct policy_settings *s = &p->settings;
	json_t *root = json_pack(
	    "{s:s, s:i, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", p->id,
	    "version", p->version, "effective_from",
	    date_format(p->effective_from, d1), "name", text_json(&p->name),
	    "timescales", ts,
	    "settings",
	    json_pack("{s:s, s:i, s:i, s:i, s:b, s:s}", "late_conference",
	              late_conference_name(s->late_conference), "ccfw_age_child",
	              s->ccfw_age_child, "ccfw_age_care_leaver",
	              s->ccfw_age_care_leaver, "ccfw_age_care_leaver_education",
	              s->ccfw_age_care_leaver_education,
	              "oral_next_day_exclusion", s->oral_next_day_exclusion,
	              "scheme_start", date_format(s->scheme_start, d2)),
	    "contacts", contacts, "categories", cats, "closures",
	    listed_json(p->closures, p->n_closures), "extra_holidays",
	    listed_json(p->extra_holidays, p->n_extra_holidays));
	if (root == NULL) {
		fprintf(stderr, "cwyn policy: %s\n", _("out of memory"));
		return 1;
	}
	int rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	return rc == 0 ? 0 : 1;
}

static int run_show(const char *path, bool json)
{
	struct cwyn_error err = {0};
	struct policy *p = NULL;
	if (policy_load_file(path, &p, &err) != CWYN_OK)
		return report(&err);
	int rc = 0;
	if (json)
		rc = show_json(p);
	else
		show_text(p);
	policy_free(p);
	return rc;
}

int cmd_policy(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	bool check = strcmp(argv[1], "check") == 0;
	bool show = strcmp(argv[1], "show") == 0;
	if (!check && !show)
		return usage();
	const char *path = NULL;
	bool json = false;
	for (int i = 2; i < argc; i++) {
		if (show && strcmp(argv[i], "--json") == 0)
			json = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return usage();
		else if (path == NULL)
			path = argv[i];
		else
			return usage();
	}
	return check ? run_check(path) : run_show(path, json);
}
