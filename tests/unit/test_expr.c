/* test_expr.c — the formula language of computed indicators: what it accepts, what
 * it computes over records, and where and why it refuses (positions, messages). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/expr.h"

static json_t *houses;

static const json_t *records(void *ctx, const char *reg)
{
	(void)ctx;
	return strcmp(reg, "boarding_house") == 0 ? houses : NULL;
}

static int setup(void **state)
{
	(void)state;
	json_error_t je;
	houses = json_loads(
		"[{\"rooms\":10,\"residents\":30,\"prices_posted\":true,\"tax_declared\":true,"
		"  \"owner\":\"Nguyễn Văn An\",\"registered_on\":\"2025-03-01\"},"
		" {\"rooms\":4,\"residents\":9,\"prices_posted\":true,\"tax_declared\":false,"
		"  \"owner\":\"Lê Thị Bình\",\"registered_on\":\"2024-11-20\"},"
		" {\"rooms\":6,\"prices_posted\":false,\"tax_declared\":true,"
		"  \"owner\":\"Trần Văn Cường\"},"
		" {\"rooms\":null,\"residents\":12,\"prices_posted\":true,\"tax_declared\":true}]",
		0, &je);
	assert_non_null(houses);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	json_decref(houses);
	return 0;
}

static double eval(const char *text, int *is_null)
{
	expr *e = NULL;
	expr_error err;
	tderr rc = expr_parse(text, strlen(text), EXPR_AGGREGATE, &e, &err);
	if (rc != TD_OK)
		fail_msg("%s: %s", text, err.message);
	expr_env env = {records, NULL, NULL, "2025-06-30"};
	double v = expr_eval_number(e, &env, is_null);
	expr_free(e);
	return v;
}

static double num(const char *text)
{
	int is_null = 1;
	double v = eval(text, &is_null);
	assert_false(is_null);
	return v;
}

static void counts_and_sums_over_records(void **state)
{
	(void)state;
	assert_true(num("count(boarding_house)") == 4);
	assert_true(num("count(boarding_house where prices_posted and tax_declared)") == 2);
	assert_true(num("COUNT(boarding_house WHERE prices_posted && !tax_declared)") == 1);
	assert_true(num("count(boarding_house where not prices_posted or rooms >= 10)") == 2);
	assert_true(num("sum(boarding_house.rooms)") == 20);      /* null skipped */
	assert_true(num("sum(boarding_house.residents) / count(boarding_house)") == 51.0 / 4);
	assert_true(num("avg(boarding_house.rooms)") == 20.0 / 3); /* of the three with rooms */
	assert_true(num("min(boarding_house.rooms)") == 4);
	assert_true(num("max(boarding_house.residents where tax_declared)") == 30);
	assert_true(num("sum(boarding_house.prices_posted)") == 3); /* yes counts as 1 */
	assert_true(num("count(boarding_house where owner = 'Lê Thị Bình')") == 1);
	assert_true(num("count(boarding_house where boarding_house.rooms <> 4)") == 2);
	assert_true(num("count(boarding_house where registered_on >= '2025-01-01')") == 1);
	assert_true(num("count(boarding_house where registered_on <= today)") == 2);
	assert_true(num("count(boarding_house where residents = null)") == 1);
	assert_true(num("count(boarding_house where residents != null)") == 3);
	/* arithmetic precedence, unary minus, decimals */
	assert_true(num("1 + 2 * 3") == 7);
	assert_true(num("(1 + 2) * 3") == 9);
	assert_true(num("-2 - -3") == 1);
	assert_true(num("10 / 4") == 2.5);
	assert_true(fabs(num("0.1 + 0.2") - 0.3) < 1e-12);
	assert_true(num("2 > 1") == 1);
	assert_true(num("2 > 1 and 1 > 2") == 0);
}

