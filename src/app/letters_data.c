/*
 * letters_data.c — what a letter says, taken from the stored case: the
 * authority, the complainant, the reference, the matters with their
 * routes and deadlines, the dates of the steps so far, the outcome, the
 * agency a matter went to, why a court matter is excluded and what was
 * extended.
 *
 * Only facts the case holds go into a letter. Where the letter needs
 * words staff have not given (the terms of a resolution, an outcome), the
 * field stays empty and letter_check says so; the caller decides whether
 * that is an error or a letter still to be written.
 */
#include <stdio.h>
#include <string.h>

#include "app/facts_json.h"
#include "app/letters_internal.h"

/* ---- Loading ------------------------------------------------------------- */

enum cwyn_code letters_load_case(const struct app_ctx *ctx,
                                 const struct store_case *c, struct arena *ar,
                                 struct letters_case *out,
                                 struct cwyn_error *err)
{
	memset(out, 0, sizeof *out);
	out->c = *c;
	struct db *db = ctx->db;
	int64_t a = c->authority_id, id = c->id;
	enum cwyn_code rc;
	if ((rc = store_authority_get(db, a, ar, &out->authority, err)) ||
	    (rc = store_complainant_list(db, a, id, ar, &out->people,
	                                 &out->n_people, err)) ||
	    (rc = store_matter_list(db, a, id, ar, &out->matters,
	                            &out->n_matters, err)) ||
	    (rc = store_stage_list(db, a, id, ar, &out->stages,
	                           &out->n_stages, err)) ||
	    (rc = store_clock_list(db, a, id, ar, &out->clocks,
	                           &out->n_clocks, err)) ||
	    (rc = store_extension_list(db, a, id, ar, &out->extensions,
	                               &out->n_extensions, err)) ||
	    (rc = store_event_list(db, a, id, ar, &out->events,
	                           &out->n_events, err)))
		return rc;
	out->language_known = true;
	for (size_t i = 0; i < out->n_events; i++)
		if (strcmp(out->events[i].kind, "language.unknown") == 0)
			out->language_known = false;
	/* The facts give dates the store keeps nowhere else (conference,
	 * court); a case whose facts no longer parse still gets its
	 * letters, without those dates. */
	facts_init(&out->facts);
	out->facts.as_of = ctx->today;
	if (c->facts_json != NULL &&
	    facts_from_json(c->facts_json, strlen(c->facts_json), ar,
	                    &out->facts, NULL) == CWYN_OK)
		out->have_facts = true;
	return CWYN_OK;
}

/* ---- Small lookups ------------------------------------------------------ */

static const struct store_matter *matter_by_id(const struct letters_case *lc,
                                               int64_t id)
{
	for (size_t i = 0; i < lc->n_matters; i++)
		if (lc->matters[i].id == id)
			return &lc->matters[i];
	return NULL;
}

static const struct store_matter *matter_by_seq(const struct letters_case *lc,
                                                int seq)
{
	for (size_t i = 0; i < lc->n_matters; i++)
		if (lc->matters[i].seq == seq)
			return &lc->matters[i];
	return NULL;
}

/* Is matter m one the letter is about (seq 0: all of them)? */
static bool wanted(const struct store_matter *m, int seq)
{
	return seq == 0 || m->seq == seq;
}

/* The latest clock of timescale ts among the wanted matters (case-level
 * clocks when ts is the acknowledgement). */
static const struct store_clock *latest_clock(const struct letters_case *lc,
                                              const char *ts, int seq)
{
	const struct store_clock *best = NULL;
	for (size_t i = 0; i < lc->n_clocks; i++) {
		const struct store_clock *k = &lc->clocks[i];
		if (strcmp(k->timescale, ts) != 0)
			continue;
		if (k->matter_id != 0) {
			const struct store_matter *m = matter_by_id(lc, k->matter_id);
			if (m == NULL || !wanted(m, seq))
				continue;
		}
		if (best == NULL || k->id > best->id)
			best = k;
	}
	return best;
}

static cwyn_day clock_due(const struct letters_case *lc, const char *ts,
                          int seq)
{
	const struct store_clock *k = latest_clock(lc, ts, seq);
	return k ? k->due_on : CWYN_DAY_NONE;
}

