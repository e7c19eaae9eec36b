/* test_indicator.c — indicator kinds by name, the check of entered values, and the
 * arithmetic the reporting contract fixes: achievement in both directions, adding
 * up over time with gaps, ratios, and when a part-year value meets a year target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "core/indicator.h"

static void assert_close(double got, double want)
{
	if (fabs(got - want) > 1e-9 * fmax(1.0, fabs(want)))
		fail_msg("got %.12g, want %.12g", got, want);
}

static void names_round_trip(void **state)
{
	(void)state;
	assert_int_equal(indicator_value_type_from_name("integer"), IND_TYPE_INTEGER);
	assert_int_equal(indicator_value_type_from_name("boolean"), IND_TYPE_BOOLEAN);
	assert_int_equal(indicator_time_agg_from_name("last"), IND_TIME_LAST);
	assert_int_equal(indicator_time_agg_from_name("avg"), IND_TIME_AVG);
	assert_int_equal(indicator_unit_agg_from_name("ratio"), IND_UNIT_RATIO);
	assert_int_equal(indicator_direction_from_name("down"), IND_DIR_DOWN);
	for (int t = IND_TYPE_INTEGER; t <= IND_TYPE_BOOLEAN; t++)
		assert_int_equal(indicator_value_type_from_name(
					 indicator_value_type_name((indicator_value_type)t)), t);
	for (int t = IND_TIME_SUM; t <= IND_TIME_AVG; t++)
		assert_int_equal(indicator_time_agg_from_name(
					 indicator_time_agg_name((indicator_time_agg)t)), t);
	assert_string_equal(indicator_unit_agg_name(IND_UNIT_SUM), "sum");
	assert_string_equal(indicator_direction_name(IND_DIR_UP), "up");
	/* exact, lower case names only */
	static const char *const bad[] = {"", "Integer", "SUM", "sum ", "ratios", "median", "nine"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(indicator_value_type_from_name(bad[i]), IND_TYPE_NONE);
		assert_int_equal(indicator_time_agg_from_name(bad[i]), IND_TIME_NONE);
		assert_int_equal(indicator_unit_agg_from_name(bad[i]), IND_UNIT_NONE);
		assert_int_equal(indicator_direction_from_name(bad[i]), IND_DIR_NONE);
		assert_int_equal(indicator_frequency_from_name(bad[i]), PERIOD_NONE);
	}
	assert_int_equal(indicator_value_type_from_name(NULL), IND_TYPE_NONE);
	assert_null(indicator_value_type_name(IND_TYPE_NONE));
	assert_null(indicator_time_agg_name((indicator_time_agg)9));
	assert_null(indicator_direction_name((indicator_direction)-1));
}

static void frequencies_are_period_kinds(void **state)
{
	(void)state;
	assert_int_equal(indicator_frequency_from_name("month"), PERIOD_MONTH);
	assert_int_equal(indicator_frequency_from_name("quarter"), PERIOD_QUARTER);
	assert_int_equal(indicator_frequency_from_name("half"), PERIOD_HALF);
	assert_int_equal(indicator_frequency_from_name("year"), PERIOD_YEAR);
	/* nine months is reported on, never collected at */
	assert_int_equal(indicator_frequency_from_name("nine"), PERIOD_NONE);
	assert_int_equal(indicator_frequency_from_name(NULL), PERIOD_NONE);
	for (size_t i = 0; indicator_frequencies[i]; i++)
		assert_string_equal(period_kind_name(indicator_frequency_from_name(indicator_frequencies[i])),
				    indicator_frequencies[i]);
}

/* Checks v against r; returns the code (NULL when accepted) and copies the message. */
static const char *check(indicator_rules r, double v, char *msg)
{
	const char *code = NULL;
	tderr e = indicator_check_value(&r, v, &code, msg, INDICATOR_MESSAGE_SIZE);
	if (e == TD_OK)
		return NULL;
	assert_int_equal(e, TD_EINVALID);
	assert_non_null(code);
	assert_true(strlen(msg) > 0);
	return code;
}

static void integers_reject_fractions(void **state)
{
	(void)state;
	char msg[INDICATOR_MESSAGE_SIZE];
	indicator_rules r = {IND_TYPE_INTEGER, 0, 0, 0, 0, 0};
	assert_null(check(r, 0, msg));
	assert_null(check(r, 1250, msg));
	assert_null(check(r, -3, msg));
	assert_null(check(r, 1e12, msg));
	assert_string_equal(check(r, 12.5, msg), "not_integer");
	assert_string_equal(msg, "Giá trị phải là số nguyên");
	assert_string_equal(check(r, 0.000001, msg), "not_integer");
	/* decimals cannot open the door to fractions for an integer indicator */
	r.decimals = 2;
	assert_string_equal(check(r, 2.5, msg), "not_integer");
	assert_string_equal(check(r, NAN, msg), "not_finite");
	assert_string_equal(check(r, INFINITY, msg), "not_finite");
	assert_string_equal(check(r, -INFINITY, msg), "not_finite");
	assert_string_equal(check(r, 1e308, msg), "too_large");
	assert_string_equal(check(r, -1e16, msg), "too_large");
}

