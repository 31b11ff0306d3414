/*
 * outbox.c — the outbox and staff addresses in the database (outbox.h).
 *
 * Written over db.h directly, in the SQL subset both dialects share; the
 * tables are migration 3 (src/store/migrations.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "out/mime.h"
#include "out/outbox.h"

static const char *const kind_names[OUTBOX_KIND__MAX] = {
	"reminder",     /* OUTBOX_REMINDER */
	"escalation",   /* OUTBOX_ESCALATION */
	"digest",       /* OUTBOX_DIGEST */
	"letter",       /* OUTBOX_LETTER */
	"notification", /* OUTBOX_NOTIFICATION */
};

static const char *const state_names[OUTBOX_STATE__MAX] = {
	"pending", /* OUTBOX_PENDING */
	"sending", /* OUTBOX_SENDING */
	"sent",    /* OUTBOX_SENT */
	"failed",  /* OUTBOX_FAILED */
};

static const char *const lang_names[MAIL_LANG__MAX] = {
	"bilingual", /* MAIL_LANG_BILINGUAL */
	"cy",        /* MAIL_LANG_CY */
	"en",        /* MAIL_LANG_EN */
};

const char *outbox_kind_name(enum outbox_kind k)
{
	return (unsigned)k < OUTBOX_KIND__MAX ? kind_names[k] : NULL;
}

const char *outbox_state_name(enum outbox_state s)
{
	return (unsigned)s < OUTBOX_STATE__MAX ? state_names[s] : NULL;
}

bool outbox_state_from_name(const char *s, enum outbox_state *out)
{
	for (int i = 0; s && i < OUTBOX_STATE__MAX; i++) {
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum outbox_state)i;
			return true;
		}
	}
	return false;
}

const char *mail_language_name(enum mail_language l)
{
	return (unsigned)l < MAIL_LANG__MAX ? lang_names[l] : NULL;
}

bool mail_language_from_name(const char *s, enum mail_language *out)
{
	for (int i = 0; s && i < MAIL_LANG__MAX; i++) {
		if (strcmp(s, lang_names[i]) == 0) {
			*out = (enum mail_language)i;
			return true;
		}
	}
	return false;
}

