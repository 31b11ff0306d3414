/*
 * store_public.h — the rows behind the public complaint form: the keys the
 * server makes for itself (web_secrets), the answers of forms being filled
 * in (complaint_drafts) and the complainants' secret tracking links
 * (case_tracking). Migration 6 creates the tables.
 *
 * Rows only: how tokens are signed, how long a draft lives and what a
 * tracking page may show are decided in src/app (public.h) and src/web.
 * Secrets never reach these tables in the clear: drafts are found by the
 * SHA-256 of their form token's nonce and tracking links by the SHA-256 of
 * the link's secret, both as 64 hex digits. Times of drafts are Unix
 * seconds (the web layer's injectable clock); like the rest of the store,
 * nothing here begins or commits.
 */
#ifndef CWYN_STORE_STORE_PUBLIC_H
#define CWYN_STORE_STORE_PUBLIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"
#include "store/store.h"

#define STORE_SECRET_HEX_SIZE 65 /* 64 hex digits + NUL */

/*
 * The secret called name: the one stored, or fresh_hex (64 hex digits)
 * stored now if there was none. Two servers racing both get the winner's.
 */
enum cwyn_code store_web_secret(struct db *db, const char *name,
                                const char *fresh_hex,
                                char out[STORE_SECRET_HEX_SIZE],
                                struct cwyn_error *err);

struct store_draft {
	char id_hash[STORE_SECRET_HEX_SIZE];
	int64_t authority_id;
	const char *data;     /* urlencoded answers; "" once sent */
	int64_t created_at;
	int64_t updated_at;
	bool claimed;         /* being sent, or sent */
	int64_t case_id;      /* 0 until sent */
	char reference[STORE_REF_SIZE]; /* "" until sent */
};

/* CWYN_ENOTFOUND when there is no such draft. data is from ar. */
enum cwyn_code store_draft_get(struct db *db, const char *id_hash,
                               struct arena *ar, struct store_draft *out,
                               struct cwyn_error *err);

/* Insert the draft, or replace its data and updated_at if it exists and
 * has not been claimed (a claimed draft is CWYN_ESTATE). */
enum cwyn_code store_draft_save(struct db *db, const struct store_draft *d,
                                struct cwyn_error *err);

/* Claim the draft for sending: *won is true for exactly one caller. */
enum cwyn_code store_draft_claim(struct db *db, const char *id_hash,
                                 bool *won, struct cwyn_error *err);

/* Give a claim back (sending failed and nothing was stored). */
enum cwyn_code store_draft_release(struct db *db, const char *id_hash,
                                   struct cwyn_error *err);

/* The draft became this case: its answers are cleared, the case kept. */
enum cwyn_code store_draft_sent(struct db *db, const char *id_hash,
                                int64_t case_id, const char *reference,
                                struct cwyn_error *err);

/* Delete drafts last touched before `before` (Unix seconds). */
enum cwyn_code store_draft_purge(struct db *db, int64_t before,
                                 struct cwyn_error *err);

/* A tracking link for the case, by the hash of its secret. */
enum cwyn_code store_tracking_insert(struct db *db, int64_t authority_id,
                                     int64_t case_id, const char *secret_hash,
                                     struct cwyn_error *err);

/* Is there a live (not revoked) link with this hash for the case? */
enum cwyn_code store_tracking_match(struct db *db, int64_t authority_id,
                                    int64_t case_id, const char *secret_hash,
                                    bool *out, struct cwyn_error *err);

/* Revoke every link of the case (e.g. the complainant asked). */
enum cwyn_code store_tracking_revoke(struct db *db, int64_t authority_id,
                                     int64_t case_id, struct cwyn_error *err);

#endif
