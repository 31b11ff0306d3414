/*
 * staff_actions.c — the forms that change a case, one page each:
 *
 *   /staff/cases/{ref}/matters/{n}/{action}   a lifecycle step (app_advance)
 *   /staff/cases/{ref}/clocks/{id}/extend     extend with agreement (app_extend)
 *   /staff/cases/{ref}/close                  close with the outcome and,
 *                                             optionally, the lessons learned
 *                                             (app_close_lessons)
 *   /staff/cases/{ref}/reopen                 reopen a closed case, with the
 *                                             reason (app_reopen)
 *   /staff/cases/{ref}/agreement              the complainant's agreement to
 *                                             the written record (app_agree)
 *
 * GET shows the form; POST (with the session's CSRF token) goes through
 * the use case and, on success, comes back to the case page with a 303
 * and a success banner. A refusal shows the form again with the reason in
 * a GOV.UK error summary: a step the lifecycle does not allow now says
 * why; a case changed by someone else since the form was opened (the
 * version it carries) says so and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n/i18n.h"
#include "web/pages/components.h"
#include "web/pages/staff.h"
#include "web/pages/staff_case.h"
#include "web/pages/staff_words.h"

#define MAX_NOTE 20000
#define MAX_TEXT 2000
#define MAX_REASON 4000   /* app/close.c's limit on a closing or reopening reason */
#define MAX_LESSONS 8000  /* app_close_lessons' limit (app.h) */

#define MSG_CONFLICT N_("Someone else changed this case after you opened it. " \
	"Nothing was changed. Open the case again to see the latest version.")

/* One form page being built. */
struct form_ctx {
	struct staff *s;
	struct app_case_view v;
	int64_t version;          /* the version the user saw */
	struct gv_error errors[6];
	size_t nerrors;
	bool posted;              /* show what was typed */
};

static void add_error(struct form_ctx *f, const char *field, const char *msgid)
{
	if (f->nerrors < sizeof f->errors / sizeof f->errors[0])
		f->errors[f->nerrors++] = (struct gv_error){field, msgid};
}

static const char *error_for(const struct form_ctx *f, const char *field)
{
	for (size_t i = 0; i < f->nerrors; i++)
		if (strcmp(f->errors[i].field_id, field) == 0)
			return f->errors[i].msgid;
	return NULL;
}

/* A use case's refusal on the form: its message, on its field if the form
 * has one, else at the top. */
/*
 * Errors that are not about what was typed: the case is gone or not
 * the user's, or the database or the server failed. They get the
 * failure page (staff_fail); everything else goes back to the form.
 */
static bool is_page_failure(const struct cwyn_error *err)
{
	switch (err->code) {
	case CWYN_ENOTFOUND:
	case CWYN_EFORBIDDEN:
	case CWYN_EDB:
	case CWYN_EIO:
	case CWYN_ENOMEM:
	case CWYN_EINTERNAL:
		return true;
	default:
		return false;
	}
}

static void use_case_error(struct form_ctx *f, const struct cwyn_error *err,
                           const char *const *fields, size_t nfields,
                           const char *fallback_field)
{
	if (err->code == CWYN_ECONFLICT) {
		add_error(f, "version", MSG_CONFLICT);
		return;
	}
	const char *msg = arena_strdup(f->s->req->arena, err->message);
	const char *field = fallback_field;
	for (size_t i = 0; i < nfields; i++)
		if (strcmp(err->field, fields[i]) == 0)
			field = fields[i];
	add_error(f, field, msg ? msg : N_("The change was refused"));
}

static int64_t parse_i64(const char *s, int64_t min, int64_t max)
{
	if (s == NULL || s[0] == '\0' || strlen(s) > 18)
		return -1;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	long long v = strtoll(s, NULL, 10);
	return v >= min && v <= max ? (int64_t)v : -1;
}

/* Load the case (audited) and the version the user saw (query or form). */
static bool load(struct form_ctx *f, struct staff *s, bool posted)
{
	memset(f, 0, sizeof *f);
	f->s = s;
	f->posted = posted;
	const char *ref = staff_ref(s);
	if (ref == NULL)
		return false;
	struct cwyn_error err = {0};
	if (app_case_read(&s->ctx, ref, s->req->arena, &f->v, &err) != CWYN_OK) {
		staff_fail(s, &err);
		return false;
	}
	const char *ver = posted ? staff_form(s, "version")
	                         : web_request_query(s->req, "version");
	int64_t v = parse_i64(ver, 1, INT64_MAX);
	f->version = v > 0 ? v : f->v.c.version;
	return true;
}

