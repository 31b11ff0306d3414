/*
 * commands.h — the cwyn sub-commands. Each takes the arguments after its
 * own name (argv[0] is the command name) and returns the process exit code:
 * 0 success, 1 a refused input or failed action, 2 a usage error.
 */
#ifndef CWYN_CLI_COMMANDS_H
#define CWYN_CLI_COMMANDS_H

#include "core/error.h"

struct cli_command {
	const char *name;
	const char *summary; /* N_() marked, shown by `cwyn help` */
	int (*run)(int argc, char **argv);
};

/* The table in main.c, NULL-terminated. */
extern const struct cli_command cli_commands[];

/* Print "cwyn: <field>: <message>" (translated) to stderr; returns 1. */
int cli_report(const char *command, const struct cwyn_error *err);

int cmd_holidays(int, char **);
int cmd_workdays(int, char **);

int cmd_policy(int, char **);
int cmd_serve(int, char **);

int cmd_triage(int, char **);
int cmd_audit(int, char **);
int cmd_letter(int, char **);
int cmd_letter_template(int, char **);
int cmd_letters(int, char **);
int cmd_user(int, char **);
int cmd_token(int, char **);
int cmd_backup(int, char **);
int cmd_restore(int, char **);
int cmd_demo(int, char **);
int cmd_case(int, char **);
int cmd_overdue(int, char **);
int cmd_search(int, char **);
int cmd_mail(int, char **);
int cmd_reminders(int, char **);
int cmd_report(int, char **);
int cmd_export(int, char **);
int cmd_retention(int, char **);
int cmd_sar(int, char **);

#endif
