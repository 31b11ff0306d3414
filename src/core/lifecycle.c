/*
 * lifecycle.c — the stage machines: one transition table for every route,
 * the clocks each transition starts and stops, and refusals that say what
 * is allowed instead.
 *
 * The table is data: one row per legal (state, action), commented with the
 * rule it implements. Anything not in the table is refused. lifecycle.h
 * explains the model; docs/lifecycle.md draws it.
 */
#include "lifecycle.h"

#include <stdio.h>
#include <string.h>

/* core must not include i18n; the strings are still marked for xgettext. */
#ifndef N_
#define N_(s) (s)
#endif

#define TSB(t) (1u << (t))
#define EVB(e) (1u << (e))
#define OCB(o) (1u << (o))
#define KB(k) (1u << (k))

/* ---- Names and labels --------------------------------------------------- */

static const char *const kind_names[STAGE_KIND__MAX] = {
	"stage1",     /* STAGE_KIND_STAGE1 */
	"stage2",     /* STAGE_KIND_STAGE2 */
	"conference", /* STAGE_KIND_CONFERENCE */
	"panel",      /* STAGE_KIND_PANEL */
	"referral",   /* STAGE_KIND_REFERRAL */
	"excluded",   /* STAGE_KIND_EXCLUDED */
};

static const char *const kind_labels[STAGE_KIND__MAX] = {
	N_("Stage 1"),                   /* STAGE_KIND_STAGE1 */
	N_("Stage 2"),                   /* STAGE_KIND_STAGE2 */
	N_("conference complaint"),      /* STAGE_KIND_CONFERENCE */
	N_("safeguarding board panel"),  /* STAGE_KIND_PANEL */
	N_("referral"),                  /* STAGE_KIND_REFERRAL */
	N_("excluded complaint"),        /* STAGE_KIND_EXCLUDED */
};

struct state_info {
	const char *name;
	const char *label;
	enum stage_kind kind;
	bool final;
};

static const struct state_info states[ST__MAX] = {
	[ST_S1_RECEIVED] = {"s1_received", N_("received"),
	                    STAGE_KIND_STAGE1, false},
	[ST_S1_ACKNOWLEDGED] = {"s1_acknowledged", N_("acknowledged"),
	                        STAGE_KIND_STAGE1, false},
	[ST_S1_DISCUSSED] = {"s1_discussed", N_("discussion held"),
	                     STAGE_KIND_STAGE1, false},
	[ST_S1_RESOLVED] = {"s1_resolved", N_("resolved, written terms due"),
	                    STAGE_KIND_STAGE1, false},
	[ST_S1_CLOSED] = {"s1_closed", N_("closed"), STAGE_KIND_STAGE1, true},
	[ST_S1_WITHDRAWN] = {"s1_withdrawn", N_("withdrawn"),
	                     STAGE_KIND_STAGE1, true},
	[ST_S2_REQUESTED] = {"s2_requested", N_("requested"),
	                     STAGE_KIND_STAGE2, false},
	[ST_S2_ACKNOWLEDGED] = {"s2_acknowledged", N_("acknowledged"),
	                        STAGE_KIND_STAGE2, false},
	[ST_S2_SUMMARY_AGREED] = {"s2_summary_agreed",
	                          N_("complaint summary agreed"),
	                          STAGE_KIND_STAGE2, false},
	[ST_S2_INVESTIGATING] = {"s2_investigator_appointed",
	                         N_("investigator appointed"),
	                         STAGE_KIND_STAGE2, false},
	[ST_S2_REPORT_RECEIVED] = {"s2_report_received", N_("report received"),
	                           STAGE_KIND_STAGE2, false},
	[ST_S2_RESPONDED] = {"s2_response_sent", N_("response sent"),
	                     STAGE_KIND_STAGE2, false},
	[ST_S2_CLOSED] = {"s2_closed", N_("closed"), STAGE_KIND_STAGE2, true},
	[ST_S2_WITHDRAWN] = {"s2_withdrawn", N_("withdrawn"),
	                     STAGE_KIND_STAGE2, true},
	[ST_CONF_RECEIVED] = {"conf_received", N_("received by the chair"),
	                      STAGE_KIND_CONFERENCE, false},
	[ST_CONF_SM_NOTIFIED] = {"conf_senior_manager_notified",
	                         N_("senior manager notified"),
	                         STAGE_KIND_CONFERENCE, false},
	[ST_CONF_CLOSED] = {"conf_closed", N_("closed"),
	                    STAGE_KIND_CONFERENCE, true},
	[ST_CONF_WITHDRAWN] = {"conf_withdrawn", N_("withdrawn"),
	                       STAGE_KIND_CONFERENCE, true},
	[ST_PANEL_REQUESTED] = {"panel_requested", N_("requested"),
	                        STAGE_KIND_PANEL, false},
	[ST_PANEL_CONVENED] = {"panel_convened", N_("convened"),
	                       STAGE_KIND_PANEL, false},
	[ST_PANEL_CLOSED] = {"panel_closed", N_("closed"), STAGE_KIND_PANEL,
	                     true},
	[ST_PANEL_WITHDRAWN] = {"panel_withdrawn", N_("withdrawn"),
	                        STAGE_KIND_PANEL, true},
	[ST_REF_RECEIVED] = {"referral_received",
	                     N_("received, to be referred"),
	                     STAGE_KIND_REFERRAL, false},
	[ST_REF_CLOSED] = {"referral_closed", N_("referred"),
	                   STAGE_KIND_REFERRAL, true},
	[ST_REF_WITHDRAWN] = {"referral_withdrawn", N_("withdrawn"),
	                      STAGE_KIND_REFERRAL, true},
	[ST_EXC_RECEIVED] = {"excluded_received",
	                     N_("received, exclusion to be explained"),
	                     STAGE_KIND_EXCLUDED, false},
	[ST_EXC_CLOSED] = {"excluded_closed", N_("exclusion letter sent"),
	                   STAGE_KIND_EXCLUDED, true},
	[ST_EXC_WITHDRAWN] = {"excluded_withdrawn", N_("withdrawn"),
	                      STAGE_KIND_EXCLUDED, true},
};

