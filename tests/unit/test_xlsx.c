/* test_xlsx.c — the Excel writer: the workbook reopened with libzip and read with
 * expat holds the values where they were put (text in shared strings, numbers as
 * numbers, dates as serial days), the frozen header row, the autofilter and the
 * number formats; formula-like text is stored as a string with a leading "'";
 * sheet names are made acceptable and unique; bad cells are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "export/xlsx.h"
#include "zipxml.h"

#define MAX_CELLS 256

/* One cell as the sheet XML has it. */
typedef struct seen_cell {
	char ref[16];
	char type[16]; /* the t attribute: "s" shared string, "" number, ... */
	char value[512];
	int has_formula;
} seen_cell;

typedef struct sheet_doc {
	seen_cell cells[MAX_CELLS];
	size_t n;
	int in_value, in_formula;
	char pane_state[32], pane_top_left[16], pane_ysplit[8];
	char autofilter[32];
	/* shared strings */
	char *strings[MAX_CELLS];
	size_t nstrings;
	int in_t;
	char text[4096];
	size_t text_len;
} sheet_doc;

static const char *attr(const XML_Char **a, const char *name)
{
	for (size_t i = 0; a[i]; i += 2)
		if (strcmp(a[i], name) == 0)
			return a[i + 1];
	return "";
}

static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **a)
{
	sheet_doc *s = ud;
	if (strcmp(name, "c") == 0 && s->n < MAX_CELLS) {
		seen_cell *c = &s->cells[s->n++];
		memset(c, 0, sizeof *c);
		copy(c->ref, sizeof c->ref, attr(a, "r"));
		copy(c->type, sizeof c->type, attr(a, "t"));
	} else if (strcmp(name, "v") == 0) {
		s->in_value = 1;
		s->text_len = 0;
	} else if (strcmp(name, "f") == 0) {
		if (s->n)
			s->cells[s->n - 1].has_formula = 1;
	} else if (strcmp(name, "pane") == 0) {
		copy(s->pane_state, sizeof s->pane_state, attr(a, "state"));
		copy(s->pane_top_left, sizeof s->pane_top_left, attr(a, "topLeftCell"));
		copy(s->pane_ysplit, sizeof s->pane_ysplit, attr(a, "ySplit"));
	} else if (strcmp(name, "autoFilter") == 0) {
		copy(s->autofilter, sizeof s->autofilter, attr(a, "ref"));
	} else if (strcmp(name, "si") == 0) {
		s->text_len = 0;
	} else if (strcmp(name, "t") == 0) {
		s->in_t = 1;
	}
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	sheet_doc *s = ud;
	s->text[s->text_len] = 0;
	if (strcmp(name, "v") == 0) {
		s->in_value = 0;
		if (s->n)
			copy(s->cells[s->n - 1].value, sizeof s->cells[0].value, s->text);
	} else if (strcmp(name, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(name, "si") == 0 && s->nstrings < MAX_CELLS) {
		s->strings[s->nstrings++] = strdup(s->text);
	}
}

static void XMLCALL on_text(void *ud, const XML_Char *t, int len)
{
	sheet_doc *s = ud;
	if (!s->in_value && !s->in_t)
		return;
	size_t n = (size_t)len;
	if (n > sizeof s->text - 1 - s->text_len)
		n = sizeof s->text - 1 - s->text_len;
	memcpy(s->text + s->text_len, t, n);
	s->text_len += n;
}

static void parse_into(sheet_doc *s, const char *path, const char *part)
{
	size_t len = 0;
	char *xml = zx_read(path, part, &len);
	if (!xml)
		fail_msg("%s has no %s", path, part);
	char msg[200];
	if (!zx_well_formed(xml, len, msg, sizeof msg))
		fail_msg("%s: %s", part, msg);
	XML_Parser p = XML_ParserCreate("UTF-8");
	XML_SetUserData(p, s);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	assert_int_equal(XML_Parse(p, xml, (int)len, 1), XML_STATUS_OK);
	XML_ParserFree(p);
	free(xml);
}

static void free_doc(sheet_doc *s)
{
	for (size_t i = 0; i < s->nstrings; i++)
		free(s->strings[i]);
	free(s);
}

static sheet_doc *read_sheet(const char *path, const char *part)
{
	sheet_doc *s = calloc(1, sizeof *s);
	parse_into(s, path, "xl/sharedStrings.xml");
	parse_into(s, path, part);
	return s;
}

static const seen_cell *cell(const sheet_doc *s, const char *ref)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->cells[i].ref, ref) == 0)
			return &s->cells[i];
	fail_msg("no cell %s", ref);
	return NULL;
}

