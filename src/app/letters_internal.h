/*
 * letters_internal.h — what the letters use cases (letters*.c) share, and
 * the hooks the workflow calls to write its letters (advance.c, extend.c,
 * intake.c).
 *
 * out/letter.h and core/lifecycle.h (through app.h) both call their
 * outcome enumerators OUTCOME_*, so the two cannot meet in one file as
 * they are. Here letter.h's are renamed LETTER_OUTCOME_* for the files
 * of src/app that include this header; the values, and so the ABI, are
 * the same. (Renaming them in letter.h itself would be the lasting fix.)
 */
#ifndef CWYN_APP_LETTERS_INTERNAL_H
#define CWYN_APP_LETTERS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app_internal.h"

#define OUTCOME_NONE LETTER_OUTCOME_NONE
#define OUTCOME_UPHELD LETTER_OUTCOME_UPHELD
#define OUTCOME_PARTLY_UPHELD LETTER_OUTCOME_PARTLY_UPHELD
#define OUTCOME_NOT_UPHELD LETTER_OUTCOME_NOT_UPHELD
#define OUTCOME_RESOLVED LETTER_OUTCOME_RESOLVED
#define OUTCOME_WITHDRAWN LETTER_OUTCOME_WITHDRAWN
#define OUTCOME__MAX LETTER_OUTCOME__MAX
#include "out/letter.h"
#undef OUTCOME_NONE
#undef OUTCOME_UPHELD
#undef OUTCOME_PARTLY_UPHELD
#undef OUTCOME_NOT_UPHELD
#undef OUTCOME_RESOLVED
#undef OUTCOME_WITHDRAWN
#undef OUTCOME__MAX

#include "store/store_letters.h"

/* ---- Hooks: the letters a step of the workflow writes ------------------- */

/*
 * Each hook runs inside its use case's transaction, after the step has
 * been written and before its audit entry, and adds to that entry
 * ("letters": [{"id", "kind"}], "letters_pending": [...]). A letter that
 * cannot be stored or rendered fails the hook, and the use case rolls
 * back with it. A letter whose content the step did not supply (the terms
 * of a Stage 1 resolution, a response's outcome) is not invented: a
 * "letter.pending" event on the timeline says which letter and what it
 * needs, and app_letter_create writes it once staff give it.
 */

/* After a lifecycle action on matter m (from_kind: the stage it was on). */
enum cwyn_code app_letters_after_advance(const struct app_ctx *ctx,
                                         const struct store_case *c,
                                         const struct store_matter *m,
                                         const char *from_kind,
                                         const struct app_advance *in,
                                         enum outcome outcome, cwyn_day on,
                                         json_t *audit,
                                         struct cwyn_error *err);

/* After an extension e of clock k was recorded. */
enum cwyn_code app_letters_after_extend(const struct app_ctx *ctx,
                                        const struct store_case *c,
                                        const struct store_clock *k,
                                        const struct store_extension *e,
                                        json_t *audit,
                                        struct cwyn_error *err);

/*
 * After a complaint became case c. language_given: the intake named the
 * complainant's language (or the facts did); when neither did, a
 * "language.unknown" event makes every letter of the case bilingual.
 */
enum cwyn_code app_letters_after_intake(const struct app_ctx *ctx,
                                        const struct store_case *c,
                                        bool language_given, json_t *audit,
                                        struct cwyn_error *err);

/* ---- Building a letter from the case (letters_data.c) ------------------- */

/* Everything about a case a letter may draw on, loaded once. */
struct letters_case {
	struct store_case c;
	struct store_authority authority;
	struct store_complainant *people;
	size_t n_people;
	struct store_matter *matters;
	size_t n_matters;
	struct store_stage *stages;
	size_t n_stages;
	struct store_clock *clocks;
	size_t n_clocks;
	struct store_extension *extensions;
	size_t n_extensions;
	struct store_event *events;
	size_t n_events;
	struct facts facts;       /* the stored facts (dates, courts) */
	bool have_facts;
	bool language_known;      /* no "language.unknown" event */
};

enum cwyn_code letters_load_case(const struct app_ctx *ctx,
                                 const struct store_case *c, struct arena *ar,
                                 struct letters_case *out,
                                 struct cwyn_error *err);

struct letters_request {
	enum letter_kind kind;
	int matter_seq;           /* 0: every matter of the case */
	const char *extra;        /* staff's words: terms, outcome, reason */
	enum outcome outcome;     /* the step's; OUTCOME_NONE: the stage's */
	cwyn_day on;              /* the letter's date */
	int64_t extension_id;     /* extension letters: which; 0: the latest */
};

/* The letter's data and language from the case. The data points into ar
 * and lc. Checks nothing (letter_check does). */
enum cwyn_code letters_build(const struct app_ctx *ctx,
                             const struct letters_case *lc,
                             const struct letters_request *rq,
                             struct arena *ar, struct letter_data *d,
                             enum letter_lang *lang, struct cwyn_error *err);

/* ---- The stored data (letters_json.c) ----------------------------------- */

/* letter_data as the JSON of docs/letters.md (`cwyn letter render
 * --data` reads it too). NULL when out of memory. */
json_t *letters_data_to_json(const struct letter_data *d,
                             enum letter_lang lang);

/* Back again; strings point into root or ar. policy is set by the
 * caller. */
enum cwyn_code letters_data_from_json(json_t *root, struct arena *ar,
                                      struct letter_data *d,
                                      struct cwyn_error *err);

/* ---- Templates (letters_admin.c) ---------------------------------------- */

/* The authority's templates: its overrides over the shipped defaults. */
enum cwyn_code letters_templates_for(const char *authority_code,
                                     struct arena *ar,
                                     struct letter_templates **out,
                                     struct cwyn_error *err);

/* ---- E-mail (letters_mail.c) -------------------------------------------- */

/* The letter's HTML as plain text for the e-mail's text part. */
char *letters_html_to_text(const char *html, struct arena *ar);

/*
 * Queue the letter for the complainant when they prefer e-mail and have
 * an address (once: the dedupe key is "letter:<id>"). *outbox_id is 0
 * when nothing was queued.
 */
enum cwyn_code letters_queue_mail(const struct app_ctx *ctx,
                                  const struct letters_case *lc,
                                  int64_t letter_id, const char *subject,
                                  const char *html, int64_t *outbox_id,
                                  struct cwyn_error *err);

#endif
