/*
 * complain.c — the public complaint form: start pages (adults, children
 * and young people), a new form, and one page per question. GET shows a
 * question, POST checks its answer, saves it to the draft and moves on
 * with a 303 (Post/Redirect/Get, so Back and Refresh behave), or shows the
 * page again with GOV.UK error messages and status 400.
 *
 * The questions the checker asks are asked here with the checker's own
 * words (the same msgids, so the same Welsh) and its state and page order
 * (checker_state.h, checker_flow.h); complain_state.h adds the rest. No
 * JavaScript anywhere: "Change" links, the back link and the form token all
 * work as plain links and posts.
 *
 * Every post must carry the form's token (form_token.h): signed by the
 * server, so it cannot be forged by another site, and time-limited. A post
 * whose Origin (or Sec-Fetch-Site) says it came from another site is
 * refused before the token is even looked at.
 */
#include "web/pages/complain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/public.h"
#include "i18n/i18n.h"
#include "web/pages/checker_flow.h"
#include "web/pages/complain_internal.h"
#include "web/pages/layout.h"
#include "web/pages/pages.h"
#include "web/pages/site.h"
#include "web/rate_limit.h"
#include "web/response.h"

/* New forms per address: enough for a family sharing a connection. */
static struct rate_limit new_forms = RATE_LIMIT_INIT(30, 600);

/* ---- Shared helpers ------------------------------------------------------ */

cwyn_day cf_today(const struct web_app *app)
{
	if (app != NULL && app->today != NULL)
		return web_app_today(app);
	return pages_today();
}

const struct policy *cf_policy(const struct web_app *app)
{
	if (app != NULL && app->policy != NULL)
		return app->policy;
	return site_get()->policy;
}

const struct calendar *cf_calendar(const struct web_app *app)
{
	if (app != NULL && app->cal != NULL)
		return app->cal;
	return site_get()->cal;
}

static void unavailable(struct web_request *req)
{
	respond_error_page(req, 503, N_("the complaint form is not available "
	                                "at the moment; please try again later "
	                                "or contact the council"));
}

bool cf_db(struct cf_ctx *c)
{
	struct cwyn_error err = {0};
	if (c->app == NULL || c->app->pool == NULL ||
	    db_pool_acquire(c->app->pool, &c->db, &err) != CWYN_OK) {
		c->db = NULL;
		unavailable(c->req);
		return false;
	}
	return true;
}

void cf_done(struct cf_ctx *c)
{
	if (c->db != NULL)
		db_pool_release(c->app->pool, c->db, c->db_broken);
	c->db = NULL;
}

static void fail(struct cf_ctx *c, const struct cwyn_error *err)
{
	if (err->code == CWYN_EDB || err->code == CWYN_EIO)
		c->db_broken = true;
	fprintf(stderr, "cwyn: complaint form: %s: %s\n", err->field,
	        err->message);
	respond_error_page(c->req, 500, N_("the server could not complete the "
	                                   "request; nothing was changed"));
}

char *cf_url(struct cf_ctx *c, struct cf_pos p, bool ret_check)
{
	const char *slug = cf_step_slug(p.step);
	if (slug == NULL)
		return NULL;
	return arena_printf(c->req->arena, "/complain/%s?t=%s%s%s", slug,
	                    c->token,
	                    p.concern > 0 ? arena_printf(c->req->arena, "&i=%zu",
	                                                 p.concern) : "",
	                    ret_check ? "&ret=check" : "");
}

void cf_error(struct cf_ctx *c, const char *field, const char *msgid)
{
	if (c->nerrors < CF_MAX_ERRORS)
		c->errors[c->nerrors++] = (struct gv_error){field, msgid};
}

const char *cf_error_for(const struct cf_ctx *c, const char *field)
{
	for (size_t i = 0; i < c->nerrors; i++)
		if (strcmp(c->errors[i].field_id, field) == 0)
			return c->errors[i].msgid;
	return NULL;
}

const char *cf_posted(const struct cf_ctx *c, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < c->nform; i++)
		if (strcmp(c->form[i].name, name) == 0)
			v = c->form[i].value;
	return v;
}

bool cf_save(struct cf_ctx *c)
{
	struct cwyn_error err = {0};
	c->draft.data = cf_state_encode(&c->s, c->req->arena);
	c->draft.updated_at = web_app_now(c->app);
	if (c->draft.data == NULL) {
		cwyn_fail(&err, CWYN_ENOMEM, "draft", "out of memory");
		fail(c, &err);
		return false;
	}
	enum cwyn_code rc = store_draft_save(c->db, &c->draft, &err);
	if (rc == CWYN_ESTATE) {
		cf_already_sent(c);
		return false;
	}
	if (rc != CWYN_OK) {
		fail(c, &err);
		return false;
	}
	return true;
}

void cf_textarea(struct html *h, const char *name, const char *label,
                 const char *hint, const char *value, const char *error,
                 bool label_is_heading)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">",
	         error ? " govuk-form-group--error" : "");
	if (label_is_heading)
		html_fmt(h, "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label "
		         "govuk-label--l\" for=\"%a\">%T</label></h1>", name, label);
	else
		html_fmt(h, "<label class=\"govuk-label govuk-label--m\" for=\"%a\">%T</label>",
		         name, label);
	if (hint)
		html_fmt(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%T</div>", name, hint);
	if (error)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         name, N_("Error:"), error);
	char *d = arena_printf(h->arena, "%s%s%s%s%s", hint ? name : "",
	                       hint ? "-hint" : "", hint && error ? " " : "",
	                       error ? name : "", error ? "-error" : "");
	html_fmt(h, "<textarea class=\"govuk-textarea%a\" id=\"%a\" name=\"%a\" rows=\"5\"",
	         error ? " govuk-textarea--error" : "", name, name);
	if (d != NULL && d[0] != '\0')
		html_fmt(h, " aria-describedby=\"%a\"", d);
	html_fmt(h, ">%t</textarea></div>", value ? value : "");
}

/* ---- Questions (the checker's words) ---------------------------------------- */

struct cf_opt {
	const char *value;
	const char *adult, *young; /* msgids */
};

static const struct cf_opt yes_no[] = {
	{"yes", N_("Yes"), N_("Yes")},
	{"no", N_("No"), N_("No")},
};

static const struct cf_opt yes_no_unsure[] = {
	{"yes", N_("Yes"), N_("Yes")},
	{"no", N_("No"), N_("No")},
	{"not_sure", N_("I'm not sure"), N_("I'm not sure")},
};

static const struct cf_opt who_opts[] = {
	{"parent", N_("A parent of the child"), NULL},
	{"carer", N_("A carer, such as a foster carer"), NULL},
	{"kinship_carer", N_("A family member or friend who looks after the child"), NULL},
	{"relative", N_("Another family member, such as a grandparent"), NULL},
	{"child", N_("I am the child or young person"), NULL},
	{"parental_responsibility", N_("Someone else with parental responsibility"), NULL},
	{"advocate", N_("An advocate or representative for the child"), NULL},
	{"other", N_("Someone else"), NULL},
};

