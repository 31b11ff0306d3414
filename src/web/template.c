/*
 * template.c — the auto-escaping HTML builder (see template.h for the
 * rules). Everything written goes through put_escaped() unless it is a
 * compile-time literal.
 */
#include "web/template.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n/i18n.h"

#define HTML_FMT_MAX 8192 /* one translated sentence after formatting */

void html_init(struct html *h, struct arena *a, enum language lang)
{
	memset(h, 0, sizeof *h);
	h->arena = a;
	h->lang = lang;
	textbuf_init(&h->tb, a);
}

const char *html_result(const struct html *h)
{
	if (h->failed || h->tb.failed)
		return NULL;
	return h->tb.data != NULL ? h->tb.data : "";
}

static void put(struct html *h, const char *s, size_t n)
{
	if (!h->failed && !textbuf_append(&h->tb, s, n))
		h->failed = true;
}

/* All user text goes through core/escape.h, the one escaping path shared
 * with the letters: entities for & < > " ', invalid UTF-8 and stray
 * control characters replaced. */
static void put_escaped(struct html *h, const char *s, size_t n)
{
	if (!h->failed && !html_escape_append(&h->tb, s, n))
		h->failed = true;
}

/* Inside a double-quoted attribute value tab and newlines become numeric
 * references as well, so the value survives attribute normalisation. */
static void put_attr_escaped(struct html *h, const char *s)
{
	if (s != NULL && !h->failed &&
	    !html_attr_escape_append(&h->tb, s, strlen(s)))
		h->failed = true;
}

void html_text_n(struct html *h, const char *s, size_t n)
{
	if (s != NULL)
		put_escaped(h, s, n);
}

void html_text(struct html *h, const char *s)
{
	if (s != NULL)
		put_escaped(h, s, strlen(s));
}

void html_tr(struct html *h, const char *msgid)
{
	html_text(h, i18n_tr(h->lang, msgid));
}

void html_raw_(struct html *h, const char *lit, size_t n)
{
	put(h, lit, n);
}

/* The translated format is checked by the compiler against the English
 * msgid (format attribute in template.h); test_po_complete checks that the
 * Welsh takes the same conversions. */
static const char *tr_fmt(enum language lang, const char *msgid)
    __attribute__((format_arg(2)));
static const char *tr_fmt(enum language lang, const char *msgid)
{
	return i18n_tr(lang, msgid);
}

void html_trf(struct html *h, const char *msgid, ...)
{
	char stack[512];
	va_list ap, ap2;
	va_start(ap, msgid);
	va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	int n = vsnprintf(stack, sizeof stack, tr_fmt(h->lang, msgid), ap);
	if (n < 0 || n >= HTML_FMT_MAX) {
		h->failed = true;
	} else if ((size_t)n < sizeof stack) {
		put_escaped(h, stack, (size_t)n);
	} else {
		char *big = arena_alloc(h->arena, (size_t)n + 1);
		if (big == NULL)
			h->failed = true;
		else {
			vsnprintf(big, (size_t)n + 1, tr_fmt(h->lang, msgid), ap2);
			put_escaped(h, big, (size_t)n);
		}
	}
#pragma GCC diagnostic pop
	va_end(ap2);
	va_end(ap);
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool html_url_ok(const char *url)
{
	if (url == NULL || url[0] == '\0')
		return false;
	/* Browsers strip tabs, newlines and leading spaces from URLs, which
	 * could turn "java\tscript:" into a scheme: refuse them all. A
	 * backslash is a slash to browsers, so "/\host" is protocol-relative. */
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return false;
	if (url[0] == '/')
		return url[1] != '/'; /* "//host" leaves the site */
	if (url[0] == '?' || url[0] == '#')
		return true;
	if (has_prefix_ci(url, "https:"))
		return strncmp(url + 6, "//", 2) == 0 && url[8] != '\0';
	if (has_prefix_ci(url, "mailto:") || has_prefix_ci(url, "tel:"))
		return strchr(url, ':')[1] != '\0';
	/* A relative path: no ':' may come before the first '/', '?' or '#',
	 * or it would be read as a scheme. */
	size_t first = strcspn(url, ":/?#");
	return url[first] != ':';
}

/*
 * Is position p of the template inside a double-quoted attribute value?
 * Looking back to the nearest '<' or '>': a '>' first means text content;
 * otherwise an odd number of '"' since the '<' (or since the start of a
 * template that continues a tag) means inside quotes.
 */
static bool in_quotes(const char *tpl, const char *p)
{
	unsigned quotes = 0;
	for (const char *q = p; q > tpl; q--) {
		char c = q[-1];
		if (c == '>')
			return false;
		if (c == '<')
			break;
		if (c == '"')
			quotes++;
	}
	return quotes % 2 == 1;
}

void html_fmt_(struct html *h, const char *tpl, ...)
{
	va_list ap;
	va_start(ap, tpl);
	const char *run = tpl;
	for (const char *p = tpl; *p; p++) {
		if (*p != '%')
			continue;
		put(h, run, (size_t)(p - run));
		char d = p[1];
		bool quoted = in_quotes(tpl, p);
		switch (d) {
		case 't':
			html_text(h, va_arg(ap, const char *));
			break;
		case 'T':
			html_tr(h, va_arg(ap, const char *));
			break;
		case 'a':
			if (!quoted)
				h->failed = true;
			put_attr_escaped(h, va_arg(ap, const char *));
			break;
		case 'u': {
			const char *u = va_arg(ap, const char *);
			if (!quoted)
				h->failed = true;
			if (html_url_ok(u)) {
				put_attr_escaped(h, u);
			} else {
				h->refused++;
				put(h, "#", 1);
			}
			break;
		}
		case 'd': {
			char num[24];
			int n = snprintf(num, sizeof num, "%d", va_arg(ap, int));
			put(h, num, (size_t)n);
			break;
		}
		case 'z': {
			char num[24];
			int n = snprintf(num, sizeof num, "%zu", va_arg(ap, size_t));
			put(h, num, (size_t)n);
			break;
		}
		case '%':
			put(h, "%", 1);
			break;
		default:
			/* An unknown directive would desynchronise the arguments. */
			h->failed = true;
			va_end(ap);
			return;
		}
		p++;
		run = p + 1;
	}
	put(h, run, strlen(run));
	va_end(ap);
}

char *html_escaped(struct arena *a, const char *s)
{
	struct html h;
	html_init(&h, a, LANG_EN);
	html_text(&h, s ? s : "");
	const char *r = html_result(&h);
	if (r == NULL)
		return NULL;
	return h.tb.data != NULL ? h.tb.data : arena_strdup(a, "");
}
