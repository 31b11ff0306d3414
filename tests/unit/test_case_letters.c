/*
 * test_case_letters.c — the letters of a case (src/app/letters*.c) end to
 * end: written by the workflow in the case's language, on the timeline
 * and in the audit log, rolled back with their step, read back as HTML
 * and PDF by those who may read the case, e-mailed once, and drawn from
 * the authority's own templates. On SQLite (a temporary file per test)
 * and on PostgreSQL (a fresh schema per test in the server named by
 * CWYN_TEST_PG_URL); without that variable the PostgreSQL half is skipped
 * with a notice, except under CI, where that is a failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/letters_internal.h" /* letter_shutdown */
#include "app/policy_file.h"
#include "app/retention.h"
#include "out/outbox.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"
#include "support/test_people.h"

struct fixture {
	struct db *db;
	enum db_kind kind;
	struct test_db t; /* the database, on either backend */
	char var[128];    /* CWYN_VAR_DIR: template overrides */
	struct arena ar;
	struct policy *policy;
	struct calendar *cal;
	int64_t auth;
	struct app_actor officer, auditor, admin;
};


static cwyn_day day(const char *s)
{
	cwyn_day d = CWYN_DAY_NONE;
	assert_int_equal(date_parse(s, &d, "test", NULL), CWYN_OK);
	return d;
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, sql, NULL, 0, &n, NULL), CWYN_OK);
	return n;
}

/* ---- Fixture ---------------------------------------------------------------- */

static void make_user(struct fixture *f, const char *username,
                      const char *display, const char *role,
                      struct app_actor *out)
{
	test_staff(f->db, f->auth, username, display, role, out);
}

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	if (store_migrate(f->db, &err) != CWYN_OK) {
		fprintf(stderr, "migrate: %s: %s\n", err.field, err.message);
		return -1;
	}
	if (policy_load_with_calendar(NULL, &f->policy, &f->cal, &err) !=
	    CWYN_OK) {
		fprintf(stderr, "policy: %s: %s\n", err.field, err.message);
		return -1;
	}
	arena_init(&f->ar, 0);
	snprintf(f->var, sizeof f->var, "/tmp/cwyn-test-letters-var-XXXXXX");
	if (mkdtemp(f->var) == NULL)
		return -1;
	setenv("CWYN_VAR_DIR", f->var, 1);
	struct store_authority a = {
	    .code = "sir-prawf",
	    .name_en = "Test County Council",
	    .name_cy = "Cyngor Sir Prawf",
	    .policy_id = "wales-2014",
	    .policy_version = 1,
	};
	if (store_authority_create(f->db, &a, &err) != CWYN_OK)
		return -1;
	f->auth = a.id;
	make_user(f, "olwen", "Olwen Prydderch", "complaints_officer",
	          &f->officer);
	make_user(f, "aled", "Aled", "auditor", &f->auditor);
	make_user(f, "admin", "Admin", "administrator", &f->admin);
	return 0;
}

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "letters", true) != 0) {
		free(f);
		return -1;
	}
	f->db = f->t.db;
	f->kind = kind;
	*state = f;
	return setup_common(f);
}

static int setup_sqlite(void **state)
{
	return setup_backend(state, DB_SQLITE);
}

static int setup_pg(void **state)
{
	return setup_backend(state, DB_POSTGRES);
}

