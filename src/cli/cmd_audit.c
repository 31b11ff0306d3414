/*
 * cmd_audit.c — `cwyn audit verify [--db URL]`: walk the hash-chained
 * audit log and say whether it is intact, or which entry is the first
 * broken one and how (changed, deleted, reordered, added). Exit 0 when the
 * chain holds, 1 when it is broken or the database cannot be read, 2 for a
 * usage error. The database is only read: verify never migrates or
 * creates anything.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "i18n/i18n.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/store.h"

#define DEFAULT_DB "sqlite:var/cwyn.db"

/* What each kind of break means, for people. */
static const char *const break_reasons[AUDIT_BREAK__MAX] = {
	N_("intact"),                                     /* AUDIT_OK */
	N_("the entry was changed after it was written"), /* AUDIT_EDITED */
	N_("entries were deleted"),                       /* AUDIT_DELETED */
	N_("entries were reordered"),                     /* AUDIT_REORDERED */
	N_("entries were added without going through the audit log"),
	                                                  /* AUDIT_INSERTED */
};

/*
 * Print a translated message with its one printf directive (`%lld` or
 * `%s`, kept c-format so msgfmt checks the translation keeps it) replaced
 * by `value`. The translated text is never used as a format string.
 */
static void put_filled(FILE *out, const char *msg, const char *directive,
                       const char *value)
{
	const char *at = strstr(msg, directive);
	if (at == NULL) {
		fputs(msg, out);
		return;
	}
	fwrite(msg, 1, (size_t)(at - msg), out);
	fputs(value, out);
	fputs(at + strlen(directive), out);
}

static int usage(void)
{
	fprintf(stderr, "%s\n", _("Usage: cwyn audit verify [--db URL]"));
	return 2;
}

/* db_open creates a missing SQLite file; verify must not. */
static bool sqlite_file_missing(const char *url)
{
	if (strncmp(url, "postgres", 8) == 0)
		return false;
	const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
	return access(path, F_OK) != 0;
}

static int verify(const char *url)
{
	struct cwyn_error err = {0};
	struct db *db = NULL;
	int rc = 1;
	if (sqlite_file_missing(url)) {
		fprintf(stderr, "cwyn audit: ");
		put_filled(stderr, _("there is no database at %s"), "%s", url);
		fputc('\n', stderr);
		return 1;
	}
	if (db_open(url, &db, &err) != CWYN_OK)
		return cli_report("audit", &err);
	int version = 0;
	if (store_db_version(db, &version, &err) != CWYN_OK || version < 1) {
		fprintf(stderr, "cwyn audit: %s\n",
		        _("the database has no cwyn schema"));
		goto out;
	}
	if (version > store_schema_version()) {
		fprintf(stderr, "cwyn audit: %s\n",
		        _("the database was written by a newer cwyn; upgrade "
		          "cwyn"));
		goto out;
	}
	struct audit_report r;
	if (audit_verify(db, &r, &err) != CWYN_OK) {
		rc = cli_report("audit", &err);
		goto out;
	}
	char num[24];
	if (r.kind == AUDIT_OK) {
		snprintf(num, sizeof num, "%lld", (long long)r.entries);
		put_filled(stdout, _("audit chain OK: %lld entries"), "%lld", num);
		putchar('\n');
		rc = 0;
		goto out;
	}
	snprintf(num, sizeof num, "%lld", (long long)r.seq);
	put_filled(stdout, _("audit chain broken at entry %lld"), "%lld", num);
	printf(": %s\n", _(break_reasons[r.kind]));
	/* The detail names both ends of the damage; it is English only. */
	if (i18n_thread_language() == LANG_EN)
		printf("  %s\n", r.message);
out:
	db_close(db);
	return rc;
}

int cmd_audit(int argc, char **argv)
{
	const char *url = getenv("CWYN_DB");
	if (url == NULL || url[0] == '\0')
		url = DEFAULT_DB;
	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return usage();
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			url = argv[++i];
		else
			return usage();
	}
	return verify(url);
}
