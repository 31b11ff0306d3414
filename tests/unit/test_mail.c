/*
 * test_mail.c — e-mail end to end: the outbox, the SMTP sender against a
 * real SMTP server on loopback (tests/support/smtp_sink.c), and the
 * reminder job. Run twice: on SQLite (a temporary file per test) and on
 * PostgreSQL (a fresh schema per test in CWYN_TEST_PG_URL); without that
 * variable the PostgreSQL half is skipped, except under CI, where it
 * must run.
 *
 * Dates: "today" is Mon 2027-03-01 (no bank holiday near). Wed 2027-03-03
 * is 2 working days away, Mon 2027-03-08 five; Fri 2027-02-26 is one
 * working day overdue.
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

#include "app/app.h"
#include "app/policy_file.h"
#include "app/reminders.h"
#include "core/arena.h"
#include "core/date.h"
#include "i18n/i18n.h"
#include "out/mailer.h"
#include "out/mime.h"
#include "out/outbox.h"
#include "store/audit.h"
#include "store/store.h"
#include "support/test_db.h"
#include "support/test_people.h"
#include "support/smtp_sink.h"

#define T0 1800000000 /* a fixed "now" for the sender, Unix seconds */

struct fixture {
	struct db *db;
	enum db_kind kind;
	struct test_db t; /* the database, on either backend */
	struct arena ar;
	struct policy *policy;
	struct calendar *cal;
	int64_t auth;
	struct app_actor officer, officer2, manager, auditor, op;
	struct smtp_sink *sink;
	char url[64];
	struct mailer_config cfg;
};


static cwyn_day day(const char *s)
{
	cwyn_day d = CWYN_DAY_NONE;
	assert_int_equal(date_parse(s, &d, "test", NULL), CWYN_OK);
	return d;
}

static int64_t count(struct fixture *f, const char *sql)
{
	int64_t n = -1;
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(f->db, sql, NULL, 0, &n, &err), CWYN_OK);
	return n;
}

static void make_user(struct fixture *f, const char *username,
                      const char *role, const char *address,
                      struct app_actor *out)
{
	int64_t id = test_staff(f->db, f->auth, username, NULL, role, out);
	struct cwyn_error err = {0};
	if (address)
		assert_int_equal(mail_address_set(f->db, f->auth, id, address,
		                                  MAIL_LANG_BILINGUAL, &err),
		                 CWYN_OK);
}

static int setup_common(struct fixture *f)
{
	struct cwyn_error err = {0};
	if (store_migrate(f->db, &err) != CWYN_OK) {
		fprintf(stderr, "migrate: %s: %s\n", err.field, err.message);
		return -1;
	}
	if (policy_load_with_calendar(NULL, &f->policy, &f->cal, &err) !=
	    CWYN_OK) {
		fprintf(stderr, "policy: %s: %s\n", err.field, err.message);
		return -1;
	}
	arena_init(&f->ar, 0);
	struct store_authority a = {
	    .code = "aaa",
	    .name_en = "Test Council",
	    .name_cy = "Cyngor Prawf",
	    .policy_id = "wales-2014",
	    .policy_version = 1,
	};
	if (store_authority_create(f->db, &a, &err) != CWYN_OK)
		return -1;
	f->auth = a.id;
	make_user(f, "olwen", "complaints_officer", "olwen@council.example",
	          &f->officer);
	make_user(f, "owain", "complaints_officer", "owain@council.example",
	          &f->officer2);
	make_user(f, "siân", "senior_manager", "sian@council.example",
	          &f->manager);
	make_user(f, "aled", "auditor", "aled@council.example", &f->auditor);
	if (app_cli_actor(f->db, "aaa", f->policy, &f->ar, &f->op, NULL,
	                  &err) != CWYN_OK)
		return -1;
	f->sink = smtp_sink_start();
	if (f->sink == NULL)
		return -1;
	smtp_sink_url(f->sink, f->url, sizeof f->url);
	f->cfg.smtp_url = f->url;
	f->cfg.from = "cwyn@council.example";
	f->cfg.from_name = "Cwynion / Complaints";
	f->cfg.max_attempts = 3;
	f->cfg.backoff_base_s = 60;
	f->cfg.timeout_s = 10;
	return 0;
}

/* A fresh database on one backend (tests/support/test_db.c), then the
 * authorities and users every test here starts from. */
static int setup_backend(void **state, enum db_kind kind)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || test_db_create(&f->t, kind, "mail", true) != 0) {
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
	smtp_sink_stop(f->sink);
	test_db_destroy(&f->t);
	policy_free(f->policy);
	calendar_free(f->cal);
	arena_free(&f->ar);
	free(f);
	return 0;
}

/* ---- Reading what arrived ------------------------------------------------ */

/* The unfolded value of header `name` (before the body), or NULL. */
static char *header(struct fixture *f, const char *data, const char *name)
{
	size_t nl = strlen(name);
	const char *end = strstr(data, "\r\n\r\n");
	const char *p = data;
	while (p && p < end) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			char *out = arena_alloc(&f->ar, strlen(v) + 1);
			size_t n = 0;
			while (*v) {
				if (v[0] == '\r' && v[1] == '\n') {
					if (v[2] != ' ' && v[2] != '\t')
						break;
					v += 2; /* unfold */
					continue;
				}
				out[n++] = *v++;
			}
			out[n] = '\0';
			return out;
		}
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
	return NULL;
}

