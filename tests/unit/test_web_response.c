/*
 * test_web_response.c — response helpers without sockets: the error body
 * shape, the code→status table, security headers, language choice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/response.h"

static void error_body_has_one_shape(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_request req = {.arena = &a};
	respond_error(&req, 400, "invalid_input", "must be a date",
	              "matters[0].subject");
	assert_true(req.response.set);
	assert_int_equal(req.response.status, 400);
	json_t *o = json_loadb(req.response.body, req.response.len, 0, NULL);
	assert_non_null(o);
	json_t *e = json_object_get(o, "error");
	assert_string_equal(json_string_value(json_object_get(e, "code")),
	                    "invalid_input");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
	                    "must be a date");
	assert_string_equal(json_string_value(json_object_get(e, "field")),
	                    "matters[0].subject");
	json_decref(o);
	arena_free(&a);
}

static void codes_map_to_statuses(void **state)
{
	(void)state;
	assert_int_equal(web_status_for_code(CWYN_EINVAL), 400);
	assert_int_equal(web_status_for_code(CWYN_ERANGE), 400);
	assert_int_equal(web_status_for_code(CWYN_ENOTFOUND), 404);
	assert_int_equal(web_status_for_code(CWYN_ECONFLICT), 409);
	assert_int_equal(web_status_for_code(CWYN_ESTATE), 409);
	assert_int_equal(web_status_for_code(CWYN_EFORBIDDEN), 403);
	assert_int_equal(web_status_for_code(CWYN_EDB), 500);
	assert_int_equal(web_status_for_code(CWYN_ENOMEM), 503);
	assert_int_equal(web_status_for_code(CWYN_CODE__MAX), 500);

	/* Server-side errors do not leak their internal message. */
	struct arena a;
	arena_init(&a, 0);
	struct web_request req = {.arena = &a};
	struct cwyn_error err = {0};
	cwyn_fail(&err, CWYN_EDB, "cases", "SQL error near SELECT secret");
	respond_cwyn_error(&req, &err);
	assert_int_equal(req.response.status, 500);
	assert_null(strstr(req.response.body, "SELECT"));
	assert_non_null(strstr(req.response.body, "database_error"));
	arena_free(&a);
}

static void security_headers_on_every_response(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_request req = {.arena = &a};
	respond_text(&req, 404, NULL, "x", 1);
	struct web_pair h[32];
	size_t n = web_response_headers(&req, false, h, 32);
	assert_non_null(strstr(web_pair_get(h, n, "Content-Security-Policy"),
	                       "frame-ancestors 'none'"));
	assert_string_equal(web_pair_get(h, n, "X-Frame-Options"), "DENY");
	assert_string_equal(web_pair_get(h, n, "X-Content-Type-Options"), "nosniff");
	assert_string_equal(web_pair_get(h, n, "Referrer-Policy"), "no-referrer");
	assert_non_null(web_pair_get(h, n, "Permissions-Policy"));
	assert_string_equal(web_pair_get(h, n, "Cache-Control"), "no-store");
	assert_null(web_pair_get(h, n, "Strict-Transport-Security"));
	req.secure = true;
	n = web_response_headers(&req, true, h, 32);
	assert_non_null(web_pair_get(h, n, "Strict-Transport-Security"));
	assert_null(web_pair_get(h, n, "Cache-Control"));
	arena_free(&a);
}

static void accept_language(void **state)
{
	(void)state;
	assert_int_equal(web_accept_language("cy"), LANG_CY);
	assert_int_equal(web_accept_language("cy-GB,cy;q=0.9,en;q=0.8"), LANG_CY);
	assert_int_equal(web_accept_language("en-GB,en;q=0.9,cy;q=0.8"), LANG_EN);
	assert_int_equal(web_accept_language("fr, cy;q=0.5"), LANG_CY);
	assert_int_equal(web_accept_language("en;q=0.4, CY;q=0.6"), LANG_CY);
	assert_int_equal(web_accept_language("cy;q=0"), LANG_EN);
	assert_int_equal(web_accept_language("cy;q=2"), LANG_EN);
	assert_int_equal(web_accept_language("de"), LANG_EN);
	assert_int_equal(web_accept_language(""), LANG_EN);

	struct web_pair q[] = {{"lang", "cy"}};
	struct web_pair c[] = {{"lang", "en"}};
	struct web_pair hdr[] = {{"accept-language", "cy"}};
	struct web_request req = {.headers = hdr, .nheaders = 1};
	assert_int_equal(web_request_choose_language(&req), LANG_CY);
	req.cookies = c, req.ncookies = 1;
	assert_int_equal(web_request_choose_language(&req), LANG_EN);
	req.query = q, req.nquery = 1;
	assert_int_equal(web_request_choose_language(&req), LANG_CY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_body_has_one_shape),
		cmocka_unit_test(codes_map_to_statuses),
		cmocka_unit_test(security_headers_on_every_response),
		cmocka_unit_test(accept_language),
	};
	return cmocka_run_group_tests_name("web_response", tests, NULL, NULL);
}
