/*
 * cmd_holidays.c — `cwyn holidays YEAR [--json] [--policy FILE]`: the
 * England-and-Wales bank holidays of one year (date, weekday, name; Welsh
 * names when CWYN_LANG=cy), and the authority's closure days in that year
 * when a policy file is given.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/policy_file.h"
#include "cli/commands.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/policy.h"
#include "i18n/i18n.h"

/* Short weekday names, translated where shown. */
static const char *const weekday_short[7] = {
	N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
	N_("Fri"), N_("Sat"), N_("Sun"),
};

static int usage(void)
{
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn holidays YEAR [--json] [--policy FILE]"));
	return 2;
}

/* Most named days one year can have: every day of it. */
#define YEAR_DAYS_MAX 366

/*
 * A year is four digits and nothing else: "2026x", "+2026" and " 2026"
 * are refused rather than read as 2026.
 */
static enum cwyn_code parse_year(const char *s, int *out,
                                 struct cwyn_error *err)
{
	if (strlen(s) != 4 || strspn(s, "0123456789") != 4)
		return cwyn_fail(err, CWYN_EINVAL, "YEAR",
		                 N_("must be a year written with four "
		                    "digits, e.g. 2026"));
	int y = atoi(s);
	if (y < CAL_FIRST_YEAR || y > CAL_LAST_YEAR)
		return cwyn_fail(
		    err, CWYN_ERANGE, "YEAR",
		    N_("bank holidays are known only for 1995-2100"));
	*out = y;
	return CWYN_OK;
}

static const char *local_name(const struct cal_holiday *h)
{
	if (i18n_thread_language() == LANG_CY && h->name_cy && h->name_cy[0])
		return h->name_cy;
	return h->name_en ? h->name_en : "";
}

static void print_line(const struct cal_holiday *h)
{
	char buf[CWYN_DATE_STRLEN];
	printf("%s  %s  %s\n", date_format(h->day, buf),
	       _(weekday_short[date_weekday(h->day)]), local_name(h));
}

static json_t *holiday_json(const struct cal_holiday *h)
{
	char buf[CWYN_DATE_STRLEN];
	json_t *o = json_object();
	if (o == NULL)
		return NULL;
	json_object_set_new(o, "date", json_string(date_format(h->day, buf)));
	json_object_set_new(
	    o, "weekday",
	    json_string(date_weekday_name(date_weekday(h->day))));
	json_object_set_new(o, "name", json_string(h->name_en ? h->name_en
	                                                      : ""));
	json_object_set_new(o, "name_cy", json_string(h->name_cy ? h->name_cy
	                                                         : ""));
	return o;
}

static int print_json(int year, const struct cal_holiday *bh, size_t n,
                      const struct cal_holiday *closures, size_t n_closures,
                      bool with_closures)
{
	int rc = 1;
	char *text = NULL;
	json_t *root = json_object();
	json_t *list = json_array();
	json_t *cl = with_closures ? json_array() : NULL;
	if (root == NULL || list == NULL || (with_closures && cl == NULL))
		goto out;
	json_object_set_new(root, "year", json_integer(year));
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, holiday_json(&bh[i]));
	json_object_set(root, "bank_holidays", list);
	if (with_closures) {
		for (size_t i = 0; i < n_closures; i++)
			json_array_append_new(cl, holiday_json(&closures[i]));
		json_object_set(root, "closures", cl);
	}
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text == NULL)
		goto out;
	printf("%s\n", text);
	rc = 0;
out:
	if (rc != 0)
		fprintf(stderr, "cwyn holidays: %s\n", _("out of memory"));
	free(text);
	json_decref(cl);
	json_decref(list);
	json_decref(root);
	return rc;
}

int cmd_holidays(int argc, char **argv)
{
	struct cwyn_error err = {0};
	const char *year_arg = NULL, *policy_path = NULL;
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--policy") == 0) {
			if (i + 1 >= argc)
				return usage();
			policy_path = argv[++i];
		} else if (strncmp(argv[i], "--", 2) == 0) {
			fprintf(stderr, "cwyn holidays: %s: %s\n",
			        _("unknown option"), argv[i]);
			return usage();
		} else if (year_arg == NULL) {
			year_arg = argv[i];
		} else {
			return usage();
		}
	}
	if (year_arg == NULL)
		return usage();

	int year = 0;
	if (parse_year(year_arg, &year, &err) != CWYN_OK)
		return cli_report("holidays", &err);

	int rc = 1;
	struct policy *policy = NULL;
	struct calendar *cal = NULL;
	struct cal_holiday *bh = NULL, *closures = NULL;
	size_t n = 0, n_closures = 0;

	bh = calloc(YEAR_DAYS_MAX, sizeof *bh);
	closures = calloc(YEAR_DAYS_MAX, sizeof *closures);
	if (bh == NULL || closures == NULL) {
		cwyn_fail(&err, CWYN_ENOMEM, "holidays", N_("out of memory"));
		goto report;
	}
	if (policy_path == NULL) {
		/* No policy: the bank holidays by rule, no closure days. */
		n = cal_bank_holidays(year, bh, YEAR_DAYS_MAX, &err);
		if (n == 0 || n > YEAR_DAYS_MAX)
			goto report;
	} else {
		/*
		 * With a policy its calendar decides: the bank holidays by
		 * rule plus any it adds, and its closure days. A closure on
		 * a weekend or bank holiday is still listed as a closure, so
		 * the policy can be checked against what it says.
		 */
		if (policy_load_with_calendar(policy_path, &policy, &cal,
		                              &err) != CWYN_OK)
			goto report;
		cwyn_day first = date_from_ymd(year, 1, 1);
		cwyn_day last = date_from_ymd(year, 12, 31);
		for (cwyn_day d = first; d <= last; d++) {
			const char *en, *cy;
			if (calendar_day_kind(cal, d, &en, &cy) !=
			    CAL_BANK_HOLIDAY)
				continue;
			bh[n++] = (struct cal_holiday){d, en, cy};
		}
		for (cwyn_day d = first; d <= last; d++)
			for (size_t i = 0; i < policy->n_closures; i++)
				if (policy->closures[i].day == d &&
				    n_closures < YEAR_DAYS_MAX) {
					closures[n_closures++] =
					    policy->closures[i];
					break;
				}
	}

	if (json) {
		rc = print_json(year, bh, n, closures, n_closures,
		                policy_path != NULL);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		print_line(&bh[i]);
	if (policy_path != NULL) {
		printf("%s\n", _("Authority closure days:"));
		if (n_closures == 0)
			printf("  %s\n", _("(none this year)"));
		for (size_t i = 0; i < n_closures; i++)
			print_line(&closures[i]);
	}
	rc = 0;
	goto out;
report:
	rc = cli_report("holidays", &err);
out:
	calendar_free(cal);
	if (policy != NULL)
		policy_free(policy);
	free(bh);
	free(closures);
	return rc;
}