static const struct cf_opt agency_opts[] = {
	{"council", N_("The council's social services"), N_("Social services or a social worker")},
	{"police", N_("The police"), N_("The police")},
	{"health", N_("A health service, such as a GP, hospital or health visitor"), N_("A doctor, nurse or hospital")},
	{"education", N_("A school, college or education service"), N_("A school or college")},
	{"other_council", N_("Another council"), N_("Another council")},
	{"probation", N_("The probation service"), N_("The probation service")},
	{"other", N_("Another organisation"), N_("Someone else")},
};

static const struct cf_opt court_opts[] = {
	{"none", N_("No, there are no court proceedings"), N_("No")},
	{"ongoing", N_("Yes, court proceedings are going on now"), N_("Yes, it is going on now")},
	{"concluded", N_("Yes, but the court proceedings have finished"), N_("Yes, but it has finished")},
};

static const struct cf_opt progress_opts[] = {
	{"none", N_("I have not complained to the council yet"), N_("I have not complained yet")},
	{"stage1_open", N_("I have complained and I am waiting for an answer"), N_("I have complained and I am waiting")},
	{"stage1_answered", N_("I have had an answer and I am still unhappy"), N_("I got an answer and I am still unhappy")},
	{"stage2_open", N_("A formal investigation (Stage 2) is going on"), N_("They are looking into it properly now (Stage 2)")},
	{"stage2_answered", N_("I have had the council's final answer after a formal investigation"), N_("I got their final answer")},
};

static const struct cf_opt conf_opts[] = {
	{"none", N_("No, not yet"), N_("No, not yet")},
	{"with_chair", N_("Yes, and I am waiting for the chair to answer"), N_("Yes, and I am waiting for an answer")},
	{"chair_unresolved", N_("Yes, and the chair could not sort it out"), N_("Yes, and it was not sorted out")},
};

static const struct cf_opt pref_opts[] = {
	{"email", N_("Email"), N_("Email")},
	{"phone", N_("Phone"), N_("Phone")},
	{"post", N_("Post"), N_("Post")},
};

static const struct cf_opt corr_opts[] = {
	{"en", N_("English"), N_("English")},
	{"cy", N_("Welsh (Cymraeg)"), N_("Welsh (Cymraeg)")},
};

struct cf_q {
	const char *key;               /* the field it writes */
	const char *adult, *young;     /* the question (page heading) */
	const char *hint_adult, *hint_young;
	const char *err_adult, *err_young;
	const struct cf_opt *opts;
	size_t n;
};

#define Q(k, a, y, ha, hy, ea, ey, o) {k, a, y, ha, hy, ea, ey, o, sizeof o / sizeof o[0]}

static const struct cf_q q_risk = Q("risk",
    N_("Is a child at risk of harm right now?"),
    N_("Are you or another child in danger right now?"),
    N_("For example, being hurt, threatened or left without care today."),
    N_("For example, someone is hurting you or you do not feel safe today."),
    N_("Select yes if a child is at risk of harm right now"),
    N_("Select yes if you or another child are in danger right now"), yes_no);
static const struct cf_q q_who = Q("rel",
    N_("Who are you?"), N_("Who are you?"),
    N_("Choose the one that fits best."), N_("Choose the one that fits best."),
    N_("Select who you are"), N_("Select who you are"), who_opts);
static const struct cf_q q_agency = Q("a",
    N_("Which organisation's worker or service is this about?"),
    N_("Who is it about?"), NULL, NULL,
    N_("Select which organisation it is about"),
    N_("Select who it is about"), agency_opts);
static const struct cf_q q_another = Q("more",
    N_("Do you want to add another concern?"),
    N_("Is there something else you are unhappy about?"),
    N_("Each concern may go to a different place."),
    N_("You can tell us up to 5 things."),
    N_("Select yes if you want to add another concern"),
    N_("Select yes if there is something else"), yes_no);
static const struct cf_q q_court = Q("court",
    N_("Are there court proceedings about the child?"),
    N_("Is there a court case about you?"),
    N_("For example, care proceedings in the family court."),
    N_("For example, a judge deciding where you live."),
    N_("Select whether there are court proceedings"),
    N_("Select whether there is a court case"), court_opts);
static const struct cf_q q_court_agreed = Q("cagree",
    N_("Has the court said the complaint can be looked at while the proceedings go on?"),
    N_("Has the judge said your complaint can be looked at now?"),
    N_("If you do not know, choose no."), N_("If you do not know, choose no."),
    N_("Select yes if the court has agreed"),
    N_("Select yes if the judge has agreed"), yes_no);
static const struct cf_q q_progress = Q("cst",
    N_("How far has your complaint to the council got?"),
    N_("Have you already complained to the council?"), NULL, NULL,
    N_("Select how far your complaint has got"),
    N_("Select whether you have complained"), progress_opts);
static const struct cf_q q_delay = Q("delay",
    N_("Has the council missed a deadline to answer you?"),
    N_("Is the council taking too long to answer you?"),
    N_("For example, no answer within the time it told you."),
    N_("For example, they said they would answer and they have not."),
    N_("Select yes if the council has missed a deadline"),
    N_("Select yes if the council is taking too long"), yes_no);
static const struct cf_q q_conf = Q("conf",
    N_("Have you already complained to the chair of the child protection conference?"),
    N_("Have you already complained to the person in charge of the conference?"),
    NULL, NULL,
    N_("Select whether you have complained to the conference chair"),
    N_("Select whether you have complained"), conf_opts);
static const struct cf_q q_concern = {"k",
    N_("What is your concern about?"),
    N_("What are you unhappy about?"),
    N_("Choose the one that fits best. You can add more concerns later."),
    N_("Choose one. You can tell us about more things later."),
    N_("Select what your concern is about"),
    N_("Select what you are unhappy about"), NULL, KIND__MAX};
static const struct cf_q q_language = Q("corr",
    N_("Which language should we write to you in?"),
    N_("Which language should we write to you in?"),
    N_("We will send your letters and show the page that follows your "
       "complaint in this language. Writing in Welsh will not lead to a delay."),
    N_("We will send your letters and show the page that follows your "
       "complaint in this language. Writing in Welsh will not lead to a delay."),
    N_("Select which language we should write to you in"),
    N_("Select which language we should write to you in"), corr_opts);

static const struct cf_q *radio_question(int step)
{
	switch (step) {
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
	case CF_LANGUAGE: return &q_language;
	default: return NULL;
	}
}

/* The form field of a radio question ("c2k" for concern 2's kind). */
static const char *radio_field(struct cf_ctx *c, const struct cf_q *q)
{
	if (c->pos.step == STEP_CONCERN || c->pos.step == STEP_AGENCY)
		return arena_printf(c->req->arena, "c%zu%s", c->pos.concern + 1,
		                    q->key);
	return q->key;
}

/* The answer already given, as its value name. */
static const char *radio_current(const struct cf_ctx *c)
{
	const struct chk_state *s = &c->s.chk;
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
	case CF_LANGUAGE: return c->s.corr == LANG_CY ? "cy" : c->s.corr == LANG_EN ? "en" : NULL;
	default: return NULL;
	}
}

