/* test_regschema.c — register schemas as data: what a schema may hold, how it may
 * change (old records stay valid under their own version and, for added optional
 * fields, under the new one), a record checked field by field, derived fields. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "core/regschema.h"

static json_t *J(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	if (!j)
		fail_msg("%s: %s", text, je.text);
	return j;
}

static const char *V1 =
	"[{\"name\":\"owner\",\"label\":\"Chủ nhà trọ\",\"type\":\"text\",\"required\":true},"
	" {\"name\":\"rooms\",\"label\":\"Số phòng\",\"type\":\"integer\",\"min\":1,\"max\":500},"
	" {\"name\":\"opened\",\"label\":\"Ngày\",\"type\":\"date\"},"
	" {\"name\":\"kind\",\"label\":\"Loại\",\"type\":\"choice\",\"choices\":[\"Nhà cấp 4\",\"Nhà tầng\"]},"
	" {\"name\":\"camera\",\"label\":\"Camera\",\"type\":\"yesno\"}]";

static void schema_checks(void **state)
{
	(void)state;
	json_t *f = NULL, *d = NULL, *raw = J(V1), *dv = J("[{\"name\":\"ok\",\"label\":\"Đạt\",\"formula\":\"camera and rooms >= 5\"}]");
	reg_fail why;
	assert_int_equal(regschema_check(raw, dv, &f, &d, &why), TD_OK);
	assert_int_equal(json_array_size(f), 5);
	assert_false(json_is_true(json_object_get(json_array_get(f, 1), "required")));
	json_decref(f);
	json_decref(d);
	static const struct {
		const char *fields, *field, *code;
	} bad[] = {
		{"[]", "fields", "bad_fields"},
		{"[{\"name\":\"Owner\",\"label\":\"x\",\"type\":\"text\"}]", "fields[0].name", "bad_field_name"},
		{"[{\"name\":\"a\",\"label\":\"\",\"type\":\"text\"}]", "fields[0].label", "bad_label"},
		{"[{\"name\":\"a\",\"label\":\"x\",\"type\":\"money\"}]", "fields[0].type", "bad_field_type"},
		{"[{\"name\":\"a\",\"label\":\"x\",\"type\":\"text\",\"min\":1}]", "fields[0].min", "bad_bounds"},
		{"[{\"name\":\"a\",\"label\":\"x\",\"type\":\"integer\",\"min\":5,\"max\":1}]", "fields[0].max", "bad_bounds"},
		{"[{\"name\":\"a\",\"label\":\"x\",\"type\":\"choice\"}]", "fields[0].choices", "bad_choices"},
		{"[{\"name\":\"a\",\"label\":\"x\",\"type\":\"choice\",\"choices\":[\"u\",\"u\"]}]", "fields[0].choices[1]", "bad_choices"},
		{"[{\"name\":\"a\",\"label\":\"x\",\"type\":\"text\"},{\"name\":\"a\",\"label\":\"y\",\"type\":\"text\"}]", "fields[1].name", "duplicate_field"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *b = J(bad[i].fields);
		memset(&why, 0, sizeof why);
		assert_int_equal(regschema_check(b, NULL, &f, &d, &why), TD_EINVALID);
		assert_null(f);
		assert_string_equal(why.field, bad[i].field);
		assert_string_equal(why.code, bad[i].code);
		json_decref(b);
	}
	/* a derived field whose formula names a missing field: the position of the name */
	json_t *dbad = J("[{\"name\":\"ok\",\"label\":\"Đạt\",\"formula\":\"camera and sprinklers\"}]");
	assert_int_equal(regschema_check(raw, dbad, &f, &d, &why), TD_EINVALID);
	assert_string_equal(why.code, "unknown_field");
	assert_int_equal(why.pos, 11);
	json_decref(dbad);
	json_decref(raw);
	json_decref(dv);
}

