/*
 * staff_words.c — stored names as words for people (see staff_words.h).
 * Where the command line or the public checker already says the same
 * thing, the same msgid is used, so the Welsh stays one translation.
 */
#include "web/pages/staff_words.h"

#include <string.h>

#include "core/clock.h"
#include "core/triage.h"
#include "i18n/i18n.h"
#include "web/pages/components.h"

static const char *const route_words[ROUTE__MAX] = {
	[ROUTE_COUNCIL_STAGE1] = N_("The council's complaints procedure, Stage 1 (local resolution)"),
	[ROUTE_COUNCIL_STAGE2] = N_("The council's complaints procedure, Stage 2 (formal investigation)"),
	[ROUTE_CONFERENCE_CHAIR] = N_("The child protection conference chair"),
	[ROUTE_SAFEGUARDING_PANEL] = N_("The Safeguarding Children Board panel"),
	[ROUTE_OTHER_AGENCY] = N_("The other agency's own complaints procedure"),
	[ROUTE_EXCLUDED_COURT] = N_("Excluded: a court matter (take legal advice)"),
	[ROUTE_OMBUDSMAN] = N_("The Public Services Ombudsman for Wales"),
	[ROUTE_SPLIT] = N_("Split: the matters go different ways"),
};

static const char *const verdict_words[VERDICT__MAX] = {
	[VERDICT_NO] = N_("cannot look at it"),
	[VERDICT_NOT_YET] = N_("not yet: another body must deal with it first"),
	[VERDICT_POSSIBLE] = N_("possibly, at its discretion"),
	[VERDICT_YES] = N_("can look at it"),
};

static const char *const subject_words[SUBJ__MAX] = {
	[SUBJ_FAILURE_TO_ACT] = N_("Failure or delay in acting on concerns"),
	[SUBJ_INADEQUATE_INVESTIGATION] = N_("Inadequate investigation, or procedures not followed"),
	[SUBJ_POOR_COMMUNICATION] = N_("Poor communication or co-operation"),
	[SUBJ_INACCURATE_REPORT] = N_("Inaccurate or inadequate report"),
	[SUBJ_RECOMMENDATIONS_NOT_IMPLEMENTED] = N_("Conference recommendations not carried out"),
	[SUBJ_NO_ADEQUATE_PLAN] = N_("No adequate plan, or the plan not followed"),
	[SUBJ_STAFF_CONDUCT] = N_("A worker's conduct"),
	[SUBJ_OTHER_SERVICE] = N_("Another social services matter"),
	[SUBJ_CONFERENCE_PROCESS] = N_("How the conference was run"),
	[SUBJ_REGISTRATION_DECISION] = N_("Decision to put the child on the register"),
	[SUBJ_REGISTRATION_CATEGORY] = N_("Category of harm on registration"),
	[SUBJ_DECISION_NOT_TO_REGISTER] = N_("Decision not to put the child on the register"),
	[SUBJ_DEREGISTRATION] = N_("Decision to de-register"),
	[SUBJ_DECISION_TO_START_PROCEEDINGS] = N_("Decision to start court proceedings"),
	[SUBJ_COURT_DECISION] = N_("A matter a court has dealt with"),
};

static const char *const agency_words[AGENCY__MAX] = {
	[AGENCY_COUNCIL] = N_("The council's social services"),
	[AGENCY_POLICE] = N_("The police"),
	[AGENCY_HEALTH] = N_("A health service, such as a GP, hospital or health visitor"),
	[AGENCY_EDUCATION] = N_("A school, college or education service"),
	[AGENCY_OTHER_COUNCIL] = N_("Another council"),
	[AGENCY_PROBATION] = N_("The probation service"),
	[AGENCY_OTHER] = N_("Another organisation"),
};

static const char *const clock_state_words[CLOCK_STATE__MAX] = {
	[CLOCK_RUNNING] = N_("running"),
	[CLOCK_PAUSED] = N_("paused"),
	[CLOCK_STOPPED] = N_("stopped"),
};

static const char *const relationship_words[REL__MAX] = {
	[REL_PARENT] = N_("A parent of the child"),
	[REL_CARER] = N_("A carer, such as a foster carer"),
	[REL_KINSHIP_CARER] = N_("A family member or friend who looks after the child"),
	[REL_RELATIVE] = N_("Another family member, such as a grandparent"),
	[REL_CHILD] = N_("The child or young person"),
	[REL_PARENTAL_RESPONSIBILITY] = N_("Someone else with parental responsibility"),
	[REL_ADVOCATE] = N_("An advocate or representative for the child"),
	[REL_OTHER] = N_("Someone else"),
};

/* What the timeline's event kinds mean (the CLI's words). */
static const struct {
	const char *kind;
	const char *label;
} event_words[] = {
	{"safeguarding_alert", N_("Safeguarding alert raised")},
	{"case.created", N_("Case created")},
	{"written_record.awaiting_agreement",
	 N_("Written record awaits the complainant's agreement")},
	{"written_record.agreed", N_("Written record agreed and signed")},
	{"matter.routed", N_("Matter routed")},
	{"matter.rerouted", N_("Matter rerouted")},
	{"stage.opened", N_("Stage opened")},
	{"stage.advanced", N_("Stage moved on")},
	{"clock.started", N_("Clock started")},
	{"clock.stopped", N_("Clock stopped")},
	{"clock.extended", N_("Clock extended by agreement")},
	{"conference.window_checked", N_("Conference time limit checked")},
	{"case.retriaged", N_("Facts changed; routed again")},
	{"case.closed", N_("Case closed")},
	{"case.reopened", N_("Case reopened")},
	{"letter", N_("Letter written")},
	{"letter.pending", N_("Letter still to be written")},
	{"language.unknown", N_("Language not known: letters in Welsh and English")},
};

