/*
 * store_search.h — the search index of cases: words from each case, kept
 * in step by the app layer, and a small query language over them.
 *
 * What a case is found by: its reference, its complainants' names, its
 * children's labels, its matters' summaries and the names of the agencies
 * involved. Nothing else: no notes, no letters, no facts document — the
 * index never holds text a search should not reveal, and every row
 * belongs to the case's own authority.
 *
 * Both backends hold the same words: text is folded by core/fold.c (lower
 * case, Welsh and other diacritics to base letters) and split into words
 * by fold_next_word() before it is stored, and queries go through the same
 * two steps, so "dwr" finds "Dŵr" and "tŷ" finds "ty" on SQLite (FTS5) and
 * PostgreSQL (tsvector with the 'simple' configuration) alike.
 *
 * Query syntax (after folding):
 *   plain words      every word must occur (AND): `dwr jones`
 *   "a phrase"       the words next to each other, in order
 *   word*            any word starting so (at least 2 letters before *);
 *                    on a phrase, the last word is a prefix: "gwyliau r"*
 * Nothing else is syntax. Operators of either backend (OR, NOT, NEAR,
 * AND, ^, :, -, parentheses, quotes inside words) are only text: each word
 * is quoted as a string literal of the backend's query language, built
 * from the folded words alone, and passed as a bound parameter — the
 * user's text never becomes query syntax or SQL.
 *
 * Results are case ids in ascending order, one page at a time (keyset:
 * `after` is the last id of the previous page). The store knows nothing
 * of users: the app layer (app/search.h) drops the cases the user may not
 * see.
 */
#ifndef CWYN_STORE_STORE_SEARCH_H
#define CWYN_STORE_STORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

/* Longest query accepted, in bytes (about 250 letters). */
#define STORE_SEARCH_QUERY_MAX 256
/* Most words a query may hold (phrases count each of their words). */
#define STORE_SEARCH_WORDS_MAX 16
/* Largest page. */
#define STORE_SEARCH_LIMIT_MAX 200
/* Room for the normalised form of any accepted query. */
#define STORE_SEARCH_NORM_SIZE (STORE_SEARCH_QUERY_MAX * 3 + 64)

struct store_search_results {
	size_t n;
	int64_t case_ids[STORE_SEARCH_LIMIT_MAX];
	bool more; /* another page follows case_ids[n - 1] */
};

/*
 * (Re)write the index row of one case of the authority from what is
 * stored now. Call it inside the transaction that changed the case
 * (intake, route, ...), after the change. A case not in the authority is
 * CWYN_ENOTFOUND.
 */
enum cwyn_code store_search_index_case(struct db *db, int64_t authority_id,
                                       int64_t case_id,
                                       struct cwyn_error *err);

/*
 * Index every case of the authority (0: of every authority), e.g. those
 * stored before the index existed. *n (may be NULL) gets the count. The
 * caller owns the transaction.
 */
enum cwyn_code store_search_reindex(struct db *db, int64_t authority_id,
                                    size_t *n, struct cwyn_error *err);

/*
 * Check a query and write its normalised form ("dwr \"gwyliau r\"* ty")
 * into out (cap >= STORE_SEARCH_NORM_SIZE): folded, words as the index
 * splits them. Two queries that search for the same thing normalise the
 * same. An empty query, one with no words, one longer than
 * STORE_SEARCH_QUERY_MAX bytes or with more than STORE_SEARCH_WORDS_MAX
 * words, or a prefix shorter than two letters, is CWYN_EINVAL or
 * CWYN_ERANGE with the field "query".
 */
enum cwyn_code store_search_normalise(const char *query, char *out,
                                      size_t cap, struct cwyn_error *err);

/*
 * One page of the authority's cases matching query: ids greater than
 * `after` (0: from the start), at most `limit` (1..STORE_SEARCH_LIMIT_MAX;
 * 0 means 50), ascending. The query is checked as by
 * store_search_normalise.
 */
enum cwyn_code store_search(struct db *db, int64_t authority_id,
                            const char *query, size_t limit, int64_t after,
                            struct store_search_results *results,
                            struct cwyn_error *err);

#endif
