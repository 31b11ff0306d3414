/*
 * cli_session.h — what `cwyn case` and `cwyn overdue` share: the common
 * options (--db, --today, --policy, --authority), opening the database and
 * the policy, and the command-line operator as the acting user.
 *
 * Defaults: --db is $CWYN_DB, else sqlite:var/cwyn.db (var/ is created);
 * --today is the real date; --policy as policy_load_file(NULL); and
 * --authority is the first authority — on an empty database the authority
 * "demo" is created, so a fresh checkout works at once (app_cli_actor).
 */
#ifndef CWYN_CLI_SESSION_H
#define CWYN_CLI_SESSION_H

#include "app/app.h"
#include "core/arena.h"

#define CLI_DEFAULT_DB "sqlite:var/cwyn.db"

struct cli_common {
	const char *db_url;
	const char *today;
	const char *policy;
	const char *authority;
};

/*
 * If argv[i] is a common option, take it (and its value) and return how
 * many arguments it used; 0 when it is not one; -1 when its value is
 * missing (a usage error, already reported).
 */
int cli_common_option(const char *command, struct cli_common *c, int argc,
                      char **argv, int i);

struct cli_session {
	struct db *db;
	struct policy *policy;
	struct calendar *cal;
	struct arena ar;
	struct store_authority authority;
	struct app_ctx ctx;
};

/* Open everything; 0 on success, else the exit code (errors printed). */
int cli_session_open(const char *command, const struct cli_common *c,
                     struct cli_session *s);
void cli_session_close(struct cli_session *s);

/* "Mon 2026-12-14" in the current language (buf >= 32 bytes). */
const char *cli_day_text(cwyn_day d, char *buf, size_t n);

#endif
