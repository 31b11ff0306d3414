/*
 * track.c — the complainant's pages after sending: the confirmation page
 * (reference and the secret link, shown once) and the tracking page behind
 * that link.
 *
 * The tracking page is in the complainant's language (the case's; an
 * explicit ?lang= switch is honoured) and shows only what is theirs to
 * know: the case's status and, for each concern, where it goes (its
 * route), where it is now (its current stage and state, with the day it
 * was resolved, referred or closed), its next time limit while the
 * council still owes a step, and what the complainant can do next (Stage
 * 2, the Ombudsman, the panel, another agency, legal advice); then the
 * letters sent (titles and dates) and who can help. A young person's case
 * gets the same facts in plainer words. The stage state comes from the
 * stage rows, and the day a Stage 1 resolution or a Stage 2 response was
 * given from that step's timeline entry (only its action and day are
 * read). Never the timeline itself, staff notes, names or any other
 * person's details.
 *
 * A wrong or malformed secret and an unknown reference get the same 404
 * page (app_public_track cannot tell them apart either), and lookups are
 * limited per address. Every answer carries Cache-Control: no-store and
 * Referrer-Policy: no-referrer (response.c), so the secret in the address
 * stays out of caches and other sites' logs.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "app/public.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "web/pages/complain.h"
#include "web/pages/complain_internal.h"
#include "web/pages/layout.h"
#include "web/rate_limit.h"
#include "web/response.h"

/* Lookups per address: a person refreshing now and then never meets it;
 * a script trying links does, quickly. */
#define TRACK_MAX_LOOKUPS 30
#define TRACK_WINDOW 600
static struct rate_limit lookups = RATE_LIMIT_INIT(TRACK_MAX_LOOKUPS,
                                                   TRACK_WINDOW);

/* Where a concern goes, by its route (the "Where it goes" row). */
static const char *const route_where[ROUTE__MAX] = {
	N_("The council's complaints procedure: Stage 1 (local resolution)"), /* ROUTE_COUNCIL_STAGE1 */
	N_("The council's complaints procedure: Stage 2 (formal investigation)"), /* ROUTE_COUNCIL_STAGE2 */
	N_("The conference chair (child protection conference)"), /* ROUTE_CONFERENCE_CHAIR */
	N_("The Safeguarding Board's panel"), /* ROUTE_SAFEGUARDING_PANEL */
	N_("Another organisation: %s"), /* ROUTE_OTHER_AGENCY */
	N_("Not for the complaints procedure: a matter for the court"), /* ROUTE_EXCLUDED_COURT */
	N_("The Public Services Ombudsman for Wales"), /* ROUTE_OMBUDSMAN */
	N_("Your concerns go to different places."), /* ROUTE_SPLIT */
};

static const char *const route_where_young[ROUTE__MAX] = {
	N_("The council's complaints team: the first step (Stage 1)"), /* ROUTE_COUNCIL_STAGE1 */
	N_("The council's complaints team: the second step (Stage 2)"), /* ROUTE_COUNCIL_STAGE2 */
	N_("The conference chair: the person who ran the child protection meeting"), /* ROUTE_CONFERENCE_CHAIR */
	N_("The Safeguarding Board's panel"), /* ROUTE_SAFEGUARDING_PANEL */
	N_("Somewhere else: %s"), /* ROUTE_OTHER_AGENCY */
	N_("For the court, not the complaints team"), /* ROUTE_EXCLUDED_COURT */
	N_("The Public Services Ombudsman for Wales"), /* ROUTE_OMBUDSMAN */
	N_("Your concerns go to different places."), /* ROUTE_SPLIT */
};

/*
 * Where a concern is now, as a complainant would put it: the stage states
 * of lifecycle.h folded into what makes a difference to them.
 */
enum track_step {
	TRK_S1_RECEIVED = 0,
	TRK_S1_ACKNOWLEDGED,
	TRK_S1_DISCUSSED,
	TRK_S1_RESOLVED,
	TRK_S1_CLOSED,
	TRK_S2_REQUESTED,
	TRK_S2_WORKING,
	TRK_S2_REPORT,
	TRK_S2_RESPONDED,
	TRK_S2_CLOSED,
	TRK_CONF_OPEN,
	TRK_CONF_RESOLVED,
	TRK_CONF_CLOSED,
	TRK_PANEL_OPEN,
	TRK_PANEL_CLOSED,
	TRK_REF_OPEN,
	TRK_REF_CLOSED,
	TRK_EXC_OPEN,
	TRK_EXC_CLOSED,
	TRK_WITHDRAWN,
	TRK__MAX
};

