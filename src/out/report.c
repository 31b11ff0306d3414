/*
 * report.c — the arithmetic of report.h: adding grouped rows into the
 * figures, closure bands and extension lengths in working days, removing
 * identifying details from lessons learned, CSA quarters and columns.
 */
#include "out/report.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n/i18n.h"
#include "out/csv.h"

const enum ts_id report_timely_ts[REPORT_N_TIMELY] = {
	TS_ACK, TS_S1_DISCUSSION, TS_S1_RESOLUTION_LETTER,
	TS_S2_RESPONSE, TS_CONF_CHAIR_RESOLVE, TS_PANEL_CONVENE,
};

void report_figures_init(struct report_figures *r, cwyn_day from,
                         cwyn_day to)
{
	memset(r, 0, sizeof *r);
	r->from = from;
	r->to = to;
}

void report_add_counts(struct report_figures *r, enum store_rq q,
                       const struct store_rcount *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct store_rcount *c = &rows[i];
		enum stage_kind k;
		enum matter_subject s;
		enum ts_id ts;
		enum outcome o;
		enum agency a;
		switch (q) {
		case SRQ_RECEIVED:
			r->received += c->n;
			break;
		case SRQ_STAGES_OPENED:
			if (c->key && stage_kind_from_name(c->key, &k))
				r->by_stage[k] += c->n;
			break;
		case SRQ_SUBJECTS:
			if (c->key && matter_subject_from_name(c->key, &s))
				r->by_subject[s] += c->n;
			break;
		case SRQ_TIMELINESS:
			if (c->key && ts_id_from_name(c->key, &ts)) {
				r->timely[ts].responded += c->n;
				r->timely[ts].within += c->n2;
				r->timely[ts].within_extended += c->n3;
			}
			break;
		case SRQ_OUTCOMES:
			/* "closed" counts every closed case, whatever its
			 * outcome says. */
			r->closed += c->n;
			o = OUTCOME_NONE;
			if (c->key && outcome_from_name(c->key, &o))
				r->by_outcome[o] += c->n;
			if (o == OUTCOME_UPHELD || o == OUTCOME_PARTLY_UPHELD)
				r->upheld_whole_or_part += c->n;
			break;
		case SRQ_REFERRALS:
			if (c->key && strcmp(c->key, "ombudsman") == 0) {
				r->psow_referrals += c->n;
			} else if (c->key && strcmp(c->key, "other_agency") == 0) {
				r->referrals += c->n;
				if (c->key2 && agency_from_name(c->key2, &a))
					r->by_agency[a] += c->n;
			}
			break;
		case SRQ__MAX:
			break;
		}
	}
}

enum report_band report_band_for(const struct calendar *cal,
                                 cwyn_day received, cwyn_day closed)
{
	if (calendar_working_days_between(cal, received, closed) <= 20)
		return RB_WITHIN_20WD;
	if (closed <= date_add_months(received, 3))
		return RB_20WD_3M;
	if (closed <= date_add_months(received, 6))
		return RB_3M_6M;
	return RB_OVER_6M;
}

void report_add_closures(struct report_figures *r, const struct calendar *cal,
                         const struct store_rclosure *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		r->by_band[report_band_for(cal, rows[i].received,
		                           rows[i].closed)] += rows[i].n;
}

void report_add_extensions(struct report_figures *r,
                           const struct calendar *cal,
                           const struct store_rext *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int wd = calendar_working_days_between(cal, rows[i].old_due,
		                                       rows[i].new_due);
		r->extensions += rows[i].n;
		r->extension_wd += (int64_t)(wd > 0 ? wd : 0) * rows[i].n;
	}
}

int64_t report_extension_avg_tenths(const struct report_figures *r)
{
	if (r->extensions <= 0)
		return 0;
	return (r->extension_wd * 10 + r->extensions / 2) / r->extensions;
}

/* ---- Redaction ------------------------------------------------------------ */

#define REMOVED "[removed]"

static bool word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '.' || c == '_' || c == '-' ||
	       c == '+';
}

/* Length of the e-mail address starting at s (0: none). An address is
 * local@domain with a dot in the domain. */
static size_t email_at(const char *s, const char *start)
{
	if (s > start && word_char((unsigned char)s[-1]))
		return 0;
	const char *p = s;
	while (*p && word_char((unsigned char)*p))
		p++;
	if (p == s || *p != '@')
		return 0;
	const char *d = ++p;
	bool dot = false;
	while (*p && (isalnum((unsigned char)*p) || *p == '-' || *p == '.' ||
	              (unsigned char)*p >= 0x80)) {
		dot = dot || *p == '.';
		p++;
	}
	while (p > d && p[-1] == '.')
		p--;
	return dot && p > d ? (size_t)(p - s) : 0;
}

