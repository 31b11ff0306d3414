/*
 * router.h — the route table and path matching.
 *
 * A route is {method, pattern, handler, flags}. Patterns are absolute
 * paths whose segments are literal or {name}; {name} captures exactly one
 * non-empty decoded segment, read with web_request_param(req, "name").
 *
 * Raw paths are decoded here with strict rules: invalid escapes, encoded
 * '/' or '\', NUL and control characters, invalid UTF-8 and "." or ".."
 * segments are refused (400), and paths longer than ROUTER_MAX_PATH are
 * refused (414), before any route is looked at.
 */
#ifndef CWYN_WEB_ROUTER_H
#define CWYN_WEB_ROUTER_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "web/request.h"

#define ROUTER_MAX_PATH 1024

enum route_flags {
	ROUTE_NEEDS_AUTH = 1u << 0,   /* a signed-in user is required */
	ROUTE_CSRF_EXEMPT = 1u << 1,  /* unsafe method without CSRF token */
	ROUTE_CACHEABLE = 1u << 2,    /* no Cache-Control: no-store (assets) */
};

typedef void (*web_handler)(struct web_request *req);

struct web_route {
	enum web_method method;
	const char *pattern;
	web_handler handler;
	unsigned flags;
};

enum router_result {
	ROUTER_MATCH,
	ROUTER_NOT_FOUND,
	ROUTER_METHOD_NOT_ALLOWED,
};

/*
 * Decode and check the raw path (without the query). CWYN_EINVAL for bad
 * input, CWYN_ERANGE when too long.
 */
enum cwyn_code router_decode_path(struct arena *a, const char *raw,
                                  size_t len, char **path,
                                  struct cwyn_error *err);

/*
 * Find the route for method and decoded path. On ROUTER_MATCH *route is
 * set and params are captured into req->params. On ROUTER_METHOD_NOT_ALLOWED
 * *allow is a bit set of the methods that do match (1u << enum web_method).
 * HEAD matches GET routes.
 */
enum router_result router_match(const struct web_route *routes, size_t n,
                                struct web_request *req,
                                const struct web_route **route,
                                unsigned *allow);

/* "GET, HEAD, POST" for an allow bit set, in the arena. */
char *router_allow_header(struct arena *a, unsigned allow);

/* Check a table at start-up: patterns well formed, params within limits. */
enum cwyn_code router_check(const struct web_route *routes, size_t n,
                            struct cwyn_error *err);

#endif