static void not_available(struct staff *s)
{
	staff_message_page(s->req, s, 404, N_("This step is not available"),
	                   N_("This step cannot be taken on this case now. Go "
	                      "back to the case to see what can be done."));
}

static char *case_url(struct arena *a, const struct app_case_view *v)
{
	return arena_printf(a, "/staff/cases/%s", v->c.reference);
}

static void done(struct staff *s, const struct app_case_ref *r, const char *what)
{
	char *url = arena_printf(s->req->arena, "/staff/cases/%s?done=%s",
	                         r->reference, what);
	page_redirect(s->req, url ? url : "/staff");
}

/* The page around a form: title, caption, error summary, <form>. */
static struct html *form_begin(struct page *pg, struct form_ctx *f,
                               const char *title_msgid, const char *action)
{
	struct web_request *req = f->s->req;
	const char *title = staff_cap(req->arena, i18n_tr(req->lang, title_msgid));
	char *back = case_url(req->arena, &f->v);
	staff_page_begin(pg, req, f->s, title, f->nerrors > 0, req->path, back);
	struct html *h = &pg->h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	gv_error_summary(h, f->errors, f->nerrors);
	if (error_for(f, "version") != NULL && back != NULL)
		html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T</a></p>",
		         back, N_("Open the case again"));
	html_raw(h, "<span class=\"govuk-caption-l\">");
	html_trf(h, N_("Case %s"), f->v.c.reference);
	html_raw(h, "</span>");
	html_fmt(h, "<h1 class=\"govuk-heading-l\">%t</h1>", title);
	html_fmt(h, "<form method=\"post\" action=\"%u\" novalidate>", action);
	staff_csrf_field(h, f->s);
	gv_hidden(h, "version", staff_i64(req->arena, f->version));
	return h;
}

static void form_end(struct page *pg, struct form_ctx *f, const char *button)
{
	struct html *h = &pg->h;
	gv_button(h, button);
	char *back = case_url(f->s->req->arena, &f->v);
	html_fmt(h, "</form><p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T</a></p>"
	         "</div></div>", back ? back : "/staff", N_("Cancel and go back to the case"));
	staff_page_end(pg, f->nerrors == 0 ? 200
	                   : error_for(f, "version") ? 409 : 400);
}

static void textarea(struct html *h, const char *name, const char *label,
                     const char *hint, const char *value, const char *error)
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
	char *desc = arena_printf(h->arena, "%s%s%s%s", hint ? name : "",
	                          hint ? "-hint" : "", error ? " " : "", "");
	if (error)
		desc = arena_printf(h->arena, "%s%s-error", desc ? desc : "", name);
	html_fmt(h, "<textarea class=\"govuk-textarea%a\" id=\"%a\" name=\"%a\" rows=\"4\"",
	         error ? " govuk-textarea--error" : "", name, name);
	if (desc && desc[0])
		html_fmt(h, " aria-describedby=\"%a\"", desc);
	html_fmt(h, ">%t</textarea></div>", value ? value : "");
}

