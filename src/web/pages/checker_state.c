/*
 * checker_state.c — parsing, writing and turning into facts the answers of
 * the public checker (see checker_state.h).
 */
#include "web/pages/checker_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "web/template.h"

const struct chk_kind_info chk_kinds[KIND__MAX] = {
	[KIND_NO_ACTION] = {"no_action", SUBJ_FAILURE_TO_ACT, true, false,
	    N_("They did not act, or were slow to act, when told a child was at risk"),
	    N_("Nobody did anything, or they were too slow, when someone said a child was not safe")},
	[KIND_INVESTIGATION] = {"investigation", SUBJ_INADEQUATE_INVESTIGATION, true, false,
	    N_("The investigation was not done properly, or the rules were not followed"),
	    N_("They did not look into things properly, or did not follow the rules")},
	[KIND_COMMUNICATION] = {"communication", SUBJ_POOR_COMMUNICATION, true, false,
	    N_("Poor communication, or organisations not working together"),
	    N_("People did not tell you things, or did not work together")},
	[KIND_REPORT] = {"report", SUBJ_INACCURATE_REPORT, true, false,
	    N_("A report about the child or family was wrong or not good enough"),
	    N_("Something written about you or your family was wrong")},
	[KIND_COURT_REPORT] = {"court_report", SUBJ_INACCURATE_REPORT, false, false,
	    N_("A report written for court proceedings"),
	    N_("A report written for a court")},
	[KIND_RECOMMENDATIONS] = {"recommendations", SUBJ_RECOMMENDATIONS_NOT_IMPLEMENTED, true, false,
	    N_("What the child protection conference recommended was not done"),
	    N_("What was agreed at the meeting about keeping you safe did not happen")},
	[KIND_PLAN] = {"plan", SUBJ_NO_ADEQUATE_PLAN, true, false,
	    N_("There is no proper plan for the child, or the plan is not being followed"),
	    N_("There is no proper plan to keep you safe, or people are not sticking to it")},
	[KIND_WORKER] = {"worker", SUBJ_STAFF_CONDUCT, true, false,
	    N_("How a worker behaved"),
	    N_("How a worker behaved")},
	[KIND_OTHER_SERVICE] = {"other", SUBJ_OTHER_SERVICE, true, false,
	    N_("Something else about social services"),
	    N_("Something else about social services")},
	[KIND_CONF_PROCESS] = {"conf_process", SUBJ_CONFERENCE_PROCESS, false, true,
	    N_("How the child protection conference was run"),
	    N_("How the child protection conference (the big meeting about keeping you safe) was run")},
	[KIND_CONF_REGISTER] = {"conf_register", SUBJ_REGISTRATION_DECISION, false, true,
	    N_("The decision to put the child's name on the child protection register"),
	    N_("The decision to put your name on the child protection register")},
	[KIND_CONF_CATEGORY] = {"conf_category", SUBJ_REGISTRATION_CATEGORY, false, true,
	    N_("The category of harm the conference chose when registering the child"),
	    N_("The kind of harm the conference wrote down when it registered you")},
	[KIND_CONF_NOT_REGISTER] = {"conf_not_register", SUBJ_DECISION_NOT_TO_REGISTER, false, true,
	    N_("The decision not to put the child's name on the register"),
	    N_("The decision not to put your name on the register")},
	[KIND_CONF_DEREGISTER] = {"conf_deregister", SUBJ_DEREGISTRATION, false, true,
	    N_("The decision to take the child's name off the register"),
	    N_("The decision to take your name off the register")},
	[KIND_COURT_START] = {"court_start", SUBJ_DECISION_TO_START_PROCEEDINGS, false, false,
	    N_("The decision to start court proceedings"),
	    N_("The decision to go to court")},
	[KIND_COURT_DECIDED] = {"court_decided", SUBJ_COURT_DECISION, false, false,
	    N_("Something a court has already decided"),
	    N_("Something a court has already decided")},
};

