/*
 * bench_calendar.c — how fast the working-day calendar answers: lookups,
 * N working days on, spans, derivations with their skipped-day lists, and
 * building a calendar. Prints operations per second; runs in a few seconds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
#include "core/calendar.h"
#include "core/date.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

#define N_DAYS 4096 /* precomputed random inputs, so rnd() is not timed */

static cwyn_day days[N_DAYS];
static cwyn_day spans[N_DAYS];

static void report(const char *what, long ops, double secs, long sink)
{
	printf("%-36s %12.0f ops/s   (%ld ops in %.3f s, check %ld)\n", what,
	       (double)ops / secs, ops, secs, sink % 1000);
}

int main(void)
{
	struct calendar *cal = NULL;
	struct cwyn_error err = {0};
	if (calendar_new(NULL, 0, NULL, 0, &cal, &err) != CWYN_OK) {
		fprintf(stderr, "calendar_new: %s\n", err.message);
		return 1;
	}
	/* Starts in 1995..2097 so that 25 working days on stays in range. */
	cwyn_day first = date_from_ymd(1995, 1, 1);
	cwyn_day last = date_from_ymd(2097, 12, 31);
	for (int i = 0; i < N_DAYS; i++) {
		days[i] = first + (cwyn_day)rnd((uint32_t)(last - first));
		spans[i] = (cwyn_day)rnd(731); /* up to two years */
	}

	long sink = 0;
	long ops = 100000000;
	double t = now();
	for (long i = 0; i < ops; i++)
		sink += calendar_is_working_day(cal, days[i & (N_DAYS - 1)]);
	report("calendar_is_working_day", ops, now() - t, sink);

	static const int ns[] = {2, 10, 25};
	for (size_t k = 0; k < sizeof ns / sizeof *ns; k++) {
		ops = 20000000;
		sink = 0;
		t = now();
		for (long i = 0; i < ops; i++) {
			cwyn_day out;
			if (calendar_add_working_days(
			        cal, days[i & (N_DAYS - 1)], ns[k], &out,
			        NULL) == CWYN_OK)
				sink += out;
		}
		char what[64];
		snprintf(what, sizeof what, "calendar_add_working_days n=%d",
		         ns[k]);
		report(what, ops, now() - t, sink);
	}

	ops = 50000000;
	sink = 0;
	t = now();
	for (long i = 0; i < ops; i++) {
		cwyn_day a = days[i & (N_DAYS - 1)];
		sink += calendar_working_days_between(
		    cal, a, a + spans[(i * 7) & (N_DAYS - 1)]);
	}
	report("calendar_working_days_between <=2y", ops, now() - t, sink);

	/* A derivation as the engine makes it: 14 working days with the
	 * skipped days listed, into an arena reset now and then. */
	struct arena arena;
	arena_init(&arena, 0);
	ops = 1000000;
	sink = 0;
	t = now();
	for (long i = 0; i < ops; i++) {
		struct cal_derivation dv;
		if (calendar_derive(cal, days[i & (N_DAYS - 1)], 14,
		                    CAL_UNIT_WORKING_DAYS, false, &arena, &dv,
		                    NULL) == CWYN_OK)
			sink += (long)dv.n_skipped;
		if ((i & 1023) == 1023) {
			arena_free(&arena);
			arena_init(&arena, 0);
		}
	}
	report("calendar_derive 14 WD", ops, now() - t, sink);
	arena_free(&arena);

	arena_init(&arena, 0);
	ops = 200000;
	sink = 0;
	t = now();
	for (long i = 0; i < ops; i++) {
		struct cal_derivation dv;
		if (calendar_derive(cal, days[i & (N_DAYS - 1)], 14,
		                    CAL_UNIT_WORKING_DAYS, false, &arena, &dv,
		                    NULL) == CWYN_OK) {
			char *s = calendar_explain(&dv, &arena);
			sink += s != NULL;
		}
		if ((i & 255) == 255) {
			arena_free(&arena);
			arena_init(&arena, 0);
		}
	}
	report("calendar_derive + calendar_explain", ops, now() - t, sink);
	arena_free(&arena);
	calendar_free(cal);

	ops = 2000;
	sink = 0;
	t = now();
	for (long i = 0; i < ops; i++) {
		struct calendar *c = NULL;
		if (calendar_new(NULL, 0, NULL, 0, &c, NULL) == CWYN_OK)
			sink++;
		calendar_free(c);
	}
	report("calendar_new", ops, now() - t, sink);
	return 0;
}
