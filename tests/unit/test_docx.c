/* test_docx.c — the .docx writer: a Party-format and a state-format report with
 * numbered headings, runs, "- " items and a three-page table are complete, well-
 * formed packages; text is escaped, NFC and free of control characters; misuse is
 * refused; a full disk leaves the old file whole. The two samples are also written
 * to tests/out/ for the rendering test (tests/api/docx_render.test.mjs). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "export/docx.h"
#include "zipxml.h"

/* 2025-06-14 08:00 UTC, the day of the conference */
#define CONFERENCE_DAY ((time_t)1749888000)

static const char ALL_DIACRITICS[] =
	"àáảãạ ăằắẳẵặ âầấẩẫậ đ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự "
	"ỳýỷỹỵ ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ Đ ÈÉẺẼẸ ÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ ÙÚỦŨỤ "
	"ƯỪỨỬỮỰ ỲÝỶỸỴ";

/* six of the ten districts: 60 communes, a table over three pages */
static const char *const DISTRICTS[] = {
	"Thành phố Bắc Giang", "Huyện Lạng Giang", "Huyện Lục Nam", "Huyện Lục Ngạn",
	"Huyện Sơn Động", "Huyện Yên Thế"};

static const char *const PARTS[] = {
	"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
	"word/settings.xml", "word/footer1.xml", "word/footer2.xml",
	"word/_rels/document.xml.rels", "docProps/core.xml"};

static char tmpdir_path[256];

static int make_tmpdir(void **state)
{
	(void)state;
	snprintf(tmpdir_path, sizeof tmpdir_path, "%s/tiendo-docx-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(tmpdir_path) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
	(void)state;
	DIR *dir = opendir(tmpdir_path);
	if (dir) {
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			char p[512];
			snprintf(p, sizeof p, "%s/%s", tmpdir_path, e->d_name);
			unlink(p);
		}
		closedir(dir);
	}
	rmdir(tmpdir_path);
	return 0;
}

/* n the Vietnamese way: 1234567 -> "1.234.567". */
static void vn_int(long long n, char *buf, size_t size)
{
	char raw[32];
	snprintf(raw, sizeof raw, "%lld", n < 0 ? -n : n);
	size_t len = strlen(raw), k = 0;
	if (n < 0 && k + 1 < size)
		buf[k++] = '-';
	for (size_t i = 0; i < len && k + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[k++] = '.';
		buf[k++] = raw[i];
	}
	buf[k] = 0;
}

/* The body both samples share: three levels of headings, runs, items, and a
 * table of 6 districts x 10 communes that runs over three pages. */
