/*
 * complain_check.c — "Check your answers": the complaint shown as it will
 * be recorded, each part with a "Change" link, then the complainant's
 * agreement (a checkbox) and signature (their typed name) — "agree and
 * sign", procedure.md 2.2.2 / S0, reg 15(3) — and sending.
 *
 * Sending is one request: the draft is claimed (so the same form can never
 * make a second case, even when sent twice at once), the intake use case
 * makes the case with channel "web" (triage raises the safeguarding alert
 * for a child at risk now), the agree use case records the agreement and
 * signature, the tracking link is made, and the browser is sent on to the
 * confirmation page (303), which a refresh only shows again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/public.h"
#include "i18n/i18n.h"
#include "web/pages/complain_internal.h"
#include "web/pages/layout.h"
#include "web/response.h"

/* A value that may run over several lines, escaped line by line. */
static void multiline(struct html *h, const char *v)
{
	while (v != NULL && *v) {
		size_t n = strcspn(v, "\r\n");
		html_text_n(h, v, n);
		v += n;
		if (*v == '\r' && v[1] == '\n')
			v++;
		if (*v) {
			html_raw(h, "<br>");
			v++;
		}
	}
}

struct row_ctx {
	struct cf_ctx *c;
	struct html *h;
};

/* One summary row: key (msgid), value (text, already in words), change. */
static void row_open(struct row_ctx *r, const char *key)
{
	html_fmt(r->h, "<div class=\"govuk-summary-list__row\">"
	         "<dt class=\"govuk-summary-list__key\">%T</dt>"
	         "<dd class=\"govuk-summary-list__value\">", key);
}

static void row_close(struct row_ctx *r, const char *key, int step,
                      size_t concern)
{
	char *url = cf_url(r->c, (struct cf_pos){step, concern}, true);
	html_fmt(r->h, "</dd><dd class=\"govuk-summary-list__actions\">"
	         "<a class=\"govuk-link\" href=\"%u\">%T<span class=\"govuk-visually-hidden\"> %T</span></a>"
	         "</dd></div>", url ? url : "#", N_("Change"), key);
}

static void row_text(struct row_ctx *r, const char *key, const char *text,
                     int step, size_t concern)
{
	row_open(r, key);
	if (text != NULL && text[0] != '\0')
		multiline(r->h, text);
	else
		html_tr(r->h, N_("Not given"));
	row_close(r, key, step, concern);
}

static void row_msg(struct row_ctx *r, const char *key, const char *msgid,
                    int step, size_t concern)
{
	row_text(r, key, msgid ? i18n_tr(r->h->lang, msgid) : NULL, step, concern);
}

static void row_answer(struct row_ctx *r, const char *key, int step,
                       size_t concern)
{
	row_msg(r, key, cf_answer_label(r->c, step, concern), step, concern);
}

static const char *yn_msg(int yn)
{
	return yn == YN_YES ? N_("Yes") : yn == YN_NO ? N_("No")
	     : yn == YN_NOT_SURE ? N_("I'm not sure") : NULL;
}

static char *long_date(struct cf_ctx *c, cwyn_day d)
{
	return d == CWYN_DAY_NONE ? NULL : gv_long_date(c->req->arena, c->req->lang, d);
}

static void section(struct html *h, const char *title)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><dl class=\"govuk-summary-list govuk-!-margin-bottom-9\">",
	         title);
}

/* A row about child j; with several children the hidden part of its
 * Change link says which child ("Change The child's age, Child 2"). */
static void child_row(struct row_ctx *r, const char *key, const char *text,
                      size_t j)
{
	if (r->c->s.chk.nk <= 1) {
		row_text(r, key, text, STEP_CHILD, 0);
		return;
	}
	row_open(r, key);
	if (text != NULL && text[0] != '\0')
		html_text(r->h, text);
	else
		html_tr(r->h, N_("Not given"));
	char *url = cf_url(r->c, (struct cf_pos){STEP_CHILD, j}, true);
	html_fmt(r->h, "</dd><dd class=\"govuk-summary-list__actions\">"
	         "<a class=\"govuk-link\" href=\"%u\">%T<span class=\"govuk-visually-hidden\"> %T, ",
	         url ? url : "#", N_("Change"), key);
	html_trf(r->h, N_("Child %d"), (int)j + 1);
	html_raw(r->h, "</span></a></dd></div>");
}

