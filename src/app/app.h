/*
 * app.h — the use cases of cwyn: what staff do to a case, each one whole.
 *
 * A complaint becomes a case that lives for years. Every use case here is
 * ONE database transaction: it checks who is asking (authz.h), does its
 * work through core (triage, lifecycle, clocks) and store, records what
 * happened on the case's timeline and writes exactly one entry in the
 * hash-chained audit log — or, on any error, rolls back and leaves
 * nothing half-written. Reads are audited too: reading a case is an
 * audited use case like any other.
 *
 * "Today" is part of the context, never read from the system clock, so the
 * same calls give the same answers in tests (fixed dates) and in the CLI
 * (the real date).
 *
 * Optimistic concurrency: a use case that changes a case takes the version
 * of the case the user saw. If someone else changed it since, the result
 * is CWYN_ECONFLICT ("the case was changed by someone else; reload") and
 * nothing changes. Version 0 means "the case as it is now": only for the
 * command line, where one command reads and acts in the same breath.
 */
#ifndef CWYN_APP_APP_H
#define CWYN_APP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/error.h"
#include "core/language.h"
#include "core/lifecycle.h"
#include "core/policy.h"
#include "core/triage.h"
#include "store/db.h"
#include "store/store.h"

/* ---- Who is acting ------------------------------------------------------ */

/*
 * The staff roles of architecture.md, plus the local operator. The first
 * seven are the roles stored on users. APP_ROLE_OPERATOR is never stored:
 * it is the person at the command line of the machine that holds the
 * database, who could read the file anyway; it is allowed case work so the
 * CLI is useful, and every action is still audited under its username.
 */
enum app_role {
	APP_ROLE_COMPLAINTS_OFFICER = 0,
	APP_ROLE_CONFERENCE_CHAIR,
	APP_ROLE_SENIOR_MANAGER,
	APP_ROLE_PANEL_MEMBER,
	APP_ROLE_INVESTIGATOR, /* only the cases assigned to them */
	APP_ROLE_AUDITOR,      /* read-only, every access logged */
	APP_ROLE_ADMINISTRATOR,/* users and policy; no case content */
	APP_ROLE_OPERATOR,     /* the local CLI operator (see above) */
	APP_ROLE_COMPLAINANT,  /* the public, through the complaint form and
	                        * a tracking link (app/public.h); never stored */
	APP_ROLE__MAX
};

const char *app_role_name(enum app_role r); /* "complaints_officer" */
bool app_role_from_name(const char *s, enum app_role *out);

struct app_actor {
	int64_t user_id;      /* a row in users (events and extensions name it) */
	const char *username; /* written to the audit log */
	enum app_role role;
	int64_t authority_id; /* the only authority whose cases they see */
};

struct app_ctx {
	struct db *db;
	const struct policy *policy;
	const struct calendar *cal;
	struct app_actor actor;
	cwyn_day today;
};

/*
 * The actor for a stored user: role from the user's row. A disabled user
 * or an unknown username is CWYN_ENOTFOUND. username must outlive the
 * actor (it is not copied).
 */
enum cwyn_code app_actor_for_user(struct db *db, int64_t authority_id,
                                  const char *username,
                                  struct app_actor *out,
                                  struct cwyn_error *err);

/* The username of the command-line operator. */
#define APP_CLI_USERNAME "cli"
/* The authority made when the CLI meets an empty database. */
#define APP_DEMO_AUTHORITY "demo"

/*
 * The command-line operator of authority `code` (NULL: the first
 * authority by id). On an empty database with code NULL or "demo", the
 * authority "demo" is created first. The operator has a user row "cli"
 * (stored role: administrator, so the web never lets it near case
 * content) created on first use; the actor returned has APP_ROLE_OPERATOR.
 * Creating either is one transaction with its audit entry.
 * authority_out (may be NULL) receives the authority, strings from ar.
 */