static void sample_body(docx *d)
{
	assert_int_equal(docx_heading(d, 1, "KẾT QUẢ THỰC HIỆN CÁC KẾ HOẠCH, ĐỀ ÁN"), TD_OK);
	assert_int_equal(docx_heading(d, 2, "Công tác lãnh đạo, chỉ đạo"), TD_OK);
	assert_int_equal(docx_paragraph(d,
		"Thực hiện sự chỉ đạo của Ban Thường vụ Tỉnh ủy, Ủy ban MTTQ và các tổ chức "
		"chính trị - xã hội tỉnh đã xây dựng các kế hoạch, đề án thực hiện nhiệm vụ "
		"được giao. Quá trình triển khai được các cấp ủy đảng, chính quyền từ tỉnh đến "
		"cơ sở quan tâm lãnh đạo, chỉ đạo; thường xuyên đôn đốc, kiểm tra, giám sát."), TD_OK);
	docx_run runs[] = {
		{"Kết quả nổi bật: ", DOCX_BOLD},
		{"các mục tiêu, nhiệm vụ đề ra trong mỗi đề án được thực hiện ", 0},
		{"đúng tiến độ", DOCX_ITALIC},
		{"; kinh phí đã bố trí 1.234.567 nghìn đồng (chi phí <dự kiến> & \"thực tế\" > 0).", 0}};
	assert_int_equal(docx_paragraph_runs(d, runs, 4), TD_OK);
	assert_int_equal(docx_heading(d, 3, "Tuyên truyền, vận động"), TD_OK);
	assert_int_equal(docx_bullet(d, "Đề án Nhà trọ công nhân an toàn, văn minh, giai đoạn 2022 - 2025."), TD_OK);
	assert_int_equal(docx_bullet(d, "Đề án thu gom, phân loại rác thải sinh hoạt, giai đoạn 2021 - 2025."), TD_OK);
	assert_int_equal(docx_heading(d, 3, "Kiểm tra chữ"), TD_OK);
	assert_int_equal(docx_paragraph(d, ALL_DIACRITICS), TD_OK);
	assert_int_equal(docx_heading(d, 2, "Kết quả thực hiện các chỉ tiêu"), TD_OK);
	docx_run unit = {"Đơn vị tính: nhà trọ, đồng", DOCX_ITALIC};
	assert_int_equal(docx_paragraph_aligned(d, DOCX_RIGHT, &unit, 1), TD_OK);

	const docx_col cols[] = {{680, DOCX_CENTER}, {3175, DOCX_LEFT}, {1300, DOCX_RIGHT},
				 {1300, DOCX_RIGHT}, {1100, DOCX_RIGHT}, {1800, DOCX_RIGHT}};
	assert_int_equal(docx_table_begin(d, cols, 6), TD_OK);
	const docx_cell top[] = {{"STT", 1, 2}, {"Đơn vị", 1, 2}, {"Số nhà trọ", 1, 2},
				 {"Đạt \"an toàn, văn minh\"", 2, 1}, {"Kinh phí (đồng)", 1, 2}};
	assert_int_equal(docx_table_header(d, top, 5), TD_OK);
	const docx_cell second[] = {{"Số lượng", 0, 0}, {"Tỷ lệ (%)", 0, 0}};
	assert_int_equal(docx_table_header(d, second, 2), TD_OK);
	long long houses_total = 0, passed_total = 0, money_total = 0;
	int stt = 0;
	for (size_t k = 0; k < sizeof DISTRICTS / sizeof DISTRICTS[0]; k++) {
		const docx_cell group[] = {{"", 0, 0}, {DISTRICTS[k], 5, 0}};
		assert_int_equal(docx_table_row_cells(d, group, 2, DOCX_ROW_TOTAL), TD_OK);
		for (int c = 1; c <= 10; c++) {
			char n[8], name[64], houses[32], passed[32], rate[48], money[32];
			long long h = 1234 + 37 * (long long)(stt % 11), p = h * 7 / 10;
			long long m = stt == 0 ? 1234567 : 1234567LL * (stt % 13 + 1) + 500000;
			stt++;
			snprintf(n, sizeof n, "%d", stt);
			snprintf(name, sizeof name, "Xã %s số %d", k % 2 ? "Tân" : "Đồng", c);
			vn_int(h, houses, sizeof houses);
			vn_int(p, passed, sizeof passed);
			snprintf(rate, sizeof rate, "%lld,%lld", p * 100 / h, p * 1000 / h % 10);
			vn_int(m, money, sizeof money);
			const char *row[] = {n, name, houses, passed, rate, money};
			assert_int_equal(docx_table_row(d, row, 6, 0), TD_OK);
			houses_total += h, passed_total += p, money_total += m;
		}
	}
	char ht[32], pt[32], mt[32], rt[48];
	vn_int(houses_total, ht, sizeof ht);
	vn_int(passed_total, pt, sizeof pt);
	vn_int(money_total, mt, sizeof mt);
	snprintf(rt, sizeof rt, "%lld,%lld", passed_total * 100 / houses_total,
		 passed_total * 1000 / houses_total % 10);
	const char *total[] = {"", "Tổng cộng", ht, pt, rt, mt};
	assert_int_equal(docx_table_row(d, total, 6, DOCX_ROW_TOTAL), TD_OK);
	assert_int_equal(docx_table_end(d), TD_OK);

	assert_int_equal(docx_heading(d, 1, "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"), TD_OK);
	assert_int_equal(docx_paragraph(d,
		"Việc bố trí kinh phí triển khai thực hiện các đề án ở một số đơn vị cơ sở còn "
		"chậm; hoạt động ứng dụng công nghệ thông tin, công nghệ số chưa nhiều."), TD_OK);
	assert_int_equal(docx_heading(d, 1, "NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"), TD_OK);
	assert_int_equal(docx_heading(d, 2, "Rà soát các chỉ tiêu, mục tiêu"), TD_OK);
	assert_int_equal(docx_paragraph(d,
		"Rà soát lại các chỉ tiêu, mục tiêu gắn với trách nhiệm người đứng đầu trong "
		"thực hiện các kế hoạch, đề án; quan tâm bố trí, bảo đảm kinh phí, tăng cường "
		"xã hội hóa các nguồn kinh phí để tổ chức thực hiện bảo đảm chất lượng."), TD_OK);
}

