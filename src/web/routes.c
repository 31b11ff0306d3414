/*
 * routes.c — the route table of `cwyn serve`. Patterns use {name} for a
 * path parameter. Flags: ROUTE_NEEDS_AUTH for anything behind sign-in,
 * ROUTE_CSRF_EXEMPT only with a reason in a comment.
 */
#include "web/routes.h"

#include "web/handlers_system.h"

const struct web_route web_routes[] = {
	{WEB_GET, "/healthz", handle_healthz, 0},
	{WEB_GET, "/metrics", handle_metrics, 0},
	{WEB_GET, "/api/v1/ping", handle_ping, 0},
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
