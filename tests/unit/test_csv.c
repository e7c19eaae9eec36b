/* test_csv.c — the CSV writer: fields with commas, quotes and line breaks come back
 * whole through a strict RFC 4180 parser (libcsv); formula-like text is
 * neutralised and numbers are not; the BOM and the semicolon variant; text is NFC
 * without control characters; bad input is refused; saving is atomic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "export/csv.h"

#define MAX_FIELDS 64

typedef struct parsed {
	char *field[MAX_FIELDS];
	size_t n;
	int records;
} parsed;

static void on_field(void *s, size_t len, void *data)
{
	parsed *p = data;
	if (p->n < MAX_FIELDS)
		p->field[p->n++] = strndup(s ? s : "", len);
}

static void on_record(int c, void *data)
{
	(void)c;
	((parsed *)data)->records++;
}

/* libcsv trims blanks around unquoted fields unless told nothing is blank */
static int no_blank(unsigned char c)
{
	(void)c;
	return 0;
}

/* Parses the document strictly; fields of all records in one list. */
static parsed parse(const char *data, size_t len, char delim)
{
	parsed p = {{0}, 0, 0};
	struct csv_parser cp;
	assert_int_equal(csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI), 0);
	csv_set_delim(&cp, (unsigned char)delim);
	csv_set_space_func(&cp, no_blank);
	assert_int_equal(csv_parse(&cp, data, len, on_field, on_record, &p), len);
	assert_int_equal(csv_fini(&cp, on_field, on_record, &p), 0);
	csv_free(&cp);
	return p;
}

static void free_parsed(parsed *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->field[i]);
}

static void fields_round_trip_through_a_strict_parser(void **state)
{
	(void)state;
	csvw *w = NULL;
	assert_int_equal(csvw_create(0, &w), TD_OK);
	const char *const head[] = {"Đơn vị", "Ghi chú", "Số hộ"};
	assert_int_equal(csvw_row(w, head, 3), TD_OK);
	assert_int_equal(csvw_text(w, "Xã Tân Dĩnh, huyện Lạng Giang"), TD_OK);
	assert_int_equal(csvw_text(w, "Nhà trọ \"an toàn, văn minh\"\nđạt 3/3 tiêu chí"), TD_OK);
	assert_int_equal(csvw_int(w, 1234567), TD_OK);
	assert_int_equal(csvw_end_row(w), TD_OK);
	assert_int_equal(csvw_text(w, "dòng\r\nmới\rcũ"), TD_OK);
	assert_int_equal(csvw_blank(w), TD_OK);
	assert_int_equal(csvw_decimal(w, 1234567.5, 1), TD_OK);
	assert_int_equal(csvw_end_row(w), TD_OK);
	const char *data;
	size_t len;
	assert_int_equal(csvw_bytes(w, &data, &len), TD_OK);
	assert_memory_equal(data,
		"Đơn vị,Ghi chú,Số hộ\r\n"
		"\"Xã Tân Dĩnh, huyện Lạng Giang\","
		"\"Nhà trọ \"\"an toàn, văn minh\"\"\nđạt 3/3 tiêu chí\",1234567\r\n"
		"\"dòng\nmới\ncũ\",,1234567.5\r\n", len);
	parsed p = parse(data, len, ',');
	assert_int_equal(p.records, 3);
	assert_int_equal(p.n, 9);
	assert_string_equal(p.field[3], "Xã Tân Dĩnh, huyện Lạng Giang");
	assert_string_equal(p.field[4], "Nhà trọ \"an toàn, văn minh\"\nđạt 3/3 tiêu chí");
	assert_string_equal(p.field[5], "1234567");
	assert_string_equal(p.field[6], "dòng\nmới\ncũ");
	assert_string_equal(p.field[7], "");
	free_parsed(&p);
	csvw_destroy(w);
}

static void formula_like_text_is_neutralised_numbers_are_not(void **state)
{
	(void)state;
	csvw *w = NULL;
	assert_int_equal(csvw_create(0, &w), TD_OK);
	static const char *const in[] = {"=1+1", "+84 912 345 678", "-5 hộ", "@SUM(A1)",
					 "\tcmd", "\r=2", "=HYPERLINK(\"http://x\",\"y\")",
					 "a=1", "1-2", " =1"};
	static const char *const out[] = {"'=1+1", "'+84 912 345 678", "'-5 hộ", "'@SUM(A1)",
					  "'\tcmd", "'\n=2", "'=HYPERLINK(\"http://x\",\"y\")",
					  "a=1", "1-2", " =1"};
	const size_t n = sizeof in / sizeof in[0];
	assert_int_equal(csvw_row(w, in, n), TD_OK);
	assert_int_equal(csvw_int(w, -5), TD_OK);
	assert_int_equal(csvw_decimal(w, -0.25, 2), TD_OK);
	assert_int_equal(csvw_decimal(w, -0.01, 1), TD_OK);
	assert_int_equal(csvw_end_row(w), TD_OK);
	const char *data;
	size_t len;
	assert_int_equal(csvw_bytes(w, &data, &len), TD_OK);
	parsed p = parse(data, len, ',');
	assert_int_equal(p.n, n + 3);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(p.field[i], out[i]);
	assert_string_equal(p.field[n], "-5");
	assert_string_equal(p.field[n + 1], "-0.25");
	assert_string_equal(p.field[n + 2], "0.0");
	free_parsed(&p);
	csvw_destroy(w);
}

