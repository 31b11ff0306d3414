/*
 * store_accounts.c — the rows of sessions, login attempts, API tokens and
 * TOTP steps (store_accounts.h). Plain SQL with bound parameters; rows
 * are copied into fixed-size fields so callers need no arena except for
 * lists.
 */
#include <stdio.h>
#include <string.h>

#include "store/store_accounts.h"
#include "store/store_internal.h"

/* Copy a text column into a fixed buffer ("" for NULL). Values longer
 * than the buffer cannot come from our own writers (CHECK constraints and
 * the app's limits), so truncation only guards against a tampered row. */
static void col_copy(char *dst, size_t size, const struct db_value *v)
{
	const char *s = v->type == DB_TEXT && v->s ? v->s : "";
	snprintf(dst, size, "%s", s);
}

static struct db_value opt_text(const char *s)
{
	return s && s[0] ? DBV_TEXT(s) : DBV_NULL;
}

static struct db_value opt_int(int64_t v)
{
	return v ? DBV_INT(v) : DBV_NULL;
}

/* ---- Sessions ------------------------------------------------------------ */

#define SESSION_COLS                                                         \
	"s.id_hash, s.user_id, s.authority_id, s.created_at, s.last_seen_at," \
	" s.expires_at, s.csrf_token, s.second_factor_done,"                 \
	" s.awaiting_second_factor, s.user_agent_hash, s.remote_addr,"       \
	" u.username, u.role, u.disabled"

enum cwyn_code store_session_insert(struct db *db,
                                    const struct store_session *s,
                                    struct cwyn_error *err)
{
	struct db_value p[] = {
	    DBV_TEXT(s->id_hash),
	    DBV_INT(s->user_id),
	    DBV_INT(s->authority_id),
	    DBV_INT(s->created_at),
	    DBV_INT(s->last_seen_at),
	    DBV_INT(s->expires_at),
	    DBV_TEXT(s->csrf_token),
	    DBV_INT(s->second_factor_done),
	    DBV_INT(s->awaiting_second_factor),
	    opt_text(s->user_agent_hash),
	    opt_text(s->remote_addr),
	};
	return db_exec(db,
	               "INSERT INTO sessions (id_hash, user_id, authority_id,"
	               " created_at, last_seen_at, expires_at, csrf_token,"
	               " second_factor_done, awaiting_second_factor,"
	               " user_agent_hash, remote_addr)"
	               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               p, SCOL_N(p), NULL, err);
}

struct one_row {
	void *out;
	bool found;
};

static int session_row(void *vctx, const struct db_value *c, size_t n)
{
	struct one_row *r = vctx;
	struct store_session *s = r->out;
	if (n < 14)
		return 1;
	col_copy(s->id_hash, sizeof s->id_hash, &c[0]);
	s->user_id = sval_int(&c[1]);
	s->authority_id = sval_int(&c[2]);
	s->created_at = sval_int(&c[3]);
	s->last_seen_at = sval_int(&c[4]);
	s->expires_at = sval_int(&c[5]);
	col_copy(s->csrf_token, sizeof s->csrf_token, &c[6]);
	s->second_factor_done = sval_int(&c[7]) != 0;
	s->awaiting_second_factor = sval_int(&c[8]) != 0;
	col_copy(s->user_agent_hash, sizeof s->user_agent_hash, &c[9]);
	col_copy(s->remote_addr, sizeof s->remote_addr, &c[10]);
	col_copy(s->username, sizeof s->username, &c[11]);
	col_copy(s->role, sizeof s->role, &c[12]);
	s->user_disabled = sval_int(&c[13]) != 0;
	r->found = true;
	return 1;
}

enum cwyn_code store_session_get(struct db *db, const char *id_hash,
                                 struct store_session *out,
                                 struct cwyn_error *err)
{
	struct one_row r = {out, false};
	struct db_value p[] = {DBV_TEXT(id_hash)};
	memset(out, 0, sizeof *out);
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT " SESSION_COLS " FROM sessions s"
	    " JOIN users u ON u.id = s.user_id AND u.authority_id = s.authority_id"
	    " WHERE s.id_hash = ?",
	    p, 1, session_row, &r, err);
	if (rc == CWYN_OK && !r.found)
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "session", "no such session");
	return rc;
}

enum cwyn_code store_session_touch(struct db *db, const char *id_hash,
                                   int64_t last_seen_at,
                                   struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(last_seen_at), DBV_TEXT(id_hash)};
	return db_exec(db,
	               "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?",
	               p, 2, NULL, err);
}

