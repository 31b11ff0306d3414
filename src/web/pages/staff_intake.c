/*
 * staff_intake.c — GET/POST /staff/intake: record a complaint received by
 * phone, letter, email or in person.
 *
 * One page, in sections: how it came in and when; whether a child is at
 * risk now; the complainant (name, relationship, contact details,
 * language, how they want to be contacted, accessibility needs); the
 * children; the concerns, each with the public checker's questions (what
 * it is about, whose worker or service, the dates), a summary in the
 * complainant's words, how far the council's own complaints procedure has
 * got for it and whether the council is delaying; court proceedings; and
 * assisted writing (the officer writes the record, and the case waits for
 * the complainant's agreement and signature, recorded later at
 * /staff/cases/{ref}/agreement).
 *
 * Children and concerns are repeated groups, GOV.UK's "add another"
 * pattern without JavaScript: "Add another child" / "Add another concern"
 * and "Remove child 2" are submit buttons (name "action") that post the
 * whole form back and get it again with one group more or less and
 * everything typed kept, up to INTAKE_MAX_CHILDREN / INTAKE_MAX_CONCERNS.
 * The hidden fields "children" and "concerns" say how many groups the
 * form shows; only the "Record the complaint" action stores anything.
 *
 * Each concern is read into the checker's own state (checker_state.h) and
 * made into a matter by chk_state_facts, one concern at a time (the
 * checker holds only CHK_MAX_CONCERNS), so a concern means here exactly
 * what it means to the public checker; the matters go to app_intake as
 * the facts document (docs/facts-format.md), with the complainant's
 * details beside them. On success: a 303 to the new case page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/facts_json.h"
#include "i18n/i18n.h"
#include "web/pages/checker_state.h"
#include "web/pages/components.h"
#include "web/pages/staff.h"
#include "web/pages/staff_case.h"
#include "web/pages/staff_frame.h"
#include "web/pages/staff_words.h"

/* How many children and concerns one complaint may hold here; the facts
 * document takes at most FACTS_MAX_CHILDREN and FACTS_MAX_MATTERS. About
 * 20 fields a concern and 4 a child: the whole form stays well inside
 * STAFF_LONG_FORM_PAIRS. */
#define INTAKE_MAX_CHILDREN 20
#define INTAKE_MAX_CONCERNS 20
/* Groups a fresh form shows (blank ones are simply not recorded). */
#define INTAKE_FIRST_CHILDREN 3
#define INTAKE_FIRST_CONCERNS 3
#define MAX_TEXT 2000
#define MAX_SUMMARY 20000
#define MAX_ERRORS 64

_Static_assert(INTAKE_MAX_CHILDREN <= FACTS_MAX_CHILDREN,
               "the facts document takes at most FACTS_MAX_CHILDREN children");
_Static_assert(INTAKE_MAX_CONCERNS <= FACTS_MAX_MATTERS,
               "the facts document takes at most FACTS_MAX_MATTERS matters");
_Static_assert(MAX_SUMMARY <= FACTS_MAX_SUMMARY,
               "a summary must fit the facts document");
_Static_assert((INTAKE_MAX_CONCERNS * 20 + INTAKE_MAX_CHILDREN * 4 + 40) <
               STAFF_LONG_FORM_PAIRS, "the form must fit the field limit");

struct intake_form {
	struct staff *s;
	bool posted;
	struct gv_error errors[MAX_ERRORS];
	size_t nerrors;
	const char *top_error; /* a use case's refusal, already a message */
	int nk, nc;            /* child and concern groups shown */
	/* Group i of the page shows what was posted as group kmap[i] /
	 * cmap[i]: the same number, except after a group was removed. */
	int kmap[INTAKE_MAX_CHILDREN + 1];
	int cmap[INTAKE_MAX_CONCERNS + 1];
	const char *focus;     /* the id that gets autofocus, or NULL */
};

static void add_error(struct intake_form *f, const char *field, const char *msgid)
{
	if (f->nerrors < MAX_ERRORS)
		f->errors[f->nerrors++] = (struct gv_error){field, msgid};
}

static const char *error_for(const struct intake_form *f, const char *field)
{
	for (size_t i = 0; i < f->nerrors; i++)
		if (strcmp(f->errors[i].field_id, field) == 0)
			return f->errors[i].msgid;
	return NULL;
}

static const char *val(const struct intake_form *f, const char *name)
{
	return f->posted ? staff_form(f->s, name) : NULL;
}

/* The name of a repeated field: "c2k" is concern 2's kind. */
static const char *fld(struct intake_form *f, char group, int i, char what)
{
	return arena_printf(f->s->req->arena, "%c%d%c", group, i, what);
}

/* What was posted for field `what` of the group shown as number i. */
static const char *gval(struct intake_form *f, char group, int i, char what)
{
	int src = group == 'k' ? f->kmap[i] : f->cmap[i];
	return src > 0 ? val(f, fld(f, group, src, what)) : NULL;
}

static bool focused(const struct intake_form *f, const char *id)
{
	return f->focus != NULL && strcmp(f->focus, id) == 0;
}

/* ---- Choices ---------------------------------------------------------------- */

static const struct gv_option channel_opts[] = {
	{"phone", N_("By phone"), NULL},
	{"letter", N_("By letter"), NULL},
	{"email", N_("By email"), NULL},
	{"in_person", N_("In person"), NULL},
};

static const struct gv_option yes_no_opts[] = {
	{"yes", N_("Yes"), NULL},
	{"no", N_("No"), NULL},
};

static const struct gv_option rel_opts[] = {
	{"parent", N_("A parent of the child"), NULL},
	{"carer", N_("A carer, such as a foster carer"), NULL},
	{"kinship_carer", N_("A family member or friend who looks after the child"), NULL},
	{"relative", N_("Another family member, such as a grandparent"), NULL},
	{"child", N_("The child or young person"), NULL},
	{"parental_responsibility", N_("Someone else with parental responsibility"), NULL},
	{"advocate", N_("An advocate or representative for the child"), NULL},
	{"other", N_("Someone else"), NULL},
};

static const struct gv_option lang_opts[] = {
	{"en", N_("English"), NULL},
	{"cy", N_("Welsh (Cymraeg)"), NULL},
};

static const struct gv_option contact_opts[] = {
	{"email", N_("Email"), NULL},
	{"phone", N_("Phone"), NULL},
	{"post", N_("Post"), NULL},
	{"in_person", N_("In person"), NULL},
};

