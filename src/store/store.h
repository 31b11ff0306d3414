/*
 * store.h — the case store: every complaint, its people, matters, stages,
 * clocks, timeline and letters, kept for years in SQLite or PostgreSQL.
 *
 * Conventions for every function below:
 * - It takes an open `struct db *` and returns an enum cwyn_code; on failure
 *   `err` (may be NULL) names the field and says why, and nothing is stored.
 * - Transactions belong to the caller: the app layer wraps each use case in
 *   db_begin()/db_commit(). Store functions never begin or commit, so a use
 *   case either happens entirely or not at all.
 * - Every row belongs to an authority. Reads take the caller's authority_id
 *   and never return another authority's rows (a wrong id is ENOTFOUND).
 * - Text fields are `const char *`: NULL means SQL NULL. Rows handed back
 *   by get/list functions have their strings and arrays allocated from the
 *   caller's arena (freed with it). Dates are cwyn_day (CWYN_DAY_NONE for
 *   "no date") and are stored as 'YYYY-MM-DD' text; timestamps are ISO-8601
 *   UTC text ("2026-03-01T09:30:00.123Z"), set by the store, held inline.
 * - Enum-valued columns hold the stable names of the core enums (route
 *   "conference_chair", role "complaints_officer", ...). The store checks
 *   them against the same lists as the database CHECK constraints, so a bad
 *   value is refused with the field named before it reaches SQL.
 * - IDs are positive; 0 in an optional id field means "none" (SQL NULL).
 */
#ifndef CWYN_STORE_STORE_H
#define CWYN_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/error.h"
#include "store/db.h"

/* Timestamps ("2026-03-01T09:30:00.123Z") and references are short and
 * fixed in shape, so rows carry them inline; "" means none (SQL NULL). */
#define STORE_TS_SIZE 32
#define STORE_REF_SIZE 24

/* ---- Opening and schema ------------------------------------------------- */

/* The schema version this build of cwyn knows (the last migration). */
int store_schema_version(void);

/*
 * Apply the missing migrations, each in its own transaction, recording
 * them in schema_migrations. Idempotent. A database whose version is newer
 * than this code knows is refused (CWYN_ESTATE), so an old binary never
 * writes into a newer schema.
 */
enum cwyn_code store_migrate(struct db *db, struct cwyn_error *err);

/* The version the database is at (0 for an empty database). */
enum cwyn_code store_db_version(struct db *db, int *out,
                                struct cwyn_error *err);

/* db_open(url) + store_migrate(). On failure *out is NULL. */
enum cwyn_code store_open(const char *url, struct db **out,
                          struct cwyn_error *err);

/* ---- Authorities -------------------------------------------------------- */

struct store_authority {
	int64_t id;
	const char *code;       /* short unique code, e.g. "cardiff" */
	const char *name_en;
	const char *name_cy;
	const char *policy_id;  /* "wales-2014" */
	int policy_version;
};

/* Insert; sets a->id. Duplicate code is CWYN_ECONFLICT. */
enum cwyn_code store_authority_create(struct db *db, struct store_authority *a,
                                      struct cwyn_error *err);
enum cwyn_code store_authority_get_by_code(struct db *db, const char *code,
                                           struct arena *ar,
                                           struct store_authority *out,
                                           struct cwyn_error *err);
enum cwyn_code store_authority_get(struct db *db, int64_t id, struct arena *ar,
                                   struct store_authority *out,
                                   struct cwyn_error *err);

/* ---- Users --------------------------------------------------------------- */

/* role: complaints_officer, conference_chair, senior_manager, panel_member,
 * investigator, auditor, administrator. */
struct store_user {
	int64_t id;
	int64_t authority_id;
	const char *username;     /* unique within the authority */
	const char *display_name;
	const char *role;
	const char *password_hash; /* NULL: no password set */
	const char *totp_secret;   /* NULL: no second factor set */
	bool disabled;
	char created_at[STORE_TS_SIZE]; /* set by the store */
};

/* Is `role` one of the role names above? */
bool store_role_valid(const char *role);

/* Insert; sets u->id and u->created_at. Duplicate username in the
 * authority is CWYN_ECONFLICT. */
