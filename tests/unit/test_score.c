/* test_score.c — evaluation arithmetic against hand-computed figures: weights,
 * renormalisation, the 120 % cap, a "down" indicator, rounding at grade boundaries
 * (89.95 shows 90.0, excellent), a change of head on 1 July 2024 (182/184 of 366). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>
#include "core/score.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static score_part has(double v)
{
	return (score_part){1, v};
}

static const score_part NONE = {0, 0};

static void default_weights_give_the_weighted_mean(void **state)
{
	(void)state;
	score_config c = score_default_config();
	assert_int_equal(score_config_check(&c, NULL), TD_OK);
	/* 50 % × 80 + 15 % × 60 + 15 % × 100 + 10 % × 50 + 10 % × 40 = 73 */
	score_part parts[SCORE_COMPONENTS] = {has(80), has(60), has(100), has(50), has(40)};
	score_result r;
	assert_int_equal(score_compute(&c, parts, &r), TD_OK);
	assert_true(r.has_score);
	NEAR(r.score, 73.0);
	assert_int_equal(r.grade, SCORE_GRADE_PASS);
	assert_false(r.renormalised);
	NEAR(r.weight[SCORE_INDICATORS], 50);
	NEAR(r.contribution[SCORE_INDICATORS], 40);
	NEAR(r.contribution[SCORE_TASKS], 9);
	NEAR(r.contribution[SCORE_FINDINGS], 4);
	assert_string_equal(score_grade_label(r.grade), "Hoàn thành nhiệm vụ");
}

static void missing_components_hand_their_weight_to_the_others(void **state)
{
	(void)state;
	score_config c = score_default_config();
	/* budget and findings without data: 50, 15, 15 of 80 become 62.5, 18.75, 18.75;
	 * 62.5 % × 80 + 18.75 % × 60 + 18.75 % × 100 = 50 + 11.25 + 18.75 = 80 */
	score_part parts[SCORE_COMPONENTS] = {has(80), has(60), has(100), NONE, NONE};
	score_result r;
	assert_int_equal(score_compute(&c, parts, &r), TD_OK);
	NEAR(r.score, 80.0);
	assert_int_equal(r.grade, SCORE_GRADE_GOOD);
	assert_true(r.renormalised);
	NEAR(r.weight[SCORE_INDICATORS], 62.5);
	NEAR(r.weight[SCORE_TASKS], 18.75);
	NEAR(r.weight[SCORE_BUDGET], 0);
	double sum = 0, wsum = 0;
	for (int i = 0; i < SCORE_COMPONENTS; i++) {
		sum += r.contribution[i];
		wsum += r.weight[i];
	}
	NEAR(sum, 80.0);
	NEAR(wsum, 100.0);
	/* nothing with data: no score, no grade */
	score_part none[SCORE_COMPONENTS] = {NONE, NONE, NONE, NONE, NONE};
	assert_int_equal(score_compute(&c, none, &r), TD_OK);
	assert_false(r.has_score);
	assert_int_equal(r.grade, SCORE_GRADE_NONE);
	assert_null(score_grade_label(r.grade));
	/* data only where the weight is 0: no score either */
	score_config only = {.weights = {100, 0, 0, 0, 0}, .cap = 120, .excellent = 90,
			     .good = 75, .pass = 50};
	score_part tasks_only[SCORE_COMPONENTS] = {NONE, has(100), NONE, NONE, NONE};
	assert_int_equal(score_compute(&only, tasks_only, &r), TD_OK);
	assert_false(r.has_score);
	/* a zero-weight component without data is no renormalisation */
	score_part ind_only[SCORE_COMPONENTS] = {has(70), NONE, NONE, NONE, NONE};
	assert_int_equal(score_compute(&only, ind_only, &r), TD_OK);
	NEAR(r.score, 70.0);
	assert_false(r.renormalised);
	/* values out of 0-100 are clamped */
	score_part wild[SCORE_COMPONENTS] = {has(150), has(-5), NONE, NONE, NONE};
	assert_int_equal(score_compute(&c, wild, &r), TD_OK);
	NEAR(r.score, score_round1(100.0 * 50 / 65));
}

