/*
 * test_template.c — the HTML builder escapes every piece of user text:
 * script, attribute and URL injection attempts come out inert, Welsh
 * letters pass through as UTF-8, translations are escaped too, and a
 * misused directive or a full arena fails the page instead of sending
 * half of it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "i18n/i18n.h"
#include "web/template.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static void script_in_text_is_escaped(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_EN);
	html_raw(&h, "<p>");
	html_text(&h, "<script>alert('x')</script> & more");
	html_raw(&h, "</p>");
	const char *out = html_result(&h);
	assert_non_null(out);
	assert_string_equal(out, "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
	                         " &amp; more</p>");
	assert_null(strstr(out, "<script"));
}

static void attribute_breakout_is_escaped(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "<input class=\"govuk-input %a\" value=\"%a\">", "x",
	         "\" onmouseover=\"alert(1)");
	const char *out = html_result(&h);
	assert_non_null(out);
	assert_string_equal(out, "<input class=\"govuk-input x\" value=\"&quot; "
	                         "onmouseover=&quot;alert(1)\">");
	/* Single quotes cannot end an attribute either. */
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "<a title=\"%a\">x</a>", "' onclick='x");
	assert_string_equal(html_result(&h), "<a title=\"&#39; onclick=&#39;x\">x</a>");
}

static void attribute_outside_quotes_fails_the_page(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "<input value=%a>", "x onfocus=alert(1)");
	assert_null(html_result(&h));
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "<p>%u</p>", "/x");
	assert_null(html_result(&h));
	/* A template continuing a tag opened by an earlier call is fine. */
	html_init(&h, &arena, LANG_EN);
	html_raw(&h, "<input");
	html_fmt(&h, " value=\"%a\">", "v");
	assert_string_equal(html_result(&h), "<input value=\"v\">");
	/* An unknown directive would desynchronise the arguments. */
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "<p>%s</p>", "x");
	assert_null(html_result(&h));
}

static void dangerous_urls_become_hash(void **state)
{
	(void)state;
	static const char *bad[] = {
	    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
	    "java\nscript:alert(1)", " javascript:alert(1)", "vbscript:msgbox",
	    "data:text/html,<script>alert(1)</script>", "http://example.org/",
	    "//evil.example/", "/\\evil.example", "\\\\evil.example", "https:",
	    "https://", "https:evil", "mailto:", "tel:", "", "ftp://x/",
	    "x:y", "/a b",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct html h;
		html_init(&h, &arena, LANG_EN);
		html_fmt(&h, "<a href=\"%u\">x</a>", bad[i]);
		const char *out = html_result(&h);
		assert_non_null(out);
		if (strcmp(out, "<a href=\"#\">x</a>") != 0)
			fail_msg("URL %zu (%s) was not refused: %s", i, bad[i], out);
		assert_int_equal(h.refused, 1);
		assert_false(html_url_ok(bad[i]));
	}
}

static void safe_urls_pass_escaped(void **state)
{
	(void)state;
	static const char *good[] = {
	    "/check?lang=cy", "/", "?lang=en", "#main-content",
	    "https://www.frg.org.uk/", "HTTPS://www.childcomwales.org.uk/",
	    "mailto:post@childcomwales.org.uk", "tel:999", "check/result",
	    "/static/cwyn.css?v=1",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(html_url_ok(good[i]));
	struct html h;
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "<a href=\"%u\">%t</a>", "/check/result?c1=a&c2=\"b\"",
	         "Result");
	assert_string_equal(html_result(&h),
	                    "<a href=\"/check/result?c1=a&amp;c2=&quot;b&quot;\">"
	                    "Result</a>");
	assert_int_equal(h.refused, 0);
}

static void welsh_letters_pass_through(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_CY);
	const char *cy = "Cwyno am amddiffyn plant: ŵ ŷ â ê î ô û ẁ ẃ ẅ Ŵ Ŷ";
	html_text(&h, cy);
	html_fmt(&h, "<span lang=\"%a\">%t</span>", "cy", "gŵyl y banc");
	const char *out = html_result(&h);
	assert_non_null(out);
	assert_string_equal(out, "Cwyno am amddiffyn plant: ŵ ŷ â ê î ô û ẁ ẃ ẅ Ŵ Ŷ"
	                         "<span lang=\"cy\">gŵyl y banc</span>");
}

