/*
 * test_accounts.c — accounts and signing in (src/app/accounts.h): the
 * password rules and Argon2id hashes, throttling and lockout, sessions
 * and their timeouts, CSRF, the TOTP second factor (with the RFC 2202,
 * RFC 4226 and RFC 6238 vectors for the HMAC-SHA1 underneath) and API
 * tokens — and that no secret ever lands in the database or the audit
 * log in the clear.
 *
 * The database tests run twice: on SQLite (a temporary file per test) and
 * on PostgreSQL (a fresh schema per test in the server named by
 * CWYN_TEST_PG_URL). Without that variable the PostgreSQL half is skipped
 * with a notice, except under CI, where that is a failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/accounts.h"
#include "app/accounts_internal.h"
#include "app/hmac_sha1.h"
#include "app/totp.h"
#include "core/arena.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"

#define T0 1780000000 /* a fixed "now": 2026-05-28 */
#define PASSWORD "correct horse battery staple"

struct fixture {
	struct db *db;
	enum db_kind kind;
	struct test_db t; /* the database, on either backend */
	struct arena ar;
	struct accounts acc;
	int64_t auth;
};


/* ---- Helpers -------------------------------------------------------------- */

static void hex_of(const unsigned char *b, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = '\0';
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(f->db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

/* Every text value of a query, joined, to search for leaked secrets. */
struct dump {
	char *buf;
	size_t len, cap;
};

static int dump_row(void *vctx, const struct db_value *cols, size_t n)
{
	struct dump *d = vctx;
	for (size_t i = 0; i < n; i++) {
		if (cols[i].type != DB_TEXT || cols[i].s == NULL)
			continue;
		size_t l = strlen(cols[i].s);
		if (d->len + l + 2 > d->cap) {
			d->cap = (d->len + l + 2) * 2;
			d->buf = realloc(d->buf, d->cap);
			assert_non_null(d->buf);
		}
		memcpy(d->buf + d->len, cols[i].s, l);
		d->len += l;
		d->buf[d->len++] = '\n';
		d->buf[d->len] = '\0';
	}
	return 0;
}

/* The text of every column the accounts touch, and the whole audit log. */
static char *dump_all(struct fixture *f)
{
	static const char *const queries[] = {
	    "SELECT username, display_name, role, password_hash, totp_secret"
	    " FROM users",
	    "SELECT id_hash, csrf_token, user_agent_hash, remote_addr"
	    " FROM sessions",
	    "SELECT username, remote_addr, outcome FROM login_attempts",
	    "SELECT name, token_hash FROM api_tokens",
	    "SELECT actor, action, detail FROM audit_log",
	};
	struct dump d = {calloc(1, 1), 0, 1};
	struct cwyn_error err = {0};
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
		assert_int_equal(db_query(f->db, queries[i], NULL, 0, dump_row,
		                          &d, &err),
		                 CWYN_OK);
	return d.buf;
}

static char *dump_audit(struct fixture *f)
{
	struct dump d = {calloc(1, 1), 0, 1};
	struct cwyn_error err = {0};
	assert_int_equal(db_query(f->db,
	                          "SELECT actor, action, detail FROM audit_log"
	                          " ORDER BY seq",
	                          NULL, 0, dump_row, &d, &err),
	                 CWYN_OK);
	return d.buf;
}

static int64_t audit_count(struct fixture *f, const char *action)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM audit_log WHERE action = '%s'", action);
	return count(f, sql);
}

static int64_t make_user(struct fixture *f, const char *username,
                         const char *role, const char *password)
{
	struct account_new n = {
	    .authority_id = f->auth,
	    .username = username,
	    .role = role,
	    .password = password,
	};
	struct cwyn_error err = {0};
	int64_t id = 0;
	assert_int_equal(account_create(&f->acc, "cli", &n, &id, &err), CWYN_OK);
	assert_true(id > 0);
	return id;
}

static enum cwyn_code login(struct fixture *f, const char *username,
                            const char *password, const char *code,
                            const char *addr, int64_t now,
                            struct account_login_result *out,
                            struct cwyn_error *err)
{
	struct account_login in = {
	    .authority_id = f->auth,
	    .username = username,
	    .password = password,
	    .totp_code = code,
	    .remote_addr = addr,
	    .user_agent = "Mozilla/5.0 (test)",
	    .now = now,
	};
	return account_login(&f->acc, &in, out, err);
}

/* The current code for a base32 secret at `now`, shifted by `steps`. */
static void code_at(const char *secret, int64_t now, int steps,
                    char out[8])
{
	unsigned char key[64];
	size_t n = 0;
	assert_true(base32_decode(secret, key, sizeof key, &n));
	assert_int_equal(n, TOTP_SECRET_BYTES);
	uint32_t v = totp_hotp(key, n,
	                       (uint64_t)(totp_step_of(now) + steps), 6);
	snprintf(out, 8, "%06u", (unsigned)v);
}

/* ---- Fixtures ---------------------------------------------------------------- */

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	if (store_migrate(f->db, &err) != CWYN_OK) {
		fprintf(stderr, "migrate: %s: %s\n", err.field, err.message);
		return -1;
	}
	arena_init(&f->ar, 0);
	struct store_authority a = {
	    .code = "cardiff",
	    .name_en = "Test Council",
	    .name_cy = "Cyngor Prawf",
	    .policy_id = "wales-2014",
	    .policy_version = 1,
	};
	if (store_authority_create(f->db, &a, &err) != CWYN_OK)
		return -1;
	f->auth = a.id;
	accounts_init(&f->acc, f->db);
	/* Most tests are about passwords and sessions; the second factor
	 * has its own tests with the production setting. */
	f->acc.cfg.require_totp_for_staff = false;
	return 0;
}

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "acc", true) != 0) {
		free(f);
		return -1;
	}
	f->db = f->t.db;
	f->kind = kind;
	*state = f;
	return setup_common(f);
}

static int setup_sqlite(void **state)
{
	return setup_backend(state, DB_SQLITE);
}

