/*
 * handlers_system.c — /healthz, /metrics and /api/v1/ping.
 */
#include "web/handlers_system.h"

#include <string.h>

#include "web/metrics.h"
#include "web/response.h"

void handle_healthz(struct web_request *req)
{
	respond_json(req, 200, json_pack("{s:s}", "status", "ok"));
}

void handle_metrics(struct web_request *req)
{
	char *text = web_metrics_render(req->metrics, req->arena);
	if (text == NULL) {
		respond_error(req, 503, "out_of_memory", "metrics too large", NULL);
		return;
	}
	respond_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", text,
	             strlen(text));
}

void handle_ping(struct web_request *req)
{
	respond_json(req, 200, json_pack("{s:b,s:s}", "pong", 1, "language",
	                                 req->lang == LANG_CY ? "cy" : "en"));
}
