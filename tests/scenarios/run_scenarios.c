/*
 * run_scenarios.c — the scenario suite: each file in tests/scenarios/ is a
 * complaint with the decision the specification says it must get, worked
 * out by hand (see README.md there and COVERAGE.md).
 *
 *   NAME.json        {"name", "source", "lang"?, "facts": {...},
 *                     "expect": {partial decision} | "expect_error": {...}}
 *   NAME.bad         raw bytes of a facts document that must be refused
 *   NAME.expect.json {"name", "source", "expect_error": {...}} for NAME.bad
 *
 * One cmocka test per file, found by reading $CWYN_SOURCE_ROOT/tests/
 * scenarios (disputed/ is not read). The expectation is partial:
 *   - objects match key by key, for the keys present in the expectation;
 *   - "matters" must have the same length and match element by element;
 *   - "deadlines" elements are matched by their "timescale";
 *   - other arrays of objects: each expected object matches some element;
 *   - an array of scalars must all be contained in the actual array, where
 *     an object element counts by its "rule", "contact", "timescale",
 *     "id" or "date" (so "reasons": ["CONF-SCOPE"] means "has that
 *     reason");
 *   - "!key": [scalars] means the actual "key" array contains none of them.
 * expect_error is {"field": path, "code": cwyn_code_name, "message"?:
 * substring}; the refusal may come from reading the facts or from deciding.
 * On a mismatch every differing path is printed with both values.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "app/facts_json.h"
#include "app/file_io.h"
#include "app/policy_file.h"
#include "core/triage.h"
#include "i18n/i18n.h"

#ifndef CWYN_SOURCE_ROOT
#define CWYN_SOURCE_ROOT "."
#endif

struct scenario {
	char name[256];
	char path[1300];        /* .json, or .bad */
	char expect_path[1300]; /* .expect.json for a .bad, else "" */
};

/* Loaded once for the whole group: the shipped Welsh default policy. */
static struct policy *g_policy;
static struct calendar *g_cal;

/* ---- Partial matching --------------------------------------------------- */

struct mismatch {
	const char *scenario;
	int count;
};

static void report(struct mismatch *mm, const char *path, const char *what,
                   const json_t *exp, const json_t *act)
{
	char *e = exp ? json_dumps(exp, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	char *a = act ? json_dumps(act, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	print_error("%s: at %s: %s\n    expected: %s\n    actual:   %.600s\n",
	            mm->scenario, path, what, e ? e : "(nothing)",
	            a ? a : "(missing)");
	free(e);
	free(a);
	mm->count++;
}

static bool is_scalar(const json_t *v)
{
	return !json_is_object(v) && !json_is_array(v);
}

/* Does an actual element stand for this expected scalar? */
static bool element_is(const json_t *elem, const json_t *scalar)
{
	if (is_scalar(elem))
		return json_equal((json_t *)elem, (json_t *)scalar);
	if (!json_is_object(elem))
		return false;
	static const char *const keys[] = {"rule", "contact", "timescale",
	                                   "id", "date"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *k = json_object_get(elem, keys[i]);
		if (k != NULL && json_equal(k, (json_t *)scalar))
			return true;
	}
	return false;
}

static bool array_has(const json_t *arr, const json_t *scalar)
{
	size_t i;
	json_t *e;
	json_array_foreach((json_t *)arr, i, e) {
		if (element_is(e, scalar))
			return true;
	}
	return false;
}

static void match(const json_t *exp, const json_t *act, const char *path,
                  const char *key, struct mismatch *mm);

/* Quiet probe: would exp match act? (for "some element matches") */
static bool matches_quietly(const json_t *exp, const json_t *act)
{
	if (json_is_object(exp)) {
		if (!json_is_object(act))
			return false;
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)exp, k, v) {
			if (k[0] == '!') {
				json_t *a = json_object_get(act, k + 1);
				size_t i;
				json_t *s;
				if (a == NULL)
					continue;
				json_array_foreach(v, i, s) {
					if (array_has(a, s))
						return false;
				}
				continue;
			}
			json_t *a = json_object_get(act, k);
			if (a == NULL || !matches_quietly(v, a))
				return false;
		}
		return true;
	}
	if (json_is_array(exp)) {
		if (!json_is_array(act))
			return false;
		size_t i;
		json_t *e;
		json_array_foreach((json_t *)exp, i, e) {
			if (is_scalar(e)) {
				if (!array_has(act, e))
					return false;
				continue;
			}
			bool found = false;
			size_t j;
			json_t *a;
			json_array_foreach((json_t *)act, j, a) {
				if (matches_quietly(e, a)) {
					found = true;
					break;
				}
			}
			if (!found)
				return false;
		}
		return true;
	}
	return json_equal((json_t *)exp, (json_t *)act);
}

