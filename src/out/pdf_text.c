/*
 * pdf_text.c — headings and paragraphs to an A4 PDF (pdf_text.h). Sizes
 * are in points (1/72 inch): A4 is 595 x 842, with 56pt (about 2 cm)
 * margins.
 */
#include "out/pdf_text.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 56.0

enum cwyn_code pdf_text_write(const char *path, const struct pdf_block *b,
                              size_t n, struct cwyn_error *err)
{
	/* Owner-only from the start: the file holds personal data. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return cwyn_fail(err, CWYN_EIO, "output", "cannot create %s",
		                 path);
	close(fd);
	cairo_surface_t *s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return cwyn_fail(err, CWYN_EIO, "output", "cannot write %s", path);
	}
	cairo_t *cr = cairo_create(s);
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *body = pango_font_description_from_string("Sans 10");
	PangoFontDescription *head =
	    pango_font_description_from_string("Sans Bold 13");
	pango_layout_set_width(layout, (int)((PAGE_W - 2 * MARGIN) * PANGO_SCALE));
	pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
	double y = MARGIN;
	for (size_t i = 0; i < n; i++) {
		pango_layout_set_font_description(layout, b[i].heading ? head
		                                                       : body);
		pango_layout_set_text(layout, b[i].text ? b[i].text : "", -1);
		int w, h;
		pango_layout_get_size(layout, &w, &h);
		double height = (double)h / PANGO_SCALE;
		if (y + height > PAGE_H - MARGIN && y > MARGIN) {
			cairo_show_page(cr);
			y = MARGIN;
		}
		if (b[i].heading && y > MARGIN)
			y += 6;
		cairo_move_to(cr, MARGIN, y);
		pango_cairo_show_layout(cr, layout);
		y += height + (b[i].heading ? 4 : 6);
	}
	pango_font_description_free(body);
	pango_font_description_free(head);
	g_object_unref(layout);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS)
		return cwyn_fail(err, CWYN_EIO, "output", "cannot write %s", path);
	return CWYN_OK;
}

void pdf_text_shutdown(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