void chk_state_init(struct chk_state *s)
{
	memset(s, 0, sizeof *s);
	s->risk = s->looked_after = s->education = YN_UNSET;
	s->court_agreed = s->delaying = YN_UNSET;
	s->rel = s->age = s->court = s->cstage = s->confstage = -1;
	s->nk = 1;
	for (size_t j = 0; j + 1 < CHK_MAX_CHILDREN; j++)
		s->other[j] = (struct chk_child){-1, YN_UNSET, YN_UNSET};
	for (size_t i = 0; i < CHK_MAX_CONCERNS; i++) {
		s->c[i].kind = s->c[i].agency = -1;
		s->c[i].event = s->c[i].aware = CWYN_DAY_NONE;
		s->c[i].conf_held = s->c[i].minutes = CWYN_DAY_NONE;
	}
}

static const char *const yn_names[] = {"no", "yes", "not_sure"};

const char *chk_yn_name(int v)
{
	return v >= 0 && v < 3 ? yn_names[v] : NULL;
}

int chk_yn_from(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(s, yn_names[i]) == 0)
			return i;
	return YN_UNSET;
}

static int kind_from(const char *s)
{
	for (int i = 0; i < KIND__MAX; i++)
		if (strcmp(s, chk_kinds[i].name) == 0)
			return i;
	return -1;
}

/* A small whole number, strictly digits, or -1. */
static int small_int(const char *s, int max)
{
	if (s[0] == '\0' || strlen(s) > 3)
		return -1;
	int v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	return v <= max ? v : -1;
}

static cwyn_day iso_day(const char *s)
{
	cwyn_day d;
	if (date_parse(s, &d, "date", NULL) != CWYN_OK)
		return CWYN_DAY_NONE;
	return d;
}

const char *chk_child_field(struct arena *a, size_t j, const char *base)
{
	return j == 0 ? base : arena_printf(a, "%s%zu", base, j + 1);
}

bool chk_child_key(const char *name, const char *base, size_t *j)
{
	size_t bl = strlen(base);
	if (strncmp(name, base, bl) != 0)
		return false;
	const char *d = name + bl;
	if (*d == '\0') {
		*j = 0;
		return true;
	}
	/* Digits only, no leading zero, at most a few: "age07" and
	 * "age99999999999" are not child fields. */
	if (*d < '1' || *d > '9' || strlen(d) > 3)
		return false;
	size_t v = 0;
	for (; *d; d++) {
		if (*d < '0' || *d > '9')
			return false;
		v = v * 10 + (size_t)(*d - '0');
	}
	if (v < 2 || v > CHK_MAX_CHILDREN)
		return false;
	*j = v - 1;
	return true;
}

struct chk_child chk_child_get(const struct chk_state *s, size_t j)
{
	if (j == 0)
		return (struct chk_child){s->age, s->looked_after, s->education};
	if (j < CHK_MAX_CHILDREN)
		return s->other[j - 1];
	return (struct chk_child){-1, YN_UNSET, YN_UNSET};
}

void chk_child_set(struct chk_state *s, size_t j, struct chk_child c)
{
	if (j == 0) {
		s->age = c.age;
		s->looked_after = c.looked_after;
		s->education = c.education;
	} else if (j < CHK_MAX_CHILDREN) {
		s->other[j - 1] = c;
	}
}

bool chk_child_remove(struct chk_state *s, size_t j)
{
	if (s->nk <= 1 || j >= s->nk)
		return false;
	for (size_t k = j; k + 1 < s->nk; k++)
		chk_child_set(s, k, chk_child_get(s, k + 1));
	chk_child_set(s, s->nk - 1, (struct chk_child){-1, YN_UNSET, YN_UNSET});
	s->nk--;
	if (s->cur_child >= s->nk)
		s->cur_child = s->nk - 1;
	return true;
}

/* "c3k" → concern 2, 'k': the concern's number in decimal (no leading
 * zero, 1..CHK_MAX_CONCERNS), then one letter. */
