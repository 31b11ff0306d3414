/*
 * test_cli_mail.c — `cwyn mail` and `cwyn reminders` as an operator runs
 * them: the built binary (path in $CWYN_BIN) on a temporary SQLite
 * database loaded with the demonstration council (`cwyn demo`), sending
 * to a real SMTP server on loopback (tests/support/smtp_sink.c). Output,
 * exit codes and what arrives are checked, in English and Welsh.
 */
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

#include "support/cli_run.h"
#include "support/smtp_sink.h"

#define TODAY "2027-03-01"

struct fx {
	char dir[64];
	char db[128];
	struct smtp_sink *sink;
	char url[64];
};

static void run_cwyn(struct fx *f, struct cli_run *r, const char *env,
                     const char *args)
{
	/* The SMTP settings come from the command line only. */
	char prefix[256], all[2048];
	snprintf(prefix, sizeof prefix, "env -u CWYN_SMTP_URL -u CWYN_MAIL_FROM %s",
	         env ? env : "");
	snprintf(all, sizeof all, "%s --db '%s'", args, f->db);
	cli_run(r, f->dir, prefix, all);
}

static void cwyn(struct fx *f, struct cli_run *r, int want, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void cwyn(struct fx *f, struct cli_run *r, int want, const char *fmt, ...)
{
	char args[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	run_cwyn(f, r, "CWYN_LANG=en", args);
	if (r->status != want)
		fprintf(stderr, "cwyn %s -> %d:\n%s\n", args, r->status, r->out);
	assert_int_equal(r->status, want);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/cwyn-test-cli-mail-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof f->db, "sqlite:%s/t.db", f->dir);
	f->sink = smtp_sink_start();
	if (f->sink == NULL)
		return -1;
	smtp_sink_url(f->sink, f->url, sizeof f->url);
	*state = f;
	struct cli_run r;
	run_cwyn(f, &r, NULL, "demo --today " TODAY);
	if (r.status != 0) {
		fprintf(stderr, "demo: %s\n", r.out);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[256];
	smtp_sink_stop(f->sink);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* The first number after `label` in the output. */
static long number_after(const char *out, const char *label)
{
	const char *p = strstr(out, label);
	assert_non_null(p);
	return strtol(p + strlen(label), NULL, 10);
}

static void reminders_then_send(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	cwyn(f, &r, 0, "mail address rhian.demo rhian@council.example");
	assert_non_null(strstr(r.out, "rhian@council.example (bilingual)"));
	cwyn(f, &r, 0, "mail address sian.demo sian@council.example "
	               "--language cy");
	cwyn(f, &r, 0, "reminders run --today " TODAY);
	/* The demo council has deadlines due soon and overdue every day. */
	assert_true(number_after(r.out, "queued ") > 0);
	assert_true(number_after(r.out, "reminder(s), ") > 0);
	assert_non_null(strstr(r.out, "; 0 already queued."));
	/* Again the same day: nothing new. */
	cwyn(f, &r, 0, "reminders run --today " TODAY);
	assert_non_null(strstr(r.out, "queued 0 reminder(s), 0 escalation(s) "
	                              "and 0 digest(s)"));
	cwyn(f, &r, 0, "mail queue");
	assert_non_null(strstr(r.out, "deadline reminder · waiting to send → "
	                              "rhian@council.example"));
	assert_non_null(strstr(r.out, "Nodyn atgoffa: CP-"));

	cwyn(f, &r, 0, "mail send --smtp %s --from cwyn@council.example",
	     f->url);
	long sent = number_after(r.out, "Sent ");
	assert_true(sent > 0);
	assert_int_equal((size_t)sent, smtp_sink_count(f->sink));
	const struct smtp_sink_msg *m = smtp_sink_get(f->sink, 0);
	assert_string_equal(m->mail_from, "cwyn@council.example");
	/* Sending again sends nothing. */
	cwyn(f, &r, 0, "mail send --smtp %s --from cwyn@council.example",
	     f->url);
	assert_non_null(strstr(r.out, "Sent 0,"));
	assert_int_equal((size_t)sent, smtp_sink_count(f->sink));
	cwyn(f, &r, 0, "mail queue --state pending");
	assert_non_null(strstr(r.out, "The outbox is empty."));
	cwyn(f, &r, 0, "mail queue --state sent --json");
	assert_non_null(strstr(r.out, "\"state\": \"sent\""));
	assert_non_null(strstr(r.out, "\"message_id\": \"<"));
	/* The operator's run and every message are in the audit log. */
	cwyn(f, &r, 0, "audit verify");
}

static void welsh_output(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	run_cwyn(f, &r, "CWYN_LANG=cy", "reminders run --today " TODAY);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "gwiriwyd"));
	assert_non_null(strstr(r.out, "gosodwch gyfeiriadau"));
	run_cwyn(f, &r, "CWYN_LANG=cy", "mail queue");
	assert_int_equal(r.status, 0);
	/* No staff member has an address yet: no reminder was queued (the
	 * demo complainants' letters are: they asked for e-mail). */
	assert_null(strstr(r.out, "nodyn atgoffa am derfyn amser"));
	run_cwyn(f, &r, "CWYN_LANG=cy", "mail send");
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "nid oes gweinydd SMTP"));
}

static void refusals_change_nothing(void **state)
{
	struct fx *f = *state;
	struct cli_run r;
	cwyn(f, &r, 1, "mail address rhian.demo 'not an address'");
	assert_non_null(strstr(r.out, "address"));
	cwyn(f, &r, 1, "mail address nobody.here x@council.example");
	assert_non_null(strstr(r.out, "no such user"));
	cwyn(f, &r, 1, "mail address rhian.demo r@council.example "
	               "--language fr");
	cwyn(f, &r, 2, "mail address rhian.demo");
	cwyn(f, &r, 2, "mail frobnicate");
	cwyn(f, &r, 2, "reminders");
	cwyn(f, &r, 2, "reminders run --bogus");
	cwyn(f, &r, 1, "mail queue --state lost");
	/* Bad sender settings are refused before anything is touched. */
	cwyn(f, &r, 1, "mail send --smtp http://127.0.0.1/ "
	               "--from cwyn@council.example");
	assert_non_null(strstr(r.out, "smtp_url"));
	cwyn(f, &r, 1, "mail send --smtp %s --from 'cwyn at council'",
	     f->url);
	assert_non_null(strstr(r.out, "from"));
	/* A relay nobody answers: exit 1, the mail stays queued. */
	cwyn(f, &r, 0, "mail address rhian.demo rhian@council.example");
	cwyn(f, &r, 0, "reminders run --today " TODAY);
	cwyn(f, &r, 1, "mail send --smtp smtp://127.0.0.1:1 "
	               "--from cwyn@council.example");
	assert_non_null(strstr(r.out, "could not be reached"));
	cwyn(f, &r, 0, "mail queue --state sent");
	assert_non_null(strstr(r.out, "The outbox is empty."));
	assert_int_equal(smtp_sink_count(f->sink), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(reminders_then_send, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(welsh_output, setup, teardown),
	    cmocka_unit_test_setup_teardown(refusals_change_nothing, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests_name("cli_mail", tests, NULL, NULL);
}
