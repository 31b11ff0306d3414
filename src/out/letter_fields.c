/*
 * letter_fields.c — the fields a letter template may use, how each gets
 * its text from struct letter_data in the letter's language, and the fixed
 * texts the renderer adds (labels, page numbers, the Welsh welcome).
 *
 * Adding a field: add it to the enum and the table of its scope, and a case
 * in the lookup. Templates using a field not in these tables are refused
 * when they are loaded.
 */
#include "letter_internal.h"

#include <stdio.h>
#include <string.h>

/* ---- Schema --------------------------------------------------------------- */

enum letter_field {
	LF_AUTHORITY_NAME = 0,
	LF_AUTHORITY_ADDRESS,
	LF_COMPLAINANT_NAME,
	LF_COMPLAINANT_ADDRESS,
	LF_REFERENCE,
	LF_OFFICER_NAME,
	LF_OFFICER_TITLE,
	LF_CHAIR_NAME,
	LF_LETTER_DATE,
	LF_RECEIVED,
	LF_ACKNOWLEDGED,
	LF_DISCUSSION_DUE,
	LF_RESOLVED,
	LF_STAGE2_REQUESTED,
	LF_RESPONSE_DUE,
	LF_CONFERENCE_HELD,
	LF_MINUTES_SENT,
	LF_MATTERS,
	LF_OUTCOME,
	LF_OUTCOME_DETAIL,
	LF_RESOLUTION_TERMS,
	LF_AGENCY_NAME,
	LF_AGENCY_ADDRESS,
	LF_EXCLUSION_REASON,
	LF_EXTENSION_STEP,
	LF_EXTENSION_AGREED_WITH,
	LF_EXTENSION_AGREED_ON,
	LF_EXTENSION_REASON,
	LF_EXTENSION_OLD_DUE,
	LF_EXTENSION_NEW_DUE,
	LF_PERIOD_ACK,
	LF_PERIOD_S1_DISCUSSION,
	LF_PERIOD_S1_LETTER,
	LF_PERIOD_S2_RESPONSE,
	LF_PERIOD_CONF_COMPLAINT,
	LF_PERIOD_CHAIR_RESOLVE,
	LF_PERIOD_PSOW_TIME_LIMIT,
	LF_CONTACT_FIRST, /* then one object per enum contact_id */
	LF__MAX = LF_CONTACT_FIRST + CONTACT_ID__MAX
};

#define TEXT(n) {n, TMPL_TEXT, 0}
static const struct tmpl_field_def letter_fields[LF__MAX] = {
	TEXT("authority_name"),
	TEXT("authority_address"),
	TEXT("complainant_name"),
	TEXT("complainant_address"),
	TEXT("reference"),
	TEXT("officer_name"),
	TEXT("officer_title"),
	TEXT("chair_name"),
	TEXT("letter_date"),
	TEXT("received"),
	TEXT("acknowledged"),
	TEXT("discussion_due"),
	TEXT("resolved"),
	TEXT("stage2_requested"),
	TEXT("response_due"),
	TEXT("conference_held"),
	TEXT("minutes_sent"),
	{"matters", TMPL_LIST, SCOPE_MATTER},
	TEXT("outcome"),
	TEXT("outcome_detail"),
	TEXT("resolution_terms"),
	TEXT("agency_name"),
	TEXT("agency_address"),
	TEXT("exclusion_reason"),
	TEXT("extension_step"),
	TEXT("extension_agreed_with"),
	TEXT("extension_agreed_on"),
	TEXT("extension_reason"),
	TEXT("extension_old_due"),
	TEXT("extension_new_due"),
	TEXT("period_ack"),
	TEXT("period_s1_discussion"),
	TEXT("period_s1_letter"),
	TEXT("period_s2_response"),
	TEXT("period_conf_complaint"),
	TEXT("period_chair_resolve"),
	TEXT("period_psow_time_limit"),
	/* Contacts, named as in policy files (contact_id_name). */
	{"frg", TMPL_OBJECT, SCOPE_CONTACT},
	{"ccfw", TMPL_OBJECT, SCOPE_CONTACT},
	{"psow", TMPL_OBJECT, SCOPE_CONTACT},
	{"advocacy", TMPL_OBJECT, SCOPE_CONTACT},
	{"cro", TMPL_OBJECT, SCOPE_CONTACT},
	{"complaints_officer", TMPL_OBJECT, SCOPE_CONTACT},
	{"legal_advice", TMPL_OBJECT, SCOPE_CONTACT},
	{"duty_team", TMPL_OBJECT, SCOPE_CONTACT},
	{"emergency", TMPL_OBJECT, SCOPE_CONTACT},
	{"safeguarding_board", TMPL_OBJECT, SCOPE_CONTACT},
};
_Static_assert(CONTACT_ID__MAX == 10, "add the new contact to letter_fields");

