/*
 * cmd_report.c — reports and exports from the command line:
 *
 *   cwyn report annual --from DATE --to DATE [--all] [--json|--html]
 *   cwyn report csa --year Y --quarter Q [--all] [--columns SPEC]
 *   cwyn export cases --format csv|json [--status S] [--from D] [--to D]
 *   cwyn export timeline REF --format csv|json
 *
 * plus the common options of cli_session.h (--authority CODE picks the
 * authority; --all, the operator's alone, covers every authority). CSV
 * goes to stdout (`> return.csv`), RFC 4180 with formula cells
 * neutralised (out/csv.h). What each figure means: docs/reports.md.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/reports.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "core/escape.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "out/csv.h"
#include "out/report.h"
#include "web/pages/report_view.h"

static int usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "cwyn %s: %s\n", cmd, msg);
	if (strcmp(cmd, "export") == 0)
		fprintf(stderr, "%s\n",
		        _("Usage: cwyn export cases --format csv|json "
		          "[--status open|closed] [--from DATE] [--to DATE]\n"
		          "       cwyn export timeline REF --format csv|json"));
	else
		fprintf(stderr, "%s\n",
		        _("Usage: cwyn report annual --from DATE --to DATE "
		          "[--all] [--json|--html]\n"
		          "       cwyn report csa --year Y --quarter Q [--all] "
		          "[--columns SPEC]"));
	return 2;
}

static int refuse(const char *cmd, const char *field, const char *msg)
{
	fprintf(stderr, "cwyn %s: %s: %s\n", cmd, field, msg);
	return 1;
}

/* The options of every subcommand; unknown ones are a usage error. */
struct opts {
	struct cli_common c;
	const char *from, *to, *year, *quarter, *columns, *format, *status;
	const char *pos[2];
	int n_pos;
	bool all, json, html;
};

static int parse(const char *cmd, int argc, char **argv, struct opts *o)
{
	struct {
		const char *name;
		const char **dst;
	} vals[] = {
	    {"--from", &o->from},       {"--to", &o->to},
	    {"--year", &o->year},       {"--quarter", &o->quarter},
	    {"--columns", &o->columns}, {"--format", &o->format},
	    {"--status", &o->status},
	};
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option(cmd, &o->c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		bool done = false;
		for (size_t k = 0; k < sizeof vals / sizeof *vals && !done; k++) {
			if (strcmp(argv[i], vals[k].name) != 0)
				continue;
			if (i + 1 >= argc)
				return usage(cmd, _("an option needs a value"));
			*vals[k].dst = argv[++i];
			done = true;
		}
		if (done)
			continue;
		if (strcmp(argv[i], "--all") == 0)
			o->all = true;
		else if (strcmp(argv[i], "--json") == 0)
			o->json = true;
		else if (strcmp(argv[i], "--html") == 0)
			o->html = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return usage(cmd, _("unknown option"));
		else if (o->n_pos < 2)
			o->pos[o->n_pos++] = argv[i];
		else
			return usage(cmd, _("too many arguments"));
	}
	return 0;
}

static int parse_day(const char *cmd, const char *field, const char *s,
                     cwyn_day *out)
{
	*out = CWYN_DAY_NONE;
	if (s == NULL)
		return 0;
	struct cwyn_error err = {0};
	if (date_parse(s, out, field, &err) != CWYN_OK)
		return refuse(cmd, field, _("must be a date YYYY-MM-DD"));
	return 0;
}

static int parse_int(const char *cmd, const char *field, const char *s,
                     long lo, long hi, int *out)
{
	char *end;
	errno = 0;
	long v = s ? strtol(s, &end, 10) : 0;
	if (s == NULL || errno || *end || end == s || v < lo || v > hi)
		return refuse(cmd, field, _("must be a whole number in range"));
	*out = (int)v;
	return 0;
}

static void print_pct(int64_t num, int64_t den)
{
	if (den <= 0)
		printf("%12s", "-");
	else
		printf("%11.1f%%", (double)((num * 1000 + den / 2) / den) / 10.0);
}

