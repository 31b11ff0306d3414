/*
 * cli_session.c — the common options and set-up of the case commands
 * (see cli_session.h).
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/policy_file.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"
#include "store/store.h"

static const char *const weekday_words[7] = {
	N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
	N_("Sun"),
};

const char *cli_day_text(cwyn_day d, char *buf, size_t n)
{
	char iso[CWYN_DATE_STRLEN];
	if (d == CWYN_DAY_NONE) {
		snprintf(buf, n, "-");
		return buf;
	}
	snprintf(buf, n, "%s %s", _(weekday_words[date_weekday(d)]),
	         date_format(d, iso));
	return buf;
}

int cli_common_option(const char *command, struct cli_common *c, int argc,
                      char **argv, int i)
{
	static const struct {
		const char *name;
		size_t offset;
	} opts[] = {
	    {"--db", offsetof(struct cli_common, db_url)},
	    {"--today", offsetof(struct cli_common, today)},
	    {"--policy", offsetof(struct cli_common, policy)},
	    {"--authority", offsetof(struct cli_common, authority)},
	};
	for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
		if (strcmp(argv[i], opts[k].name) != 0)
			continue;
		if (i + 1 >= argc) {
			fprintf(stderr, "cwyn %s: %s: %s\n", command,
			        opts[k].name + 2, _("a value is required"));
			return -1;
		}
		*(const char **)((char *)c + opts[k].offset) = argv[i + 1];
		return 2;
	}
	return 0;
}

/* The real date in Wales (an officer's "today"), whatever the zone. */
static cwyn_day real_today(void)
{
	return uk_today((int64_t)time(NULL));
}

int cli_session_open(const char *command, const struct cli_common *c,
                     struct cli_session *s)
{
	struct cwyn_error err = {0};
	cwyn_day today = CWYN_DAY_NONE;
	memset(s, 0, sizeof *s);
	arena_init(&s->ar, 0);
	if (c->today) {
		if (date_parse(c->today, &today, "today", &err) != CWYN_OK)
			goto fail;
	} else {
		today = real_today();
	}
	const char *url = c->db_url ? c->db_url : getenv("CWYN_DB");
	if (url == NULL || url[0] == '\0') {
		url = CLI_DEFAULT_DB;
		if (mkdir("var", 0700) != 0 && errno != EEXIST) {
			cwyn_fail(&err, CWYN_EIO, "db",
			          "cannot create the directory var/");
			goto fail;
		}
	}
	if (policy_load_with_calendar(c->policy, &s->policy, &s->cal, &err) !=
	        CWYN_OK ||
	    store_open(url, &s->db, &err) != CWYN_OK)
		goto fail;
	struct app_actor actor;
	if (app_cli_actor(s->db, c->authority, s->policy, &s->ar, &actor,
	                  &s->authority, &err) != CWYN_OK)
		goto fail;
	s->ctx.db = s->db;
	s->ctx.policy = s->policy;
	s->ctx.cal = s->cal;
	s->ctx.actor = actor;
	s->ctx.today = today;
	return 0;
fail:
	cli_report(command, &err);
	cli_session_close(s);
	return 1;
}

void cli_session_close(struct cli_session *s)
{
	if (s->db)
		db_close(s->db);
	policy_free(s->policy);
	calendar_free(s->cal);
	arena_free(&s->ar);
	memset(s, 0, sizeof *s);
}
