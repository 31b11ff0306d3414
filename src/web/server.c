/*
 * server.c — libmicrohttpd glue: one request context per request, limits,
 * dispatch through the router, conversion of our response into HTTP, and
 * graceful shutdown. See server.h for the design.
 *
 * Request lifetime: MHD calls uri_log() when it has read the request line;
 * that makes the context (arena, start time) and counts the request as in
 * flight. on_request() is then called once with the headers (we decide
 * everything that does not need the body there: size, path, route,
 * authentication), once per chunk of body, and once at the end, when the
 * handler runs. on_completed() logs, counts and frees the context.
 */
#include "web/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "i18n/i18n.h"
#include "web/cookie.h"
#include "web/form.h"
#include "web/metrics.h"
#include "web/response.h"

#define DEFAULT_MAX_BODY (1024 * 1024)
#define MAX_HEADERS 100
/* Body bytes we read and drop after deciding on 413, before hanging up. */
#define DISCARD_FACTOR 4

struct web_server {
	struct MHD_Daemon *daemon;
	struct web_server_config cfg;
	struct web_metrics metrics;
	atomic_bool quiescing;
	unsigned port;
	bool tls;
	char *tls_cert, *tls_key; /* copies MHD reads during start-up */
};

struct req_ctx {
	struct web_server *srv;
	struct arena arena;
	struct web_request req;
	struct timespec start;
	const char *raw_uri;
	char *body;
	size_t body_cap;
	size_t discarded;
	bool started, too_large, responded;
	int status;
	size_t bytes;
};

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
	(void)con;
	struct web_server *srv = cls;
	struct req_ctx *ctx = calloc(1, sizeof *ctx);
	if (ctx == NULL)
		return NULL;
	ctx->srv = srv;
	clock_gettime(CLOCK_MONOTONIC, &ctx->start);
	arena_init(&ctx->arena, srv->cfg.request_arena_limit);
	ctx->raw_uri = arena_strdup(&ctx->arena, uri);
	ctx->req.arena = &ctx->arena;
	ctx->req.app = srv->cfg.app;
	ctx->req.metrics = &srv->metrics;
	ctx->req.max_body = srv->cfg.max_body;
	atomic_fetch_add(&srv->metrics.in_flight, 1);
	return ctx;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)con;
	(void)toe;
	struct web_server *srv = cls;
	struct req_ctx *ctx = *con_cls;
	if (ctx == NULL)
		return;
	double secs = since(&ctx->start);
	const struct web_request *req = &ctx->req;
	if (ctx->responded)
		web_metrics_record(&srv->metrics, req->method, ctx->status, secs);
	if (!srv->cfg.quiet)
		web_access_log(req->method,
		               req->route ? req->route->pattern : "-",
		               ctx->responded ? ctx->status : 0, secs, ctx->bytes);
	json_decref(ctx->req.json);
	arena_free(&ctx->arena);
	free(ctx);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->metrics.in_flight, 1);
}

struct header_walk {
	struct req_ctx *ctx;
	size_t n;
	bool failed;
};

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
                                    const char *key, const char *value)
{
	(void)kind, (void)key, (void)value;
	struct header_walk *w = cls;
	w->n++;
	return w->n < MAX_HEADERS ? MHD_YES : MHD_NO;
}

static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
	(void)kind;
	struct header_walk *w = cls;
	struct web_request *req = &w->ctx->req;
	if (req->nheaders >= w->n)
		return MHD_NO;
	struct web_pair *p = &req->headers[req->nheaders];
	p->name = arena_strdup(req->arena, key);
	p->value = arena_strdup(req->arena, value ? value : "");
	if (p->name == NULL || p->value == NULL) {
		w->failed = true;
		return MHD_NO;
	}
	req->nheaders++;
	return MHD_YES;
}

/* Error bodies are JSON for the API and a small page elsewhere. */
static bool is_api(const char *raw)
{
	return raw != NULL && strncmp(raw, "/api", 4) == 0 &&
	       (raw[4] == '/' || raw[4] == '\0' || raw[4] == '?');
}

