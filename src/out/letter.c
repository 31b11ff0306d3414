/*
 * letter.c — the letter kinds, languages and outcomes by name, long-form
 * dates in English and Welsh, what each kind must be given, and the render
 * entry point that builds the document and hands it to a back-end.
 */
#include "letter_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[LETTER_KIND__MAX] = {
	"acknowledgement",        /* LETTER_ACKNOWLEDGEMENT */
	"stage1_resolution",      /* LETTER_STAGE1_RESOLUTION */
	"stage2_acknowledgement", /* LETTER_STAGE2_ACKNOWLEDGEMENT */
	"stage2_response",        /* LETTER_STAGE2_RESPONSE */
	"chair_response",         /* LETTER_CHAIR_RESPONSE */
	"referral_agency",        /* LETTER_REFERRAL_AGENCY */
	"referral_complainant",   /* LETTER_REFERRAL_COMPLAINANT */
	"exclusion_court",        /* LETTER_EXCLUSION_COURT */
	"final_response",         /* LETTER_FINAL_RESPONSE */
	"extension",              /* LETTER_EXTENSION */
};

static const char *const lang_names[LETTER_LANG__MAX] = {
	"en",   /* LETTER_LANG_EN */
	"cy",   /* LETTER_LANG_CY */
	"both", /* LETTER_LANG_BOTH */
};

static const char *const format_names[LETTER_FORMAT__MAX] = {
	"html", /* LETTER_HTML */
	"pdf",  /* LETTER_PDF */
};

static const char *const outcome_names[OUTCOME__MAX] = {
	"none",          /* OUTCOME_NONE */
	"upheld",        /* OUTCOME_UPHELD */
	"partly_upheld", /* OUTCOME_PARTLY_UPHELD */
	"not_upheld",    /* OUTCOME_NOT_UPHELD */
	"resolved",      /* OUTCOME_RESOLVED */
	"withdrawn",     /* OUTCOME_WITHDRAWN */
};

static const char *name_of(const char *const *names, size_t n, unsigned i)
{
	return i < n ? names[i] : "?";
}

static bool find(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s != NULL && i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = (int)i;
			return true;
		}
	}
	return false;
}

#define NAMES(fn, type, table, max)                                          \
	const char *fn##_name(type v)                                        \
	{                                                                    \
		return name_of(table, max, (unsigned)v);                     \
	}                                                                    \
	bool fn##_from_name(const char *s, type *out)                        \
	{                                                                    \
		int i;                                                       \
		if (!find(table, max, s, &i))                                \
			return false;                                        \
		*out = (type)i;                                              \
		return true;                                                 \
	}
NAMES(letter_kind, enum letter_kind, kind_names, LETTER_KIND__MAX)
NAMES(letter_lang, enum letter_lang, lang_names, LETTER_LANG__MAX)
NAMES(letter_format, enum letter_format, format_names, LETTER_FORMAT__MAX)
NAMES(letter_outcome, enum letter_outcome, outcome_names, OUTCOME__MAX)
#undef NAMES

enum letter_lang letter_lang_for_case(bool language_known, enum language l)
{
	if (!language_known)
		return LETTER_LANG_BOTH; /* §6.2.5: unknown → a Welsh version too */
	return l == LANG_CY ? LETTER_LANG_CY : LETTER_LANG_EN;
}

void letter_data_init(struct letter_data *d)
{
	memset(d, 0, sizeof *d);
	d->letter_date = CWYN_DAY_NONE;
	d->received = CWYN_DAY_NONE;
	d->acknowledged = CWYN_DAY_NONE;
	d->discussion_due = CWYN_DAY_NONE;
	d->resolved = CWYN_DAY_NONE;
	d->stage2_requested = CWYN_DAY_NONE;
	d->response_due = CWYN_DAY_NONE;
	d->conference_held = CWYN_DAY_NONE;
	d->minutes_sent = CWYN_DAY_NONE;
	d->extension.agreed_on = CWYN_DAY_NONE;
	d->extension.old_due = CWYN_DAY_NONE;
	d->extension.new_due = CWYN_DAY_NONE;
}

static const char *const months[LANG__MAX][12] = {
	{"January", "February", "March", "April", "May", "June", "July",
	 "August", "September", "October", "November", "December"},
	{"Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
	 "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"},
};

char *letter_date_long(cwyn_day d, enum language lang,
                       char buf[LETTER_DATE_MAX])
{
	if (d == CWYN_DAY_NONE) {
		buf[0] = '\0';
		return buf;
	}
	int y, m, dd;
	date_to_ymd(d, &y, &m, &dd);
	if ((unsigned)lang >= LANG__MAX)
		lang = LANG_EN;
	snprintf(buf, LETTER_DATE_MAX, "%d %s %d", dd, months[lang][m - 1], y);
	return buf;
}