static int b64v(char c)
{
	const char *t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                "0123456789+/";
	const char *p = c ? strchr(t, c) : NULL;
	return p ? (int)(p - t) : -1;
}

/* RFC 2047 decoding of a header value (B words in UTF-8 only; white
 * space between two encoded words is dropped, as the RFC says). */
static char *decode_2047(struct fixture *f, const char *v)
{
	char *out = arena_alloc(&f->ar, strlen(v) + 1);
	size_t n = 0;
	bool last_was_word = false;
	while (*v) {
		if (strncmp(v, "=?UTF-8?B?", 10) == 0) {
			const char *e = strstr(v + 10, "?=");
			assert_non_null(e);
			if (last_was_word) {
				while (n > 0 && out[n - 1] == ' ')
					n--;
			}
			unsigned acc = 0;
			int bits = 0;
			for (const char *p = v + 10; p < e && *p != '='; p++) {
				int x = b64v(*p);
				assert_true(x >= 0);
				acc = (acc << 6) | (unsigned)x;
				bits += 6;
				if (bits >= 8) {
					bits -= 8;
					out[n++] = (char)((acc >> bits) & 0xff);
				}
			}
			v = e + 2;
			last_was_word = true;
			continue;
		}
		if (*v != ' ')
			last_was_word = false;
		out[n++] = *v++;
	}
	out[n] = '\0';
	return out;
}

/* Quoted-printable decoding; CRLF line ends become LF. */
static char *decode_qp(struct fixture *f, const char *s)
{
	char *out = arena_alloc(&f->ar, strlen(s) + 1);
	size_t n = 0;
	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			char hx[3] = {s[1], s[2], 0};
			out[n++] = (char)strtol(hx, NULL, 16);
			s += 3;
		} else if (s[0] == '\r' && s[1] == '\n') {
			out[n++] = '\n';
			s += 2;
		} else {
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	return out;
}

/* The decoded text of a single-part message. */
static char *text_body(struct fixture *f, const char *data)
{
	const char *b = strstr(data, "\r\n\r\n");
	assert_non_null(b);
	return decode_qp(f, b + 4);
}

static int64_t enqueue(struct fixture *f, const char *to, const char *subject,
                       const char *body, const char *html, const char *key,
                       bool *queued, enum cwyn_code want)
{
	struct outbox_msg m = {
	    .authority_id = f->auth,
	    .kind = OUTBOX_NOTIFICATION,
	    .to_address = to,
	    .subject = subject,
	    .body_text = body,
	    .body_html = html,
	    .dedupe_key = key,
	};
	int64_t id = 0;
	bool q = false;
	struct cwyn_error err = {0};
	assert_int_equal(outbox_enqueue(f->db, &m, T0, &id, &q, &err), want);
	if (queued)
		*queued = q;
	return id;
}

static struct mailer_stats send_at(struct fixture *f, int64_t now)
{
	struct mailer_stats st;
	struct cwyn_error err = {0};
	enum cwyn_code rc = mailer_run_once(f->db, &f->cfg, now, &st, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "mailer: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	return st;
}

static struct outbox_row row_of(struct fixture *f, int64_t id)
{
	struct outbox_row r;
	struct cwyn_error err = {0};
	assert_int_equal(outbox_get(f->db, id, &f->ar, &r, &err), CWYN_OK);
	return r;
}

static void audit_ok(struct fixture *f)
{
	struct audit_report r;
	struct cwyn_error err = {0};
	assert_int_equal(audit_verify(f->db, &r, &err), CWYN_OK);
	assert_int_equal(r.kind, AUDIT_OK);
}

/* ---- The sender -------------------------------------------------------------- */

static const char welsh_subject[] =
    "Nodyn atgoffa: cwyn CP-2027-00001 — ymateb Cam 2 erbyn dydd Llun, "
    "ar ôl gŵyl y banc (diwrnod gwaith olaf)";
static const char welsh_body[] =
    "Annwyl swyddog cwynion,\n\nMae'r ymateb i fod erbyn 2027-03-03.\n"
    ".A line starting with a dot, and a long one: "
    "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz "
    "abcdefghijklmnopqrstuvwxyz = equals\n";

static void message_arrives_with_proper_headers(void **state)
{
	struct fixture *f = *state;
	int64_t id = enqueue(f, "olwen@council.example", welsh_subject,
	                     welsh_body, NULL, "test:1", NULL, CWYN_OK);
	struct mailer_stats st = send_at(f, T0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(smtp_sink_count(f->sink), 1);
	const struct smtp_sink_msg *m = smtp_sink_get(f->sink, 0);
	assert_string_equal(m->mail_from, "cwyn@council.example");
	assert_int_equal(m->n_rcpt, 1);
	assert_string_equal(m->rcpt[0], "olwen@council.example");
	assert_null(m->auth_user);

	/* Every line of the message is CRLF-terminated and short. */
	for (const char *p = m->data; *p;) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 78);
		p = e + 2;
	}
	struct outbox_row r = row_of(f, id);
	assert_string_equal(r.state, "sent");
	assert_non_null(r.sent_at);
	assert_int_equal(r.attempts, 1);
	assert_non_null(r.message_id);
	assert_string_equal(header(f, m->data, "Message-ID"), r.message_id);
	assert_non_null(strstr(r.message_id, "@council.example>"));
	assert_string_equal(header(f, m->data, "Date"),
	                    "Fri, 15 Jan 2027 08:00:00 +0000");
	assert_string_equal(header(f, m->data, "To"), "olwen@council.example");
	assert_string_equal(header(f, m->data, "From"),
	                    "\"Cwynion / Complaints\" <cwyn@council.example>");
	assert_string_equal(header(f, m->data, "MIME-Version"), "1.0");
	assert_string_equal(header(f, m->data, "Auto-Submitted"),
	                    "auto-generated");
	assert_string_equal(header(f, m->data, "Content-Type"),
	                    "text/plain; charset=UTF-8");
	assert_string_equal(header(f, m->data, "Content-Transfer-Encoding"),
	                    "quoted-printable");
	/* The subject is encoded (non-ASCII), and decodes to the original. */
	const char *raw = header(f, m->data, "Subject");
	assert_non_null(strstr(raw, "=?UTF-8?B?"));
	assert_string_equal(decode_2047(f, raw), welsh_subject);
	/* The body survives quoted-printable and dot-stuffing exactly. */
	assert_string_equal(text_body(f, m->data), welsh_body);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'mail.sent'"),
	                 1);
	audit_ok(f);
}