enum cwyn_code store_user_create(struct db *db, struct store_user *u,
                                 struct cwyn_error *err);
enum cwyn_code store_user_get(struct db *db, int64_t authority_id, int64_t id,
                              struct arena *ar, struct store_user *out,
                              struct cwyn_error *err);
enum cwyn_code store_user_get_by_username(struct db *db, int64_t authority_id,
                                          const char *username,
                                          struct arena *ar,
                                          struct store_user *out,
                                          struct cwyn_error *err);
/* All users of the authority, ordered by username. */
enum cwyn_code store_user_list(struct db *db, int64_t authority_id,
                               struct arena *ar, struct store_user **out,
                               size_t *n, struct cwyn_error *err);
/* Update display_name, role, password_hash, totp_secret and disabled of the
 * user u->id in u->authority_id (username and created_at never change). */
enum cwyn_code store_user_update(struct db *db, const struct store_user *u,
                                 struct cwyn_error *err);

/* ---- Cases ----------------------------------------------------------------- */

struct store_case {
	int64_t id;
	int64_t authority_id;
	char reference[STORE_REF_SIZE]; /* "CP-2026-00042", set by create */
	const char *status;        /* "open" | "closed" */
	const char *language;      /* "en" | "cy" */
	const char *channel;       /* "written" | "oral" | "web" */
	cwyn_day received;
	const char *overall_route; /* route name, NULL until triaged */
	bool safeguarding_alert;
	bool restricted;           /* visible only to users in case_access */
	int64_t owner_user_id;     /* 0: nobody yet */
	cwyn_day written_record_agreed_on; /* oral complaints */
	const char *signature;     /* complainant's agreement to the record */
	const char *facts_json;    /* "{}" when NULL on create */
	const char *decision_json;
	int64_t version;           /* optimistic concurrency, starts at 1 */
	char created_at[STORE_TS_SIZE];
	char updated_at[STORE_TS_SIZE];
	char closed_at[STORE_TS_SIZE]; /* "" while open */
	const char *outcome;
	const char *lessons_learned; /* set when closing; NULL: none */
	char anonymised_at[STORE_TS_SIZE]; /* "" while personal details held */
};

/*
 * Insert a new case. The reference CP-<year>-<nnnnn> comes from a
 * per-authority counter for the year the complaint was received, updated
 * in the same transaction, so references are gap-free and never reused
 * (a rolled-back create gives its number back). Sets id, reference,
 * status "open" when NULL, version 1 and the timestamps.
 */
enum cwyn_code store_case_create(struct db *db, struct store_case *c,
                                 struct cwyn_error *err);
enum cwyn_code store_case_get(struct db *db, int64_t authority_id, int64_t id,
                              struct arena *ar, struct store_case *out,
                              struct cwyn_error *err);
enum cwyn_code store_case_get_by_reference(struct db *db, int64_t authority_id,
                                           const char *reference,
                                           struct arena *ar,
                                           struct store_case *out,
                                           struct cwyn_error *err);

/*
 * Save every mutable field of c (not authority_id, reference, created_at)
 * if the case is still at c->version; then c->version is incremented and
 * c->updated_at set. If someone else saved it first, nothing changes and
 * the result is CWYN_ECONFLICT ("the case was changed by someone else;
 * reload"); a case that does not exist is CWYN_ENOTFOUND.
 */
enum cwyn_code store_case_update(struct db *db, struct store_case *c,
                                 struct cwyn_error *err);

struct store_case_filter {
	int64_t authority_id;  /* required */
	const char *status;    /* NULL: any */
	const char *route;     /* overall_route; NULL: any */
	int64_t owner_user_id; /* 0: any */
	bool overdue_only;     /* a running clock due before `today` */
	cwyn_day today;        /* needed with overdue_only */
	bool alert_only;       /* safeguarding_alert set */
	size_t limit;          /* page size, 1..500; 0 means 50 */
	int64_t after_id;      /* keyset: cases with id > after_id; 0 = start */
};

/*
 * One page of cases in id order (oldest first). The rows leave facts_json
 * and decision_json NULL (lists never need them). *more says whether
 * another page follows; pass the last row's id as after_id to get it.
 */