static void fail(struct req_ctx *ctx, int status, const char *code,
                 const char *message, const char *field)
{
	if (is_api(ctx->raw_uri))
		respond_error(&ctx->req, status, code, message, field);
	else
		respond_error_page(&ctx->req, status, message);
}

static void fail_err(struct req_ctx *ctx, const struct cwyn_error *err,
                     int status)
{
	if (is_api(ctx->raw_uri)) {
		respond_cwyn_error(&ctx->req, err);
		ctx->req.response.status = status;
	} else {
		respond_error_page(&ctx->req, status, err->message);
	}
}

static enum MHD_Result finish(struct req_ctx *ctx, struct MHD_Connection *con)
{
	struct web_request *req = &ctx->req;
	struct web_server *srv = ctx->srv;
	if (!req->response.set)
		respond_error(req, 500, "internal_error",
		              N_("the server could not complete the request; "
		                 "nothing was changed"), NULL);
	struct web_response *r = &req->response;
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    r->len, (void *)r->body, MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return MHD_NO;
	struct web_pair hs[32];
	bool cacheable = req->route && (req->route->flags & ROUTE_CACHEABLE);
	size_t n = web_response_headers(req, cacheable, hs, 32);
	for (size_t i = 0; i < n; i++)
		MHD_add_response_header(resp, hs[i].name, hs[i].value);
	/* While draining, tell keep-alive clients to go elsewhere. */
	if (atomic_load(&srv->quiescing))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	ctx->status = r->status;
	ctx->bytes = r->len;
	ctx->responded = true;
	enum MHD_Result ret = MHD_queue_response(con, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Content-Length as a number; -1 when absent, -2 when not digits. */
static long long content_length(struct MHD_Connection *con)
{
	const char *v = MHD_lookup_connection_value(con, MHD_HEADER_KIND,
	                                            MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (v == NULL)
		return -1;
	long long n = 0;
	if (*v == '\0')
		return -2;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > (LLONG_MAX - 9) / 10)
			return -2;
		n = n * 10 + (*p - '0');
	}
	return n;
}

static void remote_address(struct MHD_Connection *con, char *out, size_t size)
{
	snprintf(out, size, "-");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
	    con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		          out, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          out, (socklen_t)size);
}

/*
 * Behind a trusted proxy the client is the last X-Forwarded-For entry (the
 * one our proxy added; earlier ones are whatever the client claimed). Only
 * a well-formed address replaces the socket's peer address.
 */
static void forwarded_for(const char *xff, char *out, size_t size)
{
	if (xff == NULL)
		return;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ' || *last == '\t')
		last++;
	char addr[INET6_ADDRSTRLEN];
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof addr || last[n + strspn(last + n, " \t")] != '\0')
		return;
	memcpy(addr, last, n);
	addr[n] = '\0';
	unsigned char buf[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, addr, buf) == 1 || inet_pton(AF_INET6, addr, buf) == 1)
		snprintf(out, size, "%s", addr);
}

/*
 * First call: everything that can be decided from the request line and
 * headers. Leaves req->response set when the request is refused.
 */
