/*
 * tmpl.c — parsing and expanding letter templates; see tmpl.h for the
 * language and why it is so small.
 */
#include "tmpl.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TMPL_MAX_DEPTH 16
#define TMPL_MAX_NAME 48

enum node_type { NODE_LIT = 0, NODE_FIELD, NODE_SECTION, NODE_INVERTED };

struct node {
	enum node_type type;
	const char *s;  /* NODE_LIT: the text */
	size_t n;
	int scope;      /* where the field is defined */
	int field;
	size_t end;     /* sections: index of the node after the block */
};

struct tmpl {
	const struct tmpl_schema *schema;
	const char *src;
	size_t len;
	struct node *nodes;
	size_t n;
};

struct parser {
	const char *text;
	size_t len;
	const char *name;
	const struct tmpl_schema *schema;
	struct tmpl *t;
	struct cwyn_error *err;
	/* Open sections: node index, name, line, and the scope each pushed
	 * (-1: a text section, which keeps the scope it is in). */
	size_t open_node[TMPL_MAX_DEPTH];
	char open_name[TMPL_MAX_DEPTH][TMPL_MAX_NAME];
	int open_line[TMPL_MAX_DEPTH];
	int open_scope[TMPL_MAX_DEPTH];
	int depth;
};

static const char *const kind_words[TMPL_KIND__MAX] = {
	"text",     /* TMPL_TEXT */
	"a list",   /* TMPL_LIST */
	"an object",/* TMPL_OBJECT */
};

/* Keep the end of a long path: the file name is the useful part. */
static const char *field_name(const char *name)
{
	size_t n = strlen(name), max = sizeof(((struct cwyn_error *)0)->field) - 1;
	return n > max ? name + (n - max) : name;
}