static void bom_and_semicolon_variant(void **state)
{
	(void)state;
	csvw *w = NULL;
	assert_int_equal(csvw_create(CSVW_BOM | CSVW_SEMICOLON, &w), TD_OK);
	assert_int_equal(csvw_text(w, "Hội LHPN; tỉnh"), TD_OK);
	assert_int_equal(csvw_text(w, "a,b"), TD_OK);
	assert_int_equal(csvw_decimal(w, 69.9, 1), TD_OK);
	assert_int_equal(csvw_end_row(w), TD_OK);
	const char *data;
	size_t len;
	assert_int_equal(csvw_bytes(w, &data, &len), TD_OK);
	assert_memory_equal(data, "\xef\xbb\xbf\"Hội LHPN; tỉnh\";a,b;69,9\r\n", len);
	parsed p = parse(data + 3, len - 3, ';');
	assert_int_equal(p.n, 3);
	assert_string_equal(p.field[0], "Hội LHPN; tỉnh");
	free_parsed(&p);
	csvw_destroy(w);
	/* without the flag there is no BOM */
	assert_int_equal(csvw_create(0, &w), TD_OK);
	assert_int_equal(csvw_text(w, "Đ"), TD_OK);
	assert_int_equal(csvw_bytes(w, &data, &len), TD_OK);
	assert_memory_equal(data, "Đ", len);
	csvw_destroy(w);
}

static void text_is_clean_and_bad_input_refused(void **state)
{
	(void)state;
	csvw *w = NULL;
	assert_int_equal(csvw_create(0, &w), TD_OK);
	/* NFD in, NFC out; control characters dropped */
	assert_int_equal(csvw_text(w, "Ho\xcc\x80" "a\x01\x1b\x7f B\xc3\xacnh"), TD_OK);
	assert_int_equal(csvw_text(w, NULL), TD_OK);
	assert_int_equal(csvw_end_row(w), TD_OK);
	const char *data;
	size_t len;
	assert_int_equal(csvw_bytes(w, &data, &len), TD_OK);
	assert_memory_equal(data, "Hòa Bình,\r\n", len);
	/* invalid UTF-8 is refused, and the writer remembers */
	assert_int_equal(csvw_text(w, "Ha\xff"), TD_EINVALID);
	assert_int_equal(csvw_int(w, 1), TD_EINVALID);
	assert_int_equal(csvw_bytes(w, &data, &len), TD_EINVALID);
	assert_int_equal(csvw_save(w, "/nonexistent/x.csv"), TD_EINVALID);
	csvw_destroy(w);
	assert_int_equal(csvw_create(0, &w), TD_OK);
	assert_int_equal(csvw_decimal(w, NAN, 1), TD_EINVALID);
	csvw_destroy(w);
	assert_int_equal(csvw_create(0, &w), TD_OK);
	assert_int_equal(csvw_decimal(w, 1.0, 10), TD_EINVALID);
	csvw_destroy(w);
	assert_int_equal(csvw_create(0, &w), TD_OK);
	assert_int_equal(csvw_row(w, NULL, 2), TD_EINVALID);
	csvw_destroy(w);
	csvw_destroy(NULL);
}

static void saving_replaces_the_file_whole(void **state)
{
	(void)state;
	char dir[256], path[300];
	snprintf(dir, sizeof dir, "%s/tiendo-csv-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/bang.csv", dir);
	FILE *f = fopen(path, "w");
	fputs("cũ", f);
	fclose(f);
	csvw *w = NULL;
	assert_int_equal(csvw_create(CSVW_BOM, &w), TD_OK);
	const char *const row[] = {"Mã", "Tên"};
	assert_int_equal(csvw_row(w, row, 2), TD_OK);
	assert_int_equal(csvw_save(w, path), TD_OK);
	char buf[64] = "";
	f = fopen(path, "rb");
	size_t got = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	assert_int_equal(got, 3 + strlen("Mã,Tên\r\n"));
	assert_memory_equal(buf, "\xef\xbb\xbfMã,Tên\r\n", got);
	char missing[300];
	snprintf(missing, sizeof missing, "%s/no/such/dir.csv", dir);
	assert_int_equal(csvw_save(w, missing), TD_ENOTFOUND);
	csvw_destroy(w);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file stayed behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_round_trip_through_a_strict_parser),
		cmocka_unit_test(formula_like_text_is_neutralised_numbers_are_not),
		cmocka_unit_test(bom_and_semicolon_variant),
		cmocka_unit_test(text_is_clean_and_bad_input_refused),
		cmocka_unit_test(saving_replaces_the_file_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
