/* findings.c — /api/v1/findings: limitations, arising problems and recommendations
 * raised by an organisation and addressed to another, answered by the addressee
 * and resolved, declined or reopened by the raiser (core/finding.h); also
 * POST /api/v1/reports/{id}/findings (from a report's narrative) and
 * POST /api/v1/inspections/{id}/findings (from an inspection's conclusions).
 *
 * Access: the router checks the record's unit (ACCESS_RECORD, entity "findings").
 * An addressee usually sits at or above that unit (Sở Tài chính and UBND at the
 * province hold every unit), so scope lets it in; an addressee elsewhere sees the
 * finding in its lists, and reaches /findings/{id} once access.c lets members of the
 * addressee or escalation target through (findings_involves). Who may do what
 * within reach is decided here, from the finding's raiser and addressee. */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/finding.h"
#include "core/jsonv.h"
#include "notify/notify.h"
#include "store/findings.h"
#include "store/inspections.h"
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

static int blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == 0;
}

static int writer_role(const http_req *r)
{
	return r->user->role == ROLE_LEADER || r->user->role == ROLE_OFFICER;
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

/* May the caller change the finding's content (not its status)? An admin whose
 * write scope holds it, a leader or officer of the raiser or of the plan's owner,
 * an inspector of the raiser for what an inspection raised. */
static int may_edit(http_req *r, const finding_state *st, int64_t plan_owner)
{
	const td_user *u = r->user;
	if (!scope_can_write_unit(u, st->unit_path))
		return 0;
	if (u->role == ROLE_ADMIN)
		return 1;
	if (u->role == ROLE_LEADER || u->role == ROLE_OFFICER)
		return u->org_id == st->raised_by_id || (plan_owner && u->org_id == plan_owner);
	return u->role == ROLE_INSPECTOR && st->inspection_id && u->org_id == st->raised_by_id;
}

static finding_actor actor_of(const http_req *r, const finding_state *st)
{
	return (finding_actor){r->user->role,
			       st->addressed_to_id && r->user->org_id == st->addressed_to_id,
			       r->user->org_id == st->raised_by_id};
}

/* ---- list and read ---- */

static tderr read_list_filter(http_req *r, finding_filter *f, char path[UNIT_PATH_MAX])
{
	tderr e;
	const char *unit = NULL;
	int64_t overdue = 0, mine = 0;
	if ((e = req_paging(r, &f->limit, &f->offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &f->plan_id, &f->has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &f->org_id, &f->has_org)) ||
	    (e = req_query_int(r, "addressed_to", 1, INT64_MAX, &f->addressee_id,
			       &f->has_addressee)) ||
	    (e = req_query_int(r, "raised_by", 1, INT64_MAX, &f->raiser_id, &f->has_raiser)) ||
	    (e = req_query_int(r, "inspection", 1, INT64_MAX, &f->inspection_id,
			       &f->has_inspection)) ||
	    (e = req_query_int(r, "report", 1, INT64_MAX, &f->report_id, &f->has_report)) ||
	    (e = req_query_int(r, "year", 1900, 2999, &f->year, &f->has_year)) ||
	    (e = req_query_int(r, "overdue", 0, 1, &overdue, NULL)) ||
	    (e = req_query_int(r, "mine", 0, 1, &mine, NULL)) || (e = req_query_opt(r, "unit", &unit)) ||
	    (e = req_query_opt(r, "status", &f->status)) || (e = req_query_opt(r, "kind", &f->kind)) ||
	    (e = req_query_opt(r, "severity", &f->severity)) ||
	    (e = req_query_opt(r, "source", &f->source)) || (e = req_query_opt(r, "q", &f->q)) ||
	    (e = req_query_opt(r, "sort", &f->sort)))
		return e;
	if (!allowed(f->status, finding_statuses))
		return req_fail(r, TD_EBADREQ, "bad_status",
				"Trạng thái: open, answered, resolved hoặc declined", "status");
	if (!allowed(f->kind, finding_kinds))
		return req_fail(r, TD_EBADREQ, "bad_kind",
				"Loại: limitation, problem hoặc recommendation", "kind");
	if (!allowed(f->severity, finding_severities))
		return req_fail(r, TD_EBADREQ, "bad_severity", "Mức độ: low, medium hoặc high",
				"severity");
	if (!allowed(f->source, finding_sources))
		return req_fail(r, TD_EBADREQ, "bad_source", "Nguồn: direct, report hoặc inspection",
				"source");
	if (!allowed(f->sort, finding_sorts))
		return req_fail(r, TD_EBADREQ, "bad_sort",
				"Sắp xếp theo: -created_at, due_on, -updated_at hoặc severity", "sort");
	f->overdue = (int)overdue;
	if (mine) {
		f->has_org = 1;
		f->org_id = r->user->org_id;
	}
	if (unit) {
		int64_t uid;
		e = units_lookup(r->db, unit, &uid, path);
		if (e == TD_ENOTFOUND)
			return req_fail(r, TD_EINVALID, "unknown_unit",
					"Không tìm thấy đơn vị hành chính", "unit");
		if (e)
			return req_store_fail(r, e, NULL, NULL);
		f->unit_path = path;
	}
	/* a user without a unit path sees only what involves their organisation */
	f->scope_path = r->user->unit_path ? r->user->unit_path : "-";
	f->scope_org = r->user->org_id;
	return TD_OK;
}

static tderr handle_findings_list(http_req *r)
{
	finding_filter f = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_list_filter(r, &f, path);
	if (e)
		return e;
	json_t *items = NULL;
	int64_t total = 0;
	e = findings_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

/* The plan owner of a finding's plan, 0 when it has none. */
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

/* Adds "can": what the caller may do with the finding now. */
static void add_can(http_req *r, const finding_state *st, int64_t owner, json_t *f)
{
	finding_actor who = actor_of(r, st);
	int writable = scope_can_write_unit(r->user, st->unit_path) || who.is_addressee;
	json_t *can = json_object();
	json_object_set_new(can, "edit",
			    json_boolean(!finding_is_closed(st->status) && may_edit(r, st, owner)));
	for (int a = 0; a < FINDING_ACTION_COUNT; a++)
		json_object_set_new(can, finding_action_name((finding_action)a),
				    json_boolean(writable && finding_actor_may(&who, (finding_action)a) &&
						 finding_transition(st->status, (finding_action)a, NULL)));
	json_object_set_new(f, "can", can);
}

static tderr handle_findings_get(http_req *r)
{
	int64_t id, owner = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	finding_state st = {0};
	json_t *f = NULL;
	tderr e = findings_state(r->db, id, &st);
	if (e || (e = plan_owner_of(r, st.plan_id, &owner)) || (e = findings_get(r->db, id, &f)))
		return req_store_fail(r, e, NULL, NULL);
	add_can(r, &st, owner, f);
	return req_reply_json(r, 200, f);
}

/* ---- writes ---- */

/* Runs a write in a transaction with its audit row; replies with the new state.
 * run is one of the op_* below; reason (may be NULL) joins the audit's after. */
typedef tderr (*finding_op)(http_req *r, const void *arg, int64_t *id, td_error *te);

static void kick_notices(http_req *r, const audited_write *w)
{
	(void)r;
	(void)w;
	notify_kick();
}

static tderr finding_write(http_req *r, int64_t id, const char *action, finding_op run,
			   const void *arg, const char *reason, int status)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "findings", id);
	if (e)
		return e;
	w.action = action;
	w.status = status;
	w.then = kick_notices;
	if (id)
		e = findings_get(r->db, id, &w.before);
	if (!e)
		e = run(r, arg, &w.id, &w.te);
	if (!e)
		e = findings_get(r->db, w.id, &w.after);
	if (!e && reason) {
		w.logged = json_deep_copy(w.after);
		json_object_set_new(w.logged, "reason", json_string(reason));
	}
	return audited_end(r, &w, e);
}

