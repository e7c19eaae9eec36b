/* inspections.c — /api/v1/inspections: inspections and supervision (kiểm tra, giám
 * sát) of one organisation by another at a unit, with their conclusions and the
 * ids of the findings they raised (created with POST /api/v1/inspections/{id}/
 * findings, in findings.c). Recorded by the inspecting organisation — its
 * inspectors, leaders and officers — by the plan owner, or by an admin in scope. */
#include "api/api.h"
#include "api/write.h"
#include "core/jsonv.h"
#include "notify/notify.h"
#include "store/inspections.h"
#include "store/orgs.h"
#include "store/plans.h"
#include "store/store.h"
#include <string.h>

static tderr fail_jv(http_req *r, const td_error *te)
{
	return req_fail(r, te->kind, te->code, te->message, te->field);
}

static int allowed(const char *v, const char *const *list)
{
	for (size_t i = 0; v && list[i]; i++)
		if (strcmp(v, list[i]) == 0)
			return 1;
	return !v;
}

/* The plan must be one the caller sees (422 naming plan_id); *owner its owner. */
static tderr plan_visible(http_req *r, int64_t plan_id, int64_t *owner)
{
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, owner, path, &member);
	if (e == TD_ENOTFOUND || (!e && !member && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", "plan_id");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

/* May the caller record an inspection by `inspector` (for a plan owned by owner,
 * 0 when none)? An admin; a leader, officer or inspector of the inspecting
 * organisation; a leader or officer of the plan's owner. */
static int may_record(const http_req *r, int64_t inspector, int64_t owner)
{
	const td_user *u = r->user;
	if (u->role == ROLE_ADMIN)
		return 1;
	if (u->role == ROLE_LEADER || u->role == ROLE_OFFICER)
		return u->org_id == inspector || (owner && u->org_id == owner);
	return u->role == ROLE_INSPECTOR && u->org_id == inspector;
}

static tderr not_inspector(http_req *r)
{
	return req_fail(r, TD_EFORBIDDEN, "not_inspector",
			"Chỉ cơ quan kiểm tra, giám sát hoặc cơ quan chủ trì kế hoạch được ghi cuộc kiểm tra",
			"inspector_id");
}

/* ---- list and read ---- */

static tderr handle_inspections_list(http_req *r)
{
	inspection_filter f = {0};
	const char *unit = NULL;
	char path[UNIT_PATH_MAX];
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &f.plan_id, &f.has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &f.org_id, &f.has_org)) ||
	    (e = req_query_int(r, "year", 1900, 2999, &f.year, &f.has_year)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "kind", &f.kind)) ||
	    (e = req_query_opt(r, "follow_up", &f.follow_up)))
		return e;
	if (!allowed(f.kind, inspection_kinds))
		return req_fail(r, TD_EBADREQ, "bad_kind", "Loại: kiem_tra hoặc giam_sat", "kind");
	if (!allowed(f.follow_up, inspection_follow_ups))
		return req_fail(r, TD_EBADREQ, "bad_follow_up", "Theo dõi: open hoặc done", "follow_up");
	if (unit) {
		int64_t uid;
		e = units_lookup(r->db, unit, &uid, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EINVALID, "unknown_unit",
					"Không tìm thấy đơn vị hành chính", "unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		f.unit_path = path;
	}
	f.scope_path = r->user->unit_path ? r->user->unit_path : "-";
	f.scope_org = r->user->org_id;
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = inspections_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_inspections_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *o = NULL;
	tderr e = inspections_get(r->db, id, &o);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, o);
}

/* ---- writes ---- */

static void kick_notices(http_req *r, const audited_write *w)
{
	(void)r;
	(void)w;
	notify_kick();
}

static tderr inspection_write(http_req *r, int64_t id, const inspection_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "inspections", create ? 0 : id);
	if (e)
		return e;
	w.then = kick_notices;
	if (!create)
		e = inspections_get(r->db, id, &w.before);
	if (!e)
		e = create ? inspections_create(r->db, in, &w.id, &w.te) : inspections_update(r->db, id, in, &w.te);
	if (!e)
		e = inspections_get(r->db, w.id, &w.after);
	return audited_end(r, &w, e);
}

