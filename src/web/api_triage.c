/*
 * api_triage.c — POST /api/v1/triage: a triage preview. The body is a
 * facts document (docs/facts-format.md); the answer is the decision
 * (routes, reasons, deadlines with derivations, signposts, safeguarding
 * alert) in the request's language. No account is needed and nothing is
 * stored or logged beyond the access log line: the facts never touch the
 * database, so a member of the public may try "where would my complaint
 * go?" without leaving anything behind.
 */
#include "app/facts_json.h"
#include "core/triage.h"
#include "web/api.h"
#include "web/api_handlers.h"
#include "web/response.h"

void api_triage(struct web_request *req)
{
	struct api_call c;
	if (!api_begin(req, API_PUBLIC | API_NO_DB, &c))
		return;
	struct cwyn_error err = {0};
	struct decision *d = NULL;
	/* api_body checks the media type, size, depth and duplicate keys;
	 * facts_from_json then reads the same bytes against the schema. */
	if (api_body(&c) == NULL)
		goto out;
	struct facts f;
	facts_init(&f);
	f.as_of = c.ctx.today;
	if (facts_from_json(req->body, req->body_len, req->arena, &f, &err) !=
	        CWYN_OK ||
	    triage_decide(&f, c.app->policy, c.app->cal, &d, &err) != CWYN_OK) {
		api_fail(&c, &err);
		goto out;
	}
	respond_json(req, 200, decision_to_json(d, c.app->policy, req->lang));
out:
	if (d != NULL)
		decision_free(d);
	api_end(&c);
}