/* The annual report as text, for reading in a terminal. */
static void print_annual(const struct report_figures *r)
{
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	printf("%s: %s – %s\n\n", _("Annual report"), date_format(r->from, a),
	       date_format(r->to, b));
	printf("%-60s %12" PRId64 "\n", _("Complaints received"), r->received);
	printf("\n%s\n", _("Complaints received by stage"));
	for (int k = 0; k < STAGE_KIND__MAX; k++)
		printf("  %-58s %12" PRId64 "\n",
		       _(report_stage_label((enum stage_kind)k)), r->by_stage[k]);
	printf("\n%s\n", _("Complaints received by subject"));
	for (int s = 0; s < SUBJ__MAX; s++)
		if (r->by_subject[s])
			printf("  %-58s %12" PRId64 "\n",
			       _(report_subject_label((enum matter_subject)s)),
			       r->by_subject[s]);
	printf("\n%s\n", _("Responded to within the timescale"));
	for (int i = 0; i < REPORT_N_TIMELY; i++) {
		const struct report_timely *t = &r->timely[report_timely_ts[i]];
		printf("  %-46s %5" PRId64 " / %5" PRId64,
		       _(report_timely_label(report_timely_ts[i])), t->within,
		       t->responded);
		print_pct(t->within, t->responded);
		putchar('\n');
	}
	printf("\n%-60s %12" PRId64 "\n", _("Complaints closed"), r->closed);
	for (int o = OUTCOME_UPHELD; o < OUTCOME__MAX; o++)
		if (r->by_outcome[o] || o <= OUTCOME_WITHDRAWN)
			printf("  %-58s %12" PRId64 "\n",
			       _(report_outcome_label((enum outcome)o)),
			       r->by_outcome[o]);
	printf("  %-58s", _("Upheld in whole or in part"));
	print_pct(r->upheld_whole_or_part, r->closed);
	putchar('\n');
	for (int k = 0; k < RB__MAX; k++)
		printf("  %-58s %12" PRId64 "\n",
		       _(report_band_label((enum report_band)k)), r->by_band[k]);
	printf("\n%-60s %12" PRId64 "\n", _("Referrals to other agencies"),
	       r->referrals);
	for (int k = 0; k < AGENCY__MAX; k++)
		if (r->by_agency[k])
			printf("  %-58s %12" PRId64 "\n",
			       _(report_agency_label((enum agency)k)),
			       r->by_agency[k]);
	printf("%-60s %12" PRId64 "\n", _("Referrals to the Ombudsman"),
	       r->psow_referrals);
	int64_t avg = report_extension_avg_tenths(r);
	printf("%-60s %12" PRId64 "\n", _("Extensions agreed"), r->extensions);
	printf("%-60s %10" PRId64 ".%" PRId64 "\n",
	       _("Average extension (working days)"), avg / 10, avg % 10);
	printf("\n%s\n", _("Lessons learned"));
	if (r->n_lessons == 0)
		printf("  %s\n", _("None recorded."));
	for (size_t i = 0; i < r->n_lessons; i++)
		printf("  - %s\n", r->lessons[i].text);
	if (r->lessons_truncated)
		printf("  %s\n", _("(more lessons than can be listed)"));
}

static int report_annual(struct opts *o)
{
	cwyn_day from, to;
	int rc;
	if ((rc = parse_day("report", "from", o->from, &from)) ||
	    (rc = parse_day("report", "to", o->to, &to)))
		return rc;
	if (o->from == NULL || o->to == NULL)
		return usage("report", _("give --from and --to"));
	if (o->json && o->html)
		return usage("report", _("choose --json or --html"));
	struct cli_session s;
	if ((rc = cli_session_open("report", &o->c, &s)))
		return rc;
	struct report_figures r;
	struct cwyn_error err = {0};
	if (app_report_annual(&s.ctx, o->all, from, to, &s.ar, &r, &err) !=
	    CWYN_OK) {
		rc = cli_report("report", &err);
		goto out;
	}
	if (o->json) {
		json_t *j = app_report_json(&r);
		json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(j);
	} else if (o->html) {
		const char *doc = report_view_document(
		    &s.ar, i18n_thread_language(), &r,
		    o->all ? NULL : s.authority.name_en);
		if (doc == NULL) {
			rc = refuse("report", "html", _("out of memory"));
			goto out;
		}
		fputs(doc, stdout);
	} else {
		print_annual(&r);
	}
out:
	cli_session_close(&s);
	return rc;
}