/* Length of a phone-like run at s: 7+ digits, allowing spaces, '-',
 * '(' ')' and a leading '+' between them (0: none). */
static size_t phone_at(const char *s, const char *start)
{
	if (s > start && isdigit((unsigned char)s[-1]))
		return 0;
	const char *p = s, *last = s;
	int digits = 0;
	if (*p == '+')
		p++;
	while (*p) {
		if (isdigit((unsigned char)*p)) {
			digits++;
			last = p + 1;
		} else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')')
			break;
		p++;
	}
	return digits >= 7 ? (size_t)(last - s) : 0;
}

static size_t name_at(const char *s, const char *const *names, size_t n)
{
	size_t best = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = names[i] ? strlen(names[i]) : 0;
		if (len < 2 || len <= best || strncasecmp(s, names[i], len) != 0)
			continue;
		best = len;
	}
	return best;
}

char *report_redact(struct arena *ar, const char *text,
                    const char *const *names, size_t n_names)
{
	struct textbuf b;
	textbuf_init(&b, ar);
	if (text == NULL)
		return arena_strdup(ar, "");
	for (const char *p = text; *p;) {
		size_t k = name_at(p, names, n_names);
		if (k == 0)
			k = email_at(p, text);
		if (k == 0 && (isdigit((unsigned char)*p) || *p == '+'))
			k = phone_at(p, text);
		if (k > 0) {
			textbuf_puts(&b, REMOVED);
			p += k;
			continue;
		}
		textbuf_append(&b, p, 1);
		p++;
	}
	if (!textbuf_puts(&b, "") || b.failed)
		return NULL;
	return b.data ? b.data : arena_strdup(ar, "");
}

enum cwyn_code report_add_lessons(struct report_figures *r, struct arena *ar,
                                  const struct store_rlesson *rows, size_t n,
                                  struct cwyn_error *err)
{
	size_t room = REPORT_LESSONS_MAX - r->n_lessons;
	if (n > room) {
		r->lessons_truncated = true;
		n = room;
	}
	if (n == 0)
		return CWYN_OK;
	struct report_lesson *l =
	    arena_alloc(ar, (r->n_lessons + n) * sizeof *l);
	if (l == NULL)
		return cwyn_fail(err, CWYN_ENOMEM, "report", "out of memory");
	if (r->n_lessons)
		memcpy(l, r->lessons, r->n_lessons * sizeof *l);
	for (size_t i = 0; i < n; i++) {
		struct report_lesson *o = &l[r->n_lessons + i];
		o->closed = rows[i].closed;
		o->outcome = rows[i].outcome;
		o->text = report_redact(ar, rows[i].text, rows[i].names,
		                        rows[i].n_names);
		if (o->text == NULL)
			return cwyn_fail(err, CWYN_ENOMEM, "report",
			                 "out of memory");
	}
	r->lessons = l;
	r->n_lessons += n;
	return CWYN_OK;
}

/* ---- Labels ------------------------------------------------------------- */

static const char *const stage_labels[STAGE_KIND__MAX] = {
	N_("Stage 1 (local resolution)"),          /* STAGE_KIND_STAGE1 */
	N_("Stage 2 (formal investigation)"),      /* STAGE_KIND_STAGE2 */
	N_("Child protection conference (chair)"), /* STAGE_KIND_CONFERENCE */
	N_("Safeguarding Board panel"),            /* STAGE_KIND_PANEL */
	N_("Referred to another agency or the Ombudsman"), /* REFERRAL */
	N_("Excluded (court matters)"),            /* STAGE_KIND_EXCLUDED */
};

static const char *const subject_labels[SUBJ__MAX] = {
	N_("Failure or delay in acting"),
	N_("Inadequate investigation or procedures not followed"),
	N_("Poor communication"),
	N_("Inadequate or inaccurate report"),
	N_("Conference recommendations not implemented"),
	N_("No adequate plan, or plan not implemented"),
	N_("Staff conduct"),
	N_("Other social services matter"),
	N_("Conference process"),
	N_("Decision to register"),
	N_("Category of registration"),
	N_("Decision not to register"),
	N_("De-registration"),
	N_("Decision to start care proceedings"),
	N_("A matter the court has dealt with"),
};

