/*
 * site.c — the process-wide site context: policy, calendar and the static
 * file allow-list (see site.h). Everything here is built once and then
 * only read; it lives until the process exits.
 */
#include "web/pages/site.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/file_io.h"
#include "app/policy_file.h"

#ifndef CWYN_SOURCE_ROOT
#define CWYN_SOURCE_ROOT "."
#endif

static struct site the_site;
static pthread_once_t site_once = PTHREAD_ONCE_INIT;

/* Extension → Content-Type; anything else is not served. */
static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".woff2", "font/woff2"},
	{".woff", "font/woff"},
	{".json", "application/json"},
};

const char *site_content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* Names we serve: letters, digits, '-', '_', '.', not starting with '.'. */
static bool name_ok(const char *n)
{
	if (n[0] == '\0' || n[0] == '.' || strlen(n) > 100)
		return false;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		      *p == '.'))
			return false;
	return true;
}

static size_t total_bytes;

static void add_file(struct site *s, const char *fs_path, const char *url)
{
	const char *type = site_content_type(url);
	if (type == NULL || s->nfiles >= SITE_MAX_STATIC_FILES)
		return;
	char *data = NULL;
	size_t len = 0;
	if (file_read_all(fs_path, SITE_MAX_STATIC_BYTES, &data, &len, NULL) !=
	        CWYN_OK)
		return;
	if (len > SITE_MAX_STATIC_BYTES - total_bytes) {
		free(data);
		return;
	}
	char *u = strdup(url);
	if (u == NULL) {
		free(data);
		return;
	}
	total_bytes += len;
	s->files[s->nfiles++] = (struct site_file){u, type, data, len};
}

/* Walk dir (no symlinks followed: lstat) adding every servable file. */
static void scan(struct site *s, const char *dir, const char *url, int depth)
{
	if (depth > SITE_MAX_STATIC_DEPTH)
		return;
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!name_ok(e->d_name))
			continue;
		char fs[1024], u[512];
		if (snprintf(fs, sizeof fs, "%s/%s", dir, e->d_name) >= (int)sizeof fs ||
		    snprintf(u, sizeof u, "%s/%s", url, e->d_name) >= (int)sizeof u)
			continue;
		struct stat st;
		if (lstat(fs, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			scan(s, fs, u, depth + 1);
		else if (S_ISREG(st.st_mode))
			add_file(s, fs, u);
	}
	closedir(d);
}

/* FNV-1a, only to change the stylesheet URL when its content changes. */
static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ull;
	}
	return h;
}

static void build(void)
{
	struct site *s = &the_site;
	if (policy_load_with_calendar(NULL, &s->policy, &s->cal,
	                              &s->policy_err) != CWYN_OK) {
		s->policy = NULL;
		s->cal = NULL;
		fprintf(stderr, "cwyn: policy: %s\n", s->policy_err.message);
	}
	const char *dir = getenv("CWYN_STATIC_DIR");
	char buf[1024];
	if (dir == NULL || dir[0] == '\0') {
		const char *root = getenv("CWYN_SOURCE_ROOT");
		if (root == NULL || root[0] == '\0')
			root = CWYN_SOURCE_ROOT;
		snprintf(buf, sizeof buf, "%s/web/static", root);
		dir = buf;
	}
	scan(s, dir, "/static", 1);
	const struct site_file *css = site_static_file(s, "/static/cwyn.css");
	snprintf(s->css_version, sizeof s->css_version, "%016llx",
	         (unsigned long long)(css ? fnv1a(css->data, css->len) : 0));
}

const struct site *site_get(void)
{
	pthread_once(&site_once, build);
	return &the_site;
}

const struct site_file *site_static_file(const struct site *s,
                                         const char *path)
{
	for (size_t i = 0; i < s->nfiles; i++)
		if (strcmp(s->files[i].url_path, path) == 0)
			return &s->files[i];
	return NULL;
}
