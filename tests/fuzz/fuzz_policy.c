/*
 * fuzz_policy.c — libFuzzer target for the policy file parser.
 *
 * Feeds arbitrary bytes to policy_parse (which takes text + length and must
 * never read past it) and frees whatever it returns. Beyond "no crash, no
 * leak, no out-of-bounds read" under ASan, it checks the parser's promises:
 * a success has every timescale, contact and category defined; a failure
 * returns no policy and says why. Seed it with policy/wales-2014.policy.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy *p = (struct policy *)&size; /* must be overwritten */
	struct cwyn_error err = {0};
	enum cwyn_code rc = policy_parse((const char *)data, size, &p, &err);
	if (rc != CWYN_OK) {
		if (p != NULL || err.message[0] == '\0' || err.line < 0)
			__builtin_trap();
		return 0;
	}
	if (p == NULL)
		__builtin_trap();
	for (int i = 0; i < TS_ID__MAX; i++)
		if (!p->timescales[i].defined || p->timescales[i].amount < 1)
			__builtin_trap();
	for (int i = 0; i < CONTACT_ID__MAX; i++)
		if (!p->contacts[i].defined)
			__builtin_trap();
	for (int i = 0; i < CAT__MAX; i++)
		if (!p->categories[i].defined)
			__builtin_trap();
	policy_free(p);
	return 0;
}
