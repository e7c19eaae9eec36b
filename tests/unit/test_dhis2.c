/* test_dhis2.c — reading DHIS2 dataValueSets documents (the fields, the line each
 * value starts on, top-level defaults, escapes, every refusal with its line and
 * nothing handed over from a refused document), period codes both ways (nine
 * months has no DHIS2 code), and the export document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/dhis2.h"

#define MAXV 8

/* What the callback saw, copied. */
struct seen {
	int n;
	int stop_after;  /* 0: never stop */
	size_t index[MAXV];
	int line[MAXV];
	char de[MAXV][64], pe[MAXV][64], ou[MAXV][64], val[MAXV][64], com[MAXV][2048];
	int has_de[MAXV], has_pe[MAXV], has_ou[MAXV], has_val[MAXV], has_com[MAXV];
	int deleted[MAXV];
};

static void copy(char *dst, size_t size, int *has, const char *src)
{
	*has = src != NULL;
	snprintf(dst, size, "%s", src ? src : "");
}

static int collect(void *ctx, const dhis2_value *v)
{
	struct seen *s = ctx;
	if (s->n < MAXV) {
		int i = s->n;
		s->index[i] = v->index;
		s->line[i] = v->line;
		copy(s->de[i], sizeof s->de[i], &s->has_de[i], v->data_element);
		copy(s->pe[i], sizeof s->pe[i], &s->has_pe[i], v->period);
		copy(s->ou[i], sizeof s->ou[i], &s->has_ou[i], v->org_unit);
		copy(s->val[i], sizeof s->val[i], &s->has_val[i], v->value);
		copy(s->com[i], sizeof s->com[i], &s->has_com[i], v->comment);
		s->deleted[i] = v->deleted;
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static tderr parse(const char *doc, struct seen *s, dhis2_error *err)
{
	memset(s, 0, sizeof *s);
	return dhis2_parse(doc, strlen(doc), collect, s, err);
}

static void test_reads_values_with_lines(void **state)
{
	(void)state;
	const char *doc = "{\n"
			  "  \"dataSet\": \"abc\",\n"
			  "  \"dataValues\": [\n"
			  "    {\"dataElement\": \"RT01\", \"period\": \"202405\", \"orgUnit\": \"07411\",\n"
			  "     \"value\": \"12\", \"comment\": \"=1+1\", \"categoryOptionCombo\": \"x\"},\n"
			  "    {\"dataElement\": \"RT02\", \"period\": \"2024Q2\", \"orgUnit\": \"07411\",\n"
			  "     \"value\": 12.5, \"storedBy\": {\"nested\": [1, 2, {\"a\": null}]}},\n"
			  "    {\"dataElement\": \"B1\", \"period\": \"2024\", \"orgUnit\": \"07411\", \"value\": true,"
			  " \"deleted\": false},\n"
			  "    {\"dataElement\": \"RT03\", \"period\": \"2024S1\", \"orgUnit\": \"07411\", \"value\": null,"
			  " \"comment\": null, \"deleted\": true}\n"
			  "  ]\n"
			  "}\n";
	struct seen s;
	dhis2_error err;
	assert_int_equal(parse(doc, &s, &err), TD_OK);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.line[0], 4);
	assert_int_equal(s.line[1], 6);
	assert_int_equal(s.line[2], 8);
	assert_int_equal(s.line[3], 9);
	assert_int_equal(s.index[3], 3);
	assert_string_equal(s.de[0], "RT01");
	assert_string_equal(s.pe[0], "202405");
	assert_string_equal(s.ou[0], "07411");
	assert_string_equal(s.val[0], "12");
	assert_string_equal(s.com[0], "=1+1"); /* just text */
	assert_string_equal(s.val[1], "12.5"); /* a number keeps its text */
	assert_false(s.has_com[1]);
	assert_string_equal(s.val[2], "true");
	assert_false(s.deleted[2]);
	assert_false(s.has_val[3]);
	assert_false(s.has_com[3]);
	assert_true(s.deleted[3]);
}

static void test_top_level_defaults_anywhere(void **state)
{
	(void)state;
	/* period and orgUnit given after the values still apply to them */
	const char *doc = "{\"dataValues\":[{\"dataElement\":\"A\",\"value\":\"1\"},"
			  "{\"dataElement\":\"B\",\"value\":\"2\",\"period\":\"202406\",\"orgUnit\":\"9\"}],"
			  "\"period\":\"202405\",\"orgUnit\":\"07411\"}";
	struct seen s;
	assert_int_equal(parse(doc, &s, NULL), TD_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.pe[0], "202405");
	assert_string_equal(s.ou[0], "07411");
	assert_string_equal(s.pe[1], "202406");
	assert_string_equal(s.ou[1], "9");
	assert_int_equal(s.line[0], 1);
	assert_int_equal(s.index[1], 1);
	/* without defaults, absent fields are NULL */
	assert_int_equal(parse("{\"dataValues\":[{\"value\":\"1\"}]}", &s, NULL), TD_OK);
	assert_false(s.has_de[0]);
	assert_false(s.has_pe[0]);
	assert_false(s.has_ou[0]);
}

static void test_escapes_and_unicode(void **state)
{
	(void)state;
	const char *doc = "\xEF\xBB\xBF{\"dataValues\":[{\"dataElement\":\"X\",\"comment\":"
			  "\"X\\u00e3 T\\u00e2n Thanh \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ tab\\tend\\n\"}]}";
	struct seen s;
	assert_int_equal(parse(doc, &s, NULL), TD_OK);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.com[0], "Xã Tân Thanh \xF0\x9F\x98\x80 \"q\" \\ / tab\tend\n");
	/* raw UTF-8 passes as it is */
	assert_int_equal(parse("{\"dataValues\":[{\"comment\":\"Hội LHPN xã\"}]}", &s, NULL), TD_OK);
	assert_string_equal(s.com[0], "Hội LHPN xã");
	assert_int_equal(parse("{\"dataValues\":[]}", &s, NULL), TD_OK);
	assert_int_equal(s.n, 0);
}