enum matter_field {
	MF_NUMBER = 0,
	MF_SUMMARY,
	MF_ROUTE,
	MF_AGENCY_NAME,
	MF_OUTCOME,
	MF_FINDING,
	MF_DUE,
	MF_IS_COUNCIL,      /* Stage 1 or 2 of the council's procedure */
	MF_IS_CONFERENCE,   /* the chair or the Safeguarding Board panel */
	MF_IS_OTHER_AGENCY,
	MF_IS_COURT,        /* excluded because of court proceedings */
	MF__MAX
};

static const struct tmpl_field_def matter_fields[MF__MAX] = {
	TEXT("number"),
	TEXT("summary"),
	TEXT("route"),
	TEXT("agency_name"),
	TEXT("outcome"),
	TEXT("finding"),
	TEXT("due"),
	TEXT("is_council"),
	TEXT("is_conference"),
	TEXT("is_other_agency"),
	TEXT("is_court"),
};

enum contact_field {
	CF_NAME = 0,
	CF_DESCRIPTION,
	CF_PHONE,
	CF_PHONE_FREE,
	CF_EMAIL,
	CF_WEB,
	CF_ADDRESS,
	CF__MAX
};

static const struct tmpl_field_def contact_fields[CF__MAX] = {
	TEXT("name"),
	TEXT("description"),
	TEXT("phone"),
	TEXT("phone_free"),
	TEXT("email"),
	TEXT("web"),
	TEXT("address"),
};
#undef TEXT

static const struct tmpl_scope_def letter_scopes[SCOPE__MAX] = {
	{"letter", letter_fields, LF__MAX},   /* SCOPE_LETTER */
	{"matter", matter_fields, MF__MAX},   /* SCOPE_MATTER */
	{"contact", contact_fields, CF__MAX}, /* SCOPE_CONTACT */
};

const struct tmpl_schema letter_schema = {letter_scopes, SCOPE__MAX,
                                          SCOPE_LETTER};

/* ---- Texts in both languages -------------------------------------------- */

static const char *const labels[LBL__MAX][LANG__MAX] = {
	{"Date", "Dyddiad"},                       /* LBL_DATE */
	{"Our reference", "Ein cyfeirnod"},        /* LBL_OUR_REFERENCE */
	{"Page %d of %d", "Tudalen %d o %d"},      /* LBL_PAGE_OF */
	{"We welcome correspondence in Welsh. We will reply in Welsh, and "
	 "writing to us in Welsh will not lead to any delay.",
	 "Rydym yn croesawu gohebiaeth yn Gymraeg. Byddwn yn ateb yn "
	 "Gymraeg, ac ni fydd ysgrifennu atom yn Gymraeg yn arwain at oedi."},
	                                           /* LBL_WELSH_WELCOME */
	{"English version", "Fersiwn Gymraeg"},    /* LBL_VERSION */
	{"Complaints Officer", "Swyddog Cwynion"}, /* LBL_OFFICER_TITLE */
};

const char *letter_label(enum letter_label l, enum language lang)
{
	return labels[l][lang];
}

const char *letter_text(const struct policy_text *t, enum language lang)
{
	if (lang == LANG_CY && t->cy != NULL && *t->cy)
		return t->cy;
	return t->en ? t->en : "";
}

