/*
 * report_view.c — the annual report as HTML (report_view.h): a chart and
 * a table per group of figures, in the GOV.UK table and heading classes,
 * so the page reads the same with or without the charts.
 */
#include "web/pages/report_view.h"

#include <inttypes.h>
#include <string.h>

#include "i18n/i18n.h"
#include "out/svg_chart.h"

#define MAX_BARS 16

static const char *num(struct html *h, int64_t v)
{
	const char *s = arena_printf(h->arena, "%" PRId64, v);
	return s ? s : "?";
}

/* "87.5%" or "–" when there is nothing to divide by. */
static const char *pct(struct html *h, int64_t n, int64_t d)
{
	if (d <= 0)
		return "–";
	int64_t t = (n * 1000 + d / 2) / d;
	const char *s = arena_printf(h->arena, "%" PRId64 ".%" PRId64 "%%",
	                             t / 10, t % 10);
	return s ? s : "?";
}

static const char *tr(const struct html *h, const char *msgid)
    __attribute__((format_arg(2)));
static const char *tr(const struct html *h, const char *msgid)
{
	return i18n_tr(h->lang, msgid);
}

static void chart(struct html *h, const char *id, const char *title_msgid,
                  const char *desc_msgid, const struct svg_bar *bars,
                  size_t n, int64_t max)
{
	if (n == 0)
		return;
	struct svg_chart c = {
	    .id = id,
	    .title = tr(h, title_msgid),
	    .desc = tr(h, desc_msgid),
	    .bars = bars,
	    .n_bars = n,
	    .max = max,
	};
	html_raw(h, "<figure class=\"cwyn-figure\">");
	/* The shared escaping path writes straight into the page. */
	if (!h->failed && !svg_bar_chart(&h->tb, &c))
		h->failed = true;
	html_raw(h, "</figure>");
}

static void table_begin(struct html *h, const char *caption_msgid,
                        const char *col1_msgid, const char *col2_msgid)
{
	html_fmt(h,
	         "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
	         "govuk-table__caption--s\">%T</caption><thead class=\"govuk-table__head\">"
	         "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%T</th>"
	         "</tr></thead><tbody class=\"govuk-table__body\">",
	         caption_msgid, col1_msgid, col2_msgid);
}

static void table_row(struct html *h, const char *label, const char *value)
{
	html_fmt(h,
	         "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%t</th>"
	         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%t</td></tr>",
	         label, value);
}

static void table_end(struct html *h)
{
	html_raw(h, "</tbody></table>");
}

static void by_stage(struct html *h, const struct report_figures *r)
{
	struct svg_bar bars[STAGE_KIND__MAX];
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>"
	            "<p class=\"govuk-body\">%t</p>",
	         N_("Complaints received"),
	         arena_printf(h->arena, tr(h, N_("%s complaints received in "
	                                         "the period.")),
	                      num(h, r->received)));
	for (int k = 0; k < STAGE_KIND__MAX; k++)
		bars[k] = (struct svg_bar){
		    tr(h, report_stage_label((enum stage_kind)k)), r->by_stage[k],
		    NULL};
	chart(h, "chart-stage", N_("Complaints by stage"),
	      N_("A bar for each stage, its length the number of complaints "
	         "that reached the stage in the period. The table below gives "
	         "the same figures."),
	      bars, STAGE_KIND__MAX, 0);
	table_begin(h, N_("Complaints by stage"), N_("Stage"),
	            N_("Complaints"));
	for (int k = 0; k < STAGE_KIND__MAX; k++)
		table_row(h, bars[k].label, num(h, r->by_stage[k]));
	table_end(h);
}

