/*
 * complain_state.c — the public complaint form's answers, their stored
 * form, the order of its pages and the facts document they become (see
 * complain_state.h).
 */
#include "web/pages/complain_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/escape.h"
#include "i18n/i18n.h"
#include "web/form.h"

const struct cf_need_info cf_needs[NEED__MAX] = {
	[NEED_LARGE_PRINT] = {"large_print", N_("Large print"), "Large print"},
	[NEED_EASY_READ] = {"easy_read", N_("Easy read"), "Easy read"},
	[NEED_INTERPRETER] = {"interpreter", N_("An interpreter"), "An interpreter"},
	[NEED_BSL] = {"bsl", N_("British Sign Language (BSL)"),
	              "British Sign Language (BSL)"},
};

static const char *const pref_names[PREF__MAX] = {
	"email", /* PREF_EMAIL */
	"phone", /* PREF_PHONE */
	"post",  /* PREF_POST */
};

const char *cf_pref_name(int p)
{
	return p >= 0 && p < PREF__MAX ? pref_names[p] : NULL;
}

void cf_state_init(struct cf_state *s)
{
	memset(s, 0, sizeof *s);
	chk_state_init(&s->chk);
	s->rep = YN_UNSET;
	s->pref = PREF_UNSET;
	s->corr = -1;
}

/* "c3d" → concern 2's description: "c", the concern's number in decimal
 * (no leading zero, 1..CHK_MAX_CONCERNS), "d". */
static bool desc_key(const char *name, size_t *i)
{
	if (name[0] != 'c' || name[1] < '1' || name[1] > '9')
		return false;
	size_t v = 0;
	const char *d = name + 1;
	for (; *d >= '0' && *d <= '9' && d - name <= 3; d++)
		v = v * 10 + (size_t)(*d - '0');
	if (v < 1 || v > CHK_MAX_CONCERNS || d[0] != 'd' || d[1] != '\0')
		return false;
	*i = v - 1;
	return true;
}

bool cf_child_remove(struct cf_state *s, size_t j)
{
	size_t nk = s->chk.nk;
	if (!chk_child_remove(&s->chk, j))
		return false;
	for (size_t k = j; k + 1 < nk && k + 1 < CHK_MAX_CHILDREN; k++)
		s->child_names[k] = s->child_names[k + 1];
	if (nk - 1 < CHK_MAX_CHILDREN)
		s->child_names[nk - 1] = NULL;
	return true;
}

void cf_state_read(struct cf_state *s, const struct web_pair *p, size_t n)
{
	chk_state_read(&s->chk, p, n);
	for (size_t k = 0; k < n; k++) {
		const char *name = p[k].name, *v = p[k].value;
		size_t i;
		if (chk_child_key(name, "cn", &i))
			s->child_names[i] = v;
		else if (desc_key(name, &i))
			s->desc[i] = v;
		else if (strcmp(name, "rep") == 0) {
			int yn = chk_yn_from(v);
			s->rep = yn == YN_YES || yn == YN_NO ? yn : YN_UNSET;
		} else if (strcmp(name, "repfor") == 0)
			s->rep_for = v;
		else if (strcmp(name, "name") == 0)
			s->name = v;
		else if (strcmp(name, "email") == 0)
			s->email = v;
		else if (strcmp(name, "phone") == 0)
			s->phone = v;
		else if (strcmp(name, "addr") == 0)
			s->address = v;
		else if (strcmp(name, "pref") == 0) {
			s->pref = PREF_UNSET;
			for (int j = 0; j < PREF__MAX; j++)
				if (strcmp(v, pref_names[j]) == 0)
					s->pref = j;
		} else if (strcmp(name, "avoid") == 0)
			s->avoid = v;
		else if (strcmp(name, "corr") == 0)
			s->corr = strcmp(v, "cy") == 0 ? LANG_CY
			        : strcmp(v, "en") == 0 ? LANG_EN : -1;
		else if (strcmp(name, "need") == 0) {
			for (int j = 0; j < NEED__MAX; j++)
				if (strcmp(v, cf_needs[j].value) == 0)
					s->needs |= 1u << j;
		} else if (strcmp(name, "acc") == 0)
			s->access = v;
		else if (strcmp(name, "accdone") == 0)
			s->access_done = strcmp(v, "1") == 0;
	}
	/* A young person's form is their own complaint. */
	if (s->chk.young)
		s->chk.rel = REL_CHILD;
}

