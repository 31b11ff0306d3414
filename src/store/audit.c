/*
 * audit.c — appending to and verifying the hash-chained audit log.
 *
 * The hash of an entry is BLAKE2b-256 over a canonical encoding of
 * (seq, authority_id, at, actor, action, case_id, detail, prev_hash):
 * a version tag, then each field as a presence byte and, for integers,
 * 8 bytes big-endian, for text and hashes an 8-byte length and the bytes.
 * Length prefixes make the encoding unambiguous (no two different entries
 * encode the same), and seq inside the hash pins each entry to its place.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/arena.h"
#include "store/audit.h"
#include "store/store.h"
#include "store/store_internal.h"

static const char *const break_names[AUDIT_BREAK__MAX] = {
	"ok",        /* AUDIT_OK */
	"edited",    /* AUDIT_EDITED */
	"deleted",   /* AUDIT_DELETED */
	"reordered", /* AUDIT_REORDERED */
	"inserted",  /* AUDIT_INSERTED */
};

const char *audit_break_name(enum audit_break b)
{
	return (unsigned)b < AUDIT_BREAK__MAX ? break_names[b] : "?";
}

/* One entry as stored. Strings point into the query row or an arena. */
struct entry {
	int64_t seq;
	int64_t authority_id; /* 0 = NULL */
	int64_t case_id;      /* 0 = NULL */
	const char *at, *actor, *action, *detail;
	unsigned char prev[AUDIT_HASH_BYTES];
	unsigned char hash[AUDIT_HASH_BYTES];
	bool prev_ok, hash_ok; /* the stored blobs had the right length */
};

static const unsigned char zero_hash[AUDIT_HASH_BYTES];

static void put_u64(crypto_generichash_state *st, uint64_t v)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	crypto_generichash_update(st, b, sizeof b);
}

static void put_opt_int(crypto_generichash_state *st, int64_t v)
{
	unsigned char present = v != 0;
	crypto_generichash_update(st, &present, 1);
	if (present)
		put_u64(st, (uint64_t)v);
}

static void put_bytes(crypto_generichash_state *st, const void *p, size_t n)
{
	unsigned char present = p != NULL;
	crypto_generichash_update(st, &present, 1);
	if (!present)
		return;
	put_u64(st, n);
	crypto_generichash_update(st, p, n);
}

static void put_text(crypto_generichash_state *st, const char *s)
{
	put_bytes(st, s, s ? strlen(s) : 0);
}

/* The hash of e as if it were entry number `seq`. */
static void entry_hash(const struct entry *e, int64_t seq,
                       unsigned char out[AUDIT_HASH_BYTES])
{
	static const char tag[] = "cwyn-audit-v1";
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, AUDIT_HASH_BYTES);
	put_bytes(&st, tag, sizeof tag - 1);
	put_u64(&st, (uint64_t)seq);
	put_opt_int(&st, e->authority_id);
	put_text(&st, e->at);
	put_text(&st, e->actor);
	put_text(&st, e->action);
	put_opt_int(&st, e->case_id);
	put_text(&st, e->detail);
	put_bytes(&st, e->prev, AUDIT_HASH_BYTES);
	crypto_generichash_final(&st, out, AUDIT_HASH_BYTES);
}

static bool hash_eq(const unsigned char *a, const unsigned char *b)
{
	return sodium_memcmp(a, b, AUDIT_HASH_BYTES) == 0;
}

/* Copy a hash column; false when it is not a 32-byte blob. */
static bool read_hash(const struct db_value *v,
                      unsigned char out[AUDIT_HASH_BYTES])
{
	memset(out, 0, AUDIT_HASH_BYTES);
	if (v->type != DB_BLOB || v->len != AUDIT_HASH_BYTES || v->s == NULL)
		return false;
	memcpy(out, v->s, AUDIT_HASH_BYTES);
	return true;
}

static const char *col_str(const struct db_value *v)
{
	return v->type == DB_NULL ? NULL : v->s ? v->s : "";
}

/* Fill e from the columns of ENTRY_COLS (strings borrowed). */
static void entry_from_cols(struct entry *e, const struct db_value *c)
{
	e->seq = sval_int(&c[0]);
	e->authority_id = c[1].type == DB_NULL ? 0 : sval_int(&c[1]);
	e->at = col_str(&c[2]);
	e->actor = col_str(&c[3]);
	e->action = col_str(&c[4]);
	e->case_id = c[5].type == DB_NULL ? 0 : sval_int(&c[5]);
	e->detail = col_str(&c[6]);
	e->prev_ok = read_hash(&c[7], e->prev);
	e->hash_ok = read_hash(&c[8], e->hash);
}

