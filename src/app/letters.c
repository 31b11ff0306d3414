/*
 * letters.c — the letters of a case: written from the stored case when
 * the workflow reaches a step that sends one (the hooks below), or when
 * staff ask (app_letter_create); listed and read back as HTML or PDF.
 *
 * A letter is written inside the transaction of the step that causes it:
 * the step and its letter are kept together or not at all, and a letter
 * that cannot be rendered or stored rolls the step back. What is kept:
 * the HTML exactly as written (the record of what was sent), the data it
 * was written from (docs/letters.md JSON) so the PDF can be drawn on
 * demand, a "letter" event on the timeline, and — for a complainant who
 * prefers e-mail — an outbox message under "letter:<id>".
 *
 * Which step writes which letter (the workflow table below):
 *   Stage 1 acknowledged                  acknowledgement (once per case)
 *   Stage 1 resolved in writing           stage1_resolution (note: terms)
 *   Stage 2 acknowledged                  stage2_acknowledgement
 *   Stage 2 response sent                 stage2_response, final_response
 *   conference chair resolves             chair_response
 *   referred to the other agency          referral_agency,
 *                                         referral_complainant
 *   extension agreed                      extension
 *   intake with an excluded court matter  exclusion_court
 */
#include <stdio.h>
#include <string.h>

#include "app/letters_internal.h"
#include "i18n/i18n.h"

/* ---- Writing one letter ------------------------------------------------ */

/* What a run of letters shares: the templates, loaded on first use. */
struct letters_run {
	const struct app_ctx *ctx;
	struct letters_case lc;
	struct letter_templates *t;
	struct arena ar;
	json_t *written;  /* [{"id", "kind"}] for the audit entry */
	json_t *pending;  /* [{"kind", "field"}] */
};

static enum cwyn_code run_open(struct letters_run *r, const struct app_ctx *ctx,
                               const struct store_case *c,
                               struct cwyn_error *err)
{
	memset(r, 0, sizeof *r);
	r->ctx = ctx;
	arena_init(&r->ar, 0);
	r->written = json_array();
	r->pending = json_array();
	if (r->written == NULL || r->pending == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "letter", "out of memory");
	return letters_load_case(ctx, c, &r->ar, &r->lc, err);
}

static void run_close(struct letters_run *r)
{
	letter_templates_free(r->t);
	json_decref(r->written);
	json_decref(r->pending);
	arena_free(&r->ar);
}

/* A subject the outbox takes: at most OUTBOX_SUBJECT_MAX bytes, cut at a
 * character. (Long subjects come only from long edited templates.) */
static const char *mail_subject(const char *s, struct arena *ar)
{
	size_t n = strlen(s), max = 300;
	if (n <= max)
		return s;
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return arena_strndup(ar, s, max);
}

/*
 * Build, check, render and store one letter. *refused: letter_check said
 * the case does not yet hold what this letter must say (err names the
 * field); nothing was written then.
 */
