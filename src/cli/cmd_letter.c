/*
 * cmd_letter.c — `cwyn letter render KIND ...` and `cwyn letter list-kinds`:
 * write one letter as HTML or PDF from the shipped (or an authority's own)
 * templates, with the data given as JSON (see docs/letters.md) or, without
 * --data, the built-in example case. For previews, for checking an edited
 * template, and for tests; the case workflow renders letters through app/.
 *
 * Nothing is written unless the whole letter rendered.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/file_io.h"
#include "app/policy_file.h"
#include "cli/commands.h"
#include "core/arena.h"
#include "i18n/i18n.h"
#include "out/letter.h"

/* What each kind is for, shown by list-kinds. */
static const char *const kind_words[LETTER_KIND__MAX] = {
	N_("acknowledgement: procedure, help, and the right to ask for Stage 2 at any time"), /* LETTER_ACKNOWLEDGEMENT */
	N_("Stage 1 resolution: the terms agreed, in writing"), /* LETTER_STAGE1_RESOLUTION */
	N_("Stage 2 acknowledgement: the formal investigation and when the response is due"), /* LETTER_STAGE2_ACKNOWLEDGEMENT */
	N_("Stage 2 response: findings, outcome, and the Ombudsman"), /* LETTER_STAGE2_RESPONSE */
	N_("conference chair's response, and the Safeguarding Board panel"), /* LETTER_CHAIR_RESPONSE */
	N_("referral to another agency (to the agency)"), /* LETTER_REFERRAL_AGENCY */
	N_("referral to another agency (to the complainant)"), /* LETTER_REFERRAL_COMPLAINANT */
	N_("exclusion of court matters: why, legal advice, Family Rights Group"), /* LETTER_EXCLUSION_COURT */
	N_("final response, with the Ombudsman's details"), /* LETTER_FINAL_RESPONSE */
	N_("extension agreed: what, with whom, when, why, the new date"), /* LETTER_EXTENSION */
};

/* Fixed messages from out/ (English there), listed so xgettext extracts
 * them and cli_report can show them in Welsh. */
static const char *const out_messages[] = {
	N_("every letter must say which council sends it"),
	N_("every letter must give the case reference"),
	N_("every letter must be dated"),
	N_("a referral letter must name the agency it goes to"),
	N_("the letter must be addressed to the complainant"),
	N_("an acknowledgement must say when the complaint was received"),
	N_("the Stage 1 letter must set out the terms of the resolution (reg 16)"),
	N_("the Stage 2 acknowledgement must say when Stage 2 was requested"),
	N_("the Stage 2 acknowledgement must say when the response is due"),
	N_("a response must give the outcome"),
	N_("a referral letter must name the agency"),
	N_("an exclusion letter must explain why the matter cannot be considered (how it would prejudice the court proceedings, or that the court has dealt with it)"),
	N_("the extension letter must say what was extended"),
	N_("the extension letter must say with whom it was agreed"),
	N_("the extension letter must say when it was agreed"),
	N_("the extension letter must say why (exceptional circumstances)"),
	N_("the extension letter must give the new date"),
	N_("the new date must be after the original one"),
	N_("a letter template must begin with its subject line, \"# Subject\""),
	N_("the authority code may hold only lower-case letters, digits and '-' (not first)"),
};

static int usage(void)
{
	fprintf(stderr, "%s\n%s\n",
	        _("Usage: cwyn letter render KIND [--lang en|cy|both] [--format html|pdf]\n"
	          "         [--data FILE.json] [--templates DIR] [--override-dir DIR]\n"
	          "         [--policy FILE] -o OUT"),
	        _("       cwyn letter list-kinds"));
	return 2;
}

/* ---- Data from JSON (docs/letters.md) ------------------------------------ */

struct json_ctx {
	struct cwyn_error *err;
	char path[96];
};

/* "path.key" into out (truncated to fit; only for messages). */
static void join(char out[96], const char *path, const char *key)
{
	size_t n = 0, max = 95;
	for (const char *s = path; *s && n < max; s++)
		out[n++] = *s;
	if (*path && n < max)
		out[n++] = '.';
	for (const char *s = key; *s && n < max; s++)
		out[n++] = *s;
	out[n] = '\0';
}

