/* tasks.c — /api/v1/tasks: the roadmap of each plan. Lists (mine=1, the derived
 * status, the timeline by slot), one task with its coordinators, extensions and
 * comments, create, change (optimistic version), extend a deadline keeping the
 * original, comment. The router has checked the task's unit against the caller's
 * scope; who may change it within that scope is core/followup.h's rule. */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/jsonv.h"
#include "core/period.h"
#include "store/store.h"
#include "store/tasks.h"
#include <string.h>

static int in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static const char *today(http_req *r)
{
	char *buf = arena_alloc(r->a, 16);
	if (buf)
		clock_today_vn(buf, 16);
	return buf ? buf : "1970-01-01";
}

static tderr forbidden(http_req *r)
{
	return req_fail(r, TD_EFORBIDDEN, "not_allowed",
			"Chỉ tổ chức được giao nhiệm vụ, cơ quan chủ trì kế hoạch hoặc quản trị viên"
			" được sửa nhiệm vụ này",
			NULL);
}

/* ---- lists ---- */

static tderr read_filter(http_req *r, task_filter *f, char path[UNIT_PATH_MAX])
{
	pf_filter *g = &f->base;
	const char *unit = NULL;
	int64_t mine = 0;
	tderr e;
	if ((e = req_paging(r, &g->limit, &g->offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &g->plan_id, &g->has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &g->org_id, &g->has_org)) ||
	    (e = req_query_int(r, "mine", 0, 1, &mine, NULL)) ||
	    (e = req_query_int(r, "year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &g->year, &g->has_year)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "q", &g->q)) ||
	    (e = req_query_opt(r, "status", &f->status)) || (e = req_query_opt(r, "slot", &f->slot)) ||
	    (e = req_query_opt(r, "sort", &f->sort)))
		return e;
	if (f->status && !in_list(f->status, followup_task_statuses))
		return req_fail(r, TD_EBADREQ, "bad_status",
				"Trạng thái: in_progress, overdue, done_on_time hoặc done_late", "status");
	if (f->sort && !in_list(f->sort, task_sorts))
		return req_fail(r, TD_EBADREQ, "bad_sort", "Sắp xếp theo: deadline hoặc -updated_at",
				"sort");
	period p;
	if (f->slot && period_parse(f->slot, &p))
		return req_fail(r, TD_EBADREQ, "bad_slot", "Mã kỳ không hợp lệ", "slot");
	if (mine) {
		g->has_org = 1;
		g->org_id = r->user->org_id;
	}
	if (unit) {
		int64_t uid;
		e = units_lookup(r->db, unit, &uid, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EINVALID, "unknown_unit", "Không tìm thấy đơn vị hành chính",
					"unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		g->unit_path = path;
	}
	/* a user without a unit path sees nothing rather than everything */
	g->read_path = r->user->unit_path ? r->user->unit_path : "-";
	f->today = today(r);
	return TD_OK;
}

static tderr list_fail(http_req *r, tderr e)
{
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	return req_store_fail(r, e, NULL, NULL);
}

static tderr handle_tasks_list(http_req *r)
{
	task_filter f = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_filter(r, &f, path);
	if (e)
		return e;
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = tasks_list(r->db, &f, &items, &total)))
		return list_fail(r, e);
	return req_reply_list(r, items, total);
}

static tderr handle_tasks_timeline(http_req *r)
{
	task_filter f = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_filter(r, &f, path);
	if (e)
		return e;
	json_t *out = NULL;
	if ((e = tasks_timeline(r->db, &f, &out)))
		return list_fail(r, e);
	return req_reply_json(r, 200, out);
}

static tderr handle_tasks_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *t = NULL;
	tderr e = tasks_get(r->db, id, today(r), 1, &t);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, t);
}

/* ---- writes ---- */

