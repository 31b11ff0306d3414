/*
 * test_cli_letter.c — `cwyn letter` as a user runs it: the built binary
 * ($CWYN_BIN) lists the kinds, renders from JSON data to a file in the
 * case's language, refuses bad data naming the field (in Welsh with
 * CWYN_LANG=cy) and then writes nothing, and uses an authority's own
 * template from its override directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "support/cli_run.h"

static void run_cwyn(struct cli_run *r, const char *env, const char *args)
{
	cli_run(r, NULL, env, args);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	static char buf[1 << 18];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static const char data[] =
    "{\"language\": \"cy\","
    " \"authority\": {\"code\": \"test-authority\","
    "   \"name\": {\"en\": \"Example Council\", \"cy\": \"Cyngor Enghreifftiol\"}},"
    " \"complainant\": {\"name\": \"Dafydd <b>Jones</b>\", \"address\": \"Tŷ Gŵyn\"},"
    " \"reference\": \"CWYN-2027-0042\","
    " \"dates\": {\"letter\": \"2027-03-01\", \"received\": \"2027-02-26\"},"
    " \"matters\": [{\"summary\": \"No reply.\", \"route\": \"council_stage1\"}]}";

static void lists_every_kind(void **state)
{
	(void)state;
	struct cli_run r;
	run_cwyn(&r, NULL, "letter list-kinds");
	assert_int_equal(r.status, 0);
	static const char *const kinds[] = {
	    "acknowledgement", "stage1_resolution", "stage2_acknowledgement",
	    "stage2_response", "chair_response", "referral_agency",
	    "referral_complainant", "exclusion_court", "final_response",
	    "extension"};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		assert_non_null(strstr(r.out, kinds[i]));
	run_cwyn(&r, "CWYN_LANG=cy", "letter list-kinds");
	assert_non_null(strstr(r.out, "ymateb terfynol"));
}

static void renders_from_json_in_the_case_language(void **state)
{
	(void)state;
	char dir[] = "/tmp/cwyn-cli-letter-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char in[256], out[256], args[1024];
	snprintf(in, sizeof in, "%s/data.json", dir);
	snprintf(out, sizeof out, "%s/ack.html", dir);
	write_text(in, data);
	struct cli_run r;
	snprintf(args, sizeof args, "letter render acknowledgement --data '%s' "
	         "--override-dir '%s/none' -o '%s'", in, dir, out);
	run_cwyn(&r, NULL, args);
	assert_int_equal(r.status, 0);
	const char *html = read_text(out);
	assert_non_null(html);
	/* "language": "cy" in the data → a Welsh letter. */
	assert_non_null(strstr(html, "<html lang=\"cy\">"));
	assert_null(strstr(html, "lang=\"en\""));
	assert_non_null(strstr(html, "1 Mawrth 2027"));
	assert_non_null(strstr(html, "Cyngor Enghreifftiol"));
	assert_non_null(strstr(html, "Dafydd &lt;b&gt;Jones&lt;/b&gt;"));
	/* --lang overrides it; PDF on request. */
	snprintf(out, sizeof out, "%s/ack.pdf", dir);
	snprintf(args, sizeof args, "letter render acknowledgement --data '%s' "
	         "--override-dir '%s/none' --lang both --format pdf -o '%s'",
	         in, dir, out);
	run_cwyn(&r, NULL, args);
	assert_int_equal(r.status, 0);
	const char *pdf = read_text(out);
	assert_non_null(pdf);
	assert_memory_equal(pdf, "%PDF", 4);
	snprintf(args, sizeof args, "rm -rf '%s'", dir);
	assert_int_equal(system(args), 0);
}

static void refuses_bad_data_and_writes_nothing(void **state)
{
	(void)state;
	char dir[] = "/tmp/cwyn-cli-letter-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char in[256], out[256], args[1024];
	snprintf(in, sizeof in, "%s/data.json", dir);
	snprintf(out, sizeof out, "%s/x.html", dir);
	struct cli_run r;
	/* A typo in a key. */
	write_text(in, "{\"complainant\": {\"nmae\": \"x\"}}");
	snprintf(args, sizeof args, "letter render acknowledgement --data '%s' "
	         "-o '%s'", in, out);
	run_cwyn(&r, NULL, args);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "complainant.nmae"));
	assert_null(read_text(out));
	/* An exclusion without its reason, refused in Welsh. */
	write_text(in, data);
	snprintf(args, sizeof args, "letter render exclusion_court --data '%s' "
	         "--override-dir '%s/none' -o '%s'", in, dir, out);
	run_cwyn(&r, "CWYN_LANG=cy", args);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "exclusion_reason"));
	assert_non_null(strstr(r.out, "rhaid i lythyr eithrio esbonio pam"));
	assert_null(read_text(out));
	/* Usage errors exit 2. */
	run_cwyn(&r, NULL, "letter render no_such_kind -o -");
	assert_int_equal(r.status, 2);
	run_cwyn(&r, NULL, "letter render acknowledgement --format docx -o -");
	assert_int_equal(r.status, 2);
	run_cwyn(&r, NULL, "letter");
	assert_int_equal(r.status, 2);
	snprintf(args, sizeof args, "rm -rf '%s'", dir);
	assert_int_equal(system(args), 0);
}

static void uses_the_authority_override(void **state)
{
	(void)state;
	char dir[] = "/tmp/cwyn-cli-letter-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[512], args[2048], out[256];
	/* $CWYN_VAR_DIR/templates/<code>/cy/acknowledgement.tmpl */
	snprintf(path, sizeof path, "%s/templates", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/templates/test-authority", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/templates/test-authority/cy", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path,
	         "%s/templates/test-authority/cy/acknowledgement.tmpl", dir);
	write_text(path, "# Llythyr yr awdurdod\n\nDiolch, {{complainant_name}}.\n");
	snprintf(path, sizeof path, "%s/data.json", dir);
	write_text(path, data);
	snprintf(out, sizeof out, "%s/ack.html", dir);
	snprintf(args, sizeof args, "letter render acknowledgement --data '%s' "
	         "-o '%s'", path, out);
	char env[512];
	snprintf(env, sizeof env, "CWYN_VAR_DIR='%s'", dir);
	struct cli_run r;
	run_cwyn(&r, env, args);
	assert_int_equal(r.status, 0);
	const char *html = read_text(out);
	assert_non_null(html);
	assert_non_null(strstr(html, "Llythyr yr awdurdod"));
	/* A broken override stops the command with its file and line. */
	snprintf(path, sizeof path,
	         "%s/templates/test-authority/cy/acknowledgement.tmpl", dir);
	write_text(path, "# Llythyr\n\n{{#matters}}\n- {{sumary}}\n{{/matters}}\n");
	run_cwyn(&r, env, args);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.out, "cy/acknowledgement.tmpl"));
	assert_non_null(strstr(r.out, " 4: "));
	assert_non_null(strstr(r.out, "sumary"));
	snprintf(args, sizeof args, "rm -rf '%s'", dir);
	assert_int_equal(system(args), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lists_every_kind),
	    cmocka_unit_test(renders_from_json_in_the_case_language),
	    cmocka_unit_test(refuses_bad_data_and_writes_nothing),
	    cmocka_unit_test(uses_the_authority_override),
	};
	return cmocka_run_group_tests_name("cli_letter", tests, NULL, NULL);
}