static enum cwyn_code bad(struct json_ctx *c, const char *key,
                          const char *msg)
{
	char field[96];
	join(field, c->path, key);
	return cwyn_fail(c->err, CWYN_EINVAL, field, "%s", msg);
}

/* Refuse keys the format does not have, so a typo is not ignored. */
static enum cwyn_code only_keys(struct json_ctx *c, json_t *obj,
                                const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		bool known = false;
		for (size_t i = 0; keys[i] && !known; i++)
			known = strcmp(keys[i], k) == 0;
		(void)v;
		if (!known)
			return bad(c, k, N_("unknown key"));
	}
	return CWYN_OK;
}

static enum cwyn_code get_text(struct json_ctx *c, json_t *obj,
                               const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return CWYN_OK;
	if (!json_is_string(v))
		return bad(c, key, N_("must be a string"));
	*out = json_string_value(v);
	return CWYN_OK;
}

/* "text" for both languages, or {"en": "...", "cy": "..."}. */
static enum cwyn_code get_ptext(struct json_ctx *c, json_t *obj,
                                const char *key, struct policy_text *out)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return CWYN_OK;
	if (json_is_string(v)) {
		out->en = out->cy = json_string_value(v);
		return CWYN_OK;
	}
	if (!json_is_object(v))
		return bad(c, key, N_("must be a string or an object with en and cy"));
	static const char *const keys[] = {"en", "cy", NULL};
	struct json_ctx sub = *c;
	join(sub.path, c->path, key);
	enum cwyn_code rc = only_keys(&sub, v, keys);
	if (rc == CWYN_OK)
		rc = get_text(&sub, v, "en", &out->en);
	if (rc == CWYN_OK)
		rc = get_text(&sub, v, "cy", &out->cy);
	return rc;
}

static enum cwyn_code get_date(struct json_ctx *c, json_t *obj,
                               const char *key, cwyn_day *out)
{
	const char *s = NULL;
	enum cwyn_code rc = get_text(c, obj, key, &s);
	if (rc != CWYN_OK || s == NULL)
		return rc;
	char field[96];
	join(field, c->path, key);
	return date_parse(s, out, field, c->err);
}

static enum cwyn_code get_object(struct json_ctx *c, json_t *obj,
                                 const char *key, json_t **out,
                                 struct json_ctx *sub)
{
	*out = json_object_get(obj, key);
	if (*out != NULL && json_is_null(*out))
		*out = NULL;
	if (*out != NULL && !json_is_object(*out))
		return bad(c, key, N_("must be an object"));
	*sub = *c;
	join(sub->path, c->path, key);
	return CWYN_OK;
}

static enum cwyn_code get_outcome(struct json_ctx *c, json_t *obj,
                                  enum letter_outcome *out)
{
	const char *s = NULL;
	enum cwyn_code rc = get_text(c, obj, "outcome", &s);
	if (rc != CWYN_OK || s == NULL)
		return rc;
	if (!letter_outcome_from_name(s, out))
		return bad(c, "outcome", N_("must be none, upheld, partly_upheld, not_upheld, resolved or withdrawn"));
	return CWYN_OK;
}

