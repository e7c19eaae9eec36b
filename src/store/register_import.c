/* register_import.c — tables of register records from CSV (libcsv) and XLSX
 * (libzip + expat: the shared strings and the first sheet), and the import that
 * checks every row and then creates all records or none. */
#include "store/register_import.h"
#include "core/regschema.h"
#include "core/vntext.h"
#include "store/store.h"
#include "store/units.h"
#include <csv.h>
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* ---- the rows being read ---- */

typedef struct reader {
	json_t *rows, *cells;
	int line;
	int failed;
	tderr e;
	char *err;
	size_t errlen;
	int err_line;
} reader;

static void rd_fail(reader *rd, tderr e, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void rd_fail(reader *rd, tderr e, int line, const char *fmt, ...)
{
	if (rd->failed)
		return;
	rd->failed = 1;
	rd->e = e;
	rd->err_line = line;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rd->err, rd->errlen, fmt, ap);
	va_end(ap);
}

static int cells_blank(const json_t *cells)
{
	size_t i;
	json_t *c;
	json_array_foreach(cells, i, c)
	if (json_string_length(c) > 0)
		return 0;
	return 1;
}

static void rd_end_row(reader *rd, int line)
{
	if (!rd->cells)
		return;
	if (!rd->failed && !cells_blank(rd->cells)) {
		if (json_array_size(rd->rows) > REGIMPORT_ROWS_MAX)
			rd_fail(rd, TD_ETOOLARGE, line, "Tệp có quá %d dòng", REGIMPORT_ROWS_MAX);
		else
			json_array_append_new(rd->rows, json_pack("{s:i,s:O}", "line", line, "cells",
								  rd->cells));
	}
	json_decref(rd->cells);
	rd->cells = NULL;
}

static void rd_cell(reader *rd, int col, const char *s, size_t n, int line)
{
	if (rd->failed)
		return;
	if (!rd->cells)
		rd->cells = json_array();
	if (col >= REGIMPORT_COLS_MAX) {
		rd_fail(rd, TD_EINVALID, line, "Dòng %d có quá %d cột", line, REGIMPORT_COLS_MAX);
		return;
	}
	if (n > REG_TEXT_MAX || !vn_valid_text(s, n)) {
		rd_fail(rd, TD_EINVALID, line, "Dòng %d: ô %d không phải văn bản UTF-8 hợp lệ hoặc quá dài",
			line, col + 1);
		return;
	}
	while ((int)json_array_size(rd->cells) < col)
		json_array_append_new(rd->cells, json_string(""));
	json_t *v = json_stringn(s, n);
	if ((int)json_array_size(rd->cells) == col)
		json_array_append_new(rd->cells, v ? v : json_string(""));
	else
		json_array_set_new(rd->cells, (size_t)col, v ? v : json_string(""));
}

/* ---- CSV ---- */

typedef struct csvrd {
	reader *rd;
	int col, line, row_line;
} csvrd;

static void csv_field_cb(void *s, size_t n, void *p)
{
	csvrd *c = p;
	if (c->col == 0)
		c->row_line = c->line;
	rd_cell(c->rd, c->col++, s ? s : "", s ? n : 0, c->row_line);
}

static void csv_row_cb(int ch, void *p)
{
	(void)ch;
	csvrd *c = p;
	rd_end_row(c->rd, c->row_line);
	c->col = 0;
}

static tderr read_csv(reader *rd, const char *body, size_t len)
{
	if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
		body += 3, len -= 3;
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return TD_EINTERNAL;
	/* the delimiter of the first line: ';' when it has more of them than ',' */
	size_t semi = 0, comma = 0;
	for (size_t i = 0; i < len && body[i] != '\n'; i++)
		semi += body[i] == ';', comma += body[i] == ',';
	csv_set_delim(&p, semi > comma ? ';' : ',');
	csvrd c = {rd, 0, 1, 1};
	size_t i = 0;
	while (i < len && !rd->failed) {
		const char *nl = memchr(body + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (body + i)) + 1 : len - i;
		if (csv_parse(&p, body + i, n, csv_field_cb, csv_row_cb, &c) != n)
			rd_fail(rd, TD_EINVALID, c.line, "Dòng %d: CSV không hợp lệ (%s)", c.line,
				csv_strerror(csv_error(&p)));
		i += n;
		c.line++;
	}
	if (!rd->failed && csv_fini(&p, csv_field_cb, csv_row_cb, &c) != 0)
		rd_fail(rd, TD_EINVALID, c.line, "Dòng %d: CSV không hợp lệ (dấu nháy chưa đóng)",
			c.line - 1);
	csv_free(&p);
	return rd->failed ? rd->e : TD_OK;
}

