/*
 * staff_search.c — GET /staff/search?q=WORDS[&after=ID]: find a case by
 * reference, names or words (app_search, search.h). Results are only the
 * cases the user may see; the search is audited with a hash of the words,
 * never the words. Without q the page shows the form and the open cases
 * (app_case_list, the same visibility), a page at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "app/search.h"
#include "i18n/i18n.h"
#include "web/pages/staff.h"
#include "web/pages/staff_frame.h"
#include "web/pages/staff_words.h"

#define QUERY_MAX 200

static int64_t after_param(struct web_request *req)
{
	const char *a = web_request_query(req, "after");
	if (a == NULL || a[0] == '\0' || strlen(a) > 18)
		return 0;
	for (const char *p = a; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return (int64_t)strtoll(a, NULL, 10);
}

static void search_form(struct html *h, const char *q, const char *error)
{
	html_fmt(h, "<form method=\"get\" action=\"/staff/search\" novalidate>"
	         "<div class=\"govuk-form-group%a\"><h1 class=\"govuk-label-wrapper\">"
	         "<label class=\"govuk-label govuk-label--l\" for=\"q\">%T</label></h1>"
	         "<div id=\"q-hint\" class=\"govuk-hint\">%T</div>",
	         error ? " govuk-form-group--error" : "", N_("Search cases"),
	         N_("A case reference, or names and words from the case."));
	if (error)
		html_fmt(h, "<p id=\"q-error\" class=\"govuk-error-message\">"
		         "<span class=\"govuk-visually-hidden\">%T</span> %T</p>",
		         N_("Error:"), error);
	html_fmt(h, "<input class=\"govuk-input govuk-!-width-two-thirds%a\" id=\"q\" name=\"q\" "
	         "type=\"search\" spellcheck=\"false\" value=\"%a\" aria-describedby=\"q-hint%a\">"
	         "</div><button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">"
	         "%T</button></form>",
	         error ? " govuk-input--error" : "", q ? q : "",
	         error ? " q-error" : "", N_("Search"));
}

void handle_staff_search(struct web_request *req)
{
	struct staff s;
	if (!staff_begin(req, STAFF_READ, &s))
		return;
	struct cwyn_error err = {0};
	const char *q = web_request_query(req, "q");
	if (q != NULL && q[0] == '\0')
		q = NULL;
	int64_t after = after_param(req);
	const char *error = NULL;
	struct store_case *rows = NULL;
	size_t n = 0;
	bool more = false;
	int64_t next = 0;
	enum cwyn_code rc = CWYN_OK;
	if (q != NULL && strlen(q) > QUERY_MAX) {
		error = N_("Enter 200 characters or fewer");
	} else if (q != NULL) {
		struct app_search_page page;
		memset(&page, 0, sizeof page);
		rc = app_search(&s.ctx, q, APP_SEARCH_LIMIT_DEFAULT, after,
		                req->arena, &page, &err);
		if (rc == CWYN_OK) {
			rows = page.cases;
			n = page.n;
			more = page.more;
			next = page.next_after;
		} else if (err.code == CWYN_EINVAL || err.code == CWYN_ERANGE) {
			error = N_("Enter words to search for, like a reference or a name");
			rc = CWYN_OK;
		}
	} else {
		struct app_case_list_in in = {.status = "open", .limit = 20,
		                              .after_id = after, .next_after = &next};
		rc = app_case_list(&s.ctx, &in, req->arena, &rows, &n, &more, &err);
	}
	if (rc != CWYN_OK && rc != CWYN_EFORBIDDEN) {
		staff_fail(&s, &err);
		staff_end(&s);
		return;
	}
	struct page pg;
	staff_page_begin(&pg, req, &s, i18n_tr(req->lang, N_("Search cases")),
	                 error != NULL, "/staff/search", "/staff");
	struct html *h = &pg.h;
	if (error) {
		html_fmt(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
		         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%T</h2>"
		         "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">"
		         "<li><a href=\"#q\">%T</a></li></ul></div></div></div>",
		         N_("There is a problem"), error);
	}
	search_form(h, q, error);
	if (rc == CWYN_EFORBIDDEN) {
		html_fmt(h, "<p class=\"govuk-body\">%T</p>",
		         N_("Your role does not show case content. Administrators "
		            "manage users and policy."));
	} else if (error == NULL) {
		if (q != NULL && n == 0)
			html_fmt(h, "<p class=\"govuk-body\">%T</p>",
			         N_("No cases you can see match these words."));
		else if (n > 0)
			staff_case_table(h, q ? N_("Cases found") : N_("Open cases"), rows, n);
		else
			html_fmt(h, "<p class=\"govuk-body\">%T</p>", N_("There are no open cases."));
		if (more && next > 0) {
			char *href = q ? NULL
			               : arena_printf(req->arena, "/staff/search?after=%lld",
			                              (long long)next);
			/* The words go back through the form's own encoding: a
			 * GET form with the cursor as a hidden field. */
			if (q != NULL) {
				html_fmt(h, "<form method=\"get\" action=\"/staff/search\">"
				         "<input type=\"hidden\" name=\"q\" value=\"%a\">"
				         "<input type=\"hidden\" name=\"after\" value=\"%a\">"
				         "<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" "
				         "data-module=\"govuk-button\">%T</button></form>",
				         q, staff_i64(req->arena, next), N_("Next page"));
			} else if (href != NULL) {
				html_fmt(h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"%u\">%T</a></p>",
				         href, N_("Next page"));
			}
		}
	}
	staff_page_end(&pg, error ? 400 : 200);
	staff_end(&s);
}
