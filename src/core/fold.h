/*
 * fold.h — text folding for search: lower-case, and Welsh and other Latin
 * letters with diacritics reduced to their base letters, so that "Dŵr",
 * "DŴR" and "dwr" are the same word to the search index.
 *
 * Why folding is done here, in C, and not by the database: the search
 * index exists on SQLite (FTS5) and PostgreSQL (tsvector), and each folds
 * differently on its own (FTS5's unicode61 knows ŵ and ŷ; PostgreSQL's
 * lower() in the C locale knows only ASCII, and unaccent is an optional
 * extension). Text is folded by this one function before it is indexed
 * and before it is searched for, so both backends see identical words.
 *
 * What is folded (everything else is copied unchanged):
 * - ASCII A-Z to a-z;
 * - Latin-1 Supplement and Latin Extended-A letters (U+00C0-U+017F) to
 *   lower-case ASCII: â ê î ô û ŵ ŷ ä ë ï ö ü ÿ á é í ó ú ý à è ì ò ù
 *   and the rest, with Æ -> "ae", ß -> "ss", Ø -> "o", Ł -> "l";
 * - the Welsh letters of Latin Extended Additional: ẁ ẃ ẅ ỳ (and capitals);
 * - combining diacritical marks (U+0300-U+036F, text typed in decomposed
 *   form) are dropped;
 * - Greek and Cyrillic capitals to small letters (so case never matters).
 * Invalid UTF-8 (stray continuation bytes, truncated or overlong
 * sequences, surrogates, code points past U+10FFFF) is never passed on:
 * each bad byte becomes U+FFFD, the replacement character.
 *
 * Pure: no allocation except from the caller's arena, no global state.
 */
#ifndef CWYN_CORE_FOLD_H
#define CWYN_CORE_FOLD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"

/* Folded text is at most this many times longer than its input (a bad
 * byte becomes the three bytes of U+FFFD). */
#define FOLD_MAX_GROWTH 3

/*
 * Fold in[0..len) into out (cap bytes including the terminating NUL).
 * Returns the length of the whole folded text (without the NUL), like
 * snprintf: when that is >= cap, out holds as much as fits, cut at a
 * character boundary and NUL-terminated (cap > 0). *had_invalid (may be
 * NULL) says whether any byte had to be replaced.
 */
size_t fold_text(const char *in, size_t len, char *out, size_t cap,
                 bool *had_invalid);

/* The folded copy of in[0..len), from the arena; NULL when out of memory. */
char *fold_dup(struct arena *ar, const char *in, size_t len);

/*
 * Words of folded text, as the search index splits them: a word is a run
 * of ASCII letters and digits and non-ASCII letters; spaces, ASCII
 * punctuation (apostrophes and hyphens too: "gwyliau'r" is "gwyliau" and
 * "r"), Latin-1 symbols, general punctuation (’ “ ” – —), symbols, emoji
 * and U+FFFD separate words.
 *
 * Start with *pos = 0; each call finds the next word at or after *pos,
 * sets *start and *wlen and moves *pos past it, and returns true; false
 * when there are no more words.
 */
bool fold_next_word(const char *s, size_t len, size_t *pos, size_t *start,
                    size_t *wlen);

#endif