static enum cwyn_code write_letter(struct letters_run *r,
                                   const struct letters_request *rq,
                                   int64_t *id, bool *refused,
                                   struct cwyn_error *err)
{
	const struct app_ctx *ctx = r->ctx;
	struct letter_data d;
	enum letter_lang lang;
	*refused = false;
	enum cwyn_code rc = letters_build(ctx, &r->lc, rq, &r->ar, &d, &lang,
	                                  err);
	if (rc != CWYN_OK)
		return rc;
	if ((rc = letter_check(rq->kind, &d, err)) != CWYN_OK) {
		*refused = rc == CWYN_EINVAL;
		return rc;
	}
	if (r->t == NULL &&
	    (rc = letters_templates_for(r->lc.authority.code, &r->ar, &r->t,
	                                err)) != CWYN_OK)
		return rc;
	struct letter_output html;
	rc = letter_render(r->t, rq->kind, lang, LETTER_HTML, &d, &r->ar,
	                   &html, err);
	if (rc != CWYN_OK)
		return rc;
	char *body = arena_strndup(&r->ar, (const char *)html.data, html.len);
	char *data = app_json_dump(letters_data_to_json(&d, lang), &r->ar);
	if (body == NULL || data == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "letter", "out of memory");
	struct store_letter_doc l = {
	    .case_id = r->lc.c.id,
	    .authority_id = r->lc.c.authority_id,
	    .kind = letter_kind_name(rq->kind),
	    .language = letter_lang_name(lang),
	    .subject = html.subject,
	    .body_html = body,
	    .data_json = data,
	};
	if ((rc = store_letter_doc_insert(ctx->db, &l, err)) != CWYN_OK)
		return rc;
	int64_t outbox_id = 0;
	if (rq->kind != LETTER_REFERRAL_AGENCY &&
	    (rc = letters_queue_mail(ctx, &r->lc, l.id,
	                             mail_subject(html.subject, &r->ar), body,
	                             &outbox_id, err)) != CWYN_OK)
		return rc;
	json_t *e = json_object();
	json_object_set_new(e, "letter", json_integer(l.id));
	json_object_set_new(e, "kind", json_string(l.kind));
	json_object_set_new(e, "language", json_string(l.language));
	json_object_set_new(e, "subject", json_string(l.subject));
	if (rq->matter_seq)
		json_object_set_new(e, "matter", json_integer(rq->matter_seq));
	json_object_set_new(e, "email", json_boolean(outbox_id != 0));
	if ((rc = app_event(ctx, l.case_id, "letter", e, err)) != CWYN_OK)
		return rc;
	json_t *w = json_object();
	json_object_set_new(w, "id", json_integer(l.id));
	json_object_set_new(w, "kind", json_string(l.kind));
	json_object_set_new(w, "language", json_string(l.language));
	if (outbox_id)
		json_object_set_new(w, "outbox", json_integer(outbox_id));
	json_array_append_new(r->written, w);
	if (id)
		*id = l.id;
	return CWYN_OK;
}

/* A letter the step should send but cannot be written yet: say so on the
 * timeline, so it is not forgotten. */
static enum cwyn_code note_pending(struct letters_run *r,
                                   const struct letters_request *rq,
                                   const struct cwyn_error *why,
                                   struct cwyn_error *err)
{
	json_t *e = json_object();
	json_object_set_new(e, "kind", json_string(letter_kind_name(rq->kind)));
	if (rq->matter_seq)
		json_object_set_new(e, "matter", json_integer(rq->matter_seq));
	json_object_set_new(e, "field", json_string(why->field));
	json_object_set_new(e, "needs", json_string(why->message));
	enum cwyn_code rc = app_event(r->ctx, r->lc.c.id, "letter.pending", e,
	                              err);
	json_t *p = json_object();
	json_object_set_new(p, "kind", json_string(letter_kind_name(rq->kind)));
	json_object_set_new(p, "field", json_string(why->field));
	json_array_append_new(r->pending, p);
	return rc;
}

/* Write the letters of a step; missing content leaves them pending. */
static enum cwyn_code write_for_step(struct letters_run *r,
                                     const struct letters_request *rqs,
                                     size_t n, json_t *audit,
                                     struct cwyn_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct cwyn_error why = {0};
		bool refused = false;
		enum cwyn_code rc = write_letter(r, &rqs[i], NULL, &refused,
		                                 &why);
		if (rc != CWYN_OK && refused)
			rc = note_pending(r, &rqs[i], &why, err);
		else if (rc != CWYN_OK) {
			if (err)
				*err = why;
			return rc;
		}
		if (rc != CWYN_OK)
			return rc;
	}
	if (audit && json_array_size(r->written))
		json_object_set(audit, "letters", r->written);
	if (audit && json_array_size(r->pending))
		json_object_set(audit, "letters_pending", r->pending);
	return CWYN_OK;
}

/* ---- The workflow's letters -------------------------------------------- */

