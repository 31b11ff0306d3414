/*
 * facts_json.h — the JSON face of triage: facts in, decision out.
 *
 * The facts document (docs/facts-format.md) is what the CLI reads from a
 * file or stdin and what the web API accepts. Reading it is strict: unknown
 * members, wrong types, unknown enum values, impossible dates, over-long
 * strings and invalid UTF-8 are all refused with the path of the bad field
 * ("matters[1].dates.minutes_sent") and what was expected, and nothing is
 * returned on failure. The decision JSON is the full decision with its
 * reasons, deadlines (with their derivations) and signposts, its texts in
 * the chosen language; its keys come in a stable order.
 */
#ifndef CWYN_APP_FACTS_JSON_H
#define CWYN_APP_FACTS_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/error.h"
#include "core/language.h"
#include "core/policy.h"
#include "core/triage.h"

#define FACTS_JSON_MAX_BYTES (1u << 20) /* 1 MiB: far above a real complaint */
#define FACTS_JSON_MAX_DEPTH 8          /* the schema needs 4 levels */
#define FACTS_MAX_MATTERS 50
#define FACTS_MAX_CHILDREN 20
#define FACTS_MAX_SUMMARY 20000         /* bytes of a matter summary */
#define FACTS_MAX_LABEL 200             /* bytes of ids, labels, names */

/*
 * Read a facts document. On entry out->as_of is the default for a document
 * without "as_of" (the CLI passes today); CWYN_DAY_NONE makes "as_of"
 * required. Call facts_init(out) first if you have no default to give.
 * "received" defaults to as_of. Strings and arrays are allocated from
 * arena. Runs facts_validate() for the cross-field checks.
 *
 * On failure *out is left as it was, err names the field
 * ("complainant.relationship") and says what was expected; a malformed
 * document gives jansson's line and column (err->line and the message).
 */
enum cwyn_code facts_from_json(const char *text, size_t len,
                               struct arena *arena, struct facts *out,
                               struct cwyn_error *err);

/*
 * The full decision as JSON, texts in lang: rule summaries through the
 * catalogue, deadline labels and contact details from the policy. Returns
 * a new reference (json_decref it) or NULL when out of memory.
 */
json_t *decision_to_json(const struct decision *d, const struct policy *p,
                         enum language lang);

#endif
