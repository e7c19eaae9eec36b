/* activities.c — /api/v1/activities: the propaganda, training, conferences and
 * emulation events held for each plan, with their participants, and
 * /api/v1/activities/summary, their totals per kind or per child unit. The
 * organising body, the plan's owner and administrators record them. */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/jsonv.h"
#include "core/period.h"
#include "store/activities.h"
#include "store/store.h"
#include <string.h>

static tderr forbidden(http_req *r)
{
	return req_fail(r, TD_EFORBIDDEN, "not_allowed",
			"Chỉ tổ chức thực hiện, cơ quan chủ trì kế hoạch hoặc quản trị viên được ghi"
			" hoạt động này",
			NULL);
}

/* plan, unit, organization, year, kind, q, paging, and the caller's scope; the
 * unit's id into *unit_id (0 when none given). */
static tderr read_filter(http_req *r, pf_filter *g, const char **kind, char path[UNIT_PATH_MAX],
			 int64_t *unit_id)
{
	const char *unit = NULL;
	tderr e;
	if ((e = req_paging(r, &g->limit, &g->offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &g->plan_id, &g->has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &g->org_id, &g->has_org)) ||
	    (e = req_query_int(r, "year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &g->year, &g->has_year)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "q", &g->q)) ||
	    (e = req_query_opt(r, "kind", kind)))
		return e;
	int ok = !*kind;
	for (size_t i = 0; !ok && activity_kinds[i]; i++)
		ok = strcmp(*kind, activity_kinds[i]) == 0;
	if (!ok)
		return req_fail(r, TD_EBADREQ, "bad_kind",
				"Loại: propaganda, training, conference, emulation hoặc other", "kind");
	*unit_id = 0;
	if (unit) {
		e = units_lookup(r->db, unit, unit_id, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính",
					"unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		g->unit_path = path;
	}
	g->read_path = r->user->unit_path ? r->user->unit_path : "-";
	return TD_OK;
}

static tderr handle_activities_list(http_req *r)
{
	activity_filter f = {0};
	char path[UNIT_PATH_MAX];
	int64_t uid;
	tderr e = read_filter(r, &f.base, &f.kind, path, &uid);
	if (e)
		return e;
	json_t *items = NULL;
	int64_t total = 0;
	e = activities_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

/* Rolled up under the unit asked for, else under the caller's own unit. */
static tderr handle_activities_summary(http_req *r)
{
	activity_summary_query q = {0};
	char path[UNIT_PATH_MAX];
	const char *by = NULL, *code = NULL;
	tderr e = read_filter(r, &q.base, &q.kind, path, &q.root_unit_id);
	if (e || (e = req_query_opt(r, "by", &by)) || (e = req_query_opt(r, "unit", &code)))
		return e;
	if (!by || strcmp(by, "kind") == 0)
		q.by = ACTIVITY_BY_KIND;
	else if (strcmp(by, "children") == 0)
		q.by = ACTIVITY_BY_CHILDREN;
	else
		return req_fail(r, TD_EBADREQ, "bad_by", "Gộp theo: kind hoặc children", "by");
	if (!code) {
		code = r->user->unit_code;
		if (!code || units_lookup(r->db, code, &q.root_unit_id, path) != TD_OK)
			return req_fail(r, TD_ENOTFOUND, "not_found", NULL, NULL);
		q.base.unit_path = path;
	}
	json_t *unit = NULL, *out = NULL;
	if ((e = units_get(r->db, code, NULL, &unit)) || (e = activities_summary(r->db, &q, &out))) {
		json_decref(unit);
		return req_store_fail(r, e, NULL, NULL);
	}
	json_object_set_new(out, "unit", json_pack("{s:O,s:O}", "code", json_object_get(unit, "code"),
						   "name", json_object_get(unit, "name")));
	json_decref(unit);
	json_object_set_new(out, "plan_id", q.base.has_plan ? json_integer(q.base.plan_id) : json_null());
	json_object_set_new(out, "year", q.base.has_year ? json_integer(q.base.year) : json_null());
	json_object_set_new(out, "by", json_string(q.by == ACTIVITY_BY_KIND ? "kind" : "children"));
	return req_reply_json(r, 200, out);
}

static tderr handle_activities_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *a = NULL;
	tderr e = activities_get(r->db, id, &a);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, a);
}

/* kind, title, held_on, participants (the first three required on create). An
 * activity is recorded once held: held_on is not after today. */
static tderr read_fields(http_req *r, json_t *body, int required, activity_input *in)
{
	td_error te = {0};
	if (jv_enum(body, "kind", required, activity_kinds, &in->kind, NULL, &te) ||
	    jv_str(body, "title", required, ACTIVITY_TITLE_MAX, &in->title, NULL, &te) ||
	    jv_date(body, "held_on", required, 0, &in->held_on, NULL, &te) ||
	    jv_int(body, "participants", JV_OPTIONAL, 0, ACTIVITY_PARTICIPANTS_MAX,
		   &in->participants, &in->has_participants, &te))
		return api_fail_te(r, &te);
	if (in->title && in->title[strspn(in->title, " \t\r\n")] == 0)
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "title");
	char day[16];
	clock_today_vn(day, sizeof day);
	if (in->held_on && strcmp(in->held_on, day) > 0)
		return req_fail(r, TD_EINVALID, "held_in_future",
				"Ngày tổ chức không được sau hôm nay", "held_on");
	return TD_OK;
}

static tderr activity_write(http_req *r, int64_t id, const activity_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "activities", create ? 0 : id);
	if (e)
		return e;
	if (!create)
		e = activities_get(r->db, id, &w.before);
	if (!e)
		e = create ? activities_create(r->db, in, &w.id, &w.te) : activities_update(r->db, id, in, &w.te);
	if (!e)
		e = activities_get(r->db, w.id, &w.after);
	return audited_end(r, &w, e);
}