static const struct {
	enum stage_kind from;
	enum stage_action action;
	size_t n;
	enum letter_kind letters[2];
} workflow[] = {
	{STAGE_KIND_STAGE1, ACT_ACKNOWLEDGE, 1, {LETTER_ACKNOWLEDGEMENT}},
	{STAGE_KIND_STAGE1, ACT_RESOLVE_IN_WRITING, 1,
	 {LETTER_STAGE1_RESOLUTION}},
	{STAGE_KIND_STAGE2, ACT_ACKNOWLEDGE, 1, {LETTER_STAGE2_ACKNOWLEDGEMENT}},
	/* The Stage 2 response ends the council's procedure: the final
	 * response goes with it, with the Ombudsman's details. */
	{STAGE_KIND_STAGE2, ACT_SEND_RESPONSE, 2,
	 {LETTER_STAGE2_RESPONSE, LETTER_FINAL_RESPONSE}},
	{STAGE_KIND_CONFERENCE, ACT_CHAIR_RESOLVE, 1, {LETTER_CHAIR_RESPONSE}},
	{STAGE_KIND_REFERRAL, ACT_REFER_TO_AGENCY, 2,
	 {LETTER_REFERRAL_AGENCY, LETTER_REFERRAL_COMPLAINANT}},
};

enum cwyn_code app_letters_after_advance(const struct app_ctx *ctx,
                                         const struct store_case *c,
                                         const struct store_matter *m,
                                         const char *from_kind,
                                         const struct app_advance *in,
                                         enum outcome outcome, cwyn_day on,
                                         json_t *audit,
                                         struct cwyn_error *err)
{
	enum stage_kind from;
	if (!stage_kind_from_name(from_kind, &from))
		return CWYN_OK;
	size_t w = 0, nw = sizeof workflow / sizeof *workflow;
	while (w < nw && (workflow[w].from != from ||
	                  workflow[w].action != in->action))
		w++;
	if (w == nw)
		return CWYN_OK;
	struct letters_request rqs[2];
	size_t n = 0;
	for (size_t i = 0; i < workflow[w].n; i++) {
		enum letter_kind k = workflow[w].letters[i];
		/* One acknowledgement per complaint (reg 15(2)), however
		 * many of its matters are acknowledged. */
		if (k == LETTER_ACKNOWLEDGEMENT) {
			int64_t have = 0;
			enum cwyn_code rc = store_letter_count_kind(
			    ctx->db, c->authority_id, c->id,
			    letter_kind_name(k), &have, err);
			if (rc != CWYN_OK)
				return rc;
			if (have > 0)
				continue;
		}
		rqs[n++] = (struct letters_request){
		    .kind = k,
		    .matter_seq = k == LETTER_ACKNOWLEDGEMENT ? 0 : m->seq,
		    .extra = in->note,
		    .outcome = outcome != OUTCOME_NONE ? outcome : in->outcome,
		    .on = on,
		};
	}
	if (n == 0)
		return CWYN_OK;
	struct letters_run r;
	enum cwyn_code rc = run_open(&r, ctx, c, err);
	if (rc == CWYN_OK)
		rc = write_for_step(&r, rqs, n, audit, err);
	run_close(&r);
	return rc;
}

enum cwyn_code app_letters_after_extend(const struct app_ctx *ctx,
                                        const struct store_case *c,
                                        const struct store_clock *k,
                                        const struct store_extension *e,
                                        json_t *audit,
                                        struct cwyn_error *err)
{
	struct letters_run r;
	enum cwyn_code rc = run_open(&r, ctx, c, err);
	if (rc == CWYN_OK) {
		int seq = 0;
		for (size_t i = 0; i < r.lc.n_matters; i++)
			if (r.lc.matters[i].id == k->matter_id)
				seq = r.lc.matters[i].seq;
		struct letters_request rq = {
		    .kind = LETTER_EXTENSION,
		    .matter_seq = seq,
		    .on = ctx->today,
		    .extension_id = e->id,
		};
		rc = write_for_step(&r, &rq, 1, audit, err);
	}
	run_close(&r);
	return rc;
}

/* Did the facts document give the complainant's language? */
static bool facts_name_language(const char *facts_json)
{
	json_t *j = facts_json ? json_loads(facts_json, 0, NULL) : NULL;
	json_t *l = json_object_get(json_object_get(j, "complainant"),
	                            "language");
	bool given = json_is_string(l);
	json_decref(j);
	return given;
}

