/*
 * checker.c — the public checker "Can this complaint be looked at, and by
 * whom?": the home page, the start pages (adults and young people) and
 * one page per question (GET shows it, POST checks the answer and moves
 * on with a 303, or shows the page again with GOV.UK error messages).
 * The result page is in checker_result.c.
 *
 * No JavaScript and no server-side state: answers travel in the query
 * string and hidden fields (checker_state.h); the order of questions is
 * in checker_flow.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "web/pages/checker_flow.h"
#include "web/pages/checker_result.h"
#include "web/pages/components.h"
#include "web/pages/layout.h"
#include "web/pages/pages.h"
#include "web/pages/site.h"
#include "web/response.h"

cwyn_day pages_today(void)
{
	const char *fixed = getenv("CWYN_TODAY");
	cwyn_day d;
	if (fixed != NULL && date_parse(fixed, &d, "CWYN_TODAY", NULL) == CWYN_OK)
		return d;
	return uk_today((int64_t)time(NULL));
}

/* ---- Home and start pages ---------------------------------------------- */

void handle_home(struct web_request *req)
{
	struct page pg;
	page_begin(&pg, req, SERVICE_NAME_MSGID, false, "/", NULL);
	struct html *h = &pg.h;
	html_fmt(h, "<h1 class=\"govuk-heading-xl\">%T</h1>", SERVICE_NAME_MSGID);
	html_fmt(h, "<p class=\"govuk-body-l\">%T</p>",
	         N_("Find out who can look at a complaint about child protection "
	         "in Wales, and by when you need to complain."));
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("If a child is in danger now, call 999."));
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>"
	         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/check\">%T</a></p>"
	         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/young-people\">%T</a></p>",
	         N_("Check a complaint"),
	         N_("Can this complaint be looked at, and by whom?"),
	         N_("A version for children and young people"));
	page_end(&pg, 200);
}

static void start_page(struct web_request *req, bool young)
{
	struct page pg;
	const char *title = young ? N_("Are you unhappy about how people kept you safe?")
	                          : N_("Can this complaint be looked at, and by whom?");
	page_begin(&pg, req, title, false, young ? "/young-people" : "/check", NULL);
	struct html *h = &pg.h;
	html_fmt(h, "<h1 class=\"govuk-heading-xl\">%T</h1>", title);
	if (young) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p><p class=\"govuk-body\">%T</p>"
		         "<p class=\"govuk-body\">%T</p>",
		         N_("You can complain if you are unhappy about what social "
		         "services or other people did to keep you safe."),
		         N_("Answer a few questions. We will tell you who can help, who "
		         "can look at your complaint, and by when."),
		         N_("Nobody will see your answers. We do not keep them."));
		html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
		         N_("If you are in danger now, call 999."));
		gv_start_button(h, "/check/risk?yp=1", N_("Start now"));
	} else {
		html_fmt(h, "<p class=\"govuk-body\">%T</p><ul class=\"govuk-list govuk-list--bullet\">"
		         "<li>%T</li><li>%T</li><li>%T</li></ul>",
		         N_("Use this to find out:"),
		         "which organisation can look at each part of your complaint",
		         "the date by which you need to complain",
		         "what cannot be looked at, and where to go instead");
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("It takes about 5 minutes. Have the dates of any child "
		         "protection conference and its minutes to hand."));
		html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
		         N_("If a child is in danger now, call 999."));
		gv_start_button(h, "/check/risk", N_("Start now"));
	}
	page_end(&pg, 200);
}

void handle_check_start(struct web_request *req)
{
	start_page(req, false);
}

void handle_young_people(struct web_request *req)
{
	start_page(req, true);
}

/* ---- Questions ----------------------------------------------------------- */

struct chk_opt {
	const char *value;
	const char *adult, *young; /* msgids */
	const char *hint;
};

static const struct chk_opt yes_no[] = {
	{"yes", N_("Yes"), N_("Yes"), NULL},
	{"no", N_("No"), N_("No"), NULL},
};

static const struct chk_opt yes_no_unsure[] = {
	{"yes", N_("Yes"), N_("Yes"), NULL},
	{"no", N_("No"), N_("No"), NULL},
	{"not_sure", N_("I'm not sure"), N_("I'm not sure"), NULL},
};

