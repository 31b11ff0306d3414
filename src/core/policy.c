/*
 * policy.c — the policy file parser (format: docs/policy-format.md).
 *
 * A policy file is a strict, line-oriented subset of TOML: # comments,
 * [section] and [section.NAME] headers, [[closure]] / [[bank_holiday]]
 * repeated tables, and key = value lines whose value is a "string", an
 * integer, true/false or a bare date YYYY-MM-DD.
 *
 * Strictness is the point: the file decides when a child-protection
 * complaint is late, so a typo must stop the load with the line and the
 * reason rather than fall back to a default. Unknown sections and keys,
 * duplicates, wrong types, unknown enum values, impossible dates and
 * absurd amounts are all refused. The input is (text, len) and need not be
 * NUL-terminated; every read is bounded by len. Everything parsed lives in
 * one arena that the struct policy itself sits in, so every error path is
 * the same single arena_free().
 */
#include "policy.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_MAX_BYTES ((size_t)1 << 20) /* 1 MiB: real files are ~10 KiB */
#define POLICY_ARENA_LIMIT ((size_t)16 << 20)
#define POLICY_MAX_LISTED_DAYS 2000 /* closures, or extra bank holidays */
#define POLICY_ID_MAX 64
#define MAX_KEYS 16 /* keys in the largest section */

/* Ceilings for a timescale's amount, per unit. Nothing in the Welsh
 * procedure comes near them; they catch a slipped digit (250 for 25). */
#define MAX_WORKING_DAYS 400
#define MAX_CALENDAR_DAYS 730
#define MAX_MONTHS 60

enum vtype { VT_STRING, VT_INT, VT_BOOL, VT_DATE, VT_ENUM };

/* An enum a key may take, by its stable names. */
struct enumdef {
	int max;
	const char *(*name)(int v);
	void (*store)(void *dst, int v);
};

/* One key a section accepts: where its value goes in the target struct. */
struct keydef {
	const char *name;
	enum vtype type;
	size_t off;
	bool required;
	int min, max;             /* VT_INT bounds (both 0: checked later) */
	const struct enumdef *en; /* VT_ENUM only */
};

enum sect {
	SECT_NONE = 0,
	SECT_POLICY,
	SECT_TIMESCALE,
	SECT_CONTACT,
	SECT_CATEGORY,
	SECT_SETTINGS,
	SECT_CLOSURE,
	SECT_BANK_HOLIDAY,
	SECT__MAX
};

/* ---- enum adaptors ---------------------------------------------------- */

static const char *unit_name(int v) { return cal_unit_name((enum cal_unit)v); }
static const char *event_name(int v)
{
	return policy_event_name((enum policy_event)v);
}
static const char *late_name(int v)
{
	return late_conference_name((enum late_conference_policy)v);
}
static void store_unit(void *dst, int v) { *(enum cal_unit *)dst = (enum cal_unit)v; }
static void store_event(void *dst, int v)
{
	*(enum policy_event *)dst = (enum policy_event)v;
}
static void store_late(void *dst, int v)
{
	*(enum late_conference_policy *)dst = (enum late_conference_policy)v;
}
static const char *retention_name(int v)
{
	return retention_action_name((enum retention_action)v);
}
static void store_retention(void *dst, int v)
{
	*(enum retention_action *)dst = (enum retention_action)v;
}

static const struct enumdef unit_enum = {CAL_UNIT__MAX, unit_name, store_unit};
static const struct enumdef event_enum = {EV__MAX, event_name, store_event};
static const struct enumdef late_enum = {LATE__MAX, late_name, store_late};
static const struct enumdef retention_enum = {RETENTION__MAX, retention_name,
                                              store_retention};

/* ---- key tables, one per section kind -------------------------------- */

#define P_(f) offsetof(struct policy, f)
static const struct keydef policy_keys[] = {
	{"id", VT_STRING, P_(id), true, 0, 0, NULL},
	{"version", VT_INT, P_(version), true, 1, INT_MAX, NULL},
	{"effective_from", VT_DATE, P_(effective_from), true, 0, 0, NULL},
	{"name.en", VT_STRING, P_(name.en), true, 0, 0, NULL},
	{"name.cy", VT_STRING, P_(name.cy), true, 0, 0, NULL},
	{NULL, 0, 0, false, 0, 0, NULL},
};

#define TS_(f) offsetof(struct policy_timescale, f)
static const struct keydef timescale_keys[] = {
	{"amount", VT_INT, TS_(amount), true, 0, 0, NULL},
	{"unit", VT_ENUM, TS_(unit), true, 0, 0, &unit_enum},
	{"from", VT_ENUM, TS_(from), true, 0, 0, &event_enum},
	{"inclusive", VT_BOOL, TS_(inclusive), false, 0, 0, NULL},
	{"extendable", VT_BOOL, TS_(extendable), false, 0, 0, NULL},
	{"remind_before_wd", VT_INT, TS_(remind_before_wd), false, 0, 60, NULL},
	{"source", VT_STRING, TS_(source), true, 0, 0, NULL},
	{"label.en", VT_STRING, TS_(label.en), true, 0, 0, NULL},
	{"label.cy", VT_STRING, TS_(label.cy), true, 0, 0, NULL},
	{NULL, 0, 0, false, 0, 0, NULL},
};

