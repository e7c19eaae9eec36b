/* test_arena.c — the per-request memory pool. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "http/arena.h"

static void alloc_is_zeroed_and_aligned(void **state)
{
	(void)state;
	arena *a = arena_create();
	for (size_t n = 1; n < 100; n += 7) {
		unsigned char *p = arena_alloc(a, n);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xAB, n);
	}
	arena_destroy(a);
}

static void large_allocations_keep_small_ones_working(void **state)
{
	(void)state;
	arena *a = arena_create();
	char *s1 = arena_strdup(a, "Lạng Giang");
	char *big = arena_alloc(a, 100000);
	assert_non_null(big);
	memset(big, 'x', 100000);
	char *s2 = arena_strdup(a, "Yên Dũng");
	assert_string_equal(s1, "Lạng Giang");
	assert_string_equal(s2, "Yên Dũng");
	assert_true(arena_used(a) >= 100000);
	arena_destroy(a);
}

static void printf_and_strndup(void **state)
{
	(void)state;
	arena *a = arena_create();
	assert_string_equal(arena_printf(a, "%s-%d", "women", 217), "women-217");
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_null(arena_strdup(a, NULL));
	arena_destroy(a);
	arena_destroy(NULL); /* destroy accepts NULL */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_is_zeroed_and_aligned),
		cmocka_unit_test(large_allocations_keep_small_ones_working),
		cmocka_unit_test(printf_and_strndup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