static void child_rows(struct row_ctx *r, size_t j)
{
	const struct cf_state *s = &r->c->s;
	bool y = s->chk.young;
	struct chk_child ch = chk_child_get(&s->chk, j);
	const char *(*tr)(enum language, const char *) = i18n_tr;
	enum language lang = r->h->lang;
	if (!y)
		child_row(r, N_("The child's first name"), s->child_names[j], j);
	child_row(r, y ? N_("Your age") : N_("The child's age"),
	          ch.age >= 0 ? arena_printf(r->c->req->arena, "%d", ch.age) : NULL, j);
	const char *la = yn_msg(ch.looked_after), *edu = yn_msg(ch.education);
	child_row(r, N_("In care now or before"), la ? tr(lang, la) : NULL, j);
	child_row(r, N_("In education"), edu ? tr(lang, edu) : NULL, j);
}

static void summary(struct cf_ctx *c, struct html *h)
{
	struct row_ctx r = {c, h};
	const struct cf_state *s = &c->s;
	const struct chk_state *k = &s->chk;
	bool y = k->young;

	section(h, N_("About you"));
	if (!y)
		row_answer(&r, N_("Who you are"), STEP_WHO, 0);
	row_text(&r, N_("Your name"), s->name, CF_NAME, 0);
	if (s->rep == YN_YES) {
		row_open(&r, N_("Complaining for someone else"));
		html_tr(h, N_("Yes"));
		html_raw(h, ": ");
		html_text(h, s->rep_for);
		row_close(&r, N_("Complaining for someone else"), CF_REP, 0);
	} else {
		row_msg(&r, N_("Complaining for someone else"), yn_msg(s->rep), CF_REP, 0);
	}
	html_raw(h, "</dl>");

	section(h, N_("How we contact you"));
	row_text(&r, N_("Email address"), s->email, CF_CONTACT, 0);
	row_text(&r, N_("Phone number"), s->phone, CF_CONTACT, 0);
	row_text(&r, N_("Postal address"), s->address, CF_CONTACT, 0);
	row_msg(&r, N_("Contact me by"),
	        s->pref == PREF_EMAIL ? N_("Email") : s->pref == PREF_PHONE
	        ? N_("Phone") : s->pref == PREF_POST ? N_("Post") : NULL,
	        CF_CONTACT, 0);
	row_text(&r, N_("Times to avoid"), s->avoid, CF_CONTACT, 0);
	row_answer(&r, N_("Language for letters"), CF_LANGUAGE, 0);
	row_open(&r, N_("Help you need"));
	bool any = false;
	for (int j = 0; j < NEED__MAX; j++) {
		if (!(s->needs & (1u << j)))
			continue;
		if (any)
			html_raw(h, "<br>");
		html_tr(h, cf_needs[j].label);
		any = true;
	}
	if (s->access != NULL) {
		if (any)
			html_raw(h, "<br>");
		multiline(h, s->access);
		any = true;
	}
	if (!any)
		html_tr(h, N_("None"));
	row_close(&r, N_("Help you need"), CF_ACCESS, 0);
	html_raw(h, "</dl>");

	bool several = !y && k->nk > 1;
	section(h, y ? N_("About you and your safety")
	             : several ? N_("The children") : N_("The child"));
	row_answer(&r, y ? N_("In danger right now") : N_("At risk of harm right now"),
	           STEP_RISK, 0);
	if (!several)
		child_rows(&r, 0);
	html_raw(h, "</dl>");
	/* Several children: one part each, "Child 2" with its own Change
	 * links (the child page also removes it). */
	for (size_t j = 0; several && j < k->nk && j < CHK_MAX_CHILDREN; j++) {
		html_raw(h, "<h2 class=\"govuk-heading-m\">");
		html_trf(h, N_("Child %d"), (int)j + 1);
		html_raw(h, "</h2><dl class=\"govuk-summary-list govuk-!-margin-bottom-9\">");
		child_rows(&r, j);
		html_raw(h, "</dl>");
	}

	for (size_t i = 0; i < k->n && i < CHK_MAX_CONCERNS; i++) {
		const struct chk_concern *cc = &k->c[i];
		if (cc->kind < 0)
			continue;
		html_raw(h, "<h2 class=\"govuk-heading-m\">");
		html_trf(h, N_("Concern %zu"), i + 1);
		html_raw(h, "</h2><dl class=\"govuk-summary-list govuk-!-margin-bottom-9\">");
		row_answer(&r, N_("What it is about"), STEP_CONCERN, i);
		if (chk_kinds[cc->kind].asks_agency)
			row_answer(&r, N_("Who it is about"), STEP_AGENCY, i);
		if (cc->kind != KIND_COURT_START && cc->kind != KIND_COURT_DECIDED) {
			row_text(&r, N_("What happened"), s->desc[i], STEP_DATES, i);
			if (chk_kinds[cc->kind].conference) {
				row_text(&r, N_("Date of the conference"),
				         long_date(c, cc->conf_held), STEP_DATES, i);
				row_text(&r, N_("Date the minutes were sent"),
				         long_date(c, cc->minutes), STEP_DATES, i);
			} else {
				row_text(&r, N_("Date it happened"), long_date(c, cc->event),
				         STEP_DATES, i);
				row_text(&r, N_("Date you found out about it"),
				         long_date(c, cc->aware), STEP_DATES, i);
			}
		}
		html_raw(h, "</dl>");
	}

	section(h, N_("Court and your complaint so far"));
	row_answer(&r, N_("Court proceedings"), STEP_COURT, 0);
	if (k->court == COURT_ONGOING)
		row_answer(&r, N_("The court has agreed"), STEP_COURT_AGREED, 0);
	if (k->cstage >= 0)
		row_answer(&r, N_("Your complaint to the council so far"), STEP_PROGRESS, 0);
	if (k->delaying != YN_UNSET)
		row_answer(&r, N_("The council has missed a deadline"), STEP_DELAY, 0);
	if (k->confstage >= 0)
		row_answer(&r, N_("Complained to the conference chair"), STEP_CONF_PROGRESS, 0);
	html_raw(h, "</dl>");
}

