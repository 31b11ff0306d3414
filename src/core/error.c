/*
 * error.c — the one error type: names for codes and the helpers that fill
 * a struct cwyn_error.
 */
#include "error.h"

#include <stdio.h>
#include <string.h>

static const char *const code_names[CWYN_CODE__MAX] = {
	"ok",             /* CWYN_OK */
	"out_of_memory",  /* CWYN_ENOMEM */
	"invalid_input",  /* CWYN_EINVAL */
	"out_of_range",   /* CWYN_ERANGE */
	"not_found",      /* CWYN_ENOTFOUND */
	"conflict",       /* CWYN_ECONFLICT */
	"invalid_state",  /* CWYN_ESTATE */
	"forbidden",      /* CWYN_EFORBIDDEN */
	"io_error",       /* CWYN_EIO */
	"database_error", /* CWYN_EDB */
	"internal_error", /* CWYN_EINTERNAL */
};

const char *cwyn_code_name(enum cwyn_code code)
{
	if ((unsigned)code >= CWYN_CODE__MAX)
		return "internal_error";
	return code_names[code];
}

__attribute__((format(printf, 5, 0))) static enum cwyn_code
fill(struct cwyn_error *err, enum cwyn_code code, int line, const char *field,
     const char *fmt, va_list ap)
{
	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return code;
}

enum cwyn_code cwyn_fail(struct cwyn_error *err, enum cwyn_code code,
                         const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, code, 0, field, fmt, ap);
	va_end(ap);
	return code;
}

enum cwyn_code cwyn_fail_line(struct cwyn_error *err, enum cwyn_code code,
                              int line, const char *field, const char *fmt,
                              ...)
{
	va_list ap;
	va_start(ap, fmt);
	fill(err, code, line, field, fmt, ap);
	va_end(ap);
	return code;
}

void cwyn_error_clear(struct cwyn_error *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}