static const struct chk_opt who_opts[] = {
	{"parent", N_("A parent of the child"), NULL, NULL},
	{"carer", N_("A carer, such as a foster carer"), NULL, NULL},
	{"kinship_carer", N_("A family member or friend who looks after the child"), NULL, NULL},
	{"relative", N_("Another family member, such as a grandparent"), NULL, NULL},
	{"child", N_("I am the child or young person"), NULL, NULL},
	{"parental_responsibility", N_("Someone else with parental responsibility"), NULL, NULL},
	{"advocate", N_("An advocate or representative for the child"), NULL, NULL},
	{"other", N_("Someone else"), NULL, NULL},
};

static const struct chk_opt agency_opts[] = {
	{"council", N_("The council's social services"), N_("Social services or a social worker"), NULL},
	{"police", N_("The police"), N_("The police"), NULL},
	{"health", N_("A health service, such as a GP, hospital or health visitor"), N_("A doctor, nurse or hospital"), NULL},
	{"education", N_("A school, college or education service"), N_("A school or college"), NULL},
	{"other_council", N_("Another council"), N_("Another council"), NULL},
	{"probation", N_("The probation service"), N_("The probation service"), NULL},
	{"other", N_("Another organisation"), N_("Someone else"), NULL},
};

static const struct chk_opt court_opts[] = {
	{"none", N_("No, there are no court proceedings"), N_("No"), NULL},
	{"ongoing", N_("Yes, court proceedings are going on now"), N_("Yes, it is going on now"), NULL},
	{"concluded", N_("Yes, but the court proceedings have finished"), N_("Yes, but it has finished"), NULL},
};

static const struct chk_opt progress_opts[] = {
	{"none", N_("I have not complained to the council yet"), N_("I have not complained yet"), NULL},
	{"stage1_open", N_("I have complained and I am waiting for an answer"), N_("I have complained and I am waiting"), NULL},
	{"stage1_answered", N_("I have had an answer and I am still unhappy"), N_("I got an answer and I am still unhappy"), NULL},
	{"stage2_open", N_("A formal investigation (Stage 2) is going on"), N_("They are looking into it properly now (Stage 2)"), NULL},
	{"stage2_answered", N_("I have had the council's final answer after a formal investigation"), N_("I got their final answer"), NULL},
};

static const struct chk_opt conf_opts[] = {
	{"none", N_("No, not yet"), N_("No, not yet"), NULL},
	{"with_chair", N_("Yes, and I am waiting for the chair to answer"), N_("Yes, and I am waiting for an answer"), NULL},
	{"chair_unresolved", N_("Yes, and the chair could not sort it out"), N_("Yes, and it was not sorted out"), NULL},
};

struct radio_q {
	const char *adult, *young;     /* the question (page heading) */
	const char *hint_adult, *hint_young;
	const char *err_adult, *err_young;
	const struct chk_opt *opts;
	size_t n;
};

#define Q(a, y, ha, hy, ea, ey, o) {a, y, ha, hy, ea, ey, o, sizeof o / sizeof o[0]}

static const struct radio_q q_risk = Q(
    N_("Is a child at risk of harm right now?"),
    N_("Are you or another child in danger right now?"),
    N_("For example, being hurt, threatened or left without care today."),
    N_("For example, someone is hurting you or you do not feel safe today."),
    N_("Select yes if a child is at risk of harm right now"),
    N_("Select yes if you or another child are in danger right now"), yes_no);
static const struct radio_q q_who = Q(
    N_("Who are you?"), N_("Who are you?"),
    N_("Choose the one that fits best."), N_("Choose the one that fits best."),
    N_("Select who you are"), N_("Select who you are"), who_opts);
static const struct radio_q q_agency = Q(
    N_("Which organisation's worker or service is this about?"),
    N_("Who is it about?"),
    NULL, NULL,
    N_("Select which organisation it is about"),
    N_("Select who it is about"), agency_opts);
static const struct radio_q q_another = Q(
    N_("Do you want to add another concern?"),
    N_("Is there something else you are unhappy about?"),
    N_("Each concern may go to a different place."),
    N_("You can tell us up to 5 things."),
    N_("Select yes if you want to add another concern"),
    N_("Select yes if there is something else"), yes_no);
static const struct radio_q q_court = Q(
    N_("Are there court proceedings about the child?"),
    N_("Is there a court case about you?"),
    N_("For example, care proceedings in the family court."),
    N_("For example, a judge deciding where you live."),
    N_("Select whether there are court proceedings"),
    N_("Select whether there is a court case"), court_opts);