static const char *const outcome_labels[OUTCOME__MAX] = {
	N_("No outcome recorded"), N_("Upheld"),    N_("Partly upheld"),
	N_("Not upheld"),          N_("Resolved"),  N_("Withdrawn"),
	N_("Referred elsewhere"),  N_("Excluded"),
};

static const char *const agency_labels[AGENCY__MAX] = {
	N_("This council"), N_("Police"), N_("Health"), N_("Education"),
	N_("Another council"), N_("Probation"), N_("Other agency"),
};

static const char *const band_labels[RB__MAX] = {
	N_("Within 20 working days"),
	N_("Over 20 working days, up to 3 months"),
	N_("Over 3 months, up to 6 months"),
	N_("Over 6 months"),
};

static const char *const band_names[RB__MAX] = {
	"within_20wd", "20wd_to_3m", "3m_to_6m", "over_6m",
};

_Static_assert(sizeof stage_labels / sizeof *stage_labels == STAGE_KIND__MAX,
               "a label for every stage kind");
_Static_assert(sizeof subject_labels / sizeof *subject_labels == SUBJ__MAX,
               "a label for every subject");

const char *report_stage_label(enum stage_kind k)
{
	return (unsigned)k < STAGE_KIND__MAX ? stage_labels[k] : "?";
}

const char *report_subject_label(enum matter_subject s)
{
	return (unsigned)s < SUBJ__MAX ? subject_labels[s] : "?";
}

const char *report_outcome_label(enum outcome o)
{
	return (unsigned)o < OUTCOME__MAX ? outcome_labels[o] : "?";
}

const char *report_agency_label(enum agency a)
{
	return (unsigned)a < AGENCY__MAX ? agency_labels[a] : "?";
}

const char *report_band_label(enum report_band b)
{
	return (unsigned)b < RB__MAX ? band_labels[b] : "?";
}

const char *report_band_name(enum report_band b)
{
	return (unsigned)b < RB__MAX ? band_names[b] : "?";
}

const char *report_timely_label(enum ts_id ts)
{
	switch (ts) {
	case TS_ACK: return N_("Acknowledgement (2 working days)");
	case TS_S1_DISCUSSION: return N_("Stage 1 discussion (10 working days)");
	case TS_S1_RESOLUTION_LETTER:
		return N_("Stage 1 written resolution (5 working days)");
	case TS_S2_RESPONSE: return N_("Stage 2 response (25 working days)");
	case TS_CONF_CHAIR_RESOLVE: return N_("Conference chair's resolution");
	case TS_PANEL_CONVENE: return N_("Safeguarding Board panel convened");
	default: return "?";
	}
}

/* ---- CSA ------------------------------------------------------------------ */

enum cwyn_code report_quarter(int year, int quarter, cwyn_day *from,
                              cwyn_day *to, struct cwyn_error *err)
{
	if (year < CAL_FIRST_YEAR || year >= CAL_LAST_YEAR)
		return cwyn_fail(err, CWYN_EINVAL, "year",
		                 "the year must be between %d and %d",
		                 CAL_FIRST_YEAR, CAL_LAST_YEAR - 1);
	if (quarter < 1 || quarter > 4)
		return cwyn_fail(err, CWYN_EINVAL, "quarter",
		                 "the quarter must be 1, 2, 3 or 4");
	/* Q1 starts in April of the financial year's first year. */
	int m = 4 + 3 * (quarter - 1);
	int y = year;
	if (m > 12) {
		m -= 12;
		y++;
	}
	*from = date_from_ymd(y, m, 1);
	*to = date_add_months(*from, 3) - 1;
	return CWYN_OK;
}

static const char *const measure_names[CSA_MEASURE__MAX] = {
	"authority", "authority_name", "period", "received", "closed",
	"pct_within_20wd", "pct_20wd_to_3m", "pct_3m_to_6m", "pct_over_6m",
	"pct_upheld", "referred_psow", "subject_childrens_social_services",
};

/* The measures of procedure.md 3.6; the CSA template is unconfirmed
 * (3.6 [U]), so these are defaults a council may rename (docs). */
static const char *const default_headers[CSA_MEASURE__MAX] = {
	"Authority code",
	"Authority",
	"Period",
	"Complaints received",
	"Complaints closed",
	"% closed within 20 working days",
	"% closed between 20 working days and 3 months",
	"% closed between 3 and 6 months",
	"% closed after more than 6 months",
	"% upheld in whole or in part",
	"Referred to PSOW",
	"Subject: children's social services",
};

