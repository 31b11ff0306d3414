/*
 * demo.c — loads the demonstration authority, its users and cases (see
 * demo.h). The cases are written as facts documents whose dates are
 * "{N}": the day N working days before today, so the demo stays current
 * whenever it is loaded. Each case is then moved on with the steps a
 * council would have taken by now, through app_advance / app_extend /
 * app_close, each one audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/demo.h"
#include "store/audit.h"
#include "store/store.h"

#define MAX_STEPS 8

/* ---- The people --------------------------------------------------------- */

struct demo_user {
	const char *username, *display_name, *role;
};

enum { U_OFFICER = 0, U_CHAIR, U_MANAGER, U_PANEL, U_INVESTIGATOR,
       U_AUDITOR, U_ADMIN, U__MAX };

static const struct demo_user users[U__MAX] = {
	{"rhian.demo", "Rhian Demo", "complaints_officer"},     /* U_OFFICER */
	{"carys.example", "Carys Example", "conference_chair"}, /* U_CHAIR */
	{"sian.demo", "Siân Demo", "senior_manager"},           /* U_MANAGER */
	{"gareth.example", "Gareth Example", "panel_member"},   /* U_PANEL */
	{"morgan.example", "Morgan Example (independent investigator)",
	 "investigator"},                                       /* U_INVESTIGATOR */
	{"eleri.demo", "Eleri Demo", "auditor"},                /* U_AUDITOR */
	{"sam.example", "Sam Example", "administrator"},        /* U_ADMIN */
};

/* ---- The cases ------------------------------------------------------------ */

struct demo_step {
	enum stage_action action;
	int matter;          /* matter seq */
	int ago;             /* working days before today */
	enum outcome outcome;
	bool independent;    /* appoint the demo investigator */
	const char *note;
};

struct demo_case {
	const char *name;    /* the complainant: also the idempotency key */
	const char *email;
	bool welsh;          /* the complainant writes in Welsh */
	const char *channel;
	bool restricted;
	const char *facts;   /* "{N}" = N working days before today */
	struct demo_step steps[MAX_STEPS];
	int extend_ago;      /* > 0: extend the running Stage 1 clock */
	enum outcome close;  /* OUTCOME_NONE: leave open */
};

