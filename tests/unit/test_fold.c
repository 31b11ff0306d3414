/*
 * test_fold.c — folding text for search (core/fold.h): Welsh and other
 * Latin letters to their base letters, case, invalid UTF-8, buffer limits
 * and the word splitter the index and the queries share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/fold.h"

/* Fold a C string into a static buffer (big enough for the tests). */
static const char *f(const char *s)
{
	static char buf[512];
	size_t need = fold_text(s, strlen(s), buf, sizeof buf, NULL);
	assert_true(need < sizeof buf);
	assert_int_equal(strlen(buf), need);
	return buf;
}

static void welsh_examples(void **state)
{
	(void)state;
	assert_string_equal(f("Dŵr"), "dwr");
	assert_string_equal(f("GWYLIAU'R BANC"), "gwyliau'r banc");
	assert_string_equal(f("tŷ"), "ty");
	assert_string_equal(f("TŶ"), "ty");
	assert_string_equal(f("Gŵyl y Banc"), "gwyl y banc");
	assert_string_equal(f("Siân Ifans"), "sian ifans");
	assert_string_equal(f("Llanfair-ym-Muallt"), "llanfair-ym-muallt");
	assert_string_equal(f("Ombwdsmon Gwasanaethau Cyhoeddus Cymru"),
	                    "ombwdsmon gwasanaethau cyhoeddus cymru");
}

/* Every letter the brief names, small and capital, to its base letter. */
static void every_welsh_diacritic(void **state)
{
	(void)state;
	assert_string_equal(f("â ê î ô û ŵ ŷ"), "a e i o u w y");
	assert_string_equal(f("Â Ê Î Ô Û Ŵ Ŷ"), "a e i o u w y");
	assert_string_equal(f("ä ë ï ö ü ẅ ÿ"), "a e i o u w y");
	assert_string_equal(f("Ä Ë Ï Ö Ü Ẅ Ÿ"), "a e i o u w y");
	assert_string_equal(f("á é í ó ú ẃ ý"), "a e i o u w y");
	assert_string_equal(f("Á É Í Ó Ú Ẃ Ý"), "a e i o u w y");
	assert_string_equal(f("à è ì ò ù ẁ ỳ"), "a e i o u w y");
	assert_string_equal(f("À È Ì Ò Ù Ẁ Ỳ"), "a e i o u w y");
}

static void other_latin_letters(void **state)
{
	(void)state;
	assert_string_equal(f("Æthelflæd Straße"), "aethelflaed strasse");
	assert_string_equal(f("Łódź Ørsted Çelik Ñandú Œuvre"),
	                    "lodz orsted celik nandu oeuvre");
	assert_string_equal(f("Þór Ðað"), "thor dad");
}

/* Text typed in decomposed form (letter + combining mark) folds the
 * same as the precomposed letter. */
static void combining_marks_dropped(void **state)
{
	(void)state;
	assert_string_equal(f("Dw\xcc\x82r"), "dwr");     /* w + U+0302 */
	assert_string_equal(f("ty\xcc\x88"), "ty");       /* y + U+0308 */
}

/* Other text is copied as it is, apart from Greek/Cyrillic case. */
static void other_text_alone(void **state)
{
	(void)state;
	assert_string_equal(f("CP-2026-00042"), "cp-2026-00042");
	assert_string_equal(f("a × b ÷ c"), "a × b ÷ c");
	assert_string_equal(f("“dyfynnu” – ’r"), "“dyfynnu” – ’r");
	assert_string_equal(f("日本語 ✓ 😀"), "日本語 ✓ 😀");
	assert_string_equal(f("ΑΘΗΝΑ Москва"), "αθηνα москва");
	assert_string_equal(f(""), "");
	assert_string_equal(f("\"*NEAR(OR'); DROP TABLE"),
	                    "\"*near(or'); drop table");
}