static void decimals_are_counted_despite_binary_rounding(void **state)
{
	(void)state;
	char msg[INDICATOR_MESSAGE_SIZE];
	indicator_rules r = {IND_TYPE_DECIMAL, 2, 0, 0, 0, 0};
	assert_null(check(r, 12.34, msg));
	assert_null(check(r, 0.29, msg));      /* 0.28999... as a double */
	assert_null(check(r, 0.1 + 0.2, msg)); /* 0.30000000000000004 */
	assert_null(check(r, 1234567.89, msg));
	assert_null(check(r, -0.07, msg));
	assert_string_equal(check(r, 12.345, msg), "too_many_decimals");
	assert_string_equal(msg, "Chỉ được nhập tối đa 2 chữ số thập phân");
	r.decimals = 0;
	assert_null(check(r, 7, msg));
	assert_string_equal(check(r, 7.5, msg), "too_many_decimals");
	r.decimals = 6;
	assert_null(check(r, 3.141593, msg));
	assert_string_equal(check(r, 3.1415926, msg), "too_many_decimals");
}

static void bounds_are_named_in_vietnamese(void **state)
{
	(void)state;
	char msg[INDICATOR_MESSAGE_SIZE];
	indicator_rules r = {IND_TYPE_DECIMAL, 1, 1, 1, 10, 1234567.5};
	assert_null(check(r, 10, msg));
	assert_null(check(r, 1234567.5, msg));
	assert_string_equal(check(r, 9.9, msg), "below_min");
	assert_string_equal(msg, "Giá trị phải từ 10 đến 1.234.567,5");
	assert_string_equal(check(r, 1234567.6, msg), "above_max");
	assert_string_equal(msg, "Giá trị phải từ 10 đến 1.234.567,5");
	r.has_max = 0;
	assert_string_equal(check(r, -0.5, msg), "below_min");
	assert_string_equal(msg, "Giá trị không được nhỏ hơn 10");
	assert_null(check(r, 1e9, msg));
	r.has_min = 0, r.has_max = 1, r.max = -0.25;
	assert_string_equal(check(r, 0, msg), "above_max");
	assert_string_equal(msg, "Giá trị không được lớn hơn -0,25");
	/* no bounds: anything finite with the right decimals */
	r.has_max = 0;
	assert_null(check(r, -1e6, msg));
}

static void percent_defaults_to_0_100_unless_bounds_say_otherwise(void **state)
{
	(void)state;
	char msg[INDICATOR_MESSAGE_SIZE];
	indicator_rules r = {IND_TYPE_PERCENT, 1, 0, 0, 0, 0};
	assert_null(check(r, 0, msg));
	assert_null(check(r, 100, msg));
	assert_null(check(r, 87.5, msg));
	assert_string_equal(check(r, 100.1, msg), "above_max");
	assert_string_equal(msg, "Giá trị phải từ 0 đến 100");
	assert_string_equal(check(r, -1, msg), "below_min");
	/* a growth rate may exceed 100 and fall below 0 when the indicator says so */
	r.has_min = 1, r.min = -50, r.has_max = 1, r.max = 300;
	assert_null(check(r, 250, msg));
	assert_null(check(r, -20, msg));
	assert_string_equal(check(r, 300.5, msg), "above_max");
	assert_string_equal(msg, "Giá trị phải từ -50 đến 300");
	/* only the upper bound given: the lower stays 0 */
	r.has_min = 0;
	assert_string_equal(check(r, -1, msg), "below_min");
	assert_string_equal(msg, "Giá trị phải từ 0 đến 300");
}

static void booleans_are_zero_or_one(void **state)
{
	(void)state;
	char msg[INDICATOR_MESSAGE_SIZE];
	indicator_rules r = {IND_TYPE_BOOLEAN, 0, 1, 1, 5, 10}; /* bounds are ignored */
	assert_null(check(r, 0, msg));
	assert_null(check(r, 1, msg));
	assert_string_equal(check(r, 2, msg), "not_boolean");
	assert_string_equal(check(r, 0.5, msg), "not_boolean");
	assert_string_equal(check(r, -1, msg), "not_boolean");
}