enum cwyn_code app_cli_actor(struct db *db, const char *code,
                             const struct policy *policy, struct arena *ar,
                             struct app_actor *out,
                             struct store_authority *authority_out,
                             struct cwyn_error *err);

/* ---- Intake --------------------------------------------------------------- */

struct app_complainant_in {
	const char *name;           /* NULL: "(name not given)" */
	bool is_representative;
	const char *represents;
	const char *email;
	const char *phone;
	const char *address;
	bool language_set;          /* else the facts' complainant.language */
	enum language language;
	const char *contact_preference; /* email, phone, post, in_person */
	const char *accessibility_needs;
};

struct app_intake {
	const char *facts_json;     /* the facts document (facts_json.h) */
	size_t facts_len;
	struct app_complainant_in complainant;
	const char *const *child_labels; /* labels for the facts' children */
	size_t n_child_labels;           /* (extra labels add children) */
	const char *channel;        /* "written" | "oral" | "web"; NULL: facts */
	bool restricted;
	const int64_t *named_users; /* who may see a restricted case */
	size_t n_named_users;
	int64_t owner_user_id;      /* 0: nobody yet */
};

struct app_case_ref {
	int64_t case_id;
	char reference[STORE_REF_SIZE];
	int64_t version;            /* the version after the change */
};

struct app_intake_result {
	struct app_case_ref ref;
	enum route overall;
	bool safeguarding_alert;
	size_t n_matters;
	size_t n_clocks;
};

enum cwyn_code app_intake(const struct app_ctx *ctx,
                          const struct app_intake *in,
                          struct app_intake_result *out,
                          struct cwyn_error *err);

/* ---- Changing a case ---------------------------------------------------- */

/* Re-run triage with new facts: matters updated, reroutes recorded. */
enum cwyn_code app_route(const struct app_ctx *ctx, const char *reference,
                         int64_t version, const char *facts_json,
                         size_t facts_len, struct app_case_ref *out,
                         struct cwyn_error *err);

struct app_advance {
	const char *reference;
	int64_t version;
	int matter_seq;               /* 1, 2, ... */
	enum stage_action action;
	enum outcome outcome;         /* OUTCOME_NONE: the action's default */
	bool investigator_independent;
	bool complainant_wishes_panel;
	int64_t investigator_user_id; /* appoint_investigator; 0: none */
	cwyn_day on;                  /* the day it happened; NONE: today */
	const char *note;             /* free text for the timeline */
};

enum cwyn_code app_advance(const struct app_ctx *ctx,
                           const struct app_advance *in,
                           struct app_case_ref *out, struct cwyn_error *err);

struct app_extend {
	const char *reference;
	int64_t version;
	int64_t clock_id;
	const char *agreed_with;
	cwyn_day agreed_on;
	const char *reason;
	int extra_days;   /* in the clock's counting unit; or new_due */
	cwyn_day new_due; /* CWYN_DAY_NONE unless a date was agreed */
	bool exceptional;
};

enum cwyn_code app_extend(const struct app_ctx *ctx,
                          const struct app_extend *in,
                          struct app_case_ref *out, struct cwyn_error *err);

/*
 * Close the case with its outcome: upheld, partly_upheld, not_upheld,
 * resolved or withdrawn. Every stage must be over first (CWYN_ESTATE
 * names the open matters), except for "withdrawn", which withdraws the
 * open stages (where the lifecycle allows). Clocks still running stop.
 */
enum cwyn_code app_close(const struct app_ctx *ctx, const char *reference,
                         int64_t version, enum outcome outcome,
                         const char *reason, struct app_case_ref *out,
                         struct cwyn_error *err);

/*
 * app_close, recording what the authority learned from the case
 * (lessons_learned, may be NULL; at most 8000 bytes). Annual reports
 * list lessons without the complainant's identity (out/report.h).
 */