static enum cwyn_code get_matters(struct json_ctx *c, json_t *root,
                                  struct arena *ar, struct letter_data *d)
{
	json_t *arr = json_object_get(root, "matters");
	if (arr == NULL || json_is_null(arr))
		return CWYN_OK;
	if (!json_is_array(arr))
		return bad(c, "matters", N_("must be an array"));
	size_t n = json_array_size(arr);
	struct letter_matter *m = arena_calloc(ar, n ? n : 1, sizeof *m);
	if (m == NULL)
		return cwyn_fail(c->err, CWYN_ENOMEM, "matters", "out of memory");
	static const char *const keys[] = {"summary", "route", "agency_name",
	                                   "outcome", "finding", "due", NULL};
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		struct json_ctx sub = *c;
		char idx[32];
		snprintf(idx, sizeof idx, "matters[%zu]", i);
		join(sub.path, "", idx);
		if (!json_is_object(o))
			return cwyn_fail(c->err, CWYN_EINVAL, sub.path,
			                 "%s", N_("must be an object"));
		m[i].due = CWYN_DAY_NONE;
		const char *route = NULL;
		enum cwyn_code rc = only_keys(&sub, o, keys);
		if (rc == CWYN_OK)
			rc = get_text(&sub, o, "summary", &m[i].summary);
		if (rc == CWYN_OK)
			rc = get_text(&sub, o, "route", &route);
		if (rc == CWYN_OK)
			rc = get_text(&sub, o, "agency_name", &m[i].agency_name);
		if (rc == CWYN_OK)
			rc = get_outcome(&sub, o, &m[i].outcome);
		if (rc == CWYN_OK)
			rc = get_text(&sub, o, "finding", &m[i].finding);
		if (rc == CWYN_OK)
			rc = get_date(&sub, o, "due", &m[i].due);
		if (rc != CWYN_OK)
			return rc;
		if (route == NULL)
			return bad(&sub, "route", N_("is required"));
		bool found = false;
		for (int r = 0; r < ROUTE__MAX && !found; r++) {
			if (strcmp(route_name((enum route)r), route) == 0) {
				m[i].route = (enum route)r;
				found = true;
			}
		}
		if (!found)
			return bad(&sub, "route", N_("is not a route name (see docs/letters.md)"));
	}
	d->matters = m;
	d->n_matters = n;
	return CWYN_OK;
}

