/*
 * facts_json.c — reading a facts document (docs/facts-format.md) into
 * struct facts, and writing a decision as JSON.
 *
 * Reading is table-driven per object: first every member is checked
 * against the list the schema allows (a typo must not silently become a
 * default), then each member is read with its type, length and value
 * checks. Everything is built in a local struct and copied out only when
 * the whole document, and facts_validate(), have passed.
 */
#include "facts_json.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/rules.h"
#include "i18n/i18n.h"

#define PATH_MAX_LEN 96 /* = sizeof(struct cwyn_error).field */

/* ---- Small helpers ------------------------------------------------------ */

/* A field path into buf (PATH_MAX_LEN bytes), cut short if it must be:
 * the schema's own paths are far shorter. */
static void pathf(char *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void pathf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, PATH_MAX_LEN, fmt, ap);
	va_end(ap);
}

/* "prefix.key", or "key" at the top level. */
static void join(char *buf, const char *prefix, const char *key)
{
	if (prefix[0] != '\0')
		pathf(buf, "%s.%s", prefix, key);
	else
		pathf(buf, "%s", key);
}

/*
 * A member name from the document, made safe to show: only letters,
 * digits and a few marks survive, the rest become '?', and it is cut to
 * 40 bytes. The name is user text; it goes to terminals and logs.
 */
static void safe_key(char *buf, size_t n, const char *key)
{
	size_t i = 0;
	for (; key[i] != '\0' && i + 1 < n && i < 40; i++) {
		unsigned char c = (unsigned char)key[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-';
		buf[i] = ok ? (char)c : '?';
	}
	buf[i] = '\0';
	if (i == 0 && n > 2)
		snprintf(buf, n, "\"\"");
}

static const char *type_word(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "a whole number";
	case JSON_REAL: return "a fractional number";
	case JSON_TRUE:
	case JSON_FALSE: return "true/false";
	case JSON_NULL: return "null";
	}
	return "something else";
}

static enum cwyn_code wrong_type(struct cwyn_error *err, const char *path,
                                 const char *expected, const json_t *v)
{
	return cwyn_fail(err, CWYN_EINVAL, path, "expected %s, got %s",
	                 expected, type_word(v));
}

/* Refuse any member the schema does not list for this object. */
static enum cwyn_code check_members(const json_t *obj, const char *prefix,
                                    const char *const *allowed,
                                    struct cwyn_error *err)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		bool found = false;
		for (size_t i = 0; allowed[i] != NULL; i++) {
			if (strcmp(allowed[i], key) == 0) {
				found = true;
				break;
			}
		}
		if (found)
			continue;
		char sk[48], path[PATH_MAX_LEN], list[320];
		safe_key(sk, sizeof sk, key);
		join(path, prefix, sk);
		size_t off = 0;
		list[0] = '\0';
		for (size_t i = 0; allowed[i] != NULL && off < sizeof list; i++)
			off += (size_t)snprintf(list + off, sizeof list - off,
			                        "%s%s", i ? ", " : "",
			                        allowed[i]);
		return cwyn_fail(err, CWYN_EINVAL, path,
		                 "unknown field; the fields allowed here are: %s",
		                 list);
	}
	return CWYN_OK;
}

/* ---- Typed member readers ----------------------------------------------- */
/* Each leaves *out untouched when the member is absent or null. */

static enum cwyn_code get_bool(const json_t *obj, const char *key,
                               const char *prefix, bool *out,
                               struct cwyn_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return CWYN_OK;
	char path[PATH_MAX_LEN];
	join(path, prefix, key);
	if (!json_is_boolean(v))
		return wrong_type(err, path, "true or false", v);
	*out = json_is_true(v);
	return CWYN_OK;
}

static enum cwyn_code get_date(const json_t *obj, const char *key,
                               const char *prefix, cwyn_day *out,
                               struct cwyn_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return CWYN_OK;
	char path[PATH_MAX_LEN];
	join(path, prefix, key);
	if (!json_is_string(v))
		return wrong_type(err, path, "a date written YYYY-MM-DD", v);
	cwyn_day d;
	enum cwyn_code rc = date_parse(json_string_value(v), &d, path, err);
	if (rc != CWYN_OK) {
		/* date_parse names the field; make sure it is our path. */
		if (err != NULL)
			snprintf(err->field, sizeof err->field, "%s", path);
		return rc;
	}
	*out = d;
	return CWYN_OK;
}