enum cwyn_code app_close_lessons(const struct app_ctx *ctx,
                                 const char *reference, int64_t version,
                                 enum outcome outcome, const char *reason,
                                 const char *lessons,
                                 struct app_case_ref *out,
                                 struct cwyn_error *err);

/* Reopen a closed case; the reason is required and recorded. */
enum cwyn_code app_reopen(const struct app_ctx *ctx, const char *reference,
                          int64_t version, const char *reason,
                          struct app_case_ref *out, struct cwyn_error *err);

/*
 * The complainant agrees and signs (typed name) the written record of an
 * oral or assisted complaint (reg 15(3); S0 for conference complaints).
 */
enum cwyn_code app_agree(const struct app_ctx *ctx, const char *reference,
                         int64_t version, const char *signature,
                         struct app_case_ref *out, struct cwyn_error *err);

/* ---- Reading ------------------------------------------------------------- */

/* Everything about a case, for display. Rows are allocated from the arena
 * given to app_case_read. status[i] is clocks[i] as of ctx->today. */
struct app_case_view {
	struct store_case c;
	struct store_complainant *complainants;
	size_t n_complainants;
	struct store_child *children;
	size_t n_children;
	struct store_matter *matters;
	size_t n_matters;
	struct store_stage *stages;
	size_t n_stages;
	struct store_clock *clocks;
	struct clock_status *status;
	size_t n_clocks;
	struct store_extension *extensions;
	size_t n_extensions;
	struct store_event *events;
	size_t n_events;
	struct store_letter *letters;
	size_t n_letters;
	cwyn_day today;
};

/* Load a case by reference; writes the audit entry "case.read". */
enum cwyn_code app_case_read(const struct app_ctx *ctx, const char *reference,
                             struct arena *ar, struct app_case_view *out,
                             struct cwyn_error *err);

/* The latest stage of a matter in a view (NULL if none). */
const struct store_stage *app_view_current_stage(const struct app_case_view *v,
                                                 int64_t matter_id);

/* A page of the cases the actor may see (audited as "case.list"). */
struct app_case_list_in {
	const char *status;  /* "open" | "closed" | NULL */
	const char *route;   /* route name or NULL */
	bool overdue_only;   /* a running clock past due today */
	size_t limit;        /* 0: 50 */
	int64_t after_id;
	int64_t owner_user_id; /* 0: any owner */
	bool alert_only;     /* only cases with a safeguarding alert */
	/* If not NULL, receives the id to pass as after_id for the next
	 * page: the last case looked at, shown or not (a page whose cases
	 * were all hidden from the actor still moves on). */
	int64_t *next_after;
};

enum cwyn_code app_case_list(const struct app_ctx *ctx,
                             const struct app_case_list_in *in,
                             struct arena *ar, struct store_case **out,
                             size_t *n, bool *more, struct cwyn_error *err);

/* ---- Overdue ------------------------------------------------------------- */

struct app_overdue_item {
	int64_t case_id;
	char reference[STORE_REF_SIZE];
	int64_t clock_id;
	int64_t matter_id;     /* 0: a case-level clock */
	int matter_seq;        /* 0: a case-level clock */
	enum ts_id ts;
	cwyn_day started_on;
	cwyn_day due_on;
	bool breached;         /* past due today */
	int days_overdue;      /* working days past due */
	int due_in_wd;         /* working days left (negative when overdue) */
};

/*
 * What has breached as of today, and what breaches within `within_wd`
 * working days, earliest due first; only cases the actor may see.
 * Audited as one "overdue.read" entry.
 */
enum cwyn_code app_overdue(const struct app_ctx *ctx, int within_wd,
                           struct arena *ar, struct app_overdue_item **out,
                           size_t *n, struct cwyn_error *err);

/* ---- Letters (letters.c; docs/letters.md "Letters of a case") ----------- */

enum app_letter_format { APP_LETTER_HTML = 0, APP_LETTER_PDF,
                         APP_LETTER_FORMAT__MAX };

