/* plans.c — /api/v1/plans: the plans and projects (kế hoạch, đề án) with their
 * objectives and coordinating organisations. Everyone sees the plans their scope
 * reaches; the owner organisation's leaders and officers, or an administrator
 * above it, create and change them. */
#include "api/api.h"
#include "api/write.h"
#include "cube/cube.h"
#include <stdio.h>
#include "core/jsonv.h"
#include "core/vntext.h"
#include "store/plans.h"
#include "store/store.h"
#include <string.h>

static tderr fail_jv(http_req *r, const td_error *te)
{
	return req_fail(r, te->kind, te->code, te->message, te->field);
}

static int valid_plan_code(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > PLAN_CODE_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == 0;
}

static tderr handle_plans_list(http_req *r)
{
	plan_filter f = {0};
	tderr e;
	if ((e = req_paging(r, &f.limit, &f.offset)) || (e = req_query_opt(r, "q", &f.q)) ||
	    (e = req_query_opt(r, "status", &f.status)) || (e = req_query_opt(r, "kind", &f.kind)) ||
	    (e = req_query_opt(r, "system", &f.system)) || (e = req_query_opt(r, "sort", &f.sort)) ||
	    (e = req_query_int(r, "owner", 1, INT64_MAX, &f.owner_id, &f.has_owner)) ||
	    (e = req_query_int(r, "year", PLAN_YEAR_MIN, PLAN_YEAR_MAX, &f.year, &f.has_year)))
		return e;
	int sort_ok = !f.sort;
	for (size_t i = 0; !sort_ok && plan_sorts[i]; i++)
		sort_ok = strcmp(f.sort, plan_sorts[i]) == 0;
	if (!sort_ok)
		return req_fail(r, TD_EBADREQ, "bad_sort",
				"Sắp xếp theo: title, code, -start_year hoặc -updated_at", "sort");
	/* a user without a unit path sees nothing rather than everything */
	f.scope_path = r->user->unit_path ? r->user->unit_path : "-";
	f.scope_org = r->user->org_id;
	json_t *items = NULL;
	int64_t total = 0;
	e = plans_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_plans_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *p = NULL;
	tderr e = plans_get(r->db, id, &p);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, p);
}

/* Reads an array of organisation ids the user can see (absent: unchanged). */
static tderr read_org_ids(http_req *r, json_t *body, const char *key, int *set,
			  const int64_t **ids, size_t *n)
{
	td_error te = {0};
	json_t *arr = NULL;
	if (jv_id_array(body, key, JV_OPTIONAL, PLAN_COORDINATORS_MAX, &arr, set, &te))
		return fail_jv(r, &te);
	if (!*set)
		return TD_OK;
	size_t k = json_array_size(arr);
	int64_t *v = arena_alloc(r->a, (k ? k : 1) * sizeof *v);
	if (!v)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	for (size_t i = 0; i < k; i++) {
		v[i] = json_integer_value(json_array_get(arr, i));
		tderr e = access_require_org_read(r, v[i], key);
		if (e)
			return e;
	}
	*ids = v;
	*n = k;
	return TD_OK;
}

static tderr objective_fail(http_req *r, const char *code, const char *msg)
{
	return req_fail(r, TD_EINVALID, code, msg, "objectives");
}

/* One objective: a title string, or {"id"?, "code"?, "title"}. */
static tderr read_objective(http_req *r, json_t *v, plan_objective_in *o)
{
	td_error te = {0};
	if (json_is_string(v)) {
		size_t len = json_string_length(v);
		o->title = json_string_value(v);
		if (len > PLAN_OBJECTIVE_TITLE_MAX)
			return objective_fail(r, "too_long", "Tên mục tiêu quá dài (tối đa 1000 byte)");
		if (!vn_valid_text(o->title, len) || blank(o->title))
			return objective_fail(r, "invalid_text", "Tên mục tiêu không hợp lệ");
		o->code = "";
		return TD_OK;
	}
	if (!json_is_object(v))
		return objective_fail(r, "bad_objective",
				      "Mỗi mục tiêu là một chuỗi hoặc {code, title}");
	o->code = "";
	if (jv_int(v, "id", JV_OPTIONAL, 1, INT64_MAX, &o->id, NULL, &te) ||
	    jv_str(v, "code", JV_OPTIONAL, PLAN_OBJECTIVE_CODE_MAX, &o->code, NULL, &te) ||
	    jv_str(v, "title", JV_REQUIRED, PLAN_OBJECTIVE_TITLE_MAX, &o->title, NULL, &te)) {
		te.field = "objectives";
		return fail_jv(r, &te);
	}
	return TD_OK;
}

static tderr read_objectives(http_req *r, json_t *body, plan_input *in)
{
	json_t *v = json_object_get(body, "objectives");
	if (!v || json_is_null(v))
		return TD_OK;
	if (!json_is_array(v))
		return objective_fail(r, "not_array", "Phải là một mảng");
	size_t n = json_array_size(v);
	if (n > PLAN_OBJECTIVES_MAX)
		return objective_fail(r, "too_many", "Tối đa 50 mục tiêu");
	plan_objective_in *objs = arena_alloc(r->a, (n ? n : 1) * sizeof *objs);
	if (!objs)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		tderr e = read_objective(r, json_array_get(v, i), &objs[i]);
		if (e)
			return e;
	}
	in->set_objectives = 1;
	in->objectives = objs;
	in->nobjectives = n;
	return TD_OK;
}