/* Characters a label may not hold: every control character. A summary
 * may also hold line breaks and tabs. */
static bool text_ok(const char *s, size_t n, bool multiline)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0x7f)
			return false;
		if (c < 0x20 && !(multiline && (c == '\n' || c == '\r' ||
		                                c == '\t')))
			return false;
	}
	return true;
}

static enum cwyn_code get_string(const json_t *obj, const char *key,
                                 const char *prefix, size_t max,
                                 bool multiline, struct arena *arena,
                                 const char **out, struct cwyn_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v))
		return CWYN_OK;
	char path[PATH_MAX_LEN];
	join(path, prefix, key);
	if (!json_is_string(v))
		return wrong_type(err, path, "a string", v);
	size_t n = json_string_length(v);
	const char *s = json_string_value(v);
	if (n > max)
		return cwyn_fail(err, CWYN_EINVAL, path,
		                 "too long: %zu bytes, at most %zu allowed", n,
		                 max);
	if (!text_ok(s, n, multiline))
		return cwyn_fail(err, CWYN_EINVAL, path,
		                 multiline ? N_("contains a control character")
		                           : N_("contains a control character or "
		                                "line break"));
	char *copy = arena_strndup(arena, s, n);
	if (copy == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, path, "out of memory");
	*out = copy;
	return CWYN_OK;
}

#define AGE_MAX 120 /* as facts_validate */

static enum cwyn_code get_age(const json_t *obj, const char *key,
                              const char *prefix, int *out,
                              struct cwyn_error *err)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL || json_is_null(v)) {
		*out = -1;
		return CWYN_OK;
	}
	char path[PATH_MAX_LEN];
	join(path, prefix, key);
	if (!json_is_integer(v))
		return wrong_type(err, path,
		                  "a whole number of years, or null when unknown",
		                  v);
	json_int_t a = json_integer_value(v);
	if (a < 0 || a > AGE_MAX)
		return cwyn_fail(err, CWYN_EINVAL, path,
		                 "must be between 0 and %d years", AGE_MAX);
	*out = (int)a;
	return CWYN_OK;
}

/* Enum names through thunks, so one reader serves every enum. */
typedef const char *(*name_fn)(int);

static const char *n_relationship(int i) { return relationship_name((enum relationship)i); }
static const char *n_channel(int i) { return channel_name((enum channel)i); }
static const char *n_language(int i) { return language_name((enum language)i); }
static const char *n_subject(int i) { return matter_subject_name((enum matter_subject)i); }
static const char *n_agency(int i) { return agency_name((enum agency)i); }
static const char *n_court(int i) { return court_status_name((enum court_status)i); }
static const char *n_cstage(int i) { return council_stage_name((enum council_stage)i); }
static const char *n_confstage(int i) { return conference_stage_name((enum conference_stage)i); }
static const char *n_category(int i) { return reg_category_name((enum reg_category)i); }

static enum cwyn_code enum_value(const json_t *v, const char *path,
                                 name_fn name, int max, int *out,
                                 struct cwyn_error *err)
{
	if (!json_is_string(v))
		return wrong_type(err, path, "a string", v);
	const char *s = json_string_value(v);
	for (int i = 0; i < max; i++) {
		const char *nm = name(i);
		if (nm != NULL && strcmp(nm, s) == 0) {
			*out = i;
			return CWYN_OK;
		}
	}
	char list[360];
	size_t off = 0;
	list[0] = '\0';
	for (int i = 0; i < max && off < sizeof list; i++)
		off += (size_t)snprintf(list + off, sizeof list - off, "%s%s",
		                        i ? ", " : "", name(i) ? name(i) : "?");
	return cwyn_fail(err, CWYN_EINVAL, path,
	                 "unknown value; expected one of: %s", list);
}

static enum cwyn_code get_enum(const json_t *obj, const char *key,
                               const char *prefix, name_fn name, int max,
                               bool required, int *out,
                               struct cwyn_error *err)
{
	json_t *v = json_object_get(obj, key);
	char path[PATH_MAX_LEN];
	join(path, prefix, key);
	if (v == NULL || json_is_null(v)) {
		if (required)
			return cwyn_fail(err, CWYN_EINVAL, path,
			                 N_("required field is missing"));
		return CWYN_OK;
	}
	return enum_value(v, path, name, max, out, err);
}