static void checkbox(struct html *h, const char *name, const char *label,
                     bool checked, const char *error)
{
	html_fmt(h, "<div class=\"govuk-form-group%a\">", error ? " govuk-form-group--error" : "");
	if (error)
		html_fmt(h, "<p id=\"%a-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         name, N_("Error:"), error);
	html_fmt(h, "<div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">"
	         "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" "
	         "id=\"%a\" name=\"%a\" type=\"checkbox\" value=\"yes\"", name, name);
	if (checked)
		html_raw(h, " checked");
	if (error)
		html_fmt(h, " aria-describedby=\"%a-error\"", name);
	html_fmt(h, "><label class=\"govuk-label govuk-checkboxes__label\" for=\"%a\">%T</label></div></div></div>",
	         name, label);
}

static void date_field(struct html *h, const struct form_ctx *f,
                       const char *name, const char *legend, const char *hint)
{
	struct arena *a = f->s->req->arena;
	struct gv_date_value dv = {0};
	if (f->posted) {
		dv.day = staff_form(f->s, arena_printf(a, "%s-day", name));
		dv.month = staff_form(f->s, arena_printf(a, "%s-month", name));
		dv.year = staff_form(f->s, arena_printf(a, "%s-year", name));
	}
	const char *e = error_for(f, name);
	dv.bad_day = dv.bad_month = dv.bad_year = e != NULL;
	gv_date_input(h, name, legend, hint, &dv, e);
}

/* ---- Lifecycle steps -------------------------------------------------------- */

struct step {
	int seq;
	enum stage_action action;
	const struct store_matter *m;
	enum stage_kind kind;
	enum stage_state state;
	unsigned outcomes;
};

/* The matter and action from the path, offered to this user now. */
static bool load_step(struct form_ctx *f, struct step *st)
{
	const char *n = web_request_param(f->s->req, "n");
	const char *a = web_request_param(f->s->req, "action");
	int64_t seq = parse_i64(n, 1, 9999);
	memset(st, 0, sizeof *st);
	if (seq < 1 || a == NULL || !stage_action_from_name(a, &st->action) ||
	    (st->m = staff_view_matter(&f->v, (int)seq)) == NULL)
		return false;
	st->seq = (int)seq;
	enum stage_action acts[ACT__MAX];
	size_t k = staff_offered_actions(f->s, &f->v, st->m, acts, &st->kind,
	                                 &st->state);
	for (size_t i = 0; i < k; i++)
		if (acts[i] == st->action) {
			st->outcomes = lifecycle_action_outcomes(st->kind, st->state,
			                                         st->action);
			return true;
		}
	return false;
}

static void outcome_radios(struct html *h, const struct form_ctx *f,
                           unsigned outcomes, const char *legend)
{
	struct gv_option opts[OUTCOME__MAX];
	size_t n = 0;
	for (int o = 1; o < OUTCOME__MAX; o++)
		if (outcomes & (1u << o))
			opts[n++] = (struct gv_option){outcome_name((enum outcome)o),
			                               outcome_label((enum outcome)o), NULL};
	if (n == 0)
		return;
	gv_radios(h, "outcome", legend, false, NULL, opts, n,
	          f->posted ? staff_form(f->s, "outcome") : NULL,
	          error_for(f, "outcome"));
}

static void investigators(struct html *h, struct form_ctx *f)
{
	struct store_user *u = NULL;
	size_t n = 0;
	store_user_list(f->s->db, f->s->ctx.actor.authority_id, h->arena, &u, &n, NULL);
	const char *sel = f->posted ? staff_form(f->s, "investigator") : NULL;
	const char *e = error_for(f, "investigator");
	html_fmt(h, "<div class=\"govuk-form-group%a\"><label class=\"govuk-label govuk-label--s\" "
	         "for=\"investigator\">%T</label>", e ? " govuk-form-group--error" : "",
	         N_("Independent investigator"));
	if (e)
		html_fmt(h, "<p id=\"investigator-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>", N_("Error:"), e);
	html_fmt(h, "<select class=\"govuk-select\" id=\"investigator\" name=\"investigator\">"
	         "<option value=\"\">%T</option>", N_("Not recorded here"));
	for (size_t i = 0; i < n; i++) {
		if (u[i].disabled || u[i].role == NULL || strcmp(u[i].role, "investigator") != 0)
			continue;
		char *id = staff_i64(h->arena, u[i].id);
		html_fmt(h, "<option value=\"%a\"", id ? id : "");
		if (sel && id && strcmp(sel, id) == 0)
			html_raw(h, " selected");
		html_fmt(h, ">%t</option>", u[i].display_name && u[i].display_name[0] ? u[i].display_name
		                                                   : u[i].username);
	}
	html_raw(h, "</select></div>");
}

static void step_page(struct form_ctx *f, const struct step *st)
{
	struct page pg;
	char *action = arena_printf(f->s->req->arena, "/staff/cases/%s/matters/%d/%s",
	                            f->v.c.reference, st->seq,
	                            stage_action_name(st->action));
	struct html *h = form_begin(&pg, f, stage_action_label(st->action),
	                            action ? action : "#");
	html_raw(h, "<p class=\"govuk-body\">");
	html_trf(h, N_("Matter %d: %s"), st->seq,
	         staff_subject_text(h->lang, st->m->subject));
	html_raw(h, "<br>");
	html_trf(h, N_("Now at: %s — %s"), i18n_tr(h->lang, stage_kind_label(st->kind)),
	         i18n_tr(h->lang, stage_state_label(st->state)));
	html_raw(h, "</p>");
	if (st->outcomes != 0)
		outcome_radios(h, f, st->outcomes, N_("Outcome of the complaint"));
	if (st->action == ACT_APPOINT_INVESTIGATOR) {
		investigators(h, f);
		checkbox(h, "independent",
		         N_("I confirm the investigator is independent: not a member "
		            "or officer of the council, nor the spouse or civil "
		            "partner of one"),
		         f->posted && staff_form(f->s, "independent"),
		         error_for(f, "independent"));
	}
	if (st->action == ACT_ESCALATE_TO_PANEL)
		checkbox(h, "wishes", N_("The complainant wishes the complaint to go "
		                         "to the Safeguarding Children Board panel"),
		         f->posted && staff_form(f->s, "wishes"), error_for(f, "wishes"));
	date_field(h, f, "on", N_("When did this happen?"),
	           N_("Leave empty for today. For example, 27 3 2026"));
	textarea(h, "note", N_("Note for the timeline (optional)"), NULL,
	         f->posted ? staff_form(f->s, "note") : NULL, error_for(f, "note"));
	form_end(&pg, f, N_("Save"));
}

void handle_staff_action(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct form_ctx f;
	struct step st;
	if (load(&f, &s, false)) {
		if (load_step(&f, &st))
			step_page(&f, &st);
		else
			not_available(&s);
	}
	staff_end(&s);
}

void handle_staff_action_post(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM, &s))
		return;
	struct form_ctx f;
	struct step st;
	struct cwyn_error err = {0};
	if (!load(&f, &s, true))
		goto out;
	if (!load_step(&f, &st)) {
		/* Not offered any more: say why, from the lifecycle itself. */
		const char *n = web_request_param(req, "n");
		const char *a = web_request_param(req, "action");
		int64_t seq = parse_i64(n, 1, 9999);
		enum stage_action act;
		if (seq < 1 || a == NULL || !stage_action_from_name(a, &act) ||
		    staff_view_matter(&f.v, (int)seq) == NULL) {
			not_available(&s);
			goto out;
		}
		st.seq = (int)seq;
		st.action = act;
		st.m = staff_view_matter(&f.v, (int)seq);
	}
	struct app_advance in = {
	    .reference = f.v.c.reference,
	    .version = f.version,
	    .matter_seq = st.seq,
	    .action = st.action,
	    .outcome = OUTCOME_NONE,
	    .investigator_independent = staff_form(&s, "independent") != NULL,
	    .complainant_wishes_panel = staff_form(&s, "wishes") != NULL,
	    .on = CWYN_DAY_NONE,
	    .note = staff_form_text(&s, "note"),
	};
	const char *oc = staff_form(&s, "outcome");
	if (oc != NULL && oc[0] && !outcome_from_name(oc, &in.outcome))
		add_error(&f, "outcome", N_("Select an outcome"));
	const char *inv = staff_form(&s, "investigator");
	if (inv != NULL && inv[0]) {
		int64_t id = parse_i64(inv, 1, INT64_MAX);
		if (id < 1)
			add_error(&f, "investigator", N_("Select an investigator from the list"));
		else
			in.investigator_user_id = id;
	}
	const char *derr = staff_form_date(&s, "on", s.ctx.today, &in.on);
	if (derr)
		add_error(&f, "on", derr);
	if (in.note && strlen(in.note) > MAX_NOTE)
		add_error(&f, "note", N_("The note must be 20000 characters or fewer"));
	if (st.action == ACT_APPOINT_INVESTIGATOR && !in.investigator_independent)
		add_error(&f, "independent", N_("Confirm that the investigator is independent"));
	if (st.action == ACT_ESCALATE_TO_PANEL && !in.complainant_wishes_panel)
		add_error(&f, "wishes", N_("Confirm that the complainant wishes to go to the panel"));
	if (st.outcomes != 0 && in.outcome == OUTCOME_NONE &&
	    __builtin_popcount(st.outcomes) > 1 && !error_for(&f, "outcome"))
		add_error(&f, "outcome", N_("Select an outcome"));
	if (f.nerrors == 0) {
		struct app_case_ref out = {0};
		if (app_advance(&s.ctx, &in, &out, &err) == CWYN_OK) {
			done(&s, &out, stage_action_name(st.action));
			goto out;
		}
		if (is_page_failure(&err)) {
			staff_fail(&s, &err);
			goto out;
		}
		static const char *const fields[] = {"outcome", "on", "note"};
		if (strcmp(err.field, "investigator_independent") == 0)
			snprintf(err.field, sizeof err.field, "independent");
		else if (strcmp(err.field, "complainant_wishes_panel") == 0)
			snprintf(err.field, sizeof err.field, "wishes");
		static const char *const more[] = {"independent", "wishes", "investigator"};
		use_case_error(&f, &err, fields, 3, "note");
		if (f.nerrors > 0 && strcmp(f.errors[f.nerrors - 1].field_id, "note") == 0)
			for (size_t i = 0; i < 3; i++)
				if (strcmp(err.field, more[i]) == 0)
					f.errors[f.nerrors - 1].field_id = more[i];
	}
	if (st.outcomes == 0 && st.m != NULL)
		st.outcomes = lifecycle_action_outcomes(st.kind, st.state, st.action);
	if (st.m == NULL) {
		not_available(&s);
		goto out;
	}
	step_page(&f, &st);
