/*
 * letters_admin.c — an authority's own letter templates: which are in use,
 * what they say, and replacing or removing one, by an administrator.
 *
 * The files live in $CWYN_VAR_DIR/templates/<code>/<lang>/<kind>.tmpl
 * (out/letter.h). A new template is first written beside them in a
 * staging directory and loaded exactly as a letter would load it: an
 * unknown field, a bad tag or a missing subject line is refused with the
 * administrator's own file name and the line, and the example letter is
 * rendered with it, before anything in use changes. Only then is it
 * renamed into place (atomic on one file system), inside the transaction
 * that writes the audit entry, so every change in use is audited.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/file_io.h"
#include "app/letters_internal.h"
#include "i18n/i18n.h"

#define TEMPLATE_TEXT_MAX (256u << 10) /* as the loader */

static const char *var_dir(void)
{
	const char *v = getenv("CWYN_VAR_DIR");
	return v && *v ? v : NULL; /* NULL: "var" (letter_override_dir) */
}

enum cwyn_code letters_templates_for(const char *authority_code,
                                     struct arena *ar,
                                     struct letter_templates **out,
                                     struct cwyn_error *err)
{
	const char *dir = NULL;
	/* An authority code that cannot be part of a path has no
	 * overrides (the template commands refuse it): its letters use
	 * the shipped templates. */
	if (letter_override_dir(var_dir(), authority_code, ar, &dir, NULL) !=
	    CWYN_OK)
		dir = NULL;
	return letter_templates_load(NULL, dir, out, err);
}

/* ---- Who, which authority, which template ------------------------------ */

struct target {
	struct store_authority a;
	const char *dir;      /* the authority's override directory */
	enum letter_kind kind;
	enum language lang;
	const char *path;     /* dir/lang/kind.tmpl */
};

static enum cwyn_code may_edit(const struct app_ctx *ctx,
                               struct cwyn_error *err)
{
	if (ctx->actor.role == APP_ROLE_ADMINISTRATOR ||
	    ctx->actor.role == APP_ROLE_OPERATOR)
		return CWYN_OK;
	return cwyn_fail(err, CWYN_EFORBIDDEN, "role",
	                 N_("only an administrator may manage the letter templates"));
}

static enum cwyn_code authority_dir(const struct app_ctx *ctx,
                                    struct arena *ar, struct target *t,
                                    struct cwyn_error *err)
{
	enum cwyn_code rc = may_edit(ctx, err);
	if (rc == CWYN_OK)
		rc = store_authority_get(ctx->db, ctx->actor.authority_id, ar,
		                         &t->a, err);
	if (rc == CWYN_OK)
		rc = letter_override_dir(var_dir(), t->a.code, ar, &t->dir, err);
	return rc;
}

static enum cwyn_code resolve(const struct app_ctx *ctx, const char *kind,
                              const char *lang, struct arena *ar,
                              struct target *t, struct cwyn_error *err)
{
	memset(t, 0, sizeof *t);
	if (kind == NULL || !letter_kind_from_name(kind, &t->kind))
		return cwyn_fail(err, CWYN_EINVAL, "kind",
		                 N_("unknown letter kind (see cwyn letter list-kinds)"));
	if (lang == NULL || !language_from_name(lang, &t->lang))
		return cwyn_fail(err, CWYN_EINVAL, "lang",
		                 N_("a template is in one language: en or cy"));
	enum cwyn_code rc = authority_dir(ctx, ar, t, err);
	if (rc != CWYN_OK)
		return rc;
	t->path = arena_printf(ar, "%s/%s/%s.tmpl", t->dir,
	                       language_name(t->lang),
	                       letter_kind_name(t->kind));
	return t->path ? CWYN_OK
	               : cwyn_fail(err, CWYN_ENOMEM, "template", "out of memory");
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* mkdir -p for the directories of an override path. */
static enum cwyn_code make_dirs(const char *path, struct arena *ar,
                                struct cwyn_error *err)
{
	char *p = arena_strdup(ar, path);
	if (p == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "template", "out of memory");
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0750) != 0 && errno != EEXIST)
			return cwyn_fail(err, CWYN_EIO, "template",
			                 "cannot create %s: %s", p,
			                 strerror(errno));
		*s = '/';
	}
	if (mkdir(p, 0750) != 0 && errno != EEXIST)
		return cwyn_fail(err, CWYN_EIO, "template",
		                 "cannot create %s: %s", p, strerror(errno));
	return CWYN_OK;
}

