/*
 * test_cli_triage.c — `cwyn triage` as a user runs it: the built binary
 * ($CWYN_BIN, set by meson) is started with fork/exec, its stdin read from a
 * temporary file, and its stdout, stderr and exit code checked separately
 * (so "nothing on stdout after an error" can be asserted).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

struct run {
	int status; /* exit code, or -1 if it did not exit normally */
	char out[65536];
	char err[8192];
};

static void slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void write_file(char path[64], const char *text, size_t len)
{
	snprintf(path, 64, "/tmp/cwyn-test-triage-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

/*
 * Run cwyn with argv (NULL-terminated, after "cwyn") and stdin from the
 * given text; lang sets CWYN_LANG (NULL: unset).
 */
static void run_cwyn(struct run *r, const char *stdin_text, const char *lang,
                     const char *const *args)
{
	const char *bin = getenv("CWYN_BIN");
	if (bin == NULL)
		fail_msg("CWYN_BIN is not set");
	char in[64], out[64], err[64];
	write_file(in, stdin_text, strlen(stdin_text));
	write_file(out, "", 0);
	write_file(err, "", 0);
	const char *argv[16] = {bin};
	size_t n = 1;
	for (; args[n - 1] != NULL && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int fi = open(in, O_RDONLY), fo = open(out, O_WRONLY),
		    fe = open(err, O_WRONLY);
		if (fi < 0 || fo < 0 || fe < 0)
			_exit(127);
		dup2(fi, 0);
		dup2(fo, 1);
		dup2(fe, 2);
		if (lang)
			setenv("CWYN_LANG", lang, 1);
		else
			unsetenv("CWYN_LANG");
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	slurp(out, r->out, sizeof r->out);
	slurp(err, r->err, sizeof r->err);
	remove(in);
	remove(out);
	remove(err);
}

/* A conference complaint 15 working days after minutes sent before
 * Easter 2026 (late), and a council matter. */
static const char facts[] =
    "{\"as_of\":\"2026-04-24\",\"received\":\"2026-04-24\","
    " \"children\":[{\"age\":7}],"
    " \"matters\":[{\"id\":\"conf\",\"subject\":\"registration_category\","
    "  \"dates\":{\"conference_held\":\"2026-03-25\","
    "   \"minutes_sent\":\"2026-04-01\",\"chair_received\":\"2026-04-24\"}},"
    " {\"id\":\"council\",\"subject\":\"failure_to_act\","
    "  \"dates\":{\"event\":\"2026-03-01\"}}]}";

static void valid_facts_give_json(void **state)
{
	(void)state;
	struct run r;
	run_cwyn(&r, facts, NULL, (const char *[]){"triage", NULL});
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_non_null(strstr(r.out, "\"overall_route\": \"split\""));
	assert_non_null(strstr(r.out, "\"route\": \"conference_chair\""));
	assert_non_null(strstr(r.out, "\"route\": \"council_stage1\""));
	assert_non_null(strstr(r.out, "\"due\": \"2026-04-23\""));
	/* "-" reads stdin too */
	run_cwyn(&r, facts, NULL, (const char *[]){"triage", "-", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"overall_route\": \"split\""));
}

static void file_argument_and_as_of(void **state)
{
	(void)state;
	char path[64];
	/* No as_of in the document: --as-of supplies it. */
	static const char doc[] =
	    "{\"matters\":[{\"subject\":\"failure_to_act\","
	    "\"dates\":{\"event\":\"2026-10-15\"}}]}";
	write_file(path, doc, strlen(doc));
	struct run r;
	run_cwyn(&r, "", NULL,
	         (const char *[]){"triage", path, "--as-of", "2026-11-20",
	                          NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"as_of\": \"2026-11-20\""));
	/* The acknowledgement: 2 working days after Fri 20 Nov = Tue 24. */
	assert_non_null(strstr(r.out, "\"due\": \"2026-11-24\""));
	remove(path);
}

static void explain_prints_the_derivation(void **state)
{
	(void)state;
	struct run r;
	run_cwyn(&r, facts, "en", (const char *[]){"triage", "--explain", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Overall route: Split"));
	assert_non_null(strstr(r.out, "Matter conf"));
	assert_non_null(strstr(r.out, "The child protection conference chair"));
	assert_non_null(strstr(r.out, "CONF-DEADLINE-14WD"));
	assert_non_null(strstr(r.out, "Day 0 is Wed 2026-04-01."));
	assert_non_null(strstr(r.out, "Fri 2026-04-03 (Good Friday)"));
	assert_non_null(strstr(r.out, "The 14th working day is Thu 2026-04-23."));
	assert_non_null(strstr(r.out, "LATE"));
	assert_non_null(strstr(r.out, "Family Rights Group"));
	assert_non_null(strstr(r.out, "0808 801 0366"));
	/* No alert when nobody is at risk. */
	assert_null(strstr(r.out, "SAFEGUARDING ALERT"));
}

static void explain_alert_comes_first(void **state)
{
	(void)state;
	static const char risky[] =
	    "{\"as_of\":\"2026-11-20\",\"at_risk_now\":true,"
	    "\"matters\":[{\"subject\":\"court_decision\","
	    "\"court\":{\"status\":\"concluded\",\"started\":\"2026-01-05\","
	    "\"ended\":\"2026-06-01\",\"dealt_with\":true}}]}";
	struct run r;
	run_cwyn(&r, risky, "en", (const char *[]){"triage", "--explain", NULL});
	assert_int_equal(r.status, 0);
	char *alert = strstr(r.out, "SAFEGUARDING ALERT");
	char *route = strstr(r.out, "Overall route:");
	assert_non_null(alert);
	assert_non_null(route);
	assert_true(alert < route);
	assert_non_null(strstr(r.out, "999"));
	assert_non_null(strstr(r.out, "Excluded: a court matter"));
}

static void welsh_words(void **state)
{
	(void)state;
	struct run r;
	run_cwyn(&r, facts, NULL,
	         (const char *[]){"triage", "--explain", "--lang", "cy", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Llwybr cyffredinol"));
	assert_non_null(strstr(r.out, "Cadeirydd y Gynhadledd"));
	assert_non_null(strstr(r.out, "Cam 1"));
	assert_non_null(strstr(r.out, "Dydd Gwener y Groglith"));
	assert_non_null(strstr(r.out, "Diwrnod 0 yw"));
	assert_null(strstr(r.out, "Overall route"));
	/* CWYN_LANG=cy selects Welsh too, and the JSON labels follow it. */
	run_cwyn(&r, facts, "cy", (const char *[]){"triage", NULL});
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"language\": \"cy\""));
	assert_non_null(strstr(r.out, "Cwyno i Gadeirydd y Gynhadledd"));
	assert_non_null(strstr(r.out, "Comisiynydd Plant Cymru"));
}

static void malformed_json_is_refused(void **state)
{
	(void)state;
	struct run r;
	run_cwyn(&r, "{\"as_of\": \"2026-11-20\"\n\"matters\": []}", "en",
	         (const char *[]){"triage", NULL});
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "cwyn triage: "));
	assert_non_null(strstr(r.err, "line 2"));
	assert_non_null(strstr(r.err, "malformed JSON"));
}

static void unknown_enum_names_the_field(void **state)
{
	(void)state;
	struct run r;
	run_cwyn(&r,
	         "{\"as_of\":\"2026-11-20\",\"matters\":[{\"subject\":\"x\"}]}",
	         "en", (const char *[]){"triage", NULL});
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "cwyn triage: matters[0].subject: "));
	assert_non_null(strstr(r.err, "failure_to_act"));
	/* An impossible date names its nested field. */
	run_cwyn(&r,
	         "{\"as_of\":\"2026-11-20\",\"matters\":[{\"subject\":"
	         "\"failure_to_act\",\"dates\":{\"event\":\"2026-02-30\"}}]}",
	         "en", (const char *[]){"triage", "--explain", NULL});
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "matters[0].dates.event"));
}

