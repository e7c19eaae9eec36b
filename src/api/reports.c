/* reports.c — /api/v1/reports: periodic reports of the organisations on a plan,
 * their values and narrative, the workflow (submit, approve, return, reopen) and
 * the evidence files. The router has checked that the report's unit is in the
 * caller's scope; who may act within it is core/workflow.h's question. */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/jsonv.h"
#include "core/workflow.h"
#include "cube/cube.h"
#include "store/formulas.h"
#include "store/evidence.h"
#include "store/plans.h"
#include "store/reports.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int blank(const char *s)
{
	return !s || s[strspn(s, " \t\r\n")] == 0;
}

/* The data is committed: a cube that failed to follow is repaired by a later
 * refresh or rebuild, so the user is not told. */
static void cube_follow(http_req *r, int64_t id)
{
	tderr e = cube_refresh_report(r->db, id);
	if (e)
		fprintf(stderr, "tiendo: cube refresh of report %lld failed (%s)\n", (long long)id,
			td_err_code(e));
}

/* Replies with the full report as the caller sees it. */
static tderr reply_report(http_req *r, int status, int64_t id)
{
	json_t *out = NULL;
	tderr e = reports_get(r->db, id, r->user, &out);
	if (!e && (e = formulas_prefill(r->db, out)))
		json_decref(out);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, status, out);
}

static tderr stale(http_req *r)
{
	return req_fail(r, TD_ECONFLICT, "stale_version",
			"Báo cáo đã được người khác thay đổi, vui lòng tải lại", "version");
}

/* ---- list ---- */

static tderr read_list_filter(http_req *r, report_filter *f, char path[UNIT_PATH_MAX])
{
	tderr e;
	const char *unit = NULL;
	int64_t inbox = 0, overdue = 0;
	if ((e = req_paging(r, &f->limit, &f->offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &f->plan_id, &f->has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &f->org_id, &f->has_org)) ||
	    (e = req_query_int(r, "inbox", 0, 1, &inbox, NULL)) ||
	    (e = req_query_int(r, "overdue", 0, 1, &overdue, NULL)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "period", &f->period)) ||
	    (e = req_query_opt(r, "status", &f->status)) || (e = req_query_opt(r, "sort", &f->sort)))
		return e;
	f->inbox = (int)inbox;
	f->overdue = (int)overdue;
	period p;
	if (f->period && period_parse(f->period, &p))
		return req_fail(r, TD_EBADREQ, "bad_period", "Mã kỳ báo cáo không hợp lệ", "period");
	int ok = !f->status;
	for (size_t i = 0; !ok && report_statuses[i]; i++)
		ok = strcmp(f->status, report_statuses[i]) == 0;
	if (!ok)
		return req_fail(r, TD_EBADREQ, "bad_status",
				"Trạng thái: draft, submitted, approved hoặc returned", "status");
	ok = !f->sort;
	for (size_t i = 0; !ok && report_sorts[i]; i++)
		ok = strcmp(f->sort, report_sorts[i]) == 0;
	if (!ok)
		return req_fail(r, TD_EBADREQ, "bad_sort",
				"Sắp xếp theo: -period, deadline hoặc -updated_at", "sort");
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
	f->viewer = r->user;
	return TD_OK;
}

