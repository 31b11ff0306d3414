/*
 * test_search.c — searching cases (app/search.h over store/store_search.h)
 * on SQLite (a temporary file per test) and PostgreSQL (a fresh schema per
 * test in the server named by CWYN_TEST_PG_URL), the same tests on both.
 * Without that variable the PostgreSQL half is skipped with a notice,
 * except under CI, where a missing server is a failure.
 *
 * What a user would notice: Welsh spellings found with or without their
 * accents, phrases and prefixes, other authorities' and hidden cases
 * never found (not even counted), operators and quotes in a query taken
 * as plain text, the index following changes, the audit log recording the
 * search but not its words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/policy_file.h"
#include "app/search.h"
#include "core/arena.h"
#include "core/date.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"
#include "support/test_people.h"
#include "store/store_search.h"

struct fixture {
	struct db *db;
	enum db_kind kind;
	struct test_db t; /* the database, on either backend */
	struct arena ar;
	struct policy *policy;
	struct calendar *cal;
	int64_t auth_a, auth_b;
	struct app_actor officer, manager, investigator, investigator2,
	    auditor, admin, other_officer, b_officer;
};


static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(f->db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

static int64_t make_authority(struct fixture *f, const char *code)
{
	return test_authority(f->db, code);
}

static void make_user(struct fixture *f, int64_t authority,
                      const char *username, const char *role,
                      struct app_actor *out)
{
	test_staff(f->db, authority, username, NULL, role, out);
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
	f->auth_a = make_authority(f, "aaa");
	f->auth_b = make_authority(f, "bbb");
	make_user(f, f->auth_a, "olwen", "complaints_officer", &f->officer);
	make_user(f, f->auth_a, "siân", "senior_manager", &f->manager);
	make_user(f, f->auth_a, "ifan", "investigator", &f->investigator);
	make_user(f, f->auth_a, "iola", "investigator", &f->investigator2);
	make_user(f, f->auth_a, "aled", "auditor", &f->auditor);
	make_user(f, f->auth_a, "admin", "administrator", &f->admin);
	make_user(f, f->auth_a, "owain", "complaints_officer",
	          &f->other_officer);
	make_user(f, f->auth_b, "bethan", "complaints_officer", &f->b_officer);
	return 0;
}

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "srch", true) != 0) {
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

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	test_db_destroy(&f->t);
	policy_free(f->policy);
	calendar_free(f->cal);
	arena_free(&f->ar);
	free(f);
	return 0;
}

static struct app_ctx ctx_as(struct fixture *f, const struct app_actor *a)
{
	cwyn_day today = CWYN_DAY_NONE;
	assert_int_equal(date_parse("2027-01-05", &today, "today", NULL),
	                 CWYN_OK);
	struct app_ctx c = {
	    .db = f->db,
	    .policy = f->policy,
	    .cal = f->cal,
	    .actor = *a,
	    .today = today,
	};
	return c;
}

/* A council complaint received on Mon 2027-01-04 with one matter. */
static void facts_with(char *buf, size_t n, const char *summary,
                       const char *agency_name)
{
	char agency[160] = "";
	if (agency_name)
		snprintf(agency, sizeof agency,
		         ", \"agency\": \"police\", \"agency_name\": \"%s\"",
		         agency_name);
	snprintf(buf, n,
	         "{\"received\": \"2027-01-04\","
	         " \"complainant\": {\"relationship\": \"parent\"},"
	         " \"matters\": [{\"id\": \"m1\", \"subject\": "
	         "\"failure_to_act\", \"summary\": \"%s\"%s,"
	         "   \"dates\": {\"event\": \"2026-12-10\"}}]}",
	         summary, agency);
}

struct new_case {
	const char *name;          /* complainant */
	const char *child;         /* child label, or NULL */
	const char *summary;
	const char *agency_name;   /* NULL: a council matter */
	bool restricted;
	const int64_t *named;
	size_t n_named;
	int64_t owner;
};

