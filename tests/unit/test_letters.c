/*
 * test_letters.c — letters as a complainant receives them: every kind in
 * English, Welsh and both (Welsh first), the procedure's required content
 * (right to Stage 2, legal advice and FRG for court exclusions, the
 * Ombudsman in final responses, Welsh welcome), escaping of what people
 * wrote, PDFs with the font embedded and Welsh letters that survive text
 * extraction, and templates an authority overrides or breaks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/policy_file.h"
#include "out/letter.h"
#include "core/escape.h"
#include "out/letter_internal.h"

struct fixture {
	struct policy *policy;
	struct letter_templates *templates;
	struct letter_data data;
	struct arena arena;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct cwyn_error err = {0};
	if (f == NULL || policy_load_file(NULL, &f->policy, &err) != CWYN_OK ||
	    letter_templates_load(NULL, NULL, &f->templates, &err) != CWYN_OK) {
		fprintf(stderr, "setup: %s: %s (line %d)\n", err.field,
		        err.message, err.line);
		return -1;
	}
	letter_data_sample(&f->data, f->policy);
	arena_init(&f->arena, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(&f->arena);
	letter_templates_free(f->templates);
	policy_free(f->policy);
	free(f);
	letter_shutdown();
	return 0;
}

/* Render and return the document as a NUL-terminated string (HTML) or
 * bytes (PDF; *len set). */
static const char *render(struct fixture *f, enum letter_kind k,
                          enum letter_lang l, enum letter_format fmt,
                          const struct letter_data *d, size_t *len)
{
	struct letter_output out;
	struct cwyn_error err = {0};
	enum cwyn_code rc = letter_render(f->templates, k, l, fmt, d, &f->arena,
	                                  &out, &err);
	if (rc != CWYN_OK)
		fprintf(stderr, "%s/%s: %s: %s\n", letter_kind_name(k),
		        letter_lang_name(l), err.field, err.message);
	assert_int_equal(rc, CWYN_OK);
	assert_non_null(out.subject);
	if (len)
		*len = out.len;
	return (const char *)out.data;
}

static const char *html(struct fixture *f, enum letter_kind k,
                        enum letter_lang l)
{
	return render(f, k, l, LETTER_HTML, &f->data, NULL);
}

static const char welcome_en[] = "We welcome correspondence in Welsh";
static const char welcome_cy[] = "Rydym yn croesawu gohebiaeth yn Gymraeg";

static void every_kind_in_every_language(void **state)
{
	struct fixture *f = *state;
	for (int k = 0; k < LETTER_KIND__MAX; k++) {
		const char *en = html(f, k, LETTER_LANG_EN);
		const char *cy = html(f, k, LETTER_LANG_CY);
		const char *both = html(f, k, LETTER_LANG_BOTH);
		assert_true(strncmp(en, "<!DOCTYPE html>", 15) == 0);
		assert_non_null(strstr(en, "<html lang=\"en\">"));
		assert_non_null(strstr(cy, "<html lang=\"cy\">"));
		assert_non_null(strstr(both, "<html lang=\"cy\">"));
		/* Every letter says Welsh is welcome (§6.2.7). */
		assert_non_null(strstr(en, welcome_en));
		assert_non_null(strstr(cy, welcome_cy));
		assert_null(strstr(en, welcome_cy));
		assert_null(strstr(cy, welcome_en));
		/* Bilingual: both versions, Welsh first (§6.2.6). */
		const char *wcy = strstr(both, "<article lang=\"cy\"");
		const char *wen = strstr(both, "<article lang=\"en\"");
		assert_non_null(wcy);
		assert_non_null(wen);
		assert_true(wcy < wen);
		assert_non_null(strstr(both, welcome_en));
		assert_non_null(strstr(both, welcome_cy));
		/* No external resources. */
		assert_null(strstr(en, "<link"));
		assert_null(strstr(en, "<script"));
		assert_null(strstr(en, "src="));
		/* The reference and the long-form date are on every letter. */
		assert_non_null(strstr(en, "CWYN-2027-0001"));
		assert_non_null(strstr(en, "12 January 2027"));
		assert_non_null(strstr(cy, "12 Ionawr 2027"));
		/* Every field in the shipped templates was filled: no braces
		 * left over. */
		assert_null(strstr(both, "{{"));
	}
}