static tderr handle_reports_list(http_req *r)
{
	report_filter f = {0};
	char path[UNIT_PATH_MAX];
	tderr e = read_list_filter(r, &f, path);
	if (e)
		return e;
	json_t *items = NULL;
	int64_t total = 0;
	if ((e = reports_list(r->db, &f, &items, &total)))
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

/* ---- create ---- */

/* The plan must be one the caller sees (422 naming plan_id otherwise). */
static tderr require_plan_visible(http_req *r, int64_t plan_id)
{
	int64_t owner;
	char path[UNIT_PATH_MAX];
	int member = 0;
	tderr e = plans_access(r->db, plan_id, r->user->org_id, &owner, path, &member);
	if (e == TD_ENOTFOUND || (!e && !member && !scope_can_read_unit(r->user, path)))
		return req_fail(r, TD_EINVALID, "unknown_plan", "Không tìm thấy kế hoạch", "plan_id");
	return e ? req_store_fail(r, e, NULL, NULL) : TD_OK;
}

static tderr handle_reports_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	report_new in = {.user_id = r->user->id};
	td_error te = {0};
	if (jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in.plan_id, NULL, &te) ||
	    jv_int(body, "organization_id", JV_REQUIRED, 1, INT64_MAX, &in.org_id, NULL, &te) ||
	    jv_str(body, "unit", JV_REQUIRED, UNIT_CODE_MAX, &in.unit_code, NULL, &te) ||
	    jv_str(body, "period", JV_REQUIRED, 16, &in.period, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = access_require_org_read(r, in.org_id, "organization_id")))
		return e;
	wf_actor who = {r->user->role, r->user->org_id == in.org_id, 0};
	if (wf_check(WF_NONE, WF_CREATE, &who, 0, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = require_plan_visible(r, in.plan_id)))
		return e;
	int64_t id = 0;
	json_t *after = NULL;
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = reports_create(r->db, &in, &id, &te)) || (e = reports_snapshot(r->db, id, &after)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "reports", id, "create", NULL, after)) ||
	    (e = db_commit(r->db))) {
		db_rollback(r->db);
		json_decref(after);
		return api_fail_store(r, e, &te);
	}
	json_decref(after);
	cube_follow(r, id);
	return reply_report(r, 201, id);
}

static tderr handle_reports_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	return reply_report(r, 200, id);
}

/* ---- PUT: values and narrative ---- */

typedef struct put_input {
	int64_t version;
	report_value_in *values;
	json_t **value_items;     /* the JSON item of each value, for error fields */
	size_t nvalues;
	report_narrative_in narr;
} put_input;

static const char *value_field(http_req *r, size_t i, const char *key)
{
	return arena_printf(r->a, "values[%zu].%s", i, key);
}

static tderr read_value(http_req *r, json_t *item, size_t i, report_value_in *v)
{
	td_error te = {0};
	if (!json_is_object(item))
		return req_fail(r, TD_EINVALID, "not_object", "Mỗi giá trị là một đối tượng",
				value_field(r, i, "indicator_id"));
	if (jv_int(item, "indicator_id", JV_REQUIRED, 1, INT64_MAX, &v->indicator_id, NULL, &te) ||
	    jv_str(item, "comment", JV_OPTIONAL, REPORT_COMMENT_MAX, &v->comment, NULL, &te)) {
		te.field = value_field(r, i, te.field);
		return api_fail_te(r, &te);
	}
	json_t *val = json_object_get(item, "value");
	if (!val)
		return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc (null: chưa nhập)",
				value_field(r, i, "value"));
	if (json_is_null(val))
		return TD_OK;
	if (!json_is_number(val))
		return req_fail(r, TD_EINVALID, "not_number", "Giá trị phải là số hoặc null",
				value_field(r, i, "value"));
	v->has_value = 1;
	v->value = json_number_value(val);
	return TD_OK;
}

static tderr read_put(http_req *r, json_t *body, put_input *in)
{
	td_error te = {0};
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in->version, NULL, &te))
		return api_fail_te(r, &te);
	json_t *vals = json_object_get(body, "values");
	if (vals && !json_is_null(vals)) {
		if (!json_is_array(vals))
			return req_fail(r, TD_EINVALID, "not_array", "Phải là một mảng", "values");
		size_t n = json_array_size(vals);
		if (n > REPORT_VALUES_MAX)
			return req_fail(r, TD_EINVALID, "too_many", "Tối đa 500 giá trị mỗi lần lưu",
					"values");
		in->values = arena_alloc(r->a, (n ? n : 1) * sizeof *in->values);
		if (!in->values)
			return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
		for (size_t i = 0; i < n; i++) {
			tderr e = read_value(r, json_array_get(vals, i), i, &in->values[i]);
			if (e)
				return e;
		}
		in->nvalues = n;
	}
	json_t *nar = json_object_get(body, "narrative");
	if (!nar || json_is_null(nar))
		return TD_OK;
	if (!json_is_object(nar))
		return req_fail(r, TD_EINVALID, "not_object", "Phải là một đối tượng", "narrative");
	static const char *const keys[] = {"results", "limitations", "causes", "recommendations"};
	const char **outs[] = {&in->narr.results, &in->narr.limitations, &in->narr.causes,
			       &in->narr.recommendations};
	for (size_t k = 0; k < 4; k++)
		if (jv_str(nar, keys[k], JV_OPTIONAL, REPORT_TEXT_MAX, outs[k], NULL, &te)) {
			te.field = arena_printf(r->a, "narrative.%s", keys[k]);
			return api_fail_te(r, &te);
		}
	return TD_OK;
}