static int setup_pg(void **state)
{
	return setup_backend(state, DB_POSTGRES);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (f == NULL)
		return 0;
	test_db_destroy(&f->t);
	arena_free(&f->ar);
	free(f);
	return 0;
}

/* ---- Pure: SHA-1, HMAC-SHA1, HOTP/TOTP, base32 ----------------------------- */

static void sha1_fips_examples(void **state)
{
	(void)state;
	static const struct {
		const char *msg;
		const char *hex;
	} v[] = {
	    {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
	    {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
	    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	     "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
	};
	unsigned char d[SHA1_DIGEST_BYTES];
	char hex[2 * SHA1_DIGEST_BYTES + 1];
	struct sha1_ctx c;
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		sha1_init(&c);
		sha1_update(&c, v[i].msg, strlen(v[i].msg));
		sha1_final(&c, d);
		hex_of(d, sizeof d, hex);
		assert_string_equal(hex, v[i].hex);
	}
	/* A million 'a', fed in odd-sized pieces across block edges. */
	char chunk[997];
	memset(chunk, 'a', sizeof chunk);
	sha1_init(&c);
	size_t left = 1000000;
	while (left) {
		size_t n = left < sizeof chunk ? left : sizeof chunk;
		sha1_update(&c, chunk, n);
		left -= n;
	}
	sha1_final(&c, d);
	hex_of(d, sizeof d, hex);
	assert_string_equal(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

static void hmac_sha1_rfc2202(void **state)
{
	(void)state;
	unsigned char k0b[20], kaa20[20], kaa80[80], k0c[20], k25[25];
	unsigned char dd[50], cd[50];
	memset(k0b, 0x0b, sizeof k0b);
	memset(kaa20, 0xaa, sizeof kaa20);
	memset(kaa80, 0xaa, sizeof kaa80);
	memset(k0c, 0x0c, sizeof k0c);
	for (int i = 0; i < 25; i++)
		k25[i] = (unsigned char)(i + 1);
	memset(dd, 0xdd, sizeof dd);
	memset(cd, 0xcd, sizeof cd);
	static const char m6[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";
	static const char m7[] = "Test Using Larger Than Block-Size Key and "
	                         "Larger Than One Block-Size Data";
	const struct {
		const void *key;
		size_t key_len;
		const void *msg;
		size_t msg_len;
		const char *hex;
	} v[] = {
	    {k0b, 20, "Hi There", 8, "b617318655057264e28bc0b6fb378c8ef146be00"},
	    {"Jefe", 4, "what do ya want for nothing?", 28,
	     "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
	    {kaa20, 20, dd, 50, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
	    {k25, 25, cd, 50, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
	    {k0c, 20, "Test With Truncation", 20,
	     "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
	    {kaa80, 80, m6, strlen(m6),
	     "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
	    {kaa80, 80, m7, strlen(m7),
	     "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		unsigned char mac[SHA1_DIGEST_BYTES];
		char hex[2 * SHA1_DIGEST_BYTES + 1];
		hmac_sha1(v[i].key, v[i].key_len, v[i].msg, v[i].msg_len, mac);
		hex_of(mac, sizeof mac, hex);
		assert_string_equal(hex, v[i].hex);
	}
}

static const unsigned char rfc_seed[] = "12345678901234567890";

static void hotp_rfc4226(void **state)
{
	(void)state;
	static const uint32_t want[10] = {755224, 287082, 359152, 969429,
	                                  338314, 254676, 287922, 162583,
	                                  399871, 520489};
	for (uint64_t c = 0; c < 10; c++)
		assert_int_equal(totp_hotp(rfc_seed, 20, c, 6), want[c]);
}

static void totp_rfc6238_sha1(void **state)
{
	(void)state;
	/* RFC 6238 appendix B, SHA1 column (8 digits), and the same values
	 * truncated to the 6 digits cwyn uses (the last six). */
	static const struct {
		int64_t t;
		uint32_t eight, six;
	} v[] = {
	    {59, 94287082, 287082},
	    {1111111109, 7081804, 81804},
	    {1111111111, 14050471, 50471},
	    {1234567890, 89005924, 5924},
	    {2000000000, 69279037, 279037},
	    {20000000000LL, 65353130, 353130},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		uint64_t step = (uint64_t)totp_step_of(v[i].t);
		assert_int_equal(totp_hotp(rfc_seed, 20, step, 8), v[i].eight);
		assert_int_equal(totp_hotp(rfc_seed, 20, step, 6), v[i].six);
	}
	/* The typed form keeps its leading zeros. */
	int64_t m = 0;
	assert_true(totp_verify(rfc_seed, 20, "081804", 1111111109, 0, -1, &m));
	assert_int_equal(m, 1111111109 / 30);
	assert_true(totp_verify(rfc_seed, 20, "081 804", 1111111109, 0, -1, &m));
	assert_false(totp_verify(rfc_seed, 20, "81804", 1111111109, 0, -1, &m));
	assert_false(totp_verify(rfc_seed, 20, "0818040", 1111111109, 0, -1,
	                         &m));
	assert_false(totp_verify(rfc_seed, 20, "08180x", 1111111109, 0, -1,
	                         &m));
	assert_false(totp_verify(rfc_seed, 20, NULL, 1111111109, 0, -1, &m));
}

static void totp_window_and_replay(void **state)
{
	(void)state;
	const int64_t now = 1234567890;
	const int64_t step = now / 30;
	char code[8];
	int64_t m = 0;
	for (int d = -2; d <= 2; d++) {
		snprintf(code, sizeof code, "%06u",
		         (unsigned)totp_hotp(rfc_seed, 20, (uint64_t)(step + d), 6));
		bool ok = totp_verify(rfc_seed, 20, code, now, TOTP_WINDOW, 0, &m);
		if (d >= -1 && d <= 1) {
			assert_true(ok);
			assert_int_equal(m, step + d);
		} else {
			assert_false(ok);
		}
	}
	/* Replay: a step at or before the last one used is refused. */
	snprintf(code, sizeof code, "%06u",
	         (unsigned)totp_hotp(rfc_seed, 20, (uint64_t)step, 6));
	assert_false(totp_verify(rfc_seed, 20, code, now, 1, step, &m));
	assert_false(totp_verify(rfc_seed, 20, code, now, 1, step + 1, &m));
	assert_true(totp_verify(rfc_seed, 20, code, now, 1, step - 1, &m));
}

static void base32_rfc4648(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} v[] = {
	    {"", ""},          {"f", "MY"},           {"fo", "MZXQ"},
	    {"foo", "MZXW6"},  {"foob", "MZXW6YQ"},   {"fooba", "MZXW6YTB"},
	    {"foobar", "MZXW6YTBOI"},
	};
	for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
		char enc[32];
		unsigned char dec[32];
		size_t n = 0;
		assert_true(base32_encode((const unsigned char *)v[i].in,
		                          strlen(v[i].in), enc, sizeof enc));
		assert_string_equal(enc, v[i].out);
		assert_true(base32_decode(v[i].out, dec, sizeof dec, &n));
		assert_int_equal(n, strlen(v[i].in));
		assert_memory_equal(dec, v[i].in, n);
	}
	unsigned char dec[32];
	size_t n = 0;
	/* Lower case, padding and spaces are what people paste. */
	assert_true(base32_decode("mzxw 6ytb oi======", dec, sizeof dec, &n));
	assert_int_equal(n, 6);
	assert_memory_equal(dec, "foobar", 6);
	assert_false(base32_decode("MZXW1", dec, sizeof dec, &n)); /* '1' */
	assert_false(base32_decode("MZ", dec, 0, &n));          /* no room */
	assert_false(base32_decode("MZ7", dec, sizeof dec, &n)); /* junk bits */
	char small[4];
	assert_false(base32_encode((const unsigned char *)"foo", 3, small,
	                           sizeof small));
}

static void bearer_header(void **state)
{
	(void)state;
	assert_string_equal(api_token_from_header("Bearer cwyn_abc"), "cwyn_abc");
	assert_string_equal(api_token_from_header("bearer  cwyn_abc"),
	                    "cwyn_abc");
	assert_null(api_token_from_header("Basic dXNlcjpwdw=="));
	assert_null(api_token_from_header("Bearer "));
	assert_null(api_token_from_header("Bearercwyn_abc"));
	assert_null(api_token_from_header(NULL));
}

static void password_rules_name_the_rule(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	assert_int_equal(account_password_rules("alice", "short pw 11", &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "password");
	assert_non_null(strstr(err.message, "at least 12 characters"));
	/* Characters, not bytes: twelve ŵ are 24 bytes and enough; eleven
	 * are 22 bytes and not. */
	assert_int_equal(account_password_rules(
	                     "alice", "ŵŵŵŵŵŵŵŵŵŵŵŵ", &err),
	                 CWYN_OK);
	assert_int_equal(account_password_rules("alice", "ŵŵŵŵŵŵŵŵŵŵŵ", &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "at least 12"));
	char big[1100];
	memset(big, 'x', sizeof big);
	big[1024] = '\0';
	assert_int_equal(account_password_rules("alice", big, &err), CWYN_OK);
	big[1024] = 'x';
	big[1025] = '\0';
	assert_int_equal(account_password_rules("alice", big, &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "at most 1024 bytes"));
	static const char *const bad_utf8[] = {
	    "abcdefghijklm\xff",         /* never valid */
	    "abcdefghijklm\xc0\xaf",     /* overlong '/' */
	    "abcdefghijklm\xed\xa0\x80", /* a surrogate */
	    "abcdefghijklm\xf4\x90\x80\x80", /* above U+10FFFF */
	    "abcdefghijklm\xe2\x82",     /* cut short */
	};
	for (size_t i = 0; i < sizeof bad_utf8 / sizeof *bad_utf8; i++) {
		assert_int_equal(account_password_rules("alice", bad_utf8[i],
		                                        &err),
		                 CWYN_EINVAL);
		assert_non_null(strstr(err.message, "UTF-8"));
	}
	assert_int_equal(account_password_rules("alice.jones-2026",
	                                        "Alice.Jones-2026", &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "username"));
	assert_int_equal(account_password_rules("alice", "", &err), CWYN_EINVAL);
	assert_int_equal(account_password_rules("alice", NULL, &err),
	                 CWYN_EINVAL);
	char gen[32];
	account_password_generate(gen, sizeof gen);
	assert_int_equal(strlen(gen), 20);
	assert_int_equal(account_password_rules("alice", gen, &err), CWYN_OK);
	char gen2[32];
	account_password_generate(gen2, sizeof gen2);
	assert_string_not_equal(gen, gen2);
}

/* ---- Database: accounts and passwords --------------------------------------- */

static void passwords_are_hashed_with_argon2id(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f, "alice", "complaints_officer", PASSWORD);
	struct store_user u;
	struct cwyn_error err = {0};
	assert_int_equal(store_user_get(f->db, f->auth, id, &f->ar, &u, &err),
	                 CWYN_OK);
	assert_non_null(u.password_hash);
	assert_true(strncmp(u.password_hash, "$argon2id$", 10) == 0);
	assert_non_null(strstr(u.password_hash, "m=65536,t=2")); /* INTERACTIVE */
	assert_null(strstr(u.password_hash, "horse"));
	assert_true(password_verify(f->acc.cfg.pwhash, u.password_hash, PASSWORD));
	assert_false(password_verify(f->acc.cfg.pwhash, u.password_hash,
	                             "correct horse battery stapler"));
	assert_false(password_verify(f->acc.cfg.pwhash, NULL, PASSWORD));
	assert_false(password_verify(f->acc.cfg.pwhash, "not a hash", PASSWORD));
	assert_false(password_needs_rehash(ACCOUNT_PWHASH_INTERACTIVE,
	                                   u.password_hash));
	assert_true(password_needs_rehash(ACCOUNT_PWHASH_MODERATE,
	                                  u.password_hash));
	/* The same password hashes differently each time (random salt). */
	int64_t id2 = make_user(f, "bob", "auditor", PASSWORD);
	struct store_user u2;
	assert_int_equal(store_user_get(f->db, f->auth, id2, &f->ar, &u2, &err),
	                 CWYN_OK);
	assert_string_not_equal(u.password_hash, u2.password_hash);
	/* Creating is audited, without the password. */
	assert_int_equal(audit_count(f, "user.create"), 2);
	char *all = dump_all(f);
	assert_null(strstr(all, PASSWORD));
	free(all);
}

static void weak_passwords_are_refused_and_nothing_stored(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	struct account_new n = {
	    .authority_id = f->auth,
	    .username = "carol",
	    .role = "conference_chair",
	    .password = "tooshort",
	};
	assert_int_equal(account_create(&f->acc, "cli", &n, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "password");
	assert_non_null(strstr(err.message, "at least 12 characters"));
	n.password = "carol";
	n.username = "carol";
	assert_int_equal(account_create(&f->acc, "cli", &n, NULL, &err),
	                 CWYN_EINVAL);
	n.password = "Carol-the-Chair";
	n.username = "carol-the-chair";
	assert_int_equal(account_create(&f->acc, "cli", &n, NULL, &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "not be the username"));
	n.password = PASSWORD;
	n.role = "superuser";
	assert_int_equal(account_create(&f->acc, "cli", &n, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "role");
	n.role = "auditor";
	n.username = "has space";
	assert_int_equal(account_create(&f->acc, "cli", &n, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "username");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM users"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"), 0);
	/* A duplicate username is a conflict, named. */
	make_user(f, "dave", "auditor", PASSWORD);
	n.username = "dave";
	assert_int_equal(account_create(&f->acc, "cli", &n, NULL, &err),
	                 CWYN_ECONFLICT);
	assert_string_equal(err.field, "username");
	/* Changing a password follows the same rules. */
	assert_int_equal(account_set_password(&f->acc, "cli", f->auth, "dave",
	                                      "2short", &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.message, "at least 12"));
}

/* ---- Database: signing in ---------------------------------------------------------- */

static void login_creates_a_session(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "192.0.2.1", T0, &r,
	                       &err),
	                 CWYN_OK);
	assert_int_equal(r.status, ACCOUNT_LOGIN_OK);
	assert_int_equal(strlen(r.token), 43);
	assert_int_equal(r.session.user.user_id, id);
	assert_string_equal(r.session.user.username, "alice");
	assert_string_equal(r.session.user.role, "complaints_officer");
	assert_int_equal(r.session.expires_at, T0 + 12 * 3600);
	assert_true(strlen(r.session.csrf_token) >= 43);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 1);

	struct account_session s;
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 5, &s, &err),
	                 CWYN_OK);
	assert_int_equal(s.user.user_id, id);
	assert_int_equal(s.user.authority_id, f->auth);
	assert_string_equal(s.csrf_token, r.session.csrf_token);
	/* Stored under its hash only. */
	char h[STORE_HASH_HEX_SIZE];
	token_hash_hex(r.token, h);
	char sql[200];
	snprintf(sql, sizeof sql,
	         "SELECT COUNT(*) FROM sessions WHERE id_hash = '%s'", h);
	assert_int_equal(count(f, sql), 1);
	char *all = dump_all(f);
	assert_null(strstr(all, r.token));
	assert_null(strstr(all, PASSWORD));
	assert_null(strstr(all, "Mozilla"));
	free(all);
	assert_int_equal(audit_count(f, "login.success"), 1);
	/* Junk and unknown tokens find nothing. */
	assert_int_equal(session_lookup(&f->acc, "nope", T0, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(session_lookup(&f->acc, NULL, T0, &s, &err),
	                 CWYN_ENOTFOUND);
	char other[ACCOUNT_TOKEN_SIZE];
	token_random(other);
	assert_int_equal(session_lookup(&f->acc, other, T0, &s, &err),
	                 CWYN_ENOTFOUND);
	/* Two logins, two different sessions. */
	struct account_login_result r2;
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0 + 10, &r2,
	                       &err),
	                 CWYN_OK);
	assert_string_not_equal(r.token, r2.token);
	assert_string_not_equal(r.session.csrf_token, r2.session.csrf_token);
}

static void unknown_user_gets_the_wrong_password_answer(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	make_user(f, "nopass", "auditor", NULL);
	make_user(f, "gone", "auditor", PASSWORD);
	struct cwyn_error err = {0};
	assert_int_equal(account_disable(&f->acc, "cli", f->auth, "gone", T0,
	                                 &err),
	                 CWYN_OK);
	struct account_login_result r;
	struct cwyn_error wrong = {0}, unknown = {0}, nopass = {0}, gone = {0};
	assert_int_equal(login(f, "alice", "not the password!", NULL, NULL, T0,
	                       &r, &wrong),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "mallory", PASSWORD, NULL, NULL, T0, &r,
	                       &unknown),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "nopass", PASSWORD, NULL, NULL, T0, &r,
	                       &nopass),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "gone", PASSWORD, NULL, NULL, T0, &r, &gone),
	                 CWYN_EFORBIDDEN);
	assert_string_equal(wrong.message, ACCOUNT_MSG_BAD_LOGIN);
	assert_string_equal(unknown.message, wrong.message);
	assert_string_equal(unknown.field, wrong.field);
	assert_string_equal(nopass.message, wrong.message);
	assert_string_equal(gone.message, wrong.message);
	assert_int_equal(r.token[0], '\0');
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 0);
	/* The audit log tells them apart for the auditor, with no password. */
	assert_int_equal(audit_count(f, "login.failure"), 4);
	char *audit = dump_audit(f);
	assert_non_null(strstr(audit, "reason=unknown_user"));
	assert_non_null(strstr(audit, "reason=wrong_password"));
	assert_non_null(strstr(audit, "reason=disabled"));
	assert_null(strstr(audit, "not the password"));
	assert_null(strstr(audit, PASSWORD));
	free(audit);
	/* A user in another authority is not this one's user. */
	struct account_login in = {.authority_id = f->auth + 100,
	                           .username = "alice",
	                           .password = PASSWORD,
	                           .now = T0};
	assert_int_equal(account_login(&f->acc, &in, &r, &err),
	                 CWYN_EFORBIDDEN);
	assert_string_equal(err.message, ACCOUNT_MSG_BAD_LOGIN);
}