/* The content fields; required marks a create. */
static tderr read_fields(http_req *r, json_t *body, int required, inspection_input *in)
{
	td_error te = {0};
	int has_plan = 0, has_inspected = 0;
	if (jv_int(body, "plan_id", JV_OPTIONAL, 1, INT64_MAX, &in->plan_id, &has_plan, &te) ||
	    jv_int(body, "inspected_id", required, 1, INT64_MAX, &in->inspected_id, &has_inspected,
		   &te) ||
	    jv_enum(body, "kind", JV_OPTIONAL, inspection_kinds, &in->kind, NULL, &te) ||
	    jv_date(body, "held_on", required, 0, &in->held_on, NULL, &te) ||
	    jv_str(body, "scope", JV_OPTIONAL, INSPECTION_SCOPE_MAX, &in->scope, NULL, &te) ||
	    jv_str(body, "conclusions", JV_OPTIONAL, INSPECTION_TEXT_MAX, &in->conclusions, NULL,
		   &te) ||
	    jv_enum(body, "follow_up", JV_OPTIONAL, inspection_follow_ups, &in->follow_up, NULL, &te))
		return fail_jv(r, &te);
	in->set_plan = has_plan || json_is_null(json_object_get(body, "plan_id"));
	if (has_inspected)
		return access_require_org_read(r, in->inspected_id, "inspected_id");
	return TD_OK;
}

/* The unit by code (writable), else the inspected organisation's own unit. */
static tderr read_unit(http_req *r, json_t *body, int64_t inspected, int64_t *unit_id)
{
	td_error te = {0};
	const char *code = NULL;
	if (jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &code, NULL, &te))
		return fail_jv(r, &te);
	json_t *org = NULL;
	if (!code && inspected) {
		tderr e = orgs_get(r->db, inspected, &org);
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		code = json_string_value(json_object_get(json_object_get(org, "unit"), "code"));
	}
	tderr e = code ? access_require_unit_write(r, code, "unit", unit_id) : TD_OK;
	json_decref(org);
	return e;
}

static tderr handle_inspections_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	inspection_input in = {.inspector_id = r->user->org_id};
	td_error te = {0};
	int64_t owner = 0;
	if (jv_int(body, "inspector_id", JV_OPTIONAL, 1, INT64_MAX, &in.inspector_id, NULL, &te))
		return fail_jv(r, &te);
	if ((e = read_fields(r, body, JV_REQUIRED, &in)) ||
	    (in.plan_id && (e = plan_visible(r, in.plan_id, &owner))))
		return e;
	if (in.inspector_id != r->user->org_id &&
	    (e = access_require_org_read(r, in.inspector_id, "inspector_id")))
		return e;
	if (!may_record(r, in.inspector_id, owner))
		return not_inspector(r);
	if ((e = read_unit(r, body, in.inspected_id, &in.unit_id)))
		return e;
	return inspection_write(r, 0, &in, 1);
}

static tderr plan_owner_of(http_req *r, int64_t plan_id, int64_t *owner)
{
	*owner = 0;
	if (!plan_id)
		return TD_OK;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, owner, path, &member);
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

static tderr handle_inspections_update(http_req *r)
{
	int64_t id, owner = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	inspection_state st = {0};
	if ((e = inspections_state(r->db, id, &st)) || (e = plan_owner_of(r, st.plan_id, &owner)))
		return req_store_fail(r, e, NULL, NULL);
	if (!may_record(r, st.inspector_id, owner))
		return not_inspector(r);
	inspection_input in = {0};
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_int(body, "inspector_id", JV_OPTIONAL, 1, INT64_MAX, &in.inspector_id, NULL, &te))
		return fail_jv(r, &te);
	if ((e = read_fields(r, body, JV_OPTIONAL, &in)))
		return e;
	int64_t new_owner = owner;
	if (in.plan_id && in.plan_id != st.plan_id && (e = plan_visible(r, in.plan_id, &new_owner)))
		return e;
	if (in.inspector_id && in.inspector_id != st.inspector_id &&
	    ((e = access_require_org_read(r, in.inspector_id, "inspector_id")) ||
	     (!may_record(r, in.inspector_id, new_owner) && (e = not_inspector(r)))))
		return e;
	if ((e = read_unit(r, body, 0, &in.unit_id)))
		return e;
	return inspection_write(r, id, &in, 0);
}

#define INSPECTION_WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER | ROLE_INSPECTOR)

const route api_inspections_routes[] = {
	{"GET", "/api/v1/inspections", handle_inspections_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/inspections", handle_inspections_create, INSPECTION_WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/inspections/{id}", handle_inspections_get, ROLE_ANY, ACCESS_RECORD,
	 "inspections"},
	{"PATCH", "/api/v1/inspections/{id}", handle_inspections_update, INSPECTION_WRITERS,
	 ACCESS_RECORD, "inspections"},
};
const size_t api_inspections_routes_count =
	sizeof api_inspections_routes / sizeof api_inspections_routes[0];