/* The latest stage of a kind among the wanted matters. */
static const struct store_stage *latest_stage(const struct letters_case *lc,
                                              const char *kind, int seq)
{
	const struct store_stage *best = NULL;
	for (size_t i = 0; i < lc->n_stages; i++) {
		const struct store_stage *s = &lc->stages[i];
		const struct store_matter *m = matter_by_id(lc, s->matter_id);
		if (m == NULL || !wanted(m, seq) ||
		    (kind && strcmp(s->kind, kind) != 0))
			continue;
		if (best == NULL || s->id > best->id)
			best = s;
	}
	return best;
}

/* The day of the latest "stage.advanced" event with this action. */
static cwyn_day action_day(const struct letters_case *lc, const char *action,
                           int seq)
{
	cwyn_day best = CWYN_DAY_NONE;
	for (size_t i = 0; i < lc->n_events; i++) {
		const struct store_event *e = &lc->events[i];
		if (strcmp(e->kind, "stage.advanced") != 0)
			continue;
		json_t *j = json_loads(e->detail_json, 0, NULL);
		const char *a = json_string_value(json_object_get(j, "action"));
		const char *on = json_string_value(json_object_get(j, "on"));
		int mseq = (int)json_integer_value(json_object_get(j, "matter"));
		cwyn_day d;
		if (a && on && strcmp(a, action) == 0 && (seq == 0 || mseq == seq) &&
		    date_parse(on, &d, "on", NULL) == CWYN_OK)
			best = d;
		json_decref(j);
	}
	return best;
}

static bool route_from(const char *name, enum route *out)
{
	for (int r = 0; name && r < ROUTE__MAX; r++) {
		if (strcmp(route_name((enum route)r), name) == 0) {
			*out = (enum route)r;
			return true;
		}
	}
	return false;
}

static enum letter_outcome outcome_for_letter(enum outcome o)
{
	switch (o) {
	case OUTCOME_UPHELD: return LETTER_OUTCOME_UPHELD;
	case OUTCOME_PARTLY_UPHELD: return LETTER_OUTCOME_PARTLY_UPHELD;
	case OUTCOME_NOT_UPHELD: return LETTER_OUTCOME_NOT_UPHELD;
	case OUTCOME_RESOLVED: return LETTER_OUTCOME_RESOLVED;
	case OUTCOME_WITHDRAWN: return LETTER_OUTCOME_WITHDRAWN;
	default: return LETTER_OUTCOME_NONE; /* referred, excluded, none */
	}
}

static enum letter_outcome outcome_named(const char *name)
{
	enum letter_outcome o;
	return name && letter_outcome_from_name(name, &o) ? o
	                                                  : LETTER_OUTCOME_NONE;
}

/* A generated text in the letter's language; both: Welsh, then English. */
static const char *in_lang(enum letter_lang lang, const char *en,
                           const char *cy, const char *sep, struct arena *ar)
{
	switch (lang) {
	case LETTER_LANG_EN: return en;
	case LETTER_LANG_CY: return cy;
	default: return arena_printf(ar, "%s%s%s", cy, sep, en);
	}
}

/* Words for an agency when the matter names none. */
static const char *const agency_words[AGENCY__MAX][2] = {
	{"the council", "y cyngor"},                           /* AGENCY_COUNCIL */
	{"the police", "yr heddlu"},                           /* AGENCY_POLICE */
	{"the health board", "y bwrdd iechyd"},                /* AGENCY_HEALTH */
	{"the school or education service",
	 "yr ysgol neu'r gwasanaeth addysg"},                  /* AGENCY_EDUCATION */
	{"the other council", "y cyngor arall"},               /* AGENCY_OTHER_COUNCIL */
	{"the probation service", "y gwasanaeth prawf"},       /* AGENCY_PROBATION */
	{"the other body", "y corff arall"},                   /* AGENCY_OTHER */
};

