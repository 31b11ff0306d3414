/*
 * store_letters.c — the letters of a case with their data, their language
 * (en, cy or both) and what became of their e-mail (store_letters.h).
 *
 * The e-mail state is not copied into the letter: the outbox row named
 * "letter:<id>" is the one record of it, read with a LEFT JOIN, so the
 * mailer (which knows nothing about letters) never has to update two
 * places.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_internal.h"
#include "store/store_letters.h"

static const char *const letter_languages[] = {"en", "cy", "both", NULL};

bool store_letter_language_valid(const char *s)
{
	return store_name_in(letter_languages, s);
}

const char *store_letter_mail_key(int64_t letter_id,
                                  char buf[STORE_LETTER_KEY_SIZE])
{
	snprintf(buf, STORE_LETTER_KEY_SIZE, "letter:%lld",
	         (long long)letter_id);
	return buf;
}

static bool blank(const char *s)
{
	return s == NULL || *s == '\0';
}

enum cwyn_code store_letter_doc_insert(struct db *db,
                                       struct store_letter_doc *l,
                                       struct cwyn_error *err)
{
	if (blank(l->kind) || strlen(l->kind) > 64)
		return cwyn_fail(err, CWYN_EINVAL, "kind",
		                 "a letter kind is required (at most 64 bytes)");
	if (!store_letter_language_valid(l->language))
		return cwyn_fail(err, CWYN_EINVAL, "language",
		                 "must be en, cy or both");
	if (blank(l->subject) || strlen(l->subject) > 500)
		return cwyn_fail(err, CWYN_EINVAL, "subject",
		                 "a subject is required (at most 500 bytes)");
	if (blank(l->body_html))
		return cwyn_fail(err, CWYN_EINVAL, "body_html",
		                 "the letter has no text");
	store_now(l->created_at);
	const char *at = l->created_at;
	struct db_value p[] = {
	    DBV_INT(l->case_id),      DBV_INT(l->authority_id),
	    DBV_TEXT(l->kind),        DBV_TEXT(l->language),
	    DBV_TEXT(l->subject),     DBV_TEXT(l->body_html),
	    DBV_TEXT(l->data_json),   DBV_TEXT(at),
	};
	return db_query_int(db,
	                    "INSERT INTO letters (case_id, authority_id, kind,"
	                    " language, subject, body_html, data_json,"
	                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	                    " RETURNING id",
	                    p, 8, &l->id, err);
}

/* The columns every read takes, in this order. */
#define COLS                                                                 \
	"l.id, l.case_id, l.authority_id, l.kind, l.language, l.subject,"    \
	" l.created_at, l.sent_at, o.id, o.state, o.sent_at"
#define N_COLS 11
#define FROM                                                                 \
	" FROM letters l LEFT JOIN outbox o"                                 \
	" ON o.dedupe_key = 'letter:' || CAST(l.id AS TEXT)"

struct read_ctx {
	struct arena *ar;
	bool full;                  /* body_html and data_json too */
	struct store_letter_doc *rows;
	size_t n, cap;
	bool failed;
};

static const char *dup_or_null(struct read_ctx *c, const struct db_value *v)
{
	if (v->type == DB_NULL)
		return NULL;
	const char *s = arena_strdup(c->ar, v->s ? v->s : "");
	if (s == NULL)
		c->failed = true;
	return s;
}

static void fixed(char dst[STORE_TS_SIZE], const struct db_value *v)
{
	snprintf(dst, STORE_TS_SIZE, "%s",
	         v->type == DB_NULL || v->s == NULL ? "" : v->s);
}

static int read_row(void *ctx, const struct db_value *cols, size_t n_cols)
{
	struct read_ctx *c = ctx;
	if (n_cols < N_COLS + (c->full ? 2u : 0u)) {
		c->failed = true;
		return 1;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct store_letter_doc *rows =
		    arena_calloc(c->ar, cap, sizeof *rows);
		if (rows == NULL) {
			c->failed = true;
			return 1;
		}
		if (c->n)
			memcpy(rows, c->rows, c->n * sizeof *rows);
		c->rows = rows;
		c->cap = cap;
	}
	struct store_letter_doc *l = &c->rows[c->n++];
	memset(l, 0, sizeof *l);
	l->id = sval_int(&cols[0]);
	l->case_id = sval_int(&cols[1]);
	l->authority_id = sval_int(&cols[2]);
	l->kind = dup_or_null(c, &cols[3]);
	l->language = dup_or_null(c, &cols[4]);
	l->subject = dup_or_null(c, &cols[5]);
	fixed(l->created_at, &cols[6]);
	fixed(l->sent_at, &cols[7]);
	l->outbox_id = cols[8].type == DB_NULL ? 0 : sval_int(&cols[8]);
	l->mail_state = dup_or_null(c, &cols[9]);
	l->mailed_at = dup_or_null(c, &cols[10]);
	if (c->full) {
		l->body_html = dup_or_null(c, &cols[11]);
		l->data_json = dup_or_null(c, &cols[12]);
	}
	return c->failed;
}

enum cwyn_code store_letter_doc_get(struct db *db, int64_t authority_id,
                                    int64_t case_id, int64_t letter_id,
                                    struct arena *ar,
                                    struct store_letter_doc *out,
                                    struct cwyn_error *err)
{
	struct read_ctx c = {.ar = ar, .full = true};
	struct db_value p[] = {DBV_INT(letter_id), DBV_INT(case_id),
	                       DBV_INT(authority_id)};
	enum cwyn_code rc = db_query(db,
	                             "SELECT " COLS ", l.body_html, l.data_json"
	                             FROM " WHERE l.id = ? AND l.case_id = ?"
	                             " AND l.authority_id = ?",
	                             p, 3, read_row, &c, err);
	if (rc != CWYN_OK)
		return rc;
	if (c.failed)
		return cwyn_fail(err, CWYN_ENOMEM, "letter", "out of memory");
	if (c.n == 0)
		return cwyn_fail(err, CWYN_ENOTFOUND, "letter",
		                 "the case has no such letter");
	*out = c.rows[0];
	return CWYN_OK;
}

enum cwyn_code store_letter_doc_list(struct db *db, int64_t authority_id,
                                     int64_t case_id, struct arena *ar,
                                     struct store_letter_doc **out,
                                     size_t *n, struct cwyn_error *err)
{
	struct read_ctx c = {.ar = ar};
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id)};
	enum cwyn_code rc = db_query(db,
	                             "SELECT " COLS FROM
	                             " WHERE l.case_id = ? AND +l.authority_id = ?"
	                             " ORDER BY l.id",
	                             p, 2, read_row, &c, err);
	if (rc != CWYN_OK)
		return rc;
	if (c.failed)
		return cwyn_fail(err, CWYN_ENOMEM, "letters", "out of memory");
	*out = c.rows;
	*n = c.n;
	return CWYN_OK;
}

enum cwyn_code store_letter_count_kind(struct db *db, int64_t authority_id,
                                       int64_t case_id, const char *kind,
                                       int64_t *n, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(case_id), DBV_INT(authority_id),
	                       DBV_TEXT(kind)};
	return db_query_int(db,
	                    "SELECT COUNT(*) FROM letters WHERE " STORE_PER_CASE
	                    " AND kind = ?",
	                    p, 3, n, err);
}
