/*
 * svg_chart.c — horizontal bar charts (svg_chart.h): each row is the
 * label on one line and, beneath it, the bar with its value after it, so
 * long labels (Welsh ones are often longer) never need cutting short.
 */
#include "out/svg_chart.h"

#include <inttypes.h>
#include <string.h>

#define WIDTH 640
#define ROW 48       /* label line + bar */
#define BAR_H 18
#define BAR_MAX 520  /* room for the value text after the longest bar */
#define TOP 8

static bool id_ok(const char *id)
{
	if (id == NULL || *id == '\0' || strlen(id) > 48)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

bool svg_bar_chart(struct textbuf *tb, const struct svg_chart *c)
{
	if (!id_ok(c->id))
		return false;
	int64_t max = c->max;
	for (size_t i = 0; i < c->n_bars; i++)
		if (c->max <= 0 && c->bars[i].value > max)
			max = c->bars[i].value;
	int height = TOP * 2 + ROW * (int)(c->n_bars ? c->n_bars : 1);
	textbuf_printf(tb,
	               "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""
	               " class=\"cwyn-chart\" width=\"100%%\""
	               " viewBox=\"0 0 %d %d\" aria-labelledby=\"%s-title %s-desc\""
	               " font-family=\"Arial, sans-serif\" font-size=\"16\">",
	               WIDTH, height, c->id, c->id);
	textbuf_printf(tb, "<title id=\"%s-title\">", c->id);
	html_escape_puts(tb, c->title);
	textbuf_printf(tb, "</title><desc id=\"%s-desc\">", c->id);
	html_escape_puts(tb, c->desc);
	textbuf_puts(tb, "</desc>");
	textbuf_printf(tb, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\""
	                   " fill=\"#ffffff\"/>",
	               WIDTH, height);
	for (size_t i = 0; i < c->n_bars; i++) {
		const struct svg_bar *b = &c->bars[i];
		int y = TOP + ROW * (int)i;
		int64_t v = b->value < 0 ? 0 : b->value;
		int w = max > 0 ? (int)((v * BAR_MAX + max / 2) / max) : 0;
		if (v > 0 && w < 2)
			w = 2; /* a non-zero value is always visible */
		if (w > BAR_MAX)
			w = BAR_MAX;
		textbuf_puts(tb, "<g>");
		textbuf_printf(tb, "<text x=\"0\" y=\"%d\" fill=\"#0b0c0c\">",
		               y + 16);
		html_escape_puts(tb, b->label);
		textbuf_puts(tb, "</text>");
		textbuf_printf(tb,
		               "<rect x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\""
		               " fill=\"#1d70b8\"/>",
		               y + 22, w, BAR_H);
		textbuf_printf(tb, "<text x=\"%d\" y=\"%d\" fill=\"#0b0c0c\""
		                   " font-weight=\"bold\">",
		               w + 8, y + 22 + BAR_H - 4);
		if (b->value_text)
			html_escape_puts(tb, b->value_text);
		else
			textbuf_printf(tb, "%" PRId64, b->value);
		textbuf_puts(tb, "</text></g>");
	}
	textbuf_puts(tb, "</svg>");
	return !tb->failed;
}