static const struct demo_case cases[] = {
    {"Alex Example", "alex@example.org", false, "written", false,
     "{\"received\": \"{3}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"children\": [{\"label\": \"Child A\", \"age\": 6}],"
     " \"matters\": [{\"id\": \"category\", \"subject\":"
     " \"registration_category\", \"categories\": [\"neglect\"],"
     " \"summary\": \"Our son was registered under neglect; we believe the"
     " category is wrong and the evidence was not weighed.\", \"dates\":"
     " {\"conference_held\": \"{12}\", \"minutes_sent\": \"{8}\"}}]}",
     {{ACT_NOTIFY_SENIOR_MANAGER, 1, 2, OUTCOME_NONE, false,
       "The chair told the senior manager for child protection."}}},
    {"Bethan Demo", "bethan@example.org", false, "written", false,
     "{\"received\": \"{4}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"children\": [{\"label\": \"Child B\", \"age\": 11}],"
     " \"matters\": [{\"id\": \"decision\", \"subject\":"
     " \"registration_decision\", \"summary\": \"The conference should not"
     " have registered our daughter at all.\", \"dates\":"
     " {\"conference_held\": \"{45}\", \"minutes_sent\": \"{40}\"}}]}"},
    {"Gwenllian Enghraifft", "gwenllian@example.org", true, "written", false,
     "{\"received\": \"{1}\", \"complainant\": {\"relationship\": \"parent\","
     " \"language\": \"cy\"}, \"children\": [{\"label\": \"Plentyn C\","
     " \"age\": 8}], \"matters\": [{\"id\": \"methu\", \"subject\":"
     " \"failure_to_act\", \"summary\": \"Ni ymwelodd gweithiwr"
     " cymdeithasol â'r teulu am chwe wythnos ar ôl i'r ysgol wneud"
     " atgyfeiriad, er i ni ofyn am help dro ar ôl tro.\", \"dates\":"
     " {\"event\": \"{30}\"}}]}"},
    {"Owen Example", "owen@example.org", false, "written", false,
     "{\"received\": \"{45}\", \"complainant\": {\"relationship\":"
     " \"kinship_carer\"}, \"children\": [{\"label\": \"Child D\","
     " \"age\": 9, \"looked_after\": true}], \"matters\": [{\"id\":"
     " \"assessment\", \"subject\": \"inadequate_investigation\","
     " \"summary\": \"The assessment ignored what the school told social"
     " services.\", \"dates\": {\"event\": \"{60}\"}}]}",
     {{ACT_ACKNOWLEDGE, 1, 44, OUTCOME_NONE, false, NULL},
      {ACT_RECORD_DISCUSSION, 1, 38, OUTCOME_NONE, false,
       "Discussed with Mr Example at the office."},
      {ACT_CLOSE, 1, 33, OUTCOME_NOT_UPHELD, false,
       "Stage 1 answered: not upheld."},
      {ACT_REQUEST_STAGE2, 1, 25, OUTCOME_NONE, false,
       "Still dissatisfied: asked for Stage 2."},
      {ACT_ACKNOWLEDGE, 1, 24, OUTCOME_NONE, false, NULL},
      {ACT_AGREE_SUMMARY, 1, 20, OUTCOME_NONE, false,
       "Complaint summary agreed and signed."},
      {ACT_APPOINT_INVESTIGATOR, 1, 18, OUTCOME_NONE, true,
       "Independent investigator appointed (not an officer of the council)."}}},
    {"Ffion Demo", "ffion@example.org", false, "written", false,
     "{\"received\": \"{6}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"children\": [{\"label\": \"Child E\", \"age\": 7}],"
     " \"matters\": [{\"id\": \"category\", \"subject\":"
     " \"registration_category\", \"summary\": \"Wrong category of"
     " registration.\", \"dates\": {\"conference_held\": \"{12}\","
     " \"minutes_sent\": \"{9}\"}}, {\"id\": \"failure\", \"subject\":"
     " \"failure_to_act\", \"summary\": \"Nobody acted on the neighbour's"
     " report.\", \"dates\": {\"event\": \"{25}\"}}, {\"id\": \"officer\","
     " \"subject\": \"staff_conduct\", \"agency\": \"police\","
     " \"agency_name\": \"Dyfed-Powys Police\","
     " \"worker_attended_conference\": true, \"summary\": \"The police"
     " officer at the conference was rude to me.\"}, {\"id\":"
     " \"proceedings\", \"subject\": \"decision_to_start_proceedings\","
     " \"summary\": \"We do not accept the decision to go to court.\"}]}",
     {{ACT_ACKNOWLEDGE, 2, 5, OUTCOME_NONE, false, NULL}}},
    {"Dylan Example", "dylan@example.org", false, "oral", false,
     "{\"received\": \"{10}\", \"channel\": \"oral\", \"complainant\":"
     " {\"relationship\": \"parent\"}, \"matters\": [{\"id\": \"officer\","
     " \"subject\": \"staff_conduct\", \"agency\": \"police\","
     " \"agency_name\": \"South Wales Police\","
     " \"worker_attended_conference\": true, \"summary\": \"The police"
     " officer at the review conference discussed my case with a"
     " neighbour.\", \"dates\": {\"event\": \"{15}\"}}]}",
     {{ACT_REFER_TO_AGENCY, 1, 9, OUTCOME_NONE, false,
       "Referred to South Wales Police professional standards; the"
       " complainant was told how to complain to them."}}},
    {"Megan Demo", "megan@example.org", false, "web", false,
     "{\"received\": \"{7}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"children\": [{\"label\": \"Baby F\", \"age\": 0}], \"matters\":"
     " [{\"id\": \"hv\", \"subject\": \"staff_conduct\", \"agency\":"
     " \"health\", \"agency_name\": \"Hywel Dda University Health Board\","
     " \"summary\": \"The health visitor shared our new address with my"
     " ex-partner.\", \"dates\": {\"event\": \"{12}\"}}]}",
     {{ACT_REFER_TO_AGENCY, 1, 6, OUTCOME_NONE, false,
       "Referred to the health board's Putting Things Right team."}}},
    {"Iwan Example", "iwan@example.org", false, "written", false,
     "{\"received\": \"{9}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"matters\": [{\"id\": \"court\", \"subject\":"
     " \"decision_to_start_proceedings\", \"summary\": \"The council decided"
     " to start care proceedings without telling us first.\", \"court\":"
     " {\"status\": \"ongoing\", \"started\": \"{20}\"}}]}",
     {{ACT_SEND_EXCLUSION_LETTER, 1, 8, OUTCOME_NONE, false,
       "Letter sent: the court is where this decision is challenged;"
       " take legal advice."}}},
    {"Catrin Demo", "catrin@example.org", false, "written", false,
     "{\"received\": \"{5}\", \"complainant\": {\"relationship\":"
     " \"parental_responsibility\"}, \"matters\": [{\"id\": \"report\","
     " \"subject\": \"inaccurate_report\", \"summary\": \"The social"
     " worker's report prepared for court gets our family history wrong.\","
     " \"court\": {\"status\": \"ongoing\", \"started\": \"{30}\","
     " \"report_for_court\": true}}]}",
     {{ACT_SEND_EXCLUSION_LETTER, 1, 4, OUTCOME_NONE, false,
       "Letter sent: raise the report's accuracy with the court."}}},
    {"Lowri Example", "lowri@example.org", false, "phone", false,
     "{\"received\": \"{0}\", \"at_risk_now\": true, \"complainant\":"
     " {\"relationship\": \"relative\"}, \"children\": [{\"label\":"
     " \"Child G\", \"age\": 4, \"at_risk_now\": true}], \"matters\":"
     " [{\"id\": \"plan\", \"subject\": \"no_adequate_plan\", \"summary\":"
     " \"My niece's father is back in the house despite the safety plan,"
     " and nobody is answering the phone.\", \"dates\": {\"event\":"
     " \"{2}\"}}]}"},
    {"Jac Demo", "jac@example.org", false, "web", false,
     "{\"received\": \"{2}\", \"complainant\": {\"relationship\": \"child\","
     " \"age\": 15}, \"children\": [{\"label\": \"Jac\", \"age\": 15}],"
     " \"matters\": [{\"id\": \"listen\", \"subject\":"
     " \"poor_communication\", \"summary\": \"My social worker keeps"
     " changing and nobody asks what I want.\", \"dates\": {\"event\":"
     " \"{10}\"}}]}"},
    {"Taylor Example", "taylor@example.org", false, "written", false,
     "{\"received\": \"{8}\", \"complainant\": {\"relationship\": \"child\","
     " \"age\": 23}, \"children\": [{\"label\": \"Taylor\", \"age\": 23,"
     " \"looked_after\": true, \"in_education\": true}], \"matters\":"
     " [{\"id\": \"pathway\", \"subject\": \"other_service\", \"summary\":"
     " \"My pathway plan support stopped when I started university.\","
     " \"dates\": {\"event\": \"{20}\"}}]}",
     {{ACT_ACKNOWLEDGE, 1, 7, OUTCOME_NONE, false, NULL}}},
    {"Nia Demo", "nia@example.org", false, "written", false,
     "{\"received\": \"{7}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"children\": [{\"label\": \"Child H\", \"age\": 13}], \"matters\":"
     " [{\"id\": \"visits\", \"subject\": \"failure_to_act\", \"summary\":"
     " \"Planned visits keep being cancelled.\", \"dates\": {\"event\":"
     " \"{15}\"}}]}"},
    {"Rhys Example", "rhys@example.org", false, "written", false,
     "{\"received\": \"{14}\", \"complainant\": {\"relationship\":"
     " \"carer\"}, \"matters\": [{\"id\": \"letters\", \"subject\":"
     " \"poor_communication\", \"summary\": \"Letters about the child"
     " in need meeting went to the wrong address.\", \"dates\": {\"event\":"
     " \"{25}\"}}]}",
     {{ACT_ACKNOWLEDGE, 1, 13, OUTCOME_NONE, false, NULL}},
     4},
    {"Elin Demo", "elin@example.org", false, "written", true,
     "{\"received\": \"{3}\", \"complainant\": {\"relationship\": \"parent\"},"
     " \"children\": [{\"label\": \"Child J\", \"age\": 10}], \"matters\":"
     " [{\"id\": \"handling\", \"subject\": \"failure_to_act\", \"summary\":"
     " \"A complaint about how a referral about a member of staff's own"
     " family was handled.\", \"dates\": {\"event\": \"{20}\"}}]}",
     {{ACT_ACKNOWLEDGE, 1, 2, OUTCOME_NONE, false, NULL}}},
    {"Tomos Example", "tomos@example.org", false, "written", false,
     "{\"received\": \"{20}\", \"complainant\": {\"relationship\":"
     " \"parent\"}, \"matters\": [{\"id\": \"minutes\", \"subject\":"
     " \"conference_process\", \"summary\": \"The minutes of the conference"
     " left out what we said.\", \"dates\": {\"conference_held\": \"{30}\","
     " \"minutes_sent\": \"{24}\"}}]}",
     {{ACT_NOTIFY_SENIOR_MANAGER, 1, 19, OUTCOME_NONE, false, NULL},
      {ACT_CHAIR_RESOLVE, 1, 16, OUTCOME_RESOLVED, false,
       "The chair met the family; the minutes were corrected."}},
     0, OUTCOME_RESOLVED},
};