/* ---- The stored form ----------------------------------------------------- */

static bool put_enc(struct textbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.' || *p == '~') {
			if (!textbuf_append(b, (const char *)p, 1))
				return false;
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			if (!textbuf_append(b, e, 3))
				return false;
		}
	}
	return true;
}

static bool put_pair(struct textbuf *b, const char *name, const char *value)
{
	if (value == NULL)
		return true;
	if (b->len > 0 && !textbuf_append(b, "&", 1))
		return false;
	return put_enc(b, name) && textbuf_append(b, "=", 1) &&
	       put_enc(b, value);
}

char *cf_state_encode(const struct cf_state *s, struct arena *a)
{
	struct chk_state c = s->chk;
	c.cur = 0; /* where the reader is belongs to the address, not here */
	c.cur_child = 0;
	struct web_pair *p;
	size_t n;
	if (chk_state_pairs(&c, a, &p, &n) != CWYN_OK)
		return NULL;
	struct textbuf b;
	textbuf_init(&b, a);
	bool ok = true;
	for (size_t i = 0; i < n; i++)
		ok = ok && put_pair(&b, p[i].name, p[i].value);
	for (size_t j = 0; j < s->chk.nk && j < CHK_MAX_CHILDREN; j++)
		ok = ok && put_pair(&b, chk_child_field(a, j, "cn"), s->child_names[j]);
	for (size_t i = 0; i < CHK_MAX_CONCERNS; i++) {
		char key[8];
		snprintf(key, sizeof key, "c%zud", i + 1);
		ok = ok && put_pair(&b, key, s->desc[i]);
	}
	ok = ok && put_pair(&b, "rep", chk_yn_name(s->rep));
	ok = ok && put_pair(&b, "repfor", s->rep_for);
	ok = ok && put_pair(&b, "name", s->name);
	ok = ok && put_pair(&b, "email", s->email);
	ok = ok && put_pair(&b, "phone", s->phone);
	ok = ok && put_pair(&b, "addr", s->address);
	ok = ok && put_pair(&b, "pref", cf_pref_name(s->pref));
	ok = ok && put_pair(&b, "avoid", s->avoid);
	if (s->corr >= 0)
		ok = ok && put_pair(&b, "corr", s->corr == LANG_CY ? "cy" : "en");
	for (int j = 0; j < NEED__MAX; j++)
		if (s->needs & (1u << j))
			ok = ok && put_pair(&b, "need", cf_needs[j].value);
	ok = ok && put_pair(&b, "acc", s->access);
	if (s->access_done)
		ok = ok && put_pair(&b, "accdone", "1");
	if (!ok || b.failed)
		return NULL;
	return b.data != NULL ? b.data : arena_strdup(a, "");
}

enum cwyn_code cf_state_decode(struct cf_state *s, struct arena *a,
                               const char *data)
{
	struct web_pair *p = NULL;
	size_t n = 0;
	cf_state_init(s);
	if (data == NULL || data[0] == '\0')
		return CWYN_OK;
	enum cwyn_code rc = form_parse(a, data, strlen(data), &form_limits_body,
	                               "draft", &p, &n, NULL);
	if (rc == CWYN_OK)
		cf_state_read(s, p, n);
	return rc;
}

/* ---- Pages ----------------------------------------------------------------- */

static const char *const own_slugs[] = {
	"someone-else", /* CF_REP */
	"your-name",    /* CF_NAME */
	"contact",      /* CF_CONTACT */
	"language",     /* CF_LANGUAGE */
	"access",       /* CF_ACCESS */
	"check",        /* CF_CHECK */
};

const char *cf_step_slug(int step)
{
	if (step >= 0 && step < STEP_RESULT)
		return chk_step_slug((enum chk_step)step);
	if (step >= CF_REP && step < CF_STEP__MAX)
		return own_slugs[step - CF_REP];
	return NULL;
}

