/* models.c — /api/v1/models: pilot models (mô hình điểm) of a plan at a unit, their
 * replication (a model copies another model of the same plan; cycles are refused),
 * the replication tree, counts per unit and the "Dân vận khéo" recognition, which
 * only an admin, the plan owner or a Party committee body (Ban Dân vận ...) in
 * scope may give. */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/jsonv.h"
#include "store/models.h"
#include "store/plans.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

static tderr fail_jv(http_req *r, const td_error *te)
{
	return req_fail(r, te->kind, te->code, te->message, te->field);
}

static int blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == 0;
}

/* The plan must be one the caller sees (422 naming field); *owner its owner. */
static tderr plan_visible(http_req *r, int64_t plan_id, const char *field, int64_t *owner)
{
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, owner, path, &member);
	if (e == TD_ENOTFOUND || (!e && !member && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", field);
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

/* Content: an admin, a leader or officer of the model's organisation or of the
 * plan's owner. The router has checked the unit is in the write scope. */
static int may_edit(const http_req *r, int64_t org, int64_t owner)
{
	const td_user *u = r->user;
	if (u->role == ROLE_ADMIN)
		return 1;
	return (u->role == ROLE_LEADER || u->role == ROLE_OFFICER) &&
	       ((org && u->org_id == org) || u->org_id == owner);
}

/* Recognition ("Dân vận khéo"): an admin, a leader or officer of the plan's owner,
 * or a leader of a Party committee body, each with the unit in the write scope. */
static int may_recognize(const http_req *r, const char *unit_path, int64_t owner)
{
	const td_user *u = r->user;
	if (!scope_can_write_unit(u, unit_path))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	if ((u->role == ROLE_LEADER || u->role == ROLE_OFFICER) && u->org_id == owner)
		return 1;
	return u->role == ROLE_LEADER && u->org_system && strcmp(u->org_system, "party") == 0;
}

static tderr forbidden(http_req *r, const char *code, const char *msg, const char *field)
{
	return req_fail(r, TD_EFORBIDDEN, code, msg, field);
}

/* ---- list and read ---- */

static tderr handle_models_list(http_req *r)
{
	model_filter f = {.recognized = -1};
	const char *unit = NULL;
	char path[UNIT_PATH_MAX];
	int64_t recognized = 0, originals = 0;
	int has_recognized = 0;
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &f.plan_id, &f.has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &f.org_id, &f.has_org)) ||
	    (e = req_query_int(r, "replicates", 1, INT64_MAX, &f.replicates_id, &f.has_replicates)) ||
	    (e = req_query_int(r, "year", 1900, 2999, &f.year, &f.has_year)) ||
	    (e = req_query_int(r, "recognized", 0, 1, &recognized, &has_recognized)) ||
	    (e = req_query_int(r, "originals", 0, 1, &originals, NULL)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "q", &f.q)))
		return e;
	if (has_recognized)
		f.recognized = (int)recognized;
	f.originals = (int)originals;
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
	e = models_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_models_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *o = NULL;
	tderr e = models_get(r->db, id, &o);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, o);
}

static tderr handle_models_tree(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *o = NULL;
	tderr e = models_tree(r->db, id, r->user, &o);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, o);
}

static tderr handle_models_summary(http_req *r)
{
	const char *unit = NULL;
	int64_t plan = 0, owner = 0, uid = 0;
	int has_plan = 0;
	tderr e;
	if ((e = req_query_int(r, "plan", 1, INT64_MAX, &plan, &has_plan)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (has_plan && (e = plan_visible(r, plan, "plan", &owner))))
		return e;
	char path[UNIT_PATH_MAX];
	e = units_lookup(r->db, unit ? unit : r->user->unit_code, &uid, path);
	if (e == TD_ENOTFOUND)
		return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính", "unit");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	json_t *out = NULL;
	if ((e = models_summary(r->db, has_plan ? plan : 0, uid, r->user, &out)))
		return req_store_fail(r, e, NULL, NULL);
	json_object_set_new(out, "unit", json_string(unit ? unit : r->user->unit_code));
	json_object_set_new(out, "plan_id", has_plan ? json_integer(plan) : json_null());
	return req_reply_json(r, 200, out);
}

/* ---- writes ---- */

static tderr model_write(http_req *r, int64_t id, const model_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "models", create ? 0 : id);
	if (e)
		return e;
	if (!create)
		e = models_get(r->db, id, &w.before);
	if (!e)
		e = create ? models_create(r->db, in, &w.id, &w.te) : models_update(r->db, id, in, &w.te);
	if (!e)
		e = models_get(r->db, w.id, &w.after);
	return audited_end(r, &w, e);
}

