/*
 * reminders.c — the daily reminder job (reminders.h): reminders before a
 * clock is due, escalations when it breaches, and a digest per person per
 * day, all queued in the outbox in one transaction.
 *
 * What goes into each message is decided here, and deliberately little:
 * the case reference, the step's name from the policy and its due date
 * (see "Data minimisation" in reminders.h and docs/operations.md).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app_internal.h"
#include "app/reminders.h"
#include "i18n/i18n.h"
#include "out/outbox.h"

/* A digest lists at most this many items; the rest are counted. */
#define DIGEST_MAX_ITEMS 200
/* ... and stops listing past this many bytes per language, well inside
 * the outbox's body limit whatever the labels. */
#define DIGEST_MAX_BYTES (OUTBOX_BODY_MAX / 4)
/* The longest step name put into a message, in bytes. */
#define LABEL_MAX 160

/* One clock that someone should hear about today. */
struct item {
	const char *reference;
	enum ts_id ts;
	cwyn_day due;
	bool breached;
	int days;            /* working days left, or overdue when breached */
	struct item *next;
};

/* A member of staff with an e-mail address, and their items today. */
struct person {
	const struct mail_recipient *r;
	struct item *items, **tail;
};

/* What the job knows while it runs. */
struct job {
	const struct app_ctx *ctx;
	struct arena *ar;
	struct app_reminders_result *res;
	struct mail_recipient *all;     /* everyone with an address */
	struct person *people;          /* parallel to all */
	size_t n_all;
	int64_t now;                    /* Unix seconds, for the outbox */
};

/* The languages of a message, in the order they are written. */
static size_t langs_of(enum mail_language ml, enum language out[2])
{
	switch (ml) {
	case MAIL_LANG_CY:
		out[0] = LANG_CY;
		return 1;
	case MAIL_LANG_EN:
		out[0] = LANG_EN;
		return 1;
	default:
		/* Welsh first (Welsh Language Standards). */
		out[0] = LANG_CY;
		out[1] = LANG_EN;
		return 2;
	}
}

/* The policy's name for a timescale, on one line. */
static const char *step_label(const struct job *j, enum ts_id ts,
                              enum language l)
{
	const struct policy_timescale *t = &j->ctx->policy->timescales[ts];
	const char *s = l == LANG_CY ? t->label.cy : t->label.en;
	if (s == NULL || s[0] == '\0')
		s = t->label.en && t->label.en[0] ? t->label.en : ts_id_name(ts);
	char *copy = arena_strdup(j->ar, s);
	if (copy == NULL)
		return ts_id_name(ts);
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	if (strlen(copy) > LABEL_MAX) {
		size_t n = LABEL_MAX;
		while (n > 0 && ((unsigned char)copy[n] & 0xc0) == 0x80)
			n--;
		copy[n] = '\0';
	}
	return copy;
}

/* The footer every message ends with, in one language. */
static const char *footer(enum language l)
{
	return i18n_tr(l, N_("Sign in to cwyn to see the case. For privacy "
	                     "this e-mail gives only the case reference and "
	                     "the deadline; the complaint itself stays in "
	                     "the secure system. This message was sent "
	                     "automatically."));
}

/* Join the parts of a bilingual text: subjects with " / ", bodies with a
 * rule between the languages. */
static char *join(struct arena *ar, char *const *parts, size_t n,
                  const char *sep)
{
	char *s = parts[0];
	for (size_t i = 1; s && i < n; i++)
		s = arena_printf(ar, "%s%s%s", s, sep, parts[i]);
	return s;
}

#define BODY_SEP "\n\n— — —\n\n"


/* A subject cut to the outbox's limit at a character boundary, so a long
 * policy label can never make the whole job fail. */
static const char *fit_subject(struct arena *ar, const char *s)
{
	if (s == NULL || strlen(s) <= OUTBOX_SUBJECT_MAX)
		return s;
	size_t n = OUTBOX_SUBJECT_MAX - 4; /* room for "…" (3 bytes) */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return arena_printf(ar, "%.*s…", (int)n, s);
}

static enum cwyn_code enqueue(struct job *j, const struct mail_recipient *r,
                              int64_t case_id, enum outbox_kind kind,
                              const char *key, const char *subject,
                              const char *body, bool *queued,
                              struct cwyn_error *err)
{
	if (subject == NULL || body == NULL || key == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "reminders", "out of memory");
	struct outbox_msg m = {
	    .authority_id = j->ctx->actor.authority_id,
	    .case_id = case_id,
	    .kind = kind,
	    .to_address = r->address,
	    .subject = fit_subject(j->ar, subject),
	    .body_text = body,
	    .dedupe_key = key,
	};
	enum cwyn_code rc = outbox_enqueue(j->ctx->db, &m, j->now, NULL, queued,
	                                   err);
	if (rc == CWYN_OK && !*queued)
		j->res->already++;
	return rc;
}

