/*
 * gen.c — writes realistic benchmark cases straight through the store
 * (see gen.h for the mix and the durability trade-off).
 *
 * Each kind of matter is a template: a one-matter facts document is
 * triaged once at start-up, and its route, verdicts and decision JSON are
 * reused for every matter of that kind. Dates are per case: each case
 * gets its own received day, its clocks are started (and, for closed
 * cases, stopped) with core's clock functions on that day.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/facts_json.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/lifecycle.h"
#include "core/triage.h"
#include "gen.h"
#include "store/audit.h"
#include "store/store.h"

#define OPEN_PER_MILLE 20  /* 2% of cases are open */
#define OPEN_WINDOW 120    /* open cases arrived in the last 120 days */
#define HISTORY_DAYS 3650  /* closed ones over the ten years before */

/* ---- Matter templates ------------------------------------------------------ */

struct tmpl {
	int weight;
	/* The matter object; its one or two %s are the days 60 and 20 days
	 * ago (event or conference, then minutes or a Stage 1 answer). */
	const char *matter;
	int received_ago;   /* received this many days ago; 0: 10 */
	/* Filled by triage at start-up: */
	const char *subject, *route, *council, *ombudsman, *agency;
	const char *agency_name, *summary;
	bool late, alert;
	enum stage_kind kind;
	char *matter_json;  /* the matter's decision */
	char *case_json;    /* the whole decision (for one-matter cases) */
	char *facts_json;
};

static struct tmpl tmpls[] = {
    {30, "{\"id\": \"m1\", \"subject\": \"failure_to_act\", \"summary\":"
         " \"No social worker visited after the school's referral.\","
         " \"dates\": {\"event\": \"%s\"}}"},
    {15, "{\"id\": \"m1\", \"subject\": \"poor_communication\", \"summary\":"
         " \"Ni chafodd y teulu wybod am y cyfarfod.\","
         " \"dates\": {\"event\": \"%s\"}}"},
    {10, "{\"id\": \"m1\", \"subject\": \"inadequate_investigation\","
         " \"summary\": \"The Stage 1 answer did not look at the evidence.\","
         " \"dates\": {\"event\": \"%s\"}, \"council\": {\"stage\":"
         " \"stage1_answered\", \"stage1_answered\": \"%s\","
         " \"still_dissatisfied\": true, \"wants_stage2\": true}}", 40},
    {12, "{\"id\": \"m1\", \"subject\": \"registration_category\","
         " \"summary\": \"The category of registration is wrong.\","
         " \"categories\": [\"neglect\"], \"dates\": {\"conference_held\":"
         " \"%s\", \"minutes_sent\": \"%s\"}}"},
    {5, "{\"id\": \"m1\", \"subject\": \"conference_process\", \"summary\":"
        " \"The reports were not shared before the conference.\","
        " \"dates\": {\"conference_held\": \"%s\", \"minutes_sent\": \"%s\"}}"},
    {10, "{\"id\": \"m1\", \"subject\": \"staff_conduct\", \"agency\":"
         " \"police\", \"agency_name\": \"Dyfed-Powys Police\","
         " \"worker_attended_conference\": true, \"summary\": \"The officer"
         " at the conference was dismissive.\", \"dates\": {\"event\":"
         " \"%s\"}}"},
    {5, "{\"id\": \"m1\", \"subject\": \"staff_conduct\", \"agency\":"
        " \"health\", \"agency_name\": \"Hywel Dda University Health Board\","
        " \"summary\": \"The health visitor shared our address.\","
        " \"dates\": {\"event\": \"%s\"}}"},
    {6, "{\"id\": \"m1\", \"subject\": \"decision_to_start_proceedings\","
        " \"summary\": \"We disagree with the decision to go to court.\","
        " \"dates\": {\"event\": \"%s\"}}"},
    {4, "{\"id\": \"m1\", \"subject\": \"inaccurate_report\", \"summary\":"
        " \"The report prepared for court has errors.\", \"court\":"
        " {\"status\": \"ongoing\", \"started\": \"%s\","
        " \"report_for_court\": true}}"},
    {3, "{\"id\": \"m1\", \"subject\": \"other_service\", \"summary\":"
        " \"Respite care was cancelled without notice.\","
        " \"dates\": {\"event\": \"%s\"}}"},
};

#define N_TMPL (sizeof tmpls / sizeof *tmpls)