/* Record a complaint as `who`; returns the case id. */
static int64_t add_case(struct fixture *f, const struct app_actor *who,
                        const struct new_case *nc)
{
	char facts[1024];
	facts_with(facts, sizeof facts, nc->summary, nc->agency_name);
	struct app_ctx ctx = ctx_as(f, who);
	const char *labels[1] = {nc->child};
	struct app_intake in = {
	    .facts_json = facts,
	    .facts_len = strlen(facts),
	    .complainant = {.name = nc->name},
	    .child_labels = labels,
	    .n_child_labels = nc->child ? 1 : 0,
	    .restricted = nc->restricted,
	    .named_users = nc->named,
	    .n_named_users = nc->n_named,
	    .owner_user_id = nc->owner,
	};
	struct app_intake_result r;
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_intake(&ctx, &in, &r, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "intake: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	return r.ref.case_id;
}

static enum cwyn_code try_search(struct fixture *f,
                                 const struct app_actor *who,
                                 const char *q, size_t limit, int64_t after,
                                 struct app_search_page *page,
                                 struct cwyn_error *err)
{
	struct app_ctx ctx = ctx_as(f, who);
	return app_search(&ctx, q, limit, after, &f->ar, page, err);
}

/* The ids found by `who`, as "1,3" (all pages of 100). */
static const char *found(struct fixture *f, const struct app_actor *who,
                         const char *q)
{
	static char buf[512];
	struct app_search_page page;
	struct cwyn_error err = {0};
	enum cwyn_code rc = try_search(f, who, q, 0, 0, &page, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "search %s: %s: %s\n", q, err.field,
		        err.message);
	assert_int_equal(rc, CWYN_OK);
	assert_false(page.more);
	buf[0] = '\0';
	for (size_t i = 0; i < page.n; i++) {
		size_t o = strlen(buf);
		snprintf(buf + o, sizeof buf - o, "%s%lld", i ? "," : "",
		         (long long)page.cases[i].id);
	}
	return buf;
}

static const char *ids(int64_t a, int64_t b)
{
	static char buf[64];
	if (b)
		snprintf(buf, sizeof buf, "%lld,%lld", (long long)a,
		         (long long)b);
	else
		snprintf(buf, sizeof buf, "%lld", (long long)a);
	return buf;
}

/* ---- Folding ---------------------------------------------------------------- */

static void welsh_folded_both_ways(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Siân Dŵr", .child = "Plentyn y Tŷ",
	                     .summary = "Ni ymwelodd neb"};
	struct new_case b = {.name = "Mr Dwr", .child = "ty bach",
	                     .summary = "No visit"};
	struct new_case c = {.name = "Gareth Jones", .summary = "Cae glas"};
	int64_t ia = add_case(f, &f->officer, &a);
	int64_t ib = add_case(f, &f->officer, &b);
	add_case(f, &f->officer, &c);
	/* Typed without the accent, found with it, and the other way. */
	assert_string_equal(found(f, &f->officer, "dwr"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "Dŵr"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "DŴR"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "tŷ"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "ty"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "sian"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "SIÂN dwr"), ids(ia, 0));
	/* Text typed in decomposed form (w + combining circumflex). */
	assert_string_equal(found(f, &f->officer, "Dw\xcc\x82r"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "dŵr nobody"), "");
}

/* What is indexed: reference, names, child labels, summaries, agency
 * names. */
static void indexed_fields(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Elen Morgan", .child = "Baban Cadi",
	                     .summary = "Swyddog heddlu anghwrtais",
	                     .agency_name = "Heddlu Dyfed-Powys"};
	int64_t ia = add_case(f, &f->officer, &a);
	assert_string_equal(found(f, &f->officer, "morgan"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "cadi"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "anghwrtais"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "dyfed-powys"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "CP-2027-00001"),
	                    ids(ia, 0));
	/* The facts' relationship and the subject are not indexed. */
	assert_string_equal(found(f, &f->officer, "parent"), "");
	assert_string_equal(found(f, &f->officer, "failure_to_act"), "");
}

/* ---- Phrases and prefixes -------------------------------------------------- */