/* An optional nested object: absent/null = all defaults. */
static enum cwyn_code get_object(const json_t *obj, const char *key,
                                 const char *prefix, const json_t **out,
                                 char path[PATH_MAX_LEN],
                                 struct cwyn_error *err)
{
	json_t *v = json_object_get(obj, key);
	join(path, prefix, key);
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return CWYN_OK;
	if (!json_is_object(v))
		return wrong_type(err, path, "an object", v);
	*out = v;
	return CWYN_OK;
}

/* ---- The schema --------------------------------------------------------- */

static const char *const top_members[] = {
	"as_of", "received", "channel", "at_risk_now", "complainant",
	"children", "matters", NULL,
};
static const char *const complainant_members[] = {
	"relationship", "age", "personally_affected", "language", NULL,
};
static const char *const child_members[] = {
	"label", "age", "looked_after", "in_education", "at_risk_now", NULL,
};
static const char *const matter_members[] = {
	"id", "summary", "subject", "categories", "agency", "agency_name",
	"worker_attended_conference", "dates", "court", "council",
	"conference", "agency_procedure_done", "at_risk_now", NULL,
};
static const char *const dates_members[] = {
	"event", "awareness", "conference_held", "minutes_sent",
	"chair_received", NULL,
};
static const char *const court_members[] = {
	"status", "started", "ended", "court_agreed", "dealt_with",
	"report_for_court", NULL,
};
static const char *const council_members[] = {
	"stage", "acknowledged", "stage1_answered", "stage2_requested",
	"stage2_answered", "still_dissatisfied", "wants_stage2", "delaying",
	"extension_agreed", NULL,
};
static const char *const conference_members[] = {
	"stage", "wants_panel", NULL,
};

#define TRY(x)                                                                 \
	do {                                                                   \
		enum cwyn_code rc_ = (x);                                      \
		if (rc_ != CWYN_OK)                                            \
			return rc_;                                            \
	} while (0)

static enum cwyn_code read_complainant(const json_t *root, struct facts *f,
                                       struct cwyn_error *err)
{
	char p[PATH_MAX_LEN];
	const json_t *o;
	TRY(get_object(root, "complainant", "", &o, p, err));
	if (o == NULL)
		return CWYN_OK;
	TRY(check_members(o, p, complainant_members, err));
	int e = (int)f->complainant.relationship;
	TRY(get_enum(o, "relationship", p, n_relationship, REL__MAX, false, &e,
	             err));
	f->complainant.relationship = (enum relationship)e;
	TRY(get_age(o, "age", p, &f->complainant.age, err));
	TRY(get_bool(o, "personally_affected", p,
	             &f->complainant.personally_affected, err));
	e = (int)f->complainant.language;
	TRY(get_enum(o, "language", p, n_language, LANG__MAX, false, &e, err));
	f->complainant.language = (enum language)e;
	return CWYN_OK;
}

static enum cwyn_code read_children(const json_t *root, struct arena *arena,
                                    struct facts *f, struct cwyn_error *err)
{
	json_t *a = json_object_get(root, "children");
	if (a == NULL || json_is_null(a))
		return CWYN_OK;
	if (!json_is_array(a))
		return wrong_type(err, "children", "an array", a);
	size_t n = json_array_size(a);
	if (n > FACTS_MAX_CHILDREN)
		return cwyn_fail(err, CWYN_EINVAL, "children",
		                 "too many children: %zu, at most %d allowed",
		                 n, FACTS_MAX_CHILDREN);
	if (n == 0)
		return CWYN_OK;
	struct facts_child *cs = arena_calloc(arena, n, sizeof *cs);
	if (cs == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "children", "out of memory");
	for (size_t i = 0; i < n; i++) {
		char p[PATH_MAX_LEN];
		pathf(p, "children[%zu]", i);
		json_t *o = json_array_get(a, i);
		struct facts_child *c = &cs[i];
		facts_child_init(c);
		if (!json_is_object(o))
			return wrong_type(err, p, "an object", o);
		TRY(check_members(o, p, child_members, err));
		TRY(get_string(o, "label", p, FACTS_MAX_LABEL, false, arena,
		               &c->label, err));
		TRY(get_age(o, "age", p, &c->age, err));
		TRY(get_bool(o, "looked_after", p, &c->looked_after, err));
		TRY(get_bool(o, "in_education", p, &c->in_education, err));
		TRY(get_bool(o, "at_risk_now", p, &c->at_risk_now, err));
	}
	f->n_children = n;
	f->children = cs;
	return CWYN_OK;
}