struct app_letter {
	int64_t id;
	int64_t case_id;
	const char *kind;        /* letter kind name: "acknowledgement" */
	const char *language;    /* "en" | "cy" | "both" */
	const char *subject;
	char created_at[STORE_TS_SIZE];
	char sent_at[STORE_TS_SIZE]; /* "" until sent: by e-mail, the
	                              * outbox's sent time */
	const char *mail_state;  /* its e-mail: "pending", "sending", "sent",
	                          * "failed"; NULL: not e-mailed */
	int64_t outbox_id;       /* 0: not e-mailed */
};

/*
 * Write a letter of `kind` (out/letter.h names: "acknowledgement",
 * "stage1_resolution", ...) for the case, about matter `matter_seq` (0:
 * the whole case), in the case's language (both when not known): built
 * from the stored case, checked (letter_check: a missing field is
 * CWYN_EINVAL naming it), rendered from the authority's templates and
 * stored with its data, on the timeline ("letter") and audited
 * ("letter.create"); queued by e-mail when the complainant prefers it.
 * `extra` is the staff's words the kind needs: the terms of a Stage 1
 * resolution, a response's outcome, why a court matter is excluded.
 * Needs the right to move the case (AZ_CASE_ADVANCE); bumps its version.
 */
enum cwyn_code app_letter_create(const struct app_ctx *ctx,
                                 const char *reference, int64_t version,
                                 const char *kind, int matter_seq,
                                 const char *extra, int64_t *letter_id,
                                 struct app_case_ref *out,
                                 struct cwyn_error *err);

/* The letters of a case, oldest first (AZ_CASE_READ; audited
 * "letter.list"). */
enum cwyn_code app_letter_list(const struct app_ctx *ctx,
                               const char *reference, struct arena *ar,
                               struct app_letter **out, size_t *n,
                               struct cwyn_error *err);

/*
 * One letter: its stored HTML, or a PDF drawn from its stored data with
 * the authority's current templates (AZ_CASE_READ; audited
 * "letter.read"). data/len point into ar; meta may be NULL.
 */
enum cwyn_code app_letter_get(const struct app_ctx *ctx,
                              const char *reference, int64_t letter_id,
                              enum app_letter_format format,
                              struct arena *ar, struct app_letter *meta,
                              const unsigned char **data, size_t *len,
                              struct cwyn_error *err);

/*
 * The actor's authority's letter templates (administrators and the
 * operator only, CWYN_EFORBIDDEN otherwise). kind is a letter kind name,
 * lang "en" or "cy". Set checks the template (an unknown field or a bad
 * tag is CWYN_EINVAL with `source` and the line) and renders the example
 * letter with it before it replaces anything; set and reset are audited
 * ("letter.template.set" / ".reset"). The files live in
 * $CWYN_VAR_DIR/templates/<authority code>/<lang>/<kind>.tmpl.
 */
struct app_letter_template {
	const char *kind;
	const char *lang;
	bool overridden;      /* the authority's own, not the default */
	const char *path;     /* the file in use */
};

enum cwyn_code app_letter_template_list(const struct app_ctx *ctx,
                                        struct arena *ar,
                                        struct app_letter_template **out,
                                        size_t *n, struct cwyn_error *err);
enum cwyn_code app_letter_template_show(const struct app_ctx *ctx,
                                        const char *kind, const char *lang,
                                        struct arena *ar, const char **text,
                                        struct app_letter_template *meta,
                                        struct cwyn_error *err);
enum cwyn_code app_letter_template_set(const struct app_ctx *ctx,
                                       const char *kind, const char *lang,
                                       const char *text, size_t len,
                                       const char *source,
                                       struct cwyn_error *err);
enum cwyn_code app_letter_template_reset(const struct app_ctx *ctx,
                                         const char *kind, const char *lang,
                                         struct cwyn_error *err);

#endif
