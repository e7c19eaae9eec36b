/* test_numfmt.c — the analytics answer's numbers: the hand-rolled %lld and %.17g
 * give exactly snprintf's bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/numfmt.h"

static void same_g17(double v)
{
	char want[64], got[NUMFMT_SIZE];
	snprintf(want, sizeof want, "%.17g", v);
	size_t n = numfmt_g17(v, got);
	if (strcmp(want, got) != 0)
		fail_msg("%.17g (%a): numfmt gives '%s'", v, v, got);
	assert_int_equal(n, strlen(want));
}

static void same_int(int64_t v)
{
	char want[64], got[NUMFMT_SIZE];
	snprintf(want, sizeof want, "%lld", (long long)v);
	assert_int_equal(numfmt_int(v, got), strlen(want));
	assert_string_equal(got, want);
}

static uint64_t state = 0x6e756d666d74ull;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void integers(void **st)
{
	(void)st;
	static const int64_t fixed[] = {0, 1, -1, 9, 10, 99, 100, 12345, -987654321, INT64_MAX,
					INT64_MIN, INT64_MIN + 1, 1000000000000000LL};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		same_int(fixed[i]);
	for (int i = 0; i < 100000; i++)
		same_int((int64_t)next() >> (next() % 63));
}

static void reals_like_achievements(void **st)
{
	(void)st;
	static const double fixed[] = {106.66666666666667, 191.83333333333331, 0.1, 0.2, 0.3,
				       1.0 / 3, 2.0 / 3, 50.5, 99.999999999999986, 1e-3, 0.001,
				       0.00099999999999999, 1e17, 99999999999999984.0, 1e16,
				       9007199254740993.0, 4503599627370495.5, 123.125, -0.5,
				       -106.66666666666667, 5e-324, DBL_MAX, -DBL_MAX, 0.0, -0.0,
				       1e-4, 0.015625, 2.5, 0.125, 1e15 + 0.5};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		same_g17(fixed[i]);
	same_g17(INFINITY);
	same_g17(NAN);
	/* ratios of small whole numbers, as achievements and shares are */
	for (int a = 1; a < 700; a++)
		for (int b = 1; b < 300; b++) {
			same_g17((double)a / b * 100.0);
			same_g17((double)a * 100.0 / b);
			same_g17((double)a / b);
		}
}

static void reals_random(void **st)
{
	(void)st;
	for (int i = 0; i < 300000; i++) {
		double v;
		uint64_t bits = next();
		memcpy(&v, &bits, sizeof v);
		same_g17(v); /* any bit pattern: most go to snprintf, all must agree */
		/* and values of every magnitude the fast path takes */
		double w = ldexp((double)(next() >> 11), -(int)(next() % 70));
		same_g17(w);
		same_g17(-w);
		same_g17((double)(next() % 100000000) / 1000.0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(integers),
		cmocka_unit_test(reals_like_achievements),
		cmocka_unit_test(reals_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
