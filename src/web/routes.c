/*
 * routes.c — the route table of `cwyn serve`. Patterns use {name} for a
 * path parameter. Flags: ROUTE_NEEDS_AUTH for anything behind sign-in,
 * ROUTE_CSRF_EXEMPT only with a reason in a comment.
 */
#include "web/routes.h"

#include "web/handlers_system.h"
#include "web/pages/pages.h"

const struct web_route web_routes[] = {
	{WEB_GET, "/healthz", handle_healthz, 0},
	{WEB_GET, "/metrics", handle_metrics, 0},
	{WEB_GET, "/api/v1/ping", handle_ping, 0},
	{WEB_GET, "/", handle_home, 0},
	{WEB_GET, "/check", handle_check_start, 0},
	{WEB_GET, "/young-people", handle_young_people, 0},
	{WEB_GET, "/check/{step}", handle_check_step, 0},
	/* The public checker has no session and stores nothing: no CSRF token. */
	{WEB_POST, "/check/{step}", handle_check_step_post, ROUTE_CSRF_EXEMPT},
	{WEB_GET, "/static/{a}", handle_static, ROUTE_CACHEABLE},
	{WEB_GET, "/static/{a}/{b}", handle_static, ROUTE_CACHEABLE},
	{WEB_GET, "/static/{a}/{b}/{c}", handle_static, ROUTE_CACHEABLE},
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