/* ISO-8601 UTC text for a Unix time, like the store's timestamps. */
static void iso_time(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* The PostgreSQL driver may hand integers back as text. */
static int64_t col_int(const struct db_value *v)
{
	if (v->type == DB_INT)
		return v->i;
	if (v->type == DB_TEXT && v->s)
		return (int64_t)strtoll(v->s, NULL, 10);
	return 0;
}

/* ---- Enqueue -------------------------------------------------------------- */

static enum cwyn_code validate(const struct outbox_msg *m,
                               struct cwyn_error *err)
{
	if (m->authority_id <= 0)
		return cwyn_fail(err, CWYN_EINVAL, "authority_id",
		                 "an authority is required");
	if (outbox_kind_name(m->kind) == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "kind", "unknown kind");
	if (!mime_address_valid(m->to_address))
		return cwyn_fail(err, CWYN_EINVAL, "to_address",
		                 "not a valid e-mail address");
	if (m->subject == NULL || m->subject[0] == '\0' ||
	    !mime_header_text_ok(m->subject))
		return cwyn_fail(err, CWYN_EINVAL, "subject",
		                 "the subject must be one line of text without "
		                 "control characters");
	if (strlen(m->subject) > OUTBOX_SUBJECT_MAX)
		return cwyn_fail(err, CWYN_EINVAL, "subject",
		                 "the subject is longer than %d bytes",
		                 OUTBOX_SUBJECT_MAX);
	if (m->body_text == NULL || !mime_body_text_ok(m->body_text))
		return cwyn_fail(err, CWYN_EINVAL, "body_text",
		                 "the text body must be UTF-8 text");
	if (strlen(m->body_text) > OUTBOX_BODY_MAX)
		return cwyn_fail(err, CWYN_EINVAL, "body_text",
		                 "the text body is too long");
	if (m->body_html && (!mime_body_text_ok(m->body_html) ||
	                     strlen(m->body_html) > OUTBOX_BODY_MAX))
		return cwyn_fail(err, CWYN_EINVAL, "body_html",
		                 "the HTML body must be UTF-8 text and not too "
		                 "long");
	if (m->dedupe_key == NULL || m->dedupe_key[0] == '\0' ||
	    strlen(m->dedupe_key) > OUTBOX_KEY_MAX ||
	    !mime_header_text_ok(m->dedupe_key))
		return cwyn_fail(err, CWYN_EINVAL, "dedupe_key",
		                 "a dedupe key of 1 to %d characters is required",
		                 OUTBOX_KEY_MAX);
	return CWYN_OK;
}

static int first_id(void *ctx, const struct db_value *cols, size_t n)
{
	if (n > 0)
		*(int64_t *)ctx = col_int(&cols[0]);
	return 1;
}

enum cwyn_code outbox_enqueue(struct db *db, const struct outbox_msg *m,
                              int64_t now, int64_t *id, bool *queued,
                              struct cwyn_error *err)
{
	enum cwyn_code rc = validate(m, err);
	if (rc != CWYN_OK)
		return rc;
	char created[32];
	iso_time(now, created);
	const char *created_p = created;
	int64_t new_id = 0;
	struct db_value p[] = {
	    DBV_INT(m->authority_id),
	    m->case_id > 0 ? DBV_INT(m->case_id) : DBV_NULL,
	    DBV_TEXT(outbox_kind_name(m->kind)),
	    DBV_TEXT(m->to_address),
	    DBV_TEXT(m->subject),
	    DBV_TEXT(m->body_text),
	    DBV_TEXT(m->body_html),
	    DBV_TEXT(m->dedupe_key),
	    DBV_TEXT(created_p),
	    DBV_INT(now),
	};
	/* ON CONFLICT DO NOTHING returns no row for a key already queued:
	 * that, not an error, is how "already there" is told apart. */
	rc = db_query(db,
	              "INSERT INTO outbox (authority_id, case_id, kind,"
	              " to_address, subject, body_text, body_html, dedupe_key,"
	              " created_at, state, attempts, next_attempt_at)"
	              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)"
	              " ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
	              p, sizeof p / sizeof *p, first_id, &new_id, err);
	if (rc != CWYN_OK)
		return rc;
	if (queued)
		*queued = new_id > 0;
	if (new_id == 0) {
		struct db_value k[] = {DBV_TEXT(m->dedupe_key)};
		rc = db_query_int(db,
		                  "SELECT id FROM outbox WHERE dedupe_key = ?", k,
		                  1, &new_id, err);
		if (rc != CWYN_OK)
			return rc;
	}
	if (id)
		*id = new_id;
	return CWYN_OK;
}

/* ---- Reading -------------------------------------------------------------- */

#define ROW_COLS                                                             \
	"id, authority_id, case_id, kind, state, to_address, subject,"       \
	" body_text, body_html, dedupe_key, message_id, last_error,"         \
	" attempts, next_attempt_at, lease_until, created_at, sent_at"

struct collect {
	struct arena *ar;
	struct outbox_row *rows;
	size_t n, cap;
	bool oom;
};

static const char *col_str(struct arena *ar, const struct db_value *v,
                           bool *oom)
{
	if (v->type == DB_NULL || v->s == NULL)
		return NULL;
	char *s = arena_strndup(ar, v->s, v->type == DB_BLOB ? v->len
	                                                     : strlen(v->s));
	if (s == NULL)
		*oom = true;
	return s;
}