#define C_(f) offsetof(struct policy_contact, f)
static const struct keydef contact_keys[] = {
	{"name.en", VT_STRING, C_(name.en), true, 0, 0, NULL},
	{"name.cy", VT_STRING, C_(name.cy), true, 0, 0, NULL},
	{"description.en", VT_STRING, C_(description.en), true, 0, 0, NULL},
	{"description.cy", VT_STRING, C_(description.cy), true, 0, 0, NULL},
	{"phone", VT_STRING, C_(phone), false, 0, 0, NULL},
	{"phone_free", VT_STRING, C_(phone_free), false, 0, 0, NULL},
	{"email", VT_STRING, C_(email), false, 0, 0, NULL},
	{"web", VT_STRING, C_(web), false, 0, 0, NULL},
	{"address.en", VT_STRING, C_(address.en), false, 0, 0, NULL},
	{"address.cy", VT_STRING, C_(address.cy), false, 0, 0, NULL},
	{"configured", VT_BOOL, C_(configured), false, 0, 0, NULL},
	{NULL, 0, 0, false, 0, 0, NULL},
};

#define CAT_(f) offsetof(struct policy_category, f)
static const struct keydef category_keys[] = {
	{"label.en", VT_STRING, CAT_(label.en), true, 0, 0, NULL},
	{"label.cy", VT_STRING, CAT_(label.cy), true, 0, 0, NULL},
	{NULL, 0, 0, false, 0, 0, NULL},
};

#define S_(f) offsetof(struct policy_settings, f)
static const struct keydef settings_keys[] = {
	{"late_conference", VT_ENUM, S_(late_conference), true, 0, 0, &late_enum},
	{"ccfw_age_child", VT_INT, S_(ccfw_age_child), true, 1, 30, NULL},
	{"ccfw_age_care_leaver", VT_INT, S_(ccfw_age_care_leaver), true, 1, 30,
	 NULL},
	{"ccfw_age_care_leaver_education", VT_INT,
	 S_(ccfw_age_care_leaver_education), true, 1, 30, NULL},
	{"oral_next_day_exclusion", VT_BOOL, S_(oral_next_day_exclusion), false,
	 0, 0, NULL},
	{"scheme_start", VT_DATE, S_(scheme_start), true, 0, 0, NULL},
	/* Optional, with stated defaults (check_settings). */
	{"retention_years", VT_INT, S_(retention_years), false, 1, 100, NULL},
	{"retention_action", VT_ENUM, S_(retention_action), false, 0, 0,
	 &retention_enum},
	{NULL, 0, 0, false, 0, 0, NULL},
};

#define H_(f) offsetof(struct cal_holiday, f)
static const struct keydef closure_keys[] = {
	{"date", VT_DATE, H_(day), true, 0, 0, NULL},
	{"reason.en", VT_STRING, H_(name_en), true, 0, 0, NULL},
	{"reason.cy", VT_STRING, H_(name_cy), true, 0, 0, NULL},
	{NULL, 0, 0, false, 0, 0, NULL},
};

static const struct keydef bank_holiday_keys[] = {
	{"date", VT_DATE, H_(day), true, 0, 0, NULL},
	{"name.en", VT_STRING, H_(name_en), true, 0, 0, NULL},
	{"name.cy", VT_STRING, H_(name_cy), true, 0, 0, NULL},
	{NULL, 0, 0, false, 0, 0, NULL},
};

/* ---- parser state ----------------------------------------------------- */

/* A [[closure]] or [[bank_holiday]] entry while parsing (a list, because
 * the count is not known until the end). */
struct day_node {
	struct cal_holiday h;
	int line; /* of its header */
	struct day_node *next;
};

struct parser {
	struct arena *a;
	struct policy *pol;
	struct cwyn_error *err;
	int line; /* current line, 1-based */

	/* The section being read. */
	enum sect sect;
	int index; /* which timescale/contact/category */
	const struct keydef *keys;
	void *target;
	int sect_line;
	char path[48];          /* "timescale.ack", "closure" */
	int key_line[MAX_KEYS]; /* where each key was set; 0 = not set */

	/* Where each single section was opened, to report duplicates. */
	int policy_line, settings_line;
	int ts_line[TS_ID__MAX];
	int contact_line[CONTACT_ID__MAX];
	int cat_line[CAT__MAX];

	struct day_node *closures, *holidays; /* newest first */
	size_t n_closures, n_holidays;
};

/* A value as written, before it is checked against its key. */
struct value {
	enum vtype type; /* VT_STRING, VT_INT, VT_BOOL or VT_DATE */
	const char *s;
	long long i;
	bool b;
	cwyn_day d;
};

/*
 * Record an error at a line. The field is the dotted path of the section
 * and key ("timescale.ack.unit"). Messages echo only names that passed the
 * key lexer ([A-Za-z0-9_.-]), never free text from the file.
 */
