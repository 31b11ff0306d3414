/*
 * percent.h — strict percent-decoding and UTF-8 validation, shared by the
 * path router and the urlencoded form/query parser.
 *
 * Decoding never produces NUL bytes or invalid UTF-8: such input is refused
 * with CWYN_EINVAL, so everything downstream can treat decoded text as
 * ordinary C strings of well-formed UTF-8.
 */
#ifndef CWYN_WEB_PERCENT_H
#define CWYN_WEB_PERCENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

enum percent_flags {
	/* '+' means a space (application/x-www-form-urlencoded). */
	PERCENT_PLUS_IS_SPACE = 1u << 0,
	/*
	 * A path segment: refuse encoded '/' and '\' (they would let one
	 * segment pose as two) and any control character.
	 */
	PERCENT_PATH = 1u << 1,
};

/*
 * Decode len bytes of s into a new NUL-terminated arena string. field names
 * the input in the error record. CWYN_ENOMEM when the arena is full.
 */
enum cwyn_code percent_decode(struct arena *a, const char *s, size_t len,
                              unsigned flags, const char *field, char **out,
                              size_t *out_len, struct cwyn_error *err);

/* Is s[0..len) well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF)? */
bool utf8_valid(const char *s, size_t len);

#endif
