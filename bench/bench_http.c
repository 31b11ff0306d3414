/*
 * bench_http.c — figures for the web layer: parser throughput (form,
 * cookie, JSON body, path decode + route match) and requests per second
 * for GET /healthz over loopback with keep-alive, with a few client
 * threads. Everything stays on 127.0.0.1 and every loop is bounded in
 * time and count.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/cookie.h"
#include "web/form.h"
#include "web/handlers_system.h"
#include "web/json_body.h"
#include "web/routes.h"
#include "web/server.h"

#define SECONDS 1.0
#define MAX_OPS 50000000L

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char form_text[] =
    "subject=Cwyn+am+y+gwasanaeth&name=Bryn+Jones&town=Caerdydd%20%26%20Y+Fro"
    "&email=bryn%40example.org&child=on&matters=1&matters=2&matters=3"
    "&details=Nid+oedd+y+swyddog+cwynion+wedi+ateb+o+fewn+10+diwrnod+gwaith";
static const char cookie_text[] =
    "__Host-sid=Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eA; lang=cy; theme=\"x\"";
static const char json_text[] =
    "{\"subject\":\"Cwyn\",\"complainant\":{\"name\":\"Bryn\",\"email\":"
    "\"bryn@example.org\"},\"matters\":[{\"kind\":\"stage1\",\"dates\":"
    "{\"event\":\"2026-01-05\",\"received\":\"2026-01-07\"}},{\"kind\":"
    "\"conference\",\"dates\":{\"event\":\"2026-02-01\"}}],\"welsh\":true}";

static void bench_parsers(void)
{
	struct arena a;
	long n;
	double t0;

	t0 = now();
	for (n = 0; n < MAX_OPS && now() - t0 < SECONDS; n++) {
		arena_init(&a, 0);
		struct web_pair *p;
		size_t np;
		form_parse(&a, form_text, sizeof form_text - 1, &form_limits_body,
		           "form", &p, &np, NULL);
		arena_free(&a);
	}
	printf("form_parse (%zu bytes, 9 fields): %.0f ops/s\n",
	       sizeof form_text - 1, (double)n / (now() - t0));

	t0 = now();
	for (n = 0; n < MAX_OPS && now() - t0 < SECONDS; n++) {
		arena_init(&a, 0);
		struct web_pair *p;
		size_t np;
		cookie_parse(&a, cookie_text, sizeof cookie_text - 1,
		             &cookie_limits_default, &p, &np, NULL);
		arena_free(&a);
	}
	printf("cookie_parse (3 cookies): %.0f ops/s\n", (double)n / (now() - t0));

	t0 = now();
	for (n = 0; n < MAX_OPS && now() - t0 < SECONDS; n++) {
		json_t *o;
		json_body_parse(json_text, sizeof json_text - 1,
		                &json_body_limits_default, &o, NULL);
		json_decref(o);
	}
	printf("json_body_parse (%zu bytes): %.0f ops/s\n", sizeof json_text - 1,
	       (double)n / (now() - t0));

	static const char raw[] = "/api/v1/ping";
	t0 = now();
	for (n = 0; n < MAX_OPS && now() - t0 < SECONDS; n++) {
		arena_init(&a, 0);
		struct web_request req = {.arena = &a, .method = WEB_GET};
		char *path;
		const struct web_route *r;
		unsigned allow;
		router_decode_path(&a, raw, sizeof raw - 1, &path, NULL);
		req.path = path;
		router_match(web_routes, web_nroutes, &req, &r, &allow);
		arena_free(&a);
	}
	printf("path decode + route match: %.0f ops/s\n", (double)n / (now() - t0));
}

struct client {
	char url[64];
	long done;
	long failed;
};

static size_t sink(char *p, size_t s, size_t n, void *ud)
{
	(void)p, (void)ud;
	return s * n;
}

static void *client_main(void *arg)
{
	struct client *c = arg;
	CURL *h = curl_easy_init();
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
	double t0 = now();
	while (now() - t0 < 2 * SECONDS && c->done < 1000000) {
		if (curl_easy_perform(h) == CURLE_OK)
			c->done++;
		else
			c->failed++;
	}
	curl_easy_cleanup(h);
	return NULL;
}

static void bench_server(int nclients)
{
	struct web_server_config cfg = {
		.listen = "127.0.0.1:0",
		.quiet = true,
		.routes = web_routes,
		.nroutes = web_nroutes,
	};
	struct web_server *srv;
	struct cwyn_error err = {0};
	if (web_server_start(&cfg, &srv, &err) != CWYN_OK) {
		fprintf(stderr, "bench_http: %s\n", err.message);
		exit(1);
	}
	struct client cl[16];
	pthread_t th[16];
	double t0 = now();
	for (int i = 0; i < nclients; i++) {
		memset(&cl[i], 0, sizeof cl[i]);
		snprintf(cl[i].url, sizeof cl[i].url, "http://127.0.0.1:%u/healthz",
		         web_server_port(srv));
		pthread_create(&th[i], NULL, client_main, &cl[i]);
	}
	long done = 0, failed = 0;
	for (int i = 0; i < nclients; i++) {
		pthread_join(th[i], NULL);
		done += cl[i].done;
		failed += cl[i].failed;
	}
	double secs = now() - t0;
	web_server_stop(srv, 2000);
	printf("GET /healthz, keep-alive, %d client thread(s): %.0f requests/s "
	       "(%ld failed)\n", nclients, (double)done / secs, failed);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	bench_parsers();
	bench_server(1);
	bench_server(4);
	curl_global_cleanup();
	return 0;
}
