/*
 * cmd_case.c — `cwyn case`: complaints as cases, from the command line.
 *
 *   cwyn case new FACTS.json [--name N] [--email E] [--phone P]
 *                 [--language en|cy] [--channel written|oral|web]
 *                 [--child LABEL]... [--restricted [--named USER]...]
 *   cwyn case show REF [--json]
 *   cwyn case list [--status open|closed] [--route R] [--overdue]
 *                  [--limit N] [--after ID] [--json]
 *   cwyn case advance REF --matter N --action ACTION [--outcome O]
 *                  [--independent] [--wishes-panel] [--on DATE] [--note T]
 *   cwyn case extend REF --clock ID --agreed-with WHO --agreed-on DATE
 *                  --reason TEXT (--days N | --new-due DATE) [--exceptional]
 *   cwyn case close REF --outcome O [--reason TEXT] [--lessons TEXT]
 *   cwyn case reopen REF --reason TEXT
 *   cwyn case agree REF --signature NAME
 *   cwyn case route REF FACTS.json
 * and the common options of cli_session.h (--db, --today, --policy,
 * --authority). Commands that change a case take --version V, the version
 * the user saw; without it they act on the case as it is now.
 *
 * The command line acts as the local operator "cli" (app.h): whoever can
 * run this against the database file could read the file anyway, so the
 * operator may do case work, and every step is audited under "cli".
 *
 * Errors: "cwyn case: <field>: <message>", exit 1; usage errors exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/app.h"
#include "app/case_json.h"
#include "app/file_io.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "core/rules.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"

#define MAX_CHILD_LABELS 20

/* _() for a printf format, checked against the English format. */
static const char *tr_fmt(const char *msgid) __attribute__((format_arg(1)));
static const char *tr_fmt(const char *msgid)
{
	return _(msgid);
}

static const char *pick(const char *en, const char *cy)
{
	if (i18n_thread_language() == LANG_CY && cy != NULL && cy[0] != '\0')
		return cy;
	return en;
}

/* ---- Words (enum-indexed, translated where shown) ------------------------ */

static const char *const route_words[ROUTE__MAX] = {
	N_("The council's complaints procedure, Stage 1 (local resolution)"), /* ROUTE_COUNCIL_STAGE1 */
	N_("The council's complaints procedure, Stage 2 (formal investigation)"), /* ROUTE_COUNCIL_STAGE2 */
	N_("The child protection conference chair"), /* ROUTE_CONFERENCE_CHAIR */
	N_("The Safeguarding Children Board panel"), /* ROUTE_SAFEGUARDING_PANEL */
	N_("The other agency's own complaints procedure"), /* ROUTE_OTHER_AGENCY */
	N_("Excluded: a court matter (take legal advice)"), /* ROUTE_EXCLUDED_COURT */
	N_("The Public Services Ombudsman for Wales"), /* ROUTE_OMBUDSMAN */
	N_("Split: the matters go different ways"), /* ROUTE_SPLIT */
};

static const char *const verdict_words[VERDICT__MAX] = {
	N_("cannot look at it"), /* VERDICT_NO */
	N_("not yet: another body must deal with it first"), /* VERDICT_NOT_YET */
	N_("possibly, at its discretion"), /* VERDICT_POSSIBLE */
	N_("can look at it"), /* VERDICT_YES */
};

static const char *const clock_state_words[CLOCK_STATE__MAX] = {
	N_("running"), /* CLOCK_RUNNING */
	N_("paused"),  /* CLOCK_PAUSED */
	N_("stopped"), /* CLOCK_STOPPED */
};

static const char *route_text(const char *name)
{
	for (int r = 0; name && r < ROUTE__MAX; r++)
		if (strcmp(route_name((enum route)r), name) == 0)
			return _(route_words[r]);
	return name ? name : "-";
}

static const char *verdict_text(const char *name)
{
	for (int v = 0; name && v < VERDICT__MAX; v++)
		if (strcmp(verdict_name((enum verdict)v), name) == 0)
			return _(verdict_words[v]);
	return name ? name : "-";
}

static const char *clock_state_text(const char *name)
{
	enum clock_state s;
	if (name && clock_state_from_name(name, &s))
		return _(clock_state_words[s]);
	return name ? name : "-";
}

/* ---- Small parsing helpers ---------------------------------------------- */

static int usage(const char *msg)
{
	fprintf(stderr, "cwyn case: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn case new|show|list|advance|extend|close|"
	          "reopen|agree|route ... (see cwyn case help)"));
	return 2;
}

static int refuse(const char *field, const char *msg)
{
	fprintf(stderr, "cwyn case: %s: %s\n", field, msg);
	return 1;
}

/* A whole positive number of at most max, or -1. */
static long parse_count(const char *s, long max)
{
	char *end;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	return v;
}

