/*
 * sar.c — the subject-access export of sar.h.
 *
 * Redaction is by substitution: the third parties' details and the staff
 * names each case holds are collected first, then every string that
 * leaves (record fields, JSON details of timeline events, letters) has
 * them replaced, matched without regard to case and only as whole words,
 * so a short username cannot eat into ordinary words.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app_internal.h"
#include "app/sar.h"
#include "core/escape.h"
#include "i18n/i18n.h"
#include "out/pdf_text.h"
#include "store/store_retention.h"

#define THIRD_PARTY "[third party]"

struct term {
	const char *text;
	const char *repl;
};

struct terms {
	struct term *t;
	size_t n, cap;
	struct arena *ar;
};

static void add_term(struct terms *ts, const char *text, const char *repl)
{
	if (text == NULL || strlen(text) < 3)
		return;
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 16;
		struct term *p = arena_alloc(ts->ar, cap * sizeof *p);
		if (p == NULL)
			return;
		if (ts->n)
			memcpy(p, ts->t, ts->n * sizeof *p);
		ts->t = p;
		ts->cap = cap;
	}
	ts->t[ts->n++] = (struct term){text, repl};
}

static bool word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '_';
}

/* s with every term replaced (whole words, any case). */
static char *redact(struct arena *ar, const struct terms *ts, const char *s)
{
	if (s == NULL)
		return NULL;
	struct textbuf b;
	textbuf_init(&b, ar);
	for (const char *p = s; *p;) {
		size_t best = 0;
		const char *repl = NULL;
		for (size_t i = 0; i < ts->n; i++) {
			size_t len = strlen(ts->t[i].text);
			if (len <= best || strncasecmp(p, ts->t[i].text, len) != 0)
				continue;
			if ((p > s && word_char((unsigned char)p[-1])) ||
			    word_char((unsigned char)p[len]))
				continue;
			best = len;
			repl = ts->t[i].repl;
		}
		if (best) {
			textbuf_puts(&b, repl);
			p += best;
		} else {
			textbuf_append(&b, p, 1);
			p++;
		}
	}
	textbuf_puts(&b, "");
	return b.failed ? NULL : b.data;
}

static json_t *rstr(struct arena *ar, const struct terms *ts, const char *s)
{
	char *r = redact(ar, ts, s);
	return r ? json_string(r) : json_null();
}

/* Redact every string inside a JSON value, in place. */
static void redact_json(struct arena *ar, const struct terms *ts, json_t *j)
{
	const char *k;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		void *tmp;
		json_object_foreach_safe(j, tmp, k, v)
		{
			if (json_is_string(v))
				json_object_set_new(j, k,
				                    rstr(ar, ts, json_string_value(v)));
			else
				redact_json(ar, ts, v);
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
		{
			if (json_is_string(v))
				json_array_set_new(j, i,
				                   rstr(ar, ts, json_string_value(v)));
			else
				redact_json(ar, ts, v);
		}
	}
}

static bool is_person(const struct store_complainant *p, const char *name,
                      const char *email)
{
	return (name && p->name && strcasecmp(p->name, name) == 0) ||
	       (email && p->email && strcasecmp(p->email, email) == 0);
}

static const char *staff_label(struct arena *ar, const char *role)
{
	char *s = arena_printf(ar, "[staff: %s]", role ? role : "staff");
	for (char *p = s; p && *p; p++)
		if (*p == '_')
			*p = ' ';
	return s ? s : "[staff]";
}

static const char *role_of(const struct store_user *us, size_t nu, int64_t id)
{
	for (size_t i = 0; i < nu; i++)
		if (us[i].id == id)
			return us[i].role;
	return NULL;
}

