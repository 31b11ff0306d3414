/*
 * letter.h — the letters cwyn sends: acknowledgements, stage responses,
 * referrals, exclusions, final responses and extension agreements, in
 * English, Welsh or both (Welsh first), as HTML or as A4 PDF.
 *
 * Wording lives in templates (templates/letters/{en,cy}/KIND.tmpl, see
 * docs/letters.md) that an administrator may override per authority in
 * var/templates/<authority_code>/{en,cy}/KIND.tmpl. Templates are loaded and
 * checked once at start; a template with an unknown field is refused with
 * its file and line, so a typo never reaches a complainant.
 *
 * What a letter says comes from a plain struct letter_data, so rendering is
 * pure: the same data and templates always give the same letter. The
 * letterhead, the date and reference lines, page numbers and the statement
 * that Welsh is welcome (Welsh Language Standards, procedure.md §6.2.7) are
 * added by the renderer, so no edited template can drop them.
 */
#ifndef CWYN_OUT_LETTER_H
#define CWYN_OUT_LETTER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "core/language.h"
#include "core/policy.h"
#include "core/triage.h"

enum letter_kind {
	LETTER_ACKNOWLEDGEMENT = 0,   /* reg 15: details, help, right to Stage 2 */
	LETTER_STAGE1_RESOLUTION,     /* reg 16(5): terms of the resolution */
	LETTER_STAGE2_ACKNOWLEDGEMENT,/* formal investigation requested */
	LETTER_STAGE2_RESPONSE,       /* the council's response, with PSOW */
	LETTER_CHAIR_RESPONSE,        /* conference chair's response */
	LETTER_REFERRAL_AGENCY,       /* to the other agency */
	LETTER_REFERRAL_COMPLAINANT,  /* to the complainant: where it went */
	LETTER_EXCLUSION_COURT,       /* court matters: why, and where to go */
	LETTER_FINAL_RESPONSE,        /* end of the procedure, with PSOW */
	LETTER_EXTENSION,             /* an agreed extension, recorded */
	LETTER_KIND__MAX
};

/* Which language(s) a letter is written in. */
enum letter_lang {
	LETTER_LANG_EN = 0,
	LETTER_LANG_CY,
	LETTER_LANG_BOTH, /* Welsh first, then English */
	LETTER_LANG__MAX
};

enum letter_format { LETTER_HTML = 0, LETTER_PDF, LETTER_FORMAT__MAX };

enum letter_outcome {
	OUTCOME_NONE = 0,
	OUTCOME_UPHELD,
	OUTCOME_PARTLY_UPHELD,
	OUTCOME_NOT_UPHELD,
	OUTCOME_RESOLVED,       /* resolved to the complainant's satisfaction */
	OUTCOME_WITHDRAWN,
	OUTCOME__MAX
};

struct letter_matter {
	const char *summary;     /* the matter as recorded */
	enum route route;
	const char *agency_name; /* ROUTE_OTHER_AGENCY: where it went */
	enum letter_outcome outcome;
	const char *finding;     /* what was found or done */
	cwyn_day due;            /* this matter's next deadline, or NONE */
};

/* An agreed extension (reg 16(4): exceptional, and agreed). */
struct letter_extension {
	const char *step;        /* what was extended, e.g. "the discussion" */
	const char *agreed_with; /* whom with */
	cwyn_day agreed_on;
	const char *reason;      /* why */
	cwyn_day old_due;
	cwyn_day new_due;
};

/*
 * Everything a letter can say. Texts are UTF-8 and may be NULL; multi-line
 * texts (addresses) use \n. Dates are CWYN_DAY_NONE when not known.
 * Authority texts come in both languages; a missing Welsh text falls back
 * to the English one.
 */
