/*
 * db_pool.c — the free list of per-thread database connections; see
 * db_pool.h for why it is this simple.
 */
#include "web/db_pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX 64

struct db_pool {
	pthread_mutex_t lock;
	char *url;
	size_t max;
	size_t open;   /* idle + in use */
	size_t nidle;
	struct db **idle; /* max slots */
};

enum cwyn_code db_pool_new(const char *url, size_t max, struct db_pool **out,
                           struct cwyn_error *err)
{
	*out = NULL;
	if (url == NULL || url[0] == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "--db",
		                 "a database URL is required");
	struct db_pool *p = calloc(1, sizeof *p);
	if (p == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "db", "out of memory");
	p->max = max ? max : DEFAULT_MAX;
	p->url = strdup(url);
	p->idle = calloc(p->max, sizeof *p->idle);
	if (p->url == NULL || p->idle == NULL ||
	    pthread_mutex_init(&p->lock, NULL) != 0) {
		free(p->url);
		free(p->idle);
		free(p);
		return cwyn_fail(err, CWYN_ENOMEM, "db", "out of memory");
	}
	*out = p;
	return CWYN_OK;
}

void db_pool_free(struct db_pool *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nidle; i++)
		db_close(p->idle[i]);
	pthread_mutex_destroy(&p->lock);
	free(p->idle);
	free(p->url);
	free(p);
}

enum cwyn_code db_pool_acquire(struct db_pool *p, struct db **out,
                               struct cwyn_error *err)
{
	*out = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->nidle > 0) {
		*out = p->idle[--p->nidle];
		pthread_mutex_unlock(&p->lock);
		return CWYN_OK;
	}
	if (p->open >= p->max) {
		pthread_mutex_unlock(&p->lock);
		return cwyn_fail(err, CWYN_ENOMEM, "db",
		                 "all database connections are in use");
	}
	p->open++; /* reserve the slot, then open without holding the lock */
	pthread_mutex_unlock(&p->lock);

	enum cwyn_code rc = db_open(p->url, out, err);
	if (rc != CWYN_OK) {
		pthread_mutex_lock(&p->lock);
		p->open--;
		pthread_mutex_unlock(&p->lock);
		*out = NULL;
	}
	return rc;
}

void db_pool_release(struct db_pool *p, struct db *db, bool broken)
{
	if (db == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	if (!broken && p->nidle < p->max) {
		p->idle[p->nidle++] = db;
		db = NULL;
	} else {
		p->open--;
	}
	pthread_mutex_unlock(&p->lock);
	if (db != NULL)
		db_close(db);
}

size_t db_pool_open_count(struct db_pool *p)
{
	pthread_mutex_lock(&p->lock);
	size_t n = p->open;
	pthread_mutex_unlock(&p->lock);
	return n;
}
