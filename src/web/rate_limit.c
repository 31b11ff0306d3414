/*
 * rate_limit.c — fixed-window counting per address (rate_limit.h).
 */
#include "web/rate_limit.h"

#include <stdio.h>
#include <string.h>

/* The slot for key: its own, else an empty one, else the stalest. */
static struct rate_slot *slot_for(struct rate_limit *rl, const char *key,
                                  int64_t now)
{
	struct rate_slot *free_slot = NULL, *oldest = NULL;
	for (size_t i = 0; i < RATE_LIMIT_SLOTS; i++) {
		struct rate_slot *s = &rl->slots[i];
		if (s->key[0] != '\0' && strcmp(s->key, key) == 0)
			return s;
		if (s->key[0] == '\0' || now - s->window_start >= rl->window) {
			if (free_slot == NULL)
				free_slot = s;
		} else if (oldest == NULL ||
		           s->window_start < oldest->window_start) {
			oldest = s;
		}
	}
	struct rate_slot *s = free_slot ? free_slot : oldest;
	snprintf(s->key, sizeof s->key, "%s", key);
	s->window_start = now;
	s->count = 0;
	return s;
}

bool rate_limit_allow(struct rate_limit *rl, const char *key, int64_t now)
{
	pthread_mutex_lock(&rl->lock);
	struct rate_slot *s = slot_for(rl, key ? key : "", now);
	if (now - s->window_start >= rl->window || now < s->window_start) {
		s->window_start = now;
		s->count = 0;
	}
	bool ok = s->count < rl->max;
	if (ok)
		s->count++;
	pthread_mutex_unlock(&rl->lock);
	return ok;
}

int64_t rate_limit_retry_after(struct rate_limit *rl, const char *key,
                               int64_t now)
{
	int64_t r = 0;
	pthread_mutex_lock(&rl->lock);
	for (size_t i = 0; i < RATE_LIMIT_SLOTS; i++) {
		struct rate_slot *s = &rl->slots[i];
		if (strcmp(s->key, key ? key : "") == 0 && s->count >= rl->max &&
		    now - s->window_start < rl->window)
			r = rl->window - (now - s->window_start);
	}
	pthread_mutex_unlock(&rl->lock);
	return r;
}