static const struct gv_option court_opts[] = {
	{"none", N_("No, there are no court proceedings"), NULL},
	{"ongoing", N_("Yes, court proceedings are going on now"), NULL},
	{"concluded", N_("Yes, but the court proceedings have finished"), NULL},
};

static const struct {
	const char *value;
	const char *label;
} agency_opts[] = {
	{"council", N_("The council's social services")},
	{"police", N_("The police")},
	{"health", N_("A health service, such as a GP, hospital or health visitor")},
	{"education", N_("A school, college or education service")},
	{"other_council", N_("Another council")},
	{"probation", N_("The probation service")},
	{"other", N_("Another organisation")},
};

/* How far the council's own two-stage procedure has got for a concern:
 * the facts' council.stage names (enum council_stage), in its order. */
static const struct gv_option stage_opts[CSTAGE__MAX] = {
	{"none", N_("Not started: the council has not had this complaint before"), NULL},
	{"stage1_open", N_("Stage 1 (local resolution) under way"), NULL},
	{"stage1_answered", N_("Stage 1 answered, and the complainant is still unhappy"), NULL},
	{"stage2_open", N_("Stage 2 (formal investigation) under way"), NULL},
	{"stage2_answered", N_("Stage 2 final response given, and the complainant is still unhappy"), NULL},
};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static bool one_of(const struct gv_option *o, size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (strcmp(o[i].value, v) == 0)
			return true;
	return false;
}

/* ---- The page ------------------------------------------------------------------ */

static void describedby(struct html *h, const char *name, bool hint, bool error)
{
	if (hint || error)
		html_fmt(h, " aria-describedby=\"%a\"",
		         arena_printf(h->arena, "%s%s%s%s%s", hint ? name : "",
		                      hint ? "-hint" : "", hint && error ? " " : "",
		                      error ? name : "", error ? "-error" : ""));
}

static void field_top(struct html *h, const char *name, const char *label,
                      const char *hint, const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\"><label class=\"govuk-label govuk-label--s\" "
	         "for=\"%a\">%T</label>", error ? " govuk-form-group--error" : "",
	         name, label);
	if (hint)
		html_fmt(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%T</div>", name, hint);
	if (error)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         name, N_("Error:"), error);
}

static void textarea(struct html *h, const char *name, const char *label,
                     const char *hint, const char *value, const char *error)
{
	field_top(h, name, label, hint, error);
	html_fmt(h, "<textarea class=\"govuk-textarea%a\" id=\"%a\" name=\"%a\" rows=\"3\"",
	         error ? " govuk-textarea--error" : "", name, name);
	describedby(h, name, hint != NULL, error != NULL);
	html_fmt(h, ">%t</textarea></div>", value ? value : "");
}

static void text_s(struct html *h, const char *name, const char *label,
                   const char *hint, const char *value, const char *error,
                   const char *width, const char *autocomplete, bool focus)
{
	field_top(h, name, label, hint, error);
	html_fmt(h, "<input class=\"govuk-input %a%a\" id=\"%a\" name=\"%a\" type=\"text\" "
	         "spellcheck=\"false\" value=\"%a\"", width ? width : "",
	         error ? " govuk-input--error" : "", name, name, value ? value : "");
	if (autocomplete)
		html_fmt(h, " autocomplete=\"%a\"", autocomplete);
	if (focus)
		html_raw(h, " autofocus");
	describedby(h, name, hint != NULL, error != NULL);
	html_raw(h, "></div>");
}

static void checkbox(struct html *h, const char *name, const char *label,
                     bool checked)
{
	html_fmt(h, "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
	         "id=\"%a\" name=\"%a\" type=\"checkbox\" value=\"yes\"", name, name);
	if (checked)
		html_raw(h, " checked");
	html_fmt(h, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"%a\">%T</label></div>",
	         name, label);
}

/* A small checkbox group of one box, with its error when there is one. */
static void one_checkbox(struct html *h, const char *name, const char *label,
                         bool checked, const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">", error ? " govuk-form-group--error" : "");
	if (error)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         name, N_("Error:"), error);
	html_raw(h, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
	         "data-module=\"govuk-checkboxes\">");
	checkbox(h, name, label, checked);
	html_raw(h, "</div></div>");
}

/* name is the field on the page; src the posted field its value comes
 * from (they differ after a group was removed). */
static void date_field(struct html *h, struct intake_form *f, const char *name,
                       const char *src, const char *legend, const char *hint)
{
	struct arena *a = f->s->req->arena;
	struct gv_date_value dv = {0};
	if (f->posted && src != NULL) {
		dv.day = staff_form(f->s, arena_printf(a, "%s-day", src));
		dv.month = staff_form(f->s, arena_printf(a, "%s-month", src));
		dv.year = staff_form(f->s, arena_printf(a, "%s-year", src));
	}
	const char *e = error_for(f, name);
	dv.bad_day = dv.bad_month = dv.bad_year = e != NULL;
	gv_date_input(h, name, legend, hint, &dv, e);
}

static void select_kind(struct html *h, struct intake_form *f, int i)
{
	const char *name = fld(f, 'c', i, 'k');
	const char *sel = gval(f, 'c', i, 'k');
	const char *e = error_for(f, name);
	field_top(h, name, N_("What is the concern about?"), NULL, e);
	html_fmt(h, "<select class=\"govuk-select%a\" id=\"%a\" name=\"%a\"",
	         e ? " govuk-select--error" : "", name, name);
	if (focused(f, name))
		html_raw(h, " autofocus");
	describedby(h, name, false, e != NULL);
	html_fmt(h, "><option value=\"\">%T</option>",
	         i == 1 ? N_("Choose one") : N_("No further concern"));
	for (int k = 0; k < KIND__MAX; k++) {
		html_fmt(h, "<option value=\"%a\"", chk_kinds[k].name);
		if (sel && strcmp(sel, chk_kinds[k].name) == 0)
			html_raw(h, " selected");
		html_fmt(h, ">%T</option>", chk_kinds[k].label);
	}
	html_raw(h, "</select></div>");
}