/* Stray control characters cannot appear in an HTML document: the one
 * escaping path (core/escape.h) shows them as U+FFFD, so a reader can see
 * something was there; tab and newline stay. */
static void control_characters_are_replaced(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_EN);
	html_text(&h, "a\x01" "b\x1b[31m\tc\nd\x7f");
	assert_string_equal(html_result(&h),
	                    "a\xef\xbf\xbd" "b\xef\xbf\xbd[31m\tc\nd\xef\xbf\xbd");
}

static void translations_are_escaped_and_formatted(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_CY);
	/* A msgid with Welsh in the shipped catalogue. */
	html_tr(&h, "unknown command");
	assert_string_equal(html_result(&h), "gorchymyn anhysbys");
	/* The whole formatted sentence is escaped, arguments included. */
	html_init(&h, &arena, LANG_EN);
	html_trf(&h, "%s: due %s (%s)", "<b>", "2027-01-12", "a\"b");
	assert_string_equal(html_result(&h),
	                    "&lt;b&gt;: due 2027-01-12 (a&quot;b)");
	/* %T in a template translates then escapes. */
	html_init(&h, &arena, LANG_CY);
	html_fmt(&h, "<h1>%T</h1>", "unknown command");
	assert_string_equal(html_result(&h), "<h1>gorchymyn anhysbys</h1>");
	html_init(&h, &arena, LANG_EN);
	html_fmt(&h, "%d%% of %z", 50, (size_t)7);
	assert_string_equal(html_result(&h), "50% of 7");
}

static void long_pages_grow(void **state)
{
	(void)state;
	struct html h;
	html_init(&h, &arena, LANG_EN);
	for (int i = 0; i < 5000; i++)
		html_text(&h, "<>");
	const char *out = html_result(&h);
	assert_non_null(out);
	assert_int_equal(strlen(out), 5000 * 8);
	assert_memory_equal(out + 39992, "&lt;&gt;", 8);
	/* Long translated sentences go through the slow path too. */
	char big[3000];
	memset(big, '<', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	html_init(&h, &arena, LANG_EN);
	html_trf(&h, "[%s]", big);
	out = html_result(&h);
	assert_non_null(out);
	assert_int_equal(strlen(out), 2 + 2999 * 4);
}

static void full_arena_fails_the_page(void **state)
{
	(void)state;
	struct arena small;
	arena_init(&small, 8192);
	struct html h;
	html_init(&h, &small, LANG_EN);
	for (int i = 0; i < 10000; i++)
		html_text(&h, "text that will not fit ");
	assert_null(html_result(&h));
	arena_free(&small);
	char *e = html_escaped(&arena, "<i>\"ŵ\"</i>");
	assert_string_equal(e, "&lt;i&gt;&quot;ŵ&quot;&lt;/i&gt;");
}

int main(void)
{
	i18n_init(NULL, NULL);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(script_in_text_is_escaped, setup, teardown),
	    cmocka_unit_test_setup_teardown(attribute_breakout_is_escaped, setup, teardown),
	    cmocka_unit_test_setup_teardown(attribute_outside_quotes_fails_the_page, setup, teardown),
	    cmocka_unit_test_setup_teardown(dangerous_urls_become_hash, setup, teardown),
	    cmocka_unit_test_setup_teardown(safe_urls_pass_escaped, setup, teardown),
	    cmocka_unit_test_setup_teardown(welsh_letters_pass_through, setup, teardown),
	    cmocka_unit_test_setup_teardown(control_characters_are_replaced, setup, teardown),
	    cmocka_unit_test_setup_teardown(translations_are_escaped_and_formatted, setup, teardown),
	    cmocka_unit_test_setup_teardown(long_pages_grow, setup, teardown),
	    cmocka_unit_test_setup_teardown(full_arena_fails_the_page, setup, teardown),
	};
	int rc = cmocka_run_group_tests_name("template", tests, NULL, NULL);
	i18n_shutdown();
	return rc;
}