static void phrase_and_prefix(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Ms A",
	                     .summary = "Dim ymweliad dros Gwyliau'r Banc"};
	struct new_case b = {.name = "Ms B",
	                     .summary = "Banc bwyd; gwyliau ysgol"};
	int64_t ia = add_case(f, &f->officer, &a);
	int64_t ib = add_case(f, &f->officer, &b);
	assert_string_equal(found(f, &f->officer, "gwyliau banc"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "\"gwyliau'r banc\""),
	                    ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "\"GWYLIAU’R BANC\""),
	                    ids(ia, 0));
	/* A hyphenated or apostrophised word is a phrase by itself. */
	assert_string_equal(found(f, &f->officer, "gwyliau'r"), ids(ia, 0));
	/* Order matters in a phrase. */
	assert_string_equal(found(f, &f->officer, "\"banc gwyliau\""), "");
	assert_string_equal(found(f, &f->officer, "\"banc bwyd\""), ids(ib, 0));
	/* Prefixes: a word, and the last word of a phrase. */
	assert_string_equal(found(f, &f->officer, "ymwel*"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "gwyl*"), ids(ia, ib));
	assert_string_equal(found(f, &f->officer, "\"banc bw\"*"), ids(ib, 0));
	assert_string_equal(found(f, &f->officer, "ymwel"), "");
	/* An unclosed quote runs to the end of the query. */
	assert_string_equal(found(f, &f->officer, "\"gwyliau ysgol"),
	                    ids(ib, 0));
	struct app_search_page page;
	struct cwyn_error err = {0};
	assert_int_equal(try_search(f, &f->officer, "g*", 0, 0, &page, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "query");
}

/* ---- Who finds what ---------------------------------------------------------- */

static void other_authority_never_found(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Rhys Dŵr", .summary = "Ysgol"};
	int64_t ia = add_case(f, &f->officer, &a);
	int64_t ib = add_case(f, &f->b_officer, &a);
	assert_string_equal(found(f, &f->officer, "dwr"), ids(ia, 0));
	assert_string_equal(found(f, &f->b_officer, "dwr"), ids(ib, 0));
	/* Not even in the store layer's answer for the other authority. */
	struct store_search_results r;
	struct cwyn_error err = {0};
	assert_int_equal(store_search(f->db, f->auth_a, "rhys", 10, 0, &r,
	                              &err),
	                 CWYN_OK);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.case_ids[0], ia);
	assert_false(r.more);
	/* Re-indexing a case through the wrong authority is refused. */
	assert_int_equal(store_search_index_case(f->db, f->auth_a, ib, &err),
	                 CWYN_ENOTFOUND);
}

static void restricted_only_for_named_users(void **state)
{
	struct fixture *f = *state;
	int64_t named[] = {f->manager.user_id};
	struct new_case open = {.name = "Nia Parry", .summary = "Ysgol"};
	struct new_case hidden = {.name = "Nia Parry-Evans",
	                          .summary = "Ysgol", .restricted = true,
	                          .named = named, .n_named = 1};
	int64_t io = add_case(f, &f->officer, &open);
	int64_t ih = add_case(f, &f->officer, &hidden);
	/* The recorder and the named user find it. */
	assert_string_equal(found(f, &f->officer, "nia"), ids(io, ih));
	assert_string_equal(found(f, &f->manager, "nia"), ids(io, ih));
	/* Nobody else does — not even as a count or a "more". */
	assert_string_equal(found(f, &f->other_officer, "nia"), ids(io, 0));
	assert_string_equal(found(f, &f->auditor, "nia"), ids(io, 0));
	assert_string_equal(found(f, &f->other_officer, "evans"), "");
	struct app_search_page page;
	struct cwyn_error err = {0};
	assert_int_equal(try_search(f, &f->other_officer, "nia", 1, 0, &page,
	                            &err),
	                 CWYN_OK);
	assert_int_equal(page.n, 1);
	assert_false(page.more); /* the hidden case after it is not hinted */
	assert_int_equal(page.next_after, 0);
}

static void investigators_only_assigned(void **state)
{
	struct fixture *f = *state;
	struct new_case mine = {.name = "Huw Bevan", .summary = "Ysgol",
	                        .owner = f->investigator.user_id};
	struct new_case other = {.name = "Huw Davies", .summary = "Ysgol"};
	int64_t im = add_case(f, &f->officer, &mine);
	int64_t io = add_case(f, &f->officer, &other);
	assert_string_equal(found(f, &f->investigator, "huw"), ids(im, 0));
	assert_string_equal(found(f, &f->investigator2, "huw"), "");
	assert_string_equal(found(f, &f->officer, "huw"), ids(im, io));
}