static docx *party_sample(void)
{
	docx *d = NULL;
	docx_meta meta = {"Báo cáo kết quả thực hiện các kế hoạch, đề án", CONFERENCE_DAY};
	assert_int_equal(docx_create(&meta, &d), TD_OK);
	assert_int_equal(docx_party_header(d, "TỈNH ỦY BẮC GIANG", "Số 12-BC/TU",
					   "Bắc Giang, ngày 14 tháng 6 năm 2025"), TD_OK);
	assert_int_equal(docx_title(d, "BÁO CÁO",
		"kết quả thực hiện các kế hoạch, đề án của Ủy ban MTTQ\n"
		"và các tổ chức chính trị - xã hội tỉnh"), TD_OK);
	sample_body(d);
	const char *const to[] = {"Ban Dân vận Trung ương (b/c),", "Các đồng chí Ủy viên BTV Tỉnh ủy,",
				  "Ủy ban MTTQ và các tổ chức CT-XH tỉnh,",
				  "Các huyện ủy, thị ủy, thành ủy,", "Lưu Văn phòng Tỉnh ủy."};
	docx_closing c = {to, 5, "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Thị Thu Hồng"};
	assert_int_equal(docx_closing_block(d, &c), TD_OK);
	return d;
}

static docx *state_sample(void)
{
	docx *d = NULL;
	docx_meta meta = {"Báo cáo kết quả thực hiện Đề án nhà trọ công nhân", CONFERENCE_DAY};
	assert_int_equal(docx_create(&meta, &d), TD_OK);
	assert_int_equal(docx_state_header(d, "UBND TỈNH BẮC GIANG", "Số: 05/BC-UBND",
					   "Bắc Giang, ngày 05 tháng 02 năm 2025"), TD_OK);
	assert_int_equal(docx_title(d, "BÁO CÁO",
		"Kết quả thực hiện Đề án Nhà trọ công nhân an toàn, văn minh năm 2024"), TD_OK);
	sample_body(d);
	const char *const to[] = {"Thường trực Tỉnh ủy (b/c);", "Thường trực HĐND tỉnh;",
				  "Chủ tịch, các PCT UBND tỉnh;", "Ủy ban MTTQ tỉnh;",
				  "Lưu: VT, KGVX."};
	docx_closing c = {to, 5, "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Ô Pích"};
	assert_int_equal(docx_closing_block(d, &c), TD_OK);
	return d;
}

/* Every part is there and parses; returns document.xml (caller frees). */
static char *check_package(const char *path)
{
	assert_int_equal(zx_entries(path), (long)(sizeof PARTS / sizeof PARTS[0]));
	char *doc = NULL;
	for (size_t i = 0; i < sizeof PARTS / sizeof PARTS[0]; i++) {
		size_t len = 0;
		char *xml = zx_read(path, PARTS[i], &len);
		if (!xml)
			fail_msg("%s: part %s is missing", path, PARTS[i]);
		char msg[200] = "";
		if (!zx_well_formed(xml, len, msg, sizeof msg))
			fail_msg("%s: %s is not well-formed: %s", path, PARTS[i], msg);
		if (strcmp(PARTS[i], "word/document.xml") == 0)
			doc = xml;
		else
			free(xml);
	}
	return doc;
}

/* Writes the sample where the rendering test looks for it (tests/out/ under the
 * working directory, which is the repository's root when the suites run). */
static void keep_sample(docx *d, const char *name)
{
	struct stat st;
	if (stat("tests", &st) != 0 || !S_ISDIR(st.st_mode))
		return;
	mkdir("tests/out", 0755);
	char path[128];
	snprintf(path, sizeof path, "tests/out/%s", name);
	assert_int_equal(docx_save(d, path), TD_OK);
}