static bool concern_key(const char *name, size_t *i, char *what)
{
	if (name[0] != 'c' || name[1] < '1' || name[1] > '9')
		return false;
	size_t v = 0;
	const char *d = name + 1;
	for (; *d >= '0' && *d <= '9' && d - name <= 3; d++)
		v = v * 10 + (size_t)(*d - '0');
	if (v < 1 || v > CHK_MAX_CONCERNS || d[0] == '\0' || d[1] != '\0')
		return false;
	*i = v - 1;
	*what = d[0];
	return true;
}

void chk_state_read(struct chk_state *s, const struct web_pair *p, size_t n)
{
	/* Later pairs win: a page's own inputs follow the hidden ones. */
	for (size_t k = 0; k < n; k++) {
		const char *name = p[k].name, *v = p[k].value;
		size_t i;
		char w;
		if (strcmp(name, "yp") == 0)
			s->young = strcmp(v, "1") == 0;
		else if (strcmp(name, "risk") == 0)
			s->risk = chk_yn_from(v);
		else if (strcmp(name, "rel") == 0) {
			enum relationship r;
			s->rel = relationship_from_name(v, &r) ? (int)r : -1;
		} else if (chk_child_key(name, "age", &i)) {
			struct chk_child ch = chk_child_get(s, i);
			ch.age = small_int(v, 30);
			chk_child_set(s, i, ch);
		} else if (chk_child_key(name, "la", &i)) {
			struct chk_child ch = chk_child_get(s, i);
			ch.looked_after = chk_yn_from(v);
			chk_child_set(s, i, ch);
		} else if (chk_child_key(name, "edu", &i)) {
			struct chk_child ch = chk_child_get(s, i);
			ch.education = chk_yn_from(v);
			chk_child_set(s, i, ch);
		} else if (strcmp(name, "nk") == 0) {
			int x = small_int(v, CHK_MAX_CHILDREN);
			s->nk = x > 0 ? (size_t)x : 1;
		} else if (strcmp(name, "j") == 0) {
			int x = small_int(v, CHK_MAX_CHILDREN - 1);
			s->cur_child = x >= 0 ? (size_t)x : 0;
		} else if (strcmp(name, "n") == 0) {
			int x = small_int(v, CHK_MAX_CONCERNS);
			s->n = x > 0 ? (size_t)x : 0;
		} else if (strcmp(name, "i") == 0) {
			int x = small_int(v, CHK_MAX_CONCERNS - 1);
			s->cur = x >= 0 ? (size_t)x : 0;
		} else if (strcmp(name, "court") == 0) {
			enum court_status c;
			s->court = court_status_from_name(v, &c) ? (int)c : -1;
		} else if (strcmp(name, "cagree") == 0)
			s->court_agreed = chk_yn_from(v);
		else if (strcmp(name, "cst") == 0) {
			enum council_stage c;
			s->cstage = council_stage_from_name(v, &c) ? (int)c : -1;
		} else if (strcmp(name, "delay") == 0)
			s->delaying = chk_yn_from(v);
		else if (strcmp(name, "conf") == 0) {
			enum conference_stage c;
			s->confstage = conference_stage_from_name(v, &c) ? (int)c : -1;
		} else if (concern_key(name, &i, &w)) {
			struct chk_concern *c = &s->c[i];
			switch (w) {
			case 'k': c->kind = kind_from(v); break;
			case 'a': {
				enum agency a;
				c->agency = agency_from_name(v, &a) ? (int)a : -1;
				break;
			}
			case 'e': c->event = iso_day(v); break;
			case 'w': c->aware = iso_day(v); break;
			case 'h': c->conf_held = iso_day(v); break;
			case 'm': c->minutes = iso_day(v); break;
			default: break;
			}
		}
	}
	if (s->cur > s->n)
		s->cur = s->n;
	if (s->cur >= CHK_MAX_CONCERNS)
		s->cur = CHK_MAX_CONCERNS - 1;
	/* A young person's form is about themself: one child. */
	if (s->young)
		s->nk = 1;
	if (s->cur_child >= s->nk)
		s->cur_child = s->nk - 1;
}