static void welsh_letters_use_the_welsh_terms(void **state)
{
	struct fixture *f = *state;
	const char *ack = html(f, LETTER_ACKNOWLEDGEMENT, LETTER_LANG_CY);
	assert_non_null(strstr(ack, "cwyn"));
	assert_non_null(strstr(ack, "Cam 1"));
	assert_non_null(strstr(ack, "datrys yn lleol"));
	assert_non_null(strstr(ack, "10 diwrnod gwaith"));
	assert_non_null(strstr(ack, "Comisiynydd Plant Cymru"));
	assert_null(strstr(ack, "working days"));
	const char *fin = html(f, LETTER_FINAL_RESPONSE, LETTER_LANG_CY);
	assert_non_null(strstr(fin, "Ombwdsmon Gwasanaethau Cyhoeddus Cymru"));
	assert_non_null(strstr(fin, "0300 790 0203"));
	assert_non_null(strstr(fin, "Ffordd yr Hen Gae"));
	assert_non_null(strstr(fin, "12 mis"));
	assert_non_null(strstr(fin, "Cadarnhawyd yn rhannol"));
	const char *chair = html(f, LETTER_CHAIR_RESPONSE, LETTER_LANG_CY);
	assert_non_null(strstr(chair, "Cadeirydd y Gynhadledd"));
	assert_non_null(strstr(chair, "Bwrdd Diogelu Rhanbarthol"));
}

static void english_final_response_gives_the_ombudsman(void **state)
{
	struct fixture *f = *state;
	for (int k = 0; k < LETTER_KIND__MAX; k++) {
		if (k != LETTER_FINAL_RESPONSE && k != LETTER_STAGE2_RESPONSE)
			continue;
		const char *s = html(f, k, LETTER_LANG_EN);
		assert_non_null(strstr(s, "Public Services Ombudsman for Wales"));
		assert_non_null(strstr(s, "0300 790 0203"));
		assert_non_null(strstr(s, "1 Ffordd yr Hen Gae, Pencoed, CF35 5LJ"));
		assert_non_null(strstr(s, "12 months"));
	}
}

static void acknowledgement_gives_the_right_to_stage2(void **state)
{
	struct fixture *f = *state;
	const char *en = html(f, LETTER_ACKNOWLEDGEMENT, LETTER_LANG_EN);
	assert_non_null(strstr(en, "formal investigation"));
	assert_non_null(strstr(en, "(Stage 2, under regulation 17"));
	assert_non_null(strstr(en, "at any time"));
	assert_non_null(strstr(en, "cannot refuse"));
	/* Procedure details from the policy, and the offer of help. */
	assert_non_null(strstr(en, "within 10 working days"));
	assert_non_null(strstr(en, "by 26 January 2027"));
	assert_non_null(strstr(en, "25 working days"));
	assert_non_null(strstr(en, "advocate"));
	assert_non_null(strstr(en, "received on 11 January 2027"));
	const char *cy = html(f, LETTER_ACKNOWLEDGEMENT, LETTER_LANG_CY);
	assert_non_null(strstr(cy, "ymchwiliad ffurfiol"));
	assert_non_null(strstr(cy, "(Cam 2, dan reoliad 17"));
	assert_non_null(strstr(cy, "ar unrhyw adeg"));
	assert_non_null(strstr(cy, "eiriolwr"));
}

