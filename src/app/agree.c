/*
 * agree.c — the complainant agrees the written record of an oral or
 * assisted complaint and signs it with their typed name.
 *
 * Reg 15(3) of SI 2014/1794: an oral complaint is written down and the
 * complainant gets a copy; for a conference complaint the complainant is
 * helped to put it in writing and must agree and sign it (S0,
 * procedure.md 2.2.2). Until then the case shows the record as awaiting
 * agreement. A written complaint is the complainant's own record and has
 * nothing to agree.
 */
#include <string.h>

#include "app/app_internal.h"
#include "i18n/i18n.h"

#define SIGNATURE_MAX 300

enum cwyn_code app_agree(const struct app_ctx *ctx, const char *reference,
                         int64_t version, const char *signature,
                         struct app_case_ref *out, struct cwyn_error *err)
{
	struct arena ar;
	struct store_case c;
	arena_init(&ar, 0);
	enum cwyn_code rc = app_begin(ctx, err);
	if (rc != CWYN_OK)
		goto done;
	if ((rc = app_load_case(ctx, reference, AZ_CASE_AGREE, &ar, &c, err)) ||
	    (rc = app_check_version(&c, version, err)) ||
	    (rc = app_check_open(&c, err)))
		goto out;
	if (app_blank(signature)) {
		rc = cwyn_fail(err, CWYN_EINVAL, "signature",
		               "the complainant's signature (their name as "
		               "they type it) is required");
		goto out;
	}
	if (strlen(signature) > SIGNATURE_MAX) {
		rc = cwyn_fail(err, CWYN_EINVAL, "signature",
		               N_("the signature is too long"));
		goto out;
	}
	/* A complaint sent through the public form is agreed and signed
	 * by the complainant as they send it (the record shown to them
	 * before sending, procedure.md 2.2.2 / S0). */
	if (strcmp(c.channel, "oral") != 0 && strcmp(c.channel, "web") != 0) {
		rc = cwyn_fail(err, CWYN_ESTATE, "channel",
		               N_("a written complaint is the complainant's own "
		               "record; there is nothing to agree"));
		goto out;
	}
	if (c.written_record_agreed_on != CWYN_DAY_NONE) {
		rc = cwyn_fail(err, CWYN_ESTATE, "written_record_agreed_on",
		               N_("the written record has already been agreed"));
		goto out;
	}
	c.written_record_agreed_on = ctx->today;
	c.signature = signature;
	json_t *d = json_object();
	json_object_set_new(d, "agreed_on", app_json_day(ctx->today));
	json_object_set_new(d, "signature", json_string(signature));
	json_object_set_new(d, "source", json_string("SI 2014/1794 reg 15(3)"));
	if ((rc = app_event(ctx, c.id, "written_record.agreed", d, err)))
		goto out;
	if ((rc = app_save_case(ctx, &c, out, err)))
		goto out;
	d = json_object();
	json_object_set_new(d, "reference", json_string(c.reference));
	json_object_set_new(d, "agreed_on", app_json_day(ctx->today));
	rc = app_audit(ctx, "case.agree", c.id, d, err);
out:
	rc = app_end(ctx, rc, err);
done:
	arena_free(&ar);
	return rc;
}