static void nulls_and_division_by_zero(void **state)
{
	(void)state;
	int is_null = 0;
	eval("sum(boarding_house.rooms) / 0", &is_null);
	assert_true(is_null);
	eval("avg(waste_group.households)", &is_null); /* no records: no average */
	assert_true(is_null);
	assert_true(num("sum(waste_group.households)") == 0); /* sum of nothing is 0 */
	assert_true(num("count(waste_group)") == 0);
	eval("min(boarding_house.owner)", &is_null); /* text is not a number */
	assert_true(is_null);
	eval("'text' + 1", &is_null);
	assert_true(is_null);
	/* a comparison with null is false; with a text, unequal */
	assert_true(num("count(boarding_house where rooms > 5 or rooms <= 5)") == 3);
	assert_true(num("count(boarding_house where owner != 3)") == 3);
}

static void row_formulas(void **state)
{
	(void)state;
	expr *e = NULL;
	expr_error err;
	const char *t = "prices_posted and tax_declared and rooms >= 5";
	assert_int_equal(expr_parse(t, strlen(t), EXPR_ROW, &e, &err), TD_OK);
	expr_env env = {NULL, NULL, json_array_get(houses, 0), NULL};
	assert_true(expr_eval_truth(e, &env));
	env.row = json_array_get(houses, 1);
	assert_false(expr_eval_truth(e, &env));
	env.row = json_array_get(houses, 3); /* rooms null */
	assert_false(expr_eval_truth(e, &env));
	expr_ref refs[8];
	assert_int_equal(expr_refs(e, refs, 8), 3);
	assert_string_equal(refs[0].field, "prices_posted");
	assert_string_equal(refs[0].reg, "");
	assert_string_equal(refs[2].field, "rooms");
	expr_free(e);
	/* a row formula refuses aggregates */
	t = "count(x) > 1";
	assert_int_equal(expr_parse(t, strlen(t), EXPR_ROW, &e, &err), TD_EINVALID);
	assert_null(e);
	assert_string_equal(err.code, "aggregate_in_row");
	assert_int_equal(err.pos, 0);
}

static void references_for_schema_checks(void **state)
{
	(void)state;
	expr *e = NULL;
	const char *t = "sum(waste_group.households_sorting where collected_separately) / "
			"sum(waste_group.households) + count(ocop_product)";
	assert_int_equal(expr_parse(t, strlen(t), EXPR_AGGREGATE, &e, NULL), TD_OK);
	expr_ref refs[8];
	size_t n = expr_refs(e, refs, 8);
	assert_int_equal(n, 4);
	assert_string_equal(refs[0].reg, "waste_group");
	assert_string_equal(refs[0].field, "households_sorting");
	assert_int_equal(refs[0].pos, 4);
	assert_string_equal(refs[1].reg, "waste_group");
	assert_string_equal(refs[1].field, "collected_separately");
	assert_string_equal(refs[3].reg, "ocop_product");
	assert_string_equal(refs[3].field, "");
	expr_free(e);
}

typedef struct bad_case {
	const char *text;
	size_t pos;
	const char *code;
} bad_case;

