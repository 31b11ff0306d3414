/*
 * public.c — the public complainant's actor, tracking links and the
 * receipt of a complaint sent online (public.h).
 */
#include "app/public.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/app_internal.h"
#include "i18n/i18n.h"
#include "store/store_public.h"

static int first_id(void *vctx, const struct db_value *c, size_t n)
{
	int64_t *id = vctx;
	if (n > 0 && c[0].type == DB_INT)
		*id = c[0].i;
	else if (n > 0 && c[0].type == DB_TEXT && c[0].s)
		*id = strtoll(c[0].s, NULL, 10);
	return 1;
}

enum cwyn_code app_public_actor(struct db *db, const char *code,
                                struct app_actor *out,
                                struct cwyn_error *err)
{
	int64_t id = 0;
	enum cwyn_code rc;
	if (code != NULL) {
		struct arena ar;
		struct store_authority a;
		arena_init(&ar, 0);
		rc = store_authority_get_by_code(db, code, &ar, &a, err);
		if (rc == CWYN_OK)
			id = a.id;
		arena_free(&ar);
	} else {
		rc = db_query(db, "SELECT id FROM authorities ORDER BY id LIMIT 1",
		              NULL, 0, first_id, &id, err);
		if (rc == CWYN_OK && id <= 0)
			rc = cwyn_fail(err, CWYN_ENOTFOUND, "authority",
			               N_("no authority has been set up yet"));
	}
	if (rc != CWYN_OK)
		return rc;
	out->user_id = 0;
	out->username = APP_PUBLIC_USERNAME;
	out->role = APP_ROLE_COMPLAINANT;
	out->authority_id = id;
	return CWYN_OK;
}

void app_track_secret_hash(const char *secret, char out[APP_TRACK_HASH_SIZE])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, APP_TRACK_HASH_SIZE, h, sizeof h);
}

static bool secret_well_formed(const char *s)
{
	if (s == NULL || strlen(s) != APP_TRACK_SECRET_SIZE - 1)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

enum cwyn_code app_public_receipt(const struct app_ctx *ctx,
                                  const char *reference,
                                  const struct app_public_receipt *in,
                                  char secret[APP_TRACK_SECRET_SIZE],
                                  struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	unsigned char raw[32];
	char hash[APP_TRACK_HASH_SIZE];
	arena_init(&ar, 0);
	secret[0] = '\0';
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_CREATE, &ar, &c, err)))
		goto out;
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(secret, APP_TRACK_SECRET_SIZE, raw, sizeof raw,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	app_track_secret_hash(secret, hash);
	if ((rc = store_tracking_insert(ctx->db, c.authority_id, c.id, hash,
	                                err)))
		goto out;
	json_t *d = json_object();
	json_object_set_new(d, "form", app_json_str(in ? in->form : NULL));
	json_object_set_new(d, "contact_avoid",
	                    app_json_str(in ? in->contact_avoid : NULL));
	json_t *needs = json_array();
	for (size_t i = 0; in && i < in->n_needs; i++)
		json_array_append_new(needs, app_json_str(in->needs[i]));
	json_object_set_new(d, "accessibility", needs);
	json_object_set_new(d, "tracking_link", json_true());
	if ((rc = app_event(ctx, c.id, "complaint.sent_online", d, err)))
		goto out;
	d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	rc = app_audit(ctx, "tracking.create", c.id, d, err);
out:
	rc = app_end(ctx, rc, err);
	if (rc != CWYN_OK)
		sodium_memzero(secret, APP_TRACK_SECRET_SIZE);
done:
	arena_free(&ar);
	return rc;
}

static enum cwyn_code no_such_link(struct cwyn_error *err)
{
	return cwyn_fail(err, CWYN_ENOTFOUND, "reference", N_("no such case"));
}

enum cwyn_code app_public_track(const struct app_ctx *ctx,
                                const char *reference, const char *secret,
                                struct arena *ar, struct app_case_view *out,
                                struct cwyn_error *err)
{
	if (reference == NULL || strlen(reference) >= STORE_REF_SIZE ||
	    !secret_well_formed(secret))
		return no_such_link(err);
	char hash[APP_TRACK_HASH_SIZE];
	app_track_secret_hash(secret, hash);
	struct store_case c;
	bool ok = false;
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	rc = store_case_get_by_reference(ctx->db, ctx->actor.authority_id,
	                                 reference, ar, &c, err);
	if (rc == CWYN_OK)
		rc = store_tracking_match(ctx->db, c.authority_id, c.id, hash,
		                          &ok, err);
	if (rc == CWYN_ENOTFOUND)
		rc = CWYN_OK; /* ok stays false: told apart from nothing */
	rc = app_end(ctx, rc, err);
	if (rc != CWYN_OK)
		return rc;
	if (!ok)
		return no_such_link(err);
	return app_case_read(ctx, reference, ar, out, err);
}