static const struct radio_q q_court_agreed = Q(
    N_("Has the court said the complaint can be looked at while the proceedings go on?"),
    N_("Has the judge said your complaint can be looked at now?"),
    N_("If you do not know, choose no."), N_("If you do not know, choose no."),
    N_("Select yes if the court has agreed"),
    N_("Select yes if the judge has agreed"), yes_no);
static const struct radio_q q_progress = Q(
    N_("How far has your complaint to the council got?"),
    N_("Have you already complained to the council?"),
    NULL, NULL,
    N_("Select how far your complaint has got"),
    N_("Select whether you have complained"), progress_opts);
static const struct radio_q q_delay = Q(
    N_("Has the council missed a deadline to answer you?"),
    N_("Is the council taking too long to answer you?"),
    N_("For example, no answer within the time it told you."),
    N_("For example, they said they would answer and they have not."),
    N_("Select yes if the council has missed a deadline"),
    N_("Select yes if the council is taking too long"), yes_no);
static const struct radio_q q_conf = Q(
    N_("Have you already complained to the chair of the child protection conference?"),
    N_("Have you already complained to the person in charge of the conference?"),
    NULL, NULL,
    N_("Select whether you have complained to the conference chair"),
    N_("Select whether you have complained"), conf_opts);

/* The concern question's options come from chk_kinds. */
static const struct radio_q q_concern = {
    N_("What is your concern about?"),
    N_("What are you unhappy about?"),
    N_("Choose the one that fits best. You can add more concerns later."),
    N_("Choose one. You can tell us about more things later."),
    N_("Select what your concern is about"),
    N_("Select what you are unhappy about"), NULL, KIND__MAX};

struct step_ctx {
	struct web_request *req;
	struct chk_state s;
	struct chk_pos pos;
	struct gv_error errors[4];
	size_t nerrors;
	/* What the user typed, for showing it again after an error. */
	const struct web_pair *form;
	size_t nform;
};

static const char *form_value(const struct step_ctx *c, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < c->nform; i++)
		if (strcmp(c->form[i].name, name) == 0)
			v = c->form[i].value;
	return v;
}

static void add_error(struct step_ctx *c, const char *field, const char *msgid)
{
	if (c->nerrors < sizeof c->errors / sizeof c->errors[0])
		c->errors[c->nerrors++] = (struct gv_error){field, msgid};
}

static const char *pickw(const struct step_ctx *c, const char *adult,
                         const char *young)
{
	return c->s.young && young ? young : adult;
}

/* The state key a radio step writes, and its current value. */
static const char *radio_key(struct step_ctx *c, char *buf, size_t n)
{
	switch (c->pos.step) {
	case STEP_RISK: return "risk";
	case STEP_WHO: return "rel";
	case STEP_CONCERN: snprintf(buf, n, "c%zuk", c->pos.concern + 1); return buf;
	case STEP_AGENCY: snprintf(buf, n, "c%zua", c->pos.concern + 1); return buf;
	case STEP_ANOTHER: return "more";
	case STEP_COURT: return "court";
	case STEP_COURT_AGREED: return "cagree";
	case STEP_PROGRESS: return "cst";
	case STEP_DELAY: return "delay";
	case STEP_CONF_PROGRESS: return "conf";
	default: return NULL;
	}
}

static const struct radio_q *radio_question(enum chk_step s)
{
	switch (s) {
	case STEP_RISK: return &q_risk;
	case STEP_WHO: return &q_who;
	case STEP_CONCERN: return &q_concern;
	case STEP_AGENCY: return &q_agency;
	case STEP_ANOTHER: return &q_another;
	case STEP_COURT: return &q_court;
	case STEP_COURT_AGREED: return &q_court_agreed;
	case STEP_PROGRESS: return &q_progress;
	case STEP_DELAY: return &q_delay;
	case STEP_CONF_PROGRESS: return &q_conf;
	default: return NULL;
	}
}

