/*
 * router.c — strict path decoding and segment-by-segment matching of the
 * route table. Tables are short (tens of routes), so a linear scan is
 * simpler and fast enough; see bench figures in the report if that changes.
 */
#include "i18n/i18n.h"
#include "web/router.h"

#include <stdio.h>
#include <string.h>

#include "web/percent.h"

enum cwyn_code router_decode_path(struct arena *a, const char *raw,
                                  size_t len, char **path,
                                  struct cwyn_error *err)
{
	if (len > ROUTER_MAX_PATH)
		return cwyn_fail(err, CWYN_ERANGE, "path",
		                 "path longer than %d bytes", ROUTER_MAX_PATH);
	if (len == 0 || raw[0] != '/')
		return cwyn_fail(err, CWYN_EINVAL, "path", N_("path must start with /"));
	size_t dlen;
	enum cwyn_code rc = percent_decode(a, raw, len, PERCENT_PATH, "path",
	                                   path, &dlen, err);
	if (rc != CWYN_OK)
		return rc;
	/* No "." or ".." segment, whether it arrived raw or encoded. */
	const char *p = *path;
	while (*p != '\0') {
		p++; /* skip '/' */
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return cwyn_fail(err, CWYN_EINVAL, "path",
			                 N_("dot segments are not allowed in a path"));
		p += n;
	}
	return CWYN_OK;
}

/* Does path match pattern? Captures into params (up to WEB_MAX_PARAMS). */
static bool match_one(struct arena *a, const char *pattern, const char *path,
                      struct web_pair *params, size_t *nparams)
{
	size_t np = 0;
	const char *pp = pattern, *sp = path;
	while (*pp != '\0' && *sp != '\0') {
		if (*pp != '/' || *sp != '/')
			return false;
		pp++, sp++;
		const char *pe = strchr(pp, '/');
		const char *se = strchr(sp, '/');
		size_t pn = pe ? (size_t)(pe - pp) : strlen(pp);
		size_t sn = se ? (size_t)(se - sp) : strlen(sp);
		if (pn >= 2 && pp[0] == '{' && pp[pn - 1] == '}') {
			if (sn == 0 || np >= WEB_MAX_PARAMS)
				return false;
			if (a != NULL) {
				params[np].name = arena_strndup(a, pp + 1, pn - 2);
				params[np].value = arena_strndup(a, sp, sn);
				if (params[np].name == NULL || params[np].value == NULL)
					return false;
			}
			np++;
		} else if (pn != sn || memcmp(pp, sp, pn) != 0) {
			return false;
		}
		pp += pn, sp += sn;
	}
	if (*pp != '\0' || *sp != '\0')
		return false;
	*nparams = np;
	return true;
}

enum router_result router_match(const struct web_route *routes, size_t n,
                                struct web_request *req,
                                const struct web_route **route,
                                unsigned *allow)
{
	*route = NULL;
	*allow = 0;
	enum web_method m = req->method == WEB_HEAD ? WEB_GET : req->method;
	for (size_t i = 0; i < n; i++) {
		size_t np = 0;
		bool same = routes[i].method == m && m != WEB_METHOD_OTHER;
		if (!match_one(same ? req->arena : NULL, routes[i].pattern,
		               req->path, req->params, &np))
			continue;
		if (same) {
			req->nparams = np;
			req->route = &routes[i];
			*route = &routes[i];
			return ROUTER_MATCH;
		}
		*allow |= 1u << routes[i].method;
		if (routes[i].method == WEB_GET)
			*allow |= 1u << WEB_HEAD;
	}
	return *allow ? ROUTER_METHOD_NOT_ALLOWED : ROUTER_NOT_FOUND;
}

char *router_allow_header(struct arena *a, unsigned allow)
{
	char buf[128] = "";
	size_t o = 0;
	for (int m = 0; m < WEB_METHOD_OTHER; m++) {
		if (!(allow & (1u << m)))
			continue;
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
		                      o ? ", " : "", web_method_name((enum web_method)m));
	}
	return arena_strdup(a, buf);
}

enum cwyn_code router_check(const struct web_route *routes, size_t n,
                            struct cwyn_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const char *p = routes[i].pattern;
		if (p == NULL || p[0] != '/' || routes[i].handler == NULL ||
		    routes[i].method >= WEB_METHOD_OTHER)
			return cwyn_fail(err, CWYN_EINTERNAL, "routes",
			                 "route %zu is malformed", i);
		int params = 0;
		for (const char *c = p; *c; c++)
			if (*c == '{')
				params++;
		if (params > WEB_MAX_PARAMS)
			return cwyn_fail(err, CWYN_EINTERNAL, "routes",
			                 "route %s has too many parameters", p);
		for (size_t j = 0; j < i; j++)
			if (routes[j].method == routes[i].method &&
			    strcmp(routes[j].pattern, p) == 0)
				return cwyn_fail(err, CWYN_EINTERNAL, "routes",
				                 "route %s %s is listed twice",
				                 web_method_name(routes[i].method), p);
	}
	return CWYN_OK;
}
