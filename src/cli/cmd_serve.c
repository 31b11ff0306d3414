/*
 * cmd_serve.c — `cwyn serve`: run the HTTP server until SIGTERM or SIGINT.
 *
 *   cwyn serve [--listen 127.0.0.1:8080] [--threads N] [--db URL]
 *              [--policy FILE] [--authority CODE] [--first-admin]
 *              [--session-idle SECONDS] [--session-absolute SECONDS]
 *              [--tls-cert FILE --tls-key FILE] [--trust-proxy]
 *
 * The policy and its calendar are loaded once, before the socket opens,
 * and shared read-only by every request. With --db the database is opened
 * and migrated at start (a bad URL or a newer schema stops here, not at
 * the first request); each worker thread then gets its own connection
 * from the pool (web/db_pool.h). Without --db only the service endpoints
 * and the triage preview work; the rest of the API answers 503.
 *
 * --first-admin: on a database with no "admin" user (or one that never
 * got a password), create it as an administrator with a generated strong
 * password and a TOTP second factor, and print both once. Nothing is
 * printed on later starts: the password is not stored anywhere readable.
 *
 * Prints "cwyn listening on URL" on stdout once the socket is bound (tests
 * and scripts read it; with port 0 it names the port chosen). On a signal
 * it stops accepting, lets requests in flight finish (up to 10 s) and exits 0.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/accounts.h"
#include "app/app.h"
#include "app/file_io.h"
#include "app/policy_file.h"
#include "cli/commands.h"
#include "i18n/i18n.h"
#include "store/store.h"
#include "web/api.h"
#include "web/db_pool.h"
#include "web/routes.h"
#include "web/server.h"
#include "web/web_app.h"

#define SHUTDOWN_WAIT_MS 10000
#define TLS_FILE_MAX (1u << 20)

static int usage(void)
{
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn serve [--listen ADDRESS:PORT] [--threads N] "
	          "[--db URL] [--policy FILE] [--authority CODE] "
	          "[--first-admin] [--session-idle SECONDS] "
	          "[--session-absolute SECONDS] "
	          "[--tls-cert FILE --tls-key FILE] [--trust-proxy]"));
	return 2;
}

/* A whole number of seconds from 1 to max, or false. */
static bool seconds_arg(const char *s, long max, int64_t *out)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 1 || n > max)
		return false;
	*out = n;
	return true;
}

/*
 * The first administrator (see the header comment). The authority is the
 * one named, or the first, or a new "demo" one on an empty database.
 */
