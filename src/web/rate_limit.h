/*
 * rate_limit.h — a small in-memory limiter: at most `max` events per
 * address in a fixed window of `window` seconds.
 *
 * Used where guessing must be slow (tracking links: the secret is 256
 * bits, so this is about load and noise more than about guessing) and
 * where one address could fill a table (drafts of the public form). The
 * table is per process and fixed in size (RATE_LIMIT_SLOTS addresses);
 * when it is full the address whose window is oldest is forgotten. Safe
 * to call from any thread. Time comes from the caller (the server's
 * injectable clock), so tests move it rather than sleep.
 */
#ifndef CWYN_WEB_RATE_LIMIT_H
#define CWYN_WEB_RATE_LIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define RATE_LIMIT_SLOTS 512
#define RATE_LIMIT_KEY 64

struct rate_slot {
	char key[RATE_LIMIT_KEY];
	int64_t window_start;
	unsigned count;
};

struct rate_limit {
	pthread_mutex_t lock;
	unsigned max;
	int64_t window;
	struct rate_slot slots[RATE_LIMIT_SLOTS];
};

#define RATE_LIMIT_INIT(max_, window_) \
	{.lock = PTHREAD_MUTEX_INITIALIZER, .max = (max_), .window = (window_)}

/* Count one event for key at now; false when it is over the limit. */
bool rate_limit_allow(struct rate_limit *rl, const char *key, int64_t now);

/* Seconds until key may try again (0: now). */
int64_t rate_limit_retry_after(struct rate_limit *rl, const char *key,
                               int64_t now);

#endif