/* The model to copy: visible, of the same plan, not the model itself or below it
 * (self 0 on create), and not too deep. */
static tderr check_replicates(http_req *r, int64_t parent, int64_t plan_id, int64_t self)
{
	model_state ps = {0};
	tderr e = models_state(r->db, parent, &ps);
	if (e == TD_ENOTFOUND || (!e && !scope_can_read_unit(r->user, ps.unit_path) &&
				  ps.organization_id != r->user->org_id))
		return req_fail(r, TD_EINVALID, "unknown_model", "Không tìm thấy mô hình được nhân rộng",
				"replicates_id");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (ps.plan_id != plan_id)
		return req_fail(r, TD_EINVALID, "replicates_other_plan",
				"Chỉ nhân rộng được mô hình của cùng kế hoạch", "replicates_id");
	int depth = 0, contains = 0;
	int64_t root = 0;
	if ((e = models_lineage(r->db, parent, self, &depth, &root, &contains)))
		return req_store_fail(r, e, NULL, NULL);
	if (self && contains)
		return req_fail(r, TD_EINVALID, "replication_cycle",
				"Mô hình không thể nhân rộng từ chính nó hoặc từ mô hình nhân rộng của nó",
				"replicates_id");
	if (depth + 1 > MODEL_DEPTH_MAX)
		return req_fail(r, TD_EINVALID, "too_deep", "Chuỗi nhân rộng quá dài", "replicates_id");
	return TD_OK;
}

/* Content fields; required marks a create. *content is set when one was given. */
static tderr read_content(http_req *r, json_t *body, int required, model_input *in, int *content)
{
	td_error te = {0};
	int has_org = 0, has_rep = 0;
	if (jv_str(body, "name", required, MODEL_NAME_MAX, &in->name, NULL, &te) ||
	    jv_str(body, "kind", JV_OPTIONAL, MODEL_KIND_MAX, &in->kind, NULL, &te) ||
	    jv_date(body, "started_on", required, 0, &in->started_on, NULL, &te) ||
	    jv_str(body, "results", JV_OPTIONAL, MODEL_TEXT_MAX, &in->results, NULL, &te) ||
	    jv_int(body, "organization_id", JV_OPTIONAL, 1, INT64_MAX, &in->organization_id, &has_org,
		   &te) ||
	    jv_int(body, "replicates_id", JV_OPTIONAL, 1, INT64_MAX, &in->replicates_id, &has_rep, &te))
		return fail_jv(r, &te);
	if (in->name && blank(in->name))
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "name");
	in->set_org = has_org || json_is_null(json_object_get(body, "organization_id"));
	in->set_replicates = has_rep || json_is_null(json_object_get(body, "replicates_id"));
	*content = in->name || in->kind || in->started_on || in->results || in->set_org ||
		   in->set_replicates || json_object_get(body, "unit");
	if (has_org)
		return access_require_org_read(r, in->organization_id, "organization_id");
	return TD_OK;
}

/* recognized (bool) and recognized_on (date; today when recognised without one). */
static tderr read_recognition(http_req *r, json_t *body, model_input *in)
{
	td_error te = {0};
	int has_on = 0;
	if (jv_bool(body, "recognized", JV_OPTIONAL, &in->recognized, &in->set_recognized, &te) ||
	    jv_date(body, "recognized_on", JV_OPTIONAL, 1, &in->recognized_on, &has_on, &te))
		return fail_jv(r, &te);
	if (has_on && !in->set_recognized) {
		in->set_recognized = 1;
		in->recognized = in->recognized_on != NULL;
	}
	if (in->set_recognized && in->recognized && !in->recognized_on) {
		char *today = arena_alloc(r->a, 16);
		if (!today)
			return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
		clock_today_vn(today, 16);
		in->recognized_on = today;
	}
	return TD_OK;
}

