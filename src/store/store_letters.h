/*
 * store_letters.h — the letters of a case as the letters use cases
 * (app/letters.c) keep them: the HTML as written, the data it was written
 * from (so the PDF can be drawn again on demand), the language — English,
 * Welsh or both (migration 7 allows "both") — and what became of its
 * e-mail, read from the outbox row whose dedupe key is "letter:<id>".
 *
 * store.h's store_letter_* functions stay as they were (en/cy letters
 * without data); these are the ones that know about the later columns.
 * Conventions as in store.h: the caller owns the transaction, rows belong
 * to an authority, strings come from the caller's arena.
 */
#ifndef CWYN_STORE_STORE_LETTERS_H
#define CWYN_STORE_STORE_LETTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"
#include "store/store.h"

/* The languages a stored letter may be in. */
bool store_letter_language_valid(const char *s); /* en, cy, both */

struct store_letter_doc {
	int64_t id;
	int64_t case_id;
	int64_t authority_id;
	const char *kind;            /* letter kind name, "acknowledgement" */
	const char *language;        /* "en" | "cy" | "both" */
	const char *subject;
	const char *body_html;       /* NULL in lists */
	const char *data_json;       /* NULL in lists, and for old letters */
	char created_at[STORE_TS_SIZE]; /* set by the store */
	char sent_at[STORE_TS_SIZE];    /* "" until recorded as sent */
	/* Its e-mail, from the outbox (read only): */
	int64_t outbox_id;           /* 0: not e-mailed */
	const char *mail_state;      /* "pending", "sending", "sent", "failed" */
	const char *mailed_at;       /* the outbox's sent_at, or NULL */
};

/* The dedupe key of a letter's e-mail: "letter:<id>" into buf. */
#define STORE_LETTER_KEY_SIZE 32
const char *store_letter_mail_key(int64_t letter_id,
                                  char buf[STORE_LETTER_KEY_SIZE]);

/*
 * Insert; sets l->id and l->created_at. kind, language, subject and
 * body_html are required (CWYN_EINVAL naming the field).
 */
enum cwyn_code store_letter_doc_insert(struct db *db,
                                       struct store_letter_doc *l,
                                       struct cwyn_error *err);

/* One letter of a case, with its HTML and data (CWYN_ENOTFOUND "letter"
 * when the case has no such letter in this authority). */
enum cwyn_code store_letter_doc_get(struct db *db, int64_t authority_id,
                                    int64_t case_id, int64_t letter_id,
                                    struct arena *ar,
                                    struct store_letter_doc *out,
                                    struct cwyn_error *err);

/* The letters of a case in id order, without HTML or data. */
enum cwyn_code store_letter_doc_list(struct db *db, int64_t authority_id,
                                     int64_t case_id, struct arena *ar,
                                     struct store_letter_doc **out,
                                     size_t *n, struct cwyn_error *err);

/* How many letters of `kind` the case has (to write some only once). */
enum cwyn_code store_letter_count_kind(struct db *db, int64_t authority_id,
                                       int64_t case_id, const char *kind,
                                       int64_t *n, struct cwyn_error *err);

#endif
