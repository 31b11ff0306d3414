/*
 * test_po_complete.c — every marked string has Welsh.
 *
 * The template is made afresh from the sources, as the build's `cwyn-pot`
 * target would: xgettext over po/POTFILES with the keywords _ and N_. Each
 * msgid must then be in the compiled Welsh catalogue the program loads
 * (i18n_has), and a translated printf format must take the same
 * conversions in the same order as the English, or the program would read
 * its arguments wrongly in Welsh. A new string without Welsh fails here,
 * naming the string.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "i18n/i18n.h"

#define MAX_IDS 8192
#define MAX_REPORT 40

static char *ids[MAX_IDS];
static size_t nids;

static const char *source_root(void)
{
	const char *r = getenv("CWYN_SOURCE_ROOT");
	return r && r[0] ? r : ".";
}

/* Append the body of one "..." line (unescaped) to buf. */
static void append_quoted(const char *line, char *buf, size_t cap)
{
	const char *p = strchr(line, '"');
	if (p == NULL)
		return;
	size_t n = strlen(buf);
	for (p++; *p && *p != '"' && n + 1 < cap; p++) {
		char c = *p;
		if (c == '\\' && p[1]) {
			p++;
			switch (*p) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			default: c = *p; break;
			}
		}
		buf[n++] = c;
	}
	buf[n] = '\0';
}

static void keep(const char *id)
{
	if (id[0] != '\0' && nids < MAX_IDS)
		ids[nids++] = strdup(id);
}

/* The msgids of a .pot file (the header's empty msgid is skipped). */
static void read_pot(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	static char line[8192], cur[16384];
	bool in_id = false;
	cur[0] = '\0';
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "msgid ", 6) == 0) {
			cur[0] = '\0';
			append_quoted(line, cur, sizeof cur);
			in_id = true;
		} else if (line[0] == '"' && in_id) {
			append_quoted(line, cur, sizeof cur);
		} else if (in_id) {
			keep(cur);
			in_id = false;
		}
	}
	if (in_id)
		keep(cur);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	char pot[] = "/tmp/cwyn-pot-XXXXXX";
	int fd = mkstemp(pot);
	if (fd < 0)
		return -1;
	close(fd);
	char cmd[4096];
	snprintf(cmd, sizeof cmd,
	         "cd '%s' && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 "
	         "--force-po -o '%s' -f po/POTFILES",
	         source_root(), pot);
	int rc = system(cmd);
	if (rc != 0) {
		fprintf(stderr, "xgettext failed (%d): %s\n", rc, cmd);
		unlink(pot);
		return -1;
	}
	read_pot(pot);
	unlink(pot);
	struct cwyn_error err = {0};
	if (i18n_init(NULL, &err) != CWYN_OK) {
		fprintf(stderr, "Welsh catalogue: %s\n", err.message);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < nids; i++)
		free(ids[i]);
	i18n_shutdown();
	return 0;
}

static void sources_have_strings(void **state)
{
	(void)state;
	/* Guards against a broken extraction passing vacuously. */
	assert_true(nids > 300);
}

static void every_string_has_welsh(void **state)
{
	(void)state;
	size_t missing = 0;
	for (size_t i = 0; i < nids; i++) {
		if (i18n_has(ids[i]))
			continue;
		if (missing < MAX_REPORT)
			fprintf(stderr, "no Welsh for: \"%s\"\n", ids[i]);
		missing++;
	}
	if (missing)
		fail_msg("%zu of %zu strings have no Welsh in po/cy.po", missing,
		         nids);
}

/* The printf conversions of s, e.g. "%s%d%zu", into out. */
static void conversions(const char *s, char *out, size_t cap)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = s; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		const char *q = p + 1;
		while (*q && strchr("-+ #0123456789.*", *q))
			q++;
		while (*q && strchr("hlLqjzt", *q))
			q++;
		if (*q == '\0')
			break;
		size_t len = (size_t)(q - p) + 1;
		/* Flags and widths may differ; the length and type may not. */
		const char *t = q;
		while (t > p + 1 && strchr("hlLqjzt", t[-1]))
			t--;
		len = (size_t)(q - t) + 1;
		if (n + len + 2 < cap) {
			out[n++] = '%';
			memcpy(out + n, t, len);
			n += len;
			out[n] = '\0';
		}
		p = q;
	}
}

static void welsh_formats_match(void **state)
{
	(void)state;
	size_t bad = 0;
	for (size_t i = 0; i < nids; i++) {
		if (strchr(ids[i], '%') == NULL || !i18n_has(ids[i]))
			continue;
		char en[256], cy[256];
		conversions(ids[i], en, sizeof en);
		conversions(i18n_tr(LANG_CY, ids[i]), cy, sizeof cy);
		if (strcmp(en, cy) == 0)
			continue;
		if (bad < MAX_REPORT)
			fprintf(stderr, "format differs (%s vs %s): \"%s\"\n", en, cy,
			        ids[i]);
		bad++;
	}
	if (bad)
		fail_msg("%zu Welsh formats take different arguments", bad);
}

static void checker_strings_are_welsh(void **state)
{
	(void)state;
	/* A few the public pages depend on, with the glossary's terms. */
	assert_string_equal(i18n_tr(LANG_CY, "Complain about child protection"),
	                    "Cwyno am amddiffyn plant");
	assert_non_null(strstr(i18n_tr(LANG_CY,
	    "Complain to the chair of the child protection conference."),
	    "Gadeirydd y Gynhadledd")); /* after "wrth": soft mutation */
	assert_non_null(strstr(i18n_tr(LANG_CY,
	    "We welcome contact in Welsh. We will answer in Welsh, and this "
	    "will not lead to a delay."), "Gymraeg"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sources_have_strings),
	    cmocka_unit_test(every_string_has_welsh),
	    cmocka_unit_test(welsh_formats_match),
	    cmocka_unit_test(checker_strings_are_welsh),
	};
	return cmocka_run_group_tests_name("po_complete", tests, setup, teardown);
}