static void select_agency(struct html *h, struct intake_form *f, int i)
{
	const char *name = fld(f, 'c', i, 'a');
	const char *sel = gval(f, 'c', i, 'a');
	const char *e = error_for(f, name);
	field_top(h, name, N_("Which organisation's worker or service is this about?"),
	          N_("Only asked for concerns that can be about another organisation."), e);
	html_fmt(h, "<select class=\"govuk-select%a\" id=\"%a\" name=\"%a\"",
	         e ? " govuk-select--error" : "", name, name);
	describedby(h, name, true, e != NULL);
	html_raw(h, ">");
	for (size_t k = 0; k < N_OF(agency_opts); k++) {
		html_fmt(h, "<option value=\"%a\"", agency_opts[k].value);
		if (sel && strcmp(sel, agency_opts[k].value) == 0)
			html_raw(h, " selected");
		html_fmt(h, ">%T</option>", agency_opts[k].label);
	}
	html_raw(h, "</select></div>");
}

/* Radios with a small legend, for a question inside a group. The first
 * radio carries the field's own id, so an error summary link lands on it. */
static void radios_s(struct html *h, const char *name, const char *legend,
                     const char *hint, const struct gv_option *o, size_t n,
                     const char *sel, const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\"><fieldset class=\"govuk-fieldset\"",
	         error ? " govuk-form-group--error" : "");
	describedby(h, name, hint != NULL, error != NULL);
	html_fmt(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%T</legend>",
	         legend);
	if (hint)
		html_fmt(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%T</div>", name, hint);
	if (error)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         name, N_("Error:"), error);
	html_raw(h, "<div class=\"govuk-radios govuk-radios--small\" data-module=\"govuk-radios\">");
	for (size_t k = 0; k < n; k++) {
		const char *id = k == 0 ? name : arena_printf(h->arena, "%s-%zu", name, k + 1);
		html_fmt(h, "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
		         "id=\"%a\" name=\"%a\" type=\"radio\" value=\"%a\"", id ? id : name,
		         name, o[k].value);
		if (sel && strcmp(sel, o[k].value) == 0)
			html_raw(h, " checked");
		html_fmt(h, "><label class=\"govuk-label govuk-radios__label\" for=\"%a\">%T</label></div>",
		         id ? id : name, o[k].label);
	}
	html_raw(h, "</div></fieldset></div>");
}

/* "Remove child 2": posts the form back without that group. */
static void remove_button(struct html *h, char group, int i)
{
	html_fmt(h, "<button type=\"submit\" name=\"action\" value=\"%a\" "
	         "class=\"govuk-button govuk-button--secondary govuk-!-margin-bottom-0\" "
	         "data-module=\"govuk-button\">",
	         arena_printf(h->arena, "remove-%s-%d", group == 'k' ? "child" : "concern", i));
	if (group == 'k')
		html_trf(h, N_("Remove child %d"), i);
	else
		html_trf(h, N_("Remove concern %d"), i);
	html_raw(h, "</button>");
}

static void add_button(struct html *h, const char *id, const char *label,
                       const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">", error ? " govuk-form-group--error" : "");
	if (error)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         id, N_("Error:"), error);
	html_fmt(h, "<button type=\"submit\" name=\"action\" value=\"%a\" id=\"%a\" "
	         "class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\"",
	         id, id);
	describedby(h, id, false, error != NULL);
	html_fmt(h, ">%T</button></div>", label);
}

static void concern(struct html *h, struct intake_form *f, int i)
{
	int src = f->cmap[i];
	html_fmt(h, "<div class=\"govuk-!-margin-bottom-6\" id=\"%a\">",
	         arena_printf(h->arena, "concern-%d", i));
	html_raw(h, "<fieldset class=\"govuk-fieldset\">"
	         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">"
	         "<h3 class=\"govuk-fieldset__heading\">");
	html_trf(h, N_("Concern %zu"), (size_t)i);
	html_raw(h, "</h3></legend>");
	select_kind(h, f, i);
	select_agency(h, f, i);
	text_s(h, fld(f, 'c', i, 'n'), N_("Name of the organisation (optional)"),
	       N_("For example, Dyfed-Powys Police"), gval(f, 'c', i, 'n'),
	       error_for(f, fld(f, 'c', i, 'n')), "govuk-!-width-two-thirds", NULL, false);
	textarea(h, fld(f, 'c', i, 's'), N_("The concern, in the complainant's words"),
	         NULL, gval(f, 'c', i, 's'), error_for(f, fld(f, 'c', i, 's')));
	static const struct {
		char what;
		const char *legend, *hint;
	} dates[] = {
		{'e', N_("Date it happened"), N_("If it went on for a while, give the last date. Leave "
		                                 "empty if not known.")},
		{'w', N_("Date the complainant found out about it"), N_("Leave empty if it is the same date.")},
		{'h', N_("Date of the child protection conference"), N_("Only for concerns about a conference.")},
		{'m', N_("Date the minutes of the conference were sent"), N_("Only for concerns about a conference.")},
	};
	for (size_t k = 0; k < N_OF(dates); k++)
		date_field(h, f, fld(f, 'c', i, dates[k].what),
		           src > 0 ? fld(f, 'c', src, dates[k].what) : NULL,
		           dates[k].legend, dates[k].hint);
	radios_s(h, fld(f, 'c', i, 't'),
	         N_("How far has the council's own complaints procedure got with this concern?"),
	         N_("For concerns about the council's own work. If nothing is "
	            "chosen, it has not started."),
	         stage_opts, N_OF(stage_opts), gval(f, 'c', i, 't'),
	         error_for(f, fld(f, 'c', i, 't')));
	one_checkbox(h, fld(f, 'c', i, 'y'),
	             N_("The council is delaying: it has missed a time limit without "
	                "an extension agreed with the complainant"),
	             gval(f, 'c', i, 'y') != NULL, error_for(f, fld(f, 'c', i, 'y')));
	html_raw(h, "</fieldset>");
	if (f->nc > 1)
		remove_button(h, 'c', i);
	html_raw(h, "<hr class=\"govuk-section-break govuk-section-break--m "
	         "govuk-section-break--visible\"></div>");
}