/* Reads coordinator_ids: organisations the user can see, never the responsible one. */
static tderr read_coordinators(http_req *r, json_t *body, int64_t responsible, task_input *in)
{
	td_error te = {0};
	json_t *arr = NULL;
	if (jv_id_array(body, "coordinator_ids", JV_OPTIONAL, TASK_COORDINATORS_MAX, &arr,
			&in->set_coordinators, &te))
		return api_fail_te(r, &te);
	if (!in->set_coordinators)
		return TD_OK;
	size_t n = json_array_size(arr);
	int64_t *ids = arena_alloc(r->a, (n ? n : 1) * sizeof *ids);
	if (!ids)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		ids[i] = json_integer_value(json_array_get(arr, i));
		tderr e = access_require_org_read(r, ids[i], "coordinator_ids");
		if (e)
			return e;
		if (ids[i] == responsible)
			return req_fail(r, TD_EINVALID, "responsible_is_coordinator",
					"Tổ chức chủ trì không thể đồng thời là tổ chức phối hợp",
					"coordinator_ids");
	}
	in->coordinator_ids = ids;
	in->ncoordinators = n;
	return TD_OK;
}

/* The slot must be a period code within the plan's years. */
static tderr check_slot(http_req *r, const char *slot, const pf_plan *plan)
{
	period p;
	if (period_parse(slot, &p))
		return req_fail(r, TD_EINVALID, "bad_slot",
				"Mốc lộ trình phải là mã kỳ: 2024, 2024S1, 2024Q2 hoặc 202405", "slot");
	if (p.year < plan->start_year || p.year > plan->end_year)
		return req_fail(r, TD_EINVALID, "slot_outside_plan",
				"Mốc lộ trình nằm ngoài thời gian của kế hoạch", "slot");
	return TD_OK;
}

/* Progress and completion: a completion date (not in the future) makes progress
 * 100; progress 100 without one completes the task today; reopening
 * (completed_on null) needs progress under 100, and lowering the progress of a
 * completed task needs reopening it. */
static tderr settle_progress(http_req *r, task_input *in, int64_t cur_progress,
			     int cur_completed, const char *day)
{
	if (in->set_completed && in->completed_on) {
		if (strcmp(in->completed_on, day) > 0)
			return req_fail(r, TD_EINVALID, "completed_in_future",
					"Ngày hoàn thành không được sau hôm nay", "completed_on");
		in->has_progress = 1;
		in->progress = 100;
		return TD_OK;
	}
	if (in->set_completed) {
		if ((in->has_progress ? in->progress : cur_progress) >= 100)
			return req_fail(r, TD_EINVALID, "progress_requires_completion",
					"Nhiệm vụ chưa hoàn thành thì tiến độ phải dưới 100%", "progress");
		return TD_OK;
	}
	if (in->has_progress && in->progress == 100 && !cur_completed) {
		in->set_completed = 1;
		in->completed_on = day;
	} else if (in->has_progress && in->progress < 100 && cur_completed) {
		return req_fail(r, TD_EINVALID, "task_completed",
				"Nhiệm vụ đã hoàn thành; muốn mở lại, gửi completed_on: null", "progress");
	}
	return TD_OK;
}

/* title, description, start, slot, progress, completed_on (required on create:
 * title, slot). */
static tderr read_fields(http_req *r, json_t *body, int required, task_input *in)
{
	td_error te = {0};
	if (jv_str(body, "title", required, TASK_TITLE_MAX, &in->title, NULL, &te) ||
	    jv_str(body, "description", JV_OPTIONAL, TASK_DESCRIPTION_MAX, &in->description, NULL,
		   &te) ||
	    jv_date(body, "start", JV_OPTIONAL, 0, &in->start_on, NULL, &te) ||
	    jv_str(body, "slot", required, PERIOD_CODE_SIZE, &in->slot, NULL, &te) ||
	    jv_int(body, "progress", JV_OPTIONAL, 0, 100, &in->progress, &in->has_progress, &te) ||
	    jv_date(body, "completed_on", JV_OPTIONAL, 1, &in->completed_on, &in->set_completed,
		    &te))
		return api_fail_te(r, &te);
	if (in->title && in->title[strspn(in->title, " \t\r\n")] == 0)
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "title");
	return TD_OK;
}

/* Runs the write in a transaction with its audit row; replies with the task. */
static tderr task_write(http_req *r, int64_t id, const task_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "tasks", create ? 0 : id);
	if (e)
		return e;
	const char *day = today(r);
	if (!create)
		e = tasks_get(r->db, id, day, 0, &w.before);
	if (!e)
		e = create ? tasks_create(r->db, in, &w.id, &w.te) : tasks_update(r->db, id, in, &w.te);
	if (!e)
		e = tasks_get(r->db, w.id, day, 1, &w.after);
	return audited_end(r, &w, e);
}