static void concern_caption(struct cf_ctx *c, struct html *h)
{
	if (c->pos.step != STEP_CONCERN && c->pos.step != STEP_AGENCY &&
	    c->pos.step != STEP_DATES)
		return;
	html_raw(h, "<span class=\"govuk-caption-l\">");
	html_trf(h, N_("Concern %zu"), c->pos.concern + 1);
	html_raw(h, "</span>");
}

static void radio_body(struct cf_ctx *c, struct html *h)
{
	const struct cf_q *q = radio_question(c->pos.step);
	struct gv_option *opts = arena_calloc(c->req->arena, q->n, sizeof *opts);
	if (opts == NULL) {
		h->failed = true;
		return;
	}
	for (size_t i = 0; i < q->n; i++) {
		if (c->pos.step == STEP_CONCERN) {
			opts[i].value = chk_kinds[i].name;
			opts[i].label = cf_w(c, chk_kinds[i].label, chk_kinds[i].label_young);
		} else {
			opts[i].value = q->opts[i].value;
			opts[i].label = cf_w(c, q->opts[i].adult, q->opts[i].young);
		}
	}
	concern_caption(c, h);
	const char *field = radio_field(c, q);
	const char *err = cf_error_for(c, field);
	gv_radios(h, field, cf_w(c, q->adult, q->young), true,
	          cf_w(c, q->hint_adult, q->hint_young), opts, q->n,
	          err ? NULL : radio_current(c), err);
}

/* ---- Pages of their own -------------------------------------------------- */

static void help_now_body(struct cf_ctx *c, struct html *h)
{
	const struct policy *p = cf_policy(c->app);
	bool y = c->s.chk.young;
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
	if (p != NULL) {
		gv_contact(h, &p->contacts[CONTACT_EMERGENCY]);
		gv_contact(h, &p->contacts[CONTACT_DUTY_TEAM]);
		if (y)
			gv_contact(h, &p->contacts[CONTACT_CCFW]);
	}
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("Your complaint will be marked so that staff see at once that "
	            "a child may be at risk. You can carry on and send it."));
}

static void child_body(struct cf_ctx *c, struct html *h)
{
	bool y = c->s.chk.young;
	struct arena *a = c->req->arena;
	size_t j = c->pos.concern;
	struct chk_child ch = chk_child_get(&c->s.chk, j);
	const char *kcn = chk_child_field(a, j, "cn");
	const char *kage = chk_child_field(a, j, "age");
	const char *kla = chk_child_field(a, j, "la");
	const char *kedu = chk_child_field(a, j, "edu");
	chk_child_caption(h, &c->s.chk, j);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>",
	         y ? N_("About you") : N_("About the child"));
	if (!y) {
		const char *cn = c->nform ? cf_posted(c, kcn) : c->s.child_names[j];
		gv_text_input(h, kcn, N_("The child's first name (optional)"),
		              N_("We use it only so that staff know which child you mean."),
		              cn, cf_error_for(c, kcn), "govuk-!-width-one-half", false);
	}
	char agebuf[16] = "";
	const char *age = c->nform ? cf_posted(c, kage) : NULL;
	if (c->nform == 0 && ch.age >= 0) {
		snprintf(agebuf, sizeof agebuf, "%d", ch.age);
		age = agebuf;
	}
	gv_text_input(h, kage, y ? N_("How old are you?") : N_("How old is the child?"),
	              y ? N_("Leave this empty if you would rather not say.")
	                : N_("Leave this empty if you do not know."),
	              age, cf_error_for(c, kage), "govuk-input--width-3", true);
	struct gv_option o3[3];
	for (size_t i = 0; i < 3; i++)
		o3[i] = (struct gv_option){yes_no_unsure[i].value, yes_no_unsure[i].adult, NULL};
	const char *la_err = cf_error_for(c, kla), *edu_err = cf_error_for(c, kedu);
	/* After an error the page shows what was posted, not the draft. */
	const char *la = c->nform ? cf_posted(c, kla) : chk_yn_name(ch.looked_after);
	const char *edu = c->nform ? cf_posted(c, kedu) : chk_yn_name(ch.education);
	gv_radios(h, kla, y ? N_("Are you in care, or have you ever been in care?")
	                    : N_("Is the child in care, or have they ever been in care?"),
	          false, N_("This is sometimes called being looked after."), o3, 3,
	          la_err ? NULL : la, la_err);
	gv_radios(h, kedu, y ? N_("Are you at school, college or university?")
	                     : N_("Is the child or young person in education?"),
	          false, NULL, o3, 3,
	          edu_err ? NULL : edu, edu_err);
}

static struct gv_date_value date_value(struct cf_ctx *c, const char *key,
                                       cwyn_day stored)
{
	struct gv_date_value v = {0};
	struct arena *a = c->req->arena;
	if (c->nform > 0) {
		v.day = cf_posted(c, arena_printf(a, "%s-day", key));
		v.month = cf_posted(c, arena_printf(a, "%s-month", key));
		v.year = cf_posted(c, arena_printf(a, "%s-year", key));
	} else if (stored != CWYN_DAY_NONE) {
		int y, m, d;
		date_to_ymd(stored, &y, &m, &d);
		v.day = arena_printf(a, "%d", d);
		v.month = arena_printf(a, "%d", m);
		v.year = arena_printf(a, "%d", y);
	}
	if (cf_error_for(c, key) != NULL)
		v.bad_day = v.bad_month = v.bad_year = true;
	return v;
}

static bool is_conference(const struct cf_ctx *c)
{
	int k = c->s.chk.c[c->pos.concern].kind;
	return k >= 0 && chk_kinds[k].conference;
}

static void dates_body(struct cf_ctx *c, struct html *h)
{
	size_t i = c->pos.concern;
	const struct chk_concern *cc = &c->s.chk.c[i];
	bool conf = is_conference(c), y = c->s.chk.young;
	struct arena *a = c->req->arena;
	const char *k1 = chk_field(a, i, conf ? 'h' : 'e');
	const char *k2 = chk_field(a, i, conf ? 'm' : 'w');
	const char *kd = chk_field(a, i, 'd');
	concern_caption(c, h);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>",
	         N_("Tell us what happened"));
	cf_textarea(h, kd, y ? N_("What happened? Use your own words.")
	                     : N_("What happened, and what would put it right?"),
	            N_("Say what was done or not done, by whom, and how it "
	               "affected the child and your family. You can write up to "
	               "5,000 characters."),
	            c->nform ? cf_posted(c, kd) : c->s.desc[i],
	            cf_error_for(c, kd), false);
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("The dates tell us by when you need to complain. If you do "
	         "not know a date, leave it empty."));
	struct gv_date_value v1 = date_value(c, k1, conf ? cc->conf_held : cc->event);
	struct gv_date_value v2 = date_value(c, k2, conf ? cc->minutes : cc->aware);
	if (conf) {
		gv_date_input(h, k1, N_("Date of the child protection conference"),
		              N_("For example, 11 12 2026"), &v1, cf_error_for(c, k1));
		gv_date_input(h, k2, N_("Date the minutes of the conference were sent"),
		              N_("This is on the letter or email that came with the "
		              "minutes. For example, 18 12 2026"), &v2, cf_error_for(c, k2));
	} else {
		gv_date_input(h, k1, y ? N_("When did it happen?") : N_("Date it happened"),
		              N_("If it went on for a while, give the last date. For "
		              "example, 27 3 2026"), &v1, cf_error_for(c, k1));
		gv_date_input(h, k2, y ? N_("When did you find out about it?")
		                       : N_("Date you found out about it"),
		              N_("Leave empty if it is the same date. For example, 3 4 2026"),
		              &v2, cf_error_for(c, k2));
	}
}

