/* documents.c — /api/v1/documents: the leadership and direction documents behind
 * the plans, with the day each was due so late direction shows (`late`,
 * `days_late`). The issuing organisation, the plan's owner and administrators
 * record and correct them. */
#include "api/api.h"
#include "api/write.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/jsonv.h"
#include "core/period.h"
#include "store/documents.h"
#include "store/store.h"
#include <string.h>

static tderr forbidden(http_req *r)
{
	return req_fail(r, TD_EFORBIDDEN, "not_allowed",
			"Chỉ cơ quan ban hành, cơ quan chủ trì kế hoạch hoặc quản trị viên được ghi"
			" văn bản này",
			NULL);
}

/* plan, unit, organization, year, q, paging, and the caller's scope. */
static tderr read_base(http_req *r, pf_filter *g, char path[UNIT_PATH_MAX])
{
	const char *unit = NULL;
	tderr e;
	if ((e = req_paging(r, &g->limit, &g->offset)) ||
	    (e = req_query_int(r, "plan", 1, INT64_MAX, &g->plan_id, &g->has_plan)) ||
	    (e = req_query_int(r, "organization", 1, INT64_MAX, &g->org_id, &g->has_org)) ||
	    (e = req_query_int(r, "year", PERIOD_YEAR_MIN, PERIOD_YEAR_MAX, &g->year, &g->has_year)) ||
	    (e = req_query_opt(r, "unit", &unit)) || (e = req_query_opt(r, "q", &g->q)))
		return e;
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
	g->read_path = r->user->unit_path ? r->user->unit_path : "-";
	return TD_OK;
}

static tderr handle_documents_list(http_req *r)
{
	document_filter f = {0};
	char path[UNIT_PATH_MAX];
	int64_t late = 0;
	tderr e;
	if ((e = read_base(r, &f.base, path)) || (e = req_query_opt(r, "kind", &f.kind)) ||
	    (e = req_query_int(r, "late", 0, 1, &late, NULL)))
		return e;
	int ok = !f.kind;
	for (size_t i = 0; !ok && document_kinds[i]; i++)
		ok = strcmp(f.kind, document_kinds[i]) == 0;
	if (!ok)
		return req_fail(r, TD_EBADREQ, "bad_kind", "Loại văn bản không hợp lệ", "kind");
	f.late_only = (int)late;
	json_t *items = NULL;
	int64_t total = 0;
	e = documents_list(r->db, &f, &items, &total);
	if (e == TD_EINVALID)
		return req_fail(r, TD_EBADREQ, "bad_query", "Từ khóa tìm kiếm không hợp lệ", "q");
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_list(r, items, total);
}

static tderr handle_documents_get(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *d = NULL;
	tderr e = documents_get(r->db, id, &d);
	if (e)
		return req_store_fail(r, e, NULL, NULL);
	return req_reply_json(r, 200, d);
}

/* number, kind, title, issued_on, due_on, summary (the first four required on
 * create). A document is recorded once issued: issued_on is not after today. */
static tderr read_fields(http_req *r, json_t *body, int required, document_input *in)
{
	td_error te = {0};
	if (jv_str(body, "number", required, DOCUMENT_NUMBER_MAX, &in->number, NULL, &te) ||
	    jv_enum(body, "kind", required, document_kinds, &in->kind, NULL, &te) ||
	    jv_str(body, "title", required, DOCUMENT_TITLE_MAX, &in->title, NULL, &te) ||
	    jv_date(body, "issued_on", required, 0, &in->issued_on, NULL, &te) ||
	    jv_date(body, "due_on", JV_OPTIONAL, 1, &in->due_on, &in->set_due, &te) ||
	    jv_str(body, "summary", JV_OPTIONAL, DOCUMENT_SUMMARY_MAX, &in->summary, NULL, &te))
		return api_fail_te(r, &te);
	static const char *const keys[] = {"number", "title"};
	const char *vals[] = {in->number, in->title};
	for (size_t i = 0; i < 2; i++)
		if (vals[i] && vals[i][strspn(vals[i], " \t\r\n")] == 0)
			return req_fail(r, TD_EINVALID, "required", "Trường bắt buộc", keys[i]);
	char day[16];
	clock_today_vn(day, sizeof day);
	if (in->issued_on && strcmp(in->issued_on, day) > 0)
		return req_fail(r, TD_EINVALID, "issued_in_future",
				"Ngày ban hành không được sau hôm nay", "issued_on");
	return TD_OK;
}

/* Reads plan_id (null: none) into in; the plan must be visible. *owner is its
 * owner, 0 without a plan. */
