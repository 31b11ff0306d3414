/*
 * web_app.h — what every request of `cwyn serve` shares: the database
 * pool, the authority's policy and calendar (loaded once at start, never
 * changed while serving, so threads share them without locks), the
 * sign-in settings, and where "now" and "today" come from.
 *
 * Handed to the server as web_server_config.app; handlers find it in
 * req->app. Tests build one by hand to run the server in-process with a
 * temporary database, tiny session timeouts or a fixed clock.
 */
#ifndef CWYN_WEB_WEB_APP_H
#define CWYN_WEB_WEB_APP_H

#include <stdint.h>

#include "app/accounts.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/policy.h"
#include "web/db_pool.h"

/* The session cookie. */
#define WEB_SESSION_COOKIE "cwyn_session"

struct web_app {
	struct db_pool *pool;
	const struct policy *policy;
	const struct calendar *cal;
	struct account_settings accounts;
	/* The authority people sign in to when they name none (one-council
	 * deployments); NULL: the first authority in the database. */
	const char *default_authority;
	/* Clocks; NULL means the real time and the local date. */
	int64_t (*now)(void *clock_ctx);
	cwyn_day (*today)(void *clock_ctx);
	void *clock_ctx;
};

/* Unix seconds now. */
int64_t web_app_now(const struct web_app *app);
/* Today's date (local time), as the app layer's "today". */
cwyn_day web_app_today(const struct web_app *app);

#endif
