/*
 * policy.h — the complaints procedure as data.
 *
 * A policy file (policy/NAME.policy, see docs/policy-format.md) holds an
 * authority's timescales with their units and starting events, signposting
 * contacts, registration categories, closure days, extra bank holidays and
 * the settings where the sources leave a question open — each with English
 * and Welsh text. The logic that uses them is C (core/triage, core/lifecycle).
 *
 * Parsing takes bytes, never a path (core does no I/O). A bad file is
 * refused whole with the line number and the reason; nothing half-parsed is
 * ever returned.
 */
#ifndef CWYN_CORE_POLICY_H
#define CWYN_CORE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "date.h"
#include "error.h"

/* Every timescale the engine uses; a policy must define each one. */
enum ts_id {
	TS_COMPLAINT_TIME_LIMIT = 0, /* D1: 12 months from event/awareness */
	TS_ACK,                      /* D2: 2 WD after receipt (reg 15) */
	TS_S1_DISCUSSION,            /* D3: 10 WD from acknowledgement */
	TS_S1_RESOLUTION_LETTER,     /* D4: 5 WD from resolution */
	TS_S2_RESPONSE,              /* D6: 25 WD from request (setting) */
	TS_CONF_COMPLAINT,           /* D7: 14 WD after minutes sent */
	TS_CONF_CHAIR_RESOLVE,       /* D9: 7 days (unit: setting) */
	TS_MINUTES_SUMMARY,          /* D8: 5 WD after conference */
	TS_MINUTES_FULL,             /* D8: aim 20 WD after conference */
	TS_PSOW_TIME_LIMIT,          /* D11: one year from first notice */
	TS_PSOW_REVIEW,              /* D14: 20 WD from PSOW decision */
	TS_PANEL_CONVENE,            /* D10: not in the sources; a setting */
	TS_ID__MAX
};

/* Events a clock may start from. */
enum policy_event {
	EV_EVENT_OR_AWARENESS = 0, /* the later of event and awareness */
	EV_COMPLAINT_RECEIVED,
	EV_ACKNOWLEDGED,
	EV_RESOLVED,
	EV_STAGE2_REQUESTED,
	EV_STAGE2_SUMMARY_AGREED, /* Denbighshire practice; a setting */
	EV_CONFERENCE_HELD,
	EV_MINUTES_SENT,
	EV_CHAIR_RECEIVED,
	EV_FIRST_NOTICE,
	EV_PSOW_DECISION,
	EV_PANEL_REQUESTED,
	EV__MAX
};

enum contact_id {
	CONTACT_FRG = 0,           /* Family Rights Group */
	CONTACT_CCFW,              /* Children's Commissioner for Wales */
	CONTACT_PSOW,              /* Public Services Ombudsman for Wales */
	CONTACT_ADVOCACY,          /* advocacy for children (e.g. TGP Cymru) */
	CONTACT_CRO,               /* the council's Children's Rights Officer */
	CONTACT_COMPLAINTS_OFFICER,/* the council's complaints officer */
	CONTACT_LEGAL_ADVICE,      /* where to get legal advice */
	CONTACT_DUTY_TEAM,         /* children's services duty / referral team */
	CONTACT_EMERGENCY,         /* 999 / police when in immediate danger */
	CONTACT_SAFEGUARDING_BOARD,/* regional Safeguarding Children Board */
	CONTACT_ID__MAX
};

/* Registration categories (procedure.md 2.5). */
enum reg_category {
	CAT_PHYSICAL = 0,
	CAT_EMOTIONAL_PSYCHOLOGICAL,
	CAT_SEXUAL,
	CAT_NEGLECT,
	CAT_FINANCIAL,
	CAT__MAX
};

/* What the chair does with a conference complaint received late. */
enum late_conference_policy {
	LATE_CHAIR_DECIDES = 0, /* default: chair's discretion, reason recorded */
	LATE_REFUSE,
	LATE_ACCEPT,
	LATE__MAX
};

/* What retention does to a case once its time is up (policy [settings]
 * retention_action; app/retention.c). */