/* One case as JSON, redacted; PDF blocks appended to *bl. */
static json_t *case_json(const struct app_ctx *ctx,
                         const struct app_case_view *v, const char *name,
                         const char *email, const struct store_user *us,
                         size_t nu, struct arena *ar, struct pdf_block **bl,
                         size_t *nbl)
{
	struct terms ts = {.ar = ar};
	char d[CWYN_DATE_STRLEN];
	(void)ctx;
	for (size_t i = 0; i < v->n_complainants; i++) {
		const struct store_complainant *p = &v->complainants[i];
		if (is_person(p, name, email))
			continue;
		add_term(&ts, p->name, THIRD_PARTY);
		add_term(&ts, p->email, THIRD_PARTY);
		add_term(&ts, p->phone, THIRD_PARTY);
		add_term(&ts, p->address, THIRD_PARTY);
	}
	for (size_t i = 0; i < nu; i++) {
		const char *lbl = staff_label(ar, us[i].role);
		add_term(&ts, us[i].display_name, lbl);
		add_term(&ts, us[i].username, lbl);
	}
	json_t *o = json_object();
	json_object_set_new(o, "reference", json_string(v->c.reference));
	json_object_set_new(o, "status", json_string(v->c.status));
	json_object_set_new(o, "received", app_json_day(v->c.received));
	json_object_set_new(o, "channel", json_string(v->c.channel));
	json_object_set_new(o, "language", json_string(v->c.language));
	json_object_set_new(o, "route", app_json_str(v->c.overall_route));
	json_object_set_new(o, "outcome", app_json_str(v->c.outcome));
	json_object_set_new(o, "closed_at",
	                    v->c.closed_at[0] ? json_string(v->c.closed_at)
	                                      : json_null());
	json_t *people = json_array();
	for (size_t i = 0; i < v->n_complainants; i++) {
		const struct store_complainant *p = &v->complainants[i];
		if (!is_person(p, name, email)) {
			json_array_append_new(
			    people, json_pack("{s:s,s:s,s:b}", "name", THIRD_PARTY,
			                      "relationship", p->relationship,
			                      "is_representative",
			                      p->is_representative));
			continue;
		}
		json_array_append_new(
		    people,
		    json_pack("{s:s,s:s,s:b,s:o,s:o,s:o,s:o,s:s,s:o,s:o}", "name",
		              p->name, "relationship", p->relationship,
		              "is_representative", p->is_representative,
		              "represents", rstr(ar, &ts, p->represents), "email",
		              app_json_str(p->email), "phone",
		              app_json_str(p->phone), "address",
		              app_json_str(p->address), "language", p->language,
		              "contact_preference",
		              app_json_str(p->contact_preference),
		              "accessibility_needs",
		              app_json_str(p->accessibility_needs)));
	}
	json_object_set_new(o, "complainants", people);
	json_t *kids = json_array();
	for (size_t i = 0; i < v->n_children; i++)
		json_array_append_new(
		    kids, json_pack("{s:o,s:o,s:o}", "label",
		                    rstr(ar, &ts, v->children[i].label), "age",
		                    v->children[i].age >= 0
		                        ? json_integer(v->children[i].age)
		                        : json_null(),
		                    "date_of_birth",
		                    app_json_day(v->children[i].date_of_birth)));
	json_object_set_new(o, "children", kids);
	json_t *ms = json_array();
	for (size_t i = 0; i < v->n_matters; i++) {
		const struct store_matter *m = &v->matters[i];
		json_array_append_new(
		    ms, json_pack("{s:i,s:s,s:o,s:o,s:s,s:o}", "matter", m->seq,
		                  "subject", m->subject, "summary",
		                  rstr(ar, &ts, m->summary), "route",
		                  app_json_str(m->route), "agency", m->agency,
		                  "agency_name", app_json_str(m->agency_name)));
	}
	json_object_set_new(o, "matters", ms);
	json_t *ss = json_array();
	for (size_t i = 0; i < v->n_stages; i++) {
		const struct store_stage *s = &v->stages[i];
		json_array_append_new(
		    ss, json_pack("{s:s,s:s,s:o,s:o,s:o}", "kind", s->kind, "state",
		                  s->state, "opened_on", app_json_day(s->opened_on),
		                  "closed_on", app_json_day(s->closed_on),
		                  "outcome", app_json_str(s->outcome)));
	}
	json_object_set_new(o, "stages", ss);
	json_t *ks = json_array();
	for (size_t i = 0; i < v->n_clocks; i++) {
		const struct store_clock *k = &v->clocks[i];
		json_array_append_new(
		    ks, json_pack("{s:s,s:s,s:o,s:o,s:o,s:b}", "timescale",
		                  k->timescale, "state", k->state, "started_on",
		                  app_json_day(k->started_on), "due_on",
		                  app_json_day(k->due_on), "stopped_on",
		                  app_json_day(k->stopped_on), "breached",
		                  k->breached));
	}
	json_object_set_new(o, "clocks", ks);
	json_t *xs = json_array();
	for (size_t i = 0; i < v->n_extensions; i++) {
		const struct store_extension *e = &v->extensions[i];
		json_array_append_new(
		    xs, json_pack("{s:o,s:o,s:o,s:o,s:o}", "agreed_on",
		                  app_json_day(e->agreed_on), "agreed_with",
		                  rstr(ar, &ts, e->agreed_with), "reason",
		                  rstr(ar, &ts, e->reason), "old_due",
		                  app_json_day(e->old_due), "new_due",
		                  app_json_day(e->new_due)));
	}
	json_object_set_new(o, "extensions", xs);
	json_t *ev = json_array();
	for (size_t i = 0; i < v->n_events; i++) {
		const struct store_event *e = &v->events[i];
		json_t *det = json_loads(e->detail_json ? e->detail_json : "{}", 0,
		                         NULL);
		if (det == NULL)
			det = json_object();
		redact_json(ar, &ts, det);
		const char *role = role_of(us, nu, e->actor_user_id);
		json_array_append_new(
		    ev, json_pack("{s:s,s:s,s:s,s:o}", "at", e->at, "kind", e->kind,
		                  "by",
		                  e->actor_user_id ? staff_label(ar, role)
		                                   : "[system or complainant]",
		                  "detail", det));
	}
	json_object_set_new(o, "timeline", ev);
	json_t *ls = json_array();
	for (size_t i = 0; i < v->n_letters; i++) {
		const struct store_letter *l = &v->letters[i];
		json_array_append_new(
		    ls, json_pack("{s:s,s:s,s:o,s:s,s:o,s:o}", "kind", l->kind,
		                  "language", l->language, "subject",
		                  rstr(ar, &ts, l->subject), "created_at",
		                  l->created_at, "sent_at",
		                  l->sent_at[0] ? json_string(l->sent_at)
		                                : json_null(),
		                  "body_html", rstr(ar, &ts, l->body_html)));
	}
	json_object_set_new(o, "letters", ls);

	/* The summary for the PDF: what a person would want to read. */
	struct pdf_block *b = arena_alloc(ar, (*nbl + 4 + v->n_matters) *
	                                          sizeof *b);
	if (b != NULL) {
		if (*nbl)
			memcpy(b, *bl, *nbl * sizeof *b);
		/* The view lives on the caller's stack: copy into the arena. */
		b[(*nbl)++] = (struct pdf_block){
		    true, arena_strdup(ar, v->c.reference)};
		b[(*nbl)++] = (struct pdf_block){
		    false,
		    arena_printf(ar, "%s %s. %s: %s. %s: %s.", _("Received"),
		                 date_format(v->c.received, d), _("Status"),
		                 v->c.status, _("Outcome"),
		                 v->c.outcome ? v->c.outcome : "-")};
		for (size_t i = 0; i < v->n_matters; i++)
			b[(*nbl)++] = (struct pdf_block){
			    false,
			    arena_printf(ar, "%d. %s: %s", v->matters[i].seq,
			                 v->matters[i].subject,
			                 redact(ar, &ts, v->matters[i].summary))};
		b[(*nbl)++] = (struct pdf_block){
		    false, arena_printf(ar, _("%zu timeline entries, %zu letters, "
		                              "%zu clocks: all in the JSON file."),
		                        v->n_events, v->n_letters, v->n_clocks)};
		*bl = b;
	}
	return o;
}