static void match_array(const json_t *exp, const json_t *act,
                        const char *path, const char *key,
                        struct mismatch *mm)
{
	if (!json_is_array(act)) {
		report(mm, path, "expected an array", exp, act);
		return;
	}
	size_t i;
	json_t *e;
	char sub[512];
	if (key != NULL && strcmp(key, "matters") == 0) {
		if (json_array_size(exp) != json_array_size(act)) {
			snprintf(sub, sizeof sub, "expected %zu matters, got %zu",
			         json_array_size(exp), json_array_size(act));
			report(mm, path, sub, exp, act);
			return;
		}
		json_array_foreach((json_t *)exp, i, e) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			match(e, json_array_get(act, i), sub, NULL, mm);
		}
		return;
	}
	json_array_foreach((json_t *)exp, i, e) {
		snprintf(sub, sizeof sub, "%s[%zu]", path, i);
		if (is_scalar(e)) {
			if (!array_has(act, e))
				report(mm, path, "does not contain", e, act);
			continue;
		}
		json_t *ts = json_object_get(e, "timescale");
		if (key != NULL && strcmp(key, "deadlines") == 0 &&
		    json_is_string(ts)) {
			/* Deadlines are found by their timescale. */
			const json_t *first = NULL;
			bool ok = false;
			size_t j;
			json_t *a;
			json_array_foreach((json_t *)act, j, a) {
				if (!json_equal(json_object_get(a, "timescale"),
				                ts))
					continue;
				if (first == NULL)
					first = a;
				if (matches_quietly(e, a)) {
					ok = true;
					break;
				}
			}
			snprintf(sub, sizeof sub, "%s[timescale=%s]", path,
			         json_string_value(ts));
			if (first == NULL)
				report(mm, sub, "no deadline with this timescale",
				       e, act);
			else if (!ok)
				match(e, first, sub, NULL, mm);
			continue;
		}
		bool found = false;
		size_t j;
		json_t *a;
		json_array_foreach((json_t *)act, j, a) {
			if (matches_quietly(e, a)) {
				found = true;
				break;
			}
		}
		if (!found)
			report(mm, sub, "no element matches", e, act);
	}
}

static void match(const json_t *exp, const json_t *act, const char *path,
                  const char *key, struct mismatch *mm)
{
	if (act == NULL) {
		report(mm, path, "missing", exp, NULL);
		return;
	}
	if (json_is_array(exp)) {
		match_array(exp, act, path, key, mm);
		return;
	}
	if (!json_is_object(exp)) {
		if (!json_equal((json_t *)exp, (json_t *)act))
			report(mm, path, "differs", exp, act);
		return;
	}
	if (!json_is_object(act)) {
		report(mm, path, "expected an object", exp, act);
		return;
	}
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)exp, k, v) {
		char sub[512];
		if (k[0] == '!') {
			snprintf(sub, sizeof sub, "%s.%s", path, k + 1);
			json_t *a = json_object_get(act, k + 1);
			size_t i;
			json_t *s;
			if (a == NULL)
				continue;
			json_array_foreach(v, i, s) {
				if (array_has(a, s))
					report(mm, sub, "must not contain", s,
					       a);
			}
			continue;
		}
		snprintf(sub, sizeof sub, "%s.%s", path, k);
		match(v, json_object_get(act, k), sub, k, mm);
	}
}

/* ---- Running one scenario ----------------------------------------------- */