static const char *shown(struct cf_ctx *c, const char *name, const char *stored)
{
	return c->nform ? cf_posted(c, name) : stored;
}

static void rep_body(struct cf_ctx *c, struct html *h)
{
	bool y = c->s.chk.young;
	struct gv_option o[2] = {{"yes", N_("Yes"), NULL}, {"no", N_("No"), NULL}};
	const char *err = cf_error_for(c, "rep");
	gv_radios(h, "rep", y ? N_("Are you complaining for someone else, like a friend?")
	                      : N_("Are you complaining for someone else?"),
	          true, y ? N_("Choose no if the complaint is about you.")
	                  : N_("For example, for a parent who has asked you to help, "
	                       "or as an advocate. Choose no if it is your own complaint."),
	          o, 2, err ? NULL : chk_yn_name(c->s.rep), err);
	gv_text_input(h, "repfor", N_("If yes, who are you complaining for?"),
	              N_("Their name, and how you know them."),
	              shown(c, "repfor", c->s.rep_for), cf_error_for(c, "repfor"),
	              NULL, false);
}

static void name_body(struct cf_ctx *c, struct html *h)
{
	bool y = c->s.chk.young;
	html_fmt(h, "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label "
	         "govuk-label--l\" for=\"name\">%T</label></h1>",
	         y ? N_("What is your name?") : N_("What is your full name?"));
	const char *err = cf_error_for(c, "name");
	html_fmt(h, "<div class=\"govuk-form-group%a\">",
	         err ? " govuk-form-group--error" : "");
	html_fmt(h, "<div id=\"name-hint\" class=\"govuk-hint\">%T</div>",
	         N_("The name we should use when we write to you."));
	if (err)
		html_fmt(h, "<p id=\"name-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), err);
	html_fmt(h, "<input class=\"govuk-input%a\" id=\"name\" name=\"name\" type=\"text\" "
	         "autocomplete=\"name\" spellcheck=\"false\" value=\"%a\" "
	         "aria-describedby=\"%a\"></div>",
	         err ? " govuk-input--error" : "", shown(c, "name", c->s.name),
	         err ? "name-hint name-error" : "name-hint");
}

static void contact_body(struct cf_ctx *c, struct html *h)
{
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1>", N_("How can we contact you?"));
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("Give at least one way to contact you. We will only use it "
	            "about your complaint."));
	gv_text_input(h, "email", N_("Email address"), NULL,
	              shown(c, "email", c->s.email), cf_error_for(c, "email"), NULL, false);
	gv_text_input(h, "phone", N_("Phone number"), NULL,
	              shown(c, "phone", c->s.phone), cf_error_for(c, "phone"),
	              "govuk-input--width-20", false);
	cf_textarea(h, "addr", N_("Postal address"), NULL,
	            shown(c, "addr", c->s.address), cf_error_for(c, "addr"), false);
	struct gv_option o[PREF__MAX];
	for (size_t i = 0; i < PREF__MAX; i++)
		o[i] = (struct gv_option){pref_opts[i].value, pref_opts[i].adult, NULL};
	const char *err = cf_error_for(c, "pref");
	gv_radios(h, "pref", N_("How would you like us to contact you?"), false,
	          NULL, o, PREF__MAX, err ? NULL : cf_pref_name(c->s.pref), err);
	gv_text_input(h, "avoid", N_("Are there times we should not contact you? (optional)"),
	              N_("For example, not before 10am, or not on Wednesdays."),
	              shown(c, "avoid", c->s.avoid), cf_error_for(c, "avoid"), NULL, false);
}

static void access_body(struct cf_ctx *c, struct html *h)
{
	bool y = c->s.chk.young;
	html_fmt(h, "<div class=\"govuk-form-group\"><fieldset class=\"govuk-fieldset\" "
	         "aria-describedby=\"need-hint\"><legend class=\"govuk-fieldset__legend "
	         "govuk-fieldset__legend--l\"><h1 class=\"govuk-fieldset__heading\">%T</h1>"
	         "</legend><div id=\"need-hint\" class=\"govuk-hint\">%T</div>"
	         "<div class=\"govuk-checkboxes\" data-module=\"govuk-checkboxes\">",
	         y ? N_("Do you need any help to take part?")
	           : N_("Do you need anything to help you take part?"),
	         N_("Select all that apply, or none."));
	unsigned needs = c->s.needs;
	for (int j = 0; j < NEED__MAX; j++) {
		char *id = j == 0 ? arena_strdup(c->req->arena, "need")
		                  : arena_printf(c->req->arena, "need-%d", j + 1);
		html_fmt(h, "<div class=\"govuk-checkboxes__item\"><input "
		         "class=\"govuk-checkboxes__input\" id=\"%a\" name=\"need\" "
		         "type=\"checkbox\" value=\"%a\"", id, cf_needs[j].value);
		if (needs & (1u << j))
			html_raw(h, " checked");
		html_fmt(h, "><label class=\"govuk-label govuk-checkboxes__label\" "
		         "for=\"%a\">%T</label></div>", id, cf_needs[j].label);
	}
	html_raw(h, "</div></fieldset></div>");
	cf_textarea(h, "acc", N_("Anything else we should know (optional)"),
	            N_("For example, the language you need an interpreter for, or "
	               "help you need to come to a meeting."),
	            shown(c, "acc", c->s.access), cf_error_for(c, "acc"), false);
	if (y) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("An advocate can help you say what you want to say. "
		            "Asking for one is free."));
	}
}

static const char *step_title(struct cf_ctx *c)
{
	bool y = c->s.chk.young;
	switch (c->pos.step) {
	case STEP_HELP_NOW: return y ? N_("Get help now") : N_("Get help for the child now");
	case STEP_CHILD: return y ? N_("About you") : N_("About the child");
	case STEP_DATES: return N_("Tell us what happened");
	case CF_REP: return y ? N_("Are you complaining for someone else, like a friend?")
	                      : N_("Are you complaining for someone else?");
	case CF_NAME: return y ? N_("What is your name?") : N_("What is your full name?");
	case CF_CONTACT: return N_("How can we contact you?");
	case CF_ACCESS: return y ? N_("Do you need any help to take part?")
	                         : N_("Do you need anything to help you take part?");
	default: {
		const struct cf_q *q = radio_question(c->pos.step);
		return q ? cf_w(c, q->adult, q->young) : SERVICE_NAME_MSGID;
	}
	}
}

