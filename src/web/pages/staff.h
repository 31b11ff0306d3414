/*
 * staff.h — the handlers of the staff pages (server-rendered, GOV.UK
 * styled, no JavaScript, English and Welsh). Routes are in routes.c.
 *
 *   /staff/login, /staff/login/code, /staff/logout   staff_login.c
 *   /staff                                           staff_dashboard.c
 *   /staff/cases/{ref}                               staff_case.c
 *   /staff/cases/{ref}/... (actions, forms)          staff_actions.c
 *   /staff/intake                                    staff_intake.c
 *   /staff/search                                    staff_search.c
 */
#ifndef CWYN_WEB_PAGES_STAFF_H
#define CWYN_WEB_PAGES_STAFF_H

#include "web/request.h"

/* staff_login.c */
void handle_staff_login(struct web_request *req);
void handle_staff_login_post(struct web_request *req);
void handle_staff_login_code(struct web_request *req);
void handle_staff_login_code_post(struct web_request *req);
void handle_staff_logout(struct web_request *req);

/* staff_dashboard.c */
void handle_staff_dashboard(struct web_request *req);

/* staff_case.c */
void handle_staff_case(struct web_request *req);

/* staff_actions.c: each GET shows the form, each POST goes through the
 * use case and comes back to the case page. */
void handle_staff_action(struct web_request *req);       /* .../matters/{n}/{action} */
void handle_staff_action_post(struct web_request *req);
void handle_staff_extend(struct web_request *req);       /* .../clocks/{id}/extend */
void handle_staff_extend_post(struct web_request *req);
void handle_staff_close(struct web_request *req);        /* .../close */
void handle_staff_close_post(struct web_request *req);
void handle_staff_reopen(struct web_request *req);       /* .../reopen */
void handle_staff_reopen_post(struct web_request *req);
void handle_staff_agreement(struct web_request *req);    /* .../agreement */
void handle_staff_agreement_post(struct web_request *req);

/* staff_intake.c */
void handle_staff_intake(struct web_request *req);
void handle_staff_intake_post(struct web_request *req);

/* staff_search.c */
void handle_staff_search(struct web_request *req);
void handle_staff_reports(struct web_request *req);  /* staff_reports.c */

#endif
