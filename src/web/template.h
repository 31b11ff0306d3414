/*
 * template.h — the one way text reaches an HTML page.
 *
 * A page is built into an arena-backed buffer (struct html) with a small
 * builder in the spirit of kcgi's khtml, with escaping as the default and
 * the only path for anything that is not a compile-time literal:
 *
 *   html_text(h, s)        text, escaped (& < > " ' become entities);
 *   html_tr(h, msgid)      the translation of msgid into h->lang, escaped;
 *   html_trf(h, msgid,...) a translated printf format; the WHOLE result is
 *                          escaped, so arguments can never inject markup;
 *   html_raw(h, "<p>")     markup — the macro only accepts string literals,
 *                          so user text cannot be passed by mistake;
 *   html_fmt(h, "<a href=\"%u\" class=\"%a\">%t</a>", url, cls, text)
 *                          a literal template whose directives escape for
 *                          their context:
 *       %t text   %T msgid (translated, escaped)   %a attribute value
 *       %u URL (checked, then escaped)   %d int   %z size_t   %% percent
 *     %a and %u must sit directly inside double quotes (="%a") — anything
 *     else is a programming error and marks the page as failed.
 *
 * URLs are allowed only as relative references (a path, "?query" or
 * "#fragment", with no scheme) or with the schemes https:, mailto: and
 * tel:. Anything else (javascript:, data:, http:, "//host", any control
 * character or white space, which browsers strip and so could hide a
 * scheme) is replaced by "#" and counted in h->refused.
 *
 * Errors (out of memory, a misused directive) make html_result() return
 * NULL; callers answer 500 rather than send half a page.
 */
#ifndef CWYN_WEB_TEMPLATE_H
#define CWYN_WEB_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/escape.h"
#include "core/language.h"

struct html {
	struct arena *arena;
	enum language lang;
	struct textbuf tb; /* escaping is core/escape.h's: the one path */
	bool failed;       /* out of memory or a misused directive */
	unsigned refused;  /* URLs replaced by "#" */
};

void html_init(struct html *h, struct arena *a, enum language lang);

/* The page so far (NUL-terminated), or NULL when anything failed. */
const char *html_result(const struct html *h);

void html_text(struct html *h, const char *s);
void html_text_n(struct html *h, const char *s, size_t n);
void html_tr(struct html *h, const char *msgid);
void html_trf(struct html *h, const char *msgid, ...)
    __attribute__((format(printf, 2, 3)));

/* Only string literals: "" lit "" does not compile for a variable. */
#define html_raw(h, lit) html_raw_((h), "" lit "", sizeof("" lit "") - 1)
void html_raw_(struct html *h, const char *lit, size_t n);

#define html_fmt(h, lit, ...) html_fmt_((h), "" lit "", __VA_ARGS__)
void html_fmt_(struct html *h, const char *tpl, ...);

/* Is url acceptable in an href/src/action? (the rule above) */
bool html_url_ok(const char *url);

/* Escape s for text or a double-quoted attribute, into the arena. */
char *html_escaped(struct arena *a, const char *s);

#endif
