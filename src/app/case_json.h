/*
 * case_json.h — a case, as app_case_read loaded it, as one JSON document:
 * for `cwyn case show --json` and the web API. Keys come in a stable
 * order; stored JSON (decisions, derivations, event details) is embedded
 * as JSON, not as strings; labels are given in the chosen language next
 * to the stable names.
 */
#ifndef CWYN_APP_CASE_JSON_H
#define CWYN_APP_CASE_JSON_H

#include <jansson.h>

#include "app/app.h"
#include "core/language.h"
#include "core/policy.h"

/* A new reference (json_decref it), or NULL when out of memory. */
json_t *case_view_to_json(const struct app_case_view *v,
                          const struct policy *p, enum language lang);

/* One row of a case list (no content beyond what lists show). */
json_t *case_row_to_json(const struct store_case *c);

#endif
