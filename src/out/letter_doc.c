/*
 * letter_doc.c — from a template's expanded text to the document model
 * (subject, headings, paragraphs, list items) that the HTML and PDF
 * back-ends draw.
 *
 * Structure comes only from the template's own text: "# " starts the
 * subject, "## " a heading, "- " a list item, a blank line ends a block, a
 * line ending in a backslash breaks the line. A field's text can never
 * start a block: its newlines become line breaks inside the block it is in,
 * so what a complainant wrote cannot reshape the letter.
 */
#include "letter_internal.h"

#include <string.h>

#include "core/escape.h"

enum build_kind { BK_NONE = 0, BK_SUBJECT, BK_BLOCK };

struct builder {
	struct arena *ar;
	struct textbuf cur;
	enum build_kind open;
	enum block_type type;
	bool line_start;   /* at the start of a template line */
	bool soft_break;   /* a template newline inside a block: one space */
	const char *subject;
	struct letter_block *blocks;
	size_t n, cap;
	bool failed;
};

static void start(struct builder *b, enum build_kind k, enum block_type t)
{
	textbuf_init(&b->cur, b->ar);
	b->open = k;
	b->type = t;
	b->soft_break = false;
}

/* Trailing spaces and breaks go; an empty block is dropped. */
static void finish(struct builder *b)
{
	if (b->open == BK_NONE)
		return;
	struct textbuf *c = &b->cur;
	while (c->len && (c->data[c->len - 1] == ' ' ||
	                  c->data[c->len - 1] == '\n'))
		c->data[--c->len] = '\0';
	if (c->failed) {
		b->failed = true;
	} else if (c->len == 0) {
		/* nothing to keep */
	} else if (b->open == BK_SUBJECT) {
		if (b->subject == NULL)
			b->subject = c->data;
	} else {
		if (b->n == b->cap) {
			size_t cap = b->cap ? b->cap * 2 : 16;
			struct letter_block *nb =
			    arena_calloc(b->ar, cap, sizeof *nb);
			if (nb == NULL) {
				b->failed = true;
				b->open = BK_NONE;
				return;
			}
			if (b->n)
				memcpy(nb, b->blocks, b->n * sizeof *nb);
			b->blocks = nb;
			b->cap = cap;
		}
		b->blocks[b->n++] = (struct letter_block){b->type, c->data,
		                                          c->len};
	}
	b->open = BK_NONE;
}

static void put(struct builder *b, const char *s, size_t n)
{
	if (!textbuf_append(&b->cur, s, n))
		b->failed = true;
}

/* Begin content on a line: open a paragraph or join the previous line. */
static void content(struct builder *b)
{
	if (b->open == BK_NONE) {
		start(b, BK_BLOCK, BLOCK_PARA);
	} else if (b->soft_break) {
		if (b->cur.len && b->cur.data[b->cur.len - 1] != ' ' &&
		    b->cur.data[b->cur.len - 1] != '\n')
			put(b, " ", 1);
	}
	b->soft_break = false;
	b->line_start = false;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static void literal(struct builder *b, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		if (c == '\r') {
			i++;
			continue;
		}
		if (c == '\n') {
			if (b->line_start) {
				finish(b); /* a blank line ends the block */
			} else if (b->open == BK_SUBJECT ||
			           (b->open == BK_BLOCK &&
			            b->type == BLOCK_HEADING)) {
				finish(b); /* headings are one line */
			} else {
				b->soft_break = true;
			}
			b->line_start = true;
			i++;
			continue;
		}
		if (b->line_start) {
			if (c == ' ' || c == '\t') {
				i++;
				continue;
			}
			if (starts(s + i, n - i, "## ")) {
				finish(b);
				start(b, BK_BLOCK, BLOCK_HEADING);
				b->line_start = false;
				i += 3;
				continue;
			}
			if (starts(s + i, n - i, "# ")) {
				finish(b);
				start(b, BK_SUBJECT, BLOCK_PARA);
				b->line_start = false;
				i += 2;
				continue;
			}
			if (starts(s + i, n - i, "- ")) {
				finish(b);
				start(b, BK_BLOCK, BLOCK_ITEM);
				b->line_start = false;
				i += 2;
				continue;
			}
			content(b);
		}
		/* "\" at the end of a line: a hard line break. */
		if (c == '\\' && i + 1 < n &&
		    (s[i + 1] == '\n' ||
		     (s[i + 1] == '\r' && i + 2 < n && s[i + 2] == '\n'))) {
			while (b->cur.len && b->cur.data[b->cur.len - 1] == ' ')
				b->cur.data[--b->cur.len] = '\0';
			/* An optional line left empty leaves no gap. */
			if (b->cur.len && b->cur.data[b->cur.len - 1] != '\n')
				put(b, "\n", 1);
			while (i < n && s[i] != '\n')
				i++;
			if (i < n)
				i++;
			b->line_start = true;
			b->soft_break = false;
			continue;
		}
		if (c == ' ' || c == '\t') {
			if (b->cur.len == 0 || b->cur.data[b->cur.len - 1] == ' ' ||
			    b->cur.data[b->cur.len - 1] == '\n') {
				i++;
				continue;
			}
			c = ' ';
		}
		put(b, &c, 1);
		i++;
	}
}