static int64_t parse_id(const char *s)
{
	char *end;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return -1;
	return (int64_t)v;
}

/* Option table of a sub-command: flags and options with values. */
struct opt {
	const char *name;
	bool has_value;
	const char **value; /* for options with a value */
	bool *flag;         /* for flags */
};

/*
 * Parse argv[first..] into the common options, the sub-command's options
 * and at most max_pos positional arguments. 0 or the usage exit code.
 */
static int parse_args(int argc, char **argv, int first, struct cli_common *c,
                      const struct opt *opts, size_t n_opts,
                      const char **pos, int max_pos, int *n_pos,
                      const char **children, size_t *n_children,
                      const char **named, size_t *n_named)
{
	*n_pos = 0;
	for (int i = first; i < argc; i++) {
		int used = cli_common_option("case", c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		if (children && strcmp(argv[i], "--child") == 0) {
			if (i + 1 >= argc)
				return usage(_("--child needs a label"));
			if (*n_children >= MAX_CHILD_LABELS)
				return usage(_("too many --child labels"));
			children[(*n_children)++] = argv[++i];
			continue;
		}
		if (named && strcmp(argv[i], "--named") == 0) {
			if (i + 1 >= argc)
				return usage(_("--named needs a username"));
			if (*n_named >= MAX_CHILD_LABELS)
				return usage(_("too many --named users"));
			named[(*n_named)++] = argv[++i];
			continue;
		}
		bool known = false;
		for (size_t k = 0; k < n_opts; k++) {
			if (strcmp(argv[i], opts[k].name) != 0)
				continue;
			known = true;
			if (!opts[k].has_value) {
				*opts[k].flag = true;
				break;
			}
			if (i + 1 >= argc) {
				fprintf(stderr, "cwyn case: %s: %s\n",
				        opts[k].name + 2,
				        _("a value is required"));
				return 2;
			}
			*opts[k].value = argv[++i];
			break;
		}
		if (known)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "cwyn case: %s: %s\n", argv[i],
			        _("unknown option"));
			return 2;
		}
		if (*n_pos >= max_pos)
			return usage(_("too many arguments"));
		pos[(*n_pos)++] = argv[i];
	}
	return 0;
}

/* --version V: the version the user saw (0: as it is now). */
static int parse_version(const char *s, int64_t *out)
{
	if (s == NULL) {
		*out = 0;
		return 0;
	}
	int64_t v = parse_id(s);
	if (v <= 0)
		return refuse("version", _("must be a whole number above 0"));
	*out = v;
	return 0;
}

static int report(const struct cwyn_error *err)
{
	return cli_report("case", err);
}

static void print_changed(const struct app_case_ref *r)
{
	printf(tr_fmt(N_("Case %s saved (version %lld).")), r->reference,
	       (long long)r->version);
	putchar('\n');
}

/* ---- new ------------------------------------------------------------------ */

