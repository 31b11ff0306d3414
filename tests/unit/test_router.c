/*
 * test_router.c — strict path decoding (traversal, encoded slashes, NUL,
 * invalid UTF-8, length) and route matching (params, 404, 405 + Allow).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "web/router.h"

static void h_dummy(struct web_request *req)
{
	(void)req;
}

static const struct web_route routes[] = {
	{WEB_GET, "/healthz", h_dummy, 0},
	{WEB_GET, "/api/v1/cases/{id}", h_dummy, 0},
	{WEB_PATCH, "/api/v1/cases/{id}", h_dummy, 0},
	{WEB_GET, "/api/v1/cases/{id}/matters/{n}", h_dummy, 0},
	{WEB_POST, "/api/v1/cases", h_dummy, 0},
};
#define NROUTES (sizeof routes / sizeof routes[0])

static enum cwyn_code decode(struct arena *a, const char *raw, char **out)
{
	return router_decode_path(a, raw, strlen(raw), out, NULL);
}

static void decodes_good_paths(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	char *p;
	assert_int_equal(decode(&a, "/api/v1/cases/CWYN-2026-0001", &p), CWYN_OK);
	assert_string_equal(p, "/api/v1/cases/CWYN-2026-0001");
	assert_int_equal(decode(&a, "/caf%C3%A9/a+b", &p), CWYN_OK);
	assert_string_equal(p, "/caf\xc3\xa9/a+b"); /* '+' stays in paths */
	assert_int_equal(decode(&a, "/", &p), CWYN_OK);
	assert_int_equal(decode(&a, "/a..b/.c", &p), CWYN_OK);
	arena_free(&a);
}

static void refuses_bad_paths(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd",
	    "/%2e%2e%2fetc%2fpasswd", "/a/%2E%2E", "/a/./b", "/a/.", "/..",
	    "/a%2fb", "/a%2Fb", "/a%5cb", "/a%00b", "/a%0ab", "/%ff",
	    "/%c0%ae%c0%ae/", "/%", "/%zz", "relative", "", "*",
	};
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *p;
		struct cwyn_error err = {0};
		enum cwyn_code rc = router_decode_path(&a, bad[i], strlen(bad[i]),
		                                       &p, &err);
		if (rc != CWYN_EINVAL)
			fail_msg("accepted %s", bad[i]);
		assert_string_equal(err.field, "path");
	}
	char longp[ROUTER_MAX_PATH + 2];
	memset(longp, 'a', sizeof longp - 1);
	longp[0] = '/';
	longp[sizeof longp - 1] = '\0';
	char *p;
	assert_int_equal(decode(&a, longp, &p), CWYN_ERANGE);
	longp[ROUTER_MAX_PATH] = '\0';
	assert_int_equal(decode(&a, longp, &p), CWYN_OK);
	arena_free(&a);
}

static enum router_result match(struct arena *a, enum web_method m,
                                const char *path, struct web_request *req,
                                unsigned *allow)
{
	memset(req, 0, sizeof *req);
	req->arena = a;
	req->method = m;
	req->path = path;
	const struct web_route *r;
	return router_match(routes, NROUTES, req, &r, allow);
}

static void matches_routes_and_params(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_request req;
	unsigned allow;
	assert_int_equal(match(&a, WEB_GET, "/api/v1/cases/42/matters/3", &req,
	                       &allow), ROUTER_MATCH);
	assert_ptr_equal(req.route, &routes[3]);
	assert_string_equal(web_request_param(&req, "id"), "42");
	assert_string_equal(web_request_param(&req, "n"), "3");
	assert_int_equal(match(&a, WEB_PATCH, "/api/v1/cases/7", &req, &allow),
	                 ROUTER_MATCH);
	assert_ptr_equal(req.route, &routes[2]);
	assert_string_equal(web_request_param(&req, "id"), "7");
	/* HEAD is answered by the GET route. */
	assert_int_equal(match(&a, WEB_HEAD, "/healthz", &req, &allow),
	                 ROUTER_MATCH);
	arena_free(&a);
}

static void not_found_and_method_not_allowed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct web_request req;
	unsigned allow;
	assert_int_equal(match(&a, WEB_GET, "/api/v1/nothing", &req, &allow),
	                 ROUTER_NOT_FOUND);
	assert_int_equal(match(&a, WEB_GET, "/healthz/", &req, &allow),
	                 ROUTER_NOT_FOUND);
	assert_int_equal(match(&a, WEB_GET, "/api/v1/cases//matters/1", &req,
	                       &allow), ROUTER_NOT_FOUND);
	assert_int_equal(match(&a, WEB_DELETE, "/api/v1/cases/9", &req, &allow),
	                 ROUTER_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(&a, allow), "GET, HEAD, PATCH");
	assert_int_equal(match(&a, WEB_METHOD_OTHER, "/healthz", &req, &allow),
	                 ROUTER_METHOD_NOT_ALLOWED);
	assert_string_equal(router_allow_header(&a, allow), "GET, HEAD");
	arena_free(&a);
}

static void checks_tables(void **state)
{
	(void)state;
	assert_int_equal(router_check(routes, NROUTES, NULL), CWYN_OK);
	const struct web_route dup[] = {
		{WEB_GET, "/a", h_dummy, 0},
		{WEB_GET, "/a", h_dummy, 0},
	};
	assert_int_equal(router_check(dup, 2, NULL), CWYN_EINTERNAL);
	const struct web_route rel[] = {{WEB_GET, "a", h_dummy, 0}};
	assert_int_equal(router_check(rel, 1, NULL), CWYN_EINTERNAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_good_paths),
		cmocka_unit_test(refuses_bad_paths),
		cmocka_unit_test(matches_routes_and_params),
		cmocka_unit_test(not_found_and_method_not_allowed),
		cmocka_unit_test(checks_tables),
	};
	return cmocka_run_group_tests_name("router", tests, NULL, NULL);
}
