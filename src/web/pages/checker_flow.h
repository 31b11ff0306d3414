/*
 * checker_flow.h — the order of the checker's questions. Which question
 * comes next depends on the answers so far (a child at risk shows the
 * emergency contacts first; the agency question only for concerns that
 * can be about another organisation; court and complaint-progress
 * questions only when they can change the answer).
 */
#ifndef CWYN_WEB_PAGES_CHECKER_FLOW_H
#define CWYN_WEB_PAGES_CHECKER_FLOW_H

#include "web/pages/checker_state.h"

enum chk_step {
	STEP_RISK = 0,
	STEP_HELP_NOW,
	STEP_WHO,
	STEP_CHILD,
	STEP_CONCERN,
	STEP_AGENCY,
	STEP_DATES,
	STEP_ANOTHER,
	STEP_COURT,
	STEP_COURT_AGREED,
	STEP_PROGRESS,
	STEP_DELAY,
	STEP_CONF_PROGRESS,
	STEP_RESULT,
	STEP__MAX
};

struct chk_pos {
	enum chk_step step;
	size_t concern; /* for the per-concern steps; STEP_CHILD: the child */
};

const char *chk_step_slug(enum chk_step s);
bool chk_step_from_slug(const char *slug, enum chk_step *out);

/* The question after pos, given the answers in s. */
struct chk_pos chk_next(const struct chk_state *s, struct chk_pos pos);

/* The question before pos on the way the answers lead; false at the
 * first question (or if pos is not on that way). */
bool chk_prev(const struct chk_state *s, struct chk_pos pos,
              struct chk_pos *out);

#endif
