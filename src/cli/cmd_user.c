/*
 * cmd_user.c — `cwyn user` and `cwyn token`: staff accounts and API tokens
 * from the command line of the machine that holds the database.
 *
 *   cwyn user add USERNAME --role ROLE [--name NAME] [--password-stdin]
 *   cwyn user passwd USERNAME [--password-stdin | --generate]
 *   cwyn user totp USERNAME
 *   cwyn user list
 *   cwyn user disable USERNAME
 *   cwyn token create USERNAME NAME [--expires-days N]
 *   cwyn token list [USERNAME]
 *   cwyn token revoke ID
 *
 * Every form takes the common options of cli_session.h (--db URL, default
 * $CWYN_DB or sqlite:var/cwyn.db; --authority CODE). Secrets made here —
 * generated passwords, TOTP keys, API tokens — are printed once and never
 * again; the database keeps only hashes (and the TOTP key, which the
 * server needs). Every change is audited under the operator "cli".
 * Exit codes: 0 done, 1 refused (the reason printed), 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "app/accounts.h"
#include "app/app.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "i18n/i18n.h"
#include "store/store.h"

#define PW_BUF (ACCOUNT_PASSWORD_MAX + 4)

static int user_usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "cwyn user: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn user add USERNAME --role ROLE [--name NAME] "
	          "[--password-stdin]\n"
	          "       cwyn user passwd USERNAME [--password-stdin | "
	          "--generate]\n"
	          "       cwyn user totp USERNAME\n"
	          "       cwyn user list\n"
	          "       cwyn user disable USERNAME\n"
	          "Options for all: [--db URL] [--authority CODE]"));
	return 2;
}

static int token_usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "cwyn token: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn token create USERNAME NAME [--expires-days N]\n"
	          "       cwyn token list [USERNAME]\n"
	          "       cwyn token revoke ID\n"
	          "Options for all: [--db URL] [--authority CODE]"));
	return 2;
}

/* ---- Reading a password ------------------------------------------------------ */

/* One line from f without its line end; false at EOF or when too long. */
static bool read_line(FILE *f, char *buf, size_t size)
{
	if (fgets(buf, (int)size, f) == NULL)
		return false;
	size_t n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	else if (!feof(f))
		return false; /* longer than the buffer: never a valid password */
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	return true;
}

/* Prompt on the terminal with echo off. */
static bool prompt_hidden(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	fflush(stderr);
	bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	bool ok = read_line(stdin, buf, size);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return ok;
}

/* A password from stdin: typed twice on a terminal, else one line. */
static int get_password(const char *command, bool from_stdin, char *pw,
                        size_t size)
{
	if (from_stdin || !isatty(STDIN_FILENO)) {
		if (read_line(stdin, pw, size))
			return 0;
		fprintf(stderr, "cwyn %s: password: %s\n", command,
		        _("cannot read the password"));
		return 1;
	}
	char again[PW_BUF];
	int rc = 0;
	if (!prompt_hidden(_("New password: "), pw, size) ||
	    !prompt_hidden(_("Repeat the new password: "), again, sizeof again)) {
		fprintf(stderr, "cwyn %s: password: %s\n", command,
		        _("cannot read the password"));
		rc = 1;
	} else if (strcmp(pw, again) != 0) {
		fprintf(stderr, "cwyn %s: password: %s\n", command,
		        _("the passwords do not match"));
		rc = 1;
	}
	explicit_bzero(again, sizeof again);
	return rc;
}

/* ---- Options ------------------------------------------------------------------ */

struct user_args {
	struct cli_common common;
	const char *pos[2];  /* positional arguments after the verb */
	int n_pos;
	const char *role;
	const char *name;
	const char *expires_days;
	bool password_stdin;
	bool generate;
};

/* Parse argv[2..]; returns 0, or 2 after printing usage. */
static int parse(const char *command, int argc, char **argv,
                 struct user_args *a, int (*usage)(const char *))
{
	memset(a, 0, sizeof *a);
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option(command, &a->common, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		const char **value = NULL;
		if (strcmp(argv[i], "--role") == 0)
			value = &a->role;
		else if (strcmp(argv[i], "--name") == 0)
			value = &a->name;
		else if (strcmp(argv[i], "--expires-days") == 0)
			value = &a->expires_days;
		if (value) {
			if (i + 1 >= argc)
				return usage(_("a value is required"));
			*value = argv[++i];
		} else if (strcmp(argv[i], "--password-stdin") == 0) {
			a->password_stdin = true;
		} else if (strcmp(argv[i], "--generate") == 0) {
			a->generate = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return usage(_("unknown option"));
		} else if (a->n_pos < 2) {
			a->pos[a->n_pos++] = argv[i];
		} else {
			return usage(_("too many arguments"));
		}
	}
	return 0;
}

/* "2026-05-28 09:30 UTC", or "-" for 0. */
static const char *when(int64_t t, char *buf, size_t n)
{
	if (t == 0)
		return "-";
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M", &tm);
	return buf;
}

/* ---- cwyn user ------------------------------------------------------------------- */