#define ENTRY_COLS                                                           \
	"seq, authority_id, at, actor, action, case_id, detail, prev_hash, hash"

/* ---- Appending -------------------------------------------------------------- */

struct head {
	int64_t seq;
	unsigned char hash[AUDIT_HASH_BYTES];
	bool found, ok;
};

static int head_row(void *ctx, const struct db_value *c, size_t n)
{
	struct head *h = ctx;
	if (n < 2)
		return 1;
	h->found = true;
	h->seq = sval_int(&c[0]);
	h->ok = read_hash(&c[1], h->hash);
	return 1;
}

static enum cwyn_code read_head(struct db *db, bool lock, struct head *h,
                                struct cwyn_error *err)
{
	memset(h, 0, sizeof *h);
	const char *sql = lock && db_kind(db) == DB_POSTGRES
	                      ? "SELECT seq, hash FROM audit_head WHERE id = 1"
	                        " FOR UPDATE"
	                      : "SELECT seq, hash FROM audit_head WHERE id = 1";
	enum cwyn_code rc = db_query(db, sql, NULL, 0, head_row, h, err);
	if (rc != CWYN_OK)
		return rc;
	if (!h->found || !h->ok)
		return cwyn_fail(err, CWYN_EDB, "audit_head",
		                 "the audit chain head is missing or damaged");
	return CWYN_OK;
}

enum cwyn_code audit_append(struct db *db, int64_t authority_id,
                            const char *actor, const char *action,
                            int64_t case_id, const char *detail,
                            struct cwyn_error *err)
{
	if (sodium_init() < 0)
		return cwyn_fail(err, CWYN_EINTERNAL, "",
		                 "libsodium could not be initialised");
	if (actor == NULL || actor[0] == '\0' || strlen(actor) > 200)
		return cwyn_fail(err, CWYN_EINVAL, "actor",
		                 "actor is required (at most 200 characters)");
	if (action == NULL || action[0] == '\0' || strlen(action) > 64)
		return cwyn_fail(err, CWYN_EINVAL, "action",
		                 "action is required (at most 64 characters)");
	if (authority_id < 0 || case_id < 0)
		return cwyn_fail(err, CWYN_EINVAL, "case_id", "not a valid id");
	struct head h;
	/* Locks the head on PostgreSQL until the caller's commit, so a second
	 * writer waits here and then sees this entry as the tail. */
	enum cwyn_code rc = read_head(db, true, &h, err);
	if (rc != CWYN_OK)
		return rc;
	char at[STORE_TS_SIZE];
	store_now(at);
	struct entry e = {
	    .seq = h.seq + 1,
	    .authority_id = authority_id,
	    .case_id = case_id,
	    .at = at,
	    .actor = actor,
	    .action = action,
	    .detail = detail ? detail : "",
	};
	memcpy(e.prev, h.hash, AUDIT_HASH_BYTES);
	entry_hash(&e, e.seq, e.hash);
	struct db_value p[] = {
	    DBV_INT(e.seq),
	    authority_id ? DBV_INT(authority_id) : DBV_NULL,
	    DBV_TEXT(e.at),
	    DBV_TEXT(e.actor),
	    DBV_TEXT(e.action),
	    case_id ? DBV_INT(case_id) : DBV_NULL,
	    DBV_TEXT(e.detail),
	    DBV_BLOB(e.prev, AUDIT_HASH_BYTES),
	    DBV_BLOB(e.hash, AUDIT_HASH_BYTES),
	};
	rc = db_exec(db,
	             "INSERT INTO audit_log (" ENTRY_COLS ")"
	             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	             p, sizeof p / sizeof *p, NULL, err);
	if (rc != CWYN_OK)
		return rc;
	struct db_value q[] = {DBV_INT(e.seq), DBV_BLOB(e.hash, AUDIT_HASH_BYTES),
	                       DBV_INT(h.seq)};
	int64_t changes = 0;
	rc = db_exec(db,
	             "UPDATE audit_head SET seq = ?, hash = ?"
	             " WHERE id = 1 AND seq = ?",
	             q, 3, &changes, err);
	if (rc == CWYN_OK && changes != 1)
		rc = cwyn_fail(err, CWYN_ECONFLICT, "audit_head",
		               "another writer extended the audit chain; retry");
	return rc;
}