/* ---- XLSX ---- */

static char *zip_part(zip_t *z, const char *name, size_t *len, int *missing)
{
	zip_stat_t st;
	*missing = 0;
	if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		*missing = 1;
		return NULL;
	}
	if (st.size > REGIMPORT_BYTES_MAX * 4)
		return NULL;
	zip_file_t *f = zip_fopen(z, name, 0);
	char *buf = f ? malloc(st.size + 1) : NULL;
	zip_int64_t got = buf ? zip_fread(f, buf, st.size) : -1;
	if (f)
		zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return NULL;
	}
	buf[st.size] = 0;
	*len = st.size;
	return buf;
}

typedef struct xml_text {
	char *buf;
	size_t len, cap;
	int overflow;
} xml_text;

static void text_add(xml_text *t, const char *s, int n)
{
	if (t->overflow || n <= 0)
		return;
	if (t->len + (size_t)n + 1 > REG_TEXT_MAX + 1) {
		t->overflow = 1;
		return;
	}
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = (t->len + (size_t)n + 1) * 2;
		char *b = realloc(t->buf, cap);
		if (!b) {
			t->overflow = 1;
			return;
		}
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, (size_t)n);
	t->len += (size_t)n;
	t->buf[t->len] = 0;
}

static const char *local_name(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

/* sharedStrings.xml: the text of each <si>. */
typedef struct sst_ctx {
	json_t *strings;
	xml_text t;
	int in_si, in_t;
} sst_ctx;

static void XMLCALL sst_start(void *p, const char *name, const char **atts)
{
	(void)atts;
	sst_ctx *c = p;
	name = local_name(name);
	if (strcmp(name, "si") == 0) {
		c->in_si = 1;
		c->t.len = 0;
		c->t.overflow = 0;
	} else if (strcmp(name, "t") == 0 && c->in_si) {
		c->in_t = 1;
	}
}

static void XMLCALL sst_end(void *p, const char *name)
{
	sst_ctx *c = p;
	name = local_name(name);
	if (strcmp(name, "t") == 0)
		c->in_t = 0;
	else if (strcmp(name, "si") == 0 && c->in_si) {
		c->in_si = 0;
		if (json_array_size(c->strings) < 1000000)
			json_array_append_new(c->strings, json_stringn(c->t.buf ? c->t.buf : "", c->t.len));
	}
}

static void XMLCALL sst_chars(void *p, const char *s, int n)
{
	sst_ctx *c = p;
	if (c->in_t)
		text_add(&c->t, s, n);
}

/* sheet1.xml: rows of cells. */
typedef struct sheet_ctx {
	reader *rd;
	const json_t *strings;
	xml_text t;
	int row, col, in_v, in_t;
	char type[16];
} sheet_ctx;

static int col_of_ref(const char *ref)
{
	int col = 0, any = 0;
	for (; ref && *ref >= 'A' && *ref <= 'Z'; ref++, any = 1)
		col = col * 26 + (*ref - 'A' + 1);
	return any && col <= 16384 ? col - 1 : -1;
}

static void XMLCALL sheet_start_el(void *p, const char *name, const char **atts)
{
	sheet_ctx *c = p;
	name = local_name(name);
	if (strcmp(name, "row") == 0) {
		c->row++;
		c->col = -1;
		for (size_t i = 0; atts[i]; i += 2)
			if (strcmp(atts[i], "r") == 0) {
				char *end = NULL;
				long r = strtol(atts[i + 1], &end, 10);
				if (end && *end == 0 && r > 0 && r <= 1048576)
					c->row = (int)r;
			}
	} else if (strcmp(name, "c") == 0) {
		c->col++;
		c->type[0] = 0;
		c->t.len = 0;
		c->t.overflow = 0;
		for (size_t i = 0; atts[i]; i += 2) {
			if (strcmp(atts[i], "r") == 0) {
				int k = col_of_ref(atts[i + 1]);
				if (k >= 0)
					c->col = k;
			} else if (strcmp(atts[i], "t") == 0) {
				snprintf(c->type, sizeof c->type, "%s", atts[i + 1]);
			}
		}
	} else if (strcmp(name, "v") == 0) {
		c->in_v = 1;
	} else if (strcmp(name, "t") == 0) {
		c->in_t = 1;
	}
}

static void XMLCALL sheet_end_el(void *p, const char *name)
{
	sheet_ctx *c = p;
	name = local_name(name);
	if (strcmp(name, "v") == 0) {
		c->in_v = 0;
	} else if (strcmp(name, "t") == 0) {
		c->in_t = 0;
	} else if (strcmp(name, "c") == 0) {
		const char *s = c->t.buf ? c->t.buf : "";
		size_t n = c->t.len;
		if (c->t.overflow) {
			rd_fail(c->rd, TD_EINVALID, c->row, "Dòng %d: ô quá dài", c->row);
			return;
		}
		if (strcmp(c->type, "s") == 0) {
			char *end = NULL;
			long k = strtol(s, &end, 10);
			json_t *str = end && *end == 0 && n > 0 && k >= 0
					      ? json_array_get(c->strings, (size_t)k)
					      : NULL;
			if (!str) {
				rd_fail(c->rd, TD_EINVALID, c->row, "Dòng %d: ô tham chiếu chuỗi không có",
					c->row);
				return;
			}
			s = json_string_value(str);
			n = json_string_length(str);
		}
		if (n > 0)
			rd_cell(c->rd, c->col, s, n, c->row);
	} else if (strcmp(name, "row") == 0) {
		rd_end_row(c->rd, c->row);
	}
}

static void XMLCALL sheet_chars(void *p, const char *s, int n)
{
	sheet_ctx *c = p;
	if (c->in_v || c->in_t)
		text_add(&c->t, s, n);
}

static int parse_xml(const char *buf, size_t len, void *ctx, XML_StartElementHandler st,
		     XML_EndElementHandler en, XML_CharacterDataHandler ch)
{
	XML_Parser x = XML_ParserCreate("UTF-8");
	if (!x)
		return 0;
	XML_SetUserData(x, ctx);
	XML_SetElementHandler(x, st, en);
	XML_SetCharacterDataHandler(x, ch);
	int ok = XML_Parse(x, buf, (int)len, 1) == XML_STATUS_OK;
	XML_ParserFree(x);
	return ok;
}

static tderr read_xlsx(reader *rd, const char *body, size_t len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(body, len, 0, &ze);
	zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	if (!z) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		rd_fail(rd, TD_EINVALID, 0, "Không đọc được tệp Excel (.xlsx)");
		return TD_EINVALID;
	}
	size_t slen = 0, wlen = 0;
	int missing = 0;
	char *sst = zip_part(z, "xl/sharedStrings.xml", &slen, &missing);
	int sst_missing = missing;
	char *sheet = zip_part(z, "xl/worksheets/sheet1.xml", &wlen, &missing);
	zip_close(z);
	zip_error_fini(&ze);
	sst_ctx sc = {json_array(), {NULL, 0, 0, 0}, 0, 0};
	if (!sheet || (!sst && !sst_missing)) {
		rd_fail(rd, TD_EINVALID, 0, "Tệp Excel không có trang tính thứ nhất đọc được");
	} else if (sst && !parse_xml(sst, slen, &sc, sst_start, sst_end, sst_chars)) {
		rd_fail(rd, TD_EINVALID, 0, "Tệp Excel hỏng (bảng chuỗi)");
	} else {
		sheet_ctx c = {rd, sc.strings, {NULL, 0, 0, 0}, 0, -1, 0, 0, ""};
		if (!parse_xml(sheet, wlen, &c, sheet_start_el, sheet_end_el, sheet_chars))
			rd_fail(rd, TD_EINVALID, c.row, "Tệp Excel hỏng (trang tính)");
		free(c.t.buf);
	}
	free(sc.t.buf);
	json_decref(sc.strings);
	free(sst);
	free(sheet);
	return rd->failed ? rd->e : TD_OK;
}

