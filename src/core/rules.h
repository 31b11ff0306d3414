/*
 * rules.h — the catalogue of rules the triage engine applies.
 *
 * Every reason in a decision is a rule ID from this table: a stable
 * UPPER-KEBAB identifier (used in files, JSON, the API and docs/rules.md),
 * the clause it comes from (with the section of procedure.md that quotes
 * it), and a one-sentence English summary of what it decides. Summaries are
 * marked for translation; the presentation layer shows them with _().
 *
 * The table is data, not an enum: adding a rule never renumbers the others,
 * and IDs stored in old decisions keep their meaning.
 */
#ifndef CWYN_CORE_RULES_H
#define CWYN_CORE_RULES_H

#include <stddef.h>

struct rule {
	const char *id;      /* "CONF-DEADLINE-14WD" */
	const char *source;  /* "S0 (AWCPP 2008); procedure.md §2.2.1, D7" */
	const char *summary; /* English, one sentence; msgid for Welsh */
};

/* The rule with this ID, or NULL when there is none. */
const struct rule *rule_find(const char *id);

/* Iteration in catalogue order: rule_at(i) for i < rules_count(), else NULL. */
size_t rules_count(void);
const struct rule *rule_at(size_t i);

#endif