/* The answer already given for a radio step, as its value name. */
static const char *radio_current(const struct step_ctx *c)
{
	const struct chk_state *s = &c->s;
	const struct chk_concern *cc = &s->c[c->pos.concern];
	switch (c->pos.step) {
	case STEP_RISK: return chk_yn_name(s->risk);
	case STEP_WHO: return s->rel >= 0 ? relationship_name((enum relationship)s->rel) : NULL;
	case STEP_CONCERN: return cc->kind >= 0 ? chk_kinds[cc->kind].name : NULL;
	case STEP_AGENCY: return cc->agency >= 0 ? agency_name((enum agency)cc->agency) : NULL;
	case STEP_COURT: return s->court >= 0 ? court_status_name((enum court_status)s->court) : NULL;
	case STEP_COURT_AGREED: return chk_yn_name(s->court_agreed);
	case STEP_PROGRESS: return s->cstage >= 0 ? council_stage_name((enum council_stage)s->cstage) : NULL;
	case STEP_DELAY: return chk_yn_name(s->delaying);
	case STEP_CONF_PROGRESS: return s->confstage >= 0 ? conference_stage_name((enum conference_stage)s->confstage) : NULL;
	default: return NULL;
	}
}

/* The concern's heading above per-concern questions: "Concern 2". */
static void concern_caption(struct step_ctx *c, struct html *h)
{
	if (c->pos.step != STEP_CONCERN && c->pos.step != STEP_AGENCY &&
	    c->pos.step != STEP_DATES)
		return;
	html_raw(h, "<span class=\"govuk-caption-l\">");
	html_trf(h, N_("Concern %zu"), c->pos.concern + 1);
	html_raw(h, "</span>");
}

static void radio_page_body(struct step_ctx *c, struct html *h)
{
	const struct radio_q *q = radio_question(c->pos.step);
	char keybuf[8];
	const char *key = radio_key(c, keybuf, sizeof keybuf);
	struct gv_option *opts = arena_calloc(c->req->arena, q->n, sizeof *opts);
	if (opts == NULL) {
		h->failed = true;
		return;
	}
	for (size_t i = 0; i < q->n; i++) {
		if (c->pos.step == STEP_CONCERN) {
			opts[i].value = chk_kinds[i].name;
			opts[i].label = pickw(c, chk_kinds[i].label, chk_kinds[i].label_young);
		} else {
			opts[i].value = q->opts[i].value;
			opts[i].label = pickw(c, q->opts[i].adult, q->opts[i].young);
			opts[i].hint = q->opts[i].hint;
		}
	}
	const char *selected = c->nerrors ? NULL : radio_current(c);
	concern_caption(c, h);
	gv_radios(h, key, pickw(c, q->adult, q->young), true,
	          pickw(c, q->hint_adult, q->hint_young), opts, q->n, selected,
	          c->nerrors ? c->errors[0].msgid : NULL);
}

static const char *error_for(const struct step_ctx *c, const char *field)
{
	for (size_t i = 0; i < c->nerrors; i++)
		if (strcmp(c->errors[i].field_id, field) == 0)
			return c->errors[i].msgid;
	return NULL;
}

static void child_page_body(struct step_ctx *c, struct html *h)
{
	struct arena *a = c->req->arena;
	size_t j = c->pos.concern;
	const char *kage = chk_child_field(a, j, "age");
	const char *kla = chk_child_field(a, j, "la");
	const char *kedu = chk_child_field(a, j, "edu");
	const char *age_err = error_for(c, kage), *la_err = error_for(c, kla);
	const char *edu_err = error_for(c, kedu);
	struct chk_child ch = chk_child_get(&c->s, j);
	bool y = c->s.young;
	chk_child_caption(h, &c->s, j);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>",
	         y ? N_("About you") : N_("About the child"));
	char agebuf[16] = "";
	const char *age = form_value(c, kage);
	if (age == NULL && ch.age >= 0) {
		snprintf(agebuf, sizeof agebuf, "%d", ch.age);
		age = agebuf;
	}
	gv_text_input(h, kage, y ? N_("How old are you?") : N_("How old is the child?"),
	              y ? N_("Leave this empty if you would rather not say.")
	                : N_("Leave this empty if you do not know."),
	              age, age_err, "govuk-input--width-3", true);
	struct gv_option o3[3];
	for (size_t i = 0; i < 3; i++)
		o3[i] = (struct gv_option){yes_no_unsure[i].value, yes_no_unsure[i].adult, NULL};
	gv_radios(h, kla, y ? N_("Are you in care, or have you ever been in care?")
	                    : N_("Is the child in care, or have they ever been in care?"),
	          false, N_("This is sometimes called being looked after."), o3, 3,
	          la_err ? NULL : chk_yn_name(ch.looked_after), la_err);
	gv_radios(h, kedu, y ? N_("Are you at school, college or university?")
	                     : N_("Is the child or young person in education?"),
	          false, NULL, o3, 3,
	          edu_err ? NULL : chk_yn_name(ch.education), edu_err);
}