static enum cwyn_code write_file(const char *path, const char *data,
                                 struct cwyn_error *err)
{
	FILE *f = NULL;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0)
		f = fdopen(fd, "w");
	if (f == NULL) {
		if (fd >= 0)
			close(fd);
		return cwyn_fail(err, CWYN_EIO, "output", "cannot create %s",
		                 path);
	}
	bool ok = fputs(data, f) >= 0 && fputc('\n', f) != EOF;
	ok = fclose(f) == 0 && ok;
	return ok ? CWYN_OK
	          : cwyn_fail(err, CWYN_EIO, "output", "cannot write %s", path);
}

enum cwyn_code app_sar_export(const struct app_ctx *ctx, const char *name,
                              const char *email, const char *dir,
                              struct app_sar_result *out,
                              struct cwyn_error *err)
{
	struct arena ar;
	memset(out, 0, sizeof *out);
	if (app_blank(name))
		name = NULL;
	if (app_blank(email))
		email = NULL;
	enum cwyn_code rc = authz_check(ctx, AZ_SAR_EXPORT, NULL, err);
	if (rc != CWYN_OK)
		return rc;
	if (name == NULL && email == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "name",
		                 N_("give the person's name or e-mail address"));
	if (dir == NULL || *dir == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "output",
		                 N_("give the folder to write to"));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return cwyn_fail(err, CWYN_EIO, "output", "cannot create %s", dir);
	arena_init(&ar, 0);
	int64_t *ids;
	size_t n, nu;
	struct store_user *us;
	struct pdf_block *bl = NULL;
	size_t nbl = 0;
	json_t *cases = json_array();
	if ((rc = store_sar_cases(ctx->db, ctx->actor.authority_id, name, email,
	                          &ar, &ids, &n, err)) ||
	    (rc = store_user_list(ctx->db, ctx->actor.authority_id, &ar, &us,
	                          &nu, err)))
		goto out;
	struct pdf_block *head = arena_alloc(&ar, 2 * sizeof *head);
	if (head == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "sar", "out of memory");
		goto out;
	}
	head[0] = (struct pdf_block){true, _("Subject access: what we hold")};
	head[1] = (struct pdf_block){
	    false, arena_printf(&ar, _("About %s. Details of other people are "
	                               "shown as [third party] and staff by "
	                               "their role."),
	                        name ? name : email)};
	bl = head;
	nbl = 2;
	for (size_t i = 0; i < n; i++) {
		struct store_case c;
		struct app_case_view v;
		if ((rc = store_case_get(ctx->db, ctx->actor.authority_id, ids[i],
		                         &ar, &c, err)) ||
		    (rc = app_case_read(ctx, c.reference, &ar, &v, err)))
			goto out;
		json_array_append_new(cases, case_json(ctx, &v, name, email, us,
		                                       nu, &ar, &bl, &nbl));
	}
	json_t *doc = json_pack("{s:{s:o,s:o},s:o,s:I,s:O}", "person", "name",
	                        app_json_str(name), "email", app_json_str(email),
	                        "generated_on", app_json_day(ctx->today),
	                        "n_cases", (json_int_t)n, "cases", cases);
	char *text = app_json_dump(doc, &ar);
	snprintf(out->json_path, sizeof out->json_path, "%s/subject-access.json",
	         dir);
	snprintf(out->pdf_path, sizeof out->pdf_path, "%s/subject-access.pdf",
	         dir);
	if (text == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "sar", "out of memory");
		goto out;
	}
	if ((rc = write_file(out->json_path, text, err)) ||
	    (rc = pdf_text_write(out->pdf_path, bl, nbl, err)))
		goto out;
	/* The audit entry names the cases, not the person. */
	if ((rc = app_begin(ctx, err)) != CWYN_OK)
		goto out;
	json_t *d = json_object();
	json_t *refs = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(refs, json_integer(ids[i]));
	json_object_set_new(d, "case_ids", refs);
	json_object_set_new(d, "by", json_string(name ? "name" : "email"));
	rc = app_end(ctx, app_audit(ctx, "sar.export", 0, d, err), err);
	if (rc == CWYN_OK)
		out->n_cases = n;
out:
	json_decref(cases);
	arena_free(&ar);
	return rc;
}
