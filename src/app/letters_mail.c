/*
 * letters_mail.c — a letter by e-mail, for a complainant who asked for
 * e-mail: queued in the outbox in the same transaction as the letter, as
 * HTML with a plain-text part made from the same HTML, under the dedupe
 * key "letter:<id>" so it can never be queued twice. The mailer sends it
 * (cwyn mail send, or cwyn serve's timer); the letter's e-mail state is
 * read back from the outbox (store_letters.h), never copied.
 */
#include <string.h>
#include <time.h>

#include "app/letters_internal.h"
#include "core/escape.h"
#include "out/mime.h"
#include "out/outbox.h"

/* Tags whose end starts a new line in the text, and what comes first. */
static bool tag_is(const char *tag, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n >= k && strncmp(tag, name, k) == 0 &&
	       (n == k || tag[k] == ' ' || tag[k] == '/' || tag[k] == '>');
}

static void newline(struct textbuf *b, int want)
{
	/* At most `want` line ends in a row, none at the start. */
	int have = 0;
	for (size_t i = b->len; i > 0 && b->data[i - 1] == '\n'; i--)
		have++;
	if (b->len == 0)
		return;
	for (; have < want; have++)
		textbuf_puts(b, "\n");
}

static const struct {
	const char *name;
	char c;
} entities[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'},
                {"#39;", '\''}, {"#9;", '\t'}, {"#10;", '\n'}, {"#13;", '\r'}};

/*
 * The HTML of out/letter_html.c as text: blocks on their own lines,
 * paragraphs apart, list items as "- ", the style sheet and head
 * dropped, entities decoded. Not a general HTML converter: it reads the
 * one shape of document cwyn writes.
 */
char *letters_html_to_text(const char *html, struct arena *ar)
{
	struct textbuf b;
	textbuf_init(&b, ar);
	bool skip = false; /* inside <head> */
	const char *p = html;
	while (*p) {
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (end == NULL)
				break;
			const char *tag = p + 1;
			size_t n = (size_t)(end - tag);
			bool closing = n > 0 && tag[0] == '/';
			const char *name = closing ? tag + 1 : tag;
			size_t nn = closing ? n - 1 : n;
			if (tag_is(name, nn, "head"))
				skip = !closing;
			else if (skip)
				;
			else if (tag_is(name, nn, "br"))
				textbuf_puts(&b, "\n");
			else if (!closing && tag_is(name, nn, "li"))
				textbuf_puts(&b, "- ");
			else if (closing && (tag_is(name, nn, "li") ||
			                     tag_is(name, nn, "div")))
				newline(&b, 1);
			else if (closing && (tag_is(name, nn, "p") ||
			                     tag_is(name, nn, "ul") ||
			                     tag_is(name, nn, "h1") ||
			                     tag_is(name, nn, "h2") ||
			                     tag_is(name, nn, "address") ||
			                     tag_is(name, nn, "dl")))
				newline(&b, 2);
			else if (closing && tag_is(name, nn, "article")) {
				newline(&b, 2);
				textbuf_puts(&b, "----------------------------------------\n\n");
			} else if (closing && tag_is(name, nn, "dt"))
				textbuf_puts(&b, " ");
			p = end + 1;
			continue;
		}
		if (skip) {
			p++;
			continue;
		}
		if (*p == '\n') {
			/* Source line breaks are layout, not text (the letter's
			 * own breaks are <br>). */
			p++;
			continue;
		}
		if (*p == '&') {
			bool done = false;
			for (size_t i = 0; i < sizeof entities / sizeof *entities;
			     i++) {
				size_t k = strlen(entities[i].name);
				if (strncmp(p + 1, entities[i].name, k) == 0) {
					textbuf_append(&b, &entities[i].c, 1);
					p += 1 + k;
					done = true;
					break;
				}
			}
			if (done)
				continue;
		}
		textbuf_append(&b, p, 1);
		p++;
	}
	/* Drop the separator after the last version. */
	const char *sep = "----------------------------------------\n\n";
	size_t sl = strlen(sep);
	if (!b.failed && b.len >= sl && strcmp(b.data + b.len - sl, sep) == 0) {
		b.len -= sl;
		b.data[b.len] = '\0';
	}
	return b.failed ? NULL : b.data;
}

enum cwyn_code letters_queue_mail(const struct app_ctx *ctx,
                                  const struct letters_case *lc,
                                  int64_t letter_id, const char *subject,
                                  const char *html, int64_t *outbox_id,
                                  struct cwyn_error *err)
{
	*outbox_id = 0;
	if (lc->n_people == 0)
		return CWYN_OK;
	const struct store_complainant *p = &lc->people[0];
	if (p->contact_preference == NULL ||
	    strcmp(p->contact_preference, "email") != 0 || app_blank(p->email))
		return CWYN_OK;
	/* An address that cannot be written to is not an error of the
	 * step: the letter is kept, and staff post it instead. */
	if (!mime_address_valid(p->email))
		return CWYN_OK;
	struct arena ar;
	arena_init(&ar, 0);
	char key[STORE_LETTER_KEY_SIZE];
	enum cwyn_code rc = CWYN_OK;
	const char *text = letters_html_to_text(html, &ar);
	if (text == NULL) {
		rc = cwyn_fail(err, CWYN_ENOMEM, "letter", "out of memory");
		goto out;
	}
	struct outbox_msg m = {
	    .authority_id = lc->c.authority_id,
	    .case_id = lc->c.id,
	    .kind = OUTBOX_LETTER,
	    .to_address = p->email,
	    .subject = subject,
	    .body_text = text,
	    .body_html = html,
	    .dedupe_key = store_letter_mail_key(letter_id, key),
	};
	bool queued = false;
	int64_t id = 0;
	rc = outbox_enqueue(ctx->db, &m, (int64_t)time(NULL), &id, &queued,
	                    err);
	if (rc == CWYN_OK && queued)
		*outbox_id = id;
out:
	arena_free(&ar);
	return rc;
}
