/*
 * public.h — the public side of a case: a complaint sent through the
 * public form (no account) and the complainant's secret link to follow it.
 *
 * The public acts as APP_ROLE_COMPLAINANT (app.h): user id 0 (timeline
 * events by "the system or the complainant"), username "public-web" in the
 * audit log, allowed only to create a case, agree its record and read it.
 * The web layer hands that actor to app_intake and app_agree like any
 * other; what it may read is narrowed here: a case is found only with a
 * live tracking link's secret, and an unknown reference, a wrong secret
 * and a revoked link all look the same (CWYN_ENOTFOUND), so the tracking
 * page is no oracle for references.
 *
 * A tracking secret is 256 random bits in base64url (43 characters). Only
 * its SHA-256 is stored (store_public.h); the complainant is shown the
 * link once, on the confirmation page.
 */
#ifndef CWYN_APP_PUBLIC_H
#define CWYN_APP_PUBLIC_H

#include <stddef.h>

#include "app/app.h"

#define APP_PUBLIC_USERNAME "public-web"
#define APP_TRACK_SECRET_SIZE 44 /* base64url of 32 bytes + NUL */
#define APP_TRACK_HASH_SIZE 65   /* SHA-256 as hex + NUL */

/*
 * The public complainant of authority `code` (NULL: the first authority by
 * id). CWYN_ENOTFOUND when there is no such authority (nothing is made).
 */
enum cwyn_code app_public_actor(struct db *db, const char *code,
                                struct app_actor *out,
                                struct cwyn_error *err);

/* What the form knows that the case rows have no column for. */
struct app_public_receipt {
	const char *form;             /* "adult" | "young_people" */
	const char *contact_avoid;    /* times to avoid, or NULL */
	const char *const *needs;     /* accessibility options chosen */
	size_t n_needs;
};

/*
 * After app_intake (and app_agree) of a complaint sent online: make the
 * case's tracking link and put what the form knows on the timeline, in one
 * transaction with its audit entry ("tracking.create"). secret receives
 * the link's secret, to be shown once.
 */
enum cwyn_code app_public_receipt(const struct app_ctx *ctx,
                                  const char *reference,
                                  const struct app_public_receipt *in,
                                  char secret[APP_TRACK_SECRET_SIZE],
                                  struct cwyn_error *err);

/*
 * The case behind a tracking link, read as app_case_read does (audited).
 * CWYN_ENOTFOUND alike for an unknown reference, a malformed or wrong
 * secret, or a revoked link.
 */
enum cwyn_code app_public_track(const struct app_ctx *ctx,
                                const char *reference, const char *secret,
                                struct arena *ar, struct app_case_view *out,
                                struct cwyn_error *err);

/* The stored form of a secret: SHA-256 as 64 hex digits. */
void app_track_secret_hash(const char *secret,
                           char out[APP_TRACK_HASH_SIZE]);

#endif
