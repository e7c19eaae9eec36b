/* test_jsonv.c — reading request-body fields: presence, types, caps, text validity,
 * calendar dates and id arrays, each failure naming its field with a clear code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/jsonv.h"

static json_t *parse(const char *text)
{
	json_t *j = json_loads(text, JSON_ALLOW_NUL, NULL);
	assert_non_null(j);
	return j;
}

static void required_field_missing_or_null_or_blank(void **state)
{
	(void)state;
	json_t *o = parse("{\"a\": null, \"b\": \"  \", \"c\": \"Lạng Giang\"}");
	td_error e = {0};
	const char *s = "unchanged";
	int present = 7;
	assert_int_equal(jv_str(o, "missing", JV_REQUIRED, 300, &s, &present, &e), TD_EINVALID);
	assert_string_equal(e.code, "required");
	assert_string_equal(e.field, "missing");
	assert_string_equal(e.message, "Trường bắt buộc");
	assert_int_equal(e.kind, TD_EINVALID);
	assert_int_equal(present, 0);
	assert_int_equal(jv_str(o, "a", JV_REQUIRED, 300, &s, NULL, &e), TD_EINVALID);
	assert_string_equal(e.field, "a");
	assert_int_equal(jv_str(o, "b", JV_REQUIRED, 300, &s, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "required");
	assert_int_equal(jv_str(o, "c", JV_REQUIRED, 300, &s, &present, &e), TD_OK);
	assert_string_equal(s, "Lạng Giang");
	assert_int_equal(present, 1);
	json_decref(o);
}

static void optional_absent_leaves_output(void **state)
{
	(void)state;
	json_t *o = parse("{\"n\": null}");
	td_error e = {0};
	const char *s = "keep";
	int64_t i = 42;
	int b = 5, present = 1;
	assert_int_equal(jv_str(o, "x", JV_OPTIONAL, 10, &s, &present, &e), TD_OK);
	assert_string_equal(s, "keep");
	assert_int_equal(present, 0);
	assert_int_equal(jv_str(o, "n", JV_OPTIONAL, 10, &s, &present, &e), TD_OK);
	assert_int_equal(present, 0);
	assert_int_equal(jv_int(o, "x", JV_OPTIONAL, 0, 10, &i, &present, &e), TD_OK);
	assert_int_equal(i, 42);
	assert_int_equal(jv_bool(o, "x", JV_OPTIONAL, &b, &present, &e), TD_OK);
	assert_int_equal(b, 5);
	/* optional blank strings are values (a PATCH may clear a text) */
	json_t *p = parse("{\"doc\": \"\"}");
	assert_int_equal(jv_str(p, "doc", JV_OPTIONAL, 10, &s, &present, &e), TD_OK);
	assert_string_equal(s, "");
	assert_int_equal(present, 1);
	json_decref(p);
	json_decref(o);
}