/* What the council can do next, or the complainant can. */
enum track_next {
	NX_S1_OPEN = 0,
	NX_S1_DONE,
	NX_S2_OPEN,
	NX_S2_DONE,
	NX_CONF_OPEN,
	NX_CONF_DONE,
	NX_PANEL_OPEN,
	NX_PANEL_DONE,
	NX_AGENCY,   /* %s: the other agency */
	NX_PSOW,
	NX_COURT,
	NX_WITHDRAWN,
	NX__MAX
};

/* Where the day comes from in a step's sentence (its only %s, always
 * after "on" / "ar": gv_long_date_on). */
enum step_day {
	DAY_NONE = 0,
	DAY_OPENED,     /* the stage opened */
	DAY_CLOSED,     /* the stage closed */
	DAY_RESOLVED,   /* the "resolve" step of Stage 1 */
	DAY_RESPONDED,  /* the "send_response" step of Stage 2 */
};

struct step_info {
	const char *adult;     /* msgid */
	const char *young;     /* msgid, plainer words */
	enum step_day day;
	enum track_next next;
	bool outcome;          /* say the outcome found (upheld, ...) */
};

static const struct step_info steps[TRK__MAX] = {
	[TRK_S1_RECEIVED] = {
	    N_("The council received your complaint on %s. It is waiting to be acknowledged: the council will write to say it has it."),
	    N_("We got your complaint on %s. We will write to you soon to say we have it."),
	    DAY_OPENED, NX_S1_OPEN, false},
	[TRK_S1_ACKNOWLEDGED] = {
	    N_("Acknowledged. The complaints officer will offer to talk it through with you, to try to put things right."),
	    N_("We have written to say we have your complaint. Someone from the complaints team will offer to talk with you about it."),
	    DAY_NONE, NX_S1_OPEN, false},
	[TRK_S1_DISCUSSED] = {
	    N_("Being looked at: the complaints officer has talked it through with you and is working to resolve it."),
	    N_("We have talked with you about it and are working to sort it out."),
	    DAY_NONE, NX_S1_OPEN, false},
	[TRK_S1_RESOLVED] = {
	    N_("Resolved on %s. The council will send you the terms of the resolution in writing."),
	    N_("Sorted out on %s. We will write to you to say what was agreed."),
	    DAY_RESOLVED, NX_S1_DONE, false},
	[TRK_S1_CLOSED] = {
	    N_("Stage 1 finished on %s."),
	    N_("The first step (Stage 1) finished on %s."),
	    DAY_CLOSED, NX_S1_DONE, true},
	[TRK_S2_REQUESTED] = {
	    N_("You asked for Stage 2 on %s. It is waiting for the council to acknowledge it."),
	    N_("You asked for the second step (Stage 2) on %s. We will write to say we have your request."),
	    DAY_OPENED, NX_S2_OPEN, false},
	[TRK_S2_WORKING] = {
	    N_("Being investigated: an independent investigator is looking into your complaint and will report to the council."),
	    N_("Someone from outside the council is looking carefully into your complaint."),
	    DAY_NONE, NX_S2_OPEN, false},
	[TRK_S2_REPORT] = {
	    N_("The investigator's report is in. The council is preparing its response to you."),
	    N_("The person looking into it has finished. The council is writing its answer to you."),
	    DAY_NONE, NX_S2_OPEN, false},
	[TRK_S2_RESPONDED] = {
	    N_("The council sent you its response on %s."),
	    N_("The council sent you its answer on %s."),
	    DAY_RESPONDED, NX_S2_DONE, false},
	[TRK_S2_CLOSED] = {
	    N_("Stage 2 finished on %s."),
	    N_("The second step (Stage 2) finished on %s."),
	    DAY_CLOSED, NX_S2_DONE, true},
	[TRK_CONF_OPEN] = {
	    N_("The chair of the child protection conference is looking at this part of your complaint."),
	    N_("The person who ran the child protection meeting (the conference chair) is looking at your complaint."),
	    DAY_NONE, NX_CONF_OPEN, false},
	[TRK_CONF_RESOLVED] = {
	    N_("The conference chair resolved this part of your complaint on %s."),
	    N_("The conference chair sorted this out on %s."),
	    DAY_CLOSED, NX_CONF_DONE, false},
	[TRK_CONF_CLOSED] = {
	    N_("The conference chair finished looking at this part of your complaint on %s."),
	    N_("The conference chair finished looking at this on %s."),
	    DAY_CLOSED, NX_CONF_DONE, true},
	[TRK_PANEL_OPEN] = {
	    N_("The Safeguarding Board's panel will look at this part of your complaint."),
	    N_("A panel from the Safeguarding Board will look at your complaint."),
	    DAY_NONE, NX_PANEL_OPEN, false},
	[TRK_PANEL_CLOSED] = {
	    N_("The Safeguarding Board's panel made its decision on %s."),
	    N_("The panel decided on %s."),
	    DAY_CLOSED, NX_PANEL_DONE, true},
	[TRK_REF_OPEN] = {
	    N_("The council will tell you where this part of your complaint should go, and how to complain there."),
	    N_("We will tell you who can help with this, and how to ask them."),
	    DAY_NONE, NX_AGENCY, false},
	[TRK_REF_CLOSED] = {
	    N_("Referred on %s: the council has told you where to take this part of your complaint."),
	    N_("We told you on %s who can help with this."),
	    DAY_CLOSED, NX_AGENCY, false},
	[TRK_EXC_OPEN] = {
	    N_("The complaints procedure cannot look at this, because it is a matter for the court. The council will write to explain why."),
	    N_("The complaints team cannot look at this, because it is for the court to decide. We will write to explain why."),
	    DAY_NONE, NX_COURT, false},
	[TRK_EXC_CLOSED] = {
	    N_("The council wrote on %s to explain why the complaints procedure cannot look at this: it is a matter for the court."),
	    N_("We wrote to you on %s to explain why the complaints team cannot look at this: it is for the court."),
	    DAY_CLOSED, NX_COURT, false},
	[TRK_WITHDRAWN] = {
	    N_("Withdrawn on %s."),
	    N_("You stopped this part of your complaint on %s."),
	    DAY_CLOSED, NX_WITHDRAWN, false},
};