static void html_makes_multipart_alternative(void **state)
{
	struct fixture *f = *state;
	enqueue(f, "olwen@council.example", "Letter", "Plain words.\n",
	        "<p>Geiriau <b>plaen</b>.</p>\n", "test:html", NULL, CWYN_OK);
	assert_int_equal(send_at(f, T0).sent, 1);
	const struct smtp_sink_msg *m = smtp_sink_get(f->sink, 0);
	const char *ct = header(f, m->data, "Content-Type");
	assert_non_null(strstr(ct, "multipart/alternative; boundary=\"=_cwyn_"));
	const char *b = strstr(ct, "boundary=\"") + 10;
	char boundary[80];
	snprintf(boundary, sizeof boundary, "--%.*s", (int)strcspn(b, "\""), b);
	const char *p1 = strstr(m->data, boundary);
	assert_non_null(p1);
	assert_non_null(strstr(p1, "text/plain; charset=UTF-8"));
	const char *p2 = strstr(p1 + 1, boundary);
	assert_non_null(p2);
	assert_non_null(strstr(p2, "text/html; charset=UTF-8"));
	char closing[90];
	snprintf(closing, sizeof closing, "%s--\r\n", boundary);
	assert_non_null(strstr(p2, closing));
	assert_string_equal(header(f, m->data, "Subject"), "Letter");
}

static void temporary_failure_is_retried_once_delivered(void **state)
{
	struct fixture *f = *state;
	int64_t id = enqueue(f, "olwen@council.example", "Retry me", "Body\n",
	                     NULL, "test:retry", NULL, CWYN_OK);
	smtp_sink_fail_next(f->sink, 1, 451);
	struct mailer_stats st = send_at(f, T0);
	assert_int_equal(st.sent, 0);
	assert_int_equal(st.retried, 1);
	assert_int_equal(smtp_sink_count(f->sink), 0);
	assert_int_equal(smtp_sink_refused_count(f->sink), 1);
	struct outbox_row r = row_of(f, id);
	assert_string_equal(r.state, "pending");
	assert_int_equal(r.attempts, 1);
	assert_int_equal(r.next_attempt_at, T0 + 60);
	assert_non_null(r.last_error);

	/* Not yet due: nothing is tried. */
	st = send_at(f, T0 + 59);
	assert_int_equal(st.sent + st.retried + st.failed, 0);
	/* Due: delivered, exactly once, with the same Message-ID. */
	st = send_at(f, T0 + 60);
	assert_int_equal(st.sent, 1);
	assert_int_equal(smtp_sink_count(f->sink), 1);
	st = send_at(f, T0 + 3600);
	assert_int_equal(st.sent, 0);
	assert_int_equal(smtp_sink_count(f->sink), 1);
	r = row_of(f, id);
	assert_string_equal(r.state, "sent");
	assert_int_equal(r.attempts, 2);
	assert_null(r.last_error);
	assert_string_equal(
	    header(f, smtp_sink_get(f->sink, 0)->data, "Message-ID"),
	    header(f, smtp_sink_refused(f->sink, 0)->data, "Message-ID"));
}

static void running_twice_sends_nothing_twice(void **state)
{
	struct fixture *f = *state;
	enqueue(f, "olwen@council.example", "One", "1\n", NULL, "t:1", NULL,
	        CWYN_OK);
	enqueue(f, "owain@council.example", "Two", "2\n", NULL, "t:2", NULL,
	        CWYN_OK);
	enqueue(f, "sian@council.example", "Three", "3\n", NULL, "t:3", NULL,
	        CWYN_OK);
	assert_int_equal(send_at(f, T0).sent, 3);
	assert_int_equal(send_at(f, T0).sent, 0);
	assert_int_equal(send_at(f, T0 + 86400).sent, 0);
	assert_int_equal(smtp_sink_count(f->sink), 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"
	                          " WHERE state = 'sent'"),
	                 3);
	/* Three distinct Message-IDs. */
	assert_int_equal(count(f, "SELECT COUNT(DISTINCT message_id)"
	                          " FROM outbox"),
	                 3);
}