static enum cwyn_code write_file(const char *path, const char *text,
                                 size_t len, struct cwyn_error *err)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return cwyn_fail(err, CWYN_EIO, "template", "cannot write %s: %s",
		                 path, strerror(errno));
	bool ok = fwrite(text, 1, len, f) == len && fflush(f) == 0 &&
	          fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	return ok ? CWYN_OK
	          : cwyn_fail(err, CWYN_EIO, "template", "cannot write %s",
	                      path);
}

/* ---- Listing and showing ------------------------------------------------ */

enum cwyn_code app_letter_template_list(const struct app_ctx *ctx,
                                        struct arena *ar,
                                        struct app_letter_template **out,
                                        size_t *n, struct cwyn_error *err)
{
	struct target t = {0};
	struct letter_templates *lt = NULL;
	*out = NULL;
	*n = 0;
	enum cwyn_code rc = authority_dir(ctx, ar, &t, err);
	if (rc == CWYN_OK)
		rc = letter_templates_load(NULL, t.dir, &lt, err);
	if (rc != CWYN_OK)
		return rc;
	size_t total = (size_t)LETTER_KIND__MAX * LANG__MAX;
	struct app_letter_template *ls = arena_calloc(ar, total, sizeof *ls);
	if (ls == NULL) {
		letter_templates_free(lt);
		return cwyn_fail(err, CWYN_ENOMEM, "templates", "out of memory");
	}
	size_t dl = strlen(t.dir);
	for (int k = 0; k < LETTER_KIND__MAX; k++) {
		for (int l = 0; l < LANG__MAX; l++) {
			struct app_letter_template *e = &ls[(*n)++];
			const char *p = letter_template_path(
			    lt, (enum letter_kind)k, (enum language)l);
			e->kind = letter_kind_name((enum letter_kind)k);
			e->lang = language_name((enum language)l);
			e->path = arena_strdup(ar, p ? p : "");
			e->overridden = p && strncmp(p, t.dir, dl) == 0 &&
			                p[dl] == '/';
		}
	}
	letter_templates_free(lt);
	*out = ls;
	return CWYN_OK;
}

enum cwyn_code app_letter_template_show(const struct app_ctx *ctx,
                                        const char *kind, const char *lang,
                                        struct arena *ar, const char **text,
                                        struct app_letter_template *meta,
                                        struct cwyn_error *err)
{
	struct target t;
	struct letter_templates *lt = NULL;
	*text = NULL;
	enum cwyn_code rc = resolve(ctx, kind, lang, ar, &t, err);
	if (rc == CWYN_OK)
		rc = letter_templates_load(NULL, t.dir, &lt, err);
	if (rc != CWYN_OK)
		return rc;
	const char *p = letter_template_path(lt, t.kind, t.lang);
	const char *path = arena_strdup(ar, p ? p : "");
	letter_templates_free(lt);
	char *buf = NULL;
	size_t len = 0;
	if ((rc = file_read_all(path, TEMPLATE_TEXT_MAX, &buf, &len, err)))
		return rc;
	*text = arena_strndup(ar, buf, len);
	free(buf);
	if (*text == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "template", "out of memory");
	if (meta) {
		meta->kind = letter_kind_name(t.kind);
		meta->lang = language_name(t.lang);
		meta->path = path;
		meta->overridden = strcmp(path, t.path) == 0;
	}
	return CWYN_OK;
}

/* ---- Changing ------------------------------------------------------------ */

/* Load the staged template as letters would, and render the example. */
static enum cwyn_code check_staged(const struct app_ctx *ctx,
                                   const struct target *t, const char *stage,
                                   const char *source, struct arena *ar,
                                   struct cwyn_error *err)
{
	struct letter_templates *lt = NULL;
	enum cwyn_code rc = letter_templates_load(NULL, stage, &lt, err);
	if (rc != CWYN_OK) {
		/* The loader names the staged file; the administrator knows
		 * their own file by the name they gave. */
		if (err && strstr(err->field, ".staging-") != NULL)
			snprintf(err->field, sizeof err->field, "%s", source);
		return rc;
	}
	struct letter_data d;
	letter_data_sample(&d, ctx->policy);
	d.authority_code = t->a.code;
	struct letter_output o;
	rc = letter_render(lt, t->kind,
	                   t->lang == LANG_CY ? LETTER_LANG_CY : LETTER_LANG_EN,
	                   LETTER_HTML, &d, ar, &o, err);
	if (rc != CWYN_OK && err)
		snprintf(err->field, sizeof err->field, "%s", source);
	letter_templates_free(lt);
	return rc;
}