static void administrators_may_not_search(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Huw Bevan", .summary = "Ysgol"};
	add_case(f, &f->officer, &a);
	int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
	struct app_search_page page;
	struct cwyn_error err = {0};
	assert_int_equal(try_search(f, &f->admin, "huw", 0, 0, &page, &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(page.n, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), audits);
}

/* Pages are filled with visible cases only; the cursor and "more" never
 * point at a hidden one. */
static void paging_skips_hidden_cases(void **state)
{
	struct fixture *f = *state;
	int64_t named[] = {f->manager.user_id};
	int64_t visible[4];
	size_t nv = 0;
	for (int i = 0; i < 7; i++) {
		struct new_case c = {.name = "Cerys Lloyd", .summary = "Ysgol",
		                     .restricted = i % 2 == 1, .named = named,
		                     .n_named = i % 2 == 1 ? 1 : 0};
		int64_t id = add_case(f, &f->officer, &c);
		if (i % 2 == 0)
			visible[nv++] = id;
	}
	/* One more hidden case last: the final page must not hint at it. */
	struct new_case last = {.name = "Cerys Lloyd", .summary = "Ysgol",
	                        .restricted = true, .named = named,
	                        .n_named = 1};
	add_case(f, &f->officer, &last);
	struct app_search_page page;
	struct cwyn_error err = {0};
	int64_t after = 0;
	size_t seen = 0;
	for (int round = 0; round < 2; round++) {
		assert_int_equal(try_search(f, &f->other_officer, "cerys", 2,
		                            after, &page, &err),
		                 CWYN_OK);
		assert_int_equal(page.n, 2);
		for (size_t i = 0; i < page.n; i++)
			assert_int_equal(page.cases[i].id, visible[seen++]);
		assert_int_equal(page.more, round == 0);
		assert_int_equal(page.next_after,
		                 round == 0 ? visible[1] : 0);
		after = page.cases[1].id;
	}
	assert_int_equal(seen, 4);
}

/* ---- Queries that are not syntax --------------------------------------------- */

static void injection_is_only_text(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Tom Near",
	                     .summary = "Said or did not drop the table"};
	struct new_case b = {.name = "Dŵr Jones", .summary = "Ysgol"};
	int64_t ia = add_case(f, &f->officer, &a);
	int64_t ib = add_case(f, &f->officer, &b);
	int64_t cases = count(f, "SELECT COUNT(*) FROM cases");

	/* Operators are words: found only where the word is. */
	assert_string_equal(found(f, &f->officer, "OR"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "NEAR("), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "NOT"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "dwr OR jones"), "");
	assert_string_equal(found(f, &f->officer, "dwr NOT jones"), "");
	assert_string_equal(found(f, &f->officer, "NEAR(dwr jones)"), "");
	assert_string_equal(found(f, &f->officer, "jones AND dwr"), "");
	assert_string_equal(found(f, &f->officer, "'); DROP TABLE"),
	                    ids(ia, 0));
	assert_string_equal(
	    found(f, &f->officer, "x'); DROP TABLE cases; --"), "");
	assert_string_equal(found(f, &f->officer, "body:dwr"), "");
	assert_string_equal(found(f, &f->officer, "{body}:dwr"), "");
	assert_string_equal(found(f, &f->officer, "-dwr ^jones"), ids(ib, 0));
	assert_string_equal(found(f, &f->officer, "dwr & !jones | x"), "");
	assert_string_equal(found(f, &f->officer, "dwr:* <-> jones\\"),
	                    ids(ib, 0));
	assert_string_equal(found(f, &f->officer, "\"dwr\" \"jones\""),
	                    ids(ib, 0));
	assert_string_equal(found(f, &f->officer, "\"\"dwr\"\"\""), ids(ib, 0));
	/* A * inside a word only separates: "dwr jones" as a phrase. */
	assert_string_equal(found(f, &f->officer, "dwr*jones"), ids(ib, 0));
	assert_string_equal(found(f, &f->officer, "(dwr)"), ids(ib, 0));

	/* Only punctuation: nothing to look for, said plainly. */
	static const char *const empty[] = {"\"", "*", "\"\"", "(", "'",
	                                    "()", "--", "\"*\""};
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		struct app_search_page page;
		struct cwyn_error err = {0};
		assert_int_equal(try_search(f, &f->officer, empty[i], 0, 0,
		                            &page, &err),
		                 CWYN_EINVAL);
		assert_string_equal(err.field, "query");
		assert_non_null(strstr(err.message, "words"));
	}
	/* The tables are all still there. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM cases"), cases);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM case_search"), cases);
}

static void empty_and_long_queries_refused(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Huw Bevan", .summary = "Ysgol"};
	add_case(f, &f->officer, &a);
	int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
	struct app_search_page page;
	struct cwyn_error err = {0};
	assert_int_equal(try_search(f, &f->officer, "", 0, 0, &page, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "query");
	assert_int_equal(try_search(f, &f->officer, "   \t", 0, 0, &page,
	                            &err),
	                 CWYN_EINVAL);
	assert_int_equal(try_search(f, &f->officer, NULL, 0, 0, &page, &err),
	                 CWYN_EINVAL);
	char longq[STORE_SEARCH_QUERY_MAX + 2];
	memset(longq, 'a', sizeof longq - 1);
	longq[sizeof longq - 1] = '\0';
	assert_int_equal(try_search(f, &f->officer, longq, 0, 0, &page, &err),
	                 CWYN_ERANGE);
	assert_string_equal(err.field, "query");
	/* Exactly the limit is fine. */
	longq[STORE_SEARCH_QUERY_MAX] = '\0';
	assert_int_equal(try_search(f, &f->officer, longq, 0, 0, &page, &err),
	                 CWYN_OK);
	assert_int_equal(page.n, 0);
	char many[256] = "";
	for (int i = 0; i <= STORE_SEARCH_WORDS_MAX; i++)
		strcat(many, "ab ");
	assert_int_equal(try_search(f, &f->officer, many, 0, 0, &page, &err),
	                 CWYN_ERANGE);
	assert_string_equal(err.field, "query");
	assert_int_equal(try_search(f, &f->officer, "huw", 101, 0, &page,
	                            &err),
	                 CWYN_ERANGE);
	assert_string_equal(err.field, "limit");
	/* Refused searches leave no trace; the good one left one entry. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"),
	                 audits + 1);
}

/* ---- Keeping the index in step -------------------------------------------------- */

