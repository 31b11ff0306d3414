/*
 * pdf_text.h — a plain A4 PDF of headings and paragraphs (cairo + pango),
 * for documents that are not letters: the subject-access summary. Text is
 * laid out as plain text (no markup is interpreted), wrapped to the page
 * and continued on new pages. Fonts are cached per thread, as for
 * letters; pdf_text_shutdown() releases them at exit.
 */
#ifndef CWYN_OUT_PDF_TEXT_H
#define CWYN_OUT_PDF_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

struct pdf_block {
	bool heading;
	const char *text; /* UTF-8; '\n' breaks a line */
};

/* Write the blocks to path (created owner-only, replaced if present). */
enum cwyn_code pdf_text_write(const char *path, const struct pdf_block *b,
                              size_t n, struct cwyn_error *err);

/* Free the font caches (like letter_shutdown) so leak checkers see a
 * clean exit; call once, when no thread is drawing. */
void pdf_text_shutdown(void);

#endif
