/*
 * cmd_demo.c — `cwyn demo [--db URL] [--today YYYY-MM-DD] [--policy FILE]`:
 * load the demonstration authority, its staff and its cases (app/demo.h)
 * into the database, creating and migrating it when needed. Running it
 * again changes nothing. Exit 0 when the demo is there, 1 on failure, 2
 * for a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/demo.h"
#include "app/policy_file.h"
#include "cli/commands.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "store/store.h"

#define DEFAULT_DB "sqlite:var/cwyn.db"

static int usage(void)
{
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn demo [--db URL] [--today YYYY-MM-DD] "
	          "[--policy FILE]"));
	return 2;
}

static cwyn_day today_local(void)
{
	return uk_today((int64_t)time(NULL));
}

int cmd_demo(int argc, char **argv)
{
	const char *url = getenv("CWYN_DB"), *policy_path = NULL;
	cwyn_day today = today_local();
	struct cwyn_error err = {0};
	if (url == NULL || *url == '\0')
		url = DEFAULT_DB;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			url = argv[++i];
		else if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc)
			policy_path = argv[++i];
		else if (strcmp(argv[i], "--today") == 0 && i + 1 < argc) {
			if (date_parse(argv[++i], &today, "--today", &err) !=
			    CWYN_OK)
				return cli_report("demo", &err);
		} else
			return usage();
	}
	/* The default database lives in var/, made on first use. */
	if (strcmp(url, DEFAULT_DB) == 0 && mkdir("var", 0700) != 0 &&
	    errno != EEXIST) {
		fprintf(stderr, "cwyn demo: var: %s\n", strerror(errno));
		return 1;
	}
	struct policy *policy = NULL;
	struct calendar *cal = NULL;
	struct db *db = NULL;
	struct demo_result r;
	int rc = 1;
	if (policy_load_with_calendar(policy_path, &policy, &cal, &err) !=
	        CWYN_OK ||
	    store_open(url, &db, &err) != CWYN_OK ||
	    demo_load(db, policy, cal, today, &r, &err) != CWYN_OK) {
		rc = cli_report("demo", &err);
		goto out;
	}
	if (r.already_loaded)
		printf("%s\n", _("The demo data is already loaded; nothing "
		                 "changed."));
	else
		printf("%s: %d %s, %d %s\n",
		       _("Demo loaded into Cyngor Sir Enghreifftiol / Example "
		         "County Council (authority \"demo\")"),
		       r.cases_created, _("cases"), r.users_created,
		       _("users (no passwords yet)"));
	rc = 0;
out:
	db_close(db);
	policy_free(policy);
	calendar_free(cal);
	return rc;
}
