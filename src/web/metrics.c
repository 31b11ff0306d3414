/*
 * metrics.c — counters, the Prometheus exposition, and the access log.
 */
#include "web/metrics.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static const double bucket_bounds[WEB_METRICS_BUCKETS] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
};

void web_metrics_init(struct web_metrics *m)
{
	memset(m, 0, sizeof *m);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	m->start_time = (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

void web_metrics_record(struct web_metrics *m, enum web_method method,
                        int status, double seconds)
{
	if ((unsigned)method >= WEB_METHOD__MAX)
		method = WEB_METHOD_OTHER;
	if (status >= 100 && status < WEB_METRICS_STATUS_MAX)
		atomic_fetch_add_explicit(&m->requests[method][status], 1,
		                          memory_order_relaxed);
	int b = 0;
	while (b < WEB_METRICS_BUCKETS && seconds > bucket_bounds[b])
		b++;
	atomic_fetch_add_explicit(&m->duration_buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->duration_count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m->duration_sum_us,
	                          (unsigned long long)(seconds * 1e6),
	                          memory_order_relaxed);
}

/* A growable buffer in the arena (old copies stay until the request ends). */
struct buf {
	struct arena *a;
	char *p;
	size_t len, cap;
	bool failed;
};

static void bprintf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void bprintf(struct buf *b, const char *fmt, ...)
{
	if (b->failed)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap * 2 + (size_t)n;
		char *p = arena_alloc(b->a, cap);
		if (p == NULL) {
			b->failed = true;
			return;
		}
		memcpy(p, b->p, b->len);
		b->p = p;
		b->cap = cap;
	}
}

char *web_metrics_render(const struct web_metrics *m, struct arena *a)
{
	struct buf b = {.a = a, .cap = 4096};
	b.p = arena_alloc(a, b.cap);
	if (b.p == NULL)
		return NULL;
	bprintf(&b, "# HELP cwyn_http_requests_total HTTP requests answered, "
	            "by method and status.\n"
	            "# TYPE cwyn_http_requests_total counter\n");
	for (int meth = 0; meth < WEB_METHOD__MAX; meth++)
		for (int s = 100; s < WEB_METRICS_STATUS_MAX; s++) {
			unsigned long long v = atomic_load_explicit(
			    &m->requests[meth][s], memory_order_relaxed);
			if (v != 0)
				bprintf(&b, "cwyn_http_requests_total{method=\"%s\","
				            "status=\"%d\"} %llu\n",
				        web_method_name((enum web_method)meth), s, v);
		}
	bprintf(&b, "# HELP cwyn_http_request_duration_seconds Time from "
	            "request line to response queued.\n"
	            "# TYPE cwyn_http_request_duration_seconds histogram\n");
	unsigned long long cum = 0;
	for (int i = 0; i <= WEB_METRICS_BUCKETS; i++) {
		cum += atomic_load_explicit(&m->duration_buckets[i],
		                            memory_order_relaxed);
		if (i < WEB_METRICS_BUCKETS)
			bprintf(&b, "cwyn_http_request_duration_seconds_bucket"
			            "{le=\"%g\"} %llu\n", bucket_bounds[i], cum);
		else
			bprintf(&b, "cwyn_http_request_duration_seconds_bucket"
			            "{le=\"+Inf\"} %llu\n", cum);
	}
	bprintf(&b, "cwyn_http_request_duration_seconds_sum %.6f\n"
	            "cwyn_http_request_duration_seconds_count %llu\n",
	        (double)atomic_load_explicit(&m->duration_sum_us,
	                                     memory_order_relaxed) / 1e6,
	        atomic_load_explicit(&m->duration_count, memory_order_relaxed));
	bprintf(&b, "# HELP cwyn_http_in_flight Requests being handled now.\n"
	            "# TYPE cwyn_http_in_flight gauge\n"
	            "cwyn_http_in_flight %ld\n",
	        atomic_load_explicit(&m->in_flight, memory_order_relaxed));
	bprintf(&b, "# HELP process_start_time_seconds Start time of the "
	            "process since unix epoch in seconds.\n"
	            "# TYPE process_start_time_seconds gauge\n"
	            "process_start_time_seconds %.3f\n", m->start_time);
	return b.failed ? NULL : b.p;
}

void web_access_log(enum web_method method, const char *route, int status,
                    double seconds, size_t bytes)
{
	char stamp[32];
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	char line[512];
	int n = snprintf(line, sizeof line,
	                 "%s access method=%s route=%s status=%d "
	                 "duration_ms=%.3f bytes=%zu\n",
	                 stamp, web_method_name(method), route ? route : "-",
	                 status, seconds * 1e3, bytes);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line)
		n = (int)sizeof line - 1;
	/* One write(2) per line, so lines from many threads do not mix. */
	ssize_t w = write(STDERR_FILENO, line, (size_t)n);
	(void)w;
}