static int report_csa(struct opts *o)
{
	int year, quarter, rc;
	if (o->year == NULL || o->quarter == NULL)
		return usage("report", _("give --year and --quarter"));
	if ((rc = parse_int("report", "year", o->year, 1995, 2099, &year)) ||
	    (rc = parse_int("report", "quarter", o->quarter, 1, 4, &quarter)))
		return rc;
	struct cli_session s;
	if ((rc = cli_session_open("report", &o->c, &s)))
		return rc;
	struct csa_column cols[CSA_MEASURE__MAX];
	size_t n_cols;
	struct cwyn_error err = {0};
	struct report_csa_row *rows;
	size_t n;
	if (o->columns ? csa_columns_parse(o->columns, &s.ar, cols, &n_cols,
	                                   &err) != CWYN_OK
	               : (n_cols = csa_default_columns(cols)) == 0) {
		rc = cli_report("report", &err);
		goto out;
	}
	if (app_report_csa(&s.ctx, o->all, year, quarter, &s.ar, &rows, &n,
	                   &err) != CWYN_OK) {
		rc = cli_report("report", &err);
		goto out;
	}
	struct textbuf tb;
	textbuf_init(&tb, &s.ar);
	report_csa_csv(&tb, cols, n_cols, rows, n);
	if (tb.failed || tb.data == NULL) {
		rc = refuse("report", "csv", _("out of memory"));
		goto out;
	}
	fwrite(tb.data, 1, tb.len, stdout);
out:
	cli_session_close(&s);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	struct opts o = {0};
	if (argc < 2)
		return usage("report", _("name a report: annual or csa"));
	int rc = parse("report", argc, argv, &o);
	if (rc)
		return rc;
	if (o.n_pos)
		return usage("report", _("too many arguments"));
	if (strcmp(argv[1], "annual") == 0)
		return report_annual(&o);
	if (strcmp(argv[1], "csa") == 0) {
		if (o.json || o.html)
			return usage("report", _("the CSA return is CSV only"));
		return report_csa(&o);
	}
	return usage("report", _("name a report: annual or csa"));
}

/* ---- Exports ------------------------------------------------------------------ */

struct export_out {
	bool json;
	json_t *list;
	struct textbuf *tb;
	struct arena *ar;
};

static const char *const case_columns[] = {
	"reference", "status", "received", "language", "channel",
	"overall_route", "subjects", "safeguarding_alert", "closed_on",
	"outcome",
};

static int export_case(void *ctx, const struct app_export_case *e)
{
	struct export_out *x = ctx;
	const struct store_case *c = e->c;
	char rcv[CWYN_DATE_STRLEN];
	char closed[CWYN_DATE_STRLEN] = "";
	date_format(c->received, rcv);
	cwyn_day closed_on = uk_day_of_iso(c->closed_at); /* closed in Wales */
	if (closed_on != CWYN_DAY_NONE)
		date_format(closed_on, closed);
	if (x->json) {
		json_t *o = json_object();
		json_object_set_new(o, "reference", json_string(c->reference));
		json_object_set_new(o, "status", json_string(c->status));
		json_object_set_new(o, "received", json_string(rcv));
		json_object_set_new(o, "language", json_string(c->language));
		json_object_set_new(o, "channel", json_string(c->channel));
		json_object_set_new(o, "overall_route",
		                    c->overall_route ? json_string(c->overall_route)
		                                     : json_null());
		json_t *subs = json_array();
		char *copy = arena_strdup(x->ar, e->subjects), *save = NULL;
		for (char *t = copy ? strtok_r(copy, ";", &save) : NULL; t;
		     t = strtok_r(NULL, ";", &save))
			json_array_append_new(subs, json_string(t));
		json_object_set_new(o, "subjects", subs);
		json_object_set_new(o, "safeguarding_alert",
		                    json_boolean(c->safeguarding_alert));
		json_object_set_new(o, "closed_on",
		                    closed[0] ? json_string(closed) : json_null());
		json_object_set_new(o, "outcome", c->outcome
		                                      ? json_string(c->outcome)
		                                      : json_null());
		json_array_append_new(x->list, o);
		return 0;
	}
	struct csv w;
	csv_init(&w, x->tb);
	csv_text(&w, c->reference);
	csv_text(&w, c->status);
	csv_text(&w, rcv);
	csv_text(&w, c->language);
	csv_text(&w, c->channel);
	csv_text(&w, c->overall_route);
	csv_text(&w, e->subjects);
	csv_text(&w, c->safeguarding_alert ? "yes" : "no");
	csv_text(&w, closed);
	csv_text(&w, c->outcome);
	csv_end_row(&w);
	/* Write as we go: an export of every case stays small in memory. */
	if (!x->tb->failed && x->tb->len > (1u << 16)) {
		fwrite(x->tb->data, 1, x->tb->len, stdout);
		x->tb->len = 0;
		x->tb->data[0] = '\0';
	}
	return 0;
}