static void same_dedupe_key_is_one_row(void **state)
{
	struct fixture *f = *state;
	bool q1 = false, q2 = true;
	int64_t a = enqueue(f, "olwen@council.example", "Once", "x\n", NULL,
	                    "reminder:7:2027-03-03", &q1, CWYN_OK);
	int64_t b = enqueue(f, "owain@council.example", "Twice", "y\n", NULL,
	                    "reminder:7:2027-03-03", &q2, CWYN_OK);
	assert_true(q1);
	assert_false(q2);
	assert_int_equal(a, b);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 1);
	assert_string_equal(row_of(f, a).subject, "Once");
	assert_int_equal(send_at(f, T0).sent, 1);
	assert_int_equal(smtp_sink_count(f->sink), 1);
}

static void header_injection_is_refused(void **state)
{
	struct fixture *f = *state;
	static const char *const bad_to[] = {
	    "olwen@council.example\r\nBcc: evil@attacker.example",
	    "olwen@council.example>\r\nRCPT TO:<evil@attacker.example",
	    "olwen@council.example, evil@attacker.example",
	    "Olwen <olwen@council.example>",
	    "olwen@council.example\n",
	    "olwen@",
	    "@council.example",
	    "olwen..x@council.example",
	    "olwen@council..example",
	    "olwen@-council.example",
	    "",
	};
	for (size_t i = 0; i < sizeof bad_to / sizeof *bad_to; i++)
		enqueue(f, bad_to[i], "Subject", "Body\n", NULL, "k:to", NULL,
		        CWYN_EINVAL);
	struct cwyn_error err = {0};
	struct outbox_msg m = {
	    .authority_id = f->auth,
	    .kind = OUTBOX_NOTIFICATION,
	    .to_address = "olwen@council.example",
	    .subject = "Hello\r\nBcc: evil@attacker.example",
	    .body_text = "Body\n",
	    .dedupe_key = "k:subject",
	};
	assert_int_equal(outbox_enqueue(f->db, &m, T0, NULL, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "subject");
	m.subject = "Hello\nBcc: evil@attacker.example";
	assert_int_equal(outbox_enqueue(f->db, &m, T0, NULL, NULL, &err),
	                 CWYN_EINVAL);
	m.subject = "Bad UTF-8 \xc3\x28";
	assert_int_equal(outbox_enqueue(f->db, &m, T0, NULL, NULL, &err),
	                 CWYN_EINVAL);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 0);

	/* The message builder refuses too, whatever reached it. */
	struct mime_message mm = {
	    .from = "cwyn@council.example",
	    .to = "olwen@council.example",
	    .subject = "Hi\r\nBcc: evil@attacker.example",
	    .message_id = "<a.b@council.example>",
	    .date = T0,
	    .body_text = "x",
	};
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(mime_build(&f->ar, &mm, &out, &len, &err),
	                 CWYN_EINVAL);
	mm.subject = "Hi";
	mm.from_name = "Evil\r\nBcc: x@y.example";
	assert_int_equal(mime_build(&f->ar, &mm, &out, &len, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "from_name");
	/* And the sender's own settings are checked. */
	f->cfg.from = "cwyn@council.example\r\nBcc: x@y.example";
	assert_int_equal(mailer_run_once(f->db, &f->cfg, T0, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "from");
	f->cfg.from = "cwyn@council.example";
	f->cfg.smtp_url = "http://127.0.0.1/";
	assert_int_equal(mailer_run_once(f->db, &f->cfg, T0, NULL, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "smtp_url");
	assert_int_equal(smtp_sink_sessions(f->sink), 0);
}

static void gives_up_after_max_attempts_and_audits(void **state)
{
	struct fixture *f = *state;
	int64_t id = enqueue(f, "olwen@council.example", "Doomed", "x\n", NULL,
	                     "t:doomed", NULL, CWYN_OK);
	smtp_sink_fail_next(f->sink, 100, 451);
	/* Attempts at T0, +60, +60+120: then failed (max 3). */
	assert_int_equal(send_at(f, T0).retried, 1);
	assert_int_equal(row_of(f, id).next_attempt_at, T0 + 60);
	assert_int_equal(send_at(f, T0 + 60).retried, 1);
	assert_int_equal(row_of(f, id).next_attempt_at, T0 + 60 + 120);
	struct mailer_stats st = send_at(f, T0 + 180);
	assert_int_equal(st.failed, 1);
	struct outbox_row r = row_of(f, id);
	assert_string_equal(r.state, "failed");
	assert_int_equal(r.attempts, 3);
	assert_non_null(r.last_error);
	assert_int_equal(send_at(f, T0 + 86400).failed, 0);
	assert_int_equal(smtp_sink_count(f->sink), 0);
	assert_int_equal(smtp_sink_refused_count(f->sink), 3);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'mail.failed'"),
	                 1);
	audit_ok(f);
}

static void permanent_refusal_fails_at_once(void **state)
{
	struct fixture *f = *state;
	int64_t id = enqueue(f, "olwen@council.example", "Refused", "x\n",
	                     NULL, "t:554", NULL, CWYN_OK);
	smtp_sink_fail_next(f->sink, 1, 554);
	assert_int_equal(send_at(f, T0).failed, 1);
	assert_string_equal(row_of(f, id).state, "failed");
	assert_int_equal(row_of(f, id).attempts, 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'mail.failed'"),
	                 1);
}

static void unreachable_relay_keeps_mail_and_stops(void **state)
{
	struct fixture *f = *state;
	int64_t a = enqueue(f, "olwen@council.example", "A", "x\n", NULL,
	                    "t:a", NULL, CWYN_OK);
	int64_t b = enqueue(f, "owain@council.example", "B", "x\n", NULL,
	                    "t:b", NULL, CWYN_OK);
	/* A port where nobody listens: the sink's own, once stopped. */
	char url[64];
	struct smtp_sink *dead = smtp_sink_start();
	assert_non_null(dead);
	smtp_sink_url(dead, url, sizeof url);
	smtp_sink_stop(dead);
	f->cfg.smtp_url = url;
	struct mailer_stats st = send_at(f, T0);
	assert_true(st.stopped);
	assert_int_equal(st.retried, 1);
	assert_string_equal(row_of(f, a).state, "pending");
	assert_int_equal(row_of(f, b).attempts, 0); /* not burnt */
	/* STARTTLS demanded from a relay that does not offer it: nothing
	 * goes out in clear. */
	f->cfg.smtp_url = f->url;
	f->cfg.starttls = true;
	st = send_at(f, T0 + 3600);
	assert_true(st.stopped);
	assert_int_equal(smtp_sink_count(f->sink), 0);
	/* Back to a plain relay: both arrive. */
	f->cfg.starttls = false;
	st = send_at(f, T0 + 7200);
	assert_int_equal(st.sent, 2);
	assert_int_equal(smtp_sink_count(f->sink), 2);
}

static void expired_lease_resends_with_same_message_id(void **state)
{
	struct fixture *f = *state;
	int64_t id = enqueue(f, "olwen@council.example", "Crash", "x\n", NULL,
	                     "t:crash", NULL, CWYN_OK);
	/* A sender claims the row and dies before marking it. */
	struct outbox_row claimed;
	bool got = false;
	struct cwyn_error err = {0};
	assert_int_equal(db_begin(f->db, &err), CWYN_OK);
	assert_int_equal(outbox_claim(f->db, T0, 600, f->cfg.from, &f->ar,
	                              &claimed, &got, &err),
	                 CWYN_OK);
	assert_int_equal(db_commit(f->db, &err), CWYN_OK);
	assert_true(got);
	assert_int_equal(claimed.id, id);
	/* While the lease holds, nobody else sends it. */
	assert_int_equal(send_at(f, T0 + 599).sent, 0);
	assert_int_equal(smtp_sink_count(f->sink), 0);
	/* After it, the message goes, with the Message-ID of the claim. */
	assert_int_equal(send_at(f, T0 + 600).sent, 1);
	assert_string_equal(
	    header(f, smtp_sink_get(f->sink, 0)->data, "Message-ID"),
	    claimed.message_id);
	assert_int_equal(row_of(f, id).attempts, 2);
}

static void smtp_auth_is_used_when_set(void **state)
{
	struct fixture *f = *state;
	enqueue(f, "olwen@council.example", "Auth", "x\n", NULL, "t:auth",
	        NULL, CWYN_OK);
	f->cfg.username = "cwyn-relay";
	f->cfg.password = "s3cret";
	assert_int_equal(send_at(f, T0).sent, 1);
	const struct smtp_sink_msg *m = smtp_sink_get(f->sink, 0);
	assert_non_null(m->auth_user);
	assert_string_equal(m->auth_user, "cwyn-relay");
}

/* ---- Reminders ------------------------------------------------------------------ */

static int64_t make_case(struct fixture *f, int64_t owner, bool restricted,
                         char ref[STORE_REF_SIZE])
{
	struct store_case c = {
	    .authority_id = f->auth,
	    .language = "en",
	    .channel = "written",
	    .received = day("2027-01-04"),
	    .owner_user_id = owner,
	    .restricted = restricted,
	    .facts_json = "{\"secret\": \"Ms Secret Complainant\"}",
	    .written_record_agreed_on = CWYN_DAY_NONE,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_case_create(f->db, &c, &err), CWYN_OK);
	struct store_complainant p = {
	    .case_id = c.id,
	    .authority_id = f->auth,
	    .name = "Ms Secret Complainant",
	    .relationship = "parent",
	    .language = "en",
	    .email = "secret.person@home.example",
	};
	assert_int_equal(store_complainant_insert(f->db, &p, &err), CWYN_OK);
	if (ref)
		snprintf(ref, STORE_REF_SIZE, "%s", c.reference);
	return c.id;
}

static int64_t make_clock(struct fixture *f, int64_t case_id, const char *ts,
                          const char *started, const char *due)
{
	struct store_clock k = {
	    .case_id = case_id,
	    .authority_id = f->auth,
	    .timescale = ts,
	    .state = "running",
	    .started_on = day(started),
	    .due_on = day(due),
	    .paused_on = CWYN_DAY_NONE,
	    .stopped_on = CWYN_DAY_NONE,
	};
	struct cwyn_error err = {0};
	assert_int_equal(store_clock_insert(f->db, &k, &err), CWYN_OK);
	return k.id;
}

static struct app_reminders_result remind(struct fixture *f,
                                          const char *today)
{
	struct app_ctx ctx = {
	    .db = f->db,
	    .policy = f->policy,
	    .cal = f->cal,
	    .actor = f->op,
	    .today = day(today),
	};
	struct app_reminders_result res;
	struct cwyn_error err = {0};
	enum cwyn_code rc = app_reminders_run(&ctx, &res, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "reminders: %s: %s\n", err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	return res;
}

/* How many outbox rows of `kind` go to `to`. */
static int64_t queued_to(struct fixture *f, const char *kind, const char *to)
{
	int64_t n = -1;
	struct db_value p[] = {DBV_TEXT(kind), DBV_TEXT(to)};
	struct cwyn_error err = {0};
	assert_int_equal(db_query_int(f->db,
	                              "SELECT COUNT(*) FROM outbox"
	                              " WHERE kind = ? AND to_address = ?",
	                              p, 2, &n, &err),
	                 CWYN_OK);
	return n;
}

/* Every queued message keeps to the reference and the deadline. */
static void nothing_private_in_outbox(struct fixture *f)
{
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox WHERE"
	                          " body_text LIKE '%Secret%'"
	                          " OR subject LIKE '%Secret%'"
	                          " OR body_text LIKE '%home.example%'"),
	                 0);
}

static void reminder_two_working_days_before(void **state)
{
	struct fixture *f = *state;
	char ref[STORE_REF_SIZE];
	int64_t c = make_case(f, f->officer.user_id, false, ref);
	/* s1_discussion reminds 3 working days before. */
	int64_t k = make_clock(f, c, "s1_discussion", "2027-02-15",
	                       "2027-03-03");
	make_clock(f, c, "s1_discussion", "2027-02-22", "2027-03-08");
	struct app_reminders_result res = remind(f, "2027-03-01");
	assert_int_equal(res.reminders, 1);
	assert_int_equal(res.escalations, 0);
	assert_int_equal(queued_to(f, "reminder", "olwen@council.example"), 1);
	assert_int_equal(queued_to(f, "reminder", "owain@council.example"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"
	                          " WHERE kind = 'reminder'"),
	                 1);
	char key[96];
	snprintf(key, sizeof key, "reminder:%lld:2027-03-03:u%lld",
	         (long long)k, (long long)f->officer.user_id);
	struct outbox_row *rows;
	size_t n;
	struct cwyn_error err = {0};
	assert_int_equal(outbox_list(f->db, f->auth, "pending", 0, &f->ar,
	                             &rows, &n, &err),
	                 CWYN_OK);
	const struct outbox_row *r = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].kind, "reminder") == 0)
			r = &rows[i];
	assert_non_null(r);
	assert_string_equal(r->dedupe_key, key);
	assert_int_equal(r->case_id, c);
	assert_non_null(strstr(r->subject, ref));
	assert_non_null(strstr(r->subject, "2027-03-03"));
	/* Welsh first, then English. */
	const char *cy = strstr(r->subject, "Nodyn atgoffa");
	const char *en = strstr(r->subject, "Reminder:");
	assert_non_null(cy);
	assert_non_null(en);
	assert_true(cy < en);
	assert_non_null(strstr(r->body_text, "2 working day(s) left"));
	assert_non_null(strstr(r->body_text, "diwrnod gwaith"));
	nothing_private_in_outbox(f);
	/* Her daily digest lists it too. */
	assert_int_equal(res.digests, 1);
	assert_int_equal(queued_to(f, "digest", "olwen@council.example"), 1);
	/* The timeline records who was told. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events"
	                          " WHERE kind = 'mail.reminder_queued'"),
	                 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM audit_log"
	                          " WHERE action = 'reminders.run'"),
	                 1);
	audit_ok(f);
}

static void breach_escalates_to_senior_manager(void **state)
{
	struct fixture *f = *state;
	char ref[STORE_REF_SIZE];
	int64_t c = make_case(f, f->officer.user_id, false, ref);
	make_clock(f, c, "s1_discussion", "2027-02-12", "2027-02-26");
	struct app_reminders_result res = remind(f, "2027-03-01");
	assert_int_equal(res.escalations, 1);
	assert_int_equal(res.reminders, 0);
	assert_int_equal(queued_to(f, "escalation", "sian@council.example"), 1);
	assert_int_equal(queued_to(f, "escalation", "olwen@council.example"),
	                 0);
	/* Both the manager's and the owner's digests list the breach. */
	assert_int_equal(queued_to(f, "digest", "sian@council.example"), 1);
	assert_int_equal(queued_to(f, "digest", "olwen@council.example"), 1);
	assert_int_equal(queued_to(f, "digest", "aled@council.example"), 0);
	struct outbox_row *rows;
	size_t n;
	struct cwyn_error err = {0};
	assert_int_equal(outbox_list(f->db, f->auth, NULL, 0, &f->ar, &rows,
	                             &n, &err),
	                 CWYN_OK);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].kind, "escalation") != 0)
			continue;
		assert_non_null(strstr(rows[i].subject, ref));
		assert_non_null(strstr(rows[i].subject, "Deadline missed"));
		assert_non_null(strstr(rows[i].body_text,
		                       "1 working day(s) overdue"));
	}
	nothing_private_in_outbox(f);
	/* The next day the breach is not escalated again. */
	res = remind(f, "2027-03-02");
	assert_int_equal(res.escalations, 0);
	assert_int_equal(queued_to(f, "escalation", "sian@council.example"), 1);
}