static void begin(struct req_ctx *ctx, struct MHD_Connection *con,
                  const char *method)
{
	struct web_server *srv = ctx->srv;
	struct web_request *req = &ctx->req;
	struct cwyn_error err = {0};
	req->method = web_method_parse(method);
	req->tls = srv->tls;
	remote_address(con, req->remote_addr, sizeof req->remote_addr);
	if (ctx->raw_uri == NULL) {
		fail(ctx, 503, "out_of_memory", N_("the server is busy"), NULL);
		return;
	}

	struct header_walk w = {.ctx = ctx};
	MHD_get_connection_values(con, MHD_HEADER_KIND, count_header, &w);
	req->headers = arena_calloc(req->arena, w.n ? w.n : 1, sizeof *req->headers);
	if (req->headers == NULL) {
		fail(ctx, 503, "out_of_memory", N_("the server is busy"), NULL);
		return;
	}
	MHD_get_connection_values(con, MHD_HEADER_KIND, copy_header, &w);
	if (w.failed) {
		fail(ctx, 503, "out_of_memory", N_("the server is busy"), NULL);
		return;
	}
	const char *xfp = web_request_header(req, "X-Forwarded-Proto");
	req->secure = req->tls || (srv->cfg.trust_proxy && xfp != NULL &&
	                           strcasecmp(xfp, "https") == 0);
	if (srv->cfg.trust_proxy)
		forwarded_for(web_request_header(req, "X-Forwarded-For"),
		              req->remote_addr, sizeof req->remote_addr);

	/* Query and cookies first, so even errors answer in the right language. */
	const char *q = strchr(ctx->raw_uri, '?');
	size_t path_len = q ? (size_t)(q - ctx->raw_uri) : strlen(ctx->raw_uri);
	bool bad_query = false, bad_cookie = false;
	if (q != NULL && form_parse(req->arena, q + 1, strlen(q + 1),
	                            &form_limits_query, "query", &req->query,
	                            &req->nquery, &err) != CWYN_OK)
		bad_query = true;
	struct cwyn_error cerr = {0};
	const char *cookie = web_request_header(req, "Cookie");
	if (cookie != NULL &&
	    cookie_parse(req->arena, cookie, strlen(cookie),
	                 &cookie_limits_default, &req->cookies, &req->ncookies,
	                 &cerr) != CWYN_OK)
		bad_cookie = true;
	req->lang = web_request_choose_language(req);

	long long cl = content_length(con);
	if (cl > (long long)srv->cfg.max_body) {
		fail(ctx, 413, "payload_too_large",
		     N_("the request body is too large"), "body");
		return;
	}
	char *path;
	enum cwyn_code rc = router_decode_path(req->arena, ctx->raw_uri, path_len,
	                                       &path, &err);
	if (rc != CWYN_OK) {
		fail_err(ctx, &err, rc == CWYN_ERANGE ? 414 : 400);
		return;
	}
	req->path = path;
	if (bad_query) {
		fail_err(ctx, &err, 400);
		return;
	}
	if (bad_cookie) {
		fail_err(ctx, &cerr, 400);
		return;
	}

	const struct web_route *route;
	unsigned allow;
	switch (router_match(srv->cfg.routes, srv->cfg.nroutes, req, &route,
	                     &allow)) {
	case ROUTER_MATCH:
		break;
	case ROUTER_NOT_FOUND:
		fail(ctx, 404, "not_found", N_("there is nothing at this address"),
		     NULL);
		return;
	case ROUTER_METHOD_NOT_ALLOWED: {
		fail(ctx, 405, "method_not_allowed",
		     N_("this address does not accept that method"), NULL);
		char *allow_hdr = router_allow_header(req->arena, allow);
		if (allow_hdr != NULL)
			respond_add_header(req, "Allow", allow_hdr);
		return;
	}
	}
	if ((route->flags & ROUTE_NEEDS_AUTH) &&
	    (srv->cfg.authenticate == NULL || !srv->cfg.authenticate(req))) {
		fail(ctx, 401, "unauthenticated", N_("please sign in first"), NULL);
		return;
	}
	if (cl > 0) {
		ctx->body = arena_alloc(req->arena, (size_t)cl);
		ctx->body_cap = (size_t)cl;
		if (ctx->body == NULL)
			fail(ctx, 503, "out_of_memory", N_("the server is busy"), NULL);
	}
}