enum cwyn_code store_session_delete(struct db *db, const char *id_hash,
                                    int64_t *n, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_TEXT(id_hash)};
	return db_exec(db, "DELETE FROM sessions WHERE id_hash = ?", p, 1, n,
	               err);
}

enum cwyn_code store_session_delete_user(struct db *db, int64_t user_id,
                                         int64_t *n, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(user_id)};
	return db_exec(db, "DELETE FROM sessions WHERE user_id = ?", p, 1, n,
	               err);
}

enum cwyn_code store_session_purge(struct db *db, int64_t now,
                                   int64_t idle_before, int64_t *n,
                                   struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(now), DBV_INT(idle_before)};
	return db_exec(db,
	               "DELETE FROM sessions WHERE expires_at <= ?"
	               " OR last_seen_at < ?",
	               p, 2, n, err);
}

/* ---- Login attempts ------------------------------------------------------ */

static const char *const outcome_names[STORE_LOGIN__MAX] = {
	"success", /* STORE_LOGIN_SUCCESS */
	"failure", /* STORE_LOGIN_FAILURE */
	"lockout", /* STORE_LOGIN_LOCKOUT */
	"refused", /* STORE_LOGIN_REFUSED */
};

const char *store_login_outcome_name(enum store_login_outcome o)
{
	return (unsigned)o < STORE_LOGIN__MAX ? outcome_names[o] : "?";
}

enum cwyn_code store_login_attempt_insert(struct db *db, int64_t authority_id,
                                          const char *username,
                                          const char *remote_addr, int64_t at,
                                          enum store_login_outcome outcome,
                                          struct cwyn_error *err)
{
	if ((unsigned)outcome >= STORE_LOGIN__MAX)
		return cwyn_fail(err, CWYN_EINTERNAL, "outcome",
		                 "unknown login outcome");
	struct db_value p[] = {
	    DBV_INT(authority_id),
	    DBV_TEXT(username ? username : ""),
	    DBV_TEXT(remote_addr ? remote_addr : ""),
	    DBV_INT(at),
	    DBV_TEXT(outcome_names[outcome]),
	};
	return db_exec(db,
	               "INSERT INTO login_attempts (authority_id, username,"
	               " remote_addr, at, outcome) VALUES (?, ?, ?, ?, ?)",
	               p, SCOL_N(p), NULL, err);
}

static int mark_row(void *vctx, const struct db_value *c, size_t n)
{
	struct store_login_tally *t = vctx;
	if (n >= 3) {
		t->mark_id = sval_int(&c[0]);
		t->mark_at = sval_int(&c[1]);
		t->mark_is_lockout =
		    c[2].type == DB_TEXT && c[2].s && !strcmp(c[2].s, "lockout");
	}
	return 1;
}

static int failures_row(void *vctx, const struct db_value *c, size_t n)
{
	struct store_login_tally *t = vctx;
	if (n >= 2) {
		t->failures = sval_int(&c[0]);
		t->last_failure_at = sval_int(&c[1]);
	}
	return 1;
}

enum cwyn_code store_login_tally(struct db *db, int64_t authority_id,
                                 const char *username, int64_t window_start,
                                 struct store_login_tally *out,
                                 struct cwyn_error *err)
{
	memset(out, 0, sizeof *out);
	struct db_value p[] = {DBV_INT(authority_id), DBV_TEXT(username)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT id, at, outcome FROM login_attempts"
	    " WHERE authority_id = ? AND username = ?"
	    " AND outcome IN ('success', 'lockout') ORDER BY id DESC LIMIT 1",
	    p, 2, mark_row, out, err);
	if (rc != CWYN_OK)
		return rc;
	struct db_value q[] = {DBV_INT(authority_id), DBV_TEXT(username),
	                       DBV_INT(out->mark_id), DBV_INT(window_start)};
	return db_query(db,
	                "SELECT COUNT(*), COALESCE(MAX(at), 0) FROM login_attempts"
	                " WHERE authority_id = ? AND username = ?"
	                " AND outcome = 'failure' AND id > ? AND at > ?",
	                q, 4, failures_row, out, err);
}

struct addr_tally {
	int64_t count, oldest;
};

static int addr_row(void *vctx, const struct db_value *c, size_t n)
{
	struct addr_tally *t = vctx;
	if (n >= 2) {
		t->count = sval_int(&c[0]);
		t->oldest = sval_int(&c[1]);
	}
	return 1;
}

