/*
 * triage.h — from the facts of a complaint to a routed decision.
 *
 * A complaint is split into matters; each matter gets a route, whether the
 * council and the Ombudsman could look at it, the reasons as rule IDs (see
 * rules.h and docs/rules.md), every deadline with its derivation, and the
 * signposts that fit. A safeguarding alert is raised whenever the facts show
 * a child at risk now — whatever the route (procedure.md, decision 1).
 *
 * Pure: the same facts, policy and calendar always give the same decision.
 * "Today" is a fact (as_of), never read from a clock.
 */
#ifndef CWYN_CORE_TRIAGE_H
#define CWYN_CORE_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "date.h"
#include "error.h"
#include "language.h"
#include "policy.h"

/* ---- Facts -------------------------------------------------------------- */

enum relationship {
	REL_PARENT = 0,
	REL_CARER,           /* caregiver, foster carer */
	REL_KINSHIP_CARER,   /* family and friends carer */
	REL_RELATIVE,        /* grandparent, sibling, other family member */
	REL_CHILD,           /* the child or young person themself */
	REL_PARENTAL_RESPONSIBILITY, /* someone else with PR */
	REL_ADVOCATE,        /* a representative acting for the child */
	REL_OTHER,           /* anyone else personally affected */
	REL__MAX
};

enum channel { CHANNEL_WRITTEN = 0, CHANNEL_ORAL, CHANNEL__MAX };

/* What a matter complains of (S0/S3 lists, procedure.md 1.4 and 2.1). */
enum matter_subject {
	/* The council's own child-protection work. */
	SUBJ_FAILURE_TO_ACT = 0,         /* failure/delay acting on reports */
	SUBJ_INADEQUATE_INVESTIGATION,   /* or not following procedures */
	SUBJ_POOR_COMMUNICATION,         /* incl. inter-agency co-operation */
	SUBJ_INACCURATE_REPORT,          /* inadequate/inaccurate report */
	SUBJ_RECOMMENDATIONS_NOT_IMPLEMENTED, /* conference recommendations */
	SUBJ_NO_ADEQUATE_PLAN,           /* no plan, or plan not implemented */
	SUBJ_STAFF_CONDUCT,              /* a worker's conduct */
	SUBJ_OTHER_SERVICE,              /* any other social services matter */
	/* The functioning of a child protection conference. */
	SUBJ_CONFERENCE_PROCESS,
	SUBJ_REGISTRATION_DECISION,
	SUBJ_REGISTRATION_CATEGORY,
	SUBJ_DECISION_NOT_TO_REGISTER,
	SUBJ_DEREGISTRATION,
	/* Court. */
	SUBJ_DECISION_TO_START_PROCEEDINGS,
	SUBJ_COURT_DECISION,             /* a matter the court has dealt with */
	SUBJ__MAX
};

/* Whose worker or body the matter is about. */
enum agency {
	AGENCY_COUNCIL = 0, /* this council's social services */
	AGENCY_POLICE,
	AGENCY_HEALTH,
	AGENCY_EDUCATION,
	AGENCY_OTHER_COUNCIL,
	AGENCY_PROBATION,
	AGENCY_OTHER,
	AGENCY__MAX
};

enum court_status { COURT_NONE = 0, COURT_ONGOING, COURT_CONCLUDED, COURT__MAX };

struct facts_court {
	enum court_status status;
	cwyn_day started;       /* CWYN_DAY_NONE when unknown */
	cwyn_day ended;
	bool court_agreed;      /* court considers it appropriate to look */
	bool dealt_with;        /* the court has dealt with this matter */
	bool report_for_court;  /* the report complained of was for court */
};

/* How far the council's own 2-stage procedure has got for this matter. */
enum council_stage {
	CSTAGE_NONE = 0,     /* not yet complained to the council */
	CSTAGE_1_OPEN,
	CSTAGE_1_ANSWERED,   /* local resolution response given */
	CSTAGE_2_OPEN,       /* formal investigation under way */
	CSTAGE_2_ANSWERED,   /* council's Stage 2 response given */
	CSTAGE__MAX
};

/* How far a conference complaint has got. */
enum conference_stage {
	CONFSTAGE_NONE = 0,
	CONFSTAGE_WITH_CHAIR,
	CONFSTAGE_CHAIR_UNRESOLVED, /* chair could not resolve it */
	CONFSTAGE__MAX
};

struct facts_complainant {
	enum relationship relationship;
	int age;                 /* -1 when unknown or an adult */
	bool personally_affected;/* reg 9: affected personally */
	enum language language;
};

struct facts_child {
	const char *label;       /* caller's label, not a name; may be NULL */
	int age;                 /* -1 when unknown (treated as under 18) */
	bool looked_after;       /* is or has been looked after */
	bool in_education;
	bool at_risk_now;
};

struct facts_matter {
	const char *id;          /* caller's label, e.g. "m1" */
	const char *summary;     /* free text; core never interprets it */
	enum matter_subject subject;
	unsigned categories;     /* bit (1u << enum reg_category) */
	enum agency agency;
	const char *agency_name; /* "Dyfed-Powys Police"; may be NULL */
	bool worker_attended_conference;
	cwyn_day event;          /* when it happened */
	cwyn_day awareness;      /* when the complainant became aware */
	cwyn_day conference_held;
	cwyn_day minutes_sent;
	cwyn_day chair_received; /* when the chair (or council) received it */
	struct facts_court court;
	enum council_stage council_stage;
	cwyn_day acknowledged;      /* Stage 1 acknowledgement sent */
	cwyn_day stage1_answered;
	cwyn_day stage2_requested;
	cwyn_day stage2_answered;
	bool still_dissatisfied;    /* after the latest answer */
	bool wants_stage2;          /* asks for formal investigation now */
	enum conference_stage conference_stage;
	bool wants_panel;
	bool agency_procedure_done; /* other agency's own procedure finished */
	bool council_delaying;      /* as reported; also derived from dates */
	bool extension_agreed;      /* a recorded extension covers any delay */
	bool at_risk_now;
};