struct next_info {
	const char *adult;          /* msgid */
	const char *young;          /* msgid */
	int contact;                /* a contact to show with it, or -1 */
};

static const struct next_info nexts[NX__MAX] = {
	[NX_S1_OPEN] = {
	    N_("If you are not happy with how Stage 1 is going, you can ask the complaints officer for Stage 2, a formal investigation, at any time."),
	    N_("If you are not happy with how it is going, you can ask for the second step (Stage 2) at any time."),
	    -1},
	[NX_S1_DONE] = {
	    N_("If you are not happy with the outcome of Stage 1, you can ask the complaints officer for Stage 2: a formal investigation by an independent investigator. The council cannot refuse."),
	    N_("If you are not happy with what happened, you can ask for the second step (Stage 2). Someone from outside the council will look into your complaint. The council must say yes."),
	    -1},
	[NX_S2_OPEN] = {
	    N_("Wait for the council's response. If the council misses its time limit without agreeing more time with you, you can go to the Public Services Ombudsman for Wales now."),
	    N_("Wait for the council's answer. If it is late and nobody agreed more time with you, you can ask the Public Services Ombudsman for Wales for help."),
	    -1},
	[NX_S2_DONE] = {
	    N_("If you are still not happy after the council's response, you can ask the Public Services Ombudsman for Wales to look at your complaint. You normally need to do this within a year of first knowing about the problem."),
	    N_("If you are still not happy with the council's answer, you can ask the Public Services Ombudsman for Wales to look at it. They do not work for the council."),
	    CONTACT_PSOW},
	[NX_CONF_OPEN] = {
	    N_("Wait for the chair's answer. If the chair cannot resolve it and you want to take it further, tell the chair: it can then go to the Safeguarding Board's panel."),
	    N_("Wait for the chair's answer. If it is not sorted out and you want to go on, tell the chair. A panel from the Safeguarding Board can then look at it."),
	    -1},
	[NX_CONF_DONE] = {
	    N_("If you think this part of your complaint is not resolved, contact the complaints officer or the chair: a conference complaint the chair cannot resolve can go to the Safeguarding Board's panel. The Public Services Ombudsman for Wales cannot look at child protection conference decisions."),
	    N_("If you feel it is not sorted out, tell the complaints team or the chair. A panel from the Safeguarding Board can look at it. The Public Services Ombudsman for Wales cannot look at child protection meeting decisions."),
	    -1},
	[NX_PANEL_OPEN] = {
	    N_("Wait for the panel's decision. The council will write to you."),
	    N_("Wait for the panel to decide. We will write to you."),
	    -1},
	[NX_PANEL_DONE] = {
	    N_("The panel's decision is the last step for a complaint about a child protection conference. The Public Services Ombudsman for Wales cannot look at conference decisions."),
	    N_("The panel's decision is the last step for a complaint about a child protection meeting."),
	    -1},
	[NX_AGENCY] = {
	    N_("Complain to %s through their own complaints procedure. The council will tell you how, if it has not already."),
	    N_("You can complain to %s. We will tell you how, if we have not already."),
	    -1},
	[NX_PSOW] = {
	    N_("You can ask the Public Services Ombudsman for Wales to look at this."),
	    N_("You can ask the Public Services Ombudsman for Wales to look at this. They do not work for the council."),
	    CONTACT_PSOW},
	[NX_COURT] = {
	    N_("Get legal advice about this part of your complaint."),
	    N_("An adult you trust, an advocate or a solicitor can help you with this."),
	    CONTACT_LEGAL_ADVICE},
	[NX_WITHDRAWN] = {
	    N_("If you want to take this up again, contact the complaints officer."),
	    N_("If you want to start this again, tell the complaints team."),
	    -1},
};

