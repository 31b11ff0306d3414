/*
 * letter_internal.h — what the letter modules share and nobody else
 * needs: the template schema, the fixed texts the renderer adds, and the
 * document model both back-ends (HTML, PDF) draw from.
 */
#ifndef CWYN_OUT_LETTER_INTERNAL_H
#define CWYN_OUT_LETTER_INTERNAL_H

#include "letter.h"
#include "tmpl.h"

/* ---- Template schema (letter_fields.c) ---------------------------------- */

enum letter_scope { SCOPE_LETTER = 0, SCOPE_MATTER, SCOPE_CONTACT, SCOPE__MAX };

extern const struct tmpl_schema letter_schema;

/* What the lookup needs: the data and the language being written. */
struct letter_lookup_ctx {
	const struct letter_data *d;
	enum language lang;
};

bool letter_lookup(void *ctx, struct arena *ar, int scope, const void *item,
                   size_t index, int field, struct tmpl_value *out);

/* ---- Fixed texts the renderer adds (letter_fields.c) -------------------- */

enum letter_label {
	LBL_DATE = 0,
	LBL_OUR_REFERENCE,
	LBL_PAGE_OF,          /* printf: page, pages */
	LBL_WELSH_WELCOME,    /* Welsh Language Standards §6.2.7 */
	LBL_VERSION,          /* "English version" / "Fersiwn Gymraeg" */
	LBL_OFFICER_TITLE,    /* default signatory title */
	LBL__MAX
};

const char *letter_label(enum letter_label l, enum language lang);
/* A policy text in lang, falling back to English, then "". */
const char *letter_text(const struct policy_text *t, enum language lang);

/* ---- Document model (letter_doc.c) -------------------------------------- */

enum block_type {
	BLOCK_HEADING = 0, /* "## " */
	BLOCK_PARA,
	BLOCK_ITEM,        /* "- " */
	BLOCK__MAX
};

struct letter_block {
	enum block_type type;
	const char *text;  /* plain UTF-8; '\n' is a line break */
	size_t len;
};

/* One language's letter, ready to lay out. */
struct letter_version {
	enum language lang;
	const char *subject;
	const char *from_name, *from_address; /* the authority */
	const char *to_name, *to_address;     /* the addressee */
	const char *date;                     /* long form */
	const char *reference;
	struct letter_block *blocks;
	size_t n_blocks;
};

struct letter_doc {
	enum letter_lang lang;
	size_t n;                       /* 1, or 2 when both (Welsh first) */
	struct letter_version v[2];
	const char *subject;            /* whole document */
};

struct letter_templates {
	struct tmpl *t[LETTER_KIND__MAX][LANG__MAX];
	const char *path[LETTER_KIND__MAX][LANG__MAX];
	struct arena arena;
};

enum cwyn_code letter_doc_build(const struct letter_templates *t,
                                enum letter_kind kind, enum letter_lang lang,
                                const struct letter_data *d, struct arena *ar,
                                struct letter_doc *doc,
                                struct cwyn_error *err);

/* ---- Back-ends ------------------------------------------------------------ */

enum cwyn_code letter_html(const struct letter_doc *doc, struct arena *ar,
                           struct letter_output *out, struct cwyn_error *err);
enum cwyn_code letter_pdf(const struct letter_doc *doc, struct arena *ar,
                          struct letter_output *out, struct cwyn_error *err);

#endif
