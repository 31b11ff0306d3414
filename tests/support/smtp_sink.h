/*
 * smtp_sink.h — a minimal SMTP server for tests: listens on 127.0.0.1 on
 * a port the kernel picks, in its own thread, and keeps every message it
 * accepts so a test can look at exactly what arrived (envelope, headers,
 * body after dot-unstuffing).
 *
 * It speaks just enough SMTP for libcurl: EHLO/HELO, AUTH PLAIN, MAIL,
 * RCPT, DATA, RSET, NOOP, QUIT. It can be told to refuse the next N
 * messages at the end of DATA with a given reply (451: try again later;
 * 554: refused for good), to test the sender's retries. Refused messages
 * are kept too, apart, so a test can compare a retry with the first try.
 * Only loopback; nothing leaves the machine.
 */
#ifndef CWYN_TESTS_SMTP_SINK_H
#define CWYN_TESTS_SMTP_SINK_H

#include <stdbool.h>
#include <stddef.h>

struct smtp_sink_msg {
	char *mail_from;   /* the envelope sender, without <> */
	char *rcpt[8];     /* envelope recipients, without <> */
	size_t n_rcpt;
	char *data;        /* the message as received, dot-unstuffed */
	size_t len;
	char *auth_user;   /* the AUTH PLAIN user of the session, or NULL */
};

struct smtp_sink;

/* Start listening; NULL on failure. */
struct smtp_sink *smtp_sink_start(void);
int smtp_sink_port(const struct smtp_sink *s);
/* "smtp://127.0.0.1:PORT" (buf >= 40). */
const char *smtp_sink_url(const struct smtp_sink *s, char *buf, size_t n);

/* Refuse the next n messages at the end of DATA with `code` (4xx/5xx). */
void smtp_sink_fail_next(struct smtp_sink *s, int n, int code);

/* Messages accepted / refused so far. */
size_t smtp_sink_count(struct smtp_sink *s);
size_t smtp_sink_refused_count(struct smtp_sink *s);
/* The i-th accepted / refused message (valid until smtp_sink_stop). */
const struct smtp_sink_msg *smtp_sink_get(struct smtp_sink *s, size_t i);
const struct smtp_sink_msg *smtp_sink_refused(struct smtp_sink *s,
                                              size_t i);
/* Sessions (connections) seen so far. */
size_t smtp_sink_sessions(struct smtp_sink *s);

/* Stop the thread, close the socket and free everything. */
void smtp_sink_stop(struct smtp_sink *s);

#endif