void cf_check_page(struct cf_ctx *c, int status)
{
	char *self = cf_url(c, (struct cf_pos){CF_CHECK, 0}, false);
	char *back = cf_url(c, (struct cf_pos){CF_ACCESS, 0}, false);
	struct page pg;
	page_begin_flags(&pg, c->req, N_("Check your complaint before you send it"),
	                 c->nerrors > 0, self ? self : "/complain", back, PAGE_SENDS);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	gv_error_summary(h, c->errors, c->nerrors);
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%T</h1><p class=\"govuk-body\">%T</p>",
	         N_("Check your complaint before you send it"),
	         N_("This is your complaint as we will record it. Change anything "
	            "that is wrong or missing."));
	summary(c, h);
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
	         N_("Agree and sign your complaint"),
	         N_("By agreeing and signing you confirm that this is an accurate "
	            "record of your complaint. The council will record your "
	            "agreement with it."));
	html_raw(h, "<form method=\"post\" action=\"/complain/check\" novalidate>");
	gv_hidden(h, "t", c->token);
	const char *agree_err = cf_error_for(c, "agree");
	html_fmt(h, "<div class=\"govuk-form-group%a\"><fieldset class=\"govuk-fieldset\">"
	         "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%T</legend>",
	         agree_err ? " govuk-form-group--error" : "", N_("Your agreement"));
	if (agree_err)
		html_fmt(h, "<p id=\"agree-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), agree_err);
	const char *agreed = cf_posted(c, "agree");
	html_raw(h, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">"
	         "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
	         "id=\"agree\" name=\"agree\" type=\"checkbox\" value=\"yes\"");
	if (agree_err)
		html_raw(h, " aria-describedby=\"agree-error\"");
	if (agreed != NULL && strcmp(agreed, "yes") == 0)
		html_raw(h, " checked");
	html_fmt(h, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"agree\">%T</label>"
	         "</div></div></fieldset></div>",
	         N_("I agree this is an accurate record of my complaint"));
	gv_text_input(h, "sign", N_("Type your full name to sign"),
	              N_("This is your signature. It tells us the complaint is yours."),
	              cf_posted(c, "sign"), cf_error_for(c, "sign"), NULL, false);
	gv_button(h, N_("Agree and send complaint"));
	html_raw(h, "</form></div></div>");
	page_end(&pg, status);
}

/* ---- Sending --------------------------------------------------------------- */

static void send_failed(struct cf_ctx *c, const struct cwyn_error *err)
{
	if (err->code == CWYN_EDB || err->code == CWYN_EIO)
		c->db_broken = true;
	fprintf(stderr, "cwyn: complaint form: sending: %s: %s\n", err->field,
	        err->message);
	respond_error_page(c->req, err->code == CWYN_EINVAL ? 400 : 500,
	                   N_("your complaint could not be sent and nothing was "
	                      "recorded; please try again or contact the council"));
}