/* Remove the override directory the tests wrote into. */
static void remove_tree(const char *dir)
{
	static const char *const langs[] = {"en", "cy"};
	static const char *const kinds[] = {"acknowledgement", "extension"};
	char p[256];
	for (size_t l = 0; l < 2; l++) {
		for (size_t k = 0; k < 2; k++) {
			snprintf(p, sizeof p, "%s/templates/sir-prawf/%s/%s.tmpl",
			         dir, langs[l], kinds[k]);
			unlink(p);
		}
		snprintf(p, sizeof p, "%s/templates/sir-prawf/%s", dir,
		         langs[l]);
		rmdir(p);
	}
	snprintf(p, sizeof p, "%s/templates/sir-prawf", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/templates", dir);
	rmdir(p);
	rmdir(dir);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	test_db_destroy(&f->t);
	if (f->var[0])
		remove_tree(f->var);
	policy_free(f->policy);
	calendar_free(f->cal);
	arena_free(&f->ar);
	free(f);
	return 0;
}

static struct app_ctx ctx_as(struct fixture *f, const struct app_actor *a,
                             const char *today)
{
	return (struct app_ctx){
	    .db = f->db,
	    .policy = f->policy,
	    .cal = f->cal,
	    .actor = *a,
	    .today = day(today),
	};
}

/* ---- Cases -------------------------------------------------------------------- */

/* A council matter, received on Mon 2027-01-04; language as given. */
#define STAGE1_FACTS(LANG)                                                   \
	"{\"received\": \"2027-01-04\","                                     \
	" \"complainant\": {\"relationship\": \"parent\"" LANG "},"          \
	" \"matters\": [{\"id\": \"m1\", \"subject\": \"failure_to_act\","   \
	"   \"summary\": \"No visit after the referral\","                   \
	"   \"dates\": {\"event\": \"2026-12-10\"}}]}"

static const char facts_en[] = STAGE1_FACTS(", \"language\": \"en\"");
static const char facts_cy[] = STAGE1_FACTS(", \"language\": \"cy\"");
static const char facts_unknown[] = STAGE1_FACTS("");

/* Care proceedings began on 12 January 2026 and are still going on. */
static const char court_facts[] =
    "{\"received\": \"2026-11-20\","
    " \"complainant\": {\"relationship\": \"parent\", \"language\": \"en\"},"
    " \"matters\": [{\"id\": \"m1\", \"subject\": \"failure_to_act\","
    "   \"summary\": \"About the council's own work\","
    "   \"dates\": {\"event\": \"2026-03-02\"},"
    "   \"court\": {\"status\": \"ongoing\", \"started\": \"2026-01-12\"}}]}";

struct person {
	const char *email;
	const char *contact; /* contact preference */
};

static struct app_case_ref intake(struct fixture *f, const char *today,
                                  const char *facts,
                                  const struct person *p)
{
	struct app_ctx ctx = ctx_as(f, &f->officer, today);
	struct app_intake in = {
	    .facts_json = facts,
	    .facts_len = strlen(facts),
	    .complainant = {.name = "Gwenllian ap Dafydd",
	                    .address = "Tŷ Gwyn\nLlandeilo",
	                    .email = p ? p->email : NULL,
	                    .contact_preference = p ? p->contact : "post"},
	    .owner_user_id = f->officer.user_id,
	};
	struct app_intake_result r;
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_intake(&ctx, &in, &r, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "intake: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	return r.ref;
}

static enum cwyn_code advance(struct fixture *f, const char *today,
                              const struct app_case_ref *r, int seq,
                              enum stage_action action, const char *note,
                              struct cwyn_error *err)
{
	struct app_ctx ctx = ctx_as(f, &f->officer, today);
	struct app_advance in = {
	    .reference = r->reference,
	    .matter_seq = seq,
	    .action = action,
	    .on = CWYN_DAY_NONE,
	    .note = note,
	    .investigator_independent = true,
	};
	memset(err, 0, sizeof *err);
	enum cwyn_code rc = app_advance(&ctx, &in, NULL, err);
	if (rc != CWYN_OK)
		fprintf(stderr, "advance %s: %s: %s\n",
		        stage_action_name(action), err->field, err->message);
	return rc;
}

static void ok(struct fixture *f, const char *today,
               const struct app_case_ref *r, enum stage_action action,
               const char *note)
{
	struct cwyn_error err;
	assert_int_equal(advance(f, today, r, 1, action, note, &err), CWYN_OK);
}

static struct app_letter *letters(struct fixture *f, const struct app_actor *a,
                                  const char *ref, size_t *n)
{
	struct app_ctx ctx = ctx_as(f, a, "2027-01-05");
	struct app_letter *ls = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(app_letter_list(&ctx, ref, &f->ar, &ls, n, &err),
	                 CWYN_OK);
	return ls;
}

/* The letter of `kind` (the latest), or NULL. */
static const struct app_letter *letter_of(struct app_letter *ls, size_t n,
                                          const char *kind)
{
	const struct app_letter *l = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ls[i].kind, kind) == 0)
			l = &ls[i];
	return l;
}

