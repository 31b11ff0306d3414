/*
 * json_body.h — a request body as a JSON object, with limits.
 *
 * jansson does the parsing (JSON_REJECT_DUPLICATES: a repeated key is an
 * error, not "last one wins"). Before jansson sees the text we walk it once
 * to enforce the size cap and an explicit nesting-depth limit, so a depth
 * bomb is refused without building anything. The top level must be an
 * object. Errors are CWYN_EINVAL (malformed, duplicate key, not an object,
 * invalid UTF-8) or CWYN_ERANGE (too large, too deep), with err->line set
 * and the column in the message.
 */
#ifndef CWYN_WEB_JSON_BODY_H
#define CWYN_WEB_JSON_BODY_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"

struct json_body_limits {
	size_t max_size;
	int max_depth; /* containers inside containers, the top object is 1 */
};

extern const struct json_body_limits json_body_limits_default;

/* On success *out is a new reference the caller must json_decref(). */
enum cwyn_code json_body_parse(const char *data, size_t len,
                               const struct json_body_limits *lim,
                               json_t **out, struct cwyn_error *err);

#endif