static const struct {
	const char *name;
	const char *label;
} channel_words[] = {
	{"written", N_("In writing")},
	{"oral", N_("Spoken (by phone or in person)")},
	{"web", N_("Online")},
}, contact_words[] = {
	{"email", N_("Email")},
	{"phone", N_("Phone")},
	{"post", N_("Post")},
	{"in_person", N_("In person")},
};

#define NAMED(tbl, count, namefn, cast)                                      \
	do {                                                                  \
		if (name == NULL)                                             \
			return "-";                                           \
		for (int i_ = 0; i_ < (count); i_++)                          \
			if (tbl[i_] && strcmp(namefn((cast)i_), name) == 0)   \
				return i18n_tr(lang, tbl[i_]);                \
		return name;                                                  \
	} while (0)

const char *staff_route_text(enum language lang, const char *name)
{
	NAMED(route_words, ROUTE__MAX, route_name, enum route);
}

const char *staff_verdict_text(enum language lang, const char *name)
{
	NAMED(verdict_words, VERDICT__MAX, verdict_name, enum verdict);
}

const char *staff_subject_text(enum language lang, const char *name)
{
	NAMED(subject_words, SUBJ__MAX, matter_subject_name, enum matter_subject);
}

const char *staff_agency_text(enum language lang, const char *name)
{
	NAMED(agency_words, AGENCY__MAX, agency_name, enum agency);
}

const char *staff_clock_state_text(enum language lang, const char *name)
{
	NAMED(clock_state_words, CLOCK_STATE__MAX, clock_state_name,
	      enum clock_state);
}

const char *staff_relationship_text(enum language lang, const char *name)
{
	NAMED(relationship_words, REL__MAX, relationship_name, enum relationship);
}

const char *staff_event_text(enum language lang, const char *kind)
{
	if (kind == NULL)
		return "-";
	for (size_t i = 0; i < sizeof event_words / sizeof *event_words; i++)
		if (strcmp(event_words[i].kind, kind) == 0)
			return i18n_tr(lang, event_words[i].label);
	return kind;
}

const char *staff_channel_text(enum language lang, const char *name)
{
	if (name == NULL)
		return "-";
	for (size_t i = 0; i < sizeof channel_words / sizeof *channel_words; i++)
		if (strcmp(channel_words[i].name, name) == 0)
			return i18n_tr(lang, channel_words[i].label);
	return name;
}

const char *staff_contact_text(enum language lang, const char *name)
{
	if (name == NULL)
		return "-";
	for (size_t i = 0; i < sizeof contact_words / sizeof *contact_words; i++)
		if (strcmp(contact_words[i].name, name) == 0)
			return i18n_tr(lang, contact_words[i].label);
	return name;
}

const char *staff_yes_no(enum language lang, bool v)
{
	return i18n_tr(lang, v ? N_("Yes") : N_("No"));
}

const char *staff_cap(struct arena *a, const char *s)
{
	if (s == NULL || s[0] < 'a' || s[0] > 'z')
		return s;
	char *c = arena_strdup(a, s);
	if (c == NULL)
		return s;
	c[0] = (char)(c[0] - 'a' + 'A');
	return c;
}

const char *staff_date(struct html *h, cwyn_day d)
{
	const char *s = gv_long_date(h->arena, h->lang, d);
	return s ? s : "-";
}

const char *staff_date_inline(struct html *h, cwyn_day d)
{
	const char *s = gv_long_date_inline(h->arena, h->lang, d);
	return s ? s : "-";
}

const char *staff_date_mutated(struct html *h, cwyn_day d)
{
	const char *s = gv_long_date_on(h->arena, h->lang, d);
	return s ? s : "-";
}

void staff_status_tag(struct html *h, const char *status)
{
	bool open = status != NULL && strcmp(status, "open") == 0;
	html_fmt(h, "<strong class=\"govuk-tag%a\">%T</strong>",
	         open ? "" : " govuk-tag--grey", open ? N_("open") : N_("closed"));
}

void staff_case_table(struct html *h, const char *caption_msgid,
                      const struct store_case *rows, size_t n)
{
	html_fmt(h, "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
	         "govuk-table__caption--m\">%T</caption>"
	         "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header\">%T</th></tr></thead>"
	         "<tbody class=\"govuk-table__body\">",
	         caption_msgid, N_("Case reference"), N_("Received"),
	         N_("Route"), N_("Status"));
	for (size_t i = 0; i < n; i++) {
		const struct store_case *c = &rows[i];
		char *href = arena_printf(h->arena, "/staff/cases/%s", c->reference);
		html_fmt(h, "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">"
		         "<a class=\"govuk-link\" href=\"%u\">%t</a>", href ? href : "#",
		         c->reference);
		if (c->safeguarding_alert)
			html_fmt(h, " <strong class=\"govuk-tag govuk-tag--red\">%T</strong>",
			         N_("Safeguarding alert"));
		html_fmt(h, "</th><td class=\"govuk-table__cell\">%t</td>"
		         "<td class=\"govuk-table__cell\">%t</td><td class=\"govuk-table__cell\">",
		         staff_date(h, c->received),
		         staff_route_text(h->lang, c->overall_route));
		staff_status_tag(h, c->status);
		html_raw(h, "</td></tr>");
	}
	html_raw(h, "</tbody></table>");
}