out:
	staff_end(&s);
}

/* ---- Extending a clock -------------------------------------------------------- */

static const struct store_clock *find_clock(const struct app_case_view *v,
                                            int64_t id)
{
	for (size_t i = 0; i < v->n_clocks; i++)
		if (v->clocks[i].id == id)
			return &v->clocks[i];
	return NULL;
}

static const struct store_clock *load_clock(struct form_ctx *f)
{
	int64_t id = parse_i64(web_request_param(f->s->req, "id"), 1, INT64_MAX);
	const struct store_clock *k = id > 0 ? find_clock(&f->v, id) : NULL;
	if (k == NULL || strcmp(k->state, "running") != 0 ||
	    strcmp(f->v.c.status, "open") != 0 ||
	    !staff_may(f->s, AZ_CLOCK_EXTEND, &f->v.c))
		return NULL;
	return k;
}

static void extend_page(struct form_ctx *f, const struct store_clock *k)
{
	struct page pg;
	char *action = arena_printf(f->s->req->arena, "/staff/cases/%s/clocks/%lld/extend",
	                            f->v.c.reference, (long long)k->id);
	struct html *h = form_begin(&pg, f, N_("Extend a time limit with agreement"),
	                            action ? action : "#");
	html_raw(h, "<p class=\"govuk-body\">");
	html_trf(h, N_("%s: due %s."),
	         staff_clock_label(f->s->ctx.policy, h->lang, k->timescale),
	         staff_date_inline(h, k->due_on));
	html_raw(h, "</p>");
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("A time limit can only be extended with the complainant's "
	            "agreement, and the reason is recorded on the case."));
	gv_text_input(h, "agreed_with", N_("Agreed with"),
	              N_("For example, the complainant, or their advocate"),
	              f->posted ? staff_form(f->s, "agreed_with") : NULL,
	              error_for(f, "agreed_with"), "govuk-!-width-two-thirds", false);
	date_field(h, f, "agreed_on", N_("Agreed on"), N_("For example, 27 3 2026"));
	gv_text_input(h, "extra_days", N_("Extra working days"),
	              N_("How many working days to add to the time limit"),
	              f->posted ? staff_form(f->s, "extra_days") : NULL,
	              error_for(f, "extra_days"), "govuk-input--width-3", true);
	textarea(h, "reason", N_("Reason"), NULL,
	         f->posted ? staff_form(f->s, "reason") : NULL, error_for(f, "reason"));
	checkbox(h, "exceptional", N_("There are exceptional circumstances"),
	         f->posted && staff_form(f->s, "exceptional"),
	         error_for(f, "exceptional"));
	form_end(&pg, f, N_("Extend the time limit"));
}

