/* register_io.c — a register's records in and out as tables:
 * POST /api/v1/registers/{code}/import[?dry_run=1] (CSV or XLSX: every row checked,
 * errors listed by line; a real run imports all rows or none) and
 * GET /api/v1/registers/{code}/export.csv|.xlsx (the records the caller reads, with
 * the unit and search filters of the table). */
#include "api/api.h"
#include "api/register_common.h"
#include "core/vntext.h"
#include "export/csv.h"
#include "export/xlsx.h"
#include "store/register_import.h"
#include "store/store.h"
#include "store/units.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char XLSX_TYPE[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
static const char CSV_TYPE[] = "text/csv; charset=utf-8";

static json_t *result_json(const regimport_result *res, int dry_run)
{
	return json_pack("{s:b,s:I,s:I,s:I,s:O}", "dry_run", dry_run, "rows", (json_int_t)res->rows,
			 "imported", (json_int_t)res->imported, "errors_total",
			 (json_int_t)res->errors_total, "errors", res->errors);
}

static tderr handle_import(http_req *r)
{
	int64_t dry = 0;
	int has_dry = 0;
	tderr e = req_query_int(r, "dry_run", 0, 1, &dry, &has_dry);
	if (e)
		return e;
	/* XLSX by its zip signature, whatever the declared type */
	int xlsx = r->body_len >= 4 && memcmp(r->body, "PK\x03\x04", 4) == 0;
	json_t *rows = NULL;
	char why[256] = "";
	int line = 0;
	e = regimport_read(r->body, r->body_len, xlsx, &rows, why, sizeof why, &line);
	if (e) {
		json_t *err = json_pack("{s:s,s:s,s:s}", "code", xlsx ? "bad_xlsx" : "bad_csv", "message",
					why, "field", "file");
		json_t *errors = json_pack("[{s:i,s:s,s:s}]", "line", line, "code",
					   xlsx ? "bad_xlsx" : "bad_csv", "reason", why);
		req_reply_json(r, e == TD_ETOOLARGE ? 413 : 422,
			       json_pack("{s:o,s:o,s:i,s:i}", "error", err, "errors", errors, "rows", 0,
					 "imported", 0));
		return TD_OK;
	}
	reg_ctx c;
	if ((e = reg_ctx_load(r, &c))) {
		json_decref(rows);
		return e;
	}
	regimport_result res;
	if (!dry && (e = db_begin(r->db))) {
		json_decref(rows);
		reg_ctx_release(&c);
		return req_store_fail(r, e, NULL, NULL);
	}
	e = regimport_run(r->db, r->user, r->client_ip, &c.t, c.fields, c.derived, rows, (int)dry,
			  &res);
	json_decref(rows);
	reg_ctx_release(&c);
	if (!dry) {
		if (!e && res.errors_total == 0)
			e = db_commit(r->db);
		if (e || res.errors_total)
			db_rollback(r->db);
	}
	if (e) {
		json_decref(res.errors);
		return req_store_fail(r, e, NULL, NULL);
	}
	json_t *out = result_json(&res, (int)dry);
	json_decref(res.errors);
	if (!dry && res.errors_total) {
		json_object_set_new(out, "imported", json_integer(0));
		json_object_set_new(out, "error",
				    json_pack("{s:s,s:s}", "code", "import_rejected", "message",
					      "Tệp có dòng lỗi: chưa nhập dòng nào"));
		return req_reply_json(r, 422, out);
	}
	return req_reply_json(r, dry ? 200 : 201, out);
}

/* ---- export ---- */

