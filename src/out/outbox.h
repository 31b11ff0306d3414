/*
 * outbox.h — the e-mail outbox: every message cwyn sends is first a row
 * here, written in the same transaction as the change that caused it, and
 * only then sent by the mailer (mailer.h). A rolled-back use case leaves
 * no e-mail behind, and a mail server that is down delays mail without
 * losing it.
 *
 * Idempotent enqueueing: each message carries a dedupe_key naming what it
 * is about ("reminder:<clock_id>:<due_on>", "escalation:<clock_id>:<due_on>",
 * "digest:<user_id>:<date>"); the key is UNIQUE, and enqueueing a key that
 * is already there changes nothing and reports queued=false. So a job run
 * twice never queues the same reminder twice.
 *
 * States: pending -> sending (claimed, with a lease) -> sent; or back to
 * pending with a later next_attempt_at after a temporary failure; or
 * failed after max attempts or a permanent refusal. Times used for
 * scheduling (next_attempt_at, lease_until) are Unix seconds; created_at
 * and sent_at are ISO-8601 UTC text like the rest of the store.
 *
 * Like store.h: the caller owns the transaction; these functions never
 * begin or commit. Values are bound as parameters, never spliced.
 */
#ifndef CWYN_OUT_OUTBOX_H
#define CWYN_OUT_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/db.h"

enum outbox_kind {
	OUTBOX_REMINDER = 0,
	OUTBOX_ESCALATION,
	OUTBOX_DIGEST,
	OUTBOX_LETTER,
	OUTBOX_NOTIFICATION,
	OUTBOX_KIND__MAX
};

enum outbox_state {
	OUTBOX_PENDING = 0,
	OUTBOX_SENDING,
	OUTBOX_SENT,
	OUTBOX_FAILED,
	OUTBOX_STATE__MAX
};

const char *outbox_kind_name(enum outbox_kind k);   /* "reminder" */
const char *outbox_state_name(enum outbox_state s); /* "pending" */
bool outbox_state_from_name(const char *s, enum outbox_state *out);

/* Limits: longer values are refused with the field named. */
#define OUTBOX_SUBJECT_MAX 300
#define OUTBOX_BODY_MAX (256 * 1024)
#define OUTBOX_KEY_MAX 200

struct outbox_msg {
	int64_t authority_id;
	int64_t case_id;          /* 0: not about one case */
	enum outbox_kind kind;
	const char *to_address;   /* one addr-spec (mime_address_valid) */
	const char *subject;      /* UTF-8, no CR/LF */
	const char *body_text;    /* UTF-8 */
	const char *body_html;    /* NULL: text only */
	const char *dedupe_key;   /* what the message is about; unique */
};

/*
 * Queue a message, due at once (next_attempt_at = now). If dedupe_key is
 * already in the outbox, nothing changes: *queued = false and *id (may be
 * NULL) is the existing row's id. Bad input is CWYN_EINVAL naming the
 * field (to_address, subject, body_text, body_html, dedupe_key, kind) and
 * nothing is written: header injection (CR/LF in the subject or the
 * address) is refused here, before anything is stored.
 */
enum cwyn_code outbox_enqueue(struct db *db, const struct outbox_msg *m,
                              int64_t now, int64_t *id, bool *queued,
                              struct cwyn_error *err);

struct outbox_row {
	int64_t id;
	int64_t authority_id;
	int64_t case_id;          /* 0: none */
	const char *kind;
	const char *state;
	const char *to_address;
	const char *subject;
	const char *body_text;
	const char *body_html;    /* NULL: none */
	const char *dedupe_key;
	const char *message_id;   /* NULL until first claimed */
	const char *last_error;   /* NULL: none */
	int attempts;
	int64_t next_attempt_at;  /* Unix seconds */
	int64_t lease_until;      /* Unix seconds; 0: no lease */
	const char *created_at;
	const char *sent_at;      /* NULL until sent */
};

/*
 * Rows in id order, newest last: of one authority (0: all), in one
 * state (NULL: any), at most `limit` (0: 500). Strings from the arena.
 */
enum cwyn_code outbox_list(struct db *db, int64_t authority_id,
                           const char *state, size_t limit,
                           struct arena *ar, struct outbox_row **out,
                           size_t *n, struct cwyn_error *err);

/* One row by id (CWYN_ENOTFOUND when there is none). */
enum cwyn_code outbox_get(struct db *db, int64_t id, struct arena *ar,
                          struct outbox_row *out, struct cwyn_error *err);

/*
 * Claim the next message due at `now`: a pending row whose
 * next_attempt_at has come, or a "sending" row whose lease ran out (its
 * sender died). The row becomes "sending" with lease_until = now +
 * lease_s, attempts + 1, and a Message-ID made from `from` if it had none
 * (kept for every later attempt, so receivers can recognise a repeat).
 * The claim is a conditional UPDATE, so two senders racing for the same
 * row cannot both win. *got = false when nothing is due. Run it in its
 * own short transaction, committed before sending.
 */
enum cwyn_code outbox_claim(struct db *db, int64_t now, int lease_s,
                            const char *from, struct arena *ar,
                            struct outbox_row *out, bool *got,
                            struct cwyn_error *err);

/* The claimed row was accepted by the relay: state sent, sent_at now. */
enum cwyn_code outbox_mark_sent(struct db *db, int64_t id, int64_t now,
                                struct cwyn_error *err);

/* A temporary failure: back to pending until next_attempt_at. */
enum cwyn_code outbox_mark_retry(struct db *db, int64_t id,
                                 int64_t next_attempt_at, const char *error,
                                 struct cwyn_error *err);

/* Given up: state failed, with the last error. */
enum cwyn_code outbox_mark_failed(struct db *db, int64_t id,
                                  const char *error, struct cwyn_error *err);

/* ---- Staff e-mail addresses -------------------------------------------- */

/* How a staff member's e-mail is written. Welsh first by default. */
enum mail_language {
	MAIL_LANG_BILINGUAL = 0, /* Welsh, then English */
	MAIL_LANG_CY,
	MAIL_LANG_EN,
	MAIL_LANG__MAX
};

const char *mail_language_name(enum mail_language l); /* "bilingual" */
bool mail_language_from_name(const char *s, enum mail_language *out);

/*
 * Set (or replace) the e-mail address of user `user_id` in the authority.
 * The address is checked (CWYN_EINVAL "address"); an unknown user is
 * CWYN_ENOTFOUND.
 */
enum cwyn_code mail_address_set(struct db *db, int64_t authority_id,
                                int64_t user_id, const char *address,
                                enum mail_language lang,
                                struct cwyn_error *err);

struct mail_recipient {
	int64_t user_id;
	const char *username;
	const char *role;
	const char *address;
	enum mail_language language;
};

/*
 * The enabled users of the authority with an e-mail address: all of them
 * (role NULL), one role, or one user (user_id > 0), in username order.
 */
enum cwyn_code mail_recipients(struct db *db, int64_t authority_id,
                               const char *role, int64_t user_id,
                               struct arena *ar, struct mail_recipient **out,
                               size_t *n, struct cwyn_error *err);

#endif