static void invalid_utf8_replaced(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "a\x80" "b",            /* stray continuation byte */
	    "a\xc3" "b",            /* truncated two-byte sequence */
	    "a\xc0\xaf" "b",        /* overlong '/' */
	    "a\xe0\x80\xaf" "b",    /* overlong, three bytes */
	    "a\xed\xa0\x80" "b",    /* a UTF-16 surrogate */
	    "a\xf4\x90\x80\x80" "b",/* past U+10FFFF */
	    "a\xff" "b",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char out[64];
		bool invalid = false;
		fold_text(bad[i], strlen(bad[i]), out, sizeof out, &invalid);
		assert_true(invalid);
		/* Starts "a", ends "b", every byte between is part of one
		 * or more U+FFFD (EF BF BD): nothing bad passes through. */
		size_t n = strlen(out);
		assert_true(n >= 5 && (n - 2) % 3 == 0);
		assert_int_equal(out[0], 'a');
		assert_int_equal(out[n - 1], 'b');
		for (size_t k = 1; k + 1 < n; k += 3)
			assert_memory_equal(out + k, "\xef\xbf\xbd", 3);
	}
	/* The output of folding is always valid again. */
	bool invalid = true;
	char out[16];
	fold_text("dwr", 3, out, sizeof out, &invalid);
	assert_false(invalid);
	/* A NUL inside the counted input is replaced, so the result is
	 * still one C string. */
	fold_text("a\0b", 3, out, sizeof out, &invalid);
	assert_true(invalid);
	assert_string_equal(out, "a\xef\xbf\xbd" "b");
}

/* A short buffer: the length needed is still reported, the text is cut
 * at a character boundary and always NUL-terminated. */
static void short_buffer(void **state)
{
	(void)state;
	char out[4];
	size_t need = fold_text("Dŵr Tŷ", strlen("Dŵr Tŷ"), out, sizeof out,
	                        NULL);
	assert_int_equal(need, strlen("dwr ty"));
	assert_string_equal(out, "dwr");
	/* "日" is three bytes: with room for two, nothing of it is written. */
	char tiny[3];
	need = fold_text("日", strlen("日"), tiny, sizeof tiny, NULL);
	assert_int_equal(need, 3);
	assert_string_equal(tiny, "");
	/* Worst case growth is FOLD_MAX_GROWTH. */
	char big[3 * FOLD_MAX_GROWTH + 1];
	need = fold_text("\xff\xfe\xfd", 3, big, sizeof big, NULL);
	assert_int_equal(need, 9);
}

static void dup_from_arena(void **state)
{
	(void)state;
	struct arena ar;
	arena_init(&ar, 0);
	char *s = fold_dup(&ar, "Gŵyl y Banc", strlen("Gŵyl y Banc"));
	assert_non_null(s);
	assert_string_equal(s, "gwyl y banc");
	arena_free(&ar);
}

/* Split folded text into words, joined by "|". */
static const char *words(const char *s)
{
	static char buf[256];
	size_t pos = 0, start, len, o = 0;
	buf[0] = '\0';
	while (fold_next_word(s, strlen(s), &pos, &start, &len)) {
		if (o > 0)
			buf[o++] = '|';
		assert_true(o + len < sizeof buf);
		memcpy(buf + o, s + start, len);
		o += len;
		buf[o] = '\0';
	}
	return buf;
}

static void word_splitting(void **state)
{
	(void)state;
	assert_string_equal(words("gwyliau'r banc"), "gwyliau|r|banc");
	assert_string_equal(words("gwyliau’r banc"), "gwyliau|r|banc");
	assert_string_equal(words("cp-2026-00042"), "cp|2026|00042");
	assert_string_equal(words("  \"near(or\"); drop table*  "),
	                    "near|or|drop|table");
	assert_string_equal(words("москва 日本語 ✓ 😀 x"), "москва|日本語|x");
	assert_string_equal(words("a\xff" "b"), "a|b");
	assert_string_equal(words("a\xef\xbf\xbd" "b"), "a|b");
	assert_string_equal(words(""), "");
	assert_string_equal(words("'\"*()"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(welsh_examples),
	    cmocka_unit_test(every_welsh_diacritic),
	    cmocka_unit_test(other_latin_letters),
	    cmocka_unit_test(combining_marks_dropped),
	    cmocka_unit_test(other_text_alone),
	    cmocka_unit_test(invalid_utf8_replaced),
	    cmocka_unit_test(short_buffer),
	    cmocka_unit_test(dup_from_arena),
	    cmocka_unit_test(word_splitting),
	};
	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