static int case_new(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *name = NULL, *email = NULL, *phone = NULL, *address = NULL;
	const char *language = NULL, *channel = NULL, *contact = NULL;
	const char *access = NULL, *represents = NULL;
	bool restricted = false, representative = false, json = false;
	const struct opt opts[] = {
	    {"--name", true, &name, NULL},
	    {"--email", true, &email, NULL},
	    {"--phone", true, &phone, NULL},
	    {"--address", true, &address, NULL},
	    {"--language", true, &language, NULL},
	    {"--channel", true, &channel, NULL},
	    {"--contact-preference", true, &contact, NULL},
	    {"--accessibility", true, &access, NULL},
	    {"--represents", true, &represents, NULL},
	    {"--representative", false, NULL, &representative},
	    {"--restricted", false, NULL, &restricted},
	    {"--json", false, NULL, &json},
	};
	const char *pos[1], *children[MAX_CHILD_LABELS];
	const char *named[MAX_CHILD_LABELS];
	size_t n_children = 0, n_named = 0;
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, sizeof opts / sizeof *opts,
	                     pos, 1, &n_pos, children, &n_children, named,
	                     &n_named)))
		return rc;
	if (n_pos != 1)
		return usage(_("case new needs the facts file (or - for stdin)"));
	struct app_intake in = {
	    .complainant = {.name = name, .email = email, .phone = phone,
	                    .address = address, .contact_preference = contact,
	                    .accessibility_needs = access,
	                    .is_representative = representative,
	                    .represents = represents},
	    .child_labels = children,
	    .n_child_labels = n_children,
	    .channel = channel,
	    .restricted = restricted,
	};
	if (language) {
		if (!language_from_name(language, &in.complainant.language))
			return refuse("language", _("must be en or cy"));
		in.complainant.language_set = true;
	}
	char *text = NULL;
	size_t len = 0;
	struct cwyn_error err = {0};
	if (file_read_all(pos[0], CWYN_INPUT_MAX, &text, &len, &err) != CWYN_OK)
		return report(&err);
	in.facts_json = text;
	in.facts_len = len;
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s))) {
		free(text);
		return rc;
	}
	/* The named users of a restricted case, by username. */
	int64_t named_ids[MAX_CHILD_LABELS];
	for (size_t i = 0; i < n_named; i++) {
		struct app_actor who;
		if (app_actor_for_user(s.db, s.ctx.actor.authority_id, named[i],
		                       &who, &err) != CWYN_OK) {
			cwyn_fail(&err, CWYN_EINVAL, "named",
			          N_("no such user in this authority"));
			rc = report(&err);
			cli_session_close(&s);
			free(text);
			return rc;
		}
		named_ids[i] = who.user_id;
	}
	in.named_users = named_ids;
	in.n_named_users = n_named;
	struct app_intake_result r;
	rc = 0;
	if (app_intake(&s.ctx, &in, &r, &err) != CWYN_OK) {
		rc = report(&err);
	} else if (json) {
		json_t *o = json_object();
		json_object_set_new(o, "reference", json_string(r.ref.reference));
		json_object_set_new(o, "version", json_integer(r.ref.version));
		json_object_set_new(o, "overall_route",
		                    json_string(route_name(r.overall)));
		json_object_set_new(o, "safeguarding_alert",
		                    json_boolean(r.safeguarding_alert));
		json_object_set_new(o, "matters",
		                    json_integer((json_int_t)r.n_matters));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		printf(tr_fmt(N_("Case %s created.")), r.ref.reference);
		putchar('\n');
		if (r.safeguarding_alert) {
			printf("!! %s\n",
			       _("SAFEGUARDING ALERT: a child may be at risk now. "
			         "Make a safeguarding referral today; the "
			         "complaint continues."));
		}
		printf("%s: %s\n", _("Route"),
		       route_text(route_name(r.overall)));
		printf(tr_fmt(N_("%zu matter(s), %zu clock(s) started.")),
		       r.n_matters, r.n_clocks);
		putchar('\n');
		printf(tr_fmt(N_("See it with: cwyn case show %s")),
		       r.ref.reference);
		putchar('\n');
	}
	cli_session_close(&s);
	free(text);
	return rc;
}

/* ---- show ----------------------------------------------------------------- */

/* The derivation of a clock as sentences, from its stored document. */
static void print_derivation(json_t *dv)
{
	char a[32], b[32];
	cwyn_day start, due;
	const char *s_start = json_string_value(json_object_get(dv, "start"));
	const char *s_due = json_string_value(json_object_get(dv, "due"));
	const char *unit = json_string_value(json_object_get(dv, "unit"));
	json_t *counted = json_object_get(dv, "counted");
	int n = (int)json_integer_value(counted ? counted
	                                        : json_object_get(dv, "amount"));
	if (!s_start || !s_due || !unit ||
	    date_parse(s_start, &start, "start", NULL) != CWYN_OK ||
	    date_parse(s_due, &due, "due", NULL) != CWYN_OK)
		return;
	printf("       ");
	printf(tr_fmt(N_("Day 0 is %s.")), cli_day_text(start, a, sizeof a));
	putchar(' ');
	if (strcmp(unit, "working_days") == 0) {
		json_t *sk = json_object_get(dv, "skipped");
		if (json_array_size(sk) == 0) {
			printf(tr_fmt(N_("Counting %d working days after it, no "
			                 "days were skipped.")),
			       n);
		} else {
			printf(tr_fmt(N_("Counting %d working days after it, "
			                 "these days were skipped:")),
			       n);
			size_t i;
			json_t *x;
			json_array_foreach(sk, i, x) {
				cwyn_day d;
				const char *ds = json_string_value(
				    json_object_get(x, "date"));
				if (!ds || date_parse(ds, &d, "d", NULL))
					continue;
				printf("%s %s (%s)", i ? ";" : "",
				       cli_day_text(d, a, sizeof a),
				       pick(json_string_value(
				                json_object_get(x, "why")),
				            json_string_value(
				                json_object_get(x, "why_cy"))));
			}
			putchar('.');
		}
		putchar(' ');
		char ord[16];
		if (i18n_thread_language() == LANG_CY)
			snprintf(ord, sizeof ord, "%d", n);
		else
			snprintf(ord, sizeof ord, "%d%s", n,
			         (n % 100 >= 11 && n % 100 <= 13) ? "th"
			         : n % 10 == 1                   ? "st"
			         : n % 10 == 2                   ? "nd"
			         : n % 10 == 3                   ? "rd"
			                                         : "th");
		printf(tr_fmt(N_("The %s working day is %s.")), ord,
		       cli_day_text(due, b, sizeof b));
	} else if (strcmp(unit, "calendar_days") == 0) {
		printf(tr_fmt(N_("%d calendar days after it is %s.")), n,
		       cli_day_text(due, b, sizeof b));
	} else {
		printf(tr_fmt(N_("%d months after it is %s.")), n,
		       cli_day_text(due, b, sizeof b));
	}
	putchar('\n');
	const char *src = json_string_value(json_object_get(dv, "source"));
	if (src)
		printf("       [%s: %s]\n", _("source"), src);
}

