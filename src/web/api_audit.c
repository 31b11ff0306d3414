/*
 * api_audit.c — POST /api/v1/audit/verify: walk the audit log's hash
 * chain and say whether it holds, and if not where it breaks (the same
 * check as `cwyn audit verify`). Auditors and administrators may ask
 * (authz: audit.verify); the answer holds no case content. POST, not GET:
 * the check is work on demand, not a resource to cache or prefetch.
 */
#include "app/authz.h"
#include "store/audit.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

void api_audit_verify(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_SIGNED_IN, &c))
		return;
	struct cwyn_error err = {0};
	struct audit_report rep;
	if (authz_check(&c.ctx, AZ_AUDIT_VERIFY, NULL, &err) != CWYN_OK ||
	    audit_verify(c.db, &rep, &err) != CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	json_t *body = json_pack("{s:b,s:I,s:s}", "intact", rep.kind == AUDIT_OK,
	                         "entries", (json_int_t)rep.entries, "break",
	                         audit_break_name(rep.kind));
	if (rep.kind != AUDIT_OK) {
		json_object_set_new(body, "seq", json_integer(rep.seq));
		json_object_set_new(body, "message", json_string(rep.message));
	}
	respond_json(req, 200, body);
out:
	api_end(&c);
}