/* The three typed parts of a date field, or the stored date split up. */
static struct gv_date_value date_value(struct step_ctx *c, const char *key,
                                       cwyn_day stored, const char *err_field)
{
	struct gv_date_value v = {0};
	struct arena *a = c->req->arena;
	if (c->nform > 0) {
		v.day = form_value(c, arena_printf(a, "%s-day", key));
		v.month = form_value(c, arena_printf(a, "%s-month", key));
		v.year = form_value(c, arena_printf(a, "%s-year", key));
	} else if (stored != CWYN_DAY_NONE) {
		int y, m, d;
		date_to_ymd(stored, &y, &m, &d);
		v.day = arena_printf(a, "%d", d);
		v.month = arena_printf(a, "%d", m);
		v.year = arena_printf(a, "%d", y);
	}
	if (err_field != NULL && strcmp(err_field, key) == 0)
		v.bad_day = v.bad_month = v.bad_year = true;
	return v;
}

static void dates_page_body(struct step_ctx *c, struct html *h)
{
	size_t i = c->pos.concern;
	const struct chk_concern *cc = &c->s.c[i];
	bool conf = cc->kind >= 0 && chk_kinds[cc->kind].conference;
	bool y = c->s.young;
	struct arena *a = c->req->arena;
	const char *k1 = chk_field(a, i, conf ? 'h' : 'e');
	const char *k2 = chk_field(a, i, conf ? 'm' : 'w');
	const char *e1 = error_for(c, k1), *e2 = error_for(c, k2);
	concern_caption(c, h);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>",
	         conf ? N_("When was the conference?") : N_("When did it happen?"));
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("The dates tell us by when you need to complain. If you do "
	         "not know a date, leave it empty."));
	struct gv_date_value v1 = date_value(c, k1, conf ? cc->conf_held : cc->event,
	                                     e1 ? k1 : NULL);
	struct gv_date_value v2 = date_value(c, k2, conf ? cc->minutes : cc->aware,
	                                     e2 ? k2 : NULL);
	if (conf) {
		gv_date_input(h, k1, N_("Date of the child protection conference"),
		              N_("For example, 11 12 2026"), &v1, e1);
		gv_date_input(h, k2, N_("Date the minutes of the conference were sent"),
		              N_("This is on the letter or email that came with the "
		              "minutes. For example, 18 12 2026"), &v2, e2);
	} else {
		gv_date_input(h, k1, y ? N_("When did it happen?") : N_("Date it happened"),
		              N_("If it went on for a while, give the last date. For "
		              "example, 27 3 2026"), &v1, e1);
		gv_date_input(h, k2, y ? N_("When did you find out about it?")
		                       : N_("Date you found out about it"),
		              N_("Leave empty if it is the same date. For example, 3 4 2026"),
		              &v2, e2);
	}
}

static void help_now_body(struct step_ctx *c, struct html *h)
{
	const struct site *site = site_get();
	bool y = c->s.young;
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>",
	         y ? N_("Get help now") : N_("Get help for the child now"));
	html_fmt(h, "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" "
	         "aria-hidden=\"true\">!</span><strong class=\"govuk-warning-text__text\">"
	         "<span class=\"govuk-visually-hidden\">%T</span>%T</strong></div>",
	         N_("Warning"),
	         y ? N_("If you are in danger now, call 999.")
	           : N_("If a child is in immediate danger, call 999 now."));
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         y ? N_("You can also talk to the people below. Telling someone is "
	             "the right thing to do.")
	           : N_("If a child is at risk of harm but not in immediate "
	             "danger, contact the council's children's services today. "
	             "They must act on it the same day, whatever happens to "
	             "your complaint."));
	if (site->policy != NULL) {
		gv_contact(h, &site->policy->contacts[CONTACT_EMERGENCY]);
		gv_contact(h, &site->policy->contacts[CONTACT_DUTY_TEAM]);
		if (y)
			gv_contact(h, &site->policy->contacts[CONTACT_CCFW]);
	}
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("You can carry on to find out where your complaint can go."));
}

