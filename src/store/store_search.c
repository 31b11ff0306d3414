/*
 * store_search.c — the search index (store_search.h): building a case's
 * row from its stored parts, parsing a query into folded words, and
 * turning those words into an FTS5 MATCH expression (SQLite) or a tsquery
 * (PostgreSQL) that can only ever mean "these words".
 */
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/fold.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "store/store_internal.h"
#include "store/store_search.h"

/* The limits are written out in the messages (translated as they are). */
_Static_assert(STORE_SEARCH_WORDS_MAX == 16, "update the message");
_Static_assert(STORE_SEARCH_QUERY_MAX == 256, "update the message");
_Static_assert(STORE_SEARCH_LIMIT_MAX == 200, "update the message");

/* ---- Queries -------------------------------------------------------------- */

struct sq_word {
	const char *s; /* into sq.folded, not NUL-terminated */
	size_t len;
};

/* A term is one word or a phrase: words [first, first + n). */
struct sq_term {
	size_t first, n;
	bool quoted;
	bool prefix; /* the last word is a prefix */
};

struct sq {
	char folded[STORE_SEARCH_QUERY_MAX * FOLD_MAX_GROWTH + 1];
	struct sq_word words[STORE_SEARCH_WORDS_MAX];
	size_t n_words;
	struct sq_term terms[STORE_SEARCH_WORDS_MAX];
	size_t n_terms;
};

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Letters in a word (UTF-8 lead bytes). */
static size_t letters(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0u) != 0x80u)
			n++;
	return n;
}

/* Add the words of seg[0..len) as one term. */
static enum cwyn_code add_term(struct sq *q, const char *seg, size_t len,
                               bool quoted, bool prefix,
                               struct cwyn_error *err)
{
	struct sq_term t = {.first = q->n_words, .quoted = quoted,
	                    .prefix = prefix};
	size_t pos = 0, start, wlen;
	while (fold_next_word(seg, len, &pos, &start, &wlen)) {
		if (q->n_words == STORE_SEARCH_WORDS_MAX)
			return cwyn_fail(err, CWYN_ERANGE, "query",
			                 N_("a search may have at most 16 words"));
		q->words[q->n_words++] = (struct sq_word){seg + start, wlen};
		t.n++;
	}
	if (t.n == 0)
		return CWYN_OK; /* only punctuation: nothing to look for */
	if (prefix && letters(q->words[q->n_words - 1].s,
	                      q->words[q->n_words - 1].len) < 2)
		return cwyn_fail(err, CWYN_EINVAL, "query",
		                 N_("a search for the start of a word needs at "
		                    "least two letters before the *"));
	q->terms[q->n_terms++] = t;
	return CWYN_OK;
}

static enum cwyn_code parse(const char *query, struct sq *q,
                            struct cwyn_error *err)
{
	memset(q, 0, sizeof *q);
	if (query == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "query",
		                 N_("give one or more words to search for"));
	size_t raw = strlen(query);
	if (raw > STORE_SEARCH_QUERY_MAX)
		return cwyn_fail(err, CWYN_ERANGE, "query",
		                 N_("a search may be at most 256 characters "
		                    "long"));
	size_t len = fold_text(query, raw, q->folded, sizeof q->folded, NULL);
	const char *s = q->folded;
	size_t i = 0;
	while (i < len) {
		if (space(s[i])) {
			i++;
			continue;
		}
		const char *seg;
		size_t seg_len;
		bool quoted = false, prefix = false;
		if (s[i] == '"') {
			/* A phrase runs to the next quote; an unclosed one to
			 * the end. */
			size_t j = i + 1;
			while (j < len && s[j] != '"')
				j++;
			seg = s + i + 1;
			seg_len = j - (i + 1);
			quoted = true;
			i = j < len ? j + 1 : j;
			if (i < len && s[i] == '*') {
				prefix = true;
				i++;
			}
		} else {
			size_t j = i;
			while (j < len && !space(s[j]) && s[j] != '"')
				j++;
			seg = s + i;
			seg_len = j - i;
			prefix = s[j - 1] == '*';
			i = j;
		}
		enum cwyn_code rc = add_term(q, seg, seg_len, quoted, prefix,
		                             err);
		if (rc != CWYN_OK)
			return rc;
	}
	if (q->n_terms == 0)
		return cwyn_fail(err, CWYN_EINVAL, "query",
		                 N_("give one or more words to search for"));
	return CWYN_OK;
}

