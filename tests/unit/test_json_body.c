/*
 * test_json_body.c — JSON request bodies: objects only, duplicates and
 * depth bombs refused, errors with line and column and no echoed input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "web/json_body.h"

static enum cwyn_code parse(const char *s, json_t **out,
                            struct cwyn_error *err)
{
	return json_body_parse(s, strlen(s), &json_body_limits_default, out, err);
}

static void accepts_an_object(void **state)
{
	(void)state;
	json_t *o;
	assert_int_equal(parse("{\"subject\": \"Cwyn\", \"n\": [1, {\"x\": null}]}",
	                       &o, NULL), CWYN_OK);
	assert_string_equal(json_string_value(json_object_get(o, "subject")),
	                    "Cwyn");
	json_decref(o);
}

static void malformed_reports_line_and_column(void **state)
{
	(void)state;
	json_t *o = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(parse("{\n  \"a\": 1,\n  \"b\": tru<script>\n}", &o, &err),
	                 CWYN_EINVAL);
	assert_null(o);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, "line 3"));
	assert_non_null(strstr(err.message, "column"));
	assert_null(strstr(err.message, "<script>"));
	assert_string_equal(err.field, "body");
}

static void refuses_duplicates_arrays_and_empties(void **state)
{
	(void)state;
	json_t *o = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(parse("{\"a\": 1, \"a\": 2}", &o, &err), CWYN_EINVAL);
	assert_non_null(strstr(err.message, "duplicate"));
	assert_int_equal(parse("{\"x\": {\"a\": 1, \"a\": 1}}", &o, NULL),
	                 CWYN_EINVAL);
	assert_int_equal(parse("[1, 2]", &o, &err), CWYN_EINVAL);
	assert_non_null(strstr(err.message, "object"));
	assert_int_equal(parse("", &o, NULL), CWYN_EINVAL);
	assert_int_equal(parse("{} {}", &o, NULL), CWYN_EINVAL);
	assert_int_equal(parse("{\"a\": \"\xff\"}", &o, NULL), CWYN_EINVAL);
	assert_int_equal(parse("{\"a\": \"\\u0000\"}", &o, NULL), CWYN_EINVAL);
	assert_int_equal(json_body_parse("{\"a\": 1}\0", 9,
	                                 &json_body_limits_default, &o, NULL),
	                 CWYN_EINVAL);
	assert_null(o);
}

static char *nest(int depth, const char *inner)
{
	size_t len = (size_t)depth * 6 + strlen(inner) + 1;
	char *s = malloc(len), *p = s;
	for (int i = 0; i < depth; i++)
		p += sprintf(p, "{\"a\":");
	p += sprintf(p, "%s", inner);
	for (int i = 0; i < depth; i++)
		*p++ = '}';
	*p = '\0';
	return s;
}

static void depth_limit(void **state)
{
	(void)state;
	json_t *o = NULL;
	char *ok = nest(32, "1");
	assert_int_equal(parse(ok, &o, NULL), CWYN_OK);
	json_decref(o);
	char *deep = nest(33, "1");
	struct cwyn_error err = {0};
	assert_int_equal(parse(deep, &o, &err), CWYN_ERANGE);
	assert_non_null(strstr(err.message, "32"));
	/* Brackets inside strings are not nesting. */
	char *strs = nest(30, "\"[[[[[[{{{{{{{{\\\"[[[[\"");
	assert_int_equal(parse(strs, &o, NULL), CWYN_OK);
	json_decref(o);
	free(ok);
	free(deep);
	free(strs);
	/* A depth bomb far past jansson's own limit is refused, not parsed. */
	size_t n = 500000;
	char *bomb = malloc(n + 1);
	bomb[0] = '{';
	memset(bomb + 1, '[', n - 1);
	bomb[n] = '\0';
	assert_int_equal(parse(bomb, &o, NULL), CWYN_ERANGE);
	free(bomb);
}

static void size_cap(void **state)
{
	(void)state;
	struct json_body_limits lim = {.max_size = 16, .max_depth = 32};
	json_t *o = NULL;
	assert_int_equal(json_body_parse("{\"a\": \"0123456\"}", 16, &lim, &o,
	                                 NULL), CWYN_OK);
	json_decref(o);
	assert_int_equal(json_body_parse("{\"a\": \"01234567\"}", 17, &lim, &o,
	                                 NULL), CWYN_ERANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_an_object),
		cmocka_unit_test(malformed_reports_line_and_column),
		cmocka_unit_test(refuses_duplicates_arrays_and_empties),
		cmocka_unit_test(depth_limit),
		cmocka_unit_test(size_cap),
	};
	return cmocka_run_group_tests_name("json_body", tests, NULL, NULL);
}