/* A field's text: newlines are line breaks, other controls are dropped. */
static void value(struct builder *b, const char *s, size_t n)
{
	if (b->line_start || b->open == BK_NONE)
		content(b);
	else if (b->soft_break)
		content(b);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f) {
			run++;
			continue;
		}
		put(b, s + i - run, run);
		run = 0;
		if (c == '\n')
			put(b, "\n", 1);
		else if (c == '\t')
			put(b, " ", 1);
	}
	put(b, s + n - run, run);
}

static bool emit(void *ctx, const char *s, size_t n, bool is_literal)
{
	struct builder *b = ctx;
	if (is_literal)
		literal(b, s, n);
	else
		value(b, s, n);
	return !b->failed;
}

static enum cwyn_code build_version(const struct letter_templates *t,
                                    enum letter_kind kind, enum language lang,
                                    const struct letter_data *d,
                                    struct arena *ar,
                                    struct letter_version *v,
                                    struct cwyn_error *err)
{
	struct builder b = {.ar = ar, .line_start = true};
	struct letter_lookup_ctx lc = {d, lang};
	if (!tmpl_expand(t->t[kind][lang], d, letter_lookup, &lc, emit, &b, ar))
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	finish(&b);
	if (b.failed)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	if (b.subject == NULL)
		return cwyn_fail(err, CWYN_EINVAL, t->path[kind][lang],
		                 "the template gives no subject line (# ...)");
	char date[LETTER_DATE_MAX];
	v->lang = lang;
	v->subject = b.subject;
	v->blocks = b.blocks;
	v->n_blocks = b.n;
	v->from_name = letter_text(&d->authority_name, lang);
	v->from_address = letter_text(&d->authority_address, lang);
	if (kind == LETTER_REFERRAL_AGENCY) {
		v->to_name = d->agency_name;
		v->to_address = d->agency_address;
	} else {
		v->to_name = d->complainant_name;
		v->to_address = d->complainant_address;
	}
	v->date = arena_strdup(ar, letter_date_long(d->letter_date, lang, date));
	v->reference = d->reference;
	if (v->date == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	return CWYN_OK;
}

enum cwyn_code letter_doc_build(const struct letter_templates *t,
                                enum letter_kind kind, enum letter_lang lang,
                                const struct letter_data *d, struct arena *ar,
                                struct letter_doc *doc,
                                struct cwyn_error *err)
{
	memset(doc, 0, sizeof *doc);
	doc->lang = lang;
	enum language order[2];
	switch (lang) {
	case LETTER_LANG_EN: order[0] = LANG_EN; doc->n = 1; break;
	case LETTER_LANG_CY: order[0] = LANG_CY; doc->n = 1; break;
	case LETTER_LANG_BOTH:
		/* Welsh first: not treated less favourably (§6.2.6). */
		order[0] = LANG_CY;
		order[1] = LANG_EN;
		doc->n = 2;
		break;
	default:
		return cwyn_fail(err, CWYN_EINVAL, "lang",
		                 "language must be en, cy or both");
	}
	for (size_t i = 0; i < doc->n; i++) {
		enum cwyn_code rc = build_version(t, kind, order[i], d, ar,
		                                  &doc->v[i], err);
		if (rc != CWYN_OK)
			return rc;
	}
	doc->subject = doc->n == 2
	                   ? arena_printf(ar, "%s / %s", doc->v[0].subject,
	                                  doc->v[1].subject)
	                   : doc->v[0].subject;
	if (doc->subject == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	return CWYN_OK;
}