static void by_subject(struct html *h, const struct report_figures *r)
{
	struct svg_bar bars[SUBJ__MAX];
	size_t n = 0;
	for (int s = 0; s < SUBJ__MAX; s++)
		if (r->by_subject[s])
			bars[n++] = (struct svg_bar){
			    tr(h, report_subject_label((enum matter_subject)s)),
			    r->by_subject[s], NULL};
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>",
	         N_("Complaints by subject"));
	if (n == 0) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("No complaints were received in the period."));
		return;
	}
	chart(h, "chart-subject", N_("Complaints by subject"),
	      N_("A bar for each subject complained about, its length the "
	         "number of matters. One complaint may raise several. The "
	         "table below gives the same figures."),
	      bars, n, 0);
	table_begin(h, N_("Complaints by subject"), N_("Subject"),
	            N_("Matters"));
	for (size_t i = 0; i < n; i++)
		table_row(h, bars[i].label, num(h, bars[i].value));
	table_end(h);
}

static void timeliness(struct html *h, const struct report_figures *r)
{
	struct svg_bar bars[REPORT_N_TIMELY];
	size_t n = 0;
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
	         N_("Responded to within the timescale"),
	         N_("Responses made in the period on or before the day they "
	            "were due, counting extensions agreed with the "
	            "complainant."));
	for (int i = 0; i < REPORT_N_TIMELY; i++) {
		const struct report_timely *t = &r->timely[report_timely_ts[i]];
		if (t->responded == 0)
			continue;
		bars[n++] = (struct svg_bar){
		    tr(h, report_timely_label(report_timely_ts[i])),
		    (t->within * 1000 + t->responded / 2) / t->responded,
		    pct(h, t->within, t->responded)};
	}
	chart(h, "chart-timely", N_("Responded to within the timescale"),
	      N_("A bar for each timescale, its length the percentage of "
	         "responses made in time. The table below gives "
	         "the numbers."),
	      bars, n, 1000);
	html_fmt(h,
	         "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
	         "govuk-table__caption--s\">%T</caption><thead class=\"govuk-table__head\">"
	         "<tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%T</th>"
	         "<th scope=\"col\" class=\"govuk-table__header govuk-table__header--numeric\">%T</th>"
	         "</tr></thead><tbody class=\"govuk-table__body\">",
	         N_("Responded to within the timescale"), N_("Timescale"),
	         N_("Responses"), N_("In time"), N_("In time by an extension"),
	         N_("Percentage in time"));
	for (int i = 0; i < REPORT_N_TIMELY; i++) {
		const struct report_timely *t = &r->timely[report_timely_ts[i]];
		html_fmt(h,
		         "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">%T</th>"
		         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%t</td>"
		         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%t</td>"
		         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%t</td>"
		         "<td class=\"govuk-table__cell govuk-table__cell--numeric\">%t</td></tr>",
		         report_timely_label(report_timely_ts[i]),
		         num(h, t->responded), num(h, t->within),
		         num(h, t->within_extended),
		         pct(h, t->within, t->responded));
	}
	table_end(h);
}

static void outcomes(struct html *h, const struct report_figures *r)
{
	struct svg_bar bars[OUTCOME__MAX];
	size_t n = 0;
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%t</p>",
	         N_("Outcomes of complaints closed"),
	         arena_printf(h->arena,
	                      tr(h, N_("%s complaints closed; %s upheld in "
	                               "whole or in part.")),
	                      num(h, r->closed),
	                      pct(h, r->upheld_whole_or_part, r->closed)));
	for (int o = OUTCOME_UPHELD; o <= OUTCOME_WITHDRAWN; o++)
		bars[n++] = (struct svg_bar){
		    tr(h, report_outcome_label((enum outcome)o)), r->by_outcome[o],
		    NULL};
	chart(h, "chart-outcome", N_("Outcomes of complaints closed"),
	      N_("A bar for each outcome, its length the number of complaints "
	         "closed with it in the period. The table below gives the "
	         "same figures."),
	      bars, n, 0);
	table_begin(h, N_("Outcomes of complaints closed"), N_("Outcome"),
	            N_("Complaints"));
	for (size_t i = 0; i < n; i++)
		table_row(h, bars[i].label, num(h, bars[i].value));
	table_end(h);

	struct svg_bar bb[RB__MAX];
	for (int b = 0; b < RB__MAX; b++)
		bb[b] = (struct svg_bar){tr(h, report_band_label((enum report_band)b)),
		                         r->by_band[b], NULL};
	chart(h, "chart-time", N_("Time taken to close"),
	      N_("A bar for each length of time, its length the number of "
	         "complaints closed in that time after they were received. "
	         "The table below gives the same figures."),
	      bb, RB__MAX, 0);
	table_begin(h, N_("Time taken to close"), N_("Time taken"),
	            N_("Complaints"));
	for (int b = 0; b < RB__MAX; b++)
		table_row(h, bb[b].label, num(h, r->by_band[b]));
	table_end(h);
}