enum cwyn_code store_case_list(struct db *db,
                               const struct store_case_filter *f,
                               struct arena *ar, struct store_case **out,
                               size_t *n, bool *more, struct cwyn_error *err);

/* Restricted cases: grant/revoke a named user, and ask whether allowed. */
enum cwyn_code store_case_access_grant(struct db *db, int64_t authority_id,
                                       int64_t case_id, int64_t user_id,
                                       struct cwyn_error *err);
enum cwyn_code store_case_access_revoke(struct db *db, int64_t authority_id,
                                        int64_t case_id, int64_t user_id,
                                        struct cwyn_error *err);
enum cwyn_code store_case_access_has(struct db *db, int64_t authority_id,
                                     int64_t case_id, int64_t user_id,
                                     bool *out, struct cwyn_error *err);

/* ---- People ---------------------------------------------------------------- */

struct store_complainant {
	int64_t id;
	int64_t case_id;
	int64_t authority_id;
	const char *name;
	const char *relationship;  /* relationship name: "parent", ... */
	bool is_representative;
	const char *represents;    /* whom they represent, or NULL */
	const char *email;
	const char *phone;
	const char *address;
	const char *language;      /* "en" | "cy" */
	const char *contact_preference; /* email, phone, post, in_person */
	const char *accessibility_needs;
};

struct store_child {
	int64_t id;
	int64_t case_id;
	int64_t authority_id;
	const char *label;         /* how staff refer to the child */
	cwyn_day date_of_birth;    /* CWYN_DAY_NONE when unknown */
	int age;                   /* -1 when unknown */
	bool looked_after;
	bool in_education;
};

/* Inserts set ->id; updates change every field but id/case/authority. */
enum cwyn_code store_complainant_insert(struct db *db,
                                       struct store_complainant *c,
                                       struct cwyn_error *err);
enum cwyn_code store_complainant_update(struct db *db,
                                       const struct store_complainant *c,
                                       struct cwyn_error *err);
enum cwyn_code store_complainant_list(struct db *db, int64_t authority_id,
                                     int64_t case_id, struct arena *ar,
                                     struct store_complainant **out,
                                     size_t *n, struct cwyn_error *err);
enum cwyn_code store_child_insert(struct db *db, struct store_child *c,
                                  struct cwyn_error *err);
enum cwyn_code store_child_update(struct db *db, const struct store_child *c,
                                  struct cwyn_error *err);
enum cwyn_code store_child_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_child **out, size_t *n,
                                struct cwyn_error *err);

/* ---- Matters and stages ---------------------------------------------------- */

struct store_matter {
	int64_t id;
	int64_t case_id;
	int64_t authority_id;
	int seq;                    /* 1, 2, ... within the case */
	const char *subject;        /* matter_subject name */
	const char *summary;
	const char *route;          /* route name (never "split"), or NULL */
	const char *council_verdict;   /* verdict name or NULL */
	const char *ombudsman_verdict;
	const char *agency;         /* agency name: "council", "police", ... */
	const char *agency_name;
	bool late;
	bool alert;
	const char *decision_json;
};

struct store_stage {
	int64_t id;
	int64_t matter_id;
	int64_t case_id;
	int64_t authority_id;
	const char *kind;           /* lifecycle stage kind name */
	const char *state;          /* lifecycle stage state name */
	cwyn_day opened_on;
	cwyn_day closed_on;
	const char *outcome;
	int64_t investigator_user_id;
};

enum cwyn_code store_matter_insert(struct db *db, struct store_matter *m,
                                   struct cwyn_error *err);
enum cwyn_code store_matter_update(struct db *db, const struct store_matter *m,
                                   struct cwyn_error *err);
/* In seq order. */
enum cwyn_code store_matter_list(struct db *db, int64_t authority_id,
                                 int64_t case_id, struct arena *ar,
                                 struct store_matter **out, size_t *n,
                                 struct cwyn_error *err);
enum cwyn_code store_stage_insert(struct db *db, struct store_stage *s,
                                  struct cwyn_error *err);
enum cwyn_code store_stage_update(struct db *db, const struct store_stage *s,
                                  struct cwyn_error *err);
