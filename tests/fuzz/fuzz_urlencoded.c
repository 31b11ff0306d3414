/*
 * fuzz_urlencoded.c — libFuzzer target for the urlencoded form/query parser
 * and the path decoder (both built on percent.c). Beyond "no crash", it
 * checks the promises of form.h: every decoded string is valid UTF-8 with
 * no NUL inside and within the caps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/form.h"
#include "web/percent.h"
#include "web/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 4u << 20);
	struct web_pair *p;
	size_t n;
	const char *s = (const char *)data;
	if (form_parse(&a, s, size, &form_limits_body, "form", &p, &n, NULL) ==
	    CWYN_OK) {
		if (n > form_limits_body.max_pairs)
			abort();
		for (size_t i = 0; i < n; i++) {
			size_t nl = strlen(p[i].name), vl = strlen(p[i].value);
			if (nl == 0 || nl > form_limits_body.max_name ||
			    vl > form_limits_body.max_value ||
			    !utf8_valid(p[i].name, nl) || !utf8_valid(p[i].value, vl))
				abort();
		}
	}
	char *path;
	if (router_decode_path(&a, s, size, &path, NULL) == CWYN_OK) {
		if (path[0] != '/' || strstr(path, "/../") || strstr(path, "/./") ||
		    !utf8_valid(path, strlen(path)))
			abort();
		size_t pl = strlen(path);
		if ((pl >= 3 && strcmp(path + pl - 3, "/..") == 0) ||
		    (pl >= 2 && strcmp(path + pl - 2, "/.") == 0))
			abort();
	}
	arena_free(&a);
	return 0;
}