static void check_value_arguments(void **state)
{
	(void)state;
	const char *code = NULL;
	char msg[INDICATOR_MESSAGE_SIZE];
	assert_int_equal(indicator_check_value(NULL, 1, &code, msg, sizeof msg), TD_EINVALID);
	assert_string_equal(code, "bad_rules");
	indicator_rules none = {IND_TYPE_NONE, 0, 0, 0, 0, 0};
	assert_int_equal(indicator_check_value(&none, 1, &code, msg, sizeof msg), TD_EINVALID);
	/* code and message are optional; a short buffer is cut, never overrun */
	indicator_rules r = {IND_TYPE_PERCENT, 0, 0, 0, 0, 0};
	assert_int_equal(indicator_check_value(&r, 150, NULL, NULL, 0), TD_EINVALID);
	char small[8];
	memset(small, 'x', sizeof small);
	assert_int_equal(indicator_check_value(&r, 150, &code, small, sizeof small), TD_EINVALID);
	assert_string_equal(code, "above_max");
	assert_int_equal(strlen(small), sizeof small - 1);
	assert_int_equal(indicator_check_value(&r, 50, NULL, NULL, 0), TD_OK);
}

static double ach(indicator_direction dir, const double *v, const double *t, int *defined)
{
	double out = -12345;
	*defined = indicator_achievement(dir, v, t, &out);
	if (!*defined)
		assert_true(out == -12345); /* untouched */
	return out;
}

static void achievement_up(void **state)
{
	(void)state;
	int def;
	double v = 80, t = 100, zero = 0, neg = -50;
	assert_close(ach(IND_DIR_UP, &v, &t, &def), 80);
	assert_true(def);
	double over = 130;
	assert_close(ach(IND_DIR_UP, &over, &t, &def), 130); /* not capped */
	assert_close(ach(IND_DIR_UP, &zero, &t, &def), 0);
	assert_true(def);
	/* a zero target gives no achievement, whatever the value */
	ach(IND_DIR_UP, &v, &zero, &def);
	assert_false(def);
	ach(IND_DIR_UP, &zero, &zero, &def);
	assert_false(def);
	/* unknown value or target: unknown achievement */
	ach(IND_DIR_UP, NULL, &t, &def);
	assert_false(def);
	ach(IND_DIR_UP, &v, NULL, &def);
	assert_false(def);
	assert_close(ach(IND_DIR_UP, &neg, &t, &def), -50);
	assert_false(indicator_achievement(IND_DIR_NONE, &v, &t, &(double){0}));
	assert_false(indicator_achievement(IND_DIR_UP, &v, &t, NULL));
}

static void achievement_down(void **state)
{
	(void)state;
	int def;
	/* cases of a social evil: target at most 20, 25 happened: 80 % achieved */
	double t = 20, v = 25, half = 10, zero = 0, neg = -5;
	assert_close(ach(IND_DIR_DOWN, &v, &t, &def), 80);
	assert_true(def);
	assert_close(ach(IND_DIR_DOWN, &half, &t, &def), 200); /* better than the target, not capped */
	/* nothing happened: fully achieved when the target is not negative */
	assert_close(ach(IND_DIR_DOWN, &zero, &t, &def), 100);
	assert_true(def);
	assert_close(ach(IND_DIR_DOWN, &zero, &zero, &def), 100);
	assert_true(def);
	ach(IND_DIR_DOWN, &zero, &neg, &def);
	assert_false(def);
	/* a target of 0 missed: 0 % */
	assert_close(ach(IND_DIR_DOWN, &v, &zero, &def), 0);
	assert_true(def);
	ach(IND_DIR_DOWN, NULL, &t, &def);
	assert_false(def);
	ach(IND_DIR_DOWN, &v, NULL, &def);
	assert_false(def);
	double inf = INFINITY;
	ach(IND_DIR_DOWN, &inf, &t, &def);
	assert_false(def);
}

static void part_year_sums_are_not_compared_with_year_targets(void **state)
{
	(void)state;
	assert_true(indicator_target_comparable(IND_TIME_SUM, IND_UNIT_SUM, PERIOD_YEAR));
	assert_false(indicator_target_comparable(IND_TIME_SUM, IND_UNIT_SUM, PERIOD_QUARTER));
	assert_false(indicator_target_comparable(IND_TIME_SUM, IND_UNIT_SUM, PERIOD_NINE));
	assert_false(indicator_target_comparable(IND_TIME_SUM, IND_UNIT_SUM, PERIOD_MONTH));
	assert_true(indicator_target_comparable(IND_TIME_LAST, IND_UNIT_SUM, PERIOD_QUARTER));
	assert_true(indicator_target_comparable(IND_TIME_MAX, IND_UNIT_SUM, PERIOD_MONTH));
	assert_true(indicator_target_comparable(IND_TIME_AVG, IND_UNIT_SUM, PERIOD_HALF));
	assert_true(indicator_target_comparable(IND_TIME_SUM, IND_UNIT_RATIO, PERIOD_HALF));
	assert_false(indicator_target_comparable(IND_TIME_NONE, IND_UNIT_SUM, PERIOD_YEAR));
	assert_false(indicator_target_comparable(IND_TIME_LAST, IND_UNIT_NONE, PERIOD_YEAR));
	assert_false(indicator_target_comparable(IND_TIME_LAST, IND_UNIT_SUM, PERIOD_NONE));
}