static void others(struct html *h, const struct report_figures *r)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2>",
	         N_("Referrals and extensions"));
	table_begin(h, N_("Referrals and extensions"), N_("Figure"),
	            N_("Number"));
	table_row(h, tr(h, N_("Referrals to other agencies")),
	          num(h, r->referrals));
	for (int a = 0; a < AGENCY__MAX; a++)
		if (r->by_agency[a])
			table_row(h,
			          arena_printf(h->arena, "– %s",
			                       tr(h, report_agency_label(
			                                 (enum agency)a))),
			          num(h, r->by_agency[a]));
	table_row(h, tr(h, N_("Referrals to the Ombudsman")),
	          num(h, r->psow_referrals));
	table_row(h, tr(h, N_("Extensions agreed")), num(h, r->extensions));
	int64_t avg = report_extension_avg_tenths(r);
	table_row(h, tr(h, N_("Average extension (working days)")),
	          arena_printf(h->arena, "%" PRId64 ".%" PRId64, avg / 10,
	                       avg % 10));
	table_end(h);
}

static void lessons(struct html *h, const struct report_figures *r)
{
	html_fmt(h, "<h2 class=\"govuk-heading-m\">%T</h2><p class=\"govuk-body\">%T</p>",
	         N_("Lessons learned"),
	         N_("Recorded when complaints were closed. Names, e-mail "
	            "addresses and telephone numbers are removed: reports do "
	            "not identify complainants."));
	if (r->n_lessons == 0) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>", N_("None recorded."));
		return;
	}
	html_raw(h, "<ul class=\"govuk-list govuk-list--bullet\">");
	for (size_t i = 0; i < r->n_lessons; i++)
		html_fmt(h, "<li>%t</li>", r->lessons[i].text);
	html_raw(h, "</ul>");
	if (r->lessons_truncated)
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("(more lessons than can be listed)"));
}

void report_view_body(struct html *h, const struct report_figures *r)
{
	by_stage(h, r);
	by_subject(h, r);
	timeliness(h, r);
	outcomes(h, r);
	others(h, r);
	lessons(h, r);
}

const char *report_view_document(struct arena *ar, enum language lang,
                                 const struct report_figures *r,
                                 const char *authority)
{
	struct html h;
	char a[CWYN_DATE_STRLEN], b[CWYN_DATE_STRLEN];
	html_init(&h, ar, lang);
	html_fmt(&h,
	         "<!DOCTYPE html>\n<html lang=\"%a\"><head><meta charset=\"utf-8\">"
	         "<title>%T</title><style>"
	         "body{font-family:Arial,sans-serif;color:#0b0c0c;max-width:60em;margin:2em auto;padding:0 1em}"
	         "table{border-collapse:collapse;margin:0 0 2em;width:100%%}"
	         "th,td{border-bottom:1px solid #b1b4b6;padding:.4em;text-align:left}"
	         ".govuk-table__cell--numeric,.govuk-table__header--numeric{text-align:right}"
	         "caption{text-align:left;font-weight:bold;padding:.4em 0}"
	         "figure{margin:0 0 1em}"
	         "</style></head><body><main>",
	         lang == LANG_CY ? "cy" : "en", N_("Annual report"));
	html_fmt(&h, "<h1 class=\"govuk-heading-l\">%T</h1><p class=\"govuk-body\">%t</p>",
	         N_("Annual report"),
	         arena_printf(ar, "%s%s%s – %s", authority ? authority : "",
	                      authority ? ": " : "", date_format(r->from, a),
	                      date_format(r->to, b)));
	report_view_body(&h, r);
	html_raw(&h, "</main></body></html>\n");
	return html_result(&h);
}