static int user_add(struct cli_session *s, struct accounts *acc,
                    const struct user_args *a)
{
	char pw[PW_BUF] = "";
	struct cwyn_error err = {0};
	int rc = 0;
	if (a->password_stdin) {
		rc = get_password("user", true, pw, sizeof pw);
		if (rc)
			goto out;
	} else {
		account_password_generate(pw, sizeof pw);
	}
	struct account_new in = {
	    .authority_id = s->authority.id,
	    .username = a->pos[0],
	    .display_name = a->name,
	    .role = a->role,
	    .password = pw,
	};
	if (account_create(acc, APP_CLI_USERNAME, &in, NULL, &err) != CWYN_OK) {
		rc = cli_report("user", &err);
		goto out;
	}
	printf("%s %s (%s, %s)\n", _("user created:"), a->pos[0], a->role,
	       s->authority.code);
	if (!a->password_stdin)
		printf("%s\n  %s\n", _("password (shown once; keep it safe):"), pw);
	if (acc->cfg.require_totp_for_staff)
		printf("%s\n", _("staff sign in with a second factor: enrol one "
		                 "with cwyn user totp USERNAME"));
out:
	explicit_bzero(pw, sizeof pw);
	return rc;
}

static int user_passwd(struct cli_session *s, struct accounts *acc,
                       const struct user_args *a)
{
	char pw[PW_BUF] = "";
	struct cwyn_error err = {0};
	int rc = 0;
	if (a->generate)
		account_password_generate(pw, sizeof pw);
	else if ((rc = get_password("user", a->password_stdin, pw, sizeof pw)))
		goto out;
	if (account_set_password(acc, APP_CLI_USERNAME, s->authority.id,
	                         a->pos[0], pw, &err) != CWYN_OK) {
		rc = cli_report("user", &err);
		goto out;
	}
	printf("%s\n", _("password changed; the user's sessions have ended"));
	if (a->generate)
		printf("%s\n  %s\n", _("password (shown once; keep it safe):"), pw);
out:
	explicit_bzero(pw, sizeof pw);
	return rc;
}

static int user_totp(struct cli_session *s, struct accounts *acc,
                     const struct user_args *a)
{
	struct account_totp_enrolment e;
	struct cwyn_error err = {0};
	if (totp_enroll(acc, APP_CLI_USERNAME, s->authority.id, a->pos[0], &e,
	                &err) != CWYN_OK)
		return cli_report("user", &err);
	printf("%s\n  %s\n",
	       _("second factor key for the authenticator app:"),
	       e.secret);
	printf("%s\n  %s\n",
	       _("otpauth URI (shown once; can be turned into a QR code):"),
	       e.uri);
	explicit_bzero(&e, sizeof e);
	return 0;
}

static int user_list(struct cli_session *s)
{
	struct store_user *u = NULL;
	size_t n = 0;
	struct cwyn_error err = {0};
	if (store_user_list(s->db, s->authority.id, &s->ar, &u, &n, &err) !=
	    CWYN_OK)
		return cli_report("user", &err);
	printf("%-24s %-20s %-4s %-9s %s\n", _("USERNAME"), _("ROLE"), _("2FA"),
	       _("STATUS"), _("NAME"));
	for (size_t i = 0; i < n; i++)
		printf("%-24s %-20s %-4s %-9s %s\n", u[i].username, u[i].role,
		       u[i].totp_secret ? _("yes") : _("no"),
		       u[i].disabled ? _("disabled") : _("active"),
		       u[i].display_name);
	return 0;
}

static int user_disable(struct cli_session *s, struct accounts *acc,
                        const struct user_args *a)
{
	struct cwyn_error err = {0};
	if (strcmp(a->pos[0], APP_CLI_USERNAME) == 0) {
		fprintf(stderr, "cwyn user: username: %s\n",
		        _("the command-line operator cannot be disabled"));
		return 1;
	}
	if (account_disable(acc, APP_CLI_USERNAME, s->authority.id, a->pos[0],
	                    (int64_t)time(NULL), &err) != CWYN_OK)
		return cli_report("user", &err);
	printf("%s\n",
	       _("user disabled; sessions ended and API tokens revoked"));
	return 0;
}

int cmd_user(int argc, char **argv)
{
	struct user_args a;
	if (argc < 2)
		return user_usage(NULL);
	const char *verb = argv[1];
	int rc = parse("user", argc, argv, &a, user_usage);
	if (rc)
		return rc;
	bool list = strcmp(verb, "list") == 0;
	bool known = list || !strcmp(verb, "add") || !strcmp(verb, "passwd") ||
	             !strcmp(verb, "totp") || !strcmp(verb, "disable");
	if (!known)
		return user_usage(_("unknown command"));
	if (!list && a.n_pos != 1)
		return user_usage(_("a username is required"));
	if (list && a.n_pos != 0)
		return user_usage(_("too many arguments"));
	if (!strcmp(verb, "add") && a.role == NULL)
		return user_usage(_("--role is required"));
	if (a.password_stdin && a.generate)
		return user_usage(_("--password-stdin and --generate do not go "
		                    "together"));

	struct cli_session s;
	rc = cli_session_open("user", &a.common, &s);
	if (rc)
		return rc;
	struct accounts acc;
	accounts_init(&acc, s.db);
	if (!strcmp(verb, "add"))
		rc = user_add(&s, &acc, &a);
	else if (!strcmp(verb, "passwd"))
		rc = user_passwd(&s, &acc, &a);
	else if (!strcmp(verb, "totp"))
		rc = user_totp(&s, &acc, &a);
	else if (list)
		rc = user_list(&s);
	else
		rc = user_disable(&s, &acc, &a);
	cli_session_close(&s);
	return rc;
}