/* Each refused document: TD_EINVALID, the line named, and no value handed over. */
static void expect_refused(const char *doc, int line, const char *part)
{
	struct seen s;
	dhis2_error err;
	tderr e = parse(doc, &s, &err);
	if (e != TD_EINVALID || err.line != line || !strstr(err.message, part))
		fail_msg("document %.60s: got %d at line %d \"%s\", expected line %d with \"%s\"", doc,
			 e, err.line, err.message, line, part);
	assert_int_equal(s.n, 0);
}

static void test_refusals(void **state)
{
	(void)state;
	expect_refused("", 1, "đối tượng");
	expect_refused("[]", 1, "đối tượng");
	expect_refused("{}", 1, "dataValues");
	expect_refused("{\"dataValues\": {}}", 1, "mảng");
	expect_refused("{\"dataValues\": [1]}", 1, "đối tượng");
	expect_refused("{\"dataValues\": [{\"dataElement\": 5}]}", 1, "dataElement");
	expect_refused("{\"dataValues\": [{\"value\": [1]}]}", 1, "value");
	expect_refused("{\"dataValues\": [{\"deleted\": \"yes\"}]}", 1, "deleted");
	expect_refused("{\"dataValues\": [],\n \"dataValues\": []}", 2, "hai lần");
	/* a good value first, then a broken one: still nothing handed over */
	expect_refused("{\"dataValues\": [\n{\"dataElement\":\"A\"},\n{\"dataElement\":\"B\",}\n]}", 3,
		       "JSON");
	expect_refused("{\"dataValues\": [{\"comment\": \"open}]}", 1, "chưa đóng");
	expect_refused("{\"dataValues\": [{\"comment\": \"a\nb\"}]}", 1, "điều khiển");
	expect_refused("{\"dataValues\": [{\"comment\": \"\\u0001\"}]}", 1, "điều khiển");
	expect_refused("{\"dataValues\": [{\"comment\": \"\\ud800\"}]}", 1, "thay thế");
	expect_refused("{\"dataValues\": [{\"comment\": \"\\x\"}]}", 1, "thoát");
	expect_refused("{\"dataValues\": [{\"comment\": \"\xC3\x28\"}]}", 1, "UTF-8");
	expect_refused("{\"dataValues\": [{\"value\": 01}]}", 1, "JSON");
	expect_refused("{\"dataValues\": [{\"value\": 1.}]}", 1, "số");
	expect_refused("{\"dataValues\": []} x", 1, "thừa");
	expect_refused("{\"dataValues\": [],}", 1, "','");
	expect_refused("{\"dataValues\": [{\"a\": tru}]}", 1, "JSON");
}