static void child_row(struct html *h, struct intake_form *f, int i)
{
	html_fmt(h, "<div class=\"govuk-!-margin-bottom-6\" id=\"%a\">",
	         arena_printf(h->arena, "child-%d", i));
	html_raw(h, "<fieldset class=\"govuk-fieldset\">"
	         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">"
	         "<h3 class=\"govuk-fieldset__heading\">");
	html_trf(h, N_("Child %d"), i);
	html_raw(h, "</h3></legend>");
	const char *label = fld(f, 'k', i, 'l');
	text_s(h, label, N_("How staff refer to the child"),
	       N_("Initials or a label, not the full name"),
	       gval(f, 'k', i, 'l'), error_for(f, label),
	       "govuk-input--width-10", NULL, focused(f, label));
	text_s(h, fld(f, 'k', i, 'g'), N_("Age"), N_("Leave empty if not known"),
	       gval(f, 'k', i, 'g'), error_for(f, fld(f, 'k', i, 'g')),
	       "govuk-input--width-3", NULL, false);
	const char *ce = error_for(f, fld(f, 'k', i, 'c'));
	const char *de = error_for(f, fld(f, 'k', i, 'd'));
	html_fmt(h, "<div class=\"govuk-form-group%a\">",
	         ce || de ? " govuk-form-group--error" : "");
	if (ce || de)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         ce ? fld(f, 'k', i, 'c') : fld(f, 'k', i, 'd'), N_("Error:"),
		         ce ? ce : de);
	html_raw(h, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" "
	         "data-module=\"govuk-checkboxes\">");
	checkbox(h, fld(f, 'k', i, 'c'), N_("Is or has been looked after (in care)"),
	         gval(f, 'k', i, 'c') != NULL);
	checkbox(h, fld(f, 'k', i, 'd'), N_("In education"), gval(f, 'k', i, 'd') != NULL);
	html_raw(h, "</div></div></fieldset>");
	if (f->nk > 1)
		remove_button(h, 'k', i);
	html_raw(h, "<hr class=\"govuk-section-break govuk-section-break--m "
	         "govuk-section-break--visible\"></div>");
}

/* A section heading that takes the focus after one of its groups was
 * removed, so keyboard and screen reader users are not left at the top. */
static void section_heading(struct html *h, const struct intake_form *f,
                            const char *id, const char *msgid)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\" id=\"%a\" tabindex=\"-1\"", id);
	if (focused(f, id))
		html_raw(h, " autofocus");
	html_fmt(h, ">%T</h2>", msgid);
}

static void intake_page(struct intake_form *f, int status)
{
	struct web_request *req = f->s->req;
	struct page pg;
	staff_page_begin(&pg, req, f->s, i18n_tr(req->lang, N_("Record a complaint")),
	                 f->nerrors > 0 || f->top_error, "/staff/intake", "/staff");
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	if (f->top_error != NULL)
		html_fmt(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
		         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%T</h2>"
		         "<div class=\"govuk-error-summary__body\"><p class=\"govuk-body\">%T</p>"
		         "</div></div></div>", N_("There is a problem"), f->top_error);
	gv_error_summary(h, f->errors, f->nerrors);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1><p class=\"govuk-body\">%T</p>",
	         N_("Record a complaint"),
	         N_("For a complaint made by phone, letter, email or in person. "
	            "Write down what the complainant tells you; each concern may "
	            "go a different way."));
	html_raw(h, "<form method=\"post\" action=\"/staff/intake\" novalidate>");
	/* Enter in a text field presses the form's first submit button: make
	 * that "Record the complaint", not "Remove child 1". Hidden from
	 * sight, from the tab order and from screen readers, which reach the
	 * visible button at the end. */
	html_fmt(h, "<button type=\"submit\" name=\"action\" value=\"record\" "
	         "class=\"govuk-visually-hidden\" tabindex=\"-1\" aria-hidden=\"true\">"
	         "%T</button>", N_("Record the complaint"));
	staff_csrf_field(h, f->s);
	gv_hidden(h, "children", arena_printf(h->arena, "%d", f->nk));
	gv_hidden(h, "concerns", arena_printf(h->arena, "%d", f->nc));

	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("The complaint"));
	gv_radios(h, "risk", N_("Is a child at risk of harm right now?"), false,
	          N_("If so, make a safeguarding referral today as well. The "
	             "complaint still goes ahead."),
	          yes_no_opts, N_OF(yes_no_opts), val(f, "risk"), error_for(f, "risk"));
	gv_radios(h, "channel", N_("How did the complaint come in?"), false, NULL,
	          channel_opts, N_OF(channel_opts), val(f, "channel"),
	          error_for(f, "channel"));
	date_field(h, f, "received", "received", N_("Date received"),
	           N_("Leave empty for today. For example, 27 3 2026"));
	html_raw(h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\">"
	         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">");
	html_tr(h, N_("Assisted writing"));
	html_raw(h, "</legend><div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">");
	checkbox(h, "assisted", N_("I am writing this down for the complainant: they "
	                           "need to agree and sign the record"),
	         val(f, "assisted") != NULL);
	html_raw(h, "</div></fieldset></div>");

	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Complainant"));
	text_s(h, "name", N_("Full name"), NULL, val(f, "name"), error_for(f, "name"),
	       "govuk-!-width-two-thirds", "off", false);
	gv_radios(h, "rel", N_("Relationship to the child"), false, NULL, rel_opts,
	          N_OF(rel_opts), val(f, "rel"), error_for(f, "rel"));
	text_s(h, "age", N_("Complainant's age, if they are the child"),
	       N_("Leave empty for an adult"), val(f, "age"), error_for(f, "age"),
	       "govuk-input--width-3", NULL, false);
	html_raw(h, "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\" "
	         "data-module=\"govuk-checkboxes\">");
	checkbox(h, "rep", N_("Complains on behalf of someone else"), val(f, "rep") != NULL);
	html_raw(h, "</div></div>");
	text_s(h, "represents", N_("On behalf of (optional)"), NULL, val(f, "represents"),
	       error_for(f, "represents"), "govuk-!-width-two-thirds", "off", false);
	text_s(h, "email", N_("Email address (optional)"), NULL, val(f, "email"),
	       error_for(f, "email"), "govuk-!-width-two-thirds", "off", false);
	text_s(h, "phone", N_("Phone number (optional)"), NULL, val(f, "phone"),
	       error_for(f, "phone"), "govuk-input--width-20", "off", false);
	textarea(h, "address", N_("Address (optional)"), NULL, val(f, "address"),
	         error_for(f, "address"));
	gv_radios(h, "lang", N_("Which language do they want to use?"), false,
	          N_("Letters and contact will be in this language."), lang_opts,
	          N_OF(lang_opts), val(f, "lang"), error_for(f, "lang"));
	gv_radios(h, "contact", N_("How do they want to be contacted?"), false, NULL,
	          contact_opts, N_OF(contact_opts), val(f, "contact"),
	          error_for(f, "contact"));
	textarea(h, "access", N_("Accessibility needs (optional)"),
	         N_("For example, large print, an interpreter, or a British Sign "
	            "Language interpreter"),
	         val(f, "access"), error_for(f, "access"));

	section_heading(h, f, "children-heading", N_("Children"));
	html_raw(h, "<p class=\"govuk-hint\">");
	html_trf(h, N_("You can record up to %d children."), INTAKE_MAX_CHILDREN);
	html_raw(h, "</p>");
	for (int i = 1; i <= f->nk; i++)
		child_row(h, f, i);
	add_button(h, "add-child", N_("Add another child"), error_for(f, "add-child"));

	section_heading(h, f, "concerns-heading", N_("Concerns"));
	html_raw(h, "<p class=\"govuk-hint\">");
	html_trf(h, N_("You can record up to %d concerns."), INTAKE_MAX_CONCERNS);
	html_raw(h, "</p>");
	for (int i = 1; i <= f->nc; i++)
		concern(h, f, i);
	add_button(h, "add-concern", N_("Add another concern"), error_for(f, "add-concern"));
	gv_radios(h, "court", N_("Are there court proceedings about the child?"), false,
	          NULL, court_opts, N_OF(court_opts), val(f, "court"), error_for(f, "court"));

	html_fmt(h, "<button type=\"submit\" name=\"action\" value=\"record\" "
	         "class=\"govuk-button\" data-module=\"govuk-button\">%T</button>",
	         N_("Record the complaint"));
	html_raw(h, "</form></div></div>");
	staff_page_end(&pg, status);
}

