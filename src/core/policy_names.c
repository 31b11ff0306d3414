/*
 * policy_names.c — the stable lowercase names of the policy enums, as they
 * appear in policy files, JSON and rule texts, with reverse lookups.
 *
 * Each table is sized by its __MAX sentinel and every entry carries its enum
 * name in a comment, so adding an enum value without a name is caught by the
 * static assertions below rather than by a NULL at run time.
 */
#include "policy.h"

#include <string.h>

static const char *const ts_names[TS_ID__MAX] = {
	"complaint_time_limit", /* TS_COMPLAINT_TIME_LIMIT */
	"ack",                  /* TS_ACK */
	"s1_discussion",        /* TS_S1_DISCUSSION */
	"s1_resolution_letter", /* TS_S1_RESOLUTION_LETTER */
	"s2_response",          /* TS_S2_RESPONSE */
	"conf_complaint",       /* TS_CONF_COMPLAINT */
	"conf_chair_resolve",   /* TS_CONF_CHAIR_RESOLVE */
	"minutes_summary",      /* TS_MINUTES_SUMMARY */
	"minutes_full",         /* TS_MINUTES_FULL */
	"psow_time_limit",      /* TS_PSOW_TIME_LIMIT */
	"psow_review",          /* TS_PSOW_REVIEW */
	"panel_convene",        /* TS_PANEL_CONVENE */
};

static const char *const event_names[EV__MAX] = {
	"event_or_awareness",    /* EV_EVENT_OR_AWARENESS */
	"complaint_received",    /* EV_COMPLAINT_RECEIVED */
	"acknowledged",          /* EV_ACKNOWLEDGED */
	"resolved",              /* EV_RESOLVED */
	"stage2_requested",      /* EV_STAGE2_REQUESTED */
	"stage2_summary_agreed", /* EV_STAGE2_SUMMARY_AGREED */
	"conference_held",       /* EV_CONFERENCE_HELD */
	"minutes_sent",          /* EV_MINUTES_SENT */
	"chair_received",        /* EV_CHAIR_RECEIVED */
	"first_notice",          /* EV_FIRST_NOTICE */
	"psow_decision",         /* EV_PSOW_DECISION */
	"panel_requested",       /* EV_PANEL_REQUESTED */
};

static const char *const contact_names[CONTACT_ID__MAX] = {
	"frg",                /* CONTACT_FRG */
	"ccfw",               /* CONTACT_CCFW */
	"psow",               /* CONTACT_PSOW */
	"advocacy",           /* CONTACT_ADVOCACY */
	"cro",                /* CONTACT_CRO */
	"complaints_officer", /* CONTACT_COMPLAINTS_OFFICER */
	"legal_advice",       /* CONTACT_LEGAL_ADVICE */
	"duty_team",          /* CONTACT_DUTY_TEAM */
	"emergency",          /* CONTACT_EMERGENCY */
	"safeguarding_board", /* CONTACT_SAFEGUARDING_BOARD */
};

static const char *const category_names[CAT__MAX] = {
	"physical",                /* CAT_PHYSICAL */
	"emotional_psychological", /* CAT_EMOTIONAL_PSYCHOLOGICAL */
	"sexual",                  /* CAT_SEXUAL */
	"neglect",                 /* CAT_NEGLECT */
	"financial",               /* CAT_FINANCIAL */
};

static const char *const late_names[LATE__MAX] = {
	"chair_decides", /* LATE_CHAIR_DECIDES */
	"refuse",        /* LATE_REFUSE */
	"accept",        /* LATE_ACCEPT */
};

/* A table entry left out would shorten the initialiser silently; these
 * catch an enum that grew without its name. */
_Static_assert(sizeof ts_names / sizeof *ts_names == TS_ID__MAX,
               "ts_names must name every ts_id");
_Static_assert(sizeof event_names / sizeof *event_names == EV__MAX,
               "event_names must name every policy_event");
_Static_assert(sizeof contact_names / sizeof *contact_names ==
                   CONTACT_ID__MAX,
               "contact_names must name every contact_id");
_Static_assert(sizeof category_names / sizeof *category_names == CAT__MAX,
               "category_names must name every reg_category");
_Static_assert(sizeof late_names / sizeof *late_names == LATE__MAX,
               "late_names must name every late_conference_policy");

/* Index of s in names[0..n), or -1. NULL never matches. */
static int lookup(const char *const *names, int n, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i] != NULL && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *ts_id_name(enum ts_id id)
{
	if ((unsigned)id >= TS_ID__MAX)
		return "unknown";
	return ts_names[id];
}

const char *policy_event_name(enum policy_event e)
{
	if ((unsigned)e >= EV__MAX)
		return "unknown";
	return event_names[e];
}

const char *contact_id_name(enum contact_id id)
{
	if ((unsigned)id >= CONTACT_ID__MAX)
		return "unknown";
	return contact_names[id];
}

const char *reg_category_name(enum reg_category c)
{
	if ((unsigned)c >= CAT__MAX)
		return "unknown";
	return category_names[c];
}

static const char *const retention_names[RETENTION__MAX] = {
	"anonymise", /* RETENTION_ANONYMISE */
	"delete",    /* RETENTION_DELETE */
};

const char *retention_action_name(enum retention_action a)
{
	if ((unsigned)a >= RETENTION__MAX)
		return NULL;
	return retention_names[a];
}

bool retention_action_from_name(const char *s, enum retention_action *out)
{
	int i = lookup(retention_names, RETENTION__MAX, s);
	if (i < 0)
		return false;
	*out = (enum retention_action)i;
	return true;
}

const char *late_conference_name(enum late_conference_policy l)
{
	if ((unsigned)l >= LATE__MAX)
		return "unknown";
	return late_names[l];
}

bool ts_id_from_name(const char *s, enum ts_id *out)
{
	int i = lookup(ts_names, TS_ID__MAX, s);
	if (i < 0)
		return false;
	if (out)
		*out = (enum ts_id)i;
	return true;
}

bool policy_event_from_name(const char *s, enum policy_event *out)
{
	int i = lookup(event_names, EV__MAX, s);
	if (i < 0)
		return false;
	if (out)
		*out = (enum policy_event)i;
	return true;
}

bool contact_id_from_name(const char *s, enum contact_id *out)
{
	int i = lookup(contact_names, CONTACT_ID__MAX, s);
	if (i < 0)
		return false;
	if (out)
		*out = (enum contact_id)i;
	return true;
}

bool reg_category_from_name(const char *s, enum reg_category *out)
{
	int i = lookup(category_names, CAT__MAX, s);
	if (i < 0)
		return false;
	if (out)
		*out = (enum reg_category)i;
	return true;
}

bool late_conference_from_name(const char *s,
                               enum late_conference_policy *out)
{
	int i = lookup(late_names, LATE__MAX, s);
	if (i < 0)
		return false;
	if (out)
		*out = (enum late_conference_policy)i;
	return true;
}