enum cwyn_code app_letters_after_intake(const struct app_ctx *ctx,
                                        const struct store_case *c,
                                        bool language_given, json_t *audit,
                                        struct cwyn_error *err)
{
	enum cwyn_code rc;
	if (!language_given && !facts_name_language(c->facts_json)) {
		json_t *e = json_object();
		json_object_set_new(e, "letters", json_string("both"));
		json_object_set_new(
		    e, "note",
		    json_string("No language preference was recorded: letters "
		                "are written in Welsh and English (procedure.md "
		                "6.2.5)."));
		if ((rc = app_event(ctx, c->id, "language.unknown", e, err)))
			return rc;
	}
	if (c->overall_route == NULL ||
	    (strcmp(c->overall_route, "excluded_court") != 0 &&
	     strcmp(c->overall_route, "split") != 0))
		return CWYN_OK;
	struct letters_run r;
	rc = run_open(&r, ctx, c, err);
	bool court = false;
	for (size_t i = 0; rc == CWYN_OK && i < r.lc.n_matters; i++)
		court |= r.lc.matters[i].route &&
		         strcmp(r.lc.matters[i].route, "excluded_court") == 0;
	if (rc == CWYN_OK && court) {
		/* One letter for every court matter of the complaint; the
		 * other matters go on and are answered separately. */
		struct letters_request rq = {
		    .kind = LETTER_EXCLUSION_COURT,
		    .on = ctx->today,
		};
		rc = write_for_step(&r, &rq, 1, audit, err);
	}
	run_close(&r);
	return rc;
}

/* ---- Staff asking for a letter ----------------------------------------- */

static void letter_from_row(const struct store_letter_doc *l,
                            struct app_letter *out)
{
	memset(out, 0, sizeof *out);
	out->id = l->id;
	out->case_id = l->case_id;
	out->kind = l->kind;
	out->language = l->language;
	out->subject = l->subject;
	memcpy(out->created_at, l->created_at, sizeof out->created_at);
	if (l->sent_at[0])
		memcpy(out->sent_at, l->sent_at, sizeof out->sent_at);
	else if (l->mailed_at)
		snprintf(out->sent_at, sizeof out->sent_at, "%s", l->mailed_at);
	out->mail_state = l->mail_state;
	out->outbox_id = l->outbox_id;
}

enum cwyn_code app_letter_create(const struct app_ctx *ctx,
                                 const char *reference, int64_t version,
                                 const char *kind, int matter_seq,
                                 const char *extra, int64_t *letter_id,
                                 struct app_case_ref *out,
                                 struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	struct letters_run r;
	bool opened = false;
	arena_init(&ar, 0);
	enum letter_kind k;
	if (kind == NULL || !letter_kind_from_name(kind, &k))
		return cwyn_fail(err, CWYN_EINVAL, "kind",
		                 N_("unknown letter kind (see cwyn letter list-kinds)"));
	if (matter_seq < 0)
		return cwyn_fail(err, CWYN_EINVAL, "matter",
		                 N_("the matter number must be 1 or more (0: the whole case)"));
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_ADVANCE, &ar, &c,
	                        err)) ||
	    (rc = app_check_version(&c, version, err)))
		goto out;
	if ((rc = run_open(&r, ctx, &c, err)) != CWYN_OK) {
		run_close(&r);
		goto out;
	}
	opened = true;
	struct letters_request rq = {
	    .kind = k,
	    .matter_seq = matter_seq,
	    .extra = extra,
	    .on = ctx->today,
	};
	bool refused = false;
	int64_t id = 0;
	if ((rc = write_letter(&r, &rq, &id, &refused, err)) != CWYN_OK)
		goto out;
	if ((rc = app_save_case(ctx, &c, out, err)) != CWYN_OK)
		goto out;
	json_t *d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "letter", json_integer(id));
	json_object_set_new(d, "kind", json_string(kind));
	json_object_set(d, "letters", r.written);
	rc = app_audit(ctx, "letter.create", c.id, d, err);
	if (rc == CWYN_OK && letter_id)
		*letter_id = id;
out:
	if (opened)
		run_close(&r);
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}

