/*
 * complain.h — the public complaint form (no account): its start pages
 * for adults and for children and young people, one page per question,
 * "Check your answers" with the complainant's agreement and signature,
 * the confirmation page and the secret tracking page. Routes are in
 * src/web/routes.c.
 *
 *   GET  /complain, /young-people/complain   start pages
 *   POST /complain/start                     a new form (token + draft)
 *   GET  /complain/{step}?t=TOKEN[&i=N]      a question
 *   POST /complain/{step}                    its answer (t in the form)
 *   GET  /complain/sent/{ref}/{secret}       the confirmation page
 *   GET  /track/{ref}/{secret}               the tracking page
 */
#ifndef CWYN_WEB_PAGES_COMPLAIN_H
#define CWYN_WEB_PAGES_COMPLAIN_H

#include "web/request.h"

void handle_complain_start(struct web_request *req);
void handle_complain_start_young(struct web_request *req);
void handle_complain_begin(struct web_request *req);
void handle_complain_step(struct web_request *req);
void handle_complain_step_post(struct web_request *req);
void handle_complain_sent(struct web_request *req);
void handle_track(struct web_request *req);

#endif