static enum cwyn_code fail(struct parser *ps, enum cwyn_code code, int line,
                           const char *key, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static enum cwyn_code fail(struct parser *ps, enum cwyn_code code, int line,
                           const char *key, const char *fmt, ...)
{
	char field[96], msg[416];
	if (key != NULL && ps->path[0] != '\0')
		snprintf(field, sizeof field, "%s.%s", ps->path, key);
	else
		snprintf(field, sizeof field, "%s", key ? key : ps->path);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cwyn_fail_line(ps->err, code, line, field, "%s", msg);
}

static enum cwyn_code oom(struct parser *ps)
{
	return fail(ps, CWYN_ENOMEM, ps->line, NULL, "out of memory");
}

/* "a, b, c" for the allowed values of an enum or the keys of a section. */
static void list_enum(const struct enumdef *en, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < en->max && used < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
		                 en->name(i));
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void list_keys(const struct keydef *keys, char *buf, size_t n)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; keys[i].name != NULL && used < n; i++) {
		int w = snprintf(buf + used, n - used, "%s%s", i ? ", " : "",
		                 keys[i].name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static void list_names(const char *(*name)(int), int max, char *buf, size_t n)
{
	struct enumdef en = {max, name, NULL};
	list_enum(&en, buf, n);
}

static const char *ts_name_i(int v) { return ts_id_name((enum ts_id)v); }
static const char *contact_name_i(int v)
{
	return contact_id_name((enum contact_id)v);
}
static const char *category_name_i(int v)
{
	return reg_category_name((enum reg_category)v);
}

/* ---- lexing helpers --------------------------------------------------- */

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static void skip_ws(const char **p, const char *e)
{
	while (*p < e && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* Does [s, s+n) equal the NUL-terminated word? */
static bool span_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/*
 * Every line must be well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF) without control characters other than tab:
 * a stray NUL or CR could otherwise hide text from a reviewer.
 */
static enum cwyn_code check_line_bytes(struct parser *ps, const char *s,
                                       size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned c = u[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				return fail(ps, CWYN_EINVAL, ps->line, NULL,
				            "control character (byte 0x%02X) in "
				            "column %zu is not allowed",
				            c, i + 1);
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0; /* no overlong forms */
			else if (c == 0xed)
				hi = 0x9f; /* no UTF-16 surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f; /* nothing past U+10FFFF */
		} else {
			goto bad;
		}
		if (n - i <= need)
			goto bad;
		if (u[i + 1] < lo || u[i + 1] > hi)
			goto bad;
		for (size_t k = 2; k <= need; k++)
			if (u[i + k] < 0x80 || u[i + k] > 0xbf)
				goto bad;
		i += need + 1;
		continue;
	bad:
		return fail(ps, CWYN_EINVAL, ps->line, NULL,
		            "invalid UTF-8 in column %zu (the file must be "
		            "saved as UTF-8)",
		            i + 1);
	}
	return CWYN_OK;
}

/* ---- values ----------------------------------------------------------- */

/* A "double-quoted string" with the escapes \" \\ and \n, into the arena. */
static enum cwyn_code parse_string(struct parser *ps, const char *key,
                                   const char **pp, const char *e,
                                   struct value *v)
{
	const char *p = *pp + 1; /* past the opening quote */
	char *out = arena_alloc(ps->a, (size_t)(e - p) + 1);
	if (out == NULL)
		return oom(ps);
	size_t n = 0;
	for (;;) {
		if (p >= e)
			return fail(ps, CWYN_EINVAL, ps->line, key,
			            "unterminated string: %s has no closing "
			            "double quote on this line",
			            key);
		char c = *p++;
		if (c == '"')
			break;
		if (c == '\\') {
			if (p >= e)
				return fail(ps, CWYN_EINVAL, ps->line, key,
				            "unterminated string: %s ends in a "
				            "backslash",
				            key);
			char x = *p++;
			if (x == '"' || x == '\\')
				c = x;
			else if (x == 'n')
				c = '\n';
			else
				return fail(ps, CWYN_EINVAL, ps->line, key,
				            "unknown escape in %s: only \\\", "
				            "\\\\ and \\n are allowed",
				            key);
		}
		out[n++] = c;
	}
	out[n] = '\0';
	if (n == 0)
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "%s must not be empty", key);
	v->type = VT_STRING;
	v->s = out;
	*pp = p;
	return CWYN_OK;
}

/* An integer (optional '-', no leading zeros, at most 9 digits) or a bare
 * date YYYY-MM-DD: both start with a digit. */
static enum cwyn_code parse_number_or_date(struct parser *ps, const char *key,
                                           const char **pp, const char *e,
                                           struct value *v)
{
	const char *p = *pp;
	const char *start = p;
	bool neg = false;
	if (*p == '-') {
		neg = true;
		p++;
	}
	const char *digits = p;
	while (p < e && is_digit(*p))
		p++;
	size_t nd = (size_t)(p - digits);
	if (nd == 0)
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "%s: expected a number after '-'", key);
	if (!neg && nd == 4 && p < e && *p == '-') {
		/* A date: exactly YYYY-MM-DD. */
		if (e - start < 10 || !is_digit(start[5]) ||
		    !is_digit(start[6]) || start[7] != '-' ||
		    !is_digit(start[8]) || !is_digit(start[9]) ||
		    (e - start > 10 && is_digit(start[10])))
			return fail(ps, CWYN_EINVAL, ps->line, key,
			            "%s: not a date; dates are written "
			            "YYYY-MM-DD",
			            key);
		char buf[CWYN_DATE_STRLEN];
		memcpy(buf, start, 10);
		buf[10] = '\0';
		cwyn_day d;
		if (date_parse(buf, &d, key, NULL) != CWYN_OK)
			return fail(ps, CWYN_ERANGE, ps->line, key,
			            "%s: impossible date %s (not a real day "
			            "in %d..%d)",
			            key, buf, CWYN_DATE_MIN_YEAR,
			            CWYN_DATE_MAX_YEAR);
		v->type = VT_DATE;
		v->d = d;
		*pp = start + 10;
		return CWYN_OK;
	}
	if (nd > 1 && digits[0] == '0')
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "%s: leading zeros are not allowed", key);
	if (nd > 9)
		return fail(ps, CWYN_ERANGE, ps->line, key,
		            "%s: integer out of range", key);
	long long x = 0;
	for (size_t k = 0; k < nd; k++)
		x = x * 10 + (digits[k] - '0');
	v->type = VT_INT;
	v->i = neg ? -x : x;
	*pp = p;
	return CWYN_OK;
}

