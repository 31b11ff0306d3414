/*
 * cmd_retention.c — data protection from the command line:
 *
 *   cwyn retention run [--dry-run]      anonymise or delete the cases
 *                                        past the policy's retention
 *   cwyn sar export --name NAME|--email EMAIL -o DIR
 *                                        everything held about a person
 *
 * plus the common options of cli_session.h. Retention acts on the
 * authority of --authority (default: the first); what it does and after
 * how long is policy (retention_years, retention_action).
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/retention.h"
#include "app/sar.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "i18n/i18n.h"
#include "out/pdf_text.h"

static int usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "cwyn %s: %s\n", cmd, msg);
	if (strcmp(cmd, "sar") == 0)
		fprintf(stderr, "%s\n",
		        _("Usage: cwyn sar export --name NAME|--email EMAIL -o DIR"));
	else
		fprintf(stderr, "%s\n", _("Usage: cwyn retention run [--dry-run]"));
	return 2;
}

int cmd_retention(int argc, char **argv)
{
	struct cli_common c = {0};
	bool dry = false;
	if (argc < 2 || strcmp(argv[1], "run") != 0)
		return usage("retention", _("the subcommand is run"));
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option("retention", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0)
			i += used - 1;
		else if (strcmp(argv[i], "--dry-run") == 0)
			dry = true;
		else
			return usage("retention", _("unknown option"));
	}
	struct cli_session s;
	int rc = cli_session_open("retention", &c, &s);
	if (rc)
		return rc;
	struct app_retention_result r;
	struct cwyn_error err = {0};
	if (app_retention_run(&s.ctx, dry, &s.ar, &r, &err) != CWYN_OK) {
		rc = cli_report("retention", &err);
		goto out;
	}
	char d[CWYN_DATE_STRLEN];
	const char *what = r.action == RETENTION_DELETE ? _("delete")
	                                                : _("anonymise");
	printf(dry ? _("Dry run: nothing was changed. Cases closed on or "
	               "before %s to %s: %zu\n")
	           : _("Cases closed on or before %s done (%s): %zu\n"),
	       date_format(r.closed_by, d), what, r.n);
	for (size_t i = 0; i < r.n; i++)
		printf("  %s  %s\n", r.items[i].reference,
		       date_format(r.items[i].closed, d));
out:
	cli_session_close(&s);
	return rc;
}

int cmd_sar(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *name = NULL, *email = NULL, *dir = NULL;
	if (argc < 2 || strcmp(argv[1], "export") != 0)
		return usage("sar", _("the subcommand is export"));
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option("sar", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		const char **dst = strcmp(argv[i], "--name") == 0    ? &name
		                   : strcmp(argv[i], "--email") == 0 ? &email
		                   : strcmp(argv[i], "-o") == 0      ? &dir
		                                                     : NULL;
		if (dst == NULL)
			return usage("sar", _("unknown option"));
		if (i + 1 >= argc)
			return usage("sar", _("an option needs a value"));
		*dst = argv[++i];
	}
	if ((name == NULL) == (email == NULL))
		return usage("sar", _("give --name or --email"));
	if (dir == NULL)
		return usage("sar", _("give -o DIR"));
	struct cli_session s;
	int rc = cli_session_open("sar", &c, &s);
	if (rc)
		return rc;
	struct app_sar_result r;
	struct cwyn_error err = {0};
	if (app_sar_export(&s.ctx, name, email, dir, &r, &err) != CWYN_OK)
		rc = cli_report("sar", &err);
	else
		printf(_("%zu cases written to %s and %s\n"), r.n_cases,
		       r.json_path, r.pdf_path);
	cli_session_close(&s);
	pdf_text_shutdown(); /* the PDF's font caches */
	return rc;
}