static void party_report_is_a_complete_package(void **state)
{
	(void)state;
	docx *d = party_sample();
	char path[400];
	snprintf(path, sizeof path, "%s/party.docx", tmpdir_path);
	assert_int_equal(docx_save(d, path), TD_OK);
	keep_sample(d, "sample-party.docx");
	docx_destroy(d);
	char *doc = check_package(path);
	/* the official header */
	assert_non_null(strstr(doc, ">ĐẢNG CỘNG SẢN VIỆT NAM<"));
	assert_non_null(strstr(doc, ">TỈNH ỦY BẮC GIANG<"));
	assert_non_null(strstr(doc, ">*<"));
	assert_non_null(strstr(doc, ">Số 12-BC/TU<"));
	assert_non_null(strstr(doc, ">Bắc Giang, ngày 14 tháng 6 năm 2025<"));
	assert_non_null(strstr(doc, "<w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">ĐẢNG"));
	assert_non_null(strstr(doc, ">BÁO CÁO<"));
	assert_non_null(strstr(doc, ">-----<"));
	/* headings numbered the Vietnamese way, counters reset below a heading */
	assert_non_null(strstr(doc, ">I. <"));
	assert_non_null(strstr(doc, ">II. <"));
	assert_non_null(strstr(doc, ">III. <"));
	assert_int_equal(zx_count(doc, ">1. <"), 2);
	assert_non_null(strstr(doc, ">2. <"));
	assert_non_null(strstr(doc, ">a) <"));
	assert_non_null(strstr(doc, ">b) <"));
	assert_non_null(strstr(doc, ">- <"));
	/* the table: two repeated header rows, merged cells, the figures */
	assert_int_equal(zx_count(doc, "<w:tblHeader/>"), 2);
	assert_non_null(strstr(doc, "<w:gridSpan w:val=\"2\"/>"));
	assert_int_equal(zx_count(doc, "<w:vMerge w:val=\"restart\"/>"), 4);
	assert_int_equal(zx_count(doc, "<w:vMerge/>"), 4);
	assert_non_null(strstr(doc, ">1.234.567<"));
	assert_non_null(strstr(doc, ">Tổng cộng<"));
	/* the closing block */
	assert_non_null(strstr(doc, ">Nơi nhận:<"));
	assert_non_null(strstr(doc, ">T/M BAN THƯỜNG VỤ<"));
	assert_non_null(strstr(doc, ">Lê Thị Thu Hồng<"));
	/* A4, Decree 30 margins, a page number from page 2 on */
	assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(doc, "w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""));
	assert_non_null(strstr(doc, "<w:titlePg/>"));
	free(doc);
	char *footer = zx_read(path, "word/footer1.xml", NULL);
	assert_non_null(strstr(footer, "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
	free(footer);
	char *styles = zx_read(path, "word/styles.xml", NULL);
	assert_non_null(strstr(styles, "w:ascii=\"Times New Roman\""));
	assert_non_null(strstr(styles, "w:styleId=\"Heading1\""));
	assert_non_null(strstr(styles, "w:styleId=\"TableText\""));
	free(styles);
	char *core = zx_read(path, "docProps/core.xml", NULL);
	assert_non_null(strstr(core, "<dc:title>Báo cáo kết quả thực hiện các kế hoạch, đề án</dc:title>"));
	assert_non_null(strstr(core, "<dc:creator>Tiến Độ</dc:creator>"));
	assert_non_null(strstr(core, ">2025-06-14T08:00:00Z</dcterms:created>"));
	free(core);
}

static void state_report_is_a_complete_package(void **state)
{
	(void)state;
	docx *d = state_sample();
	char path[400];
	snprintf(path, sizeof path, "%s/state.docx", tmpdir_path);
	assert_int_equal(docx_save(d, path), TD_OK);
	keep_sample(d, "sample-state.docx");
	docx_destroy(d);
	char *doc = check_package(path);
	assert_non_null(strstr(doc, ">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<"));
	assert_non_null(strstr(doc, ">Độc lập - Tự do - Hạnh phúc<"));
	assert_non_null(strstr(doc, ">UBND TỈNH BẮC GIANG<"));
	assert_non_null(strstr(doc, ">Số: 05/BC-UBND<"));
	assert_non_null(strstr(doc, ">Bắc Giang, ngày 05 tháng 02 năm 2025<"));
	/* the lines under the body's name, the motto and the subject */
	assert_int_equal(zx_count(doc, "<w:pBdr><w:top w:val=\"single\""), 3);
	assert_null(strstr(doc, "ĐẢNG CỘNG SẢN"));
	assert_non_null(strstr(doc, ">TM. ỦY BAN NHÂN DÂN<"));
	assert_non_null(strstr(doc, "<w:br/><w:t xml:space=\"preserve\">KT. CHỦ TỊCH<"));
	free(doc);
}

static char *document_of(docx *d)
{
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(docx_to_memory(d, &buf, &len), TD_OK);
	assert_true(len > 4 && memcmp(buf, "PK\x03\x04", 4) == 0);
	char path[400];
	snprintf(path, sizeof path, "%s/memory.docx", tmpdir_path);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	free(buf);
	char *doc = check_package(path);
	unlink(path);
	return doc;
}

static void text_is_escaped_normalised_and_cleaned(void **state)
{
	(void)state;
	docx *d = NULL;
	assert_int_equal(docx_create(NULL, &d), TD_OK);
	/* "Hòa" typed with a combining grave (NFD), control characters, metacharacters */
	assert_int_equal(docx_paragraph(d, "Ho\xcc\x80" "a\x01\x07 <b>&amp; \"x\" 'y'\x7f\r\nz\rw\tt"), TD_OK);
	assert_int_equal(docx_paragraph(d, ALL_DIACRITICS), TD_OK);
	assert_int_equal(docx_paragraph(d, NULL), TD_OK);
	char *doc = document_of(d);
	assert_non_null(strstr(doc, ">Hòa &lt;b&gt;&amp;amp; &quot;x&quot; 'y'</w:t><w:br/>"
				    "<w:t xml:space=\"preserve\">z</w:t><w:br/>"
				    "<w:t xml:space=\"preserve\">w</w:t><w:tab/>"));
	assert_non_null(strstr(doc, ALL_DIACRITICS));
	assert_null(strchr(doc, '\x01'));
	assert_null(strchr(doc, '\x7f'));
	free(doc);
	docx_destroy(d);
}

static void misuse_is_refused_and_remembered(void **state)
{
	(void)state;
	docx *d = NULL;
	const docx_col cols[] = {{1000, DOCX_LEFT}, {1000, DOCX_RIGHT}};
	const char *row[] = {"a", "1"};
	struct { const char *what; tderr want; } cases[] = {
		{"heading 0", TD_EINVALID}, {"heading 4", TD_EINVALID},
		{"bad utf-8", TD_EINVALID}, {"overlong", TD_EINVALID},
		{"row outside a table", TD_EINVALID}, {"paragraph inside a table", TD_EINVALID},
		{"wrong cell count", TD_EINVALID}, {"header after body", TD_EINVALID},
		{"merged rows owed", TD_EINVALID}, {"too wide a span", TD_EINVALID},
		{"column too narrow", TD_EINVALID}, {"save with table open", TD_EINVALID},
		{"text too long", TD_ETOOLARGE}, {"header without number", TD_EINVALID}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(docx_create(NULL, &d), TD_OK);
		tderr e = TD_OK;
		switch (i) {
		case 0: e = docx_heading(d, 0, "x"); break;
		case 1: e = docx_heading(d, 4, "x"); break;
		case 2: e = docx_paragraph(d, "Ha\xff Noi"); break;
		case 3: e = docx_paragraph(d, "\xc0\xaf"); break;
		case 4: e = docx_table_row(d, row, 2, 0); break;
		case 5:
			docx_table_begin(d, cols, 2);
			e = docx_paragraph(d, "x");
			break;
		case 6:
			docx_table_begin(d, cols, 2);
			e = docx_table_row(d, row, 1, 0);
			break;
		case 7:
			docx_table_begin(d, cols, 2);
			docx_table_row(d, row, 2, 0);
			e = docx_table_header_text(d, row, 2);
			break;
		case 8: {
			docx_table_begin(d, cols, 2);
			const docx_cell c[] = {{"a", 1, 2}, {"b", 1, 1}};
			docx_table_header(d, c, 2);
			e = docx_table_end(d);
			break;
		}
		case 9: {
			docx_table_begin(d, cols, 2);
			const docx_cell c[] = {{"a", 3, 1}};
			e = docx_table_header(d, c, 1);
			break;
		}
		case 10: {
			const docx_col narrow[] = {{10, DOCX_LEFT}};
			e = docx_table_begin(d, narrow, 1);
			break;
		}
		case 11: {
			docx_table_begin(d, cols, 2);
			char *buf = NULL;
			size_t len = 0;
			e = docx_to_memory(d, &buf, &len);
			assert_null(buf);
			break;
		}
		case 12: {
			char *big = malloc((1u << 20) + 2);
			memset(big, 'a', (1u << 20) + 1);
			big[(1u << 20) + 1] = 0;
			e = docx_paragraph(d, big);
			free(big);
			break;
		}
		case 13: e = docx_party_header(d, "TỈNH ỦY", "", "x"); break;
		}
		if (e != cases[i].want)
			fail_msg("%s: got %d, want %d", cases[i].what, e, cases[i].want);
		/* the document remembers: later calls and the output fail the same way,
		 * except for the open-table case, which only blocks the output */
		if (i != 11) {
			assert_int_equal(docx_paragraph(d, "sau lỗi"), cases[i].want);
			char *buf = NULL;
			size_t len = 0;
			assert_int_equal(docx_to_memory(d, &buf, &len), cases[i].want);
			assert_null(buf);
		}
		docx_destroy(d);
	}
	docx_destroy(NULL);
	/* a title cut in the middle of a character: refused, and *out cleared */
	docx_meta bad = {"Ti\xe1\xba", 0};
	d = (docx *)&bad; /* any non-NULL value */
	assert_int_equal(docx_create(&bad, &d), TD_EINVALID);
	assert_null(d);
}

static void headings_count_in_roman_figures_and_letters(void **state)
{
	(void)state;
	docx *d = NULL;
	assert_int_equal(docx_create(NULL, &d), TD_OK);
	for (int i = 0; i < 14; i++)
		assert_int_equal(docx_heading(d, 1, "Phần"), TD_OK);
	for (int i = 0; i < 25; i++)
		assert_int_equal(docx_heading(d, 3, "Điểm"), TD_OK);
	assert_int_equal(docx_heading(d, 2, "Mục"), TD_OK);
	char *doc = document_of(d);
	static const char *const want[] = {">IV. <", ">IX. <", ">XIV. <", ">đ) <", ">k) <",
					   ">y) <", ">a1) <", ">b1) <"};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		if (!strstr(doc, want[i]))
			fail_msg("no heading %s", want[i]);
	assert_null(strstr(doc, ">f) <"));
	assert_null(strstr(doc, ">z) <"));
	/* the level-3 points restarted with no level 2 in between: level 2 counts from 1 */
	assert_non_null(strstr(doc, ">1. <"));
	free(doc);
	docx_destroy(d);
}

static int count_entries(const char *dir)
{
	int n = 0;
	DIR *dp = opendir(dir);
	struct dirent *e;
	while (dp && (e = readdir(dp)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	if (dp)
		closedir(dp);
	return n;
}

static void a_full_disk_never_leaves_a_truncated_file(void **state)
{
	(void)state;
	char sub[400], path[500];
	snprintf(sub, sizeof sub, "%s/full", tmpdir_path);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof path, "%s/bao-cao.docx", sub);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("the old report", f);
	fclose(f);
	docx *d = party_sample();
	/* a file size limit makes write() fail as a full disk does */
	struct rlimit old, small = {4096, 0};
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	tderr e = docx_save(d, path);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(e, TD_ENOSPACE);
	char buf[64] = "";
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "the old report");
	assert_int_equal(count_entries(sub), 1); /* no temporary file left */
	/* and with room again, the whole document replaces it */
	assert_int_equal(docx_save(d, path), TD_OK);
	free(check_package(path));
	assert_int_equal(count_entries(sub), 1);
	unlink(path);
	rmdir(sub);
	/* a directory that does not exist */
	snprintf(path, sizeof path, "%s/missing/x.docx", tmpdir_path);
	assert_int_equal(docx_save(d, path), TD_ENOTFOUND);
	docx_destroy(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(party_report_is_a_complete_package),
		cmocka_unit_test(state_report_is_a_complete_package),
		cmocka_unit_test(text_is_escaped_normalised_and_cleaned),
		cmocka_unit_test(misuse_is_refused_and_remembered),
		cmocka_unit_test(headings_count_in_roman_figures_and_letters),
		cmocka_unit_test(a_full_disk_never_leaves_a_truncated_file),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