static void print_reasons(const char *decision_json)
{
	json_t *d = decision_json ? json_loads(decision_json, 0, NULL) : NULL;
	json_t *rs = json_object_get(d, "reasons");
	size_t i;
	json_t *x;
	json_array_foreach(rs, i, x) {
		const char *id = json_string_value(json_object_get(x, "rule"));
		const struct rule *r = id ? rule_find(id) : NULL;
		if (r)
			printf("       - %s [%s]\n", _(r->summary), r->id);
		else if (id)
			printf("       - [%s]\n", id);
	}
	json_decref(d);
}

static void print_matters(const struct app_case_view *v,
                          const struct policy *p)
{
	char a[32];
	printf("\n%s\n", _("Matters"));
	for (size_t i = 0; i < v->n_matters; i++) {
		const struct store_matter *m = &v->matters[i];
		printf("  %d. %s", m->seq, m->subject);
		if (m->summary && m->summary[0])
			printf(" — %s", m->summary);
		putchar('\n');
		printf("     %s: %s\n", _("Route"), route_text(m->route));
		if (m->agency_name)
			printf("     %s: %s\n", _("Agency"), m->agency_name);
		printf("     %s: %s; %s: %s\n", _("Council"),
		       verdict_text(m->council_verdict), _("Ombudsman"),
		       verdict_text(m->ombudsman_verdict));
		if (m->late)
			printf("     %s\n", _("Outside a time limit for "
			                      "complaining."));
		printf("     %s:\n", _("Reasons"));
		print_reasons(m->decision_json);
		const struct store_stage *s = app_view_current_stage(v, m->id);
		enum stage_kind k;
		enum stage_state st;
		if (s == NULL || !stage_kind_from_name(s->kind, &k) ||
		    !stage_state_from_name(s->state, &st))
			continue;
		printf("     %s: %s — %s (", _("Stage"),
		       _(stage_kind_label(k)), _(stage_state_label(st)));
		printf(tr_fmt(N_("opened %s")),
		       cli_day_text(s->opened_on, a, sizeof a));
		if (s->closed_on != CWYN_DAY_NONE) {
			printf(", ");
			printf(tr_fmt(N_("ended %s")),
			       cli_day_text(s->closed_on, a, sizeof a));
		}
		printf(")\n");
		enum stage_action acts[ACT__MAX];
		size_t n = 0;
		if (s->closed_on == CWYN_DAY_NONE || stage_state_is_final(st))
			n = lifecycle_allowed_actions(k, st, p, acts);
		if (n > 0 && strcmp(v->c.status, "open") == 0) {
			printf("     %s:\n", _("Next steps"));
			for (size_t j = 0; j < n; j++)
				printf("       --action %s  (%s)\n",
				       stage_action_name(acts[j]),
				       _(stage_action_label(acts[j])));
		}
	}
}

static void print_clocks(const struct app_case_view *v,
                         const struct policy *p)
{
	char a[32], b[32];
	printf("\n%s\n", _("Clocks"));
	if (v->n_clocks == 0)
		printf("  %s\n", _("none"));
	for (size_t i = 0; i < v->n_clocks; i++) {
		const struct store_clock *k = &v->clocks[i];
		const struct clock_status *st = &v->status[i];
		enum ts_id ts;
		const char *label = k->timescale;
		if (ts_id_from_name(k->timescale, &ts) && p->timescales[ts].defined)
			label = pick(p->timescales[ts].label.en,
			             p->timescales[ts].label.cy);
		int seq = 0;
		for (size_t m = 0; m < v->n_matters; m++)
			if (v->matters[m].id == k->matter_id)
				seq = v->matters[m].seq;
		printf("  #%lld %s", (long long)k->id, label);
		if (seq) {
			printf(" (");
			printf(tr_fmt(N_("matter %d")), seq);
			printf(")");
		}
		printf(": ");
		printf(tr_fmt(N_("due %s")), cli_day_text(st->due, a, sizeof a));
		printf(", %s", clock_state_text(k->state));
		if (k->stopped_on != CWYN_DAY_NONE) {
			printf(" ");
			printf(tr_fmt(N_("on %s")),
			       cli_day_text(k->stopped_on, b, sizeof b));
			printf(" — %s", st->breached ? _("late") : _("in time"));
		} else if (st->breached) {
			printf(" — ");
			printf(tr_fmt(N_("OVERDUE by %d working day(s)")),
			       st->days_overdue);
		} else if (strcmp(k->state, "running") == 0) {
			printf(" — ");
			printf(tr_fmt(N_("%d working day(s) left")),
			       st->due_in_working_days);
		}
		if (k->extension_wd > 0) {
			printf("; ");
			printf(tr_fmt(N_("extended by %d")), k->extension_wd);
		}
		putchar('\n');
		json_t *dv = k->derivation_json
		                 ? json_loads(k->derivation_json, 0, NULL)
		                 : NULL;
		if (dv)
			print_derivation(dv);
		json_decref(dv);
	}
	for (size_t i = 0; i < v->n_extensions; i++) {
		const struct store_extension *e = &v->extensions[i];
		printf("  ");
		char c2[32];
		printf(tr_fmt(N_("Extension of clock #%lld agreed on %s with "
		                 "%s: due date %s moved to %s (%s)")),
		       (long long)e->clock_id,
		       cli_day_text(e->agreed_on, a, sizeof a), e->agreed_with,
		       cli_day_text(e->old_due, b, sizeof b),
		       cli_day_text(e->new_due, c2, sizeof c2), e->reason);
		putchar('\n');
	}
}