#define N_CASES (sizeof cases / sizeof *cases)

/* ---- Dates ----------------------------------------------------------------- */

/* The day `n` working days before today (today itself for 0). */
static cwyn_day wd_ago(const struct calendar *cal, cwyn_day today, int n)
{
	cwyn_day d = today;
	while (n > 0) {
		d--;
		if (calendar_is_working_day(cal, d))
			n--;
	}
	return d;
}

/* Replace every "{N}" in the template by the date N working days ago. */
static char *expand(const char *tmpl, const struct calendar *cal,
                    cwyn_day today, struct arena *ar)
{
	size_t cap = strlen(tmpl) * 2 + 64, n = 0;
	char *out = arena_alloc(ar, cap);
	if (out == NULL)
		return NULL;
	for (const char *p = tmpl; *p;) {
		char *end;
		if (*p == '{' && p[1] >= '0' && p[1] <= '9') {
			long k = strtol(p + 1, &end, 10);
			if (*end == '}' && n + CWYN_DATE_STRLEN < cap) {
				char d[CWYN_DATE_STRLEN];
				date_format(wd_ago(cal, today, (int)k), d);
				memcpy(out + n, d, strlen(d));
				n += strlen(d);
				p = end + 1;
				continue;
			}
		}
		if (n + 1 >= cap)
			return NULL;
		out[n++] = *p++;
	}
	out[n] = '\0';
	return out;
}

