/*
 * cmd_mail.c — `cwyn mail`: the e-mail outbox from the command line.
 *
 *   cwyn mail send [--smtp URL] [--from ADDR] [--from-name NAME]
 *                  [--user NAME] [--starttls] [--max-attempts N]
 *       send what is due once (out/mailer.h) and say what happened; the
 *       SMTP password comes only from $CWYN_SMTP_PASSWORD. Exit 1 when
 *       the mail server could not be reached (so cron notices).
 *   cwyn mail queue [--state STATE] [--json]
 *       list the outbox, newest last (no message bodies).
 *   cwyn mail address USERNAME ADDRESS [--language bilingual|cy|en]
 *       set a member of staff's e-mail address for reminders.
 *
 * All take the common options of cli_session.h (--db, --authority, ...).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/cli_session.h"
#include "cli/commands.h"
#include "i18n/i18n.h"
#include "out/mailer.h"
#include "out/outbox.h"
#include "store/audit.h"

static const char *tr_fmt(const char *msgid) __attribute__((format_arg(1)));
static const char *tr_fmt(const char *msgid)
{
	return _(msgid);
}

/* Shown names of the outbox states and kinds (the stored names are the
 * stable identifiers; --json prints those). */
static const char *const state_text[OUTBOX_STATE__MAX] = {
	N_("waiting to send"),           /* OUTBOX_PENDING */
	N_("being sent"),                /* OUTBOX_SENDING */
	N_("handed to the mail server"), /* OUTBOX_SENT */
	N_("given up"),                  /* OUTBOX_FAILED */
};

static const char *const kind_text[OUTBOX_KIND__MAX] = {
	N_("deadline reminder"),   /* OUTBOX_REMINDER */
	N_("missed deadline"),     /* OUTBOX_ESCALATION */
	N_("daily digest"),        /* OUTBOX_DIGEST */
	N_("letter by e-mail"),    /* OUTBOX_LETTER */
	N_("notification e-mail"), /* OUTBOX_NOTIFICATION */
};

static const char *shown_state(const char *s)
{
	enum outbox_state st;
	return outbox_state_from_name(s, &st) ? _(state_text[st]) : s;
}

static const char *shown_kind(const char *s)
{
	for (int k = 0; k < OUTBOX_KIND__MAX; k++)
		if (strcmp(outbox_kind_name((enum outbox_kind)k), s) == 0)
			return _(kind_text[k]);
	return s;
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "cwyn mail: %s\n", msg);
	fprintf(stderr, "%s\n%s\n%s\n",
	        _("Usage: cwyn mail send [--smtp URL] [--from ADDRESS] "
	          "[--from-name NAME] [--user NAME] [--starttls] "
	          "[--max-attempts N] [--db URL]"),
	        _("       cwyn mail queue [--state pending|sending|sent|failed] "
	          "[--json] [--db URL]"),
	        _("       cwyn mail address USERNAME ADDRESS "
	          "[--language bilingual|cy|en] [--db URL] [--authority CODE]"));
	return 2;
}

/* ---- send ------------------------------------------------------------------ */

static int mail_send(int argc, char **argv)
{
	struct cli_common c = {0};
	struct mailer_config cfg = {0};
	mailer_config_from_env(&cfg);
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option("mail", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		const char **val = NULL;
		if (strcmp(argv[i], "--smtp") == 0)
			val = &cfg.smtp_url;
		else if (strcmp(argv[i], "--from") == 0)
			val = &cfg.from;
		else if (strcmp(argv[i], "--from-name") == 0)
			val = &cfg.from_name;
		else if (strcmp(argv[i], "--user") == 0)
			val = &cfg.username;
		else if (strcmp(argv[i], "--starttls") == 0)
			cfg.starttls = true;
		else if (strcmp(argv[i], "--max-attempts") == 0) {
			if (i + 1 >= argc)
				return usage(_("a value is required"));
			char *end;
			errno = 0;
			long v = strtol(argv[++i], &end, 10);
			if (errno || *end || v < 1 || v > 100) {
				fprintf(stderr, "cwyn mail: max_attempts: %s\n",
				        _("must be 1 to 100"));
				return 1;
			}
			cfg.max_attempts = (int)v;
		} else
			return usage(_("unknown option"));
		if (val) {
			if (i + 1 >= argc)
				return usage(_("a value is required"));
			*val = argv[++i];
		}
	}
	struct cwyn_error err = {0};
	if (mailer_config_check(&cfg, &err) != CWYN_OK)
		return cli_report("mail", &err);
	struct cli_session s;
	int rc = cli_session_open("mail", &c, &s);
	if (rc)
		return rc;
	struct mailer_stats st;
	if (mailer_run_once(s.db, &cfg, (int64_t)time(NULL), &st, &err) !=
	    CWYN_OK) {
		rc = cli_report("mail", &err);
		goto out;
	}
	printf(tr_fmt(N_("Sent %zu, to try again later %zu, given up %zu.")),
	       st.sent, st.retried, st.failed);
	putchar('\n');
	if (st.failed)
		printf("%s\n", _("Messages given up are in the audit log "
		                 "(mail.failed) and in `cwyn mail queue "
		                 "--state failed`."));
	if (st.stopped) {
		fprintf(stderr, "cwyn mail: %s %s\n",
		        _("The mail server could not be reached; the rest "
		          "waits for the next run:"),
		        st.last_error);
		rc = 1;
	}
out:
	cli_session_close(&s);
	return rc;
}

/* ---- queue ------------------------------------------------------------------- */