static enum cwyn_code parse_value(struct parser *ps, const char *key,
                                  const char **pp, const char *e,
                                  struct value *v)
{
	const char *p = *pp;
	if (p >= e || *p == '#')
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "%s has no value", key);
	if (*p == '"')
		return parse_string(ps, key, pp, e, v);
	if (is_digit(*p) || *p == '-')
		return parse_number_or_date(ps, key, pp, e, v);
	if (e - p >= 4 && memcmp(p, "true", 4) == 0) {
		v->type = VT_BOOL;
		v->b = true;
		*pp = p + 4;
		return CWYN_OK;
	}
	if (e - p >= 5 && memcmp(p, "false", 5) == 0) {
		v->type = VT_BOOL;
		v->b = false;
		*pp = p + 5;
		return CWYN_OK;
	}
	if (*p == '\'')
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "%s: single-quoted strings are not supported; "
		            "use double quotes",
		            key);
	return fail(ps, CWYN_EINVAL, ps->line, key,
	            "%s: a value must be a \"double-quoted string\", an "
	            "integer, true or false, or a date YYYY-MM-DD",
	            key);
}

/* Check a value's type against its key and store it in the target. */
static enum cwyn_code store_value(struct parser *ps, const struct keydef *kd,
                                  const struct value *v)
{
	char *dst = (char *)ps->target + kd->off;
	char allowed[320];
	switch (kd->type) {
	case VT_STRING:
		if (v->type != VT_STRING)
			return fail(ps, CWYN_EINVAL, ps->line, kd->name,
			            "%s must be a \"double-quoted string\"",
			            kd->name);
		*(const char **)dst = v->s;
		return CWYN_OK;
	case VT_INT:
		if (v->type != VT_INT)
			return fail(ps, CWYN_EINVAL, ps->line, kd->name,
			            "%s must be an integer", kd->name);
		if (kd->min != 0 || kd->max != 0) {
			if (v->i < kd->min || v->i > kd->max) {
				if (kd->min == 1 && kd->max == INT_MAX)
					return fail(ps, CWYN_ERANGE, ps->line,
					            kd->name,
					            "%s must be a positive "
					            "integer",
					            kd->name);
				return fail(ps, CWYN_ERANGE, ps->line,
				            kd->name,
				            "%s must be between %d and %d",
				            kd->name, kd->min, kd->max);
			}
		}
		*(int *)dst = (int)v->i;
		return CWYN_OK;
	case VT_BOOL:
		if (v->type != VT_BOOL)
			return fail(ps, CWYN_EINVAL, ps->line, kd->name,
			            "%s must be true or false", kd->name);
		*(bool *)dst = v->b;
		return CWYN_OK;
	case VT_DATE:
		if (v->type != VT_DATE)
			return fail(ps, CWYN_EINVAL, ps->line, kd->name,
			            "%s must be a date written YYYY-MM-DD "
			            "(without quotes)",
			            kd->name);
		*(cwyn_day *)dst = v->d;
		return CWYN_OK;
	case VT_ENUM:
		list_enum(kd->en, allowed, sizeof allowed);
		if (v->type == VT_STRING)
			for (int i = 0; i < kd->en->max; i++)
				if (strcmp(kd->en->name(i), v->s) == 0) {
					kd->en->store(dst, i);
					return CWYN_OK;
				}
		return fail(ps, CWYN_EINVAL, ps->line, kd->name,
		            "%s must be one of: %s (in double quotes)",
		            kd->name, allowed);
	}
	return fail(ps, CWYN_EINTERNAL, ps->line, kd->name, "unknown key type");
}

/* ---- sections --------------------------------------------------------- */

static int key_index(const struct keydef *keys, const char *name)
{
	for (int i = 0; keys[i].name != NULL; i++)
		if (strcmp(keys[i].name, name) == 0)
			return i;
	return -1;
}

/* The line a key was set on (falls back to the section header). */
static int line_of(const struct parser *ps, const char *name)
{
	int i = key_index(ps->keys, name);
	if (i >= 0 && ps->key_line[i] > 0)
		return ps->key_line[i];
	return ps->sect_line;
}

static bool valid_policy_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > POLICY_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || is_digit(c) ||
		      (c == '-' && i > 0)))
			return false;
	}
	return true;
}

/* Digits, spaces and + ( ) -, with at least three digits ("999"). */
static bool valid_phone(const char *s)
{
	int digits = 0;
	for (; *s; s++) {
		if (is_digit(*s))
			digits++;
		else if (!strchr(" +()-", *s))
			return false;
	}
	return digits >= 3;
}

static bool valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	const char *dot = strchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '<' ||
		    *s == '>' || *s == '"')
			return false;
	return true;
}

static bool valid_web(const char *s)
{
	const char *rest;
	if (strncmp(s, "https://", 8) == 0)
		rest = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		rest = s + 7;
	else
		return false;
	if (*rest == '\0' || *rest == '/')
		return false;
	for (; *rest; rest++)
		if ((unsigned char)*rest <= ' ' || *rest == '"' ||
		    *rest == '<' || *rest == '>')
			return false;
	return true;
}

