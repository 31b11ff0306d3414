/*
 * percent.c — percent-decoding that refuses rather than repairs: a bad
 * escape, an encoded NUL, or bytes that do not form UTF-8 are errors,
 * because silently "fixing" them is how canonicalisation bugs start.
 */
#include "i18n/i18n.h"
#include "web/percent.h"

#include <stdint.h>

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp, min;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false; /* continuation byte, 0xc0/0xc1 or > 0xf4 */
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

enum cwyn_code percent_decode(struct arena *a, const char *s, size_t len,
                              unsigned flags, const char *field, char **out,
                              size_t *out_len, struct cwyn_error *err)
{
	char *buf = arena_alloc(a, len + 1);
	if (buf == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, field, "request too large to decode");
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (len - i < 3 || hexval((unsigned char)s[i + 1]) < 0 ||
			    hexval((unsigned char)s[i + 2]) < 0)
				return cwyn_fail(err, CWYN_EINVAL, field,
				                 N_("invalid percent escape"));
			c = (unsigned char)(hexval((unsigned char)s[i + 1]) * 16 +
			                    hexval((unsigned char)s[i + 2]));
			i += 2;
			if ((flags & PERCENT_PATH) && (c == '/' || c == '\\'))
				return cwyn_fail(err, CWYN_EINVAL, field,
				                 N_("encoded slash in path"));
		} else if (c == '+' && (flags & PERCENT_PLUS_IS_SPACE)) {
			c = ' ';
		}
		if (c == 0)
			return cwyn_fail(err, CWYN_EINVAL, field, N_("NUL byte in input"));
		if ((flags & PERCENT_PATH) && (c < 0x20 || c == 0x7f))
			return cwyn_fail(err, CWYN_EINVAL, field,
			                 N_("control character in path"));
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	if (!utf8_valid(buf, o))
		return cwyn_fail(err, CWYN_EINVAL, field, N_("invalid UTF-8"));
	*out = buf;
	if (out_len != NULL)
		*out_len = o;
	return CWYN_OK;
}