static const char *html_of(struct fixture *f, const char *ref, int64_t id)
{
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-05");
	const unsigned char *data = NULL;
	size_t len = 0;
	struct cwyn_error err = {0};
	assert_int_equal(app_letter_get(&ctx, ref, id, APP_LETTER_HTML, &f->ar,
	                                NULL, &data, &len, &err),
	                 CWYN_OK);
	assert_int_equal(strlen((const char *)data), len);
	return (const char *)data;
}

static int64_t events_of_kind(struct fixture *f, const char *ref,
                              const char *kind)
{
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-05");
	struct app_case_view v;
	struct cwyn_error err = {0};
	assert_int_equal(app_case_read(&ctx, ref, &f->ar, &v, &err), CWYN_OK);
	int64_t n = 0;
	for (size_t i = 0; i < v.n_events; i++)
		n += strcmp(v.events[i].kind, kind) == 0;
	return n;
}

/* ---- Tests -------------------------------------------------------------------- */

static void acknowledgement_in_the_case_language(void **state)
{
	struct fixture *f = *state;
	struct {
		const char *facts, *lang, *must, *must_not;
	} cases[] = {
	    {facts_en, "en", "right to a formal investigation", "Cam 2"},
	    /* Welsh: the right to a formal investigation, Stage 2. */
	    {facts_cy, "cy", "Cam 2", "right to a formal investigation"},
	    /* Not known: both, Welsh first. */
	    {facts_unknown, "both", "Cam 2", NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct app_case_ref r = intake(f, "2027-01-04", cases[i].facts,
		                               NULL);
		size_t n = 9;
		letters(f, &f->officer, r.reference, &n);
		assert_int_equal(n, 0);
		ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
		struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
		assert_int_equal(n, 1);
		assert_string_equal(ls[0].kind, "acknowledgement");
		assert_string_equal(ls[0].language, cases[i].lang);
		assert_null(ls[0].mail_state); /* prefers post */
		const char *html = html_of(f, r.reference, ls[0].id);
		assert_non_null(strstr(html, cases[i].must));
		assert_non_null(strstr(html, "Gwenllian ap Dafydd"));
		assert_non_null(strstr(html, r.reference));
		if (cases[i].must_not)
			assert_null(strstr(html, cases[i].must_not));
		if (strcmp(cases[i].lang, "both") == 0) {
			const char *cy = strstr(html, "<article lang=\"cy\"");
			const char *en = strstr(html, "<article lang=\"en\"");
			assert_non_null(cy);
			assert_non_null(en);
			assert_true(cy < en);
			assert_non_null(strstr(html, "right to a formal "
			                             "investigation"));
			assert_int_equal(events_of_kind(f, r.reference,
			                                "language.unknown"),
			                 1);
		}
		/* On the timeline. */
		assert_int_equal(events_of_kind(f, r.reference, "letter"), 1);
	}
}

static void welsh_acknowledgement_dates_and_stage2(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_cy, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	const char *html = html_of(f, r.reference, ls[0].id);
	/* Received Mon 4 January, in Welsh; the discussion is due 10 WD
	 * after the acknowledgement on Tue 5th: Tue 19 January. */
	assert_non_null(strstr(html, "4 Ionawr 2027"));
	assert_non_null(strstr(html, "19 Ionawr 2027"));
	assert_non_null(strstr(html, "Cam 2"));
	assert_non_null(strstr(html, "ymchwiliad ffurfiol"));
	assert_non_null(strstr(html, "Cyngor Sir Prawf"));
	assert_non_null(strstr(html, "<html lang=\"cy\""));
}

static void one_acknowledgement_per_complaint(void **state)
{
	struct fixture *f = *state;
	static const char two[] =
	    "{\"received\": \"2027-01-04\","
	    " \"complainant\": {\"relationship\": \"parent\", \"language\": \"en\"},"
	    " \"matters\": [{\"id\": \"m1\", \"subject\": \"failure_to_act\","
	    "   \"summary\": \"No visit\", \"dates\": {\"event\": \"2026-12-10\"}},"
	    "  {\"id\": \"m2\", \"subject\": \"poor_communication\","
	    "   \"summary\": \"No calls\", \"dates\": {\"event\": \"2026-12-11\"}}]}";
	struct app_case_ref r = intake(f, "2027-01-04", two, NULL);
	struct cwyn_error err;
	assert_int_equal(advance(f, "2027-01-05", &r, 1, ACT_ACKNOWLEDGE, NULL,
	                         &err),
	                 CWYN_OK);
	assert_int_equal(advance(f, "2027-01-05", &r, 2, ACT_ACKNOWLEDGE, NULL,
	                         &err),
	                 CWYN_OK);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	assert_int_equal(n, 1);
	const char *html = html_of(f, r.reference, ls[0].id);
	assert_non_null(strstr(html, "No visit"));
	assert_non_null(strstr(html, "No calls"));
}

static void exclusion_letter_at_intake(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2026-11-20", court_facts, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	assert_int_equal(n, 1);
	assert_string_equal(ls[0].kind, "exclusion_court");
	assert_string_equal(ls[0].language, "en");
	const char *html = html_of(f, r.reference, ls[0].id);
	/* Why, from the facts: the proceedings and when they began. */
	assert_non_null(strstr(html, "About the council&#39;s own work"));
	assert_non_null(strstr(html, "began on 12 January 2026"));
	assert_non_null(strstr(html, "prejudice"));
	assert_int_equal(events_of_kind(f, r.reference, "letter"), 1);
	/* The intake's one audit entry names the letter. */
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM audit_log WHERE action = 'case.create'"
	         " AND detail LIKE '%%\"exclusion_court\"%%'");
	assert_int_equal(count(f, sql), 1);
	/* A council matter gets none at intake. */
	r = intake(f, "2027-01-04", facts_en, NULL);
	letters(f, &f->officer, r.reference, &n);
	assert_int_equal(n, 0);
}