/* A reminder or an escalation about one clock to one person. */
static enum cwyn_code tell(struct job *j, const struct person *p,
                           const struct store_clock *row,
                           const struct item *it, struct cwyn_error *err)
{
	enum language ls[2];
	size_t nl = langs_of(p->r->language, ls);
	char *subj[2], *body[2];
	char due[CWYN_DATE_STRLEN];
	date_format(it->due, due);
	for (size_t i = 0; i < nl; i++) {
		enum language l = ls[i];
		const char *step = step_label(j, it->ts, l);
		if (it->breached) {
			subj[i] = arena_printf(
			    j->ar, i18n_tr(l, N_("Deadline missed: %s — %s was due %s")),
			    it->reference, step, due);
			body[i] = arena_printf(
			    j->ar,
			    i18n_tr(l, N_("Complaint %s: %s was due on %s and is "
			                  "%d working day(s) overdue.")),
			    it->reference, step, due, it->days);
			if (body[i])
				body[i] = arena_printf(
				    j->ar, "%s\n%s\n\n%s", body[i],
				    i18n_tr(l, N_("As a senior manager you are "
				                  "told of every missed "
				                  "deadline.")),
				    footer(l));
		} else {
			subj[i] = arena_printf(
			    j->ar, i18n_tr(l, N_("Reminder: %s — %s due %s")),
			    it->reference, step, due);
			body[i] = arena_printf(
			    j->ar,
			    i18n_tr(l, N_("Complaint %s: %s is due on %s (%d "
			                  "working day(s) left).")),
			    it->reference, step, due, it->days);
			if (body[i])
				body[i] = arena_printf(j->ar, "%s\n\n%s", body[i],
				                       footer(l));
		}
		if (subj[i] == NULL || body[i] == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "reminders",
			                 "out of memory");
	}
	const char *what = it->breached ? "escalation" : "reminder";
	char *key = arena_printf(j->ar, "%s:%lld:%s:u%lld", what,
	                         (long long)row->id, due,
	                         (long long)p->r->user_id);
	bool queued = false;
	enum cwyn_code rc = enqueue(
	    j, p->r, row->case_id,
	    it->breached ? OUTBOX_ESCALATION : OUTBOX_REMINDER, key,
	    join(j->ar, subj, nl, " / "), join(j->ar, body, nl, BODY_SEP),
	    &queued, err);
	if (rc != CWYN_OK || !queued)
		return rc;
	if (it->breached)
		j->res->escalations++;
	else
		j->res->reminders++;
	/* The case's timeline says who was told, not what the mail said. */
	json_t *d = json_object();
	json_object_set_new(d, "clock", json_integer(row->id));
	json_object_set_new(d, "due", app_json_day(it->due));
	json_object_set_new(d, "to", json_string(p->r->username));
	return app_event(j->ctx, row->case_id,
	                 it->breached ? "mail.escalation_queued"
	                              : "mail.reminder_queued",
	                 d, err);
}

