/*
 * arena.h — a bump allocator that owns everything made during one job
 * (one triage decision, one parsed policy, one HTTP request).
 *
 * Nothing allocated from an arena is freed on its own: the owner calls
 * arena_free() once and everything goes. This keeps error paths simple.
 * Allocation failure returns NULL; callers report CWYN_ENOMEM.
 */
#ifndef CWYN_CORE_ARENA_H
#define CWYN_CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total;       /* bytes handed out, for limits and tests */
	size_t limit;       /* 0 = no limit; otherwise allocation fails past it */
};

void arena_init(struct arena *a, size_t limit);
void arena_free(struct arena *a);

/* Zeroed, 16-byte aligned memory, or NULL. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed array of n elements of size each, overflow-checked, or NULL. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