/* ---- Setup: authority and users --------------------------------------------- */

static enum cwyn_code ensure_authority(struct db *db,
                                       const struct policy *policy,
                                       struct arena *ar, int64_t *id,
                                       bool *loaded, int *n_users,
                                       struct cwyn_error *err)
{
	struct store_authority a;
	enum cwyn_code rc = db_begin(db, err);
	if (rc != CWYN_OK)
		return rc;
	rc = store_authority_get_by_code(db, DEMO_AUTHORITY_CODE, ar, &a, err);
	if (rc == CWYN_ENOTFOUND) {
		a = (struct store_authority){
		    .code = DEMO_AUTHORITY_CODE,
		    .name_en = "Example County Council",
		    .name_cy = "Cyngor Sir Enghreifftiol",
		    .policy_id = policy->id,
		    .policy_version = policy->version,
		};
		rc = store_authority_create(db, &a, err);
		if (rc == CWYN_OK)
			rc = audit_append(db, a.id, "system", "authority.create", 0,
			                  "code=demo (cwyn demo)", err);
	}
	int64_t marks = 0;
	struct db_value p[] = {DBV_INT(a.id)};
	if (rc == CWYN_OK)
		rc = db_query_int(db,
		                  "SELECT COUNT(*) FROM audit_log"
		                  " WHERE authority_id = ? AND action = 'demo.loaded'",
		                  p, 1, &marks, err);
	for (int i = 0; rc == CWYN_OK && marks == 0 && i < U__MAX; i++) {
		struct store_user u;
		rc = store_user_get_by_username(db, a.id, users[i].username, ar,
		                                &u, NULL);
		if (rc != CWYN_ENOTFOUND)
			continue;
		/* No password yet: signing in is set up separately. */
		u = (struct store_user){.authority_id = a.id,
		                        .username = users[i].username,
		                        .display_name = users[i].display_name,
		                        .role = users[i].role};
		rc = store_user_create(db, &u, err);
		if (rc == CWYN_OK) {
			char detail[128];
			snprintf(detail, sizeof detail, "username=%s role=%s (demo)",
			         users[i].username, users[i].role);
			rc = audit_append(db, a.id, "system", "user.create", 0,
			                  detail, err);
			(*n_users)++;
		}
	}
	if (rc != CWYN_OK) {
		db_rollback(db);
		return rc;
	}
	*id = a.id;
	*loaded = marks > 0;
	return db_commit(db, err);
}