static const char *step_title(struct step_ctx *c)
{
	bool y = c->s.young;
	switch (c->pos.step) {
	case STEP_HELP_NOW: return y ? N_("Get help now") : N_("Get help for the child now");
	case STEP_CHILD: return y ? N_("About you") : N_("About the child");
	case STEP_DATES: {
		int k = c->s.c[c->pos.concern].kind;
		return k >= 0 && chk_kinds[k].conference ? N_("When was the conference?")
		                                         : N_("When did it happen?");
	}
	default: {
		const struct radio_q *q = radio_question(c->pos.step);
		return q ? pickw(c, q->adult, q->young) : SERVICE_NAME_MSGID;
	}
	}
}

/* Keys a page asks itself, left out of its hidden fields. */
static size_t own_keys(struct step_ctx *c, const char **keys, size_t max)
{
	struct arena *a = c->req->arena;
	size_t n = 0;
	char buf[8];
	const char *rk = radio_key(c, buf, sizeof buf);
	if (rk != NULL && n < max)
		keys[n++] = arena_strdup(a, rk);
	if (c->pos.step == STEP_CHILD && n + 3 <= max) {
		keys[n++] = chk_child_field(a, c->pos.concern, "age");
		keys[n++] = chk_child_field(a, c->pos.concern, "la");
		keys[n++] = chk_child_field(a, c->pos.concern, "edu");
	}
	if (c->pos.step == STEP_DATES && n + 4 <= max) {
		keys[n++] = chk_field(a, c->pos.concern, 'e');
		keys[n++] = chk_field(a, c->pos.concern, 'w');
		keys[n++] = chk_field(a, c->pos.concern, 'h');
		keys[n++] = chk_field(a, c->pos.concern, 'm');
	}
	keys[n < max ? n++ : n - 1] = "i";
	keys[n < max ? n++ : n - 1] = "j";
	return n;
}

/* Where the reader is: the concern ("i") or, on a child's page, the
 * child ("j"). */
static void place(struct chk_state *s, struct chk_pos p)
{
	s->cur = p.step == STEP_CHILD ? 0 : p.concern;
	s->cur_child = p.step == STEP_CHILD ? p.concern : 0;
}

static void render_step(struct step_ctx *c, int status)
{
	struct arena *a = c->req->arena;
	struct chk_state here = c->s;
	place(&here, c->pos);
	const char *slug = chk_step_slug(c->pos.step);
	char *self = chk_url(&here, a, slug);
	struct chk_pos prev;
	char *back;
	if (chk_prev(&c->s, c->pos, &prev)) {
		struct chk_state ps = c->s;
		place(&ps, prev);
		back = chk_url(&ps, a, chk_step_slug(prev.step));
	} else {
		back = arena_strdup(a, c->s.young ? "/young-people" : "/check");
	}
	struct page pg;
	page_begin(&pg, c->req, step_title(c), c->nerrors > 0,
	           self ? self : "/check", back);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	gv_error_summary(h, c->errors, c->nerrors);
	char *action = arena_printf(a, "/check/%s", slug);
	html_fmt(h, "<form method=\"post\" action=\"%u\" novalidate>", action ? action : "#");
	const char *skip[10];
	size_t nskip = own_keys(c, skip, 10);
	chk_state_hidden(&c->s, h, skip, nskip);
	if (c->pos.concern > 0)
		html_fmt(h, "<input type=\"hidden\" name=\"%a\" value=\"%a\">",
		         c->pos.step == STEP_CHILD ? "j" : "i",
		         arena_printf(a, "%zu", c->pos.concern));
	switch (c->pos.step) {
	case STEP_HELP_NOW: help_now_body(c, h); break;
	case STEP_CHILD: child_page_body(c, h); break;
	case STEP_DATES: dates_page_body(c, h); break;
	default: radio_page_body(c, h); break;
	}
	if (c->pos.step == STEP_CHILD)
		chk_child_buttons(h, &c->s, c->pos.concern, error_for(c, "add-child"));
	else
		gv_button(h, N_("Continue"));
	html_raw(h, "</form></div></div>");
	page_end(&pg, status);
}

/* Set up the context from the path and the query (GET) or form (POST). */
static bool load_ctx(struct step_ctx *c, struct web_request *req,
                     const struct web_pair *pairs, size_t n)
{
	memset(c, 0, sizeof *c);
	c->req = req;
	chk_state_init(&c->s);
	chk_state_read(&c->s, pairs, n);
	const char *slug = web_request_param(req, "step");
	enum chk_step step;
	if (slug == NULL || !chk_step_from_slug(slug, &step) || step == STEP_RESULT)
		return false;
	c->pos.step = step;
	c->pos.concern = step == STEP_CHILD ? c->s.cur_child : c->s.cur;
	if (step == STEP_CONCERN && c->s.n <= c->pos.concern)
		c->s.n = c->pos.concern + 1;
	return true;
}