static void failures_back_off_then_lock_then_unlock(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct cwyn_error err = {0};
	int64_t now = T0;
	/* Three quick failures are allowed; the fourth must wait a second. */
	for (int i = 0; i < 3; i++)
		assert_int_equal(login(f, "alice", "wrong password!", NULL,
		                       "192.0.2.7", now, &r, &err),
		                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "192.0.2.7", now, &r,
	                       &err),
	                 CWYN_ESTATE);
	assert_int_equal(r.retry_after, 1);
	assert_non_null(strstr(err.message, "wait"));
	/* The right password after the wait works and resets the count. */
	now += 1;
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "192.0.2.7", now, &r,
	                       &err),
	                 CWYN_OK);
	/* Ten failures in the window lock the name; each waits its backoff
	 * (1, 2, 4 ... capped at 60 s). */
	for (int i = 1; i <= 9; i++) {
		now += 61;
		assert_int_equal(login(f, "alice", "wrong password!", NULL,
		                       "192.0.2.7", now, &r, &err),
		                 CWYN_EFORBIDDEN);
	}
	assert_int_equal(audit_count(f, "login.lockout"), 0);
	now += 61;
	assert_int_equal(login(f, "alice", "wrong password!", NULL, "192.0.2.7",
	                       now, &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "locked"));
	assert_int_equal(r.retry_after, 15 * 60);
	assert_int_equal(audit_count(f, "login.lockout"), 1);
	int64_t locked_at = now;
	/* Locked: even the right password is turned away unchecked. */
	now = locked_at + 14 * 60;
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "192.0.2.7", now, &r,
	                       &err),
	                 CWYN_ESTATE);
	assert_int_equal(r.retry_after, 60);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 1);
	assert_true(audit_count(f, "login.refused") >= 1);
	/* The lock ends when it said, however often it was tried. */
	now = locked_at + 15 * 60;
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "192.0.2.7", now, &r,
	                       &err),
	                 CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM login_attempts"
	                          " WHERE outcome = 'failure'"),
	                 13);
}