static enum cwyn_code read_categories(const json_t *mo, const char *prefix,
                                      struct facts_matter *m,
                                      struct cwyn_error *err)
{
	char p[PATH_MAX_LEN];
	join(p, prefix, "categories");
	json_t *a = json_object_get(mo, "categories");
	if (a == NULL || json_is_null(a))
		return CWYN_OK;
	if (!json_is_array(a))
		return wrong_type(err, p, "an array of category names", a);
	if (json_array_size(a) > CAT__MAX)
		return cwyn_fail(err, CWYN_EINVAL, p,
		                 "too many categories: at most %d", CAT__MAX);
	unsigned bits = 0;
	for (size_t i = 0; i < json_array_size(a); i++) {
		char ip[PATH_MAX_LEN];
		pathf(ip, "%s[%zu]", p, i);
		int c = 0; /* set by enum_value; gcc -O3 cannot see that */
		TRY(enum_value(json_array_get(a, i), ip, n_category, CAT__MAX,
		               &c, err));
		if (bits & (1u << c))
			return cwyn_fail(err, CWYN_EINVAL, ip,
			                 N_("category listed twice"));
		bits |= 1u << c;
	}
	m->categories = bits;
	return CWYN_OK;
}

static enum cwyn_code read_matter(const json_t *o, const char *p, size_t idx,
                                  struct arena *arena, struct facts_matter *m,
                                  struct cwyn_error *err)
{
	if (!json_is_object(o))
		return wrong_type(err, p, "an object", o);
	TRY(check_members(o, p, matter_members, err));
	TRY(get_string(o, "id", p, FACTS_MAX_LABEL, false, arena, &m->id, err));
	if (m->id == NULL) {
		m->id = arena_printf(arena, "m%zu", idx + 1);
		if (m->id == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, p, "out of memory");
	} else if (m->id[0] == '\0') {
		char ip[PATH_MAX_LEN];
		join(ip, p, "id");
		return cwyn_fail(err, CWYN_EINVAL, ip, N_("must not be empty"));
	}
	TRY(get_string(o, "summary", p, FACTS_MAX_SUMMARY, true, arena,
	               &m->summary, err));
	int e = (int)m->subject;
	TRY(get_enum(o, "subject", p, n_subject, SUBJ__MAX, true, &e, err));
	m->subject = (enum matter_subject)e;
	TRY(read_categories(o, p, m, err));
	e = (int)m->agency;
	TRY(get_enum(o, "agency", p, n_agency, AGENCY__MAX, false, &e, err));
	m->agency = (enum agency)e;
	TRY(get_string(o, "agency_name", p, FACTS_MAX_LABEL, false, arena,
	               &m->agency_name, err));
	TRY(get_bool(o, "worker_attended_conference", p,
	             &m->worker_attended_conference, err));
	TRY(get_bool(o, "agency_procedure_done", p, &m->agency_procedure_done,
	             err));
	TRY(get_bool(o, "at_risk_now", p, &m->at_risk_now, err));