static void free_tmpls(void)
{
	for (size_t i = 0; i < N_TMPL; i++) {
		free(tmpls[i].matter_json);
		free(tmpls[i].case_json);
		free(tmpls[i].facts_json);
		tmpls[i].matter_json = tmpls[i].case_json = NULL;
		tmpls[i].facts_json = NULL;
	}
}

static char *dump(json_t *j)
{
	return j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER |
	                             JSON_ENSURE_ASCII)
	         : NULL;
}

/* Triage each template once; its strings live in the arena (which must
 * outlive the generation). */
static enum cwyn_code prepare_tmpls(const struct gen_opts *o,
                                    struct arena *ar, struct cwyn_error *err)
{
	char d60[CWYN_DATE_STRLEN], d20[CWYN_DATE_STRLEN];
	char rcv[CWYN_DATE_STRLEN], doc[2048], matter[1024];
	date_format(o->today - 60, d60);
	date_format(o->today - 20, d20);
	for (size_t i = 0; i < N_TMPL; i++) {
		struct tmpl *t = &tmpls[i];
		struct facts f;
		struct decision *d = NULL;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(matter, sizeof matter, t->matter, d60, d20);
#pragma GCC diagnostic pop
		snprintf(doc, sizeof doc,
		         "{\"received\": \"%s\", \"complainant\":"
		         " {\"relationship\": \"parent\"}, \"children\":"
		         " [{\"label\": \"A\", \"age\": 9}], \"matters\": [%s]}",
		         date_format(o->today - (t->received_ago ? t->received_ago
		                                                   : 10),
		                     rcv),
		         matter);
		facts_init(&f);
		f.as_of = o->today;
		enum cwyn_code rc = facts_from_json(doc, strlen(doc), ar, &f, err);
		if (rc == CWYN_OK)
			rc = triage_decide(&f, o->policy, o->cal, &d, err);
		if (rc != CWYN_OK) {
			fprintf(stderr, "gen: template %zu: %s: %s\n", i, err->field,
			        err->message);
			return rc;
		}
		const struct matter_decision *md = &d->matters[0];
		t->subject = matter_subject_name(f.matters[0].subject);
		t->route = route_name(md->route);
		t->council = verdict_name(md->council);
		t->ombudsman = verdict_name(md->ombudsman);
		t->agency = agency_name(f.matters[0].agency);
		t->agency_name = f.matters[0].agency_name;
		t->summary = f.matters[0].summary;
		t->late = md->late;
		t->alert = md->alert;
		t->kind = stage_for_route(md->route);
		json_t *dj = decision_to_json(d, o->policy, LANG_EN);
		t->case_json = dump(dj);
		t->matter_json = dump(json_array_get(json_object_get(dj, "matters"),
		                                     0));
		t->facts_json = strdup(doc);
		json_decref(dj);
		decision_free(d);
		if (!t->case_json || !t->matter_json || !t->facts_json)
			return cwyn_fail(err, CWYN_ENOMEM, "gen", "out of memory");
	}
	return CWYN_OK;
}

/* ---- Random numbers (xorshift64*, deterministic per seed) ----------------- */

struct rng {
	uint64_t s;
};

static uint32_t rnd(struct rng *r, uint32_t n)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)(((r->s * 2685821657736338717ull) >> 32) % n);
}

static const struct tmpl *pick_tmpl(struct rng *r)
{
	int total = 0;
	for (size_t i = 0; i < N_TMPL; i++)
		total += tmpls[i].weight;
	int x = (int)rnd(r, (uint32_t)total);
	for (size_t i = 0; i < N_TMPL; i++) {
		if (x < tmpls[i].weight)
			return &tmpls[i];
		x -= tmpls[i].weight;
	}
	return &tmpls[0];
}

/* ---- One case ----------------------------------------------------------------- */

struct one {
	const struct gen_opts *o;
	struct db *db;
	struct arena *ar;
	struct gen_stats *st;
	struct store_case c;
	bool open;
};

static enum cwyn_code event(struct one *w, const char *kind,
                            const char *detail, struct cwyn_error *err)
{
	struct store_event e = {
	    .case_id = w->c.id,
	    .authority_id = w->c.authority_id,
	    .kind = kind,
	    .detail_json = detail,
	};
	w->st->events++;
	return store_event_insert(w->db, &e, err);
}