/* ---- cwyn token ------------------------------------------------------------------ */

static int token_create(struct cli_session *s, struct accounts *acc,
                        const struct user_args *a)
{
	char tok[ACCOUNT_API_TOKEN_SIZE];
	int64_t id = 0, now = (int64_t)time(NULL), expires = 0;
	struct cwyn_error err = {0};
	if (a->expires_days) {
		char *end;
		errno = 0;
		long d = strtol(a->expires_days, &end, 10);
		if (errno || *end || end == a->expires_days || d < 1 || d > 3650) {
			fprintf(stderr, "cwyn token: expires-days: %s\n",
			        _("must be 1 to 3650 days"));
			return 1;
		}
		expires = now + (int64_t)d * 86400;
	}
	if (api_token_create(acc, APP_CLI_USERNAME, s->authority.id, a->pos[0],
	                     a->pos[1], expires, now, tok, &id, &err) != CWYN_OK)
		return cli_report("token", &err);
	printf("%s %lld\n", _("token id:"), (long long)id);
	printf("%s\n  %s\n", _("API token (shown once; keep it safe):"), tok);
	explicit_bzero(tok, sizeof tok);
	return 0;
}

static int token_list(struct cli_session *s, struct accounts *acc,
                      const struct user_args *a)
{
	struct store_api_token *t = NULL;
	size_t n = 0;
	struct cwyn_error err = {0};
	int64_t now = (int64_t)time(NULL);
	if (api_token_list(acc, s->authority.id, a->n_pos ? a->pos[0] : NULL,
	                   &s->ar, &t, &n, &err) != CWYN_OK)
		return cli_report("token", &err);
	printf("%-6s %-20s %-24s %-9s %-17s %-17s %s\n", _("ID"), _("USERNAME"),
	       _("NAME"), _("STATE"), _("CREATED"), _("LAST USED"),
	       _("EXPIRES"));
	for (size_t i = 0; i < n; i++) {
		char b1[32], b2[32], b3[32];
		const char *state = t[i].revoked_at ? _("revoked")
		                    : t[i].expires_at && now >= t[i].expires_at
		                        ? _("expired")
		                        : _("live");
		printf("%-6lld %-20s %-24s %-9s %-17s %-17s %s\n",
		       (long long)t[i].id, t[i].username, t[i].name, state,
		       when(t[i].created_at, b1, sizeof b1),
		       when(t[i].last_used_at, b2, sizeof b2),
		       when(t[i].expires_at, b3, sizeof b3));
	}
	return 0;
}

static int token_revoke(struct cli_session *s, struct accounts *acc,
                        const struct user_args *a)
{
	struct cwyn_error err = {0};
	char *end;
	errno = 0;
	long long id = strtoll(a->pos[0], &end, 10);
	if (errno || *end || end == a->pos[0] || id < 1) {
		fprintf(stderr, "cwyn token: id: %s\n",
		        _("the token id must be a positive number"));
		return 1;
	}
	if (api_token_revoke(acc, APP_CLI_USERNAME, s->authority.id, id,
	                     (int64_t)time(NULL), &err) != CWYN_OK)
		return cli_report("token", &err);
	printf("%s\n", _("token revoked"));
	return 0;
}

int cmd_token(int argc, char **argv)
{
	struct user_args a;
	if (argc < 2)
		return token_usage(NULL);
	const char *verb = argv[1];
	int rc = parse("token", argc, argv, &a, token_usage);
	if (rc)
		return rc;
	if (!strcmp(verb, "create")) {
		if (a.n_pos != 2)
			return token_usage(_("a username and a token name are "
			                     "required"));
	} else if (!strcmp(verb, "revoke")) {
		if (a.n_pos != 1)
			return token_usage(_("a token id is required"));
	} else if (!strcmp(verb, "list")) {
		if (a.n_pos > 1)
			return token_usage(_("too many arguments"));
	} else {
		return token_usage(_("unknown command"));
	}
	struct cli_session s;
	rc = cli_session_open("token", &a.common, &s);
	if (rc)
		return rc;
	struct accounts acc;
	accounts_init(&acc, s.db);
	if (!strcmp(verb, "create"))
		rc = token_create(&s, &acc, &a);
	else if (!strcmp(verb, "revoke"))
		rc = token_revoke(&s, &acc, &a);
	else
		rc = token_list(&s, &acc, &a);
	cli_session_close(&s);
	return rc;
}