static void running_twice_a_day_queues_nothing_new(void **state)
{
	struct fixture *f = *state;
	int64_t c1 = make_case(f, f->officer.user_id, false, NULL);
	int64_t c2 = make_case(f, 0, false, NULL); /* unowned */
	make_clock(f, c1, "s1_discussion", "2027-02-15", "2027-03-03");
	make_clock(f, c2, "s2_response", "2027-02-01", "2027-03-05");
	make_clock(f, c2, "s1_discussion", "2027-02-12", "2027-02-26");
	struct app_reminders_result r1 = remind(f, "2027-03-01");
	/* c1 -> olwen; c2 unowned -> both officers; the breach -> siân. */
	assert_int_equal(r1.reminders, 3);
	assert_int_equal(r1.escalations, 1);
	assert_int_equal(r1.digests, 3);
	int64_t rows = count(f, "SELECT COUNT(*) FROM outbox");
	assert_int_equal(rows, 7);
	struct app_reminders_result r2 = remind(f, "2027-03-01");
	assert_int_equal(r2.reminders + r2.escalations + r2.digests, 0);
	assert_int_equal(r2.already, 7);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), rows);
	/* Sending them all, twice, delivers each once. */
	assert_int_equal(send_at(f, time(NULL) + 1).sent, 7);
	assert_int_equal(send_at(f, time(NULL) + 2).sent, 0);
	assert_int_equal(smtp_sink_count(f->sink), 7);
	/* A new day: a new digest per person, no repeated reminders. */
	struct app_reminders_result r3 = remind(f, "2027-03-02");
	assert_int_equal(r3.reminders + r3.escalations, 0);
	assert_int_equal(r3.digests, 3);
	assert_int_equal(queued_to(f, "digest", "olwen@council.example"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"
	                          " WHERE dedupe_key LIKE 'digest:%:2027-03-02'"),
	                 3);
}