void handle_staff_extend(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct form_ctx f;
	if (load(&f, &s, false)) {
		const struct store_clock *k = load_clock(&f);
		if (k != NULL)
			extend_page(&f, k);
		else
			not_available(&s);
	}
	staff_end(&s);
}

void handle_staff_extend_post(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM, &s))
		return;
	struct form_ctx f;
	struct cwyn_error err = {0};
	if (!load(&f, &s, true))
		goto out;
	const struct store_clock *k = load_clock(&f);
	if (k == NULL) {
		not_available(&s);
		goto out;
	}
	struct app_extend in = {
	    .reference = f.v.c.reference,
	    .version = f.version,
	    .clock_id = k->id,
	    .agreed_with = staff_form_text(&s, "agreed_with"),
	    .reason = staff_form_text(&s, "reason"),
	    .new_due = CWYN_DAY_NONE,
	    .exceptional = staff_form(&s, "exceptional") != NULL,
	};
	if (in.agreed_with == NULL)
		add_error(&f, "agreed_with", N_("Enter who agreed the extension"));
	else if (strlen(in.agreed_with) > 200)
		add_error(&f, "agreed_with", N_("This must be 200 characters or fewer"));
	const char *derr = staff_form_date(&s, "agreed_on", s.ctx.today, &in.agreed_on);
	if (derr)
		add_error(&f, "agreed_on", derr);
	else if (in.agreed_on == CWYN_DAY_NONE)
		add_error(&f, "agreed_on", N_("Enter the date the extension was agreed"));
	int64_t days = parse_i64(staff_form(&s, "extra_days"), 1, 365);
	if (days < 1)
		add_error(&f, "extra_days", N_("Enter the extra working days as a number from 1 to 365"));
	in.extra_days = (int)days;
	if (in.reason == NULL)
		add_error(&f, "reason", N_("Enter the reason for the extension"));
	else if (strlen(in.reason) > MAX_TEXT)
		add_error(&f, "reason", N_("The reason must be 2000 characters or fewer"));
	if (f.nerrors == 0) {
		struct app_case_ref out = {0};
		if (app_extend(&s.ctx, &in, &out, &err) == CWYN_OK) {
			done(&s, &out, "extended");
			goto out;
		}
		if (is_page_failure(&err)) {
			staff_fail(&s, &err);
			goto out;
		}
		static const char *const fields[] = {"agreed_with", "agreed_on",
		                                     "extra_days", "reason",
		                                     "exceptional"};
		use_case_error(&f, &err, fields, 5, "reason");
	}
	extend_page(&f, k);