/* What the timeline's event kinds mean, for people. */
static const struct {
	const char *kind;
	const char *label;
} event_words[] = {
    {"safeguarding_alert", N_("Safeguarding alert raised")},
    {"case.created", N_("Case created")},
    {"written_record.awaiting_agreement",
     N_("Written record awaits the complainant's agreement")},
    {"written_record.agreed", N_("Written record agreed and signed")},
    {"matter.routed", N_("Matter routed")},
    {"matter.rerouted", N_("Matter rerouted")},
    {"stage.opened", N_("Stage opened")},
    {"stage.advanced", N_("Stage moved on")},
    {"clock.started", N_("Clock started")},
    {"clock.stopped", N_("Clock stopped")},
    {"clock.extended", N_("Clock extended by agreement")},
    {"conference.window_checked", N_("Conference time limit checked")},
    {"case.retriaged", N_("Facts changed; routed again")},
    {"case.closed", N_("Case closed")},
    {"case.reopened", N_("Case reopened")},
    {"letter", N_("Letter written")},
    {"letter.pending", N_("Letter still to be written")},
    {"language.unknown", N_("Language not known: letters in Welsh and English")},
};

static const char *event_text(const char *kind)
{
	for (size_t i = 0; i < sizeof event_words / sizeof *event_words; i++)
		if (strcmp(event_words[i].kind, kind) == 0)
			return _(event_words[i].label);
	return kind;
}

static void print_case(const struct app_case_view *v, const struct policy *p)
{
	char a[32];
	const struct store_case *c = &v->c;
	printf(tr_fmt(N_("Case %s")), c->reference);
	printf(" (%s", strcmp(c->status, "open") == 0 ? _("open") : _("closed"));
	if (c->outcome)
		printf(": %s", c->outcome);
	printf(", ");
	printf(tr_fmt(N_("version %lld")), (long long)c->version);
	printf(")\n");
	if (c->safeguarding_alert)
		printf("!! %s\n",
		       _("SAFEGUARDING ALERT: a child may be at risk now. "
		         "Make a safeguarding referral today; the "
		         "complaint continues."));
	if (c->restricted)
		printf("%s\n", _("Restricted: only named users may see this "
		                 "case."));
	printf("%s: %s (%s)\n", _("Received"),
	       cli_day_text(c->received, a, sizeof a), c->channel);
	printf("%s: %s\n", _("Route"), route_text(c->overall_route));
	if (strcmp(c->channel, "oral") == 0) {
		if (c->written_record_agreed_on == CWYN_DAY_NONE) {
			printf("%s\n", _("Written record: awaiting the "
			                 "complainant's agreement and signature."));
		} else {
			printf(tr_fmt(N_("Written record agreed on %s, signed "
			                 "\"%s\".")),
			       cli_day_text(c->written_record_agreed_on, a,
			                    sizeof a),
			       c->signature ? c->signature : "");
			putchar('\n');
		}
	}
	for (size_t i = 0; i < v->n_complainants; i++) {
		const struct store_complainant *x = &v->complainants[i];
		printf("%s: %s (%s", _("Complainant"), x->name, x->relationship);
		if (x->is_representative)
			printf(", %s", _("representative"));
		printf("; %s %s)", _("language"), x->language);
		if (x->email)
			printf(", %s", x->email);
		if (x->phone)
			printf(", %s", x->phone);
		putchar('\n');
		if (x->accessibility_needs)
			printf("  %s: %s\n", _("Accessibility needs"),
			       x->accessibility_needs);
	}
	for (size_t i = 0; i < v->n_children; i++) {
		const struct store_child *k = &v->children[i];
		printf("%s: %s", _("Child"), k->label);
		if (k->age >= 0) {
			printf(" (");
			printf(tr_fmt(N_("age %d")), k->age);
			printf(")");
		}
		putchar('\n');
	}
	print_matters(v, p);
	print_clocks(v, p);
	printf("\n%s\n", _("Timeline"));
	char when[UK_TIME_STRLEN];
	for (size_t i = 0; i < v->n_events; i++)
		printf("  %s  %s  %s\n", uk_time_text(v->events[i].at, when),
		       event_text(v->events[i].kind), v->events[i].detail_json);
}

