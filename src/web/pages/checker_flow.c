/*
 * checker_flow.c — the order of the checker's questions (checker_flow.h).
 */
#include "web/pages/checker_flow.h"

#include <string.h>

static const char *const slugs[STEP__MAX] = {
	"risk",          /* STEP_RISK */
	"help-now",      /* STEP_HELP_NOW */
	"who",           /* STEP_WHO */
	"child",         /* STEP_CHILD */
	"concern",       /* STEP_CONCERN */
	"agency",        /* STEP_AGENCY */
	"dates",         /* STEP_DATES */
	"another",       /* STEP_ANOTHER */
	"court",         /* STEP_COURT */
	"court-agreed",  /* STEP_COURT_AGREED */
	"progress",      /* STEP_PROGRESS */
	"delay",         /* STEP_DELAY */
	"conference",    /* STEP_CONF_PROGRESS */
	"result",        /* STEP_RESULT */
};

const char *chk_step_slug(enum chk_step s)
{
	return (unsigned)s < STEP__MAX ? slugs[s] : NULL;
}

bool chk_step_from_slug(const char *slug, enum chk_step *out)
{
	for (int i = 0; i < STEP__MAX; i++)
		if (strcmp(slug, slugs[i]) == 0) {
			*out = (enum chk_step)i;
			return true;
		}
	return false;
}

static struct chk_pos at(enum chk_step s, size_t i)
{
	return (struct chk_pos){s, i};
}

static struct chk_pos after_court(const struct chk_state *s)
{
	if (chk_has_council_concern(s))
		return at(STEP_PROGRESS, 0);
	if (chk_has_conference_concern(s))
		return at(STEP_CONF_PROGRESS, 0);
	return at(STEP_RESULT, 0);
}

struct chk_pos chk_next(const struct chk_state *s, struct chk_pos p)
{
	int kind = p.concern < CHK_MAX_CONCERNS ? s->c[p.concern].kind : -1;
	switch (p.step) {
	case STEP_RISK:
		if (s->risk == YN_YES)
			return at(STEP_HELP_NOW, 0);
		return at(s->young ? STEP_CHILD : STEP_WHO, 0);
	case STEP_HELP_NOW:
		return at(s->young ? STEP_CHILD : STEP_WHO, 0);
	case STEP_WHO:
		return at(STEP_CHILD, 0);
	case STEP_CHILD:
		/* One page per child (pos.concern is the child's index). */
		if (p.concern + 1 < s->nk && p.concern + 1 < CHK_MAX_CHILDREN)
			return at(STEP_CHILD, p.concern + 1);
		return at(STEP_CONCERN, 0);
	case STEP_CONCERN:
		if (kind >= 0 && chk_kinds[kind].asks_agency)
			return at(STEP_AGENCY, p.concern);
		if (kind == KIND_COURT_START || kind == KIND_COURT_DECIDED)
			return at(STEP_ANOTHER, p.concern);
		return at(STEP_DATES, p.concern);
	case STEP_AGENCY:
		return at(STEP_DATES, p.concern);
	case STEP_DATES:
		return at(STEP_ANOTHER, p.concern);
	case STEP_ANOTHER:
		if (p.concern + 1 < s->n && p.concern + 1 < CHK_MAX_CONCERNS)
			return at(STEP_CONCERN, p.concern + 1);
		return at(STEP_COURT, 0);
	case STEP_COURT:
		if (s->court == COURT_ONGOING)
			return at(STEP_COURT_AGREED, 0);
		return after_court(s);
	case STEP_COURT_AGREED:
		return after_court(s);
	case STEP_PROGRESS:
		if (s->cstage == CSTAGE_1_OPEN || s->cstage == CSTAGE_2_OPEN)
			return at(STEP_DELAY, 0);
		/* fall through */
	case STEP_DELAY:
		if (chk_has_conference_concern(s))
			return at(STEP_CONF_PROGRESS, 0);
		return at(STEP_RESULT, 0);
	case STEP_CONF_PROGRESS:
	case STEP_RESULT:
	default:
		return at(STEP_RESULT, 0);
	}
}

bool chk_prev(const struct chk_state *s, struct chk_pos pos,
              struct chk_pos *out)
{
	struct chk_pos p = at(STEP_RISK, 0);
	for (int guard = 0; guard < 64; guard++) {
		if (p.step == STEP_RESULT && pos.step != STEP_RESULT)
			return false;
		struct chk_pos n = chk_next(s, p);
		if (n.step == pos.step && n.concern == pos.concern) {
			*out = p;
			return true;
		}
		if (n.step == p.step && n.concern == p.concern)
			return false;
		p = n;
	}
	return false;
}
