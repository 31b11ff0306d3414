/*
 * handlers_system.h — the endpoints about the service itself rather than
 * about complaints: health, metrics, and the API liveness check.
 */
#ifndef CWYN_WEB_HANDLERS_SYSTEM_H
#define CWYN_WEB_HANDLERS_SYSTEM_H

#include "web/request.h"

/* GET /healthz: {"status":"ok"}; with a database (req->app a struct
 * web_app) also {"database":"ok"}, or 503 when SELECT 1 fails. */
void handle_healthz(struct web_request *req);
/* GET /metrics: Prometheus text format 0.0.4. */
void handle_metrics(struct web_request *req);
/* GET /api/v1/ping: {"pong":true,"language":"cy"|"en"}. */
void handle_ping(struct web_request *req);

#endif
