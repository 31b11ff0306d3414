/*
 * checker_state.h — the answers of the public checker ("Can this complaint
 * be looked at, and by whom?") and how they travel between pages.
 *
 * There is no server-side state: the answers so far ride in the query
 * string of each page (and in hidden fields of its form), are parsed back
 * strictly here (an unknown or malformed value is simply "not answered"),
 * and at the end become a struct facts for the triage engine.
 */
#ifndef CWYN_WEB_PAGES_CHECKER_STATE_H
#define CWYN_WEB_PAGES_CHECKER_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/triage.h"
#include "web/pair.h"

#define CHK_MAX_CONCERNS 5
/* Children a member of the public can tell us about on one complaint
 * (brothers and sisters, say); staff can record more (staff_intake.c). */
#define CHK_MAX_CHILDREN 6

/* The concerns a member of the public can pick, in plain language; each
 * maps to a matter subject (and for a court report, report_for_court). */
enum chk_kind {
	KIND_NO_ACTION = 0,
	KIND_INVESTIGATION,
	KIND_COMMUNICATION,
	KIND_REPORT,
	KIND_COURT_REPORT,
	KIND_RECOMMENDATIONS,
	KIND_PLAN,
	KIND_WORKER,
	KIND_OTHER_SERVICE,
	KIND_CONF_PROCESS,
	KIND_CONF_REGISTER,
	KIND_CONF_CATEGORY,
	KIND_CONF_NOT_REGISTER,
	KIND_CONF_DEREGISTER,
	KIND_COURT_START,
	KIND_COURT_DECIDED,
	KIND__MAX
};

struct chk_kind_info {
	const char *name;        /* value in forms and URLs */
	enum matter_subject subject;
	bool asks_agency;        /* "whose worker or organisation?" */
	bool conference;         /* dates are the conference's */
	const char *label;       /* msgid, adult wording */
	const char *label_young; /* msgid, young people's wording */
};

extern const struct chk_kind_info chk_kinds[KIND__MAX];

struct chk_concern {
	int kind;        /* enum chk_kind, -1 unanswered */
	int agency;      /* enum agency, -1 unanswered */
	cwyn_day event, aware, conf_held, minutes;
};

/* One child's answers (the first child's live in chk_state itself). */
struct chk_child {
	int age;             /* -1 unknown */
	int looked_after;    /* enum chk_yn */
	int education;       /* enum chk_yn */
};

/* A yes/no/not-sure answer. */
enum chk_yn { YN_UNSET = -1, YN_NO = 0, YN_YES = 1, YN_NOT_SURE = 2 };

struct chk_state {
	bool young;          /* the young people's wording */
	int risk;            /* enum chk_yn */
	int rel;             /* enum relationship, -1 unanswered */
	/* The first child (for a young person: themself; their age is
	 * also the complainant's age). */
	int age;             /* -1 unknown */
	int looked_after;    /* enum chk_yn */
	int education;       /* enum chk_yn */
	/* Children 2..nk: other[j - 1] is child j (0-based j). */
	size_t nk;           /* children, 1..CHK_MAX_CHILDREN */
	size_t cur_child;    /* the child being asked about (0-based) */
	struct chk_child other[CHK_MAX_CHILDREN - 1];
	size_t n;            /* concerns started */
	size_t cur;          /* the concern being asked about */
	struct chk_concern c[CHK_MAX_CONCERNS];
	int court;           /* enum court_status, -1 unanswered */
	int court_agreed;    /* enum chk_yn */
	int cstage;          /* enum council_stage, -1 unanswered */
	int delaying;        /* enum chk_yn */
	int confstage;       /* enum conference_stage, -1 unanswered */
};

void chk_state_init(struct chk_state *s);

/* Read the state from query or form pairs; unknown values stay unset. */
void chk_state_read(struct chk_state *s, const struct web_pair *p, size_t n);

/* The state as (name, value) pairs, in a fixed order; arena arrays. */
enum cwyn_code chk_state_pairs(const struct chk_state *s, struct arena *a,
                               struct web_pair **out, size_t *n);

/* "yp=1&risk=no&..." (no leading '?'), percent-encoded; or NULL. */
char *chk_state_query(const struct chk_state *s, struct arena *a);

/* "/check/<slug>?<state>" */
char *chk_url(const struct chk_state *s, struct arena *a, const char *slug);

/* Write every answer as hidden inputs, except the names in skip (the
 * ones the page itself asks, so a cleared answer does not come back). */
struct html;
void chk_state_hidden(const struct chk_state *s, struct html *h,
                      const char *const *skip, size_t nskip);

/* Name helpers for fields of concern i: "c1k", "c1a", "c1e" ... */
const char *chk_field(struct arena *a, size_t i, char what);

/*
 * Child j's (0-based) fields: child 1 keeps the plain names ("age", "la",
 * "edu"), child j+1 appends its number ("age2", "la3", ... "edu6"), so a
 * page about one child has ids of its own. chk_child_key parses such a
 * name strictly (no leading zeros, 2..CHK_MAX_CHILDREN) for any base.
 */
const char *chk_child_field(struct arena *a, size_t j, const char *base);
bool chk_child_key(const char *name, const char *base, size_t *j);

/* Child j's answers (j < CHK_MAX_CHILDREN), read and written. */
struct chk_child chk_child_get(const struct chk_state *s, size_t j);
void chk_child_set(struct chk_state *s, size_t j, struct chk_child c);
/* Child j leaves; the ones after it move up. False if it is the only one. */
bool chk_child_remove(struct chk_state *s, size_t j);

/*
 * The child page's errors (msgids) and its buttons, shared by the checker
 * and the complaint form. The buttons follow the GOV.UK "add another"
 * pattern without JavaScript: "Continue" first (a <button>, the default
 * for Enter), then "Add another child" (a submit input named "add-child",
 * id "add-child", with add_error under it) and, when there is more than
 * one child, "Remove child N" (a submit input named "remove-child"); the
 * server goes by the name, never the (translated) label. A young
 * person's page (it is about themself) has only "Continue".
 */
extern const char chk_msg_too_many_children[];
extern const char chk_msg_bad_action[];
void chk_child_buttons(struct html *h, const struct chk_state *s, size_t j,
                       const char *add_error);
/* The caption "Child 2" above a child's questions when there are several. */
void chk_child_caption(struct html *h, const struct chk_state *s, size_t j);

const char *chk_yn_name(int v);
int chk_yn_from(const char *s);

/* Any concern of these sorts? */
bool chk_has_council_concern(const struct chk_state *s);
bool chk_has_conference_concern(const struct chk_state *s);

/*
 * The facts for the triage engine: as_of and received are today, every
 * child (nk), one matter per answered concern. Arrays live in the arena.
 */
enum cwyn_code chk_state_facts(const struct chk_state *s, cwyn_day today,
                               enum language lang, struct arena *a,
                               struct facts *out, struct cwyn_error *err);

#endif
