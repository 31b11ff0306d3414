/*
 * layout.c — the frame of every page (see layout.h). Markup follows the
 * GOV.UK Frontend page template, without the GOV.UK header and crown (this
 * is a council service, not GOV.UK) and without any script: every page
 * works without JavaScript and the CSP forbids inline code.
 */
#include "web/pages/layout.h"

#include <string.h>

#include "i18n/i18n.h"
#include "web/cookie.h"
#include "web/pages/site.h"
#include "web/response.h"

#define LANG_COOKIE_MAX_AGE (365L * 24 * 3600)

char *page_url_with_lang(struct arena *a, const char *url, enum language l)
{
	const char *code = l == LANG_CY ? "cy" : "en";
	const char *q = strchr(url, '?');
	size_t path_len = q ? (size_t)(q - url) : strlen(url);
	/* Copy the query without any lang= pair. */
	char *out = arena_alloc(a, strlen(url) + 16);
	if (out == NULL)
		return NULL;
	memcpy(out, url, path_len);
	size_t o = path_len;
	out[o++] = '?';
	if (q != NULL) {
		const char *p = q + 1;
		while (*p) {
			size_t n = strcspn(p, "&");
			if (n > 0 && !(n >= 5 && strncmp(p, "lang=", 5) == 0)) {
				memcpy(out + o, p, n);
				o += n;
				out[o++] = '&';
			}
			p += n;
			if (*p == '&')
				p++;
		}
	}
	memcpy(out + o, "lang=", 5);
	o += 5;
	memcpy(out + o, code, 2);
	o += 2;
	out[o] = '\0';
	return out;
}

/* A ?lang= on the request is a choice: remember it. */
static void remember_language(struct web_request *req)
{
	const char *q = web_request_query(req, "lang");
	if (q == NULL || (strcmp(q, "cy") != 0 && strcmp(q, "en") != 0))
		return;
	struct cookie_attrs at = {.max_age = LANG_COOKIE_MAX_AGE,
	                          .secure = req->secure};
	char *v;
	if (cookie_build(req->arena, "lang", q, &at, &v, NULL) == CWYN_OK)
		respond_add_header(req, "Set-Cookie", v);
}

static void service_navigation(struct page *pg, const char *self_url)
{
	struct html *h = &pg->h;
	enum language other = pg->lang == LANG_CY ? LANG_EN : LANG_CY;
	const char *switch_url = page_url_with_lang(pg->req->arena,
	    self_url ? self_url : "/", other);
	html_fmt(h, "<section aria-label=\"%a\" class=\"govuk-service-navigation\">"
	         "<div class=\"govuk-width-container\">"
	         "<div class=\"govuk-service-navigation__container\">"
	         "<span class=\"govuk-service-navigation__service-name\">"
	         "<a href=\"/\" class=\"govuk-service-navigation__link\">%T</a>"
	         "</span>",
	         i18n_tr(pg->lang, N_("Service information")), SERVICE_NAME_MSGID);
	html_fmt(h, "<nav aria-label=\"%a\" class=\"govuk-service-navigation__wrapper\">"
	         "<ul class=\"govuk-service-navigation__list\">"
	         "<li class=\"govuk-service-navigation__item\">"
	         "<a class=\"govuk-service-navigation__link\" href=\"/check\">%T</a></li>"
	         "<li class=\"govuk-service-navigation__item\">"
	         "<a class=\"govuk-service-navigation__link\" href=\"/young-people\">%T</a></li>"
	         "<li class=\"govuk-service-navigation__item\">"
	         "<a class=\"govuk-service-navigation__link\" href=\"/complain\">%T</a></li>",
	         i18n_tr(pg->lang, N_("Menu")), N_("Check a complaint"),
	         N_("For children and young people"), N_("Make a complaint"));
	/* The switch names the other language in that language. */
	if (other == LANG_CY)
		html_fmt(h, "<li class=\"govuk-service-navigation__item\">"
		         "<a class=\"govuk-service-navigation__link\" href=\"%u\" "
		         "lang=\"cy\" hreflang=\"cy\">Cymraeg</a></li>",
		         switch_url ? switch_url : "/?lang=cy");
	else
		html_fmt(h, "<li class=\"govuk-service-navigation__item\">"
		         "<a class=\"govuk-service-navigation__link\" href=\"%u\" "
		         "lang=\"en\" hreflang=\"en\">English</a></li>",
		         switch_url ? switch_url : "/?lang=en");
	html_raw(h, "</ul></nav></div></div></section>");
}