tderr regimport_read(const char *body, size_t len, int xlsx, json_t **rows, char *err,
		     size_t errlen, int *line)
{
	*rows = NULL;
	*line = 0;
	reader rd = {json_array(), NULL, 0, 0, TD_OK, err, errlen, 0};
	if (len > REGIMPORT_BYTES_MAX) {
		snprintf(err, errlen, "Tệp quá lớn (tối đa 8 MiB)");
		json_decref(rd.rows);
		return TD_ETOOLARGE;
	}
	tderr e = xlsx ? read_xlsx(&rd, body, len) : read_csv(&rd, body, len);
	json_decref(rd.cells);
	if (!e && json_array_size(rd.rows) == 0) {
		snprintf(err, errlen, "Tệp không có dòng nào");
		e = TD_EINVALID;
	}
	if (e) {
		json_decref(rd.rows);
		*line = rd.err_line;
		return e;
	}
	*rows = rd.rows;
	return TD_OK;
}

/* ---- the import ---- */

static void add_error(regimport_result *res, int line, const char *field, const char *code,
		      const char *reason)
{
	res->errors_total++;
	if (json_array_size(res->errors) < REGIMPORT_ERRORS_MAX)
		json_array_append_new(res->errors,
				      json_pack("{s:i,s:s?,s:s,s:s}", "line", line, "field", field,
						"code", code, "reason", reason));
}