struct letter_data {
	const char *authority_code;          /* for the override directory */
	struct policy_text authority_name;
	struct policy_text authority_address;
	const char *complainant_name;
	const char *complainant_address;
	const char *reference;
	const char *officer_name;
	struct policy_text officer_title;    /* default: complaints officer */
	const char *chair_name;              /* conference chair */
	cwyn_day letter_date;
	cwyn_day received;
	cwyn_day acknowledged;
	cwyn_day discussion_due;
	cwyn_day resolved;
	cwyn_day stage2_requested;
	cwyn_day response_due;
	cwyn_day conference_held;
	cwyn_day minutes_sent;
	size_t n_matters;
	const struct letter_matter *matters;
	enum letter_outcome outcome;
	const char *outcome_detail;
	const char *resolution_terms;        /* Stage 1 resolution */
	const char *agency_name;             /* referral */
	const char *agency_address;
	const char *exclusion_reason;        /* why: required for exclusions */
	struct letter_extension extension;
	const struct policy *policy;         /* contacts and timescales */
};

/* Neutral defaults: dates NONE, everything else empty. */
void letter_data_init(struct letter_data *d);

/* A complete example (used by `cwyn letter render` without --data, the
 * tests and the benchmark). Points at static strings and at p. */
void letter_data_sample(struct letter_data *d, const struct policy *p);

/*
 * The letter language for a case (procedure.md §6.2.2 and §6.2.5): the
 * recorded preference, or both languages when it is not known.
 */
enum letter_lang letter_lang_for_case(bool language_known, enum language l);

/* Stable names: "acknowledgement", "both", "html", "partly_upheld". */
const char *letter_kind_name(enum letter_kind k);
const char *letter_lang_name(enum letter_lang l);
const char *letter_format_name(enum letter_format f);
const char *letter_outcome_name(enum letter_outcome o);
bool letter_kind_from_name(const char *s, enum letter_kind *out);
bool letter_lang_from_name(const char *s, enum letter_lang *out);
bool letter_format_from_name(const char *s, enum letter_format *out);
bool letter_outcome_from_name(const char *s, enum letter_outcome *out);

/*
 * "12 January 2027" / "12 Ionawr 2027" into buf (at least
 * LETTER_DATE_MAX bytes); returns buf.
 */
#define LETTER_DATE_MAX 32
char *letter_date_long(cwyn_day d, enum language lang,
                       char buf[LETTER_DATE_MAX]);

/* ---- Templates ---------------------------------------------------------- */

struct letter_templates;

/*
 * Load and check every template. For each kind and language the file in
 * override_dir (may be NULL) is used when it exists, else the one in
 * defaults_dir (NULL: templates/letters under $CWYN_SOURCE_ROOT or the
 * source tree). A refused template names its file and line; nothing is
 * returned then.
 */
enum cwyn_code letter_templates_load(const char *defaults_dir,
                                     const char *override_dir,
                                     struct letter_templates **out,
                                     struct cwyn_error *err);
void letter_templates_free(struct letter_templates *t);

/* Where kind/lang was loaded from (for `cwyn letter list-kinds`). */
const char *letter_template_path(const struct letter_templates *t,
                                 enum letter_kind k, enum language l);

/*
 * The override directory of an authority: "<var_dir>/templates/<code>".
 * The code must be lower-case letters, digits and '-' (it becomes part of
 * a path). Allocated from ar.
 */
enum cwyn_code letter_override_dir(const char *var_dir, const char *code,
                                   struct arena *ar, const char **out,
                                   struct cwyn_error *err);

/* ---- Rendering ---------------------------------------------------------- */

struct letter_output {
	const char *subject;      /* plain text; "Welsh / English" when both */
	const unsigned char *data;/* the document, in the arena */
	size_t len;
};

/*
 * Check the data has what this kind of letter must say (the exclusion
 * letter must give its reason; the extension letter what, with whom,
 * when, why and the new date; referrals the agency). Names the field.
 */
enum cwyn_code letter_check(enum letter_kind kind, const struct letter_data *d,
                            struct cwyn_error *err);

/*
 * Render a letter (letter_check first). HTML is a complete, self-contained
 * document; PDF is A4 with the fonts embedded. Everything is allocated from
 * ar.
 */
enum cwyn_code letter_render(const struct letter_templates *t,
                             enum letter_kind kind, enum letter_lang lang,
                             enum letter_format format,
                             const struct letter_data *d, struct arena *ar,
                             struct letter_output *out,
                             struct cwyn_error *err);

/*
 * PDF rendering keeps the fonts it has loaded (per thread) so the next
 * letter is fast. Release them at exit, so leak checkers see a clean end;
 * call only when no other thread is rendering.
 */
void letter_shutdown(void);

#endif
