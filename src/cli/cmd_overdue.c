/*
 * cmd_overdue.c — `cwyn overdue [--within N] [--json]`: the statutory
 * clocks that have breached as of today, and those that breach within N
 * working days (default 2), earliest first, with the working days over or
 * left. Takes the common options of cli_session.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "i18n/i18n.h"

static const char *tr_fmt(const char *msgid) __attribute__((format_arg(1)));
static const char *tr_fmt(const char *msgid)
{
	return _(msgid);
}

static int usage(const char *msg)
{
	fprintf(stderr, "cwyn overdue: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn overdue [--within N] [--json] [--db URL] "
	          "[--today DATE] [--policy FILE] [--authority CODE]"));
	return 2;
}

static const char *label_of(const struct policy *p, enum ts_id ts)
{
	const struct policy_timescale *t = &p->timescales[ts];
	if (!t->defined)
		return ts_id_name(ts);
	if (i18n_thread_language() == LANG_CY && t->label.cy && t->label.cy[0])
		return t->label.cy;
	return t->label.en ? t->label.en : ts_id_name(ts);
}

static void print_json(const struct app_overdue_item *it, size_t n,
                       cwyn_day today, int within)
{
	char buf[CWYN_DATE_STRLEN];
	json_t *o = json_object(), *a = json_array();
	json_object_set_new(o, "today", json_string(date_format(today, buf)));
	json_object_set_new(o, "within", json_integer(within));
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "reference", json_string(it[i].reference));
		json_object_set_new(x, "clock", json_integer(it[i].clock_id));
		json_object_set_new(x, "matter",
		                    it[i].matter_seq
		                        ? json_integer(it[i].matter_seq)
		                        : json_null());
		json_object_set_new(x, "timescale",
		                    json_string(ts_id_name(it[i].ts)));
		json_object_set_new(x, "started_on",
		                    json_string(date_format(it[i].started_on, buf)));
		json_object_set_new(x, "due_on",
		                    json_string(date_format(it[i].due_on, buf)));
		json_object_set_new(x, "breached", json_boolean(it[i].breached));
		json_object_set_new(x, "days_overdue",
		                    json_integer(it[i].days_overdue));
		json_object_set_new(x, "due_in_working_days",
		                    json_integer(it[i].due_in_wd));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "clocks", a);
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

int cmd_overdue(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *within_s = NULL;
	bool json = false;
	for (int i = 1; i < argc; i++) {
		int used = cli_common_option("overdue", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
		} else if (strcmp(argv[i], "--within") == 0) {
			if (i + 1 >= argc)
				return usage(_("--within needs a number"));
			within_s = argv[++i];
		} else if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else {
			return usage(_("unknown option"));
		}
	}
	int within = 2;
	if (within_s) {
		char *end;
		errno = 0;
		long v = strtol(within_s, &end, 10);
		if (errno || *end || end == within_s || v < 0 || v > 250) {
			fprintf(stderr, "cwyn overdue: within: %s\n",
			        _("must be 0 to 250 working days"));
			return 1;
		}
		within = (int)v;
	}
	struct cli_session s;
	int rc = cli_session_open("overdue", &c, &s);
	if (rc)
		return rc;
	struct app_overdue_item *it;
	size_t n;
	struct cwyn_error err = {0};
	if (app_overdue(&s.ctx, within, &s.ar, &it, &n, &err) != CWYN_OK) {
		rc = cli_report("overdue", &err);
		goto out;
	}
	if (json) {
		print_json(it, n, s.ctx.today, within);
		goto out;
	}
	char a[32];
	printf(tr_fmt(N_("Clocks breached on %s, or breaching within %d "
	                 "working day(s):")),
	       cli_day_text(s.ctx.today, a, sizeof a), within);
	putchar('\n');
	if (n == 0)
		printf("  %s\n", _("none"));
	for (size_t i = 0; i < n; i++) {
		printf("  %-14s #%-4lld ", it[i].reference,
		       (long long)it[i].clock_id);
		printf("%s", label_of(s.policy, it[i].ts));
		if (it[i].matter_seq) {
			printf(" (");
			printf(tr_fmt(N_("matter %d")), it[i].matter_seq);
			printf(")");
		}
		printf(": ");
		printf(tr_fmt(N_("due %s")),
		       cli_day_text(it[i].due_on, a, sizeof a));
		printf(" — ");
		if (it[i].breached)
			printf(tr_fmt(N_("OVERDUE by %d working day(s)")),
			       it[i].days_overdue);
		else
			printf(tr_fmt(N_("%d working day(s) left")),
			       it[i].due_in_wd);
		putchar('\n');
	}
out:
	cli_session_close(&s);
	return rc;
}