const char *chk_field(struct arena *a, size_t i, char what)
{
	return arena_printf(a, "c%zu%c", i + 1, what);
}

enum cwyn_code chk_state_pairs(const struct chk_state *s, struct arena *a,
                               struct web_pair **out, size_t *n)
{
	size_t cap = 16 + 6 * CHK_MAX_CONCERNS + 3 * CHK_MAX_CHILDREN, k = 0;
	struct web_pair *p = arena_calloc(a, cap, sizeof *p);
	if (p == NULL)
		return CWYN_ENOMEM;
#define ADD(nm, val) do { const char *v_ = (val); if (v_ != NULL) { \
	p[k].name = (nm); p[k].value = v_; k++; } } while (0)
	if (s->young)
		ADD("yp", "1");
	ADD("risk", chk_yn_name(s->risk));
	if (s->rel >= 0)
		ADD("rel", relationship_name((enum relationship)s->rel));
	if (s->age >= 0)
		ADD("age", arena_printf(a, "%d", s->age));
	ADD("la", chk_yn_name(s->looked_after));
	ADD("edu", chk_yn_name(s->education));
	if (s->nk > 1)
		ADD("nk", arena_printf(a, "%zu", s->nk));
	if (s->cur_child > 0)
		ADD("j", arena_printf(a, "%zu", s->cur_child));
	for (size_t j = 1; j < s->nk && j < CHK_MAX_CHILDREN; j++) {
		const struct chk_child *ch = &s->other[j - 1];
		if (ch->age >= 0)
			ADD(chk_child_field(a, j, "age"), arena_printf(a, "%d", ch->age));
		ADD(chk_child_field(a, j, "la"), chk_yn_name(ch->looked_after));
		ADD(chk_child_field(a, j, "edu"), chk_yn_name(ch->education));
	}
	if (s->n > 0)
		ADD("n", arena_printf(a, "%zu", s->n));
	if (s->cur > 0)
		ADD("i", arena_printf(a, "%zu", s->cur));
	for (size_t i = 0; i < s->n && i < CHK_MAX_CONCERNS; i++) {
		const struct chk_concern *c = &s->c[i];
		char buf[CWYN_DATE_STRLEN];
		if (c->kind >= 0)
			ADD(chk_field(a, i, 'k'), chk_kinds[c->kind].name);
		if (c->agency >= 0)
			ADD(chk_field(a, i, 'a'), agency_name((enum agency)c->agency));
		if (c->event != CWYN_DAY_NONE)
			ADD(chk_field(a, i, 'e'), arena_strdup(a, date_format(c->event, buf)));
		if (c->aware != CWYN_DAY_NONE)
			ADD(chk_field(a, i, 'w'), arena_strdup(a, date_format(c->aware, buf)));
		if (c->conf_held != CWYN_DAY_NONE)
			ADD(chk_field(a, i, 'h'), arena_strdup(a, date_format(c->conf_held, buf)));
		if (c->minutes != CWYN_DAY_NONE)
			ADD(chk_field(a, i, 'm'), arena_strdup(a, date_format(c->minutes, buf)));
	}
	if (s->court >= 0)
		ADD("court", court_status_name((enum court_status)s->court));
	ADD("cagree", chk_yn_name(s->court_agreed));
	if (s->cstage >= 0)
		ADD("cst", council_stage_name((enum council_stage)s->cstage));
	ADD("delay", chk_yn_name(s->delaying));
	if (s->confstage >= 0)
		ADD("conf", conference_stage_name((enum conference_stage)s->confstage));
#undef ADD
	for (size_t i = 0; i < k; i++)
		if (p[i].name == NULL || p[i].value == NULL)
			return CWYN_ENOMEM;
	*out = p;
	*n = k;
	return CWYN_OK;
}

/* Every value we write is from a fixed vocabulary ([a-z0-9_-]), so no
 * percent-encoding is ever needed; anything else is refused. */
static bool plain(const char *v)
{
	for (const char *c = v; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		      *c == '_' || *c == '-'))
			return false;
	return true;
}

