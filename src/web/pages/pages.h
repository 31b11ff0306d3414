/*
 * pages.h — the handlers of the HTML pages: the public home page, the
 * checker and its young people's version, and the static files.
 * Routes are in src/web/routes.c.
 */
#ifndef CWYN_WEB_PAGES_PAGES_H
#define CWYN_WEB_PAGES_PAGES_H

#include "core/date.h"
#include "web/request.h"

void handle_home(struct web_request *req);
void handle_check_start(struct web_request *req);
void handle_young_people(struct web_request *req);
void handle_check_step(struct web_request *req);      /* GET /check/{step} */
void handle_check_step_post(struct web_request *req); /* POST /check/{step} */
void handle_static(struct web_request *req);

/* Today for the checker: $CWYN_TODAY (YYYY-MM-DD, for tests and demos)
 * or the local date. */
cwyn_day pages_today(void);

#endif