static int case_show(int argc, char **argv)
{
	struct cli_common c = {0};
	bool json = false;
	const struct opt opts[] = {{"--json", false, NULL, &json}};
	const char *pos[1];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, 1, pos, 1, &n_pos, NULL,
	                     NULL, NULL, NULL)))
		return rc;
	if (n_pos != 1)
		return usage(_("case show needs a case reference"));
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s)))
		return rc;
	struct app_case_view v;
	struct cwyn_error err = {0};
	if (app_case_read(&s.ctx, pos[0], &s.ar, &v, &err) != CWYN_OK) {
		rc = report(&err);
	} else if (json) {
		json_t *o = case_view_to_json(&v, s.policy,
		                              i18n_thread_language());
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		print_case(&v, s.policy);
	}
	cli_session_close(&s);
	return rc;
}

/* ---- list ----------------------------------------------------------------- */

static int case_list(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *status = NULL, *route = NULL, *limit = NULL, *after = NULL;
	bool overdue = false, json = false;
	const struct opt opts[] = {
	    {"--status", true, &status, NULL},
	    {"--route", true, &route, NULL},
	    {"--limit", true, &limit, NULL},
	    {"--after", true, &after, NULL},
	    {"--overdue", false, NULL, &overdue},
	    {"--json", false, NULL, &json},
	};
	const char *pos[1];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, sizeof opts / sizeof *opts,
	                     pos, 0, &n_pos, NULL, NULL, NULL,
	                     NULL)))
		return rc;
	struct app_case_list_in in = {.status = status, .route = route,
	                              .overdue_only = overdue};
	if (limit) {
		long l = parse_count(limit, 500);
		if (l < 1)
			return refuse("limit", _("must be 1 to 500"));
		in.limit = (size_t)l;
	}
	if (after && (in.after_id = parse_id(after)) < 0)
		return refuse("after", _("must be a case id"));
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s)))
		return rc;
	struct store_case *rows;
	size_t n;
	bool more;
	struct cwyn_error err = {0};
	if (app_case_list(&s.ctx, &in, &s.ar, &rows, &n, &more, &err) !=
	    CWYN_OK) {
		rc = report(&err);
	} else if (json) {
		json_t *o = json_object(), *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, case_row_to_json(&rows[i]));
		json_object_set_new(o, "cases", a);
		json_object_set_new(o, "more", json_boolean(more));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		char a[32];
		for (size_t i = 0; i < n; i++) {
			printf("%-5lld %-14s %-6s %s  %s%s\n",
			       (long long)rows[i].id, rows[i].reference,
			       strcmp(rows[i].status, "open") == 0 ? _("open")
			                                           : _("closed"),
			       cli_day_text(rows[i].received, a, sizeof a),
			       rows[i].overall_route ? rows[i].overall_route
			                             : "-",
			       rows[i].safeguarding_alert ? "  !!" : "");
		}
		if (n == 0)
			printf("%s\n", _("No cases."));
		if (more && n > 0) {
			printf(tr_fmt(N_("More: --after %lld")),
			       (long long)rows[n - 1].id);
			putchar('\n');
		}
	}
	cli_session_close(&s);
	return rc;
}

/* ---- advance -------------------------------------------------------------- */

static int case_advance(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *matter = NULL, *action = NULL, *outcome = NULL, *on = NULL;
	const char *note = NULL, *version = NULL, *investigator = NULL;
	bool independent = false, wishes = false;
	const struct opt opts[] = {
	    {"--matter", true, &matter, NULL},
	    {"--action", true, &action, NULL},
	    {"--outcome", true, &outcome, NULL},
	    {"--on", true, &on, NULL},
	    {"--note", true, &note, NULL},
	    {"--version", true, &version, NULL},
	    {"--investigator", true, &investigator, NULL},
	    {"--independent", false, NULL, &independent},
	    {"--wishes-panel", false, NULL, &wishes},
	};
	const char *pos[1];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, sizeof opts / sizeof *opts,
	                     pos, 1, &n_pos, NULL, NULL, NULL,
	                     NULL)))
		return rc;
	if (n_pos != 1 || matter == NULL || action == NULL)
		return usage(_("case advance needs REF --matter N --action "
		               "ACTION"));
	struct app_advance in = {
	    .reference = pos[0],
	    .investigator_independent = independent,
	    .complainant_wishes_panel = wishes,
	    .on = CWYN_DAY_NONE,
	    .note = note,
	};
	long seq = parse_count(matter, 1000);
	if (seq < 1)
		return refuse("matter", _("must be a matter number (1, 2, ...)"));
	in.matter_seq = (int)seq;
	if (!stage_action_from_name(action, &in.action))
		return refuse("action", _("unknown action; see the next steps "
		                          "in cwyn case show"));
	if (outcome && !outcome_from_name(outcome, &in.outcome))
		return refuse("outcome", _("unknown outcome"));
	struct cwyn_error err = {0};
	if (on && date_parse(on, &in.on, "on", &err) != CWYN_OK)
		return report(&err);
	if ((rc = parse_version(version, &in.version)))
		return rc;
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s)))
		return rc;
	if (investigator) {
		struct app_actor who;
		if (app_actor_for_user(s.db, s.ctx.actor.authority_id,
		                       investigator, &who, &err) != CWYN_OK) {
			cwyn_fail(&err, CWYN_EINVAL, "investigator",
			          "no such user in this authority");
			rc = report(&err);
			goto out;
		}
		in.investigator_user_id = who.user_id;
	}
	struct app_case_ref r;
	if (app_advance(&s.ctx, &in, &r, &err) != CWYN_OK)
		rc = report(&err);
	else
		print_changed(&r);