static void identity_maps(struct intake_form *f)
{
	for (int i = 0; i <= INTAKE_MAX_CHILDREN; i++)
		f->kmap[i] = i;
	for (int i = 0; i <= INTAKE_MAX_CONCERNS; i++)
		f->cmap[i] = i;
}

void handle_staff_intake(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct intake_form f = {.s = &s, .nk = INTAKE_FIRST_CHILDREN,
	                        .nc = INTAKE_FIRST_CONCERNS};
	identity_maps(&f);
	if (!staff_may(&s, AZ_CASE_CREATE, NULL))
		staff_message_page(req, &s, 403, N_("You cannot do this"),
		                   N_("Your role does not allow this. Nothing was "
		                      "changed."));
	else
		intake_page(&f, 200);
	staff_end(&s);
}

/* ---- Reading the form ----------------------------------------------------------- */

static int small_age(const char *v)
{
	if (v == NULL || v[0] == '\0' || strlen(v) > 3)
		return -2;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return -2;
	int n = atoi(v);
	return n <= 120 ? n : -2;
}

static json_t *jday(cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	return d == CWYN_DAY_NONE ? json_null() : json_string(date_format(d, buf));
}

static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *jage(int a)
{
	return a >= 0 ? json_integer(a) : json_null();
}

/* The facts document for app_intake (docs/facts-format.md). */
static char *facts_document(struct arena *a, const struct facts *fa,
                            const char *const *summaries,
                            const char *const *agency_names)
{
	json_t *o = json_object();
	json_object_set_new(o, "as_of", jday(fa->as_of));
	json_object_set_new(o, "received", jday(fa->received));
	json_object_set_new(o, "channel", json_string(channel_name(fa->channel)));
	json_object_set_new(o, "at_risk_now", json_boolean(fa->at_risk_now));
	json_object_set_new(o, "complainant", json_pack("{s:s,s:o,s:b,s:s}",
	    "relationship", relationship_name(fa->complainant.relationship),
	    "age", jage(fa->complainant.age),
	    "personally_affected", fa->complainant.personally_affected,
	    "language", language_name(fa->complainant.language)));
	json_t *ch = json_array();
	for (size_t i = 0; i < fa->n_children; i++) {
		const struct facts_child *c = &fa->children[i];
		json_array_append_new(ch, json_pack("{s:o,s:o,s:b,s:b,s:b}",
		    "label", jstr(c->label), "age", jage(c->age),
		    "looked_after", c->looked_after, "in_education", c->in_education,
		    "at_risk_now", c->at_risk_now));
	}
	json_object_set_new(o, "children", ch);
	json_t *ms = json_array();
	for (size_t i = 0; i < fa->n_matters; i++) {
		const struct facts_matter *m = &fa->matters[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_string(m->id));
		json_object_set_new(x, "summary", jstr(summaries[i]));
		json_object_set_new(x, "subject", json_string(matter_subject_name(m->subject)));
		json_object_set_new(x, "agency", json_string(agency_name(m->agency)));
		json_object_set_new(x, "agency_name", jstr(agency_names[i]));
		json_object_set_new(x, "dates", json_pack("{s:o,s:o,s:o,s:o}",
		    "event", jday(m->event), "awareness", jday(m->awareness),
		    "conference_held", jday(m->conference_held),
		    "minutes_sent", jday(m->minutes_sent)));
		json_object_set_new(x, "court", json_pack("{s:s,s:b,s:b,s:b}",
		    "status", court_status_name(m->court.status),
		    "court_agreed", m->court.court_agreed,
		    "dealt_with", m->court.dealt_with,
		    "report_for_court", m->court.report_for_court));
		json_object_set_new(x, "council", json_pack("{s:s,s:b,s:b}",
		    "stage", council_stage_name(m->council_stage),
		    "still_dissatisfied", m->still_dissatisfied,
		    "delaying", m->council_delaying));
		json_object_set_new(x, "conference", json_pack("{s:s,s:b}",
		    "stage", conference_stage_name(m->conference_stage),
		    "wants_panel", m->wants_panel));
		json_object_set_new(x, "at_risk_now", json_boolean(m->at_risk_now));
		json_array_append_new(ms, x);
	}
	json_object_set_new(o, "matters", ms);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	char *copy = s ? arena_strdup(a, s) : NULL;
	free(s);
	return copy;
}

static const char *capped(struct intake_form *f, const char *name, size_t max,
                          const char *too_long)
{
	const char *v = staff_form_text(f->s, name);
	if (v != NULL && strlen(v) > max) {
		add_error(f, name, too_long);
		return NULL;
	}
	return v;
}

