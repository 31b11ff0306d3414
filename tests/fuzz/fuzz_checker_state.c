/*
 * fuzz_checker_state.c — libFuzzer target for the public checker's and
 * complaint form's answers as they arrive in a query or form (field names
 * with child and concern numbers: age2, la6, c3k, ...). Beyond "no crash"
 * it checks that the state survives its own round trip (read, written as
 * a query, read again: the same query) and that the facts handed to the
 * triage engine can always be built or refused cleanly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/triage.h"
#include "web/form.h"
#include "web/pages/checker_state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a, 4u << 20);
	struct web_pair *p;
	size_t n;
	if (form_parse(&a, (const char *)data, size, &form_limits_body, "form",
	               &p, &n, NULL) != CWYN_OK)
		goto out;
	struct chk_state s, again;
	chk_state_init(&s);
	chk_state_read(&s, p, n);
	char *q = chk_state_query(&s, &a);
	if (q == NULL)
		goto out;
	if (form_parse(&a, q, strlen(q), &form_limits_body, "form", &p, &n,
	               NULL) != CWYN_OK)
		abort(); /* our own query must parse */
	chk_state_init(&again);
	chk_state_read(&again, p, n);
	char *q2 = chk_state_query(&again, &a);
	if (q2 == NULL || strcmp(q, q2) != 0)
		abort(); /* and read back to the same answers */
	struct facts f;
	struct cwyn_error err = {0};
	(void)chk_state_facts(&s, date_from_ymd(2027, 1, 13), LANG_EN, &a, &f,
	                      &err);
out:
	arena_free(&a);
	return 0;
}