static tderr op_create(http_req *r, const void *arg, int64_t *id, td_error *te)
{
	return findings_create(r->db, arg, id, te);
}

static tderr op_update(http_req *r, const void *arg, int64_t *id, td_error *te)
{
	return findings_update(r->db, *id, arg, te);
}

/* Reads the content fields; required marks a create (kind and title needed). */
static tderr read_fields(http_req *r, json_t *body, int required, finding_input *in)
{
	td_error te = {0};
	int has_plan = 0, has_addr = 0;
	json_t *addr = json_object_get(body, "addressed_to");
	if (jv_enum(body, "kind", required, finding_kinds, &in->kind, NULL, &te) ||
	    jv_str(body, "title", required, FINDING_TITLE_MAX, &in->title, NULL, &te) ||
	    jv_str(body, "description", JV_OPTIONAL, FINDING_TEXT_MAX, &in->description, NULL, &te) ||
	    jv_enum(body, "severity", JV_OPTIONAL, finding_severities, &in->severity, NULL, &te) ||
	    jv_date(body, "due_on", JV_OPTIONAL, 1, &in->due_on, &in->set_due, &te) ||
	    jv_int(body, "plan_id", JV_OPTIONAL, 1, INT64_MAX, &in->plan_id, &has_plan, &te) ||
	    jv_int(body, "addressed_to_id", JV_OPTIONAL, 1, INT64_MAX, &in->addressed_to_id,
		   &has_addr, &te))
		return fail_jv(r, &te);
	/* addressed_to as it comes out ({id, name}) is taken too */
	if (!has_addr && json_is_object(addr)) {
		if (jv_int(addr, "id", JV_REQUIRED, 1, INT64_MAX, &in->addressed_to_id, &has_addr, &te)) {
			te.field = "addressed_to";
			return fail_jv(r, &te);
		}
	}
	in->set_plan = has_plan || json_is_null(json_object_get(body, "plan_id"));
	in->set_addressee = has_addr || json_is_null(json_object_get(body, "addressed_to_id")) ||
			    json_is_null(addr);
	if (in->title && blank(in->title))
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "title");
	tderr e;
	if (has_addr && (e = access_require_org_read(r, in->addressed_to_id, "addressed_to_id")))
		return e;
	return TD_OK;
}