static enum cwyn_code first_admin(const char *url, const char *code,
                                  const struct policy *policy,
                                  const struct account_settings *cfg,
                                  struct cwyn_error *err)
{
	struct db *db = NULL;
	struct arena ar;
	struct app_actor cli;
	struct store_authority auth;
	struct store_user u;
	struct accounts acc;
	char password[32];
	struct account_totp_enrolment totp;
	arena_init(&ar, 0);
	enum cwyn_code rc = db_open(url, &db, err);
	if (rc == CWYN_OK)
		rc = app_cli_actor(db, code, policy, &ar, &cli, &auth, err);
	if (rc != CWYN_OK)
		goto out;
	accounts_init(&acc, db);
	acc.cfg = *cfg;
	rc = store_user_get_by_username(db, auth.id, "admin", &ar, &u, err);
	if (rc == CWYN_OK && u.password_hash != NULL)
		goto out; /* set up long ago: print nothing */
	account_password_generate(password, sizeof password);
	if (rc == CWYN_ENOTFOUND) {
		struct account_new in = {
		    .authority_id = auth.id,
		    .username = "admin",
		    .display_name = "Administrator",
		    .role = "administrator",
		    .password = password,
		};
		rc = account_create(&acc, APP_CLI_USERNAME, &in, NULL, err);
	} else if (rc == CWYN_OK) {
		rc = account_set_password(&acc, APP_CLI_USERNAME, auth.id, "admin",
		                          password, err);
	}
	if (rc == CWYN_OK)
		rc = totp_enroll(&acc, APP_CLI_USERNAME, auth.id, "admin", &totp,
		                 err);
	if (rc != CWYN_OK)
		goto out;
	printf("%s\n", _("First administrator (shown once; keep it safe):"));
	printf("  %s %s\n", _("authority:"), auth.code);
	printf("  %s admin\n", _("username:"));
	printf("  %s %s\n", _("password:"), password);
	printf("  %s %s\n", _("second factor key (add it to an authenticator app):"),
	       totp.secret);
	printf("  %s\n", totp.uri);
	fflush(stdout);
out:
	explicit_bzero(password, sizeof password);
	db_close(db);
	arena_free(&ar);
	return rc;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"db", required_argument, NULL, 'd'},
		{"policy", required_argument, NULL, 'P'},
		{"authority", required_argument, NULL, 'a'},
		{"first-admin", no_argument, NULL, 'F'},
		{"session-idle", required_argument, NULL, 'I'},
		{"session-absolute", required_argument, NULL, 'A'},
		{"tls-cert", required_argument, NULL, 'c'},
		{"tls-key", required_argument, NULL, 'k'},
		{"trust-proxy", no_argument, NULL, 'p'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct web_server_config cfg = {
		.listen = "127.0.0.1:8080",
		.routes = web_routes,
		.nroutes = web_nroutes,
		.authenticate = api_has_credentials,
	};
	struct web_app app = {0};
	const char *cert_path = NULL, *key_path = NULL, *db_url = NULL,
	           *policy_path = NULL;
	bool want_admin = false;
	char *cert = NULL, *key = NULL;
	struct policy *policy = NULL;
	struct calendar *cal = NULL;
	struct cwyn_error err = {0};
	struct web_server *srv = NULL;
	int rc = 1, c;

	account_settings_default(&app.accounts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			cfg.listen = optarg;
			break;
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 || n > 256) {
				cwyn_fail(&err, CWYN_EINVAL, "--threads",
				          N_("must be a whole number from 1 to 256"));
				return cli_report("serve", &err);
			}
			cfg.threads = (unsigned)n;
			break;
		}
		case 'd':
			db_url = optarg;
			break;
		case 'P':
			policy_path = optarg;
			break;
		case 'a':
			app.default_authority = optarg;
			break;
		case 'F':
			want_admin = true;
			break;
		case 'I':
			if (!seconds_arg(optarg, 7 * 86400L,
			                 &app.accounts.idle_timeout)) {
				cwyn_fail(&err, CWYN_EINVAL, "--session-idle",
				          N_("must be a number of seconds, at least 1"));
				return cli_report("serve", &err);
			}
			break;
		case 'A':
			if (!seconds_arg(optarg, 30 * 86400L,
			                 &app.accounts.absolute_timeout)) {
				cwyn_fail(&err, CWYN_EINVAL, "--session-absolute",
				          N_("must be a number of seconds, at least 1"));
				return cli_report("serve", &err);
			}
			break;
		case 'c':
			cert_path = optarg;
			break;
		case 'k':
			key_path = optarg;
			break;
		case 'p':
			cfg.trust_proxy = true;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	if ((cert_path == NULL) != (key_path == NULL)) {
		cwyn_fail(&err, CWYN_EINVAL, "--tls-cert",
		          N_("--tls-cert and --tls-key go together"));
		return cli_report("serve", &err);
	}
	if (want_admin && db_url == NULL) {
		cwyn_fail(&err, CWYN_EINVAL, "--first-admin",
		          N_("--first-admin needs --db"));
		return cli_report("serve", &err);
	}
	if (cert_path != NULL) {
		size_t len;
		if (file_read_all(cert_path, TLS_FILE_MAX, &cert, &len, &err) != CWYN_OK ||
		    file_read_all(key_path, TLS_FILE_MAX, &key, &len, &err) != CWYN_OK) {
			cli_report("serve", &err);
			goto out;
		}
		cfg.tls_cert_pem = cert;
		cfg.tls_key_pem = key;
	}

	/* Policy and calendar once, shared read-only by every request. */
	if (policy_load_with_calendar(policy_path, &policy, &cal, &err) !=
	    CWYN_OK) {
		cli_report("serve", &err);
		goto out;
	}
	app.policy = policy;
	app.cal = cal;
	if (db_url != NULL) {
		/* Open and migrate now, so a bad URL or a newer schema stops
		 * the start instead of failing the first request. */
		struct db *db = NULL;
		if (store_open(db_url, &db, &err) != CWYN_OK) {
			cli_report("serve", &err);
			goto out;
		}
		db_close(db);
		if (want_admin && first_admin(db_url, app.default_authority,
		                              policy, &app.accounts,
		                              &err) != CWYN_OK) {
			cli_report("serve", &err);
			goto out;
		}
		if (db_pool_new(db_url, 0, &app.pool, &err) != CWYN_OK) {
			cli_report("serve", &err);
			goto out;
		}
	}
	cfg.app = &app;

	/*
	 * Block the stop signals before the server threads exist, so they
	 * inherit the mask and only sigwait() below ever sees the signals.
	 */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (web_server_start(&cfg, &srv, &err) != CWYN_OK) {
		cli_report("serve", &err);
		goto out;
	}
	const char *host = cfg.listen;
	const char *colon = host[0] == '[' ? strchr(host, ']') + 1 : strrchr(host, ':');
	printf("%s %s://%.*s:%u/\n", _("cwyn listening on"),
	       web_server_tls(srv) ? "https" : "http", (int)(colon - host), host,
	       web_server_port(srv));
	fflush(stdout);
	/* A fixed "today" is for demos and tests; say so where an operator
	 * looks, so it is never left on by mistake. */
	const char *fixed_today = getenv("CWYN_TODAY");
	if (fixed_today != NULL && fixed_today[0] != '\0')
		fprintf(stderr, "cwyn serve: %s %s\n",
		        _("warning: CWYN_TODAY is set; the public pages take today to be"),
		        fixed_today);

	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "cwyn serve: %s\n", _("stopping: finishing requests in flight"));
	web_server_stop(srv, SHUTDOWN_WAIT_MS);
	rc = 0;
out:
	db_pool_free(app.pool);
	if (cal != NULL)
		calendar_free(cal);
	if (policy != NULL)
		policy_free(policy);
	free(cert);
	free(key);
	return rc;
}