out:
	staff_end(&s);
}

/* ---- Closing the case ----------------------------------------------------------- */

#define CLOSE_OUTCOMES ((1u << OUTCOME_UPHELD) | (1u << OUTCOME_PARTLY_UPHELD) | \
	(1u << OUTCOME_NOT_UPHELD) | (1u << OUTCOME_RESOLVED) | (1u << OUTCOME_WITHDRAWN))

static bool may_close(struct form_ctx *f)
{
	return strcmp(f->v.c.status, "open") == 0 &&
	       staff_may(f->s, AZ_CASE_CLOSE, &f->v.c);
}

static void close_page(struct form_ctx *f)
{
	struct page pg;
	char *action = arena_printf(f->s->req->arena, "/staff/cases/%s/close",
	                            f->v.c.reference);
	struct html *h = form_begin(&pg, f, N_("Close the case"), action ? action : "#");
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("Every stage must be over before the case is closed, unless "
	            "the complainant has withdrawn it. Time limits still running "
	            "stop."));
	outcome_radios(h, f, CLOSE_OUTCOMES, N_("Outcome of the complaint"));
	textarea(h, "reason", N_("Reason or summary (optional)"), NULL,
	         f->posted ? staff_form(f->s, "reason") : NULL, error_for(f, "reason"));
	/* The annual report lists lessons without the case's reference; the
	 * names stored on the case are taken out, but others typed here would
	 * not be, so the hint asks for none. */
	textarea(h, "lessons", N_("Lessons learned (optional)"),
	         N_("What the council will change because of this complaint. "
	            "Do not write anyone's name: lessons learned are listed in "
	            "the annual report."),
	         f->posted ? staff_form(f->s, "lessons") : NULL, error_for(f, "lessons"));
	form_end(&pg, f, N_("Close the case"));
}

