/*
 * bench_letters.c — how many letters per second: the acknowledgement (the
 * letter every complaint gets) rendered from the shipped templates with
 * the example case, as HTML and as A4 PDF, in English and bilingual
 * (Welsh then English). Each letter gets its own arena, freed after, as a
 * request would. Prints letters per second; runs in a few seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/policy_file.h"
#include "out/letter.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(const struct letter_templates *t, const struct letter_data *d,
               enum letter_lang lang, enum letter_format fmt, double seconds)
{
	size_t n = 0, bytes = 0;
	double start = now(), end;
	do {
		for (int i = 0; i < 10; i++) {
			struct arena ar;
			arena_init(&ar, 0);
			struct letter_output out;
			struct cwyn_error err = {0};
			if (letter_render(t, LETTER_ACKNOWLEDGEMENT, lang, fmt, d,
			                  &ar, &out, &err) != CWYN_OK) {
				fprintf(stderr, "bench_letters: %s: %s\n",
				        err.field, err.message);
				arena_free(&ar);
				return 1;
			}
			bytes += out.len;
			arena_free(&ar);
			n++;
		}
		end = now();
	} while (end - start < seconds);
	printf("%-5s %-4s %9.0f letters/s  (%zu letters, %.0f bytes each)\n",
	       letter_format_name(fmt), letter_lang_name(lang),
	       (double)n / (end - start), n, (double)bytes / (double)n);
	return 0;
}

int main(void)
{
	struct cwyn_error err = {0};
	struct policy *p = NULL;
	struct letter_templates *t = NULL;
	int rc = 1;
	if (policy_load_file(NULL, &p, &err) != CWYN_OK ||
	    letter_templates_load(NULL, NULL, &t, &err) != CWYN_OK) {
		fprintf(stderr, "bench_letters: %s: %s\n", err.field,
		        err.message);
		goto out;
	}
	struct letter_data d;
	letter_data_sample(&d, p);
	double t0 = now();
	for (int i = 0; i < 20; i++) {
		letter_templates_free(t);
		t = NULL;
		if (letter_templates_load(NULL, NULL, &t, &err) != CWYN_OK)
			goto out;
	}
	printf("load  all  %9.0f template sets/s (20 templates each)\n",
	       20 / (now() - t0));
	if (run(t, &d, LETTER_LANG_EN, LETTER_HTML, 1.0) ||
	    run(t, &d, LETTER_LANG_BOTH, LETTER_HTML, 1.0) ||
	    run(t, &d, LETTER_LANG_EN, LETTER_PDF, 2.0) ||
	    run(t, &d, LETTER_LANG_BOTH, LETTER_PDF, 2.0))
		goto out;
	rc = 0;
out:
	letter_templates_free(t);
	policy_free(p);
	letter_shutdown();
	return rc;
}