	char sp[PATH_MAX_LEN];
	const json_t *so;
	TRY(get_object(o, "dates", p, &so, sp, err));
	if (so != NULL) {
		TRY(check_members(so, sp, dates_members, err));
		TRY(get_date(so, "event", sp, &m->event, err));
		TRY(get_date(so, "awareness", sp, &m->awareness, err));
		TRY(get_date(so, "conference_held", sp, &m->conference_held,
		             err));
		TRY(get_date(so, "minutes_sent", sp, &m->minutes_sent, err));
		TRY(get_date(so, "chair_received", sp, &m->chair_received,
		             err));
	}
	TRY(get_object(o, "court", p, &so, sp, err));
	if (so != NULL) {
		TRY(check_members(so, sp, court_members, err));
		e = (int)m->court.status;
		TRY(get_enum(so, "status", sp, n_court, COURT__MAX, false, &e,
		             err));
		m->court.status = (enum court_status)e;
		TRY(get_date(so, "started", sp, &m->court.started, err));
		TRY(get_date(so, "ended", sp, &m->court.ended, err));
		TRY(get_bool(so, "court_agreed", sp, &m->court.court_agreed,
		             err));
		TRY(get_bool(so, "dealt_with", sp, &m->court.dealt_with, err));
		TRY(get_bool(so, "report_for_court", sp,
		             &m->court.report_for_court, err));
	}
	TRY(get_object(o, "council", p, &so, sp, err));
	if (so != NULL) {
		TRY(check_members(so, sp, council_members, err));
		e = (int)m->council_stage;
		TRY(get_enum(so, "stage", sp, n_cstage, CSTAGE__MAX, false, &e,
		             err));
		m->council_stage = (enum council_stage)e;
		TRY(get_date(so, "acknowledged", sp, &m->acknowledged, err));
		TRY(get_date(so, "stage1_answered", sp, &m->stage1_answered,
		             err));
		TRY(get_date(so, "stage2_requested", sp, &m->stage2_requested,
		             err));
		TRY(get_date(so, "stage2_answered", sp, &m->stage2_answered,
		             err));
		TRY(get_bool(so, "still_dissatisfied", sp,
		             &m->still_dissatisfied, err));
		TRY(get_bool(so, "wants_stage2", sp, &m->wants_stage2, err));
		TRY(get_bool(so, "delaying", sp, &m->council_delaying, err));
		TRY(get_bool(so, "extension_agreed", sp, &m->extension_agreed,
		             err));
	}
	TRY(get_object(o, "conference", p, &so, sp, err));
	if (so != NULL) {
		TRY(check_members(so, sp, conference_members, err));
		e = (int)m->conference_stage;
		TRY(get_enum(so, "stage", sp, n_confstage, CONFSTAGE__MAX,
		             false, &e, err));
		m->conference_stage = (enum conference_stage)e;
		TRY(get_bool(so, "wants_panel", sp, &m->wants_panel, err));
	}
	return CWYN_OK;
}

static enum cwyn_code read_matters(const json_t *root, struct arena *arena,
                                   struct facts *f, struct cwyn_error *err)
{
	json_t *a = json_object_get(root, "matters");
	if (a == NULL || json_is_null(a))
		return cwyn_fail(err, CWYN_EINVAL, "matters",
		                 N_("required field is missing: a complaint has "
		                    "at least one matter"));
	if (!json_is_array(a))
		return wrong_type(err, "matters", "an array", a);
	size_t n = json_array_size(a);
	if (n == 0)
		return cwyn_fail(err, CWYN_EINVAL, "matters",
		                 N_("must not be empty: a complaint has at least "
		                    "one matter"));
	if (n > FACTS_MAX_MATTERS)
		return cwyn_fail(err, CWYN_EINVAL, "matters",
		                 "too many matters: %zu, at most %d allowed", n,
		                 FACTS_MAX_MATTERS);
	struct facts_matter *ms = arena_calloc(arena, n, sizeof *ms);
	if (ms == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "matters", "out of memory");
	for (size_t i = 0; i < n; i++) {
		char p[PATH_MAX_LEN];
		pathf(p, "matters[%zu]", i);
		facts_matter_init(&ms[i]);
		TRY(read_matter(json_array_get(a, i), p, i, arena, &ms[i], err));
		for (size_t j = 0; j < i; j++) {
			if (strcmp(ms[j].id, ms[i].id) == 0) {
				char ip[PATH_MAX_LEN];
				join(ip, p, "id");
				return cwyn_fail(err, CWYN_EINVAL, ip,
				                 "the same id as matters[%zu]; "
				                 "each matter needs its own id",
				                 j);
			}
		}
	}
	f->n_matters = n;
	f->matters = ms;
	return CWYN_OK;
}

/*
 * Refuse documents nested deeper than the schema could ever need, before
 * jansson recurses into them. Brackets inside strings do not count.
 */
static enum cwyn_code check_depth(const char *text, size_t len,
                                  struct cwyn_error *err)
{
	int depth = 0, line = 1;
	bool in_string = false, escaped = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\n')
			line++;
		if (in_string) {
			if (escaped)
				escaped = false;
			else if (c == '\\')
				escaped = true;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > FACTS_JSON_MAX_DEPTH)
				return cwyn_fail_line(err, CWYN_EINVAL, line,
				                      "", "nested more than %d "
				                      "levels deep; the facts "
				                      "format needs at most 4",
				                      FACTS_JSON_MAX_DEPTH);
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return CWYN_OK;
}

