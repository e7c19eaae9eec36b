/* completeness.c — /api/v1/completeness: for a plan and a period, how many of the
 * organisations expected to report under a unit have submitted, been approved,
 * were on time or late, and which are still missing. The unit must lie in the
 * caller's own subtree: a commune does not see its neighbours' record. */
#include "api/api.h"
#include "store/plans.h"
#include "store/reports.h"
#include "store/units.h"
#include <string.h>

static tderr not_found(http_req *r, const char *code, const char *msg)
{
	return req_fail(r, TD_ENOTFOUND, code, msg, NULL);
}

/* The plan must be one the caller sees; 404 otherwise (existence not disclosed). */
static tderr plan_visible(http_req *r, int64_t plan_id)
{
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member);
	if (e == TD_ENOTFOUND || (!e && !member && !scope_can_read_unit(r->user, path)))
		return not_found(r, "plan_not_found", "Không tìm thấy kế hoạch");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

/* The unit (default: the caller's own) must lie in the caller's subtree. */
static tderr unit_in_subtree(http_req *r, const char *code, char path[UNIT_PATH_MAX],
			     const char **out_code)
{
	if (!code || !*code)
		code = r->user->unit_code;
	int64_t id;
	tderr e = code ? units_lookup(r->db, code, &id, path) : TD_ENOTFOUND;
	if (e == TD_ENOTFOUND || (!e && !scope_can_write_unit(r->user, path)))
		return not_found(r, "unit_not_found", "Không tìm thấy đơn vị hành chính");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	*out_code = code;
	return TD_OK;
}

static tderr handle_completeness(http_req *r)
{
	int64_t plan_id = 0, limit, offset;
	int has_plan = 0;
	const char *pcode = NULL, *ucode = NULL;
	tderr e;
	if ((e = req_paging(r, &limit, &offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &plan_id, &has_plan)) ||
	    (e = req_query(r, "period", &pcode)) || (e = req_query(r, "unit", &ucode)))
		return e;
	if (!has_plan)
		return req_fail(r, TD_EBADREQ, "required", "Thiếu kế hoạch (tham số plan)", "plan");
	period p;
	if (!pcode || !*pcode)
		return req_fail(r, TD_EBADREQ, "required", "Thiếu kỳ báo cáo (tham số period)",
				"period");
	if (period_parse(pcode, &p))
		return req_fail(r, TD_EBADREQ, "bad_period", "Mã kỳ báo cáo không hợp lệ", "period");
	char path[UNIT_PATH_MAX];
	if ((e = plan_visible(r, plan_id)) || (e = unit_in_subtree(r, ucode, path, &ucode)))
		return e;
	report_plan_info pi;
	td_error te = {0};
	if ((e = reports_plan_info(r->db, plan_id, &pi)))
		return req_store_fail(r, e, NULL, NULL);
	if (reports_period_fits(&pi, &p, &te))
		return req_fail(r, te.kind, te.code, te.message, te.field);
	json_t *out = NULL;
	if ((e = reports_completeness(r->db, plan_id, &pi, &p, path, limit, offset, &out)))
		return req_store_fail(r, e, NULL, NULL);
	json_t *unit = NULL;
	if (units_get(r->db, ucode, NULL, &unit) == TD_OK) {
		json_object_set_new(out, "unit",
				    json_pack("{s:O,s:O}", "code", json_object_get(unit, "code"),
					      "name", json_object_get(unit, "name")));
		json_decref(unit);
	}
	json_object_set_new(out, "plan_id", json_integer(plan_id));
	return req_reply_json(r, 200, out);
}

const route api_completeness_routes[] = {
	{"GET", "/api/v1/completeness", handle_completeness, ROLE_ANY, ACCESS_NONE},
};
const size_t api_completeness_routes_count =
	sizeof api_completeness_routes / sizeof api_completeness_routes[0];
