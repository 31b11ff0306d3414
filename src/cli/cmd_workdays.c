/*
 * cmd_workdays.c — working-day arithmetic from the command line:
 *
 *   cwyn workdays add DATE N [--explain] [--json]   the N-th working day
 *                                                   after DATE (day 0)
 *   cwyn workdays between D1 D2 [--json]            working days in (D1, D2]
 *   cwyn workdays is DATE [--json]                  is DATE a working day?
 *
 * With --policy FILE the authority's closure days and extra bank holidays
 * from that policy count too; without it, only the bank holidays by rule.
 * Working days are those of regulation 2 (SI 2014/1794); see
 * core/calendar.h. The English derivation comes from calendar_explain; the
 * Welsh one is put together here from translated sentences.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/policy_file.h"
#include "cli/commands.h"
#include "core/arena.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/policy.h"
#include "i18n/i18n.h"

#define WORKDAYS_MAX_N 10000

static const char *const weekday_short[7] = {
	N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	N_("Fri"), N_("Sat"), N_("Sun"),
};

/* What each kind of day is called in output; JSON uses kind_ids. */
static const char *const kind_words[CAL_DAY_KIND__MAX] = {
	N_("working day"),  /* CAL_WORKING */
	N_("weekend"),      /* CAL_WEEKEND */
	N_("bank holiday"), /* CAL_BANK_HOLIDAY */
	N_("closure"),      /* CAL_CLOSURE */
};
static const char *const kind_ids[CAL_DAY_KIND__MAX] = {
	"working",      /* CAL_WORKING */
	"weekend",      /* CAL_WEEKEND */
	"bank_holiday", /* CAL_BANK_HOLIDAY */
	"closure",      /* CAL_CLOSURE */
};

/*
 * Messages the calendar (core, English only) may give this command, marked
 * here so that they reach the catalogue and are shown in Welsh too.
 */
static const char *const core_messages[] __attribute__((unused)) = {
	N_("is outside the years the calendar knows (1995-2100)"),
	N_("must be a date written YYYY-MM-DD"),
	N_("must not be negative"),
};

static int usage(void)
{
	fprintf(stderr, "%s\n%s\n%s\n",
	        _("Usage: cwyn workdays add DATE N [--explain] [--json]"),
	        _("       cwyn workdays between DATE1 DATE2 [--json]"),
	        _("       cwyn workdays is DATE [--json]"));
	fprintf(stderr, "%s\n",
	        _("Add --policy FILE to count the authority's closure days."));
	return 2;
}

static const char *kind_word(enum cal_day_kind k)
{
	return (unsigned)k < CAL_DAY_KIND__MAX ? _(kind_words[k]) : "?";
}

static const char *kind_id(enum cal_day_kind k)
{
	return (unsigned)k < CAL_DAY_KIND__MAX ? kind_ids[k] : "unknown";
}

static const char *local(const char *en, const char *cy)
{
	if (i18n_thread_language() == LANG_CY && cy != NULL)
		return cy;
	return en ? en : "";
}

/* "Fri 2026-12-18", with the weekday in the reader's language. */
static const char *day_text(char buf[48], cwyn_day d)
{
	char iso[CWYN_DATE_STRLEN];
	snprintf(buf, 48, "%s %s", _(weekday_short[date_weekday(d)]),
	         date_format(d, iso));
	return buf;
}

/* A date argument: a real YYYY-MM-DD inside the calendar's years. */
static enum cwyn_code parse_day(const char *s, const char *field,
                                cwyn_day *out, struct cwyn_error *err)
{
	enum cwyn_code rc = date_parse(s, out, field, err);
	if (rc != CWYN_OK)
		return rc;
	if (!calendar_in_range(*out))
		return cwyn_fail(err, CWYN_ERANGE, field,
		                 "is outside the years the calendar knows "
		                 "(1995-2100)");
	return CWYN_OK;
}

/* N: digits only, 0..WORKDAYS_MAX_N ("-3", "1e3", "12x" are refused). */
static enum cwyn_code parse_count(const char *s, int *out,
                                  struct cwyn_error *err)
{
	size_t len = strlen(s);
	if (len == 0 || len > 5 || strspn(s, "0123456789") != len ||
	    atoi(s) > WORKDAYS_MAX_N)
		return cwyn_fail(
		    err, CWYN_EINVAL, "N",
		    N_("must be a whole number from 0 to 10000"));
	*out = atoi(s);
	return CWYN_OK;
}