static const struct store_clock *clock_of(struct fixture *f, const char *ref,
                                          const char *ts)
{
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-08");
	struct app_case_view *v = arena_alloc(&f->ar, sizeof *v);
	struct cwyn_error err = {0};
	assert_int_equal(app_case_read(&ctx, ref, &f->ar, v, &err), CWYN_OK);
	for (size_t i = 0; i < v->n_clocks; i++)
		if (strcmp(v->clocks[i].timescale, ts) == 0)
			return &v->clocks[i];
	return NULL;
}

static void extension_letter_with_the_agreement(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_en, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	const struct store_clock *disc = clock_of(f, r.reference,
	                                          "s1_discussion");
	assert_non_null(disc);
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-08");
	struct app_extend in = {
	    .reference = r.reference,
	    .clock_id = disc->id,
	    .agreed_with = "the complainant, by telephone",
	    .agreed_on = day("2027-01-08"),
	    .reason = "the complainant is in hospital",
	    .extra_days = 5,
	    .new_due = CWYN_DAY_NONE,
	    .exceptional = true,
	};
	struct cwyn_error err = {0};
	int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(app_extend(&ctx, &in, NULL, &err), CWYN_OK);
	/* Still the step's one audit entry, naming the letter. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"),
	                 audits + 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE action"
	                          " = 'clock.extend' AND detail LIKE"
	                          " '%\"extension\"%'"),
	                 1);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	const struct app_letter *l = letter_of(ls, n, "extension");
	assert_non_null(l);
	const char *html = html_of(f, r.reference, l->id);
	/* What, with whom, when, why, and the dates: due Tue 19 January,
	 * now 5 WD later, Tue 26 January. */
	assert_non_null(strstr(html, "the complainant, by telephone"));
	assert_non_null(strstr(html, "the complainant is in hospital"));
	assert_non_null(strstr(html, "8 January 2027"));
	assert_non_null(strstr(html, "19 January 2027"));
	assert_non_null(strstr(html, "26 January 2027"));
}