static void reminders_reach_the_inbox_in_welsh_and_english(void **state)
{
	struct fixture *f = *state;
	char ref[STORE_REF_SIZE];
	int64_t c = make_case(f, f->officer.user_id, false, ref);
	make_clock(f, c, "s1_discussion", "2027-02-15", "2027-03-03");
	remind(f, "2027-03-01");
	assert_int_equal(send_at(f, time(NULL) + 1).sent, 2);
	bool seen = false;
	for (size_t i = 0; i < smtp_sink_count(f->sink); i++) {
		const struct smtp_sink_msg *m = smtp_sink_get(f->sink, i);
		const char *s = decode_2047(f, header(f, m->data, "Subject"));
		if (strstr(s, "Nodyn atgoffa") == NULL)
			continue;
		seen = true;
		assert_non_null(strstr(s, ref));
		const char *body = text_body(f, m->data);
		assert_non_null(strstr(body, "diwrnod gwaith ar ôl"));
		assert_null(strstr(body, "Secret"));
	}
	assert_true(seen);
}

static void restricted_case_only_to_named_people(void **state)
{
	struct fixture *f = *state;
	int64_t c = make_case(f, 0, true, NULL);
	struct cwyn_error err = {0};
	assert_int_equal(store_case_access_grant(f->db, f->auth, c,
	                                         f->officer2.user_id, &err),
	                 CWYN_OK);
	make_clock(f, c, "s1_discussion", "2027-02-15", "2027-03-03");
	make_clock(f, c, "s1_resolution_letter", "2027-02-15", "2027-02-22");
	struct app_reminders_result res = remind(f, "2027-03-01");
	/* Only owain is named: olwen and siân never hear of the case. */
	assert_int_equal(res.reminders, 1);
	assert_int_equal(queued_to(f, "reminder", "owain@council.example"), 1);
	assert_int_equal(queued_to(f, "reminder", "olwen@council.example"), 0);
	assert_int_equal(res.escalations, 0);
	assert_int_equal(queued_to(f, "escalation", "sian@council.example"),
	                 0);
	assert_int_equal(queued_to(f, "digest", "sian@council.example"), 0);
	assert_int_equal(res.no_address, 1); /* the unescalated breach */
}