static void unknown_names_lock_like_real_ones(void **state)
{
	struct fixture *f = *state;
	f->acc.cfg.lockout_failures = 3;
	f->acc.cfg.backoff_after = 0;
	struct account_login_result r;
	struct cwyn_error err = {0};
	for (int i = 0; i < 2; i++)
		assert_int_equal(login(f, "nobody", "some password", NULL, NULL,
		                       T0 + i, &r, &err),
		                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "nobody", "some password", NULL, NULL, T0 + 2,
	                       &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "locked"));
	assert_int_equal(audit_count(f, "login.lockout"), 1);
}

static void one_address_is_throttled_across_usernames(void **state)
{
	struct fixture *f = *state;
	f->acc.cfg.addr_failures = 5;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct cwyn_error err = {0};
	char name[32];
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "user%d", i);
		assert_int_equal(login(f, name, "guess guess guess", NULL,
		                       "198.51.100.9", T0 + i, &r, &err),
		                 CWYN_EFORBIDDEN);
	}
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "198.51.100.9",
	                       T0 + 10, &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "address"));
	assert_int_equal(r.retry_after, 15 * 60 - 10);
	/* Another address is not held back. */
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "198.51.100.10",
	                       T0 + 10, &r, &err),
	                 CWYN_OK);
	/* After the window the address may try again. */
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "198.51.100.9",
	                       T0 + 15 * 60 + 5, &r, &err),
	                 CWYN_OK);
}

