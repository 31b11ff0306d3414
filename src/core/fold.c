/*
 * fold.c — folding text for search (fold.h): a strict UTF-8 decoder, a
 * table of Latin letters with their base letters, and the word splitter
 * the search index shares with the queries.
 */
#include "core/fold.h"

#include <stdint.h>
#include <string.h>

#define REPLACEMENT 0xFFFDu

/*
 * Decode one code point from s[0..len) (len >= 1). Returns the number of
 * bytes used, with *cp set, or 0 when the bytes there are not valid UTF-8
 * (the caller replaces the first byte and moves on by one). NUL is
 * treated as invalid too, so folded text is always a proper C string.
 */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char b = s[0];
	if (b == 0)
		return 0;
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t n;
	uint32_t c, min_second = 0x80, max_second = 0xBF;
	if (b >= 0xC2 && b <= 0xDF) {
		n = 2;
		c = b & 0x1Fu;
	} else if (b >= 0xE0 && b <= 0xEF) {
		n = 3;
		c = b & 0x0Fu;
		if (b == 0xE0)
			min_second = 0xA0; /* overlong */
		else if (b == 0xED)
			max_second = 0x9F; /* UTF-16 surrogates */
	} else if (b >= 0xF0 && b <= 0xF4) {
		n = 4;
		c = b & 0x07u;
		if (b == 0xF0)
			min_second = 0x90; /* overlong */
		else if (b == 0xF4)
			max_second = 0x8F; /* past U+10FFFF */
	} else {
		return 0; /* continuation byte, C0/C1 overlong, F5-FF */
	}
	if (len < n)
		return 0;
	if (s[1] < min_second || s[1] > max_second)
		return 0;
	c = (c << 6) | (s[1] & 0x3Fu);
	for (size_t i = 2; i < n; i++) {
		if ((s[i] & 0xC0u) != 0x80u)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	*cp = c;
	return n;
}

static size_t encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0u | (cp >> 6));
		out[1] = (char)(0x80u | (cp & 0x3Fu));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0u | (cp >> 12));
		out[1] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
		out[2] = (char)(0x80u | (cp & 0x3Fu));
		return 3;
	}
	out[0] = (char)(0xF0u | (cp >> 18));
	out[1] = (char)(0x80u | ((cp >> 12) & 0x3Fu));
	out[2] = (char)(0x80u | ((cp >> 6) & 0x3Fu));
	out[3] = (char)(0x80u | (cp & 0x3Fu));
	return 4;
}

/* Ranges of letters that fold to the same base (lower-case ASCII). */
struct fold_range {
	uint32_t lo, hi;
	const char *base;
};

static const struct fold_range latin[] = {
	/* Latin-1 Supplement: capitals, then small letters. */
	{0x00C0, 0x00C5, "a"}, {0x00C6, 0x00C6, "ae"}, {0x00C7, 0x00C7, "c"},
	{0x00C8, 0x00CB, "e"}, {0x00CC, 0x00CF, "i"},  {0x00D0, 0x00D0, "d"},
	{0x00D1, 0x00D1, "n"}, {0x00D2, 0x00D6, "o"},  /* U+00D7 × kept */
	{0x00D8, 0x00D8, "o"}, {0x00D9, 0x00DC, "u"},  {0x00DD, 0x00DD, "y"},
	{0x00DE, 0x00DE, "th"}, {0x00DF, 0x00DF, "ss"},
	{0x00E0, 0x00E5, "a"}, {0x00E6, 0x00E6, "ae"}, {0x00E7, 0x00E7, "c"},
	{0x00E8, 0x00EB, "e"}, {0x00EC, 0x00EF, "i"},  {0x00F0, 0x00F0, "d"},
	{0x00F1, 0x00F1, "n"}, {0x00F2, 0x00F6, "o"},  /* U+00F7 ÷ kept */
	{0x00F8, 0x00F8, "o"}, {0x00F9, 0x00FC, "u"},  {0x00FD, 0x00FD, "y"},
	{0x00FE, 0x00FE, "th"}, {0x00FF, 0x00FF, "y"},
	/* Latin Extended-A: capital/small pairs, in alphabet order. */
	{0x0100, 0x0105, "a"}, {0x0106, 0x010D, "c"},  {0x010E, 0x0111, "d"},
	{0x0112, 0x011B, "e"}, {0x011C, 0x0123, "g"},  {0x0124, 0x0127, "h"},
	{0x0128, 0x0131, "i"}, {0x0132, 0x0133, "ij"}, {0x0134, 0x0135, "j"},
	{0x0136, 0x0138, "k"}, {0x0139, 0x0142, "l"},  {0x0143, 0x014B, "n"},
	{0x014C, 0x0151, "o"}, {0x0152, 0x0153, "oe"}, {0x0154, 0x0159, "r"},
	{0x015A, 0x0161, "s"}, {0x0162, 0x0167, "t"},  {0x0168, 0x0173, "u"},
	{0x0174, 0x0175, "w"}, /* Ŵ ŵ */
	{0x0176, 0x0178, "y"}, /* Ŷ ŷ Ÿ */
	{0x0179, 0x017E, "z"}, {0x017F, 0x017F, "s"},
	/* Latin Extended Additional: the Welsh ẁ ẃ ẅ and ỳ, capital ẞ. */
	{0x1E80, 0x1E85, "w"}, {0x1E9E, 0x1E9E, "ss"}, {0x1EF2, 0x1EF3, "y"},
};

