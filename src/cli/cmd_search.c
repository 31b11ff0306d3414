/*
 * cmd_search.c — `cwyn search`: find the cases you may see by reference,
 * names, child labels, matter summaries or agency names, with or without
 * Welsh accents ("dwr" finds "Dŵr").
 *
 *   cwyn search QUERY [--limit N] [--after ID] [--json]
 *   cwyn search --reindex      index every case of the authority again
 *   cwyn search --hash QUERY   the hash the audit log keeps for QUERY
 *
 * with the common options of cli_session.h (--db, --today, --policy,
 * --authority). Query syntax: words (all must occur), "a phrase", word*
 * (store/store_search.h). Each search is audited as "case.search" with a
 * hash of the query, never its words (app/search.h); --hash lets an
 * auditor check a suspected search against the log.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/case_json.h"
#include "app/search.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "i18n/i18n.h"

static const char *tr_fmt(const char *msgid) __attribute__((format_arg(1)));
static const char *tr_fmt(const char *msgid)
{
	return _(msgid);
}

static int usage(const char *msg)
{
	fprintf(stderr, "cwyn search: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn search QUERY [--limit N] [--after ID] [--json] "
	          "[--db URL] [--today DATE] [--policy FILE] "
	          "[--authority CODE]\n"
	          "       cwyn search --reindex [--db URL] [--authority CODE]\n"
	          "       cwyn search --hash QUERY [--db URL] "
	          "[--authority CODE]\n"
	          "QUERY: words (all must be found), \"a phrase\", or the "
	          "start of a word followed by *; accents do not matter."));
	return 2;
}

static int refuse(const char *field, const char *msg)
{
	fprintf(stderr, "cwyn search: %s: %s\n", field, msg);
	return 1;
}

/* A whole decimal number in [lo, hi], or -1. */
static long long number(const char *s, long long lo, long long hi)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	return v;
}

static void print_json(const struct app_search_page *p, const char *hash)
{
	json_t *o = json_object(), *a = json_array();
	for (size_t i = 0; i < p->n; i++)
		json_array_append_new(a, case_row_to_json(&p->cases[i]));
	json_object_set_new(o, "cases", a);
	json_object_set_new(o, "more", json_boolean(p->more));
	json_object_set_new(o, "next_after",
	                    p->more ? json_integer(p->next_after)
	                            : json_null());
	json_object_set_new(o, "query_hash", json_string(hash));
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(o);
}

static void print_text(const struct app_search_page *p)
{
	char day[32];
	if (p->n == 0)
		printf("%s\n", _("No case you may see matches the search."));
	for (size_t i = 0; i < p->n; i++) {
		const struct store_case *c = &p->cases[i];
		printf("%-5lld %-14s %-6s %s  %s%s\n", (long long)c->id,
		       c->reference,
		       strcmp(c->status, "open") == 0 ? _("open") : _("closed"),
		       cli_day_text(c->received, day, sizeof day),
		       c->overall_route ? c->overall_route : "-",
		       c->safeguarding_alert ? "  !!" : "");
	}
	if (p->more) {
		printf(tr_fmt(N_("More: --after %lld")),
		       (long long)p->next_after);
		putchar('\n');
	}
}

int cmd_search(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *query = NULL, *limit_s = NULL, *after_s = NULL;
	bool json = false, reindex = false, hash_only = false;
	for (int i = 1; i < argc; i++) {
		int used = cli_common_option("search", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
		} else if (strcmp(argv[i], "--limit") == 0) {
			if (i + 1 >= argc)
				return usage(_("--limit needs a number"));
			limit_s = argv[++i];
		} else if (strcmp(argv[i], "--after") == 0) {
			if (i + 1 >= argc)
				return usage(_("--after needs a case id"));
			after_s = argv[++i];
		} else if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--reindex") == 0) {
			reindex = true;
		} else if (strcmp(argv[i], "--hash") == 0) {
			hash_only = true;
		} else if (strcmp(argv[i], "--") == 0 && i + 1 < argc &&
		           query == NULL) {
			query = argv[++i]; /* a query that starts with "-" */
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage(_("unknown option"));
		} else if (query != NULL) {
			return usage(_("give one query; put it in quotes if it "
			               "has spaces"));
		} else {
			query = argv[i];
		}
	}
	if (reindex && (query || hash_only || json || limit_s || after_s))
		return usage(_("--reindex takes no query"));
	if (!reindex && query == NULL)
		return usage(_("give the words to search for"));
	long long limit = 0, after = 0;
	if (limit_s && (limit = number(limit_s, 1, APP_SEARCH_LIMIT_MAX)) < 0)
		return refuse("limit", _("must be 1 to 100"));
	if (after_s && (after = number(after_s, 0, INT64_MAX)) < 0)
		return refuse("after", _("must be a case id"));

	struct cli_session s;
	int rc = cli_session_open("search", &c, &s);
	if (rc)
		return rc;
	struct cwyn_error err = {0};
	char hash[APP_SEARCH_HASH_SIZE];
	if (reindex) {
		size_t n = 0;
		if (app_search_reindex(&s.ctx, &n, &err) != CWYN_OK) {
			rc = cli_report("search", &err);
			goto out;
		}
		printf(tr_fmt(N_("Search index rebuilt: %zu case(s).")), n);
		putchar('\n');
		goto out;
	}
	if (app_search_hash(s.ctx.actor.authority_id, query, hash, &err) !=
	    CWYN_OK) {
		rc = cli_report("search", &err);
		goto out;
	}
	if (hash_only) {
		printf("%s\n", hash);
		goto out;
	}
	struct app_search_page page;
	if (app_search(&s.ctx, query, (size_t)limit, (int64_t)after, &s.ar,
	               &page, &err) != CWYN_OK) {
		rc = cli_report("search", &err);
		goto out;
	}
	if (json)
		print_json(&page, hash);
	else
		print_text(&page);
out:
	cli_session_close(&s);
	return rc;
}
