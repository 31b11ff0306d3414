/*
 * search.c — the search use case (search.h): the index finds candidates,
 * authz decides which of them the actor may know about, the audit log
 * records that a search happened without recording its words.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "app/app_internal.h"
#include "app/search.h"
#include "i18n/i18n.h"
#include "store/store_search.h"

_Static_assert(APP_SEARCH_LIMIT_MAX == 100, "update the message");

/* How many index hits to look at per round while filling a page. */
#define BATCH 100

enum cwyn_code app_search_hash(int64_t authority_id, const char *query,
                               char out[APP_SEARCH_HASH_SIZE],
                               struct cwyn_error *err)
{
	char norm[STORE_SEARCH_NORM_SIZE];
	out[0] = '\0';
	enum cwyn_code rc = store_search_normalise(query, norm, sizeof norm,
	                                           err);
	if (rc != CWYN_OK)
		return rc;
	char head[64];
	int hn = snprintf(head, sizeof head, "cwyn.case.search.v1\n%lld\n",
	                  (long long)authority_id);
	unsigned char h[crypto_generichash_BYTES];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)head,
	                          (unsigned long long)hn);
	crypto_generichash_update(&st, (const unsigned char *)norm,
	                          strlen(norm));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, APP_SEARCH_HASH_SIZE, h, sizeof h);
	return CWYN_OK;
}

/* Read index hits after `after` until `want` visible cases are found or
 * the index has no more. */
static enum cwyn_code fill(const struct app_ctx *ctx, const char *query,
                           int64_t after, size_t want, struct arena *ar,
                           struct store_case *rows, size_t *kept,
                           struct cwyn_error *err)
{
	struct store_search_results res;
	int64_t authority = ctx->actor.authority_id;
	for (;;) {
		enum cwyn_code rc = store_search(ctx->db, authority, query,
		                                 BATCH, after, &res, err);
		if (rc != CWYN_OK)
			return rc;
		for (size_t i = 0; i < res.n && *kept < want; i++) {
			struct store_case c;
			after = res.case_ids[i];
			rc = store_case_get(ctx->db, authority, after, ar, &c,
			                    err);
			if (rc == CWYN_ENOTFOUND)
				continue; /* never shown: not this authority's */
			if (rc != CWYN_OK)
				return rc;
			if (!authz_can_see(ctx, &c))
				continue;
			c.facts_json = NULL; /* lists never carry them */
			c.decision_json = NULL;
			rows[(*kept)++] = c;
		}
		if (*kept == want || !res.more)
			return CWYN_OK;
	}
}

enum cwyn_code app_search(const struct app_ctx *ctx, const char *query,
                          size_t limit, int64_t after_id, struct arena *ar,
                          struct app_search_page *out,
                          struct cwyn_error *err)
{
	memset(out, 0, sizeof *out);
	if (limit == 0)
		limit = APP_SEARCH_LIMIT_DEFAULT;
	if (limit > APP_SEARCH_LIMIT_MAX)
		return cwyn_fail(err, CWYN_ERANGE, "limit",
		                 N_("a page may hold at most 100 cases"));
	if (after_id < 0)
		return cwyn_fail(err, CWYN_EINVAL, "after",
		                 N_("must be a case id or 0"));
	/* The query is checked before anything else happens. */
	char hash[APP_SEARCH_HASH_SIZE];
	enum cwyn_code rc = app_search_hash(ctx->actor.authority_id, query,
	                                    hash, err);
	if (rc != CWYN_OK)
		return rc;
	struct store_case *rows = arena_calloc(ar, limit + 1, sizeof *rows);
	if (rows == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "search", "out of memory");
	/* Writes only the audit entry of the search (case_read.c says why
	 * that commit need not wait for the disk). */
	rc = app_begin_read(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	rc = authz_check(ctx, AZ_CASE_LIST, NULL, err);
	size_t kept = 0;
	/* One more than the page: is there a next visible case? */
	if (rc == CWYN_OK)
		rc = fill(ctx, query, after_id, limit + 1, ar, rows, &kept, err);
	size_t shown = kept > limit ? limit : kept;
	if (rc == CWYN_OK) {
		json_t *d = json_object();
		json_object_set_new(d, "query_hash", json_string(hash));
		json_object_set_new(d, "after", json_integer(after_id));
		json_object_set_new(d, "shown", json_integer((json_int_t)shown));
		rc = app_audit(ctx, "case.search", 0, d, err);
	}
	rc = app_end(ctx, rc, err);
	if (rc == CWYN_OK) {
		out->cases = rows;
		out->n = shown;
		out->more = kept > limit;
		out->next_after = out->more ? rows[shown - 1].id : 0;
	}
	return rc;
}

enum cwyn_code app_search_reindex(const struct app_ctx *ctx, size_t *n,
                                  struct cwyn_error *err)
{
	size_t done = 0;
	if (n)
		*n = 0;
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	rc = authz_check(ctx, AZ_CASE_ROUTE, NULL, err);
	if (rc == CWYN_OK)
		rc = store_search_reindex(ctx->db, ctx->actor.authority_id,
		                          &done, err);
	if (rc == CWYN_OK) {
		json_t *d = json_object();
		json_object_set_new(d, "cases", json_integer((json_int_t)done));
		rc = app_audit(ctx, "search.reindex", 0, d, err);
	}
	rc = app_end(ctx, rc, err);
	if (rc == CWYN_OK && n)
		*n = done;
	return rc;
}