static const char *const agency_words[AGENCY__MAX] = {
	N_("the council's social services"), /* AGENCY_COUNCIL */
	N_("the police"),                    /* AGENCY_POLICE */
	N_("the health service (for example the health board or NHS trust)"), /* AGENCY_HEALTH */
	N_("the school or education service"), /* AGENCY_EDUCATION */
	N_("the other council"),             /* AGENCY_OTHER_COUNCIL */
	N_("the probation service"),         /* AGENCY_PROBATION */
	N_("the other organisation"),        /* AGENCY_OTHER */
};

static int route_of(const char *name)
{
	for (int r = 0; name != NULL && r < ROUTE__MAX; r++)
		if (strcmp(route_name((enum route)r), name) == 0)
			return r;
	return -1;
}

static void not_found(struct web_request *req)
{
	respond_error_page(req, 404, N_("there is nothing at this address"));
}

/*
 * Shared by both pages: the limit, the database and the case behind the
 * link. False after answering (429, 404, 503, 500).
 */
static bool lookup(struct cf_ctx *c, struct app_ctx *ctx,
                   struct app_case_view *v)
{
	struct web_request *req = c->req;
	int64_t now = web_app_now(c->app);
	if (!rate_limit_allow(&lookups, req->remote_addr, now)) {
		char secs[24];
		snprintf(secs, sizeof secs, "%lld",
		         (long long)rate_limit_retry_after(&lookups,
		                                           req->remote_addr, now));
		respond_error_page(req, 429, N_("too many requests from your "
		                                "connection; wait a few minutes and "
		                                "try again"));
		respond_add_header(req, "Retry-After", secs);
		return false;
	}
	if (!cf_db(c))
		return false;
	struct cwyn_error err = {0};
	memset(ctx, 0, sizeof *ctx);
	ctx->db = c->db;
	ctx->policy = cf_policy(c->app);
	ctx->cal = cf_calendar(c->app);
	ctx->today = cf_today(c->app);
	enum cwyn_code rc = app_public_actor(c->db, c->app->default_authority,
	                                     &ctx->actor, &err);
	if (rc == CWYN_OK)
		rc = app_public_track(ctx, web_request_param(req, "ref"),
		                      web_request_param(req, "secret"), req->arena,
		                      v, &err);
	if (rc == CWYN_ENOTFOUND) {
		not_found(req);
		return false;
	}
	if (rc != CWYN_OK) {
		if (rc == CWYN_EDB || rc == CWYN_EIO)
			c->db_broken = true;
		fprintf(stderr, "cwyn: tracking: %s\n", err.message);
		respond_error_page(req, 500, N_("the server could not complete the "
		                                "request; nothing was changed"));
		return false;
	}
	return true;
}

static void contact(struct html *h, const struct policy *p, enum contact_id id)
{
	if (p != NULL)
		gv_contact(h, &p->contacts[id]);
}

static bool young_case(const struct app_case_view *v)
{
	for (size_t i = 0; i < v->n_complainants; i++)
		if (v->complainants[i].relationship != NULL &&
		    strcmp(v->complainants[i].relationship, "child") == 0)
			return true;
	return false;
}

/* shown: contacts already given under a concern (bit per contact_id),
 * not repeated here. */
static void who_can_help(struct html *h, const struct policy *p,
                         const struct app_case_view *v, unsigned shown)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Who can help"));
	if (young_case(v)) {
		contact(h, p, CONTACT_ADVOCACY);
		contact(h, p, CONTACT_CRO);
		contact(h, p, CONTACT_CCFW);
	}
	contact(h, p, CONTACT_COMPLAINTS_OFFICER);
	if (!young_case(v))
		contact(h, p, CONTACT_ADVOCACY);
	if (!(shown & (1u << CONTACT_PSOW)))
		contact(h, p, CONTACT_PSOW);
}

static const char *subject_words(const struct store_matter *m, bool young)
{
	enum matter_subject s;
	if (!matter_subject_from_name(m->subject, &s))
		return NULL;
	for (int k = 0; k < KIND__MAX; k++)
		if (chk_kinds[k].subject == s)
			return young ? chk_kinds[k].label_young : chk_kinds[k].label;
	return NULL;
}