static void render_step(struct cf_ctx *c, int status)
{
	struct arena *a = c->req->arena;
	char *self = cf_url(c, c->pos, c->ret_check);
	struct cf_pos prev;
	char *back;
	if (c->ret_check)
		back = cf_url(c, (struct cf_pos){CF_CHECK, 0}, false);
	else if (cf_prev(&c->s, c->pos, &prev))
		back = cf_url(c, prev, false);
	else
		back = arena_strdup(a, c->s.chk.young ? "/young-people/complain"
		                                       : "/complain");
	struct page pg;
	page_begin_flags(&pg, c->req, step_title(c), c->nerrors > 0,
	           self ? self : "/complain", back, PAGE_SENDS);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	gv_error_summary(h, c->errors, c->nerrors);
	char *action = arena_printf(a, "/complain/%s", cf_step_slug(c->pos.step));
	html_fmt(h, "<form method=\"post\" action=\"%u\" novalidate>", action ? action : "#");
	gv_hidden(h, "t", c->token);
	if (c->pos.concern > 0)
		gv_hidden(h, "i", arena_printf(a, "%zu", c->pos.concern));
	if (c->ret_check)
		gv_hidden(h, "ret", "check");
	switch (c->pos.step) {
	case STEP_HELP_NOW: help_now_body(c, h); break;
	case STEP_CHILD: child_body(c, h); break;
	case STEP_DATES: dates_body(c, h); break;
	case CF_REP: rep_body(c, h); break;
	case CF_NAME: name_body(c, h); break;
	case CF_CONTACT: contact_body(c, h); break;
	case CF_ACCESS: access_body(c, h); break;
	default: radio_body(c, h); break;
	}
	if (c->pos.step == STEP_CHILD)
		chk_child_buttons(h, &c->s.chk, c->pos.concern,
		                  cf_error_for(c, "add-child"));
	else
		gv_button(h, N_("Continue"));
	html_raw(h, "</form></div></div>");
	page_end(&pg, status);
}

/* ---- Start pages and a new form -------------------------------------------- */

static void start_page(struct web_request *req, bool young)
{
	struct page pg;
	const char *title = young ? N_("Make a complaint about how people kept you safe")
	                          : N_("Make a complaint about child protection");
	page_begin_flags(&pg, req, title, false,
	           young ? "/young-people/complain" : "/complain", NULL, PAGE_SENDS);
	struct html *h = &pg.h;
	const struct policy *p = cf_policy(req->app);
	html_fmt(h, "<h1 class=\"govuk-heading-xl\">%T</h1>", title);
	if (young) {
		html_fmt(h, "<p class=\"govuk-body-l\">%T</p>",
		         N_("You can complain if you are unhappy about what social "
		            "services or other people did to keep you safe."));
		html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
		         N_("If you are in danger now, call 999."));
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
		         N_("You do not have to do this on your own"),
		         N_("An advocate or the Children's Rights Officer can help "
		            "you make your complaint, or make it with you. It is free "
		            "and you will not get into trouble."));
		if (p != NULL) {
			gv_contact(h, &p->contacts[CONTACT_ADVOCACY]);
			gv_contact(h, &p->contacts[CONTACT_CRO]);
		}
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
		         N_("What happens"),
		         N_("We will ask you some questions. Before you send your "
		            "complaint you can check it and change anything. You will "
		            "get a link to see what is happening with it."));
	} else {
		html_fmt(h, "<p class=\"govuk-body\">%T</p><ul class=\"govuk-list govuk-list--bullet\">"
		         "<li>%T</li><li>%T</li><li>%T</li></ul>",
		         N_("Use this form to complain to the council about child "
		            "protection. You will need:"),
		         N_("what happened, and the dates if you know them"),
		         N_("the dates of any child protection conference and its minutes"),
		         N_("a way for us to contact you"));
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("Before you send it, you will see your complaint as we will "
		            "record it, and you will be asked to agree it and sign it "
		            "by typing your name. You will then get a reference number "
		            "and a private link to follow your complaint."));
		html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
		         N_("If a child is in danger now, call 999."));
	}
	html_raw(h, "<form method=\"post\" action=\"/complain/start\" novalidate>");
	if (young)
		gv_hidden(h, "yp", "1");
	html_fmt(h, "<button type=\"submit\" class=\"govuk-button govuk-button--start\" "
	         "data-module=\"govuk-button\">%T<svg class=\"govuk-button__start-icon\" "
	         "xmlns=\"http://www.w3.org/2000/svg\" width=\"17.5\" height=\"19\" "
	         "viewBox=\"0 0 33 40\" aria-hidden=\"true\" focusable=\"false\">"
	         "<path fill=\"currentColor\" d=\"M0 0h13l20 20-20 20H0l20-20z\"/>"
	         "</svg></button></form>", N_("Start now"));
	page_end(&pg, 200);
}

void handle_complain_start(struct web_request *req)
{
	start_page(req, false);
}

void handle_complain_start_young(struct web_request *req)
{
	start_page(req, true);
}

/*
 * Did this post come from our own pages? Browsers say where a post came
 * from (Sec-Fetch-Site, Origin); another site's is refused. Clients that
 * say nothing still need a valid token.
 */
static bool same_origin(struct web_request *req)
{
	const char *site = web_request_header(req, "Sec-Fetch-Site");
	if (site != NULL && strcmp(site, "same-origin") != 0 &&
	    strcmp(site, "none") != 0)
		return false;
	const char *origin = web_request_header(req, "Origin");
	const char *host = web_request_header(req, "Host");
	/* Our pages say Referrer-Policy: no-referrer, so browsers send
	 * "Origin: null" with their own posts; Sec-Fetch-Site (above)
	 * then tells same-site from cross-site. */
	if (origin == NULL || strcmp(origin, "null") == 0)
		return true;
	if (host == NULL)
		return false;
	const char *p = strstr(origin, "://");
	return p != NULL && strcmp(p + 3, host) == 0;
}

static void refused(struct web_request *req)
{
	respond_error_page(req, 403, N_("this form could not be checked; go "
	                                "back to the start of the complaint form "
	                                "and try again"));
}

static void timed_out(struct cf_ctx *c)
{
	struct page pg;
	page_begin_flags(&pg, c->req, N_("Your form has timed out"), false, "/complain",
	           NULL, PAGE_SENDS);
	html_fmt(&pg.h, "<h1 class=\"govuk-heading-l\">%T</h1><p class=\"govuk-body\">%T</p>"
	         "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/complain\">%T</a></p>",
	         N_("Your form has timed out"),
	         N_("To keep your answers safe, a complaint form can only be used "
	            "for 6 hours and only once. Your answers have not been sent."),
	         N_("Start a new complaint"));
	page_end(&pg, 400);
}

void cf_already_sent(struct cf_ctx *c)
{
	struct page pg;
	page_begin_flags(&pg, c->req, N_("This complaint has already been sent"), false,
	           "/complain", NULL, PAGE_SENDS);
	html_fmt(&pg.h, "<h1 class=\"govuk-heading-l\">%T</h1>",
	         N_("This complaint has already been sent"));
	if (c->draft.reference[0] != '\0') {
		html_raw(&pg.h, "<p class=\"govuk-body\">");
		html_trf(&pg.h, N_("Its reference is %s. Nothing new was sent."),
		         c->draft.reference);
		html_raw(&pg.h, "</p>");
	}
	html_fmt(&pg.h, "<p class=\"govuk-body\">%T</p>",
	         N_("Use the link on the page you saw when you sent it to follow "
	            "your complaint."));
	page_end(&pg, 409);
}