/* ---- One case ------------------------------------------------------------------- */

static enum cwyn_code has_complainant(struct db *db, int64_t authority,
                                      const char *name, bool *out,
                                      struct cwyn_error *err)
{
	int64_t n = 0;
	struct db_value p[] = {DBV_INT(authority), DBV_TEXT(name)};
	enum cwyn_code rc = db_query_int(db,
	                                 "SELECT COUNT(*) FROM complainants"
	                                 " WHERE authority_id = ? AND name = ?",
	                                 p, 2, &n, err);
	*out = n > 0;
	return rc;
}

/* The id of the first running clock of the case other than the
 * acknowledgement (the Stage 1 clock of a one-matter case). */
static enum cwyn_code stage_clock(const struct app_ctx *ctx,
                                  const char *reference, struct arena *ar,
                                  int64_t *id, struct cwyn_error *err)
{
	struct app_case_view v;
	enum cwyn_code rc = app_case_read(ctx, reference, ar, &v, err);
	if (rc != CWYN_OK)
		return rc;
	for (size_t i = 0; i < v.n_clocks; i++) {
		if (strcmp(v.clocks[i].state, "running") == 0 &&
		    strcmp(v.clocks[i].timescale, "ack") != 0) {
			*id = v.clocks[i].id;
			return CWYN_OK;
		}
	}
	return cwyn_fail(err, CWYN_ENOTFOUND, "clock",
	                 "the demo case has no running stage clock");
}