out:
	cli_session_close(&s);
	return rc;
}

/* ---- extend ----------------------------------------------------------------- */

static int case_extend(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *clock = NULL, *with = NULL, *on = NULL, *reason = NULL;
	const char *days = NULL, *new_due = NULL, *version = NULL;
	bool exceptional = false;
	const struct opt opts[] = {
	    {"--clock", true, &clock, NULL},
	    {"--agreed-with", true, &with, NULL},
	    {"--agreed-on", true, &on, NULL},
	    {"--reason", true, &reason, NULL},
	    {"--days", true, &days, NULL},
	    {"--new-due", true, &new_due, NULL},
	    {"--version", true, &version, NULL},
	    {"--exceptional", false, NULL, &exceptional},
	};
	const char *pos[1];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, sizeof opts / sizeof *opts,
	                     pos, 1, &n_pos, NULL, NULL, NULL,
	                     NULL)))
		return rc;
	if (n_pos != 1 || clock == NULL)
		return usage(_("case extend needs REF --clock ID"));
	struct app_extend in = {
	    .reference = pos[0],
	    .agreed_with = with,
	    .reason = reason,
	    .exceptional = exceptional,
	    .agreed_on = CWYN_DAY_NONE,
	    .new_due = CWYN_DAY_NONE,
	};
	struct cwyn_error err = {0};
	if ((in.clock_id = parse_id(clock)) <= 0)
		return refuse("clock", _("must be a clock number (see cwyn case "
		                         "show)"));
	if (on && date_parse(on, &in.agreed_on, "agreed_on", &err) != CWYN_OK)
		return report(&err);
	if (new_due && date_parse(new_due, &in.new_due, "new_due", &err))
		return report(&err);
	if (days) {
		long d = parse_count(days, CLOCK_MAX_EXTRA);
		if (d < 1)
			return refuse("days", _("must be a whole number of days "
			                        "above 0"));
		in.extra_days = (int)d;
	}
	if ((rc = parse_version(version, &in.version)))
		return rc;
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s)))
		return rc;
	struct app_case_ref r;
	if (app_extend(&s.ctx, &in, &r, &err) != CWYN_OK)
		rc = report(&err);
	else
		print_changed(&r);
	cli_session_close(&s);
	return rc;
}

/* ---- close, reopen, agree, route ---------------------------------------- */

static int case_close(int argc, char **argv, bool reopen)
{
	struct cli_common c = {0};
	const char *outcome = NULL, *reason = NULL, *version = NULL;
	const char *lessons = NULL; /* what was learned (annual report) */
	const struct opt opts[] = {
	    {"--outcome", true, &outcome, NULL},
	    {"--reason", true, &reason, NULL},
	    {"--lessons", true, &lessons, NULL},
	    {"--version", true, &version, NULL},
	};
	const char *pos[1];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, sizeof opts / sizeof *opts,
	                     pos, 1, &n_pos, NULL, NULL, NULL,
	                     NULL)))
		return rc;
	if (n_pos != 1 || (!reopen && outcome == NULL))
		return usage(reopen ? _("case reopen needs REF --reason TEXT")
		                    : _("case close needs REF --outcome O"));
	enum outcome o = OUTCOME_NONE;
	if (!reopen && !outcome_from_name(outcome, &o))
		return refuse("outcome",
		              _("must be upheld, partly_upheld, not_upheld, "
		                "resolved or withdrawn"));
	int64_t v;
	if ((rc = parse_version(version, &v)))
		return rc;
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s)))
		return rc;
	struct app_case_ref r;
	struct cwyn_error err = {0};
	enum cwyn_code code =
	    reopen ? app_reopen(&s.ctx, pos[0], v, reason, &r, &err)
	           : app_close_lessons(&s.ctx, pos[0], v, o, reason, lessons,
	                               &r, &err);
	if (code != CWYN_OK)
		rc = report(&err);
	else
		print_changed(&r);
	cli_session_close(&s);
	return rc;
}

