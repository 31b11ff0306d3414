/*
 * handlers_system.c — /healthz, /metrics and /api/v1/ping.
 */
#include "web/handlers_system.h"

#include <string.h>

#include "web/metrics.h"
#include "web/response.h"
#include "web/web_app.h"

/*
 * Healthy means able to serve: with a database configured, a connection
 * from the pool must answer SELECT 1, or the answer is 503 so a load
 * balancer stops sending work here.
 */
void handle_healthz(struct web_request *req)
{
	const struct web_app *app = req->app;
	if (app == NULL || app->pool == NULL) {
		respond_json(req, 200, json_pack("{s:s}", "status", "ok"));
		return;
	}
	struct db *db = NULL;
	int64_t one = 0;
	bool up = db_pool_acquire(app->pool, &db, NULL) == CWYN_OK &&
	          db_query_int(db, "SELECT 1", NULL, 0, &one, NULL) == CWYN_OK &&
	          one == 1;
	if (db != NULL)
		db_pool_release(app->pool, db, !up);
	respond_json(req, up ? 200 : 503,
	             json_pack("{s:s,s:s}", "status", up ? "ok" : "unavailable",
	                       "database", up ? "ok" : "unavailable"));
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
