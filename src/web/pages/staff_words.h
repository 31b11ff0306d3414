/*
 * staff_words.h — the stored names of routes, verdicts, subjects, agencies,
 * clock states and timeline events as words for people, in the page's
 * language, and the small pieces of markup several staff pages share
 * (status tags, a case row, dates).
 */
#ifndef CWYN_WEB_PAGES_STAFF_WORDS_H
#define CWYN_WEB_PAGES_STAFF_WORDS_H

#include <stdbool.h>

#include "core/date.h"
#include "core/language.h"
#include "store/store.h"
#include "web/template.h"

/* Each returns the stored name itself when it is not one cwyn knows, and
 * "-" for NULL. */
const char *staff_route_text(enum language lang, const char *route);
const char *staff_verdict_text(enum language lang, const char *verdict);
const char *staff_subject_text(enum language lang, const char *subject);
const char *staff_agency_text(enum language lang, const char *agency);
const char *staff_clock_state_text(enum language lang, const char *state);
const char *staff_event_text(enum language lang, const char *kind);
const char *staff_relationship_text(enum language lang, const char *rel);
const char *staff_channel_text(enum language lang, const char *channel);
const char *staff_contact_text(enum language lang, const char *pref);
const char *staff_yes_no(enum language lang, bool v);

/* s with its first letter a capital (labels start lower case so they can
 * sit inside sentences; links and headings start with a capital). */
const char *staff_cap(struct arena *a, const char *s);

/* "Tuesday 12 January 2027" in the page language ("-" for none). */
const char *staff_date(struct html *h, cwyn_day d);

/*
 * The same date inside a sentence (components.h says why Welsh differs):
 * staff_date_inline for "is %s" / "yw dydd Mawrth", "due %s" / "erbyn
 * dydd Mawrth"; staff_date_mutated after the words that take the soft
 * mutation ("ar", "o", "i": "ar ddydd Mawrth", "o ddydd Llun i ddydd
 * Mercher").
 */
const char *staff_date_inline(struct html *h, cwyn_day d);
const char *staff_date_mutated(struct html *h, cwyn_day d);

/* A GOV.UK tag for a case's status: open (blue) or closed (grey). */
void staff_status_tag(struct html *h, const char *status);

/* A table of cases (reference link, received, route, status, alert). */
void staff_case_table(struct html *h, const char *caption_msgid,
                      const struct store_case *rows, size_t n);

#endif
