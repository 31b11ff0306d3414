/*
 * policy_file.c — finding, reading and parsing an authority's policy file.
 *
 * The parser (core/policy.c) works on bytes; this adds the path rules
 * ($CWYN_POLICY, then the shipped Welsh default under $CWYN_SOURCE_ROOT or
 * the source tree the binary was built from) and puts the file's path into
 * every error, so "line 42" always says which file it means.
 */
#include "policy_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/file_io.h"

#ifndef CWYN_SOURCE_ROOT
#define CWYN_SOURCE_ROOT "."
#endif

/* Bigger than the parser's own 1 MiB cap, so an oversized file reaches
 * the parser and gets its clearer message. */
#define POLICY_READ_MAX ((size_t)2 << 20)

/*
 * Put the path into err->field, keeping the parser's line and message.
 * A path longer than the field keeps its tail (the file name matters more
 * than the directories).
 */
static void name_file(struct cwyn_error *err, const char *path)
{
	if (err == NULL)
		return;
	size_t n = strlen(path), room = sizeof err->field - 1;
	if (n <= room)
		snprintf(err->field, sizeof err->field, "%s", path);
	else
		snprintf(err->field, sizeof err->field, "...%s",
		         path + (n - (room - 3)));
}

enum cwyn_code policy_load_file(const char *path, struct policy **out,
                                struct cwyn_error *err)
{
	if (out == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "policy", "no output given");
	*out = NULL;
	char *dflt = NULL;
	if (path == NULL)
		path = getenv("CWYN_POLICY");
	if (path == NULL || path[0] == '\0') {
		const char *root = getenv("CWYN_SOURCE_ROOT");
		if (root == NULL || root[0] == '\0')
			root = CWYN_SOURCE_ROOT;
		size_t n = strlen(root) + sizeof "/policy/" +
		           sizeof POLICY_DEFAULT_NAME;
		dflt = malloc(n);
		if (dflt == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "policy",
			                 "out of memory");
		snprintf(dflt, n, "%s/policy/%s", root, POLICY_DEFAULT_NAME);
		path = dflt;
	}

	char *text = NULL;
	size_t len = 0;
	enum cwyn_code rc = file_read_all(path, POLICY_READ_MAX, &text, &len,
	                                  err);
	if (rc == CWYN_OK)
		rc = policy_parse(text, len, out, err);
	if (rc != CWYN_OK)
		name_file(err, path);
	free(text);
	free(dflt);
	return rc;
}

enum cwyn_code policy_load_with_calendar(const char *path,
                                         struct policy **policy_out,
                                         struct calendar **cal_out,
                                         struct cwyn_error *err)
{
	if (policy_out == NULL || cal_out == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "policy", "no output given");
	*policy_out = NULL;
	*cal_out = NULL;
	struct policy *p = NULL;
	enum cwyn_code rc = policy_load_file(path, &p, err);
	if (rc != CWYN_OK)
		return rc;
	rc = policy_calendar(p, cal_out, err);
	if (rc != CWYN_OK) {
		policy_free(p);
		*cal_out = NULL;
		return rc;
	}
	*policy_out = p;
	return CWYN_OK;
}