static tderr read_plan(http_req *r, json_t *body, document_input *in, int64_t *owner)
{
	json_t *v = json_object_get(body, "plan_id");
	if (!v)
		return TD_OK;
	in->set_plan = 1;
	*owner = 0;
	if (json_is_null(v))
		return TD_OK;
	td_error te = {0};
	pf_plan plan;
	tderr e;
	if (jv_int(body, "plan_id", JV_REQUIRED, 1, INT64_MAX, &in->plan_id, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = pf_plan_for_user(r->db, r->user, in->plan_id, "plan_id", &plan, &te)))
		return api_fail_store(r, e, &te);
	*owner = plan.owner_id;
	return TD_OK;
}

static tderr doc_write(http_req *r, int64_t id, const document_input *in, int create)
{
	audited_write w;
	tderr e = audited_begin(r, &w, "documents", create ? 0 : id);
	if (e)
		return e;
	if (!create)
		e = documents_get(r->db, id, &w.before);
	if (!e)
		e = create ? documents_create(r->db, in, &w.id, &w.te) : documents_update(r->db, id, in, &w.te);
	if (!e)
		e = documents_get(r->db, w.id, &w.after);
	return audited_end(r, &w, e);
}

static tderr handle_documents_create(http_req *r)
{
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	document_input in = {0};
	td_error te = {0};
	const char *unit = NULL;
	int64_t owner = 0;
	in.issuer_id = r->user->org_id;
	if (jv_int(body, "issuer_id", JV_OPTIONAL, 1, INT64_MAX, &in.issuer_id, NULL, &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = read_plan(r, body, &in, &owner)) ||
	    (e = access_require_org_read(r, in.issuer_id, "issuer_id")))
		return e;
	if ((e = pf_record_unit(r->db, r->user, unit, NULL, in.issuer_id, "issuer_id", &in.unit_id,
				&te)))
		return api_fail_store(r, e, &te);
	fu_actor who = {r->user->role, r->user->org_id == in.issuer_id,
			owner && r->user->org_id == owner, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	if ((e = read_fields(r, body, JV_REQUIRED, &in)))
		return e;
	return doc_write(r, 0, &in, 1);
}

static tderr handle_documents_update(http_req *r)
{
	int64_t id;
	if (req_param_id(r, 0, &id))
		return TD_ENOTFOUND;
	json_t *body;
	tderr e = req_body_object(r, &body);
	if (e)
		return e;
	document_facts cur = {0};
	if ((e = documents_facts(r->db, id, &cur)))
		return req_store_fail(r, e, NULL, NULL);
	fu_actor who = {r->user->role, r->user->org_id == cur.issuer_id,
			cur.has_plan && r->user->org_id == cur.plan_owner, 0};
	if (!followup_may_write(&who))
		return forbidden(r);
	document_input in = {0};
	td_error te = {0};
	const char *unit = NULL;
	int64_t owner = cur.has_plan ? cur.plan_owner : 0;
	if (jv_int(body, "version", JV_REQUIRED, 1, INT64_MAX, &in.version, NULL, &te) ||
	    jv_int(body, "issuer_id", JV_OPTIONAL, 1, INT64_MAX, &in.issuer_id, NULL, &te) ||
	    jv_str(body, "unit", JV_OPTIONAL, UNIT_CODE_MAX, &unit, NULL, &te))
		return api_fail_te(r, &te);
	if ((e = read_plan(r, body, &in, &owner)))
		return e;
	if (in.issuer_id == cur.issuer_id)
		in.issuer_id = 0;
	int64_t issuer = in.issuer_id ? in.issuer_id : cur.issuer_id;
	if (in.issuer_id && (e = access_require_org_read(r, in.issuer_id, "issuer_id")))
		return e;
	if ((unit || in.issuer_id) &&
	    (e = pf_record_unit(r->db, r->user, unit, cur.unit_path, issuer, "issuer_id",
				&in.unit_id, &te)))
		return api_fail_store(r, e, &te);
	/* the change must leave the record in the hands of someone who may write it */
	fu_actor after = {r->user->role, r->user->org_id == issuer, owner && r->user->org_id == owner, 0};
	if (!followup_may_write(&after))
		return forbidden(r);
	if ((e = read_fields(r, body, JV_OPTIONAL, &in)))
		return e;
	return doc_write(r, id, &in, 0);
}

#define WRITERS (ROLE_ADMIN | ROLE_LEADER | ROLE_OFFICER)

const route api_documents_routes[] = {
	{"GET", "/api/v1/documents", handle_documents_list, ROLE_ANY, ACCESS_NONE},
	{"POST", "/api/v1/documents", handle_documents_create, WRITERS, ACCESS_NONE},
	{"GET", "/api/v1/documents/{id}", handle_documents_get, ROLE_ANY, ACCESS_RECORD,
	 "documents"},
	{"PATCH", "/api/v1/documents/{id}", handle_documents_update, WRITERS, ACCESS_RECORD,
	 "documents"},
};
const size_t api_documents_routes_count =
	sizeof api_documents_routes / sizeof api_documents_routes[0];