/* The text of a shared-string cell. */
static const char *text_of(const sheet_doc *s, const char *ref)
{
	const seen_cell *c = cell(s, ref);
	if (strcmp(c->type, "s") != 0)
		fail_msg("%s is not a shared string (t=\"%s\")", ref, c->type);
	size_t i = (size_t)strtoul(c->value, NULL, 10);
	assert_true(i < s->nstrings);
	return s->strings[i];
}

static double number_of(const sheet_doc *s, const char *ref)
{
	const seen_cell *c = cell(s, ref);
	if (c->type[0] && strcmp(c->type, "n") != 0)
		fail_msg("%s is not a number (t=\"%s\")", ref, c->type);
	assert_false(c->has_formula);
	return strtod(c->value, NULL);
}

static char tmp_path[256];

static int setup(void **state)
{
	(void)state;
	snprintf(tmp_path, sizeof tmp_path, "%s/tiendo-xlsx-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmp_path) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char p[400];
	snprintf(p, sizeof p, "%s/bang.xlsx", tmp_path);
	unlink(p);
	return rmdir(tmp_path);
}

static const xlsx_column COLS[] = {
	{"Đơn vị", 30}, {"Số nhà trọ", 12}, {"Điểm bình quân", 12},
	{"Tỷ lệ đạt (%)", 12}, {"Kinh phí (đồng)", 18}, {"Ngày báo cáo", 14}};

static void values_land_typed_with_a_frozen_header(void **state)
{
	(void)state;
	xlsx_book *b = NULL;
	assert_int_equal(xlsx_create("Chỉ tiêu đề án nhà trọ", (time_t)1749888000, &b), TD_OK);
	xlsx_sheet *s = NULL;
	assert_int_equal(xlsx_add_sheet(b, "Nhà trọ", COLS, 6, &s), TD_OK);
	const xlsx_cell r1[] = {xlsx_text("Xã Tân Dĩnh"), xlsx_int(1234), xlsx_decimal(1234567.5),
				xlsx_percent(0.699), xlsx_vnd(1234567), xlsx_date("2025-02-05")};
	assert_int_equal(xlsx_add_row(s, r1, 6, 0), TD_OK);
	/* formula-like text in every form, a negative number, a blank, an ISO time */
	const xlsx_cell r2[] = {xlsx_text("=1+1"), xlsx_int(-5), xlsx_blank(),
				xlsx_text("@SUM(A1:A9)"), xlsx_vnd(-250000),
				xlsx_date("2024-12-31T23:59:59Z")};
	assert_int_equal(xlsx_add_row(s, r2, 6, 0), TD_OK);
	const xlsx_cell r3[] = {xlsx_text("+84 912 345 678"), xlsx_text("-5 hộ"),
				xlsx_text("\tcmd"), xlsx_text("\r\n=2"), xlsx_text("a=1"),
				xlsx_text("Hòa & <Bình> \"x\"")};
	assert_int_equal(xlsx_add_row(s, r3, 6, 0), TD_OK);
	const xlsx_cell total[] = {xlsx_text("Tổng cộng"), xlsx_int(1229)};
	assert_int_equal(xlsx_add_row(s, total, 2, XLSX_ROW_TOTAL), TD_OK);
	char path[400];
	snprintf(path, sizeof path, "%s/bang.xlsx", tmp_path);
	assert_int_equal(xlsx_save(b, path), TD_OK);
	/* finished: nothing more can be added, but the bytes can still be had */
	assert_int_equal(xlsx_add_row(s, r1, 6, 0), TD_EINVALID);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(xlsx_to_memory(b, &buf, &len), TD_OK);
	assert_true(len > 4 && memcmp(buf, "PK\x03\x04", 4) == 0);
	free(buf);
	xlsx_destroy(b);

	sheet_doc *d = read_sheet(path, "xl/worksheets/sheet1.xml");
	assert_string_equal(text_of(d, "A1"), "Đơn vị");
	assert_string_equal(text_of(d, "F1"), "Ngày báo cáo");
	assert_string_equal(text_of(d, "A2"), "Xã Tân Dĩnh");
	assert_true(number_of(d, "B2") == 1234);
	assert_true(number_of(d, "C2") == 1234567.5);
	assert_true(fabs(number_of(d, "D2") - 0.699) < 1e-12);
	assert_true(number_of(d, "E2") == 1234567);
	assert_true(number_of(d, "F2") == 45693); /* 05/02/2025 as Excel counts days */
	assert_string_equal(text_of(d, "A3"), "'=1+1");
	assert_true(number_of(d, "B3") == -5);
	assert_string_equal(text_of(d, "D3"), "'@SUM(A1:A9)");
	assert_true(number_of(d, "E3") == -250000);
	assert_true(number_of(d, "F3") == 45657);
	assert_string_equal(text_of(d, "A4"), "'+84 912 345 678");
	assert_string_equal(text_of(d, "B4"), "'-5 hộ");
	assert_string_equal(text_of(d, "C4"), "'\tcmd");
	assert_string_equal(text_of(d, "D4"), "'\n=2");
	assert_string_equal(text_of(d, "E4"), "a=1");
	assert_string_equal(text_of(d, "F4"), "Hòa & <Bình> \"x\"");
	assert_string_equal(text_of(d, "A5"), "Tổng cộng");
	for (size_t i = 0; i < d->n; i++)
		assert_false(d->cells[i].has_formula);
	assert_string_equal(d->pane_state, "frozen");
	assert_string_equal(d->pane_ysplit, "1");
	assert_string_equal(d->pane_top_left, "A2");
	assert_string_equal(d->autofilter, "A1:F5");
	free_doc(d);

	char *styles = zx_read(path, "xl/styles.xml", NULL);
	assert_non_null(strstr(styles, "formatCode=\"#,##0.0\""));
	assert_non_null(strstr(styles, "formatCode=\"dd/mm/yyyy\""));
	assert_non_null(strstr(styles, "formatCode=\"0.0%\""));
	assert_non_null(strstr(styles, "formatCode=\"#,##0\""));
	assert_non_null(strstr(styles, "<name val=\"Times New Roman\"/>"));
	free(styles);
	char *sheet = zx_read(path, "xl/worksheets/sheet1.xml", NULL);
	assert_non_null(strstr(sheet, "customWidth=\"1\""));
	free(sheet);
	char *core = zx_read(path, "docProps/core.xml", NULL);
	assert_non_null(strstr(core, ">Chỉ tiêu đề án nhà trọ</dc:title>"));
	assert_non_null(strstr(core, ">Tiến Độ</dc:creator>"));
	free(core);
	char *wb = zx_read(path, "xl/workbook.xml", NULL);
	assert_non_null(strstr(wb, "name=\"Nhà trọ\""));
	assert_non_null(strstr(wb, "_xlnm._FilterDatabase"));
	free(wb);
}

static void sheet_names_are_made_acceptable_and_unique(void **state)
{
	(void)state;
	xlsx_book *b = NULL;
	assert_int_equal(xlsx_create(NULL, 0, &b), TD_OK);
	static const char *const names[] = {
		"Báo cáo", "BÁO CÁO", "Bao cao", "Kế hoạch [2025]/Q1: *?\\",
		"'Đề án'", "", "Đề án nâng cao năng lực số cho thanh thiếu niên giai đoạn 2022-2025",
		"Đề án nâng cao năng lực số cho thanh thiếu niên giai đoạn 2022-2025"};
	static const char *const want[] = {
		"Báo cáo", "BÁO CÁO (2)", "Bao cao (3)", "Kế hoạch -2025--Q1- ---",
		"Đề án", "Trang tính", "Đề án nâng cao năng lực số cho",
		"Đề án nâng cao năng lực số (2)"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		xlsx_sheet *s = NULL;
		assert_int_equal(xlsx_add_sheet(b, names[i], COLS, 2, &s), TD_OK);
		assert_non_null(s);
	}
	char path[400];
	snprintf(path, sizeof path, "%s/bang.xlsx", tmp_path);
	assert_int_equal(xlsx_save(b, path), TD_OK);
	xlsx_destroy(b);
	char *wb = zx_read(path, "xl/workbook.xml", NULL);
	assert_non_null(wb);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char needle[200];
		snprintf(needle, sizeof needle, "name=\"%s\"", want[i]);
		if (!strstr(wb, needle))
			fail_msg("no sheet named \"%s\" in %s", want[i], wb);
	}
	free(wb);
	unlink(path);
}

