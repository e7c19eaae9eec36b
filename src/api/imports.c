/* imports.c — /api/v1/imports/values (CSV) and /api/v1/imports/dhis2 (DHIS2
 * dataValueSets): bulk entry of report values with a dry run, all rows or none;
 * and /api/v1/exports/dhis2, a plan's approved values for DHIS2. The rules live in
 * store/values_import.h; here are the request, the reply and the cube. */
#include "api/api.h"
#include "cube/cube.h"
#include "store/plans.h"
#include "store/values_import.h"
#include <stdio.h>
#include <string.h>

#define IMPORT_BODY_MAX ((size_t)10 * 1024 * 1024)
#define IMPORTERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

static tderr read_opts(http_req *r, const char *source, values_import_opts *o)
{
	int64_t dry = 0;
	tderr e = req_query_int(r, "dry_run", 0, 1, &dry, NULL);
	*o = (values_import_opts){r->user, r->client_ip, source, (int)dry};
	return e;
}

/* The reply of an import, 200 when clean, 422 with the errors otherwise; after a
 * committed import the cube follows each report changed (a failure there is
 * repaired by a later refresh or rebuild, so the user is not told). */
static tderr reply_result(http_req *r, tderr e, values_import_result *res)
{
	if (e) {
		values_import_result_free(res);
		if (e == TD_EFORBIDDEN)
			return req_fail(r, e, "forbidden", "Vai trò của bạn không nhập số liệu", NULL);
		return req_store_fail(r, e, NULL, NULL);
	}
	for (size_t i = 0; i < res->nreport_ids; i++) {
		tderr ce = cube_refresh_report(r->db, res->report_ids[i]);
		if (ce)
			fprintf(stderr, "tiendo: cube refresh of report %lld failed (%s)\n",
				(long long)res->report_ids[i], td_err_code(ce));
	}
	json_t *o = json_pack("{s:b,s:I,s:I,s:I,s:I,s:I,s:O}", "dry_run", res->dry_run, "rows",
			      (json_int_t)res->rows, "imported", (json_int_t)res->imported,
			      "reports_created", (json_int_t)res->reports_created, "reports_touched",
			      (json_int_t)res->reports_touched, "errors_total",
			      (json_int_t)res->errors_total, "errors", res->errors);
	int status = 200;
	if (o && res->errors_total > 0) {
		status = 422;
		const char *msg = arena_printf(
			r->a, "%lld dòng có lỗi; %s", (long long)res->errors_total,
			res->dry_run ? "sửa rồi kiểm tra lại" : "không có số liệu nào được ghi");
		json_object_set_new(o, "error", json_pack("{s:s,s:s}", "code", "import_rejected",
							  "message", msg ? msg : ""));
	}
	values_import_result_free(res);
	return req_reply_json(r, status, o);
}

static tderr handle_import_values(http_req *r)
{
	values_import_opts o;
	values_import_result res;
	tderr e = read_opts(r, "tệp CSV", &o);
	if (e)
		return e;
	e = values_import_csv(r->db, &o, r->body, r->body_len, &res);
	return reply_result(r, e, &res);
}

static tderr handle_import_dhis2(http_req *r)
{
	values_import_opts o;
	values_import_result res;
	const char *plan = NULL;
	tderr e = read_opts(r, "DHIS2", &o);
	if (e || (e = req_query_opt(r, "plan", &plan)))
		return e;
	if (!plan)
		return req_fail(r, TD_EBADREQ, "missing_plan", "Cần tham số plan (mã kế hoạch)", "plan");
	td_error te = {0};
	e = values_import_dhis2(r->db, &o, plan, r->body, r->body_len, &res, &te);
	if (e == TD_EINVALID && te.code)
		return req_fail(r, te.kind, te.code, te.message, te.field);
	return reply_result(r, e, &res);
}

/* The plan with code, if the caller sees it (owner's unit readable, or the
 * caller's organisation owns, coordinates or supervises it): 422 otherwise. */
static tderr visible_plan(http_req *r, const char *code, int64_t *id)
{
	tderr e = values_plan_by_code(r->db, code, id);
	if (!e)
		e = plans_visible(r->db, *id, r->user);
	if (e == TD_ENOTFOUND)
		return req_fail(r, TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", "plan");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

static tderr handle_export_dhis2(http_req *r)
{
	const char *plan = NULL, *pcode = NULL, *unit = NULL;
	tderr e;
	if ((e = req_query_opt(r, "plan", &plan)) || (e = req_query_opt(r, "period", &pcode)) ||
	    (e = req_query_opt(r, "unit", &unit)))
		return e;
	if (!plan)
		return req_fail(r, TD_EBADREQ, "missing_plan", "Cần tham số plan (mã kế hoạch)", "plan");
	values_export_filter f = {.viewer = r->user};
	period p;
	char path[UNIT_PATH_MAX];
	if ((e = visible_plan(r, plan, &f.plan_id)))
		return e;
	if (pcode) {
		if (period_parse(pcode, &p))
			return req_fail(r, TD_EBADREQ, "bad_period",
					"Mã kỳ báo cáo không hợp lệ (ví dụ 202405, 2024Q2, 2024)",
					"period");
		f.p = &p;
	}
	if (unit) {
		int64_t uid;
		e = units_lookup(r->db, unit, &uid, path);
		if (e == TD_ENOTFOUND || (!e && !scope_can_read_unit(r->user, path)))
			return req_fail(r, TD_EINVALID, "unknown_unit",
					"Không tìm thấy đơn vị hành chính", "unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		f.unit_path = path;
	}
	json_t *doc = NULL;
	e = values_export_dhis2(r->db, &f, &doc);
	if (e == TD_ETOOLARGE)
		return req_fail(r, TD_EINVALID, "export_too_large",
				"Quá nhiều giá trị cho một lần xuất; hãy lọc theo đơn vị hoặc kỳ", NULL);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, doc);
}

const route api_imports_routes[] = {
	{"POST", "/api/v1/imports/values", handle_import_values, IMPORTERS, ACCESS_NONE, NULL,
	 IMPORT_BODY_MAX},
	{"POST", "/api/v1/imports/dhis2", handle_import_dhis2, IMPORTERS, ACCESS_NONE, NULL,
	 IMPORT_BODY_MAX},
	{"GET", "/api/v1/exports/dhis2", handle_export_dhis2, ROLE_ANY, ACCESS_NONE},
};
const size_t api_imports_routes_count = sizeof api_imports_routes / sizeof api_imports_routes[0];
