/*
 * tmpl.h — the letter template language: small on purpose.
 *
 *   {{field}}              the field's text (escaped by whoever renders it)
 *   {{#field}}...{{/field}} a list: the block once per item, with the item's
 *                          fields in scope; an object: the block once with
 *                          its fields in scope, or not at all when absent;
 *                          a text field: the block when the text is not empty
 *   {{^field}}...{{/field}} the block only when the field is empty/absent
 *
 * Nothing is executable: no expressions, no includes, no raw output. Field
 * names are checked against a schema when the template is parsed, so an
 * unknown field (a typo in an authority's edited template) is refused at
 * load time with its line, never discovered in a letter already sent.
 *
 * A section tag alone on its line takes the whole line with it, so
 * templates can put {{#matters}} and {{/matters}} on lines of their own.
 *
 * Parsing takes bytes (no I/O); expansion hands the caller a stream of
 * pieces marked literal (template text, trusted) or value (field text,
 * untrusted), so the caller decides how each is escaped and structured.
 */
#ifndef CWYN_OUT_TMPL_H
#define CWYN_OUT_TMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

enum tmpl_kind {
	TMPL_TEXT = 0, /* a string */
	TMPL_LIST,     /* zero or more items of child_scope */
	TMPL_OBJECT,   /* zero or one item of child_scope */
	TMPL_KIND__MAX
};

struct tmpl_field_def {
	const char *name;
	enum tmpl_kind kind;
	int child_scope; /* for lists and objects */
};

struct tmpl_scope_def {
	const char *name; /* for messages: "letter", "matter", "contact" */
	const struct tmpl_field_def *fields;
	size_t n_fields;
};

struct tmpl_schema {
	const struct tmpl_scope_def *scopes;
	size_t n_scopes;
	int root;
};

/* A field's value, filled by the caller's lookup function. */
struct tmpl_value {
	const char *text;   /* TMPL_TEXT; NULL or "" is empty */
	const void *items;  /* lists and objects: the first item, or NULL */
	size_t count;       /* how many items */
	size_t stride;      /* bytes from one item to the next */
};

/*
 * Look up field `field` (index into the scope's fields) of `item` in scope
 * `scope` (the root item is whatever the caller passed to tmpl_expand);
 * index is the item's position in its list (0 for the root and objects).
 * Text may be allocated from ar. Return false to abort (out of memory).
 */
typedef bool (*tmpl_lookup_fn)(void *ctx, struct arena *ar, int scope,
                               const void *item, size_t index, int field,
                               struct tmpl_value *out);

/* Receives the expanded text, piece by piece. Return false to abort. */
typedef bool (*tmpl_emit_fn)(void *ctx, const char *s, size_t n,
                             bool literal);

struct tmpl;

/*
 * Parse a template. `name` (usually the file path) is put in err->field and
 * the line in err->line when it is refused: unknown field, a list used as
 * text, an unclosed or mismatched section, a malformed tag. The template
 * lives in ar.
 */
enum cwyn_code tmpl_parse(const char *text, size_t len, const char *name,
                          const struct tmpl_schema *schema, struct arena *ar,
                          struct tmpl **out, struct cwyn_error *err);

/* The template's text as loaded (for checks such as "starts with # "). */
const char *tmpl_source(const struct tmpl *t, size_t *len);

/* Expand with root item `root`. False if lookup or emit aborted. */
bool tmpl_expand(const struct tmpl *t, const void *root, tmpl_lookup_fn lookup,
                 void *lookup_ctx, tmpl_emit_fn emit, void *emit_ctx,
                 struct arena *ar);

#endif