static enum cwyn_code parse_error(const json_error_t *je,
                                  struct cwyn_error *err)
{
	const char *what;
	switch (json_error_code(je)) {
	case json_error_invalid_utf8:
		what = "the text is not valid UTF-8 (save the file as UTF-8)";
		break;
	case json_error_duplicate_key:
		what = "the same field appears twice in one object";
		break;
	case json_error_null_character:
		what = "a string contains a NUL character (\\u0000)";
		break;
	case json_error_premature_end_of_input:
		what = "the document ends too early";
		break;
	default:
		what = "malformed JSON";
		break;
	}
	/* jansson's own text is English and never echoes more than a token. */
	return cwyn_fail_line(err, CWYN_EINVAL, je->line > 0 ? je->line : 1, "",
	                      "%s (line %d, column %d: %s)", what, je->line,
	                      je->column, je->text);
}

/*
 * facts_validate names struct members ("matters[1].minutes_sent"); the
 * document nests them ("matters[1].dates.minutes_sent"). Rewrite the path
 * so the user is pointed at the member they wrote.
 */
static void document_path(struct cwyn_error *err)
{
	static const struct {
		const char *member, *doc;
	} map[] = {
		{"event", "dates.event"},
		{"awareness", "dates.awareness"},
		{"conference_held", "dates.conference_held"},
		{"minutes_sent", "dates.minutes_sent"},
		{"chair_received", "dates.chair_received"},
		{"acknowledged", "council.acknowledged"},
		{"stage1_answered", "council.stage1_answered"},
		{"stage2_requested", "council.stage2_requested"},
		{"stage2_answered", "council.stage2_answered"},
		{"still_dissatisfied", "council.still_dissatisfied"},
		{"wants_stage2", "council.wants_stage2"},
		{"council_delaying", "council.delaying"},
		{"extension_agreed", "council.extension_agreed"},
		{"council_stage", "council.stage"},
		{"conference_stage", "conference.stage"},
		{"wants_panel", "conference.wants_panel"},
	};
	if (err == NULL || strncmp(err->field, "matters[", 8) != 0)
		return;
	char *dot = strchr(err->field, ']');
	if (dot == NULL || dot[1] != '.')
		return;
	const char *member = dot + 2;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (strcmp(member, map[i].member) == 0) {
			char buf[sizeof err->field];
			int n = (int)(dot + 1 - err->field);
			snprintf(buf, sizeof buf, "%.*s.%s", n, err->field,
			         map[i].doc);
			memcpy(err->field, buf, sizeof buf);
			return;
		}
	}
}

enum cwyn_code facts_from_json(const char *text, size_t len,
                               struct arena *arena, struct facts *out,
                               struct cwyn_error *err)
{
	enum cwyn_code rc;
	json_t *root = NULL;
	struct facts f;
	cwyn_day default_as_of = out->as_of;

	if (len > FACTS_JSON_MAX_BYTES)
		return cwyn_fail(err, CWYN_ERANGE, "",
		                 "the facts document is larger than %u bytes",
		                 FACTS_JSON_MAX_BYTES);
	rc = check_depth(text, len, err);
	if (rc != CWYN_OK)
		return rc;
	json_error_t je;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		return parse_error(&je, err);
	if (!json_is_object(root)) {
		rc = wrong_type(err, "", "a JSON object { ... }", root);
		goto out;
	}

	facts_init(&f);
	rc = check_members(root, "", top_members, err);
	if (rc != CWYN_OK)
		goto out;
	f.as_of = default_as_of;
	if ((rc = get_date(root, "as_of", "", &f.as_of, err)) != CWYN_OK)
		goto out;
	if (f.as_of == CWYN_DAY_NONE) {
		rc = cwyn_fail(err, CWYN_EINVAL, "as_of",
		               N_("required field is missing: the date to "
		                  "decide as of, YYYY-MM-DD"));
		goto out;
	}
	f.received = CWYN_DAY_NONE;
	if ((rc = get_date(root, "received", "", &f.received, err)) != CWYN_OK)
		goto out;
	if (f.received == CWYN_DAY_NONE)
		f.received = f.as_of;
	int e = (int)f.channel;
	rc = get_enum(root, "channel", "", n_channel, CHANNEL__MAX, false, &e,
	              err);
	if (rc != CWYN_OK)
		goto out;
	f.channel = (enum channel)e;
	if ((rc = get_bool(root, "at_risk_now", "", &f.at_risk_now, err)) !=
	    CWYN_OK)
		goto out;
	if ((rc = read_complainant(root, &f, err)) != CWYN_OK)
		goto out;
	if ((rc = read_children(root, arena, &f, err)) != CWYN_OK)
		goto out;
	if ((rc = read_matters(root, arena, &f, err)) != CWYN_OK)
		goto out;
	rc = facts_validate(&f, err);
	if (rc != CWYN_OK) {
		document_path(err);
		goto out;
	}
	*out = f;
out:
	json_decref(root);
	return rc;
}

