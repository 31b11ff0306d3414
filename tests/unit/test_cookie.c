/*
 * test_cookie.c — Cookie header parsing (junk skipped, caps enforced) and
 * the Set-Cookie builder (flags always right, bad input refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/cookie.h"

static enum cwyn_code parse(struct arena *a, const char *s,
                            struct web_pair **p, size_t *n)
{
	return cookie_parse(a, s, strlen(s), &cookie_limits_default, p, n, NULL);
}

static void parses_cookie_string(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_pair *p;
	size_t n;
	assert_int_equal(parse(&a, "sid=abc123; lang=cy;theme=\"dark\"", &p, &n),
	                 CWYN_OK);
	assert_int_equal(n, 3);
	assert_string_equal(web_pair_get(p, n, "sid"), "abc123");
	assert_string_equal(web_pair_get(p, n, "lang"), "cy");
	assert_string_equal(web_pair_get(p, n, "theme"), "dark");
	assert_int_equal(parse(&a, "", &p, &n), CWYN_OK);
	assert_int_equal(n, 0);
	arena_free(&a);
}

static void skips_junk_without_failing(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_pair *p;
	size_t n;
	assert_int_equal(parse(&a, "junk; =x; a b=1; c=\x01; d=va\"l; e=a,b; "
	                           "f=a\\b; ok=yes; ;;",
	                       &p, &n), CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "ok");
	assert_string_equal(p[0].value, "yes");
	arena_free(&a);
}

static void enforces_caps(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_pair *p;
	size_t n;
	char big[9000];
	memset(big, 'a', sizeof big - 1);
	big[0] = 'x', big[1] = '=';
	big[sizeof big - 1] = '\0';
	assert_int_equal(parse(&a, big, &p, &n), CWYN_ERANGE);
	char many[400] = "";
	for (int i = 0; i < 51; i++)
		strcat(many, "a=1;");
	assert_int_equal(parse(&a, many, &p, &n), CWYN_ERANGE);
	/* An over-long single value is junk, not fatal. */
	struct cookie_limits lim = cookie_limits_default;
	lim.max_value = 3;
	assert_int_equal(cookie_parse(&a, "a=1234; b=12", 12, &lim, &p, &n, NULL),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "b");
	arena_free(&a);
}

static void builds_set_cookie(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	char *out;
	struct cookie_attrs at = {.max_age = 3600, .secure = true};
	assert_int_equal(cookie_build(&a, "sid", "tok-EN_1", &at, &out, NULL),
	                 CWYN_OK);
	assert_string_equal(out, "sid=tok-EN_1; Path=/; Max-Age=3600; HttpOnly; "
	                         "SameSite=Strict; Secure");
	at = (struct cookie_attrs){.max_age = -1, .secure = false};
	assert_int_equal(cookie_build(&a, "lang", "cy", &at, &out, NULL), CWYN_OK);
	assert_string_equal(out, "lang=cy; Path=/; HttpOnly; SameSite=Strict");
	at.max_age = 0;
	assert_int_equal(cookie_build(&a, "sid", "", &at, &out, NULL), CWYN_OK);
	assert_non_null(strstr(out, "Max-Age=0"));
	struct cwyn_error err = {0};
	assert_int_equal(cookie_build(&a, "bad name", "x", &at, &out, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "cookie.name");
	assert_int_equal(cookie_build(&a, "a", "x; Domain=evil", &at, &out, &err),
	                 CWYN_EINVAL);
	assert_int_equal(cookie_build(&a, "a", "x\r\nSet-Cookie: b=1", &at, &out,
	                              &err), CWYN_EINVAL);
	assert_int_equal(cookie_build(&a, "__Host-sid", "x", &at, &out, &err),
	                 CWYN_EINVAL);
	at.secure = true;
	assert_int_equal(cookie_build(&a, "__Host-sid", "x", &at, &out, &err),
	                 CWYN_OK);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_cookie_string),
		cmocka_unit_test(skips_junk_without_failing),
		cmocka_unit_test(enforces_caps),
		cmocka_unit_test(builds_set_cookie),
	};
	return cmocka_run_group_tests_name("cookie", tests, NULL, NULL);
}