/* Fill d from the JSON document; *lang_out is set when it gives one. */
static enum cwyn_code data_from_json(json_t *root, struct arena *ar,
                                     struct letter_data *d,
                                     enum letter_lang *lang_out,
                                     struct cwyn_error *err)
{
	struct json_ctx c = {.err = err};
	if (!json_is_object(root))
		return cwyn_fail(err, CWYN_EINVAL, "data", "%s",
		                 N_("the letter data must be a JSON object"));
	static const char *const top[] = {
	    "language", "authority", "complainant", "reference", "officer",
	    "chair_name", "dates", "matters", "outcome", "outcome_detail",
	    "resolution_terms", "agency", "exclusion_reason", "extension",
	    NULL};
	enum cwyn_code rc = only_keys(&c, root, top);
	if (rc != CWYN_OK)
		return rc;
	const char *language = NULL;
	rc = get_text(&c, root, "language", &language);
	if (rc != CWYN_OK)
		return rc;
	if (language != NULL) {
		/* The case's recorded language; unknown → both (§6.2.5). */
		if (strcmp(language, "unknown") == 0) {
			*lang_out = letter_lang_for_case(false, LANG_EN);
		} else if (strcmp(language, "en") == 0 ||
		           strcmp(language, "cy") == 0) {
			*lang_out = letter_lang_for_case(
			    true, language[0] == 'c' ? LANG_CY : LANG_EN);
		} else {
			return bad(&c, "language", N_("must be en, cy or unknown"));
		}
	}
	json_t *o;
	struct json_ctx sub;
	static const char *const authority_keys[] = {"code", "name", "address",
	                                             NULL};
	if ((rc = get_object(&c, root, "authority", &o, &sub)) != CWYN_OK)
		return rc;
	if (o && ((rc = only_keys(&sub, o, authority_keys)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "code", &d->authority_code)) != CWYN_OK ||
	          (rc = get_ptext(&sub, o, "name", &d->authority_name)) != CWYN_OK ||
	          (rc = get_ptext(&sub, o, "address", &d->authority_address)) != CWYN_OK))
		return rc;
	static const char *const person_keys[] = {"name", "address", NULL};
	if ((rc = get_object(&c, root, "complainant", &o, &sub)) != CWYN_OK)
		return rc;
	if (o && ((rc = only_keys(&sub, o, person_keys)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "name", &d->complainant_name)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "address", &d->complainant_address)) != CWYN_OK))
		return rc;
	static const char *const officer_keys[] = {"name", "title", NULL};
	if ((rc = get_object(&c, root, "officer", &o, &sub)) != CWYN_OK)
		return rc;
	if (o && ((rc = only_keys(&sub, o, officer_keys)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "name", &d->officer_name)) != CWYN_OK ||
	          (rc = get_ptext(&sub, o, "title", &d->officer_title)) != CWYN_OK))
		return rc;
	if ((rc = get_object(&c, root, "agency", &o, &sub)) != CWYN_OK)
		return rc;
	if (o && ((rc = only_keys(&sub, o, person_keys)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "name", &d->agency_name)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "address", &d->agency_address)) != CWYN_OK))
		return rc;
	static const char *const date_keys[] = {
	    "letter", "received", "acknowledged", "discussion_due", "resolved",
	    "stage2_requested", "response_due", "conference_held",
	    "minutes_sent", NULL};
	cwyn_day *date_fields[] = {
	    &d->letter_date, &d->received, &d->acknowledged,
	    &d->discussion_due, &d->resolved, &d->stage2_requested,
	    &d->response_due, &d->conference_held, &d->minutes_sent};
	if ((rc = get_object(&c, root, "dates", &o, &sub)) != CWYN_OK)
		return rc;
	if (o && (rc = only_keys(&sub, o, date_keys)) != CWYN_OK)
		return rc;
	for (size_t i = 0; o && date_keys[i]; i++)
		if ((rc = get_date(&sub, o, date_keys[i], date_fields[i])) != CWYN_OK)
			return rc;
	static const char *const ext_keys[] = {"step", "agreed_with",
	                                       "agreed_on", "reason",
	                                       "old_due", "new_due", NULL};
	if ((rc = get_object(&c, root, "extension", &o, &sub)) != CWYN_OK)
		return rc;
	if (o && ((rc = only_keys(&sub, o, ext_keys)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "step", &d->extension.step)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "agreed_with", &d->extension.agreed_with)) != CWYN_OK ||
	          (rc = get_date(&sub, o, "agreed_on", &d->extension.agreed_on)) != CWYN_OK ||
	          (rc = get_text(&sub, o, "reason", &d->extension.reason)) != CWYN_OK ||
	          (rc = get_date(&sub, o, "old_due", &d->extension.old_due)) != CWYN_OK ||
	          (rc = get_date(&sub, o, "new_due", &d->extension.new_due)) != CWYN_OK))
		return rc;
	if ((rc = get_text(&c, root, "reference", &d->reference)) != CWYN_OK ||
	    (rc = get_text(&c, root, "chair_name", &d->chair_name)) != CWYN_OK ||
	    (rc = get_outcome(&c, root, &d->outcome)) != CWYN_OK ||
	    (rc = get_text(&c, root, "outcome_detail", &d->outcome_detail)) != CWYN_OK ||
	    (rc = get_text(&c, root, "resolution_terms", &d->resolution_terms)) != CWYN_OK ||
	    (rc = get_text(&c, root, "exclusion_reason", &d->exclusion_reason)) != CWYN_OK)
		return rc;
	return get_matters(&c, root, ar, d);
}

/* ---- Commands ------------------------------------------------------------ */