/* The unit given by code (must be writable), or the default when absent. */
static tderr read_unit(http_req *r, json_t *body, int64_t dflt, int64_t *unit_id)
{
	td_error te = {0};
	const char *code = NULL;
	if (jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &code, NULL, &te))
		return fail_jv(r, &te);
	if (!code) {
		*unit_id = dflt;
		return TD_OK;
	}
	return access_require_unit_write(r, code, "unit", unit_id);
}

static tderr forbidden_raiser(http_req *r)
{
	return req_fail(r, TD_EFORBIDDEN, "not_raiser",
			"Chỉ được nêu kiến nghị nhân danh tổ chức của mình hoặc của cơ quan chủ trì kế hoạch",
			"raised_by_id");
}

static tderr handle_findings_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	finding_input in = {.raised_by_id = r->user->org_id, .source = "direct"};
	td_error te = {0};
	int64_t owner = 0;
	if ((e = read_fields(r, body, JV_REQUIRED, &in)) ||
	    (e = read_unit(r, body, r->user->unit_id, &in.unit_id)))
		return e;
	if (!in.unit_id)
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", "unit");
	if (jv_int(body, "raised_by_id", JV_OPTIONAL, 1, INT64_MAX, &in.raised_by_id, NULL, &te))
		return fail_jv(r, &te);
	if (in.plan_id && (e = plan_visible(r, in.plan_id, &owner)))
		return e;
	if (in.raised_by_id != r->user->org_id &&
	    (e = access_require_org_read(r, in.raised_by_id, "raised_by_id")))
		return e;
	if (r->user->role != ROLE_ADMIN &&
	    !(writer_role(r) && (in.raised_by_id == r->user->org_id ||
				 (owner && r->user->org_id == owner))))
		return forbidden_raiser(r);
	return finding_write(r, 0, "create", op_create, &in, NULL, 201);
}