static void only_operator_or_admin_runs_reminders(void **state)
{
	struct fixture *f = *state;
	int64_t c = make_case(f, f->officer.user_id, false, NULL);
	make_clock(f, c, "s1_discussion", "2027-02-15", "2027-03-03");
	struct app_ctx ctx = {
	    .db = f->db,
	    .policy = f->policy,
	    .cal = f->cal,
	    .actor = f->officer,
	    .today = day("2027-03-01"),
	};
	struct app_reminders_result res;
	struct cwyn_error err = {0};
	assert_int_equal(app_reminders_run(&ctx, &res, &err),
	                 CWYN_EFORBIDDEN);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"), 0);
}

static void staff_address_is_checked(void **state)
{
	struct fixture *f = *state;
	struct cwyn_error err = {0};
	assert_int_equal(mail_address_set(f->db, f->auth, f->officer.user_id,
	                                  "olwen@council.example\r\nBcc: x@y",
	                                  MAIL_LANG_CY, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "address");
	assert_int_equal(mail_address_set(f->db, f->auth, 999999,
	                                  "x@council.example", MAIL_LANG_CY,
	                                  &err),
	                 CWYN_ENOTFOUND);
	/* Welsh only, once chosen. */
	assert_int_equal(mail_address_set(f->db, f->auth, f->officer.user_id,
	                                  "olwen@council.example", MAIL_LANG_CY,
	                                  &err),
	                 CWYN_OK);
	int64_t c = make_case(f, f->officer.user_id, false, NULL);
	make_clock(f, c, "s1_discussion", "2027-02-15", "2027-03-03");
	remind(f, "2027-03-01");
	assert_int_equal(count(f, "SELECT COUNT(*) FROM outbox"
	                          " WHERE kind = 'reminder'"
	                          " AND subject LIKE 'Nodyn atgoffa%'"
	                          " AND subject NOT LIKE '%Reminder:%'"),
	                 1);
}

static void long_labels_and_long_digests_still_fit(void **state)
{
	struct fixture *f = *state;
	/* A policy label far longer than a subject may be (the policy is
	 * the authority's to write). */
	static char label[600];
	for (size_t i = 0; i + 3 < sizeof label; i += 3)
		memcpy(label + i, "ŵ ", 3);
	label[sizeof label - 1] = '\0';
	f->policy->timescales[TS_S1_DISCUSSION].label.cy = label;
	f->policy->timescales[TS_S1_DISCUSSION].label.en = label;
	int64_t c = make_case(f, f->officer.user_id, false, NULL);
	for (int i = 0; i < 205; i++)
		make_clock(f, c, "s1_discussion", "2027-02-15", "2027-03-03");
	struct app_reminders_result res = remind(f, "2027-03-01");
	assert_int_equal(res.reminders, 205);
	assert_int_equal(res.digests, 1);
	struct outbox_row *rows;
	size_t n;
	struct cwyn_error err = {0};
	assert_int_equal(outbox_list(f->db, f->auth, NULL, 0, &f->ar, &rows,
	                             &n, &err),
	                 CWYN_OK);
	bool digest_seen = false;
	for (size_t i = 0; i < n; i++) {
		assert_true(strlen(rows[i].subject) <= OUTBOX_SUBJECT_MAX);
		assert_true(mime_header_text_ok(rows[i].subject));
		if (strcmp(rows[i].kind, "digest") == 0) {
			digest_seen = true;
			assert_non_null(strstr(rows[i].body_text,
			                       "… and 5 more"));
		}
	}
	assert_true(digest_seen);
	/* And they go out. */
	assert_int_equal(send_at(f, time(NULL) + 1).sent, 100);
}

#define MAIL_TESTS(setup)                                                    \
	{                                                                    \
	    cmocka_unit_test_setup_teardown(message_arrives_with_proper_headers, setup, teardown), \
	    cmocka_unit_test_setup_teardown(html_makes_multipart_alternative, setup, teardown), \
	    cmocka_unit_test_setup_teardown(temporary_failure_is_retried_once_delivered, setup, teardown), \
	    cmocka_unit_test_setup_teardown(running_twice_sends_nothing_twice, setup, teardown), \
	    cmocka_unit_test_setup_teardown(same_dedupe_key_is_one_row, setup, teardown), \
	    cmocka_unit_test_setup_teardown(header_injection_is_refused, setup, teardown), \
	    cmocka_unit_test_setup_teardown(gives_up_after_max_attempts_and_audits, setup, teardown), \
	    cmocka_unit_test_setup_teardown(permanent_refusal_fails_at_once, setup, teardown), \
	    cmocka_unit_test_setup_teardown(unreachable_relay_keeps_mail_and_stops, setup, teardown), \
	    cmocka_unit_test_setup_teardown(expired_lease_resends_with_same_message_id, setup, teardown), \
	    cmocka_unit_test_setup_teardown(smtp_auth_is_used_when_set, setup, teardown), \
	    cmocka_unit_test_setup_teardown(reminder_two_working_days_before, setup, teardown), \
	    cmocka_unit_test_setup_teardown(breach_escalates_to_senior_manager, setup, teardown), \
	    cmocka_unit_test_setup_teardown(running_twice_a_day_queues_nothing_new, setup, teardown), \
	    cmocka_unit_test_setup_teardown(reminders_reach_the_inbox_in_welsh_and_english, setup, teardown), \
	    cmocka_unit_test_setup_teardown(restricted_case_only_to_named_people, setup, teardown), \
	    cmocka_unit_test_setup_teardown(only_operator_or_admin_runs_reminders, setup, teardown), \
	    cmocka_unit_test_setup_teardown(staff_address_is_checked, setup, teardown), \
	    cmocka_unit_test_setup_teardown(long_labels_and_long_digests_still_fit, setup, teardown), \
	}

int main(void)
{
	struct cwyn_error err = {0};
	if (i18n_init(NULL, &err) != CWYN_OK) {
		fprintf(stderr, "mail: the Welsh catalogue is needed: %s\n",
		        err.message);
		return 1;
	}
	const struct CMUnitTest sqlite_tests[] = MAIL_TESTS(setup_sqlite);
	const struct CMUnitTest pg_tests[] = MAIL_TESTS(setup_pg);
	int failed = TEST_DB_RUN_BOTH("mail", sqlite_tests, pg_tests);
	i18n_shutdown();
	return failed;
}
