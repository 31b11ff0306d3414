/*
 * i18n.h — translated text for every user-facing string.
 *
 * Strings are marked in the source with _("...") (translate now) or
 * N_("...") (a table entry, translated where it is shown), extracted by
 * xgettext into po/cwyn.pot and translated in po/cy.po. The build compiles
 * po/cy.po to a .mo catalogue; this module reads that catalogue once at
 * start-up and then answers lookups for any language without touching the
 * process locale, so one server thread can answer in Welsh while the next
 * answers in English.
 */
#ifndef CWYN_I18N_H
#define CWYN_I18N_H

#include <stdbool.h>

#include "core/error.h"
#include "core/language.h"

/*
 * Load the Welsh catalogue. With path NULL, looks in $CWYN_LOCALEDIR, then
 * the build tree, then the install prefix. Safe to call more than once;
 * later calls are ignored. Missing catalogue = CWYN_ENOTFOUND (English still
 * works; callers decide whether that is fatal).
 */
enum cwyn_code i18n_init(const char *mo_path, struct cwyn_error *err);

/* Release the catalogue (for leak checkers at exit). */
void i18n_shutdown(void);

/* The translation of msgid in lang, or msgid itself when there is none. */
const char *i18n_tr(enum language lang, const char *msgid)
    __attribute__((format_arg(2)));

/* Does the Welsh catalogue have msgid? (tests: no string untranslated) */
bool i18n_has(const char *msgid);

/* The language _() translates into on this thread (default English). */
void i18n_set_thread_language(enum language lang);
enum language i18n_thread_language(void);

#define _(s) i18n_tr(i18n_thread_language(), (s))
#define N_(s) (s)

#endif
