/*
 * complain_internal.h — what the files of the public complaint form share
 * (complain.c: the questions; complain_check.c: "Check your answers" and
 * sending; track.c: confirmation and tracking).
 */
#ifndef CWYN_WEB_PAGES_COMPLAIN_INTERNAL_H
#define CWYN_WEB_PAGES_COMPLAIN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "store/store_public.h"
#include "web/form_token.h"
#include "web/pages/complain_state.h"
#include "web/pages/components.h"
#include "web/request.h"
#include "web/web_app.h"

#define CF_MAX_ERRORS 10

/* One request of the form. */
struct cf_ctx {
	struct web_request *req;
	struct web_app *app;
	struct db *db;               /* from the pool; released by cf_done */
	bool db_broken;
	unsigned char key[FORM_TOKEN_KEY_BYTES];
	char token[FORM_TOKEN_SIZE];
	char id[FORM_TOKEN_ID_SIZE];
	struct store_draft draft;
	struct cf_state s;
	struct cf_pos pos;
	bool ret_check;              /* came from "Check your answers" */
	struct gv_error errors[CF_MAX_ERRORS];
	size_t nerrors;
	const struct web_pair *form; /* what was posted */
	size_t nform;
};

/* Today and now as the server sees them (tests fix them). */
cwyn_day cf_today(const struct web_app *app);
const struct policy *cf_policy(const struct web_app *app);
const struct calendar *cf_calendar(const struct web_app *app);

/* A connection from the pool; false after answering 503. */
bool cf_db(struct cf_ctx *c);
void cf_done(struct cf_ctx *c);

/* "/complain/<slug>?t=...&i=N[&ret=check]" for a position. */
char *cf_url(struct cf_ctx *c, struct cf_pos p, bool ret_check);

/* Add a GOV.UK error (summary and field). */
void cf_error(struct cf_ctx *c, const char *field, const char *msgid);
const char *cf_error_for(const struct cf_ctx *c, const char *field);
const char *cf_posted(const struct cf_ctx *c, const char *name);

/* Save the answers to the draft; false after answering an error page. */
bool cf_save(struct cf_ctx *c);

/* "Check your answers" (GET) and sending (POST). */
void cf_check_page(struct cf_ctx *c, int status);
void cf_check_post(struct cf_ctx *c);

/* The page saying this form was sent already (reference shown). */
void cf_already_sent(struct cf_ctx *c);

/* The answer given on a radio page, as its label (msgid), or NULL; and
 * the page's question. */
const char *cf_answer_label(const struct cf_ctx *c, int step, size_t concern);
const char *cf_question(const struct cf_ctx *c, int step);

/* A textarea and checkboxes in the GOV.UK pattern. */
void cf_textarea(struct html *h, const char *name, const char *label,
                 const char *hint, const char *value, const char *error,
                 bool label_is_heading);

/* Wording for adults or for young people. */
static inline const char *cf_w(const struct cf_ctx *c, const char *adult,
                               const char *young)
{
	return c->s.chk.young && young ? young : adult;
}

#endif