/* How a matter's route reads in "... goes to <route>". */
static const char *const route_text[ROUTE__MAX][LANG__MAX] = {
	{"Stage 1 (local resolution) of our complaints procedure",
	 "Cam 1 (datrys yn lleol) ein gweithdrefn gwynion"},
	                                         /* ROUTE_COUNCIL_STAGE1 */
	{"Stage 2 (formal investigation) of our complaints procedure",
	 "Cam 2 (ymchwiliad ffurfiol) ein gweithdrefn gwynion"},
	                                         /* ROUTE_COUNCIL_STAGE2 */
	{"the chair of the child protection conference",
	 "Cadeirydd y Gynhadledd Amddiffyn Plant"},
	                                         /* ROUTE_CONFERENCE_CHAIR */
	{"the panel of the Regional Safeguarding Board",
	 "panel y Bwrdd Diogelu Rhanbarthol"},   /* ROUTE_SAFEGUARDING_PANEL */
	{"the other agency's own complaints procedure",
	 "gweithdrefn gwynion yr asiantaeth arall ei hun"},
	                                         /* ROUTE_OTHER_AGENCY */
	{"not the complaints procedure, because of court proceedings",
	 "nid y weithdrefn gwynion, oherwydd achos llys"},
	                                         /* ROUTE_EXCLUDED_COURT */
	{"the Public Services Ombudsman for Wales",
	 "Ombwdsmon Gwasanaethau Cyhoeddus Cymru"}, /* ROUTE_OMBUDSMAN */
	{"more than one route", "mwy nag un llwybr"}, /* ROUTE_SPLIT */
};

/* Outcomes read as "Outcome: <text>". Welsh uses impersonal past forms,
 * which agree with either a cwyn or a mater. */
static const char *const outcome_text[OUTCOME__MAX][LANG__MAX] = {
	{"", ""},                                   /* OUTCOME_NONE */
	{"Upheld", "Cadarnhawyd"},                  /* OUTCOME_UPHELD */
	{"Partly upheld", "Cadarnhawyd yn rhannol"},/* OUTCOME_PARTLY_UPHELD */
	{"Not upheld", "Ni chadarnhawyd"},          /* OUTCOME_NOT_UPHELD */
	{"Resolved", "Datryswyd"},                  /* OUTCOME_RESOLVED */
	{"Withdrawn", "Tynnwyd yn ôl"},             /* OUTCOME_WITHDRAWN */
};

/* "25 working days" / "25 diwrnod gwaith": Welsh keeps the noun singular
 * after a numeral. */
static const char *const unit_one[CAL_UNIT__MAX][LANG__MAX] = {
	{"%d working day", "%d diwrnod gwaith"},     /* CAL_UNIT_WORKING_DAYS */
	{"%d calendar day", "%d diwrnod calendr"},   /* CAL_UNIT_CALENDAR_DAYS */
	{"%d month", "%d mis"},                      /* CAL_UNIT_MONTHS */
};
static const char *const unit_many[CAL_UNIT__MAX][LANG__MAX] = {
	{"%d working days", "%d diwrnod gwaith"},
	{"%d calendar days", "%d diwrnod calendr"},
	{"%d months", "%d mis"},
};

static const char *period(const struct letter_data *d, enum ts_id id,
                          enum language lang, struct arena *ar)
{
	if (d->policy == NULL || !d->policy->timescales[id].defined)
		return NULL;
	const struct policy_timescale *t = &d->policy->timescales[id];
	if ((unsigned)t->unit >= CAL_UNIT__MAX)
		return NULL;
	const char *fmt = t->amount == 1 ? unit_one[t->unit][lang]
	                                 : unit_many[t->unit][lang];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return arena_printf(ar, fmt, t->amount);
#pragma GCC diagnostic pop
}

static const char *date_text(cwyn_day day, enum language lang,
                             struct arena *ar)
{
	if (day == CWYN_DAY_NONE)
		return NULL;
	char buf[LETTER_DATE_MAX];
	return arena_strdup(ar, letter_date_long(day, lang, buf));
}

/* ---- Lookup ----------------------------------------------------------- */

static bool text(struct tmpl_value *out, const char *s)
{
	out->text = s;
	return true;
}