bool cf_step_from_slug(const char *slug, int *out)
{
	for (int i = 0; i < CF_STEP__MAX; i++) {
		const char *s = cf_step_slug(i);
		if (s != NULL && strcmp(s, slug) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

struct cf_pos cf_next(const struct cf_state *s, struct cf_pos p)
{
	if (p.step < STEP_RESULT) {
		struct chk_pos n = chk_next(&s->chk,
		    (struct chk_pos){(enum chk_step)p.step, p.concern});
		if (n.step == STEP_RESULT)
			return (struct cf_pos){CF_REP, 0};
		return (struct cf_pos){(int)n.step, n.concern};
	}
	if (p.step >= CF_CHECK)
		return (struct cf_pos){CF_CHECK, 0};
	return (struct cf_pos){p.step + 1, 0};
}

bool cf_prev(const struct cf_state *s, struct cf_pos pos, struct cf_pos *out)
{
	struct cf_pos p = {STEP_RISK, 0};
	for (int guard = 0; guard < 80; guard++) {
		struct cf_pos n = cf_next(s, p);
		if (n.step == pos.step && n.concern == pos.concern) {
			*out = p;
			return true;
		}
		if (n.step == p.step && n.concern == p.concern)
			return false;
		p = n;
	}
	return false;
}

static bool blank(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* Has the page at p got its required answers? */
static bool answered(const struct cf_state *s, struct cf_pos p)
{
	const struct chk_state *c = &s->chk;
	const struct chk_concern *cc = &c->c[p.concern < CHK_MAX_CONCERNS
	                                     ? p.concern : 0];
	switch (p.step) {
	case STEP_RISK: return c->risk == YN_YES || c->risk == YN_NO;
	case STEP_WHO: return c->rel >= 0;
	case STEP_CHILD: {
		struct chk_child ch = chk_child_get(c, p.concern);
		return ch.looked_after != YN_UNSET && ch.education != YN_UNSET;
	}
	case STEP_CONCERN: return cc->kind >= 0;
	case STEP_AGENCY: return cc->agency >= 0;
	case STEP_DATES: return !blank(s->desc[p.concern]);
	case STEP_COURT: return c->court >= 0;
	case STEP_COURT_AGREED: return c->court_agreed != YN_UNSET;
	case STEP_PROGRESS: return c->cstage >= 0;
	case STEP_DELAY: return c->delaying != YN_UNSET;
	case STEP_CONF_PROGRESS: return c->confstage >= 0;
	case CF_REP: return s->rep == YN_NO || (s->rep == YN_YES &&
	                                        !blank(s->rep_for));
	case CF_NAME: return !blank(s->name);
	case CF_CONTACT:
		switch (s->pref) {
		case PREF_EMAIL: return !blank(s->email);
		case PREF_PHONE: return !blank(s->phone);
		case PREF_POST: return !blank(s->address);
		default: return false;
		}
	case CF_LANGUAGE: return s->corr >= 0;
	case CF_ACCESS: return s->access_done;
	default: return true; /* help now, another, check */
	}
}

struct cf_pos cf_first_missing(const struct cf_state *s)
{
	struct cf_pos p = {STEP_RISK, 0};
	for (int guard = 0; guard < 80 && p.step != CF_CHECK; guard++) {
		if (!answered(s, p))
			return p;
		p = cf_next(s, p);
	}
	return (struct cf_pos){CF_CHECK, 0};
}

/* ---- The complaint ----------------------------------------------------------- */

static json_t *jday(cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	return d == CWYN_DAY_NONE ? json_null() : json_string(date_format(d, buf));
}

static json_t *jstr(const char *s)
{
	return s != NULL && !blank(s) ? json_string(s) : json_null();
}

enum language cf_state_language(const struct cf_state *s, enum language page)
{
	return s->corr == LANG_CY ? LANG_CY : s->corr == LANG_EN ? LANG_EN : page;
}

json_t *cf_state_facts_json(const struct cf_state *s, cwyn_day today)
{
	const struct chk_state *c = &s->chk;
	bool risk = c->risk == YN_YES;
	json_t *f = json_object();
	json_object_set_new(f, "as_of", jday(today));
	json_object_set_new(f, "received", jday(today));
	json_object_set_new(f, "channel", json_string("written"));
	json_object_set_new(f, "at_risk_now", json_boolean(risk));
	enum relationship rel = c->rel >= 0 ? (enum relationship)c->rel
	                                    : REL_OTHER;
	json_t *who = json_object();
	json_object_set_new(who, "relationship",
	                    json_string(relationship_name(rel)));
	json_object_set_new(who, "age", rel == REL_CHILD && c->age >= 0
	                                    ? json_integer(c->age) : json_null());
	json_object_set_new(who, "language",
	                    json_string(s->corr == LANG_CY ? "cy" : "en"));
	json_object_set_new(f, "complainant", who);
	json_t *children = json_array();
	for (size_t j = 0; j < c->nk && j < CHK_MAX_CHILDREN; j++) {
		struct chk_child ch = chk_child_get(c, j);
		json_t *child = json_object();
		json_object_set_new(child, "label", jstr(s->child_names[j]));
		json_object_set_new(child, "age", ch.age >= 0 ? json_integer(ch.age)
		                                              : json_null());
		json_object_set_new(child, "looked_after",
		                    json_boolean(ch.looked_after == YN_YES));
		json_object_set_new(child, "in_education",
		                    json_boolean(ch.education == YN_YES));
		json_object_set_new(child, "at_risk_now", json_boolean(risk));
		json_array_append_new(children, child);
	}
	json_object_set_new(f, "children", children);
	json_t *ms = json_array();
	for (size_t i = 0; i < c->n && i < CHK_MAX_CONCERNS; i++) {
		const struct chk_concern *cc = &c->c[i];
		if (cc->kind < 0)
			continue;
		const struct chk_kind_info *ki = &chk_kinds[cc->kind];
		json_t *m = json_object();
		char id[8];
		snprintf(id, sizeof id, "%zu", i + 1);
		json_object_set_new(m, "id", json_string(id));
		json_object_set_new(m, "summary", jstr(s->desc[i]));
		json_object_set_new(m, "subject",
		                    json_string(matter_subject_name(ki->subject)));
		json_object_set_new(m, "agency", json_string(agency_name(
		    ki->asks_agency && cc->agency >= 0 ? (enum agency)cc->agency
		                                       : AGENCY_COUNCIL)));
		json_t *d = json_object();
		json_object_set_new(d, "event", jday(cc->event));
		json_object_set_new(d, "awareness", jday(cc->aware));
		json_object_set_new(d, "conference_held", jday(cc->conf_held));
		json_object_set_new(d, "minutes_sent", jday(cc->minutes));
		json_object_set_new(m, "dates", d);
		json_t *court = json_object();
		json_object_set_new(court, "status", json_string(court_status_name(
		    c->court >= 0 ? (enum court_status)c->court : COURT_NONE)));
		json_object_set_new(court, "court_agreed",
		                    json_boolean(c->court_agreed == YN_YES));
		json_object_set_new(court, "dealt_with",
		                    json_boolean(cc->kind == KIND_COURT_DECIDED));
		json_object_set_new(court, "report_for_court",
		                    json_boolean(cc->kind == KIND_COURT_REPORT));
		json_object_set_new(m, "court", court);
		if (ki->conference) {
			enum conference_stage cs = c->confstage >= 0
			    ? (enum conference_stage)c->confstage : CONFSTAGE_NONE;
			json_t *conf = json_object();
			json_object_set_new(conf, "stage",
			                    json_string(conference_stage_name(cs)));
			json_object_set_new(conf, "wants_panel", json_boolean(
			    cs == CONFSTAGE_CHAIR_UNRESOLVED));
			json_object_set_new(m, "conference", conf);
		} else {
			enum council_stage st = c->cstage >= 0
			    ? (enum council_stage)c->cstage : CSTAGE_NONE;
			json_t *co = json_object();
			json_object_set_new(co, "stage",
			                    json_string(council_stage_name(st)));
			json_object_set_new(co, "still_dissatisfied", json_boolean(
			    st == CSTAGE_1_ANSWERED || st == CSTAGE_2_ANSWERED));
			json_object_set_new(co, "delaying",
			                    json_boolean(c->delaying == YN_YES));
			json_object_set_new(m, "council", co);
		}
		json_object_set_new(m, "at_risk_now", json_boolean(risk));
		json_array_append_new(ms, m);
	}
	json_object_set_new(f, "matters", ms);
	return f;
}

char *cf_state_access_text(const struct cf_state *s, struct arena *a)
{
	struct textbuf b;
	textbuf_init(&b, a);
	for (int j = 0; j < NEED__MAX; j++) {
		if (!(s->needs & (1u << j)))
			continue;
		if (b.len > 0)
			textbuf_puts(&b, "; ");
		textbuf_puts(&b, cf_needs[j].english);
	}
	if (!blank(s->access)) {
		if (b.len > 0)
			textbuf_puts(&b, "; ");
		textbuf_puts(&b, s->access);
	}
	if (b.failed)
		return NULL;
	return b.len > 0 ? b.data : NULL;
}
