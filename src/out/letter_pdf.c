/*
 * letter_pdf.c — a letter as an A4 PDF, laid out with Pango and drawn with
 * cairo. The font is DejaVu (Debian fonts-dejavu-core), which has every
 * Welsh letter (ŵ ŷ â ê î ô û and the rest); cairo embeds the subset used,
 * so the PDF prints the same anywhere.
 *
 * Layout is done twice with the same code: once to count the pages, once
 * to draw them, so every footer can say "Page 1 of 2" / "Tudalen 1 o 2".
 * Paragraphs flow line by line across pages; a heading is not left alone
 * at the foot of a page. In a bilingual letter each version starts on a
 * new page and each page's furniture is in the language of its text.
 */
#include "letter_internal.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "core/escape.h"

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define MARGIN_X (20.0 * MM)
#define MARGIN_TOP (20.0 * MM)
#define MARGIN_BOTTOM (24.0 * MM)
#define FOOTER_Y (PAGE_H - 12.0 * MM)
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define BULLET_INDENT (6.0 * MM)
#define GAP 6.0 /* points between blocks */

#define FONT_FAMILY "DejaVu Sans"

enum font {
	FONT_BODY = 0,
	FONT_BOLD,
	FONT_SUBJECT,
	FONT_HEADING,
	FONT_SMALL,
	FONT__MAX
};

static const char *const font_specs[FONT__MAX] = {
	FONT_FAMILY " 10.5",      /* FONT_BODY */
	FONT_FAMILY " Bold 10.5", /* FONT_BOLD */
	FONT_FAMILY " Bold 13",   /* FONT_SUBJECT */
	FONT_FAMILY " Bold 11.5", /* FONT_HEADING */
	FONT_FAMILY " 8.5",       /* FONT_SMALL */
};

struct pdf {
	cairo_t *cr;
	PangoContext *pango; /* one per document: layouts share its fonts */
	/* Layouts made while counting pages, reused in the same order when
	 * drawing: laying text out is most of the cost of a PDF. */
	GPtrArray *cache;
	guint next;
	PangoFontDescription *fonts[FONT__MAX];
	bool draw;          /* false: only count pages */
	int page;           /* current page, 1-based; 0 before the first */
	int pages;          /* total, known in the drawing pass */
	double y;           /* top of the next line */
	const struct letter_version *v; /* the version being laid out */
};

static PangoLayout *layout(struct pdf *p, enum font f, const char *text,
                           size_t len, double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pango);
	pango_layout_set_font_description(l, p->fonts[f]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text ? text : "", text ? (int)len : 0);
	return l;
}

/* A layout both passes make in the same order (not page furniture that
 * only the drawing pass makes). The caller unrefs it as usual. */
