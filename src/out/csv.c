/*
 * csv.c — RFC 4180 fields with spreadsheet formula neutralisation
 * (csv.h says why).
 */
#include "out/csv.h"

#include <inttypes.h>
#include <string.h>

void csv_init(struct csv *c, struct textbuf *tb)
{
	c->tb = tb;
	c->row_started = false;
}

static void sep(struct csv *c)
{
	if (c->row_started)
		textbuf_append(c->tb, ",", 1);
	c->row_started = true;
}

/* Cells a spreadsheet would read as a formula. */
static bool formula_start(char ch)
{
	return ch == '=' || ch == '+' || ch == '-' || ch == '@' || ch == '\t' ||
	       ch == '\r';
}

void csv_text(struct csv *c, const char *s)
{
	sep(c);
	if (s == NULL || *s == '\0')
		return;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		textbuf_append(c->tb, "\"", 1);
	if (formula_start(s[0]))
		textbuf_append(c->tb, "'", 1);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			textbuf_append(c->tb, "\"\"", 2);
		else
			textbuf_append(c->tb, p, 1);
	}
	if (quote)
		textbuf_append(c->tb, "\"", 1);
}

void csv_int(struct csv *c, int64_t v)
{
	sep(c);
	textbuf_printf(c->tb, "%" PRId64, v);
}

void csv_pct(struct csv *c, int64_t num, int64_t den)
{
	sep(c);
	if (den <= 0)
		return;
	/* Rounded half up to one decimal, in integers (no locale). */
	int64_t tenths = (num * 1000 + den / 2) / den;
	textbuf_printf(c->tb, "%" PRId64 ".%" PRId64, tenths / 10, tenths % 10);
}

void csv_end_row(struct csv *c)
{
	textbuf_append(c->tb, "\r\n", 2);
	c->row_started = false;
}