static void old_records_survive_evolution(void **state)
{
	(void)state;
	json_t *v1 = NULL, *v2 = NULL, *d = NULL, *raw = J(V1);
	reg_fail why;
	assert_int_equal(regschema_check(raw, NULL, &v1, &d, &why), TD_OK);
	json_decref(d);
	/* version 2 adds an optional field and relabels one */
	json_t *raw2 = json_deep_copy(raw);
	json_object_set_new(json_array_get(raw2, 0), "label", json_string("Họ tên chủ nhà trọ"));
	json_array_append_new(raw2, J("{\"name\":\"union_group\",\"label\":\"Tổ công đoàn\",\"type\":\"yesno\"}"));
	assert_int_equal(regschema_check(raw2, NULL, &v2, &d, &why), TD_OK);
	json_decref(d);
	assert_int_equal(regschema_evolve(v1, v2, &why), TD_OK);
	/* a record written under version 1 */
	json_t *rec = J("{\"owner\":\"Lê Văn Tám\",\"rooms\":12,\"opened\":\"2023-04-30\",\"kind\":\"Nhà tầng\",\"camera\":true}");
	json_t *c1 = NULL, *c2 = NULL;
	assert_int_equal(regschema_check_record(v1, rec, &c1, &why), TD_OK);
	/* still valid under its own version and under the new one */
	assert_int_equal(regschema_check_record(v1, c1, &c2, &why), TD_OK);
	assert_true(json_equal(c1, c2));
	json_decref(c2);
	assert_int_equal(regschema_check_record(v2, c1, &c2, &why), TD_OK);
	assert_true(json_equal(c1, c2));
	json_decref(c2);
	/* removing a field or changing its type would strand old records */
	json_t *removed = json_deep_copy(v2);
	json_array_remove(removed, 4);
	assert_int_equal(regschema_evolve(v1, removed, &why), TD_EINVALID);
	assert_string_equal(why.code, "field_removed");
	assert_string_equal(why.field, "fields.camera");
	json_t *retyped = json_deep_copy(v2);
	json_object_set_new(json_array_get(retyped, 1), "type", json_string("text"));
	assert_int_equal(regschema_evolve(v1, retyped, &why), TD_EINVALID);
	assert_string_equal(why.code, "field_type_changed");
	/* a new required field: old records keep their version; edited, they need it */
	json_t *req = json_deep_copy(v2);
	json_object_set_new(json_array_get(req, 5), "required", json_true());
	assert_int_equal(regschema_evolve(v1, req, &why), TD_OK);
	assert_int_equal(regschema_check_record(req, c1, &c2, &why), TD_EINVALID);
	assert_string_equal(why.field, "data.union_group");
	assert_int_equal(regschema_check_record(v1, c1, &c2, &why), TD_OK);
	json_decref(c2);
	json_decref(req);
	json_decref(removed);
	json_decref(retyped);
	json_decref(c1);
	json_decref(rec);
	json_decref(raw);
	json_decref(raw2);
	json_decref(v1);
	json_decref(v2);
}

