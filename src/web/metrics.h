/*
 * metrics.h — request counters for /metrics (Prometheus text format
 * 0.0.4). All counters are atomics updated by the server threads with
 * relaxed ordering: each value is exact, a scrape is not a snapshot.
 */
#ifndef CWYN_WEB_METRICS_H
#define CWYN_WEB_METRICS_H

#include <stdatomic.h>
#include <time.h>

#include "core/arena.h"
#include "web/request.h"

#define WEB_METRICS_BUCKETS 12
#define WEB_METRICS_STATUS_MAX 600

struct web_metrics {
	atomic_ullong requests[WEB_METHOD__MAX][WEB_METRICS_STATUS_MAX];
	atomic_ullong duration_buckets[WEB_METRICS_BUCKETS + 1]; /* last: +Inf */
	atomic_ullong duration_count;
	atomic_ullong duration_sum_us;
	atomic_long in_flight;
	double start_time; /* seconds since the epoch */
};

void web_metrics_init(struct web_metrics *m);
void web_metrics_record(struct web_metrics *m, enum web_method method,
                        int status, double seconds);
/* The exposition text in the arena, or NULL when the arena is full. */
char *web_metrics_render(const struct web_metrics *m, struct arena *a);

/*
 * One access-log line to stderr. Only fixed vocabulary goes in: method
 * name from our table, the route pattern (never the raw path), status,
 * duration and byte count. No query strings, bodies, cookies or headers.
 */
void web_access_log(enum web_method method, const char *route, int status,
                    double seconds, size_t bytes);

#endif
