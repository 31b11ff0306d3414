/*
 * form.c — application/x-www-form-urlencoded into (name, value) pairs;
 * see form.h for the rules. Two passes: count pieces first so the pair
 * array is one arena allocation, then decode each piece.
 */
#include "i18n/i18n.h"
#include "web/form.h"

#include <string.h>

#include "web/percent.h"

const struct form_limits form_limits_body = {
	.max_pairs = 200,
	.max_name = 128,
	.max_value = 64 * 1024,
	.max_total = 1024 * 1024,
};

const struct form_limits form_limits_query = {
	.max_pairs = 50,
	.max_name = 64,
	.max_value = 1024,
	.max_total = 4096,
};

enum cwyn_code form_parse(struct arena *a, const char *data, size_t len,
                          const struct form_limits *lim, const char *field,
                          struct web_pair **pairs, size_t *npairs,
                          struct cwyn_error *err)
{
	*pairs = NULL;
	*npairs = 0;
	if (len > lim->max_total)
		return cwyn_fail(err, CWYN_ERANGE, field,
		                 "input longer than %zu bytes", lim->max_total);
	if (len > 0 && memchr(data, '\0', len) != NULL)
		return cwyn_fail(err, CWYN_EINVAL, field, N_("NUL byte in input"));

	size_t pieces = 0;
	for (size_t i = 0; i < len;) {
		const char *amp = memchr(data + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - data) : len;
		if (end > i)
			pieces++;
		i = end + 1;
	}
	if (pieces > lim->max_pairs)
		return cwyn_fail(err, CWYN_ERANGE, field,
		                 "more than %zu fields", lim->max_pairs);
	if (pieces == 0)
		return CWYN_OK;
	struct web_pair *out = arena_calloc(a, pieces, sizeof *out);
	if (out == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, field, "input too large");

	size_t n = 0;
	for (size_t i = 0; i < len;) {
		const char *amp = memchr(data + i, '&', len - i);
		size_t end = amp ? (size_t)(amp - data) : len;
		if (end == i) {
			i = end + 1;
			continue;
		}
		const char *piece = data + i;
		size_t plen = end - i;
		const char *eq = memchr(piece, '=', plen);
		size_t nlen = eq ? (size_t)(eq - piece) : plen;
		char *name, *value;
		size_t dn, dv;
		enum cwyn_code rc = percent_decode(a, piece, nlen,
		                                   PERCENT_PLUS_IS_SPACE, field,
		                                   &name, &dn, err);
		if (rc != CWYN_OK)
			return rc;
		if (dn == 0)
			return cwyn_fail(err, CWYN_EINVAL, field,
			                 "field %zu has no name", n + 1);
		if (dn > lim->max_name)
			return cwyn_fail(err, CWYN_ERANGE, field,
			                 "field name longer than %zu bytes",
			                 lim->max_name);
		/* Errors about the value can name the field: it is valid UTF-8. */
		const char *vfield = dn < 64 ? name : field;
		if (eq != NULL) {
			rc = percent_decode(a, eq + 1, plen - nlen - 1,
			                    PERCENT_PLUS_IS_SPACE, vfield, &value,
			                    &dv, err);
			if (rc != CWYN_OK)
				return rc;
		} else {
			value = arena_strdup(a, "");
			if (value == NULL)
				return cwyn_fail(err, CWYN_ENOMEM, field, "input too large");
			dv = 0;
		}
		if (dv > lim->max_value)
			return cwyn_fail(err, CWYN_ERANGE, vfield,
			                 "value longer than %zu bytes", lim->max_value);
		out[n].name = name;
		out[n].value = value;
		n++;
		i = end + 1;
	}
	*pairs = out;
	*npairs = n;
	return CWYN_OK;
}