static const char *agency_text(const struct app_ctx *ctx,
                               const struct store_matter *m,
                               enum letter_lang lang, struct arena *ar)
{
	if (m->agency_name && *m->agency_name)
		return m->agency_name;
	enum route r;
	if (route_from(m->route, &r) && r == ROUTE_OMBUDSMAN) {
		const struct policy_contact *p =
		    &ctx->policy->contacts[CONTACT_PSOW];
		return in_lang(lang, p->name.en, p->name.cy ? p->name.cy
		                                             : p->name.en,
		               " / ", ar);
	}
	enum agency a;
	if (m->agency && agency_from_name(m->agency, &a))
		return in_lang(lang, agency_words[a][0], agency_words[a][1],
		               " / ", ar);
	return NULL;
}

/* Why a court matter is excluded, from what the facts say of the court. */
static const char *court_reason(const struct facts_matter *fm,
                                enum letter_lang lang, struct arena *ar)
{
	const char *en, *cy;
	char d_en[LETTER_DATE_MAX], d_cy[LETTER_DATE_MAX];
	if (fm->subject == SUBJ_DECISION_TO_START_PROCEEDINGS) {
		en = "This is about the decision to start court proceedings. "
		     "Our complaints procedure cannot consider that decision: "
		     "it is for the court.";
		cy = "Mae hyn am y penderfyniad i ddechrau achos llys. Ni all "
		     "ein gweithdrefn gwynion ystyried y penderfyniad hwnnw: "
		     "mater i'r llys ydyw.";
	} else if (fm->court.dealt_with || fm->subject == SUBJ_COURT_DECISION) {
		en = "The court has dealt with this matter, so our complaints "
		     "procedure cannot consider it again.";
		cy = "Mae'r llys wedi delio â'r mater hwn, felly ni all ein "
		     "gweithdrefn gwynion ei ystyried eto.";
	} else if (fm->court.report_for_court) {
		en = "This is about a report written for the court. The court "
		     "considers that report, and looking at it under our "
		     "complaints procedure could prejudice the proceedings.";
		cy = "Mae hyn am adroddiad a ysgrifennwyd ar gyfer y llys. Y "
		     "llys sy'n ystyried yr adroddiad hwnnw, a gallai edrych "
		     "arno dan ein gweithdrefn gwynion niweidio'r achos.";
	} else if (fm->court.status == COURT_ONGOING &&
	           fm->court.started != CWYN_DAY_NONE) {
		en = arena_printf(ar,
		                  "Court proceedings about this matter began on "
		                  "%s and have not ended, and the court has not "
		                  "said that it considers it appropriate for us "
		                  "to look at the matter while they go on. "
		                  "Considering it now could prejudice those "
		                  "proceedings.",
		                  letter_date_long(fm->court.started, LANG_EN,
		                                   d_en));
		cy = arena_printf(ar,
		                  "Dechreuodd achos llys am y mater hwn ar %s ac "
		                  "nid yw wedi dod i ben, ac nid yw'r llys wedi "
		                  "dweud ei fod o'r farn ei bod yn briodol i ni "
		                  "edrych ar y mater tra bo'r achos yn parhau. "
		                  "Gallai ei ystyried yn awr niweidio'r achos "
		                  "hwnnw.",
		                  letter_date_long(fm->court.started, LANG_CY,
		                                   d_cy));
	} else {
		en = "This matter is before the court, and the court has not "
		     "said that it considers it appropriate for us to look at "
		     "it while the proceedings go on. Considering it now could "
		     "prejudice them.";
		cy = "Mae'r mater hwn gerbron y llys, ac nid yw'r llys wedi "
		     "dweud ei fod o'r farn ei bod yn briodol i ni edrych arno "
		     "tra bo'r achos yn parhau. Gallai ei ystyried yn awr "
		     "niweidio'r achos.";
	}
	if (en == NULL || cy == NULL)
		return NULL;
	return in_lang(lang, en, cy, "\n\n", ar);
}