static void pdf_from_the_stored_data(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_unknown, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	struct app_ctx ctx = ctx_as(f, &f->auditor, "2027-01-06");
	const unsigned char *pdf = NULL;
	size_t len = 0;
	struct app_letter meta;
	struct cwyn_error err = {0};
	int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(app_letter_get(&ctx, r.reference, ls[0].id,
	                                APP_LETTER_PDF, &f->ar, &meta, &pdf,
	                                &len, &err),
	                 CWYN_OK);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF", 4);
	assert_string_equal(meta.kind, "acknowledgement");
	assert_string_equal(meta.language, "both");
	/* Reading a letter is audited, as reading the case is. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"),
	                 audits + 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE"
	                          " action = 'letter.read' AND detail LIKE"
	                          " '%\"pdf\"%'"),
	                 1);
	/* Another case's letter id is not this case's. */
	struct app_case_ref other = intake(f, "2027-01-04", facts_en, NULL);
	assert_int_equal(app_letter_get(&ctx, other.reference, ls[0].id,
	                                APP_LETTER_HTML, &f->ar, NULL, &pdf,
	                                &len, &err),
	                 CWYN_ENOTFOUND);
}

static void authority_template_is_used(void **state)
{
	struct fixture *f = *state;
	static const char tmpl[] =
	    "# Our own acknowledgement\n\n"
	    "Dear {{complainant_name}},\n\n"
	    "SIR-PRAWF-OWN-WORDS: we received your complaint on {{received}}.\n";
	struct app_ctx admin = ctx_as(f, &f->admin, "2027-01-04");
	struct app_ctx officer = ctx_as(f, &f->officer, "2027-01-04");
	struct cwyn_error err = {0};
	/* Only an administrator may change templates. */
	assert_int_equal(app_letter_template_set(&officer, "acknowledgement",
	                                         "en", tmpl, strlen(tmpl),
	                                         "ack.tmpl", &err),
	                 CWYN_EFORBIDDEN);
	/* A template with an unknown field is refused with its file and
	 * line, and nothing changes. */
	static const char bad[] = "# Subject\n\nDear {{complainant_name}},\n\n"
	                          "{{no_such_field}}\n";
	int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
	assert_int_equal(app_letter_template_set(&admin, "acknowledgement",
	                                         "en", bad, strlen(bad),
	                                         "/home/a/ack-en.tmpl", &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "/home/a/ack-en.tmpl");
	assert_int_equal(err.line, 5);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), audits);
	struct app_letter_template *ts;
	size_t nt;
	assert_int_equal(app_letter_template_list(&admin, &f->ar, &ts, &nt,
	                                          &err),
	                 CWYN_OK);
	assert_int_equal(nt, 20);
	for (size_t i = 0; i < nt; i++)
		assert_false(ts[i].overridden);

	assert_int_equal(app_letter_template_set(&admin, "acknowledgement",
	                                         "en", tmpl, strlen(tmpl),
	                                         "ack.tmpl", &err),
	                 CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE"
	                          " action = 'letter.template.set'"),
	                 1);
	const char *text = NULL;
	struct app_letter_template meta;
	assert_int_equal(app_letter_template_show(&admin, "acknowledgement",
	                                          "en", &f->ar, &text, &meta,
	                                          &err),
	                 CWYN_OK);
	assert_string_equal(text, tmpl);
	assert_true(meta.overridden);

	struct app_case_ref r = intake(f, "2027-01-04", facts_en, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	const char *html = html_of(f, r.reference, ls[0].id);
	assert_non_null(strstr(html, "SIR-PRAWF-OWN-WORDS"));
	assert_string_equal(ls[0].subject, "Our own acknowledgement");
	/* The renderer still adds what no template may drop. */
	assert_non_null(strstr(html, "Welsh"));

	/* Reset: the shipped template again. */
	assert_int_equal(app_letter_template_reset(&admin, "acknowledgement",
	                                           "en", &err),
	                 CWYN_OK);
	assert_int_equal(app_letter_template_reset(&admin, "acknowledgement",
	                                           "en", &err),
	                 CWYN_ENOTFOUND);
	r = intake(f, "2027-01-04", facts_en, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	ls = letters(f, &f->officer, r.reference, &n);
	html = html_of(f, r.reference, ls[0].id);
	assert_null(strstr(html, "SIR-PRAWF-OWN-WORDS"));
}

static void broken_template_rolls_the_step_back(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_en, NULL);
	/* Someone edits the file by hand, past the checks of `set`. */
	char dir[256], path[300];
	snprintf(dir, sizeof dir, "%s/templates", f->var);
	mkdir(dir, 0750);
	snprintf(dir, sizeof dir, "%s/templates/sir-prawf", f->var);
	mkdir(dir, 0750);
	snprintf(dir, sizeof dir, "%s/templates/sir-prawf/en", f->var);
	mkdir(dir, 0750);
	snprintf(path, sizeof path, "%s/acknowledgement.tmpl", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("# Subject\n\n{{typo_field}}\n", fp);
	fclose(fp);
	int64_t rows = count(f, "SELECT (SELECT COUNT(*) FROM events) +"
	                        " (SELECT COUNT(*) FROM letters) +"
	                        " (SELECT COUNT(*) FROM audit_log) +"
	                        " (SELECT COUNT(*) FROM clocks)");
	struct cwyn_error err;
	assert_int_equal(advance(f, "2027-01-05", &r, 1, ACT_ACKNOWLEDGE, NULL,
	                         &err),
	                 CWYN_EINVAL);
	assert_int_equal(err.line, 3);
	assert_int_equal(count(f, "SELECT (SELECT COUNT(*) FROM events) +"
	                          " (SELECT COUNT(*) FROM letters) +"
	                          " (SELECT COUNT(*) FROM audit_log) +"
	                          " (SELECT COUNT(*) FROM clocks)"),
	                 rows);
	unlink(path);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
}

static void email_queued_once(void **state)
{
	struct fixture *f = *state;
	struct person p = {.email = "gwen@example.org", .contact = "email"};
	struct app_case_ref r = intake(f, "2027-01-04", facts_en, &p);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	assert_int_equal(n, 1);
	assert_non_null(ls[0].mail_state);
	assert_string_equal(ls[0].mail_state, "pending");
	assert_true(ls[0].outbox_id > 0);
	struct outbox_row row;
	struct cwyn_error err = {0};
	assert_int_equal(outbox_get(f->db, ls[0].outbox_id, &f->ar, &row, &err),
	                 CWYN_OK);
	assert_string_equal(row.to_address, "gwen@example.org");
	assert_string_equal(row.kind, "letter");
	assert_string_equal(row.subject, ls[0].subject);
	assert_non_null(row.body_html);
	/* The text part is the letter, without markup. */
	assert_non_null(strstr(row.body_text, "Gwenllian ap Dafydd"));
	assert_non_null(strstr(row.body_text, r.reference));
	assert_null(strstr(row.body_text, "<p>"));
	assert_null(strstr(row.body_text, "@page"));
	char key[64];
	snprintf(key, sizeof key, "letter:%lld", (long long)ls[0].id);
	assert_string_equal(row.dedupe_key, key);
	/* Queued once: the same key again changes nothing. */
	struct outbox_msg again = {
	    .authority_id = f->auth, .case_id = r.case_id,
	    .kind = OUTBOX_LETTER, .to_address = "gwen@example.org",
	    .subject = "again", .body_text = "again", .dedupe_key = key};
	bool queued = true;
	int64_t id = 0;
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	assert_int_equal(outbox_enqueue(f->db, &again, 0, &id, &queued, &err),
	                 CWYN_OK);
	assert_int_equal(db_commit(f->db, &err), CWYN_OK);
	assert_false(queued);
	assert_int_equal(id, ls[0].outbox_id);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 1);
	/* A second matter acknowledged later writes no second letter, so
	 * no second e-mail; a letter to the agency is never e-mailed to the
	 * complainant. */
	ok(f, "2027-01-06", &r, ACT_RECORD_DISCUSSION, NULL);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 1);
	/* Marked sent by the mailer: the letter shows it. */
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	assert_int_equal(outbox_mark_sent(f->db, ls[0].outbox_id, 1800000000,
	                                  &err),
	                 CWYN_OK);
	assert_int_equal(db_commit(f->db, &err), CWYN_OK);
	ls = letters(f, &f->officer, r.reference, &n);
	assert_string_equal(ls[0].mail_state, "sent");
	assert_true(ls[0].sent_at[0] != '\0');
}

