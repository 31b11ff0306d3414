/*
 * error.h — the one error type of cwyn.
 *
 * Every fallible function returns an enum cwyn_code (CWYN_OK is zero) and,
 * when the caller passes a struct cwyn_error, fills in which field was wrong
 * and why, in plain English. Callers that only need success or failure may
 * pass NULL. Presentation layers translate the message through gettext.
 */
#ifndef CWYN_CORE_ERROR_H
#define CWYN_CORE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

enum cwyn_code {
	CWYN_OK = 0,
	CWYN_ENOMEM,     /* allocation failed */
	CWYN_EINVAL,     /* bad input: malformed, wrong type, unknown value */
	CWYN_ERANGE,     /* a value is outside what is allowed (dates, sizes) */
	CWYN_ENOTFOUND,  /* the thing asked for does not exist */
	CWYN_ECONFLICT,  /* a concurrent edit or a uniqueness clash */
	CWYN_ESTATE,     /* the action is not allowed in the current state */
	CWYN_EFORBIDDEN, /* the user may not do this */
	CWYN_EIO,        /* reading or writing a file or socket failed */
	CWYN_EDB,        /* the database refused or failed */
	CWYN_EINTERNAL,  /* a bug: an invariant did not hold */
	CWYN_CODE__MAX
};

struct cwyn_error {
	enum cwyn_code code;
	char field[96];   /* JSON-pointer-like path of the bad field, or "" */
	char message[416];/* plain English, no user text echoed unescaped */
	int line;         /* line in a file being parsed, or 0 */
};

/* Stable short name of a code, e.g. "invalid_input" (used in API bodies). */
const char *cwyn_code_name(enum cwyn_code code);

/*
 * Record an error and return its code, so callers can write
 *     return cwyn_fail(err, CWYN_EINVAL, "dates.event", "not a date");
 * err may be NULL. The message is printf-formatted and truncated to fit.
 */
enum cwyn_code cwyn_fail(struct cwyn_error *err, enum cwyn_code code,
                         const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Same as cwyn_fail with a line number (used by file parsers). */
enum cwyn_code cwyn_fail_line(struct cwyn_error *err, enum cwyn_code code,
                              int line, const char *field, const char *fmt,
                              ...) __attribute__((format(printf, 5, 6)));

/* Reset an error record to "no error". */
void cwyn_error_clear(struct cwyn_error *err);

#endif