/* The other agency in words: its name if staff gave one, else its kind. */
static const char *agency_text(struct html *h, const struct store_matter *m)
{
	if (m->agency_name && m->agency_name[0])
		return m->agency_name;
	enum agency a = AGENCY_OTHER;
	agency_from_name(m->agency, &a);
	return i18n_tr(h->lang, agency_words[a]);
}

/* A translated msgid whose only conversion is %s, filled with arg. */
static const char *tr_s(struct html *h, const char *msgid, const char *arg)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return arena_printf(h->arena, i18n_tr(h->lang, msgid), arg);
#pragma GCC diagnostic pop
}

static const char *route_words(struct html *h, const struct store_matter *m,
                               bool young)
{
	int r = route_of(m->route);
	if (r < 0)
		return NULL;
	const char *msgid = young ? route_where_young[r] : route_where[r];
	if (r != ROUTE_OTHER_AGENCY)
		return i18n_tr(h->lang, msgid);
	return tr_s(h, msgid, agency_text(h, m));
}

/* Where the matter's current stage stands; false when it has none. */
static bool step_of(const struct store_stage *s, enum track_step *out,
                    enum stage_state *state_out)
{
	enum stage_state st;
	if (s == NULL || !stage_state_from_name(s->state, &st))
		return false;
	enum outcome oc = OUTCOME_NONE;
	if (s->outcome)
		outcome_from_name(s->outcome, &oc);
	enum track_step t;
	switch (st) {
	case ST_S1_RECEIVED: t = TRK_S1_RECEIVED; break;
	case ST_S1_ACKNOWLEDGED: t = TRK_S1_ACKNOWLEDGED; break;
	case ST_S1_DISCUSSED: t = TRK_S1_DISCUSSED; break;
	case ST_S1_RESOLVED: t = TRK_S1_RESOLVED; break;
	case ST_S1_CLOSED: t = TRK_S1_CLOSED; break;
	case ST_S2_REQUESTED: t = TRK_S2_REQUESTED; break;
	case ST_S2_ACKNOWLEDGED:
	case ST_S2_SUMMARY_AGREED:
	case ST_S2_INVESTIGATING: t = TRK_S2_WORKING; break;
	case ST_S2_REPORT_RECEIVED: t = TRK_S2_REPORT; break;
	case ST_S2_RESPONDED: t = TRK_S2_RESPONDED; break;
	case ST_S2_CLOSED: t = TRK_S2_CLOSED; break;
	case ST_CONF_RECEIVED:
	case ST_CONF_SM_NOTIFIED: t = TRK_CONF_OPEN; break;
	case ST_CONF_CLOSED:
		t = oc == OUTCOME_RESOLVED ? TRK_CONF_RESOLVED : TRK_CONF_CLOSED;
		break;
	case ST_PANEL_REQUESTED:
	case ST_PANEL_CONVENED: t = TRK_PANEL_OPEN; break;
	case ST_PANEL_CLOSED: t = TRK_PANEL_CLOSED; break;
	case ST_REF_RECEIVED: t = TRK_REF_OPEN; break;
	case ST_REF_CLOSED: t = TRK_REF_CLOSED; break;
	case ST_EXC_RECEIVED: t = TRK_EXC_OPEN; break;
	case ST_EXC_CLOSED: t = TRK_EXC_CLOSED; break;
	case ST_S1_WITHDRAWN:
	case ST_S2_WITHDRAWN:
	case ST_CONF_WITHDRAWN:
	case ST_PANEL_WITHDRAWN:
	case ST_REF_WITHDRAWN:
	case ST_EXC_WITHDRAWN: t = TRK_WITHDRAWN; break;
	default: return false;
	}
	*out = t;
	*state_out = st;
	return true;
}

/*
 * The day of the latest step `action` on matter `seq`, from the timeline
 * entry app_advance writes ("stage.advanced": action, matter, on). Only
 * those three fields are read: the entry's note is staff's.
 */
static cwyn_day action_day(const struct app_case_view *v, const char *action,
                           int seq)
{
	cwyn_day best = CWYN_DAY_NONE;
	for (size_t i = 0; i < v->n_events; i++) {
		const struct store_event *e = &v->events[i];
		if (e->kind == NULL || strcmp(e->kind, "stage.advanced") != 0 ||
		    e->detail_json == NULL)
			continue;
		json_t *j = json_loads(e->detail_json, 0, NULL);
		const char *a = json_string_value(json_object_get(j, "action"));
		const char *on = json_string_value(json_object_get(j, "on"));
		json_int_t mseq = json_integer_value(json_object_get(j, "matter"));
		cwyn_day d;
		if (a && on && strcmp(a, action) == 0 && mseq == seq &&
		    date_parse(on, &d, "on", NULL) == CWYN_OK)
			best = d;
		json_decref(j);
	}
	return best;
}