/* Append a chunk of body; false when the arena cap refuses it. */
static bool append_body(struct req_ctx *ctx, const char *data, size_t n)
{
	struct web_request *req = &ctx->req;
	if (req->body_len + n > ctx->body_cap) {
		size_t cap = ctx->body_cap ? ctx->body_cap * 2 : 16384;
		while (cap < req->body_len + n)
			cap *= 2;
		if (cap > ctx->srv->cfg.max_body)
			cap = ctx->srv->cfg.max_body;
		char *p = arena_alloc(req->arena, cap);
		if (p == NULL)
			return false;
		if (req->body_len)
			memcpy(p, ctx->body, req->body_len);
		ctx->body = p;
		ctx->body_cap = cap;
	}
	memcpy(ctx->body + req->body_len, data, n);
	req->body_len += n;
	req->body = ctx->body;
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con,
                                  const char *url, const char *method,
                                  const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)cls, (void)url, (void)version;
	struct req_ctx *ctx = *con_cls;
	if (ctx == NULL)
		return MHD_NO; /* out of memory in uri_log: drop the connection */
	struct web_request *req = &ctx->req;
	size_t max_body = ctx->srv->cfg.max_body;

	if (!ctx->started) {
		ctx->started = true;
		begin(ctx, con, method);
		if (req->response.set)
			return finish(ctx, con);
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (ctx->too_large) {
			/* Drain a little so the client can read our 413; then hang up. */
			ctx->discarded += n;
			return ctx->discarded > DISCARD_FACTOR * max_body ? MHD_NO : MHD_YES;
		}
		if (req->body_len + n > max_body) {
			ctx->too_large = true;
			ctx->discarded = req->body_len + n;
			return MHD_YES;
		}
		if (!append_body(ctx, upload_data, n)) {
			ctx->too_large = true;
			return MHD_YES;
		}
		return MHD_YES;
	}
	if (ctx->too_large) {
		fail(ctx, 413, "payload_too_large", N_("the request body is too large"),
		     "body");
		return finish(ctx, con);
	}
	if (req->body == NULL)
		req->body = "";
	i18n_set_thread_language(req->lang);
	req->route->handler(req);
	return finish(ctx, con);
}

enum cwyn_code web_parse_listen(const char *s, struct sockaddr_storage *ss,
                                socklen_t *len, struct cwyn_error *err)
{
	char host[64];
	const char *colon;
	memset(ss, 0, sizeof *ss);
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (close == NULL || close[1] != ':' || (size_t)(close - s - 1) >= sizeof host)
			goto bad;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || (size_t)(colon - s) >= sizeof host)
			goto bad;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	char *end;
	errno = 0;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port > 65535 || errno != 0)
		goto bad;
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof host, "127.0.0.1");
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		*len = sizeof *v4;
		return CWYN_OK;
	}
	if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		*len = sizeof *v6;
		return CWYN_OK;
	}
bad:
	return cwyn_fail(err, CWYN_EINVAL, "listen",
	                 N_("expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080"));
}