/* The derivation document a clock is stored with (the app's keys). */
static char *derivation(struct one *w, const struct clock *c,
                        const struct cal_derivation *dv)
{
	char s[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	json_t *o = json_object();
	json_t *sk = json_array();
	json_object_set_new(o, "timescale", json_string(ts_id_name(c->ts)));
	json_object_set_new(o, "amount", json_integer(c->amount));
	json_object_set_new(o, "unit", json_string(cal_unit_name(c->unit)));
	json_object_set_new(o, "inclusive", json_boolean(c->inclusive));
	json_object_set_new(o, "extendable", json_boolean(c->extendable));
	json_object_set_new(o, "start", json_string(date_format(c->started, s)));
	json_object_set_new(o, "base_due",
	                    json_string(date_format(c->base_due, b)));
	json_object_set_new(o, "due", json_string(b));
	for (size_t i = 0; i < dv->n_skipped; i++) {
		json_t *so = json_object();
		json_object_set_new(so, "date",
		                    json_string(date_format(dv->skipped[i].day,
		                                            s)));
		json_object_set_new(so, "why",
		                    json_string(dv->skipped[i].why_en
		                                    ? dv->skipped[i].why_en
		                                    : ""));
		json_array_append_new(sk, so);
	}
	json_object_set_new(o, "skipped", sk);
	char *text = dump(o);
	json_decref(o);
	char *copy = text ? arena_strdup(w->ar, text) : NULL;
	free(text);
	return copy;
}

/*
 * Start clock ts on `start` for the matter (0: case level). running:
 * leave it running; otherwise stop it `late_by` working days after its
 * due day (negative: early).
 */
static enum cwyn_code add_clock(struct one *w, int64_t matter_id,
                                int64_t stage_id, enum ts_id ts,
                                cwyn_day start, bool running, int late_by,
                                struct cwyn_error *err)
{
	struct clock c;
	struct cal_derivation dv;
	enum cwyn_code rc = clock_start(w->o->cal, w->o->policy, ts, start,
	                                w->ar, &c, &dv, err);
	if (rc != CWYN_OK)
		return rc;
	if (!running) {
		/* Late: that many working days after the due day; early: that
		 * many calendar days before it. */
		cwyn_day stop = c.due + (late_by < 0 ? late_by : 0);
		if (late_by > 0 &&
		    calendar_add_working_days(w->o->cal, c.due, late_by, &stop,
		                              NULL) != CWYN_OK)
			stop = c.due;
		if (stop < start)
			stop = start;
		if (stop > w->o->today)
			stop = w->o->today;
		rc = clock_stop(&c, stop, w->o->cal, err);
		if (rc != CWYN_OK)
			return rc;
	}
	struct store_clock k = {
	    .case_id = w->c.id,
	    .matter_id = matter_id,
	    .stage_id = stage_id,
	    .authority_id = w->c.authority_id,
	    .timescale = ts_id_name(c.ts),
	    .state = clock_state_name(c.state),
	    .started_on = c.started,
	    .due_on = c.due,
	    .paused_on = CWYN_DAY_NONE,
	    .stopped_on = c.stopped_on,
	    .breached = c.breached,
	    .derivation_json = derivation(w, &c, &dv),
	};
	rc = store_clock_insert(w->db, &k, err);
	if (rc != CWYN_OK)
		return rc;
	w->st->clocks++;
	if (running)
		w->st->running_clocks++;
	char detail[96];
	snprintf(detail, sizeof detail, "{\"clock\":%" PRId64 ",\"ts\":\"%s\"}",
	         k.id, k.timescale);
	return event(w, "clock.started", detail, err);
}

static enum ts_id stage_clock(enum stage_kind k)
{
	switch (k) {
	case STAGE_KIND_STAGE1: return TS_S1_DISCUSSION;
	case STAGE_KIND_STAGE2: return TS_S2_RESPONSE;
	case STAGE_KIND_CONFERENCE: return TS_CONF_CHAIR_RESOLVE;
	case STAGE_KIND_PANEL: return TS_PANEL_CONVENE;
	default: return TS_ID__MAX;
	}
}

static enum stage_state stage_state_for(enum stage_kind k, bool open)
{
	static const enum stage_state open_state[STAGE_KIND__MAX] = {
	    ST_S1_ACKNOWLEDGED, ST_S2_INVESTIGATING, ST_CONF_RECEIVED,
	    ST_PANEL_REQUESTED, ST_REF_RECEIVED,     ST_EXC_RECEIVED,
	};
	static const enum stage_state closed_state[STAGE_KIND__MAX] = {
	    ST_S1_CLOSED, ST_S2_CLOSED, ST_CONF_CLOSED,
	    ST_PANEL_CLOSED, ST_REF_CLOSED, ST_EXC_CLOSED,
	};
	return open ? open_state[k] : closed_state[k];
}

static enum cwyn_code add_matter(struct one *w, struct rng *r, int seq,
                                 const struct tmpl *t,
                                 struct cwyn_error *err)
{
	struct store_matter m = {
	    .case_id = w->c.id,
	    .authority_id = w->c.authority_id,
	    .seq = seq,
	    .subject = t->subject,
	    .summary = t->summary ? t->summary : "",
	    .route = t->route,
	    .council_verdict = t->council,
	    .ombudsman_verdict = t->ombudsman,
	    .agency = t->agency,
	    .agency_name = t->agency_name,
	    .late = t->late,
	    .alert = t->alert,
	    .decision_json = t->matter_json,
	};
	enum cwyn_code rc = store_matter_insert(w->db, &m, err);
	if (rc != CWYN_OK)
		return rc;
	w->st->matters++;
	char detail[160];
	snprintf(detail, sizeof detail,
	         "{\"matter\":%d,\"subject\":\"%s\",\"route\":\"%s\"}", seq,
	         t->subject, t->route);
	rc = event(w, "matter.routed", detail, err);
	if (rc != CWYN_OK || t->kind >= STAGE_KIND__MAX)
		return rc;
	/* Most matters of an open case are still open; closed cases have
	 * every stage over. */
	bool open = w->open && rnd(r, 10) < 8;
	struct store_stage s = {
	    .matter_id = m.id,
	    .case_id = w->c.id,
	    .authority_id = w->c.authority_id,
	    .kind = stage_kind_name(t->kind),
	    .state = stage_state_name(stage_state_for(t->kind, open)),
	    .opened_on = w->c.received,
	    .closed_on = open ? CWYN_DAY_NONE
	                      : w->c.received + 10 + (cwyn_day)rnd(r, 60),
	    .outcome = open ? NULL : rnd(r, 3) ? "not_upheld" : "upheld",
	};
	if (s.closed_on != CWYN_DAY_NONE && s.closed_on > w->o->today)
		s.closed_on = w->o->today;
	rc = store_stage_insert(w->db, &s, err);
	if (rc == CWYN_OK)
		rc = event(w, "stage.opened", "{}", err);
	enum ts_id ts = stage_clock(t->kind);
	if (rc != CWYN_OK || ts == TS_ID__MAX)
		return rc;
	/* About one in ten answers is late. */
	int late = rnd(r, 10) == 0 ? 1 + (int)rnd(r, 15) : -(int)rnd(r, 5);
	return add_clock(w, m.id, s.id, ts, w->c.received, open, late, err);
}

static const char *const outcomes[] = {"not_upheld", "partly_upheld",
                                       "upheld", "resolved", "withdrawn"};

static enum cwyn_code one_case(const struct gen_opts *o, struct db *db,
                               struct rng *r, struct arena *ar,
                               struct gen_stats *st, struct cwyn_error *err)
{
	struct one w = {.o = o, .db = db, .ar = ar, .st = st};
	w.open = rnd(r, 1000) < OPEN_PER_MILLE;
	cwyn_day received = w.open
	                        ? o->today - (cwyn_day)rnd(r, OPEN_WINDOW)
	                        : o->today - OPEN_WINDOW -
	                              (cwyn_day)rnd(r, HISTORY_DAYS);
	uint32_t nm = rnd(r, 100);
	int n_matters = nm < 65 ? 1 : nm < 87 ? 2 : nm < 96 ? 3 : 4;
	const struct tmpl *ts[4];
	bool alert = rnd(r, 100) < 3;
	for (int i = 0; i < n_matters; i++) {
		ts[i] = pick_tmpl(r);
		alert = alert || ts[i]->alert;
	}
	const char *overall = ts[0]->route;
	for (int i = 1; i < n_matters; i++)
		if (strcmp(ts[i]->route, overall) != 0)
			overall = "split";
	w.c = (struct store_case){
	    .authority_id = o->authority_id,
	    .status = w.open ? "open" : "closed",
	    .language = rnd(r, 100) < 15 ? "cy" : "en",
	    .channel = rnd(r, 100) < 80   ? "written"
	               : rnd(r, 100) < 60 ? "web"
	                                  : "oral",
	    .received = received,
	    .overall_route = overall,
	    .safeguarding_alert = alert,
	    .restricted = rnd(r, 100) == 0,
	    .written_record_agreed_on = CWYN_DAY_NONE,
	    .facts_json = ts[0]->facts_json,
	    .decision_json = ts[0]->case_json,
	    .outcome = w.open ? NULL : outcomes[rnd(r, 5)],
	};
	if (!w.open) {
		char d[CWYN_DATE_STRLEN];
		cwyn_day closed = received + 20 + (cwyn_day)rnd(r, 90);
		snprintf(w.c.closed_at, sizeof w.c.closed_at, "%sT12:00:00.000Z",
		         date_format(closed, d));
	}
	enum cwyn_code rc = store_case_create(db, &w.c, err);
	if (rc != CWYN_OK)
		return rc;
	st->cases++;
	if (w.open)
		st->open_cases++;
	char name[64];
	snprintf(name, sizeof name, "Complainant %" PRId64 " (generated)",
	         w.c.id);
	struct store_complainant p = {
	    .case_id = w.c.id,
	    .authority_id = w.c.authority_id,
	    .name = name,
	    .relationship = rnd(r, 10) < 7 ? "parent" : "carer",
	    .email = "someone@example.org",
	    .language = w.c.language,
	    .contact_preference = "email",
	};
	rc = store_complainant_insert(db, &p, err);
	for (uint32_t i = 0, n = rnd(r, 3); rc == CWYN_OK && i < n; i++) {
		struct store_child k = {
		    .case_id = w.c.id,
		    .authority_id = w.c.authority_id,
		    .label = i ? "Child B" : "Child A",
		    .date_of_birth = CWYN_DAY_NONE,
		    .age = (int)rnd(r, 18),
		};
		rc = store_child_insert(db, &k, err);
	}
	if (rc == CWYN_OK)
		rc = event(&w, "case.created", "{}", err);
	/* The acknowledgement: running only for the newest open cases and
	 * a few forgotten ones (overdue); otherwise sent, mostly in time. */
	bool ack_running = w.open && (received >= o->today - 3 ||
	                              rnd(r, 100) < 3);
	if (rc == CWYN_OK)
		rc = add_clock(&w, 0, 0, TS_ACK, received, ack_running,
		               rnd(r, 20) == 0 ? 2 : -(int)rnd(r, 2), err);
	for (int i = 0; rc == CWYN_OK && i < n_matters; i++)
		rc = add_matter(&w, r, i + 1, ts[i], err);
	if (rc == CWYN_OK && !w.open)
		rc = event(&w, "case.closed", "{}", err);
	if (rc == CWYN_OK)
		rc = audit_append(db, o->authority_id, "generator", "case.create",
		                  w.c.id, w.c.reference, err);
	return rc;
}

enum cwyn_code gen_bulk_mode(struct db *db, bool on, struct cwyn_error *err)
{
	if (db_kind(db) != DB_SQLITE)
		return CWYN_OK;
	if (!on) {
		enum cwyn_code rc = db_exec_script(
		    db, "PRAGMA journal_mode=WAL; PRAGMA cache_size=-2000", err);
		return rc ? rc : db_set_sync(db, DB_SYNC_FULL, err);
	}
	return db_exec_script(db,
	                      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
	                      " PRAGMA cache_size=-262144",
	                      err);
}

enum cwyn_code gen_cases(struct db *db, const struct gen_opts *o,
                         struct gen_stats *stats, struct cwyn_error *err)
{
	struct gen_stats local = {0};
	struct arena ar, tmpl_ar;
	struct rng r = {o->seed ? o->seed : 0x2545f4914f6cdd1dull};
	int64_t batch = o->batch > 0 ? o->batch : 5000;
	if (stats == NULL)
		stats = &local;
	*stats = (struct gen_stats){0};
	arena_init(&ar, 0);
	arena_init(&tmpl_ar, 0);
	enum cwyn_code rc = prepare_tmpls(o, &tmpl_ar, err);
	for (int64_t done = 0; rc == CWYN_OK && done < o->n_cases;) {
		int64_t n = o->n_cases - done < batch ? o->n_cases - done : batch;
		rc = db_begin(db, err);
		for (int64_t i = 0; rc == CWYN_OK && i < n; i++) {
			/* One arena per batch keeps memory flat. */
			rc = one_case(o, db, &r, &ar, stats, err);
		}
		if (rc == CWYN_OK)
			rc = db_commit(db, err);
		else
			db_rollback(db);
		done += n;
		arena_free(&ar);
		arena_init(&ar, 0);
		if (rc == CWYN_OK && o->progress)
			o->progress(done, o->n_cases, o->progress_ctx);
	}
	arena_free(&ar);
	arena_free(&tmpl_ar);
	free_tmpls();
	return rc;
}