static enum cwyn_code digest(struct job *j, const struct person *p,
                             struct cwyn_error *err)
{
	enum language ls[2];
	size_t nl = langs_of(p->r->language, ls);
	char *subj[2], *body[2];
	char today[CWYN_DATE_STRLEN], due[CWYN_DATE_STRLEN];
	date_format(j->ctx->today, today);
	for (size_t i = 0; i < nl; i++) {
		enum language l = ls[i];
		subj[i] = arena_printf(
		    j->ar, i18n_tr(l, N_("Your complaints deadlines for %s")),
		    today);
		char *b = arena_printf(
		    j->ar, i18n_tr(l, N_("Due soon or overdue on %s:")), today);
		size_t listed = 0, total = 0;
		for (const struct item *it = p->items; it; it = it->next)
			total++;
		for (const struct item *it = p->items;
		     b && it && listed < DIGEST_MAX_ITEMS &&
		     strlen(b) < DIGEST_MAX_BYTES;
		     it = it->next, listed++) {
			const char *step = step_label(j, it->ts, l);
			date_format(it->due, due);
			char *line =
			    it->breached
			        ? arena_printf(j->ar,
			                       i18n_tr(l, N_("%s: %s, due %s — "
			                                     "overdue by %d "
			                                     "working day(s)")),
			                       it->reference, step, due, it->days)
			        : arena_printf(j->ar,
			                       i18n_tr(l, N_("%s: %s, due %s — %d "
			                                     "working day(s) "
			                                     "left")),
			                       it->reference, step, due, it->days);
			b = line ? arena_printf(j->ar, "%s\n- %s", b, line) : NULL;
		}
		if (b && total > listed) {
			char *more = arena_printf(
			    j->ar,
			    i18n_tr(l, N_("… and %zu more: see the overdue list "
			                  "in cwyn.")),
			    total - listed);
			b = more ? arena_printf(j->ar, "%s\n- %s", b, more) : NULL;
		}
		body[i] = b ? arena_printf(j->ar, "%s\n\n%s", b, footer(l)) : NULL;
		if (subj[i] == NULL || body[i] == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "reminders",
			                 "out of memory");
	}
	char *key = arena_printf(j->ar, "digest:%lld:%s",
	                         (long long)p->r->user_id, today);
	bool queued = false;
	enum cwyn_code rc = enqueue(j, p->r, 0, OUTBOX_DIGEST, key,
	                            join(j->ar, subj, nl, " / "),
	                            join(j->ar, body, nl, BODY_SEP), &queued,
	                            err);
	if (rc == CWYN_OK && queued)
		j->res->digests++;
	return rc;
}

/* May this person see the case? The same rules as the screens (authz):
 * a restricted case only for its named users, an investigator only for
 * assigned cases. */
static bool may_see(const struct job *j, const struct mail_recipient *r,
                    const struct store_case *c)
{
	struct app_ctx rc = *j->ctx;
	if (!app_role_from_name(r->role, &rc.actor.role))
		return false;
	rc.actor.user_id = r->user_id;
	rc.actor.username = r->username;
	return authz_can_see(&rc, c);
}

static struct person *person_of(struct job *j, int64_t user_id)
{
	for (size_t i = 0; i < j->n_all; i++)
		if (j->all[i].user_id == user_id)
			return &j->people[i];
	return NULL;
}

/* Put an item on a person's digest for today. */
static enum cwyn_code add_item(struct job *j, struct person *p,
                               const struct item *it, struct cwyn_error *err)
{
	struct item *copy = arena_alloc(j->ar, sizeof *copy);
	if (copy == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "reminders", "out of memory");
	*copy = *it;
	*p->tail = copy;
	p->tail = &copy->next;
	return CWYN_OK;
}

/* Every person of `role` who may see the case: tell them (when `send`)
 * and put the item on their digest. *told: was anyone found. */
static enum cwyn_code tell_role(struct job *j, const char *role, bool send,
                                const struct store_case *c,
                                const struct store_clock *row,
                                const struct item *it, bool *told,
                                struct cwyn_error *err)
{
	for (size_t i = 0; i < j->n_all; i++) {
		struct person *p = &j->people[i];
		if (strcmp(p->r->role, role) != 0 || !may_see(j, p->r, c))
			continue;
		enum cwyn_code rc = send ? tell(j, p, row, it, err) : CWYN_OK;
		if (rc == CWYN_OK)
			rc = add_item(j, p, it, err);
		if (rc != CWYN_OK)
			return rc;
		*told = true;
	}
	return CWYN_OK;
}