static void weaker_hashes_are_upgraded_at_login(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f, "alice", "complaints_officer", PASSWORD);
	f->acc.cfg.pwhash = ACCOUNT_PWHASH_MODERATE;
	struct account_login_result r;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	struct store_user u;
	assert_int_equal(store_user_get(f->db, f->auth, id, &f->ar, &u, &err),
	                 CWYN_OK);
	assert_non_null(strstr(u.password_hash, "m=262144,t=3"));
	assert_false(password_needs_rehash(ACCOUNT_PWHASH_MODERATE,
	                                   u.password_hash));
	/* And the new hash still signs in. */
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0 + 1, &r,
	                       &err),
	                 CWYN_OK);
	char *audit = dump_audit(f);
	assert_non_null(strstr(audit, "password_rehashed=yes"));
	free(audit);
}

/* ---- Database: sessions ---------------------------------------------------------- */

static void sessions_end_when_idle(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct account_session s;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	/* Each request within 30 minutes keeps it alive. */
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 29 * 60, &s,
	                                &err),
	                 CWYN_OK);
	assert_int_equal(s.last_seen_at, T0 + 29 * 60);
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 58 * 60, &s,
	                                &err),
	                 CWYN_OK);
	/* Thirty minutes without one ends it, for good. */
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 88 * 60, &s,
	                                &err),
	                 CWYN_ENOTFOUND);
	assert_string_equal(err.field, "session");
	assert_non_null(strstr(err.message, "sign in again"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 0);
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 59 * 60, &s,
	                                &err),
	                 CWYN_ENOTFOUND);
}