struct facts {
	cwyn_day as_of;          /* "today" for this decision */
	cwyn_day received;       /* complaint received by the council */
	enum channel channel;
	struct facts_complainant complainant;
	size_t n_children;
	struct facts_child *children;
	size_t n_matters;
	struct facts_matter *matters;
	bool at_risk_now;        /* "Is a child at risk of harm right now?" */
};

/* Fill with the neutral defaults (dates NONE, ages -1, affected = true). */
void facts_init(struct facts *f);
void facts_matter_init(struct facts_matter *m);
void facts_child_init(struct facts_child *c);

/* Checks that need no policy: impossible orders of dates and the like.
 * Names the field, e.g. "matters[1].minutes_sent". */
enum cwyn_code facts_validate(const struct facts *f, struct cwyn_error *err);

/* ---- Decision ----------------------------------------------------------- */

enum route {
	ROUTE_COUNCIL_STAGE1 = 0,
	ROUTE_COUNCIL_STAGE2,
	ROUTE_CONFERENCE_CHAIR,
	ROUTE_SAFEGUARDING_PANEL,
	ROUTE_OTHER_AGENCY,
	ROUTE_EXCLUDED_COURT,
	ROUTE_OMBUDSMAN,
	ROUTE_SPLIT,          /* overall only: the matters go different ways */
	ROUTE__MAX
};

/* Could a body look at the matter? */
enum verdict {
	VERDICT_NO = 0,
	VERDICT_NOT_YET,      /* premature: another body first */
	VERDICT_POSSIBLE,     /* may, at its discretion */
	VERDICT_YES,
	VERDICT__MAX
};

enum deadline_status {
	DL_OPEN = 0,   /* still running on as_of */
	DL_MET,        /* the step happened in time */
	DL_MISSED,     /* the step did not happen (or happened late) */
	DL_IN_TIME,    /* for the complainant's own time limits */
	DL_LATE,
	DL_STATUS__MAX
};

struct deadline {
	enum ts_id ts;
	const char *rule_id;
	enum policy_event from;
	bool assumed_start;   /* start not known yet: assumed (e.g. ack on time) */
	struct cal_derivation derivation; /* derivation.result is the due date */
	enum deadline_status status;
	cwyn_day compared_with; /* the date checked against the due date */
};

struct signpost {
	enum contact_id contact;   /* meaningful unless other_agency */
	bool other_agency;         /* the other agency's complaints route */
	enum agency agency;
	const char *agency_name;
	const char *rule_id;
};

struct matter_decision {
	const char *matter_id;
	enum route route;
	enum verdict council;      /* could the council's procedure look? */
	enum verdict ombudsman;    /* could the Ombudsman look, and when */
	enum agency agency;        /* for ROUTE_OTHER_AGENCY */
	const char *agency_name;
	bool late;                 /* outside a complainant time limit */
	bool alert;                /* a child at risk now */
	size_t n_reasons;
	const char **reasons;      /* rule IDs, in the order applied */
	size_t n_deadlines;
	struct deadline *deadlines;
	size_t n_signposts;
	struct signpost *signposts;
};

struct decision {
	cwyn_day as_of;
	enum route overall;
	bool safeguarding_alert;
	size_t n_alert_reasons;
	const char **alert_reasons; /* rule IDs */
	size_t n_deadlines;         /* complaint-level, e.g. acknowledgement */
	struct deadline *deadlines;
	size_t n_signposts;         /* union over matters, no repeats */
	struct signpost *signposts;
	size_t n_reasons;           /* complaint-level rule IDs (e.g. split) */
	const char **reasons;
	size_t n_matters;
	struct matter_decision *matters;
	struct arena arena;         /* owns everything above */
};

/*
 * Decide. Validates the facts first (facts_validate). On failure *out is
 * NULL. The decision owns its memory; free with decision_free().
 */
enum cwyn_code triage_decide(const struct facts *f, const struct policy *p,
                             const struct calendar *cal, struct decision **out,
                             struct cwyn_error *err);
void decision_free(struct decision *d);

/* Stable identifiers for files, JSON and the API; reverse lookups return
 * false for an unknown name. */
const char *relationship_name(enum relationship r);
const char *channel_name(enum channel c);
const char *language_name(enum language l);   /* "en", "cy" */
const char *matter_subject_name(enum matter_subject s);
const char *agency_name(enum agency a);
const char *court_status_name(enum court_status c);
const char *council_stage_name(enum council_stage s);
const char *conference_stage_name(enum conference_stage s);
const char *route_name(enum route r);
const char *verdict_name(enum verdict v);
const char *deadline_status_name(enum deadline_status s);
bool relationship_from_name(const char *s, enum relationship *out);
bool channel_from_name(const char *s, enum channel *out);
bool language_from_name(const char *s, enum language *out);
bool matter_subject_from_name(const char *s, enum matter_subject *out);
bool agency_from_name(const char *s, enum agency *out);
bool court_status_from_name(const char *s, enum court_status *out);
bool council_stage_from_name(const char *s, enum council_stage *out);
bool conference_stage_from_name(const char *s, enum conference_stage *out);

#endif