static void exclusion_explains_and_signposts(void **state)
{
	struct fixture *f = *state;
	const char *en = html(f, LETTER_EXCLUSION_COURT, LETTER_LANG_EN);
	assert_non_null(strstr(en, "Legal advice"));
	assert_non_null(strstr(en, "solicitor"));
	assert_non_null(strstr(en, "Family Rights Group"));
	assert_non_null(strstr(en, "0808 801 0366"));
	/* The why (PSOW Powys): the reason given is in the letter. */
	assert_non_null(strstr(en, "could prejudice those proceedings"));
	/* Only the court matter is listed as excluded. */
	assert_non_null(strstr(en, "decision to start care proceedings."));
	assert_null(strstr(en, "spoke to me rudely"));
	const char *cy = html(f, LETTER_EXCLUSION_COURT, LETTER_LANG_CY);
	assert_non_null(strstr(cy, "Cyngor cyfreithiol"));
	assert_non_null(strstr(cy, "Family Rights Group"));
	assert_non_null(strstr(cy, "Pam"));

	/* Without a reason the letter is refused, naming the field. */
	struct letter_data d = f->data;
	d.exclusion_reason = "  ";
	struct letter_output out;
	struct cwyn_error err = {0};
	assert_int_equal(letter_render(f->templates, LETTER_EXCLUSION_COURT,
	                               LETTER_LANG_EN, LETTER_HTML, &d,
	                               &f->arena, &out, &err),
	                 CWYN_EINVAL);
	assert_string_equal(err.field, "exclusion_reason");
}

static void extension_says_what_who_when_why(void **state)
{
	struct fixture *f = *state;
	const char *en = html(f, LETTER_EXTENSION, LETTER_LANG_EN);
	assert_non_null(strstr(en, "the Stage 1 discussion"));
	assert_non_null(strstr(en, "Gwenllian ap Dafydd, by telephone"));
	assert_non_null(strstr(en, "20 January 2027"));
	assert_non_null(strstr(en, "on leave until 1 February"));
	assert_non_null(strstr(en, "3 February 2027"));
	assert_non_null(strstr(en, "26 January 2027"));
	const char *cy = html(f, LETTER_EXTENSION, LETTER_LANG_CY);
	assert_non_null(strstr(cy, "3 Chwefror 2027"));

	struct letter_data d = f->data;
	struct cwyn_error err = {0};
	d.extension.reason = NULL;
	assert_int_equal(letter_check(LETTER_EXTENSION, &d, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "extension.reason");
	d = f->data;
	d.extension.new_due = d.extension.old_due;
	assert_int_equal(letter_check(LETTER_EXTENSION, &d, &err), CWYN_EINVAL);
	assert_string_equal(err.field, "extension.new_due");
}

static void referral_letters_go_to_the_right_people(void **state)
{
	struct fixture *f = *state;
	const char *to_agency = html(f, LETTER_REFERRAL_AGENCY, LETTER_LANG_EN);
	/* Addressed to the agency, listing only its matter. */
	const char *addr = strstr(to_agency, "<address class=\"to\">");
	assert_non_null(addr);
	assert_true(strncmp(addr + 20, "Dyfed-Powys Police", 18) == 0);
	assert_non_null(strstr(to_agency, "spoke to me rudely"));
	assert_null(strstr(to_agency, "care proceedings"));
	const char *to_person = html(f, LETTER_REFERRAL_COMPLAINANT,
	                             LETTER_LANG_EN);
	addr = strstr(to_person, "<address class=\"to\">");
	assert_non_null(addr);
	assert_true(strncmp(addr + 20, "Gwenllian ap Dafydd", 19) == 0);
	assert_non_null(strstr(to_person, "Professional Standards Department"));
}

static void user_text_is_escaped(void **state)
{
	struct fixture *f = *state;
	struct letter_data d = f->data;
	struct letter_matter m[1] = {{
	    "<script>alert('x')</script> & \"more\"\n\n## Injected heading\n- item",
	    ROUTE_COUNCIL_STAGE1, NULL, OUTCOME_NONE, NULL, CWYN_DAY_NONE}};
	d.complainant_name = "<img src=x onerror=alert(1)>";
	d.matters = m;
	d.n_matters = 1;
	for (int l = 0; l < LETTER_LANG__MAX; l++) {
		const char *s = render(f, LETTER_ACKNOWLEDGEMENT, l, LETTER_HTML,
		                       &d, NULL);
		assert_null(strstr(s, "<script>"));
		assert_null(strstr(s, "<img"));
		assert_non_null(strstr(s, "&lt;script&gt;alert(&#39;x&#39;)"
		                          "&lt;/script&gt; &amp; &quot;more"
		                          "&quot;"));
		assert_non_null(strstr(s, "&lt;img src=x onerror=alert(1)&gt;"));
		/* A field's newlines never start a heading or a list. */
		assert_null(strstr(s, "<h2>Injected"));
		assert_non_null(strstr(s, "<br>\n## Injected heading<br>\n- item"));
	}
}

static void escape_rules(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	struct textbuf b;
	textbuf_init(&b, &a);
	html_escape_puts(&b, "a<b>&\"'\x01\xff\n");
	assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;&#39;\xef\xbf\xbd"
	                            "\xef\xbf\xbd\n");
	textbuf_init(&b, &a);
	html_attr_escape_puts(&b, "x\ny\"ŵ");
	assert_string_equal(b.data, "x&#10;y&quot;ŵ");
	arena_free(&a);
}