void cf_check_post(struct cf_ctx *c)
{
	const char *agree = cf_posted(c, "agree");
	const char *sign = cf_posted(c, "sign");
	char *signature = NULL;
	if (agree == NULL || strcmp(agree, "yes") != 0)
		cf_error(c, "agree", N_("Select that you agree this is an accurate record of your complaint"));
	if (sign != NULL) {
		while (*sign == ' ' || *sign == '\t')
			sign++;
		signature = arena_strdup(c->req->arena, sign);
		size_t n = signature ? strlen(signature) : 0;
		while (n > 0 && (signature[n - 1] == ' ' || signature[n - 1] == '\t'))
			signature[--n] = '\0';
		for (char *p = signature; p && *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
	}
	if (signature == NULL || signature[0] == '\0')
		cf_error(c, "sign", N_("Type your full name to sign your complaint"));
	else if (strlen(signature) > CF_MAX_SIGNATURE)
		cf_error(c, "sign", N_("Your signature must be 200 characters or fewer"));
	struct cf_pos miss = cf_first_missing(&c->s);
	if (miss.step != CF_CHECK) {
		char *url = cf_url(c, miss, false);
		page_redirect(c->req, url ? url : "/complain");
		return;
	}
	if (c->nerrors > 0) {
		cf_check_page(c, 400);
		return;
	}

	struct cwyn_error err = {0};
	bool won = false;
	if (store_draft_claim(c->db, c->id, &won, &err) != CWYN_OK) {
		send_failed(c, &err);
		return;
	}
	if (!won) {
		cf_already_sent(c);
		return;
	}
	struct app_ctx ctx = {
	    .db = c->db,
	    .policy = cf_policy(c->app),
	    .cal = cf_calendar(c->app),
	    .today = cf_today(c->app),
	};
	const struct cf_state *s = &c->s;
	json_t *facts = cf_state_facts_json(s, ctx.today);
	char *facts_text = facts ? json_dumps(facts, JSON_COMPACT) : NULL;
	json_decref(facts);
	enum language lang = cf_state_language(s, c->req->lang);
	const char *labels[CHK_MAX_CHILDREN] = {NULL};
	size_t nlabels = 0;
	for (size_t j = 0; j < s->chk.nk && j < CHK_MAX_CHILDREN; j++)
		labels[nlabels++] = s->child_names[j];
	struct app_intake in = {
	    .facts_json = facts_text,
	    .facts_len = facts_text ? strlen(facts_text) : 0,
	    .complainant = {
	        .name = s->name,
	        .is_representative = s->rep == YN_YES,
	        .represents = s->rep == YN_YES ? s->rep_for : NULL,
	        .email = s->email,
	        .phone = s->phone,
	        .address = s->address,
	        .language_set = true,
	        .language = lang,
	        .contact_preference = cf_pref_name(s->pref),
	        .accessibility_needs = cf_state_access_text(s, c->req->arena),
	    },
	    .child_labels = labels,
	    .n_child_labels = nlabels,
	    .channel = "web",
	};
	struct app_intake_result res;
	enum cwyn_code rc = facts_text == NULL
	    ? cwyn_fail(&err, CWYN_ENOMEM, "facts", "out of memory")
	    : app_public_actor(c->db, c->app->default_authority, &ctx.actor, &err);
	if (rc == CWYN_OK && ctx.actor.authority_id != c->draft.authority_id)
		rc = cwyn_fail(&err, CWYN_ESTATE, "authority",
		               "the form belongs to another authority");
	if (rc == CWYN_OK)
		rc = app_intake(&ctx, &in, &res, &err);
	free(facts_text);
	if (rc != CWYN_OK) {
		struct cwyn_error e2 = {0};
		store_draft_release(c->db, c->id, &e2);
		send_failed(c, &err);
		return;
	}
	/* The case exists from here on: whatever fails below is logged and
	 * the complainant still gets their reference. */
	struct app_case_ref agreed;
	if (app_agree(&ctx, res.ref.reference, 0, signature, &agreed, &err) !=
	    CWYN_OK)
		fprintf(stderr, "cwyn: complaint form: %s: agreement not recorded: "
		        "%s: %s\n", res.ref.reference, err.field, err.message);
	const char *needs[NEED__MAX];
	size_t nn = 0;
	for (int j = 0; j < NEED__MAX; j++)
		if (s->needs & (1u << j))
			needs[nn++] = cf_needs[j].value;
	struct app_public_receipt receipt = {
	    .form = s->chk.young ? "young_people" : "adult",
	    .contact_avoid = s->avoid,
	    .needs = needs,
	    .n_needs = nn,
	};
	char secret[APP_TRACK_SECRET_SIZE];
	rc = app_public_receipt(&ctx, res.ref.reference, &receipt, secret, &err);
	struct cwyn_error e3 = {0};
	if (store_draft_sent(c->db, c->id, res.ref.case_id, res.ref.reference,
	                     &e3) != CWYN_OK)
		fprintf(stderr, "cwyn: complaint form: %s: draft not closed: %s\n",
		        res.ref.reference, e3.message);
	if (rc != CWYN_OK) {
		fprintf(stderr, "cwyn: complaint form: %s: no tracking link: %s\n",
		        res.ref.reference, err.message);
		snprintf(c->draft.reference, sizeof c->draft.reference, "%s",
		         res.ref.reference);
		cf_already_sent(c);
		return;
	}
	char *url = arena_printf(c->req->arena, "/complain/sent/%s/%s",
	                         res.ref.reference, secret);
	sodium_memzero(secret, sizeof secret);
	page_redirect(c->req, url ? url : "/complain");
}