static void test_caps(void **state)
{
	(void)state;
	/* a field of 1024 bytes passes, 1025 does not */
	char *doc = malloc(4096);
	assert_non_null(doc);
	char big[1100];
	memset(big, 'a', sizeof big);
	big[DHIS2_FIELD_MAX] = 0;
	snprintf(doc, 4096, "{\"dataValues\":[{\"comment\":\"%s\"}]}", big);
	struct seen s;
	assert_int_equal(parse(doc, &s, NULL), TD_OK);
	assert_int_equal(strlen(s.com[0]), DHIS2_FIELD_MAX);
	big[DHIS2_FIELD_MAX] = 'a';
	big[DHIS2_FIELD_MAX + 1] = 0;
	snprintf(doc, 4096, "{\"dataValues\":[{\"comment\":\"%s\"}]}", big);
	expect_refused(doc, 1, "1024");
	free(doc);

	/* nesting deeper than the cap, in a skipped field */
	size_t n = 2 * DHIS2_DEPTH_MAX + 200;
	char *deep = malloc(n * 2 + 64);
	assert_non_null(deep);
	size_t k = (size_t)snprintf(deep, 64, "{\"dataValues\":[{\"x\":");
	for (int i = 0; i < DHIS2_DEPTH_MAX; i++)
		deep[k++] = '[';
	for (int i = 0; i < DHIS2_DEPTH_MAX; i++)
		deep[k++] = ']';
	memcpy(deep + k, "}]}", 4);
	expect_refused(deep, 1, "lồng nhau");
	free(deep);

	/* more values than the cap: refused before any is handed over */
	size_t per = strlen("{},");
	size_t total = 32 + per * (DHIS2_VALUES_MAX + 1);
	char *many = malloc(total);
	assert_non_null(many);
	k = (size_t)snprintf(many, 32, "{\"dataValues\":[");
	for (int i = 0; i <= DHIS2_VALUES_MAX; i++) {
		memcpy(many + k, "{},", per);
		k += per;
	}
	memcpy(many + k - 1, "]}", 3);
	expect_refused(many, 1, "200000");
	/* exactly the cap is fine */
	memcpy(many + k - 1 - per, "]}", 3);
	assert_int_equal(dhis2_parse(many, strlen(many), collect, &s, NULL), TD_OK);
	free(many);
}

static void test_stop_early(void **state)
{
	(void)state;
	struct seen s;
	memset(&s, 0, sizeof s);
	s.stop_after = 2;
	const char *doc = "{\"dataValues\":[{},{},{},{}]}";
	assert_int_equal(dhis2_parse(doc, strlen(doc), collect, &s, NULL), TD_OK);
	assert_int_equal(s.n, 2);
	assert_int_equal(dhis2_parse(doc, strlen(doc), NULL, &s, NULL), TD_EINTERNAL);
	assert_int_equal(dhis2_parse(NULL, 3, collect, &s, NULL), TD_EINTERNAL);
}

static void test_periods(void **state)
{
	(void)state;
	static const char *const ok[] = {"2024", "2024S1", "2024S2", "2024Q2", "202405"};
	period p;
	const char *why = NULL;
	char buf[PERIOD_CODE_SIZE];
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(dhis2_period_parse(ok[i], &p, &why), TD_OK);
		assert_int_equal(dhis2_period_format(&p, buf, sizeof buf), TD_OK);
		assert_string_equal(buf, ok[i]);
	}
	assert_int_equal(dhis2_period_parse("202405", &p, NULL), TD_OK);
	assert_int_equal(p.kind, PERIOD_MONTH);
	assert_int_equal(p.index, 5);
	/* nine months: ours only, with a reason saying so */
	assert_int_equal(dhis2_period_parse("2024N9", &p, &why), TD_EINVALID);
	assert_non_null(strstr(why, "N9"));
	assert_int_equal(period_parse("2024N9", &p), TD_OK);
	assert_int_equal(dhis2_period_format(&p, buf, sizeof buf), TD_ENOTFOUND);
	assert_string_equal(buf, "");
	/* real DHIS2 periods we do not take, with their own reason */
	static const char *const other[] = {"2024W1", "2024BiW3", "202401B", "2024April",
					    "2024AprilS1", "2024July", "2024Oct", "2024Nov",
					    "20240501"};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		why = NULL;
		assert_int_equal(dhis2_period_parse(other[i], &p, &why), TD_EINVALID);
		assert_non_null(strstr(why, "tuần"));
	}
	static const char *const bad[] = {"", "24", "2024Q5", "202413", "2024-05", " 2024",
					  "2024q2", "abcd"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		assert_int_equal(dhis2_period_parse(bad[i], &p, &why), TD_EINVALID);
		assert_non_null(strstr(why, "không hợp lệ"));
	}
	assert_int_equal(dhis2_period_parse(NULL, &p, &why), TD_EINVALID);
	period invalid = {PERIOD_MONTH, 2024, 13};
	assert_int_equal(dhis2_period_format(&invalid, buf, sizeof buf), TD_EINVALID);
}