/* Each value must belong to the report's form, be entered (not computed), appear
 * once, and satisfy its indicator's rules. Runs inside the transaction. */
static tderr check_values(http_req *r, int64_t id, const put_input *in)
{
	if (in->nvalues == 0)
		return TD_OK;
	report_field *fields = NULL;
	size_t nf = 0;
	tderr e = reports_fields(r->db, id, &fields, &nf);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	for (size_t i = 0; !e && i < in->nvalues; i++) {
		const report_value_in *v = &in->values[i];
		const report_field *f = NULL;
		for (size_t k = 0; k < nf && !f; k++)
			if (fields[k].indicator_id == v->indicator_id)
				f = &fields[k];
		for (size_t j = 0; !e && j < i; j++)
			if (in->values[j].indicator_id == v->indicator_id)
				e = req_fail(r, TD_EINVALID, "duplicate_indicator",
					     "Chỉ tiêu bị nhập hai lần", value_field(r, i, "indicator_id"));
		if (e)
			break;
		if (!f) {
			e = req_fail(r, TD_EINVALID, "unknown_indicator",
				     "Chỉ tiêu không thuộc biểu mẫu của báo cáo này",
				     value_field(r, i, "indicator_id"));
		} else if (f->computed) {
			e = req_fail(r, TD_EINVALID, "computed_indicator",
				     "Chỉ tiêu tỷ lệ được tính tự động, không nhập trực tiếp",
				     value_field(r, i, "indicator_id"));
		} else if (v->has_value) {
			const char *code = NULL;
			char *msg = arena_alloc(r->a, INDICATOR_MESSAGE_SIZE);
			if (!msg)
				e = req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
			else if (indicator_check_value(&f->rules, v->value, &code, msg,
						       INDICATOR_MESSAGE_SIZE))
				e = req_fail(r, TD_EINVALID, code ? code : "invalid_value", msg,
					     value_field(r, i, "value"));
		}
	}
	free(fields);
	return e;
}

static tderr handle_reports_put(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	put_input in = {0};
	tderr e = req_body_object(r, &body);
	if (e || (e = read_put(r, body, &in)))
		return e;
	report_state st;
	td_error te = {0};
	json_t *before = NULL, *after = NULL;
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = reports_state(r->db, id, r->user, &st)))
		goto fail;
	if ((e = wf_check(st.status, WF_EDIT, &st.actor, 0, NULL, &te)))
		goto fail;
	if (st.version != in.version) {
		db_rollback(r->db);
		return stale(r);
	}
	if ((e = check_values(r, id, &in))) {
		db_rollback(r->db);
		return e;
	}
	if ((e = reports_snapshot(r->db, id, &before)) ||
	    (e = reports_save(r->db, &st, in.values, in.nvalues, &in.narr, r->user->id)) ||
	    (e = reports_snapshot(r->db, id, &after)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "reports", id, "save", before, after)) ||
	    (e = db_commit(r->db)))
		goto fail;
	json_decref(before);
	json_decref(after);
	cube_follow(r, id);
	return reply_report(r, 200, id);
fail:
	db_rollback(r->db);
	json_decref(before);
	json_decref(after);
	return api_fail_store(r, e, &te);
}

/* ---- workflow actions ---- */