void page_begin(struct page *pg, struct web_request *req,
                const char *title_msgid, bool has_error, const char *self_url,
                const char *back_url)
{
	page_begin_flags(pg, req, title_msgid, has_error, self_url, back_url, 0);
}

void page_begin_flags(struct page *pg, struct web_request *req,
                      const char *title_msgid, bool has_error,
                      const char *self_url, const char *back_url,
                      unsigned flags)
{
	const struct site *site = site_get();
	pg->flags = flags;
	pg->req = req;
	pg->lang = req->lang;
	html_init(&pg->h, req->arena, req->lang);
	struct html *h = &pg->h;
	remember_language(req);

	html_fmt(h, "<!DOCTYPE html>\n<html lang=\"%a\" class=\"govuk-template\">"
	         "<head><meta charset=\"utf-8\"><title>",
	         pg->lang == LANG_CY ? "cy" : "en");
	if (has_error) {
		html_tr(h, N_("Error:"));
		html_raw(h, " ");
	}
	if (strcmp(title_msgid, SERVICE_NAME_MSGID) == 0)
		html_fmt(h, "%T</title>", title_msgid);
	else
		html_fmt(h, "%T – %T</title>", title_msgid, SERVICE_NAME_MSGID);
	html_fmt(h, "<meta name=\"viewport\" content=\"width=device-width, "
	         "initial-scale=1, viewport-fit=cover\">"
	         "<meta name=\"theme-color\" content=\"#0b0c0c\">"
	         "<link rel=\"stylesheet\" href=\"/static/cwyn.css?v=%a\">"
	         "</head><body class=\"govuk-template__body\">",
	         site->css_version);
	html_fmt(h, "<a href=\"#main-content\" class=\"govuk-skip-link\">%T</a>"
	         "<header class=\"govuk-template__header\">",
	         N_("Skip to main content"));
	service_navigation(pg, self_url);
	html_raw(h, "</header><div class=\"govuk-width-container\">");
	html_fmt(h, "<div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
	         "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">%T</strong>"
	         "<span class=\"govuk-phase-banner__text\">%T</span></p></div>",
	         N_("Beta"),
	         (flags & PAGE_SENDS)
	             ? N_("This is a new service. Your complaint is sent to the "
	                  "council only when you agree it and send it.")
	             : N_("This is a new service. Your answers are not saved and are not "
	         "sent to anyone."));
	if (back_url != NULL)
		html_fmt(h, "<a href=\"%u\" class=\"govuk-back-link\">%T</a>",
		         back_url, N_("Back"));
	html_raw(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">");
}

void page_end(struct page *pg, int status)
{
	struct html *h = &pg->h;
	html_raw(h, "</main></div><footer class=\"govuk-footer\">"
	         "<div class=\"govuk-width-container\"><div class=\"govuk-footer__meta\">"
	         "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">");
	html_fmt(h, "<h2 class=\"govuk-visually-hidden\">%T</h2>"
	         "<p class=\"govuk-body-s\">%T</p><p class=\"govuk-body-s\">%T</p>",
	         N_("About this service"),
	         N_("We welcome contact in Welsh. We will answer in Welsh, and "
	         "this will not lead to a delay."),
	         (pg->flags & PAGE_SENDS)
	             ? N_("Your answers are kept safely until you send your "
	                  "complaint, and for no more than 6 hours if you do not.")
	             : N_("Your answers stay in your browser's address bar and are not "
	         "saved by us. Close the window when you have finished."));
	html_raw(h, "</div></div></div></footer></body></html>\n");
	const char *out = html_result(h);
	if (out == NULL) {
		respond_error_page(pg->req, 500,
		                   N_("the server could not complete the request; "
		                      "nothing was changed"));
		return;
	}
	respond_html(pg->req, status, out);
}

void page_redirect(struct web_request *req, const char *url)
{
	if (!html_url_ok(url) || url[0] != '/') {
		respond_error_page(req, 500, N_("the server could not complete the "
		                                "request; nothing was changed"));
		return;
	}
	respond_html(req, 303, "<!DOCTYPE html><title>303</title>");
	respond_add_header(req, "Location", url);
}