void handle_staff_close(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct form_ctx f;
	if (load(&f, &s, false)) {
		if (may_close(&f))
			close_page(&f);
		else
			not_available(&s);
	}
	staff_end(&s);
}

void handle_staff_close_post(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM, &s))
		return;
	struct form_ctx f;
	struct cwyn_error err = {0};
	if (!load(&f, &s, true))
		goto out;
	if (!may_close(&f)) {
		not_available(&s);
		goto out;
	}
	enum outcome oc = OUTCOME_NONE;
	const char *o = staff_form(&s, "outcome");
	const char *reason = staff_form_text(&s, "reason");
	const char *lessons = staff_form_text(&s, "lessons");
	if (o == NULL || !outcome_from_name(o, &oc) || !(CLOSE_OUTCOMES & (1u << oc)))
		add_error(&f, "outcome", N_("Select an outcome"));
	if (reason && strlen(reason) > MAX_REASON)
		add_error(&f, "reason", N_("The reason must be 4000 characters or fewer"));
	if (lessons && strlen(lessons) > MAX_LESSONS)
		add_error(&f, "lessons", N_("The lessons learned must be 8000 characters or fewer"));
	if (f.nerrors == 0) {
		struct app_case_ref out = {0};
		if (app_close_lessons(&s.ctx, f.v.c.reference, f.version, oc, reason,
		                      lessons, &out, &err) == CWYN_OK) {
			done(&s, &out, "closed");
			goto out;
		}
		if (is_page_failure(&err)) {
			staff_fail(&s, &err);
			goto out;
		}
		if (strcmp(err.field, "lessons_learned") == 0)
			snprintf(err.field, sizeof err.field, "lessons");
		static const char *const fields[] = {"outcome", "reason", "lessons"};
		use_case_error(&f, &err, fields, 3, "outcome");
	}
	close_page(&f);
out:
	staff_end(&s);
}

/* ---- Reopening the case -------------------------------------------------------- */

static bool closed(const struct form_ctx *f)
{
	return f->v.c.status != NULL && strcmp(f->v.c.status, "closed") == 0;
}

/* A closed case the user can see but whose role may not reopen it: say
 * so (403), rather than "not available", which would suggest the case
 * is in the wrong state. */
static void may_not_reopen(struct form_ctx *f)
{
	struct cwyn_error err = {0};
	authz_check(&f->s->ctx, AZ_CASE_CLOSE, &f->v.c, &err);
	if (err.code == CWYN_OK)
		err.code = CWYN_EFORBIDDEN;
	staff_fail(f->s, &err);
}

static void reopen_page(struct form_ctx *f)
{
	struct page pg;
	char *action = arena_printf(f->s->req->arena, "/staff/cases/%s/reopen",
	                            f->v.c.reference);
	struct html *h = form_begin(&pg, f, N_("Reopen the case"), action ? action : "#");
	enum outcome oc;
	if (f->v.c.outcome && outcome_from_name(f->v.c.outcome, &oc)) {
		html_raw(h, "<p class=\"govuk-body\">");
		html_trf(h, N_("The case was closed with the outcome: %s."),
		         i18n_tr(h->lang, outcome_label(oc)));
		html_raw(h, "</p>");
	}
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("Reopening the case takes its outcome away, so the case is "
	            "open again and its stages can be moved on. The reason is "
	            "recorded on the timeline."));
	textarea(h, "reason", N_("Why is the case being reopened?"),
	         N_("For example, the complainant has given new information."),
	         f->posted ? staff_form(f->s, "reason") : NULL, error_for(f, "reason"));
	form_end(&pg, f, N_("Reopen the case"));
}

void handle_staff_reopen(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct form_ctx f;
	if (load(&f, &s, false)) {
		if (!closed(&f))
			not_available(&s);
		else if (!staff_may(&s, AZ_CASE_CLOSE, &f.v.c))
			may_not_reopen(&f);
		else
			reopen_page(&f);
	}
	staff_end(&s);
}

