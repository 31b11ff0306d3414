/*
 * server.h — the HTTP server: libmicrohttpd for framing, TLS and limits;
 * everything else (decoding, routing, responses) is ours.
 *
 * Threads: an internal thread pool (default twice the cores). Each request
 * gets an arena with a cap, freed when the request completes. Limits:
 * body size (413 beyond it, from Content-Length up front or by counting
 * streamed bytes), header size (the per-connection memory limit; larger
 * headers are refused by the HTTP layer), connection count and idle
 * timeout. Stopping is graceful: stop accepting, let requests being
 * handled finish and their responses go out (bounded wait), then stop.
 */
#ifndef CWYN_WEB_SERVER_H
#define CWYN_WEB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "core/error.h"
#include "web/router.h"

struct web_server_config {
	const char *listen;            /* "ADDR:PORT", "[v6]:PORT"; NULL = 127.0.0.1:8080 */
	unsigned threads;              /* 0 = 2 x online cores */
	size_t max_body;               /* 0 = 1 MiB */
	size_t request_arena_limit;    /* 0 = 4 x max_body + 1 MiB */
	unsigned connection_limit;     /* 0 = 256 */
	size_t connection_memory_limit;/* 0 = 32 KiB: also caps headers */
	unsigned connection_timeout;   /* seconds idle; 0 = 30 */
	const char *tls_cert_pem;      /* PEM text (not a path); NULL = no TLS */
	const char *tls_key_pem;
	bool trust_proxy;              /* X-Forwarded-Proto: https counts as secure */
	bool quiet;                    /* no access log (benchmarks) */
	const struct web_route *routes;
	size_t nroutes;
	/*
	 * Called for routes with ROUTE_NEEDS_AUTH; true lets the request
	 * through. Until accounts exist this is NULL and such routes get 401.
	 */
	bool (*authenticate)(struct web_request *req);
	void *app;                     /* handed to handlers as req->app */
};

struct web_server;

enum cwyn_code web_server_start(const struct web_server_config *cfg,
                                struct web_server **out,
                                struct cwyn_error *err);

/* The port actually bound (useful with port 0). */
unsigned web_server_port(const struct web_server *srv);
bool web_server_tls(const struct web_server *srv);
/* Requests being handled right now. */
long web_server_in_flight(const struct web_server *srv);

/*
 * Stop accepting, wait up to timeout_ms for requests in flight to finish,
 * then stop and free the server.
 */
void web_server_stop(struct web_server *srv, unsigned timeout_ms);

/* Parse "127.0.0.1:8080" or "[::1]:8080" (port 0..65535). */
enum cwyn_code web_parse_listen(const char *s, struct sockaddr_storage *ss,
                                socklen_t *len, struct cwyn_error *err);

#endif
