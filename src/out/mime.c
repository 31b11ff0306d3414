/*
 * mime.c — building RFC 5322 / MIME messages safely (see mime.h).
 *
 * The rules kept here, and why:
 * - Header values never contain CR or LF (header injection): checked for
 *   every value, not trusted from callers.
 * - Non-ASCII header text is RFC 2047 "B" encoded words: base64 keeps the
 *   word free of spaces and '?', and encoding whole UTF-8 characters per
 *   word means a reader that decodes words one by one never sees half a
 *   character.
 * - Bodies are quoted-printable with CRLF line ends: safe through any
 *   relay (no 8BITMIME needed), lines under the 998-octet limit, and a
 *   line starting with '.' is still dot-stuffed by the transport.
 * - The multipart boundary starts with "=_", which quoted-printable output
 *   can never contain, so it cannot collide with a body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "out/mime.h"

/* ---- A growable buffer, copied into the arena at the end ---------------- */

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (p == NULL) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static char *finish(struct buf *b, struct arena *ar, size_t *len)
{
	char *out = NULL;
	if (!b->oom)
		out = arena_strndup(ar, b->p ? b->p : "", b->len);
	if (out && len)
		*len = b->len;
	free(b->p);
	b->p = NULL;
	return out;
}

/* ---- Checks ------------------------------------------------------------- */

/* Length of the UTF-8 sequence at s (1..4), or 0 when it is not valid
 * (overlong forms, surrogates and values past U+10FFFF included). */
