/*
 * site.h — what the public and staff pages share for the life of the
 * process: the authority's policy and working-day calendar (for the
 * checker's decisions) and the allow-list of static files.
 *
 * Built once, on first use, by whichever request thread gets there first
 * (pthread_once); read-only afterwards, so threads share it freely. The
 * policy is $CWYN_POLICY or the shipped Welsh default (policy_file.h); the
 * static files are every regular file under $CWYN_STATIC_DIR, else
 * web/static in the source tree, read into memory once. Nothing outside
 * that list is ever served, whatever the path says.
 */
#ifndef CWYN_WEB_PAGES_SITE_H
#define CWYN_WEB_PAGES_SITE_H

#include <stddef.h>

#include "core/calendar.h"
#include "core/error.h"
#include "core/policy.h"

#define SITE_MAX_STATIC_FILES 256
#define SITE_MAX_STATIC_BYTES (16u << 20)
#define SITE_MAX_STATIC_DEPTH 3

struct site_file {
	char *url_path;          /* "/static/assets/images/favicon.ico" */
	const char *content_type;
	char *data;
	size_t len;
};

struct site {
	struct policy *policy;   /* NULL when it could not be loaded */
	struct calendar *cal;
	struct cwyn_error policy_err;
	struct site_file files[SITE_MAX_STATIC_FILES];
	size_t nfiles;
	char css_version[17];    /* hex of a hash of cwyn.css: cache-busting */
};

/* The shared site, built on first call. Never NULL. */
const struct site *site_get(void);

/* The static file at exactly this decoded path, or NULL. */
const struct site_file *site_static_file(const struct site *s,
                                         const char *path);

/* Content type for a file name by its extension (allow-list). NULL for an
 * extension we do not serve. */
const char *site_content_type(const char *name);

#endif
