/*
 * search.h — searching the cases a user may see (the use case over
 * store_search.h).
 *
 * Who sees what: exactly the cases app_case_read would show them. Every
 * case the index finds goes through authz_can_see() (another authority's
 * cases never match at all; restricted cases only for their named users;
 * investigators only their assigned cases), and the search itself needs
 * the right to list cases (AZ_CASE_LIST: administrators may not search).
 *
 * Nothing about invisible cases leaks: a page is filled with visible
 * cases only, by reading further in the index as needed; `more` is true
 * only when another *visible* case follows; the cursor for the next page
 * is the id of the last case shown; no count of all matches exists.
 * The price: when most matches are hidden from the actor (an investigator
 * searching a common word), the index is read on, in batches, until the
 * page is full or the matches run out.
 *
 * Auditing: every search is one audit entry "case.search" with the page
 * position and the number of cases shown, and a hash — not the text — of
 * the query. Queries hold names of children and families, and the audit
 * log is kept for years and read by auditors, so the words are not
 * stored. The hash is BLAKE2b-256 of "cwyn.case.search.v1", the authority
 * id and the normalised query (store_search_normalise: folded, so "Dŵr"
 * and "dwr" hash alike). It lets an auditor who suspects a particular
 * search confirm it ("did anyone search for this name?") by hashing the
 * same words with `cwyn search --hash`, and see repeated searches, without
 * the log itself saying what anyone looked for. A hash of a short name
 * can be confirmed by guessing — that is its purpose — so it is not
 * a secret either: it is only as private as the audit log.
 */
#ifndef CWYN_APP_SEARCH_H
#define CWYN_APP_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "store/store.h"

/* Largest page of results; 0 asks for APP_SEARCH_LIMIT_DEFAULT. */
#define APP_SEARCH_LIMIT_MAX 100
#define APP_SEARCH_LIMIT_DEFAULT 20
/* 64 hex digits and a NUL. */
#define APP_SEARCH_HASH_SIZE 65

struct app_search_page {
	struct store_case *cases; /* from the arena, ascending id; no
	                             facts_json or decision_json */
	size_t n;
	bool more;                /* another visible case follows */
	int64_t next_after;       /* after_id for the next page; 0 if none */
};

/*
 * One page of the cases matching `query` (syntax: store_search.h) that
 * the actor may see, with ids greater than after_id (0: from the start).
 * A bad query is CWYN_EINVAL/CWYN_ERANGE with the field "query"; nothing
 * is audited then.
 */
enum cwyn_code app_search(const struct app_ctx *ctx, const char *query,
                          size_t limit, int64_t after_id, struct arena *ar,
                          struct app_search_page *out,
                          struct cwyn_error *err);

/* The audit hash of a query for this authority (see above). */
enum cwyn_code app_search_hash(int64_t authority_id, const char *query,
                               char out[APP_SEARCH_HASH_SIZE],
                               struct cwyn_error *err);

/*
 * Rebuild the index rows of every case of the actor's authority (cases
 * from before the index existed, or after a restore from an old backup).
 * Needs the right to re-run triage (AZ_CASE_ROUTE); audited as
 * "search.reindex" with the number of cases.
 */
enum cwyn_code app_search_reindex(const struct app_ctx *ctx, size_t *n,
                                  struct cwyn_error *err);

#endif