static cwyn_day step_day(const struct app_case_view *v,
                         const struct store_matter *m,
                         const struct store_stage *s, enum step_day which)
{
	switch (which) {
	case DAY_OPENED: return s->opened_on;
	case DAY_CLOSED: return s->closed_on;
	case DAY_RESOLVED: return action_day(v, "resolve", m->seq);
	case DAY_RESPONDED: return action_day(v, "send_response", m->seq);
	case DAY_NONE:
	default: return CWYN_DAY_NONE;
	}
}

/* The council's own steps: the clocks a complainant waits on. Their own
 * time limits (to complain, to go to the Ombudsman) are not "pending". */
static bool council_duty(enum ts_id ts)
{
	switch (ts) {
	case TS_ACK:
	case TS_S1_DISCUSSION:
	case TS_S1_RESOLUTION_LETTER:
	case TS_S2_RESPONSE:
	case TS_CONF_CHAIR_RESOLVE:
	case TS_PANEL_CONVENE:
		return true;
	default:
		return false;
	}
}

/*
 * The earliest running council clock: of matter `matter_id` (with the
 * complaint's acknowledgement, which belongs to no matter), or of the
 * whole case when matter_id is 0. Index into v->clocks, or -1.
 */
static long earliest_due(const struct app_case_view *v, int64_t matter_id)
{
	long best = -1;
	for (size_t i = 0; i < v->n_clocks; i++) {
		const struct store_clock *k = &v->clocks[i];
		enum ts_id ts;
		if (k->state == NULL || strcmp(k->state, "running") != 0 ||
		    v->status[i].due == CWYN_DAY_NONE ||
		    !ts_id_from_name(k->timescale, &ts) || !council_duty(ts))
			continue;
		if (matter_id != 0 && k->matter_id != matter_id &&
		    !(k->matter_id == 0 && ts == TS_ACK))
			continue;
		if (best < 0 || v->status[i].due < v->status[best].due)
			best = (long)i;
	}
	return best;
}

/* "Acknowledge the complaint: by Tuesday 12 January 2027" (the policy's
 * label; Welsh "erbyn dydd Mawrth ..."). */
static const char *due_words(struct html *h, const struct policy *p,
                             const struct app_case_view *v, long i)
{
	const struct store_clock *k = &v->clocks[i];
	const char *day = gv_long_date_inline(h->arena, h->lang,
	                                      v->status[i].due);
	enum ts_id ts;
	const char *label = NULL;
	if (p != NULL && ts_id_from_name(k->timescale, &ts) &&
	    p->timescales[ts].defined) {
		const struct policy_text *t = &p->timescales[ts].label;
		label = h->lang == LANG_CY && t->cy && t->cy[0] ? t->cy : t->en;
	}
	const char *by = tr_s(h, N_("by %s."), day);
	return label ? arena_printf(h->arena, "%s: %s", label, by) : by;
}

static void summary_row(struct html *h, const char *key, const char *value)
{
	html_fmt(h, "<div class=\"govuk-summary-list__row\">"
	         "<dt class=\"govuk-summary-list__key\">%T</dt>"
	         "<dd class=\"govuk-summary-list__value\">%t</dd></div>",
	         key, value ? value : "");
}

/* Is the matter's current stage over (closed or withdrawn)? */
static bool matter_done(const struct app_case_view *v,
                        const struct store_matter *m)
{
	enum track_step t;
	enum stage_state st;
	return step_of(app_view_current_stage(v, m->id), &t, &st) &&
	       stage_state_is_final(st);
}

/*
 * One concern: where it goes, where it is now, its next time limit while
 * the council owes a step, and what the complainant can do next. Adds the
 * contacts shown to *shown.
 */