/* A bounded string builder: overflow is remembered, never written. */
struct sb {
	char *p;
	size_t cap, len;
	bool over;
};

static void sb_put(struct sb *b, const char *s, size_t n)
{
	if (b->over || b->len + n >= b->cap) {
		b->over = true;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_str(struct sb *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

/* A word, with every character in `special` written twice (the way both
 * query languages escape their quote inside a quoted string). */
static void sb_escaped(struct sb *b, const struct sq_word *w,
                       const char *special)
{
	for (size_t i = 0; i < w->len; i++) {
		sb_put(b, w->s + i, 1);
		if (strchr(special, w->s[i]) != NULL && w->s[i] != '\0')
			sb_put(b, w->s + i, 1);
	}
}

/* The normalised query: words joined by spaces, phrases in quotes. */
static void build_norm(const struct sq *q, struct sb *b)
{
	for (size_t t = 0; t < q->n_terms; t++) {
		const struct sq_term *tm = &q->terms[t];
		bool quote = tm->quoted || tm->n > 1;
		if (t > 0)
			sb_str(b, " ");
		if (quote)
			sb_str(b, "\"");
		for (size_t k = 0; k < tm->n; k++) {
			if (k > 0)
				sb_str(b, " ");
			sb_escaped(b, &q->words[tm->first + k], "");
		}
		if (quote)
			sb_str(b, "\"");
		if (tm->prefix)
			sb_str(b, "*");
	}
}

/*
 * FTS5: every term is a string ("w1 w2", a phrase when it has several
 * words), joined by AND; a prefix term is "..."*. Inside an FTS5 string
 * only the double quote is special (doubled); words never contain one,
 * but it is escaped all the same.
 */
static void build_fts5(const struct sq *q, struct sb *b)
{
	for (size_t t = 0; t < q->n_terms; t++) {
		const struct sq_term *tm = &q->terms[t];
		if (t > 0)
			sb_str(b, " AND ");
		sb_str(b, "\"");
		for (size_t k = 0; k < tm->n; k++) {
			if (k > 0)
				sb_str(b, " ");
			sb_escaped(b, &q->words[tm->first + k], "\"");
		}
		sb_str(b, "\"");
		if (tm->prefix)
			sb_str(b, "*");
	}
}

/*
 * PostgreSQL tsquery: every word a quoted lexeme ('w'), words of a phrase
 * joined by <-> (followed by), terms by &, the prefix marked :*. Inside a
 * quoted lexeme the quote and backslash are special (doubled).
 */
static void build_tsquery(const struct sq *q, struct sb *b)
{
	for (size_t t = 0; t < q->n_terms; t++) {
		const struct sq_term *tm = &q->terms[t];
		if (t > 0)
			sb_str(b, " & ");
		sb_str(b, "(");
		for (size_t k = 0; k < tm->n; k++) {
			if (k > 0)
				sb_str(b, " <-> ");
			sb_str(b, "'");
			sb_escaped(b, &q->words[tm->first + k], "'\\");
			sb_str(b, "'");
			if (tm->prefix && k + 1 == tm->n)
				sb_str(b, ":*");
		}
		sb_str(b, ")");
	}
}

enum cwyn_code store_search_normalise(const char *query, char *out,
                                      size_t cap, struct cwyn_error *err)
{
	struct sq q;
	enum cwyn_code rc = parse(query, &q, err);
	if (rc != CWYN_OK)
		return rc;
	struct sb b = {out, cap, 0, cap == 0};
	if (cap > 0)
		out[0] = '\0';
	build_norm(&q, &b);
	if (b.over)
		return cwyn_fail(err, CWYN_EINTERNAL, "query",
		                 "no room for the normalised query");
	return CWYN_OK;
}

/* ---- Searching -------------------------------------------------------------- */

struct hits {
	struct store_search_results *r;
	size_t limit;
};

static int hit_row(void *vctx, const struct db_value *cols, size_t n)
{
	struct hits *h = vctx;
	if (n < 1)
		return 1;
	if (h->r->n == h->limit) {
		h->r->more = true; /* the extra row asked for */
		return 1;
	}
	h->r->case_ids[h->r->n++] = sval_int(&cols[0]);
	return 0;
}

enum cwyn_code store_search(struct db *db, int64_t authority_id,
                            const char *query, size_t limit, int64_t after,
                            struct store_search_results *results,
                            struct cwyn_error *err)
{
	results->n = 0;
	results->more = false;
	if (limit == 0)
		limit = 50;
	if (limit > STORE_SEARCH_LIMIT_MAX)
		return cwyn_fail(err, CWYN_ERANGE, "limit",
		                 N_("a page may hold at most 200 cases"));
	if (after < 0)
		return cwyn_fail(err, CWYN_EINVAL, "after",
		                 N_("must be a case id or 0"));
	struct sq q;
	enum cwyn_code rc = parse(query, &q, err);
	if (rc != CWYN_OK)
		return rc;
	char expr[STORE_SEARCH_NORM_SIZE * 2];
	struct sb b = {expr, sizeof expr, 0, false};
	expr[0] = '\0';
	const char *sql;
	if (db_kind(db) == DB_POSTGRES) {
		/* The inner query with OFFSET 0 is an optimisation fence:
		 * it keeps PostgreSQL on the GIN index. Left to itself, the
		 * planner guesses a rare word matches hundreds of rows and
		 * walks the primary key in order instead, reading every row
		 * of the table when the word is rare (names, references:
		 * the usual search) — 30-50 ms at 100 000 cases instead of
		 * under 1 ms. With the fence the cost follows the number of
		 * matches, not the size of the table. */
		build_tsquery(&q, &b);
		sql = "SELECT case_id FROM (SELECT case_id FROM case_search"
		      " WHERE search_body @@"
		      "  to_tsquery('simple'::regconfig, CAST(? AS TEXT))"
		      " AND authority_id = ? AND case_id > ? OFFSET 0) AS m"
		      " ORDER BY case_id LIMIT ?";
	} else {
		build_fts5(&q, &b);
		sql = "SELECT rowid FROM case_search"
		      " WHERE case_search MATCH ?"
		      " AND authority_id = ? AND rowid > ?"
		      " ORDER BY rowid LIMIT ?";
	}
	if (b.over)
		return cwyn_fail(err, CWYN_EINTERNAL, "query",
		                 "no room for the search expression");
	const char *e = expr;
	struct db_value p[] = {DBV_TEXT(e), DBV_INT(authority_id),
	                       DBV_INT(after), DBV_INT(limit + 1)};
	struct hits h = {results, limit};
	rc = db_query(db, sql, p, 4, hit_row, &h, err);
	if (rc != CWYN_OK) {
		results->n = 0;
		results->more = false;
	}
	return rc;
}

/* ---- Indexing --------------------------------------------------------------- */

/* The raw text of a case, pieces separated by newlines. */
struct raw_text {
	char *p;
	size_t len, cap;
};

static bool raw_add(struct arena *ar, struct raw_text *t, const char *s)
{
	if (s == NULL || s[0] == '\0')
		return true;
	size_t n = strlen(s);
	if (t->len + n + 2 > t->cap) {
		size_t cap = (t->cap ? t->cap * 2 : 256);
		while (cap < t->len + n + 2)
			cap *= 2;
		char *p = arena_alloc(ar, cap);
		if (p == NULL)
			return false;
		if (t->len)
			memcpy(p, t->p, t->len);
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len++] = '\n';
	t->p[t->len] = '\0';
	return true;
}

/* What is searchable in a case (see store_search.h), as raw text. */
static enum cwyn_code case_text(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct raw_text *t, struct cwyn_error *err)
{
	struct store_case c;
	struct store_complainant *cp;
	struct store_child *ch;
	struct store_matter *m;
	size_t n_cp, n_ch, n_m;
	enum cwyn_code rc;
	if ((rc = store_case_get(db, authority_id, case_id, ar, &c, err)) ||
	    (rc = store_complainant_list(db, authority_id, case_id, ar, &cp,
	                                 &n_cp, err)) ||
	    (rc = store_child_list(db, authority_id, case_id, ar, &ch, &n_ch,
	                           err)) ||
	    (rc = store_matter_list(db, authority_id, case_id, ar, &m, &n_m,
	                            err)))
		return rc;
	bool ok = raw_add(ar, t, c.reference);
	for (size_t i = 0; ok && i < n_cp; i++)
		ok = raw_add(ar, t, cp[i].name);
	for (size_t i = 0; ok && i < n_ch; i++)
		ok = raw_add(ar, t, ch[i].label);
	for (size_t i = 0; ok && i < n_m; i++)
		ok = raw_add(ar, t, m[i].summary) &&
		     raw_add(ar, t, m[i].agency_name);
	if (!ok)
		return cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
	return CWYN_OK;
}

/* Folded words joined by single spaces: what both backends index. */
static char *index_body(struct arena *ar, const struct raw_text *t)
{
	char *folded = fold_dup(ar, t->p ? t->p : "", t->len);
	if (folded == NULL)
		return NULL;
	size_t len = strlen(folded), pos = 0, start, wlen, o = 0;
	char *body = arena_alloc(ar, len + 1);
	if (body == NULL)
		return NULL;
	while (fold_next_word(folded, len, &pos, &start, &wlen)) {
		if (o > 0)
			body[o++] = ' ';
		memcpy(body + o, folded + start, wlen);
		o += wlen;
	}
	body[o] = '\0';
	return body;
}

enum cwyn_code store_search_index_case(struct db *db, int64_t authority_id,
                                       int64_t case_id,
                                       struct cwyn_error *err)
{
	struct arena ar;
	struct raw_text t = {0};
	arena_init(&ar, 0);
	enum cwyn_code rc = case_text(db, authority_id, case_id, &ar, &t, err);
	if (rc != CWYN_OK)
		goto out;
	const char *body = index_body(&ar, &t);
	if (body == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
		goto out;
	}
	bool pg = db_kind(db) == DB_POSTGRES;
	struct db_value id[] = {DBV_INT(case_id)};
	rc = db_exec(db,
	             pg ? "DELETE FROM case_search WHERE case_id = ?"
	                : "DELETE FROM case_search WHERE rowid = ?",
	             id, 1, NULL, err);
	if (rc != CWYN_OK)
		goto out;
	if (pg) {
		struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id),
		                       DBV_TEXT(body)};
		rc = db_exec(db,
		             "INSERT INTO case_search (case_id, authority_id, body)"
		             " VALUES (?, ?, ?)",
		             p, 3, NULL, err);
	} else {
		/* The rowid is the case id, so re-indexing finds the old row
		 * without scanning. */
		struct db_value p[] = {DBV_INT(case_id), DBV_INT(case_id),
		                       DBV_INT(authority_id), DBV_TEXT(body)};
		rc = db_exec(db,
		             "INSERT INTO case_search"
		             " (rowid, case_id, authority_id, body)"
		             " VALUES (?, ?, ?, ?)",
		             p, 4, NULL, err);
	}
out:
	arena_free(&ar);
	return rc;
}

struct id_list {
	struct arena *ar;
	int64_t *ids, *auth;
	size_t n, cap;
	bool oom;
};

static int id_row(void *vctx, const struct db_value *cols, size_t n)
{
	struct id_list *l = vctx;
	if (n < 2)
		return 1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		int64_t *ids = arena_alloc(l->ar, cap * sizeof *ids);
		int64_t *auth = arena_alloc(l->ar, cap * sizeof *auth);
		if (ids == NULL || auth == NULL) {
			l->oom = true;
			return 1;
		}
		if (l->n) {
			memcpy(ids, l->ids, l->n * sizeof *ids);
			memcpy(auth, l->auth, l->n * sizeof *auth);
		}
		l->ids = ids;
		l->auth = auth;
		l->cap = cap;
	}
	l->ids[l->n] = sval_int(&cols[0]);
	l->auth[l->n++] = sval_int(&cols[1]);
	return 0;
}

enum cwyn_code store_search_reindex(struct db *db, int64_t authority_id,
                                    size_t *n, struct cwyn_error *err)
{
	struct arena ar;
	arena_init(&ar, 0);
	struct id_list l = {.ar = &ar};
	struct db_value p[] = {DBV_INT(authority_id), DBV_INT(authority_id)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT id, authority_id FROM cases"
	    " WHERE CAST(? AS BIGINT) = 0 OR authority_id = ? ORDER BY id",
	    p, 2, id_row, &l, err);
	if (rc == CWYN_OK && l.oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "case", "out of memory");
	size_t done = 0;
	for (size_t i = 0; rc == CWYN_OK && i < l.n; i++, done++)
		rc = store_search_index_case(db, l.auth[i], l.ids[i], err);
	if (n)
		*n = rc == CWYN_OK ? done : 0;
	arena_free(&ar);
	return rc;
}