static void reindexed_after_route(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Huw Bevan", .summary = "Hen gwyn"};
	int64_t ia = add_case(f, &f->officer, &a);
	assert_string_equal(found(f, &f->officer, "hen"), ids(ia, 0));
	char facts[1024];
	facts_with(facts, sizeof facts, "Cwyn newydd am yr ysgol",
	           "Heddlu Gwent");
	struct app_ctx ctx = ctx_as(f, &f->officer);
	struct app_case_ref ref;
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_route(&ctx, "CP-2027-00001", 0, facts,
	                              strlen(facts), &ref, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "route: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	assert_string_equal(found(f, &f->officer, "hen"), "");
	assert_string_equal(found(f, &f->officer, "newydd"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "gwent"), ids(ia, 0));
	assert_string_equal(found(f, &f->officer, "bevan"), ids(ia, 0));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM case_search"), 1);
}

static void reindex_rebuilds_lost_rows(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Huw Bevan", .summary = "Ysgol"};
	int64_t ia = add_case(f, &f->officer, &a);
	add_case(f, &f->b_officer, &a);
	struct cwyn_error err = {0};
	assert_int_equal(db_exec_script(f->db, "DELETE FROM case_search", &err),
	                 CWYN_OK);
	assert_string_equal(found(f, &f->officer, "bevan"), "");
	struct app_ctx ctx = ctx_as(f, &f->officer);
	size_t n = 0;
	assert_int_equal(app_search_reindex(&ctx, &n, &err), CWYN_OK);
	assert_int_equal(n, 1); /* only the actor's authority */
	assert_string_equal(found(f, &f->officer, "bevan"), ids(ia, 0));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM case_search"), 1);
	ctx = ctx_as(f, &f->auditor);
	assert_int_equal(app_search_reindex(&ctx, &n, &err), CWYN_EFORBIDDEN);
}

/* ---- Audit ----------------------------------------------------------------------- */

static int copy_text(void *vctx, const struct db_value *cols, size_t n)
{
	char *out = vctx;
	if (n > 0 && cols[0].type == DB_TEXT)
		snprintf(out, 512, "%s", cols[0].s);
	return 1;
}

static void searches_audited_without_words(void **state)
{
	struct fixture *f = *state;
	struct new_case a = {.name = "Gwenllian Dŵr", .summary = "Ysgol"};
	int64_t ia = add_case(f, &f->officer, &a);
	int64_t audits = count(f, "SELECT COUNT(*) FROM audit_log");
	assert_string_equal(found(f, &f->officer, "Gwenllian"), ids(ia, 0));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"),
	                 audits + 1);
	char detail[512] = "", actor[512] = "";
	struct cwyn_error err = {0};
	assert_int_equal(db_query(f->db,
	                          "SELECT detail FROM audit_log"
	                          " WHERE action = 'case.search'",
	                          NULL, 0, copy_text, detail, &err),
	                 CWYN_OK);
	assert_int_equal(db_query(f->db,
	                          "SELECT actor FROM audit_log"
	                          " WHERE action = 'case.search'",
	                          NULL, 0, copy_text, actor, &err),
	                 CWYN_OK);
	assert_string_equal(actor, "olwen");
	assert_null(strstr(detail, "wenllian"));
	assert_null(strstr(detail, "WENLLIAN"));
	char h1[APP_SEARCH_HASH_SIZE], h2[APP_SEARCH_HASH_SIZE];
	assert_int_equal(app_search_hash(f->auth_a, "Gwenllian", h1, &err),
	                 CWYN_OK);
	assert_int_equal(strlen(h1), 64);
	assert_non_null(strstr(detail, h1));
	assert_non_null(strstr(detail, "\"shown\":1"));
	/* The same search, however typed, hashes the same; another
	 * authority's, or other words, do not. */
	assert_int_equal(app_search_hash(f->auth_a, "  GWENLLIAN ", h2, &err),
	                 CWYN_OK);
	assert_string_equal(h1, h2);
	assert_int_equal(app_search_hash(f->auth_a, "dŵr", h1, &err), CWYN_OK);
	assert_int_equal(app_search_hash(f->auth_a, "DWR", h2, &err), CWYN_OK);
	assert_string_equal(h1, h2);
	assert_int_equal(app_search_hash(f->auth_b, "dwr", h2, &err), CWYN_OK);
	assert_string_not_equal(h1, h2);
	assert_int_equal(app_search_hash(f->auth_a, "dwr*", h2, &err),
	                 CWYN_OK);
	assert_string_not_equal(h1, h2);
	struct audit_report r;
	assert_int_equal(audit_verify(f->db, &r, &err), CWYN_OK);
	assert_int_equal(r.kind, AUDIT_OK);
}

