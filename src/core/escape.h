/*
 * escape.h — the one HTML-escaping path of cwyn.
 *
 * Anything that writes HTML (the web templates, the letters in src/out)
 * escapes untrusted text through these functions, so there is exactly one
 * set of rules to review. Output goes into a textbuf: a growable byte
 * buffer whose memory comes from an arena (the job that renders owns the
 * arena and frees everything at once).
 *
 * Rules: in text and in (always double-quoted) attribute values the five
 * characters & < > " ' become entities. Control characters other than tab,
 * newline and carriage return cannot appear in a valid HTML document and are
 * replaced by U+FFFD; in attribute values tab, newline and carriage return
 * become numeric references so the value survives attribute normalisation.
 * Input must be UTF-8; invalid sequences are replaced by U+FFFD, so the
 * output is always valid UTF-8.
 */
#ifndef CWYN_CORE_ESCAPE_H
#define CWYN_CORE_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

struct textbuf {
	struct arena *arena;
	char *data;      /* NUL-terminated while !failed */
	size_t len;
	size_t cap;
	bool failed;     /* an allocation failed; later appends do nothing */
};

void textbuf_init(struct textbuf *b, struct arena *a);
/* Append bytes as they are (trusted markup). False after a failure. */
bool textbuf_append(struct textbuf *b, const char *s, size_t n);
bool textbuf_puts(struct textbuf *b, const char *s);
bool textbuf_printf(struct textbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Escape n bytes of s for HTML element content. */
bool html_escape_append(struct textbuf *b, const char *s, size_t n);
/* Escape n bytes of s for a double-quoted attribute value. */
bool html_attr_escape_append(struct textbuf *b, const char *s, size_t n);

/* The whole NUL-terminated string s (NULL appends nothing). */
bool html_escape_puts(struct textbuf *b, const char *s);
bool html_attr_escape_puts(struct textbuf *b, const char *s);

#endif