static void sessions_end_at_their_absolute_limit(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct account_session s;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	int64_t t = T0;
	while (t + 20 * 60 < T0 + 12 * 3600) {
		t += 20 * 60;
		assert_int_equal(session_lookup(&f->acc, r.token, t, &s, &err),
		                 CWYN_OK);
	}
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 12 * 3600 - 1,
	                                &s, &err),
	                 CWYN_OK);
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 12 * 3600, &s,
	                                &err),
	                 CWYN_ENOTFOUND);
	/* Purging sweeps what nobody presents again. */
	struct account_login_result r2;
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r2, &err),
	                 CWYN_OK);
	int64_t n = 0;
	assert_int_equal(session_purge(&f->acc, T0 + 10, &n, &err), CWYN_OK);
	assert_int_equal(n, 0);
	assert_int_equal(session_purge(&f->acc, T0 + 31 * 60, &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
}

static void rotation_and_login_replace_old_tokens(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct account_session s;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	char fresh[ACCOUNT_TOKEN_SIZE];
	assert_int_equal(session_rotate(&f->acc, r.token, T0 + 100, fresh, &s,
	                                &err),
	                 CWYN_OK);
	assert_string_not_equal(fresh, r.token);
	assert_string_not_equal(s.csrf_token, r.session.csrf_token);
	assert_int_equal(s.expires_at, r.session.expires_at); /* not extended */
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 101, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(session_lookup(&f->acc, fresh, T0 + 101, &s, &err),
	                 CWYN_OK);
	assert_int_equal(audit_count(f, "session.rotate"), 1);
	/* Fixation: the token a browser had before signing in is deleted,
	 * not kept. */
	struct account_login_result r2;
	struct account_login in = {
	    .authority_id = f->auth,
	    .username = "alice",
	    .password = PASSWORD,
	    .previous_token = fresh,
	    .now = T0 + 200,
	};
	assert_int_equal(account_login(&f->acc, &in, &r2, &err), CWYN_OK);
	assert_string_not_equal(r2.token, fresh);
	assert_int_equal(session_lookup(&f->acc, fresh, T0 + 201, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(session_lookup(&f->acc, r2.token, T0 + 201, &s, &err),
	                 CWYN_OK);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 1);
}

static void logout_and_password_change_end_sessions(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r, r2;
	struct account_session s;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	assert_int_equal(session_logout(&f->acc, r.token, T0 + 1, &err),
	                 CWYN_OK);
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 2, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(session_logout(&f->acc, r.token, T0 + 3, &err),
	                 CWYN_OK);
	assert_int_equal(audit_count(f, "session.logout"), 1);
	/* A new password ends every session of the user. */
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r2, &err),
	                 CWYN_OK);
	assert_int_equal(account_set_password(&f->acc, "cli", f->auth, "alice",
	                                      "a brand new passphrase", &err),
	                 CWYN_OK);
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 5, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(session_lookup(&f->acc, r2.token, T0 + 5, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0 + 10, &r,
	                       &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "alice", "a brand new passphrase", NULL, NULL,
	                       T0 + 10, &r, &err),
	                 CWYN_OK);
	/* Disabling ends sessions too, and the user cannot come back. */
	assert_int_equal(account_disable(&f->acc, "cli", f->auth, "alice",
	                                 T0 + 20, &err),
	                 CWYN_OK);
	assert_int_equal(session_lookup(&f->acc, r.token, T0 + 21, &s, &err),
	                 CWYN_ENOTFOUND);
	char *audit = dump_audit(f);
	assert_null(strstr(audit, "brand new"));
	free(audit);
}

static void csrf_tokens_must_match(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct account_session s;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	assert_int_equal(session_lookup(&f->acc, r.token, T0, &s, &err),
	                 CWYN_OK);
	assert_int_equal(csrf_check(&s, s.csrf_token, &err), CWYN_OK);
	char wrong[STORE_CSRF_SIZE];
	snprintf(wrong, sizeof wrong, "%s", s.csrf_token);
	wrong[10] = wrong[10] == 'A' ? 'B' : 'A';
	assert_int_equal(csrf_check(&s, wrong, &err), CWYN_EFORBIDDEN);
	assert_string_equal(err.field, "csrf_token");
	assert_int_equal(csrf_check(&s, NULL, &err), CWYN_EFORBIDDEN);
	assert_int_equal(csrf_check(&s, "", &err), CWYN_EFORBIDDEN);
	wrong[0] = '\0';
	snprintf(wrong, sizeof wrong, "%.20s", s.csrf_token);
	assert_int_equal(csrf_check(&s, wrong, &err), CWYN_EFORBIDDEN);
	/* Another session's token is no good here. */
	struct account_login_result r2;
	assert_int_equal(login(f, "alice", PASSWORD, NULL, NULL, T0, &r2, &err),
	                 CWYN_OK);
	assert_int_equal(csrf_check(&s, r2.session.csrf_token, &err),
	                 CWYN_EFORBIDDEN);
}

/* ---- Database: second factor ------------------------------------------------------ */