static int case_agree(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *signature = NULL, *version = NULL;
	const struct opt opts[] = {
	    {"--signature", true, &signature, NULL},
	    {"--version", true, &version, NULL},
	};
	const char *pos[1];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, sizeof opts / sizeof *opts,
	                     pos, 1, &n_pos, NULL, NULL, NULL,
	                     NULL)))
		return rc;
	if (n_pos != 1 || signature == NULL)
		return usage(_("case agree needs REF --signature NAME"));
	int64_t v;
	if ((rc = parse_version(version, &v)))
		return rc;
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s)))
		return rc;
	struct app_case_ref r;
	struct cwyn_error err = {0};
	if (app_agree(&s.ctx, pos[0], v, signature, &r, &err) != CWYN_OK)
		rc = report(&err);
	else
		print_changed(&r);
	cli_session_close(&s);
	return rc;
}

static int case_route(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *version = NULL;
	const struct opt opts[] = {{"--version", true, &version, NULL}};
	const char *pos[2];
	int n_pos, rc;
	if ((rc = parse_args(argc, argv, 2, &c, opts, 1, pos, 2, &n_pos, NULL,
	                     NULL, NULL, NULL)))
		return rc;
	if (n_pos != 2)
		return usage(_("case route needs REF FACTS.json"));
	int64_t v;
	if ((rc = parse_version(version, &v)))
		return rc;
	char *text = NULL;
	size_t len = 0;
	struct cwyn_error err = {0};
	if (file_read_all(pos[1], CWYN_INPUT_MAX, &text, &len, &err) != CWYN_OK)
		return report(&err);
	struct cli_session s;
	if ((rc = cli_session_open("case", &c, &s))) {
		free(text);
		return rc;
	}
	struct app_case_ref r;
	if (app_route(&s.ctx, pos[0], v, text, len, &r, &err) != CWYN_OK)
		rc = report(&err);
	else
		print_changed(&r);
	cli_session_close(&s);
	free(text);
	return rc;
}

static int case_help(void)
{
	printf("%s\n", _("Usage: cwyn case SUBCOMMAND ..."));
	static const char *const lines[] = {
	    N_("  new FACTS.json [--name N] [--email E] [--phone P] "
	       "[--language en|cy] [--channel written|oral|web] "
	       "[--child LABEL]... [--restricted [--named USER]...]"),
	    N_("  show REF [--json]"),
	    N_("  list [--status open|closed] [--route R] [--overdue] "
	       "[--limit N] [--after ID] [--json]"),
	    N_("  advance REF --matter N --action ACTION [--outcome O] "
	       "[--independent] [--investigator USER] [--wishes-panel] "
	       "[--on DATE] [--note TEXT]"),
	    N_("  extend REF --clock ID --agreed-with WHO --agreed-on DATE "
	       "--reason TEXT (--days N | --new-due DATE) [--exceptional]"),
	    N_("  close REF --outcome O [--reason TEXT]"),
	    N_("  reopen REF --reason TEXT"),
	    N_("  agree REF --signature NAME"),
	    N_("  route REF FACTS.json"),
	    N_("Common options: --db URL (default $CWYN_DB or "
	       "sqlite:var/cwyn.db), --today DATE, --policy FILE, "
	       "--authority CODE (default: the first; \"demo\" is created "
	       "in an empty database). Changes take --version V, the "
	       "version you saw."),
	    N_("The command line acts as the local operator \"cli\"; every "
	       "step is audited."),
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		printf("%s\n", _(lines[i]));
	return 0;
}

int cmd_case(int argc, char **argv)
{
	if (argc < 2)
		return usage(_("a subcommand is needed"));
	const char *sub = argv[1];
	if (strcmp(sub, "new") == 0)
		return case_new(argc, argv);
	if (strcmp(sub, "show") == 0)
		return case_show(argc, argv);
	if (strcmp(sub, "list") == 0)
		return case_list(argc, argv);
	if (strcmp(sub, "advance") == 0)
		return case_advance(argc, argv);
	if (strcmp(sub, "extend") == 0)
		return case_extend(argc, argv);
	if (strcmp(sub, "close") == 0)
		return case_close(argc, argv, false);
	if (strcmp(sub, "reopen") == 0)
		return case_close(argc, argv, true);
	if (strcmp(sub, "agree") == 0)
		return case_agree(argc, argv);
	if (strcmp(sub, "route") == 0)
		return case_route(argc, argv);
	if (strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0)
		return case_help();
	return usage(_("unknown subcommand"));
}