static bool lookup_contact(const struct policy_contact *c, enum language lang,
                           int field, struct tmpl_value *out)
{
	switch ((enum contact_field)field) {
	case CF_NAME: return text(out, letter_text(&c->name, lang));
	case CF_DESCRIPTION: return text(out, letter_text(&c->description, lang));
	case CF_PHONE: return text(out, c->phone);
	case CF_PHONE_FREE: return text(out, c->phone_free);
	case CF_EMAIL: return text(out, c->email);
	case CF_WEB: return text(out, c->web);
	case CF_ADDRESS: return text(out, letter_text(&c->address, lang));
	case CF__MAX: break;
	}
	return false;
}

static bool lookup_matter(const struct letter_matter *m, size_t index,
                          enum language lang, struct arena *ar, int field,
                          struct tmpl_value *out)
{
	switch ((enum matter_field)field) {
	case MF_NUMBER:
		out->text = arena_printf(ar, "%zu", index + 1);
		return out->text != NULL;
	case MF_SUMMARY: return text(out, m->summary);
	case MF_ROUTE:
		return text(out, (unsigned)m->route < ROUTE__MAX
		                     ? route_text[m->route][lang] : NULL);
	case MF_AGENCY_NAME: return text(out, m->agency_name);
	case MF_OUTCOME:
		return text(out, (unsigned)m->outcome < OUTCOME__MAX
		                     ? outcome_text[m->outcome][lang] : NULL);
	case MF_FINDING: return text(out, m->finding);
	case MF_DUE:
		if (m->due == CWYN_DAY_NONE)
			return text(out, NULL);
		out->text = date_text(m->due, lang, ar);
		return out->text != NULL;
	/* Flags read as sections: {{#is_court}}...{{/is_court}} picks the
	 * matters a letter is about. */
	case MF_IS_COUNCIL:
		return text(out, m->route == ROUTE_COUNCIL_STAGE1 ||
		                         m->route == ROUTE_COUNCIL_STAGE2
		                     ? "1" : NULL);
	case MF_IS_CONFERENCE:
		return text(out, m->route == ROUTE_CONFERENCE_CHAIR ||
		                         m->route == ROUTE_SAFEGUARDING_PANEL
		                     ? "1" : NULL);
	case MF_IS_OTHER_AGENCY:
		return text(out, m->route == ROUTE_OTHER_AGENCY ? "1" : NULL);
	case MF_IS_COURT:
		return text(out, m->route == ROUTE_EXCLUDED_COURT ? "1" : NULL);
	case MF__MAX: break;
	}
	return false;
}

/* Dates: absent is empty, present must allocate. */
static bool date_value(struct tmpl_value *out, cwyn_day day,
                       enum language lang, struct arena *ar)
{
	if (day == CWYN_DAY_NONE)
		return text(out, NULL);
	out->text = date_text(day, lang, ar);
	return out->text != NULL;
}