static void bad_cells_are_refused(void **state)
{
	(void)state;
	xlsx_book *b = NULL;
	assert_int_equal(xlsx_create("x", 0, &b), TD_OK);
	xlsx_sheet *s = NULL;
	assert_int_equal(xlsx_add_sheet(b, "a", COLS, 0, &s), TD_EINVALID);
	assert_int_equal(xlsx_add_sheet(b, "a", COLS, 2, &s), TD_OK);
	const xlsx_cell bad[][1] = {
		{xlsx_date("2025-02-30")}, {xlsx_date("05/02/2025")}, {xlsx_date("2025-2-5")},
		{xlsx_date("1899-12-31")}, {xlsx_date(NULL)}, {xlsx_date("2025-02-05x")},
		{xlsx_decimal(NAN)}, {xlsx_percent(INFINITY)}, {xlsx_int(9007199254740993LL)},
		{xlsx_text("Ha\xff")}, {{(xlsx_type)99, NULL, 0, 0}}};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (xlsx_add_row(s, bad[i], 1, 0) != TD_EINVALID)
			fail_msg("bad cell %zu accepted", i);
	const xlsx_cell three[] = {xlsx_int(1), xlsx_int(2), xlsx_int(3)};
	assert_int_equal(xlsx_add_row(s, three, 3, 0), TD_EINVALID);
	assert_int_equal(xlsx_add_row(s, three, 2, 0), TD_OK);
	assert_int_equal(xlsx_add_row(s, NULL, 0, 0), TD_OK); /* an empty row */
	assert_int_equal(xlsx_create("Ti\xe1\xba", 0, &(xlsx_book *){NULL}), TD_EINVALID);
	char path[400];
	snprintf(path, sizeof path, "%s/missing/bang.xlsx", tmp_path);
	assert_int_equal(xlsx_save(b, path), TD_ENOTFOUND);
	xlsx_destroy(b);
	/* destroying an unfinished workbook leaves nothing behind */
	assert_int_equal(xlsx_create("x", 0, &b), TD_OK);
	assert_int_equal(xlsx_add_sheet(b, "a", COLS, 2, &s), TD_OK);
	xlsx_destroy(b);
	xlsx_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_land_typed_with_a_frozen_header),
		cmocka_unit_test(sheet_names_are_made_acceptable_and_unique),
		cmocka_unit_test(bad_cells_are_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
