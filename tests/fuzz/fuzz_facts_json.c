/*
 * fuzz_facts_json.c — libFuzzer target for the facts document reader.
 *
 * Any bytes must either give facts that pass facts_validate() or be refused
 * with a field path and a message; never crash, leak or read out of bounds.
 * Built by `make fuzz` (tests/fuzz/meson.build).
 * Seed it with the scenario facts and tests/scenarios/raw_*.bad.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/facts_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena;
	arena_init(&arena, 64u << 20);
	struct facts f;
	facts_init(&f);
	f.as_of = date_from_ymd(2026, 11, 26);
	struct facts before = f;
	struct cwyn_error err = {0};
	enum cwyn_code rc =
	    facts_from_json((const char *)data, size, &arena, &f, &err);
	if (rc == CWYN_OK) {
		/* What was accepted must be valid facts. */
		if (facts_validate(&f, NULL) != CWYN_OK)
			abort();
	} else {
		/* Refused: nothing returned, and a message to show. */
		if (memcmp(&f, &before, sizeof f) != 0 || err.message[0] == '\0')
			abort();
	}
	arena_free(&arena);
	return 0;
}