static bool lookup_letter(const struct letter_data *d, enum language lang,
                          struct arena *ar, int field, struct tmpl_value *out)
{
	if (field >= LF_CONTACT_FIRST && field < LF__MAX) {
		enum contact_id id = (enum contact_id)(field - LF_CONTACT_FIRST);
		const struct policy_contact *c =
		    d->policy ? &d->policy->contacts[id] : NULL;
		/* A placeholder the authority has not filled in is absent:
		 * templates say what to do instead with {{^contact}}. */
		if (c != NULL && c->defined && c->configured) {
			out->items = c;
			out->count = 1;
		}
		return true;
	}
	switch ((enum letter_field)field) {
	case LF_AUTHORITY_NAME:
		return text(out, letter_text(&d->authority_name, lang));
	case LF_AUTHORITY_ADDRESS:
		return text(out, letter_text(&d->authority_address, lang));
	case LF_COMPLAINANT_NAME: return text(out, d->complainant_name);
	case LF_COMPLAINANT_ADDRESS: return text(out, d->complainant_address);
	case LF_REFERENCE: return text(out, d->reference);
	case LF_OFFICER_NAME: return text(out, d->officer_name);
	case LF_OFFICER_TITLE: {
		const char *t = letter_text(&d->officer_title, lang);
		return text(out, *t ? t : letter_label(LBL_OFFICER_TITLE, lang));
	}
	case LF_CHAIR_NAME: return text(out, d->chair_name);
	case LF_LETTER_DATE: return date_value(out, d->letter_date, lang, ar);
	case LF_RECEIVED: return date_value(out, d->received, lang, ar);
	case LF_ACKNOWLEDGED: return date_value(out, d->acknowledged, lang, ar);
	case LF_DISCUSSION_DUE:
		return date_value(out, d->discussion_due, lang, ar);
	case LF_RESOLVED: return date_value(out, d->resolved, lang, ar);
	case LF_STAGE2_REQUESTED:
		return date_value(out, d->stage2_requested, lang, ar);
	case LF_RESPONSE_DUE: return date_value(out, d->response_due, lang, ar);
	case LF_CONFERENCE_HELD:
		return date_value(out, d->conference_held, lang, ar);
	case LF_MINUTES_SENT: return date_value(out, d->minutes_sent, lang, ar);
	case LF_MATTERS:
		out->items = d->matters;
		out->count = d->matters ? d->n_matters : 0;
		out->stride = sizeof *d->matters;
		return true;
	case LF_OUTCOME:
		return text(out, (unsigned)d->outcome < OUTCOME__MAX
		                     ? outcome_text[d->outcome][lang] : NULL);
	case LF_OUTCOME_DETAIL: return text(out, d->outcome_detail);
	case LF_RESOLUTION_TERMS: return text(out, d->resolution_terms);
	case LF_AGENCY_NAME: return text(out, d->agency_name);
	case LF_AGENCY_ADDRESS: return text(out, d->agency_address);
	case LF_EXCLUSION_REASON: return text(out, d->exclusion_reason);
	case LF_EXTENSION_STEP: return text(out, d->extension.step);
	case LF_EXTENSION_AGREED_WITH: return text(out, d->extension.agreed_with);
	case LF_EXTENSION_AGREED_ON:
		return date_value(out, d->extension.agreed_on, lang, ar);
	case LF_EXTENSION_REASON: return text(out, d->extension.reason);
	case LF_EXTENSION_OLD_DUE:
		return date_value(out, d->extension.old_due, lang, ar);
	case LF_EXTENSION_NEW_DUE:
		return date_value(out, d->extension.new_due, lang, ar);
	case LF_PERIOD_ACK:
		return text(out, period(d, TS_ACK, lang, ar));
	case LF_PERIOD_S1_DISCUSSION:
		return text(out, period(d, TS_S1_DISCUSSION, lang, ar));
	case LF_PERIOD_S1_LETTER:
		return text(out, period(d, TS_S1_RESOLUTION_LETTER, lang, ar));
	case LF_PERIOD_S2_RESPONSE:
		return text(out, period(d, TS_S2_RESPONSE, lang, ar));
	case LF_PERIOD_CONF_COMPLAINT:
		return text(out, period(d, TS_CONF_COMPLAINT, lang, ar));
	case LF_PERIOD_CHAIR_RESOLVE:
		return text(out, period(d, TS_CONF_CHAIR_RESOLVE, lang, ar));
	case LF_PERIOD_PSOW_TIME_LIMIT:
		return text(out, period(d, TS_PSOW_TIME_LIMIT, lang, ar));
	case LF_CONTACT_FIRST:
	case LF__MAX:
		break;
	}
	return false;
}

bool letter_lookup(void *ctx, struct arena *ar, int scope, const void *item,
                   size_t index, int field, struct tmpl_value *out)
{
	const struct letter_lookup_ctx *c = ctx;
	switch ((enum letter_scope)scope) {
	case SCOPE_LETTER:
		return lookup_letter(c->d, c->lang, ar, field, out);
	case SCOPE_MATTER:
		return lookup_matter(item, index, c->lang, ar, field, out);
	case SCOPE_CONTACT:
		return lookup_contact(item, c->lang, field, out);
	case SCOPE__MAX:
		break;
	}
	return false;
}