static int export_cases(struct opts *o, bool json)
{
	struct app_export_filter f = {.status = o->status};
	int rc;
	if ((rc = parse_day("export", "from", o->from, &f.from)) ||
	    (rc = parse_day("export", "to", o->to, &f.to)))
		return rc;
	if (o->status && strcmp(o->status, "open") != 0 &&
	    strcmp(o->status, "closed") != 0)
		return refuse("export", "status", _("must be open or closed"));
	struct cli_session s;
	if ((rc = cli_session_open("export", &o->c, &s)))
		return rc;
	struct textbuf tb;
	textbuf_init(&tb, &s.ar);
	struct export_out x = {.json = json, .tb = &tb, .ar = &s.ar};
	if (json)
		x.list = json_array();
	else {
		struct csv w;
		csv_init(&w, &tb);
		for (size_t i = 0; i < sizeof case_columns / sizeof *case_columns;
		     i++)
			csv_text(&w, case_columns[i]);
		csv_end_row(&w);
	}
	struct cwyn_error err = {0};
	size_t n = 0;
	if (app_export_cases(&s.ctx, &f, export_case, &x, &n, &err) != CWYN_OK)
		rc = cli_report("export", &err);
	else if (json) {
		json_dumpf(x.list, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	} else if (tb.failed)
		rc = refuse("export", "csv", _("out of memory"));
	else if (tb.len)
		fwrite(tb.data, 1, tb.len, stdout);
	json_decref(x.list);
	cli_session_close(&s);
	return rc;
}

static int export_timeline(struct opts *o, bool json)
{
	if (o->n_pos != 1)
		return usage("export", _("export timeline needs REF"));
	struct cli_session s;
	int rc;
	if ((rc = cli_session_open("export", &o->c, &s)))
		return rc;
	struct app_case_view v;
	struct cwyn_error err = {0};
	if (app_case_read(&s.ctx, o->pos[0], &s.ar, &v, &err) != CWYN_OK) {
		rc = cli_report("export", &err);
		goto out;
	}
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < v.n_events; i++) {
			const struct store_event *e = &v.events[i];
			json_t *d = json_loads(e->detail_json ? e->detail_json
			                                      : "{}",
			                       0, NULL);
			json_array_append_new(
			    a, json_pack("{s:s,s:s,s:o,s:o}", "at", e->at, "kind",
			                 e->kind, "actor_user_id",
			                 e->actor_user_id
			                     ? json_integer(e->actor_user_id)
			                     : json_null(),
			                 "detail", d ? d : json_object()));
		}
		json_t *top = json_pack("{s:s,s:o}", "reference",
		                        v.c.reference, "events", a);
		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(top);
		goto out;
	}
	struct textbuf tb;
	struct csv w;
	textbuf_init(&tb, &s.ar);
	csv_init(&w, &tb);
	csv_text(&w, "at");
	csv_text(&w, "kind");
	csv_text(&w, "actor_user_id");
	csv_text(&w, "detail");
	csv_end_row(&w);
	for (size_t i = 0; i < v.n_events; i++) {
		const struct store_event *e = &v.events[i];
		csv_text(&w, e->at);
		csv_text(&w, e->kind);
		if (e->actor_user_id)
			csv_int(&w, e->actor_user_id);
		else
			csv_text(&w, NULL);
		csv_text(&w, e->detail_json);
		csv_end_row(&w);
	}
	if (tb.failed)
		rc = refuse("export", "csv", _("out of memory"));
	else if (tb.len)
		fwrite(tb.data, 1, tb.len, stdout);
out:
	cli_session_close(&s);
	return rc;
}

int cmd_export(int argc, char **argv)
{
	struct opts o = {0};
	if (argc < 2)
		return usage("export", _("name an export: cases or timeline"));
	int rc = parse("export", argc, argv, &o);
	if (rc)
		return rc;
	if (o.format == NULL)
		return usage("export", _("give --format csv or json"));
	bool json = strcmp(o.format, "json") == 0;
	if (!json && strcmp(o.format, "csv") != 0)
		return refuse("export", "format", _("must be csv or json"));
	if (strcmp(argv[1], "cases") == 0) {
		if (o.n_pos)
			return usage("export", _("too many arguments"));
		return export_cases(&o, json);
	}
	if (strcmp(argv[1], "timeline") == 0)
		return export_timeline(&o, json);
	return usage("export", _("name an export: cases or timeline"));
}
