/*
 * escape.c — HTML escaping into arena-backed buffers; see escape.h for the
 * rules and why there is only one copy of them.
 */
#include "escape.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define TEXTBUF_MIN 256

void textbuf_init(struct textbuf *b, struct arena *a)
{
	b->arena = a;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->failed = false;
}

/* Make room for n more bytes plus the NUL. The old block stays in the
 * arena (freed with it); doubling keeps the waste under half. */
static bool reserve(struct textbuf *b, size_t n)
{
	if (b->failed)
		return false;
	if (n > SIZE_MAX - b->len - 1)
		goto fail;
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : TEXTBUF_MIN;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			goto fail;
		cap *= 2;
	}
	char *p = arena_alloc(b->arena, cap);
	if (p == NULL)
		goto fail;
	if (b->len)
		memcpy(p, b->data, b->len);
	p[b->len] = '\0';
	b->data = p;
	b->cap = cap;
	return true;
fail:
	b->failed = true;
	return false;
}

bool textbuf_append(struct textbuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return false;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool textbuf_puts(struct textbuf *b, const char *s)
{
	return s == NULL ? !b->failed : textbuf_append(b, s, strlen(s));
}

bool textbuf_printf(struct textbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return false;
	}
	if ((size_t)n < sizeof small)
		return textbuf_append(b, small, (size_t)n);
	if (!reserve(b, (size_t)n))
		return false;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 when
 * it is not one (overlongs, surrogates and values past U+10FFFF too). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	uint32_t min, cp;
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		len = 2, min = 0x80, cp = c & 0x1f;
	else if ((c & 0xf0) == 0xe0)
		len = 3, min = 0x800, cp = c & 0x0f;
	else if ((c & 0xf8) == 0xf0)
		len = 4, min = 0x10000, cp = c & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

static bool escape(struct textbuf *b, const char *s, size_t n, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0; /* run: bytes copied verbatim since p[i - run] */
	while (i < n) {
		unsigned char c = p[i];
		const char *rep = NULL;
		size_t skip = 1;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\r': rep = attr ? "&#13;" : NULL; break;
		default:
			if (c < 0x20 || c == 0x7f) {
				rep = replacement;
			} else if (c >= 0x80) {
				skip = utf8_len(p + i, n - i);
				if (skip == 0) {
					rep = replacement;
					skip = 1;
				}
			}
		}
		if (rep == NULL) {
			i += skip;
			run += skip;
			continue;
		}
		if (!textbuf_append(b, s + i - run, run) || !textbuf_puts(b, rep))
			return false;
		run = 0;
		i += skip;
	}
	return textbuf_append(b, s + n - run, run);
}

bool html_escape_append(struct textbuf *b, const char *s, size_t n)
{
	return escape(b, s, n, false);
}

bool html_attr_escape_append(struct textbuf *b, const char *s, size_t n)
{
	return escape(b, s, n, true);
}

bool html_escape_puts(struct textbuf *b, const char *s)
{
	return s == NULL ? !b->failed : escape(b, s, strlen(s), false);
}

bool html_attr_escape_puts(struct textbuf *b, const char *s)
{
	return s == NULL ? !b->failed : escape(b, s, strlen(s), true);
}