static int collect_row(void *vctx, const struct db_value *c, size_t n)
{
	struct collect *cx = vctx;
	if (n < 17)
		return 1;
	if (cx->n == cx->cap) {
		size_t cap = cx->cap ? cx->cap * 2 : 16;
		struct outbox_row *rows = arena_calloc(cx->ar, cap, sizeof *rows);
		if (rows == NULL) {
			cx->oom = true;
			return 1;
		}
		if (cx->n)
			memcpy(rows, cx->rows, cx->n * sizeof *rows);
		cx->rows = rows;
		cx->cap = cap;
	}
	struct outbox_row *r = &cx->rows[cx->n++];
	bool *oom = &cx->oom;
	r->id = col_int(&c[0]);
	r->authority_id = col_int(&c[1]);
	r->case_id = col_int(&c[2]);
	r->kind = col_str(cx->ar, &c[3], oom);
	r->state = col_str(cx->ar, &c[4], oom);
	r->to_address = col_str(cx->ar, &c[5], oom);
	r->subject = col_str(cx->ar, &c[6], oom);
	r->body_text = col_str(cx->ar, &c[7], oom);
	r->body_html = col_str(cx->ar, &c[8], oom);
	r->dedupe_key = col_str(cx->ar, &c[9], oom);
	r->message_id = col_str(cx->ar, &c[10], oom);
	r->last_error = col_str(cx->ar, &c[11], oom);
	r->attempts = (int)col_int(&c[12]);
	r->next_attempt_at = col_int(&c[13]);
	r->lease_until = col_int(&c[14]);
	r->created_at = col_str(cx->ar, &c[15], oom);
	r->sent_at = col_str(cx->ar, &c[16], oom);
	return cx->oom ? 1 : 0;
}

enum cwyn_code outbox_list(struct db *db, int64_t authority_id,
                           const char *state, size_t limit,
                           struct arena *ar, struct outbox_row **out,
                           size_t *n, struct cwyn_error *err)
{
	enum outbox_state st;
	if (state && !outbox_state_from_name(state, &st))
		return cwyn_fail(err, CWYN_EINVAL, "state",
		                 "state must be pending, sending, sent or failed");
	if (limit == 0 || limit > 500)
		limit = 500;
	struct collect cx = {.ar = ar};
	struct db_value p[] = {
	    DBV_INT(authority_id), DBV_INT(authority_id), DBV_TEXT(state),
	    DBV_TEXT(state),       DBV_INT((int64_t)limit),
	};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT " ROW_COLS " FROM outbox"
	    " WHERE (CAST(? AS BIGINT) = 0 OR authority_id = ?)"
	    " AND (CAST(? AS TEXT) IS NULL OR state = ?)"
	    " ORDER BY id LIMIT ?",
	    p, sizeof p / sizeof *p, collect_row, &cx, err);
	if (rc == CWYN_OK && cx.oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "outbox", "out of memory");
	if (rc == CWYN_OK) {
		*out = cx.rows;
		*n = cx.n;
	}
	return rc;
}

enum cwyn_code outbox_get(struct db *db, int64_t id, struct arena *ar,
                          struct outbox_row *out, struct cwyn_error *err)
{
	struct collect cx = {.ar = ar};
	struct db_value p[] = {DBV_INT(id)};
	enum cwyn_code rc = db_query(db,
	                             "SELECT " ROW_COLS
	                             " FROM outbox WHERE id = ?",
	                             p, 1, collect_row, &cx, err);
	if (rc == CWYN_OK && cx.oom)
		return cwyn_fail(err, CWYN_ENOMEM, "outbox", "out of memory");
	if (rc == CWYN_OK && cx.n == 0)
		return cwyn_fail(err, CWYN_ENOTFOUND, "id",
		                 "no such outbox message");
	if (rc == CWYN_OK)
		*out = cx.rows[0];
	return rc;
}

/* ---- The sender's state changes --------------------------------------------- */

#define DUE_WHERE                                                            \
	"((state = 'pending' AND next_attempt_at <= ?)"                      \
	" OR (state = 'sending' AND lease_until <= ?))"