static json_t *load_json(const char *path)
{
	json_error_t je;
	json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	if (j == NULL)
		fail_msg("%s: line %d: %s", path, je.line, je.text);
	return j;
}

static void check_error(const char *name, const json_t *want,
                        enum cwyn_code rc, const struct cwyn_error *err)
{
	const char *field = json_string_value(json_object_get(want, "field"));
	const char *code = json_string_value(json_object_get(want, "code"));
	const char *msg = json_string_value(json_object_get(want, "message"));
	if (rc == CWYN_OK)
		fail_msg("%s: expected the facts to be refused (%s at %s), "
		         "but they were accepted",
		         name, code ? code : "?", field ? field : "?");
	print_message("%s: refused: %s: %s: %s\n", name,
	              cwyn_code_name(rc), err->field, err->message);
	if (code != NULL)
		assert_string_equal(cwyn_code_name(rc), code);
	if (field != NULL)
		assert_string_equal(err->field, field);
	if (msg != NULL && strstr(err->message, msg) == NULL)
		fail_msg("%s: message \"%s\" does not contain \"%s\"", name,
		         err->message, msg);
}

static void run_scenario(void **state)
{
	const struct scenario *sc = *state;
	json_t *doc = load_json(sc->expect_path[0] ? sc->expect_path
	                                            : sc->path);
	assert_non_null(doc);
	const char *name = json_string_value(json_object_get(doc, "name"));
	const char *source = json_string_value(json_object_get(doc, "source"));
	if (name == NULL || name[0] == '\0' || source == NULL ||
	    source[0] == '\0')
		fail_msg("%s: a scenario needs a \"name\" and a \"source\" "
		         "naming the clause it tests", sc->name);
	json_t *expect = json_object_get(doc, "expect");
	json_t *expect_error = json_object_get(doc, "expect_error");
	if ((expect == NULL) == (expect_error == NULL))
		fail_msg("%s: give exactly one of \"expect\" and "
		         "\"expect_error\"", sc->name);
	enum language lang = LANG_EN;
	json_t *jl = json_object_get(doc, "lang");
	if (jl != NULL && !language_from_name(json_string_value(jl), &lang))
		fail_msg("%s: lang must be en or cy", sc->name);

	char *text = NULL;
	size_t len = 0;
	struct cwyn_error err = {0};
	if (sc->expect_path[0]) {
		assert_int_equal(file_read_all(sc->path, CWYN_INPUT_MAX, &text,
		                               &len, &err),
		                 CWYN_OK);
	} else {
		json_t *facts = json_object_get(doc, "facts");
		if (facts == NULL)
			fail_msg("%s: no \"facts\"", sc->name);
		text = json_dumps(facts, JSON_PRESERVE_ORDER | JSON_COMPACT);
		assert_non_null(text);
		len = strlen(text);
	}

	struct arena arena;
	arena_init(&arena, 0);
	struct facts f;
	facts_init(&f);
	struct facts before = f;
	enum cwyn_code rc = facts_from_json(text, len, &arena, &f, &err);
	struct decision *d = NULL;
	if (rc != CWYN_OK) {
		/* Nothing is returned on failure. */
		assert_memory_equal(&f, &before, sizeof f);
	} else {
		rc = triage_decide(&f, g_policy, g_cal, &d, &err);
	}
	if (expect_error != NULL) {
		check_error(sc->name, expect_error, rc, &err);
	} else {
		if (rc != CWYN_OK)
			fail_msg("%s: refused: %s: %s: %s", sc->name,
			         cwyn_code_name(rc), err.field, err.message);
		json_t *actual = decision_to_json(d, g_policy, lang);
		assert_non_null(actual);
		struct mismatch mm = {sc->name, 0};
		match(expect, actual, "$", NULL, &mm);
		if (mm.count > 0) {
			char *all = json_dumps(actual, JSON_INDENT(1) |
			                                   JSON_PRESERVE_ORDER);
			print_message("%s: whole decision:\n%s\n", sc->name,
			              all ? all : "?");
			free(all);
		}
		json_decref(actual);
		if (mm.count > 0)
			fail_msg("%s: %d difference(s) from the expected "
			         "decision",
			         sc->name, mm.count);
	}
	if (d != NULL)
		decision_free(d);
	arena_free(&arena);
	free(text);
	json_decref(doc);
}

