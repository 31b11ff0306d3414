/*
 * cmd_letters.c — the letters of a case at the command line, and an
 * authority's own letter templates:
 *
 *   cwyn letters REF [--json]                    list the case's letters
 *   cwyn letters REF ID [--pdf] [-o FILE]        one letter (HTML or PDF)
 *   cwyn letters REF create KIND [--matter N] [--text TEXT] [--version V]
 *   cwyn letter template list|show KIND LANG|set KIND LANG FILE|reset KIND LANG
 *
 * Each takes the common options (--db, --today, --policy, --authority),
 * acts as the command-line operator, and goes through the audited use
 * cases of app/letters*.c. `cwyn letter template` is reached from
 * cmd_letter.c. A PDF is never written to a terminal by accident: without
 * -o it goes to stdout only when that is not a terminal.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/file_io.h"
#include "cli/cli_session.h"
#include "cli/commands.h"
#include "core/uk_time.h"
#include "i18n/i18n.h"

/* Releases the fonts PDF rendering keeps (out/letter.h; declared here
 * because letter.h and app.h cannot meet in one file, see
 * app/letters_internal.h). */
void letter_shutdown(void);

/* Fixed messages from app/ and store/ (English there), listed so xgettext
 * extracts them and cli_report shows them in Welsh. */
static const char *const lower_messages[] = {
	N_("the case has no such letter"),
	N_("the letter's kind or language is not known to this version of cwyn"),
	N_("the letter's data is not valid JSON"),
};

static const char *const mail_words[] = {
	"pending", N_("waiting to send"),
	"sending", N_("being sent"),
	"sent", N_("handed to the mail server"),
	"failed", N_("given up"),
	NULL,
};

static const char *mail_text(const char *state)
{
	if (state == NULL)
		return _("not e-mailed");
	for (size_t i = 0; mail_words[i]; i += 2)
		if (strcmp(mail_words[i], state) == 0)
			return _(mail_words[i + 1]);
	return state;
}

static int usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "cwyn letters: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn letters REF [--json]\n"
	          "       cwyn letters REF ID [--pdf] [-o FILE]\n"
	          "       cwyn letters REF create KIND [--matter N] [--text TEXT] [--version V]\n"
	          "  common options: --db URL --today YYYY-MM-DD --policy FILE --authority CODE"));
	return 2;
}

static int64_t parse_id(const char *s)
{
	char *end;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0)
		return -1;
	return (int64_t)v;
}

/* Arguments after the common options: positional words and our own. */
struct args {
	struct cli_common common;
	const char *pos[4];
	int n_pos;
	bool json, pdf;
	const char *out, *matter, *text, *version;
};

static int parse(const char *command, int argc, char **argv, int first,
                 struct args *a, int (*bad)(const char *))
{
	for (int i = first; i < argc; i++) {
		int used = cli_common_option(command, &a->common, argc, argv, i);
		if (used < 0)
			return 2;
		if (used > 0) {
			i += used - 1;
			continue;
		}
		const char **slot = NULL;
		if (strcmp(argv[i], "--json") == 0) {
			a->json = true;
			continue;
		}
		if (strcmp(argv[i], "--pdf") == 0) {
			a->pdf = true;
			continue;
		}
		if (strcmp(argv[i], "-o") == 0)
			slot = &a->out;
		else if (strcmp(argv[i], "--matter") == 0)
			slot = &a->matter;
		else if (strcmp(argv[i], "--text") == 0)
			slot = &a->text;
		else if (strcmp(argv[i], "--version") == 0)
			slot = &a->version;
		if (slot) {
			if (i + 1 >= argc)
				return bad(_("an option is missing its value"));
			*slot = argv[++i];
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return bad(_("unknown option"));
		if (a->n_pos >= 4)
			return bad(_("too many arguments"));
		a->pos[a->n_pos++] = argv[i];
	}
	return 0;
}

/* ---- cwyn letters ---------------------------------------------------------- */

static int list(struct cli_session *s, const char *ref, bool json)
{
	struct app_letter *ls;
	size_t n;
	struct cwyn_error err = {0};
	if (app_letter_list(&s->ctx, ref, &s->ar, &ls, &n, &err) != CWYN_OK)
		return cli_report("letters", &err);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "id", json_integer(ls[i].id));
			json_object_set_new(o, "kind", json_string(ls[i].kind));
			json_object_set_new(o, "language",
			                    json_string(ls[i].language));
			json_object_set_new(o, "subject",
			                    json_string(ls[i].subject));
			json_object_set_new(o, "created_at",
			                    json_string(ls[i].created_at));
			json_object_set_new(o, "sent_at",
			                    ls[i].sent_at[0]
			                        ? json_string(ls[i].sent_at)
			                        : json_null());
			json_object_set_new(o, "email",
			                    ls[i].mail_state
			                        ? json_string(ls[i].mail_state)
			                        : json_null());
			json_array_append_new(a, o);
		}
		char *text = json_dumps(a, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(a);
		if (text == NULL)
			return 1;
		printf("%s\n", text);
		free(text);
		return 0;
	}
	if (n == 0) {
		printf("%s\n", _("The case has no letters yet."));
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		const struct app_letter *l = &ls[i];
		char made[CWYN_DATE_STRLEN] = "-";
		cwyn_day d = uk_day_of_iso(l->created_at);
		if (d != CWYN_DAY_NONE)
			date_format(d, made);
		printf("%-4lld %-26s %-4s %s  %s\n", (long long)l->id, l->kind,
		       l->language, made, mail_text(l->mail_state));
		printf("     %s\n", l->subject);
	}
	return 0;
}

