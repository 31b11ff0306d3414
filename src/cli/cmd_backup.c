/*
 * cmd_backup.c — `cwyn backup [--db URL] [--force] OUT` and
 * `cwyn restore [--db URL] IN` / `cwyn restore --check IN`.
 *
 * backup copies the live database (SQLite online, or pg_dump) into OUT,
 * verified before it is given that name; restore checks a backup and then
 * replaces the live database with it. The work is in app/backup.c; this
 * file parses arguments and prints what was found. Exit 0 on success, 1
 * when the backup or restore was refused or failed, 2 for a usage error.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/backup.h"
#include "cli/commands.h"
#include "i18n/i18n.h"

#define DEFAULT_DB "sqlite:var/cwyn.db"

static const char *default_db(void)
{
	const char *url = getenv("CWYN_DB");
	return url && *url ? url : DEFAULT_DB;
}

/* "  label: value" — labels are translated, values never are. */
static void line_str(const char *label, const char *value)
{
	printf("  %s: %s\n", label, value);
}

static void line_int(const char *label, int64_t value)
{
	printf("  %s: %" PRId64 "\n", label, value);
}

static void print_info(const struct backup_info *info)
{
	line_str(_("database"), info->kind == DB_POSTGRES
	                            ? "PostgreSQL (pg_dump)"
	                            : "SQLite");
	line_int(_("schema version"), info->schema_version);
	if (info->audit_entries > 0)
		line_int(_("audit entries (chain verified)"), info->audit_entries);
	if (info->cases >= 0)
		line_int(_("cases"), info->cases);
	if (info->bytes >= 0)
		line_int(_("size in bytes"), info->bytes);
}

static int backup_usage(void)
{
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn backup [--db URL] [--force] OUT"));
	return 2;
}

int cmd_backup(int argc, char **argv)
{
	const char *url = default_db(), *out = NULL;
	bool force = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			url = argv[++i];
		else if (strcmp(argv[i], "--force") == 0)
			force = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return backup_usage();
		else if (out == NULL)
			out = argv[i];
		else
			return backup_usage();
	}
	if (out == NULL)
		return backup_usage();
	struct cwyn_error err = {0};
	struct backup_info info;
	if (app_backup(url, out, force, APP_CLI_USERNAME, &info, &err) !=
	    CWYN_OK)
		return cli_report("backup", &err);
	printf("%s: %s\n", _("Backup written and verified"), out);
	print_info(&info);
	return 0;
}

static int restore_usage(void)
{
	fprintf(stderr, "%s\n%s\n", _("Usage: cwyn restore [--db URL] IN"),
	        _("       cwyn restore --check IN"));
	return 2;
}

int cmd_restore(int argc, char **argv)
{
	const char *url = default_db(), *in = NULL;
	bool check = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			url = argv[++i];
		else if (strcmp(argv[i], "--check") == 0)
			check = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return restore_usage();
		else if (in == NULL)
			in = argv[i];
		else
			return restore_usage();
	}
	if (in == NULL)
		return restore_usage();
	struct cwyn_error err = {0};
	struct backup_info info;
	if (check) {
		if (app_backup_check(in, &info, &err) != CWYN_OK)
			return cli_report("restore", &err);
		printf("%s: %s\n", _("The backup is sound"), in);
		print_info(&info);
		return 0;
	}
	if (app_restore(url, in, APP_CLI_USERNAME, &info, &err) != CWYN_OK)
		return cli_report("restore", &err);
	printf("%s: %s\n", _("Database restored from"), in);
	print_info(&info);
	return 0;
}