static int write_output(const char *path, const struct letter_output *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (f == NULL) {
		fprintf(stderr, "cwyn letter: %s: %s: %s\n", path,
		        _("cannot write the letter"), strerror(errno));
		return 1;
	}
	bool ok = fwrite(out->data, 1, out->len, f) == out->len;
	ok = (f == stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
	if (!ok) {
		fprintf(stderr, "cwyn letter: %s: %s\n", path,
		        _("cannot write the letter"));
		return 1;
	}
	return 0;
}

static int run_list(void)
{
	for (int k = 0; k < LETTER_KIND__MAX; k++)
		printf("%-24s %s\n", letter_kind_name((enum letter_kind)k),
		       _(kind_words[k]));
	return 0;
}

struct render_args {
	const char *kind, *lang, *format, *data, *templates, *override_dir,
	    *policy, *out;
};

static int run_render(const struct render_args *a)
{
	int rc = 1;
	struct cwyn_error err = {0};
	struct arena ar;
	arena_init(&ar, 0);
	struct policy *p = NULL;
	struct letter_templates *t = NULL;
	json_t *root = NULL;
	char *text = NULL;
	enum letter_kind kind;
	enum letter_format format = LETTER_HTML;
	enum letter_lang lang = LETTER_LANG_BOTH;
	(void)out_messages;

	if (!letter_kind_from_name(a->kind, &kind)) {
		fprintf(stderr, "cwyn letter: %s: %s\n", a->kind,
		        _("unknown letter kind (see cwyn letter list-kinds)"));
		rc = 2;
		goto out;
	}
	if (a->format && !letter_format_from_name(a->format, &format)) {
		fprintf(stderr, "cwyn letter: --format: %s\n",
		        _("must be html or pdf"));
		rc = 2;
		goto out;
	}
	if (policy_load_file(a->policy, &p, &err) != CWYN_OK) {
		rc = cli_report("letter", &err);
		goto out;
	}
	struct letter_data d;
	if (a->data == NULL) {
		letter_data_sample(&d, p);
	} else {
		letter_data_init(&d);
		d.policy = p;
		size_t len = 0;
		if (file_read_all(a->data, CWYN_INPUT_MAX, &text, &len, &err) !=
		    CWYN_OK) {
			rc = cli_report("letter", &err);
			goto out;
		}
		json_error_t jerr;
		root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
		if (root == NULL) {
			cwyn_fail_line(&err, CWYN_EINVAL, jerr.line, a->data,
			               "%s", N_("not valid JSON"));
			rc = cli_report("letter", &err);
			goto out;
		}
		if (data_from_json(root, &ar, &d, &lang, &err) !=
		    CWYN_OK) {
			rc = cli_report("letter", &err);
			goto out;
		}
	}
	if (a->lang) {
		if (!letter_lang_from_name(a->lang, &lang)) {
			fprintf(stderr, "cwyn letter: --lang: %s\n",
			        _("must be en, cy or both"));
			rc = 2;
			goto out;
		}
	}
	const char *override_dir = a->override_dir;
	if (override_dir == NULL && d.authority_code != NULL) {
		const char *var = getenv("CWYN_VAR_DIR");
		if (letter_override_dir(var, d.authority_code, &ar,
		                        &override_dir, &err) != CWYN_OK) {
			rc = cli_report("letter", &err);
			goto out;
		}
	}
	if (letter_templates_load(a->templates, override_dir, &t, &err) !=
	    CWYN_OK) {
		rc = cli_report("letter", &err);
		goto out;
	}
	struct letter_output res;
	if (letter_render(t, kind, lang, format, &d, &ar, &res, &err) !=
	    CWYN_OK) {
		rc = cli_report("letter", &err);
		goto out;
	}
	rc = write_output(a->out, &res);
out:
	letter_templates_free(t);
	json_decref(root);
	free(text);
	policy_free(p);
	arena_free(&ar);
	letter_shutdown();
	return rc;
}

int cmd_letter(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "template") == 0) /* cmd_letters.c */
		return cmd_letter_template(argc - 1, argv + 1);
	if (strcmp(argv[1], "list-kinds") == 0)
		return argc == 2 ? run_list() : usage();
	if (strcmp(argv[1], "render") != 0 || argc < 3)
		return usage();
	struct render_args a = {.kind = argv[2]};
	for (int i = 3; i < argc; i++) {
		const char **slot = NULL;
		if (strcmp(argv[i], "--lang") == 0)
			slot = &a.lang;
		else if (strcmp(argv[i], "--format") == 0)
			slot = &a.format;
		else if (strcmp(argv[i], "--data") == 0)
			slot = &a.data;
		else if (strcmp(argv[i], "--templates") == 0)
			slot = &a.templates;
		else if (strcmp(argv[i], "--override-dir") == 0)
			slot = &a.override_dir;
		else if (strcmp(argv[i], "--policy") == 0)
			slot = &a.policy;
		else if (strcmp(argv[i], "-o") == 0)
			slot = &a.out;
		if (slot == NULL || i + 1 >= argc)
			return usage();
		*slot = argv[++i];
	}
	if (a.out == NULL)
		return usage();
	return run_render(&a);
}