static int write_out(const char *path, const unsigned char *data, size_t len,
                     bool pdf)
{
	if (path == NULL && pdf && isatty(STDOUT_FILENO)) {
		fprintf(stderr, "cwyn letters: %s\n",
		        _("a PDF is not written to a terminal: give -o FILE"));
		return 2;
	}
	FILE *f = path == NULL || strcmp(path, "-") == 0 ? stdout
	                                                : fopen(path, "wb");
	if (f == NULL) {
		fprintf(stderr, "cwyn letters: %s: %s: %s\n", path,
		        _("cannot write the letter"), strerror(errno));
		return 1;
	}
	bool ok = fwrite(data, 1, len, f) == len;
	ok = (f == stdout ? fflush(f) == 0 : fclose(f) == 0) && ok;
	if (!ok) {
		fprintf(stderr, "cwyn letters: %s\n", _("cannot write the letter"));
		return 1;
	}
	return 0;
}

static int show(struct cli_session *s, const char *ref, int64_t id,
                const struct args *a)
{
	const unsigned char *data;
	size_t len;
	struct cwyn_error err = {0};
	if (app_letter_get(&s->ctx, ref, id,
	                   a->pdf ? APP_LETTER_PDF : APP_LETTER_HTML, &s->ar,
	                   NULL, &data, &len, &err) != CWYN_OK)
		return cli_report("letters", &err);
	return write_out(a->out, data, len, a->pdf);
}

static int create(struct cli_session *s, const char *ref, const char *kind,
                  const struct args *a)
{
	int64_t matter = 0, version = 0;
	if (a->matter && (matter = parse_id(a->matter)) < 0) {
		fprintf(stderr, "cwyn letters: --matter: %s\n",
		        _("must be a whole number"));
		return 2;
	}
	if (a->version && (version = parse_id(a->version)) < 0) {
		fprintf(stderr, "cwyn letters: --version: %s\n",
		        _("must be a whole number"));
		return 2;
	}
	if (matter > 1000) {
		fprintf(stderr, "cwyn letters: --matter: %s\n",
		        _("the case has no such matter"));
		return 1;
	}
	int64_t id = 0;
	struct app_case_ref out;
	struct cwyn_error err = {0};
	if (app_letter_create(&s->ctx, ref, version, kind, (int)matter,
	                      a->text, &id, &out, &err) != CWYN_OK)
		return cli_report("letters", &err);
	printf(_("Letter %lld (%s) written for %s; the case is now at version "
	         "%lld.\n"),
	       (long long)id, kind, out.reference, (long long)out.version);
	return 0;
}