static const char *base_name(const char *s)
{
	const char *b = s ? strrchr(s, '/') : NULL;
	return b ? b + 1 : s;
}

enum cwyn_code app_letter_template_set(const struct app_ctx *ctx,
                                       const char *kind, const char *lang,
                                       const char *text, size_t len,
                                       const char *source,
                                       struct cwyn_error *err)
{
	struct arena ar;
	struct target t;
	char *stage = NULL, *staged = NULL, *stage_lang = NULL;
	bool began = false;
	arena_init(&ar, 0);
	if (source == NULL || *source == '\0')
		source = "template";
	enum cwyn_code rc = resolve(ctx, kind, lang, &ar, &t, err);
	if (rc != CWYN_OK)
		goto out;
	if (text == NULL || len == 0 || len > TEMPLATE_TEXT_MAX ||
	    memchr(text, '\0', len) != NULL) {
		rc = cwyn_fail(err, CWYN_EINVAL, source,
		               N_("a template is a text file of at most 256 KiB"));
		goto out;
	}
	if ((rc = make_dirs(arena_printf(&ar, "%s/%s", t.dir,
	                                 language_name(t.lang)),
	                    &ar, err)) != CWYN_OK)
		goto out;
	stage = arena_printf(&ar, "%s/.staging-XXXXXX", t.dir);
	if (stage == NULL || mkdtemp(stage) == NULL) {
		rc = cwyn_fail(err, CWYN_EIO, "template",
		               "cannot make a staging directory in %s: %s", t.dir,
		               strerror(errno));
		stage = NULL;
		goto out;
	}
	stage_lang = arena_printf(&ar, "%s/%s", stage, language_name(t.lang));
	staged = arena_printf(&ar, "%s/%s.tmpl", stage_lang,
	                      letter_kind_name(t.kind));
	if (stage_lang == NULL || staged == NULL ||
	    mkdir(stage_lang, 0750) != 0) {
		rc = cwyn_fail(err, CWYN_EIO, "template",
		               "cannot prepare the template");
		goto out;
	}
	if ((rc = write_file(staged, text, len, err)) ||
	    (rc = check_staged(ctx, &t, stage, source, &ar, err)))
		goto out;
	if ((rc = app_begin(ctx, err)) != CWYN_OK)
		goto out;
	began = true;
	json_t *d = json_object();
	json_object_set_new(d, "authority", json_string(t.a.code));
	json_object_set_new(d, "kind", json_string(letter_kind_name(t.kind)));
	json_object_set_new(d, "lang", json_string(language_name(t.lang)));
	json_object_set_new(d, "replaced", json_boolean(is_file(t.path)));
	json_object_set_new(d, "bytes", json_integer((json_int_t)len));
	json_object_set_new(d, "source", json_string(base_name(source)));
	if ((rc = app_audit(ctx, "letter.template.set", 0, d, err)))
		goto out;
	if (rename(staged, t.path) != 0) {
		rc = cwyn_fail(err, CWYN_EIO, "template", "cannot install %s: %s",
		               t.path, strerror(errno));
		goto out;
	}
	staged = NULL;
out:
	if (began)
		rc = app_end(ctx, rc, err);
	if (staged)
		unlink(staged);
	if (stage_lang)
		rmdir(stage_lang);
	if (stage)
		rmdir(stage);
	arena_free(&ar);
	return rc;
}

enum cwyn_code app_letter_template_reset(const struct app_ctx *ctx,
                                         const char *kind, const char *lang,
                                         struct cwyn_error *err)
{
	struct arena ar;
	struct target t;
	arena_init(&ar, 0);
	enum cwyn_code rc = resolve(ctx, kind, lang, &ar, &t, err);
	if (rc != CWYN_OK)
		goto done;
	if (!is_file(t.path)) {
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "template",
		               N_("the authority has no template of its own for this letter and language"));
		goto done;
	}
	if ((rc = app_begin(ctx, err)) != CWYN_OK)
		goto done;
	json_t *d = json_object();
	json_object_set_new(d, "authority", json_string(t.a.code));
	json_object_set_new(d, "kind", json_string(letter_kind_name(t.kind)));
	json_object_set_new(d, "lang", json_string(language_name(t.lang)));
	if ((rc = app_audit(ctx, "letter.template.reset", 0, d, err)) ==
	        CWYN_OK &&
	    unlink(t.path) != 0)
		rc = cwyn_fail(err, CWYN_EIO, "template", "cannot remove %s: %s",
		               t.path, strerror(errno));
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}
