/*
 * fuzz_json_body.c — libFuzzer target for JSON request bodies: accepted
 * input is an object no deeper than the limit; refused input has an error
 * message that is plain printable ASCII (it never echoes the input).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/json_body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int depth(const json_t *j)
{
	int d = 0;
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)j, k, v) {
			int c = depth(v);
			d = c > d ? c : d;
		}
		return d + 1;
	}
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) {
			int c = depth(v);
			d = c > d ? c : d;
		}
		return d + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_body_limits lim = {.max_size = 64 * 1024, .max_depth = 8};
	json_t *o = NULL;
	struct cwyn_error err = {0};
	if (json_body_parse((const char *)data, size, &lim, &o, &err) == CWYN_OK) {
		if (!json_is_object(o) || depth(o) > lim.max_depth)
			abort();
		json_decref(o);
		return 0;
	}
	if (o != NULL || err.line < 1)
		abort();
	for (const char *p = err.message; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			abort();
	return 0;
}