char *chk_state_query(const struct chk_state *s, struct arena *a)
{
	struct web_pair *p;
	size_t n;
	if (chk_state_pairs(s, a, &p, &n) != CWYN_OK)
		return NULL;
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(p[i].name) + strlen(p[i].value) + 2;
	char *q = arena_alloc(a, len), *o = q;
	if (q == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!plain(p[i].value))
			return NULL;
		o += sprintf(o, "%s%s=%s", i ? "&" : "", p[i].name, p[i].value);
	}
	*o = '\0';
	return q;
}

char *chk_url(const struct chk_state *s, struct arena *a, const char *slug)
{
	const char *q = chk_state_query(s, a);
	if (q == NULL)
		return NULL;
	if (slug == NULL || slug[0] == '\0')
		return arena_printf(a, "/check%s%s", q[0] ? "?" : "", q);
	return arena_printf(a, "/check/%s%s%s", slug, q[0] ? "?" : "", q);
}

void chk_state_hidden(const struct chk_state *s, struct html *h,
                      const char *const *skip, size_t nskip)
{
	struct web_pair *p;
	size_t n;
	if (chk_state_pairs(s, h->arena, &p, &n) != CWYN_OK) {
		h->failed = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		bool skipped = false;
		for (size_t j = 0; j < nskip; j++)
			if (skip[j] && strcmp(skip[j], p[i].name) == 0)
				skipped = true;
		if (!skipped)
			html_fmt(h, "<input type=\"hidden\" name=\"%a\" value=\"%a\">",
			         p[i].name, p[i].value);
	}
}

_Static_assert(CHK_MAX_CHILDREN == 6,
               "chk_msg_too_many_children names the limit: change it too");
const char chk_msg_too_many_children[] =
    N_("You can tell us about up to 6 children. Tell us about any other "
       "children when you say what happened.");
const char chk_msg_bad_action[] =
    N_("The form could not be understood. Nothing was changed. Check your "
       "answers and try again.");

void chk_child_caption(struct html *h, const struct chk_state *s, size_t j)
{
	if (s->young || (s->nk <= 1 && j == 0))
		return;
	html_raw(h, "<span class=\"govuk-caption-l\">");
	html_trf(h, N_("Child %d"), (int)j + 1);
	html_raw(h, "</span>");
}

void chk_child_buttons(struct html *h, const struct chk_state *s, size_t j,
                       const char *add_error)
{
	if (s->young) {
		html_fmt(h, "<button type=\"submit\" class=\"govuk-button\" "
		         "data-module=\"govuk-button\">%T</button>", N_("Continue"));
		return;
	}
	html_fmt(h, "<div class=\"govuk-form-group%a\">",
	         add_error ? " govuk-form-group--error" : "");
	html_raw(h, "<p id=\"add-child-hint\" class=\"govuk-hint\">");
	html_trf(h, N_("If your complaint is about more than one child, add each "
	               "child. You can tell us about up to %d children."),
	         CHK_MAX_CHILDREN);
	html_raw(h, "</p>");
	if (add_error)
		html_fmt(h, "<p id=\"add-child-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), add_error);
	html_fmt(h, "<div class=\"govuk-button-group\">"
	         "<button type=\"submit\" class=\"govuk-button\" "
	         "data-module=\"govuk-button\">%T</button>"
	         "<input type=\"submit\" name=\"add-child\" id=\"add-child\" "
	         "class=\"govuk-button govuk-button--secondary\" "
	         "data-module=\"govuk-button\" aria-describedby=\"%a\" value=\"%a\">",
	         N_("Continue"),
	         add_error ? "add-child-hint add-child-error" : "add-child-hint",
	         i18n_tr(h->lang, N_("Add another child")));
	if (s->nk > 1) {
		char *label = arena_printf(h->arena, i18n_tr(h->lang, N_("Remove child %d")),
		                           (int)j + 1);
		html_fmt(h, "<input type=\"submit\" name=\"remove-child\" "
		         "class=\"govuk-button govuk-button--warning\" "
		         "data-module=\"govuk-button\" value=\"%a\">",
		         label ? label : "");
	}
	html_raw(h, "</div></div>");
}

bool chk_has_council_concern(const struct chk_state *s)
{
	for (size_t i = 0; i < s->n; i++) {
		int k = s->c[i].kind;
		if (k >= 0 && !chk_kinds[k].conference && k != KIND_COURT_START &&
		    k != KIND_COURT_DECIDED)
			return true;
	}
	return false;
}

bool chk_has_conference_concern(const struct chk_state *s)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].kind >= 0 && chk_kinds[s->c[i].kind].conference)
			return true;
	return false;
}