static void string_caps_count_bytes_not_characters(void **state)
{
	(void)state;
	/* "Đồng" is 4 characters but 7 bytes in UTF-8 */
	json_t *o = parse("{\"name\": \"Đồng\"}");
	td_error e = {0};
	const char *s = NULL;
	assert_int_equal(jv_str(o, "name", JV_REQUIRED, 7, &s, NULL, &e), TD_OK);
	assert_int_equal(jv_str(o, "name", JV_REQUIRED, 6, &s, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "too_long");
	assert_string_equal(e.field, "name");
	json_decref(o);

	json_t *big = parse("{\"name\": \"0123456789012345678901234567890123\"}");
	assert_int_equal(jv_str(big, "name", JV_REQUIRED, 32, &s, NULL, &e), TD_EINVALID);
	assert_string_equal(e.message, "Quá dài (tối đa 32 byte)");
	json_decref(big);
}

static void strings_must_be_clean_text(void **state)
{
	(void)state;
	td_error e = {0};
	const char *s = NULL;
	json_t *nul = parse("{\"t\": \"a\\u0000b\"}");
	assert_int_equal(jv_str(nul, "t", JV_REQUIRED, 100, &s, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "invalid_text");
	json_decref(nul);
	json_t *ctl = parse("{\"t\": \"bell\\u0007\"}");
	assert_int_equal(jv_str(ctl, "t", JV_REQUIRED, 100, &s, NULL, &e), TD_EINVALID);
	json_decref(ctl);
	json_t *ok = parse("{\"t\": \"dòng 1\\ndòng 2\\tcột\"}");
	assert_int_equal(jv_str(ok, "t", JV_REQUIRED, 100, &s, NULL, &e), TD_OK);
	json_decref(ok);
	json_t *num = parse("{\"t\": 5}");
	assert_int_equal(jv_str(num, "t", JV_REQUIRED, 100, &s, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "not_string");
	json_decref(num);
}

static void integers_types_and_ranges(void **state)
{
	(void)state;
	json_t *o = parse("{\"y\": 2025, \"r\": 2025.0, \"s\": \"2025\", \"t\": true, \"big\": 9007199254740993}");
	td_error e = {0};
	int64_t v = 0;
	assert_int_equal(jv_int(o, "y", JV_REQUIRED, 2000, 2100, &v, NULL, &e), TD_OK);
	assert_int_equal(v, 2025);
	assert_int_equal(jv_int(o, "y", JV_REQUIRED, 2000, 2024, &v, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "out_of_range");
	assert_int_equal(jv_int(o, "y", JV_REQUIRED, 2026, 2100, &v, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_int(o, "r", JV_REQUIRED, 0, 3000, &v, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "not_integer");
	assert_int_equal(jv_int(o, "s", JV_REQUIRED, 0, 3000, &v, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_int(o, "t", JV_REQUIRED, 0, 3000, &v, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_int(o, "big", JV_REQUIRED, 0, INT64_MAX, &v, NULL, &e), TD_OK);
	assert_true(v == 9007199254740993LL);
	json_decref(o);
}

static void booleans_are_strict(void **state)
{
	(void)state;
	json_t *o = parse("{\"a\": true, \"b\": false, \"c\": 1, \"d\": \"true\"}");
	td_error e = {0};
	int b = -1;
	assert_int_equal(jv_bool(o, "a", JV_REQUIRED, &b, NULL, &e), TD_OK);
	assert_int_equal(b, 1);
	assert_int_equal(jv_bool(o, "b", JV_REQUIRED, &b, NULL, &e), TD_OK);
	assert_int_equal(b, 0);
	assert_int_equal(jv_bool(o, "c", JV_REQUIRED, &b, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "not_boolean");
	assert_int_equal(jv_bool(o, "d", JV_REQUIRED, &b, NULL, &e), TD_EINVALID);
	json_decref(o);
}

static void enums_match_exactly(void **state)
{
	(void)state;
	static const char *const kinds[] = {"ke_hoach", "de_an", NULL};
	json_t *o = parse("{\"k\": \"de_an\", \"u\": \"DE_AN\", \"p\": \"de_a\", \"z\": \"de_an\\u0000x\"}");
	td_error e = {0};
	const char *k = NULL;
	assert_int_equal(jv_enum(o, "k", JV_REQUIRED, kinds, &k, NULL, &e), TD_OK);
	/* the result is the allow-list's own string, not the request's */
	assert_ptr_equal(k, kinds[1]);
	assert_int_equal(jv_enum(o, "u", JV_REQUIRED, kinds, &k, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "invalid_choice");
	assert_int_equal(jv_enum(o, "p", JV_REQUIRED, kinds, &k, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_enum(o, "z", JV_REQUIRED, kinds, &k, NULL, &e), TD_EINVALID);
	json_decref(o);
}

static void calendar_dates(void **state)
{
	(void)state;
	assert_true(jv_is_date("2024-02-29"));   /* leap year */
	assert_false(jv_is_date("2023-02-29"));
	assert_true(jv_is_date("2000-02-29"));   /* divisible by 400 */
	assert_false(jv_is_date("1900-02-29"));  /* divisible by 100, not 400 */
	assert_false(jv_is_date("2100-02-29"));
	assert_true(jv_is_date("2025-12-31"));
	assert_false(jv_is_date("2025-04-31"));
	assert_false(jv_is_date("2025-13-01"));
	assert_false(jv_is_date("2025-00-10"));
	assert_false(jv_is_date("2025-01-00"));
	assert_false(jv_is_date("2025-1-01"));
	assert_false(jv_is_date("2025/01/01"));
	assert_false(jv_is_date("2025-01-01T00:00:00Z"));
	assert_false(jv_is_date("+025-01-01"));
	assert_false(jv_is_date(""));
	assert_false(jv_is_date(NULL));
}

static void date_fields_and_null(void **state)
{
	(void)state;
	json_t *o = parse("{\"d\": \"2024-02-29\", \"n\": null, \"bad\": \"2023-02-29\", \"num\": 20240229}");
	td_error e = {0};
	const char *d = "x";
	int present = 0;
	assert_int_equal(jv_date(o, "d", JV_REQUIRED, 0, &d, &present, &e), TD_OK);
	assert_string_equal(d, "2024-02-29");
	assert_int_equal(present, 1);
	/* nullable: null is a value that clears the date */
	assert_int_equal(jv_date(o, "n", JV_OPTIONAL, 1, &d, &present, &e), TD_OK);
	assert_null(d);
	assert_int_equal(present, 1);
	/* not nullable: null is as good as absent */
	d = "keep";
	assert_int_equal(jv_date(o, "n", JV_OPTIONAL, 0, &d, &present, &e), TD_OK);
	assert_string_equal(d, "keep");
	assert_int_equal(present, 0);
	assert_int_equal(jv_date(o, "n", JV_REQUIRED, 0, &d, &present, &e), TD_EINVALID);
	assert_string_equal(e.code, "required");
	assert_int_equal(jv_date(o, "bad", JV_REQUIRED, 0, &d, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "invalid_date");
	assert_string_equal(e.field, "bad");
	assert_int_equal(jv_date(o, "num", JV_REQUIRED, 0, &d, NULL, &e), TD_EINVALID);
	json_decref(o);
}

static void id_arrays(void **state)
{
	(void)state;
	json_t *o = parse("{\"ok\": [3, 1, 2], \"empty\": [], \"zero\": [1, 0], \"neg\": [-4],"
			  " \"dup\": [5, 6, 5], \"str\": [\"1\"], \"obj\": {\"a\": 1}}");
	td_error e = {0};
	json_t *arr = NULL;
	int present = 0;
	assert_int_equal(jv_id_array(o, "ok", JV_REQUIRED, 10, &arr, &present, &e), TD_OK);
	assert_int_equal(json_array_size(arr), 3);
	assert_int_equal(present, 1);
	assert_int_equal(jv_id_array(o, "empty", JV_REQUIRED, 10, &arr, NULL, &e), TD_OK);
	assert_int_equal(json_array_size(arr), 0);
	assert_int_equal(jv_id_array(o, "ok", JV_REQUIRED, 2, &arr, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "too_many");
	assert_int_equal(jv_id_array(o, "zero", JV_REQUIRED, 10, &arr, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "invalid_id");
	assert_int_equal(jv_id_array(o, "neg", JV_REQUIRED, 10, &arr, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_id_array(o, "dup", JV_REQUIRED, 10, &arr, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "duplicate_id");
	assert_int_equal(jv_id_array(o, "str", JV_REQUIRED, 10, &arr, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_id_array(o, "obj", JV_REQUIRED, 10, &arr, NULL, &e), TD_EINVALID);
	assert_string_equal(e.code, "not_array");
	assert_int_equal(jv_id_array(o, "none", JV_OPTIONAL, 10, &arr, &present, &e), TD_OK);
	assert_int_equal(present, 0);
	json_decref(o);
}

static void not_an_object_is_all_absent(void **state)
{
	(void)state;
	json_t *a = parse("[1, 2]");
	td_error e = {0};
	const char *s = NULL;
	assert_int_equal(jv_str(a, "x", JV_OPTIONAL, 10, &s, NULL, &e), TD_OK);
	assert_int_equal(jv_str(a, "x", JV_REQUIRED, 10, &s, NULL, &e), TD_EINVALID);
	assert_int_equal(jv_str(NULL, "x", JV_REQUIRED, 10, &s, NULL, &e), TD_EINVALID);
	json_decref(a);
}

static void fail_fills_everything(void **state)
{
	(void)state;
	td_error e = {0};
	assert_int_equal(jv_fail(&e, "code", "bad_code", "Mã không hợp lệ"), TD_EINVALID);
	assert_int_equal(e.kind, TD_EINVALID);
	assert_string_equal(e.field, "code");
	assert_string_equal(e.code, "bad_code");
	assert_string_equal(e.message, "Mã không hợp lệ");
	assert_int_equal(jv_fail(NULL, "x", "y", "z"), TD_EINVALID);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(required_field_missing_or_null_or_blank),
		cmocka_unit_test(optional_absent_leaves_output),
		cmocka_unit_test(string_caps_count_bytes_not_characters),
		cmocka_unit_test(strings_must_be_clean_text),
		cmocka_unit_test(integers_types_and_ranges),
		cmocka_unit_test(booleans_are_strict),
		cmocka_unit_test(enums_match_exactly),
		cmocka_unit_test(calendar_dates),
		cmocka_unit_test(date_fields_and_null),
		cmocka_unit_test(id_arrays),
		cmocka_unit_test(not_an_object_is_all_absent),
		cmocka_unit_test(fail_fills_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
