/*
 * checker_result.h — the checker's result page: the triage engine's
 * decision for the answers, in plain language (checker_result.c).
 */
#ifndef CWYN_WEB_PAGES_CHECKER_RESULT_H
#define CWYN_WEB_PAGES_CHECKER_RESULT_H

#include "web/request.h"

/* GET /check/result?<answers> */
void checker_result(struct web_request *req);

#endif
