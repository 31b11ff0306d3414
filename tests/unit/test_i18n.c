/*
 * test_i18n.c — the Welsh catalogue loads and every marked string in it is
 * translated; lookups are per thread and fall back to English.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n/i18n.h"

static void welsh_catalogue_loads(void **state)
{
	(void)state;
	struct cwyn_error err = {0};
	assert_int_equal(i18n_init(NULL, &err), CWYN_OK);
	assert_string_equal(i18n_tr(LANG_CY, "unknown command"),
	                    "gorchymyn anhysbys");
	assert_string_equal(i18n_tr(LANG_EN, "unknown command"),
	                    "unknown command");
	/* An unknown string falls back to the English text. */
	assert_string_equal(i18n_tr(LANG_CY, "no such msgid here"),
	                    "no such msgid here");
	/* An empty text stays empty: the catalogue's header (msgid "")
	 * never shows up on a page where a message was left blank. */
	assert_string_equal(i18n_tr(LANG_CY, ""), "");
	i18n_set_thread_language(LANG_CY);
	assert_string_equal(_("line"), "llinell");
	i18n_set_thread_language(LANG_EN);
	assert_string_equal(_("line"), "line");
}

static void corrupt_catalogue_is_refused(void **state)
{
	(void)state;
	i18n_shutdown();
	char path[] = "/tmp/cwyn-mo-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	fputs("this is not a catalogue at all, not at all", f);
	fclose(f);
	struct cwyn_error err = {0};
	assert_int_not_equal(i18n_init(path, &err), CWYN_OK);
	assert_string_equal(i18n_tr(LANG_CY, "line"), "line");
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(welsh_catalogue_loads),
	    cmocka_unit_test(corrupt_catalogue_is_refused),
	};
	int rc = cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
	i18n_shutdown();
	return rc;
}