/* The reasons for every excluded matter the letter is about. */
static const char *exclusion_reason(const struct letters_case *lc, int seq,
                                    enum letter_lang lang, struct arena *ar)
{
	const char *all = NULL;
	for (size_t i = 0; i < lc->n_matters; i++) {
		const struct store_matter *m = &lc->matters[i];
		enum route r;
		if (!wanted(m, seq) || !route_from(m->route, &r) ||
		    r != ROUTE_EXCLUDED_COURT)
			continue;
		size_t fi = (size_t)m->seq - 1;
		if (!lc->have_facts || fi >= lc->facts.n_matters)
			continue;
		const char *why = court_reason(&lc->facts.matters[fi], lang, ar);
		if (why == NULL)
			return NULL;
		all = all ? arena_printf(ar, "%s\n\n%s", all, why) : why;
	}
	return all;
}

static const char *display_name(const struct app_ctx *ctx, int64_t user_id,
                                struct arena *ar)
{
	struct store_user u;
	if (user_id <= 0 ||
	    store_user_get(ctx->db, ctx->actor.authority_id, user_id, ar, &u,
	                   NULL) != CWYN_OK)
		return NULL;
	return u.display_name && *u.display_name ? u.display_name
	                                         : u.username;
}

/* ---- Building ------------------------------------------------------------ */

static enum cwyn_code fill_matters(const struct letters_case *lc,
                                   const struct letters_request *rq,
                                   struct arena *ar, struct letter_data *d,
                                   struct cwyn_error *err)
{
	struct letter_matter *ms = arena_calloc(ar, lc->n_matters + 1,
	                                        sizeof *ms);
	if (ms == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "letter", "out of memory");
	size_t n = 0;
	for (size_t i = 0; i < lc->n_matters; i++) {
		const struct store_matter *m = &lc->matters[i];
		if (!wanted(m, rq->matter_seq))
			continue;
		struct letter_matter *lm = &ms[n++];
		lm->summary = m->summary;
		if (!route_from(m->route, &lm->route))
			lm->route = ROUTE_COUNCIL_STAGE1;
		lm->agency_name = m->agency_name;
		const struct store_stage *s = latest_stage(lc, NULL, m->seq);
		lm->outcome = s ? outcome_named(s->outcome)
		                : LETTER_OUTCOME_NONE;
		/* The matter's next deadline: its earliest running clock. */
		lm->due = CWYN_DAY_NONE;
		for (size_t k = 0; k < lc->n_clocks; k++) {
			const struct store_clock *c = &lc->clocks[k];
			if (c->matter_id == m->id &&
			    strcmp(c->state, "running") == 0 &&
			    (lm->due == CWYN_DAY_NONE || c->due_on < lm->due))
				lm->due = c->due_on;
		}
	}
	d->matters = ms;
	d->n_matters = n;
	return CWYN_OK;
}

static void fill_extension(const struct app_ctx *ctx,
                           const struct letters_case *lc,
                           const struct letters_request *rq,
                           enum letter_lang lang, struct arena *ar,
                           struct letter_data *d)
{
	const struct store_extension *e = NULL;
	for (size_t i = 0; i < lc->n_extensions; i++) {
		const struct store_extension *x = &lc->extensions[i];
		if (rq->extension_id ? x->id == rq->extension_id
		                     : (e == NULL || x->id > e->id))
			e = x;
	}
	if (e == NULL)
		return;
	const struct store_clock *k = NULL;
	for (size_t i = 0; i < lc->n_clocks; i++)
		if (lc->clocks[i].id == e->clock_id)
			k = &lc->clocks[i];
	enum ts_id ts;
	if (k && ts_id_from_name(k->timescale, &ts)) {
		const struct policy_text *l = &ctx->policy->timescales[ts].label;
		d->extension.step = in_lang(lang, l->en, l->cy ? l->cy : l->en,
		                            " / ", ar);
	}
	d->extension.agreed_with = e->agreed_with;
	d->extension.agreed_on = e->agreed_on;
	d->extension.reason = e->reason;
	d->extension.old_due = e->old_due;
	d->extension.new_due = e->new_due;
}

