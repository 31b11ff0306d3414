/*
 * overdue.c — what has breached as of today, and what breaches within N
 * working days: the list a complaints officer starts the day with.
 *
 * The store finds running clocks due by the last day of the window
 * (today + N working days); the calendar then says, clock by clock, how
 * many working days each is past due or has left. Only cases the actor may
 * see are listed, and the look is audited like any other read.
 */
#include <stdio.h>
#include <string.h>

#include "app/app_internal.h"

#define OVERDUE_MAX_WITHIN 250 /* about a year of working days */

/*
 * The cases already looked at, in an open-addressing hash table keyed by
 * case id: a case usually has several clocks in the list, and with a
 * million cases the list can hold tens of thousands of clocks, so both a
 * linear scan and a query per clock would dominate the report.
 */
struct seen {
	int64_t case_id; /* 0 = empty slot */
	bool visible;
	bool matters_loaded;
	char reference[STORE_REF_SIZE];
	struct store_matter *matters;
	size_t n_matters;
};

struct seen_table {
	struct seen *slots;
	size_t mask;
};

static bool seen_init(struct seen_table *t, size_t n_rows, struct arena *ar)
{
	size_t cap = 16;
	while (cap < n_rows * 2)
		cap *= 2;
	t->slots = arena_calloc(ar, cap, sizeof *t->slots);
	t->mask = cap - 1;
	return t->slots != NULL;
}

static struct seen *seen_slot(struct seen_table *t, int64_t case_id)
{
	size_t i = ((uint64_t)case_id * 0x9E3779B97F4A7C15ull) >> 7 & t->mask;
	while (t->slots[i].case_id != 0 && t->slots[i].case_id != case_id)
		i = (i + 1) & t->mask;
	return &t->slots[i];
}

static enum cwyn_code case_for(const struct app_ctx *ctx, int64_t case_id,
                               struct seen_table *t, struct arena *ar,
                               struct seen **out, struct cwyn_error *err)
{
	struct seen *s = seen_slot(t, case_id);
	if (s->case_id == case_id) {
		*out = s;
		return CWYN_OK;
	}
	struct store_case c;
	enum cwyn_code rc = store_case_get(ctx->db, ctx->actor.authority_id,
	                                   case_id, ar, &c, err);
	if (rc != CWYN_OK)
		return rc;
	s->case_id = case_id;
	/* A closed case stops its clocks; should one still run, it is not
	 * work for anyone. */
	s->visible = authz_can_see(ctx, &c) && strcmp(c.status, "open") == 0;
	snprintf(s->reference, sizeof s->reference, "%s", c.reference);
	*out = s;
	return CWYN_OK;
}

/* The matter's number within its case; the case's matters are read once. */
static int matter_seq(const struct app_ctx *ctx, struct seen *s,
                      int64_t matter_id, struct arena *ar)
{
	if (matter_id == 0)
		return 0;
	if (!s->matters_loaded) {
		s->matters_loaded = true;
		if (store_matter_list(ctx->db, ctx->actor.authority_id,
		                      s->case_id, ar, &s->matters,
		                      &s->n_matters, NULL) != CWYN_OK)
			s->n_matters = 0;
	}
	for (size_t i = 0; i < s->n_matters; i++)
		if (s->matters[i].id == matter_id)
			return s->matters[i].seq;
	return 0;
}

enum cwyn_code app_overdue(const struct app_ctx *ctx, int within_wd,
                           struct arena *ar, struct app_overdue_item **out,
                           size_t *n, struct cwyn_error *err)
{
	struct store_clock *rows = NULL;
	size_t n_rows = 0, kept = 0;
	struct app_overdue_item *items = NULL;
	struct seen_table seen;
	cwyn_day until = CWYN_DAY_NONE;
	*out = NULL;
	*n = 0;
	if (within_wd < 0 || within_wd > OVERDUE_MAX_WITHIN)
		return cwyn_fail(err, CWYN_ERANGE, "within",
		                 "within must be 0 to %d working days",
		                 OVERDUE_MAX_WITHIN);
	/* A read: only its audit entry is written (see case_read.c). */
	enum cwyn_code rc = app_begin_read(ctx, err);
	if (rc != CWYN_OK)
		return rc;
	if ((rc = authz_check(ctx, AZ_OVERDUE_READ, NULL, err)) ||
	    (rc = calendar_add_working_days(ctx->cal, ctx->today, within_wd,
	                                    &until, err)) ||
	    (rc = store_clocks_due(ctx->db, ctx->actor.authority_id, until, ar,
	                           &rows, &n_rows, err)))
		goto out;
	items = arena_calloc(ar, n_rows ? n_rows : 1, sizeof *items);
	if (items == NULL || !seen_init(&seen, n_rows, ar)) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "overdue", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n_rows; i++) {
		struct seen *s = NULL;
		struct clock c;
		rc = case_for(ctx, rows[i].case_id, &seen, ar, &s, err);
		if (rc == CWYN_OK)
			rc = app_clock_from_row(ctx, &rows[i], &c, err);
		if (rc != CWYN_OK)
			goto out;
		if (!s->visible)
			continue;
		struct clock_status st = clock_status(&c, ctx->cal, ctx->today);
		if (!st.breached &&
		    !clock_is_due_within(&c, ctx->cal, ctx->today, within_wd))
			continue;
		struct app_overdue_item *it = &items[kept++];
		it->case_id = rows[i].case_id;
		snprintf(it->reference, sizeof it->reference, "%s",
		         s->reference);
		it->clock_id = rows[i].id;
		it->matter_id = rows[i].matter_id;
		it->matter_seq = matter_seq(ctx, s, rows[i].matter_id, ar);
		it->ts = c.ts;
		it->started_on = c.started;
		it->due_on = st.due;
		it->breached = st.breached;
		it->days_overdue = st.days_overdue;
		it->due_in_wd = st.due_in_working_days;
	}
	json_t *d = json_object();
	json_object_set_new(d, "today", app_json_day(ctx->today));
	json_object_set_new(d, "within", json_integer(within_wd));
	json_object_set_new(d, "listed", json_integer((json_int_t)kept));
	rc = app_audit(ctx, "overdue.read", 0, d, err);
out:
	rc = app_end(ctx, rc, err);
	if (rc == CWYN_OK) {
		*out = items;
		*n = kept;
	}
	return rc;
}