static void records_checked_field_by_field(void **state)
{
	(void)state;
	json_t *v1 = NULL, *d = NULL, *raw = J(V1);
	reg_fail why;
	assert_int_equal(regschema_check(raw, NULL, &v1, &d, &why), TD_OK);
	static const struct {
		const char *data, *field, *code;
	} bad[] = {
		{"{\"rooms\":3}", "data.owner", "required"},
		{"{\"owner\":\"  \"}", "data.owner", "required"},
		{"{\"owner\":\"A\",\"rooms\":0}", "data.rooms", "out_of_range"},
		{"{\"owner\":\"A\",\"rooms\":1.5}", "data.rooms", "not_integer"},
		{"{\"owner\":\"A\",\"rooms\":\"3\"}", "data.rooms", "not_integer"},
		{"{\"owner\":\"A\",\"opened\":\"2023-02-30\"}", "data.opened", "invalid_date"},
		{"{\"owner\":\"A\",\"kind\":\"Biệt thự\"}", "data.kind", "not_a_choice"},
		{"{\"owner\":\"A\",\"camera\":1}", "data.camera", "not_boolean"},
		{"{\"owner\":\"A\",\"colour\":\"x\"}", "data.colour", "unknown_field"},
		{"[1]", "data", "not_object"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_t *rec = J(bad[i].data), *c = NULL;
		memset(&why, 0, sizeof why);
		assert_int_equal(regschema_check_record(v1, rec, &c, &why), TD_EINVALID);
		assert_null(c);
		if (strcmp(why.field, bad[i].field) != 0 || strcmp(why.code, bad[i].code) != 0)
			fail_msg("%s: got %s %s", bad[i].data, why.field, why.code);
		json_decref(rec);
	}
	/* clean form: NFC text, integral numbers as integers, empty optionals dropped */
	json_t *rec = J("{\"owner\":\"Le\\u0302 Va\\u0306n\",\"rooms\":12.0,\"kind\":null,\"opened\":\"\"}"), *c = NULL;
	assert_int_equal(regschema_check_record(v1, rec, &c, &why), TD_OK);
	assert_string_equal(json_string_value(json_object_get(c, "owner")), "Lê Văn");
	assert_true(json_is_integer(json_object_get(c, "rooms")));
	assert_null(json_object_get(c, "kind"));
	assert_null(json_object_get(c, "opened"));
	/* derived fields */
	json_t *dv = J("[{\"name\":\"ok\",\"label\":\"Đạt\",\"formula\":\"camera and rooms >= 5\"}]");
	json_object_set_new(c, "camera", json_true());
	json_t *out = regschema_derive(dv, c);
	assert_true(json_is_true(json_object_get(out, "ok")));
	json_decref(out);
	json_object_set_new(c, "rooms", json_integer(4));
	out = regschema_derive(dv, c);
	assert_true(json_is_false(json_object_get(out, "ok")));
	json_decref(out);
	assert_string_equal(regschema_title_field(v1), "owner");
	json_decref(dv);
	json_decref(c);
	json_decref(rec);
	json_decref(raw);
	json_decref(v1);
	json_decref(d);
}

static void import_cells(void **state)
{
	(void)state;
	json_t *f = J("[{\"name\":\"n\",\"type\":\"decimal\"},{\"name\":\"b\",\"type\":\"yesno\"},"
		      "{\"name\":\"d\",\"type\":\"date\"},{\"name\":\"c\",\"type\":\"choice\",\"choices\":[\"Thu chung một xe\",\"Thu gom riêng từng loại\"]}]");
	const json_t *num = json_array_get(f, 0), *yn = json_array_get(f, 1), *day = json_array_get(f, 2),
		     *ch = json_array_get(f, 3);
	json_t *v = NULL;
	const char *why = NULL;
	assert_int_equal(regschema_parse_cell(num, " 12,5 ", &v, &why), TD_OK);
	assert_true(json_real_value(v) == 12.5);
	json_decref(v);
	assert_int_equal(regschema_parse_cell(num, "-3.25", &v, &why), TD_OK);
	assert_true(json_real_value(v) == -3.25);
	json_decref(v);
	static const char *const bad_numbers[] = {"1.234,5", "12a", ",5", "5.", "-", "1e5", "mười"};
	for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
		assert_int_equal(regschema_parse_cell(num, bad_numbers[i], &v, &why), TD_EINVALID);
		assert_null(v);
		assert_non_null(why);
	}
	assert_int_equal(regschema_parse_cell(num, "  ", &v, &why), TD_OK); /* empty: no value */
	assert_null(v);
	static const struct {
		const char *text;
		int yes;
	} yns[] = {{"Có", 1}, {"co", 1}, {"X", 1}, {"1", 1}, {"TRUE", 1}, {"Không", 0}, {"khong", 0}, {"0", 0}};
	for (size_t i = 0; i < sizeof yns / sizeof yns[0]; i++) {
		assert_int_equal(regschema_parse_cell(yn, yns[i].text, &v, &why), TD_OK);
		assert_int_equal(json_is_true(v), yns[i].yes);
		json_decref(v);
	}
	assert_int_equal(regschema_parse_cell(yn, "ừ", &v, &why), TD_EINVALID);
	static const struct {
		const char *text, *iso;
	} days[] = {{"30/04/2025", "2025-04-30"}, {"2025-04-30", "2025-04-30"}, {"1/5/2024", "2024-05-01"},
		    {"45777", "2025-04-30"}, {"25569", "1970-01-01"}};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		assert_int_equal(regschema_parse_cell(day, days[i].text, &v, &why), TD_OK);
		assert_string_equal(json_string_value(v), days[i].iso);
		json_decref(v);
	}
	assert_int_equal(regschema_parse_cell(day, "31/02/2025", &v, &why), TD_EINVALID);
	assert_int_equal(regschema_parse_cell(day, "2025-13-01", &v, &why), TD_EINVALID);
	/* a choice without regard to case or diacritics, given back as the schema spells it */
	assert_int_equal(regschema_parse_cell(ch, "thu chung mot xe", &v, &why), TD_OK);
	assert_string_equal(json_string_value(v), "Thu chung một xe");
	json_decref(v);
	assert_int_equal(regschema_parse_cell(ch, "Đốt", &v, &why), TD_EINVALID);
	json_decref(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schema_checks),
		cmocka_unit_test(old_records_survive_evolution),
		cmocka_unit_test(records_checked_field_by_field),
		cmocka_unit_test(import_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