static bool empty(const char *s)
{
	if (s == NULL)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

#define NEED_TEXT(s, field, why)                                             \
	do {                                                                 \
		if (empty(s))                                                \
			return cwyn_fail(err, CWYN_EINVAL, field, why);      \
	} while (0)
#define NEED_DATE(x, field, why)                                             \
	do {                                                                 \
		if ((x) == CWYN_DAY_NONE)                                    \
			return cwyn_fail(err, CWYN_EINVAL, field, why);      \
	} while (0)

enum cwyn_code letter_check(enum letter_kind kind, const struct letter_data *d,
                            struct cwyn_error *err)
{
	if ((unsigned)kind >= LETTER_KIND__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "kind", "unknown letter kind");
	if (d->policy == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "policy",
		                 "a letter needs the policy for its contacts "
		                 "and timescales");
	NEED_TEXT(letter_text(&d->authority_name, LANG_EN), "authority.name",
	          "every letter must say which council sends it");
	NEED_TEXT(d->reference, "reference",
	          "every letter must give the case reference");
	NEED_DATE(d->letter_date, "dates.letter", "every letter must be dated");
	for (size_t i = 0; i < d->n_matters; i++)
		if ((unsigned)d->matters[i].route >= ROUTE__MAX ||
		    (unsigned)d->matters[i].outcome >= OUTCOME__MAX)
			return cwyn_fail(err, CWYN_EINVAL, "matters",
			                 "matter %zu has an unknown route or "
			                 "outcome", i + 1);
	if ((unsigned)d->outcome >= OUTCOME__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "outcome", "unknown outcome");
	if (kind == LETTER_REFERRAL_AGENCY) {
		NEED_TEXT(d->agency_name, "agency.name",
		          "a referral letter must name the agency it goes to");
	} else {
		NEED_TEXT(d->complainant_name, "complainant.name",
		          "the letter must be addressed to the complainant");
	}
	switch (kind) {
	case LETTER_ACKNOWLEDGEMENT:
		NEED_DATE(d->received, "dates.received",
		          "an acknowledgement must say when the complaint was "
		          "received");
		break;
	case LETTER_STAGE1_RESOLUTION:
		NEED_TEXT(d->resolution_terms, "resolution_terms",
		          "the Stage 1 letter must set out the terms of the "
		          "resolution (reg 16)");
		break;
	case LETTER_STAGE2_ACKNOWLEDGEMENT:
		NEED_DATE(d->stage2_requested, "dates.stage2_requested",
		          "the Stage 2 acknowledgement must say when "
		          "Stage 2 was requested");
		NEED_DATE(d->response_due, "dates.response_due",
		          "the Stage 2 acknowledgement must say when the "
		          "response is due");
		break;
	case LETTER_STAGE2_RESPONSE:
	case LETTER_CHAIR_RESPONSE:
	case LETTER_FINAL_RESPONSE:
		if (d->outcome == OUTCOME_NONE && empty(d->outcome_detail))
			return cwyn_fail(err, CWYN_EINVAL, "outcome",
			                 "a response must give the outcome");
		break;
	case LETTER_REFERRAL_AGENCY:
	case LETTER_REFERRAL_COMPLAINANT:
		NEED_TEXT(d->agency_name, "agency.name",
		          "a referral letter must name the agency");
		break;
	case LETTER_EXCLUSION_COURT:
		/* The Ombudsman has criticised refusals that did not show
		 * how looking at the complaint would prejudice the
		 * proceedings (procedure.md 1.4.4, decision 5). */
		NEED_TEXT(d->exclusion_reason, "exclusion_reason",
		          "an exclusion letter must explain why the matter "
		          "cannot be considered (how it would prejudice the "
		          "court proceedings, or that the court has dealt "
		          "with it)");
		break;
	case LETTER_EXTENSION:
		NEED_TEXT(d->extension.step, "extension.step",
		          "the extension letter must say what was extended");
		NEED_TEXT(d->extension.agreed_with, "extension.agreed_with",
		          "the extension letter must say with whom it was "
		          "agreed");
		NEED_DATE(d->extension.agreed_on, "extension.agreed_on",
		          "the extension letter must say when it was agreed");
		NEED_TEXT(d->extension.reason, "extension.reason",
		          "the extension letter must say why (exceptional "
		          "circumstances)");
		NEED_DATE(d->extension.new_due, "extension.new_due",
		          "the extension letter must give the new date");
		if (d->extension.old_due != CWYN_DAY_NONE &&
		    d->extension.new_due <= d->extension.old_due)
			return cwyn_fail(err, CWYN_EINVAL, "extension.new_due",
			                 "the new date must be after the "
			                 "original one");
		break;
	case LETTER_KIND__MAX:
		break;
	}
	return CWYN_OK;
}

enum cwyn_code letter_render(const struct letter_templates *t,
                             enum letter_kind kind, enum letter_lang lang,
                             enum letter_format format,
                             const struct letter_data *d, struct arena *ar,
                             struct letter_output *out,
                             struct cwyn_error *err)
{
	memset(out, 0, sizeof *out);
	enum cwyn_code rc = letter_check(kind, d, err);
	if (rc != CWYN_OK)
		return rc;
	if ((unsigned)lang >= LETTER_LANG__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "lang",
		                 "language must be en, cy or both");
	struct letter_doc doc;
	rc = letter_doc_build(t, kind, lang, d, ar, &doc, err);
	if (rc != CWYN_OK)
		return rc;
	switch (format) {
	case LETTER_HTML: return letter_html(&doc, ar, out, err);
	case LETTER_PDF: return letter_pdf(&doc, ar, out, err);
	case LETTER_FORMAT__MAX: break;
	}
	return cwyn_fail(err, CWYN_EINVAL, "format", "format must be html or pdf");
}