static enum cwyn_code fail(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum cwyn_code fail(struct parser *p, int line, const char *fmt, ...)
{
	char msg[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cwyn_fail_line(p->err, CWYN_EINVAL, line, field_name(p->name),
	                      "%s", msg);
}

/* Find name in the innermost scope in force that has it. */
static bool resolve(const struct parser *p, const char *name, int *scope,
                    int *field)
{
	int chain[TMPL_MAX_DEPTH + 1];
	int n = 0;
	chain[n++] = p->schema->root;
	for (int k = 0; k < p->depth; k++)
		if (p->open_scope[k] >= 0)
			chain[n++] = p->open_scope[k];
	for (int i = n - 1; i >= 0; i--) {
		const struct tmpl_scope_def *sd = &p->schema->scopes[chain[i]];
		for (size_t f = 0; f < sd->n_fields; f++) {
			if (strcmp(sd->fields[f].name, name) == 0) {
				*scope = chain[i];
				*field = (int)f;
				return true;
			}
		}
	}
	return false;
}

static struct node *add(struct parser *p, enum node_type type)
{
	struct node *n = &p->t->nodes[p->t->n++];
	memset(n, 0, sizeof *n);
	n->type = type;
	return n;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t count_lines(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

enum cwyn_code tmpl_parse(const char *text, size_t len, const char *name,
                          const struct tmpl_schema *schema, struct arena *ar,
                          struct tmpl **out, struct cwyn_error *err)
{
	*out = NULL;
	struct parser p = {.text = text, .len = len, .name = name ? name : "",
	                   .schema = schema, .err = err};
	if (memchr(text, '\0', len) != NULL)
		return cwyn_fail(err, CWYN_EINVAL, field_name(p.name),
		                 "template contains a NUL byte");
	/* Each tag makes at most two nodes (its text before and itself). */
	size_t tags = 0;
	for (const char *s = text; (s = memmem(s, len - (size_t)(s - text),
	                                       "{{", 2)) != NULL; s += 2)
		tags++;
	struct tmpl *t = arena_alloc(ar, sizeof *t);
	if (t == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	t->nodes = arena_calloc(ar, 2 * tags + 1, sizeof *t->nodes);
	if (t->nodes == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
	t->schema = schema;
	t->src = text;
	t->len = len;
	p.t = t;

	size_t pos = 0;
	int line = 1;
	while (pos < len) {
		const char *open = memmem(text + pos, len - pos, "{{", 2);
		size_t at = open ? (size_t)(open - text) : len;
		struct node *lit = NULL;
		if (at > pos) {
			lit = add(&p, NODE_LIT);
			lit->s = text + pos;
			lit->n = at - pos;
			line += (int)count_lines(text + pos, at - pos);
		}
		if (open == NULL)
			break;
		const char *close = memmem(text + at + 2, len - at - 2, "}}", 2);
		const char *nl = memchr(text + at + 2, '\n', len - at - 2);
		if (close == NULL || (nl != NULL && nl < close))
			return fail(&p, line, "a tag opened with {{ is not closed "
			            "with }} on the same line");
		size_t end = (size_t)(close - text) + 2;
		const char *in = text + at + 2, *in_end = close;
		while (in < in_end && blank(*in))
			in++;
		while (in_end > in && blank(in_end[-1]))
			in_end--;
		char sigil = 0;
		if (in < in_end && (*in == '#' || *in == '^' || *in == '/')) {
			sigil = *in++;
			while (in < in_end && blank(*in))
				in++;
		}
		char tag[TMPL_MAX_NAME];
		size_t n = (size_t)(in_end - in);
		bool ok = n > 0 && n < sizeof tag;
		for (size_t i = 0; ok && i < n; i++)
			ok = name_char(in[i]);
		if (!ok)
			return fail(&p, line, "malformed tag: a field name is "
			            "lower-case letters, digits and _, as in "
			            "{{reference}} or {{#matters}}");
		memcpy(tag, in, n);
		tag[n] = '\0';

		/* A section tag alone on its line takes the line with it. */
		if (sigil) {
			size_t b = at, f = end;
			while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t'))
				b--;
			while (f < len && blank(text[f]))
				f++;
			bool alone_before = b == 0 || text[b - 1] == '\n';
			bool alone_after = f == len || text[f] == '\n';
			if (alone_before && alone_after) {
				if (lit != NULL)
					lit->n -= at - b;
				end = f < len ? f + 1 : f;
			}
		}

		int scope = -1, field = -1;
		if (sigil != '/') {
			if (!resolve(&p, tag, &scope, &field))
				return fail(&p, line, "unknown field {{%s}}: not "
				            "one of the fields a letter can use "
				            "here", tag);
		}
		const struct tmpl_field_def *def =
		    field >= 0 ? &schema->scopes[scope].fields[field] : NULL;
		if (sigil == 0) {
			if (def->kind != TMPL_TEXT)
				return fail(&p, line, "{{%s}} is %s: use it as a "
				            "section, {{#...}} ... {{/...}}", tag,
				            kind_words[def->kind]);
			struct node *nd = add(&p, NODE_FIELD);
			nd->scope = scope;
			nd->field = field;
		} else if (sigil == '#' || sigil == '^') {
			if (p.depth >= TMPL_MAX_DEPTH)
				return fail(&p, line, "sections are nested too "
				            "deeply at {{%s}}", tag);
			struct node *nd = add(&p, sigil == '#' ? NODE_SECTION
			                                       : NODE_INVERTED);
			nd->scope = scope;
			nd->field = field;
			p.open_node[p.depth] = (size_t)(nd - t->nodes);
			memcpy(p.open_name[p.depth], tag, n + 1);
			p.open_line[p.depth] = line;
			p.open_scope[p.depth] =
			    sigil == '#' && def->kind != TMPL_TEXT ? def->child_scope
			                                           : -1;
			p.depth++;
		} else {
			if (p.depth == 0)
				return fail(&p, line, "{{/%s}} closes a section "
				            "that was never opened", tag);
			if (strcmp(p.open_name[p.depth - 1], tag) != 0)
				return fail(&p, line, "{{/%s}} does not match the "
				            "open section {{#%s}}", tag,
				            p.open_name[p.depth - 1]);
			p.depth--;
			t->nodes[p.open_node[p.depth]].end = t->n;
		}
		line += (int)count_lines(text + at, end - at);
		pos = end;
	}
	if (p.depth > 0)
		return fail(&p, p.open_line[p.depth - 1], "section {{#%s}} is "
		            "never closed with {{/%s}}", p.open_name[p.depth - 1],
		            p.open_name[p.depth - 1]);
	*out = t;
	return CWYN_OK;
}

const char *tmpl_source(const struct tmpl *t, size_t *len)
{
	*len = t->len;
	return t->src;
}

struct frame {
	int scope;
	const void *item;
	size_t index;
};

struct expander {
	const struct tmpl *t;
	tmpl_lookup_fn lookup;
	void *lookup_ctx;
	tmpl_emit_fn emit;
	void *emit_ctx;
	struct arena *ar;
	struct frame frames[TMPL_MAX_DEPTH + 1];
	int depth; /* frames in use */
};

static bool look(struct expander *x, const struct node *nd,
                 struct tmpl_value *v)
{
	memset(v, 0, sizeof *v);
	for (int d = x->depth - 1; d >= 0; d--) {
		const struct frame *f = &x->frames[d];
		if (f->scope == nd->scope)
			return x->lookup(x->lookup_ctx, x->ar, f->scope, f->item,
			                 f->index, nd->field, v);
	}
	return false; /* cannot happen: the parser checked the scopes */
}

static bool expand(struct expander *x, size_t from, size_t to)
{
	const struct tmpl_schema *schema = x->t->schema;
	size_t i = from;
	while (i < to) {
		const struct node *nd = &x->t->nodes[i];
		struct tmpl_value v;
		switch (nd->type) {
		case NODE_LIT:
			if (nd->n && !x->emit(x->emit_ctx, nd->s, nd->n, true))
				return false;
			i++;
			break;
		case NODE_FIELD:
			if (!look(x, nd, &v))
				return false;
			/* Empty values are emitted too: the caller may care
			 * that a line held a field. */
			if (!x->emit(x->emit_ctx, v.text ? v.text : "",
			             v.text ? strlen(v.text) : 0, false))
				return false;
			i++;
			break;
		case NODE_SECTION:
		case NODE_INVERTED: {
			if (!look(x, nd, &v))
				return false;
			const struct tmpl_field_def *def =
			    &schema->scopes[nd->scope].fields[nd->field];
			bool text = def->kind == TMPL_TEXT;
			bool empty = text ? (v.text == NULL || *v.text == '\0')
			                  : (v.items == NULL || v.count == 0);
			if (nd->type == NODE_INVERTED || text) {
				if (empty == (nd->type == NODE_INVERTED) &&
				    !expand(x, i + 1, nd->end))
					return false;
			} else {
				for (size_t k = 0; k < v.count; k++) {
					if (x->depth > TMPL_MAX_DEPTH)
						return false;
					x->frames[x->depth++] = (struct frame){
					    def->child_scope,
					    (const char *)v.items + k * v.stride,
					    k};
					bool ok = expand(x, i + 1, nd->end);
					x->depth--;
					if (!ok)
						return false;
				}
			}
			i = nd->end;
			break;
		}
		}
	}
	return true;
}

bool tmpl_expand(const struct tmpl *t, const void *root, tmpl_lookup_fn lookup,
                 void *lookup_ctx, tmpl_emit_fn emit, void *emit_ctx,
                 struct arena *ar)
{
	struct expander x = {.t = t, .lookup = lookup, .lookup_ctx = lookup_ctx,
	                     .emit = emit, .emit_ctx = emit_ctx, .ar = ar};
	x.frames[0] = (struct frame){t->schema->root, root, 0};
	x.depth = 1;
	return expand(&x, 0, t->n);
}
