/*
 * test_form.c — the urlencoded parser: decoding, order and duplicates,
 * refusal of bad escapes, NUL and invalid UTF-8, and every cap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/form.h"

static enum cwyn_code parse(struct arena *a, const char *s,
                            struct web_pair **p, size_t *n,
                            struct cwyn_error *err)
{
	return form_parse(a, s, strlen(s), &form_limits_body, "form", p, n, err);
}

static void decodes_pairs_in_order_with_duplicates(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_pair *p;
	size_t n;
	assert_int_equal(parse(&a, "name=Bryn+Jones&tick=a&&tick=b&flag&"
	                           "town=Caerdydd%20%26%20Y+Fro&w=%C5%B5",
	                       &p, &n, NULL), CWYN_OK);
	assert_int_equal(n, 6);
	assert_string_equal(p[0].name, "name");
	assert_string_equal(p[0].value, "Bryn Jones");
	assert_string_equal(p[1].value, "a");
	assert_string_equal(p[2].name, "tick");
	assert_string_equal(p[2].value, "b");
	assert_string_equal(p[3].name, "flag");
	assert_string_equal(p[3].value, "");
	assert_string_equal(p[4].value, "Caerdydd & Y Fro");
	assert_string_equal(p[5].value, "\xc5\xb5"); /* ŵ */
	assert_string_equal(web_pair_get(p, n, "tick"), "a");
	assert_null(web_pair_get(p, n, "missing"));
	assert_int_equal(parse(&a, "", &p, &n, NULL), CWYN_OK);
	assert_int_equal(n, 0);
	arena_free(&a);
}

static void refuses_bad_escapes_nul_and_utf8(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "a=%",       "a=%4",        "a=%zz",      "a=%4g",  "%=1",
	    "a=%00",     "a%00=1",      "a=%ff",      "a=%c0%af", /* overlong / */
	    "a=%ed%a0%80", /* surrogate */ "a=%f4%90%80%80", /* > U+10FFFF */
	    "a=%e2%82",  /* truncated */  "=novalue",
	};
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct web_pair *p;
		size_t n;
		struct cwyn_error err = {0};
		if (parse(&a, bad[i], &p, &n, &err) != CWYN_EINVAL)
			fail_msg("accepted %s", bad[i]);
		assert_true(err.message[0] != '\0');
	}
	/* A raw NUL inside the declared length is refused too. */
	struct web_pair *p;
	size_t n;
	assert_int_equal(form_parse(&a, "a=1\0b=2", 7, &form_limits_body, "form",
	                            &p, &n, NULL), CWYN_EINVAL);
	arena_free(&a);
}

static void errors_name_the_field(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_pair *p;
	size_t n;
	struct cwyn_error err = {0};
	assert_int_equal(parse(&a, "ok=1&subject=%ff", &p, &n, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "subject");
	assert_non_null(strstr(err.message, "UTF-8"));
	arena_free(&a);
}

static void enforces_caps(void **state)
{
	(void)state;
	struct form_limits lim = {.max_pairs = 3, .max_name = 4, .max_value = 5,
	                          .max_total = 40};
	struct arena a;
	arena_init(&a, 0);
	struct web_pair *p;
	size_t n;
#define TRY(s) form_parse(&a, (s), strlen(s), &lim, "form", &p, &n, NULL)
	assert_int_equal(TRY("a=1&b=2&c=3"), CWYN_OK);
	assert_int_equal(TRY("a=1&b=2&c=3&d=4"), CWYN_ERANGE);
	assert_int_equal(TRY("abcd=1"), CWYN_OK);
	assert_int_equal(TRY("abcde=1"), CWYN_ERANGE);
	assert_int_equal(TRY("a=12345"), CWYN_OK);
	assert_int_equal(TRY("a=123456"), CWYN_ERANGE);
	/* Caps apply to decoded lengths: %41 is one byte. */
	assert_int_equal(TRY("a=%41%41%41%41%41"), CWYN_OK);
	assert_int_equal(TRY("a=1&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&&"),
	                 CWYN_ERANGE);
#undef TRY
	/* The default body cap on pairs is 200. */
	char big[2000] = "";
	for (int i = 0; i < 201; i++)
		strcat(big, "x=1&");
	assert_int_equal(parse(&a, big, &p, &n, NULL), CWYN_ERANGE);
	arena_free(&a);
}

static void arena_cap_is_out_of_memory_not_a_crash(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64);
	struct web_pair *p;
	size_t n;
	assert_int_equal(parse(&a, "aaaa=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb&c=dddddddddddddddddddddddddddddddddddddddddd",
	                       &p, &n, NULL), CWYN_ENOMEM);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_pairs_in_order_with_duplicates),
		cmocka_unit_test(refuses_bad_escapes_nul_and_utf8),
		cmocka_unit_test(errors_name_the_field),
		cmocka_unit_test(enforces_caps),
		cmocka_unit_test(arena_cap_is_out_of_memory_not_a_crash),
	};
	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}