static enum cwyn_code load_case(const struct app_ctx *ctx,
                                const struct demo_case *dc,
                                const int64_t *user_ids, struct arena *ar,
                                struct cwyn_error *err)
{
	const char *facts = expand(dc->facts, ctx->cal, ctx->today, ar);
	if (facts == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "demo", "out of memory");
	/* Restricted: only the officer and the senior manager may see it. */
	int64_t named[] = {user_ids[U_OFFICER], user_ids[U_MANAGER]};
	struct app_intake in = {
	    .facts_json = facts,
	    .facts_len = strlen(facts),
	    .complainant = {.name = dc->name,
	                    .email = dc->email,
	                    .language_set = true,
	                    .language = dc->welsh ? LANG_CY : LANG_EN,
	                    .contact_preference = "email"},
	    .channel = strcmp(dc->channel, "phone") == 0 ? "oral" : dc->channel,
	    .restricted = dc->restricted,
	    .named_users = dc->restricted ? named : NULL,
	    .n_named_users = dc->restricted ? 2 : 0,
	    .owner_user_id = user_ids[U_OFFICER],
	};
	struct app_intake_result r;
	enum cwyn_code rc = app_intake(ctx, &in, &r, err);
	for (int i = 0; rc == CWYN_OK && i < MAX_STEPS; i++) {
		const struct demo_step *s = &dc->steps[i];
		if (s->matter == 0)
			break;
		struct app_advance a = {
		    .reference = r.ref.reference,
		    .matter_seq = s->matter,
		    .action = s->action,
		    .outcome = s->outcome,
		    .investigator_independent = s->independent,
		    .investigator_user_id =
		        s->independent ? user_ids[U_INVESTIGATOR] : 0,
		    .on = wd_ago(ctx->cal, ctx->today, s->ago),
		    .note = s->note,
		};
		rc = app_advance(ctx, &a, NULL, err);
	}
	if (rc == CWYN_OK && dc->extend_ago > 0) {
		struct app_extend e = {
		    .reference = r.ref.reference,
		    .agreed_with = "the complainant, Rhys Example (telephone call)",
		    .agreed_on = wd_ago(ctx->cal, ctx->today, dc->extend_ago),
		    .reason = "Mr Example is in hospital until next week; the"
		              " discussion was rearranged with his agreement.",
		    .extra_days = 10,
		    .exceptional = true,
		    .new_due = CWYN_DAY_NONE,
		};
		rc = stage_clock(ctx, r.ref.reference, ar, &e.clock_id, err);
		if (rc == CWYN_OK)
			rc = app_extend(ctx, &e, NULL, err);
	}
	if (rc == CWYN_OK && dc->close != OUTCOME_NONE)
		rc = app_close(ctx, r.ref.reference, 0, dc->close,
		               "Resolved by the conference chair.", NULL, err);
	if (rc != CWYN_OK) {
		/* Say which demo case failed: the message alone would not. */
		char msg[300];
		snprintf(msg, sizeof msg, "%.299s", err ? err->message : "");
		if (err)
			snprintf(err->message, sizeof err->message,
			         "demo case of %.60s: %s", dc->name, msg);
	}
	return rc;
}

enum cwyn_code demo_load(struct db *db, const struct policy *policy,
                         const struct calendar *cal, cwyn_day today,
                         struct demo_result *out, struct cwyn_error *err)
{
	struct demo_result local;
	struct arena ar;
	if (out == NULL)
		out = &local;
	*out = (struct demo_result){0};
	arena_init(&ar, 0);
	bool loaded = false;
	enum cwyn_code rc = ensure_authority(db, policy, &ar,
	                                     &out->authority_id, &loaded,
	                                     &out->users_created, err);
	if (rc != CWYN_OK || loaded) {
		out->already_loaded = loaded;
		goto out;
	}
	int64_t ids[U__MAX] = {0};
	for (int i = 0; rc == CWYN_OK && i < U__MAX; i++) {
		struct store_user u;
		rc = store_user_get_by_username(db, out->authority_id,
		                                users[i].username, &ar, &u, err);
		ids[i] = u.id;
	}
	struct app_ctx ctx = {.db = db, .policy = policy, .cal = cal,
	                      .today = today};
	if (rc == CWYN_OK)
		rc = app_actor_for_user(db, out->authority_id,
		                        users[U_OFFICER].username, &ctx.actor, err);
	for (size_t i = 0; rc == CWYN_OK && i < N_CASES; i++) {
		bool have = false;
		rc = has_complainant(db, out->authority_id, cases[i].name, &have,
		                     err);
		if (rc != CWYN_OK)
			break;
		if (have) {
			out->cases_skipped++;
			continue;
		}
		rc = load_case(&ctx, &cases[i], ids, &ar, err);
		if (rc == CWYN_OK)
			out->cases_created++;
	}
	if (rc == CWYN_OK) {
		rc = db_begin(db, err);
		if (rc == CWYN_OK) {
			char detail[96];
			snprintf(detail, sizeof detail, "cases=%zu users=%d",
			         N_CASES, U__MAX);
			rc = audit_append(db, out->authority_id, "system",
			                  "demo.loaded", 0, detail, err);
			rc = rc == CWYN_OK ? db_commit(db, err)
			                   : (db_rollback(db), rc);
		}
	}
out:
	arena_free(&ar);
	return rc;
}
