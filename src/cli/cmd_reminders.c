/*
 * cmd_reminders.c — `cwyn reminders run [--today DATE]`: queue today's
 * reminders, escalations and digests in the outbox (app/reminders.h);
 * `cwyn mail send` sends them. Run it once a day, e.g. from cron, before
 * the mail run; running it again the same day queues nothing new. Takes
 * the common options of cli_session.h (--db, --today, --policy,
 * --authority).
 */
#include <stdio.h>
#include <string.h>

#include "app/reminders.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "i18n/i18n.h"

static const char *tr_fmt(const char *msgid) __attribute__((format_arg(1)));
static const char *tr_fmt(const char *msgid)
{
	return _(msgid);
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "cwyn reminders: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn reminders run [--today YYYY-MM-DD] [--db URL] "
	          "[--policy FILE] [--authority CODE]"));
	return 2;
}

int cmd_reminders(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "run") != 0)
		return usage(argc < 2 ? NULL : _("unknown command"));
	struct cli_common c = {0};
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option("reminders", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used == 0)
			return usage(_("unknown option"));
		i += used - 1;
	}
	struct cli_session s;
	int rc = cli_session_open("reminders", &c, &s);
	if (rc)
		return rc;
	struct app_reminders_result res;
	struct cwyn_error err = {0};
	if (app_reminders_run(&s.ctx, &res, &err) != CWYN_OK) {
		rc = cli_report("reminders", &err);
		goto out;
	}
	char day[32];
	printf(tr_fmt(N_("%s: %zu clock(s) checked; queued %zu reminder(s), "
	                 "%zu escalation(s) and %zu digest(s); %zu already "
	                 "queued.")),
	       cli_day_text(s.ctx.today, day, sizeof day), res.clocks,
	       res.reminders, res.escalations, res.digests, res.already);
	putchar('\n');
	if (res.no_address) {
		printf(tr_fmt(N_("%zu time(s) nobody could be told for want of "
		                 "an e-mail address: set addresses with `cwyn "
		                 "mail address`.")),
		       res.no_address);
		putchar('\n');
	}
out:
	cli_session_close(&s);
	return rc;
}
