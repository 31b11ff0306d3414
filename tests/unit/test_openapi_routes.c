/*
 * test_openapi_routes.c — docs/openapi.yaml and the route table of
 * src/web/routes.c (web_routes) must describe the same API.
 *
 * Fails when a route under /api/ is registered but not documented, or
 * when the document describes an operation (any path: /healthz and
 * /metrics too) that no route answers. Compared as "METHOD /pattern"
 * with the pattern text exactly as written in both ({ref}, {n}, {id}).
 *
 * The document is read line by line rather than with a YAML library,
 * relying on the layout the file keeps: under `paths:`, a path key is
 * indented two spaces and starts with '/', an operation key four spaces
 * and is an HTTP method. Anything else at two spaces inside `paths:` is
 * a failure, so a change of layout cannot make the test pass silently.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/routes.h"

#define MAX_OPS 256
#define MAX_KEY 256

/* "POST /api/v1/cases/{ref}/close" */
struct ops {
	char key[MAX_OPS][MAX_KEY];
	size_t n;
};

static const char *const doc_methods[] = {
	"get", "put", "post", "delete", "patch", "head", "options",
};

static void add(struct ops *o, const char *method, const char *path)
{
	assert_true(o->n < MAX_OPS);
	int k = snprintf(o->key[o->n], MAX_KEY, "%s %s", method, path);
	assert_true(k > 0 && k < MAX_KEY);
	for (char *p = o->key[o->n]; *p && *p != ' '; p++)
		*p = (char)toupper((unsigned char)*p);
	o->n++;
}

static bool has(const struct ops *o, const char *key)
{
	for (size_t i = 0; i < o->n; i++)
		if (strcmp(o->key[i], key) == 0)
			return true;
	return false;
}

static size_t indent(const char *l)
{
	size_t i = 0;
	while (l[i] == ' ')
		i++;
	return i;
}

/* The operations of an OpenAPI document's `paths:` (text in memory). */
static void read_doc(const char *text, struct ops *out)
{
	char path[MAX_KEY] = "";
	bool in_paths = false;
	memset(out, 0, sizeof *out);
	for (const char *l = text; *l;) {
		size_t len = strcspn(l, "\n");
		char line[1024];
		assert_true(len < sizeof line);
		memcpy(line, l, len);
		line[len] = '\0';
		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
			line[--len] = '\0';
		l += len + (l[len] == '\n');
		while (*l == '\n')
			l++;
		size_t in = indent(line);
		if (len == 0 || line[in] == '#')
			continue;
		if (in == 0) {
			in_paths = strcmp(line, "paths:") == 0;
			continue;
		}
		if (!in_paths)
			continue;
		if (in == 2) {
			/* "  /api/v1/cases/{ref}:" */
			if (line[2] != '/' || line[len - 1] != ':')
				fail_msg("openapi.yaml: not a path key under paths: "
				         "\"%s\"", line);
			snprintf(path, sizeof path, "%.*s", (int)(len - 3), line + 2);
			continue;
		}
		if (in != 4)
			continue;
		for (size_t m = 0; m < sizeof doc_methods / sizeof *doc_methods; m++) {
			size_t ml = strlen(doc_methods[m]);
			if (strncmp(line + 4, doc_methods[m], ml) == 0 &&
			    line[4 + ml] == ':') {
				assert_true(path[0] == '/');
				add(out, doc_methods[m], path);
			}
		}
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap + 1);
			assert_non_null(buf);
		}
		size_t k = fread(buf + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void read_repo_doc(struct ops *out)
{
	const char *root = getenv("CWYN_SOURCE_ROOT");
	char path[1024];
	snprintf(path, sizeof path, "%s/docs/openapi.yaml",
	         root && root[0] ? root : CWYN_SOURCE_ROOT);
	char *text = slurp(path);
	read_doc(text, out);
	free(text);
}

/* Everything that differs, printed; the number of differences returned. */
static size_t compare(const struct web_route *routes, size_t n,
                      const struct ops *doc)
{
	struct ops reg;
	size_t bad = 0;
	memset(&reg, 0, sizeof reg);
	for (size_t i = 0; i < n; i++)
		add(&reg, web_method_name(routes[i].method), routes[i].pattern);
	for (size_t i = 0; i < n; i++)
		if (strncmp(routes[i].pattern, "/api/", 5) == 0 &&
		    !has(doc, reg.key[i])) {
			fprintf(stderr, "registered in src/web/routes.c but not in "
			        "docs/openapi.yaml: %s\n", reg.key[i]);
			bad++;
		}
	for (size_t i = 0; i < doc->n; i++)
		if (!has(&reg, doc->key[i])) {
			fprintf(stderr, "in docs/openapi.yaml but not registered in "
			        "src/web/routes.c: %s\n", doc->key[i]);
			bad++;
		}
	return bad;
}

/* ---- Tests ----------------------------------------------------------------- */

static void every_api_route_is_documented_and_nothing_else(void **state)
{
	(void)state;
	static struct ops doc;
	read_repo_doc(&doc);
	/* The document has been read at all (and its layout understood). */
	assert_true(doc.n >= 20);
	assert_true(has(&doc, "GET /api/v1/reports/annual"));
	assert_true(has(&doc, "POST /api/v1/cases/{ref}/reopen"));
	assert_int_equal(compare(web_routes, web_nroutes, &doc), 0);
}

static void h_dummy(struct web_request *req)
{
	(void)req;
}

/* The comparison itself notices both kinds of drift. */
static void drift_is_noticed(void **state)
{
	(void)state;
	static const char yaml[] =
	    "openapi: 3.1.0\n"
	    "paths:\n"
	    "  /healthz:\n"
	    "    get:\n"
	    "      summary: x\n"
	    "  /api/v1/cases/{ref}:\n"
	    "    parameters: [{$ref: '#/components/parameters/ref'}]\n"
	    "    get:\n"
	    "      responses:\n"
	    "        '200': {description: ok}\n"
	    "    put:\n"
	    "      summary: documented, never registered\n"
	    "components:\n"
	    "  schemas:\n"
	    "    get:\n"
	    "      type: object\n";
	static struct ops doc;
	read_doc(yaml, &doc);
	assert_int_equal(doc.n, 3);
	assert_true(has(&doc, "GET /healthz"));
	assert_true(has(&doc, "GET /api/v1/cases/{ref}"));
	assert_true(has(&doc, "PUT /api/v1/cases/{ref}"));
	const struct web_route routes[] = {
		{WEB_GET, "/healthz", h_dummy, 0},
		{WEB_GET, "/api/v1/cases/{ref}", h_dummy, 0},
		{WEB_POST, "/api/v1/cases/{ref}/close", h_dummy, 0}, /* undocumented */
		{WEB_GET, "/staff", h_dummy, 0},                      /* not API: fine */
	};
	/* One registered but undocumented, one documented but unregistered. */
	assert_int_equal(compare(routes, 4, &doc), 2);
	const struct web_route same[] = {
		{WEB_GET, "/healthz", h_dummy, 0},
		{WEB_GET, "/api/v1/cases/{ref}", h_dummy, 0},
		{WEB_PUT, "/api/v1/cases/{ref}", h_dummy, 0},
	};
	assert_int_equal(compare(same, 3, &doc), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_api_route_is_documented_and_nothing_else),
		cmocka_unit_test(drift_is_noticed),
	};
	return cmocka_run_group_tests_name("openapi_routes", tests, NULL, NULL);
}
