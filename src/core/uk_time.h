/*
 * uk_time.h — civil time in Wales, whatever the server's time zone.
 *
 * Every statutory clock counts days as a person in Wales counts them, so
 * "today", "received on" and the times on a case's timeline are
 * Europe/London time: GMT in winter, British Summer Time (UTC+1) from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
 * October (Summer Time Act 1972 as amended by the Summer Time Order 2002,
 * the rule in force since 1996). The rule is computed, not looked up, so a
 * server set to UTC, or one without tzdata, still gets a complaint sent at
 * 00:30 BST on a Monday received on the Monday. Times are stored in UTC
 * (store rows end in "Z"); only what people read is converted.
 */
#ifndef CWYN_CORE_UK_TIME_H
#define CWYN_CORE_UK_TIME_H

#include <stdbool.h>
#include <stdint.h>

#include "date.h"

struct uk_time {
	cwyn_day day;   /* the civil date in Wales */
	int minute;     /* minutes after local midnight, 0..1439 */
	bool summer;    /* British Summer Time (UTC+1) */
};

/* The instant unix_seconds (seconds since 1970-01-01T00:00:00Z) in Wales. */
struct uk_time uk_time_from_unix(int64_t unix_seconds);

/* The civil date in Wales at that instant ("today" for a clock). */
cwyn_day uk_today(int64_t unix_seconds);

/*
 * A stored UTC timestamp, "YYYY-MM-DDTHH:MM:SS[.fff]Z" (or with a space for
 * 'T', or without the Z: PostgreSQL's text form), in Wales. False when the
 * text is not such a timestamp.
 */
bool uk_time_from_iso(const char *iso, struct uk_time *out);

#define UK_TIME_STRLEN 17 /* "YYYY-MM-DD HH:MM" + NUL */

/* A stored UTC timestamp as "YYYY-MM-DD HH:MM" in Wales, for people to
 * read; "-" when iso is not a timestamp. Returns buf. */
char *uk_time_text(const char *iso, char buf[UK_TIME_STRLEN]);

/* The civil date in Wales of a stored UTC timestamp ("closed on"), or
 * CWYN_DAY_NONE when iso is not a timestamp. */
cwyn_day uk_day_of_iso(const char *iso);

#endif