enum cwyn_code app_letter_list(const struct app_ctx *ctx,
                               const char *reference, struct arena *ar,
                               struct app_letter **out, size_t *n,
                               struct cwyn_error *err)
{
	struct store_case c;
	struct store_letter_doc *rows = NULL;
	size_t nr = 0;
	*out = NULL;
	*n = 0;
	/* A read: only its audit entry is written (see case_read.c). */
	enum cwyn_code rc = app_begin_read(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_READ, ar, &c, err)) ||
	    (rc = store_letter_doc_list(ctx->db, c.authority_id, c.id, ar,
	                                &rows, &nr, err)))
		goto out;
	struct app_letter *ls = arena_calloc(ar, nr + 1, sizeof *ls);
	if (ls == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "letters", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nr; i++)
		letter_from_row(&rows[i], &ls[i]);
	json_t *d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "letters", json_integer((json_int_t)nr));
	if ((rc = app_audit(ctx, "letter.list", c.id, d, err)) != CWYN_OK)
		goto out;
	*out = ls;
	*n = nr;
out:
	return app_end(ctx, rc, err);
}

/* Draw the PDF again from the letter's stored data. */
static enum cwyn_code render_pdf(const struct app_ctx *ctx,
                                 const struct store_case *c,
                                 const struct store_letter_doc *l,
                                 struct arena *ar, const unsigned char **data,
                                 size_t *len, struct cwyn_error *err)
{
	enum letter_kind kind;
	enum letter_lang lang;
	if (!letter_kind_from_name(l->kind, &kind) ||
	    !letter_lang_from_name(l->language, &lang))
		return cwyn_fail(err, CWYN_ESTATE, "letter",
		                 "the letter's kind or language is not known to "
		                 "this version of cwyn");
	if (l->data_json == NULL)
		return cwyn_fail(err, CWYN_ESTATE, "letter",
		                 N_("this letter was stored without its data: only its HTML can be shown"));
	json_error_t jerr;
	json_t *root = json_loads(l->data_json, 0, &jerr);
	struct store_authority a;
	struct letter_templates *t = NULL;
	struct letter_data d;
	enum cwyn_code rc;
	if (root == NULL) {
		rc = cwyn_fail(err, CWYN_EINVAL, "data_json",
		               "the letter's data is not valid JSON");
		goto out;
	}
	if ((rc = letters_data_from_json(root, ar, &d, err)) ||
	    (rc = store_authority_get(ctx->db, c->authority_id, ar, &a, err)) ||
	    (rc = letters_templates_for(a.code, ar, &t, err)))
		goto out;
	d.policy = ctx->policy;
	struct letter_output pdf;
	rc = letter_render(t, kind, lang, LETTER_PDF, &d, ar, &pdf, err);
	if (rc == CWYN_OK) {
		*data = pdf.data;
		*len = pdf.len;
	}
out:
	letter_templates_free(t);
	json_decref(root);
	return rc;
}

enum cwyn_code app_letter_get(const struct app_ctx *ctx,
                              const char *reference, int64_t letter_id,
                              enum app_letter_format format,
                              struct arena *ar, struct app_letter *meta,
                              const unsigned char **data, size_t *len,
                              struct cwyn_error *err)
{
	struct store_case c;
	struct store_letter_doc l;
	*data = NULL;
	*len = 0;
	if ((unsigned)format >= APP_LETTER_FORMAT__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "format",
		                 N_("must be html or pdf"));
	/* A read: only its audit entry is written (see case_read.c). */
	enum cwyn_code rc = app_begin_read(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_READ, ar, &c, err)) ||
	    (rc = store_letter_doc_get(ctx->db, c.authority_id, c.id,
	                               letter_id, ar, &l, err)))
		goto out;
	json_t *d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "letter", json_integer(l.id));
	json_object_set_new(d, "format", json_string(format == APP_LETTER_PDF
	                                                 ? "pdf"
	                                                 : "html"));
	rc = app_audit(ctx, "letter.read", c.id, d, err);
out:
	/* The read is committed (and audited) before the PDF is drawn, so
	 * the database is not held while fonts are laid out. */
	rc = app_end(ctx, rc, err);
	if (rc != CWYN_OK)
		return rc;
	if (meta)
		letter_from_row(&l, meta);
	if (format == APP_LETTER_HTML) {
		*data = (const unsigned char *)l.body_html;
		*len = strlen(l.body_html);
		return CWYN_OK;
	}
	return render_pdf(ctx, &c, &l, ar, data, len, err);
}