static tderr export_records(http_req *r, int csv)
{
	reg_ctx c;
	tderr e = reg_ctx_load(r, &c);
	if (e)
		return e;
	regrec_filter f = {.type_id = c.t.id, .limit = REG_RECORDS_SCAN_MAX};
	const char *unit = NULL, *q = NULL;
	char path[UNIT_PATH_MAX], *folded = NULL;
	json_t *items = NULL, *type = NULL;
	csvw *w = NULL;
	xlsx_book *book = NULL;
	if ((e = req_query(r, "unit", &unit)) || (e = req_query(r, "q", &q)))
		goto out;
	if (unit && *unit) {
		int64_t uid;
		if ((e = units_lookup(r->db, unit, &uid, path))) {
			e = e == TD_ENOTFOUND ? req_fail(r, TD_EINVALID, "unknown_unit",
							 "Không tìm thấy đơn vị hành chính", "unit")
					      : req_store_fail(r, e, NULL, NULL);
			goto out;
		}
		f.unit_path = path;
	}
	if (q && *q && !(f.q = folded = vn_fold(q))) {
		e = req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
		goto out;
	}
	f.read_path = r->user->unit_path ? r->user->unit_path : "-";
	int64_t total = 0;
	if ((e = regrecs_list(r->db, &f, c.derived, &items, &total)) ||
	    (e = regtypes_get(r->db, r->params[0], 0, &type))) {
		e = req_store_fail(r, e, NULL, NULL);
		goto out;
	}
	size_t nf = json_array_size(c.fields), nd = json_array_size(c.derived);
	size_t ncols = 2 + nf + nd;
	xlsx_column *cols = arena_alloc(r->a, ncols * sizeof *cols);
	xlsx_cell *cells = arena_alloc(r->a, ncols * sizeof *cells);
	if (!cols || !cells || ncols > XLSX_MAX_COLS) {
		e = req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
		goto out;
	}
	/* CSV: field names (it reads back in as it is); XLSX: the Vietnamese labels */
	cols[0] = (xlsx_column){csv ? "unit" : "Mã đơn vị", 10};
	cols[1] = (xlsx_column){csv ? "unit_name" : "Đơn vị", 22};
	for (size_t i = 0; i < nf + nd; i++) {
		json_t *fd = i < nf ? json_array_get(c.fields, i) : json_array_get(c.derived, i - nf);
		cols[2 + i] = (xlsx_column){json_string_value(json_object_get(fd, csv ? "name" : "label")),
					    16};
	}
	const char *title = json_string_value(json_object_get(type, "name"));
	xlsx_sheet *sheet = NULL;
	if (csv) {
		e = csvw_create(CSVW_BOM, &w);
		for (size_t i = 0; i < ncols && !e; i++)
			e = csvw_text(w, cols[i].header);
		if (!e)
			e = csvw_end_row(w);
	} else if (!(e = xlsx_create(title, 0, &book))) {
		e = xlsx_add_sheet(book, title, cols, ncols, &sheet);
	}
	size_t k;
	json_t *rec;
	json_array_foreach(items, k, rec)
	{
		if (e)
			break;
		json_t *u = json_object_get(rec, "unit"), *data = json_object_get(rec, "data"),
		       *dv = json_object_get(rec, "derived");
		cells[0] = xlsx_text(json_string_value(json_object_get(u, "code")));
		cells[1] = xlsx_text(json_string_value(json_object_get(u, "name")));
		for (size_t i = 0; i < nf + nd; i++) {
			json_t *fd = i < nf ? json_array_get(c.fields, i) : json_array_get(c.derived, i - nf);
			const char *name = json_string_value(json_object_get(fd, "name"));
			const char *ftype = i < nf ? json_string_value(json_object_get(fd, "type")) : "yesno";
			json_t *v = json_object_get(i < nf ? data : dv, name);
			xlsx_cell cl = xlsx_blank();
			if (json_is_boolean(v))
				cl = xlsx_text(json_is_true(v) ? "Có" : "Không");
			else if (json_is_integer(v))
				cl = xlsx_int(json_integer_value(v));
			else if (json_is_real(v))
				cl = json_real_value(v) == floor(json_real_value(v)) &&
						     fabs(json_real_value(v)) < 1e15
					     ? xlsx_int((long long)json_real_value(v))
					     : xlsx_decimal(json_real_value(v));
			else if (json_is_string(v))
				cl = strcmp(ftype, "date") == 0 ? xlsx_date(json_string_value(v))
								: xlsx_text(json_string_value(v));
			cells[2 + i] = cl;
		}
		if (csv) {
			for (size_t i = 0; i < ncols && !e; i++) {
				const xlsx_cell *x = &cells[i];
				e = x->type == XLSX_INT	      ? csvw_int(w, x->i)
				    : x->type == XLSX_DECIMAL ? csvw_decimal(w, x->d, 2)
				    : x->type == XLSX_BLANK   ? csvw_blank(w)
							      : csvw_text(w, x->text);
			}
			if (!e)
				e = csvw_end_row(w);
		} else {
			e = xlsx_add_row(sheet, cells, ncols, 0);
		}
	}
	const char *data = NULL;
	char *buf = NULL;
	size_t len = 0;
	if (!e)
		e = csv ? csvw_bytes(w, &data, &len) : xlsx_to_memory(book, &buf, &len);
	if (e) {
		e = req_fail(r, e, NULL, NULL, NULL);
		goto out;
	}
	r->out = arena_strndup(r->a, csv ? data : buf, len);
	free(buf);
	r->out_len = len;
	r->status = 200;
	r->content_type = csv ? CSV_TYPE : XLSX_TYPE;
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->a, "attachment; filename=\"%s.%s\"", r->params[0],
				    csv ? "csv" : "xlsx"));
	e = r->out ? TD_OK : req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
out:
	csvw_destroy(w);
	xlsx_destroy(book);
	json_decref(items);
	json_decref(type);
	free(folded);
	reg_ctx_release(&c);
	return e;
}

static tderr handle_export_csv(http_req *r)
{
	return export_records(r, 1);
}

static tderr handle_export_xlsx(http_req *r)
{
	return export_records(r, 0);
}

#define WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_register_io_routes[] = {
	{"POST", "/api/v1/registers/{code}/import", handle_import, WRITERS, ACCESS_REGISTER, NULL,
	 REGIMPORT_BYTES_MAX},
	{"GET", "/api/v1/registers/{code}/export.csv", handle_export_csv, ROLE_ANY, ACCESS_REGISTER},
	{"GET", "/api/v1/registers/{code}/export.xlsx", handle_export_xlsx, ROLE_ANY,
	 ACCESS_REGISTER},
};
const size_t api_register_io_routes_count =
	sizeof api_register_io_routes / sizeof api_register_io_routes[0];