void handle_check_step(struct web_request *req)
{
	const char *slug = web_request_param(req, "step");
	if (slug != NULL && strcmp(slug, "result") == 0) {
		checker_result(req);
		return;
	}
	struct step_ctx c;
	if (!load_ctx(&c, req, req->query, req->nquery)) {
		respond_error_page(req, 404, N_("there is nothing at this address"));
		return;
	}
	render_step(&c, 200);
}

/* ---- Checking answers ------------------------------------------------- */

/* A GOV.UK date: all three parts empty = not known; otherwise each part
 * must be a whole number and together a real date, not in the future. */
static bool read_date(struct step_ctx *c, const char *key, cwyn_day today,
                      cwyn_day *out)
{
	struct arena *a = c->req->arena;
	const char *d = form_value(c, arena_printf(a, "%s-day", key));
	const char *m = form_value(c, arena_printf(a, "%s-month", key));
	const char *y = form_value(c, arena_printf(a, "%s-year", key));
	d = d ? d : "";
	m = m ? m : "";
	y = y ? y : "";
	*out = CWYN_DAY_NONE;
	if (!d[0] && !m[0] && !y[0])
		return true;
	if (!d[0] || !m[0] || !y[0]) {
		add_error(c, key, !d[0] ? N_("The date must include a day")
		                        : !m[0] ? N_("The date must include a month")
		                                : N_("The date must include a year"));
		return false;
	}
	char *e1, *e2, *e3;
	long dd = strtol(d, &e1, 10), mm = strtol(m, &e2, 10), yy = strtol(y, &e3, 10);
	if (*e1 || *e2 || *e3 || strlen(y) != 4) {
		add_error(c, key, N_("Enter the date as numbers, with a 4-digit year, like 18 12 2026"));
		return false;
	}
	if (!date_valid_ymd((int)yy, (int)mm, (int)dd) ||
	    !calendar_in_range(date_from_ymd((int)yy, (int)mm, (int)dd))) {
		add_error(c, key, N_("The date must be a real date"));
		return false;
	}
	cwyn_day day = date_from_ymd((int)yy, (int)mm, (int)dd);
	if (day > today) {
		add_error(c, key, N_("The date must be today or in the past"));
		return false;
	}
	*out = day;
	return true;
}

static void check_dates(struct step_ctx *c)
{
	size_t i = c->pos.concern;
	struct chk_concern *cc = &c->s.c[i];
	bool conf = cc->kind >= 0 && chk_kinds[cc->kind].conference;
	struct arena *a = c->req->arena;
	cwyn_day today = pages_today();
	const char *k1 = chk_field(a, i, conf ? 'h' : 'e');
	const char *k2 = chk_field(a, i, conf ? 'm' : 'w');
	cwyn_day d1, d2;
	bool ok1 = read_date(c, k1, today, &d1);
	bool ok2 = read_date(c, k2, today, &d2);
	if (ok1 && ok2 && d1 != CWYN_DAY_NONE && d2 != CWYN_DAY_NONE && d2 < d1) {
		add_error(c, k2, conf ? N_("The date the minutes were sent must be "
		                           "the same as or after the conference")
		                      : N_("The date you found out must be the same "
		                           "as or after the date it happened"));
		ok2 = false;
	}
	if (!ok1 || !ok2)
		return;
	if (conf) {
		cc->conf_held = d1;
		cc->minutes = d2;
		cc->event = cc->aware = CWYN_DAY_NONE;
	} else {
		cc->event = d1;
		cc->aware = d2 != CWYN_DAY_NONE ? d2 : d1;
		cc->conf_held = cc->minutes = CWYN_DAY_NONE;
	}
}