#define N_LATIN (sizeof latin / sizeof *latin)

static const char *latin_base(uint32_t cp)
{
	if (cp < 0x00C0 || cp > 0x1EF3)
		return NULL;
	size_t lo = 0, hi = N_LATIN;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < latin[mid].lo)
			hi = mid;
		else if (cp > latin[mid].hi)
			lo = mid + 1;
		else
			return latin[mid].base;
	}
	return NULL;
}

/* Greek and Cyrillic capitals to small letters; other code points as
 * they are. */
static uint32_t lower_other(uint32_t cp)
{
	if ((cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) ||
	    (cp >= 0x03AA && cp <= 0x03AB))
		return cp + 0x20;
	if (cp >= 0x0410 && cp <= 0x042F)
		return cp + 0x20;
	if (cp >= 0x0400 && cp <= 0x040F)
		return cp + 0x50;
	return cp;
}

/* Append bytes to out if the whole piece fits (so text is only ever cut
 * at a character boundary); count them in *need either way. */
static void put(char *out, size_t cap, size_t *need, bool *full,
                const char *p, size_t n)
{
	if (!*full && cap > 0 && *need + n < cap)
		memcpy(out + *need, p, n);
	else
		*full = true;
	*need += n;
}

size_t fold_text(const char *in, size_t len, char *out, size_t cap,
                 bool *had_invalid)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, need = 0, written = 0;
	bool full = false, bad = false;
	while (i < len) {
		uint32_t cp = 0;
		char buf[4];
		size_t used = decode(s + i, len - i, &cp);
		if (used == 0) {
			bad = true;
			cp = REPLACEMENT;
			used = 1;
		}
		i += used;
		if (cp >= 'A' && cp <= 'Z') {
			buf[0] = (char)(cp + ('a' - 'A'));
			put(out, cap, &need, &full, buf, 1);
		} else if (cp < 0x80) {
			buf[0] = (char)cp;
			put(out, cap, &need, &full, buf, 1);
		} else if (cp >= 0x0300 && cp <= 0x036F) {
			/* a combining mark: the letter before it is the base */
		} else {
			const char *base = latin_base(cp);
			if (base != NULL) {
				put(out, cap, &need, &full, base, strlen(base));
			} else {
				size_t n = encode(lower_other(cp), buf);
				put(out, cap, &need, &full, buf, n);
			}
		}
		if (!full)
			written = need;
	}
	if (cap > 0)
		out[written < cap ? written : cap - 1] = '\0';
	if (had_invalid)
		*had_invalid = bad;
	return need;
}

char *fold_dup(struct arena *ar, const char *in, size_t len)
{
	if (len > (SIZE_MAX - 1) / FOLD_MAX_GROWTH)
		return NULL;
	size_t cap = len * FOLD_MAX_GROWTH + 1;
	char *out = arena_alloc(ar, cap);
	if (out == NULL)
		return NULL;
	fold_text(in, len, out, cap, NULL);
	return out;
}

/* Is the code point part of a word? See fold.h for the separators. */
static bool word_char(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7)
		return false; /* C1 controls, Latin-1 punctuation, × ÷ */
	if (cp >= 0x2000 && cp <= 0x2BFF)
		return false; /* punctuation, symbols, arrows, shapes */
	if (cp >= 0x3000 && cp <= 0x303F)
		return false; /* CJK punctuation */
	if (cp >= 0xD800 && cp <= 0xF8FF)
		return false; /* surrogates, private use */
	if (cp >= 0xFE00 && cp <= 0xFE6F)
		return false; /* variation selectors, small forms */
	if ((cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFFF0 && cp <= 0xFFFF))
		return false; /* full-width punctuation, specials, U+FFFD */
	if (cp >= 0x1F000 && cp <= 0x1FAFF)
		return false; /* emoji and pictographs */
	if (cp >= 0xE0000)
		return false; /* tags, private use planes */
	return true;
}

bool fold_next_word(const char *s, size_t len, size_t *pos, size_t *start,
                    size_t *wlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *pos;
	bool in_word = false;
	size_t from = 0;
	while (i < len) {
		uint32_t cp = 0;
		size_t used = decode(u + i, len - i, &cp);
		bool w = used > 0 && word_char(cp);
		if (used == 0)
			used = 1; /* a bad byte separates words */
		if (w && !in_word) {
			in_word = true;
			from = i;
		} else if (!w && in_word) {
			break;
		}
		i += used;
	}
	*pos = i;
	if (!in_word)
		return false;
	*start = from;
	*wlen = i - from;
	return true;
}
