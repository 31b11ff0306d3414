/*
 * main.c — `cwyn`, the command-line front end: finds the sub-command and
 * runs it. Each sub-command lives in its own cmd_*.c file.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "i18n/i18n.h"

static int cmd_help(int argc, char **argv);

const struct cli_command cli_commands[] = {
	{"help", N_("show the commands"), cmd_help},
	{"holidays", N_("list a year's bank holidays"), cmd_holidays},
	{"workdays", N_("count working days"), cmd_workdays},
	{"policy", N_("check or show a policy file"), cmd_policy},
	{"serve", N_("run the web server and JSON API"), cmd_serve},
	{"triage", N_("decide the route for a complaint from its facts (JSON)"), cmd_triage},
	{"audit", N_("verify the audit log's hash chain"), cmd_audit},
	{"letter", N_("render a letter (HTML or PDF) or list the letter kinds"), cmd_letter},
	{"letters", N_("list, show and write the letters of a case"), cmd_letters},
	{"user", N_("manage staff accounts (add, passwd, totp, list, disable)"), cmd_user},
	{"token", N_("manage API tokens for integrations (create, list, revoke)"), cmd_token},
	{"backup", N_("copy the database to a verified backup file"), cmd_backup},
	{"restore", N_("check a backup, or replace the database with it"), cmd_restore},
	{"demo", N_("load demonstration cases in English and Welsh"), cmd_demo},
	{"case", N_("record and follow complaints as cases"), cmd_case},
	{"overdue", N_("list statutory clocks breached or about to breach"), cmd_overdue},
	{"search", N_("find the cases you may see by words, with or without accents"), cmd_search},
	{"mail", N_("send, list and address staff e-mail (send, queue, address)"), cmd_mail},
	{"reminders", N_("queue reminders, escalations and daily digests"), cmd_reminders},
	{"report", N_("annual report and the CSA quarterly return (CSV)"), cmd_report},
	{"export", N_("export cases or a case's timeline as CSV or JSON"), cmd_export},
	{"retention", N_("anonymise or delete cases kept longer than the policy allows"), cmd_retention},
	{"sar", N_("subject-access export of everything held about a person"), cmd_sar},
	{NULL, NULL, NULL},
};

int cli_report(const char *command, const struct cwyn_error *err)
{
	if (err->line > 0)
		fprintf(stderr, "cwyn %s: %s: %s %d: %s\n", command,
		        err->field[0] ? err->field : "input", _("line"),
		        err->line, _(err->message));
	else
		fprintf(stderr, "cwyn %s: %s: %s\n", command,
		        err->field[0] ? err->field : "input", _(err->message));
	return 1;
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("%s\n\n", _("Usage: cwyn COMMAND [ARGUMENTS]"));
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("  %-10s %s\n", c->name, _(c->summary));
	return 0;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	const char *lang = getenv("CWYN_LANG");
	if (lang && strcmp(lang, "cy") == 0)
		i18n_set_thread_language(LANG_CY);
	/* English works without the catalogue, so a missing one is not fatal. */
	i18n_init(NULL, NULL);
	int rc = 2;
	if (argc < 2) {
		cmd_help(0, NULL);
		goto out;
	}
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, argv[1]) == 0) {
			rc = c->run(argc - 1, argv + 1);
			goto out;
		}
	}
	fprintf(stderr, "cwyn: %s: %s\n", _("unknown command"), argv[1]);
	cmd_help(0, NULL);
out:
	i18n_shutdown();
	return rc;
}