static enum cwyn_code check_timescale(struct parser *ps)
{
	const struct policy_timescale *t = ps->target;
	int max = MAX_WORKING_DAYS, approx_wd = t->amount;
	if (t->unit == CAL_UNIT_CALENDAR_DAYS) {
		max = MAX_CALENDAR_DAYS;
		approx_wd = t->amount * 5 / 7;
	} else if (t->unit == CAL_UNIT_MONTHS) {
		max = MAX_MONTHS;
		approx_wd = t->amount * 20;
	}
	if (t->amount < 1 || t->amount > max)
		return fail(ps, CWYN_ERANGE, line_of(ps, "amount"), "amount",
		            "amount must be between 1 and %d %s", max,
		            cal_unit_name(t->unit));
	if (t->remind_before_wd > 0 && t->remind_before_wd >= approx_wd)
		return fail(ps, CWYN_ERANGE, line_of(ps, "remind_before_wd"),
		            "remind_before_wd",
		            "remind_before_wd (%d) must be shorter than the "
		            "timescale itself (%d %s)",
		            t->remind_before_wd, t->amount,
		            cal_unit_name(t->unit));
	return CWYN_OK;
}

static enum cwyn_code check_contact(struct parser *ps)
{
	const struct policy_contact *c = ps->target;
	static const char *const phones[] = {"phone", "phone_free"};
	for (size_t i = 0; i < 2; i++) {
		const char *v = i ? c->phone_free : c->phone;
		if (v != NULL && !valid_phone(v))
			return fail(ps, CWYN_EINVAL, line_of(ps, phones[i]),
			            phones[i],
			            "%s must be a telephone number (digits, "
			            "spaces and + ( ) - only)",
			            phones[i]);
	}
	if (c->email != NULL && !valid_email(c->email))
		return fail(ps, CWYN_EINVAL, line_of(ps, "email"), "email",
		            "email must be an address like name@example.org");
	if (c->web != NULL && !valid_web(c->web))
		return fail(ps, CWYN_EINVAL, line_of(ps, "web"), "web",
		            "web must be an address starting https:// or "
		            "http://");
	if ((c->address.en == NULL) != (c->address.cy == NULL)) {
		const char *given = c->address.en ? "address.en" : "address.cy";
		return fail(ps, CWYN_EINVAL, line_of(ps, given), given,
		            "address.en and address.cy must be given "
		            "together (English and Welsh)");
	}
	bool means = c->phone || c->phone_free || c->email || c->web ||
	             c->address.en;
	if (c->configured && !means)
		return fail(ps, CWYN_EINVAL, ps->sect_line, NULL,
		            "[%s] gives no way to make contact: set phone, "
		            "phone_free, email, web or address, or mark it "
		            "configured = false",
		            ps->path);
	return CWYN_OK;
}

static enum cwyn_code check_settings(struct parser *ps)
{
	struct policy_settings *s = ps->target;
	/* procedure.md gives no retention period: 6 years after closure
	 * unless the authority says otherwise (docs/policy-format.md). An
	 * absent retention_action is already RETENTION_ANONYMISE (0). */
	int ry = key_index(ps->keys, "retention_years");
	if (ry >= 0 && ps->key_line[ry] == 0)
		s->retention_years = POLICY_RETENTION_YEARS_DEFAULT;
	if (s->ccfw_age_care_leaver < s->ccfw_age_child)
		return fail(ps, CWYN_ERANGE, line_of(ps, "ccfw_age_care_leaver"),
		            "ccfw_age_care_leaver",
		            "ccfw_age_care_leaver must not be lower than "
		            "ccfw_age_child");
	if (s->ccfw_age_care_leaver_education < s->ccfw_age_care_leaver)
		return fail(ps, CWYN_ERANGE,
		            line_of(ps, "ccfw_age_care_leaver_education"),
		            "ccfw_age_care_leaver_education",
		            "ccfw_age_care_leaver_education must not be lower "
		            "than ccfw_age_care_leaver");
	return CWYN_OK;
}

static enum cwyn_code check_listed_day(struct parser *ps)
{
	const struct cal_holiday *h = ps->target;
	int y = date_year(h->day);
	if (y < CAL_FIRST_YEAR || y > CAL_LAST_YEAR)
		return fail(ps, CWYN_ERANGE, line_of(ps, "date"), "date",
		            "date must be in the years %d..%d that the "
		            "working-day calendar covers",
		            CAL_FIRST_YEAR, CAL_LAST_YEAR);
	return CWYN_OK;
}

