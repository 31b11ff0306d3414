/*
 * triage_names.c — the stable names of the triage enums, as used in facts
 * files, JSON and the API: lowercase snake_case of the enum value. The
 * tables are indexed by the enum so adding a value without a name fails
 * the build (the array size is the __MAX sentinel) and shows in review.
 */
#include "triage.h"

#include <string.h>

static const char *const relationship_names[REL__MAX] = {
	"parent",                  /* REL_PARENT */
	"carer",                   /* REL_CARER */
	"kinship_carer",           /* REL_KINSHIP_CARER */
	"relative",                /* REL_RELATIVE */
	"child",                   /* REL_CHILD */
	"parental_responsibility", /* REL_PARENTAL_RESPONSIBILITY */
	"advocate",                /* REL_ADVOCATE */
	"other",                   /* REL_OTHER */
};

static const char *const channel_names[CHANNEL__MAX] = {
	"written", /* CHANNEL_WRITTEN */
	"oral",    /* CHANNEL_ORAL */
};

static const char *const language_names[LANG__MAX] = {
	"en", /* LANG_EN */
	"cy", /* LANG_CY */
};

static const char *const subject_names[SUBJ__MAX] = {
	"failure_to_act",                  /* SUBJ_FAILURE_TO_ACT */
	"inadequate_investigation",        /* SUBJ_INADEQUATE_INVESTIGATION */
	"poor_communication",              /* SUBJ_POOR_COMMUNICATION */
	"inaccurate_report",               /* SUBJ_INACCURATE_REPORT */
	"recommendations_not_implemented", /* SUBJ_RECOMMENDATIONS_NOT_... */
	"no_adequate_plan",                /* SUBJ_NO_ADEQUATE_PLAN */
	"staff_conduct",                   /* SUBJ_STAFF_CONDUCT */
	"other_service",                   /* SUBJ_OTHER_SERVICE */
	"conference_process",              /* SUBJ_CONFERENCE_PROCESS */
	"registration_decision",           /* SUBJ_REGISTRATION_DECISION */
	"registration_category",           /* SUBJ_REGISTRATION_CATEGORY */
	"decision_not_to_register",        /* SUBJ_DECISION_NOT_TO_REGISTER */
	"deregistration",                  /* SUBJ_DEREGISTRATION */
	"decision_to_start_proceedings",   /* SUBJ_DECISION_TO_START_... */
	"court_decision",                  /* SUBJ_COURT_DECISION */
};

static const char *const agency_names[AGENCY__MAX] = {
	"council",       /* AGENCY_COUNCIL */
	"police",        /* AGENCY_POLICE */
	"health",        /* AGENCY_HEALTH */
	"education",     /* AGENCY_EDUCATION */
	"other_council", /* AGENCY_OTHER_COUNCIL */
	"probation",     /* AGENCY_PROBATION */
	"other",         /* AGENCY_OTHER */
};

static const char *const court_status_names[COURT__MAX] = {
	"none",      /* COURT_NONE */
	"ongoing",   /* COURT_ONGOING */
	"concluded", /* COURT_CONCLUDED */
};

static const char *const council_stage_names[CSTAGE__MAX] = {
	"none",            /* CSTAGE_NONE */
	"stage1_open",     /* CSTAGE_1_OPEN */
	"stage1_answered", /* CSTAGE_1_ANSWERED */
	"stage2_open",     /* CSTAGE_2_OPEN */
	"stage2_answered", /* CSTAGE_2_ANSWERED */
};

static const char *const conference_stage_names[CONFSTAGE__MAX] = {
	"none",             /* CONFSTAGE_NONE */
	"with_chair",       /* CONFSTAGE_WITH_CHAIR */
	"chair_unresolved", /* CONFSTAGE_CHAIR_UNRESOLVED */
};

static const char *const route_names[ROUTE__MAX] = {
	"council_stage1",     /* ROUTE_COUNCIL_STAGE1 */
	"council_stage2",     /* ROUTE_COUNCIL_STAGE2 */
	"conference_chair",   /* ROUTE_CONFERENCE_CHAIR */
	"safeguarding_panel", /* ROUTE_SAFEGUARDING_PANEL */
	"other_agency",       /* ROUTE_OTHER_AGENCY */
	"excluded_court",     /* ROUTE_EXCLUDED_COURT */
	"ombudsman",          /* ROUTE_OMBUDSMAN */
	"split",              /* ROUTE_SPLIT */
};

static const char *const verdict_names[VERDICT__MAX] = {
	"no",       /* VERDICT_NO */
	"not_yet",  /* VERDICT_NOT_YET */
	"possible", /* VERDICT_POSSIBLE */
	"yes",      /* VERDICT_YES */
};

static const char *const deadline_status_names[DL_STATUS__MAX] = {
	"open",    /* DL_OPEN */
	"met",     /* DL_MET */
	"missed",  /* DL_MISSED */
	"in_time", /* DL_IN_TIME */
	"late",    /* DL_LATE */
};

/* An out-of-range value is a caller bug; "?" keeps output readable. */
static const char *name_of(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : "?";
}

static bool index_of(const char *const *names, size_t n, const char *s,
                     unsigned *out)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0) {
			*out = (unsigned)i;
			return true;
		}
	}
	return false;
}

#define NAME_PAIR(fn, type, table, max)                                      \
	const char *fn##_name(type v)                                        \
	{                                                                    \
		return name_of(table, max, (unsigned)v);                     \
	}                                                                    \
	bool fn##_from_name(const char *s, type *out)                        \
	{                                                                    \
		unsigned v;                                                  \
		if (!index_of(table, max, s, &v))                            \
			return false;                                        \
		*out = (type)v;                                              \
		return true;                                                 \
	}

NAME_PAIR(relationship, enum relationship, relationship_names, REL__MAX)
NAME_PAIR(channel, enum channel, channel_names, CHANNEL__MAX)
NAME_PAIR(language, enum language, language_names, LANG__MAX)
NAME_PAIR(matter_subject, enum matter_subject, subject_names, SUBJ__MAX)
NAME_PAIR(agency, enum agency, agency_names, AGENCY__MAX)
NAME_PAIR(court_status, enum court_status, court_status_names, COURT__MAX)
NAME_PAIR(council_stage, enum council_stage, council_stage_names, CSTAGE__MAX)
NAME_PAIR(conference_stage, enum conference_stage, conference_stage_names,
          CONFSTAGE__MAX)

/* Routes, verdicts and deadline statuses are output only: no reverse
 * lookup is declared for them. */
const char *route_name(enum route r)
{
	return name_of(route_names, ROUTE__MAX, (unsigned)r);
}

const char *verdict_name(enum verdict v)
{
	return name_of(verdict_names, VERDICT__MAX, (unsigned)v);
}

const char *deadline_status_name(enum deadline_status s)
{
	return name_of(deadline_status_names, DL_STATUS__MAX, (unsigned)s);
}
