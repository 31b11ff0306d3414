/*
 * letter_templates.c — finding, reading and checking the letter templates
 * at start-up: an authority's own file in its override directory when
 * there is one, else the shipped default. Every template of every kind and
 * language is parsed (fields checked against the schema) before any letter
 * is written, so a broken edit is reported at once with its file and line.
 */
#include "letter_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TEMPLATE_MAX (256u << 10) /* far above any letter */

static const char *const lang_dirs[LANG__MAX] = {"en", "cy"};

/* Keep the end of a long path for err->field: the file name matters. */
static const char *tail(const char *path)
{
	size_t n = strlen(path), max = sizeof(((struct cwyn_error *)0)->field) - 1;
	return n > max ? path + (n - max) : path;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Read a whole file into the arena, NUL-terminated. */
static enum cwyn_code read_file(const char *path, struct arena *ar,
                                char **out, size_t *len,
                                struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return cwyn_fail(err, errno == ENOENT ? CWYN_ENOTFOUND : CWYN_EIO,
		                 tail(path), "cannot open the template: %s",
		                 strerror(errno));
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = cwyn_fail(err, CWYN_EIO, tail(path),
		               "the template is not a regular file");
		goto out;
	}
	if ((unsigned long long)st.st_size > TEMPLATE_MAX) {
		rc = cwyn_fail(err, CWYN_ERANGE, tail(path),
		               "the template is larger than %u KiB",
		               TEMPLATE_MAX >> 10);
		goto out;
	}
	size_t size = (size_t)st.st_size;
	char *buf = arena_alloc(ar, size + 1);
	if (buf == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, tail(path), "out of memory");
		goto out;
	}
	size_t n = fread(buf, 1, size, f);
	if (ferror(f) || n != size) {
		rc = cwyn_fail(err, CWYN_EIO, tail(path),
		               "cannot read the template");
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
out:
	fclose(f);
	return rc;
}

/* The first line with text must be the subject, "# ...". */
static enum cwyn_code check_subject(const char *text, size_t len,
                                    const char *path, struct cwyn_error *err)
{
	int line = 1;
	size_t i = 0;
	while (i < len && (text[i] == '\n' || text[i] == ' ' ||
	                   text[i] == '\t' || text[i] == '\r')) {
		line += text[i] == '\n';
		i++;
	}
	if (len - i < 2 || text[i] != '#' || text[i + 1] != ' ')
		return cwyn_fail_line(err, CWYN_EINVAL, line, tail(path),
		                      "a letter template must begin with its "
		                      "subject line, \"# Subject\"");
	return CWYN_OK;
}

static enum cwyn_code load_one(struct letter_templates *t, enum letter_kind k,
                               enum language l, const char *defaults_dir,
                               const char *override_dir,
                               struct cwyn_error *err)
{
	const char *name = letter_kind_name(k);
	const char *path = NULL;
	if (override_dir != NULL) {
		path = arena_printf(&t->arena, "%s/%s/%s.tmpl", override_dir,
		                    lang_dirs[l], name);
		if (path != NULL && !is_file(path))
			path = NULL;
	}
	if (path == NULL)
		path = arena_printf(&t->arena, "%s/%s/%s.tmpl", defaults_dir,
		                    lang_dirs[l], name);
	if (path == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "templates", "out of memory");
	char *text = NULL;
	size_t len = 0;
	enum cwyn_code rc = read_file(path, &t->arena, &text, &len, err);
	if (rc == CWYN_OK)
		rc = check_subject(text, len, path, err);
	if (rc == CWYN_OK)
		rc = tmpl_parse(text, len, path, &letter_schema, &t->arena,
		                &t->t[k][l], err);
	t->path[k][l] = path;
	return rc;
}

enum cwyn_code letter_templates_load(const char *defaults_dir,
                                     const char *override_dir,
                                     struct letter_templates **out,
                                     struct cwyn_error *err)
{
	*out = NULL;
	struct letter_templates *t = calloc(1, sizeof *t);
	if (t == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "templates", "out of memory");
	arena_init(&t->arena, 0);
	enum cwyn_code rc = CWYN_OK;
	if (defaults_dir == NULL || *defaults_dir == '\0') {
		const char *root = getenv("CWYN_SOURCE_ROOT");
		if (root == NULL || *root == '\0')
			root = CWYN_SOURCE_ROOT;
		defaults_dir = arena_printf(&t->arena, "%s/templates/letters",
		                            root);
		if (defaults_dir == NULL) {
			rc = cwyn_fail(err, CWYN_ENOMEM, "templates",
			               "out of memory");
			goto err;
		}
	}
	if (override_dir != NULL && *override_dir == '\0')
		override_dir = NULL;
	for (int k = 0; k < LETTER_KIND__MAX; k++) {
		for (int l = 0; l < LANG__MAX; l++) {
			rc = load_one(t, (enum letter_kind)k, (enum language)l,
			              defaults_dir, override_dir, err);
			if (rc != CWYN_OK)
				goto err;
		}
	}
	*out = t;
	return CWYN_OK;
err:
	letter_templates_free(t);
	return rc;
}

void letter_templates_free(struct letter_templates *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t);
}

const char *letter_template_path(const struct letter_templates *t,
                                 enum letter_kind k, enum language l)
{
	if ((unsigned)k >= LETTER_KIND__MAX || (unsigned)l >= LANG__MAX)
		return NULL;
	return t->path[k][l];
}

enum cwyn_code letter_override_dir(const char *var_dir, const char *code,
                                   struct arena *ar, const char **out,
                                   struct cwyn_error *err)
{
	*out = NULL;
	size_t n = code ? strlen(code) : 0;
	if (n == 0 || n > 64)
		return cwyn_fail(err, CWYN_EINVAL, "authority.code",
		                 "the authority code must be 1 to 64 characters");
	for (size_t i = 0; i < n; i++) {
		char c = code[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		          (c == '-' && i > 0);
		if (!ok)
			return cwyn_fail(err, CWYN_EINVAL, "authority.code",
			                 "the authority code may hold only "
			                 "lower-case letters, digits and '-' "
			                 "(not first)");
	}
	*out = arena_printf(ar, "%s/templates/%s",
	                    var_dir && *var_dir ? var_dir : "var", code);
	return *out ? CWYN_OK : cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
}
