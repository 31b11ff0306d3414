/*
 * file_io.c — whole-file reads with a cap, so a huge or endless input is
 * refused with a clear error instead of exhausting memory.
 */
#include "file_io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum cwyn_code stream_read_all(FILE *f, const char *name, size_t max,
                               char **out, size_t *len,
                               struct cwyn_error *err)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, name, "out of memory");
	for (;;) {
		if (n + 1 >= cap) {
			if (cap > max + 1) {
				free(buf);
				return cwyn_fail(err, CWYN_ERANGE, name,
				                 "input is larger than %zu bytes",
				                 max);
			}
			char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				free(buf);
				return cwyn_fail(err, CWYN_ENOMEM, name,
				                 "out of memory");
			}
			buf = nb;
			cap *= 2;
		}
		size_t got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (n > max) {
			free(buf);
			return cwyn_fail(err, CWYN_ERANGE, name,
			                 "input is larger than %zu bytes", max);
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return cwyn_fail(err, CWYN_EIO, name, "read failed: %s",
		                 strerror(errno));
	}
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return CWYN_OK;
}

enum cwyn_code file_read_all(const char *path, size_t max, char **out,
                             size_t *len, struct cwyn_error *err)
{
	if (strcmp(path, "-") == 0)
		return stream_read_all(stdin, "stdin", max, out, len, err);
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return cwyn_fail(err, errno == ENOENT ? CWYN_ENOTFOUND : CWYN_EIO,
		                 path, "cannot open: %s", strerror(errno));
	enum cwyn_code rc = stream_read_all(f, path, max, out, len, err);
	fclose(f);
	return rc;
}