int cmd_letters(int argc, char **argv)
{
	struct args a = {0};
	(void)lower_messages;
	int rc = parse("letters", argc, argv, 1, &a, usage);
	if (rc)
		return rc;
	if (a.n_pos < 1)
		return usage(_("a case reference is needed"));
	const char *ref = a.pos[0];
	enum { LIST, SHOW, CREATE } what = LIST;
	int64_t id = -1;
	if (a.n_pos == 1) {
		what = LIST;
	} else if (strcmp(a.pos[1], "create") == 0) {
		if (a.n_pos != 3)
			return usage(_("create needs a letter kind"));
		what = CREATE;
	} else if (a.n_pos == 2 && (id = parse_id(a.pos[1])) > 0) {
		what = SHOW;
	} else {
		return usage(_("expected a letter number or create"));
	}
	if ((what != SHOW && (a.pdf || a.out)) ||
	    (what != CREATE && (a.matter || a.text || a.version)) ||
	    (what != LIST && a.json))
		return usage(_("that option does not go with this command"));
	struct cli_session s;
	if ((rc = cli_session_open("letters", &a.common, &s)))
		return rc;
	switch (what) {
	case LIST: rc = list(&s, ref, a.json); break;
	case SHOW: rc = show(&s, ref, id, &a); break;
	case CREATE: rc = create(&s, ref, a.pos[2], &a); break;
	}
	cli_session_close(&s);
	letter_shutdown();
	return rc;
}

/* ---- cwyn letter template --------------------------------------------------- */

static int template_usage(const char *msg)
{
	if (msg)
		fprintf(stderr, "cwyn letter template: %s\n", msg);
	fprintf(stderr, "%s\n",
	        _("Usage: cwyn letter template list\n"
	          "       cwyn letter template show KIND en|cy\n"
	          "       cwyn letter template set KIND en|cy FILE\n"
	          "       cwyn letter template reset KIND en|cy\n"
	          "  common options: --db URL --authority CODE"));
	return 2;
}

static int template_list(struct cli_session *s)
{
	struct app_letter_template *ts;
	size_t n;
	struct cwyn_error err = {0};
	if (app_letter_template_list(&s->ctx, &s->ar, &ts, &n, &err) !=
	    CWYN_OK)
		return cli_report("letter template", &err);
	for (size_t i = 0; i < n; i++)
		printf("%-24s %-3s %-10s %s\n", ts[i].kind, ts[i].lang,
		       ts[i].overridden ? _("own") : _("default"), ts[i].path);
	return 0;
}

int cmd_letter_template(int argc, char **argv)
{
	struct args a = {0};
	int rc = parse("letter template", argc, argv, 1, &a, template_usage);
	if (rc)
		return rc;
	if (a.json || a.pdf || a.out || a.matter || a.text || a.version)
		return template_usage(_("that option does not go with this command"));
	if (a.n_pos < 1)
		return template_usage(NULL);
	const char *sub = a.pos[0];
	int want = strcmp(sub, "list") == 0    ? 1
	           : strcmp(sub, "show") == 0  ? 3
	           : strcmp(sub, "set") == 0   ? 4
	           : strcmp(sub, "reset") == 0 ? 3
	                                       : -1;
	if (want < 0)
		return template_usage(_("unknown subcommand"));
	if (a.n_pos != want)
		return template_usage(_("wrong number of arguments"));
	char *text = NULL;
	size_t len = 0;
	struct cwyn_error err = {0};
	if (strcmp(sub, "set") == 0 &&
	    file_read_all(a.pos[3], CWYN_INPUT_MAX, &text, &len, &err) !=
	        CWYN_OK)
		return cli_report("letter template", &err);
	struct cli_session s;
	if ((rc = cli_session_open("letter template", &a.common, &s))) {
		free(text);
		return rc;
	}
	if (strcmp(sub, "list") == 0) {
		rc = template_list(&s);
	} else if (strcmp(sub, "show") == 0) {
		const char *t = NULL;
		if (app_letter_template_show(&s.ctx, a.pos[1], a.pos[2], &s.ar,
		                             &t, NULL, &err) != CWYN_OK)
			rc = cli_report("letter template", &err);
		else
			fputs(t, stdout);
	} else if (strcmp(sub, "set") == 0) {
		if (app_letter_template_set(&s.ctx, a.pos[1], a.pos[2], text,
		                            len, a.pos[3], &err) != CWYN_OK)
			rc = cli_report("letter template", &err);
		else
			printf(_("The %s template (%s) of %s is now the one in "
			         "%s.\n"),
			       a.pos[1], a.pos[2], s.authority.code, a.pos[3]);
	} else {
		if (app_letter_template_reset(&s.ctx, a.pos[1], a.pos[2],
		                              &err) != CWYN_OK)
			rc = cli_report("letter template", &err);
		else
			printf(_("The %s template (%s) of %s is the shipped one "
			         "again.\n"),
			       a.pos[1], a.pos[2], s.authority.code);
	}
	cli_session_close(&s);
	free(text);
	letter_shutdown();
	return rc;
}