static void achievement_is_capped_at_120(void **state)
{
	(void)state;
	score_indicator in[] = {
		{IND_DIR_UP, 1, 150, 100, 1, 0}, /* 150 % counts 120 */
		{IND_DIR_UP, 1, 60, 100, 1, 0},  /* 60 % */
	};
	score_achievement each[2];
	double v = -1;
	assert_int_equal(score_indicators(in, 2, 120, each, &v), 2);
	NEAR(each[0].raw, 150);
	NEAR(each[0].capped, 120);
	NEAR(v, 90); /* (120 + 60) / 2 */
	/* over-achievement makes up for a shortfall, but the component stops at 100 */
	score_indicator over[] = {{IND_DIR_UP, 1, 130, 100, 1, 0}, {IND_DIR_UP, 1, 110, 100, 1, 0}};
	assert_int_equal(score_indicators(over, 2, 120, NULL, &v), 2);
	NEAR(v, 100);
	/* another cap */
	assert_int_equal(score_indicators(in, 2, 100, NULL, &v), 2);
	NEAR(v, 80);
}

static void lower_is_better_indicators(void **state)
{
	(void)state;
	score_achievement a;
	/* 8 incidents against a target of at most 10: 10 / 8 = 125 %, capped 120 */
	score_indicator fewer = {IND_DIR_DOWN, 1, 8, 10, 1, 0};
	score_indicator_part(&fewer, 120, &a);
	assert_true(a.counted);
	NEAR(a.raw, 125);
	NEAR(a.capped, 120);
	/* 20 incidents against 10: 50 % */
	score_indicator more = {IND_DIR_DOWN, 1, 20, 10, 1, 0};
	score_indicator_part(&more, 120, &a);
	NEAR(a.capped, 50);
	/* none at all against a target of none: achieved */
	score_indicator zero = {IND_DIR_DOWN, 1, 0, 0, 1, 0};
	score_indicator_part(&zero, 120, &a);
	assert_true(a.counted);
	NEAR(a.capped, 100);
	/* one against a target of none: 0 % */
	score_indicator one = {IND_DIR_DOWN, 1, 1, 0, 1, 0};
	score_indicator_part(&one, 120, &a);
	assert_true(a.counted);
	NEAR(a.capped, 0);
	/* the component: (120 + 50 + 100) / 3 = 90 */
	score_indicator mix[] = {fewer, more, zero};
	double v = 0;
	assert_int_equal(score_indicators(mix, 3, 120, NULL, &v), 3);
	NEAR(v, 90);
}

static void missing_values_count_zero_only_when_due(void **state)
{
	(void)state;
	score_indicator in[] = {
		{IND_DIR_UP, 1, 90, 100, 1, 0},  /* 90 % */
		{IND_DIR_UP, 0, 0, 100, 1, 0},   /* due, never reported: 0 % */
		{IND_DIR_UP, 0, 0, 100, 0, 0},   /* not due yet: left out */
		{IND_DIR_UP, 1, 5, 0, 1, 0},     /* a zero "up" target: undefined, left out */
		{IND_DIR_UP, 0, 0, 80, 1, 1},    /* a ratio over nothing: left out */
	};
	score_achievement each[5];
	double v = 0;
	assert_int_equal(score_indicators(in, 5, 120, each, &v), 2);
	NEAR(v, 45);
	assert_true(each[1].missing);
	assert_false(each[2].counted);
	assert_false(each[3].counted);
	assert_false(each[4].counted);
	assert_false(each[4].missing);
	/* nothing counted: no data, value untouched */
	v = -7;
	assert_int_equal(score_indicators(in + 2, 3, 120, NULL, &v), 0);
	NEAR(v, -7);
}

static void rates(void **state)
{
	(void)state;
	double v = -1;
	assert_true(score_rate(8, 10, &v));
	NEAR(v, 80);
	assert_true(score_rate(12, 10, &v)); /* over-disbursed: 100 */
	NEAR(v, 100);
	v = -1;
	assert_false(score_rate(3, 0, &v)); /* nothing due: no data */
	NEAR(v, -1);
	assert_false(score_rate(-1, 10, &v));
	assert_false(score_rate(1, 10, NULL));
}