/* Close the current section: required keys, then cross-key checks. */
static enum cwyn_code end_section(struct parser *ps)
{
	if (ps->sect == SECT_NONE)
		return CWYN_OK;
	for (int i = 0; ps->keys[i].name != NULL; i++)
		if (ps->keys[i].required && ps->key_line[i] == 0)
			return fail(ps, CWYN_EINVAL, ps->sect_line,
			            ps->keys[i].name,
			            "[%s] is missing the required key %s",
			            ps->path, ps->keys[i].name);
	enum cwyn_code rc = CWYN_OK;
	switch (ps->sect) {
	case SECT_POLICY:
		if (!valid_policy_id(ps->pol->id))
			rc = fail(ps, CWYN_EINVAL, line_of(ps, "id"), "id",
			          "id must be lowercase letters, digits and "
			          "hyphens, at most %d characters (e.g. "
			          "wales-2014)",
			          POLICY_ID_MAX);
		break;
	case SECT_TIMESCALE:
		rc = check_timescale(ps);
		if (rc == CWYN_OK)
			ps->pol->timescales[ps->index].defined = true;
		break;
	case SECT_CONTACT:
		rc = check_contact(ps);
		if (rc == CWYN_OK)
			ps->pol->contacts[ps->index].defined = true;
		break;
	case SECT_CATEGORY:
		ps->pol->categories[ps->index].defined = true;
		break;
	case SECT_SETTINGS:
		rc = check_settings(ps);
		break;
	case SECT_CLOSURE:
	case SECT_BANK_HOLIDAY:
		rc = check_listed_day(ps);
		break;
	case SECT_NONE:
	case SECT__MAX:
		break;
	}
	ps->sect = SECT_NONE;
	return rc;
}

static void begin_section(struct parser *ps, enum sect s, int index,
                          const struct keydef *keys, void *target,
                          const char *path)
{
	ps->sect = s;
	ps->index = index;
	ps->keys = keys;
	ps->target = target;
	ps->sect_line = ps->line;
	snprintf(ps->path, sizeof ps->path, "%s", path);
	memset(ps->key_line, 0, sizeof ps->key_line);
}

/* A second [x] for the same x is refused: which one was meant? */
static enum cwyn_code claim(struct parser *ps, int *first_line,
                            const char *path)
{
	if (*first_line != 0)
		return fail(ps, CWYN_EINVAL, ps->line, path,
		            "duplicate section [%s] (first at line %d)", path,
		            *first_line);
	*first_line = ps->line;
	return CWYN_OK;
}

static enum cwyn_code open_repeated(struct parser *ps, bool closure)
{
	size_t *n = closure ? &ps->n_closures : &ps->n_holidays;
	const char *what = closure ? "closure" : "bank_holiday";
	if (*n >= POLICY_MAX_LISTED_DAYS)
		return fail(ps, CWYN_ERANGE, ps->line, what,
		            "too many [[%s]] entries (at most %d)", what,
		            POLICY_MAX_LISTED_DAYS);
	struct day_node *node = arena_alloc(ps->a, sizeof *node);
	if (node == NULL)
		return oom(ps);
	node->line = ps->line;
	struct day_node **head = closure ? &ps->closures : &ps->holidays;
	node->next = *head;
	*head = node;
	(*n)++;
	begin_section(ps, closure ? SECT_CLOSURE : SECT_BANK_HOLIDAY, 0,
	              closure ? closure_keys : bank_holiday_keys, &node->h,
	              what);
	return CWYN_OK;
}