static void matter_section(struct html *h, const struct policy *p,
                           const struct app_case_view *v,
                           const struct store_matter *m, bool young,
                           unsigned *shown)
{
	html_raw(h, "<h2 class=\"govuk-heading-m\">");
	html_trf(h, N_("Concern %zu"), (size_t)m->seq);
	html_raw(h, "</h2>");
	const char *what = subject_words(m, young);
	if (what != NULL)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>", what);
	const struct store_stage *s = app_view_current_stage(v, m->id);
	enum track_step t;
	enum stage_state st;
	bool known = step_of(s, &t, &st);
	bool done = known && stage_state_is_final(st);
	html_fmt(h, "<dl class=\"govuk-summary-list\" id=\"concern-%d\">", m->seq);
	const char *where = route_words(h, m, young);
	if (where != NULL)
		summary_row(h, N_("Where it goes"), where);
	if (!known) {
		html_raw(h, "</dl>");
		return;
	}
	const struct step_info *si = &steps[t];
	const char *msgid = young ? si->young : si->adult;
	const char *now = si->day == DAY_NONE
	    ? i18n_tr(h->lang, msgid)
	    : tr_s(h, msgid, gv_long_date_on(h->arena, h->lang,
	                                     step_day(v, m, s, si->day)));
	enum outcome oc;
	if (si->outcome && s->outcome && outcome_from_name(s->outcome, &oc) &&
	    (oc == OUTCOME_UPHELD || oc == OUTCOME_PARTLY_UPHELD ||
	     oc == OUTCOME_NOT_UPHELD || oc == OUTCOME_RESOLVED))
		now = arena_printf(h->arena, "%s %s", now,
		                   tr_s(h, N_("Outcome: %s."),
		                        i18n_tr(h->lang, outcome_label(oc))));
	summary_row(h, N_("Where it is now"), now);
	long due = done ? -1 : earliest_due(v, m->id);
	if (due >= 0)
		summary_row(h, N_("Next time limit"), due_words(h, p, v, due));
	html_raw(h, "</dl>");

	enum track_next nx = si->next;
	if (nx == NX_AGENCY && route_of(m->route) == ROUTE_OMBUDSMAN)
		nx = NX_PSOW;
	const struct next_info *ni = &nexts[nx];
	const char *todo = young ? ni->young : ni->adult;
	html_fmt(h, "<h3 class=\"govuk-heading-s\">%T</h3>",
	         young ? N_("What you can do") : N_("What you can do next"));
	html_fmt(h, "<p class=\"govuk-body\">%t</p>",
	         nx == NX_AGENCY ? tr_s(h, todo, agency_text(h, m))
	                         : i18n_tr(h->lang, todo));
	if (ni->contact >= 0 && !(*shown & (1u << ni->contact))) {
		contact(h, p, (enum contact_id)ni->contact);
		*shown |= 1u << ni->contact;
	}
}

/* The next thing the council owes on the whole complaint. */
static void next_step(struct html *h, const struct policy *p,
                      const struct app_case_view *v, bool all_done)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("What happens next"));
	long next = earliest_due(v, 0);
	if (next < 0) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         all_done ? N_("Nothing is waiting on the council now. "
		                       "What you can do next is shown under each "
		                       "concern above.")
		                  : N_("There is nothing for you to do now. We will "
		                       "write to you when something happens."));
		return;
	}
	html_fmt(h, "<p class=\"govuk-body\">%t</p>", due_words(h, p, v, next));
}

static void letters(struct html *h, const struct app_case_view *v)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>", N_("Letters we have sent you"));
	size_t shown = 0;
	for (size_t i = 0; i < v->n_letters; i++) {
		const struct store_letter *l = &v->letters[i];
		if (l->sent_at[0] == '\0')
			continue;
		if (shown++ == 0)
			html_raw(h, "<ul class=\"govuk-list\">");
		/* Sent at a UTC instant; the day it is in Wales. */
		cwyn_day d = uk_day_of_iso(l->sent_at);
		html_fmt(h, "<li><strong>%t</strong> – %t</li>",
		         l->subject ? l->subject : "",
		         gv_long_date(h->arena, h->lang, d));
	}
	if (shown == 0)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>", N_("None yet."));
	else
		html_raw(h, "</ul>");
}