void handle_complain_begin(struct web_request *req)
{
	struct web_pair *pairs;
	size_t n;
	if (web_request_form(req, &pairs, &n) != CWYN_OK)
		return;
	if (!same_origin(req)) {
		refused(req);
		return;
	}
	struct cf_ctx c = {.req = req, .app = req->app};
	int64_t now = web_app_now(c.app);
	if (!rate_limit_allow(&new_forms, req->remote_addr, now)) {
		respond_error_page(req, 429, N_("too many new forms from your "
		                                "connection; wait a few minutes "
		                                "and try again"));
		return;
	}
	if (!cf_db(&c))
		return;
	struct cwyn_error err = {0};
	struct app_actor actor;
	cf_state_init(&c.s);
	cf_state_read(&c.s, pairs, n);
	if (app_public_actor(c.db, c.app->default_authority, &actor, &err) != CWYN_OK) {
		if (err.code == CWYN_ENOTFOUND)
			unavailable(req);
		else
			fail(&c, &err);
		goto out;
	}
	if (form_token_key(c.db, c.key, &err) != CWYN_OK) {
		fail(&c, &err);
		goto out;
	}
	form_token_issue(c.key, now, c.token, c.id);
	/* Drafts nobody finished go when their token could no longer be
	 * used: the answers are not kept longer than they are useful. */
	if (store_draft_purge(c.db, now - FORM_TOKEN_TTL - FORM_TOKEN_SKEW,
	                      &err) != CWYN_OK) {
		fail(&c, &err);
		goto out;
	}
	snprintf(c.draft.id_hash, sizeof c.draft.id_hash, "%s", c.id);
	c.draft.authority_id = actor.authority_id;
	c.draft.created_at = now;
	if (!cf_save(&c))
		goto out;
	char *url = cf_url(&c, (struct cf_pos){STEP_RISK, 0}, false);
	page_redirect(req, url ? url : "/complain");
out:
	cf_done(&c);
}

/* ---- One question ----------------------------------------------------------- */

/*
 * The token (from the address or the form), its draft and the page asked
 * for. False after answering (timed out, refused, sent, not found).
 */
static bool load(struct cf_ctx *c, const char *token, const char *i_param,
                 const char *ret)
{
	const char *slug = web_request_param(c->req, "step");
	int step;
	if (slug == NULL || !cf_step_from_slug(slug, &step)) {
		respond_error_page(c->req, 404, N_("there is nothing at this address"));
		return false;
	}
	if (token == NULL || strlen(token) >= sizeof c->token) {
		page_redirect(c->req, "/complain");
		return false;
	}
	if (!cf_db(c))
		return false;
	struct cwyn_error err = {0};
	if (form_token_key(c->db, c->key, &err) != CWYN_OK) {
		fail(c, &err);
		return false;
	}
	switch (form_token_verify(c->key, token, web_app_now(c->app), c->id)) {
	case FORM_TOKEN_OK:
		break;
	case FORM_TOKEN_EXPIRED:
		timed_out(c);
		return false;
	default:
		refused(c->req);
		return false;
	}
	snprintf(c->token, sizeof c->token, "%s", token);
	enum cwyn_code rc = store_draft_get(c->db, c->id, c->req->arena,
	                                    &c->draft, &err);
	if (rc == CWYN_ENOTFOUND) {
		timed_out(c);
		return false;
	}
	if (rc != CWYN_OK) {
		fail(c, &err);
		return false;
	}
	if (c->draft.claimed) {
		cf_already_sent(c);
		return false;
	}
	if (cf_state_decode(&c->s, c->req->arena, c->draft.data) != CWYN_OK) {
		cwyn_fail(&err, CWYN_EINTERNAL, "draft", "unreadable draft");
		fail(c, &err);
		return false;
	}
	c->pos.step = step;
	c->pos.concern = 0;
	/* "i": the concern, or on a child's page the child; 0-based, in
	 * decimal without a leading zero. Anything else is the first. */
	if (i_param != NULL && i_param[0] >= '0' && i_param[0] <= '9' &&
	    strlen(i_param) <= 2 && (i_param[0] != '0' || i_param[1] == '\0') &&
	    (i_param[1] == '\0' || (i_param[1] >= '0' && i_param[1] <= '9')))
		c->pos.concern = (size_t)strtoul(i_param, NULL, 10);
	bool per_concern = step == STEP_CONCERN || step == STEP_AGENCY ||
	                   step == STEP_DATES || step == STEP_ANOTHER;
	if (step == STEP_CHILD) {
		/* Only the children started; another comes from its button. */
		if (c->pos.concern >= c->s.chk.nk)
			c->pos.concern = c->s.chk.nk - 1;
	} else if (!per_concern) {
		c->pos.concern = 0;
	} else if (c->pos.concern >= CHK_MAX_CONCERNS) {
		c->pos.concern = CHK_MAX_CONCERNS - 1;
	}
	/* A concern further on than the ones started begins here. */
	if (per_concern && c->pos.concern > c->s.chk.n)
		c->pos.concern = c->s.chk.n;
	if (step == STEP_CONCERN && c->s.chk.n <= c->pos.concern)
		c->s.chk.n = c->pos.concern + 1;
	c->ret_check = ret != NULL && strcmp(ret, "check") == 0;
	return true;
}

void handle_complain_step(struct web_request *req)
{
	struct cf_ctx c = {.req = req, .app = req->app};
	if (!load(&c, web_request_query(req, "t"), web_request_query(req, "i"),
	          web_request_query(req, "ret")))
		goto out;
	if (c.pos.step == CF_CHECK) {
		struct cf_pos miss = cf_first_missing(&c.s);
		if (miss.step != CF_CHECK) {
			char *url = cf_url(&c, miss, false);
			page_redirect(req, url ? url : "/complain");
		} else {
			cf_check_page(&c, 200);
		}
		goto out;
	}
	render_step(&c, 200);
out:
	cf_done(&c);
}

/* ---- Checking answers --------------------------------------------------- */

/* Trim white space at both ends; single-line text loses control
 * characters (a pasted tab or line break becomes a space). */
static const char *clean(struct cf_ctx *c, const char *v, bool multiline)
{
	if (v == NULL)
		return NULL;
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	                 v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	char *out = arena_strndup(c->req->arena, v, n);
	if (out == NULL)
		return NULL;
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 &&
		    !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
			*p = ' ';
	return out[0] ? out : NULL;
}

/* A posted text, cleaned and capped: an over-long answer is an error. */
static const char *text_field(struct cf_ctx *c, const char *name, size_t max,
                              bool multiline, const char *too_long)
{
	const char *v = clean(c, cf_posted(c, name), multiline);
	if (v != NULL && strlen(v) > max) {
		cf_error(c, name, too_long);
		return NULL;
	}
	return v;
}