static void rounding_and_grade_boundaries(void **state)
{
	(void)state;
	score_config c = score_default_config();
	NEAR(score_round1(89.95), 90.0);
	NEAR(score_round1(89.94999), 89.9);
	NEAR(score_round1(74.95), 75.0);
	NEAR(score_round1(0.05), 0.1);
	NEAR(score_round1(-2.35), -2.4);
	NEAR(score_round1(100), 100);
	assert_int_equal(score_grade_of(&c, 90.0), SCORE_GRADE_EXCELLENT);
	assert_int_equal(score_grade_of(&c, 89.9), SCORE_GRADE_GOOD);
	assert_int_equal(score_grade_of(&c, 75.0), SCORE_GRADE_GOOD);
	assert_int_equal(score_grade_of(&c, 74.9), SCORE_GRADE_PASS);
	assert_int_equal(score_grade_of(&c, 50.0), SCORE_GRADE_PASS);
	assert_int_equal(score_grade_of(&c, 49.9), SCORE_GRADE_FAIL);
	assert_int_equal(score_grade_of(NULL, 95), SCORE_GRADE_NONE);
	/* a computed 89.95 is shown 90.0 and graded by what is shown */
	score_config ind = {.weights = {100, 0, 0, 0, 0}, .cap = 120, .excellent = 90,
			    .good = 75, .pass = 50};
	score_part p[SCORE_COMPONENTS] = {has(89.95), NONE, NONE, NONE, NONE};
	score_result r;
	assert_int_equal(score_compute(&ind, p, &r), TD_OK);
	NEAR(r.score, 90.0);
	assert_int_equal(r.grade, SCORE_GRADE_EXCELLENT);
	assert_string_equal(score_grade_label(r.grade), "Hoàn thành xuất sắc nhiệm vụ");
	p[0] = has(89.9499);
	assert_int_equal(score_compute(&ind, p, &r), TD_OK);
	NEAR(r.score, 89.9);
	assert_int_equal(r.grade, SCORE_GRADE_GOOD);
	assert_string_equal(score_grade_label(r.grade), "Hoàn thành tốt nhiệm vụ");
	/* the same through weights: 50 % × 99.9 + 50 % × 80 = 89.95 */
	score_config half = {.weights = {50, 50, 0, 0, 0}, .cap = 120, .excellent = 90,
			     .good = 75, .pass = 50};
	score_part q[SCORE_COMPONENTS] = {has(99.9), has(80), NONE, NONE, NONE};
	assert_int_equal(score_compute(&half, q, &r), TD_OK);
	NEAR(r.score, 90.0);
	assert_int_equal(r.grade, SCORE_GRADE_EXCELLENT);
	assert_string_equal(score_grade_label(SCORE_GRADE_FAIL), "Không hoàn thành nhiệm vụ");
	assert_string_equal(score_grade_code(SCORE_GRADE_GOOD), "good");
}

static void config_checks(void **state)
{
	(void)state;
	score_config c = score_default_config();
	td_error e = {0};
	assert_int_equal(c.weights[SCORE_INDICATORS] + c.weights[SCORE_TASKS] +
				 c.weights[SCORE_REPORTS] + c.weights[SCORE_BUDGET] +
				 c.weights[SCORE_FINDINGS],
			 100);
	NEAR(c.cap, 120);
	score_config bad = c;
	bad.weights[SCORE_TASKS] = 14;
	assert_int_equal(score_config_check(&bad, &e), TD_EINVALID);
	assert_string_equal(e.code, "weights_sum");
	assert_string_equal(e.field, "weights");
	bad = c;
	bad.weights[SCORE_TASKS] = -5;
	bad.weights[SCORE_INDICATORS] = 70;
	assert_int_equal(score_config_check(&bad, &e), TD_EINVALID);
	assert_string_equal(e.code, "weight_range");
	assert_string_equal(e.field, "weights.tasks");
	bad = c;
	bad.cap = 99;
	assert_int_equal(score_config_check(&bad, &e), TD_EINVALID);
	assert_string_equal(e.code, "cap_range");
	bad = c;
	bad.good = 95;
	assert_int_equal(score_config_check(&bad, &e), TD_EINVALID);
	assert_string_equal(e.code, "thresholds_order");
	bad = c;
	bad.excellent = 101;
	assert_int_equal(score_config_check(&bad, NULL), TD_EINVALID);
	assert_int_equal(score_config_check(NULL, &e), TD_EINVALID);
	score_result r;
	score_part p[SCORE_COMPONENTS] = {has(1), has(1), has(1), has(1), has(1)};
	bad = c;
	bad.weights[0] = 0;
	assert_int_equal(score_compute(&bad, p, &r), TD_EINVALID);
	assert_false(r.has_score);
	assert_string_equal(score_component_names[SCORE_BUDGET], "budget");
	assert_null(score_component_names[SCORE_COMPONENTS]);
}

