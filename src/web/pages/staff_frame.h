/*
 * staff_frame.h — what every staff page (/staff/...) shares: who is
 * signed in, the database connection, the use-case context, the CSRF
 * check on forms, and the GOV.UK frame of a staff page.
 *
 * Usage, in every staff handler:
 *     struct staff s;
 *     if (!staff_begin(req, STAFF_READ, &s))
 *             return;           // redirected to sign in, or refused
 *     ... s.ctx (struct app_ctx) for the use cases ...
 *     staff_end(&s);
 *
 * Signing in is the session cookie of accounts.h (the same one the API
 * uses). A request without a live session is sent to /staff/login with a
 * 303 (and comes back afterwards: ?next= holds the page's path). A POST
 * must carry the session's CSRF token in the hidden form field
 * "csrf_token" (staff_csrf_field writes it); without it the answer is a
 * 403 page and nothing changes. Authorisation is the use cases' (authz.h):
 * pages never look at a role to decide what may be done, only to decide
 * what to offer.
 */
#ifndef CWYN_WEB_PAGES_STAFF_FRAME_H
#define CWYN_WEB_PAGES_STAFF_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "app/accounts.h"
#include "app/app.h"
#include "web/pages/layout.h"
#include "web/request.h"
#include "web/web_app.h"

/* The hidden field every state-changing staff form carries. */
#define STAFF_CSRF_FIELD "csrf_token"

enum staff_flags {
	STAFF_READ = 0,         /* GET: a live session */
	STAFF_FORM = 1u << 0,   /* POST: a live session, the form, CSRF */
	/* STAFF_FORM for a form with many repeated groups (the intake's
	 * children and concerns): up to STAFF_LONG_FORM_PAIRS fields. */
	STAFF_FORM_LONG = STAFF_FORM | 1u << 1,
};
#define STAFF_LONG_FORM_PAIRS 1000

struct staff {
	struct web_request *req;
	struct web_app *app;
	struct db *db;
	struct accounts acc;
	const char *token;              /* the session cookie */
	struct account_session session;
	struct app_ctx ctx;
	int64_t now;
	bool broken;                    /* do not give the connection back */
	struct web_pair *form;          /* STAFF_FORM: the posted fields */
	size_t nform;
};

/*
 * Start a staff request. false: the response is set (redirect to sign
 * in, 403, 503) and staff_end must not be called.
 */
bool staff_begin(struct web_request *req, unsigned flags, struct staff *s);
void staff_end(struct staff *s);

/* The last value posted for name (NULL when absent). */
const char *staff_form(const struct staff *s, const char *name);
/* Same, but "" and white space only count as absent. */
const char *staff_form_text(const struct staff *s, const char *name);

/*
 * A GOV.UK date input posted as name-day, name-month and name-year. All
 * three empty: *out = CWYN_DAY_NONE and NULL. Otherwise NULL with *out
 * set, or the msgid of what is wrong (a part missing, not numbers, not a
 * real date, after `latest`).
 */
const char *staff_form_date(const struct staff *s, const char *name,
                            cwyn_day latest, cwyn_day *out);

/* The {ref} path parameter when it looks like a case reference, or NULL
 * (then a 404 page has been set). */
const char *staff_ref(struct staff *s);

/* An error from a use case as a whole page: 404 for ENOTFOUND, 403 for
 * EFORBIDDEN, 409 for ECONFLICT, 500 otherwise (the connection is then
 * not reused). */
void staff_fail(struct staff *s, const struct cwyn_error *err);

/* A page with a heading and one paragraph (both msgids). s may be NULL
 * (signed out: no staff navigation). */
void staff_message_page(struct web_request *req, const struct staff *s,
                        int status, const char *title_msgid,
                        const char *body_msgid);

/* ---- The frame of a staff page ------------------------------------------- */

/*
 * Like page_begin (layout.h) with the staff navigation (dashboard, record
 * a complaint, search, who is signed in and a sign-out button). title is
 * already in the page's language (it may hold a reference). s may be NULL
 * for the sign-in pages.
 */
void staff_page_begin(struct page *pg, struct web_request *req,
                      const struct staff *s, const char *title,
                      bool has_error, const char *self_url,
                      const char *back_url);
void staff_page_end(struct page *pg, int status);

/* <input type="hidden" name="csrf_token" value="..."> */
void staff_csrf_field(struct html *h, const struct staff *s);

/* The role's name for people, in the page's language. */
const char *staff_role_label(enum language lang, const char *role);

/* A value of the int64 kind as text, in the arena. */
char *staff_i64(struct arena *a, int64_t v);

#endif
