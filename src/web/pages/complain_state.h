/*
 * complain_state.h — the answers of the public complaint form and the
 * order of its pages.
 *
 * The form reuses the checker's questions and its state (checker_state.h:
 * who you are, the child, each concern with its subject, organisation and
 * dates, court, how far the complaint has got) and adds what a complaint
 * needs: a description of each concern, each child's name, whether you
 * complain for someone else, your name and contact details, the language
 * for letters and your accessibility needs.
 *
 * The answers are kept on the server while the form is filled in (a
 * draft under the form's token, store_public.h), never in the address
 * bar, as (name, value) pairs in the same urlencoded shape the pages post.
 * Reading is strict in the checker's way: an unknown or malformed value
 * is simply "not answered", and every text is capped (CF_MAX_*).
 */
#ifndef CWYN_WEB_PAGES_COMPLAIN_STATE_H
#define CWYN_WEB_PAGES_COMPLAIN_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/language.h"
#include "web/pages/checker_flow.h"
#include "web/pages/checker_state.h"
#include "web/pair.h"

/* Caps, in bytes of UTF-8. */
#define CF_MAX_NAME 200
#define CF_MAX_EMAIL 254
#define CF_MAX_PHONE 40
#define CF_MAX_ADDRESS 500
#define CF_MAX_AVOID 200
#define CF_MAX_ACCESS 1000
#define CF_MAX_REP_FOR 200
#define CF_MAX_CHILD_NAME 100
#define CF_MAX_DESC 5000
#define CF_MAX_SIGNATURE 200

/* Accessibility options (bit numbers). */
enum cf_need {
	NEED_LARGE_PRINT = 0,
	NEED_EASY_READ,
	NEED_INTERPRETER,
	NEED_BSL,
	NEED__MAX
};

struct cf_need_info {
	const char *value;   /* in forms */
	const char *label;   /* msgid */
	const char *english; /* what staff read in the case */
};
extern const struct cf_need_info cf_needs[NEED__MAX];

/* How the complainant wants to be contacted. */
enum cf_pref { PREF_UNSET = -1, PREF_EMAIL = 0, PREF_PHONE, PREF_POST, PREF__MAX };
const char *cf_pref_name(int p); /* "email", "phone", "post" (store names) */

struct cf_state {
	struct chk_state chk;  /* the checker's answers (young: chk.young) */
	const char *child_names[CHK_MAX_CHILDREN]; /* "cn", "cn2", ... */
	const char *desc[CHK_MAX_CONCERNS];
	int rep;               /* enum chk_yn: complaining for someone else */
	const char *rep_for;
	const char *name, *email, *phone, *address;
	int pref;              /* enum cf_pref */
	const char *avoid;
	int corr;              /* -1, LANG_EN or LANG_CY: letters */
	unsigned needs;        /* bits of enum cf_need */
	const char *access;
	bool access_done;      /* the (optional) accessibility page was seen */
};

void cf_state_init(struct cf_state *s);
/* Later pairs win (the page's own inputs follow the stored answers). */
void cf_state_read(struct cf_state *s, const struct web_pair *p, size_t n);
/* Child j (0-based) leaves, with its name; false if it is the only one. */
bool cf_child_remove(struct cf_state *s, size_t j);
/* The answers as urlencoded pairs, for the draft; NULL if out of memory. */
char *cf_state_encode(const struct cf_state *s, struct arena *a);
/* Parse what cf_state_encode wrote. */
enum cwyn_code cf_state_decode(struct cf_state *s, struct arena *a,
                               const char *data);

/* ---- Pages ------------------------------------------------------------- */

/* The checker's steps (enum chk_step, before STEP_RESULT) come first with
 * the same numbers; the complaint's own pages follow. */
enum cf_step {
	CF_REP = STEP_RESULT,
	CF_NAME,
	CF_CONTACT,
	CF_LANGUAGE,
	CF_ACCESS,
	CF_CHECK,
	CF_STEP__MAX
};

struct cf_pos {
	int step;        /* enum chk_step before STEP_RESULT, or enum cf_step */
	size_t concern;
};

const char *cf_step_slug(int step);
bool cf_step_from_slug(const char *slug, int *out);
struct cf_pos cf_next(const struct cf_state *s, struct cf_pos p);
bool cf_prev(const struct cf_state *s, struct cf_pos p, struct cf_pos *out);

/*
 * The first page, on the way the answers lead, whose required answers are
 * missing; CF_CHECK when everything is answered.
 */
struct cf_pos cf_first_missing(const struct cf_state *s);

/* ---- The complaint ----------------------------------------------------- */

/*
 * The facts document (docs/facts-format.md) for app_intake: received and
 * as_of today, the complainant's language for letters, every child (with
 * its name as the label), one matter per concern with its description as
 * the summary.
 */
json_t *cf_state_facts_json(const struct cf_state *s, cwyn_day today);

/* "Large print; British Sign Language (BSL); <free text>", English, for
 * the case (staff read it), or NULL when nothing was asked for. */
char *cf_state_access_text(const struct cf_state *s, struct arena *a);

/* The language for letters: chosen, else the page's. */
enum language cf_state_language(const struct cf_state *s, enum language page);

#endif