static enum cwyn_code one_clock(struct job *j, const struct store_clock *row,
                                struct cwyn_error *err)
{
	const struct app_ctx *ctx = j->ctx;
	struct store_case c;
	struct clock k;
	enum cwyn_code rc = store_case_get(ctx->db, ctx->actor.authority_id,
	                                   row->case_id, j->ar, &c, err);
	if (rc == CWYN_OK)
		rc = app_clock_from_row(ctx, row, &k, err);
	if (rc != CWYN_OK)
		return rc;
	/* A closed case stops its clocks; one still running is no one's
	 * work (as in the overdue list). */
	if (strcmp(c.status, "open") != 0)
		return CWYN_OK;
	j->res->clocks++;
	struct clock_status st = clock_status(&k, ctx->cal, ctx->today);
	int before = ctx->policy->timescales[k.ts].remind_before_wd;
	struct item it = {
	    .reference = arena_strdup(j->ar, c.reference),
	    .ts = k.ts,
	    .due = st.due,
	    .breached = st.breached,
	};
	if (it.reference == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "reminders", "out of memory");
	bool told = false;
	struct person *owner = c.owner_user_id > 0
	                           ? person_of(j, c.owner_user_id)
	                           : NULL;
	if (owner && !may_see(j, owner->r, &c))
		owner = NULL;
	if (st.breached) {
		/* Escalated to the senior managers; the owner (or, for an
		 * unowned case, the complaints officers) still sees it on
		 * the daily digest. */
		it.days = st.days_overdue;
		rc = tell_role(j, "senior_manager", true, &c, row, &it, &told,
		               err);
		if (rc == CWYN_OK && !told)
			j->res->no_address++;
		bool listed = false;
		if (rc == CWYN_OK && owner)
			rc = add_item(j, owner, &it, err);
		else if (rc == CWYN_OK && c.owner_user_id == 0)
			rc = tell_role(j, "complaints_officer", false, &c, row,
			               &it, &listed, err);
		return rc;
	}
	if (before <= 0 || st.state != CLOCK_RUNNING ||
	    st.due_in_working_days > before)
		return CWYN_OK;
	it.days = st.due_in_working_days;
	if (owner) {
		rc = tell(j, owner, row, &it, err);
		if (rc == CWYN_OK)
			rc = add_item(j, owner, &it, err);
		return rc;
	}
	/* Unowned, or an owner we cannot write to: the complaints officers,
	 * so the deadline is never missed for want of an address. */
	if (c.owner_user_id > 0)
		j->res->no_address++;
	rc = tell_role(j, "complaints_officer", true, &c, row, &it, &told,
	               err);
	if (rc == CWYN_OK && !told)
		j->res->no_address++;
	return rc;
}

enum cwyn_code app_reminders_run(const struct app_ctx *ctx,
                                 struct app_reminders_result *out,
                                 struct cwyn_error *err)
{
	struct app_reminders_result res = {0};
	struct arena ar;
	struct store_clock *rows = NULL;
	size_t n_rows = 0;
	arena_init(&ar, 0);
	struct job j = {.ctx = ctx, .ar = &ar, .res = &res,
	                .now = (int64_t)time(NULL)};
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto out_free;
	if (ctx->actor.role != APP_ROLE_OPERATOR &&
	    ctx->actor.role != APP_ROLE_ADMINISTRATOR) {
		rc = cwyn_fail(err, CWYN_EFORBIDDEN, "actor",
		               "only an administrator or the operator may run "
		               "the reminders");
		goto out;
	}
	/* The furthest any reminder reaches: clocks due after that need
	 * nobody's attention today. */
	int reach = 0;
	for (int t = 0; t < TS_ID__MAX; t++)
		if (ctx->policy->timescales[t].remind_before_wd > reach)
			reach = ctx->policy->timescales[t].remind_before_wd;
	cwyn_day until = CWYN_DAY_NONE;
	if ((rc = calendar_add_working_days(ctx->cal, ctx->today, reach,
	                                    &until, err)) ||
	    (rc = store_clocks_due(ctx->db, ctx->actor.authority_id, until,
	                           &ar, &rows, &n_rows, err)) ||
	    (rc = mail_recipients(ctx->db, ctx->actor.authority_id, NULL, 0,
	                          &ar, &j.all, &j.n_all, err)))
		goto out;
	j.people = arena_calloc(&ar, j.n_all ? j.n_all : 1, sizeof *j.people);
	if (j.people == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "reminders", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < j.n_all; i++) {
		j.people[i].r = &j.all[i];
		j.people[i].tail = &j.people[i].items;
	}
	for (size_t i = 0; i < n_rows; i++)
		if ((rc = one_clock(&j, &rows[i], err)) != CWYN_OK)
			goto out;
	for (size_t i = 0; i < j.n_all; i++)
		if (j.people[i].items &&
		    (rc = digest(&j, &j.people[i], err)) != CWYN_OK)
			goto out;
	json_t *d = json_object();
	json_object_set_new(d, "today", app_json_day(ctx->today));
	json_object_set_new(d, "clocks", json_integer((json_int_t)res.clocks));
	json_object_set_new(d, "reminders",
	                    json_integer((json_int_t)res.reminders));
	json_object_set_new(d, "escalations",
	                    json_integer((json_int_t)res.escalations));
	json_object_set_new(d, "digests", json_integer((json_int_t)res.digests));
	json_object_set_new(d, "no_address",
	                    json_integer((json_int_t)res.no_address));
	rc = app_audit(ctx, "reminders.run", 0, d, err);
out:
	rc = app_end(ctx, rc, err);
out_free:
	arena_free(&ar);
	if (rc == CWYN_OK && out)
		*out = res;
	return rc;
}
