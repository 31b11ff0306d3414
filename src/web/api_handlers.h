/*
 * api_handlers.h — the /api/v1 endpoints, one group per resource file
 * (api_*.c). The route table (routes.c) lists them with their paths;
 * docs/openapi.yaml describes each.
 */
#ifndef CWYN_WEB_API_HANDLERS_H
#define CWYN_WEB_API_HANDLERS_H

#include "web/request.h"

/* api_auth.c */
void api_session_create(struct web_request *req); /* POST /session */
void api_session_totp(struct web_request *req);   /* POST /session/totp */
void api_session_delete(struct web_request *req); /* DELETE /session */
void api_me(struct web_request *req);             /* GET /me */

/* api_triage.c */
void api_triage(struct web_request *req);         /* POST /triage */

/* api_cases.c */
void api_cases_create(struct web_request *req);   /* POST /cases */
void api_cases_list(struct web_request *req);     /* GET /cases */
void api_cases_get(struct web_request *req);      /* GET /cases/{ref} */
void api_cases_agree(struct web_request *req);    /* POST .../agreement */
void api_cases_facts(struct web_request *req);    /* PUT .../facts */
void api_cases_close(struct web_request *req);    /* POST .../close */
void api_cases_reopen(struct web_request *req);   /* POST .../reopen */

/* api_matters.c */
void api_matters_list(struct web_request *req);   /* GET .../matters */
void api_matters_actions(struct web_request *req);/* GET .../matters/{n}/actions */
void api_matters_advance(struct web_request *req);/* POST .../matters/{n}/transitions */

/* api_clocks.c */
void api_clocks_list(struct web_request *req);    /* GET .../clocks */
void api_clocks_extend(struct web_request *req);  /* POST .../clocks/{id}/extensions */

/* api_timeline.c */
void api_timeline(struct web_request *req);       /* GET .../timeline */

/* api_overdue.c */
void api_overdue(struct web_request *req);        /* GET /overdue */

/* api_audit.c */
void api_audit_verify(struct web_request *req);   /* POST /audit/verify */

/* api_reports.c */
void api_reports_annual(struct web_request *req); /* GET /reports/annual */

#endif