static tderr act(http_req *r, wf_action a)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	int64_t version = 0;
	const char *reason = NULL;
	td_error te = {0};
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &version, NULL, &te) ||
	    jv_str(body, "reason", JV_OPTIONAL, REPORT_REASON_MAX, &reason, NULL, &te))
		return api_fail_te(r, &te);
	report_state st;
	wf_status to;
	json_t *before = NULL, *after = NULL;
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = reports_state(r->db, id, r->user, &st)) ||
	    (e = wf_check(st.status, a, &st.actor, !blank(reason), &to, &te)))
		goto fail;
	if (st.version != version) {
		db_rollback(r->db);
		return stale(r);
	}
	if ((e = reports_snapshot(r->db, id, &before)) ||
	    (e = reports_transition(r->db, &st, a, to, blank(reason) ? NULL : reason,
				    r->user->id)) ||
	    (e = reports_snapshot(r->db, id, &after)) ||
	    (e = store_audit(r->db, r->user, r->client_ip, "reports", id, wf_action_name(a), before,
			     after)) ||
	    (e = db_commit(r->db)))
		goto fail;
	json_decref(before);
	json_decref(after);
	cube_follow(r, id);
	return reply_report(r, 200, id);
fail:
	db_rollback(r->db);
	json_decref(before);
	json_decref(after);
	return api_fail_store(r, e, &te);
}

static tderr handle_reports_submit(http_req *r) { return act(r, WF_SUBMIT); }
static tderr handle_reports_approve(http_req *r) { return act(r, WF_APPROVE); }
static tderr handle_reports_return(http_req *r) { return act(r, WF_RETURN); }
static tderr handle_reports_reopen(http_req *r) { return act(r, WF_REOPEN); }

/* ---- evidence files ---- */

/* The caller may change the report's evidence now (WF_EDIT); st filled. */
static tderr require_edit(http_req *r, int64_t id, report_state *st)
{
	td_error te = {0};
	tderr e = reports_state(r->db, id, r->user, st);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (wf_check(st->status, WF_EDIT, &st->actor, 0, NULL, &te))
		return api_fail_te(r, &te);
	return TD_OK;
}

/* Records an attach/detach of a file: an event and an audit row. */
static tderr file_event(http_req *r, const report_state *st, const char *action,
			const evidence_meta *m, int added)
{
	json_t *j = evidence_meta_json(m);
	tderr e = reports_event(r->db, st->id, action, st->status, m->name, r->user->id);
	if (!e)
		e = store_audit(r->db, r->user, r->client_ip, "reports", st->id, action,
				added ? NULL : j, added ? j : NULL);
	json_decref(j);
	return e;
}

static tderr handle_files_upload(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	report_state st;
	evidence_meta m = {.report_id = id};
	const char *raw = NULL, *ctype = NULL;
	td_error te = {0};
	tderr e;
	if ((e = require_edit(r, id, &st)) || (e = req_query(r, "name", &raw)))
		return e;
	if (evidence_clean_name(raw, m.name, sizeof m.name, &te) ||
	    evidence_check(m.name, r->body, r->body_len, &ctype, &te))
		return api_fail_te(r, &te);
	snprintf(m.content_type, sizeof m.content_type, "%s", ctype);
	m.size = (int64_t)r->body_len;
	/* the content first, outside the transaction: a failed commit leaves at worst
	 * an unreferenced file, never a row without its content */
	if ((e = evidence_put(r->body, r->body_len, m.sha256)))
		return req_fail(r, e, e == TD_EUNAVAIL ? "storage_unavailable" : NULL,
				e == TD_EUNAVAIL ? "Chưa cấu hình nơi lưu tệp minh chứng" : NULL, NULL);
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = reports_state(r->db, id, r->user, &st)) ||
	    (e = wf_check(st.status, WF_EDIT, &st.actor, 0, NULL, &te)) ||
	    (e = evidence_insert(r->db, id, m.name, m.content_type, r->body_len, m.sha256,
				 r->user->id, &m.id)) ||
	    (e = file_event(r, &st, "attach", &m, 1)) || (e = db_commit(r->db))) {
		db_rollback(r->db);
		return api_fail_store(r, e, &te);
	}
	return req_reply_json(r, 201, evidence_meta_json(&m));
}

