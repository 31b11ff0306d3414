/*
 * lifecycle.h — the stage machines of a complaint, route by route.
 *
 * A complaint (or one matter of a split complaint) is always at one
 * position: a stage kind and a state of that kind. Actions move it on;
 * lifecycle_apply() says whether an action is allowed now and, if so, the
 * new position, which clocks start and stop, the outcome recorded, and the
 * rule with its source. Illegal actions are refused with CWYN_ESTATE and a
 * message naming the current state, the action and what is allowed now.
 * Clocks themselves are in clock.h; docs/lifecycle.md draws the machines.
 *
 *   Stage 1 (reg 16)      received -> acknowledged -> discussion held ->
 *                         resolved -> (written terms) closed
 *                         discussion held -> closed (answered, unresolved)
 *                         any Stage 1 state -> Stage 2 requested (reg 15(4),
 *                         reg 17: at any time; the council may not refuse)
 *   Stage 2 (reg 17)      requested -> acknowledged [-> summary agreed] ->
 *                         investigator appointed -> report received ->
 *                         response sent -> closed
 *   Conference (S0)       received by the chair -> senior manager notified
 *                         -> closed (chair resolved, or unresolved and the
 *                         complainant does not go on) | panel requested
 *   Panel (S0, §2.6)      requested -> convened -> closed (decision)
 *   Referral              received -> closed (referred to the other agency,
 *                         or signposted to the Ombudsman)
 *   Excluded              received -> closed (exclusion letter, explained)
 *
 * Every open state may be withdrawn (except once the substantive answer is
 * given: Stage 1 resolved, Stage 2 response sent); a withdrawn stage may be
 * reopened at its first state with its first clocks started again. A closed
 * stage is not reopened: what follows it is the next stage or the
 * Ombudsman. Moving from Stage 1 to Stage 2 and from the conference to the
 * panel changes the kind, so a transition's result carries both.
 *
 * When clocks start is the policy's business (each timescale names the
 * event it runs from); a transition lists the events that happen in it and
 * the clocks that belong to its stage kind start if their policy event is
 * among them. So a council that starts the Stage 2 clock from the agreed
 * complaint summary (EV_STAGE2_SUMMARY_AGREED) gets it started by
 * ACT_AGREE_SUMMARY, and must agree the summary before appointing the
 * investigator. Which clocks stop is fixed by the table (the step a clock
 * waits for is done); stopping a clock that is not running is a no-op for
 * the caller.
 *
 * Pure: no I/O, no globals. Names are stable lowercase snake_case for
 * storage and JSON; labels are English, marked for translation.
 */
#ifndef CWYN_CORE_LIFECYCLE_H
#define CWYN_CORE_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "policy.h"
#include "triage.h"

enum stage_kind {
	STAGE_KIND_STAGE1 = 0, /* local resolution, reg 16 */
	STAGE_KIND_STAGE2,     /* formal investigation, reg 17 */
	STAGE_KIND_CONFERENCE, /* complaint to the conference chair (S0) */
	STAGE_KIND_PANEL,      /* Safeguarding Children Board panel */
	STAGE_KIND_REFERRAL,   /* another agency's procedure, or the PSOW */
	STAGE_KIND_EXCLUDED,   /* court matters: excluded, with reasons */
	STAGE_KIND__MAX
};

/* One enum for all kinds, so a stored state names its kind too. */
enum stage_state {
	/* Stage 1 */
	ST_S1_RECEIVED = 0,
	ST_S1_ACKNOWLEDGED,
	ST_S1_DISCUSSED,       /* the offered discussion was held */
	ST_S1_RESOLVED,        /* resolved; written terms due in 5 WD */
	ST_S1_CLOSED,
	ST_S1_WITHDRAWN,
	/* Stage 2 */
	ST_S2_REQUESTED,
	ST_S2_ACKNOWLEDGED,
	ST_S2_SUMMARY_AGREED,
	ST_S2_INVESTIGATING,   /* independent investigator appointed */
	ST_S2_REPORT_RECEIVED,
	ST_S2_RESPONDED,       /* the council's response sent */
	ST_S2_CLOSED,
	ST_S2_WITHDRAWN,
	/* Conference */
	ST_CONF_RECEIVED,      /* received by the chair */
	ST_CONF_SM_NOTIFIED,   /* senior manager for child protection told */
	ST_CONF_CLOSED,
	ST_CONF_WITHDRAWN,
	/* Panel */
	ST_PANEL_REQUESTED,
	ST_PANEL_CONVENED,
	ST_PANEL_CLOSED,
	ST_PANEL_WITHDRAWN,
	/* Referral */
	ST_REF_RECEIVED,
	ST_REF_CLOSED,         /* referred / signposted */
	ST_REF_WITHDRAWN,
	/* Excluded */
	ST_EXC_RECEIVED,
	ST_EXC_CLOSED,         /* exclusion letter sent */
	ST_EXC_WITHDRAWN,
	ST__MAX
};

enum stage_action {
	ACT_ACKNOWLEDGE = 0,
	ACT_RECORD_DISCUSSION,
	ACT_RESOLVE,              /* Stage 1 resolved to satisfaction */
	ACT_RESOLVE_IN_WRITING,   /* written terms of the resolution sent */
	ACT_REQUEST_STAGE2,
	ACT_AGREE_SUMMARY,        /* complaint summary agreed (Stage 2) */
	ACT_APPOINT_INVESTIGATOR,
	ACT_RECEIVE_REPORT,
	ACT_SEND_RESPONSE,
	ACT_CLOSE,
	ACT_NOTIFY_SENIOR_MANAGER,
	ACT_CHAIR_RESOLVE,
	ACT_ESCALATE_TO_PANEL,
	ACT_CONVENE_PANEL,
	ACT_PANEL_DECIDE,
	ACT_REFER_TO_AGENCY,
	ACT_SEND_EXCLUSION_LETTER,
	ACT_WITHDRAW,
	ACT_REOPEN,
	ACT__MAX
};

