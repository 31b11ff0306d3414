/*
 * cookie.c — Cookie header parser and Set-Cookie builder; see cookie.h.
 */
#include "web/cookie.h"

#include <stdio.h>
#include <string.h>

const struct cookie_limits cookie_limits_default = {
	.max_header = 8192,
	.max_pairs = 50,
	.max_name = 64,
	.max_value = 4096,
};

/* RFC 7230 tchar: the characters of a cookie-name. */
static bool is_tchar(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return true;
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return true;
	return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* RFC 6265 cookie-octet: visible ASCII except DQUOTE , ; and backslash. */
static bool is_cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	       (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	       (c >= 0x5d && c <= 0x7e);
}

static bool all(const char *s, size_t n, bool (*ok)(unsigned char))
{
	for (size_t i = 0; i < n; i++)
		if (!ok((unsigned char)s[i]))
			return false;
	return true;
}

static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

enum cwyn_code cookie_parse(struct arena *a, const char *header, size_t len,
                            const struct cookie_limits *lim,
                            struct web_pair **pairs, size_t *npairs,
                            struct cwyn_error *err)
{
	*pairs = NULL;
	*npairs = 0;
	if (len > lim->max_header)
		return cwyn_fail(err, CWYN_ERANGE, "Cookie",
		                 "cookie header longer than %zu bytes",
		                 lim->max_header);
	size_t pieces = 1;
	for (size_t i = 0; i < len; i++)
		if (header[i] == ';')
			pieces++;
	if (pieces > lim->max_pairs)
		return cwyn_fail(err, CWYN_ERANGE, "Cookie",
		                 "more than %zu cookies", lim->max_pairs);
	struct web_pair *out = arena_calloc(a, pieces, sizeof *out);
	if (out == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "Cookie", "cookies too large");

	size_t n = 0;
	for (size_t i = 0; i <= len;) {
		const char *semi = memchr(header + i, ';', len - i);
		size_t end = semi ? (size_t)(semi - header) : len;
		size_t s = i, e = end;
		i = end + 1;
		while (s < e && is_ows(header[s]))
			s++;
		while (e > s && is_ows(header[e - 1]))
			e--;
		const char *eq = memchr(header + s, '=', e - s);
		if (eq == NULL)
			continue; /* junk: no '=' */
		size_t ns = s, ne = (size_t)(eq - header);
		size_t vs = ne + 1, ve = e;
		while (ne > ns && is_ows(header[ne - 1]))
			ne--;
		while (vs < ve && is_ows(header[vs]))
			vs++;
		if (ne == ns || ne - ns > lim->max_name ||
		    !all(header + ns, ne - ns, is_tchar))
			continue; /* junk name */
		if (ve - vs >= 2 && header[vs] == '"' && header[ve - 1] == '"')
			vs++, ve--;
		if (ve - vs > lim->max_value ||
		    !all(header + vs, ve - vs, is_cookie_octet))
			continue; /* junk value */
		out[n].name = arena_strndup(a, header + ns, ne - ns);
		out[n].value = arena_strndup(a, header + vs, ve - vs);
		if (out[n].name == NULL || out[n].value == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "Cookie",
			                 "cookies too large");
		n++;
	}
	*pairs = out;
	*npairs = n;
	return CWYN_OK;
}

enum cwyn_code cookie_build(struct arena *a, const char *name,
                            const char *value, const struct cookie_attrs *at,
                            char **out, struct cwyn_error *err)
{
	size_t nl = strlen(name), vl = strlen(value);
	if (nl == 0 || nl > cookie_limits_default.max_name ||
	    !all(name, nl, is_tchar))
		return cwyn_fail(err, CWYN_EINVAL, "cookie.name",
		                 "not a valid cookie name");
	if (vl > cookie_limits_default.max_value ||
	    !all(value, vl, is_cookie_octet))
		return cwyn_fail(err, CWYN_EINVAL, "cookie.value",
		                 "not a valid cookie value");
	/* Browsers refuse a __Host- cookie that is not Secure; so do we. */
	if (strncmp(name, "__Host-", 7) == 0 && !at->secure)
		return cwyn_fail(err, CWYN_EINVAL, "cookie.name",
		                 "a __Host- cookie needs a secure connection");
	char age[40] = "";
	if (at->max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", at->max_age);
	*out = arena_printf(a, "%s=%s; Path=/%s; HttpOnly; SameSite=Strict%s",
	                    name, value, age, at->secure ? "; Secure" : "");
	if (*out == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "cookie", "out of memory");
	return CWYN_OK;
}