static int print_json(json_t *root)
{
	char *text = NULL;
	if (root != NULL)
		text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (text == NULL) {
		fprintf(stderr, "cwyn workdays: %s\n", _("out of memory"));
		return 1;
	}
	printf("%s\n", text);
	free(text);
	return 0;
}

static json_t *iso_json(cwyn_day d)
{
	char buf[CWYN_DATE_STRLEN];
	return json_string(date_format(d, buf));
}

/*
 * Replace each "{key}" in a translated template by its value: whole
 * sentences stay translatable with the words in the order Welsh needs.
 */
static void put_template(const char *tpl, const char *const *keys,
                         const char *const *values, size_t n)
{
	const char *p = tpl;
	while (*p) {
		bool done = false;
		if (*p == '{') {
			for (size_t i = 0; i < n && !done; i++) {
				size_t kl = strlen(keys[i]);
				if (strncmp(p + 1, keys[i], kl) == 0 &&
				    p[1 + kl] == '}') {
					fputs(values[i], stdout);
					p += kl + 2;
					done = true;
				}
			}
		}
		if (!done)
			putchar(*p++);
	}
}

/* The derivation in the reader's language (Welsh built here). */
static void print_explanation(const struct cal_derivation *dv,
                              struct arena *arena)
{
	if (i18n_thread_language() != LANG_CY) {
		char *t = calendar_explain(dv, arena);
		printf("%s\n", t ? t : "");
		return;
	}
	char a[48], n[16];
	snprintf(n, sizeof n, "%d", dv->amount);
	const char *keys[] = {"day", "n"};
	const char *vals[] = {day_text(a, dv->start), n};
	put_template(_("Day 0 is {day}."), keys, vals, 2);
	putchar(' ');
	put_template(_("Counting {n} working days after it,"), keys + 1,
	             vals + 1, 1);
	putchar(' ');
	if (dv->n_skipped == 0)
		fputs(_("no days were skipped."), stdout);
	else
		fputs(_("these days were skipped:"), stdout);
	for (size_t i = 0; i < dv->n_skipped; i++) {
		const struct cal_skip *s = &dv->skipped[i];
		printf(" %s (%s", day_text(a, s->day), kind_word(s->kind));
		if (s->kind != CAL_WEEKEND && s->why_cy != NULL)
			printf(": %s", s->why_cy);
		printf(")%s", i + 1 < dv->n_skipped ? "," : ".");
	}
	putchar(' ');
	vals[0] = day_text(a, dv->result);
	put_template(_("Working day number {n} is {day}."), keys, vals, 2);
	putchar('\n');
}

static int do_add(const struct calendar *cal, char **pos, int npos,
                  bool json, bool explain)
{
	struct cwyn_error err = {0};
	cwyn_day start = 0;
	int n = 0;
	int rc = 1;

	if (npos != 2)
		return usage();
	if (parse_day(pos[0], "DATE", &start, &err) != CWYN_OK ||
	    parse_count(pos[1], &n, &err) != CWYN_OK)
		return cli_report("workdays", &err);

	struct arena arena;
	arena_init(&arena, 0);
	struct cal_derivation dv;
	if (calendar_derive(cal, start, n, CAL_UNIT_WORKING_DAYS, false, &arena,
	                    &dv, &err) != CWYN_OK) {
		rc = cli_report("workdays", &err);
		goto out;
	}
	if (json) {
		json_t *root = json_object();
		json_t *skipped = json_array();
		if (root == NULL || skipped == NULL) {
			json_decref(root);
			json_decref(skipped);
			rc = print_json(NULL);
			goto out;
		}
		json_object_set_new(root, "start", iso_json(dv.start));
		json_object_set_new(root, "n", json_integer(dv.amount));
		json_object_set_new(root, "result", iso_json(dv.result));
		for (size_t i = 0; i < dv.n_skipped; i++) {
			const struct cal_skip *s = &dv.skipped[i];
			json_t *o = json_object();
			json_object_set_new(o, "date", iso_json(s->day));
			json_object_set_new(o, "kind",
			                    json_string(kind_id(s->kind)));
			json_object_set_new(o, "why", json_string(
			                                  s->why_en ? s->why_en
			                                            : ""));
			json_object_set_new(o, "why_cy", json_string(
			                                     s->why_cy ? s->why_cy
			                                               : ""));
			json_array_append_new(skipped, o);
		}
		json_object_set_new(root, "skipped", skipped);
		if (explain) {
			char *t = calendar_explain(&dv, &arena);
			json_object_set_new(root, "explanation",
			                    json_string(t ? t : ""));
		}
		rc = print_json(root);
		goto out;
	}
	char buf[CWYN_DATE_STRLEN];
	printf("%s\n", date_format(dv.result, buf));
	if (explain)
		print_explanation(&dv, &arena);
	rc = 0;
out:
	arena_free(&arena);
	return rc;
}