static void normalised_form(void **state)
{
	(void)state;
	char out[STORE_SEARCH_NORM_SIZE];
	struct cwyn_error err = {0};
	assert_int_equal(store_search_normalise("  Dŵr  \"GWYLIAU’R Banc\"* "
	                                        "cp-2026-00042 ty*",
	                                        out, sizeof out, &err),
	                 CWYN_OK);
	assert_string_equal(out,
	                    "dwr \"gwyliau r banc\"* \"cp 2026 00042\" ty*");
}

#define SEARCH_TESTS(setup)                                                  \
	{                                                                    \
	    cmocka_unit_test_setup_teardown(welsh_folded_both_ways, setup,   \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(indexed_fields, setup, teardown),\
	    cmocka_unit_test_setup_teardown(phrase_and_prefix, setup,        \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(other_authority_never_found,     \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(restricted_only_for_named_users, \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(investigators_only_assigned,     \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(administrators_may_not_search,   \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(paging_skips_hidden_cases,       \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(injection_is_only_text, setup,   \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(empty_and_long_queries_refused,  \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(reindexed_after_route, setup,    \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(reindex_rebuilds_lost_rows,      \
	                                    setup, teardown),                \
	    cmocka_unit_test_setup_teardown(searches_audited_without_words,  \
	                                    setup, teardown),                \
	    cmocka_unit_test(normalised_form),                               \
	}

int main(void)
{
	const struct CMUnitTest sqlite_tests[] = SEARCH_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = SEARCH_TESTS(setup_pg);
	return TEST_DB_RUN_BOTH("search", sqlite_tests, pg_tests);
}