static void check_child(struct step_ctx *c)
{
	struct arena *a = c->req->arena;
	size_t j = c->pos.concern;
	const char *kage = chk_child_field(a, j, "age");
	const char *kla = chk_child_field(a, j, "la");
	const char *kedu = chk_child_field(a, j, "edu");
	struct chk_child ch = {-1, YN_UNSET, YN_UNSET};
	const char *age = form_value(c, kage);
	if (age != NULL && age[0] != '\0') {
		char *end;
		long v = strtol(age, &end, 10);
		if (*end != '\0' || v < 0 || v > 30 || !(age[0] >= '0' && age[0] <= '9'))
			add_error(c, kage, c->s.young
			          ? N_("Enter your age as a number, like 14")
			          : N_("Enter the child's age as a number from 0 to 30, like 12"));
		else
			ch.age = (int)v;
	}
	const char *la = form_value(c, kla), *edu = form_value(c, kedu);
	ch.looked_after = la ? chk_yn_from(la) : YN_UNSET;
	ch.education = edu ? chk_yn_from(edu) : YN_UNSET;
	if (ch.looked_after == YN_UNSET)
		add_error(c, kla, c->s.young ? N_("Select whether you have been in care")
		                             : N_("Select whether the child has been in care"));
	if (ch.education == YN_UNSET)
		add_error(c, kedu, c->s.young ? N_("Select whether you are in education")
		                              : N_("Select whether the child is in education"));
	if (c->nerrors == 0)
		chk_child_set(&c->s, j, ch);
}

/*
 * The child page's "Add another child" and "Remove child N" buttons.
 * True when the post has been answered (a redirect); false to carry on
 * (Continue, or an error to show).
 */
static bool child_action(struct step_ctx *c)
{
	struct web_request *req = c->req;
	size_t j = c->pos.concern;
	bool add = form_value(c, "add-child") != NULL;
	bool remove = form_value(c, "remove-child") != NULL;
	if (!add && !remove)
		return false;
	if (c->s.young || (add && remove) || (remove && c->s.nk <= 1)) {
		add_error(c, chk_child_field(req->arena, j, "age"), chk_msg_bad_action);
		return false;
	}
	if (remove) {
		chk_child_remove(&c->s, j);
		c->s.cur = 0;
		c->s.cur_child = j > 0 ? j - 1 : 0;
	} else {
		check_child(c);
		if (c->nerrors > 0)
			return false;
		if (c->s.nk >= CHK_MAX_CHILDREN) {
			add_error(c, "add-child", chk_msg_too_many_children);
			return false;
		}
		c->s.cur = 0;
		c->s.cur_child = c->s.nk++;
	}
	char *url = chk_url(&c->s, req->arena, "child");
	page_redirect(req, url ? url : "/check");
	return true;
}

void handle_check_step_post(struct web_request *req)
{
	struct web_pair *pairs;
	size_t n;
	if (web_request_form(req, &pairs, &n) != CWYN_OK)
		return;
	struct step_ctx c;
	if (!load_ctx(&c, req, pairs, n)) {
		respond_error_page(req, 404, N_("there is nothing at this address"));
		return;
	}
	c.form = pairs;
	c.nform = n;
	struct chk_pos next;
	switch (c.pos.step) {
	case STEP_HELP_NOW:
		break;
	case STEP_CHILD:
		if (child_action(&c))
			return;
		if (c.nerrors == 0)
			check_child(&c);
		break;
	case STEP_DATES:
		check_dates(&c);
		break;
	case STEP_ANOTHER: {
		const char *v = form_value(&c, "more");
		int yn = v ? chk_yn_from(v) : YN_UNSET;
		if (yn != YN_YES && yn != YN_NO) {
			const struct radio_q *q = &q_another;
			add_error(&c, "more", pickw(&c, q->err_adult, q->err_young));
			break;
		}
		/* Concerns after this one are dropped when the answer is no. */
		c.s.n = c.pos.concern + 1;
		if (yn == YN_YES && c.s.n < CHK_MAX_CONCERNS) {
			c.s.cur = c.s.n;
			c.s.n++;
			char *url = chk_url(&c.s, req->arena, "concern");
			page_redirect(req, url ? url : "/check");
			return;
		}
		break;
	}
	default: {
		char buf[8];
		const char *key = radio_key(&c, buf, sizeof buf);
		if (radio_current(&c) == NULL) {
			const struct radio_q *q = radio_question(c.pos.step);
			add_error(&c, key, pickw(&c, q->err_adult, q->err_young));
		}
		break;
	}
	}
	if (c.nerrors > 0) {
		render_step(&c, 400);
		return;
	}
	next = chk_next(&c.s, c.pos);
	place(&c.s, next);
	char *url = chk_url(&c.s, req->arena, chk_step_slug(next.step));
	page_redirect(req, url ? url : "/check");
}