static tderr handle_findings_update(http_req *r)
{
	int64_t id, owner = 0;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	finding_state st = {0};
	if ((e = findings_state(r->db, id, &st)) || (e = plan_owner_of(r, st.plan_id, &owner)))
		return req_store_fail(r, e, NULL, NULL);
	if (!may_edit(r, &st, owner))
		return req_fail(r, TD_EFORBIDDEN, "not_editable",
				"Chỉ cơ quan nêu kiến nghị hoặc cơ quan chủ trì kế hoạch được sửa", NULL);
	finding_input in = {0};
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te))
		return fail_jv(r, &te);
	if ((e = read_fields(r, body, JV_OPTIONAL, &in)) || (e = read_unit(r, body, 0, &in.unit_id)))
		return e;
	int64_t new_owner = 0;
	if (in.plan_id && in.plan_id != st.plan_id && (e = plan_visible(r, in.plan_id, &new_owner)))
		return e;
	return finding_write(r, id, "update", op_update, &in, NULL, 200);
}

/* ---- transitions ---- */

typedef struct transition_arg {
	finding_action action;
	int64_t version;
	const char *text;
} transition_arg;

/* Loads the state inside the transaction and runs the checks in the order users
 * should hear about them: who (403), version (409), text (422), status (409). */
static tderr op_transition(http_req *r, const void *arg, int64_t *id, td_error *te)
{
	const transition_arg *t = arg;
	finding_state st = {0};
	tderr e = findings_state(r->db, *id, &st);
	if (e)
		return e;
	finding_actor who = actor_of(r, &st);
	finding_status to = FINDING_NONE;
	if (!finding_actor_may(&who, t->action))
		return finding_check(st.status, t->action, &who, 1, &to, te);
	if (t->version != st.version)
		return req_fail(r, TD_ECONFLICT, "stale_version",
				"Kiến nghị đã được người khác thay đổi, vui lòng tải lại", "version");
	if ((e = finding_check(st.status, t->action, &who, !blank(t->text), &to, te)))
		return e;
	char today[16];
	clock_today_vn(today, sizeof today);
	return findings_transition(r->db, &st, t->action, to, t->text, r->user->id, today);
}

static tderr finding_act(http_req *r, finding_action a)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	transition_arg t = {.action = a};
	td_error te = {0};
	const char *key = a == FINDING_ANSWER ? "response" : "reason";
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &t.version, NULL, &te) ||
	    jv_str(body, key, JV_OPTIONAL, a == FINDING_ANSWER ? FINDING_TEXT_MAX : FINDING_REASON_MAX,
		   &t.text, NULL, &te))
		return fail_jv(r, &te);
	return finding_write(r, id, finding_action_name(a), op_transition, &t,
			     a == FINDING_ANSWER ? NULL : t.text, 200);
}

static tderr handle_findings_answer(http_req *r)
{
	return finding_act(r, FINDING_ANSWER);
}

static tderr handle_findings_resolve(http_req *r)
{
	return finding_act(r, FINDING_RESOLVE);
}

static tderr handle_findings_decline(http_req *r)
{
	return finding_act(r, FINDING_DECLINE);
}

static tderr handle_findings_reopen(http_req *r)
{
	return finding_act(r, FINDING_REOPEN);
}

/* ---- findings from a report or an inspection ---- */

/* The narrative section a finding of this kind quotes by default. */
static const char *narrative_key(const char *kind)
{
	return strcmp(kind, "recommendation") == 0 ? "recommendations" : "limitations";
}

