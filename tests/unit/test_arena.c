/*
 * test_arena.c — the bump allocator: alignment, zeroing, limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"

static void allocations_are_aligned_and_zeroed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 0);
	for (int i = 1; i < 2000; i += 37) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int j = 0; j < i; j++)
			assert_int_equal(p[j], 0);
		memset(p, 0xab, (size_t)i);
	}
	char *big = arena_alloc(&a, 100000); /* larger than a chunk */
	assert_non_null(big);
	assert_string_equal(arena_printf(&a, "%s-%d", "CP", 42), "CP-42");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_free(&a);
}

static void limit_is_enforced(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 1024);
	assert_non_null(arena_alloc(&a, 1000));
	assert_null(arena_alloc(&a, 100));
	assert_null(arena_calloc(&a, SIZE_MAX / 2, 4));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(allocations_are_aligned_and_zeroed),
	    cmocka_unit_test(limit_is_enforced),
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
