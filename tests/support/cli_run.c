/*
 * cli_run.c — the built cwyn binary run through the shell (cli_run.h).
 */
#include "cli_run.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cmocka.h>

void cli_run(struct cli_run *r, const char *dir, const char *prefix,
             const char *args)
{
	const char *bin = getenv("CWYN_BIN");
	if (bin == NULL)
		fail_msg("CWYN_BIN is not set");
	char cmd[4096];
	int n = snprintf(cmd, sizeof cmd, "%s%s%s%s '%s' %s 2>&1",
	                 dir ? "cd '" : "", dir ? dir : "", dir ? "' && " : "",
	                 prefix ? prefix : "", bin, args);
	assert_true(n > 0 && (size_t)n < sizeof cmd);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t len = fread(r->out, 1, sizeof r->out - 1, p);
	r->out[len] = '\0';
	int st = pclose(p);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
