/*
 * form.h — application/x-www-form-urlencoded parser, used for POSTed forms
 * and for query strings.
 *
 * Every limit is explicit: number of pairs, length of a name, length of a
 * value and total input size. Invalid percent escapes, NUL bytes and
 * invalid UTF-8 are refused with a clear error naming the field. Pairs keep
 * their order and duplicates are kept: the caller decides what a repeated
 * name means (a list of checkboxes, or an error).
 */
#ifndef CWYN_WEB_FORM_H
#define CWYN_WEB_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "web/pair.h"

struct form_limits {
	size_t max_pairs;  /* e.g. 200 */
	size_t max_name;   /* bytes of a decoded name */
	size_t max_value;  /* bytes of a decoded value */
	size_t max_total;  /* bytes of the whole encoded input */
};

/* Defaults for a request body and for a query string. */
extern const struct form_limits form_limits_body;
extern const struct form_limits form_limits_query;

/*
 * Parse len bytes of data into *pairs (an arena array of *npairs entries).
 * Empty pieces ("a=1&&b=2") are skipped; "flag" without '=' has value "".
 * On error nothing useful is left in *pairs. field names the input ("query"
 * or "form") in errors that are not about one named field.
 */
enum cwyn_code form_parse(struct arena *a, const char *data, size_t len,
                          const struct form_limits *lim, const char *field,
                          struct web_pair **pairs, size_t *npairs,
                          struct cwyn_error *err);

#endif
