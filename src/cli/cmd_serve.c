/*
 * cmd_serve.c — `cwyn serve`: run the HTTP server until SIGTERM or SIGINT.
 *
 *   cwyn serve [--listen 127.0.0.1:8080] [--threads N] [--db URL]
 *              [--tls-cert FILE --tls-key FILE] [--trust-proxy]
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

#include "app/file_io.h"
#include "cli/commands.h"
#include "i18n/i18n.h"
#include "web/routes.h"
#include "web/server.h"

#define SHUTDOWN_WAIT_MS 10000
#define TLS_FILE_MAX (1u << 20)

static int usage(void)
{
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn serve [--listen ADDRESS:PORT] [--threads N] "
	          "[--db URL] [--tls-cert FILE --tls-key FILE] [--trust-proxy]"));
	return 2;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"threads", required_argument, NULL, 't'},
		{"db", required_argument, NULL, 'd'},
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
	};
	const char *cert_path = NULL, *key_path = NULL, *db_url = NULL;
	char *cert = NULL, *key = NULL;
	struct cwyn_error err = {0};
	struct web_server *srv = NULL;
	int rc = 1, c;

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
			/* Kept for the store; the server does not open it yet. */
			db_url = optarg;
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
	(void)db_url;
	if ((cert_path == NULL) != (key_path == NULL)) {
		cwyn_fail(&err, CWYN_EINVAL, "--tls-cert",
		          N_("--tls-cert and --tls-key go together"));
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

	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "cwyn serve: %s\n", _("stopping: finishing requests in flight"));
	web_server_stop(srv, SHUTDOWN_WAIT_MS);
	rc = 0;
out:
	free(cert);
	free(key);
	return rc;
}