/* A group count from the hidden field: 1..max, def when absent, -1 when
 * it is not a number. */
static int group_count(const char *v, int def)
{
	if (v == NULL)
		return def;
	if (v[0] == '\0' || strlen(v) > 3)
		return -1;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	int n = atoi(v);
	return n >= 1 ? n : -1;
}

/* The group number in a repeated field's name ("c12k", "c12e-day"), or 0
 * when the name is not one of group g's. */
static long group_of(const char *name, char g)
{
	if (name[0] != g || name[1] < '1' || name[1] > '9')
		return 0;
	char *end;
	long n = strtol(name + 1, &end, 10);
	if (end - (name + 1) > 4 || *end < 'a' || *end > 'z')
		return 0;
	if (end[1] != '\0' && strcmp(end + 1, "-day") != 0 &&
	    strcmp(end + 1, "-month") != 0 && strcmp(end + 1, "-year") != 0)
		return 0;
	return n;
}

/*
 * How many groups the posted form has: the hidden count, or more when a
 * field of a later group was posted (a form made by hand). Beyond the
 * cap: an error on the "Add another" button, and the cap shown.
 */
static int posted_groups(struct intake_form *f, char g, const char *count_name,
                         int first, int max, const char *add_id,
                         const char *too_many)
{
	int n = group_count(staff_form(f->s, count_name), first);
	bool over = n < 0 || n > max;
	for (size_t i = 0; i < f->s->nform; i++) {
		long k = group_of(f->s->form[i].name, g);
		if (k > max)
			over = true;
		else if (k > n)
			n = (int)k;
	}
	if (over) {
		add_error(f, add_id, too_many);
		return max;
	}
	return n < 1 ? 1 : n;
}