static enum cwyn_code parse_header(struct parser *ps, const char *p,
                                   const char *e)
{
	bool array = p + 1 < e && p[1] == '[';
	p += array ? 2 : 1;
	const char *name = p;
	while (p < e && (is_ident(*p) || *p == '.'))
		p++;
	size_t n = (size_t)(p - name);
	int shown = n > 40 ? 40 : (int)n;
	if (n == 0)
		return fail(ps, CWYN_EINVAL, ps->line, NULL,
		            "a section header needs a name, e.g. [policy] "
		            "(no spaces inside the brackets)");
	if (array) {
		if (e - p < 2 || p[0] != ']' || p[1] != ']')
			return fail(ps, CWYN_EINVAL, ps->line, NULL,
			            "a repeated table header must end with ]]");
		p += 2;
	} else {
		if (p >= e || p[0] != ']')
			return fail(ps, CWYN_EINVAL, ps->line, NULL,
			            "a section header must end with ] (no "
			            "spaces inside the brackets)");
		p++;
	}
	skip_ws(&p, e);
	if (p < e && *p != '#')
		return fail(ps, CWYN_EINVAL, ps->line, NULL,
		            "unexpected text after the section header");

	enum cwyn_code rc = end_section(ps);
	if (rc != CWYN_OK)
		return rc;
	ps->path[0] = '\0';

	if (array) {
		if (span_is(name, n, "closure"))
			return open_repeated(ps, true);
		if (span_is(name, n, "bank_holiday"))
			return open_repeated(ps, false);
		return fail(ps, CWYN_EINVAL, ps->line, NULL,
		            "unknown repeated table [[%.*s]]; the repeated "
		            "tables are [[closure]] and [[bank_holiday]]",
		            shown, name);
	}

	const char *dot = memchr(name, '.', n);
	size_t head = dot ? (size_t)(dot - name) : n;
	const char *sub = dot ? dot + 1 : NULL;
	size_t subn = dot ? n - head - 1 : 0;
	char sname[48], path[48];
	int subshown = subn > 40 ? 40 : (int)subn;
	snprintf(sname, sizeof sname, "%.*s", subshown, sub ? sub : "");
	snprintf(path, sizeof path, "%.*s", shown, name);
	char allowed[320];

	if (span_is(name, n, "policy")) {
		rc = claim(ps, &ps->policy_line, "policy");
		if (rc == CWYN_OK)
			begin_section(ps, SECT_POLICY, 0, policy_keys, ps->pol,
			              "policy");
		return rc;
	}
	if (span_is(name, n, "settings")) {
		rc = claim(ps, &ps->settings_line, "settings");
		if (rc == CWYN_OK)
			begin_section(ps, SECT_SETTINGS, 0, settings_keys,
			              &ps->pol->settings, "settings");
		return rc;
	}
	if (span_is(name, head, "timescale")) {
		enum ts_id id;
		if (!sub || !ts_id_from_name(sname, &id) || subn != strlen(sname)) {
			list_names(ts_name_i, TS_ID__MAX, allowed, sizeof allowed);
			return fail(ps, CWYN_EINVAL, ps->line, path,
			            "unknown timescale [%s]; the timescales "
			            "are: %s",
			            path, allowed);
		}
		rc = claim(ps, &ps->ts_line[id], path);
		if (rc != CWYN_OK)
			return rc;
		struct policy_timescale *t = &ps->pol->timescales[id];
		t->id = id;
		begin_section(ps, SECT_TIMESCALE, (int)id, timescale_keys, t,
		              path);
		return CWYN_OK;
	}
	if (span_is(name, head, "contact")) {
		enum contact_id id;
		if (!sub || !contact_id_from_name(sname, &id) ||
		    subn != strlen(sname)) {
			list_names(contact_name_i, CONTACT_ID__MAX, allowed,
			           sizeof allowed);
			return fail(ps, CWYN_EINVAL, ps->line, path,
			            "unknown contact [%s]; the contacts are: "
			            "%s",
			            path, allowed);
		}
		rc = claim(ps, &ps->contact_line[id], path);
		if (rc != CWYN_OK)
			return rc;
		struct policy_contact *c = &ps->pol->contacts[id];
		c->id = id;
		c->configured = true;
		begin_section(ps, SECT_CONTACT, (int)id, contact_keys, c, path);
		return CWYN_OK;
	}
	if (span_is(name, head, "category")) {
		enum reg_category id;
		if (!sub || !reg_category_from_name(sname, &id) ||
		    subn != strlen(sname)) {
			list_names(category_name_i, CAT__MAX, allowed,
			           sizeof allowed);
			return fail(ps, CWYN_EINVAL, ps->line, path,
			            "unknown category [%s]; the categories "
			            "are: %s",
			            path, allowed);
		}
		rc = claim(ps, &ps->cat_line[id], path);
		if (rc != CWYN_OK)
			return rc;
		struct policy_category *c = &ps->pol->categories[id];
		c->id = id;
		begin_section(ps, SECT_CATEGORY, (int)id, category_keys, c,
		              path);
		return CWYN_OK;
	}
	if (span_is(name, n, "closure") || span_is(name, n, "bank_holiday"))
		return fail(ps, CWYN_EINVAL, ps->line, path,
		            "[%s] is a repeated table: write [[%s]]", path,
		            path);
	return fail(ps, CWYN_EINVAL, ps->line, path,
	            "unknown section [%s]; the sections are [policy], "
	            "[settings], [timescale.NAME], [contact.NAME], "
	            "[category.NAME], [[closure]] and [[bank_holiday]]",
	            path);
}

static enum cwyn_code parse_keyval(struct parser *ps, const char *p,
                                   const char *e)
{
	const char *k = p;
	while (p < e && (is_ident(*p) || *p == '.'))
		p++;
	size_t kn = (size_t)(p - k);
	if (kn == 0)
		return fail(ps, CWYN_EINVAL, ps->line, NULL,
		            "expected a key = value line, a [section] header "
		            "or a # comment");
	char key[48];
	snprintf(key, sizeof key, "%.*s", kn > 40 ? 40 : (int)kn, k);
	skip_ws(&p, e);
	if (p >= e || *p != '=')
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "expected '=' after the key %s", key);
	p++;
	skip_ws(&p, e);
	if (ps->sect == SECT_NONE)
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "key %s is outside any section; the file starts "
		            "with [policy]",
		            key);
	int idx = -1;
	for (int i = 0; ps->keys[i].name != NULL; i++)
		if (span_is(k, kn, ps->keys[i].name))
			idx = i;
	if (idx < 0) {
		char allowed[320];
		list_keys(ps->keys, allowed, sizeof allowed);
		return fail(ps, CWYN_EINVAL, ps->line, key,
		            "unknown key %s in [%s]; the keys are: %s", key,
		            ps->path, allowed);
	}
	const struct keydef *kd = &ps->keys[idx];
	if (ps->key_line[idx] != 0)
		return fail(ps, CWYN_EINVAL, ps->line, kd->name,
		            "duplicate key %s in [%s] (first set at line %d)",
		            kd->name, ps->path, ps->key_line[idx]);
	struct value v = {0};
	enum cwyn_code rc = parse_value(ps, kd->name, &p, e, &v);
	if (rc != CWYN_OK)
		return rc;
	skip_ws(&p, e);
	if (p < e && *p != '#')
		return fail(ps, CWYN_EINVAL, ps->line, kd->name,
		            "unexpected text after the value of %s", kd->name);
	rc = store_value(ps, kd, &v);
	if (rc != CWYN_OK)
		return rc;
	ps->key_line[idx] = ps->line;
	return CWYN_OK;
}

static enum cwyn_code parse_line(struct parser *ps, const char *p,
                                 const char *e)
{
	skip_ws(&p, e);
	if (p >= e || *p == '#')
		return CWYN_OK;
	if (*p == '[')
		return parse_header(ps, p, e);
	return parse_keyval(ps, p, e);
}

/* ---- finishing -------------------------------------------------------- */

