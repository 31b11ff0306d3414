/*
 * components.h — GOV.UK Frontend components written with template.h, and
 * the few cwyn pieces several pages share (long dates, contacts). Labels
 * and hints are msgids, translated into the page's language here.
 */
#ifndef CWYN_WEB_PAGES_COMPONENTS_H
#define CWYN_WEB_PAGES_COMPONENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "core/policy.h"
#include "web/template.h"

struct gv_error {
	const char *field_id; /* the input the summary links to */
	const char *msgid;    /* what went wrong and how to fix it */
};

void gv_error_summary(struct html *h, const struct gv_error *e, size_t n);

struct gv_option {
	const char *value;
	const char *label;  /* msgid */
	const char *hint;   /* msgid or NULL */
};

/*
 * Radios in a fieldset. With as_heading the legend is the page's <h1>.
 * error (msgid) shows the inline error; selected may be NULL.
 */
void gv_radios(struct html *h, const char *name, const char *legend,
               bool as_heading, const char *hint, const struct gv_option *opts,
               size_t n, const char *selected, const char *error);

/* Day, month and year fields named name-day, name-month, name-year. bad_*
 * say which fields get the error border. */
struct gv_date_value {
	const char *day, *month, *year;
	bool bad_day, bad_month, bad_year;
};
void gv_date_input(struct html *h, const char *name, const char *legend,
                   const char *hint, const struct gv_date_value *v,
                   const char *error);

void gv_text_input(struct html *h, const char *name, const char *label,
                   const char *hint, const char *value, const char *error,
                   const char *width_class, bool numeric);

void gv_hidden(struct html *h, const char *name, const char *value);
void gv_button(struct html *h, const char *label);
void gv_start_button(struct html *h, const char *href, const char *label);

/* "Tuesday 12 January 2027" / "Dydd Mawrth 12 Ionawr 2027": a date that
 * stands alone (a table cell, a summary value, the start of a list item). */
char *gv_long_date(struct arena *a, enum language lang, cwyn_day d);

/*
 * The same date put inside a sentence. English is exactly gv_long_date's;
 * Welsh writes the weekday's "dydd" as the middle of a sentence wants it:
 *   gv_long_date_inline: lower case, for "by %s" / "erbyn %s", "is %s" /
 *     "yw %s" and any other place without a mutation ("erbyn dydd Mawrth
 *     12 Ionawr 2027");
 *   gv_long_date_on: after "on" / "ar", which takes the soft mutation
 *     ("ar ddydd Mawrth 12 Ionawr 2027"). Use it only where the Welsh
 *     msgstr has "ar %s".
 */
char *gv_long_date_inline(struct arena *a, enum language lang, cwyn_day d);
char *gv_long_date_on(struct arena *a, enum language lang, cwyn_day d);

/* A contact from the policy: name as a heading, description, phone
 * (tel: link), freephone, email, web, address. Placeholders the authority
 * has not filled in yet say to ask the council instead. */
void gv_contact(struct html *h, const struct policy_contact *c);

#endif