static void test_value_text(void **state)
{
	(void)state;
	static const double vals[] = {0, 12, -3, 0.1, 12.5, 1.0 / 3, 1e15, 123456789.125,
				      -0.000001, 99.99};
	char buf[32];
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		assert_int_equal(dhis2_value_text(vals[i], buf, sizeof buf), TD_OK);
		assert_true(strtod(buf, NULL) == vals[i]);
	}
	assert_int_equal(dhis2_value_text(12, buf, sizeof buf), TD_OK);
	assert_string_equal(buf, "12");
	assert_int_equal(dhis2_value_text(-0.0, buf, sizeof buf), TD_OK);
	assert_string_equal(buf, "0");
	assert_int_equal(dhis2_value_text(0.1, buf, sizeof buf), TD_OK);
	assert_string_equal(buf, "0.1");
	assert_int_equal(dhis2_value_text(NAN, buf, sizeof buf), TD_EINVALID);
	assert_int_equal(dhis2_value_text(INFINITY, buf, sizeof buf), TD_EINVALID);
	assert_int_equal(dhis2_value_text(123456, buf, 3), TD_EINVALID);
}

static int export_fn(void *ctx, const dhis2_value *v)
{
	return collect(ctx, v);
}

static void test_export_round_trip(void **state)
{
	(void)state;
	json_t *doc = dhis2_doc_new();
	assert_non_null(doc);
	period m, nine, q;
	assert_int_equal(period_parse("202405", &m), TD_OK);
	assert_int_equal(period_parse("2024N9", &nine), TD_OK);
	assert_int_equal(period_parse("2024Q2", &q), TD_OK);
	assert_int_equal(dhis2_doc_add(doc, "RT01", &m, "07411", 12, "=1+1"), 1);
	assert_int_equal(dhis2_doc_add(doc, "RT02", &nine, "07411", 3, NULL), 0);
	assert_int_equal(dhis2_doc_add(doc, "RT06", &q, "07411", 2.5, ""), 1);
	assert_int_equal(dhis2_doc_add(doc, NULL, &q, "07411", 2.5, ""), -1);
	assert_int_equal(dhis2_doc_add(doc, "X", &q, "07411", NAN, ""), -1);
	assert_int_equal(dhis2_doc_add(NULL, "X", &q, "07411", 1, ""), -1);
	json_t *arr = json_object_get(doc, "dataValues");
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(json_string_value(json_object_get(doc, "dataElementIdScheme")), "CODE");
	json_t *second = json_array_get(arr, 1);
	assert_null(json_object_get(second, "comment")); /* empty comments are left out */
	assert_string_equal(json_string_value(json_object_get(second, "value")), "2.5");
	/* what we write, we read back the same */
	char *text = json_dumps(doc, JSON_INDENT(2));
	assert_non_null(text);
	struct seen s;
	memset(&s, 0, sizeof s);
	assert_int_equal(dhis2_parse(text, strlen(text), export_fn, &s, NULL), TD_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.de[0], "RT01");
	assert_string_equal(s.pe[0], "202405");
	assert_string_equal(s.ou[0], "07411");
	assert_string_equal(s.val[0], "12");
	assert_string_equal(s.com[0], "=1+1");
	assert_string_equal(s.pe[1], "2024Q2");
	free(text);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_values_with_lines),
		cmocka_unit_test(test_top_level_defaults_anywhere),
		cmocka_unit_test(test_escapes_and_unicode),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_value_text),
		cmocka_unit_test(test_export_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