enum cwyn_code store_login_addr_failures(struct db *db, const char *addr,
                                         int64_t since, int64_t *count,
                                         int64_t *oldest_at,
                                         struct cwyn_error *err)
{
	struct addr_tally t = {0, 0};
	struct db_value p[] = {DBV_TEXT(addr ? addr : ""), DBV_INT(since)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM login_attempts"
	    " WHERE remote_addr = ? AND outcome = 'failure' AND at > ?",
	    p, 2, addr_row, &t, err);
	*count = t.count;
	*oldest_at = t.oldest;
	return rc;
}

enum cwyn_code store_login_attempts_prune(struct db *db, int64_t before,
                                          struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(before)};
	return db_exec(db, "DELETE FROM login_attempts WHERE at < ?", p, 1,
	               NULL, err);
}

/* ---- API tokens ---------------------------------------------------------- */

#define TOKEN_COLS                                                           \
	"t.id, t.user_id, t.authority_id, t.name, t.token_hash, t.created_at," \
	" t.last_used_at, t.expires_at, t.revoked_at,"                       \
	" u.username, u.role, u.disabled"
#define TOKEN_FROM                                                           \
	" FROM api_tokens t JOIN users u"                                    \
	" ON u.id = t.user_id AND u.authority_id = t.authority_id"

static void token_fill(struct store_api_token *t, const struct db_value *c)
{
	t->id = sval_int(&c[0]);
	t->user_id = sval_int(&c[1]);
	t->authority_id = sval_int(&c[2]);
	col_copy(t->name, sizeof t->name, &c[3]);
	col_copy(t->token_hash, sizeof t->token_hash, &c[4]);
	t->created_at = sval_int(&c[5]);
	t->last_used_at = sval_int(&c[6]);
	t->expires_at = sval_int(&c[7]);
	t->revoked_at = sval_int(&c[8]);
	col_copy(t->username, sizeof t->username, &c[9]);
	col_copy(t->role, sizeof t->role, &c[10]);
	t->user_disabled = sval_int(&c[11]) != 0;
}

static int token_row(void *vctx, const struct db_value *c, size_t n)
{
	struct one_row *r = vctx;
	if (n < 12)
		return 1;
	token_fill(r->out, c);
	r->found = true;
	return 1;
}

enum cwyn_code store_api_token_insert(struct db *db, struct store_api_token *t,
                                      struct cwyn_error *err)
{
	size_t name_len = strlen(t->name);
	if (name_len == 0 || name_len > 64)
		return cwyn_fail(err, CWYN_EINVAL, "name",
		                 "a token name must be 1 to 64 bytes long");
	struct db_value p[] = {
	    DBV_INT(t->user_id),
	    DBV_INT(t->authority_id),
	    DBV_TEXT(t->name),
	    DBV_TEXT(t->token_hash),
	    DBV_INT(t->created_at),
	    opt_int(t->expires_at),
	};
	return db_query_int(db,
	                    "INSERT INTO api_tokens (user_id, authority_id, name,"
	                    " token_hash, created_at, expires_at)"
	                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	                    p, SCOL_N(p), &t->id, err);
}

enum cwyn_code store_api_token_get_by_hash(struct db *db,
                                           const char *token_hash,
                                           struct store_api_token *out,
                                           struct cwyn_error *err)
{
	struct one_row r = {out, false};
	struct db_value p[] = {DBV_TEXT(token_hash)};
	memset(out, 0, sizeof *out);
	enum cwyn_code rc =
	    db_query(db, "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.token_hash = ?",
	             p, 1, token_row, &r, err);
	if (rc == CWYN_OK && !r.found)
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "token", "no such token");
	return rc;
}

enum cwyn_code store_api_token_get(struct db *db, int64_t authority_id,
                                   int64_t id, struct store_api_token *out,
                                   struct cwyn_error *err)
{
	struct one_row r = {out, false};
	struct db_value p[] = {DBV_INT(id), DBV_INT(authority_id)};
	memset(out, 0, sizeof *out);
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.id = ? AND t.authority_id = ?",
	    p, 2, token_row, &r, err);
	if (rc == CWYN_OK && !r.found)
		rc = cwyn_fail(err, CWYN_ENOTFOUND, "token", "no such token");
	return rc;
}

struct token_list {
	struct arena *ar;
	struct store_api_token *rows;
	size_t n, cap;
	bool nomem;
};