static const char *const action_names[ACT__MAX] = {
	"acknowledge",           /* ACT_ACKNOWLEDGE */
	"record_discussion",     /* ACT_RECORD_DISCUSSION */
	"resolve",               /* ACT_RESOLVE */
	"resolve_in_writing",    /* ACT_RESOLVE_IN_WRITING */
	"request_stage2",        /* ACT_REQUEST_STAGE2 */
	"agree_summary",         /* ACT_AGREE_SUMMARY */
	"appoint_investigator",  /* ACT_APPOINT_INVESTIGATOR */
	"receive_report",        /* ACT_RECEIVE_REPORT */
	"send_response",         /* ACT_SEND_RESPONSE */
	"close",                 /* ACT_CLOSE */
	"notify_senior_manager", /* ACT_NOTIFY_SENIOR_MANAGER */
	"chair_resolve",         /* ACT_CHAIR_RESOLVE */
	"escalate_to_panel",     /* ACT_ESCALATE_TO_PANEL */
	"convene_panel",         /* ACT_CONVENE_PANEL */
	"panel_decide",          /* ACT_PANEL_DECIDE */
	"refer_to_agency",       /* ACT_REFER_TO_AGENCY */
	"send_exclusion_letter", /* ACT_SEND_EXCLUSION_LETTER */
	"withdraw",              /* ACT_WITHDRAW */
	"reopen",                /* ACT_REOPEN */
};

static const char *const action_labels[ACT__MAX] = {
	N_("acknowledge"),                            /* ACT_ACKNOWLEDGE */
	N_("record the discussion"),                  /* ACT_RECORD_DISCUSSION */
	N_("record the resolution"),                  /* ACT_RESOLVE */
	N_("send the written terms of the resolution"), /* ACT_RESOLVE_IN_WRITING */
	N_("request Stage 2"),                        /* ACT_REQUEST_STAGE2 */
	N_("agree the complaint summary"),            /* ACT_AGREE_SUMMARY */
	N_("appoint an independent investigator"),    /* ACT_APPOINT_INVESTIGATOR */
	N_("receive the investigator's report"),      /* ACT_RECEIVE_REPORT */
	N_("send the response"),                      /* ACT_SEND_RESPONSE */
	N_("close"),                                  /* ACT_CLOSE */
	N_("notify the senior manager for child protection"), /* ACT_NOTIFY_SENIOR_MANAGER */
	N_("record the chair's resolution"),          /* ACT_CHAIR_RESOLVE */
	N_("escalate to the safeguarding board panel"), /* ACT_ESCALATE_TO_PANEL */
	N_("convene the panel"),                      /* ACT_CONVENE_PANEL */
	N_("record the panel's decision"),            /* ACT_PANEL_DECIDE */
	N_("refer to the other body"),                /* ACT_REFER_TO_AGENCY */
	N_("send the exclusion letter"),              /* ACT_SEND_EXCLUSION_LETTER */
	N_("withdraw"),                               /* ACT_WITHDRAW */
	N_("reopen"),                                 /* ACT_REOPEN */
};

static const char *const outcome_names[OUTCOME__MAX] = {
	"none",          /* OUTCOME_NONE */
	"upheld",        /* OUTCOME_UPHELD */
	"partly_upheld", /* OUTCOME_PARTLY_UPHELD */
	"not_upheld",    /* OUTCOME_NOT_UPHELD */
	"resolved",      /* OUTCOME_RESOLVED */
	"withdrawn",     /* OUTCOME_WITHDRAWN */
	"referred",      /* OUTCOME_REFERRED */
	"excluded",      /* OUTCOME_EXCLUDED */
};

static const char *const outcome_labels[OUTCOME__MAX] = {
	N_("no outcome"),         /* OUTCOME_NONE */
	N_("upheld"),             /* OUTCOME_UPHELD */
	N_("partly upheld"),      /* OUTCOME_PARTLY_UPHELD */
	N_("not upheld"),         /* OUTCOME_NOT_UPHELD */
	N_("resolved"),           /* OUTCOME_RESOLVED */
	N_("withdrawn"),          /* OUTCOME_WITHDRAWN */
	N_("referred elsewhere"), /* OUTCOME_REFERRED */
	N_("excluded"),           /* OUTCOME_EXCLUDED */
};

_Static_assert(sizeof kind_names / sizeof *kind_names == STAGE_KIND__MAX,
               "kind_names must name every stage_kind");
_Static_assert(sizeof action_names / sizeof *action_names == ACT__MAX,
               "action_names must name every stage_action");
_Static_assert(sizeof outcome_names / sizeof *outcome_names == OUTCOME__MAX,
               "outcome_names must name every outcome");
/* Bit sets below hold these in an unsigned. */
_Static_assert(TS_ID__MAX <= 32 && EV__MAX <= 32 && OUTCOME__MAX <= 32 &&
                   STAGE_KIND__MAX <= 32,
               "bit sets must fit in unsigned");

/* ---- Clocks: which belong to which stage, and their default events ----- */

/*
 * A clock starts in a transition when the policy's starting event for it
 * happens there and the clock belongs to the kind the transition lands in.
 * The other timescales (time limits for the complainant, minutes, the
 * Ombudsman's) are checked by triage, not run by the lifecycle.
 */