static json_t *row_json(const struct outbox_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "authority_id", json_integer(r->authority_id));
	json_object_set_new(o, "case_id",
	                    r->case_id ? json_integer(r->case_id) : json_null());
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "state", json_string(r->state));
	json_object_set_new(o, "to", json_string(r->to_address));
	json_object_set_new(o, "subject", json_string(r->subject));
	json_object_set_new(o, "dedupe_key", json_string(r->dedupe_key));
	json_object_set_new(o, "attempts", json_integer(r->attempts));
	json_object_set_new(o, "next_attempt_at",
	                    json_integer(r->next_attempt_at));
	json_object_set_new(o, "created_at", json_string(r->created_at));
	json_object_set_new(o, "sent_at",
	                    r->sent_at ? json_string(r->sent_at) : json_null());
	json_object_set_new(o, "message_id", r->message_id
	                                         ? json_string(r->message_id)
	                                         : json_null());
	json_object_set_new(o, "last_error", r->last_error
	                                         ? json_string(r->last_error)
	                                         : json_null());
	return o;
}

static int mail_queue(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *state = NULL;
	bool json = false;
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option("mail", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
		} else if (strcmp(argv[i], "--state") == 0) {
			if (i + 1 >= argc)
				return usage(_("a value is required"));
			state = argv[++i];
		} else if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else {
			return usage(_("unknown option"));
		}
	}
	enum outbox_state st;
	if (state && !outbox_state_from_name(state, &st)) {
		fprintf(stderr, "cwyn mail: state: %s\n",
		        _("state must be pending, sending, sent or failed"));
		return 1;
	}
	struct cli_session s;
	int rc = cli_session_open("mail", &c, &s);
	if (rc)
		return rc;
	struct outbox_row *rows;
	size_t n;
	struct cwyn_error err = {0};
	if (outbox_list(s.db, 0, state, 500, &s.ar, &rows, &n, &err) !=
	    CWYN_OK) {
		rc = cli_report("mail", &err);
		goto out;
	}
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(a, row_json(&rows[i]));
		json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(a);
		goto out;
	}
	if (n == 0)
		printf("%s\n", _("The outbox is empty."));
	for (size_t i = 0; i < n; i++) {
		const struct outbox_row *r = &rows[i];
		printf("#%-5lld %s · %s → %s ", (long long)r->id,
		       shown_kind(r->kind), shown_state(r->state),
		       r->to_address);
		printf(tr_fmt(N_("(%d attempt(s))")), r->attempts);
		printf("\n       %s\n", r->subject);
		if (r->last_error)
			printf("       %s %s\n", _("last error:"), r->last_error);
	}
out:
	cli_session_close(&s);
	return rc;
}

/* ---- address ------------------------------------------------------------------- */

static int mail_address(int argc, char **argv)
{
	struct cli_common c = {0};
	const char *pos[2] = {NULL, NULL};
	size_t n_pos = 0;
	enum mail_language lang = MAIL_LANG_BILINGUAL;
	for (int i = 2; i < argc; i++) {
		int used = cli_common_option("mail", &c, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
		} else if (strcmp(argv[i], "--language") == 0) {
			if (i + 1 >= argc)
				return usage(_("a value is required"));
			if (!mail_language_from_name(argv[++i], &lang)) {
				fprintf(stderr, "cwyn mail: language: %s\n",
				        _("language must be bilingual, cy or en"));
				return 1;
			}
		} else if (argv[i][0] == '-' || n_pos == 2) {
			return usage(_("unknown option"));
		} else {
			pos[n_pos++] = argv[i];
		}
	}
	if (n_pos != 2)
		return usage(_("a user name and an e-mail address are needed"));
	struct cli_session s;
	int rc = cli_session_open("mail", &c, &s);
	if (rc)
		return rc;
	struct cwyn_error err = {0};
	struct store_user u;
	enum cwyn_code code = db_begin(s.db, &err);
	if (code == CWYN_OK)
		code = store_user_get_by_username(s.db, s.authority.id, pos[0],
		                                  &s.ar, &u, &err);
	if (code == CWYN_ENOTFOUND)
		code = cwyn_fail(&err, CWYN_ENOTFOUND, "username", "no such user");
	if (code == CWYN_OK)
		code = mail_address_set(s.db, s.authority.id, u.id, pos[1], lang,
		                        &err);
	if (code == CWYN_OK) {
		char detail[400];
		snprintf(detail, sizeof detail, "user=%s language=%s", pos[0],
		         mail_language_name(lang));
		code = audit_append(s.db, s.authority.id, s.ctx.actor.username,
		                    "user.mail_address", 0, detail, &err);
	}
	if (code == CWYN_OK)
		code = db_commit(s.db, &err);
	else
		db_rollback(s.db);
	if (code != CWYN_OK) {
		rc = cli_report("mail", &err);
		goto out;
	}
	printf(tr_fmt(N_("E-mail address of %s set: %s (%s).")), pos[0],
	       pos[1], mail_language_name(lang));
	putchar('\n');
out:
	cli_session_close(&s);
	return rc;
}

int cmd_mail(int argc, char **argv)
{
	if (argc < 2)
		return usage(NULL);
	if (strcmp(argv[1], "send") == 0)
		return mail_send(argc, argv);
	if (strcmp(argv[1], "queue") == 0)
		return mail_queue(argc, argv);
	if (strcmp(argv[1], "address") == 0)
		return mail_address(argc, argv);
	return usage(_("unknown command"));
}
