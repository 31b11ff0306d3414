/*
 * pair.c — look-ups in the (name, value) arrays made by the web parsers.
 * Arrays are small (capped by the parsers), so a linear scan is right.
 */
#include "web/pair.h"

#include <string.h>
#include <strings.h>

const char *web_pair_get(const struct web_pair *pairs, size_t n,
                         const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(pairs[i].name, name) == 0)
			return pairs[i].value;
	return NULL;
}

const char *web_pair_get_ci(const struct web_pair *pairs, size_t n,
                            const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(pairs[i].name, name) == 0)
			return pairs[i].value;
	return NULL;
}