static const unsigned ts_home[TS_ID__MAX] = {
	/* reg 15(2). cwyn also answers referred and excluded complaints within
	 * the acknowledgement time: the letter explaining where the complaint
	 * goes (or why it cannot be considered) is the acknowledgement. */
	[TS_ACK] = KB(STAGE_KIND_STAGE1) | KB(STAGE_KIND_STAGE2) |
	           KB(STAGE_KIND_REFERRAL) | KB(STAGE_KIND_EXCLUDED),
	[TS_S1_DISCUSSION] = KB(STAGE_KIND_STAGE1),        /* reg 16(3) */
	[TS_S1_RESOLUTION_LETTER] = KB(STAGE_KIND_STAGE1), /* reg 16(5) */
	[TS_S2_RESPONSE] = KB(STAGE_KIND_STAGE2),          /* reg 17; WG */
	[TS_CONF_CHAIR_RESOLVE] = KB(STAGE_KIND_CONFERENCE), /* S0 */
	[TS_PANEL_CONVENE] = KB(STAGE_KIND_PANEL),         /* §2.6, setting */
};

/* The Wales 2014 starting events, used when no policy is given. */
static const enum policy_event default_from[TS_ID__MAX] = {
	[TS_COMPLAINT_TIME_LIMIT] = EV_EVENT_OR_AWARENESS,
	[TS_ACK] = EV_COMPLAINT_RECEIVED,
	[TS_S1_DISCUSSION] = EV_ACKNOWLEDGED,
	[TS_S1_RESOLUTION_LETTER] = EV_RESOLVED,
	[TS_S2_RESPONSE] = EV_STAGE2_REQUESTED,
	[TS_CONF_COMPLAINT] = EV_MINUTES_SENT,
	[TS_CONF_CHAIR_RESOLVE] = EV_CHAIR_RECEIVED,
	[TS_MINUTES_SUMMARY] = EV_CONFERENCE_HELD,
	[TS_MINUTES_FULL] = EV_CONFERENCE_HELD,
	[TS_PSOW_TIME_LIMIT] = EV_FIRST_NOTICE,
	[TS_PSOW_REVIEW] = EV_PSOW_DECISION,
	[TS_PANEL_CONVENE] = EV_PANEL_REQUESTED,
};

static enum policy_event anchor(const struct policy *p, enum ts_id ts)
{
	if (p != NULL && p->timescales[ts].defined)
		return p->timescales[ts].from;
	return default_from[ts];
}

/* ---- The transition table ---------------------------------------------- */

/* Conditions checked from the context after the table allows a move. */
enum {
	G_INDEPENDENT = 1u << 0,   /* investigator meets reg 2 */
	G_WISHES_PANEL = 1u << 1,  /* complainant wishes to go on */
	G_SUMMARY_FIRST = 1u << 2, /* policy: S2 clock from agreed summary */
};

struct lc_row {
	enum stage_state from;
	enum stage_action action;
	enum stage_state to;
	unsigned events;   /* EVB(): events that happen in this step */
	unsigned stops;    /* TSB(): clocks this step stops */
	unsigned outcomes; /* OCB(): outcomes it may record; 0 = none */
	enum outcome default_outcome;
	unsigned guards;
	const char *rule_id;
	const char *source;
};

/* Clocks of Stage 1 that end when the complaint moves to Stage 2. */
#define S1_CLOCKS (TSB(TS_S1_DISCUSSION) | TSB(TS_S1_RESOLUTION_LETTER))
/* The substantive outcomes of an investigated or answered complaint. */
#define FINDINGS                                                             \
	(OCB(OUTCOME_UPHELD) | OCB(OUTCOME_PARTLY_UPHELD) |                  \
	 OCB(OUTCOME_NOT_UPHELD))
#define WITHDRAWN OCB(OUTCOME_WITHDRAWN), OUTCOME_WITHDRAWN

#define SRC_REG15_2 "SI 2014/1794 reg 15(2)"
#define SRC_STAGE2 "SI 2014/1794 reg 15(4) and reg 17 (may not be refused)"
#define SRC_WITHDRAW "the complainant's choice; recorded (procedure.md 1.10)"
#define SRC_REOPEN "cwyn: a withdrawn complaint revived starts again"
#define SRC_S0 "S0 (AWCPP 2008), procedure.md 2.2"