enum retention_action {
	RETENTION_ANONYMISE = 0, /* default: personal details "[removed]",
	                          * the figures kept */
	RETENTION_DELETE,        /* the case's rows removed; audit kept */
	RETENTION__MAX
};

#define POLICY_RETENTION_YEARS_DEFAULT 6

struct policy_text {
	const char *en;
	const char *cy;
};

struct policy_timescale {
	enum ts_id id;
	int amount;
	enum cal_unit unit;
	enum policy_event from;
	bool inclusive;       /* the start day is day 1 of the period */
	bool extendable;      /* only with recorded agreement and reason */
	int remind_before_wd; /* reminders: working days before due (0 = none) */
	const char *source;   /* e.g. "SI 2014/1794 reg 15(2)" */
	struct policy_text label;
	bool defined;         /* set by the parser; all must be set */
};

struct policy_contact {
	enum contact_id id;
	struct policy_text name;
	struct policy_text description;
	const char *phone;
	const char *phone_free;
	const char *email;
	const char *web;
	struct policy_text address;
	/* false: a placeholder the authority has still to fill in (its own
	 * complaints officer, duty team...); show the description, not a
	 * number. Defaults to true. */
	bool configured;
	bool defined;
};

struct policy_category {
	enum reg_category id;
	struct policy_text label;
	bool defined;
};

struct policy_settings {
	/* Conference complaints received late (decision 9). */
	enum late_conference_policy late_conference;
	/* Commissioner age thresholds (decision 7): 18, 21, 25. */
	int ccfw_age_child, ccfw_age_care_leaver, ccfw_age_care_leaver_education;
	/* Oral complaint resolved to satisfaction by next working day need not
	 * be handled under the procedure (NHS analogue; procedure.md 1.4.6). */
	bool oral_next_day_exclusion;
	/* The first year covered by the 2014 scheme (no Stage 3). */
	cwyn_day scheme_start; /* 2014-08-01 */
	/* Years after closure that a case's personal details are kept
	 * (procedure.md gives none: default 6, a setting) and what happens
	 * then. */
	int retention_years;
	enum retention_action retention_action;
};

struct policy {
	const char *id;        /* "wales-2014" */
	int version;           /* increases with every change */
	cwyn_day effective_from;
	struct policy_text name;
	struct policy_timescale timescales[TS_ID__MAX];
	struct policy_contact contacts[CONTACT_ID__MAX];
	struct policy_category categories[CAT__MAX];
	struct policy_settings settings;
	size_t n_closures;
	struct cal_holiday *closures;        /* authority closure days */
	size_t n_extra_holidays;
	struct cal_holiday *extra_holidays;  /* proclaimed at short notice */
	struct arena arena;                  /* owns every string above */
};

/*
 * Parse a policy. On failure *out is NULL and err names the line and the
 * reason ("line 42: unit must be one of working_days, calendar_days,
 * months"). Unknown sections or keys are errors, not ignored, so a typo
 * cannot silently fall back to a default.
 */
enum cwyn_code policy_parse(const char *text, size_t len, struct policy **out,
                            struct cwyn_error *err);
void policy_free(struct policy *p);

/* Build the working-day calendar this policy describes. */
enum cwyn_code policy_calendar(const struct policy *p, struct calendar **out,
                               struct cwyn_error *err);

/* Stable identifiers used in files, JSON and rule texts. */
const char *ts_id_name(enum ts_id id);           /* "conf_complaint" */
const char *policy_event_name(enum policy_event e); /* "minutes_sent" */
const char *contact_id_name(enum contact_id id); /* "frg" */
const char *reg_category_name(enum reg_category c); /* "physical" */
const char *late_conference_name(enum late_conference_policy l);
                                                 /* "chair_decides" */
const char *retention_action_name(enum retention_action a); /* "anonymise" */
/* Reverse lookups: return false for an unknown name. */
bool ts_id_from_name(const char *s, enum ts_id *out);
bool policy_event_from_name(const char *s, enum policy_event *out);
bool contact_id_from_name(const char *s, enum contact_id *out);
bool reg_category_from_name(const char *s, enum reg_category *out);
bool late_conference_from_name(const char *s,
                               enum late_conference_policy *out);
bool retention_action_from_name(const char *s, enum retention_action *out);

#endif