static void dates_in_both_languages(void **state)
{
	(void)state;
	static const char *const cy[12] = {
	    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
	    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"};
	char buf[LETTER_DATE_MAX], want[LETTER_DATE_MAX];
	for (int m = 1; m <= 12; m++) {
		snprintf(want, sizeof want, "1 %s 2027", cy[m - 1]);
		assert_string_equal(letter_date_long(date_from_ymd(2027, m, 1),
		                                     LANG_CY, buf), want);
	}
	assert_string_equal(letter_date_long(date_from_ymd(2027, 1, 12),
	                                     LANG_EN, buf), "12 January 2027");
	assert_string_equal(letter_date_long(date_from_ymd(2026, 12, 31),
	                                     LANG_CY, buf), "31 Rhagfyr 2026");
	/* §6.2.5: language not known → both. */
	assert_int_equal(letter_lang_for_case(false, LANG_EN), LETTER_LANG_BOTH);
	assert_int_equal(letter_lang_for_case(true, LANG_CY), LETTER_LANG_CY);
	assert_int_equal(letter_lang_for_case(true, LANG_EN), LETTER_LANG_EN);
}

static bool contains(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/* pdftotext of a PDF, or NULL when poppler-utils is not installed. */
static char *pdf_text(const char *pdf, size_t len)
{
	if (system("command -v pdftotext >/dev/null 2>&1") != 0)
		return NULL;
	char in[] = "/tmp/cwyn-letter-XXXXXX";
	int fd = mkstemp(in);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf, len), (ssize_t)len);
	close(fd);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s -", in);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, n = 0;
	char *text = malloc(cap);
	size_t got;
	while ((got = fread(text + n, 1, cap - n - 1, p)) > 0) {
		n += got;
		if (cap - n < 1024) {
			cap *= 2;
			text = realloc(text, cap);
		}
	}
	text[n] = '\0';
	assert_int_equal(pclose(p), 0);
	unlink(in);
	return text;
}

static void pdf_embeds_the_font_and_keeps_welsh(void **state)
{
	struct fixture *f = *state;
	size_t len;
	const char *pdf = render(f, LETTER_ACKNOWLEDGEMENT, LETTER_LANG_CY,
	                         LETTER_PDF, &f->data, &len);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF", 4);
	assert_true(contains(pdf, len, "/FontFile2") ||
	            contains(pdf, len, "/FontFile3"));
	assert_true(contains(pdf, len, "DejaVu"));
	char *text = pdf_text(pdf, len);
	if (text == NULL) {
		fprintf(stderr, "pdftotext not installed (scripts/deps.sh); "
		                "text checks skipped\n");
		skip();
	}
	assert_non_null(strstr(text, "Tŷ Gŵyn"));      /* ŷ and ŵ */
	assert_non_null(strstr(text, "Cyngor Sir Gâr")); /* â */
	assert_non_null(strstr(text, "Tudalen 1 o "));
	assert_non_null(strstr(text, "Eich cwyn: cydnabyddiaeth"));
	assert_non_null(strstr(text, welcome_cy));
	assert_null(strstr(text, "Page 1 of"));
	free(text);

	/* Bilingual: Welsh pages first, then English, numbered through. */
	pdf = render(f, LETTER_FINAL_RESPONSE, LETTER_LANG_BOTH, LETTER_PDF,
	             &f->data, &len);
	text = pdf_text(pdf, len);
	assert_non_null(text);
	const char *cy = strstr(text, "Ombwdsmon Gwasanaethau Cyhoeddus Cymru");
	const char *en = strstr(text, "Public Services Ombudsman for Wales");
	assert_non_null(cy);
	assert_non_null(en);
	assert_true(cy < en);
	assert_non_null(strstr(text, "Tudalen 1 o "));
	/* The English part starts on a later page: "Page N of N" with N>1. */
	const char *pg = strstr(text, "Page ");
	assert_non_null(pg);
	int page = 0, pages = 0;
	assert_int_equal(sscanf(pg, "Page %d of %d", &page, &pages), 2);
	assert_true(page >= 2);
	assert_true(pages >= page);
	free(text);
}