/* Content-Disposition for a stored name: an ASCII fallback and the UTF-8 name. */
static const char *disposition(http_req *r, const char *name)
{
	size_t n = strlen(name);
	char *ascii = arena_alloc(r->a, n + 1), *pct = arena_alloc(r->a, 3 * n + 1);
	if (!ascii || !pct)
		return "attachment";
	static const char hex[] = "0123456789ABCDEF";
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		ascii[i] = (char)((c < 0x20 || c > 0x7e || c == '"' || c == '\\') ? '_' : c);
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '-' || c == '_') {
			pct[j++] = (char)c;
		} else {
			pct[j++] = '%';
			pct[j++] = hex[c >> 4];
			pct[j++] = hex[c & 15];
		}
	}
	ascii[n] = 0;
	pct[j] = 0;
	return arena_printf(r->a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, pct);
}

static tderr handle_files_download(http_req *r)
{
	int64_t id, fid;
	if (req_param_id(r, 0, &id) || req_param_id(r, 1, &fid))
		return TD_ENOTFOUND;
	evidence_meta m;
	tderr e = evidence_get(r->db, id, fid, &m);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	if (m.size < 0 || (uint64_t)m.size > EVIDENCE_SIZE_MAX)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	char *buf = arena_alloc(r->a, (size_t)m.size + 1);
	if (!buf)
		return req_fail(r, TD_EINTERNAL, NULL, NULL, NULL);
	if ((e = evidence_read(m.sha256, buf, (size_t)m.size)))
		return req_fail(r, e == TD_ENOTFOUND ? TD_EINTERNAL : e, "file_unreadable",
				"Không đọc được tệp minh chứng", NULL);
	r->out = buf;
	r->out_len = (size_t)m.size;
	r->status = 200;
	r->content_type = arena_strdup(r->a, m.content_type);
	req_add_header(r, "Content-Disposition", disposition(r, m.name));
	req_add_header(r, "X-Content-SHA256", arena_strdup(r->a, m.sha256));
	return TD_OK;
}

static tderr handle_files_delete(http_req *r)
{
	int64_t id, fid;
	if (req_param_id(r, 0, &id) || req_param_id(r, 1, &fid))
		return TD_ENOTFOUND;
	report_state st;
	evidence_meta m;
	td_error te = {0};
	tderr e;
	if ((e = db_begin(r->db)))
		return req_store_fail(r, e, NULL, NULL);
	if ((e = reports_state(r->db, id, r->user, &st)) ||
	    (e = wf_check(st.status, WF_EDIT, &st.actor, 0, NULL, &te)) ||
	    (e = evidence_get(r->db, id, fid, &m)) || (e = evidence_delete(r->db, id, fid)) ||
	    (e = file_event(r, &st, "detach", &m, 0)) || (e = db_commit(r->db))) {
		db_rollback(r->db);
		return api_fail_store(r, e, &te);
	}
	return req_reply_empty(r, 204);
}

#define ENTERS (ROLE_LEADER | ROLE_OFFICER)

const route api_reports_routes[] = {
	{"GET", "/api/v1/reports", handle_reports_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/reports", handle_reports_create, ENTERS, ACCESS_NONE},
	{"GET", "/api/v1/reports/{id}", handle_reports_get, ROLE_ANY, ACCESS_REPORT},
	{"PUT", "/api/v1/reports/{id}", handle_reports_put, ENTERS, ACCESS_REPORT},
	{"POST", "/api/v1/reports/{id}/submit", handle_reports_submit, ENTERS, ACCESS_REPORT},
	{"POST", "/api/v1/reports/{id}/approve", handle_reports_approve, ROLE_LEADER, ACCESS_REPORT},
	{"POST", "/api/v1/reports/{id}/return", handle_reports_return, ROLE_LEADER, ACCESS_REPORT},
	{"POST", "/api/v1/reports/{id}/reopen", handle_reports_reopen, ROLE_LEADER, ACCESS_REPORT},
	{"POST", "/api/v1/reports/{id}/files", handle_files_upload, ENTERS, ACCESS_REPORT, NULL,
	 EVIDENCE_SIZE_MAX},
	{"GET", "/api/v1/reports/{id}/files/{file_id}", handle_files_download, ROLE_ANY,
	 ACCESS_REPORT},
	{"DELETE", "/api/v1/reports/{id}/files/{file_id}", handle_files_delete, ENTERS,
	 ACCESS_REPORT},
};
const size_t api_reports_routes_count = sizeof api_reports_routes / sizeof api_reports_routes[0];