const char *csa_measure_name(enum csa_measure m)
{
	return (unsigned)m < CSA_MEASURE__MAX ? measure_names[m] : "?";
}

const char *csa_default_header(enum csa_measure m)
{
	return (unsigned)m < CSA_MEASURE__MAX ? default_headers[m] : "?";
}

size_t csa_default_columns(struct csa_column out[CSA_MEASURE__MAX])
{
	for (int i = 0; i < CSA_MEASURE__MAX; i++)
		out[i] = (struct csa_column){(enum csa_measure)i,
		                             default_headers[i]};
	return CSA_MEASURE__MAX;
}

static char *trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

enum cwyn_code csa_columns_parse(const char *spec, struct arena *ar,
                                 struct csa_column out[CSA_MEASURE__MAX],
                                 size_t *n, struct cwyn_error *err)
{
	*n = 0;
	char *copy = spec ? arena_strdup(ar, spec) : NULL;
	if (copy == NULL || *trim(copy) == '\0')
		return cwyn_fail(err, CWYN_EINVAL, "columns",
		                 "name at least one column");
	bool seen[CSA_MEASURE__MAX] = {false};
	char *save = NULL;
	for (char *item = strtok_r(copy, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (eq)
			*eq = '\0';
		char *name = trim(item);
		char *header = eq ? trim(eq + 1) : NULL;
		int m = -1;
		for (int i = 0; i < CSA_MEASURE__MAX; i++)
			if (strcmp(name, measure_names[i]) == 0)
				m = i;
		if (m < 0)
			return cwyn_fail(err, CWYN_EINVAL, "columns",
			                 "unknown measure \"%.40s\"; see "
			                 "docs/reports.md for the measures",
			                 name);
		if (seen[m])
			return cwyn_fail(err, CWYN_EINVAL, "columns",
			                 "the measure %s is named twice",
			                 measure_names[m]);
		if (header && (*header == '\0' || strchr(header, '=')))
			return cwyn_fail(err, CWYN_EINVAL, "columns",
			                 "the header for %s is empty or has '='",
			                 measure_names[m]);
		seen[m] = true;
		out[(*n)++] = (struct csa_column){
		    (enum csa_measure)m, header ? header : default_headers[m]};
	}
	if (*n == 0)
		return cwyn_fail(err, CWYN_EINVAL, "columns",
		                 "name at least one column");
	return CWYN_OK;
}

void report_csa_csv(struct textbuf *tb, const struct csa_column *cols,
                    size_t n_cols, const struct report_csa_row *rows,
                    size_t n_rows)
{
	struct csv c;
	csv_init(&c, tb);
	for (size_t i = 0; i < n_cols; i++)
		csv_text(&c, cols[i].header);
	csv_end_row(&c);
	for (size_t r = 0; r < n_rows; r++) {
		const struct report_csa_row *row = &rows[r];
		const struct report_figures *f = &row->f;
		char period[32];
		snprintf(period, sizeof period, "%d/%02d Q%d", row->year,
		         (row->year + 1) % 100, row->quarter);
		for (size_t i = 0; i < n_cols; i++) {
			switch (cols[i].m) {
			case CSA_AUTHORITY: csv_text(&c, row->authority_code); break;
			case CSA_AUTHORITY_NAME:
				csv_text(&c, row->authority_name);
				break;
			case CSA_PERIOD: csv_text(&c, period); break;
			case CSA_RECEIVED: csv_int(&c, f->received); break;
			case CSA_CLOSED: csv_int(&c, f->closed); break;
			case CSA_PCT_WITHIN_20WD:
				csv_pct(&c, f->by_band[RB_WITHIN_20WD], f->closed);
				break;
			case CSA_PCT_20WD_3M:
				csv_pct(&c, f->by_band[RB_20WD_3M], f->closed);
				break;
			case CSA_PCT_3M_6M:
				csv_pct(&c, f->by_band[RB_3M_6M], f->closed);
				break;
			case CSA_PCT_OVER_6M:
				csv_pct(&c, f->by_band[RB_OVER_6M], f->closed);
				break;
			case CSA_PCT_UPHELD:
				csv_pct(&c, f->upheld_whole_or_part, f->closed);
				break;
			case CSA_REFERRED_PSOW: csv_int(&c, f->psow_referrals); break;
			case CSA_SUBJECT_CHILDREN:
				/* Every complaint cwyn handles is about
				 * children's social services. */
				csv_int(&c, f->received);
				break;
			case CSA_MEASURE__MAX: csv_text(&c, NULL); break;
			}
		}
		csv_end_row(&c);
	}
}