struct listed {
	struct cal_holiday h;
	int line;
};

static int cmp_listed(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	if (x->h.day != y->h.day)
		return x->h.day < y->h.day ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line);
}

/* Turn a [[closure]] / [[bank_holiday]] list into a date-ordered array;
 * the same date twice is a mistake worth stopping for. */
static enum cwyn_code flatten(struct parser *ps, struct day_node *list,
                              size_t n, const char *what,
                              struct cal_holiday **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (n == 0)
		return CWYN_OK;
	struct listed *tmp = arena_calloc(ps->a, n, sizeof *tmp);
	struct cal_holiday *arr = arena_calloc(ps->a, n, sizeof *arr);
	if (tmp == NULL || arr == NULL)
		return oom(ps);
	size_t i = 0;
	for (struct day_node *d = list; d != NULL && i < n; d = d->next, i++) {
		tmp[i].h = d->h;
		tmp[i].line = d->line;
	}
	qsort(tmp, n, sizeof *tmp, cmp_listed);
	for (i = 0; i < n; i++) {
		if (i > 0 && tmp[i].h.day == tmp[i - 1].h.day) {
			char buf[CWYN_DATE_STRLEN];
			return fail(ps, CWYN_EINVAL, tmp[i].line, what,
			            "[[%s]] for %s is listed twice (also at "
			            "line %d)",
			            what, date_format(tmp[i].h.day, buf),
			            tmp[i - 1].line);
		}
		arr[i] = tmp[i].h;
	}
	*out = arr;
	*nout = n;
	return CWYN_OK;
}

/* After the last line: every section the engine relies on must be there. */
static enum cwyn_code check_complete(struct parser *ps)
{
	int at = ps->line > 0 ? ps->line : 1;
	ps->path[0] = '\0';
	if (ps->policy_line == 0)
		return fail(ps, CWYN_EINVAL, at, "policy",
		            "the [policy] section is missing");
	if (ps->settings_line == 0)
		return fail(ps, CWYN_EINVAL, at, "settings",
		            "the [settings] section is missing");
	for (int i = 0; i < TS_ID__MAX; i++)
		if (!ps->pol->timescales[i].defined)
			return fail(ps, CWYN_EINVAL, at, ts_id_name(i),
			            "[timescale.%s] is missing: every "
			            "timescale must be defined",
			            ts_id_name(i));
	for (int i = 0; i < CONTACT_ID__MAX; i++)
		if (!ps->pol->contacts[i].defined)
			return fail(ps, CWYN_EINVAL, at, contact_id_name(i),
			            "[contact.%s] is missing: every contact "
			            "must be defined",
			            contact_id_name(i));
	for (int i = 0; i < CAT__MAX; i++)
		if (!ps->pol->categories[i].defined)
			return fail(ps, CWYN_EINVAL, at, reg_category_name(i),
			            "[category.%s] is missing: every "
			            "registration category must be defined",
			            reg_category_name(i));
	enum cwyn_code rc = flatten(ps, ps->closures, ps->n_closures,
	                            "closure", &ps->pol->closures,
	                            &ps->pol->n_closures);
	if (rc != CWYN_OK)
		return rc;
	return flatten(ps, ps->holidays, ps->n_holidays, "bank_holiday",
	               &ps->pol->extra_holidays, &ps->pol->n_extra_holidays);
}

enum cwyn_code policy_parse(const char *text, size_t len, struct policy **out,
                            struct cwyn_error *err)
{
	if (out == NULL || (text == NULL && len > 0))
		return cwyn_fail(err, CWYN_EINVAL, "policy",
		                 "no policy text given");
	*out = NULL;
	if (len > POLICY_MAX_BYTES)
		return cwyn_fail_line(err, CWYN_ERANGE, 0, "policy",
		                      "policy file is larger than 1 MiB");

	struct arena a;
	arena_init(&a, POLICY_ARENA_LIMIT);
	struct parser ps = {0};
	ps.a = &a;
	ps.err = err;
	enum cwyn_code rc = CWYN_OK;
	ps.pol = arena_alloc(&a, sizeof *ps.pol);
	if (ps.pol == NULL) {
		rc = oom(&ps);
		goto err;
	}

	size_t pos = 0;
	/* A UTF-8 byte-order mark, as some Windows editors write, is skipped. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	while (pos < len) {
		ps.line++;
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n > 0 && s[n - 1] == '\r')
			n--; /* CRLF line ends */
		rc = check_line_bytes(&ps, s, n);
		if (rc != CWYN_OK)
			goto err;
		rc = parse_line(&ps, s, s + n);
		if (rc != CWYN_OK)
			goto err;
	}
	rc = end_section(&ps);
	if (rc != CWYN_OK)
		goto err;
	rc = check_complete(&ps);
	if (rc != CWYN_OK)
		goto err;

	ps.pol->arena = a; /* the policy now owns the arena it lives in */
	*out = ps.pol;
	return CWYN_OK;
err:
	arena_free(&a);
	return rc;
}

void policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	/* p lives inside its own arena: copy the handle out before freeing. */
	struct arena a = p->arena;
	arena_free(&a);
}

enum cwyn_code policy_calendar(const struct policy *p, struct calendar **out,
                               struct cwyn_error *err)
{
	if (p == NULL || out == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "policy", "no policy given");
	return calendar_new(p->extra_holidays, p->n_extra_holidays,
	                    p->closures, p->n_closures, out, err);
}