static void errors_have_a_position_and_a_vietnamese_message(void **state)
{
	(void)state;
	static const bad_case cases[] = {
		{"", 0, "empty"},
		{"   ", 0, "empty"},
		{"count(boarding_house", 20, "missing_paren"},
		{"count(boarding_house where)", 26, "syntax"},
		{"sum(boarding_house)", 18, "field_expected"},
		{"count(boarding_house.rooms)", 6, "count_field"},
		{"count(boarding_house where count(x) > 1)", 27, "nested_aggregate"},
		{"rooms > 1", 0, "field_outside_aggregate"},
		{"boarding_house.rooms", 0, "field_outside_aggregate"},
		{"count(a where b.x)", 14, "other_register"},
		{"median(a.x)", 0, "unknown_function"},
		{"1 +", 3, "unexpected_end"},
		{"1 + * 2", 4, "syntax"},
		{"(1 + 2", 6, "missing_paren"},
		{"1 + 2)", 5, "trailing"},
		{"1 2", 2, "trailing"},
		{"1 < 2 < 3", 6, "chained_comparison"},
		{"count(a where x = 'abc)", 18, "unterminated_string"},
		{"1.", 2, "bad_number"},
		{"12abc", 2, "bad_number"},
		{"1 # 2", 2, "bad_character"},
		{"1 & 2", 2, "bad_character"},
		{"count(a where số > 1)", 15, "bad_character"}, /* the "ố": characters, not bytes */
		{"count(a where x = 'đ') +", 24, "unexpected_end"},
		{"count(and)", 6, "register_expected"},
		{"not", 3, "unexpected_end"},
		{"1 + where", 4, "syntax"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expr *e = (expr *)1;
		expr_error err;
		tderr rc = expr_parse(cases[i].text, strlen(cases[i].text), EXPR_AGGREGATE, &e, &err);
		if (rc != TD_EINVALID || e != NULL)
			fail_msg("accepted: %s", cases[i].text);
		if (strcmp(err.code, cases[i].code) != 0 || err.pos != cases[i].pos)
			fail_msg("%s: got %s at %zu, want %s at %zu (%s)", cases[i].text, err.code,
				 err.pos, cases[i].code, cases[i].pos, err.message);
		char want[32];
		snprintf(want, sizeof want, "(vị trí %zu)", cases[i].pos + 1);
		assert_non_null(strstr(err.message, want));
		assert_non_null(strstr(err.message_en, "position"));
	}
	expr *e = NULL;
	expr_error err;
	assert_int_equal(expr_parse("count(a where x = 1)", 20, EXPR_AGGREGATE, &e, &err), TD_OK);
	expr_free(e);
	/* the Vietnamese message names what is wrong */
	assert_int_equal(expr_parse("(1 + 2", 6, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	assert_string_equal(err.message, "Thiếu dấu ')' (vị trí 7)");
}

static void limits_hold(void **state)
{
	(void)state;
	char buf[EXPR_TEXT_MAX + 64];
	expr *e = NULL;
	expr_error err;
	/* too long */
	memset(buf, ' ', sizeof buf);
	buf[0] = '1';
	assert_int_equal(expr_parse(buf, EXPR_TEXT_MAX + 1, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	assert_string_equal(err.code, "too_long");
	assert_int_equal(expr_parse(buf, EXPR_TEXT_MAX, EXPR_AGGREGATE, &e, &err), TD_OK);
	expr_free(e);
	/* too deep: parentheses, minus signs, not */
	size_t n = 0;
	for (int i = 0; i < EXPR_DEPTH_MAX + 1; i++)
		buf[n++] = '(';
	buf[n++] = '1';
	for (int i = 0; i < EXPR_DEPTH_MAX + 1; i++)
		buf[n++] = ')';
	assert_int_equal(expr_parse(buf, n, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	assert_string_equal(err.code, "too_deep");
	n = 0;
	for (int i = 0; i < 100; i++)
		buf[n++] = '-';
	buf[n++] = '1';
	assert_int_equal(expr_parse(buf, n, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	assert_string_equal(err.code, "too_deep");
	/* too many nodes: 1+1+1... */
	n = 0;
	buf[n++] = '1';
	while (n + 2 < EXPR_TEXT_MAX) {
		buf[n++] = '+';
		buf[n++] = '1';
	}
	assert_int_equal(expr_parse(buf, n, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	assert_string_equal(err.code, "too_complex");
	/* a 65-character name */
	memset(buf, 'a', 65);
	assert_int_equal(expr_parse(buf, 65, EXPR_ROW, &e, &err), TD_EINVALID);
	assert_string_equal(err.code, "name_too_long");
	assert_int_equal(expr_parse(buf, 64, EXPR_ROW, &e, &err), TD_OK);
	expr_free(e);
	/* bytes that are not UTF-8, and a NUL */
	assert_int_equal(expr_parse("1 + \xff", 5, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	assert_string_equal(err.code, "bad_text");
	assert_int_equal(expr_parse("1\0+1", 4, EXPR_AGGREGATE, &e, &err), TD_EINVALID);
	expr_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_and_sums_over_records),
		cmocka_unit_test(nulls_and_division_by_zero),
		cmocka_unit_test(row_formulas),
		cmocka_unit_test(references_for_schema_checks),
		cmocka_unit_test(errors_have_a_position_and_a_vietnamese_message),
		cmocka_unit_test(limits_hold),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
