/*
 * db_pool.h — database connections for the server's worker threads.
 *
 * A struct db is one connection and is never shared between threads
 * (store/db.h). The server handles at most one request per worker thread
 * at a time, so the pool hands each request a connection of its own and
 * takes it back when the request is done: in practice one connection per
 * worker thread, opened lazily from the --db URL the first time it is
 * needed. Connections live in a mutex-protected free list; there is no
 * background thread and no cap beyond `max` (more waiters than that get
 * CWYN_ENOMEM, which the API answers with 503).
 *
 * A connection whose last statement failed in a way that may have left it
 * unusable (CWYN_EDB, CWYN_EIO) is closed on release instead of being
 * reused, so one broken PostgreSQL socket does not poison later requests.
 */
#ifndef CWYN_WEB_DB_POOL_H
#define CWYN_WEB_DB_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "store/db.h"

struct db_pool;

/* A pool for url (copied). max 0 means 64. Opens nothing yet. */
enum cwyn_code db_pool_new(const char *url, size_t max, struct db_pool **out,
                           struct cwyn_error *err);

/* Close every idle connection and free the pool. Connections still out
 * must have been released first. */
void db_pool_free(struct db_pool *p);

/* A connection for this request: an idle one, or a newly opened one. */
enum cwyn_code db_pool_acquire(struct db_pool *p, struct db **out,
                               struct cwyn_error *err);

/* Give the connection back; broken closes it instead of keeping it. */
void db_pool_release(struct db_pool *p, struct db *db, bool broken);

/* Connections open now (idle + in use): for tests and /metrics. */
size_t db_pool_open_count(struct db_pool *p);

#endif