enum cwyn_code letters_build(const struct app_ctx *ctx,
                             const struct letters_case *lc,
                             const struct letters_request *rq,
                             struct arena *ar, struct letter_data *d,
                             enum letter_lang *lang, struct cwyn_error *err)
{
	letter_data_init(d);
	enum language cl = LANG_EN;
	language_from_name(lc->c.language, &cl);
	*lang = letter_lang_for_case(lc->language_known, cl);
	int seq = rq->matter_seq;
	if (seq != 0 && matter_by_seq(lc, seq) == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "matter",
		                 "the case has no matter %d (it has %zu)", seq,
		                 lc->n_matters);

	d->policy = ctx->policy;
	d->authority_code = lc->authority.code;
	d->authority_name.en = lc->authority.name_en;
	d->authority_name.cy = lc->authority.name_cy;
	const struct policy_contact *co =
	    &ctx->policy->contacts[CONTACT_COMPLAINTS_OFFICER];
	if (co->defined && co->configured)
		d->authority_address = co->address;
	if (lc->n_people > 0) {
		d->complainant_name = lc->people[0].name;
		d->complainant_address = lc->people[0].address;
	}
	d->reference = lc->c.reference;
	d->officer_name = display_name(ctx, lc->c.owner_user_id, ar);
	if (d->officer_name == NULL)
		d->officer_name = display_name(ctx, ctx->actor.user_id, ar);
	if (ctx->actor.role == APP_ROLE_CONFERENCE_CHAIR)
		d->chair_name = display_name(ctx, ctx->actor.user_id, ar);

	d->letter_date = rq->on;
	d->received = lc->c.received;
	const struct store_clock *ack = latest_clock(lc, "ack", 0);
	if (ack && ack->stopped_on != CWYN_DAY_NONE)
		d->acknowledged = ack->stopped_on;
	d->discussion_due = clock_due(lc, "s1_discussion", seq);
	d->resolved = action_day(lc, "resolve", seq);
	const struct store_stage *s2 = latest_stage(lc, "stage2", seq);
	if (s2)
		d->stage2_requested = s2->opened_on;
	d->response_due = clock_due(lc, "s2_response", seq);
	if (lc->have_facts) {
		for (size_t i = 0; i < lc->facts.n_matters; i++) {
			const struct facts_matter *fm = &lc->facts.matters[i];
			if (seq != 0 && (size_t)seq != i + 1)
				continue;
			if (fm->conference_held != CWYN_DAY_NONE)
				d->conference_held = fm->conference_held;
			if (fm->minutes_sent != CWYN_DAY_NONE)
				d->minutes_sent = fm->minutes_sent;
		}
	}
	enum cwyn_code rc = fill_matters(lc, rq, ar, d, err);
	if (rc != CWYN_OK)
		return rc;

	d->outcome = outcome_for_letter(rq->outcome);
	if (d->outcome == LETTER_OUTCOME_NONE && seq != 0) {
		const struct store_stage *s = latest_stage(lc, NULL, seq);
		if (s)
			d->outcome = outcome_named(s->outcome);
	}
	const char *extra = app_blank(rq->extra) ? NULL : rq->extra;
	switch (rq->kind) {
	case LETTER_STAGE1_RESOLUTION:
		d->resolution_terms = extra;
		break;
	case LETTER_STAGE2_RESPONSE:
	case LETTER_CHAIR_RESPONSE:
	case LETTER_FINAL_RESPONSE:
		d->outcome_detail = extra;
		break;
	case LETTER_EXCLUSION_COURT:
		d->exclusion_reason = extra ? extra
		                            : exclusion_reason(lc, seq, *lang, ar);
		break;
	case LETTER_REFERRAL_AGENCY:
	case LETTER_REFERRAL_COMPLAINANT:
		for (size_t i = 0; i < lc->n_matters && !d->agency_name; i++) {
			const struct store_matter *m = &lc->matters[i];
			enum route r;
			if (wanted(m, seq) && route_from(m->route, &r) &&
			    (r == ROUTE_OTHER_AGENCY || r == ROUTE_OMBUDSMAN))
				d->agency_name = agency_text(ctx, m, *lang, ar);
		}
		if (extra)
			d->outcome_detail = extra;
		break;
	case LETTER_EXTENSION:
		fill_extension(ctx, lc, rq, *lang, ar, d);
		break;
	default:
		break;
	}
	return CWYN_OK;
}