static PangoLayout *shared_layout(struct pdf *p, enum font f, const char *text,
                                  size_t len, double width,
                                  PangoAlignment align)
{
	if (p->draw && p->next < p->cache->len)
		return g_object_ref(g_ptr_array_index(p->cache, p->next++));
	PangoLayout *l = layout(p, f, text, len, width, align);
	if (!p->draw)
		g_ptr_array_add(p->cache, g_object_ref(l));
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draw the footer of the current page, in the version's language. */
static void footer(struct pdf *p)
{
	if (!p->draw || p->page == 0)
		return;
	enum language lang = p->v->lang;
	char text[64];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(text, sizeof text, letter_label(LBL_PAGE_OF, lang), p->page,
	         p->pages);
#pragma GCC diagnostic pop
	PangoLayout *l = layout(p, FONT_SMALL, text, strlen(text), TEXT_W,
	                        PANGO_ALIGN_CENTER);
	cairo_move_to(p->cr, MARGIN_X, FOOTER_Y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

/* Finish the current page (if any) and start the next one. */
static void new_page(struct pdf *p, bool continuation)
{
	if (p->page > 0) {
		footer(p);
		if (p->draw)
			cairo_show_page(p->cr);
	}
	p->page++;
	p->y = MARGIN_TOP;
	if (continuation && p->v->reference) {
		/* Later pages carry the reference, so loose pages can be
		 * matched to the case. */
		char *t = g_strdup_printf("%s: %s",
		                          letter_label(LBL_OUR_REFERENCE,
		                                       p->v->lang),
		                          p->v->reference);
		PangoLayout *l = shared_layout(p, FONT_SMALL, t, strlen(t), TEXT_W,
		                        PANGO_ALIGN_RIGHT);
		if (p->draw) {
			cairo_move_to(p->cr, MARGIN_X, p->y);
			pango_cairo_show_layout(p->cr, l);
		}
		p->y += layout_height(l) + GAP;
		g_object_unref(l);
		g_free(t);
	}
}

/*
 * Place a layout line by line at x, breaking the page where a line does
 * not fit. bullet: draw a bullet before the first line.
 */
static void flow(struct pdf *p, PangoLayout *l, double x, bool bullet)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	bool first = true;
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE;
		double base = (double)(pango_layout_iter_get_baseline(it) -
		                       logical.y) / PANGO_SCALE;
		if (p->y + h > PAGE_H - MARGIN_BOTTOM)
			new_page(p, true);
		if (p->draw) {
			PangoLayoutLine *line =
			    pango_layout_iter_get_line_readonly(it);
			cairo_move_to(p->cr,
			              x + (double)logical.x / PANGO_SCALE,
			              p->y + base);
			pango_cairo_show_layout_line(p->cr, line);
			if (bullet && first) {
				PangoLayout *b = layout(p, FONT_BODY,
				                        "\xe2\x80\xa2", 3,
				                        BULLET_INDENT,
				                        PANGO_ALIGN_LEFT);
				PangoLayoutLine *bl =
				    pango_layout_get_line_readonly(b, 0);
				cairo_move_to(p->cr, x - BULLET_INDENT + 1.5 * MM,
				              p->y + base);
				pango_cairo_show_layout_line(p->cr, bl);
				g_object_unref(b);
			}
		}
		p->y += h;
		first = false;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

static void text_block(struct pdf *p, enum font f, const char *text,
                       size_t len, double x, double width,
                       PangoAlignment align, bool bullet)
{
	PangoLayout *l = shared_layout(p, f, text, len, width, align);
	flow(p, l, x, bullet);
	g_object_unref(l);
}

static void rule(struct pdf *p)
{
	if (p->draw) {
		cairo_set_line_width(p->cr, 0.5);
		cairo_move_to(p->cr, MARGIN_X, p->y);
		cairo_line_to(p->cr, MARGIN_X + TEXT_W, p->y);
		cairo_stroke(p->cr);
	}
}

static void letterhead(struct pdf *p, const struct letter_version *v)
{
	const char *from = v->from_name ? v->from_name : "";
	text_block(p, FONT_BOLD, from, strlen(from), MARGIN_X, TEXT_W,
	           PANGO_ALIGN_RIGHT, false);
	if (v->from_address && *v->from_address)
		text_block(p, FONT_BODY, v->from_address,
		           strlen(v->from_address), MARGIN_X, TEXT_W,
		           PANGO_ALIGN_RIGHT, false);
	p->y += 4 * GAP;
	if (v->to_name && *v->to_name)
		text_block(p, FONT_BODY, v->to_name, strlen(v->to_name),
		           MARGIN_X, TEXT_W / 2, PANGO_ALIGN_LEFT, false);
	if (v->to_address && *v->to_address)
		text_block(p, FONT_BODY, v->to_address, strlen(v->to_address),
		           MARGIN_X, TEXT_W / 2, PANGO_ALIGN_LEFT, false);
	p->y += 3 * GAP;
	char *meta = g_strdup_printf("%s: %s\n%s: %s",
	                             letter_label(LBL_DATE, v->lang),
	                             v->date ? v->date : "",
	                             letter_label(LBL_OUR_REFERENCE, v->lang),
	                             v->reference ? v->reference : "");
	text_block(p, FONT_BODY, meta, strlen(meta), MARGIN_X, TEXT_W,
	           PANGO_ALIGN_LEFT, false);
	g_free(meta);
	p->y += 2 * GAP;
	text_block(p, FONT_SUBJECT, v->subject, strlen(v->subject), MARGIN_X,
	           TEXT_W, PANGO_ALIGN_LEFT, false);
	p->y += GAP;
}

static void version(struct pdf *p, const struct letter_version *v)
{
	p->v = v;
	new_page(p, false);
	letterhead(p, v);
	for (size_t i = 0; i < v->n_blocks; i++) {
		const struct letter_block *b = &v->blocks[i];
		switch (b->type) {
		case BLOCK_HEADING: {
			PangoLayout *l = shared_layout(p, FONT_HEADING, b->text, b->len,
			                        TEXT_W, PANGO_ALIGN_LEFT);
			/* Keep a heading with at least two lines after it. */
			double need = GAP + layout_height(l) + 30.0;
			if (p->y + need > PAGE_H - MARGIN_BOTTOM)
				new_page(p, true);
			else
				p->y += GAP;
			flow(p, l, MARGIN_X, false);
			g_object_unref(l);
			p->y += GAP / 2;
			break;
		}
		case BLOCK_PARA:
			text_block(p, FONT_BODY, b->text, b->len, MARGIN_X,
			           TEXT_W, PANGO_ALIGN_LEFT, false);
			p->y += GAP;
			break;
		case BLOCK_ITEM:
			text_block(p, FONT_BODY, b->text, b->len,
			           MARGIN_X + BULLET_INDENT,
			           TEXT_W - BULLET_INDENT, PANGO_ALIGN_LEFT, true);
			p->y += GAP / 2;
			break;
		case BLOCK__MAX:
			break;
		}
	}
	/* The Welsh welcome, added whatever the template says (§6.2.7). */
	const char *welcome = letter_label(LBL_WELSH_WELCOME, v->lang);
	PangoLayout *l = shared_layout(p, FONT_SMALL, welcome, strlen(welcome), TEXT_W,
	                        PANGO_ALIGN_LEFT);
	if (p->y + 2 * GAP + layout_height(l) > PAGE_H - MARGIN_BOTTOM)
		new_page(p, true);
	else
		p->y += GAP;
	rule(p);
	p->y += GAP;
	flow(p, l, MARGIN_X, false);
	g_object_unref(l);
}

/* Lay out the whole document; returns the number of pages. */
static int run(struct pdf *p, const struct letter_doc *doc)
{
	p->page = 0;
	for (size_t i = 0; i < doc->n; i++)
		version(p, &doc->v[i]);
	footer(p);
	if (p->draw)
		cairo_show_page(p->cr);
	return p->page;
}

static cairo_status_t write_out(void *closure, const unsigned char *data,
                                unsigned int length)
{
	struct textbuf *b = closure;
	return textbuf_append(b, (const char *)data, length)
	           ? CAIRO_STATUS_SUCCESS
	           : CAIRO_STATUS_WRITE_ERROR;
}

enum cwyn_code letter_pdf(const struct letter_doc *doc, struct arena *ar,
                          struct letter_output *out, struct cwyn_error *err)
{
	enum cwyn_code rc = CWYN_OK;
	struct textbuf b;
	textbuf_init(&b, ar);
	struct pdf p = {0};
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_out, &b,
	                                                         PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "pdf",
		               "cannot create the PDF surface");
		goto out;
	}
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	                               doc->subject);
	if (doc->v[0].from_name && *doc->v[0].from_name)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
		                               doc->v[0].from_name);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "cwyn");
	p.cr = cairo_create(s);
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	p.pango = pango_cairo_create_context(p.cr);
	p.cache = g_ptr_array_new_with_free_func(g_object_unref);
	for (int f = 0; f < FONT__MAX; f++)
		p.fonts[f] = pango_font_description_from_string(font_specs[f]);
	p.draw = false;
	p.pages = run(&p, doc);
	p.draw = true;
	run(&p, doc);
	for (int f = 0; f < FONT__MAX; f++)
		pango_font_description_free(p.fonts[f]);
	g_ptr_array_free(p.cache, TRUE);
	g_object_unref(p.pango);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || b.failed) {
		rc = cwyn_fail(err, b.failed ? CWYN_ENOMEM : CWYN_EINTERNAL,
		               "pdf", "cannot write the PDF: %s",
		               cairo_status_to_string(cairo_surface_status(s)));
		goto out;
	}
	out->subject = doc->subject;
	out->data = (const unsigned char *)b.data;
	out->len = b.len;
out:
	cairo_surface_destroy(s);
	return rc;
}

void letter_shutdown(void)
{
	/* The thread's default font map holds fontconfig patterns; dropping
	 * it, then cairo's and fontconfig's own caches, frees them all. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