static const struct lc_row rows[] = {
	/* ---- Stage 1: local resolution ---- */
	/* Acknowledge within 2 WD of receipt; the offered discussion must
	 * then be held within 10 WD of the acknowledgement. */
	{ST_S1_RECEIVED, ACT_ACKNOWLEDGE, ST_S1_ACKNOWLEDGED,
	 EVB(EV_ACKNOWLEDGED), TSB(TS_ACK), 0, OUTCOME_NONE, 0,
	 "LC-S1-ACK", SRC_REG15_2 " and reg 16(3)"},
	/* Stage 2 at any time, even before the acknowledgement (which is
	 * still owed: the ack clock runs on into Stage 2). */
	{ST_S1_RECEIVED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), S1_CLOCKS, 0, OUTCOME_NONE, 0,
	 "LC-S2-REQUEST", SRC_STAGE2},
	{ST_S1_RECEIVED, ACT_WITHDRAW, ST_S1_WITHDRAWN, 0,
	 TSB(TS_ACK) | S1_CLOCKS, WITHDRAWN, 0, "LC-WITHDRAW", SRC_WITHDRAW},
	/* The discussion offered under reg 16(2) is held. */
	{ST_S1_ACKNOWLEDGED, ACT_RECORD_DISCUSSION, ST_S1_DISCUSSED, 0,
	 TSB(TS_S1_DISCUSSION), 0, OUTCOME_NONE, 0, "LC-S1-DISCUSSION",
	 "SI 2014/1794 reg 16(2)-(3)"},
	{ST_S1_ACKNOWLEDGED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), S1_CLOCKS, 0, OUTCOME_NONE, 0,
	 "LC-S2-REQUEST", SRC_STAGE2},
	{ST_S1_ACKNOWLEDGED, ACT_WITHDRAW, ST_S1_WITHDRAWN, 0,
	 TSB(TS_ACK) | S1_CLOCKS, WITHDRAWN, 0, "LC-WITHDRAW", SRC_WITHDRAW},
	/* Resolved to the complainant's satisfaction: the written terms are
	 * due within 5 WD of the resolution. */
	{ST_S1_DISCUSSED, ACT_RESOLVE, ST_S1_RESOLVED, EVB(EV_RESOLVED), 0, 0,
	 OUTCOME_NONE, 0, "LC-S1-RESOLVED", "SI 2014/1794 reg 16(5)"},
	/* Answered without a resolution; the complainant may still ask for
	 * Stage 2 (the closed state allows it). */
	{ST_S1_DISCUSSED, ACT_CLOSE, ST_S1_CLOSED, 0, 0, FINDINGS,
	 OUTCOME_NONE, 0, "LC-S1-ANSWERED",
	 "SI 2014/1794 reg 16; reg 15(4) (Stage 2 still open to them)"},
	{ST_S1_DISCUSSED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), S1_CLOCKS, 0, OUTCOME_NONE, 0,
	 "LC-S2-REQUEST", SRC_STAGE2},
	{ST_S1_DISCUSSED, ACT_WITHDRAW, ST_S1_WITHDRAWN, 0,
	 TSB(TS_ACK) | S1_CLOCKS, WITHDRAWN, 0, "LC-WITHDRAW", SRC_WITHDRAW},
	/* The written terms of the resolution are sent: Stage 1 ends. */
	{ST_S1_RESOLVED, ACT_RESOLVE_IN_WRITING, ST_S1_CLOSED, 0,
	 TSB(TS_S1_RESOLUTION_LETTER), FINDINGS | OCB(OUTCOME_RESOLVED),
	 OUTCOME_RESOLVED, 0, "LC-S1-TERMS", "SI 2014/1794 reg 16(5)"},
	{ST_S1_RESOLVED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), S1_CLOCKS, 0, OUTCOME_NONE, 0,
	 "LC-S2-REQUEST", SRC_STAGE2},
	/* Dissatisfied after Stage 1: the council has no discretion to
	 * refuse Stage 2 (PSOW, procedure.md 1.8.2). */
	{ST_S1_CLOSED, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), S1_CLOCKS, 0, OUTCOME_NONE, 0,
	 "LC-S2-REQUEST", SRC_STAGE2},
	{ST_S1_WITHDRAWN, ACT_REQUEST_STAGE2, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), S1_CLOCKS, 0, OUTCOME_NONE, 0,
	 "LC-S2-REQUEST", SRC_STAGE2},
	/* Revived: treated as received again, so acknowledged again. */
	{ST_S1_WITHDRAWN, ACT_REOPEN, ST_S1_RECEIVED,
	 EVB(EV_COMPLAINT_RECEIVED), 0, 0, OUTCOME_NONE, 0, "LC-REOPEN",
	 SRC_REOPEN},

	/* ---- Stage 2: formal investigation ---- */
	/* Acknowledged; stops the reg 15 clock if the complaint came straight
	 * to Stage 2 or Stage 2 was asked for before the Stage 1 ack. No
	 * separate statutory figure for acknowledging a Stage 2 request
	 * (procedure.md 1.8.6). */
	{ST_S2_REQUESTED, ACT_ACKNOWLEDGE, ST_S2_ACKNOWLEDGED,
	 EVB(EV_ACKNOWLEDGED), TSB(TS_ACK), 0, OUTCOME_NONE, 0, "LC-S2-ACK",
	 SRC_REG15_2 "; procedure.md 1.8.6"},
	{ST_S2_REQUESTED, ACT_WITHDRAW, ST_S2_WITHDRAWN, 0,
	 TSB(TS_ACK) | TSB(TS_S2_RESPONSE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	/* The complaint summary is agreed (and signed); starts the 25 WD
	 * where the policy counts from the summary (Denbighshire practice). */
	{ST_S2_ACKNOWLEDGED, ACT_AGREE_SUMMARY, ST_S2_SUMMARY_AGREED,
	 EVB(EV_STAGE2_SUMMARY_AGREED), 0, 0, OUTCOME_NONE, 0,
	 "LC-S2-SUMMARY", "procedure.md 1.8.5 (policy setting)"},
	/* An independent investigator (reg 2) investigates; failing to
	 * appoint one has led to redress (procedure.md 1.8.2). */
	{ST_S2_ACKNOWLEDGED, ACT_APPOINT_INVESTIGATOR, ST_S2_INVESTIGATING, 0,
	 0, 0, OUTCOME_NONE, G_INDEPENDENT | G_SUMMARY_FIRST,
	 "LC-S2-INVESTIGATOR", "SI 2014/1794 reg 17; reg 2"},
	{ST_S2_ACKNOWLEDGED, ACT_WITHDRAW, ST_S2_WITHDRAWN, 0,
	 TSB(TS_ACK) | TSB(TS_S2_RESPONSE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	{ST_S2_SUMMARY_AGREED, ACT_APPOINT_INVESTIGATOR, ST_S2_INVESTIGATING,
	 0, 0, 0, OUTCOME_NONE, G_INDEPENDENT, "LC-S2-INVESTIGATOR",
	 "SI 2014/1794 reg 17; reg 2"},
	{ST_S2_SUMMARY_AGREED, ACT_WITHDRAW, ST_S2_WITHDRAWN, 0,
	 TSB(TS_ACK) | TSB(TS_S2_RESPONSE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	/* The investigator's report with findings, conclusions and
	 * recommendations arrives. */
	{ST_S2_INVESTIGATING, ACT_RECEIVE_REPORT, ST_S2_REPORT_RECEIVED, 0, 0,
	 0, OUTCOME_NONE, 0, "LC-S2-REPORT", "procedure.md 1.8.3"},
	/* A replacement investigator (e.g. a conflict came to light): still
	 * independent, and the clock runs on. */
	{ST_S2_INVESTIGATING, ACT_APPOINT_INVESTIGATOR, ST_S2_INVESTIGATING, 0,
	 0, 0, OUTCOME_NONE, G_INDEPENDENT, "LC-S2-INVESTIGATOR",
	 "SI 2014/1794 reg 17; reg 2"},
	{ST_S2_INVESTIGATING, ACT_WITHDRAW, ST_S2_WITHDRAWN, 0,
	 TSB(TS_ACK) | TSB(TS_S2_RESPONSE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	/* The council's response: within 25 WD (policy). */
	{ST_S2_REPORT_RECEIVED, ACT_SEND_RESPONSE, ST_S2_RESPONDED, 0,
	 TSB(TS_S2_RESPONSE), 0, OUTCOME_NONE, 0, "LC-S2-RESPONSE",
	 "SI 2014/1794 reg 17; WG guide: 25 working days (procedure.md 1.8.3)"},
	{ST_S2_REPORT_RECEIVED, ACT_WITHDRAW, ST_S2_WITHDRAWN, 0,
	 TSB(TS_ACK) | TSB(TS_S2_RESPONSE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	/* Closed with its outcome; the response signposts the Ombudsman. */
	{ST_S2_RESPONDED, ACT_CLOSE, ST_S2_CLOSED, 0, 0,
	 FINDINGS | OCB(OUTCOME_RESOLVED), OUTCOME_NONE, 0, "LC-S2-CLOSE",
	 "procedure.md 1.10 (outcome) and 1.8.7 (Ombudsman)"},
	{ST_S2_WITHDRAWN, ACT_REOPEN, ST_S2_REQUESTED,
	 EVB(EV_STAGE2_REQUESTED), 0, 0, OUTCOME_NONE, 0, "LC-REOPEN",
	 SRC_REOPEN},

	/* ---- Conference: complaint to the conference chair ---- */
	/* The chair tells the senior manager for child protection. */
	{ST_CONF_RECEIVED, ACT_NOTIFY_SENIOR_MANAGER, ST_CONF_SM_NOTIFIED, 0, 0,
	 0, OUTCOME_NONE, 0, "LC-CONF-NOTIFY", SRC_S0},
	{ST_CONF_RECEIVED, ACT_WITHDRAW, ST_CONF_WITHDRAWN, 0,
	 TSB(TS_CONF_CHAIR_RESOLVE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	/* The chair resolves it (aim: 7 days of receipt). */
	{ST_CONF_SM_NOTIFIED, ACT_CHAIR_RESOLVE, ST_CONF_CLOSED, 0,
	 TSB(TS_CONF_CHAIR_RESOLVE), FINDINGS | OCB(OUTCOME_RESOLVED),
	 OUTCOME_RESOLVED, 0, "LC-CONF-RESOLVED", SRC_S0},
	/* Unresolved and the complainant wishes to go on: the chair tells
	 * the senior manager and the panel is asked for. */
	{ST_CONF_SM_NOTIFIED, ACT_ESCALATE_TO_PANEL, ST_PANEL_REQUESTED,
	 EVB(EV_PANEL_REQUESTED), TSB(TS_CONF_CHAIR_RESOLVE), 0, OUTCOME_NONE,
	 G_WISHES_PANEL, "LC-CONF-PANEL", SRC_S0},
	/* Unresolved and the complainant does not go on. */
	{ST_CONF_SM_NOTIFIED, ACT_CLOSE, ST_CONF_CLOSED, 0,
	 TSB(TS_CONF_CHAIR_RESOLVE), FINDINGS, OUTCOME_NONE, 0,
	 "LC-CONF-CLOSE", SRC_S0},
	{ST_CONF_SM_NOTIFIED, ACT_WITHDRAW, ST_CONF_WITHDRAWN, 0,
	 TSB(TS_CONF_CHAIR_RESOLVE), WITHDRAWN, 0, "LC-WITHDRAW",
	 SRC_WITHDRAW},
	{ST_CONF_WITHDRAWN, ACT_REOPEN, ST_CONF_RECEIVED,
	 EVB(EV_CHAIR_RECEIVED), 0, 0, OUTCOME_NONE, 0, "LC-REOPEN",
	 SRC_REOPEN},

	/* ---- Panel: Safeguarding Children Board ---- */
	/* Timescale and outcomes are not in the sources: policy settings. */
	{ST_PANEL_REQUESTED, ACT_CONVENE_PANEL, ST_PANEL_CONVENED, 0,
	 TSB(TS_PANEL_CONVENE), 0, OUTCOME_NONE, 0, "LC-PANEL-CONVENE",
	 "procedure.md 2.6 (policy setting)"},
	{ST_PANEL_REQUESTED, ACT_WITHDRAW, ST_PANEL_WITHDRAWN, 0,
	 TSB(TS_PANEL_CONVENE), WITHDRAWN, 0, "LC-WITHDRAW", SRC_WITHDRAW},
	{ST_PANEL_CONVENED, ACT_PANEL_DECIDE, ST_PANEL_CLOSED, 0, 0, FINDINGS,
	 OUTCOME_NONE, 0, "LC-PANEL-DECIDE", "procedure.md 2.6"},
	{ST_PANEL_CONVENED, ACT_WITHDRAW, ST_PANEL_WITHDRAWN, 0, 0, WITHDRAWN,
	 0, "LC-WITHDRAW", SRC_WITHDRAW},
	{ST_PANEL_WITHDRAWN, ACT_REOPEN, ST_PANEL_REQUESTED,
	 EVB(EV_PANEL_REQUESTED), 0, 0, OUTCOME_NONE, 0, "LC-REOPEN",
	 SRC_REOPEN},

	/* ---- Referral: another agency's procedure, or the Ombudsman ---- */
	{ST_REF_RECEIVED, ACT_REFER_TO_AGENCY, ST_REF_CLOSED, 0, TSB(TS_ACK),
	 OCB(OUTCOME_REFERRED), OUTCOME_REFERRED, 0, "LC-REFER",
	 "procedure.md decisions 2 and 4; S0"},
	{ST_REF_RECEIVED, ACT_WITHDRAW, ST_REF_WITHDRAWN, 0, TSB(TS_ACK),
	 WITHDRAWN, 0, "LC-WITHDRAW", SRC_WITHDRAW},
	{ST_REF_WITHDRAWN, ACT_REOPEN, ST_REF_RECEIVED,
	 EVB(EV_COMPLAINT_RECEIVED), 0, 0, OUTCOME_NONE, 0, "LC-REOPEN",
	 SRC_REOPEN},

	/* ---- Excluded: court matters, explained in writing ---- */
	{ST_EXC_RECEIVED, ACT_SEND_EXCLUSION_LETTER, ST_EXC_CLOSED, 0,
	 TSB(TS_ACK), OCB(OUTCOME_EXCLUDED), OUTCOME_EXCLUDED, 0,
	 "LC-EXCLUDE", "procedure.md decision 5 and 1.4.3-1.4.4"},
	{ST_EXC_RECEIVED, ACT_WITHDRAW, ST_EXC_WITHDRAWN, 0, TSB(TS_ACK),
	 WITHDRAWN, 0, "LC-WITHDRAW", SRC_WITHDRAW},
	{ST_EXC_WITHDRAWN, ACT_REOPEN, ST_EXC_RECEIVED,
	 EVB(EV_COMPLAINT_RECEIVED), 0, 0, OUTCOME_NONE, 0, "LC-REOPEN",
	 SRC_REOPEN},
};

#define N_ROWS (sizeof rows / sizeof *rows)

/* How each kind opens: its first state and the events of that day. */
struct lc_open {
	enum stage_state state;
	unsigned events;
	const char *rule_id;
	const char *source;
};

static const struct lc_open opens[STAGE_KIND__MAX] = {
	[STAGE_KIND_STAGE1] = {ST_S1_RECEIVED, EVB(EV_COMPLAINT_RECEIVED),
	                       "LC-S1-OPEN", "SI 2014/1794 reg 15(1)-(2)"},
	/* Straight to Stage 2: the complaint is received and Stage 2 asked
	 * for on the same day (reg 15(4)). */
	[STAGE_KIND_STAGE2] = {ST_S2_REQUESTED,
	                       EVB(EV_COMPLAINT_RECEIVED) |
	                           EVB(EV_STAGE2_REQUESTED),
	                       "LC-S2-OPEN", SRC_STAGE2},
	[STAGE_KIND_CONFERENCE] = {ST_CONF_RECEIVED, EVB(EV_CHAIR_RECEIVED),
	                           "LC-CONF-OPEN", SRC_S0},
	[STAGE_KIND_PANEL] = {ST_PANEL_REQUESTED, EVB(EV_PANEL_REQUESTED),
	                      "LC-PANEL-OPEN", SRC_S0},
	[STAGE_KIND_REFERRAL] = {ST_REF_RECEIVED, EVB(EV_COMPLAINT_RECEIVED),
	                         "LC-REFER-OPEN",
	                         "procedure.md decisions 2 and 4"},
	[STAGE_KIND_EXCLUDED] = {ST_EXC_RECEIVED, EVB(EV_COMPLAINT_RECEIVED),
	                         "LC-EXCLUDE-OPEN", "procedure.md decision 5"},
};

static const enum stage_kind route_kinds[ROUTE__MAX] = {
	[ROUTE_COUNCIL_STAGE1] = STAGE_KIND_STAGE1,
	[ROUTE_COUNCIL_STAGE2] = STAGE_KIND_STAGE2,
	[ROUTE_CONFERENCE_CHAIR] = STAGE_KIND_CONFERENCE,
	[ROUTE_SAFEGUARDING_PANEL] = STAGE_KIND_PANEL,
	[ROUTE_OTHER_AGENCY] = STAGE_KIND_REFERRAL,
	[ROUTE_EXCLUDED_COURT] = STAGE_KIND_EXCLUDED,
	[ROUTE_OMBUDSMAN] = STAGE_KIND_REFERRAL,
	[ROUTE_SPLIT] = STAGE_KIND__MAX,
};

/* ---- Lookups ------------------------------------------------------------ */

static int find_name(const char *const *names, int n, const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *stage_kind_name(enum stage_kind k)
{
	return (unsigned)k < STAGE_KIND__MAX ? kind_names[k] : NULL;
}

const char *stage_state_name(enum stage_state s)
{
	return (unsigned)s < ST__MAX ? states[s].name : NULL;
}

const char *stage_action_name(enum stage_action a)
{
	return (unsigned)a < ACT__MAX ? action_names[a] : NULL;
}

const char *outcome_name(enum outcome o)
{
	return (unsigned)o < OUTCOME__MAX ? outcome_names[o] : NULL;
}

bool stage_kind_from_name(const char *s, enum stage_kind *out)
{
	int i = find_name(kind_names, STAGE_KIND__MAX, s);
	if (i < 0)
		return false;
	*out = (enum stage_kind)i;
	return true;
}

bool stage_state_from_name(const char *s, enum stage_state *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < ST__MAX; i++) {
		if (strcmp(states[i].name, s) == 0) {
			*out = (enum stage_state)i;
			return true;
		}
	}
	return false;
}

bool stage_action_from_name(const char *s, enum stage_action *out)
{
	int i = find_name(action_names, ACT__MAX, s);
	if (i < 0)
		return false;
	*out = (enum stage_action)i;
	return true;
}

bool outcome_from_name(const char *s, enum outcome *out)
{
	int i = find_name(outcome_names, OUTCOME__MAX, s);
	if (i < 0)
		return false;
	*out = (enum outcome)i;
	return true;
}

const char *stage_kind_label(enum stage_kind k)
{
	return (unsigned)k < STAGE_KIND__MAX ? kind_labels[k] : NULL;
}

const char *stage_state_label(enum stage_state s)
{
	return (unsigned)s < ST__MAX ? states[s].label : NULL;
}

const char *stage_action_label(enum stage_action a)
{
	return (unsigned)a < ACT__MAX ? action_labels[a] : NULL;
}

const char *outcome_label(enum outcome o)
{
	return (unsigned)o < OUTCOME__MAX ? outcome_labels[o] : NULL;
}

enum stage_kind stage_for_route(enum route r)
{
	return (unsigned)r < ROUTE__MAX ? route_kinds[r] : STAGE_KIND__MAX;
}

enum stage_state stage_initial_state(enum stage_kind k)
{
	return (unsigned)k < STAGE_KIND__MAX ? opens[k].state : ST__MAX;
}

enum stage_kind stage_state_kind(enum stage_state s)
{
	return (unsigned)s < ST__MAX ? states[s].kind : STAGE_KIND__MAX;
}

bool stage_state_is_final(enum stage_state s)
{
	return (unsigned)s < ST__MAX && states[s].final;
}

static const struct lc_row *find_row(enum stage_state s, enum stage_action a)
{
	for (size_t i = 0; i < N_ROWS; i++)
		if (rows[i].from == s && rows[i].action == a)
			return &rows[i];
	return NULL;
}

/* Does the policy start the Stage 2 clock from the agreed summary? Then
 * the summary must come before the investigator, or no clock would run. */
static bool summary_first(const struct policy *p)
{
	return anchor(p, TS_S2_RESPONSE) == EV_STAGE2_SUMMARY_AGREED;
}

static bool row_available(const struct lc_row *r, const struct policy *p)
{
	return !((r->guards & G_SUMMARY_FIRST) && summary_first(p));
}

static bool position_ok(enum stage_kind kind, enum stage_state state)
{
	return (unsigned)kind < STAGE_KIND__MAX &&
	       (unsigned)state < ST__MAX && states[state].kind == kind;
}

size_t lifecycle_allowed_actions(enum stage_kind kind, enum stage_state state,
                                 const struct policy *p,
                                 enum stage_action out[ACT__MAX])
{
	size_t n = 0;
	if (!position_ok(kind, state))
		return 0;
	for (size_t i = 0; i < N_ROWS && n < ACT__MAX; i++)
		if (rows[i].from == state && row_available(&rows[i], p))
			out[n++] = rows[i].action;
	return n;
}

unsigned lifecycle_action_outcomes(enum stage_kind kind,
                                   enum stage_state state,
                                   enum stage_action action)
{
	if (!position_ok(kind, state))
		return 0;
	const struct lc_row *r = find_row(state, action);
	return r ? r->outcomes : 0;
}

/* ---- Results and refusals ------------------------------------------------ */

/* Fill the clock lists: stops from the table, starts from the policy. */
static void fill_result(struct lifecycle_result *out, enum stage_state to,
                        unsigned events, unsigned stops,
                        const struct policy *p)
{
	memset(out, 0, sizeof *out);
	out->kind = states[to].kind;
	out->state = to;
	out->closed = states[to].final;
	out->events = events;
	for (int t = 0; t < TS_ID__MAX; t++) {
		enum ts_id ts = (enum ts_id)t;
		if ((stops & TSB(ts)) && out->n_stop < LC_MAX_CLOCKS)
			out->stop[out->n_stop++] = ts;
		if ((ts_home[ts] & KB(out->kind)) &&
		    (events & EVB(anchor(p, ts))) &&
		    out->n_start < LC_MAX_CLOCKS)
			out->start[out->n_start++] = ts;
	}
}

/* Append s to buf (size n), keeping it NUL-terminated; never overflows. */
static void cat(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);
	if (len + 1 < n)
		snprintf(buf + len, n - len, "%s", s);
}

static void list_allowed(char *buf, size_t n, enum stage_kind kind,
                         enum stage_state state, const struct policy *p)
{
	enum stage_action acts[ACT__MAX];
	size_t k = lifecycle_allowed_actions(kind, state, p, acts);
	buf[0] = '\0';
	if (k == 0) {
		cat(buf, n, "nothing; this stage is over");
		return;
	}
	for (size_t i = 0; i < k; i++) {
		if (i > 0)
			cat(buf, n, ", ");
		cat(buf, n, action_labels[acts[i]]);
	}
}

/* Where else in this kind the action is allowed: "\"a\", \"b\"". */
static size_t list_elsewhere(char *buf, size_t n, enum stage_kind kind,
                             enum stage_action action)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < N_ROWS; i++) {
		if (rows[i].action != action || states[rows[i].from].kind != kind)
			continue;
		if (k++ > 0)
			cat(buf, n, ", ");
		cat(buf, n, "\"");
		cat(buf, n, states[rows[i].from].label);
		cat(buf, n, "\"");
	}
	return k;
}

static enum cwyn_code refuse(enum stage_kind kind, enum stage_state state,
                             enum stage_action action, const struct policy *p,
                             struct cwyn_error *err)
{
	char allowed[256], where[192];
	list_allowed(allowed, sizeof allowed, kind, state, p);
	if (list_elsewhere(where, sizeof where, kind, action) > 0)
		return cwyn_fail(err, CWYN_ESTATE, "action",
		                 "Cannot %s now (%s: \"%s\"): that is possible "
		                 "only at %s. Allowed now: %s.",
		                 action_labels[action], kind_labels[kind],
		                 states[state].label, where, allowed);
	return cwyn_fail(err, CWYN_ESTATE, "action",
	                 "Cannot %s now (%s: \"%s\"): it is not a step of "
	                 "%s. Allowed now: %s.",
	                 action_labels[action], kind_labels[kind],
	                 states[state].label, kind_labels[kind], allowed);
}

static void list_outcomes(char *buf, size_t n, unsigned mask)
{
	buf[0] = '\0';
	for (int o = 0; o < OUTCOME__MAX; o++) {
		if (!(mask & OCB(o)))
			continue;
		if (buf[0] != '\0')
			cat(buf, n, ", ");
		cat(buf, n, outcome_names[o]);
	}
}

/* The outcome the action records, or a refusal naming the choices. */
static enum cwyn_code pick_outcome(const struct lc_row *r, enum outcome given,
                                   enum outcome *out, struct cwyn_error *err)
{
	char choices[128];
	if (r->outcomes == 0) {
		if (given != OUTCOME_NONE)
			return cwyn_fail(err, CWYN_EINVAL, "outcome",
			                 "\"%s\" records no outcome; leave the "
			                 "outcome out",
			                 action_labels[r->action]);
		*out = OUTCOME_NONE;
		return CWYN_OK;
	}
	list_outcomes(choices, sizeof choices, r->outcomes);
	enum outcome o = given != OUTCOME_NONE ? given : r->default_outcome;
	if (o == OUTCOME_NONE)
		return cwyn_fail(err, CWYN_EINVAL, "outcome",
		                 "\"%s\" ends the stage and needs an outcome: "
		                 "one of %s",
		                 action_labels[r->action], choices);
	if (!(r->outcomes & OCB(o)))
		return cwyn_fail(err, CWYN_EINVAL, "outcome",
		                 "\"%s\" is not an outcome of \"%s\": use one "
		                 "of %s",
		                 outcome_names[o], action_labels[r->action],
		                 choices);
	*out = o;
	return CWYN_OK;
}

/* Conditions beyond the table: the investigator's independence, the
 * complainant's wish to go on, the policy's summary-first setting. */
static enum cwyn_code check_guards(const struct lc_row *r,
                                   const struct lifecycle_ctx *ctx,
                                   struct cwyn_error *err)
{
	if ((r->guards & G_SUMMARY_FIRST) && summary_first(ctx->policy))
		return cwyn_fail(err, CWYN_ESTATE, "action",
		                 N_("This policy starts the Stage 2 clock when "
		                    "the complaint summary is agreed: agree the "
		                    "summary before appointing the "
		                    "investigator."));
	if ((r->guards & G_INDEPENDENT) && !ctx->investigator_independent)
		return cwyn_fail(err, CWYN_EINVAL, "investigator_independent",
		                 N_("The investigator must be independent: "
		                    "regulation 2 of SI 2014/1794 excludes a "
		                    "member or officer of the council complained "
		                    "about and the spouse or civil partner of "
		                    "one (a contractor engaged to investigate is "
		                    "independent). Appoint someone else."));
	if ((r->guards & G_WISHES_PANEL) && !ctx->complainant_wishes_panel)
		return cwyn_fail(err, CWYN_EINVAL, "complainant_wishes_panel",
		                 N_("The panel is the next stage only when the "
		                    "complainant wishes to go on: record that "
		                    "they do, or close the complaint."));
	return CWYN_OK;
}

/* ---- The machine ---------------------------------------------------------- */

enum cwyn_code lifecycle_open(enum stage_kind kind,
                              const struct lifecycle_ctx *ctx,
                              struct lifecycle_result *out,
                              struct cwyn_error *err)
{
	if ((unsigned)kind >= STAGE_KIND__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "kind", "unknown stage kind");
	const struct lc_open *o = &opens[kind];
	fill_result(out, o->state, o->events, 0, ctx ? ctx->policy : NULL);
	out->rule_id = o->rule_id;
	out->source = o->source;
	return CWYN_OK;
}

enum cwyn_code lifecycle_apply(enum stage_kind kind, enum stage_state state,
                               enum stage_action action,
                               const struct lifecycle_ctx *ctx,
                               struct lifecycle_result *out,
                               struct cwyn_error *err)
{
	static const struct lifecycle_ctx empty;
	enum outcome outcome = OUTCOME_NONE;
	enum cwyn_code rc;

	if (ctx == NULL)
		ctx = &empty;
	if ((unsigned)kind >= STAGE_KIND__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "kind", "unknown stage kind");
	if ((unsigned)state >= ST__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "state", "unknown state");
	if ((unsigned)action >= ACT__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "action", "unknown action");
	if ((unsigned)ctx->outcome >= OUTCOME__MAX)
		return cwyn_fail(err, CWYN_EINVAL, "outcome", "unknown outcome");
	if (states[state].kind != kind)
		return cwyn_fail(err, CWYN_EINVAL, "state",
		                 "\"%s\" is not a state of %s",
		                 states[state].name, kind_names[kind]);

	const struct lc_row *r = find_row(state, action);
	if (r == NULL)
		return refuse(kind, state, action, ctx->policy, err);
	rc = check_guards(r, ctx, err);
	if (rc != CWYN_OK)
		return rc;
	rc = pick_outcome(r, ctx->outcome, &outcome, err);
	if (rc != CWYN_OK)
		return rc;

	fill_result(out, r->to, r->events, r->stops, ctx->policy);
	out->outcome = outcome;
	out->rule_id = r->rule_id;
	out->source = r->source;
	return CWYN_OK;
}