static int token_list_row(void *vctx, const struct db_value *c, size_t n)
{
	struct token_list *l = vctx;
	if (n < 12)
		return 1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct store_api_token *rows =
		    arena_calloc(l->ar, cap, sizeof *rows);
		if (rows == NULL) {
			l->nomem = true;
			return 1;
		}
		if (l->n)
			memcpy(rows, l->rows, l->n * sizeof *rows);
		l->rows = rows;
		l->cap = cap;
	}
	token_fill(&l->rows[l->n++], c);
	return 0;
}

enum cwyn_code store_api_token_list(struct db *db, int64_t authority_id,
                                    int64_t user_id, struct arena *ar,
                                    struct store_api_token **out, size_t *n,
                                    struct cwyn_error *err)
{
	struct token_list l = {.ar = ar};
	struct db_value p[] = {DBV_INT(authority_id), DBV_INT(user_id),
	                       DBV_INT(user_id)};
	enum cwyn_code rc = db_query(
	    db,
	    "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.authority_id = ?"
	    " AND (? = 0 OR t.user_id = ?) ORDER BY t.id",
	    p, 3, token_list_row, &l, err);
	if (rc == CWYN_OK && l.nomem)
		rc = cwyn_fail(err, CWYN_ENOMEM, "tokens", "out of memory");
	*out = rc == CWYN_OK ? l.rows : NULL;
	*n = rc == CWYN_OK ? l.n : 0;
	return rc;
}

enum cwyn_code store_api_token_revoke(struct db *db, int64_t authority_id,
                                      int64_t id, int64_t at,
                                      struct cwyn_error *err)
{
	struct store_api_token t;
	enum cwyn_code rc = store_api_token_get(db, authority_id, id, &t, err);
	if (rc != CWYN_OK)
		return rc;
	if (t.revoked_at != 0)
		return cwyn_fail(err, CWYN_ESTATE, "token",
		                 "the token was already revoked");
	struct db_value p[] = {DBV_INT(at), DBV_INT(id), DBV_INT(authority_id)};
	int64_t changes = 0;
	rc = db_exec(db,
	             "UPDATE api_tokens SET revoked_at = ?"
	             " WHERE id = ? AND authority_id = ? AND revoked_at IS NULL",
	             p, 3, &changes, err);
	if (rc == CWYN_OK && changes != 1)
		rc = cwyn_fail(err, CWYN_ESTATE, "token",
		               "the token was already revoked");
	return rc;
}

enum cwyn_code store_api_token_touch(struct db *db, int64_t id, int64_t at,
                                     struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(at), DBV_INT(id)};
	return db_exec(db, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?",
	               p, 2, NULL, err);
}

enum cwyn_code store_api_token_revoke_user(struct db *db, int64_t user_id,
                                           int64_t at,
                                           struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(at), DBV_INT(user_id)};
	return db_exec(db,
	               "UPDATE api_tokens SET revoked_at = ?"
	               " WHERE user_id = ? AND revoked_at IS NULL",
	               p, 2, NULL, err);
}

/* ---- TOTP replay guard --------------------------------------------------- */

enum cwyn_code store_totp_last_step(struct db *db, int64_t user_id,
                                    int64_t *step, struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(user_id)};
	*step = 0;
	enum cwyn_code rc = db_query_int(
	    db, "SELECT last_step FROM totp_steps WHERE user_id = ?", p, 1, step,
	    err);
	if (rc == CWYN_ENOTFOUND) {
		*step = 0;
		if (err)
			cwyn_error_clear(err);
		rc = CWYN_OK;
	}
	return rc;
}

enum cwyn_code store_totp_advance(struct db *db, int64_t user_id,
                                  int64_t step, bool *advanced,
                                  struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(user_id), DBV_INT(step)};
	int64_t changes = 0;
	*advanced = false;
	enum cwyn_code rc = db_exec(
	    db,
	    "INSERT INTO totp_steps (user_id, last_step) VALUES (?, ?)"
	    " ON CONFLICT (user_id) DO UPDATE SET last_step = excluded.last_step"
	    " WHERE totp_steps.last_step < excluded.last_step",
	    p, 2, &changes, err);
	*advanced = rc == CWYN_OK && changes == 1;
	return rc;
}

enum cwyn_code store_totp_reset(struct db *db, int64_t user_id,
                                struct cwyn_error *err)
{
	struct db_value p[] = {DBV_INT(user_id)};
	return db_exec(db, "DELETE FROM totp_steps WHERE user_id = ?", p, 1,
	               NULL, err);
}