static void staff_sign_in_with_totp(void **state)
{
	struct fixture *f = *state;
	f->acc.cfg.require_totp_for_staff = true;
	make_user(f, "chair", "conference_chair", PASSWORD);
	struct account_login_result r, r2;
	struct account_session s;
	struct cwyn_error err = {0};
	/* Required but not enrolled: refused, and said why. */
	assert_int_equal(login(f, "chair", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_ESTATE);
	assert_non_null(strstr(err.message, "second factor"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 0);

	struct account_totp_enrolment e;
	assert_int_equal(totp_enroll(&f->acc, "cli", f->auth, "chair", &e, &err),
	                 CWYN_OK);
	assert_int_equal(strlen(e.secret), 32);
	assert_true(strncmp(e.uri, "otpauth://totp/cwyn:chair%40cardiff?secret=",
	                    42) == 0);
	assert_non_null(strstr(e.uri, e.secret));
	assert_non_null(strstr(e.uri, "&issuer=cwyn&algorithm=SHA1&digits=6"
	                              "&period=30"));
	char *audit = dump_audit(f);
	assert_null(strstr(audit, e.secret));
	free(audit);

	/* Password first: a half-session that opens nothing. */
	int64_t now = T0 + 100;
	assert_int_equal(login(f, "chair", PASSWORD, NULL, NULL, now, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.status, ACCOUNT_LOGIN_NEED_TOTP);
	assert_int_equal(session_lookup(&f->acc, r.token, now, &s, &err),
	                 CWYN_ESTATE);
	assert_string_equal(err.field, "totp_code");
	char rotate_to[ACCOUNT_TOKEN_SIZE];
	assert_int_equal(session_rotate(&f->acc, r.token, now, rotate_to, &s,
	                                &err),
	                 CWYN_ENOTFOUND);
	/* A wrong code counts as a failure and says nothing more. */
	char code[8];
	code_at(e.secret, now, 0, code);
	char bad[8];
	snprintf(bad, sizeof bad, "%06u", (unsigned)((atoi(code) + 1) % 1000000));
	assert_int_equal(account_login_totp(&f->acc, r.token, bad, NULL, now,
	                                    &r2, &err),
	                 CWYN_EFORBIDDEN);
	assert_string_equal(err.message, ACCOUNT_MSG_BAD_LOGIN);
	/* The right one finishes, with a new token. */
	assert_int_equal(account_login_totp(&f->acc, r.token, code, NULL,
	                                    now + 1, &r2, &err),
	                 CWYN_OK);
	assert_int_equal(r2.status, ACCOUNT_LOGIN_OK);
	assert_string_not_equal(r2.token, r.token);
	assert_true(r2.session.second_factor_done);
	assert_int_equal(session_lookup(&f->acc, r.token, now + 2, &s, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(session_lookup(&f->acc, r2.token, now + 2, &s, &err),
	                 CWYN_OK);
	assert_true(s.second_factor_done);

	/* The same code again is a replay, even within its 30 seconds. */
	assert_int_equal(login(f, "chair", PASSWORD, code, NULL, now + 3, &r,
	                       &err),
	                 CWYN_EFORBIDDEN);
	/* So is the code of the step before. */
	char earlier[8];
	code_at(e.secret, now, -1, earlier);
	assert_int_equal(login(f, "chair", PASSWORD, earlier, NULL, now + 4, &r,
	                       &err),
	                 CWYN_EFORBIDDEN);
	/* The next step's code (a clock a little ahead) is fine, in one go. */
	char next[8];
	code_at(e.secret, now, 1, next);
	assert_int_equal(login(f, "chair", PASSWORD, next, NULL, now + 5, &r,
	                       &err),
	                 CWYN_OK);
	assert_int_equal(r.status, ACCOUNT_LOGIN_OK);
	/* Two steps ahead is outside the window. */
	char far[8];
	code_at(e.secret, now + 60, 2, far);
	assert_int_equal(login(f, "chair", PASSWORD, far, NULL, now + 60, &r,
	                       &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(audit_count(f, "user.totp_enrol"), 1);
	audit = dump_audit(f);
	assert_null(strstr(audit, e.secret));
	assert_null(strstr(audit, code));
	assert_null(strstr(audit, PASSWORD));
	assert_non_null(strstr(audit, "reason=wrong_code"));
	free(audit);
}

static void half_sessions_expire(void **state)
{
	struct fixture *f = *state;
	make_user(f, "chair", "conference_chair", PASSWORD);
	struct account_totp_enrolment e;
	struct account_login_result r, r2;
	struct cwyn_error err = {0};
	assert_int_equal(totp_enroll(&f->acc, "cli", f->auth, "chair", &e, &err),
	                 CWYN_OK);
	assert_int_equal(login(f, "chair", PASSWORD, NULL, NULL, T0, &r, &err),
	                 CWYN_OK);
	assert_int_equal(r.status, ACCOUNT_LOGIN_NEED_TOTP);
	char code[8];
	code_at(e.secret, T0 + 301, 0, code);
	assert_int_equal(account_login_totp(&f->acc, r.token, code, NULL,
	                                    T0 + 301, &r2, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM sessions"), 0);
}

/* ---- Database: API tokens ----------------------------------------------------------- */

static void api_tokens_are_shown_once_and_stored_hashed(void **state)
{
	struct fixture *f = *state;
	int64_t uid = make_user(f, "feed", "auditor", PASSWORD);
	char tok[ACCOUNT_API_TOKEN_SIZE];
	int64_t id = 0;
	struct cwyn_error err = {0};
	assert_int_equal(api_token_create(&f->acc, "cli", f->auth, "feed",
	                                  "case feed", 0, T0, tok, &id, &err),
	                 CWYN_OK);
	assert_true(id > 0);
	assert_true(strncmp(tok, "cwyn_", 5) == 0);
	assert_int_equal(strlen(tok), 48);
	struct account_user u;
	assert_int_equal(api_token_lookup(&f->acc, tok, T0 + 1, &u, &err),
	                 CWYN_OK);
	assert_int_equal(u.user_id, uid);
	assert_string_equal(u.username, "feed");
	assert_string_equal(u.role, "auditor");
	char header[128];
	snprintf(header, sizeof header, "Bearer %s", tok);
	assert_int_equal(api_token_lookup(&f->acc, api_token_from_header(header),
	                                  T0 + 2, &u, &err),
	                 CWYN_OK);
	/* Only the hash is stored; the list carries no secret at all. */
	char *all = dump_all(f);
	assert_null(strstr(all, tok));
	assert_null(strstr(all, tok + 5));
	free(all);
	struct store_api_token *list = NULL;
	size_t n = 0;
	assert_int_equal(api_token_list(&f->acc, f->auth, "feed", &f->ar, &list,
	                                &n, &err),
	                 CWYN_OK);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "case feed");
	assert_string_equal(list[0].token_hash, "");
	assert_int_equal(list[0].last_used_at, T0 + 1);
	/* A near miss is nothing. */
	char near[ACCOUNT_API_TOKEN_SIZE];
	snprintf(near, sizeof near, "%s", tok);
	near[20] = near[20] == 'A' ? 'B' : 'A';
	assert_int_equal(api_token_lookup(&f->acc, near, T0, &u, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(api_token_lookup(&f->acc, "cwyn_", T0, &u, &err),
	                 CWYN_ENOTFOUND);
	/* Revoked: gone at once; revoking twice says so. */
	assert_int_equal(api_token_revoke(&f->acc, "cli", f->auth, id, T0 + 5,
	                                  &err),
	                 CWYN_OK);
	assert_int_equal(api_token_lookup(&f->acc, tok, T0 + 6, &u, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(api_token_revoke(&f->acc, "cli", f->auth, id, T0 + 7,
	                                  &err),
	                 CWYN_ESTATE);
	assert_int_equal(api_token_revoke(&f->acc, "cli", f->auth, id + 99,
	                                  T0 + 7, &err),
	                 CWYN_ENOTFOUND);
	/* Expiry, and a disabled user, end a token too. */
	char tok2[ACCOUNT_API_TOKEN_SIZE], tok3[ACCOUNT_API_TOKEN_SIZE];
	assert_int_equal(api_token_create(&f->acc, "cli", f->auth, "feed",
	                                  "short-lived", T0 + 100, T0, tok2,
	                                  NULL, &err),
	                 CWYN_OK);
	assert_int_equal(api_token_lookup(&f->acc, tok2, T0 + 99, &u, &err),
	                 CWYN_OK);
	assert_int_equal(api_token_lookup(&f->acc, tok2, T0 + 100, &u, &err),
	                 CWYN_ENOTFOUND);
	assert_int_equal(api_token_create(&f->acc, "cli", f->auth, "feed",
	                                  "reports", 0, T0, tok3, NULL, &err),
	                 CWYN_OK);
	assert_int_equal(account_disable(&f->acc, "cli", f->auth, "feed", T0 + 1,
	                                 &err),
	                 CWYN_OK);
	assert_int_equal(api_token_lookup(&f->acc, tok3, T0 + 2, &u, &err),
	                 CWYN_ENOTFOUND);
	/* Bad names and past expiries are refused with the field named. */
	char refused[ACCOUNT_API_TOKEN_SIZE];
	assert_int_equal(api_token_create(&f->acc, "cli", f->auth, "feed", "",
	                                  0, T0, refused, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "name");
	assert_string_equal(refused, "");
	assert_int_equal(api_token_create(&f->acc, "cli", f->auth, "feed",
	                                  "late", T0, T0, refused, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "expires_at");
	assert_int_equal(audit_count(f, "token.create"), 3);
	assert_int_equal(audit_count(f, "token.revoke"), 1);
	char *audit = dump_audit(f);
	assert_null(strstr(audit, tok + 5));
	assert_null(strstr(audit, tok2 + 5));
	assert_null(strstr(audit, tok3 + 5));
	free(audit);
}

static void audit_chain_holds_after_everything(void **state)
{
	struct fixture *f = *state;
	make_user(f, "alice", "complaints_officer", PASSWORD);
	struct account_login_result r;
	struct cwyn_error err = {0};
	assert_int_equal(login(f, "alice", "wrong password!", NULL, "192.0.2.1",
	                       T0, &r, &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(login(f, "alice", PASSWORD, NULL, "192.0.2.1", T0 + 1,
	                       &r, &err),
	                 CWYN_OK);
	assert_int_equal(session_logout(&f->acc, r.token, T0 + 2, &err), CWYN_OK);
	struct audit_report rep;
	assert_int_equal(audit_verify(f->db, &rep, &err), CWYN_OK);
	assert_int_equal(rep.kind, AUDIT_OK);
	assert_int_equal(rep.entries, 4);
	char *audit = dump_audit(f);
	assert_non_null(strstr(audit, "login.failure"));
	assert_non_null(strstr(audit, "addr=192.0.2.1"));
	assert_null(strstr(audit, "wrong password"));
	assert_null(strstr(audit, PASSWORD));
	assert_null(strstr(audit, r.token));
	free(audit);
}

#define DB_TESTS(setup)                                                      \
	{                                                                    \
	    cmocka_unit_test_setup_teardown(                                 \
	        passwords_are_hashed_with_argon2id, setup, teardown),        \
	    cmocka_unit_test_setup_teardown(                                 \
	        weak_passwords_are_refused_and_nothing_stored, setup,        \
	        teardown),                                                   \
	    cmocka_unit_test_setup_teardown(login_creates_a_session, setup,  \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(                                 \
	        unknown_user_gets_the_wrong_password_answer, setup,          \
	        teardown),                                                   \
	    cmocka_unit_test_setup_teardown(                                 \
	        failures_back_off_then_lock_then_unlock, setup, teardown),   \
	    cmocka_unit_test_setup_teardown(                                 \
	        unknown_names_lock_like_real_ones, setup, teardown),         \
	    cmocka_unit_test_setup_teardown(                                 \
	        one_address_is_throttled_across_usernames, setup, teardown), \
	    cmocka_unit_test_setup_teardown(                                 \
	        weaker_hashes_are_upgraded_at_login, setup, teardown),       \
	    cmocka_unit_test_setup_teardown(sessions_end_when_idle, setup,   \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(                                 \
	        sessions_end_at_their_absolute_limit, setup, teardown),      \
	    cmocka_unit_test_setup_teardown(                                 \
	        rotation_and_login_replace_old_tokens, setup, teardown),     \
	    cmocka_unit_test_setup_teardown(                                 \
	        logout_and_password_change_end_sessions, setup, teardown),   \
	    cmocka_unit_test_setup_teardown(csrf_tokens_must_match, setup,   \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(staff_sign_in_with_totp, setup,  \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(half_sessions_expire, setup,     \
	                                    teardown),                       \
	    cmocka_unit_test_setup_teardown(                                 \
	        api_tokens_are_shown_once_and_stored_hashed, setup,          \
	        teardown),                                                   \
	    cmocka_unit_test_setup_teardown(                                 \
	        audit_chain_holds_after_everything, setup, teardown),        \
	}

int main(void)
{
	const struct CMUnitTest pure_tests[] = {
	    cmocka_unit_test(sha1_fips_examples),
	    cmocka_unit_test(hmac_sha1_rfc2202),
	    cmocka_unit_test(hotp_rfc4226),
	    cmocka_unit_test(totp_rfc6238_sha1),
	    cmocka_unit_test(totp_window_and_replay),
	    cmocka_unit_test(base32_rfc4648),
	    cmocka_unit_test(bearer_header),
	    cmocka_unit_test(password_rules_name_the_rule),
	};
	const struct CMUnitTest sqlite_tests[] = DB_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = DB_TESTS(setup_pg);
	int failed = cmocka_run_group_tests_name("accounts", pure_tests, NULL,
	                                         NULL);
	failed += TEST_DB_RUN_BOTH("accounts", sqlite_tests, pg_tests);
	return failed;
}
