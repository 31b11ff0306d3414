/*
 * layout.h — the frame of every page: GOV.UK template structure (skip
 * link, service navigation with the language switch, phase banner, main,
 * footer with the Welsh-language statement), <html lang="cy"> in Welsh,
 * and the remembered language choice.
 *
 *     struct page pg;
 *     page_begin(&pg, req, N_("Is a child at risk of harm right now?"), url);
 *     ...write into &pg.h with template.h...
 *     page_end(&pg, 200);
 *
 * self_url is this page's own address (path and query, without lang): the
 * language switch links to it with ?lang= added. A ?lang=cy|en on the
 * request is remembered in the "lang" cookie for a year.
 */
#ifndef CWYN_WEB_PAGES_LAYOUT_H
#define CWYN_WEB_PAGES_LAYOUT_H

#include <stdbool.h>

#include "i18n/i18n.h"
#include "web/request.h"
#include "web/template.h"

/* The service name, in English and Welsh (msgid). */
#define SERVICE_NAME_MSGID N_("Complain about child protection")

struct page {
	struct web_request *req;
	struct html h;
	enum language lang;
	unsigned flags; /* PAGE_* */
};

/* The page is part of a form that sends what it is told (the complaint
 * form and its tracking page): the banner and footer say so instead of
 * "your answers are not saved". */
#define PAGE_SENDS 0x1u

/* title_msgid is translated; has_error prefixes "Error: " (GOV.UK pattern).
 * back_url (may be NULL) adds a back link above main. */
void page_begin(struct page *pg, struct web_request *req,
                const char *title_msgid, bool has_error, const char *self_url,
                const char *back_url);
void page_end(struct page *pg, int status);

/* page_begin with PAGE_* flags. */
void page_begin_flags(struct page *pg, struct web_request *req,
                      const char *title_msgid, bool has_error,
                      const char *self_url, const char *back_url,
                      unsigned flags);

/* A 303 See Other to url (after a successful form post). */
void page_redirect(struct web_request *req, const char *url);

/* url with "lang=xx" added (replacing any lang= already there). */
char *page_url_with_lang(struct arena *a, const char *url, enum language l);

#endif
