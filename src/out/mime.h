/*
 * mime.h — e-mail as bytes: address checks, header safety, RFC 2047
 * encoded words, quoted-printable bodies and the whole RFC 5322 message
 * (with MIME, multipart/alternative when there is an HTML part).
 *
 * Everything that leaves cwyn as e-mail passes through mime_build(), which
 * refuses a CR or LF in any header value, so no caller can inject headers
 * or extra recipients, however the text was made. Lines end in CRLF as
 * SMTP requires; bodies are quoted-printable so every line is short and
 * 7-bit safe whatever the relay supports.
 *
 * Pure apart from mime_date_now(): no I/O, no globals.
 */
#ifndef CWYN_OUT_MIME_H
#define CWYN_OUT_MIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

/* Longest address we accept (RFC 5321: 254 in a path). */
#define MIME_ADDR_MAX 254

/*
 * Is `addr` a plain addr-spec we are willing to send to: ASCII, a
 * dot-atom local part of at most 64 characters, '@', and a domain of
 * letters, digits and hyphens in dot-separated labels (or a bracketed
 * IPv4 literal, for test relays)? No display names, no quoting, no
 * spaces, no CR/LF, no commas: one address, nothing else.
 */
bool mime_address_valid(const char *addr);

/* Valid UTF-8 with no control characters at all (so no CR/LF): what a
 * header value such as a subject or display name may contain. */
bool mime_header_text_ok(const char *s);

/* Valid UTF-8; control characters other than tab, CR and LF refused. */
bool mime_body_text_ok(const char *s);

/*
 * A header value as it goes on the wire: unchanged when it is printable
 * ASCII, otherwise RFC 2047 encoded words ("=?UTF-8?B?...?=", each at
 * most 75 characters, never splitting a UTF-8 character), folded with
 * CRLF SP between words. `used` is the length already on the line (e.g.
 * strlen("Subject: ")). Arena-allocated; NULL when out of memory.
 */
char *mime_encode_header(struct arena *ar, const char *value, size_t used);

/* Quoted-printable (RFC 2045) of UTF-8 text: LF or CRLF line ends become
 * CRLF, lines are at most 76 characters with soft breaks. */
char *mime_qp_encode(struct arena *ar, const char *text);

/* "Thu, 26 Nov 2026 04:59:17 +0000" for a Unix time (UTC). */
void mime_date(int64_t unix_time, char buf[40]);

struct mime_message {
	const char *from;         /* addr-spec */
	const char *from_name;    /* display name, may be NULL */
	const char *to;           /* addr-spec */
	const char *subject;      /* UTF-8 */
	const char *message_id;   /* "<token@domain>" */
	int64_t date;             /* Unix time for the Date header */
	const char *body_text;    /* UTF-8, required */
	const char *body_html;    /* UTF-8, or NULL for text only */
	const char *auto_submitted; /* "auto-generated" or NULL (RFC 3834) */
};

/*
 * The whole message, headers and body, CRLF line ends, ready for SMTP
 * DATA (the transport does the dot-stuffing). CWYN_EINVAL naming the
 * field for a bad address, a CR/LF or control character in a header
 * value, or invalid UTF-8. *out is arena-allocated.
 */
enum cwyn_code mime_build(struct arena *ar, const struct mime_message *m,
                          char **out, size_t *len, struct cwyn_error *err);

/*
 * A new unique Message-ID "<hex.hex@domain>": 128 random bits and the
 * time, with the domain of `from` (or "cwyn.invalid"). buf >= 128.
 */
void mime_message_id(const char *from, char *buf, size_t n);

#endif
