/*
 * svg_chart.h — accessible bar charts as inline SVG, drawn on the server
 * (no JavaScript), for the reports dashboard and the HTML report.
 *
 * Each chart is an <svg role="img"> labelled by its own <title> and
 * <desc> (aria-labelledby), so a screen reader announces what it shows;
 * every bar carries its label and its value as visible text (the value is
 * never given by length or colour alone), and the colours meet WCAG 2.2
 * AA contrast (text #0b0c0c and bars #1d70b8 on white). The same figures
 * must also be given as an HTML table beneath the chart; the chart is
 * marked as an image of that table, not a replacement for it.
 *
 * All text goes through core/escape.h, the one escaping path.
 */
#ifndef CWYN_OUT_SVG_CHART_H
#define CWYN_OUT_SVG_CHART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/escape.h"

struct svg_bar {
	const char *label;      /* shown above the bar */
	int64_t value;          /* the bar's length, in any unit */
	const char *value_text; /* shown after the bar; NULL: the value */
};

struct svg_chart {
	const char *id;    /* unique in the page: letters, digits, '-' */
	const char *title; /* what the chart shows (translated) */
	const char *desc;  /* a sentence saying the same in words */
	const struct svg_bar *bars;
	size_t n_bars;
	int64_t max;       /* the full-width value; 0: the largest bar */
};

/* Append the chart to tb. false when the id is not usable or out of
 * memory. */
bool svg_bar_chart(struct textbuf *tb, const struct svg_chart *c);

#endif