/* What a closed stage found (procedure.md 1.10; CSA "upheld in whole or in
 * part"). Referred and excluded are cwyn's, for the routes that end without
 * an investigation. */
enum outcome {
	OUTCOME_NONE = 0,
	OUTCOME_UPHELD,
	OUTCOME_PARTLY_UPHELD,
	OUTCOME_NOT_UPHELD,
	OUTCOME_RESOLVED,
	OUTCOME_WITHDRAWN,
	OUTCOME_REFERRED,
	OUTCOME_EXCLUDED,
	OUTCOME__MAX
};

/* The facts an action may need. Zero-initialise, then set what applies. */
struct lifecycle_ctx {
	/* When clocks start (each timescale's `from`); NULL = the Wales 2014
	 * defaults (acknowledgement from receipt, Stage 2 from the request). */
	const struct policy *policy;
	/* For actions that close a stage; OUTCOME_NONE takes the action's
	 * default where it has one (withdraw -> withdrawn, ...). */
	enum outcome outcome;
	/* ACT_APPOINT_INVESTIGATOR: the investigator meets reg 2's
	 * definition (not a member or officer of the council, nor the spouse
	 * or civil partner of one; a contractor engaged to investigate is). */
	bool investigator_independent;
	/* ACT_ESCALATE_TO_PANEL: the complainant wishes to go on (S0). */
	bool complainant_wishes_panel;
};

#define LC_MAX_CLOCKS 4

struct lifecycle_result {
	enum stage_kind kind;    /* the new position */
	enum stage_state state;
	bool closed;             /* the new state ends the stage */
	enum outcome outcome;    /* set when the action ends the stage */
	size_t n_start;          /* clocks to start on the action's day */
	enum ts_id start[LC_MAX_CLOCKS];
	size_t n_stop;           /* clocks to stop (if running) that day */
	enum ts_id stop[LC_MAX_CLOCKS];
	unsigned events;         /* bit (1u << enum policy_event) */
	const char *rule_id;     /* "LC-S1-ACK" */
	const char *source;      /* "SI 2014/1794 reg 15(2)" */
};

/*
 * The first stage for a triage route: STAGE_KIND__MAX for ROUTE_SPLIT (a
 * split complaint is opened matter by matter) or an unknown route. The
 * Ombudsman route is a referral: the council signposts the PSOW.
 */
enum stage_kind stage_for_route(enum route r);
/* The state a stage of this kind opens in; ST__MAX for an unknown kind. */
enum stage_state stage_initial_state(enum stage_kind k);
/* The kind a state belongs to; STAGE_KIND__MAX for an unknown state. */
enum stage_kind stage_state_kind(enum stage_state s);
/* Is the state the end of its stage (closed or withdrawn)? */
bool stage_state_is_final(enum stage_state s);

/*
 * Open a stage of `kind` (receipt of the complaint, of the Stage 2
 * request, by the chair, of the panel request): the initial position and
 * the clocks that start on that day. CWYN_EINVAL for an unknown kind.
 */
enum cwyn_code lifecycle_open(enum stage_kind kind,
                              const struct lifecycle_ctx *ctx,
                              struct lifecycle_result *out,
                              struct cwyn_error *err);

/*
 * Apply an action at (kind, state). CWYN_EINVAL for unknown values, a
 * state not of that kind, or a missing/unfit outcome or condition (field
 * named: "outcome", "investigator_independent",
 * "complainant_wishes_panel"); CWYN_ESTATE when the action is not allowed
 * in this state, with the allowed actions in the message. *out is written
 * only on success.
 */
enum cwyn_code lifecycle_apply(enum stage_kind kind, enum stage_state state,
                               enum stage_action action,
                               const struct lifecycle_ctx *ctx,
                               struct lifecycle_result *out,
                               struct cwyn_error *err);

/*
 * The actions allowed at (kind, state), in table order, written to out
 * (room for ACT__MAX); returns how many. With a policy, actions its
 * settings rule out are left off (appointing the investigator before the
 * summary is agreed when the Stage 2 clock runs from the summary). Zero for
 * an unknown or mismatched position.
 */
size_t lifecycle_allowed_actions(enum stage_kind kind, enum stage_state state,
                                 const struct policy *p,
                                 enum stage_action out[ACT__MAX]);

/* Which outcomes an action accepts, as bits (1u << enum outcome); 0 when
 * the action records none. */
unsigned lifecycle_action_outcomes(enum stage_kind kind,
                                   enum stage_state state,
                                   enum stage_action action);

/* Stable names (storage, JSON, API) and reverse lookups. */
const char *stage_kind_name(enum stage_kind k);     /* "stage1" */
const char *stage_state_name(enum stage_state s);   /* "s2_report_received" */
const char *stage_action_name(enum stage_action a); /* "appoint_investigator" */
const char *outcome_name(enum outcome o);           /* "partly_upheld" */
bool stage_kind_from_name(const char *s, enum stage_kind *out);
bool stage_state_from_name(const char *s, enum stage_state *out);
bool stage_action_from_name(const char *s, enum stage_action *out);
bool outcome_from_name(const char *s, enum outcome *out);

/* English labels for people ("Stage 2", "report received", "appoint an
 * independent investigator"), marked N_() for the Welsh catalogue. */
const char *stage_kind_label(enum stage_kind k);
const char *stage_state_label(enum stage_state s);
const char *stage_action_label(enum stage_action a);
const char *outcome_label(enum outcome o);

#endif
