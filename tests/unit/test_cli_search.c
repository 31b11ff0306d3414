/*
 * test_cli_search.c — `cwyn search` run as a user would: the built binary
 * (CWYN_BIN) on a temporary SQLite database loaded with `cwyn demo`
 * (English and Welsh cases). Exit codes: 0 found (or nothing found),
 * 1 a refused query, 2 a usage error; messages in English and Welsh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/cli_run.h"

static char dir[64];
static char db[128];

/* Run `cwyn ARGS --db DB` in the temporary directory, stderr folded in. */
static void cwyn(struct cli_run *r, const char *lang, const char *args)
{
	char prefix[32], all[2048];
	snprintf(prefix, sizeof prefix, "CWYN_LANG=%s", lang);
	snprintf(all, sizeof all, "%s --db '%s'", args, db);
	cli_run(r, dir, prefix, all);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/cwyn-test-cli-search-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(db, sizeof db, "sqlite:%s/t.db", dir);
	struct cli_run r;
	cwyn(&r, "en", "demo");
	if (r.status != 0) {
		fprintf(stderr, "cwyn demo: %s\n", r.out);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The demo's Welsh case says "ar ôl i'r ysgol": found without accents,
 * and with them. */
static void finds_welsh_without_accents(void **state)
{
	(void)state;
	struct cli_run a, b;
	cwyn(&a, "en", "search 'ol ysgol'");
	assert_int_equal(a.status, 0);
	assert_non_null(strstr(a.out, "CP-"));
	cwyn(&b, "en", "search 'ÔL YSGOL'");
	assert_int_equal(b.status, 0);
	assert_string_equal(a.out, b.out);
	/* A prefix, and JSON. */
	cwyn(&a, "en", "search 'gwenll*' --json");
	assert_int_equal(a.status, 0);
	assert_non_null(strstr(a.out, "\"reference\": \"CP-"));
	assert_non_null(strstr(a.out, "\"query_hash\": \""));
	assert_non_null(strstr(a.out, "\"more\": false"));
}

static void nothing_found_is_not_an_error(void **state)
{
	(void)state;
	struct cli_run r;
	cwyn(&r, "en", "search 'zzzyx'");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "No case you may see matches"));
	cwyn(&r, "cy", "search 'zzzyx'");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Nid oes achos"));
}

static void pages_with_after(void **state)
{
	(void)state;
	struct cli_run r;
	cwyn(&r, "en", "search cp --limit 1");
	assert_int_equal(r.status, 0);
	char *more = strstr(r.out, "More: --after ");
	assert_non_null(more); /* 16 demo cases all have "cp" */
	long long after = atoll(more + strlen("More: --after "));
	assert_true(after > 0);
	char args[128];
	snprintf(args, sizeof args, "search cp --limit 100 --after %lld",
	         after);
	cwyn(&r, "en", args);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "More:"));
}

static void refused_queries(void **state)
{
	(void)state;
	struct cli_run r;
	cwyn(&r, "en", "search '\"'");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "query: give one or more words"));
	cwyn(&r, "cy", "search '*'");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "rhowch un gair neu ragor"));
	cwyn(&r, "en", "search 'g*'");
	assert_int_equal(r.status, 1);
	cwyn(&r, "en", "search x --limit 0");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "limit"));
	/* Injection attempts are words; the database is untouched. */
	cwyn(&r, "en", "search \"x'); DROP TABLE cases; --\"");
	assert_int_equal(r.status, 0);
	cwyn(&r, "en", "search cp --limit 100");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "CP-"));
}

static void usage_errors(void **state)
{
	(void)state;
	struct cli_run r;
	cwyn(&r, "en", "search");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.out, "Usage: cwyn search"));
	cwyn(&r, "en", "search one two");
	assert_int_equal(r.status, 2);
	cwyn(&r, "en", "search --bogus x");
	assert_int_equal(r.status, 2);
	cwyn(&r, "cy", "search");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.out, "Defnydd: cwyn search"));
}

static void reindex_and_hash(void **state)
{
	(void)state;
	struct cli_run r, h2;
	cwyn(&r, "en", "search --reindex");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Search index rebuilt: 16 case(s)."));
	/* The hash an auditor would compare with the log: the same however
	 * the words are typed. */
	cwyn(&r, "en", "search --hash 'Dŵr'");
	assert_int_equal(r.status, 0);
	assert_int_equal(strlen(r.out), 65); /* 64 hex digits and \n */
	cwyn(&h2, "en", "search --hash ' dwr '");
	assert_string_equal(r.out, h2.out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(finds_welsh_without_accents),
	    cmocka_unit_test(nothing_found_is_not_an_error),
	    cmocka_unit_test(pages_with_after),
	    cmocka_unit_test(refused_queries),
	    cmocka_unit_test(usage_errors),
	    cmocka_unit_test(reindex_and_hash),
	};
	return cmocka_run_group_tests_name("cli_search", tests, setup,
	                                   teardown);
}