enum cwyn_code audit_read_case(struct db *db, int64_t authority_id,
                               const char *actor, int64_t case_id,
                               struct cwyn_error *err)
{
	if (case_id <= 0)
		return cwyn_fail(err, CWYN_EINVAL, "case_id", "case_id is required");
	return audit_append(db, authority_id, actor, "case.read", case_id, NULL,
	                    err);
}

/* ---- Verifying ---------------------------------------------------------------- */

#define VERIFY_PAGE 1000

struct walk {
	int64_t expected;  /* the seq the next entry must have */
	unsigned char prev[AUDIT_HASH_BYTES];
	int64_t entries;
	int64_t rows_in_page;
	/* The first entry that does not fit, copied out of the row. */
	bool broken;
	bool hash_bad;     /* its own hash does not match */
	struct entry bad;
	struct arena *ar;
	bool oom;
};

static const char *keep(struct walk *w, const char *s)
{
	if (s == NULL)
		return NULL;
	const char *p = arena_strdup(w->ar, s);
	if (p == NULL)
		w->oom = true;
	return p;
}

static int walk_row(void *ctx, const struct db_value *c, size_t n)
{
	struct walk *w = ctx;
	struct entry e;
	if (n < 9)
		return 1;
	w->rows_in_page++;
	entry_from_cols(&e, c);
	unsigned char h[AUDIT_HASH_BYTES];
	entry_hash(&e, e.seq, h);
	bool hash_bad = !e.hash_ok || !e.prev_ok || !hash_eq(h, e.hash);
	if (e.seq != w->expected || hash_bad || !hash_eq(e.prev, w->prev)) {
		w->broken = true;
		w->hash_bad = hash_bad;
		w->bad = e;
		w->bad.at = keep(w, e.at);
		w->bad.actor = keep(w, e.actor);
		w->bad.action = keep(w, e.action);
		w->bad.detail = keep(w, e.detail);
		return 1;
	}
	memcpy(w->prev, e.hash, AUDIT_HASH_BYTES);
	w->expected++;
	w->entries++;
	return 0;
}

struct found {
	bool found;
	struct entry e;
	unsigned char verifies; /* the entry's hash holds at its own seq */
};

static int found_row(void *ctx, const struct db_value *c, size_t n)
{
	struct found *f = ctx;
	if (n < 9)
		return 1;
	f->found = true;
	entry_from_cols(&f->e, c);
	unsigned char h[AUDIT_HASH_BYTES];
	entry_hash(&f->e, f->e.seq, h);
	f->verifies = f->e.hash_ok && f->e.prev_ok && hash_eq(h, f->e.hash);
	return 1;
}

/*
 * The position an entry was written at, worked out from the entry it
 * points back to: follow prev_hash links until an entry that still sits
 * where it was written, counting the hops. Gives 0 when the links lead
 * nowhere (deleted or forged entries).
 */
static enum cwyn_code written_at(struct db *db, const unsigned char *prev,
                                 int64_t *out, struct cwyn_error *err)
{
	unsigned char h[AUDIT_HASH_BYTES];
	memcpy(h, prev, sizeof h);
	*out = 0;
	for (int64_t hops = 1; hops <= 10000; hops++) {
		if (hash_eq(h, zero_hash)) {
			*out = hops; /* the first entry follows the zero hash */
			return CWYN_OK;
		}
		struct found f = {0};
		struct db_value p[] = {DBV_BLOB(h, AUDIT_HASH_BYTES)};
		enum cwyn_code rc = db_query(
		    db, "SELECT " ENTRY_COLS " FROM audit_log WHERE hash = ?", p,
		    1, found_row, &f, err);
		if (rc != CWYN_OK)
			return rc;
		if (!f.found)
			return CWYN_OK;
		if (f.verifies) {
			*out = f.e.seq + hops;
			return CWYN_OK;
		}
		memcpy(h, f.e.prev, sizeof h);
	}
	return CWYN_OK;
}

static void report(struct audit_report *out, enum audit_break kind,
                   int64_t seq, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(struct audit_report *out, enum audit_break kind,
                   int64_t seq, const char *fmt, ...)
{
	va_list ap;
	out->kind = kind;
	out->seq = seq;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof out->message, fmt, ap);
	va_end(ap);
}