static void usage_errors_exit_2(void **state)
{
	(void)state;
	struct run r;
	run_cwyn(&r, facts, "en", (const char *[]){"triage", "--lang", "fr", NULL});
	assert_int_equal(r.status, 2);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "Usage: cwyn triage"));
	run_cwyn(&r, facts, "en", (const char *[]){"triage", "--bogus", NULL});
	assert_int_equal(r.status, 2);
	run_cwyn(&r, facts, "en", (const char *[]){"triage", "a", "b", NULL});
	assert_int_equal(r.status, 2);
	run_cwyn(&r, facts, "en",
	         (const char *[]){"triage", "--as-of", "2026-13-01", NULL});
	assert_int_equal(r.status, 2);
	run_cwyn(&r, facts, "en", (const char *[]){"triage", "--policy", NULL});
	assert_int_equal(r.status, 2);
	/* A missing file is a refused input, not a usage error. */
	run_cwyn(&r, facts, "en",
	         (const char *[]){"triage", "/nonexistent/facts.json", NULL});
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_facts_give_json),
	    cmocka_unit_test(file_argument_and_as_of),
	    cmocka_unit_test(explain_prints_the_derivation),
	    cmocka_unit_test(explain_alert_comes_first),
	    cmocka_unit_test(welsh_words),
	    cmocka_unit_test(malformed_json_is_refused),
	    cmocka_unit_test(unknown_enum_names_the_field),
	    cmocka_unit_test(usage_errors_exit_2),
	};
	return cmocka_run_group_tests_name("cli_triage", tests, NULL, NULL);
}