/* Every stage of the case, in id (opening) order. */
enum cwyn_code store_stage_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_stage **out, size_t *n,
                                struct cwyn_error *err);

/* ---- Clocks and extensions ------------------------------------------------- */

struct store_clock {
	int64_t id;
	int64_t case_id;
	int64_t matter_id;          /* 0: a case-level clock */
	int64_t stage_id;           /* 0: not tied to a stage */
	int64_t authority_id;
	const char *timescale;      /* ts_id name, e.g. "s2_response" */
	const char *state;          /* "running" | "paused" | "stopped" */
	cwyn_day started_on;
	cwyn_day due_on;
	cwyn_day paused_on;
	int paused_wd_total;        /* working days spent paused so far */
	int extension_wd;           /* working days added by extensions */
	cwyn_day stopped_on;
	bool breached;
	const char *derivation_json;
};

struct store_extension {
	int64_t id;
	int64_t clock_id;
	int64_t case_id;
	int64_t authority_id;
	cwyn_day agreed_on;
	const char *agreed_with;    /* e.g. "complainant" */
	const char *reason;
	bool exceptional;
	int extra_amount;           /* in the clock's unit */
	cwyn_day old_due;
	cwyn_day new_due;
	int64_t recorded_by;        /* user id */
	char recorded_at[STORE_TS_SIZE]; /* set by the store */
};

enum cwyn_code store_clock_insert(struct db *db, struct store_clock *k,
                                  struct cwyn_error *err);
enum cwyn_code store_clock_update(struct db *db, const struct store_clock *k,
                                  struct cwyn_error *err);
enum cwyn_code store_clock_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_clock **out, size_t *n,
                                struct cwyn_error *err);
/*
 * The overdue report: running clocks of the authority due on or before
 * `on_or_before`, earliest first (ties by id). Served by the index on
 * clocks(authority_id, state, due_on).
 */
enum cwyn_code store_clocks_due(struct db *db, int64_t authority_id,
                                cwyn_day on_or_before, struct arena *ar,
                                struct store_clock **out, size_t *n,
                                struct cwyn_error *err);
enum cwyn_code store_extension_insert(struct db *db, struct store_extension *e,
                                      struct cwyn_error *err);
enum cwyn_code store_extension_list(struct db *db, int64_t authority_id,
                                    int64_t case_id, struct arena *ar,
                                    struct store_extension **out, size_t *n,
                                    struct cwyn_error *err);

/* ---- Timeline and letters -------------------------------------------------- */

struct store_event {
	int64_t id;
	int64_t case_id;
	int64_t authority_id;
	char at[STORE_TS_SIZE];     /* "" on insert: now */
	int64_t actor_user_id;      /* 0: the system or the complainant */
	const char *kind;           /* e.g. "case.created", "clock.paused" */
	const char *detail_json;    /* "{}" when NULL */
};

struct store_letter {
	int64_t id;
	int64_t case_id;
	int64_t authority_id;
	const char *kind;           /* e.g. "acknowledgement" */
	const char *language;       /* "en" | "cy" */
	const char *subject;
	const char *body_html;
	char created_at[STORE_TS_SIZE]; /* set by the store */
	char sent_at[STORE_TS_SIZE];    /* "" until sent */
};

enum cwyn_code store_event_insert(struct db *db, struct store_event *e,
                                  struct cwyn_error *err);
/* The timeline, in time order. */
enum cwyn_code store_event_list(struct db *db, int64_t authority_id,
                                int64_t case_id, struct arena *ar,
                                struct store_event **out, size_t *n,
                                struct cwyn_error *err);
enum cwyn_code store_letter_insert(struct db *db, struct store_letter *l,
                                   struct cwyn_error *err);
/* Record that the letter was sent now (once: a sent letter is ESTATE). */
enum cwyn_code store_letter_mark_sent(struct db *db, int64_t authority_id,
                                      int64_t letter_id,
                                      struct cwyn_error *err);
enum cwyn_code store_letter_list(struct db *db, int64_t authority_id,
                                 int64_t case_id, struct arena *ar,
                                 struct store_letter **out, size_t *n,
                                 struct cwyn_error *err);

#endif
