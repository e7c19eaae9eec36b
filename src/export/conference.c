/* conference.c — the conference report's draft (JSON) checked for shape and size,
 * then laid out with the docx writer: header by format, title, sections I.., their
 * subsections 1.., paragraphs and tables, and the closing block. */
#include "export/conference.h"
#include "export/docx.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const WIDE_COLUMNS[] = {"Chỉ tiêu", "Nội dung", "Tổ chức", "Trả lời",
					   "Người đứng đầu", NULL};

/* ---- checking ---- */

typedef struct chk {
	char *msg, *field;
	size_t msglen, fieldlen;
} chk;

static tderr bad(chk *c, const char *msg, const char *field)
{
	snprintf(c->msg, c->msglen, "%s", msg);
	snprintf(c->field, c->fieldlen, "%s", field);
	return TD_EINVALID;
}

static tderr text_ok(chk *c, const json_t *v, size_t max, int required, const char *field)
{
	if (!v && !required)
		return TD_OK;
	if (!json_is_string(v))
		return bad(c, "Phải là một đoạn văn bản", field);
	if (json_string_length(v) > max)
		return bad(c, "Văn bản quá dài", field);
	return TD_OK;
}

static tderr tables_ok(chk *c, const json_t *tables, const char *at)
{
	char f[160];
	if (!tables)
		return TD_OK;
	if (!json_is_array(tables) || json_array_size(tables) > CONFDOC_TABLES_MAX) {
		snprintf(f, sizeof f, "%s.tables", at);
		return bad(c, "Danh sách bảng không hợp lệ hoặc quá nhiều bảng", f);
	}
	size_t i;
	const json_t *t;
	json_array_foreach(tables, i, t) {
		snprintf(f, sizeof f, "%s.tables[%zu]", at, i);
		const json_t *cols = json_object_get(t, "columns"), *rows = json_object_get(t, "rows");
		size_t nc = json_array_size(cols);
		if (!json_is_object(t) || !json_is_array(cols) || nc < 1 || nc > CONFDOC_COLS_MAX ||
		    !json_is_array(rows) || json_array_size(rows) > CONFDOC_ROWS_MAX ||
		    text_ok(c, json_object_get(t, "caption"), CONFDOC_HEADING_MAX, 0, f))
			return bad(c, "Bảng phải có 1..8 cột và danh sách dòng", f);
		size_t k, j;
		const json_t *x, *row;
		json_array_foreach(cols, k, x)
			if (text_ok(c, x, CONFDOC_HEADING_MAX, 1, f))
				return TD_EINVALID;
		json_array_foreach(rows, k, row) {
			if (!json_is_array(row) || json_array_size(row) != nc)
				return bad(c, "Mỗi dòng của bảng phải có đủ số ô", f);
			json_array_foreach(row, j, x)
				if (text_ok(c, x, CONFDOC_TEXT_MAX, 1, f))
					return TD_EINVALID;
		}
	}
	return TD_OK;
}

static tderr block_ok(chk *c, const json_t *b, const char *at)
{
	char f[160];
	snprintf(f, sizeof f, "%s.heading", at);
	if (!json_is_object(b))
		return bad(c, "Phải là một đối tượng", at);
	if (text_ok(c, json_object_get(b, "heading"), CONFDOC_HEADING_MAX, 1, f))
		return TD_EINVALID;
	const json_t *ps = json_object_get(b, "paragraphs");
	snprintf(f, sizeof f, "%s.paragraphs", at);
	if (ps && (!json_is_array(ps) || json_array_size(ps) > CONFDOC_PARAGRAPHS_MAX))
		return bad(c, "Danh sách đoạn không hợp lệ hoặc quá dài", f);
	size_t i;
	const json_t *p;
	json_array_foreach(ps, i, p)
		if (text_ok(c, p, CONFDOC_TEXT_MAX, 1, f))
			return TD_EINVALID;
	return tables_ok(c, json_object_get(b, "tables"), at);
}

tderr confdoc_check(const json_t *draft, char *msg, size_t msglen, char *field, size_t fieldlen)
{
	chk c = {msg, field, msglen, fieldlen};
	static const char *const META[] = {"issuer", "number", "place_date", "title", "subject"};
	const json_t *meta = json_object_get(draft, "meta"), *secs = json_object_get(draft, "sections");
	if (!json_is_object(meta))
		return bad(&c, "Thiếu phần đầu văn bản", "meta");
	const char *fmt = json_string_value(json_object_get(meta, "format"));
	if (fmt && strcmp(fmt, "party") != 0 && strcmp(fmt, "state") != 0)
		return bad(&c, "Thể thức phải là party hoặc state", "meta.format");
	for (size_t i = 0; i < sizeof META / sizeof *META; i++) {
		char f[64];
		snprintf(f, sizeof f, "meta.%s", META[i]);
		if (text_ok(&c, json_object_get(meta, META[i]), CONFDOC_META_MAX,
			    i < 2 || i == 3, f))
			return TD_EINVALID;
	}
	if (!json_is_array(secs) || json_array_size(secs) > CONFDOC_SECTIONS_MAX)
		return bad(&c, "Danh sách mục không hợp lệ hoặc quá nhiều mục", "sections");
	size_t i, k;
	const json_t *s, *sub;
	json_array_foreach(secs, i, s) {
		char at[64];
		snprintf(at, sizeof at, "sections[%zu]", i);
		tderr e = block_ok(&c, s, at);
		if (e)
			return e;
		const json_t *subs = json_object_get(s, "subsections");
		if (subs && (!json_is_array(subs) || json_array_size(subs) > CONFDOC_SUBSECTIONS_MAX))
			return bad(&c, "Danh sách tiểu mục không hợp lệ", at);
		json_array_foreach(subs, k, sub) {
			char at2[160];
			snprintf(at2, sizeof at2, "%s.subsections[%zu]", at, k);
			if ((e = block_ok(&c, sub, at2)))
				return e;
		}
	}
	return TD_OK;
}