static void resolution_letter_needs_its_terms(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_en, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	ok(f, "2027-01-07", &r, ACT_RECORD_DISCUSSION, NULL);
	ok(f, "2027-01-08", &r, ACT_RESOLVE, NULL);
	/* No terms given: the step stands, the letter is pending. */
	ok(f, "2027-01-11", &r, ACT_RESOLVE_IN_WRITING, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	assert_null(letter_of(ls, n, "stage1_resolution"));
	assert_int_equal(events_of_kind(f, r.reference, "letter.pending"), 1);
	/* Staff write it with the terms; audited as letter.create. */
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-11");
	struct cwyn_error err = {0};
	int64_t id = 0;
	assert_int_equal(app_letter_create(&ctx, r.reference, 0,
	                                   "stage1_resolution", 1, NULL, &id,
	                                   NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "resolution_terms");
	assert_int_equal(app_letter_create(&ctx, r.reference, 0,
	                                   "stage1_resolution", 1,
	                                   "The team manager will phone you "
	                                   "every Friday.",
	                                   &id, NULL, &err),
	                 CWYN_OK);
	assert_true(id > 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE"
	                          " action = 'letter.create'"),
	                 1);
	const char *html = html_of(f, r.reference, id);
	assert_non_null(strstr(html, "every Friday"));
	assert_non_null(strstr(html, "8 January 2027")); /* resolved */
	assert_int_equal(app_letter_create(&ctx, r.reference, 0, "no_such", 0,
	                                   NULL, &id, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "kind");
}

static void stage2_response_and_final_response(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_cy, NULL);
	ok(f, "2027-01-05", &r, ACT_REQUEST_STAGE2, NULL);
	ok(f, "2027-01-06", &r, ACT_ACKNOWLEDGE, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	const struct app_letter *l = letter_of(ls, n, "stage2_acknowledgement");
	assert_non_null(l);
	assert_string_equal(l->language, "cy");
	ok(f, "2027-01-07", &r, ACT_APPOINT_INVESTIGATOR, NULL);
	ok(f, "2027-01-20", &r, ACT_RECEIVE_REPORT, NULL);
	ok(f, "2027-01-25", &r, ACT_SEND_RESPONSE,
	   "Rydym yn cadarnhau rhan o'ch cwyn ac yn ymddiheuro.");
	ls = letters(f, &f->officer, r.reference, &n);
	assert_non_null(letter_of(ls, n, "stage2_response"));
	l = letter_of(ls, n, "final_response");
	assert_non_null(l);
	const char *html = html_of(f, r.reference, l->id);
	assert_non_null(strstr(html, "Ombwdsmon"));
	assert_non_null(strstr(html, "ymddiheuro"));
}

static void auditor_reads_administrator_does_not(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_en, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	size_t n;
	struct app_letter *ls = letters(f, &f->auditor, r.reference, &n);
	assert_int_equal(n, 1);
	struct app_ctx aud = ctx_as(f, &f->auditor, "2027-01-06");
	struct app_ctx adm = ctx_as(f, &f->admin, "2027-01-06");
	const unsigned char *data;
	size_t len;
	struct cwyn_error err = {0};
	assert_int_equal(app_letter_get(&aud, r.reference, ls[0].id,
	                                APP_LETTER_HTML, &f->ar, NULL, &data,
	                                &len, &err),
	                 CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE"
	                          " action = 'letter.read' AND actor = 'aled'"),
	                 1);
	/* The auditor changes nothing. */
	int64_t id;
	assert_int_equal(app_letter_create(&aud, r.reference, 0,
	                                   "acknowledgement", 0, NULL, &id,
	                                   NULL, &err),
	                 CWYN_EFORBIDDEN);
	/* The administrator sees no case content. */
	struct app_letter *none;
	assert_int_equal(app_letter_list(&adm, r.reference, &f->ar, &none, &n,
	                                 &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(app_letter_get(&adm, r.reference, ls[0].id,
	                                APP_LETTER_HTML, &f->ar, NULL, &data,
	                                &len, &err),
	                 CWYN_EFORBIDDEN);
	/* Every letter is named in an audit entry, and the chain holds. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log WHERE"
	                          " action = 'case.advance' AND detail LIKE"
	                          " '%\"acknowledgement\"%'"),
	                 1);
	struct audit_report rep;
	assert_int_equal(audit_verify(f->db, &rep, &err), CWYN_OK);
	assert_int_equal(rep.kind, AUDIT_OK);
}

static void anonymised_letters_keep_no_data(void **state)
{
	struct fixture *f = *state;
	struct app_case_ref r = intake(f, "2027-01-04", facts_en, NULL);
	ok(f, "2027-01-05", &r, ACT_ACKNOWLEDGE, NULL);
	struct app_ctx ctx = ctx_as(f, &f->officer, "2027-01-06");
	struct cwyn_error err = {0};
	assert_int_equal(app_close(&ctx, r.reference, 0, OUTCOME_WITHDRAWN,
	                           "withdrawn by letter", NULL, &err),
	                 CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM letters WHERE"
	                          " data_json LIKE '%Gwenllian%'"),
	                 1);
	/* Years later, retention anonymises the case: the letter's data
	 * goes with its text, so no name is left to draw a PDF from. */
	struct app_actor op = f->officer;
	op.role = APP_ROLE_OPERATOR;
	struct app_ctx later = ctx_as(f, &op, "2034-02-01");
	struct app_retention_result res;
	assert_int_equal(app_retention_run(&later, false, &f->ar, &res, &err),
	                 CWYN_OK);
	assert_int_equal(res.n, 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM letters WHERE"
	                          " data_json IS NOT NULL"),
	                 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM letters WHERE"
	                          " body_html LIKE '%Gwenllian%'"),
	                 0);
	size_t n;
	struct app_letter *ls = letters(f, &f->officer, r.reference, &n);
	assert_int_equal(n, 1);
	const unsigned char *pdf;
	size_t len;
	assert_int_equal(app_letter_get(&later, r.reference, ls[0].id,
	                                APP_LETTER_PDF, &f->ar, NULL, &pdf,
	                                &len, &err),
	                 CWYN_ESTATE);
}

#define TESTS(setup)                                                         \
	{                                                                    \
		cmocka_unit_test_setup_teardown(                             \
		    acknowledgement_in_the_case_language, setup, teardown),  \
		cmocka_unit_test_setup_teardown(                             \
		    welsh_acknowledgement_dates_and_stage2, setup, teardown),\
		cmocka_unit_test_setup_teardown(                             \
		    one_acknowledgement_per_complaint, setup, teardown),     \
		cmocka_unit_test_setup_teardown(exclusion_letter_at_intake,  \
		                                setup, teardown),            \
		cmocka_unit_test_setup_teardown(                             \
		    extension_letter_with_the_agreement, setup, teardown),   \
		cmocka_unit_test_setup_teardown(pdf_from_the_stored_data,    \
		                                setup, teardown),            \
		cmocka_unit_test_setup_teardown(authority_template_is_used,  \
		                                setup, teardown),            \
		cmocka_unit_test_setup_teardown(                             \
		    broken_template_rolls_the_step_back, setup, teardown),   \
		cmocka_unit_test_setup_teardown(email_queued_once, setup,    \
		                                teardown),                   \
		cmocka_unit_test_setup_teardown(                             \
		    resolution_letter_needs_its_terms, setup, teardown),     \
		cmocka_unit_test_setup_teardown(                             \
		    stage2_response_and_final_response, setup, teardown),    \
		cmocka_unit_test_setup_teardown(                             \
		    auditor_reads_administrator_does_not, setup, teardown),  \
		cmocka_unit_test_setup_teardown(                             \
		    anonymised_letters_keep_no_data, setup, teardown),       \
	}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = TESTS(setup_pg);
	int failed = TEST_DB_RUN_BOTH("case_letters", sqlite_tests, pg_tests);
	letter_shutdown();
	return failed;
}