static int is_unit_header(const char *h)
{
	static const char *const names[] = {"unit", "don vi", "ma don vi", "unit_code", NULL};
	char *f = vn_fold(h);
	int hit = 0;
	for (size_t i = 0; f && names[i]; i++)
		hit |= strcmp(f, names[i]) == 0;
	free(f);
	return hit;
}

/* The field a header names: its name, or its label (without regard to case and
 * diacritics). */
static const json_t *header_field(const json_t *fields, const char *h)
{
	char *fh = vn_fold(h);
	const json_t *hit = NULL;
	size_t i;
	json_t *fd;
	json_array_foreach(fields, i, fd)
	{
		if (hit)
			break;
		const char *name = json_string_value(json_object_get(fd, "name"));
		char *fl = vn_fold(json_string_value(json_object_get(fd, "label")));
		if (strcmp(name, h) == 0 || (fh && fl && strcmp(fh, fl) == 0))
			hit = fd;
		free(fl);
	}
	free(fh);
	return hit;
}

tderr regimport_run(db *d, const td_user *u, const char *ip, const regtype_facts *t,
		    const json_t *fields, const json_t *derived, const json_t *rows, int dry_run,
		    regimport_result *res)
{
	memset(res, 0, sizeof *res);
	res->errors = json_array();
	const json_t *head = json_object_get(json_array_get(rows, 0), "cells");
	size_t ncols = json_array_size(head);
	const json_t **col_field = calloc(ncols + 1, sizeof(const json_t *));
	if (!col_field)
		return TD_EINTERNAL;
	int unit_col = -1;
	int head_line = (int)json_integer_value(json_object_get(json_array_get(rows, 0), "line"));
	for (size_t k = 0; k < ncols; k++) {
		const char *h = json_string_value(json_array_get(head, k));
		if (is_unit_header(h) && unit_col < 0) {
			unit_col = (int)k; /* the first: an export's unit name column follows */
			continue;
		}
		col_field[k] = header_field(fields, h);
		if (!col_field[k] && h[0] && !is_unit_header(h) && strcmp(h, "unit_name") != 0 &&
		    !header_field(derived, h))
			add_error(res, head_line, h, "unknown_column", "Cột không có trong sổ");
	}
	if (unit_col < 0)
		add_error(res, head_line, "unit", "missing_column", "Thiếu cột unit (mã đơn vị)");
	json_t *good = json_array(); /* [{unit_id, data}] */
	for (size_t r = 1; r < json_array_size(rows) && unit_col >= 0; r++) {
		const json_t *row = json_array_get(rows, r);
		int line = (int)json_integer_value(json_object_get(row, "line"));
		const json_t *cells = json_object_get(row, "cells");
		res->rows++;
		const char *code = json_string_value(json_array_get(cells, (size_t)unit_col));
		int64_t uid = 0;
		char path[UNIT_PATH_MAX];
		tderr e = code && *code ? units_lookup(d, code, &uid, path) : TD_ENOTFOUND;
		if (e && e != TD_ENOTFOUND) {
			json_decref(good);
			free(col_field);
			return e;
		}
		if (e) {
			add_error(res, line, "unit", "unknown_unit", "Không tìm thấy đơn vị hành chính");
			continue;
		}
		if (!scope_can_write_unit(u, path)) {
			add_error(res, line, "unit", "unit_out_of_scope",
				  "Đơn vị này nằm ngoài phạm vi bạn quản lý");
			continue;
		}
		json_t *data = json_object();
		int bad = 0;
		for (size_t k = 0; k < ncols && k < json_array_size(cells); k++) {
			if (!col_field[k])
				continue;
			json_t *v = NULL;
			const char *why = NULL;
			const char *name = json_string_value(json_object_get(col_field[k], "name"));
			tderr pe = regschema_parse_cell(col_field[k],
							json_string_value(json_array_get(cells, k)), &v,
							&why);
			if (pe == TD_EINTERNAL) {
				json_decref(data);
				json_decref(good);
				free(col_field);
				return pe;
			}
			if (pe) {
				add_error(res, line, name, "bad_value", why);
				bad = 1;
			} else if (v) {
				json_object_set_new(data, name, v);
			}
		}
		json_t *clean = NULL;
		reg_fail f;
		memset(&f, 0, sizeof f);
		if (!bad && regschema_check_record(fields, data, &clean, &f)) {
			const char *dot = strchr(f.field, '.');
			add_error(res, line, dot ? dot + 1 : f.field, f.code, f.message);
			bad = 1;
		}
		/* unit-typed fields name existing units */
		size_t i;
		json_t *fd;
		json_array_foreach(fields, i, fd)
		{
			const char *name = json_string_value(json_object_get(fd, "name"));
			const char *ref = json_string_value(json_object_get(clean, name));
			int64_t ruid;
			char rpath[UNIT_PATH_MAX];
			if (bad || !ref || strcmp(json_string_value(json_object_get(fd, "type")), "unit") != 0)
				continue;
			if (units_lookup(d, ref, &ruid, rpath)) {
				add_error(res, line, name, "unknown_unit", "Không tìm thấy đơn vị hành chính");
				bad = 1;
			}
		}
		json_decref(data);
		if (bad) {
			json_decref(clean);
			continue;
		}
		json_array_append_new(good, json_pack("{s:I,s:o}", "unit_id", (json_int_t)uid, "data",
						      clean));
	}
	free(col_field);
	if (res->rows == 0 && res->errors_total == 0)
		add_error(res, head_line, NULL, "no_rows", "Tệp chỉ có dòng tiêu đề");
	tderr e = TD_OK;
	if (!dry_run && res->errors_total == 0) {
		size_t i;
		json_t *g;
		json_array_foreach(good, i, g)
		{
			regrec_input in = {.type_id = t->id,
					   .unit_id = json_integer_value(json_object_get(g, "unit_id")),
					   .schema_version = t->schema_version,
					   .user_id = u ? u->id : 0,
					   .data = json_object_get(g, "data"),
					   .fields = fields};
			int64_t id = 0;
			if ((e = regrecs_create(d, &in, &id)) ||
			    (e = store_audit(d, u, ip, "register_records", id, "import", NULL,
					     json_object_get(g, "data"))))
				break;
			res->imported++;
		}
	}
	json_decref(good);
	return e;
}