enum cwyn_code chk_state_facts(const struct chk_state *s, cwyn_day today,
                               enum language lang, struct arena *a,
                               struct facts *f, struct cwyn_error *err)
{
	facts_init(f);
	f->as_of = today;
	f->received = today;
	f->channel = CHANNEL_WRITTEN;
	f->at_risk_now = s->risk == YN_YES;
	f->complainant.relationship = s->rel >= 0 ? (enum relationship)s->rel
	                                          : REL_OTHER;
	f->complainant.age = s->rel == REL_CHILD ? s->age : -1;
	f->complainant.language = lang;
	size_t nk = s->nk >= 1 && s->nk <= CHK_MAX_CHILDREN ? s->nk : 1;
	struct facts_child *child = arena_calloc(a, nk, sizeof *child);
	size_t nm = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].kind >= 0)
			nm++;
	if (nm == 0)
		return cwyn_fail(err, CWYN_EINVAL, "matters",
		                 "no concern has been chosen yet");
	struct facts_matter *m = arena_calloc(a, nm, sizeof *m);
	if (child == NULL || m == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	for (size_t j = 0; j < nk; j++) {
		struct chk_child ch = chk_child_get(s, j);
		facts_child_init(&child[j]);
		child[j].age = ch.age;
		child[j].looked_after = ch.looked_after == YN_YES;
		child[j].in_education = ch.education == YN_YES;
		child[j].at_risk_now = s->risk == YN_YES;
	}
	f->n_children = nk;
	f->children = child;
	size_t k = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct chk_concern *c = &s->c[i];
		if (c->kind < 0)
			continue;
		const struct chk_kind_info *ki = &chk_kinds[c->kind];
		struct facts_matter *mt = &m[k++];
		facts_matter_init(mt);
		mt->id = arena_printf(a, "%zu", i + 1);
		mt->subject = ki->subject;
		mt->agency = ki->asks_agency && c->agency >= 0
		    ? (enum agency)c->agency : AGENCY_COUNCIL;
		mt->event = c->event;
		mt->awareness = c->aware;
		mt->conference_held = c->conf_held;
		mt->minutes_sent = c->minutes;
		mt->court.status = s->court >= 0 ? (enum court_status)s->court
		                                 : COURT_NONE;
		mt->court.court_agreed = s->court_agreed == YN_YES;
		mt->court.dealt_with = c->kind == KIND_COURT_DECIDED;
		mt->court.report_for_court = c->kind == KIND_COURT_REPORT;
		if (ki->conference) {
			mt->conference_stage = s->confstage >= 0
			    ? (enum conference_stage)s->confstage : CONFSTAGE_NONE;
			mt->wants_panel = mt->conference_stage == CONFSTAGE_CHAIR_UNRESOLVED;
		} else {
			mt->council_stage = s->cstage >= 0
			    ? (enum council_stage)s->cstage : CSTAGE_NONE;
			mt->still_dissatisfied = mt->council_stage == CSTAGE_1_ANSWERED ||
			                         mt->council_stage == CSTAGE_2_ANSWERED;
			mt->council_delaying = s->delaying == YN_YES;
		}
		mt->at_risk_now = s->risk == YN_YES;
		if (mt->id == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	}
	f->n_matters = nm;
	f->matters = m;
	return CWYN_OK;
}