static size_t utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)
			return 0; /* overlong */
		if (c == 0xed && s[1] >= 0xa0)
			return 0; /* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && s[1] < 0x90)
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

static bool text_ok(const char *s, bool body)
{
	if (s == NULL)
		return false;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t n = utf8_len(p);
		if (n == 0)
			return false;
		if (n == 1) {
			bool ctl = *p < 0x20 || *p == 0x7f;
			if (ctl && !(body && (*p == '\t' || *p == '\r' ||
			                      *p == '\n')))
				return false;
		}
		p += n;
	}
	return true;
}

bool mime_header_text_ok(const char *s)
{
	return text_ok(s, false);
}

bool mime_body_text_ok(const char *s)
{
	return text_ok(s, true);
}

static bool atext(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool domain_ok(const char *d, size_t n)
{
	if (n == 0 || n > 253)
		return false;
	if (d[0] == '[') {
		/* An IPv4 literal, "[127.0.0.1]": digits and dots only. */
		if (n < 9 || d[n - 1] != ']')
			return false;
		int dots = 0;
		for (size_t i = 1; i + 1 < n; i++) {
			if (d[i] == '.')
				dots++;
			else if (d[i] < '0' || d[i] > '9')
				return false;
		}
		return dots == 3;
	}
	size_t label = 0;
	for (size_t i = 0; i < n; i++) {
		char c = d[i];
		if (c == '.') {
			if (label == 0 || d[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		             (c >= '0' && c <= '9');
		if (!alnum && !(c == '-' && label > 0))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && d[n - 1] != '-';
}

bool mime_address_valid(const char *addr)
{
	if (addr == NULL)
		return false;
	size_t n = strlen(addr);
	if (n < 3 || n > MIME_ADDR_MAX)
		return false;
	const char *at = strrchr(addr, '@');
	if (at == NULL || at == addr)
		return false;
	size_t local = (size_t)(at - addr);
	if (local > 64 || addr[0] == '.' || addr[local - 1] == '.')
		return false;
	for (size_t i = 0; i < local; i++) {
		if (addr[i] == '.') {
			if (addr[i + 1] == '.')
				return false;
		} else if (!atext(addr[i])) {
			return false;
		}
	}
	return domain_ok(at + 1, n - local - 1);
}

/* ---- Encodings ------------------------------------------------------------ */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void put_base64(struct buf *b, const unsigned char *s, size_t n)
{
	char out[4];
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		out[0] = b64[(v >> 18) & 63];
		out[1] = b64[(v >> 12) & 63];
		out[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		out[3] = i + 2 < n ? b64[v & 63] : '=';
		put(b, out, 4);
	}
}

static bool plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	/* "=?" could be read as the start of an encoded word. */
	return strstr(s, "=?") == NULL;
}

/* Text bytes that fit in one encoded word on a line with `avail`
 * columns left: "=?UTF-8?B?" + "?=" is 12 characters, base64 gives 4
 * characters per 3 bytes, and RFC 2047 allows 75 per word and 76 per line
 * holding encoded words. At least one character always goes. */
static size_t ew_bytes(size_t avail)
{
	if (avail > 75)
		avail = 75;
	size_t b = avail > 16 ? (avail - 12) / 4 * 3 : 3;
	return b;
}

char *mime_encode_header(struct arena *ar, const char *value, size_t used)
{
	struct buf b = {0};
	if (plain_ascii(value)) {
		/* Fold long ASCII values at spaces to stay under 78. */
		size_t col = used;
		const char *p = value;
		while (*p) {
			const char *sp = strchr(p + 1, ' ');
			size_t word = sp ? (size_t)(sp - p) : strlen(p);
			if (col + word > 76 && p != value && *p == ' ') {
				puts_(&b, "\r\n");
				col = 0;
			}
			put(&b, p, word);
			col += word;
			p += word;
		}
		return finish(&b, ar, NULL);
	}
	const unsigned char *p = (const unsigned char *)value;
	bool first = true;
	while (*p) {
		/* The first word shares its line with the header name; the
		 * others start after CRLF SP. */
		size_t max = ew_bytes(first ? (used < 76 ? 76 - used : 0) : 75);
		size_t take = 0;
		while (p[take]) {
			size_t n = utf8_len(p + take);
			if (n == 0)
				n = 1; /* checked before; never split bytes */
			if (take + n > max && take > 0)
				break;
			take += n;
		}
		if (!first)
			puts_(&b, "\r\n ");
		puts_(&b, "=?UTF-8?B?");
		put_base64(&b, p, take);
		puts_(&b, "?=");
		first = false;
		p += take;
	}
	return finish(&b, ar, NULL);
}

char *mime_qp_encode(struct arena *ar, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = {0};
	size_t col = 0;
	const unsigned char *p = (const unsigned char *)text;
	for (; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue; /* the LF writes the CRLF */
		if (*p == '\n') {
			puts_(&b, "\r\n");
			col = 0;
			continue;
		}
		char enc[3];
		size_t n;
		bool at_eol = p[1] == '\0' || p[1] == '\n' ||
		              (p[1] == '\r' && p[2] == '\n');
		bool literal = (*p >= 33 && *p <= 126 && *p != '=') ||
		               ((*p == ' ' || *p == '\t') && !at_eol);
		/* A '.' opening a line is left to the transport's dot-stuffing,
		 * but encode it anyway: some relays mangle a lone "." line. */
		if (*p == '.' && col == 0)
			literal = false;
		if (literal) {
			enc[0] = (char)*p;
			n = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			n = 3;
		}
		if (col + n > 75) {
			puts_(&b, "=\r\n");
			col = 0;
		}
		put(&b, enc, n);
		col += n;
	}
	return finish(&b, ar, NULL);
}

void mime_date(int64_t unix_time, char buf[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
	                                   "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
	                                     "May", "Jun", "Jul", "Aug",
	                                     "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)unix_time;
	struct tm tm;
	gmtime_r(&t, &tm);
	/* Spelled out, not strftime: %a/%b follow the process locale. */
	snprintf(buf, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	         days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void mime_message_id(const char *from, char *buf, size_t n)
{
	unsigned char r[16];
	char hex[33];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(hex, sizeof hex, r, sizeof r);
	const char *domain = "cwyn.invalid";
	const char *at = from ? strrchr(from, '@') : NULL;
	if (at && mime_address_valid(from))
		domain = at + 1;
	snprintf(buf, n, "<%lx.%s@%s>", (unsigned long)time(NULL), hex,
	         domain);
}

/* ---- The message ---------------------------------------------------------- */

static enum cwyn_code check(const struct mime_message *m,
                            struct cwyn_error *err)
{
	if (!mime_address_valid(m->from))
		return cwyn_fail(err, CWYN_EINVAL, "from",
		                 "the sender address is not a valid e-mail "
		                 "address");
	if (!mime_address_valid(m->to))
		return cwyn_fail(err, CWYN_EINVAL, "to_address",
		                 "the recipient address is not a valid e-mail "
		                 "address");
	if (m->from_name && !mime_header_text_ok(m->from_name))
		return cwyn_fail(err, CWYN_EINVAL, "from_name",
		                 "the sender name may not contain line breaks "
		                 "or control characters");
	if (!mime_header_text_ok(m->subject))
		return cwyn_fail(err, CWYN_EINVAL, "subject",
		                 "the subject may not contain line breaks or "
		                 "control characters");
	if (m->message_id == NULL || !plain_ascii(m->message_id) ||
	    m->message_id[0] != '<' || strchr(m->message_id, ' '))
		return cwyn_fail(err, CWYN_EINVAL, "message_id",
		                 "the Message-ID is not valid");
	if (!mime_body_text_ok(m->body_text))
		return cwyn_fail(err, CWYN_EINVAL, "body_text",
		                 "the text body is not valid UTF-8 text");
	if (m->body_html && !mime_body_text_ok(m->body_html))
		return cwyn_fail(err, CWYN_EINVAL, "body_html",
		                 "the HTML body is not valid UTF-8 text");
	if (m->auto_submitted && !plain_ascii(m->auto_submitted))
		return cwyn_fail(err, CWYN_EINVAL, "auto_submitted",
		                 "not a valid Auto-Submitted value");
	return CWYN_OK;
}

static void put_part_headers(struct buf *b, const char *type)
{
	puts_(b, "Content-Type: ");
	puts_(b, type);
	puts_(b, "; charset=UTF-8\r\nContent-Transfer-Encoding: "
	         "quoted-printable\r\n\r\n");
}

enum cwyn_code mime_build(struct arena *ar, const struct mime_message *m,
                          char **out, size_t *len, struct cwyn_error *err)
{
	enum cwyn_code rc = check(m, err);
	if (rc != CWYN_OK)
		return rc;
	char date[40];
	mime_date(m->date, date);
	char *subject = mime_encode_header(ar, m->subject, 9);
	char *text = mime_qp_encode(ar, m->body_text);
	char *html = m->body_html ? mime_qp_encode(ar, m->body_html) : NULL;
	char *name = m->from_name && m->from_name[0]
	                 ? mime_encode_header(ar, m->from_name, 6)
	                 : NULL;
	if (subject == NULL || text == NULL || (m->body_html && !html) ||
	    (m->from_name && m->from_name[0] && !name))
		return cwyn_fail(err, CWYN_ENOMEM, "message", "out of memory");

	struct buf b = {0};
	puts_(&b, "Date: ");
	puts_(&b, date);
	puts_(&b, "\r\nFrom: ");
	if (name) {
		/* An ASCII name is sent as a quoted string; an encoded one
		 * is an atom of encoded words already. */
		bool q = plain_ascii(m->from_name);
		if (q) {
			puts_(&b, "\"");
			for (const char *p = m->from_name; *p; p++) {
				if (*p == '"' || *p == '\\')
					puts_(&b, "\\");
				put(&b, p, 1);
			}
			puts_(&b, "\"");
		} else {
			puts_(&b, name);
		}
		puts_(&b, " <");
		puts_(&b, m->from);
		puts_(&b, ">");
	} else {
		puts_(&b, m->from);
	}
	puts_(&b, "\r\nTo: ");
	puts_(&b, m->to);
	puts_(&b, "\r\nSubject: ");
	puts_(&b, subject);
	puts_(&b, "\r\nMessage-ID: ");
	puts_(&b, m->message_id);
	puts_(&b, "\r\n");
	if (m->auto_submitted) {
		puts_(&b, "Auto-Submitted: ");
		puts_(&b, m->auto_submitted);
		puts_(&b, "\r\n");
	}
	puts_(&b, "MIME-Version: 1.0\r\n");
	/* Each part's content ends with a line end of its own; the CRLF
	 * before a boundary belongs to the boundary (RFC 2046 5.1.1). */
	size_t tl = strlen(text), hl = html ? strlen(html) : 0;
	bool text_nl = tl >= 2 && strcmp(text + tl - 2, "\r\n") == 0;
	bool html_nl = hl >= 2 && strcmp(html + hl - 2, "\r\n") == 0;
	if (html == NULL) {
		put_part_headers(&b, "text/plain");
		puts_(&b, text);
		if (!text_nl)
			puts_(&b, "\r\n");
	} else {
		/* The boundary is derived from the Message-ID so the same
		 * message is byte-for-byte the same on every attempt. */
		char boundary[80];
		unsigned char h[8];
		char hx[17];
		crypto_generichash(h, sizeof h,
		                   (const unsigned char *)m->message_id,
		                   strlen(m->message_id), NULL, 0);
		sodium_bin2hex(hx, sizeof hx, h, sizeof h);
		snprintf(boundary, sizeof boundary, "=_cwyn_%s", hx);
		puts_(&b, "Content-Type: multipart/alternative; boundary=\"");
		puts_(&b, boundary);
		puts_(&b, "\"\r\n\r\nThis is a message in MIME format.\r\n");
		puts_(&b, "\r\n--");
		puts_(&b, boundary);
		puts_(&b, "\r\n");
		put_part_headers(&b, "text/plain");
		puts_(&b, text);
		puts_(&b, text_nl ? "\r\n--" : "\r\n\r\n--");
		puts_(&b, boundary);
		puts_(&b, "\r\n");
		put_part_headers(&b, "text/html");
		puts_(&b, html);
		puts_(&b, html_nl ? "\r\n--" : "\r\n\r\n--");
		puts_(&b, boundary);
		puts_(&b, "--\r\n");
	}
	*out = finish(&b, ar, len);
	if (*out == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "message", "out of memory");
	return CWYN_OK;
}