static tderr handle_activities_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	activity_input in = {0};
	td_error te = {0};
	pf_plan plan;
	const char *unit = NULL;
	in.organization_id = r->user->org_id;
	if (jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in.plan_id, NULL, &te) ||
	    jv_int(body, "organization_id", JV_OPTIONAL, 1, INT64_MAX, &in.organization_id, NULL,
		   &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = pf_plan_for_user(r->db, r->user, in.plan_id, "plan_id", &plan, &te)))
		return api_fail_store(r, e, &te);
	if ((e = access_require_org_read(r, in.organization_id, "organization_id")))
		return e;
	if ((e = pf_record_unit(r->db, r->user, unit, NULL, in.organization_id, "organization_id",
				&in.unit_id, &te)))
		return api_fail_store(r, e, &te);
	fu_actor who = {r->user->role, r->user->org_id == in.organization_id,
			r->user->org_id == plan.owner_id, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	if ((e = read_fields(r, body, JV_REQUIRED, &in)))
		return e;
	return activity_write(r, 0, &in, 1);
}

static tderr handle_activities_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	activity_facts cur = {0};
	if ((e = activities_facts(r->db, id, &cur)))
		return req_store_fail(r, e, NULL, NULL);
	fu_actor who = {r->user->role, r->user->org_id == cur.organization_id,
			r->user->org_id == cur.plan_owner, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	activity_input in = {0};
	td_error te = {0};
	const char *unit = NULL;
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_int(body, "organization_id", JV_OPTIONAL, 1, INT64_MAX, &in.organization_id, NULL,
		   &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te))
		return api_fail_te(r, &te);
	if (json_object_get(body, "plan_id"))
		return req_fail(r, TD_EINVALID, "immutable_field",
				"Không đổi được kế hoạch của hoạt động", "plan_id");
	if (in.organization_id == cur.organization_id)
		in.organization_id = 0;
	int64_t org = in.organization_id ? in.organization_id : cur.organization_id;
	if (in.organization_id &&
	    (e = access_require_org_read(r, in.organization_id, "organization_id")))
		return e;
	if ((unit || in.organization_id) &&
	    (e = pf_record_unit(r->db, r->user, unit, cur.unit_path, org, "organization_id",
				&in.unit_id, &te)))
		return api_fail_store(r, e, &te);
	fu_actor after = {r->user->role, r->user->org_id == org, who.is_plan_owner, 0};
	if (!followup_may_write(&after))
		return forbidden(r);
	if ((e = read_fields(r, body, JV_OPTIONAL, &in)))
		return e;
	return activity_write(r, id, &in, 0);
}

#define WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_activities_routes[] = {
	{"GET", "/api/v1/activities", handle_activities_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/activities", handle_activities_create, WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/activities/summary", handle_activities_summary, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/activities/{id}", handle_activities_get, ROLE_ANY, ACCESS_RECORD,
	 "activities"},
	{"PATCH", "/api/v1/activities/{id}", handle_activities_update, WRITERS, ACCESS_RECORD,
	 "activities"},
};
const size_t api_activities_routes_count =
	sizeof api_activities_routes / sizeof api_activities_routes[0];
