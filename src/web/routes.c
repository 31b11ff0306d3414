/*
 * routes.c — the route table of `cwyn serve`. Patterns use {name} for a
 * path parameter. Flags: ROUTE_NEEDS_AUTH for anything behind sign-in,
 * ROUTE_CSRF_EXEMPT only with a reason in a comment.
 */
#include "web/routes.h"

#include "web/api_handlers.h"
#include "web/handlers_system.h"
#include "web/pages/complain.h"
#include "web/pages/pages.h"
#include "web/pages/staff.h"

const struct web_route web_routes[] = {
	{WEB_GET, "/healthz", handle_healthz, 0},
	{WEB_GET, "/metrics", handle_metrics, 0},
	{WEB_GET, "/api/v1/ping", handle_ping, 0},
	/* The JSON API (docs/openapi.yaml). Handlers authenticate and check
	 * X-CSRF-Token themselves (web/api.h); NEEDS_AUTH only turns away,
	 * before the body is read, requests with no credential at all. */
	/* Signing in has no session yet, so no CSRF token; the JSON media
	 * type and SameSite=Strict keep cross-site forms out. */
	{WEB_POST, "/api/v1/session", api_session_create, ROUTE_CSRF_EXEMPT},
	{WEB_POST, "/api/v1/session/totp", api_session_totp, ROUTE_CSRF_EXEMPT},
	{WEB_DELETE, "/api/v1/session", api_session_delete, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/me", api_me, ROUTE_NEEDS_AUTH},
	/* The public triage preview stores nothing: no session, no CSRF. */
	{WEB_POST, "/api/v1/triage", api_triage, ROUTE_CSRF_EXEMPT},
	{WEB_POST, "/api/v1/cases", api_cases_create, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/cases", api_cases_list, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/cases/{ref}", api_cases_get, ROUTE_NEEDS_AUTH},
	{WEB_POST, "/api/v1/cases/{ref}/agreement", api_cases_agree, ROUTE_NEEDS_AUTH},
	{WEB_PUT, "/api/v1/cases/{ref}/facts", api_cases_facts, ROUTE_NEEDS_AUTH},
	{WEB_POST, "/api/v1/cases/{ref}/close", api_cases_close, ROUTE_NEEDS_AUTH},
	{WEB_POST, "/api/v1/cases/{ref}/reopen", api_cases_reopen, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/cases/{ref}/matters", api_matters_list, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/cases/{ref}/matters/{n}/actions", api_matters_actions, ROUTE_NEEDS_AUTH},
	{WEB_POST, "/api/v1/cases/{ref}/matters/{n}/transitions", api_matters_advance, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/cases/{ref}/clocks", api_clocks_list, ROUTE_NEEDS_AUTH},
	{WEB_POST, "/api/v1/cases/{ref}/clocks/{id}/extensions", api_clocks_extend, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/cases/{ref}/timeline", api_timeline, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/overdue", api_overdue, ROUTE_NEEDS_AUTH},
	{WEB_POST, "/api/v1/audit/verify", api_audit_verify, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/api/v1/reports/annual", api_reports_annual, ROUTE_NEEDS_AUTH},
	{WEB_GET, "/", handle_home, 0},
	{WEB_GET, "/check", handle_check_start, 0},
	{WEB_GET, "/young-people", handle_young_people, 0},
	{WEB_GET, "/check/{step}", handle_check_step, 0},
	/* The public checker has no session and stores nothing: no CSRF token. */
	{WEB_POST, "/check/{step}", handle_check_step_post, ROUTE_CSRF_EXEMPT},
	/* Staff pages: each handler signs in (redirect to /staff/login) and
	 * checks the form's CSRF token itself (staff_frame.h); signing in has
	 * no session yet, so no token (SameSite=Strict cookies). */
	{WEB_GET, "/staff/login", handle_staff_login, 0},
	{WEB_POST, "/staff/login", handle_staff_login_post, ROUTE_CSRF_EXEMPT},
	{WEB_GET, "/staff/login/code", handle_staff_login_code, 0},
	{WEB_POST, "/staff/login/code", handle_staff_login_code_post, ROUTE_CSRF_EXEMPT},
	{WEB_POST, "/staff/logout", handle_staff_logout, 0},
	{WEB_GET, "/staff", handle_staff_dashboard, 0},
	{WEB_GET, "/staff/search", handle_staff_search, 0},
	{WEB_GET, "/staff/reports", handle_staff_reports, 0},
	{WEB_GET, "/staff/intake", handle_staff_intake, 0},
	{WEB_POST, "/staff/intake", handle_staff_intake_post, 0},
	{WEB_GET, "/staff/cases/{ref}", handle_staff_case, 0},
	{WEB_GET, "/staff/cases/{ref}/matters/{n}/{action}", handle_staff_action, 0},
	{WEB_POST, "/staff/cases/{ref}/matters/{n}/{action}", handle_staff_action_post, 0},
	{WEB_GET, "/staff/cases/{ref}/clocks/{id}/extend", handle_staff_extend, 0},
	{WEB_POST, "/staff/cases/{ref}/clocks/{id}/extend", handle_staff_extend_post, 0},
	{WEB_GET, "/staff/cases/{ref}/close", handle_staff_close, 0},
	{WEB_POST, "/staff/cases/{ref}/close", handle_staff_close_post, 0},
	{WEB_GET, "/staff/cases/{ref}/reopen", handle_staff_reopen, 0},
	{WEB_POST, "/staff/cases/{ref}/reopen", handle_staff_reopen_post, 0},
	{WEB_GET, "/staff/cases/{ref}/agreement", handle_staff_agreement, 0},
	{WEB_POST, "/staff/cases/{ref}/agreement", handle_staff_agreement_post, 0},
	/* The public complaint form: no session, so each post carries the
	 * form's own signed, time-limited token (web/form_token.h) instead;
	 * posts from another site are refused by Origin/Sec-Fetch-Site. */
	{WEB_GET, "/complain", handle_complain_start, 0},
	{WEB_GET, "/young-people/complain", handle_complain_start_young, 0},
	{WEB_POST, "/complain/start", handle_complain_begin, ROUTE_CSRF_EXEMPT},
	{WEB_GET, "/complain/{step}", handle_complain_step, 0},
	{WEB_POST, "/complain/{step}", handle_complain_step_post, ROUTE_CSRF_EXEMPT},
	{WEB_GET, "/complain/sent/{ref}/{secret}", handle_complain_sent, 0},
	{WEB_GET, "/track/{ref}/{secret}", handle_track, 0},
	{WEB_GET, "/static/{a}", handle_static, ROUTE_CACHEABLE},
	{WEB_GET, "/static/{a}/{b}", handle_static, ROUTE_CACHEABLE},
	{WEB_GET, "/static/{a}/{b}/{c}", handle_static, ROUTE_CACHEABLE},
};

const size_t web_nroutes = sizeof web_routes / sizeof web_routes[0];