static bool read_date(struct cf_ctx *c, const char *key, cwyn_day today,
                      cwyn_day *out)
{
	struct arena *a = c->req->arena;
	const char *d = cf_posted(c, arena_printf(a, "%s-day", key));
	const char *m = cf_posted(c, arena_printf(a, "%s-month", key));
	const char *y = cf_posted(c, arena_printf(a, "%s-year", key));
	d = d ? d : "";
	m = m ? m : "";
	y = y ? y : "";
	*out = CWYN_DAY_NONE;
	if (!d[0] && !m[0] && !y[0])
		return true;
	if (!d[0] || !m[0] || !y[0]) {
		cf_error(c, key, !d[0] ? N_("The date must include a day")
		                       : !m[0] ? N_("The date must include a month")
		                               : N_("The date must include a year"));
		return false;
	}
	char *e1, *e2, *e3;
	long dd = strtol(d, &e1, 10), mm = strtol(m, &e2, 10), yy = strtol(y, &e3, 10);
	if (*e1 || *e2 || *e3 || strlen(y) != 4 || strlen(d) > 2 || strlen(m) > 2 ||
	    d[0] == '-' || m[0] == '-' || y[0] == '-') {
		cf_error(c, key, N_("Enter the date as numbers, with a 4-digit year, like 18 12 2026"));
		return false;
	}
	if (!date_valid_ymd((int)yy, (int)mm, (int)dd) ||
	    !calendar_in_range(date_from_ymd((int)yy, (int)mm, (int)dd))) {
		cf_error(c, key, N_("The date must be a real date"));
		return false;
	}
	cwyn_day day = date_from_ymd((int)yy, (int)mm, (int)dd);
	if (day > today) {
		cf_error(c, key, N_("The date must be today or in the past"));
		return false;
	}
	*out = day;
	return true;
}

static void check_dates(struct cf_ctx *c)
{
	size_t i = c->pos.concern;
	struct chk_concern *cc = &c->s.chk.c[i];
	bool conf = is_conference(c);
	struct arena *a = c->req->arena;
	cwyn_day today = cf_today(c->app);
	const char *kd = chk_field(a, i, 'd');
	const char *desc = text_field(c, kd, CF_MAX_DESC, true,
	                              N_("What happened must be 5,000 characters or fewer"));
	if (desc == NULL && cf_error_for(c, kd) == NULL)
		cf_error(c, kd, c->s.chk.young ? N_("Tell us what happened")
		                               : N_("Enter what happened"));
	const char *k1 = chk_field(a, i, conf ? 'h' : 'e');
	const char *k2 = chk_field(a, i, conf ? 'm' : 'w');
	cwyn_day d1, d2;
	bool ok1 = read_date(c, k1, today, &d1);
	bool ok2 = read_date(c, k2, today, &d2);
	if (ok1 && ok2 && d1 != CWYN_DAY_NONE && d2 != CWYN_DAY_NONE && d2 < d1) {
		cf_error(c, k2, conf ? N_("The date the minutes were sent must be "
		                          "the same as or after the conference")
		                     : N_("The date you found out must be the same "
		                          "as or after the date it happened"));
		ok2 = false;
	}
	if (!ok1 || !ok2 || c->nerrors > 0)
		return;
	c->s.desc[i] = desc;
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

static void check_child(struct cf_ctx *c)
{
	struct chk_state *s = &c->s.chk;
	struct arena *a = c->req->arena;
	size_t j = c->pos.concern;
	const char *kcn = chk_child_field(a, j, "cn");
	const char *kage = chk_child_field(a, j, "age");
	const char *kla = chk_child_field(a, j, "la");
	const char *kedu = chk_child_field(a, j, "edu");
	const char *cn = NULL;
	if (!s->young)
		cn = text_field(c, kcn, CF_MAX_CHILD_NAME, false,
		                N_("The child's name must be 100 characters or fewer"));
	struct chk_child ch = {-1, YN_UNSET, YN_UNSET};
	const char *age = cf_posted(c, kage);
	if (age != NULL && age[0] != '\0') {
		char *end;
		long v = strtol(age, &end, 10);
		if (*end != '\0' || v < 0 || v > 30 || !(age[0] >= '0' && age[0] <= '9'))
			cf_error(c, kage, s->young
			         ? N_("Enter your age as a number, like 14")
			         : N_("Enter the child's age as a number from 0 to 30, like 12"));
		else
			ch.age = (int)v;
	}
	const char *la = cf_posted(c, kla), *edu = cf_posted(c, kedu);
	ch.looked_after = la ? chk_yn_from(la) : YN_UNSET;
	ch.education = edu ? chk_yn_from(edu) : YN_UNSET;
	if (ch.looked_after == YN_UNSET)
		cf_error(c, kla, s->young ? N_("Select whether you have been in care")
		                          : N_("Select whether the child has been in care"));
	if (ch.education == YN_UNSET)
		cf_error(c, kedu, s->young ? N_("Select whether you are in education")
		                           : N_("Select whether the child is in education"));
	/* Nothing changes unless the whole page is right. */
	if (c->nerrors > 0)
		return;
	chk_child_set(s, j, ch);
	if (!s->young)
		c->s.child_names[j] = cn;
}

/*
 * The child page's "Add another child" and "Remove child N" buttons
 * (chk_child_buttons). True when the post has been answered; false to
 * carry on (plain Continue, or errors to show).
 */
static bool child_action(struct cf_ctx *c)
{
	size_t j = c->pos.concern;
	struct chk_state *s = &c->s.chk;
	bool add = cf_posted(c, "add-child") != NULL;
	bool remove = cf_posted(c, "remove-child") != NULL;
	if (!add && !remove)
		return false;
	if (s->young || (add && remove) || (remove && s->nk <= 1)) {
		cf_error(c, chk_child_field(c->req->arena, j, "age"), chk_msg_bad_action);
		return false;
	}
	struct cf_pos to = {STEP_CHILD, 0};
	if (remove) {
		cf_child_remove(&c->s, j);
		to.concern = j > 0 ? j - 1 : 0;
	} else {
		check_child(c);
		if (c->nerrors > 0)
			return false;
		if (s->nk >= CHK_MAX_CHILDREN) {
			cf_error(c, "add-child", chk_msg_too_many_children);
			return false;
		}
		to.concern = s->nk++;
	}
	if (!cf_save(c))
		return true;
	char *url = cf_url(c, to, c->ret_check);
	page_redirect(c->req, url ? url : "/complain");
	return true;
}

static void check_rep(struct cf_ctx *c)
{
	const char *v = cf_posted(c, "rep");
	int yn = v ? chk_yn_from(v) : YN_UNSET;
	if (yn != YN_YES && yn != YN_NO) {
		cf_error(c, "rep", N_("Select yes if you are complaining for someone else"));
		return;
	}
	const char *who = text_field(c, "repfor", CF_MAX_REP_FOR, false,
	                             N_("Who you are complaining for must be 200 characters or fewer"));
	if (yn == YN_YES && who == NULL && cf_error_for(c, "repfor") == NULL)
		cf_error(c, "repfor", N_("Enter who you are complaining for"));
	if (c->nerrors == 0) {
		c->s.rep = yn;
		c->s.rep_for = yn == YN_YES ? who : NULL;
	}
}

static void check_name(struct cf_ctx *c)
{
	const char *v = text_field(c, "name", CF_MAX_NAME, false,
	                           N_("Your name must be 200 characters or fewer"));
	if (v == NULL && cf_error_for(c, "name") == NULL)
		cf_error(c, "name", N_("Enter your name"));
	if (c->nerrors == 0)
		c->s.name = v;
}

static bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	if (at == NULL || at == e || strchr(at + 1, '@') != NULL)
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	for (const char *p = e; *p; p++)
		if (*p == ' ' || *p == ',' || *p == ';' || *p == '<' || *p == '>')
			return false;
	return true;
}

