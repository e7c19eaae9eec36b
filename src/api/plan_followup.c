/* plan_followup.c — GET /api/v1/plans/{id}/follow-up: the counts on a plan's page
 * (tasks by status, documents, budget totals, findings by status, inspections,
 * models, activities), over what the caller's scope reaches, optionally within one
 * unit's subtree (?unit=CODE). The router has checked the plan is visible. */
#include "api/api.h"
#include "core/clock.h"
#include "store/plan_followup.h"
#include "store/store.h"

static tderr handle_plan_followup(http_req *r)
{
	pf_filter f = {0};
	if (req_param_id(r, 0, &f.plan_id))
		return TD_ENOTFOUND;
	f.has_plan = 1;
	const char *unit = NULL;
	char path[UNIT_PATH_MAX];
	tderr e = req_query(r, "unit", &unit);
	if (e)
		return e;
	if (unit && *unit) {
		int64_t uid;
		e = units_lookup(r->db, unit, &uid, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính",
					"unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		f.unit_path = path;
	}
	f.read_path = r->user->unit_path ? r->user->unit_path : "-";
	char today[16];
	clock_today_vn(today, sizeof today);
	json_t *out = NULL;
	if ((e = plan_followup_get(r->db, &f, today, &out)))
		return req_store_fail(r, e, NULL, NULL);
	json_object_set_new(out, "unit", unit && *unit ? json_string(unit) : json_null());
	return req_reply_json(r, 200, out);
}

const route api_plan_followup_routes[] = {
	{"GET", "/api/v1/plans/{id}/follow-up", handle_plan_followup, ROLE_ANY, ACCESS_PLAN},
};
const size_t api_plan_followup_routes_count =
	sizeof api_plan_followup_routes / sizeof api_plan_followup_routes[0];