enum cwyn_code web_server_start(const struct web_server_config *cfg,
                                struct web_server **out,
                                struct cwyn_error *err)
{
	*out = NULL;
	enum cwyn_code rc = router_check(cfg->routes, cfg->nroutes, err);
	if (rc != CWYN_OK)
		return rc;
	struct sockaddr_storage ss;
	socklen_t sslen;
	rc = web_parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &ss,
	                      &sslen, err);
	if (rc != CWYN_OK)
		return rc;
	if ((cfg->tls_cert_pem == NULL) != (cfg->tls_key_pem == NULL))
		return cwyn_fail(err, CWYN_EINVAL, "tls",
		                 N_("TLS needs both a certificate and a key"));
	bool tls = cfg->tls_cert_pem != NULL;
	if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return cwyn_fail(err, CWYN_EINVAL, "tls",
		                 N_("this libmicrohttpd was built without TLS"));

	struct web_server *srv = calloc(1, sizeof *srv);
	if (srv == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "server", "out of memory");
	srv->cfg = *cfg;
	web_metrics_init(&srv->metrics);
	if (srv->cfg.max_body == 0)
		srv->cfg.max_body = DEFAULT_MAX_BODY;
	if (srv->cfg.request_arena_limit == 0)
		srv->cfg.request_arena_limit = 4 * srv->cfg.max_body + 1024 * 1024;
	if (srv->cfg.connection_limit == 0)
		srv->cfg.connection_limit = 256;
	if (srv->cfg.connection_memory_limit == 0)
		srv->cfg.connection_memory_limit = 32 * 1024;
	if (srv->cfg.connection_timeout == 0)
		srv->cfg.connection_timeout = 30;
	if (srv->cfg.threads == 0) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		srv->cfg.threads = cores > 0 ? (unsigned)(2 * cores) : 2;
	}
	srv->tls = tls;

	/*
	 * poll(), not epoll (MHD_USE_AUTO would pick epoll): with a thread pool,
	 * libmicrohttpd 0.9.75 lets MHD_quiesce_daemon() and each worker's epoll
	 * loop remove the listening socket from the epoll set without a lock,
	 * and the loser aborts the whole process. Graceful stop needs quiesce,
	 * so epoll is out; poll() per worker costs nothing at our connection
	 * counts (tests/http/test_http_server.c stops 300 servers to check).
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
	                 MHD_USE_ITC | MHD_USE_POLL;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (tls)
		flags |= MHD_USE_TLS;
	struct MHD_OptionItem opts[16];
	size_t n = 0;
#define OPT(o, v, p) (opts[n++] = (struct MHD_OptionItem){(o), (intptr_t)(v), (p)})
	OPT(MHD_OPTION_THREAD_POOL_SIZE, srv->cfg.threads, NULL);
	OPT(MHD_OPTION_CONNECTION_LIMIT, srv->cfg.connection_limit, NULL);
	OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, srv->cfg.connection_memory_limit, NULL);
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg.connection_timeout, NULL);
	/* Refuse sloppy HTTP (e.g. a space before a header's colon): behind
	 * a proxy, leniency is how request smuggling gets in. */
	OPT(MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL);
	OPT(MHD_OPTION_SOCK_ADDR, 0, &ss);
	OPT(MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_log, srv);
	OPT(MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, srv);
	if (tls) {
		srv->tls_cert = strdup(cfg->tls_cert_pem);
		srv->tls_key = strdup(cfg->tls_key_pem);
		if (srv->tls_cert == NULL || srv->tls_key == NULL) {
			rc = cwyn_fail(err, CWYN_ENOMEM, "tls", "out of memory");
			goto err;
		}
		OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, srv->tls_cert);
		OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, srv->tls_key);
		OPT(MHD_OPTION_HTTPS_PRIORITIES, 0,
		    "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2");
	}
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	srv->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
	                               MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		rc = cwyn_fail(err, CWYN_EIO, "listen",
		               "could not start the HTTP server on %s (address in "
		               "use, or a bad TLS certificate or key?)",
		               cfg->listen ? cfg->listen : "127.0.0.1:8080");
		goto err;
	}
	const union MHD_DaemonInfo *di =
	    MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : 0;
	*out = srv;
	return CWYN_OK;
err:
	free(srv->tls_cert);
	free(srv->tls_key);
	free(srv);
	return rc;
}

unsigned web_server_port(const struct web_server *srv)
{
	return srv->port;
}

bool web_server_tls(const struct web_server *srv)
{
	return srv->tls;
}

long web_server_in_flight(const struct web_server *srv)
{
	return atomic_load(&srv->metrics.in_flight);
}

void web_server_stop(struct web_server *srv, unsigned timeout_ms)
{
	if (srv == NULL)
		return;
	atomic_store(&srv->quiescing, true);
	MHD_socket fd = MHD_quiesce_daemon(srv->daemon);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (atomic_load(&srv->metrics.in_flight) > 0 &&
	       since(&t0) * 1000.0 < (double)timeout_ms) {
		struct timespec nap = {0, 5 * 1000 * 1000};
		nanosleep(&nap, NULL);
	}
	MHD_stop_daemon(srv->daemon);
	/* MHD hands the listening socket back to us; close it only now. */
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	free(srv->tls_cert);
	free(srv->tls_key);
	free(srv);
}