/* ---- layout ---- */

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static int is_wide(const char *h)
{
	for (size_t i = 0; WIDE_COLUMNS[i]; i++)
		if (!strcmp(h, WIDE_COLUMNS[i]))
			return 1;
	return 0;
}

/* A column holds numbers when its first filled cell starts with a digit. */
static int numeric_col(const json_t *rows, size_t col)
{
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row) {
		const char *s = json_string_value(json_array_get(row, col));
		if (s && *s)
			return *s >= '0' && *s <= '9';
	}
	return 0;
}

static tderr table(docx *d, const json_t *t)
{
	const json_t *cols = json_object_get(t, "columns"), *rows = json_object_get(t, "rows");
	size_t nc = json_array_size(cols), wsum = 0;
	docx_col dc[CONFDOC_COLS_MAX];
	const char *hdr[CONFDOC_COLS_MAX], *cells[CONFDOC_COLS_MAX];
	unsigned w[CONFDOC_COLS_MAX];
	for (size_t i = 0; i < nc; i++) {
		hdr[i] = json_string_value(json_array_get(cols, i));
		w[i] = is_wide(hdr[i]) ? 3 : 1;
		wsum += w[i];
	}
	for (size_t i = 0; i < nc; i++)
		dc[i] = (docx_col){(unsigned)(DOCX_TEXT_WIDTH * w[i] / wsum),
				   numeric_col(rows, i) ? DOCX_RIGHT : DOCX_LEFT};
	const char *cap = str(t, "caption");
	if (cap && *cap) {
		docx_run run = {cap, DOCX_BOLD | DOCX_ITALIC};
		docx_paragraph_aligned(d, DOCX_CENTER, &run, 1);
	}
	docx_table_begin(d, dc, nc);
	docx_table_header_text(d, hdr, nc);
	size_t i;
	const json_t *row;
	json_array_foreach(rows, i, row) {
		for (size_t k = 0; k < nc; k++)
			cells[k] = json_string_value(json_array_get(row, k));
		docx_table_row(d, cells, nc, 0);
	}
	return docx_table_end(d);
}

static void block(docx *d, const json_t *b)
{
	size_t i;
	const json_t *x;
	json_array_foreach(json_object_get(b, "paragraphs"), i, x)
		docx_paragraph(d, json_string_value(x));
	json_array_foreach(json_object_get(b, "tables"), i, x)
		table(d, x);
}

tderr confdoc_render(const json_t *draft, char **buf, size_t *len)
{
	const json_t *meta = json_object_get(draft, "meta");
	const char *subject = str(meta, "subject");
	docx_meta dm = {subject, 0};
	docx *d = NULL;
	tderr e = docx_create(&dm, &d);
	if (e)
		return e;
	const char *fmt = str(meta, "format");
	int state = fmt && !strcmp(fmt, "state");
	const char *place = str(meta, "place_date");
	if (state)
		docx_state_header(d, str(meta, "issuer"), str(meta, "number"), place ? place : "");
	else
		docx_party_header(d, str(meta, "issuer"), str(meta, "number"), place ? place : "");
	docx_title(d, str(meta, "title"), subject);
	size_t i, k;
	const json_t *s, *sub;
	json_array_foreach(json_object_get(draft, "sections"), i, s) {
		docx_heading(d, 1, str(s, "heading"));
		block(d, s);
		json_array_foreach(json_object_get(s, "subsections"), k, sub) {
			docx_heading(d, 2, str(sub, "heading"));
			block(d, sub);
		}
	}
	static const char *const to[] = {"Như trên,", "Lưu văn phòng."};
	docx_closing cl = {to, 2, state ? "KT. CHỦ TỊCH" : "T/M BAN THƯỜNG VỤ",
			   state ? "PHÓ CHỦ TỊCH" : "PHÓ BÍ THƯ", NULL};
	docx_closing_block(d, &cl);
	e = docx_to_memory(d, buf, len);
	docx_destroy(d);
	return e;
}