static tderr handle_tasks_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	task_input in = {0};
	td_error te = {0};
	pf_plan plan;
	const char *unit = NULL;
	in.responsible_id = r->user->org_id;
	if (jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in.plan_id, NULL, &te) ||
	    jv_int(body, "responsible_id", JV_OPTIONAL, 1, INT64_MAX, &in.responsible_id, NULL,
		   &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te) ||
	    jv_date(body, "deadline", JV_REQUIRED, 0, &in.deadline, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = pf_plan_for_user(r->db, r->user, in.plan_id, "plan_id", &plan, &te)))
		return api_fail_store(r, e, &te);
	if ((e = access_require_org_read(r, in.responsible_id, "responsible_id")))
		return e;
	if ((e = pf_record_unit(r->db, r->user, unit, NULL, in.responsible_id, "responsible_id",
				&in.unit_id, &te)))
		return api_fail_store(r, e, &te);
	fu_actor who = {r->user->role, r->user->org_id == in.responsible_id,
			r->user->org_id == plan.owner_id, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	if ((e = read_fields(r, body, JV_REQUIRED, &in)) || (e = check_slot(r, in.slot, &plan)) ||
	    (e = read_coordinators(r, body, in.responsible_id, &in)))
		return e;
	if (!in.start_on) {
		/* a roadmap task starts with its slot, unless its deadline comes first */
		period p;
		char *start = arena_alloc(r->a, 16);
		if (!start || period_parse(in.slot, &p))
			return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
		snprintf(start, 16, "%04d-%02d-01", p.year % 10000, period_first_month(&p) % 100);
		in.start_on = strcmp(start, in.deadline) <= 0 ? start : in.deadline;
	}
	if (strcmp(in.start_on, in.deadline) > 0)
		return req_fail(r, TD_EINVALID, "start_after_deadline",
				"Ngày bắt đầu không được sau hạn hoàn thành", "start");
	if ((e = settle_progress(r, &in, 0, 0, today(r))))
		return e;
	in.user_id = r->user->id;
	return task_write(r, 0, &in, 1);
}

static tderr handle_tasks_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	task_facts cur = {0};
	if ((e = tasks_facts(r->db, id, &cur)))
		return req_store_fail(r, e, NULL, NULL);
	fu_actor who = {r->user->role, r->user->org_id == cur.responsible_id,
			r->user->org_id == cur.plan_owner, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	task_input in = {0};
	td_error te = {0};
	const char *unit = NULL, *deadline = NULL;
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_int(body, "responsible_id", JV_OPTIONAL, 1, INT64_MAX, &in.responsible_id, NULL,
		   &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te) ||
	    jv_date(body, "deadline", JV_OPTIONAL, 0, &deadline, NULL, &te))
		return api_fail_te(r, &te);
	if (deadline && strcmp(deadline, cur.deadline) != 0)
		return req_fail(r, TD_EINVALID, "use_extend",
				"Hạn hoàn thành chỉ thay đổi bằng gia hạn (POST .../extend)", "deadline");
	if (in.responsible_id == cur.responsible_id)
		in.responsible_id = 0;
	if (in.responsible_id && r->user->role != ROLE_ADMIN && !who.is_plan_owner)
		return req_fail(r, TD_EFORBIDDEN, "reassign_not_allowed",
				"Chỉ cơ quan chủ trì kế hoạch hoặc quản trị viên được giao lại nhiệm vụ",
				"responsible_id");
	int64_t responsible = in.responsible_id ? in.responsible_id : cur.responsible_id;
	if (in.responsible_id && (e = access_require_org_read(r, in.responsible_id, "responsible_id")))
		return e;
	if ((unit || in.responsible_id) &&
	    (e = pf_record_unit(r->db, r->user, unit, cur.unit_path, responsible, "responsible_id",
				&in.unit_id, &te)))
		return api_fail_store(r, e, &te);
	if ((e = read_fields(r, body, JV_OPTIONAL, &in)) ||
	    (e = read_coordinators(r, body, responsible, &in)))
		return e;
	if (in.slot) {
		pf_plan plan;
		if ((e = pf_plan_info(r->db, cur.plan_id, &plan)))
			return req_store_fail(r, e, NULL, NULL);
		if ((e = check_slot(r, in.slot, &plan)))
			return e;
	}
	if (in.start_on && strcmp(in.start_on, cur.deadline) > 0)
		return req_fail(r, TD_EINVALID, "start_after_deadline",
				"Ngày bắt đầu không được sau hạn hoàn thành", "start");
	if ((e = settle_progress(r, &in, cur.progress, cur.completed_on[0] != 0, today(r))))
		return e;
	return task_write(r, id, &in, 0);
}

