/*
 * file_io.h — reading inputs whole, with a size cap, for the CLI and the
 * loaders (policy files, facts JSON on stdin).
 */
#ifndef CWYN_APP_FILE_IO_H
#define CWYN_APP_FILE_IO_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

#define CWYN_INPUT_MAX (8u << 20) /* 8 MiB: far above any real complaint */

/*
 * Read all of path ("-" means stdin) into a NUL-terminated malloc'd buffer.
 * More than max bytes is CWYN_ERANGE; the caller frees *out.
 */
enum cwyn_code file_read_all(const char *path, size_t max, char **out,
                             size_t *len, struct cwyn_error *err);

/* The same for an already open stream. */
enum cwyn_code stream_read_all(FILE *f, const char *name, size_t max,
                               char **out, size_t *len,
                               struct cwyn_error *err);

#endif