static void track_page(struct cf_ctx *c, const struct app_case_view *v,
                       bool confirmation)
{
	struct web_request *req = c->req;
	const struct policy *p = cf_policy(c->app);
	/* The complainant's language, unless they switch on this page. */
	const char *q = web_request_query(req, "lang");
	if (q == NULL || (strcmp(q, "cy") != 0 && strcmp(q, "en") != 0))
		req->lang = v->c.language && strcmp(v->c.language, "cy") == 0
		                ? LANG_CY : LANG_EN;
	bool young = young_case(v);
	char *self = arena_printf(req->arena, "%s%s", req->path, "");
	struct page pg;
	page_begin_flags(&pg, req, confirmation ? N_("Complaint sent")
	                                        : N_("Follow your complaint"),
	                 false, self ? self : "/", NULL, PAGE_SENDS);
	struct html *h = &pg.h;
	html_raw(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">");
	if (confirmation) {
		html_fmt(h, "<div class=\"govuk-panel govuk-panel--confirmation\">"
		         "<h1 class=\"govuk-panel__title\">%T</h1><div class=\"govuk-panel__body\">%T"
		         "<br><strong>%t</strong></div></div>",
		         N_("Complaint sent"), N_("Your reference number"), v->c.reference);
		const char *host = web_request_header(req, "Host");
		char *link = arena_printf(req->arena, "%s://%s%s",
		                          req->secure ? "https" : "http",
		                          host ? host : "localhost",
		                          arena_printf(req->arena, "/track/%s/%s",
		                                       v->c.reference,
		                                       web_request_param(req, "secret")));
		char *path = arena_printf(req->arena, "/track/%s/%s", v->c.reference,
		                          web_request_param(req, "secret"));
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>"
		         "<p class=\"govuk-body\"><a class=\"govuk-link\" id=\"tracking-link\" "
		         "href=\"%u\">%t</a></p><div class=\"govuk-warning-text\">"
		         "<span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
		         "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">"
		         "%T</span>%T</strong></div>",
		         N_("Follow your complaint"),
		         N_("Save this private link, or bookmark it. It shows what is "
		            "happening with your complaint. We cannot show it to you "
		            "again, and anyone who has it can see this page."),
		         path ? path : "#", link ? link : "", N_("Warning"),
		         N_("Do not share this link."));
		if (v->c.safeguarding_alert) {
			html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
			         young ? N_("You told us you or another child may be in "
			                    "danger. Staff will see this first. If you are "
			                    "in danger now, call 999.")
			               : N_("You told us a child may be at risk of harm now. "
			                    "Staff will see this first and act on it today. "
			                    "If a child is in immediate danger, call 999."));
			contact(h, p, CONTACT_DUTY_TEAM);
		}
		html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
		         N_("What happens next"),
		         N_("We will write to you to say we have your complaint and "
		            "what will happen next. The link above shows each step "
		            "and its date."));
		if (young) {
			html_fmt(h, "<p class=\"govuk-body\">%T</p>",
			         N_("An advocate or the Children's Rights Officer can help "
			            "you with your complaint. It is free."));
			contact(h, p, CONTACT_ADVOCACY);
			contact(h, p, CONTACT_CRO);
		}
		html_raw(h, "</div></div>");
		page_end(&pg, 200);
		return;
	}
	html_fmt(h, "<span class=\"govuk-caption-l\">%t</span><h1 class=\"govuk-heading-l\">%T</h1>",
	         v->c.reference, N_("Follow your complaint"));
	bool closed = v->c.status && strcmp(v->c.status, "closed") == 0;
	/* Every concern's stage over, the case not yet closed: the council
	 * has answered and only its closing is left, so "open: we are
	 * dealing with it" would be stale. */
	bool all_done = v->n_matters > 0;
	for (size_t i = 0; i < v->n_matters; i++)
		all_done = all_done && matter_done(v, &v->matters[i]);
	const char *tag = closed ? N_("Closed")
	                : all_done ? N_("Finished: waiting to be closed")
	                           : N_("Open: we are dealing with it");
	html_fmt(h, "<dl class=\"govuk-summary-list\"><div class=\"govuk-summary-list__row\">"
	         "<dt class=\"govuk-summary-list__key\">%T</dt><dd class=\"govuk-summary-list__value\">"
	         "<strong class=\"govuk-tag%a\" id=\"case-status\">%T</strong></dd></div>",
	         N_("Status"),
	         closed ? " govuk-tag--grey"
	                : all_done ? " govuk-tag--green" : " govuk-tag--blue",
	         tag);
	html_fmt(h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%T</dt>"
	         "<dd class=\"govuk-summary-list__value\">%t</dd></div></dl>",
	         N_("Received"), gv_long_date(req->arena, req->lang, v->c.received));
	if (v->c.safeguarding_alert && !closed)
		html_fmt(h, "<div class=\"govuk-inset-text\">%T</div>",
		         N_("If a child is in immediate danger, call 999 now."));
	unsigned shown = 0;
	for (size_t i = 0; i < v->n_matters; i++)
		matter_section(h, p, v, &v->matters[i], young, &shown);
	next_step(h, p, v, all_done || closed);
	letters(h, v);
	who_can_help(h, p, v, shown);
	html_raw(h, "</div></div>");
	page_end(&pg, 200);
}

static void serve(struct web_request *req, bool confirmation)
{
	struct cf_ctx c = {.req = req, .app = req->app};
	struct app_ctx ctx;
	struct app_case_view v;
	if (lookup(&c, &ctx, &v))
		track_page(&c, &v, confirmation);
	cf_done(&c);
}

void handle_complain_sent(struct web_request *req)
{
	serve(req, true);
}

void handle_track(struct web_request *req)
{
	serve(req, false);
}