static bool phone_ok(const char *p)
{
	int digits = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" +-()", *p))
			return false;
	}
	return digits >= 6 && digits <= 20;
}

static void check_contact(struct cf_ctx *c)
{
	const char *email = text_field(c, "email", CF_MAX_EMAIL, false,
	                               N_("The email address must be 254 characters or fewer"));
	const char *phone = text_field(c, "phone", CF_MAX_PHONE, false,
	                               N_("The phone number must be 40 characters or fewer"));
	const char *addr = text_field(c, "addr", CF_MAX_ADDRESS, true,
	                              N_("The address must be 500 characters or fewer"));
	const char *avoid = text_field(c, "avoid", CF_MAX_AVOID, false,
	                               N_("Times to avoid must be 200 characters or fewer"));
	if (email != NULL && !email_ok(email))
		cf_error(c, "email", N_("Enter an email address in the correct format, like name@example.com"));
	if (phone != NULL && !phone_ok(phone))
		cf_error(c, "phone", N_("Enter a phone number, like 01632 960 001 or 07700 900 982"));
	const char *pv = cf_posted(c, "pref");
	int pref = PREF_UNSET;
	for (int j = 0; pv && j < PREF__MAX; j++)
		if (strcmp(pv, cf_pref_name(j)) == 0)
			pref = j;
	if (pref == PREF_UNSET)
		cf_error(c, "pref", N_("Select how you would like us to contact you"));
	else if (pref == PREF_EMAIL && email == NULL && !cf_error_for(c, "email"))
		cf_error(c, "email", N_("Enter your email address, or choose another way to contact you"));
	else if (pref == PREF_PHONE && phone == NULL && !cf_error_for(c, "phone"))
		cf_error(c, "phone", N_("Enter your phone number, or choose another way to contact you"));
	else if (pref == PREF_POST && addr == NULL && !cf_error_for(c, "addr"))
		cf_error(c, "addr", N_("Enter your postal address, or choose another way to contact you"));
	if (c->nerrors > 0)
		return;
	c->s.email = email;
	c->s.phone = phone;
	c->s.address = addr;
	c->s.pref = pref;
	c->s.avoid = avoid;
}

static void check_access(struct cf_ctx *c)
{
	const char *acc = text_field(c, "acc", CF_MAX_ACCESS, true,
	                             N_("What you need must be 1,000 characters or fewer"));
	if (c->nerrors > 0)
		return;
	c->s.needs = 0;
	for (size_t i = 0; i < c->nform; i++) {
		if (strcmp(c->form[i].name, "need") != 0)
			continue;
		for (int j = 0; j < NEED__MAX; j++)
			if (strcmp(c->form[i].value, cf_needs[j].value) == 0)
				c->s.needs |= 1u << j;
	}
	c->s.access = acc;
	c->s.access_done = true;
}

/* A radio page: its one answer, read as the stored answers are. */
static void check_radio(struct cf_ctx *c)
{
	const struct cf_q *q = radio_question(c->pos.step);
	const char *field = radio_field(c, q);
	const char *v = cf_posted(c, field);
	struct web_pair p = {field, v ? v : ""};
	cf_state_read(&c->s, &p, 1);
	if (radio_current(c) == NULL)
		cf_error(c, field, cf_w(c, q->err_adult, q->err_young));
}

void handle_complain_step_post(struct web_request *req)
{
	struct web_pair *pairs;
	size_t n;
	struct cf_ctx c = {.req = req, .app = req->app};
	if (web_request_form(req, &pairs, &n) != CWYN_OK)
		return;
	if (!same_origin(req)) {
		refused(req);
		return;
	}
	c.form = pairs;
	c.nform = n;
	if (!load(&c, cf_posted(&c, "t"), cf_posted(&c, "i"), cf_posted(&c, "ret")))
		goto out;
	if (c.pos.step == CF_CHECK) {
		cf_check_post(&c);
		goto out;
	}
	switch (c.pos.step) {
	case STEP_HELP_NOW: break;
	case STEP_CHILD:
		if (child_action(&c))
			goto out;
		if (c.nerrors == 0)
			check_child(&c);
		break;
	case STEP_DATES: check_dates(&c); break;
	case CF_REP: check_rep(&c); break;
	case CF_NAME: check_name(&c); break;
	case CF_CONTACT: check_contact(&c); break;
	case CF_ACCESS: check_access(&c); break;
	case STEP_ANOTHER: {
		const char *v = cf_posted(&c, "more");
		int yn = v ? chk_yn_from(v) : YN_UNSET;
		if (yn != YN_YES && yn != YN_NO) {
			cf_error(&c, "more", cf_w(&c, q_another.err_adult, q_another.err_young));
			break;
		}
		/* Concerns after this one are dropped when the answer is no. */
		c.s.chk.n = c.pos.concern + 1;
		if (yn == YN_YES && c.s.chk.n < CHK_MAX_CONCERNS) {
			c.s.chk.n++;
			if (!cf_save(&c))
				goto out;
			char *url = cf_url(&c, (struct cf_pos){STEP_CONCERN, c.pos.concern + 1}, false);
			page_redirect(req, url ? url : "/complain");
			goto out;
		}
		break;
	}
	default: check_radio(&c); break;
	}
	if (c.nerrors > 0) {
		render_step(&c, 400);
		goto out;
	}
	if (!cf_save(&c))
		goto out;
	struct cf_pos next = cf_next(&c.s, c.pos);
	/* From "Check your answers", back there once nothing new is needed. */
	if (c.ret_check) {
		struct cf_pos miss = cf_first_missing(&c.s);
		next = miss.step == CF_CHECK ? miss : next;
	}
	char *url = cf_url(&c, next, c.ret_check && next.step != CF_CHECK);
	page_redirect(req, url ? url : "/complain");
out:
	cf_done(&c);
}

/* ---- Answers in words, for "Check your answers" ------------------------------ */

const char *cf_answer_label(const struct cf_ctx *c, int step, size_t concern)
{
	struct cf_ctx here = *c;
	here.pos = (struct cf_pos){step, concern};
	const struct cf_q *q = radio_question(step);
	const char *v = radio_current(&here);
	if (q == NULL || v == NULL)
		return NULL;
	if (step == STEP_CONCERN) {
		int k = c->s.chk.c[concern].kind;
		return cf_w(c, chk_kinds[k].label, chk_kinds[k].label_young);
	}
	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->opts[i].value, v) == 0)
			return cf_w(c, q->opts[i].adult, q->opts[i].young);
	return NULL;
}

const char *cf_question(const struct cf_ctx *c, int step)
{
	const struct cf_q *q = radio_question(step);
	return q ? cf_w(c, q->adult, q->young) : NULL;
}