static tderr read_unit(http_req *r, json_t *body, int64_t *unit_id, char path[UNIT_PATH_MAX])
{
	td_error te = {0};
	const char *code = NULL;
	if (jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &code, NULL, &te))
		return fail_jv(r, &te);
	if (!code)
		return TD_OK;
	tderr e = access_require_unit_write(r, code, "unit", unit_id);
	if (e)
		return e;
	int64_t id2;
	return units_lookup(r->db, code, &id2, path) ? req_fail(r, TD_EINTERNAL, NULL, NULL, NULL)
						     : TD_OK;
}

static tderr handle_models_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	model_input in = {.organization_id = r->user->org_id, .set_org = 1};
	td_error te = {0};
	int64_t owner = 0;
	int content = 0;
	char path[UNIT_PATH_MAX];
	snprintf(path, sizeof path, "%s", r->user->unit_path ? r->user->unit_path : "-");
	in.unit_id = r->user->unit_id;
	if (jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in.plan_id, NULL, &te))
		return fail_jv(r, &te);
	if ((e = plan_visible(r, in.plan_id, "plan_id", &owner)) ||
	    (e = read_content(r, body, JV_REQUIRED, &in, &content)) ||
	    (e = read_recognition(r, body, &in)) || (e = read_unit(r, body, &in.unit_id, path)))
		return e;
	if (!may_edit(r, in.organization_id, owner))
		return forbidden(r, "not_model_owner",
				 "Chỉ tổ chức thực hiện mô hình hoặc cơ quan chủ trì kế hoạch được ghi mô hình",
				 "organization_id");
	if (in.set_recognized && in.recognized && !may_recognize(r, path, owner))
		return forbidden(r, "not_recognizer",
				 "Chỉ Ban Dân vận, cấp ủy hoặc cơ quan chủ trì kế hoạch được công nhận mô hình",
				 "recognized");
	if (in.replicates_id && (e = check_replicates(r, in.replicates_id, in.plan_id, 0)))
		return e;
	return model_write(r, 0, &in, 1);
}

static tderr handle_models_update(http_req *r)
{
	int64_t id, owner = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	model_state st = {0};
	char path[UNIT_PATH_MAX];
	int member = 0;
	if ((e = models_state(r->db, id, &st)) ||
	    (e = plans_access(r->db, st.plan_id, r->user->org_id, &owner, path, &member)))
		return req_store_fail(r, e, NULL, NULL);
	model_input in = {0};
	td_error te = {0};
	int64_t plan = 0;
	int has_plan = 0, content = 0;
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_int(body, "plan_id", JV_OPTIONAL, 1, INT64_MAX, &plan, &has_plan, &te))
		return fail_jv(r, &te);
	if (has_plan && plan != st.plan_id)
		return req_fail(r, TD_EINVALID, "plan_fixed", "Không thể chuyển mô hình sang kế hoạch khác",
				"plan_id");
	if ((e = read_content(r, body, JV_OPTIONAL, &in, &content)) ||
	    (e = read_recognition(r, body, &in)))
		return e;
	if (content && !may_edit(r, st.organization_id, owner))
		return forbidden(r, "not_model_owner",
				 "Chỉ tổ chức thực hiện mô hình hoặc cơ quan chủ trì kế hoạch được sửa mô hình",
				 NULL);
	if (in.set_recognized && !may_recognize(r, st.unit_path, owner))
		return forbidden(r, "not_recognizer",
				 "Chỉ Ban Dân vận, cấp ủy hoặc cơ quan chủ trì kế hoạch được công nhận mô hình",
				 "recognized");
	if ((e = read_unit(r, body, &in.unit_id, path)))
		return e;
	if (in.set_replicates && in.replicates_id && (e = check_replicates(r, in.replicates_id, st.plan_id, id)))
		return e;
	return model_write(r, id, &in, 0);
}

#define MODEL_WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_models_routes[] = {
	{"GET", "/api/v1/models", handle_models_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/models", handle_models_create, MODEL_WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/models/summary", handle_models_summary, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/models/{id}", handle_models_get, ROLE_ANY, ACCESS_RECORD, "models"},
	{"PATCH", "/api/v1/models/{id}", handle_models_update, MODEL_WRITERS, ACCESS_RECORD, "models"},
	{"GET", "/api/v1/models/{id}/tree", handle_models_tree, ROLE_ANY, ACCESS_RECORD, "models"},
};
const size_t api_models_routes_count = sizeof api_models_routes / sizeof api_models_routes[0];
