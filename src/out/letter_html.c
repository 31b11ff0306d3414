/*
 * letter_html.c — a letter as one self-contained HTML document: printable
 * on A4, readable on screen and by screen readers, with the language set
 * on the document and on each version, and no external resources (no
 * fonts, styles, scripts or images fetched from anywhere).
 *
 * Every piece of text goes through the shared escaping in core/escape.h.
 */
#include "letter_internal.h"

#include <string.h>

#include "core/escape.h"

static const char css[] =
	"@page{size:A4;margin:20mm 20mm 22mm}"
	"html{background:#fff;color:#0b0c0c}"
	"body{font-family:\"DejaVu Sans\",Verdana,Arial,sans-serif;"
	"font-size:11pt;line-height:1.45;max-width:170mm;margin:0 auto;"
	"padding:12mm 0}"
	"article+article{break-before:page;page-break-before:always;"
	"margin-top:16mm;border-top:1px solid #b1b4b6;padding-top:8mm}"
	".from{text-align:right;font-style:normal;margin:0 0 8mm}"
	".from strong{font-size:12pt}"
	".to{font-style:normal;margin:0 0 6mm}"
	".meta{margin:0 0 6mm}"
	".meta div{margin:0}"
	".meta dt{display:inline;font-weight:bold}"
	".meta dd{display:inline;margin:0 0 0 .4em}"
	"h1{font-size:13pt;margin:6mm 0 4mm}"
	"h2{font-size:11.5pt;margin:5mm 0 2mm}"
	"p,li{margin:0 0 3mm;orphans:3;widows:3}"
	"ul{padding-left:6mm;margin:0 0 3mm}"
	"footer{margin-top:8mm;border-top:1px solid #b1b4b6;padding-top:3mm;"
	"font-size:10pt}"
	"@media print{body{padding:0;max-width:none}}";

/* Escaped text with '\n' as <br>. */
static void text_br(struct textbuf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '\n') {
			html_escape_append(b, s + start, i - start);
			if (i < n)
				textbuf_puts(b, "<br>\n");
			start = i + 1;
		}
	}
}

static void text_br_puts(struct textbuf *b, const char *s)
{
	if (s != NULL)
		text_br(b, s, strlen(s));
}

static const char *lang_code(enum language l)
{
	return l == LANG_CY ? "cy" : "en";
}

static void version(struct textbuf *b, const struct letter_version *v,
                    size_t index)
{
	const char *lc = lang_code(v->lang);
	textbuf_printf(b, "<article lang=\"%s\" aria-labelledby=\"subject-%s\">\n",
	               lc, lc);
	textbuf_puts(b, "<header>\n<address class=\"from\"><strong>");
	html_escape_puts(b, v->from_name);
	textbuf_puts(b, "</strong>");
	if (v->from_address && *v->from_address) {
		textbuf_puts(b, "<br>\n");
		text_br_puts(b, v->from_address);
	}
	textbuf_puts(b, "</address>\n<address class=\"to\">");
	html_escape_puts(b, v->to_name);
	if (v->to_address && *v->to_address) {
		textbuf_puts(b, "<br>\n");
		text_br_puts(b, v->to_address);
	}
	textbuf_puts(b, "</address>\n<dl class=\"meta\">\n<div><dt>");
	html_escape_puts(b, letter_label(LBL_DATE, v->lang));
	textbuf_puts(b, ":</dt><dd>");
	html_escape_puts(b, v->date);
	textbuf_puts(b, "</dd></div>\n<div><dt>");
	html_escape_puts(b, letter_label(LBL_OUR_REFERENCE, v->lang));
	textbuf_puts(b, ":</dt><dd>");
	html_escape_puts(b, v->reference);
	textbuf_puts(b, "</dd></div>\n</dl>\n</header>\n");
	textbuf_printf(b, "<h1 id=\"subject-%s\">", lc);
	html_escape_puts(b, v->subject);
	textbuf_puts(b, "</h1>\n");
	bool in_list = false;
	for (size_t i = 0; i < v->n_blocks; i++) {
		const struct letter_block *bl = &v->blocks[i];
		if (bl->type == BLOCK_ITEM && !in_list) {
			textbuf_puts(b, "<ul>\n");
			in_list = true;
		} else if (bl->type != BLOCK_ITEM && in_list) {
			textbuf_puts(b, "</ul>\n");
			in_list = false;
		}
		static const char *const open[BLOCK__MAX] = {"<h2>", "<p>",
		                                             "<li>"};
		static const char *const close[BLOCK__MAX] = {"</h2>\n",
		                                              "</p>\n",
		                                              "</li>\n"};
		textbuf_puts(b, open[bl->type]);
		text_br(b, bl->text, bl->len);
		textbuf_puts(b, close[bl->type]);
	}
	if (in_list)
		textbuf_puts(b, "</ul>\n");
	/* Added here, not in the template: every letter says Welsh is
	 * welcome (Welsh Language Standards, procedure.md §6.2.7). */
	textbuf_puts(b, "<footer>\n<p>");
	html_escape_puts(b, letter_label(LBL_WELSH_WELCOME, v->lang));
	textbuf_puts(b, "</p>\n</footer>\n</article>\n");
	(void)index;
}

enum cwyn_code letter_html(const struct letter_doc *doc, struct arena *ar,
                           struct letter_output *out, struct cwyn_error *err)
{
	struct textbuf b;
	textbuf_init(&b, ar);
	const char *lc = lang_code(doc->v[0].lang);
	textbuf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	               "<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, "
	               "initial-scale=1\">\n<title>", lc);
	html_escape_puts(&b, doc->subject);
	textbuf_puts(&b, "</title>\n<style>");
	textbuf_puts(&b, css);
	textbuf_puts(&b, "</style>\n</head>\n<body>\n<main>\n");
	if (doc->n == 2) {
		/* Say where the other language is, in that language. */
		textbuf_puts(&b, "<p><a href=\"#subject-en\" lang=\"en\">");
		html_escape_puts(&b, letter_label(LBL_VERSION, LANG_EN));
		textbuf_puts(&b, "</a></p>\n");
	}
	for (size_t i = 0; i < doc->n; i++)
		version(&b, &doc->v[i], i);
	textbuf_puts(&b, "</main>\n</body>\n</html>\n");
	if (b.failed)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	out->subject = doc->subject;
	out->data = (const unsigned char *)b.data;
	out->len = b.len;
	return CWYN_OK;
}