/* Everything but the owner and the version; required marks a create. */
static tderr read_fields(http_req *r, json_t *body, int required, plan_input *in)
{
	td_error te = {0};
	if (jv_str(body, "code", required, PLAN_CODE_MAX, &in->code, NULL, &te) ||
	    jv_enum(body, "kind", JV_OPTIONAL, plan_kinds, &in->kind, NULL, &te) ||
	    jv_str(body, "title", required, PLAN_TITLE_MAX, &in->title, NULL, &te) ||
	    jv_int(body, "start_year", required, PLAN_YEAR_MIN, PLAN_YEAR_MAX, &in->start_year,
		   &in->has_start, &te) ||
	    jv_int(body, "end_year", required, PLAN_YEAR_MIN, PLAN_YEAR_MAX, &in->end_year,
		   &in->has_end, &te) ||
	    jv_str(body, "approving_doc", JV_OPTIONAL, PLAN_DOC_MAX, &in->approving_doc, NULL, &te) ||
	    jv_date(body, "approved_on", JV_OPTIONAL, 1, &in->approved_on, &in->set_approved_on,
		    &te) ||
	    jv_str(body, "summary", JV_OPTIONAL, PLAN_SUMMARY_MAX, &in->summary, NULL, &te) ||
	    jv_enum(body, "status", JV_OPTIONAL, plan_statuses, &in->status, NULL, &te))
		return fail_jv(r, &te);
	if (in->code && !valid_plan_code(in->code))
		return req_fail(r, TD_EINVALID, "bad_code",
				"Mã kế hoạch chỉ gồm chữ in hoa không dấu, chữ số và '-'", "code");
	if (in->title && blank(in->title))
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "title");
	if (in->has_start && in->has_end && in->start_year > in->end_year)
		return req_fail(r, TD_EINVALID, "bad_years",
				"Năm kết thúc không được trước năm bắt đầu", "end_year");
	tderr e;
	if ((e = read_org_ids(r, body, "coordinator_ids", &in->set_coordinators,
			      &in->coordinator_ids, &in->ncoordinators)) ||
	    (e = read_org_ids(r, body, "supervisor_ids", &in->set_supervisors,
			      &in->supervisor_ids, &in->nsupervisors)))
		return e;
	return read_objectives(r, body, in);
}

/* The owner decides which organisations report the plan. */
static void rebuild_cube(http_req *r, const audited_write *w)
{
	if (cube_rebuild(r->db) != TD_OK)
		fprintf(stderr, "tiendo: cube: not rebuilt after plan %lld\n", (long long)w->id);
}

/* Runs the write in a transaction with its audit row; replies with the new state. */
static tderr plan_write(http_req *r, int64_t id, const plan_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "plans", create ? 0 : id);
	if (e)
		return e;
	w.conflict_code = "plan_code_taken";
	w.conflict_message = "Mã kế hoạch đã được dùng";
	w.then = create ? NULL : rebuild_cube;
	if (!create)
		e = plans_get(r->db, id, &w.before);
	if (!e)
		e = create ? plans_create(r->db, in, &w.id, &w.te) : plans_update(r->db, id, in, &w.te);
	if (!e)
		e = plans_get(r->db, w.id, &w.after);
	return audited_end(r, &w, e);
}

static tderr handle_plans_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	plan_input in = {0};
	td_error te = {0};
	if (jv_int(body, "owner_id", JV_REQUIRED, 1, INT64_MAX, &in.owner_id, NULL, &te))
		return fail_jv(r, &te);
	if ((e = access_require_org_read(r, in.owner_id, "owner_id")) ||
	    (e = access_plan_write(r, in.owner_id)) || (e = read_fields(r, body, JV_REQUIRED, &in)))
		return e;
	return plan_write(r, 0, &in, 1);
}

static tderr handle_plans_update(http_req *r)
{
	int64_t id, owner = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	char path[UNIT_PATH_MAX];
	int member = 0;
	if ((e = plans_access(r->db, id, r->user->org_id, &owner, path, &member)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = access_plan_write(r, owner)))
		return e;
	plan_input in = {0};
	td_error te = {0};
	int has_owner = 0;
	if (jv_int(body, "owner_id", JV_OPTIONAL, 1, INT64_MAX, &in.owner_id, &has_owner, &te) ||
	    jv_int(body, "version", JV_OPTIONAL, 1, INT64_MAX, &in.version, &in.has_version, &te))
		return fail_jv(r, &te);
	if (has_owner && in.owner_id != owner &&
	    ((e = access_require_org_read(r, in.owner_id, "owner_id")) ||
	     (e = access_plan_write(r, in.owner_id))))
		return e;
	if ((e = read_fields(r, body, JV_OPTIONAL, &in)))
		return e;
	return plan_write(r, id, &in, 0);
}

const route api_plans_routes[] = {
	{"GET", "/api/v1/plans", handle_plans_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/plans", handle_plans_create, ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER,
	 ACCESS_NONE},
	{"GET", "/api/v1/plans/{id}", handle_plans_get, ROLE_ANY, ACCESS_PLAN},
	{"PATCH", "/api/v1/plans/{id}", handle_plans_update, ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER,
	 ACCESS_PLAN},
};
const size_t api_plans_routes_count = sizeof api_plans_routes / sizeof api_plans_routes[0];
