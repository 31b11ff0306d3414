/*
 * audit.h — the append-only, hash-chained audit log.
 *
 * Every entry holds the BLAKE2b-256 hash of its own contents and of the
 * entry before it, so changing, deleting or reordering entries after the
 * fact breaks the chain at that point, and `cwyn audit verify` names where.
 * The database refuses UPDATE and DELETE on audit_log (triggers), so only
 * someone able to change the schema can tamper, and then verify shows it.
 *
 * Appends happen inside the caller's transaction, next to the change they
 * record: the action and its audit entry are committed together or not at
 * all. Appenders serialise on the single-row audit_head (SQLite: the write
 * transaction; PostgreSQL: SELECT ... FOR UPDATE), so two writers never
 * extend the same tail and fork the chain.
 */
#ifndef CWYN_STORE_AUDIT_H
#define CWYN_STORE_AUDIT_H

#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

#define AUDIT_HASH_BYTES 32

/* How the chain is broken, at the first broken entry. */
enum audit_break {
	AUDIT_OK = 0,      /* intact */
	AUDIT_EDITED,      /* an entry's contents no longer match its hash */
	AUDIT_DELETED,     /* entries are missing (gap, or the tail cut off) */
	AUDIT_REORDERED,   /* an entry sits where another one was written */
	AUDIT_INSERTED,    /* entries were added behind the chain head's back */
	AUDIT_BREAK__MAX
};

struct audit_report {
	int64_t entries;        /* entries checked */
	enum audit_break kind;  /* AUDIT_OK when the whole chain holds */
	int64_t seq;            /* the first broken entry (0 when OK) */
	char message[320];      /* plain English, for people */
};

/* Stable name of a break kind: "ok", "edited", "deleted", ... */
const char *audit_break_name(enum audit_break b);

/*
 * Append one entry: authority_id 0 means none (system-wide), case_id 0
 * means none; actor is who did it (a username, or "system"); action a
 * short dotted name ("case.create", "case.read"); detail free text (may
 * be NULL). Must run inside the caller's transaction.
 */
enum cwyn_code audit_append(struct db *db, int64_t authority_id,
                            const char *actor, const char *action,
                            int64_t case_id, const char *detail,
                            struct cwyn_error *err);

/* Record that `actor` read case `case_id` (every case read is logged). */
enum cwyn_code audit_read_case(struct db *db, int64_t authority_id,
                               const char *actor, int64_t case_id,
                               struct cwyn_error *err);

/*
 * Walk the whole chain in order and fill *out. Returns CWYN_OK when the
 * walk could be made, whatever it found: look at out->kind. Read-only.
 */
enum cwyn_code audit_verify(struct db *db, struct audit_report *out,
                            struct cwyn_error *err);

#endif