enum cwyn_code outbox_claim(struct db *db, int64_t now, int lease_s,
                            const char *from, struct arena *ar,
                            struct outbox_row *out, bool *got,
                            struct cwyn_error *err)
{
	*got = false;
	/* A few tries: each lost race means another sender took that row,
	 * so the next SELECT finds a different one (or none). */
	for (int tries = 0; tries < 8; tries++) {
		int64_t id = 0;
		struct db_value p[] = {DBV_INT(now), DBV_INT(now)};
		enum cwyn_code rc = db_query(db,
		                             "SELECT id FROM outbox WHERE " DUE_WHERE
		                             " ORDER BY next_attempt_at, id LIMIT 1",
		                             p, 2, first_id, &id, err);
		if (rc != CWYN_OK)
			return rc;
		if (id == 0)
			return CWYN_OK;
		char msgid[128];
		const char *msgid_p = msgid;
		mime_message_id(from, msgid, sizeof msgid);
		struct db_value u[] = {
		    DBV_INT(now + lease_s), DBV_TEXT(msgid_p), DBV_INT(id),
		    DBV_INT(now),           DBV_INT(now),
		};
		int64_t changes = 0;
		rc = db_exec(db,
		             "UPDATE outbox SET state = 'sending', lease_until = ?,"
		             " attempts = attempts + 1,"
		             " message_id = COALESCE(message_id, CAST(? AS TEXT))"
		             " WHERE id = ? AND " DUE_WHERE,
		             u, sizeof u / sizeof *u, &changes, err);
		if (rc != CWYN_OK)
			return rc;
		if (changes == 1) {
			rc = outbox_get(db, id, ar, out, err);
			if (rc == CWYN_OK)
				*got = true;
			return rc;
		}
	}
	return CWYN_OK;
}

enum cwyn_code outbox_mark_sent(struct db *db, int64_t id, int64_t now,
                                struct cwyn_error *err)
{
	char at[32];
	const char *at_p = at;
	iso_time(now, at);
	struct db_value p[] = {DBV_TEXT(at_p), DBV_INT(id)};
	int64_t changes = 0;
	/* Whatever state it is in now: the relay took the message, so it is
	 * sent, even if a lease ran out meanwhile. */
	enum cwyn_code rc = db_exec(db,
	                            "UPDATE outbox SET state = 'sent', sent_at = ?,"
	                            " lease_until = NULL, last_error = NULL"
	                            " WHERE id = ? AND state <> 'sent'",
	                            p, 2, &changes, err);
	if (rc == CWYN_OK && changes == 0)
		rc = cwyn_fail(err, CWYN_ESTATE, "id",
		               "the message is already marked sent");
	return rc;
}

static enum cwyn_code set_error(struct db *db, int64_t id, const char *state,
                                int64_t next, const char *error,
                                struct cwyn_error *err)
{
	/* Keep the stored error short and on one line. */
	char msg[300];
	snprintf(msg, sizeof msg, "%s", error ? error : "");
	for (char *c = msg; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	const char *msg_p = msg;
	/* next < 0: keep next_attempt_at (a failed row keeps the time of
	 * its last try). */
	struct db_value p[] = {DBV_TEXT(state), DBV_INT(next), DBV_INT(next),
	                       DBV_TEXT(msg_p), DBV_INT(id)};
	int64_t changes = 0;
	enum cwyn_code rc = db_exec(db,
	                            "UPDATE outbox SET state = ?,"
	                            " next_attempt_at = CASE WHEN"
	                            " CAST(? AS BIGINT) < 0 THEN next_attempt_at"
	                            " ELSE CAST(? AS BIGINT) END,"
	                            " lease_until = NULL, last_error = ?"
	                            " WHERE id = ? AND state <> 'sent'",
	                            p, 5, &changes, err);
	if (rc == CWYN_OK && changes == 0)
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "id",
		               "no such unsent outbox message");
	return rc;
}

enum cwyn_code outbox_mark_retry(struct db *db, int64_t id,
                                 int64_t next_attempt_at, const char *error,
                                 struct cwyn_error *err)
{
	return set_error(db, id, "pending", next_attempt_at, error, err);
}

enum cwyn_code outbox_mark_failed(struct db *db, int64_t id,
                                  const char *error, struct cwyn_error *err)
{
	return set_error(db, id, "failed", -1, error, err);
}

/* ---- Staff addresses ---------------------------------------------------------- */