/* The months of a quarter with the middle one missing, given out of order. */
static const indicator_point Q_WITH_GAP[] = {
	{202406, 1, 30}, {202404, 1, 10}, {202405, 0, 999},
};

static double agg(indicator_time_agg a, const indicator_point *p, size_t n, int *defined)
{
	double out = -12345;
	*defined = indicator_time_aggregate(a, p, n, &out);
	return out;
}

static void time_aggregation_with_gaps(void **state)
{
	(void)state;
	int def;
	assert_close(agg(IND_TIME_SUM, Q_WITH_GAP, 3, &def), 40);
	assert_true(def);
	/* last: the latest period that has a value, whatever the array order */
	assert_close(agg(IND_TIME_LAST, Q_WITH_GAP, 3, &def), 30);
	assert_close(agg(IND_TIME_MAX, Q_WITH_GAP, 3, &def), 30);
	/* avg over the periods with a value only: a gap is not a zero */
	assert_close(agg(IND_TIME_AVG, Q_WITH_GAP, 3, &def), 20);
	/* the latest period missing: last falls back to the latest one reported */
	const indicator_point stock[] = {{1, 1, 120}, {2, 1, 135}, {3, 0, 0}, {4, 0, 0}};
	assert_close(agg(IND_TIME_LAST, stock, 4, &def), 135);
	/* a zero is a value */
	const indicator_point zeros[] = {{1, 1, 0}, {2, 1, 0}, {3, 0, 7}};
	assert_close(agg(IND_TIME_AVG, zeros, 3, &def), 0);
	assert_true(def);
	assert_close(agg(IND_TIME_LAST, zeros, 3, &def), 0);
	/* negative values: max is the largest, not the largest magnitude */
	const indicator_point negs[] = {{1, 1, -8}, {2, 1, -3}, {3, 1, -5}};
	assert_close(agg(IND_TIME_MAX, negs, 3, &def), -3);
	assert_close(agg(IND_TIME_SUM, negs, 3, &def), -16);
}

static void time_aggregation_of_nothing_is_no_value(void **state)
{
	(void)state;
	int def;
	const indicator_point gaps[] = {{1, 0, 5}, {2, 0, 6}};
	for (int a = IND_TIME_SUM; a <= IND_TIME_AVG; a++) {
		double out = agg((indicator_time_agg)a, gaps, 2, &def);
		assert_false(def);
		assert_true(out == -12345);
		agg((indicator_time_agg)a, NULL, 0, &def);
		assert_false(def);
	}
	agg(IND_TIME_NONE, Q_WITH_GAP, 3, &def);
	assert_false(def);
	agg(IND_TIME_SUM, NULL, 3, &def);
	assert_false(def);
	assert_false(indicator_time_aggregate(IND_TIME_SUM, Q_WITH_GAP, 3, NULL));
}

static void ratios(void **state)
{
	(void)state;
	double out = -1;
	/* 45 of 60 households sort their waste: 75 % */
	assert_true(indicator_ratio(IND_TYPE_PERCENT, 45, 60, &out));
	assert_close(out, 75);
	assert_true(indicator_ratio(IND_TYPE_DECIMAL, 45, 60, &out));
	assert_close(out, 0.75);
	out = -1;
	assert_false(indicator_ratio(IND_TYPE_PERCENT, 45, 0, &out));
	assert_false(indicator_ratio(IND_TYPE_PERCENT, 0, 0, &out));
	assert_true(out == -1);
	assert_true(indicator_ratio(IND_TYPE_PERCENT, 0, 60, &out));
	assert_close(out, 0);
	assert_false(indicator_ratio(IND_TYPE_PERCENT, NAN, 60, &out));
	assert_false(indicator_ratio(IND_TYPE_PERCENT, 1, 60, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_round_trip),
		cmocka_unit_test(frequencies_are_period_kinds),
		cmocka_unit_test(integers_reject_fractions),
		cmocka_unit_test(decimals_are_counted_despite_binary_rounding),
		cmocka_unit_test(bounds_are_named_in_vietnamese),
		cmocka_unit_test(percent_defaults_to_0_100_unless_bounds_say_otherwise),
		cmocka_unit_test(booleans_are_zero_or_one),
		cmocka_unit_test(check_value_arguments),
		cmocka_unit_test(achievement_up),
		cmocka_unit_test(achievement_down),
		cmocka_unit_test(part_year_sums_are_not_compared_with_year_targets),
		cmocka_unit_test(time_aggregation_with_gaps),
		cmocka_unit_test(time_aggregation_of_nothing_is_no_value),
		cmocka_unit_test(ratios),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