static tderr handle_tasks_extend(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	task_facts cur = {0};
	if ((e = tasks_facts(r->db, id, &cur)))
		return req_store_fail(r, e, NULL, NULL);
	fu_actor who = {r->user->role, r->user->org_id == cur.responsible_id,
			r->user->org_id == cur.plan_owner, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	task_extension x = {0};
	td_error te = {0};
	x.document = "";
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &x.version, NULL, &te) ||
	    jv_date(body, "new_deadline", JV_REQUIRED, 0, &x.new_deadline, NULL, &te) ||
	    jv_str(body, "reason", JV_REQUIRED, TASK_REASON_MAX, &x.reason, NULL, &te) ||
	    jv_str(body, "document", JV_OPTIONAL, TASK_DOCUMENT_MAX, &x.document, NULL, &te))
		return api_fail_te(r, &te);
	if (cur.completed_on[0])
		return req_fail(r, TD_ECONFLICT, "task_completed",
				"Nhiệm vụ đã hoàn thành, không gia hạn được", NULL);
	if (strcmp(x.new_deadline, cur.deadline) <= 0)
		return req_fail(r, TD_EINVALID, "deadline_not_later",
				"Hạn mới phải sau hạn hiện tại", "new_deadline");
	x.user_id = r->user->id;
	json_t *before = NULL, *after = NULL;
	const char *day = today(r);
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = tasks_get(r->db, id, day, 0, &before)) || (e = tasks_extend(r->db, id, &x, &te)) ||
	    (e = tasks_get(r->db, id, day, 1, &after)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "tasks", id, "extend", before, after)) ||
	    (e = db_commit(r->db))) {
		db_rollback(r->db);
		json_decref(before);
		json_decref(after);
		return api_fail_store(r, e, &te);
	}
	json_decref(before);
	return req_reply_json(r, 200, after);
}

static tderr handle_tasks_comment(http_req *r)
{
	int64_t id, cid = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	const char *text = NULL;
	td_error te = {0};
	if (jv_str(body, "body", JV_REQUIRED, TASK_COMMENT_MAX, &text, NULL, &te))
		return api_fail_te(r, &te);
	json_t *after = NULL;
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = tasks_comment(r->db, id, r->user->id, text, &cid)) ||
	    (e = tasks_get(r->db, id, today(r), 1, &after)))
		goto fail;
	json_t *comment = NULL, *c;
	size_t i;
	json_array_foreach(json_object_get(after, "comments"), i, c)
		if (json_integer_value(json_object_get(c, "id")) == cid)
			comment = c;
	if (!comment) {
		e = TD_EINTERNAL;
		goto fail;
	}
	json_object_set_new(comment, "task_id", json_integer(id));
	json_incref(comment);
	json_decref(after);
	after = NULL;
	if ((e = store_audit(r->db, r->user, r->client_ip, "tasks", id, "comment", NULL, comment)) ||
	    (e = db_commit(r->db))) {
		json_decref(comment);
		goto fail;
	}
	return req_reply_json(r, 201, comment);
fail:
	db_rollback(r->db);
	json_decref(after);
	return req_store_fail(r, e, NULL, NULL);
}

#define WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_tasks_routes[] = {
	{"GET", "/api/v1/tasks", handle_tasks_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/tasks", handle_tasks_create, WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/tasks/timeline", handle_tasks_timeline, ROLE_ANY, ACCESS_NONE},
	{"GET", "/api/v1/tasks/{id}", handle_tasks_get, ROLE_ANY, ACCESS_RECORD, "tasks"},
	{"PATCH", "/api/v1/tasks/{id}", handle_tasks_update, WRITERS, ACCESS_RECORD, "tasks"},
	{"POST", "/api/v1/tasks/{id}/extend", handle_tasks_extend, WRITERS, ACCESS_RECORD, "tasks"},
	{"POST", "/api/v1/tasks/{id}/comments", handle_tasks_comment, WRITERS, ACCESS_RECORD,
	 "tasks"},
};
const size_t api_tasks_routes_count = sizeof api_tasks_routes / sizeof api_tasks_routes[0];