enum cwyn_code mail_address_set(struct db *db, int64_t authority_id,
                                int64_t user_id, const char *address,
                                enum mail_language lang,
                                struct cwyn_error *err)
{
	if (!mime_address_valid(address))
		return cwyn_fail(err, CWYN_EINVAL, "address",
		                 "not a valid e-mail address");
	if (mail_language_name(lang) == NULL)
		return cwyn_fail(err, CWYN_EINVAL, "language",
		                 "language must be bilingual, cy or en");
	int64_t n = 0;
	struct db_value q[] = {DBV_INT(user_id), DBV_INT(authority_id)};
	enum cwyn_code rc = db_query_int(db,
	                                 "SELECT COUNT(*) FROM users"
	                                 " WHERE id = ? AND authority_id = ?",
	                                 q, 2, &n, err);
	if (rc != CWYN_OK)
		return rc;
	if (n == 0)
		return cwyn_fail(err, CWYN_ENOTFOUND, "user", "no such user");
	struct db_value p[] = {DBV_INT(user_id), DBV_INT(authority_id),
	                       DBV_TEXT(address),
	                       DBV_TEXT(mail_language_name(lang))};
	return db_exec(db,
	               "INSERT INTO user_mail (user_id, authority_id, address,"
	               " language) VALUES (?, ?, ?, ?)"
	               " ON CONFLICT (user_id) DO UPDATE SET"
	               " address = excluded.address,"
	               " language = excluded.language",
	               p, 4, NULL, err);
}

struct rcpt_collect {
	struct arena *ar;
	struct mail_recipient *rows;
	size_t n, cap;
	bool oom;
};

static int rcpt_row(void *vctx, const struct db_value *c, size_t n)
{
	struct rcpt_collect *cx = vctx;
	if (n < 5)
		return 1;
	if (cx->n == cx->cap) {
		size_t cap = cx->cap ? cx->cap * 2 : 8;
		struct mail_recipient *rows =
		    arena_calloc(cx->ar, cap, sizeof *rows);
		if (rows == NULL) {
			cx->oom = true;
			return 1;
		}
		if (cx->n)
			memcpy(rows, cx->rows, cx->n * sizeof *rows);
		cx->rows = rows;
		cx->cap = cap;
	}
	struct mail_recipient *r = &cx->rows[cx->n++];
	r->user_id = col_int(&c[0]);
	r->username = col_str(cx->ar, &c[1], &cx->oom);
	r->role = col_str(cx->ar, &c[2], &cx->oom);
	r->address = col_str(cx->ar, &c[3], &cx->oom);
	if (c[4].type == DB_NULL ||
	    !mail_language_from_name(c[4].s, &r->language))
		r->language = MAIL_LANG_BILINGUAL;
	return cx->oom ? 1 : 0;
}

enum cwyn_code mail_recipients(struct db *db, int64_t authority_id,
                               const char *role, int64_t user_id,
                               struct arena *ar, struct mail_recipient **out,
                               size_t *n, struct cwyn_error *err)
{
	struct rcpt_collect cx = {.ar = ar};
	struct db_value p[] = {DBV_INT(authority_id), DBV_TEXT(role),
	                       DBV_TEXT(role), DBV_INT(user_id),
	                       DBV_INT(user_id)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT u.id, u.username, u.role, m.address, m.language"
	    " FROM users u JOIN user_mail m"
	    " ON m.user_id = u.id AND m.authority_id = u.authority_id"
	    " WHERE u.authority_id = ? AND u.disabled = 0"
	    " AND (CAST(? AS TEXT) IS NULL OR u.role = ?)"
	    " AND (CAST(? AS BIGINT) = 0 OR u.id = ?)"
	    " ORDER BY u.username",
	    p, sizeof p / sizeof *p, rcpt_row, &cx, err);
	if (rc == CWYN_OK && cx.oom)
		rc = cwyn_fail(err, CWYN_ENOMEM, "recipients", "out of memory");
	if (rc == CWYN_OK) {
		*out = cx.rows;
		*n = cx.n;
	}
	return rc;
}
