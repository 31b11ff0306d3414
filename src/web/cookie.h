/*
 * cookie.h — the Cookie request header (RFC 6265 §4.2 cookie-string) and
 * the Set-Cookie response header.
 *
 * Parsing is forgiving of junk, because other software on the same site
 * may set cookies we do not understand: a malformed pair is skipped, not
 * fatal. Size and count are capped; exceeding a cap is an error. Values are
 * returned as sent (surrounding double quotes removed), never decoded.
 *
 * The builder always writes Path=/, HttpOnly and SameSite=Strict, adds
 * Secure when the connection is secure (TLS, or a trusted proxy said
 * https), and refuses names or values that are not valid cookie syntax.
 */
#ifndef CWYN_WEB_COOKIE_H
#define CWYN_WEB_COOKIE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "web/pair.h"

struct cookie_limits {
	size_t max_header; /* bytes of the whole Cookie header */
	size_t max_pairs;
	size_t max_name;
	size_t max_value;
};

extern const struct cookie_limits cookie_limits_default;

enum cwyn_code cookie_parse(struct arena *a, const char *header, size_t len,
                            const struct cookie_limits *lim,
                            struct web_pair **pairs, size_t *npairs,
                            struct cwyn_error *err);

struct cookie_attrs {
	long max_age; /* seconds; < 0 = session cookie; 0 = delete now */
	bool secure;
};

/* The value for a Set-Cookie header, in the arena. */
enum cwyn_code cookie_build(struct arena *a, const char *name,
                            const char *value, const struct cookie_attrs *at,
                            char **out, struct cwyn_error *err);

#endif