static tderr handle_report_findings_create(http_req *r)
{
	int64_t report_id, owner = 0;
	if (req_param_id(r, 0, &report_id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	finding_report_source src = {0};
	if ((e = findings_report_source(r->db, report_id, &src)))
		return req_store_fail(r, e, NULL, NULL);
	finding_input in = {.source = "report", .report_id = report_id, .plan_id = src.plan_id,
			    .raised_by_id = src.org_id, .unit_id = src.unit_id};
	if ((e = plan_owner_of(r, src.plan_id, &owner)))
		goto out;
	if (r->user->role != ROLE_ADMIN &&
	    !(writer_role(r) && (r->user->org_id == src.org_id || r->user->org_id == owner))) {
		e = req_fail(r, TD_EFORBIDDEN, "not_raiser",
			     "Chỉ tổ chức lập báo cáo hoặc cơ quan chủ trì kế hoạch được nêu kiến nghị từ báo cáo",
			     NULL);
		goto out;
	}
	if (json_object_get(body, "plan_id") || json_object_get(body, "unit")) {
		e = req_fail(r, TD_EINVALID, "fixed_by_report", "Kế hoạch và đơn vị lấy theo báo cáo",
			     json_object_get(body, "unit") ? "unit" : "plan_id");
		goto out;
	}
	if ((e = read_fields(r, body, JV_REQUIRED, &in)))
		goto out;
	in.plan_id = src.plan_id;
	if (!in.description || blank(in.description))
		in.description = json_string_value(json_object_get(src.narrative, narrative_key(in.kind)));
	e = finding_write(r, 0, "create", op_create, &in, NULL, 201);
out:
	json_decref(src.narrative);
	return e;
}

/* Who may record findings of an inspection: as for changing it (inspections.c). */
static int may_write_inspection(http_req *r, const inspection_state *st, int64_t owner)
{
	const td_user *u = r->user;
	if (u->role == ROLE_ADMIN)
		return 1;
	if (u->role == ROLE_LEADER || u->role == ROLE_OFFICER)
		return u->org_id == st->inspector_id || (owner && u->org_id == owner);
	return u->role == ROLE_INSPECTOR && u->org_id == st->inspector_id;
}

static tderr handle_inspection_findings_create(http_req *r)
{
	int64_t insp_id, owner = 0;
	if (req_param_id(r, 0, &insp_id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	inspection_state st = {0};
	if ((e = inspections_state(r->db, insp_id, &st)) || (e = plan_owner_of(r, st.plan_id, &owner)))
		return req_store_fail(r, e, NULL, NULL);
	if (!may_write_inspection(r, &st, owner))
		return req_fail(r, TD_EFORBIDDEN, "not_inspector",
				"Chỉ cơ quan kiểm tra, giám sát được ghi kết luận của cuộc kiểm tra này",
				NULL);
	finding_input in = {.source = "inspection", .inspection_id = insp_id,
			    .raised_by_id = st.inspector_id};
	if ((e = read_fields(r, body, JV_REQUIRED, &in)) ||
	    (e = read_unit(r, body, st.unit_id, &in.unit_id)))
		return e;
	/* addressed by default to the organisation inspected; null: to nobody */
	if (!in.set_addressee)
		in.addressed_to_id = st.inspected_id;
	int64_t plan_owner = 0;
	if (!in.plan_id)
		in.plan_id = st.plan_id;
	else if (in.plan_id != st.plan_id && (e = plan_visible(r, in.plan_id, &plan_owner)))
		return e;
	return finding_write(r, 0, "create", op_create, &in, NULL, 201);
}

#define FINDING_WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_findings_routes[] = {
	{"GET", "/api/v1/findings", handle_findings_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/findings", handle_findings_create, FINDING_WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/findings/{id}", handle_findings_get, ROLE_ANY, ACCESS_RECORD, "findings"},
	{"PATCH", "/api/v1/findings/{id}", handle_findings_update, FINDING_WRITERS | ROLE_INSPECTOR,
	 ACCESS_RECORD, "findings"},
	{"POST", "/api/v1/findings/{id}/answer", handle_findings_answer, ROLE_LEADER | ROLE_OFFICER,
	 ACCESS_RECORD, "findings"},
	{"POST", "/api/v1/findings/{id}/resolve", handle_findings_resolve,
	 ROLE_LEADER | ROLE_OFFICER | ROLE_INSPECTOR, ACCESS_RECORD, "findings"},
	{"POST", "/api/v1/findings/{id}/decline", handle_findings_decline,
	 ROLE_LEADER | ROLE_OFFICER | ROLE_INSPECTOR, ACCESS_RECORD, "findings"},
	{"POST", "/api/v1/findings/{id}/reopen", handle_findings_reopen,
	 ROLE_LEADER | ROLE_OFFICER | ROLE_INSPECTOR, ACCESS_RECORD, "findings"},
	{"POST", "/api/v1/reports/{id}/findings", handle_report_findings_create, FINDING_WRITERS,
	 ACCESS_REPORT},
	{"POST", "/api/v1/inspections/{id}/findings", handle_inspection_findings_create,
	 FINDING_WRITERS | ROLE_INSPECTOR, ACCESS_RECORD, "inspections"},
};
const size_t api_findings_routes_count = sizeof api_findings_routes / sizeof api_findings_routes[0];