void handle_staff_reopen_post(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM, &s))
		return;
	struct form_ctx f;
	struct cwyn_error err = {0};
	if (!load(&f, &s, true))
		goto out;
	if (!closed(&f)) {
		not_available(&s);
		goto out;
	}
	if (!staff_may(&s, AZ_CASE_CLOSE, &f.v.c)) {
		may_not_reopen(&f);
		goto out;
	}
	const char *reason = staff_form_text(&s, "reason");
	if (reason == NULL)
		add_error(&f, "reason", N_("Enter why the case is being reopened"));
	else if (strlen(reason) > MAX_REASON)
		add_error(&f, "reason", N_("The reason must be 4000 characters or fewer"));
	if (f.nerrors == 0) {
		struct app_case_ref out = {0};
		if (app_reopen(&s.ctx, f.v.c.reference, f.version, reason, &out,
		               &err) == CWYN_OK) {
			done(&s, &out, "reopened");
			goto out;
		}
		if (is_page_failure(&err)) {
			staff_fail(&s, &err);
			goto out;
		}
		static const char *const fields[] = {"reason"};
		use_case_error(&f, &err, fields, 1, "reason");
	}
	reopen_page(&f);
out:
	staff_end(&s);
}

/* ---- The complainant's agreement ------------------------------------------------- */

static bool may_agree(struct form_ctx *f)
{
	return strcmp(f->v.c.status, "open") == 0 &&
	       f->v.c.written_record_agreed_on == CWYN_DAY_NONE &&
	       staff_may(f->s, AZ_CASE_AGREE, &f->v.c);
}

static void agreement_page(struct form_ctx *f)
{
	struct page pg;
	char *action = arena_printf(f->s->req->arena, "/staff/cases/%s/agreement",
	                            f->v.c.reference);
	struct html *h = form_begin(&pg, f, N_("Record the complainant's agreement"),
	                            action ? action : "#");
	html_fmt(h, "<p class=\"govuk-body\">%T</p>",
	         N_("Read the written record to the complainant, or give it to "
	            "them to read. When they agree it is right, they sign it by "
	            "typing their name."));
	checkbox(h, "confirm", N_("The complainant has read or heard the written "
	                          "record and agrees that it is right"),
	         f->posted && staff_form(f->s, "confirm"), error_for(f, "confirm"));
	gv_text_input(h, "signature", N_("Complainant's signature (their name, typed)"),
	              NULL, f->posted ? staff_form(f->s, "signature") : NULL,
	              error_for(f, "signature"), "govuk-!-width-two-thirds", false);
	form_end(&pg, f, N_("Record the agreement"));
}

void handle_staff_agreement(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct form_ctx f;
	if (load(&f, &s, false)) {
		if (may_agree(&f))
			agreement_page(&f);
		else
			not_available(&s);
	}
	staff_end(&s);
}

void handle_staff_agreement_post(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_FORM, &s))
		return;
	struct form_ctx f;
	struct cwyn_error err = {0};
	if (!load(&f, &s, true))
		goto out;
	if (!may_agree(&f)) {
		not_available(&s);
		goto out;
	}
	const char *sig = staff_form_text(&s, "signature");
	if (staff_form(&s, "confirm") == NULL)
		add_error(&f, "confirm", N_("Confirm that the complainant agrees the record"));
	if (sig == NULL)
		add_error(&f, "signature", N_("Enter the complainant's name as their signature"));
	else if (strlen(sig) > 200)
		add_error(&f, "signature", N_("This must be 200 characters or fewer"));
	if (f.nerrors == 0) {
		struct app_case_ref out = {0};
		if (app_agree(&s.ctx, f.v.c.reference, f.version, sig, &out, &err) ==
		    CWYN_OK) {
			done(&s, &out, "agreed");
			goto out;
		}
		if (is_page_failure(&err)) {
			staff_fail(&s, &err);
			goto out;
		}
		static const char *const fields[] = {"signature"};
		use_case_error(&f, &err, fields, 1, "signature");
	}
	agreement_page(&f);
out:
	staff_end(&s);
}