static void a_change_of_head_splits_a_leap_year(void **state)
{
	(void)state;
	score_term terms[] = {{"2021-10-01", "2024-06-30"}, {"2024-07-01", NULL}};
	score_slice s[4];
	assert_int_equal(score_split("2024-01-01", "2024-12-31", terms, 2, s, 4), 2);
	assert_int_equal(s[0].term, 0);
	assert_string_equal(s[0].from, "2024-01-01");
	assert_string_equal(s[0].to, "2024-06-30");
	assert_int_equal(s[0].days, 182);
	assert_int_equal(s[0].period_days, 366);
	NEAR(s[0].share, 182.0 / 366.0);
	assert_int_equal(s[1].term, 1);
	assert_string_equal(s[1].from, "2024-07-01");
	assert_string_equal(s[1].to, "2024-12-31");
	assert_int_equal(s[1].days, 184);
	NEAR(s[1].share, 184.0 / 366.0);
	NEAR(s[0].share + s[1].share, 1.0);
	/* the same change in 2023: 181 and 184 of 365 */
	score_term t23[] = {{"2021-10-01", "2023-06-30"}, {"2023-07-01", ""}};
	assert_int_equal(score_split("2023-01-01", "2023-12-31", t23, 2, s, 4), 2);
	assert_int_equal(s[0].days, 181);
	assert_int_equal(s[1].days, 184);
	assert_int_equal(s[1].period_days, 365);
	/* a head who left before the period, and one who came in later */
	assert_int_equal(score_split("2025-01-01", "2025-12-31", terms, 2, s, 4), 1);
	assert_int_equal(s[0].term, 1);
	assert_int_equal(s[0].days, 365);
	/* a vacancy in April belongs to nobody: Q2 2024 = 91 days */
	score_term gap[] = {{"2020-01-01", "2024-03-31"}, {"2024-05-01", NULL}};
	assert_int_equal(score_split("2024-04-01", "2024-06-30", gap, 2, s, 4), 1);
	assert_int_equal(s[0].days, 61);
	assert_int_equal(s[0].period_days, 91);
	/* a one-day term, unreadable dates, bad arguments */
	score_term odd[] = {{"2024-02-29", "2024-02-29"}, {"2024-02-30", NULL}, {NULL, NULL}};
	assert_int_equal(score_split("2024-01-01", "2024-12-31", odd, 3, s, 4), 1);
	assert_int_equal(s[0].days, 1);
	assert_int_equal(score_split("2024-12-31", "2024-01-01", terms, 2, s, 4), 0);
	assert_int_equal(score_split("2024-01-01", "2024-12-31", terms, 2, s, 1), 1);
	assert_int_equal(score_split(NULL, "2024-12-31", terms, 2, s, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_weights_give_the_weighted_mean),
		cmocka_unit_test(missing_components_hand_their_weight_to_the_others),
		cmocka_unit_test(achievement_is_capped_at_120),
		cmocka_unit_test(lower_is_better_indicators),
		cmocka_unit_test(missing_values_count_zero_only_when_due),
		cmocka_unit_test(rates),
		cmocka_unit_test(rounding_and_grade_boundaries),
		cmocka_unit_test(config_checks),
		cmocka_unit_test(a_change_of_head_splits_a_leap_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