/* Name what is wrong with w->bad, the first entry that did not fit. */
static enum cwyn_code classify(struct db *db, const struct walk *w,
                               struct audit_report *out,
                               struct cwyn_error *err)
{
	const struct entry *b = &w->bad;
	long long s = (long long)b->seq, x = (long long)w->expected;
	if (b->seq > w->expected) {
		if (b->seq == w->expected + 1)
			report(out, AUDIT_DELETED, w->expected,
			       "entry %lld is missing: it was deleted", x);
		else
			report(out, AUDIT_DELETED, w->expected,
			       "entries %lld to %lld are missing: they were "
			       "deleted", x, s - 1);
		return CWYN_OK;
	}
	int64_t orig = 0;
	enum cwyn_code rc = CWYN_OK;
	if (b->prev_ok)
		rc = written_at(db, b->prev, &orig, err);
	if (rc != CWYN_OK)
		return rc;
	if (w->hash_bad) {
		unsigned char h[AUDIT_HASH_BYTES];
		if (orig > 0 && orig != b->seq && b->hash_ok) {
			entry_hash(b, orig, h);
			if (hash_eq(h, b->hash)) {
				report(out, AUDIT_REORDERED, b->seq,
				       "entry %lld holds the record written as "
				       "entry %lld: entries were reordered",
				       s, (long long)orig);
				return CWYN_OK;
			}
		}
		report(out, AUDIT_EDITED, b->seq,
		       "entry %lld was changed after it was written (its hash "
		       "does not match its contents)", s);
		return CWYN_OK;
	}
	/* Intact in itself, but it does not point at the entry before it. */
	if (orig > 0 && orig != b->seq)
		report(out, AUDIT_REORDERED, b->seq,
		       "entry %lld points back to entry %lld, not to entry %lld: "
		       "entries were reordered", s, (long long)orig - 1, s - 1);
	else
		report(out, AUDIT_DELETED, b->seq,
		       "entry %lld does not follow entry %lld: the entry it "
		       "followed was deleted or replaced", s, s - 1);
	return CWYN_OK;
}

enum cwyn_code audit_verify(struct db *db, struct audit_report *out,
                            struct cwyn_error *err)
{
	struct arena ar;
	arena_init(&ar, 0);
	memset(out, 0, sizeof *out);
	struct walk w = {.expected = 1, .ar = &ar};
	enum cwyn_code rc = CWYN_OK;
	if (sodium_init() < 0) {
		rc = cwyn_fail(err, CWYN_EINTERNAL, "",
		               "libsodium could not be initialised");
		goto out;
	}
	/* Pages keyed by seq, so a long log never sits in memory at once. */
	int64_t after = 0;
	for (;;) {
		struct db_value p[] = {DBV_INT(after), DBV_INT(VERIFY_PAGE)};
		w.rows_in_page = 0;
		rc = db_query(db,
		              "SELECT " ENTRY_COLS " FROM audit_log"
		              " WHERE seq > ? ORDER BY seq LIMIT ?",
		              p, 2, walk_row, &w, err);
		if (rc != CWYN_OK)
			goto out;
		if (w.oom) {
			rc = cwyn_fail(err, CWYN_ENOMEM, "", "out of memory");
			goto out;
		}
		if (w.broken || w.rows_in_page < VERIFY_PAGE)
			break;
		after = w.expected - 1;
	}
	out->entries = w.entries;
	if (w.broken) {
		rc = classify(db, &w, out, err);
		goto out;
	}
	/* The rows hold together; does the head agree about the tail? */
	struct head h;
	rc = read_head(db, false, &h, err);
	if (rc != CWYN_OK)
		goto out;
	long long last = (long long)(w.expected - 1);
	if (h.seq > w.expected - 1)
		report(out, AUDIT_DELETED, w.expected,
		       "the last entries were deleted: the chain ends at entry "
		       "%lld but was written up to entry %lld",
		       last, (long long)h.seq);
	else if (h.seq < w.expected - 1)
		report(out, AUDIT_INSERTED, h.seq + 1,
		       "entries %lld to %lld were added without going through "
		       "the audit log", (long long)h.seq + 1, last);
	else if (!hash_eq(h.hash, w.prev))
		report(out, AUDIT_EDITED, w.expected - 1,
		       "entry %lld was rewritten: it does not match the chain "
		       "head", last);
	else
		report(out, AUDIT_OK, 0, "audit chain OK: %lld entries", last);
out:
	arena_free(&ar);
	return rc;
}