static void every_kind_as_pdf(void **state)
{
	struct fixture *f = *state;
	for (int k = 0; k < LETTER_KIND__MAX; k++) {
		for (int l = 0; l < LETTER_LANG__MAX; l++) {
			size_t len;
			const char *pdf = render(f, k, l, LETTER_PDF, &f->data,
			                         &len);
			assert_memory_equal(pdf, "%PDF", 4);
			assert_true(contains(pdf, len, "%%EOF"));
		}
	}
}

/* ---- Templates ------------------------------------------------------------ */

static void write_file(const char *dir, const char *sub, const char *name,
                       const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void remove_tree(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void override_is_used_first(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/cwyn-tmpl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "cy", "acknowledgement.tmpl",
	           "# Pwnc arbennig Sir Gâr\n\nHelo {{complainant_name}}.\n\n"
	           "{{#psow}}\n- {{name}}\n{{/psow}}\n");
	struct letter_templates *t = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(letter_templates_load(NULL, dir, &t, &err), CWYN_OK);
	assert_non_null(strstr(letter_template_path(t, LETTER_ACKNOWLEDGEMENT,
	                                            LANG_CY), dir));
	assert_null(strstr(letter_template_path(t, LETTER_ACKNOWLEDGEMENT,
	                                        LANG_EN), dir));
	struct letter_output out;
	assert_int_equal(letter_render(t, LETTER_ACKNOWLEDGEMENT,
	                               LETTER_LANG_BOTH, LETTER_HTML, &f->data,
	                               &f->arena, &out, &err),
	                 CWYN_OK);
	const char *s = (const char *)out.data;
	assert_non_null(strstr(s, "<h1 id=\"subject-cy\">Pwnc arbennig Sir Gâr"));
	assert_non_null(strstr(s, "<p>Helo Gwenllian ap Dafydd.</p>"));
	assert_non_null(strstr(s, "<li>Ombwdsmon Gwasanaethau Cyhoeddus Cymru</li>"));
	/* The English version still comes from the shipped default... */
	assert_non_null(strstr(s, "Your complaint: acknowledgement"));
	/* ...and the renderer still adds the Welsh welcome to the override. */
	assert_non_null(strstr(s, welcome_cy));
	letter_templates_free(t);

	/* The authority's directory is var/templates/<code>, and a code
	 * that could leave it is refused. */
	const char *od = NULL;
	assert_int_equal(letter_override_dir("var", "sir-gar", &f->arena, &od,
	                                     &err), CWYN_OK);
	assert_string_equal(od, "var/templates/sir-gar");
	assert_int_equal(letter_override_dir("var", "../etc", &f->arena, &od,
	                                     &err), CWYN_EINVAL);
	assert_string_equal(err.field, "authority.code");
	remove_tree(dir);
}

static void broken_template_is_refused_with_file_and_line(void **state)
{
	(void)state;
	char dir[] = "/tmp/cwyn-tmpl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "en", "final_response.tmpl",
	           "# Final\n\nDear {{complainant_name}},\n\n"
	           "Your {{complaint_refrence}} is closed.\n");
	struct letter_templates *t = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(letter_templates_load(NULL, dir, &t, &err),
	                 CWYN_EINVAL);
	assert_null(t);
	assert_non_null(strstr(err.field, "en/final_response.tmpl"));
	assert_int_equal(err.line, 5);
	assert_non_null(strstr(err.message, "complaint_refrence"));
	remove_tree(dir);
}

