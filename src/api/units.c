/* units.c — GET /api/v1/org-units and /api/v1/org-units/{code}: the administrative
 * unit tree, public to every signed-in user, browsed by parent, level, search text
 * and date (the tree as it stood on that day). */
#include "api/api.h"
#include "core/jsonv.h"
#include "store/units.h"
#include <string.h>

static tderr query_date(http_req *r, const char *name, const char **out)
{
	tderr e = req_query_opt(r, name, out);
	if (!e && *out && !jv_is_date(*out))
		return req_fail(r, TD_EBADREQ, "bad_date", "Ngày phải có dạng YYYY-MM-DD", name);
	return e;
}

static tderr handle_units_list(http_req *r)
{
	unit_filter f = {0};
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query_opt(r, "parent", &f.parent)) ||
	    (e = req_query_opt(r, "level", &f.level)) || (e = req_query_opt(r, "q", &f.q)) ||
	    (e = query_date(r, "as_of", &f.as_of)))
		return e;
	if (f.parent && strlen(f.parent) > UNIT_CODE_MAX)
		return req_fail(r, TD_EBADREQ, "bad_code", "Mã đơn vị không hợp lệ", "parent");
	if (f.level && strlen(f.level) > 32)
		return req_fail(r, TD_EBADREQ, "bad_level", "Cấp đơn vị không hợp lệ", "level");
	json_t *items = NULL;
	int64_t total = 0;
	e = units_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_units_get(http_req *r)
{
	const char *code = r->nparams > 0 ? r->params[0] : NULL;
	const char *as_of = NULL;
	tderr e = query_date(r, "as_of", &as_of);
	if (e)
		return e;
	if (!code || !*code || strlen(code) > UNIT_CODE_MAX)
		return req_fail(r, TD_ENOTFOUND, "unit_not_found", "Không tìm thấy đơn vị hành chính",
				NULL);
	json_t *u = NULL;
	e = units_get(r->db, code, as_of, &u);
	if (e == TD_ENOTFOUND)
		return req_fail(r, e, "unit_not_found", "Không tìm thấy đơn vị hành chính", NULL);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, u);
}

const route api_units_routes[] = {
	{"GET", "/api/v1/org-units", handle_units_list, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/org-units/{code}", handle_units_get, ROLE_ANY, ACCESS_NONE},
};
const size_t api_units_routes_count = sizeof api_units_routes / sizeof api_units_routes[0];