/* "You can record up to 20 children", in the page's language. */
static const char *cap_message(struct intake_form *f, const char *msgid, int max)
{
	const char *fmt = i18n_tr(f->s->req->lang, msgid);
	char buf[512];
	/* The msgid and its Welsh take exactly one %d (test_po_complete). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, sizeof buf, fmt, max);
#pragma GCC diagnostic pop
	return arena_strdup(f->s->req->arena, buf);
}

/* Add or remove a group: the same page again, everything typed kept. */
static bool edit_groups(struct intake_form *f, const char *action)
{
	struct arena *a = f->s->req->arena;
	if (strcmp(action, "add-child") == 0) {
		if (f->nk >= INTAKE_MAX_CHILDREN) {
			if (!error_for(f, "add-child"))
				add_error(f, "add-child", cap_message(f,
				    N_("You can record up to %d children on one complaint"),
				    INTAKE_MAX_CHILDREN));
			return true;
		}
		f->nk++;
		f->focus = fld(f, 'k', f->nk, 'l');
		return true;
	}
	if (strcmp(action, "add-concern") == 0) {
		if (f->nc >= INTAKE_MAX_CONCERNS) {
			if (!error_for(f, "add-concern"))
				add_error(f, "add-concern", cap_message(f,
				    N_("You can record up to %d concerns on one complaint"),
				    INTAKE_MAX_CONCERNS));
			return true;
		}
		f->nc++;
		f->focus = fld(f, 'c', f->nc, 'k');
		return true;
	}
	bool child = strncmp(action, "remove-child-", 13) == 0;
	bool conc = strncmp(action, "remove-concern-", 15) == 0;
	if (!child && !conc)
		return false;
	int j = group_count(action + (child ? 13 : 15), -1);
	int *n = child ? &f->nk : &f->nc;
	int *map = child ? f->kmap : f->cmap;
	if (j < 1 || j > *n)
		return false;
	/* Groups after j move up one; the last place shows nothing. */
	for (int i = j; i < *n; i++)
		map[i] = map[i + 1];
	map[*n] = 0;
	if (*n > 1)
		(*n)--;
	f->focus = arena_strdup(a, child ? "children-heading" : "concerns-heading");
	return true;
}

/* A checkbox: absent, or "yes"; anything else is refused. */
static bool yes_box(struct intake_form *f, const char *name)
{
	const char *v = staff_form(f->s, name);
	if (v != NULL && strcmp(v, "yes") != 0)
		add_error(f, name, N_("This answer is not one of the choices. Choose again"));
	return v != NULL && strcmp(v, "yes") == 0;
}

static bool date_given(struct intake_form *f, int i, char what)
{
	struct arena *a = f->s->req->arena;
	const char *n = fld(f, 'c', i, what);
	return staff_form_text(f->s, arena_printf(a, "%s-day", n)) ||
	       staff_form_text(f->s, arena_printf(a, "%s-month", n)) ||
	       staff_form_text(f->s, arena_printf(a, "%s-year", n));
}

void handle_staff_intake_post(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM_LONG, &s))
		return;
	struct arena *a = req->arena;
	struct intake_form f = {.s = &s, .posted = true};
	identity_maps(&f);
	struct cwyn_error err = {0};
	cwyn_day today = s.ctx.today;
	struct chk_state st;
	chk_state_init(&st);

	f.nk = posted_groups(&f, 'k', "children", INTAKE_FIRST_CHILDREN,
	                     INTAKE_MAX_CHILDREN, "add-child",
	                     cap_message(&f, N_("You can record up to %d children on one complaint"),
	                                 INTAKE_MAX_CHILDREN));
	f.nc = posted_groups(&f, 'c', "concerns", INTAKE_FIRST_CONCERNS,
	                     INTAKE_MAX_CONCERNS, "add-concern",
	                     cap_message(&f, N_("You can record up to %d concerns on one complaint"),
	                                 INTAKE_MAX_CONCERNS));
	const char *action = staff_form(&s, "action");
	if (action != NULL && strcmp(action, "record") != 0) {
		/* Nothing is stored on the way: an answer is checked when the
		 * complaint is recorded. */
		if (!edit_groups(&f, action))
			f.top_error = i18n_tr(req->lang, N_("The form could not be "
			    "understood. Nothing was recorded. Check the answers and "
			    "try again."));
		intake_page(&f, f.nerrors > 0 || f.top_error ? 400 : 200);
		goto out;
	}
	if (f.nerrors > 0)
		goto again;

	const char *risk = staff_form(&s, "risk");
	if (!one_of(yes_no_opts, N_OF(yes_no_opts), risk))
		add_error(&f, "risk", N_("Select yes if a child is at risk of harm right now"));
	else
		st.risk = strcmp(risk, "yes") == 0 ? YN_YES : YN_NO;
	const char *channel = staff_form(&s, "channel");
	if (!one_of(channel_opts, N_OF(channel_opts), channel))
		add_error(&f, "channel", N_("Select how the complaint came in"));
	cwyn_day received;
	const char *derr = staff_form_date(&s, "received", today, &received);
	if (derr)
		add_error(&f, "received", derr);
	if (received == CWYN_DAY_NONE)
		received = today;
	bool assisted = yes_box(&f, "assisted");

	const char *name = capped(&f, "name", 200, N_("This must be 200 characters or fewer"));
	if (name == NULL && !error_for(&f, "name"))
		add_error(&f, "name", N_("Enter the complainant's full name"));
	const char *rel = staff_form(&s, "rel");
	enum relationship r;
	if (!one_of(rel_opts, N_OF(rel_opts), rel) || !relationship_from_name(rel, &r))
		add_error(&f, "rel", N_("Select the complainant's relationship to the child"));
	else
		st.rel = (int)r;
	const char *age = staff_form_text(&s, "age");
	if (age != NULL) {
		int n = small_age(age);
		if (n < 0)
			add_error(&f, "age", N_("Enter the age as a number, like 15"));
		else
			st.age = n;
	}
	bool rep = yes_box(&f, "rep");
	const char *lang = staff_form(&s, "lang");
	if (!one_of(lang_opts, N_OF(lang_opts), lang))
		add_error(&f, "lang", N_("Select the language they want to use"));
	const char *contact = staff_form(&s, "contact");
	if (!one_of(contact_opts, N_OF(contact_opts), contact))
		add_error(&f, "contact", N_("Select how they want to be contacted"));
	const char *email = capped(&f, "email", 320, N_("This must be 320 characters or fewer"));
	if (email != NULL && (strchr(email, '@') == NULL || strchr(email, ' ')))
		add_error(&f, "email", N_("Enter an email address like name@example.com"));
	const char *phone = capped(&f, "phone", 64, N_("This must be 64 characters or fewer"));
	const char *address = capped(&f, "address", MAX_TEXT, N_("This must be 2000 characters or fewer"));
	const char *access = capped(&f, "access", MAX_TEXT, N_("This must be 2000 characters or fewer"));
	const char *represents = capped(&f, "represents", 200, N_("This must be 200 characters or fewer"));
	if (contact && strcmp(contact, "email") == 0 && email == NULL && !error_for(&f, "email"))
		add_error(&f, "email", N_("Enter an email address, as they want to be contacted by email"));
	if (contact && strcmp(contact, "phone") == 0 && phone == NULL && !error_for(&f, "phone"))
		add_error(&f, "phone", N_("Enter a phone number, as they want to be contacted by phone"));

	/* Children: blank groups are left out. */
	struct facts_child kids[INTAKE_MAX_CHILDREN];
	const char *labels[INTAKE_MAX_CHILDREN];
	size_t nk = 0;
	for (int i = 1; i <= f.nk; i++) {
		const char *l = capped(&f, fld(&f, 'k', i, 'l'), 200,
		                       N_("This must be 200 characters or fewer"));
		const char *g = staff_form_text(&s, fld(&f, 'k', i, 'g'));
		bool la = yes_box(&f, fld(&f, 'k', i, 'c'));
		bool ed = yes_box(&f, fld(&f, 'k', i, 'd'));
		if (l == NULL && g == NULL && !la && !ed &&
		    !error_for(&f, fld(&f, 'k', i, 'l')))
			continue;
		struct facts_child *c = &kids[nk];
		facts_child_init(c);
		c->label = l;
		if (g != NULL && (c->age = small_age(g)) < 0) {
			add_error(&f, fld(&f, 'k', i, 'g'), N_("Enter the age as a number, like 15"));
			c->age = -1;
		}
		c->looked_after = la;
		c->in_education = ed;
		c->at_risk_now = st.risk == YN_YES;
		if (l == NULL && !error_for(&f, fld(&f, 'k', i, 'l')))
			add_error(&f, fld(&f, 'k', i, 'l'), N_("Enter how staff refer to the child"));
		labels[nk++] = l ? l : "";
	}
	if (nk > 0) {
		st.looked_after = kids[0].looked_after ? YN_YES : YN_NO;
		st.education = kids[0].in_education ? YN_YES : YN_NO;
	}

	/* Concerns: packed in order, so matter i is the i-th concern given. */
	struct chk_concern given[INTAKE_MAX_CONCERNS];
	int stage[INTAKE_MAX_CONCERNS];
	bool delaying[INTAKE_MAX_CONCERNS];
	const char *summaries[INTAKE_MAX_CONCERNS], *agency_names[INTAKE_MAX_CONCERNS];
	size_t nm = 0;
	for (int i = 1; i <= f.nc; i++) {
		const char *k = staff_form(&s, fld(&f, 'c', i, 'k'));
		const char *summary = capped(&f, fld(&f, 'c', i, 's'), MAX_SUMMARY,
		                             N_("This must be 20000 characters or fewer"));
		const char *aname = capped(&f, fld(&f, 'c', i, 'n'), 200,
		                           N_("This must be 200 characters or fewer"));
		const char *tv = staff_form(&s, fld(&f, 'c', i, 't'));
		int t = -1;
		for (int j = 0; tv != NULL && j < CSTAGE__MAX; j++)
			if (strcmp(stage_opts[j].value, tv) == 0)
				t = j;
		if (tv != NULL && t < 0)
			add_error(&f, fld(&f, 'c', i, 't'),
			          N_("Select how far the council's own complaints procedure has got"));
		bool late = yes_box(&f, fld(&f, 'c', i, 'y'));
		const char *av = staff_form(&s, fld(&f, 'c', i, 'a'));
		enum agency ag = AGENCY_COUNCIL;
		bool known_agency = true;
		if (av != NULL && av[0] != '\0') {
			known_agency = false;
			for (size_t j = 0; j < N_OF(agency_opts); j++)
				if (strcmp(agency_opts[j].value, av) == 0)
					known_agency = agency_from_name(av, &ag);
		}
		if (!known_agency)
			add_error(&f, fld(&f, 'c', i, 'a'),
			          N_("Select which organisation's worker or service this is about"));
		if (k == NULL || k[0] == '\0') {
			/* A blank group is left out; one with answers but no
			 * subject would lose them silently. */
			if (summary || aname || t > 0 || late || date_given(&f, i, 'e') ||
			    date_given(&f, i, 'w') || date_given(&f, i, 'h') ||
			    date_given(&f, i, 'm'))
				add_error(&f, fld(&f, 'c', i, 'k'), N_("Select what the concern is about"));
			continue;
		}
		int kind = -1;
		for (int j = 0; j < KIND__MAX; j++)
			if (strcmp(chk_kinds[j].name, k) == 0)
				kind = j;
		if (kind < 0) {
			add_error(&f, fld(&f, 'c', i, 'k'), N_("Select what the concern is about"));
			continue;
		}
		struct chk_concern *c = &given[nm];
		c->kind = kind;
		c->agency = (int)ag;
		cwyn_day d1, d2, d3, d4;
		const char *e;
		if ((e = staff_form_date(&s, fld(&f, 'c', i, 'e'), today, &d1)))
			add_error(&f, fld(&f, 'c', i, 'e'), e);
		if ((e = staff_form_date(&s, fld(&f, 'c', i, 'w'), today, &d2)))
			add_error(&f, fld(&f, 'c', i, 'w'), e);
		if ((e = staff_form_date(&s, fld(&f, 'c', i, 'h'), today, &d3)))
			add_error(&f, fld(&f, 'c', i, 'h'), e);
		if ((e = staff_form_date(&s, fld(&f, 'c', i, 'm'), today, &d4)))
			add_error(&f, fld(&f, 'c', i, 'm'), e);
		if (d1 != CWYN_DAY_NONE && d2 != CWYN_DAY_NONE && d2 < d1)
			add_error(&f, fld(&f, 'c', i, 'w'),
			          N_("The date you found out must be the same as or after the date it happened"));
		if (d3 != CWYN_DAY_NONE && d4 != CWYN_DAY_NONE && d4 < d3)
			add_error(&f, fld(&f, 'c', i, 'm'),
			          N_("The date the minutes were sent must be the same as or after the conference"));
		c->event = d1;
		c->aware = d2 != CWYN_DAY_NONE ? d2 : d1;
		c->conf_held = d3;
		c->minutes = d4;
		stage[nm] = t < 0 ? CSTAGE_NONE : t;
		delaying[nm] = late;
		summaries[nm] = summary;
		agency_names[nm] = aname;
		nm++;
	}
	if (nm == 0 && !error_for(&f, "c1k"))
		add_error(&f, "c1k", N_("Select what the concern is about"));
	enum court_status cs;
	const char *court = staff_form(&s, "court");
	if (court == NULL)
		st.court = COURT_NONE;
	else if (court_status_from_name(court, &cs) &&
	         one_of(court_opts, N_OF(court_opts), court))
		st.court = (int)cs;
	else
		add_error(&f, "court", N_("Select whether there are court proceedings about the child"));

	if (f.nerrors > 0)
		goto again;
	enum language complaint_lang = strcmp(lang, "cy") == 0 ? LANG_CY : LANG_EN;
	/* One concern at a time through the checker's own mapping, each with
	 * its own stage and delay; the matters are then put together. */
	struct facts fa;
	facts_init(&fa);
	struct facts_matter *matters = arena_calloc(a, nm, sizeof *matters);
	if (matters == NULL) {
		cwyn_fail(&err, CWYN_ENOMEM, "", "out of memory");
		staff_fail(&s, &err);
		goto out;
	}
	for (size_t i = 0; i < nm; i++) {
		st.c[0] = given[i];
		st.n = 1;
		st.cstage = stage[i];
		st.delaying = delaying[i] ? YN_YES : YN_NO;
		struct facts one;
		if (chk_state_facts(&st, today, complaint_lang, a, &one, &err) != CWYN_OK)
			goto refused;
		if (i == 0)
			fa = one;
		matters[i] = one.matters[0];
		matters[i].id = arena_printf(a, "%zu", i + 1);
		if (matters[i].id == NULL) {
			cwyn_fail(&err, CWYN_ENOMEM, "", "out of memory");
			staff_fail(&s, &err);
			goto out;
		}
	}
	fa.matters = matters;
	fa.n_matters = nm;
	fa.received = received;
	/* Spoken complaints, and any the officer wrote down for the
	 * complainant, need the complainant's agreement to the record. */
	bool oral = assisted || strcmp(channel, "phone") == 0 ||
	            strcmp(channel, "in_person") == 0;
	fa.channel = oral ? CHANNEL_ORAL : CHANNEL_WRITTEN;
	fa.complainant.age = st.rel == REL_CHILD ? st.age : -1;
	fa.children = nk ? kids : NULL;
	fa.n_children = nk;
	size_t len;
	char *doc = facts_document(a, &fa, summaries, agency_names);
	if (doc == NULL) {
		cwyn_fail(&err, CWYN_ENOMEM, "", "out of memory");
		staff_fail(&s, &err);
		goto out;
	}
	len = strlen(doc);
	struct app_intake in = {
	    .facts_json = doc,
	    .facts_len = len,
	    .complainant = {
	        .name = name,
	        .is_representative = rep,
	        .represents = represents,
	        .email = email,
	        .phone = phone,
	        .address = address,
	        .language_set = true,
	        .language = complaint_lang,
	        .contact_preference = contact,
	        .accessibility_needs = access,
	    },
	    .child_labels = nk ? labels : NULL,
	    .n_child_labels = nk,
	    .channel = oral ? "oral" : "written",
	    .owner_user_id = s.ctx.actor.user_id,
	};
	struct app_intake_result res;
	memset(&res, 0, sizeof res);
	if (app_intake(&s.ctx, &in, &res, &err) == CWYN_OK) {
		char *url = arena_printf(a, "/staff/cases/%s?done=created",
		                         res.ref.reference);
		page_redirect(req, url ? url : "/staff");
		goto out;
	}
refused:
	if (err.code == CWYN_EFORBIDDEN || err.code == CWYN_EDB ||
	    err.code == CWYN_EIO || err.code == CWYN_ENOMEM ||
	    err.code == CWYN_EINTERNAL) {
		staff_fail(&s, &err);
		goto out;
	}
	f.top_error = arena_strdup(a, err.message);
again:
	intake_page(&f, 400);
out:
	staff_end(&s);
}