static int do_between(const struct calendar *cal, char **pos, int npos,
                      bool json)
{
	struct cwyn_error err = {0};
	cwyn_day a = 0, b = 0;
	if (npos != 2)
		return usage();
	if (parse_day(pos[0], "DATE1", &a, &err) != CWYN_OK ||
	    parse_day(pos[1], "DATE2", &b, &err) != CWYN_OK)
		return cli_report("workdays", &err);
	int n = calendar_working_days_between(cal, a, b);
	if (json) {
		json_t *root = json_object();
		if (root != NULL) {
			json_object_set_new(root, "from", iso_json(a));
			json_object_set_new(root, "to", iso_json(b));
			json_object_set_new(root, "working_days",
			                    json_integer(n));
		}
		return print_json(root);
	}
	printf("%d\n", n);
	return 0;
}

static int do_is(const struct calendar *cal, char **pos, int npos, bool json)
{
	struct cwyn_error err = {0};
	cwyn_day d = 0;
	if (npos != 1)
		return usage();
	if (parse_day(pos[0], "DATE", &d, &err) != CWYN_OK)
		return cli_report("workdays", &err);
	const char *en, *cy;
	enum cal_day_kind k = calendar_day_kind(cal, d, &en, &cy);
	if (json) {
		json_t *root = json_object();
		if (root != NULL) {
			json_object_set_new(root, "date", iso_json(d));
			json_object_set_new(root, "working_day",
			                    json_boolean(k == CAL_WORKING));
			json_object_set_new(root, "kind",
			                    json_string(kind_id(k)));
			if (k != CAL_WORKING) {
				json_object_set_new(root, "why",
				                    json_string(en ? en : ""));
				json_object_set_new(root, "why_cy",
				                    json_string(cy ? cy : ""));
			}
		}
		return print_json(root);
	}
	char a[48];
	if (k == CAL_WORKING)
		printf("%s: %s\n", day_text(a, d), _("a working day"));
	else
		printf("%s: %s (%s: %s)\n", day_text(a, d),
		       _("not a working day"), kind_word(k), local(en, cy));
	return 0;
}

int cmd_workdays(int argc, char **argv)
{
	struct cwyn_error err = {0};
	char *pos[4];
	int npos = 0;
	bool json = false, explain = false;

	if (argc < 2)
		return usage();
	const char *sub = argv[1];
	const char *policy_path = NULL;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--policy") == 0) {
			if (i + 1 >= argc)
				return usage();
			policy_path = argv[++i];
		} else if (strcmp(argv[i], "--explain") == 0) {
			explain = true;
		} else if (strncmp(argv[i], "--", 2) == 0) {
			fprintf(stderr, "cwyn workdays: %s: %s\n",
			        _("unknown option"), argv[i]);
			return usage();
		} else if (npos < 4) {
			pos[npos++] = argv[i];
		} else {
			return usage();
		}
	}
	if (strcmp(sub, "add") != 0 && strcmp(sub, "between") != 0 &&
	    strcmp(sub, "is") != 0) {
		fprintf(stderr, "cwyn workdays: %s: %s\n",
		        _("unknown sub-command"), sub);
		return usage();
	}
	if (explain && strcmp(sub, "add") != 0)
		return usage();

	struct calendar *cal = NULL;
	struct policy *policy = NULL;
	enum cwyn_code code =
	    policy_path != NULL
	        ? policy_load_with_calendar(policy_path, &policy, &cal, &err)
	        : calendar_new(NULL, 0, NULL, 0, &cal, &err);
	if (code != CWYN_OK)
		return cli_report("workdays", &err);
	int rc;
	if (strcmp(sub, "add") == 0)
		rc = do_add(cal, pos, npos, json, explain);
	else if (strcmp(sub, "between") == 0)
		rc = do_between(cal, pos, npos, json);
	else
		rc = do_is(cal, pos, npos, json);
	calendar_free(cal);
	if (policy != NULL)
		policy_free(policy);
	return rc;
}