/* ---- Discovery ---------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct scenario *)a)->name,
	              ((const struct scenario *)b)->name);
}

/* A .bad file without its .expect.json, or the other way round, is a
 * broken scenario: report it as a failing test rather than skip it. */
static void orphan(void **state)
{
	const struct scenario *sc = *state;
	fail_msg("%s: a .bad file needs a NAME.expect.json next to it, and "
	         "a NAME.expect.json needs its NAME.bad",
	         sc->name);
}

static int group_setup(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	i18n_init(NULL, NULL);
	if (policy_load_with_calendar(NULL, &g_policy, &g_cal, &err) !=
	    CWYN_OK) {
		fprintf(stderr, "cannot load the default policy: %s: %s\n",
		        err.field, err.message);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	if (g_cal)
		calendar_free(g_cal);
	if (g_policy)
		policy_free(g_policy);
	return 0;
}

static bool file_exists(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f)
		fclose(f);
	return f != NULL;
}

int main(int argc, char **argv)
{
	const char *root = getenv("CWYN_SOURCE_ROOT");
	if (root == NULL)
		root = CWYN_SOURCE_ROOT;
	const char *filter = argc > 1 ? argv[1] : NULL;
	char dir[900];
	snprintf(dir, sizeof dir, "%s/tests/scenarios", root);
	DIR *dh = opendir(dir);
	if (dh == NULL) {
		fprintf(stderr, "cannot open %s\n", dir);
		return 1;
	}
	size_t n = 0, cap = 64;
	struct scenario *scs = calloc(cap, sizeof *scs);
	struct dirent *de;
	while (scs != NULL && (de = readdir(dh)) != NULL) {
		const char *fn = de->d_name;
		bool bad = ends_with(fn, ".bad");
		bool expect = ends_with(fn, ".expect.json");
		if (!bad && !expect && !ends_with(fn, ".json"))
			continue;
		if (filter && strstr(fn, filter) == NULL)
			continue;
		if (n == cap) {
			struct scenario *ns =
			    realloc(scs, 2 * cap * sizeof *scs);
			if (ns == NULL)
				break;
			memset(ns + cap, 0, cap * sizeof *ns);
			scs = ns;
			cap *= 2;
		}
		struct scenario *sc = &scs[n];
		snprintf(sc->name, sizeof sc->name, "%s", fn);
		snprintf(sc->path, sizeof sc->path, "%s/%s", dir, fn);
		sc->expect_path[0] = '\0';
		size_t stem = strlen(fn) - (bad ? 4 : expect ? 12 : 0);
		if (bad) {
			snprintf(sc->expect_path, sizeof sc->expect_path,
			         "%s/%.*s.expect.json", dir, (int)stem, fn);
		} else if (expect) {
			/* Only an orphan .expect.json becomes a test. */
			char badp[1300];
			snprintf(badp, sizeof badp, "%s/%.*s.bad", dir,
			         (int)stem, fn);
			if (file_exists(badp))
				continue;
			sc->expect_path[0] = '!';
		}
		if (bad && !file_exists(sc->expect_path))
			sc->expect_path[0] = '!';
		n++;
	}
	closedir(dh);
	if (scs == NULL)
		return 1;
	qsort(scs, n, sizeof *scs, by_name);
	struct CMUnitTest *tests = calloc(n ? n : 1, sizeof *tests);
	if (tests == NULL)
		return 1;
	for (size_t i = 0; i < n; i++) {
		bool broken = scs[i].expect_path[0] == '!';
		tests[i].name = scs[i].name;
		tests[i].test_func = broken ? orphan : run_scenario;
		tests[i].initial_state = &scs[i];
	}
	int rc = _cmocka_run_group_tests("scenarios", tests, n, group_setup,
	                                 group_teardown);
	free(tests);
	free(scs);
	i18n_shutdown();
	return rc;
}