/* The template language's own refusals, each with its line. */
static void template_syntax_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int line;
		const char *says;
	} bad[] = {
	    {"# S\n{{#matters}}\n- {{summary}}\n", 2, "never closed"},
	    {"# S\n{{#matters}}\n{{/psow}}\n", 3, "does not match"},
	    {"# S\n\n{{/matters}}\n", 3, "never opened"},
	    {"# S\n{{matters}}\n", 2, "a list"},
	    {"# S\n{{psow}}\n", 2, "an object"},
	    {"# S\n{{summary}}\n", 2, "unknown field"},       /* matter-only */
	    {"# S\n{{#psow}}{{summary}}{{/psow}}\n", 2, "unknown field"},
	    {"# S\n{{Reference}}\n", 2, "malformed"},
	    {"# S\n{{ reference\n}}\n", 2, "not closed"},
	    {"# S\n{{{reference}}}\n", 2, "malformed"},
	    {"# S\n{{#}}\n", 2, "malformed"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct arena a;
		arena_init(&a, 0);
		struct tmpl *t = NULL;
		struct cwyn_error err = {0};
		assert_int_equal(tmpl_parse(bad[i].text, strlen(bad[i].text),
		                            "x.tmpl", &letter_schema, &a, &t,
		                            &err),
		                 CWYN_EINVAL);
		if (err.line != bad[i].line || !strstr(err.message, bad[i].says))
			fail_msg("case %zu: line %d: %s", i, err.line,
			         err.message);
		assert_string_equal(err.field, "x.tmpl");
		assert_null(t);
		arena_free(&a);
	}
	/* Matter fields inside the matters section; letter fields too. */
	const char *good = "# S\n{{#matters}}{{summary}} {{reference}}"
	                   "{{#psow}}{{name}}{{/psow}}{{/matters}}\n";
	struct arena a;
	arena_init(&a, 0);
	struct tmpl *t = NULL;
	assert_int_equal(tmpl_parse(good, strlen(good), "x", &letter_schema,
	                            &a, &t, NULL), CWYN_OK);
	arena_free(&a);
}

static void missing_subject_is_refused(void **state)
{
	(void)state;
	char dir[] = "/tmp/cwyn-tmpl-XXXXXX";
	assert_non_null(mkdtemp(dir));
	write_file(dir, "cy", "extension.tmpl", "\nAnnwyl {{complainant_name}}\n");
	struct letter_templates *t = NULL;
	struct cwyn_error err = {0};
	assert_int_equal(letter_templates_load(NULL, dir, &t, &err),
	                 CWYN_EINVAL);
	assert_non_null(strstr(err.field, "cy/extension.tmpl"));
	assert_int_equal(err.line, 2);
	remove_tree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_kind_in_every_language),
	    cmocka_unit_test(welsh_letters_use_the_welsh_terms),
	    cmocka_unit_test(english_final_response_gives_the_ombudsman),
	    cmocka_unit_test(acknowledgement_gives_the_right_to_stage2),
	    cmocka_unit_test(exclusion_explains_and_signposts),
	    cmocka_unit_test(extension_says_what_who_when_why),
	    cmocka_unit_test(referral_letters_go_to_the_right_people),
	    cmocka_unit_test(user_text_is_escaped),
	    cmocka_unit_test(escape_rules),
	    cmocka_unit_test(dates_in_both_languages),
	    cmocka_unit_test(pdf_embeds_the_font_and_keeps_welsh),
	    cmocka_unit_test(every_kind_as_pdf),
	    cmocka_unit_test(override_is_used_first),
	    cmocka_unit_test(broken_template_is_refused_with_file_and_line),
	    cmocka_unit_test(template_syntax_errors),
	    cmocka_unit_test(missing_subject_is_refused),
	};
	return cmocka_run_group_tests_name("letters", tests, setup, teardown);
}
