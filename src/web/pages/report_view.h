/*
 * report_view.h — the annual report figures as HTML: for each group of
 * figures an accessible SVG bar chart (out/svg_chart.h) and the same
 * figures as a table beneath it, then the lessons learned (already
 * stripped of names and contact details by out/report.c). English or
 * Welsh, by the html's language.
 *
 * Used by the staff dashboard (/staff/reports, inside the GOV.UK frame)
 * and by `cwyn report annual --html` (a standalone document), so the two
 * always show the same thing. Text reaches the page through template.h;
 * the charts are written into the same buffer through core/escape.h.
 */
#ifndef CWYN_WEB_PAGES_REPORT_VIEW_H
#define CWYN_WEB_PAGES_REPORT_VIEW_H

#include "core/arena.h"
#include "core/language.h"
#include "out/report.h"
#include "web/template.h"

/* The figures, from an <h2> down (the caller writes the <h1>). */
void report_view_body(struct html *h, const struct report_figures *r);

/* A whole HTML document with its own small stylesheet (no GOV.UK
 * assets needed): for saving or printing. NULL when out of memory.
 * authority (may be NULL: every authority) is named in the heading. */
const char *report_view_document(struct arena *ar, enum language lang,
                                 const struct report_figures *r,
                                 const char *authority);

#endif
