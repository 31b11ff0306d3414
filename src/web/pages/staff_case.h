/*
 * staff_case.h — what the case page and the action pages share: which
 * actions to offer a user on a matter, and whether the user's role allows
 * a kind of change at all. The offer is only a convenience: every change
 * still goes through its use case, which checks again (authz.h) and
 * refuses with the reason.
 */
#ifndef CWYN_WEB_PAGES_STAFF_CASE_H
#define CWYN_WEB_PAGES_STAFF_CASE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "app/authz.h"
#include "core/lifecycle.h"
#include "web/pages/staff_frame.h"

/* May the user do `a` to this case (role and visibility)? */
bool staff_may(const struct staff *s, enum authz_action a,
               const struct store_case *c);

/*
 * The actions to offer on matter m: allowed by the lifecycle at the
 * matter's current stage AND by the user's role for that stage's kind,
 * on an open case. Written to out; returns how many. *kind and *state
 * (may be NULL) receive the current position.
 */
size_t staff_offered_actions(const struct staff *s,
                             const struct app_case_view *v,
                             const struct store_matter *m,
                             enum stage_action out[ACT__MAX],
                             enum stage_kind *kind, enum stage_state *state);

/* The matter with this sequence number, or NULL. */
const struct store_matter *staff_view_matter(const struct app_case_view *v,
                                             int seq);

/* The clock label from the policy, in the page's language. */
const char *staff_clock_label(const struct policy *p, enum language lang,
                              const char *timescale);

#endif
