/*
 * pair.h — a (name, value) pair as the web parsers hand them out: query
 * and form fields, cookies, headers and path parameters. Both strings live
 * in the request's arena, are NUL-terminated and contain no NUL bytes (the
 * parsers refuse them), so plain C string functions are safe on them.
 */
#ifndef CWYN_WEB_PAIR_H
#define CWYN_WEB_PAIR_H

#include <stdbool.h>
#include <stddef.h>

struct web_pair {
	const char *name;
	const char *value;
};

/* The value of the first pair named name (exact match), or NULL. */
const char *web_pair_get(const struct web_pair *pairs, size_t n,
                         const char *name);

/* Same, but the name compares case-insensitively (HTTP header names). */
const char *web_pair_get_ci(const struct web_pair *pairs, size_t n,
                            const char *name);

#endif
