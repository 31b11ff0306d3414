/*
 * fuzz_cookie.c — libFuzzer target for the Cookie header parser and the
 * Set-Cookie builder: parsed pairs must be valid cookie syntax, and a
 * cookie built from a parsed pair must parse back to the same pair.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/cookie.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 4u << 20);
	struct web_pair *p;
	size_t n;
	if (cookie_parse(&a, (const char *)data, size, &cookie_limits_default, &p,
	                 &n, NULL) != CWYN_OK)
		goto out;
	if (n > cookie_limits_default.max_pairs)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (p[i].name[0] == '\0' || strpbrk(p[i].name, " ;=\t\",") ||
		    strpbrk(p[i].value, " ;\t\",\\"))
			abort();
		struct cookie_attrs at = {.max_age = 60, .secure = true};
		char *set;
		if (cookie_build(&a, p[i].name, p[i].value, &at, &set, NULL) != CWYN_OK)
			continue; /* e.g. longer than the builder's name cap */
		/* The name=value part of Set-Cookie is a valid Cookie header. */
		size_t len = strcspn(set, ";");
		struct web_pair *q;
		size_t m;
		if (cookie_parse(&a, set, len, &cookie_limits_default, &q, &m,
		                 NULL) != CWYN_OK || m != 1 ||
		    strcmp(q[0].name, p[i].name) != 0 ||
		    strcmp(q[0].value, p[i].value) != 0)
			abort();
	}
out:
	arena_free(&a);
	return 0;
}