/* ---- Decision out ------------------------------------------------------- */

/* Small builders that tolerate a NULL value (out of memory is reported
 * once, at the end, by checking the finished tree). */
static json_t *jdate(cwyn_day d)
{
	if (d == CWYN_DAY_NONE)
		return json_null();
	char buf[CWYN_DATE_STRLEN];
	return json_string(date_format(d, buf));
}

static json_t *jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static const char *in_lang(enum language lang, const char *en, const char *cy)
{
	if (lang == LANG_CY && cy != NULL && cy[0] != '\0')
		return cy;
	return en;
}

static const char *text_in(const struct policy_text *t, enum language lang)
{
	return in_lang(lang, t->en, t->cy);
}

static bool set(json_t *o, const char *key, json_t *v)
{
	return v != NULL && json_object_set_new(o, key, v) == 0;
}

static bool push(json_t *a, json_t *v)
{
	return v != NULL && json_array_append_new(a, v) == 0;
}

static json_t *reasons_json(size_t n, const char *const *ids,
                            enum language lang)
{
	json_t *a = json_array();
	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct rule *r = rule_find(ids[i]);
		json_t *o = json_object();
		bool ok = o != NULL && set(o, "rule", json_string(ids[i])) &&
		          set(o, "source", jstr(r ? r->source : NULL)) &&
		          set(o, "summary",
		              jstr(r ? i18n_tr(lang, r->summary) : NULL));
		if (!ok || !push(a, o)) {
			if (!ok)
				json_decref(o);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static const char *kind_name(enum cal_day_kind k)
{
	switch (k) {
	case CAL_WEEKEND: return "weekend";
	case CAL_BANK_HOLIDAY: return "bank_holiday";
	case CAL_CLOSURE: return "closure";
	default: return "working";
	}
}

static json_t *deadline_json(const struct deadline *dl,
                             const struct policy *p, enum language lang)
{
	const struct cal_derivation *dv = &dl->derivation;
	json_t *o = json_object(), *skipped = json_array();
	struct arena scratch;
	arena_init(&scratch, 0);
	bool ok = o != NULL && skipped != NULL;
	for (size_t i = 0; ok && i < dv->n_skipped; i++) {
		const struct cal_skip *s = &dv->skipped[i];
		json_t *so = json_object();
		ok = so != NULL && set(so, "date", jdate(s->day)) &&
		     set(so, "kind", json_string(kind_name(s->kind))) &&
		     set(so, "why", jstr(in_lang(lang, s->why_en, s->why_cy)));
		if (ok)
			ok = push(skipped, so);
		else
			json_decref(so);
	}
	const char *label = NULL;
	if ((unsigned)dl->ts < TS_ID__MAX)
		label = text_in(&p->timescales[dl->ts].label, lang);
	char *explain = calendar_explain(dv, &scratch);
	ok = ok && set(o, "timescale", json_string(ts_id_name(dl->ts))) &&
	     set(o, "label", jstr(label)) && set(o, "rule", jstr(dl->rule_id)) &&
	     set(o, "from", jstr(policy_event_name(dl->from))) &&
	     set(o, "start", jdate(dv->start)) &&
	     set(o, "amount", json_integer(dv->amount)) &&
	     set(o, "unit", jstr(cal_unit_name(dv->unit))) &&
	     set(o, "inclusive", json_boolean(dv->inclusive)) &&
	     set(o, "due", jdate(dv->result)) &&
	     set(o, "status", jstr(deadline_status_name(dl->status))) &&
	     set(o, "compared_with", jdate(dl->compared_with)) &&
	     set(o, "assumed_start", json_boolean(dl->assumed_start));
	if (ok) {
		/* json_object_set_new takes the reference even on failure. */
		ok = set(o, "skipped", skipped);
		skipped = NULL;
	}
	ok = ok && set(o, "explanation", jstr(explain));
	if (!ok) {
		json_decref(skipped);
		json_decref(o);
		o = NULL;
	}
	arena_free(&scratch);
	return o;
}

static json_t *deadlines_json(size_t n, const struct deadline *dls,
                              const struct policy *p, enum language lang)
{
	json_t *a = json_array();
	for (size_t i = 0; a != NULL && i < n; i++) {
		if (!push(a, deadline_json(&dls[i], p, lang))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *signpost_json(const struct signpost *s, const struct policy *p,
                             enum language lang)
{
	json_t *o = json_object();
	bool ok = o != NULL;
	if (s->other_agency) {
		ok = ok && set(o, "contact", json_string("other_agency")) &&
		     set(o, "rule", jstr(s->rule_id)) &&
		     set(o, "agency", jstr(agency_name(s->agency))) &&
		     set(o, "agency_name", jstr(s->agency_name));
	} else {
		const struct policy_contact *c = NULL;
		if ((unsigned)s->contact < CONTACT_ID__MAX &&
		    p->contacts[s->contact].defined)
			c = &p->contacts[s->contact];
		ok = ok &&
		     set(o, "contact", jstr(contact_id_name(s->contact))) &&
		     set(o, "rule", jstr(s->rule_id)) &&
		     set(o, "name", jstr(c ? text_in(&c->name, lang) : NULL)) &&
		     set(o, "description",
		         jstr(c ? text_in(&c->description, lang) : NULL)) &&
		     set(o, "phone", jstr(c ? c->phone : NULL)) &&
		     set(o, "phone_free", jstr(c ? c->phone_free : NULL)) &&
		     set(o, "email", jstr(c ? c->email : NULL)) &&
		     set(o, "web", jstr(c ? c->web : NULL)) &&
		     set(o, "address",
		         jstr(c ? text_in(&c->address, lang) : NULL)) &&
		     /* false: a placeholder the authority must still fill in. */
		     set(o, "configured", json_boolean(c && c->configured));
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *signposts_json(size_t n, const struct signpost *ss,
                              const struct policy *p, enum language lang)
{
	json_t *a = json_array();
	for (size_t i = 0; a != NULL && i < n; i++) {
		if (!push(a, signpost_json(&ss[i], p, lang))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *matter_json(const struct matter_decision *m,
                           const struct policy *p, enum language lang)
{
	json_t *o = json_object();
	bool ok = o != NULL && set(o, "id", jstr(m->matter_id)) &&
	          set(o, "route", jstr(route_name(m->route))) &&
	          set(o, "council", jstr(verdict_name(m->council))) &&
	          set(o, "ombudsman", jstr(verdict_name(m->ombudsman))) &&
	          set(o, "agency", jstr(agency_name(m->agency))) &&
	          set(o, "agency_name", jstr(m->agency_name)) &&
	          set(o, "late", json_boolean(m->late)) &&
	          set(o, "alert", json_boolean(m->alert)) &&
	          set(o, "reasons", reasons_json(m->n_reasons, m->reasons,
	                                         lang)) &&
	          set(o, "deadlines", deadlines_json(m->n_deadlines,
	                                             m->deadlines, p, lang)) &&
	          set(o, "signposts", signposts_json(m->n_signposts,
	                                             m->signposts, p, lang));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *decision_to_json(const struct decision *d, const struct policy *p,
                         enum language lang)
{
	json_t *o = json_object(), *ms = json_array();
	bool ok = o != NULL && ms != NULL;
	for (size_t i = 0; ok && i < d->n_matters; i++)
		ok = push(ms, matter_json(&d->matters[i], p, lang));
	ok = ok && set(o, "as_of", jdate(d->as_of)) &&
	     set(o, "language", jstr(language_name(lang))) &&
	     set(o, "policy", jstr(p->id)) &&
	     set(o, "policy_version", json_integer(p->version)) &&
	     set(o, "overall_route", jstr(route_name(d->overall))) &&
	     set(o, "safeguarding_alert", json_boolean(d->safeguarding_alert)) &&
	     set(o, "alert_reasons",
	         reasons_json(d->n_alert_reasons, d->alert_reasons, lang)) &&
	     set(o, "reasons", reasons_json(d->n_reasons, d->reasons, lang)) &&
	     set(o, "deadlines",
	         deadlines_json(d->n_deadlines, d->deadlines, p, lang)) &&
	     set(o, "signposts",
	         signposts_json(d->n_signposts, d->signposts, p, lang));
	if (ok) {
		ok = json_object_set_new(o, "matters", ms) == 0;
		ms = NULL;
	}
	if (!ok) {
		json_decref(ms);
		json_decref(o);
		return NULL;
	}
	return o;
}
