/*
 * json_body.c — request bodies as JSON objects; see json_body.h.
 */
#include "i18n/i18n.h"
#include "web/json_body.h"

#include <stdbool.h>
#include <string.h>

const struct json_body_limits json_body_limits_default = {
	.max_size = 1024 * 1024,
	.max_depth = 32,
};

/*
 * One pass over the text counting '[' and '{' outside strings. It does not
 * validate JSON (jansson does that next); it only has to be right about
 * depth for text that jansson would accept, and never overrun the buffer.
 */
static enum cwyn_code check_depth(const char *s, size_t len, int max_depth,
                                  struct cwyn_error *err)
{
	int depth = 0, line = 1;
	size_t col = 0;
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		col++;
		if (c == '\n') {
			line++;
			col = 0;
		}
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth)
				return cwyn_fail_line(err, CWYN_ERANGE, line, "body",
				                      "JSON nested deeper than %d levels "
				                      "at line %d, column %zu",
				                      max_depth, line, col);
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return CWYN_OK;
}

/*
 * jansson's messages may quote the offending input ("... near 'xyz'"),
 * which could be anything, even invalid UTF-8. Keep only the description,
 * in printable ASCII.
 */
static void clean_reason(const char *in, char *out, size_t size)
{
	size_t o = 0;
	const char *near = strstr(in, " near ");
	size_t n = near ? (size_t)(near - in) : strlen(in);
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x20 && c < 0x7f && c != '\'')
			out[o++] = (char)c;
	}
	out[o] = '\0';
}

enum cwyn_code json_body_parse(const char *data, size_t len,
                               const struct json_body_limits *lim,
                               json_t **out, struct cwyn_error *err)
{
	*out = NULL;
	if (len > lim->max_size)
		return cwyn_fail(err, CWYN_ERANGE, "body",
		                 "JSON body longer than %zu bytes", lim->max_size);
	if (len == 0)
		return cwyn_fail_line(err, CWYN_EINVAL, 1, "body",
		                      N_("empty body: a JSON object is required"));
	enum cwyn_code rc = check_depth(data, len, lim->max_depth, err);
	if (rc != CWYN_OK)
		return rc;
	json_error_t jerr;
	json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		char reason[128];
		clean_reason(jerr.text, reason, sizeof reason);
		int line = jerr.line > 0 ? jerr.line : 1;
		return cwyn_fail_line(err, CWYN_EINVAL, line, "body",
		                      "malformed JSON at line %d, column %d: %s",
		                      line, jerr.column > 0 ? jerr.column : 1,
		                      reason);
	}
	if (!json_is_object(root)) {
		json_decref(root);
		return cwyn_fail_line(err, CWYN_EINVAL, 1, "body",
		                      N_("the body must be a JSON object"));
	}
	*out = root;
	return CWYN_OK;
}
