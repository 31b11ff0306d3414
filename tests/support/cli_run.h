/*
 * cli_run.h — run the built `cwyn` binary (CWYN_BIN) as a user would, from
 * a shell, and keep what it printed and how it exited. For the tests of
 * the command line (tests/unit/test_cli_*.c).
 */
#ifndef CWYN_TESTS_CLI_RUN_H
#define CWYN_TESTS_CLI_RUN_H

struct cli_run {
	int status;       /* exit code, or -1 if it did not exit normally */
	char out[65536];  /* stdout and stderr together, NUL-terminated */
};

/*
 * `cd DIR && PREFIX 'CWYN_BIN' ARGS 2>&1`: dir NULL stays here; prefix
 * (NULL: none) is what goes before the program, usually VAR=value
 * assignments. args is shell text: quote what the shell must not split.
 * Fails the running cmocka test when CWYN_BIN is not set.
 */
void cli_run(struct cli_run *r, const char *dir, const char *prefix,
             const char *args);

#endif
